//! Build an [`EssayPlan`] from a valid map and a question. Pure: no I/O, no
//! failure (an `ArgumentMap` that exists is valid).

use crate::map::{ArgumentMap, Criterion, Evidence, Extent, Question, RelationKind};

use super::model::*;
use super::prose;
use super::rank::{self, Score};
use super::text::{WordCase, and_list, clause, sentence};
use super::timing::Timing;

/// The reader's choices for one plan.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    pub mode: Mode,
    pub level: Level,
    pub student: Option<String>,
    pub timing: Option<Timing>,
    /// Examiner's notes on the model answer.
    pub annotate: bool,
}

/// The three criteria used when a map gives none.
pub fn default_criteria() -> Vec<Criterion> {
    vec![
        Criterion {
            name: "Necessity".into(),
            test: "Would the outcome have happened without it?".into(),
        },
        Criterion {
            name: "Scale".into(),
            test: "How much of what happened does it explain?".into(),
        },
        Criterion {
            name: "Timing".into(),
            test: "Does it explain why it happened when it did?".into(),
        },
    ]
}

/// Everything the builders share: the map, the scores and words for labels.
pub(crate) struct Ctx<'a> {
    pub map: &'a ArgumentMap,
    pub scores: Vec<Score>,
    pub order: Vec<usize>,
    pub focus: usize,
    pub rival: usize,
    pub extent: Extent,
    pub criteria: Vec<Criterion>,
    words: WordCase,
}

impl Ctx<'_> {
    pub fn label(&self, i: usize) -> &str {
        &self.map.interpretations[i].label
    }
    /// The label as it reads mid-sentence.
    pub fn mid(&self, i: usize) -> String {
        self.words.mid(self.label(i))
    }
    /// Any map text placed mid-sentence (first word lowered unless a name).
    pub fn lower(&self, text: &str) -> String {
        self.words.mid(text)
    }
    pub fn score(&self, i: usize) -> u8 {
        self.scores[i].value
    }
    pub fn factor(&self, i: usize) -> Factor {
        Factor {
            id: self.map.interpretations[i].id.clone(),
            label: self.label(i).to_string(),
            score: self.score(i),
        }
    }
    pub fn evidence_for(&self, i: usize) -> Vec<&Evidence> {
        self.map
            .evidence
            .iter()
            .filter(|e| e.supports.contains(&i))
            .collect()
    }
    pub fn evidence_against(&self, i: usize) -> Vec<&Evidence> {
        self.map
            .evidence
            .iter()
            .filter(|e| e.challenges.contains(&i))
            .collect()
    }
    pub fn criterion(&self, n: usize) -> &Criterion {
        &self.criteria[n % self.criteria.len()]
    }
    pub fn criteria_names(&self) -> String {
        and_list(
            &self
                .criteria
                .iter()
                .map(|c| c.name.to_lowercase())
                .collect::<Vec<_>>(),
        )
    }
    /// Section order: the focus first, then the rest by rank.
    pub fn section_order(&self) -> Vec<usize> {
        std::iter::once(self.focus)
            .chain(self.order.iter().copied().filter(|&i| i != self.focus))
            .collect()
    }
}

/// Build the plan for `question` of `map`.
pub fn build(map: &ArgumentMap, question: &Question, options: &PlanOptions) -> EssayPlan {
    let scores = rank::scores(map);
    let order = rank::ranking(&scores);
    let focus = question.focus;
    let rival = rank::best_rival(&scores, focus);
    let computed = rank::computed_extent(scores[focus].value, scores[rival].value);
    let extent = question.judgement.as_ref().map_or(computed, |j| j.extent);
    let (criteria, criteria_are_defaults) = if map.criteria.is_empty() {
        (default_criteria(), true)
    } else {
        (map.criteria.clone(), false)
    };
    let words = WordCase::new(&corpus(map));
    let cx = Ctx {
        map,
        scores,
        order,
        focus,
        rival,
        extent,
        criteria,
        words,
    };

    let verdict = verdict(&cx, question, computed);
    let line_of_argument = line_of_argument(&cx, question);
    let rivals: Vec<String> = cx
        .section_order()
        .into_iter()
        .skip(1)
        .map(|i| cx.mid(i))
        .collect();

    let question_brief = QuestionBrief {
        id: question.id.clone(),
        text: question.text.clone(),
        focus: cx.factor(focus),
        period: map.period.clone(),
        terms: map.terms.clone(),
        asks: vec![
            format!(
                "Weigh {} against the alternatives: {}.",
                cx.mid(focus),
                and_list(&rivals)
            ),
            "Use precise, dated evidence for and against each factor.".to_string(),
            format!(
                "Reach a substantiated judgement on how far {} explains the outcome, using explicit criteria.",
                cx.mid(focus)
            ),
        ],
        criteria: cx.criteria.clone(),
        criteria_are_defaults,
    };

    let introduction = Introduction {
        context: map.context.clone(),
        terms: map.terms.clone(),
        factors: cx
            .section_order()
            .into_iter()
            .map(|i| cx.label(i).to_string())
            .collect(),
        preview: format!(
            "Weigh {} against {}, judged by {}, and argue that it explains the outcome {}.",
            cx.mid(focus),
            and_list(&rivals),
            cx.criteria_names(),
            extent.phrase()
        ),
    };

    let timing = options.timing.map(|t| timing_guide(&cx, t));
    let sections: Vec<Section> = cx
        .section_order()
        .into_iter()
        .enumerate()
        .map(|(n, i)| {
            let mut s = section(&cx, n, i, options.level);
            if let Some(t) = &timing {
                // Parts: planning, introduction, the sections in this
                // order, conclusion. By position: labels need not be unique.
                s.timing = t.parts.get(2 + n).cloned();
            }
            s
        })
        .collect();

    let conclusion = conclusion(&cx, &verdict);
    let checklist = map
        .evidence
        .iter()
        .map(|e| ChecklistRow {
            id: e.id.clone(),
            point: e.point.clone(),
            date: e.date.clone(),
            uses: e
                .supports
                .iter()
                .map(|&i| EvidenceStance {
                    section: cx.label(i).to_string(),
                    stance: "for",
                })
                .chain(e.challenges.iter().map(|&i| EvidenceStance {
                    section: cx.label(i).to_string(),
                    stance: "against",
                }))
                .collect(),
        })
        .collect();

    let support = (options.level == Level::Support).then(|| prose::support_aids(&cx, question));
    let stretch = (options.level == Level::Stretch).then(|| prose::stretch_aids(&cx));
    let model_answer = (options.mode == Mode::Model)
        .then(|| prose::model_answer(&cx, &verdict, options.timing.map(|t| t.words())));

    EssayPlan {
        schema: 1,
        map_title: map.title.clone(),
        period: map.period.clone(),
        mode: options.mode,
        level: options.level,
        student: options.student.clone(),
        question: question_brief,
        judgement: verdict,
        line_of_argument,
        introduction,
        sections,
        conclusion,
        checklist,
        support,
        stretch,
        model_answer,
        timing,
        annotate: options.annotate,
    }
}

/// All the map's prose, to tell common words from proper names.
fn corpus(map: &ArgumentMap) -> String {
    let mut c = String::new();
    c.push_str(&map.context);
    for i in &map.interpretations {
        c.push(' ');
        c.push_str(&i.claim);
    }
    for e in &map.evidence {
        c.push(' ');
        c.push_str(&e.point);
        if let Some(x) = &e.explains {
            c.push(' ');
            c.push_str(x);
        }
    }
    for r in &map.relations {
        c.push(' ');
        c.push_str(&r.reason);
    }
    c
}

fn verdict(cx: &Ctx, question: &Question, computed: Extent) -> Verdict {
    let (f, r) = (cx.focus, cx.rival);
    let (fs, rs) = (&cx.scores[f], &cx.scores[r]);
    let comparison = match computed {
        Extent::Large => format!("{} outscores every rival", cx.label(f)),
        Extent::Some if fs.value == rs.value => {
            format!("{} is level with its strongest rival", cx.label(f))
        }
        Extent::Some => format!("{} is one point below its strongest rival", cx.label(f)),
        Extent::Limited => format!(
            "{} is more than one point below its strongest rival",
            cx.label(f)
        ),
    };
    let computed_reason = format!(
        "{} scores {} ({}); its strongest rival, {}, scores {} ({}). {}, so the scores give: {}.",
        cx.label(f),
        fs.value,
        fs.basis,
        cx.mid(r),
        rs.value,
        rs.basis,
        comparison,
        computed.phrase()
    );
    let (source, reason) = match &question.judgement {
        Some(j) => ("author", sentence(&j.reason)),
        None => ("computed", computed_reason),
    };
    Verdict {
        extent: cx.extent,
        phrase: cx.extent.phrase().to_string(),
        source,
        reason,
        focus: cx.factor(f),
        rival: cx.factor(r),
        computed_extent: computed,
        computed_phrase: computed.phrase().to_string(),
    }
}

fn line_of_argument(cx: &Ctx, question: &Question) -> String {
    let (f, r) = (cx.focus, cx.rival);
    let base = match cx.extent {
        Extent::Large => format!(
            "{} explains the outcome to a large extent: it outweighs every rival, though {} comes closest and must be weighed against it.",
            cx.label(f),
            cx.mid(r)
        ),
        Extent::Some => format!(
            "{} explains the outcome only to some extent: it matters, but {} carries {} weight, so the two must be weighed together.",
            cx.label(f),
            cx.mid(r),
            if cx.score(r) > cx.score(f) {
                "more"
            } else {
                "as much"
            }
        ),
        Extent::Limited => format!(
            "{} explains the outcome only to a limited extent: {} explains far more, and {} mattered mainly alongside it.",
            cx.label(f),
            cx.mid(r),
            cx.mid(f)
        ),
    };
    match &question.judgement {
        Some(j) => format!("{base} {}", sentence(&j.reason)),
        None => base,
    }
}

fn relation_summary(cx: &Ctx, from: usize, kind: RelationKind, to: usize) -> String {
    let verb = match kind {
        RelationKind::Supports => "strengthens",
        RelationKind::Challenges => "challenges",
        RelationKind::Qualifies => "qualifies",
    };
    format!("{} {verb} {}.", cx.label(from), cx.mid(to))
}

/// The verdict on factor `i` against the focus, tied to a criterion.
pub(crate) fn mini_judgement(cx: &Ctx, n: usize, i: usize) -> String {
    let f = cx.focus;
    let c = cx.criterion(n);
    let test = format!("Test it by {}: {}", c.name.to_lowercase(), c.test);
    if i == f {
        return format!(
            "On this evidence {} explains the outcome {} (score {} against {} for {}). {}",
            cx.mid(f),
            cx.extent.phrase(),
            cx.score(f),
            cx.score(cx.rival),
            cx.mid(cx.rival),
            test
        );
    }
    let verdict = match cx.score(i).cmp(&cx.score(f)) {
        std::cmp::Ordering::Greater => format!(
            "{} (score {}) outweighs {} ({}): it is the stronger explanation.",
            cx.label(i),
            cx.score(i),
            cx.mid(f),
            cx.score(f)
        ),
        std::cmp::Ordering::Equal => format!(
            "{} (score {}) weighs as much as {} ({}): neither explains the outcome alone.",
            cx.label(i),
            cx.score(i),
            cx.mid(f),
            cx.score(f)
        ),
        std::cmp::Ordering::Less => format!(
            "{} (score {}) weighs less than {} ({}): it adds to the explanation without displacing the question's factor.",
            cx.label(i),
            cx.score(i),
            cx.mid(f),
            cx.score(f)
        ),
    };
    format!("{verdict} {test}")
}

fn evidence_use(e: &Evidence) -> EvidenceUse {
    EvidenceUse {
        id: e.id.clone(),
        point: e.point.clone(),
        date: e.date.clone(),
        source: e.source.clone(),
        explains: e.explains.clone(),
    }
}

fn section(cx: &Ctx, n: usize, i: usize, level: Level) -> Section {
    let interp = &cx.map.interpretations[i];
    let rank = cx.order.iter().position(|&o| o == i).unwrap_or(0) + 1;
    let relations: Vec<RelationView> = cx
        .map
        .relations
        .iter()
        .filter_map(|r| {
            let (direction, other) = if r.from == i {
                ("outgoing", r.to)
            } else if r.to == i {
                ("incoming", r.from)
            } else {
                return None;
            };
            Some(RelationView {
                direction,
                kind: r.kind,
                other_id: cx.map.interpretations[other].id.clone(),
                other_label: cx.label(other).to_string(),
                reason: r.reason.clone(),
                summary: relation_summary(cx, r.from, r.kind, r.to),
            })
        })
        .collect();
    let for_ = cx.evidence_for(i);
    let against = cx.evidence_against(i);
    let criterion = cx.criterion(n);
    let mut prompts = vec![
        format!(
            "Open with a claim that answers the question with a degree word: how far does {} explain the outcome?",
            cx.mid(i)
        ),
        match for_.len() {
            0 => "No evidence in the map supports it: find precise, dated evidence before you use it.".to_string(),
            k => format!("Use {} precise, dated piece{} of evidence for it, and explain the mechanism: how did it produce the outcome?", k.min(3), if k.min(3) == 1 { "" } else { "s" }),
        },
        match against.first() {
            Some(e) => format!("Weigh the strongest counter-evidence ({}) and say whether the claim survives it.", e.date.as_deref().map_or_else(|| clause(&e.point), |d| format!("{d}: {}", clause(&e.point)))),
            None => "No evidence in the map challenges it: say what would, and why it is missing.".to_string(),
        },
    ];
    if i != cx.focus {
        prompts.push(format!(
            "Link it back to {}: does it replace, work through or add to it?",
            cx.mid(cx.focus)
        ));
    }
    prompts.push(format!(
        "End with a mini-judgement tied to {}.",
        criterion.name.to_lowercase()
    ));

    let historians: Vec<HistorianView> = interp
        .historians
        .iter()
        .map(|h| HistorianView {
            name: h.name.clone(),
            work: h.work.clone(),
            year: h.year,
            view: h.view.clone(),
            citation: prose::citation(h),
        })
        .collect();
    let (starters, counterfactual, historiography) = match level {
        Level::Support => (prose::starters(cx, n, i), None, None),
        Level::Core => (Vec::new(), None, None),
        Level::Stretch => (
            Vec::new(),
            Some(prose::counterfactual(cx, i)),
            prose::section_historiography(cx, i),
        ),
    };
    Section {
        id: interp.id.clone(),
        label: interp.label.clone(),
        is_focus: i == cx.focus,
        rank,
        score: cx.scores[i].clone(),
        claim: interp.claim.clone(),
        school: interp.school.clone(),
        historians,
        evidence_for: for_.into_iter().map(evidence_use).collect(),
        evidence_against: against.into_iter().map(evidence_use).collect(),
        relations,
        mini_judgement: mini_judgement(cx, n, i),
        prompts,
        starters,
        counterfactual,
        historiography,
        timing: None,
    }
}

fn conclusion(cx: &Ctx, verdict: &Verdict) -> Conclusion {
    let f = cx.focus;
    let r = cx.rival;
    let criteria_applied = cx
        .criteria
        .iter()
        .map(|c| {
            format!(
                "{}: {} Ask it of {} and of {}, and say which passes the test better.",
                c.name,
                sentence(&c.test),
                cx.mid(f),
                cx.mid(r)
            )
        })
        .collect();
    let interactions = cx
        .map
        .relations
        .iter()
        .map(|rel| {
            format!(
                "{} {}",
                relation_summary(cx, rel.from, rel.kind, rel.to),
                sentence(&rel.reason)
            )
        })
        .collect();
    Conclusion {
        judgement: format!(
            "{} explains the outcome {}.",
            cx.label(f),
            cx.extent.phrase()
        ),
        reason: verdict.reason.clone(),
        ranking: cx.order.iter().map(|&i| cx.factor(i)).collect(),
        criteria_applied,
        interactions,
    }
}

/// `total` split in proportion to `desired` (largest remainders), so the
/// parts add up to `total` exactly.
fn apportion(total: u32, desired: &[f64]) -> Vec<u32> {
    let sum: f64 = desired.iter().sum();
    if sum <= 0.0 {
        return vec![0; desired.len()];
    }
    let exact: Vec<f64> = desired.iter().map(|d| d / sum * f64::from(total)).collect();
    let mut out: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut by_remainder: Vec<usize> = (0..exact.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for i in by_remainder {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

fn timing_guide(cx: &Ctx, t: Timing) -> TimingGuide {
    let total = f64::from(t.minutes);
    let planning = f64::from(t.planning()).min(total);
    let writing = total - planning;
    let words = t.target_words();
    let order = cx.section_order();
    // The focus gets a double share; the rest share the remainder equally.
    let shares = order.len() as f64 + 1.0;
    let share = |n: usize| if n == 0 { 2.0 } else { 1.0 };
    // Minutes: planning, introduction (1/8 of the writing), the sections,
    // conclusion (1/9); words: introduction 12 %, conclusion 10 %. Both
    // are apportioned so that the table adds up.
    let body_m = writing * (1.0 - 1.0 / 8.0 - 1.0 / 9.0);
    let mut desired_m = vec![planning, writing / 8.0];
    desired_m.extend((0..order.len()).map(|n| body_m * share(n) / shares));
    desired_m.push(writing / 9.0);
    let mut desired_w = vec![0.0, 0.12];
    desired_w.extend((0..order.len()).map(|n| 0.78 * share(n) / shares));
    desired_w.push(0.10);
    let minutes = apportion(t.minutes, &desired_m);
    let words_of = apportion(words, &desired_w);
    let mut names = vec!["Planning".to_string(), "Introduction".to_string()];
    names.extend(order.iter().map(|&i| cx.label(i).to_string()));
    names.push("Conclusion".into());
    let parts = names
        .into_iter()
        .zip(minutes.into_iter().zip(words_of))
        .map(|(part, (minutes, words))| PartTiming {
            part,
            minutes,
            words,
        })
        .collect();
    TimingGuide {
        preset: t.preset.map(|p| p.label.to_string()),
        minutes: t.minutes,
        words,
        parts,
    }
}
