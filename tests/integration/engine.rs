//! The argument engine: the consistency check can fail, format-1 maps keep
//! their judgements, the plan stage holds no English, templates can change
//! every sentence.

use essayplan::plan::consistency::{Inconsistency, check};
use essayplan::plan::{Comparison, Level, Mode, PlanOptions};

use crate::support::*;

fn format_2() -> essayplan::map::LoadedMap {
    load(std::path::Path::new("tests/fixtures/valid/format-2.yaml")).unwrap()
}

#[test]
fn the_consistency_check_fails_on_a_contradictory_plan() {
    let loaded = format_2();
    let q = loaded.map.question("leader").unwrap();
    let plan = essayplan::plan::build(&loaded.map, q, &PlanOptions::default());
    assert_eq!(check(&loaded.map, &plan), Ok(()));
    assert_eq!(plan.judgement.extent, essayplan::map::Extent::Large);

    // A rival said to matter as much as a focus judged "to a large extent".
    let mut level = plan.clone();
    level.sections[1].comparison = Some(Comparison::Level);
    assert!(matches!(
        check(&loaded.map, &level).unwrap_err()[0],
        Inconsistency::ComparisonAgainstJudgement { .. }
    ));
    // An item cited for an interpretation it challenges.
    let mut miscited = plan.clone();
    let against = miscited.sections[0].evidence_against[0].clone();
    miscited.sections[0]
        .evidence_for
        .push(essayplan::plan::Cite {
            role: essayplan::plan::Use::For,
            ..against
        });
    assert!(
        check(&loaded.map, &miscited)
            .unwrap_err()
            .iter()
            .any(|p| matches!(p, Inconsistency::MiscitedItem { .. }))
    );
    // A conclusion that says something else.
    let mut conclusion = plan.clone();
    conclusion.conclusion.extent = essayplan::map::Extent::Some;
    assert!(check(&loaded.map, &conclusion).is_err());
    // A counterfactual for a reading.
    let mut reading = essayplan::plan::build(
        &loaded.map,
        q,
        &PlanOptions {
            brevity: Default::default(),
            mode: Mode::Bank,
            level: Level::Stretch,
            ..Default::default()
        },
    );
    let school = reading
        .sections
        .iter_mut()
        .find(|s| s.interpretation == "school")
        .unwrap();
    school.counterfactual = true;
    assert!(
        check(&loaded.map, &reading)
            .unwrap_err()
            .contains(&Inconsistency::ReadingCounterfactual("school".into()))
    );
}

#[test]
fn a_format_2_map_plans_with_the_spec_judgement_selection_and_ranking() {
    let loaded = format_2();
    let json = |q: &str| {
        let plan = plan_for(&loaded, q, &PlanOptions::default());
        serde_json::to_value(&plan).unwrap()
    };
    let leader = json("leader");
    assert_eq!(leader["judgement"]["extent"], "large");
    assert_eq!(leader["judgement"]["source"], "grid");
    assert_eq!(
        leader["ranking"],
        serde_json::json!(["leader", "pressure", "school", "spark"])
    );
    let roles: Vec<&str> = leader["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["interpretation"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["leader", "pressure", "spark"],
        "readings are not sections"
    );
    let quote = json("quote");
    assert_eq!(quote["question"]["kind"], "quotation");
    assert_eq!(quote["sections"][1]["role"], "against");
    assert_eq!(quote["sections"][1]["comparison"], "stronger");
    let main = json("main");
    assert_eq!(main["question"]["kind"], "main-reason");
    assert_eq!(main["judgement"]["extent"], "limited");
    assert_eq!(
        main["judgement"]["main_reason"],
        serde_json::json!(["leader"])
    );
    let versus = json("versus");
    assert_eq!(versus["question"]["kind"], "versus");
    assert_eq!(versus["question"]["outcome"], "the crisis of 1906–10");
    assert_eq!(versus["question"]["period"], "1906–10");
}

#[test]
fn format_1_maps_keep_their_judgements() {
    // The extents 0.1 gave, question by question (from its snapshots).
    let expected = [
        ("tests/fixtures/valid/weighted.yaml", "focus"),
        ("tests/fixtures/valid/weighted.yaml", "rival"),
    ];
    for (path, q) in expected {
        let loaded = load(std::path::Path::new(path)).unwrap();
        let question = loaded.map.question(q).unwrap();
        let plan = plan_for(&loaded, q, &PlanOptions::default());
        // The evidence rule of format 1, re-derived.
        let score = |i: usize| {
            let x = &loaded.map.interpretations[i];
            let sup = loaded
                .map
                .evidence
                .iter()
                .filter(|e| e.supports.contains(&i))
                .count() as i64;
            let ch = loaded
                .map
                .evidence
                .iter()
                .filter(|e| e.challenges.contains(&i))
                .count() as i64;
            x.weight.map_or((3 + sup - ch).clamp(1, 5), i64::from)
        };
        let best = (0..loaded.map.interpretations.len())
            .filter(|&i| i != question.focus)
            .map(score)
            .max()
            .unwrap();
        let f = score(question.focus);
        let computed = essayplan::plan::judge::extent_for(f, best);
        let want = question.judgement.as_ref().map_or(computed, |j| j.extent);
        assert_eq!(plan.judgement.extent, want, "{path} {q}");
    }
}

/// No string literal of three or more words anywhere in the plan stage
/// (tests and error messages included; comments aside): its wording
/// belongs in templates.
#[test]
fn the_plan_stage_holds_no_english_sentences() {
    for path in files("src/plan", "rs") {
        let source = std::fs::read_to_string(&path).unwrap();
        let code = source.as_str();
        for (n, line) in code.lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            // Character literals of a quotation mark are not strings.
            let cleaned = line.replace("'\\''", "").replace("'\"'", "");
            let mut rest = cleaned.as_str();
            while let Some(start) = rest.find('"') {
                let after = &rest[start + 1..];
                let Some(end) = after.find('"') else { break };
                let literal = &after[..end];
                assert!(
                    literal.split_whitespace().count() < 3,
                    "{}:{}: an English phrase in the plan stage: {literal:?}",
                    path.display(),
                    n + 1
                );
                rest = &after[end + 1..];
            }
        }
    }
}

#[test]
fn a_teacher_can_change_any_sentence() {
    let loaded = format_2();
    let q = loaded.map.question("leader").unwrap();
    let plan = essayplan::plan::build(&loaded.map, q, &PlanOptions::default());
    let words = essayplan::render::markdown::BUILTIN
        .iter()
        .find(|(n, _)| *n == "words.md")
        .unwrap()
        .1
        .replace("to a large extent", "überwiegend");
    let templates =
        essayplan::render::Templates::with_overrides(vec![("words.md".into(), words)]).unwrap();
    let md = templates.render(&plan).unwrap();
    assert!(
        md.to_lowercase().contains("überwiegend")
            && !md.to_lowercase().contains("to a large extent")
    );
    let docx = essayplan::render::render(
        &plan,
        essayplan::render::Format::Docx,
        &templates,
        &Default::default(),
    )
    .unwrap();
    let xml = crate::support::docx_part(&docx, "word/document.xml");
    assert!(xml.to_lowercase().contains("überwiegend"));
}
