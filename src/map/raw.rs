//! The raw serde mirror of a map file: exactly the keys the format allows
//! (`deny_unknown_fields`), every value wrapped in [`Spanned`] so that the
//! validator can point at it.
//!
//! Required fields are `Option` here on purpose: a missing `claim` is a
//! validation problem reported together with every other problem, naming the
//! item that lacks it, rather than the first and only parse error.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A spanned optional string.
pub type Text = Option<Spanned<String>>;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMap {
    pub format: Option<Spanned<i64>>,
    pub title: Text,
    pub period: Text,
    pub context: Text,
    #[serde(default)]
    pub terms: Option<Vec<Spanned<RawTerm>>>,
    pub interpretations: Option<Spanned<Vec<Spanned<RawInterpretation>>>>,
    pub evidence: Option<Spanned<Vec<Spanned<RawEvidence>>>>,
    #[serde(default)]
    pub relations: Option<Vec<Spanned<RawRelation>>>,
    #[serde(default)]
    pub criteria: Option<Vec<Spanned<RawCriterion>>>,
    pub questions: Option<Spanned<Vec<Spanned<RawQuestion>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub term: Text,
    pub meaning: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInterpretation {
    pub id: Text,
    pub label: Text,
    pub claim: Text,
    pub school: Text,
    #[serde(default)]
    pub historians: Option<Vec<Spanned<RawHistorian>>>,
    pub weight: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHistorian {
    pub name: Text,
    pub work: Text,
    pub year: Option<Spanned<i64>>,
    pub view: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    pub id: Text,
    pub point: Text,
    pub date: Text,
    pub source: Text,
    pub explains: Text,
    #[serde(default)]
    pub supports: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub challenges: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelation {
    pub from: Text,
    pub to: Text,
    pub kind: Text,
    pub reason: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    pub name: Text,
    pub test: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Text,
    pub text: Text,
    pub focus: Text,
    pub judgement: Option<Spanned<RawJudgement>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJudgement {
    pub extent: Text,
    pub reason: Text,
}
