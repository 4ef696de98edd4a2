//! Markdown through minijinja templates. The built-in templates live in
//! `templates/` and are embedded in the binary; a teacher's folder overrides
//! them file by file. Every value a template prints is escaped for Markdown
//! (map text is plain text), unless marked `|safe`.

use std::path::Path;

use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, context};

use crate::map::{Diagnostic, Location, Report};
use crate::plan::{EssayPlan, Mode};

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("plan.md", include_str!("../../templates/plan.md")),
    ("model.md", include_str!("../../templates/model.md")),
    ("bank.md", include_str!("../../templates/bank.md")),
    ("words.md", include_str!("../../templates/words.md")),
    ("essay.md", include_str!("../../templates/essay.md")),
    ("question.md", include_str!("../../templates/question.md")),
    ("section.md", include_str!("../../templates/section.md")),
    ("starters.md", include_str!("../../templates/starters.md")),
    (
        "conclusion.md",
        include_str!("../../templates/conclusion.md"),
    ),
    ("stretch.md", include_str!("../../templates/stretch.md")),
    ("checklist.md", include_str!("../../templates/checklist.md")),
];

/// Steps a template may take per render before it is stopped as runaway.
pub(crate) const FUEL: u64 = 2_000_000;

/// Template files larger than this are refused (the built-ins are a few KB).
pub(crate) const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// A template that failed to load or render.
#[derive(Debug, thiserror::Error)]
#[error("{}", describe(.template, .line, .message))]
pub struct TemplateError {
    pub template: String,
    pub line: Option<usize>,
    pub message: String,
    pub hint: &'static str,
    /// The template's source and where in it the error is, when minijinja
    /// knows: printed as an excerpt with the expression underlined.
    pub excerpt: Option<Box<TemplateExcerpt>>,
}

/// Where in a template an error is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateExcerpt {
    /// The whole template source.
    pub source: String,
    pub location: Location,
    /// Characters underlined from `location`.
    pub width: usize,
}

impl TemplateExcerpt {
    /// The excerpt minijinja's debug information gives (the template's
    /// source and the byte range of the failing expression), if any.
    fn of(e: &Error) -> Option<Box<Self>> {
        let source = e.template_source()?;
        let range = e.range()?;
        let start = range.start.min(source.len());
        let end = range.end.clamp(start, source.len());
        if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            return None;
        }
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        Some(Box::new(Self {
            source: source.to_string(),
            location: Location {
                line: source[..start].matches('\n').count() + 1,
                column: source[line_start..start].chars().count() + 1,
            },
            width: source[start..end.min(line_end)].chars().count(),
        }))
    }
}

fn describe(template: &str, line: &Option<usize>, message: &str) -> String {
    match line {
        Some(l) => format!("template {template}:{l}: {message}"),
        None => format!("template {template}: {message}"),
    }
}

impl crate::error::Diagnose for TemplateError {
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        crate::error::some(self.hint)
    }

    /// The error over its template line, when minijinja located it.
    fn report(&self) -> Option<std::borrow::Cow<'_, Report>> {
        let excerpt = self.excerpt.as_deref()?;
        let mut report = Report::new(self.template.clone(), excerpt.source.clone());
        report.diagnostics.push(
            Diagnostic::error("template", self.to_string())
                .at(Some(excerpt.location), excerpt.width)
                .maybe_hint(crate::error::some(self.hint).map(String::from)),
        );
        Some(std::borrow::Cow::Owned(report))
    }
}

impl TemplateError {
    fn from_minijinja(e: &Error, fallback: &str) -> Self {
        let hint_for = |kind: ErrorKind| match kind {
            ErrorKind::UndefinedError => {
                "the name is not part of the plan model; see docs/plan-model.md for what templates can use"
            }
            ErrorKind::OutOfFuel => "the template ran too long; look for a loop that never ends",
            ErrorKind::SyntaxError => {
                "check that every {% if %}/{% for %} has its {% endif %}/{% endfor %}"
            }
            ErrorKind::TemplateNotFound => "the template includes a file that does not exist",
            _ => "compare it with the built-in template (`essayplan templates export DIR`)",
        };
        let mut hint = hint_for(e.kind());
        let mut message = e
            .detail()
            .map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind()));
        // Name the innermost cause (e.g. an undefined name inside an include).
        // Where the innermost error that names a template happened.
        let mut located = (e.name().unwrap_or(fallback), e.line());
        let mut excerpt = TemplateExcerpt::of(e);
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            if let Some(inner) = s.downcast_ref::<Error>() {
                // The innermost error's kind and hint: an include that ran
                // out of fuel says so, not just "could not render include".
                message = inner.detail().map_or_else(
                    || inner.kind().to_string(),
                    |d| format!("{}: {d}", inner.kind()),
                );
                hint = hint_for(inner.kind());
                if let Some(name) = inner.name() {
                    located = (name, inner.line());
                    excerpt = TemplateExcerpt::of(inner);
                }
            }
            source = s.source();
        }
        if message.contains("recursion limit") {
            hint = "a template includes itself, or a macro calls itself, without end";
        }
        Self {
            template: located.0.to_string(),
            line: located.1,
            message,
            hint,
            excerpt,
        }
    }
}

/// Escape plain text so that Markdown renderers (CommonMark, GitHub, pandoc)
/// show it as written. Runs of white space become one space.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    let mut last_space = false;
    let mut digits_at_start = true;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '&' {
            // Only `&name;` and `&#…;` are entities: escape `&` before them.
            let entity = chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#');
            if entity {
                out.push('\\');
            }
            out.push(c);
            last_space = false;
            at_start = false;
            digits_at_start = false;
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            digits_at_start = false;
            continue;
        }
        last_space = false;
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '$' | '@' | '^'
            | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits_at_start && !at_start => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        if !c.is_ascii_digit() {
            digits_at_start = false;
        }
        at_start = false;
    }
    out
}

/// The template environment: built-ins plus a teacher's overrides.
pub struct Templates {
    env: Environment<'static>,
    /// Whether a teacher's file replaced any built-in template.
    overridden: bool,
    /// What a teacher should know about the folder (files skipped, none
    /// replacing a built-in).
    warnings: Vec<String>,
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Self {
        Self::with_overrides(Vec::new()).expect("built-in templates are valid (tested)")
    }

    /// Built-ins overridden by the `.md` files of `dir` (read here, once).
    pub fn from_dir(dir: &Path) -> Result<Self, TemplateError> {
        let mut overrides = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| TemplateError {
            template: dir.display().to_string(),
            line: None,
            message: format!("cannot read the templates folder: {e}"),
            hint: "give a folder made by `essayplan templates export DIR`",
            excerpt: None,
        })?;
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        let mut warnings = Vec::new();
        let inside = dir.canonicalize().ok();
        for path in paths {
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            if !name.ends_with(".md") || !path.is_file() {
                continue;
            }
            // A link may point inside the folder, never out of it.
            let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
            if is_link {
                let target = path.canonicalize().ok();
                let within = match (&target, &inside) {
                    (Some(t), Some(d)) => t.starts_with(d),
                    _ => false,
                };
                if !within {
                    warnings.push(format!(
                        "{}: skipped: a link to a file outside the templates folder",
                        path.display()
                    ));
                    continue;
                }
            }
            if BUILTIN
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&name) && *n != name)
            {
                warnings.push(format!(
                    "{}: template names are lower case ({}); this file is not used in its place",
                    path.display(),
                    name.to_lowercase()
                ));
            }
            let source = read_template(&path)?;
            overrides.push((name, source));
        }
        if !overrides
            .iter()
            .any(|(n, _)| BUILTIN.iter().any(|(b, _)| b == n))
        {
            let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            warnings.push(format!(
                "{}: no template here replaces a built-in one ({}); the built-in templates are used",
                dir.display(),
                names.join(", ")
            ));
        }
        let mut templates = Self::with_overrides(overrides)?;
        templates.warnings = warnings;
        Ok(templates)
    }

    /// What a teacher should know about the templates folder.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Built-ins with some templates replaced by the given sources.
    pub fn with_overrides(overrides: Vec<(String, String)>) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| TemplateError::from_minijinja(&e, "(syntax)"))?;
        env.set_syntax(syntax);
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_debug(true);
        env.set_fuel(Some(FUEL));
        env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
        env.set_formatter(|out, _state, value| {
            if value.is_none() || value.is_undefined() {
                return Ok(());
            }
            if value.is_safe() {
                return out.write_str(&value.to_string()).map_err(Error::from);
            }
            let text = match value.as_str() {
                Some(s) => escape_markdown(s),
                None => escape_markdown(&value.to_string()),
            };
            out.write_str(&text).map_err(Error::from)
        });
        env.add_filter("ordinal", ordinal);
        env.add_filter("upper_first", upper_first);
        env.add_filter("lower_first", lower_first);
        env.add_filter("brief", brief);
        env.add_filter("sentence", sentence);
        env.add_filter("sentences", first_sentences);
        env.add_filter("main_clause", main_clause);
        env.add_test("dated_by", opens_with_its_date);
        env.add_test("dated", |text: String| years_named(&text).next().is_some());
        env.add_filter("lower_safe", lower_safe);
        env.add_filter("end", end_sentence);
        env.add_filter("trim_end", |s: String, chars: String| {
            s.trim_end_matches(|c| chars.contains(c)).to_string()
        });
        for (name, source) in BUILTIN {
            if !overrides.iter().any(|(n, _)| n == name) {
                env.add_template(name, source)
                    .map_err(|e| TemplateError::from_minijinja(&e, name))?;
            }
        }
        let overridden = !overrides.is_empty();
        for (name, source) in overrides {
            env.add_template_owned(name.clone(), source)
                .map_err(|e| TemplateError::from_minijinja(&e, &name))?;
        }
        Ok(Self {
            env,
            overridden,
            warnings: Vec::new(),
        })
    }

    /// True when only the built-in templates are in use.
    pub(crate) fn is_builtin(&self) -> bool {
        !self.overridden
    }

    /// Render a plan to Markdown with the template for its mode.
    pub fn render(&self, plan: &EssayPlan) -> Result<String, TemplateError> {
        let name = match plan.mode {
            Mode::Plan => "plan.md",
            Mode::Model => "model.md",
            Mode::Bank => "bank.md",
        };
        let template = self
            .env
            .get_template(name)
            .map_err(|e| TemplateError::from_minijinja(&e, name))?;
        let md = template
            .render(context! { plan => minijinja::value::Serde(plan) })
            .map_err(|e| {
                let mut error = TemplateError::from_minijinja(&e, name);
                if self.is_builtin() && error.message.contains("fuel") {
                    // No teacher's loop: the map itself is too large.
                    error.message =
                        "the map is too large to plan (the built-in templates stopped)".into();
                    error.hint = "a plan reads well with tens of evidence items, not thousands: split the map";
                    error.excerpt = None;
                }
                error
            })?;
        Ok(tidy(&md))
    }
}

/// The words of a model answer's essay (between `<!-- essay -->` and
/// `<!-- /essay -->`), or of the whole text when it has no such marks.
pub fn essay_words(markdown: &str) -> usize {
    let body = markdown
        .split_once("<!-- essay -->")
        .map_or(markdown, |(_, rest)| rest);
    let body = body.split_once("<!-- /essay -->").map_or(body, |(b, _)| b);
    body.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric) && !w.starts_with("[^"))
        .count()
}

/// Collapse runs of spaces inside lines (a sentence a template left out
/// leaves two), keeping indentation and Markdown's trailing line breaks.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = body.len() - body.trim_start_matches(' ').len();
        let trailing = body.len() - body.trim_end_matches(' ').len();
        out.push_str(&body[..indent]);
        let mut last_space = false;
        for c in body[indent..body.len() - trailing].chars() {
            if c == ' ' && last_space {
                continue;
            }
            last_space = c == ' ';
            out.push(c);
        }
        out.push_str(&body[body.len() - trailing..]);
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Ruled writing space made visible in Markdown: each `<!-- lines: N -->`
/// (which the DOCX writer turns into real ruled lines) followed by N dotted
/// lines.
pub(crate) fn visible_lines(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.split_inclusive('\n') {
        out.push_str(line);
        let n = line
            .trim()
            .strip_prefix("<!-- lines:")
            .and_then(|r| r.strip_suffix("-->"))
            .and_then(|n| n.trim().parse::<usize>().ok());
        if let Some(n) = n {
            out.push('\n');
            for _ in 0..n.min(40) {
                out.push_str(&"…".repeat(60));
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// Text with its first letter in upper case ("the murder" → "The murder").
fn upper_first(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// Text with its first letter in lower case, unless the first word is an
/// acronym or a name in capitals ("USSR", "NKVD").
fn lower_first(s: String) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let letters: Vec<char> = first_word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return s;
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => s,
    }
}

/// Text with its first word in lower case when that word is one that
/// cannot be a name ("The", "It", "In" …): safe for authored sentences
/// spliced after "that" or a comma. Other text is left as written.
fn lower_safe(s: String) -> String {
    const COMMON: &[&str] = &[
        "The", "A", "An", "It", "Its", "This", "These", "That", "Those", "There", "In", "On", "At",
        "By", "For", "From", "With", "Without", "After", "Before", "When", "While", "His", "Her",
        "Their", "Only", "Even", "Most", "Many", "Some", "No", "Not", "All", "Both", "Each",
        "Every", "Once", "Since", "As", "If", "Although", "Though", "Because", "Under",
        // Criteria are often tested by a question.
        "Would", "Could", "Did", "Does", "Do", "Was", "Were", "Is", "Are", "How", "Why", "What",
        "Which", "Who", "Whose", "Can", "Should", "Had", "Has", "Have",
    ];
    let first = s.split_whitespace().next().unwrap_or("");
    if COMMON.contains(&first) {
        lower_first(s)
    } else {
        s
    }
}

/// Text ending with a full stop (or the `!`, `?` it has), its case kept.
fn end_sentence(s: String) -> String {
    let t = s.trim();
    let ends = t
        .trim_end_matches(['"', '\'', '’', '”', ')'])
        .ends_with(['.', '!', '?', '…']);
    if ends || t.is_empty() {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// The first words of a text, for a brief reference ("On 25 Sept 1936 Stalin …").
fn brief(s: String, words: Option<usize>) -> String {
    let max = words.unwrap_or(9);
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= max + 1 {
        return s.trim().to_string();
    }
    let head = words[..max].join(" ");
    format!("{} …", head.trim_end_matches([',', ';', ':', '.']))
}

/// Text as a sentence: first letter in upper case, ending with a full stop
/// unless it already ends with one (or `!`, `?`, a closing quote after one).
fn sentence(s: String) -> String {
    let t = s.trim();
    let ends = t
        .trim_end_matches(['"', '\'', '’', '”', ')'])
        .ends_with(['.', '!', '?', '…']);
    let t = upper_first(t.to_string());
    if ends || t.is_empty() {
        t
    } else {
        format!("{t}.")
    }
}

/// The first `n` sentences of a text (a sentence ends with `.`, `!` or
/// `?` followed by a space and a capital letter, a digit or a quotation
/// mark, unless the full stop ends an initial or an abbreviation: "J.M.
/// Keynes", "Order No. 00447", "c. 1900").
fn first_sentences(s: String, n: usize) -> String {
    /// Words a full stop follows without ending the sentence.
    const ABBREVIATIONS: &[&str] = &[
        "no", "nos", "mr", "mrs", "ms", "dr", "st", "c", "ca", "cf", "vol", "vols", "p", "pp",
        "ed", "eds", "trans", "gen", "col", "capt", "lt", "sgt", "prof", "rev", "fr", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "etc",
        "vs", "art", "arts", "fig",
    ];
    let t = s.trim();
    let mut count = 0;
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?')
            || chars.get(k + 1).is_none_or(|&(_, n)| n != ' ')
            || chars.get(k + 2).is_none_or(|&(_, n)| {
                !(n.is_uppercase() || n.is_ascii_digit() || "'\"‘“".contains(n))
            })
        {
            continue;
        }
        if c == '.' {
            let word = t[..i]
                .rsplit(|ch: char| ch.is_whitespace() || "(['‘\"“".contains(ch))
                .next()
                .unwrap_or("");
            let initial = word.rsplit('.').next().is_some_and(|w| {
                let mut w = w.chars();
                w.next().is_some_and(char::is_uppercase) && w.next().is_none()
            });
            if initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                continue;
            }
        }
        count += 1;
        if count == n {
            return t[..i + 1].to_string();
        }
    }
    t.to_string()
}

/// The years a text names: each word whose digits make four ("1937,"),
/// in order.
fn years_named(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|digits| digits.len() == 4)
}

/// Whether a text gives its date in its opening words (a year of `date`
/// among its first ten words: "In 1937 the British Chiefs…"), so a plan
/// need not print the date before it as well.
fn opens_with_its_date(text: String, date: String) -> bool {
    let years: Vec<&str> = date
        .split(|c: char| !c.is_ascii_digit())
        .filter(|y| y.len() == 4)
        .collect();
    let opening: String = text
        .split_whitespace()
        .take(10)
        .collect::<Vec<_>>()
        .join(" ");
    years_named(&opening).any(|y| years.contains(&y.as_str()))
}

/// A text's first sentence cut at its first semicolon, where what comes
/// before it is long enough to stand alone (eight words or more): the main
/// clause of an item written out in brief.
fn main_clause(s: String) -> String {
    let first = first_sentences(s, 1);
    match first.split_once("; ") {
        Some((head, _)) if head.split_whitespace().count() >= 8 => {
            format!("{}.", head.trim_end_matches([',', ':', '.']))
        }
        _ => first,
    }
}

/// A template file, read up to [`MAX_TEMPLATE_BYTES`].
fn read_template(path: &Path) -> Result<String, TemplateError> {
    use std::io::Read;
    let unreadable = |message: String, hint: &'static str| TemplateError {
        template: path.display().to_string(),
        line: None,
        message,
        hint,
        excerpt: None,
    };
    let file = std::fs::File::open(path).map_err(|e| {
        unreadable(
            format!("cannot read: {e}"),
            "templates are UTF-8 text files",
        )
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_TEMPLATE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            unreadable(
                format!("cannot read: {e}"),
                "templates are UTF-8 text files",
            )
        })?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(unreadable(
            format!(
                "the file is larger than {} MB, the limit for a template",
                MAX_TEMPLATE_BYTES / (1024 * 1024)
            ),
            "a template is a few KB of Markdown; is this the right file?",
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        unreadable(
            "cannot read: the file is not UTF-8 text".into(),
            "templates are UTF-8 text files",
        )
    })
}

/// 1 → "1st", 2 → "2nd" …
fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_error_is_shown_over_its_line() {
        use crate::error::Diagnose;
        let templates = Templates::with_overrides(vec![(
            "plan.md".into(),
            "# {{ plan.question.text }}\n\n  {{ plan.no_such_field }}\n".into(),
        )])
        .unwrap();
        let map = crate::map::from_bytes(
            "m.yaml",
            crate::builtin::source("great-purges").unwrap().as_bytes(),
        )
        .unwrap()
        .map;
        let plan = crate::plan::build(&map, &map.questions[0], &Default::default());
        let e = templates.render(&plan).unwrap_err();
        assert_eq!(e.line, Some(3));
        let excerpt = e.excerpt.as_deref().unwrap();
        assert_eq!((excerpt.location.line, excerpt.location.column), (3, 6));
        assert_eq!(excerpt.width, "plan.no_such_field".len());
        let text = e.report().unwrap().render(false);
        assert!(
            text.starts_with("error: template plan.md:3: undefined value"),
            "{text}"
        );
        assert!(text.contains(" --> plan.md:3:6\n"), "{text}");
        assert!(text.contains("|      ^^^^^^^^^^^^^^^^^^\n"), "{text}");
        assert!(
            text.contains("= hint: the name is not part of the plan model"),
            "{text}"
        );
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_markdown("a *b* | c <d> & #e &amp;"),
            r"a \*b\* \| c \<d\> & \#e \&amp;"
        );
        assert_eq!(escape_markdown("- not a list"), r"\- not a list");
        assert_eq!(escape_markdown("1937. A year"), r"1937\. A year");
        assert_eq!(escape_markdown("line\n\nbreak  "), "line break ");
        assert_eq!(escape_markdown(" (kept)"), " (kept)");
        assert_eq!(escape_markdown("Сталин 斯大林"), "Сталин 斯大林");
    }

    #[test]
    fn first_sentences_skip_initials_and_abbreviations() {
        let s = |t: &str| first_sentences(t.to_string(), 1);
        assert_eq!(
            s("J.M. Keynes wrote it. Then more."),
            "J.M. Keynes wrote it."
        );
        assert_eq!(
            s("Order No. 00447 set limits. Then more."),
            "Order No. 00447 set limits."
        );
        assert_eq!(
            s("Built c. 1900 by Dr. Who. Then more."),
            "Built c. 1900 by Dr. Who."
        );
        assert_eq!(s("One sentence only"), "One sentence only");
        assert_eq!(s("It ended in 1938. 1939 began."), "It ended in 1938.");
    }

    #[test]
    fn main_clause_cuts_at_a_semicolon_only_after_a_whole_clause() {
        let m = |t: &str| main_clause(t.to_string());
        assert_eq!(
            m("Germany lost about 13 per cent of its territory in Europe; Danzig became free."),
            "Germany lost about 13 per cent of its territory in Europe."
        );
        assert_eq!(m("Too short; so kept whole."), "Too short; so kept whole.");
        assert_eq!(
            m("A first sentence with no semicolon at all. A second; cut."),
            "A first sentence with no semicolon at all."
        );
    }

    #[test]
    fn a_text_that_opens_with_its_date_is_known() {
        let t = |text: &str, date: &str| opens_with_its_date(text.into(), date.into());
        assert!(t("In 1937 the British Chiefs of Staff warned", "1937"));
        assert!(t(
            "At Munich on 29–30 September 1938 Chamberlain",
            "29–30 Sept 1938"
        ));
        assert!(!t(
            "Under the treaty Germany lost about 13 per cent",
            "28 June 1919"
        ));
        assert!(!t(
            "Jekyll writes that 'I concealed my pleasures'",
            "Chapter 10"
        ));
    }

    #[test]
    fn builtin_templates_load() {
        let _ = Templates::builtin();
    }
}
