//! Validate: [`RawMap`] → [`ArgumentMap`], collecting *every* problem with its
//! location rather than stopping at the first, then the spec's warnings.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Location, list_some, nearest};
use super::model::*;
use super::raw::*;

/// The outcome of validation: the map when there were no errors, and every
/// diagnostic found (errors, or warnings alone).
pub(crate) struct Validated {
    pub map: Option<ArgumentMap>,
    pub diagnostics: Vec<Diagnostic>,
}

fn at<T>(s: &Spanned<T>) -> Option<Location> {
    let l = s.referenced;
    (l.line() > 0).then(|| Location {
        line: l.line() as usize,
        column: l.column().max(1) as usize,
    })
}

fn width(s: &Spanned<String>) -> usize {
    s.value.chars().count()
}

/// Collapse runs of white space (folded YAML keeps a trailing newline).
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Problems reported per file; past this they are only counted (a file
/// with thousands of problems is the wrong file, and hints cost time).
pub(crate) const MAX_DIAGNOSTICS: usize = 200;

struct Validator {
    diagnostics: Vec<Diagnostic>,
    /// Problems found past [`MAX_DIAGNOSTICS`].
    suppressed: usize,
}

impl Validator {
    fn push(&mut self, d: Diagnostic) {
        if self.full() {
            self.suppressed += 1;
        } else {
            self.diagnostics.push(d);
        }
    }

    fn full(&self) -> bool {
        self.diagnostics.len() >= MAX_DIAGNOSTICS
    }

    /// A required text field: present and not blank.
    fn required(
        &mut self,
        field: &Text,
        key: &str,
        item: &str,
        item_at: Option<Location>,
    ) -> String {
        match field {
            Some(s) if !s.value.trim().is_empty() => clean(&s.value),
            Some(s) => {
                self.push(
                    Diagnostic::error("empty-field", format!("`{key}` of {item} is empty"))
                        .at(at(s), 1)
                        .hint(format!("write the {key} as text after `{key}:`")),
                );
                String::new()
            }
            None => {
                self.push(
                    Diagnostic::error("missing-field", format!("{item} has no `{key}`"))
                        .at(item_at, 1)
                        .label(format!("`{key}` is required here")),
                );
                String::new()
            }
        }
    }

    fn id(&mut self, field: &Text, item: &str, item_at: Option<Location>) -> String {
        let id = self.required(field, "id", item, item_at);
        if let Some(s) = field
            && !id.is_empty()
            && !is_valid_id(&s.value)
        {
            let suggestion = slug(&s.value);
            let mut d =
                Diagnostic::error("malformed-id", format!("`{}` is not a valid id", s.value))
                    .at(at(s), width(s))
                    .label("ids use a–z, 0–9 and `-`, at most 64 characters");
            if !suggestion.is_empty() {
                d = d.hint(format!("try `{suggestion}`"));
            }
            self.push(d);
        }
        id
    }
}

/// A keyword value (`kind: trigger`): parsed, or reported with the nearest
/// name.
fn keyword<T>(
    v: &mut Validator,
    field: &Spanned<String>,
    what: &str,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let text = field.value.trim();
    let parsed = parse(text);
    if parsed.is_none() {
        let hint = match nearest(text, names.iter().copied()) {
            Some(n) => format!("did you mean `{n}`? ({what}: {})", names.join(", ")),
            None => format!("{what} is one of: {}", names.join(", ")),
        };
        v.push(
            Diagnostic::error("bad-value", format!("unknown {what} `{text}`"))
                .at(at(field), width(field).max(1))
                .label(format!("not a known {what}"))
                .hint(hint),
        );
    }
    parsed
}

/// Reports a format-2 key in a format-1 map.
fn needs_format_2(v: &mut Validator, format: i64, key: &str, location: Option<Location>) {
    if format == 1 {
        v.push(
            Diagnostic::error(
                "format-2-key",
                format!("`{key}` is a format 2 key, but this map says `format: 1`"),
            )
            .at(location, key.chars().count())
            .label("needs format 2")
            .hint("write `format: 2` at the top of the map (every format 1 map is valid format 2)"),
        );
    }
}

/// Whether an evidence point reads as a sentence rather than a note: it
/// starts with a capital, a digit or a quotation mark, has at least four
/// words, ends with `.`, `!` or `?` (closing quotes and brackets allowed
/// after), and holds no bullet marks.
pub(crate) fn is_sentence(text: &str) -> bool {
    let t = text.trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    let starts = first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '"' | '\'' | '‘' | '“' | '(' | '«' | '„');
    let end = t.trim_end_matches(['"', '\'', '’', '”', ')', '»']);
    let ends = end.ends_with(['.', '!', '?', '…']);
    let words = t.split_whitespace().count() >= 4;
    let bullets =
        t.contains(" * ") || t.contains(" • ") || t.starts_with("* ") || t.starts_with("- ");
    starts && ends && words && !bullets
}

/// The id a criterion gets from its name: lower case, each run of other
/// characters than `a-z0-9` one `-`, no `-` at either end.
pub(crate) fn criterion_id(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// A required list: reported when missing or shorter than `min`; its items
/// otherwise (none when missing). `need` says what the map needs
/// ("at least 2 interpretations").
fn required_list<'r, T>(
    v: &mut Validator,
    list: &'r Option<Spanned<Vec<Spanned<T>>>>,
    key: &str,
    (min, need): (usize, &str),
    code: &'static str,
    hint: &str,
) -> &'r [Spanned<T>] {
    match list {
        None => {
            v.push(
                Diagnostic::error("missing-field", format!("the map has no `{key}`"))
                    .at(Some(Location { line: 1, column: 1 }), 1)
                    .hint(hint),
            );
            &[]
        }
        Some(items) => {
            if items.value.len() < min {
                v.push(
                    Diagnostic::error(
                        code,
                        format!("a map needs {need}; this one has {}", items.value.len()),
                    )
                    .at(at(items), 1)
                    .hint(hint),
                );
            }
            &items.value
        }
    }
}

/// An id is 1–64 characters of `a-z`, `0-9` and `-`, starting with a letter or digit.
pub(crate) fn is_valid_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

/// Ids seen so far in one namespace, for duplicates and references: the
/// one index every lookup goes through. Items are known by their position
/// in the file's list (a duplicate keeps the position of its first use).
struct IdTable {
    kind: &'static str,
    /// Id → position in the raw list, and where it was written.
    index: HashMap<String, (usize, Option<Location>)>,
    /// The distinct ids in file order, for suggestions.
    order: Vec<String>,
}

impl IdTable {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            index: HashMap::new(),
            order: Vec::new(),
        }
    }

    /// The id of the item at `position` (an index into the raw list, which
    /// `order` is not once a duplicate was skipped).
    fn name(&self, position: usize) -> &str {
        self.index
            .iter()
            .find(|(_, (p, _))| *p == position)
            .map_or("", |(id, _)| id.as_str())
    }

    /// The position of the item with id `name`.
    fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).map(|&(p, _)| p)
    }

    /// The distinct ids, in file order.
    fn known(&self) -> Vec<&str> {
        self.order.iter().map(String::as_str).collect()
    }

    fn add(&mut self, v: &mut Validator, id: &str, field: &Text, position: usize) {
        if id.is_empty() {
            return;
        }
        let here = field.as_ref().and_then(at);
        if let Some((_, first)) = self.index.get(id) {
            let mut d =
                Diagnostic::error("duplicate-id", format!("duplicate {} id `{id}`", self.kind))
                    .at(here, id.chars().count())
                    .label("used again here")
                    .hint(format!("each {} needs its own id", self.kind));
            if let Some(first) = first {
                d = d.note(*first, "first used here");
            }
            v.push(d);
        } else {
            self.index.insert(id.to_string(), (position, here));
            self.order.push(id.to_string());
        }
    }
}

/// Resolve a reference to an interpretation, or report it with a suggestion.
fn resolve(
    v: &mut Validator,
    table: &IdTable,
    value: &Spanned<String>,
    key: &str,
) -> Option<InterpretationIndex> {
    let name = value.value.trim();
    if let Some(i) = table.position(name) {
        return Some(i);
    }
    if v.full() {
        v.suppressed += 1;
        return None;
    }
    // Suggest only valid ids: an invalid one (`Beta Two`, `rival` + a
    // zero-width space) by the id its own error says to use instead.
    let fixed: Vec<String> = table
        .order
        .iter()
        .map(|id| {
            if is_valid_id(id) {
                id.clone()
            } else {
                slug(id)
            }
        })
        .collect();
    let known: Vec<&str> = fixed.iter().map(String::as_str).collect();
    let hint = match nearest(name, known.iter().copied()) {
        Some(n) => format!(
            "did you mean `{n}`? (interpretations: {})",
            list_some(&known, 6)
        ),
        None if known.is_empty() => {
            "define the interpretation under `interpretations:` first".into()
        }
        None => format!(
            "the interpretations of this map are: {}",
            list_some(&known, 8)
        ),
    };
    let hint = match super::diagnostic::explain_lookalikes(name) {
        Some(why) => format!("{hint}; `{name}` {why}"),
        None => hint,
    };
    v.push(
        Diagnostic::error(
            "unknown-interpretation",
            format!("unknown interpretation `{name}` in `{key}`"),
        )
        .at(at(value), width(value).max(1))
        .label("not an interpretation of this map")
        .hint(hint),
    );
    None
}

/// Validate a parsed map.
pub(crate) fn validate(raw: &RawMap) -> Validated {
    let mut v = Validator {
        diagnostics: Vec::new(),
        suppressed: 0,
    };
    let top = Some(Location { line: 1, column: 1 });

    match &raw.format {
        None => v.push(
            Diagnostic::error("missing-field", "the map has no `format`")
                .at(top, 1)
                .hint("add `format: 1` as the first line"),
        ),
        Some(f) if !matches!(f.value, 1 | 2) => v.push(
            Diagnostic::error(
                "unsupported-format",
                format!("unsupported format {}", f.value),
            )
            .at(at(f), f.value.to_string().len())
            .label("this version of essayplan reads formats 1 and 2")
            .hint("write `format: 2`"),
        ),
        Some(_) => {}
    }
    // A missing or unknown format is reported above; check the rest as format 2.
    let format = raw
        .format
        .as_ref()
        .map_or(2, |f| if f.value == 1 { 1 } else { 2 });
    let title = v.required(&raw.title, "title", "the map", top);
    let subject = match &raw.subject {
        None => Subject::History,
        Some(s) => {
            needs_format_2(&mut v, format, "subject", at(s));
            keyword(&mut v, s, "subject", Subject::NAMES, Subject::parse).unwrap_or_default()
        }
    };
    let outcome = raw.outcome.as_ref().and_then(|o| {
        needs_format_2(&mut v, format, "outcome", at(o));
        Some(clean(&o.value)).filter(|o| !o.is_empty())
    });
    let mut phase_ids = IdTable::new("phase");
    let phases: Vec<Phase> = raw
        .phases
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                needs_format_2(&mut v, format, "phases", at(p));
            }
            let fallback = format!("phase {}", i + 1);
            let id = v.id(&p.value.id, &fallback, at(p));
            phase_ids.add(&mut v, &id, &p.value.id, i);
            let item = if id.is_empty() {
                fallback
            } else {
                format!("phase `{id}`")
            };
            Phase {
                id,
                label: v.required(&p.value.label, "label", &item, at(p)),
                period: v.required(&p.value.period, "period", &item, at(p)),
            }
        })
        .collect();

    // Criteria: the map's own, or the defaults; ids unique.
    let mut criterion_ids = IdTable::new("criterion");
    let mut criteria: Vec<Criterion> = Vec::new();
    for (i, c) in raw.criteria.iter().flatten().enumerate() {
        let item = format!("criterion {}", i + 1);
        let name = v.required(&c.value.name, "name", &item, at(c));
        let test = v.required(&c.value.test, "test", &item, at(c));
        let id = match &c.value.id {
            Some(given) => {
                needs_format_2(&mut v, format, "id", at(given));
                v.id(&c.value.id, &item, at(c))
            }
            None => {
                let id = criterion_id(&name);
                if !name.is_empty() && (id.is_empty() || id.len() > 64) {
                    v.push(
                        Diagnostic::error(
                            "criterion-id",
                            format!("the name of {item} gives no usable id (`{id}`)"),
                        )
                        .at(c.value.name.as_ref().and_then(at).or(at(c)), 1)
                        .label("an id needs 1–64 letters, digits and `-`")
                        .hint("add `id:` to the criterion"),
                    );
                }
                id
            }
        };
        let before = v.diagnostics.len();
        criterion_ids.add(&mut v, &id, &c.value.id, i);
        if c.value.id.is_none() && v.diagnostics.len() > before {
            // The duplicate is of a default id: point at the criterion.
            if let Some(d) = v.diagnostics.last_mut() {
                *d = Diagnostic::error(
                    "duplicate-id",
                    format!("{item} gets the id `{id}` from its name, which is already taken"),
                )
                .at(c.value.name.as_ref().and_then(at).or(at(c)), 1)
                .hint("add `id:` to the criterion");
            }
        }
        criteria.push(Criterion {
            id,
            name: Some(name),
            test: Some(test),
        });
    }
    if criteria.is_empty() {
        for (i, id) in DEFAULT_CRITERIA.iter().enumerate() {
            criterion_ids.add(&mut v, id, &None, i);
            criteria.push(Criterion {
                id: (*id).to_string(),
                name: None,
                test: None,
            });
        }
    }
    let context = v.required(&raw.context, "context", "the map", top);
    let period = raw
        .period
        .as_ref()
        .map(|p| clean(&p.value))
        .filter(|p| !p.is_empty());

    let terms = raw
        .terms
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, t)| {
            let item = format!("term {}", i + 1);
            Term {
                term: v.required(&t.value.term, "term", &item, at(t)),
                meaning: v.required(&t.value.meaning, "meaning", &item, at(t)),
            }
        })
        .collect();

    // Interpretations first: everything else refers to them.
    let mut interp_ids = IdTable::new("interpretation");
    let mut interp_at: Vec<Option<Location>> = Vec::new();
    let mut interpretations = Vec::new();
    // Verdicts' evidence lists, resolved once the evidence ids are known.
    let mut pending_verdict_evidence: Vec<PendingVerdictEvidence> = Vec::new();
    let raw_interps = required_list(
        &mut v,
        &raw.interpretations,
        "interpretations",
        (2, "at least 2 interpretations"),
        "too-few-interpretations",
        "a \"how far\" essay weighs the named factor against at least one rival",
    );
    for (i, s) in raw_interps.iter().enumerate() {
        let r = &s.value;
        let fallback = format!("interpretation {}", i + 1);
        let id = v.id(&r.id, &fallback, at(s));
        let item = if id.is_empty() {
            fallback
        } else {
            format!("interpretation `{id}`")
        };
        interp_ids.add(&mut v, &id, &r.id, i);
        interp_at.push(r.id.as_ref().and_then(at).or(at(s)));
        let label = v.required(&r.label, "label", &item, at(s));
        let claim = v.required(&r.claim, "claim", &item, at(s));
        let weight = r.weight.as_ref().and_then(|w| {
            if (1..=5).contains(&w.value) {
                Some(w.value as u8)
            } else {
                v.push(
                    Diagnostic::error("weight-out-of-range", format!("weight {} is out of range", w.value))
                        .at(at(w), w.value.to_string().len())
                        .label("must be a whole number from 1 to 5")
                        .hint("1 = weak explanatory power … 5 = decisive; or leave it out to compute it from the evidence"),
                );
                None
            }
        });
        let historians = r
            .historians
            .iter()
            .flatten()
            .enumerate()
            .map(|(h, hs)| {
                let hitem = format!("historian {} of {item}", h + 1);
                let opt = |t: &Text| {
                    t.as_ref()
                        .map(|s| clean(&s.value))
                        .filter(|s| !s.is_empty())
                };
                Historian {
                    name: v.required(&hs.value.name, "name", &hitem, at(hs)),
                    work: opt(&hs.value.work),
                    year: hs.value.year.as_ref().map(|y| y.value),
                    view: opt(&hs.value.view),
                }
            })
            .collect();
        let noun = match &r.noun {
            Some(n) => {
                needs_format_2(&mut v, format, "noun", at(n));
                v.required(&r.noun, "noun", &item, at(s))
            }
            None => String::new(),
        };
        let plural = r.plural.as_ref().is_some_and(|p| {
            needs_format_2(&mut v, format, "plural", at(p));
            p.value
        });
        let kind = match &r.kind {
            None => InterpretationKind::Cause,
            Some(k) => {
                needs_format_2(&mut v, format, "kind", at(k));
                keyword(
                    &mut v,
                    k,
                    "interpretation kind",
                    InterpretationKind::NAMES,
                    InterpretationKind::parse,
                )
                .unwrap_or_default()
            }
        };
        let mut assessment: Vec<Option<Verdict>> = vec![None; criteria.len()];
        if let Some(grid) = &r.assessment {
            needs_format_2(&mut v, format, "assessment", at(grid));
            for (key, verdict) in &grid.value.0 {
                let name = key.value.trim();
                let Some(c) = criterion_ids.position(name) else {
                    let known: Vec<&str> = criteria.iter().map(|c| c.id.as_str()).collect();
                    let hint = match nearest(name, known.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`? (criteria: {})", known.join(", ")),
                        None => format!("the criteria of this map are: {}", known.join(", ")),
                    };
                    v.push(
                        Diagnostic::error(
                            "unknown-criterion",
                            format!("unknown criterion `{name}` in the assessment of {item}"),
                        )
                        .at(at(key), width(key).max(1))
                        .label("not a criterion of this map")
                        .hint(hint),
                    );
                    continue;
                };
                let vitem = format!("the verdict on `{name}` of {item}");
                let reason = v.required(&verdict.value.reason, "reason", &vitem, at(verdict));
                let rating = match &verdict.value.rating {
                    None => {
                        v.push(
                            Diagnostic::error("missing-field", format!("{vitem} has no `rating`"))
                                .at(at(verdict), 1)
                                .hint("rating is one of: strong, partial, weak"),
                        );
                        None
                    }
                    Some(r) => keyword(&mut v, r, "rating", Rating::NAMES, Rating::parse),
                };
                if let Some(rating) = rating {
                    assessment[c] = Some(Verdict {
                        rating,
                        reason,
                        evidence: Vec::new(),
                    });
                    pending_verdict_evidence.push((i, c, &verdict.value.evidence, vitem));
                }
            }
        }
        interpretations.push(Interpretation {
            id,
            noun: if noun.is_empty() { label.clone() } else { noun },
            plural,
            kind,
            assessment,
            label,
            claim,
            school: r
                .school
                .as_ref()
                .map(|s| clean(&s.value))
                .filter(|s| !s.is_empty()),
            historians,
            weight,
        });
    }

    // Evidence.
    let mut evidence_ids = IdTable::new("evidence");
    let mut evidence_at = Vec::new();
    let mut evidence = Vec::new();
    let raw_evidence = required_list(
        &mut v,
        &raw.evidence,
        "evidence",
        (1, "at least 1 evidence item"),
        "no-evidence",
        "add evidence items that support or challenge the interpretations",
    );
    for (i, s) in raw_evidence.iter().enumerate() {
        let r = &s.value;
        let fallback = format!("evidence item {}", i + 1);
        let id = v.id(&r.id, &fallback, at(s));
        let item = if id.is_empty() {
            fallback
        } else {
            format!("evidence `{id}`")
        };
        evidence_ids.add(&mut v, &id, &r.id, i);
        evidence_at.push(r.id.as_ref().and_then(at).or(at(s)));
        let point = v.required(&r.point, "point", &item, at(s));
        let mut refs = |list: &Option<Vec<Spanned<String>>>,
                        key: &str|
         -> Vec<(InterpretationIndex, Option<Location>, usize)> {
            let mut out: Vec<(InterpretationIndex, Option<Location>, usize)> = Vec::new();
            for name in list.iter().flatten() {
                if let Some(idx) = resolve(&mut v, &interp_ids, name, key) {
                    if out.iter().any(|(o, _, _)| *o == idx) {
                        v.push(
                            Diagnostic::error(
                                "repeated-reference",
                                format!("`{}` is listed twice in `{key}` of {item}", name.value),
                            )
                            .at(at(name), width(name))
                            .hint("list each interpretation once"),
                        );
                    } else {
                        out.push((idx, at(name), width(name)));
                    }
                }
            }
            out
        };
        let supports = refs(&r.supports, "supports");
        let challenges = refs(&r.challenges, "challenges");
        let qualifies = refs(&r.qualifies, "qualifies");
        if let Some(q) = r.qualifies.iter().flatten().next() {
            needs_format_2(&mut v, format, "qualifies", at(q));
        }
        let listed = r.supports.iter().flatten().count()
            + r.challenges.iter().flatten().count()
            + r.qualifies.iter().flatten().count();
        if listed == 0 {
            v.push(
                Diagnostic::error(
                    "evidence-unused",
                    format!("{item} neither supports, challenges nor qualifies any interpretation"),
                )
                .at(r.id.as_ref().and_then(at).or(at(s)), id.chars().count())
                .hint("add `supports: [id]`, `challenges: [id]` or `qualifies: [id]`"),
            );
        }
        let mut twice = |later: &[(usize, Option<Location>, usize)],
                         earlier: &[(usize, Option<Location>, usize)],
                         (a, b): (&str, &str)| {
            for (idx, loc, w) in later {
                if earlier.iter().any(|(s, _, _)| s == idx) {
                    let name = interp_ids.name(*idx);
                    v.push(
                        Diagnostic::error(
                            "supports-and-challenges",
                            format!("{item} both {a} and {b} `{name}`"),
                        )
                        .at(*loc, *w)
                        .label(format!("also listed under `{a}`"))
                        .hint("evidence that cuts both ways is two evidence items: split it, one for each side"),
                    );
                }
            }
        };
        twice(&challenges, &supports, ("supports", "challenges"));
        twice(&qualifies, &supports, ("supports", "qualifies"));
        twice(&qualifies, &challenges, ("challenges", "qualifies"));
        let key = r.key.as_ref().is_some_and(|k| {
            needs_format_2(&mut v, format, "key", at(k));
            k.value
        });
        let phase = r.phase.as_ref().and_then(|p| {
            needs_format_2(&mut v, format, "phase", at(p));
            let name = p.value.trim();
            match phase_ids.position(name) {
                Some(i) => Some(i),
                None => {
                    let known = phase_ids.known();
                    let hint = match nearest(name, known.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`? (phases: {})", known.join(", ")),
                        None if known.is_empty() => "define the phase under `phases:` first".into(),
                        None => format!("the phases of this map are: {}", known.join(", ")),
                    };
                    v.push(
                        Diagnostic::error(
                            "unknown-phase",
                            format!("unknown phase `{name}` in {item}"),
                        )
                        .at(at(p), width(p).max(1))
                        .label("not a phase of this map")
                        .hint(hint),
                    );
                    None
                }
            }
        });
        let opt = |t: &Text| {
            t.as_ref()
                .map(|s| clean(&s.value))
                .filter(|s| !s.is_empty())
        };
        evidence.push(Evidence {
            id,
            point,
            date: opt(&r.date),
            source: opt(&r.source),
            explains: opt(&r.explains),
            supports: supports.into_iter().map(|(i, _, _)| i).collect(),
            challenges: challenges.into_iter().map(|(i, _, _)| i).collect(),
            qualifies: qualifies.into_iter().map(|(i, _, _)| i).collect(),
            key,
            phase,
        });
    }

    // Verdicts' evidence.
    for (i, c, list, vitem) in pending_verdict_evidence {
        let mut ids = Vec::new();
        for name in list.iter().flatten() {
            let id = name.value.trim();
            match evidence_ids.position(id) {
                Some(e) if !ids.contains(&e) => ids.push(e),
                Some(_) => {}
                None => {
                    let known = evidence_ids.known();
                    let hint = match nearest(id, known.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "name an evidence item of this map".into(),
                    };
                    v.push(
                        Diagnostic::error(
                            "unknown-evidence",
                            format!("unknown evidence `{id}` in {vitem}"),
                        )
                        .at(at(name), width(name).max(1))
                        .label("not an evidence item of this map")
                        .hint(hint),
                    );
                }
            }
        }
        if let Some(Some(verdict)) = interpretations
            .get_mut(i)
            .map(|x: &mut Interpretation| &mut x.assessment[c])
        {
            verdict.evidence = ids;
        }
    }

    // Relations.
    let mut relations = Vec::new();
    for (i, s) in raw.relations.iter().flatten().enumerate() {
        let r = &s.value;
        let item = format!("relation {}", i + 1);
        let reason = v.required(&r.reason, "reason", &item, at(s));
        let mut end = |field: &Text, key: &str| -> Option<InterpretationIndex> {
            match field {
                Some(name) => resolve(&mut v, &interp_ids, name, key),
                None => {
                    v.push(
                        Diagnostic::error("missing-field", format!("{item} has no `{key}`"))
                            .at(at(s), 1)
                            .label(format!("`{key}` is required here")),
                    );
                    None
                }
            }
        };
        let from = end(&r.from, "from");
        let to = end(&r.to, "to");
        let kind = match &r.kind {
            None => {
                v.push(
                    Diagnostic::error("missing-field", format!("{item} has no `kind`"))
                        .at(at(s), 1)
                        .hint(format!(
                            "kind is one of: {}",
                            RelationKind::NAMES.join(", ")
                        )),
                );
                None
            }
            Some(k) => {
                let kind = RelationKind::parse(k.value.trim());
                if kind.is_none() {
                    let hint = match nearest(&k.value, RelationKind::NAMES.iter().copied()) {
                        Some(n) => format!(
                            "did you mean `{n}`? (kinds: {})",
                            RelationKind::NAMES.join(", ")
                        ),
                        None => format!("kind is one of: {}", RelationKind::NAMES.join(", ")),
                    };
                    v.push(
                        Diagnostic::error(
                            "bad-relation-kind",
                            format!("unknown relation kind `{}`", k.value),
                        )
                        .at(at(k), width(k))
                        .label("not a relation kind")
                        .hint(hint),
                    );
                }
                kind
            }
        };
        if let (Some(f), Some(t)) = (from, to)
            && f == t
        {
            v.push(
                Diagnostic::error(
                    "self-relation",
                    format!("{item} relates `{}` to itself", interp_ids.name(f)),
                )
                .at(r.to.as_ref().and_then(at), r.to.as_ref().map_or(1, width))
                .label("`to` must differ from `from`")
                .hint("a relation sets one interpretation against another"),
            );
            continue;
        }
        if let (Some(from), Some(to), Some(kind)) = (from, to, kind) {
            relations.push(Relation {
                from,
                to,
                kind,
                reason,
            });
        }
    }

    // Questions.
    let mut question_ids = IdTable::new("question");
    let mut pending_questions: Vec<PendingQuestion> = Vec::new();
    let mut focus_at = Vec::new();
    let raw_questions = required_list(
        &mut v,
        &raw.questions,
        "questions",
        (1, "at least 1 question"),
        "no-questions",
        "add a question, e.g. `- {id: main, text: \"How far …?\", focus: <interpretation id>}`",
    );
    for (i, s) in raw_questions.iter().enumerate() {
        let r = &s.value;
        let fallback = format!("question {}", i + 1);
        let id = v.id(&r.id, &fallback, at(s));
        let item = if id.is_empty() {
            fallback
        } else {
            format!("question `{id}`")
        };
        question_ids.add(&mut v, &id, &r.id, i);
        let text = v.required(&r.text, "text", &item, at(s));
        let focus = match &r.focus {
            Some(f) => resolve(&mut v, &interp_ids, f, "focus"),
            None => {
                v.push(
                    Diagnostic::error("missing-field", format!("{item} has no `focus`"))
                        .at(at(s), 1)
                        .label("`focus` is required here")
                        .hint("name the interpretation the question asks about"),
                );
                None
            }
        };
        focus_at.push(r.focus.as_ref().map(|f| (at(f), width(f))));
        let judgement = r.judgement.as_ref().and_then(|j| {
            let jitem = format!("the judgement of {item}");
            let reason = v.required(&j.value.reason, "reason", &jitem, at(j));
            let extent = match &j.value.extent {
                None => {
                    v.push(
                        Diagnostic::error("missing-field", format!("{jitem} has no `extent`"))
                            .at(at(j), 1)
                            .hint(format!("extent is one of: {}", Extent::NAMES.join(", "))),
                    );
                    None
                }
                Some(e) => {
                    let extent = Extent::parse(e.value.trim());
                    if extent.is_none() {
                        let hint = match nearest(&e.value, Extent::NAMES.iter().copied()) {
                            Some(n) => format!(
                                "did you mean `{n}`? (extents: {})",
                                Extent::NAMES.join(", ")
                            ),
                            None => format!("extent is one of: {}", Extent::NAMES.join(", ")),
                        };
                        v.push(
                            Diagnostic::error(
                                "bad-extent",
                                format!("unknown extent `{}`", e.value),
                            )
                            .at(at(e), width(e))
                            .label("not an extent")
                            .hint(hint),
                        );
                    }
                    extent
                }
            };
            extent.map(|extent| Judgement { extent, reason })
        });
        let kind_given = r.kind.as_ref().and_then(|k| {
            needs_format_2(&mut v, format, "kind", at(k));
            keyword(
                &mut v,
                k,
                "question kind",
                QuestionKind::NAMES,
                QuestionKind::parse,
            )
        });
        let against = r.against.as_ref().and_then(|a| {
            needs_format_2(&mut v, format, "against", at(a));
            let idx = resolve(&mut v, &interp_ids, a, "against")?;
            if Some(idx) == focus {
                v.push(
                    Diagnostic::error(
                        "against-is-focus",
                        format!("`against` of {item} is its focus"),
                    )
                    .at(at(a), width(a))
                    .hint("`against` names the other side of \"X rather than Y\": the Y"),
                );
                return None;
            }
            Some((idx, at(a), width(a)))
        });
        let rivals = r.rivals.as_ref().map(|list| {
            needs_format_2(&mut v, format, "rivals", at(list));
            if list.value.is_empty() {
                v.push(
                    Diagnostic::error("empty-rivals", format!("`rivals` of {item} is empty"))
                        .at(at(list), 1)
                        .hint("name one or more interpretations, or leave `rivals` out"),
                );
            }
            let mut out: Vec<usize> = Vec::new();
            for name in &list.value {
                let Some(idx) = resolve(&mut v, &interp_ids, name, "rivals") else {
                    continue;
                };
                if Some(idx) == focus {
                    v.push(
                        Diagnostic::error(
                            "rival-is-focus",
                            format!("`rivals` of {item} names its focus"),
                        )
                        .at(at(name), width(name))
                        .hint("the rivals are the interpretations weighed against the focus"),
                    );
                } else if out.contains(&idx) {
                    v.push(
                        Diagnostic::error(
                            "repeated-reference",
                            format!("`{}` is listed twice in `rivals` of {item}", name.value),
                        )
                        .at(at(name), width(name))
                        .hint("list each interpretation once"),
                    );
                } else {
                    out.push(idx);
                }
            }
            (out, at(list))
        });
        let period = r.period.as_ref().and_then(|p| {
            needs_format_2(&mut v, format, "period", at(p));
            Some(clean(&p.value)).filter(|p| !p.is_empty())
        });
        let q_outcome = r.outcome.as_ref().and_then(|o| {
            needs_format_2(&mut v, format, "outcome", at(o));
            Some(clean(&o.value)).filter(|o| !o.is_empty())
        });
        if let Some(focus) = focus {
            pending_questions.push(PendingQuestion {
                question: Question {
                    kind: kind_given.unwrap_or_else(|| read_kind(&text, against.is_some())),
                    kind_given: kind_given.is_some(),
                    id,
                    text,
                    focus,
                    against: against.map(|a| a.0),
                    rivals: rivals.as_ref().map(|r| r.0.clone()),
                    period,
                    outcome: q_outcome,
                    judgement,
                },
                item,
                at: at(s),
                against_at: against.map(|a| (a.1, a.2)),
                rivals_at: rivals.and_then(|r| r.1),
            });
        }
    }

    let mut questions = Vec::new();
    for p in pending_questions {
        let q = &p.question;
        let is_reading = |i: usize| {
            interpretations
                .get(i)
                .is_some_and(|x: &Interpretation| x.kind == InterpretationKind::Reading)
        };
        if let (Some(a), Some((loc, w))) = (q.against, p.against_at) {
            if is_reading(a) {
                v.push(
                    Diagnostic::error(
                        "against-is-reading",
                        format!("`against` of {} names a reading", p.item),
                    )
                    .at(loc, w)
                    .label("a historian's overall reading is not a factor to weigh")
                    .hint(
                        "name a cause, trigger or mechanism, or change the interpretation's `kind`",
                    ),
                );
            }
            if let Some(r) = &q.rivals
                && !r.contains(&a)
            {
                v.push(
                    Diagnostic::error(
                        "against-not-in-rivals",
                        format!("`rivals` of {} leaves out its `against`", p.item),
                    )
                    .at(p.rivals_at, 1)
                    .hint(format!(
                        "add `{}` to `rivals`",
                        interpretations
                            .get(a)
                            .map_or("", |x: &Interpretation| x.id.as_str())
                    )),
                );
            }
        }
        let has_rival = match &q.rivals {
            Some(r) => !r.is_empty(),
            None => (0..interpretations.len()).any(|i| i != q.focus && !is_reading(i)),
        };
        if !has_rival && q.rivals.as_ref().is_none_or(|r| !r.is_empty()) {
            v.push(
                Diagnostic::error("no-rival", format!("{} has no rival to weigh", p.item))
                    .at(p.at, 1)
                    .hint("give `rivals`, or add an interpretation that is not a `reading`"),
            );
        }
        questions.push(p.question);
    }

    if v.suppressed > 0 {
        let n = v.suppressed;
        v.diagnostics.push(
            Diagnostic::error(
                super::diagnostic::TOO_MANY,
                format!(
                    "{n} more problem{} not shown",
                    if n == 1 { "" } else { "s" }
                ),
            )
            .hint("fix the problems above and check again"),
        );
    }
    if v.diagnostics
        .iter()
        .any(|d| d.severity == super::diagnostic::Severity::Error)
    {
        return Validated {
            map: None,
            diagnostics: v.diagnostics,
        };
    }

    let map = ArgumentMap {
        format: format as u8,
        title,
        subject,
        outcome,
        period,
        context,
        terms,
        phases,
        interpretations,
        evidence,
        relations,
        criteria,
        questions,
    };
    warnings(&map, &mut v, &interp_at, &evidence_at, &focus_at);
    Validated {
        map: Some(map),
        diagnostics: v.diagnostics,
    }
}

/// The spec's warnings: a valid map that will make a weak plan.
fn warnings(
    map: &ArgumentMap,
    v: &mut Validator,
    interp_at: &[Option<Location>],
    evidence_at: &[Option<Location>],
    focus_at: &[Option<(Option<Location>, usize)>],
) {
    if map.format == 2 {
        format_2_warnings(map, v, interp_at, focus_at);
    }
    for (i, interp) in map.interpretations.iter().enumerate() {
        if !map.evidence.iter().any(|e| e.supports.contains(&i)) {
            v.push(
                Diagnostic::warning(
                    "unsupported-interpretation",
                    format!("no evidence supports interpretation `{}`", interp.id),
                )
                .at(interp_at[i], interp.id.chars().count())
                .label("nothing in `evidence` lists this under `supports`")
                .hint("add evidence for it, or the plan's section on it will be one-sided"),
            );
        }
        if !map.relations.iter().any(|r| r.from == i || r.to == i) {
            v.push(
                Diagnostic::warning("unrelated-interpretation", format!("interpretation `{}` appears in no relation", interp.id))
                    .at(interp_at[i], interp.id.chars().count())
                    .hint("add a relation saying how it supports, challenges or qualifies another interpretation"),
            );
        }
    }
    for (q, question) in map.questions.iter().enumerate() {
        if !map.evidence.iter().any(|e| {
            e.challenges.contains(&question.focus) || e.qualifies.contains(&question.focus)
        }) {
            let (loc, w) = focus_at.get(q).copied().flatten().unwrap_or((None, 1));
            v.push(
                Diagnostic::warning(
                    "unchallenged-focus",
                    format!(
                        "no evidence challenges or qualifies `{}`, the focus of question `{}`",
                        map.interpretations[question.focus].id, question.id
                    ),
                )
                .at(loc, w)
                .label("a one-sided essay")
                .hint("add evidence under `challenges` or `qualifies` so the essay can weigh the factor"),
            );
        }
    }
    for (e, item) in map.evidence.iter().enumerate() {
        if !is_sentence(&item.point) {
            v.push(
                Diagnostic::warning(
                    "point-not-a-sentence",
                    format!("the `point` of evidence `{}` is not a sentence", item.id),
                )
                .at(evidence_at[e], item.id.chars().count())
                .label("a note or fragment")
                .hint("write the point as a full sentence, starting with a capital and ending with a full stop: plans and model answers quote it as written"),
            );
        }
        if item.date.is_none() {
            v.push(
                Diagnostic::warning(
                    "undated-evidence",
                    format!("evidence `{}` has no `date`", item.id),
                )
                .at(evidence_at[e], item.id.chars().count())
                .hint("precise, dated evidence is what examiners reward: add `date:`"),
            );
        }
    }
}

/// A verdict's evidence list (interpretation, criterion, the ids, how to
/// name the verdict), resolved once every evidence id is known.
type PendingVerdictEvidence<'r> = (usize, usize, &'r Option<Vec<Spanned<String>>>, String);

/// A question checked on its own, waiting for the checks that need every
/// interpretation's kind.
struct PendingQuestion {
    question: Question,
    item: String,
    at: Option<Location>,
    against_at: Option<(Option<Location>, usize)>,
    rivals_at: Option<Location>,
}

/// Fold curly quotes to straight ones and lower-case, for reading a kind.
fn folded(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '‛' => '\'',
            '“' | '”' | '„' | '‟' | '«' | '»' => '"',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Whether `phrase` occurs in `text` on whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A question's kind read from its text (spec, "Questions"): the first
/// rule that matches wins.
pub(crate) fn read_kind(text: &str, has_against: bool) -> QuestionKind {
    let t = folded(text);
    let opens_quoted = t.trim_start().starts_with(['"', '\'']);
    if opens_quoted
        && (has_phrase(&t, "do you agree") || has_phrase(&t, "assess the validity of this view"))
    {
        return QuestionKind::Quotation;
    }
    if has_phrase(&t, "rather than") && has_against {
        return QuestionKind::Versus;
    }
    let key_noun = ["reason", "cause", "factor"]
        .iter()
        .any(|n| has_phrase(&t, &format!("the key {n}")));
    if has_phrase(&t, "the main reason")
        || has_phrase(&t, "the main cause")
        || has_phrase(&t, "the most important")
        || key_noun
    {
        return QuestionKind::MainReason;
    }
    QuestionKind::Factor
}

/// The warnings of format 2: a judgement that falls back to counting, an
/// authored judgement two steps from the grid, verdicts whose evidence
/// contradicts their rating, "rather than" without `against`, no `outcome`.
fn format_2_warnings(
    map: &ArgumentMap,
    v: &mut Validator,
    interp_at: &[Option<Location>],
    focus_at: &[Option<(Option<Location>, usize)>],
) {
    let top = Some(Location { line: 1, column: 1 });
    if map.outcome.is_none() {
        v.push(
            Diagnostic::warning("no-outcome", "the map has no `outcome`")
                .at(top, 1)
                .hint("add `outcome:` with the noun phrase the factors explain (\"the Great Purges\"); plans otherwise say \"events\""),
        );
    }
    for (q, question) in map.questions.iter().enumerate() {
        let (loc, w) = focus_at.get(q).copied().flatten().unwrap_or((None, 1));
        let judged = crate::plan::judge::judge(map, question);
        if question.judgement.is_none() && judged.rule == crate::plan::Rule::Evidence {
            let missing: Vec<String> = std::iter::once(question.focus)
                .chain(map.rivals_of(question))
                .flat_map(|i| {
                    map.criteria
                        .iter()
                        .enumerate()
                        .filter(move |(c, _)| map.interpretations[i].assessment[*c].is_none())
                        .map(move |(_, crit)| {
                            format!("{} on {}", map.interpretations[i].id, crit.id)
                        })
                })
                .collect();
            let shown: Vec<&str> = missing.iter().map(String::as_str).collect();
            v.push(
                Diagnostic::warning(
                    "judgement-by-counting",
                    format!("question `{}` is judged by counting evidence", question.id),
                )
                .at(loc, w)
                .label("no authored judgement and an incomplete grid")
                .hint(format!(
                    "add the missing verdicts ({}), or a `judgement:`; counts are capped at 5, so rich maps tie",
                    list_some(&shown, 6)
                )),
            );
        }
        if let Some(j) = &question.judgement
            && judged.rule == crate::plan::Rule::Grid
            && crate::plan::judge::steps_apart(j.extent, judged.computed) == 2
        {
            v.push(
                Diagnostic::warning(
                    "judgement-against-grid",
                    format!(
                        "question `{}` is judged `{}` but the map's own grid gives `{}`",
                        question.id,
                        Extent::NAMES[j.extent as usize],
                        Extent::NAMES[judged.computed as usize]
                    ),
                )
                .at(loc, w)
                .label("two steps from the grid")
                .hint("check the verdicts, or say in the judgement's reason why you overrule them"),
            );
        }
        let folded = folded(&question.text);
        if has_phrase(&folded, "rather than") && question.against.is_none() {
            v.push(
                Diagnostic::warning(
                    "rather-than-without-against",
                    format!(
                        "question `{}` says \"rather than\" but has no `against`",
                        question.id
                    ),
                )
                .at(loc, w)
                .hint(format!(
                    "write `against:` to weigh {} rather than the other factor the question names",
                    map.interpretations[question.focus].id
                )),
            );
        }
    }
    for (i, interp) in map.interpretations.iter().enumerate() {
        for (c, verdict) in interp.assessment.iter().enumerate() {
            let Some(verdict) = verdict else { continue };
            for &e in &verdict.evidence {
                let item = &map.evidence[e];
                let clash = match verdict.rating {
                    Rating::Strong => item.challenges.contains(&i).then_some("challenges"),
                    Rating::Weak => item.supports.contains(&i).then_some("supports"),
                    Rating::Partial => None,
                };
                if let Some(how) = clash {
                    v.push(
                        Diagnostic::warning(
                            "verdict-evidence-clash",
                            format!(
                                "the `{}` verdict of `{}` on `{}` rests on `{}`, which {how} it",
                                Rating::NAMES[2 - verdict.rating as usize],
                                interp.id,
                                map.criteria[c].id,
                                item.id
                            ),
                        )
                        .at(interp_at[i], interp.id.chars().count())
                        .hint("cite evidence that bears the verdict out, or change the rating"),
                    );
                }
            }
        }
    }
}
