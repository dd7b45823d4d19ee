//! Terminal reliability, through the real binary:
//!
//! 1. SIGTERM, SIGHUP and SIGINT while editing: chec exits, the terminal is restored and the
//!    typed text is committed (even before the first autosave);
//! 2. an injected panic (`CHEC_INJECT_PANIC`, debug builds): exit code 101, the terminal is
//!    restored, the typed text committed;
//! 3. hostile text (escape sequences, OSC 52 and OSC 8, C1 controls, bidi overrides, BEL,
//!    HTML) typed or pasted in the TUI, given on the command line or loaded from a
//!    questionnaire file never reaches a terminal as control characters, nor an export as
//!    control characters or raw HTML.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use chec::domain::QuestionRef;
use chec::domain::{Attendee, ItemDecision, MeetingField, NewItem, NewMeeting, ResponseField};
use chec::storage::Store;
use common::pty::{Pty, open_editor};
use pulldown_cmark::Event;
use serde_json::{Value, json};

const CHEC: &str = env!("CARGO_BIN_EXE_chec");

/// Korean text with a pipe, for the signal and panic tests.
const KOREAN: &str = "야간 상담은 사람이 검토 | night review";

/// Every kind of hostile text that ends, each piece after a marker `k1`…`k0` so what is
/// left of it can be found: CSI (clear screen, colour), OSC 52 (clipboard write), OSC 8
/// (hyperlink), the C1 forms of CSI, OSC and NEL, a right-to-left override and an isolate,
/// BEL, and HTML.
macro_rules! hostile_sequences {
    () => {
        concat!(
            "k1\u{1b}[2J",
            "k2\u{1b}[31m",
            "k3\u{1b}]52;c;aGk=\u{7}",
            "k4\u{1b}]8;;http://evil\u{1b}\\x\u{1b}]8;;\u{1b}\\",
            "k5\u{9b}2J",
            "k6\u{9d}52;c;aGk=\u{9c}",
            "k7\u{85}",
            "k8\u{202e}",
            "k9\u{2066}",
            "k0\u{7}",
            "<script>alert(1)</script> <img src=x onerror=y>",
        )
    };
}

/// Sequences that never end, after markers `m1`…`m7`, whose introducer alone goes while the
/// text after it stays: an OSC 8 cut short, lone C1 introducers of DCS, SOS, PM, APC and
/// OSC, a 7-bit DCS.
macro_rules! stray_escapes {
    () => {
        "m1\u{1b}]8;;m2\u{90}m3\u{98}m4\u{9e}m5\u{9f}m6\u{9d}m7\u{1b}P"
    };
}

/// All the hostile text: what ends, what never does, and last a CSI broken by a Korean
/// letter (after `m8`).
const HOSTILE: &str = concat!(hostile_sequences!(), stray_escapes!(), "m8\u{1b}[9한");

/// [`HOSTILE`] as typed on a keyboard: the sequences that end, and the lone C1 introducers.
/// A 7-bit `ESC ]` or `ESC P` that never ends, or a broken CSI, is what a keyboard sends for
/// Esc followed by keys, and chec reads it so (it leaves the field); pasted, it is text.
const HOSTILE_TYPED: &str = concat!(hostile_sequences!(), "m2\u{90}m3\u{98}m4\u{9e}m5\u{9f}m6\u{9d}m7");

/// The hostile text that ends only, short enough for the new-consultation form's name field
/// to show whole.
const HOSTILE_SHORT: &str = hostile_sequences!();

/// What is left of [`HOSTILE_SHORT`] (and the start of [`HOSTILE`]) once every control character and escape sequence is removed
/// whole: its visible letters.
const VISIBLE: &str = "k1k2k3k4xk5k6k7k8k9k0<script>alert(1)</script> <img src=x onerror=y>";

/// What [`HOSTILE`]'s sequences that never end leave, after [`VISIBLE`]: everything but their
/// introducers. (A screen may cut it off at a column's width; text outputs show it whole.)
const AFTER_STRAY_ESCAPES: &str = "m18;;m2m3m4m5m6m7m89한";

/// Hostile text for the command line, files and exports, which a terminal never receives as
/// typed: bracketed-paste markers (kept out of the TUI's typed and pasted text, where ending a
/// paste early is another matter), a bare URL, a `www.` address, an e-mail address and a
/// mention, which Markdown exports must not make links or notifications of.
const STORED_EXTRA: &str =
    " p1\u{1b}[200~p2\u{1b}[201~p3 https://evil.example/x www.example.org kim@example.com @alice";

/// What is left of [`STORED_EXTRA`] once cleaned.
const STORED_EXTRA_VISIBLE: &str = " p1p2p3 https://evil.example/x www.example.org kim@example.com @alice";

/// A cell a spreadsheet would run as a formula.
const FORMULA: &str = "=HYPERLINK(\"https://formula.example\",\"open\")";

/// Text that only exists inside the hostile OSC sequences: seeing it means a sequence was
/// cut in the middle instead of removed whole (or passed on whole).
const OSC_PAYLOADS: [&str; 3] = ["aGk=", "http://evil", "52;c;"];

/// On screen, the rest of a CSI sequence cut after its ESC shows too.
const SCREEN_PAYLOADS: [&str; 5] = ["aGk=", "http://evil", "52;c;", "[2J", "[31m"];

// --- Helpers: an environment, the TUI in a pseudo-terminal --------------------------------

/// A temporary database and config folder.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    /// An environment with one consultation, `CARE`.
    fn with_consultation() -> Env {
        let env = Env::new();
        env.chec_ok(&["new", "--key", "CARE", "--name", "돌봄 챗봇", "--team", "Care AI"]);
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("chec.db")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn chec(&self, args: &[&str]) -> Output {
        Command::new(CHEC)
            .args(args)
            .env("CHEC_DB", self.db())
            // English whatever the machine's locale: these tests read chec's English.
            .env("LC_ALL", "C.UTF-8")
            .env("CHEC_CONFIG_DIR", self.config())
            .env("CHEC_USER", "tester")
            .env_remove("NO_COLOR")
            .output()
            .unwrap()
    }

    /// Run chec, expect success, return its stdout.
    #[track_caller]
    fn chec_ok(&self, args: &[&str]) -> String {
        let o = self.chec(args);
        let stdout = String::from_utf8(o.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "chec {args:?} failed:\nstdout:\n{stdout}\nstderr:\n{stderr}");
        stdout
    }

    fn pty_env(&self, extra: &[(&str, &str)]) -> Vec<(String, PathBuf)> {
        let mut vars = vec![
            ("CHEC_DB".to_string(), self.db()),
            ("CHEC_CONFIG_DIR".to_string(), self.config()),
            ("CHEC_USER".to_string(), PathBuf::from("tester")),
        ];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), PathBuf::from(v))));
        vars
    }

    fn spawn(&self, program: &str, args: &[&str], extra: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let vars = self.pty_env(extra);
        let vars: Vec<(&str, &Path)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_path())).collect();
        Pty::spawn(program, args, &vars, cols, rows)
    }

    /// The TUI alone, in a terminal wide enough for [`VISIBLE`] to fit on one line anywhere.
    fn wide_tui(&self) -> Pty {
        self.spawn(CHEC, &[], &[], 200, 50)
    }

    /// The TUI under `sh`, which then prints chec's exit code and whether `icanon` and `echo`
    /// are back, so a test can see the terminal after chec left it.
    fn tui_then_stty(&self, extra: &[(&str, &str)]) -> Pty {
        let script = format!(
            "'{CHEC}'; echo \"exit=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 5"
        );
        self.spawn("sh", &["-c", &script], extra, 80, 24)
    }

    /// Every row of `sql`, each column as text.
    fn query(&self, sql: &str) -> Vec<Vec<String>> {
        common::db::query(&self.db(), sql)
    }

    /// Wait until `sql` returns at least one row.
    fn wait_for_rows(&self, sql: &str) {
        let deadline = Instant::now() + common::pty::timeout();
        while self.query(sql).is_empty() {
            assert!(Instant::now() < deadline, "timed out waiting for rows of {sql}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The pid of chec, the one child of the wrapper shell.
fn chec_pid(pty: &Pty) -> String {
    let children = Command::new("pgrep").args(["-P", &pty.pid().to_string()]).output().unwrap();
    let pid = String::from_utf8(children.stdout).unwrap().trim().to_string();
    assert!(!pid.is_empty() && !pid.contains('\n'), "exactly one chec under the shell: {pid:?}");
    pid
}

fn send_signal(pid: &str, signal: &str) {
    assert!(Command::new("kill").args([&format!("-{signal}"), pid]).status().unwrap().success());
}

/// The exit code the wrapper shell printed for chec (read once stty's report, printed after
/// it, is there: the code itself may arrive in pieces).
fn wrapper_exit_code(pty: &Pty) -> String {
    let screen = pty.wait_until("chec's exit code and stty's report", |s| s.contains("exit=") && s.contains("icanon"));
    let at = screen.find("exit=").unwrap() + "exit=".len();
    screen[at..].chars().take_while(char::is_ascii_digit).collect()
}

/// After chec left: the alternate screen is gone, `icanon` and `echo` are back, bracketed
/// paste and mouse reporting were turned off.
#[track_caller]
fn assert_terminal_restored(pty: &Pty) {
    let screen = pty.wait_until("stty's report", |s| s.contains("icanon"));
    assert!(!pty.alternate_screen(), "still on the alternate screen:\n{screen}");
    let words: Vec<&str> = screen.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "raw mode still on (icanon and echo must be back):\n{screen}"
    );
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(raw.contains("\u{1b}[?2004l"), "bracketed paste was never turned off");
    assert!(raw.contains("\u{1b}[?1000l"), "mouse reporting was never turned off");
}

/// How hostile text reaches the TUI.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Entry {
    /// As keystrokes: the terminal's input parser reads its escape sequences as keys.
    Typed,
    /// Inside a bracketed paste: chec gets the text exactly as written.
    Pasted,
    /// Already in the database or a questionnaire file, exactly as written.
    Stored,
}

fn enter(pty: &mut Pty, how: Entry, text: &str) {
    match how {
        Entry::Typed => pty.send(text),
        Entry::Pasted => pty.send(&format!("\u{1b}[200~{text}\u{1b}[201~")),
        Entry::Stored => unreachable!("stored text is not entered"),
    }
}

// --- Helpers: finding what must not get through -------------------------------------------

/// Directional embeddings, overrides, isolates and marks.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// What of the hostile text got through to a terminal: OSC sequences (chec itself never
/// sends one), the hostile CSI sequences still in front of their markers, C1 controls, bidi
/// controls, BEL, and (with `whole`: text that reached chec as written, so every sequence
/// must be removed whole) the text that only exists inside the OSC sequences.
fn terminal_leaks(raw: &[u8], whole: bool) -> Vec<String> {
    let raw = String::from_utf8_lossy(raw);
    let mut leaks = Vec::new();
    for needle in ["\u{1b}]", "\u{1b}[2Jk2", "\u{1b}[31mk3", "\u{7}", "\u{1b}[200~", "\u{1b}[201~", "\u{1b}P"] {
        if raw.contains(needle) {
            leaks.push(format!("{needle:?}"));
        }
    }
    for c in raw.chars().filter(|&c| ('\u{80}'..='\u{9f}').contains(&c) || is_bidi(c)) {
        leaks.push(format!("{c:?}"));
    }
    if whole {
        leaks.extend(OSC_PAYLOADS.iter().filter(|p| raw.contains(*p)).map(|p| format!("payload {p:?}")));
    }
    leaks
}

#[track_caller]
fn assert_nothing_leaked_to_the_terminal(pty: &Pty, how: Entry) {
    let leaks = terminal_leaks(&pty.raw_output(), how != Entry::Typed);
    assert!(leaks.is_empty(), "hostile text reached the terminal: {leaks:?}\nscreen:\n{}", pty.screen());
}

/// The screen shows the hostile text's letters, and nothing of its sequences (pasted or
/// stored: the exact visible letters; typed: every marker, in order, since the input parser
/// turns the sequences into keys and some of their letters are typed).
#[track_caller]
fn assert_screen_shows_letters_only(screen: &str, how: Entry) {
    match how {
        Entry::Pasted | Entry::Stored => {
            assert!(screen.contains(VISIBLE), "the visible letters, and only them, on screen:\n{screen}");
            assert_no_sequence_pieces_on(screen);
        }
        Entry::Typed => {
            let line = screen.lines().find(|l| l.contains("k1")).unwrap_or_else(|| panic!("no k1 on:\n{screen}"));
            let mut rest = &line[line.find("k1").unwrap()..];
            for marker in ["k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k0"] {
                let at = rest.find(marker).unwrap_or_else(|| panic!("{marker} missing or out of order in {line:?}"));
                rest = &rest[at..];
            }
        }
    }
}

#[track_caller]
fn assert_no_sequence_pieces_on(screen: &str) {
    let pieces: Vec<_> = SCREEN_PAYLOADS.iter().filter(|p| screen.contains(*p)).collect();
    assert!(pieces.is_empty(), "pieces of escape sequences on screen: {pieces:?}\n{screen}");
}

/// Characters a terminal or a reader could be fooled by: controls other than the line
/// break (and CR LF where `crlf` allows it), and bidi controls.
fn unsafe_chars(text: &str, crlf: bool) -> Vec<char> {
    let mut found = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (crlf && c == '\r' && chars.peek() == Some(&'\n'));
        if (c.is_control() && !line_break) || is_bidi(c) {
            found.push(c);
        }
    }
    found
}

#[track_caller]
fn assert_clean(what: &str, text: &str, crlf: bool) {
    let found = unsafe_chars(text, crlf);
    assert!(found.is_empty(), "{what} carries {found:?}:\n{text}");
    assert!(text.contains("k1k2k3k4xk5k6k7k8k9k0"), "{what} shows the hostile text's letters:\n{text}");
    assert!(text.contains(AFTER_STRAY_ESCAPES), "{what} keeps the text after stray escapes:\n{text}");
}

/// Every string in a JSON document (keys and values).
fn json_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| json_strings(v, out)),
        Value::Object(o) => o.iter().for_each(|(k, v)| {
            out.push(k.clone());
            json_strings(v, out);
        }),
        _ => {}
    }
}

/// JSON output: clean as text, and clean once parsed (an escaped `\u001b` is still an ESC
/// for whoever prints the value).
#[track_caller]
fn assert_clean_json(what: &str, text: &str) {
    assert_clean(what, text, false);
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON: {e}\n{text}"));
    let mut strings = Vec::new();
    json_strings(&value, &mut strings);
    let bad: Vec<_> = strings.iter().filter(|s| !unsafe_chars(s, false).is_empty()).collect();
    assert!(bad.is_empty(), "{what} has values with control or bidi characters: {bad:?}");
}

/// Markdown: clean as text, no raw HTML once parsed, the HTML shown as text, and no link or
/// mention made of anything (the URL, addresses and `@alice` of [`STORED_EXTRA`] show as
/// code, as typed, where it was stored).
#[track_caller]
fn assert_clean_markdown(what: &str, md: &str) {
    assert_clean(what, md, false);
    let events = common::markdown::parse(md);
    let mut html = Vec::new();
    let mut text = String::new();
    for event in &events {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Text(t) => text.push_str(t),
            _ => {}
        }
    }
    assert!(html.is_empty(), "{what} carries raw HTML {html:?}:\n{md}");
    assert!(text.contains("<script>alert(1)</script>"), "{what} shows the HTML as text:\n{md}");
    assert!(!common::markdown::has_links(&events), "{what} has a link:\n{md}");
    let linkable = common::markdown::linkable_outside_code(&events);
    assert!(linkable.is_empty(), "{what} would link or mention {linkable:?}:\n{md}");
    if md.contains("p1p2p3") {
        let shown = common::markdown::shown(&events);
        assert!(shown.contains(STORED_EXTRA_VISIBLE.trim()), "{what} shows the stored text as typed:\n{shown}");
    }
}

// --- Helpers: hostile data ----------------------------------------------------------------

/// `CARE` and its item `CARE-1` made on the command line with hostile text in every text
/// argument (and as the actor recorded in the history); then, through the library as the
/// TUI would, a meeting with hostile attendees, agenda, notes, decisions and next steps, a
/// hostile answer and notes, an item raised in the meeting, and a hostile sign-off comment.
fn hostile_consultation() -> Env {
    let env = Env::new();
    let h = &format!("{HOSTILE}{STORED_EXTRA}");
    env.chec_ok(&["--as", h, "new", "--key", "CARE", "--name", h, "--team", h, "--description", h]);
    env.chec_ok(&["--as", h, "item", "add", "CARE", "--title", h, "--detail", h, "--owner", h, "--question", "PLN-01"]);
    env.chec_ok(&["--as", h, "item", "set", "CARE-1", "--status", "in-progress", "--note", h]);
    env.chec_ok(&["item", "add", "CARE", "--title", FORMULA, "--owner", "@alice", "--detail", "+1 -2"]);

    let mut store = Store::open(&env.db()).unwrap();
    store.set_actor(h);
    let c = store.consultation("CARE").unwrap().unwrap();
    let attendees = vec![Attendee { name: h.into(), role: h.into() }];
    let meeting =
        store.start_meeting(&c, &NewMeeting { stage: "planning".into(), attendees, agenda: h.into() }).unwrap();
    let pln01 = QuestionRef { id: "PLN-01", stage: "planning" };
    store.replace_response_text(&c, pln01, ResponseField::Answer, h, Some(&meeting.id)).unwrap();
    store.replace_response_text(&c, pln01, ResponseField::Notes, h, Some(&meeting.id)).unwrap();
    for field in [MeetingField::Notes, MeetingField::Decisions, MeetingField::NextSteps] {
        store.replace_meeting_text(&c, &meeting.id, field, h).unwrap();
    }
    let new = NewItem {
        title: h.into(),
        detail: h.into(),
        owner: h.into(),
        question_id: Some("PLN-01".into()),
        stage: "planning".into(),
        ..NewItem::default()
    };
    store.raise_item(&c, &new, Some(&meeting.id)).unwrap();
    store.end_meeting(&meeting.id).unwrap();
    let no_decisions: &[ItemDecision] = &[];
    store
        .sign_off_stage(&c, "planning", h, no_decisions, None, &store.sign_off_warnings(&c, "planning").unwrap())
        .unwrap();
    env
}

/// A questionnaire with hostile text in everything that is not an id.
fn hostile_questionnaire() -> Value {
    let h = |label: &str| format!("{label} {HOSTILE}{STORED_EXTRA}");
    json!({
        "id": "hostile",
        "version": h("v1"),
        "title": h("Title"),
        "description": h("Description"),
        "traits": [{ "id": "minors", "name": h("Trait"), "description": h("Trait description") }],
        "principles": [{ "id": "p1", "name": h("Principle"), "description": h("Principle description") }],
        "stages": [
            { "id": "s1", "name": h("Stage"), "description": h("Stage description") },
            { "id": "s2", "name": h("Later"), "description": h("Later description") }
        ],
        "questions": [
            {
                "id": "Q1",
                "stage": "s1",
                "principles": ["p1"],
                "prompt": h("Prompt"),
                "guidance": { "why": h("Why"), "good_answer": h("Good answer") }
            },
            { "id": "Q2", "stage": "s1", "principles": ["p1"], "prompt": h("Minors"), "traits": ["minors"] },
            { "id": "Q3", "stage": "s2", "principles": ["p1"], "prompt": h("Later prompt") }
        ]
    })
}

/// An environment whose config folder holds [`hostile_questionnaire`].
fn with_hostile_questionnaire() -> Env {
    let env = Env::new();
    let dir = env.config().join("questionnaires");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hostile.json"), serde_json::to_string_pretty(&hostile_questionnaire()).unwrap()).unwrap();
    env
}

// --- 1. Signals while editing -------------------------------------------------------------

/// When the signal arrives, relative to the editor's first autosave (a second after it
/// opened).
#[derive(Clone, Copy, PartialEq)]
enum When {
    BeforeAutosave,
    AfterAutosave,
}

/// Type an answer, send `signal` to chec, and check that it exits, the terminal is restored
/// and the answer is committed.
fn signal_while_editing(signal: &str, when: When) {
    let env = Env::with_consultation();
    let mut pty = env.tui_then_stty(&[]);
    pty.wait_for("CARE");
    let pid = chec_pid(&pty);
    open_editor(&mut pty, "a");
    pty.send(KOREAN);
    pty.wait_for(KOREAN);
    match when {
        When::AfterAutosave => env.wait_for_rows("SELECT 1 FROM drafts"),
        When::BeforeAutosave => assert!(
            env.query("SELECT 1 FROM drafts").is_empty(),
            "the test must signal before the first autosave (a very slow machine?)"
        ),
    }
    send_signal(&pid, signal);
    assert_eq!(wrapper_exit_code(&pty), "0", "chec exits cleanly on SIG{signal}");
    assert_terminal_restored(&pty);
    assert_eq!(env.query("SELECT answer FROM responses"), [[KOREAN]], "the answer is committed");
    assert!(env.query("SELECT body FROM drafts").is_empty(), "no draft is left once the answer is committed");
}

#[test]
fn sigterm_while_editing_commits_the_answer_and_restores_the_terminal() {
    signal_while_editing("TERM", When::AfterAutosave);
}

#[test]
fn sighup_while_editing_commits_the_answer_and_restores_the_terminal() {
    signal_while_editing("HUP", When::AfterAutosave);
}

#[test]
fn sigint_while_editing_commits_the_answer_and_restores_the_terminal() {
    signal_while_editing("INT", When::AfterAutosave);
}

#[test]
fn sigterm_before_the_first_autosave_still_commits_the_answer() {
    signal_while_editing("TERM", When::BeforeAutosave);
}

#[test]
fn sighup_before_the_first_autosave_still_commits_the_answer() {
    signal_while_editing("HUP", When::BeforeAutosave);
}

#[test]
fn sigint_before_the_first_autosave_still_commits_the_answer() {
    signal_while_editing("INT", When::BeforeAutosave);
}

#[test]
fn sigterm_with_an_unfinished_item_form_keeps_it_as_a_draft() {
    let env = Env::with_consultation();
    let mut pty = env.tui_then_stty(&[]);
    pty.wait_for("CARE");
    pty.send("\r");
    pty.wait_for("Questions 0/");
    pty.send("i");
    pty.wait_for("Raise an item");
    pty.send("보존 정책 | retention");
    pty.wait_for("보존 정책 | retention");
    send_signal(&chec_pid(&pty), "TERM");
    assert_eq!(wrapper_exit_code(&pty), "0");
    assert_terminal_restored(&pty);
    let drafts = env.query("SELECT body FROM drafts WHERE target LIKE 'form:raise-item:%'");
    assert!(drafts.len() == 1 && drafts[0][0].contains("보존 정책 | retention"), "the form is kept: {drafts:?}");
}

// --- 2. Injected panic --------------------------------------------------------------------

#[test]
fn a_panic_while_editing_exits_101_restores_the_terminal_and_commits_the_answer() {
    let env = Env::with_consultation();
    let mut pty = env.tui_then_stty(&[("CHEC_INJECT_PANIC", "2000"), ("RUST_BACKTRACE", "0")]);
    open_editor(&mut pty, "a");
    pty.send(KOREAN);
    pty.wait_for(KOREAN);
    assert_eq!(wrapper_exit_code(&pty), "101", "a panic exits with Rust's panic code");
    assert_terminal_restored(&pty);
    assert_eq!(env.query("SELECT answer FROM responses"), [[KOREAN]], "the answer is committed");
    assert!(env.query("SELECT body FROM drafts").is_empty(), "no draft is left once the answer is committed");
}

#[test]
fn the_panic_message_stays_readable_after_chec_exits() {
    let env = Env::with_consultation();
    let pty = env.tui_then_stty(&[("CHEC_INJECT_PANIC", "1000"), ("RUST_BACKTRACE", "0")]);
    pty.wait_for("CARE");
    let screen = pty.wait_until("the exit code and stty's report", |s| s.contains("exit=") && s.contains("icanon"));
    let intact = screen.lines().any(|l| l.starts_with("thread 'main'") && l.contains("panicked at"));
    assert!(intact, "the first line of the panic message was overwritten by the shell's output:\n{screen}");
    assert!(screen.contains("injected panic (CHEC_INJECT_PANIC)"), "{screen}");
}

// --- 3. Hostile text in the TUI -----------------------------------------------------------

/// Enter hostile text in the answer (`a`) or notes (`e`) editor: while it is edited and once
/// it is saved and shown in the dialogue, only its letters reach the terminal.
fn hostile_text_in_an_editor(key: &str, how: Entry) {
    let env = Env::with_consultation();
    let mut pty = env.wide_tui();
    open_editor(&mut pty, key);
    enter(&mut pty, how, if how == Entry::Typed { HOSTILE_TYPED } else { HOSTILE });
    let screen = pty.wait_for("<img src=x onerror=y>");
    assert_screen_shows_letters_only(&screen, how);
    pty.send("\u{1b}");
    let screen = pty.wait_until("the saved text in the dialogue", |s| s.contains("Saved") && !s.contains("Esc save &"));
    assert_screen_shows_letters_only(&screen, how);
    assert_nothing_leaked_to_the_terminal(&pty, how);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let column = if key == "a" { "answer" } else { "notes" };
    let saved = env.query(&format!("SELECT {column} FROM responses"));
    assert!(saved[0][0].contains("k1"), "the text was saved: {saved:?}");
    if how == Entry::Pasted {
        let whole = format!("{VISIBLE}{AFTER_STRAY_ESCAPES}");
        assert_eq!(saved[0][0], whole, "the letters of the paste, all of them, and nothing else");
    }
}

#[test]
fn hostile_text_typed_in_the_answer_shows_only_its_letters() {
    hostile_text_in_an_editor("a", Entry::Typed);
}

#[test]
fn hostile_text_pasted_in_the_answer_shows_only_its_letters() {
    hostile_text_in_an_editor("a", Entry::Pasted);
}

#[test]
fn hostile_text_typed_in_the_notes_shows_only_its_letters() {
    hostile_text_in_an_editor("e", Entry::Typed);
}

#[test]
fn hostile_text_pasted_in_the_notes_shows_only_its_letters() {
    hostile_text_in_an_editor("e", Entry::Pasted);
}

/// Enter a hostile name in the new-consultation form: only its letters reach the terminal,
/// in the form, in the consultation's header and in the list.
fn hostile_name_in_the_new_consultation_form(how: Entry) {
    let env = Env::new();
    let mut pty = env.wide_tui();
    // No database yet: chec asks before creating one.
    pty.wait_for("Create it? [y/N]");
    pty.send("y\r");
    pty.wait_for("No consultations yet");
    pty.send("n");
    pty.wait_for("New consultation");
    pty.send("EVIL\t");
    enter(&mut pty, how, HOSTILE_SHORT);
    let screen = pty.wait_for("<img src=x onerror=y>");
    // The field scrolls sideways: typed, the text is longer than it is wide.
    if how == Entry::Pasted {
        assert_screen_shows_letters_only(&screen, how);
    }
    pty.send("\u{13}");
    let screen = pty.wait_for("Questions 0/");
    assert_screen_shows_letters_only(&screen, how);
    pty.send("C");
    let screen = pty.wait_until("the list", |s| s.contains("EVIL") && !s.contains("Questions 0/"));
    assert_screen_shows_letters_only(&screen, how);
    assert_nothing_leaked_to_the_terminal(&pty, how);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(env.query("SELECT key FROM consultations"), [["EVIL"]]);
}

#[test]
fn a_hostile_name_typed_in_the_new_consultation_form_shows_only_its_letters() {
    hostile_name_in_the_new_consultation_form(Entry::Typed);
}

#[test]
fn a_hostile_name_pasted_in_the_new_consultation_form_shows_only_its_letters() {
    hostile_name_in_the_new_consultation_form(Entry::Pasted);
}

#[test]
fn hostile_questionnaire_text_shows_only_its_letters_in_the_tui() {
    let env = with_hostile_questionnaire();
    env.chec_ok(&["new", "--key", "EVIL", "--name", "Plain", "--questionnaire", "hostile", "--trait", "minors"]);
    let mut pty = env.wide_tui();
    pty.wait_for("EVIL");
    pty.send("\r");
    let screen = pty.wait_for("Questions 0/");
    assert_no_sequence_pieces_on(&screen);
    for label in ["v1 k1k2k3", "Stage k1k2k3", "Principle k1k2k3", "Prompt k1k2k3"] {
        assert!(screen.contains(label), "{label} on the stage view:\n{screen}");
    }
    pty.send("w");
    let screen = pty.wait_until("the full question", |s| s.contains("Esc close ") && s.contains("Why it matters"));
    assert_no_sequence_pieces_on(&screen);
    pty.send("\u{1b}");
    pty.wait_until("the full question to close", |s| !s.contains("Esc close "));
    pty.send("D");
    let screen = pty.wait_for("· Dashboard");
    assert_no_sequence_pieces_on(&screen);
    assert_nothing_leaked_to_the_terminal(&pty, Entry::Stored);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn hostile_stored_text_shows_only_its_letters_on_every_screen() {
    let env = hostile_consultation();
    let mut pty = env.wide_tui();
    let screen = pty.wait_for("CARE");
    assert_screen_shows_letters_only(&screen, Entry::Stored);
    pty.send("\r");
    pty.wait_for("Questions 0/5");
    pty.send("["); // back to the signed-off planning stage, where the hostile answer is
    let screen = pty.wait_for("Items on PLN-01 (2)");
    assert_screen_shows_letters_only(&screen, Entry::Stored);
    pty.send("I");
    let screen = pty.wait_until("the items screen", |s| s.contains("· Items") && s.contains("CARE-2"));
    assert_screen_shows_letters_only(&screen, Entry::Stored);
    pty.send("h");
    let screen = pty.wait_for("History");
    assert_no_sequence_pieces_on(&screen);
    pty.send("\u{1b}");
    pty.wait_until("the history to close", |s| !s.contains("History"));
    pty.send("D");
    let screen = pty.wait_for("· Dashboard");
    assert_screen_shows_letters_only(&screen, Entry::Stored);
    assert_nothing_leaked_to_the_terminal(&pty, Entry::Stored);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

// --- 3. Hostile text on the command line --------------------------------------------------

#[test]
fn new_and_item_add_echo_hostile_text_as_letters_only() {
    let env = Env::new();
    let h = HOSTILE;
    let out = env.chec_ok(&["new", "--key", "CARE", "--name", h, "--team", h, "--description", h]);
    assert_clean("chec new", &out, false);
    let out = env.chec_ok(&["item", "add", "CARE", "--title", h, "--detail", h, "--owner", h]);
    assert_clean("chec item add", &out, false);
}

#[test]
fn chec_list_prints_no_control_characters() {
    let env = hostile_consultation();
    assert_clean("chec list", &env.chec_ok(&["list"]), false);
    assert_clean_json("chec list --format json", &env.chec_ok(&["list", "--format", "json"]));
}

#[test]
fn chec_items_prints_no_control_characters_in_any_format() {
    let env = hostile_consultation();
    assert_clean("chec items", &env.chec_ok(&["items"]), false);
    assert_clean_json("chec items --format json", &env.chec_ok(&["items", "--format", "json"]));
    let csv = env.chec_ok(&["items", "--format", "csv"]);
    assert_clean("chec items --format csv", &csv, true);
    let cells: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect();
    assert!(cells.contains(&format!("'{FORMULA}")), "the formula is guarded: {cells:?}");
    let formulas: Vec<_> = cells.iter().filter(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r'])).collect();
    assert!(formulas.is_empty(), "cells a spreadsheet would run: {formulas:?}");
    let raw = env.chec_ok(&["items", "--format", "csv", "--raw-csv"]);
    assert!(raw.contains(&FORMULA.replace('"', "\"\"")), "--raw-csv writes it as stored:\n{raw}");
    assert_clean_markdown("chec items --format md", &env.chec_ok(&["items", "--format", "md"]));
}

#[test]
fn chec_item_show_prints_no_control_characters() {
    let env = hostile_consultation();
    assert_clean("chec item show", &env.chec_ok(&["item", "show", "CARE-1"]), false);
    assert_clean_json("chec item show --format json", &env.chec_ok(&["item", "show", "CARE-1", "--format", "json"]));
}

#[test]
fn exports_carry_no_control_characters_and_no_raw_html() {
    let env = hostile_consultation();
    assert_clean_markdown("export minutes", &env.chec_ok(&["export", "minutes", "CARE"]));
    assert_clean_markdown("export report", &env.chec_ok(&["export", "report", "CARE"]));
    assert_clean_json("export report --format json", &env.chec_ok(&["export", "report", "CARE", "--format", "json"]));
    assert_clean_markdown("export items", &env.chec_ok(&["export", "items", "--format", "md"]));
}

/// A value the command line refuses (a malformed key, an unknown status) is named in the
/// usage error: on a terminal, only its letters.
#[test]
fn a_refused_hostile_value_reaches_the_terminal_as_letters_only() {
    let env = Env::new();
    for args in [["new", "--name", "x", "--key", HOSTILE], ["items", "--format", "json", "--status", HOSTILE]] {
        let mut pty = env.spawn(CHEC, &args, &[], 200, 50);
        assert_eq!(pty.wait_exit(), 2, "a usage error");
        let leaks = terminal_leaks(&pty.raw_output(), true);
        assert!(leaks.is_empty(), "chec {} reached the terminal with {leaks:?}", args[..args.len() - 1].join(" "));
    }
}

// --- 3. Hostile text from a questionnaire file --------------------------------------------

#[test]
fn questionnaire_show_prints_no_control_characters() {
    let env = with_hostile_questionnaire();
    assert_clean("questionnaire list", &env.chec_ok(&["questionnaire", "list"]), false);
    assert_clean("questionnaire show", &env.chec_ok(&["questionnaire", "show", "hostile"]), false);
    let json = env.chec_ok(&["questionnaire", "show", "hostile", "--format", "json"]);
    assert_clean_json("questionnaire show --format json", &json);
}

#[test]
fn exports_of_a_hostile_questionnaire_carry_no_control_characters_and_no_raw_html() {
    let env = with_hostile_questionnaire();
    let out =
        env.chec_ok(&["new", "--key", "EVIL", "--name", "Plain", "--questionnaire", "hostile", "--trait", "minors"]);
    assert_clean("chec new", &out, false);
    env.chec_ok(&["item", "add", "EVIL", "--title", "Plain title", "--question", "Q1"]);
    let mut store = Store::open(&env.db()).unwrap();
    let c = store.consultation("EVIL").unwrap().unwrap();
    let meeting = store.start_meeting(&c, &NewMeeting { stage: "s1".into(), ..NewMeeting::default() }).unwrap();
    let q1 = QuestionRef { id: "Q1", stage: "s1" };
    store.replace_response_text(&c, q1, ResponseField::Answer, "Plain answer", Some(&meeting.id)).unwrap();
    store.end_meeting(&meeting.id).unwrap();

    assert_clean("chec list", &env.chec_ok(&["list"]), false);
    assert_clean_markdown("export minutes", &env.chec_ok(&["export", "minutes", "EVIL"]));
    assert_clean_markdown("export report", &env.chec_ok(&["export", "report", "EVIL"]));
    assert_clean_json("export report --format json", &env.chec_ok(&["export", "report", "EVIL", "--format", "json"]));
}
