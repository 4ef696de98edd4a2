//! Unit-level checks of the plan stage, kept out of `src/plan/` so that it
//! holds no prose: the judgement's rule at its boundaries and its
//! tie-breaks, dates and quotation parts.

use essayplan::map::Extent;
use essayplan::plan::judge::{Comparison, Rule, Source, extent_for, judge, steps_apart};
use essayplan::plan::{date_info, quotation};

#[test]
fn extent_boundaries() {
    assert_eq!(extent_for(6, 5), Extent::Large);
    assert_eq!(extent_for(5, 5), Extent::Some);
    assert_eq!(extent_for(4, 5), Extent::Some);
    assert_eq!(extent_for(3, 5), Extent::Limited);
    assert_eq!(extent_for(0, 0), Extent::Some);
    assert_eq!(extent_for(1, 0), Extent::Large);
}

/// A format-2 map: four interpretations with the given (necessity,
/// scale) ratings, evidence `(supports, challenges)` for each, one
/// question on the first.
fn map(ratings: [(&str, &str); 4], evidence: &str) -> essayplan::map::ArgumentMap {
    let ids = ["a", "b", "c", "d"];
    let mut yaml =
        String::from("format: 2\ntitle: T\noutcome: the crisis\ncontext: C.\ninterpretations:\n");
    for (id, (n, s)) in ids.iter().zip(ratings) {
        yaml.push_str(&format!(
            "  - id: {id}\n    label: L {id}\n    claim: C.\n    assessment:\n      necessity: {{rating: {n}, reason: R.}}\n      scale: {{rating: {s}, reason: R.}}\n      timing: {{rating: weak, reason: R.}}\n"
        ));
    }
    yaml.push_str("evidence:\n");
    yaml.push_str(evidence);
    yaml.push_str("questions:\n  - id: q\n    text: How far was a responsible?\n    focus: a\n");
    essayplan::map::from_bytes("t.yaml", yaml.as_bytes())
        .unwrap_or_else(|r| panic!("{}", r.render(false)))
        .map
}

fn item(id: &str, supports: &str, challenges: &str) -> String {
    format!(
        "  - id: {id}\n    point: A fact of some length here.\n    date: '1900'\n    supports: [{supports}]\n    challenges: [{challenges}]\n"
    )
}

fn ranking_of(m: &essayplan::map::ArgumentMap) -> Vec<&str> {
    judge(m, &m.questions[0])
        .ranking
        .iter()
        .map(|&i| m.interpretations[i].id.as_str())
        .collect()
}

#[test]
fn grid_scores_decide_the_extent_at_its_boundaries() {
    let e = item("e1", "a, b, c, d", "");
    // a: 3 (strong + partial); best rival 2 → large.
    let m = map(
        [
            ("strong", "partial"),
            ("partial", "partial"),
            ("weak", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    let j = judge(&m, &m.questions[0]);
    assert_eq!(
        (j.source, j.extent, j.focus_score, j.best_score),
        (Source::Grid, Extent::Large, 3, 2)
    );
    // Level → some.
    let m = map(
        [
            ("partial", "partial"),
            ("strong", "weak"),
            ("weak", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    assert_eq!(judge(&m, &m.questions[0]).extent, Extent::Some);
    // One below → some; two below → limited.
    let m = map(
        [
            ("partial", "weak"),
            ("strong", "weak"),
            ("weak", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    assert_eq!(judge(&m, &m.questions[0]).extent, Extent::Some);
    let m = map(
        [
            ("weak", "weak"),
            ("strong", "weak"),
            ("weak", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    assert_eq!(judge(&m, &m.questions[0]).extent, Extent::Limited);
}

#[test]
fn ties_break_by_strong_verdicts_then_net_evidence_then_map_order() {
    // b and c score 2; c has a strong verdict, b two partials: c first.
    let e = item("e1", "a, b, c, d", "");
    let m = map(
        [
            ("weak", "weak"),
            ("partial", "partial"),
            ("strong", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    assert_eq!(ranking_of(&m), ["c", "b", "a", "d"]);
    // b and c both partial+partial: net evidence decides (c has one more).
    let e = [item("e1", "a, b, c, d", ""), item("e2", "c", "")].concat();
    let m = map(
        [
            ("weak", "weak"),
            ("partial", "partial"),
            ("partial", "partial"),
            ("weak", "weak"),
        ],
        &e,
    );
    assert_eq!(ranking_of(&m), ["c", "b", "a", "d"]);
    // All equal: map order.
    let e = item("e1", "a, b, c, d", "");
    let m = map(
        [
            ("weak", "weak"),
            ("partial", "partial"),
            ("partial", "partial"),
            ("weak", "weak"),
        ],
        &e,
    );
    assert_eq!(ranking_of(&m), ["b", "c", "a", "d"]);
}

#[test]
fn an_authored_judgement_reorders_the_ranking_and_the_comparisons() {
    let e = item("e1", "a, b, c, d", "");
    let mut m = map(
        [
            ("weak", "weak"),
            ("strong", "strong"),
            ("partial", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    m.questions[0].judgement = Some(essayplan::map::Judgement {
        extent: Extent::Large,
        reason: "R.".into(),
    });
    let j = judge(&m, &m.questions[0]);
    assert_eq!((j.source, j.computed), (Source::Author, Extent::Limited));
    assert_eq!(j.ranking[0], 0, "large puts the focus first");
    assert!(
        j.comparisons
            .iter()
            .skip(1)
            .all(|c| *c == Some(Comparison::Weaker))
    );
    m.questions[0].judgement = Some(essayplan::map::Judgement {
        extent: Extent::Limited,
        reason: "R.".into(),
    });
    let m2 = map(
        [
            ("strong", "strong"),
            ("weak", "weak"),
            ("weak", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    let mut q = m2.questions[0].clone();
    q.judgement = m.questions[0].judgement.clone();
    let j = judge(&m2, &q);
    assert_eq!(
        j.ranking[1], 0,
        "limited puts the focus below the best rival"
    );
    assert_eq!(j.comparisons[j.best_rival], Some(Comparison::Stronger));
}

#[test]
fn without_a_complete_grid_evidence_counts_decide() {
    let e = [
        item("e1", "a", "b"),
        item("e2", "a", ""),
        item("e3", "b", ""),
    ]
    .concat();
    let mut m = map(
        [
            ("weak", "weak"),
            ("weak", "weak"),
            ("weak", "weak"),
            ("weak", "weak"),
        ],
        &e,
    );
    m.interpretations[1].assessment[0] = None;
    let j = judge(&m, &m.questions[0]);
    // a: 3 + 2 = 5; b: 3 + 1 − 1 = 3; c, d: 3 → large by evidence.
    assert_eq!(
        (j.source, j.rule, j.focus_score, j.best_score),
        (Source::Evidence, Rule::Evidence, 5, 3)
    );
    assert_eq!(j.extent, Extent::Large);
}

#[test]
fn steps() {
    assert_eq!(steps_apart(Extent::Large, Extent::Limited), 2);
    assert_eq!(steps_apart(Extent::Limited, Extent::Large), 2);
    assert_eq!(steps_apart(Extent::Some, Extent::Large), 1);
    assert_eq!(steps_apart(Extent::Some, Extent::Some), 0);
}

#[test]
fn dates() {
    assert_eq!(date_info("1 Dec 1934").form, "day");
    assert_eq!(date_info("1937").form, "point");
    assert_eq!(date_info("Chapter 10").form, "point");
    let r = date_info("1937–38");
    assert_eq!(
        (r.form, r.from.as_deref(), r.to.as_deref()),
        ("range", Some("1937"), Some("1938"))
    );
    let r = date_info("Aug 1937 – Nov 1938");
    assert_eq!(
        (r.from.as_deref(), r.to.as_deref()),
        (Some("Aug 1937"), Some("Nov 1938"))
    );
    assert_eq!(date_info("19–24 Aug 1936").form, "range");
}

#[test]
fn quotation_parts() {
    let q = quotation("“The Bolsheviks took power because they followed the mood of the masses, not because of Lenin's leadership.” How far do you agree?").unwrap();
    assert_eq!(
        q.parts,
        vec![
            "The Bolsheviks took power because they followed the mood of the masses",
            "not because of Lenin's leadership"
        ]
    );
    let q =
        quotation("'Stalin's paranoia; not ideology.' Assess the validity of this view.").unwrap();
    assert_eq!(q.parts.len(), 2);
    assert!(quotation("How far?").is_none());
}
