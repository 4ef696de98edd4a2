//! DOCX: the Markdown the templates produced, walked with pulldown-cmark into
//! real Word structure (docx-rs): built-in heading styles with outline levels,
//! numbered and bulleted lists, tables with a repeated shaded header row,
//! quotes, emphasis, links, page breaks, comments for examiner's notes. One
//! template source serves every format.
//!
//! Pictures: `![alt](name)` embeds the PNG named `name` in
//! [`DocInfo::images`] inline at the text width, its alt text (the image's
//! own description, else the Markdown's) written as `descr` on `wp:docPr`
//! for screen readers; a name not in the map leaves the alt text as text.
//!
//! Bytes are deterministic: docx-rs's id counters are reset per document,
//! hyperlink ids are ours, document dates are fixed, and the package is
//! repacked deflated with fixed zip timestamps.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Comment, Docx, Footer, Header, Hyperlink,
    HyperlinkData, HyperlinkType, IndentLevel, Level, LevelJc, LevelText, NumPages, NumberFormat,
    Numbering, NumberingId, PageMargin, PageNum, PageNumType, PageSize, Paragraph, Pic, Run,
    RunFonts, Section, SpecialIndentType, Start, Table,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Layout, Paper};
use crate::plan::EssayPlan;

mod styles;
mod table;

use table::TableState;

/// Document-level facts: properties, header and page.
#[derive(Debug, Clone)]
pub struct DocInfo {
    /// Document title property (the question).
    pub title: String,
    /// Subject property (the map's title).
    pub subject: String,
    /// The running header.
    pub header: String,
    /// Paper, base font and size, language.
    pub layout: Layout,
    /// Pictures the Markdown may show as `![alt](name)`, by name.
    pub images: BTreeMap<String, DocImage>,
}

/// A PNG to embed, with the words a screen reader says for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocImage {
    pub png: Vec<u8>,
    /// The picture described in words (empty: the Markdown's alt text).
    pub alt: String,
    /// How wide it is drawn, in per cent of the text width.
    pub width_percent: u8,
}

impl DocInfo {
    /// The running header of a plan: the map's title and the student's name.
    fn header_for(plan: &EssayPlan) -> String {
        match &plan.student {
            Some(s) => format!("{} · {s}", plan.map_title),
            None => plan.map_title.clone(),
        }
    }

    pub fn for_plan(plan: &EssayPlan, layout: &Layout) -> Self {
        Self {
            title: plan.question.text.clone(),
            subject: plan.map_title.clone(),
            header: Self::header_for(plan),
            layout: layout.clone(),
            images: super::pictures::docx_images(plan),
        }
    }
}

const BULLET_ABSTRACT: usize = 2;
const BULLET_NUM: usize = 2;
/// Ordered lists get their own numbering instances from here up (ids 1 and
/// 2 are taken: docx-rs's own 1, our bullets 2), so each restarts at 1.
const FIRST_ORDERED: usize = 3;
/// A fixed timestamp for the document properties.
const FIXED_DATE: &str = "2000-01-01T00:00:00Z";
/// Text width in twips (A4 less 2 cm margins, near enough for Letter).
const TEXT_WIDTH: usize = 9638;

fn indent_for(level: usize) -> i32 {
    720 * (level as i32 + 1)
}

/// Six list levels, each indented a step further, with the level's number
/// format and text.
fn numbering(id: usize, level: impl Fn(usize) -> (&'static str, String)) -> AbstractNumbering {
    (0..6).fold(AbstractNumbering::new(id), |a, l| {
        let (format, text) = level(l);
        a.add_level(
            Level::new(
                l,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent_for(l)),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        )
    })
}

fn bullet_numbering() -> AbstractNumbering {
    let glyphs = ["•", "◦", "▪"];
    numbering(BULLET_ABSTRACT, |l| ("bullet", glyphs[l % 3].to_string()))
}

fn ordered_numbering(id: usize) -> AbstractNumbering {
    let formats = ["decimal", "lowerLetter", "lowerRoman"];
    numbering(id, |l| (formats[l % 3], format!("%{}.", l + 1)))
}

/// Inline formatting in force.
#[derive(Default, Clone, Copy)]
struct Inline {
    bold: bool,
    italic: bool,
    code: bool,
}

/// A paragraph being assembled.
struct Open {
    paragraph: Paragraph,
    empty: bool,
}

struct ListState {
    num_id: usize,
}

/// A top-level block, collected in order and added to the document at the
/// end (adding one by one would move the whole document each time).
enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

struct Writer {
    blocks: Vec<Block>,
    /// Numbering definitions for ordered lists, added at the end.
    numberings: Vec<usize>,
    open: Option<Open>,
    inline: Inline,
    lists: Vec<ListState>,
    quote: usize,
    heading: Option<&'static str>,
    table: Option<TableState>,
    link: Option<(String, Vec<Run>)>,
    next_num: usize,
    next_comment: usize,
    next_link: usize,
    notes: HashMap<String, String>,
    in_footnote: bool,
    code_block: bool,
    /// The body size in half-points (table widths follow it).
    body_size: u32,
    pictures: Pictures,
}

/// Pictures: the PNGs available, the image being read (its name and the
/// alt text gathered so far), and each embedded picture's name and alt
/// text in document order, for `wp:docPr`.
#[derive(Default)]
struct Pictures {
    images: BTreeMap<String, DocImage>,
    reading: Option<(String, String)>,
    placed: Vec<(String, String)>,
}

/// A PNG's size in pixels, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || !png.starts_with(b"\x89PNG\r\n\x1a\n") || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

/// EMUs per twip.
const EMU_PER_TWIP: u64 = 635;
/// The tallest a picture is drawn: 22 cm in EMUs.
const MAX_PICTURE_HEIGHT: u64 = 22 * 360_000;

impl Writer {
    /// The image whose `![alt](name)` just ended: embedded when `name` is
    /// one of ours, else its alt text stays as text.
    fn picture(&mut self) {
        let Some((name, alt)) = self.pictures.reading.take() else {
            return;
        };
        let found = self
            .pictures
            .images
            .get(&name)
            .and_then(|image| Some((image, png_size(&image.png)?)));
        let Some((image, (w_px, h_px))) = found else {
            self.text(&alt);
            return;
        };
        let width =
            TEXT_WIDTH as u64 * EMU_PER_TWIP * u64::from(image.width_percent.clamp(10, 100)) / 100;
        let mut size = (width, width * u64::from(h_px) / u64::from(w_px));
        if size.1 > MAX_PICTURE_HEIGHT {
            size = (size.0 * MAX_PICTURE_HEIGHT / size.1, MAX_PICTURE_HEIGHT);
        }
        let n = self.pictures.placed.len() + 1;
        let pic = Pic::new_with_dimensions(image.png.clone(), w_px, h_px)
            .id(format!("rIdImage{n}"))
            .size(size.0 as u32, size.1 as u32);
        let descr = if image.alt.trim().is_empty() {
            alt
        } else {
            image.alt.clone()
        };
        self.pictures.placed.push((name, descr));
        self.push_run(Run::new().add_image(pic));
        if let Some(open) = &mut self.open {
            open.paragraph = std::mem::take(&mut open.paragraph).align(AlignmentType::Center);
        }
    }

    fn style(&self) -> &'static str {
        if let Some(h) = self.heading {
            h
        } else if self.table.is_some() {
            "TableText"
        } else if !self.lists.is_empty() {
            "ListParagraph"
        } else if self.quote > 0 {
            "Quote"
        } else {
            "Normal"
        }
    }

    fn begin(&mut self) {
        if self.open.is_some() {
            return;
        }
        let mut p = Paragraph::new().style(self.style());
        if let Some(list) = self.lists.last()
            && self.table.is_none()
            && self.heading.is_none()
        {
            p = p.numbering(
                NumberingId::new(list.num_id),
                IndentLevel::new(self.lists.len() - 1),
            );
        } else if !self.lists.is_empty() && self.table.is_none() {
            p = p.indent(Some(indent_for(self.lists.len() - 1)), None, None, None);
        }
        if self.heading.is_some() {
            p = p.keep_next(true);
        }
        self.open = Some(Open {
            paragraph: p,
            empty: true,
        });
    }

    fn end(&mut self) {
        let Some(open) = self.open.take() else { return };
        if let Some(t) = &mut self.table {
            t.end_cell(open.paragraph);
            return;
        }
        self.blocks.push(Block::Paragraph(Box::new(open.paragraph)));
    }

    fn run(&self, text: &str) -> Run {
        let mut r = Run::new().add_text(text);
        if self.inline.bold {
            r = r.bold();
        }
        if self.inline.italic {
            r = r.italic();
        }
        if self.inline.code || self.code_block {
            r = r
                .fonts(RunFonts::new().ascii("Consolas").hi_ansi("Consolas"))
                .size(20);
        }
        r
    }

    fn push_run(&mut self, run: Run) {
        if let Some((_, runs)) = &mut self.link {
            runs.push(run);
            return;
        }
        self.begin();
        if let Some(open) = &mut self.open {
            open.paragraph = std::mem::take(&mut open.paragraph).add_run(run);
            open.empty = false;
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_footnote {
            return;
        }
        if let Some((_, alt)) = &mut self.pictures.reading {
            alt.push_str(text);
            return;
        }
        if let Some(t) = &mut self.table {
            t.text(text);
        }
        let run = self.run(text);
        self.push_run(run);
    }

    fn page_break(&mut self) {
        self.end();
        self.blocks.push(Block::Paragraph(Box::new(
            Paragraph::new()
                .style("Normal")
                .add_run(Run::new().add_break(BreakType::Page)),
        )));
    }

    fn writing_space(&mut self, lines: usize) {
        self.end();
        for _ in 0..lines.min(40) {
            self.blocks.push(Block::Paragraph(Box::new(
                Paragraph::new().style("WritingSpace"),
            )));
        }
    }

    fn html(&mut self, html: &str) {
        let t = html.trim();
        if t == "<!-- pagebreak -->" {
            self.page_break();
        } else if let Some(n) = t
            .strip_prefix("<!-- lines:")
            .and_then(|r| r.strip_suffix("-->"))
        {
            self.writing_space(n.trim().parse().unwrap_or(5));
        }
        // Other raw HTML is not map text (that is escaped); it is dropped.
    }

    fn comment(&mut self, label: &str) {
        let Some(text) = self.notes.get(label).cloned() else {
            return;
        };
        let id = self.next_comment;
        self.next_comment += 1;
        self.begin();
        let comment = Comment::new(id)
            .author("Examiner")
            .date(FIXED_DATE)
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)));
        if let Some(open) = &mut self.open {
            open.paragraph = std::mem::take(&mut open.paragraph)
                .add_comment_start(comment)
                .add_comment_end(id);
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.finish(tag),
            Event::Text(t) => {
                if self.code_block {
                    for (i, line) in t.lines().enumerate() {
                        if i > 0 {
                            self.end();
                        }
                        self.text(line);
                    }
                } else {
                    self.text(&t);
                }
            }
            Event::Code(t) => {
                let saved = self.inline;
                self.inline.code = true;
                self.text(&t);
                self.inline = saved;
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push_run(Run::new().add_break(BreakType::TextWrapping)),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            Event::Rule => self.page_break(),
            Event::FootnoteReference(label) => self.comment(&label),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                // A list item's text may already have opened its paragraph.
                if self.open.as_ref().is_some_and(|o| !o.empty) {
                    self.end();
                }
                self.begin();
            }
            Tag::Heading { level, .. } => {
                self.end();
                self.heading = Some(match level {
                    HeadingLevel::H1 => "Title",
                    HeadingLevel::H2 => "Heading1",
                    HeadingLevel::H3 => "Heading2",
                    _ => "Heading3",
                });
                self.begin();
            }
            Tag::BlockQuote(_) => {
                self.end();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.end();
                self.code_block = true;
            }
            Tag::List(start) => {
                self.end();
                let num_id = match start {
                    None => BULLET_NUM,
                    Some(_) => {
                        let id = self.next_num;
                        self.next_num += 1;
                        self.numberings.push(id);
                        id
                    }
                };
                self.lists.push(ListState { num_id });
            }
            Tag::Item => {
                self.end();
                self.begin();
            }
            Tag::Table(aligns) => {
                self.end();
                self.table = Some(TableState::new(aligns));
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {}
            Tag::TableCell => self.begin(),
            Tag::Emphasis => self.inline.italic = true,
            Tag::Strong => self.inline.bold = true,
            Tag::Link { dest_url, .. } => self.link = Some((dest_url.to_string(), Vec::new())),
            Tag::FootnoteDefinition(_) => {
                self.end();
                self.in_footnote = true;
            }
            Tag::Image { dest_url, .. } => {
                self.pictures.reading = Some((dest_url.to_string(), String::new()));
            }
            _ => {}
        }
    }

    fn finish(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end(),
            TagEnd::Heading(_) => {
                self.end();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.end();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.end();
                self.code_block = false;
            }
            TagEnd::List(_) => {
                self.end();
                self.lists.pop();
            }
            TagEnd::Item => self.end(),
            TagEnd::TableCell => {
                if self.open.is_none() {
                    self.begin();
                }
                self.end();
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    t.end_row();
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let table = t.finish(TEXT_WIDTH, self.body_size);
                    self.blocks.push(Block::Table(Box::new(table)));
                    self.blocks
                        .push(Block::Paragraph(Box::new(Paragraph::new().style("Normal"))));
                }
            }
            TagEnd::Emphasis => self.inline.italic = false,
            TagEnd::Strong => self.inline.bold = false,
            TagEnd::Link => {
                if let Some((url, runs)) = self.link.take() {
                    let mut link = Hyperlink::new(url, HyperlinkType::External);
                    if let HyperlinkData::External { rid, .. } = &mut link.link {
                        *rid = format!("rIdHyperlink{}", self.next_link);
                    }
                    self.next_link += 1;
                    for r in runs {
                        link = link.add_run(r.underline("single").color("0563C1"));
                    }
                    self.begin();
                    if let Some(open) = &mut self.open {
                        open.paragraph = std::mem::take(&mut open.paragraph).add_hyperlink(link);
                        open.empty = false;
                    }
                }
            }
            TagEnd::FootnoteDefinition => self.in_footnote = false,
            TagEnd::Image => self.picture(),
            _ => {}
        }
    }
}

fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Footnote definitions by label, as plain text (for Word comments).
fn footnotes(md: &str) -> HashMap<String, String> {
    let mut notes = HashMap::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(md, markdown_options()) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_string(), String::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, text)) = current.take() {
                    notes.insert(label, text.trim().to_string());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak => {
                if let Some((_, text)) = &mut current {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    notes
}

fn xml_escape(s: &str) -> String {
    super::xmltext::escape(s)
}

fn core_properties(info: &DocInfo) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>essayplan</dc:creator><cp:lastModifiedBy>essayplan</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified></cp:coreProperties>"#,
        xml_escape(&info.title),
        xml_escape(&info.subject)
    )
    .into_bytes()
}

/// Give each picture's `wp:docPr` its own id, its name and its alt text
/// (docx-rs 0.4.22 writes `id="1" name="Figure"` for all, and no `descr`).
fn describe_pictures(document: Vec<u8>, placed: &[(String, String)]) -> Vec<u8> {
    const DOC_PR: &str = r#"<wp:docPr id="1" name="Figure" />"#;
    if placed.is_empty() {
        return document;
    }
    let text = String::from_utf8_lossy(&document);
    let mut out = String::with_capacity(text.len() + 512);
    let mut rest: &str = &text;
    for (i, (name, alt)) in placed.iter().enumerate() {
        let Some(at) = rest.find(DOC_PR) else { break };
        out.push_str(&rest[..at]);
        out.push_str(&format!(
            r#"<wp:docPr id="{}" name="{}" descr="{}" />"#,
            i + 1,
            xml_escape(name),
            xml_escape(alt)
        ));
        rest = &rest[at + DOC_PR.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Make each table's first row (its Markdown header) a header row that
/// repeats on every page (docx-rs 0.4.22 has no setter for `w:tblHeader`).
/// Every row is written with `cantSplit`; the first in each table gains
/// `tblHeader` beside it.
fn mark_header_rows(document: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&document);
    let mut out = String::with_capacity(text.len() + 64);
    for (i, chunk) in text.split("<w:tbl>").enumerate() {
        if i > 0 {
            out.push_str("<w:tbl>");
            out.push_str(&chunk.replacen("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />", 1));
        } else {
            out.push_str(chunk);
        }
    }
    out.into_bytes()
}

/// Rewrite every `w:sectPr` in the schema's order (docx-rs 0.4.22 writes
/// the header and footer references after the page size, which strict
/// readers refuse), and give every section the document's footer: docx-rs
/// drops a section's own footer when it also has a header, and a section
/// without a footer reference would print none.
fn order_section_properties(document: Vec<u8>) -> Vec<u8> {
    const ORDER: [&str; 12] = [
        "headerReference",
        "footerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "pgNumType",
        "cols",
        "titlePg",
        "textDirection",
        "docGrid",
    ];
    let text = String::from_utf8_lossy(&document);
    let footer = text
        .find("<w:footerReference ")
        .and_then(|at| text[at..].find("/>").map(|end| &text[at..at + end + 2]))
        .map(str::to_string);
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest: &str = &text;
    while let Some(start) = rest.find("<w:sectPr>") {
        let inner_start = start + "<w:sectPr>".len();
        let Some(len) = rest[inner_start..].find("</w:sectPr>") else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        out.push_str(&rest[..inner_start]);
        if inner.contains("</") {
            out.push_str(inner);
        } else {
            let mut elements: Vec<&str> = inner
                .split_inclusive("/>")
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .collect();
            if !inner.contains("<w:footerReference ")
                && let Some(f) = &footer
            {
                elements.push(f);
            }
            let rank = |e: &str| {
                let name = e
                    .trim_start_matches("<w:")
                    .split([' ', '/'])
                    .next()
                    .unwrap_or("");
                ORDER.iter().position(|o| *o == name).unwrap_or(ORDER.len())
            };
            elements.sort_by_key(|e| rank(e));
            out.push_str(&elements.concat());
        }
        out.push_str("</w:sectPr>");
        rest = &rest[inner_start + len + "</w:sectPr>".len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// docx-rs 0.4.22 orders header (and footer) parts by their relationship
/// ids as strings, so with ten or more the tenth header is written as
/// `header2.xml` while `rIdHeader10` still points at `header10.xml`. Give
/// each part back the name its id points at.
fn renumber_headers_and_footers(parts: &mut [(String, Vec<u8>)]) {
    for kind in ["header", "footer"] {
        let number = |name: &str| -> Option<usize> {
            let rest = name
                .strip_prefix("word/_rels/")
                .or_else(|| name.strip_prefix("word/"))?;
            let rest = rest.strip_prefix(kind)?;
            let digits = rest
                .strip_suffix(".xml.rels")
                .or_else(|| rest.strip_suffix(".xml"))?;
            digits.parse().ok()
        };
        let count = parts
            .iter()
            .filter_map(|(n, _)| number(n))
            .max()
            .unwrap_or(0);
        if count < 10 {
            continue;
        }
        let mut ids: Vec<String> = (1..=count).map(|i| i.to_string()).collect();
        ids.sort();
        for (name, _) in parts.iter_mut() {
            if let Some(i) = number(name)
                && let Some(id) = ids.get(i - 1)
            {
                let written = format!("{kind}{i}.xml");
                *name = name.replace(&written, &format!("{kind}{id}.xml"));
            }
        }
    }
}

/// Convert Markdown into DOCX bytes (empty if it cannot be built: prefer
/// [`try_from_markdown`], which says why).
pub fn from_markdown(md: &str, info: &DocInfo) -> Vec<u8> {
    try_from_markdown(md, info).unwrap_or_default()
}

/// Most paragraphs (and table rows) one document may have: a plan has a
/// few hundred; a template that loops out writing space is stopped here,
/// before it uses gigabytes.
pub const MAX_PARAGRAPHS: usize = 50_000;

/// A Word document that could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error(
        "the Word document would have more than {MAX_PARAGRAPHS} paragraphs; the template's output is too long"
    )]
    TooLarge,
    #[error("cannot build the Word document: {0}")]
    Pack(String),
}

impl DocxError {
    pub fn hint(&self) -> &'static str {
        match self {
            Self::TooLarge => {
                "look for a loop in the template that repeats `<!-- lines -->` or page breaks"
            }
            Self::Pack(_) => "",
        }
    }
}

/// Convert Markdown into DOCX bytes, or say why not.
pub fn try_from_markdown(md: &str, info: &DocInfo) -> Result<Vec<u8>, DocxError> {
    Package::try_from_markdown(md, info)?.try_to_docx()
}

/// A DOCX package in memory: its parts, uncompressed and in order, ready to
/// be zipped. A batch builds one per kind of plan and fills in each
/// student's name ([`Package::with_text_replaced`]) instead of converting
/// the same Markdown again.
#[derive(Debug, Clone)]
pub struct Package {
    parts: Vec<(String, Vec<u8>)>,
}

impl Package {
    /// Convert Markdown into the parts of a DOCX package (empty if it
    /// cannot be built: prefer [`Package::try_from_markdown`]).
    pub fn from_markdown(md: &str, info: &DocInfo) -> Self {
        Self::try_from_markdown(md, info).unwrap_or(Self { parts: Vec::new() })
    }

    /// An empty package laid out for sections (each with its own header,
    /// pages numbered from 1, "Page N" footers): the frame a streamed
    /// combined document is written into.
    pub fn section_frame(info: &DocInfo) -> Result<Self, DocxError> {
        let (stored, pictures) = build_sections(std::iter::empty(), info, &mut || {}, true)?;
        Self::unpack(stored, info, &pictures).map_err(|e| DocxError::Pack(e.to_string()))
    }

    /// Convert Markdown into the parts of a DOCX package. Characters XML
    /// forbids are removed from the text first.
    pub fn try_from_markdown(md: &str, info: &DocInfo) -> Result<Self, DocxError> {
        use super::xmltext::strip_forbidden;
        let info = DocInfo {
            title: strip_forbidden(&info.title).into_owned(),
            subject: strip_forbidden(&info.subject).into_owned(),
            header: strip_forbidden(&info.header).into_owned(),
            layout: info.layout.clone(),
            images: info.images.clone(),
        };
        let (stored, pictures) = build_stored(&strip_forbidden(md), &info)?;
        Self::unpack(stored, &info, &pictures).map_err(|e| DocxError::Pack(e.to_string()))
    }

    fn unpack(
        stored: Vec<u8>,
        info: &DocInfo,
        pictures: &[(String, String)],
    ) -> zip::result::ZipResult<Self> {
        let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
        let mut parts = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i)?;
            if entry.is_dir() {
                continue;
            }
            let name = entry.name().to_string();
            let mut data = Vec::with_capacity(entry.size() as usize);
            entry.read_to_end(&mut data)?;
            let data = match name.as_str() {
                "docProps/core.xml" => core_properties(info),
                "word/styles.xml" => styles::xml(&info.layout),
                "word/document.xml" => {
                    order_section_properties(describe_pictures(mark_header_rows(data), pictures))
                }
                _ => data,
            };
            parts.push((name, data));
        }
        renumber_headers_and_footers(&mut parts);
        Ok(Self { parts })
    }

    /// The same package with every occurrence of `from` in its text
    /// replaced by `to` (plain text, escaped here for XML). `from` must be
    /// text that XML leaves as it is (letters and digits).
    pub fn with_text_replaced(&self, from: &str, to: &str) -> Self {
        let to = xml_escape(to);
        let parts = self
            .parts
            .iter()
            .map(|(name, data)| {
                let data = match std::str::from_utf8(data) {
                    Ok(text) if text.contains(from) => text.replace(from, &to).into_bytes(),
                    _ => data.clone(),
                };
                (name.clone(), data)
            })
            .collect();
        Self { parts }
    }

    /// A part's bytes, by name (`word/document.xml`).
    pub fn part(&self, name: &str) -> Option<&[u8]> {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_slice())
    }

    /// The parts, in order: name and bytes.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.parts.iter().map(|(n, d)| (n.as_str(), d.as_slice()))
    }

    /// Whether any part still contains `text` (ignoring ASCII case).
    pub fn contains_ignoring_case(&self, text: &str) -> bool {
        let needle = text.to_ascii_lowercase();
        self.parts.iter().any(|(_, d)| {
            String::from_utf8_lossy(d)
                .to_ascii_lowercase()
                .contains(&needle)
        })
    }

    /// The package zipped: every entry deflated, in order, dated
    /// 1980-01-01 (zip's fixed default), so equal packages give equal bytes.
    pub fn to_docx(&self) -> Vec<u8> {
        self.zip().unwrap_or_default()
    }

    /// As [`Package::to_docx`], but a zip failure is an error.
    pub fn try_to_docx(&self) -> Result<Vec<u8>, DocxError> {
        if self.parts.is_empty() {
            return Err(DocxError::Pack("the package is empty".into()));
        }
        self.zip().map_err(|e| DocxError::Pack(e.to_string()))
    }

    fn zip(&self) -> zip::result::ZipResult<Vec<u8>> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default());
        for (name, data) in &self.parts {
            out.start_file(name.as_str(), options)?;
            out.write_all(data)?;
        }
        Ok(out.finish()?.into_inner())
    }
}

/// One part of a document in its own section: its running header and its
/// Markdown.
#[derive(Debug, Clone)]
pub struct Part {
    pub header: String,
    pub markdown: String,
}

impl Part {
    /// A plan's part: its Markdown under the plan's running header (with
    /// the student's name).
    pub fn for_plan(plan: &EssayPlan, markdown: String) -> Self {
        Self {
            header: DocInfo::header_for(plan),
            markdown,
        }
    }
}

fn page_size(paper: Paper) -> (u32, u32) {
    match paper {
        Paper::A4 => (11906, 16838),
        Paper::Letter => (12240, 15840),
    }
}

fn page_margin() -> PageMargin {
    PageMargin::new()
        .top(1134)
        .bottom(1134)
        .left(1134)
        .right(1134)
        .header(567)
        .footer(567)
}

fn running_header(text: &str) -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .style("Header")
            .add_run(Run::new().add_text(text)),
    )
}

/// "Page N of M", centred; in a document of sections just "Page N", as
/// LibreOffice cannot count a section's pages (it shows Word's
/// `SECTIONPAGES` as its cached value).
fn page_footer(sections: bool) -> Footer {
    let paragraph = Paragraph::new()
        .style("Footer")
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text("Page "))
        .add_page_num(PageNum::new());
    let paragraph = if sections {
        paragraph
    } else {
        paragraph
            .add_run(Run::new().add_text(" of "))
            .add_num_pages(NumPages::new())
    };
    Footer::new().add_paragraph(paragraph)
}

/// A stored (uncompressed) package and the pictures placed in it (name,
/// alt text), in document order.
type Stored = (Vec<u8>, Vec<(String, String)>);

/// docx-rs's own package for the Markdown: a zip with stored entries, and
/// the pictures placed (name, alt text) in document order.
fn build_stored(md: &str, info: &DocInfo) -> Result<Stored, DocxError> {
    let part = Part {
        header: info.header.clone(),
        markdown: md.to_string(),
    };
    build_sections(std::iter::once(part), info, &mut || {}, false)
}

/// docx-rs's package for parts, each in a section of its own when
/// `sections` (with its own header and page numbers from 1), else in one
/// section with the document's header. `tick` is called after each part.
fn build_sections(
    parts: impl IntoIterator<Item = Part>,
    info: &DocInfo,
    tick: &mut dyn FnMut(),
    sections: bool,
) -> Result<Stored, DocxError> {
    // docx-rs numbers paragraphs and bookmarks from per-thread and global
    // counters; reset them so every document comes out the same.
    let _ = Docx::new().json();
    docx_rs::reset_bookmark_id();

    let (w, h) = page_size(info.layout.paper);
    let docx = Docx::new()
        .page_size(w, h)
        .page_margin(page_margin())
        .add_abstract_numbering(bullet_numbering())
        .add_numbering(Numbering::new(BULLET_NUM, BULLET_ABSTRACT))
        .footer(page_footer(sections))
        .created_at(FIXED_DATE)
        .updated_at(FIXED_DATE);
    let mut writer = Writer {
        blocks: Vec::new(),
        numberings: Vec::new(),
        open: None,
        inline: Inline::default(),
        lists: Vec::new(),
        quote: 0,
        heading: None,
        table: None,
        link: None,
        next_num: FIRST_ORDERED,
        next_comment: 1,
        next_link: 1,
        notes: HashMap::new(),
        in_footnote: false,
        code_block: false,
        body_size: info.layout.size,
        pictures: Pictures {
            images: info.images.clone(),
            ..Pictures::default()
        },
    };
    // Where each part's blocks end, and its header.
    let mut ends: Vec<(usize, String)> = Vec::new();
    let mut table_rows = 0;
    for part in parts {
        let markdown = super::pictures::for_docx(&part.markdown, &info.images);
        writer.notes = footnotes(&markdown);
        for event in Parser::new_ext(&markdown, markdown_options()) {
            if matches!(event, Event::End(TagEnd::TableRow | TagEnd::TableHead)) {
                table_rows += 1;
            }
            writer.event(event);
            if writer.blocks.len() + table_rows > MAX_PARAGRAPHS {
                return Err(DocxError::TooLarge);
            }
        }
        writer.end();
        ends.push((writer.blocks.len(), part.header));
        tick();
    }
    let mut docx = docx;
    for id in writer.numberings {
        docx = docx
            .add_abstract_numbering(ordered_numbering(id))
            .add_numbering(Numbering::new(id, id));
    }
    let pictures = std::mem::take(&mut writer.pictures.placed);
    let mut blocks = writer.blocks.into_iter();
    let last_header = if sections {
        let mut start = 0;
        let count = ends.len();
        for (end, header) in ends.drain(..count.saturating_sub(1)) {
            let mut section = Section::new()
                .page_size(PageSize::new().size(w, h))
                .page_margin(page_margin())
                .page_num_type(PageNumType::new().start(1))
                .header(running_header(&header));
            for block in blocks.by_ref().take(end - start) {
                section = match block {
                    Block::Paragraph(p) => section.add_paragraph(*p),
                    Block::Table(t) => section.add_table(*t),
                };
            }
            start = end;
            docx = docx.add_section(section);
        }
        docx = docx.page_num_type(PageNumType::new().start(1));
        ends.pop().map_or_else(|| info.header.clone(), |(_, h)| h)
    } else {
        info.header.clone()
    };
    docx = docx.header(running_header(&last_header));
    for block in blocks {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    let mut stored = Cursor::new(Vec::new());
    docx.pack(&mut stored)
        .map_err(|e| DocxError::Pack(e.to_string()))?;
    Ok((stored.into_inner(), pictures))
}

/// One document holding every part in a section of its own: each starts on
/// a new page, has its own running header (a student's name) and numbers
/// its pages from 1. `tick` is called as each part is converted, for a
/// progress bar. The whole document is built in memory: for a class of
/// any size, [`super::combined::Combined`] streams instead.
pub fn combined(
    parts: impl IntoIterator<Item = Part>,
    info: &DocInfo,
    tick: &mut dyn FnMut(),
) -> Result<Vec<u8>, DocxError> {
    let (stored, pictures) = build_sections(parts, info, tick, true)?;
    Package::unpack(stored, info, &pictures)
        .map_err(|e| DocxError::Pack(e.to_string()))?
        .try_to_docx()
}
