//! The essay plan: what the argument *is*, never its sentences. Templates,
//! the DOCX writer and `--format json` all read this one value; its shape is
//! documented in `docs/plan-model.md` (change the two together).
//!
//! Interpretations and evidence are referred to by id; their map text is
//! carried once, in `interpretations` and `evidence`.

use std::collections::BTreeMap;

use serde::Serialize;

pub use super::judge::{Comparison, Rule, Source};
use crate::map::{Extent, InterpretationKind, QuestionKind, Rating, RelationKind, Subject, Term};

/// What the reader wants.
///
/// With the `cli` feature, clap takes its names (`plan`, `model`, `bank`);
/// the variants' docs stay out of `--help` (`help = None`), which lists the
/// names alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A student's scaffold.
    #[default]
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    Plan,
    /// A teacher's model answer in continuous prose.
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    Model,
    /// The teacher's evidence bank: every interpretation and item.
    #[cfg_attr(feature = "cli", value(help = None::<&str>))]
    Bank,
}

/// How much scaffolding a student gets (with the `cli` feature, clap takes
/// its names: `support`, `core`, `stretch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Support,
    #[default]
    Core,
    Stretch,
}

impl Mode {
    pub(crate) const NAMES: &'static [&'static str] = &["plan", "model", "bank"];
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "plan" => Some(Self::Plan),
            "model" => Some(Self::Model),
            "bank" => Some(Self::Bank),
            _ => None,
        }
    }
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Model => "model",
            Self::Bank => "bank",
        }
    }
}

impl Level {
    pub(crate) const NAMES: &'static [&'static str] = &["support", "core", "stretch"];
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "support" => Some(Self::Support),
            "core" => Some(Self::Core),
            "stretch" => Some(Self::Stretch),
            _ => None,
        }
    }
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Support => "support",
            Self::Core => "core",
            Self::Stretch => "stretch",
        }
    }
}

/// A section's part in the argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Focus,
    Against,
    Rival,
    /// In `bank` mode only: an interpretation outside the question.
    Other,
}

/// How an item bears on a section's interpretation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Use {
    For,
    Against,
    Qualifies,
}

/// A complete essay plan for one question.
#[derive(Debug, Clone, Serialize)]
pub struct EssayPlan {
    /// The version of this shape.
    pub schema: u32,
    pub map_title: String,
    pub subject: Subject,
    pub mode: Mode,
    pub level: Level,
    /// The student the plan was made for (batches).
    pub student: Option<String>,
    /// Examiner's comments on a model answer.
    pub annotate: bool,
    /// Section headings inside a model answer (off by default).
    pub headings: bool,
    /// A shorter write-up (model answers fitted to a short exam): each
    /// paragraph explains only its first item.
    pub concise: bool,
    /// How briefly a student's plan writes out what it selected, so that it
    /// fits its level's pages; the selection itself never shrinks.
    pub brevity: Brevity,
    pub timing: Option<TimingInfo>,
    pub question: QuestionInfo,
    pub context: String,
    pub terms: Vec<Term>,
    /// Indices into `terms` of those the plan's selected text uses.
    pub terms_used: Vec<usize>,
    /// The criteria in force, in map order.
    pub criteria: Vec<CriterionInfo>,
    pub judgement: JudgementInfo,
    /// Every interpretation id, strongest first.
    pub ranking: Vec<String>,
    /// The scores behind the ranking (for teachers; never in a student's plan).
    pub scores: Vec<ScoreInfo>,
    pub sections: Vec<Section>,
    /// Interpretations named once in "other explanations", ranking order.
    pub others: Vec<String>,
    pub relations: Vec<RelationInfo>,
    /// Stretch: the map's phases with what each shows.
    pub phases: Vec<PhaseInfo>,
    /// Stretch: named debates between the historians of the sections.
    pub debates: Vec<Debate>,
    /// Stretch: the readings (historians' overall interpretations).
    pub readings: Vec<String>,
    /// Stretch: the strongest case against the plan's own judgement.
    pub counter_case: Option<CounterCase>,
    /// Support: the section worked as an example paragraph.
    pub worked_section: Option<usize>,
    /// What the conclusion develops.
    pub conclusion: ConclusionInfo,
    /// Every item the plan uses, with its use in each section.
    pub checklist: Vec<ChecklistEntry>,
    /// The map text of every interpretation the plan names, by id.
    pub interpretations: BTreeMap<String, InterpretationInfo>,
    /// The map text of every item the plan uses, by id.
    pub evidence: BTreeMap<String, EvidenceInfo>,
}

/// How briefly a plan writes out its selection. Each step of
/// [`Brevity::LADDER`] keeps the one before and adds one cut; the plan's
/// argument (sections, evidence ids, comparisons) is the same at every step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Brevity {
    /// Explanations of evidence cut to their first sentence.
    pub short_explanations: bool,
    /// Item sources left to the evidence bank (`--mode bank`).
    pub no_sources: bool,
    /// Ruled writing space cut to fewer lines a factor (support).
    pub fewer_lines: bool,
    /// Items written out as their first sentence.
    pub short_points: bool,
    /// Only each section's first item explained.
    pub lead_explanations: bool,
    /// Claims, links and mini-judgement reasons as their main clause, and
    /// items already written out named in fewer words.
    pub short_arguments: bool,
    /// No ready-made explanations: the student explains every item.
    pub no_explanations: bool,
    /// Model answers: the rivals' paragraphs without counter-evidence.
    pub lean_rivals: bool,
    /// Model answers: the rivals' paragraphs without explanations, and the
    /// introduction without its context or the reason for its judgement (a
    /// `versus` question keeps the reason: the comparison is its point).
    pub leanest: bool,
}

impl Brevity {
    /// The steps a plan is shortened by, fullest first.
    pub const LADDER: [Brevity; 8] = {
        const FULL: Brevity = Brevity {
            short_explanations: false,
            no_sources: false,
            fewer_lines: false,
            short_points: false,
            lead_explanations: false,
            short_arguments: false,
            no_explanations: false,
            lean_rivals: false,
            leanest: false,
        };
        const S1: Brevity = Brevity {
            short_explanations: true,
            ..FULL
        };
        const S2: Brevity = Brevity {
            no_sources: true,
            ..S1
        };
        const S3: Brevity = Brevity {
            fewer_lines: true,
            ..S2
        };
        const S4: Brevity = Brevity {
            short_points: true,
            ..S3
        };
        const S5: Brevity = Brevity {
            lead_explanations: true,
            ..S4
        };
        const S6: Brevity = Brevity {
            short_arguments: true,
            ..S5
        };
        const S7: Brevity = Brevity {
            no_explanations: true,
            ..S6
        };
        [FULL, S1, S2, S3, S4, S5, S6, S7]
    };
}

/// The exam the essay is planned for.
#[derive(Debug, Clone, Serialize)]
pub struct TimingInfo {
    /// The preset's name (`aqa-a-level`), when one was chosen.
    pub preset: Option<String>,
    pub board: Option<String>,
    pub marks: Option<u32>,
    pub minutes: u32,
    pub planning_minutes: u32,
    pub words_low: u32,
    pub words_high: u32,
    pub target_words: u32,
    /// Minutes for the introduction, each section and the conclusion.
    pub intro_minutes: u32,
    pub section_minutes: u32,
    pub conclusion_minutes: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionInfo {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    pub focus: String,
    pub against: Option<String>,
    /// The question's period, else the map's.
    pub period: Option<String>,
    /// The question's outcome noun, else the map's; `None` when neither
    /// gives one (templates then say "events").
    pub outcome: Option<String>,
    /// For a quotation question: the quotation and its parts.
    pub quotation: Option<Quotation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quotation {
    pub text: String,
    pub parts: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionInfo {
    pub id: String,
    /// `None` for a default criterion (templates word it).
    pub name: Option<String>,
    pub test: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JudgementInfo {
    pub extent: Extent,
    pub source: Source,
    /// The author's reason, under `source: author`.
    pub reason: Option<String>,
    /// Which scores rank the interpretations.
    pub rule: Rule,
    /// What the rule alone gives.
    pub computed: Extent,
    pub focus_score: i64,
    pub best_score: i64,
    pub best_rival: String,
    /// For a `main-reason` question: one id, or two when level.
    pub main_reason: Vec<String>,
    /// The criterion the conclusion turns on: where the focus and the best
    /// rival differ most (the winner's advantage).
    pub decisive_criterion: Option<String>,
    /// The verdicts on the decisive criterion of the winner and the loser
    /// of focus v. best rival.
    pub decisive: Option<Decisive>,
    /// The strongest verdict against the judgement that no section shows:
    /// the best rival's (when the focus wins) or the focus's own (when it
    /// loses), for the conclusion to concede and answer.
    pub concession: Option<Concession>,
    /// For the evidence rule: the verdicts the grid lacks for this question.
    pub missing_verdicts: Vec<MissingVerdict>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decisive {
    pub criterion: String,
    pub winner: String,
    pub loser: String,
    pub winner_reason: String,
    pub loser_reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Concession {
    pub interpretation: String,
    pub criterion: String,
    pub rating: Rating,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissingVerdict {
    pub interpretation: String,
    pub criterion: String,
}

/// The conclusion: the judgement developed, never a second verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ConclusionInfo {
    pub extent: Extent,
    /// The sections' and others' interpretations, strongest first.
    pub ranking: Vec<String>,
    /// The criteria the sections applied, each once, in map order.
    pub criteria_applied: Vec<String>,
    /// Relations between sections that show how the factors interact.
    pub interactions: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreInfo {
    pub interpretation: String,
    pub score: Option<i64>,
    pub grid: Option<i64>,
    pub evidence: i64,
    pub supporting: usize,
    pub challenging: usize,
    pub net: i64,
    pub strong: usize,
}

/// One selected interpretation's part of the essay.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub interpretation: String,
    pub role: Role,
    /// Against the focus; `None` for the focus.
    pub comparison: Option<Comparison>,
    /// 1-based place in the ranking.
    pub rank: usize,
    /// The criterion its mini-judgement applies.
    pub criterion: Option<String>,
    /// The map's verdict on it for that criterion.
    pub verdict: Option<VerdictInfo>,
    /// The focus's verdict on the same criterion (for the contrast).
    pub focus_verdict: Option<VerdictInfo>,
    /// Its rating on each criterion, in `criteria` order (`None`: no verdict).
    pub grid: Vec<Option<Rating>>,
    /// Its weakest verdict on another criterion: where the objection to
    /// it bites (a model answer's rebuttal names it).
    pub weakest: Option<Concession>,
    /// Every item the section uses, `for` first.
    pub evidence: Vec<String>,
    pub evidence_for: Vec<Cite>,
    pub evidence_against: Vec<Cite>,
    /// Indices into `EssayPlan::relations`, each relation in one section.
    pub relations: Vec<usize>,
    /// Stretch: a counterfactual (causes and triggers only).
    pub counterfactual: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictInfo {
    pub rating: Rating,
    pub reason: String,
    /// The verdict's evidence that the section selected.
    pub evidence: Vec<String>,
}

/// An item cited in a section.
#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    pub id: String,
    pub role: Use,
    /// Written out in full here (its first use in the plan), or referred to briefly.
    pub first: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationInfo {
    pub from: String,
    pub to: String,
    pub kind: RelationKind,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseInfo {
    pub id: String,
    pub label: String,
    pub period: String,
    /// The section with the most supporting items in this phase.
    pub leading: Option<String>,
    /// The items of this phase the plan uses.
    pub evidence: Vec<String>,
    /// Items of this phase for and against the focus.
    pub focus_for: Vec<String>,
    pub focus_against: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Debate {
    /// The interpretation that challenges …
    pub from: String,
    /// … this one.
    pub to: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CounterCase {
    pub interpretation: String,
    pub criterion: Option<String>,
    pub verdict: Option<VerdictInfo>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistEntry {
    pub evidence: String,
    pub uses: Vec<ChecklistUse>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistUse {
    pub interpretation: String,
    /// The section's number in the plan (1-based).
    pub section: usize,
    pub role: Use,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterpretationInfo {
    pub id: String,
    pub label: String,
    pub noun: String,
    pub plural: bool,
    pub kind: InterpretationKind,
    pub claim: String,
    pub school: Option<String>,
    pub historians: Vec<crate::map::Historian>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceInfo {
    pub id: String,
    pub point: String,
    pub date: Option<DateInfo>,
    pub source: Option<String>,
    pub explains: Option<String>,
    pub key: bool,
    pub phase: Option<String>,
}

/// A date as written, with the form that chooses its preposition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateInfo {
    pub text: String,
    /// `day` ("on 1 Dec 1934"), `range` ("between 1936 and 1938") or
    /// `point` ("in 1937", "in Chapter 10").
    pub form: &'static str,
    /// For a range: its two ends, the second year written out in full.
    pub from: Option<String>,
    pub to: Option<String>,
}
