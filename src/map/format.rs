//! The map format's shape, once: every object, its keys in the order the
//! format lists them, which are required, and what kind of value each
//! holds. The loader checks a file against it (`structure`),
//! decodes the raw map by its keys ([`super::raw`]), and the JSON Schema
//! for editors is written from it (`crate::schema`); what a value *means*
//! (ids, keywords, counts) is the validator's.

/// An object of the format: a mapping with known keys.
#[derive(Debug)]
pub(crate) struct Object {
    /// Its name in the schema's definitions (`map` for the whole file).
    pub name: &'static str,
    pub fields: &'static [Field],
}

/// One key of an object.
#[derive(Debug)]
pub(crate) struct Field {
    pub key: &'static str,
    pub required: bool,
    pub shape: Shape,
}

/// What kind of value a key holds. Any key may be left empty (`key:` or
/// `~`): an absence the validator reports when the key is required.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// A single value read as text (numbers and `true` as written).
    Text,
    /// A whole number.
    Int,
    /// `true` or `false`.
    Bool,
    /// A single value the validator reads as a keyword.
    Keyword,
    /// A single value that must be a whole number (`format`).
    Number,
    /// A list of texts (ids).
    Texts,
    /// A list of objects.
    List(&'static Object),
    /// One object.
    One(&'static Object),
    /// A mapping of ids to objects (`assessment`).
    Entries(&'static Object),
}

const fn req(key: &'static str, shape: Shape) -> Field {
    Field {
        key,
        required: true,
        shape,
    }
}

const fn opt(key: &'static str, shape: Shape) -> Field {
    Field {
        key,
        required: false,
        shape,
    }
}

use Shape::*;

/// The whole file.
pub(crate) static MAP: Object = Object {
    name: "map",
    fields: &[
        req("format", Number),
        req("title", Text),
        opt("subject", Keyword),
        opt("outcome", Text),
        opt("period", Text),
        req("context", Text),
        opt("terms", List(&TERM)),
        opt("phases", List(&PHASE)),
        req("interpretations", List(&INTERPRETATION)),
        req("evidence", List(&EVIDENCE)),
        opt("relations", List(&RELATION)),
        opt("criteria", List(&CRITERION)),
        req("questions", List(&QUESTION)),
    ],
};

pub(crate) static TERM: Object = Object {
    name: "term",
    fields: &[req("term", Text), req("meaning", Text)],
};

/// A stage of the topic that a stretch plan periodises by (format 2).
pub(crate) static PHASE: Object = Object {
    name: "phase",
    fields: &[req("id", Text), req("label", Text), req("period", Text)],
};

pub(crate) static INTERPRETATION: Object = Object {
    name: "interpretation",
    fields: &[
        req("id", Text),
        req("label", Text),
        opt("noun", Text),
        opt("plural", Bool),
        opt("kind", Keyword),
        req("claim", Text),
        opt("school", Text),
        opt("historians", List(&HISTORIAN)),
        opt("weight", Int),
        opt("assessment", Entries(&VERDICT)),
    ],
};

/// The author's verdict on an interpretation against one criterion.
pub(crate) static VERDICT: Object = Object {
    name: "verdict",
    fields: &[
        req("rating", Keyword),
        req("reason", Text),
        opt("evidence", Texts),
    ],
};

pub(crate) static HISTORIAN: Object = Object {
    name: "historian",
    fields: &[
        req("name", Text),
        opt("work", Text),
        opt("year", Int),
        opt("view", Text),
    ],
};

pub(crate) static EVIDENCE: Object = Object {
    name: "evidence",
    fields: &[
        req("id", Text),
        req("point", Text),
        opt("date", Text),
        opt("source", Text),
        opt("explains", Text),
        opt("supports", Texts),
        opt("challenges", Texts),
        opt("qualifies", Texts),
        opt("key", Bool),
        opt("phase", Text),
    ],
};

pub(crate) static RELATION: Object = Object {
    name: "relation",
    fields: &[
        req("from", Text),
        req("to", Text),
        req("kind", Keyword),
        req("reason", Text),
    ],
};

pub(crate) static CRITERION: Object = Object {
    name: "criterion",
    fields: &[opt("id", Text), req("name", Text), req("test", Text)],
};

pub(crate) static QUESTION: Object = Object {
    name: "question",
    fields: &[
        req("id", Text),
        req("text", Text),
        req("focus", Text),
        opt("kind", Keyword),
        opt("against", Text),
        opt("rivals", Texts),
        opt("period", Text),
        opt("outcome", Text),
        opt("judgement", One(&JUDGEMENT)),
    ],
};

pub(crate) static JUDGEMENT: Object = Object {
    name: "judgement",
    fields: &[req("extent", Keyword), req("reason", Text)],
};

/// Every object below the file, in the order the schema defines them.
pub(crate) static DEFINITIONS: [&Object; 10] = [
    &TERM,
    &INTERPRETATION,
    &HISTORIAN,
    &EVIDENCE,
    &RELATION,
    &CRITERION,
    &QUESTION,
    &JUDGEMENT,
    &PHASE,
    &VERDICT,
];

impl Object {
    /// The object's keys, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.key)
    }

    /// The field of a key.
    pub(crate) fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}
