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

/// What a question may have, as the message about an unknown field lists it.
const QUESTION_FIELDS: &str =
    "id, stage, section, title, kind, principles, prompt, guidance, traits, choices, scale, number, required, show_if";

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
    assert_eq!(q.questions[1].guidance.good_answer.get("en"), ("A plan.", false));
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
    let p = problems(r#"{"id": "x", "version": "1", "title": "t"}"#);
    assert!(p.iter().any(|m| m.contains("at least one stage")), "{p:?}");
    assert!(p.iter().any(|m| m.contains("at least one question")), "{p:?}");
}

#[test]
fn wrong_types_and_unknown_fields_name_the_field() {
    let p = problems(&MINIMAL.replace(r#""version": "1""#, r#""version": 1"#));
    assert_eq!(p, ["3:14: version: expected a string, found the number 1"]);
    let p = problems(&MINIMAL.replace(r#""prompt": "First?""#, r#""promt": "First?""#));
    assert!(p.iter().any(|m| m.contains("questions[0].promt: unknown field `promt`")), "{p:?}");
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
    assert!(errors[0].contains("c-broken.json:1:1: invalid JSON: the file ends inside an object"), "{errors:?}");
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
    let message = &err.diagnostics.iter().find(|d| d.message.contains("unknown field")).unwrap().message;
    assert!(message.contains("unknown field `\\u{98}`"), "{message}");
    assert!(!message.contains('\u{98}'), "{message:?}");
}

// =============================================================================================
// Validation that says everything, in characters, in words, at once

#[test]
fn structural_and_semantic_problems_are_reported_together() {
    let text = MINIMAL
        .replace(r#""version": "1""#, r#""version": 1"#)
        .replace(r#""stage": "s2""#, r#""stage": "s9""#)
        .replace(r#""prompt": "First?""#, r#""prompt": "First?", "promt": "x""#)
        .replace(r#""guidance": {"why": "Because.", "good_answer": "A plan."}"#, r#""guidance": "Because.""#);
    assert_eq!(
        problems(&text),
        [
            "3:14: version: expected a string, found the number 1",
            &format!("9:75: questions[0].promt: unknown field `promt` (expected one of: {QUESTION_FIELDS})"),
            "10:27: question 'Q2': unknown stage 's9' (stages: s1, s2)",
            "11:18: questions[1].guidance: expected an object, found the text \"Because.\"",
        ]
    );
}

#[test]
fn no_internal_type_names_reach_a_message() {
    for text in [
        MINIMAL.replace(r#""guidance": {"why""#, r#""guidance": ["why""#).replace(r#""A plan."}"#, r#""A plan."]"#),
        MINIMAL.replace(r#""traits": [{"id": "minors", "name": "Serves minors"}]"#, r#""traits": {"id": "minors"}"#),
        MINIMAL.replace(r#"{"id": "p1", "name": "Principle one"}"#, "7"),
        "{\"id\": null}".to_string(),
    ] {
        for p in problems(&text) {
            for word in ["Raw", "struct", "Vec<", "String", "Option", "enum"] {
                assert!(!p.contains(word), "{word} in {p}");
            }
        }
    }
}

#[test]
fn syntax_errors_count_columns_in_characters() {
    // The comma is missing after the Korean title: the error is at the next key.
    let text = MINIMAL.replace(r#""title": "Mini","#, r#""title": "돌봄 챗봇 질문지""#);
    assert_eq!(problems(&text), ["5:3: invalid JSON: expected ',' or '}', found '\"'"]);
    let text = MINIMAL.replace(r#""title": "Mini","#, r#""title": "돌봄 챗봇", "description": "설명" x,"#);
    assert_eq!(problems(&text), ["4:41: invalid JSON: expected ',' or '}', found 'x'"]);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let q = catalog::parse("q.json", &format!("\u{FEFF}{MINIMAL}")).unwrap();
    assert_eq!(q.id, "mini");
    // Positions count from after the mark, as editors show them.
    let text = format!("\u{FEFF}{}", MINIMAL.replace(r#""version": "1""#, r#""version": 1"#));
    assert_eq!(problems(&text), ["3:14: version: expected a string, found the number 1"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.json");
    std::fs::write(&path, format!("\u{FEFF}{MINIMAL}")).unwrap();
    assert_eq!(catalog::parse_file(&path).unwrap().id, "mini");
}

#[test]
fn an_over_long_id_is_refused_for_its_length() {
    let long = "Q".repeat(65);
    let p = problems(&MINIMAL.replace(r#""id": "Q1""#, &format!(r#""id": "{long}""#)));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("is 65 characters long; ids are at most 64"), "{p:?}");
    assert!(!p[0].contains("spaces"), "{p:?}");
    let ok = "가".repeat(64);
    assert!(problems(&MINIMAL.replace(r#""id": "Q1""#, &format!(r#""id": "{ok}""#))).is_empty());
}

#[test]
fn a_top_level_list_is_refused_clearly() {
    assert_eq!(
        problems(&format!("[{MINIMAL}]")),
        ["1:1: the file must hold one JSON object, a questionnaire, not a list"]
    );
    assert_eq!(problems("\"text\""), ["1:1: expected an object, found the text \"text\""]);
}

#[test]
fn a_repeated_field_is_reported_with_the_first_line() {
    let text = MINIMAL.replace(r#""title": "Mini","#, "\"title\": \"Mini\",\n  \"title\": \"Again\",");
    assert_eq!(problems(&text), ["5:3: title: field `title` is given twice (first on line 4)"]);
}

/// Thousands of problems in one file: every one is reported, and checking takes time in
/// proportion to the file (it used to grow with the square of the number of problems, a
/// minute for ten thousand). No timing is asserted: a quadratic checker would not finish
/// within the test harness's patience at this size.
#[test]
fn thousands_of_problems_are_all_reported() {
    for pretty in [true, false] {
        let n = 12_000;
        let questions: Vec<serde_json::Value> = (0..n)
            .map(|i| serde_json::json!({"id": format!("Q{i}"), "stage": "nowhere", "principles": ["p1"], "prompt": "돌봄?"}))
            .collect();
        let doc = serde_json::json!({
            "id": "big", "version": "1", "title": "Big",
            "principles": [{"id": "p1", "name": "P"}], "stages": [{"id": "s1", "name": "S"}],
            "questions": questions,
        });
        let text = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }.unwrap();
        let err = catalog::parse("big.json", &text).unwrap_err();
        assert_eq!(err.diagnostics.len(), n);
        assert!(err.diagnostics.iter().all(|d| d.message.contains("unknown stage 'nowhere'")));
        let last = err.diagnostics.last().unwrap();
        let expected_line = if pretty { text.lines().position(|l| l.contains("\"Q11999\"")).unwrap() + 2 } else { 1 };
        assert_eq!(last.line, expected_line);
    }
}

/// A broken file in the config folder is checked once: its outcome is remembered by the hash
/// of its content, so the next start reads the remembered problems instead of checking the
/// file again. Shown here by altering what was remembered: the next run repeats the
/// alteration, so it did not check the file. Changing the file checks it again.
#[test]
fn a_broken_user_file_is_checked_once_and_remembered_by_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("questionnaires")).unwrap();
    let questions: Vec<serde_json::Value> =
        (0..3000).map(|i| serde_json::json!({"id": format!("Q{i}"), "stage": "nowhere", "prompt": "?"})).collect();
    let doc = serde_json::json!({"id": "big", "version": "1", "title": "Big", "questions": questions});
    let file = config.join("questionnaires/big.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_chec"))
            .args(["questionnaire", "list"])
            .env("CHEC_DB", dir.path().join("chec.db"))
            // English whatever the machine's locale: these tests read chec's English.
            .env("LC_ALL", "C.UTF-8")
            .env("CHEC_CONFIG_DIR", &config)
            .env_remove("CHEC_CACHE_DIR")
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(1));
    let stderr = String::from_utf8(first.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 21, "the first 20 problems and how many more:\n{stderr}");
    assert!(stderr.contains("and 2981 more problems: `chec questionnaire validate`"), "{stderr}");

    let cache = config.join("cache/questionnaire-checks.json");
    let remembered = std::fs::read_to_string(&cache).unwrap();
    assert!(remembered.contains("unknown stage 'nowhere'"), "{remembered}");
    std::fs::write(&cache, remembered.replace("unknown stage 'nowhere'", "REMEMBERED")).unwrap();
    let second = String::from_utf8(run().stderr).unwrap();
    assert!(second.contains("REMEMBERED") && !second.contains("unknown stage"), "{second}");

    std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
    let third = String::from_utf8(run().stderr).unwrap();
    assert!(third.contains("unknown stage 'nowhere'"), "{third}");
}

// =============================================================================================
// Format 2: text in several languages

const BILINGUAL: &str = r#"{
  "format": 2,
  "id": "duo",
  "version": "1",
  "languages": ["ko", "en"],
  "title": {"ko": "돌봄 질문지", "en": "Care questionnaire"},
  "principles": [{"id": "p1", "name": {"ko": "사람 중심", "en": "Human-centred"}}],
  "stages": [{"id": "s1", "name": {"ko": "기획", "en": "Planning"}, "description": {"ko": "첫 단계"}}],
  "questions": [
    {"id": "Q1", "stage": "s1", "principles": ["p1"],
     "prompt": {"ko": "누구를 위한 서비스인가요?", "en": "Who is the service for?"},
     "guidance": {"why": "보호자와 아이가 함께 씁니다."}}
  ]
}"#;

fn warnings(text: &str) -> Vec<String> {
    catalog::check("q.json", text).warnings.iter().map(|d| format!("{}:{}: {}", d.line, d.column, d.message)).collect()
}

#[test]
fn text_may_be_given_in_each_declared_language() {
    let q = catalog::parse("q.json", BILINGUAL).unwrap();
    assert_eq!(q.languages, ["ko", "en"]);
    assert_eq!(q.language(), "ko");
    assert_eq!(q.title.get("en"), ("Care questionnaire", false));
    assert_eq!(q.questions[0].prompt.get("ko"), ("누구를 위한 서비스인가요?", false));
    // Missing in English: the first language, marked as a fallback.
    assert_eq!(q.stages[0].description.get("en"), ("첫 단계", true));
    assert_eq!(q.stages[0].description.shown("en"), "[ko] 첫 단계");
    assert_eq!(q.questions[0].guidance.why.get("en"), ("보호자와 아이가 함께 씁니다.", true));
}

#[test]
fn a_missing_translation_is_a_warning_with_its_position() {
    assert_eq!(
        warnings(BILINGUAL),
        [
            "8:82: stages[0].description: missing translation: en",
            "12:26: questions[0].guidance.why: missing translation: en",
        ]
    );
    assert!(catalog::check("q.json", BILINGUAL).questionnaire.is_ok());
    // A file in one language has nothing to translate.
    assert!(warnings(MINIMAL).is_empty());
}

#[test]
fn unknown_or_malformed_languages_are_errors() {
    let p = problems(&BILINGUAL.replace(r#""en": "Care questionnaire""#, r#""fr": "Questionnaire""#));
    assert_eq!(p, ["6:29: title: unknown language 'fr' (languages: ko, en)"]);
    let p = problems(&BILINGUAL.replace(r#""languages": ["ko", "en"]"#, r#""languages": ["ko", "Korean", "ko"]"#));
    assert!(p.iter().any(|m| m.contains("'Korean' is not a language tag")), "{p:?}");
    assert!(p.iter().any(|m| m.contains("language 'ko' is declared twice")), "{p:?}");
    assert!(p.iter().any(|m| m.contains("unknown language 'en'")), "{p:?}");
    let p = problems(
        &BILINGUAL
            .replace(r#""ko": "누구를 위한 서비스인가요?", "en": "Who is the service for?""#, r#""ko": " ", "en": """#),
    );
    assert_eq!(p, ["11:16: prompt of question 'Q1' must not be empty"]);
    let p = problems(&BILINGUAL.replace(r#""format": 2"#, r#""format": 3"#));
    assert!(p[0].contains("format 3 is not one this chec reads"), "{p:?}");
}

#[test]
fn validate_prints_warnings_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duo.json");
    std::fs::write(&path, BILINGUAL).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_chec"))
        .args(["questionnaire", "validate"])
        .arg(&path)
        .env("CHEC_CONFIG_DIR", dir.path().join("config"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:8:82: warning: stages[0].description: missing translation: en", path.display())),
        "{stderr}"
    );
    assert!(String::from_utf8(o.stdout).unwrap().contains("languages: ko, en"));
}

// =============================================================================================
// Format 2: principles optional, sections

#[test]
fn principles_are_optional_for_the_file_and_for_each_question() {
    let text = r#"{"id": "list", "version": "1", "title": "Checklist",
        "stages": [{"id": "s1", "name": "Stage"}],
        "questions": [{"id": "Q1", "stage": "s1", "prompt": "Is there a human in the loop?"},
                      {"id": "Q2", "stage": "s1", "principles": [], "prompt": "Is the data documented?"}]}"#;
    let q = catalog::parse("q.json", text).unwrap();
    assert!(q.principles.is_empty());
    assert!(q.questions.iter().all(|x| x.principles.is_empty()));
    // Named principles must still exist.
    let p = problems(&text.replace(r#""principles": []"#, r#""principles": ["px"]"#));
    assert_eq!(p, ["4:66: question 'Q2': unknown principle 'px' (principles: none defined)"]);
}

#[test]
fn sections_belong_to_their_stage_and_have_unique_ids() {
    let text = MINIMAL.replace(
        r#"{"id": "s1", "name": "Stage one"}"#,
        r#"{"id": "s1", "name": "Stage one", "sections": [
            {"id": "intro", "title": "Before we start", "introduction": "Who is in the room."},
            {"id": "data", "title": "Data"}]}"#,
    );
    let with = |q1: &str| text.replace(r#""id": "Q1", "stage": "s1","#, &format!(r#""id": "Q1", "stage": "s1", {q1}"#));
    let q = catalog::parse("q.json", &with(r#""section": "data","#)).unwrap();
    assert_eq!(q.questions[0].section.as_deref(), Some("data"));
    assert_eq!(q.stages[0].sections[0].introduction.get("en"), ("Who is in the room.", false));
    assert_eq!(q.section("intro").unwrap().title.get("en").0, "Before we start");
    let p = problems(&with(r#""section": "nope","#));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].ends_with("question 'Q1': 'nope' is not a section of stage 's1' (its sections: intro, data)"),
        "{p:?}"
    );
    let p = problems(&text.replace(r#"{"id": "data", "title": "Data"}"#, r#"{"id": "intro", "title": "Data"}"#));
    assert_eq!(p, ["9:20: duplicate section id 'intro' (first defined on line 8)"]);
    let p = problems(&text.replace(r#"{"id": "data", "title": "Data"}"#, r#"{"id": "data"}"#));
    assert!(p[0].contains("missing title of section 'data'"), "{p:?}");
}

#[test]
fn kinds_of_answer_are_checked_with_what_each_needs() {
    let with = |q1: &str| MINIMAL.replace(r#""prompt": "First?""#, &format!(r#""prompt": "First?", {q1}"#));
    let q = catalog::parse(
        "q.json",
        &with(r#""kind": "choice", "title": "Short", "choices": [{"id": "y", "label": "Yes"}, {"id": "n", "label": "No"}]"#),
    )
    .unwrap();
    assert_eq!(q.questions[0].kind, chec::domain::AnswerKind::Choice);
    assert_eq!(q.questions[0].title.get("en").0, "Short");
    assert_eq!(q.questions[1].kind, chec::domain::AnswerKind::Dialogue, "dialogue is the default");
    let cases = [
        (
            r#""kind": "poll""#,
            "kind: unknown kind of answer 'poll' (kinds: dialogue, choice, choices, scale, text, number, date)",
        ),
        (r#""kind": "choice""#, "question 'Q1': a choice question needs `choices`"),
        (
            r#""kind": "choices", "choices": [{"id": "y", "label": "Yes"}]"#,
            "question 'Q1': a choices question needs at least two choices",
        ),
        (
            r#""kind": "choice", "choices": [{"id": "y", "label": "Yes"}, {"id": "y", "label": "Oui"}]"#,
            "question 'Q1': duplicate choice id 'y' (first defined on line 9)",
        ),
        (
            r#""choices": [{"id": "y", "label": "Yes"}, {"id": "n", "label": "No"}]"#,
            "question 'Q1': `choices` is for choice and choices questions, and this one is a dialogue question",
        ),
        (
            r#""kind": "scale", "scale": {"min": 5, "max": 1}"#,
            "question 'Q1': a scale runs from a smaller `min` to a larger `max`, 101 points at most",
        ),
        (
            r#""kind": "scale", "scale": {"min": 1, "max": 5, "labels": {"6": "too far"}}"#,
            "question 'Q1': scale label '6' is not a point from 1 to 5",
        ),
        (
            r#""kind": "scale", "scale": {"min": 1.5, "max": 5}"#,
            "questions[0].scale.min: expected a whole number, found the number 1.5",
        ),
        (
            r#""kind": "number", "number": {"min": 10, "max": 1}"#,
            "question 'Q1': the smallest number, 10, is above the largest, 1",
        ),
        (
            r#""kind": "date", "number": {"min": 1}"#,
            "question 'Q1': `number` is for number questions, and this one is a date question",
        ),
    ];
    for (fields, expected) in cases {
        let p = problems(&with(fields));
        assert!(p.iter().any(|m| m.ends_with(expected)), "{fields}: expected {expected:?} in {p:?}");
    }
}

// =============================================================================================
// Format 2: conditions, points and levels

/// Two choice questions (Q1 yes/no, Q2 low/high) and a scale, with a scoring block.
fn logic_file(q2_extra: &str, scoring_extra: &str) -> String {
    format!(
        r#"{{"id": "logic", "version": "1", "title": "Logic",
  "traits": [{{"id": "minors", "name": "Minors"}}],
  "stages": [{{"id": "s1", "name": "S1", "sections": [{{"id": "sec", "title": "Sec"{scoring_extra}}}]}}],
  "scoring": {{"groups": [{{"id": "risk", "name": "Risk"}}],
              "levels": [{{"id": "I", "name": "One"}}, {{"id": "II", "name": "Two", "min": 5}}]}},
  "questions": [
    {{"id": "Q1", "stage": "s1", "kind": "choice", "prompt": "One?",
      "choices": [{{"id": "yes", "label": "Yes", "points": 5}}, {{"id": "no", "label": "No"}}]}},
    {{"id": "Q2", "stage": "s1", "kind": "choice", "prompt": "Two?"{q2_extra},
      "choices": [{{"id": "low", "label": "Low"}}, {{"id": "high", "label": "High", "points": {{"risk": 3}}}}]}},
    {{"id": "Q3", "stage": "s1", "kind": "scale", "prompt": "Three?", "section": "sec", "scale": {{"min": 1, "max": 5}}}}
  ]}}"#
    )
}

#[test]
fn conditions_points_and_levels_load() {
    let text = logic_file(
        r#", "required": true, "show_if": {"all": [{"question": "Q1", "in": ["yes"]}, {"not": {"trait": "minors"}}]}"#,
        r#", "show_if": {"any": [{"question": "Q2", "equals": "high"}, {"question": "Q1", "answered": false}]}"#,
    );
    let q = catalog::parse("q.json", &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(q.questions[1].required);
    assert!(q.questions[1].show_if.is_some());
    assert_eq!(q.questions[0].choices[0].points["risk"], 5, "a plain number goes to the only group");
    assert_eq!(q.scoring.as_ref().unwrap().levels[1].min, Some(5));
    // It round-trips through the file format.
    let again = catalog::parse("again.json", &serde_json::to_string(&q).unwrap()).unwrap();
    assert_eq!(again, q);
}

#[test]
fn conditions_that_name_unknown_later_or_impossible_things_are_refused() {
    let cases = [
        (
            r#", "show_if": {"question": "Q9", "equals": "yes"}"#,
            "question 'Q2': its condition names an unknown question 'Q9'",
        ),
        (
            r#", "show_if": {"question": "Q2", "equals": "low"}"#,
            "question 'Q2': its condition reads 'Q2', itself; conditions read earlier questions only",
        ),
        (
            r#", "show_if": {"question": "Q3", "at_least": 2}"#,
            "question 'Q2': its condition reads 'Q3', a later question; conditions read earlier questions only",
        ),
        (
            r#", "show_if": {"question": "Q1", "equals": "maybe"}"#,
            "question 'Q2': its condition names 'maybe', not a choice of 'Q1' (choices: yes, no)",
        ),
        (
            r#", "show_if": {"question": "Q1", "at_least": 2}"#,
            "question 'Q2': at_least and at_most are for scale and number questions; 'Q1' is a choice question",
        ),
        (r#", "show_if": {"trait": "adults"}"#, "questions[1].show_if.trait: unknown trait 'adults' (traits: minors)"),
        (r#", "show_if": {"level": "IX"}"#, "questions[1].show_if.level: unknown level 'IX' (levels: I, II)"),
        (r#", "show_if": {"question": "Q1"}"#, "needs exactly one of equals, in, at_least, at_most, answered"),
        (
            r#", "show_if": {"question": "Q1", "equals": "yes", "in": ["no"]}"#,
            "needs exactly one of equals, in, at_least, at_most, answered",
        ),
        (r#", "show_if": {"sometimes": true}"#, "questions[1].show_if.sometimes: unknown condition `sometimes`"),
        (r#", "show_if": {"all": []}"#, "questions[1].show_if.all: give at least one condition"),
        (
            r#", "show_if": {"level_at_least": "II"}"#,
            "question 'Q2': it is shown by the impact level and its choices carry points",
        ),
        (r#", "required": "yes""#, "questions[1].required: expected true or false, found the text \"yes\""),
    ];
    for (extra, expected) in cases {
        let p = problems(&logic_file(extra, ""));
        assert!(p.iter().any(|m| m.contains(expected)), "{extra}: expected {expected:?} in {p:?}");
    }
    // A section's condition may not read its own questions (a cycle) or later ones.
    let p = problems(&logic_file("", r#", "show_if": {"question": "Q3", "at_least": 2}"#));
    assert!(p.iter().any(|m| m.contains("section 'sec': its condition reads 'Q3', itself")), "{p:?}");
}

#[test]
fn points_and_levels_are_checked() {
    let base = logic_file("", "");
    let cases = [
        (base.replace(r#""points": 5"#, r#""points": {"harm": 5}"#), "unknown group 'harm' (groups: risk)"),
        (base.replace(r#""points": 5"#, r#""points": 1.5"#), "expected a whole number, found the number 1.5"),
        (
            base.replace(
                r#""levels": [{"id": "I", "name": "One"}, {"id": "II", "name": "Two", "min": 5}]"#,
                r#""levels": [{"id": "I", "name": "One", "min": 9}, {"id": "II", "name": "Two", "min": 5}]"#,
            ),
            "level 'II': levels go from the lowest to the highest",
        ),
        (base.replace(r#", "min": 5}"#, "}"), "level 'II': every level after the first needs `min`"),
        (
            base.replace(
                r#""name": "Two", "min": 5"#,
                r#""name": "Two", "min": 5, "requires": {"questions": ["Q7"], "stages": ["s9"]}"#,
            ),
            "scoring: a level requires an unknown question 'Q7'",
        ),
        (
            base.replace(r#""name": "Two", "min": 5"#, r#""name": "Two", "min": 5, "requires": {"stages": ["s9"]}"#),
            "scoring: a level requires an unknown stage 's9'",
        ),
        (
            base.replace(
                r#""groups": [{"id": "risk", "name": "Risk"}]"#,
                r#""groups": [{"id": "risk", "name": "Risk"}, {"id": "care", "name": "Care"}]"#,
            ),
            "with several groups, give points by group",
        ),
    ];
    for (text, expected) in cases {
        let p = problems(&text);
        assert!(p.iter().any(|m| m.contains(expected)), "expected {expected:?} in {p:?}");
    }
    let without_scoring = MINIMAL.replace(
        r#""prompt": "First?""#,
        r#""prompt": "First?", "kind": "choice", "choices": [{"id": "a", "label": "A", "points": 1}, {"id": "b", "label": "B"}]"#,
    );
    let p = problems(&without_scoring);
    assert!(p.iter().any(|m| m.contains("points need a `scoring` block")), "{p:?}");
}

// =============================================================================================
// Format 1 keeps working; show prints format 2

/// `chec questionnaire show --format json` prints the questionnaire in format 2, and what it
/// prints loads back as the same questionnaire: for a shipped format 1 file and for a
/// format 2 file with languages, kinds, sections, conditions and scoring.
#[test]
fn show_as_json_prints_format_2_that_loads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("questionnaires")).unwrap();
    let logic = logic_file(
        r#", "required": true, "show_if": {"all": [{"question": "Q1", "in": ["yes"]}, {"not": {"trait": "minors"}}]}"#,
        r#", "introduction": {"en": "Intro | 소개"}, "show_if": {"question": "Q2", "equals": "high"}"#,
    );
    std::fs::write(config.join("questionnaires/logic.json"), &logic).unwrap();
    let show = |id: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_chec"))
            .args(["questionnaire", "show", id, "--format", "json"])
            .env("CHEC_DB", dir.path().join("chec.db"))
            // English whatever the machine's locale: these tests read chec's English.
            .env("LC_ALL", "C.UTF-8")
            .env("CHEC_CONFIG_DIR", &config)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    for (id, original) in [
        ("chec-default", catalog::Catalog::shipped().get("chec-default").unwrap().questionnaire.clone()),
        ("logic", catalog::parse("logic.json", &logic).unwrap()),
    ] {
        let printed = show(id);
        let doc: serde_json::Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(doc["format"], 2, "{id}");
        assert!(doc["languages"].is_array(), "{id}");
        let again = catalog::parse("printed.json", &printed).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(again, original, "{id}");
    }
}

/// A format 1 file (kakao-lifecycle as it shipped before it spoke Korean, kept in
/// tests/fixtures) loads as before: every text in English, every question a dialogue with
/// no condition.
#[test]
fn format_1_files_load_unchanged() {
    let format_1 = [("format1-kakao-lifecycle.json", include_str!("../fixtures/format1-kakao-lifecycle.json"))];
    for (name, text) in format_1 {
        let q = catalog::parse(name, text).unwrap();
        assert!(!text.contains("\"format\""), "{name} is a format 1 file");
        assert_eq!(q.languages, ["en"]);
        assert!(q.scoring.is_none());
        for question in &q.questions {
            assert_eq!(question.kind, chec::domain::AnswerKind::Dialogue);
            assert!(question.show_if.is_none() && !question.required);
            assert!(!question.prompt.get("en").1, "{}", question.id);
        }
    }
}
