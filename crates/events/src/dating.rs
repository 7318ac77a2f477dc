//! Dating events from the time stage's expressions.
//!
//! An event takes the calendar date of the time expression governing its clause, else the
//! nearest one in its sentence, else one in the next sentence when that sentence points back at
//! this one ("This statement was made on …"), else the latest earlier one of its paragraph, else
//! the document date (precision "document"). Durations and sets never date an event.

use newsgraph_doc::{Doc, Timex, TimexType};
use std::borrow::Cow;

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
    // Lower-cased without a copy when the word is already so (nearly always).
    let lower = |i: usize| toks.get(i).map_or(Cow::Borrowed(""), |t| newsgraph_doc::fold_word(t.text(&doc.text)));
    let (first, second) = (lower(0), lower(1));
    matches!(&*first, "this" | "that" | "these" | "it")
        || (first == "the" && matches!(&*second, "statement" | "remarks" | "call" | "conversation" | "meeting" | "talks" | "announcement" | "decision" | "move"))
}

/// The calendar-dated time expressions of a document, in text order, read once per document.
#[derive(Debug, Clone, Default)]
pub struct Dates {
    /// (start, end, date, precision), sorted by start.
    entries: Vec<(usize, usize, String, &'static str)>,
}

impl Dates {
    pub fn new(doc: &Doc) -> Self {
        let mut entries: Vec<(usize, usize, String, &'static str)> =
            doc.timexes.iter().filter_map(|t| calendar(t).map(|(d, p)| (t.start, t.end, d, p))).collect();
        entries.sort_by_key(|e| e.0);
        Dates { entries }
    }

    /// The entries lying inside `[from, to)`.
    fn within(&self, from: usize, to: usize) -> &[(usize, usize, String, &'static str)] {
        let a = self.entries.partition_point(|e| e.0 < from);
        let b = self.entries.partition_point(|e| e.0 < to);
        self.entries.get(a..b.max(a)).unwrap_or(&[])
    }

    fn nearest(&self, from: usize, to: usize, trigger: usize) -> Option<EventDate> {
        self.within(from, to)
            .iter()
            .filter(|e| e.1 <= to)
            .min_by_key(|e| e.0.abs_diff(trigger))
            .map(|e| EventDate { date: Some(e.2.clone()), precision: e.3 })
    }
}

/// The date of an event whose trigger starts at `trigger` inside the clause `[clause_start,
/// clause_end)` of sentence `sentence`.
pub fn date_event(doc: &Doc, dates: &Dates, sentence: usize, clause_start: usize, clause_end: usize, trigger: usize) -> EventDate {
    if let Some(d) = dates.nearest(clause_start, clause_end, trigger) {
        return d;
    }
    let Some(s) = doc.sentences.get(sentence) else {
        return EventDate { date: None, precision: "none" };
    };
    if let Some(d) = dates.nearest(s.start, s.end, trigger) {
        return d;
    }
    if let Some(next) = doc.sentences.get(sentence + 1) {
        // The pointer may open the next paragraph too (one-sentence paragraphs are common).
        if next.block <= s.block + 1 && refers_back(doc, sentence + 1) {
            if let Some(d) = dates.nearest(next.start, next.end, trigger) {
                return d;
            }
        }
    }
    if let Some(block) = doc.blocks.get(s.block) {
        if let Some(e) = dates.within(block.start, s.start).iter().filter(|e| e.1 <= s.start).max_by_key(|e| e.0) {
            return EventDate { date: Some(e.2.clone()), precision: e.3 };
        }
    }
    match doc.reference_date_at(trigger) {
        Some(d) => EventDate { date: Some(newsgraph_doc::iso_date(d)), precision: "document" },
        None => EventDate { date: None, precision: "none" },
    }
}
