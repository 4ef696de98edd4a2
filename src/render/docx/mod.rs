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
//! zipped once, deflated, with fixed zip timestamps.
//!
//! The stages, a file each: `walker` turns Markdown events into Word
//! blocks (with `table` for tables), this module places the blocks in a
//! document (page, header, footer, sections), `styles` fills in the styles
//! part from its editable asset (`styles.xml`), and `package` patches
//! docx-rs's parts and zips them.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, Docx, Footer, Header, NumPages, Numbering, PageMargin, PageNum, PageNumType,
    PageSize, Paragraph, Run, Section,
};

use super::{Layout, Paper};
use crate::plan::EssayPlan;

mod package;
mod styles;
mod table;
mod walker;

pub(crate) use package::Package;
use walker::{Block, Writer};

/// A fixed timestamp for the document properties.
const FIXED_DATE: &str = "2000-01-01T00:00:00Z";

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

    /// A plan's document facts, its pictures drawn for it.
    pub fn for_plan(plan: &EssayPlan, layout: &Layout) -> Self {
        Self::for_plan_drawn(plan, layout, &super::pictures::Drawn::default())
    }

    /// A plan's document facts, its pictures taken from `drawn` when they
    /// were drawn already (a batch's students of one kind of plan).
    pub(crate) fn for_plan_drawn(
        plan: &EssayPlan,
        layout: &Layout,
        drawn: &super::pictures::Drawn,
    ) -> Self {
        Self {
            title: plan.question.text.clone(),
            subject: plan.map_title.clone(),
            header: Self::header_for(plan),
            layout: layout.clone(),
            images: super::pictures::docx_images(plan, drawn),
        }
    }
}
/// `try_from_markdown`, which says why).
pub fn from_markdown(md: &str, info: &DocInfo) -> Vec<u8> {
    try_from_markdown(md, info).unwrap_or_default()
}

/// Most paragraphs (and table rows) one document may have: a plan has a
/// few hundred; a template that loops out writing space is stopped here,
/// before it uses gigabytes.
pub(crate) const MAX_PARAGRAPHS: usize = 50_000;

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

impl crate::error::Diagnose for DocxError {
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Self::TooLarge => Some(
                "look for a loop in the template that repeats `<!-- lines -->` or page breaks"
                    .into(),
            ),
            Self::Pack(_) => None,
        }
    }
}

/// Convert Markdown into DOCX bytes, or say why not.
pub(crate) fn try_from_markdown(md: &str, info: &DocInfo) -> Result<Vec<u8>, DocxError> {
    Package::try_from_markdown(md, info)?.try_to_docx()
}

impl Package {
    /// An empty package laid out for sections (each with its own header,
    /// pages numbered from 1, "Page N" footers): the frame a streamed
    /// combined document is written into.
    pub(crate) fn section_frame(info: &DocInfo) -> Result<Self, DocxError> {
        build(std::iter::empty(), info, &info.images, true)
    }

    /// Convert Markdown into the parts of a DOCX package. Characters XML
    /// forbids are removed from the text first.
    pub(crate) fn try_from_markdown(md: &str, info: &DocInfo) -> Result<Self, DocxError> {
        use super::xmltext::strip_forbidden;
        let stripped = DocInfo {
            title: strip_forbidden(&info.title).into_owned(),
            subject: strip_forbidden(&info.subject).into_owned(),
            header: strip_forbidden(&info.header).into_owned(),
            layout: info.layout.clone(),
            images: BTreeMap::new(),
        };
        let part = Part {
            header: stripped.header.clone(),
            markdown: strip_forbidden(md).into_owned(),
        };
        build(std::iter::once(part), &stripped, &info.images, false)
    }
}

/// One part of a document in its own section: its running header and its
/// Markdown.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub header: String,
    pub markdown: String,
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

/// The package for parts, each in a section of its own when `sections`
/// (with its own header and page numbers from 1), else in one section with
/// the document's header. `images` are the pictures the Markdown may show.
fn build(
    parts: impl IntoIterator<Item = Part>,
    info: &DocInfo,
    images: &BTreeMap<String, DocImage>,
    sections: bool,
) -> Result<Package, DocxError> {
    // docx-rs numbers paragraphs and bookmarks from per-thread and global
    // counters; reset them so every document comes out the same (0.4.22
    // resets the paragraph counter only as a side effect of `json`).
    let _ = Docx::new().json();
    docx_rs::reset_bookmark_id();

    let (w, h) = page_size(info.layout.paper);
    let mut docx = Docx::new()
        .page_size(w, h)
        .page_margin(page_margin())
        .add_abstract_numbering(walker::bullet_numbering())
        .add_numbering(Numbering::new(walker::BULLET_NUM, walker::BULLET_ABSTRACT))
        .footer(page_footer(sections))
        .created_at(FIXED_DATE)
        .updated_at(FIXED_DATE);
    let mut writer = Writer::new(images, info.layout.size);
    // Where each part's blocks end, and its header.
    let mut ends: Vec<(usize, String)> = Vec::new();
    for part in parts {
        let markdown = super::pictures::for_docx(&part.markdown, images);
        let end = writer
            .walk(&markdown, MAX_PARAGRAPHS)
            .ok_or(DocxError::TooLarge)?;
        ends.push((end, part.header));
    }
    let walked = writer.into_walked();
    for id in walked.numberings {
        docx = docx
            .add_abstract_numbering(walker::ordered_numbering(id))
            .add_numbering(Numbering::new(id, id));
    }
    let mut blocks = walked.blocks.into_iter();
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
    Ok(Package::from_xml(docx.build(), info, &walked.pictures))
}
