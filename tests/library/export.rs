//! Exports of a rich consultation: golden files (insta), byte-for-byte determinism, the
//! structure parsed back with pulldown-cmark, the JSON schema, and files written by the CLI.

use crate::common;

use std::collections::HashMap;
use std::process::Command;

use chec::domain::QuestionRef;
use chec::domain::{
    Assessment, Attendee, Decision, ItemDecision, ItemStatus, ItemUpdate, MeetingField, NewConsultation, NewItem,
    NewMeeting, Priority, ResponseField, Risk,
};
use chec::export::{Record, json, minutes, report};
use chec::storage::Store;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A consultation with two meetings, answers full of Markdown and HTML, items in several
/// states, a signed-off stage.
fn fixture(store: &mut Store) {
    store.set_actor("김민지 | consultant");
    let q = common::catalog::questionnaire("chec-default");
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
        .replace_response_text(
            &c,
            at("PLN-01"),
            ResponseField::Answer,
            "밤 질문 | 약 복용\n- not a list\n`code` <script>",
            Some(&m1.id),
        )
        .unwrap();
    store
        .replace_response_text(&c, at("PLN-01"), ResponseField::Notes, "> not a quote\n1. not a list", Some(&m1.id))
        .unwrap();
    store.set_assessment(&c, at("PLN-01"), Assessment::NeedsImprovement, Some(&m1.id)).unwrap();
    store.set_assessment(&c, at("PLN-02"), Assessment::Satisfied, Some(&m1.id)).unwrap();
    // Touched and reset in the meeting: not discussed.
    store.set_assessment(&c, at("PLN-03"), Assessment::Satisfied, Some(&m1.id)).unwrap();
    store.set_assessment(&c, at("PLN-03"), Assessment::NotDiscussed, Some(&m1.id)).unwrap();
    store.replace_response_text(&c, at("PLN-03"), ResponseField::Answer, "잠깐 | wait", Some(&m1.id)).unwrap();
    store.replace_response_text(&c, at("PLN-03"), ResponseField::Answer, "", Some(&m1.id)).unwrap();
    let q1 = q.question("PLN-01").unwrap();
    let raise = |store: &mut Store,
                 title: &str,
                 priority: Option<Priority>,
                 risk: Option<(u8, u8)>,
                 meeting: Option<&str>,
                 due_in: i64| {
        let new = NewItem {
            title: title.into(),
            detail: "Detail with | pipe and **stars**".into(),
            owner: "이서연".into(),
            due: Some(due(due_in)),
            priority,
            risk: risk.map(|(l, i)| Risk::new(l, i).unwrap()),
            question_id: Some(q1.id.clone()),
            principles: q1.principles.clone(),
            stage: "planning".into(),
            ..NewItem::default()
        };
        store.raise_item(&c, &new, meeting).unwrap()
    };
    raise(store, "야간 응답 검토 | night review", None, Some((3, 4)), Some(&m1.id), -3);
    raise(store, "Critical <gap>", Some(Priority::Critical), None, Some(&m1.id), 20);
    store.replace_meeting_text(&c, &m1.id, MeetingField::Notes, "팀 의견 | team view\n둘째 줄\n\n* 새 문단").unwrap();
    store.replace_meeting_text(&c, &m1.id, MeetingField::Decisions, "사람이 검토 | human review").unwrap();
    store.replace_meeting_text(&c, &m1.id, MeetingField::NextSteps, "- draft the policy").unwrap();
    store
        .update_item(
            "CARE-1",
            &ItemUpdate { status: Some(ItemStatus::InProgress), note: Some("started".into()), ..Default::default() },
            None,
        )
        .unwrap();
    // Planning is signed off in meeting 1, reopened after it, and signed off again.
    let decisions = [
        ItemDecision {
            item_key: "CARE-1".into(),
            decision: Decision::CarryOver,
            reason: "다음 단계에서 | next stage".into(),
        },
        ItemDecision {
            item_key: "CARE-2".into(), decision: Decision::Accept, reason: "경영진 승인 | approved".into()
        },
    ];
    let seen = store.sign_off_warnings(&c, "planning").unwrap();
    store.sign_off_stage(&c, "planning", "Planning done | 완료", &decisions, Some(&m1.id), &seen).unwrap();
    store.end_meeting(&m1.id).unwrap();
    store.reopen_stage(&c, "planning", "model update | 모델 교체").unwrap();
    let again = [ItemDecision {
        item_key: "CARE-1".into(),
        decision: Decision::CarryOver,
        reason: "여전히 | still open".into(),
    }];
    let seen = store.sign_off_warnings(&c, "planning").unwrap();
    store.sign_off_stage(&c, "planning", "두 번째 | second", &again, None, &seen).unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    store.set_actor("이서연");
    let m2 = store
        .start_meeting(&c, &NewMeeting { stage: "data".into(), attendees: vec![], agenda: String::new() })
        .unwrap();
    store
        .replace_response_text(
            &c,
            QuestionRef { id: "DAT-01", stage: "data" },
            ResponseField::Answer,
            "공개 데이터셋",
            Some(&m2.id),
        )
        .unwrap();
    raise(store, "Retention policy", Some(Priority::Low), None, Some(&m2.id), 20);
    // Raised outside any meeting while meeting 2 runs, as `chec item add` does.
    let cli = NewItem {
        title: "Consent wording | 동의 문구".into(),
        detail: "From the CLI".into(),
        due: Some(due(-1)),
        stage: "data".into(),
        ..NewItem::default()
    };
    store.raise_item(&c, &cli, None).unwrap();
}

/// A due date `days` from today (UTC, the calendar the exports' dates are in): the fixture's
/// items are overdue or not at their meetings whatever day the tests run.
/// The day the fixture's store stands on: every time it records, and every due date, comes
/// from it, so the exports (and their overdue marks) are the same on any day.
const DAY: &str = "2026-11-22";

fn due(days: i64) -> chrono::NaiveDate {
    common::clock::morning_of(DAY).date_naive() + chrono::TimeDelta::days(days)
}

fn record() -> Record {
    let mut store = common::clock::from_day(Store::open_in_memory().unwrap(), DAY);
    fixture(&mut store);
    Record::load(&store, "CARE").unwrap()
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "[time]");
    s.add_filter(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", "[timestamp]");
    s.add_filter(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", "[uuid]");
    s.add_filter(r"\d{4}-\d{2}-\d{2}", "[date]");
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

/// `map` with the same entries inserted in reverse order into a table of another size, so
/// that iterating it visits them in another order.
fn shuffled<V: Clone>(map: &HashMap<String, V>) -> HashMap<String, V> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    for capacity in 64.. {
        let mut out = HashMap::with_capacity(capacity);
        for k in keys.iter().rev() {
            out.insert((*k).clone(), map[*k].clone());
        }
        if map.len() < 2 || out.keys().ne(map.keys()) {
            return out;
        }
    }
    unreachable!()
}

#[test]
fn exports_do_not_depend_on_the_order_maps_are_visited_or_rows_are_read() {
    let a = record();
    let mut b = a.clone();
    b.responses = shuffled(&a.responses);
    b.histories = shuffled(&a.histories);
    b.discussed = a.discussed.iter().map(|(k, v)| (*k, v.iter().rev().cloned().collect())).collect();
    assert!(a.responses.len() > 2 && a.histories.len() > 2, "maps big enough to be visited in another order");
    for seq in [1, 2] {
        assert_eq!(minutes::minutes(&a, a.meeting(seq).unwrap()), minutes::minutes(&b, b.meeting(seq).unwrap()));
    }
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

/// A block of a parsed document, with its text as a reader sees it.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(HeadingLevel, String),
    Paragraph(String),
    /// A list item, whole (its paragraphs joined by a blank line).
    Item(String),
    Table(Vec<Vec<String>>),
}

/// The document as a flat run of blocks: headings, paragraphs, list items and tables.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text: Option<String> = None;
    let mut item: Option<String> = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    for e in events(markdown) {
        match e {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::TableCell) => text = Some(String::new()),
            Event::Start(Tag::Item) => item = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = text.as_mut().or(item.as_mut()) {
                    c.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = text.as_mut().or(item.as_mut()) {
                    c.push('\n');
                }
            }
            Event::End(TagEnd::Heading(level)) => out.push(Block::Heading(level, text.take().unwrap_or_default())),
            Event::End(TagEnd::Paragraph) => match &mut item {
                Some(i) => {
                    if !i.is_empty() {
                        i.push_str("\n\n");
                    }
                    i.push_str(&text.take().unwrap_or_default());
                }
                None => out.push(Block::Paragraph(text.take().unwrap_or_default())),
            },
            Event::End(TagEnd::Item) => out.push(Block::Item(item.take().unwrap_or_default())),
            Event::End(TagEnd::TableCell) => row.push(text.take().unwrap_or_default()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::End(TagEnd::Table) => out.push(Block::Table(std::mem::take(&mut rows))),
            _ => {}
        }
    }
    out
}

/// The blocks under the heading whose text starts with `title`, up to the next heading of
/// its level or higher.
fn under(blocks: &[Block], title: &str) -> Vec<Block> {
    let start = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(_, t) if t.starts_with(title)))
        .unwrap_or_else(|| panic!("no heading {title}: {blocks:#?}"));
    let Block::Heading(level, _) = blocks[start] else { unreachable!() };
    blocks[start + 1..].iter().take_while(|b| !matches!(b, Block::Heading(l, _) if *l <= level)).cloned().collect()
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph(text.into())
}

fn item(text: impl Into<String>) -> Block {
    Block::Item(text.into())
}

#[test]
fn the_report_tells_every_sign_off_round_its_decisions_and_every_reopening_in_order() {
    let record = record();
    let md = report::report(&record);
    let blocks = blocks(&md);
    let planning = under(&blocks, "1. Planning & design");
    let at = |n: usize| record.time(&record.sign_offs[n].sign_off.signed_at);
    let reopened = record.time(record.sign_offs[0].sign_off.reopened_at.as_deref().unwrap());
    let rounds: Vec<Block> = planning.iter().take_while(|b| !matches!(b, Block::Table(_))).cloned().collect();
    let description = record.questionnaire.stage("planning").unwrap().description.shown("en").into_owned();
    assert_eq!(
        rounds,
        [
            paragraph(description),
            paragraph("2 of 6 questions assessed."),
            paragraph(format!("Sign-off 1: {} by 김민지 | consultant, in meeting 1: Planning done | 완료", at(0))),
            item("CARE-1 야간 응답 검토 | night review: carried over: 다음 단계에서 | next stage"),
            item("CARE-2 Critical <gap>: risk accepted: 경영진 승인 | approved"),
            paragraph(format!("Reopened: {reopened} by 김민지 | consultant: model update | 모델 교체")),
            paragraph(format!("Sign-off 2: {} by 김민지 | consultant: 두 번째 | second", at(1))),
            item("CARE-1 야간 응답 검토 | night review: carried over: 여전히 | still open"),
        ],
        "{md}"
    );
    // The item's own history says the same.
    let care1 = under(&blocks, "CARE-1:");
    let carried: Vec<&Block> =
        care1.iter().filter(|b| matches!(b, Block::Item(t) if t.contains("carried over"))).collect();
    assert_eq!(carried.len(), 2, "{care1:#?}");
    assert_eq!(
        carried[0],
        &item(format!(
            "{} by 김민지 | consultant, carried over at sign-off of Planning & design (meeting 1): 다음 단계에서 | next stage",
            at(0)
        ))
    );
    let care2 = under(&blocks, "CARE-2:");
    assert!(
        care2.iter().any(|b| matches!(b, Block::Item(t)
            if t.ends_with("status: open → accepted risk (meeting 1): risk accepted at sign-off of Planning & design: 경영진 승인 | approved"))),
        "{care2:#?}"
    );
}

#[test]
fn the_report_holds_each_meetings_agenda_notes_decisions_and_next_steps() {
    let record = record();
    let blocks = blocks(&report::report(&record));
    let heading = |text: &str| Block::Heading(HeadingLevel::H4, text.into());
    let m1 = &record.meetings[0];
    let first = under(&blocks, "Meeting 1: Planning & design");
    assert_eq!(
        first,
        [
            item(format!("Held: {} to {}", record.time(&m1.started_at), record.time(m1.ended_at.as_deref().unwrap()))),
            item("Minute-taker: 김민지 | consultant"),
            item("Attendees: 김민지 (consultant), Lee | Dev (developer <script>)"),
            heading("Agenda"),
            paragraph("# 기획 검토\n- 위험 요소"),
            heading("Meeting notes"),
            paragraph("팀 의견 | team view\n둘째 줄"),
            paragraph("* 새 문단"),
            heading("Decisions"),
            paragraph("사람이 검토 | human review"),
            heading("Next steps"),
            paragraph("- draft the policy"),
        ]
    );
    let second = under(&blocks, "Meeting 2: Data collection & processing");
    let m2 = &record.meetings[1];
    assert_eq!(second[0], item(format!("Held: {} to (still running)", record.time(&m2.started_at))));
    assert_eq!(second[1], item("Minute-taker: 이서연"));
    assert_eq!(second[2], item("Attendees: none recorded"));
    for field in ["Agenda", "Meeting notes", "Decisions", "Next steps"] {
        let at = second.iter().position(|b| *b == heading(field)).unwrap_or_else(|| panic!("{field}: {second:#?}"));
        assert_eq!(second[at + 1], paragraph("None recorded."), "{field}");
    }
}

#[test]
fn the_json_report_carries_every_sign_off_round_with_its_decisions() {
    let v = json::report(&record());
    assert_eq!(v["version"], 2);
    let planning = &v["stages"][0];
    assert_eq!(planning["sign_off"]["comment"], "두 번째 | second", "the latest, as in version 1");
    let rounds = planning["sign_offs"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0]["comment"], "Planning done | 완료");
    assert_eq!(rounds[0]["meeting"], 1);
    assert_eq!(rounds[0]["reopen_reason"], "model update | 모델 교체");
    assert_eq!(rounds[0]["decisions"][0]["item"], "CARE-1");
    assert_eq!(rounds[0]["decisions"][0]["decision"], "carry-over");
    assert_eq!(rounds[0]["decisions"][0]["reason"], "다음 단계에서 | next stage");
    assert_eq!(rounds[0]["decisions"][1]["decision"], "accept");
    assert_eq!(rounds[1]["reopened_at"], serde_json::Value::Null);
    assert_eq!(v["stages"][1]["sign_offs"], serde_json::json!([]));
    let care1 = &v["items"][0]["history"];
    let carried: Vec<&serde_json::Value> =
        care1.as_array().unwrap().iter().filter(|h| h["field"] == "carried-over").collect();
    assert_eq!(carried.len(), 2);
    assert_eq!(carried[0]["new_value"], "planning");
    assert_eq!(carried[0]["note"], "다음 단계에서 | next stage");
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
            "Sign-off",
            "Items raised in this meeting",
            "Other open items",
            "Next steps"
        ]
    );
    let t = tables(&ev);
    assert_eq!(t[0], [vec!["Name", "Role"], vec!["김민지", "consultant"], vec!["Lee | Dev", "developer <script>"]]);
    let raised = &t[1];
    assert_eq!(raised[0], ["Key", "Title", "Question", "Owner", "Due", "Priority", "Risk (L × I)"]);
    assert_eq!(raised[1][..4], ["CARE-1", "야간 응답 검토 | night review", "PLN-01", "이서연"]);
    assert_eq!(raised[2][..4], ["CARE-2", "Critical <gap>", "PLN-01", "이서연"]);
    assert_eq!(t.len(), 2, "no open items from before the first meeting");
    // User text never becomes a list, quote or code block: the lists are our own facts
    // (service, stage, date, minute-taker, questionnaire) and the sign-off's two decisions.
    let lists = ev.iter().filter(|e| matches!(e, Event::Start(Tag::List(_)))).count();
    let list_items = ev.iter().filter(|e| matches!(e, Event::Start(Tag::Item))).count();
    assert_eq!((lists, list_items), (2, 7), "{md}");
    assert!(!ev.iter().any(|e| matches!(e, Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_)))), "{md}");
}

#[test]
fn minutes_say_who_took_them() {
    let record = record();
    let facts = |seq| {
        let md = minutes::minutes(&record, record.meeting(seq).unwrap());
        blocks(&md).into_iter().filter(|b| matches!(b, Block::Item(_))).take(5).collect::<Vec<_>>()
    };
    assert_eq!(facts(1)[3], item("Minute-taker: 김민지 | consultant"));
    assert_eq!(facts(2)[3], item("Minute-taker: 이서연"), "the one who ran meeting 2");
    let m1 = under(&blocks(&report::report(&record)), "Meeting 1: Planning & design");
    assert!(m1.contains(&item("Minute-taker: 김민지 | consultant")), "{m1:#?}");
    assert_eq!(json::report(&record)["meetings"][1]["minute_taker"], "이서연");
}

#[test]
fn minutes_tell_each_raised_item_with_its_question_detail_risk_and_overdue_mark() {
    let record = record();
    let blocks = blocks(&minutes::minutes(&record, record.meeting(1).unwrap()));
    let raised = under(&blocks, "Items raised in this meeting");
    let Block::Table(table) = &raised[0] else { panic!("{raised:#?}") };
    assert_eq!(
        table[1],
        [
            "CARE-1",
            "야간 응답 검토 | night review",
            "PLN-01",
            "이서연",
            &format!("{} (overdue)", due(-3)),
            "high",
            "3 × 4 = 12"
        ],
        "due before the meeting and still open: overdue; the priority follows from 3 × 4"
    );
    assert_eq!(
        table[2],
        ["CARE-2", "Critical <gap>", "PLN-01", "이서연", &due(20).to_string(), "critical", "—"],
        "not due yet, and not rated: the empty cell says so"
    );
    let prompt = record.questionnaire.question("PLN-01").unwrap().prompt.shown("en").into_owned();
    assert_eq!(
        raised[1..],
        [
            paragraph(format!("CARE-1 on PLN-01: {prompt}")),
            paragraph("Detail with | pipe and **stars**"),
            paragraph(format!("CARE-2 on PLN-01: {prompt}")),
            paragraph("Detail with | pipe and **stars**"),
        ]
    );
}

#[test]
fn minutes_show_the_sign_off_taken_in_the_meeting() {
    let record = record();
    let first = blocks(&minutes::minutes(&record, record.meeting(1).unwrap()));
    let signed = &record.sign_offs[0].sign_off;
    assert_eq!(
        under(&first, "Sign-off"),
        [
            paragraph(format!(
                "Planning & design signed off {} by 김민지 | consultant: Planning done | 완료",
                record.time(&signed.signed_at)
            )),
            item("CARE-1 야간 응답 검토 | night review: carried over: 다음 단계에서 | next stage"),
            item("CARE-2 Critical <gap>: risk accepted: 경영진 승인 | approved"),
        ]
    );
    let second = blocks(&minutes::minutes(&record, record.meeting(2).unwrap()));
    assert!(!second.iter().any(|b| matches!(b, Block::Heading(_, t) if t == "Sign-off")), "none taken in meeting 2");
}

#[test]
fn a_question_touched_and_reset_in_a_meeting_is_not_discussed() {
    let record = record();
    let blocks = blocks(&minutes::minutes(&record, record.meeting(1).unwrap()));
    let discussed: Vec<String> = under(&blocks, "Questions discussed")
        .into_iter()
        .filter_map(|b| match b {
            Block::Heading(HeadingLevel::H3, t) => Some(t[..6].to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(discussed, ["PLN-01", "PLN-02"], "PLN-03 was assessed and answered, then both undone");
}

#[test]
fn the_second_meetings_minutes_list_the_open_items_with_those_raised_outside_any_meeting() {
    let record = record();
    let blocks = blocks(&minutes::minutes(&record, record.meeting(2).unwrap()));
    let open = under(&blocks, "Other open items");
    let Block::Table(table) = &open[0] else { panic!("{open:#?}") };
    assert_eq!(table[0], ["Key", "Title", "Owner", "Due", "Priority", "Risk (L × I)", "Status", "Raised in"]);
    let rows: Vec<(&str, &str, &str, &str)> =
        table[1..].iter().map(|r| (r[0].as_str(), r[3].as_str(), r[6].as_str(), r[7].as_str())).collect();
    let (care1_due, care4_due) = (format!("{} (overdue)", due(-3)), format!("{} (overdue)", due(-1)));
    assert_eq!(
        rows,
        [
            ("CARE-1", care1_due.as_str(), "in progress", "meeting 1"),
            ("CARE-4", care4_due.as_str(), "open", "outside a meeting"),
        ],
        "CARE-2 was accepted at sign-off; CARE-3 is this meeting's"
    );
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
    assert_eq!(items.len(), 5);
    assert_eq!(items[2][5], "accepted risk");
    assert_eq!(items[1][7], "3 × 4 = 12");
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
    let mut store = common::clock::from_day(Store::open_in_memory().unwrap(), DAY);
    let all = LINKABLE.join(" | ");
    store.set_actor(LINKABLE[3]);
    let q = common::catalog::questionnaire("chec-default");
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
    store.replace_response_text(&c, at, ResponseField::Answer, &lines, Some(&m.id)).unwrap();
    store.replace_response_text(&c, at, ResponseField::Notes, &all, Some(&m.id)).unwrap();
    for field in [MeetingField::Notes, MeetingField::Decisions, MeetingField::NextSteps] {
        store.replace_meeting_text(&c, &m.id, field, &lines).unwrap();
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
    let seen = store.sign_off_warnings(&c, "planning").unwrap();
    store.sign_off_stage(&c, "planning", &all, &[], None, &seen).unwrap();
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
    assert_eq!(v["version"], 2);
    assert_eq!(v["consultation"]["key"], "CARE");
    assert_eq!(v["stages"].as_array().unwrap().len(), 5);
    assert_eq!(v["meetings"].as_array().unwrap().len(), 2);
    assert_eq!(v["meetings"][0]["attendees"][1]["name"], "Lee | Dev");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
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
        // English whatever the machine's locale: these tests read chec's English.
        .env("LC_ALL", "C.UTF-8")
        .env("CHEC_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap()
}

fn file_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chec.db");
    let mut store = common::clock::from_day(Store::open(&db).unwrap(), DAY);
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
fn exports_are_the_same_bytes_in_any_process_and_machine_time_zone() {
    let (dir, db) = file_fixture();
    // The team's zone comes from configuration, so the machine's zone changes nothing.
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(dir.path().join("config/config.json"), r#"{"time_zone": "Asia/Seoul"}"#).unwrap();
    for what in [
        &["export", "report", "CARE"][..],
        &["export", "report", "CARE", "--format", "json"],
        &["export", "minutes", "CARE", "--meeting", "1"],
    ] {
        let runs: Vec<Vec<u8>> = ["UTC", "Asia/Seoul", "America/Los_Angeles"]
            .iter()
            .map(|tz| {
                let o = Command::new(env!("CARGO_BIN_EXE_chec"))
                    .args(what)
                    .env("CHEC_DB", &db)
                    .env("CHEC_CONFIG_DIR", dir.path().join("config"))
                    .env("TZ", tz)
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{what:?}: {}", String::from_utf8_lossy(&o.stderr));
                o.stdout
            })
            .collect();
        assert!(!runs[0].is_empty(), "{what:?}");
        assert!(runs.iter().all(|r| *r == runs[0]), "{what:?} differs between runs");
        if what.contains(&"minutes") {
            let text = String::from_utf8_lossy(&runs[0]);
            assert!(text.contains(" KST (+09:00) to "), "times are read in the team's zone:\n{text}");
        }
    }
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
    assert_eq!(all.len(), 4);
    let o = chec(&db, dir.path(), &["export", "items", "--min-priority", "high"]);
    let md = String::from_utf8(o.stdout).unwrap();
    let rows = tables(&events(&md));
    assert_eq!(rows[0].len(), 2, "one active high-or-above item: {md}");
    assert_eq!(rows[0][1][0], "CARE-1");
}

#[test]
fn minutes_show_answers_as_they_stood_when_the_meeting_ended() {
    let mut store = common::clock::from_day(Store::open_in_memory().unwrap(), DAY);
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
        .replace_response_text(
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

#[test]
fn the_report_keeps_every_version_of_an_answer_with_who_when_and_the_meeting() {
    let record = record();
    let report = blocks(&report::report(&record));
    let pln3 = under(&report, "PLN-03");
    let history: Vec<String> = pln3
        .iter()
        .filter_map(|b| match b {
            Block::Item(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    let changes = record.response_histories.get("PLN-03").expect("PLN-03 has a history");
    assert_eq!(history.len(), changes.len(), "{history:#?}");
    let replaced = changes.iter().find(|c| c.field == "answer" && !c.old_value.is_empty()).expect("a replaced answer");
    let expected = format!(
        "{} by {} (meeting 1): team's answer changed; it was: {}",
        record.time(&replaced.changed_at),
        replaced.changed_by,
        replaced.old_value
    );
    assert!(history.contains(&expected), "{expected}\nnot in\n{history:#?}");
}

/// Every heading, table heading and bold label of an export, as a reader sees them.
fn labels(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut strong: Option<String> = None;
    let mut heading: Option<String> = None;
    let mut in_head = false;
    for e in events(markdown) {
        match e {
            Event::Start(Tag::Strong) => strong = Some(String::new()),
            Event::End(TagEnd::Strong) => out.extend(strong.take()),
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => out.extend(heading.take()),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableCell) if in_head => heading = Some(String::new()),
            Event::End(TagEnd::TableCell) if in_head => out.extend(heading.take()),
            Event::Text(t) | Event::Code(t) => {
                for open in [strong.as_mut(), heading.as_mut()].into_iter().flatten() {
                    open.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a label holds an English word of the export's own (user text aside).
fn has_english_word(label: &str) -> bool {
    // What the fixture's users typed, and the questionnaire's ids, are theirs to keep.
    let theirs =
        ["CARE", "Care", "bot", "Critical", "gap", "Retention", "policy", "Consent", "wording", "night", "review"];
    label
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1 && !theirs.contains(w) && !w.chars().all(|c| c.is_ascii_uppercase()))
        .any(|w| w.chars().any(|c| c.is_ascii_lowercase()))
}

#[test]
fn minutes_and_report_in_korean_parse_back_with_korean_headings_labels_words_and_dates() {
    use chec::i18n::Lang;
    let record = record().in_language(Some(Lang::Ko));
    let md = minutes::minutes(&record, record.meeting(1).unwrap());
    let ev = events(&md);
    assert!(!ev.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))), "no raw HTML");
    assert_eq!(
        sections(&ev),
        [
            "참석자",
            "안건",
            "논의한 질문",
            "회의 메모",
            "결정 사항",
            "단계 승인",
            "이번 회의에서 정한 개선 과제",
            "그 밖의 미완료 개선 과제",
            "다음 할 일"
        ]
    );
    let parsed = blocks(&md);
    assert_eq!(
        parsed[0],
        Block::Heading(HeadingLevel::H1, "회의록: CARE 돌봄 챗봇 | *Care* <b>bot</b>, 1차 회의".into())
    );
    let t = tables(&ev);
    assert_eq!(t[0][0], ["이름", "역할"]);
    assert_eq!(t[1][0], ["키", "제목", "질문", "담당자", "기한", "우선순위", "위험도 (가능성 × 영향)"]);
    // Words for values: the priority that follows from 3 × 4, the overdue mark, the assessment.
    assert_eq!(t[1][1][4..6], [format!("{} (기한 지남)", due(-3)), "높음".to_string()]);
    assert_eq!(t[1][2][5], "긴급");
    assert!(parsed.contains(&paragraph("평가: ! 개선 필요")), "{md}");
    // Times in Korean: the fixture's store stands at 10:00 UTC on its day.
    assert!(parsed.contains(&item("일시: 2026년 11월 22일 10:00 UTC ~ 2026년 11월 22일 10:00 UTC")), "{parsed:#?}");
    for label in labels(&md) {
        assert!(!has_english_word(&label), "English in the Korean minutes: {label:?}\n{md}");
    }

    let md = report::report(&record);
    let ev = events(&md);
    assert_eq!(sections(&ev), ["단계", "위험 매트릭스", "개선 과제", "회의"]);
    let t = tables(&ev);
    assert_eq!(t[0][0], ["ID", "질문", "원칙", "평가"]);
    assert!(t.iter().any(|t| t[0] == ["가능성", "영향 1", "영향 2", "영향 3", "영향 4", "영향 5"]), "{md}");
    let items = t.iter().find(|t| t[0][0] == "키").unwrap();
    assert_eq!(items[1][4..6], ["높음", "진행 중"]);
    let parsed = blocks(&md);
    assert!(parsed.contains(&item("상태: 진행 중, 현재 단계: 데이터 수집·처리")), "{parsed:#?}");
    assert!(
        parsed.iter().any(
            |b| matches!(b, Block::Item(t) if t.ends_with("김민지 | consultant, 상태: 미착수 → 진행 중: started"))
        ),
        "{parsed:#?}"
    );
    for label in labels(&md) {
        assert!(!has_english_word(&label), "English in the Korean report: {label:?}\n{md}");
    }
}

#[test]
fn the_same_record_exports_in_english_for_a_colleague() {
    use chec::i18n::Lang;
    let original = record();
    let korean = original.clone().in_language(Some(Lang::Ko));
    let english = korean.clone().in_language(Some(Lang::En));
    let md = minutes::minutes(&english, english.meeting(1).unwrap());
    assert_eq!(sections(&events(&md))[0], "Attendees");
    assert_eq!(md, minutes::minutes(&original, original.meeting(1).unwrap()), "the English is the golden one");
    // JSON is for programs: the same field names and stored words in either language.
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut out = Vec::new();
        fn walk(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, v) in m {
                        walk(v, format!("{path}.{k}"), out);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, format!("{path}[]"), out)),
                _ => out.push(path),
            }
        }
        walk(v, String::new(), &mut out);
        out
    };
    let (ko, en) = (json::report(&korean), json::report(&english));
    assert_eq!(keys(&ko), keys(&en));
    assert_eq!(ko["items"][0]["status"], "in-progress");
    assert_eq!(ko["items"][0]["priority"], en["items"][0]["priority"]);
}

#[test]
fn the_cli_exports_in_the_language_asked_for_and_says_so_in_the_interfaces() {
    let (dir, db) = file_fixture();
    let o =
        chec(&db, dir.path(), &["--lang", "ko", "export", "minutes", "CARE", "--meeting", "1", "-o", "회의록 | 1.md"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "회의록 | 1.md 파일을 썼어요\n");
    let md = std::fs::read_to_string(dir.path().join("회의록 | 1.md")).unwrap();
    assert_eq!(sections(&events(&md))[0], "참석자");
    // Without --lang: the reader's language when they chose one (the locale) and the
    // questionnaire has it; with none chosen, the consultation's own (chec-default's first
    // is English).
    let minutes_under = |locale: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_chec"))
            .args(["export", "minutes", "CARE", "--meeting", "1"])
            .current_dir(dir.path())
            .env("CHEC_DB", &db)
            .env("CHEC_CONFIG_DIR", dir.path().join("config"))
            .env("LANG", locale)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        sections(&events(&String::from_utf8_lossy(&o.stdout)))[0].clone()
    };
    assert_eq!(minutes_under("ko_KR.UTF-8"), "참석자");
    assert_eq!(minutes_under("C"), "Attendees");
    let o = chec(&db, dir.path(), &["--lang", "ko", "export", "items", "--as-of", DAY]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.starts_with(&format!("{DAY} 기준 기한이 지난 과제에 ⚠ 표시를 했습니다.\n")), "{md}");
    assert_eq!(tables(&events(&md))[0][0], ["키", "제목", "담당자", "기한", "우선순위", "상태", "단계"]);
}
