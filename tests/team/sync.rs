//! Machines of a team sharing consultations through a git repository (a bare repository in
//! a temporary folder): changes made offline on two and three machines, synced in every
//! order, end as the same record everywhere; a true conflict keeps both versions.

use crate::common;

use chec::domain::QuestionRef;
use chec::domain::{
    Assessment, Attendee, ItemStatus, ItemUpdate, MeetingField, NewItem, NewMeeting, ResponseField, TextEdit,
    TextTarget,
};
use common::team::{Machine, bare_repository, git, kim_and_lee, open};

const DAY: &str = "2026-11-22";
const PLN1: QuestionRef<'static> = QuestionRef { id: "PLN-01", stage: "planning" };

fn answer(m: &Machine, key: &str) -> String {
    let c = m.consultation(key);
    m.store.responses(&c).unwrap().get("PLN-01").map(|r| r.answer.clone()).unwrap_or_default()
}

#[test]
fn a_team_starts_from_one_database_and_a_second_machine_joins_with_all_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    let mut kim = Machine::new(dir.path(), "kim", "김민지", DAY);
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇 | Care");
    kim.store.replace_response_text(&c, PLN1, ResponseField::Answer, "보호자 동의 | consent", None).unwrap();
    let item = kim.store.raise_item(
        &c,
        &NewItem { title: "야간 검토".into(), stage: "planning".into(), ..Default::default() },
        None,
    );
    let item = item.unwrap();
    // A change recorded under another name on this machine (--as): published too.
    kim.store.set_actor("박준호");
    kim.store.set_assessment(&c, PLN1, Assessment::Satisfied, None).unwrap();
    kim.store.set_actor("김민지");
    let report = kim.init(&remote);
    assert_eq!(report.sent, 4, "{}", report.summary());
    let team = chec::team::sync::status(&kim.store, &kim.db).unwrap();
    assert_eq!((team.role, team.members), (Some(chec::domain::Role::Lead), 2), "박준호 is listed as a consultant");
    assert!(report.offline.is_none(), "{:?}", report.offline);
    assert_eq!(report.waiting, 0);

    let mut lee = Machine::new(dir.path(), "lee", "이서연", DAY);
    let joined = lee.join(&remote);
    assert_eq!(joined.import.new_events, 4, "{}", joined.summary());
    assert!(joined.import.problems.is_empty(), "{:?}", joined.import.problems);
    assert_eq!(answer(&lee, "CARE"), "보호자 동의 | consent");
    assert_eq!(lee.store.item(&item.key).unwrap().unwrap().title, "야간 검토");
    assert_eq!(kim.dump(), lee.dump());
}

#[test]
fn offline_changes_on_two_machines_meet_in_either_order() {
    for kim_first in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let (mut kim, mut lee, c) = kim_and_lee(dir.path(), DAY);

        kim.later(5);
        lee.later(7);
        let lc = lee.consultation("CARE");
        kim.store.replace_response_text(&c, PLN1, ResponseField::Answer, "김의 답 | kim", None).unwrap();
        kim.store.set_assessment(&c, PLN1, Assessment::Satisfied, None).unwrap();
        let k1 = kim
            .store
            .raise_item(&c, &NewItem { title: "kim item".into(), stage: "planning".into(), ..Default::default() }, None)
            .unwrap();
        lee.store
            .replace_response_text(
                &lc,
                QuestionRef { id: "PLN-02", stage: "planning" },
                ResponseField::Notes,
                "이의 메모 | lee",
                None,
            )
            .unwrap();
        let l1 = lee
            .store
            .raise_item(
                &lc,
                &NewItem { title: "lee item".into(), stage: "planning".into(), ..Default::default() },
                None,
            )
            .unwrap();
        assert_eq!((k1.key.as_str(), l1.key.as_str()), ("CARE-1", "CARE-1"), "both numbered offline");

        let (first, second) = if kim_first { (&mut kim, &mut lee) } else { (&mut lee, &mut kim) };
        first.sync();
        second.sync();
        first.sync();
        assert_eq!(kim.dump(), lee.dump(), "kim first: {kim_first}");
        let items = kim.store.items_of(&kim.consultation("CARE")).unwrap();
        let titles: Vec<(&str, &str)> = items.iter().map(|i| (i.key.as_str(), i.title.as_str())).collect();
        assert_eq!(titles.len(), 2);
        assert_ne!(titles[0].0, titles[1].0, "two items, two numbers: {titles:?}");
        assert_eq!(answer(&lee, "CARE"), "김의 답 | kim");
    }
}

#[test]
fn a_conflict_on_one_answer_made_from_two_machines_keeps_both_values_until_a_person_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, mut lee, c) = kim_and_lee(dir.path(), DAY);
    kim.store.replace_response_text(&c, PLN1, ResponseField::Answer, "처음 | first", None).unwrap();
    kim.sync();
    lee.sync();
    let lc = lee.consultation("CARE");

    kim.later(1);
    lee.later(2);
    let kim_edit = TextEdit::new("처음 | first", "김의 판 | kim's");
    let lee_edit = TextEdit::new("처음 | first", "이의 판 | lee's");
    kim.store.set_response_text(&c, PLN1, ResponseField::Answer, &kim_edit, None).unwrap();
    lee.store.set_response_text(&lc, PLN1, ResponseField::Answer, &lee_edit, None).unwrap();
    kim.sync();
    let report = lee.sync();
    assert_eq!(report.conflicts, 1, "{}", report.summary());
    kim.sync();
    assert_eq!(kim.dump(), lee.dump());

    for m in [&kim, &lee] {
        let conflicts = m.store.team_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        let values: Vec<&str> = conflicts[0].versions.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values.len(), 2);
        assert!(values.contains(&"김의 판 | kim's") && values.contains(&"이의 판 | lee's"), "{values:?}");
        assert_eq!(conflicts[0].field, "the team's answer on PLN-01");
    }
    // Settled on one machine, settled everywhere.
    let target = TextTarget::Response { question: "PLN-01".into(), field: ResponseField::Answer };
    lee.store.resolve_conflict(&lc, &target, "합친 판 | merged").unwrap();
    lee.sync();
    kim.sync();
    assert!(kim.store.team_conflicts().unwrap().is_empty());
    assert_eq!(answer(&kim, "CARE"), "합친 판 | merged");
    assert_eq!(kim.dump(), lee.dump());
    // Every version stays in the history.
    let history: Vec<String> =
        kim.store.response_history(&c, "PLN-01").unwrap().into_iter().map(|h| h.new_value).collect();
    for text in ["처음 | first", "김의 판 | kim's", "이의 판 | lee's", "합친 판 | merged"] {
        assert!(history.iter().any(|h| h == text), "{text} in {history:?}");
    }
}

#[test]
fn three_machines_offline_sync_in_every_order_and_agree() {
    let orders: [[usize; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    // Each order on a team of its own, all at once: the time goes to git's processes.
    std::thread::scope(|s| {
        let runs: Vec<_> = orders.map(|order| s.spawn(move || three_machines_sync_in(order))).into();
        for run in runs {
            run.join().expect("an order failed");
        }
    });
}

/// Kim, Lee and Park change one consultation offline, then sync twice round in `order`.
fn three_machines_sync_in(order: [usize; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    let mut kim = Machine::new(dir.path(), "kim", "김민지", DAY);
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇");
    let m = kim.store.start_meeting(&c, &NewMeeting { stage: "planning".into(), ..Default::default() }).unwrap();
    kim.init(&remote);
    for (name, role) in [("이서연", chec::domain::Role::Consultant), ("park.dev", chec::domain::Role::Developer)] {
        chec::team::sync::set_member(&mut kim.store, &kim.db, name, role).unwrap();
    }
    let item = kim
        .store
        .raise_item(
            &c,
            &NewItem {
                title: "검토".into(), stage: "planning".into(), owner: "park.dev".into(), ..Default::default()
            },
            None,
        )
        .unwrap();
    kim.sync();
    let mut lee = Machine::new(dir.path(), "lee", "이서연", DAY);
    lee.join(&remote);
    let mut park = Machine::new(dir.path(), "park", "park.dev", DAY);
    park.join(&remote);

    // An hour offline, each on a clock of its own: each works on the same consultation (a
    // whole day on one clock: the test after the next).
    kim.later(60);
    lee.later(61);
    park.later(62);
    kim.store.set_meeting_text(&c, &m.id, MeetingField::Notes, &TextEdit::new("", "김의 회의 메모")).unwrap();
    kim.store.set_attendees(&m.id, &[Attendee { name: "김민지".into(), role: "consultant".into() }]).unwrap();
    let lc = lee.consultation("CARE");
    lee.store.set_attendees(&m.id, &[Attendee { name: "이서연".into(), role: "consultant".into() }]).unwrap();
    lee.store.replace_response_text(&lc, PLN1, ResponseField::Notes, "이의 메모", Some(&m.id)).unwrap();
    let update =
        ItemUpdate {
            status: Some(ItemStatus::InProgress), note: Some("시작했습니다".into()), ..Default::default()
        };
    park.store.update_item(&item.key, &update, None).unwrap();

    let mut machines = [kim, lee, park];
    for round in 0..2 {
        for &i in &order {
            let report = machines[i].sync();
            assert!(report.import.problems.is_empty(), "round {round}: {:?}", report.import.problems);
        }
    }
    let dumps: Vec<String> = machines.iter().map(Machine::dump).collect();
    assert_eq!(dumps[0], dumps[1], "order {order:?}");
    assert_eq!(dumps[1], dumps[2], "order {order:?}");
    let kim = &machines[0];
    let meeting = kim.store.meeting(&m.id).unwrap().unwrap();
    let names: Vec<&str> = meeting.attendees.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), 2, "the two lists made offline are merged: {names:?}");
    assert_eq!(meeting.notes, "김의 회의 메모");
    assert_eq!(kim.store.item(&item.key).unwrap().unwrap().status, ItemStatus::InProgress, "the developer's update");
}

#[test]
fn two_consultations_opened_with_one_key_on_two_machines_keep_both_one_renamed_alike_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    let mut kim = Machine::new(dir.path(), "kim", "김민지", DAY);
    open(&mut kim.store, "LOAN", "대출 심사");
    kim.init(&remote);
    chec::team::sync::set_member(&mut kim.store, &kim.db, "이서연", chec::domain::Role::Consultant).unwrap();
    kim.sync();
    let mut lee = Machine::new(dir.path(), "lee", "이서연", DAY);
    lee.join(&remote);

    kim.later(1);
    lee.later(2);
    let kc = open(&mut kim.store, "CARE", "김의 돌봄 | kim's");
    kim.store
        .raise_item(&kc, &NewItem { title: "김의 항목".into(), stage: "planning".into(), ..Default::default() }, None)
        .unwrap();
    let lc = open(&mut lee.store, "CARE", "이의 돌봄 | lee's");
    lee.store
        .raise_item(&lc, &NewItem { title: "이의 항목".into(), stage: "planning".into(), ..Default::default() }, None)
        .unwrap();
    kim.sync();
    let report = lee.sync();
    kim.sync();
    assert_eq!(kim.dump(), lee.dump());
    // Kim's was opened first (its Lamport clock is lower): it keeps CARE.
    assert_eq!(kim.consultation("CARE").name, "김의 돌봄 | kim's");
    assert_eq!(report.import.renamed.len(), 1, "{}", report.summary());
    let (was, is) = &report.import.renamed[0];
    assert_eq!(was, "CARE");
    assert!(is.starts_with("CARE") && is.len() == 6, "{is}");
    assert!(report.summary().contains(&format!("consultation CARE is now {is}")), "{}", report.summary());
    let renamed = lee.consultation(is);
    assert_eq!(renamed.name, "이의 돌봄 | lee's");
    let items = lee.store.items_of(&renamed).unwrap();
    assert_eq!(items[0].key, format!("{is}-1"));
    // The search index knows the new key too.
    let mut query = chec::domain::ItemQuery::new(DAY);
    query.search = Some(format!("{is}-1"));
    assert_eq!(lee.store.find_items(&query).unwrap().len(), 1);
}

#[test]
fn a_first_import_indexes_every_item_for_search_and_the_index_keeps_up_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    let mut kim = Machine::new(dir.path(), "kim", "김민지", DAY);
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇");
    for title in ["야간 검토 | nightly review", "보호자 동의 | guardian consent"] {
        kim.store
            .raise_item(&c, &NewItem { title: title.into(), stage: "planning".into(), ..Default::default() }, None)
            .unwrap();
    }
    kim.init(&remote);
    let mut lee = Machine::new(dir.path(), "lee", "이서연", DAY);
    lee.join(&remote);
    let found = |m: &Machine, text: &str| -> Vec<String> {
        let mut query = chec::domain::ItemQuery::new(DAY);
        query.search = Some(text.into());
        m.store.find_items(&query).unwrap().into_iter().map(|i| i.key).collect()
    };
    // What the import brought in is found by its words and by its key.
    assert_eq!(found(&lee, "nightly"), ["CARE-1"]);
    assert_eq!(found(&lee, "guardian"), ["CARE-2"]);
    assert_eq!(found(&lee, "CARE-2"), ["CARE-2"]);
    // Items raised and retitled after the import are found too.
    let lc = lee.consultation("CARE");
    lee.store
        .raise_item(
            &lc,
            &NewItem { title: "주간 점검 | daily check".into(), stage: "planning".into(), ..Default::default() },
            None,
        )
        .unwrap();
    let retitle = ItemUpdate { title: Some("새벽 검토 | dawn review".into()), ..ItemUpdate::default() };
    lee.store.update_item("CARE-1", &retitle, None).unwrap();
    assert_eq!(found(&lee, "daily"), ["CARE-3"]);
    assert_eq!(found(&lee, "dawn"), ["CARE-1"]);
    assert!(found(&lee, "nightly").is_empty());
}

#[test]
fn event_files_roll_by_the_month_they_are_written_in_and_a_repository_written_before_that_is_read_alike() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    // A record begun in September and published in November.
    let mut kim = Machine::new(dir.path(), "kim", "김민지", "2026-09-28");
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇 | Care");
    kim.later(60 * 24 * 14);
    kim.store.replace_response_text(&c, PLN1, ResponseField::Notes, "10월 메모 | October", None).unwrap();
    kim.later(60 * 24 * 41);
    kim.store.replace_response_text(&c, PLN1, ResponseField::Answer, "보호자 동의 | consent", None).unwrap();
    kim.init(&remote);
    chec::team::sync::set_member(&mut kim.store, &kim.db, "이서연", chec::domain::Role::Consultant).unwrap();
    kim.sync();
    let own = format!("events/CARE/김민지-{}@2026-11.jsonl", kim.store.device().unwrap());
    let clone = kim.db.with_file_name("chec.db.team").join("repo");
    assert_eq!(
        chec::team::files::event_files(&clone).unwrap(),
        std::slice::from_ref(&own),
        "three months of a record published in November: one file, November's"
    );

    // The same repository as chec wrote it before files rolled by month: one file per
    // consultation and person-machine, `events/CARE/<author>-<device>.jsonl`.
    git(dir.path(), &["clone", "-q", &remote, "old"]);
    let old = dir.path().join("old");
    let flat = own.replace("@2026-11", "");
    git(&old, &["mv", &own, &flat]);
    git(&old, &["commit", "-q", "-m", "the layout before months"]);
    git(&old, &["push", "-q"]);

    let mut lee = Machine::new(dir.path(), "lee", "이서연", DAY);
    lee.join(&remote);
    assert_eq!(answer(&lee, "CARE"), "보호자 동의 | consent", "read from the file without a month");
    // kim writes a note late in November and sends it in December; lee writes in December.
    // Both write to December's files (whatever month a change was made in); the old file
    // stays as it is.
    let c = kim.consultation("CARE");
    let edit = TextEdit::new("10월 메모 | October", "11월 말 메모 | late November");
    kim.store.set_response_text(&c, PLN1, ResponseField::Notes, &edit, None).unwrap();
    for m in [&kim, &lee] {
        m.later(60 * 24 * 15);
    }
    let c = lee.consultation("CARE");
    let edit = TextEdit::new("보호자 동의 | consent", "보호자 동의와 철회 | consent, withdrawal");
    lee.store.set_response_text(&c, PLN1, ResponseField::Answer, &edit, None).unwrap();
    lee.sync();
    kim.sync();
    let c = kim.consultation("CARE");
    kim.store.set_assessment(&c, PLN1, Assessment::Satisfied, None).unwrap();
    kim.sync();
    lee.sync();
    let files = chec::team::files::event_files(&clone).unwrap();
    let lee_file = format!("events/CARE/이서연-{}@2026-12.jsonl", lee.store.device().unwrap());
    let kim_file = own.replace("2026-11", "2026-12");
    assert_eq!(files, [flat, kim_file, lee_file], "no file written in two layouts, none rewritten");
    assert_eq!(answer(&kim, "CARE"), "보호자 동의와 철회 | consent, withdrawal");
    let c = lee.consultation("CARE");
    let notes = lee.store.responses(&c).unwrap().get("PLN-01").map(|r| r.notes.clone());
    assert_eq!(notes.as_deref(), Some("11월 말 메모 | late November"));
    assert_eq!(kim.dump(), lee.dump());
}

#[test]
fn a_sync_reads_the_files_changed_since_its_last_import_and_all_of_them_when_it_cannot_tell() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    let mut kim = Machine::new(dir.path(), "kim", "김민지", DAY);
    open(&mut kim.store, "CARE", "돌봄 챗봇 | Care");
    open(&mut kim.store, "DOC", "문서 요약 | Docs");
    kim.init(&remote);
    chec::team::sync::set_member(&mut kim.store, &kim.db, "이서연", chec::domain::Role::Consultant).unwrap();
    kim.sync();
    let mut lee = Machine::new(dir.path(), "lee", "이서연", DAY);
    lee.join(&remote);
    let imported = kim.db.with_file_name("chec.db.team").join("imported");
    let head = std::fs::read_to_string(&imported).unwrap();
    assert_eq!(head.len(), 40, "the commit the last import read: {head}");

    for (key, text, remembered) in [
        ("CARE", "보호자 동의 | consent", None),
        // A commit git does not know (history rewritten): every file is read.
        ("DOC", "요약 검토 | review", Some("0123456789012345678901234567890123456789")),
        // Nothing remembered (a clone from before): every file is read.
        ("CARE", "보호자 동의와 철회 | withdrawal", Some("")),
    ] {
        let c = lee.consultation(key);
        let edit = TextEdit::new(answer(&lee, key), text);
        lee.store.set_response_text(&c, PLN1, ResponseField::Answer, &edit, None).unwrap();
        lee.sync();
        if let Some(remembered) = remembered {
            std::fs::write(&imported, remembered).unwrap();
        }
        let report = kim.sync();
        assert_eq!(report.import.new_events, 1, "{}", report.summary());
        assert_eq!(answer(&kim, key), text);
    }
    assert_eq!(kim.dump(), lee.dump());
    assert_ne!(std::fs::read_to_string(&imported).unwrap(), head, "moved on with each import");
}

#[test]
fn a_database_brought_back_from_a_backup_takes_in_its_own_events_that_only_the_clone_still_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, mut lee, care) = kim_and_lee(dir.path(), DAY);
    let backup = dir.path().join("kim-backup.db");
    kim.store.backup_to(&backup, false).unwrap();
    let item = |title: &str| NewItem { title: title.into(), stage: "planning".into(), ..Default::default() };
    kim.store.raise_item(&care, &item("야간 검토 | night"), None).unwrap();
    kim.sync();

    // The database comes back from the backup: the item's event is in kim's file in the
    // clone (and the team's repository), no longer in the database. The next sync appends
    // to that file a line made after it: the line before it is read too, not taken as kim's
    // own and already known.
    let db = kim.db.clone();
    drop(kim);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::copy(&backup, &db).unwrap();
    let mut kim = Machine::new(dir.path(), "kim", "김민지", DAY);
    let care = kim.consultation("CARE");
    kim.store.raise_item(&care, &item("동의 철회 | withdrawal"), None).unwrap();
    let report = kim.sync();
    assert_eq!(report.import.new_events, 1, "{}", report.summary());
    lee.sync();
    let titles: Vec<String> = kim.store.items_of(&care).unwrap().into_iter().map(|i| i.title).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().any(|t| t == "야간 검토 | night"), "{titles:?}");
    assert_eq!(kim.dump(), lee.dump());
}

#[test]
fn three_people_one_offline_for_a_whole_day_of_meetings_and_item_updates_all_agree_with_every_word_kept() {
    // One clock for the whole team, set by the test: 10:00 UTC on DAY, moved on by the test.
    let clock = common::clock::clock_on(DAY);
    let hours = |h: i64| clock.advance(chrono::TimeDelta::hours(h));
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_repository(dir.path());
    let machine = |name: &str, person: &str| {
        let mut m = Machine::new(dir.path(), name, person, DAY);
        m.store.set_clock(clock.clone());
        m
    };
    let mut kim = machine("kim", "김민지");
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇");
    let item = kim
        .store
        .raise_item(
            &c,
            &NewItem {
                title: "야간 검토".into(),
                stage: "planning".into(),
                owner: "park.dev".into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    kim.init(&remote);
    for (name, role) in [("이서연", chec::domain::Role::Consultant), ("park.dev", chec::domain::Role::Developer)] {
        chec::team::sync::set_member(&mut kim.store, &kim.db, name, role).unwrap();
    }
    kim.sync();
    let mut lee = machine("lee", "이서연");
    lee.join(&remote);
    let mut park = machine("park", "park.dev");
    park.join(&remote);
    let lc = lee.consultation("CARE");

    // lee's laptop loses the network for the day.
    let lee_clone = lee.db.with_file_name("chec.db.team").join("repo");
    git(&lee_clone, &["remote", "set-url", "origin", dir.path().join("unreachable.git").to_str().unwrap()]);

    // 11:00, offline: lee runs a meeting of her own, answers, raises an item and updates
    // the developer's.
    hours(1);
    let lee_meeting = lee
        .store
        .start_meeting(
            &lc,
            &NewMeeting { stage: "planning".into(), agenda: "이의 안건 | agenda".into(), ..Default::default() },
        )
        .unwrap();
    lee.store
        .set_meeting_text(&lc, &lee_meeting.id, MeetingField::Notes, &TextEdit::new("", "이의 회의 메모 | notes"))
        .unwrap();
    lee.store
        .set_response_text(
            &lc,
            PLN1,
            ResponseField::Answer,
            &TextEdit::new("", "이의 답 | lee's"),
            Some(&lee_meeting.id),
        )
        .unwrap();
    let lee_item = lee
        .store
        .raise_item(
            &lc,
            &NewItem { title: "동의 철회 | withdrawal".into(), stage: "planning".into(), ..Default::default() },
            Some(&lee_meeting.id),
        )
        .unwrap();
    let note = ItemUpdate { note: Some("보호자 의견 | guardians".into()), ..Default::default() };
    lee.store.update_item(&item.key, &note, Some(&lee_meeting.id)).unwrap();
    lee.store.end_meeting(&lee_meeting.id).unwrap();
    let report = lee.sync();
    assert!(report.offline.is_some(), "{}", report.summary());
    assert!(report.waiting >= 6, "{}", report.summary());

    // 12:00, online: kim runs a meeting and answers the same question from the same (empty)
    // starting value; the developer starts work on the item; they sync.
    hours(1);
    let kim_meeting =
        kim.store.start_meeting(&c, &NewMeeting { stage: "planning".into(), ..Default::default() }).unwrap();
    kim.store
        .set_meeting_text(&c, &kim_meeting.id, MeetingField::Notes, &TextEdit::new("", "김의 회의 메모 | notes"))
        .unwrap();
    kim.store
        .set_response_text(
            &c,
            PLN1,
            ResponseField::Answer,
            &TextEdit::new("", "김의 답 | kim's"),
            Some(&kim_meeting.id),
        )
        .unwrap();
    kim.store.end_meeting(&kim_meeting.id).unwrap();
    kim.sync();
    hours(2);
    let started = ItemUpdate {
        status: Some(ItemStatus::InProgress),
        note: Some("시작했습니다 | started".into()),
        ..Default::default()
    };
    park.store.update_item(&item.key, &started, None).unwrap();
    park.sync();
    kim.sync();

    // 17:00, still offline: lee rewrites her notes and sets her item's priority.
    hours(3);
    lee.store
        .set_meeting_text(
            &lc,
            &lee_meeting.id,
            MeetingField::Notes,
            &TextEdit::new("이의 회의 메모 | notes", "이의 회의 메모, 고침 | notes, fixed"),
        )
        .unwrap();
    let priority = ItemUpdate {
        priority: Some(chec::domain::Priority::High),
        note: Some("위험 큼 | risky".into()),
        ..Default::default()
    };
    lee.store.update_item(&lee_item.key, &priority, None).unwrap();
    assert!(lee.sync().offline.is_some());

    // The next morning the network is back: everyone syncs, in turn, twice.
    hours(16);
    git(&lee_clone, &["remote", "set-url", "origin", &remote]);
    let mut machines = [lee, kim, park];
    for _ in 0..2 {
        for m in &mut machines {
            let report = m.sync();
            assert!(report.offline.is_none() && report.import.problems.is_empty(), "{}", report.summary());
            assert_eq!(report.waiting, 0);
        }
    }
    let dumps: Vec<String> = machines.iter().map(Machine::dump).collect();
    assert_eq!(dumps[0], dumps[1]);
    assert_eq!(dumps[1], dumps[2]);

    // Every word typed that day is in the shared record, on every machine.
    for words in [
        "이의 안건 | agenda",
        "이의 회의 메모 | notes",
        "이의 회의 메모, 고침 | notes, fixed",
        "이의 답 | lee's",
        "동의 철회 | withdrawal",
        "보호자 의견 | guardians",
        "김의 회의 메모 | notes",
        "김의 답 | kim's",
        "시작했습니다 | started",
        "위험 큼 | risky",
    ] {
        let quoted = serde_json::to_string(words).unwrap();
        assert!(dumps[0].contains(&quoted), "{words} kept");
    }
    let kim = &machines[1];
    let kc = kim.consultation("CARE");
    assert_eq!(kim.store.meetings(&kc).unwrap().len(), 2, "both meetings of the day");
    let lee_notes = kim.store.meeting(&lee_meeting.id).unwrap().unwrap().notes;
    assert_eq!(lee_notes, "이의 회의 메모, 고침 | notes, fixed");
    let shared = kim.store.item(&item.key).unwrap().unwrap();
    assert_eq!(shared.status, ItemStatus::InProgress, "the developer's update");
    let notes: Vec<String> = kim.store.item_history(&shared).unwrap().into_iter().map(|h| h.note).collect();
    for note in ["보호자 의견 | guardians", "시작했습니다 | started"] {
        assert!(notes.iter().any(|n| n == note), "{note} in {notes:?}");
    }
    let renumbered = kim.store.items_of(&kc).unwrap();
    let lee_item_now = renumbered.iter().find(|i| i.id == lee_item.id).unwrap();
    assert_eq!(lee_item_now.priority, chec::domain::Priority::High);
    // The one true conflict (the same answer, from the same starting value, on two
    // machines) waits for a person, both versions kept, on every machine.
    for m in &machines {
        let conflicts = m.store.team_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "{:?}", conflicts);
        let values: Vec<&str> = conflicts[0].versions.iter().map(|v| v.value.as_str()).collect();
        assert!(values.contains(&"이의 답 | lee's") && values.contains(&"김의 답 | kim's"), "{values:?}");
    }
}

#[test]
fn answers_to_one_question_in_two_consultations_are_never_versions_of_one_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kim, mut lee, care) = kim_and_lee(dir.path(), DAY);
    let docs = open(&mut kim.store, "DOC", "문서 요약 | Docs");
    kim.store.set_response_text(&care, PLN1, ResponseField::Answer, &TextEdit::new("", "돌봄 | care"), None).unwrap();
    kim.store.set_response_text(&docs, PLN1, ResponseField::Answer, &TextEdit::new("", "문서 | docs"), None).unwrap();
    assert_eq!(kim.store.conflict_count().unwrap(), 0, "{:?}", kim.store.team_conflicts().unwrap());
    kim.sync();
    lee.sync();
    // lee changes DOC's answer from what it holds; CARE's answer keeps its one version.
    let ldocs = lee.consultation("DOC");
    lee.store
        .set_response_text(
            &ldocs,
            PLN1,
            ResponseField::Answer,
            &TextEdit::new("문서 | docs", "문서 요약 | summary"),
            None,
        )
        .unwrap();
    lee.sync();
    kim.sync();
    let target = TextTarget::Response { question: "PLN-01".into(), field: ResponseField::Answer };
    for m in [&kim, &lee] {
        assert_eq!(m.store.conflict_count().unwrap(), 0, "{:?}", m.store.team_conflicts().unwrap());
        let values = |key: &str| -> Vec<String> {
            m.store.text_heads(&m.consultation(key), &target).unwrap().into_iter().map(|h| h.value).collect()
        };
        assert_eq!(values("CARE"), ["돌봄 | care"]);
        assert_eq!(values("DOC"), ["문서 요약 | summary"]);
    }
    assert_eq!(kim.dump(), lee.dump());
}
