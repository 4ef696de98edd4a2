//! essayplan: argument maps → essay plans for "how far" history essays.
//!
//! The pipeline, one stage per module, each returning a new type:
//! [`map`] (load + validate) → [`plan`] (pure) → [`render`] (Markdown, DOCX,
//! JSON bytes) → [`output`] / [`batch`] (files, atomically).
//! `docs/architecture.md` names the file that owns each stage and command.
//!
//! # Public surface
//!
//! Public is what the `essayplan` binary (`src/cli/`), the integration
//! tests (`tests/integration/`) and the examples (`examples/`) use; the
//! rest is `pub(crate)`, and `unreachable_pub` (the `[lints]` table in
//! `Cargo.toml`) keeps it so. Each stage's module re-exports its entry
//! points, so callers name `essayplan::map::from_file`,
//! `essayplan::plan::build` or `essayplan::render::Templates` rather than
//! the file inside the stage:
//!
//! - [`map`]: [`map::from_file`], [`map::from_bytes`], the map's types and
//!   the diagnostics ([`map::Report`], [`map::MapError`]);
//! - [`plan`]: [`plan::build`], [`plan::PlanOptions`], the plan's types,
//!   and the submodules the tests exercise on their own
//!   ([`plan::judge`], [`plan::consistency`], [`plan::timing`]);
//! - [`render`]: [`render::render`], [`render::Templates`], the DOCX writer
//!   ([`render::docx`]) and the page limits;
//! - [`picture`]: the two pictures as SVG, PNG, DOT, Mermaid and alt text;
//! - [`output`], [`batch`], [`pdf`]: writing files, a class at once, PDF;
//! - [`serve`]: the local web page (its router, for the tests);
//! - [`error`]: [`error::Diagnose`] and the exit codes;
//! - [`builtin`], [`schema`], [`SKELETON_MAP`]: the shipped maps, the JSON
//!   Schema and the skeleton `new` prints;
//! - [`select_question`] and [`make_plan`] below: the two steps `render`,
//!   `batch` and `serve` share.

pub mod batch;
pub mod builtin;
pub mod error;
pub mod map;
pub mod output;
pub mod pdf;
pub mod picture;
pub mod plan;
pub mod render;
pub mod schema;
pub mod serve;

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

impl error::Diagnose for UnknownQuestion {
    /// "did you mean …" and the questions there are.
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
        Some(
            match map::diagnostic::nearest(&self.id, known.iter().copied()) {
                Some(n) => format!("did you mean `{n}`? (questions: {})", known.join(", ")),
                None => format!("the questions are: {}", known.join(", ")),
            }
            .into(),
        )
    }

    /// Asking for a question the map does not have is a misuse.
    fn exit_code(&self) -> u8 {
        error::MISUSE
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

/// The options a plan is built with, fitted: for a model answer with a
/// timing, the selection that fits its length; for a student's plan, the
/// brevity that fits its level's pages (both as these templates render it).
/// The fit is the same for every student of a kind of plan: it is measured
/// without a name, so a batch fits each kind once and a single `render`
/// agrees with it.
pub fn fit_options(
    map: &ArgumentMap,
    question: &Question,
    options: &plan::PlanOptions,
    templates: &render::Templates,
) -> Result<plan::PlanOptions, render::TemplateError> {
    let anonymous = plan::PlanOptions {
        student: None,
        ..options.clone()
    };
    let fitted = match options.mode {
        plan::Mode::Plan => plan::fit::within(
            map,
            question,
            &anonymous,
            render::page_budget(options.level),
            |p| templates.page_weight(p),
        ),
        _ => plan::fit::fitted(map, question, &anonymous, |p| {
            templates
                .render(p)
                .map(|md| render::markdown::essay_words(&md))
        }),
    }?;
    Ok(plan::PlanOptions {
        student: options.student.clone(),
        ..fitted
    })
}

/// The plan for a question, built with its fitted options ([`fit_options`]).
pub fn make_plan(
    map: &ArgumentMap,
    question: &Question,
    options: &plan::PlanOptions,
    templates: &render::Templates,
) -> Result<plan::EssayPlan, render::TemplateError> {
    let fitted = fit_options(map, question, options, templates)?;
    Ok(plan::build(map, question, &fitted))
}
