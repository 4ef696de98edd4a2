//! The judgement (spec, "The judgement"): scores by the grid or the
//! evidence, the extent and its source, the ranking with its tie-breaks, the
//! comparisons with the focus, the criterion each section applies, and the
//! main reason. Pure functions over a validated map.

use std::cmp::Reverse;

use serde::Serialize;

use crate::map::{ArgumentMap, Extent, InterpretationIndex, Question, QuestionKind, Rating};

/// Which rule decided the judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Author,
    Grid,
    Evidence,
}

/// Which scores the ranking and the comparisons use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    Grid,
    Evidence,
}

/// A section's interpretation against the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Comparison {
    Stronger,
    Level,
    Weaker,
}

/// One interpretation's scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub interpretation: InterpretationIndex,
    /// Grid points (2/1/0 a verdict), when it has a verdict on every criterion.
    pub grid: Option<i64>,
    /// `weight`, or 3 + supporting − challenging kept within 1–5.
    pub evidence: i64,
    /// Supporting − challenging items, before the cap.
    pub net: i64,
    pub supporting: usize,
    pub challenging: usize,
    /// Verdicts rated `strong`.
    pub strong: usize,
}

impl Score {
    /// The score under a rule (an unassessed interpretation has none under the grid).
    pub(crate) fn under(&self, rule: Rule) -> Option<i64> {
        match rule {
            Rule::Grid => self.grid,
            Rule::Evidence => Some(self.evidence),
        }
    }
}

/// Every interpretation's scores, in map order.
pub(crate) fn scores(map: &ArgumentMap) -> Vec<Score> {
    map.interpretations
        .iter()
        .enumerate()
        .map(|(i, interp)| {
            let supporting = map
                .evidence
                .iter()
                .filter(|e| e.supports.contains(&i))
                .count();
            let challenging = map
                .evidence
                .iter()
                .filter(|e| e.challenges.contains(&i))
                .count();
            let net = supporting as i64 - challenging as i64;
            let verdicts = || interp.assessment.iter().flatten();
            Score {
                interpretation: i,
                grid: interp
                    .fully_assessed()
                    .then(|| verdicts().map(|v| v.rating.points()).sum()),
                evidence: interp
                    .weight
                    .map_or_else(|| (3 + net).clamp(1, 5), i64::from),
                net,
                supporting,
                challenging,
                strong: verdicts().filter(|v| v.rating == Rating::Strong).count(),
            }
        })
        .collect()
}

/// The extent for a focus score against the best rival's (spec).
pub fn extent_for(focus: i64, best: i64) -> Extent {
    if focus > best {
        Extent::Large
    } else if focus >= best - 1 {
        Extent::Some
    } else {
        Extent::Limited
    }
}

/// How many steps apart two extents are (0, 1 or 2).
pub fn steps_apart(a: Extent, b: Extent) -> u8 {
    let n = |e: Extent| match e {
        Extent::Large => 0i8,
        Extent::Some => 1,
        Extent::Limited => 2,
    };
    (n(a) - n(b)).unsigned_abs()
}

/// The judgement of one question, with everything that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub extent: Extent,
    pub source: Source,
    /// The scores the ranking and comparisons use.
    pub rule: Rule,
    /// What the rule alone gives (differs from `extent` only under an author).
    pub computed: Extent,
    /// The focus's score and the best question rival's, under `rule`.
    pub focus_score: i64,
    pub best_score: i64,
    /// The highest-ranked question rival.
    pub best_rival: InterpretationIndex,
    /// Every interpretation, strongest first.
    pub ranking: Vec<InterpretationIndex>,
    /// For every interpretation (map order): its comparison with the focus
    /// (`None` for the focus itself).
    pub comparisons: Vec<Option<Comparison>>,
    /// For a `main-reason` question: the main reason (two when level).
    pub main_reason: Vec<InterpretationIndex>,
    pub scores: Vec<Score>,
}

/// Judge a question (spec: author → grid → evidence).
pub fn judge(map: &ArgumentMap, q: &Question) -> Judged {
    let scores = scores(map);
    let rivals = map.rivals_of(q);
    let rule = if map.grid_complete_for(q) {
        Rule::Grid
    } else {
        Rule::Evidence
    };
    let score = |i: usize| scores[i].under(rule);
    // Ranking: by score (unassessed after all assessed under the grid),
    // then strong verdicts, then net evidence, then map order.
    let mut ranking: Vec<usize> = (0..map.interpretations.len()).collect();
    ranking.sort_by_key(|&i| {
        (
            Reverse(score(i).is_some()),
            Reverse(score(i).unwrap_or(i64::MIN)),
            Reverse(scores[i].strong),
            Reverse(scores[i].net),
            i,
        )
    });
    let focus_score = score(q.focus).unwrap_or(0);
    let best_rival = ranking
        .iter()
        .copied()
        .find(|i| rivals.contains(i))
        .unwrap_or(q.focus);
    let best_score = rivals
        .iter()
        .filter_map(|&r| score(r))
        .max()
        .unwrap_or(focus_score);
    let computed = extent_for(focus_score, best_score);
    let mut comparisons: Vec<Option<Comparison>> = (0..map.interpretations.len())
        .map(|i| {
            (i != q.focus).then(|| match score(i).unwrap_or(i64::MIN).cmp(&focus_score) {
                std::cmp::Ordering::Greater => Comparison::Stronger,
                std::cmp::Ordering::Equal => Comparison::Level,
                std::cmp::Ordering::Less => Comparison::Weaker,
            })
        })
        .collect();
    let (extent, source) = match (&q.judgement, rule) {
        (Some(j), _) => (j.extent, Source::Author),
        (None, Rule::Grid) => (computed, Source::Grid),
        (None, Rule::Evidence) => (computed, Source::Evidence),
    };
    if source == Source::Author {
        match extent {
            Extent::Large => {
                ranking.retain(|&i| i != q.focus);
                ranking.insert(0, q.focus);
                for (i, c) in comparisons.iter_mut().enumerate() {
                    if i != q.focus {
                        *c = Some(Comparison::Weaker);
                    }
                }
            }
            Extent::Limited => {
                let focus_at = ranking.iter().position(|&i| i == q.focus).unwrap_or(0);
                let top_at = ranking.iter().position(|&i| i == best_rival).unwrap_or(0);
                if top_at > focus_at {
                    ranking.remove(focus_at);
                    let top_at = ranking.iter().position(|&i| i == best_rival).unwrap_or(0);
                    ranking.insert(top_at + 1, q.focus);
                }
                comparisons[best_rival] = Some(Comparison::Stronger);
                // Rivals now ranked below the focus cannot be stronger.
                let focus_at = ranking.iter().position(|&i| i == q.focus).unwrap_or(0);
                for &i in &ranking[focus_at + 1..] {
                    if comparisons[i] == Some(Comparison::Stronger) {
                        comparisons[i] = Some(Comparison::Level);
                    }
                }
            }
            Extent::Some => {
                let selected_level_or_better = rivals.iter().any(|&r| {
                    matches!(
                        comparisons[r],
                        Some(Comparison::Level | Comparison::Stronger)
                    )
                });
                if !selected_level_or_better && best_rival != q.focus {
                    comparisons[best_rival] = Some(Comparison::Level);
                }
            }
        }
    }
    let main_reason = if q.kind == QuestionKind::MainReason {
        main_reason(q, source, extent, &ranking, &rivals, &comparisons)
    } else {
        Vec::new()
    };
    Judged {
        extent,
        source,
        rule,
        computed,
        focus_score,
        best_score,
        best_rival,
        ranking,
        comparisons,
        main_reason,
        scores,
    }
}

fn main_reason(
    q: &Question,
    source: Source,
    extent: Extent,
    ranking: &[usize],
    rivals: &[usize],
    comparisons: &[Option<Comparison>],
) -> Vec<usize> {
    let top_rival = ranking.iter().copied().find(|i| rivals.contains(i));
    if source == Source::Author {
        return match (extent, top_rival) {
            (Extent::Large, _) | (_, None) => vec![q.focus],
            (_, Some(r)) => vec![r],
        };
    }
    let first = ranking
        .iter()
        .copied()
        .find(|&i| i == q.focus || rivals.contains(&i))
        .unwrap_or(q.focus);
    match top_rival {
        Some(r) if comparisons[r] == Some(Comparison::Level) => {
            if first == r {
                vec![r, q.focus]
            } else {
                vec![q.focus, r]
            }
        }
        _ => vec![first],
    }
}

/// The criterion a section applies (spec, "Criteria in sections"), as an
/// index into the map's criteria. `turn` is the section's position, used
/// when there are no verdicts to choose by.
pub(crate) fn criterion_for(
    map: &ArgumentMap,
    interp: InterpretationIndex,
    focus: InterpretationIndex,
    comparison: Option<Comparison>,
    turn: usize,
) -> usize {
    let n = map.criteria.len().max(1);
    let rating = |i: usize, c: usize| {
        map.interpretations[i]
            .assessment
            .get(c)
            .and_then(|v| v.as_ref())
            .map(|v| v.rating.points())
    };
    let own: Vec<Option<i64>> = (0..map.criteria.len()).map(|c| rating(interp, c)).collect();
    if own.iter().all(Option::is_none) {
        return turn % n;
    }
    // The best by a key, ties to map order.
    let best_by = |key: &dyn Fn(usize) -> Option<i64>| {
        (0..map.criteria.len())
            .filter_map(|c| key(c).map(|k| (c, k)))
            .fold(None::<(usize, i64)>, |best, (c, k)| match best {
                Some((_, bk)) if bk >= k => best,
                _ => Some((c, k)),
            })
            .map_or(turn % n, |(c, _)| c)
    };
    match comparison {
        None => best_by(&|c| own[c]),
        Some(Comparison::Level) => 0,
        Some(Comparison::Stronger) => {
            best_by(&|c| own[c].map(|r| r - rating(focus, c).unwrap_or(0)))
        }
        Some(Comparison::Weaker) => best_by(&|c| own[c].map(|r| rating(focus, c).unwrap_or(2) - r)),
    }
}
