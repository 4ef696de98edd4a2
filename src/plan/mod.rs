//! Plan: `&ArgumentMap` + options → [`EssayPlan`], the typed argument.
//! Pure functions, no I/O and no sentences: [`judge`] decides the judgement,
//! the ranking and the comparisons; [`build`] selects sections and evidence;
//! [`consistency`] checks that every comparison agrees with the judgement.
//! All wording is the templates' (`templates/`).

mod build;
pub mod consistency;
pub(crate) mod fit;
pub mod judge;
pub(crate) mod model;
pub mod timing;

pub use build::{Limits, PlanOptions, build, date_info, quotation};
pub use model::*;
pub use timing::{PRESETS, Preset, Timing};
