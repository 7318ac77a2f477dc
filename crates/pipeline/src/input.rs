//! Reading articles: plain-text files, JSONL files and stdin, each record checked before use.

use chrono::NaiveDate;
use newsgraph_doc::{DateSource, Doc};
use serde::Deserialize;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Documents larger than this are refused with an error rather than processed: no news article
/// is anywhere near it, and a runaway input should not hold a worker for minutes.
pub const DEFAULT_MAX_DOC_BYTES: usize = 16 * 1024 * 1024;

/// One article to process.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_source: DateSource,
    pub url: Option<String>,
}

impl Article {
    pub fn into_doc(self) -> Doc {
        let mut doc = Doc::new(self.id, self.text);
        doc.title = self.title;
        doc.date = self.date;
        doc.date_source = if self.date.is_some() { self.date_source } else { DateSource::None };
        doc.url = self.url;
        doc
    }
}

/// A record that could not be read, named by its input (file, and line for JSONL).
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub input: String,
    pub reason: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

impl std::error::Error for InputError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Decide from the file name (`.jsonl`, `.ndjson`) or, for stdin, the first character.
    Auto,
    Text,
    Jsonl,
}

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

/// One JSONL record read and checked, with the page fields the corpus keeps beside the article.
#[derive(Debug, Clone)]
pub struct JsonLine {
    pub article: Article,
    pub author: Option<String>,
    pub site: Option<String>,
}

/// Parse and check one JSONL line (not blank). `input` names it (`file:line`) and is the id of a
/// record without one. The error is the reason, for the caller to attach to `input`.
pub fn parse_jsonl_line(line: &[u8], input: &str, max_doc_bytes: usize) -> Result<JsonLine, String> {
    let line = std::str::from_utf8(line).map_err(|err| format!("invalid UTF-8 at byte {} of the line", err.valid_up_to()))?;
    let rec: JsonRecord = serde_json::from_str(line).map_err(|err| format!("not a JSON object: {err}"))?;
    let text = rec.text.ok_or_else(|| "record has no \"text\" field".to_string())?;
    check_text(&text, max_doc_bytes)?;
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => input.to_string(),
        Some(v) => v.to_string(),
    };
    let date = match rec.date.as_deref().filter(|d| !d.trim().is_empty()) {
        None => None,
        Some(d) => Some(parse_date(d).ok_or_else(|| format!("\"date\" {d:?} is neither YYYY-MM-DD nor RFC 3339"))?),
    };
    Ok(JsonLine {
        article: Article { id, text, title: rec.title, date, date_source: DateSource::Metadata, url: rec.url },
        author: rec.author,
        site: rec.site,
    })
}

/// Parse a publication date: `YYYY-MM-DD` or RFC 3339 (the date part is kept).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
        if s.len() == 10 || s.as_bytes().get(10).is_some_and(|b| matches!(b, b'T' | b't' | b' ')) {
            return Some(d);
        }
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    None
}

/// How many bytes of `bytes` are control characters other than white space (below 0x20, not
/// 0x09–0x0D). Every byte of the input passes here, on the reading thread: eight bytes are
/// tested at once for any byte below 0x20, and only such words (most hold a line break or none)
/// are counted byte by byte.
fn control_bytes(bytes: &[u8]) -> usize {
    let is_control = |b: &u8| *b < 0x09 || (0x0e..0x20).contains(b);
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        const ONES: u64 = 0x0101_0101_0101_0101;
        // Exact "some byte is below 0x20" (false positives only above a true one).
        if word.wrapping_sub(ONES * 0x20) & !word & (ONES * 0x80) != 0 {
            count += chunk.iter().filter(|b| is_control(b)).count();
        }
    }
    count + chunks.remainder().iter().filter(|b| is_control(b)).count()
}

/// Why a text cannot be processed, if it cannot.
pub fn check_text(text: &str, max: usize) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("empty document".into());
    }
    if text.len() > max {
        return Err(format!("document is {} bytes, over the limit of {} bytes (--max-doc-bytes)", text.len(), max));
    }
    let control = control_bytes(text.as_bytes());
    if text.contains('\0') || control * 100 > text.len().max(1) {
        return Err("binary data (control characters), not text".into());
    }
    Ok(())
}

fn decode(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// Reads inputs into articles. Each call to [`Reader::read`] yields the records of one input.
pub struct Reader {
    pub format: InputFormat,
    /// Publication date for plain-text inputs (`--date`); JSONL records carry their own.
    pub date: Option<NaiveDate>,
    pub max_doc_bytes: usize,
}

impl Default for Reader {
    fn default() -> Self {
        Reader { format: InputFormat::Auto, date: None, max_doc_bytes: DEFAULT_MAX_DOC_BYTES }
    }
}

impl Reader {
    /// Read one input (a path, or `-` for stdin) into records.
    pub fn read(&self, input: &str) -> Vec<Result<Article, InputError>> {
        let err = |reason: String| vec![Err(InputError { input: input.to_string(), reason })];
        let mut bytes = Vec::new();
        let name = if input == "-" { "<stdin>" } else { input };
        if input == "-" {
            if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
                return err(format!("cannot read stdin: {e}"));
            }
        } else {
            let path = Path::new(input);
            if path.is_dir() {
                return err("is a directory (extract takes files; use `ingest` for folders)".into());
            }
            match std::fs::read(path) {
                Ok(b) => bytes = b,
                Err(e) => return err(format!("cannot read: {e}")),
            }
        }
        let jsonl = match self.format {
            InputFormat::Jsonl => true,
            InputFormat::Text => false,
            InputFormat::Auto => {
                let lower = input.to_lowercase();
                lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || (input == "-" && bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
            }
        };
        if jsonl {
            self.read_jsonl(name, &bytes)
        } else {
            vec![self.read_text(name, bytes)]
        }
    }

    fn read_text(&self, name: &str, bytes: Vec<u8>) -> Result<Article, InputError> {
        let e = |reason: String| InputError { input: name.to_string(), reason };
        let text = decode(bytes).map_err(e)?;
        check_text(&text, self.max_doc_bytes).map_err(e)?;
        Ok(Article {
            id: name.to_string(),
            text,
            date: self.date,
            date_source: DateSource::Option,
            ..Default::default()
        })
    }

    /// Parse JSONL bytes; every line is its own record with its own error.
    pub fn read_jsonl(&self, name: &str, bytes: &[u8]) -> Vec<Result<Article, InputError>> {
        let mut out = Vec::new();
        for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let lineno = n + 1;
            let input = format!("{name}:{lineno}");
            let e = |reason: String| InputError { input: input.clone(), reason };
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            out.push(parse_jsonl_line(line, &input, self.max_doc_bytes).map(|l| l.article).map_err(e));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The same count as a test of every byte, at every alignment and length.
        #[test]
        fn control_bytes_counted_as_one_by_one(bytes in proptest::collection::vec(proptest::prop_oneof![0u8..0x22, proptest::num::u8::ANY], 0..40)) {
            let expected = bytes.iter().filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b)).count();
            proptest::prop_assert_eq!(control_bytes(&bytes), expected);
        }
    }

    #[test]
    fn jsonl_errors_name_the_line_and_keep_going() {
        let r = Reader::default();
        let data = b"{\"id\":\"a\",\"text\":\"One.\"}\nnot json\n{\"id\":\"c\"}\n\n{\"id\":7,\"text\":\"Two.\",\"date\":\"2021-11-17T08:00:00Z\"}\n{\"text\":\"x\",\"date\":\"17/11\"}\n";
        let out = r.read_jsonl("in.jsonl", data);
        assert_eq!(out.len(), 5);
        assert_eq!(out[0].as_ref().unwrap().id, "a");
        assert_eq!(out[1].as_ref().unwrap_err().input, "in.jsonl:2");
        assert!(out[1].as_ref().unwrap_err().reason.starts_with("not a JSON object"));
        assert_eq!(out[2].as_ref().unwrap_err().reason, "record has no \"text\" field");
        let a = out[3].as_ref().unwrap();
        assert_eq!(a.id, "7");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2021, 11, 17));
        assert!(out[4].as_ref().unwrap_err().reason.contains("17/11"));
    }

    #[test]
    fn bad_text_is_refused_with_a_reason() {
        assert_eq!(check_text("  \n", 100).unwrap_err(), "empty document");
        assert!(check_text("a\0b", 100).unwrap_err().contains("binary"));
        assert!(check_text("abcdef", 3).unwrap_err().contains("over the limit"));
        assert!(decode(vec![b'a', 0xff, b'b']).unwrap_err().contains("byte 1"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2021-11-17"), NaiveDate::from_ymd_opt(2021, 11, 17));
        assert_eq!(parse_date("2021-11-17T10:00:00+02:00"), NaiveDate::from_ymd_opt(2021, 11, 17));
        assert_eq!(parse_date("20211117"), NaiveDate::from_ymd_opt(2021, 11, 17));
        assert_eq!(parse_date("2021-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }
}
