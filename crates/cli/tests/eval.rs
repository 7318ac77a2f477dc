//! `newsgraph eval` run as a user would, on tiny gold files in the public formats written here.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("eval-tests").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_jsonl(dir: &Path, name: &str, rows: &[Value]) -> String {
    let path = dir.join(name);
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn newsgraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph")).args(args).output().expect("the newsgraph binary runs")
}

const TEXT: &str = "“We will reopen the bridge in May,” said Lena Moritz, the city’s engineer. Traffic was light on Friday.";

fn ggt_gold() -> Value {
    let end = TEXT.chars().position(|c| c == '”').unwrap() + 1;
    let quote: String = TEXT.chars().take(end).collect();
    json!({"id": "bridge-1", "text": TEXT, "quotes": [{"reference": "Lena Moritz", "quote": {"start": 0, "end": end, "text": quote}}]})
}

#[test]
fn quotes_on_the_pipeline_print_the_scorer_lines_and_summary_last() {
    let dir = scratch("pipeline");
    let gold = write_jsonl(&dir, "gold.jsonl", &[ggt_gold()]);
    let out = newsgraph(&["eval", "quotes", &gold]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\ngold 1 (with quote marks 1); predicted "), "{text}");
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("SUMMARY recall=") && last.contains(" speaker_marked="), "{last}");
}

#[test]
fn given_predictions_are_scored_with_byte_offsets() {
    let dir = scratch("predictions");
    let gold = write_jsonl(&dir, "gold.jsonl", &[ggt_gold()]);
    // The quote in bytes: the curly marks take 3 bytes each.
    let end = TEXT.find('”').unwrap() + '”'.len_utf8();
    let predicted = write_jsonl(
        &dir,
        "out.jsonl",
        &[json!({"id": "bridge-1", "quotes": [
            {"kind": "direct", "text": "", "start": 0, "end": end, "speaker": {"entity": "E1", "name": "Lena Moritz", "start": 0, "end": 1}},
            {"kind": "indirect", "text": "", "start": end + 40, "end": end + 70, "speaker": null}
        ]})],
    );
    let out = newsgraph(&["eval", "quotes", &gold, "--predictions", &predicted, "--format", "json", "--errors"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary_line"], "SUMMARY recall=1.000 precision=0.500 f1=0.667 speaker=1.000 speaker_marked=1.000");
    assert_eq!(report["errors"][0]["class"], "spurious quote");
}

#[test]
fn a_missing_gold_file_is_an_error() {
    let out = newsgraph(&["eval", "events", "/nonexistent/gold.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/gold.jsonl"));
}
