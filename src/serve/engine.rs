//! The one place `serve` calls the engine. Everything the web page needs:
//! load and validate a map held in memory, its diagnostics (the text
//! `check` prints), a plan rendered as Markdown, an HTML preview with its
//! pictures (the judgement line and the interpretation map, inline SVG),
//! DOCX or PDF bytes, the skeleton map, and a batch from a roster zipped up.
//!
//! Plain functions over plain data types: when the engine changes, only this
//! file is re-pointed; the router, the handlers and the page stay as they are.

use std::io::Write as _;
use std::sync::OnceLock;
use std::time::Instant;

use serde::Serialize;

use crate::error::hint_text;
use crate::map::{self, Report, Severity};
use crate::picture::{self, adapt};
use crate::plan::{self, Level, Mode, PlanOptions, Timing};
use crate::render::{self, Format, Layout, Templates};

/// Maps larger than this are refused (the loader's own limit).
pub(crate) const MAX_MAP_BYTES: usize = map::load::MAX_MAP_BYTES;

/// Whether [`render_file`] can produce a PDF: LibreOffice's `soffice` is on
/// the PATH (looked for once, when first asked).
pub(crate) fn has_pdf() -> bool {
    static HAS_PDF: OnceLock<bool> = OnceLock::new();
    *HAS_PDF.get_or_init(|| crate::pdf::soffice().is_some())
}

/// A map that starts a new file: commented, and passes `check`.
pub(crate) fn skeleton() -> &'static str {
    crate::SKELETON_MAP
}

/// One problem in a map, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Diag {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The rule's stable name (`unknown-interpretation`).
    pub code: String,
    pub message: String,
    /// 1-based line and column (in characters), when the problem has a place.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Characters underlined from the column (at least 1).
    pub width: usize,
    pub label: Option<String>,
    pub hint: Option<String>,
    /// A second place that matters, in words (`first defined here (12:5)`).
    pub note: Option<String>,
    /// The diagnostic exactly as `essayplan check` prints it (no colour).
    pub text: String,
}

/// A question of the map, for the selector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct QuestionInfo {
    pub id: String,
    pub text: String,
}

/// What checking a map gives: its problems and, if it loaded, its outline.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Checked {
    /// True when the map has no errors (warnings allowed).
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    /// `file: ok, 1 warning` / `file: refused: 2 errors, 0 warnings`, as `check` ends.
    pub summary: String,
    pub title: Option<String>,
    pub questions: Vec<QuestionInfo>,
    pub diagnostics: Vec<Diag>,
}

/// The reader's choices for one plan, as strings from the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub(crate) struct PlanChoice {
    /// A question id; empty or missing for the map's first.
    pub question: Option<String>,
    /// support, core or stretch (default core).
    pub level: Option<String>,
    /// plan, model or bank (default plan).
    pub mode: Option<String>,
    /// An exam preset name (aqa-a-level …), or none.
    pub preset: Option<String>,
    /// Examiner's notes on a model answer (footnotes; Word comments in DOCX).
    pub annotate: bool,
}

/// Why a plan could not be made: a message and a hint, for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub(crate) struct EngineError {
    pub message: String,
    pub hint: String,
}

impl EngineError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// A live preview: the check, and the plan when the map is valid.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Preview {
    pub check: Checked,
    /// The plan as HTML (from the Markdown; map text escaped, raw HTML shown
    /// as text), the judgement line (inline SVG) above it and the
    /// interpretation map (inline SVG) where the plan places it.
    pub html: Option<String>,
    /// The plan's judgement in one sentence: its line of argument (`To a
    /// large extent. …`), or for a model answer the extent and the focus.
    pub judgement: Option<String>,
    /// The question the plan answers.
    pub question: Option<String>,
    /// Why no plan could be made although the map loaded (a template error,
    /// an unknown question or level).
    pub error: Option<EngineError>,
    /// Server time for check + plan + render, in microseconds.
    pub micros: u64,
}

/// The choices the page offers.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Choices {
    pub levels: Vec<&'static str>,
    pub modes: Vec<&'static str>,
    /// (name, label) of each exam preset.
    pub presets: Vec<(&'static str, String)>,
    /// Download formats: docx, md (and pdf when [`has_pdf`]).
    pub formats: Vec<&'static str>,
}

/// The formats a plan is downloaded in (PDF only where LibreOffice is).
pub(crate) const DOWNLOADS: &[Format] = &[Format::Markdown, Format::Docx, Format::Pdf];

/// A download format by its name (`md`, `docx`, `pdf`).
pub(crate) fn download_format(name: &str) -> Option<Format> {
    DOWNLOADS.iter().copied().find(|f| f.extension() == name)
}

/// The levels, modes, presets and download formats the engine offers.
pub(crate) fn choices() -> Choices {
    let mut formats = vec!["docx", "md"];
    if has_pdf() {
        formats.push("pdf");
    }
    Choices {
        levels: Level::NAMES.to_vec(),
        modes: Mode::NAMES.to_vec(),
        presets: plan::PRESETS
            .iter()
            .map(|p| (p.name, preset_label(p)))
            .collect(),
        formats,
    }
}

/// How the selector names an exam preset: the exam, its marks and minutes
/// (`AQA A-level: 25 marks, 45 min`).
fn preset_label(preset: &plan::Preset) -> String {
    let exam = match preset.name {
        "aqa-a-level" => "AQA A-level",
        "edexcel-a-level" => "Edexcel A-level",
        "ocr-a-level" => "OCR A-level",
        "ib-paper2" => "IB Paper 2",
        "gcse" => "GCSE",
        other => other,
    };
    format!("{exam}: {} marks, {} min", preset.marks, preset.minutes)
}

/// Build what every render shares (the template environment) now, so the
/// first preview is as fast as the rest.
pub(crate) fn warm_up() {
    templates();
}

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(Templates::builtin)
}

fn diag(report: &Report, d: &map::Diagnostic) -> Diag {
    let one = Report {
        file: report.file.clone(),
        source: report.source.clone(),
        diagnostics: vec![d.clone()],
    };
    Diag {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        code: d.code.to_string(),
        message: d.message.clone(),
        line: d.location.map(|l| l.line),
        column: d.location.map(|l| l.column),
        width: d.width.max(1),
        label: d.label.clone(),
        hint: d.hint.clone(),
        note: d
            .note
            .as_ref()
            .map(|n| format!("{} ({}:{})", n.message, n.location.line, n.location.column)),
        text: one.render(false),
    }
}

fn checked(report: &Report, map: Option<&map::ArgumentMap>) -> Checked {
    Checked {
        ok: report.errors() == 0 && map.is_some(),
        errors: report.errors(),
        warnings: report.warnings(),
        summary: report.summary(),
        title: map.map(|m| m.title.clone()),
        questions: map
            .map(|m| {
                m.questions
                    .iter()
                    .map(|q| QuestionInfo {
                        id: q.id.clone(),
                        text: q.text.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        diagnostics: report.diagnostics.iter().map(|d| diag(report, d)).collect(),
    }
}

/// Load and validate map text; `name` is how diagnostics name the file.
fn load(name: &str, text: &str) -> Result<map::LoadedMap, Report> {
    map::from_bytes(name, text.as_bytes())
}

/// Check map text: every problem, located, with its hint.
pub(crate) fn check(name: &str, text: &str) -> Checked {
    match load(name, text) {
        Ok(loaded) => checked(&loaded.report, Some(&loaded.map)),
        Err(report) => checked(&report, None),
    }
}

fn options(choice: &PlanChoice) -> Result<PlanOptions, EngineError> {
    fn given(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let level = match given(&choice.level) {
        None => Level::Core,
        Some(l) => Level::parse(l).ok_or_else(|| {
            EngineError::new(
                format!("unknown level `{l}`"),
                format!("levels: {}", Level::NAMES.join(", ")),
            )
        })?,
    };
    let mode = match given(&choice.mode) {
        None => Mode::Plan,
        Some(m) => Mode::parse(m).ok_or_else(|| {
            EngineError::new(
                format!("unknown mode `{m}`"),
                format!("modes: {}", Mode::NAMES.join(", ")),
            )
        })?,
    };
    let timing = match given(&choice.preset) {
        None => None,
        Some(p) => Some(Timing::from_preset(plan::timing::preset(p).ok_or_else(
            || {
                EngineError::new(
                    format!("unknown preset `{p}`"),
                    format!("presets: {}", plan::timing::preset_names().join(", ")),
                )
            },
        )?)),
    };
    Ok(PlanOptions {
        brevity: Default::default(),
        mode,
        level,
        student: None,
        timing,
        annotate: choice.annotate,
        headings: false,
        limits: None,
    })
}

/// The plan for a loaded map (a model answer fitted to its exam's length),
/// or why not.
fn build(loaded: &map::LoadedMap, choice: &PlanChoice) -> Result<plan::EssayPlan, EngineError> {
    let question_id = choice
        .question
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    let question = crate::select_question(&loaded.map, question_id)
        .map_err(|e| EngineError::new(e.to_string(), hint_text(&e)))?;
    crate::make_plan(&loaded.map, question, &options(choice)?, templates()).map_err(template_error)
}

fn refused(report: &Report) -> EngineError {
    EngineError::new(
        report.summary(),
        "fix the errors underlined in the editor, then try again",
    )
}

fn template_error(e: render::TemplateError) -> EngineError {
    EngineError::new(e.to_string(), hint_text(&e))
}

fn render_error(e: render::RenderError) -> EngineError {
    EngineError::new(e.to_string(), hint_text(&e))
}

/// Markdown → HTML for the preview. Raw HTML in the Markdown is shown as
/// text (map text is already escaped by the templates; this is a second
/// guard); the page-break marker becomes a rule. A ` ```mermaid ` block (the
/// interpretation map, as [`render::markdown_bytes`] writes it) becomes
/// `map_svg` when given.
pub(crate) fn markdown_to_html(md: &str, map_svg: Option<&str>) -> String {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};
    let mut in_map = false;
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .filter_map(|event| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref lang)))
                if map_svg.is_some() && lang.as_ref() == "mermaid" =>
            {
                in_map = true;
                map_svg.map(|svg| Event::Html(svg.to_string().into()))
            }
            Event::End(TagEnd::CodeBlock) if in_map => {
                in_map = false;
                None
            }
            _ if in_map => None,
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- pagebreak -->" => {
                Some(Event::Html("<hr class=\"pagebreak\">\n".into()))
            }
            Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
            other => Some(other),
        });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// One of our SVG pictures ready to sit inline in the page: in a `figure`
/// of class `name`, its `title` and `desc` ids made unique by `name` (two
/// pictures share a page). The SVG is ours, every label in it escaped.
fn inline_svg(svg: &str, name: &str) -> String {
    let svg = svg
        .replacen(
            "aria-labelledby=\"title desc\"",
            &format!("aria-labelledby=\"{name}-title {name}-desc\""),
            1,
        )
        .replacen(
            "<title id=\"title\">",
            &format!("<title id=\"{name}-title\">"),
            1,
        )
        .replacen(
            "<desc id=\"desc\">",
            &format!("<desc id=\"{name}-desc\">"),
            1,
        );
    format!("<figure class=\"picture {name}\">\n{svg}</figure>\n")
}

/// The plan's judgement in one sentence, as plain text: the line of
/// argument the Markdown states under "## 2. Line of argument", or (a model
/// answer has no such part) the extent and the focus.
fn judgement(plan: &plan::EssayPlan, md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let stated = md
        .split("\n## ")
        .find(|part| part.starts_with("2. Line of argument"))
        .and_then(|part| part.lines().find_map(|l| l.strip_prefix("> ")))
        .map(|line| {
            Parser::new(line)
                .filter_map(|event| match event {
                    Event::Text(t) | Event::Code(t) => Some(t.into_string()),
                    Event::SoftBreak | Event::HardBreak => Some(" ".into()),
                    _ => None,
                })
                .collect::<String>()
        })
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty());
    stated.unwrap_or_else(|| {
        let extent = plan.judgement.extent.phrase();
        let mut chars = extent.chars();
        let extent: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        match plan.interpretations.get(&plan.question.focus) {
            Some(focus) => format!("{extent}: {}.", focus.label),
            None => format!("{extent}."),
        }
    })
}

/// The preview of a plan: its HTML with the pictures (none for a model
/// answer, as in its downloads), and its judgement.
fn plan_html(plan: &plan::EssayPlan) -> Result<(String, String), EngineError> {
    let md = render::markdown_bytes(plan, templates(), None).map_err(template_error)?;
    let md = String::from_utf8_lossy(&md);
    let pictures = plan.mode != Mode::Model;
    let map = (pictures && md.contains("```mermaid")).then(|| {
        inline_svg(
            &picture::svg_map(&adapt::interpretation_map(plan)),
            "interpretation-map",
        )
    });
    let mut html = String::new();
    if pictures {
        html.push_str(&inline_svg(
            &picture::svg(&adapt::judgement_line(plan)),
            "judgement-line",
        ));
    }
    html.push_str(&markdown_to_html(&md, map.as_deref()));
    Ok((html, judgement(plan, &md)))
}

/// A bug in the engine (a panic) as an error the page can show, so that one
/// bad map never takes the server down.
fn guarded<T>(work: impl FnOnce() -> Result<T, EngineError>) -> Result<T, EngineError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(EngineError::new(
            "essayplan hit an internal error on this map",
            "please report it with the map attached; the server keeps running",
        ))
    })
}

/// Check map text and, when it is valid, render the plan as HTML. Never
/// fails: every problem comes back as data.
pub(crate) fn preview(name: &str, text: &str, choice: &PlanChoice) -> Preview {
    match guarded(|| Ok(preview_unguarded(name, text, choice))) {
        Ok(preview) => preview,
        Err(error) => Preview {
            check: guarded(|| Ok(check(name, text))).unwrap_or_else(|_| Checked {
                ok: false,
                errors: 0,
                warnings: 0,
                summary: format!("{name}: could not be checked"),
                title: None,
                questions: Vec::new(),
                diagnostics: Vec::new(),
            }),
            html: None,
            judgement: None,
            question: None,
            error: Some(error),
            micros: 0,
        },
    }
}

/// The plan for valid map text as a file in `format` (one of
/// [`DOWNLOADS`]).
pub(crate) fn render_file(
    name: &str,
    text: &str,
    choice: &PlanChoice,
    format: Format,
) -> Result<Vec<u8>, EngineError> {
    guarded(|| render_file_unguarded(name, text, choice, format))
}

/// One plan per roster row (DOCX or Markdown), with `manifest.csv`, in a zip.
/// The roster is the uploaded file's bytes (any encoding `batch` accepts).
pub(crate) fn batch_zip(
    name: &str,
    text: &str,
    choice: &PlanChoice,
    roster_name: &str,
    roster: &[u8],
    format: Format,
) -> Result<BatchZip, EngineError> {
    guarded(|| batch_zip_unguarded(name, text, choice, roster_name, roster, format))
}

fn preview_unguarded(name: &str, text: &str, choice: &PlanChoice) -> Preview {
    let start = Instant::now();
    let mut preview = match load(name, text) {
        Err(report) => Preview {
            check: checked(&report, None),
            html: None,
            judgement: None,
            question: None,
            error: None,
            micros: 0,
        },
        Ok(loaded) => {
            let check = checked(&loaded.report, Some(&loaded.map));
            let made = build(&loaded, choice).and_then(|plan| {
                let (html, judgement) = plan_html(&plan)?;
                Ok((plan, html, judgement))
            });
            match made {
                Ok((plan, html, judgement)) => Preview {
                    check,
                    html: Some(html),
                    judgement: Some(judgement),
                    question: Some(plan.question.text.clone()),
                    error: None,
                    micros: 0,
                },
                Err(error) => Preview {
                    check,
                    html: None,
                    judgement: None,
                    question: None,
                    error: Some(error),
                    micros: 0,
                },
            }
        }
    };
    preview.micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    preview
}

fn render_file_unguarded(
    name: &str,
    text: &str,
    choice: &PlanChoice,
    format: Format,
) -> Result<Vec<u8>, EngineError> {
    let loaded = load(name, text).map_err(|r| refused(&r))?;
    let plan = build(&loaded, choice)?;
    let bytes =
        render::render(&plan, format, templates(), &Layout::default()).map_err(render_error)?;
    match format {
        Format::Pdf => crate::pdf::from_docx(&bytes)
            .map_err(|e| EngineError::new(e.to_string(), hint_text(&e))),
        _ => Ok(bytes),
    }
}

/// A batch zipped for download, with what happened.
#[derive(Debug, Clone)]
pub(crate) struct BatchZip {
    pub zip: Vec<u8>,
    /// `12 plans written, 1 row failed — see manifest.csv`.
    pub summary: String,
    /// `row N: reason` for each failed row.
    pub failures: Vec<String>,
    pub warnings: Vec<String>,
}

fn batch_zip_unguarded(
    name: &str,
    text: &str,
    choice: &PlanChoice,
    roster_name: &str,
    roster: &[u8],
    format: Format,
) -> Result<BatchZip, EngineError> {
    let loaded = load(name, text).map_err(|r| refused(&r))?;
    let defaults = options(choice)?;
    let question_id = choice
        .question
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    let question = match question_id {
        None => None,
        Some(id) => Some(
            crate::select_question(&loaded.map, Some(id))
                .map_err(|e| EngineError::new(e.to_string(), hint_text(&e)))?,
        ),
    };
    if roster.len() > crate::batch::MAX_ROSTER_BYTES {
        return Err(EngineError::new(
            "the roster is too large",
            "a class roster is a few kilobytes of CSV",
        ));
    }
    let roster = crate::batch::Roster::parse(roster_name, roster)
        .map_err(|e| EngineError::new(e.to_string(), hint_text(&e)))?;
    if !matches!(format, Format::Docx | Format::Markdown) {
        return Err(EngineError::new(
            "a batch is written as DOCX or Markdown",
            "choose docx or md",
        ));
    }
    let job = crate::batch::Job {
        map: &loaded.map,
        templates: templates(),
        format,
        defaults,
        rotate: false,
        question,
        layout: Layout::default(),
        progress: false,
    };
    let io = |e: std::io::Error| EngineError::new(format!("cannot write the batch: {e}"), "");
    let dir = tempfile::tempdir().map_err(io)?;
    let result = crate::batch::run(&job, &roster, dir.path(), None)
        .map_err(|e| EngineError::new(e.to_string(), ""))?;
    let summary = result.summary(std::path::Path::new("the zip"));
    let mut files: Vec<String> = result
        .outcomes
        .iter()
        .filter_map(|o| o.file.clone())
        .collect();
    files.sort();
    files.insert(0, "manifest.csv".into());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for file in files {
        let bytes = std::fs::read(dir.path().join(&file)).map_err(io)?;
        zip.start_file(file.as_str(), options)
            .map_err(|e| EngineError::new(format!("cannot zip the batch: {e}"), ""))?;
        zip.write_all(&bytes).map_err(io)?;
    }
    let zip = zip
        .finish()
        .map_err(|e| EngineError::new(format!("cannot zip the batch: {e}"), ""))?
        .into_inner();
    Ok(BatchZip {
        zip,
        summary,
        failures: result.failures,
        warnings: roster.warnings,
    })
}

/// Write a map file atomically (a temporary file in the same folder, flushed,
/// renamed over the name), keeping the permissions of the file it replaces
/// (the temporary file is created private).
pub(crate) fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    crate::output::write_atomic(path, bytes).map_err(|e| e.to_string())?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(path, permissions).map_err(|e| {
            format!(
                "{}: saved, but cannot restore its permissions: {e}",
                path.display()
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_the_markdown_is_shown_as_text() {
        let html = markdown_to_html(
            "# T\n\n<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> y\n",
            None,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let html = markdown_to_html("a\n\n<!-- pagebreak -->\n\nb\n", None);
        assert!(html.contains("<hr class=\"pagebreak\">"), "{html}");
    }

    #[test]
    fn map_text_cannot_inject_markup_into_the_preview() {
        let text = crate::SKELETON_MAP.replacen(
            "title: The topic, as a heading",
            "title: \"<img src=x onerror=alert(1)> and <b>bold</b>\"",
            1,
        );
        let preview = preview("x.yaml", &text, &PlanChoice::default());
        let html = preview.html.expect("the skeleton with a new title plans");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn every_level_mode_and_preset_previews() {
        let c = choices();
        for level in &c.levels {
            for mode in &c.modes {
                for preset in c.presets.iter().map(|p| Some(p.0)).chain([None]) {
                    let choice = PlanChoice {
                        question: None,
                        level: Some(level.to_string()),
                        mode: Some(mode.to_string()),
                        preset: preset.map(str::to_string),
                        annotate: true,
                    };
                    let p = preview("s.yaml", crate::SKELETON_MAP, &choice);
                    assert!(p.html.is_some(), "{level} {mode} {preset:?}: {:?}", p.error);
                }
            }
        }
    }

    #[test]
    fn annotated_model_answers_have_examiners_notes() {
        let model = |annotate| PlanChoice {
            mode: Some("model".into()),
            annotate,
            ..PlanChoice::default()
        };
        let text = std::fs::read_to_string("arguments/ww1-germany.yaml").unwrap();
        let plain = preview("w.yaml", &text, &model(false)).html.unwrap();
        let notes = preview("w.yaml", &text, &model(true)).html.unwrap();
        assert!(!plain.contains("footnote-definition"));
        assert!(notes.contains("footnote-definition"), "{notes}");
    }

    #[test]
    fn diagnostics_carry_the_check_text() {
        let text =
            crate::SKELETON_MAP.replacen("supports: [named-factor]", "supports: [named-factr]", 1);
        let c = check("s.yaml", &text);
        assert!(!c.ok);
        let d = &c.diagnostics[0];
        assert!(
            d.hint.as_deref().unwrap_or("").contains("named-factor"),
            "{d:?}"
        );
        assert!(d.text.starts_with("error: "), "{}", d.text);
        assert!(d.text.contains(&format!(
            "--> s.yaml:{}:{}",
            d.line.unwrap(),
            d.column.unwrap()
        )));
    }

    #[test]
    fn the_pdf_download_is_offered_when_libreoffice_is_there() {
        assert_eq!(choices().formats.contains(&"pdf"), has_pdf());
        let pdf = render_file(
            "s.yaml",
            crate::SKELETON_MAP,
            &PlanChoice::default(),
            Format::Pdf,
        );
        match pdf {
            Ok(bytes) => assert!(has_pdf() && bytes.starts_with(b"%PDF"), "not a PDF"),
            Err(e) => assert!(!has_pdf() && e.hint.contains("LibreOffice"), "{e:?}"),
        }
    }

    #[test]
    fn the_preview_shows_the_judgement_and_its_pictures() {
        let text = std::fs::read_to_string("arguments/ww1-germany.yaml").unwrap();
        let p = preview("w.yaml", &text, &PlanChoice::default());
        let judgement = p.judgement.unwrap();
        assert!(
            judgement.starts_with("To a large extent. Germany"),
            "{judgement}"
        );
        assert!(!judgement.contains("**"), "{judgement}");
        let html = p.html.unwrap();
        let line = html
            .find("<figure class=\"picture judgement-line\">")
            .unwrap();
        let map = html
            .find("<figure class=\"picture interpretation-map\">")
            .unwrap();
        assert!(line < html.find("<h2").unwrap() && html.find("<h2").unwrap() < map);
        assert!(
            !html.contains("mermaid"),
            "the map is drawn, not its source"
        );
        assert_eq!(html.matches("<svg ").count(), 2);
        assert!(html.contains("id=\"judgement-line-title\""));
        assert!(
            html.contains("aria-labelledby=\"interpretation-map-title interpretation-map-desc\"")
        );
    }

    #[test]
    fn a_model_answer_states_its_extent_and_focus_without_pictures() {
        let text = std::fs::read_to_string("arguments/ww1-germany.yaml").unwrap();
        let choice = PlanChoice {
            mode: Some("model".into()),
            ..PlanChoice::default()
        };
        let p = preview("w.yaml", &text, &choice);
        let judgement = p.judgement.unwrap();
        assert!(judgement.starts_with("To a large extent: "), "{judgement}");
        assert!(!p.html.unwrap().contains("<svg"));
    }

    #[test]
    fn map_text_in_the_pictures_is_escaped() {
        let text = crate::SKELETON_MAP.replace("label: ", "label: <script>alert(1)</script> ");
        let choice = PlanChoice {
            mode: Some("bank".into()),
            ..PlanChoice::default()
        };
        let html = preview("x.yaml", &text, &choice).html.expect("plans");
        assert!(html.contains("<svg"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }
}
