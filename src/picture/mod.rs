//! Pictures of the argument: the *judgement line* (the three extents as a
//! scale, each interpretation placed by its score) and the *interpretation
//! map* (interpretations as boxes, relations as labelled arrows).
//!
//! Pure functions, no I/O. The inputs are this module's own types
//! ([`JudgementLine`], [`InterpretationMap`]), built from a plan by
//! [`adapt`], so the drawing code does not depend on the plan's shape:
//!
//! - [`svg`] / [`svg_map`]: SVG text, sized for A4 text width, fonts named
//!   with fallbacks, text measured with the embedded font's metrics;
//! - [`png`]: any of those SVGs rasterised in-process (resvg) with the
//!   embedded DejaVu Sans and no system font, so the bytes are the same on
//!   every machine and in every thread;
//! - [`dot`] / [`mermaid`]: the map as Graphviz or Mermaid text;
//! - [`alt_text`] / [`alt_text_map`]: each picture described in words for
//!   screen readers (DOCX `descr`, HTML `alt`).
//!
//! Relation kinds are told apart by colour (Okabe–Ito, safe for the
//! colour-blind) *and* by `stroke-dasharray`, so they read in black and
//! white too.

pub mod adapt;
mod alt;
pub(crate) mod font;
mod line;
mod map;
mod raster;
mod svgw;
mod text;

pub(crate) use crate::map::{Extent, RelationKind};
pub use alt::{alt_text, alt_text_map};
pub use line::svg;
pub use map::svg_map;
pub use raster::png;
pub use text::{dot, mermaid};

/// What decided the judgement (the spec's "source").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The question's own `judgement`: drawn as "author's judgement".
    Author,
    /// The criteria grid: 2 per `strong`, 1 per `partial`, 0 per `weak`.
    Grid,
    /// The evidence count (or `weight`), 1–5.
    Evidence,
}

/// The judgement line of one question.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgementLine {
    /// The question as asked (the picture's title).
    pub question: String,
    /// The judgement in force.
    pub extent: Extent,
    pub source: Source,
    /// What the scores are: [`Source::Grid`] or [`Source::Evidence`]. Under
    /// an author's judgement this is the rule the ranking used.
    pub scale: Scale,
    /// The lowest and highest possible scores (grid: `0..=2 × criteria`;
    /// evidence: `1..=5`). Scores outside are drawn at the nearer end.
    pub scale_min: i32,
    pub scale_max: i32,
    /// The highest score among the question's rivals: the extents are
    /// drawn as bands relative to it (large above it, some from one below
    /// it to it, limited below that).
    pub best_rival_score: i32,
    /// Whether numbers are shown (the scale's numbers, the scoring rule,
    /// scores in the alt text): yes for a teacher; no in a student's plan,
    /// where the spec keeps the arithmetic of scores out.
    pub show_scores: bool,
    /// The interpretations to place, in ranking order (ties keep this order
    /// side by side). Exactly one should be the focus; none is allowed.
    pub points: Vec<LinePoint>,
}

/// The rule the scores on a judgement line follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    Grid,
    Evidence,
}

/// One interpretation on the judgement line.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePoint {
    pub id: String,
    pub label: String,
    pub score: i32,
    pub focus: bool,
}

/// The interpretations of a map and the relations between them.
#[derive(Debug, Clone, PartialEq)]
pub struct InterpretationMap {
    /// The picture's title (the map's title or the question).
    pub title: String,
    /// In ranking order, strongest first.
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

/// One interpretation as a box.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    pub id: String,
    pub label: String,
    pub focus: bool,
    /// The score the ranking uses: boxes are layered by it, strongest on
    /// top.
    pub score: i32,
    pub summary: NodeSummary,
}

/// What a box says under its label.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeSummary {
    /// The author's verdict on each criterion: (criterion name, rating).
    Verdicts(Vec<(String, Rating)>),
    /// How many evidence items support and challenge it.
    Counts {
        supporting: usize,
        challenging: usize,
    },
}

/// A verdict on one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    Strong,
    Partial,
    Weak,
}

impl Rating {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Strong => "strong",
            Self::Partial => "partial",
            Self::Weak => "weak",
        }
    }
}

/// A relation: `from` bears on `to` (indices into `nodes`).
#[derive(Debug, Clone, PartialEq)]
pub struct MapEdge {
    pub from: usize,
    pub to: usize,
    pub kind: RelationKind,
    pub reason: String,
}

/// Why a picture could not be rasterised.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("the picture's SVG could not be read: {0}")]
    Svg(String),
    #[error("a picture cannot be {0} pixels wide (1–10000)")]
    Width(u32),
    #[error("the picture could not be encoded as PNG: {0}")]
    Encode(String),
}

impl crate::error::Diagnose for PictureError {}

/// The kinds' names, colours and dash patterns, shared by every format.
pub(crate) fn kind_name(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Supports => "supports",
        RelationKind::Challenges => "challenges",
        RelationKind::Qualifies => "qualifies",
    }
}

/// Okabe–Ito colours: blue, vermilion, reddish purple.
pub(crate) fn kind_colour(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Supports => "#0072B2",
        RelationKind::Challenges => "#D55E00",
        RelationKind::Qualifies => "#CC79A7",
    }
}

/// `stroke-dasharray`: solid, dashed, dotted ("none" for solid).
pub(crate) fn kind_dash(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Supports => "none",
        RelationKind::Challenges => "10 5",
        RelationKind::Qualifies => "2 4",
    }
}

/// The extent a focus score gives against the best rival's, as the spec
/// says: large above it, some from one below it to it, limited below.
pub(crate) fn extent_of(focus: i32, best: i32) -> Extent {
    if focus > best {
        Extent::Large
    } else if focus >= best - 1 {
        Extent::Some
    } else {
        Extent::Limited
    }
}
