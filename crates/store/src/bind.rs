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
}
