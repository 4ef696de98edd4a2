//! The validated argument map. A value of [`ArgumentMap`] exists only when
//! every rule of the format holds: ids are unique and every reference is
//! resolved to an index, so later stages never look anything up by name.

use serde::Serialize;

/// Where a map's interpretation stands in `ArgumentMap::interpretations`.
pub type InterpretationIndex = usize;

/// A valid argument map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArgumentMap {
    pub title: String,
    pub period: Option<String>,
    pub context: String,
    pub terms: Vec<Term>,
    pub interpretations: Vec<Interpretation>,
    pub evidence: Vec<Evidence>,
    pub relations: Vec<Relation>,
    /// The map's own criteria; empty when it gives none (the plan then uses
    /// the defaults).
    pub criteria: Vec<Criterion>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub term: String,
    pub meaning: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interpretation {
    pub id: String,
    pub label: String,
    pub claim: String,
    pub school: Option<String>,
    pub historians: Vec<Historian>,
    /// 1–5 when the author gave one.
    pub weight: Option<u8>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    Supports,
    Challenges,
    Qualifies,
}

impl RelationKind {
    pub const NAMES: &'static [&'static str] = &["supports", "challenges", "qualifies"];

    pub fn parse(s: &str) -> Option<Self> {
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
    pub name: String,
    pub test: String,
}

/// How far the named factor explains the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    Large,
    Some,
    Limited,
}

impl Extent {
    pub const NAMES: &'static [&'static str] = &["large", "some", "limited"];

    pub fn parse(s: &str) -> Option<Self> {
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
    pub judgement: Option<Judgement>,
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

    pub fn question_ids(&self) -> Vec<&str> {
        self.questions.iter().map(|q| q.id.as_str()).collect()
    }
}
