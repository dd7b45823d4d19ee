//! Every change chec makes is also one event, written in the same transaction (the outbox a
//! team's repository is filled from): each kind of user action yields its event, an action
//! that fails writes none, and a database from before events gets the events of its whole
//! record when it is first opened.

use crate::common;

use std::collections::BTreeSet;

use chec::domain::QuestionRef;
use chec::domain::{
    Assessment, Attendee, Change, Consultation, Decision, ItemDecision, ItemStatus, ItemUpdate, MeetingField,
    NewConsultation, NewItem, NewMeeting, Priority, Questionnaire, ResponseField, Risk, TextEdit,
};
use chec::storage::{MIGRATIONS, Store};
use common::team::open_on;

const DAY: &str = "2026-11-22";
const PLN1: QuestionRef<'static> = QuestionRef { id: "PLN-01", stage: "planning" };

fn questionnaire() -> Questionnaire {
    common::catalog::questionnaire("chec-default")
}

const SCR1: QuestionRef<'static> = QuestionRef { id: "SCR-01", stage: "screening" };

/// A consultation on the shipped AI impact screening: choices with points, conditions that
/// hide questions, required answers and impact levels.
fn open_screening(store: &mut Store) -> Consultation {
    open_on(store, "SCREEN", "채용 심사 | hiring", "ai-impact-screening")
}

fn open_care(store: &mut Store) -> Consultation {
    open_on(store, "CARE", "돌봄 챗봇 | Care", "chec-default")
}

/// The kinds of this device's events not yet sent, in order; and forget them (as a sync
/// would), so the next call shows only what came after.
fn new_kinds(store: &Store, seen: &mut usize) -> Vec<&'static str> {
    let events = store.unsent_events().unwrap();
    let kinds = events[*seen..].iter().map(|e| e.change.kind()).collect();
    *seen = events.len();
    kinds
}

/// `pub fn NAME(&mut self …` in the storage sources: every public method that may change
/// the database.
fn mutating_methods() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/storage")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (at, _) in text.match_indices("pub fn ") {
            let rest = &text[at + "pub fn ".len()..];
            let Some(open) = rest.find('(') else { continue };
            let name = &rest[..open];
            let name = name.split('<').next().unwrap();
            if rest[open + 1..].trim_start().starts_with("&mut self") {
                found.insert(name.to_string());
            }
        }
    }
    found
}

/// Methods that change only what stays on this machine: sessions, drafts, settings.
const LOCAL_ONLY: &[&str] = &[
    "set_clock",
    "set_actor",
    "begin_session",
    "heartbeat",
    "end_session",
    "save_draft",
    "save_edit_draft",
    "save_global_draft",
    "discard_draft",
    "discard_stored_draft",
    "discard_global_draft",
    "form_drafts",
    // Takes over a meeting on this machine after a crash: which session runs it is local.
    "adopt_meeting",
];

/// Methods whose changes are events: each is called in the test below.
const EMITTING: &[&str] = &[
    "create_consultation",
    "set_response_text",
    "replace_response_text",
    "set_assessment",
    "set_response_value",
    "raise_item",
    "update_item",
    "start_meeting",
    "set_meeting_text",
    "replace_meeting_text",
    "set_attendees",
    "end_meeting",
    "end_meeting_at_last_activity",
    "set_current_stage",
    "sign_off_stage",
    "reopen_stage",
    "recover_drafts",
    "resolve_conflict",
    "set_traits",
];

/// Methods of the team machinery itself: they import others' events (each already an
/// event) or record how syncing goes (local).
const TEAM: &[&str] = &["set_team_remote", "record_sync", "mark_sent", "import", "replay_all"];

/// Methods that only run other methods (each with its own events) in one transaction.
const WRAPPING: &[&str] = &["in_bulk"];

/// Methods that move a cursor over a query's rows (`ItemRows`): they read, and write nothing.
const READING: &[&str] = &["next_item"];

#[test]
fn every_public_mutating_method_of_the_store_is_accounted_for() {
    let listed: BTreeSet<String> =
        LOCAL_ONLY.iter().chain(EMITTING).chain(TEAM).chain(WRAPPING).chain(READING).map(|s| s.to_string()).collect();
    let found = mutating_methods();
    let unlisted: Vec<_> = found.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&found).collect();
    assert!(
        unlisted.is_empty(),
        "new methods that change the database: decide whether each writes an event and list it here: {unlisted:?}"
    );
    assert!(gone.is_empty(), "listed methods that no longer exist: {gone:?}");
}

#[test]
fn every_kind_of_user_action_yields_its_event_in_order() {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
    store.set_actor("김민지");
    let mut seen = 0;
    let c = open_care(&mut store);
    assert_eq!(new_kinds(&store, &mut seen), ["consultation-opened"]);

    let m = store
        .start_meeting(
            &c,
            &NewMeeting {
                stage: "planning".into(),
                attendees: vec![Attendee { name: "이서연".into(), role: "기획자 (PM)".into() }],
                agenda: "안건 | agenda".into(),
            },
        )
        .unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["meeting-started"]);

    let edit = TextEdit::new("", "보호자 동의 | consent");
    store.set_response_text(&c, PLN1, ResponseField::Answer, &edit, Some(&m.id)).unwrap();
    store.replace_response_text(&c, PLN1, ResponseField::Notes, "메모", Some(&m.id)).unwrap();
    store.set_assessment(&c, PLN1, Assessment::NeedsImprovement, Some(&m.id)).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["response-text", "response-text", "assessed"]);
    // A structured answer (a choice, a scale point…) is an event of its own.
    let screening = open_screening(&mut store);
    assert_eq!(new_kinds(&store, &mut seen), ["consultation-opened"]);
    store.set_response_value(&screening, SCR1, "health unsure", None).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["response-value"]);

    let new = NewItem {
        title: "야간 답변 검토 | night review".into(),
        stage: "planning".into(),
        priority: Some(Priority::High),
        ..NewItem::default()
    };
    let item = store.raise_item(&c, &new, Some(&m.id)).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["item-raised"]);
    let update = ItemUpdate {
        title: Some("야간 검토".into()),
        owner: Some("park.dev".into()),
        risk: Some(Risk::new(3, 4).unwrap()),
        status: Some(ItemStatus::InProgress),
        note: Some("시작 | started".into()),
        ..ItemUpdate::default()
    };
    store.update_item(&item.key, &update, None).unwrap();
    let kinds = new_kinds(&store, &mut seen);
    assert_eq!(kinds, ["item-changed"; 4], "title, owner, risk, status");
    let fields: Vec<String> = store.unsent_events().unwrap()[seen - 4..]
        .iter()
        .map(|e| match &e.change {
            Change::ItemChanged { field, .. } => field.to_string(),
            other => other.kind().to_string(),
        })
        .collect();
    assert_eq!(fields, ["title", "owner", "risk", "status"]);
    store.update_item(&item.key, &ItemUpdate { note: Some("메모만".into()), ..ItemUpdate::default() }, None).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["item-changed"]);

    store.set_meeting_text(&c, &m.id, MeetingField::Notes, &TextEdit::new("", "회의 메모")).unwrap();
    store.replace_meeting_text(&c, &m.id, MeetingField::Decisions, "결정").unwrap();
    store.set_attendees(&m.id, &[Attendee { name: "박준호".into(), role: "개발자".into() }]).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["meeting-text", "meeting-text", "attendees-changed"]);
    // Settling a conflict is a change of the field, replacing every version of it.
    let target = chec::domain::TextTarget::Meeting { meeting: m.id.clone(), field: MeetingField::Notes };
    store.resolve_conflict(&c, &target, "합친 메모").unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["meeting-text"]);

    let decisions = [ItemDecision { item_key: item.key.clone(), decision: Decision::Accept, reason: "감수".into() }];
    let warnings = store.sign_off_warnings(&c, "planning").unwrap();
    store.sign_off_stage(&c, "planning", "1단계 종료", &decisions, Some(&m.id), &warnings).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["item-changed", "signed-off"], "the accepted risk, then the round");
    store.end_meeting(&m.id).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["meeting-ended"]);
    store.reopen_stage(&c, "planning", "모델 변경 | model update").unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["reopened"]);
    store.set_current_stage(&c, "data").unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["stage-moved"]);
    store.set_traits(&c, &["minors".into()]).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["traits-changed"]);

    let m2 = store.start_meeting(&c, &NewMeeting { stage: "data".into(), ..NewMeeting::default() }).unwrap();
    store.end_meeting_at_last_activity(&m2.id).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["meeting-started", "meeting-ended"]);

    // A draft left by a killed session is committed on recovery: that is a change too.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut killed = common::clock::on_day(Store::open(&path).unwrap(), DAY);
    let c = open_care(&mut killed);
    killed.begin_session().unwrap();
    let target = chec::domain::DraftTarget::Response { question_id: "PLN-01".into(), field: ResponseField::Answer };
    killed.save_edit_draft(&c, &target, &TextEdit::new("", "살아남은 글")).unwrap();
    drop(killed);
    let mut store = common::clock::on_day(Store::open(&path).unwrap(), DAY);
    let mut seen = store.unsent_count().unwrap();
    store.begin_session().unwrap();
    assert!(new_kinds(&store, &mut seen).is_empty(), "sessions and drafts stay on this machine");
    // The killed session's row is still there with a live pid only if this process is it;
    // end it so its draft counts as left behind.
    chec_sessions_gone(&path);
    store.recover_drafts(&c, &questionnaire(), None).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["response-text"]);
}

/// A minute passes (a real database has a time for every action).
fn tick(store: &Store) {
    store.clock().advance(chrono::TimeDelta::minutes(1));
}

/// Make every session look gone (as after a kill on another host).
fn chec_sessions_gone(path: &std::path::Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute("UPDATE sessions SET host = 'gone', heartbeat_at = '2000-01-01T00:00:00.000Z'", [])
        .unwrap();
}

#[test]
fn events_carry_who_when_the_clock_and_what_the_change_started_from() {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
    store.set_actor("김민지");
    let c = open_care(&mut store);
    store.replace_response_text(&c, PLN1, ResponseField::Answer, "첫 답 | v1", None).unwrap();
    store.set_response_text(&c, PLN1, ResponseField::Answer, &TextEdit::new("첫 답 | v1", "둘째 | v2"), None).unwrap();
    let events = store.unsent_events().unwrap();
    let device = store.device().unwrap();
    assert_eq!(events.iter().map(|e| e.lamport).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(events.iter().all(|e| e.author == "김민지" && e.device == device && e.key == "CARE"));
    assert!(events.iter().all(|e| e.at == "2026-11-22T10:00:00.000Z" && e.consultation == c.id));
    let Change::ResponseText { from, to, parents, .. } = &events[2].change else { panic!("{:?}", events[2]) };
    assert_eq!((from.as_str(), to.as_str()), ("첫 답 | v1", "둘째 | v2"));
    assert_eq!(parents, &[events[1].id.clone()], "it replaced the value the first save set");
    assert_eq!(store.lamport().unwrap(), 3);
    // Every line reads back as the event it was written from.
    for e in &events {
        assert_eq!(&chec::domain::Event::parse_line(&e.to_line(), true).unwrap(), e);
    }
}

#[test]
fn an_action_that_fails_writes_no_event_and_a_change_to_nothing_writes_none() {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
    let c = open_care(&mut store);
    let before = store.unsent_count().unwrap();
    let new = NewConsultation {
        key: "CARE".parse().unwrap(),
        name: "again".into(),
        team: String::new(),
        description: String::new(),
        traits: vec![],
    };
    assert!(store.create_consultation(&new, &questionnaire()).is_err());
    assert!(!store.set_assessment(&c, PLN1, Assessment::NotDiscussed, None).unwrap(), "already so");
    assert!(store.update_item("CARE-9", &ItemUpdate { owner: Some("x".into()), ..Default::default() }, None).is_err());
    let saved =
        store.set_response_text(&c, PLN1, ResponseField::Answer, &TextEdit::new("not what is stored", "mine"), None);
    assert!(saved.unwrap().conflict().is_some());
    assert_eq!(store.unsent_count().unwrap(), before);
}

#[test]
fn a_database_from_before_events_gets_the_events_of_its_whole_record_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    {
        let mut old = common::clock::on_day(Store::open_with_schema(&path, &MIGRATIONS[..6]).unwrap(), DAY);
        tick(&old);
        old.set_actor("김민지");
        tick(&old);
        let c = open_care(&mut old);
        tick(&old);
        let m = old.start_meeting(&c, &NewMeeting { stage: "planning".into(), ..NewMeeting::default() }).unwrap();
        tick(&old);
        old.replace_response_text(&c, PLN1, ResponseField::Answer, "v1", Some(&m.id)).unwrap();
        tick(&old);
        old.replace_response_text(&c, PLN1, ResponseField::Answer, "v2", Some(&m.id)).unwrap();
        tick(&old);
        old.set_assessment(&c, PLN1, Assessment::Satisfied, Some(&m.id)).unwrap();
        tick(&old);
        let item =
            old.raise_item(&c, &NewItem { title: "t1".into(), stage: "planning".into(), ..Default::default() }, None);
        let key = item.unwrap().key;
        let update =
            ItemUpdate { title: Some("t2".into()), risk: Some(Risk::new(2, 5).unwrap()), ..Default::default() };
        tick(&old);
        old.update_item(&key, &update, None).unwrap();
        tick(&old);
        old.replace_meeting_text(&c, &m.id, MeetingField::Notes, "노트").unwrap();
        tick(&old);
        old.end_meeting(&m.id).unwrap();
        let warnings = old.sign_off_warnings(&c, "planning").unwrap();
        let decisions = [ItemDecision { item_key: key, decision: Decision::CarryOver, reason: "다음에".into() }];
        tick(&old);
        old.sign_off_stage(&c, "planning", "끝", &decisions, None, &warnings).unwrap();
        tick(&old);
        old.reopen_stage(&c, "planning", "다시").unwrap();
    }
    let store = Store::open(&path).unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    let events = store.events(&c).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.change.kind()).collect();
    assert_eq!(
        kinds,
        [
            "consultation-opened",
            "meeting-started",
            "response-text",
            "response-text",
            "assessed",
            "item-raised",
            "item-changed",
            "item-changed",
            "item-changed",
            "meeting-text",
            "meeting-ended",
            "signed-off",
            "reopened"
        ]
    );
    let Change::ItemRaised { title, likelihood, .. } = &events[5].change else { panic!() };
    assert_eq!((title.as_str(), *likelihood), ("t1", None), "raised as it was before its first change");
    assert!(events.iter().skip(1).all(|e| e.author == "김민지"), "each by its author");
    assert_eq!(store.lamport().unwrap(), events.len() as u64);
    // The answer's second value replaced the first: no conflict waits on a backfilled record.
    let heads = store
        .text_heads(&c, &chec::domain::TextTarget::Response { question: "PLN-01".into(), field: ResponseField::Answer })
        .unwrap();
    assert_eq!(heads.iter().map(|h| h.value.as_str()).collect::<Vec<_>>(), ["v2"]);
    drop(store);
    let again = Store::open(&path).unwrap();
    assert_eq!(again.events(&c).unwrap().len(), events.len(), "written once");
}

#[test]
fn replaying_the_events_of_a_record_gives_back_the_same_record() {
    // Made before chec kept events, with a little of everything; its events are written at
    // the first open. Rebuilding it from them (what joining a team does everywhere) must not
    // change a thing.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    {
        let mut old = old_store(&path);
        let c = open_care(&mut old);
        tick(&old);
        let attendees = vec![Attendee { name: "이서연".into(), role: "기획자 (PM)".into() }];
        let m = old
            .start_meeting(&c, &NewMeeting { stage: "planning".into(), attendees, agenda: "안건 | a".into() })
            .unwrap();
        tick(&old);
        old.replace_response_text(&c, PLN1, ResponseField::Answer, "v1 | 답", Some(&m.id)).unwrap();
        old.replace_response_text(&c, PLN1, ResponseField::Notes, "메모", Some(&m.id)).unwrap();
        old.set_assessment(&c, PLN1, Assessment::RiskIdentified, Some(&m.id)).unwrap();
        tick(&old);
        let new = NewItem {
            title: "t1".into(),
            stage: "planning".into(),
            question_id: Some("PLN-01".into()),
            principles: vec!["privacy".into()],
            risk: Some(Risk::new(4, 4).unwrap()),
            ..Default::default()
        };
        let item = old.raise_item(&c, &new, Some(&m.id)).unwrap();
        let other =
            old.raise_item(&c, &NewItem { title: "t2".into(), stage: "planning".into(), ..Default::default() }, None);
        tick(&old);
        let update = ItemUpdate {
            title: Some("t1'".into()),
            detail: Some("자세히".into()),
            owner: Some("park".into()),
            risk: Some(Risk::new(2, 2).unwrap()),
            ..Default::default()
        };
        old.update_item(&item.key, &update, None).unwrap();
        let status = ItemUpdate { status: Some(ItemStatus::Resolved), note: Some("끝".into()), ..Default::default() };
        old.update_item(&other.unwrap().key, &status, None).unwrap();
        tick(&old);
        old.replace_meeting_text(&c, &m.id, MeetingField::Notes, "노트").unwrap();
        old.set_attendees(&m.id, &[Attendee { name: "박준호".into(), role: String::new() }]).unwrap();
        tick(&old);
        old.update_item(&item.key, &ItemUpdate { priority: Some(Priority::Critical), ..Default::default() }, None)
            .unwrap();
        let warnings = old.sign_off_warnings(&c, "planning").unwrap();
        let decisions =
            [ItemDecision { item_key: item.key.clone(), decision: Decision::Accept, reason: "감수".into() }];
        old.sign_off_stage(&c, "planning", "끝 | done", &decisions, Some(&m.id), &warnings).unwrap();
        tick(&old);
        old.end_meeting(&m.id).unwrap();
        tick(&old);
        old.reopen_stage(&c, "planning", "다시").unwrap();
        tick(&old);
        let m2 = old.start_meeting(&c, &NewMeeting { stage: "planning".into(), ..Default::default() }).unwrap();
        tick(&old);
        old.end_meeting_at_last_activity(&m2.id).unwrap();
        old.set_current_stage(&c, "data").unwrap();
    }
    let mut store = common::clock::on_day(Store::open(&path).unwrap(), DAY);
    let before = store.canonical_dump().unwrap();
    let report = store.replay_all().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    same_lines(&before, &store.canonical_dump().unwrap());

    // And the same for a record made with events from the start.
    let mut fresh = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
    let c = open_care(&mut fresh);
    let m = fresh.start_meeting(&c, &NewMeeting { stage: "planning".into(), ..Default::default() }).unwrap();
    tick(&fresh);
    fresh.set_response_text(&c, PLN1, ResponseField::Answer, &TextEdit::new("", "a"), Some(&m.id)).unwrap();
    fresh.end_meeting_at_last_activity(&m.id).unwrap();
    tick(&fresh);
    // Settling a field is a change like any other: the consultation was changed then.
    let answer = chec::domain::TextTarget::Response { question: "PLN-01".into(), field: ResponseField::Answer };
    fresh.resolve_conflict(&c, &answer, "합친 답 | merged").unwrap();
    let item =
        fresh.raise_item(&c, &NewItem { title: "t".into(), stage: "planning".into(), ..Default::default() }, None);
    tick(&fresh);
    let title = chec::domain::TextTarget::Item { item: item.unwrap().id, field: chec::domain::ItemField::Title };
    fresh.resolve_conflict(&c, &title, "합친 제목 | title").unwrap();
    tick(&fresh);
    let notes = chec::domain::TextTarget::Meeting { meeting: m.id.clone(), field: MeetingField::Notes };
    fresh.resolve_conflict(&c, &notes, "합친 메모 | notes").unwrap();
    let before = fresh.canonical_dump().unwrap();
    fresh.replay_all().unwrap();
    same_lines(&before, &fresh.canonical_dump().unwrap());
}

#[test]
fn replaying_a_scored_record_gives_back_its_values_hidden_questions_levels_and_exceptions() {
    // What format 2 keeps beside the answers (the structured value, which questions a
    // condition hides, the impact level with each change of it and why, the required
    // questions a stage was signed off without) is rebuilt alike from the events.
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
    store.set_actor("김민지");
    let c = open_screening(&mut store);
    tick(&store);
    let m = store.start_meeting(&c, &NewMeeting { stage: "screening".into(), ..Default::default() }).unwrap();
    tick(&store);
    store.set_response_value(&c, SCR1, "health unsure", Some(&m.id)).unwrap();
    let scr2 = QuestionRef { id: "SCR-02", stage: "screening" };
    store.replace_response_text(&c, scr2, ResponseField::Answer, "의료 상담 | triage", Some(&m.id)).unwrap();
    tick(&store);
    store.set_response_value(&c, QuestionRef { id: "SCR-03", stage: "screening" }, "decides", Some(&m.id)).unwrap();
    tick(&store);
    // `none` hides SCR-02 and SCR-03 again, and the level falls.
    store.set_response_value(&c, SCR1, "none", Some(&m.id)).unwrap();
    tick(&store);
    let warnings = store.sign_off_warnings(&c, "screening").unwrap();
    store.sign_off_stage(&c, "screening", "예외 | exception", &[], Some(&m.id), &warnings).unwrap();
    let levels = store.level_history(&c).unwrap();
    assert!(levels.len() >= 2, "the level changed as the answers did: {levels:?}");
    let dump = store.canonical_dump().unwrap();
    assert!(dump.contains(r#""health unsure""#), "values are in the dump");
    assert!(dump.contains("# level_history"), "levels are in the dump");
    assert!(dump.contains("SCR-04"), "the exception of the unanswered required questions is in the dump");
    let report = store.replay_all().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    same_lines(&dump, &store.canonical_dump().unwrap());

    // And from a database that was filled before chec kept events.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    {
        let mut old = old_store(&path);
        let c = open_screening(&mut old);
        tick(&old);
        old.set_response_value(&c, SCR1, "rights", None).unwrap();
        tick(&old);
        old.set_response_value(&c, SCR1, "none", None).unwrap();
    }
    let mut store = common::clock::on_day(Store::open(&path).unwrap(), DAY);
    let c = store.consultation("SCREEN").unwrap().unwrap();
    let kinds: Vec<&str> = store.events(&c).unwrap().iter().map(|e| e.change.kind()).collect();
    assert_eq!(kinds, ["consultation-opened", "response-value", "response-value"]);
    let before = store.canonical_dump().unwrap();
    store.replay_all().unwrap();
    same_lines(&before, &store.canonical_dump().unwrap());
}

/// A store at schema 6, as a chec from before events wrote it, used by 김민지.
fn old_store(path: &std::path::Path) -> Store {
    let mut old = common::clock::on_day(Store::open_with_schema(path, &MIGRATIONS[..6]).unwrap(), DAY);
    old.set_actor("김민지");
    old
}

fn same_lines(before: &str, after: &str) {
    for (n, (a, b)) in before.lines().zip(after.lines()).enumerate() {
        assert_eq!(a, b, "line {}", n + 1);
    }
    assert_eq!(before.lines().count(), after.lines().count());
}

#[test]
fn changing_traits_is_one_event_with_its_history_and_a_replay_rebuilds_what_applies() {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
    store.set_actor("김민지");
    let c = open_care(&mut store);
    let planning = |store: &Store| store.stage_statuses(&c).unwrap()[0].questions;
    let without = planning(&store);
    let mut seen = store.unsent_count().unwrap();

    // Traits are kept in the questionnaire's order, each once; a trait it does not declare
    // is refused and nothing is written.
    let err = store.set_traits(&c, &["generative".into(), "no-such | trait".into()]).unwrap_err();
    assert!(err.to_string().contains("no-such | trait"), "{err}");
    assert!(new_kinds(&store, &mut seen).is_empty());
    let c = store.set_traits(&c, &["generative".into(), "personal-data".into(), "generative".into()]).unwrap();
    assert_eq!(c.traits, ["personal-data", "generative"]);
    assert_eq!(new_kinds(&store, &mut seen), ["traits-changed"]);
    assert_eq!(planning(&store), without + 1, "PLN-08 (generative) now counts");
    let pln8 = QuestionRef { id: "PLN-08", stage: "planning" };
    store.set_assessment(&c, pln8, Assessment::Satisfied, None).unwrap();
    assert_eq!(store.stage_statuses(&c).unwrap()[0].assessed, 1);
    store.set_traits(&c, &["personal-data".into(), "generative".into()]).unwrap();
    assert_eq!(new_kinds(&store, &mut seen), ["assessed"], "the same traits again write nothing");

    tick(&store);
    store.set_actor("박준호");
    let c = store.set_traits(&c, &["personal-data".into()]).unwrap();
    assert_eq!(planning(&store), without);
    assert_eq!(store.stage_statuses(&c).unwrap()[0].assessed, 0, "its assessment is kept but no longer counts");
    assert_eq!(
        store.responses(&c).unwrap()["PLN-08"].assessment,
        Assessment::Satisfied,
        "kept, to count again if the trait comes back"
    );

    let history = store.trait_history(&c).unwrap();
    let summary: Vec<(&str, Vec<String>, Vec<String>)> =
        history.iter().map(|h| (h.by.as_str(), h.from.clone(), h.to.clone())).collect();
    assert_eq!(
        summary,
        [
            ("김민지", vec![], vec!["personal-data".to_string(), "generative".to_string()]),
            ("박준호", vec!["personal-data".to_string(), "generative".to_string()], vec!["personal-data".to_string()]),
        ]
    );
    assert!(history[0].at < history[1].at);

    let before = store.canonical_dump().unwrap();
    let report = store.replay_all().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    same_lines(&before, &store.canonical_dump().unwrap());
    assert_eq!(store.consultation("CARE").unwrap().unwrap().traits, ["personal-data"]);
}

#[test]
fn the_upgrade_to_heads_per_consultation_keeps_true_conflicts_and_drops_those_between_consultations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let target = chec::domain::TextTarget::Response { question: "PLN-01".into(), field: ResponseField::Answer };
    let (care, docs) = {
        let mut v7 = common::clock::on_day(Store::open_with_schema(&path, &MIGRATIONS[..7]).unwrap(), DAY);
        v7.set_actor("김민지");
        let care = open_care(&mut v7);
        let docs = open_on(&mut v7, "DOC", "문서 요약 | Docs", "chec-default");
        v7.set_response_text(&care, PLN1, ResponseField::Answer, &TextEdit::new("", "돌봄 | care"), None).unwrap();
        v7.set_response_text(&docs, PLN1, ResponseField::Answer, &TextEdit::new("", "문서 | docs"), None).unwrap();
        (care, docs)
    };
    // What version 7 recorded: the two consultations' answers to PLN-01 as one field in
    // conflict; and a true conflict, two versions of DOC's notes on PLN-01.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO text_conflicts (consultation_id, target) VALUES (?1, 'response:PLN-01:answer')",
        [&care.id],
    )
    .unwrap();
    for (event, value) in [("e1", "메모 하나 | one"), ("e2", "메모 둘 | two")] {
        conn.execute(
            "INSERT INTO text_heads (consultation_id, target, event_id, value, author, at, device)
             VALUES (?1, 'response:PLN-01:notes', ?2, ?3, '김민지', '2026-11-22T10:00:00Z', 'd')",
            [&docs.id, event, value],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT OR IGNORE INTO text_conflicts (consultation_id, target) VALUES (?1, 'response:PLN-01:notes')",
        [&docs.id],
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let conflicts = store.team_conflicts().unwrap();
    let fields: Vec<(&str, &str)> = conflicts.iter().map(|c| (c.consultation.as_str(), c.field.as_str())).collect();
    assert_eq!(fields, [("DOC", "the consultant's notes on PLN-01")]);
    let values = |c: &Consultation| -> Vec<String> {
        store.text_heads(c, &target).unwrap().into_iter().map(|h| h.value).collect()
    };
    assert_eq!(values(&care), ["돌봄 | care"]);
    assert_eq!(values(&docs), ["문서 | docs"]);
}
