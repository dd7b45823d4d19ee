//! Questionnaire format 2 in a consultation: snapshots that keep every language, format 1
//! snapshots that keep working.

use chec::catalog;
use chec::domain::{NewConsultation, Questionnaire};
use chec::storage::Store;
use rusqlite::Connection;

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
