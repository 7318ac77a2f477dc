//! `newsgraph`: the thin command-line front end. Each subcommand lives in its own module and
//! calls into the library crates; nothing here knows how extraction works.

mod alloc;
mod export;
mod eval;
mod extract;
mod ingest;
mod query;
mod serve;
mod rows;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// Every stage allocates many small strings and vectors per article; mimalloc serves them with
// far fewer instructions than the system allocator (see docs/PERFORMANCE.md), and calling its
// plain entry points for ordinary alignments saves more (see alloc.rs).
#[global_allocator]
static ALLOCATOR: alloc::MiMallocPlain = alloc::MiMallocPlain;

#[derive(Parser)]
#[command(name = "newsgraph", version, about = "Who said what, who did what to whom, and when: structured records from news text")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract blocks, entities, time expressions, quotes and events from articles.
    Extract(extract::Args),
    /// Read articles from folders, text, JSONL, HTML, WARC and feeds into the corpus database.
    Ingest(ingest::Args),
    /// Ask the corpus: quotes, events, timelines, the actor network, full-text search, entities.
    Query(query::Args),
    /// Write a table of the corpus as JSONL, CSV or Parquet.
    Export(export::Args),
    /// Measure accuracy on gold-annotated JSONL (quotes, names, time, meantime, events).
    Eval(eval::Args),
    /// Serve the corpus as a JSON API and a web UI, with live extraction (loopback by default).
    Serve(serve::Args),
    /// Pipe steps for distributed runs (Spark): read, extract, resolve as JSON lines.
    #[command(hide = true)]
    Rows(rows::Args),
}

fn main() -> ExitCode {
    alloc::give_sqlite_mimalloc();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) => export::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Rows(args) => rows::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
