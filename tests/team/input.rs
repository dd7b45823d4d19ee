//! What a team's repository may hold that chec must not trust: broken lines, events of a
//! newer chec, a doubled event id, a clock far ahead, changes a role may not make, lines in
//! another's file. Each is named by file and line, the rest is imported, nothing applies by
//! half, and `chec sync` says so with its exit code.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chec::domain::event::SignOffItem;
use chec::domain::{Assessment, Change, Event, ItemField, NewItem, Priority, ResponseField, Role};
use common::team::{Machine, bare_repository, git, open};

const DAY: &str = "2026-11-22";

/// Someone else's clone of the repository, to write files as they would.
fn other_clone(dir: &Path, remote: &str) -> PathBuf {
    let path = dir.join("other");
    git(dir, &["clone", "-q", remote, "other"]);
    path
}

/// Append `text` to `file` in the clone, commit and push.
fn push_text(clone: &Path, file: &str, text: &str) {
    let path = clone.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    use std::io::Write as _;
    std::fs::OpenOptions::new().create(true).append(true).open(&path).unwrap().write_all(text.as_bytes()).unwrap();
    git(clone, &["add", "-A"]);
    git(clone, &["commit", "-q", "-m", "by hand"]);
    git(clone, &["pull", "-q", "--rebase"]);
    git(clone, &["push", "-q"]);
}

/// An event as park.dev's machine would write it.
pub(crate) fn park(lamport: u64, at: &str, consultation: &str, change: Change) -> Event {
    Event {
        id: format!("0192f5c4-0000-7000-8000-{lamport:012}"),
        lamport,
        at: at.into(),
        author: "park.dev".into(),
        device: "feedfacefeedface".into(),
        consultation: consultation.into(),
        key: "CARE".into(),
        change,
    }
}

pub(crate) fn item_change(item: &str, field: ItemField, from: &str, to: &str) -> Change {
    Change::ItemChanged {
        item: item.into(),
        field,
        from: Some(from.into()),
        to: Some(to.into()),
        note: "park's note".into(),
        meeting: None,
        parents: vec![],
        explicit: None,
    }
}

pub(crate) const PARK_FILE: &str = "events/CARE/park.dev-feedfacefeedface.jsonl";

/// A team (kim, the lead; park.dev, a developer) with CARE and its item CARE-1, and a clone
/// to write by hand in.
fn team(dir: &Path) -> (String, Machine, String, String, PathBuf) {
    let remote = bare_repository(dir);
    let mut kim = Machine::new(dir, "kim", "김민지", DAY);
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇 | Care");
    let new = NewItem {
        title: "야간 검토".into(),
        stage: "planning".into(),
        priority: Some(Priority::High),
        ..Default::default()
    };
    let item = kim.store.raise_item(&c, &new, None).unwrap();
    kim.init(&remote);
    chec::team::sync::set_member(&mut kim.store, &kim.db, "park.dev", Role::Developer).unwrap();
    kim.sync();
    let clone = other_clone(dir, &remote);
    (remote, kim, c.id, item.id, clone)
}

#[test]
fn broken_lines_are_named_by_file_and_line_and_the_rest_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let (_remote, mut kim, consultation, item, clone) = team(dir.path());
    let at = "2026-11-22T11:00:00.000Z";
    let started = park(1001, at, &consultation, item_change(&item, ItemField::Status, "open", "in-progress"));
    let mut doubled = started.clone();
    doubled.change = item_change(&item, ItemField::Status, "open", "resolved");
    let future =
        park(1003, "2099-01-01T00:00:00.000Z", &consultation, item_change(&item, ItemField::Owner, "", "미래"));
    let noted = park(1004, at, &consultation, item_change(&item, ItemField::Note, "", ""));
    let bad_risk = park(1005, at, &consultation, item_change(&item, ItemField::Due, "", "2026-02-30"));
    let newer =
        started.to_line().replace("0192f5c4-0000-7000-8000-000000001001", "0192f5c4-0000-7000-8000-000000009999");
    let newer = newer.replace("\"kind\":\"item-changed\"", "\"kind\":\"item-archived\"");
    // Raising an item under the id of one that exists: its number is taken before the id
    // is refused, so only a savepoint of its own undoes it.
    let mut reraised = park(
        1007,
        at,
        &consultation,
        Change::ItemRaised {
            item: item.clone(),
            seq: 9,
            title: "같은 id".into(),
            detail: String::new(),
            question: None,
            principles: vec![],
            stage: "planning".into(),
            meeting: None,
            owner: String::new(),
            due: None,
            priority: Priority::Low,
            priority_explicit: true,
            risk_source: None,
            likelihood: None,
            impact: None,
            response: None,
        },
    );
    // By the lead, on a second machine of theirs.
    reraised.author = "김민지".into();
    reraised.device = "c0ffeec0ffeec0ff".into();
    push_text(&clone, "events/CARE/김민지-c0ffeec0ffeec0ff.jsonl", &format!("{}\n", reraised.to_line()));
    let truncated = park(1006, at, &consultation, item_change(&item, ItemField::Detail, "", "잘린 줄 | cut")).to_line();
    let (head, tail) = truncated.split_at(truncated.len() / 2);
    let text = [
        started.to_line(),
        "{not json".to_string(),
        newer,
        doubled.to_line(),
        future.to_line(),
        noted.to_line(),
        bad_risk.to_line(),
    ]
    .join("\n")
        + "\n"
        + head;
    push_text(&clone, PARK_FILE, &text);

    let report = kim.sync();
    let problems: Vec<String> = report.import.problems.iter().map(|p| format!("{}: {}", p.place, p.message)).collect();
    let expect = [
        (2, "not valid JSON"),
        (3, "unknown event kind 'item-archived' (written by a newer chec? upgrade chec to read it)"),
        (4, "duplicated event id 0192f5c4-0000-7000-8000-000000001001"),
        (5, "more than a day ahead"),
        (7, "kept aside, not applied: invalid date '2026-02-30'"),
        (8, "the line is cut short"),
    ];
    for (line, words) in expect {
        let place = format!("{PARK_FILE}:{line}: ");
        assert!(problems.iter().any(|p| p.starts_with(&place) && p.contains(words)), "{place}{words} in {problems:#?}");
    }
    let place = "events/CARE/김민지-c0ffeec0ffeec0ff.jsonl:1: kept aside, not applied: database error: UNIQUE constraint failed";
    assert!(problems.iter().any(|p| p.starts_with(place)), "{problems:#?}");
    assert_eq!(problems.len(), expect.len() + 1, "{problems:#?}");
    // The good lines are in; the bad due date changed nothing, not even the history.
    let stored = kim.store.item("CARE-1").unwrap().unwrap();
    assert_eq!(stored.status, chec::domain::ItemStatus::InProgress);
    assert_eq!((stored.owner.as_str(), stored.due_date.as_deref(), stored.detail.as_str()), ("", None, ""));
    let history: Vec<String> = kim.store.item_history(&stored).unwrap().into_iter().map(|h| h.field).collect();
    assert_eq!(history, ["created", "status", "note"]);
    let c = kim.consultation("CARE");
    let next = kim.store.raise_item(
        &c,
        &NewItem { title: "다음".into(), stage: "planning".into(), ..Default::default() },
        None,
    );
    assert_eq!(next.unwrap().key, "CARE-2", "the refused item took no number");

    // Said once: the next sync has nothing new to report, the status still lists them.
    assert!(kim.sync().import.problems.iter().all(|p| p.place.ends_with(":8")), "only the cut line is read again");
    assert!(kim.store.team_problems().unwrap().len() >= expect.len());

    // The rest of the cut line arrives: it is read whole.
    push_text(&clone, PARK_FILE, &format!("{tail}\n"));
    let report = kim.sync();
    assert!(report.import.problems.is_empty(), "{:?}", report.import.problems);
    assert_eq!(kim.store.item("CARE-1").unwrap().unwrap().detail, "잘린 줄 | cut");
}

#[test]
fn changes_a_role_may_not_make_are_kept_aside_until_the_roles_allow_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_remote, mut kim, consultation, item, clone) = team(dir.path());
    let at = "2026-11-22T11:00:00.000Z";
    let assessed = park(
        2001,
        at,
        &consultation,
        Change::Assessed {
            question: "PLN-01".into(),
            stage: "planning".into(),
            from: Assessment::NotDiscussed,
            to: Assessment::Satisfied,
            meeting: None,
        },
    );
    let signed = park(
        2002,
        at,
        &consultation,
        Change::SignedOff {
            sign_off: "0192f5c4-0000-7000-8000-00000000sign".into(),
            stage: "planning".into(),
            comment: "끝".into(),
            meeting: None,
            decisions: vec![SignOffItem {
                item: item.clone(),
                decision: chec::domain::Decision::Accept,
                reason: "r".into(),
            }],
            unanswered_required: String::new(),
        },
    );
    let allowed = park(2003, at, &consultation, item_change(&item, ItemField::Owner, "", "park.dev"));
    // A stranger's event, and park's event written into kim's file.
    let mut stranger = park(2004, at, &consultation, item_change(&item, ItemField::Note, "", ""));
    stranger.author = "mallory".into();
    let impostor = park(2005, at, &consultation, item_change(&item, ItemField::Note, "", ""));
    let lines = [assessed.to_line(), signed.to_line(), allowed.to_line()].join("\n") + "\n";
    push_text(&clone, PARK_FILE, &lines);
    push_text(&clone, "events/CARE/mallory-feedfacefeedface.jsonl", &(stranger.to_line() + "\n"));
    // kim's own file, where chec writes it (rolled by month).
    let own = format!("events/CARE/김민지-{}@", kim.store.device().unwrap());
    let kim_file = chec::team::files::event_files(&clone).unwrap().into_iter().find(|p| p.starts_with(&own)).unwrap();
    push_text(&clone, &kim_file, &(impostor.to_line() + "\n"));

    let report = kim.sync();
    let problems: Vec<String> = report.import.problems.iter().map(|p| format!("{}: {}", p.place, p.message)).collect();
    for (place, words) in [
        (format!("{PARK_FILE}:1"), "park.dev is a developer and a developer may not change an assessment"),
        (format!("{PARK_FILE}:2"), "a developer may not sign a stage off"),
        ("events/CARE/mallory-feedfacefeedface.jsonl:1".to_string(), "mallory is not a member of the team"),
        (format!("{kim_file}:3"), "written under another's name"),
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(&place) && p.contains(words)),
            "{place}: {words} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), 4, "{problems:#?}");
    let c = kim.consultation("CARE");
    assert_eq!(kim.store.item("CARE-1").unwrap().unwrap().owner, "park.dev", "what a developer may do is in");
    assert!(!kim.store.responses(&c).unwrap().contains_key("PLN-01"), "the assessment is not");
    assert!(kim.store.sign_offs(&c).unwrap().is_empty(), "nor the sign-off");
    let status = chec::team::sync::status(&kim.store, &kim.db).unwrap();
    assert_eq!(status.problems.len(), 4);

    // The lead makes park a consultant: what was kept aside comes in at the next sync.
    chec::team::sync::set_member(&mut kim.store, &kim.db, "park.dev", Role::Consultant).unwrap();
    kim.sync();
    let c = kim.consultation("CARE");
    assert_eq!(kim.store.responses(&c).unwrap()["PLN-01"].assessment, Assessment::Satisfied);
    assert_eq!(kim.store.sign_offs(&c).unwrap().len(), 1);
    assert_eq!(
        kim.store.item("CARE-1").unwrap().unwrap().status,
        chec::domain::ItemStatus::Open,
        "accepting is a change of its own"
    );
}

#[test]
fn a_role_that_may_not_make_a_change_is_told_so_on_its_own_machine() {
    let dir = tempfile::tempdir().unwrap();
    let (remote, _kim, _c, _item, _clone) = team(dir.path());
    let mut park = Machine::new(dir.path(), "park", "park.dev", DAY);
    park.join(&remote);
    let c = park.consultation("CARE");
    let q = chec::domain::QuestionRef { id: "PLN-01", stage: "planning" };
    let e = park.store.set_assessment(&c, q, Assessment::Satisfied, None).unwrap_err().to_string();
    assert_eq!(e, "not saved: park.dev is a developer and a developer may not change an assessment (team.json)");
    let e = park.store.replace_response_text(&c, q, ResponseField::Answer, "x", None).unwrap_err();
    assert!(e.to_string().contains("may not change an answer"), "{e}");
    assert_eq!(park.store.unsent_count().unwrap(), 0, "nothing was written");
    let update = chec::domain::ItemUpdate {
        status: Some(chec::domain::ItemStatus::Resolved),
        note: Some("done".into()),
        ..Default::default()
    };
    park.store.update_item("CARE-1", &update, None).unwrap();
}

#[test]
fn sync_says_what_it_could_not_import_and_when_it_is_offline_through_its_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let (remote, kim, consultation, item, clone) = team(dir.path());
    let db = kim.db.clone();
    drop(kim);
    let chec = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chec"));
        cmd.args(args).env("CHEC_DB", &db).env("CHEC_CONFIG_DIR", dir.path().join("config")).env("CHEC_USER", "김민지");
        common::clock::for_binary(&mut cmd);
        cmd.output().unwrap()
    };
    let line = park(3001, "2026-11-22T11:00:00.000Z", &consultation, item_change(&item, ItemField::Owner, "", "p"));
    push_text(&clone, PARK_FILE, &format!("{}\n{{\"id\":\"x\"}}\n", line.to_line()));
    let out = chec(&["sync"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains(&format!("chec: {PARK_FILE}:2: missing field 'kind'")), "{stderr}");
    assert_eq!(chec(&["sync"]).status.code(), Some(0), "reported once");

    // The repository goes away: the change waits, and says so.
    std::fs::rename(&remote, dir.path().join("moved.git")).unwrap();
    assert!(chec(&["item", "set", "CARE-1", "--owner", "김민지"]).status.success());
    let out = chec(&["sync"]);
    assert_eq!(out.status.code(), Some(5), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Offline ("), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 changes waiting"));
    let status = String::from_utf8_lossy(&chec(&["team", "status"]).stdout).into_owned();
    assert!(status.contains("Waiting to send: 1 change\n"), "{status}");
    std::fs::rename(dir.path().join("moved.git"), &remote).unwrap();
    let out = chec(&["sync"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let status = String::from_utf8_lossy(&chec(&["team", "status"]).stdout).into_owned();
    assert!(status.contains("Waiting to send: 0 changes\n"), "{status}");
}

/// Whatever point of an import the disk fills at, the import fails whole with the disk's
/// error: no event is kept aside for it (a first try that failed part-way is run again one
/// event at a time, for an event that cannot apply; a full disk is not such an event).
#[test]
fn a_disk_that_fills_during_an_import_fails_it_whole_and_sets_no_event_aside() {
    let dir = tempfile::tempdir().unwrap();
    let mut kim = Machine::new(dir.path(), "kim", "kim", DAY);
    let care = open(&mut kim.store, "CARE", "돌봄 | care");
    for n in 0..12 {
        let title = format!("항목 {n} | {}", "긴 제목 long title ".repeat(60));
        kim.store.raise_item(&care, &NewItem { title, stage: "planning".into(), ..Default::default() }, None).unwrap();
    }
    let events: Vec<chec::storage::Incoming> = kim
        .store
        .events(&care)
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(n, e)| chec::storage::Incoming::new(e, format!("events/CARE/kim-a1@2026-11.jsonl:{}", n + 1)))
        .collect();
    let page_count = |path: &Path| -> u32 {
        rusqlite::Connection::open(path).unwrap().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap()
    };
    let (mut failed, mut imported) = (0, 0);
    for extra in (0..400).step_by(8) {
        let path = dir.path().join(format!("full-{extra}.db"));
        let mut store = chec::storage::Store::open(&path).unwrap();
        store.limit_pages(page_count(&path) + extra).unwrap();
        let import = chec::storage::Import { events: events.clone(), ..Default::default() };
        match store.import(import) {
            Ok(report) => {
                assert!(report.problems.is_empty(), "with {extra} pages to spare: {:?}", report.problems);
                imported += 1;
            }
            Err(e) => {
                assert!(e.to_string().contains("full"), "with {extra} pages to spare: {e}");
                assert!(store.team_problems().unwrap().is_empty(), "with {extra} pages to spare");
                assert!(store.consultation("CARE").unwrap().is_none(), "nothing of it is left");
                failed += 1;
            }
        }
    }
    assert!(failed > 0 && imported > 0, "the disk fills half-way for some: {failed} failed, {imported} imported");
}

#[test]
fn a_change_of_an_item_not_in_the_record_is_kept_aside_as_such_whatever_its_value() {
    // (The apply finds the item missing through the change's own statement; a value it
    // refuses must not hide that the item is not there.)
    let dir = tempfile::tempdir().unwrap();
    let (_remote, mut kim, consultation, item, clone) = team(dir.path());
    let at = "2026-11-22T11:00:00.000Z";
    let missing = "0192f5c4-0000-7000-8000-00000000dead";
    let lines = [
        park(1001, at, &consultation, item_change(missing, ItemField::Status, "open", "resolved")),
        park(1002, at, &consultation, item_change(missing, ItemField::Due, "", "2026-02-30")),
        park(1003, at, &consultation, item_change(missing, ItemField::Status, "open", "archived")),
        park(1004, at, &consultation, item_change(&item, ItemField::Due, "", "2026-02-30")),
        park(1005, at, &consultation, item_change(&item, ItemField::Owner, "", "park | 박")),
    ]
    .map(|e| e.to_line())
    .join("\n");
    push_text(&clone, PARK_FILE, &format!("{lines}\n"));

    let report = kim.sync();
    let problems: Vec<String> = report.import.problems.iter().map(|p| format!("{}: {}", p.place, p.message)).collect();
    for line in 1..=3 {
        let place = format!("{PARK_FILE}:{line}: kept aside, not applied: the item it changes is not in this record");
        assert!(problems.iter().any(|p| p.starts_with(&place)), "{place} in {problems:#?}");
    }
    let place = format!("{PARK_FILE}:4: kept aside, not applied: invalid date '2026-02-30'");
    assert!(problems.iter().any(|p| p.starts_with(&place)), "{place} in {problems:#?}");
    assert_eq!(problems.len(), 4, "{problems:#?}");
    let stored = kim.store.item("CARE-1").unwrap().unwrap();
    assert_eq!((stored.owner.as_str(), stored.due_date.as_deref()), ("park | 박", None));
}
