//! The judgement line: the three extents as bands on a scale of scores,
//! each interpretation placed by its score, the focus marked, ties side by
//! side, labels in cards that never overlap.
//!
//! Cards sit in one row under the line, or, when they do not fit, in a row
//! above and a row below taken alternately in score order. Within a row the
//! cards keep the order of their markers, so no two leader lines cross.

use super::font;
use super::svgw::{Rect, Svg, TextStyle, block_height, n};
use super::{Extent, JudgementLine, Scale, Source, extent_of};

/// The picture's width in user units (it scales to A4 text width).
pub(crate) const WIDTH: f32 = 800.0;
const MARGIN: f32 = 24.0;
const AXIS_INSET: f32 = 80.0;
const BAND_HEIGHT: f32 = 34.0;
const CARD_GAP: f32 = 10.0;
const CARD_PAD: f32 = 7.0;
const CARD_MAX: f32 = 190.0;
const LABEL: f32 = 15.0;
const SMALL: f32 = 12.5;
const LEADER: f32 = 34.0;

/// A label card before it is placed.
struct Card {
    lines: Vec<String>,
    focus: bool,
    w: f32,
    h: f32,
    /// The marker's x.
    mx: f32,
}

/// The x of a score: each whole score has a cell of equal width.
struct Axis {
    min: i32,
    max: i32,
    left: f32,
    right: f32,
}

impl Axis {
    fn cell(&self) -> f32 {
        (self.right - self.left) / (self.max - self.min + 1) as f32
    }
    fn x(&self, v: f32) -> f32 {
        self.left + (v - self.min as f32 + 0.5) * self.cell()
    }
    /// The x range of the scores `lo..=hi`, clipped to the scale.
    fn span(&self, lo: i32, hi: i32) -> Option<(f32, f32)> {
        let (lo, hi) = (lo.max(self.min), hi.min(self.max));
        (lo <= hi).then(|| (self.x(lo as f32 - 0.5), self.x(hi as f32 + 0.5)))
    }
}

fn card_style(focus: bool) -> TextStyle {
    let s = TextStyle::new(LABEL);
    if focus { s.bold() } else { s }
}

fn make_card(label: &str, focus: bool, max_w: f32, mx: f32) -> Card {
    let style = card_style(focus);
    let mut lines = Vec::new();
    if focus {
        lines.push("FOCUS".to_string());
    }
    lines.extend(font::wrap(label, LABEL, focus, max_w - 2.0 * CARD_PAD));
    let w = font::widest(&lines, LABEL, focus) + 2.0 * CARD_PAD;
    Card {
        h: block_height(lines.len(), style) + 2.0 * CARD_PAD,
        w: w.max(36.0),
        lines,
        focus,
        mx,
    }
}

/// Centres for boxes of `widths` wanting to sit at `desired`, kept `gap`
/// apart, in order, within `left..right`, each moved as little as a
/// forward and a backward sweep allow.
pub(crate) fn spread(desired: &[f32], widths: &[f32], left: f32, right: f32, gap: f32) -> Vec<f32> {
    let gaps = vec![gap; desired.len().saturating_sub(1)];
    spread_with(desired, widths, left, right, &gaps)
}

/// [`spread`] with its own gap after each box but the last.
pub(crate) fn spread_with(
    desired: &[f32],
    widths: &[f32],
    left: f32,
    right: f32,
    gaps: &[f32],
) -> Vec<f32> {
    let k = desired.len();
    let gap = |i: usize| gaps.get(i).copied().unwrap_or(0.0);
    let mut c = desired.to_vec();
    for i in 0..k {
        let lo = if i == 0 {
            left + widths[0] / 2.0
        } else {
            c[i - 1] + (widths[i - 1] + widths[i]) / 2.0 + gap(i - 1)
        };
        c[i] = c[i].max(lo);
    }
    for i in (0..k).rev() {
        let hi = if i + 1 == k {
            right - widths[i] / 2.0
        } else {
            c[i + 1] - (widths[i] + widths[i + 1]) / 2.0 - gap(i)
        };
        c[i] = c[i].min(hi);
    }
    // If the row is wider than the space, the backward sweep pushed the
    // first past the left edge: lay them out from the left instead (the
    // callers size boxes so this does not happen).
    if k > 0 && c[0] - widths[0] / 2.0 < left - 0.01 {
        let mut x = left;
        for i in 0..k {
            c[i] = x + widths[i] / 2.0;
            x += widths[i] + gap(i);
        }
    }
    c
}

fn row_width(cards: &[&Card]) -> f32 {
    cards.iter().map(|c| c.w).sum::<f32>() + CARD_GAP * cards.len().saturating_sub(1) as f32
}

/// The judgement line as SVG.
pub fn svg(line: &JudgementLine) -> String {
    let (min, max) = if line.scale_min <= line.scale_max {
        (line.scale_min, line.scale_max)
    } else {
        (line.scale_max, line.scale_min)
    };
    // Keep absurd ranges drawable.
    let max = max.min(min + 60);
    let axis = Axis {
        min,
        max,
        left: AXIS_INSET,
        right: WIDTH - AXIS_INSET,
    };
    let best = line.best_rival_score;
    let mut svg = Svg::new();

    // Title and judgement.
    let title_style = TextStyle::new(17.0).bold();
    let title_lines = font::wrap(&line.question, 17.0, true, WIDTH - 2.0 * MARGIN);
    let mut y = MARGIN;
    y += svg.lines(MARGIN, y, &title_lines, title_style) + 4.0;
    let caption = judgement_caption(line);
    let caption_style = TextStyle::new(14.5);
    let caption_lines = font::wrap(&caption, 14.5, false, WIDTH - 2.0 * MARGIN);
    y += svg.lines(MARGIN, y, &caption_lines, caption_style) + 14.0;

    // Markers: ties side by side around their score, the higher-ranked
    // (earlier) point to the right, on the stronger side.
    let k = line.points.len();
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by_key(|&i| (line.points[i].score.clamp(min, max), std::cmp::Reverse(i)));
    let mut mx = vec![0.0f32; k];
    let mut i = 0;
    while i < order.len() {
        let score = line.points[order[i]].score.clamp(min, max);
        let mut j = i;
        while j < order.len() && line.points[order[j]].score.clamp(min, max) == score {
            j += 1;
        }
        let tied = (j - i) as f32;
        let step = (axis.cell() * 0.8 / tied).min(20.0);
        for (t, &p) in order[i..j].iter().enumerate() {
            mx[p] = axis.x(score as f32) + (t as f32 - (tied - 1.0) / 2.0) * step;
        }
        i = j;
    }

    // Cards: one row below if they fit, else alternately above and below.
    let avail = WIDTH - 2.0 * MARGIN;
    let mut cards: Vec<Card> = order
        .iter()
        .map(|&p| make_card(&line.points[p].label, line.points[p].focus, CARD_MAX, mx[p]))
        .collect();
    let one_row = row_width(&cards.iter().collect::<Vec<_>>()) <= avail;
    if !one_row {
        let per_row = k.div_ceil(2).max(1) as f32;
        let max_w = ((avail - CARD_GAP * (per_row - 1.0)) / per_row).min(CARD_MAX);
        cards = order
            .iter()
            .map(|&p| make_card(&line.points[p].label, line.points[p].focus, max_w, mx[p]))
            .collect();
    }
    let (above, below): (Vec<usize>, Vec<usize>) = if one_row {
        (Vec::new(), (0..k).collect())
    } else {
        (0..k).partition(|&c| c % 2 == 1)
    };
    let place = |idx: &[usize]| -> Vec<f32> {
        let desired: Vec<f32> = idx.iter().map(|&c| cards[c].mx).collect();
        let widths: Vec<f32> = idx.iter().map(|&c| cards[c].w).collect();
        spread(&desired, &widths, MARGIN, WIDTH - MARGIN, CARD_GAP)
    };
    let above_x = place(&above);
    let below_x = place(&below);
    let above_h = above.iter().map(|&c| cards[c].h).fold(0.0, f32::max);

    // Vertical positions.
    let band_top = y + if above.is_empty() {
        0.0
    } else {
        above_h + LEADER
    };
    let axis_y = band_top + BAND_HEIGHT;
    let below_top = axis_y + LEADER + 10.0;

    // Bands.
    let bands = [
        (Extent::Limited, i32::MIN / 2, best - 2, "#E6E6E6"),
        (Extent::Some, best - 1, best, "#CFE3F3"),
        (Extent::Large, best + 1, i32::MAX / 2, "#FBE0C3"),
    ];
    // Band names are written last, haloed in their band's colour, so
    // leader lines pass behind them.
    let mut band_labels = Vec::new();
    svg.raw(r#"<g class="bands">"#);
    for (extent, lo, hi, fill) in bands {
        let Some((x0, x1)) = axis.span(lo, hi) else {
            continue;
        };
        let r = Rect {
            x: x0,
            y: band_top,
            w: x1 - x0,
            h: BAND_HEIGHT,
        };
        svg.rect(
            r,
            0.0,
            &format!(r##"fill="{fill}" stroke="#FFFFFF" stroke-width="2" class="band""##),
        );
        let chosen = extent == line.extent;
        let style = TextStyle::new(13.0).anchor("middle");
        let style = if chosen { style.bold() } else { style };
        let text = [extent.phrase(), band_word(extent)]
            .into_iter()
            .find(|t| font::width(t, 13.0, chosen) <= r.w - 6.0)
            .unwrap_or("");
        if !text.is_empty() {
            band_labels.push((r.cx(), text, style, fill));
        }
    }
    svg.raw("</g>");

    // Axis and ticks.
    svg.line(
        axis.left,
        axis_y,
        axis.right,
        axis_y,
        r##"stroke="#333333" stroke-width="2""##,
    );
    let mut tick_labels = Vec::new();
    let every = if axis.cell() >= 22.0 { 1 } else { 2 };
    for v in (min..=max).filter(|v| (v - min) % every == 0) {
        let x = axis.x(v as f32);
        svg.line(x, axis_y, x, axis_y + 6.0, r##"stroke="#333333""##);
        if line.show_scores {
            tick_labels.push((x, v));
        }
    }
    svg.text(
        axis.left - 8.0,
        axis_y + 19.0,
        "weaker",
        TextStyle::new(SMALL).anchor("end").fill("#555555"),
    );
    svg.text(
        axis.right + 8.0,
        axis_y + 19.0,
        "stronger",
        TextStyle::new(SMALL).fill("#555555"),
    );

    // Cards and leaders.
    let mut bottom = below_top;
    let draw = |svg: &mut Svg, c: &Card, cx: f32, top: f32, up: bool| {
        let r = Rect {
            x: cx - c.w / 2.0,
            y: top,
            w: c.w,
            h: c.h,
        };
        let (y0, y1) = if up {
            (axis_y - 8.0, r.bottom())
        } else {
            (axis_y + 8.0, r.y)
        };
        svg.line(c.mx, y0, cx, y1, r##"stroke="#666666" stroke-width="1.2""##);
        let (stroke, width, fill) = if c.focus {
            ("#000000", "2.5", "#FFF6CC")
        } else {
            ("#666666", "1.2", "#FFFFFF")
        };
        svg.rect(
            r,
            5.0,
            &format!(
                r#"fill="{fill}" stroke="{stroke}" stroke-width="{width}" class="card{}""#,
                if c.focus { " focus" } else { "" }
            ),
        );
        let mut ty = r.y + CARD_PAD;
        for (i, l) in c.lines.iter().enumerate() {
            let style = if c.focus && i == 0 {
                TextStyle::new(SMALL).bold().fill("#7A5A00")
            } else {
                card_style(c.focus)
            };
            let style = style.anchor("middle");
            svg.text(cx, ty + LABEL * 0.95, l, style);
            ty += card_style(c.focus).leading();
        }
        r.bottom()
    };
    for (slot, &c) in above.iter().enumerate() {
        let card = &cards[c];
        let top = band_top - LEADER - card.h;
        draw(&mut svg, card, above_x[slot], top, true);
    }
    for (slot, &c) in below.iter().enumerate() {
        let b = draw(&mut svg, &cards[c], below_x[slot], below_top, false);
        bottom = bottom.max(b);
    }

    // Markers, drawn last so leaders start under them.
    for (slot, &p) in order.iter().enumerate() {
        let x = cards[slot].mx;
        if line.points[p].focus {
            let d = 10.0;
            svg.raw(&format!(
                r##"<path d="M {} {} L {} {} L {} {} L {} {} Z" fill="#000000" stroke="#FFFFFF" stroke-width="1.5" class="marker focus"/>"##,
                n(x),
                n(axis_y - d),
                n(x + d),
                n(axis_y),
                n(x),
                n(axis_y + d),
                n(x - d),
                n(axis_y)
            ));
        } else {
            svg.raw(&format!(
                r##"<circle cx="{}" cy="{}" r="6.5" fill="#555555" stroke="#FFFFFF" stroke-width="1.5" class="marker"/>"##,
                n(x),
                n(axis_y)
            ));
        }
    }

    for (x, v) in tick_labels {
        svg.raw(&format!(
            r##"<text x="{}" y="{}" font-size="{}" fill="#555555" text-anchor="middle" stroke="#FFFFFF" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{v}</text>"##,
            n(x),
            n(axis_y + 19.0),
            n(SMALL)
        ));
    }
    for (x, text, style, fill) in band_labels {
        svg.raw(&format!(
            r#"<text x="{}" y="{}" font-size="{}" fill="{}"{} text-anchor="middle" stroke="{fill}" stroke-width="5" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            n(x),
            n(band_top + BAND_HEIGHT / 2.0 + 4.5),
            n(style.size),
            style.fill,
            if style.bold { r#" font-weight="bold""# } else { "" },
            super::svgw::escape(text)
        ));
    }

    // The rule, in a line.
    let note = scale_note(line);
    let note_lines = font::wrap(&note, SMALL, false, WIDTH - 2.0 * MARGIN);
    let note_top = bottom + 16.0;
    let h = svg.lines(
        MARGIN,
        note_top,
        &note_lines,
        TextStyle::new(SMALL).fill("#555555"),
    );
    let height = note_top + h + MARGIN * 0.75;
    svg.finish(
        WIDTH,
        height,
        &format!("Judgement line: {}", line.question),
        &super::alt_text(line),
    )
}

fn band_word(extent: Extent) -> &'static str {
    match extent {
        Extent::Large => "large",
        Extent::Some => "some",
        Extent::Limited => "limited",
    }
}

/// "Judgement from the evidence: to some extent" …
pub(crate) fn judgement_caption(line: &JudgementLine) -> String {
    let focus = line.points.iter().find(|p| p.focus);
    match line.source {
        Source::Author => {
            let mut s = format!("Author's judgement: {}", line.extent.phrase());
            if let Some(f) = focus {
                let scores = extent_of(f.score, line.best_rival_score);
                if scores != line.extent {
                    let basis = match (line.show_scores, line.scale) {
                        (true, _) => "the scores alone give",
                        (false, Scale::Evidence) => "the evidence alone gives",
                        (false, Scale::Grid) => "the verdicts alone give",
                    };
                    s.push_str(&format!(" ({basis} {})", scores.phrase()));
                }
            }
            s
        }
        Source::Grid => format!("Judgement from the criteria grid: {}", line.extent.phrase()),
        Source::Evidence => format!("Judgement from the evidence: {}", line.extent.phrase()),
    }
}

/// What the scores are and how the bands are read.
pub(crate) fn scale_note(line: &JudgementLine) -> String {
    if !line.show_scores {
        let rule = match line.scale {
            Scale::Grid => "Each interpretation is placed by its verdicts on the criteria.",
            Scale::Evidence => {
                "Each interpretation is placed by the weight of the evidence for and against it."
            }
        };
        return format!(
            "{rule} The bands show how far the focus explains the outcome against its \
             strongest rival: a large extent when it is stronger, some when it is level or \
             just behind, limited when it is well behind."
        );
    }
    let rule = match line.scale {
        Scale::Grid => "Score: 2 for each strong verdict, 1 for each partial, 0 for each weak.",
        Scale::Evidence => {
            "Score: the author's weight, or 3 + items for − items against, kept within 1–5."
        }
    };
    format!(
        "{rule} The bands show the focus's extent against its strongest rival (score {}): \
         large above it, some from one below it to level with it, limited below that.",
        line.best_rival_score
    )
}
