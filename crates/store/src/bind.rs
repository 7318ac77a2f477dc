//! Row inserts bound through SQLite's C API, for the writer's per-row statements.
//!
//! Why: rusqlite binds every text with `SQLITE_TRANSIENT`, so SQLite allocates and copies each
//! string before the row is inserted, and each parameter passes through a `ToSql` conversion.
//! An article's rows bind some 400 values, and on generated news the binding was a tenth of the
//! writer's time. [`Insert::run`] binds text in place (`SQLITE_STATIC`), steps, then resets the
//! statement before returning. SQLite reads a bound value only while the statement is stepped,
//! and every call binds all of the statement's parameters anew before it steps (a call that
//! fails to bind one does not step), so the pointers a reset statement still holds into earlier
//! callers' strings are never read: the borrow of `values` covers every use SQLite makes of
//! them. (Clearing the bindings after each row as well cost a tenth of the binding itself.)
//! The statement is private to its `Insert`, and the unsafe code confined to this module, as
//! `rank` confines its own.

use rusqlite::{ffi, Connection};
use std::ffi::{c_int, CStr};
use std::marker::PhantomData;
use std::ptr::null_mut;

/// One parameter value of a row.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Text(s)
    }
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(s: Option<&'a str>) -> Self {
        s.map_or(Value::Null, Value::Text)
    }
}

impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(s: &'a Option<String>) -> Self {
        s.as_deref().into()
    }
}

impl From<i64> for Value<'_> {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<Option<i64>> for Value<'_> {
    fn from(n: Option<i64>) -> Self {
        n.map_or(Value::Null, Value::Int)
    }
}

impl From<usize> for Value<'_> {
    fn from(n: usize) -> Self {
        // Offsets and lengths of in-memory text always fit; saturate rather than wrap.
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}

/// A prepared statement of the connection `'c`, finalized when dropped.
pub(crate) struct Insert<'c> {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
    params: c_int,
    _conn: PhantomData<&'c Connection>,
}

impl<'c> Insert<'c> {
    pub(crate) fn prepare(conn: &'c Connection, sql: &str) -> rusqlite::Result<Insert<'c>> {
        // SAFETY: the handle is the open connection's, which outlives the statement ('c); the
        // SQL pointer and length describe a live &str.
        unsafe {
            let db = conn.handle();
            let mut stmt: *mut ffi::sqlite3_stmt = null_mut();
            let rc = ffi::sqlite3_prepare_v2(db, sql.as_ptr().cast(), len(sql.len())?, &mut stmt, null_mut());
            if rc != ffi::SQLITE_OK || stmt.is_null() {
                let e = error(db, if rc == ffi::SQLITE_OK { ffi::SQLITE_MISUSE } else { rc });
                ffi::sqlite3_finalize(stmt);
                return Err(e);
            }
            Ok(Insert { db, stmt, params: ffi::sqlite3_bind_parameter_count(stmt), _conn: PhantomData })
        }
    }

    /// Bind `values` to ?1, ?2, … in order, run the statement once, and answer the rows it
    /// changed (0 for an `INSERT OR IGNORE` that ignored its row).
    pub(crate) fn run(&mut self, values: &[Value<'_>]) -> rusqlite::Result<usize> {
        if values.len() != self.params as usize {
            return Err(rusqlite::Error::InvalidParameterCount(values.len(), self.params as usize));
        }
        // SAFETY: the statement is live (finalized only in Drop). Text is bound SQLITE_STATIC
        // from `values`, which outlive this call; the statement is stepped only after every
        // parameter has been bound from them, and reset before the call returns (see the
        // module's account).
        unsafe {
            let mut rc = ffi::SQLITE_OK;
            for (i, v) in values.iter().enumerate() {
                let at = i as c_int + 1;
                rc = match *v {
                    Value::Null => ffi::sqlite3_bind_null(self.stmt, at),
                    Value::Int(n) => ffi::sqlite3_bind_int64(self.stmt, at, n),
                    Value::Text(s) => match len(s.len()) {
                        Ok(n) => ffi::sqlite3_bind_text(self.stmt, at, s.as_ptr().cast(), n, ffi::SQLITE_STATIC()),
                        Err(_) => ffi::SQLITE_TOOBIG,
                    },
                };
                if rc != ffi::SQLITE_OK {
                    break;
                }
            }
            let result = if rc != ffi::SQLITE_OK {
                Err(error(self.db, rc))
            } else {
                match ffi::sqlite3_step(self.stmt) {
                    ffi::SQLITE_DONE => Ok(ffi::sqlite3_changes(self.db).max(0) as usize),
                    ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
                    code => Err(error(self.db, code)),
                }
            };
            ffi::sqlite3_reset(self.stmt);
            result
        }
    }
}

/// Rows of one table, inserted up to [`Rows::MAX`] per statement (`VALUES (…), (…), …`).
///
/// Why: a single-row INSERT pays SQLite's per-statement work (opening a cursor on the table and
/// each index, the statement's transaction check, closing and freeing all of it at the end)
/// for one row; on generated news that was about a seventh of the ingest writer's instructions,
/// at some forty statements per article. The rows are buffered as bound values — borrowed
/// from the caller's data, which must outlive the inserter ('a) — and go in, in the order they
/// were pushed, when [`Rows::MAX`] have gathered and at [`Rows::finish`]. A statement for each
/// power-of-two count is prepared the first time that count is needed, so a small batch
/// prepares only the small ones. A row's error (a constraint) surfaces when its statement
/// runs, at a later push or at `finish`; the caller's transaction then fails as a whole.
pub(crate) struct Rows<'c, 'a> {
    conn: &'c Connection,
    /// `INSERT … INTO table (columns)`, without the VALUES.
    head: String,
    width: usize,
    /// The statement for 2^i rows at index i, once prepared.
    statements: Vec<Option<Insert<'c>>>,
    pending: Vec<Value<'a>>,
    changed: usize,
}

impl<'c, 'a> Rows<'c, 'a> {
    /// Rows per statement at most: 16 rows of the widest table (events, 26 columns) bind 416
    /// values, far below SQLite's limit of 32,766.
    pub(crate) const MAX: usize = 16;

    /// `head` is the statement up to VALUES (`INSERT OR IGNORE INTO t (a, b)`); `width` the
    /// number of its columns.
    pub(crate) fn new(conn: &'c Connection, head: &str, width: usize) -> Self {
        let sizes = Self::MAX.trailing_zeros() as usize + 1;
        Rows { conn, head: head.to_string(), width, statements: (0..sizes).map(|_| None).collect(), pending: Vec::with_capacity(width * Self::MAX), changed: 0 }
    }

    /// Add a row of `width` values; the rows gathered go in when there are [`Rows::MAX`].
    pub(crate) fn push(&mut self, row: &[Value<'a>]) -> rusqlite::Result<()> {
        if row.len() != self.width {
            return Err(rusqlite::Error::InvalidParameterCount(row.len(), self.width));
        }
        self.pending.extend_from_slice(row);
        if self.pending.len() == self.width * Self::MAX {
            self.run(0, Self::MAX)?;
            self.pending.clear();
        }
        Ok(())
    }

    /// Insert the rows still gathered, and answer how many rows all the statements changed
    /// (an `INSERT OR IGNORE` does not count the rows it ignored).
    pub(crate) fn finish(mut self) -> rusqlite::Result<usize> {
        let mut done = 0;
        let mut left = self.pending.len() / self.width;
        // Largest power of two first: at most log2(MAX) statements for the rest.
        while left > 0 {
            let n = 1 << (usize::BITS - 1 - left.leading_zeros());
            self.run(done, n)?;
            done += n;
            left -= n;
        }
        Ok(self.changed)
    }

    /// Run the statement for `n` rows (a power of two) on the gathered rows from row `from`.
    fn run(&mut self, from: usize, n: usize) -> rusqlite::Result<()> {
        let slot = n.trailing_zeros() as usize;
        if self.statements[slot].is_none() {
            let one = format!("({})", vec!["?"; self.width].join(", "));
            let sql = format!("{} VALUES {}", self.head, vec![one; n].join(", "));
            self.statements[slot] = Some(Insert::prepare(self.conn, &sql)?);
        }
        let statement = self.statements[slot].as_mut().expect("prepared just above");
        self.changed += statement.run(&self.pending[from * self.width..(from + n) * self.width])?;
        Ok(())
    }
}

impl Drop for Insert<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `prepare` and is finalized only here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
        }
    }
}

fn len(n: usize) -> rusqlite::Result<c_int> {
    c_int::try_from(n).map_err(|_| rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), Some("value too long".into())))
}

/// The connection's error for `code`, with SQLite's message.
unsafe fn error(db: *mut ffi::sqlite3, code: c_int) -> rusqlite::Error {
    let extended = ffi::sqlite3_extended_errcode(db);
    let code = if extended & 0xff == code & 0xff { extended } else { code };
    let message = ffi::sqlite3_errmsg(db);
    let message = if message.is_null() { None } else { Some(CStr::from_ptr(message).to_string_lossy().into_owned()) };
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER, note TEXT)").unwrap();
        conn
    }

    #[test]
    fn rows_hold_what_was_bound_after_the_strings_are_gone() {
        let conn = table();
        let mut insert = Insert::prepare(&conn, "INSERT OR IGNORE INTO t (name, n, note) VALUES (?1, ?2, ?3)").unwrap();
        for i in 0..3i64 {
            // Each name lives only for its own call: SQLite must have copied it into the row.
            let name = format!("row {i} ünïcode");
            assert_eq!(insert.run(&[name.as_str().into(), i.into(), Value::Null]).unwrap(), 1);
        }
        let repeat = String::from("row 1 ünïcode");
        assert_eq!(insert.run(&[repeat.as_str().into(), 9i64.into(), "x".into()]).unwrap(), 0, "ignored as a duplicate");
        drop(insert);
        let rows: Vec<(String, i64, Option<String>)> =
            conn.prepare("SELECT name, n, note FROM t ORDER BY id").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
        assert_eq!(rows, vec![("row 0 ünïcode".into(), 0, None), ("row 1 ünïcode".into(), 1, None), ("row 2 ünïcode".into(), 2, None)]);
    }

    #[test]
    fn errors_name_the_constraint_and_leave_the_statement_usable() {
        let conn = table();
        let mut insert = Insert::prepare(&conn, "INSERT INTO t (name, n) VALUES (?1, ?2)").unwrap();
        insert.run(&["a".into(), 1i64.into()]).unwrap();
        let err = insert.run(&["a".into(), 2i64.into()]).unwrap_err();
        assert!(err.to_string().contains("UNIQUE constraint failed: t.name"), "{err}");
        assert!(matches!(err, rusqlite::Error::SqliteFailure(e, _) if e.extended_code == ffi::SQLITE_CONSTRAINT_UNIQUE));
        let err = insert.run(&[Value::Null, 2i64.into()]).unwrap_err();
        assert!(err.to_string().contains("NOT NULL"), "{err}");
        assert!(matches!(insert.run(&["b".into()]), Err(rusqlite::Error::InvalidParameterCount(1, 2))));
        assert_eq!(insert.run(&["b".into(), 2i64.into()]).unwrap(), 1);
        let Err(err) = Insert::prepare(&conn, "INSERT INTO nowhere VALUES (?1)") else { panic!("prepared a statement on no table") };
        assert!(err.to_string().contains("no such table"), "{err}");
    }

    #[test]
    fn rows_go_in_in_order_across_statements_of_every_size() {
        let conn = table();
        // 2 full statements and a rest of 13 = 8 + 4 + 1 rows.
        let count = 2 * Rows::MAX + 13;
        let names: Vec<String> = (0..count).map(|i| format!("name {i} ñ")).collect();
        let notes: Vec<Option<String>> = (0..count).map(|i| (i % 3 == 0).then(|| format!("note {i}"))).collect();
        let mut rows = Rows::new(&conn, "INSERT OR IGNORE INTO t (name, n, note)", 3);
        for (i, (name, note)) in names.iter().zip(&notes).enumerate() {
            rows.push(&[name.into(), (i as i64).into(), note.into()]).unwrap();
        }
        // Ignored duplicates do not count as changed rows.
        rows.push(&[(&names[0]).into(), 99i64.into(), Value::Null]).unwrap();
        assert_eq!(rows.finish().unwrap(), count);
        let stored: Vec<(i64, String, i64, Option<String>)> =
            conn.prepare("SELECT id, name, n, note FROM t ORDER BY id").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect();
        let expected: Vec<(i64, String, i64, Option<String>)> = (0..count).map(|i| (i as i64 + 1, names[i].clone(), i as i64, notes[i].clone())).collect();
        assert_eq!(stored, expected);
    }

    #[test]
    fn a_bad_row_fails_its_statement_and_a_row_of_another_width_is_refused() {
        let conn = table();
        let mut rows = Rows::new(&conn, "INSERT OR FAIL INTO t (name, n)", 2);
        assert!(matches!(rows.push(&["a".into()]), Err(rusqlite::Error::InvalidParameterCount(1, 2))));
        rows.push(&["a".into(), 1i64.into()]).unwrap();
        rows.push(&[Value::Null, 2i64.into()]).unwrap();
        let err = rows.finish().unwrap_err();
        assert!(err.to_string().contains("NOT NULL"), "{err}");
        // Nothing buffered: a statement that never filled and was never finished inserts nothing.
        let mut rows = Rows::new(&conn, "INSERT INTO t (name, n)", 2);
        rows.push(&["b".into(), 1i64.into()]).unwrap();
        drop(rows);
        let names: Vec<String> = conn.prepare("SELECT name FROM t WHERE name = 'b'").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert!(names.is_empty());
    }
}
