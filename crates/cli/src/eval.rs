//! `newsgraph eval SUITE FILE...`: accuracy on gold-annotated files, with the reference scorers'
//! measures and a breakdown of every miss by error class.

use anyhow::{anyhow, bail, Result};
use clap::{Args as ClapArgs, ValueEnum};
use newsgraph_eval::{evaluate_file, evaluate_predictions, meantime::MeantimeSuite, Suite};
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum SuiteName {
    /// Quote attribution on GGT or PolNeAR records.
    Quotes,
    /// Proper names (PER/ORG/LOC) on MEANTIME records.
    Names,
    /// Date values on MEANTIME records.
    Time,
    /// Names and dates on MEANTIME records.
    Meantime,
    /// PLOVER event coding (or PETR2 CAMEO triples).
    Events,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(ClapArgs)]
pub struct Args {
    /// Which measures to compute (the gold format they need).
    #[arg(value_enum)]
    pub suite: SuiteName,
    /// Gold JSONL files.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// List every miss with its evidence (document, offsets, gold and predicted text).
    #[arg(long)]
    pub errors: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Score only the first N records of each file.
    #[arg(long)]
    pub limit: Option<usize>,
    /// MEANTIME: do not give the extractor the document creation date.
    #[arg(long)]
    pub no_date: bool,
    /// Score this JSONL of output objects (from `newsgraph extract` or any tool printing the
    /// same schema), matched by `id`, instead of running the pipeline. Takes one gold FILE.
    #[arg(long, value_name = "OUTPUT.jsonl")]
    pub predictions: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let meantime = |names, time| -> Box<dyn Suite> { Box::new(MeantimeSuite { names, time, no_date: args.no_date }) };
    let suite: Box<dyn Suite> = match args.suite {
        SuiteName::Quotes => Box::new(newsgraph_eval::quotes::QuotesSuite),
        SuiteName::Names => meantime(true, false),
        SuiteName::Time => meantime(false, true),
        SuiteName::Meantime => meantime(true, true),
        SuiteName::Events => Box::new(newsgraph_eval::events::EventsSuite),
    };
    if args.predictions.is_some() && args.files.len() != 1 {
        bail!("--predictions takes exactly one gold FILE");
    }
    let mut reports = Vec::new();
    for file in &args.files {
        let report = match &args.predictions {
            Some(p) => evaluate_predictions(suite.as_ref(), file, p, args.limit),
            None => evaluate_file(suite.as_ref(), file, args.limit),
        };
        reports.push(report.map_err(|e| anyhow!(e))?);
    }
    let out = match args.format {
        Format::Text => reports.iter().map(|r| r.text(args.errors)).collect::<String>(),
        Format::Json => {
            let mut items: Vec<serde_json::Value> = reports.iter().map(|r| r.json(args.errors)).collect();
            let v = if items.len() == 1 { items.remove(0) } else { serde_json::Value::Array(items) };
            format!("{v}\n")
        }
    };
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}
