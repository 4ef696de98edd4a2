//! The raw map: the located tree decoded by the format's keys
//! ([`super::format`]), every value wrapped in [`Spanned`] so that the
//! validator can point at it. Decoding cannot fail: the tree's shape was
//! checked first (`structure`); a key the format does not have is
//! left out (it was reported), a value of the wrong kind reads as absent.
//!
//! Required fields are `Option` here on purpose: a missing `claim` is a
//! validation problem reported together with every other problem, naming the
//! item that lacks it, rather than the first and only parse error.

use serde_saphyr::Spanned;

use super::format::{self, Object};
use super::load::{Node, Scalar};
use super::structure::{true_or_false, whole_number};

/// A spanned optional string.
pub(crate) type Text = Option<Spanned<String>>;

/// The whole file.
#[derive(Debug)]
pub(crate) struct RawMap {
    pub format: Option<Spanned<i64>>,
    pub title: Text,
    pub subject: Text,
    pub outcome: Text,
    pub period: Text,
    pub context: Text,
    pub terms: Option<Vec<Spanned<RawTerm>>>,
    pub phases: Option<Vec<Spanned<RawPhase>>>,
    pub interpretations: Option<Spanned<Vec<Spanned<RawInterpretation>>>>,
    pub evidence: Option<Spanned<Vec<Spanned<RawEvidence>>>>,
    pub relations: Option<Vec<Spanned<RawRelation>>>,
    pub criteria: Option<Vec<Spanned<RawCriterion>>>,
    pub questions: Option<Spanned<Vec<Spanned<RawQuestion>>>>,
}

#[derive(Debug)]
pub(crate) struct RawTerm {
    pub term: Text,
    pub meaning: Text,
}

/// A stage of the topic that a stretch plan periodises by (format 2).
#[derive(Debug)]
pub(crate) struct RawPhase {
    pub id: Text,
    pub label: Text,
    pub period: Text,
}

#[derive(Debug)]
pub(crate) struct RawInterpretation {
    pub id: Text,
    pub label: Text,
    pub noun: Text,
    pub plural: Option<Spanned<bool>>,
    pub kind: Text,
    pub claim: Text,
    pub school: Text,
    pub historians: Option<Vec<Spanned<RawHistorian>>>,
    pub weight: Option<Spanned<i64>>,
    /// Criterion id → verdict, in file order (format 2).
    pub assessment: Option<Spanned<Entries<RawVerdict>>>,
}

/// The author's verdict on an interpretation against one criterion.
#[derive(Debug)]
pub(crate) struct RawVerdict {
    pub rating: Text,
    pub reason: Text,
    pub evidence: Option<Vec<Spanned<String>>>,
}

#[derive(Debug)]
pub(crate) struct RawHistorian {
    pub name: Text,
    pub work: Text,
    pub year: Option<Spanned<i64>>,
    pub view: Text,
}

#[derive(Debug)]
pub(crate) struct RawEvidence {
    pub id: Text,
    pub point: Text,
    pub date: Text,
    pub source: Text,
    pub explains: Text,
    pub supports: Option<Vec<Spanned<String>>>,
    pub challenges: Option<Vec<Spanned<String>>>,
    pub qualifies: Option<Vec<Spanned<String>>>,
    pub key: Option<Spanned<bool>>,
    pub phase: Text,
}

#[derive(Debug)]
pub(crate) struct RawRelation {
    pub from: Text,
    pub to: Text,
    pub kind: Text,
    pub reason: Text,
}

#[derive(Debug)]
pub(crate) struct RawCriterion {
    pub id: Text,
    pub name: Text,
    pub test: Text,
}

#[derive(Debug)]
pub(crate) struct RawQuestion {
    pub id: Text,
    pub text: Text,
    pub focus: Text,
    pub kind: Text,
    pub against: Text,
    pub rivals: Option<Spanned<Vec<Spanned<String>>>>,
    pub period: Text,
    pub outcome: Text,
    pub judgement: Option<Spanned<RawJudgement>>,
}

#[derive(Debug)]
pub(crate) struct RawJudgement {
    pub extent: Text,
    pub reason: Text,
}

/// A mapping read as its entries in file order, each key located.
/// Duplicate keys are refused by the parser before this sees them.
#[derive(Debug)]
pub(crate) struct Entries<V>(pub Vec<(Spanned<String>, Spanned<V>)>);

/// `value` where `node` is.
fn located<T>(node: &Spanned<Node>, value: T) -> Spanned<T> {
    Spanned::new(value, node.referenced, node.defined)
}

/// The keys of one mapping of the file, read by the format's table.
struct Fields<'n> {
    entries: &'n [(Spanned<String>, Spanned<Node>)],
    of: &'static Object,
    source: &'n str,
}

impl<'n> Fields<'n> {
    /// `node`'s keys, or `None` when it is not a mapping.
    fn of(node: &'n Spanned<Node>, of: &'static Object, source: &'n str) -> Option<Self> {
        match &node.value {
            Node::Map(entries) => Some(Self {
                entries,
                of,
                source,
            }),
            _ => None,
        }
    }

    /// The value of `key`, unless left empty.
    fn get(&self, key: &str) -> Option<&'n Spanned<Node>> {
        debug_assert!(
            self.of.field(key).is_some(),
            "`{key}` is not a key of {} in the format's table",
            self.of.name
        );
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v.value, Node::Scalar(Scalar::Null)))
    }

    fn text(&self, key: &str) -> Text {
        self.get(key).and_then(|n| text(n, self.source))
    }

    fn int(&self, key: &str) -> Option<Spanned<i64>> {
        let node = self.get(key)?;
        match &node.value {
            Node::Scalar(s) => whole_number(s).map(|n| located(node, n)),
            _ => None,
        }
    }

    fn bool(&self, key: &str) -> Option<Spanned<bool>> {
        let node = self.get(key)?;
        match &node.value {
            Node::Scalar(s) => true_or_false(s).map(|b| located(node, b)),
            _ => None,
        }
    }

    /// A list's items, each decoded by `item` (an item that cannot be is
    /// left out), located.
    fn list<T>(
        &self,
        key: &str,
        item: impl Fn(&'n Spanned<Node>) -> Option<T>,
    ) -> Option<Spanned<Vec<Spanned<T>>>> {
        let node = self.get(key)?;
        let Node::Seq(items) = &node.value else {
            return None;
        };
        let items = items
            .iter()
            .filter_map(|n| item(n).map(|v| located(n, v)))
            .collect();
        Some(located(node, items))
    }

    fn texts(&self, key: &str) -> Option<Spanned<Vec<Spanned<String>>>> {
        self.list(key, |n| text(n, self.source).map(|t| t.value))
    }

    fn objects<T>(
        &self,
        key: &str,
        of: &'static Object,
        decode: impl Fn(&Fields<'n>) -> T,
    ) -> Option<Spanned<Vec<Spanned<T>>>> {
        self.list(key, |n| Fields::of(n, of, self.source).map(|f| decode(&f)))
    }
}

/// A single value as text: as written for numbers and `true` (what YAML
/// typed), as read for text.
fn text(node: &Spanned<Node>, source: &str) -> Text {
    let Node::Scalar(scalar) = &node.value else {
        return None;
    };
    let written = || {
        let span = node.referenced.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        source
            .get(start..start + len)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let value = match scalar {
        Scalar::Null => return None,
        Scalar::Text(t) => t.clone(),
        Scalar::Bool(b) => written().unwrap_or_else(|| b.to_string()),
        Scalar::Int(n) => written().unwrap_or_else(|| n.to_string()),
        Scalar::Float => written()?,
    };
    Some(located(node, value))
}

/// A list without its own location.
fn plain<T>(list: Option<Spanned<Vec<Spanned<T>>>>) -> Option<Vec<Spanned<T>>> {
    list.map(|l| l.value)
}

/// Decode a file's tree (its shape checked) into the raw map.
pub(crate) fn decode(root: &Spanned<Node>, source: &str) -> RawMap {
    let empty = Fields {
        entries: &[],
        of: &format::MAP,
        source,
    };
    let f = Fields::of(root, &format::MAP, source).unwrap_or(empty);
    RawMap {
        format: f.int("format"),
        title: f.text("title"),
        subject: f.text("subject"),
        outcome: f.text("outcome"),
        period: f.text("period"),
        context: f.text("context"),
        terms: f
            .objects("terms", &format::TERM, |f| RawTerm {
                term: f.text("term"),
                meaning: f.text("meaning"),
            })
            .map(|l| l.value),
        phases: plain(f.objects("phases", &format::PHASE, |f| RawPhase {
            id: f.text("id"),
            label: f.text("label"),
            period: f.text("period"),
        })),
        interpretations: f.objects("interpretations", &format::INTERPRETATION, |f| {
            RawInterpretation {
                id: f.text("id"),
                label: f.text("label"),
                noun: f.text("noun"),
                plural: f.bool("plural"),
                kind: f.text("kind"),
                claim: f.text("claim"),
                school: f.text("school"),
                historians: f
                    .objects("historians", &format::HISTORIAN, |f| RawHistorian {
                        name: f.text("name"),
                        work: f.text("work"),
                        year: f.int("year"),
                        view: f.text("view"),
                    })
                    .map(|l| l.value),
                weight: f.int("weight"),
                assessment: f.get("assessment").and_then(|node| {
                    let Node::Map(entries) = &node.value else {
                        return None;
                    };
                    let verdicts = entries
                        .iter()
                        .filter_map(|(k, v)| {
                            let f = Fields::of(v, &format::VERDICT, source)?;
                            let verdict = RawVerdict {
                                rating: f.text("rating"),
                                reason: f.text("reason"),
                                evidence: f.texts("evidence").map(|l| l.value),
                            };
                            Some((k.clone(), located(v, verdict)))
                        })
                        .collect();
                    Some(located(node, Entries(verdicts)))
                }),
            }
        }),
        evidence: f.objects("evidence", &format::EVIDENCE, |f| RawEvidence {
            id: f.text("id"),
            point: f.text("point"),
            date: f.text("date"),
            source: f.text("source"),
            explains: f.text("explains"),
            supports: f.texts("supports").map(|l| l.value),
            challenges: f.texts("challenges").map(|l| l.value),
            qualifies: f.texts("qualifies").map(|l| l.value),
            key: f.bool("key"),
            phase: f.text("phase"),
        }),
        relations: plain(f.objects("relations", &format::RELATION, |f| RawRelation {
            from: f.text("from"),
            to: f.text("to"),
            kind: f.text("kind"),
            reason: f.text("reason"),
        })),
        criteria: plain(f.objects("criteria", &format::CRITERION, |f| RawCriterion {
            id: f.text("id"),
            name: f.text("name"),
            test: f.text("test"),
        })),
        questions: f.objects("questions", &format::QUESTION, |f| RawQuestion {
            id: f.text("id"),
            text: f.text("text"),
            focus: f.text("focus"),
            kind: f.text("kind"),
            against: f.text("against"),
            rivals: f.texts("rivals"),
            period: f.text("period"),
            outcome: f.text("outcome"),
            judgement: f.get("judgement").and_then(|node| {
                let f = Fields::of(node, &format::JUDGEMENT, source)?;
                Some(located(
                    node,
                    RawJudgement {
                        extent: f.text("extent"),
                        reason: f.text("reason"),
                    },
                ))
            }),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(yaml: &str) -> RawMap {
        let (source, root) = super::super::load::parse(yaml.as_bytes()).expect("parses");
        decode(&root, &source)
    }

    #[test]
    fn numbers_read_as_text_keep_their_spelling() {
        let map = raw("format: \"2\"\nevidence:\n  - id: e\n    date: 1937.50\n    key: yes\n");
        assert_eq!(map.format.map(|f| f.value), Some(2));
        let evidence = &map.evidence.expect("evidence").value[0].value;
        assert_eq!(
            evidence.date.as_ref().map(|d| d.value.as_str()),
            Some("1937.50")
        );
        assert_eq!(evidence.key.as_ref().map(|k| k.value), Some(true));
    }

    #[test]
    fn values_keep_their_locations_and_empty_keys_are_absent() {
        let map = raw(
            "format: 2\ntitle:\ninterpretations:\n  - id: a\n    assessment:\n      scale: {rating: strong, reason: R}\n",
        );
        assert!(map.title.is_none());
        let list = map.interpretations.expect("interpretations");
        assert_eq!(list.referenced.line(), 4);
        let first = &list.value[0];
        assert_eq!(
            first.value.id.as_ref().map(|i| i.referenced.column()),
            Some(9)
        );
        let grid = first.value.assessment.as_ref().expect("assessment");
        assert_eq!(grid.value.0[0].0.value, "scale");
    }
}
