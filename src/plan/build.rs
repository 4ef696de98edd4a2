//! Build: `&ArgumentMap` + question + options → [`EssayPlan`]. Selection
//! (spec, "Selection" and "Evidence per section"), then the typed argument
//! around it. Pure: no I/O, no sentences.

use std::collections::BTreeMap;

use super::judge::{self, Comparison, Judged, Rule};
use super::model::*;
use super::timing::Timing;
use crate::map::{
    ArgumentMap, Evidence, InterpretationIndex, InterpretationKind, Question, QuestionKind,
};

/// The choices that shape a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    pub mode: Mode,
    pub level: Level,
    pub student: Option<String>,
    pub timing: Option<Timing>,
    /// Examiner's comments on a model answer.
    pub annotate: bool,
    /// Section headings inside a model answer.
    pub headings: bool,
    /// Overrides of the level's selection (model answers fit their length
    /// with these).
    pub limits: Option<Limits>,
    /// How briefly the plan writes out its selection (plans fit their
    /// pages with this).
    pub brevity: Brevity,
}

/// How much a plan selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rivals chosen by ranking when the question names none (`against` counts).
    pub rivals: usize,
    /// Items for and against each section.
    pub evidence_for: usize,
    pub evidence_against: usize,
    /// Whether "other explanations" are named.
    pub others: bool,
    /// A shorter write-up: only each paragraph's first item explained.
    pub concise: bool,
}

impl Limits {
    /// The spec's limits for a level.
    pub(crate) fn for_level(level: Level) -> Self {
        let (rivals, evidence_for, evidence_against) = match level {
            Level::Support => (2, 2, 1),
            Level::Core => (3, 3, 1),
            Level::Stretch => (3, 3, 2),
        };
        Self {
            rivals,
            evidence_for,
            evidence_against,
            others: true,
            concise: false,
        }
    }
}

/// Build the plan for one question of a valid map.
pub fn build(map: &ArgumentMap, question: &Question, options: &PlanOptions) -> EssayPlan {
    let plan = assemble(map, question, options);
    debug_assert_eq!(super::consistency::check(map, &plan), Ok(()));
    plan
}

fn assemble(map: &ArgumentMap, question: &Question, options: &PlanOptions) -> EssayPlan {
    let judged = judge::judge(map, question);
    let preset_rivals = options.timing.and_then(|t| t.preset).and_then(|p| p.rivals);
    let limits = options.limits.unwrap_or_else(|| {
        let mut l = Limits::for_level(options.level);
        if let Some(r) = preset_rivals {
            l.rivals = l.rivals.min(r);
        }
        l
    });
    let bank = options.mode == Mode::Bank;
    let rivals = map.rivals_of(question);

    // Sections: focus, against, then rivals by ranking.
    let mut chosen: Vec<(InterpretationIndex, Role)> = vec![(question.focus, Role::Focus)];
    if let Some(a) = question.against {
        chosen.push((a, Role::Against));
    }
    let ranked_rivals = judged
        .ranking
        .iter()
        .copied()
        .filter(|i| rivals.contains(i) && Some(*i) != question.against);
    if bank {
        chosen.extend(ranked_rivals.map(|i| (i, Role::Rival)));
        let rest: Vec<usize> = judged
            .ranking
            .iter()
            .copied()
            .filter(|i| !chosen.iter().any(|(c, _)| c == i))
            .collect();
        chosen.extend(rest.into_iter().map(|i| (i, Role::Other)));
    } else if question.rivals.is_some() && options.limits.is_none() {
        // The question's own rivals, all of them (a fitted model answer may
        // drop the weakest: `limits` then caps them too).
        chosen.extend(ranked_rivals.map(|i| (i, Role::Rival)));
    } else {
        let room = limits
            .rivals
            .saturating_sub(usize::from(question.against.is_some()));
        chosen.extend(ranked_rivals.take(room).map(|i| (i, Role::Rival)));
    }
    let in_sections = |i: usize| chosen.iter().any(|(c, _)| *c == i);
    let others: Vec<usize> = if bank || !limits.others {
        Vec::new()
    } else {
        judged
            .ranking
            .iter()
            .copied()
            .filter(|&i| {
                !in_sections(i) && map.interpretations[i].kind != InterpretationKind::Reading
            })
            .collect()
    };

    // Evidence per section, each item written out once.
    let mut written: Vec<usize> = Vec::new();
    let mut relation_used = vec![false; map.relations.len()];
    let mut sections = Vec::new();
    for (turn, &(i, role)) in chosen.iter().enumerate() {
        let pick = |list: &mut dyn Iterator<Item = usize>, n: usize| -> Vec<usize> {
            let mut all: Vec<usize> = list.collect();
            all.sort_by_key(|&e| (!map.evidence[e].key, e));
            if bank {
                all
            } else {
                all.into_iter().take(n).collect()
            }
        };
        let items = |f: fn(&Evidence) -> &Vec<usize>| {
            (0..map.evidence.len()).filter(move |&e| f(&map.evidence[e]).contains(&i))
        };
        let for_ids = pick(&mut items(|e| &e.supports), limits.evidence_for);
        let mut against_ids: Vec<(usize, Use)> =
            pick(&mut items(|e| &e.challenges), limits.evidence_against)
                .into_iter()
                .map(|e| (e, Use::Against))
                .collect();
        if bank || against_ids.len() < limits.evidence_against {
            let room = limits.evidence_against - against_ids.len().min(limits.evidence_against);
            against_ids.extend(
                pick(&mut items(|e| &e.qualifies), room)
                    .into_iter()
                    .map(|e| (e, Use::Qualifies)),
            );
        }
        let mut cite = |e: usize, role: Use| {
            let first = !written.contains(&e);
            if first {
                written.push(e);
            }
            Cite {
                id: map.evidence[e].id.clone(),
                role,
                first,
            }
        };
        let evidence_for: Vec<Cite> = for_ids.iter().map(|&e| cite(e, Use::For)).collect();
        let evidence_against: Vec<Cite> = against_ids.iter().map(|&(e, u)| cite(e, u)).collect();
        let selected: Vec<usize> = for_ids
            .iter()
            .copied()
            .chain(against_ids.iter().map(|(e, _)| *e))
            .collect();
        let comparison = judged.comparisons[i];
        let c = judge::criterion_for(map, i, question.focus, comparison, turn);
        let verdict_info = |who: usize| {
            map.interpretations[who]
                .assessment
                .get(c)
                .cloned()
                .flatten()
                .map(|v| VerdictInfo {
                    rating: v.rating,
                    reason: v.reason,
                    evidence: v
                        .evidence
                        .iter()
                        .filter(|e| bank || selected.contains(e))
                        .map(|&e| map.evidence[e].id.clone())
                        .collect(),
                })
        };
        // Each relation once: in the later of its two sections.
        let mut relations = Vec::new();
        for (r, rel) in map.relations.iter().enumerate() {
            let other = if rel.from == i {
                rel.to
            } else if rel.to == i {
                rel.from
            } else {
                continue;
            };
            let earlier = chosen[..turn].iter().any(|(c, _)| *c == other);
            if !relation_used[r] && (earlier || (bank && !in_sections(other))) {
                relation_used[r] = true;
                relations.push(r);
            }
        }
        let kind = map.interpretations[i].kind;
        sections.push(SectionDraft {
            section: Section {
                interpretation: map.interpretations[i].id.clone(),
                role,
                comparison,
                rank: judged.ranking.iter().position(|&r| r == i).unwrap_or(0) + 1,
                criterion: Some(map.criteria[c].id.clone()),
                verdict: verdict_info(i),
                grid: map.interpretations[i]
                    .assessment
                    .iter()
                    .map(|v| v.as_ref().map(|v| v.rating))
                    .collect(),
                weakest: map.interpretations[i]
                    .assessment
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != c)
                    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
                    .fold(None::<(usize, &crate::map::Verdict)>, |b, (k, v)| match b {
                        Some((_, bv)) if bv.rating <= v.rating => b,
                        _ => Some((k, v)),
                    })
                    .map(|(k, v)| Concession {
                        interpretation: map.interpretations[i].id.clone(),
                        criterion: map.criteria[k].id.clone(),
                        rating: v.rating,
                        reason: v.reason.clone(),
                    }),
                focus_verdict: if i == question.focus {
                    None
                } else {
                    verdict_info(question.focus)
                },
                evidence: selected
                    .iter()
                    .map(|&e| map.evidence[e].id.clone())
                    .collect(),
                evidence_for,
                evidence_against,
                relations: Vec::new(),
                counterfactual: options.level == Level::Stretch
                    && matches!(
                        kind,
                        InterpretationKind::Cause | InterpretationKind::Trigger
                    ),
            },
            relations,
        });
    }
    // Relations, numbered in the order sections use them.
    let mut relations = Vec::new();
    let sections: Vec<Section> = sections
        .into_iter()
        .map(|mut d| {
            for r in d.relations {
                let rel = &map.relations[r];
                d.section.relations.push(relations.len());
                relations.push(RelationInfo {
                    from: map.interpretations[rel.from].id.clone(),
                    to: map.interpretations[rel.to].id.clone(),
                    kind: rel.kind,
                    reason: rel.reason.clone(),
                });
            }
            d.section
        })
        .collect();

    let stretch = options.level == Level::Stretch && options.mode == Mode::Plan;
    let used: Vec<usize> = written.clone();
    let section_ids: Vec<usize> = chosen.iter().map(|(i, _)| *i).collect();

    // Stretch parts.
    let phases = if stretch {
        phases(map, question, &section_ids, &used)
    } else {
        Vec::new()
    };
    let debates = if stretch {
        map.relations
            .iter()
            .filter(|r| {
                r.kind == crate::map::RelationKind::Challenges
                    && section_ids.contains(&r.from)
                    && section_ids.contains(&r.to)
                    && !map.interpretations[r.from].historians.is_empty()
                    && !map.interpretations[r.to].historians.is_empty()
            })
            .take(3)
            .map(|r| Debate {
                from: map.interpretations[r.from].id.clone(),
                to: map.interpretations[r.to].id.clone(),
                reason: r.reason.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let readings: Vec<usize> = if stretch {
        (0..map.interpretations.len())
            .filter(|&i| {
                map.interpretations[i].kind == InterpretationKind::Reading
                    && !section_ids.contains(&i)
            })
            .collect()
    } else {
        Vec::new()
    };
    let counter_case = stretch
        .then(|| counter_case(map, question, &judged, &sections))
        .flatten();

    // Everything the plan names.
    let mut named: Vec<usize> = section_ids.clone();
    named.extend(&others);
    named.extend(&readings);
    named.push(judged.best_rival);
    named.extend(&judged.main_reason);
    if bank {
        named = (0..map.interpretations.len()).collect();
    }
    let interpretations: BTreeMap<String, InterpretationInfo> = named
        .iter()
        .map(|&i| {
            let x = &map.interpretations[i];
            (
                x.id.clone(),
                InterpretationInfo {
                    id: x.id.clone(),
                    label: x.label.clone(),
                    noun: x.noun.clone(),
                    plural: x.plural,
                    kind: x.kind,
                    claim: x.claim.clone(),
                    school: x.school.clone(),
                    historians: x.historians.clone(),
                },
            )
        })
        .collect();
    let mut cited: Vec<usize> = used.clone();
    for p in &phases {
        for id in p.focus_for.iter().chain(&p.focus_against) {
            if let Some(e) = map.evidence.iter().position(|x| &x.id == id)
                && !cited.contains(&e)
            {
                cited.push(e);
            }
        }
    }
    let evidence: BTreeMap<String, EvidenceInfo> = cited
        .iter()
        .map(|&e| {
            let x = &map.evidence[e];
            (
                x.id.clone(),
                EvidenceInfo {
                    id: x.id.clone(),
                    point: x.point.clone(),
                    date: x.date.as_deref().map(date_info),
                    source: x.source.clone(),
                    explains: x.explains.clone(),
                    key: x.key,
                    phase: x.phase.map(|p| map.phases[p].id.clone()),
                },
            )
        })
        .collect();
    let checklist = used
        .iter()
        .map(|&e| ChecklistEntry {
            evidence: map.evidence[e].id.clone(),
            uses: sections
                .iter()
                .enumerate()
                .flat_map(|(n, s)| {
                    s.evidence_for
                        .iter()
                        .chain(&s.evidence_against)
                        .filter(|c| c.id == map.evidence[e].id)
                        .map(move |c| ChecklistUse {
                            interpretation: s.interpretation.clone(),
                            section: n + 1,
                            role: c.role,
                        })
                })
                .collect(),
        })
        .collect();

    let id = |i: usize| map.interpretations[i].id.clone();
    let decisive = decisive(map, question, &judged);
    let missing_verdicts = if judged.rule == Rule::Evidence {
        std::iter::once(question.focus)
            .chain(rivals.iter().copied())
            .flat_map(|i| {
                map.criteria
                    .iter()
                    .enumerate()
                    .filter(move |(c, _)| {
                        map.interpretations[i]
                            .assessment
                            .get(*c)
                            .is_none_or(Option::is_none)
                    })
                    .map(move |(_, crit)| MissingVerdict {
                        interpretation: map.interpretations[i].id.clone(),
                        criterion: crit.id.clone(),
                    })
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut conclusion_ranking: Vec<String> = judged
        .ranking
        .iter()
        .filter(|&&i| i == question.focus || rivals.contains(&i))
        .filter(|i| section_ids.contains(i) || others.contains(i))
        .map(|&i| id(i))
        .collect();
    conclusion_ranking.dedup();
    let criteria_applied: Vec<String> = map
        .criteria
        .iter()
        .filter(|c| sections.iter().any(|s| s.criterion.as_ref() == Some(&c.id)))
        .map(|c| c.id.clone())
        .collect();
    let interactions: Vec<usize> = relations
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind != crate::map::RelationKind::Challenges)
        .map(|(n, _)| n)
        .take(2)
        .collect();
    let outcome = question.outcome.clone().or_else(|| map.outcome.clone());
    let period = question.period.clone().or_else(|| map.period.clone());
    EssayPlan {
        schema: 2,
        map_title: map.title.clone(),
        subject: map.subject,
        mode: options.mode,
        level: options.level,
        student: options.student.clone(),
        annotate: options.annotate,
        headings: options.headings,
        concise: limits.concise,
        brevity: options.brevity,
        timing: options.timing.map(|t| t.info(sections.len())),
        question: QuestionInfo {
            id: question.id.clone(),
            text: question.text.clone(),
            kind: question.kind,
            focus: id(question.focus),
            against: question.against.map(id),
            period,
            outcome,
            quotation: (question.kind == QuestionKind::Quotation)
                .then(|| quotation(&question.text))
                .flatten(),
        },
        context: map.context.clone(),
        terms_used: map
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                let term = t.term.to_lowercase();
                used.iter()
                    .any(|&e| map.evidence[e].point.to_lowercase().contains(&term))
                    || section_ids
                        .iter()
                        .any(|&i| map.interpretations[i].claim.to_lowercase().contains(&term))
            })
            .map(|(n, _)| n)
            .collect(),
        terms: map.terms.clone(),
        criteria: map
            .criteria
            .iter()
            .map(|c| CriterionInfo {
                id: c.id.clone(),
                name: c.name.clone(),
                test: c.test.clone(),
            })
            .collect(),
        judgement: JudgementInfo {
            extent: judged.extent,
            source: judged.source,
            reason: question.judgement.as_ref().map(|j| j.reason.clone()),
            rule: judged.rule,
            computed: judged.computed,
            focus_score: judged.focus_score,
            best_score: judged.best_score,
            best_rival: id(judged.best_rival),
            main_reason: judged.main_reason.iter().map(|&i| id(i)).collect(),
            decisive_criterion: decisive.as_ref().map(|d| d.criterion.clone()),
            decisive,
            concession: concession(map, question, &judged, &sections),
            missing_verdicts,
        },
        ranking: judged.ranking.iter().map(|&i| id(i)).collect(),
        scores: judged
            .ranking
            .iter()
            .map(|&i| {
                let s = &judged.scores[i];
                ScoreInfo {
                    interpretation: id(i),
                    score: s.under(judged.rule),
                    grid: s.grid,
                    evidence: s.evidence,
                    supporting: s.supporting,
                    challenging: s.challenging,
                    net: s.net,
                    strong: s.strong,
                }
            })
            .collect(),
        worked_section: (options.level == Level::Support && options.mode == Mode::Plan)
            .then_some(0),
        sections,
        others: others.iter().map(|&i| id(i)).collect(),
        relations,
        phases,
        debates,
        readings: readings.iter().map(|&i| id(i)).collect(),
        counter_case,
        conclusion: ConclusionInfo {
            extent: judged.extent,
            ranking: conclusion_ranking,
            criteria_applied,
            interactions,
        },
        checklist,
        interpretations,
        evidence,
    }
}

struct SectionDraft {
    section: Section,
    relations: Vec<usize>,
}

/// The criterion on which the winner of focus v. best rival wins most,
/// with both verdicts.
fn decisive(map: &ArgumentMap, q: &Question, judged: &Judged) -> Option<Decisive> {
    let rating = |i: usize, c: usize| {
        map.interpretations[i]
            .assessment
            .get(c)
            .cloned()
            .flatten()
            .map(|v| v.rating.points())
    };
    let (winner, loser) = if judged.comparisons[judged.best_rival] == Some(Comparison::Stronger) {
        (judged.best_rival, q.focus)
    } else {
        (q.focus, judged.best_rival)
    };
    let mut best: Option<(usize, i64)> = None;
    for c in 0..map.criteria.len() {
        if let (Some(w), Some(l)) = (rating(winner, c), rating(loser, c))
            && best.is_none_or(|(_, d)| w - l > d)
        {
            best = Some((c, w - l));
        }
    }
    let (c, _) = best.filter(|(_, d)| *d > 0)?;
    let reason = |i: usize| {
        map.interpretations[i].assessment[c]
            .as_ref()
            .map(|v| v.reason.clone())
            .unwrap_or_default()
    };
    Some(Decisive {
        criterion: map.criteria[c].id.clone(),
        winner: map.interpretations[winner].id.clone(),
        loser: map.interpretations[loser].id.clone(),
        winner_reason: reason(winner),
        loser_reason: reason(loser),
    })
}

/// The verdict the conclusion concedes (see `JudgementInfo::concession`).
fn concession(
    map: &ArgumentMap,
    q: &Question,
    judged: &Judged,
    sections: &[Section],
) -> Option<Concession> {
    let focus_wins = judged.comparisons[judged.best_rival] != Some(Comparison::Stronger);
    let who = if focus_wins {
        judged.best_rival
    } else {
        q.focus
    };
    let interp = &map.interpretations[who];
    let shown = sections
        .iter()
        .find(|s| s.interpretation == interp.id)
        .and_then(|s| s.criterion.clone());
    interp
        .assessment
        .iter()
        .enumerate()
        .filter_map(|(c, v)| v.as_ref().map(|v| (c, v)))
        .filter(|(c, v)| {
            v.rating != crate::map::Rating::Weak
                && shown.as_deref() != Some(map.criteria[*c].id.as_str())
        })
        .fold(None::<(usize, &crate::map::Verdict)>, |b, (c, v)| match b {
            Some((_, bv)) if bv.rating >= v.rating => b,
            _ => Some((c, v)),
        })
        .map(|(c, v)| Concession {
            interpretation: interp.id.clone(),
            criterion: map.criteria[c].id.clone(),
            rating: v.rating,
            reason: v.reason.clone(),
        })
}

/// The stretch periodisation: for each phase, what the plan's evidence shows.
fn phases(map: &ArgumentMap, q: &Question, sections: &[usize], used: &[usize]) -> Vec<PhaseInfo> {
    map.phases
        .iter()
        .enumerate()
        .map(|(p, phase)| {
            let in_phase = |e: &&Evidence| e.phase == Some(p);
            let mut ordered: Vec<&Evidence> = map.evidence.iter().filter(in_phase).collect();
            ordered.sort_by_key(|e| !e.key);
            let focus_for: Vec<String> = ordered
                .iter()
                .filter(|e| e.supports.contains(&q.focus))
                .take(2)
                .map(|e| e.id.clone())
                .collect();
            let focus_against: Vec<String> = ordered
                .iter()
                .filter(|e| e.challenges.contains(&q.focus) || e.qualifies.contains(&q.focus))
                .take(1)
                .map(|e| e.id.clone())
                .collect();
            let leading = sections
                .iter()
                .map(|&i| {
                    let n = ordered.iter().filter(|e| e.supports.contains(&i)).count();
                    (i, n)
                })
                .fold(None::<(usize, usize)>, |best, (i, n)| match best {
                    Some((_, bn)) if bn >= n => best,
                    _ if n > 0 => Some((i, n)),
                    _ => best,
                })
                .map(|(i, _)| map.interpretations[i].id.clone());
            PhaseInfo {
                id: phase.id.clone(),
                label: phase.label.clone(),
                period: phase.period.clone(),
                leading,
                evidence: used
                    .iter()
                    .filter(|&&e| map.evidence[e].phase == Some(p))
                    .map(|&e| map.evidence[e].id.clone())
                    .collect(),
                focus_for,
                focus_against,
            }
        })
        .filter(|p| !p.focus_for.is_empty() || !p.focus_against.is_empty() || p.leading.is_some())
        .collect()
}

/// The strongest case against the plan's judgement: for `large` and
/// `some`, the best rival's case; for `limited`, the focus's own.
fn counter_case(
    map: &ArgumentMap,
    q: &Question,
    judged: &Judged,
    sections: &[Section],
) -> Option<CounterCase> {
    let who = if judged.extent == crate::map::Extent::Limited {
        q.focus
    } else {
        judged.best_rival
    };
    if who == q.focus && judged.extent != crate::map::Extent::Limited {
        return None;
    }
    let interp = &map.interpretations[who];
    let shown = sections
        .iter()
        .find(|s| s.interpretation == interp.id)
        .and_then(|s| s.criterion.clone());
    let best = interp
        .assessment
        .iter()
        .enumerate()
        .filter_map(|(c, v)| v.as_ref().map(|v| (c, v)))
        .filter(|(c, _)| shown.as_deref() != Some(map.criteria[*c].id.as_str()))
        .fold(None::<(usize, &crate::map::Verdict)>, |b, (c, v)| match b {
            Some((_, bv)) if bv.rating >= v.rating => b,
            _ => Some((c, v)),
        });
    let section = sections.iter().find(|s| s.interpretation == interp.id)?;
    Some(CounterCase {
        interpretation: interp.id.clone(),
        criterion: best.map(|(c, _)| map.criteria[c].id.clone()),
        verdict: best.map(|(_, v)| VerdictInfo {
            rating: v.rating,
            reason: v.reason.clone(),
            evidence: v
                .evidence
                .iter()
                .map(|&e| map.evidence[e].id.clone())
                .filter(|id| section.evidence.contains(id))
                .collect(),
        }),
        evidence: section.evidence_for.iter().map(|c| c.id.clone()).collect(),
    })
}

/// The quotation of a quotation question and its parts (split at ";",
/// ", not " and " not because ").
pub fn quotation(text: &str) -> Option<Quotation> {
    let t = text.trim_start();
    let open = t.chars().next()?;
    let close: &[char] = match open {
        '“' => &['”'],
        '‘' => &['’'],
        '"' => &['"'],
        '\'' => &['\''],
        '«' => &['»'],
        _ => return None,
    };
    let body = &t[open.len_utf8()..];
    // The closing mark followed by a space, end or punctuation (not an apostrophe inside a word).
    let end = body
        .char_indices()
        .find(|&(i, c)| {
            close.contains(&c)
                && !body[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        })
        .map(|(i, _)| i)?;
    let quote = body[..end].trim().to_string();
    let mut parts = vec![quote.clone()];
    // Each separator, and what the part after it keeps ("not …" stays:
    // it is the part's claim).
    for (sep, keep) in [
        (";", ""),
        (", not ", "not "),
        (" not because ", "not because "),
    ] {
        parts = parts
            .into_iter()
            .flat_map(|p| {
                p.split(sep)
                    .enumerate()
                    .map(|(n, s)| {
                        let s = s.trim().trim_end_matches(['.', ',']);
                        if n == 0 {
                            s.to_string()
                        } else {
                            format!("{keep}{s}")
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|p| !p.is_empty())
            .collect();
    }
    Some(Quotation { text: quote, parts })
}

/// A date's form, for its preposition (spec, "The essay plan").
pub fn date_info(text: &str) -> DateInfo {
    let t = text.trim();
    let point = |form| DateInfo {
        text: t.to_string(),
        form,
        from: None,
        to: None,
    };
    for sep in [" – ", " - ", "–", "—", " to "] {
        if let Some((a, b)) = t.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if a.is_empty() || b.is_empty() || !b.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            // "1937–38": write the second year out in full.
            let b = if a.len() == 4
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.len() == 2
                && b.bytes().all(|c| c.is_ascii_digit())
            {
                format!("{}{b}", &a[..2])
            } else {
                b.to_string()
            };
            return DateInfo {
                text: t.to_string(),
                form: "range",
                from: Some(a.to_string()),
                to: Some(b),
            };
        }
    }
    let starts_with_day = t
        .split_whitespace()
        .next()
        .is_some_and(|w| (1..=2).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_digit()));
    if starts_with_day {
        point("day")
    } else {
        point("point")
    }
}
