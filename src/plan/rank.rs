//! Ranking and the computed judgement, exactly as the format spec says:
//! score = weight, or 3 + supporting − challenging clamped to 1–5; rank by
//! score, ties in map order; extent from the focus against its best rival.

use serde::Serialize;

use crate::map::{ArgumentMap, Extent, InterpretationIndex};

/// An interpretation's score and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub value: u8,
    pub supporting: usize,
    pub challenging: usize,
    /// The author's weight, when it decided the score.
    pub weight: Option<u8>,
    /// The working a student can check: "weight 4 (set by the map)" or
    /// "3 + 4 supporting − 2 challenging = 5".
    pub basis: String,
}

/// Score every interpretation, in map order.
pub fn scores(map: &ArgumentMap) -> Vec<Score> {
    (0..map.interpretations.len())
        .map(|i| score(map, i))
        .collect()
}

fn score(map: &ArgumentMap, i: InterpretationIndex) -> Score {
    let supporting = map
        .evidence
        .iter()
        .filter(|e| e.supports.contains(&i))
        .count();
    let challenging = map
        .evidence
        .iter()
        .filter(|e| e.challenges.contains(&i))
        .count();
    let weight = map.interpretations[i].weight;
    let (value, basis) = match weight {
        Some(w) => (w, format!("weight {w}, set by the map")),
        None => {
            let raw = 3 + supporting as i64 - challenging as i64;
            let value = raw.clamp(1, 5) as u8;
            let mut basis =
                format!("3 + {supporting} supporting − {challenging} challenging = {raw}");
            if raw != value as i64 {
                basis.push_str(&format!(", kept within 1–5 as {value}"));
            }
            (value, basis)
        }
    };
    Score {
        value,
        supporting,
        challenging,
        weight,
        basis,
    }
}

/// Interpretation indices by score, highest first, ties in map order.
pub fn ranking(scores: &[Score]) -> Vec<InterpretationIndex> {
    let mut order: Vec<InterpretationIndex> = (0..scores.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i].value));
    order
}

/// The strongest rival to `focus`: the highest-scoring other interpretation
/// (the first in map order on a tie).
pub fn best_rival(scores: &[Score], focus: InterpretationIndex) -> InterpretationIndex {
    ranking(scores)
        .into_iter()
        .find(|&i| i != focus)
        .unwrap_or(focus)
}

/// The spec's rule: large when score(f) > best, some when best − 1 ≤ score(f)
/// ≤ best, limited when score(f) < best − 1.
pub fn computed_extent(focus: u8, best: u8) -> Extent {
    let (f, b) = (i16::from(focus), i16::from(best));
    if f > b {
        Extent::Large
    } else if f >= b - 1 {
        Extent::Some
    } else {
        Extent::Limited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_boundaries() {
        assert_eq!(computed_extent(4, 3), Extent::Large); // > best
        assert_eq!(computed_extent(3, 3), Extent::Some); // = best
        assert_eq!(computed_extent(2, 3), Extent::Some); // = best − 1
        assert_eq!(computed_extent(1, 3), Extent::Limited); // < best − 1
        assert_eq!(computed_extent(5, 1), Extent::Large);
        assert_eq!(computed_extent(1, 5), Extent::Limited);
    }

    #[test]
    fn ranking_keeps_ties_in_map_order() {
        let s = |value| Score {
            value,
            supporting: 0,
            challenging: 0,
            weight: None,
            basis: String::new(),
        };
        let scores = vec![s(3), s(5), s(3), s(5), s(1)];
        assert_eq!(ranking(&scores), vec![1, 3, 0, 2, 4]);
        assert_eq!(best_rival(&scores, 1), 3);
        assert_eq!(best_rival(&scores, 0), 1);
    }
}
