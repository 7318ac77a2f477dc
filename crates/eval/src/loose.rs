//! Reading loosely typed JSON the way the reference scorers (Python) do: a missing field, a null
//! and an empty string are all "nothing", numbers print as Python prints them, and a prediction
//! item without offsets is located by its text. Keeping these rules in one place is what makes
//! `newsgraph eval` agree with the scorers figure for figure.

use crate::offsets::{CharOffsets, CharSpan};
use serde_json::Value;

/// Python truthiness of a JSON value.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `obj.get(key)` when it is truthy.
pub fn get_truthy<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| truthy(v))
}

/// Python's `str(x)` for a JSON value.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// `str(x or "")`: nothing becomes the empty string.
pub fn py_str_or_empty(v: Option<&Value>) -> String {
    match v {
        Some(v) if truthy(v) => py_str(v),
        _ => String::new(),
    }
}

/// A JSON integer (Python's `isinstance(x, int)`, booleans included).
pub fn as_int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_u64().map(|u| u.min(i64::MAX as u64) as i64)),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// A string field, or "" (for fields the scorers read with `.get(k, "")` or `or ""`).
pub fn str_field<'a>(obj: &'a Value, key: &str) -> &'a str {
    obj.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `as_list(x)`: nothing is an empty list, a list is itself, anything else a list of one.
pub fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
    }
}

/// The items of a list field (`x.get(k) or []`).
pub fn list_field<'a>(obj: &'a Value, key: &str) -> &'a [Value] {
    obj.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// Character span of a predicted item: its own `start`/`end` (UTF-8 bytes) converted to
/// characters, else its `text` found in the document, else nothing.
pub fn predicted_span(obj: &Value, text: &str, offsets: &CharOffsets) -> Option<CharSpan> {
    if !obj.is_object() {
        return None;
    }
    if let (Some(s), Some(e)) = (as_int(obj.get("start")), as_int(obj.get("end"))) {
        return Some((offsets.char_of_byte(s) as i64, offsets.char_of_byte(e) as i64));
    }
    let t = obj.get("text").and_then(Value::as_str).filter(|t| !t.is_empty())?;
    let at = text.find(t)?;
    let start = offsets.char_of_boundary(at) as i64;
    Some((start, start + t.chars().count() as i64))
}

/// The name of a speaker or actor: a string, or the first of `name`, `canonical`, `text` given.
pub fn name_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(obj @ Value::Object(_)) => ["name", "canonical", "text"]
            .iter()
            .find_map(|k| get_truthy(obj, k))
            .map(py_str)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Python's `str.isspace` for one character (Unicode White_Space plus the ASCII separators).
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spans_come_from_offsets_or_text() {
        let text = "Anna said “yes” twice.";
        let o = CharOffsets::new(text);
        // Byte offsets of "yes": after the 3-byte opening mark.
        let b = text.find("yes").unwrap();
        let with_offsets = json!({"start": b, "end": b + 3});
        assert_eq!(predicted_span(&with_offsets, text, &o), Some((11, 14)));
        let by_text = json!({"text": "twice"});
        assert_eq!(predicted_span(&by_text, text, &o), Some((16, 21)));
        assert_eq!(predicted_span(&json!({"text": "never"}), text, &o), None);
        assert_eq!(predicted_span(&json!("yes"), text, &o), None);
    }

    #[test]
    fn names_and_strings_follow_python() {
        assert_eq!(name_of(Some(&json!({"name": "", "text": "Ola Berg"}))), "Ola Berg");
        assert_eq!(name_of(Some(&json!("she"))), "she");
        assert_eq!(name_of(None), "");
        assert_eq!(py_str(&json!(42)), "42");
        assert_eq!(py_str(&Value::Null), "None");
        assert_eq!(as_list(Some(&json!({"a": 1}))).len(), 1);
        assert!(as_list(Some(&Value::Null)).is_empty());
    }
}
