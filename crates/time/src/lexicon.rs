//! The time words of `data/time_words.tsv`, parsed once into lookup tables and regex alternations.

use newsgraph_knowledge::parse_tsv;
use foldhash::HashMap;
use std::sync::OnceLock;

const SOURCE: &str = newsgraph_knowledge::data_file!("time_words.tsv");

/// Every kind of word in the table, each a map from lower-case spelling to its value.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Spelling → (kind, value); one spelling may have several kinds ("second").
    entries: HashMap<String, Vec<(String, String)>>,
    /// Spellings per kind in table order (the first spelling of a row is its full form).
    by_kind: HashMap<String, Vec<String>>,
    /// Full forms (first spelling of each row) per kind.
    full_forms: HashMap<String, Vec<String>>,
}

/// The parsed table.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(SOURCE))
}

impl Lexicon {
    pub fn parse(source: &str) -> Self {
        let mut lex = Lexicon::default();
        for row in parse_tsv(source) {
            let kind = row.get("kind").to_string();
            let value = row.get("value").to_string();
            let words = row.list("words");
            if let Some(first) = words.first() {
                lex.full_forms.entry(kind.clone()).or_default().push(first.to_lowercase());
            }
            for w in words {
                let w = w.to_lowercase();
                lex.entries.entry(w.clone()).or_default().push((kind.clone(), value.clone()));
                lex.by_kind.entry(kind.clone()).or_default().push(w);
            }
        }
        lex
    }

    /// The value of `word` (any case, a trailing "." ignored) as a word of `kind`.
    pub fn value(&self, kind: &str, word: &str) -> Option<&str> {
        // `newsgraph_knowledge::trim` is `str::trim` without its search for Unicode white space when
        // both ends are printable ASCII (nearly every word asked about).
        let w = newsgraph_knowledge::trim(word).trim_end_matches('.');
        // Most words asked about are one lower-case ASCII word: looked up as they are.
        let entries = if w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'\'') {
            self.entries.get(w)
        } else if let Some(lower) = ascii_word_lowercase(w, &mut [0; SHORT_WORD]) {
            // A capitalised ASCII word ("March", "NOVEMBER"): lower-cased on the stack, where
            // `to_lowercase` and the space collapsing would give the same word in two allocations.
            self.entries.get(lower)
        } else {
            self.entries.get(&collapse_spaces(&w.to_lowercase()))
        };
        entries?.iter().find(|(k, _)| k == kind).map(|(_, v)| v.as_str())
    }

    /// The value of `word` as an integer of `kind` (month, weekday, number, ordinal…).
    pub fn int(&self, kind: &str, word: &str) -> Option<i64> {
        self.value(kind, word)?.parse().ok()
    }

    pub fn is(&self, kind: &str, word: &str) -> bool {
        self.value(kind, word).is_some()
    }

    /// Whether `word` is the full form of its row (January, not Jan).
    pub fn is_full_form(&self, kind: &str, word: &str) -> bool {
        let w = word.trim_end_matches('.');
        let Some(forms) = self.full_forms.get(kind) else { return false };
        match ascii_word_lowercase(w, &mut [0; SHORT_WORD]) {
            Some(lower) => forms.iter().any(|f| f == lower),
            None => forms.contains(&w.to_lowercase()),
        }
    }

    /// A regex alternation of every spelling of `kind`, longest first, spaces as `\s+`.
    pub fn alternation(&self, kind: &str) -> String {
        let mut words: Vec<&String> = self.by_kind.get(kind).map(|v| v.iter().collect()).unwrap_or_default();
        words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        words.dedup();
        let parts: Vec<String> = words.iter().map(|w| regex::escape(w).replace(' ', r"\s+")).collect();
        if parts.is_empty() {
            // A pattern that matches nothing keeps the regexes valid with an empty table.
            return r"[^\s\S]".to_string();
        }
        format!("(?:{})", parts.join("|"))
    }

    /// All spellings of `kind`.
    pub fn words(&self, kind: &str) -> &[String] {
        self.by_kind.get(kind).map(|v| v.as_slice()).unwrap_or(&[])
    }
}

/// Longest word lower-cased on the stack by [`ascii_word_lowercase`].
const SHORT_WORD: usize = 32;

/// `word` lower-cased into `buf` when it is ASCII without white space and fits: then its
/// `to_lowercase` with spaces collapsed is exactly this.
fn ascii_word_lowercase<'b>(word: &str, buf: &'b mut [u8; SHORT_WORD]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    if bytes.len() > SHORT_WORD || !bytes.iter().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let lower = &mut buf[..bytes.len()];
    for (d, b) in lower.iter_mut().zip(bytes) {
        *d = b.to_ascii_lowercase();
    }
    std::str::from_utf8(lower).ok()
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stack path gives the words `to_lowercase` and the collapsing give, and no other.
    #[test]
    fn short_ascii_words_lower_cased_on_the_stack() {
        for w in ["March", "NOVEMBER", "o'Clock", "X-1", "", "a b", "Ünter", "K\u{212A}", "ab\tc", &"Z".repeat(33), &"Y".repeat(32)] {
            let by_stack = ascii_word_lowercase(w, &mut [0; SHORT_WORD]).map(str::to_string);
            let stack_ok = w.len() <= SHORT_WORD && w.bytes().all(|b| b.is_ascii_graphic());
            assert_eq!(by_stack.is_some(), stack_ok, "{w:?}");
            if let Some(lower) = by_stack {
                assert_eq!(lower, collapse_spaces(&w.to_lowercase()));
            }
        }
        let lex = lexicon();
        assert_eq!(lex.int("month", "MARCH"), Some(3));
        assert!(lex.is_full_form("month", "September."));
        assert!(!lex.is_full_form("month", "Sept."));
    }

    #[test]
    fn table_values() {
        let lex = lexicon();
        assert_eq!(lex.int("month", "Sept."), Some(9));
        assert_eq!(lex.int("month", "NOVEMBER"), Some(11));
        assert_eq!(lex.int("weekday", "sunday"), Some(7));
        assert_eq!(lex.int("ordinal", "second"), Some(2));
        assert_eq!(lex.value("unit", "second"), Some("S"));
        assert_eq!(lex.value("set", "every  week"), Some("P1W"));
        assert!(lex.is_full_form("month", "September"));
        assert!(!lex.is_full_form("month", "Sept"));
        assert!(lex.alternation("month").starts_with("(?:september|"));
    }
}
