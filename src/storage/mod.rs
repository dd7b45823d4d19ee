//! The SQLite store. Every SQL string in chec lives in this module.
//!
//! Durability: WAL journal, `synchronous=FULL`, foreign keys on, a busy timeout so a second
//! process waits instead of failing, and every write in its own `BEGIN IMMEDIATE`
//! transaction committed when the user acts. A new database file is created readable by
//! its owner only; SQLite gives its `-wal` and `-shm` files the same mode.

mod backfill;
mod built_later;
mod conflicts;
mod consultations;
mod dashboard;
mod drafts;
mod dump;
mod events;
pub(crate) mod files;
mod item_queries;
mod items;
mod meetings;
mod replay;
mod replay_answers;
mod replay_items;
mod replay_run;
mod responses;
mod rows;
mod schema;
mod stages;
mod standing;
mod team;
mod team_store;
mod traits;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Savepoint, Transaction, TransactionBehavior};

use crate::clock::{Clock, Zone};

pub use conflicts::TeamConflict;
pub use consultations::ConsultationSummary;
pub use dashboard::Overview;
pub use drafts::{HEARTBEAT_EVERY, Recovery, StoredDraft};
pub use item_queries::ItemRows;
pub use items::parse_item_key;
pub use schema::{MIGRATIONS, latest_version};
pub use standing::LevelChange;
pub use team::{Import, ImportReport, TeamState};
pub use team_store::{FileMark, Incoming, Problem, ReadLater, ReadPart};

/// How long a write waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// The page size of a database chec creates (see [`Store::open_checked`]).
pub const PAGE_SIZE: u32 = 16_384;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: this database was written by a newer version of chec (schema version {found}; \
         this chec understands up to {supported}). Upgrade chec to open it; the file was not changed."
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("{path} is a folder, not a database file")]
    NotAFile { path: PathBuf },
    #[error("{path}: not a regular file (a device, a pipe or a socket); a chec database is a file")]
    NotRegular { path: PathBuf },
    #[error(
        "{path}: its folder {folder} is read-only: chec can read the database there (list, items, item show, export, backup) but not change it, as SQLite must create its -wal and -shm files beside it"
    )]
    ReadOnlyFolder { path: PathBuf, folder: PathBuf },
    #[error(
        "{path}: cannot read the database while another program has it open: its folder {folder} is read-only, so SQLite cannot create the -shm file it needs to read the -wal beside it"
    )]
    ReadOnlyFolderInUse { path: PathBuf, folder: PathBuf },
    #[error(
        "{path}: no database there (a mistyped --db or CHEC_DB?); `chec new` creates one, and so does `chec` (the consultation screen), asking first"
    )]
    Missing { path: PathBuf },
    #[error("{path}: not a chec database; the file was not changed")]
    NotChec { path: PathBuf },
    #[error("{path}: cannot open the database: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("{path}: the database cannot use write-ahead logging (journal mode stays '{mode}')")]
    NoWal { path: PathBuf, mode: String },
    #[error("{path}: cannot create the database file: {source}")]
    Create { path: PathBuf, source: io::Error },
    #[error("{path}: cannot upgrade the database: {source}")]
    Migrate { path: PathBuf, source: Box<rusqlite_migration::Error> },
    #[error("{path}: cannot write the backup: {source}")]
    Backup { path: PathBuf, source: Box<dyn std::error::Error + Send + Sync> },
    #[error("{0} already exists (use --force to replace it)")]
    Exists(PathBuf),
    #[error("{0} is the database chec is using (or its -wal, -shm or -journal file); write somewhere else")]
    OwnFile(PathBuf),
    #[error("a consultation with key {0} already exists")]
    DuplicateKey(String),
    #[error("no consultation {0}")]
    NoConsultation(String),
    #[error("consultation {key}: its stored questionnaire cannot be read: {reason}")]
    BadSnapshot { key: String, reason: String },
    #[error("stage '{0}' is signed off; reopen it to change its answers")]
    SignedOff(String),
    #[error("meeting {seq} of {key} is still running; end it first")]
    MeetingRunning { key: String, seq: i64 },
    #[error("no item {0} (keys look like CARE-3)")]
    NoItem(String),
    #[error("{}", describe_item_conflict(.key, .by.as_deref(), .fields))]
    ItemConflict { key: String, by: Option<String>, fields: Vec<crate::domain::FieldConflict> },
    #[error(transparent)]
    Item(#[from] crate::domain::ItemError),
    #[error(transparent)]
    SignOff(#[from] crate::domain::SignOffError),
    #[error("{0}")]
    Invalid(String),
    /// A team file could not be read during an import.
    #[error("{path}: cannot read: {source}")]
    ReadFile { path: PathBuf, source: io::Error },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A read run by [`Store::interruptible`] was stopped before it finished.
    #[error("the read was stopped before it finished")]
    Interrupted,
    /// An import met an event that failed part-way without a savepoint of its own: it is
    /// rolled back and run again, carefully (see `replay.rs`). Never seen outside storage.
    #[doc(hidden)]
    #[error("an import must be run again, one event at a time")]
    Retry,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// Whether the database itself failed (its disk full, a read or write that failed, a
    /// damaged file, no memory, the file read-only or locked), rather than what it was asked
    /// to do: doing it another way cannot succeed, and SQLite may have rolled back the whole
    /// transaction already.
    pub(crate) fn is_the_databases(&self) -> bool {
        use rusqlite::ErrorCode::*;
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    DiskFull
                        | SystemIoFailure
                        | DatabaseCorrupt
                        | NotADatabase
                        | OutOfMemory
                        | ReadOnly
                        | DatabaseBusy
                        | DatabaseLocked
                        | CannotOpen
                        | FileLockingProtocolFailed
                        | PermissionDenied
                        | OperationInterrupted
                        | OperationAborted
                        | NoLargeFileSupport
                )
        )
    }
}

fn describe_item_conflict(key: &str, by: Option<&str>, fields: &[crate::domain::FieldConflict]) -> String {
    let by = by.map(|b| format!(" by {b}")).unwrap_or_default();
    let blank = |v: &str| if v.is_empty() { "—".to_string() } else { format!("'{v}'") };
    let what: Vec<String> =
        fields.iter().map(|f| format!("{} is now {} (yours: {})", f.field, blank(&f.theirs), blank(&f.mine))).collect();
    format!("{key} was changed{by} while you edited it, nothing was saved: {}", what.join("; "))
}

/// A chec database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Who is making changes, recorded in every history row.
    actor: String,
    /// This process's TUI session, once begun (see `drafts.rs`).
    session: Option<String>,
    /// The last pass over the items for a short search (see `item_queries.rs`).
    last_pass: item_queries::LastPass,
    /// What every write is stamped with.
    clock: Clock,
    /// Questionnaire snapshots read, by consultation id: a consultation's never changes.
    snapshots: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<crate::domain::Questionnaire>>>,
    /// Whether the schema keeps events (false only for a test playing an older chec).
    keeps_events: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating it and its folders if needed) the database at `path` and bring its
    /// schema up to date. Only `chec new` and the TUI (asking first) create a database; every
    /// other command uses [`Store::open_existing`].
    ///
    /// A database from a newer chec, or a SQLite file that is not chec's, is refused without
    /// being changed. Before an older schema is upgraded, a backup copy is written beside it.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_schema(path, schema::MIGRATIONS)
    }

    /// [`Store::open`] for a database that must already exist: a missing file is
    /// [`StoreError::Missing`], and nothing is created.
    pub fn open_existing(path: &Path) -> Result<Store> {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(StoreError::Missing { path: path.to_path_buf() }),
            _ => Store::open_file(path, schema::MIGRATIONS),
        }
    }

    /// Open an existing database for the commands that only read (`list`, `items`, `item
    /// show`, `export`, `backup`), so they also work where chec may not write: on a
    /// write-protected file or in a read-only folder it is opened read-only. Where chec may
    /// write, and for a file that must be written to be opened at all (an empty file, an
    /// older schema to upgrade), it is opened as [`Store::open_existing`] does.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if let Err(e) = std::fs::metadata(path)
            && e.kind() == io::ErrorKind::NotFound
        {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        files::check_file(path)?;
        files::remove_stale_temporaries(&files::folder_of(path));
        if files::may_write(path) {
            // Opened for writing, it is tidied up on closing (its -wal and -shm removed). The
            // file and its folder were just looked at: not twice.
            return Store::open_checked(path, schema::MIGRATIONS);
        }
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let conn = files::open_for_reading(path)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(open_err)?;
        let supported = schema::MIGRATIONS.len() as i64;
        if found > supported {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found, supported });
        }
        if found < supported {
            // Not chec's, empty, or to be upgraded: the full open tells which, and writes.
            drop(conn);
            return Store::open_existing(path);
        }
        configure(&conn).map_err(open_err)?;
        Ok(Store::on(conn, Some(path), true, default_actor()))
    }

    /// [`Store::open`] with a given list of migrations; lets tests play a newer chec.
    #[doc(hidden)]
    pub fn open_with_schema(path: &Path, steps: &[&'static str]) -> Result<Store> {
        files::create_private_file(path)?;
        Store::open_file(path, steps)
    }

    fn open_file(path: &Path, steps: &[&'static str]) -> Result<Store> {
        files::check_file(path)?;
        files::remove_stale_temporaries(&files::folder_of(path));
        Store::open_checked(path, steps)
    }

    /// [`Store::open_file`] once the file has been checked and its folder tidied.
    fn open_checked(path: &Path, steps: &[&'static str]) -> Result<Store> {
        files::check_writable_folder(path)?;
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(files::sqlite_name(path), flags).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;

        // Look before touching anything: these reads change nothing in the file.
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(open_err)?;
        let supported = steps.len() as i64;
        if found > supported {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found, supported });
        }
        if found == 0 {
            let objects: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(open_err)?;
            if objects > 0 {
                return Err(StoreError::NotChec { path: path.to_path_buf() });
            }
            // A new database gets pages four times SQLite's 4 KiB, set before anything is
            // written (the log, once on, fixes the size). A first import of 1,000,000 items
            // splits fewer B-tree pages and scans and sorts its indexes from fewer, fuller
            // ones: 85–87 s instead of 95–99 s on the BENCHMARKS machine (32 KiB was no
            // faster, 64 KiB slower). An older database keeps the size it was made with.
            conn.execute_batch(&format!("PRAGMA page_size = {PAGE_SIZE}")).map_err(open_err)?;
        }

        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NoWal { path: path.to_path_buf(), mode });
        }
        configure(&conn).map_err(open_err)?;

        if found > 0 && found < supported {
            let backup = files::pre_migration_backup_path(path, found);
            files::backup_connection(&conn, &backup)?;
        }
        schema::migrations(steps)
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Migrate { path: path.to_path_buf(), source: Box::new(e) })?;
        let actor = default_actor();
        if supported >= schema::EVENTS_SINCE {
            backfill::backfill_if_needed(&mut conn, &actor)?;
        }
        Ok(Store::on(conn, Some(path), supported >= schema::EVENTS_SINCE, actor))
    }

    fn on(conn: Connection, path: Option<&Path>, keeps_events: bool, actor: String) -> Store {
        Store {
            conn,
            path: path.map(Path::to_path_buf),
            actor,
            session: None,
            last_pass: Default::default(),
            clock: Clock::system(Zone::UTC),
            snapshots: Default::default(),
            keeps_events,
        }
    }

    /// A fresh database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        // (The pages of a file's, so tests and previews write as chec writes a file.)
        conn.execute_batch(&format!("PRAGMA page_size = {PAGE_SIZE}"))?;
        configure(&conn)?;
        schema::migrations(schema::MIGRATIONS)
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Migrate { path: ":memory:".into(), source: Box::new(e) })?;
        Ok(Store::on(conn, None, true, default_actor()))
    }

    /// Stamp writes with `clock`'s time from now on.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Record changes as made by `name` from now on.
    pub fn set_actor(&mut self, name: &str) {
        let name = crate::text::stored(name);
        if !name.is_empty() {
            self.actor = name;
        }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// This process's TUI session, once begun.
    pub fn session(&self) -> Option<&str> {
        self.session.as_deref()
    }

    /// The file behind the store; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Cap the database at `pages` pages (SQLite's `max_page_count`), so tests can make the
    /// disk "full" and check that nothing committed is lost and the error is clear.
    #[doc(hidden)]
    pub fn limit_pages(&self, pages: u32) -> Result<()> {
        self.conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }

    /// Stop waiting for the disk at each commit (`synchronous=OFF`), and keep up to 1 GB of
    /// the file in memory: a crash of the machine may then lose the last writes. Only for
    /// building a throwaway database in bulk (`examples/seed.rs`); the application never
    /// calls it.
    #[doc(hidden)]
    pub fn for_bulk_load(&self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        self.conn.pragma_update(None, "cache_size", -1_000_000)?;
        Ok(())
    }

    /// Run `f`'s writes in one transaction, committed once at the end if `f` returns `Ok`
    /// (rolled back otherwise): each write is a savepoint in it, so one that fails leaves
    /// nothing of itself, but none is durable until the end. A commit costs a write of every
    /// page changed, and with a big cache a pass over the cache (SQLite truncates it to the
    /// file's size at each commit); thousands of writes in one commit build a large database
    /// several times quicker (`examples/seed.rs`). The application never calls it: each user
    /// action is its own transaction.
    #[doc(hidden)]
    pub fn in_bulk<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(StoreError::from)?;
        match f(self) {
            Ok(value) => {
                self.conn.execute_batch("COMMIT").map_err(StoreError::from)?;
                Ok(value)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Run the reads in `read`, asking `stop` every thousand SQLite steps or so (some tens of
    /// microseconds) whether to give up; once it says yes, the read ends with
    /// [`StoreError::Interrupted`]. For reads a screen can leave for later while the user
    /// types on. Only reads: a write stopped this way would be rolled back.
    pub fn interruptible<T>(
        &self,
        stop: impl FnMut() -> bool + Send + 'static,
        read: impl FnOnce(&Store) -> Result<T>,
    ) -> Result<T> {
        const STEPS_BETWEEN_ASKS: std::ffi::c_int = 1000;
        /// Removes the handler however `read` ends, a panic included: left behind, it would
        /// stop the saves made on the way out.
        struct Removal<'a>(&'a Connection);
        impl Drop for Removal<'_> {
            fn drop(&mut self) {
                let _ = self.0.progress_handler(0, None::<fn() -> bool>);
            }
        }
        self.conn.progress_handler(STEPS_BETWEEN_ASKS, Some(stop))?;
        let removal = Removal(&self.conn);
        let result = read(self);
        drop(removal);
        match result {
            Err(StoreError::Sqlite(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) => {
                Err(StoreError::Interrupted)
            }
            other => other,
        }
    }

    /// A number that changes whenever another connection commits to the file, so a screen
    /// can tell when to reload.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Run `f` as one `BEGIN IMMEDIATE` transaction, committed if it returns `Ok`.
    ///
    /// IMMEDIATE takes the write lock up front, so two processes never both read and then
    /// fail to upgrade to a write; the busy timeout makes the second one wait its turn.
    fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Tx::begin(&mut self.conn, &self.clock, self.keeps_events)?;
        let value = f(&tx)?;
        tx.prepare_cached("UPDATE changes SET count = count + 1 WHERE id = 1")?.execute([])?;
        tx.commit()?;
        Ok(value)
    }

    /// [`Store::write`] for bookkeeping other screens need not reload for: heartbeats and
    /// autosaved drafts.
    fn write_quietly<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Tx::begin(&mut self.conn, &self.clock, self.keeps_events)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// A number every user action changes, by any process: compare it to know whether to
    /// reload. Cheap: one row.
    pub fn changes(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("SELECT count FROM changes WHERE id = 1")?.query_row([], |r| r.get(0))?)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// The login name, for history rows when nobody says otherwise.
fn default_actor() -> String {
    ["CHEC_USER", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().map(|s| crate::text::stored(&s)).filter(|s| !s.is_empty()))
        .or_else(login_name)
        .unwrap_or_else(|| "unknown".to_string())
}

/// The name this process's user logs in with, from the password database (for when the
/// environment says nothing, as under cron, systemd or `env -i`).
fn login_name() -> Option<String> {
    let uid = rustix::process::getuid().as_raw().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// One write transaction, stamped with one time: every row it writes carries the same `at`.
pub(crate) struct Tx<'c> {
    tx: Scope<'c>,
    at: chrono::DateTime<chrono::Utc>,
    /// Whether changes are written as events too (see `events.rs`).
    keeps_events: bool,
}

impl<'c> Tx<'c> {
    fn begin(conn: &'c mut Connection, clock: &Clock, keeps_events: bool) -> rusqlite::Result<Tx<'c>> {
        let tx = if conn.is_autocommit() {
            Scope::Transaction(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
        } else {
            // Inside [`Store::in_bulk`]'s transaction: one savepoint, so that a write that
            // fails still leaves nothing of itself behind.
            Scope::Savepoint(conn.savepoint()?)
        };
        Ok(Tx { tx, at: clock.now(), keeps_events })
    }

    fn commit(self) -> rusqlite::Result<()> {
        match self.tx {
            Scope::Transaction(tx) => tx.commit(),
            Scope::Savepoint(sp) => sp.commit(),
        }
    }

    /// The transaction's time, as stored.
    pub(crate) fn now(&self) -> String {
        crate::clock::stored(self.at)
    }

    /// A new record id: UUIDv7 at the transaction's time, so ids sort by creation time
    /// (monotonic within a thread, even for ids made in the same millisecond).
    pub(crate) fn new_id(&self) -> String {
        id_at(self.at)
    }
}

/// A new UUIDv7 at `at` (monotonic within a thread, even for ids made in the same
/// millisecond).
pub(crate) fn id_at(at: chrono::DateTime<chrono::Utc>) -> String {
    thread_local! {
        static CONTEXT: uuid::ContextV7 = const { uuid::ContextV7::new() };
    }
    CONTEXT.with(|context| {
        let secs = at.timestamp().max(0) as u64;
        uuid::Uuid::new_v7(uuid::Timestamp::from_unix(context, secs, at.timestamp_subsec_nanos())).to_string()
    })
}

/// A write of its own (a transaction), or one of many in [`Store::in_bulk`]'s (a savepoint).
enum Scope<'c> {
    Transaction(Transaction<'c>),
    Savepoint(Savepoint<'c>),
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match &self.tx {
            Scope::Transaction(tx) => tx,
            Scope::Savepoint(sp) => sp,
        }
    }
}
