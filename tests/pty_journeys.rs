//! Journeys through the real binary in a pseudo-terminal.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pty::Pty;

const CHEC: &str = env!("CARGO_BIN_EXE_chec");

fn new_db(dir: &Path) -> PathBuf {
    let db = dir.join("chec.db");
    let status = Command::new(CHEC)
        .args([
            "new",
            "--key",
            "CARE",
            "--name",
            "돌봄 챗봇 | Care",
            "--team",
            "Care AI",
        ])
        .env("CHEC_DB", &db)
        .env("CHEC_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    db
}

/// chec, then `stty -a` in the same terminal, so the test can see whether the terminal
/// modes came back.
fn spawn_chec_then_stty(dir: &Path, db: &Path) -> Pty {
    let script = format!(
        "'{CHEC}'; echo \"exit=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 5"
    );
    Pty::spawn(
        "sh",
        &["-c", &script],
        &[("CHEC_DB", db), ("CHEC_CONFIG_DIR", &dir.join("config"))],
        80,
        24,
    )
}

fn assert_restored(pty: &Pty) {
    let screen = pty.wait_for("echo");
    assert!(
        !pty.alternate_screen(),
        "left the alternate screen:\n{screen}"
    );
    assert!(
        screen.contains("icanon echo"),
        "raw mode off (canonical input and echo back):\n{screen}"
    );
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(raw.contains("\u{1b}[?2004l"), "bracketed paste turned off");
    assert!(raw.contains("\u{1b}[?1000l"), "mouse reporting turned off");
}

#[test]
fn the_list_shows_and_q_quits_restoring_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = spawn_chec_then_stty(dir.path(), &db);
    let screen = pty.wait_for("CARE");
    assert!(pty.alternate_screen());
    assert!(screen.contains("돌봄 챗봇 | Care"), "{screen}");
    pty.send("q");
    let screen = pty.wait_for("exit=");
    assert!(screen.contains("exit=0"), "{screen}");
    assert_restored(&pty);
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(
        !raw.contains("\u{1b}[6n"),
        "chec never waits on a cursor-position query"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let pty = spawn_chec_then_stty(dir.path(), &db);
    pty.wait_for("CARE");
    // The pty's child is the shell; signal chec itself, this test's one only.
    let children = Command::new("pgrep")
        .args(["-P", &pty.pid().to_string()])
        .output()
        .unwrap();
    let chec_pid = String::from_utf8(children.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert!(!chec_pid.is_empty(), "chec is running under the shell");
    assert!(
        Command::new("kill")
            .args(["-TERM", &chec_pid])
            .status()
            .unwrap()
            .success()
    );
    let screen = pty.wait_for("exit=");
    assert!(screen.contains("exit=0"), "{screen}");
    assert_restored(&pty);
}

#[test]
fn resizing_below_the_minimum_and_back_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = Pty::spawn(
        CHEC,
        &[],
        &[
            ("CHEC_DB", &db),
            ("CHEC_CONFIG_DIR", &dir.path().join("config")),
        ],
        80,
        24,
    );
    pty.wait_for("CARE");
    pty.resize(40, 8);
    pty.wait_for("Terminal too small (40×8)");
    pty.resize(100, 30);
    pty.wait_for("CARE");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}
