//! Tokens folded for matching: lower-cased, curly apostrophes made straight. The stages that
//! compare words against lexicons (quotes, events) fold a document once and borrow the words.

use crate::Doc;

/// Every token of a document lower-cased, curly apostrophes made straight, laid end to end in one
/// buffer: one allocation per document instead of one per token and sentence view.
pub struct FoldedTokens {
    text: String,
    /// Where each token's folded text ends in `text`.
    ends: Vec<usize>,
}

impl FoldedTokens {
    pub fn new(doc: &Doc) -> Self {
        // The whole text lower-cased in one pass (ASCII letters only), then an ASCII token (most
        // of them) is one copy from it; others are folded by `to_lowercase` as they come.
        let lower = doc.text.to_ascii_lowercase();
        let mut bytes: Vec<u8> = Vec::with_capacity(doc.text.len() + 16);
        let mut ends = Vec::with_capacity(doc.tokens.len());
        for t in &doc.tokens {
            let word = t.text(&doc.text);
            if word.is_ascii() {
                bytes.extend_from_slice(lower.as_bytes().get(t.start..t.start + word.len()).unwrap_or_default());
            } else {
                bytes.extend_from_slice(word.to_lowercase().replace('’', "'").as_bytes());
            }
            ends.push(bytes.len());
        }
        // Whole strings and lower-cased ASCII only: the bytes are UTF-8.
        let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        FoldedTokens { text, ends }
    }

    /// The folded text of token `i` ("" past the end).
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Token, TokenKind};

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
}
