//! The JSON Schema (draft-07) of the map format, for editors' YAML language
//! servers. The objects, their keys and which are required come from the
//! format's table (`map::format`, which the loader checks files against),
//! so the schema cannot drift from the loader; types and descriptions come
//! from the table here, written from the format spec.

use serde_json::{Map, Value, json};

use crate::map::format::{self, Object};

const ID: &str = "^[a-z0-9][a-z0-9-]{0,63}$";

/// (key, schema) for every key the format knows, by object.
fn describe(object: &str, key: &str) -> Value {
    let text = |d: &str| json!({"type": "string", "minLength": 1, "description": d});
    let id = |d: &str| json!({"type": "string", "pattern": ID, "description": d});
    let ids = |d: &str| json!({"type": "array", "items": {"type": "string", "pattern": ID}, "description": d});
    let list = |r: &str, d: &str| json!({"type": "array", "items": {"$ref": format!("#/definitions/{r}")}, "description": d});
    match (object, key) {
        ("map", "format") => {
            json!({"enum": [1, 2], "description": "The format version: 2 (1 is still read)."})
        }
        ("map", "subject") => {
            json!({"enum": ["history", "literature"], "description": "The plan's vocabulary: historians and events, or critics and the text (format 2; default history)."})
        }
        ("map", "outcome") => {
            text("The noun phrase the factors explain (the Great Purges) (format 2).")
        }
        ("map", "phases") => list(
            "phase",
            "The stages a stretch plan periodises by (format 2).",
        ),
        ("phase", "id") => id("Unique among phases: a–z, 0–9 and -."),
        ("phase", "label") => {
            text("The phase, written to stand inside a sentence (the mass operations).")
        }
        ("phase", "period") => text("Its dates, as written (Aug 1937 – Nov 1938)."),
        ("interpretation", "noun") => {
            text("How a sentence names it (the murder of Kirov); default: the label (format 2).")
        }
        ("interpretation", "plural") => {
            json!({"type": "boolean", "description": "The noun takes a plural verb (format 2)."})
        }
        ("interpretation", "kind") => {
            json!({"enum": ["cause", "trigger", "mechanism", "reading"], "description": "A long-term cause, a short-term spark, the machinery others worked through, or a historian's overall reading (format 2; default cause)."})
        }
        ("interpretation", "assessment") => {
            json!({"type": "object", "additionalProperties": {"$ref": "#/definitions/verdict"}, "description": "The author's verdict on it against each criterion, by criterion id (format 2)."})
        }
        ("verdict", "rating") => {
            json!({"enum": ["strong", "partial", "weak"], "description": "How well it meets the criterion."})
        }
        ("verdict", "reason") => {
            text("One sentence that applies the criterion to this interpretation.")
        }
        ("verdict", "evidence") => ids("The evidence items the reason rests on."),
        ("evidence", "qualifies") => {
            ids("Interpretations it complicates without supporting or refuting (format 2).")
        }
        ("evidence", "key") => {
            json!({"type": "boolean", "description": "Among the strongest evidence for what it names; chosen first (format 2)."})
        }
        ("evidence", "phase") => id("The phase it belongs to (format 2)."),
        ("criterion", "id") => id("The criterion's id (format 2; default: from its name)."),
        ("question", "kind") => {
            json!({"enum": ["factor", "quotation", "main-reason", "versus"], "description": "What the question asks; default: read from its text (format 2)."})
        }
        ("question", "against") => id("The other side of \"X rather than Y\" (format 2)."),
        ("question", "rivals") => {
            ids("The rivals to weigh, strongest first; not the focus (format 2).")
        }
        ("question", "period") => {
            text("The question's own dates, when they differ from the map's (format 2).")
        }
        ("question", "outcome") => text("The question's own outcome noun (format 2)."),
        ("map", "title") => text("The topic."),
        ("map", "period") => text("The period covered, as written (1934–39)."),
        ("map", "context") => text("Background for the introduction, a few sentences."),
        ("map", "terms") => list("term", "Key terms to define in the introduction."),
        ("map", "interpretations") => {
            json!({"type": "array", "minItems": 2, "items": {"$ref": "#/definitions/interpretation"}, "description": "The competing explanations (at least 2)."})
        }
        ("map", "evidence") => {
            json!({"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/evidence"}, "description": "The facts the essay can use (at least 1)."})
        }
        ("map", "relations") => list("relation", "How interpretations bear on each other."),
        ("map", "criteria") => list(
            "criterion",
            "The tests used to weigh the factors (default: necessity, scale, timing).",
        ),
        ("map", "questions") => {
            json!({"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/question"}, "description": "The essay questions this map can plan (at least 1)."})
        }
        ("term", "term") => text("The term."),
        ("term", "meaning") => text("What it means."),
        ("interpretation", "id") => id("Unique among interpretations: a–z, 0–9 and -."),
        ("interpretation", "label") => text("Short name used as a heading (Stalin's paranoia)."),
        ("interpretation", "claim") => text("One sentence: what this interpretation says."),
        ("interpretation", "school") => text("Historiographical school (Revisionist)."),
        ("interpretation", "historians") => list("historian", "Who holds it."),
        ("interpretation", "weight") => {
            json!({"type": "integer", "minimum": 1, "maximum": 5, "description": "The map author's view of its explanatory power, 1–5; leave out to score from the evidence."})
        }
        ("historian", "name") => text("The historian's name."),
        ("historian", "work") => text("The work that argues it."),
        ("historian", "year") => json!({"type": "integer", "description": "Year of the work."}),
        ("historian", "view") => text("A short paraphrase or quotation."),
        ("evidence", "id") => id("Unique among evidence: a–z, 0–9 and -."),
        ("evidence", "point") => text("The fact, with its figures."),
        ("evidence", "date") => {
            json!({"type": ["string", "integer"], "description": "When, as written (Aug 1936, 1937–38)."})
        }
        ("evidence", "source") => text("Where the fact comes from."),
        ("evidence", "explains") => text("Why it matters: the explain step of a paragraph."),
        ("evidence", "supports") => ids("Interpretations it strengthens."),
        ("evidence", "challenges") => {
            ids("Interpretations it weakens (never one it also supports).")
        }
        ("relation", "from") => id("The interpretation that bears on the other."),
        ("relation", "to") => id("The interpretation it bears on (not the same as from)."),
        ("relation", "kind") => {
            json!({"enum": ["supports", "challenges", "qualifies"], "description": "supports: strengthens; challenges: contradicts; qualifies: limits without denying."})
        }
        ("relation", "reason") => text("Why, in a sentence."),
        ("criterion", "name") => text("The criterion (Necessity)."),
        ("criterion", "test") => text("The question it asks of each factor."),
        ("question", "id") => id("Unique among questions: a–z, 0–9 and -."),
        ("question", "text") => text("The question as set (How far …?)."),
        ("question", "focus") => id("The interpretation the question names."),
        ("question", "judgement") => json!({"$ref": "#/definitions/judgement"}),
        ("judgement", "extent") => {
            json!({"enum": ["large", "some", "limited"], "description": "The author's verdict."})
        }
        ("judgement", "reason") => text("Why, in a sentence."),
        _ => json!({"description": "undocumented"}),
    }
}

fn object(of: &Object) -> Value {
    let mut props = Map::new();
    for key in of.keys() {
        props.insert(key.to_string(), describe(of.name, key));
    }
    let required: Vec<&str> = of
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": props,
    })
}

/// The schema as a JSON value.
pub(crate) fn schema() -> Value {
    let mut root = object(&format::MAP);
    let definitions: Map<String, Value> = format::DEFINITIONS
        .iter()
        .map(|of| (of.name.to_string(), object(of)))
        .collect();
    if let Value::Object(m) = &mut root {
        m.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        m.insert(
            "$id".into(),
            json!("https://essayplan.invalid/argument-map.schema.json"),
        );
        m.insert("title".into(), json!("essayplan argument map, format 2"));
        m.insert("definitions".into(), Value::Object(definitions));
    }
    root
}

/// The schema, pretty-printed (what `essayplan schema` prints and
/// `arguments/argument-map.schema.json` holds).
pub fn schema_json() -> String {
    serde_json::to_string_pretty(&schema()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_documented() {
        let s = schema_json();
        assert!(
            !s.contains("undocumented"),
            "a key in the raw mirror has no schema entry"
        );
        assert!(!s.contains("\"suports\"") && s.contains("\"supports\""));
    }
}
