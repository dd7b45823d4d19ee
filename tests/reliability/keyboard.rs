//! Terminal input, through the real binary in a pseudo-terminal:
//!
//! 1. typing faster than one read: a burst of several kilobytes (a terminal without
//!    bracketed paste, an input method, a scanner) is shown whole before the next key, and a
//!    SIGTERM right after it commits all of it;
//! 2. paste markers inside a paste: an end marker in the pasted text runs nothing, and a
//!    start marker that is never closed freezes nothing;
//! 3. a closed terminal: chec notices at once, commits the text being typed through its open
//!    database connection (not by reopening the path) and exits;
//! 4. `Esc` and a key in one write (as over ssh): Esc, then that key.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::db::query;
use common::pty::{Pty, open_editor};

const CHEC: &str = env!("CARGO_BIN_EXE_chec");

const PASTE_START: &str = "\u{1b}[200~";
const PASTE_END: &str = "\u{1b}[201~";
const CTRL_S: &str = "\u{13}";

/// A database with one consultation, `CARE`, in a temporary folder.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        let out = Command::new(CHEC)
            .args(["new", "--key", "CARE", "--name", "돌봄 챗봇", "--team", "Care AI"])
            .env("CHEC_DB", env.db())
            // English whatever the machine's locale: these tests read chec's English.
            .env("LC_ALL", "C.UTF-8")
            .env("CHEC_CONFIG_DIR", env.config())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("chec.db")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// `program args…` in an 80×24 terminal, on this database.
    fn spawn(&self, program: &str, args: &[&str]) -> Pty {
        let (db, config) = (self.db(), self.config());
        let vars =
            [("CHEC_DB", db.as_path()), ("CHEC_CONFIG_DIR", config.as_path()), ("CHEC_USER", Path::new("tester"))];
        Pty::spawn(program, args, &vars, 80, 24)
    }

    fn tui(&self) -> Pty {
        self.spawn(CHEC, &[])
    }

    fn query(&self, sql: &str) -> Vec<Vec<String>> {
        query(&self.db(), sql)
    }
}

/// Leave the editor (saving) and quit; chec exits 0.
fn save_and_quit(pty: &mut Pty) {
    pty.send("\u{1b}");
    pty.wait_until("the editor to close", |s| s.contains("Saved") && !s.contains("Esc save &"));
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

/// The screen with every space and line break taken out, so text the editor wrapped can be
/// found whole.
fn unwrapped(screen: &str) -> String {
    screen.chars().filter(|c| !c.is_whitespace() && *c != '│').collect()
}

// --- 1. Typing faster than one read -------------------------------------------------------

/// About 5,000 bytes of typing, Korean and a pipe in it, that ends in `끝END`.
fn burst() -> String {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 5_000 {
        n += 1;
        text.push_str(&format!("{n:03}번 문장 | line "));
    }
    text.push_str("끝END");
    text
}

#[test]
fn a_burst_of_typing_larger_than_a_read_is_shown_whole_before_the_next_key() {
    let env = Env::new();
    let mut pty = env.tui();
    open_editor(&mut pty, "a");
    let text = burst();
    assert!(text.len() > 4 * 1024, "more than a few reads' worth");
    pty.send(&text);
    // No key follows: what the terminal delivered must be read, and drawn, by itself.
    pty.wait_until("the end of the burst in the editor", |s| unwrapped(s).contains("|line끝END"));
    save_and_quit(&mut pty);
    assert_eq!(env.query("SELECT answer FROM responses"), [[text]]);
}

#[test]
fn sigterm_right_after_a_burst_commits_all_of_it() {
    let env = Env::new();
    let mut pty = env.tui();
    open_editor(&mut pty, "a");
    let text = burst();
    pty.send(&text);
    // The whole burst is in the terminal once `send` returns; chec has not drawn it yet.
    pty.signal("TERM");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(env.query("SELECT answer FROM responses"), [[text]], "every byte typed before the signal is kept");
    assert!(env.query("SELECT 1 FROM drafts").is_empty(), "committed, not left as a draft");
}

// --- 2. Paste markers inside a paste ------------------------------------------------------

#[test]
fn an_end_marker_inside_a_paste_runs_nothing_after_it() {
    let env = Env::new();
    let mut pty = env.tui();
    open_editor(&mut pty, "e");
    // The clipboard holds text, an end marker, Ctrl-S and more text; the terminal wraps it
    // in its own markers and sends it in one go.
    pty.send(&format!("{PASTE_START}첫째 | one{PASTE_END}{CTRL_S}둘째 | two{PASTE_END}"));
    let screen = pty.wait_for("둘째 | two");
    assert!(screen.contains("첫째 | one") && screen.contains("Esc save &"), "one paste, still editing:\n{screen}");
    assert!(!screen.contains("Saved"), "the pasted Ctrl-S saved the field:\n{screen}");
    assert!(env.query("SELECT 1 FROM responses WHERE notes <> ''").is_empty(), "nothing was saved by the paste");
    save_and_quit(&mut pty);
    assert_eq!(env.query("SELECT notes FROM responses"), [["첫째 | one둘째 | two"]]);
}

#[test]
fn a_start_marker_never_closed_does_not_freeze_chec() {
    let env = Env::new();
    let mut pty = env.tui();
    pty.wait_for("CARE");
    pty.send(PASTE_START);
    // The paste never ends. Keys pressed once the input has paused act again: q quits.
    // (q is sent once a second until chec is gone, because a q sent too soon after the
    // marker is taken as the pasted text.)
    let deadline = Instant::now() + common::pty::timeout();
    let code = loop {
        pty.send("q");
        let wait_until = Instant::now() + Duration::from_secs(1);
        let exited = loop {
            if let Some(code) = pty.try_exit() {
                break Some(code);
            }
            if Instant::now() > wait_until {
                break None;
            }
            std::thread::sleep(Duration::from_millis(25));
        };
        if let Some(code) = exited {
            break code;
        }
        assert!(Instant::now() < deadline, "q never quit after a lone paste start; screen:\n{}", pty.screen());
    };
    assert_eq!(code, 0);
}

#[test]
fn an_unclosed_paste_in_an_editor_is_pasted_as_text_and_typing_goes_on() {
    let env = Env::new();
    let mut pty = env.tui();
    open_editor(&mut pty, "a");
    pty.send(&format!("{PASTE_START}붙여넣기 | pasted\r{CTRL_S}끝"));
    let screen = pty.wait_for("끝");
    assert!(screen.contains("붙여넣기 | pasted") && !screen.contains("Saved"), "pasted as text:\n{screen}");
    // Typing goes on as keys once the input paused.
    let deadline = Instant::now() + common::pty::timeout();
    pty.send("!");
    while !pty.screen().contains("끝!") {
        assert!(Instant::now() < deadline, "typing never resumed; screen:\n{}", pty.screen());
        std::thread::sleep(Duration::from_millis(25));
    }
    save_and_quit(&mut pty);
    assert_eq!(env.query("SELECT answer FROM responses"), [["붙여넣기 | pasted\n끝!"]]);
}

// --- 3. A closed terminal -----------------------------------------------------------------

const CLOSED: &str = "닫힌 터미널 | closed";

/// Type an answer, close the terminal; chec exits as on SIGHUP, and the answer is committed
/// (not left as a draft) in the database at `db`.
fn hang_up_while_editing(mut pty: Pty, db: &Path, before_hang_up: impl FnOnce()) {
    open_editor(&mut pty, "a");
    pty.send(CLOSED);
    pty.wait_for(CLOSED);
    before_hang_up();
    pty.hang_up();
    assert_eq!(pty.wait_exit(), 0, "chec leaves as on SIGHUP");
    assert_eq!(query(db, "SELECT answer FROM responses"), [[CLOSED]]);
    assert!(query(db, "SELECT 1 FROM drafts").is_empty(), "committed, not left as a draft");
}

#[test]
fn closing_the_terminal_commits_the_answer_and_exits() {
    let env = Env::new();
    hang_up_while_editing(env.tui(), &env.db(), || {});
}

/// Without SIGHUP (chec runs in a session of its own, `setsid`, so the terminal is not its
/// controlling terminal), the read that fails says the terminal is gone. (`setsid -w`
/// waits for chec and passes on its exit code; it ignores the SIGHUP it gets itself.)
#[test]
fn closing_the_terminal_is_noticed_without_sighup() {
    let env = Env::new();
    let pty = env.spawn("sh", &["-c", &format!("trap '' HUP; exec setsid -w '{CHEC}'")]);
    hang_up_while_editing(pty, &env.db(), || {});
}

/// The text goes through the connection chec has open, even when the path now names
/// another file (here: the database was moved away).
#[test]
fn closing_the_terminal_saves_into_the_open_database_even_if_it_was_moved() {
    let env = Env::new();
    let moved = env.dir.path().join("moved.db");
    hang_up_while_editing(env.tui(), &moved, || {
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", env.db().display()));
            if from.exists() {
                std::fs::rename(&from, format!("{}{suffix}", moved.display())).unwrap();
            }
        }
    });
    assert!(!env.db().exists(), "nothing was created at the old path");
}

// --- 4. Esc and a key in one write --------------------------------------------------------

#[test]
fn esc_and_a_digit_in_one_write_leave_the_editor_then_assess() {
    let env = Env::new();
    let mut pty = env.tui();
    open_editor(&mut pty, "e");
    pty.send("메모 | memo");
    pty.wait_for("메모 | memo");
    pty.send("\u{1b}1");
    // Esc left the editor (saving the notes), then 1 assessed the question.
    let screen = pty.wait_until("the editor closed and the question assessed", |s| {
        !s.contains("Esc save &") && s.contains("PLN-01: ✓ satisfied")
    });
    assert!(screen.contains("메모 | memo") && !screen.contains("메모 | memo1"), "the 1 was not typed:\n{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(env.query("SELECT notes, assessment FROM responses"), [["메모 | memo", "satisfied"]]);
}
