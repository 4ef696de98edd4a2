//! The consistency check: a pure function over a built plan that fails when
//! the argument contradicts itself (spec, "Comparisons"): a comparison that
//! disagrees with the judgement or the ranking, an item cited for an
//! interpretation it challenges, a conclusion whose extent differs from the
//! line of argument, or a counterfactual for a reading. Tests run it on
//! every plan they build; debug builds run it on every plan.

use super::model::*;
use crate::map::{ArgumentMap, Extent, InterpretationKind};

/// One way a plan contradicts itself.
/// Its `Display` is the variant with its fields (developers read it, in
/// test failures); the plan stage holds no prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inconsistency {
    /// A rival's comparison contradicts the extent.
    ComparisonAgainstJudgement {
        section: String,
        comparison: Comparison,
        extent: Extent,
    },
    /// A comparison contradicts the ranking.
    ComparisonAgainstRanking {
        section: String,
        comparison: Comparison,
        rank: usize,
        focus_rank: usize,
    },
    /// An item cited for a section it does not bear on that way.
    MiscitedItem {
        item: String,
        section: String,
        role: Use,
    },
    /// The conclusion's extent differs from the judgement's.
    ConclusionDiffers {
        conclusion: Extent,
        judgement: Extent,
    },
    /// A reading given a counterfactual.
    ReadingCounterfactual(String),
    /// The focus is not the first section.
    FocusNotFirst,
    /// The ranking misses or repeats an interpretation.
    RankingIncomplete,
    /// The main reason is not first among the question's factors.
    MainReason(String),
    /// A mini-judgement cites an item its section did not select.
    VerdictOutsideSelection { section: String, item: String },
}

impl std::fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Inconsistency {}

/// Check a plan built from `map`. Every problem is returned.
pub fn check(map: &ArgumentMap, plan: &EssayPlan) -> Result<(), Vec<Inconsistency>> {
    let mut problems = Vec::new();
    let index = |id: &str| map.interpretations.iter().position(|i| i.id == id);
    let rank_of = |id: &str| {
        plan.ranking
            .iter()
            .position(|r| r == id)
            .map_or(usize::MAX, |p| p + 1)
    };

    let mut ranked = plan.ranking.clone();
    ranked.sort();
    ranked.dedup();
    if ranked.len() != map.interpretations.len() || plan.ranking.len() != ranked.len() {
        problems.push(Inconsistency::RankingIncomplete);
    }
    match plan.sections.first() {
        Some(s) if s.role == Role::Focus && s.interpretation == plan.question.focus => {}
        _ => problems.push(Inconsistency::FocusNotFirst),
    }
    let extent = plan.judgement.extent;
    if plan.conclusion.extent != extent {
        problems.push(Inconsistency::ConclusionDiffers {
            conclusion: plan.conclusion.extent,
            judgement: extent,
        });
    }
    let focus_rank = rank_of(&plan.question.focus);
    for s in &plan.sections {
        let Some(i) = index(&s.interpretation) else {
            continue;
        };
        if let Some(c) = s.comparison {
            let question_rival = matches!(s.role, Role::Against | Role::Rival);
            let against_judgement = question_rival
                && match extent {
                    Extent::Large => c != Comparison::Weaker,
                    Extent::Limited => {
                        s.interpretation == plan.judgement.best_rival && c != Comparison::Stronger
                    }
                    Extent::Some => false,
                };
            if against_judgement {
                problems.push(Inconsistency::ComparisonAgainstJudgement {
                    section: s.interpretation.clone(),
                    comparison: c,
                    extent,
                });
            }
            let rank = rank_of(&s.interpretation);
            let against_ranking = match c {
                Comparison::Stronger => rank > focus_rank,
                Comparison::Weaker => rank < focus_rank,
                Comparison::Level => false,
            };
            if against_ranking {
                problems.push(Inconsistency::ComparisonAgainstRanking {
                    section: s.interpretation.clone(),
                    comparison: c,
                    rank,
                    focus_rank,
                });
            }
        }
        for cite in s.evidence_for.iter().chain(&s.evidence_against) {
            let Some(item) = map.evidence.iter().find(|e| e.id == cite.id) else {
                continue;
            };
            let fits = match cite.role {
                Use::For => item.supports.contains(&i),
                Use::Against => item.challenges.contains(&i),
                Use::Qualifies => item.qualifies.contains(&i),
            };
            if !fits {
                problems.push(Inconsistency::MiscitedItem {
                    item: cite.id.clone(),
                    section: s.interpretation.clone(),
                    role: cite.role,
                });
            }
        }
        if plan.mode != Mode::Bank {
            for v in s.verdict.iter() {
                for e in &v.evidence {
                    if !s.evidence.contains(e) {
                        problems.push(Inconsistency::VerdictOutsideSelection {
                            section: s.interpretation.clone(),
                            item: e.clone(),
                        });
                    }
                }
            }
        }
        if s.counterfactual && map.interpretations[i].kind == InterpretationKind::Reading {
            problems.push(Inconsistency::ReadingCounterfactual(
                s.interpretation.clone(),
            ));
        }
    }
    if let Some(first) = plan.judgement.main_reason.first()
        && plan.judgement.source != Source::Author
    {
        let q = map.question(&plan.question.id);
        let factors: Vec<usize> = q
            .map(|q| std::iter::once(q.focus).chain(map.rivals_of(q)).collect())
            .unwrap_or_default();
        let top = plan
            .ranking
            .iter()
            .find(|id| index(id).is_some_and(|i| factors.contains(&i)));
        let level_pair = plan.judgement.main_reason.len() == 2
            && plan.judgement.main_reason.iter().any(|m| Some(m) == top);
        if top != Some(first) && !level_pair {
            problems.push(Inconsistency::MainReason(first.clone()));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
