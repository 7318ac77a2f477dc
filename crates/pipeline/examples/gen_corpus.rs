//! Writes a synthetic benchmark corpus as JSONL to stdout: `gen_corpus N [SEED]`.
//! Used by scripts/bench.sh; the generator itself is shared with the criterion benches.

#[path = "../benches/corpus.rs"]
mod corpus;

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let mut out = std::io::stdout().lock();
    // One record at a time, so a large N never holds the corpus in memory.
    let mut r = corpus::Rng::new(seed);
    for i in 0..n {
        if writeln!(out, "{}", corpus::record(i, &mut r)).is_err() {
            return;
        }
    }
}
