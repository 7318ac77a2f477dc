//! Segmentation: the first stage, which turns raw text into blocks, sentences and tokens.
//!
//! Design: three passes, each in its own file. [`blocks`] cuts the text into paragraphs and gives
//! each a role (body, heading, caption, credit, embedded post, byline, dateline, title), because
//! real copy mixes prose with photo captions, agency credits and pasted tweets, and later stages
//! must not read an event out of a caption. [`tokenize`] splits each block into typed tokens (words,
//! numbers such as `2,000` and `3.5`, URLs, `@handles`, `#hashtags`, quotation marks, punctuation)
//! with byte offsets. [`sentences`] then decides sentence ends on tokens, which is where
//! abbreviations ("Nov. 17", "U.S.", "Mr."), initials, ellipses and a space before a closing quote
//! are handled. Nothing is dropped: every byte of non-space text belongs to some block.

pub mod blocks;
pub mod sentences;
pub mod tokenize;

use newsgraph_doc::{Doc, Sentence, Stage};

/// The segmentation stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Segmenter;

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn annotate(&self, doc: &mut Doc) {
        let blocks = blocks::find_blocks(&doc.text);
        doc.blocks = blocks;
        doc.tokens.clear();
        doc.sentences.clear();
        // English prose has a token every five or six bytes: one allocation for the tokens
        // rather than a dozen doublings with their copies.
        doc.tokens.reserve(doc.text.len() / 5 + 16);
        for bi in 0..doc.blocks.len() {
            let (start, end) = (doc.blocks[bi].start, doc.blocks[bi].end);
            let first_token = doc.tokens.len();
            tokenize::tokenize_into(&doc.text, start, end, &mut doc.tokens);
            let first_sentence = doc.sentences.len();
            let tokens = &doc.tokens[first_token..];
            for range in sentences::split(&doc.text, tokens) {
                let (ts, te) = (first_token + range.start, first_token + range.end);
                doc.sentences.push(Sentence {
                    start: doc.tokens[ts].start,
                    end: doc.tokens[te - 1].end,
                    block: bi,
                    tokens: ts..te,
                });
            }
            doc.blocks[bi].sentences = first_sentence..doc.sentences.len();
        }
        if doc.title.is_none() {
            if let Some(b) = doc.blocks.first().filter(|b| b.role == newsgraph_doc::BlockRole::Title) {
                doc.title = Some(doc.text[b.start..b.end].trim().to_string());
            }
        }
    }
}

/// Segment a text on its own (for tests and tools).
pub fn segment(text: &str) -> Doc {
    let mut doc = Doc::new("", text);
    Segmenter.annotate(&mut doc);
    doc
}
