//! SVG → PNG in-process with resvg, the embedded font and nothing else.

use resvg::{tiny_skia, usvg};

use super::{PictureError, font};

/// The widest PNG drawn.
const MAX_WIDTH: u32 = 10_000;

/// Rasterise `svg` (one of this module's pictures, or any SVG) to a PNG
/// `width_px` pixels wide, on white, keeping its aspect ratio. Text is set
/// in the embedded DejaVu Sans whatever family the SVG names, and no system
/// font is loaded: the same input gives the same bytes on every machine.
pub fn png(svg: &str, width_px: u32) -> Result<Vec<u8>, PictureError> {
    if width_px == 0 || width_px > MAX_WIDTH {
        return Err(PictureError::Width(width_px));
    }
    let options = usvg::Options {
        font_family: font::FAMILY.to_string(),
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PictureError::Svg(e.to_string()))?;
    let size = tree.size();
    let scale = width_px as f32 / size.width();
    let height = (size.height() * scale)
        .ceil()
        .clamp(1.0, (MAX_WIDTH * 4) as f32) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width_px, height)
        .ok_or_else(|| PictureError::Encode(format!("no {width_px}×{height} canvas")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PictureError::Encode(e.to_string()))
}
