//! Expressions that need a reference date: "today", "yesterday evening", "on Monday",
//! "last week", "earlier this month", "the previous year", "the same day", "two days ago",
//! "in two weeks", "the weekend", "the end of the year", and vague "recently"/"currently".

use crate::expr::{Candidate, Expr, Unit};
use crate::lexicon::lexicon;
use crate::prefilter::{Cue, Guard, Need, Pattern, Present, Side};
use crate::recognizer::*;
use crate::engine::Captures;

pub struct RelativeDates {
    deictic: Pattern,
    part_of_day: Pattern,
    weekday: Pattern,
    unit_shift: Pattern,
    unit_after: Pattern,
    the_day: Pattern,
    that_time: Pattern,
    same_unit_years_ago: Pattern,
    ago: Pattern,
    from_now: Pattern,
    vague: Pattern,
    part_of_unit: Pattern,
    the_weekend: Pattern,
}

/// Verbs and prepositions before "the day" that make it the reference day ("ended the day").
const DAY_LEADS: &[&str] = &[
    "for", "end", "ended", "ending", "ends", "finish", "finished", "finishing", "close", "closed", "closing",
    "start", "started", "starting", "open", "opened", "opening", "during", "began", "begin", "beginning",
];

impl Default for RelativeDates {
    fn default() -> Self {
        let lex = lexicon();
        let w = lex.alternation("weekday");
        let pod = lex.alternation("part_of_day");
        let num = lex.alternation("number");
        let unit = lex.alternation("unit");
        let vague = lex.alternation("ref");
        let count = format!(r"(?:\d+|{num}(?:[\s-]{num})?|a\s+few|several|some|a\s+couple\s+of)");
        RelativeDates {
            deictic: Pattern::new(
                &format!(r"\b(?:(?:earlier|later|early|late)\s+)?(?P<w>today|tonight|yesterday|tomorrow|now)\b(?:\s+(?P<pod>{pod})\b)?"),
                &[Cue::Deictic],
            ),
            part_of_day: Pattern::new(&format!(r"\b(?P<rel>this|last|tomorrow|yesterday)\s+(?P<pod>{pod})\b"), &[Cue::PartOfDay]),
            weekday: Pattern::new(
                &format!(r"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past)\s+)?(?P<wd>{w})\b(?:\s+(?P<pod>{pod})\b)?"),
                &[Cue::Weekday],
            )
            .near(Cue::Weekday, 2, 1),
            unit_shift: Pattern::new(
                r"\b(?:(?:earlier|later|early|late)\s+)?(?P<rel>(?:the\s+)?(?:last|past|previous|preceding|next|coming|following|current|same)|this\s+(?:past|coming)|this|that)\s+(?P<unit>week|month|year|quarter|decade|century|weekend|day)\b",
                &[Cue::ShiftUnit],
            )
            .near(Cue::ShiftUnit, 3, 0)
            // The `rel` word before the unit ends in the token before it: a quarter of the units
            // of news ("a year", "the day") have none there.
            .guarded(Guard::new(Side::Before, 1, Need::Word(&["last", "past", "previous", "preceding", "next", "coming", "following", "current", "same", "this", "that"]))),
            unit_after: Pattern::new(
                r"\bthe\s+(?P<unit>day|week|month|year)\s+(?P<post>before|previous|prior|after|earlier|later)\b",
                &[Cue::UnitAfter, Cue::ShiftUnit],
            )
            .near(Cue::UnitAfter, 2, 0)
            // The unit is the token before the anchor word.
            .guarded(Guard::new(Side::Before, 1, Need::Word(&["day", "week", "month", "year"]))),
            the_day: Pattern::new(r"\b(?P<lead>\w+)\s+(?P<span>the\s+day)\b", &[Cue::Day]),
            that_time: Pattern::new(r"\b(?:by|at|until|since|before|after|from)\s+(?P<span>that\s+(?:time|date|point))\b", &[Cue::ThatTime]),
            same_unit_years_ago: Pattern::new(
                &format!(r"\bthe\s+same\s+(?P<unit>day|week|month|quarter)\s+(?P<n>{count})\s+years?\s+(?:ago|earlier|before)\b"),
                &[Cue::Same],
            ),
            ago: Pattern::new(&format!(r"\b(?P<n>{count})\s+(?P<unit>{unit})\s+ago\b"), &[Cue::Ago])
            .near(Cue::Ago, 4, 0),
            from_now: Pattern::new(
                &format!(r"\bin\s+(?P<span>(?P<n>{count})\s+(?P<unit>{unit})(?:['’]s?\s+time)?)\b"),
                &[Cue::Unit],
            )
            .near(Cue::Unit, 4, 1)
            .guarded(Guard::new(Side::Before, 4, Need::Word(&["in"]))),
            vague: Pattern::new(&format!(r"\b(?P<w>{vague})\b"), &[Cue::Ref]),
            the_weekend: Pattern::new(r"\bthe\s+weekend\b", &[Cue::Weekend]),
            part_of_unit: Pattern::new(
                r"\b(?:the\s+)?(?:beginning|start|end|middle|rest|remainder|close|turn|first\s+half|second\s+half)\s+of\s+(?:the\s+)?(?P<rel>this|last|next|current)?\s*(?P<unit>year|month|week)\b",
                &[Cue::PartOf],
            )
            .near(Cue::PartOf, 2, 4)
            // "of thisyear": the unit may follow the relative word without a space.
            .guarded(Guard::new(Side::After, 4, Need::Piece(&["year", "month", "week"]))),
        }
    }
}

/// A capitalised word right after another capitalised word, in a title or name.
fn inside_name(text: &str, start: usize, word: &str) -> bool {
    capitalized(word) && char_before(text, start) == Some(' ') && capitalized(prev_word_as_written(text, start))
}

fn direction_word(word: &str) -> Option<i32> {
    lexicon().int("modifier", word).map(|v| v as i32)
}

fn count(c: &Captures) -> Option<i64> {
    count_in(c.name("n")?.as_str())
}

fn count_in(n: &str) -> Option<i64> {
    let n = parse_count(n)?;
    // Vague counts ("a few days ago") have no calendar position; skip them.
    n.parse::<f64>().ok().map(|v| v.round() as i64)
}

fn unit(c: &Captures) -> Option<Unit> {
    unit_named(c.name("unit")?.as_str())
}

fn unit_named(word: &str) -> Option<Unit> {
    Unit::from_code(lexicon().value("unit", word)?)
}

/// The two groups of a `unit_shift` or `ago` match read by hand: the words before the unit
/// (`rel`, or the count `n`) and the unit; offsets relative to the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LeadAndUnit {
    lead: (usize, usize),
    unit: (usize, usize),
}

/// The words before the unit that ends at `unit_end`: the unit is the run of letters ending there
/// (every unit is one word of letters), white space before it, the lead from `lead_start` to the
/// white space. `None` when any part is missing.
fn lead_and_unit(m: &[u8], lead_start: usize, unit_end: usize) -> Option<LeadAndUnit> {
    let unit_start = unit_end - m[..unit_end].iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
    let lead_end = unit_start - m[..unit_start].iter().rev().take_while(|&&b| ascii_space(b)).count();
    (unit_start < unit_end && lead_end < unit_start && lead_start < lead_end)
        .then_some(LeadAndUnit { lead: (lead_start, lead_end), unit: (unit_start, unit_end) })
}

/// The groups of a match of `unit_shift`, `[(earlier|later|early|late) \s+] rel \s+ unit \b`,
/// read off its ASCII text: the unit ends the match, and the first word is the optional prefix
/// when it is one of those four (no `rel` starts with them). `None` for the regex to read.
fn unit_shift_groups(m: &[u8]) -> Option<LeadAndUnit> {
    if !m.is_ascii() {
        return None;
    }
    let first_end = m.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let first = &m[..first_end];
    let rel_start = if ["earlier", "later", "early", "late"].iter().any(|w| first.eq_ignore_ascii_case(w.as_bytes())) {
        let spaces = m[first_end..].iter().take_while(|&&b| ascii_space(b)).count();
        if spaces == 0 {
            return None;
        }
        first_end + spaces
    } else {
        0
    };
    lead_and_unit(m, rel_start, m.len())
}

/// The groups of a match of `ago`, `n \s+ unit \s+ ago \b`, read off its ASCII text: the unit is
/// the word before the closing "ago", the count everything before it. `None` for the regex.
fn ago_groups(m: &[u8]) -> Option<LeadAndUnit> {
    if !m.is_ascii() || m.len() < 3 || !m[m.len() - 3..].eq_ignore_ascii_case(b"ago") {
        return None;
    }
    let before_ago = m.len() - 3;
    let unit_end = before_ago - m[..before_ago].iter().rev().take_while(|&&b| ascii_space(b)).count();
    if unit_end == before_ago {
        return None;
    }
    lead_and_unit(m, 0, unit_end)
}

/// Where the match of `unit_shift`'s ASCII form ending with the unit at `unit` (a whole run of
/// ASCII letters) starts, or `None` when none ends there: the pattern is `[(earlier|later|early|
/// late) \s+] ((the \s+)? (last|past|previous|preceding|next|coming|following|current|same) |
/// this \s+ (past|coming) | this | that) \s+ unit`, each word whole and in any case. Read back
/// from the unit, the first word found that can start a match is the leftmost start; no other
/// match reaches it, for none ends with these words.
fn unit_shift_start(bytes: &[u8], unit: usize) -> Option<usize> {
    let (rel_start, rel) = ascii_word_before_spaces(bytes, unit)?;
    let word_before = |end: usize| ascii_word_before_spaces(bytes, end);
    let mut start = rel_start;
    if is_one_of(rel, &["past", "coming"]) {
        if let Some((s, _)) = word_before(rel_start).filter(|(_, w)| is_one_of(w, &["this", "the"])) {
            start = s;
        }
    } else if is_one_of(rel, &["last", "previous", "preceding", "next", "following", "current", "same"]) {
        if let Some((s, _)) = word_before(rel_start).filter(|(_, w)| is_one_of(w, &["the"])) {
            start = s;
        }
    } else if !is_one_of(rel, &["this", "that"]) {
        return None;
    }
    if let Some((s, _)) = word_before(start).filter(|(_, w)| is_one_of(w, &["earlier", "later", "early", "late"])) {
        start = s;
    }
    Some(start)
}

/// The groups of a `unit_shift` or `ago` match: read by hand, else by the regex (`lead_group`
/// names the group before the unit); absolute offsets.
fn lead_and_unit_of(
    pattern: &Pattern,
    by_hand: fn(&[u8]) -> Option<LeadAndUnit>,
    lead_group: &str,
    text: &str,
    present: &Present,
    (start, end): (usize, usize),
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let shift = |(s, e): (usize, usize)| start + s..start + e;
    match by_hand(text.get(start..end)?.as_bytes()) {
        Some(g) => Some((shift(g.lead), shift(g.unit))),
        None => {
            let c = pattern.regex_for(present).captures_at(text, start)?;
            Some((c.name(lead_group)?.range(), c.name("unit")?.range()))
        }
    }
}

impl RelativeDates {
    fn push(out: &mut Vec<Candidate>, start: usize, end: usize, expr: Expr, pattern: &'static str) {
        out.push(Candidate { start, end, expr, pattern });
    }

    fn days(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        let lex = lexicon();
        for c in self.deictic.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(word) = c.name("w") else { continue };
            if inside_name(text, whole.start(), word.as_str()) {
                continue; // "Apocalypse Now", "Good Morning Today"
            }
            let lower = word.as_str().to_lowercase();
            if lower == "now" {
                if char_at(text, whole.end()) == Some('-') {
                    continue;
                }
                Self::push(out, whole.start(), whole.end(), Expr::Vague("PRESENT_REF".into()), "now");
                continue;
            }
            let Some(offset) = lex.int("day_offset", &lower) else { continue };
            Self::push(out, whole.start(), whole.end(), Expr::DayOffset(offset), "deictic day");
        }
        for c in self.part_of_day.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let offset = match c.name("rel").map(|r| r.as_str().to_lowercase()).as_deref() {
                Some("last") | Some("yesterday") => -1,
                Some("tomorrow") => 1,
                _ => 0,
            };
            // "last night" is the evening before; "last morning" is not said.
            Self::push(out, whole.start(), whole.end(), Expr::DayOffset(offset), "part of day");
        }
        for c in self.weekday.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(wd) = c.name("wd") else { continue };
            let rel = c.name("rel").map(|r| r.as_str().to_lowercase());
            if !lex.is_full_form("weekday", wd.as_str()) || !(capitalized(wd.as_str()) || rel.is_some()) {
                continue;
            }
            let after = next_word(text, wd.end());
            if c.name("pod").is_none() && capitalized(after) && lex.is("weekday_blocker", after) {
                continue; // "Sunday Times", "Bloody Sunday" is written the other way round
            }
            if prev_word(text, whole.start()) == "bloody" {
                continue;
            }
            let Some(weekday) = lex.int("weekday", wd.as_str()) else { continue };
            let direction = match rel.as_deref().and_then(|r| r.split_whitespace().last()) {
                Some("last") | Some("past") => Some(-1),
                Some("next") | Some("coming") => Some(1),
                _ => None,
            };
            Self::push(out, whole.start(), whole.end(), Expr::Weekday { weekday: weekday as u32, direction }, "weekday");
        }
        for c in self.the_day.captures_iter(text, present) {
            let (Some(lead), Some(span)) = (c.name("lead"), c.name("span")) else { continue };
            if DAY_LEADS.contains(&lead.as_str().to_lowercase().as_str()) {
                Self::push(out, span.start(), span.end(), Expr::Anaphor { unit: Some(Unit::Day), n: 0 }, "the day");
            }
        }
    }

    fn units(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        // A unit shift ends with its unit: where the block would be searched in ASCII windows
        // around the units, whether one ends with each unit, and where it starts, is read off
        // the words before it; else the regex finds them.
        for (start, end) in self.unit_shift.matches_at_anchors(text, present, |(s, e)| unit_shift_start(text.as_bytes(), s).map(|start| (start, e))) {
            let Some((rel, unit_range)) = lead_and_unit_of(&self.unit_shift, unit_shift_groups, "rel", text, present, (start, end)) else { continue };
            let rel = text.get(rel).unwrap_or("").to_lowercase();
            let rel_words: Vec<&str> = rel.split_whitespace().collect();
            let has_the = rel_words.first() == Some(&"the");
            let last_word = rel_words.last().copied().unwrap_or("");
            let unit_text = text.get(unit_range).unwrap_or("");
            let unit_word = unit_text.to_lowercase();
            let expr = if unit_word == "weekend" {
                Expr::Weekend(direction_word(last_word).or(if last_word == "same" { None } else { Some(0) }))
            } else if unit_word == "day" {
                // Only the anaphoric days: "the same day", "that day", "the next day".
                match (has_the, last_word) {
                    (_, "same") | (false, "that") => Expr::Anaphor { unit: Some(Unit::Day), n: 0 },
                    (true, "next" | "following") => Expr::Anaphor { unit: Some(Unit::Day), n: 1 },
                    (true, "previous" | "preceding") => Expr::Anaphor { unit: Some(Unit::Day), n: -1 },
                    _ => continue,
                }
            } else {
                let Some(u) = unit_named(unit_text) else { continue };
                match (has_the, last_word) {
                    (_, "same") | (false, "that") => Expr::Anaphor { unit: Some(u), n: 0 },
                    (true, "previous" | "preceding" | "following" | "next") => {
                        Expr::Anaphor { unit: Some(u), n: direction_word(last_word).unwrap_or(0) as i64 }
                    }
                    (_, w) => match direction_word(w) {
                        Some(n) => Expr::Shift { unit: u, n: n as i64 },
                        None => continue,
                    },
                }
            };
            Self::push(out, start, end, expr, "unit shift");
        }
        for m in self.the_weekend.find_iter(text, present) {
            Self::push(out, m.start(), m.end(), Expr::Weekend(None), "the weekend");
        }
        for c in self.unit_after.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(u) = unit(&c) else { continue };
            let n = match c.name("post").map(|p| p.as_str().to_lowercase()).as_deref() {
                Some("after") | Some("later") => 1,
                _ => -1,
            };
            Self::push(out, whole.start(), whole.end(), Expr::Anaphor { unit: Some(u), n }, "unit before");
        }
        for c in self.that_time.captures_iter(text, present) {
            if let Some(span) = c.name("span") {
                Self::push(out, span.start(), span.end(), Expr::Anaphor { unit: None, n: 0 }, "that time");
            }
        }
        for c in self.same_unit_years_ago.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if let (Some(u), Some(years)) = (unit(&c), count(&c)) {
                Self::push(out, whole.start(), whole.end(), Expr::SameUnitYearsAgo { unit: u, years }, "same unit years ago");
            }
        }
        for whole in self.ago.matches_iter(text, present) {
            let Some((n, unit_range)) = lead_and_unit_of(&self.ago, ago_groups, "n", text, present, (whole.start(), whole.end())) else { continue };
            let Some(u) = text.get(unit_range).and_then(unit_named) else { continue };
            match text.get(n).and_then(count_in) {
                Some(n) => Self::push(out, whole.start(), whole.end(), Expr::Offset { unit: u, n: -n }, "ago"),
                // "a few weeks ago": some time in the past.
                None => Self::push(out, whole.start(), whole.end(), Expr::Vague("PAST_REF".into()), "vague ago"),
            }
        }
        for c in self.from_now.captures_iter(text, present) {
            let Some(span) = c.name("span") else { continue };
            if let (Some(u), Some(n)) = (unit(&c), count(&c)) {
                // Resolved as a date only in a sentence about the future (else it is a duration:
                // "the lowest level in six years"); the resolver decides.
                Self::push(out, span.start(), span.end(), Expr::Offset { unit: u, n }, "from now");
            }
        }
        for c in self.part_of_unit.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(u) = unit(&c) else { continue };
            let n = c.name("rel").and_then(|r| direction_word(r.as_str())).unwrap_or(0);
            Self::push(out, whole.start(), whole.end(), Expr::Shift { unit: u, n: n as i64 }, "part of unit");
        }
        for c in self.vague.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if char_at(text, whole.end()) == Some('-') {
                continue; // "the now-cancelled deal", "the soon-to-open terminal"
            }
            if inside_name(text, whole.start(), whole.as_str()) {
                continue;
            }
            if let Some(v) = lexicon().value("ref", whole.as_str()) {
                Self::push(out, whole.start(), whole.end(), Expr::Vague(v.to_string()), "vague");
            }
        }
    }
}

impl Recognizer for RelativeDates {
    fn name(&self) -> &'static str {
        "relative"
    }

    #[cfg(test)]
    fn patterns(&self) -> Vec<&crate::prefilter::Pattern> {
        vec![&self.deictic, &self.part_of_day, &self.weekday, &self.unit_shift, &self.unit_after, &self.the_day, &self.that_time, &self.same_unit_years_ago, &self.ago, &self.from_now, &self.vague, &self.part_of_unit, &self.the_weekend]
    }

    fn find(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        self.days(text, present, out);
        self.units(text, present, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every match of `pattern` in `text` that the hand reads has the regex's own groups; every
    /// match in ASCII text is read by hand. Returns how many were read.
    fn check(pattern: &Pattern, by_hand: fn(&[u8]) -> Option<LeadAndUnit>, lead: &str, text: &str) -> Result<usize, TestCaseError> {
        let mut read = 0;
        for m in pattern.regex().find_iter(text) {
            let c = pattern.regex().captures_at(text, m.start()).expect("captures of a match");
            prop_assert_eq!(c.get(0).map(|w| w.range()), Some(m.range()));
            let expected = (c.name(lead).map(|g| g.range()), c.name("unit").map(|g| g.range()));
            if let Some(g) = by_hand(m.as_str().as_bytes()) {
                let shift = |(s, e): (usize, usize)| Some(m.start() + s..m.start() + e);
                prop_assert_eq!((shift(g.lead), shift(g.unit)), expected, "{:?} in {:?}", m.as_str(), text);
                read += 1;
            } else {
                prop_assert!(!m.as_str().is_ascii(), "{:?} not read by hand", m.as_str());
            }
        }
        Ok(read)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn unit_shift_groups_read_by_hand_are_the_regex_groups(
            text in (
                prop::sample::select(vec!["", "early ", "Later  ", "LATE\t", "earlier", "x "]),
                prop::sample::select(vec!["last", "the  past", "THE previous", "this coming", "this\u{a0}past", "that", "This", "same", "the following"]),
                prop::sample::select(vec![" ", "  ", "\n", "", "-"]),
                prop::sample::select(vec!["week", "Month", "YEAR", "weekend", "day", "days", "centuryx"]),
                "[a-z ,.']{0,3}",
            ).prop_map(|(a, b, c, d, e)| format!("{a}{b}{c}{d}{e} {b}{c}{d}{a}{b} {d}"))
        ) {
            let dates = RelativeDates::default();
            check(&dates.unit_shift, unit_shift_groups, "rel", &text)?;
        }

        /// The unit shifts found by hand at the units are the matches of the pattern's ASCII
        /// form on every block searched so: relative words and prefixes whole, cut, glued, in any
        /// case, in every order, with and without the white space the pattern needs.
        #[test]
        fn unit_shifts_found_by_hand_are_the_ascii_matches(
            parts in prop::collection::vec((
                prop::sample::select(vec![
                    "earlier", "Later", "early", "late", "the", "The", "last", "past", "previous", "preceding", "next",
                    "coming", "following", "current", "same", "this", "THIS", "that", "week", "month", "year", "Quarter",
                    "decade", "century", "weekend", "day", "days", "x", "é", "_", "thisx", "2021", "’",
                ]),
                prop::sample::select(vec!["", " ", "  ", "-", "\t", "\n", ", ", "\u{b}", ". "]),
            ), 0..14)
        ) {
            let text: String = parts.iter().map(|(piece, sep)| format!("{piece}{sep}")).collect();
            let dates = RelativeDates::default();
            let present = crate::prefilter::scan(&text);
            let Some(units) = dates.unit_shift.anchors_in(&present) else { return Ok(()) };
            let by_hand: Vec<(usize, usize)> = units.filter_map(|(s, e)| unit_shift_start(text.as_bytes(), s).map(|start| (start, e))).collect();
            let ascii = crate::recognizer::compile_ascii(dates.unit_shift.source()).expect("unit_shift has an ASCII form");
            let expected: Vec<(usize, usize)> = ascii.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(by_hand, expected, "{:?}", text);
        }

        #[test]
        fn ago_groups_read_by_hand_are_the_regex_groups(
            text in (
                prop::sample::select(vec!["3", "twenty five", "Twenty-five", "a few", "A  couple of", "several", "some", "12", "x", "ten"]),
                prop::sample::select(vec![" ", "  ", "\t", "", "\u{a0}"]),
                prop::sample::select(vec!["days", "Weeks", "MIN", "hrs", "year", "decadesx"]),
                prop::sample::select(vec![" ago", "  AGO", "ago", " agon", "\nAgo"]),
                "[a-z ,.']{0,3}",
            ).prop_map(|(a, b, c, d, e)| format!("{a}{b}{c}{d}{e} {a}{b}{c}{d}"))
        ) {
            let dates = RelativeDates::default();
            check(&dates.ago, ago_groups, "n", &text)?;
        }
    }

    #[test]
    fn ordinary_phrases_are_read_by_hand() {
        let g = |lead: (usize, usize), unit: (usize, usize)| Some(LeadAndUnit { lead, unit });
        assert_eq!(unit_shift_groups(b"last week"), g((0, 4), (5, 9)));
        assert_eq!(unit_shift_groups(b"earlier this  month"), g((8, 12), (14, 19)));
        assert_eq!(unit_shift_groups(b"the same\tday"), g((0, 8), (9, 12)));
        assert_eq!(ago_groups(b"two years ago"), g((0, 3), (4, 9)));
        assert_eq!(ago_groups(b"a couple of days  AGO"), g((0, 11), (12, 16)));
        // Not ASCII: left to the regex.
        assert_eq!(ago_groups("3\u{a0}days ago".as_bytes()), None);
    }
}
