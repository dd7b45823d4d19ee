//! Questionnaire format 2 in a consultation: snapshots that keep every language, format 1
//! snapshots that keep working, sections and descriptions in the TUI and the report.

mod common;

use chec::catalog::{self, Catalog};
use chec::domain::{NewConsultation, Questionnaire};
use chec::export::{Record, report};
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::screens::consultation::{ConsultationView, ListRow};
use chec::tui::theme::Theme;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use ratatui::layout::Rect;
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
    let mut app = App::new(common::clock::on_day(store, TODAY), Catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
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
    let q = catalog::Catalog::shipped().get("chec-default").unwrap().questionnaire.clone();
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
