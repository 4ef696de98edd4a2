//! The one place that knows the plan: builds the pictures' inputs from an
//! [`EssayPlan`] (and the [`ArgumentMap`] for relations). Everything else
//! in [`crate::picture`] sees only its own types.

use crate::map::ArgumentMap;
use crate::plan::{EssayPlan, Mode};

use super::{
    InterpretationMap, JudgementLine, LinePoint, MapEdge, MapNode, NodeSummary, Scale, Source,
};

/// The judgement line of a plan: every section's interpretation placed by
/// its score (0.1 scores by evidence, 1–5), the judgement and its source
/// as the plan records them; numbers shown in `model` mode only.
pub fn judgement_line(plan: &EssayPlan) -> JudgementLine {
    let mut sections: Vec<_> = plan.sections.iter().collect();
    sections.sort_by_key(|s| s.rank);
    JudgementLine {
        question: plan.question.text.clone(),
        extent: plan.judgement.extent,
        source: match plan.judgement.source {
            "author" => Source::Author,
            "grid" => Source::Grid,
            _ => Source::Evidence,
        },
        scale: Scale::Evidence,
        scale_min: 1,
        scale_max: 5,
        best_rival_score: i32::from(plan.judgement.rival.score),
        // Numbers for the teacher's model answer only.
        show_scores: plan.mode == Mode::Model,
        points: sections
            .iter()
            .map(|s| LinePoint {
                id: s.id.clone(),
                label: s.label.clone(),
                score: i32::from(s.score.value),
                focus: s.is_focus,
            })
            .collect(),
    }
}

/// The interpretation map of a plan: its sections as boxes in ranking
/// order, with their evidence counts, and the map's relations between
/// them.
pub fn interpretation_map(map: &ArgumentMap, plan: &EssayPlan) -> InterpretationMap {
    let mut sections: Vec<_> = plan.sections.iter().collect();
    sections.sort_by_key(|s| s.rank);
    let node_of = |map_index: usize| {
        let id = &map.interpretations.get(map_index)?.id;
        sections.iter().position(|s| &s.id == id)
    };
    InterpretationMap {
        title: plan.question.text.clone(),
        nodes: sections
            .iter()
            .map(|s| MapNode {
                id: s.id.clone(),
                label: s.label.clone(),
                focus: s.is_focus,
                score: i32::from(s.score.value),
                summary: NodeSummary::Counts {
                    supporting: s.score.supporting,
                    challenging: s.score.challenging,
                },
            })
            .collect(),
        edges: map
            .relations
            .iter()
            .filter_map(|r| {
                Some(MapEdge {
                    from: node_of(r.from)?,
                    to: node_of(r.to)?,
                    kind: r.kind,
                    reason: r.reason.clone(),
                })
            })
            .collect(),
    }
}
