//! The essay plan: the one serialisable value templates, the DOCX writer and
//! `--format json` see. Its shape is documented in `docs/plan-model.md`;
//! change the two together.

use serde::Serialize;

use super::rank::Score;
use crate::map::{Criterion, Extent, RelationKind, Term};

/// What the reader wants: a student's scaffold or a teacher's model answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Plan,
    Model,
}

/// How much scaffolding a student gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Support,
    #[default]
    Core,
    Stretch,
}

impl Mode {
    pub const NAMES: &'static [&'static str] = &["plan", "model"];
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "plan" => Some(Self::Plan),
            "model" => Some(Self::Model),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Model => "model",
        }
    }
}

impl Level {
    pub const NAMES: &'static [&'static str] = &["support", "core", "stretch"];
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "support" => Some(Self::Support),
            "core" => Some(Self::Core),
            "stretch" => Some(Self::Stretch),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Self::Support => "support",
            Self::Core => "core",
            Self::Stretch => "stretch",
        }
    }
}

/// A complete essay plan for one question.
#[derive(Debug, Clone, Serialize)]
pub struct EssayPlan {
    /// The version of this shape (bumped on breaking change).
    pub schema: u32,
    pub map_title: String,
    pub period: Option<String>,
    pub mode: Mode,
    pub level: Level,
    /// The student the plan was made for (batches).
    pub student: Option<String>,
    pub question: QuestionBrief,
    pub judgement: Verdict,
    /// The judgement in one sentence.
    pub line_of_argument: String,
    pub introduction: Introduction,
    /// The focus first, then the rest by rank.
    pub sections: Vec<Section>,
    pub conclusion: Conclusion,
    pub checklist: Vec<ChecklistRow>,
    /// Support-level aids (question decoded, judgement ladder).
    pub support: Option<SupportAids>,
    /// Stretch-level aids (historiography, premise, alternative thesis).
    pub stretch: Option<StretchAids>,
    /// A teacher's model answer in prose (mode `model`).
    pub model_answer: Option<ModelAnswer>,
    /// Minutes and words per part, when a preset or minutes were chosen.
    pub timing: Option<TimingGuide>,
    /// Whether examiner's notes are wanted on the model answer.
    pub annotate: bool,
}

/// A factor named with its score, for judgements and rankings.
#[derive(Debug, Clone, Serialize)]
pub struct Factor {
    pub id: String,
    pub label: String,
    pub score: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionBrief {
    pub id: String,
    pub text: String,
    pub focus: Factor,
    pub period: Option<String>,
    pub terms: Vec<Term>,
    /// What the question asks for, as short instructions.
    pub asks: Vec<String>,
    /// The criteria for judgement (the map's, or the three defaults).
    pub criteria: Vec<Criterion>,
    pub criteria_are_defaults: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub extent: Extent,
    /// "to a large extent" …
    pub phrase: String,
    /// `computed` from the scores, or `author` (the question's judgement).
    pub source: &'static str,
    /// Why, in words a student can check against the map.
    pub reason: String,
    pub focus: Factor,
    /// The strongest rival to the focus.
    pub rival: Factor,
    /// What the scores alone give (equals `extent` when computed).
    pub computed_extent: Extent,
    pub computed_phrase: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Introduction {
    pub context: String,
    pub terms: Vec<Term>,
    /// Labels of the factors to be discussed, in section order.
    pub factors: Vec<String>,
    /// The judgement previewed, with its criteria.
    pub preview: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub label: String,
    pub is_focus: bool,
    /// 1 = highest score.
    pub rank: usize,
    pub score: Score,
    pub claim: String,
    pub school: Option<String>,
    pub historians: Vec<HistorianView>,
    pub evidence_for: Vec<EvidenceUse>,
    pub evidence_against: Vec<EvidenceUse>,
    /// Relations in both directions.
    pub relations: Vec<RelationView>,
    /// The verdict on this factor against the focus.
    pub mini_judgement: String,
    /// Core prompts: what to do in this paragraph.
    pub prompts: Vec<String>,
    /// Support: a starter for each step of the paragraph.
    pub starters: Vec<Starter>,
    /// Stretch: the counterfactual test for this factor.
    pub counterfactual: Option<String>,
    /// Stretch: why the historians here differ.
    pub historiography: Option<String>,
    /// Minutes and words, when timing was asked for.
    pub timing: Option<PartTiming>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistorianView {
    pub name: String,
    pub work: Option<String>,
    pub year: Option<i64>,
    pub view: Option<String>,
    /// "Robert Conquest, The Great Terror (1968)".
    pub citation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceUse {
    pub id: String,
    pub point: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub explains: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    /// `outgoing` (this factor bears on the other) or `incoming`.
    pub direction: &'static str,
    pub kind: RelationKind,
    pub other_id: String,
    pub other_label: String,
    pub reason: String,
    /// "Grassroots pressure qualifies Stalin's paranoia."
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Starter {
    /// claim, evidence, explain, counter, rebuttal, mini-judgement.
    pub step: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conclusion {
    pub judgement: String,
    pub reason: String,
    pub ranking: Vec<Factor>,
    /// One sentence per criterion, applied to the focus and its rival.
    pub criteria_applied: Vec<String>,
    /// How the factors interact (from the relations).
    pub interactions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRow {
    pub id: String,
    pub point: String,
    pub date: Option<String>,
    pub uses: Vec<EvidenceStance>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceStance {
    pub section: String,
    /// `for` or `against`.
    pub stance: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SupportAids {
    /// Command words, named factor, dates, key terms: the question decoded.
    pub decoded: Vec<String>,
    /// The judgement ladder, strongest first.
    pub ladder: Vec<LadderStep>,
    /// Starters for the introduction and conclusion.
    pub thesis_starter: String,
    pub conclusion_starter: String,
    /// Blank lines to leave for writing, per paragraph.
    pub writing_lines: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LadderStep {
    pub phrase: String,
    pub meaning: String,
    pub chosen: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StretchAids {
    pub historiography: Vec<String>,
    pub interaction: Vec<String>,
    pub periodisation: String,
    pub premise: String,
    pub alternative_thesis: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelAnswer {
    pub introduction: Vec<Sentence>,
    pub paragraphs: Vec<ModelParagraph>,
    pub interaction: Vec<Sentence>,
    pub conclusion: Vec<Sentence>,
    pub words: usize,
    /// The examiner's notes in order, numbered as the sentences cite them.
    pub notes: Vec<ExaminerNote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExaminerNote {
    pub id: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelParagraph {
    pub label: String,
    pub sentences: Vec<Sentence>,
}

/// One sentence of the model answer, with what it does for an examiner.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub text: String,
    /// "Claim with a degree word", "Precise evidence" …; shown with `--annotate`.
    pub note: Option<String>,
    /// The number of its note in `ModelAnswer::notes`.
    pub note_id: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimingGuide {
    pub preset: Option<String>,
    pub minutes: u32,
    pub words: u32,
    pub parts: Vec<PartTiming>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartTiming {
    pub part: String,
    pub minutes: u32,
    pub words: u32,
}
