//! Every map in `arguments/` loads, validates with no warnings and renders
//! every question at every level and mode in every format; one question's
//! plan per map is snapshotted. The committed schema matches the code.

use essayplan::plan::{Level, Mode, PlanOptions};
use essayplan::render::{self, Format, Templates};

use crate::support::*;

#[test]
fn every_shipped_map_is_clean_and_renders_everything() {
    let maps = files("arguments", "yaml");
    assert!(maps.len() >= 4, "the library of maps is missing");
    let templates = Templates::builtin();
    for path in maps {
        let source = std::fs::read_to_string(&path).unwrap();
        assert!(
            source.starts_with("# yaml-language-server: $schema=argument-map.schema.json"),
            "{} lacks the schema modeline",
            path.display()
        );
        let loaded = load(&rel(&path)).unwrap_or_else(|r| panic!("{}", r.render(false)));
        assert_eq!(
            loaded.report.diagnostics.len(),
            0,
            "{}",
            loaded.report.render(false)
        );
        assert!(loaded.map.questions.len() >= 3);
        for q in &loaded.map.questions {
            for level in [Level::Support, Level::Core, Level::Stretch] {
                for mode in [Mode::Plan, Mode::Model] {
                    let options = PlanOptions {
                        level,
                        mode,
                        ..Default::default()
                    };
                    let plan = plan_for(&loaded, &q.id, &options);
                    for format in [Format::Markdown, Format::Docx, Format::Json] {
                        let bytes =
                            render::render(&plan, format, &templates, &Default::default()).unwrap();
                        assert!(!bytes.is_empty());
                    }
                }
            }
        }
        let first = &loaded.map.questions[0];
        let md = markdown(&plan_for(&loaded, &first.id, &PlanOptions::default()));
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(format!("shipped-{name}"), md);
    }
}

#[test]
fn committed_schema_matches_the_code() {
    let committed =
        std::fs::read_to_string(root().join("arguments/argument-map.schema.json")).unwrap();
    assert_eq!(
        committed.trim_end(),
        essayplan::schema::schema_json(),
        "run `essayplan schema > arguments/argument-map.schema.json`"
    );
}

#[test]
fn skeleton_map_passes_check() {
    let loaded = essayplan::map::from_bytes("skeleton.yaml", essayplan::SKELETON_MAP.as_bytes())
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert_eq!(
        loaded.report.diagnostics.len(),
        0,
        "{}",
        loaded.report.render(false)
    );
}
