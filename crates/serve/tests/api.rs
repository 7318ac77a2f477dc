//! The JSON API against a real server on loopback over a real ingested corpus.

mod common;

use common::*;
use serde_json::Value;

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().unwrap_or_else(|| panic!("no items in {v}"))
}

#[test]
fn stats_count_the_corpus() {
    let r = get("/api/stats");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["documents"], 3);
    assert_eq!(v["first_date"], "2023-03-14");
    assert_eq!(v["last_date"], "2023-05-20");
    assert!(v["quotes"].as_i64().unwrap() >= 3, "{v}");
}

#[test]
fn documents_page_with_next_offset() {
    let v = get("/api/documents?limit=2").json();
    let docs = items(&v);
    assert_eq!(docs.len(), 2);
    // Newest first.
    assert_eq!(docs[0]["document"], "border-3");
    assert_eq!(docs[1]["document"], "harbour-2");
    assert_eq!(v["next_offset"], 2);
    let v = get("/api/documents?limit=2&offset=2").json();
    assert_eq!(items(&v).len(), 1);
    assert_eq!(items(&v)[0]["document"], "harbour-1");
    assert!(v["next_offset"].is_null());
    let v = get("/api/documents?from=2023-04-01&to=2023-04-30").json();
    assert_eq!(items(&v).len(), 1);
    assert_eq!(items(&v)[0]["title"], "Germany and Poland sign ferry deal");
}

#[test]
fn page_size_is_capped_and_bad_parameters_are_clear_errors() {
    let r = get("/api/documents?limit=100000");
    assert_eq!(r.status, 400);
    let v = r.json();
    assert_eq!(v["status"], 400);
    assert!(v["error"].as_str().unwrap().contains("at most 500"), "{v}");
    let r = get("/api/documents?offset=-1");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("offset"));
    let r = get("/api/events?from=yesterday");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("'from'"));
    let r = get("/api/timeline");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "parameter 'name' is required");
    let r = get("/api/search?q=fees&in=tweets");
    assert_eq!(r.status, 400);
}

#[test]
fn unknown_paths_and_methods_answer_json() {
    let r = get("/api/nothing-here");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["status"], 404);
    let r = get("/api/documents/no-such-doc");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("no-such-doc"));
    let r = get("/api/entities/abc");
    assert_eq!(r.status, 400);
    let r = post("/api/stats", "{}");
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["status"], 405);
}

#[test]
fn a_document_comes_with_its_annotations_at_byte_offsets() {
    let r = get("/api/documents/harbour-1");
    assert_eq!(r.status, 200);
    let d = r.json();
    let text = d["text"].as_str().unwrap();
    assert!(text.starts_with("Polish Foreign Minister Marta Zielinska"));
    let q = d["quotes"].as_array().unwrap().iter().find(|q| q["text"].as_str().unwrap().contains("We will not accept")).expect("the direct quote");
    assert_eq!(q["speaker"], "Marta Zielinska");
    assert_eq!(q["kind"], "direct");
    let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[s..e], q["text"].as_str().unwrap());
    assert!(q["via"].is_array(), "via is parsed JSON, not a string");
    let ent = d["entities"].as_array().unwrap().iter().find(|e| e["name"] == "Marta Zielinska").unwrap();
    assert_eq!(ent["roles"][0], "Foreign Minister");
    for m in d["mentions"].as_array().unwrap() {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[s..e], m["text"].as_str().unwrap());
    }
    let accuse = d["events"].as_array().unwrap().iter().find(|e| e["type"] == "ACCUSE").unwrap();
    assert_eq!(accuse["source_name"], "Marta Zielinska");
    assert_eq!(accuse["target_name"], "Germany");
    let (s, e) = (accuse["trigger_start"].as_u64().unwrap() as usize, accuse["trigger_end"].as_u64().unwrap() as usize);
    assert_eq!(&text[s..e], "accused");
    let tuesday = d["timexes"].as_array().unwrap().iter().find(|t| t["text"] == "Tuesday").unwrap();
    assert_eq!(tuesday["value"], "2023-03-14");
    assert_eq!(d["blocks"].as_array().unwrap().len(), 3);
}

#[test]
fn quotes_by_speaker_and_search_over_quotes() {
    let v = get("/api/quotes?speaker=Zielinska").json();
    let qs = items(&v);
    assert!(qs.iter().any(|q| q["quote"].as_str().unwrap().contains("We will not accept these new charges")), "{v}");
    assert!(qs.iter().all(|q| q["speaker"].as_str().unwrap().contains("Zielinska")), "{v}");
    let v = get("/api/search?q=exercises&in=quotes").json();
    assert_eq!(items(&v).len(), 1);
    assert_eq!(items(&v)[0]["document"], "border-3");
    assert!(items(&v)[0]["quote"].as_str().unwrap().contains("[exercises]"));
}

#[test]
fn full_text_search_over_articles_tolerates_bad_syntax() {
    let v = get("/api/search?q=ferry").json();
    assert_eq!(items(&v).len(), 1);
    assert_eq!(items(&v)[0]["document"], "harbour-2");
    // An unbalanced quote is not FTS5 syntax: searched as a phrase instead of failing.
    let r = get("/api/search?q=%22ferry");
    assert_eq!(r.status, 200);
    assert_eq!(items(&r.json()).len(), 1);
}

#[test]
fn events_timeline_counts_and_network() {
    let v = get("/api/events?actor=RUS").json();
    let types: Vec<&str> = items(&v).iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"THREATEN"), "{v}");
    let v = get("/api/events?type=accuse").json();
    assert_eq!(items(&v).len(), 2);
    let v = get("/api/event-counts?by=month").json();
    let march_accuse = items(&v).iter().find(|c| c["period"] == "2023-03" && c["type"] == "ACCUSE").unwrap();
    assert_eq!(march_accuse["events"], 1);
    let v = get("/api/event-counts?actor=Lithuania").json();
    assert!(items(&v).iter().all(|c| c["period"] == "2023-05-20"), "{v}");
    assert!(!items(&v).is_empty());
    let v = get("/api/timeline?name=Marta%20Zielinska").json();
    let kinds: Vec<&str> = items(&v).iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"event") && kinds.contains(&"quote"), "{v}");
    let v = get("/api/network").json();
    assert!(items(&v).iter().any(|e| e["source"] == "Russia" && e["target"] == "Lithuania" && e["type"] == "THREATEN"), "{v}");
}

#[test]
fn entities_list_search_and_detail() {
    let v = get("/api/entities?type=GPE&country=LTU").json();
    assert!(items(&v).iter().any(|e| e["name"] == "Lithuania"), "{v}");
    let v = get("/api/entities?q=zielin").json();
    let e = &items(&v)[0];
    assert_eq!(e["name"], "Marta Zielinska");
    let id = e["id"].as_i64().unwrap();
    let d = get(&format!("/api/entities/{id}")).json();
    assert_eq!(d["name"], "Marta Zielinska");
    assert_eq!(d["country"], "POL");
    assert_eq!(d["roles"][0]["role"], "Foreign Minister");
    assert!(d["aliases"].as_array().unwrap().iter().any(|a| a["alias"] == "Marta Zielinska"), "{d}");
    assert!(d["quotes_spoken"].as_i64().unwrap() >= 1);
    // The same count as the events listed with her as actor.
    let acted = get("/api/events?actor=Marta%20Zielinska").json();
    assert!(d["events_as_source"].as_u64().unwrap() >= 1);
    assert_eq!(d["events_as_source"].as_u64().unwrap() as usize, items(&acted).len(), "{acted}");
    assert_eq!(get("/api/entities/999999").status, 404);
}

#[test]
fn extract_answers_the_extract_json_without_storing() {
    let body = serde_json::json!({
        "title": "Quay workers strike",
        "date": "2024-06-03",
        "text": "Norway criticised Sweden on Monday over the closure of a shared ferry quay.\n\n\"The closure hurts both towns,\" said Ingrid Solberg, the Norwegian trade minister."
    });
    let r = post("/extract", &body.to_string());
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["document"]["title"], "Quay workers strike");
    assert_eq!(v["document"]["date"], "2024-06-03");
    let q = v["quotes"].as_array().unwrap().iter().find(|q| q["text"].as_str().unwrap().contains("The closure hurts both towns")).expect("the quote");
    assert_eq!(q["speaker"]["name"], "Ingrid Solberg");
    assert!(v["timexes"].as_array().unwrap().iter().any(|t| t["text"] == "Monday" && t["value"] == "2024-06-03"), "{v}");
    // Nothing was stored.
    assert_eq!(get("/api/stats").json()["documents"], 3);
    assert_eq!(get("/api/search?q=quay").json()["items"].as_array().unwrap().len(), 0);
}

#[test]
fn extract_refuses_bad_bodies_clearly() {
    let r = post("/extract", "not json");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().starts_with("the body is not JSON"));
    let r = post("/extract", "[1,2]");
    assert_eq!(r.status, 400);
    let r = post("/extract", r#"{"title": "no text"}"#);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "\"text\" is required and must be a string");
    let r = post("/extract", r#"{"text": "   "}"#);
    assert_eq!(r.json()["error"], "empty document");
    let r = post("/extract", r#"{"text": "Fine text.", "date": "last week"}"#);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("last week"));
    let big = format!(r#"{{"text": "{}"}}"#, "word ".repeat(600_000));
    let r = post("/extract", &big);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.json()["status"], 413);
}

#[test]
fn openapi_describes_every_route_and_each_example_path_answers() {
    let r = get("/openapi.json");
    assert_eq!(r.status, 200);
    let spec = r.json();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    for p in [
        "/api/stats",
        "/api/documents",
        "/api/documents/{key}",
        "/api/quotes",
        "/api/events",
        "/api/event-counts",
        "/api/timeline",
        "/api/network",
        "/api/entities",
        "/api/entities/{id}",
        "/api/search",
        "/extract",
    ] {
        assert!(paths.contains_key(p), "openapi.json lacks {p}");
    }
    // Every described GET answers 200 with its documented example parameters.
    for (path, item) in paths {
        if let Some(op) = item.get("get") {
            let example = op["x-example"].as_str().unwrap_or_else(|| panic!("{path} has no x-example"));
            let r = get(example);
            assert_eq!(r.status, 200, "{example}: {}", r.body);
        }
    }
}

#[test]
fn ui_and_headers() {
    let r = get("/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<script src=\"/app.js\""));
    assert_eq!(r.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert!(r.header("content-security-policy").unwrap().contains("default-src 'self'"));
    assert!(get("/app.js").header("content-type").unwrap().starts_with("text/javascript"));
    assert_eq!(get("/app.css").status, 200);
}
