//! Setting up a team, syncing, and what a sync has to say.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, anyhow, bail};

use super::files::{self, TEAM_FILE};
use super::git::Git;
use crate::domain::event::file_safe;
use crate::domain::{Role, Team};
use crate::storage::{Import, ImportReport, Problem, Store};

/// Where a database keeps its team things: `chec.db.team/` beside `chec.db`.
#[derive(Debug, Clone)]
pub struct Paths {
    pub dir: PathBuf,
    /// The clone of the team's repository.
    pub repo: PathBuf,
    /// Held while a sync runs, so two chec processes never sync the same clone at once.
    pub lock: PathBuf,
}

impl Paths {
    pub fn of(db: &Path) -> Paths {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "chec.db".into());
        name.push(".team");
        let dir = db.with_file_name(name);
        Paths { repo: dir.join("repo"), lock: dir.join("sync.lock"), dir }
    }
}

/// How many times a push refused because someone pushed first is tried again.
const PUSH_ATTEMPTS: u32 = 5;

/// What the git half of a sync did, and what it read for the import.
#[derive(Debug, Default)]
pub struct Exchange {
    pub import: Import,
    /// This machine's events committed now.
    pub sent: usize,
    /// Why the team's repository could not be reached, if it could not.
    pub offline: Option<String>,
    /// This machine's events not yet in the team's repository.
    pub waiting: usize,
    /// Once imported: the commit every file was read at, to be remembered in this file (the
    /// next sync reads only the files changed since).
    pub read_at: Option<(PathBuf, String)>,
}

/// Why a team command cannot do what was asked (people read it through
/// `crate::messages`, in their language).
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("another chec is syncing this database; try again in a moment")]
    Busy,
    #[error("this database does not share with a team yet: chec team init REMOTE, or chec team join REMOTE")]
    NoTeam,
    #[error("the team's clone {} is missing; join again with chec team join", .0.display())]
    CloneMissing(PathBuf),
    #[error("this database already shares with {0}")]
    AlreadyShares(String),
    #[error("{0} already holds a team's consultations: to work with them, chec team join {0}")]
    RemoteTaken(String),
    #[error("{0} is empty: start the team with chec team init {0}")]
    RemoteEmpty(String),
    #[error("only a lead of the team changes team.json; {0} is not one")]
    NotALead(String),
    #[error("{} is not a chec team repository (it has no events/ folder or team.json)", .0.display())]
    NotARepository(PathBuf),
    #[error(
        "{} already holds consultations; join with a database of its own (chec --db PATH team join {remote}), \
         or publish these with chec team init",
        .db.display()
    )]
    JoinNotEmpty { db: PathBuf, remote: String },
}

/// What a sync did.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub sent: usize,
    pub import: ImportReport,
    pub offline: Option<String>,
    pub waiting: usize,
    pub conflicts: usize,
}

impl SyncReport {
    /// The outcome in a sentence or two, for the command line and the status line.
    pub fn summary(&self) -> String {
        self.summary_in(crate::i18n::Lang::En)
    }

    /// [`SyncReport::summary`] in `lang`.
    pub fn summary_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::tr;
        let mut parts = Vec::new();
        match &self.offline {
            Some(why) => parts.push(tr!(lang, "sync-report-offline", why = why, n = self.waiting)),
            None => parts.push(tr!(lang, "sync-report-synced", sent = self.sent, received = self.import.new_events)),
        }
        if self.conflicts > 0 {
            parts.push(tr!(lang, "sync-report-conflicts", n = self.conflicts));
        }
        for (was, is) in &self.import.renumbered {
            parts.push(tr!(lang, "sync-report-renumbered", was = was, is = is));
        }
        for (was, is) in &self.import.renamed {
            parts.push(tr!(lang, "sync-report-renamed", was = was, is = is));
        }
        parts.join("; ")
    }
}

/// Debug builds only: `CHEC_SYNC_PAUSE=POINT` stops a sync at that point for a minute, after
/// writing the point's name to the file `CHEC_SYNC_PAUSE_FILE`, so that tests can kill it
/// there (`appended`, `committed`, `pushing`, `importing`). Release builds ignore it.
fn pause(point: &str) {
    if !cfg!(debug_assertions) || std::env::var("CHEC_SYNC_PAUSE").ok().as_deref() != Some(point) {
        return;
    }
    if let Ok(file) = std::env::var("CHEC_SYNC_PAUSE_FILE") {
        let _ = std::fs::write(file, point);
    }
    std::thread::sleep(Duration::from_secs(60));
}

/// A lock file held (flock) until dropped; the kernel lets go if the process dies.
struct Lock {
    _file: std::fs::File,
}

fn lock(paths: &Paths, wait: bool) -> anyhow::Result<Lock> {
    std::fs::create_dir_all(&paths.dir).with_context(|| format!("cannot create {}", paths.dir.display()))?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&paths.lock)
        .with_context(|| format!("cannot open {}", paths.lock.display()))?;
    use rustix::fs::{FlockOperation, flock};
    if wait {
        flock(&file, FlockOperation::LockExclusive)
            .map_err(|e| anyhow!("cannot lock {}: {e}", paths.lock.display()))?;
        return Ok(Lock { _file: file });
    }
    // Unattended, wait a little only: a process just started (git) may hold a copy of the
    // lock for the moment before it runs.
    let started = std::time::Instant::now();
    while flock(&file, FlockOperation::NonBlockingLockExclusive).is_err() {
        if started.elapsed() > Duration::from_secs(3) {
            return Err(TeamError::Busy.into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(Lock { _file: file })
}

/// Undo what a sync killed half-way left in the clone: a held index lock, a rebase or merge
/// under way, lines appended but not committed (they are written again from the database).
fn recover(git: &Git) -> anyhow::Result<()> {
    let dot_git = git.dir().join(".git");
    // git's own locks, left by a git that died with the chec that ran it (none runs now:
    // the sync lock is held, and a chec's git ends with it).
    remove_locks(&dot_git);
    if dot_git.join("rebase-merge").exists() || dot_git.join("rebase-apply").exists() {
        let _ = git.run(&["rebase", "--abort"]);
    }
    if dot_git.join("MERGE_HEAD").exists() {
        let _ = git.run(&["merge", "--abort"]);
    }
    if has_commits(git) {
        git.run(&["reset", "-q", "--hard", "HEAD"])?;
    } else {
        let _ = git.run(&["rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", files::EVENTS]);
    }
    git.run(&["clean", "-f", "-d", "-q", "--", files::EVENTS])?;
    Ok(())
}

/// Remove git's `*.lock` files in `.git` (HEAD.lock, index.lock, …) and under `.git/refs`.
fn remove_locks(dot_git: &Path) {
    fn remove_in(dir: &Path, deep: bool) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                if deep {
                    remove_in(&path, true);
                }
            } else if path.extension().is_some_and(|e| e == "lock") {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    remove_in(dot_git, false);
    remove_in(&dot_git.join("refs"), true);
}

fn has_commits(git: &Git) -> bool {
    git.succeeds(&["rev-parse", "--verify", "-q", "HEAD"])
}

/// The git half of a sync: commit this machine's new events, fetch, rebase, push; then
/// read what is new in the files. `unattended`: never ask on the terminal (background).
pub fn exchange(store: &mut Store, db: &Path, unattended: bool) -> anyhow::Result<Exchange> {
    let state = store.team_state()?;
    let (Some(_), Some(branch)) = (&state.remote, &state.branch) else {
        return Err(TeamError::NoTeam.into());
    };
    let paths = Paths::of(db);
    let _lock = lock(&paths, !unattended)?;
    if !paths.repo.join(".git").is_dir() {
        return Err(TeamError::CloneMissing(paths.repo.clone()).into());
    }
    let git = Git::new(&paths.repo, unattended);
    // A sync that did not finish (killed, failed) leaves this mark: clean up after it first.
    let unfinished = paths.dir.join("sync.unfinished");
    let was_unfinished = unfinished.exists();
    if was_unfinished {
        recover(&git)?;
    }
    std::fs::write(&unfinished, b"").with_context(|| format!("cannot write {}", unfinished.display()))?;
    let mut exchange = Exchange::default();

    // This machine's events: those a killed sync committed are marked sent; the rest are
    // appended to their files and committed.
    // A page at a time: publishing a whole record must not hold it all in memory.
    const PAGE: usize = 10_000;
    // Only a sync that did not finish can have committed events it did not mark sent (it
    // marks them right after the commit): only then are this device's files read through,
    // which costs as much as its whole history. (Were an event written twice all the same,
    // say by a database brought back from a backup, the second line is the same event and
    // every reader skips it by its id.)
    let committed = if was_unfinished { files::ids_of_device(&paths.repo, &state.device)? } else { HashSet::new() };
    let mut written: Vec<String> = Vec::new();
    let mut paths_written: std::collections::BTreeSet<String> = Default::default();
    let mut author = String::new();
    let mut after: Option<(u64, String)> = None;
    loop {
        let page = store.unsent_events_after(after.as_ref().map(|(l, id)| (*l, id.as_str())), PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some((last.lamport, last.id.clone()));
        let (already, to_write): (Vec<_>, Vec<_>) = page.into_iter().partition(|e| committed.contains(&e.id));
        store.mark_sent(&already.into_iter().map(|e| e.id).collect::<Vec<_>>())?;
        if let Some(e) = to_write.last() {
            author = e.author.clone();
        }
        paths_written.extend(files::append(&paths.repo, &to_write)?);
        written.extend(to_write.into_iter().map(|e| e.id));
    }
    if !written.is_empty() {
        pause("appended");
        // Only the files written are hashed into the index: git neither walks the folders
        // nor matches patterns (`git add` did both, over every file of the history).
        let list: Vec<u8> = paths_written.iter().flat_map(|p| p.bytes().chain([0])).collect();
        git.run_with_input(&["update-index", "--add", "-z", "--stdin"], &list)?;
        let n = written.len();
        let message = format!("chec: {n} change{} by {author} on {}", if n == 1 { "" } else { "s" }, state.device);
        git.run(&["commit", "-q", "--no-verify", "-m", &message])?;
        pause("committed");
        store.mark_sent(&written)?;
        exchange.sent = n;
    }

    let remote_branch = format!("origin/{branch}");
    let mut attempt = 0;
    let mut pushed = false;
    loop {
        attempt += 1;
        if let Err(e) = fetch(&git, branch) {
            exchange.offline = Some(short(&e.to_string()));
            break;
        }
        let (ahead, behind) =
            match git.run(&["rev-list", "--left-right", "--count", &format!("HEAD...{remote_branch}")]) {
                Ok(counts) => {
                    let mut n = counts.split_whitespace().map(|n| n.parse::<usize>().unwrap_or(0));
                    (n.next().unwrap_or(0), n.next().unwrap_or(0))
                }
                // No branch on the remote yet (a new team), or nothing committed here yet.
                Err(_) if has_commits(&git) => (1, 0),
                Err(_) if git.succeeds(&["rev-parse", "--verify", "-q", &remote_branch]) => (0, 1),
                Err(_) => (0, 0),
            };
        if behind > 0 && ahead == 0 {
            git.run(&["reset", "-q", "--hard", &remote_branch])?;
        } else if behind > 0
            && let Err(e) = git.run(&["rebase", "-q", &remote_branch])
        {
            let _ = git.run(&["rebase", "--abort"]);
            bail!(
                "this machine's commits and the team's touch the same file, so they cannot be put one after the \
                 other ({}); settle it by hand in {}",
                short(&e.to_string()),
                paths.repo.display()
            );
        }
        if ahead == 0 {
            pushed = true;
            break;
        }
        pause("pushing");
        match git.run(&["push", "-q", "origin", &format!("HEAD:refs/heads/{branch}")]) {
            Ok(_) => {
                pushed = true;
                break;
            }
            Err(e) if e.is_rejected_push() && attempt < PUSH_ATTEMPTS => {
                // Someone pushed first: take theirs and go again, a little later each time.
                std::thread::sleep(Duration::from_millis(100 * u64::from(attempt)));
            }
            Err(e) if e.is_rejected_push() => {
                exchange.offline = Some(format!("the push was refused {PUSH_ATTEMPTS} times, others keep pushing"));
                break;
            }
            Err(e) => {
                exchange.offline = Some(short(&e.to_string()));
                break;
            }
        }
    }
    exchange.waiting =
        store.unsent_count()? + if pushed { 0 } else { unpushed(&git, &paths.repo, &remote_branch, &state.device)? };
    let (import, read_at) =
        read_changed(&git, store, state.roles.as_deref(), &paths.dir.join("imported"), (!was_unfinished, false))?;
    exchange.import = import;
    exchange.read_at = read_at;
    std::fs::remove_file(&unfinished).with_context(|| format!("cannot remove {}", unfinished.display()))?;
    Ok(exchange)
}

/// The file to remember a commit in, and the commit.
type ReadAt = Option<(PathBuf, String)>;

/// Read what is new in the clone or checkout `git` runs in: only the files git says changed
/// between the commit the last import read (kept in the file `remembered`) and the one
/// checked out. With a file per consultation, person and month, walking them all cost more
/// than the rest of a sync. Any doubt (nothing remembered, a commit git does not know, a
/// sync that did not finish: `trust` false, no git) reads them all. Returns what to
/// remember once this is imported.
///
/// `work_tree`: also read the event files git reports as not committed (`git status`:
/// untracked, or changed since checked out), for a checkout a person may have copied files
/// into by hand (`--team-dir`). A sync's own clone is written by chec alone, and what it
/// has not committed is not the team's: it reads commits only.
fn read_changed(
    git: &Git,
    store: &Store,
    roles: Option<&str>,
    remembered: &Path,
    (trust, work_tree): (bool, bool),
) -> anyhow::Result<(Import, ReadAt)> {
    let root = git.dir();
    let head = git.run(&["rev-parse", "-q", "--verify", "HEAD"]).ok();
    // (A database that has read no file yet reads them all, whatever was remembered.)
    let since = if trust && store.has_read_team_files()? { std::fs::read_to_string(remembered).ok() } else { None };
    let since = since.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let names = |out: String| out.split('\0').filter(|n| !n.is_empty()).map(str::to_string).collect::<Vec<_>>();
    let mut changed = match (&since, &head) {
        // Commit to commit (what is not committed is asked for below, by name).
        (Some(since), Some(head)) => {
            git.run(&["diff", "--name-only", "-z", "--no-renames", since, head, "--", files::EVENTS]).ok().map(names)
        }
        _ => None,
    };
    if work_tree && let Some(more) = changed.as_mut().map(|_| uncommitted(git)) {
        match more {
            Some(more) => changed.iter_mut().for_each(|c| c.extend(more.iter().cloned())),
            None => changed = None,
        }
    }
    // How far each file was read: of the files git named only (there may be tens of
    // thousands of files, and a sync touches a few hundred), else of all.
    let import = match changed {
        Some(mut changed) => {
            changed.sort();
            changed.dedup();
            files::read_these(root, &changed, &store.team_files_of(&changed)?, roles)?
        }
        None => files::read_new(root, &store.team_files()?, roles)?,
    };
    Ok((import, head.map(|head| (remembered.to_path_buf(), head))))
}

/// The event files of a checkout that git reports as not committed: untracked, or changed
/// in the work tree or the index (`git status --porcelain`); `None` if git cannot tell.
fn uncommitted(git: &Git) -> Option<Vec<String>> {
    let out = git
        .run_raw(&["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", files::EVENTS])
        .ok()?;
    // Each entry is `XY PATH`; the status letters say nothing a read needs (a deleted file
    // is not there to read).
    Some(out.split('\0').filter_map(|entry| entry.get(3..)).filter(|p| !p.is_empty()).map(str::to_string).collect())
}

/// `git fetch` of the team's branch only (no other branch, no tags, however much else the
/// repository holds); once more after a moment when a lock of git's own was in the way
/// (another git finishing in the clone).
fn fetch(git: &Git, branch: &str) -> Result<String, super::git::GitError> {
    let mut tries = 0;
    let only = format!("+refs/heads/{branch}:refs/remotes/origin/{branch}");
    let mut args = vec!["fetch", "-q", "--no-tags", "origin", only.as_str()];
    loop {
        match git.run(&args) {
            // A new team's repository has no branch until its first push: fetch what it has.
            Err(super::git::GitError::Failed { message, .. })
                if args.len() == 5 && message.contains("couldn't find remote ref") =>
            {
                args.pop();
            }
            Err(super::git::GitError::Failed { message, .. })
                if tries < 5 && (message.contains("cannot lock ref") || message.contains(".lock")) =>
            {
                tries += 1;
                std::thread::sleep(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// This device's events committed in the clone but not yet in the team's repository.
fn unpushed(git: &Git, repo: &Path, remote_branch: &str, device: &str) -> anyhow::Result<usize> {
    if !git.succeeds(&["rev-parse", "--verify", "-q", remote_branch]) {
        return Ok(files::lines_of_device(repo, device)?);
    }
    let stat = git.run(&["diff", "--numstat", remote_branch, "HEAD", "--", files::EVENTS])?;
    Ok(stat
        .lines()
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let added = parts.next()?.parse::<usize>().ok()?;
            let path = parts.nth(1)?;
            files::of_device(path, device).then_some(added)
        })
        .sum())
}

/// The first line of a git message, for a status line.
fn short(message: &str) -> String {
    let line = message.lines().find(|l| !l.trim().is_empty()).unwrap_or(message);
    line.trim().chars().take(160).collect()
}

/// Apply what an exchange read: import it, and remember how the sync went.
pub fn finish(store: &mut Store, exchange: Exchange) -> anyhow::Result<SyncReport> {
    pause("importing");
    let import = store.import(exchange.import)?;
    if let Some((file, head)) = &exchange.read_at {
        // Not remembered: the next sync reads every file, which is only slower.
        let _ = std::fs::write(file, head);
    }
    store.record_sync(exchange.offline.as_deref().map(|o| format!("offline: {o}")).as_deref())?;
    Ok(SyncReport {
        sent: exchange.sent,
        import,
        offline: exchange.offline,
        waiting: exchange.waiting,
        conflicts: store.conflict_count()?,
    })
}

/// A whole sync: [`exchange`], then [`finish`].
pub fn sync(store: &mut Store, db: &Path, unattended: bool) -> anyhow::Result<SyncReport> {
    match exchange(store, db, unattended) {
        Ok(exchange) => finish(store, exchange),
        Err(e) => {
            let _ = store.record_sync(Some(&short(&format!("{e:#}"))));
            Err(e)
        }
    }
}

/// Clone `remote` into a fresh `repo` folder (replacing a leftover of an earlier attempt).
fn clone(paths: &Paths, remote: &str) -> anyhow::Result<Git> {
    std::fs::create_dir_all(&paths.dir).with_context(|| format!("cannot create {}", paths.dir.display()))?;
    if paths.repo.exists() {
        std::fs::remove_dir_all(&paths.repo).with_context(|| format!("cannot clear {}", paths.repo.display()))?;
    }
    // What an earlier clone's import read means nothing to this one.
    let _ = std::fs::remove_file(paths.dir.join("imported"));
    let git = Git::new(&paths.repo, false);
    git.run_in(&paths.dir, &["clone", "-q", remote, "repo"])
        .map_err(|e| anyhow!("cannot clone {remote}: {}", short(&e.to_string())))?;
    Ok(git)
}

/// Commit as the person when git knows no one (a fresh CI machine, a new laptop).
fn ensure_identity(git: &Git, actor: &str, device: &str) -> anyhow::Result<()> {
    if git.run(&["config", "user.email"]).is_err() {
        git.run(&["config", "user.email", &format!("{}@{}.chec.invalid", file_safe(actor), file_safe(device))])?;
    }
    if git.run(&["config", "user.name"]).is_err() {
        git.run(&["config", "user.name", actor])?;
    }
    Ok(())
}

/// Start sharing this database's consultations through the (empty) repository `remote`:
/// its whole record goes in as events, and this person is the team's first lead.
pub fn init(store: &mut Store, db: &Path, remote: &str) -> anyhow::Result<SyncReport> {
    if let Some(current) = store.team_state()?.remote {
        return Err(TeamError::AlreadyShares(current.to_string()).into());
    }
    let paths = Paths::of(db);
    let _lock = lock(&paths, true)?;
    let git = clone(&paths, remote)?;
    if !files::event_files(&paths.repo)?.is_empty() {
        let _ = std::fs::remove_dir_all(&paths.repo);
        return Err(TeamError::RemoteTaken(remote.to_string()).into());
    }
    // The branch the repository's HEAD names (even while it has no commits), so a plain
    // `git clone` of it, as CI does, checks out the events.
    let branch = git.run(&["symbolic-ref", "--short", "HEAD"]).unwrap_or_default();
    let branch = if branch.is_empty() {
        git.run(&["symbolic-ref", "HEAD", "refs/heads/main"])?;
        "main".to_string()
    } else {
        branch
    };
    let device = store.device()?;
    ensure_identity(&git, store.actor(), &device)?;
    let repo = &paths.repo;
    if !repo.join(TEAM_FILE).exists() {
        // The one starting the team leads it; everyone whose changes this database holds
        // is a consultant, so that what is published is not kept aside. A lead changes
        // roles with `chec team member`.
        let mut team = Team::default();
        team.set_member(store.actor(), Role::Lead);
        for author in store.event_authors()? {
            if team.role_of(&author).is_none() {
                team.set_member(&author, Role::Consultant);
            }
        }
        std::fs::write(repo.join(TEAM_FILE), team.to_json())?;
    }
    write_if_missing(&repo.join(".gitattributes"), GITATTRIBUTES)?;
    write_if_missing(&repo.join(".gitignore"), GITIGNORE)?;
    write_if_missing(&repo.join("README.md"), README)?;
    git.run(&["add", "--", TEAM_FILE, ".gitattributes", ".gitignore", "README.md"])?;
    git.run(&["commit", "-q", "--no-verify", "-m", "chec: a team shares its consultations here"])?;
    store.set_team_remote(remote, &branch)?;
    drop(_lock);
    sync(store, db, false)
}

/// Join the team whose repository is `remote`, with a database that holds nothing yet:
/// every consultation comes from the repository.
pub fn join(store: &mut Store, db: &Path, remote: &str) -> anyhow::Result<SyncReport> {
    if let Some(current) = store.team_state()?.remote {
        return Err(TeamError::AlreadyShares(current.to_string()).into());
    }
    if store.count_consultations("")? > 0 {
        return Err(TeamError::JoinNotEmpty { db: db.to_path_buf(), remote: remote.to_string() }.into());
    }
    let paths = Paths::of(db);
    let _lock = lock(&paths, true)?;
    let git = clone(&paths, remote)?;
    let branch = if has_commits(&git) {
        git.run(&["symbolic-ref", "--short", "HEAD"])?
    } else {
        // The repository's HEAD names a branch it does not have: take main, else any.
        let branches = git.run(&["for-each-ref", "--format=%(refname:lstrip=3)", "refs/remotes/origin"])?;
        let branches: Vec<&str> = branches.lines().filter(|b| *b != "HEAD").collect();
        let Some(branch) = ["main", "master"].into_iter().find(|b| branches.contains(b)).or(branches.first().copied())
        else {
            return Err(TeamError::RemoteEmpty(remote.to_string()).into());
        };
        git.run(&["checkout", "-q", "-B", branch, &format!("origin/{branch}")])?;
        branch.to_string()
    };
    ensure_identity(&git, store.actor(), &store.device()?)?;
    store.set_team_remote(remote, &branch)?;
    drop(_lock);
    sync(store, db, false)
}

fn write_if_missing(path: &Path, text: &str) -> anyhow::Result<()> {
    if !path.exists() {
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

const GITATTRIBUTES: &str = "# Each events file has one writer; should two ever meet, keep both sides' lines.\n\
                             events/**/*.jsonl merge=union\n";
const GITIGNORE: &str =
    "# chec --team-dir keeps its cache here when the checkout has no .git folder.\n.chec-cache.db*\n";
const README: &str = "# Consultations shared with chec\n\n\
This repository is written by [chec](https://github.com/) (`chec sync`). `events/<consultation>/` holds\n\
one file per person, machine and month (`<author>-<device>@<yyyy-mm>.jsonl`), one change a line; `team.json` lists the members and their roles (consultant,\n\
developer, lead). Do not edit the event files by hand: chec refuses lines it cannot trust and says where.\n";

/// Add `name` to `team.json` with `role` (or change their role), committed in the clone; the
/// next sync pushes it. Only a lead changes the team, when the team has leads.
pub fn set_member(store: &mut Store, db: &Path, name: &str, role: Role) -> anyhow::Result<()> {
    if store.team_state()?.remote.is_none() {
        return Err(TeamError::NoTeam.into());
    }
    let paths = Paths::of(db);
    let _lock = lock(&paths, true)?;
    let git = Git::new(&paths.repo, false);
    recover(&git)?;
    let path = paths.repo.join(TEAM_FILE);
    let mut team = match std::fs::read_to_string(&path) {
        Ok(text) => Team::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Team::default(),
        Err(e) => bail!("cannot read {}: {e}", path.display()),
    };
    let has_leads = team.members.iter().any(|m| m.role == Role::Lead);
    if has_leads && team.role_of(store.actor()) != Some(Role::Lead) {
        return Err(TeamError::NotALead(store.actor().to_string()).into());
    }
    team.set_member(name, role);
    std::fs::write(&path, team.to_json()).with_context(|| format!("cannot write {}", path.display()))?;
    git.run(&["add", "--", TEAM_FILE])?;
    let message = format!("chec: {} is a {} of the team", crate::text::normalize(name.trim()), role.label());
    git.run(&["commit", "-q", "--no-verify", "-m", &message])?;
    Ok(())
}

/// Where a team stands, for `chec team status` and the TUI's header.
#[derive(Debug, Clone, Default)]
pub struct TeamStatus {
    pub remote: Option<String>,
    pub branch: Option<String>,
    pub device: String,
    pub clone: PathBuf,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
    /// This machine's changes not yet in the team's repository.
    pub waiting: usize,
    pub conflicts: usize,
    pub problems: Vec<Problem>,
    /// This person's role, when team.json lists them.
    pub role: Option<Role>,
    pub members: usize,
}

/// Where the team stands, from the database and the clone (no network).
pub fn status(store: &Store, db: &Path) -> anyhow::Result<TeamStatus> {
    let state = store.team_state()?;
    let paths = Paths::of(db);
    let team = state.roles.as_deref().and_then(|t| Team::parse(t).ok());
    let mut waiting = store.unsent_count()?;
    if let Some(branch) = &state.branch
        && paths.repo.join(".git").is_dir()
    {
        let git = Git::new(&paths.repo, true);
        waiting += unpushed(&git, &paths.repo, &format!("origin/{branch}"), &state.device).unwrap_or(0);
    }
    Ok(TeamStatus {
        remote: state.remote,
        branch: state.branch,
        device: state.device,
        clone: paths.repo,
        last_sync: state.last_sync,
        last_error: state.last_error,
        waiting,
        conflicts: store.conflict_count()?,
        problems: store.team_problems()?,
        role: team.as_ref().and_then(|t| t.role_of(store.actor())),
        members: team.map_or(0, |t| t.members.len()),
    })
}

/// The cache database of a checked-out team repository (`--team-dir`): kept in its `.git`
/// folder when it has one (so it never shows as a change), else beside the files (ignored by
/// the repository's `.gitignore`).
pub fn cache_path(team_dir: &Path) -> PathBuf {
    let git = team_dir.join(".git");
    if git.is_dir() { git.join("chec-cache.db") } else { team_dir.join(".chec-cache.db") }
}

/// Bring the cache database of a checked-out team repository up to date with its files and
/// open it: the first time, every event is imported; later, only new lines.
pub fn open_cache(team_dir: &Path) -> anyhow::Result<(Store, ImportReport)> {
    if !team_dir.join(files::EVENTS).is_dir() && !team_dir.join(TEAM_FILE).is_file() {
        return Err(TeamError::NotARepository(team_dir.to_path_buf()).into());
    }
    let cache = cache_path(team_dir);
    // A cache made now has read nothing, whatever a file says it read.
    let had_cache = cache.exists();
    let mut store = Store::open(&cache)?;
    let roles = store.team_state()?.roles;
    // In a git checkout, only what changed since the last import is read (see read_changed).
    let (import, read_at) = if team_dir.join(".git").is_dir() {
        let remembered = team_dir.join(".git").join("chec-cache.imported");
        read_changed(&Git::new(team_dir, true), &store, roles.as_deref(), &remembered, (had_cache, true))
    } else {
        Ok((files::read_new(team_dir, &store.team_files()?, roles.as_deref())?, None))
    }
    .with_context(|| format!("cannot read {}", team_dir.display()))?;
    let report = store.import(import)?;
    if let Some((file, head)) = read_at {
        let _ = std::fs::write(file, head);
    }
    Ok((store, report))
}
