//! Inferring the document date from the text when the input gave none: a date line near the
//! top (a line that is nothing but a full date, or a block the segmenter marked as a dateline),
//! else the latest full date written anywhere (an embedded post's signature line counts),
//! preferring dates in sentences that do not speak of the future, moved on to the latest
//! month-day reported in the past tense that falls after it.

use crate::expr::{Candidate, Expr, YearSpec};
use crate::resolve::infer_day;
use chrono::NaiveDate;
use newsgraph_doc::{BlockRole, Doc};

/// How many lines from the top a bare date line may sit and still date the article.
const DATELINE_MAX_LINE: usize = 4;

fn full_date(c: &Candidate) -> Option<NaiveDate> {
    match c.expr {
        Expr::Calendar { year: YearSpec::Written(y), month: Some(m), day: Some(d) } => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    }
}

/// How far from the start of the text a date line is looked for.
const DATELINE_MAX_BYTES: usize = 1500;

/// Whether the candidate fills its line (leading "Updated:"-style words and a weekday aside).
fn is_alone_on_early_line(text: &str, c: &Candidate) -> bool {
    if c.end > DATELINE_MAX_BYTES {
        return false;
    }
    let line_start = text.get(..c.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let line_end = text.get(c.end..).and_then(|t| t.find('\n')).map_or(text.len(), |i| c.end + i);
    let line_no = text.get(..line_start).map_or(0, |t| t.matches('\n').count());
    if line_no >= DATELINE_MAX_LINE {
        return false;
    }
    let before = text.get(line_start..c.start).unwrap_or("").trim();
    let after = text.get(c.end..line_end).unwrap_or("").trim();
    before.len() <= 20 && !before.chars().any(|ch| ch.is_ascii_digit()) && after.len() <= 12
}

/// The document date the text itself gives, if any. `future[i]` tells whether candidate i's
/// sentence speaks of the future.
pub fn infer(doc: &Doc, candidates: &[Candidate], future: &[bool]) -> Option<NaiveDate> {
    let dated: Vec<(&Candidate, NaiveDate, bool)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c, full_date(c)?, future.get(i).copied().unwrap_or(false))))
        .collect();
    let in_dateline = dated.iter().find(|(c, _, _)| {
        doc.block_at(c.start).is_some_and(|b| doc.blocks[b].role == BlockRole::Dateline) || is_alone_on_early_line(&doc.text, c)
    });
    if let Some((_, d, _)) = in_dateline {
        return Some(*d);
    }
    let latest = dated
        .iter()
        .filter(|(_, _, in_future)| !in_future)
        .map(|(_, d, _)| *d)
        .max()
        .or_else(|| dated.iter().map(|(_, d, _)| *d).max())?;
    // An article that reports what happened "on November 18" was written on that day or later,
    // even when its only full date is an older one (an embedded post's date line).
    let later_reported = candidates
        .iter()
        .zip(future)
        .filter(|(_, in_future)| !**in_future)
        .filter_map(|(c, _)| match c.expr {
            Expr::Calendar { year: YearSpec::Infer, month: Some(m), day: Some(d) } => infer_day(latest, m, d, false),
            _ => None,
        })
        .filter(|d| *d > latest)
        .max();
    Some(later_reported.unwrap_or(latest))
}
