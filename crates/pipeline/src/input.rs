//! Reading articles: plain-text files, JSONL files and stdin, each record checked before use.

use chrono::NaiveDate;
use newsgraph_doc::{DateSource, Doc};
use serde::Deserialize;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Documents larger than this are refused with an error rather than processed: no news article
/// is anywhere near it, and a runaway input should not hold a worker for minutes.
pub const DEFAULT_MAX_DOC_BYTES: usize = 16 * 1024 * 1024;

/// The read buffer of an input: JSONL lines are taken from it one at a time.
const READ_BUFFER_BYTES: usize = 1 << 20;

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
        let mut out = Vec::new();
        let _ = self.for_each(input, |rec| -> Result<(), std::convert::Infallible> {
            out.push(rec);
            Ok(())
        });
        out
    }

    /// Hand each record of one input (a path, or `-` for stdin) to `each` as it is read, until
    /// `each` fails. JSONL is read a line at a time, so memory stays flat however long the
    /// file; a plain-text input is one record, read whole.
    pub fn for_each<E>(&self, input: &str, mut each: impl FnMut(Result<Article, InputError>) -> Result<(), E>) -> Result<(), E> {
        let name = if input == "-" { "<stdin>" } else { input };
        let err = |reason: String| Err(InputError { input: name.to_string(), reason });
        let mut source: BufReader<Box<dyn Read>> = if input == "-" {
            BufReader::with_capacity(READ_BUFFER_BYTES, Box::new(std::io::stdin()))
        } else {
            let path = Path::new(input);
            if path.is_dir() {
                return each(err("is a directory (extract takes files; use `ingest` for folders)".into()));
            }
            match std::fs::File::open(path) {
                Ok(f) => BufReader::with_capacity(READ_BUFFER_BYTES, Box::new(f)),
                Err(e) => return each(err(format!("cannot read: {e}"))),
            }
        };
        let lower = input.to_lowercase();
        let jsonl = match self.format {
            InputFormat::Jsonl => true,
            InputFormat::Text => false,
            InputFormat::Auto if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") => true,
            InputFormat::Auto if input == "-" => {
                // JSONL on stdin starts with "{"; looked at in the buffer, without consuming it.
                match source.fill_buf() {
                    Ok(head) => match head.iter().find(|b| !b.is_ascii_whitespace()) {
                        Some(&b) => b == b'{',
                        // Only white space so far: decide on the whole input, as one text would.
                        None => {
                            let mut bytes = Vec::new();
                            if let Err(e) = source.read_to_end(&mut bytes) {
                                return each(err(format!("cannot read stdin: {e}")));
                            }
                            if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
                                for rec in self.read_jsonl(name, &bytes) {
                                    each(rec)?;
                                }
                                return Ok(());
                            }
                            return each(self.read_text(name, bytes));
                        }
                    },
                    Err(e) => return each(err(format!("cannot read stdin: {e}"))),
                }
            }
            InputFormat::Auto => false,
        };
        if !jsonl {
            let mut bytes = Vec::new();
            if let Err(e) = source.read_to_end(&mut bytes) {
                return each(err(format!("cannot read: {e}")));
            }
            return each(self.read_text(name, bytes));
        }
        let mut line = Vec::new();
        let mut lineno = 0;
        loop {
            line.clear();
            lineno += 1;
            match source.read_until(b'\n', &mut line) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(e) => return each(Err(InputError { input: format!("{name}:{lineno}"), reason: format!("cannot read: {e}") })),
            }
            let body = line.strip_suffix(b"\n").unwrap_or(&line);
            if let Some(rec) = self.jsonl_record(name, lineno, body) {
                each(rec)?;
            }
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
        bytes.split(|&b| b == b'\n').enumerate().filter_map(|(n, line)| self.jsonl_record(name, n + 1, line)).collect()
    }

    /// The record of line `lineno` of a JSONL input (`None` for a blank line).
    fn jsonl_record(&self, name: &str, lineno: usize, line: &[u8]) -> Option<Result<Article, InputError>> {
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        let input = format!("{name}:{lineno}");
        Some(parse_jsonl_line(line, &input, self.max_doc_bytes).map(|l| l.article).map_err(|reason| InputError { input, reason }))
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
    fn a_file_read_line_by_line_gives_the_records_of_the_whole_file() {
        let data = b"{\"id\":\"a\",\"text\":\"One.\"}\r\n\nnot json\n   \n{\"id\":\"b\",\"text\":\"Two.\"}";
        let path = std::env::temp_dir().join(format!("newsgraph-input-{}.jsonl", std::process::id()));
        std::fs::write(&path, data).unwrap();
        let r = Reader::default();
        let streamed = r.read(path.to_str().unwrap());
        let name = path.to_str().unwrap();
        let whole = r.read_jsonl(name, data);
        let _ = std::fs::remove_file(&path);
        let show = |v: &[Result<Article, InputError>]| v.iter().map(|x| match x {
            Ok(a) => format!("{}: {}", a.id, a.text),
            Err(e) => format!("{}: {}", e.input, e.reason),
        }).collect::<Vec<_>>();
        assert_eq!(show(&streamed), show(&whole));
        assert_eq!(streamed.len(), 3);
        assert!(show(&streamed)[1].starts_with(&format!("{name}:3: not a JSON object")));
        // A callback that fails stops the reading.
        std::fs::write(&path, data).unwrap();
        let mut seen = 0;
        assert_eq!(r.for_each(name, |_| { seen += 1; Err("enough") }), Err("enough"));
        let _ = std::fs::remove_file(&path);
        assert_eq!(seen, 1);
        // A missing file is one record: its error.
        let missing = r.read("/nonexistent/newsgraph.jsonl");
        assert!(matches!(&missing[..], [Err(e)] if e.reason.starts_with("cannot read")));
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
