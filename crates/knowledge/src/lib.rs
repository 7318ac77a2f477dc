//! What newsgraph knows about the world, as data.
//!
//! Design: every table lives as a plain TSV file under `data/` at the repository root, readable
//! and editable by a non-programmer. The files are compiled into the binary with `include_str!`
//! (no file access or network at run time) and parsed once, on first use, into [`Knowledge`]: typed
//! rows plus a name index from every surface form ("Lithuania", "Vilnius", "Lithuanian", "NATO",
//! "TASS") to what it names, and a trie of those forms that finds them in a text (searched only
//! where a form can begin). Lookups are case-sensitive on purpose: news capitalises names, and "us" is not
//! "US".

/// The text of a file under `data/` at the repository root, compiled in. Every stage crate sits
/// at `crates/<name>`, so the path is the same from each of them.
#[macro_export]
macro_rules! data_file {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/", $name))
    };
}

mod filter;
mod prefix;
mod tables;
mod tsv;
mod wordmap;

pub use filter::{ascii_lowercase_in, FilteredMap, WordFilter, WordList};
pub use prefix::PrefixIndex;
pub use tables::*;
pub use tsv::{parse_tsv, trim, Row};
pub use wordmap::WordMap;

use std::sync::OnceLock;

/// The compiled-in knowledge, parsed on first use.
pub fn kb() -> &'static Knowledge {
    static KB: OnceLock<Knowledge> = OnceLock::new();
    KB.get_or_init(Knowledge::load)
}
