//! Journeys through the real binary in a pseudo-terminal.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pty::Pty;

const CHEC: &str = env!("CARGO_BIN_EXE_chec");

fn new_db(dir: &Path) -> PathBuf {
    let db = dir.join("chec.db");
    let status = Command::new(CHEC)
        .args(["new", "--key", "CARE", "--name", "돌봄 챗봇 | Care", "--team", "Care AI"])
        .env("CHEC_DB", &db)
        // English whatever the machine's locale: these tests read chec's English.
        .env("LC_ALL", "C.UTF-8")
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
    Pty::spawn("sh", &["-c", &script], &[("CHEC_DB", db), ("CHEC_CONFIG_DIR", &dir.join("config"))], 80, 24)
}

fn assert_restored(pty: &Pty) {
    let screen = pty.wait_for("echo");
    assert!(!pty.alternate_screen(), "left the alternate screen:\n{screen}");
    assert!(screen.contains("icanon echo"), "raw mode off (canonical input and echo back):\n{screen}");
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(raw.contains("\u{1b}[?2004l"), "bracketed paste turned off");
    assert!(raw.contains("\u{1b}[?1000l"), "mouse reporting turned off");
    // Clicks and the wheel are reported, pointer movements are not: each would wake the
    // loop and stop a search being read.
    assert!(raw.contains("\u{1b}[?1000h") && raw.contains("\u{1b}[?1006h"), "clicks were reported");
    assert!(!raw.contains("\u{1b}[?1003h") && !raw.contains("\u{1b}[?1002h"), "movements were not asked for");
}

#[test]
fn the_list_shows_and_q_quits_restoring_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = spawn_chec_then_stty(dir.path(), &db);
    pty.wait_until("the consultation's row", |s| s.contains("CARE") && s.contains("돌봄 챗봇 | Care"));
    assert!(pty.alternate_screen());
    pty.send("q");
    let screen = pty.wait_for("exit=");
    assert!(screen.contains("exit=0"), "{screen}");
    assert_restored(&pty);
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(!raw.contains("\u{1b}[6n"), "chec never waits on a cursor-position query");
}

#[test]
fn sigterm_restores_the_terminal_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let pty = spawn_chec_then_stty(dir.path(), &db);
    pty.wait_for("CARE");
    // The pty's child is the shell; signal chec itself, this test's one only.
    let children = Command::new("pgrep").args(["-P", &pty.pid().to_string()]).output().unwrap();
    let chec_pid = String::from_utf8(children.stdout).unwrap().trim().to_string();
    assert!(!chec_pid.is_empty(), "chec is running under the shell");
    assert!(Command::new("kill").args(["-TERM", &chec_pid]).status().unwrap().success());
    let screen = pty.wait_for("exit=");
    assert!(screen.contains("exit=0"), "{screen}");
    assert_restored(&pty);
}

#[test]
fn resizing_below_the_minimum_and_back_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = Pty::spawn(CHEC, &[], &[("CHEC_DB", &db), ("CHEC_CONFIG_DIR", &dir.path().join("config"))], 80, 24);
    pty.wait_for("CARE");
    pty.resize(40, 8);
    pty.wait_for("Terminal too small (40×8)");
    pty.resize(100, 30);
    pty.wait_for("CARE");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

fn spawn_chec(dir: &Path, db: &Path) -> Pty {
    Pty::spawn(
        CHEC,
        &[],
        &[("CHEC_DB", db), ("CHEC_CONFIG_DIR", &dir.join("config")), ("CHEC_USER", Path::new("김민지"))],
        80,
        24,
    )
}

use common::db::query;

/// chec on `db` with CARE chosen on its list and Enter pressed: CARE is opening.
fn open_care(dir: &Path, db: &Path) -> Pty {
    let mut pty = spawn_chec(dir, db);
    pty.wait_for("CARE");
    pty.send("\r");
    pty
}

/// Wait until `sql` returns at least one row.
fn wait_for_rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let deadline = std::time::Instant::now() + common::pty::timeout();
    loop {
        let rows = query(db, sql);
        if !rows.is_empty() {
            return rows;
        }
        assert!(std::time::Instant::now() < deadline, "timed out waiting for rows of {sql}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_whole_meeting_from_a_new_consultation_survives_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chec.db");
    let mut pty = spawn_chec(dir.path(), &db);
    // A first start: chec asks before creating the database.
    pty.wait_for("Create it? [y/N]");
    pty.send("y\r");
    pty.wait_for("No consultations yet");

    // A new consultation, from the TUI's form.
    pty.send("n");
    pty.wait_for("New consultation");
    pty.send("CARE\t돌봄 챗봇 | Care\tCare AI\t");
    pty.send("\u{13}"); // Ctrl-S submits
    pty.wait_for("Questions 0/");

    // Start a meeting with two attendees.
    pty.send("m");
    pty.wait_for("Start a meeting");
    pty.send("김민지, consultant\rLee, developer\t기획 검토\u{13}");
    pty.wait_for("Start the meeting with 2 attendees");
    pty.send("y");
    pty.wait_for("● MEETING 1");
    pty.send("\u{1b}"); // back to the dialogue
    pty.wait_until("the meeting panel to close", |s| !s.contains("Attendees:"));

    // Answer the first question in Korean, with a pipe, then assess it.
    pty.send("a");
    pty.wait_for("Esc save &");
    pty.send("야간 질문에 답합니다 | 약 복용");
    pty.wait_for("야간 질문에 답합니다 | 약 복용");
    pty.send("\u{1b}");
    pty.wait_for("Saved team's answer");
    pty.send("2");
    pty.wait_for("needs improvement");

    // Raise an item on it.
    pty.send("i");
    pty.wait_for("Raise an item");
    pty.send("야간 응답 검토\tcheck night answers\t이서연\t2026-12-15\u{13}");
    pty.wait_for("Raised CARE-1");

    // End the meeting and quit.
    pty.send("m");
    pty.wait_for("Attendees:");
    pty.send("E");
    pty.wait_for("End meeting 1 now?");
    pty.send("y");
    pty.wait_for("Meeting 1 ended. Export its minutes now?");
    pty.send("n");
    pty.wait_until("the question to close", |s| !s.contains("Export its minutes"));
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);

    // Reopen: everything is there.
    let mut pty = open_care(dir.path(), &db);
    // A frame can arrive in pieces: wait for all of it.
    let screen = pty.wait_until("the answer, assessment and item", |s| {
        s.contains("야간 질문에 답합니다 | 약 복용")
            && s.contains("! needs improvement")
            && s.contains("CARE-1 야간 응답 검토")
    });
    assert!(!screen.contains("MEETING"), "the meeting ended: {screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);

    let history = query(
        &db,
        "SELECT h.field, m.seq, h.changed_by FROM response_history h JOIN meetings m ON m.id = h.meeting_id ORDER BY h.changed_at",
    );
    assert_eq!(history, [["answer", "1", "김민지"], ["assessment", "1", "김민지"]]);
    let items =
        query(&db, "SELECT i.title, i.owner, i.due_date, m.seq FROM items i JOIN meetings m ON m.id = i.meeting_id");
    assert_eq!(items, [["야간 응답 검토", "이서연", "2026-12-15", "1"]]);
    let attendees = query(&db, "SELECT name, role FROM attendees ORDER BY position");
    assert_eq!(attendees, [["김민지", "consultant"], ["Lee", "developer"]]);
}

#[test]
fn text_typed_before_a_sigkill_is_back_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = open_care(dir.path(), &db);
    pty.wait_for("Questions 0/");
    pty.send("e");
    pty.wait_for("Esc save &");
    pty.send("메모: 보존 기간 확인 | retention");
    pty.wait_for("메모: 보존 기간 확인 | retention");
    // The autosave lands within about a second; kill as soon as it has.
    wait_for_rows(&db, "SELECT body FROM drafts WHERE body = '메모: 보존 기간 확인 | retention'");
    pty.signal("KILL");
    pty.wait_exit();

    let mut pty = open_care(dir.path(), &db);
    pty.wait_until("the recovered notes and the message", |s| {
        s.contains("Recovered text typed before chec stopped") && s.contains("메모: 보존 기간 확인 | retention")
    });
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(query(&db, "SELECT notes FROM responses"), [["메모: 보존 기간 확인 | retention"]]);
    assert!(query(&db, "SELECT 1 FROM drafts").is_empty());
}

#[test]
fn a_half_written_item_form_is_back_after_a_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = open_care(dir.path(), &db);
    pty.wait_for("Questions 0/");
    pty.send("i");
    pty.wait_for("Raise an item");
    pty.send("보존 정책 | retention\t세부 사항");
    pty.wait_for("세부 사항");
    wait_for_rows(&db, "SELECT body FROM drafts WHERE target LIKE 'form:raise-item:%' AND body LIKE '%세부 사항%'");
    pty.signal("KILL");
    pty.wait_exit();

    let mut pty = open_care(dir.path(), &db);
    pty.wait_until("the recovered form, filled in", |s| {
        s.contains("Recovered an unfinished form") && s.contains("보존 정책 | retention") && s.contains("세부 사항")
    });
    pty.send("\u{13}");
    pty.wait_for("Raised CARE-1");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(query(&db, "SELECT title, detail FROM items"), [["보존 정책 | retention", "세부 사항"]]);
    assert!(query(&db, "SELECT 1 FROM drafts").is_empty(), "the form's draft is gone once submitted");
}

/// Korean input methods draw the syllable being composed at the terminal's cursor: it must
/// sit right after the text typed, shown, in the real binary.
#[test]
fn the_terminal_cursor_follows_hangul_typed_in_an_editor() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = open_care(dir.path(), &db);
    pty.wait_for("Questions");
    pty.send("a");
    pty.wait_for("Esc save &");
    pty.send("야간 | 확인");
    pty.wait_for("야간 | 확인");
    pty.wait_until("the text drawn whole", |_| pty.after("야간 | 확인").is_some());
    let end = pty.after("야간 | 확인").expect("the text is on screen");
    pty.wait_until("the cursor after the text", |_| pty.cursor() == (end, true));
    pty.send("\u{1b}");
    pty.wait_for("Saved team's answer");
    pty.wait_until("the cursor hidden once nothing is typed", |_| !pty.cursor().1);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

/// A Korean team at the keyboard (LANG=ko_KR.UTF-8): the list, the help, the new-consultation
/// form and a consultation's questions speak Korean, through the real binary in a terminal.
#[test]
fn a_journey_in_korean() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let script = format!("'{CHEC}'; echo \"exit=$?\"; sleep 5");
    let env: [(&str, &Path); 5] = [
        ("CHEC_DB", &db),
        ("CHEC_CONFIG_DIR", &dir.path().join("config")),
        ("LANG", Path::new("ko_KR.UTF-8")),
        ("LC_ALL", Path::new("")),
        ("LC_MESSAGES", Path::new("")),
    ];
    let mut pty = Pty::spawn("sh", &["-c", &script], &env, 80, 24);
    pty.wait_until("the list in Korean", |s| s.contains("자문 목록") && s.contains("돌봄 챗봇 | Care"));
    // The frame whole: it can arrive in pieces, the footer last.
    let screen = pty.settled();
    assert!(screen.contains("끝내기"), "the footer speaks Korean:\n{screen}");
    pty.send("?");
    pty.wait_until("the help in Korean", |s| s.contains("회의 진행하기") && s.contains("자문 열기"));
    pty.send("\u{1b}");
    pty.wait_until("the help closed", |s| !s.contains("회의 진행하기"));
    pty.send("n");
    pty.wait_until("the form in Korean", |s| s.contains("새 자문") && s.contains("서비스 이름"));
    pty.send("\u{1b}");
    pty.wait_until("the form closed", |s| !s.contains("서비스 이름"));
    pty.send("\r");
    // chec-default's questions, in Korean.
    pty.wait_until("a question in Korean", |s| s.contains("이 서비스는 이용자의"));
    pty.send("q");
    let screen = pty.wait_for("exit=");
    assert!(screen.contains("exit=0"), "{screen}");
}

/// Issue 13's walk: a whole stage with ↓, a, typing, Esc, 2 — the Esc and the 2 in one
/// write, as over ssh — never lands in the wrong place: every question gets its own answer
/// and assessment, in list order, and the stage never changes.
#[test]
fn a_stage_walked_with_down_a_esc_2_lands_each_answer_on_its_own_question() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = Pty::spawn(CHEC, &[], &[("CHEC_DB", &db), ("CHEC_CONFIG_DIR", &dir.path().join("config"))], 80, 24);
    pty.wait_for("CARE");
    pty.send("\r");
    pty.wait_for("Questions 0/6");
    let mut walked = Vec::new();
    for n in 1..=6 {
        pty.send("a");
        pty.wait_for("Esc save &");
        pty.send(&format!("답 {n} | 한글"));
        pty.wait_for(&format!("답 {n} | 한글"));
        pty.send("\u{1b}2");
        let screen = pty.wait_until("the assessment", |s| {
            s.contains(&format!("Questions {n}/6")) && s.contains(": ! needs improvement") && s.contains(" pane ")
        });
        // The status line, above the footer (which may wrap onto two rows).
        let status = screen.lines().find(|l| l.trim_start().starts_with("PLN-")).unwrap_or_default().to_string();
        let question = status.split(':').next().unwrap_or_default().trim().to_string();
        assert!(status.contains("! needs improvement") && question.starts_with("PLN-"), "{screen}");
        assert!(screen.contains("Planning & design"), "still on the stage:\n{screen}");
        walked.push(question);
        pty.send("\u{1b}[B"); // ↓
    }
    let mut distinct = walked.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 6, "each step on a question of its own: {walked:?}");
    pty.send("q");
    pty.wait_exit();
    // Each answer is on the question that was assessed with it.
    let out = Command::new(CHEC)
        .args(["export", "report", "CARE", "--format", "json"])
        .env("CHEC_DB", &db)
        .env("CHEC_CONFIG_DIR", dir.path().join("config"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let responses = report["responses"].as_array().unwrap();
    for (n, question) in walked.iter().enumerate() {
        let response = responses.iter().find(|r| r["question_id"] == question.as_str()).unwrap();
        assert_eq!(response["answer"], format!("답 {} | 한글", n + 1), "{question}");
        assert_eq!(response["assessment"], "needs-improvement", "{question}");
    }
}

/// A status of up to three rows appears and goes while Hangul is on screen, so the body
/// above it shifts by rows: the terminal, sent only what changed, shows what a full redraw
/// (a resize away and back) shows, and the Korean just typed is found on it.
#[test]
fn a_status_shifting_the_body_over_hangul_leaves_what_a_full_redraw_shows() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let mut pty = open_care(dir.path(), &db);
    pty.wait_for("Questions");
    // The screen as redrawn whole: a resize away and back, each a full redraw after clearing.
    let redrawn = |pty: &Pty| {
        let since = pty.raw_len();
        pty.resize(81, 24);
        pty.frame_after(since, true);
        let since = pty.raw_len();
        pty.resize(80, 24);
        pty.frame_after(since, true);
        pty.settled()
    };
    pty.send("a");
    pty.wait_for("Esc save &");
    pty.send("야간 | 확인 가나다라 마바사\nx아자차카 타파하 | 두 번째 줄");
    pty.wait_for("x아자차카 타파하 | 두 번째 줄");
    pty.send("\u{1b}");
    pty.wait_for("Saved team's answer");
    let long = "야간 응답 검토 | 보호자 알림 기준과 시간을 정하고 한 달 동안 지켜봐요";
    for (title, step) in [("짧은 제목 | 한글", "short"), (long, "long")] {
        pty.send("i");
        pty.wait_for("Raise an item");
        pty.send(title);
        pty.send("\u{13}"); // Ctrl-S
        pty.wait_until("the item raised", |s| s.contains("Raised CARE-"));
        let shown = pty.settled();
        assert!(shown.contains("x아자차카 타파하 | 두 번째 줄"), "{step}: the Korean is found:\n{shown}");
        let rows: Vec<&str> = shown.lines().collect();
        let status = rows.iter().position(|r| r.starts_with("Raised CARE-")).unwrap();
        let footer = rows.iter().position(|r| r.starts_with(" Tab pane")).unwrap();
        assert_eq!(footer - status, if step == "long" { 2 } else { 1 }, "{step}: the status's rows:\n{shown}");
        assert_eq!(shown, redrawn(&pty), "{step}: with the status");
        pty.send("j");
        pty.wait_until("the status gone", |s| !s.contains("Raised CARE-"));
        let gone = pty.settled();
        assert!(!gone.contains("Raised CARE-"), "{step}: the status went:\n{gone}");
        assert_eq!(gone, redrawn(&pty), "{step}: the status gone");
        pty.send("k"); // back up; the next key waits its turn behind it
    }
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}
