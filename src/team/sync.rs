//! Setting up a team, syncing, and what a sync has to say.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, anyhow, bail};

pub use super::exchange::{Exchange, exchange};
use super::exchange::{Reading, has_commits, pause, read_changed, recover, unpushed};
use super::files::{self, TEAM_FILE};
use super::git::Git;
use crate::domain::event::file_safe;
use crate::domain::{Role, Team};
use crate::storage::{ImportReport, Problem, Store};

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

/// A lock file held (flock) until dropped; the kernel lets go if the process dies.
pub(super) struct Lock {
    _file: std::fs::File,
}

pub(super) fn lock(paths: &Paths, wait: bool) -> anyhow::Result<Lock> {
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

/// The first line of a git message, for a status line.
pub(super) fn short(message: &str) -> String {
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
one file per person, machine and month sent in (`<author>-<device>@<yyyy-mm>.jsonl`), one change a line; `team.json` lists the members and their roles (consultant,\n\
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
        read_changed(
            &Git::new(team_dir, true),
            &store,
            roles.as_deref(),
            &remembered,
            Reading { trust: had_cache, work_tree: true, head: None, appended: Default::default() },
        )
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
