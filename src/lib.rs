//! essayplan: argument maps → essay plans for "how far" history essays.
//!
//! The pipeline, one stage per module, each returning a new type:
//! [`map`] (load + validate) → [`plan`] (pure) → [`render`] (Markdown, DOCX,
//! JSON bytes) → [`output`] / [`batch`] (files, atomically).

pub mod batch;
pub mod builtin;
pub mod map;
pub mod output;
pub mod pdf;
pub mod picture;
pub mod plan;
pub mod render;
pub mod schema;
pub mod serve;

use std::path::{Path, PathBuf};

use map::{ArgumentMap, Question};

/// A commented skeleton map that passes `check` (printed by `essayplan new`).
pub const SKELETON_MAP: &str = include_str!("skeleton.yaml");

/// A question id the map does not have.
#[derive(Debug, thiserror::Error)]
#[error("no question `{id}` in this map")]
pub struct UnknownQuestion {
    pub id: String,
    pub known: Vec<String>,
}

impl UnknownQuestion {
    pub fn hint(&self) -> String {
        let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
        match map::diagnostic::nearest(&self.id, known.iter().copied()) {
            Some(n) => format!("did you mean `{n}`? (questions: {})", known.join(", ")),
            None => format!("the questions are: {}", known.join(", ")),
        }
    }
}

/// The question with this id, or the map's first question.
pub fn select_question<'m>(
    map: &'m ArgumentMap,
    id: Option<&str>,
) -> Result<&'m Question, UnknownQuestion> {
    match id {
        None => Ok(&map.questions[0]),
        Some(id) => map.question(id.trim()).ok_or_else(|| UnknownQuestion {
            id: id.to_string(),
            known: map.questions.iter().map(|q| q.id.clone()).collect(),
        }),
    }
}

/// The plan for a question: built, and for a model answer with a timing,
/// fitted to its length as these templates render it.
pub fn make_plan(
    map: &ArgumentMap,
    question: &Question,
    options: &plan::PlanOptions,
    templates: &render::Templates,
) -> Result<plan::EssayPlan, render::TemplateError> {
    plan::fit::fitted(map, question, options, |p| {
        templates
            .render(p)
            .map(|md| render::markdown::essay_words(&md))
    })
}

/// The map files named by `paths`: files as given, folders searched (not
/// recursively) for `.yaml`/`.yml`, sorted by name.
pub fn map_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| format!("{}: cannot read the folder: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_map_file(p))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(format!("{}: no such file or folder", path.display()));
        }
    }
    Ok(files)
}

fn is_map_file(p: &Path) -> bool {
    p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}
