//! Pictures in plans: templates place `<!-- picture: judgement-line -->`
//! and `<!-- picture: interpretation-map -->` where a picture belongs; each
//! format fills them. Word gets PNGs with alt text (the line always, the
//! map at stretch), Markdown gets the map as a Mermaid block and, when the
//! plan is written to a file, a link to the line as an SVG beside it. A
//! picture is drawn once per plan; plans that share a `Drawn` (a batch's)
//! rasterise each distinct picture once, so once per kind of plan.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use super::docx::DocImage;
use crate::picture::{self, adapt};
use crate::plan::{EssayPlan, Level, Mode};

/// The judgement line's name.
pub(crate) const LINE: &str = "judgement-line";
/// The interpretation map's name.
pub(crate) const MAP: &str = "interpretation-map";

/// PNG width: A4 text width (17 cm) at about 180 dpi, sharp in print.
const PNG_WIDTH: u32 = 1200;
/// The judgement line is drawn at three quarters of the text width in
/// Word: still legible, and it leaves page 1 room for the question. Its
/// PNG is drawn narrower to match (the same 180 dpi).
const LINE_WIDTH_PERCENT: u8 = 75;
/// The interpretation map is drawn a little narrower than the text, which
/// keeps its boxes legible and saves a tenth of a page.
const MAP_WIDTH_PERCENT: u8 = 85;
const LINE_PNG_WIDTH: u32 = PNG_WIDTH * LINE_WIDTH_PERCENT as u32 / 100;

fn marker(name: &str) -> String {
    format!("<!-- picture: {name} -->")
}

/// Which pictures Word shows for a level and mode: the judgement line in
/// plans and banks, and the interpretation map at stretch and in banks.
pub(crate) fn shown_in_word(level: Level, mode: Mode) -> (bool, bool) {
    let line = mode != Mode::Model;
    (
        line,
        line && (level == Level::Stretch || mode == Mode::Bank),
    )
}

/// PNGs already drawn, by the SVG they were drawn from: rasterising is
/// most of the cost of a plan, and the students of one kind of plan share
/// their pictures. Shared across threads; each picture is drawn by one
/// thread while any other that needs it waits.
#[derive(Debug, Default)]
pub(crate) struct Drawn {
    pngs: Mutex<HashMap<String, Arc<Slot>>>,
}

/// One picture's PNG, drawn by the first thread that asks (`None`: it
/// cannot be drawn).
type Slot = OnceLock<Option<Vec<u8>>>;

impl Drawn {
    /// The PNG of `svg` at `width` pixels, drawn the first time it is asked for (`None`: it
    /// cannot be drawn).
    fn png(&self, svg: String, width: u32) -> Option<Vec<u8>> {
        let slot = {
            let mut pngs = self.pngs.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(pngs.entry(format!("{width}\n{svg}")).or_default())
        };
        slot.get_or_init(|| picture::png(&svg, width).ok()).clone()
    }
}

/// The PNGs a Word plan shows, by file name (see [`shown_in_word`]). Each is taken
/// from `drawn` when it holds the same picture already.
pub(crate) fn docx_images(plan: &EssayPlan, drawn: &Drawn) -> BTreeMap<String, DocImage> {
    let mut images = BTreeMap::new();
    let (show_line, show_map) = shown_in_word(plan.level, plan.mode);
    if !show_line {
        return images;
    }
    let line = adapt::judgement_line(plan);
    if let Some(png) = drawn.png(picture::svg(&line), LINE_PNG_WIDTH) {
        images.insert(
            format!("{LINE}.png"),
            DocImage {
                png,
                alt: picture::alt_text(&line),
                width_percent: LINE_WIDTH_PERCENT,
            },
        );
    }
    if show_map {
        let map = adapt::interpretation_map(plan);
        if let Some(png) = drawn.png(picture::svg_map(&map), PNG_WIDTH) {
            images.insert(
                format!("{MAP}.png"),
                DocImage {
                    png,
                    alt: picture::alt_text_map(&map),
                    width_percent: MAP_WIDTH_PERCENT,
                },
            );
        }
    }
    images
}

/// Markdown for Word: each marker becomes the image it names, when there
/// is one (`![alt](name.png)`, which the DOCX writer embeds), or goes.
pub(crate) fn for_docx(md: &str, images: &BTreeMap<String, DocImage>) -> String {
    let mut out = md.to_string();
    for (name, words) in [
        (LINE, "Judgement line"),
        (MAP, "Map of the interpretations"),
    ] {
        let file = format!("{name}.png");
        let with = if images.contains_key(&file) {
            format!("![{words}]({file})")
        } else {
            String::new()
        };
        out = out.replace(&marker(name), &with);
    }
    out
}

/// Markdown for reading: the map as a Mermaid block, and the line as a
/// link to `line_svg` (a file written beside the plan) when there is one.
pub(crate) fn for_markdown(md: &str, plan: &EssayPlan, line_svg: Option<&str>) -> String {
    let map = match plan.mode {
        Mode::Model => String::new(),
        _ => format!(
            "```mermaid\n{}```",
            picture::mermaid(&adapt::interpretation_map(plan))
        ),
    };
    let line = match line_svg {
        Some(file) if plan.mode != Mode::Model => format!("![Judgement line]({file})"),
        _ => String::new(),
    };
    md.replace(&marker(MAP), &map).replace(&marker(LINE), &line)
}

/// The judgement line as SVG (for the file beside a Markdown plan).
pub fn line_svg(plan: &EssayPlan) -> String {
    picture::svg(&adapt::judgement_line(plan))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_is_drawn_once_for_all_who_share_it() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="navy"/></svg>"#;
        let drawn = Drawn::default();
        let first = drawn.png(svg.to_string(), PNG_WIDTH).expect("drawn");
        assert_eq!(drawn.png(svg.to_string(), PNG_WIDTH), Some(first));
        assert_eq!(drawn.pngs.lock().unwrap().len(), 1);
    }
}
