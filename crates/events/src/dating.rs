//! Dating events from the time stage's expressions.
//!
//! An event takes the calendar date of the time expression governing its clause, else the
//! nearest one in its sentence, else one in the next sentence when that sentence points back at
//! this one ("This statement was made on …"), else the latest earlier one of its paragraph, else
//! the document date (precision "document"). Durations and sets never date an event.

use newsgraph_doc::{Doc, Timex, TimexType};

/// A date and its precision ("day", "month", "year", "document", "none").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    pub date: Option<String>,
    pub precision: &'static str,
}

/// The calendar part of a TIMEX3 value and its precision, when it names a date.
fn calendar(t: &Timex) -> Option<(String, &'static str)> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let v = t.value.as_str();
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !digits(0..4) {
        return None;
    }
    if v.len() >= 10 && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10) {
        return Some((v[..10].to_string(), "day"));
    }
    if v.len() >= 7 && b.get(4) == Some(&b'-') && digits(5..7) {
        return Some((v[..7].to_string(), "month"));
    }
    if v.len() >= 8 && b.get(4) == Some(&b'-') && b.get(5) == Some(&b'W') {
        return Some((v.to_string(), "month"));
    }
    if v.len() == 4 {
        return Some((v.to_string(), "year"));
    }
    None
}

/// Words that open a sentence pointing back at the one before.
fn refers_back(doc: &Doc, sentence: usize) -> bool {
    let toks = doc.sentence_tokens(sentence);
    let first = toks.first().map(|t| t.text(&doc.text).to_lowercase()).unwrap_or_default();
    let second = toks.get(1).map(|t| t.text(&doc.text).to_lowercase()).unwrap_or_default();
    matches!(first.as_str(), "this" | "that" | "these" | "it")
        || (first == "the" && matches!(second.as_str(), "statement" | "remarks" | "call" | "conversation" | "meeting" | "talks" | "announcement" | "decision" | "move"))
}

/// The date of an event whose trigger starts at `trigger` inside the clause `[clause_start,
/// clause_end)` of sentence `sentence`.
pub fn date_event(doc: &Doc, sentence: usize, clause_start: usize, clause_end: usize, trigger: usize) -> EventDate {
    let dated: Vec<(&Timex, String, &'static str)> =
        doc.timexes.iter().filter_map(|t| calendar(t).map(|(d, p)| (t, d, p))).collect();
    let nearest = |from: usize, to: usize| {
        dated
            .iter()
            .filter(|(t, _, _)| t.start >= from && t.end <= to)
            .min_by_key(|(t, _, _)| t.start.abs_diff(trigger))
            .map(|(_, d, p)| EventDate { date: Some(d.clone()), precision: p })
    };
    if let Some(d) = nearest(clause_start, clause_end) {
        return d;
    }
    let Some(s) = doc.sentences.get(sentence) else {
        return EventDate { date: None, precision: "none" };
    };
    if let Some(d) = nearest(s.start, s.end) {
        return d;
    }
    if let Some(next) = doc.sentences.get(sentence + 1) {
        if next.block == s.block && refers_back(doc, sentence + 1) {
            if let Some(d) = nearest(next.start, next.end) {
                return d;
            }
        }
    }
    if let Some(block) = doc.blocks.get(s.block) {
        if let Some((_, d, p)) = dated.iter().filter(|(t, _, _)| t.start >= block.start && t.end <= s.start).max_by_key(|(t, _, _)| t.start) {
            return EventDate { date: Some(d.clone()), precision: p };
        }
    }
    match doc.reference_date_at(trigger) {
        Some(d) => EventDate { date: Some(d.format("%Y-%m-%d").to_string()), precision: "document" },
        None => EventDate { date: None, precision: "none" },
    }
}
