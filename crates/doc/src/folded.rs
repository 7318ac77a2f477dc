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
        let mut text = String::with_capacity(doc.text.len());
        let mut ends = Vec::with_capacity(doc.tokens.len());
        for t in &doc.tokens {
            let word = t.text(&doc.text);
            if word.is_ascii() {
                // Copied whole, then folded in place: no per-character push.
                let start = text.len();
                text.push_str(word);
                text[start..].make_ascii_lowercase();
            } else {
                text.push_str(&word.to_lowercase().replace('’', "'"));
            }
            ends.push(text.len());
        }
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
