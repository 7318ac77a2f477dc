//! `newsgraph rows …` (hidden): the pieces a distributed run (spark/newsgraph_spark.py) pipes
//! articles through, one JSON object per line on stdin and stdout, so that the cluster job and
//! `ingest` + `export` share every definition — readers, extraction, export columns and
//! cross-document entity resolution:
//!
//! - `rows schema`: the export tables' columns and kinds;
//! - `rows list INPUTS…`: the files `ingest` would read, in its order;
//! - `rows read`: `{"file": N, "path": P}` lines in, one *envelope* per article out (the
//!   extract-input fields plus `seq`, `source`, `date_source` and the dedup keys `url_key`,
//!   `content_hash`), read by the same readers as `ingest` (JSONL, HTML, WARC, feeds, text);
//! - `rows extract`: envelopes in, one line per article out with its document, event and quote
//!   rows (see `newsgraph_store::rows`) and its entities for the resolution;
//! - `rows resolve`: `{"seq", "entities"}` lines in corpus order in, `{"seq", "map"}` lines
//!   (article-local entity id → corpus entity id) and then `{"entity": row}` lines out.
//!
//! Bad records become `{"error": …}` lines rather than failing the task: a cluster would only
//! retry the same input.

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use newsgraph_doc::{DateSource, Entity};
use newsgraph_ingest::{discover, read_file, text::TextReader, Article, InputError, Record};
use newsgraph_pipeline::input::parse_date;
use newsgraph_pipeline::Pipeline;
use newsgraph_store::normalize::{content_hash, normalize_url};
use newsgraph_store::rows::{article_rows, schema_json, Resolver};
use newsgraph_store::DocMeta;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicU64;

#[derive(ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    step: Step,
}

#[derive(Subcommand)]
enum Step {
    /// The export tables' columns and kinds, as JSON.
    Schema,
    /// The files `ingest` would read from these inputs, one JSON string a line, in its order.
    List { inputs: Vec<PathBuf> },
    /// `{"file": N, "path": P}` lines in, one envelope per article out.
    Read {
        /// Publication date (YYYY-MM-DD) of plain-text inputs, as `ingest --date`.
        #[arg(long)]
        date: Option<String>,
    },
    /// Envelopes in, one line of export rows per article out.
    Extract,
    /// Articles' entities in corpus order in, corpus ids and entity rows out.
    Resolve,
}

/// Records per file fit in the low 32 bits of `seq`; the file number is the high bits, so
/// ordering by `seq` is `ingest`'s reading order.
const RECORD_BITS: u32 = 32;

/// One article as read, with what dedup and the document row need besides the `Article`.
#[derive(Serialize, Deserialize)]
struct Envelope {
    seq: i64,
    source: String,
    id: String,
    text: String,
    title: Option<String>,
    date: Option<String>,
    date_source: DateSource,
    url: Option<String>,
    author: Option<String>,
    site: Option<String>,
    url_key: Option<String>,
    content_hash: String,
}

#[derive(Deserialize)]
struct FileLine {
    file: i64,
    path: PathBuf,
}

#[derive(Deserialize)]
struct EntitiesLine {
    seq: i64,
    entities: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match args.step {
        Step::Schema => writeln!(out, "{}", schema_json())?,
        Step::List { inputs } => {
            let (files, errors) = discover(&inputs);
            for f in files {
                writeln!(out, "{}", json!(f.path.display().to_string()))?;
            }
            for e in errors {
                eprintln!("newsgraph: failed: {e}");
            }
        }
        Step::Read { date } => {
            let date = match &date {
                Some(d) => Some(parse_date(d).with_context(|| format!("--date {d:?} is not a date (YYYY-MM-DD)"))?),
                None => None,
            };
            read(stdin, &mut out, TextReader { date })?
        }
        Step::Extract => extract(stdin, &mut out)?,
        Step::Resolve => resolve(stdin, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn error_line(out: &mut dyn Write, e: &InputError) -> std::io::Result<()> {
    writeln!(out, "{}", json!({"error": e.to_string()}))
}

fn read(input: impl BufRead, out: &mut dyn Write, text: TextReader) -> Result<()> {
    let progress = AtomicU64::new(0);
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let file: FileLine = serde_json::from_str(&line).with_context(|| format!("not a file line: {line}"))?;
        let mut n: i64 = 0;
        let mut failed: Option<std::io::Error> = None;
        read_file(&file.path, &text, &progress, &mut |r: std::result::Result<Record, InputError>| {
            if failed.is_some() {
                return;
            }
            let written = match r {
                Err(e) => error_line(out, &e),
                Ok(rec) => {
                    let seq = (file.file << RECORD_BITS) | n;
                    n += 1;
                    let a = rec.article;
                    let env = Envelope {
                        seq,
                        url_key: a.url.as_deref().and_then(normalize_url),
                        content_hash: content_hash(&a.text),
                        source: rec.source,
                        id: a.id,
                        text: a.text,
                        title: a.title,
                        date: a.date.map(newsgraph_doc::iso_date),
                        date_source: a.date_source,
                        url: a.url,
                        author: rec.author,
                        site: rec.site,
                    };
                    serde_json::to_writer(&mut *out, &env).map_err(std::io::Error::other).and_then(|_| out.write_all(b"\n"))
                }
            };
            if let Err(e) = written {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
    }
    Ok(())
}

fn extract(input: impl BufRead, out: &mut dyn Write) -> Result<()> {
    let pipeline = Pipeline::standard();
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let env: Envelope = match serde_json::from_str(&line) {
            Ok(e) => e,
            Err(e) => {
                error_line(out, &InputError { input: "rows extract".into(), reason: format!("not an envelope: {e}") })?;
                continue;
            }
        };
        let date = env.date.as_deref().and_then(parse_date);
        let article = Article { id: env.id, text: env.text, title: env.title, date, date_source: env.date_source, url: env.url };
        let meta = DocMeta { source: env.source, author: env.author, site: env.site, prepared: None };
        // A stage that panics on one article costs that article, as in `ingest`.
        let doc = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.process(article))) {
            Ok(doc) => doc,
            Err(_) => {
                error_line(out, &InputError { input: meta.source, reason: "extraction failed (a stage panicked)".into() })?;
                continue;
            }
        };
        let rows = article_rows(&doc, &meta);
        let entities = serde_json::to_string(&doc.entities)?;
        let line = json!({
            "seq": env.seq,
            "document": rows.document,
            "events": rows.events,
            "quotes": rows.quotes,
            "entities": entities,
        });
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn resolve(input: impl BufRead, out: &mut dyn Write) -> Result<()> {
    let mut resolver = Resolver::new()?;
    let mut last = i64::MIN;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: EntitiesLine = serde_json::from_str(&line).with_context(|| "not an entities line")?;
        // Resolution depends on the order; an unordered feed would silently disagree with ingest.
        anyhow::ensure!(rec.seq > last, "entities must come in corpus order (seq {} after {last})", rec.seq);
        last = rec.seq;
        let entities: Vec<Entity> = serde_json::from_str(&rec.entities).with_context(|| format!("bad entities of seq {}", rec.seq))?;
        let map = resolver.article(&entities)?;
        writeln!(out, "{}", json!({"seq": rec.seq, "map": map}))?;
    }
    resolver.entity_rows(|row| writeln!(out, "{}", json!({ "entity": Value::Object(row) })))?;
    Ok(())
}
