//! Real `extract` output, validated against docs/newsgraph.schema.json (JSON Schema 2020-12), and
//! checked for fields the schema does not document: docs, schema and code must move together.

mod common;

use newsgraph_pipeline::input::Reader;
use newsgraph_pipeline::{Article, Pipeline};
use serde_json::Value;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema() -> Value {
    let path = repo().join("docs/newsgraph.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the schema file is JSON")
}

/// Articles from the bundled samples and a few written here for the corners of the schema.
fn articles() -> Vec<Article> {
    let reader = Reader::default();
    let mut out = Vec::new();
    let sample = repo().join("samples/article.txt");
    out.extend(reader.read(sample.to_str().unwrap()).into_iter().map(|r| r.expect("sample article reads")));
    let jsonl = repo().join("samples/articles.jsonl");
    out.extend(reader.read(jsonl.to_str().unwrap()).into_iter().map(|r| r.expect("sample records read")));
    let own = [
        "Short.",
        "Ministers met in Oslo\n\nBy Ingrid Holm\n\nMarch 3, 2023\n\n“We are close,” said the Norwegian envoy, Per Lunde. He added that talks would resume next week.",
        "Café owners in Zürich — and in Genève — said “non” to the plan; prices rose 3,5 % in 2022.\n\n» Quoted «\n\n„Ja“, sagte sie.",
        "The mayor wrote: \"Roads are open again.\" #snow\n\n— Lena Berg (@lenaberg) January 9, 2024\n\n  • Ploughs on the ring road.\n\n© City of Bergen",
    ];
    for (i, text) in own.iter().enumerate() {
        out.push(Article { id: format!("own-{i}"), text: text.to_string(), date: chrono::NaiveDate::from_ymd_opt(2024, 1, 10), ..Default::default() });
    }
    out
}

/// Resolve a local `$ref` (`#/$defs/name`) until a schema without one is reached.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => node = root.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling $ref {r}")),
            None => break,
        }
    }
    node
}

/// Fields present in `value` that the schema node does not list under `properties`.
fn undocumented(root: &Value, node: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    let node = resolve(root, node);
    if let Some(branches) = node.get("oneOf").and_then(Value::as_array) {
        // The branch for this value's JSON type (object vs null, …).
        for b in branches {
            let b = resolve(root, b);
            let fits = match value {
                Value::Object(_) => b.get("properties").is_some(),
                Value::Null => b.get("type") == Some(&Value::from("null")),
                _ => b.get("properties").is_none() && b.get("type") != Some(&Value::from("null")),
            };
            if fits {
                undocumented(root, b, value, path, out);
                return;
            }
        }
        return;
    }
    match value {
        Value::Object(map) => {
            let props = node.get("properties").and_then(Value::as_object);
            for (k, v) in map {
                match props.and_then(|p| p.get(k)) {
                    Some(sub) => undocumented(root, sub, v, &format!("{path}/{k}"), out),
                    None => out.push(format!("{path}/{k}")),
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = node.get("items") {
                for (i, v) in items.iter().enumerate() {
                    undocumented(root, item_schema, v, &format!("{path}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn extract_output_validates_against_the_json_schema() {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("docs/newsgraph.schema.json is a valid JSON Schema");
    let pipeline = Pipeline::standard();
    let articles = articles();
    assert!(articles.len() >= 10);
    for article in articles {
        let text = article.text.clone();
        let doc = pipeline.process(article);
        let output: Value = serde_json::from_str(&doc.to_json()).expect("output is JSON");
        let errors: Vec<String> = validator.iter_errors(&output).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: output breaks the schema:\n{}", doc.id, errors.join("\n"));
        let mut extra = Vec::new();
        undocumented(&schema, &schema, &output, "", &mut extra);
        assert!(extra.is_empty(), "{}: fields missing from docs/newsgraph.schema.json and docs/schema.md: {extra:?}", doc.id);
        common::check_offsets(&text, &output).unwrap_or_else(|e| panic!("{}: {e}", doc.id));
    }
}

#[test]
fn the_sample_article_is_segmented_into_its_parts() {
    let sample = repo().join("samples/article.txt");
    let article = Reader::default().read(sample.to_str().unwrap()).remove(0).expect("sample reads");
    let doc = Pipeline::standard().process(article);
    let output: Value = serde_json::from_str(&doc.to_json()).unwrap();
    assert_eq!(output["schema"], "newsgraph/1");
    let roles: Vec<&str> = output["blocks"].as_array().unwrap().iter().map(|b| b["role"].as_str().unwrap()).collect();
    assert_eq!(roles[0], "title");
    for role in ["body", "caption", "credit", "embedded_post"] {
        assert!(roles.contains(&role), "no {role} block in {roles:?}");
    }
    let post = output["blocks"].as_array().unwrap().iter().find_map(|b| b.get("post")).expect("a post signature");
    assert_eq!(post["handle"], "@KTammsalu");
    assert_eq!(post["date"], "2024-03-05");
    assert_eq!(output["document"]["title"], "Estonia and Latvia trade accusations over Gulf of Riga herring catch");
}

#[test]
fn a_schema_breach_is_caught() {
    // The validator really checks: a wrong tag, a negative offset and an unknown role all fail.
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let doc = Pipeline::standard().annotate_text("Talks ended.", None);
    let mut output: Value = serde_json::from_str(&doc.to_json()).unwrap();
    assert!(validator.is_valid(&output));
    output["schema"] = Value::from("newsgraph/0");
    assert!(!validator.is_valid(&output));
    output["schema"] = Value::from("newsgraph/1");
    output["blocks"][0]["role"] = Value::from("sidebar");
    assert!(!validator.is_valid(&output));
    output["blocks"][0]["role"] = Value::from("body");
    output["sentences"][0]["start"] = Value::from(-1);
    assert!(!validator.is_valid(&output));
}
