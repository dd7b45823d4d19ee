//! The files a database is made of, so that nothing else chec writes can land on them.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What SQLite keeps for the database at `db`: the file itself, its write-ahead log, its
/// shared-memory index and (outside WAL mode) its rollback journal.
fn database_files(db: &Path) -> [PathBuf; 4] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_path_buf(), with("-wal"), with("-shm"), with("-journal")]
}

/// Whether writing `target` would write one of the files of the database at `db`, by any
/// name: the same file (device and inode, so hard links and symlinks count), or the same
/// name in the same folder once symlinks are followed (for files that do not exist yet).
pub(crate) fn is_database_file(db: &Path, target: &Path) -> bool {
    let target_id = file_id(target);
    let target_name = resolved(target);
    database_files(db).iter().any(|file| {
        (target_id.is_some() && target_id == file_id(file)) || (target_name.is_some() && target_name == resolved(file))
    })
}

fn file_id(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// `path` with its folder's symlinks resolved, and followed if it is a symlink itself (to
/// a file that may not exist yet): two names of one file come out equal.
fn resolved(path: &Path) -> Option<PathBuf> {
    let mut path = path.to_path_buf();
    // As many links as the kernel follows before it gives up (ELOOP).
    for _ in 0..40 {
        let name = path.file_name()?.to_os_string();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let full = std::fs::canonicalize(folder).ok()?.join(name);
        match std::fs::read_link(&full) {
            Ok(link) => path = full.parent().map_or_else(|| link.clone(), |dir| dir.join(&link)),
            Err(_) => return Some(full),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_of_a_database_file_is_recognised_and_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("chec.db");
        std::fs::write(&db, b"").unwrap();
        std::os::unix::fs::symlink(dir.path().join("chec.db-wal"), dir.path().join("to-wal")).unwrap();
        std::os::unix::fs::symlink("chec.db", dir.path().join("relative-link")).unwrap();
        std::fs::hard_link(&db, dir.path().join("hard")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("folder")).unwrap();
        for name in
            ["chec.db", "chec.db-wal", "chec.db-shm", "to-wal", "relative-link", "hard", "folder/chec.db", "./chec.db"]
        {
            assert!(is_database_file(&db, &dir.path().join(name)), "{name}");
        }
        for name in ["chec.db.md", "chec.db-wal2", "other.db", "folder/other"] {
            assert!(!is_database_file(&db, &dir.path().join(name)), "{name}");
        }
    }
}
