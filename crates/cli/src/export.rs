//! `newsgraph export`: a whole table of the corpus as JSONL, CSV or Parquet.

use anyhow::{bail, Context, Result};
use clap::{Args as ClapArgs, ValueEnum};
use newsgraph_store::export::{self, ExportTable};
use newsgraph_store::Store;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Parquet,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableName {
    Events,
    Quotes,
    Entities,
    Documents,
}

#[derive(ClapArgs)]
pub struct Args {
    /// The corpus database.
    #[arg(long, default_value = "newsgraph.db")]
    pub db: PathBuf,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "events")]
    pub table: TableName,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn table(name: TableName) -> &'static ExportTable {
    match name {
        TableName::Events => &export::EVENTS,
        TableName::Quotes => &export::QUOTES,
        TableName::Entities => &export::ENTITIES,
        TableName::Documents => &export::DOCUMENTS,
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let table = table(args.table);
    let mut out: Box<dyn Write + Send> = match &args.output {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?)),
        None => {
            if args.format == Format::Parquet && std::io::stdout().is_terminal() {
                bail!("Parquet is binary: give --output FILE or redirect standard output");
            }
            Box::new(BufWriter::new(std::io::stdout()))
        }
    };
    let rows = match args.format {
        Format::Jsonl => export::export_jsonl(&store.conn, table, &mut out)?,
        Format::Csv => export::export_csv(&store.conn, table, &mut out)?,
        Format::Parquet => newsgraph_store::parquet::export_parquet(&store.conn, table, out)?,
    };
    if let Some(p) = &args.output {
        eprintln!("newsgraph: {rows} {} rows written to {}", table.name, p.display());
    }
    Ok(ExitCode::SUCCESS)
}
