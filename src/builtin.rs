//! The maps shipped in `arguments/`, built into the binary (by `build.rs`,
//! which embeds every `arguments/*.yaml`), so `essayplan list` works from
//! any folder and `essayplan render great-purges` finds a map by name. A
//! file always wins: a built-in map is used only when no file of that name
//! exists.

use std::path::Path;

use crate::map::{self, LoadedMap, Report};

include!(concat!(env!("OUT_DIR"), "/builtin_maps.rs"));

/// The built-in maps' names (`great-purges`), sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    MAPS.iter().map(|(name, _)| *name)
}

/// The source of the built-in map called `name` (with or without `.yaml`).
pub fn source(name: &str) -> Option<&'static str> {
    let stem = name.strip_suffix(".yaml").unwrap_or(name);
    MAPS.iter().find(|(n, _)| *n == stem).map(|(_, s)| *s)
}

/// The built-in map a command-line argument names, if it is no file: a bare
/// name (no folder), or one in `arguments/` as the repository lays them out.
pub(crate) fn for_argument(path: &Path) -> Option<(&'static str, &'static str)> {
    if path.exists() {
        return None;
    }
    let parent = path.parent().map(|p| p.as_os_str().to_string_lossy());
    if !matches!(parent.as_deref(), None | Some("") | Some("arguments")) {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".yaml").unwrap_or(name);
    MAPS.iter().find(|(n, _)| *n == stem).copied()
}

/// Load a map from its file or, when no such file exists, the built-in map
/// of that name. Also says whether it was built in.
pub fn load(path: &Path) -> (Result<LoadedMap, Report>, bool) {
    match for_argument(path) {
        Some((name, source)) => (map::from_bytes(name, source.as_bytes()), true),
        None => (map::from_file(path), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_map_is_built_in_and_valid() {
        assert!(MAPS.len() >= 5);
        for (name, source) in MAPS {
            let loaded = map::from_bytes(name, source.as_bytes())
                .unwrap_or_else(|r| panic!("{}", r.render(false)));
            assert!(!loaded.map.questions.is_empty());
        }
        assert!(source("great-purges").is_some());
        assert!(source("great-purges.yaml").is_some());
        assert!(source("no-such-map").is_none());
    }

    #[test]
    fn a_file_wins_and_only_bare_names_are_looked_up() {
        assert!(for_argument(Path::new("great-purges")).is_some());
        assert!(for_argument(Path::new("elsewhere/great-purges.yaml")).is_none());
        // The repository's own file exists, so it is read, not the copy.
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("arguments/great-purges.yaml");
        assert!(for_argument(&here).is_none());
    }
}
