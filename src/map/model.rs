//! The validated argument map. A value of [`ArgumentMap`] exists only when
//! every rule of the format holds: ids are unique and every reference is
//! resolved to an index, so later stages never look anything up by name.

use serde::Serialize;

/// Where a map's interpretation stands in `ArgumentMap::interpretations`.
pub(crate) type InterpretationIndex = usize;

/// A valid argument map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArgumentMap {
    /// 1 or 2.
    pub format: u8,
    pub title: String,
    pub subject: Subject,
    /// The noun phrase the factors explain ("the Great Purges").
    pub outcome: Option<String>,
    pub period: Option<String>,
    pub context: String,
    pub terms: Vec<Term>,
    pub phases: Vec<Phase>,
    pub interpretations: Vec<Interpretation>,
    pub evidence: Vec<Evidence>,
    pub relations: Vec<Relation>,
    /// The criteria in force: the map's own, or the three defaults when it
    /// gives none (then each has no `name` and `test`: templates word them).
    pub criteria: Vec<Criterion>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub term: String,
    pub meaning: String,
}

/// The vocabulary of a plan: historians and events, or critics and the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    #[default]
    History,
    Literature,
}

impl Subject {
    pub(crate) const NAMES: &'static [&'static str] = &["history", "literature"];
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "history" => Some(Self::History),
            "literature" => Some(Self::Literature),
            _ => None,
        }
    }
}

/// A stage of the topic (format 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub id: String,
    pub label: String,
    pub period: String,
}

/// What sort of explanation an interpretation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InterpretationKind {
    #[default]
    Cause,
    Trigger,
    Mechanism,
    Reading,
}

impl InterpretationKind {
    pub(crate) const NAMES: &'static [&'static str] = &["cause", "trigger", "mechanism", "reading"];
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "cause" => Some(Self::Cause),
            "trigger" => Some(Self::Trigger),
            "mechanism" => Some(Self::Mechanism),
            "reading" => Some(Self::Reading),
            _ => None,
        }
    }
}

/// A verdict's rating of an interpretation against a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Weak,
    Partial,
    Strong,
}

impl Rating {
    pub(crate) const NAMES: &'static [&'static str] = &["strong", "partial", "weak"];
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "strong" => Some(Self::Strong),
            "partial" => Some(Self::Partial),
            "weak" => Some(Self::Weak),
            _ => None,
        }
    }
    /// Grid points: 2, 1, 0.
    pub fn points(self) -> i64 {
        match self {
            Self::Strong => 2,
            Self::Partial => 1,
            Self::Weak => 0,
        }
    }
}

/// The author's verdict on an interpretation against one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub rating: Rating,
    pub reason: String,
    /// Evidence the reason rests on, as indices into `ArgumentMap::evidence`.
    pub evidence: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interpretation {
    pub id: String,
    pub label: String,
    /// How a sentence names it; the label where the map gives none.
    pub noun: String,
    /// The noun takes a plural verb.
    pub plural: bool,
    pub kind: InterpretationKind,
    pub claim: String,
    pub school: Option<String>,
    pub historians: Vec<Historian>,
    /// 1–5 when the author gave one.
    pub weight: Option<u8>,
    /// One entry per criterion in force (`ArgumentMap::criteria` order).
    pub assessment: Vec<Option<Verdict>>,
}

impl Interpretation {
    /// A verdict on every criterion.
    pub(crate) fn fully_assessed(&self) -> bool {
        !self.assessment.is_empty() && self.assessment.iter().all(Option::is_some)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Historian {
    pub name: String,
    pub work: Option<String>,
    pub year: Option<i64>,
    pub view: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub id: String,
    pub point: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub explains: Option<String>,
    pub supports: Vec<InterpretationIndex>,
    pub challenges: Vec<InterpretationIndex>,
    pub qualifies: Vec<InterpretationIndex>,
    /// The author's pick among the strongest evidence.
    pub key: bool,
    /// Index into `ArgumentMap::phases`.
    pub phase: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    Supports,
    Challenges,
    Qualifies,
}

impl RelationKind {
    pub(crate) const NAMES: &'static [&'static str] = &["supports", "challenges", "qualifies"];

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "supports" => Some(Self::Supports),
            "challenges" => Some(Self::Challenges),
            "qualifies" => Some(Self::Qualifies),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    pub from: InterpretationIndex,
    pub to: InterpretationIndex,
    pub kind: RelationKind,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub id: String,
    /// `None` for a default criterion: the templates word it.
    pub name: Option<String>,
    pub test: Option<String>,
}

/// The ids of the three default criteria, in order.
pub(crate) const DEFAULT_CRITERIA: [&str; 3] = ["necessity", "scale", "timing"];

/// How far the named factor explains the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    Large,
    Some,
    Limited,
}

impl Extent {
    pub(crate) const NAMES: &'static [&'static str] = &["large", "some", "limited"];

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "large" => Some(Self::Large),
            "some" => Some(Self::Some),
            "limited" => Some(Self::Limited),
            _ => None,
        }
    }

    /// "to a large extent" …
    pub fn phrase(self) -> &'static str {
        match self {
            Self::Large => "to a large extent",
            Self::Some => "to some extent",
            Self::Limited => "to a limited extent",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub focus: InterpretationIndex,
    /// The kind in force: given, or read from the text.
    pub kind: QuestionKind,
    /// Whether `kind` was written in the map.
    pub kind_given: bool,
    pub against: Option<InterpretationIndex>,
    /// The rivals as given (`None`: every other interpretation that is not a reading).
    pub rivals: Option<Vec<InterpretationIndex>>,
    pub period: Option<String>,
    pub outcome: Option<String>,
    pub judgement: Option<Judgement>,
}

/// What a question asks of the plan (spec, "Questions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Factor,
    Quotation,
    MainReason,
    Versus,
}

impl QuestionKind {
    pub(crate) const NAMES: &'static [&'static str] =
        &["factor", "quotation", "main-reason", "versus"];
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "factor" => Some(Self::Factor),
            "quotation" => Some(Self::Quotation),
            "main-reason" => Some(Self::MainReason),
            "versus" => Some(Self::Versus),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    pub extent: Extent,
    pub reason: String,
}

impl ArgumentMap {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The question's rivals: its `rivals`, or every other interpretation
    /// that is not a reading.
    pub fn rivals_of(&self, q: &Question) -> Vec<InterpretationIndex> {
        match &q.rivals {
            Some(r) => r.clone(),
            None => (0..self.interpretations.len())
                .filter(|&i| {
                    i != q.focus && self.interpretations[i].kind != InterpretationKind::Reading
                })
                .collect(),
        }
    }

    /// Whether the grid is complete for the question: the focus and every
    /// question rival have a verdict on every criterion.
    pub fn grid_complete_for(&self, q: &Question) -> bool {
        std::iter::once(q.focus)
            .chain(self.rivals_of(q))
            .all(|i| self.interpretations[i].fully_assessed())
    }
}
