//! Render: `&EssayPlan` → bytes, as Markdown (templates), DOCX (the same
//! Markdown walked into Word structure) or JSON.

pub mod docx;
pub mod markdown;

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

/// Render a plan in a format.
pub fn render(
    plan: &EssayPlan,
    format: Format,
    templates: &Templates,
    paper: Paper,
) -> Result<Vec<u8>, TemplateError> {
    Ok(match format {
        Format::Json => json(plan),
        Format::Markdown => markdown::visible_lines(&templates.render(plan)?).into_bytes(),
        Format::Docx => {
            let md = templates.render(plan)?;
            docx::from_markdown(&md, &docx::DocInfo::for_plan(plan, paper))
        }
    })
}
