//! `ng_bm25(fts_table, 'fts_table')`: the bm25 score of FTS5's own `bm25()` function, computed
//! the same way (same constants, same IDF and average length, same order of operations, so the
//! scores are equal), but cheaper over many matches.
//!
//! Why: `bm25()` asks FTS5 for each match's length in tokens, and FTS5 answers with one lookup
//! in the `<table>_docsize` shadow table per match — a statement reset, bind and B-tree seek,
//! about a third of the cost of ranking a query with tens of thousands of matches. The search
//! index keeps the same lengths packed in `fts_lengths` ([`CHUNK_ROWS`] rows to a blob, written
//! in the transaction that adds the rows, so they always agree with `_docsize`: see
//! [`crate::search::catch_up`]), and `ng_bm25` reads one blob
//! per chunk of row ids it meets: FTS5 visits matches in row id order, so that is at most one
//! read per 1,024 rows. Where a length is not cached (a chunk missing, a row not recorded),
//! it comes from FTS5 as for `bm25()`: the cache changes the cost, never the score.
//!
//! The second argument names the FTS5 table (its rows in `fts_lengths`). There are
//! no column weights (every column counts 1.0, as in `bm25()` without arguments).
//!
//! FTS5 auxiliary functions can only be registered through its C API (`fts5_api`), which
//! rusqlite does not wrap; the unsafe code below is confined to that boundary.

use rusqlite::ffi;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::ffi::{c_int, c_void, CString};
use std::ptr::null_mut;

/// The SQL name of the function.
pub const FUNCTION: &str = "ng_bm25";

/// bm25 parameters, as FTS5's `bm25()` fixes them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// An error of SQLite's kind `code` with our own message (also for the crate's other refusals).
pub(crate) fn failure(code: c_int, message: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(message.to_string()))
}

/// Make `ng_bm25` available on this connection (once per connection).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    register_function(conn, FUNCTION, Some(ng_bm25))
}

/// Register an FTS5 auxiliary function (one without user data) on this connection: `ng_bm25`
/// here, `ng_snippet` in [`crate::snippet`].
pub(crate) fn register_function(conn: &Connection, name: &str, function: ffi::fts5_extension_function) -> rusqlite::Result<()> {
    let c_name = CString::new(name).map_err(|_| failure(ffi::SQLITE_MISUSE, "bad function name"))?;
    // SAFETY: the handle is the open connection's own; the fts5_api pointer SQLite hands out
    // lives as long as the connection, FTS5 copies the name, and the function registered has no
    // user data to free.
    unsafe {
        let api = fts5_api(conn.handle())?;
        let Some(create) = (*api).xCreateFunction else {
            return Err(failure(ffi::SQLITE_ERROR, "FTS5 offers no xCreateFunction"));
        };
        let rc = create(api, c_name.as_ptr(), null_mut(), function, None);
        if rc != ffi::SQLITE_OK {
            return Err(failure(rc, &format!("cannot register {name} with FTS5")));
        }
    }
    Ok(())
}

/// The connection's `fts5_api`, obtained the documented way: `SELECT fts5(?1)` with a pointer
/// bound to receive it.
unsafe fn fts5_api(db: *mut ffi::sqlite3) -> rusqlite::Result<*mut ffi::fts5_api> {
    let mut stmt: *mut ffi::sqlite3_stmt = null_mut();
    let rc = ffi::sqlite3_prepare_v2(db, c"SELECT fts5(?1)".as_ptr(), -1, &mut stmt, null_mut());
    if rc != ffi::SQLITE_OK {
        ffi::sqlite3_finalize(stmt);
        return Err(failure(rc, "FTS5 is not available"));
    }
    let mut api: *mut ffi::fts5_api = null_mut();
    ffi::sqlite3_bind_pointer(stmt, 1, (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(), c"fts5_api_ptr".as_ptr(), None);
    ffi::sqlite3_step(stmt);
    ffi::sqlite3_finalize(stmt);
    if api.is_null() {
        return Err(failure(ffi::SQLITE_ERROR, "FTS5 did not hand out its API"));
    }
    Ok(api)
}

/// Decode the varints of a `_docsize` blob (one token count per column) and add them up.
fn total_tokens(mut sz: &[u8]) -> Option<i64> {
    let mut total = 0i64;
    while !sz.is_empty() {
        // SQLite's varint: big-endian groups of 7 bits, the high bit set on all but the last;
        // a ninth byte contributes all 8 bits.
        let mut v: u64 = 0;
        let mut used = 0;
        loop {
            let b = *sz.get(used)?;
            used += 1;
            if used == 9 {
                v = (v << 8) | u64::from(b);
                break;
            }
            v = (v << 7) | u64::from(b & 0x7f);
            if b < 0x80 {
                break;
            }
        }
        sz = &sz[used..];
        total = total.checked_add(i64::try_from(v).ok()?)?;
    }
    Some(total)
}

/// Rows per `fts_lengths` blob: row id `r` is entry `r % CHUNK_ROWS` of chunk `r / CHUNK_ROWS`.
pub const CHUNK_ROWS: i64 = 1024;
/// A blob entry for a row whose length is not recorded.
const UNKNOWN: u32 = u32::MAX;

/// Reads `fts_lengths` one chunk at a time, keeping the last chunk read.
struct CachedLengths {
    stmt: *mut ffi::sqlite3_stmt,
    /// The chunk in `lengths`, if one has been read.
    chunk: Option<i64>,
    /// Its entries; empty when the chunk has no row.
    lengths: Vec<u32>,
}

impl CachedLengths {
    unsafe fn open(db: *mut ffi::sqlite3, table: &str) -> Option<CachedLengths> {
        let mut stmt: *mut ffi::sqlite3_stmt = null_mut();
        let sql = c"SELECT lengths FROM fts_lengths WHERE fts = ?1 AND chunk = ?2";
        // A database without the table (none is created by hand) simply has no cache.
        if ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut stmt, null_mut()) != ffi::SQLITE_OK || stmt.is_null() {
            ffi::sqlite3_finalize(stmt);
            return None;
        }
        let bytes = table.as_bytes();
        // SQLITE_TRANSIENT: SQLite copies the name, which then stays bound across resets.
        ffi::sqlite3_bind_text(stmt, 1, bytes.as_ptr().cast(), bytes.len() as c_int, ffi::SQLITE_TRANSIENT());
        Some(CachedLengths { stmt, chunk: None, lengths: Vec::new() })
    }

    unsafe fn load(&mut self, chunk: i64) {
        self.chunk = Some(chunk);
        self.lengths.clear();
        ffi::sqlite3_reset(self.stmt);
        ffi::sqlite3_bind_int64(self.stmt, 2, chunk);
        if ffi::sqlite3_step(self.stmt) == ffi::SQLITE_ROW {
            let blob = ffi::sqlite3_column_blob(self.stmt, 0).cast::<u8>();
            let n = ffi::sqlite3_column_bytes(self.stmt, 0);
            if !blob.is_null() && n > 0 {
                let bytes = std::slice::from_raw_parts(blob, n as usize);
                self.lengths.extend(decode_chunk(bytes));
            }
        }
        ffi::sqlite3_reset(self.stmt);
    }

    /// The length of row `rowid` in tokens, if recorded.
    unsafe fn of(&mut self, rowid: i64) -> Option<i64> {
        let chunk = rowid.div_euclid(CHUNK_ROWS);
        if self.chunk != Some(chunk) {
            self.load(chunk);
        }
        let slot = rowid.rem_euclid(CHUNK_ROWS) as usize;
        self.lengths.get(slot).copied().filter(|&l| l != UNKNOWN).map(i64::from)
    }
}

impl Drop for CachedLengths {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `open` and is finalized only here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
        }
    }
}

/// A chunk blob's entries: little-endian u32s.
fn decode_chunk(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Record in `fts_lengths` the token counts FTS5 stored for the rows of `fts` with ids from
/// `first` to `last` (rows written in the current transaction), as `_docsize` has them: one
/// range scan. Called after the rows' FTS5 inserts.
pub fn record_lengths(conn: &Connection, fts: &str, first: i64, last: i64) -> rusqlite::Result<()> {
    let mut by_chunk: BTreeMap<i64, Vec<(usize, u32)>> = BTreeMap::new();
    let mut sizes = conn.prepare_cached(&format!("SELECT id, sz FROM \"{}_docsize\" WHERE id BETWEEN ?1 AND ?2", fts.replace('"', "\"\"")))?;
    let mut rows = sizes.query([first, last])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let sz = r.get_ref(1)?.as_blob()?;
        // A count that does not fit stays unknown (ranked from FTS5 itself).
        if let Some(len) = total_tokens(sz).and_then(|l| u32::try_from(l).ok()).filter(|&l| l != UNKNOWN) {
            by_chunk.entry(id.div_euclid(CHUNK_ROWS)).or_default().push((id.rem_euclid(CHUNK_ROWS) as usize, len));
        }
    }
    drop(rows);
    store_chunks(conn, fts, by_chunk)
}

/// Fill `fts_lengths` for every row of `fts` (a database from before the cache).
pub fn record_all_lengths(conn: &Connection, fts: &str) -> rusqlite::Result<()> {
    record_lengths(conn, fts, i64::MIN, i64::MAX)
}

fn store_chunks(conn: &Connection, fts: &str, by_chunk: BTreeMap<i64, Vec<(usize, u32)>>) -> rusqlite::Result<()> {
    // Plain single-row statements (no upsert or REPLACE): those would open a statement savepoint,
    // at which FTS5 flushes the batch's pending terms to a segment of their own.
    let mut read = conn.prepare_cached("SELECT lengths FROM fts_lengths WHERE fts = ?1 AND chunk = ?2")?;
    let mut delete = conn.prepare_cached("DELETE FROM fts_lengths WHERE fts = ?1 AND chunk = ?2")?;
    let mut insert = conn.prepare_cached("INSERT INTO fts_lengths (fts, chunk, lengths) VALUES (?1, ?2, ?3)")?;
    for (chunk, entries) in by_chunk {
        let old: Option<Vec<u8>> = read.query_row(params![fts, chunk], |r| r.get(0)).optional()?;
        let mut lengths: Vec<u32> = vec![UNKNOWN; CHUNK_ROWS as usize];
        if let Some(old) = &old {
            for (slot, l) in lengths.iter_mut().zip(decode_chunk(old)) {
                *slot = l;
            }
            delete.execute(params![fts, chunk])?;
        }
        for (slot, len) in entries {
            if let Some(s) = lengths.get_mut(slot) {
                *s = len;
            }
        }
        let blob: Vec<u8> = lengths.iter().flat_map(|l| l.to_le_bytes()).collect();
        insert.execute(params![fts, chunk, blob])?;
    }
    Ok(())
}

/// Rows of `fts` whose length in `fts_lengths` is missing or differs from `_docsize`, plus
/// recorded lengths of rows `_docsize` does not have: 0 when the cache is whole and right.
pub fn length_mismatches(conn: &Connection, fts: &str) -> rusqlite::Result<usize> {
    let mut cached: BTreeMap<i64, u32> = BTreeMap::new();
    let mut st = conn.prepare("SELECT chunk, lengths FROM fts_lengths WHERE fts = ?1")?;
    let mut rows = st.query([fts])?;
    while let Some(r) = rows.next()? {
        let chunk: i64 = r.get(0)?;
        let blob: Vec<u8> = r.get(1)?;
        for (slot, len) in decode_chunk(&blob).enumerate() {
            if len != UNKNOWN {
                cached.insert(chunk * CHUNK_ROWS + slot as i64, len);
            }
        }
    }
    let mut wrong = 0;
    let mut st = conn.prepare(&format!("SELECT id, sz FROM \"{}_docsize\"", fts.replace('"', "\"\"")))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let sz: Vec<u8> = r.get(1)?;
        let want = total_tokens(&sz).and_then(|l| u32::try_from(l).ok());
        if cached.remove(&id) != want {
            wrong += 1;
        }
    }
    Ok(wrong + cached.len())
}

/// What one query needs across its matches: computed at the first match, freed by FTS5 when the
/// query ends.
struct QueryData {
    idf: Vec<f64>,
    avgdl: f64,
    /// Occurrences of each phrase in the current row (reused to avoid an allocation per row).
    freq: Vec<f64>,
    lengths: Option<CachedLengths>,
}

unsafe extern "C" fn free_query_data(p: *mut c_void) {
    if !p.is_null() {
        drop(Box::from_raw(p.cast::<QueryData>()));
    }
}

unsafe extern "C" fn count_row(_api: *const ffi::Fts5ExtensionApi, _fts: *mut ffi::Fts5Context, hits: *mut c_void) -> c_int {
    *hits.cast::<i64>() += 1;
    ffi::SQLITE_OK
}

fn ok(rc: c_int) -> Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

/// The query's data, computed on its first match as `bm25()` does (average length over the
/// whole table, an IDF per phrase from the number of rows matching it).
unsafe fn query_data<'a>(api: &ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context, ctx: *mut ffi::sqlite3_context, n: c_int, args: *mut *mut ffi::sqlite3_value) -> Result<&'a mut QueryData, c_int> {
    let (Some(get), Some(set)) = (api.xGetAuxdata, api.xSetAuxdata) else { return Err(ffi::SQLITE_ERROR) };
    let p = get(fts, 0).cast::<QueryData>();
    if !p.is_null() {
        return Ok(&mut *p);
    }
    // The FTS5 table's name, whose lengths `fts_lengths` holds.
    let mut table = None;
    if n >= 1 && !args.is_null() {
        let t = ffi::sqlite3_value_text(*args);
        if !t.is_null() {
            table = Some(std::ffi::CStr::from_ptr(t.cast()).to_string_lossy().into_owned());
        }
    }
    let (Some(phrase_count), Some(row_count), Some(total_size), Some(query_phrase)) = (api.xPhraseCount, api.xRowCount, api.xColumnTotalSize, api.xQueryPhrase) else {
        return Err(ffi::SQLITE_ERROR);
    };
    let phrases = phrase_count(fts).max(0) as usize;
    let mut rows: i64 = 0;
    ok(row_count(fts, &mut rows))?;
    let mut tokens: i64 = 0;
    ok(total_size(fts, -1, &mut tokens))?;
    let avgdl = tokens as f64 / rows as f64;
    let mut idf = Vec::with_capacity(phrases);
    for i in 0..phrases {
        let mut hits: i64 = 0;
        ok(query_phrase(fts, i as c_int, (&mut hits as *mut i64).cast::<c_void>(), Some(count_row)))?;
        let v = ((rows - hits) as f64 + 0.5) / (hits as f64 + 0.5);
        let v = v.ln();
        idf.push(if v <= 0.0 { 1e-6 } else { v });
    }
    let db = ffi::sqlite3_context_db_handle(ctx);
    let lengths = table.and_then(|t| CachedLengths::open(db, &t));
    let data = Box::into_raw(Box::new(QueryData { idf, avgdl, freq: vec![0.0; phrases], lengths }));
    let rc = set(fts, data.cast::<c_void>(), Some(free_query_data));
    // On failure FTS5 has already called the destructor.
    ok(rc)?;
    Ok(&mut *data)
}

unsafe fn score(api: &ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context, ctx: *mut ffi::sqlite3_context, n: c_int, args: *mut *mut ffi::sqlite3_value) -> Result<f64, c_int> {
    let data = query_data(api, fts, ctx, n, args)?;
    let (Some(phrase_first), Some(phrase_next), Some(rowid_of), Some(column_size)) = (api.xPhraseFirst, api.xPhraseNext, api.xRowid, api.xColumnSize) else {
        return Err(ffi::SQLITE_ERROR);
    };
    // Each phrase's occurrences in the row, read phrase by phrase from its position list: the
    // same counts `bm25()` takes from the row's instance list (xInstCount/xInst), which FTS5
    // builds by merging every phrase's list into one sorted array, a fifth of a search's
    // instructions when a query's words are in most rows.
    for (phrase, f) in data.freq.iter_mut().enumerate() {
        let mut iter = ffi::Fts5PhraseIter { a: std::ptr::null(), b: std::ptr::null() };
        let (mut column, mut offset) = (0, 0);
        ok(phrase_first(fts, phrase as c_int, &mut iter, &mut column, &mut offset))?;
        let mut count = 0.0;
        while column >= 0 {
            count += 1.0;
            phrase_next(fts, &mut iter, &mut column, &mut offset);
        }
        *f = count;
    }
    let rowid = rowid_of(fts);
    let length = match data.lengths.as_mut().and_then(|l| l.of(rowid)) {
        Some(len) => len as f64,
        None => {
            let mut tokens: c_int = 0;
            ok(column_size(fts, -1, &mut tokens))?;
            f64::from(tokens)
        }
    };
    let mut score = 0.0;
    for (idf, freq) in data.idf.iter().zip(&data.freq) {
        score += idf * ((freq * (K1 + 1.0)) / (freq + K1 * (1.0 - B + B * length / data.avgdl)));
    }
    Ok(-score)
}

unsafe extern "C" fn ng_bm25(api: *const ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context, ctx: *mut ffi::sqlite3_context, n: c_int, args: *mut *mut ffi::sqlite3_value) {
    // A panic must not cross into C; none is expected, but an error result is the safe answer.
    let result = std::panic::catch_unwind(|| if api.is_null() { Err(ffi::SQLITE_ERROR) } else { score(&*api, fts, ctx, n, args) });
    match result {
        Ok(Ok(s)) => ffi::sqlite3_result_double(ctx, s),
        Ok(Err(rc)) => ffi::sqlite3_result_error_code(ctx, rc),
        Err(_) => ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_INTERNAL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docsize_varints_add_up() {
        assert_eq!(total_tokens(&[3, 120]), Some(123));
        // 300 = 0b10_0101100: two bytes, high group first.
        assert_eq!(total_tokens(&[0x82, 0x2c, 1]), Some(301));
        assert_eq!(total_tokens(&[]), Some(0));
        assert_eq!(total_tokens(&[0x82]), None, "a cut varint is no length");
    }
}
