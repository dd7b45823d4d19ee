//! Nothing lost under crashes and concurrency (issue 6, guarantees 1 and 2), through the real
//! binary and the TUI's state, on file databases.
//!
//! - **Crash:** scripted writes run in child processes that are SIGKILLed at random points;
//!   after every kill the file passes `PRAGMA integrity_check`, still opens, and every
//!   acknowledged write is there. The same for the TUI killed while text is being typed: what
//!   was autosaved comes back on the next start.
//! - **Two at once:** two CLIs, or the TUI and a CLI, writing to one database: no "database is
//!   locked" reaches anyone, no write is lost, and the TUI shows the other process's changes
//!   without a key press (it watches `PRAGMA data_version`).
//!
//! Sizes: `CHEC_CRASH_KILLS` (default 25, full size 200) and `CHEC_CONCURRENT_WRITES` (default
//! 150, full size 1000). Random choices come from a xorshift generator seeded with [`SEED`],
//! which failure messages print, so a failing run can be replayed.

use crate::common;
use crate::common::app::open;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use chec::domain::Assessment;
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::{App, Status};
use common::pty::Pty;
use rustix::process::{Pid, Signal, kill_process, kill_process_group};

const CHEC: &str = env!("CARGO_BIN_EXE_chec");
/// Every random choice in this file starts from here.
const SEED: u64 = 0xC4EC_0006_5EED_2026;
const TODAY: &str = "2026-11-22";

// ---------------------------------------------------------------------------------------------
// Helpers

/// xorshift64*: small and deterministic, enough to choose delays and operations.
struct Rng(u64);

impl Rng {
    /// A generator for one test: the shared seed mixed with the test's own stream number.
    fn new(stream: u64) -> Rng {
        Rng((SEED ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A delay from 0 to `max_ms` milliseconds.
    fn millis(&mut self, max_ms: u64) -> Duration {
        Duration::from_millis(self.below(max_ms + 1))
    }
}

/// A size from the environment, else `default`.
fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn crash_kills() -> usize {
    size("CHEC_CRASH_KILLS", 25)
}

fn concurrent_writes() -> usize {
    size("CHEC_CONCURRENT_WRITES", 100)
}

/// Whether a message looks like SQLite contention reaching the user.
fn mentions_contention(text: &str) -> bool {
    let text = text.to_lowercase();
    text.contains("locked") || text.contains("busy")
}

/// A temporary database and config folder.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A fresh database holding the consultation CARE, at its first stage.
    fn with_care() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        let o = env.chec(&["new", "--key", "CARE", "--name", "돌봄 챗봇 | Care", "--team", "Care AI"]);
        assert_success(&o, "chec new");
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data/chec.db")
    }

    /// `program` with this environment's database, config folder and user; `$CHEC` is the binary.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("CHEC_DB", self.db())
            .env("CHEC_CONFIG_DIR", self.dir.path().join("config"))
            .env("CHEC_USER", "reliability")
            .env("CHEC", CHEC)
            .env_remove("NO_COLOR");
        cmd
    }

    fn chec(&self, args: &[&str]) -> Output {
        self.command(CHEC).args(args).output().unwrap()
    }

    /// Run chec; its stdout, or what went wrong: a non-zero exit or anything on stderr.
    fn chec_checked(&self, args: &[String]) -> Result<String, String> {
        let o = self.command(CHEC).args(args).output().map_err(|e| e.to_string())?;
        let stderr = String::from_utf8_lossy(&o.stderr);
        if !o.status.success() || !stderr.is_empty() {
            return Err(format!("`chec {}`: exit {:?}, stderr: {stderr}", args.join(" "), o.status.code()));
        }
        Ok(String::from_utf8_lossy(&o.stdout).into_owned())
    }

    /// `PRAGMA integrity_check` on the file, as one string (`ok` when healthy).
    fn integrity(&self) -> String {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut stmt = conn.prepare("PRAGMA integrity_check").unwrap();
        let rows: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        rows.join("\n")
    }

    /// Rows of `sql` on the file, every value as text (NULL as "").
    fn query(&self, sql: &str) -> Vec<Vec<String>> {
        common::db::query(&self.db(), sql)
    }

    /// Every item, through `chec items --status all --format json`.
    fn items(&self) -> Vec<serde_json::Value> {
        let o = self.chec(&["items", "--status", "all", "--sort", "key", "--format", "json"]);
        assert_success(&o, "chec items");
        serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout).unwrap()
    }

    /// An item's history, through `chec item show KEY --format json`.
    fn history(&self, key: &str) -> Vec<serde_json::Value> {
        let o = self.chec(&["item", "show", key, "--format", "json"]);
        assert_success(&o, &format!("chec item show {key}"));
        let item: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        item["history"].as_array().unwrap().clone()
    }
}

#[track_caller]
fn assert_success(o: &Output, what: &str) {
    let (stdout, stderr) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(
        o.status.success() && !mentions_contention(&stderr),
        "{what}: exit {:?} (seed {SEED:#x})\nstdout:\n{stdout}\nstderr:\n{stderr}",
        o.status.code()
    );
}

fn text(v: &serde_json::Value) -> &str {
    v.as_str().unwrap_or("")
}

/// The item key in a `Raised CARE-7 [medium] title` confirmation.
fn raised_key(stdout: &str) -> Option<String> {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("Raised "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(String::from)
}

// The TUI, in-process on a file database.

fn app_on(db: &Path) -> App {
    let mut store = Store::open(db).unwrap();
    store.set_actor("tui");
    common::app::on_day(store, TODAY)
}

fn selected_question(app: &App) -> String {
    app.view.as_ref().and_then(|v| v.selected_question_id()).expect("a question is selected")
}

/// Remember an error the status line shows.
fn note_error(app: &App, errors: &mut Vec<String>) {
    if let Some(Status::Error(e)) = &app.status {
        errors.push(e.clone());
    }
}

// The crash test's scripted writes.

/// One scripted write; `n` numbers it and names what it leaves in the database.
#[derive(Debug, Clone, PartialEq)]
enum Write {
    Add { n: usize },
    Set { n: usize, key: String, status: &'static str },
}

impl Write {
    fn n(&self) -> usize {
        match self {
            Write::Add { n } | Write::Set { n, .. } => *n,
        }
    }

    fn title(n: usize) -> String {
        format!("crash-{n} 기록")
    }

    fn note(n: usize) -> String {
        format!("crash-{n}")
    }

    /// A shell line: the write, then `ack N` once chec has exited 0.
    fn shell(&self) -> String {
        match self {
            Write::Add { n } => {
                format!("\"$CHEC\" item add CARE --title '{}' && echo 'ack {n}' || exit 1", Write::title(*n))
            }
            Write::Set { n, key, status } => format!(
                "\"$CHEC\" item set {key} --status {status} --note '{}' && echo 'ack {n}' || exit 1",
                Write::note(*n)
            ),
        }
    }
}

/// What a killed script printed, and whether the kill landed while it still ran.
struct Run {
    lines: Vec<String>,
    killed: bool,
    stderr: String,
}

/// Run `script` under `sh` in its own process group; once it has printed `acks`
/// acknowledgements, wait `delay` more and SIGKILL the whole group (the shell and the chec it
/// is running).
fn run_and_kill(env: &Env, script: &str, acks: usize, delay: Duration) -> Run {
    let stderr_path = env.dir.path().join("script-stderr");
    let mut child = env
        .command("sh")
        .args(["-c", script])
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + common::pty::timeout();
    while lines.iter().filter(|l: &&String| l.starts_with("ack ")).count() < acks {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => lines.push(line),
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => panic!("the script never acknowledged {acks} writes: {lines:?}"),
        }
    }
    std::thread::sleep(delay);
    if child.try_wait().unwrap().is_none() {
        // It may exit between the look and the kill; the exit status tells.
        let _ = kill_process_group(Pid::from_child(&child), Signal::KILL);
    }
    let status = child.wait().unwrap();
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    let stderr = std::fs::read_to_string(&stderr_path).unwrap();
    let killed = status.signal() == Some(Signal::KILL.as_raw());
    assert!(killed || status.success(), "the script failed: {status:?}\nstderr:\n{stderr}\nstdout: {lines:?}");
    Run { lines, killed, stderr }
}

/// Where the kills of the crash test landed.
#[derive(Debug, Default)]
struct Tally {
    /// The script had already finished.
    after_the_end: usize,
    /// A write was under way and had not committed: it must be absent, and it was.
    in_flight_rolled_back: usize,
    /// A write had committed but its process had not yet acknowledged it.
    in_flight_committed: usize,
    acknowledged: usize,
}

// The TUI in a pseudo-terminal.

/// chec's TUI in a pseudo-terminal on this environment's database.
fn spawn_tui(env: &Env) -> Pty {
    let config = env.dir.path().join("config");
    let db = env.db();
    let env_vars: [(&str, &Path); 3] =
        [("CHEC_DB", &db), ("CHEC_CONFIG_DIR", &config), ("CHEC_USER", Path::new("reliability"))];
    Pty::spawn(CHEC, &[], &env_vars, 80, 24)
}

/// The team's answer on the one question answered, as committed ("" before any).
fn committed_answer(env: &Env) -> String {
    env.query("SELECT answer FROM responses").into_iter().next().map(|r| r[0].clone()).unwrap_or_default()
}

/// Text typed this long before a kill must have been autosaved (every second, checked on a
/// 250 ms tick), with room for a loaded machine.
const AUTOSAVED_WITHIN: Duration = Duration::from_millis(2500);

// ---------------------------------------------------------------------------------------------
// 1. Crash

#[test]
fn sigkill_at_random_points_never_corrupts_the_file_or_loses_an_acknowledged_write() {
    let kills = crash_kills();
    let env = Env::with_care();
    let mut rng = Rng::new(1);
    let mut next_n = 0;
    // Items known to exist (committed), with their status.
    let mut statuses: BTreeMap<String, String> = BTreeMap::new();
    let mut acknowledged: Vec<Write> = Vec::new();
    let mut tally = Tally::default();
    let started = Instant::now();

    for kill in 0..kills {
        // A few writes, killed after a random number of them was acknowledged, 0–30 ms later.
        let acks = rng.below(4) as usize;
        let mut planned = statuses.clone();
        let writes: Vec<Write> = (0..acks + 2)
            .map(|_| {
                next_n += 1;
                let n = next_n;
                if planned.is_empty() || rng.below(2) == 0 {
                    return Write::Add { n };
                }
                let key = planned.keys().nth(rng.below(planned.len() as u64) as usize).unwrap().clone();
                let status = if planned[&key] == "in-progress" { "open" } else { "in-progress" };
                planned.insert(key.clone(), status.to_string());
                Write::Set { n, key, status }
            })
            .collect();
        let script = writes.iter().map(Write::shell).collect::<Vec<_>>().join("\n");
        let delay = rng.millis(30);
        let run = run_and_kill(&env, &script, acks, delay);
        let context = format!(
            "kill {kill} of {kills} (seed {SEED:#x}): killed after {acks} acknowledgements and {delay:?}\n\
             script:\n{script}\noutput: {:?}",
            run.lines
        );
        assert!(run.stderr.is_empty(), "nothing reaches stderr: {}\n{context}", run.stderr);
        let acked_now: Vec<Write> =
            writes.iter().filter(|w| run.lines.contains(&format!("ack {}", w.n()))).cloned().collect();

        // The file is sound and still opens.
        assert_eq!(env.integrity(), "ok", "{context}");
        assert_success(&env.chec(&["list"]), &context);

        // Every acknowledged item is there, under the key its confirmation gave.
        let items = env.items();
        let by_title: HashMap<&str, &serde_json::Value> = items.iter().map(|i| (text(&i["title"]), i)).collect();
        for w in acknowledged.iter().chain(&acked_now) {
            if let Write::Add { n } = w {
                assert!(
                    by_title.contains_key(Write::title(*n).as_str()),
                    "acknowledged item {n} is missing\n{context}"
                );
            }
        }
        for line in run.lines.iter().filter_map(|l| l.strip_prefix("Raised ")) {
            let (key, title) = (line.split_whitespace().next().unwrap(), line.split_once("] ").unwrap().1);
            let item = by_title.get(title).unwrap_or_else(|| panic!("confirmed item {key} is missing\n{context}"));
            assert_eq!(text(&item["key"]), key, "{context}");
        }
        // Every acknowledged status change is in its item's history, with its note.
        for w in &acked_now {
            if let Write::Set { n, key, status } = w {
                let history = env.history(key);
                let found = history.iter().any(|h| {
                    text(&h["note"]) == Write::note(*n)
                        && text(&h["field"]) == "status"
                        && text(&h["new_value"]) == *status
                });
                assert!(found, "status change {n} on {key} is not in its history: {history:#?}\n{context}");
            }
        }

        // Where did the kill land?
        match writes.iter().find(|w| !acked_now.contains(w)) {
            _ if !run.killed => tally.after_the_end += 1,
            None => tally.after_the_end += 1,
            Some(Write::Add { n }) if by_title.contains_key(Write::title(*n).as_str()) => {
                tally.in_flight_committed += 1
            }
            Some(Write::Set { n, key, .. }) if env.history(key).iter().any(|h| text(&h["note"]) == Write::note(*n)) => {
                tally.in_flight_committed += 1
            }
            Some(_) => tally.in_flight_rolled_back += 1,
        }
        tally.acknowledged += acked_now.len();
        acknowledged.extend(acked_now);
        statuses = items.iter().map(|i| (text(&i["key"]).to_string(), text(&i["status"]).to_string())).collect();
    }

    // At the end, every acknowledged change is still in its history.
    let mut notes_by_key: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for w in &acknowledged {
        if let Write::Set { n, key, .. } = w {
            notes_by_key.entry(key).or_default().push(Write::note(*n));
        }
    }
    for (key, notes) in notes_by_key {
        let history = env.history(key);
        for note in notes {
            assert!(history.iter().any(|h| text(&h["note"]) == note), "{key} lost {note} (seed {SEED:#x})");
        }
    }
    println!("crash: {kills} kills, {tally:?} in {:.1} s (seed {SEED:#x})", started.elapsed().as_secs_f64());
    assert!(
        tally.in_flight_rolled_back + tally.in_flight_committed > 0,
        "no kill landed while a write was under way: {tally:?}"
    );
}

/// TUI kills run on this many databases at once, each its own chain of kills and restarts:
/// the waits are real time (autosave every second), not work, so lanes in parallel cost the
/// machine nothing and the test no check.
const TUI_KILL_LANES: usize = 3;

#[test]
fn sigkill_while_typing_in_the_tui_keeps_every_autosaved_word() {
    let kills = (crash_kills() / 10).max(5);
    let lanes = TUI_KILL_LANES.min(kills);
    let started = Instant::now();
    let counts: Vec<(usize, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..lanes)
            .map(|lane| s.spawn(move || tui_kills(lane, (lane..kills).step_by(lanes).collect(), kills)))
            .collect();
        handles.into_iter().map(|lane| lane.join().expect("a lane of TUI kills failed")).collect()
    });
    let (recovered, words_checked) = counts.iter().fold((0, 0), |(r, w), (lr, lw)| (r + lr, w + lw));
    println!(
        "tui crash: {kills} kills on {lanes} databases, {recovered} drafts recovered, {words_checked} words \
         checked, in {:.1} s (seed {SEED:#x})",
        started.elapsed().as_secs_f64()
    );
    assert!(recovered > 0 && words_checked > 0, "no kill came late enough to check the autosave");
}

/// Kills number `numbers` (of `kills`) in one TUI on a database of their own, each after
/// typing into the answer editor, each followed by a restart that must commit what was
/// autosaved. How many drafts came back and how many words were checked.
fn tui_kills(lane: usize, numbers: Vec<usize>, kills: usize) -> (usize, usize) {
    let env = Env::with_care();
    let mut rng = Rng::new(20 + lane as u64);
    let (mut recovered, mut words_checked) = (0, 0);

    let mut pty = spawn_tui(&env);
    pty.wait_for("CARE");
    pty.send("\r");
    pty.wait_for("Questions ");
    for (nth, kill) in numbers.into_iter().enumerate() {
        let before = committed_answer(&env);
        pty.send("a");
        pty.wait_for("Esc save &");
        let opened = Instant::now();
        // Every other kill comes late enough that the first words must have been autosaved.
        let after = if nth % 2 == 0 { 2500 + rng.below(2500) } else { 100 + rng.below(2400) };
        let kill_at = opened + Duration::from_millis(after);
        let mut typed: Vec<(String, Instant)> = Vec::new();
        for i in 0..8u64 {
            let at = opened + Duration::from_millis(i * 200 + rng.below(100));
            if at >= kill_at {
                break;
            }
            std::thread::sleep(at.saturating_duration_since(Instant::now()));
            let word = format!("k{kill}w{i}가 ");
            pty.send(&word);
            typed.push((word, Instant::now()));
        }
        std::thread::sleep(kill_at.saturating_duration_since(Instant::now()));
        let killed_at = Instant::now();
        kill_process(Pid::from_raw(pty.pid() as i32).unwrap(), Signal::KILL).unwrap();
        pty.wait_exit();
        let context = format!(
            "kill {kill} of {kills} (lane {lane}, seed {SEED:#x}), {:?} after the editor opened",
            kill_at - opened
        );

        assert_eq!(env.integrity(), "ok", "{context}");
        let draft = env.query("SELECT body FROM drafts").into_iter().next().map(|r| r[0].clone());
        let expected = draft.clone().unwrap_or_else(|| before.clone());
        for (word, at) in &typed {
            if killed_at.duration_since(*at) >= AUTOSAVED_WITHIN {
                words_checked += 1;
                assert!(
                    expected.contains(word.trim()),
                    "{word:?} was typed long before the kill but not saved: {expected:?}\n{context}"
                );
            }
        }

        // The next start commits the draft into the answer and says so.
        pty = spawn_tui(&env);
        pty.wait_for("CARE");
        pty.send("\r");
        if draft.is_some() {
            recovered += 1;
            pty.wait_for("Recovered text typed before chec stopped");
        } else {
            pty.wait_for("Questions ");
        }
        assert_eq!(committed_answer(&env), expected, "{context}");
        assert!(env.query("SELECT 1 FROM drafts").is_empty(), "the draft was committed\n{context}");
    }
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(env.integrity(), "ok");
    (recovered, words_checked)
}

// ---------------------------------------------------------------------------------------------
// 2. Two at once

#[test]
fn two_clis_writing_at_once_never_see_a_lock_and_lose_no_write() {
    let writes = concurrent_writes();
    let env = Env::with_care();
    let started = Instant::now();
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    // One adds items; the other adds items and changes the status of its own ones.
    let (adder_errors, (mixer_errors, mixer_items)) = std::thread::scope(|s| {
        let adder = s.spawn(|| {
            (0..writes)
                .filter_map(|i| env.chec_checked(&args(&["item", "add", "CARE", "--title", &format!("a-{i}")])).err())
                .collect::<Vec<_>>()
        });
        let mixer = s.spawn(|| {
            let mut rng = Rng::new(3);
            let mut errors = Vec::new();
            // key → (status, notes of its changes, in order)
            let mut mine: BTreeMap<String, (&str, Vec<String>)> = BTreeMap::new();
            for i in 0..writes {
                if mine.is_empty() || i % 2 == 0 {
                    match env.chec_checked(&args(&["item", "add", "CARE", "--title", &format!("b-{i}")])) {
                        Ok(out) => {
                            let key = raised_key(&out).expect("Raised KEY");
                            mine.insert(key, ("open", Vec::new()));
                        }
                        Err(e) => errors.push(e),
                    }
                    continue;
                }
                let key = mine.keys().nth(rng.below(mine.len() as u64) as usize).unwrap().clone();
                let (status, notes) = mine.get_mut(&key).unwrap();
                let next = if *status == "open" { "in-progress" } else { "open" };
                let note = format!("b-{i}");
                match env.chec_checked(&args(&["item", "set", &key, "--status", next, "--note", &note])) {
                    Ok(_) => {
                        *status = next;
                        notes.push(note);
                    }
                    Err(e) => errors.push(e),
                }
            }
            (errors, mine)
        });
        (adder.join().unwrap(), mixer.join().unwrap())
    });
    let elapsed = started.elapsed();
    let errors: Vec<_> = adder_errors.iter().chain(&mixer_errors).collect();
    assert!(
        errors.is_empty(),
        "{} of {} commands failed, e.g. {:#?}",
        errors.len(),
        2 * writes,
        &errors[..errors.len().min(5)]
    );

    // Every item once, numbered without gaps.
    let items = env.items();
    let mixer_adds = mixer_items.len();
    assert_eq!(items.len(), writes + mixer_adds);
    let seqs: Vec<i64> = items.iter().map(|i| text(&i["key"])["CARE-".len()..].parse().unwrap()).collect();
    assert_eq!(seqs, (1..=items.len() as i64).collect::<Vec<_>>(), "keys CARE-1… without gaps or repeats");
    for i in 0..writes {
        let title = format!("a-{i}");
        assert_eq!(items.iter().filter(|it| text(&it["title"]) == title).count(), 1, "{title}");
    }

    // Every change is in its item's history, in order; the adder's items have only "created".
    let history = env.query(
        "SELECT i.seq, h.field, h.note FROM item_history h JOIN items i ON i.id = h.item_id ORDER BY i.seq, h.rowid",
    );
    let mut by_key: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for row in history {
        by_key.entry(format!("CARE-{}", row[0])).or_default().push((row[1].clone(), row[2].clone()));
    }
    for item in &items {
        let key = text(&item["key"]);
        let rows = &by_key[key];
        assert_eq!(rows[0].0, "created", "{key}: {rows:?}");
        match mixer_items.get(key) {
            Some((status, notes)) => {
                let changes: Vec<&str> = rows[1..].iter().map(|(_, note)| note.as_str()).collect();
                assert_eq!(changes, notes.iter().map(String::as_str).collect::<Vec<_>>(), "{key}");
                assert!(rows[1..].iter().all(|(field, _)| field == "status"), "{key}: {rows:?}");
                assert_eq!(text(&item["status"]), *status, "{key}");
            }
            None => assert_eq!(rows.len(), 1, "{key}: {rows:?}"),
        }
    }
    println!(
        "two CLIs: {} writes ({writes} + {writes}) in {:.1} s (seed {SEED:#x})",
        2 * writes,
        elapsed.as_secs_f64()
    );
}

/// Found `Store::update_item` reading the item before its transaction (stale old values in
/// the history, and a change skipped as "unchanged"); keeps it fixed.
#[test]
fn two_clis_changing_one_item_at_once_keep_its_history_a_consistent_chain() {
    let writes = concurrent_writes();
    let env = Env::with_care();
    assert_success(&env.chec(&["item", "add", "CARE", "--title", "shared"]), "item add");

    // Both give CARE-1 a new owner, each time a name never used before.
    let errors: Vec<String> = std::thread::scope(|s| {
        let writer = |who: &'static str| {
            let env = &env;
            s.spawn(move || {
                (0..writes)
                    .filter_map(|i| {
                        let owner = format!("{who}-{i}");
                        let args: Vec<String> = ["item", "set", "CARE-1", "--owner", &owner].map(String::from).into();
                        env.chec_checked(&args).err()
                    })
                    .collect::<Vec<_>>()
            })
        };
        let (a, b) = (writer("a"), writer("b"));
        a.join().unwrap().into_iter().chain(b.join().unwrap()).collect()
    });
    assert!(errors.is_empty(), "{errors:#?}");

    // In commit order, each change starts from the value the previous one left.
    let rows = env.query("SELECT old_value, new_value FROM item_history WHERE field = 'owner' ORDER BY rowid");
    assert_eq!(rows.len(), 2 * writes, "one history row per change");
    let mut current = String::new();
    let mut broken = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row[0] != current {
            broken.push(format!("change {i}: recorded {:?} → {:?}, but the owner was {current:?}", row[0], row[1]));
        }
        current = row[1].clone();
    }
    let owner = env.query("SELECT owner FROM items WHERE seq = 1");
    assert_eq!(owner[0][0], current, "the owner is the last change's new value");
    assert!(
        broken.is_empty(),
        "{} of {} history rows start from a stale value, e.g. {:#?}",
        broken.len(),
        rows.len(),
        &broken[..broken.len().min(5)]
    );
}

#[test]
fn the_tui_and_a_cli_writing_at_once_lose_nothing_and_the_tui_shows_the_cli_items() {
    let writes = concurrent_writes();
    let env = Env::with_care();
    let mut app = app_on(&env.db());
    open(&mut app, "CARE");
    let question = selected_question(&app);
    let mut rng = Rng::new(4);
    let mut errors = Vec::new();
    // question → its assessment, as the app last set it
    let mut assessed: BTreeMap<String, Assessment> = BTreeMap::new();
    let mut app_writes = 0;
    let started = Instant::now();

    let cli_errors = std::thread::scope(|s| {
        let cli = s.spawn(|| {
            (0..writes)
                .filter_map(|i| {
                    let args: Vec<String> =
                        ["item", "add", "CARE", "--title", &format!("cli-{i}"), "--question", &question]
                            .map(String::from)
                            .into();
                    env.chec_checked(&args).err()
                })
                .collect::<Vec<_>>()
        });
        // The app assesses question after question while the CLI runs, and at least as often.
        while !cli.is_finished() || app_writes < writes {
            let q = selected_question(&app);
            let next = match assessed.get(&q) {
                Some(Assessment::Satisfied) => Assessment::NeedsImprovement,
                _ => Assessment::Satisfied,
            };
            app.update(Action::Assess(next));
            note_error(&app, &mut errors);
            assessed.insert(q.clone(), next);
            app_writes += 1;
            app.update(Action::Down);
            if selected_question(&app) == q {
                app.update(Action::First);
            }
            app.tick(Instant::now());
            note_error(&app, &mut errors);
            std::thread::sleep(rng.millis(20));
        }
        cli.join().unwrap()
    });
    let elapsed = started.elapsed();
    assert!(
        cli_errors.is_empty(),
        "{} CLI commands failed, e.g. {:#?}",
        cli_errors.len(),
        &cli_errors[..cli_errors.len().min(5)]
    );
    assert!(errors.is_empty(), "the TUI showed errors: {errors:#?}");

    // After a tick, the TUI shows every item the CLI raised.
    app.tick(Instant::now());
    note_error(&app, &mut errors);
    let counts = &app.view.as_ref().unwrap().item_counts;
    assert_eq!(counts.get(&question).copied(), Some(writes as i64), "item counts: {counts:?}");
    app.update(Action::ShowItems);
    note_error(&app, &mut errors);
    assert_eq!(app.items.total, writes);
    assert!(errors.is_empty(), "the TUI showed errors: {errors:#?}");

    // And the database holds every write of both.
    let titles = env.query("SELECT title FROM items ORDER BY seq");
    assert_eq!(titles.len(), writes);
    for i in 0..writes {
        assert!(titles.iter().any(|t| t[0] == format!("cli-{i}")), "cli-{i} is missing");
    }
    let changes = env.query("SELECT count(*) FROM response_history WHERE field = 'assessment' AND changed_by = 'tui'");
    assert_eq!(changes[0][0], app_writes.to_string(), "one history row per assessment the TUI made");
    let stored: BTreeMap<String, String> = env
        .query("SELECT question_id, assessment FROM responses")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let expected: BTreeMap<String, String> =
        assessed.iter().map(|(q, a)| (q.clone(), a.as_str().to_string())).collect();
    assert_eq!(stored, expected);
    println!("TUI and CLI: {app_writes} + {writes} writes in {:.1} s (seed {SEED:#x})", elapsed.as_secs_f64());
}

#[test]
fn the_tui_notices_another_process_writing_without_a_key_press() {
    let env = Env::with_care();
    let mut app = app_on(&env.db());
    let mut errors = Vec::new();

    // The consultations list.
    assert_success(&env.chec(&["new", "--key", "OTHR", "--name", "Other service"]), "chec new");
    assert_eq!(app.consultations.page.rows.len(), 1, "nothing changes before the tick");
    app.tick(Instant::now());
    note_error(&app, &mut errors);
    let keys: Vec<&str> = app.consultations.page.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["CARE", "OTHR"]);

    // A consultation's stage view: the selected question's items.
    open(&mut app, "CARE");
    let question = selected_question(&app);
    assert_success(&env.chec(&["item", "add", "CARE", "--title", "watched", "--question", &question]), "item add");
    app.tick(Instant::now());
    note_error(&app, &mut errors);
    let view = app.view.as_ref().unwrap();
    assert_eq!(view.item_counts.get(&question), Some(&1));
    assert_eq!(view.question_items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["watched"]);

    // The items screen.
    app.update(Action::ShowItems);
    assert_eq!(app.items.total, 1);
    assert_success(&env.chec(&["item", "add", "CARE", "--title", "watched too"]), "item add");
    app.tick(Instant::now());
    note_error(&app, &mut errors);
    assert_eq!(app.items.total, 2);
    assert!(app.items.page.rows.iter().any(|i| i.title == "watched too"));
    assert!(errors.is_empty(), "the TUI showed errors: {errors:#?}");
}
