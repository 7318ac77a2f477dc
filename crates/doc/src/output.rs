//! The serialised form of a `Doc`: schema `newsgraph/1` (docs/schema.md, docs/newsgraph.schema.json).

use crate::{Block, DateSource, Doc, Entity, Event, Quote, Sentence, Timex};
use serde::Serialize;

/// Version tag written into every output object. Bump on any incompatible change.
pub const SCHEMA_VERSION: &str = "newsgraph/1";

#[derive(Debug, Serialize)]
pub struct DocumentMeta<'a> {
    pub title: Option<&'a str>,
    pub date: Option<String>,
    pub date_source: DateSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Length of the text in bytes (all offsets are below it).
    pub length: usize,
}

#[derive(Debug, Serialize)]
pub struct Output<'a> {
    pub schema: &'static str,
    pub id: &'a str,
    pub document: DocumentMeta<'a>,
    pub blocks: &'a [Block],
    pub sentences: &'a [Sentence],
    pub entities: &'a [Entity],
    pub quotes: &'a [Quote],
    pub timexes: &'a [Timex],
    pub events: &'a [Event],
}

impl<'a> Output<'a> {
    pub fn new(doc: &'a Doc) -> Self {
        Output {
            schema: SCHEMA_VERSION,
            id: &doc.id,
            document: DocumentMeta {
                title: doc.title.as_deref(),
                date: doc.date.map(iso_date),
                date_source: doc.date_source,
                url: doc.url.as_deref(),
                length: doc.text.len(),
            },
            blocks: &doc.blocks,
            sentences: &doc.sentences,
            entities: &doc.entities,
            quotes: &doc.quotes,
            timexes: &doc.timexes,
            events: &doc.events,
        }
    }
}

/// An output id: `prefix` and then `n` in decimal ("E1", "T12"). Every entity, quote, time
/// expression and event gets one; `format!` took a few hundred instructions for each.
pub fn numbered_id(prefix: char, n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(prefix.len_utf8() + digits.len() - at);
    id.push(prefix);
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
}

/// `d` as "YYYY-MM-DD", exactly as chrono's `format("%Y-%m-%d")` writes it: a year of four
/// digits is written digit by digit, without chrono's general formatter (which reads the format
/// string item by item, a few thousand instructions a date); other years (a sign, more digits)
/// go through chrono. Every date the output and the store write as a day goes through here.
#[inline]
pub fn iso_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let Ok(year @ 0..=9999) = u32::try_from(d.year()) else {
        return d.format("%Y-%m-%d").to_string();
    };
    let mut value = String::with_capacity(10);
    push_digits(&mut value, year, 4);
    value.push('-');
    push_digits(&mut value, d.month(), 2);
    value.push('-');
    push_digits(&mut value, d.day(), 2);
    value
}

/// Append the last `width` (at most ten) decimal digits of `n`, zero-padded: dates and other
/// fixed-width values written without the formatter.
#[inline]
pub fn push_digits(out: &mut String, n: u32, width: u32) {
    const POWERS_OF_TEN: [u32; 10] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
    for place in (0..(width as usize).min(10)).rev() {
        out.push(char::from(b'0' + (n / POWERS_OF_TEN[place] % 10) as u8));
    }
}

impl Doc {
    /// The document as one JSON object of the output schema: the bytes `serde_json` writes for
    /// [`Output::new`], written without going through serde ([`crate::json`]).
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(self.text.len() * 8 + 1024);
        self.write_json(&mut out);
        // Only whole UTF-8 strings and ASCII are written, so the bytes are UTF-8.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Append the document as one JSON object of the output schema to `out` (no newline).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        crate::json::document(out, self);
    }
}

#[cfg(test)]
mod tests {
    use super::numbered_id;
    use proptest::prelude::*;

    /// Dates as chrono's `%Y-%m-%d` writes them, four-digit years and others.
    #[test]
    fn iso_dates_as_chrono_writes_them() {
        use chrono::NaiveDate;
        for year in [-12_345, -1, 0, 1, 9, 99, 999, 1000, 1999, 2021, 9999, 10_000, 123_456] {
            for (month, day) in [(1, 1), (2, 28), (7, 4), (10, 9), (11, 30), (12, 31)] {
                let Some(d) = NaiveDate::from_ymd_opt(year, month, day) else { continue };
                assert_eq!(super::iso_date(d), d.format("%Y-%m-%d").to_string(), "{d:?}");
            }
        }
    }

    #[test]
    fn ids_as_format_writes_them() {
        assert_eq!(numbered_id('E', 1), "E1");
        assert_eq!(numbered_id('T', 0), "T0");
        assert_eq!(numbered_id('Q', 1090), "Q1090");
    }

    proptest! {
        #[test]
        fn any_id_as_format_writes_it(prefix in any::<char>(), n in any::<usize>(), small in 0usize..100_000) {
            for n in [n, small] {
                prop_assert_eq!(numbered_id(prefix, n), format!("{prefix}{n}"));
            }
        }
    }
}
