//! A small SVG writer: escaped text, fixed-precision numbers (so output is
//! deterministic), and the document frame.

use std::fmt::Write;

use super::font;

/// Text escaped for XML content and attribute values; characters XML
/// cannot hold are dropped.
pub(super) fn escape(s: &str) -> String {
    crate::render::xmltext::escape(s)
}

/// A number with one decimal, "-0.0" written as "0.0".
pub(super) fn n(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub(super) fn right(&self) -> f32 {
        self.x + self.w
    }
    pub(super) fn bottom(&self) -> f32 {
        self.y + self.h
    }
    pub(super) fn cx(&self) -> f32 {
        self.x + self.w / 2.0
    }
    pub(super) fn cy(&self) -> f32 {
        self.y + self.h / 2.0
    }
    /// Whether the two overlap by more than a hair.
    pub(super) fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right() - 0.01
            && other.x < self.right() - 0.01
            && self.y < other.bottom() - 0.01
            && other.y < self.bottom() - 0.01
    }
    pub(super) fn grown(&self, by: f32) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }
}

/// An SVG document being written.
pub(super) struct Svg {
    pub body: String,
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextStyle {
    pub size: f32,
    pub bold: bool,
    pub fill: &'static str,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
}

impl TextStyle {
    pub(super) fn new(size: f32) -> Self {
        Self {
            size,
            bold: false,
            fill: "#1A1A1A",
            anchor: "start",
        }
    }
    pub(super) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(super) fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
    pub(super) fn anchor(mut self, anchor: &'static str) -> Self {
        self.anchor = anchor;
        self
    }
    /// Distance between baselines.
    pub(super) fn leading(&self) -> f32 {
        self.size * 1.25
    }
}

impl Svg {
    pub(super) fn new() -> Self {
        Self {
            body: String::new(),
        }
    }

    pub(super) fn raw(&mut self, s: &str) {
        self.body.push_str(s);
        self.body.push('\n');
    }

    pub(super) fn rect(&mut self, r: Rect, rx: f32, attrs: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" {attrs}/>"#,
            n(r.x),
            n(r.y),
            n(r.w),
            n(r.h),
            n(rx)
        );
    }

    pub(super) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, attrs: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {attrs}/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2)
        );
    }

    /// One line of text with its baseline at `y`.
    pub(super) fn text(&mut self, x: f32, y: f32, text: &str, style: TextStyle) {
        let mut attrs = format!(r#"font-size="{}" fill="{}""#, n(style.size), style.fill);
        if style.bold {
            attrs.push_str(r#" font-weight="bold""#);
        }
        if style.anchor != "start" {
            let _ = write!(attrs, r#" text-anchor="{}""#, style.anchor);
        }
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" {attrs}>{}</text>"#,
            n(x),
            n(y),
            escape(text)
        );
    }

    /// Lines of text, the first baseline `size` below `top`; returns the
    /// height used.
    pub(super) fn lines(&mut self, x: f32, top: f32, lines: &[String], style: TextStyle) -> f32 {
        let mut y = top + style.size;
        for l in lines {
            self.text(x, y, l, style);
            y += style.leading();
        }
        block_height(lines.len(), style)
    }

    /// The finished document: `width` × `height` user units, a white
    /// background, a title and description for assistive technology.
    pub(super) fn finish(self, width: f32, height: f32, title: &str, desc: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + 1024);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="title desc" font-family="{family}">"#,
            w = n(width),
            h = n(height),
            family = font::SVG_FAMILY.replace('\'', "&apos;"),
        );
        let _ = writeln!(out, "<title id=\"title\">{}</title>", escape(title));
        let _ = writeln!(out, "<desc id=\"desc\">{}</desc>", escape(desc));
        let _ = writeln!(
            out,
            r##"<rect x="0" y="0" width="{}" height="{}" fill="#FFFFFF"/>"##,
            n(width),
            n(height)
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// The height of `count` lines set in `style`.
pub(super) fn block_height(count: usize, style: TextStyle) -> f32 {
    if count == 0 {
        0.0
    } else {
        style.size + (count - 1) as f32 * style.leading() + style.size * 0.3
    }
}
