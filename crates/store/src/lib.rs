//! The corpus: articles and everything extracted from them, in one SQLite database.
//!
//! Design: [`schema`] holds the tables as an ordered list of migrations (`PRAGMA user_version`
//! counts the applied ones). [`write`] stores processed `Doc`s a batch per transaction — a batch
//! is stored whole or not at all, so killing a writer never leaves half an article — its quotes
//! and events in date order (their indexes are mostly by date, and take a batch's entries in
//! one pass), after dropping duplicates by normalised URL and by a hash of the normalised text
//! ([`normalize`]).
//! [`resolve`] links each article's entities to corpus entities across documents (same person,
//! organisation or state → one row with aliases), keyed by full name and country so that two
//! people sharing a surname never merge. [`query`] answers the CLI's questions with parameterised
//! SQL into a [`Table`]; [`export`] streams whole tables as JSONL, CSV or Parquet
//! with PLOVER/POLECAT column names for events. The database runs in WAL mode: one writer,
//! any number of readers, and a crash loses nothing committed. The full-text index is a second
//! database file beside the corpus ([`search`]), derived from it and kept up by its own writer,
//! so that indexing runs beside the corpus writer instead of inside it.

mod bind;
pub mod memory;
pub mod browse;
pub mod export;
pub mod normalize;
pub mod parquet;
pub mod query;
pub mod rank;
pub mod resolve;
pub mod rows;
pub mod schema;
pub mod search;
pub mod snippet;
mod values;
pub mod table;
pub mod write;

pub use table::Table;
pub use write::{BatchOutcome, DocMeta, Duplicate, Prepared, RowValues};

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// An open corpus database.
pub struct Store {
    pub conn: Connection,
    /// The writer's copy of the corpus entities, kept across batches (see [`write::write_batch_with`]).
    resolver: Option<resolve::Resolver>,
    /// Whether the search index is attached and [`Store::write_batch`] brings it up to date.
    indexes: bool,
}

impl Store {
    /// Open (creating if needed) and migrate to the latest schema, with the search index
    /// attached, created or migrated too, and brought up to date (for a corpus from before the
    /// index had a file of its own, this builds it). Each batch written through it is indexed
    /// after it is stored.
    pub fn open(path: &Path) -> Result<Store> {
        let mut store = Self::open_corpus(path)?;
        search::attach_for_writing(&mut store.conn, path).with_context(|| {
            let index = search::path_beside(path);
            format!("cannot open the search index {} (it is made from the corpus: once it is deleted, the next `newsgraph ingest` rebuilds it)", index.display())
        })?;
        store.indexes = true;
        store.index_new_rows()?;
        Ok(store)
    }

    /// Open (creating if needed) and migrate the corpus alone, without its search index: for a
    /// writer whose batches another connection indexes ([`Store::index_new_rows`] on a
    /// [`Store::open`]), and for connections that only look articles up or checkpoint.
    pub fn open_corpus(path: &Path) -> Result<Store> {
        memory::configure(None);
        let mut conn = Connection::open(path).with_context(|| format!("cannot open database {}", path.display()))?;
        Self::tune(&conn)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > schema::latest_version() {
            anyhow::bail!("database {} has schema version {version}, newer than this newsgraph understands ({})", path.display(), schema::latest_version());
        }
        schema::migrate(&mut conn).with_context(|| format!("cannot migrate database {}", path.display()))?;
        Self::register(&conn)?;
        Ok(Store { conn, resolver: None, indexes: false })
    }

    fn register(conn: &Connection) -> Result<()> {
        rank::register(conn)?;
        snippet::register(conn)?;
        Ok(())
    }

    /// Index the articles and quotes stored since the search index was last brought up to date
    /// (all of them, for a corpus from before the index had a file of its own). Needs a store
    /// from [`Store::open`]. Returns the rows indexed.
    pub fn index_new_rows(&self) -> Result<usize> {
        if !self.indexes {
            anyhow::bail!("this connection has no search index attached");
        }
        search::catch_up(&self.conn).context("cannot update the search index")
    }

    /// Open an existing database for reading only.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        memory::configure(None);
        if !path.exists() {
            anyhow::bail!("no database at {} (create one with `newsgraph ingest`)", path.display());
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_context(|| format!("cannot open database {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version != schema::latest_version() {
            anyhow::bail!("database {} has schema version {version}, expected {} (run `newsgraph ingest` to migrate it)", path.display(), schema::latest_version());
        }
        search::attach_for_reading(&conn, path).with_context(|| format!("cannot open the search index {}", search::path_beside(path).display()))?;
        Self::register(&conn)?;
        Ok(Store { conn, resolver: None, indexes: false })
    }

    fn tune(conn: &Connection) -> Result<()> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Pages of 16 KiB for a new database (an existing one keeps its size; it can only be set
        // before the first table, and before WAL): a row or index entry insert then splits and
        // rebalances pages a quarter as often, and the writer did about 6% less work per article
        // than with the default 4 KiB (callgrind, 1,000 articles).
        conn.pragma_update(None, "page_size", 16384)?;
        // WAL: readers never block the writer; a commit is durable against a killed process.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -64_000)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // References (REFERENCES clauses) are not checked row by row: the writer refers only to
        // rows it has just inserted or read in the same transaction (the document, corpus
        // entities the resolver inserts before returning their ids), and the checks cost it
        // about a tenth of its work (some seventy parent lookups per article). Tests run
        // `PRAGMA foreign_key_check` after ingesting instead.
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(())
    }

    /// Store a batch in one transaction (and, on a store from [`Store::open`], index it in the
    /// search index's own transaction after).
    pub fn write_batch(&mut self, docs: &[(newsgraph_doc::Doc, DocMeta)]) -> Result<BatchOutcome> {
        let out = write::write_batch_with(&mut self.conn, &mut self.resolver, docs)?;
        if self.indexes {
            self.index_new_rows()?;
        }
        Ok(out)
    }

    /// Is this article (by URL or text) already stored?
    pub fn known(&self, url: Option<&str>, text: &str) -> Result<Option<Duplicate>> {
        Ok(write::known(&self.conn, url, text)?)
    }

    /// [`Store::known`] for a normalised URL and a content hash already computed.
    pub fn known_by_hash(&self, normalized_url: Option<&str>, hash: &str) -> Result<Option<Duplicate>> {
        Ok(write::known_by_hash(&self.conn, normalized_url, hash)?)
    }

    /// Does the corpus hold any article? (Without counting them.)
    pub fn has_documents(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM documents)", [], |r| r.get(0))?)
    }

    pub fn document_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?)
    }
}
