//! `newsgraph`: the thin command-line front end. Each subcommand lives in its own module and
//! calls into the library crates; nothing here knows how extraction works.

mod eval;
mod extract;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

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
    /// Measure accuracy on gold-annotated JSONL (quotes, names, time, meantime, events).
    Eval(eval::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
