//! Questionnaire files: every class of error with its message, the user overlay, and the
//! shipped questionnaires' content.

use chec::catalog::{self, Catalog, Origin};

const MINIMAL: &str = r#"{
  "id": "mini",
  "version": "1",
  "title": "Mini",
  "traits": [{"id": "minors", "name": "Serves minors"}],
  "principles": [{"id": "p1", "name": "Principle one"}, {"id": "p2", "name": "Principle two"}],
  "stages": [{"id": "s1", "name": "Stage one"}, {"id": "s2", "name": "Stage two"}],
  "questions": [
    {"id": "Q1", "stage": "s1", "principles": ["p1"], "prompt": "First?"},
    {"id": "Q2", "stage": "s2", "principles": ["p1", "p2"], "prompt": "Second?",
     "guidance": {"why": "Because.", "good_answer": "A plan."}, "traits": ["minors"]}
  ]
}"#;

/// The problems reported for `text`, as `line:column: message` strings.
fn problems(text: &str) -> Vec<String> {
    match catalog::parse("q.json", text) {
        Ok(_) => vec![],
        Err(e) => e.diagnostics.iter().map(|d| format!("{}:{}: {}", d.line, d.column, d.message)).collect(),
    }
}

#[test]
fn a_valid_file_parses_with_everything_in_it() {
    let q = catalog::parse("q.json", MINIMAL).unwrap();
    assert_eq!((q.id.as_str(), q.version.as_str()), ("mini", "1"));
    assert_eq!(q.questions[1].guidance.good_answer, "A plan.");
    assert_eq!(q.questions[1].traits, ["minors"]);
    assert_eq!(q.stages.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let broken = MINIMAL.replace(r#""title": "Mini","#, r#""title": "Mini",,"#);
    assert_eq!(problems(&broken), ["4:19: invalid JSON: key must be a string"]);
    let p = &problems("")[0];
    assert!(p.starts_with("1:1: invalid JSON"), "{p}");
    let p = &problems(&format!("{MINIMAL} x"))[0];
    assert!(p.contains("trailing characters"), "{p}");
}

#[test]
fn a_duplicate_question_id_names_both_lines() {
    let text = MINIMAL.replace(r#""id": "Q2""#, r#""id": "Q1""#);
    assert_eq!(problems(&text), ["10:12: duplicate question id 'Q1' (first defined on line 9)"]);
}

#[test]
fn duplicate_stage_principle_and_trait_ids_are_reported() {
    let text = MINIMAL.replace(r#"{"id": "s2", "name": "Stage two"}"#, r#"{"id": "s1", "name": "Stage two"}"#);
    let p = problems(&text);
    assert!(p.iter().any(|m| m.starts_with("7:") && m.contains("duplicate stage id 's1'")), "{p:?}");
}

#[test]
fn unknown_stage_principle_and_trait_are_all_reported_together() {
    let text = MINIMAL
        .replace(r#""stage": "s2""#, r#""stage": "s9""#)
        .replace(r#""principles": ["p1"], "prompt": "First?""#, r#""principles": ["px"], "prompt": "First?""#)
        .replace(r#""traits": ["minors"]}"#, r#""traits": ["adults"]}"#);
    assert_eq!(
        problems(&text),
        [
            "9:48: question 'Q1': unknown principle 'px' (principles: p1, p2)",
            "10:27: question 'Q2': unknown stage 's9' (stages: s1, s2)",
            "11:76: question 'Q2': unknown trait 'adults' (traits: minors)",
        ]
    );
}

#[test]
fn missing_or_empty_required_fields_are_reported() {
    let text = MINIMAL.replace("  \"version\": \"1\",\n", "").replace(r#""prompt": "First?""#, r#""prompt": "  ""#);
    let p = problems(&text);
    assert!(p.iter().any(|m| m == "1:1: missing version"), "{p:?}");
    assert!(p.iter().any(|m| m.ends_with("prompt of question 'Q1' must not be empty")), "{p:?}");
    let p = problems(&MINIMAL.replace(r#""principles": ["p1"], "prompt""#, r#""principles": [], "prompt""#));
    assert!(p.iter().any(|m| m.contains("question 'Q1' must name at least one principle")), "{p:?}");
    let p = problems(r#"{"id": "x", "version": "1", "title": "t"}"#);
    assert!(p.iter().any(|m| m.contains("at least one stage")), "{p:?}");
    assert!(p.iter().any(|m| m.contains("at least one principle")), "{p:?}");
    assert!(p.iter().any(|m| m.contains("at least one question")), "{p:?}");
}

#[test]
fn wrong_types_and_unknown_fields_name_the_field() {
    let p = problems(&MINIMAL.replace(r#""version": "1""#, r#""version": 1"#));
    assert_eq!(p, ["3:14: version: invalid type: integer `1`, expected a string"]);
    let p = problems(&MINIMAL.replace(r#""prompt": "First?""#, r#""promt": "First?""#));
    assert!(p[0].contains("questions[0].promt: unknown field `promt`"), "{p:?}");
}

#[test]
fn the_file_name_leads_every_line_of_the_message() {
    let text = MINIMAL.replace(r#""id": "Q2""#, r#""id": "Q1""#).replace(r#""stage": "s2""#, r#""stage": "nope""#);
    let err = catalog::parse("team/review.json", &text).unwrap_err();
    let message = err.to_string();
    assert_eq!(message.lines().count(), 2);
    assert!(message.lines().all(|l| l.starts_with("team/review.json:")), "{message}");
}

#[test]
fn unreadable_and_non_utf8_files_are_reported_with_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let err = catalog::parse_file(&missing).unwrap_err();
    assert!(err.to_string().starts_with(&format!("{}: cannot read", missing.display())), "{err}");
    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, b"{\n  \"id\": \"\xff\"}").unwrap();
    let err = catalog::parse_file(&binary).unwrap_err();
    assert_eq!(err.to_string(), format!("{}:2:10: not valid UTF-8", binary.display()));
}

#[test]
fn user_files_add_to_and_replace_shipped_questionnaires() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-mini.json"), MINIMAL).unwrap();
    let replacement =
        MINIMAL.replace(r#""id": "mini""#, r#""id": "chec-default""#).replace(r#""version": "1""#, r#""version": "9""#);
    std::fs::write(dir.path().join("b-replace.json"), replacement).unwrap();
    std::fs::write(dir.path().join("c-broken.json"), "{").unwrap();
    std::fs::write(dir.path().join("d-again.json"), MINIMAL).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();

    let catalog = Catalog::load(Some(dir.path()));
    assert_eq!(catalog.get("mini").unwrap().origin, Origin::User(dir.path().join("a-mini.json")));
    let replaced = catalog.get("chec-default").unwrap();
    assert!(replaced.replaces_shipped);
    assert_eq!(replaced.questionnaire.version, "9");
    assert!(catalog.get("kakao-lifecycle").is_some(), "the other shipped one stays");
    let errors: Vec<String> = catalog.errors().iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("c-broken.json:1:1: invalid JSON"), "{errors:?}");
    assert!(errors[1].contains("d-again.json") && errors[1].contains("already defined"), "{errors:?}");
}

#[test]
fn a_missing_user_folder_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::load(Some(&dir.path().join("nope")));
    assert!(catalog.errors().is_empty());
    assert_eq!(catalog.entries().len(), catalog::SHIPPED.len());
}

#[test]
fn the_shipped_questionnaires_load_and_cover_what_the_brief_asks() {
    let catalog = Catalog::shipped();
    assert!(catalog.errors().is_empty(), "{:?}", catalog.errors());

    let chec = &catalog.get("chec-default").unwrap().questionnaire;
    assert_eq!(chec.stages.len(), 5);
    assert_eq!(chec.principles.len(), 5);
    for stage in &chec.stages {
        let questions: Vec<_> = chec.questions.iter().filter(|q| q.stage == stage.id).collect();
        assert!(questions.len() >= 6, "{} has {} questions", stage.id, questions.len());
        for q in questions {
            assert!(!q.guidance.why.is_empty() && !q.guidance.good_answer.is_empty(), "{} lacks guidance", q.id);
        }
    }
    for t in ["personal-data", "generative", "minors", "high-impact"] {
        assert!(chec.questions.iter().any(|q| q.traits.iter().any(|x| x == t)), "no question for {t}");
    }

    let kakao = &catalog.get("kakao-lifecycle").unwrap().questionnaire;
    assert_eq!(kakao.stages.len(), 4);
    assert_eq!(kakao.principles.len(), 10);
    for p in &kakao.principles {
        assert!(kakao.questions.iter().any(|q| q.principles.contains(&p.id)), "principle {} unused", p.id);
    }
}

/// Found by the structured loader fuzz in CI: a C1 control character (here SOS, which opens a
/// control string) in a field name made the sanitiser drop the rest of the message, leaving
/// "traits[0]." with nothing said. Such characters are now written out.
#[test]
fn a_control_character_in_a_field_name_is_shown_not_swallowed() {
    let err = chec::catalog::parse("mine.json", "{\"traits\":[{\"\u{98}\":null}]}").unwrap_err();
    let message = &err.diagnostics[0].message;
    assert!(message.contains("unknown field `\\u{98}`"), "{message}");
    assert!(!message.contains('\u{98}'), "{message:?}");
}
