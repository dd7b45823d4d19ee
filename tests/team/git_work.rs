//! What an everyday sync and the CI gate ask of git. A large team's clone holds tens of
//! thousands of files: no command of theirs looks at every one (a commit is made from the
//! files chec wrote, what others pushed is checked out file by file), and each starts few
//! git processes. Commits are still signed when the person's git signs its commits, and a
//! file in the way of what others pushed does not stop a sync.

use crate::common;

use std::path::Path;
use std::process::Command;

use chec::domain::NewItem;
use common::team::{git, kim_and_lee, kim_and_lee_through_the_binary, open};

const DAY: &str = "2026-11-22";

/// The git commands `cmd` started itself (not those git started for them), in order, each
/// as its arguments after `git` and git's `-c` options, from git's event trace.
fn git_commands(mut cmd: Command, dir: &Path) -> Vec<Vec<String>> {
    let trace = dir.join("trace.json");
    let _ = std::fs::remove_file(&trace);
    let out = cmd.env("GIT_TRACE2_EVENT", &trace).env_remove("GIT_TRACE2_PARENT_SID").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    let mut commands = Vec::new();
    for line in text.lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        // A process git started carries its starter's session id, then a slash, in its own.
        if event["event"] != "start" || event["sid"].as_str().unwrap().contains('/') {
            continue;
        }
        let mut args = event["argv"].as_array().unwrap().iter().skip(1).map(|a| a.as_str().unwrap().to_string());
        let mut command = Vec::new();
        while let Some(arg) = args.next() {
            if arg == "-c" {
                args.next();
            } else {
                command.push(arg);
                command.extend(args.by_ref());
            }
        }
        commands.push(command);
    }
    commands
}

fn names(commands: &[Vec<String>]) -> Vec<&str> {
    commands.iter().map(|c| c[0].as_str()).collect()
}

/// git commands that look at every file of the work tree (or may).
fn walks_the_work_tree(command: &[String]) -> bool {
    let walks = ["commit", "add", "status", "checkout", "switch", "merge", "pull", "stash"];
    walks.contains(&command[0].as_str()) || (command[0] == "reset" && command.iter().any(|a| a == "--hard"))
}

#[test]
fn an_everyday_sync_and_the_gate_start_few_git_processes_and_none_that_walks_the_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    let (remote, kim, lee) = kim_and_lee_through_the_binary(dir.path());
    kim.chec(&["item", "add", "CARE", "--title", "야간 검토 | night", "--priority", "high"]);

    let sending = git_commands(kim.command(&["sync"]), dir.path());
    assert!(!sending.iter().any(|c| walks_the_work_tree(c)), "{sending:?}");
    // Nobody pushed in the meantime: the push is not preceded by a fetch.
    assert!(!names(&sending).contains(&"fetch") && names(&sending).contains(&"push"), "{sending:?}");
    assert!(sending.len() <= 7, "{} git processes to send: {sending:?}", sending.len());

    let receiving = git_commands(lee.command(&["sync"]), dir.path());
    assert!(!receiving.iter().any(|c| walks_the_work_tree(c)), "{receiving:?}");
    assert!(receiving.len() <= 4, "{} git processes to receive: {receiving:?}", receiving.len());
    let items = lee.chec(&["items", "--consultation", "CARE"]);
    assert!(String::from_utf8_lossy(&items.stdout).contains("야간 검토 | night"), "received");

    let nothing = git_commands(lee.command(&["sync"]), dir.path());
    assert!(!names(&nothing).contains(&"diff"), "nothing to read: {nothing:?}");
    assert!(nothing.len() <= 3, "{} git processes for nothing new: {nothing:?}", nothing.len());

    // The CI gate on a checkout, from a warm cache: one `git status`, which says both what is
    // not committed and the commit checked out.
    git(dir.path(), &["clone", "-q", &remote, "checkout"]);
    let gate = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chec"));
        cmd.args(["--team-dir", "checkout", "items", "--consultation", "CARE"])
            .current_dir(dir.path())
            .env_remove("CHEC_DB")
            .env("CHEC_CONFIG_DIR", dir.path().join("no-config"))
            .env("HOME", dir.path().join("no-home"));
        common::clock::for_binary(&mut cmd);
        cmd
    };
    git_commands(gate(), dir.path());
    let warm = git_commands(gate(), dir.path());
    assert_eq!(names(&warm), ["status"], "{warm:?}");
}

#[cfg(unix)]
#[test]
fn a_syncs_commits_are_signed_when_the_persons_git_signs_its_commits() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, _lee, care) = kim_and_lee(dir.path(), DAY);
    // A stand-in for gpg: git reads the signature from its output and "SIG_CREATED" from its
    // status lines.
    let gpg = dir.path().join("fake-gpg");
    std::fs::write(
        &gpg,
        "#!/bin/sh\ncat >/dev/null\nprintf '\\n[GNUPG:] SIG_CREATED D 1 8 00 1 F\\n' >&2\n\
         printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n",
    )
    .unwrap();
    std::fs::set_permissions(&gpg, std::fs::Permissions::from_mode(0o755)).unwrap();
    let clone = kim.db.with_file_name("chec.db.team").join("repo");
    git(&clone, &["config", "commit.gpgSign", "true"]);
    git(&clone, &["config", "gpg.program", gpg.to_str().unwrap()]);

    let night = NewItem { title: "야간 검토 | night".into(), stage: "planning".into(), ..Default::default() };
    kim.store.raise_item(&care, &night, None).unwrap();
    let report = kim.sync();
    assert_eq!(report.sent, 1, "{}", report.summary());
    let remote = dir.path().join("team.git");
    let commit = git(dir.path(), &["--git-dir", remote.to_str().unwrap(), "cat-file", "commit", "HEAD"]);
    assert!(commit.contains("gpgsig -----BEGIN PGP SIGNATURE-----"), "{commit}");
    assert!(commit.contains("chec: 1 change by 김민지"), "{commit}");
}

#[test]
fn a_file_copied_into_the_clone_where_another_machines_file_arrives_does_not_stop_a_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, mut lee, _care) = kim_and_lee(dir.path(), DAY);
    open(&mut lee.store, "DOC", "문서 요약 | Docs");
    lee.sync();
    // Copied in by hand (README says not to), at the path of lee's new file: git will not
    // write over a file it does not know without being told to.
    let path = format!("events/DOC/이서연-{}@2026-11.jsonl", lee.store.device().unwrap());
    let clone = kim.db.with_file_name("chec.db.team").join("repo");
    std::fs::create_dir_all(clone.join("events/DOC")).unwrap();
    std::fs::write(clone.join(&path), "not an event\n").unwrap();

    let report = kim.sync();
    assert!(report.offline.is_none(), "{}", report.summary());
    assert_eq!(kim.consultation("DOC").name, "문서 요약 | Docs");
    assert_eq!(kim.dump(), lee.dump());
}
