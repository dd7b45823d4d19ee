//! Exports of a rich consultation: golden files (insta), byte-for-byte determinism, the
//! structure parsed back with pulldown-cmark, the JSON schema, and files written by the CLI.

mod common;

use std::process::Command;

use chec::catalog::Catalog;
use chec::domain::{
    Assessment, Attendee, Decision, ItemDecision, ItemStatus, ItemUpdate, MeetingField, NewConsultation, NewItem,
    NewMeeting, Priority, ResponseField, Risk,
};
use chec::export::{Record, json, minutes, report};
use chec::storage::{QuestionRef, Store};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A consultation with two meetings, answers full of Markdown and HTML, items in several
/// states, a signed-off stage.
fn fixture(store: &mut Store) {
    store.set_actor("김민지 | consultant");
    let q = Catalog::shipped().get("chec-default").unwrap().questionnaire.clone();
    let new = NewConsultation {
        key: "CARE".parse().unwrap(),
        name: "돌봄 챗봇 | *Care* <b>bot</b>".into(),
        team: "Care AI 팀".into(),
        description: "Answers carers' questions at night.".into(),
        traits: vec!["personal-data".into(), "minors".into()],
    };
    let c = store.create_consultation(&new, &q).unwrap();
    let attendees = vec![
        Attendee { name: "김민지".into(), role: "consultant".into() },
        Attendee { name: "Lee | Dev".into(), role: "developer <script>".into() },
    ];
    let m1 = store
        .start_meeting(
            &c,
            &NewMeeting { stage: "planning".into(), attendees, agenda: "# 기획 검토\n- 위험 요소".into() },
        )
        .unwrap();
    let at = |id| QuestionRef { id, stage: "planning" };
    store
        .set_response_text(
            &c,
            at("PLN-01"),
            ResponseField::Answer,
            "밤 질문 | 약 복용\n- not a list\n`code` <script>",
            Some(&m1.id),
        )
        .unwrap();
    store
        .set_response_text(&c, at("PLN-01"), ResponseField::Notes, "> not a quote\n1. not a list", Some(&m1.id))
        .unwrap();
    store.set_assessment(&c, at("PLN-01"), Assessment::NeedsImprovement, Some(&m1.id)).unwrap();
    store.set_assessment(&c, at("PLN-02"), Assessment::Satisfied, Some(&m1.id)).unwrap();
    let q1 = q.question("PLN-01").unwrap();
    let raise =
        |store: &mut Store, title: &str, priority: Option<Priority>, risk: Option<(u8, u8)>, meeting: Option<&str>| {
            let new = NewItem {
                title: title.into(),
                detail: "Detail with | pipe and **stars**".into(),
                owner: "이서연".into(),
                due: Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()),
                priority,
                risk: risk.map(|(l, i)| Risk::new(l, i).unwrap()),
                question_id: Some(q1.id.clone()),
                principles: q1.principles.clone(),
                stage: "planning".into(),
                ..NewItem::default()
            };
            store.raise_item(&c, &new, meeting).unwrap()
        };
    raise(store, "야간 응답 검토 | night review", None, Some((3, 4)), Some(&m1.id));
    raise(store, "Critical <gap>", Some(Priority::Critical), None, Some(&m1.id));
    store.set_meeting_text(&c, &m1.id, MeetingField::Decisions, "사람이 검토 | human review").unwrap();
    store.set_meeting_text(&c, &m1.id, MeetingField::NextSteps, "- draft the policy").unwrap();
    store.end_meeting(&m1.id).unwrap();
    store
        .update_item(
            "CARE-1",
            &ItemUpdate { status: Some(ItemStatus::InProgress), note: Some("started".into()), ..Default::default() },
            None,
        )
        .unwrap();
    let decisions = [
        ItemDecision { item_key: "CARE-1".into(), decision: Decision::CarryOver, reason: String::new() },
        ItemDecision {
            item_key: "CARE-2".into(), decision: Decision::Accept, reason: "경영진 승인 | approved".into()
        },
    ];
    store.sign_off_stage(&c, "planning", "Planning done | 완료", &decisions, None).unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    let m2 = store
        .start_meeting(&c, &NewMeeting { stage: "data".into(), attendees: vec![], agenda: String::new() })
        .unwrap();
    store
        .set_response_text(
            &c,
            QuestionRef { id: "DAT-01", stage: "data" },
            ResponseField::Answer,
            "공개 데이터셋",
            Some(&m2.id),
        )
        .unwrap();
    raise(store, "Retention policy", Some(Priority::Low), None, Some(&m2.id));
}

fn record() -> Record {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    Record::load(&store, "CARE").unwrap()
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "[time]");
    s.add_filter(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", "[timestamp]");
    s.add_filter(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", "[uuid]");
    s
}

#[test]
fn golden_minutes_and_report() {
    let record = record();
    settings().bind(|| {
        insta::assert_snapshot!("minutes_meeting_1", minutes::minutes(&record, record.meeting(1).unwrap()));
        insta::assert_snapshot!("minutes_meeting_2", minutes::minutes(&record, record.meeting(2).unwrap()));
        insta::assert_snapshot!("report", report::report(&record));
        insta::assert_snapshot!("report_json", serde_json::to_string_pretty(&json::report(&record)).unwrap());
    });
}

#[test]
fn the_same_data_exports_to_the_same_bytes() {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let a = Record::load(&store, "CARE").unwrap();
    let b = Record::load(&store, "CARE").unwrap();
    assert_eq!(minutes::minutes(&a, a.meeting(1).unwrap()), minutes::minutes(&b, b.meeting(1).unwrap()));
    assert_eq!(report::report(&a), report::report(&b));
    assert_eq!(json::report(&a).to_string(), json::report(&b).to_string());
}

fn events(markdown: &str) -> Vec<Event<'_>> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES).collect()
}

/// Every table in order: its rows of cell texts (header first).
fn tables(events: &[Event<'_>]) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    for e in events {
        match e {
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut rows)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::Text(t) => {
                if let Some(c) = &mut cell {
                    c.push_str(t);
                }
            }
            _ => {}
        }
    }
    tables
}

/// Level-2 heading texts.
fn sections(events: &[Event<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for e in events {
        match e {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => current = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => out.extend(current.take()),
            Event::Text(t) => {
                if let Some(c) = &mut current {
                    c.push_str(t);
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn minutes_parse_into_the_expected_sections_and_tables_with_the_text_as_typed() {
    let record = record();
    let md = minutes::minutes(&record, record.meeting(1).unwrap());
    let ev = events(&md);
    assert!(!ev.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))), "no raw HTML");
    assert_eq!(
        sections(&ev),
        [
            "Attendees",
            "Agenda",
            "Questions discussed",
            "Meeting notes",
            "Decisions",
            "Items raised in this meeting",
            "Open items carried over",
            "Next steps"
        ]
    );
    let t = tables(&ev);
    assert_eq!(t[0], [vec!["Name", "Role"], vec!["김민지", "consultant"], vec!["Lee | Dev", "developer <script>"]]);
    let raised = &t[1];
    assert_eq!(raised[0], ["Key", "Title", "Owner", "Due", "Priority"]);
    assert_eq!(raised[1], ["CARE-1", "야간 응답 검토 | night review", "이서연", "2026-12-15", "high"]);
    assert_eq!(raised[2], ["CARE-2", "Critical <gap>", "이서연", "2026-12-15", "critical"]);
    assert_eq!(t.len(), 2, "no open items from before the first meeting");
    // User text never becomes a list, quote or code block: the only list is our own four
    // facts (service, stage, date, questionnaire).
    let lists = ev.iter().filter(|e| matches!(e, Event::Start(Tag::List(_)))).count();
    let list_items = ev.iter().filter(|e| matches!(e, Event::Start(Tag::Item))).count();
    assert_eq!((lists, list_items), (1, 4), "{md}");
    assert!(!ev.iter().any(|e| matches!(e, Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_)))), "{md}");
}

#[test]
fn the_second_meetings_minutes_carry_over_the_open_item_from_the_first() {
    let record = record();
    let md = minutes::minutes(&record, record.meeting(2).unwrap());
    let t = tables(&events(&md));
    let carried = t.last().unwrap();
    assert_eq!(carried[0][0], "Key");
    let keys: Vec<&str> = carried[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(keys, ["CARE-1"], "CARE-2 was accepted at sign-off; CARE-3 is this meeting's");
    assert_eq!(carried[1][5], "in progress");
    assert_eq!(carried[1][6], "meeting 1");
}

#[test]
fn the_report_has_every_stage_the_risk_matrix_and_every_item() {
    let record = record();
    let md = report::report(&record);
    let ev = events(&md);
    assert!(!ev.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))));
    assert_eq!(sections(&ev), ["Stages", "Risk matrix", "Items", "Meetings"]);
    let t = tables(&ev);
    let matrix = t.iter().find(|t| t[0][0] == "Likelihood").unwrap();
    assert_eq!(matrix.len(), 6);
    assert_eq!(matrix[3], ["3", "0", "0", "0", "1", "0"], "CARE-1 is likelihood 3 × impact 4");
    let items =
        t.iter().find(|t| t[0] == ["Key", "Title", "Owner", "Due", "Priority", "Status", "Stage", "Risk"]).unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[2][5], "accepted risk");
    assert_eq!(items[1][7], "3 × 4 = 12");
    assert!(md.contains("**Signed off**"), "{md}");
    assert!(md.contains("accepted at sign-off of stage planning: 경영진 승인 \\| approved"), "{md}");
    // Every applicable question of every stage is listed once.
    let listed: usize = t.iter().filter(|t| t[0][0] == "ID").map(|t| t.len() - 1).sum();
    let applicable: i64 = record.stages.iter().map(|s| s.questions).sum();
    assert_eq!(listed as i64, applicable);
}

/// Text GitHub and GitLab would make links and mentions of, in every field of a record.
const LINKABLE: [&str; 6] = [
    "see https://evil.example/a_b?x=1 now",
    "www.example.com or WWW.Example.org",
    "mail kim.ms+ai@example.co.kr",
    "ping @alice and @org/team",
    "mailto:a@b.co and ftp://files.example",
    "Planning & design of age_gate",
];

#[test]
fn exports_make_no_link_or_mention_of_user_text_and_show_it_as_typed() {
    let mut store = Store::open_in_memory().unwrap();
    let all = LINKABLE.join(" | ");
    store.set_actor(LINKABLE[3]);
    let q = Catalog::shipped().get("chec-default").unwrap().questionnaire.clone();
    let new = NewConsultation {
        key: "CARE".parse().unwrap(),
        name: LINKABLE[0].into(),
        team: LINKABLE[2].into(),
        description: LINKABLE[1].into(),
        traits: vec![],
    };
    let c = store.create_consultation(&new, &q).unwrap();
    let attendees = vec![Attendee { name: LINKABLE[3].into(), role: LINKABLE[2].into() }];
    let m = store.start_meeting(&c, &NewMeeting { stage: "planning".into(), attendees, agenda: all.clone() }).unwrap();
    let at = QuestionRef { id: "PLN-01", stage: "planning" };
    let lines = LINKABLE.join("\n");
    store.set_response_text(&c, at, ResponseField::Answer, &lines, Some(&m.id)).unwrap();
    store.set_response_text(&c, at, ResponseField::Notes, &all, Some(&m.id)).unwrap();
    for field in [MeetingField::Notes, MeetingField::Decisions, MeetingField::NextSteps] {
        store.set_meeting_text(&c, &m.id, field, &lines).unwrap();
    }
    let item = NewItem {
        title: LINKABLE[0].into(),
        detail: lines.clone(),
        owner: LINKABLE[3].into(),
        stage: "planning".into(),
        ..NewItem::default()
    };
    store.raise_item(&c, &item, Some(&m.id)).unwrap();
    let update = ItemUpdate { status: Some(ItemStatus::Resolved), note: Some(all.clone()), ..Default::default() };
    store.update_item("CARE-1", &update, None).unwrap();
    store.end_meeting(&m.id).unwrap();
    store.sign_off_stage(&c, "planning", &all, &[], None).unwrap();
    let record = Record::load(&store, "CARE").unwrap();

    for (what, md) in
        [("minutes", minutes::minutes(&record, record.meeting(1).unwrap())), ("report", report::report(&record))]
    {
        let ev = common::markdown::parse(&md);
        assert!(!ev.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))), "{what}: raw HTML");
        assert!(!common::markdown::has_links(&ev), "{what}: a link\n{md}");
        let linkable = common::markdown::linkable_outside_code(&ev);
        assert!(linkable.is_empty(), "{what}: {linkable:?} would be linked or mention someone\n{md}");
        let shown = common::markdown::shown(&ev);
        for text in LINKABLE {
            assert!(shown.contains(text), "{what} shows {text:?} as typed:\n{shown}");
        }
    }
    assert!(report::report(&record).contains("Planning & design of age_gate"), "nothing escaped that needs none");
}

#[test]
fn the_json_report_names_its_schema_and_carries_everything() {
    let v = json::report(&record());
    assert_eq!(v["schema"], "chec.consultation");
    assert_eq!(v["version"], 1);
    assert_eq!(v["consultation"]["key"], "CARE");
    assert_eq!(v["stages"].as_array().unwrap().len(), 5);
    assert_eq!(v["meetings"].as_array().unwrap().len(), 2);
    assert_eq!(v["meetings"][0]["attendees"][1]["name"], "Lee | Dev");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["score"], 12);
    assert_eq!(items[0]["history"][0]["field"], "created");
    let pln01 = v["responses"].as_array().unwrap().iter().find(|r| r["question_id"] == "PLN-01").unwrap();
    assert_eq!(pln01["assessment"], "needs-improvement");
    assert!(pln01["answer"].as_str().unwrap().starts_with("밤 질문 | 약 복용\n"));
}

// ---------------------------------------------------------------------------------------------
// Files, through the real binary

fn chec(db: &std::path::Path, dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chec"))
        .args(args)
        .current_dir(dir)
        .env("CHEC_DB", db)
        .env("CHEC_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap()
}

fn file_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chec.db");
    let mut store = Store::open(&db).unwrap();
    fixture(&mut store);
    (dir, db)
}

#[test]
fn export_files_are_private_identical_when_repeated_and_never_overwritten_silently() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = file_fixture();
    let o = chec(&db, dir.path(), &["export", "report", "CARE", "-o", "report.md"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = dir.path().join("report.md");
    let first = std::fs::read(&path).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);

    let o = chec(&db, dir.path(), &["export", "report", "CARE", "-o", "report.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("already exists (use --force"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), first, "untouched");

    let o = chec(&db, dir.path(), &["export", "report", "CARE", "-o", "report.md", "--force"]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&path).unwrap(), first, "byte-for-byte the same export");

    let stdout = chec(&db, dir.path(), &["export", "report", "CARE"]).stdout;
    assert_eq!(stdout, first, "stdout and file carry the same bytes");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".chec-export-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn minutes_default_to_the_last_meeting_and_bad_requests_are_clear_errors() {
    let (dir, db) = file_fixture();
    let last = chec(&db, dir.path(), &["export", "minutes", "CARE"]);
    let two = chec(&db, dir.path(), &["export", "minutes", "CARE", "--meeting", "2"]);
    assert!(last.status.success());
    assert_eq!(last.stdout, two.stdout);
    for (args, message) in [
        (vec!["export", "minutes", "CARE", "--meeting", "9"], "CARE has no meeting 9"),
        (vec!["export", "minutes", "NOPE"], "no consultation NOPE"),
        (vec!["export", "report", "CARE", "-o", "/nonexistent-folder/r.md"], "cannot write /nonexistent-folder/r.md"),
    ] {
        let o = chec(&db, dir.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(message),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = chec(&db, dir.path(), &["export", "minutes", "CARE", "--meeting", "1", "--last"]);
    assert_eq!(o.status.code(), Some(2), "--meeting and --last conflict");
}

#[test]
fn exported_item_lists_take_the_filters_of_chec_items() {
    let (dir, db) = file_fixture();
    let o = chec(&db, dir.path(), &["export", "items", "--status", "all", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(all.len(), 3);
    let o = chec(&db, dir.path(), &["export", "items", "--min-priority", "high"]);
    let md = String::from_utf8(o.stdout).unwrap();
    let rows = tables(&events(&md));
    assert_eq!(rows[0].len(), 2, "one active high-or-above item: {md}");
    assert_eq!(rows[0][1][0], "CARE-1");
}

#[test]
fn minutes_show_answers_as_they_stood_when_the_meeting_ended() {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let before = {
        let record = Record::load(&store, "CARE").unwrap();
        minutes::minutes(&record, record.meeting(1).unwrap())
    };
    // Meeting 2 is running; the planning stage is signed off, so reopen it and change an
    // answer that meeting 1 recorded.
    let c = store.consultation("CARE").unwrap().unwrap();
    store.reopen_stage(&c, "planning", "model update").unwrap();
    let m2 = store.running_meeting(&c).unwrap().unwrap();
    store
        .set_response_text(
            &c,
            QuestionRef { id: "PLN-01", stage: "planning" },
            ResponseField::Answer,
            "완전히 새 답",
            Some(&m2.id),
        )
        .unwrap();
    let record = Record::load(&store, "CARE").unwrap();
    assert_eq!(minutes::minutes(&record, record.meeting(1).unwrap()), before, "meeting 1's minutes do not change");
    assert!(minutes::minutes(&record, record.meeting(2).unwrap()).contains("완전히 새 답"));
}
