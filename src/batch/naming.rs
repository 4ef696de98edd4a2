//! File names: one per student, from the name, safe on every system and
//! unique in the folder whatever the case.

use std::collections::HashSet;

/// A file name from a student's name: letters and digits of any script kept,
/// other runs turned into `-`, at most 60 characters, never empty, hidden or
/// a name Windows reserves.
pub(crate) fn file_stem(name: &str) -> String {
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

/// The names taken in one output folder (compared ignoring case, as
/// Windows and macOS compare them).
#[derive(Debug, Default)]
pub(super) struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// A name for `student`'s file with extension `ext`: its stem, then
    /// `-2`, `-3`, … until no file of the folder has it.
    pub(super) fn claim(&mut self, student: &str, ext: &str) -> String {
        let stem = file_stem(student);
        let mut file = format!("{stem}.{ext}");
        let mut k = 2;
        while !self.taken.insert(file.to_lowercase()) {
            file = format!("{stem}-{k}.{ext}");
            k += 1;
        }
        file
    }

    /// Whether a file of this name (in lower case) is claimed.
    pub(super) fn is_taken(&self, lowercase: &str) -> bool {
        self.taken.contains(lowercase)
    }
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
    fn collisions_are_numbered_ignoring_case() {
        let mut names = Names::default();
        assert_eq!(names.claim("Anna", "md"), "Anna.md");
        assert_eq!(names.claim("anna", "md"), "anna-2.md");
        assert!(names.is_taken("anna.md"));
    }
}
