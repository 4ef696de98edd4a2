//! Text that XML 1.0 can carry. A map or roster may hold characters XML
//! forbids (escaped in YAML as `"\u0001"` or `"\uFFFF"`, or typed into a
//! spreadsheet); one of them in `word/document.xml` makes Word, LibreOffice
//! and python-docx refuse the whole file. They are removed from all DOCX
//! text, so a file reported as written always opens.

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in text: tab, line feed, carriage return and
/// everything from U+0020 except U+FFFE and U+FFFF (a Rust `char` is never
/// a lone surrogate).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `text` without the characters XML 1.0 forbids (borrowed when clean).
pub(crate) fn strip_forbidden(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Text escaped for XML content and attribute values, without the
/// characters XML 1.0 forbids.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(
            strip_forbidden("a\u{0}b\u{1}c\u{1b}[31md\u{FFFE}\u{FFFF}e\tf\ng"),
            "abc[31mde\tf\ng"
        );
        assert!(matches!(
            strip_forbidden("Сталин 王 \u{202e}ok"),
            Cow::Borrowed(_)
        ));
    }
}
