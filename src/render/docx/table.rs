//! Markdown tables as Word tables that print well: columns share the text
//! width by content but never fall below the width of their header's
//! longest word (no "Wor/ds") or 0.8 cm (a tick box fits with its padding);
//! cells are aligned as the Markdown separator says (`---:` right); a
//! column of one- or two-character cells is centred; rows never split
//! across pages; the header row, shaded, repeats on every page. Widths are
//! written on the grid and on every cell with a fixed layout, so Word does
//! not re-flow them.

use docx_rs::{
    AlignmentType, Paragraph, Shading, Table, TableCell, TableLayoutType, TableRow, WidthType,
};
use pulldown_cmark::Alignment;

/// The narrowest a column may be, in twips (0.8 cm).
const MIN_COLUMN: usize = 454;
/// Left plus right cell padding (Word's default 0.19 cm each), in twips.
const PADDING: usize = 230;
/// A generous width of one bold character at 11 pt, in twips.
const CHAR_AT_11PT: usize = 125;

/// A table being collected from Markdown events.
pub(super) struct TableState {
    aligns: Vec<Alignment>,
    /// Finished rows: whether each is the header, and one paragraph a cell.
    rows: Vec<(bool, Vec<Paragraph>)>,
    /// Cells of the row being written.
    cells: Vec<Paragraph>,
    pub(super) in_head: bool,
    /// Text of the cell being written.
    text: String,
    /// Per column: the longest cell (characters), the longest header word,
    /// and whether every cell is at most two characters.
    widest: Vec<usize>,
    head_word: Vec<usize>,
    tiny: Vec<bool>,
}

impl TableState {
    pub(super) fn new(aligns: Vec<Alignment>) -> Self {
        let n = aligns.len().max(1);
        Self {
            aligns,
            rows: Vec::new(),
            cells: Vec::new(),
            in_head: false,
            text: String::new(),
            widest: vec![0; n],
            head_word: vec![0; n],
            tiny: vec![true; n],
        }
    }

    pub(super) fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// A cell's paragraph is complete.
    pub(super) fn end_cell(&mut self, paragraph: Paragraph) {
        let column = self.cells.len();
        let text = std::mem::take(&mut self.text);
        let chars = text.trim().chars().count();
        if let Some(w) = self.widest.get_mut(column) {
            *w = (*w).max(chars);
        }
        if self.in_head {
            let word = text
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            if let Some(w) = self.head_word.get_mut(column) {
                *w = (*w).max(word);
            }
        }
        if chars > 2
            && let Some(t) = self.tiny.get_mut(column)
        {
            *t = false;
        }
        self.cells.push(paragraph);
    }

    pub(super) fn end_row(&mut self) {
        let cells = std::mem::take(&mut self.cells);
        self.rows.push((self.in_head, cells));
        self.in_head = false;
    }

    /// The Word table, `text_width` twips wide, for a body size in
    /// half-points.
    pub(super) fn finish(self, text_width: usize, body_size: u32) -> Table {
        let columns = self.widest.len();
        let char_width = CHAR_AT_11PT * body_size as usize / 22;
        let minimum: Vec<usize> = self
            .head_word
            .iter()
            .map(|&w| (w * char_width + PADDING).max(MIN_COLUMN))
            .collect();
        let weights: Vec<usize> = self.widest.iter().map(|w| (*w).clamp(4, 60)).collect();
        let grid = share(text_width, &weights, &minimum);
        let align: Vec<Option<AlignmentType>> = (0..columns)
            .map(|c| match self.aligns.get(c) {
                Some(Alignment::Right) => Some(AlignmentType::Right),
                Some(Alignment::Center) => Some(AlignmentType::Center),
                Some(Alignment::Left) => None,
                _ if self.tiny[c] => Some(AlignmentType::Center),
                _ => None,
            })
            .collect();
        let rows = self
            .rows
            .into_iter()
            .map(|(head, cells)| {
                let cells = cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, p)| {
                        let p = match align.get(c).copied().flatten() {
                            Some(a) => p.align(a),
                            None => p,
                        };
                        let cell = TableCell::new()
                            .add_paragraph(p)
                            .width(grid.get(c).copied().unwrap_or(MIN_COLUMN), WidthType::Dxa);
                        if head {
                            cell.shading(Shading::new().fill("D9E2F3"))
                        } else {
                            cell
                        }
                    })
                    .collect();
                // Every row keeps together; `mark_header_rows` then makes
                // each table's first row a repeated header.
                TableRow::new(cells).cant_split()
            })
            .collect();
        Table::new(rows)
            .set_grid(grid)
            .width(text_width, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
    }
}

/// Share `total` by `weights`, giving no column less than its minimum: the
/// columns held at their minimum are set aside and the rest share what is
/// left, until every column fits. When the minimums alone exceed the total,
/// each column gets its minimum.
fn share(total: usize, weights: &[usize], minimum: &[usize]) -> Vec<usize> {
    let n = weights.len();
    let mut fixed = vec![false; n];
    loop {
        let left = total.saturating_sub(
            (0..n)
                .filter(|&c| fixed[c])
                .map(|c| minimum[c])
                .sum::<usize>(),
        );
        let weight: usize = (0..n).filter(|&c| !fixed[c]).map(|c| weights[c]).sum();
        let widths: Vec<usize> = (0..n)
            .map(|c| {
                if fixed[c] {
                    minimum[c]
                } else {
                    left * weights[c] / weight.max(1)
                }
            })
            .collect();
        let short: Vec<usize> = (0..n)
            .filter(|&c| !fixed[c] && widths[c] < minimum[c])
            .collect();
        if short.is_empty() {
            return widths;
        }
        for c in short {
            fixed[c] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimums_are_kept_and_the_rest_shared() {
        let w = share(9638, &[4, 60, 10, 30, 20], &[454, 1100, 600, 800, 1500]);
        assert!(w[0] >= 454 && w[2] >= 600 && w[4] >= 1500, "{w:?}");
        assert!(w.iter().sum::<usize>() <= 9638);
        assert!(w.iter().sum::<usize>() >= 9630);
    }

    #[test]
    fn impossible_minimums_give_the_minimums() {
        assert_eq!(share(1000, &[1, 1], &[800, 800]), [800, 800]);
    }
}
