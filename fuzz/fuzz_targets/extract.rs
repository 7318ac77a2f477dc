//! Arbitrary bytes → the input reader (as JSONL or as a plain-text file) → the whole pipeline →
//! JSON. Must never panic, and every offset in the output must be valid for the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph_pipeline::input::Reader;
use newsgraph_pipeline::{Article, Pipeline};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::standard)
}

/// Every `start`/`end` pair in the output lies inside `text`, on char boundaries, in order.
fn check(text: &str, value: &serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(s), Some(e)) = (map.get("start").and_then(|v| v.as_u64()), map.get("end").and_then(|v| v.as_u64())) {
                let (s, e) = (s as usize, e as usize);
                assert!(s <= e && e <= text.len(), "offsets {s}..{e} outside a text of {} bytes", text.len());
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "offsets {s}..{e} off char boundaries");
            }
            map.values().for_each(|v| check(text, v));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| check(text, v)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else { return };
    let reader = Reader::default();
    let articles: Vec<Article> = if mode & 1 == 0 {
        reader.read_jsonl("fuzz.jsonl", bytes).into_iter().filter_map(Result::ok).collect()
    } else {
        // The plain-text path: what `Reader::read` does with a file's bytes.
        match std::str::from_utf8(bytes) {
            Ok(text) if !text.trim().is_empty() => vec![Article { id: "fuzz.txt".into(), text: text.to_string(), ..Default::default() }],
            _ => Vec::new(),
        }
    };
    for article in articles {
        let text = article.text.clone();
        let doc = pipeline().process(article);
        let json: serde_json::Value = serde_json::from_str(&doc.to_json()).expect("output is JSON");
        check(&text, &json);
    }
});
