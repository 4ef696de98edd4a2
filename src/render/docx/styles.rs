//! `word/styles.xml`, written whole from an editable asset
//! (`styles.xml` beside this file): docx-rs 0.4.22 always writes an empty
//! `Normal` style before ours, and Word, python-docx and the OOXML spec take
//! the *first* of two styles with one id, so the document could fall back to
//! Times New Roman 10 pt. Here there is one `Normal`, and the base font,
//! size, spacing and language sit in the document defaults as well, so they
//! hold whichever style a reader resolves.
//!
//! The asset is readable XML: indentation, line breaks and whole-line
//! comments are dropped, and `{font}`, `{lang}`, `{size}` and `{size N}`
//! (size N at an 11 pt body, scaled with the body) are filled in from the
//! [`Layout`].

use super::Layout;
use crate::render::xmltext::escape as xml_escape;

/// The built-in styles.
const ASSET: &str = include_str!("styles.xml");

/// Sizes in half-points for a body size, scaled from the 11 pt design.
fn scaled(body: u32, at_11pt: u32) -> u32 {
    (body * at_11pt + 11) / 22
}

/// The whole styles part for a layout.
pub(super) fn xml(layout: &Layout) -> Vec<u8> {
    fill(ASSET, layout).into_bytes()
}

/// A styles asset with its layout filled in: lines trimmed and joined,
/// whole-line comments dropped, placeholders replaced (an unknown one is
/// left as written).
fn fill(asset: &str, layout: &Layout) -> String {
    let font = xml_escape(&layout.font);
    let lang = xml_escape(&layout.lang);
    let mut out = String::with_capacity(asset.len());
    for line in asset.lines().map(str::trim) {
        if line.is_empty() || (line.starts_with("<!--") && line.ends_with("-->")) {
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                rest = &rest[open..];
                break;
            };
            let name = &after[..close];
            let at_11pt = name.strip_prefix("size ").and_then(|n| n.parse().ok());
            match (name, at_11pt) {
                ("font", _) => out.push_str(&font),
                ("lang", _) => out.push_str(&lang),
                ("size", _) => out.push_str(&layout.size.to_string()),
                (_, Some(n)) => out.push_str(&scaled(layout.size, n).to_string()),
                _ => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_normal_and_defaults_carry_the_font() {
        let xml = String::from_utf8(xml(&Layout::default())).unwrap();
        assert_eq!(xml.matches(r#"w:styleId="Normal""#).count(), 1);
        let defaults = xml.split("</w:docDefaults>").next().unwrap();
        assert!(defaults.contains(r#"w:ascii="Calibri""#));
        assert!(defaults.contains(r#"<w:sz w:val="22" />"#));
        assert!(defaults.contains(r#"<w:lang w:val="en-GB" />"#));
    }

    #[test]
    fn the_asset_is_filled_in_and_joined() {
        let layout = Layout {
            size: 28,
            ..Layout::default()
        };
        let filled = fill(
            "<a>\n  <!-- a note -->\n  <b w:val=\"{size}\" /><c w:val=\"{size 36}\" />\n  <d>{font} {lang} {other}</d>\n</a>\n",
            &layout,
        );
        assert_eq!(
            filled,
            r#"<a><b w:val="28" /><c w:val="46" /><d>Calibri en-GB {other}</d></a>"#
        );
        let xml = String::from_utf8(xml(&Layout::default())).unwrap();
        assert!(!xml.contains('\n') && !xml.contains("<!--") && !xml.contains('{'));
    }

    #[test]
    fn sizes_scale_with_the_body() {
        assert_eq!(scaled(22, 36), 36);
        assert_eq!(scaled(28, 36), 46);
        assert_eq!(scaled(22, 23), 23);
    }
}
