//! Shape: the located tree checked against the format's table
//! ([`super::format`]) — every mapping's keys, every value's kind — so that
//! *all* unknown keys and wrong types are reported at once, located.

use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, nearest};
use super::format::{MAP, Object, Shape};
use super::load::{Node, Scalar, at};

/// Every shape problem of a file's tree: the file itself not a mapping,
/// unknown keys, values of the wrong kind, and (only when there are such
/// problems, for the report to be whole) required keys left out.
pub(crate) fn problems(root: &Spanned<Node>) -> Vec<Diagnostic> {
    if let Some(d) = not_a_mapping(root) {
        return vec![d];
    }
    let mut out = Vec::new();
    object(root, &MAP, "the map", &mut out);
    // Keys left out alone are the validator's to report, with the rest.
    if out.iter().all(|d| d.code == "missing-field") {
        out.clear();
    }
    out
}

/// The whole file as a list or a single value.
fn not_a_mapping(root: &Spanned<Node>) -> Option<Diagnostic> {
    let found = match &root.value {
        Node::Map(_) => return None,
        Node::Seq(_) => "list",
        Node::Scalar(_) => "single value",
    };
    Some(
        Diagnostic::error(
            "not-a-mapping",
            format!("the file must be a mapping of keys (format, title, …), not a {found}"),
        )
        .at(at(root), 1)
        .hint("start from the skeleton that `essayplan new` prints"),
    )
}

fn kind_name(n: &Node) -> &'static str {
    match n {
        Node::Scalar(Scalar::Null) => "nothing",
        Node::Scalar(Scalar::Bool(_)) => "true/false",
        Node::Scalar(Scalar::Int(_)) => "a number",
        Node::Scalar(Scalar::Float) => "a decimal (or very large) number",
        Node::Scalar(Scalar::Text(_)) => "text",
        Node::Seq(_) => "a list",
        Node::Map(_) => "a mapping",
    }
}

/// `what` should be `expected`, with the hint for that kind of value.
fn wrong(node: &Spanned<Node>, what: &str, expected: &str) -> Diagnostic {
    let hint = if expected.starts_with("a list") {
        "write a list as `[a, b]` or as lines starting with `- `"
    } else if expected == "a whole number" {
        "write a number without quotes, e.g. `weight: 4` or `year: 1968`"
    } else if expected == "text" || expected == "a single value" || expected == "true or false" {
        "write a single value after the key, on the same line"
    } else {
        "write the keys of this item indented below it"
    };
    Diagnostic::error(
        "wrong-type",
        format!(
            "{what} should be {expected}, not {}",
            kind_name(&node.value)
        ),
    )
    .at(at(node), 1)
    .hint(hint)
}

const MAPPING: &str = "a mapping of `key: value` lines";
const LIST: &str = "a list (`[a, b]` or lines starting with `- `)";

/// An object's keys: unknown ones, required ones left out, and each
/// value's shape.
fn object(node: &Spanned<Node>, of: &Object, what: &str, out: &mut Vec<Diagnostic>) {
    let entries = match &node.value {
        Node::Map(entries) => entries,
        // Left empty: a missing-field problem for the validator.
        Node::Scalar(Scalar::Null) => return,
        _ => return out.push(wrong(node, what, MAPPING)),
    };
    for field in of.fields.iter().filter(|f| f.required) {
        if !entries.iter().any(|(k, _)| k.value == field.key) {
            out.push(
                Diagnostic::error("missing-field", format!("{what} has no `{}`", field.key))
                    .at(at(node), 1)
                    .label(format!("`{}` is required here", field.key)),
            );
        }
    }
    for (key, value) in entries {
        match of.field(&key.value) {
            Some(field) => value_of(value, field.shape, &format!("`{}`", key.value), out),
            None => out.push(unknown_key(key, of)),
        }
    }
}

/// A key the object does not have, with the nearest it does.
pub(crate) fn unknown_key(key: &Spanned<String>, of: &Object) -> Diagnostic {
    let known: Vec<&str> = of.keys().collect();
    let hint = match nearest(&key.value, known.iter().copied()) {
        Some(k) => format!("did you mean `{k}`? (keys here: {})", known.join(", ")),
        None => format!("the keys allowed here are: {}", known.join(", ")),
    };
    Diagnostic::error("unknown-key", format!("unknown key `{}`", key.value))
        .at(at(key), key.value.chars().count())
        .label("not a key of the format")
        .hint(hint)
}

/// A whole number as YAML types it, or as quoted text.
pub(crate) fn whole_number(s: &Scalar) -> Option<i64> {
    match s {
        Scalar::Int(n) => Some(*n),
        Scalar::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// `true` or `false` as YAML types it (`yes`, `on`, … too), or as quoted
/// text.
pub(crate) fn true_or_false(s: &Scalar) -> Option<bool> {
    match s {
        Scalar::Bool(b) => Some(*b),
        Scalar::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" => Some(true),
            "false" | "no" | "n" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn value_of(node: &Spanned<Node>, shape: Shape, what: &str, out: &mut Vec<Diagnostic>) {
    let scalar = match &node.value {
        // Left empty: the validator reports it when it is required.
        Node::Scalar(Scalar::Null) => return,
        Node::Scalar(s) => Some(s),
        _ => None,
    };
    match shape {
        Shape::One(of) => object(node, of, what, out),
        Shape::Entries(of) => match &node.value {
            Node::Map(entries) => {
                for (key, value) in entries {
                    let what = format!("`{}`", key.value);
                    if matches!(value.value, Node::Scalar(Scalar::Null)) {
                        out.push(wrong(value, &what, MAPPING));
                    } else {
                        object(value, of, &what, out);
                    }
                }
            }
            _ => out.push(wrong(node, what, MAPPING)),
        },
        Shape::List(of) => match &node.value {
            Node::Seq(items) => {
                let item = format!("an item of {what}");
                for i in items {
                    if matches!(i.value, Node::Scalar(Scalar::Null)) {
                        out.push(wrong(i, &item, MAPPING));
                    } else {
                        object(i, of, &item, out);
                    }
                }
            }
            _ => out.push(wrong(node, what, LIST)),
        },
        Shape::Texts => match &node.value {
            Node::Seq(items) => {
                let item = format!("an item of {what}");
                for i in items {
                    if !matches!(&i.value, Node::Scalar(s) if *s != Scalar::Null) {
                        out.push(wrong(i, &item, "text"));
                    }
                }
            }
            _ => out.push(wrong(node, what, LIST)),
        },
        Shape::Text if scalar.is_none() => out.push(wrong(node, what, "text")),
        Shape::Int if scalar.and_then(whole_number).is_none() => {
            out.push(wrong(node, what, "a whole number"))
        }
        Shape::Keyword if scalar.is_none() => out.push(wrong(node, what, "a single value")),
        Shape::Number | Shape::Bool if scalar.is_none() => {
            out.push(wrong(node, what, "a single value"))
        }
        Shape::Number if scalar.and_then(whole_number).is_none() => {
            out.push(wrong(node, what, "a whole number"))
        }
        Shape::Bool if scalar.and_then(true_or_false).is_none() => {
            out.push(wrong(node, what, "true or false"))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(yaml: &str) -> Vec<(&'static str, String)> {
        let (_, root) = super::super::load::parse(yaml.as_bytes()).expect("parses");
        problems(&root)
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect()
    }

    #[test]
    fn every_shape_problem_is_reported_with_the_keys_left_out() {
        let found = codes(
            "format: 2\ntitel: T\ncontext: C\ninterpretations:\n  - id: a\n    weight: high\n  -\nevidence: []\nquestions: []\n",
        );
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert!(messages.contains(&"unknown key `titel`"), "{messages:?}");
        assert!(messages.contains(&"the map has no `title`"), "{messages:?}");
        assert!(
            messages.contains(&"`weight` should be a whole number, not text"),
            "{messages:?}"
        );
        assert!(
            messages.contains(
                &"an item of `interpretations` should be a mapping of `key: value` lines, not nothing"
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn keys_left_out_alone_are_the_validators() {
        assert!(codes("format: 2\ncontext: C\n").is_empty());
    }

    #[test]
    fn quoted_numbers_and_yaml_booleans_are_accepted() {
        let found =
            codes("format: \"2\"\ninterpretations:\n  - id: a\n    plural: yes\n    weight: '3'\n");
        assert!(found.is_empty(), "{found:?}");
        let found = codes("format: 2\ninterpretations:\n  - id: a\n    plural: maybe\n");
        assert!(
            found.contains(&(
                "wrong-type",
                "`plural` should be true or false, not text".to_string()
            )),
            "{found:?}"
        );
    }

    #[test]
    fn a_list_or_a_value_is_not_a_map() {
        let found = codes("- format: 1\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "not-a-mapping");
        assert!(found[0].1.ends_with("not a list"));
    }
}
