//! Load: bytes → a located YAML tree (`Node`), read once. The only
//! place that knows the parser is YAML (serde-saphyr). Hostile input is
//! refused here, before or during parsing: files over [`MAX_MAP_BYTES`],
//! non-UTF-8 bytes, empty files, alias bombs and deep nesting
//! (serde-saphyr's budget). What the tree must look like is checked from
//! the format's table (`structure`), then decoded
//! ([`super::raw`]) and validated.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Location};

/// A YAML value with the location of every value below it.
#[derive(Debug)]
pub(crate) enum Node {
    Scalar(Scalar),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

/// A single value, as YAML types it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    /// A decimal, or a whole number too large for 64 bits.
    Float,
    Text(String),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Null))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Bool(b)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Int(n)))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node, E> {
                Ok(Node::Scalar(
                    i64::try_from(n).map_or(Scalar::Float, Scalar::Int),
                ))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Float))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Text(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Text(s)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<Node>>()?;
                    entries.push((key, value));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// Where a value is, when the parser knew.
pub(crate) fn at<T>(s: &Spanned<T>) -> Option<Location> {
    loc(Some(s.referenced))
}

/// Maps larger than this are refused unread (a real map is a few tens of KB).
pub(crate) const MAX_MAP_BYTES: usize = 5 * 1024 * 1024;

/// A file's text and its located tree.
pub(crate) type Parsed = (String, Spanned<Node>);

/// A file the parser refused: its text (as far as it is text) and why.
pub(crate) type Refused = Box<(String, Diagnostic)>;

/// Parse a map's bytes into its text and located tree, or the one
/// diagnostic that stopped the parser.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, Refused> {
    if bytes.len() > MAX_MAP_BYTES {
        return Err(Box::new((
            String::new(),
            Diagnostic::error(
                "too-large",
                format!(
                    "the file is larger than {} MB, the limit for a map",
                    MAX_MAP_BYTES / (1024 * 1024)
                ),
            )
            .hint("an argument map is a few pages of YAML; is this the right file?"),
        )));
    }
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_string(),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(good);
            let line = text.matches('\n').count() + 1;
            let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(Box::new((
                String::from_utf8_lossy(bytes).into_owned(),
                Diagnostic::error("not-utf8", "the file is not UTF-8 text")
                    .at(Some(Location { line, column }), 1)
                    .hint("save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)"),
            )));
        }
    };
    // Lines as any editor ends them (CR-only files too).
    let blank = source
        .split(['\n', '\r'])
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    if blank {
        return Err(Box::new((
            source,
            Diagnostic::error("empty", "the file is empty")
                .hint("start from the skeleton that `essayplan new` prints"),
        )));
    }
    let options = serde_saphyr::options! { with_snippet: false };
    match serde_saphyr::from_str_with_options::<Spanned<Node>>(&source, options) {
        Ok(root) => Ok((source, root)),
        Err(e) => {
            let mut d = describe(&e);
            // Too many values from a short file: its aliases multiplied them.
            if d.code == "too-complex" && !d.message.contains("nested") && uses_aliases(&source) {
                d = too_complex("alias", d.location);
            }
            let d = unclosed_quote(&source, &d).unwrap_or(d);
            Err(Box::new((source, d)))
        }
    }
}

fn loc(l: Option<serde_saphyr::Location>) -> Option<Location> {
    l.filter(|l| l.line() > 0).map(|l| Location {
        line: l.line() as usize,
        column: l.column().max(1) as usize,
    })
}

/// Turn a parser error into a diagnostic a teacher can act on.
fn describe(e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let e = e.without_snippet();
    let at = loc(e.location());
    match e {
        E::Budget { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => too_complex(&first_line(e), at),
        _ => syntax(e, at),
    }
}

/// Parser messages that are really type or shape errors, in plain words.
fn syntax(e: &serde_saphyr::Error, at: Option<Location>) -> Diagnostic {
    let message = first_line(e);
    // The parser's own limit on nesting, met before the budget's.
    if message.starts_with("budget breached") || message.starts_with("recursion limit") {
        return too_complex(&message, at);
    }
    if message.starts_with("multiple YAML documents") {
        return Diagnostic::error(
            "yaml-syntax",
            "the file holds more than one YAML document (a `---` line after the start)",
        )
        .at(at, 1)
        .hint("a map is one document: remove the `---` line above, or split the file in two");
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return Diagnostic::error(
            "duplicate-key",
            format!("the key `{key}` appears twice in this mapping"),
        )
        .at(at, key.chars().count())
        .hint("each key may appear once in a mapping; delete or merge one of them");
    }
    Diagnostic::error("yaml-syntax", format!("YAML syntax: {message}"))
        .at(at, 1)
        .hint("check the indentation, the quotes and that every `key:` is followed by a space")
}

/// A file the parser's budget refused, in words that fit the cause: too
/// many values (a very large map), too deep, or aliases.
fn too_complex(message: &str, at: Option<Location>) -> Diagnostic {
    let lower = message.to_lowercase();
    let (what, hint) = if lower.contains("alias") {
        (
            "the file repeats its anchors (`&name` / `*name`) too often to read safely",
            "argument maps need no anchors or aliases; write the values out",
        )
    } else if lower.contains("depth") || lower.contains("nest") || lower.contains("recursion") {
        (
            "the file is nested too deeply to read safely",
            "an argument map is at most a few levels deep; check the indentation",
        )
    } else {
        (
            "the file has too many values to read safely (hundreds of thousands)",
            "a map this large is unusual: split it into several maps",
        )
    };
    Diagnostic::error("too-complex", what).at(at, 1).hint(hint)
}

/// Whether the file refers back to an anchor (`*name` after a key, a
/// dash or inside a `[…]` list), the way an alias bomb multiplies values.
fn uses_aliases(source: &str) -> bool {
    source.lines().any(|line| {
        line.match_indices('*').any(|(i, _)| {
            let before = line[..i].trim_end();
            let named = line[i + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            named
                && (before.ends_with(':')
                    || before.ends_with('-')
                    || before.ends_with('[')
                    || before.ends_with(','))
        })
    })
}

/// A quote left open: the parser reads on to the next quote in the file
/// and complains there ("trailing content after double-quoted scalar").
/// Point at the quote that opened the text instead.
fn unclosed_quote(source: &str, d: &Diagnostic) -> Option<Diagnostic> {
    let quote = if d.message.contains("after double-quoted scalar") {
        '"'
    } else if d.message.contains("after single-quoted scalar") {
        '\''
    } else {
        return None;
    };
    let at = d.location?;
    // The byte offset of the error's position.
    let line_start: usize = source
        .split_inclusive('\n')
        .take(at.line - 1)
        .map(str::len)
        .sum();
    let line = source[line_start..].split('\n').next()?;
    let col = line
        .char_indices()
        .nth(at.column - 1)
        .map_or(line.len(), |(i, _)| i);
    let before = &source[..line_start + col];
    // The closing quote is the last one before the position; the opening
    // one the quote before it that is not escaped (`\"`) or doubled (`''`).
    let close = before.rfind(quote)?;
    let mut i = close;
    let open = loop {
        let j = source[..i].rfind(quote)?;
        let escaped = match quote {
            '"' => source[..j].ends_with('\\'),
            _ => source[..j].ends_with('\''),
        };
        if !escaped {
            break j;
        }
        // Skip the escape: `\"`, or both quotes of `''`.
        i = if quote == '\'' { j - 1 } else { j };
    };
    let location_of = |offset: usize| {
        let line = source[..offset].matches('\n').count() + 1;
        let start = source[..offset].rfind('\n').map_or(0, |n| n + 1);
        Location {
            line,
            column: source[start..offset].chars().count() + 1,
        }
    };
    let opened = location_of(open);
    if opened.line == at.line {
        return None;
    }
    let closed = location_of(close);
    Some(
        Diagnostic::error(
            "unclosed-quote",
            format!(
                "this quoted text is never closed: it runs on to line {}",
                closed.line
            ),
        )
        .at(Some(opened), 1)
        .label("opened here")
        .note(closed, "the text ends at the next quote, here")
        .hint(format!("add the closing {quote} at the end of the text")),
    )
}

fn first_line(e: &serde_saphyr::Error) -> String {
    let text = e.to_string();
    let line = text.lines().next().unwrap_or("").trim();
    // serde-saphyr appends " at line X column Y"; we print our own location.
    match line.find(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_told_from_asterisks_in_text() {
        assert!(uses_aliases("a: &x [1]\nb: *x\n"));
        assert!(uses_aliases("b: [*x, *x]\n"));
        assert!(!uses_aliases("point: 5 * 3 men\nview: \"*emphasis*\"\n"));
    }
}
