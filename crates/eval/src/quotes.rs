//! Quote attribution on GGT (Gender Gap Tracker) and PolNeAR gold, measured as the reference
//! scorer `score_quotes.py` measures it: a gold quote is found when one predicted quote covers
//! more than 30% of its characters; its speaker is right when the predicted name shares its last
//! word with the gold name (or, for PolNeAR, the predicted speaker span overlaps a gold source);
//! precision counts predicted quotes more than 30% covered by gold quotes.

use crate::loose::{as_int, list_field, name_of, predicted_span, py_isspace, str_field, truthy};
use crate::offsets::{overlap, CharOffsets, CharSpan};
use crate::extract::input_record;
use crate::report::Report;
use crate::Suite;
use regex::Regex;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The share of a quote's characters another quote must cover to count as the same quote.
pub const MIN_COVER: f64 = 0.3;

pub const MISSED_DIRECT: &str = "missed direct quote";
pub const MISSED_INDIRECT: &str = "missed indirect quote";
pub const PARTIAL: &str = "quote split or partial coverage";
pub const SPURIOUS: &str = "spurious quote";
pub const SPEAKER_MISSING: &str = "speaker missing";
pub const SPEAKER_PRONOUN: &str = "speaker unresolved pronoun";
pub const SPEAKER_UNRESOLVED: &str = "speaker unresolved mention";
pub const SPEAKER_WRONG: &str = "speaker wrong entity";
const CLASSES: &[&str] = &[MISSED_DIRECT, MISSED_INDIRECT, PARTIAL, SPURIOUS, SPEAKER_MISSING, SPEAKER_PRONOUN, SPEAKER_UNRESOLVED, SPEAKER_WRONG];

/// Words that never identify a person by themselves.
const STOP: &[&str] = &["the", "a", "an", "of", "and", "for", "to", "in", "on", "said", "says", "mr", "ms", "mrs", "dr"];

/// The quotes suite (GGT or PolNeAR records, told apart by their fields).
#[derive(Debug, Default, Clone, Copy)]
pub struct QuotesSuite;

/// One gold quote.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldQuote {
    /// Character spans of the quoted content (PolNeAR content may be discontinuous).
    pub content: Vec<CharSpan>,
    pub text: String,
    /// The speaker's name (GGT's resolved `reference`; PolNeAR's source span texts).
    pub speaker: String,
    /// Character spans of the source (PolNeAR only).
    pub speaker_spans: Vec<CharSpan>,
    /// Whether the quote holds quotation marks (a "direct" quote for the speaker_marked measure).
    pub marked: bool,
}

/// PolNeAR records carry `attributions`; GGT records carry `quotes`. Decided by the first record,
/// like the reference scorer.
pub fn is_polnear(records: &[Value]) -> bool {
    records.first().is_some_and(|r| r.get("attributions").is_some())
}

/// The document id given to the extractor: PolNeAR has one record per annotator of an article.
pub fn doc_id(record: &Value, polnear: bool) -> Value {
    let id = record.get("id").cloned().unwrap_or(Value::Null);
    if polnear {
        let annotator = record.get("annotator").and_then(Value::as_str).unwrap_or("");
        json!(format!("{}#{}", id.as_str().unwrap_or(""), annotator))
    } else {
        id
    }
}

/// The gold quotes of one record.
pub fn gold_quotes(record: &Value, polnear: bool) -> Vec<GoldQuote> {
    let span = |v: &Value| Some((as_int(v.get("start"))?, as_int(v.get("end"))?));
    let mut out = Vec::new();
    if polnear {
        for a in list_field(record, "attributions") {
            let (Some(source), Some(content)) = (a.get("source").filter(|v| truthy(v)), a.get("content").filter(|v| truthy(v))) else {
                continue;
            };
            let source = source.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let content = content.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let text = content.iter().map(|c| str_field(c, "text")).collect::<Vec<_>>().join(" ");
            out.push(GoldQuote {
                content: content.iter().filter_map(span).collect(),
                marked: text.contains(['"', '\u{201c}', '\u{201d}']),
                text,
                speaker: source.iter().map(|s| str_field(s, "text")).collect::<Vec<_>>().join(" "),
                speaker_spans: source.iter().filter_map(span).collect(),
            });
        }
    } else {
        for q in list_field(record, "quotes") {
            let Some(qq) = q.get("quote").filter(|v| v.is_object()) else { continue };
            let Some(s) = span(qq) else { continue };
            let text = str_field(qq, "text").to_string();
            // An empty text counts as marked: the scorer tests `text.lstrip()[:1] in '"“'`.
            let first = text.trim_start_matches(py_isspace).chars().next();
            out.push(GoldQuote {
                content: vec![s],
                marked: !matches!(first, Some(c) if c != '"' && c != '\u{201c}'),
                text,
                speaker: q.get("reference").filter(|v| truthy(v)).and_then(Value::as_str).unwrap_or("").to_string(),
                speaker_spans: Vec::new(),
            });
        }
    }
    out
}

/// The words of a name as the scorer splits them (ASCII letters, apostrophes, hyphens).
fn words_as_written(s: &str) -> Vec<&str> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    let re = WORD.get_or_init(|| Regex::new(r"[A-Za-z][A-Za-z'\-]+").expect("valid pattern"));
    re.find_iter(s).map(|m| m.as_str()).collect()
}

fn words(s: &str) -> Vec<String> {
    words_as_written(s).into_iter().map(str::to_ascii_lowercase).collect()
}

/// Whether a predicted speaker name names the gold person: same last word, or enough shared
/// words other than titles and function words.
pub fn same_person(predicted: &str, gold: &str) -> bool {
    let p = words(predicted);
    let g = words(gold);
    let (Some(p_last), Some(g_last)) = (p.last(), g.last()) else { return false };
    if p_last == g_last {
        return true;
    }
    let ps: HashSet<&str> = p.iter().map(String::as_str).filter(|w| !STOP.contains(w)).collect();
    let gs: HashSet<&str> = g.iter().map(String::as_str).filter(|w| !STOP.contains(w)).collect();
    let shared = ps.intersection(&gs).count();
    shared > 0 && (shared >= ps.len().min(gs.len()) || gs.contains(p_last.as_str()))
}

/// Why a predicted speaker that is not the gold person is wrong: a pronoun left unresolved
/// (by the output's own mention kinds or the knowledge base's pronoun table), a description left
/// unresolved ("the official": no entity and no capitalised word), or another person.
fn speaker_error(speaker: &Value, prediction: &Value) -> &'static str {
    if speaker.get("entity").is_some_and(truthy) {
        return SPEAKER_WRONG;
    }
    let name = name_of(Some(speaker));
    let span = (as_int(speaker.get("start")), as_int(speaker.get("end")));
    let marked_pronoun = span.0.is_some()
        && list_field(prediction, "entities")
            .iter()
            .flat_map(|e| list_field(e, "mentions").iter().chain(list_field(e, "references")))
            .any(|m| str_field(m, "kind") == "pronoun" && (as_int(m.get("start")), as_int(m.get("end"))) == span);
    if marked_pronoun || newsgraph_knowledge::kb().pronouns.contains_key(&name.trim().to_lowercase()) {
        return SPEAKER_PRONOUN;
    }
    let proper = words_as_written(&name).iter().any(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && !STOP.contains(&w.to_ascii_lowercase().as_str()));
    if proper {
        SPEAKER_WRONG
    } else {
        SPEAKER_UNRESOLVED
    }
}

fn describe(q: &Value) -> String {
    let speaker = name_of(q.get("speaker"));
    let speaker = if speaker.is_empty() { "?".to_string() } else { speaker };
    format!("{} — {}: {}", str_field(q, "kind"), speaker, str_field(q, "text"))
}

impl Suite for QuotesSuite {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn inputs(&self, records: &[Value]) -> Vec<Value> {
        let polnear = is_polnear(records);
        records
            .iter()
            .map(|r| input_record(doc_id(r, polnear), r, r.get("date").filter(|v| truthy(v)).cloned()))
            .collect()
    }

    fn score(&self, records: &[Value], predictions: &[Value]) -> Report {
        let polnear = is_polnear(records);
        let mut report = Report::new("quotes", CLASSES);
        let (mut n_gold, mut found, mut spk, mut n_pred, mut pred_ok) = (0usize, 0usize, 0usize, 0usize, 0usize);
        let (mut n_direct, mut found_direct, mut spk_direct) = (0usize, 0usize, 0usize);
        let empty = json!({});
        for (i, r) in records.iter().enumerate() {
            let p = predictions.get(i).unwrap_or(&empty);
            let doc = crate::loose::py_str(&doc_id(r, polnear));
            let text = str_field(r, "text");
            let offsets = CharOffsets::new(text);
            let bytes = |s: CharSpan| Some((offsets.byte_of_char(s.0), offsets.byte_of_char(s.1)));
            let pq: Vec<(CharSpan, &Value)> =
                list_field(p, "quotes").iter().filter_map(|q| predicted_span(q, text, &offsets).map(|s| (s, q))).collect();
            let golds = gold_quotes(r, polnear);
            for g in &golds {
                n_gold += 1;
                n_direct += g.marked as usize;
                let total: i64 = g.content.iter().map(|c| c.1 - c.0).sum();
                let glen = if total == 0 { 1 } else { total } as f64;
                let mut best: Option<(f64, &Value)> = None;
                let mut touched: Option<&Value> = None;
                for (s, q) in &pq {
                    let shared: i64 = g.content.iter().map(|c| overlap(*s, *c)).sum();
                    let cov = shared as f64 / glen;
                    if shared > 0 && touched.is_none() {
                        touched = Some(q);
                    }
                    if cov > MIN_COVER && !matches!(best, Some(b) if cov <= b.0) {
                        best = Some((cov, q));
                    }
                }
                let whole = match (g.content.first(), g.content.last()) {
                    (Some(a), Some(b)) => Some((a.0, b.1)),
                    _ => None,
                };
                let gold_desc = if g.speaker.is_empty() { g.text.clone() } else { format!("{}: {}", g.speaker, g.text) };
                let Some((_, q)) = best else {
                    let class = match touched {
                        Some(_) => PARTIAL,
                        None if g.marked => MISSED_DIRECT,
                        None => MISSED_INDIRECT,
                    };
                    report.miss(class, &doc, whole, whole.and_then(bytes), gold_desc, touched.map(describe).unwrap_or_default());
                    continue;
                };
                found += 1;
                found_direct += g.marked as usize;
                let sp = q.get("speaker");
                let mut ok = same_person(&name_of(sp), &g.speaker);
                if !ok && !g.speaker_spans.is_empty() {
                    if let Some(sp @ Value::Object(_)) = sp {
                        let ss = if as_int(sp.get("start")).is_some() { predicted_span(sp, text, &offsets) } else { None };
                        if ss.is_some_and(|ss| g.speaker_spans.iter().any(|gs| overlap(ss, *gs) > 0)) {
                            ok = true;
                        }
                    }
                }
                spk += ok as usize;
                spk_direct += (ok && g.marked) as usize;
                if !ok {
                    let class = match sp.filter(|s| !name_of(Some(s)).is_empty()) {
                        None => SPEAKER_MISSING,
                        Some(s) => speaker_error(s, p),
                    };
                    report.miss(class, &doc, whole, whole.and_then(bytes), gold_desc, describe(q));
                }
            }
            let all_gold: Vec<CharSpan> = golds.iter().flat_map(|g| g.content.iter().copied()).collect();
            for (s, q) in &pq {
                n_pred += 1;
                let len = s.1 - s.0;
                let plen = if len == 0 { 1 } else { len } as f64;
                let shared: i64 = all_gold.iter().map(|c| overlap(*s, *c)).sum();
                if shared as f64 / plen > MIN_COVER {
                    pred_ok += 1;
                } else {
                    report.miss(SPURIOUS, &doc, Some(*s), bytes(*s), String::new(), describe(q));
                }
            }
        }
        let r = if n_gold > 0 { found as f64 / n_gold as f64 } else { 0.0 };
        let p = if n_pred > 0 { pred_ok as f64 / n_pred as f64 } else { 0.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        let speaker = spk as f64 / n_gold.max(1) as f64;
        let speaker_marked = spk_direct as f64 / n_direct.max(1) as f64;
        report.lines = vec![
            format!("gold {n_gold} (with quote marks {n_direct}); predicted {n_pred}"),
            format!("found {found} (recall {r:.3}); precision {p:.3}; F1 {f:.3}"),
            format!("speaker right {spk}/{n_gold} ({speaker:.3}); on quotes with marks {spk_direct}/{n_direct} ({speaker_marked:.3})"),
            format!("found with quote marks {found_direct}/{n_direct}; without {}/{}", found - found_direct, n_gold - n_direct),
        ];
        report.summary = vec![
            ("recall".into(), r),
            ("precision".into(), p),
            ("f1".into(), f),
            ("speaker".into(), speaker),
            ("speaker_marked".into(), speaker_marked),
        ];
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GGT-style record with one quote over `quote` (character offsets) said by `who`.
    fn ggt(text: &str, quote: (usize, usize), who: &str) -> Value {
        let q: String = text.chars().skip(quote.0).take(quote.1 - quote.0).collect();
        json!({"id": "g1", "text": text, "quotes": [{"reference": who, "quote": {"start": quote.0, "end": quote.1, "text": q}}]})
    }

    /// A prediction with one quote over character span `chars` of `text`, in bytes.
    fn predicted(text: &str, chars: (usize, usize), speaker: Value) -> Value {
        let o = CharOffsets::new(text);
        json!({"id": "g1", "quotes": [{"kind": "indirect", "text": "", "start": o.byte_of_char(chars.0 as i64), "end": o.byte_of_char(chars.1 as i64), "speaker": speaker}]})
    }

    #[test]
    fn a_quote_is_found_only_above_thirty_percent() {
        // The gold quote is 100 characters; a prediction covering 30 is not enough, 31 is.
        let text = format!("{}{}", "x".repeat(100), " tail of the story.");
        let gold = ggt(&text, (0, 100), "Mira Holt");
        let speaker = json!({"entity": "E1", "name": "Mira Holt", "start": 0, "end": 1});
        let at30 = QuotesSuite.score(std::slice::from_ref(&gold), &[predicted(&text, (70, 100), speaker.clone())]);
        assert_eq!(at30.summary[0], ("recall".to_string(), 0.0));
        assert_eq!(at30.class_counts()[2], (PARTIAL.to_string(), 1));
        let at31 = QuotesSuite.score(std::slice::from_ref(&gold), &[predicted(&text, (69, 100), speaker)]);
        assert_eq!(at31.summary[0].1, 1.0);
        assert_eq!(at31.summary[1].1, 1.0); // the prediction lies wholly inside gold
        assert_eq!(at31.summary[3].1, 1.0); // speaker right
        // The gold quote has no quotation marks, so speaker_marked has nothing to count.
        assert_eq!(at31.summary_line(), "SUMMARY recall=1.000 precision=1.000 f1=1.000 speaker=1.000 speaker_marked=0.000");
    }

    #[test]
    fn byte_offsets_of_multibyte_text_are_converted() {
        // Curly marks are 3 bytes each: a prediction in bytes must land on the gold characters.
        let text = "Odd “words here” — and “more words” said Lea Park.";
        let start = text.chars().position(|c| c == '“').unwrap();
        let gold = ggt(text, (start, start + 12), "Lea Park");
        let pred = predicted(text, (start, start + 12), json!({"entity": "E2", "name": "Lea Park", "start": 0, "end": 1}));
        let r = QuotesSuite.score(&[gold], &[pred]);
        assert_eq!(r.lines[0], "gold 1 (with quote marks 1); predicted 1");
        assert_eq!(r.summary_line(), "SUMMARY recall=1.000 precision=1.000 f1=1.000 speaker=1.000 speaker_marked=1.000");
    }

    #[test]
    fn speaker_errors_are_classified() {
        let text = "She said the plan would work, according to the memo from Tuesday.";
        let gold = ggt(text, (9, 28), "Ruth Okafor");
        let cases = [
            (Value::Null, SPEAKER_MISSING),
            (json!({"entity": null, "name": "the memo", "start": 43, "end": 51}), SPEAKER_UNRESOLVED),
            (json!({"entity": "E4", "name": "Paul Denning", "start": 0, "end": 3}), SPEAKER_WRONG),
            // A tool without entity ids naming someone else: still the wrong person.
            (json!({"entity": null, "name": "Paul Denning", "start": 0, "end": 3}), SPEAKER_WRONG),
            (json!("the spokesperson"), SPEAKER_UNRESOLVED),
        ];
        for (speaker, class) in cases {
            let r = QuotesSuite.score(std::slice::from_ref(&gold), &[predicted(text, (9, 28), speaker)]);
            assert_eq!(r.misses.len(), 1);
            assert_eq!(r.misses[0].class, class);
        }
        // The output marks the mention as a pronoun: an unresolved pronoun.
        let mut p = predicted(text, (9, 28), json!({"entity": null, "name": "She", "start": 0, "end": 3}));
        p["entities"] = json!([{"type": "PERSON", "mentions": [{"start": 0, "end": 3, "kind": "pronoun"}]}]);
        let r = QuotesSuite.score(&[gold], &[p]);
        assert_eq!(r.misses[0].class, SPEAKER_PRONOUN);
    }

    #[test]
    fn same_person_uses_last_word_then_shared_words() {
        assert!(same_person("Justin Trudeau", "Prime Minister Justin Trudeau"));
        assert!(same_person("Dr. Ana Lopes", "Ana Lopes"));
        assert!(same_person("Reyes", "Tom Reyes"));
        // Last words differ, but every word of the shorter name is shared.
        assert!(same_person("Ana Lopes", "Lopes Ana"));
        assert!(same_person("Tom", "Tom Reyes"));
        assert!(!same_person("Tom Hardy", "Tom Reyes"));
        assert!(!same_person("he", "Tom Reyes"));
        assert!(!same_person("the minister", "Tom Reyes"));
        assert!(!same_person("", "Tom Reyes"));
        // Titles alone never match.
        assert!(!same_person("Mr", "Mr Dunn"));
    }

    #[test]
    fn spurious_predictions_lower_precision() {
        let text = "A long sentence with nothing quoted. Then “a real quote” ends.";
        let start = text.chars().position(|c| c == '“').unwrap();
        let gold = ggt(text, (start, start + 14), "Kim Lee");
        let mut p = predicted(text, (0, 36), json!("Someone"));
        p["quotes"].as_array_mut().unwrap().push(predicted(text, (start, start + 14), json!("Kim Lee"))["quotes"][0].clone());
        let r = QuotesSuite.score(&[gold], &[p]);
        assert_eq!(r.summary[1].1, 0.5);
        assert_eq!(r.class_counts()[3], (SPURIOUS.to_string(), 1));
    }

    #[test]
    fn polnear_source_span_overlap_counts_as_right() {
        let text = "The agency reported that prices rose sharply last year.";
        let rec = json!({"id": "p", "annotator": "a1", "text": text, "attributions": [
            {"source": [{"start": 0, "end": 10, "text": "The agency"}], "content": [{"start": 20, "end": 54, "text": "that prices rose sharply last year"}]}
        ]});
        assert_eq!(QuotesSuite.inputs(std::slice::from_ref(&rec))[0]["id"], json!("p#a1"));
        let pred = predicted(text, (25, 54), json!({"entity": "E1", "name": "Ministry", "start": 4, "end": 10}));
        let r = QuotesSuite.score(&[rec], &[pred]);
        assert_eq!(r.summary[3].1, 1.0);
        assert_eq!(r.lines[0], "gold 1 (with quote marks 0); predicted 1");
    }
}
