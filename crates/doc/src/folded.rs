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
        let bytes = doc.text.as_bytes();
        // The ASCII run the tokens are in: bytes `ascii_from..ascii_to` are all ASCII, and
        // `ascii_to` is the next other byte (or the end). A token inside it is an ASCII slice of
        // the text (its ends are character boundaries: the byte at its end, if any, is ASCII or
        // follows one) and reads its folded text in place, without slicing and testing it.
        let (mut ascii_from, mut ascii_to) = (0, next_non_ascii(bytes, 0));
        for t in &doc.tokens {
            if t.start < t.end && t.start >= ascii_from {
                if t.start > ascii_to {
                    (ascii_from, ascii_to) = (t.start, next_non_ascii(bytes, t.start));
                }
                if t.end <= ascii_to {
                    spans.push((t.start, t.end));
                    continue;
                }
            }
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

    /// The folded text of every token in order (`get` of each index, without looking each up).
    pub fn words(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spans.iter().map(|&(start, end)| self.text.get(start..end).unwrap_or(""))
    }
}

/// The position of the first byte of `bytes` at or after `from` that is not ASCII (the length
/// when there is none; `from` when it lies past the end): eight bytes are tested at once.
fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let Some(rest) = bytes.get(from..) else { return from };
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let high = u64::from_le_bytes(word) & HIGHS;
        if high != 0 {
            return at + (high.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + chunks.remainder().iter().position(|b| !b.is_ascii()).unwrap_or(chunks.remainder().len())
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
    fn released_stage_buffers_leave_the_text_and_what_was_read() {
        let mut doc = Doc::new("r", "Anna Brandt spoke");
        let word = |start: usize, end: usize| Token { start, end, kind: TokenKind::Word };
        doc.tokens = vec![word(0, 4), word(5, 11), word(12, 17)];
        doc.sentences = vec![crate::Sentence { start: 0, end: 17, block: 0, tokens: 0..3 }];
        doc.title = Some("Brandt".into());
        assert_eq!(doc.folded_tokens().get(1), "brandt");
        doc.release_stage_buffers();
        assert!(doc.tokens.is_empty() && doc.sentences.is_empty());
        assert_eq!((doc.text.as_str(), doc.title.as_deref()), ("Anna Brandt spoke", Some("Brandt")));
        // Folded tokens asked for afterwards are folded from what is left: no tokens.
        assert_eq!(doc.folded_tokens().get(1), "");
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

    /// The folding of every token on its own (slicing the text, testing it for ASCII), as it was
    /// before the ASCII runs were read: the reference of the property test below.
    fn spans_one_by_one(doc: &Doc) -> Vec<String> {
        doc.tokens
            .iter()
            .map(|t| match doc.text.get(t.start..t.end) {
                Some(word) if word.is_ascii() => word.to_ascii_lowercase(),
                word => {
                    let mut out = String::new();
                    super::push_folded(&mut out, word.unwrap_or(""));
                    out
                }
            })
            .collect()
    }

    proptest::proptest! {
        /// Any tokens, in order or not, empty, past the end or off character boundaries, fold
        /// as they do one by one; and the next non-ASCII byte is the first one found byte by byte.
        #[test]
        fn ascii_runs_fold_as_tokens_one_by_one(
            text in "([a-zA-Z ,.]{0,12}|[’é✓\u{1F600}]){0,12}",
            raw in proptest::collection::vec((0usize..80, 0usize..14), 0..30),
            from in 0usize..90,
        ) {
            let mut doc = Doc::new("r", text.clone());
            doc.tokens = raw.iter().map(|&(start, len)| Token { start, end: start + len, kind: TokenKind::Word }).collect();
            let folded = FoldedTokens::new(&doc);
            let expected = spans_one_by_one(&doc);
            for (i, want) in expected.iter().enumerate() {
                proptest::prop_assert_eq!(folded.get(i), want.as_str(), "token {}", i);
            }
            let words: Vec<&str> = folded.words().collect();
            proptest::prop_assert_eq!(words, expected.iter().map(String::as_str).collect::<Vec<_>>());
            let bytes = text.as_bytes();
            let by_byte = if from > bytes.len() { from } else { from + bytes[from..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - from) };
            proptest::prop_assert_eq!(super::next_non_ascii(bytes, from), by_byte);
        }

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
