//! Turning a recognised expression into a TIMEX3 type and value, given the reference date, the
//! tense of its sentence and the last date mentioned before it.

use crate::expr::{Expr, Unit, YearSpec};
use chrono::{Datelike, Days, Months, NaiveDate};
use newsgraph_doc::{push_digits, TimexType};

/// A calendar date mentioned in the text, at the precision it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mentioned {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Mentioned {
    pub fn of_date(d: NaiveDate) -> Self {
        Mentioned { year: d.year(), month: Some(d.month()), day: Some(d.day()) }
    }
    pub fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }
    pub fn value(self) -> String {
        // The month and the day when they are written: a day only with its month.
        let (month, day) = match (self.month, self.day) {
            (Some(m), d) => (Some(m), d),
            (None, _) => (None, None),
        };
        // Written digit by digit (the formatter cost more than resolving) when every part has
        // its padded width; otherwise (a year before 0 or after 9999) by `format!`.
        let year = u32::try_from(self.year).ok().filter(|&y| y <= 9999);
        match year {
            Some(y) if month.is_none_or(|m| m < 100) && day.is_none_or(|d| d < 100) => {
                let mut value = String::with_capacity(10);
                push_digits(&mut value, y, 4);
                for part in [month, day].into_iter().flatten() {
                    value.push('-');
                    push_digits(&mut value, part, 2);
                }
                value
            }
            _ => match (month, day) {
                (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
                (Some(m), None) => format!("{:04}-{m:02}", self.year),
                _ => format!("{:04}", self.year),
            },
        }
    }
}

/// What the resolver knows around one expression.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    pub reference: Option<NaiveDate>,
    /// The sentence speaks about the future ("will", "next", "plans"…).
    pub future: bool,
    /// The last calendar date mentioned before this expression.
    pub last: Option<Mentioned>,
    /// The last date mentioned with a day ("the same day" refers to it, not to a year between).
    pub last_day: Option<Mentioned>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub kind: TimexType,
    pub value: String,
    /// The date the value was computed from, when the expression was relative.
    pub anchor: Option<NaiveDate>,
    /// The calendar date this expression names, for later anaphora ("the same day").
    pub mentioned: Option<Mentioned>,
}

/// How far after the reference date a date without a year may lie before the previous year is
/// taken instead (news reports mostly on the recent past), and the mirror bound for sentences
/// about the future.
const MAX_DAYS_AHEAD_IN_PAST_CONTEXT: i64 = 61;
const MAX_MONTHS_AHEAD_IN_PAST_CONTEXT: i32 = 1;

/// `d` as "YYYY-MM-DD", exactly as chrono's `format("%Y-%m-%d")` writes it: every resolved date
/// and anchor is written this way (see `newsgraph_doc::iso_date`, which the document's date and
/// the stored dates share).
pub use newsgraph_doc::iso_date as date_value;

fn week_value(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn month_index(year: i32, month: u32) -> i32 {
    year * 12 + month as i32 - 1
}

fn from_month_index(i: i32) -> (i32, u32) {
    (i.div_euclid(12), (i.rem_euclid(12) + 1) as u32)
}

/// The year that puts month/day nearest the reference date, leaning to the past (or to the
/// future when the sentence speaks of it).
pub fn infer_day(reference: NaiveDate, month: u32, day: u32, future: bool) -> Option<NaiveDate> {
    let (low, high) = if future {
        (-MAX_DAYS_AHEAD_IN_PAST_CONTEXT, 366 - MAX_DAYS_AHEAD_IN_PAST_CONTEXT)
    } else {
        (MAX_DAYS_AHEAD_IN_PAST_CONTEXT - 366, MAX_DAYS_AHEAD_IN_PAST_CONTEXT)
    };
    let candidates: Vec<NaiveDate> = (reference.year() - 1..=reference.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .collect();
    let diff = |d: &NaiveDate| (*d - reference).num_days();
    candidates
        .iter()
        .find(|d| (low..=high).contains(&diff(d)))
        .or_else(|| candidates.iter().min_by_key(|d| diff(d).abs()))
        .copied()
}

/// The year of a month named without one.
pub fn infer_month(reference: NaiveDate, month: u32, future: bool) -> (i32, u32) {
    let r = month_index(reference.year(), reference.month());
    let (low, high) = if future {
        (-MAX_MONTHS_AHEAD_IN_PAST_CONTEXT, 11 - MAX_MONTHS_AHEAD_IN_PAST_CONTEXT)
    } else {
        (MAX_MONTHS_AHEAD_IN_PAST_CONTEXT - 11, MAX_MONTHS_AHEAD_IN_PAST_CONTEXT)
    };
    for y in reference.year() - 1..=reference.year() + 1 {
        let d = month_index(y, month) - r;
        if (low..=high).contains(&d) {
            return (y, month);
        }
    }
    (reference.year(), month)
}

fn shift_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs() as u32))
    }
}

fn shift_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

/// The value of the calendar unit holding `d`, shifted by `n` units.
fn unit_value(d: NaiveDate, unit: Unit, n: i64) -> Option<(String, Option<Mentioned>)> {
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            let d = shift_days(d, n)?;
            (date_value(d), Some(Mentioned::of_date(d)))
        }
        Unit::Week => (week_value(shift_days(d, 7 * n)?), None),
        Unit::Fortnight => (week_value(shift_days(d, 14 * n)?), None),
        Unit::Month => {
            let (y, m) = from_month_index(month_index(d.year(), d.month()) + n as i32);
            let mentioned = Mentioned { year: y, month: Some(m), day: None };
            (mentioned.value(), Some(mentioned))
        }
        Unit::Quarter => {
            let q = (d.year() * 4 + (d.month() as i32 - 1) / 3) + n as i32;
            (format!("{:04}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1), None)
        }
        Unit::Year => {
            let mentioned = Mentioned { year: d.year() + n as i32, month: None, day: None };
            (mentioned.value(), Some(mentioned))
        }
        Unit::Decade => (format!("{:03}", d.year().div_euclid(10) + n as i32), None),
        Unit::Century => (format!("{:02}", d.year().div_euclid(100) + n as i32), None),
    })
}

/// The point `n` units away from `d` ("two days ago", "in three months"), at that unit's precision.
fn offset_value(d: NaiveDate, unit: Unit, n: i64) -> Option<(String, Option<Mentioned>)> {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour => Some((date_value(d), Some(Mentioned::of_date(d)))),
        Unit::Day => unit_value(d, Unit::Day, n),
        Unit::Week | Unit::Fortnight => {
            let days = if unit == Unit::Week { 7 * n } else { 14 * n };
            unit_value(d, Unit::Day, days)
        }
        Unit::Month => unit_value(d, Unit::Month, n),
        Unit::Quarter => unit_value(shift_months(d, 3 * n)?, Unit::Month, 0),
        Unit::Year => unit_value(d, Unit::Year, n),
        Unit::Decade => unit_value(d, Unit::Year, 10 * n),
        Unit::Century => unit_value(d, Unit::Year, 100 * n),
    }
}

/// The weekday of the reference week nearest the reference date: the past one unless the
/// sentence speaks of the future; "last"/"next" force a side and skip the reference day itself.
pub fn weekday_date(reference: NaiveDate, weekday: u32, direction: Option<i32>, future: bool) -> Option<NaiveDate> {
    let r = reference.weekday().number_from_monday() as i64;
    let w = weekday as i64;
    let back = (r - w).rem_euclid(7);
    let ahead = (w - r).rem_euclid(7);
    let offset = match direction {
        Some(d) if d < 0 => -(if back == 0 { 7 } else { back }),
        Some(d) if d > 0 => if ahead == 0 { 7 } else { ahead },
        _ if future => ahead,
        _ => -back,
    };
    shift_days(reference, offset)
}

fn season_year(reference: NaiveDate, code: &str, direction: Option<i32>) -> i32 {
    // Rough last month of each season in the northern hemisphere.
    let last_month = match code {
        "SP" => 5,
        "SU" => 8,
        "FA" => 11,
        _ => 2,
    };
    let y = reference.year();
    match direction {
        Some(d) if d < 0 => if reference.month() > last_month { y } else { y - 1 },
        Some(d) if d > 0 => if reference.month() < last_month.saturating_sub(2) { y } else { y + 1 },
        _ => y,
    }
}

fn year_of(spec: YearSpec, reference: Option<NaiveDate>) -> Option<i32> {
    match spec {
        YearSpec::Written(y) => Some(y),
        YearSpec::Shift(n) => reference.map(|r| r.year() + n),
        YearSpec::Infer => reference.map(|r| r.year()),
    }
}

/// Resolve an expression. Returns None for a clock time (dated by its caller).
pub fn resolve(expr: &Expr, ctx: &Context) -> Resolved {
    let date = |value: String, anchor: Option<NaiveDate>, mentioned: Option<Mentioned>| Resolved {
        kind: TimexType::Date,
        value,
        anchor,
        mentioned,
    };
    let unknown = |value: &str| date(value.to_string(), None, None);
    let r = ctx.reference;
    match expr {
        Expr::Calendar { year, month, day } => {
            let mentioned = match (year, month, day, r) {
                (YearSpec::Infer, Some(m), Some(d), Some(r)) => infer_day(r, *m, *d, ctx.future).map(Mentioned::of_date),
                (YearSpec::Infer, Some(m), None, Some(r)) => {
                    let (y, m) = infer_month(r, *m, ctx.future);
                    Some(Mentioned { year: y, month: Some(m), day: None })
                }
                (spec, month, day, r) => year_of(*spec, r).map(|y| Mentioned { year: y, month: *month, day: *day }),
            };
            match mentioned {
                Some(m) => date(m.value(), if expr.is_relative() { r } else { None }, Some(m)),
                None => match (month, day) {
                    (Some(m), Some(d)) => unknown(&format!("XXXX-{m:02}-{d:02}")),
                    (Some(m), None) => unknown(&format!("XXXX-{m:02}")),
                    _ => unknown("XXXX"),
                },
            }
        }
        Expr::RelativeMonth { month, direction } => match r {
            Some(r) => {
                let ri = month_index(r.year(), r.month());
                let mut i = month_index(r.year(), *month);
                while *direction < 0 && i >= ri {
                    i -= 12;
                }
                while *direction > 0 && i <= ri {
                    i += 12;
                }
                let (y, m) = from_month_index(i);
                let mentioned = Mentioned { year: y, month: Some(m), day: None };
                date(mentioned.value(), Some(r), Some(mentioned))
            }
            None => unknown(&format!("XXXX-{month:02}")),
        },
        Expr::Decade(d) => date(format!("{d:03}"), None, None),
        Expr::Century(c) => date(format!("{c:02}"), None, None),
        Expr::Quarter { year, quarter } => match year_of(*year, r) {
            Some(y) => date(format!("{y:04}-Q{quarter}"), if expr.is_relative() { r } else { None }, None),
            None => unknown(&format!("XXXX-Q{quarter}")),
        },
        Expr::Season { year, code, direction } => {
            let y = match (year, r) {
                (YearSpec::Written(y), _) => Some(*y),
                (_, Some(r)) => Some(season_year(r, code, *direction)),
                _ => None,
            };
            match y {
                Some(y) => date(format!("{y:04}-{code}"), if expr.is_relative() { r } else { None }, None),
                None => unknown(&format!("XXXX-{code}")),
            }
        }
        Expr::Weekday { weekday, direction } => match r.and_then(|r| weekday_date(r, *weekday, *direction, ctx.future)) {
            Some(d) => date(date_value(d), r, Some(Mentioned::of_date(d))),
            None => unknown(&format!("XXXX-WXX-{weekday}")),
        },
        Expr::DayOffset(n) => match r.and_then(|r| shift_days(r, *n)) {
            Some(d) => date(date_value(d), r, Some(Mentioned::of_date(d))),
            None => unknown(if *n == 0 { "PRESENT_REF" } else { "XXXX-XX-XX" }),
        },
        Expr::Shift { unit, n } => match r.and_then(|r| unit_value(r, *unit, *n)) {
            Some((v, m)) => date(v, r, m),
            None => unknown("XXXX-XX-XX"),
        },
        Expr::Offset { unit, n } => {
            if *n > 0 && !ctx.future {
                // "in six years" outside a sentence about the future is a span of time.
                return Resolved { kind: TimexType::Duration, value: unit.duration(&n.to_string()), anchor: None, mentioned: None };
            }
            match r.and_then(|r| offset_value(r, *unit, *n)) {
                Some((v, m)) => date(v, r, m),
                None => unknown("XXXX-XX-XX"),
            }
        }
        Expr::Weekend(direction) => match r {
            Some(r) => {
                let saturday = weekday_date(r, 6, None, ctx.future || direction.is_some_and(|d| d > 0));
                let saturday = match (saturday, direction) {
                    (Some(s), Some(d)) if *d < 0 && s >= r => shift_days(s, -7),
                    (Some(s), Some(d)) if *d > 0 && s <= r => shift_days(s, 7),
                    (s, _) => s,
                };
                match saturday {
                    Some(s) => date(format!("{}-WE", week_value(s)), Some(r), None),
                    None => unknown("XXXX-WXX-WE"),
                }
            }
            None => unknown("XXXX-WXX-WE"),
        },
        Expr::Anaphor { unit, n } => {
            let last = if matches!(unit, Some(Unit::Day | Unit::Week)) { ctx.last_day } else { ctx.last };
            let base = last.or(r.map(Mentioned::of_date));
            let Some(base) = base else { return unknown("XXXX-XX-XX") };
            let anchor = base.date().or(r);
            match unit {
                None => date(base.value(), anchor, Some(base)),
                Some(Unit::Year) => {
                    let m = Mentioned { year: base.year + *n as i32, month: None, day: None };
                    date(m.value(), anchor, Some(m))
                }
                Some(Unit::Month) => match base.month {
                    Some(month) => {
                        let (y, mo) = from_month_index(month_index(base.year, month) + *n as i32);
                        let m = Mentioned { year: y, month: Some(mo), day: None };
                        date(m.value(), anchor, Some(m))
                    }
                    None => match r.and_then(|r| unit_value(r, Unit::Month, *n)) {
                        Some((v, m)) => date(v, r, m),
                        None => unknown("XXXX-XX"),
                    },
                },
                Some(u) => {
                    let day = base.date().or(r);
                    match day.and_then(|d| unit_value(d, *u, *n)) {
                        Some((v, m)) => date(v, day, m),
                        None => unknown("XXXX-XX-XX"),
                    }
                }
            }
        }
        Expr::SameUnitYearsAgo { unit, years } => {
            let Some(base) = ctx.last.or(r.map(Mentioned::of_date)) else { return unknown("XXXX-XX-XX") };
            let shifted = Mentioned {
                year: base.year - *years as i32,
                month: if matches!(unit, Unit::Month | Unit::Day | Unit::Week | Unit::Quarter) { base.month } else { None },
                day: if *unit == Unit::Day { base.day } else { None },
            };
            date(shifted.value(), base.date().or(r), Some(shifted))
        }
        Expr::Vague(v) => unknown(v),
        Expr::Duration(v) => Resolved { kind: TimexType::Duration, value: v.clone(), anchor: None, mentioned: None },
        Expr::Set(v) => Resolved { kind: TimexType::Set, value: v.clone(), anchor: None, mentioned: None },
        Expr::Clock { hour, minute, utc } => {
            let day = r.map(date_value).unwrap_or_else(|| "XXXX-XX-XX".to_string());
            clock(&day, *hour, *minute, *utc, r)
        }
    }
}

/// A clock time on a given day.
pub fn clock(day: &str, hour: u32, minute: u32, utc: bool, anchor: Option<NaiveDate>) -> Resolved {
    Resolved {
        kind: TimexType::Time,
        value: format!("{day}T{hour:02}:{minute:02}{}", if utc { "Z" } else { "" }),
        anchor,
        mentioned: None,
    }
}

#[cfg(test)]
mod date_value_tests {
    use super::date_value;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// The hand-written digits equal chrono's `%Y-%m-%d` over chrono's whole range of dates,
        /// and most often over the four-digit years the fast path writes.
        #[test]
        fn date_value_equals_chrono_format(days in -100_000_000i64..100_000_000, near in 0i64..3_700_000) {
            for offset in [days, near - 1_000] {
                let Some(d) = NaiveDate::from_num_days_from_ce_opt(offset as i32) else { continue };
                prop_assert_eq!(date_value(d), d.format("%Y-%m-%d").to_string());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// `Mentioned::value` writes what `format!` with padded widths writes.
        #[test]
        fn mentioned_value_equals_format(year in -20_000i32..20_000, month in prop::option::of(0u32..130), day in prop::option::of(0u32..130)) {
            let want = match (month, day) {
                (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
                (Some(m), None) => format!("{year:04}-{m:02}"),
                _ => format!("{year:04}"),
            };
            prop_assert_eq!(super::Mentioned { year, month, day }.value(), want);
        }
    }

    #[test]
    fn date_value_edges() {
        for (y, m, d, want) in [(2021, 11, 17, "2021-11-17"), (0, 1, 1, "0000-01-01"), (9999, 12, 31, "9999-12-31"), (7, 3, 9, "0007-03-09")] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
            assert_eq!(date_value(date), want);
        }
        // Outside four digits chrono writes a sign: so does `date_value`.
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).expect("valid date");
        assert_eq!(date_value(far), "+10000-01-01");
        let before = NaiveDate::from_ymd_opt(-1, 1, 1).expect("valid date");
        assert_eq!(date_value(before), "-0001-01-01");
    }
}
