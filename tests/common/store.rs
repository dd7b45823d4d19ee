//! Stores for tests, and the process dying under one.

use std::path::Path;

use chec::storage::Store;

/// An in-memory store with `actor` as the author of changes.
pub fn memory_store(actor: &str) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor(actor);
    store
}

/// The store in the file at `path` (created if missing), with `actor` as the author.
pub fn file_store(path: &Path, actor: &str) -> Store {
    let mut store = Store::open(path).unwrap();
    store.set_actor(actor);
    store
}

/// The process holding `value` (an app or a store on the database at `path`) died: it is
/// gone without saving or unregistering. Tests share one process, so its session is pointed
/// at a process id that does not exist (on this host a session lives exactly as long as its
/// process) and stops beating; its drafts are then recovered as a killed process's are.
pub fn crash<T>(value: T, path: &Path) {
    std::mem::forget(value);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute("UPDATE sessions SET heartbeat_at = '2000-01-01T00:00:00.000Z', pid = 2147483646", []).unwrap();
}
