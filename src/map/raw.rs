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
    pub subject: Text,
    pub outcome: Text,
    pub period: Text,
    pub context: Text,
    #[serde(default)]
    pub terms: Option<Vec<Spanned<RawTerm>>>,
    #[serde(default)]
    pub phases: Option<Vec<Spanned<RawPhase>>>,
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

/// A stage of the topic that a stretch plan periodises by (format 2).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub id: Text,
    pub label: Text,
    pub period: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInterpretation {
    pub id: Text,
    pub label: Text,
    pub noun: Text,
    pub plural: Option<Spanned<bool>>,
    pub kind: Text,
    pub claim: Text,
    pub school: Text,
    #[serde(default)]
    pub historians: Option<Vec<Spanned<RawHistorian>>>,
    pub weight: Option<Spanned<i64>>,
    /// Criterion id → verdict, in file order (format 2).
    #[serde(default)]
    pub assessment: Option<Spanned<Entries<RawVerdict>>>,
}

/// The author's verdict on an interpretation against one criterion.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVerdict {
    pub rating: Text,
    pub reason: Text,
    #[serde(default)]
    pub evidence: Option<Vec<Spanned<String>>>,
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
    #[serde(default)]
    pub qualifies: Option<Vec<Spanned<String>>>,
    pub key: Option<Spanned<bool>>,
    pub phase: Text,
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
    pub id: Text,
    pub name: Text,
    pub test: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Text,
    pub text: Text,
    pub focus: Text,
    pub kind: Text,
    pub against: Text,
    #[serde(default)]
    pub rivals: Option<Spanned<Vec<Spanned<String>>>>,
    pub period: Text,
    pub outcome: Text,
    pub judgement: Option<Spanned<RawJudgement>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJudgement {
    pub extent: Text,
    pub reason: Text,
}

/// A YAML mapping read as its entries in file order, each key located.
/// Duplicate keys are refused by the parser before this sees them.
#[derive(Debug)]
pub struct Entries<V>(pub Vec<(Spanned<String>, Spanned<V>)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of criterion ids to verdicts")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, Spanned<V>>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}
