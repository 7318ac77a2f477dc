//! Property tests: the whole pipeline over generated text never panics, and every offset it
//! writes lies inside the text, on char boundaries, with start <= end.

mod common;

use chrono::NaiveDate;
use newsgraph_doc::Doc;
use newsgraph_pipeline::Pipeline;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::standard)
}

/// Pieces of news copy that exercise the stages' special cases: every kind of quotation mark,
/// bullets, dashes, line breaks, numbers and dates, titles, abbreviations, cue words, handles.
const PIECES: &[&str] = &[
    "\"", "'", "“", "”", "‘", "’", "„", "«", "»", "‹", "›", "「", "」", "＂", "\n", "\n\n", "\r\n", " ", "  ", "\t",
    "• ", "- ", "— ", "– ", "* ", "· ", ".", ",", "!", "?", "...", "…", ":", ";", "(", ")", "[", "]", "/", "%", "&",
    "0", "7", "12", "2,000", "3.5", "1990s", "17th", "2024", "March 3, 2024", "on Tuesday", "last week", "next month",
    "Nov.", "U.S.", "Mr.", "Dr. J. Smith", "Gen.", "e.g.", "said", "told reporters", "according to", "As", "noted",
    "the agency quoted him as saying", "he", "she", "they", "her", "his", "The", "President", "Prime Minister",
    "Foreign Ministry", "spokeswoman", "Estonian", "Latvian", "Tallinn", "Riga", "NATO", "EU", "Anna", "Kask",
    "Kalniņa", "Ozoliņš", "Zürich", "Ünal", "İstanbul", "Łódź", "Ελλάδα", "Москва", "北京", "🙂", "\u{200b}", "\u{a0}",
    "@handle", "#tag", "http://example.org/a.b?c=d", "pic.twitter.com/x", "- Anna Kask (@akask) May 1, 2020",
    "Photo: Ivo Tamm / ERR", "©", "By Mari Saar", "accused", "agreed", "signed", "rejected", "met", "warned",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "[A-Z][a-z]{0,9}",
        1 => "\\PC{0,6}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn news_like_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..120).prop_map(|pieces| {
        let mut text = String::new();
        for (i, p) in pieces.iter().enumerate() {
            // Mostly space-separated, sometimes glued, as in real copy ("said.”", "(@h)").
            if i > 0 && i % 3 != 0 {
                text.push(' ');
            }
            text.push_str(p);
        }
        text
    })
}

fn run_and_check(text: &str, date: Option<NaiveDate>) -> Result<(), TestCaseError> {
    let doc: Doc = pipeline().annotate_text(text, date);
    let output: Value = serde_json::from_str(&doc.to_json()).map_err(|e| TestCaseError::fail(format!("output is not JSON: {e}")))?;
    common::check_offsets(text, &output).map_err(TestCaseError::fail)?;
    // Sentences point at existing blocks and lie inside them.
    for s in &doc.sentences {
        let b = doc.blocks.get(s.block).ok_or_else(|| TestCaseError::fail("sentence of a missing block"))?;
        prop_assert!(b.start <= s.start && s.end <= b.end, "sentence {s:?} outside its block {b:?}");
    }
    for q in &doc.quotes {
        prop_assert!(q.block < doc.blocks.len(), "quote {} of a missing block", q.id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        run_and_check(&text, None)?;
    }

    #[test]
    fn news_like_mixes_never_panic_and_keep_offsets_valid(text in news_like_text(), dated in any::<bool>()) {
        run_and_check(&text, dated.then(|| NaiveDate::from_ymd_opt(2024, 3, 6).unwrap()))?;
    }
}

#[test]
fn hand_picked_edge_cases() {
    for text in ["", " ", "\n\n\n", "“", "\"\"\"", "• ", "- (@a)", "A.", "...", "—", "«»", "Mr.", "1.", "@", "#", "http://", "\u{feff}Title\n\nBody."] {
        run_and_check(text, NaiveDate::from_ymd_opt(2024, 1, 1)).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}
