//! Diagnostics: what is wrong (or weak) in a map, where it stands, and how to
//! fix it. Rendering in the compiler style (`error: …` / `--> file:line:col`
//! / snippet with a caret / `= hint: …`) and as JSON lives here too.

use serde::Serialize;
use std::fmt::Write as _;

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
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
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

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub fn at(mut self, location: Option<Location>, width: usize) -> Self {
        self.location = location;
        self.width = width.max(1);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn note(mut self, location: Location, message: impl Into<String>) -> Self {
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
    pub fn new(file: impl Into<String>, source: impl Into<String>) -> Self {
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
    pub fn sort(&mut self) {
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
                .unwrap_or(serde_json::Value::Null)
            })
            .collect()
    }

    /// Render every diagnostic in the compiler style.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            self.render_one(&mut out, d, color);
        }
        out
    }

    fn render_one(&self, out: &mut String, d: &Diagnostic, color: bool) {
        let paint = Paint(color);
        // Map text reaches the terminal: no control or bidi characters.
        let shown = |s: &str| visible(s).into_owned();
        let d = &Diagnostic {
            message: shown(&d.message),
            label: d.label.as_deref().map(shown),
            hint: d.hint.as_deref().map(shown),
            note: d.note.clone().map(|n| Note {
                message: shown(&n.message),
                ..n
            }),
            ..d.clone()
        };
        let (word, style) = match d.severity {
            Severity::Error => ("error", RED),
            Severity::Warning => ("warning", YELLOW),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint.bold(style, word),
            paint.bold("", &d.message)
        );
        // The gutter is as wide as the line number, as in rustc.
        let pad = " ".repeat(d.location.map_or(1, |l| l.line.to_string().len()));
        match d.location {
            Some(loc) => {
                let _ = writeln!(
                    out,
                    "{pad}{} {}:{}:{}",
                    paint.bold(BLUE, "-->"),
                    self.file,
                    loc.line,
                    loc.column
                );
                self.snippet(out, loc, d.width, d.label.as_deref(), style, paint);
            }
            None => {
                let _ = writeln!(out, "{pad}{} {}", paint.bold(BLUE, "-->"), self.file);
            }
        }
        if let Some(note) = &d.note {
            let _ = writeln!(
                out,
                "{pad} {} note: {} ({}:{}:{})",
                paint.bold(BLUE, "="),
                note.message,
                self.file,
                note.location.line,
                note.location.column
            );
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "{pad} {} hint: {}", paint.bold(BLUE, "="), hint);
        }
        out.push('\n');
    }

    fn snippet(
        &self,
        out: &mut String,
        loc: Location,
        width: usize,
        label: Option<&str>,
        style: &str,
        paint: Paint,
    ) {
        let Some(line) = self.source.lines().nth(loc.line.saturating_sub(1)) else {
            return;
        };
        // Keep snippets readable: very long lines are cut around the caret.
        let chars: Vec<char> = line.chars().collect();
        let start = loc.column.saturating_sub(1).saturating_sub(40);
        let end = (loc.column + width + 40).min(chars.len());
        let shown: String = chars[start.min(chars.len())..end].iter().collect();
        let shown = visible(&shown.replace('\t', " ")).into_owned();
        let prefix = if start > 0 { "…" } else { "" };
        let gutter = loc.line.to_string();
        let pad = " ".repeat(gutter.len());
        let bar = paint.bold(BLUE, "|");
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {prefix}{shown}", paint.bold(BLUE, &gutter));
        // Carets go by display width (a CJK character takes two columns),
        // and under what `visible` shows for an escaped character.
        let col = loc.column.saturating_sub(1).min(chars.len());
        let span = |cs: &[char]| -> usize {
            cs.iter()
                .map(|&c| {
                    let s = c.to_string();
                    let v = visible(&s);
                    unicode_width::UnicodeWidthStr::width(v.as_ref())
                })
                .sum()
        };
        let caret_col = span(&chars[start.min(col)..col]) + prefix.chars().count();
        let under = &chars[col..(col + width).min(chars.len()).max(col)];
        let carets = "^".repeat(span(under).max(1));
        let label = label.map(|l| format!(" {l}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            " ".repeat(caret_col),
            paint.bold(style, &format!("{carets}{label}"))
        );
    }
}

/// The code of the "N more problems not shown" diagnostic.
pub const TOO_MANY: &str = "too-many-problems";

/// Whether a character is invisible or reorders text on a terminal:
/// controls, bidirectional marks and overrides, zero-width characters.
fn unusual(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Text safe to print: invisible and direction-changing characters shown
/// as `\u{…}` escapes.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
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
pub fn explain_lookalikes(word: &str) -> Option<String> {
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

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BLUE: &str = "\x1b[34m";

#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn bold(self, colour: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[1m{colour}{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough
/// to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
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
pub fn list_some(items: &[&str], max: usize) -> String {
    let mut shown: Vec<&str> = items.iter().take(max).copied().collect();
    if items.len() > max {
        shown.push("…");
    }
    shown.join(", ")
}
