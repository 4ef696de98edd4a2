//! Diagnostics: what is wrong (or weak) in a map, where it stands, and how to
//! fix it. Rendering in the compiler style (`error: …` / `--> file:line:col`
//! / snippet with carets / `= hint: …`, laid out by annotate-snippets) and as
//! JSON lives here too.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is. Errors refuse the map; warnings flag a weak plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in the source: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// One problem in one map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the rule (`unknown-interpretation`).
    pub code: &'static str,
    pub message: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Characters underlined from `location` (at least 1).
    #[serde(skip)]
    pub width: usize,
    /// Short text under the caret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// A second place that matters (the first definition of a duplicate id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

/// A secondary location with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub message: String,
    #[serde(flatten)]
    pub location: Location,
}

impl Diagnostic {
    pub(crate) fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            width: 1,
            label: None,
            hint: None,
            note: None,
        }
    }

    pub(crate) fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub(crate) fn at(mut self, location: Option<Location>, width: usize) -> Self {
        self.location = location;
        self.width = width.max(1);
        self
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub(crate) fn note(mut self, location: Location, message: impl Into<String>) -> Self {
        self.note = Some(Note {
            message: message.into(),
            location,
        });
        self
    }
}

/// Every diagnostic found in one file, with the source text for snippets.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file as the user named it.
    pub file: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A diagnostic as JSON tools consume it: flat, with the file named.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

impl Report {
    pub(crate) fn new(file: impl Into<String>, source: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            source: source.into(),
            diagnostics: Vec::new(),
        }
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// Problems of a severity, counting those a capped report left out
    /// (its "N more problems not shown" stands for N).
    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| {
                if d.code == TOO_MANY {
                    d.message
                        .split(' ')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1)
                } else {
                    1
                }
            })
            .sum()
    }

    /// Sort by position so that reports read top to bottom; stable for
    /// diagnostics at the same place. "N more problems not shown" comes
    /// last, after the problems it follows.
    pub(crate) fn sort(&mut self) {
        self.diagnostics.sort_by_key(|d| {
            (
                d.code == TOO_MANY,
                d.location.map_or((0, 0), |l| (l.line, l.column)),
                d.severity,
            )
        });
    }

    /// The diagnostics as JSON values (one per problem).
    pub fn to_json(&self) -> Vec<serde_json::Value> {
        self.diagnostics
            .iter()
            .map(|diagnostic| {
                serde_json::to_value(JsonDiagnostic {
                    file: &self.file,
                    diagnostic,
                })
                .expect("a diagnostic serialises to JSON")
            })
            .collect()
    }

    /// Render every diagnostic in the compiler style, each followed by a
    /// blank line.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&self.render_one(&renderer, d));
            out.push_str("\n\n");
        }
        out
    }

    /// One line for the whole file: `FILE: refused: 2 errors, 1 warning`
    /// or `FILE: ok, 1 warning`.
    pub fn summary(&self) -> String {
        let (e, w) = (self.errors(), self.warnings());
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if e > 0 {
            format!(
                "{}: refused: {}, {}",
                self.file,
                plural(e, "error"),
                plural(w, "warning")
            )
        } else {
            format!("{}: ok, {}", self.file, plural(w, "warning"))
        }
    }

    /// One diagnostic, laid out by annotate-snippets (rustc's renderer):
    /// the title, `--> file:line:column`, the source line with carets
    /// under the problem (by display width), then `= note:` and `= hint:`.
    fn render_one(&self, renderer: &Renderer, d: &Diagnostic) -> String {
        // Map text reaches the terminal: no control or bidi characters.
        let title = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
        .primary_title(visible(&d.message));
        let snippet = d
            .location
            .and_then(|loc| Some((loc, self.snippet(loc, d.width)?)));
        let mut group = match snippet {
            Some((loc, (line, span))) => {
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = &d.label {
                    annotation = annotation.label(visible(label));
                }
                Group::with_title(title).element(
                    Snippet::source(line)
                        .line_start(loc.line)
                        .path(self.file.as_str())
                        .annotation(annotation),
                )
            }
            None => Group::with_title(title).element(Origin::path(self.file.as_str())),
        };
        if let Some(note) = &d.note {
            group = group.element(Level::NOTE.message(format!(
                "{} ({}:{}:{})",
                visible(&note.message),
                self.file,
                note.location.line,
                note.location.column
            )));
        }
        if let Some(hint) = &d.hint {
            group = group.element(Level::HELP.with_name("hint").message(visible(hint)));
        }
        renderer.render(&[group])
    }

    /// The source line a location points into, made safe to print, and the
    /// byte span of the `width` characters from its column. Characters
    /// before the column that [`visible`] would escape become one U+FFFD
    /// each, so that the column annotate-snippets counts stays the file's;
    /// from the column on they are escaped (`\u{200b}`) to be seen.
    fn snippet(&self, loc: Location, width: usize) -> Option<(String, std::ops::Range<usize>)> {
        let line = self.source.lines().nth(loc.line.checked_sub(1)?)?;
        let chars: Vec<char> = line.chars().collect();
        let col = loc.column.saturating_sub(1).min(chars.len());
        let end = (col + width.max(1)).min(chars.len());
        let mut shown: String = chars[..col]
            .iter()
            .map(|&c| if unusual(c) { '\u{FFFD}' } else { c })
            .collect();
        let start = shown.len();
        shown.push_str(&visible(&chars[col..end].iter().collect::<String>()));
        let span = start..shown.len();
        shown.push_str(&visible(&chars[end..].iter().collect::<String>()));
        Some((shown, span))
    }
}

/// A map that was refused, with every problem found in it.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.summary())]
pub struct MapError(pub Report);

impl From<Report> for MapError {
    fn from(report: Report) -> Self {
        Self(report)
    }
}

impl crate::error::Diagnose for MapError {
    fn report(&self) -> Option<std::borrow::Cow<'_, Report>> {
        Some(std::borrow::Cow::Borrowed(&self.0))
    }
}

/// The code of the "N more problems not shown" diagnostic.
pub(crate) const TOO_MANY: &str = "too-many-problems";

/// Whether a character is invisible or reorders text on a terminal:
/// controls, bidirectional marks and overrides, zero-width characters.
fn unusual(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Text safe to print: invisible and direction-changing characters shown
/// as `\u{…}` escapes.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(unusual) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unusual(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A note for an id or reference holding characters that look like
/// others or cannot be seen (`rivаl` with a Cyrillic `а`), naming them.
pub(crate) fn explain_lookalikes(word: &str) -> Option<String> {
    let odd: Vec<String> = word
        .chars()
        .filter(|c| !c.is_ascii())
        .map(|c| {
            if unusual(c) {
                format!("an invisible U+{:04X}", c as u32)
            } else {
                format!("`{c}` (U+{:04X}, not an ASCII letter)", c as u32)
            }
        })
        .collect();
    (!odd.is_empty()).then(|| format!("it contains {}", odd.join(", ")))
}

/// The closest candidate to `word` by edit distance, if it is close enough
/// to be a likely typo.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let word_len = word_lower.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let c_lower = c.to_lowercase();
            let c_len = c_lower.chars().count();
            let limit = (c_len.max(word_len) / 3).max(1);
            let prefix = c_lower.starts_with(&word_lower) || word_lower.starts_with(&c_lower);
            // Cheap length check first: most candidates are far off.
            if !prefix && c_len.abs_diff(word_len) > limit {
                return None;
            }
            let distance = strsim::osa_distance(&word_lower, &c_lower);
            (distance <= limit || prefix).then_some((distance, c))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// "a, b, c, …" for hints that list the allowed values.
pub(crate) fn list_some(items: &[&str], max: usize) -> String {
    let mut shown: Vec<&str> = items.iter().take(max).copied().collect();
    if items.len() > max {
        shown.push("…");
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(source: &str, d: Diagnostic) -> String {
        let mut r = Report::new("m.yaml", source);
        r.diagnostics.push(d);
        r.render(false)
    }

    #[test]
    fn carets_cover_the_display_width_and_the_column_stays_the_files() {
        let source = "title: x\nsupports: [王王, alpah]\n";
        let d = Diagnostic::error("unknown-interpretation", "unknown interpretation `alpah`")
            .at(
                Some(Location {
                    line: 2,
                    column: 16,
                }),
                5,
            )
            .label("not an interpretation")
            .hint("did you mean `alpha`?");
        assert_eq!(
            report(source, d),
            "error: unknown interpretation `alpah`\n \
             --> m.yaml:2:16\n  \
             |\n\
             2 | supports: [王王, alpah]\n  \
             |                  ^^^^^ not an interpretation\n  \
             |\n  \
             = hint: did you mean `alpha`?\n\n"
        );
    }

    #[test]
    fn invisible_characters_are_shown_without_moving_the_column() {
        // A zero-width space before the problem, and one inside it.
        let source = "a: [x\u{200b}y, b\u{200b}c]\n";
        let d = Diagnostic::error("x", "bad `b\u{200b}c`").at(
            Some(Location {
                line: 1,
                column: 10,
            }),
            3,
        );
        let text = report(source, d);
        assert!(text.contains("--> m.yaml:1:10"), "{text}");
        assert!(text.contains("x\u{FFFD}y, b\\u{200b}c]"), "{text}");
        assert!(text.contains("bad `b\\u{200b}c`"), "{text}");
        // The carets cover the escape as printed.
        assert_eq!(text.matches('^').count(), "b\\u{200b}c".len(), "{text}");
        assert!(!text.contains('\u{200b}'), "{text}");
    }

    #[test]
    fn a_problem_without_a_place_names_the_file() {
        let d = Diagnostic::error("empty", "the file is empty").hint("start from the skeleton");
        assert_eq!(
            report("", d),
            "error: the file is empty\n--> m.yaml\n = hint: start from the skeleton\n\n"
        );
    }

    #[test]
    fn the_summary_counts_errors_and_warnings() {
        let mut r = Report::new("m.yaml", "");
        assert_eq!(r.summary(), "m.yaml: ok, 0 warnings");
        r.diagnostics.push(Diagnostic::warning("w", "weak"));
        assert_eq!(r.summary(), "m.yaml: ok, 1 warning");
        r.diagnostics.push(Diagnostic::error("e", "bad"));
        r.diagnostics.push(Diagnostic::error("e", "bad"));
        assert_eq!(r.summary(), "m.yaml: refused: 2 errors, 1 warning");
    }
}
