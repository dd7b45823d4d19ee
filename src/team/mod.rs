//! Sharing consultations through a git repository.
//!
//! A team shares one git repository. Each machine keeps its own SQLite database, the store
//! it reads, and a clone of the repository beside it (`chec.db.team/repo`). A sync appends
//! this machine's new events to its own files in the clone, commits and pushes them; when
//! someone pushed first (or there was nothing to push) it fetches, and rebases onto what
//! others pushed (no file has two writers, so this never meets a conflict) before pushing
//! again; then it imports every event it has not seen and rebuilds the consultations they
//! touch ([`crate::storage::Store::import`]). The git side is in `exchange`.
//!
//! Nothing is lost or doubled by a sync killed at any point: lines appended but not
//! committed are thrown away and written again; events committed but not yet marked sent
//! are found in the files by their ids; an import is one transaction, keyed by event id.

mod exchange;
pub mod files;
pub mod git;
pub mod sync;

pub use sync::{SyncReport, TeamStatus};

/// What an import could not take in, `file:line: message`, one a line, on stderr (text from
/// the repository cleaned of anything a terminal would obey).
pub fn report_problems(problems: &[crate::storage::Problem]) {
    use std::io::Write as _;
    let mut stderr = std::io::stderr().lock();
    for p in problems {
        let _ = writeln!(
            stderr,
            "chec: {}: {}",
            crate::text::sanitize_line(&p.place),
            crate::text::sanitize_line(&p.message)
        );
    }
}
