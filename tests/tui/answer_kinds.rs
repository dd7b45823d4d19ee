//! Questionnaire format 2 in a consultation: snapshots that keep every language, format 1
//! snapshots that keep working, sections and descriptions in the TUI and the report.

use crate::common;
use crate::common::keys::{press_code, press_str};
use crate::common::screen::render;

use chec::catalog;
use chec::domain::{NewConsultation, Questionnaire};
use chec::export::{Record, report};
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::screens::consultation::{ConsultationView, ListRow};
use chec::tui::theme::Theme;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rusqlite::Connection;

const TODAY: &str = "2026-11-22";

/// A checklist without principles whose first stage has two sections.
const SECTIONED: &str = r#"{
  "format": 2, "id": "sectioned", "version": "1", "languages": ["en", "ko"],
  "title": {"en": "Sectioned checklist", "ko": "구역 점검표"},
  "stages": [
    {"id": "plan", "name": {"en": "Plan", "ko": "기획"}, "description": {"en": "Decide | what the service is for.", "ko": "서비스 목적"},
     "sections": [
       {"id": "people", "title": {"en": "People", "ko": "사람"}, "introduction": {"en": "Who *uses* it, who is left out.", "ko": "누가 쓰나요"}},
       {"id": "data", "title": {"en": "Data", "ko": "데이터"}}
     ]},
    {"id": "run", "name": {"en": "Run", "ko": "운영"}}
  ],
  "questions": [
    {"id": "D1", "stage": "plan", "section": "data", "prompt": {"en": "Where does the data come from?", "ko": "데이터 출처?"}},
    {"id": "P1", "stage": "plan", "section": "people", "prompt": {"en": "Who uses it?", "ko": "누가 쓰나요?"}},
    {"id": "G1", "stage": "plan", "prompt": {"en": "What is it for?", "ko": "무엇을 위해?"}},
    {"id": "R1", "stage": "run", "prompt": {"en": "Who watches it?", "ko": "누가 지켜보나요?"}}
  ]
}"#;

fn app_on(q: &Questionnaire) -> App {
    let mut store = Store::open_in_memory().unwrap();
    store.create_consultation(&new_consultation("SEC"), q).unwrap();
    let mut app = common::app::on_day(store, TODAY);
    app.update(Action::Enter);
    app
}

fn view(app: &App) -> &ConsultationView {
    app.view.as_deref().expect("a consultation is open")
}

#[test]
fn a_stages_sections_head_its_questions_and_the_overlay_tells_their_introduction() {
    let q = catalog::parse("sectioned.json", SECTIONED).unwrap();
    let mut app = app_on(&q);
    let heading = |s: &str| ListRow::Heading(s.into());
    let question = |s: &str| ListRow::Question(s.into());
    assert_eq!(view(&app).rows, [question("G1"), heading("People"), question("P1"), heading("Data"), question("D1")]);
    app.update(Action::Down);
    assert_eq!(view(&app).selected_question_id().as_deref(), Some("P1"));
    app.update(Action::Guidance);
    let text: Vec<String> = view(&app).guidance_lines(&Theme::plain()).iter().map(|l| l.to_string()).collect();
    for expected in
        ["Section: People", "Who *uses* it, who is left out.", "Stage: Plan", "Decide | what the service is for."]
    {
        assert!(text.iter().any(|l| l == expected), "{expected:?} in {text:?}");
    }
    // A stage without sections or principles lists its questions without headings.
    app.update(Action::Back);
    app.update(Action::NextStage);
    assert_eq!(view(&app).rows, [question("R1")]);
}

#[test]
fn the_report_shows_stage_descriptions_and_sections_with_their_introduction() {
    let q = catalog::parse("sectioned.json", SECTIONED).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.create_consultation(&new_consultation("SEC"), &q).unwrap();
    let md = report::report(&Record::load(&store, "SEC").unwrap());
    let mut paragraphs: Vec<String> = Vec::new();
    let mut first_cells: Vec<String> = Vec::new();
    let (mut in_paragraph, mut in_cell, mut cell_start) = (false, false, false);
    for event in Parser::new_ext(&md, pulldown_cmark::Options::all()) {
        match event {
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                paragraphs.push(String::new());
            }
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Start(Tag::TableRow) => cell_start = true,
            Event::Start(Tag::TableCell) => {
                in_cell = cell_start;
                if cell_start {
                    first_cells.push(String::new());
                }
                cell_start = false;
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => paragraphs.last_mut().unwrap().push_str(&t),
            Event::Text(t) if in_cell => first_cells.last_mut().unwrap().push_str(&t),
            _ => {}
        }
    }
    assert!(paragraphs.iter().any(|p| p == "Decide | what the service is for."), "{paragraphs:?}");
    assert!(paragraphs.iter().any(|p| p == "People. Who *uses* it, who is left out."), "{paragraphs:?}");
    assert!(paragraphs.iter().any(|p| p == "Data."), "{paragraphs:?}");
    // One table per section, unsectioned questions first; each question once.
    let ids: Vec<&str> = first_cells.iter().map(String::as_str).filter(|c| c.len() == 2).collect();
    assert_eq!(ids, ["G1", "P1", "D1", "R1"]);
}

const BILINGUAL: &str = r#"{
  "format": 2, "id": "duo", "version": "1", "languages": ["ko", "en"],
  "title": {"ko": "돌봄 질문지", "en": "Care questionnaire"},
  "principles": [{"id": "p1", "name": {"ko": "사람 중심", "en": "Human-centred"}}],
  "stages": [{"id": "s1", "name": {"ko": "기획", "en": "Planning"}}],
  "questions": [{"id": "Q1", "stage": "s1", "principles": ["p1"],
                 "prompt": {"ko": "누구를 위한 서비스인가요? | 보호자", "en": "Who is the service for?"}}]
}"#;

fn new_consultation(key: &str) -> NewConsultation {
    NewConsultation {
        key: key.parse().unwrap(),
        name: "돌봄 챗봇 | Care".into(),
        team: "Care AI".into(),
        description: String::new(),
        traits: vec![],
    }
}

#[test]
fn a_consultations_snapshot_keeps_every_language() {
    let q = catalog::parse("duo.json", BILINGUAL).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let c = store.create_consultation(&new_consultation("DUO"), &q).unwrap();
    let stored = store.questionnaire_of(&c).unwrap();
    assert_eq!(stored, q);
    assert_eq!(stored.questions[0].prompt.get("en"), ("Who is the service for?", false));
    assert_eq!(stored.questions[0].prompt.get("ko"), ("누구를 위한 서비스인가요? | 보호자", false));
}

/// A consultation opened before format 2 stored its questionnaire with plain strings and
/// no languages: it reads as English, unchanged.
#[test]
fn a_format_1_snapshot_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let q = common::catalog::questionnaire("chec-default");
    let mut store = Store::open(&path).unwrap();
    let c = store.create_consultation(&new_consultation("CARE"), &q).unwrap();
    let format_1 = serde_json::json!({
        "id": "chec-default", "version": "0.9", "title": "Old title", "description": "",
        "traits": [], "principles": [{"id": "p", "name": "People", "description": ""}],
        "stages": [{"id": "planning", "name": "Planning", "description": ""}],
        "questions": [{"id": "PLN-01", "stage": "planning", "principles": ["p"], "prompt": "Old prompt?",
                       "guidance": {"why": "Because.", "good_answer": ""}}]
    });
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE questionnaire_snapshots SET body = ?1", [format_1.to_string()])
        .unwrap();
    let old: Questionnaire = store.questionnaire_of(&c).unwrap();
    assert_eq!(old.languages, ["en"]);
    assert_eq!(old.title.get("en"), ("Old title", false));
    assert_eq!(old.questions[0].prompt.get("en"), ("Old prompt?", false));
    assert_eq!(old.questions[0].guidance.why.get("en"), ("Because.", false));
    assert!(old.questions[0].guidance.good_answer.is_empty());
}

// =============================================================================================
// Kinds of answer

/// One question of each kind.
const KINDS: &str = r#"{
  "format": 2, "id": "kinds", "version": "1", "languages": ["ko", "en"],
  "title": {"ko": "답의 종류", "en": "Kinds of answer"},
  "stages": [{"id": "s1", "name": {"ko": "점검", "en": "Check"}}],
  "questions": [
    {"id": "CH", "stage": "s1", "kind": "choice", "title": {"ko": "고위험 여부", "en": "High-impact?"},
     "prompt": {"ko": "고영향 AI에 해당하나요?", "en": "Is it high-impact AI?"},
     "choices": [{"id": "yes", "label": {"ko": "예 | 해당", "en": "Yes"}},
                 {"id": "no", "label": {"ko": "아니오", "en": "No"}},
                 {"id": "unsure", "label": {"ko": "모름", "en": "Not sure"}}]},
    {"id": "CS", "stage": "s1", "kind": "choices", "prompt": {"ko": "어떤 데이터를 쓰나요?", "en": "Which data?"},
     "choices": [{"id": "health", "label": {"ko": "건강", "en": "Health"}},
                 {"id": "location", "label": {"ko": "위치", "en": "Location"}},
                 {"id": "voice", "label": {"ko": "음성", "en": "Voice"}}]},
    {"id": "SC", "stage": "s1", "kind": "scale", "prompt": {"ko": "얼마나 자주?", "en": "How often?"},
     "scale": {"min": 1, "max": 10, "labels": {"1": {"ko": "거의 없음", "en": "rarely"}, "10": {"ko": "항상", "en": "always"}}}},
    {"id": "NU", "stage": "s1", "kind": "number", "prompt": {"ko": "이용자 수?", "en": "How many users?"},
     "number": {"min": 0, "max": 1000000, "unit": {"ko": "명", "en": "people"}}},
    {"id": "DA", "stage": "s1", "kind": "date", "prompt": {"ko": "출시일?", "en": "Launch date?"}},
    {"id": "TX", "stage": "s1", "kind": "text", "prompt": {"ko": "담당자?", "en": "Who is responsible?"}},
    {"id": "DI", "stage": "s1", "prompt": {"ko": "누구를 위한 서비스인가요?", "en": "Who is it for?"}}
  ]
}"#;

fn kinds_app() -> App {
    app_on(&catalog::parse("kinds.json", KINDS).unwrap())
}

/// Put the cursor on question `id` of the first stage, in the question list.
fn go_to(app: &mut App, id: &str) {
    let view = app.view.as_deref_mut().unwrap();
    let row = view.rows.iter().position(|r| *r == ListRow::Question(id.into())).unwrap();
    view.cursor.selected = row;
    view.pane = chec::tui::screens::consultation::Pane::Questions;
}

fn stored_value(app: &App, id: &str) -> String {
    let c = app.store().consultation("SEC").unwrap().unwrap();
    app.store().responses(&c).unwrap().get(id).map(|r| r.value.clone()).unwrap_or_default()
}

fn footer(app: &App) -> Vec<String> {
    // Each hint as the footer says it (the key table holds message ids; here in English).
    let said = |id: &str| chec::i18n::t(chec::i18n::Lang::En, id);
    chec::tui::keys::hints(&app.scopes()).iter().map(|b| format!("{} {}", b.first_key_label(), said(b.hint))).collect()
}

#[test]
fn a_choice_is_made_with_arrows_and_enter_and_recorded_in_the_history() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = kinds_app();
    go_to(&mut app, "CH");
    press_code(&mut app, KeyCode::Char('a'));
    assert!(view(&app).answering.is_some());
    assert_eq!(footer(&app)[..4], ["↑↓ move", "Space mark", "Enter save", "Delete clear"]);
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Enter);
    assert!(view(&app).answering.is_none());
    assert_eq!(stored_value(&app, "CH"), "no");
    // Again: the answer opens on the stored choice; Space marks another, Enter saves it.
    press_code(&mut app, KeyCode::Char('a'));
    assert_eq!(view(&app).answering.as_ref().unwrap().cursor, 1);
    press_code(&mut app, KeyCode::Up);
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(stored_value(&app, "CH"), "yes");
    // Esc leaves it as it was; Delete clears it.
    press_code(&mut app, KeyCode::Char('a'));
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Esc);
    assert_eq!(stored_value(&app, "CH"), "yes");
    press_code(&mut app, KeyCode::Char('a'));
    press_code(&mut app, KeyCode::Delete);
    assert_eq!(stored_value(&app, "CH"), "");
    let c = app.store().consultation("SEC").unwrap().unwrap();
    let history: Vec<(String, String, String)> = app
        .store()
        .response_history(&c, "CH")
        .unwrap()
        .into_iter()
        .map(|h| (h.field, h.old_value, h.new_value))
        .collect();
    let v = |a: &str, b: &str| ("value".to_string(), a.to_string(), b.to_string());
    assert_eq!(history, [v("", "no"), v("no", "yes"), v("yes", "")]);
    // The list shows the question's short title.
    let title = app.view.as_deref().unwrap().questionnaire.question("CH").unwrap().list_title().get("ko").0.to_string();
    assert_eq!(title, "고위험 여부");
}

#[test]
fn several_choices_are_marked_with_space() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = kinds_app();
    go_to(&mut app, "CS");
    press_code(&mut app, KeyCode::Enter);
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Up);
    press_code(&mut app, KeyCode::Up);
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(stored_value(&app, "CS"), "health voice");
}

#[test]
fn a_scale_point_is_chosen_with_arrows_or_digits() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = kinds_app();
    go_to(&mut app, "SC");
    press_code(&mut app, KeyCode::Char('a'));
    assert!(footer(&app).contains(&"0-9 point".to_string()), "{:?}", footer(&app));
    press_code(&mut app, KeyCode::Right);
    press_code(&mut app, KeyCode::Right);
    assert_eq!(view(&app).answering.as_ref().unwrap().point, Some(2));
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(stored_value(&app, "SC"), "2");
    press_code(&mut app, KeyCode::Char('a'));
    press_str(&mut app, "10");
    assert_eq!(view(&app).answering.as_ref().unwrap().point, Some(10));
    press_str(&mut app, "7");
    press_code(&mut app, KeyCode::Left);
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(stored_value(&app, "SC"), "6");
}

#[test]
fn numbers_and_dates_are_typed_and_checked_before_they_are_saved() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = kinds_app();
    go_to(&mut app, "NU");
    press_code(&mut app, KeyCode::Char('a'));
    press_str(&mut app, "12a");
    press_code(&mut app, KeyCode::Enter);
    let error = view(&app).answering.as_ref().unwrap().error.clone();
    assert_eq!(error.as_deref(), Some("'12a' is not a number"));
    assert_eq!(stored_value(&app, "NU"), "");
    press_code(&mut app, KeyCode::Backspace);
    press_str(&mut app, "50");
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(stored_value(&app, "NU"), "1250");
    go_to(&mut app, "DA");
    press_code(&mut app, KeyCode::Char('a'));
    press_str(&mut app, "2026-02-30");
    press_code(&mut app, KeyCode::Enter);
    assert!(view(&app).answering.as_ref().unwrap().error.as_deref().unwrap().contains("not a date"));
    for _ in 0..2 {
        press_code(&mut app, KeyCode::Backspace);
    }
    press_str(&mut app, "22");
    press_code(&mut app, KeyCode::Enter);
    assert_eq!(stored_value(&app, "DA"), "2026-02-22");
}

#[test]
fn text_and_dialogue_answers_use_the_editor_and_keep_assessment_and_notes() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = kinds_app();
    go_to(&mut app, "TX");
    press_code(&mut app, KeyCode::Char('a'));
    assert!(view(&app).editing.is_some());
    press_str(&mut app, "김민지 | 팀장");
    press_code(&mut app, KeyCode::Esc);
    let c = app.store().consultation("SEC").unwrap().unwrap();
    assert_eq!(app.store().responses(&c).unwrap()["TX"].answer, "김민지 | 팀장");
    // A choice question keeps the assessment and the notes.
    go_to(&mut app, "CH");
    press_code(&mut app, KeyCode::Char('2'));
    press_code(&mut app, KeyCode::Char('e'));
    press_str(&mut app, "팀과 다시 확인");
    press_code(&mut app, KeyCode::Esc);
    let r = &app.store().responses(&c).unwrap()["CH"];
    assert_eq!((r.assessment.as_str(), r.notes.as_str()), ("needs-improvement", "팀과 다시 확인"));
}

#[test]
fn answering_each_kind_on_screen() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = kinds_app();
    go_to(&mut app, "CH");
    press_code(&mut app, KeyCode::Char('a'));
    press_code(&mut app, KeyCode::Down);
    insta::assert_snapshot!("answering_a_choice_80x24", render(&mut app, 80, 24));
    press_code(&mut app, KeyCode::Enter);
    go_to(&mut app, "SC");
    press_code(&mut app, KeyCode::Char('a'));
    press_str(&mut app, "7");
    insta::assert_snapshot!("answering_a_scale_80x24", render(&mut app, 80, 24));
    press_code(&mut app, KeyCode::Enter);
    go_to(&mut app, "NU");
    press_code(&mut app, KeyCode::Char('a'));
    press_str(&mut app, "x");
    press_code(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("answering_a_number_60x12", render(&mut app, 60, 12));
}

#[test]
fn exports_show_structured_answers_in_words_and_json_as_values() {
    use chec::domain::QuestionRef;
    use chec::domain::ResponseField;
    let q = catalog::parse("kinds.json", KINDS).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let c = store.create_consultation(&new_consultation("SEC"), &q).unwrap();
    let at = |id| QuestionRef { id, stage: "s1" };
    for (id, value) in [("CH", "yes"), ("CS", "health voice"), ("SC", "10"), ("NU", "1250"), ("DA", "2026-01-22")] {
        store.set_response_value(&c, at(id), value, None).unwrap();
    }
    store.replace_response_text(&c, at("TX"), ResponseField::Answer, "김민지 | 팀장", None).unwrap();
    let record = Record::load(&store, "SEC").unwrap();
    // The questionnaire is Korean first: so is the report, unless another language is asked for.
    let md = report::report(&record);
    // Each "**선택한 답:** …" paragraph, as a reader sees it.
    let mut answers = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(&md, pulldown_cmark::Options::all()) {
        match event {
            Event::Start(Tag::Paragraph) => current = Some(String::new()),
            Event::Text(t) => {
                if let Some(c) = &mut current {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = current.take().filter(|p| p.starts_with("선택한 답:")) {
                    answers.push(p);
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        answers,
        [
            "선택한 답: 예 | 해당",
            "선택한 답: 건강, 음성",
            "선택한 답: 10 (항상)",
            "선택한 답: 1250 명",
            "선택한 답: 2026-01-22"
        ]
    );
    let v = chec::export::json::report(&record);
    let response =
        |id: &str| v["responses"].as_array().unwrap().iter().find(|r| r["question_id"] == id).unwrap().clone();
    assert_eq!(response("CH")["kind"], "choice");
    assert_eq!(response("CH")["value"], "yes");
    assert_eq!(response("CS")["value"], serde_json::json!(["health", "voice"]));
    assert_eq!(response("SC")["value"], 10);
    assert_eq!(response("NU")["value"], 1250.0);
    assert_eq!(response("NU")["value_text"], "1250 명");
    assert_eq!(response("TX")["value"], serde_json::Value::Null);
    assert_eq!(response("TX")["answer"], "김민지 | 팀장");
    assert_eq!(response("DI")["kind"], "dialogue");
}

/// A database from before format 2 is upgraded with its response history intact, and the
/// history then takes structured answers too.
#[test]
fn an_older_database_keeps_its_response_history_through_the_upgrade() {
    use chec::domain::QuestionRef;
    use chec::storage::MIGRATIONS;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    {
        // A database as chec wrote it at schema version 3, with one answer and its history.
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        let body =
            serde_json::to_string(&common::catalog::shipped().get("chec-default").unwrap().questionnaire).unwrap();
        let at = "2026-11-01T10:00:00Z";
        conn.execute_batch(&format!(
            "INSERT INTO questionnaire_snapshots VALUES ('s', 'chec-default', '1.0.0', '{}', '{at}', '{at}');
             INSERT INTO consultations (id, key, name, snapshot_id, current_stage, created_at, updated_at)
                  VALUES ('c', 'CARE', 'Care', 's', 'planning', '{at}', '{at}');
             INSERT INTO stage_states (id, consultation_id, stage, name, position, questions, state, created_at, updated_at)
                  VALUES ('st', 'c', 'planning', 'Planning', 0, 8, 'in-progress', '{at}', '{at}');
             INSERT INTO responses (id, consultation_id, question_id, stage, answer, created_at, updated_at)
                  VALUES ('r', 'c', 'PLN-01', 'planning', '보호자 | 동의', '{at}', '{at}');
             INSERT INTO response_history VALUES ('h', 'r', NULL, 'answer', '', '보호자 | 동의', '김민지', '{at}', '{at}', '{at}');",
            body.replace('\'', "''")
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    let history = store.response_history(&c, "PLN-01").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].field.as_str(), history[0].new_value.as_str()), ("answer", "보호자 | 동의"));
    let kinds = catalog::parse("kinds.json", KINDS).unwrap();
    let k = store.create_consultation(&new_consultation("KIND"), &kinds).unwrap();
    store.set_response_value(&k, QuestionRef { id: "CH", stage: "s1" }, "yes", None).unwrap();
    assert_eq!(store.response_history(&k, "CH").unwrap()[0].field, "value");
}
