//! Fit a model answer to its preset's length (±10 % of the target): try
//! selections from the fullest down, dropping "other explanations" and then
//! rivals before any evidence, and keep the first that fits (else the
//! closest). The words are counted by the caller's `measure`, which renders
//! the plan, so the fit is of what the reader gets.
//!
//! A student's plan is fitted to its level's pages the other way: its
//! selection is the spec's and never shrinks; [`within`] writes it out more
//! briefly, step by step down [`Brevity::LADDER`], until it fits.

use super::build::{Limits, PlanOptions, build};
use super::model::{Brevity, EssayPlan, Level, Mode};
use super::timing::Timing;
use crate::map::{ArgumentMap, Question};

/// The candidate selections, in the order they are preferred: first
/// "other explanations" go, then rivals down to two, then the write-up is
/// made concise (each paragraph explains only its first item), then its
/// items are written as their main clause, and only then is evidence or the
/// second rival given up; last, each paragraph goes straight from its
/// point to its evidence and its mini-judgement's reason is cut to its main
/// clause, and then the rivals' paragraphs lose their counter-evidence and
/// then their explanations. An answer always weighs the focus against two rivals at least
/// (where the map has them): the GCSE preset's "focus and two rivals".
fn candidates(level: Level, question_rivals: usize) -> Vec<(Limits, Brevity)> {
    let base = Limits::for_level(level);
    let most = base.rivals.max(3).max(question_rivals);
    let brief = Brevity {
        short_points: true,
        short_explanations: true,
        ..Brevity::default()
    };
    let shorter = Brevity {
        short_arguments: true,
        ..brief
    };
    let lean = Brevity {
        lean_rivals: true,
        ..shorter
    };
    let leanest = Brevity {
        leanest: true,
        ..lean
    };
    let mut out = Vec::new();
    let mut push = |rivals, evidence_for, evidence_against, others, concise, brevity| {
        let l = Limits {
            rivals,
            evidence_for,
            evidence_against,
            others,
            concise,
        };
        if !out.contains(&(l, brevity)) {
            out.push((l, brevity));
        }
    };
    let full = Brevity::default();
    let (ef, ea) = (base.evidence_for, base.evidence_against);
    push(most, 3, 2, true, false, full);
    push(most, ef, ea, true, false, full);
    push(most, ef, ea, false, false, full);
    for rivals in (2..most).rev() {
        push(rivals, ef, ea, false, false, full);
    }
    for rivals in (2..=most).rev() {
        push(rivals, ef, ea, false, true, full);
        push(rivals, ef, ea, false, true, brief);
        push(rivals, ef, ea, false, true, shorter);
    }
    for evidence_for in (1..ef).rev() {
        for rivals in (2..=most).rev() {
            push(rivals, evidence_for, 1, false, false, full);
        }
        push(2, evidence_for, 1, false, true, full);
        push(2, evidence_for, 1, false, true, brief);
    }
    for brevity in [shorter, lean, leanest] {
        push(2, 1, 1, false, true, brevity);
    }
    out
}

/// The options that fit the model answer for `question` to its timing's
/// length: `options` with the chosen `limits` and `brevity`. Plans in other
/// modes, and model answers with no timing or with limits already chosen,
/// keep their options.
pub(crate) fn fitted<E>(
    map: &ArgumentMap,
    question: &Question,
    options: &PlanOptions,
    measure: impl Fn(&EssayPlan) -> Result<usize, E>,
) -> Result<PlanOptions, E> {
    let Some(timing) = options.timing.filter(|_| options.mode == Mode::Model) else {
        return Ok(options.clone());
    };
    if options.limits.is_some() {
        return Ok(options.clone());
    }
    let target = f64::from(Timing::target_words(timing));
    let max_rivals = timing.preset.and_then(|p| p.rivals);
    let mut best: Option<(f64, PlanOptions)> = None;
    let named = question.rivals.as_ref().map_or(0, Vec::len);
    for (limits, brevity) in candidates(options.level, named) {
        if max_rivals.is_some_and(|m| limits.rivals > m) {
            continue;
        }
        let candidate = PlanOptions {
            limits: Some(limits),
            brevity,
            ..options.clone()
        };
        let words = measure(&build(map, question, &candidate))? as f64;
        let off = (words - target).abs() / target;
        if off <= 0.10 {
            return Ok(candidate);
        }
        if best.as_ref().is_none_or(|(b, _)| off < *b) {
            best = Some((off, candidate));
        }
    }
    Ok(best.map_or_else(|| options.clone(), |(_, o)| o))
}

/// The options that write a student's plan (`--mode plan`) out as fully as
/// its level's pages allow: `options` with the first step of
/// [`Brevity::LADDER`] whose `measure` is at most `budget`, else the
/// briefest. Other modes, and a plan whose brevity is already chosen, keep
/// their options.
pub(crate) fn within<E>(
    map: &ArgumentMap,
    question: &Question,
    options: &PlanOptions,
    budget: usize,
    measure: impl Fn(&EssayPlan) -> Result<usize, E>,
) -> Result<PlanOptions, E> {
    if options.mode != Mode::Plan || options.brevity != Brevity::default() {
        return Ok(options.clone());
    }
    let mut briefest = options.clone();
    for brevity in Brevity::LADDER {
        briefest = PlanOptions {
            brevity,
            ..options.clone()
        };
        if measure(&build(map, question, &briefest))? <= budget {
            break;
        }
    }
    Ok(briefest)
}
