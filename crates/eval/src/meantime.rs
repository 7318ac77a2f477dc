//! Names and dates on MEANTIME gold, measured as `score_meantime.py` measures them.
//!
//! Names: gold proper-name mentions (`syntactic_type` NAM) typed PER/ORG/LOC that start before
//! the record's `annotated_end`, against predicted entity mentions of mapped types starting there
//! too; exact typed matches and lenient (overlapping, same type) matches.
//! Dates: gold DATE timexes with a calendar value (YYYY, YYYY-MM, YYYY-MM-DD) other than the
//! creation time; right when an overlapping predicted timex has the same value.

use crate::loose::{as_int, get_truthy, list_field, predicted_span, py_str, str_field};
use crate::offsets::{overlap, CharOffsets, CharSpan};
use crate::extract::input_record;
use crate::report::Report;
use crate::Suite;
use regex::Regex;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

pub const MISSED_PER: &str = "missed PER";
pub const MISSED_ORG: &str = "missed ORG";
pub const MISSED_LOC: &str = "missed LOC";
pub const WRONG_TYPE: &str = "wrong type";
pub const BOUNDARY: &str = "boundary error";
pub const WRONG_TYPE_AND_BOUNDARY: &str = "wrong type and boundary";
pub const SPURIOUS: &str = "spurious name";
pub const MISSED_TIMEX: &str = "missed timex";
pub const WRONG_VALUE: &str = "wrong value";

/// Output entity types → the gold's three types.
pub fn gold_type(output_type: &str) -> Option<&'static str> {
    Some(match output_type.to_uppercase().as_str() {
        "PERSON" | "PER" => "PER",
        "ORG" | "ORGANIZATION" | "MEDIA" | "IGO" | "NGO" | "COMPANY" => "ORG",
        "GPE" | "LOC" | "LOCATION" | "COUNTRY" | "CITY" | "FAC" => "LOC",
        _ => return None,
    })
}

/// Which halves of the MEANTIME measures to report.
#[derive(Debug, Clone, Copy)]
pub struct MeantimeSuite {
    pub names: bool,
    pub time: bool,
    /// Do not pass the document creation date to the extractor (the scorer's `--no-date`).
    pub no_date: bool,
}

impl MeantimeSuite {
    pub fn both() -> Self {
        MeantimeSuite { names: true, time: true, no_date: false }
    }
}

type TypedSpan = (i64, i64, &'static str);

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn calendar_value(v: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\d{4}(-\d{2}(-\d{2})?)?$").expect("valid pattern")).is_match(v)
}

impl Suite for MeantimeSuite {
    fn name(&self) -> &'static str {
        match (self.names, self.time) {
            (true, false) => "names",
            (false, true) => "time",
            _ => "meantime",
        }
    }

    fn inputs(&self, records: &[Value]) -> Vec<Value> {
        records
            .iter()
            .map(|r| {
                let date = (!self.no_date).then(|| r.get("dct").cloned().unwrap_or(Value::Null));
                input_record(r.get("id").cloned().unwrap_or(Value::Null), r, date)
            })
            .collect()
    }

    fn score(&self, records: &[Value], predictions: &[Value]) -> Report {
        let mut classes = Vec::new();
        if self.names {
            classes.extend([MISSED_PER, MISSED_ORG, MISSED_LOC, WRONG_TYPE, BOUNDARY, WRONG_TYPE_AND_BOUNDARY, SPURIOUS]);
        }
        if self.time {
            classes.extend([MISSED_TIMEX, WRONG_VALUE]);
        }
        let mut report = Report::new(self.name(), &classes);
        let (mut n_gold, mut n_pred, mut exact, mut lenient_p, mut lenient_g) = (0usize, 0usize, 0usize, 0usize, 0usize);
        let (mut dates, mut dates_ok) = (0usize, 0usize);
        // Per gold type: gold count and exact matches, for the per-type recall line.
        let mut by_type: Vec<(&str, usize, usize)> = vec![("PER", 0, 0), ("ORG", 0, 0), ("LOC", 0, 0)];
        let empty = json!({});
        for (i, r) in records.iter().enumerate() {
            let p = predictions.get(i).unwrap_or(&empty);
            let doc = py_str(r.get("id").unwrap_or(&Value::Null));
            let text = str_field(r, "text");
            let offsets = CharOffsets::new(text);
            let bytes = |s: (i64, i64)| Some((offsets.byte_of_char(s.0), offsets.byte_of_char(s.1)));
            let snippet = |s: (i64, i64)| -> String {
                text.get(offsets.byte_of_char(s.0)..offsets.byte_of_char(s.1)).unwrap_or("").to_string()
            };
            let end = as_int(get_truthy(r, "annotated_end")).unwrap_or(offsets.chars() as i64);
            let gold: Vec<TypedSpan> = list_field(r, "entities")
                .iter()
                .filter(|e| str_field(e, "syntactic_type") == "NAM")
                .filter_map(|e| {
                    let t = match str_field(e, "type") {
                        "PER" => "PER",
                        "ORG" => "ORG",
                        "LOC" => "LOC",
                        _ => return None,
                    };
                    let (s, en) = (as_int(e.get("start"))?, as_int(e.get("end"))?);
                    (s < end).then_some((s, en, t))
                })
                .collect();
            let mut pred: Vec<TypedSpan> = Vec::new();
            let mut seen = HashSet::new();
            for ent in list_field(p, "entities") {
                let Some(t) = gold_type(&ent.get("type").map(py_str).unwrap_or_default()) else { continue };
                for m in list_field(ent, "mentions") {
                    if let Some(s) = predicted_span(m, text, &offsets) {
                        if s.0 < end && seen.insert((s.0, s.1, t)) {
                            pred.push((s.0, s.1, t));
                        }
                    }
                }
            }
            let span = |x: &TypedSpan| -> CharSpan { (x.0, x.1) };
            n_gold += gold.len();
            n_pred += pred.len();
            exact += gold.iter().filter(|g| pred.contains(g)).count();
            lenient_g += gold.iter().filter(|g| pred.iter().any(|q| overlap(span(g), span(q)) > 0 && g.2 == q.2)).count();
            lenient_p += pred.iter().filter(|q| gold.iter().any(|g| overlap(span(g), span(q)) > 0 && g.2 == q.2)).count();
            for g in &gold {
                if let Some(t) = by_type.iter_mut().find(|t| t.0 == g.2) {
                    t.1 += 1;
                    t.2 += pred.contains(g) as usize;
                }
            }
            if self.names {
                for g in gold.iter().filter(|g| !pred.contains(g)) {
                    let touching: Vec<&TypedSpan> = pred.iter().filter(|q| overlap(span(g), span(q)) > 0).collect();
                    let class = if touching.is_empty() {
                        match g.2 {
                            "PER" => MISSED_PER,
                            "ORG" => MISSED_ORG,
                            _ => MISSED_LOC,
                        }
                    } else if touching.iter().any(|q| q.2 == g.2) {
                        BOUNDARY
                    } else if touching.iter().any(|q| (q.0, q.1) == (g.0, g.1)) {
                        WRONG_TYPE
                    } else {
                        WRONG_TYPE_AND_BOUNDARY
                    };
                    let predicted = touching.iter().map(|q| format!("{} {}", q.2, snippet(span(q)))).collect::<Vec<_>>().join(" | ");
                    report.miss(class, &doc, Some(span(g)), bytes(span(g)), format!("{} {}", g.2, snippet(span(g))), predicted);
                }
                for q in pred.iter().filter(|q| !gold.iter().any(|g| overlap(span(g), span(q)) > 0)) {
                    report.miss(SPURIOUS, &doc, Some(span(q)), bytes(span(q)), String::new(), format!("{} {}", q.2, snippet(span(q))));
                }
            }
            let predicted_timexes: Vec<(CharSpan, String, String)> = list_field(p, "timexes")
                .iter()
                .filter_map(|t| {
                    let s = predicted_span(t, text, &offsets)?;
                    Some((s, t.get("value").map(py_str).unwrap_or_else(|| "None".into()), str_field(t, "text").to_string()))
                })
                .collect();
            for t in list_field(r, "timexes") {
                if str_field(t, "type") != "DATE" || str_field(t, "function") == "CREATION_TIME" {
                    continue;
                }
                let value = str_field(t, "value");
                if !calendar_value(value) {
                    continue;
                }
                let Some(g) = as_int(t.get("start")).zip(as_int(t.get("end"))) else { continue };
                dates += 1;
                let touching: Vec<&(CharSpan, String, String)> = predicted_timexes.iter().filter(|(s, _, _)| overlap(g, *s) > 0).collect();
                if touching.iter().any(|(_, v, _)| v == value) {
                    dates_ok += 1;
                } else if self.time {
                    let class = if touching.is_empty() { MISSED_TIMEX } else { WRONG_VALUE };
                    let predicted = touching.iter().map(|(_, v, t)| format!("{t} = {v}")).collect::<Vec<_>>().join(" | ");
                    report.miss(class, &doc, Some(g), bytes(g), format!("{} = {value}", str_field(t, "text")), predicted);
                }
            }
        }
        let (ep, er) = (exact as f64 / n_pred.max(1) as f64, exact as f64 / n_gold.max(1) as f64);
        let (lp, lr) = (lenient_p as f64 / n_pred.max(1) as f64, lenient_g as f64 / n_gold.max(1) as f64);
        let date_acc = dates_ok as f64 / dates.max(1) as f64;
        if self.names {
            report.lines.push(format!("names: gold {n_gold}, predicted {n_pred}"));
            report.lines.push(format!(
                "exact typed P {ep:.3} R {er:.3} F1 {:.3}; lenient typed P {lp:.3} R {lr:.3} F1 {:.3}",
                f1(ep, er),
                f1(lp, lr)
            ));
            let per_type: Vec<String> =
                by_type.iter().map(|(t, g, ok)| format!("{t} {ok}/{g} ({:.3})", *ok as f64 / (*g).max(1) as f64)).collect();
            report.lines.push(format!("exact recall by type: {}", per_type.join("; ")));
            report.summary.push(("ner_exact_f1".into(), f1(ep, er)));
            report.summary.push(("ner_lenient_f1".into(), f1(lp, lr)));
        }
        if self.time {
            report.lines.push(format!("dates: value right {dates_ok}/{dates} ({date_acc:.3})"));
            report.summary.push(("date_value_acc".into(), date_acc));
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Value {
        // Characters: "Ådne Vik" 0-8, "flew" 9-13, "Oslo" 17-21, "Nordbank" 30-38, "May 3, 2019" 42-53.
        let text = "Ådne Vik flew to Oslo to meet Nordbank on May 3, 2019. Later text.";
        json!({"id": "m1", "dct": "2019-05-04", "text": text, "annotated_end": 56,
            "entities": [
                {"start": 0, "end": 8, "type": "PER", "syntactic_type": "NAM"},
                {"start": 17, "end": 21, "type": "LOC", "syntactic_type": "NAM"},
                {"start": 30, "end": 38, "type": "ORG", "syntactic_type": "NAM"},
                {"start": 30, "end": 38, "type": "ORG", "syntactic_type": "NOM"},
                {"start": 56, "end": 61, "type": "PER", "syntactic_type": "NAM"}
            ],
            "timexes": [
                {"start": 42, "end": 53, "type": "DATE", "value": "2019-05-03"},
                {"start": 0, "end": 4, "type": "DATE", "value": "2019-05-04", "function": "CREATION_TIME"},
                {"start": 56, "end": 61, "type": "DATE", "value": "PAST_REF"}
            ]})
    }

    /// A mention over characters `a..b` of the record text, in bytes.
    fn mention(a: i64, b: i64) -> Value {
        let text = record()["text"].as_str().unwrap().to_string();
        let o = CharOffsets::new(&text);
        json!({"start": o.byte_of_char(a), "end": o.byte_of_char(b)})
    }

    #[test]
    fn exact_and_lenient_names_with_error_classes() {
        let pred = json!({"entities": [
            {"type": "PERSON", "mentions": [mention(0, 8)]},
            {"type": "GPE", "mentions": [mention(17, 21)]},
            {"type": "PERSON", "mentions": [mention(30, 38)]},
            {"type": "ORG", "mentions": [mention(9, 13), mention(59, 63)]}
        ], "timexes": [{"start": mention(42, 53)["start"], "end": mention(42, 53)["end"], "value": "2019-05-03", "text": "May 3, 2019"}]});
        let r = MeantimeSuite::both().score(&[record()], &[pred]);
        // Gold: 3 names before annotated_end; predicted: 4 (the one after the end is ignored).
        assert_eq!(r.lines[0], "names: gold 3, predicted 4");
        // Exact P 2/4, R 2/3; lenient the same (the ORG is found with the wrong type).
        assert_eq!(r.summary_line(), "SUMMARY ner_exact_f1=0.571 ner_lenient_f1=0.571 date_value_acc=1.000");
        assert_eq!(r.misses.len(), 2);
        assert_eq!((r.misses[0].class.as_str(), r.misses[0].gold.as_str()), (WRONG_TYPE, "ORG Nordbank"));
        assert_eq!(r.misses[1].class, SPURIOUS);
        // The mention was given in bytes: "Å" is 2 bytes, so chars 0-8 are bytes 0-9.
        assert_eq!(r.misses[0].bytes, Some((31, 39)));
    }

    #[test]
    fn boundary_and_date_value_errors() {
        let pred = json!({"entities": [{"type": "PERSON", "mentions": [mention(5, 8), mention(30, 34)]}],
            "timexes": [{"start": mention(42, 45)["start"], "end": mention(42, 45)["end"], "value": "2019-05", "text": "May"}]});
        let r = MeantimeSuite::both().score(&[record()], &[pred]);
        let classes: Vec<&str> = r.misses.iter().map(|m| m.class.as_str()).collect();
        assert_eq!(classes, vec![BOUNDARY, MISSED_LOC, WRONG_TYPE_AND_BOUNDARY, WRONG_VALUE]);
        assert_eq!(r.misses[3].predicted, "May = 2019-05");
        assert_eq!(r.summary[2].1, 0.0);
        let names_only = MeantimeSuite { names: true, time: false, no_date: false };
        assert_eq!(names_only.score(&[record()], &[json!({})]).summary_line(), "SUMMARY ner_exact_f1=0.000 ner_lenient_f1=0.000");
    }

    #[test]
    fn creation_date_is_passed_unless_asked_not_to() {
        let docs = MeantimeSuite::both().inputs(&[record()]);
        assert_eq!(docs[0]["date"], json!("2019-05-04"));
        let docs = MeantimeSuite { names: true, time: true, no_date: true }.inputs(&[record()]);
        assert!(docs[0].get("date").is_none());
    }
}
