//! Running the pipeline in-process over extractor inputs, exactly as `newsgraph extract` would:
//! each input is read by the same JSONL reader (same id, date and text checks) and the finished
//! document is rendered to the same JSON.

use newsgraph_pipeline::input::Reader;
use newsgraph_pipeline::Pipeline;
use rayon::prelude::*;
use serde_json::{json, Value};

/// One extractor input `{id, text[, date]}` built from a gold record: the id as the suite
/// reads it, the record's text as it is, and the document date when the suite has one.
pub fn input_record(id: Value, gold: &Value, date: Option<Value>) -> Value {
    let mut input = serde_json::Map::new();
    input.insert("id".into(), id);
    input.insert("text".into(), gold.get("text").cloned().unwrap_or(Value::Null));
    if let Some(date) = date {
        input.insert("date".into(), date);
    }
    Value::Object(input)
}

/// The output object of each input, in order (`{}` for records the reader refused), and the
/// refusals with their reasons.
pub fn run_pipeline(inputs: &[Value]) -> (Vec<Value>, Vec<String>) {
    let pipeline = Pipeline::standard();
    let reader = Reader::default();
    let results: Vec<Result<Value, String>> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let line = input.to_string();
            let name = format!("record {}", i + 1);
            let article = reader.read_jsonl(&name, line.as_bytes()).into_iter().next().ok_or_else(|| format!("{name}: empty"))?;
            let article = article.map_err(|e| e.to_string())?;
            let doc = pipeline.process(article);
            serde_json::from_str(&doc.to_json()).map_err(|e| format!("{name}: output is not JSON: {e}"))
        })
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(v) => outputs.push(v),
            Err(e) => {
                failures.push(e);
                outputs.push(json!({}));
            }
        }
    }
    (outputs, failures)
}
