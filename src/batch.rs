//! Batch: a class roster (CSV, as spreadsheets write it) → one plan per
//! student in an output folder, a manifest, and optionally one combined DOCX.
//! A bad row is reported and the rest still written; files are written
//! atomically and named safely, so nothing lands outside the folder.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::map::{ArgumentMap, diagnostic::nearest};
use crate::output::{
    Staged, WriteError, clean_leftovers, commit_each, stage, write_atomic, write_atomic_with,
};
use crate::plan::{Level, Mode, PlanOptions};
use crate::render::{self, Format, Layout, Templates, docx};

/// Rosters larger than this are refused (a class is tens of rows).
pub const MAX_ROSTER_BYTES: usize = 10 * 1024 * 1024;

/// One student's row, as read (values trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// The line of the file where the row starts (the header is line 1;
    /// blank lines count, as in a text editor).
    pub row: usize,
    pub name: String,
    pub question: String,
    pub level: String,
    pub mode: String,
}

/// A parsed roster.
#[derive(Debug, Clone)]
pub struct Roster {
    pub rows: Vec<RosterRow>,
    pub warnings: Vec<String>,
}

/// A roster that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("{path}: cannot read the roster: {message}")]
    Unreadable { path: String, message: String },
    #[error("{path}: the roster is not UTF-8 text")]
    Encoding { path: String },
    #[error("{path}: the roster has no `name` column (columns: {columns})")]
    NoNameColumn {
        path: String,
        columns: String,
        suggestion: Option<String>,
    },
    #[error("{path}: line {row}: {message}")]
    Csv {
        path: String,
        row: usize,
        message: String,
    },
    #[error("{path}: the roster is empty")]
    Empty { path: String },
    #[error("{path}: the roster is {what}")]
    NotCsv { path: String, what: &'static str },
    #[error("{path}: line {line}: a quoted name or value opens here and is never closed")]
    UnclosedQuote { path: String, line: usize },
}

impl RosterError {
    pub fn hint(&self) -> &str {
        match self {
            Self::Encoding { .. } => {
                "save it from your spreadsheet as \"CSV UTF-8 (comma delimited)\""
            }
            Self::NoNameColumn {
                suggestion: Some(_),
                ..
            } => "rename that column to `name` (columns: name, question, level, mode)",
            Self::NoNameColumn { .. } | Self::Empty { .. } => {
                "the first row must be a header: name,question,level,mode"
            }
            Self::Csv { .. } => {
                "check the quotes on that row: a field that starts with \" must end with \""
            }
            Self::NotCsv { .. } => {
                "open it in your spreadsheet and save it as \"CSV UTF-8 (comma delimited)\""
            }
            Self::UnclosedQuote { .. } => {
                "add the closing \" on that line; without it every later row would be read as part of that field"
            }
            Self::Unreadable { .. } => "",
        }
    }
}

impl Roster {
    pub fn from_file(path: &Path) -> Result<Self, RosterError> {
        use std::io::Read;
        let name = path.display().to_string();
        let unreadable = |e: std::io::Error| RosterError::Unreadable {
            path: name.clone(),
            message: e.to_string(),
        };
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let mut bytes = Vec::new();
        file.take(MAX_ROSTER_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() > MAX_ROSTER_BYTES {
            return Err(RosterError::Unreadable {
                path: name,
                message: format!("larger than {MAX_ROSTER_BYTES} bytes"),
            });
        }
        Self::parse(&name, &bytes)
    }

    /// Parse roster bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM;
    /// `,`, `;` or tab as the header uses; quoted fields; CRLF.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<Self, RosterError> {
        if let Some(what) = crate::roster::not_csv(bytes) {
            return Err(RosterError::NotCsv {
                path: path.to_string(),
                what,
            });
        }
        let (text, encoding_warning) = decode(bytes).ok_or_else(|| RosterError::Encoding {
            path: path.to_string(),
        })?;
        let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let delimiter = sniff(first_line);
        if let Some(line) = crate::roster::unclosed_quote(&text, delimiter) {
            return Err(RosterError::UnclosedQuote {
                path: path.to_string(),
                line,
            });
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| RosterError::Csv {
                path: path.into(),
                row: 1,
                message: e.to_string(),
            })?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(RosterError::Empty { path: path.into() });
        }
        let col = |n: &str| headers.iter().position(|h| h == n);
        let Some(name_col) = col("name") else {
            let suggestion =
                nearest("name", headers.iter().map(String::as_str)).map(str::to_string);
            return Err(RosterError::NoNameColumn {
                path: path.into(),
                columns: headers.join(", "),
                suggestion,
            });
        };
        let (q_col, l_col, m_col) = (col("question"), col("level"), col("mode"));
        let mut warnings: Vec<String> = encoding_warning.into_iter().collect();
        let ignored: Vec<&str> = headers
            .iter()
            .filter(|h| {
                !["name", "question", "level", "mode"].contains(&h.as_str()) && !h.is_empty()
            })
            .map(String::as_str)
            .collect();
        if !ignored.is_empty() {
            warnings.push(format!(
                "ignoring column{} {}",
                if ignored.len() == 1 { "" } else { "s" },
                ignored.join(", ")
            ));
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            // The line where the record starts, counted in the text, so
            // blank lines (which the reader skips) do not shift the number.
            let line_at =
                |p: Option<&csv::Position>| p.map_or(0, |p| line_of(&text, p.byte() as usize));
            let record = record.map_err(|e| RosterError::Csv {
                path: path.into(),
                row: line_at(e.position()),
                message: e.to_string(),
            })?;
            let row = line_at(record.position());
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let get = |c: Option<usize>| {
                c.and_then(|c| record.get(c))
                    .unwrap_or("")
                    .trim()
                    .to_string()
            };
            let name = get(Some(name_col));
            if name.contains(['\n', '\r']) {
                warnings.push(format!(
                    "line {row}: the name spans several lines (a quoted line break); check the quotes"
                ));
            } else if name.contains(delimiter as char) {
                warnings.push(format!(
                    "line {row}: the name contains the separator `{}`; check the quotes",
                    delimiter as char
                ));
            }
            rows.push(RosterRow {
                row,
                name,
                question: get(q_col),
                level: get(l_col),
                mode: get(m_col),
            });
        }
        if rows.is_empty() {
            warnings.push("the roster has no students (only a header)".into());
        }
        Ok(Self { rows, warnings })
    }
}

/// The 1-based line where the record the reader placed at byte `offset`
/// starts: the reader's position is just after the previous record, before
/// any blank lines it skipped.
fn line_of(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = offset.min(bytes.len());
    while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
        end += 1;
    }
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The roster's text: UTF-8 or UTF-16 by their byte-order marks, UTF-8
/// without one, and otherwise Windows-1252 (what Excel's plain "CSV" writes
/// in English-speaking schools), with a warning saying so. `None` when the
/// marked encoding is broken.
fn decode(bytes: &[u8]) -> Option<(String, Option<String>)> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors).then(|| (text.into_owned(), None));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some((text.to_string(), None)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let warning = "not UTF-8: read as Windows-1252 (Excel's plain CSV); if names look wrong, save as \"CSV UTF-8\"";
            Some((text.into_owned(), Some(warning.to_string())))
        }
    }
}

/// The separator the header line uses: tab, `;` or `,` (outside quotes).
fn sniff(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(2);
    if counts[best] == 0 {
        return b',';
    }
    [b'\t', b';', b','][best]
}

/// A file name from a student's name: letters and digits of any script kept,
/// other runs turned into `-`, at most 60 characters, never empty, hidden or
/// a name Windows reserves.
pub fn file_stem(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    // Composed first: a decomposed `ë` (e + U+0308) keeps its accent.
    for c in name.nfc() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(60).collect();
    let mut stem = trimmed.trim_end_matches('-').to_string();
    if stem.is_empty() {
        stem = "student".into();
    }
    let upper = stem.to_uppercase();
    // Windows also reserves COM¹–³ and LPT¹–³ (superscript digits).
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "MANIFEST")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.chars().count() == 4
            && upper
                .chars()
                .nth(3)
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³')));
    if reserved {
        stem.push_str("-plan");
    }
    stem
}

/// What a batch is asked to do.
pub struct Job<'a> {
    pub map: &'a ArgumentMap,
    pub templates: &'a Templates,
    pub format: Format,
    /// Defaults for rows that leave level or mode empty.
    pub defaults: PlanOptions,
    pub rotate: bool,
    /// The question for rows that leave it empty (default: the map's first).
    pub question: Option<&'a crate::map::Question>,
    pub layout: Layout,
    /// Draw a progress bar (on a terminal).
    pub progress: bool,
}

/// One manifest line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub row: usize,
    pub name: String,
    pub question: String,
    pub level: String,
    pub mode: String,
    /// The file written, relative to the output folder.
    pub file: Option<String>,
    /// Why the row failed.
    pub error: Option<String>,
}

/// The outcome of a batch.
#[derive(Debug)]
pub struct BatchResult {
    pub outcomes: Vec<Outcome>,
    /// `line N: reason` for each failed row.
    pub failures: Vec<String>,
    pub combined: Option<PathBuf>,
    /// Files other than plans that could not be written (the manifest, the
    /// combined document); the per-row results above still stand.
    pub errors: Vec<WriteError>,
}

impl BatchResult {
    pub fn written(&self) -> usize {
        self.outcomes.iter().filter(|o| o.file.is_some()).count()
    }

    pub fn summary(&self, out: &Path) -> String {
        let n = self.written();
        let mut s = format!(
            "{n} plan{} written to {}",
            if n == 1 { "" } else { "s" },
            out.display()
        );
        if !self.failures.is_empty() {
            let f = self.failures.len();
            let manifest_lost = self
                .errors
                .iter()
                .any(|e| e.path.file_name().is_some_and(|n| n == "manifest.csv"));
            s.push_str(&format!(
                ", {f} row{} failed{}",
                if f == 1 { "" } else { "s" },
                if manifest_lost {
                    " (listed below)"
                } else {
                    " — see manifest.csv"
                }
            ));
        }
        if let Some(c) = &self.combined {
            s.push_str(&format!("; combined document {}", c.display()));
        }
        s
    }
}

/// A row resolved against the map and the defaults.
struct Resolved<'a> {
    index: usize,
    options: PlanOptions,
    question: &'a crate::map::Question,
    file: String,
}

fn resolve<'m>(
    job: &Job<'m>,
    row: &RosterRow,
    n: usize,
) -> Result<(&'m crate::map::Question, Level, Mode), String> {
    if row.name.is_empty() {
        return Err("the name is empty".into());
    }
    let question = if row.question.is_empty() {
        if job.rotate {
            &job.map.questions[n % job.map.questions.len()]
        } else {
            job.question.unwrap_or(&job.map.questions[0])
        }
    } else {
        crate::select_question(job.map, Some(&row.question.to_lowercase()))
            .map_err(|e| format!("unknown question \"{}\"; {}", row.question, e.hint()))?
    };
    let level = if row.level.is_empty() {
        job.defaults.level
    } else {
        Level::parse(&row.level).ok_or_else(|| {
            format!(
                "unknown level \"{}\"; levels: {}",
                row.level,
                Level::NAMES.join(", ")
            )
        })?
    };
    let mode = if row.mode.is_empty() {
        job.defaults.mode
    } else {
        Mode::parse(&row.mode).ok_or_else(|| {
            format!(
                "unknown mode \"{}\"; modes: {}",
                row.mode,
                Mode::NAMES.join(", ")
            )
        })?
    };
    Ok((question, level, mode))
}

/// Run a batch into `out` (created if missing).
pub fn run(
    job: &Job,
    roster: &Roster,
    out: &Path,
    combined: Option<&Path>,
) -> Result<BatchResult, WriteError> {
    std::fs::create_dir_all(out).map_err(|source| WriteError {
        path: out.to_path_buf(),
        source,
    })?;
    // Temporary files a killed run left behind.
    clean_leftovers(out);
    let ext = job.format.extension();
    let mut taken: HashSet<String> = HashSet::new();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(roster.rows.len());
    let mut work: Vec<Resolved> = Vec::new();
    for (n, row) in roster.rows.iter().enumerate() {
        let mut outcome = Outcome {
            row: row.row,
            name: row.name.clone(),
            question: row.question.clone(),
            level: row.level.clone(),
            mode: row.mode.clone(),
            file: None,
            error: None,
        };
        match resolve(job, row, n) {
            Err(reason) => outcome.error = Some(reason),
            Ok((question, level, mode)) => {
                let stem = file_stem(&row.name);
                let mut file = format!("{stem}.{ext}");
                let mut k = 2;
                while !taken.insert(file.to_lowercase()) {
                    file = format!("{stem}-{k}.{ext}");
                    k += 1;
                }
                outcome.question = question.id.clone();
                outcome.level = level.name().into();
                outcome.mode = mode.name().into();
                outcome.file = Some(file.clone());
                work.push(Resolved {
                    index: outcomes.len(),
                    options: PlanOptions {
                        level,
                        mode,
                        // One line, as the plan prints it (a quoted CSV
                        // field may hold a line break).
                        student: Some(row.name.split_whitespace().collect::<Vec<_>>().join(" ")),
                        ..job.defaults.clone()
                    },
                    question,
                    file,
                });
            }
        }
        outcomes.push(outcome);
    }
    if let Some(path) = combined {
        combined_clash(path, out, &taken)?;
    }

    let pdfs = match job.format {
        Format::Pdf => pdfs_of(job, &work),
        _ => HashMap::new(),
    };
    let bar = progress_bar(job.progress, work.len(), "{pos}/{len} plans {msg}");
    let shared = shared_packages(job, &work);
    // Each row: (its outcome index, the staged file, or why it failed).
    type RowResult = Result<Staged, String>;
    let results: Vec<(usize, RowResult)> = work
        .par_iter()
        .map(|w| {
            let result = (|| {
                let key = (w.question.id.clone(), w.options.level, w.options.mode);
                if let Some(package) = shared.get(&key) {
                    let name = w.options.student.as_deref().unwrap_or_default();
                    let bytes = package
                        .with_text_replaced(STUDENT_PLACEHOLDER, name)
                        .try_to_docx()
                        .map_err(|e| e.to_string())?;
                    return stage(&out.join(&w.file), &bytes).map_err(|e| e.to_string());
                }
                let plan = crate::make_plan(job.map, w.question, &w.options, job.templates)
                    .map_err(|e| e.to_string())?;
                let md = job.templates.render(&plan).map_err(|e| e.to_string())?;
                let bytes = match job.format {
                    Format::Docx => {
                        docx::try_from_markdown(&md, &docx::DocInfo::for_plan(&plan, &job.layout))
                            .map_err(|e| e.to_string())?
                    }
                    Format::Pdf => pdfs
                        .get(&w.index)
                        .cloned()
                        .unwrap_or_else(|| Err("no PDF was made".into()))?,
                    Format::Json => render::json(&plan),
                    Format::Markdown => render::markdown::visible_lines(
                        &render::pictures::for_markdown(&md, &plan, None),
                    )
                    .into_bytes(),
                };
                stage(&out.join(&w.file), &bytes).map_err(|e| e.to_string())
            })();
            bar.inc(1);
            (w.index, result)
        })
        .collect();
    bar.finish_and_clear();

    let mut staged = Vec::new();
    let mut staged_rows = Vec::new();
    for (index, result) in results {
        match result {
            Ok(file) => {
                staged.push(file);
                staged_rows.push(index);
            }
            Err(e) => {
                outcomes[index].file = None;
                outcomes[index].error = Some(e);
            }
        }
    }
    // A file that cannot be put in place fails its row only.
    for (index, committed) in staged_rows.into_iter().zip(commit_each(staged)) {
        if let Err(e) = committed {
            outcomes[index].file = None;
            outcomes[index].error = Some(e.to_string());
        }
    }
    let failures = outcomes
        .iter()
        .filter_map(|o| o.error.as_ref().map(|e| format!("line {}: {e}", o.row)))
        .collect();
    let mut errors = Vec::new();
    if let Err(e) = write_atomic(&out.join("manifest.csv"), &manifest(&outcomes)) {
        errors.push(e);
    }

    let written: Vec<&Resolved> = work
        .iter()
        .filter(|w| outcomes[w.index].file.is_some())
        .collect();
    let combined = match combined {
        Some(path) if !written.is_empty() => match write_combined(job, &shared, &written, path) {
            Ok(()) => Some(path.to_path_buf()),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        _ => None,
    };
    Ok(BatchResult {
        outcomes,
        failures,
        combined,
        errors,
    })
}

/// The combined document: every written plan, in roster order, each on a
/// new page, streamed (one plan converted at a time).
fn write_combined(
    job: &Job,
    shared: &HashMap<PlanKind, docx::Package>,
    rows: &[&Resolved],
    path: &Path,
) -> Result<(), WriteError> {
    let info = docx::DocInfo {
        title: format!("{}: essay plans", job.map.title),
        subject: job.map.title.clone(),
        header: job.map.title.clone(),
        layout: job.layout.clone(),
        images: Default::default(),
    };
    let failed = |e: docx::DocxError| std::io::Error::other(e.to_string());
    let bar = progress_bar(
        job.progress,
        rows.len(),
        "assembling {pos}/{len} plans into one document",
    );
    let written = write_atomic_with(path, |file| {
        let mut doc = render::combined::Combined::new(std::io::BufWriter::new(file), &info)
            .map_err(failed)?;
        for w in rows {
            bar.inc(1);
            let key = (w.question.id.clone(), w.options.level, w.options.mode);
            let name = w.options.student.as_deref().unwrap_or_default();
            let package = match shared.get(&key) {
                Some(p) => p.with_text_replaced(STUDENT_PLACEHOLDER, name),
                None => {
                    let plan = crate::make_plan(job.map, w.question, &w.options, job.templates)
                        .map_err(std::io::Error::other)?;
                    let md = job.templates.render(&plan).map_err(std::io::Error::other)?;
                    docx::Package::try_from_markdown(
                        &md,
                        &docx::DocInfo::for_plan(&plan, &job.layout),
                    )
                    .map_err(failed)?
                }
            };
            doc.add(&package).map_err(failed)?;
        }
        let mut buffered = doc.finish().map_err(failed)?;
        std::io::Write::flush(&mut buffered)
    });
    bar.finish_and_clear();
    written
}

/// Refuse a `--combined` path that is not a `.docx` or that names a file
/// the batch itself writes (a student's plan, the manifest).
fn combined_clash(path: &Path, out: &Path, taken: &HashSet<String>) -> Result<(), WriteError> {
    let refuse = |why: String| Err(WriteError::new(path, std::io::ErrorKind::InvalidInput, why));
    let is_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if !is_docx {
        return refuse("the combined document is a Word file: name it ….docx".into());
    }
    let same_folder = match (path.parent(), out.canonicalize()) {
        (Some(p), Ok(out)) => {
            let p = if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            };
            p.canonicalize().is_ok_and(|p| p == out)
        }
        _ => false,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if same_folder && (taken.contains(&name) || name == "manifest.csv") {
        return refuse(format!(
            "the batch writes a file of that name in {}; choose another name for --combined",
            out.display()
        ));
    }
    Ok(())
}

/// Every row's plan as PDF, by outcome index: the DOCX of each converted
/// together, so LibreOffice starts once for many plans instead of once a
/// plan. A row that fails says why.
fn pdfs_of(job: &Job, work: &[Resolved]) -> HashMap<usize, Result<Vec<u8>, String>> {
    let converter = match crate::pdf::Converter::new() {
        Ok(c) => c,
        Err(e) => return work.iter().map(|w| (w.index, Err(e.to_string()))).collect(),
    };
    let docs: Vec<(usize, Result<Vec<u8>, String>)> = work
        .par_iter()
        .map(|w| {
            let docx = crate::make_plan(job.map, w.question, &w.options, job.templates)
                .and_then(|plan| job.templates.render(&plan).map(|md| (plan, md)))
                .map_err(|e| e.to_string())
                .and_then(|(plan, md)| {
                    docx::try_from_markdown(&md, &docx::DocInfo::for_plan(&plan, &job.layout))
                        .map_err(|e| e.to_string())
                });
            (w.index, docx)
        })
        .collect();
    let (ready, failed): (Vec<_>, Vec<_>) = docs.into_iter().partition(|(_, d)| d.is_ok());
    let bar = progress_bar(
        job.progress,
        ready.len(),
        "converting {len} plans to PDF {spinner}",
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let (indices, bytes): (Vec<usize>, Vec<Vec<u8>>) = ready
        .into_iter()
        .map(|(i, d)| (i, d.unwrap_or_default()))
        .unzip();
    let pdfs = converter.convert_many(&bytes);
    bar.finish_and_clear();
    indices
        .into_iter()
        .zip(pdfs.into_iter().map(|r| r.map_err(|e| e.to_string())))
        .chain(failed)
        .collect()
}

/// A progress bar on a terminal (`show`), else a hidden one.
fn progress_bar(show: bool, len: usize, what: &str) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!("{{bar:40}} {what}"))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Stands for the student's name in a shared DOCX package: letters and
/// digits only, so Markdown and XML carry it through unchanged.
const STUDENT_PLACEHOLDER: &str = "EssayplanStudent7f3a9c";

type PlanKind = (String, Level, Mode);

/// Plans for one question, level and mode differ only in the student's
/// name, so with the built-in templates a DOCX batch converts each kind of
/// plan once (with a placeholder name) and fills in every student's name.
/// A kind whose package does not carry the placeholder verbatim (so the
/// name would not be filled in exactly) is left to the full conversion.
fn shared_packages(job: &Job, work: &[Resolved]) -> HashMap<PlanKind, docx::Package> {
    if job.format != Format::Docx || !job.templates.is_builtin() {
        return HashMap::new();
    }
    let mut kinds: Vec<(PlanKind, &crate::map::Question, PlanOptions)> = Vec::new();
    for w in work {
        let key = (w.question.id.clone(), w.options.level, w.options.mode);
        if !kinds.iter().any(|(k, _, _)| *k == key) {
            let options = PlanOptions {
                student: Some(STUDENT_PLACEHOLDER.into()),
                ..w.options.clone()
            };
            kinds.push((key, w.question, options));
        }
    }
    kinds
        .into_par_iter()
        .filter_map(|(key, question, options)| {
            let plan = crate::make_plan(job.map, question, &options, job.templates).ok()?;
            let md = job.templates.render(&plan).ok()?;
            let package =
                docx::Package::try_from_markdown(&md, &docx::DocInfo::for_plan(&plan, &job.layout))
                    .ok()?;
            let verbatim = !package
                .with_text_replaced(STUDENT_PLACEHOLDER, "")
                .contains_ignoring_case(STUDENT_PLACEHOLDER);
            verbatim.then_some((key, package))
        })
        .collect()
}

/// A spreadsheet cell that cannot be read as a formula.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The manifest as CSV bytes (UTF-8 with BOM, so spreadsheets read accents).
fn manifest(outcomes: &[Outcome]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record([
        "line", "name", "question", "level", "mode", "file", "status",
    ]);
    for o in outcomes {
        let status = match &o.error {
            None => "written".to_string(),
            Some(e) => format!("failed: {e}"),
        };
        let _ = w.write_record([
            o.row.to_string(),
            cell(&o.name),
            cell(&o.question),
            cell(&o.level),
            cell(&o.mode),
            o.file.clone().unwrap_or_default(),
            cell(&status),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("Anna Petrova"), "Anna-Petrova");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("Chloé Martin"), "Chloé-Martin");
        assert_eq!(file_stem("王小明"), "王小明");
        assert_eq!(file_stem("...."), "student");
        assert_eq!(file_stem("con"), "con-plan");
        assert_eq!(file_stem("COM1"), "COM1-plan");
        assert_eq!(file_stem("COM¹"), "COM¹-plan");
        assert_eq!(file_stem("lpt²"), "lpt²-plan");
        assert_eq!(file_stem("Zoe\u{308} NFD"), "Zoë-NFD");
        assert_eq!(file_stem(&"x".repeat(100)).chars().count(), 60);
    }

    #[test]
    fn sniffs_separators() {
        assert_eq!(sniff("name,question"), b',');
        assert_eq!(sniff("name;question;level"), b';');
        assert_eq!(sniff("name\tquestion"), b'\t');
        assert_eq!(sniff("\"a,b\";c"), b';');
    }
}
