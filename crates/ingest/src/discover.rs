//! Which files to read, and as what.

use crate::feed::FeedReader;
use crate::html::HtmlReader;
use crate::jsonl::JsonlReader;
use crate::parquet::ParquetReader;
use crate::text::TextReader;
use crate::warc::WarcReader;
use crate::{input_error, ArticleReader, Record};
use newsgraph_pipeline::InputError;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
    Html,
    Warc,
    Feed,
    /// A documents table (`newsgraph export`, the Spark job).
    Parquet,
}

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// Size on disk (for progress).
    pub size: u64,
}

/// Expand inputs into files: folders recursively, in name order, skipping hidden entries and,
/// inside folders, `_`-prefixed ones (Hadoop and Spark write `_SUCCESS` beside their output).
/// A missing input is an error naming it.
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        walk(input, &mut files, &mut errors, true);
    }
    (files, errors)
}

fn walk(path: &Path, files: &mut Vec<InputFile>, errors: &mut Vec<InputError>, top: bool) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return errors.push(input_error(path.display().to_string(), format!("cannot read: {e}"))),
    };
    if meta.is_dir() {
        let entries = match std::fs::read_dir(path) {
            Ok(r) => r,
            Err(e) => return errors.push(input_error(path.display().to_string(), format!("cannot list folder: {e}"))),
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            let hidden = child.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') || n.starts_with('_'));
            if !hidden {
                walk(&child, files, errors, false);
            }
        }
    } else if meta.is_file() || top {
        files.push(InputFile { path: path.to_path_buf(), size: meta.len() });
    }
}

/// The format a file name announces (`.gz` aside), if it announces one.
pub fn format_from_name(name: &str) -> Option<Format> {
    let lower = name.to_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = base.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    Some(match ext {
        "jsonl" | "ndjson" => Format::Jsonl,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "warc" | "arc" => Format::Warc,
        "rss" | "atom" | "xml" | "feed" => Format::Feed,
        "txt" | "text" | "md" => Format::Text,
        "parquet" | "pq" => Format::Parquet,
        _ => return None,
    })
}

/// The format the first bytes show.
pub fn sniff(head: &[u8]) -> Format {
    let start = head.iter().position(|b| !b.is_ascii_whitespace() && *b != 0xef && *b != 0xbb && *b != 0xbf).unwrap_or(0);
    let head = &head[start..];
    let lower: Vec<u8> = head.iter().take(1024).map(|b| b.to_ascii_lowercase()).collect();
    let has = |s: &[u8]| lower.windows(s.len()).any(|w| w == s);
    if head.starts_with(b"PAR1") {
        Format::Parquet
    } else if head.starts_with(b"WARC/") {
        Format::Warc
    } else if head.starts_with(b"{") {
        Format::Jsonl
    } else if lower.starts_with(b"<?xml") && (has(b"<rss") || has(b"<feed") || has(b"<rdf")) || lower.starts_with(b"<rss") || lower.starts_with(b"<feed") {
        Format::Feed
    } else if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") || has(b"<body") || has(b"<head") {
        Format::Html
    } else {
        Format::Text
    }
}

fn reader_for(format: Format, text: &TextReader) -> Box<dyn ArticleReader + '_> {
    match format {
        Format::Text => Box::new(text.clone()),
        Format::Jsonl => Box::new(JsonlReader),
        Format::Html => Box::new(HtmlReader),
        Format::Warc => Box::new(WarcReader),
        Format::Feed => Box::new(FeedReader),
        Format::Parquet => Box::new(ParquetReader),
    }
}

/// Counts bytes read from the file into a shared progress counter.
struct Progress<'a, R> {
    inner: R,
    done: &'a AtomicU64,
}

impl<R: Read> Read for Progress<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Read one file with the reader its name or content calls for (gzip undone first, except for
/// WARC), adding the bytes read to `progress`.
pub fn read_file(file: &Path, text: &TextReader, progress: &AtomicU64, emit: &mut dyn FnMut(Result<Record, InputError>)) {
    let name = file.display().to_string();
    let f = match File::open(file) {
        Ok(f) => f,
        Err(e) => return emit(Err(input_error(name, format!("cannot read: {e}")))),
    };
    let mut raw = BufReader::with_capacity(1 << 16, Progress { inner: f, done: progress });
    let gzip = match raw.fill_buf() {
        Ok(b) => b.starts_with(&[0x1f, 0x8b]),
        Err(e) => return emit(Err(input_error(name, format!("cannot read: {e}")))),
    };
    let named = format_from_name(&name);
    if named == Some(Format::Warc) {
        return WarcReader.read(&name, &mut raw, emit);
    }
    let mut data: Box<dyn BufRead> = if gzip { Box::new(BufReader::with_capacity(1 << 16, flate2::bufread::MultiGzDecoder::new(raw))) } else { Box::new(raw) };
    let format = match named {
        Some(f) => f,
        None => match data.fill_buf() {
            Ok(head) => {
                // A compressed WARC without the name: the WARC reader wants the raw bytes,
                // which are gone; it reads the decompressed stream just as well (offsets are then
                // positions in the decompressed archive).
                sniff(head)
            }
            Err(e) => return emit(Err(input_error(name, format!("cannot read: {e}")))),
        },
    };
    reader_for(format, text).read(&name, &mut *data, emit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names_and_bytes() {
        assert_eq!(format_from_name("a/b/crawl.warc.gz"), Some(Format::Warc));
        assert_eq!(format_from_name("news.JSONL"), Some(Format::Jsonl));
        assert_eq!(format_from_name("feed.xml.gz"), Some(Format::Feed));
        assert_eq!(format_from_name("story.htm"), Some(Format::Html));
        assert_eq!(format_from_name("README"), None);
        assert_eq!(format_from_name("part-00000-1.snappy.parquet"), Some(Format::Parquet));
        assert_eq!(sniff(b"PAR1\x15\x04"), Format::Parquet);
        assert_eq!(sniff(b"  <?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), Format::Feed);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"WARC/1.1\r\n"), Format::Warc);
        assert_eq!(sniff(b"{\"id\": 1}"), Format::Jsonl);
        assert_eq!(sniff(b"The mayor resigned."), Format::Text);
    }
}
