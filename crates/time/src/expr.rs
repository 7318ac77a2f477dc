//! What a recognised expression means, before it is resolved against a reference date.

/// A year written out, shifted from the reference year, or left to be inferred from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSpec {
    Written(i32),
    /// "of next year" (+1), "of last year" (-1), "of this year" (0).
    Shift(i32),
    /// No year in the text: take the one that puts the date nearest the reference date.
    Infer,
}

/// Units of calendar arithmetic, as written in the table's `unit` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    pub fn from_code(code: &str) -> Option<Unit> {
        Some(match code {
            "S" => Unit::Second,
            "MIN" => Unit::Minute,
            "H" => Unit::Hour,
            "D" => Unit::Day,
            "W" => Unit::Week,
            "2W" => Unit::Fortnight,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            _ => return None,
        })
    }

    /// The TIMEX3 duration of `n` units (`n` as written: "2", "2.5" or "X").
    pub fn duration(self, n: &str) -> String {
        let scaled = |k: f64| match n.parse::<f64>() {
            Ok(v) => format_number(v * k),
            Err(_) => n.to_string(),
        };
        match self {
            Unit::Second => format!("PT{n}S"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{n}W"),
            Unit::Fortnight => format!("P{}W", scaled(2.0)),
            Unit::Month => format!("P{n}M"),
            Unit::Quarter => format!("P{n}Q"),
            Unit::Year => format!("P{n}Y"),
            Unit::Decade => if n == "X" { "PXDE".to_string() } else { format!("P{}Y", scaled(10.0)) },
            Unit::Century => if n == "X" { "PXCE".to_string() } else { format!("P{}Y", scaled(100.0)) },
        }
    }
}

/// A number without a needless ".0".
pub fn format_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    }
}

/// The meaning of one expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A calendar date, month or year; `year` may need the reference date.
    Calendar { year: YearSpec, month: Option<u32>, day: Option<u32> },
    /// A month relative to the reference month: "last September" (-1), "next March" (+1).
    RelativeMonth { month: u32, direction: i32 },
    /// "the 1990s" → 199.
    Decade(i32),
    /// "the 19th century" → 18.
    Century(i32),
    Quarter { year: YearSpec, quarter: u32 },
    Season { year: YearSpec, code: String, direction: Option<i32> },
    /// A weekday; `direction` forced by "last"/"next", else chosen from the sentence's tense.
    Weekday { weekday: u32, direction: Option<i32> },
    /// Days from the reference date: today (0), yesterday (-1), tomorrow (1).
    DayOffset(i64),
    /// The calendar unit holding the reference date, shifted: last week, this month, next year.
    Shift { unit: Unit, n: i64 },
    /// A point `n` units from the reference date: "two days ago" (-2), "in two weeks" (+2).
    Offset { unit: Unit, n: i64 },
    /// The weekend of the reference week, shifted.
    Weekend(Option<i32>),
    /// The last date mentioned before, shifted: "the same day" (0), "the previous year" (-1).
    Anaphor { unit: Option<Unit>, n: i64 },
    /// "the same month a year ago": the last date mentioned, `years` earlier.
    SameUnitYearsAgo { unit: Unit, years: i64 },
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Vague(String),
    Duration(String),
    Set(String),
    /// A clock time, dated by a day-precision date in the same sentence or the reference date.
    Clock { hour: u32, minute: u32, utc: bool },
}

impl Expr {
    /// Whether the expression needs a reference date (so its timex gets an anchor).
    pub fn is_relative(&self) -> bool {
        match self {
            Expr::Calendar { year, .. } | Expr::Quarter { year, .. } => !matches!(year, YearSpec::Written(_)),
            Expr::Season { year, .. } => !matches!(year, YearSpec::Written(_)),
            Expr::Decade(_) | Expr::Century(_) | Expr::Vague(_) | Expr::Duration(_) | Expr::Set(_) => false,
            _ => true,
        }
    }
}

/// A recognised expression: where it is, what it means, which pattern found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
    pub pattern: &'static str,
}
