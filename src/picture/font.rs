//! The one font every picture is measured and drawn with: DejaVu Sans,
//! compiled into the binary. Widths come from shaping with the font itself
//! (harfrust, as resvg does), so a label measured to fit its box fits it in
//! the PNG; SVG viewers with another sans-serif font draw it narrower.

use std::sync::{Arc, OnceLock};

use harfrust::{FontRef, ShapeOptions, ShaperData, UnicodeBuffer};
use resvg::usvg::fontdb;

/// DejaVu Sans 2.37 (Bitstream Vera licence, see `assets/fonts/`).
pub(crate) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold 2.37.
pub(crate) const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name the embedded font answers to.
pub(crate) const FAMILY: &str = "DejaVu Sans";
/// The `font-family` written into SVG: the embedded font first, then
/// common sans-serif faces for viewers that do not have it.
pub(crate) const SVG_FAMILY: &str =
    "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

struct Face {
    font: FontRef<'static>,
    data: ShaperData,
}

fn face(bold: bool) -> Option<&'static Face> {
    static REGULAR_FACE: OnceLock<Option<Face>> = OnceLock::new();
    static BOLD_FACE: OnceLock<Option<Face>> = OnceLock::new();
    let (cell, bytes) = if bold {
        (&BOLD_FACE, BOLD)
    } else {
        (&REGULAR_FACE, REGULAR)
    };
    cell.get_or_init(|| {
        let font = FontRef::new(bytes).ok()?;
        let data = ShaperData::new(&font);
        Some(Face { font, data })
    })
    .as_ref()
}

/// The advance width of `text` set in the embedded font at `size` px.
pub(crate) fn width(text: &str, size: f32, bold: bool) -> f32 {
    if text.is_empty() {
        return 0.0;
    }
    let Some(face) = face(bold) else {
        // Unreachable with the embedded font; a generous estimate otherwise.
        return text.chars().count() as f32 * size * 0.65;
    };
    let shaper = face.data.shaper(&face.font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let output = shaper.shape(buffer, ShapeOptions::new());
    let units: i64 = output
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum();
    units as f32 * size / shaper.units_per_em().max(1) as f32
}

/// `text` broken into lines no wider than `max` px at `size` px: at spaces
/// where it can, inside a word only when the word alone is too wide.
/// Whitespace runs (newlines included) count as one space.
pub(crate) fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let space = width(" ", size, bold);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in text.split_whitespace() {
        let w = width(word, size, bold);
        if !line.is_empty() && line_width + space + w <= max {
            line.push(' ');
            line.push_str(word);
            line_width += space + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if w <= max {
            line = word.to_string();
            line_width = w;
        } else {
            // Break the word itself, character by character.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(&piece, size, bold) > max && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line_width = width(&piece, size, bold);
            line = piece;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The widest of `lines`.
pub(crate) fn widest(lines: &[String], size: f32, bold: bool) -> f32 {
    lines
        .iter()
        .map(|l| width(l, size, bold))
        .fold(0.0, f32::max)
}

/// A font database holding only the embedded faces, with every generic
/// family mapped to them: no system font is ever consulted.
pub(crate) fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_serif_family(FAMILY);
        db.set_sans_serif_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        db.set_monospace_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let narrow = width("iiii", 16.0, false);
        let wide = width("WWWW", 16.0, false);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
        assert!(width("Stalin", 16.0, true) > width("Stalin", 16.0, false));
        assert_eq!(width("", 16.0, false), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "The Treaty of Versailles and its Supercalifragilisticexpialidocious reparations (1919–1932)";
        let lines = wrap(text, 14.0, false, 90.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(width(l, 14.0, false) <= 90.0, "{l}");
        }
        let joined: String = lines.concat();
        assert_eq!(
            joined.replace(' ', ""),
            text.replace(' ', ""),
            "no character is lost"
        );
    }
}
