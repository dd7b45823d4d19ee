//! The files around a database: checks before SQLite touches one, opening it only to read
//! where chec may not write, backups, and keeping every other file chec writes off the
//! database's own files.

use std::fs::OpenOptions;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};

impl Store {
    /// Copy the whole database to `target` through SQLite's online backup API, so it is
    /// consistent even while another process writes. The copy is written beside `target`
    /// first and renamed into place, readable by its owner only.
    pub fn backup_to(&self, target: &Path, overwrite: bool) -> Result<()> {
        self.refuse_own_file(target)?;
        if !overwrite && target.exists() {
            return Err(StoreError::Exists(target.to_path_buf()));
        }
        backup_connection_to(&self.conn, target, overwrite)
    }

    /// Whether writing `target` would write over this database or its `-wal`, `-shm` or
    /// `-journal` file, by any name (`./`, a symlink, a hard link). Every writer of files
    /// asks before writing: replacing the database would leave chec writing to a deleted
    /// file, and a stray `-wal` would be replayed into it.
    pub fn is_own_file(&self, target: &Path) -> bool {
        self.path.as_deref().is_some_and(|db| is_database_file(db, target))
    }

    /// [`Store::is_own_file`] as an error naming `target`.
    pub fn refuse_own_file(&self, target: &Path) -> Result<()> {
        if self.is_own_file(target) {
            return Err(StoreError::OwnFile(target.to_path_buf()));
        }
        Ok(())
    }
}

/// `path` as SQLite must be given it to take it for a path: this SQLite reads a name
/// starting with `file:` as a URI (`file:notes.db?mode=ro`) even without asking, so a
/// relative path goes as `./file:notes.db`.
pub(super) fn sqlite_name(path: &Path) -> PathBuf {
    if path.is_relative() { Path::new(".").join(path) } else { path.to_path_buf() }
}

/// What must hold of an existing file before SQLite opens it: a regular file (SQLite would
/// otherwise write a journal beside `/dev/null`, or wait forever on a pipe), at least as
/// long as SQLite's header, and the same of its `-wal`, `-shm` and `-journal` if they exist.
pub(super) fn check_file(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    if meta.is_dir() {
        return Err(StoreError::NotAFile { path: path.to_path_buf() });
    }
    for file in database_files(path) {
        if let Ok(meta) = std::fs::metadata(&file)
            && !meta.is_file()
        {
            return Err(StoreError::NotRegular { path: file });
        }
    }
    // SQLite takes a file shorter than its 100-byte header for an empty database and
    // would overwrite it; whatever it is, it is not ours to replace.
    if (1..100).contains(&meta.len()) {
        return Err(StoreError::NotChec { path: path.to_path_buf() });
    }
    Ok(())
}

/// The starts of the names of chec's temporary files, which go on with the id of the
/// process writing them and a dash (`.chec-export-4242-Xa9fQ2`), so that a later chec can
/// tell a file whose writer was killed from one being written.
pub(crate) const EXPORT_TEMPORARY: &str = ".chec-export-";
pub(crate) const BACKUP_TEMPORARY: &str = ".chec-backup-";

/// The start of the name of a temporary file this process writes: `kind`, its id, a dash.
pub(crate) fn temporary_prefix(kind: &str) -> String {
    format!("{kind}{}-", std::process::id())
}

/// How long a temporary file must have been left untouched to be taken for a leftover: a
/// writer in another process namespace (a container sharing the folder) has an id that
/// means nothing here.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Remove the temporary files (full database copies among them) that a chec killed while
/// writing left in `folder`: chec's names, written by a process that no longer runs, owned
/// by this user and untouched for a minute. Tidying only: whatever fails is left as it is.
pub(crate) fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    let me = rustix::process::geteuid().as_raw();
    for entry in entries.flatten() {
        let Some(pid) = writer_of(&entry.file_name().to_string_lossy()) else { continue };
        // The entry itself, not what a symlink points to.
        let Ok(meta) = entry.metadata() else { continue };
        let untouched = meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age >= STALE_AFTER);
        if meta.is_file() && meta.uid() == me && untouched && !is_running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The id of the process that wrote the chec temporary file called `name`.
fn writer_of(name: &str) -> Option<i32> {
    let rest = [EXPORT_TEMPORARY, BACKUP_TEMPORARY].iter().find_map(|kind| name.strip_prefix(kind))?;
    let (digits, _) = rest.split_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn is_running(pid: i32) -> bool {
    match rustix::process::Pid::from_raw(pid) {
        Some(pid) => !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH)),
        None => false,
    }
}

/// Create `path` (and its folders) as an empty file with mode 0600 if it does not exist;
/// SQLite treats an empty file as a new database.
pub(super) fn create_private_file(path: &Path) -> Result<()> {
    let create_err = |source| StoreError::Create { path: path.to_path_buf(), source };
    check_file(path)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(create_err)?;
    }
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(create_err(e)),
    }
}

pub(super) fn pre_migration_backup_path(path: &Path, from_version: i64) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".v{from_version}-backup-{stamp}"));
    path.with_file_name(name)
}

/// Back `conn` up into `target` atomically: a private temporary file in the same folder,
/// switched out of WAL so the copy is one self-contained file, synced, then renamed.
pub(super) fn backup_connection(conn: &Connection, target: &Path) -> Result<()> {
    backup_connection_to(conn, target, false)
}

fn backup_connection_to(conn: &Connection, target: &Path, overwrite: bool) -> Result<()> {
    let fail =
        |source: Box<dyn std::error::Error + Send + Sync>| StoreError::Backup { path: target.to_path_buf(), source };
    let dir = folder_of(target);
    remove_stale_temporaries(&dir);
    // tempfile creates the file with mode 0600 and removes it if anything below fails.
    let temp = tempfile::Builder::new()
        .prefix(&temporary_prefix(BACKUP_TEMPORARY))
        .tempfile_in(&dir)
        .map_err(|e| fail(Box::new(e)))?;
    {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut dest = Connection::open_with_flags(sqlite_name(temp.path()), flags).map_err(|e| fail(Box::new(e)))?;
        rusqlite::backup::Backup::new(conn, &mut dest)
            .and_then(|b| b.run_to_completion(256, Duration::from_millis(5), None))
            .map_err(|e| fail(Box::new(e)))?;
        dest.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(())).map_err(|e| fail(Box::new(e)))?;
    }
    temp.as_file().sync_all().map_err(|e| fail(Box::new(e)))?;
    if overwrite {
        temp.persist(target).map_err(|e| fail(Box::new(e.error)))?;
    } else {
        // Never replace a file that appeared while the copy was being made.
        temp.persist_noclobber(target).map_err(|e| match e.error.kind() {
            io::ErrorKind::AlreadyExists => StoreError::Exists(target.to_path_buf()),
            _ => fail(Box::new(e.error)),
        })?;
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        // Make the rename itself durable; failure here leaves a complete file anyway.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Whether chec may create files in `folder` (SQLite's `-wal` and `-shm` files go there).
fn is_writable(folder: &Path) -> bool {
    rustix::fs::access(folder, rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK).is_ok()
}

/// Whether chec may change the database at `path`: write the file, and create its `-wal`
/// and `-shm` beside it.
pub(super) fn may_write(path: &Path) -> bool {
    is_writable(&folder_of(path)) && rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}

/// The folder a file is in.
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A file beside `path` whose name is `path`'s followed by `suffix` (`-wal`, `-shm`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Refuse to change a database whose folder chec may not write to, before SQLite tries to
/// create its `-wal` and `-shm` there and fails with a vaguer message.
pub(super) fn check_writable_folder(path: &Path) -> Result<()> {
    let folder = folder_of(path);
    let has_wal_files = beside(path, "-wal").exists() && beside(path, "-shm").exists();
    if !is_writable(&folder) && !has_wal_files {
        return Err(StoreError::ReadOnlyFolder { path: path.to_path_buf(), folder });
    }
    Ok(())
}

/// A read-only connection to the database at `path`.
///
/// A WAL database is read through its `-shm` file, which SQLite creates beside it. In a
/// folder chec may not write to, and with no `-wal` there (no other program has the
/// database open, so the file holds everything committed), the file is read as it stands
/// (SQLite's `immutable`). With a `-wal` but no `-shm`, it cannot be read safely: that is
/// an error naming the folder.
pub(super) fn open_for_reading(path: &Path) -> Result<Connection> {
    let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
    let folder = folder_of(path);
    let (wal, shm) = (beside(path, "-wal").exists(), beside(path, "-shm").exists());
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if is_writable(&folder) || (wal && shm) {
        return Connection::open_with_flags(sqlite_name(path), flags).map_err(open_err);
    }
    if wal {
        return Err(StoreError::ReadOnlyFolderInUse { path: path.to_path_buf(), folder });
    }
    let uri = immutable_uri(path).map_err(|e| StoreError::Create { path: path.to_path_buf(), source: e })?;
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).map_err(open_err)
}

/// An SQLite URI reading the file at `path` as it stands: every byte of the path that is not
/// plainly safe in a URI is percent-encoded, so no part of a path is read as an option.
fn immutable_uri(path: &Path) -> io::Result<String> {
    let full = std::fs::canonicalize(path)?;
    let mut uri = String::from("file:");
    for &b in full.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    Ok(uri)
}

/// What SQLite keeps for the database at `db`: the file itself, its write-ahead log, its
/// shared-memory index and (outside WAL mode) its rollback journal.
fn database_files(db: &Path) -> [PathBuf; 4] {
    [db.to_path_buf(), beside(db, "-wal"), beside(db, "-shm"), beside(db, "-journal")]
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

    #[test]
    fn temporary_files_are_named_after_their_writer() {
        let prefix = temporary_prefix(EXPORT_TEMPORARY);
        let own = i32::try_from(std::process::id()).unwrap();
        assert_eq!(writer_of(&format!("{prefix}Xa9fQ2")), Some(own));
        assert_eq!(writer_of(&format!("{}Xa9fQ2-journal", temporary_prefix(BACKUP_TEMPORARY))), Some(own));
        assert!(is_running(own));
        for other in [".chec-export-Xa9fQ2", ".chec-export--1", ".chec-export-12a-x", "chec-export-12-x", "notes-12-x"]
        {
            assert_eq!(writer_of(other), None, "{other}");
        }
    }

    #[test]
    fn a_path_read_as_it_stands_keeps_every_character_as_part_of_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a?mode=rwc#x%20 한글");
        std::fs::create_dir(&folder).unwrap();
        let db = folder.join("chec.db");
        Connection::open(&db).unwrap().pragma_update(None, "user_version", 7).unwrap();
        let uri = immutable_uri(&db).unwrap();
        assert!(uri.ends_with("/a%3Fmode%3Drwc%23x%2520%20%ED%95%9C%EA%B8%80/chec.db?mode=ro&immutable=1"), "{uri}");
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&uri, flags).unwrap();
        assert_eq!(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 7);
        assert!(conn.execute("PRAGMA user_version = 8", []).is_err(), "read only");
    }
}
