//! Every row's file, converted as cheaply as the output allows: the one
//! place a batch is faster than rendering each plan alone. Plans of one
//! kind (question, level, mode) differ only in the student's name, so:
//!
//! - with the built-in templates, a kind's Word document is converted once
//!   with a placeholder name, and each student's copy is that package with
//!   the name filled in (a kind whose package does not carry the
//!   placeholder verbatim is converted row by row instead);
//! - a kind's plan is fitted to its length once ([`crate::fit_options`]),
//!   and each row's plan is built with those options and its own name;
//! - every other row goes through the same renderer as `essayplan render`
//!   ([`render::render_drawn`]), its pictures drawn once per kind;
//! - PDFs are converted together, so LibreOffice starts once for many plans.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{Job, Resolved};
use crate::map::Question;
use crate::plan::{self, EssayPlan, Level, Mode, PlanOptions};
use crate::render::{self, Format, docx, pictures::Drawn};

/// Stands for the student's name in a shared DOCX package: letters and
/// digits only, so Markdown and XML carry it through unchanged.
const STUDENT_PLACEHOLDER: &str = "EssayplanStudent7f3a9c";

/// Question id, level and mode: what a plan is made from besides the name.
type PlanKind = (String, Level, Mode);

fn kind_of(w: &Resolved) -> PlanKind {
    (w.question.id.clone(), w.options.level, w.options.mode)
}

/// Each kind of plan among `work`, with its first row.
fn kinds<'w, 'j>(work: &'w [Resolved<'j>]) -> Vec<(PlanKind, &'w Resolved<'j>)> {
    let mut kinds = Vec::new();
    for w in work {
        let key = kind_of(w);
        if !kinds.iter().any(|(k, _)| *k == key) {
            kinds.push((key, w));
        }
    }
    kinds
}

/// The fitted options of every kind of plan among `work`, each fitted once
/// (in parallel) rather than once a row.
fn fitted_kinds(job: &Job, work: &[Resolved]) -> HashMap<PlanKind, Result<PlanOptions, String>> {
    kinds(work)
        .into_par_iter()
        .map(|(key, w)| {
            let fitted = crate::fit_options(job.map, w.question, &w.options, job.templates)
                .map_err(|e| e.to_string());
            (key, fitted)
        })
        .collect()
}

/// The conversions of one batch.
pub(super) struct Converter<'j> {
    job: &'j Job<'j>,
    drawn: Drawn,
    /// Each kind's fitted options (the student's name aside), or why the
    /// templates could not fit it.
    fitted: HashMap<PlanKind, Result<PlanOptions, String>>,
    /// Word packages shared by every row of a kind, with the placeholder.
    shared: HashMap<PlanKind, docx::Package>,
    /// PDF only: every row's PDF, by outcome index, or why it failed.
    pdfs: HashMap<usize, Result<Vec<u8>, String>>,
}

impl<'j> Converter<'j> {
    /// Ready to convert the rows of `work`: shares what Word documents
    /// (the format's, or a combined document's when `combined`) allow and,
    /// for PDF, converts every row.
    pub(super) fn new(job: &'j Job<'j>, work: &[Resolved], combined: bool) -> Self {
        let mut converter = Self {
            job,
            drawn: Drawn::default(),
            fitted: fitted_kinds(job, work),
            shared: HashMap::new(),
            pdfs: HashMap::new(),
        };
        if matches!(job.format, Format::Docx | Format::Pdf) || combined {
            converter.shared = converter.shared_packages(work);
        }
        if job.format == Format::Pdf {
            converter.pdfs = converter.all_pdfs(work);
        }
        converter
    }

    /// One package per kind of plan among `work`, built with the
    /// placeholder name; only with the built-in templates, whose output
    /// carries a name as it is given.
    fn shared_packages(&self, work: &[Resolved]) -> HashMap<PlanKind, docx::Package> {
        let job = self.job;
        if !job.templates.is_builtin() {
            return HashMap::new();
        }
        kinds(work)
            .into_par_iter()
            .filter_map(|(key, w)| {
                let plan = self
                    .plan_of(&key, w.question, Some(STUDENT_PLACEHOLDER))
                    .ok()?;
                let md = job.templates.render(&plan).ok()?;
                let info = docx::DocInfo::for_plan_drawn(&plan, &job.layout, &self.drawn);
                let package = docx::Package::try_from_markdown(&md, &info).ok()?;
                let verbatim = !package
                    .with_text_replaced(STUDENT_PLACEHOLDER, "")
                    .contains_ignoring_case(STUDENT_PLACEHOLDER);
                verbatim.then_some((key, package))
            })
            .collect()
    }

    /// The plan of a kind for `student`, built with the kind's fitted
    /// options.
    fn plan_of(
        &self,
        kind: &PlanKind,
        question: &Question,
        student: Option<&str>,
    ) -> Result<EssayPlan, String> {
        let fitted = self
            .fitted
            .get(kind)
            .cloned()
            .unwrap_or_else(|| Err("the plan's kind was not fitted".into()))?;
        let options = PlanOptions {
            student: student.map(str::to_string),
            ..fitted
        };
        Ok(plan::build(self.job.map, question, &options))
    }

    /// A row's plan.
    fn plan(&self, w: &Resolved) -> Result<EssayPlan, String> {
        self.plan_of(&kind_of(w), w.question, w.options.student.as_deref())
    }

    /// A row's shared package with its student's name filled in.
    fn shared(&self, w: &Resolved) -> Option<docx::Package> {
        let name = w.options.student.as_deref().unwrap_or_default();
        self.shared
            .get(&kind_of(w))
            .map(|p| p.with_text_replaced(STUDENT_PLACEHOLDER, name))
    }

    /// A row's plan, rendered in `format`.
    fn render(&self, w: &Resolved, format: Format) -> Result<Vec<u8>, String> {
        let job = self.job;
        let plan = self.plan(w)?;
        render::render_drawn(&plan, format, job.templates, &job.layout, &self.drawn)
            .map_err(|e| e.to_string())
    }

    /// A row's Word document.
    fn docx(&self, w: &Resolved) -> Result<Vec<u8>, String> {
        match self.shared(w) {
            Some(package) => package.try_to_docx().map_err(|e| e.to_string()),
            None => self.render(w, Format::Docx),
        }
    }

    /// A row's file in the batch's format.
    pub(super) fn file(&self, w: &Resolved) -> Result<Vec<u8>, String> {
        match self.job.format {
            Format::Pdf => self
                .pdfs
                .get(&w.index)
                .cloned()
                .unwrap_or_else(|| Err("no PDF was made".into())),
            Format::Docx => self.docx(w),
            format => self.render(w, format),
        }
    }

    /// A row's plan as a DOCX package, for the combined document.
    pub(super) fn package(&self, w: &Resolved) -> Result<docx::Package, String> {
        if let Some(package) = self.shared(w) {
            return Ok(package);
        }
        let job = self.job;
        let plan = self.plan(w)?;
        let md = job.templates.render(&plan).map_err(|e| e.to_string())?;
        let info = docx::DocInfo::for_plan_drawn(&plan, &job.layout, &self.drawn);
        docx::Package::try_from_markdown(&md, &info).map_err(|e| e.to_string())
    }

    /// Every row's plan as PDF, by outcome index: the DOCX of each
    /// converted together, so LibreOffice starts once for many plans
    /// instead of once a plan. A row that fails says why.
    fn all_pdfs(&self, work: &[Resolved]) -> HashMap<usize, Result<Vec<u8>, String>> {
        let converter = match crate::pdf::Converter::new() {
            Ok(c) => c,
            Err(e) => return work.iter().map(|w| (w.index, Err(e.to_string()))).collect(),
        };
        let docs: Vec<(usize, Result<Vec<u8>, String>)> =
            work.par_iter().map(|w| (w.index, self.docx(w))).collect();
        let mut ready = Vec::new();
        let mut failed = Vec::new();
        for (index, doc) in docs {
            match doc {
                Ok(bytes) => ready.push((index, bytes)),
                Err(e) => failed.push((index, Err(e))),
            }
        }
        let bar = super::progress_bar(
            self.job.progress,
            ready.len(),
            "converting {len} plans to PDF {spinner}",
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        let (indices, bytes): (Vec<usize>, Vec<Vec<u8>>) = ready.into_iter().unzip();
        let pdfs = converter.convert_many(&bytes);
        bar.finish_and_clear();
        indices
            .into_iter()
            .zip(pdfs.into_iter().map(|r| r.map_err(|e| e.to_string())))
            .chain(failed)
            .collect()
    }
}
