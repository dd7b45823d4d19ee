//! The quiet ways to lose data, through the real binary: a stray escape that hides the text
//! after it, an export written over the database, a mistyped path that creates an empty
//! database, invisible text taken for content, temporary files left behind, and arguments
//! taken for something else.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir_all(env.cwd()).unwrap();
        env
    }

    /// A database holding consultation CARE.
    fn with_care() -> Env {
        let env = Env::new();
        env.ok(&["new", "--key", "CARE", "--name", "돌봄 챗봇 | Care"]);
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data/chec.db")
    }

    /// The folder chec runs in.
    fn cwd(&self) -> PathBuf {
        self.dir.path().join("cwd")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_chec"));
        command
            .args(args)
            .env("CHEC_DB", self.db())
            .env("CHEC_CONFIG_DIR", self.dir.path().join("config"))
            .env("CHEC_USER", "tester")
            .env_remove("RUST_BACKTRACE")
            .env_remove("NO_COLOR")
            .current_dir(self.cwd())
            .stdin(Stdio::null());
        command
    }

    fn chec(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    #[track_caller]
    fn ok(&self, args: &[&str]) -> String {
        let o = self.chec(args);
        assert_exit(&o, 0);
        stdout(&o)
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
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
