//! One protocol for every error essayplan reports: the message is the
//! error's `Display`, and [`Diagnose`] adds what to do about it and how the
//! process ends. Each stage has its own error type (the map's
//! [`MapError`](crate::map::MapError), [`RenderError`](crate::render::RenderError),
//! [`WriteError`](crate::output::WriteError), [`RosterError`](crate::batch::RosterError),
//! [`PdfError`](crate::pdf::PdfError), [`ServeError`](crate::serve::ServeError),
//! …), and its `Diagnose` impl sits beside it; the command line prints any
//! of them in one place, and `serve` sends the same message and hint to the
//! page.

use std::borrow::Cow;

use crate::map::Report;

/// Exit code: the input was refused (an invalid map, template or roster; a
/// file that cannot be written).
pub const REFUSED: u8 = 1;
/// Exit code: the command line asks for something that cannot be done (bad
/// arguments, an unknown question id).
pub const MISUSE: u8 = 2;

/// What an error says besides its message.
pub trait Diagnose: std::error::Error {
    /// One line on what to do about it, when there is something useful to
    /// say.
    fn hint(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// [`REFUSED`] unless the error is a misuse ([`MISUSE`]).
    fn exit_code(&self) -> u8 {
        REFUSED
    }

    /// The error as located diagnostics, printed with their source lines:
    /// every problem of a refused map, or a template error over its line.
    fn report(&self) -> Option<Cow<'_, Report>> {
        None
    }
}

/// A hint given as text, where "" means none.
pub(crate) fn some(hint: &str) -> Option<Cow<'_, str>> {
    (!hint.is_empty()).then_some(Cow::Borrowed(hint))
}

/// The hint as text ("" for none), for the page `serve` shows.
pub(crate) fn hint_text(e: &dyn Diagnose) -> String {
    e.hint().map(Cow::into_owned).unwrap_or_default()
}
