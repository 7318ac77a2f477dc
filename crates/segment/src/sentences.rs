//! Sentence ends, decided on tokens.

use crate::tokenize::is_quote_char;
use newsgraph_doc::{Token, TokenKind};
use newsgraph_knowledge::{kb, AbbrevKind};
use std::ops::Range;

/// Words that typically open a sentence: after an ambiguous abbreviation ("… in the U.S. The
/// next day…"), a capitalised one of these means the sentence did end.
const OPENERS: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those", "But", "And", "In",
    "On", "At", "For", "However", "Meanwhile", "His", "Her", "Its", "Their", "Our", "There", "When", "While", "After",
    "Before", "As", "If", "So", "Yet", "Still", "Also", "According", "Earlier", "Later", "Now", "Then", "What", "Why",
    "How", "Who", "Some", "Many", "Most", "No", "Nor", "Or", "Instead", "Since", "Although", "Though", "Despite",
];

/// A sentence longer than this many tokens is cut at its next comma or semicolon, so that later
/// stages, which look at whole sentences, stay linear on text without punctuation.
const MAX_SENTENCE_TOKENS: usize = 400;

fn is_closer(text: &str, tokens: &[Token], j: usize) -> bool {
    let t = &tokens[j];
    let s = t.text(text);
    match s {
        ")" | "]" | "}" => true,
        "”" | "’" | "»" | "›" | "」" | "』" => true,
        // A straight quote closes only when glued to what precedes it.
        "\"" | "'" => j > 0 && tokens[j - 1].end == t.start,
        _ => false,
    }
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "?!" | "!?") || (s.len() >= 3 && s.bytes().all(|b| b == b'.'))
}

fn starts_upper_or_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Split `tokens` (one block's) into sentences; returns index ranges into `tokens`.
pub fn split(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let n = tokens.len();
    let bytes = text.as_bytes();
    while i < n {
        let t = &tokens[i];
        // Most tokens are words without a final stop: told by their kind and last byte, without
        // slicing the text (token spans are on character boundaries).
        let dotted_abbrev = t.kind == TokenKind::Word && t.end.saturating_sub(t.start) > 2 && bytes.get(t.end.wrapping_sub(1)) == Some(&b'.');
        if t.kind != TokenKind::Punct && !dotted_abbrev {
            i += 1;
            continue;
        }
        let s = t.text(text);
        if !(t.kind == TokenKind::Punct && is_terminal(s)) && !dotted_abbrev {
            if i + 1 - start >= MAX_SENTENCE_TOKENS && matches!(s, "," | ";") {
                out.push(start..i + 1);
                start = i + 1;
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && (is_closer(text, tokens, j) || (tokens[j].kind == TokenKind::Punct && is_terminal(tokens[j].text(text)))) {
            j += 1;
        }
        if j >= n {
            break;
        }
        let next = tokens[j].text(text);
        let next_opens = starts_upper_or_digit(next)
            || (tokens[j].kind == TokenKind::Quote && tokens.get(j + 1).is_some_and(|t2| starts_upper_or_digit(t2.text(text))))
            || matches!(tokens[j].kind, TokenKind::Handle | TokenKind::Hashtag)
            || matches!(next, "(" | "[" | "•" | "-" | "—");
        // A stop glued to the next word ("N.Y.", "D-N.Y.") sits inside an abbreviation.
        let glued_to_word = j == i + 1 && t.end == tokens[j].start && tokens[j].kind == TokenKind::Word;
        let mut boundary = next_opens && !glued_to_word;
        if boundary && s == "." && i > start {
            let prev = tokens[i - 1].text(text);
            let glued = tokens[i - 1].end == t.start;
            if glued {
                match kb().abbreviations.get(prev) {
                    Some(AbbrevKind::Title) => boundary = false,
                    Some(AbbrevKind::Month) => boundary = !next.starts_with(|c: char| c.is_ascii_digit()) && OPENERS.contains(&next),
                    Some(AbbrevKind::Other) => boundary = OPENERS.contains(&next),
                    None => {
                        // An initial ("J. Smith"), but not a one-letter word ending a sentence ("Plan B.").
                        let initial = prev.chars().count() == 1 && prev.chars().all(|c| c.is_uppercase());
                        if initial && !OPENERS.contains(&next) {
                            boundary = false;
                        }
                    }
                }
            }
        }
        if boundary && dotted_abbrev {
            boundary = OPENERS.contains(&next);
        }
        if boundary && (s == "..." || s == "…") {
            // An ellipsis inside a quotation marks an omission, not an end, unless a capital follows.
            boundary = starts_upper_or_digit(next) || is_quote_char(next.chars().next().unwrap_or(' '));
        }
        if boundary {
            out.push(start..j);
            start = j;
        }
        i = j;
    }
    if start < n {
        out.push(start..n);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::segment;

    fn sents(text: &str) -> Vec<String> {
        let d = segment(text);
        d.sentences.iter().map(|s| text[s.start..s.end].to_string()).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let s = sents("Mr. Okafor met Gen. J. R. Alvarez on Nov. 3 in the U.S. capital. They spoke for 2,000 seconds.");
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].ends_with("capital."));
    }

    #[test]
    fn closing_quote_with_space_before_it_stays_with_its_sentence() {
        let s = sents("“Talks are under way. This is risky. ”The agency quoted her as saying.");
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[1], "This is risky. ”");
    }

    #[test]
    fn ellipsis_inside_quote_is_not_an_end() {
        let s = sents("“We will help ... the other 300 to go home,” she said. Then she left.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn question_and_exclamation_with_quotes() {
        let s = sents("\"Why now?\" he asked. \"Because!\" She laughed.");
        assert_eq!(s, vec!["\"Why now?\" he asked.", "\"Because!\"", "She laughed."]);
    }

    #[test]
    fn stop_glued_to_a_word_is_inside_an_abbreviation() {
        let s = sents("Senator Ruth Dale (D-N.Y.) voted against it. The bill\u{200B} failed.");
        assert_eq!(s, vec!["Senator Ruth Dale (D-N.Y.) voted against it.", "The bill\u{200B} failed."]);
    }

    #[test]
    fn zero_width_space_is_no_token() {
        let d = segment("the\u{200B} vote\u{FEFF}");
        let words: Vec<&str> = d.tokens.iter().map(|t| &d.text[t.start..t.end]).collect();
        assert_eq!(words, vec!["the", "vote"]);
    }

    #[test]
    fn lowercase_after_period_in_number_or_url_does_not_split() {
        let s = sents("Growth was 3.5 percent, see www.example.org/report.html for more. Prices rose.");
        assert_eq!(s.len(), 2, "{s:?}");
    }
}
