//! `newsgraph serve`: the JSON API and web UI over a corpus database (see newsgraph-serve).

use anyhow::Result;
use clap::Args as ClapArgs;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(ClapArgs)]
pub struct Args {
    /// The corpus database, opened read-only.
    #[arg(long, default_value = "newsgraph.db")]
    pub db: PathBuf,
    /// Address to listen on. Loopback by default: the API has no authentication.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    newsgraph_serve::run(&args.db, &args.addr, |addr| {
        eprintln!("newsgraph: serving {} on http://{addr}/ (API: /api, description: /openapi.json; Ctrl-C stops)", args.db.display());
    })?;
    Ok(ExitCode::SUCCESS)
}
