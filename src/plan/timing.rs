//! Timing presets: minutes and target words for the common exam essays
//! (reference §1.8). Soft targets, at about 22 handwritten words a minute
//! after planning.

use serde::Serialize;

/// An exam essay's time and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preset {
    pub name: &'static str,
    pub label: &'static str,
    pub marks: u32,
    pub minutes: u32,
    pub words_low: u32,
    pub words_high: u32,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "aqa-a-level",
        label: "AQA A-level essay",
        marks: 25,
        minutes: 45,
        words_low: 900,
        words_high: 1300,
    },
    Preset {
        name: "edexcel-a-level",
        label: "Edexcel A-level essay",
        marks: 20,
        minutes: 45,
        words_low: 800,
        words_high: 1200,
    },
    Preset {
        name: "ocr-a-level",
        label: "OCR A-level Unit 1 essay",
        marks: 20,
        minutes: 35,
        words_low: 700,
        words_high: 1000,
    },
    Preset {
        name: "ib-paper2",
        label: "IB Paper 2 essay",
        marks: 15,
        minutes: 45,
        words_low: 800,
        words_high: 1100,
    },
    Preset {
        name: "gcse",
        label: "GCSE 16-mark essay",
        marks: 16,
        minutes: 25,
        words_low: 450,
        words_high: 700,
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
    pub fn planning(self) -> u32 {
        (self.minutes / 9).max(2)
    }

    /// (low, high) target words.
    pub fn words(self) -> (u32, u32) {
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
}
