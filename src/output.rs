//! Write: bytes → files, atomically. Each file is written to a temporary
//! name in its destination folder and renamed into place, so a reader never
//! sees a half-written file under a final name.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write: {}", .path.display(), plain(.source))]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// An I/O error in words, without the temporary file's name.
fn plain(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "the folder does not exist".into(),
        K::PermissionDenied => "permission denied".into(),
        K::AlreadyExists | K::NotADirectory => "a file is in the way of the folder".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => e.to_string(),
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn temporary(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".essayplan-")
        .suffix(".tmp")
        .tempfile_in(folder_of(path))
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    Ok(tmp)
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the final name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let tmp = temporary(path, bytes)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// A file written under a temporary name, waiting to be renamed into place
/// by [`commit`]. Dropped uncommitted, the temporary file is removed.
pub struct Staged {
    temp: tempfile::TempPath,
    path: PathBuf,
}

/// Write `bytes` under a temporary name beside `path` (no flush yet).
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    let tmp = temporary(path, bytes)?;
    Ok(Staged {
        temp: tmp.into_temp_path(),
        path: path.to_path_buf(),
    })
}

/// Make staged files durable with one flush of their file system, then
/// rename each into place: many files cost one flush, not one each, and a
/// crash before the renames leaves only temporary files.
pub fn commit(staged: Vec<Staged>) -> Result<(), WriteError> {
    flush(&staged)?;
    for s in staged {
        let path = s.path;
        s.temp.persist(&path).map_err(|e| WriteError {
            path: path.clone(),
            source: e.error,
        })?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn flush(staged: &[Staged]) -> Result<(), WriteError> {
    let Some(first) = staged.first() else {
        return Ok(());
    };
    let err = |source: std::io::Error| WriteError {
        path: first.path.clone(),
        source,
    };
    let folder = std::fs::File::open(folder_of(&first.path)).map_err(err)?;
    rustix::fs::syncfs(&folder).map_err(|e| err(e.into()))
}

#[cfg(not(target_os = "linux"))]
fn flush(staged: &[Staged]) -> Result<(), WriteError> {
    for s in staged {
        let file = std::fs::File::open(&s.temp).map_err(|source| WriteError {
            path: s.path.clone(),
            source,
        })?;
        file.sync_all().map_err(|source| WriteError {
            path: s.path.clone(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_overwrites_leaving_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn staged_files_appear_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let a = stage(&dir.path().join("a.md"), b"a").unwrap();
        let b = stage(&dir.path().join("b.md"), b"b").unwrap();
        assert!(!dir.path().join("a.md").exists());
        drop(b);
        commit(vec![a]).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.md")).unwrap(), b"a");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(&dir.path().join("no/such/plan.md"), b"x").unwrap_err();
        assert!(e.to_string().contains("cannot write"));
    }
}
