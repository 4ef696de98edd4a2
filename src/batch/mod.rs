//! Batch: a class roster (CSV, as spreadsheets write it) → one plan per
//! student in an output folder, a manifest, and optionally one combined DOCX.
//! A bad row is reported and the rest still written; files are written
//! atomically and named safely, so nothing lands outside the folder.
//!
//! This module orchestrates: rows are read (`roster.rs`), resolved against
//! the map, named (`naming.rs`), converted (`convert`, the same renderer as a
//! single plan's, sharing pictures and PDF conversion), staged and
//! committed ([`crate::output`]), then listed in the manifest (`manifest`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::map::ArgumentMap;
use crate::output::{
    Staged, WriteError, clean_leftovers, commit_each, stage, write_atomic, write_atomic_with,
};
use crate::plan::{Level, Mode, PlanOptions};
use crate::render::{self, Format, Layout, Templates, docx};

mod convert;
mod manifest;
pub(crate) mod naming;
pub(crate) mod roster;

use convert::Converter;
use manifest::manifest;
use naming::Names;
pub(crate) use roster::MAX_ROSTER_BYTES;
pub use roster::{Roster, RosterError, RosterRow};

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
        crate::select_question(job.map, Some(&row.question.to_lowercase())).map_err(|e| {
            format!(
                "unknown question \"{}\"; {}",
                row.question,
                crate::error::hint_text(&e)
            )
        })?
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

/// Run a batch into `out` (created if missing): resolve and name the
/// rows, convert and stage every plan, commit them, write the manifest and,
/// when asked, the combined document.
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
    let (mut outcomes, work, names) = resolve_rows(job, roster);
    if let Some(path) = combined {
        combined_clash(path, out, &names)?;
    }
    let converter = Converter::new(job, &work, combined.is_some());
    write_rows(job, &converter, &work, out, &mut outcomes);

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
        Some(path) if !written.is_empty() => {
            match write_combined(job, &converter, &written, path) {
                Ok(()) => Some(path.to_path_buf()),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        }
        _ => None,
    };
    Ok(BatchResult {
        outcomes,
        failures,
        combined,
        errors,
    })
}

/// Every row's outcome so far (a row that cannot be resolved has failed),
/// the rows to write, and the file names they take.
fn resolve_rows<'m>(job: &Job<'m>, roster: &Roster) -> (Vec<Outcome>, Vec<Resolved<'m>>, Names) {
    let ext = job.format.extension();
    let mut names = Names::default();
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
                let file = names.claim(&row.name, ext);
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
    (outcomes, work, names)
}

/// Convert and stage every row's file in parallel, then put them in place;
/// a row whose file cannot be made or put in place fails alone.
fn write_rows(
    job: &Job,
    converter: &Converter,
    work: &[Resolved],
    out: &Path,
    outcomes: &mut [Outcome],
) {
    let bar = progress_bar(job.progress, work.len(), "{pos}/{len} plans {msg}");
    // Each row: (its outcome index, the staged file, or why it failed).
    type RowResult = Result<Staged, String>;
    let results: Vec<(usize, RowResult)> = work
        .par_iter()
        .map(|w| {
            let result = converter
                .file(w)
                .and_then(|bytes| stage(&out.join(&w.file), &bytes).map_err(|e| e.to_string()));
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
    for (index, committed) in staged_rows.into_iter().zip(commit_each(staged)) {
        if let Err(e) = committed {
            outcomes[index].file = None;
            outcomes[index].error = Some(e.to_string());
        }
    }
}

/// The combined document: every written plan, in roster order, each on a
/// new page, streamed (one plan converted at a time).
fn write_combined(
    job: &Job,
    converter: &Converter,
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
            let package = converter.package(w).map_err(std::io::Error::other)?;
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
fn combined_clash(path: &Path, out: &Path, names: &Names) -> Result<(), WriteError> {
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
    if same_folder && (names.is_taken(&name) || name == "manifest.csv") {
        return refuse(format!(
            "the batch writes a file of that name in {}; choose another name for --combined",
            out.display()
        ));
    }
    Ok(())
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
