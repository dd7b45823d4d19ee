//! A service's CI gates on its items read from the team's repository alone: a fresh
//! checkout, `chec --team-dir PATH items --fail-on high`, no database, no chec setup.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chec::domain::{Consultation, ItemStatus, ItemUpdate, NewItem, Priority};
use common::team::{Machine, bare_repository, open};

const DAY: &str = "2026-11-22";

fn high(title: &str) -> NewItem {
    NewItem { title: title.into(), stage: "planning".into(), priority: Some(Priority::High), ..Default::default() }
}

/// kim's laptop with CARE and one high item (`CARE-1 야간 답변 | night`), published to a bare
/// repository in `dir`, and a fresh checkout of it as CI makes: (kim, CARE, the checkout).
fn one_high_item_checked_out(dir: &Path) -> (Machine, Consultation, PathBuf) {
    let remote = bare_repository(dir);
    let mut kim = Machine::new(dir, "kim", "김민지", DAY);
    let care = open(&mut kim.store, "CARE", "돌봄 챗봇 | Care");
    kim.store.raise_item(&care, &high("야간 답변 | night"), None).unwrap();
    kim.init(&remote);
    git(dir, &["clone", "-q", &remote, "checkout"]);
    (kim, care, dir.join("checkout"))
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").args(args).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// chec as a CI job runs it: no database, no configuration, no name.
fn ci(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chec"));
    cmd.args(args)
        .env_remove("CHEC_DB")
        .env("CHEC_CONFIG_DIR", dir.join("no-config"))
        .env("HOME", dir.join("no-home"))
        .env("XDG_DATA_HOME", dir.join("no-data"));
    common::clock::for_binary(&mut cmd);
    cmd.output().unwrap()
}

#[test]
fn ci_fails_on_open_high_items_from_a_fresh_checkout_and_passes_once_they_are_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    let mut kim = Machine::new(dir.path(), "kim", "김민지", DAY);
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇 | Care");
    let item = kim.store.raise_item(&c, &high("야간 답변 | night"), None).unwrap();
    let low = NewItem {
        title: "문구 | wording".into(),
        stage: "planning".into(),
        priority: Some(Priority::Low),
        ..Default::default()
    };
    kim.store.raise_item(&c, &low, None).unwrap();
    kim.init(&remote);

    git(dir.path(), &["clone", "-q", &remote, "checkout"]);
    let checkout = dir.path().join("checkout");
    let out = ci(
        dir.path(),
        &["--team-dir", checkout.to_str().unwrap(), "items", "--consultation", "CARE", "--fail-on", "high"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("CARE-1 [high] 야간 답변 | night"), "{stderr}");
    assert!(checkout.join(".git/chec-cache.db").exists(), "the cache stays out of the checkout's files");
    // The commit it read, so the next run reads only the files changed since (after a pull).
    assert_eq!(std::fs::read_to_string(checkout.join(".git/chec-cache.imported")).unwrap().len(), 40);
    let status = Command::new("git").args(["status", "--porcelain"]).current_dir(&checkout).output().unwrap();
    assert!(status.stdout.is_empty(), "{}", String::from_utf8_lossy(&status.stdout));

    // The item is resolved on a laptop; CI's next run, on the same checkout pulled, passes.
    kim.store
        .update_item(
            &item.key,
            &ItemUpdate {
                status: Some(ItemStatus::Resolved), note: Some("검토 추가".into()), ..Default::default()
            },
            None,
        )
        .unwrap();
    kim.sync();
    git(&checkout, &["pull", "-q"]);
    let out =
        ci(dir.path(), &["--team-dir", checkout.to_str().unwrap(), "items", "--fail-on", "high", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "the low item is still listed");

    // A CHEC_DB left in the job's environment does not stand in the way: the repository is
    // what is read, and the database named there is neither read nor created.
    let elsewhere = dir.path().join("elsewhere.db");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chec"));
    cmd.args(["--team-dir", checkout.to_str().unwrap(), "items", "--fail-on", "high"])
        .env("CHEC_DB", &elsewhere)
        .env("CHEC_CONFIG_DIR", dir.path().join("no-config"))
        .env("HOME", dir.path().join("no-home"));
    common::clock::for_binary(&mut cmd);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!elsewhere.exists(), "the database CHEC_DB names is not created");

    // Reading is all --team-dir does.
    let out = ci(dir.path(), &["--team-dir", checkout.to_str().unwrap(), "item", "set", "CARE-2", "--owner", "ci"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--team-dir reads a team's repository"));
    let out = ci(dir.path(), &["--team-dir", dir.path().to_str().unwrap(), "items"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a chec team repository"));
}

#[test]
fn a_checkout_read_again_also_reads_event_files_copied_in_by_hand_or_changed_but_not_committed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, care, checkout) = one_high_item_checked_out(dir.path());
    let gate = || {
        let out = ci(dir.path(), &["--team-dir", checkout.to_str().unwrap(), "items", "--fail-on", "high"]);
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, stderr) = gate();
    assert_eq!(code, Some(3), "{stderr}");
    assert!(!stderr.contains("CARE-2"), "{stderr}");

    // Two more high items on kim's laptop, one in a consultation of its own; its files are
    // copied into the checkout by hand, nothing committed there: one changes a file the
    // checkout holds, the other is new to it (untracked).
    kim.store.raise_item(&care, &high("동의 철회 | withdrawal"), None).unwrap();
    let docs = open(&mut kim.store, "DOC", "문서 요약 | Docs");
    kim.store.raise_item(&docs, &high("출처 누락 | sources"), None).unwrap();
    kim.sync();
    let clone = kim.db.with_file_name("chec.db.team").join("repo");
    let mut copied = 0;
    for folder in ["CARE", "DOC"] {
        for file in std::fs::read_dir(clone.join("events").join(folder)).unwrap() {
            let file = file.unwrap();
            std::fs::create_dir_all(checkout.join("events").join(folder)).unwrap();
            std::fs::copy(file.path(), checkout.join("events").join(folder).join(file.file_name())).unwrap();
            copied += 1;
        }
    }
    assert_eq!(copied, 2);
    let status = Command::new("git")
        .args(["-c", "core.quotepath=off", "status", "--porcelain"])
        .current_dir(&checkout)
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains(" M events/CARE/") && status.contains("?? events/DOC/"), "{status}");

    let (code, stderr) = gate();
    assert_eq!(code, Some(3), "{stderr}");
    for item in
        ["CARE-1 [high] 야간 답변 | night", "CARE-2 [high] 동의 철회 | withdrawal", "DOC-1 [high] 출처 누락 | sources"]
    {
        assert!(stderr.contains(item), "{item} in {stderr}");
    }
}

/// A first import builds some of what SQLite keeps beside the rows (indexes of the events
/// and items, triggers, the search index) once at the end: the cache ends with every one
/// of them, as a database made by chec has them, and a search through the index finds.
#[test]
fn a_fresh_cache_has_every_index_and_trigger_a_new_database_has() {
    let dir = tempfile::tempdir().unwrap();
    let (_kim, _, checkout) = one_high_item_checked_out(dir.path());
    let out =
        ci(dir.path(), &["--team-dir", checkout.to_str().unwrap(), "items", "--search", "야간", "--fail-on", "high"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("CARE-1 [high] 야간 답변 | night"), "{stderr}");

    let fresh = dir.path().join("fresh.db");
    drop(chec::storage::Store::open(&fresh).unwrap());
    let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
    let cache = common::db::query(&checkout.join(".git/chec-cache.db"), schema);
    let new = common::db::query(&fresh, schema);
    let named = |rows: &[Vec<String>], kind: &str| rows.iter().filter(|r| r[0] == kind).count();
    assert!(named(&new, "index") > 20 && named(&new, "trigger") > 10, "{new:?}");
    assert_eq!(cache, new);
}

/// A gate on a warm cache with nothing new reads and writes nothing: no transaction, so the
/// cache file is not touched and no run waits for the disk.
#[test]
fn a_warm_gate_with_nothing_new_leaves_the_cache_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, _, checkout) = one_high_item_checked_out(dir.path());
    let gate = || ci(dir.path(), &["--team-dir", checkout.to_str().unwrap(), "items", "--fail-on", "high"]);
    let first = gate();
    assert_eq!(first.status.code(), Some(3), "{}", String::from_utf8_lossy(&first.stderr));
    let cache = checkout.join(".git/chec-cache.db");
    let stamp = || {
        let meta = std::fs::metadata(&cache).unwrap();
        (meta.modified().unwrap(), meta.len())
    };
    let before = stamp();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = gate();
    assert_eq!(again.status.code(), Some(3), "the same answer from the warm cache");
    assert_eq!(again.stderr, first.stderr);
    assert_eq!(stamp(), before, "nothing was written to the cache");

    // Something new is still read: the item is resolved on the laptop and pulled.
    kim.store
        .update_item(
            "CARE-1",
            &ItemUpdate { status: Some(ItemStatus::Resolved), note: Some("됐어요".into()), ..Default::default() },
            None,
        )
        .unwrap();
    kim.sync();
    git(&checkout, &["pull", "-q"]);
    let after = gate();
    assert_eq!(after.status.code(), Some(0), "{}", String::from_utf8_lossy(&after.stderr));
}

/// A database error met while the gate brings its cache up to date names the cache, the
/// file to look at or delete, not the laptop's default database (which the gate never opens).
#[test]
fn a_database_error_in_the_gates_cache_names_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, care, checkout) = one_high_item_checked_out(dir.path());
    let gate = || ci(dir.path(), &["--team-dir", checkout.to_str().unwrap(), "items", "--fail-on", "high"]);
    assert_eq!(gate().status.code(), Some(3));
    // The cache loses a table it needs (a damaged file), and something new is to be read.
    let cache = checkout.join(".git").join("chec-cache.db");
    rusqlite::Connection::open(&cache).unwrap().execute_batch("DROP TABLE team_problems").unwrap();
    kim.store.raise_item(&care, &high("두 번째 | second"), None).unwrap();
    kim.sync();
    git(&checkout, &["pull", "-q"]);
    let failed = gate();
    let said = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{said}");
    assert!(said.contains(&cache.display().to_string()), "{said}");
    assert!(!said.contains("no-data"), "the default database is not named: {said}");
}
