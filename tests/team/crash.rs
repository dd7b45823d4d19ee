//! `chec sync` killed (SIGKILL) at any point, before its commit, after it, while pushing,
//! while importing, or at a random moment, never loses or doubles an event: the next sync
//! sends each exactly once and every machine ends with the same record.

use crate::common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::team::{Person, kim_and_lee_through_the_binary};

/// Every event id in the team repository's files on its branch, with how many times each
/// appears.
fn ids_in_repository(remote: &str) -> HashMap<String, usize> {
    let git = |args: &[&str]| {
        let out =
            Command::new("git").args(["-c", "core.quotepath=off", "--git-dir", remote]).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let branch = git(&["symbolic-ref", "--short", "HEAD"]).trim().to_string();
    let mut ids = HashMap::new();
    for path in git(&["ls-tree", "-r", "--name-only", &branch, "events"]).lines() {
        for line in git(&["show", &format!("{branch}:{path}")]).lines() {
            let event = chec::domain::Event::parse_line(line, true).unwrap();
            *ids.entry(event.id).or_insert(0) += 1;
        }
    }
    ids
}

/// Start `chec sync` stopping at `point` (or at none), and kill it with SIGKILL once it
/// stops there (or after `after`).
fn kill_sync(person: &Person, point: Option<&str>, after: Duration, dir: &Path) {
    let flag = dir.join("paused");
    let _ = std::fs::remove_file(&flag);
    let mut cmd = person.command(&["sync"]);
    if let Some(point) = point {
        cmd.env("CHEC_SYNC_PAUSE", point).env("CHEC_SYNC_PAUSE_FILE", &flag);
    }
    let mut child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    match point {
        Some(point) => {
            while !flag.exists() {
                assert!(child.try_wait().unwrap().is_none(), "the sync ended before {point}");
                assert!(started.elapsed() < Duration::from_secs(60), "the sync never reached {point}");
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        None => std::thread::sleep(after),
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

/// After a clean sync everywhere: every event of kim's sits once in the repository, none
/// waits, and both machines hold the same record.
fn check_whole(kim: &Person, lee: &Person, remote: &str, what: &str) {
    kim.chec(&["sync"]);
    lee.chec(&["sync"]);
    kim.chec(&["sync"]);
    let ids = ids_in_repository(remote);
    let doubled: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "{what}: events written twice: {doubled:?}");
    let store = kim.store();
    assert_eq!(store.unsent_count().unwrap(), 0, "{what}");
    let c = store.consultation("CARE").unwrap().unwrap();
    for e in store.events(&c).unwrap() {
        assert_eq!(ids.get(&e.id), Some(&1), "{what}: {} ({}) is in the repository once", e.id, e.change.kind());
    }
    assert_eq!(store.canonical_dump().unwrap(), lee.store().canonical_dump().unwrap(), "{what}");
}

#[test]
fn a_sync_killed_at_any_point_neither_loses_nor_doubles_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let (remote, kim, lee) = kim_and_lee_through_the_binary(dir.path());

    let mut n = 0;
    for point in ["appended", "committed", "pushing", "importing"] {
        for _ in 0..2 {
            n += 1;
            kim.chec(&["item", "add", "CARE", "--title", &format!("항목 {n} | item {n}"), "--owner", "lee"]);
        }
        lee.chec(&["item", "add", "CARE", "--title", &format!("이의 항목 {n}")]);
        lee.chec(&["sync"]);
        kill_sync(&kim, Some(point), Duration::ZERO, dir.path());
        check_whole(&kim, &lee, &remote, point);
    }
    let kills: u64 = std::env::var("CHEC_SYNC_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(4);
    for k in 0..kills {
        n += 1;
        kim.chec(&["item", "add", "CARE", "--title", &format!("항목 {n}")]);
        // Spread over a sync's whole run (a sync here takes some tens of milliseconds).
        let after = Duration::from_millis(15 + (k * 37) % 200);
        kill_sync(&kim, None, after, dir.path());
        check_whole(&kim, &lee, &remote, &format!("killed after {after:?}"));
    }
    let items = kim.store().items_of(&kim.store().consultation("CARE").unwrap().unwrap()).unwrap();
    assert_eq!(items.len() as u64, 8 + 4 + kills, "every item raised is there once");
}
