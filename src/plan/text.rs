//! Small text helpers for sentences built from map text.

use std::collections::HashSet;

/// The text with a full stop at the end unless it already ends a sentence.
pub fn sentence(s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        return String::new();
    }
    let last = t.chars().last().unwrap_or('.');
    if matches!(last, '.' | '!' | '?' | '…')
        || (matches!(last, '"' | '\'' | '”' | '’' | ')') && t.len() > 1 && {
            let before = t.chars().rev().nth(1).unwrap_or(' ');
            matches!(before, '.' | '!' | '?')
        })
    {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// The text without a final full stop, for use inside a sentence.
pub fn clause(s: &str) -> String {
    s.trim().trim_end_matches('.').to_string()
}

/// How the words of a map's text are cased, for placing labels
/// mid-sentence: words seen in lower case, and words capitalised in the
/// middle of a sentence (proper names).
#[derive(Debug, Default, Clone)]
pub struct WordCase {
    lower: HashSet<String>,
    proper: HashSet<String>,
}

fn first_word(token: &str) -> String {
    token
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '\'' || *c == '’')
        .collect()
}

fn stem(w: &str) -> &str {
    w.trim_end_matches("'s").trim_end_matches("’s")
}

impl WordCase {
    pub fn new(corpus: &str) -> Self {
        let mut wc = Self::default();
        let mut sentence_start = true;
        for token in corpus.split_whitespace() {
            let word = first_word(token);
            let w = stem(&word);
            if w.chars().next().is_some_and(char::is_lowercase) {
                wc.lower.insert(w.to_string());
            } else if !sentence_start && !w.is_empty() {
                wc.proper.insert(w.to_string());
            }
            sentence_start = token.ends_with(['.', '!', '?', ':'])
                || token.ends_with(".'")
                || token.ends_with(".\"");
        }
        wc
    }

    /// A label (or sentence) placed mid-sentence: its first letter is
    /// lowered unless its first word is a proper name: one the map never
    /// writes in lower case but does capitalise mid-sentence ("Stalin's"
    /// stays, "Grassroots" becomes "grassroots"). Acronyms and words with
    /// inner capitals are kept.
    pub fn mid(&self, label: &str) -> String {
        let first = first_word(label);
        if first == "A" {
            // The word may follow an opening quote (`“A …`): lower it where
            // it stands.
            let start = label.find('A').unwrap_or(0);
            return format!("{}a{}", &label[..start], &label[start + 1..]);
        }
        let mut chars = first.chars();
        let Some(c0) = chars.next() else {
            return label.to_string();
        };
        let rest: String = chars.collect();
        if !c0.is_uppercase() || rest.chars().any(char::is_uppercase) || rest.is_empty() {
            return label.to_string();
        }
        let lower = format!("{}{}", c0.to_lowercase(), rest);
        let proper = self.proper.contains(stem(&first)) && !self.lower.contains(stem(&lower));
        if proper {
            label.to_string()
        } else {
            let start = label.find(&first).unwrap_or(0);
            format!(
                "{}{}{}",
                &label[..start],
                lower,
                &label[start + first.len()..]
            )
        }
    }
}

/// [`WordCase::mid`] for a one-off corpus.
pub fn mid(label: &str, corpus: &str) -> String {
    WordCase::new(corpus).mid(label)
}

/// "a", "a and b", "a, b and c".
/// Items that themselves contain "and" or commas are separated by
/// semicolons ("a; b and c; and d"), so the list stays unambiguous.
pub fn and_list(items: &[String]) -> String {
    let complex = items.iter().any(|i| i.contains(" and ") || i.contains(','));
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] if complex => format!("{}; and {last}", rest.join("; ")),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Upper-case the first character.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_clauses() {
        assert_eq!(sentence("A fact"), "A fact.");
        assert_eq!(sentence("A fact."), "A fact.");
        assert_eq!(sentence("He said \"no.\""), "He said \"no.\"");
        assert_eq!(clause("A fact."), "A fact");
    }

    #[test]
    fn mid_sentence_labels() {
        let corpus =
            "Local grassroots activists and careerism. Then Stalin's men came. Careerism grew.";
        assert_eq!(mid("Grassroots pressure", corpus), "grassroots pressure");
        assert_eq!(mid("Careerism", corpus), "careerism");
        assert_eq!(mid("Fear of war", corpus), "fear of war");
        assert_eq!(mid("Stalin's paranoia", corpus), "Stalin's paranoia");
        assert_eq!(mid("A public trial.", corpus), "a public trial.");
        assert_eq!(mid("NKVD quotas", corpus), "NKVD quotas");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
