//! SQLite's memory settings (`newsgraph_store::memory`), in a process of their own: they can
//! only be made before SQLite initialises, which the first connection does.

use newsgraph_store::memory::{configure, Allocator};
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

extern "C" {
    fn malloc(size: usize) -> *mut c_void;
    fn free(block: *mut c_void);
    fn realloc(block: *mut c_void, size: usize) -> *mut c_void;
    fn malloc_usable_size(block: *const c_void) -> usize;
}

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn counting_malloc(size: usize) -> *mut c_void {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    unsafe { malloc(size) }
}

unsafe extern "C" fn usable_size(block: *const c_void) -> usize {
    unsafe { malloc_usable_size(block) }
}

#[test]
fn sqlite_allocates_through_the_allocator_given_and_counts_nothing() {
    let allocator = Allocator { malloc: counting_malloc, free, realloc, usable_size };
    assert!(configure(Some(allocator)), "SQLite refused the settings before its first connection");
    // Later calls change nothing and say so.
    assert!(!configure(None));

    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES (printf('%.*c', 5000, 'x'));").unwrap();
    let len: i64 = conn.query_row("SELECT length(x) FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(len, 5000);
    assert!(ALLOCATIONS.load(Ordering::Relaxed) > 10, "SQLite did not allocate through the allocator given");
    // With the statistics off SQLite keeps no count of the bytes in use.
    assert_eq!(unsafe { rusqlite::ffi::sqlite3_memory_used() }, 0);
}
