//! Page estimates (not a test): for every shipped map × question × level,
//! the brevity step a student's plan was fitted with, its estimated weight
//! and its level's budget (`render::pages`). Used with `.ci/run`'s real page
//! counts to calibrate the estimate.
//!
//! ```text
//! cargo run --release --example pages
//! ```

use std::path::Path;

use essayplan::map;
use essayplan::plan::{Brevity, Level, PlanOptions};
use essayplan::render::{Templates, page_budget};

fn main() {
    let templates = Templates::builtin();
    let mut files: Vec<_> = std::fs::read_dir("arguments")
        .expect("the arguments folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    for file in files {
        let loaded = map::from_file(Path::new(&file)).expect("a shipped map loads");
        let name = file.file_stem().unwrap_or_default().to_string_lossy();
        for question in &loaded.map.questions {
            for level in [Level::Core, Level::Support, Level::Stretch] {
                let options = PlanOptions {
                    level,
                    ..PlanOptions::default()
                };
                let plan = essayplan::make_plan(&loaded.map, question, &options, &templates)
                    .expect("the built-in templates render");
                let weight = templates.page_weight(&plan).expect("renders");
                let step = Brevity::LADDER
                    .iter()
                    .position(|b| *b == plan.brevity)
                    .unwrap_or(0);
                println!(
                    "{}--{name}--{} step {step} weight {weight} budget {}",
                    level_name(level),
                    question.id,
                    page_budget(level)
                );
            }
        }
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Support => "support",
        Level::Core => "core",
        Level::Stretch => "stretch",
    }
}
