//! The binary's global allocator: mimalloc, called through its plain entry points.
//!
//! `mimalloc::MiMalloc` sends every request through `mi_malloc_aligned` / `mi_realloc_aligned`,
//! whose alignment checks cost instructions on each of the ~2,450 allocations per article.
//! mimalloc's plain `mi_malloc` already returns blocks aligned to `MI_MAX_ALIGN_SIZE` (16 bytes
//! on the 64-bit targets we build for) whenever the block is at least that large, and blocks of
//! 8 bytes aligned to 8; so, like the standard library's `System` allocator on top of `malloc`,
//! a request may take the plain path when its alignment is at most 16 and at most its size.
//! Everything else (over-aligned types) keeps the aligned entry points.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc's guaranteed alignment of plain allocations (`MI_MAX_ALIGN_SIZE` in its `types.h`).
const MIMALLOC_MAX_ALIGN: usize = 16;

pub struct MiMallocPlain;

/// True when `mi_malloc(size)` is guaranteed to return memory aligned to `align`: blocks of 16
/// bytes and up are 16-aligned, smaller blocks (the 8-byte size class) are 8-aligned, and
/// `align <= size` rules out asking a 8-byte block for 16-byte alignment.
#[inline]
fn plain_is_aligned_enough(size: usize, align: usize) -> bool {
    align <= MIMALLOC_MAX_ALIGN && align <= size
}

unsafe impl GlobalAlloc for MiMallocPlain {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size; the result is checked for
        // alignment by `plain_is_aligned_enough` or requested aligned.
        unsafe {
            if plain_is_aligned_enough(layout.size(), layout.align()) {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if plain_is_aligned_enough(layout.size(), layout.align()) {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (GlobalAlloc contract); `mi_free` frees blocks
        // from both the plain and the aligned entry points.
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout` (GlobalAlloc contract); the new
        // block's alignment is checked against the new size.
        unsafe {
            if plain_is_aligned_enough(new_size, layout.align()) {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

// mimalloc's options API, which the `libmimalloc-sys` bindings declare only behind a feature
// that pulls in another crate for two C types.
extern "C" {
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    fn mi_usable_size(block: *const c_void) -> usize;
}

/// SQLite allocates through mimalloc too, without its memory statistics
/// (`newsgraph_store::memory`). The ingest writer allocates and frees twice for every row it
/// inserts, through the C library's allocator and behind SQLite's statistics mutex: with this
/// it did 6% less work on 2,000 articles (1,477 → 1,390 M instructions). Call before anything
/// opens a database (later it does nothing, and says so by returning false).
pub fn give_sqlite_mimalloc() -> bool {
    // mimalloc's blocks are aligned to 8 at least (16 from 16 bytes), as SQLite requires.
    newsgraph_store::memory::configure(Some(newsgraph_store::memory::Allocator {
        malloc: mi::mi_malloc,
        free: mi::mi_free,
        realloc: mi::mi_realloc,
        usable_size: mi_usable_size,
    }))
}

/// `mi_option_purge_delay` in the vendored mimalloc 3 (`mi_option_e` in its `mimalloc.h`; the
/// test below checks the option's documented default, which no neighbouring option shares).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Keep freed memory mapped rather than give it back to the kernel a second after it is freed.
/// `newsgraph ingest` frees each written batch (hundreds of megabytes) on one thread while the
/// extraction thread allocates the next: returned pages had to be faulted in and cleared again,
/// and on 100,000 articles the process spent about 0.8 s less in the kernel (4.6 → 3.8 s) with
/// them kept, for some 30 MB more peak memory.
pub fn keep_freed_memory() {
    // SAFETY: setting an option is thread-safe in mimalloc and takes plain integers.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// The purge delay in force (milliseconds; -1 never).
#[cfg(test)]
fn purge_delay() -> i64 {
    // SAFETY: reading an option is thread-safe in mimalloc.
    i64::from(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // mimalloc 3's default purge delay is 1,000 ms (its options.c), unless the environment
        // says otherwise; no option next to it defaults to that.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay(), 1000);
        }
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
    }

    fn check_alignment(size: usize, align: usize) {
        let layout = Layout::from_size_align(size, align).unwrap();
        unsafe {
            let ptr = MiMallocPlain.alloc(layout);
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % align, 0, "alloc size {size} align {align}");
            ptr.write_bytes(0xAB, size);
            let grown = MiMallocPlain.realloc(ptr, layout, size * 3 + 5);
            assert!(!grown.is_null());
            assert_eq!(grown as usize % align, 0, "realloc size {size} align {align}");
            assert_eq!(*grown.add(size - 1), 0xAB, "realloc keeps the contents");
            MiMallocPlain.dealloc(grown, Layout::from_size_align(size * 3 + 5, align).unwrap());

            let zeroed = MiMallocPlain.alloc_zeroed(layout);
            assert_eq!(zeroed as usize % align, 0, "alloc_zeroed size {size} align {align}");
            assert!((0..size).all(|i| *zeroed.add(i) == 0));
            MiMallocPlain.dealloc(zeroed, layout);
        }
    }

    #[test]
    fn every_size_and_alignment_is_honoured() {
        // Many allocations of each shape, so blocks come from several places in a page.
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 7, 8, 9, 15, 16, 17, 24, 40, 100, 1000, 70_000] {
                for _ in 0..50 {
                    check_alignment(size, align);
                }
            }
        }
    }

    #[test]
    fn the_plain_path_is_taken_only_when_mimalloc_guarantees_the_alignment() {
        assert!(plain_is_aligned_enough(8, 8));
        assert!(plain_is_aligned_enough(24, 16));
        assert!(!plain_is_aligned_enough(8, 16));
        assert!(!plain_is_aligned_enough(64, 32));
    }
}
