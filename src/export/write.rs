//! Writing export files so that a reader never sees half a file: a private temporary file
//! in the same folder, synced, then renamed over the target.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::storage::{Store, files};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} already exists (use --force to replace it)")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The path is one of the database's own files.
    #[error(transparent)]
    Database(#[from] crate::storage::StoreError),
}

/// Write an export of `store` to `path` (see [`write_atomic`]), never over the store's own
/// database files, whatever `overwrite` says.
pub fn write_export(store: &Store, path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    write_export_with(store, path, overwrite, |w| {
        w.write_all(bytes).map_err(|source| WriteError::Io { path: path.to_path_buf(), source })
    })
}

/// [`write_export`] of what `write` writes, as it writes it, so that an export of any length
/// is never held in memory whole. If `write` fails, with its own error (say, a database
/// error; its write errors are its own to name), no file is created or replaced.
pub fn write_export_with<E: From<WriteError>>(
    store: &Store,
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    store.refuse_own_file(path).map_err(WriteError::from)?;
    write_atomic(path, overwrite, write)
}

/// Write what `write` writes to `path` atomically, readable by its owner only. Without
/// `overwrite`, an existing file is left alone and reported.
fn write_atomic<E: From<WriteError>>(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let fail = |source| WriteError::Io { path: path.to_path_buf(), source };
    if !overwrite && path.exists() {
        return Err(WriteError::Exists(path.to_path_buf()).into());
    }
    let dir = files::folder_of(path);
    files::remove_stale_temporaries(&dir);
    let mut temp = tempfile::Builder::new()
        .prefix(&files::temporary_prefix(files::EXPORT_TEMPORARY))
        .tempfile_in(&dir)
        .map_err(fail)?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush().map_err(fail)?;
    }
    temp.as_file().sync_all().map_err(fail)?;
    if overwrite {
        temp.persist(path).map_err(|e| fail(e.error))?;
    } else {
        // Another process may have created the file meanwhile: never replace it.
        temp.persist_noclobber(path).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
            _ => fail(e.error),
        })?;
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn bytes(b: &[u8]) -> impl FnOnce(&mut dyn Write) -> Result<(), WriteError> + '_ {
        |w| w.write_all(b).map_err(|source| WriteError::Io { path: "test".into(), source })
    }

    #[test]
    fn a_writer_that_fails_leaves_no_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("items.md");
        let failed = write_atomic(&path, false, |w| {
            w.write_all(&[b'x'; 100_000]).map_err(|source| WriteError::Io { path: "test".into(), source })?;
            Err(WriteError::Exists("the reader failed half way".into()))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left behind");
    }

    #[test]
    fn writes_privately_refuses_to_clobber_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("minutes.md");
        write_atomic(&path, false, bytes("첫 번째".as_bytes())).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "첫 번째");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(matches!(write_atomic(&path, false, bytes(b"second")), Err(WriteError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "첫 번째", "untouched");
        write_atomic(&path, true, bytes(b"second")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn an_unwritable_folder_is_a_clear_error() {
        let err = write_atomic(Path::new("/nonexistent-folder/x.md"), false, bytes(b"x")).unwrap_err();
        assert!(err.to_string().starts_with("cannot write /nonexistent-folder/x.md"), "{err}");
    }
}
