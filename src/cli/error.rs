//! The command line's error, and the one place where errors are printed.
//!
//! Commands return [`Error`]: any stage's error (a refused map, a template
//! that failed, a file that cannot be written, …) or a misuse of the
//! command line itself. [`print`] writes it on stderr in one layout —
//! `error: MESSAGE` and `  = hint: HINT`, or a refused map's located
//! diagnostics — and gives the exit code: 1 the input was refused, 2 misuse.

use std::borrow::Cow;
use std::process::ExitCode;

use essayplan::UnknownQuestion;
use essayplan::batch::RosterError;
use essayplan::error::{Diagnose, MISUSE};
use essayplan::map::{MapError, Report};
use essayplan::output::WriteError;
use essayplan::pdf::PdfError;
use essayplan::picture::PictureError;
use essayplan::render::{RenderError, TemplateError};
use essayplan::serve::ServeError;

use super::batch::BatchError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// Arguments that cannot go together, or cannot be done (exit 2).
    #[error("{message}")]
    Misuse {
        message: String,
        hint: Cow<'static, str>,
    },
    /// Input the command itself refuses: a file in the way, no maps found.
    #[error("{message}")]
    Refused {
        message: String,
        hint: Cow<'static, str>,
    },
    /// `check` refused this many maps; its report (the command's output)
    /// has said why, so nothing more is printed.
    #[error("{0} maps refused")]
    Checked(usize),
    #[error(transparent)]
    Map(#[from] MapError),
    /// A question the map does not have, with the map named.
    #[error("{file}: {source}")]
    Question {
        file: String,
        source: UnknownQuestion,
    },
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Roster(#[from] RosterError),
    #[error(transparent)]
    Batch(#[from] BatchError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Picture(#[from] PictureError),
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    /// Several failures, printed in turn (a batch's rows).
    #[error("{} problems", .0.len())]
    Many(Vec<Error>),
}

impl Error {
    /// A misuse of the command line (exit 2).
    pub(crate) fn misuse(message: impl Into<String>, hint: impl Into<Cow<'static, str>>) -> Self {
        Self::Misuse {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Input the command refuses (exit 1).
    pub(crate) fn refused(message: impl Into<String>, hint: impl Into<Cow<'static, str>>) -> Self {
        Self::Refused {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// The stage's error inside, if any.
    fn inner(&self) -> Option<&dyn Diagnose> {
        Some(match self {
            Self::Map(e) => e,
            Self::Question { source, .. } => source,
            Self::Template(e) => e,
            Self::Render(e) => e,
            Self::Write(e) => e,
            Self::Roster(e) => e,
            Self::Batch(e) => e,
            Self::Pdf(e) => e,
            Self::Picture(e) => e,
            Self::Serve(e) => e,
            Self::Misuse { .. }
            | Self::Refused { .. }
            | Self::Checked(_)
            | Self::Stdout(_)
            | Self::Many(_) => return None,
        })
    }
}

impl Diagnose for Error {
    fn hint(&self) -> Option<Cow<'_, str>> {
        match self {
            Self::Misuse { hint, .. } | Self::Refused { hint, .. } => {
                (!hint.is_empty()).then(|| Cow::Borrowed(hint.as_ref()))
            }
            _ => self.inner().and_then(Diagnose::hint),
        }
    }

    fn exit_code(&self) -> u8 {
        match self {
            Self::Misuse { .. } => MISUSE,
            Self::Many(all) => all.iter().map(Diagnose::exit_code).max().unwrap_or(1),
            _ => self.inner().map_or(1, Diagnose::exit_code),
        }
    }

    fn report(&self) -> Option<Cow<'_, Report>> {
        self.inner().and_then(Diagnose::report)
    }
}

/// Print an error on stderr, and the exit code it ends the process with.
pub(crate) fn print(error: &Error) -> ExitCode {
    eprint!("{}", render(error, super::color()));
    ExitCode::from(error.exit_code())
}

/// An error as [`print`] shows it: `error: …` and `  = hint: …` lines; or
/// located, over its source lines (a template error), and for a refused
/// map every diagnostic and the summary; each of several errors in turn.
fn render(error: &Error, color: bool) -> String {
    match error {
        Error::Many(all) => all.iter().map(|e| render(e, color)).collect(),
        // `check` printed its reports as its output.
        Error::Checked(_) => String::new(),
        Error::Map(refused) => format!("{}{refused}\n", refused.0.render(color)),
        one => match (one.report(), one.hint()) {
            (Some(report), _) => format!("{}\n", report.render(color).trim_end()),
            (None, Some(hint)) => format!("error: {one}\n  = hint: {hint}\n"),
            (None, None) => format!("error: {one}\n"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misuse_is_one_line_with_its_hint_and_exits_2() {
        let e = Error::misuse("--annotate needs a model answer", "add --mode model");
        assert_eq!(
            render(&e, false),
            "error: --annotate needs a model answer\n  = hint: add --mode model\n"
        );
        assert_eq!(e.exit_code(), MISUSE);
        let e = Error::refused("the file exists already", "");
        assert_eq!(render(&e, false), "error: the file exists already\n");
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn an_unknown_question_names_the_map_and_is_a_misuse() {
        let loaded = essayplan::map::from_bytes(
            "m.yaml",
            essayplan::builtin::source("great-purges")
                .unwrap()
                .as_bytes(),
        )
        .unwrap();
        let source = essayplan::select_question(&loaded.map, Some("paranoja")).unwrap_err();
        let e = Error::Question {
            file: "m.yaml".into(),
            source,
        };
        let text = render(&e, false);
        assert!(
            text.starts_with("error: m.yaml: no question `paranoja`"),
            "{text}"
        );
        assert!(text.contains("= hint: did you mean `paranoia`?"), "{text}");
        assert_eq!(e.exit_code(), MISUSE);
    }

    #[test]
    fn a_refused_map_prints_its_diagnostics_and_summary() {
        let report = essayplan::map::from_bytes("x.yaml", b"").unwrap_err();
        let e = Error::from(MapError::from(report));
        let text = render(&e, false);
        assert!(text.starts_with("error: the file is empty\n"), "{text}");
        assert!(
            text.ends_with("x.yaml: refused: 1 error, 0 warnings\n"),
            "{text}"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn several_errors_print_in_turn_and_checked_maps_print_nothing_more() {
        let row = |n: usize| {
            Error::from(BatchError::Row {
                roster: "r.csv".into(),
                message: format!("line {n}: unknown level"),
            })
        };
        let e = Error::Many(vec![row(2), row(5)]);
        assert_eq!(
            render(&e, false),
            "error: r.csv: line 2: unknown level\nerror: r.csv: line 5: unknown level\n"
        );
        assert_eq!(e.exit_code(), 1);
        assert_eq!(render(&Error::Checked(2), false), "");
        assert_eq!(Error::Checked(2).exit_code(), 1);
    }
}
