//! `manifest.csv`: a line per roster row, what was written or why not,
//! safe to open in a spreadsheet (no cell is read as a formula).

use super::Outcome;

/// A spreadsheet cell that cannot be read as a formula.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The manifest as CSV bytes (UTF-8 with BOM, so spreadsheets read accents).
pub(super) fn manifest(outcomes: &[Outcome]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    // Writing to memory cannot fail: the `expect`s state an invariant.
    w.write_record([
        "line", "name", "question", "level", "mode", "file", "status",
    ])
    .expect("a CSV record is written to memory");
    for o in outcomes {
        let status = match &o.error {
            None => "written".to_string(),
            Some(e) => format!("failed: {e}"),
        };
        w.write_record([
            o.row.to_string(),
            cell(&o.name),
            cell(&o.question),
            cell(&o.level),
            cell(&o.mode),
            o.file.clone().unwrap_or_default(),
            cell(&status),
        ])
        .expect("a CSV record is written to memory");
    }
    w.into_inner().expect("a CSV written to memory is flushed")
}
