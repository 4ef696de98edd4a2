//! The Markdown walker: pulldown-cmark events → docx-rs blocks (headings
//! with outline levels, numbered and bulleted lists, tables, quotes,
//! emphasis, links, page breaks, writing space, comments for footnotes,
//! pictures). It knows nothing of files or packages: [`super::build`]
//! places its blocks in a document.

use std::collections::{BTreeMap, HashMap};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Comment, CommentRangeStart, Hyperlink,
    HyperlinkData, HyperlinkType, IndentLevel, Level, LevelJc, LevelText, NumberFormat,
    NumberingId, Paragraph, ParagraphChild, Pic, Run, RunFonts, SpecialIndentType, Start, Table,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::table::TableState;
use super::{DocImage, FIXED_DATE};

pub(super) const BULLET_ABSTRACT: usize = 2;
pub(super) const BULLET_NUM: usize = 2;
/// Ordered lists get their own numbering instances from here up (ids 1 and
/// 2 are taken: docx-rs's own 1, our bullets 2), so each restarts at 1.
const FIRST_ORDERED: usize = 3;
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

pub(super) fn bullet_numbering() -> AbstractNumbering {
    let glyphs = ["•", "◦", "▪"];
    numbering(BULLET_ABSTRACT, |l| ("bullet", glyphs[l % 3].to_string()))
}

pub(super) fn ordered_numbering(id: usize) -> AbstractNumbering {
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
pub(super) enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The walker's state: the blocks so far and what is open.
pub(super) struct Writer<'i> {
    blocks: Vec<Block>,
    /// Table rows so far (they count against the size limit too).
    rows: usize,
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
    pictures: Pictures<'i>,
}

/// Pictures: the PNGs available, the image being read (its name and the
/// alt text gathered so far), and each embedded picture's name and alt
/// text in document order, for `wp:docPr`.
struct Pictures<'i> {
    images: &'i BTreeMap<String, DocImage>,
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

impl Writer<'_> {
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
            // The comment covers the text it is about: from the paragraph's
            // start, or from the end of the paragraph's previous comment.
            let children = &mut open.paragraph.children;
            let start = children
                .iter()
                .rposition(|c| matches!(c, ParagraphChild::CommentEnd(_)))
                .map_or(0, |i| i + 1);
            children.insert(
                start,
                ParagraphChild::CommentStart(Box::new(CommentRangeStart::new(comment))),
            );
            open.paragraph = std::mem::take(&mut open.paragraph).add_comment_end(id);
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
                    self.blocks.push(Block::Paragraph(Box::new(
                        Paragraph::new().style("TableEnd"),
                    )));
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

/// What the walker made of a document's Markdown: its blocks in order, the
/// numbering ids its ordered lists use, and the pictures it placed (name,
/// alt text) in document order.
pub(super) struct Walked {
    pub(super) blocks: Vec<Block>,
    pub(super) numberings: Vec<usize>,
    pub(super) pictures: Vec<(String, String)>,
}

impl<'i> Writer<'i> {
    /// A walker that may embed `images` and sizes tables for a body text
    /// of `body_size` half-points.
    pub(super) fn new(images: &'i BTreeMap<String, DocImage>, body_size: u32) -> Self {
        Self {
            blocks: Vec::new(),
            rows: 0,
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
            body_size,
            pictures: Pictures {
                images,
                reading: None,
                placed: Vec::new(),
            },
        }
    }

    /// Walk one part's Markdown (pictures already named) and close what it
    /// left open. Returns the number of blocks so far, or `None` when the
    /// blocks and table rows pass `limit`.
    pub(super) fn walk(&mut self, markdown: &str, limit: usize) -> Option<usize> {
        self.notes = footnotes(markdown);
        for event in Parser::new_ext(markdown, markdown_options()) {
            if matches!(event, Event::End(TagEnd::TableRow | TagEnd::TableHead)) {
                self.rows += 1;
            }
            self.event(event);
            if self.blocks.len() + self.rows > limit {
                return None;
            }
        }
        self.end();
        Some(self.blocks.len())
    }

    /// The blocks, numberings and pictures.
    pub(super) fn into_walked(self) -> Walked {
        Walked {
            blocks: self.blocks,
            numberings: self.numberings,
            pictures: self.pictures.placed,
        }
    }
}
