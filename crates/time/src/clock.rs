//! Clock times: "3 p.m.", "at 10:30", "16:08 UTC", "noon", "midnight".

use crate::expr::{Candidate, Expr};
use crate::prefilter::{Cue, Pattern, Present};
use crate::recognizer::*;

/// Words before a clock time written without a.m./p.m. or zone ("at 10:30").
const CLOCK_LEADS: &[&str] = &[
    "at", "by", "around", "from", "until", "till", "to", "before", "after", "about", "approximately", "since",
    "between", "and", "or", "shortly", "just", "@",
];

pub struct ClockTimes {
    twelve_hour: Pattern,
    twenty_four_hour: Pattern,
    named: Pattern,
}

impl Default for ClockTimes {
    fn default() -> Self {
        ClockTimes {
            twelve_hour: Pattern::new(
                r"\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?(?:\s+(?P<z>UTC|GMT)\b)?",
                &[Cue::AmPm, Cue::AsciiDigit],
            ),
            twenty_four_hour: Pattern::new(r"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\b(?:\s*(?P<z>UTC|GMT|Z)\b)?", &[Cue::AsciiDigit, Cue::Colon]),
            named: Pattern::new(r"\b(?P<w>noon|midday|midnight)\b", &[Cue::NamedTime]),
        }
    }
}

impl Recognizer for ClockTimes {
    fn name(&self) -> &'static str {
        "clock"
    }

    #[cfg(test)]
    fn patterns(&self) -> Vec<&crate::prefilter::Pattern> {
        vec![&self.twelve_hour, &self.twenty_four_hour, &self.named]
    }

    fn find(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        for c in self.twelve_hour.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if matches!(char_before(text, whole.start()), Some('$' | '.' | ',' | ':')) {
                continue;
            }
            let h: u32 = c.name("h").and_then(|h| h.as_str().parse().ok()).unwrap_or(0);
            let m: u32 = c.name("m").and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
            let pm = c.name("ap").is_some_and(|a| a.as_str().eq_ignore_ascii_case("p"));
            let hour = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            let expr = Expr::Clock { hour, minute: m, utc: c.name("z").is_some() };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr, pattern: "12-hour clock" });
        }
        for c in self.twenty_four_hour.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let (Some(h), Some(m)) = (c.name("h"), c.name("m")) else { continue };
            if matches!(char_before(text, whole.start()), Some(':' | '.' | ',' | '$')) || number_continues(text, m.end()) && !text.get(m.end()..).is_some_and(|r| r.starts_with(':')) {
                continue;
            }
            // A bare "2:22" is as often a video length or a score as a time: without a zone it
            // needs a preposition of time before it.
            if c.name("z").is_none() && !CLOCK_LEADS.contains(&prev_word(text, whole.start()).as_str()) {
                continue;
            }
            let hour: u32 = h.as_str().parse().unwrap_or(0);
            let minute: u32 = m.as_str().parse().unwrap_or(0);
            let expr = Expr::Clock { hour, minute, utc: c.name("z").is_some() };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr, pattern: "24-hour clock" });
        }
        for c in self.named.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let hour = if whole.as_str().eq_ignore_ascii_case("midnight") { 24 } else { 12 };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Clock { hour, minute: 0, utc: false }, pattern: "named time" });
        }
    }
}
