//! The git half of a sync: commit this machine's new events in its clone, push them (after
//! a fetch and a rebase when someone pushed first), bring in what others pushed, and read
//! the files that changed.
//!
//! Each step asks git for as little as it can: a clone holds one file per consultation,
//! person and month (tens of thousands of files at a large team), and an everyday sync
//! changes a few hundred. No step here looks at every file of the work tree: commits are
//! made from the files named (`update-index`, `write-tree`, `commit-tree`), what others
//! pushed is checked out file by file (`reset --keep`), and what to read comes from a diff
//! of two commits.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, bail};

use super::files::{self, Appended};
use super::git::{Git, GitError};
use super::sync::{Paths, TeamError, lock, short};
use crate::storage::{Import, Store};

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

/// Debug builds only: `CHEC_SYNC_PAUSE=POINT` stops a sync at that point for a minute, after
/// writing the point's name to the file `CHEC_SYNC_PAUSE_FILE`, so that tests can kill it
/// there (`appended`, `committed`, `pushing`, `importing`). Release builds ignore it.
pub(super) fn pause(point: &str) {
    if !cfg!(debug_assertions) || std::env::var("CHEC_SYNC_PAUSE").ok().as_deref() != Some(point) {
        return;
    }
    if let Ok(file) = std::env::var("CHEC_SYNC_PAUSE_FILE") {
        let _ = std::fs::write(file, point);
    }
    std::thread::sleep(Duration::from_secs(60));
}

/// Undo what a sync killed half-way left in the clone: a held index lock, a rebase or merge
/// under way, lines appended but not committed (they are written again from the database).
pub(super) fn recover(git: &Git) -> anyhow::Result<()> {
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

pub(super) fn has_commits(git: &Git) -> bool {
    git.succeeds(&["rev-parse", "--verify", "-q", "HEAD"])
}

/// The git half of a sync: commit this machine's new events, push (fetch and rebase first
/// when someone pushed first), or fetch when there is nothing to push; then read what is
/// new in the files. `unattended`: never ask on the terminal (background).
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
    let mut appended: HashMap<String, Appended> = HashMap::new();
    let mut author = String::new();
    let mut after: Option<(u64, String)> = None;
    // One month for the whole sync, the one its lines are written in.
    let written_in = store.clock().now();
    loop {
        let page = store.unsent_events_after(after.as_ref().map(|(l, id)| (*l, id.as_str())), PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some((last.lamport, last.id.clone()));
        let (already, to_write): (Vec<_>, Vec<_>) = page.into_iter().partition(|e| committed.contains(&e.id));
        store.mark_sent(&already.into_iter().map(|e| e.id).collect::<Vec<_>>())?;
        if let Some(e) = to_write.last() {
            author = e.author.clone();
        }
        for (path, added) in files::append(&paths.repo, &to_write, written_in)? {
            appended
                .entry(path)
                .and_modify(|a| {
                    a.bytes += added.bytes;
                    a.lines += added.lines;
                })
                .or_insert(added);
        }
        written.extend(to_write.into_iter().map(|e| e.id));
    }
    // The commit checked out, once this sync knows it without asking git.
    let mut head: Option<String> = None;
    if !written.is_empty() {
        pause("appended");
        // Only the files written are hashed into the index: git neither walks the folders
        // nor matches patterns (`git add` did both, over every file of the history).
        let list: Vec<u8> =
            appended.keys().collect::<BTreeSet<_>>().into_iter().flat_map(|p| p.bytes().chain([0])).collect();
        git.run_with_input(&["update-index", "--add", "-z", "--stdin"], &list)?;
        let n = written.len();
        let message = format!("chec: {n} change{} by {author} on {}", if n == 1 { "" } else { "s" }, state.device);
        head = Some(commit_index(&git, &message)?);
        pause("committed");
        store.mark_sent(&written)?;
        exchange.sent = n;
    }

    let remote_branch = format!("origin/{branch}");
    // A commit made now is not in the team's repository yet: push it straight away. If git
    // takes the push, the team's branch was an ancestor of it, so there is nothing to fetch;
    // if it refuses (someone pushed first), fetch and rebase as below and push again.
    let mut push_now = head.is_some();
    let mut fetched = false;
    let mut attempt = 0;
    let mut pushed = false;
    loop {
        attempt += 1;
        if !push_now {
            if let Err(e) = fetch(&git, branch) {
                exchange.offline = Some(short(&e.to_string()));
                break;
            }
            fetched = true;
            let apart = compare(&git, &remote_branch);
            if apart.behind > 0 && apart.ahead == 0 {
                head = Some(fast_forward(&git, apart.theirs.as_deref().unwrap_or(&remote_branch))?);
            } else if apart.behind > 0 {
                head = None;
                if let Err(e) = git.run(&["rebase", "-q", &remote_branch]) {
                    let _ = git.run(&["rebase", "--abort"]);
                    bail!(
                        "this machine's commits and the team's touch the same file, so they cannot be put one after \
                         the other ({}); settle it by hand in {}",
                        short(&e.to_string()),
                        paths.repo.display()
                    );
                }
            }
            if apart.ahead == 0 {
                pushed = true;
                break;
            }
        }
        push_now = false;
        pause("pushing");
        match push(&git, branch) {
            Ok(_) => {
                pushed = true;
                break;
            }
            Err(e) if e.is_rejected_push() && attempt < PUSH_ATTEMPTS => {
                // Someone pushed first: take theirs and go again, a little later each time
                // (at once after the first push, which fetched nothing before it).
                if fetched {
                    std::thread::sleep(Duration::from_millis(100 * u64::from(attempt)));
                }
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
    maintain(&git);
    exchange.waiting =
        store.unsent_count()? + if pushed { 0 } else { unpushed(&git, &paths.repo, &remote_branch, &state.device)? };
    let (import, read_at) = read_changed(
        &git,
        store,
        state.roles.as_deref(),
        &paths.dir.join("imported"),
        Reading { trust: !was_unfinished, work_tree: false, head, appended },
    )?;
    exchange.import = import;
    exchange.read_at = read_at;
    std::fs::remove_file(&unfinished).with_context(|| format!("cannot remove {}", unfinished.display()))?;
    Ok(exchange)
}

/// Commit the index on top of HEAD: `git write-tree`, `commit-tree`, `update-ref`. Unlike
/// `git commit`, none of them checks the work tree (`git commit` looked at every file of
/// the clone, tens of thousands, to see whether it changed: the files chec wrote are in the
/// index already), and none starts git's automatic maintenance (see [`maintain`]). Signed
/// when the person's git signs its commits (`commit.gpgSign`), as `git commit` would be:
/// `commit-tree` reads that setting only when told. Returns the new commit.
fn commit_index(git: &Git, message: &str) -> anyhow::Result<String> {
    let tree = git.run(&["write-tree"])?;
    let sign =
        git.run(&["config", "--type=bool", "--default=false", "--get", "commit.gpgsign"]).is_ok_and(|v| v == "true");
    let mut args = vec!["commit-tree", "-m", message];
    if sign {
        args.push("-S");
    }
    let commit = match git.run(&[&args[..], &["-p", "HEAD", tree.as_str()]].concat()) {
        Ok(commit) => commit,
        // The first commit of a clone of an empty repository has no parent.
        Err(_) if !has_commits(git) => git.run(&[&args[..], &[tree.as_str()]].concat())?,
        Err(e) => return Err(e.into()),
    };
    git.run(&["update-ref", "-m", &format!("commit: {message}"), "HEAD", &commit])?;
    Ok(commit)
}

/// How this clone's HEAD and the team's branch (as last fetched) stand apart.
#[derive(Debug, Default, PartialEq)]
struct Apart {
    /// Commits here that the team's branch lacks.
    ahead: usize,
    /// Commits on the team's branch that are not here.
    behind: usize,
    /// The team's last commit, when it is ahead.
    theirs: Option<String>,
}

/// [`Apart`], from `git rev-list --left-right --topo-order HEAD...TEAM`: one line a commit,
/// `<` for ours, `>` for theirs; in topological order a commit comes before its parents, so
/// the first of theirs is the team's last commit (every other one of theirs is its ancestor).
fn compare(git: &Git, remote_branch: &str) -> Apart {
    match git.run(&["rev-list", "--left-right", "--topo-order", &format!("HEAD...{remote_branch}")]) {
        Ok(listing) => apart_of(&listing),
        // No branch on the remote yet (a new team), or nothing committed here yet.
        Err(_) if has_commits(git) => Apart { ahead: 1, ..Apart::default() },
        Err(_) if git.succeeds(&["rev-parse", "--verify", "-q", remote_branch]) => {
            Apart { behind: 1, ..Apart::default() }
        }
        Err(_) => Apart::default(),
    }
}

fn apart_of(listing: &str) -> Apart {
    let mut apart = Apart::default();
    for line in listing.lines() {
        if line.starts_with('<') {
            apart.ahead += 1;
        } else if let Some(commit) = line.strip_prefix('>') {
            apart.behind += 1;
            apart.theirs.get_or_insert_with(|| commit.trim().to_string());
        }
    }
    apart
}

/// Move this clone to the team's commit `to` (nothing of this machine's is missing from
/// it): `git reset --keep` writes only the files that differ between the two commits (a
/// `reset --hard` checked every file of the clone); `--hard` if `--keep` refuses (a file in
/// the way that chec did not write). Returns the commit now checked out.
fn fast_forward(git: &Git, to: &str) -> anyhow::Result<String> {
    if git.run(&["reset", "-q", "--keep", to]).is_err() {
        git.run(&["reset", "-q", "--hard", to])?;
    }
    if to.len() == 40 && to.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(to.to_string())
    } else {
        Ok(git.run(&["rev-parse", "-q", "--verify", "HEAD"])?)
    }
}

/// Push HEAD to the team's branch. Its objects are packed with a smaller delta window than
/// git's (2 instead of 10): for the few hundred small files a sync changes, the pack's
/// processor time was halved, for a pack a few percent larger.
fn push(git: &Git, branch: &str) -> Result<String, GitError> {
    git.run(&["-c", "pack.window=2", "push", "-q", "origin", &format!("HEAD:refs/heads/{branch}")])
}

/// git's automatic maintenance (packing loose objects and small packs), which `git commit`
/// and `git fetch` start after their work to see whether there is any: a sync runs neither
/// (its fetch is told not to), and starts it only when there is work, judged as git judges
/// it with its default limits: loose objects, from those in one of the 256 folders they
/// are spread over (`objects/17`; `gc.auto`, 6,700 in all), and packs (`gc.autoPackLimit`,
/// 50). git then decides by the person's settings, in the background (packing a large clone
/// takes a while). An everyday sync saves a git process: there is rarely any work.
fn maintain(git: &Git) {
    if !needs_maintenance(&git.dir().join(".git").join("objects")) {
        return;
    }
    if git.run(&["maintenance", "run", "--auto", "--quiet", "--detach"]).is_err() {
        // A git older than `--detach` (2.47): its `gc --auto` goes to the background itself.
        let _ = git.run(&["maintenance", "run", "--auto", "--quiet"]);
    }
}

/// Whether git's automatic maintenance would find work in `objects` (see [`maintain`]).
fn needs_maintenance(objects: &Path) -> bool {
    const GIT_GC_AUTO: usize = 6_700;
    const GIT_GC_AUTO_PACK_LIMIT: usize = 50;
    let count = |folder: &Path, suffix: &str| {
        std::fs::read_dir(folder).map_or(0, |entries| {
            entries.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(suffix)).count()
        })
    };
    count(&objects.join("17"), "") > GIT_GC_AUTO.div_ceil(256)
        || count(&objects.join("pack"), ".pack") > GIT_GC_AUTO_PACK_LIMIT
}

/// The file to remember a commit in, and the commit.
type ReadAt = Option<(PathBuf, String)>;

/// How [`read_changed`] may read.
pub(super) struct Reading {
    /// Whether the commit remembered may be trusted (not after a sync that did not finish).
    pub trust: bool,
    /// Whether to read the event files that are not committed too (see [`read_changed`]).
    pub work_tree: bool,
    /// The commit checked out, when the caller knows it (else git is asked).
    pub head: Option<String>,
    /// What this sync appended to this device's files (see [`files::read_to_end_of_own`]).
    pub appended: HashMap<String, Appended>,
}

/// Read what is new in the clone or checkout `git` runs in: only the files git says changed
/// between the commit the last import read (kept in the file `remembered`) and the one
/// checked out, and none when they are the same commit. With a file per consultation,
/// person and month, walking them all cost more than the rest of a sync. Any doubt (nothing
/// remembered, a commit git does not know, a sync that did not finish: `trust` false, no
/// git) reads them all. Returns what to remember once this is imported.
///
/// `work_tree`: also read the event files git reports as not committed (`git status`:
/// untracked, or changed since checked out), for a checkout a person may have copied files
/// into by hand (`--team-dir`). A sync's own clone is written by chec alone, and what it
/// has not committed is not the team's: it reads commits only.
pub(super) fn read_changed(
    git: &Git,
    store: &Store,
    roles: Option<&str>,
    remembered: &Path,
    reading: Reading,
) -> anyhow::Result<(Import, ReadAt)> {
    let root = git.dir();
    // In a checkout, one `git status` says both what is not committed and the commit
    // checked out.
    let (head, uncommitted) = if reading.work_tree {
        match work_tree_status(git) {
            Some(status) => (status.head, Some(status.uncommitted)),
            None => (git.run(&["rev-parse", "-q", "--verify", "HEAD"]).ok(), None),
        }
    } else {
        (reading.head.or_else(|| git.run(&["rev-parse", "-q", "--verify", "HEAD"]).ok()), None)
    };
    // (A database that has read no file yet reads them all, whatever was remembered.)
    let since =
        if reading.trust && store.has_read_team_files()? { std::fs::read_to_string(remembered).ok() } else { None };
    let since = since.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let names = |out: String| out.split('\0').filter(|n| !n.is_empty()).map(str::to_string).collect::<Vec<_>>();
    let mut changed = match (&since, &head) {
        (Some(since), Some(head)) if since == head => Some(Vec::new()),
        // Commit to commit (what is not committed was asked for above).
        (Some(since), Some(head)) => {
            git.run(&["diff", "--name-only", "-z", "--no-renames", since, head, "--", files::EVENTS]).ok().map(names)
        }
        _ => None,
    };
    if reading.work_tree {
        match uncommitted {
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
            let marks = store.team_files_of(&changed)?;
            // This device's lines just committed are its own events: not read back.
            let own: Vec<(String, crate::storage::FileMark)> = if reading.appended.is_empty() {
                Vec::new()
            } else {
                let appended = reading.appended.into_iter().filter(|(path, _)| changed.binary_search(path).is_ok());
                files::read_to_end_of_own(root, &appended.collect(), &marks)
            };
            changed.retain(|path| own.binary_search_by(|(own, _)| own.cmp(path)).is_err());
            let mut import = files::read_these(root, &changed, &marks, roles)?;
            import.files.extend(own);
            import
        }
        None => files::read_new(root, &store.team_files()?, roles)?,
    };
    Ok((import, head.map(|head| (remembered.to_path_buf(), head))))
}

/// What `git status` says of a checkout.
#[derive(Debug, Default, PartialEq)]
struct WorkTree {
    /// The commit checked out (`None` before the first).
    head: Option<String>,
    /// Event files untracked, or changed in the work tree or the index.
    uncommitted: Vec<String>,
}

/// [`WorkTree`] from one `git status`; `None` if git cannot tell. git keeps what it found of
/// the folders in the checkout's index (its untracked cache, `core.untrackedCache`), so the
/// next run reads again only the folders that changed since, instead of every one of them;
/// that cache is kept only for the whole checkout (no path given) with every untracked file
/// listed by configuration (`status.showUntrackedFiles=all`). What it cannot spare is a
/// look at each committed file, to see whether it changed.
fn work_tree_status(git: &Git) -> Option<WorkTree> {
    let out = git
        .run_raw(&[
            "-c",
            "core.untrackedCache=true",
            "-c",
            "status.showUntrackedFiles=all",
            "status",
            "--porcelain=v2",
            "-z",
            "--branch",
            "--no-ahead-behind",
            "--untracked-files=all",
            "--no-renames",
            "--ignore-submodules=all",
        ])
        .ok()?;
    Some(parse_status(&out))
}

/// `git status --porcelain=v2 -z --branch`: `# branch.oid COMMIT` (or `(initial)`), then an
/// entry per path: `1 XY sub mH mI mW hH hI PATH`, `2 … X SCORE PATH` followed by the
/// original path, `u XY sub m1 m2 m3 mW h1 h2 h3 PATH`, `? PATH`. Which letters say nothing
/// a read needs (a deleted file is not there to read).
fn parse_status(out: &str) -> WorkTree {
    let mut status = WorkTree::default();
    let mut entries = out.split('\0');
    while let Some(entry) = entries.next() {
        let path = match entry.as_bytes().first() {
            Some(b'#') => {
                if let Some(commit) = entry.strip_prefix("# branch.oid ")
                    && commit != "(initial)"
                {
                    status.head = Some(commit.to_string());
                }
                None
            }
            Some(b'1') => entry.splitn(9, ' ').nth(8),
            Some(b'2') => {
                // The original path follows, as an entry of its own.
                entries.next();
                entry.splitn(10, ' ').nth(9)
            }
            Some(b'u') => entry.splitn(11, ' ').nth(10),
            Some(b'?') => entry.strip_prefix("? "),
            _ => None,
        };
        if let Some(path) = path
            && path.starts_with(&format!("{}/", files::EVENTS))
        {
            status.uncommitted.push(path.to_string());
        }
    }
    status
}

/// `git fetch` of the team's branch only (no other branch, no tags, however much else the
/// repository holds); once more after a moment when a lock of git's own was in the way
/// (another git finishing in the clone).
fn fetch(git: &Git, branch: &str) -> Result<String, GitError> {
    let mut tries = 0;
    let only = format!("+refs/heads/{branch}:refs/remotes/origin/{branch}");
    // (`--no-auto-gc`: see [`maintain`].)
    let mut args = vec!["fetch", "-q", "--no-tags", "--no-auto-gc", "origin", only.as_str()];
    loop {
        match git.run(&args) {
            // A new team's repository has no branch until its first push: fetch what it has.
            Err(GitError::Failed { message, .. })
                if args.len() == 6 && message.contains("couldn't find remote ref") =>
            {
                args.pop();
            }
            Err(GitError::Failed { message, .. })
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
pub(super) fn unpushed(git: &Git, repo: &Path, remote_branch: &str, device: &str) -> anyhow::Result<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_of_both_sides_counts_each_and_names_the_teams_last_commit() {
        let listing = ">c3\n<a2\n>c2\n<a1\n>c1\n";
        assert_eq!(apart_of(listing), Apart { ahead: 2, behind: 3, theirs: Some("c3".into()) });
        assert_eq!(apart_of(""), Apart::default());
        assert_eq!(apart_of("<a1\n"), Apart { ahead: 1, behind: 0, theirs: None });
    }

    #[test]
    fn a_status_names_the_commit_and_the_event_files_not_committed() {
        let out = "# branch.oid 0123456789abcdef0123456789abcdef01234567\0# branch.head main\0\
                   1 .M N... 100644 100644 100644 aaaa bbbb events/CARE/kim-a1@2026-11.jsonl\0\
                   2 R. N... 100644 100644 100644 aaaa bbbb R100 events/DOC/new name.jsonl\0events/DOC/old.jsonl\0\
                   u UU N... 100644 100644 100644 100644 aaaa bbbb cccc events/X/a b.jsonl\0\
                   ? events/NEW/이-b2@2026-11.jsonl\0? notes.txt\0";
        let status = parse_status(out);
        assert_eq!(status.head.as_deref(), Some("0123456789abcdef0123456789abcdef01234567"));
        assert_eq!(
            status.uncommitted,
            [
                "events/CARE/kim-a1@2026-11.jsonl",
                "events/DOC/new name.jsonl",
                "events/X/a b.jsonl",
                "events/NEW/이-b2@2026-11.jsonl"
            ]
        );
        assert_eq!(parse_status("# branch.oid (initial)\0").head, None);
    }

    #[test]
    fn maintenance_is_started_only_past_gits_own_limits_of_loose_objects_and_packs() {
        let dir = tempfile::tempdir().unwrap();
        let objects = dir.path();
        assert!(!needs_maintenance(objects), "an empty clone");
        let add = |folder: &str, name: String| {
            std::fs::create_dir_all(objects.join(folder)).unwrap();
            std::fs::write(objects.join(folder).join(name), b"").unwrap();
        };
        // git's estimate: 6,700 loose objects in all, about 27 in each of 256 folders.
        for n in 0..27 {
            add("17", format!("{n:038x}"));
        }
        assert!(!needs_maintenance(objects), "27 loose objects in objects/17");
        add("17", "f".repeat(38));
        assert!(needs_maintenance(objects), "28");
        std::fs::remove_dir_all(objects.join("17")).unwrap();
        for n in 0..50 {
            add("pack", format!("pack-{n:040x}.pack"));
            add("pack", format!("pack-{n:040x}.idx"));
        }
        assert!(!needs_maintenance(objects), "50 packs");
        add("pack", format!("pack-{:040x}.pack", 99));
        assert!(needs_maintenance(objects), "51 packs");
    }
}
