//! The served folder: which maps it holds, and reading and saving one of
//! them by name. Names are plain file names (`ww1.yaml`): no folders, no
//! `..`, no absolute paths; a name that is a symlink leading out of the
//! folder is refused after canonicalising.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// A name that does not stand for a map file in the served folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PathError {
    #[error("`{0}` is not a map file name (letters, digits, `-`, `_`, `.`; ending .yaml or .yml)")]
    BadName(String),
    #[error("`{0}` leads outside the served folder")]
    Outside(String),
    #[error("no map `{0}` in the served folder")]
    Missing(String),
    #[error("`{name}`: {message}")]
    Io { name: String, message: String },
}

/// A map in the folder's list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MapEntry {
    pub name: String,
    /// The map's title, if it loads.
    pub title: Option<String>,
    pub ok: bool,
}

/// A content fingerprint (FNV-1a, 64 bits, hex): what the page sends back on
/// save so a file changed on disk since it was loaded is not overwritten.
pub(crate) fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Whether `name` is a plain map file name.
fn is_plain_name(name: &str) -> bool {
    let (stem, ext) = match name.rsplit_once('.') {
        Some(parts) => parts,
        None => return false,
    };
    matches!(ext, "yaml" | "yml")
        && !stem.is_empty()
        && !stem.starts_with('.')
        && name.len() <= 200
        && stem
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
        && !stem.contains("..")
}

/// The served folder, canonical.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `root` (must exist).
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: root.canonicalize()?,
        })
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The path for `name`, confined to the folder. The file need not exist;
    /// if it does, it must resolve (through any symlink) inside the folder.
    pub(crate) fn resolve(&self, name: &str) -> Result<PathBuf, PathError> {
        if !is_plain_name(name) {
            return Err(PathError::BadName(name.to_string()));
        }
        let path = self.root.join(name);
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.root) && real.is_file() => Ok(path),
            Ok(real) if real.starts_with(&self.root) => Err(PathError::BadName(name.to_string())),
            Ok(_) => Err(PathError::Outside(name.to_string())),
            // A dangling symlink must not be written through.
            Err(_) if path.symlink_metadata().is_ok() => Err(PathError::Outside(name.to_string())),
            Err(_) => Ok(path),
        }
    }

    /// The map files of the folder, by name (not recursive).
    pub(crate) fn list(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| self.resolve(n).is_ok_and(|p| p.is_file()))
            .collect();
        names.sort();
        names
    }

    /// A map's text and fingerprint.
    pub(crate) fn read(&self, name: &str) -> Result<(String, String), PathError> {
        let path = self.resolve(name)?;
        if !path.exists() {
            return Err(PathError::Missing(name.to_string()));
        }
        let bytes = read_limited(&path).map_err(|message| PathError::Io {
            name: name.to_string(),
            message,
        })?;
        let hash = fingerprint(&bytes);
        let text = String::from_utf8(bytes).map_err(|_| PathError::Io {
            name: name.to_string(),
            message: "the file is not UTF-8 text".into(),
        })?;
        Ok((text, hash))
    }

    /// The fingerprint of the file as it is on disk now (None: no file).
    pub(crate) fn current(&self, name: &str) -> Result<Option<String>, PathError> {
        let path = self.resolve(name)?;
        if !path.exists() {
            return Ok(None);
        }
        read_limited(&path)
            .map(|b| Some(fingerprint(&b)))
            .map_err(|message| PathError::Io {
                name: name.to_string(),
                message,
            })
    }
}

fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(super::engine::MAX_MAP_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > super::engine::MAX_MAP_BYTES {
        return Err("the file is larger than a map may be".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for good in ["a.yaml", "ww1-germany.yml", "my map.yaml", "v1.2.yaml"] {
            assert!(is_plain_name(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "../a.yaml",
            "/etc/a.yaml",
            "x/a.yaml",
            "x\\a.yaml",
            ".hidden.yaml",
            "a.txt",
            "..yaml",
            "a..b.yaml",
            "a\0.yaml",
        ] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }

    #[test]
    fn fingerprints_differ() {
        assert_ne!(fingerprint(b"a"), fingerprint(b"b"));
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
    }
}
