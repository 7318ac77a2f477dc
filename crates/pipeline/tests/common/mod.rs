//! Checks shared by the schema and property tests: they read the serialised output, so they see
//! exactly what a consumer sees.

use serde_json::Value;

/// Every `start`/`end` pair anywhere in `output` (blocks, sentences, mentions, speakers, cues,
/// triggers, post signatures…) must satisfy `start <= end <= text.len()` and lie on char
/// boundaries of `text`; `document.length` must be the text's length. Returns the first breach.
pub fn check_offsets(text: &str, output: &Value) -> Result<(), String> {
    let length = output.pointer("/document/length").and_then(Value::as_u64);
    if length != Some(text.len() as u64) {
        return Err(format!("document.length is {length:?}, the text has {} bytes", text.len()));
    }
    walk(text, output, "")
}

fn walk(text: &str, value: &Value, path: &str) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            if let (Some(s), Some(e)) = (map.get("start"), map.get("end")) {
                let (Some(s), Some(e)) = (s.as_u64(), e.as_u64()) else {
                    return Err(format!("{path}: start/end are not unsigned integers"));
                };
                let (s, e) = (s as usize, e as usize);
                if s > e {
                    return Err(format!("{path}: start {s} > end {e}"));
                }
                if e > text.len() {
                    return Err(format!("{path}: end {e} beyond the text's {} bytes", text.len()));
                }
                if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                    return Err(format!("{path}: {s}..{e} is not on char boundaries"));
                }
                // A `text` beside the offsets is documented as a copy of the slice.
                if let Some(Value::String(copy)) = map.get("text") {
                    if copy != &text[s..e] && !path.contains("/quotes/") {
                        return Err(format!("{path}: text {copy:?} differs from the slice {:?}", &text[s..e]));
                    }
                }
            }
            for (k, v) in map {
                walk(text, v, &format!("{path}/{k}"))?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(text, v, &format!("{path}/{i}"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
