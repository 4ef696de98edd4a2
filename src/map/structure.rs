//! A second look at a file the typed parser refused: read it as a generic,
//! located YAML tree and check every mapping's keys and every value's shape
//! against the format's schema, so that *all* unknown keys and wrong types
//! are reported at once, not only the first one serde met.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Location, nearest};

/// A YAML value with the location of every value below it.
#[derive(Debug)]
enum Node {
    Scalar(Kind),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Null,
    Bool,
    Int,
    Float,
    Text,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar(Kind::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar(Kind::Null))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar(Kind::Bool))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar(Kind::Int))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar(Kind::Int))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar(Kind::Float))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar(Kind::Text))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<Node>>()?;
                    entries.push((key, value));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

fn at<T>(s: &Spanned<T>) -> Option<Location> {
    let l = s.referenced;
    (l.line() > 0).then(|| Location {
        line: l.line() as usize,
        column: l.column().max(1) as usize,
    })
}

/// Every structural problem in `source`, or `None` when it cannot be read
/// even as a generic tree (the parser's own error then stands).
pub fn problems(source: &str) -> Option<Vec<Diagnostic>> {
    let options = serde_saphyr::options! { with_snippet: false };
    let root: Spanned<Node> = serde_saphyr::from_str_with_options(source, options).ok()?;
    let schema = crate::schema::schema();
    let mut out = Vec::new();
    check(&root, &schema, &schema, "the map", &mut out);
    Some(out)
}

/// `source` with the entries of the unknown keys among `problems` blanked
/// out (every character but line ends turned into a space, so the other
/// locations stay as they were), or `None` when any shape problem is not an
/// unknown key written first on its line (a wrong type, or a key inside a
/// `{…}` mapping) and cannot be taken out that way.
pub fn without_unknown_keys(source: &str, problems: &[Diagnostic]) -> Option<String> {
    let mut lines: Vec<String> = source.split('\n').map(str::to_string).collect();
    for p in problems {
        if p.code != "unknown-key" {
            return None;
        }
        let loc = p.location?;
        let first = loc.line.checked_sub(1)?;
        let line = lines.get(first)?;
        let key_at = line.char_indices().nth(loc.column - 1)?.0;
        // Only spaces or a list dash before the key.
        if !line[..key_at]
            .trim_start()
            .trim_start_matches('-')
            .trim()
            .is_empty()
        {
            return None;
        }
        let indent = loc.column - 1;
        let blank = |s: &str, from: usize| -> String {
            s.chars()
                .enumerate()
                .map(|(i, c)| if i < from || c == '\r' { c } else { ' ' })
                .collect()
        };
        lines[first] = blank(&lines[first], indent);
        // The value's lines below: more indented than the key (blank and
        // comment lines between them go too).
        let mut end = first + 1;
        let mut last_value = first;
        while end < lines.len() {
            let l = &lines[end];
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                end += 1;
                continue;
            }
            let depth = l.chars().take_while(|c| *c == ' ').count();
            // `key:` then its list at the key's own indentation.
            let dash_continues = depth == indent && t.starts_with('-');
            if depth > indent || dash_continues {
                last_value = end;
                end += 1;
            } else {
                break;
            }
        }
        for l in lines.iter_mut().take(last_value + 1).skip(first + 1) {
            *l = blank(l, 0);
        }
    }
    Some(lines.join("\n"))
}

fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/definitions/");
            &root["definitions"][name]
        }
        None => schema,
    }
}

fn kind_name(n: &Node) -> &'static str {
    match n {
        Node::Scalar(Kind::Null) => "nothing",
        Node::Scalar(Kind::Bool) => "true/false",
        Node::Scalar(Kind::Int) => "a number",
        Node::Scalar(Kind::Float) => "a decimal (or very large) number",
        Node::Scalar(Kind::Text) => "text",
        Node::Seq(_) => "a list",
        Node::Map(_) => "a mapping",
    }
}

fn check(
    node: &Spanned<Node>,
    schema: &Value,
    root: &Value,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let schema = resolve(schema, root);
    let found = kind_name(&node.value);
    let wrong = |expected: &str| {
        let hint = if expected.starts_with("a list") {
            "write a list as `[a, b]` or as lines starting with `- `"
        } else if expected == "a whole number" {
            "write a number without quotes, e.g. `weight: 4` or `year: 1968`"
        } else if expected == "text" || expected == "a single value" {
            "write a single value after the key, on the same line"
        } else {
            "write the keys of this item indented below it"
        };
        Diagnostic::error(
            "wrong-type",
            format!("{what} should be {expected}, not {found}"),
        )
        .at(at(node), 1)
        .hint(hint)
    };
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let Node::Map(entries) = &node.value else {
            if matches!(node.value, Node::Scalar(Kind::Null)) {
                return; // left empty: a missing-field problem for the validator
            }
            out.push(wrong("a mapping of `key: value` lines"));
            return;
        };
        let required = schema.get("required").and_then(Value::as_array);
        for key in required.into_iter().flatten().filter_map(Value::as_str) {
            if !entries.iter().any(|(k, _)| k.value == key) {
                out.push(
                    Diagnostic::error("missing-field", format!("{what} has no `{key}`"))
                        .at(at(node), 1)
                        .label(format!("`{key}` is required here")),
                );
            }
        }
        for (key, value) in entries {
            match props.get(&key.value) {
                Some(sub) => {
                    let inner = format!("`{}`", key.value);
                    check(value, sub, root, &inner, out);
                }
                None => {
                    let known: Vec<&str> = props.keys().map(String::as_str).collect();
                    let hint = match nearest(&key.value, known.iter().copied()) {
                        Some(k) => format!("did you mean `{k}`? (keys here: {})", known.join(", ")),
                        None => format!("the keys allowed here are: {}", known.join(", ")),
                    };
                    out.push(
                        Diagnostic::error("unknown-key", format!("unknown key `{}`", key.value))
                            .at(at(key), key.value.chars().count())
                            .label("not a key of the format")
                            .hint(hint),
                    );
                }
            }
        }
        return;
    }
    if matches!(node.value, Node::Scalar(Kind::Null)) {
        return;
    }
    match schema.get("type") {
        Some(Value::String(t)) if t == "object" => match &node.value {
            Node::Map(entries) => {
                let values = &schema["additionalProperties"];
                for (key, value) in entries {
                    check(value, values, root, &format!("`{}`", key.value), out);
                }
            }
            _ => out.push(wrong("a mapping of `key: value` lines")),
        },
        Some(Value::String(t)) if t == "array" => match &node.value {
            Node::Seq(items) => {
                let item_schema = &schema["items"];
                for item in items {
                    check(item, item_schema, root, &format!("an item of {what}"), out);
                }
            }
            _ => out.push(wrong("a list (`[a, b]` or lines starting with `- `)")),
        },
        Some(Value::String(t)) if t == "string" => {
            if !matches!(node.value, Node::Scalar(_)) {
                out.push(wrong("text"));
            }
        }
        Some(Value::String(t)) if t == "integer" => {
            if !matches!(node.value, Node::Scalar(Kind::Int)) {
                out.push(wrong("a whole number"));
            }
        }
        Some(Value::Array(_)) => {
            if !matches!(node.value, Node::Scalar(_)) {
                out.push(wrong("text"));
            }
        }
        _ => {
            // `const` and `enum`: scalars; the validator checks the values.
            if !matches!(node.value, Node::Scalar(_)) {
                out.push(wrong("a single value"));
            }
        }
    }
}
