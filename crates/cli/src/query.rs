//! `newsgraph query`: questions to the corpus database, answered as a table, JSON or CSV.

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use newsgraph_store::query::{self, Range};
use newsgraph_store::{Store, Table};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    pub question: Question,
    /// The corpus database.
    #[arg(long, global = true, default_value = "newsgraph.db")]
    pub db: PathBuf,
    /// Output format (default: table on a terminal, else JSON).
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// From this date on (YYYY-MM-DD, inclusive).
    #[arg(long, global = true)]
    pub from: Option<String>,
    /// Up to this date (inclusive).
    #[arg(long, global = true)]
    pub to: Option<String>,
    /// At most this many rows (a page).
    #[arg(long, global = true, default_value_t = 100)]
    pub limit: usize,
    /// Skip this many rows first (the next page starts at the previous offset + limit).
    #[arg(long, global = true, default_value_t = 0)]
    pub offset: usize,
}

#[derive(Subcommand)]
pub enum Question {
    /// Statements, by speaker and by whom they mention.
    Quotes {
        #[arg(long)]
        speaker: Option<String>,
        #[arg(long)]
        about: Option<String>,
    },
    /// Events by actor, target (name or code such as RUS, BLRGOV) and PLOVER type.
    Events {
        #[arg(long)]
        actor: Option<String>,
        #[arg(long)]
        target: Option<String>,
        #[arg(long = "type")]
        kind: Option<String>,
    },
    /// What one entity did, had done to it and said, in date order.
    Timeline { name: String },
    /// Actor-to-actor event counts by type.
    Network,
    /// Full-text search over articles (or quotes with --quotes).
    Search {
        text: String,
        #[arg(long)]
        quotes: bool,
    },
    /// Corpus entities, most reported first.
    Entities {
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        sector: Option<String>,
        #[arg(long = "type")]
        kind: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
    /// Counts and extent of the corpus.
    Stats,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let conn = &store.conn;
    let range = Range { from: args.from.clone(), to: args.to.clone(), limit: Some(args.limit), offset: Some(args.offset) };
    let table: Table = match &args.question {
        Question::Quotes { speaker, about } => query::quotes(conn, speaker.as_deref(), about.as_deref(), &range)?,
        Question::Events { actor, target, kind } => query::events(conn, actor.as_deref(), target.as_deref(), kind.as_deref(), &range)?,
        Question::Timeline { name } => query::timeline(conn, name, &range)?,
        Question::Network => query::network(conn, &range)?,
        Question::Search { text, quotes } => {
            if *quotes {
                query::search_quotes(conn, text, &range)?
            } else {
                query::search(conn, text, &range)?
            }
        }
        Question::Entities { country, sector, kind, name } => query::entities(conn, country.as_deref(), sector.as_deref(), kind.as_deref(), name.as_deref(), &range)?,
        Question::Stats => query::stats(conn)?,
    };
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() { Format::Table } else { Format::Json });
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Table => {
            table.write_table(&mut out)?;
            if table.rows.len() == args.limit && !matches!(args.question, Question::Stats) {
                writeln!(out, "(a full page: the next starts at --offset {})", args.offset + args.limit)?;
            }
        }
        Format::Json => table.write_json(&mut out)?,
        Format::Csv => table.write_csv(&mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
