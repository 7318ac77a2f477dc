//! WARC archives (`.warc`, `.warc.gz`): every `response` record holding an HTML page becomes an
//! article, read with the HTML reader. Compressed archives are read gzip member by member
//! (a record per member, as crawlers write them), so an error names the member's offset in the
//! compressed file, and a truncated or corrupt tail loses only what follows it.

use crate::html::page_record;
use crate::{input_error, ArticleReader, Record};
use flate2::bufread::GzDecoder;
use newsgraph_pipeline::InputError;
use std::io::{BufRead, Read};

#[derive(Debug, Default, Clone, Copy)]
pub struct WarcReader;

/// A BufRead that counts the bytes consumed from it.
struct Counting<'a> {
    inner: &'a mut dyn BufRead,
    pos: u64,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl BufRead for Counting<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Header lines of a block up to its blank line; returns (headers, body offset).
fn headers(data: &[u8]) -> Option<(Vec<(String, String)>, usize)> {
    let (end, sep) = match (find(data, b"\r\n\r\n"), find(data, b"\n\n")) {
        (Some(a), Some(b)) if b < a => (b, 2),
        (Some(a), _) => (a, 4),
        (None, Some(b)) => (b, 2),
        (None, None) => return None,
    };
    let head = String::from_utf8_lossy(data.get(..end)?);
    let mut out = Vec::new();
    for line in head.lines().skip(1) {
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    Some((out, end + sep))
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Undo HTTP chunked transfer coding (as archived raw); None when it is not well formed.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(data.get(..line_end)?).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = data.get(line_end + 2..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

/// The HTML page inside an HTTP response block, if it holds one.
fn http_html(block: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if !block.starts_with(b"HTTP/") {
        return Err("response record does not hold an HTTP response".into());
    }
    let (h, body_at) = headers(block).ok_or("HTTP headers have no end")?;
    let ctype = header(&h, "content-type").unwrap_or("").to_ascii_lowercase();
    let body = block.get(body_at..).unwrap_or(&[]);
    if !(ctype.contains("html") || (ctype.is_empty() && body.iter().take(512).any(|&b| b == b'<'))) {
        return Ok(None);
    }
    let mut body = body.to_vec();
    if header(&h, "transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        if let Some(d) = dechunk(&body) {
            body = d;
        }
    }
    if header(&h, "content-encoding").is_some_and(|t| t.eq_ignore_ascii_case("gzip")) {
        let mut d = Vec::new();
        flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut d).map_err(|e| format!("gzip content encoding: {e}"))?;
        body = d;
    }
    Ok(Some(body))
}

/// Read every record of an uncompressed WARC byte stream. `label(pos)` names the record at
/// byte `pos` of `data`. Stops at the first record that cannot be framed.
fn records(data: &[u8], label: &dyn Fn(usize) -> String, emit: &mut dyn FnMut(Result<Record, InputError>)) {
    let mut pos = 0;
    while pos < data.len() {
        // Skip blank lines between records.
        while pos < data.len() && matches!(data[pos], b'\r' | b'\n') {
            pos += 1;
        }
        if pos >= data.len() {
            break;
        }
        let at = label(pos);
        let rest = &data[pos..];
        if !rest.starts_with(b"WARC/") {
            return emit(Err(input_error(at, "not a WARC record (no WARC/ version line)")));
        }
        let Some((h, body_at)) = headers(rest) else {
            return emit(Err(input_error(at, "WARC record headers are truncated")));
        };
        let Some(len) = header(&h, "content-length").and_then(|l| l.parse::<usize>().ok()) else {
            return emit(Err(input_error(at, "WARC record has no valid Content-Length")));
        };
        let Some(block) = rest.get(body_at..body_at.saturating_add(len)) else {
            return emit(Err(input_error(at, format!("WARC record is truncated: Content-Length {len}, {} bytes left", rest.len().saturating_sub(body_at)))));
        };
        pos += body_at + len;
        let kind = header(&h, "warc-type").unwrap_or("");
        if !kind.eq_ignore_ascii_case("response") {
            continue;
        }
        let uri = header(&h, "warc-target-uri").map(|u| u.trim_matches(|c| c == '<' || c == '>'));
        let named = match uri {
            Some(u) => format!("{at} ({u})"),
            None => at.clone(),
        };
        match http_html(block) {
            Ok(Some(html)) => emit(page_record(&named, &html, uri)),
            Ok(None) => {}
            Err(reason) => emit(Err(input_error(named, reason))),
        }
    }
}

impl ArticleReader for WarcReader {
    fn read(&self, name: &str, data: &mut dyn BufRead, emit: &mut dyn FnMut(Result<Record, InputError>)) {
        let gzip = matches!(data.fill_buf(), Ok(b) if b.starts_with(&[0x1f, 0x8b]));
        if !gzip {
            let mut bytes = Vec::new();
            if let Err(e) = data.read_to_end(&mut bytes) {
                return emit(Err(input_error(name, format!("cannot read: {e}"))));
            }
            return records(&bytes, &|pos| format!("{name}@{pos}"), emit);
        }
        let mut src = Counting { inner: data, pos: 0 };
        loop {
            match src.fill_buf() {
                Ok([]) => break,
                Ok(_) => {}
                Err(e) => return emit(Err(input_error(format!("{name}@{}", src.pos), format!("cannot read: {e}")))),
            }
            let member_at = src.pos;
            let mut member = Vec::new();
            let result = GzDecoder::new(&mut src).read_to_end(&mut member);
            if let Err(e) = result {
                // Records decoded before the damage are kept; nothing after it can be framed.
                return emit(Err(input_error(format!("{name}@{member_at}"), format!("truncated or corrupt gzip member: {e}"))));
            }
            if member.is_empty() && src.pos == member_at {
                break;
            }
            records(&member, &|pos| if pos == 0 { format!("{name}@{member_at}") } else { format!("{name}@{member_at}+{pos}") }, emit);
        }
    }
}
