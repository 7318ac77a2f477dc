//! JSONL, the `extract` input format: one object per line with `id`, `text`, `title`, `date`,
//! `url` (and optionally `author`, `site`). Read line by line, so a huge file stays flat in memory.

use crate::{input_error, non_empty, ArticleReader, Record, MAX_DOC_BYTES};
use newsgraph_pipeline::input::parse_jsonl_line;
use newsgraph_pipeline::{Article, InputError};
use std::io::BufRead;

#[derive(Debug, Default, Clone, Copy)]
pub struct JsonlReader;

impl JsonlReader {
    /// One line into a record; `input` names it (`file:line`).
    pub fn parse_line(&self, input: &str, line: &[u8]) -> Option<Result<Record, InputError>> {
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        let parsed = parse_jsonl_line(line, input, MAX_DOC_BYTES).map_err(|reason| input_error(input, reason));
        Some(parsed.map(|l| {
            let article = Article { title: non_empty(l.article.title), url: non_empty(l.article.url), ..l.article };
            Record { article, source: input.to_string(), author: non_empty(l.author), site: non_empty(l.site) }
        }))
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
