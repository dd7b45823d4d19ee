//! The command line, through the real binary, on temporary databases.

use crate::common::cli::{Env, assert_exit, stderr, stdout};
use std::path::Path;
use std::process::Command;

fn repo_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name).display().to_string()
}

#[test]
fn new_then_list_as_json_shows_the_consultation() {
    let env = Env::new();
    let o = env.chec(&[
        "new",
        "--key",
        "CARE",
        "--name",
        "돌봄 챗봇 | Care",
        "--team",
        "Care AI",
        "--trait",
        "minors",
        "--trait",
        "personal-data",
        "--description",
        "Answers carers' questions",
    ]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("Created CARE"), "{}", stdout(&o));

    let o = env.chec(&["list", "--format", "json"]);
    assert_exit(&o, 0);
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["key"], "CARE");
    assert_eq!(rows[0]["name"], "돌봄 챗봇 | Care");
    assert_eq!(rows[0]["team"], "Care AI");
    assert_eq!(rows[0]["questionnaire_id"], "chec-default");
    assert_eq!(rows[0]["current_stage"], "planning");
    assert_eq!(rows[0]["assessed"], 0);
    assert_eq!(rows[0]["open_items"], 0);
}

#[test]
fn the_table_lists_consultations_in_key_order() {
    let env = Env::new();
    assert_exit(&env.chec(&["new", "--key", "ZETA", "--name", "Zeta"]), 0);
    assert_exit(&env.chec(&["new", "--key", "AB", "--name", "Alpha", "--questionnaire", "kakao-lifecycle"]), 0);
    let o = env.chec(&["list"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("KEY"), "{out}");
    assert!(lines[1].starts_with("AB ") && lines[2].starts_with("ZETA "), "{out}");
}

#[test]
fn an_empty_database_says_how_to_start() {
    let env = Env::new();
    // A database with no consultation yet (as the TUI creates it, once asked).
    drop(chec::storage::Store::open(&env.db()).unwrap());
    let o = env.chec(&["list"]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("chec new --key KEY --name NAME"));
    assert_eq!(stdout(&env.chec(&["list", "--format", "json"])).trim(), "[]");
}

#[test]
fn bad_keys_are_usage_errors_and_duplicates_are_errors() {
    let env = Env::new();
    for key in ["care", "C", "TOOLONGKEY1", "CA-RE"] {
        let o = env.chec(&["new", "--key", key, "--name", "x"]);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains("invalid consultation key"), "{}", stderr(&o));
    }
    assert_exit(&env.chec(&["new", "--key", "CARE", "--name", "x"]), 0);
    let o = env.chec(&["new", "--key", "CARE", "--name", "again"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("a consultation with key CARE already exists"), "{}", stderr(&o));
}

#[test]
fn unknown_questionnaires_traits_and_empty_names_are_refused() {
    let env = Env::new();
    let o = env.chec(&["new", "--key", "AA", "--name", "x", "--questionnaire", "nope"]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("no questionnaire 'nope' (available: chec-default, kakao-lifecycle, ai-impact-screening, kr-ai-ethics-standard)"),
        "{}",
        stderr(&o)
    );
    let o = env.chec(&["new", "--key", "AA", "--name", "x", "--trait", "adults"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("no trait 'adults'"), "{}", stderr(&o));
    let o = env.chec(&["new", "--key", "AA", "--name", "   "]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("name must not be empty"));
    assert!(!env.db().exists(), "nothing was created, not even the database");
}

#[test]
fn validate_passes_the_shipped_files() {
    let env = Env::new();
    let o = env.chec(&[
        "questionnaire",
        "validate",
        &repo_file("questionnaires/chec-default.json"),
        &repo_file("questionnaires/kakao-lifecycle.json"),
    ]);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).lines().filter(|l| l.starts_with("ok: ")).count(), 2);
}

#[test]
fn validate_names_file_and_line_for_duplicate_ids_unknown_stages_and_syntax_errors() {
    let env = Env::new();
    let shipped = std::fs::read_to_string(repo_file("questionnaires/kakao-lifecycle.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    let first_id = doc["questions"][0]["id"].clone();
    doc["questions"][2]["id"] = first_id.clone();
    let dup = env.dir.path().join("dup.json");
    std::fs::write(&dup, serde_json::to_string_pretty(&doc).unwrap()).unwrap();

    let mut doc: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    doc["questions"][1]["stage"] = "deployment".into();
    let stage = env.dir.path().join("stage.json");
    std::fs::write(&stage, serde_json::to_string_pretty(&doc).unwrap()).unwrap();

    let syntax = env.dir.path().join("syntax.json");
    std::fs::write(&syntax, "{\n  \"id\": \"x\",\n  \"version\": \"1\"\n  \"title\": \"t\"\n}\n").unwrap();

    let o = env.chec(&[
        "questionnaire",
        "validate",
        dup.to_str().unwrap(),
        stage.to_str().unwrap(),
        syntax.to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    let dup_line =
        err.lines().find(|l| l.starts_with(&format!("{}:", dup.display()))).unwrap_or_else(|| panic!("{err}"));
    assert!(
        dup_line.contains(&format!("duplicate question id {}", first_id.to_string().replace('"', "'"))),
        "{dup_line}"
    );
    let stage_line =
        err.lines().find(|l| l.starts_with(&format!("{}:", stage.display()))).unwrap_or_else(|| panic!("{err}"));
    assert!(stage_line.contains("unknown stage 'deployment'"), "{stage_line}");
    assert!(err.contains(&format!("{}:4:3: invalid JSON", syntax.display())), "{err}");
    assert!(err.contains("3 of 3 files failed validation"), "{err}");
}

#[test]
fn questionnaire_list_and_show_include_user_files_and_report_broken_ones() {
    let env = Env::new();
    let dir = env.config().join("questionnaires");
    std::fs::create_dir_all(&dir).unwrap();
    let shipped = std::fs::read_to_string(repo_file("questionnaires/kakao-lifecycle.json")).unwrap();
    std::fs::write(dir.join("ours.json"), shipped.replace("\"kakao-lifecycle\"", "\"ours\"")).unwrap();
    std::fs::write(dir.join("broken.json"), "{\"id\": ").unwrap();

    let o = env.chec(&["questionnaire", "list"]);
    assert_exit(&o, 1);
    let out = stdout(&o);
    assert!(out.lines().any(|l| l.starts_with("ours ")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("chec-default ")), "{out}");
    assert!(stderr(&o).contains("broken.json:1:7: invalid JSON"), "{}", stderr(&o));

    let o = env.chec(&["questionnaire", "show", "chec-default"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("Stage 1: Planning & design (planning)"), "{out}");
    assert!(out.contains("only for: "), "trait questions are marked: {out}");

    let o = env.chec(&["questionnaire", "show", "chec-default", "--format", "json"]);
    assert_exit(&o, 0);
    let q: chec::domain::Questionnaire = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(q.id, "chec-default");

    let o = env.chec(&["questionnaire", "show", "nope"]);
    assert_exit(&o, 1);
}

#[test]
fn a_newer_database_is_refused_with_exit_1_and_left_unchanged() {
    let env = Env::new();
    assert_exit(&env.chec(&["new", "--key", "CARE", "--name", "x"]), 0);
    rusqlite::Connection::open(env.db()).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    let o = env.chec(&["list"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("newer version of chec"), "{}", stderr(&o));
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn the_database_is_created_private_in_wal_mode() {
    let env = Env::new();
    assert_exit(&env.chec(&["new", "--key", "CARE", "--name", "Care"]), 0);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777, 0o600);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert!(version > 0);
}

#[test]
fn db_flag_overrides_the_environment() {
    let env = Env::new();
    let other = env.dir.path().join("other.db");
    assert_exit(&env.chec(&["--db", other.to_str().unwrap(), "new", "--key", "AA", "--name", "x"]), 0);
    assert!(other.exists());
    assert!(!env.db().exists());
}

#[test]
fn backup_writes_a_consistent_private_copy_and_refuses_to_overwrite() {
    let env = Env::new();
    assert_exit(&env.chec(&["new", "--key", "CARE", "--name", "Care"]), 0);
    let copy = env.dir.path().join("copy.db");
    let o = env.chec(&["backup", "-o", copy.to_str().unwrap()]);
    assert_exit(&o, 0);
    let o = env.chec(&["--db", copy.to_str().unwrap(), "list", "--format", "json"]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("\"CARE\""));
    let o = env.chec(&["backup", "-o", copy.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("already exists (use --force"), "{}", stderr(&o));
    assert_exit(&env.chec(&["backup", "-o", copy.to_str().unwrap(), "--force"]), 0);
    let o = env.chec(&["backup", "-o", "/nonexistent-folder/x.db"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("/nonexistent-folder/x.db"), "{}", stderr(&o));
}

#[test]
fn without_a_terminal_the_tui_explains_instead_of_hanging() {
    let env = Env::new();
    let o = env.chec(&[]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
}

#[test]
fn every_command_has_help_and_usage_errors_exit_2() {
    let env = Env::new();
    for args in [
        vec!["--help"],
        vec!["new", "--help"],
        vec!["list", "--help"],
        vec!["questionnaire", "--help"],
        vec!["questionnaire", "list", "--help"],
        vec!["questionnaire", "show", "--help"],
        vec!["questionnaire", "validate", "--help"],
        vec!["backup", "--help"],
    ] {
        let o = env.chec(&args);
        assert_exit(&o, 0);
        assert!(stdout(&o).contains("Usage: chec"), "{args:?}");
    }
    assert_exit(&env.chec(&["frobnicate"]), 2);
    assert_exit(&env.chec(&["list", "--format", "xml"]), 2);
    assert_exit(&env.chec(&["questionnaire", "validate"]), 2);
}

#[test]
fn user_text_with_escape_sequences_never_reaches_the_terminal() {
    let env = Env::new();
    let evil = "Care\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{202e}bot";
    assert_exit(&env.chec(&["new", "--key", "EVIL", "--name", evil, "--team", "t\u{9b}31m"]), 0);
    for args in [vec!["list"], vec!["list", "--format", "json"]] {
        let o = env.chec(&args);
        assert_exit(&o, 0);
        let out = stdout(&o);
        assert!(!out.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'), "{args:?}: {out:?}");
        assert!(out.contains("Carebot"), "{out}");
    }
}

/// The login name of the user running the tests, from the password database.
fn login_name_of_this_user() -> String {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() }.to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    passwd
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.len() > 2 && f[2] == uid).then(|| f[0].to_string())
        })
        .expect("this user is in /etc/passwd")
}

#[test]
fn with_no_name_in_the_environment_history_records_the_login_name() {
    let env = Env::new();
    let db = env.db();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_chec"))
            .env_clear()
            .env("CHEC_CONFIG_DIR", env.config())
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        o
    };
    run(&["new", "--key", "CARE", "--name", "돌봄 | care"]);
    run(&["item", "add", "CARE", "--title", "동의"]);
    let shown = stdout(&run(&["item", "show", "CARE-1", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&shown).unwrap();
    let by = json["history"][0]["changed_by"].as_str().unwrap().to_string();
    assert_eq!(by, login_name_of_this_user());
    assert_ne!(by, "unknown");
}
