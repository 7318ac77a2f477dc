//! Set-up shared by the store's integration tests.

use newsgraph_store::Store;
use std::path::PathBuf;

/// A fresh database in its own temporary folder, named after the test file (`suite`) and the
/// test, so tests running in parallel never share one.
pub fn tmp_store(suite: &str, name: &str) -> (Store, PathBuf) {
    let dir = std::env::temp_dir().join(format!("newsgraph-{suite}-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("corpus.db");
    (Store::open(&path).unwrap(), path)
}
