//! How SQLite allocates memory in this process.
//!
//! Two process-wide settings, made once, before SQLite initialises (after that `sqlite3_config`
//! refuses every change, so whichever comes first decides):
//! - **No memory statistics** (`SQLITE_CONFIG_MEMSTATUS` off). With them on, every allocation
//!   and free takes a global mutex to count bytes; nothing here reads the counts (they serve
//!   `sqlite3_memory_used` and the soft heap limit, neither used). On 5,000 articles the
//!   ingest writer spent about 2% of its instructions in those mutexes.
//! - **Optionally, another allocator** (`SQLITE_CONFIG_MALLOC`): the binary passes its own
//!   (mimalloc), which allocates and frees in a fraction of the C library's instructions; the
//!   writer makes two allocations for each row it inserts.
//!
//! A library user or a test that never calls [`configure`] gets SQLite as built; [`crate::Store`]
//! calls it with no allocator before it opens a database.

use rusqlite::ffi;
use std::ffi::{c_int, c_void};
use std::sync::{Once, OnceLock};

/// An allocator for SQLite: plain C entry points, as `sqlite3_mem_methods` wants them.
#[derive(Clone, Copy)]
pub struct Allocator {
    /// Allocate `size` bytes, aligned to 8 at least; null when out of memory.
    pub malloc: unsafe extern "C" fn(size: usize) -> *mut c_void,
    pub free: unsafe extern "C" fn(block: *mut c_void),
    pub realloc: unsafe extern "C" fn(block: *mut c_void, size: usize) -> *mut c_void,
    /// The usable size of a block from `malloc` or `realloc`: at least the size asked for.
    pub usable_size: unsafe extern "C" fn(block: *const c_void) -> usize,
}

static CONFIGURE: Once = Once::new();
static ALLOCATOR: OnceLock<Allocator> = OnceLock::new();

/// Apply the settings above, the first time only (later calls do nothing). Returns whether
/// SQLite accepted them: false when it had already been initialised (by a connection opened
/// before), which leaves it as built.
pub fn configure(allocator: Option<Allocator>) -> bool {
    let mut accepted = false;
    CONFIGURE.call_once(|| {
        // SAFETY: `sqlite3_config` takes the argument types each option documents; it refuses
        // (SQLITE_MISUSE) rather than misbehaves once SQLite is initialised; SQLite copies the
        // methods struct.
        unsafe {
            accepted = ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int) == ffi::SQLITE_OK;
            if let (true, Some(a)) = (accepted, allocator) {
                // Stored for good even if SQLite refuses it below (the trampolines are then
                // never called).
                let _ = ALLOCATOR.set(a);
                let methods = ffi::sqlite3_mem_methods {
                    xMalloc: Some(x_malloc),
                    xFree: Some(x_free),
                    xRealloc: Some(x_realloc),
                    xSize: Some(x_size),
                    xRoundup: Some(x_roundup),
                    xInit: Some(x_init),
                    xShutdown: Some(x_shutdown),
                    pAppData: std::ptr::null_mut(),
                };
                accepted = ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods as *const ffi::sqlite3_mem_methods) == ffi::SQLITE_OK;
            }
        }
    });
    accepted
}

/// The allocator SQLite was given: set before `sqlite3_config` installs the trampolines that
/// call this, so always there when they run.
#[inline]
fn allocator() -> &'static Allocator {
    match ALLOCATOR.get() {
        Some(a) => a,
        // Unreachable (see above); aborting beats unwinding through SQLite's C frames.
        None => std::process::abort(),
    }
}

unsafe extern "C" fn x_malloc(size: c_int) -> *mut c_void {
    // SQLite never asks for a negative size (it checks before calling), but a negative int
    // must not become a huge usize.
    let Ok(size) = usize::try_from(size) else { return std::ptr::null_mut() };
    // SAFETY: the allocator's own contract.
    unsafe { (allocator().malloc)(size) }
}

unsafe extern "C" fn x_free(block: *mut c_void) {
    // SAFETY: SQLite frees only blocks this allocator returned.
    unsafe { (allocator().free)(block) }
}

unsafe extern "C" fn x_realloc(block: *mut c_void, size: c_int) -> *mut c_void {
    let Ok(size) = usize::try_from(size) else { return std::ptr::null_mut() };
    // SAFETY: SQLite reallocates only blocks this allocator returned.
    unsafe { (allocator().realloc)(block, size) }
}

unsafe extern "C" fn x_size(block: *mut c_void) -> c_int {
    if block.is_null() {
        return 0;
    }
    // SAFETY: SQLite asks only about blocks this allocator returned. SQLite's blocks are
    // below 2 GiB (its SQLITE_MAX_ALLOCATION_SIZE), so the size fits an int.
    c_int::try_from(unsafe { (allocator().usable_size)(block) }).unwrap_or(c_int::MAX)
}

/// Sizes rounded up to 8, as SQLite's own allocator rounds them.
unsafe extern "C" fn x_roundup(size: c_int) -> c_int {
    size.saturating_add(7) & !7
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

