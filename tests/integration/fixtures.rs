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
fn check_plan_invariants(
    map: &essayplan::map::ArgumentMap,
    q: &essayplan::map::Question,
    plan: &essayplan::plan::EssayPlan,
    md: &str,
) {
    let text = squash(&rendered_text(md));
    // Every evidence point appears verbatim as text.
    for e in &map.evidence {
        assert!(
            text.contains(&squash(&e.point)),
            "evidence point missing: {}",
            e.point
        );
    }
    // The focus first, the rest by score (ties in map order).
    assert_eq!(plan.sections[0].id, map.interpretations[q.focus].id);
    let rest: Vec<u8> = plan.sections[1..].iter().map(|s| s.score.value).collect();
    assert!(
        rest.windows(2).all(|w| w[0] >= w[1]),
        "sections not by rank: {rest:?}"
    );
    assert_eq!(plan.sections.len(), map.interpretations.len());
    // The judgement follows the spec's rule, unless the author overrode it.
    let f = plan.sections[0].score.value as i16;
    let best = plan.sections[1..]
        .iter()
        .map(|s| s.score.value)
        .max()
        .unwrap() as i16;
    let rule = if f > best {
        Extent::Large
    } else if f >= best - 1 {
        Extent::Some
    } else {
        Extent::Limited
    };
    assert_eq!(plan.judgement.computed_extent, rule);
    let expected = q.judgement.as_ref().map_or(rule, |j| j.extent);
    assert_eq!(plan.judgement.extent, expected);
    assert!(
        text.contains(&plan.judgement.phrase),
        "judgement phrase missing"
    );
    // The six parts in order.
    let order = [
        "1. The question",
        "2. Line of argument",
        "3. Introduction",
        "4. The factors",
        "5. Conclusion",
        "6. Evidence checklist",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|h| md.find(&format!("## {h}")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
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
    assert!(support.contains("Sentence starters") && !core.contains("Sentence starters"));
    assert!(support.contains("The judgement ladder") && support.contains("The question decoded"));
    assert!(support.contains("<!-- lines:"));
    assert!(stretch.contains("Counterfactual") && !core.contains("Counterfactual"));
    assert!(
        stretch.contains("Historiography, oldest first") && stretch.contains("Alternative thesis")
    );
    assert!(!stretch.contains("Sentence starters"));
    // Starters express relationships, never a list frame.
    assert!(!support.contains("Another reason"));
    insta::assert_snapshot!("md-weighted-support", support);
    insta::assert_snapshot!("md-weighted-stretch", stretch);
    insta::assert_snapshot!("md-weighted-model", at(Level::Core, Mode::Model));
}

#[test]
fn model_answer_uses_the_map_and_states_the_judgement() {
    let loaded = load(std::path::Path::new("tests/fixtures/valid/weighted.yaml")).unwrap();
    let options = PlanOptions {
        mode: Mode::Model,
        ..Default::default()
    };
    let plan = plan_for(&loaded, "rival", &options);
    let answer = plan.model_answer.as_ref().unwrap();
    let phrase = &plan.judgement.phrase;
    let intro: String = answer
        .introduction
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let conclusion: String = answer
        .conclusion
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        intro.contains(phrase.as_str()),
        "introduction lacks the judgement"
    );
    assert!(
        conclusion.contains(phrase.as_str()),
        "conclusion lacks the judgement"
    );
    assert_eq!(answer.paragraphs.len(), loaded.map.interpretations.len());
    for p in &answer.paragraphs {
        let last = p.sentences.last().unwrap();
        assert_eq!(
            last.note.as_deref(),
            Some("Mini-judgement tied to a criterion"),
            "paragraph without a mini-judgement"
        );
    }
    let body: String = answer
        .paragraphs
        .iter()
        .flat_map(|p| p.sentences.iter().map(|s| s.text.clone()))
        .collect();
    assert!(
        body.contains("A fact for the rival"),
        "the map's evidence is used"
    );
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
