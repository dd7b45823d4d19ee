//! The quiet ways to lose data, through the real binary: a stray escape that hides the text
//! after it, an export written over the database, a mistyped path that creates an empty
//! database, invisible text taken for content, temporary files left behind, and arguments
//! taken for something else.

use crate::common;
use crate::common::cli::{Env, assert_exit, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pty::Pty;

impl Env {
    /// A database holding consultation CARE.
    fn with_care() -> Env {
        let env = Env::new();
        env.ok(&["new", "--key", "CARE", "--name", "돌봄 챗봇 | Care"]);
        env
    }
}

fn query(db: &Path, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

// --- No file chec writes can be the database ----------------------------------------------

/// Paths that name the database or its WAL and shared-memory files: itself, through `./`
/// and a symlinked folder, a symlink and a hard link to it.
fn names_of_the_database(env: &Env) -> Vec<String> {
    let data = env.db().parent().unwrap().to_path_buf();
    let link = env.cwd().join("link.db");
    std::os::unix::fs::symlink(env.db(), &link).unwrap();
    let hard = env.cwd().join("hard.db");
    std::fs::hard_link(env.db(), &hard).unwrap();
    let folder = env.cwd().join("data-link");
    std::os::unix::fs::symlink(&data, &folder).unwrap();
    let wal_link = env.cwd().join("wal-link");
    std::os::unix::fs::symlink(data.join("chec.db-wal"), &wal_link).unwrap();
    [
        env.db(),
        data.join("chec.db-wal"),
        data.join("chec.db-shm"),
        data.join("chec.db-journal"),
        data.join(".").join("chec.db"),
        env.cwd().join("../data/chec.db"),
        folder.join("chec.db"),
        link,
        hard,
        wal_link,
    ]
    .iter()
    .map(|p| p.display().to_string())
    .collect()
}

#[test]
fn no_export_or_backup_writes_over_the_database_whatever_force_says() {
    let env = Env::with_care();
    env.ok(&["item", "add", "CARE", "--title", "남아 있어야 할 항목"]);
    let before = std::fs::read(env.db()).unwrap();
    for target in names_of_the_database(&env) {
        let writers: [&[&str]; 6] = [
            &["export", "report", "CARE", "-o", &target, "--force"],
            &["export", "report", "CARE", "--format", "json", "-o", &target, "--force"],
            &["export", "items", "--format", "csv", "-o", &target, "--force"],
            &["export", "items", "-o", &target],
            &["backup", "-o", &target, "--force"],
            &["backup", "-o", &target],
        ];
        for args in writers {
            let o = env.chec(args);
            assert_exit(&o, 1);
            assert!(stderr(&o).contains("the database"), "{args:?}: {}", stderr(&o));
        }
    }
    // Also from the database's own folder, by its bare name.
    let mut command = env.command(&["export", "report", "CARE", "-o", "chec.db", "--force"]);
    let o = command.current_dir(env.db().parent().unwrap()).output().unwrap();
    assert_exit(&o, 1);
    assert!(std::fs::read(env.db()).unwrap() == before, "the database file was changed");
    assert!(env.ok(&["items"]).contains("남아 있어야 할 항목"));
}

// --- A mistyped path fails loudly ------------------------------------------------------------

/// Every command that needs a database, given one that does not exist.
const NEEDS_A_DATABASE: [&[&str]; 10] = [
    &["list"],
    &["items"],
    &["items", "--fail-on", "high"],
    &["item", "show", "CARE-1"],
    &["item", "add", "CARE", "--title", "t"],
    &["item", "set", "CARE-1", "--status", "open"],
    &["export", "report", "CARE"],
    &["export", "items", "--format", "csv"],
    &["backup", "-o", "copy.db"],
    &["export", "minutes", "CARE"],
];

/// Run every command of [`NEEDS_A_DATABASE`] with `setup`, which points chec at `missing`:
/// each is refused naming it, and nothing is created anywhere under `root`.
fn every_command_refuses(env: &Env, missing: &Path, root: &Path, setup: impl Fn(&mut Command)) {
    let before = files_under(root);
    for args in NEEDS_A_DATABASE {
        let mut command = env.command(args);
        setup(&mut command);
        let o = command.output().unwrap();
        assert_exit(&o, 1);
        assert!(stderr(&o).contains(&missing.display().to_string()), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("chec new"), "{args:?} says how to create one: {}", stderr(&o));
        assert!(!stdout(&o).contains("No items match"), "{args:?}: {}", stdout(&o));
        assert_eq!(files_under(root), before, "{args:?} created something");
    }
}

/// Every file and folder under `root`.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            if entry.file_type().unwrap().is_dir() {
                folders.push(entry.path());
            }
            found.push(entry.path());
        }
    }
    found.sort();
    found
}

#[test]
fn a_mistyped_db_path_is_refused_by_every_command_and_nothing_is_created() {
    let env = Env::new();
    let typo = env.dir.path().join("typo/x.db");
    let flag = typo.display().to_string();
    every_command_refuses(&env, &typo, env.dir.path(), |c| {
        c.args(["--db", &flag]);
    });
    every_command_refuses(&env, &typo, env.dir.path(), |c| {
        c.env("CHEC_DB", &typo);
    });
    assert!(!env.dir.path().join("typo").exists());
}

#[test]
fn a_missing_default_database_is_refused_and_nothing_is_created() {
    let env = Env::new();
    let home = env.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let default = home.join(".local/share/chec/chec.db");
    every_command_refuses(&env, &default, env.dir.path(), |c| {
        c.env_remove("CHEC_DB").env_remove("XDG_DATA_HOME").env("HOME", &home);
    });
    // `chec new` is what creates it.
    let o = env
        .command(&["new", "--key", "CARE", "--name", "x"])
        .env_remove("CHEC_DB")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_exit(&o, 0);
    assert!(default.exists());
}

/// The TUI in a terminal on the missing database `db`, then the exit code.
fn tui_on_missing(env: &Env, db: &Path) -> Pty {
    let script = format!("'{}'; echo \"exit=$?\"; sleep 5", env!("CARGO_BIN_EXE_chec"));
    let config = env.dir.path().join("config");
    Pty::spawn("sh", &["-c", &script], &[("CHEC_DB", db), ("CHEC_CONFIG_DIR", &config)], 80, 24)
}

#[test]
fn the_tui_asks_before_creating_a_database_and_no_creates_nothing() {
    let env = Env::new();
    let db = env.dir.path().join("typo/x.db");
    let mut pty = tui_on_missing(&env, &db);
    pty.wait_until("the question", |s| s.contains(&db.display().to_string()) && s.contains("Create it? [y/N]"));
    pty.send("n\r");
    let screen = pty.wait_for("exit=");
    assert!(screen.contains("exit=1") && screen.contains("no database was created"), "{screen}");
    assert!(!env.dir.path().join("typo").exists(), "nothing was created");
}

#[test]
fn the_tui_creates_the_database_when_told_yes() {
    let env = Env::new();
    let db = env.dir.path().join("new/chec.db");
    let mut pty = tui_on_missing(&env, &db);
    pty.wait_for("Create it? [y/N]");
    pty.send("y\r");
    pty.wait_for("Consultations");
    pty.send("q");
    let screen = pty.wait_for("exit=");
    assert!(screen.contains("exit=0"), "{screen}");
    assert!(db.exists());
}

#[test]
fn without_a_terminal_the_tui_creates_nothing() {
    let env = Env::new();
    let o = env.command(&[]).env("CHEC_DB", env.dir.path().join("typo/x.db")).output().unwrap();
    assert_exit(&o, 1);
    assert!(!env.dir.path().join("typo").exists());
}

#[test]
fn chec_new_creates_the_database_and_its_folders() {
    let env = Env::new();
    assert!(!env.db().parent().unwrap().exists());
    env.ok(&["new", "--key", "CARE", "--name", "x"]);
    assert!(env.db().exists());
    assert!(env.ok(&["list"]).contains("CARE"));
}

#[test]
fn questionnaire_commands_touch_no_database() {
    let env = Env::new();
    env.ok(&["questionnaire", "list"]);
    env.ok(&["questionnaire", "show", "chec-default"]);
    assert!(!env.db().parent().unwrap().exists());
}

// --- A stray escape hides nothing after it --------------------------------------------------

#[test]
fn text_after_a_stray_escape_is_shown_and_exported() {
    let env = Env::with_care();
    let detail = "Log: \u{1b}]8;;\nThe model must keep a human in the loop";
    env.ok(&["item", "add", "CARE", "--title", "앞 \u{9d}뒤 | after", "--detail", detail]);
    let shown = env.ok(&["item", "show", "CARE-1"]);
    assert!(shown.contains("앞 뒤 | after"), "{shown}");
    assert!(shown.contains("The model must keep a human in the loop"), "{shown}");
    let report = env.ok(&["export", "report", "CARE"]);
    assert!(report.contains("The model must keep a human in the loop"), "{report}");
    for introducer in ['\u{9d}', '\u{90}', '\u{98}', '\u{9e}', '\u{9f}'] {
        let title = format!("before {introducer}after");
        let o = env.chec(&["item", "set", "CARE-1", "--title", &title]);
        assert_exit(&o, 0);
        let listed = env.ok(&["items", "--format", "csv"]);
        assert!(listed.contains("before after"), "{introducer:?}: {listed}");
    }
}

// --- Text that shows nothing is empty ---------------------------------------------------

#[test]
fn a_title_name_or_note_that_shows_nothing_is_refused() {
    let env = Env::with_care();
    env.ok(&["item", "add", "CARE", "--title", "보이는 제목"]);
    for invisible in ["\u{1b}[31m\u{1b}[0m", "\u{200b}\u{2060}", "\u{9d}8;;\u{7}", "\u{3164}"] {
        let refused: [&[&str]; 4] = [
            &["item", "add", "CARE", "--title", invisible],
            &["item", "set", "CARE-1", "--title", invisible],
            &["item", "set", "CARE-1", "--status", "resolved", "--note", invisible],
            &["new", "--key", "LOAN", "--name", invisible],
        ];
        for args in refused {
            let o = env.chec(args);
            assert_exit(&o, 1);
            assert!(
                stderr(&o).contains("needs a title")
                    || stderr(&o).contains("must not be empty")
                    || stderr(&o).contains("resolution note is required"),
                "{args:?}: {}",
                stderr(&o)
            );
        }
        env.ok(&["item", "set", "CARE-1", "--owner", invisible]);
        assert_eq!(query(&env.db(), "SELECT owner FROM items"), [""], "{invisible:?}");
    }
    assert_eq!(query(&env.db(), "SELECT title || status FROM items"), ["보이는 제목open"]);
    assert_eq!(query(&env.db(), "SELECT key FROM consultations"), ["CARE"]);
}

// --- Arguments are what they look like ---------------------------------------------------

#[test]
fn free_text_may_start_with_a_hyphen() {
    let env = Env::new();
    env.ok(&["new", "--key", "CARE", "--name", "-이름", "--team", "-team", "--description", "-d"]);
    let o = env.ok(&["--as", "-me", "item", "add", "CARE", "--title", "-3 dB drop", "--detail", "-x", "--owner", "-"]);
    assert!(o.contains("Raised CARE-1"), "{o}");
    env.ok(&["item", "set", "CARE-1", "--title", "-6 dB", "--detail", "-y", "--note", "-n", "--owner", "-o"]);
    let shown = env.ok(&["items", "--search", "-6", "--owner", "-o", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(items[0]["title"], "-6 dB", "{shown}");
    assert_eq!(items[0]["detail"], "-y");
    assert_eq!(query(&env.db(), "SELECT DISTINCT changed_by FROM item_history ORDER BY 1"), ["-me", "tester"]);
    assert_eq!(query(&env.db(), "SELECT name || team || description FROM consultations"), ["-이름-team-d"]);
}

#[test]
fn chec_user_is_stored_trimmed_and_in_nfc() {
    let env = Env::with_care();
    // "한글" as decomposed jamo, with spaces around it.
    let jamo = "  \u{1112}\u{1161}\u{11ab}\u{1100}\u{1173}\u{11af} ";
    let o = env.command(&["item", "add", "CARE", "--title", "t"]).env("CHEC_USER", jamo).output().unwrap();
    assert_exit(&o, 0);
    assert_eq!(query(&env.db(), "SELECT changed_by FROM item_history"), ["한글"]);
}

#[test]
fn a_db_named_like_an_sqlite_uri_is_a_file_of_that_name() {
    let env = Env::new();
    for args in
        [&["--db", "file:notes.db", "new", "--key", "CARE", "--name", "x"][..], &["--db", "file:notes.db", "list"]]
    {
        let o = env.command(args).env_remove("CHEC_DB").output().unwrap();
        assert_exit(&o, 0);
    }
    assert!(env.cwd().join("file:notes.db").is_file(), "{:?}", files_under(&env.cwd()));
    // `?mode=ro` is part of the name, not an option: there is no such file.
    let o = env.command(&["--db", "file:notes.db?mode=ro", "list"]).env_remove("CHEC_DB").output().unwrap();
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("file:notes.db?mode=ro: no database there"), "{}", stderr(&o));
}

// --- Nothing left behind, nothing but files ------------------------------------------------

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// A temporary file as a chec killed while writing leaves it, last changed `age_secs` ago.
fn leftover(folder: &Path, name: &str, age_secs: u64) -> PathBuf {
    let path = folder.join(name);
    let file = std::fs::File::create(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(age_secs)).unwrap();
    path
}

#[test]
fn temporaries_of_a_killed_chec_are_removed_and_no_others() {
    let env = Env::with_care();
    let data = env.db().parent().unwrap().to_path_buf();
    let out = env.dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (dead, alive) = (dead_pid(), std::process::id());
    let mut stale = Vec::new();
    let mut kept = Vec::new();
    for folder in [&data, &out] {
        stale.push(leftover(folder, &format!(".chec-backup-{dead}-a1B2c3"), 120));
        stale.push(leftover(folder, &format!(".chec-backup-{dead}-a1B2c3-journal"), 120));
        stale.push(leftover(folder, &format!(".chec-export-{dead}-Zz9yX8"), 120));
        kept.push(leftover(folder, &format!(".chec-export-{alive}-Zz9yX8"), 120));
        kept.push(leftover(folder, &format!(".chec-export-{dead}-fresh1"), 0));
        kept.push(leftover(folder, ".chec-export-Zz9yX8", 120));
        kept.push(leftover(folder, &format!("notes-{dead}.md"), 120));
    }
    // Starting on the database tidies its folder; writing to a folder tidies that one.
    env.ok(&["list"]);
    assert!(stale.iter().filter(|p| p.starts_with(&data)).all(|p| !p.exists()), "{:?}", files_under(&data));
    assert!(stale.iter().filter(|p| p.starts_with(&out)).all(|p| p.exists()), "not yet: nothing written there");
    let report = out.join("report.md").display().to_string();
    env.ok(&["export", "report", "CARE", "-o", &report]);
    assert!(stale.iter().all(|p| !p.exists()), "{:?}", files_under(&out));
    assert!(kept.iter().all(|p| p.exists()), "only a dead process's, long untouched, are removed");
    // The same for a backup.
    let again = leftover(&out, &format!(".chec-backup-{dead}-q1w2e3"), 120);
    env.ok(&["backup", "-o", &out.join("copy.db").display().to_string()]);
    assert!(!again.exists());
}

#[test]
fn a_finished_write_leaves_no_temporary_file() {
    let env = Env::with_care();
    let out = env.dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let copy = out.join("copy.db").display().to_string();
    env.ok(&["backup", "-o", &copy]);
    let report = out.join("r.md").display().to_string();
    env.ok(&["export", "report", "CARE", "-o", &report]);
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["copy.db", "r.md"]);
}

#[test]
fn a_database_that_is_not_a_regular_file_is_refused_before_sqlite_opens_it() {
    let env = Env::new();
    let fifo = env.dir.path().join("fifo.db");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let journal_existed = Path::new("/dev/null-journal").exists();
    for db in [Path::new("/dev/null"), Path::new("/dev/zero"), fifo.as_path()] {
        for args in [&["list"][..], &["new", "--key", "CARE", "--name", "x"]] {
            let o = env.command(args).env("CHEC_DB", db).output().unwrap();
            assert_exit(&o, 1);
            assert!(stderr(&o).contains(&format!("{}: not a regular file", db.display())), "{}", stderr(&o));
        }
    }
    assert!(journal_existed || !Path::new("/dev/null-journal").exists(), "chec created /dev/null-journal");
    assert_eq!(files_under(env.dir.path()), [env.cwd(), fifo], "nothing was created beside the pipe");
}
