//! The one place that knows the plan: builds the pictures' inputs from an
//! [`EssayPlan`] alone (its scores, verdicts and relations). Everything
//! else in [`crate::picture`] sees only its own types.

use crate::plan::{self, EssayPlan, Mode};

use super::{
    InterpretationMap, JudgementLine, LinePoint, MapEdge, MapNode, NodeSummary, Rating, Scale,
    Source,
};

/// The score an interpretation has under the plan's rule (the ranking's).
fn score_of(plan: &EssayPlan, id: &str) -> i32 {
    plan.scores
        .iter()
        .find(|s| s.interpretation == id)
        .and_then(|s| s.score)
        .unwrap_or(0) as i32
}

/// The judgement line of a plan: every section's interpretation placed by
/// its score under the rule in force (grid points, or evidence scores 1–5),
/// the judgement and its source as the plan records them; numbers shown to
/// teachers only (model answers and the evidence bank).
pub fn judgement_line(plan: &EssayPlan) -> JudgementLine {
    let mut sections: Vec<_> = plan.sections.iter().collect();
    sections.sort_by_key(|s| s.rank);
    let (scale, scale_min, scale_max) = match plan.judgement.rule {
        plan::Rule::Grid => (Scale::Grid, 0, 2 * plan.criteria.len() as i32),
        plan::Rule::Evidence => (Scale::Evidence, 1, 5),
    };
    JudgementLine {
        question: plan.question.text.clone(),
        extent: plan.judgement.extent,
        source: match plan.judgement.source {
            plan::Source::Author => Source::Author,
            plan::Source::Grid => Source::Grid,
            plan::Source::Evidence => Source::Evidence,
        },
        scale,
        scale_min,
        scale_max,
        best_rival_score: plan.judgement.best_score as i32,
        show_scores: matches!(plan.mode, Mode::Model | Mode::Bank),
        points: sections
            .iter()
            .map(|s| LinePoint {
                id: s.interpretation.clone(),
                label: plan.interpretations[&s.interpretation].label.clone(),
                score: score_of(plan, &s.interpretation),
                focus: s.role == plan::Role::Focus,
            })
            .collect(),
    }
}

/// The interpretation map of a plan: its sections as boxes in ranking
/// order, each with its verdicts (or its evidence counts when the grid is
/// incomplete), and the map's relations between them.
pub fn interpretation_map(plan: &EssayPlan) -> InterpretationMap {
    let mut sections: Vec<_> = plan.sections.iter().collect();
    sections.sort_by_key(|s| s.rank);
    let node_of = |id: &str| sections.iter().position(|s| s.interpretation == id);
    InterpretationMap {
        title: plan.question.text.clone(),
        nodes: sections
            .iter()
            .map(|s| {
                let assessed = !s.grid.is_empty() && s.grid.iter().all(Option::is_some);
                let summary = if plan.judgement.rule == plan::Rule::Grid && assessed {
                    NodeSummary::Verdicts(
                        plan.criteria
                            .iter()
                            .zip(&s.grid)
                            .filter_map(|(c, r)| {
                                let name = c.name.clone().unwrap_or_else(|| c.id.clone());
                                Some((name, rating((*r)?)))
                            })
                            .collect(),
                    )
                } else {
                    let score = plan
                        .scores
                        .iter()
                        .find(|x| x.interpretation == s.interpretation);
                    NodeSummary::Counts {
                        supporting: score.map_or(0, |x| x.supporting),
                        challenging: score.map_or(0, |x| x.challenging),
                    }
                };
                MapNode {
                    id: s.interpretation.clone(),
                    label: plan.interpretations[&s.interpretation].label.clone(),
                    focus: s.role == plan::Role::Focus,
                    score: score_of(plan, &s.interpretation),
                    summary,
                }
            })
            .collect(),
        edges: plan
            .relations
            .iter()
            .filter_map(|r| {
                Some(MapEdge {
                    from: node_of(&r.from)?,
                    to: node_of(&r.to)?,
                    kind: r.kind,
                    reason: r.reason.clone(),
                })
            })
            .collect(),
    }
}

fn rating(r: crate::map::Rating) -> Rating {
    match r {
        crate::map::Rating::Strong => Rating::Strong,
        crate::map::Rating::Partial => Rating::Partial,
        crate::map::Rating::Weak => Rating::Weak,
    }
}
