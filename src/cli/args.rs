//! The plan choices `render` and `batch` share (`--level`, `--mode`,
//! `--preset`, the Word layout, …), as clap arguments over the library's
//! own types (`Level`, `Mode` and `Paper` derive clap's `ValueEnum` under
//! the `cli` feature), and the value parsers behind the rest.

use std::path::{Path, PathBuf};

use clap::Args;

use essayplan::map::LoadedMap;
use essayplan::plan::{self, Level, Mode, PlanOptions, Timing};
use essayplan::render::{self, Layout, Paper, Templates};

use super::Error;

/// Choices shared by `render` and `batch`.
#[derive(Args)]
pub(super) struct PlanArgs {
    /// Scaffolding: support (starters, space to write), core, stretch (historiography).
    #[arg(long, value_enum)]
    pub level: Option<Level>,
    /// plan (a student's scaffold), model (a teacher's model answer) or bank (every interpretation and item, for teachers).
    #[arg(long, value_enum)]
    pub mode: Option<Mode>,
    /// Section headings inside a model answer (students don't write them; off by default).
    #[arg(long)]
    pub headings: bool,
    /// Mark what each part of a model answer does (footnotes; Word comments
    /// in DOCX). Needs --mode model.
    #[arg(long)]
    pub annotate: bool,
    /// Time allowed, for a timing guide and the model answer's length.
    #[arg(long, conflicts_with = "preset", value_parser = clap::value_parser!(u32).range(5..=600))]
    pub minutes: Option<u32>,
    /// An exam preset: aqa-a-level, edexcel-a-level, ocr-a-level, ib-paper2, gcse.
    #[arg(long, value_parser = plan::timing::preset_names())]
    pub preset: Option<String>,
    /// A folder of templates overriding the built-ins file by file.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Paper size for DOCX.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub paper: Paper,
    /// The document's language, for spelling and hyphenation (DOCX).
    #[arg(long, value_name = "TAG", default_value = "en-GB", value_parser = language_tag)]
    pub lang: String,
    /// The base font of a Word document.
    #[arg(long, value_name = "NAME", default_value = "Calibri", value_parser = font_name)]
    pub font: String,
    /// The body text size in points (6–36, halves allowed); headings scale with it.
    #[arg(long, value_name = "PT", default_value = "11", value_parser = font_size)]
    pub font_size: u32,
}

impl PlanArgs {
    /// Whether the plan is a model answer.
    pub(super) fn is_model(&self) -> bool {
        self.mode == Some(Mode::Model)
    }

    pub(super) fn options(&self) -> PlanOptions {
        PlanOptions {
            brevity: Default::default(),
            mode: self.mode.unwrap_or(Mode::Plan),
            level: self.level.unwrap_or(Level::Core),
            student: None,
            timing: match (&self.preset, self.minutes) {
                (Some(p), _) => plan::timing::preset(p).map(Timing::from_preset),
                (None, Some(m)) => Some(Timing::from_minutes(m)),
                // A model answer is written to the AQA A-level essay unless told otherwise.
                (None, None) if self.is_model() => {
                    plan::timing::preset("aqa-a-level").map(Timing::from_preset)
                }
                (None, None) => None,
            },
            annotate: self.annotate,
            headings: self.headings,
            limits: None,
        }
    }

    pub(super) fn layout(&self) -> Layout {
        Layout {
            paper: self.paper,
            font: self.font.clone(),
            size: self.font_size,
            lang: self.lang.clone(),
        }
    }

    /// The templates (their warnings printed) and the map.
    pub(super) fn prepare(&self, map: &Path) -> Result<(Templates, LoadedMap), Error> {
        let templates = match &self.templates {
            None => Templates::builtin(),
            Some(dir) => Templates::from_dir(dir)?,
        };
        for w in templates.warnings() {
            eprintln!("warning: {w}");
        }
        Ok((templates, super::load(map)?))
    }
}

fn language_tag(s: &str) -> Result<String, String> {
    if render::is_language_tag(s) {
        Ok(s.to_string())
    } else {
        Err("expected a language tag such as en-GB, en-US, fr or de-CH".into())
    }
}

fn font_name(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 64 || s.chars().any(char::is_control) {
        Err("expected a font name such as Calibri or \"Times New Roman\"".into())
    } else {
        Ok(s.to_string())
    }
}

/// Points (halves allowed) → half-points.
fn font_size(s: &str) -> Result<u32, String> {
    let bad = || "expected a size in points between 6 and 36, such as 11 or 12.5".to_string();
    let points: f64 = s.trim().parse().map_err(|_| bad())?;
    let half = points * 2.0;
    if !(12.0..=72.0).contains(&half) || half.fract() != 0.0 {
        return Err(bad());
    }
    Ok(half as u32)
}
