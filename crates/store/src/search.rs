//! The full-text search index: FTS5 tables over articles (title, text) and quotes, in a database
//! file of its own beside the corpus (`<corpus>-search`, attached to a connection as `search`).
//!
//! Why a file of its own: SQLite lets one connection write a database file at a time, and the
//! index was a quarter of the corpus writer's work (tokenizing, FTS5's in-memory index and its
//! per-row lengths), so on 2 cores the writer held everything else up. In a file of its own the
//! index is written by another connection, on another thread, at the same time as the next
//! batch goes into the corpus (`newsgraph ingest` does this).
//!
//! The index is derived data, kept by one rule: it holds every article and quote row of the
//! corpus up to the greatest row id it records in `indexed`, and [`catch_up`] adds the rows
//! after it, reading them back from the corpus. The same rule builds the index of a corpus
//! written by an older newsgraph, rebuilds a deleted index file, and finishes one that a killed
//! ingest left behind the corpus. Articles and quotes are never deleted or rewritten, so rows
//! beyond the mark are all the index can lack. The tables are contentless (the text stays in
//! the corpus once): [`crate::snippet`] makes snippets from the corpus text, and
//! [`crate::rank`] ranks with the lengths kept in `fts_lengths`. An index made for another
//! corpus (the corpus file replaced, the index left) is recognised by the corpus identity it
//! records and emptied.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// The FTS5 tables of the index, with the corpus table and text columns each one indexes, and
/// how many of its rows a catch-up reads at a time (their text is held in memory: some 40 MB
/// of articles, 10 MB of quotes). A batch of the ingest is one read (4,096 articles, some
/// 35,000 quotes): each read is indexed in a transaction of its own, and each commit leaves
/// FTS5 a segment more to merge.
const INDEXES: [(&str, &str, &str, i64); 2] = [("documents_fts", "documents", "title, text", 16_384), ("quotes_fts", "quotes", "text", 65_536)];

/// Where the index of the corpus at `db` lives: beside it, named after it, so that copying
/// `corpus.db*` copies it too.
pub fn path_beside(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-search");
    PathBuf::from(name)
}

/// The index's own schema steps (its `PRAGMA search.user_version` counts them), as the corpus's
/// in [`crate::schema`].
const MIGRATIONS: &[&str] = &[
    // 1: the FTS5 tables without a copy of the text (content=''); the greatest row id each holds;
    //    the corpus identity; the lengths for ranking (as the corpus kept them before schema
    //    step 15). FTS5 merges segments sixteen at a time (see the corpus's schema step 13).
    r#"
CREATE TABLE search.indexed (
    fts      TEXT PRIMARY KEY,      -- documents_fts or quotes_fts
    through  INTEGER NOT NULL       -- every corpus row with an id up to this one is indexed
) WITHOUT ROWID;
CREATE TABLE search.corpus (
    identity  TEXT NOT NULL         -- corpus_identity.id of the corpus indexed
);
CREATE VIRTUAL TABLE search.documents_fts USING fts5(title, text, content='');
CREATE VIRTUAL TABLE search.quotes_fts USING fts5(text, content='');
INSERT INTO search.documents_fts (documents_fts, rank) VALUES ('automerge', 16);
INSERT INTO search.quotes_fts (quotes_fts, rank) VALUES ('automerge', 16);
CREATE TABLE search.fts_lengths (
    fts      TEXT NOT NULL,
    chunk    INTEGER NOT NULL,
    lengths  BLOB NOT NULL,
    PRIMARY KEY (fts, chunk)
) WITHOUT ROWID;
"#,
];

/// The index version a fully migrated index file has.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The corpus's identity (schema step 15 gives every corpus one).
fn corpus_identity(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT id FROM main.corpus_identity", [], |r| r.get(0))
}

fn attach(conn: &Connection, path: &Path) -> rusqlite::Result<()> {
    conn.execute("ATTACH DATABASE ?1 AS search", [path.to_string_lossy()])?;
    Ok(())
}

/// Attach the index beside the corpus, creating or migrating it, and empty it if it indexes
/// another corpus. For a connection that may write the index.
pub(crate) fn attach_for_writing(conn: &mut Connection, db: &Path) -> rusqlite::Result<()> {
    attach(conn, &path_beside(db))?;
    let version: i64 = conn.query_row("PRAGMA search.user_version", [], |r| r.get(0))?;
    if version == 0 {
        // As for the corpus (`Store::tune`): 16 KiB pages, set before the first table.
        conn.execute_batch("PRAGMA search.page_size = 16384")?;
    }
    conn.query_row("PRAGMA search.journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    conn.execute_batch("PRAGMA search.synchronous = NORMAL")?;
    if version > latest_version() {
        return Err(crate::rank::failure(
            rusqlite::ffi::SQLITE_ERROR,
            &format!("the search index has version {version}, newer than this newsgraph understands ({})", latest_version()),
        ));
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        tx.execute_batch(&format!("PRAGMA search.user_version = {}", i + 1))?;
        tx.commit()?;
    }
    let identity = corpus_identity(conn)?;
    let indexed: Option<String> = conn.query_row("SELECT identity FROM search.corpus", [], |r| r.get(0)).optional()?;
    if indexed.as_deref() != Some(identity.as_str()) {
        let tx = conn.transaction()?;
        // Contentless FTS5 tables are emptied with 'delete-all'.
        tx.execute_batch(
            "INSERT INTO search.documents_fts (documents_fts) VALUES ('delete-all');
             INSERT INTO search.quotes_fts (quotes_fts) VALUES ('delete-all');
             DELETE FROM search.fts_lengths; DELETE FROM search.indexed; DELETE FROM search.corpus;",
        )?;
        tx.execute("INSERT INTO search.corpus (identity) VALUES (?1)", [identity])?;
        tx.commit()?;
    }
    Ok(())
}

/// Attach the index beside the corpus for reading, when there is one made for this corpus and
/// this version. Without it (none, another corpus's, or a file SQLite cannot read), searches
/// report that the index is missing, and every other question is answered.
pub(crate) fn attach_for_reading(conn: &Connection, db: &Path) -> rusqlite::Result<()> {
    let path = path_beside(db);
    if !path.exists() || attach(conn, &path).is_err() {
        return Ok(());
    }
    let usable = (|| -> rusqlite::Result<bool> {
        let version: i64 = conn.query_row("PRAGMA search.user_version", [], |r| r.get(0))?;
        let indexed: Option<String> = conn.query_row("SELECT identity FROM search.corpus", [], |r| r.get(0)).optional()?;
        Ok(version == latest_version() && indexed == Some(corpus_identity(conn)?))
    })()
    .unwrap_or(false);
    if !usable {
        // A file SQLite cannot read may refuse even this; then searches fail on it instead.
        let _ = conn.execute_batch("DETACH DATABASE search");
    }
    Ok(())
}

/// Is the index attached to this connection?
pub fn attached(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM pragma_database_list WHERE name = 'search'", [], |r| r.get::<_, i64>(0)).map(|n| n > 0)
}

/// Add to the index every article and quote the corpus has beyond what it holds. Returns the
/// number of rows indexed.
///
/// The corpus is read in reads of their own, a chunk of rows at a time, and each chunk is then
/// indexed in a transaction of the index alone. A read of the corpus inside the index's
/// transaction held its snapshot of the corpus until the commit, FTS5's work included, and no
/// checkpoint of the corpus can copy the WAL past a reader's snapshot: the writer's batch
/// committed meanwhile stayed in the WAL until the next checkpoint (the last batches until the
/// corpus was closed, after everything else).
pub fn catch_up(conn: &Connection) -> rusqlite::Result<usize> {
    let mut added = 0;
    for (fts, table, columns, chunk) in INDEXES {
        loop {
            let rows = rows_after(conn, table, columns, indexed_through(conn, fts)?, chunk)?;
            let Some(&(last, _)) = rows.last() else { break };
            added += index_rows(conn, fts, columns, &rows, last)?;
        }
    }
    Ok(added)
}

/// The id and indexed columns of the corpus rows of `table` after `through`, up to `chunk` of
/// them, in id order; the read ends with the statement.
fn rows_after(conn: &Connection, table: &str, columns: &str, through: i64, chunk: i64) -> rusqlite::Result<Vec<(i64, Vec<Value>)>> {
    let width = columns.split(',').count();
    let mut read = conn.prepare_cached(&format!("SELECT id, {columns} FROM main.{table} WHERE id > ?1 ORDER BY id LIMIT ?2"))?;
    let rows = read.query_map(params![through, chunk], |r| Ok((r.get(0)?, (1..=width).map(|i| r.get(i)).collect::<rusqlite::Result<Vec<Value>>>()?)))?;
    rows.collect()
}

/// Index `rows` (read after what the index held then, the last with id `last`) in one
/// transaction of the index, skipping any another indexer added since.
fn index_rows(conn: &Connection, fts: &str, columns: &str, rows: &[(i64, Vec<Value>)], last: i64) -> rusqlite::Result<usize> {
    // Deferred: only the index is written, so only its write lock is taken, by this first
    // statement (which changes nothing) before the index is read: a transaction that read first
    // could not take the lock after another indexer (a second ingest of the same corpus) had
    // committed, and would fail instead of waiting for it.
    let tx = conn.unchecked_transaction()?;
    tx.execute("DELETE FROM search.indexed WHERE 0", [])?;
    let through = indexed_through(&tx, fts)?;
    if through >= last {
        return Ok(0);
    }
    let holes = columns.split(',').map(|_| "?").collect::<Vec<_>>().join(", ");
    // Plain single-row statements: a statement of several rows would open a savepoint, at
    // which FTS5 flushes its pending terms to a segment of their own; these go to disk as one.
    let mut insert = tx.prepare_cached(&format!("INSERT INTO search.{fts} (rowid, {columns}) VALUES (?, {holes})"))?;
    let mut added = 0;
    for (id, values) in rows.iter().filter(|(id, _)| *id > through) {
        added += insert.execute(rusqlite::params_from_iter(std::iter::once(&Value::Integer(*id)).chain(values)))?;
    }
    drop(insert);
    // The index held no row after `through`: those in the range are the ones just added.
    crate::rank::record_lengths(&tx, fts, through + 1, last)?;
    tx.execute("INSERT INTO search.indexed (fts, through) VALUES (?1, ?2) ON CONFLICT (fts) DO UPDATE SET through = excluded.through", params![fts, last])?;
    tx.commit()?;
    Ok(added)
}

/// The greatest corpus row id the FTS5 table `fts` holds every row up to (0 for none).
fn indexed_through(conn: &Connection, fts: &str) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE((SELECT through FROM search.indexed WHERE fts = ?1), 0)", [fts], |r| r.get(0))
}

/// How far the index is behind the corpus: (articles, quotes) not yet indexed.
pub fn behind(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    let mut out = [0i64; 2];
    for (slot, (fts, table, _, _)) in out.iter_mut().zip(INDEXES) {
        *slot = conn.query_row(&format!("SELECT count(*) FROM main.{table} WHERE id > ?1"), [indexed_through(conn, fts)?], |r| r.get(0))?;
    }
    Ok((out[0], out[1]))
}
