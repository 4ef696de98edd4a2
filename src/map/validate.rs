//! Validate: [`RawMap`] → [`ArgumentMap`], collecting *every* problem with its
//! location rather than stopping at the first, then the spec's warnings.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Location, list_some, nearest};
use super::model::*;
use super::raw::*;

/// The outcome of validation: the map when there were no errors, and every
/// diagnostic found (errors, or warnings alone).
pub struct Validated {
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
pub const MAX_DIAGNOSTICS: usize = 200;

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
pub fn is_valid_id(s: &str) -> bool {
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

/// Ids seen so far in one namespace, for duplicates and references.
struct IdTable {
    kind: &'static str,
    index: HashMap<String, (usize, Option<Location>)>,
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
    if let Some((i, _)) = table.index.get(name) {
        return Some(*i);
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
pub fn validate(raw: &RawMap) -> Validated {
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
        Some(f) if f.value != 1 => v.push(
            Diagnostic::error(
                "unsupported-format",
                format!("unsupported format {}", f.value),
            )
            .at(at(f), f.value.to_string().len())
            .label("this version of essayplan reads format 1")
            .hint("write `format: 1`"),
        ),
        Some(_) => {}
    }
    let title = v.required(&raw.title, "title", "the map", top);
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
        interpretations.push(Interpretation {
            id,
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
        let listed = r.supports.iter().flatten().count() + r.challenges.iter().flatten().count();
        if listed == 0 {
            v.push(
                Diagnostic::error(
                    "evidence-unused",
                    format!("{item} neither supports nor challenges any interpretation"),
                )
                .at(r.id.as_ref().and_then(at).or(at(s)), id.chars().count())
                .hint("add `supports: [id]` or `challenges: [id]`"),
            );
        }
        for (idx, loc, w) in &challenges {
            if supports.iter().any(|(s, _, _)| s == idx) {
                let name = interp_ids.name(*idx);
                v.push(
                    Diagnostic::error(
                        "supports-and-challenges",
                        format!("{item} both supports and challenges `{name}`"),
                    )
                    .at(*loc, *w)
                    .label("also listed under `supports`")
                    .hint("evidence that cuts both ways is two evidence items: split it, one for each side"),
                );
            }
        }
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
        });
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

    let criteria = raw
        .criteria
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| {
            let item = format!("criterion {}", i + 1);
            Criterion {
                name: v.required(&c.value.name, "name", &item, at(c)),
                test: v.required(&c.value.test, "test", &item, at(c)),
            }
        })
        .collect();

    // Questions.
    let mut question_ids = IdTable::new("question");
    let mut questions = Vec::new();
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
        if let Some(focus) = focus {
            questions.push(Question {
                id,
                text,
                focus,
                judgement,
            });
        }
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
        title,
        period,
        context,
        terms,
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
        if !map
            .evidence
            .iter()
            .any(|e| e.challenges.contains(&question.focus))
        {
            let (loc, w) = focus_at.get(q).copied().flatten().unwrap_or((None, 1));
            v.push(
                Diagnostic::warning(
                    "unchallenged-focus",
                    format!(
                        "no evidence challenges `{}`, the focus of question `{}`",
                        map.interpretations[question.focus].id, question.id
                    ),
                )
                .at(loc, w)
                .label("a one-sided essay")
                .hint("add evidence under `challenges` so the essay can weigh the factor"),
            );
        }
    }
    for (e, item) in map.evidence.iter().enumerate() {
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
