//! `essayplan batch`: a plan for every student of a class roster.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use clap::ValueEnum;
use clap::builder::{PossibleValuesParser, TypedValueParser};

use essayplan::batch::{self, Roster};
use essayplan::error::Diagnose;
use essayplan::output::WriteError;
use essayplan::plan::Mode;
use essayplan::render::Format;

use super::Error;
use super::args::PlanArgs;

pub(super) const HELP: &str = "\
Exit codes:
  0  success
  1  the input was refused (an invalid map, template or roster; a bad roster row; a file that cannot be written)
  2  misuse (bad arguments, an unknown question id)

Examples:
  essayplan batch great-purges --roster class.csv --out plans --format docx
  essayplan batch my-map.yaml --roster class.csv --out plans --rotate --combined all.docx
  essayplan batch my-map.yaml --roster class.csv --out plans --format pdf --level support";

#[derive(Args)]
pub(super) struct BatchArgs {
    /// The argument map (YAML), or the name of a built-in map (`essayplan list`).
    map: PathBuf,
    /// The class roster (CSV: name, question, level, mode).
    #[arg(long)]
    roster: PathBuf,
    /// The folder to write plans and manifest.csv into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// The format of each student's file.
    #[arg(long, short, value_parser = batch_formats(), default_value = "md")]
    format: Format,
    /// The question for rows that leave it empty (default: the map's first).
    #[arg(long, short, conflicts_with = "rotate")]
    question: Option<String>,
    /// Deal the map's questions out row by row (rows without a question).
    #[arg(long)]
    rotate: bool,
    /// Also write one DOCX with every plan, each in a section of its own
    /// (the student's name in the header, pages numbered from 1).
    #[arg(long, value_name = "FILE.docx")]
    combined: Option<PathBuf>,
    #[command(flatten)]
    plan: PlanArgs,
}

/// What a batch did not write.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BatchError {
    /// A row of the roster that gave no plan (`line N: why`).
    #[error("{roster}: {message}")]
    Row { roster: String, message: String },
    /// A file beside the plans (the manifest, the combined document).
    #[error(transparent)]
    File(WriteError),
}

impl Diagnose for BatchError {
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Self::Row { .. } => None,
            Self::File(e) => e.hint(),
        }
    }
}

/// The formats a batch writes: Markdown, DOCX and PDF (not JSON), by the
/// names and help of [`Format`]'s `ValueEnum`.
fn batch_formats() -> impl TypedValueParser<Value = Format> {
    let writes = [Format::Markdown, Format::Docx, Format::Pdf];
    PossibleValuesParser::new(writes.iter().filter_map(ValueEnum::to_possible_value))
        .try_map(|name| <Format as ValueEnum>::from_str(&name, false))
}

pub(super) fn execute(args: BatchArgs) -> Result<(), Error> {
    if let Some(path) = &args.combined
        && Format::from_extension(path) != Some(Format::Docx)
    {
        return Err(Error::misuse(
            format!(
                "--combined writes a Word document, and `{}` is not named .docx",
                path.display()
            ),
            "name it .docx, e.g. --combined all.docx",
        ));
    }
    if args.format == Format::Pdf {
        super::converter()?;
    }
    let (templates, loaded) = args.plan.prepare(&args.map)?;
    let question = match &args.question {
        None => None,
        Some(id) => Some(super::question(&args.map, &loaded, Some(id))?),
    };
    let roster = Roster::from_file(&args.roster)?;
    if args.plan.annotate
        && !args.plan.is_model()
        && !roster
            .rows
            .iter()
            .any(|r| Mode::parse(&r.mode) == Some(Mode::Model))
    {
        return Err(Error::misuse(
            "--annotate marks up model answers, and every plan here is a student's plan",
            "add --mode model, or set `model` in the roster's mode column",
        ));
    }
    for w in &roster.warnings {
        note!("warning: {}: {w}", args.roster.display());
    }
    let job = batch::Job {
        map: &loaded.map,
        templates: &templates,
        format: args.format,
        defaults: args.plan.options(),
        rotate: args.rotate,
        question,
        layout: args.plan.layout(),
        progress: std::io::stderr().is_terminal() && !super::quiet(),
    };
    let result = batch::run(&job, &roster, &args.out, args.combined.as_deref())?;
    note!("{}", result.summary(&args.out));
    let roster_name = args.roster.display().to_string();
    let failed: Vec<Error> = result
        .failures
        .into_iter()
        .map(|message| BatchError::Row {
            roster: roster_name.clone(),
            message,
        })
        .chain(result.errors.into_iter().map(BatchError::File))
        .map(Error::from)
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Many(failed))
    }
}
