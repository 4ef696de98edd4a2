//! DOCX: the Markdown the templates produced, walked with pulldown-cmark into
//! real Word structure (docx-rs): built-in heading styles with outline levels,
//! numbered and bulleted lists, tables with a repeated shaded header row,
//! quotes, emphasis, links, page breaks, comments for examiner's notes. One
//! template source serves every format.
//!
//! Bytes are deterministic: docx-rs's id counters are reset per document,
//! hyperlink ids are ours, document dates are fixed, and the package is
//! repacked deflated with fixed zip timestamps.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Comment, Docx, Footer, Header, Hyperlink,
    HyperlinkData, HyperlinkType, IndentLevel, Level, LevelJc, LevelText, LineSpacing,
    LineSpacingType, NumPages, NumberFormat, Numbering, NumberingId, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Paper;
use crate::plan::EssayPlan;

/// Document-level facts: properties, header and page.
#[derive(Debug, Clone)]
pub struct DocInfo {
    /// Document title property (the question).
    pub title: String,
    /// Subject property (the map's title).
    pub subject: String,
    /// The running header.
    pub header: String,
    pub paper: Paper,
}

impl DocInfo {
    pub fn for_plan(plan: &EssayPlan, paper: Paper) -> Self {
        let header = match &plan.student {
            Some(s) => format!("{} · {s}", plan.map_title),
            None => plan.map_title.clone(),
        };
        Self {
            title: plan.question.text.clone(),
            subject: plan.map_title.clone(),
            header,
            paper,
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

fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(size)
            .bold()
            .color("1F3864")
            .outline_lvl(level)
            .line_spacing(
                LineSpacing::new()
                    .before(240)
                    .after(80)
                    .line(240)
                    .line_rule(LineSpacingType::Auto),
            )
    };
    docx.add_style(
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .q_format(true)
            .size(22)
            .fonts(
                RunFonts::new()
                    .ascii("Calibri")
                    .hi_ansi("Calibri")
                    .cs("Calibri"),
            )
            .line_spacing(
                LineSpacing::new()
                    .after(120)
                    .line(276)
                    .line_rule(LineSpacingType::Auto),
            ),
    )
    .add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(36)
            .bold()
            .color("1F3864")
            .line_spacing(
                LineSpacing::new()
                    .after(200)
                    .line(240)
                    .line_rule(LineSpacingType::Auto),
            ),
    )
    .add_style(heading("Heading1", "heading 1", 30, 0))
    .add_style(heading("Heading2", "heading 2", 26, 1))
    .add_style(heading("Heading3", "heading 3", 23, 2))
    .add_style(
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .based_on("Normal")
            .q_format(true)
            .italic()
            .color("404040")
            .indent(Some(567), None, Some(567), None),
    )
    .add_style(
        Style::new("ListParagraph", StyleType::Paragraph)
            .name("List Paragraph")
            .based_on("Normal")
            .q_format(true)
            .line_spacing(
                LineSpacing::new()
                    .after(60)
                    .line(264)
                    .line_rule(LineSpacingType::Auto),
            ),
    )
    .add_style(
        Style::new("WritingSpace", StyleType::Paragraph)
            .name("Writing Space")
            .based_on("Normal")
            .line_spacing(
                LineSpacing::new()
                    .after(0)
                    .line(480)
                    .line_rule(LineSpacingType::Auto),
            ),
    )
    .add_style(
        Style::new("Header", StyleType::Paragraph)
            .name("header")
            .based_on("Normal")
            .size(18)
            .color("595959"),
    )
    .add_style(
        Style::new("Footer", StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .size(18)
            .color("595959"),
    )
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

struct TableState {
    rows: Vec<TableRow>,
    cells: Vec<TableCell>,
    in_head: bool,
    /// Characters in the cell being written, and the most per column, to
    /// share the page width by content.
    cell_chars: usize,
    widest: Vec<usize>,
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
}

impl Writer {
    fn style(&self) -> &'static str {
        if let Some(h) = self.heading {
            h
        } else if self.table.is_some() {
            "Normal"
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
            let cell = TableCell::new().add_paragraph(open.paragraph);
            let cell = if t.in_head {
                cell.shading(Shading::new().fill("D9E2F3"))
            } else {
                cell
            };
            t.cells.push(cell);
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
        if let Some(t) = &mut self.table {
            t.cell_chars += text.chars().count();
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
                self.table = Some(TableState {
                    rows: Vec::new(),
                    cells: Vec::new(),
                    in_head: false,
                    cell_chars: 0,
                    widest: vec![0; aligns.len().max(1)],
                });
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
                if let Some(t) = &mut self.table {
                    let column = t.cells.len().saturating_sub(1);
                    if let Some(w) = t.widest.get_mut(column) {
                        *w = (*w).max(std::mem::take(&mut t.cell_chars));
                    }
                    t.cell_chars = 0;
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let cells = std::mem::take(&mut t.cells);
                    let mut row = TableRow::new(cells);
                    if t.in_head {
                        // The marker that `mark_header_rows` turns into a
                        // repeated header row.
                        row = row.cant_split();
                    }
                    t.rows.push(row);
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    // Columns share the width by their longest text, within
                    // limits, so a tick column stays narrow and prose wide.
                    let weights: Vec<usize> = t.widest.iter().map(|w| (*w).clamp(4, 60)).collect();
                    let total: usize = weights.iter().sum::<usize>().max(1);
                    let grid = weights.iter().map(|w| TEXT_WIDTH * w / total).collect();
                    let table = Table::new(t.rows)
                        .set_grid(grid)
                        .width(TEXT_WIDTH, WidthType::Dxa);
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
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !super::xmltext::is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
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

/// Mark the rows written with `cantSplit` as repeated header rows
/// (docx-rs 0.4.22 has no setter for `w:tblHeader`).
fn mark_header_rows(document: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&document);
    text.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .into_bytes()
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

    /// Convert Markdown into the parts of a DOCX package. Characters XML
    /// forbids are removed from the text first.
    pub fn try_from_markdown(md: &str, info: &DocInfo) -> Result<Self, DocxError> {
        use super::xmltext::strip_forbidden;
        let info = DocInfo {
            title: strip_forbidden(&info.title).into_owned(),
            subject: strip_forbidden(&info.subject).into_owned(),
            header: strip_forbidden(&info.header).into_owned(),
            paper: info.paper,
        };
        let stored = build_stored(&strip_forbidden(md), &info)?;
        Self::unpack(stored, &info).map_err(|e| DocxError::Pack(e.to_string()))
    }

    fn unpack(stored: Vec<u8>, info: &DocInfo) -> zip::result::ZipResult<Self> {
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
                "word/document.xml" => mark_header_rows(data),
                _ => data,
            };
            parts.push((name, data));
        }
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

/// docx-rs's own package for the Markdown: a zip with stored entries.
fn build_stored(md: &str, info: &DocInfo) -> Result<Vec<u8>, DocxError> {
    // docx-rs numbers paragraphs and bookmarks from per-thread and global
    // counters; reset them so every document comes out the same.
    let _ = Docx::new().json();
    docx_rs::reset_bookmark_id();

    let (w, h) = match info.paper {
        Paper::A4 => (11906, 16838),
        Paper::Letter => (12240, 15840),
    };
    let docx = styles(Docx::new())
        .page_size(w, h)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1134)
                .right(1134)
                .header(567)
                .footer(567),
        )
        .add_abstract_numbering(bullet_numbering())
        .add_numbering(Numbering::new(BULLET_NUM, BULLET_ABSTRACT))
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .style("Header")
                    .add_run(Run::new().add_text(&info.header)),
            ),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .style("Footer")
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("Page "))
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text(" of "))
                    .add_num_pages(NumPages::new()),
            ),
        )
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
        notes: footnotes(md),
        in_footnote: false,
        code_block: false,
    };
    let mut table_rows = 0;
    for event in Parser::new_ext(md, markdown_options()) {
        if matches!(event, Event::End(TagEnd::TableRow | TagEnd::TableHead)) {
            table_rows += 1;
        }
        writer.event(event);
        if writer.blocks.len() + table_rows > MAX_PARAGRAPHS {
            return Err(DocxError::TooLarge);
        }
    }
    writer.end();
    let mut docx = docx;
    for id in writer.numberings {
        docx = docx
            .add_abstract_numbering(ordered_numbering(id))
            .add_numbering(Numbering::new(id, id));
    }
    for block in writer.blocks {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    let mut stored = Cursor::new(Vec::new());
    docx.pack(&mut stored)
        .map_err(|e| DocxError::Pack(e.to_string()))?;
    Ok(stored.into_inner())
}
