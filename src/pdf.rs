//! PDF through LibreOffice: a DOCX converted by `soffice --headless
//! --convert-to pdf`, each run in a private profile folder (LibreOffice
//! refuses to share one between running instances, and a user's own
//! LibreOffice stays untouched). When `soffice` is not on the PATH the
//! error names the package to install.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one conversion may take before it is stopped.
const TIMEOUT: Duration = Duration::from_secs(180);

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("PDF output needs LibreOffice, and `soffice` is not on the PATH")]
    NotInstalled,
    #[error("LibreOffice could not convert the document: {0}")]
    Failed(String),
    #[error("LibreOffice took longer than {} s and was stopped", TIMEOUT.as_secs())]
    TimedOut,
    #[error("cannot prepare the conversion: {0}")]
    Io(#[from] std::io::Error),
}

impl crate::error::Diagnose for PdfError {
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        Some(match self {
            Self::NotInstalled => {
                "install LibreOffice Writer (Debian/Ubuntu: `sudo apt install libreoffice-writer`; \
                 macOS: `brew install --cask libreoffice`), or write .docx and export it yourself"
                    .into()
            }
            _ => "write .docx instead and open it in Word or LibreOffice".into(),
        })
    }
}

/// `soffice` on the PATH (`soffice.exe`/`soffice.com` on Windows), if any.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let names: &[&str] = if cfg!(windows) {
        &["soffice.exe", "soffice.com"]
    } else {
        &["soffice"]
    };
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A `file://` URL for an absolute path (LibreOffice's `-env:` wants one).
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    let text = path.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

/// Converts DOCX to PDF, reusing a few private LibreOffice profiles (a
/// fresh profile costs a second or two) kept in a temporary folder that is
/// removed when the converter is dropped. Conversions may run in parallel,
/// each with a profile of its own.
pub struct Converter {
    soffice: PathBuf,
    root: tempfile::TempDir,
    /// Profiles not in use, by number.
    free: Mutex<Vec<usize>>,
    next: Mutex<usize>,
}

impl Converter {
    /// A converter, or [`PdfError::NotInstalled`].
    pub fn new() -> Result<Self, PdfError> {
        let soffice = soffice().ok_or(PdfError::NotInstalled)?;
        let root = tempfile::Builder::new()
            .prefix("essayplan-pdf-")
            .tempdir()?;
        Ok(Self {
            soffice,
            root,
            free: Mutex::new(Vec::new()),
            next: Mutex::new(0),
        })
    }

    fn take_profile(&self) -> usize {
        if let Some(n) = self.free.lock().ok().and_then(|mut f| f.pop()) {
            return n;
        }
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        *next += 1;
        *next
    }

    fn give_back(&self, profile: usize) {
        if let Ok(mut free) = self.free.lock() {
            free.push(profile);
        }
    }

    /// The PDF of a DOCX document.
    pub fn convert(&self, docx: &[u8]) -> Result<Vec<u8>, PdfError> {
        let profile = self.take_profile();
        let result = self.convert_with(profile, docx);
        self.give_back(profile);
        result
    }

    /// The PDFs of many DOCX documents, in order. LibreOffice starts once
    /// for a group of documents (starting costs seconds, a document a
    /// fraction of one), with a group per core run side by side.
    pub(crate) fn convert_many(&self, docs: &[Vec<u8>]) -> Vec<Result<Vec<u8>, PdfError>> {
        if docs.is_empty() {
            return Vec::new();
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        // At least four documents a group, so each start is shared.
        let groups = cores.min(docs.len().div_ceil(4)).max(1);
        let size = docs.len().div_ceil(groups);
        std::thread::scope(|scope| {
            let handles: Vec<_> = docs
                .chunks(size)
                .map(|chunk| {
                    scope.spawn(move || {
                        let profile = self.take_profile();
                        let result = self.convert_group(profile, chunk);
                        self.give_back(profile);
                        result
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec![Err(PdfError::Failed("the conversion thread failed".into()))]
                    })
                })
                .collect()
        })
    }

    /// One LibreOffice run for a group: a result for each document.
    fn convert_group(&self, profile: usize, docs: &[Vec<u8>]) -> Vec<Result<Vec<u8>, PdfError>> {
        let run = || -> Result<(tempfile::TempDir, std::process::ExitStatus), PdfError> {
            let work = tempfile::Builder::new()
                .prefix("job-")
                .tempdir_in(self.root.path())?;
            let mut inputs = Vec::with_capacity(docs.len());
            for (i, docx) in docs.iter().enumerate() {
                let input = work.path().join(format!("{i:05}.docx"));
                std::fs::write(&input, docx)?;
                inputs.push(input);
            }
            let status = self.soffice_run(profile, work.path(), &inputs)?;
            Ok((work, status))
        };
        match run() {
            Err(e) => {
                let message = e.to_string();
                let mut results = vec![Err(e)];
                results.extend((1..docs.len()).map(|_| Err(PdfError::Failed(message.clone()))));
                results
            }
            Ok((work, status)) => (0..docs.len())
                .map(|i| read_pdf(work.path(), &format!("{i:05}"), status))
                .collect(),
        }
    }

    fn convert_with(&self, profile: usize, docx: &[u8]) -> Result<Vec<u8>, PdfError> {
        let work = tempfile::Builder::new()
            .prefix("job-")
            .tempdir_in(self.root.path())?;
        let input = work.path().join("plan.docx");
        std::fs::write(&input, docx)?;
        let status = self.soffice_run(profile, work.path(), std::slice::from_ref(&input))?;
        read_pdf(work.path(), "plan", status)
    }

    /// Run soffice on `inputs`, writing PDFs into `work` (and its messages
    /// into `work/soffice.log`).
    fn soffice_run(
        &self,
        profile: usize,
        work: &Path,
        inputs: &[PathBuf],
    ) -> Result<std::process::ExitStatus, PdfError> {
        let log = work.join("soffice.log");
        let profile_dir = self.root.path().join(format!("profile-{profile}"));
        let mut child = Command::new(&self.soffice)
            .arg(format!("-env:UserInstallation={}", file_url(&profile_dir)))
            .args([
                "--headless",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(work)
            .args(inputs)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => PdfError::NotInstalled,
                _ => PdfError::Io(e),
            })?;
        let started = Instant::now();
        // A minute a document at most, and never less than the base timeout.
        let limit = TIMEOUT.max(Duration::from_secs(60) * inputs.len() as u32);
        loop {
            if let Some(status) = child.try_wait()? {
                return Ok(status);
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::TimedOut);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The PDF LibreOffice wrote for `stem` in `work`, or why there is none.
fn read_pdf(
    work: &Path,
    stem: &str,
    status: std::process::ExitStatus,
) -> Result<Vec<u8>, PdfError> {
    match std::fs::read(work.join(format!("{stem}.pdf"))) {
        Ok(pdf) if pdf.starts_with(b"%PDF") => Ok(pdf),
        _ => {
            let message = std::fs::read_to_string(work.join("soffice.log")).unwrap_or_default();
            let message = message.lines().last().unwrap_or("").trim().to_string();
            Err(PdfError::Failed(if message.is_empty() {
                format!("soffice exited with {status} and wrote no PDF")
            } else {
                message
            }))
        }
    }
}

/// Convert one DOCX document to PDF.
pub(crate) fn from_docx(docx: &[u8]) -> Result<Vec<u8>, PdfError> {
    Converter::new()?.convert(docx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_escaped() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/profile-1")),
            "file:///tmp/a%20b/profile-1"
        );
    }
}
