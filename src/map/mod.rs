//! The argument map: loading a file, validating it against the format
//! (`docs/map-format.md`), and the validated model.
//!
//! `load` (bytes → located tree) → `structure` (the tree's shape, from the
//! `format` table) → `raw::decode` → `validate` → [`ArgumentMap`], or
//! every diagnostic in a [`Report`].

pub(crate) mod diagnostic;
pub(crate) mod format;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod raw;
mod structure;
pub(crate) mod validate;

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
///
/// One pass: the file is read once into a located tree; its shape is
/// checked against the format's table; the tree is decoded and validated.
/// When the shape is wrong, the shape problems are reported, and when they
/// are all unknown keys, so are the map's other errors (read without those
/// keys), so one run shows everything to fix.
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<LoadedMap, Report> {
    let (source, root) = match load::parse(bytes) {
        Ok(parsed) => parsed,
        Err(refused) => {
            let (source, diagnostic) = *refused;
            let mut report = Report::new(name, source);
            report.diagnostics.push(diagnostic);
            return Err(report);
        }
    };
    let problems = structure::problems(&root);
    let raw = raw::decode(&root, &source);
    let mut report = Report::new(name, source);
    if problems.is_empty() {
        let validated = validate::validate(&raw);
        report.diagnostics = validated.diagnostics;
        locate_empty_top_keys(&mut report, &root);
        report.sort();
        return match validated.map {
            Some(map) => Ok(LoadedMap { map, report }),
            None => Err(report),
        };
    }
    let only_unknown_keys = problems.iter().all(|p| p.code == "unknown-key");
    report.diagnostics = problems;
    if only_unknown_keys {
        // Only errors in what is written: an absence (a missing key, unused
        // evidence, a warning) may be the unknown key's doing.
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
        for d in validate::validate(&raw)
            .diagnostics
            .into_iter()
            .filter(written)
        {
            if !report
                .diagnostics
                .iter()
                .any(|s| s.location == d.location && s.code == d.code)
            {
                report.diagnostics.push(d);
            }
        }
    }
    report.sort();
    Err(report)
}

/// "the map has no `title`" for `title:` with no value (or `null`): point
/// at the key, which is there, rather than at the top of the file.
fn locate_empty_top_keys(report: &mut Report, root: &serde_saphyr::Spanned<load::Node>) {
    let load::Node::Map(entries) = &root.value else {
        return;
    };
    let top = Some(Location { line: 1, column: 1 });
    for (spanned, value) in entries {
        if !matches!(value.value, load::Node::Scalar(load::Scalar::Null)) {
            continue;
        }
        let key = &spanned.value;
        let missing = format!("the map has no `{key}`");
        let Some(d) = report
            .diagnostics
            .iter_mut()
            .find(|d| d.code == "missing-field" && d.location == top && d.message == missing)
        else {
            continue;
        };
        d.message = format!("`{key}` has no value");
        d.location = load::at(spanned);
        d.width = key.chars().count();
        d.label = Some(format!("write the {key} after `{key}:`"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_top_level_key_is_pointed_at() {
        let report = from_bytes("m.yaml", b"format: 2\ntitle:\ncontext: C\n").unwrap_err();
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.message == "`title` has no value")
            .expect("the empty title is reported at its key");
        assert_eq!(d.location, Some(Location { line: 2, column: 1 }));
        assert_eq!(d.width, 5);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.message == "the map has no `interpretations`"),
            "a key that is not there is still reported at the top"
        );
    }
}
