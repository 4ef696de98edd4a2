//! Plan: `&ArgumentMap` + options → [`EssayPlan`]. Pure functions, no I/O.
//! Ranking and the judgement follow the format spec; levels and the model
//! answer shape the words.

mod build;
pub mod model;
mod prose;
pub mod rank;
pub mod text;
pub mod timing;

pub use build::{PlanOptions, build, default_criteria};
pub use model::*;
pub use timing::{PRESETS, Preset, Timing};
