//! Absolute and partial calendar dates: "Nov. 17, 2021", "17 November", "2021-11-17",
//! "11/17/2021", "in March", "mid-November", "May 2008", "October of next year", "in 2021",
//! "'82", "the 1990s", "the 19th century", "the third quarter of 2009", "last summer".

use crate::expr::{Candidate, Expr, YearSpec};
use crate::lexicon::lexicon;
use crate::prefilter::{Cue, Pattern, Present};
use crate::recognizer::*;
use regex::Captures;

pub struct CalendarDates {
    iso: Pattern,
    numeric: Pattern,
    month_day: Pattern,
    day_month: Pattern,
    month_year: Pattern,
    month_of_relative_year: Pattern,
    month_alone: Pattern,
    year: Pattern,
    short_year: Pattern,
    decade: Pattern,
    short_decade: Pattern,
    century: Pattern,
    quarter: Pattern,
    season: Pattern,
}

/// Words before a bare month or year that make it a date ("in March", "since 1989").
const DATE_PREPOSITIONS: &[&str] = &[
    "in", "since", "by", "of", "until", "till", "from", "through", "during", "before", "after", "early", "late",
    "mid", "to", "and", "or", "between", "on", "for", "last", "next", "this", "around", "throughout", "as", "into",
    "circa", "fiscal", "the",
];

impl Default for CalendarDates {
    fn default() -> Self {
        let lex = lexicon();
        let m = lex.alternation("month");
        let w = lex.alternation("weekday");
        let ord = lex.alternation("ordinal");
        let season = lex.alternation("season");
        let day = r"(?P<dayfull>(?P<day>\d{1,2})(?:st|nd|rd|th)?)\b";
        CalendarDates {
            iso: Pattern::new(
                r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b",
                &[Cue::DigitHyphenDigit],
            ),
            numeric: Pattern::new(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})\b", &[Cue::Digit, Cue::Slash]),
            month_day: Pattern::new(
                &format!(r"\b(?:(?P<wd>{w})\b\.?,?\s+)?(?P<mon>{m})\b\.?\s*{day}(?:,?\s*(?P<year>\d{{4}})\b)?"),
                &[Cue::Month, Cue::Digit],
            )
            .near(Cue::Month, 1, 2),
            day_month: Pattern::new(
                &format!(r"\b(?:(?P<wd>{w})\b\.?,?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?(?P<mon>{m})\b\.?(?:,?\s*(?P<year>\d{{4}})\b)?"),
                &[Cue::Month, Cue::Digit],
            )
            .near(Cue::Month, 4, 1),
            month_year: Pattern::new(
                &format!(r"\b(?:(?P<pre>early|mid|late)[\s-]+)?(?P<mon>{m})\b\.?,?\s*(?:of\s+)?(?P<year>\d{{4}})\b"),
                &[Cue::Month, Cue::Digit],
            )
            .near(Cue::Month, 1, 2),
            month_of_relative_year: Pattern::new(
                &format!(r"\b(?P<mon>{m})\b\.?\s+(?:of\s+)?(?P<relyear>(?P<rel>last|this|next)\s+year)\b"),
                &[Cue::Month, Cue::ShiftUnit],
            )
            .near(Cue::Month, 0, 3),
            month_alone: Pattern::new(
                &format!(r"\b(?:(?P<pre>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+|(?P<rel>last|this|next|past|coming)\s+)?(?P<mon>{m})\b"),
                &[Cue::Month],
            )
            .near(Cue::Month, 3, 0),
            year: Pattern::new(r"\b(?:(?P<pre>early|mid|late)[\s-]+)?(?P<year>1[6-9]\d\d|20\d\d)\b", &[Cue::YearDigits]),
            short_year: Pattern::new(r"(?:^|[\s(])(?P<y>['’](?P<yy>\d\d))\b", &[Cue::Apostrophe, Cue::Digit]),
            decade: Pattern::new(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<dec>1[0-9]\d0|20\d0)['’]?s\b", &[Cue::DecadeEnd]),
            short_decade: Pattern::new(r"(?:\bthe\s+)?['’](?P<dd>\d0)s\b", &[Cue::Apostrophe, Cue::DecadeEnd]),
            century: Pattern::new(
                &format!(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ord})[\s-]+century\b"),
                &[Cue::Century],
            ),
            quarter: Pattern::new(
                r"\b(?:the\s+)?(?:(?P<word>first|second|third|fourth|final|last)|(?P<digit>[1-4])(?:st|nd|rd|th))[\s-]+quarter\b(?:\s+of\s+(?:(?P<year>\d{4})|(?P<rel>last|this|next)\s+year))?|\bQ(?P<q>[1-4])\s+(?P<qyear>\d{4})\b",
                &[Cue::Quarter],
            ),
            season: Pattern::new(
                &format!(r"\b(?:(?P<rel>last|this|next|past|coming)\s+|(?P<the>(?:in|during|by|over|through|until|since|for)\s+the)\s+)?(?P<s>{season})\b(?:\s+(?:of\s+)?(?P<year>\d{{4}})\b)?"),
                &[Cue::Season],
            )
            .near(Cue::Season, 2, 2),
        }
    }
}

fn int(c: &Captures, name: &str) -> Option<i64> {
    c.name(name)?.as_str().parse().ok()
}

fn valid_day(month: i64, day: i64) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// A two-digit year: the century that keeps it within a decade of now-ish news.
fn expand_short_year(yy: i64) -> i32 {
    if yy <= 35 {
        2000 + yy as i32
    } else {
        1900 + yy as i32
    }
}

impl CalendarDates {
    fn push(out: &mut Vec<Candidate>, start: usize, end: usize, expr: Expr, pattern: &'static str) {
        out.push(Candidate { start, end, expr, pattern });
    }

    /// A month name as a date word: capitalised; an abbreviation needs a day or year beside it.
    fn month_of(&self, word: &str) -> Option<u32> {
        if !capitalized(word) {
            return None;
        }
        lexicon().int("month", word).map(|m| m as u32)
    }

    fn full_dates(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        for c in self.iso.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let (y, m, d) = (int(&c, "year"), int(&c, "month"), int(&c, "day"));
            if let (Some(y), Some(m), Some(d)) = (y, m, d) {
                if valid_day(m, d) && !number_continues(text, whole.end()) {
                    let expr = Expr::Calendar { year: YearSpec::Written(y as i32), month: Some(m as u32), day: Some(d as u32) };
                    Self::push(out, whole.start(), whole.end(), expr, "iso date");
                }
            }
        }
        for c in self.numeric.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if number_continues(text, whole.end()) || matches!(char_before(text, whole.start()), Some('/' | '.')) {
                continue;
            }
            let (Some(a), Some(b), Some(y)) = (int(&c, "a"), int(&c, "b"), c.name("year")) else { continue };
            // US order (month/day) unless the first number cannot be a month.
            let (m, d) = if a > 12 { (b, a) } else { (a, b) };
            let year = if y.as_str().len() == 2 {
                expand_short_year(y.as_str().parse().unwrap_or(0))
            } else {
                y.as_str().parse().unwrap_or(0)
            };
            if valid_day(m, d) {
                let expr = Expr::Calendar { year: YearSpec::Written(year), month: Some(m as u32), day: Some(d as u32) };
                Self::push(out, whole.start(), whole.end(), expr, "numeric date");
            }
        }
        for (re, pattern) in [(&self.month_day, "month day"), (&self.day_month, "day month")] {
            for c in re.captures_iter(text, present) {
                let whole = c.get(0).expect("group 0");
                let Some(month) = c.name("mon").and_then(|m| self.month_of(m.as_str())) else { continue };
                let Some(day) = int(&c, "day") else { continue };
                if !valid_day(month as i64, day) {
                    continue;
                }
                let Some(day_group) = c.name("dayfull") else { continue };
                if c.name("year").is_none() && number_continues(text, day_group.end()) {
                    continue; // "March 5,000"
                }
                if pattern == "day month" && matches!(char_before(text, whole.start()), Some(',' | '.' | '$' | '£' | '€')) {
                    continue;
                }
                let year = match int(&c, "year") {
                    Some(y) if !number_continues(text, whole.end()) => YearSpec::Written(y as i32),
                    _ => YearSpec::Infer,
                };
                let end = match (year, pattern) {
                    (YearSpec::Written(_), _) => whole.end(),
                    (_, "month day") => day_group.end(),
                    _ => c.name("mon").map_or(whole.end(), |m| m.end()),
                };
                let expr = Expr::Calendar { year, month: Some(month), day: Some(day as u32) };
                Self::push(out, whole.start(), end, expr, pattern);
            }
        }
    }

    fn months(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        for c in self.month_year.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(month) = c.name("mon").and_then(|m| self.month_of(m.as_str())) else { continue };
            let Some(year) = int(&c, "year") else { continue };
            if number_continues(text, whole.end()) {
                continue;
            }
            let expr = Expr::Calendar { year: YearSpec::Written(year as i32), month: Some(month), day: None };
            Self::push(out, whole.start(), whole.end(), expr, "month year");
        }
        for c in self.month_of_relative_year.captures_iter(text, present) {
            let Some(month) = c.name("mon").and_then(|m| self.month_of(m.as_str())) else { continue };
            let shift = match c.name("rel").map(|r| r.as_str().to_lowercase()).as_deref() {
                Some("last") => -1,
                Some("next") => 1,
                _ => 0,
            };
            // Two expressions, as TimeML marks them: "October" (2010-10) of "next year" (2010).
            let (Some(mon), Some(rel_year)) = (c.name("mon"), c.name("relyear")) else { continue };
            let expr = Expr::Calendar { year: YearSpec::Shift(shift), month: Some(month), day: None };
            Self::push(out, mon.start(), mon.end(), expr, "month of relative year");
            let expr = Expr::Calendar { year: YearSpec::Shift(shift), month: None, day: None };
            Self::push(out, rel_year.start(), rel_year.end(), expr, "relative year");
        }
        let lex = lexicon();
        for c in self.month_alone.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(mon) = c.name("mon") else { continue };
            let Some(month) = self.month_of(mon.as_str()) else { continue };
            if !lex.is_full_form("month", mon.as_str()) {
                continue;
            }
            let modified = c.name("pre").is_some() || c.name("rel").is_some();
            let before = prev_word(text, whole.start());
            let after = next_word(text, mon.end());
            if !modified {
                let has_preposition = DATE_PREPOSITIONS.contains(&before.as_str());
                if lex.is("modal_month", mon.as_str()) && !has_preposition {
                    continue; // "May I…", "March on Washington"
                }
                // "August Wilson", "June Carter": a capitalised word right after and no preposition.
                if !has_preposition && capitalized(after) && next_word_adjacent(text, mon.end()) {
                    continue;
                }
            }
            let expr = match c.name("rel").map(|r| r.as_str().to_lowercase()).as_deref() {
                Some("last") | Some("past") => Expr::RelativeMonth { month, direction: -1 },
                Some("next") | Some("coming") => Expr::RelativeMonth { month, direction: 1 },
                Some(_) => Expr::Calendar { year: YearSpec::Shift(0), month: Some(month), day: None },
                None => Expr::Calendar { year: YearSpec::Infer, month: Some(month), day: None },
            };
            Self::push(out, whole.start(), whole.end(), expr, "month");
        }
    }

    fn years(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        let lex = lexicon();
        for c in self.year.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(y) = c.name("year") else { continue };
            if matches!(char_before(text, y.start()), Some('$' | '£' | '€' | '#' | '.' | ',' | ':' | '/' | '+' | '\\'))
                || number_continues(text, y.end())
                || char_at(text, y.end()) == Some('%')
            {
                continue;
            }
            let before = prev_word(text, whole.start());
            if lex.is("number_label", &before) {
                continue; // "Article 2000", "Flight 1907"
            }
            let after = next_word(text, y.end());
            if lex.is("count_noun", after) || lex.is("unit", after) && !DATE_PREPOSITIONS.contains(&before.as_str()) {
                continue; // "2000 refugees", "1500 years"
            }
            let Ok(year) = y.as_str().parse::<i32>() else { continue };
            let expr = Expr::Calendar { year: YearSpec::Written(year), month: None, day: None };
            Self::push(out, whole.start(), whole.end(), expr, "year");
        }
        for c in self.short_year.captures_iter(text, present) {
            let Some(y) = c.name("y") else { continue };
            if matches!(char_at(text, y.end()), Some('s' | 'S')) || number_continues(text, y.end()) {
                continue;
            }
            let before = prev_word(text, y.start());
            if !DATE_PREPOSITIONS.contains(&before.as_str()) {
                continue;
            }
            let Some(yy) = int(&c, "yy") else { continue };
            let expr = Expr::Calendar { year: YearSpec::Written(expand_short_year(yy)), month: None, day: None };
            Self::push(out, y.start(), y.end(), expr, "short year");
        }
        for c in self.decade.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if let Some(d) = int(&c, "dec") {
                Self::push(out, whole.start(), whole.end(), Expr::Decade((d / 10) as i32), "decade");
            }
        }
        for c in self.short_decade.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if let Some(dd) = int(&c, "dd") {
                let decade = expand_short_year(dd) / 10;
                Self::push(out, whole.start(), whole.end(), Expr::Decade(decade), "decade");
            }
        }
        for c in self.century.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(o) = c.name("ord") else { continue };
            // "20th Century Fox", "21st Century Insurance": a name, not a period.
            if whole.as_str().ends_with("Century") && capitalized(next_word(text, whole.end())) {
                continue;
            }
            let digits: String = o.as_str().chars().take_while(char::is_ascii_digit).collect();
            let n = digits.parse::<i64>().ok().or_else(|| lexicon().int("ordinal", o.as_str()));
            if let Some(n) = n.filter(|n| (1..=30).contains(n)) {
                Self::push(out, whole.start(), whole.end(), Expr::Century((n - 1) as i32), "century");
            }
        }
    }

    fn quarters_and_seasons(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        for c in self.quarter.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let quarter = if let Some(q) = int(&c, "q").or_else(|| int(&c, "digit")) {
                q as u32
            } else {
                match c.name("word").map(|w| w.as_str().to_lowercase()).as_deref() {
                    Some("first") => 1,
                    Some("second") => 2,
                    Some("third") => 3,
                    _ => 4,
                }
            };
            let year = if let Some(y) = int(&c, "year").or_else(|| int(&c, "qyear")) {
                YearSpec::Written(y as i32)
            } else {
                match c.name("rel").map(|r| r.as_str().to_lowercase()).as_deref() {
                    Some("last") => YearSpec::Shift(-1),
                    Some("next") => YearSpec::Shift(1),
                    Some(_) => YearSpec::Shift(0),
                    None => YearSpec::Infer,
                }
            };
            Self::push(out, whole.start(), whole.end(), Expr::Quarter { year, quarter }, "quarter");
        }
        for c in self.season.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(s) = c.name("s") else { continue };
            let Some(code) = lexicon().value("season", s.as_str()) else { continue };
            let rel = c.name("rel").map(|r| r.as_str().to_lowercase());
            let written = int(&c, "year");
            let bare_ok = capitalized(s.as_str()) && !s.as_str().eq_ignore_ascii_case("fall");
            if rel.is_none() && written.is_none() && c.name("the").is_none() && !bare_ok {
                continue;
            }
            // "since the fall of the regime": a downfall, not autumn.
            if written.is_none() && next_word(text, s.end()).eq_ignore_ascii_case("of") {
                continue;
            }
            let direction = match rel.as_deref() {
                Some("last") | Some("past") => Some(-1),
                Some("next") | Some("coming") => Some(1),
                Some(_) => Some(0),
                None => None,
            };
            let year = written.map_or(YearSpec::Infer, |y| YearSpec::Written(y as i32));
            // "in the summer": the span is the season itself, without the preposition.
            let start = if rel.is_none() { s.start() } else { whole.start() };
            let expr = Expr::Season { year, code: code.to_string(), direction };
            Self::push(out, start, whole.end(), expr, "season");
        }
    }
}

impl Recognizer for CalendarDates {
    fn name(&self) -> &'static str {
        "calendar"
    }

    fn find(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        self.full_dates(text, present, out);
        self.months(text, present, out);
        self.years(text, present, out);
        self.quarters_and_seasons(text, present, out);
    }
}
