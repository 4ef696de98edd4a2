//! Checks on a roster's raw bytes and text that the CSV reader does not
//! make: files that are not CSV at all (a spreadsheet workbook, UTF-16 text
//! without a byte-order mark), and a quoted field that is never closed
//! (which the reader would silently run to the end of the file, merging
//! the rest of the class into one "student").

/// What a roster file that is not CSV text looks like it is.
pub(crate) fn not_csv(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("a spreadsheet workbook (.xlsx or .ods), not CSV text");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some("an old Excel workbook (.xls), not CSV text");
    }
    if encoding_rs::Encoding::for_bom(bytes).is_none() && looks_utf16(bytes) {
        return Some("UTF-16 text without a byte-order mark");
    }
    None
}

/// Text in UTF-16 has a zero byte in every other position (for the Latin
/// letters, digits and punctuation a roster's header is made of).
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() < 4 {
        return false;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    even.max(odd) * 10 >= pairs * 8
}

/// The line (1-based) where a quoted field opens and is never closed, as
/// the CSV reader quotes: a `"` that starts a field opens it, `""` inside
/// is a literal quote, a lone `"` closes it.
pub(crate) fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let delimiter = delimiter as char;
    let mut line = 1;
    let mut opened_at = 0;
    let mut quoted = false;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => quoted = false,
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if field_start => {
                quoted = true;
                opened_at = line;
                field_start = false;
            }
            '\n' => {
                line += 1;
                field_start = true;
            }
            '\r' => field_start = true,
            c if c == delimiter => field_start = true,
            _ => field_start = false,
        }
    }
    quoted.then_some(opened_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_where_an_unclosed_quote_opens() {
        assert_eq!(
            unclosed_quote("name,level\nAnna,core\n\"Ben,core\nCara,core\n", b','),
            Some(3)
        );
        assert_eq!(
            unclosed_quote("name\n\"a\nb\"\n\"c \"\"d\"\"\"\nplain \" quote\n", b','),
            None
        );
        assert_eq!(unclosed_quote("name;x\na;\"b\n", b';'), Some(2));
    }

    #[test]
    fn recognises_workbooks_and_utf16() {
        assert!(not_csv(b"PK\x03\x04rest").unwrap().contains("workbook"));
        let utf16: Vec<u8> = "name,level\nAnna,core\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(not_csv(&utf16).unwrap().contains("UTF-16"));
        assert_eq!(not_csv(b"name,level\nAnna,core\n"), None);
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&utf16);
        assert_eq!(not_csv(&with_bom), None);
    }
}
