//! The class roster: CSV as spreadsheets write it (UTF-8 with or without a
//! BOM, UTF-16 with one, Windows-1252 without), `,`, `;` or tab as the
//! header uses, quoted fields, CRLF; one row per student.

use std::path::Path;

use crate::map::diagnostic::nearest;

mod checks;

/// Rosters larger than this are refused (a class is tens of rows).
pub(crate) const MAX_ROSTER_BYTES: usize = 10 * 1024 * 1024;

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

impl crate::error::Diagnose for RosterError {
    /// What to do in the spreadsheet.
    fn hint(&self) -> Option<std::borrow::Cow<'_, str>> {
        let hint = match self {
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
            Self::Unreadable { .. } => return None,
        };
        Some(hint.into())
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
        if let Some(what) = checks::not_csv(bytes) {
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
        if let Some(line) = checks::unclosed_quote(&text, delimiter) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_separators() {
        assert_eq!(sniff("name,question"), b',');
        assert_eq!(sniff("name;question;level"), b';');
        assert_eq!(sniff("name\tquestion"), b'\t');
        assert_eq!(sniff("\"a,b\";c"), b';');
    }
}
