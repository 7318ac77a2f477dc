//! Event coding on PLOVER gold sentences (and PETR2-style CAMEO triples), measured as
//! `score_events.py` measures it.
//!
//! PLOVER records (with `event`): type recall (some predicted event has the gold type, older
//! category names mapped to PLOVER 2.0), full recall (…and a source country among the gold
//! sources', and a target country among the gold targets' when gold has targets), precision
//! (predicted events of the record's gold type). PETR2 records (with `expected_events`): a gold
//! (source, target, CAMEO root) triple is found when a predicted event matches it.

use crate::loose::{as_list, get_truthy, list_field, py_str, py_str_or_empty, str_field};
use crate::extract::input_record;
use crate::report::Report;
use crate::Suite;
use serde_json::{json, Value};
use std::collections::HashSet;

pub const NO_EVENT: &str = "no event";
pub const WRONG_TYPE: &str = "wrong type";
pub const WRONG_SOURCE: &str = "wrong source country";
pub const WRONG_TARGET: &str = "wrong target";
pub const OFF_TYPE: &str = "predicted event of another type";
pub const MISSED_TRIPLE: &str = "missed triple";
pub const SPURIOUS_TRIPLE: &str = "spurious triple";

/// PLOVER 1 category names → PLOVER 2.0.
pub fn plover2(event: &str) -> &str {
    match event {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// The country part of an actor code, with the gold files' old spellings fixed.
pub fn country_code(code: &str) -> String {
    let c: String = code.chars().take(3).collect::<String>().to_uppercase();
    match c.as_str() {
        "JAP" => "JPN".into(),
        "ITL" => "ITA".into(),
        "---" => String::new(),
        _ => c,
    }
}

/// The country of a predicted actor (or IGO/NGO for international bodies without one).
pub fn actor_country(actor: &Value) -> String {
    if !actor.is_object() {
        return String::new();
    }
    for k in ["country", "code"] {
        if let Some(v) = get_truthy(actor, k) {
            return country_code(&py_str(v));
        }
    }
    match actor.get("sector").and_then(Value::as_str) {
        Some(s @ ("IGO" | "NGO")) => s.to_string(),
        _ => String::new(),
    }
}

fn gold_countries(v: Option<&Value>) -> HashSet<String> {
    as_list(v)
        .into_iter()
        .filter(|s| s.is_object())
        .map(|s| match s.get("code").and_then(Value::as_str) {
            Some(c @ ("IGO" | "NGO")) => c.to_string(),
            _ => country_code(&py_str_or_empty(s.get("code"))),
        })
        .collect()
}

fn describe(e: &Value) -> String {
    let actor = |a: Option<&Value>| {
        let names: Vec<String> = as_list(a).into_iter().map(|x| format!("{} [{}]", str_field(x, "name"), actor_country(x))).collect();
        if names.is_empty() {
            "-".to_string()
        } else {
            names.join(", ")
        }
    };
    format!("{} {} → {} ({})", py_str_or_empty(e.get("type")), actor(e.get("source")), actor(e.get("target")), py_str_or_empty(e.get("cameo")))
}

/// The events suite.
#[derive(Debug, Default, Clone, Copy)]
pub struct EventsSuite;

/// PLOVER records carry `event`; decided by the first record, like the reference scorer.
pub fn is_plover(records: &[Value]) -> bool {
    records.first().is_some_and(|r| r.get("event").is_some())
}

impl Suite for EventsSuite {
    fn name(&self) -> &'static str {
        "events"
    }

    fn inputs(&self, records: &[Value]) -> Vec<Value> {
        let plover = is_plover(records);
        records
            .iter()
            .map(|r| {
                // PETR2 dates are YYYYMMDD; PLOVER records are given no date.
                let date = str_field(r, "date");
                let date = (!plover && date.len() == 8 && date.is_ascii())
                    .then(|| json!(format!("{}-{}-{}", &date[0..4], &date[4..6], &date[6..8])));
                input_record(r.get("id").cloned().unwrap_or(Value::Null), r, date)
            })
            .collect()
    }

    fn score(&self, records: &[Value], predictions: &[Value]) -> Report {
        if is_plover(records) {
            score_plover(records, predictions)
        } else {
            score_petr2(records, predictions)
        }
    }
}

fn score_plover(records: &[Value], predictions: &[Value]) -> Report {
    let mut report = Report::new("events", &[NO_EVENT, WRONG_TYPE, WRONG_SOURCE, WRONG_TARGET, OFF_TYPE]);
    let (mut n, mut type_ok, mut full_ok, mut n_pred, mut pred_ok) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let empty = json!({});
    for (i, r) in records.iter().enumerate() {
        let p = predictions.get(i).unwrap_or(&empty);
        let doc = py_str(r.get("id").unwrap_or(&Value::Null));
        let gold_type = plover2(str_field(r, "event"));
        let sources = gold_countries(r.get("source"));
        let targets = gold_countries(r.get("target"));
        let events = list_field(p, "events");
        n += 1;
        let typed: Vec<&Value> = events.iter().filter(|e| e.get("type").map(py_str).unwrap_or_default().to_uppercase() == gold_type).collect();
        let source_ok = |e: &&Value| sources.is_empty() || as_list(e.get("source")).into_iter().any(|a| sources.contains(&actor_country(a)));
        let target_ok = |e: &&Value| targets.is_empty() || as_list(e.get("target")).into_iter().any(|a| targets.contains(&actor_country(a)));
        let full = typed.iter().filter(|e| source_ok(e) && target_ok(e)).count();
        type_ok += !typed.is_empty() as usize;
        full_ok += (full > 0) as usize;
        n_pred += events.len();
        pred_ok += typed.len();
        let sorted = |s: &HashSet<String>| {
            let mut v: Vec<&str> = s.iter().map(String::as_str).collect();
            v.sort_unstable();
            v.join("|")
        };
        let gold = format!("{gold_type} {} → {}: {}", sorted(&sources), sorted(&targets), str_field(r, "text"));
        if full == 0 {
            let class = if events.is_empty() {
                NO_EVENT
            } else if typed.is_empty() {
                WRONG_TYPE
            } else if !typed.iter().any(source_ok) {
                WRONG_SOURCE
            } else {
                WRONG_TARGET
            };
            let shown: Vec<String> = if typed.is_empty() { events.iter().map(describe).collect() } else { typed.iter().map(|e| describe(e)).collect() };
            report.miss(class, &doc, None, None, gold.clone(), shown.join(" | "));
        }
        for e in events.iter().filter(|e| e.get("type").map(py_str).unwrap_or_default().to_uppercase() != gold_type) {
            report.miss(OFF_TYPE, &doc, None, None, gold.clone(), describe(e));
        }
    }
    let n_f = n.max(1) as f64;
    let (tr, fr, pr) = (type_ok as f64 / n_f, full_ok as f64 / n_f, pred_ok as f64 / n_pred.max(1) as f64);
    report.lines = vec![
        format!("sentences {n}; predicted events {n_pred}"),
        format!("type recall {tr:.3}; full recall {fr:.3}; type precision {pr:.3}"),
    ];
    report.summary = vec![("type_recall".into(), tr), ("full_recall".into(), fr), ("precision".into(), pr)];
    report
}

type Triple = (String, String, String);

fn score_petr2(records: &[Value], predictions: &[Value]) -> Report {
    let mut report = Report::new("events", &[MISSED_TRIPLE, SPURIOUS_TRIPLE]);
    let (mut n_gold, mut found, mut n_pred, mut matched) = (0usize, 0usize, 0usize, 0usize);
    let empty = json!({});
    let matches = |g: &Triple, p: &Triple| (g.0.is_empty() || g.0 == p.0) && (g.1.is_empty() || g.1 == p.1) && g.2 == p.2;
    for (i, r) in records.iter().enumerate() {
        if r.get("evaluate").and_then(Value::as_str) == Some("false") {
            continue;
        }
        let p = predictions.get(i).unwrap_or(&empty);
        let doc = py_str(r.get("id").unwrap_or(&Value::Null));
        let root = |v: Option<&Value>| v.map(py_str).unwrap_or_default().chars().take(2).collect::<String>();
        let gold: Vec<Triple> = list_field(r, "expected_events")
            .iter()
            .map(|e| (country_code(&py_str_or_empty(e.get("source"))), country_code(&py_str_or_empty(e.get("target"))), root(e.get("code"))))
            .collect();
        let mut predicted: Vec<Triple> = Vec::new();
        for e in list_field(p, "events") {
            let code: String = py_str_or_empty(e.get("cameo")).chars().take(2).collect();
            let none = [&Value::Null];
            let sources = as_list(e.get("source"));
            let targets = as_list(e.get("target"));
            for s in if sources.is_empty() { none.to_vec() } else { sources } {
                for t in if targets.is_empty() { none.to_vec() } else { targets.clone() } {
                    predicted.push((actor_country(s), actor_country(t), code.clone()));
                }
            }
        }
        n_gold += gold.len();
        n_pred += predicted.len();
        for g in &gold {
            if predicted.iter().any(|p| matches(g, p)) {
                found += 1;
            } else {
                report.miss(MISSED_TRIPLE, &doc, None, None, format!("{} → {} {}: {}", g.0, g.1, g.2, str_field(r, "text")), String::new());
            }
        }
        for pt in &predicted {
            if gold.iter().any(|g| matches(g, pt)) {
                matched += 1;
            } else {
                report.miss(SPURIOUS_TRIPLE, &doc, None, None, str_field(r, "text").to_string(), format!("{} → {} {}", pt.0, pt.1, pt.2));
            }
        }
    }
    let (rc, pr) = (found as f64 / n_gold.max(1) as f64, matched as f64 / n_pred.max(1) as f64);
    report.lines = vec![format!("gold triples {n_gold}; predicted {n_pred}; found {found} (recall {rc:.3}); precision {pr:.3}")];
    report.summary = vec![("recall".into(), rc), ("precision".into(), pr)];
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(id: &str, event: &str, source: &str, target: Option<&str>) -> Value {
        json!({"id": id, "date": "2001-02-03", "text": "Two neighbours met and argued about water rights.", "event": event,
            "source": [{"actorText": "x", "code": source, "sector": "GOV"}],
            "target": target.map(|t| json!({"actorText": "y", "code": t}))})
    }

    fn event(kind: &str, source: &str, target: &str) -> Value {
        json!({"type": kind, "cameo": "040", "source": {"name": "A", "country": source}, "target": {"name": "B", "country": target}})
    }

    #[test]
    fn plover_recall_precision_and_classes() {
        let records = vec![
            sentence("s1", "DEMAND", "EGY", None),
            sentence("s2", "CONSULT", "JAP", Some("FRA")),
            sentence("s3", "AGREE", "USA", Some("MEX")),
            sentence("s4", "ASSAULT", "RUS", Some("UKR")),
            sentence("s5", "COOPERATE", "KEN", None),
        ];
        let predictions = vec![
            json!({"events": [event("REQUEST", "EGY", "ISR")]}),
            json!({"events": [event("consult", "JPN", "DEU"), event("ACCUSE", "JPN", "FRA")]}),
            json!({"events": [event("AGREE", "CAN", "MEX")]}),
            json!({"events": []}),
            json!({"events": [event("AID", "KEN", "UGA")]}),
        ];
        let r = EventsSuite.score(&records, &predictions);
        assert_eq!(r.lines[0], "sentences 5; predicted events 5");
        // Typed: s1 (DEMAND→REQUEST), s2, s3. Full: s1 only (s2 target wrong, s3 source wrong).
        assert_eq!(r.summary_line(), "SUMMARY type_recall=0.600 full_recall=0.200 precision=0.600");
        let classes: Vec<&str> = r.misses.iter().map(|m| m.class.as_str()).collect();
        assert_eq!(classes, vec![WRONG_TARGET, OFF_TYPE, WRONG_SOURCE, NO_EVENT, WRONG_TYPE, OFF_TYPE]);
    }

    #[test]
    fn plover_records_get_no_date_and_petr2_dates_are_expanded() {
        assert!(EventsSuite.inputs(&[sentence("s", "AGREE", "USA", None)])[0].get("date").is_none());
        let petr = json!({"id": "p1", "date": "20010203", "text": "t", "expected_events": []});
        assert_eq!(EventsSuite.inputs(&[petr])[0]["date"], json!("2001-02-03"));
    }

    #[test]
    fn petr2_triples() {
        let rec = json!({"id": "p1", "text": "t", "expected_events": [{"source": "USAGOV", "target": "IRQ", "code": "042"}, {"source": "", "target": "FRA", "code": "111"}]});
        let pred = json!({"events": [event("CONSULT", "USA", "IRQ"), {"type": "X", "cameo": "110", "source": null, "target": {"country": "FRA"}}, event("AID", "USA", "IRQ")]});
        let r = EventsSuite.score(&[rec], &[pred]);
        // Both triples found; the third predicted triple (CAMEO root 04 again) also matches the first.
        assert_eq!(r.summary_line(), "SUMMARY recall=1.000 precision=1.000");
    }
}
