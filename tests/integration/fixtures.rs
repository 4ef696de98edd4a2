//! Fixture maps: every file in `tests/fixtures/valid` loads and renders (its
//! Markdown and JSON snapshotted); every file in `tests/fixtures/invalid` is
//! refused with located diagnostics (snapshotted). One new fixture is one
//! new case.

use essayplan::map::Extent;
use essayplan::plan::{Level, Mode, PlanOptions};
use essayplan::render;

use crate::support::*;

#[test]
fn valid_fixtures_render_as_the_spec_says() {
    for path in files("tests/fixtures/valid", "yaml") {
        let rel = rel(&path);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let loaded = load(&rel).unwrap_or_else(|r| panic!("{}", r.render(false)));
        insta::assert_snapshot!(format!("warnings-{name}"), loaded.report.render(false));
        for q in &loaded.map.questions {
            let plan = plan_for(&loaded, &q.id, &PlanOptions::default());
            let md = markdown(&plan);
            insta::assert_snapshot!(format!("md-{name}-{}", q.id), md);
            insta::assert_snapshot!(
                format!("json-{name}-{}", q.id),
                String::from_utf8(render::json(&plan)).unwrap()
            );
            check_plan_invariants(&loaded.map, q, &plan, &md);
            assert_eq!(md, markdown(&plan), "rendering is deterministic");
        }
    }
}

/// What any plan for any valid map must satisfy.
pub(crate) fn check_plan_invariants(
    map: &essayplan::map::ArgumentMap,
    q: &essayplan::map::Question,
    plan: &essayplan::plan::EssayPlan,
    md: &str,
) {
    essayplan::plan::consistency::check(map, plan)
        .unwrap_or_else(|e| panic!("inconsistent plan for {}: {e:?}", q.id));
    let text = squash(&rendered_text(md));
    // Every item a plan writes out appears verbatim as text: in full, or
    // (a plan fitted to its pages) at least its opening words.
    for s in &plan.sections {
        for c in s.evidence_for.iter().chain(&s.evidence_against) {
            if c.first {
                let e = &plan.evidence[&c.id];
                let shown = if plan.brevity.short_points {
                    e.point
                        .split_whitespace()
                        .take(8)
                        .collect::<Vec<_>>()
                        .join(" ")
                } else {
                    e.point.clone()
                };
                assert!(
                    text.contains(&squash(&shown)),
                    "evidence point missing: {}",
                    e.point
                );
            }
        }
    }
    // The focus first, `against` next, the rest by ranking.
    assert_eq!(
        plan.sections[0].interpretation,
        map.interpretations[q.focus].id
    );
    let ranks: Vec<usize> = plan
        .sections
        .iter()
        .filter(|s| s.role == essayplan::plan::Role::Rival)
        .map(|s| s.rank)
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] < w[1]),
        "rivals not by rank: {ranks:?}"
    );
    // The judgement follows the spec's rule, re-derived here.
    let scores: Vec<i64> = map
        .interpretations
        .iter()
        .enumerate()
        .map(|(i, x)| {
            if map.grid_complete_for(q) {
                x.assessment
                    .iter()
                    .flatten()
                    .map(|v| v.rating.points())
                    .sum()
            } else {
                let sup = map
                    .evidence
                    .iter()
                    .filter(|e| e.supports.contains(&i))
                    .count() as i64;
                let ch = map
                    .evidence
                    .iter()
                    .filter(|e| e.challenges.contains(&i))
                    .count() as i64;
                x.weight.map_or((3 + sup - ch).clamp(1, 5), i64::from)
            }
        })
        .collect();
    let best = map.rivals_of(q).iter().map(|&r| scores[r]).max().unwrap();
    let f = scores[q.focus];
    let rule = if f > best {
        Extent::Large
    } else if f >= best - 1 {
        Extent::Some
    } else {
        Extent::Limited
    };
    assert_eq!(plan.judgement.computed, rule);
    let expected = q.judgement.as_ref().map_or(rule, |j| j.extent);
    assert_eq!(plan.judgement.extent, expected);
    let phrase = match expected {
        Extent::Large => "to a large extent",
        Extent::Some => "to some extent",
        Extent::Limited => "to a limited extent",
    };
    assert!(
        text.to_lowercase().contains(phrase),
        "judgement phrase missing"
    );
    // No score arithmetic in a student's plan.
    if plan.mode == Mode::Plan {
        assert!(!text.contains("Score "), "scores shown to a student");
    }
    // The six parts in order.
    if plan.mode != Mode::Model {
        let order = [
            "1. The question",
            "2. Line of argument",
            "3. Introduction",
            "4. ",
            "5. Conclusion",
            "6. Evidence checklist",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|h| {
                md.find(&format!("## {h}"))
                    .unwrap_or_else(|| panic!("no part {h}"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn invalid_fixtures_are_refused_with_located_diagnostics() {
    let mut seen = 0;
    for path in files("tests/fixtures/invalid", "yaml") {
        let rel = rel(&path);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let report = match load(&rel) {
            Ok(_) => panic!("{name} should be refused"),
            Err(r) => r,
        };
        assert!(report.errors() > 0, "{name}: no error");
        if name != "empty" {
            assert!(
                report
                    .diagnostics
                    .iter()
                    .all(|d| d.location.is_some() || d.code == "too-large"),
                "{name}: a diagnostic without a location"
            );
        }
        insta::assert_snapshot!(format!("invalid-{name}"), report.render(false));
        seen += 1;
    }
    assert!(seen >= 20);
}

#[test]
fn multi_error_map_reports_every_problem() {
    let report = load(std::path::Path::new(
        "tests/fixtures/invalid/multi-error.yaml",
    ))
    .unwrap_err();
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    for code in [
        "weight-out-of-range",
        "missing-field",
        "duplicate-id",
        "unknown-interpretation",
        "supports-and-challenges",
        "malformed-id",
        "evidence-unused",
        "self-relation",
        "bad-relation-kind",
    ] {
        assert!(codes.contains(&code), "{code} not reported: {codes:?}");
    }
}

#[test]
fn levels_and_modes_are_different_documents() {
    let loaded = load(std::path::Path::new("tests/fixtures/valid/weighted.yaml")).unwrap();
    let at = |level, mode| {
        let options = PlanOptions {
            brevity: Default::default(),
            level,
            mode,
            ..Default::default()
        };
        markdown(&plan_for(&loaded, "focus", &options))
    };
    let (support, core, stretch) = (
        at(Level::Support, Mode::Plan),
        at(Level::Core, Mode::Plan),
        at(Level::Stretch, Mode::Plan),
    );
    assert!(support.contains("Sentence starters:") && !core.contains("Sentence starters:"));
    assert!(support.contains("a worked example") && support.contains("Command words"));
    assert!(support.contains("<!-- lines:") && !core.contains("<!-- lines:"));
    assert!(!core.contains("Going further") && stretch.contains("Going further"));
    insta::assert_snapshot!("md-weighted-support", support);
    insta::assert_snapshot!("md-weighted-stretch", stretch);
    insta::assert_snapshot!("md-weighted-model", at(Level::Core, Mode::Model));
    insta::assert_snapshot!("md-weighted-bank", at(Level::Core, Mode::Bank));
}

#[test]
fn model_answer_argues_without_headings() {
    let loaded = load(std::path::Path::new("tests/fixtures/valid/weighted.yaml")).unwrap();
    let options = PlanOptions {
        brevity: Default::default(),
        mode: Mode::Model,
        ..Default::default()
    };
    let plan = plan_for(&loaded, "rival", &options);
    let md = markdown(&plan);
    let essay = md.split("<!-- essay -->").nth(1).unwrap();
    assert!(!essay.contains("\n## "), "headings inside the essay");
    let lower = essay.to_lowercase();
    let phrase = match plan.judgement.extent {
        Extent::Large => "to a large extent",
        Extent::Some => "to some extent",
        Extent::Limited => "to a limited extent",
    };
    assert!(lower.contains(phrase));
    assert!(essay.contains("In conclusion"));
    assert!(
        essay.contains("A fact for the rival"),
        "the map's evidence is used"
    );
    let headed = markdown(&plan_for(
        &loaded,
        "rival",
        &PlanOptions {
            brevity: Default::default(),
            headings: true,
            ..options
        },
    ));
    assert!(headed.contains("## Conclusion"));
}

#[test]
fn every_unknown_key_and_wrong_type_is_reported_together() {
    let report = load(std::path::Path::new(
        "tests/fixtures/invalid/many-shape-errors.yaml",
    ))
    .unwrap_err();
    let count = |code: &str| report.diagnostics.iter().filter(|d| d.code == code).count();
    assert_eq!(count("unknown-key"), 3, "{}", report.render(false));
    assert_eq!(count("wrong-type"), 4, "{}", report.render(false));
    assert!(report.render(false).contains("did you mean `challenges`?"));
}
