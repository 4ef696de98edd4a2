//! The argument map: loading a file, validating it against the format
//! (`../shared/spec/argument-map.md`, format 1), and the validated model.
//!
//! `load` → [`raw::RawMap`] → `validate` → [`ArgumentMap`] or every
//! diagnostic in a [`Report`].

pub mod diagnostic;
pub mod load;
pub mod model;
pub mod raw;
mod structure;
pub mod validate;

use std::path::Path;

pub use diagnostic::{Diagnostic, Location, MapError, Report, Severity};
pub use model::*;

/// A map that loaded, with its warnings (a report with no errors).
#[derive(Debug, Clone)]
pub struct LoadedMap {
    pub map: ArgumentMap,
    pub report: Report,
}

/// Load and validate a map held in memory. `name` is how errors name it.
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<LoadedMap, Report> {
    match load::parse(bytes) {
        Err(refused) => {
            let (source, diagnostic) = *refused;
            let mut report = Report::new(name, source);
            // A shape problem (unknown key, wrong type): look again at the
            // whole file so that every such problem is reported together.
            let shape = matches!(diagnostic.code, "unknown-key" | "wrong-type");
            match structure::problems(&report.source).filter(|p| shape && !p.is_empty()) {
                Some(problems) => {
                    // Unknown keys only: read the file again without them,
                    // so the same run reports the map's other problems too.
                    let semantic = structure::without_unknown_keys(&report.source, &problems)
                        .and_then(|source| load::parse(source.as_bytes()).ok())
                        .map(|(_, raw)| validate::validate(&raw).diagnostics)
                        .unwrap_or_default();
                    report.diagnostics = problems;
                    // Only errors in what is written: an absence (a missing
                    // key, unused evidence, a warning) may be the removed
                    // key's doing.
                    let written = |d: &Diagnostic| {
                        d.severity == Severity::Error
                            && !matches!(
                                d.code,
                                "missing-field"
                                    | "evidence-unused"
                                    | "no-evidence"
                                    | "no-questions"
                                    | "too-few-interpretations"
                                    | "too-many-problems"
                            )
                    };
                    for d in semantic.into_iter().filter(written) {
                        if !report
                            .diagnostics
                            .iter()
                            .any(|s| s.location == d.location && s.code == d.code)
                        {
                            report.diagnostics.push(d);
                        }
                    }
                }
                None => report.diagnostics.push(diagnostic),
            }
            report.sort();
            Err(report)
        }
        Ok((source, raw)) => {
            let validated = validate::validate(&raw);
            let mut report = Report::new(name, source);
            report.diagnostics = validated.diagnostics;
            locate_empty_top_keys(&mut report);
            report.sort();
            match validated.map {
                Some(map) => Ok(LoadedMap { map, report }),
                None => Err(report),
            }
        }
    }
}

/// "the map has no `title`" for `title:` with no value (or `null`): point
/// at the key, which is there, rather than at the top of the file.
fn locate_empty_top_keys(report: &mut Report) {
    for d in &mut report.diagnostics {
        if d.code != "missing-field" || d.location.is_some_and(|l| l.line != 1 || l.column != 1) {
            continue;
        }
        let Some(key) = d
            .message
            .strip_prefix("the map has no `")
            .and_then(|r| r.strip_suffix('`'))
            .map(str::to_string)
        else {
            continue;
        };
        let prefix = format!("{key}:");
        if let Some(n) = report.source.lines().position(|l| l.starts_with(&prefix)) {
            d.message = format!("`{key}` has no value");
            d.location = Some(Location {
                line: n + 1,
                column: 1,
            });
            d.width = key.chars().count();
            d.label = Some(format!("write the {key} after `{key}:`"));
        }
    }
}

/// Load and validate a map file (`-`: standard input).
pub fn from_file(path: &Path) -> Result<LoadedMap, Report> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let read = if stdin {
        read_stdin_limited()
    } else {
        read_limited(path)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(message) => {
            let mut report = Report::new(name, String::new());
            report
                .diagnostics
                .push(Diagnostic::error("unreadable", message));
            return Err(report);
        }
    };
    from_bytes(&name, &bytes)
}

/// Standard input, read as [`read_limited`] reads a file.
fn read_stdin_limited() -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(load::MAX_MAP_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(bytes)
}

/// Read at most one byte over the limit, so a huge file is refused without
/// being read whole.
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err("this is a folder, not a map file".into());
    }
    let mut bytes = Vec::new();
    file.take(load::MAX_MAP_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    Ok(bytes)
}
