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
pub enum Error {
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
    pub fn misuse(message: impl Into<String>, hint: impl Into<Cow<'static, str>>) -> Self {
        Self::Misuse {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Input the command refuses (exit 1).
    pub fn refused(message: impl Into<String>, hint: impl Into<Cow<'static, str>>) -> Self {
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

    fn report(&self) -> Option<&Report> {
        self.inner().and_then(Diagnose::report)
    }
}

/// Print an error on stderr, and the exit code it ends the process with.
pub fn print(error: &Error) -> ExitCode {
    match error {
        Error::Many(all) => all.iter().for_each(print_one),
        Error::Checked(_) => {}
        one => print_one(one),
    }
    ExitCode::from(error.exit_code())
}

fn print_one(error: &Error) {
    if let Some(report) = error.report() {
        eprint!("{}", report.render(super::color()));
        eprintln!("{}", report.summary());
        return;
    }
    eprintln!("error: {error}");
    if let Some(hint) = error.hint() {
        eprintln!("  = hint: {hint}");
    }
}
