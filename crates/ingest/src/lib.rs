//! Finding articles in whatever a newsroom or a crawler leaves on disk.
//!
//! Design: [`discover`] expands the inputs (folders recursively, in name order) into files and
//! decides each file's [`Format`] from its name (`.jsonl`, `.html`, `.warc`, `.rss`… with or
//! without `.gz`) or, failing that, from its first bytes. Each format has a reader in its own file
//! behind the small [`ArticleReader`] trait: [`text`], [`jsonl`], [`html`] (main text with the
//! boilerplate removed, metadata from `<meta>`, Open Graph and JSON-LD), [`warc`] (response records
//! holding HTML, read member by member so errors carry the record's offset in the archive) and
//! [`feed`] (RSS 2.0 and Atom items), and [`parquet`] (documents tables exported by `newsgraph
//! export` or the Spark job, read back for browsing). Gzip is undone before a reader sees the bytes, except for WARC,
//! whose reader needs the compressed offsets. A reader never stops at a bad record: it emits an
//! [`InputError`] naming the input (file, line or archive offset) and goes on.

pub mod discover;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod parquet;
pub mod text;
pub mod warc;

pub use discover::{discover, read_file, Format, InputFile};
pub use newsgraph_pipeline::{Article, InputError};

use std::io::BufRead;

/// What an input says about an article besides the `Article` fields.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub article: Article,
    /// Where it was read: `file`, `file:line`, `archive@offset`.
    pub source: String,
    pub author: Option<String>,
    pub site: Option<String>,
}

/// Documents larger than this are refused (no article is anywhere near it).
pub const MAX_DOC_BYTES: usize = newsgraph_pipeline::input::DEFAULT_MAX_DOC_BYTES;

/// One input format.
pub trait ArticleReader {
    /// Read every article of one input, emitting each record or error in input order.
    fn read(&self, name: &str, data: &mut dyn BufRead, emit: &mut dyn FnMut(Result<Record, InputError>));
}

pub(crate) fn input_error(input: impl Into<String>, reason: impl Into<String>) -> InputError {
    InputError { input: input.into(), reason: reason.into() }
}

/// Why a text cannot be an article, if it cannot: the same checks as `extract`.
pub(crate) fn check_text(text: &str) -> Result<(), String> {
    newsgraph_pipeline::input::check_text(text, MAX_DOC_BYTES)
}

/// Trimmed, non-empty.
pub(crate) fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty())
}
