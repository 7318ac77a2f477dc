//! Absolute and partial calendar dates: "Nov. 17, 2021", "17 November", "2021-11-17",
//! "11/17/2021", "in March", "mid-November", "May 2008", "October of next year", "in 2021",
//! "'82", "the 1990s", "the 19th century", "the third quarter of 2009", "last summer".

use crate::expr::{Candidate, Expr, YearSpec};
use crate::lexicon::lexicon;
use crate::prefilter::{Cue, Guard, Need, Pattern, Present, Side};
use crate::recognizer::*;
use crate::engine::Captures;

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
            .near(Cue::Month, 1, 2)
            // The day's digits are in the month's token ("Sept.5") or the next.
            .guarded(Guard::new(Side::After, 1, Need::Digit)),
            day_month: Pattern::new(
                &format!(r"\b(?:(?P<wd>{w})\b\.?,?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?(?P<mon>{m})\b\.?(?:,?\s*(?P<year>\d{{4}})\b)?"),
                &[Cue::Month, Cue::Digit],
            )
            .near(Cue::Month, 4, 1)
            // The day's digits are in the token before the month, or before its "of".
            .guarded(Guard::new(Side::Before, 2, Need::Digit)),
            month_year: Pattern::new(
                &format!(r"\b(?:(?P<pre>early|mid|late)[\s-]+)?(?P<mon>{m})\b\.?,?\s*(?:of\s+)?(?P<year>\d{{4}})\b"),
                &[Cue::Month, Cue::Digit],
            )
            .near(Cue::Month, 1, 2)
            // The year follows the month, in its token, the next or the one after "of".
            .guarded(Guard::new(Side::After, 2, Need::Digit)),
            month_of_relative_year: Pattern::new(
                &format!(r"\b(?P<mon>{m})\b\.?\s+(?:of\s+)?(?P<relyear>(?P<rel>last|this|next)\s+year)\b"),
                &[Cue::Month, Cue::ShiftUnit],
            )
            .near(Cue::Month, 0, 3)
            .guarded(Guard::new(Side::After, 3, Need::Word(&["year"]))),
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

/// The groups of a month–day or day–month match that [`CalendarDates`] reads, as byte spans:
/// the month name, the day's digits, the end of the day with its ordinal suffix, the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DayDate {
    mon: (usize, usize),
    day: (usize, usize),
    dayfull_end: usize,
    year: Option<(usize, usize)>,
}

impl DayDate {
    fn from_captures(c: &Captures) -> Option<DayDate> {
        let span = |m: crate::engine::Match| (m.start(), m.end());
        Some(DayDate {
            mon: span(c.name("mon")?),
            day: span(c.name("day")?),
            dayfull_end: c.name("dayfull")?.end(),
            year: c.name("year").map(span),
        })
    }

    /// With offsets relative to a match at `start` made relative to the text.
    fn shifted(self, start: usize) -> DayDate {
        let shift = |(s, e): (usize, usize)| (s + start, e + start);
        DayDate {
            mon: shift(self.mon),
            day: shift(self.day),
            dayfull_end: self.dayfull_end + start,
            year: self.year.map(shift),
        }
    }
}

/// An ordinal suffix after a day: "st", "nd", "rd", "th" in any case.
fn ordinal_suffix(b: &[u8]) -> bool {
    b.len() == 2 && ["st", "nd", "rd", "th"].iter().any(|s| b.eq_ignore_ascii_case(s.as_bytes()))
}

/// The day of a match: its first run of digits (no weekday, month, "the" or "of" holds one),
/// of one or two digits, and where it ends with an ordinal suffix.
fn day_digits(m: &[u8]) -> Option<(usize, usize)> {
    let start = m.iter().position(u8::is_ascii_digit)?;
    let len = m[start..].iter().take_while(|b| b.is_ascii_digit()).count();
    (len <= 2).then_some((start, start + len))
}

/// The year at the end of a match: its last four bytes, all digits, after `after`.
fn year_at_end(m: &[u8], after: usize) -> Option<Option<(usize, usize)>> {
    if !m.last().is_some_and(u8::is_ascii_digit) {
        return Some(None);
    }
    let start = m.len().checked_sub(4).filter(|&s| s >= after)?;
    m[start..].iter().all(u8::is_ascii_digit).then_some(Some((start, m.len())))
}

/// The groups of a match of `month_day`, read off the ASCII text `m` of the match (offsets
/// relative to it); `None` where the text is not ASCII (a Unicode digit or space, a Kelvin sign
/// in a month's name) or does not read as expected, for the regex to read. The pattern is
/// `[weekday \b .? ,? \s+] month \b .? \s* day [suffix] \b [,? \s* year \b]`: the month is the
/// run of letters before the day (past white space and a dot), the day is as `day_digits`
/// says (a suffix after the digits must be the suffix: without it, no `\b` could follow the
/// digits), and whatever follows the day is the year.
fn month_day_groups(m: &[u8]) -> Option<DayDate> {
    if !m.is_ascii() {
        return None;
    }
    let day = day_digits(m)?;
    let dayfull_end = if m.get(day.1..day.1 + 2).is_some_and(ordinal_suffix) { day.1 + 2 } else { day.1 };
    let mut k = day.0;
    while k > 0 && ascii_space(m[k - 1]) {
        k -= 1;
    }
    if k > 0 && m[k - 1] == b'.' {
        k -= 1;
    }
    let mon_end = k;
    while k > 0 && m[k - 1].is_ascii_alphabetic() {
        k -= 1;
    }
    if k == mon_end {
        return None;
    }
    let year = if dayfull_end == m.len() { None } else { Some(year_at_end(m, dayfull_end)??) };
    Some(DayDate { mon: (k, mon_end), day, dayfull_end, year })
}

/// The month and year of a match of `month_year`, `[early|mid|late [\s-]+] month \b .? ,? \s*
/// [of \s+] year \b`, read off its ASCII text: the first run of letters is the month unless it
/// is "early", "mid" or "late" (no month), then the next run is; the year is the last four
/// bytes. `None` for the regex to read.
fn month_year_groups(m: &[u8]) -> Option<((usize, usize), (usize, usize))> {
    if !m.is_ascii() {
        return None;
    }
    let letters_from = |k: usize| k + m[k..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let mut start = 0;
    let mut end = letters_from(0);
    if ["early", "mid", "late"].iter().any(|p| m[..end].eq_ignore_ascii_case(p.as_bytes())) {
        start = end + m[end..].iter().take_while(|&&b| ascii_space(b) || b == b'-').count();
        if start == end {
            return None;
        }
        end = letters_from(start);
    }
    if end == start {
        return None;
    }
    let year = year_at_end(m, end)??;
    Some(((start, end), year))
}

/// The groups of a match of `month_alone` that the stage reads: the month, whether an "early",
/// "the end of" or "last"-style word modifies it, and the "last"/"this"/"next" word itself.
struct MonthAlone<R> {
    mon: R,
    modified: bool,
    rel: Option<R>,
}

/// The groups of a match of `month_alone`, `[(early|mid|late|the end of|…) [\s-]+ | (last|this|
/// next|past|coming) \s+] month \b`, read off the ASCII text `m` of the match: the month is the
/// run of letters that ends the match (month names are letters only), and the first word says
/// which modifier it is. `None` where the text is not ASCII or reads otherwise, for the regex.
fn month_alone_groups(m: &[u8]) -> Option<MonthAlone<(usize, usize)>> {
    if !m.is_ascii() {
        return None;
    }
    let mon_start = m.len() - m.iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
    if mon_start == m.len() {
        return None;
    }
    if mon_start == 0 {
        return Some(MonthAlone { mon: (0, m.len()), modified: false, rel: None });
    }
    let first_end = m.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let first = &m[..first_end];
    let is_one_of = |words: &[&str]| words.iter().any(|w| first.eq_ignore_ascii_case(w.as_bytes()));
    if is_one_of(&["last", "this", "next", "past", "coming"]) {
        Some(MonthAlone { mon: (mon_start, m.len()), modified: true, rel: Some((0, first_end)) })
    } else if is_one_of(&["early", "mid", "late", "the"]) {
        Some(MonthAlone { mon: (mon_start, m.len()), modified: true, rel: None })
    } else {
        None
    }
}

/// The match of `month_year`'s ASCII form holding the month name at `month..month_end` (a whole
/// run of ASCII letters), or `None`: `[(early|mid|late) [\s-]+] month \b \.? ,? \s* [of \s+]
/// year \b`, the year four ASCII digits that are a whole word. After the month each optional
/// part is taken where it stands (what follows it could not start the next part), so there is
/// one way to read on; before it, the prefix is taken where it stands, which is the leftmost
/// start. No other match reaches into it: every match ends with its year, after its month.
fn month_year_span(bytes: &[u8], month: usize, month_end: usize) -> Option<(usize, usize)> {
    let mut k = month_end;
    for optional in [b'.', b','] {
        if bytes.get(k) == Some(&optional) {
            k += 1;
        }
    }
    while bytes.get(k).is_some_and(|&b| ascii_space(b)) {
        k += 1;
    }
    let of_end = k + 2;
    if bytes.get(k..of_end).is_some_and(|w| w.eq_ignore_ascii_case(b"of")) && bytes.get(of_end).is_some_and(|&b| ascii_space(b)) {
        k = of_end;
        while bytes.get(k).is_some_and(|&b| ascii_space(b)) {
            k += 1;
        }
    }
    let year_end = k + 4;
    let year = bytes.get(k..year_end).is_some_and(|y| y.iter().all(u8::is_ascii_digit));
    let bounded = bytes.get(year_end).is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'));
    if !year || !bounded {
        return None;
    }
    let start = match word_before_prefix_gap(bytes, month) {
        Some((pre_start, pre)) if is_one_of(pre, &["early", "mid", "late"]) => pre_start,
        _ => month,
    };
    Some((start, year_end))
}

/// The word (where it starts, and its bytes) ending where the run of ASCII white space and
/// hyphens before the month name at `month` begins, as the patterns' prefixes `(early|mid|late|
/// …)[\s-]+` end; `None` when no such run comes before the month.
fn word_before_prefix_gap(bytes: &[u8], month: usize) -> Option<(usize, &[u8])> {
    let mut pre_end = month;
    while pre_end > 0 && (ascii_space(bytes[pre_end - 1]) || bytes[pre_end - 1] == b'-') {
        pre_end -= 1;
    }
    (pre_end < month).then(|| ascii_word_before(bytes, pre_end))
}

/// Where the match of `month_alone`'s ASCII form ending with the month name at `month` (a whole
/// run of ASCII letters) starts: at the month, or at the words before it that the pattern
/// takes, `(early|mid|late|the end of|the beginning of|the start of|the middle of)[\s-]+` or
/// `(last|this|next|past|coming)\s+`, each a whole word from a word boundary on, in any case.
/// At most one of them can end where the white space before the month starts, so that is the
/// leftmost match; and no other match reaches it, for none ends with those words.
fn month_alone_start(bytes: &[u8], month: usize) -> usize {
    if let Some((start, word)) = word_before_prefix_gap(bytes, month) {
        if is_one_of(word, &["early", "mid", "late"]) {
            return start;
        }
        if is_one_of(word, &["of"]) {
            let middle = ascii_word_before_spaces(bytes, start);
            if let Some((middle_start, _)) = middle.filter(|(_, w)| is_one_of(w, &["end", "beginning", "start", "middle"])) {
                if let Some((the_start, the)) = ascii_word_before_spaces(bytes, middle_start) {
                    if is_one_of(the, &["the"]) {
                        return the_start;
                    }
                }
            }
        }
    }
    if let Some((start, word)) = ascii_word_before_spaces(bytes, month) {
        if is_one_of(word, &["last", "this", "next", "past", "coming"]) {
            return start;
        }
    }
    month
}

/// The groups of a match of `day_month`: `[weekday \b .? ,? \s+] [the \s+] day [suffix] \b
/// \s+ [of \s+] month \b .? [,? \s* year \b]`, read as [`month_day_groups`] reads its own: the
/// day then white space, an "of" then white space taken whenever it is there (no month starts
/// with "of"), the month's run of letters, and the year when the match ends with a digit.
fn day_month_groups(m: &[u8]) -> Option<DayDate> {
    if !m.is_ascii() {
        return None;
    }
    let day = day_digits(m)?;
    let suffixed = m.get(day.1..day.1 + 2).is_some_and(ordinal_suffix) && m.get(day.1 + 2).is_some_and(|&b| ascii_space(b));
    let dayfull_end = if suffixed { day.1 + 2 } else { day.1 };
    let skip_spaces = |mut k: usize| {
        while m.get(k).is_some_and(|&b| ascii_space(b)) {
            k += 1;
        }
        k
    };
    let mut k = skip_spaces(dayfull_end);
    if k == dayfull_end {
        return None;
    }
    if m.get(k..k + 2).is_some_and(|w| w.eq_ignore_ascii_case(b"of")) && m.get(k + 2).is_some_and(|&b| ascii_space(b)) {
        k = skip_spaces(k + 2);
    }
    let mon_start = k;
    while m.get(k).is_some_and(u8::is_ascii_alphabetic) {
        k += 1;
    }
    if k == mon_start {
        return None;
    }
    let year = year_at_end(m, k)?;
    Some(DayDate { mon: (mon_start, k), day, dayfull_end, year })
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
        // The groups of these two, the commonest dates, are read off the matched text by hand
        // (see `DayDate`); the regex only finds the matches.
        let month_day: (&Pattern, &str, fn(&[u8]) -> Option<DayDate>) = (&self.month_day, "month day", month_day_groups);
        let day_month: (&Pattern, &str, fn(&[u8]) -> Option<DayDate>) = (&self.day_month, "day month", day_month_groups);
        for (re, pattern, by_hand) in [month_day, day_month] {
            for whole in re.matches_iter(text, present) {
                let groups = match by_hand(whole.as_str().as_bytes()) {
                    Some(groups) => groups.shifted(whole.start()),
                    None => match re.regex_for(present).captures_at(text, whole.start()).as_ref().and_then(DayDate::from_captures) {
                        Some(groups) => groups,
                        None => continue,
                    },
                };
                let group = |(s, e): (usize, usize)| text.get(s..e).unwrap_or("");
                let Some(month) = self.month_of(group(groups.mon)) else { continue };
                let Ok(day) = group(groups.day).parse::<i64>() else { continue };
                if !valid_day(month as i64, day) {
                    continue;
                }
                if groups.year.is_none() && number_continues(text, groups.dayfull_end) {
                    continue; // "March 5,000"
                }
                if pattern == "day month" && matches!(char_before(text, whole.start()), Some(',' | '.' | '$' | '£' | '€')) {
                    continue;
                }
                let year = match groups.year.and_then(|y| group(y).parse::<i64>().ok()) {
                    Some(y) if !number_continues(text, whole.end()) => YearSpec::Written(y as i32),
                    _ => YearSpec::Infer,
                };
                let end = match (year, pattern) {
                    (YearSpec::Written(_), _) => whole.end(),
                    (_, "month day") => groups.dayfull_end,
                    _ => groups.mon.1,
                };
                let expr = Expr::Calendar { year, month: Some(month), day: Some(day as u32) };
                Self::push(out, whole.start(), end, expr, pattern);
            }
        }
    }

    fn months(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        // Found by hand at the month names where the block would be searched in ASCII windows
        // around them (see `month_year_span`), else by the regex.
        for (start, end) in self.month_year.matches_at_anchors(text, present, |(s, e)| month_year_span(text.as_bytes(), s, e)) {
            let Some(matched) = text.get(start..end) else { continue };
            // Read by hand as the month–day dates are, else by the regex.
            let (mon, year) = match month_year_groups(matched.as_bytes()) {
                Some(((ms, me), (ys, ye))) => (start + ms..start + me, start + ys..start + ye),
                None => {
                    let Some(c) = self.month_year.regex_for(present).captures_at(text, start) else { continue };
                    let (Some(mon), Some(year)) = (c.name("mon"), c.name("year")) else { continue };
                    (mon.range(), year.range())
                }
            };
            let Some(month) = text.get(mon).and_then(|m| self.month_of(m)) else { continue };
            let Some(year) = text.get(year).and_then(|y| y.parse::<i64>().ok()) else { continue };
            if number_continues(text, end) {
                continue;
            }
            let expr = Expr::Calendar { year: YearSpec::Written(year as i32), month: Some(month), day: None };
            Self::push(out, start, end, expr, "month year");
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
        // Every month name is a match, with the words before it that modify it: found by hand
        // around the month names where the pattern would search ASCII windows around them (one
        // search per month name and the next from its end cost about as much as the rest of the
        // stage's work on a month), else by the regex.
        for (start, end) in self.month_alone.matches_at_anchors(text, present, |(s, e)| Some((month_alone_start(text.as_bytes(), s), e))) {
            let Some(matched) = text.get(start..end) else { continue };
            // Read by hand as the dates above are, else by the regex.
            let offset = |(s, e): (usize, usize)| start + s..start + e;
            let groups = match month_alone_groups(matched.as_bytes()) {
                Some(g) => MonthAlone { mon: offset(g.mon), modified: g.modified, rel: g.rel.map(offset) },
                None => {
                    let Some(c) = self.month_alone.regex_for(present).captures_at(text, start) else { continue };
                    let Some(mon) = c.name("mon") else { continue };
                    MonthAlone { mon: mon.range(), modified: c.name("pre").is_some() || c.name("rel").is_some(), rel: c.name("rel").map(|r| r.range()) }
                }
            };
            let Some(mon) = text.get(groups.mon.clone()) else { continue };
            let Some(month) = self.month_of(mon) else { continue };
            if !lex.is_full_form("month", mon) {
                continue;
            }
            let modified = groups.modified;
            let before = prev_word(text, start);
            let after = next_word(text, groups.mon.end);
            if !modified {
                let has_preposition = DATE_PREPOSITIONS.contains(&before.as_str());
                if lex.is("modal_month", mon) && !has_preposition {
                    continue; // "May I…", "March on Washington"
                }
                // "August Wilson", "June Carter": a capitalised word right after and no preposition.
                if !has_preposition && capitalized(after) && next_word_adjacent(text, groups.mon.end) {
                    continue;
                }
            }
            let rel = groups.rel.and_then(|r| text.get(r)).map(str::to_lowercase);
            let expr = match rel.as_deref() {
                Some("last") | Some("past") => Expr::RelativeMonth { month, direction: -1 },
                Some("next") | Some("coming") => Expr::RelativeMonth { month, direction: 1 },
                Some(_) => Expr::Calendar { year: YearSpec::Shift(0), month: Some(month), day: None },
                None => Expr::Calendar { year: YearSpec::Infer, month: Some(month), day: None },
            };
            Self::push(out, start, end, expr, "month");
        }
    }

    fn years(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        let lex = lexicon();
        for whole in self.year.matches_iter(text, present) {
            // The year is the match's last four characters: read by hand when they are ASCII
            // digits (a Unicode digit matches `\d` too), else by the regex.
            let y = match year_at_end(whole.as_str().as_bytes(), 0) {
                Some(Some((s, e))) => whole.start() + s..whole.start() + e,
                _ => {
                    let Some(c) = self.year.regex_for(present).captures_at(text, whole.start()) else { continue };
                    let Some(y) = c.name("year") else { continue };
                    y.range()
                }
            };
            let Some(year_text) = text.get(y.clone()) else { continue };
            if matches!(char_before(text, y.start), Some('$' | '£' | '€' | '#' | '.' | ',' | ':' | '/' | '+' | '\\'))
                || number_continues(text, y.end)
                || char_at(text, y.end) == Some('%')
            {
                continue;
            }
            let before = prev_word(text, whole.start());
            if lex.is("number_label", &before) {
                continue; // "Article 2000", "Flight 1907"
            }
            let after = next_word(text, y.end);
            if lex.is("count_noun", after) || lex.is("unit", after) && !DATE_PREPOSITIONS.contains(&before.as_str()) {
                continue; // "2000 refugees", "1500 years"
            }
            let Ok(year) = year_text.parse::<i32>() else { continue };
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

    #[cfg(test)]
    fn patterns(&self) -> Vec<&crate::prefilter::Pattern> {
        vec![&self.iso, &self.numeric, &self.month_day, &self.day_month, &self.month_year, &self.month_of_relative_year, &self.month_alone, &self.year, &self.short_year, &self.decade, &self.short_decade, &self.century, &self.quarter, &self.season]
    }

    fn find(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        self.full_dates(text, present, out);
        self.months(text, present, out);
        self.years(text, present, out);
        self.quarters_and_seasons(text, present, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text glued from month and weekday names in any case, days with and without suffixes,
    /// years, "the", "of", separators, other words and non-ASCII characters.
    fn date_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(vec![
                "January", "jan", "Feb", "MARCH", "May", "Sept", "sep", "December", "Dec", "Friday", "fri", "Tues",
                "SUNDAY", "the", "The", "of", "OF", "st", "nd", "rd", "th", "TH", "Nd", "x", "ofs", "Mayo",
            ])
            .prop_map(str::to_string),
            prop::sample::select(vec![" ", "  ", "\t", "\n", ".", ",", ", ", ". ", "-", "_", "'", "\u{a0}", "\u{2003}", "\u{212A}", "é", "٣"])
                .prop_map(str::to_string),
            "[0-9]{1,5}",
            "[a-zA-Z]{1,3}",
        ];
        prop::collection::vec(piece, 1..12).prop_map(|parts| parts.concat())
    }

    /// A date-like phrase in either order, each part optional or spelled oddly: weekday, "the",
    /// day with or without a suffix, "of", month, year, with varied separators and case, and
    /// some text around it.
    fn date_phrase() -> impl Strategy<Value = String> {
        let word = |words: Vec<&'static str>| prop::sample::select(words).prop_map(str::to_string);
        let sep = || word(vec!["", " ", "  ", ". ", ", ", ",", ".", "\t", "\n", "\u{a0}", "-", " , "]);
        let parts = (
            word(vec!["", "Friday", "fri", "TUES", "sunday", "Wed."]),
            sep(),
            word(vec!["", "the ", "The  ", "THE "]),
            "[0-9]{1,3}",
            word(vec!["", "st", "nd", "RD", "th", "Th", "x", "s"]),
            sep(),
            word(vec!["", "of ", "OF ", "Of  ", "of", "ofx "]),
            word(vec!["January", "jan", "MAR", "May", "Sept", "sep", "december", "Octobre", "Mayday"]),
            sep(),
            "[0-9]{0,5}",
            word(vec!["", " ", ",", "th", "x", "'s"]),
        );
        ("[a-z ]{0,3}", parts, "[a-z ,.]{0,3}").prop_map(|(before, p, after)| {
            let (a, b, c, d, e, f, g, h, i, j, k) = p;
            // Both orders: month first, and day first.
            format!("{before}{a}{b}{h}{f}{d}{e}{i}{j}{k} / {a}{b}{c}{d}{e}{f}{g}{h}{i}{j}{k}{after}")
        })
    }

    /// Every match read by hand, where the hand reads it, has the regex's own groups; and the
    /// hand reads the ordinary dates.
    fn check(pattern: &Pattern, by_hand: fn(&[u8]) -> Option<DayDate>, text: &str) -> Result<usize, TestCaseError> {
        let mut read = 0;
        for m in pattern.regex().find_iter(text) {
            let captures = pattern.regex().captures_at(text, m.start());
            let expected = captures.as_ref().and_then(DayDate::from_captures);
            prop_assert_eq!(captures.as_ref().and_then(|c| c.get(0)).map(|w| (w.start(), w.end())), Some((m.start(), m.end())));
            if let Some(groups) = by_hand(m.as_str().as_bytes()) {
                prop_assert_eq!(Some(groups.shifted(m.start())), expected, "{:?} in {:?}", m.as_str(), text);
                read += 1;
            }
        }
        Ok(read)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn month_day_groups_read_by_hand_are_the_regex_groups(text in date_text()) {
            let dates = CalendarDates::default();
            check(&dates.month_day, month_day_groups, &text)?;
            check(&dates.day_month, day_month_groups, &text)?;
        }

        #[test]
        fn month_year_groups_read_by_hand_are_the_regex_groups(
            text in (
                prop::sample::select(vec!["", "early ", "Mid-", "LATE  ", "mid", "late-- ", "x "]),
                prop::sample::select(vec!["January", "jan", "MAR", "May", "Sept", "Mayday"]),
                prop::sample::select(vec!["", " ", ".", ", ", ".,", " of ", " OF  ", "of ", ".of\t", "\u{a0}"]),
                "[0-9]{3,5}",
                "[a-z ,.']{0,2}",
            ).prop_map(|(a, b, c, d, e)| format!("{a}{b}{c}{d}{e} {b}{c}{d}"))
        ) {
            let dates = CalendarDates::default();
            for m in dates.month_year.regex().find_iter(&text) {
                let c = dates.month_year.regex().captures_at(&text, m.start()).expect("captures of a match");
                let expected = (c.name("mon").map(|g| g.range()), c.name("year").map(|g| g.range()));
                if let Some((mon, year)) = month_year_groups(m.as_str().as_bytes()) {
                    let shift = |(s, e): (usize, usize)| Some(m.start() + s..m.start() + e);
                    prop_assert_eq!((shift(mon), shift(year)), expected, "{:?}", m.as_str());
                }
            }
        }

        #[test]
        fn month_alone_groups_read_by_hand_are_the_regex_groups(
            text in (
                prop::sample::select(vec!["", "early ", "Mid-", "LATE  ", "the end of ", "The  start\tof -", "last ", "THIS\n", "coming  ", "past", "x ", "next-", "the "]),
                prop::sample::select(vec!["January", "jan", "MAR", "May", "Sept", "Mayday", "ſept", "DEC"]),
                "[a-z ,.'0-9-]{0,3}",
            ).prop_map(|(a, b, c)| format!("{a}{b}{c} {b}{c}{a}{b}"))
        ) {
            let dates = CalendarDates::default();
            let mut read = 0;
            for m in dates.month_alone.regex().find_iter(&text) {
                let c = dates.month_alone.regex().captures_at(&text, m.start()).expect("captures of a match");
                prop_assert_eq!(c.get(0).map(|w| w.range()), Some(m.range()));
                let expected = (
                    c.name("mon").map(|g| g.range()),
                    c.name("pre").is_some() || c.name("rel").is_some(),
                    c.name("rel").map(|g| g.range()),
                );
                if let Some(g) = month_alone_groups(m.as_str().as_bytes()) {
                    let shift = |(s, e): (usize, usize)| m.start() + s..m.start() + e;
                    prop_assert_eq!((Some(shift(g.mon)), g.modified, g.rel.map(shift)), expected, "{:?}", m.as_str());
                    read += 1;
                }
            }
            // Every ASCII match is read by hand.
            if text.is_ascii() {
                prop_assert_eq!(read, dates.month_alone.regex().find_iter(&text).count());
            }
        }

        #[test]
        fn years_read_by_hand_are_the_regex_groups(
            text in (
                prop::sample::select(vec!["", "early ", "Mid-", "late\u{a0}", "late--", "x", "$"]),
                prop::sample::select(vec!["1999", "2024", "1600", "2100", "20\u{0663}4", "19999", "1599"]),
                "[a-z ,.%0-9-]{0,3}",
            ).prop_map(|(a, b, c)| format!("{a}{b}{c} {b}{c}{a}{b}"))
        ) {
            let dates = CalendarDates::default();
            for m in dates.year.regex().find_iter(&text) {
                let c = dates.year.regex().captures_at(&text, m.start()).expect("captures of a match");
                let expected = c.name("year").map(|g| g.range());
                if let Some(Some((s, e))) = year_at_end(m.as_str().as_bytes(), 0) {
                    prop_assert_eq!(Some(m.start() + s..m.start() + e), expected, "{:?}", m.as_str());
                }
            }
        }

        /// The month–year dates found by hand at the month names are the matches of the
        /// pattern's ASCII form on every block searched so.
        #[test]
        fn month_years_found_by_hand_are_the_ascii_matches(
            parts in prop::collection::vec((
                prop::sample::select(vec![
                    "early", "Mid", "late", "lat", "March", "may", "Sept", "jan", "of", "OF", "off", "2024", "1999",
                    "20245", "202", "2024x", "x", "é", "’", "_", "0",
                ]),
                prop::sample::select(vec!["", " ", "  ", "-", "\t", "\n", ", ", ",", ".", ". ", "., ", "\u{b}", " -"]),
            ), 0..14)
        ) {
            let text: String = parts.iter().map(|(piece, sep)| format!("{piece}{sep}")).collect();
            let dates = CalendarDates::default();
            let present = crate::prefilter::scan(&text);
            let Some(months) = dates.month_year.anchors_in(&present) else { return Ok(()) };
            let by_hand: Vec<(usize, usize)> = months.filter_map(|(s, e)| month_year_span(text.as_bytes(), s, e)).collect();
            let ascii = crate::recognizer::compile_ascii(dates.month_year.source()).expect("month_year has an ASCII form");
            let expected: Vec<(usize, usize)> = ascii.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(by_hand, expected, "{:?}", text);
        }

        /// The months alone found by hand around the month names are the matches of the
        /// pattern's ASCII form on every block searched so: prefixes whole, cut, in any case,
        /// glued or hyphenated, with and without the white space the pattern needs.
        #[test]
        fn months_alone_found_by_hand_are_the_ascii_matches(
            parts in prop::collection::vec((
                prop::sample::select(vec![
                    "the", "The", "end", "END", "beginning", "start", "middle", "of", "early", "Mid", "late", "last",
                    "this", "next", "past", "coming", "March", "may", "Sept", "jan", "June", "x", "é", "’", "marches",
                    "2021", "_", "thee", "pastry",
                ]),
                prop::sample::select(vec!["", " ", "  ", "-", "\t", "\n", ", ", "\u{b}", " -", "--"]),
            ), 0..14)
        ) {
            let text: String = parts.iter().map(|(piece, sep)| format!("{piece}{sep}")).collect();
            let dates = CalendarDates::default();
            let present = crate::prefilter::scan(&text);
            let Some(months) = dates.month_alone.anchors_in(&present) else { return Ok(()) };
            let by_hand: Vec<(usize, usize)> = months.map(|(s, e)| (month_alone_start(text.as_bytes(), s), e)).collect();
            let ascii = crate::recognizer::compile_ascii(dates.month_alone.source()).expect("month_alone has an ASCII form");
            let expected: Vec<(usize, usize)> = ascii.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(by_hand, expected, "{:?}", text);
        }

        #[test]
        fn groups_of_date_phrases_read_by_hand_are_the_regex_groups(text in date_phrase()) {
            let dates = CalendarDates::default();
            check(&dates.month_day, month_day_groups, &text)?;
            check(&dates.day_month, day_month_groups, &text)?;
        }
    }

    #[test]
    fn ordinary_dates_are_read_by_hand() {
        let dates = CalendarDates::default();
        let text = "Talks began on Friday, Jan. 5th, 2024 and ended on 17 of March; \
                    the 3rd  October 1999 vote and Sept 30 followed, then 2 May.";
        let found = |pattern: &Pattern, by_hand: fn(&[u8]) -> Option<DayDate>| -> Vec<(String, Option<DayDate>)> {
            pattern
                .regex()
                .find_iter(text)
                .map(|m| (m.as_str().to_string(), by_hand(m.as_str().as_bytes())))
                .collect()
        };
        let month_day = found(&dates.month_day, month_day_groups);
        assert_eq!(month_day.len(), 2, "{month_day:?}");
        assert_eq!(month_day[0].0, "Friday, Jan. 5th, 2024");
        assert_eq!(month_day[0].1, Some(DayDate { mon: (8, 11), day: (13, 14), dayfull_end: 16, year: Some((18, 22)) }));
        assert_eq!(month_day[1].0, "Sept 30");
        assert_eq!(month_day[1].1, Some(DayDate { mon: (0, 4), day: (5, 7), dayfull_end: 7, year: None }));
        let day_month = found(&dates.day_month, day_month_groups);
        assert_eq!(day_month.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(), ["17 of March", "the 3rd  October 1999", "2 May."]);
        assert_eq!(day_month[1].1, Some(DayDate { mon: (9, 16), day: (4, 5), dayfull_end: 7, year: Some((17, 21)) }));
        assert_eq!(month_year_groups(b"mid-March 2020"), Some(((4, 9), (10, 14))));
        assert_eq!(month_year_groups(b"Sept. of 1999"), Some(((0, 4), (9, 13))));
        let alone = |m: &str| month_alone_groups(m.as_bytes()).map(|g| (g.mon, g.modified, g.rel));
        assert_eq!(alone("the end of  March"), Some(((12, 17), true, None)));
        assert_eq!(alone("Next\tMay"), Some(((5, 8), true, Some((0, 4)))));
        assert_eq!(alone("August"), Some(((0, 6), false, None)));
        assert_eq!(year_at_end(b"mid-1990", 0), Some(Some((4, 8))));
        // Not ASCII: left to the regex.
        assert_eq!(month_day_groups("Jan\u{a0}5".as_bytes()), None);
    }
}
