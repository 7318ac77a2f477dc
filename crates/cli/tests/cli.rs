//! The built `newsgraph` binary, run as a user would: on the bundled sample, on bad inputs, on
//! stdin. Inputs are written to a fresh folder under the target directory.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scratch folder of this test binary's own (tests run in parallel: one folder per test).
fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn newsgraph(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the newsgraph binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stdout_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bundled_sample_gives_one_document_with_roles_and_entities() {
    let sample = repo().join("samples/article.txt");
    let out = newsgraph(&["extract", "--format", "jsonl", "--date", "2024-03-06", sample.to_str().unwrap()], None);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let docs = stdout_lines(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["schema"], "newsgraph/1");
    assert_eq!(doc["document"]["date"], "2024-03-06");
    assert_eq!(doc["document"]["date_source"], "option");
    let roles: Vec<&str> = doc["blocks"].as_array().unwrap().iter().map(|b| b["role"].as_str().unwrap()).collect();
    assert_eq!(roles[0], "title");
    assert!(roles.contains(&"caption") && roles.contains(&"credit") && roles.contains(&"embedded_post"), "{roles:?}");
    assert!(doc["sentences"].as_array().unwrap().len() > 30);
    let entities = doc["entities"].as_array().unwrap();
    assert!(entities.len() >= 5, "too few entities: {}", entities.len());
    let estonia = entities.iter().find(|e| e["name"] == "Estonia").expect("Estonia is an entity");
    assert_eq!(estonia["type"], "GPE");
    assert_eq!(estonia["country"], "EST");
}

#[test]
fn pretty_format_reports_the_sample() {
    let sample = repo().join("samples/article.txt");
    let out = newsgraph(&["extract", "--format", "pretty", sample.to_str().unwrap()], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("title: Estonia and Latvia trade accusations"), "{text}");
}

#[test]
fn bad_jsonl_lines_are_reported_and_the_good_record_still_comes_out() {
    let dir = scratch("bad_jsonl");
    let input = write(
        &dir,
        "mixed.jsonl",
        b"{\"id\": \"broken\", \"text\": \"unterminated\n{\"id\": \"empty\", \"title\": \"No body\"}\n{\"id\": \"good\", \"text\": \"The council met on Monday. It agreed a budget.\", \"date\": \"2024-05-08\"}\n",
    );
    let out = newsgraph(&["extract", "--format", "jsonl", &input], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("mixed.jsonl:1: not a JSON object"), "{err}");
    assert!(err.contains("mixed.jsonl:2: record has no \"text\" field"), "{err}");
    assert!(err.contains("1 documents extracted, 2 failed"), "{err}");
    let docs = stdout_lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "good");
    assert_eq!(docs[0]["document"]["date"], "2024-05-08");
    assert_eq!(docs[0]["document"]["date_source"], "metadata");
}

#[test]
fn empty_file_is_an_error_not_a_crash() {
    let dir = scratch("empty");
    let input = write(&dir, "empty.txt", b"");
    let out = newsgraph(&["extract", "--format", "jsonl", &input], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("empty.txt: empty document"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn invalid_utf8_is_named_with_its_byte() {
    let dir = scratch("utf8");
    let input = write(&dir, "latin1.txt", b"Caf\xe9 owners protested.");
    let out = newsgraph(&["extract", "--format", "jsonl", &input], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("latin1.txt: invalid UTF-8 at byte 3"), "{}", stderr(&out));
}

#[test]
fn binary_data_is_refused() {
    let dir = scratch("binary");
    let bytes: Vec<u8> = (0..2048u32).map(|i| (i * 7 % 32) as u8).collect();
    let input = write(&dir, "blob.bin", &bytes);
    let out = newsgraph(&["extract", "--format", "jsonl", &input], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("blob.bin: binary data"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn stdin_text_and_stdin_jsonl() {
    let out = newsgraph(&["extract", "--format", "jsonl", "-"], Some("Harbour talks\n\nThe two ministers met in Pärnu.".as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "<stdin>");
    assert_eq!(docs[0]["document"]["title"], "Harbour talks");

    let out = newsgraph(&["extract", "--format", "jsonl"], Some(b"{\"id\":\"a\",\"text\":\"One port closed.\"}\n{\"id\":\"b\",\"text\":\"Another opened.\"}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = stdout_lines(&out).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn json_format_gives_an_array_for_several_documents_in_input_order() {
    let jsonl = repo().join("samples/articles.jsonl");
    let out = newsgraph(&["extract", "--format", "json", "--threads", "2", jsonl.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let value: Value = serde_json::from_slice(&out.stdout).expect("one JSON value");
    let ids: Vec<&str> = value.as_array().expect("an array").iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["trade-01", "border-02", "summit-03", "protest-04", "talks-05"]);

    let sample = repo().join("samples/article.txt");
    let out = newsgraph(&["extract", "--format", "json", sample.to_str().unwrap()], None);
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(value.is_object(), "one document gives one object");
}

#[test]
fn usage_errors_exit_with_2() {
    let out = newsgraph(&["extract", "--date", "yesterday", "x.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--date"));
}
