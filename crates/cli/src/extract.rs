//! `newsgraph extract`: articles in, one JSON object per article out, in input order.

use anyhow::{bail, Context, Result};
use clap::{Args as ClapArgs, ValueEnum};
use newsgraph_pipeline::input::{parse_date, Reader, DEFAULT_MAX_DOC_BYTES};
use newsgraph_pipeline::{render, Article, InputError, InputFormat, Pipeline};
use rayon::prelude::*;
use std::io::{BufWriter, IoSlice, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::mpsc::{sync_channel, Receiver};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// One JSON object, or an array when there are several documents.
    Json,
    /// One JSON object per line, in input order.
    Jsonl,
    /// A report for people.
    Pretty,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum InputKind {
    Auto,
    Text,
    Jsonl,
}

#[derive(ClapArgs)]
pub struct Args {
    /// Input files: plain text (first line may be the title) or JSONL (`id`, `text`, `title`,
    /// `date`, `url` per line); `-` reads stdin. No input means stdin.
    pub inputs: Vec<String>,
    /// Output format (default: pretty on a terminal, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// How to read inputs (default: by file name; stdin by its first character).
    #[arg(long = "input", value_enum, default_value = "auto")]
    pub input_kind: InputKind,
    /// Publication date (YYYY-MM-DD) of plain-text inputs; relative dates resolve against it.
    #[arg(long)]
    pub date: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Refuse documents larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
}

/// Articles are processed in batches of this many: large enough to keep every core busy,
/// small enough that output streams and memory stays flat on huge JSONL files.
const BATCH: usize = 512;

pub fn run(args: Args) -> Result<ExitCode> {
    let date = match &args.date {
        Some(d) => Some(parse_date(d).with_context(|| format!("--date {d:?} is not a date (YYYY-MM-DD)"))?),
        None => None,
    };
    if let Some(n) = args.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    }
    let reader = Reader {
        format: match args.input_kind {
            InputKind::Auto => InputFormat::Auto,
            InputKind::Text => InputFormat::Text,
            InputKind::Jsonl => InputFormat::Jsonl,
        },
        date,
        max_doc_bytes: args.max_doc_bytes,
    };
    let inputs = if args.inputs.is_empty() { vec!["-".to_string()] } else { args.inputs.clone() };
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Pretty } else { Format::Jsonl });
    let pipeline = Pipeline::standard();

    // Three stages in a row, each on its own thread: this one reads the records of the next
    // batch while the worker threads process one and a writer thread writes the one before, so
    // that reading and writing (a few per cent of the work, in one thread each) do not leave
    // the workers waiting. The queues hold one batch each: memory follows the batch size.
    let (batch_tx, batch_rx) = sync_channel::<Vec<Result<Article, InputError>>>(1);
    let (rendered_tx, rendered_rx) = sync_channel::<Vec<Result<Vec<u8>, InputError>>>(1);
    let (written, failed) = std::thread::scope(|scope| -> Result<(usize, usize)> {
        let pipeline = &pipeline;
        scope.spawn(move || {
            for mut batch in batch_rx {
                let rendered: Vec<Result<Vec<u8>, InputError>> = batch
                    .par_drain(..)
                    .map(|rec| {
                        rec.map(|article| {
                            let doc = pipeline.process(article);
                            match format {
                                Format::Pretty => {
                                    let mut report = render::pretty(&doc).into_bytes();
                                    report.push(b'\n');
                                    report
                                }
                                Format::Jsonl => {
                                    // The JSON is about eight times the text; one allocation holds it.
                                    let mut json = Vec::with_capacity(doc.text.len() * 8 + 1024);
                                    render::json_into(&doc, &mut json);
                                    // Each record ends its own line: the writer hands the
                                    // records to the system as they are, without a copy.
                                    json.push(b'\n');
                                    json
                                }
                                Format::Json => {
                                    let mut json = Vec::with_capacity(doc.text.len() * 8 + 1024);
                                    render::json_into(&doc, &mut json);
                                    json
                                }
                            }
                        })
                    })
                    .collect();
                if rendered_tx.send(rendered).is_err() {
                    // The writer stopped (its error is reported when it is joined).
                    return;
                }
            }
        });
        let writer = scope.spawn(move || write_output(format, rendered_rx));
        let mut batch: Vec<Result<Article, InputError>> = Vec::with_capacity(BATCH);
        'inputs: for input in &inputs {
            // Records are read as the batches need them: memory follows the batch, not the input.
            let stopped = reader.for_each(input, |rec| {
                batch.push(rec);
                if batch.len() >= BATCH {
                    batch_tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                }
                Ok::<(), std::sync::mpsc::SendError<_>>(())
            });
            if stopped.is_err() {
                break 'inputs;
            }
        }
        if !batch.is_empty() {
            let _ = batch_tx.send(batch);
        }
        drop(batch_tx);
        writer.join().map_err(|_| anyhow::anyhow!("the output writer panicked"))?
    })?;
    if failed > 0 {
        eprintln!("newsgraph: {written} documents extracted, {failed} failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Write the rendered batches to stdout in order, each failed record as an error on stderr:
/// (documents written, records failed).
fn write_output(format: Format, rendered: Receiver<Vec<Result<Vec<u8>, InputError>>>) -> Result<(usize, usize)> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut written, mut failed) = (0, 0);
    let mut json_items: Vec<Vec<u8>> = Vec::new();
    for batch in rendered {
        // JSONL and reports: the records of a batch (each with its newline) go out in one
        // vectored write rather than being copied into a buffer first; the output is about
        // seven times the input, and the copy was a per cent of `extract`.
        let mut records = Vec::with_capacity(batch.len());
        for r in batch {
            match r {
                Ok(s) => {
                    written += 1;
                    records.push(s);
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("newsgraph: error: {e}");
                }
            }
        }
        if format == Format::Json {
            json_items.append(&mut records);
            continue;
        }
        let mut lines: Vec<IoSlice<'_>> = records.iter().map(|s| IoSlice::new(s)).collect();
        write_all_vectored(&mut out, &mut lines)?;
    }
    if format == Format::Json {
        let mut out = BufWriter::with_capacity(1 << 20, out);
        if json_items.len() == 1 {
            out.write_all(&json_items[0])?;
        } else {
            out.write_all(b"[")?;
            out.write_all(&json_items.join(&b","[..]))?;
            out.write_all(b"]")?;
        }
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok((written, failed));
    }
    out.flush()?;
    Ok((written, failed))
}

/// Write every byte of `bufs`, as many as each call takes (`Write::write_all_vectored` is not
/// stable yet).
fn write_all_vectored(out: &mut impl Write, mut bufs: &mut [IoSlice<'_>]) -> std::io::Result<()> {
    // Empty slices first out of the way: a write of nothing but them returns 0.
    IoSlice::advance_slices(&mut bufs, 0);
    while !bufs.is_empty() {
        match out.write_vectored(bufs) {
            Ok(0) => return Err(std::io::Error::new(std::io::ErrorKind::WriteZero, "failed to write the whole output")),
            Ok(n) => IoSlice::advance_slices(&mut bufs, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
