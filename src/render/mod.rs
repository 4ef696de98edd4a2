//! Render: `&EssayPlan` → bytes, as Markdown (templates), DOCX (the same
//! Markdown walked into Word structure) or JSON.

pub(crate) mod combined;
pub mod docx;
pub mod markdown;
pub mod pages;
pub mod pictures;
pub mod xmltext;

use crate::plan::EssayPlan;

pub use markdown::{TemplateError, Templates};
pub use pages::{page_budget, page_limit};

/// An output format. With the `cli` feature it is also the command line's
/// `--format` value (`md`, `docx`, `json`, `pdf`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    #[cfg_attr(feature = "cli", value(name = "md"))]
    Markdown,
    Docx,
    Json,
    /// The DOCX converted by LibreOffice ([`crate::pdf`]).
    #[cfg_attr(
        feature = "cli",
        value(help = "DOCX converted by LibreOffice (needs `soffice` on the PATH)")
    )]
    Pdf,
}

impl Format {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "md" | "markdown" => Some(Self::Markdown),
            "docx" | "word" => Some(Self::Docx),
            "json" => Some(Self::Json),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The format a file name's extension implies.
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::parse)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Docx => "docx",
            Self::Json => "json",
            Self::Pdf => "pdf",
        }
    }

    /// The media type, for a download.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Json => "application/json",
            Self::Pdf => "application/pdf",
        }
    }
}

/// The paper size of a Word document (`--paper a4|letter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// How a Word document is laid out: paper, base font and size, language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub paper: Paper,
    /// The base font (body text, headings and tables).
    pub font: String,
    /// The body size in half-points (22 = 11 pt); headings scale with it.
    pub size: u32,
    /// The language for spelling and hyphenation, a BCP 47 tag (`en-GB`).
    pub lang: String,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            font: "Calibri".into(),
            size: 22,
            lang: "en-GB".into(),
        }
    }
}

/// Whether `tag` looks like a BCP 47 language tag: a 2–3 letter language,
/// then subtags of 1–8 letters or digits (`en-GB`, `fr`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The plan as pretty JSON (the shape in docs/plan-model.md).
pub fn json(plan: &EssayPlan) -> Vec<u8> {
    // Derived `Serialize` with string keys: it cannot fail, and an empty
    // file in its place would hide a bug.
    let mut out = serde_json::to_vec_pretty(plan).expect("a plan serialises to JSON");
    out.push(b'\n');
    out
}

/// A plan that could not be rendered: a template failed, or the Word
/// document could not be built from its output.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
}

impl crate::error::Diagnose for RenderError {
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Self::Template(e) => e.hint(),
            Self::Docx(e) => crate::error::Diagnose::hint(e),
        }
    }

    fn report(&self) -> Option<std::borrow::Cow<'_, crate::map::Report>> {
        match self {
            Self::Template(e) => e.report(),
            Self::Docx(_) => None,
        }
    }
}

/// Render a plan in a format. For PDF this is the DOCX that
/// [`crate::pdf`] converts.
pub fn render(
    plan: &EssayPlan,
    format: Format,
    templates: &Templates,
    layout: &Layout,
) -> Result<Vec<u8>, RenderError> {
    render_drawn(plan, format, templates, layout, &pictures::Drawn::default())
}

/// [`render`], with the pictures taken from `drawn` when they were drawn
/// already: many plans (a batch) rasterise each distinct picture once.
pub(crate) fn render_drawn(
    plan: &EssayPlan,
    format: Format,
    templates: &Templates,
    layout: &Layout,
    drawn: &pictures::Drawn,
) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        Format::Json => json(plan),
        Format::Markdown => markdown_bytes(plan, templates, None)?,
        Format::Docx | Format::Pdf => {
            let md = templates.render(plan)?;
            docx::try_from_markdown(&md, &docx::DocInfo::for_plan_drawn(plan, layout, drawn))?
        }
    })
}

/// A plan as Markdown for reading: writing space made visible, pictures
/// filled in (`line_svg`: the judgement line's SVG file beside the plan).
pub fn markdown_bytes(
    plan: &EssayPlan,
    templates: &Templates,
    line_svg: Option<&str>,
) -> Result<Vec<u8>, TemplateError> {
    let md = templates.render(plan)?;
    Ok(markdown::visible_lines(&pictures::for_markdown(&md, plan, line_svg)).into_bytes())
}
