//! Pages: how long a plan will be on A4, estimated from its Markdown, and
//! the budget each level must keep within (the issue's page limits: core 4,
//! support 5, stretch 6). The estimate is in word-equivalents: every word,
//! a line's worth for each block (a paragraph, list item, heading or table
//! row starts a new line), nearly two lines' worth for each ruled writing
//! line (they are double-spaced), and the pictures Word draws. `.ci/run` checks
//! the same limits on real pages, as LibreOffice lays them out.

use super::pictures;
use crate::plan::{Level, Mode};

/// Word-equivalents an A4 page holds in the Word styles (Calibri 11 pt,
/// single-spaced, 2 cm margins), measured on the shipped plans.
pub const PER_PAGE: usize = 620;

/// Word-equivalents of a block's line breaks and spacing.
const PER_BLOCK: usize = 4;
/// Word-equivalents of one ruled writing line.
const PER_RULED_LINE: usize = 20;
/// Word-equivalents of the judgement line and of the interpretation map, as
/// Word draws them.
const LINE_PICTURE: usize = 85;
const MAP_PICTURE: usize = 220;

/// The most pages a student's plan may take at each level.
pub fn page_limit(level: Level) -> usize {
    match level {
        Level::Support => 5,
        Level::Core => 4,
        Level::Stretch => 6,
    }
}

/// The budget a plan at `level` is fitted to: its page limit less a
/// twentieth, which absorbs the estimate's error.
pub fn page_budget(level: Level) -> usize {
    page_limit(level) * PER_PAGE * 19 / 20
}

/// The estimated length of a plan's Markdown (as its templates wrote it,
/// with picture markers), in word-equivalents.
pub(crate) fn page_weight(markdown: &str, level: Level, mode: Mode) -> usize {
    let (line, map) = pictures::shown_in_word(level, mode);
    let mut weight = 0;
    let mut in_code = false;
    for raw in markdown.lines() {
        let text = raw.trim();
        if text.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || text.is_empty() || text.starts_with("|-") || text.starts_with("|:") {
            continue;
        }
        if let Some(marker) = text
            .strip_prefix("<!--")
            .and_then(|t| t.strip_suffix("-->"))
        {
            let marker = marker.trim();
            if let Some(n) = marker
                .strip_prefix("lines:")
                .and_then(|n| n.trim().parse::<usize>().ok())
            {
                weight += n * PER_RULED_LINE;
            } else if marker == format!("picture: {}", pictures::LINE) && line {
                weight += LINE_PICTURE;
            } else if marker == format!("picture: {}", pictures::MAP) && map {
                weight += MAP_PICTURE;
            }
            continue;
        }
        let words = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        weight += words + PER_BLOCK;
    }
    weight
}

impl super::Templates {
    /// The estimated length of `plan` as these templates write it.
    pub fn page_weight(
        &self,
        plan: &crate::plan::EssayPlan,
    ) -> Result<usize, super::TemplateError> {
        self.render(plan)
            .map(|md| page_weight(&md, plan.level, plan.mode))
    }
}
