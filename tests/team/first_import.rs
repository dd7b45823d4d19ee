//! A first import (a fresh CI cache, `chec team join`) reads a repository's files part by
//! part as it stores their events, so that memory holds a part of the repository rather
//! than all of it; what it builds is what an import of every event at once builds.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use crate::input::{PARK_FILE, item_change, park};
use chec::domain::{ItemField, NewItem, QuestionRef, ResponseField, Role, TextEdit};
use chec::storage::{Import, Incoming, Store};
use common::team::{git, kim_and_lee, open};
use proptest::prop_assert_eq;

const DAY: &str = "2026-11-22";
const PLN1: QuestionRef<'static> = QuestionRef { id: "PLN-01", stage: "planning" };

/// Append `text` to `file` under `root`.
fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    use std::io::Write as _;
    std::fs::OpenOptions::new().create(true).append(true).open(&path).unwrap().write_all(text.as_bytes()).unwrap();
}

/// A checkout of a team's repository under `dir` with all a first import must get right:
/// enough files to be read part by part, a conflict, a key taken on two machines, lines
/// that may not be trusted, a consultation's event in the last folder read. Returns the
/// checkout, and the key of the consultation renamed.
fn checkout_to_import(dir: &Path) -> (std::path::PathBuf, String) {
    let (mut kim, mut lee, care) = kim_and_lee(dir, DAY);
    chec::team::sync::set_member(&mut kim.store, &kim.db, "park.dev", Role::Developer).unwrap();
    // Enough consultations (a file each) for the files to be read part by part.
    for n in 0..70 {
        let c = open(&mut kim.store, &format!("S{n:02}"), &format!("서비스 {n} | service"));
        let new = NewItem { title: format!("항목 {n} | item"), stage: "planning".into(), ..Default::default() };
        kim.store.raise_item(&c, &new, None).unwrap();
    }
    // One key taken on two machines at once: one consultation is renamed, and what is added
    // to it afterwards is in the folder of its new key, its opening in the old one.
    open(&mut kim.store, "DUP", "중복 | 김");
    open(&mut lee.store, "DUP", "중복 | 이");
    let item = kim
        .store
        .raise_item(
            &care,
            &NewItem { title: "야간 | night".into(), stage: "planning".into(), ..Default::default() },
            None,
        )
        .unwrap();
    // A conflict: one answer changed on two machines from the same text.
    kim.store.replace_response_text(&care, PLN1, ResponseField::Answer, "처음 | first", None).unwrap();
    kim.sync();
    lee.sync();
    kim.later(1);
    lee.later(2);
    let lee_care = lee.consultation("CARE");
    kim.store
        .set_response_text(&care, PLN1, ResponseField::Answer, &TextEdit::new("처음 | first", "김 | kim"), None)
        .unwrap();
    lee.store
        .set_response_text(&lee_care, PLN1, ResponseField::Answer, &TextEdit::new("처음 | first", "이 | lee"), None)
        .unwrap();
    kim.sync();
    lee.sync();
    let renamed =
        lee.store.consultation_summaries(DAY).unwrap().into_iter().find(|c| c.key.starts_with("DUP") && c.key != "DUP");
    let renamed = lee.consultation(&renamed.expect("one of the two is renamed").key);
    let new = NewItem { title: "이름이 바뀐 뒤 | after".into(), stage: "planning".into(), ..Default::default() };
    lee.store.raise_item(&renamed, &new, None).unwrap();
    lee.sync();

    // A checkout, with what may not be trusted written into it by hand: a developer
    // accepting a risk (refused), their change of owner (applied), the same id with other
    // content, a clock far ahead, a line that is not JSON.
    git(dir, &["clone", "-q", &dir.join("team.git").display().to_string(), "checkout"]);
    let checkout = dir.join("checkout");
    let at = "2026-11-22T11:00:00.000Z";
    let accepted = park(1001, at, &care.id, item_change(&item.id, ItemField::Status, "open", "accepted"));
    let owner = park(1002, at, &care.id, item_change(&item.id, ItemField::Owner, "", "박"));
    let mut doubled = owner.clone();
    doubled.change = accepted.change.clone();
    let ahead = park(1003, "2099-01-01T00:00:00.000Z", &care.id, item_change(&item.id, ItemField::Owner, "", "미래"));
    let lines = [accepted.to_line(), owner.to_line(), doubled.to_line(), ahead.to_line(), "{not json".into()];
    append(&checkout, PARK_FILE, &(lines.join("\n") + "\n"));
    // A change to CARE in the last folder read, long after CARE's own (as a key changed on
    // some machine would put it): CARE is built again with it.
    let late =
        park(1004, "2026-11-22T11:30:00.000Z", &care.id, item_change(&item.id, ItemField::Owner, "박", "박 | 2"));
    append(&checkout, "events/ZZ/park.dev-feedfacefeedface.jsonl", &(late.to_line() + "\n"));
    (checkout, renamed.key)
}

/// The same events imported at once into an empty database, and the parts they were read in.
fn at_once(checkout: &Path) -> (Store, chec::storage::ImportReport, Import, chec::storage::ReadPart) {
    let read = chec::team::files::read_new(checkout, &HashMap::new(), None).unwrap();
    assert!(read.events.is_empty(), "the files are read as their events are stored");
    let whole = read.later.as_ref().expect("many files are read as they are stored").read_all().unwrap();
    let mut reference = Store::open_in_memory().unwrap();
    let problems = read.problems.iter().cloned().chain(whole.problems.iter().cloned()).collect();
    let at_once = Import {
        events: whole.events.clone(),
        problems,
        files: whole.files.clone(),
        roles: read.roles.clone(),
        later: None,
    };
    let report = reference.import(at_once).unwrap();
    (reference, report, read, whole)
}

#[test]
fn a_first_import_reading_files_as_it_stores_them_builds_what_one_import_of_every_event_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (checkout, renamed) = checkout_to_import(dir.path());

    // What a fresh CI cache builds of it.
    let (cache, report) = chec::team::sync::open_cache(&checkout).unwrap();

    // The same, every event held at once, imported into an empty database.
    let (reference, reference_report, _, whole) = at_once(&checkout);
    assert!(whole.events.len() > 140, "{}", whole.events.len());

    assert_eq!(cache.canonical_dump().unwrap(), reference.canonical_dump().unwrap());
    assert_eq!(cache.team_problems().unwrap(), reference.team_problems().unwrap());
    assert_eq!(cache.team_files().unwrap(), reference.team_files().unwrap());
    assert_eq!((report.new_events, &report.problems), (reference_report.new_events, &reference_report.problems));
    assert!(report.replayed >= 1, "CARE, applied before its last event was read, is built again");
    // And it is what the team holds, with what was kept aside named by file and line.
    let problems: Vec<String> = report.problems.iter().map(|p| format!("{}: {}", p.place, p.message)).collect();
    for (line, words) in [
        (1, "kept aside, not applied"),
        (3, "duplicated event id 0192f5c4-0000-7000-8000-000000001002"),
        (4, "more than a day ahead"),
        (5, "not valid JSON"),
    ] {
        let place = format!("{PARK_FILE}:{line}: ");
        assert!(problems.iter().any(|p| p.starts_with(&place) && p.contains(words)), "{place}{words} in {problems:#?}");
    }
    assert_eq!(cache.conflict_count().unwrap(), 1);
    let stored = cache.item("CARE-1").unwrap().unwrap();
    assert_eq!((stored.owner.as_str(), stored.status), ("박 | 2", chec::domain::ItemStatus::Open));
    assert_eq!(cache.consultation_summaries(DAY).unwrap().len(), 73);
    let renamed = cache.consultation(&renamed).unwrap().unwrap();
    assert_eq!(cache.items_of(&renamed).unwrap().len(), 1, "the item raised after the renaming is there");
}

/// The parts of a repository's files, as a reader might hand them on: whole files, in
/// their order, cut anywhere (inside a folder, between two of a consultation's files).
#[derive(Debug)]
struct Cut(Vec<chec::storage::ReadPart>);

impl chec::storage::ReadLater for Cut {
    fn read(
        &self,
        each: &mut dyn FnMut(chec::storage::ReadPart) -> chec::storage::Result<()>,
    ) -> chec::storage::Result<()> {
        for part in &self.0 {
            each(chec::storage::ReadPart {
                events: part.events.clone(),
                problems: part.problems.clone(),
                files: part.files.clone(),
            })?;
        }
        Ok(())
    }

    fn read_all(&self) -> chec::storage::Result<chec::storage::ReadPart> {
        unreachable!("a first import reads part by part")
    }
}

/// Wherever the parts are cut, a first import builds what an import of every event at once
/// builds: a consultation applied before the last of its events was read is built again.
#[test]
fn wherever_the_files_parts_are_cut_a_first_import_builds_the_same_record() {
    let dir = tempfile::tempdir().unwrap();
    let (checkout, ..) = checkout_to_import(dir.path());
    let (reference, reference_report, read, whole) = at_once(&checkout);
    let expected = (reference.canonical_dump().unwrap(), reference.team_problems().unwrap());
    // Each file's events and problems, in the files' order.
    let file_of = |place: &str| place.rsplit_once(':').map_or(place, |(file, _)| file).to_string();
    let files: Vec<chec::storage::ReadPart> = whole
        .files
        .iter()
        .map(|(path, mark)| chec::storage::ReadPart {
            events: whole.events.iter().filter(|e| file_of(&e.place) == *path).cloned().collect(),
            problems: whole.problems.iter().filter(|p| file_of(&p.place) == *path).cloned().collect(),
            files: vec![(path.clone(), *mark)],
        })
        .collect();
    assert!(files.len() > 70, "{}", files.len());
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 24,
        ..proptest::test_runner::Config::default()
    });
    let cuts = proptest::collection::btree_set(1..files.len(), 0..12);
    runner
        .run(&cuts, |cuts| {
            let mut parts: Vec<chec::storage::ReadPart> = Vec::new();
            for (n, file) in files.iter().enumerate() {
                if n == 0 || cuts.contains(&n) {
                    parts.push(chec::storage::ReadPart::default());
                }
                let part = parts.last_mut().unwrap();
                part.events.extend(file.events.iter().cloned());
                part.problems.extend(file.problems.iter().cloned());
                part.files.extend(file.files.iter().cloned());
            }
            let mut store = Store::open_in_memory().unwrap();
            let import = Import {
                problems: read.problems.clone(),
                roles: read.roles.clone(),
                later: Some(Box::new(Cut(parts))),
                ..Import::default()
            };
            let report = store.import(import).unwrap();
            prop_assert_eq!((store.canonical_dump().unwrap(), store.team_problems().unwrap()), expected.clone());
            prop_assert_eq!(&report.problems, &reference_report.problems);
            prop_assert_eq!(store.team_files().unwrap(), reference.team_files().unwrap());
            Ok(())
        })
        .unwrap();
}

/// An item's list of principles is written with it as a first import inserts it (the
/// triggers that keep the list are dropped then): the same list, each principle once where it
/// first comes, as the triggers make when the item is raised here or replayed among others.
#[test]
fn a_first_import_lists_an_items_principles_as_the_triggers_list_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, _lee, care) = kim_and_lee(dir.path(), DAY);
    let principles = ["투명성 | transparency", "fairness", "투명성 | transparency", "a \"quoted\\ one", "공정성"];
    let with = NewItem {
        title: "원칙들 | principles".into(),
        stage: "planning".into(),
        principles: principles.iter().map(|p| p.to_string()).collect(),
        ..Default::default()
    };
    let first = NewItem { title: "먼저 | first".into(), stage: "planning".into(), ..Default::default() };
    kim.store.raise_item(&care, &first, None).unwrap();
    let raised = kim.store.raise_item(&care, &with, None).unwrap();
    assert_eq!(raised.principles, ["투명성 | transparency", "fairness", "a \"quoted\\ one", "공정성"]);
    let incoming = |events: Vec<chec::domain::Event>| -> Vec<Incoming> {
        events
            .into_iter()
            .enumerate()
            .map(|(n, e)| Incoming::new(e, format!("events/CARE/kim-a1.jsonl:{}", n + 1)))
            .collect()
    };
    let events = incoming(kim.store.events(&care).unwrap());
    // All at once into an empty database: the lists written with the items.
    let mut at_once = Store::open_in_memory().unwrap();
    at_once.import(Import { events: events.clone(), ..Import::default() }).unwrap();
    // The item with principles in a second import, into a database with items: the triggers.
    let split = events.iter().position(|e| e.event.change.kind() == "item-raised").unwrap() + 1;
    let mut in_two = Store::open_in_memory().unwrap();
    in_two.import(Import { events: events[..split].to_vec(), ..Import::default() }).unwrap();
    in_two.import(Import { events: events[split..].to_vec(), ..Import::default() }).unwrap();

    let listed = |store: &Store| store.item("CARE-2").unwrap().unwrap().principles;
    assert_eq!(listed(&at_once), raised.principles);
    assert_eq!(listed(&in_two), raised.principles);
    assert_eq!(at_once.canonical_dump().unwrap(), in_two.canonical_dump().unwrap());
    assert_eq!(at_once.canonical_dump().unwrap(), kim.store.canonical_dump().unwrap());
}

/// Hand-written lines with values the record's tables may not hold. A first import does not
/// have SQLite evaluate the tables' CHECKs (see `Store::import_with`): it keeps each such line
/// aside, named by file and line, as a later import (which does evaluate them) keeps it.
#[test]
fn a_line_with_a_value_the_record_may_not_hold_is_kept_aside_by_a_first_import_as_by_a_later_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, _lee, care) = kim_and_lee(dir.path(), DAY);
    let night = NewItem { title: "야간 | night".into(), stage: "planning".into(), ..Default::default() };
    let item = kim.store.raise_item(&care, &night, None).unwrap();
    let ours = kim.store.events(&care).unwrap();
    let at = "2026-11-22T11:00:00.000Z";
    let raised = |lamport: u64, due: Option<&str>, likelihood: Option<u8>, impact: Option<u8>| {
        park(
            lamport,
            at,
            &care.id,
            chec::domain::Change::ItemRaised {
                item: format!("0192f5c4-0000-7000-9000-{lamport:012}"),
                seq: 0,
                title: format!("손으로 쓴 줄 {lamport} | by hand"),
                detail: String::new(),
                question: None,
                principles: vec![],
                stage: "planning".into(),
                meeting: None,
                owner: "박".into(),
                due: due.map(str::to_string),
                priority: chec::domain::Priority::Medium,
                priority_explicit: true,
                risk_source: None,
                likelihood,
                impact,
                response: None,
            },
        )
    };
    let by_hand = [
        (raised(1001, Some("soon"), None, None), "invalid date 'soon'"),
        (raised(1002, Some("2026-99-99"), None, None), "invalid date '2026-99-99'"),
        (raised(1003, Some(" 2026-12-31"), None, None), "a due date is YYYY-MM-DD"),
        (raised(1004, None, Some(6), Some(3)), "likelihood"),
        (raised(1005, None, Some(16), Some(16)), "likelihood"),
        (raised(1006, None, Some(3), None), "both a likelihood and an impact"),
        (
            park(1007, at, &care.id, item_change(&item.id, ItemField::Due, "", "2026-12-31 ")),
            "a due date is YYYY-MM-DD",
        ),
    ];
    // And lines with good values beside them, which are applied.
    let good = [
        raised(1008, Some("2026-12-31"), Some(3), Some(4)),
        park(1009, at, &care.id, item_change(&item.id, ItemField::Due, "", "2027-01-15")),
    ];
    let place = |n: usize| format!("{PARK_FILE}:{n}");
    let theirs: Vec<Incoming> = by_hand
        .iter()
        .map(|(e, _)| e.clone())
        .chain(good)
        .enumerate()
        .map(|(n, e)| Incoming::new(e, place(n + 1)))
        .collect();
    let ours: Vec<Incoming> = ours
        .into_iter()
        .enumerate()
        .map(|(n, e)| Incoming::new(e, format!("events/CARE/kim-a1.jsonl:{}", n + 1)))
        .collect();

    // All at once into an empty database: a first import.
    let mut first = Store::open_in_memory().unwrap();
    let events: Vec<Incoming> = ours.iter().chain(&theirs).cloned().collect();
    let first_report = first.import(Import { events, ..Import::default() }).unwrap();
    // The lines by hand in a second import, into a database with events: CHECKs evaluated.
    let mut later = Store::open_in_memory().unwrap();
    later.import(Import { events: ours, ..Import::default() }).unwrap();
    let later_report = later.import(Import { events: theirs, ..Import::default() }).unwrap();

    let said = |report: &chec::storage::ImportReport| -> Vec<String> {
        report.problems.iter().map(|p| format!("{}: {}", p.place, p.message)).collect()
    };
    assert_eq!(said(&first_report), said(&later_report));
    let problems = said(&first_report);
    assert_eq!(problems.len(), by_hand.len(), "{problems:#?}");
    for (n, (_, words)) in by_hand.iter().enumerate() {
        let at = format!("{}: kept aside, not applied", place(n + 1));
        assert!(problems.iter().any(|p| p.starts_with(&at) && p.contains(words)), "{at} … {words} in {problems:#?}");
    }
    assert_eq!(first.canonical_dump().unwrap(), later.canonical_dump().unwrap());
    // What the good lines wrote, and nothing of the bad ones.
    let items = first.items_of(&first.consultation("CARE").unwrap().unwrap()).unwrap();
    let held: Vec<String> =
        items.iter().map(|i| format!("{}: {:?} {:?}x{:?}", i.title, i.due_date, i.likelihood, i.impact)).collect();
    assert_eq!(
        held,
        [
            "야간 | night: Some(\"2027-01-15\") NonexNone",
            "손으로 쓴 줄 1008 | by hand: Some(\"2026-12-31\") Some(3)xSome(4)",
        ]
    );
}
