//! The recogniser trait and the small text helpers the recognisers share.

use crate::expr::Candidate;
use crate::lexicon::lexicon;
use crate::prefilter::Present;
use crate::engine::Regex;

/// One family of time expressions. `find` reads a region of text (a block) and appends what it
/// recognises, with offsets relative to the region; overlaps between families are settled later
/// (the longest expression wins). `present` says which of its patterns can match in `text` at
/// all ([`crate::prefilter`]).
pub trait Recognizer: Send + Sync {
    fn name(&self) -> &'static str;
    fn find(&self, text: &str, present: &Present, out: &mut Vec<Candidate>);
    /// Every pattern of the family.
    #[cfg(test)]
    fn patterns(&self) -> Vec<&crate::prefilter::Pattern>;
}

/// Compile a pattern written by this crate (case-insensitive). Patterns are fixed at build time
/// and covered by tests, so a failure is a programming error; it yields a never-matching regex
/// rather than a panic.
pub fn compile(pattern: &str) -> Regex {
    // ASCII word boundaries: a Unicode `\b` makes the regex engine give up its fast matcher on any
    // text with a non-ASCII character (curly quotes, "Jānis"), which made this stage most of the
    // pipeline's time. The words around dates are ASCII, so the results are the same.
    let pattern = pattern.replace(r"\b", r"(?-u:\b)");
    Regex::new(&format!("(?i){pattern}")).unwrap_or_else(|_| {
        debug_assert!(false, "bad pattern {pattern}");
        Regex::new(r"[^\s\S]").expect("empty-class regex")
    })
}

/// [`compile`] for blocks whose only non-ASCII characters are neither white space nor numbers
/// (nor the Kelvin sign or the long s, for which [`crate::prefilter`] searches with every pattern
/// whole): `\s` and `\d` as ASCII classes and case folded in ASCII. On such a block the matches
/// and groups are those of the Unicode pattern (no other character folds to an ASCII letter),
/// and the automata are far smaller: a Unicode `\d` alone is dozens of byte ranges, and each
/// "s" of a case-insensitive word also spells the long s. `None` for a pattern the ASCII form
/// would change elsewhere (`\w` matches letters beyond ASCII) or that has none.
pub fn compile_ascii(pattern: &str) -> Option<Regex> {
    if pattern.contains(r"\w") || pattern.contains(r"\W") {
        return None;
    }
    // The curly apostrophe is a character, not a byte: it keeps its Unicode reading.
    let pattern = pattern.replace(r"\b", r"(?-u:\b)").replace("['’]", "(?:'|(?u:’))");
    Regex::new(&format!("(?i-u){pattern}")).ok()
}

/// The whole run of ASCII word characters (what an ASCII `\b` bounds) ending at byte `end` of
/// `bytes`, and where it starts; empty when none ends there.
pub fn ascii_word_before(bytes: &[u8], end: usize) -> (usize, &[u8]) {
    let mut k = end.min(bytes.len());
    let end = k;
    while k > 0 && (bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'_') {
        k -= 1;
    }
    (k, &bytes[k..end])
}

/// Where the run of ASCII white space (a `\s+` of an ASCII-form pattern) ending at byte `end`
/// starts; `None` when no white space ends there.
pub fn ascii_spaces_before(bytes: &[u8], end: usize) -> Option<usize> {
    let mut k = end.min(bytes.len());
    let end = k;
    while k > 0 && ascii_space(bytes[k - 1]) {
        k -= 1;
    }
    (k < end).then_some(k)
}

/// The word (where it starts, and its bytes) before the run of ASCII white space ending at byte
/// `end`: what a pattern's `word \s+` puts before `end`; `None` when no white space ends there.
pub fn ascii_word_before_spaces(bytes: &[u8], end: usize) -> Option<(usize, &[u8])> {
    ascii_spaces_before(bytes, end).map(|end| ascii_word_before(bytes, end))
}

/// Whether `word` is one of the lower-case ASCII `options`, in any case.
pub fn is_one_of(word: &[u8], options: &[&str]) -> bool {
    options.iter().any(|o| word.eq_ignore_ascii_case(o.as_bytes()))
}

/// What the patterns' `\s` matches among ASCII bytes (`u8::is_ascii_whitespace` leaves out the
/// vertical tab).
#[inline]
pub fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The word just before byte `pos` (letters, digits, apostrophes and hyphens), lower-cased.
pub fn prev_word(text: &str, pos: usize) -> String {
    prev_word_as_written(text, pos).to_lowercase()
}

/// The word just before byte `pos`, as written.
pub fn prev_word_as_written(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("");
    let trimmed = before.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '\'' || *c == '-' || *c == '’')
        .last()
        .map(|(i, _)| i)
        .unwrap_or(trimmed.len());
    trimmed.get(start..).unwrap_or("")
}

/// The word just after byte `pos`, as written.
pub fn next_word(text: &str, pos: usize) -> &str {
    let after = text.get(pos..).unwrap_or("");
    let trimmed = after.trim_start();
    let end = trimmed
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '\'' || *c == '-'))
        .map(|(i, _)| i)
        .unwrap_or(trimmed.len());
    trimmed.get(..end).unwrap_or("")
}

/// Whether only spaces (no punctuation) separate `pos` from the next word.
pub fn next_word_adjacent(text: &str, pos: usize) -> bool {
    text.get(pos..).and_then(|s| s.chars().next()).is_some_and(|c| c == ' ')
}

pub fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The character just before byte `pos`, if any.
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The character at byte `pos`, if any.
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// Whether a number continues at `pos` ("5,000", "3.5", "12:30"): digits after a separator.
pub fn number_continues(text: &str, pos: usize) -> bool {
    let rest = text.get(pos..).unwrap_or("");
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), _) if c.is_ascii_digit() => true,
        (Some(',' | '.' | ':' | '/'), Some(d)) => d.is_ascii_digit(),
        _ => false,
    }
}

/// A count written in words or digits: "two", "twenty-five", "48", "2.5", "a". "X" when vague.
pub fn parse_count(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if matches!(s.as_str(), "several" | "a few" | "few" | "many" | "some" | "recent" | "a couple of" | "couple of") {
        if s.contains("couple") {
            return Some("2".to_string());
        }
        return Some("X".to_string());
    }
    if let Ok(v) = s.replace(',', "").parse::<f64>() {
        return Some(crate::expr::format_number(v));
    }
    let lex = lexicon();
    let mut total: i64 = 0;
    let mut any = false;
    let parts: Vec<&str> = s.split([' ', '-']).filter(|p| !p.is_empty() && *p != "and").collect();
    // "a four-week streak": the article is not part of the number.
    let parts = match parts.as_slice() {
        [first, rest @ ..] if !rest.is_empty() && matches!(*first, "a" | "an") => rest,
        all => all,
    };
    for part in parts {
        let v = lex.int("number", part)?;
        any = true;
        if v == 100 {
            total = total.max(1) * 100;
        } else {
            total += v;
        }
    }
    any.then(|| total.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(prev_word("fell in  March", 9), "in");
        assert_eq!(next_word("Sunday Times said", 6), "Times");
        assert!(number_continues("5,000 people", 1));
        assert!(!number_continues("5, 2021", 1));
        assert_eq!(parse_count("twenty-five").as_deref(), Some("25"));
        assert_eq!(parse_count("an").as_deref(), Some("1"));
        assert_eq!(parse_count("a four").as_deref(), Some("4"));
        assert_eq!(parse_count("2.5").as_deref(), Some("2.5"));
        assert_eq!(parse_count("several").as_deref(), Some("X"));
        assert_eq!(parse_count("blue"), None);
    }
}
