//! Render: `&EssayPlan` → bytes, as Markdown (templates), DOCX (the same
//! Markdown walked into Word structure) or JSON.

pub mod combined;
pub mod docx;
pub mod markdown;
pub mod xmltext;

use crate::plan::EssayPlan;

pub use markdown::{TemplateError, Templates};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Docx,
    Json,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["md", "docx", "json"];

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "md" | "markdown" => Some(Self::Markdown),
            "docx" | "word" => Some(Self::Docx),
            "json" => Some(Self::Json),
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
        }
    }
}

/// Page and document choices for DOCX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// The plan as pretty JSON (the shape in docs/plan-model.md).
pub fn json(plan: &EssayPlan) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(plan).unwrap_or_default();
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

impl RenderError {
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Template(e) => e.hint,
            Self::Docx(e) => e.hint(),
        }
    }
}

/// Render a plan in a format.
pub fn render(
    plan: &EssayPlan,
    format: Format,
    templates: &Templates,
    paper: Paper,
) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        Format::Json => json(plan),
        Format::Markdown => templates.render(plan)?.into_bytes(),
        Format::Docx => {
            let md = templates.render(plan)?;
            docx::try_from_markdown(&md, &docx::DocInfo::for_plan(plan, paper))?
        }
    })
}
