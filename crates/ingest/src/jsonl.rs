//! JSONL, the `extract` input format: one object per line with `id`, `text`, `title`, `date`,
//! `url` (and optionally `author`, `site`). Read line by line, so a huge file stays flat in memory.

use crate::{check_text, input_error, non_empty, ArticleReader, Record};
use newsgraph_doc::DateSource;
use newsgraph_pipeline::input::parse_date;
use newsgraph_pipeline::{Article, InputError};
use serde::Deserialize;
use std::io::BufRead;

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    author: Option<String>,
    site: Option<String>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct JsonlReader;

impl JsonlReader {
    /// One line into a record; `input` names it (`file:line`).
    pub fn parse_line(&self, input: &str, line: &[u8]) -> Option<Result<Record, InputError>> {
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        let e = |reason: String| Some(Err(input_error(input, reason)));
        let line = match std::str::from_utf8(line) {
            Ok(l) => l,
            Err(err) => return e(format!("invalid UTF-8 at byte {} of the line", err.valid_up_to())),
        };
        let rec: JsonRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(err) => return e(format!("not a JSON object: {err}")),
        };
        let Some(text) = rec.text else {
            return e("record has no \"text\" field".into());
        };
        if let Err(reason) = check_text(&text) {
            return e(reason);
        }
        let id = match rec.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Null) | None => input.to_string(),
            Some(v) => v.to_string(),
        };
        let date = match rec.date.as_deref().filter(|d| !d.trim().is_empty()) {
            None => None,
            Some(d) => match parse_date(d) {
                Some(d) => Some(d),
                None => return e(format!("\"date\" {d:?} is neither YYYY-MM-DD nor RFC 3339")),
            },
        };
        let article = Article { id, text, title: non_empty(rec.title), date, date_source: DateSource::Metadata, url: non_empty(rec.url) };
        Some(Ok(Record { article, source: input.to_string(), author: non_empty(rec.author), site: non_empty(rec.site) }))
    }
}

impl ArticleReader for JsonlReader {
    fn read(&self, name: &str, data: &mut dyn BufRead, emit: &mut dyn FnMut(Result<Record, InputError>)) {
        let mut line = Vec::new();
        let mut lineno = 0usize;
        loop {
            line.clear();
            match data.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {
                    lineno += 1;
                    if let Some(r) = self.parse_line(&format!("{name}:{lineno}"), &line) {
                        emit(r);
                    }
                }
                Err(e) => {
                    emit(Err(input_error(format!("{name}:{}", lineno + 1), format!("cannot read: {e}"))));
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_records_and_bad_lines_errors() {
        let data = b"{\"id\":\"a\",\"text\":\"The port reopened.\",\"date\":\"2022-03-01\",\"author\":\" R. Vale \"}\n\n{broken\n{\"id\":\"c\"}\n";
        let mut out = Vec::new();
        JsonlReader.read("f.jsonl", &mut &data[..], &mut |r| out.push(r));
        assert_eq!(out.len(), 3);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.article.id, "a");
        assert_eq!(a.author.as_deref(), Some("R. Vale"));
        assert_eq!(a.article.date, chrono::NaiveDate::from_ymd_opt(2022, 3, 1));
        assert_eq!(out[1].as_ref().unwrap_err().input, "f.jsonl:3");
        assert_eq!(out[2].as_ref().unwrap_err().reason, "record has no \"text\" field");
    }
}
