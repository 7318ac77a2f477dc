//! newsgraph-eval: how accurate newsgraph is on gold-annotated news, measured exactly as the
//! reference scorers measure it, with every miss explained.
//!
//! Design: a [`Suite`] knows one gold format. It turns gold records into extractor inputs
//! (`{id, text, date?}`, built the way the reference scorers build them), and scores the
//! extractor's output against the gold. Scoring reads the output as JSON — the same
//! `newsgraph/1` objects `newsgraph extract` prints — through [`loose`], which reads fields the
//! way the Python scorers do, so the figures agree with theirs to the last digit and any tool
//! speaking the schema can be scored too. Gold offsets count characters and output offsets count
//! UTF-8 bytes; [`offsets`] converts between them and all comparisons happen in characters.
//! Besides the scorer's measures, a suite files every miss under an error class with its evidence
//! (document, offsets, gold and predicted text) in a [`Report`].
//!
//! Suites: [`quotes::QuotesSuite`] (GGT, PolNeAR), [`meantime::MeantimeSuite`] (names and dates),
//! [`events::EventsSuite`] (PLOVER, PETR2). [`extract`] runs the pipeline in-process.

pub mod events;
pub mod extract;
pub mod loose;
pub mod meantime;
pub mod offsets;
pub mod quotes;
pub mod report;

pub use report::{Miss, Report};
use serde_json::Value;

/// One gold format and its measures.
pub trait Suite: Sync {
    /// Short name: "quotes", "names", "time", "meantime", "events".
    fn name(&self) -> &'static str;
    /// The extractor input (`{id, text, date?}`) for each gold record, in order.
    fn inputs(&self, records: &[Value]) -> Vec<Value>;
    /// Score the extractor's output (one JSON object per record, in order; `{}` when the
    /// extractor produced nothing) against the gold records.
    fn score(&self, records: &[Value], predictions: &[Value]) -> Report;
}

/// The suite for a name given on the command line.
pub fn suite(name: &str) -> Option<Box<dyn Suite>> {
    Some(match name {
        "quotes" => Box::new(quotes::QuotesSuite),
        "names" => Box::new(meantime::MeantimeSuite { names: true, time: false, no_date: false }),
        "time" => Box::new(meantime::MeantimeSuite { names: false, time: true, no_date: false }),
        "meantime" => Box::new(meantime::MeantimeSuite::both()),
        "events" => Box::new(events::EventsSuite),
        _ => return None,
    })
}

/// Read a gold JSONL file (one record a line; blank lines skipped).
pub fn read_gold(path: &str) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("{path}:{}: {e}", i + 1)))
        .collect()
}

/// Score one gold file with a suite, running the pipeline in-process. `limit` keeps the first
/// records only.
pub fn evaluate_file(suite: &dyn Suite, path: &str, limit: Option<usize>) -> Result<Report, String> {
    let records = read_records(path, limit)?;
    let inputs = suite.inputs(&records);
    let (predictions, failures) = extract::run_pipeline(&inputs);
    Ok(finish(suite, path, &records, &predictions, failures))
}

/// Score one gold file with a suite against output already extracted (by newsgraph or any tool
/// printing the same schema): a JSONL file of output objects, matched to records by `id`.
pub fn evaluate_predictions(suite: &dyn Suite, path: &str, predictions_path: &str, limit: Option<usize>) -> Result<Report, String> {
    let records = read_records(path, limit)?;
    let text = std::fs::read_to_string(predictions_path).map_err(|e| format!("{predictions_path}: {e}"))?;
    // Lines that are not JSON objects are skipped, as the reference scorers skip them.
    let by_id: std::collections::HashMap<String, Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l.trim()).ok())
        .filter(Value::is_object)
        .map(|p| (loose::py_str(p.get("id").unwrap_or(&Value::Null)), p))
        .collect();
    let predictions: Vec<Value> = suite
        .inputs(&records)
        .iter()
        .map(|d| by_id.get(&loose::py_str(d.get("id").unwrap_or(&Value::Null))).cloned().unwrap_or_else(|| Value::Object(Default::default())))
        .collect();
    Ok(finish(suite, path, &records, &predictions, Vec::new()))
}

fn read_records(path: &str, limit: Option<usize>) -> Result<Vec<Value>, String> {
    let mut records = read_gold(path)?;
    if records.is_empty() {
        return Err(format!("{path}: no records"));
    }
    if let Some(n) = limit {
        records.truncate(n);
    }
    Ok(records)
}

fn finish(suite: &dyn Suite, path: &str, records: &[Value], predictions: &[Value], failures: Vec<String>) -> Report {
    let mut report = suite.score(records, predictions);
    report.file = path.to_string();
    report.records = records.len();
    report.failures = failures;
    report
}
