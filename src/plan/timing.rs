//! Timing presets: minutes and target words for the common exam essays
//! (reference §1.8). Soft targets, at about 22 handwritten words a minute
//! after planning.

use serde::Serialize;

/// An exam essay's time and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preset {
    pub name: &'static str,
    pub marks: u32,
    pub minutes: u32,
    pub words_low: u32,
    pub words_high: u32,
    /// The board, for what templates do differently (`aqa`, `edexcel`,
    /// `ocr`, `ib`, `gcse`).
    pub board: &'static str,
    /// At most this many rivals by ranking (GCSE weighs two).
    pub rivals: Option<usize>,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "aqa-a-level",
        marks: 25,
        minutes: 45,
        words_low: 900,
        words_high: 1300,
        board: "aqa",
        rivals: None,
    },
    Preset {
        name: "edexcel-a-level",
        marks: 20,
        minutes: 45,
        words_low: 800,
        words_high: 1200,
        board: "edexcel",
        rivals: None,
    },
    Preset {
        name: "ocr-a-level",
        marks: 20,
        minutes: 35,
        words_low: 700,
        words_high: 1000,
        board: "ocr",
        rivals: None,
    },
    Preset {
        name: "ib-paper2",
        marks: 15,
        minutes: 45,
        words_low: 800,
        words_high: 1100,
        board: "ib",
        rivals: None,
    },
    Preset {
        name: "gcse",
        marks: 16,
        minutes: 25,
        words_low: 450,
        words_high: 700,
        board: "gcse",
        rivals: Some(2),
    },
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.name == name.trim().to_lowercase())
}

pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// The time and length an essay is planned for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub preset: Option<&'static Preset>,
    pub minutes: u32,
}

impl Timing {
    pub fn from_preset(p: &'static Preset) -> Self {
        Self {
            preset: Some(p),
            minutes: p.minutes,
        }
    }

    pub fn from_minutes(minutes: u32) -> Self {
        Self {
            preset: None,
            minutes: minutes.max(5),
        }
    }

    /// Minutes spent planning before writing.
    pub(crate) fn planning(self) -> u32 {
        (self.minutes / 9).max(2)
    }

    /// (low, high) target words.
    pub(crate) fn words(self) -> (u32, u32) {
        match self.preset {
            Some(p) => (p.words_low, p.words_high),
            None => {
                let w = (self.minutes - self.planning()) * 22;
                (w * 8 / 10, w)
            }
        }
    }

    pub fn target_words(self) -> u32 {
        let (lo, hi) = self.words();
        (lo + hi) / 2
    }

    /// The timing as the plan carries it, with minutes shared out between
    /// the introduction, `sections` sections and the conclusion.
    pub(crate) fn info(self, sections: usize) -> super::model::TimingInfo {
        let (lo, hi) = self.words();
        // The writing time shared out so that the parts add up exactly:
        // the conclusion takes what the equal shares leave.
        let writing = self.minutes.saturating_sub(self.planning());
        let intro = (writing / 9).max(1).min(writing);
        let section =
            writing.saturating_sub(intro + (writing / 8).max(1)) / (sections.max(1) as u32);
        let conclusion = writing - intro - section * sections as u32;
        super::model::TimingInfo {
            preset: self.preset.map(|p| p.name.to_string()),
            board: self.preset.map(|p| p.board.to_string()),
            marks: self.preset.map(|p| p.marks),
            minutes: self.minutes,
            planning_minutes: self.planning(),
            words_low: lo,
            words_high: hi,
            target_words: self.target_words(),
            intro_minutes: intro,
            section_minutes: section,
            conclusion_minutes: conclusion,
        }
    }
}
