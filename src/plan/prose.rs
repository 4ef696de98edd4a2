//! The words of the plan that depend on level and mode: sentence starters
//! (support), historiography and counterfactuals (stretch), and the model
//! answer's prose (model). Phrasing varies deterministically by position so
//! that paragraphs do not read as a mail merge.

use crate::map::{Extent, Historian, Question, RelationKind};

use super::build::Ctx;
use super::model::*;
use super::text::{and_list, clause, sentence, word_count};

/// "Robert Conquest, The Great Terror (1968)".
pub fn citation(h: &Historian) -> String {
    let mut s = h.name.clone();
    if let Some(w) = &h.work {
        s.push_str(", ");
        s.push_str(w);
    }
    if let Some(y) = h.year {
        s.push_str(&format!(" ({y})"));
    }
    s
}

fn pick<'a>(options: &[&'a str], n: usize) -> &'a str {
    options[n % options.len()]
}

/// Starters for each step of a paragraph, expressing relationships between
/// factors rather than a list ("One reason… Another reason…").
pub fn starters(cx: &Ctx, n: usize, i: usize) -> Vec<Starter> {
    let f = cx.focus;
    let other = if i == f { cx.rival } else { f };
    let c = cx.criterion(n).name.to_lowercase();
    let counter = cx
        .map
        .relations
        .iter()
        .find(|r| r.to == i && r.kind != RelationKind::Supports)
        .map_or(other, |r| r.from);
    let claim = if i == f {
        format!(
            "{} mattered more than {} because…",
            cx.label(i),
            cx.mid(other)
        )
    } else if cx.score(i) > cx.score(f) {
        format!(
            "{} did more than {} to bring about the outcome, because…",
            cx.label(i),
            cx.mid(f)
        )
    } else {
        format!(
            "{} only made a difference when it worked through {}, because…",
            cx.label(i),
            cx.mid(f)
        )
    };
    let evidence = match cx.evidence_for(i).first().and_then(|e| e.date.clone()) {
        Some(d) => format!("This is shown by what happened in {d}, when…"),
        None => "The clearest evidence for this is…".to_string(),
    };
    vec![
        Starter {
            step: "claim",
            text: claim,
        },
        Starter {
            step: "evidence",
            text: evidence,
        },
        Starter {
            step: "explain",
            text: "This mattered because it allowed… which meant that…".into(),
        },
        Starter {
            step: "counter",
            text: format!("However, {} suggests instead that…", cx.mid(counter)),
        },
        Starter {
            step: "rebuttal",
            text: format!(
                "Nevertheless, this does not undermine the case for {}, because…",
                cx.mid(i)
            ),
        },
        Starter {
            step: "mini-judgement",
            text: format!(
                "Judged by {c}, {} was more / less important than {} because…",
                cx.mid(i),
                cx.mid(other)
            ),
        },
    ]
}

/// The support level's aids for the whole plan.
pub fn support_aids(cx: &Ctx, question: &Question) -> SupportAids {
    let f = cx.focus;
    let mut decoded = vec![
        format!(
            "Command words: \"{}\" asks you to weigh how much {} explains, not just to describe it. Your answer needs a degree word.",
            command_words(&question.text),
            cx.mid(f)
        ),
        format!(
            "The named factor: {}. Start with it, then weigh the others against it.",
            cx.label(f)
        ),
    ];
    if let Some(p) = &cx.map.period {
        decoded.push(format!(
            "The dates: {p}. Keep your evidence inside them, or say why it matters from outside."
        ));
    }
    if !cx.map.terms.is_empty() {
        let terms: Vec<String> = cx.map.terms.iter().map(|t| t.term.clone()).collect();
        decoded.push(format!(
            "Key terms to define in your introduction: {}.",
            and_list(&terms)
        ));
    }
    let ladder = [
        (
            Extent::Large,
            "to a large extent",
            "the named factor explains more than any other",
        ),
        (
            Extent::Some,
            "to some extent",
            "it matters, but another factor matters as much or more",
        ),
        (
            Extent::Limited,
            "to a limited extent",
            "other factors explain much more; it played a minor part",
        ),
    ]
    .into_iter()
    .map(|(e, phrase, meaning)| LadderStep {
        phrase: phrase.into(),
        meaning: meaning.into(),
        chosen: e == cx.extent,
    })
    .collect();
    SupportAids {
        decoded,
        ladder,
        thesis_starter: format!(
            "{} explains the outcome {}, because… although {} also…",
            cx.label(f),
            cx.extent.phrase(),
            cx.mid(cx.rival)
        ),
        conclusion_starter: format!(
            "Overall, judged by {}, {} was… because…; however, it only produced this result in combination with…",
            cx.criteria_names(),
            cx.mid(f)
        ),
        writing_lines: 6,
    }
}

fn command_words(text: &str) -> String {
    let lower = text.to_lowercase();
    for cw in [
        "to what extent",
        "how far",
        "how significant",
        "how important",
        "assess the validity",
    ] {
        if lower.contains(cw) {
            return cw.to_string();
        }
    }
    "how far".into()
}

pub fn counterfactual(cx: &Ctx, i: usize) -> String {
    let anchor = cx
        .evidence_for(i)
        .first()
        .map(|e| match &e.date {
            Some(d) => format!(" Use the evidence from {d} to argue either way."),
            None => String::new(),
        })
        .unwrap_or_default();
    format!(
        "Counterfactual test: without {}, would the outcome still have happened, on the same scale and at the same time?{anchor}",
        cx.mid(i)
    )
}

pub fn section_historiography(cx: &Ctx, i: usize) -> Option<String> {
    let interp = &cx.map.interpretations[i];
    if interp.historians.is_empty() {
        return None;
    }
    let names: Vec<String> = interp
        .historians
        .iter()
        .map(|h| match h.year {
            Some(y) => format!("{} ({y})", h.name),
            None => h.name.clone(),
        })
        .collect();
    let school = interp
        .school
        .as_ref()
        .map_or(String::new(), |s| format!(" from the {s} school"));
    Some(format!(
        "{} argue{} this{school}. Ask why: when they wrote and what sources they could use, what question they were asking, and which of the evidence here ({}) their case rests on.",
        and_list(&names),
        if names.len() == 1 { "s" } else { "" },
        cx.evidence_for(i)
            .iter()
            .map(|e| e.date.clone().unwrap_or_else(|| e.id.clone()))
            .collect::<Vec<_>>()
            .join("; ")
    ))
}

/// The first year a date names ("Aug 1936" → 1936, "1937–38" → 1937).
fn first_year(date: &str) -> Option<i32> {
    date.split(|c: char| !c.is_ascii_digit())
        .find(|w| (3..=4).contains(&w.len()))
        .and_then(|w| w.parse().ok())
}

pub fn stretch_aids(cx: &Ctx) -> StretchAids {
    let mut historians: Vec<(i64, String)> = cx
        .map
        .interpretations
        .iter()
        .flat_map(|interp| {
            interp.historians.iter().map(move |h| {
                (
                    h.year.unwrap_or(i64::MAX),
                    format!("{}: {}", citation(h), interp.label),
                )
            })
        })
        .collect();
    historians.sort_by_key(|(y, _)| *y);
    let mut historiography: Vec<String> = historians.into_iter().map(|(_, s)| s).collect();
    if !historiography.is_empty() {
        historiography.push(
            "Why do they differ? Compare when each wrote (before or after the archives they could use), their school, and the evidence each relies on."
                .into(),
        );
    }
    let interaction = cx
        .map
        .relations
        .iter()
        .map(|r| {
            format!(
                "Did {} work through {}, amplify it, or cut against it? {}",
                cx.mid(r.from),
                cx.mid(r.to),
                sentence(&r.reason)
            )
        })
        .collect();
    // Evidence in date order (by the first year each date names).
    let mut dated: Vec<(i32, String)> = cx
        .map
        .evidence
        .iter()
        .filter_map(|e| {
            e.date
                .as_ref()
                .and_then(|d| Some((first_year(d)?, d.clone())))
        })
        .collect();
    dated.sort_by_key(|(y, _)| *y);
    let dated: Vec<String> = dated.into_iter().map(|(_, d)| d).collect();
    let periodisation = match (dated.first(), dated.last()) {
        (Some(a), Some(b)) if a != b => format!(
            "Periodise: does the balance between {} and {} change between the early evidence ({a}) and the late ({b})? A judgement that holds for one phase may not hold for another.",
            cx.mid(cx.focus),
            cx.mid(cx.rival)
        ),
        _ => format!(
            "Periodise: does the balance between {} and {} change across {}?",
            cx.mid(cx.focus),
            cx.mid(cx.rival),
            cx.map.period.as_deref().unwrap_or("the period")
        ),
    };
    StretchAids {
        historiography,
        interaction,
        periodisation,
        premise: format!(
            "Challenge the premise: is \"{}\" the right way to frame the cause at all? Ask what the term assumes, and whether the evidence points to a different kind of explanation.",
            cx.label(cx.focus)
        ),
        alternative_thesis: format!(
            "An alternative thesis to argue against: {} was the real driving force. {}",
            cx.label(cx.rival),
            sentence(&cx.map.interpretations[cx.rival].claim)
        ),
    }
}

// ---- The model answer -------------------------------------------------

fn s(text: impl Into<String>) -> Sentence {
    Sentence {
        text: text.into(),
        note: None,
        note_id: None,
    }
}

fn noted(text: impl Into<String>, note: &str) -> Sentence {
    Sentence {
        text: text.into(),
        note: Some(note.to_string()),
        note_id: None,
    }
}

/// The point as a sentence, with its date in brackets unless the point
/// already names the date's year.
fn dated(point: &str, date: Option<&str>) -> String {
    let years = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .map(str::to_string)
            .collect()
    };
    match date {
        Some(d) if !point.contains(d) && !years(d).iter().any(|y| point.contains(y.as_str())) => {
            format!("{} ({d}).", clause(point))
        }
        _ => sentence(point),
    }
}

/// How much of each paragraph to write.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Depth {
    /// The claim with its degree word and the mini-judgement.
    Minimal,
    /// Plus the interpretation's claim and one piece of evidence.
    Brief,
    /// Plus a second piece of evidence, the explanation and the counter.
    Standard,
    /// Plus a historian, a third piece, the rebuttal and the link to the focus.
    Full,
}

/// How long each part of the model answer is.
#[derive(Clone)]
struct Shape {
    depths: Vec<Depth>,
    /// Relations used in the interaction paragraph (all when `None`).
    interactions: Option<usize>,
    /// Sentences of the context used (all when `None`).
    context: Option<usize>,
    terms: usize,
    criteria: usize,
}

/// A model answer; with a length target (low, high words), parts are
/// shortened step by step (the least important first) until it fits.
pub fn model_answer(cx: &Ctx, verdict: &Verdict, words: Option<(u32, u32)>) -> ModelAnswer {
    let order = cx.section_order();
    let n = order.len();
    let mut shape = Shape {
        depths: vec![Depth::Full; n],
        interactions: None,
        context: None,
        terms: 2,
        criteria: 3,
    };
    let mut answer = assemble(cx, verdict, &order, &shape);
    let Some((_, high)) = words else {
        return answer;
    };
    type Step = Box<dyn Fn(&mut Shape)>;
    let mut steps: Vec<Step> = vec![Box::new(|s: &mut Shape| s.interactions = Some(3))];
    for depth in [Depth::Standard, Depth::Brief] {
        for i in (0..n).rev() {
            steps.push(Box::new(move |s: &mut Shape| s.depths[i] = depth));
        }
    }
    steps.push(Box::new(|s: &mut Shape| {
        s.context = Some(2);
        s.terms = 1;
    }));
    steps.push(Box::new(|s: &mut Shape| s.interactions = Some(1)));
    for i in (1..n).rev() {
        steps.push(Box::new(move |s: &mut Shape| s.depths[i] = Depth::Minimal));
    }
    steps.push(Box::new(|s: &mut Shape| {
        s.context = Some(1);
        s.terms = 0;
        s.criteria = 1;
    }));
    for step in steps {
        if answer.words as u32 <= high {
            break;
        }
        step(&mut shape);
        answer = assemble(cx, verdict, &order, &shape);
    }
    answer
}

/// Why the judgement holds, as an essay says it: the author's reason, or
/// the weighing of the focus against its strongest rival in words (the
/// scores behind it are the plan's business, not the essay's).
fn essay_reason(cx: &Ctx, verdict: &Verdict) -> String {
    if verdict.source == "author" {
        return verdict.reason.clone();
    }
    let (f, r) = (cx.focus, cx.rival);
    match cx.extent {
        Extent::Large => format!(
            "{} did more than any rival to bring the outcome about; even {}, the strongest alternative, mattered less.",
            cx.label(f),
            cx.mid(r)
        ),
        Extent::Some if cx.score(r) > cx.score(f) => format!(
            "{} mattered, but {} did more to bring the outcome about, and neither was sufficient alone.",
            cx.label(f),
            cx.mid(r)
        ),
        Extent::Some => format!(
            "{} and {} mattered about equally, and neither was sufficient alone.",
            cx.label(f),
            cx.mid(r)
        ),
        Extent::Limited => format!(
            "{} did far more to bring the outcome about, and {} mattered mainly through it.",
            cx.label(r),
            cx.mid(f)
        ),
    }
}

/// The first `n` sentences of a text.
fn first_sentences(text: &str, n: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if word.ends_with(['.', '!', '?']) {
            count += 1;
            if count == n {
                break;
            }
        }
    }
    out
}

/// Degree words on the judgement ladder for a mini-judgement.
fn degree(cx: &Ctx, i: usize) -> String {
    let f = cx.focus;
    if i == f {
        return match cx.extent {
            Extent::Large => format!("{} was the most important single cause", cx.mid(f)),
            Extent::Some => format!("{} was a necessary but not a sufficient cause", cx.mid(f)),
            Extent::Limited => format!(
                "{} was a contributory rather than a decisive cause",
                cx.mid(f)
            ),
        };
    }
    match cx.score(i).cmp(&cx.score(f)) {
        std::cmp::Ordering::Greater => format!("{} mattered more than {}", cx.mid(i), cx.mid(f)),
        std::cmp::Ordering::Equal => format!(
            "{} mattered as much as {}, and neither explains the outcome alone",
            cx.mid(i),
            cx.mid(f)
        ),
        std::cmp::Ordering::Less => format!(
            "{} was a secondary factor, significant mainly in combination with {}",
            cx.mid(i),
            cx.mid(f)
        ),
    }
}

fn assemble(cx: &Ctx, verdict: &Verdict, order: &[usize], shape: &Shape) -> ModelAnswer {
    let f = cx.focus;
    let context = match shape.context {
        Some(n) => first_sentences(&cx.map.context, n),
        None => cx.map.context.clone(),
    };
    let mut introduction = vec![noted(sentence(&context), "Context, kept brief")];
    for t in cx.map.terms.iter().take(shape.terms) {
        introduction.push(noted(
            format!(
                "Here \"{}\" means {}",
                t.term,
                sentence(&cx.lower(&t.meaning))
            ),
            "Key term defined",
        ));
    }
    let rivals: Vec<String> = order.iter().skip(1).map(|&i| cx.mid(i)).collect();
    introduction.push(s(format!(
        "Historians have explained the outcome in rival ways, and {} must be weighed against {}.",
        cx.mid(f),
        and_list(&rivals)
    )));
    introduction.push(noted(
        format!(
            "Judged by {}, this essay argues that {} explains the outcome {}.",
            cx.criteria_names(),
            cx.mid(f),
            cx.extent.phrase()
        ),
        "Line of argument with a degree word and criteria",
    ));

    let mut used = std::collections::HashSet::new();
    let paragraphs = order
        .iter()
        .enumerate()
        .map(|(n, &i)| ModelParagraph {
            label: cx.label(i).to_string(),
            sentences: paragraph(cx, n, i, shape.depths[n], &mut used),
        })
        .collect();

    let mut interaction = vec![noted(
        format!(
            "The factors did not work in isolation, and {} cannot be judged apart from the others.",
            cx.mid(f)
        ),
        "Interaction between factors",
    )];
    let mut relations: Vec<&crate::map::Relation> = cx.map.relations.iter().collect();
    if let Some(limit) = shape.interactions {
        relations.sort_by_key(|r| !(r.from == f || r.to == f));
        relations.truncate(limit);
    }
    for (n, r) in relations.into_iter().enumerate() {
        let lead = match r.kind {
            RelationKind::Supports => pick(&["{a} reinforced {b}.", "{a} gave force to {b}."], n),
            RelationKind::Challenges => {
                pick(&["{a} cuts against {b}.", "{a} sits uneasily with {b}."], n)
            }
            RelationKind::Qualifies => pick(
                &[
                    "{a} qualifies {b} rather than refuting it.",
                    "{a} limits the reach of {b}.",
                ],
                n,
            ),
        };
        interaction.push(s(format!(
            "{} {}",
            lead.replace("{a}", cx.label(r.from))
                .replace("{b}", &cx.mid(r.to)),
            sentence(&r.reason)
        )));
    }

    let ranked: Vec<String> = cx.order.iter().map(|&i| cx.mid(i)).collect();
    let mut conclusion = vec![
        noted(
            format!(
                "In conclusion, {} explains the outcome {}.",
                cx.mid(f),
                cx.extent.phrase()
            ),
            "Judgement restated with the same degree word",
        ),
        s(essay_reason(cx, verdict)),
        noted(
            format!(
                "Weighed against one another, the factors rank in this order: {}.",
                and_list(&ranked)
            ),
            "Factors ranked",
        ),
    ];
    for (n, c) in cx.criteria.iter().take(shape.criteria).enumerate() {
        let winner = match cx.extent {
            Extent::Large => f,
            Extent::Limited => cx.rival,
            Extent::Some => {
                if n % 2 == 0 {
                    cx.rival
                } else {
                    f
                }
            }
        };
        conclusion.push(noted(
            format!(
                "By the test of {} (\"{}\"), {} makes the stronger case.",
                c.name.to_lowercase(),
                clause(&c.test).trim_end_matches('?'),
                cx.mid(winner)
            ),
            "Criterion applied, no new evidence",
        ));
    }
    let count = |v: &[Sentence]| v.iter().map(|x| word_count(&x.text)).sum::<usize>();
    let mut answer = ModelAnswer {
        introduction,
        paragraphs,
        interaction,
        conclusion,
        words: 0,
        notes: Vec::new(),
    };
    let mut notes = Vec::new();
    let all = answer
        .introduction
        .iter_mut()
        .chain(
            answer
                .paragraphs
                .iter_mut()
                .flat_map(|p| p.sentences.iter_mut()),
        )
        .chain(answer.interaction.iter_mut())
        .chain(answer.conclusion.iter_mut());
    for sentence in all {
        if let Some(text) = &sentence.note {
            let id = notes.len() + 1;
            sentence.note_id = Some(id);
            notes.push(ExaminerNote {
                id,
                text: text.clone(),
            });
        }
    }
    answer.notes = notes;
    answer.words = count(&answer.introduction)
        + answer
            .paragraphs
            .iter()
            .map(|p| count(&p.sentences))
            .sum::<usize>()
        + count(&answer.interaction)
        + count(&answer.conclusion);
    answer
}

fn paragraph(
    cx: &Ctx,
    n: usize,
    i: usize,
    depth: Depth,
    used: &mut std::collections::HashSet<String>,
) -> Vec<Sentence> {
    let f = cx.focus;
    let interp = &cx.map.interpretations[i];
    let mut out = Vec::new();
    let opening = if i == f {
        match cx.extent {
            Extent::Large => format!("{} provides the most powerful explanation.", cx.label(i)),
            Extent::Some => format!(
                "{} explains a good deal, though not enough on its own.",
                cx.label(i)
            ),
            Extent::Limited => format!(
                "{} is the factor the question names, but it explains less than it first appears.",
                cx.label(i)
            ),
        }
    } else {
        match cx.score(i).cmp(&cx.score(f)) {
            std::cmp::Ordering::Greater => pick(
                &[
                    "{a} offers a stronger explanation than {f}.",
                    "A more convincing explanation lies in {a_mid}.",
                ],
                n,
            ),
            std::cmp::Ordering::Equal => pick(
                &[
                    "{a} carries as much weight as {f}.",
                    "{a} rivals {f} in explanatory power.",
                ],
                n,
            ),
            std::cmp::Ordering::Less => pick(
                &[
                    "{a} adds to the explanation, but matters less than {f}.",
                    "{a} played a real but secondary part.",
                    "A further, lesser explanation is {a_mid}.",
                ],
                n,
            ),
        }
        .replace("{a_mid}", &cx.mid(i))
        .replace("{a}", cx.label(i))
        .replace("{f}", &cx.mid(f))
    };
    if depth > Depth::Minimal {
        out.push(noted(opening, "Argumentative claim with a degree word"));
    }
    out.push(s(sentence(&interp.claim)));
    if depth == Depth::Full
        && let Some(h) = interp.historians.first()
    {
        out.push(noted(
            match &h.view {
                Some(v) => format!(
                    "{} makes this case: {}",
                    citation(h),
                    sentence(&cx.lower(v))
                ),
                None => format!("This is the case made by {}.", citation(h)),
            },
            "Historiography used to support the argument",
        ));
    }
    // Prefer evidence no earlier paragraph has used.
    let mut for_ = cx.evidence_for(i);
    for_.sort_by_key(|e| used.contains(&e.id));
    let take = match depth {
        Depth::Full => 3,
        Depth::Standard => 2,
        Depth::Brief => 1,
        Depth::Minimal => 0,
    };
    let chosen: Vec<_> = for_.into_iter().take(take).collect();
    if !chosen.is_empty() && depth > Depth::Brief {
        out.push(s(pick(
            &[
                "The evidence bears this out.",
                "The record supports this.",
                "Precise evidence backs the claim.",
            ],
            n + i,
        )));
    }
    for e in &chosen {
        used.insert(e.id.clone());
        out.push(noted(
            dated(&e.point, e.date.as_deref()),
            "Precise, dated evidence",
        ));
    }
    if depth > Depth::Brief
        && let Some(x) = chosen.iter().find_map(|e| e.explains.as_deref())
    {
        out.push(noted(
            sentence(x),
            "Causal explanation: how it produced the outcome",
        ));
    }
    if depth > Depth::Brief
        && let Some(e) = cx.evidence_against(i).first()
    {
        out.push(noted(
            format!(
                "{} {}",
                pick(
                    &[
                        "Yet the case has limits.",
                        "There is, however, a strong objection.",
                        "This interpretation does not go unchallenged."
                    ],
                    n
                ),
                dated(&e.point, e.date.as_deref())
            ),
            "Counter-argument",
        ));
        if depth == Depth::Full {
            if let Some(x) = &e.explains {
                out.push(s(sentence(x)));
            }
            let (sup, chal) = (cx.scores[i].supporting, cx.scores[i].challenging);
            out.push(noted(
                if sup > chal {
                    "Even so, the weight of the evidence still favours this reading, though it must be qualified."
                } else {
                    "This objection is serious, and the claim survives only in a qualified form."
                },
                "Rebuttal or qualification",
            ));
        }
    }
    if depth == Depth::Full
        && i != f
        && let Some(r) = cx
            .map
            .relations
            .iter()
            .find(|r| (r.from == i && r.to == f) || (r.to == i && r.from == f))
    {
        out.push(s(sentence(&r.reason)));
    }
    let c = cx.criterion(n);
    out.push(noted(
        pick(
            &[
                "Judged by {c}, therefore, {d}.",
                "On the test of {c}, {d}.",
                "By the measure of {c}, then, {d}.",
            ],
            n,
        )
        .replace("{c}", &c.name.to_lowercase())
        .replace("{d}", &degree(cx, i)),
        "Mini-judgement tied to a criterion",
    ));
    out
}
