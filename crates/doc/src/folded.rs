//! Tokens folded for matching: lower-cased, curly apostrophes made straight. The stages that
//! compare words against lexicons (quotes, events) fold a document once and borrow the words.

use crate::Doc;
use std::borrow::Cow;

/// Every token of a document lower-cased, curly apostrophes made straight, in one buffer: one
/// allocation per document instead of one per token and sentence view.
#[derive(Debug, Clone)]
pub struct FoldedTokens {
    /// The document's text with its ASCII letters lower-cased (one pass over the whole text, where
    /// ASCII tokens read their folded text in place), then the folded text of every other token.
    text: String,
    /// Byte range of each token's folded text in `text`.
    spans: Vec<(usize, usize)>,
}

impl FoldedTokens {
    pub fn new(doc: &Doc) -> Self {
        // Room for the folded non-ASCII tokens (curly quotes and apostrophes, accented names)
        // after the text, so that appending them rarely copies the text to a larger buffer.
        let mut text = String::with_capacity(doc.text.len() + doc.text.len() / 8 + 64);
        text.push_str(&doc.text);
        text.make_ascii_lowercase();
        let mut spans = Vec::with_capacity(doc.tokens.len());
        for t in &doc.tokens {
            match doc.text.get(t.start..t.end) {
                Some(word) if word.is_ascii() => spans.push((t.start, t.end)),
                // Folded after the text.
                word => {
                    let start = text.len();
                    push_folded(&mut text, word.unwrap_or(""));
                    spans.push((start, text.len()));
                }
            }
        }
        FoldedTokens { text, spans }
    }

    /// The folded text of token `i` ("" past the end).
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        self.spans.get(i).and_then(|&(start, end)| self.text.get(start..end)).unwrap_or("")
    }
}

/// A word folded for matching: lower-cased, curly apostrophes made straight (borrowed when it
/// already is). The one rule `FoldedTokens` applies to a document's tokens, for words that are
/// no token of it.
pub fn fold_word(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else {
        let mut out = String::with_capacity(word.len());
        push_folded(&mut out, word);
        Cow::Owned(out)
    }
}

/// `word` folded, appended to `out`: a character at a time, as `to_lowercase` of the whole word
/// folds it, or by `to_lowercase` itself for a word with a capital sigma, whose lower case
/// depends on its place in the word.
fn push_folded(out: &mut String, word: &str) {
    if word.contains('Σ') {
        out.push_str(&word.to_lowercase().replace('’', "'"));
        return;
    }
    for c in word.chars() {
        if c == '’' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FoldedTokens;
    use crate::{Doc, Token, TokenKind};

    #[test]
    fn folds_ascii_in_place_and_other_words_whole() {
        let mut doc = Doc::new("t", "Rain in ÅLBORG, ΟΔΟΣ Didn’t STOP");
        let word = |start: usize, end: usize| Token { start, end, kind: TokenKind::Word };
        let text = doc.text.clone();
        let at = |w: &str| text.find(w).unwrap_or(0);
        let (alborg, odos, didnt) = (at("ÅLBORG"), at("ΟΔΟΣ"), at("Didn"));
        doc.tokens = vec![
            word(0, 4),
            word(5, 7),
            word(alborg, alborg + "ÅLBORG".len()),
            Token { start: alborg + "ÅLBORG".len(), end: alborg + "ÅLBORG".len() + 1, kind: TokenKind::Punct },
            word(odos, odos + "ΟΔΟΣ".len()),
            word(didnt, didnt + "Didn’t".len()),
            word(text.len() - 4, text.len()),
            // A span that is no slice of the text folds to nothing.
            word(alborg + 1, alborg + 3),
        ];
        let folded = FoldedTokens::new(&doc);
        let words: Vec<&str> = (0..doc.tokens.len()).map(|i| folded.get(i)).collect();
        // A word-final capital sigma folds to "ς", as `to_lowercase` of the whole word gives.
        assert_eq!(words, ["rain", "in", "ålborg", ",", "οδος", "didn't", "stop", ""]);
        assert_eq!(folded.get(doc.tokens.len()), "");
    }

    #[test]
    fn tokens_folded_one_by_one() {
        let text = "Ms ÅSA Öberg DIDN’T say IT’S “Fine” at 10:30, O’NEILL said. İstanbul ǅemal";
        let mut doc = Doc::new("d", text);
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    doc.tokens.push(Token { start: s, end: i, kind: TokenKind::Word });
                    start = None;
                }
                _ => {}
            }
        }
        // A token off a character boundary reads as empty.
        doc.tokens.push(Token { start: 4, end: 6, kind: TokenKind::Word });
        let folded = FoldedTokens::new(&doc);
        for (i, t) in doc.tokens.iter().enumerate() {
            assert_eq!(folded.get(i), t.text(text).to_lowercase().replace('’', "'"), "token {i}");
        }
        assert_eq!(folded.get(3), "didn't");
        assert_eq!(folded.get(1), "åsa");
        assert_eq!(folded.get(doc.tokens.len()), "");
    }

    proptest::proptest! {
        /// Each token folds as `to_lowercase` of the whole word with straight apostrophes.
        #[test]
        fn tokens_fold_as_whole_words_do(words in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(vec![
            "a", "Q", "’", "'", "Σ", "σ", "İ", "ẞ", "Å", "ǅ", "Ω", "é", "Ж", "-", "1", "\u{1F600}",
        ]), 1..6), 1..8)) {
            let words: Vec<String> = words.iter().map(|w| w.concat()).collect();
            let text = words.join(" ");
            let mut doc = Doc::new("p", text.clone());
            let mut at = 0;
            for w in &words {
                doc.tokens.push(Token { start: at, end: at + w.len(), kind: TokenKind::Word });
                at += w.len() + 1;
            }
            let folded = FoldedTokens::new(&doc);
            for (i, w) in words.iter().enumerate() {
                proptest::prop_assert_eq!(folded.get(i), w.to_lowercase().replace('’', "'"));
                proptest::prop_assert_eq!(super::fold_word(w), w.to_lowercase().replace('’', "'"));
            }
        }
    }

    #[test]
    fn a_document_folds_once_until_its_tokens_change() {
        use std::borrow::Cow;
        let mut doc = Doc::new("c", "Ships LEFT Port");
        doc.tokens = vec![Token { start: 0, end: 5, kind: TokenKind::Word }, Token { start: 6, end: 10, kind: TokenKind::Word }];
        let first = doc.folded_tokens();
        assert!(matches!(first, Cow::Borrowed(_)));
        assert_eq!((first.get(0), first.get(1)), ("ships", "left"));
        let first_text = first.get(1).as_ptr();
        // The second call reads the same buffer.
        assert_eq!(doc.folded_tokens().get(1).as_ptr(), first_text);

        // Grown and replaced token lists are folded afresh, not read from the stale cache.
        doc.tokens.push(Token { start: 11, end: 15, kind: TokenKind::Word });
        assert_eq!(doc.folded_tokens().get(2), "port");
        doc.tokens = vec![Token { start: 11, end: 15, kind: TokenKind::Word }];
        assert_eq!(doc.folded_tokens().get(0), "port");
        assert_eq!(doc.folded_tokens().get(1), "");
    }
}
