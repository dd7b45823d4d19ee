//! Points, levels, conditions and required answers, through the store: what the answers
//! decide is recomputed plainly from the visible answers and compared, for random answer
//! sequences, including answers that hide questions answered earlier.

use crate::common;
use crate::common::keys::press_code;

use std::collections::BTreeMap;

use chec::catalog;
use chec::domain::QuestionRef;
use chec::domain::{Assessment, NewConsultation, Questionnaire};
use chec::storage::Store;
use proptest::prelude::*;

/// A is asked first. B (several choices) only after A = yes, C only after B chose x or y,
/// D (a scale) only after A = no, E only while A is unanswered; section "extra" (H) only
/// after A = yes. Risk minus mitigation decides the level; F is shown from level "high"
/// up and is required.
const SCORED: &str = r#"{
  "format": 2, "id": "scored", "version": "1", "languages": ["en", "ko"],
  "title": {"en": "Scored", "ko": "점수"},
  "stages": [
    {"id": "s1", "name": "Screening", "sections": [
      {"id": "extra", "title": "Extra", "show_if": {"question": "A", "equals": "yes"}}
    ]},
    {"id": "s2", "name": "Review"}
  ],
  "scoring": {
    "groups": [{"id": "risk", "name": {"en": "Risk", "ko": "위험"}}, {"id": "mitigation", "name": "Mitigation"}],
    "score": {"risk": 1, "mitigation": -1},
    "levels": [
      {"id": "low", "name": "Low"},
      {"id": "medium", "name": "Medium", "min": 5},
      {"id": "high", "name": "High", "min": 15, "requires": {"questions": ["R1"], "sign_off_by": "Ethics board"}},
      {"id": "critical", "name": "Critical", "min": 25, "requires": {"stages": ["s2"]}}
    ]
  },
  "questions": [
    {"id": "A", "stage": "s1", "kind": "choice", "prompt": "Is it high-impact?",
     "choices": [{"id": "yes", "label": "Yes", "points": {"risk": 10}}, {"id": "no", "label": "No"}]},
    {"id": "B", "stage": "s1", "kind": "choices", "prompt": "Which data?", "show_if": {"question": "A", "equals": "yes"},
     "choices": [{"id": "x", "label": "X", "points": {"risk": 3}}, {"id": "y", "label": "Y", "points": {"risk": 5}},
                 {"id": "z", "label": "Z", "points": {"mitigation": 4}}]},
    {"id": "C", "stage": "s1", "kind": "choice", "prompt": "Profiling?", "show_if": {"question": "B", "in": ["x", "y"]},
     "choices": [{"id": "p", "label": "P", "points": {"risk": 7}}, {"id": "q", "label": "Q"}]},
    {"id": "D", "stage": "s1", "kind": "scale", "prompt": "How sure?", "show_if": {"question": "A", "equals": "no"},
     "scale": {"min": 1, "max": 5}},
    {"id": "E", "stage": "s1", "kind": "choice", "prompt": "Human review?", "show_if": {"question": "A", "answered": false},
     "choices": [{"id": "m", "label": "M", "points": {"mitigation": 2}}, {"id": "n", "label": "N"}]},
    {"id": "H", "stage": "s1", "section": "extra", "kind": "choice", "prompt": "Scale of use?",
     "choices": [{"id": "h1", "label": "H1", "points": {"risk": 1}}, {"id": "h2", "label": "H2", "points": {"risk": 2}}]},
    {"id": "F", "stage": "s1", "required": true, "prompt": "Who signs?", "show_if": {"level_at_least": "high"}},
    {"id": "R1", "stage": "s2", "prompt": "Monitoring plan?"},
    {"id": "R2", "stage": "s2", "prompt": "Incident plan?"}
  ]
}"#;

const ASKED: &[&str] = &["A", "B", "C", "D", "E", "H"];

fn questionnaire() -> Questionnaire {
    catalog::parse("scored.json", SCORED).unwrap_or_else(|e| panic!("{e}"))
}

fn open(store: &mut Store, q: &Questionnaire) -> chec::domain::Consultation {
    let new = NewConsultation {
        key: "SCORE".parse().unwrap(),
        name: "점수 | Score".into(),
        team: String::new(),
        description: String::new(),
        traits: vec![],
    };
    store.create_consultation(&new, q).unwrap()
}

/// What the answers decide, worked out by hand for this questionnaire.
#[derive(Debug, PartialEq)]
struct Plain {
    shown: Vec<&'static str>,
    score: i64,
    level: &'static str,
}

fn plain(answers: &BTreeMap<&str, String>) -> Plain {
    let a = answers.get("A").map(String::as_str);
    let b: Vec<&str> = answers.get("B").map(|v| v.split(' ').collect()).unwrap_or_default();
    let shows_b = a == Some("yes");
    let shows_c = shows_b && (b.contains(&"x") || b.contains(&"y"));
    let shows_d = a == Some("no");
    let shows_e = a.is_none();
    let shows_h = a == Some("yes");
    let mut risk = if a == Some("yes") { 10 } else { 0 };
    let mut mitigation = 0;
    if shows_b {
        risk += if b.contains(&"x") { 3 } else { 0 } + if b.contains(&"y") { 5 } else { 0 };
        mitigation += if b.contains(&"z") { 4 } else { 0 };
    }
    if shows_c && answers.get("C").map(String::as_str) == Some("p") {
        risk += 7;
    }
    if shows_e && answers.get("E").map(String::as_str) == Some("m") {
        mitigation += 2;
    }
    if shows_h {
        risk += match answers.get("H").map(String::as_str) {
            Some("h1") => 1,
            Some("h2") => 2,
            _ => 0,
        };
    }
    let score = risk - mitigation;
    let level = match score {
        s if s >= 25 => "critical",
        s if s >= 15 => "high",
        s if s >= 5 => "medium",
        _ => "low",
    };
    let mut shown = vec!["A"];
    for (id, on) in [("B", shows_b), ("C", shows_c), ("D", shows_d), ("E", shows_e), ("H", shows_h)] {
        if on {
            shown.push(id);
        }
    }
    if matches!(level, "high" | "critical") {
        shown.push("F");
    }
    shown.extend(["R1", "R2"]);
    Plain { shown, score, level }
}

/// One step: answer a question (a value it takes, or clear it), or assess it.
#[derive(Debug, Clone)]
enum Step {
    Answer(&'static str, &'static str),
    Assess(&'static str),
}

fn step() -> impl Strategy<Value = Step> {
    let values: &[(&str, &[&str])] = &[
        ("A", &["yes", "no", ""]),
        ("B", &["x", "y", "z", "x y", "y z", "x y z", ""]),
        ("C", &["p", "q", ""]),
        ("D", &["1", "3", "5", ""]),
        ("E", &["m", "n", ""]),
        ("H", &["h1", "h2", ""]),
    ];
    let answers: Vec<BoxedStrategy<Step>> = values
        .iter()
        .map(|(id, vs)| prop::sample::select(vs.to_vec()).prop_map(move |v| Step::Answer(id, v)).boxed())
        .collect();
    prop_oneof![
        4 => prop::strategy::Union::new(answers),
        1 => prop::sample::select(ASKED.to_vec()).prop_map(Step::Assess),
    ]
}

fn cases() -> u32 {
    std::env::var("CHEC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    /// After every step, the store's standing, its stored level, the questions each stage
    /// counts and the assessed count all equal the plain recomputation from visible answers;
    /// the level history has one entry per change of level.
    #[test]
    fn scores_and_visibility_follow_the_visible_answers(steps in prop::collection::vec(step(), 1..24)) {
        let q = questionnaire();
        let mut store = Store::open_in_memory().unwrap();
        let c = open(&mut store, &q);
        let mut answers: BTreeMap<&str, String> = BTreeMap::new();
        let mut assessed: Vec<&str> = Vec::new();
        let mut levels = vec!["low"];
        for step in steps {
            match step {
                Step::Answer(id, value) => {
                    store.set_response_value(&c, QuestionRef { id, stage: "s1" }, value, None).unwrap();
                    if value.is_empty() { answers.remove(id); } else { answers.insert(id, value.to_string()); }
                }
                Step::Assess(id) => {
                    store.set_assessment(&c, QuestionRef { id, stage: "s1" }, Assessment::Satisfied, None).unwrap();
                    if !assessed.contains(&id) { assessed.push(id); }
                }
            }
            let expected = plain(&answers);
            if levels.last() != Some(&expected.level) {
                levels.push(expected.level);
            }
            let (_, _, standing) = store.standing(&c).unwrap();
            let shown: Vec<&str> = standing.shown_ids(&q);
            prop_assert_eq!(&shown, &expected.shown);
            prop_assert_eq!(standing.score, expected.score);
            prop_assert_eq!(standing.level.as_deref(), Some(expected.level));
            let level = store.level(&c).unwrap();
            prop_assert_eq!(level.as_deref(), Some(expected.level));
            let s1 = &store.stage_statuses(&c).unwrap()[0];
            let shown_in_s1 = expected.shown.iter().filter(|id| !id.starts_with('R')).count() as i64;
            prop_assert_eq!(s1.questions, shown_in_s1);
            let visible_assessed = assessed.iter().filter(|id| expected.shown.contains(id)).count() as i64;
            prop_assert_eq!(s1.assessed, visible_assessed, "hidden questions never count as assessed");
            let summary = &store.consultation_summaries("2026-01-01").unwrap()[0];
            prop_assert_eq!(summary.assessed, visible_assessed);
            let history: Vec<Option<String>> =
                store.level_history(&c).unwrap().into_iter().map(|h| h.new_level).collect();
            let expected_history: Vec<Option<String>> = levels.iter().map(|l| Some(l.to_string())).collect();
            prop_assert_eq!(history, expected_history);
        }
    }
}

#[test]
fn a_hidden_answer_stops_counting_and_counts_again_when_shown() {
    let q = questionnaire();
    let mut store = Store::open_in_memory().unwrap();
    let c = open(&mut store, &q);
    let at = |id| QuestionRef { id, stage: "s1" };
    store.set_response_value(&c, at("A"), "yes", None).unwrap();
    store.set_response_value(&c, at("B"), "x y", None).unwrap();
    store.set_response_value(&c, at("C"), "p", None).unwrap();
    let level = |store: &Store| store.level(&c).unwrap();
    assert_eq!(level(&store).as_deref(), Some("critical"), "10 + 3 + 5 + 7 = 25");
    // Answering A "no" hides B and C: their points no longer count, though their answers stay.
    store.set_response_value(&c, at("A"), "no", None).unwrap();
    assert_eq!(level(&store).as_deref(), Some("low"));
    let (_, responses, standing) = store.standing(&c).unwrap();
    assert_eq!(responses["B"].value, "x y", "the hidden answer is kept");
    assert_eq!(standing.score, 0);
    store.set_response_value(&c, at("A"), "yes", None).unwrap();
    assert_eq!(level(&store).as_deref(), Some("critical"), "shown again, it counts again");
    let history: Vec<(Option<String>, Option<String>)> =
        store.level_history(&c).unwrap().into_iter().map(|h| (h.old_level, h.new_level)).collect();
    let l = |s: &str| Some(s.to_string());
    assert_eq!(
        history,
        [
            (None, l("low")),
            (l("low"), l("medium")),
            (l("medium"), l("high")),
            (l("high"), l("critical")),
            (l("critical"), l("low")),
            (l("low"), l("critical"))
        ]
    );
}

#[test]
fn required_questions_left_unanswered_are_recorded_with_the_sign_off() {
    let q = questionnaire();
    let mut store = Store::open_in_memory().unwrap();
    let c = open(&mut store, &q);
    let at = |id| QuestionRef { id, stage: "s1" };
    store.set_response_value(&c, at("A"), "yes", None).unwrap();
    store.set_response_value(&c, at("B"), "y", None).unwrap();
    let (q, responses, standing) = store.standing(&c).unwrap();
    assert_eq!(standing.level.as_deref(), Some("high"));
    assert_eq!(q.unanswered_required(&standing, &responses, "s1"), ["F"]);
    assert_eq!(q.unanswered_required(&standing, &responses, "s2"), ["R1"], "level high requires R1");
    let seen = store.sign_off_warnings(&c, "s1").unwrap();
    store.sign_off_stage(&c, "s1", "F는 다음 회의에서 | later", &[], None, &seen).unwrap();
    let s1 = &store.stage_statuses(&c).unwrap()[0];
    assert_eq!(s1.sign_off.as_ref().unwrap().unanswered_required, ["F"]);
    // Not applicable counts as answered.
    store.set_assessment(&c, QuestionRef { id: "R1", stage: "s2" }, Assessment::NotApplicable, None).unwrap();
    let (q, responses, standing) = store.standing(&c).unwrap();
    assert!(q.unanswered_required(&standing, &responses, "s2").is_empty());
}

// ---------------------------------------------------------------------------------------------
// In the TUI

use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::screens::consultation::ConsultationView;
use chec::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn view(app: &App) -> &ConsultationView {
    app.view.as_deref().expect("open")
}

fn scored_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    open(&mut store, &questionnaire());
    let mut app = common::app::on_day(store, "2026-11-22");
    app.update(Action::Enter);
    app
}

/// Answer the selected choice question with the option at `index` (↓ index times, Enter).
fn choose(app: &mut App, index: usize) {
    press_code(app, KeyCode::Char('a'));
    for _ in 0..index {
        press_code(app, KeyCode::Down);
    }
    press_code(app, KeyCode::Enter);
}

#[test]
fn answers_show_and_hide_questions_and_raise_the_level_on_screen() {
    let mut app = scored_app();
    assert_eq!(common::app::listed_questions(&app), ["A", "E"]);
    assert_eq!(view(&app).level_label().as_deref(), Some("level low"));
    choose(&mut app, 0); // A: yes
    assert_eq!(common::app::listed_questions(&app), ["A", "B", "H"]);
    assert_eq!(view(&app).selected_question_id().as_deref(), Some("A"), "the cursor stays on the question");
    press_code(&mut app, KeyCode::Down);
    assert_eq!(view(&app).selected_question_id().as_deref(), Some("B"));
    press_code(&mut app, KeyCode::Char('a'));
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Enter); // B: y
    assert_eq!(common::app::listed_questions(&app), ["A", "B", "C", "F", "H"], "level high shows F");
    assert_eq!(view(&app).level_label().as_deref(), Some("level high"));
    press_code(&mut app, KeyCode::Char('L'));
    assert!(view(&app).level_open);
    let history = app.store().level_history(&app.store().consultation("SCORE").unwrap().unwrap()).unwrap();
    let lines: Vec<String> = view(&app).level_lines(&Theme::plain(), &history).iter().map(|l| l.to_string()).collect();
    for expected in [
        "High (level high) · score 15",
        "Score: Risk 15 + Mitigation 0 × -1",
        "  A Yes — Risk +10",
        "  B Y — Risk +5",
        "  • answer R1",
        "  • sign-off by Ethics board",
        "Required, not yet answered: F, R1",
    ] {
        assert!(lines.iter().any(|l| l == expected), "{expected:?} in {lines:#?}");
    }
    assert!(lines.iter().any(|l| l.contains("medium → high (score 15)")), "{lines:#?}");
    press_code(&mut app, KeyCode::Esc);
    assert!(!view(&app).level_open);
}

#[test]
fn signing_off_with_required_questions_unanswered_asks_first_and_records_the_exception() {
    let mut app = scored_app();
    choose(&mut app, 0); // A: yes
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Char('a'));
    press_code(&mut app, KeyCode::Down);
    press_code(&mut app, KeyCode::Char(' '));
    press_code(&mut app, KeyCode::Enter); // B: y → level high, F required
    press_code(&mut app, KeyCode::Char('S'));
    // Questions not assessed yet: signing off asks first.
    assert!(app.confirm.is_some(), "asked about the unassessed questions first");
    app.update(Action::Yes);
    let form = &app.form.as_ref().expect("the sign-off form").form;
    assert!(form.notes.iter().any(|n| n.contains("Required and not answered: F")), "{:?}", form.notes);
    assert!(form.notes.iter().any(|n| n.contains("requires sign-off by: Ethics board")), "{:?}", form.notes);
    for c in "검토 완료 | done".chars() {
        app.update(Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    app.update(Action::Save);
    let confirm = app.confirm.as_ref().expect("asked first");
    assert!(confirm.message.contains("1 required question not answered: F"), "{}", confirm.message);
    press_code(&mut app, KeyCode::Char('n'));
    assert!(app.form.is_some(), "n goes back to the form");
    let c = app.store().consultation("SCORE").unwrap().unwrap();
    assert!(app.store().stage_statuses(&c).unwrap()[0].sign_off.is_none());
    app.update(Action::Save);
    press_code(&mut app, KeyCode::Char('y'));
    let s1 = &app.store().stage_statuses(&c).unwrap()[0];
    assert_eq!(s1.sign_off.as_ref().expect("signed off").unanswered_required, ["F"]);
}

// ---------------------------------------------------------------------------------------------
// The shipped AI impact screening

fn screening() -> Questionnaire {
    common::catalog::questionnaire("ai-impact-screening")
}

#[test]
fn the_shipped_screening_validates_in_both_languages_without_a_missing_translation() {
    let (name, text) = catalog::SHIPPED.iter().find(|(n, _)| n.ends_with("ai-impact-screening.json")).unwrap();
    let checked = catalog::check(name, text);
    assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
    let q = checked.questionnaire.unwrap();
    assert_eq!(q.languages, ["ko", "en"]);
    let levels = &q.scoring.as_ref().unwrap().levels;
    assert_eq!(levels.len(), 4);
    assert!(
        q.questions
            .iter()
            .any(|x| x.kind == chec::domain::AnswerKind::Choice && x.choices.iter().any(|c| !c.points.is_empty()))
    );
    assert!(q.questions.iter().filter(|x| x.show_if.is_some()).count() >= 5);
    for question in &q.questions {
        for text in [&question.prompt, &question.guidance.why, &question.guidance.good_answer, &question.title] {
            assert!(!text.get("ko").1, "{} in Korean", question.id);
            assert!(!text.get("en").1, "{} in English", question.id);
        }
    }
}

/// (question, answer) steps and the level they lead to.
#[test]
fn the_screening_levels_follow_the_answers() {
    let q = screening();
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("SCR-01", "none"), ("SCR-04", "few")], "1"),
        (&[("SCR-01", "none"), ("SCR-04", "everyone"), ("SCR-05", "children elderly")], "2"),
        (&[("SCR-01", "rights"), ("SCR-03", "informs"), ("SCR-04", "thousands")], "4"),
        (&[("SCR-01", "rights"), ("SCR-03", "minor"), ("SCR-10", "before"), ("SCR-11", "documented")], "3"),
        (&[("SCR-01", "health"), ("SCR-03", "decides")], "4"),
        (&[("SCR-01", "unsure"), ("SCR-03", "decides"), ("SCR-10", "before"), ("SCR-12", "yes")], "2"),
    ];
    for (steps, level) in cases {
        let mut store = Store::open_in_memory().unwrap();
        let c = open(&mut store, &q);
        for (id, value) in *steps {
            let stage = q.question(id).unwrap().stage.clone();
            store.set_response_value(&c, QuestionRef { id, stage: &stage }, value, None).unwrap();
        }
        assert_eq!(store.level(&c).unwrap().as_deref(), Some(*level), "{steps:?}");
        let (q, _, standing) = store.standing(&c).unwrap();
        // From level 3 the duties stage shows the operator's duties; below it, it does not.
        let shows_duties = standing.is_shown(&q, "DUT-03");
        assert_eq!(shows_duties, matches!(*level, "3" | "4"), "{steps:?}");
    }
}

#[test]
fn the_report_and_json_give_the_level_and_its_reasons() {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let q = screening();
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("김민지 | 컨설턴트");
    let c = open(&mut store, &q);
    for (id, value) in [("SCR-01", "rights"), ("SCR-03", "decides"), ("SCR-04", "many")] {
        store.set_response_value(&c, QuestionRef { id, stage: "screening" }, value, None).unwrap();
    }
    // The questionnaire is Korean first, and so is its report.
    let record = chec::export::Record::load(&store, "SCORE").unwrap();
    let md = chec::export::report::report(&record);
    // The "영향 등급" (impact level) section: its first paragraph and its tables' rows.
    let (mut in_section, mut paragraph, mut row, mut cell) =
        (false, None::<String>, Vec::<String>::new(), None::<String>);
    let (mut paragraphs, mut rows) = (Vec::new(), Vec::new());
    let mut heading = None::<String>;
    for event in Parser::new_ext(&md, pulldown_cmark::Options::all()) {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                in_section = heading.take().as_deref() == Some("영향 등급")
            }
            Event::Start(Tag::Paragraph) if in_section => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => paragraphs.extend(paragraph.take()),
            Event::Start(Tag::TableCell) if in_section => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) if !row.is_empty() => rows.push(std::mem::take(&mut row)),
            Event::Text(t) => {
                for target in [&mut heading, &mut paragraph, &mut cell].into_iter().flatten() {
                    target.push_str(&t);
                }
            }
            _ => {}
        }
    }
    assert_eq!(paragraphs[0], "4단계: 고영향 AI (4 등급), 점수 51 (영향 51 + 완화 0 × -1).");
    assert!(
        rows.contains(&vec![
            "SCR-01".into(),
            "채용, 대출 심사 등 권리·의무에 중대한 영향을 주는 판단·평가".into(),
            "영향".into(),
            "+30".into()
        ]),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r[1] == "—" && r[2] == "1" && r[4] == "김민지 | 컨설턴트"),
        "the level history: {rows:?}"
    );
    assert!(md.contains("- **영향 등급:** 4 (4단계: 고영향 AI), 점수 51"), "{md}");
    let v = chec::export::json::report(&record);
    assert_eq!(v["impact"]["level"], "4");
    assert_eq!(v["impact"]["score"], 51);
    assert_eq!(v["impact"]["reasons"][1]["question_id"], "SCR-03");
    let history: Vec<&str> =
        v["impact"]["history"].as_array().unwrap().iter().map(|h| h["new_level"].as_str().unwrap()).collect();
    assert_eq!(history, ["1", "3", "4"], "each change of level once: at opening, then as answers raised it");
}
