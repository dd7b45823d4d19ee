//! The TUI's state, driven without a terminal: actions in (`App::update`, `App::tick`), state
//! and database rows out. Keys go through the key table (`keys::resolve`) where the test is
//! about what a key does.

use crate::common;
use crate::common::app::open;
use crate::common::keys::{ctrl, key, press, press_str, type_text};
use crate::common::store::{crash, file_store};

use std::path::Path;
use std::time::{Duration, Instant};

use chec::domain::{
    Assessment, Consultation, DraftTarget, ItemStatus, MeetingField, NewConsultation, NewItem, NewMeeting, Priority,
    ResponseChange, ResponseField, StageState,
};
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::{App, Purpose, Status};
use chec::tui::keys::{self, BINDINGS};
use chec::tui::screens::consultation::{ConsultationView, EditTarget, Pane};
use chec::tui::theme::Theme;
use chec::tui::widgets::form::Form;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const TODAY: &str = "2026-11-22";
const ACTOR: &str = "김민지";
const CARE_NAME: &str = "돌봄 챗봇 | Care chatbot";
const CARE_TEAM: &str = "케어 AI팀";

// ---------------------------------------------------------------------------------------------
// Helpers

fn backspace(app: &mut App, times: usize) {
    for _ in 0..times {
        app.update(Action::Input(key(KeyCode::Backspace)));
    }
}

fn questionnaire(id: &str) -> chec::domain::Questionnaire {
    common::catalog::questionnaire(id)
}

fn memory_store() -> Store {
    common::store::memory_store(ACTOR)
}

fn create(store: &mut Store, key: &str, name: &str, team: &str, traits: &[&str]) -> Consultation {
    let new = NewConsultation {
        key: key.parse().unwrap(),
        name: name.into(),
        team: team.into(),
        description: String::new(),
        traits: traits.iter().map(|t| t.to_string()).collect(),
    };
    store.create_consultation(&new, &questionnaire("chec-default")).unwrap()
}

fn create_care(store: &mut Store, traits: &[&str]) -> Consultation {
    create(store, "CARE", CARE_NAME, CARE_TEAM, traits)
}

fn app_on(store: Store) -> App {
    common::app::on_day(store, TODAY)
}

/// A fresh database holding CARE (no traits), opened at its first stage.
fn care_app() -> App {
    let mut store = memory_store();
    create_care(&mut store, &[]);
    let mut app = app_on(store);
    open(&mut app, "CARE");
    app
}

/// A database file in a new temporary folder, holding CARE (no traits), and an app on it
/// with CARE open at its first stage. The folder goes when the first value is dropped.
fn care_app_in_a_file() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = file_store(&path, ACTOR);
    create_care(&mut store, &[]);
    let mut app = app_on(store);
    open(&mut app, "CARE");
    (dir, path, app)
}

fn view(app: &App) -> &ConsultationView {
    app.view.as_deref().expect("a consultation is open")
}

fn consultation(app: &App) -> Consultation {
    let key = view(app).consultation.key.clone();
    app.store().consultation(&key).unwrap().expect("stored")
}

fn selected(app: &App) -> String {
    view(app).selected_question_id().expect("a question is selected")
}

fn selected_stage(app: &App) -> String {
    view(app).selected_stage().expect("a stage").stage.clone()
}

/// Tab until the question list has the focus.
fn focus_questions(app: &mut App) {
    for _ in 0..3 {
        if view(app).pane == Pane::Questions {
            return;
        }
        app.update(Action::NextPane);
    }
    panic!("the question list never got the focus");
}

/// Put the cursor on a question of the chosen stage.
fn go_to(app: &mut App, question: &str) {
    focus_questions(app);
    app.update(Action::First);
    for _ in 0..40 {
        if selected(app) == question {
            return;
        }
        app.update(Action::Down);
    }
    panic!("{question} is not in the list: {:?}", view(app).rows);
}

fn go_to_stage(app: &mut App, stage: &str) {
    for _ in 0..10 {
        app.update(Action::PrevStage);
    }
    for _ in 0..10 {
        if selected_stage(app) == stage {
            return;
        }
        app.update(Action::NextStage);
    }
    panic!("no stage {stage}");
}

fn answer(app: &App, question: &str) -> String {
    let responses = app.store().responses(&consultation(app)).unwrap();
    responses.get(question).map(|r| r.answer.clone()).unwrap_or_default()
}

fn notes(app: &App, question: &str) -> String {
    let responses = app.store().responses(&consultation(app)).unwrap();
    responses.get(question).map(|r| r.notes.clone()).unwrap_or_default()
}

fn history(app: &App, question: &str) -> Vec<ResponseChange> {
    app.store().response_history(&consultation(app), question).unwrap()
}

fn drafts(app: &App) -> Vec<(DraftTarget, String)> {
    app.store().drafts(&consultation(app)).unwrap()
}

/// The response field being edited and its text, if any.
fn editing(app: &App) -> Option<(String, ResponseField, String)> {
    match &view(app).editing {
        Some((EditTarget::Response { question_id, field, .. }, editor)) => {
            Some((question_id.clone(), *field, editor.text()))
        }
        Some((EditTarget::Meeting { .. }, _)) => panic!("editing a meeting field"),
        None => None,
    }
}

fn info(app: &App) -> String {
    match &app.status {
        Some(Status::Info(s)) => s.clone(),
        other => panic!("expected an info status, got {other:?}"),
    }
}

fn error(app: &App) -> String {
    match &app.status {
        Some(Status::Error(s)) => s.clone(),
        other => panic!("expected an error status, got {other:?}"),
    }
}

fn form(app: &App) -> &Form {
    &app.form.as_ref().expect("a form is open").form
}

fn purpose(app: &App) -> Purpose {
    app.form.as_ref().expect("a form is open").purpose.clone()
}

fn form_error(app: &App) -> String {
    form(app).error.clone().expect("the form shows an error")
}

fn focused_field(app: &App) -> String {
    let form = form(app);
    form.fields[form.focus].name.clone()
}

/// Tab to a form field.
fn focus(app: &mut App, field: &str) {
    for _ in 0..=form(app).fields.len() {
        if focused_field(app) == field {
            return;
        }
        app.update(Action::NextPane);
    }
    panic!("the form has no field {field}");
}

fn fill(app: &mut App, field: &str, text: &str) {
    focus(app, field);
    type_text(app, text);
}

/// Step a choice field to the option whose value is `value`.
fn choose(app: &mut App, field: &str, value: &str) {
    focus(app, field);
    for _ in 0..12 {
        if form(app).value(field) == value {
            return;
        }
        app.update(Action::Right);
    }
    panic!("{field} has no option {value}");
}

fn confirm_message(app: &App) -> String {
    app.confirm.as_ref().expect("a question is asked").message.clone()
}

fn in_two_seconds() -> Instant {
    Instant::now() + Duration::from_secs(2)
}

fn answer_target(question: &str) -> DraftTarget {
    DraftTarget::Response { question_id: question.into(), field: ResponseField::Answer }
}

fn high_item(store: &mut Store, c: &Consultation, title: &str) {
    let new = NewItem {
        title: title.into(),
        priority: Some(Priority::High),
        question_id: Some("PLN-06".into()),
        principles: vec!["privacy".into()],
        stage: "planning".into(),
        ..NewItem::default()
    };
    store.raise_item(c, &new, None).unwrap();
}

fn start_meeting_in_form(app: &mut App, attendees: &str, agenda: &str) {
    app.update(Action::Meeting);
    assert!(matches!(purpose(app), Purpose::StartMeeting { .. }));
    // A follow-up meeting offers the last one's attendees: start from an empty field.
    app.form.as_mut().expect("the meeting form").form.set_text("attendees", "");
    fill(app, "attendees", attendees);
    fill(app, "agenda", agenda);
    app.update(Action::Save);
    // The attendees are shown as understood before the meeting starts.
    let parsed = chec::domain::meeting::parse_attendees(attendees);
    let asked = confirm_message(app);
    if parsed.is_empty() {
        assert!(asked.contains("no attendees"), "{asked}");
    } else {
        assert!(asked.contains(&chec::domain::meeting::describe_attendees(&parsed)), "{asked}");
    }
    app.update(Action::Yes);
    assert!(app.form.is_none(), "the meeting form was refused: {:?}", app.form.as_ref().map(|f| &f.form.error));
}

/// The screen row where the question list shows `needle`, drawing the app at its size.
fn drawn_row(app: &App, needle: &str) -> u16 {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| chec::tui::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    let list = chec::tui::screens::consultation::areas(chec::tui::app::frame_areas(app.size)[1]).question_rows;
    (list.y..list.bottom())
        .find(|&y| (list.x..list.right()).map(|x| buffer[(x, y)].symbol()).collect::<String>().contains(needle))
        .unwrap_or_else(|| panic!("{needle} is not drawn in the question list"))
}

/// The screen as drawn: each row's cells, the cells a wide character covers after its
/// first one empty.
fn cells(app: &App) -> Vec<Vec<String>> {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| chec::tui::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut row = Vec::new();
            let mut hidden = 0;
            for x in 0..buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                row.push(if hidden > 0 { String::new() } else { symbol.to_string() });
                hidden = if hidden > 0 { hidden - 1 } else { unicode_width::UnicodeWidthStr::width(symbol).max(1) - 1 };
            }
            row
        })
        .collect()
}

/// The screen as drawn, one string per row.
fn screen(app: &App) -> Vec<String> {
    cells(app).iter().map(|row| row.concat()).collect()
}

/// The text inside the box whose top border carries `title`, row by row, trimmed.
fn boxed(app: &App, title: &str) -> Vec<String> {
    let cells = cells(app);
    let text = |row: &[String]| row.concat();
    let top = cells
        .iter()
        .position(|row| text(row).contains(title))
        .unwrap_or_else(|| panic!("no {title}:\n{}", screen(app).join("\n")));
    let row = &cells[top];
    let at = (0..row.len()).find(|&x| text(&row[x..]).starts_with(title)).unwrap();
    let left = (0..at).rev().find(|&x| row[x] == "┌").expect("a box corner left of the title");
    let right = (at..row.len()).find(|&x| row[x] == "┐").expect("a box corner right of the title");
    cells[top + 1..]
        .iter()
        .take_while(|r| r[left] == "│")
        .map(|r| text(&r[left + 1..right]).trim().to_string())
        .collect()
}

fn line_text(line: &ratatui::text::Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

// ---------------------------------------------------------------------------------------------
// 1. New consultation

#[test]
fn new_consultation_form_creates_the_consultation_and_opens_it() {
    let mut app = app_on(memory_store());
    app.update(Action::New);
    assert_eq!(purpose(&app), Purpose::NewConsultation);
    fill(&mut app, "key", "CARE");
    fill(&mut app, "name", CARE_NAME);
    fill(&mut app, "team", CARE_TEAM);
    fill(&mut app, "description", "어르신 돌봄 상담\n| 두 번째 줄");
    choose(&mut app, "questionnaire", "kakao-lifecycle");
    focus(&mut app, "traits");
    app.update(Action::Right); // generative
    app.update(Action::Right); // minors
    app.update(Action::Toggle);
    assert_eq!(form(&app).toggled("traits"), ["minors"]);

    app.update(Action::Save);

    assert!(app.form.is_none());
    let c = consultation(&app);
    assert_eq!((c.key.as_str(), c.name.as_str(), c.team.as_str()), ("CARE", CARE_NAME, CARE_TEAM));
    assert_eq!(c.description, "어르신 돌봄 상담\n| 두 번째 줄");
    assert_eq!(c.questionnaire_id, "kakao-lifecycle");
    assert_eq!(c.traits, ["minors"]);
    assert_eq!(view(&app).questionnaire.id, "kakao-lifecycle");
    assert!(info(&app).contains("Opened CARE"), "{:?}", app.status);
    assert_eq!(app.consultations.page.rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["CARE"]);
}

#[test]
fn switching_the_questionnaire_resets_the_trait_toggles() {
    let mut app = app_on(memory_store());
    app.update(Action::New);
    focus(&mut app, "traits");
    app.update(Action::Toggle);
    assert_eq!(form(&app).toggled("traits"), ["personal-data"]);
    choose(&mut app, "questionnaire", "kakao-lifecycle");
    assert!(form(&app).toggled("traits").is_empty());
}

#[test]
fn a_key_typed_in_lower_case_is_written_in_capitals() {
    let mut app = app_on(memory_store());
    app.update(Action::New);
    fill(&mut app, "key", "care1");
    assert_eq!(form(&app).value("key"), "CARE1", "shown in capitals as typed");
    fill(&mut app, "name", CARE_NAME);
    app.update(Action::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| &f.form.error));
    assert!(app.store().consultation("CARE1").unwrap().is_some());
}

#[test]
fn a_key_with_a_character_no_key_may_hold_keeps_the_form_open_with_an_error() {
    let mut app = app_on(memory_store());
    app.update(Action::New);
    fill(&mut app, "key", "돌봄");
    fill(&mut app, "name", CARE_NAME);
    app.update(Action::Save);
    assert!(form_error(&app).contains("invalid consultation key '돌봄'"), "{}", form_error(&app));
    assert_eq!(form(&app).value("name"), CARE_NAME, "what was typed is kept");
    assert!(app.view.is_none());
    assert!(app.consultations.page.rows.is_empty());
}

#[test]
fn a_key_already_in_use_is_refused_in_the_form() {
    let mut store = memory_store();
    create_care(&mut store, &[]);
    let mut app = app_on(store);
    app.update(Action::New);
    fill(&mut app, "key", "CARE");
    fill(&mut app, "name", "다른 서비스 | other");
    app.update(Action::Save);

    assert!(form_error(&app).contains("CARE already exists"), "{}", form_error(&app));
    assert_eq!(app.store().consultation("CARE").unwrap().unwrap().name, CARE_NAME);
}

#[test]
fn a_new_consultation_needs_a_name() {
    let mut app = app_on(memory_store());
    app.update(Action::New);
    fill(&mut app, "key", "CARE");
    app.update(Action::Save);
    assert!(form_error(&app).contains("name must not be empty"), "{}", form_error(&app));
    assert!(app.store().consultation("CARE").unwrap().is_none());
}

#[test]
fn esc_on_an_untouched_form_closes_it_without_asking() {
    let mut app = app_on(memory_store());
    app.update(Action::New);
    app.update(Action::Back);
    assert!(app.form.is_none());
    assert!(app.confirm.is_none());
}

#[test]
fn esc_on_a_typed_form_asks_no_keeps_it_and_yes_discards_it() {
    let mut app = app_on(memory_store());
    app.update(Action::New);
    fill(&mut app, "key", "CARE");
    fill(&mut app, "name", "돌봄");

    app.update(Action::Back);
    assert!(confirm_message(&app).contains("Discard"));
    app.update(Action::No);
    assert!(app.confirm.is_none());
    assert_eq!(form(&app).value("name"), "돌봄", "No keeps the form and its text");

    app.update(Action::Back);
    app.update(Action::Yes);
    assert!(app.form.is_none());
    assert!(app.store().consultation("CARE").unwrap().is_none());
}

#[test]
fn real_keys_open_the_form_type_q_as_text_and_y_discards() {
    let mut app = app_on(memory_store());
    assert_eq!(press(&mut app, key(KeyCode::Char('n'))), Some(Action::New));
    press_str(&mut app, "QN");
    press(&mut app, key(KeyCode::Enter)); // next field
    press_str(&mut app, "quit? no | 아니요");
    assert!(!app.quit && !app.help_open, "q and ? are text in a text field");
    assert_eq!(form(&app).value("key"), "QN");
    assert_eq!(form(&app).value("name"), "quit? no | 아니요");

    assert_eq!(press(&mut app, key(KeyCode::Esc)), Some(Action::Back));
    assert!(app.confirm.is_some());
    assert_eq!(press(&mut app, key(KeyCode::Char('y'))), Some(Action::Yes));
    assert!(app.form.is_none());
}

// ---------------------------------------------------------------------------------------------
// 2. The filter

fn three_consultations() -> App {
    let mut store = memory_store();
    create(&mut store, "CARE", CARE_NAME, CARE_TEAM, &[]);
    create(&mut store, "HIRE", "Résumé screening", "People tech", &[]);
    create(&mut store, "LOAN", "대출 심사 | Loan review", "Risk", &[]);
    app_on(store)
}

fn listed(app: &App) -> Vec<&str> {
    app.consultations.page.rows.iter().map(|r| r.key.as_str()).collect()
}

#[test]
fn the_filter_narrows_the_list_as_you_type_and_esc_clears_it() {
    let mut app = three_consultations();
    assert_eq!(listed(&app), ["CARE", "HIRE", "LOAN"]);
    app.update(Action::Filter);
    type_text(&mut app, "돌");
    assert_eq!(listed(&app), ["CARE"]);
    backspace(&mut app, 1);
    assert_eq!(listed(&app), ["CARE", "HIRE", "LOAN"]);
    type_text(&mut app, "| ");
    assert_eq!(listed(&app), ["CARE", "LOAN"], "a | in the filter is plain text");
    backspace(&mut app, 2);
    type_text(&mut app, "hire");
    assert_eq!(listed(&app), ["HIRE"], "ASCII case is ignored");

    app.update(Action::Back);
    assert!(!app.consultations.is_typing());
    assert_eq!(app.consultations.filter, "");
    assert_eq!(listed(&app), ["CARE", "HIRE", "LOAN"]);
}

#[test]
fn enter_keeps_the_filter_and_esc_on_the_list_clears_it() {
    let mut app = three_consultations();
    press(&mut app, key(KeyCode::Char('/')));
    press_str(&mut app, "심사");
    press(&mut app, key(KeyCode::Enter));
    assert!(!app.consultations.is_typing());
    assert_eq!(app.consultations.filter, "심사");
    assert_eq!(listed(&app), ["LOAN"]);

    press(&mut app, key(KeyCode::Enter));
    assert_eq!(view(&app).consultation.key, "LOAN", "Enter opens the one row shown");
    app.update(Action::Back);
    assert_eq!(listed(&app), ["LOAN"], "the filter survives a visit");

    app.update(Action::Back);
    assert_eq!(listed(&app), ["CARE", "HIRE", "LOAN"]);
}

#[test]
fn a_filter_a_waiting_key_interrupts_keeps_the_rows_until_it_is_read_between_keys() {
    // Two apps given the same keys, each on its copy of one database: one reads at once (it
    // watches no input); the other is told a key is waiting, so its reads stop as soon as
    // they start (enough rows that a read takes longer than that).
    let mut store = memory_store();
    for n in 0..120 {
        create(&mut store, &format!("S{n:03}"), &format!("서비스 {n} | service"), "AI", &[]);
    }
    create(&mut store, "LOAN", "대출 심사 | Loan review", "Risk", &[]);
    let dir = tempfile::tempdir().unwrap();
    let many = |name: &str| {
        let path = dir.path().join(name);
        store.backup_to(&path, false).unwrap();
        app_on(file_store(&path, ACTOR))
    };
    let (mut at_once, mut later) = (many("at-once.db"), many("later.db"));
    let key_waiting = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let waiting = std::sync::Arc::clone(&key_waiting);
    later.watch_input(move || waiting.load(std::sync::atomic::Ordering::SeqCst));
    let before = listed(&later).iter().map(|k| k.to_string()).collect::<Vec<_>>();
    for app in [&mut at_once, &mut later] {
        app.update(Action::Filter);
        app.update(Action::Paste("심사".into()));
    }
    assert_eq!(listed(&at_once), ["LOAN"]);
    assert!(later.is_behind(), "the read stopped for the waiting key");
    assert_eq!(listed(&later), before, "the rows from before stay until the new ones are read");
    assert_eq!(later.consultations.total_label(), "searching…");
    assert!(later.consultations.selected().is_none(), "no row is offered while the rows shown may not match");
    later.update(Action::Input(key(KeyCode::Enter)));
    later.update(Action::Enter);
    assert!(later.view.is_none(), "Enter does not open a consultation from before the filter");
    later.update(Action::Down);
    assert!(later.is_behind(), "a move while behind reads the filter again, and stops again");

    key_waiting.store(false, std::sync::atomic::Ordering::SeqCst);
    later.catch_up();
    assert!(!later.is_behind());
    assert_eq!(listed(&later), ["LOAN"]);
    assert_eq!(later.consultations.total_label(), "1");
}

#[test]
fn a_filter_matching_nothing_shows_no_rows() {
    let mut app = three_consultations();
    app.update(Action::Filter);
    type_text(&mut app, "없음");
    assert!(listed(&app).is_empty());
    app.update(Action::Enter);
    assert!(app.view.is_none());
}

// ---------------------------------------------------------------------------------------------
// 3. Editing answers and notes

#[test]
fn esc_commits_the_answer_with_a_history_row_naming_the_actor() {
    let mut app = care_app();
    assert_eq!(selected(&app), "PLN-01");
    app.update(Action::EditAnswer);
    assert_eq!(editing(&app), Some(("PLN-01".into(), ResponseField::Answer, String::new())));
    type_text(&mut app, "어르신 | 보호자");
    app.update(Action::Back);

    assert_eq!(editing(&app), None);
    assert_eq!(answer(&app, "PLN-01"), "어르신 | 보호자");
    let history = history(&app, "PLN-01");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].field, "answer");
    assert_eq!((history[0].old_value.as_str(), history[0].new_value.as_str()), ("", "어르신 | 보호자"));
    assert_eq!(history[0].changed_by, ACTOR);
    assert_eq!(history[0].meeting_seq, None);
    assert!(info(&app).contains("PLN-01"), "{:?}", app.status);
    assert_eq!(view(&app).response("PLN-01").unwrap().answer, "어르신 | 보호자", "the view shows it");
}

#[test]
fn enter_in_an_answer_is_a_new_line() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "첫 줄\n둘째 | 줄");
    app.update(Action::Back);
    assert_eq!(answer(&app, "PLN-01"), "첫 줄\n둘째 | 줄");
}

#[test]
fn tab_while_editing_the_answer_commits_it_and_opens_the_notes() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "답변");
    app.update(Action::NextPane);

    assert_eq!(answer(&app, "PLN-01"), "답변");
    assert_eq!(editing(&app), Some(("PLN-01".into(), ResponseField::Notes, String::new())));
    type_text(&mut app, "메모 | note");
    app.update(Action::NextPane);
    assert_eq!(notes(&app, "PLN-01"), "메모 | note");
    assert_eq!(editing(&app), Some(("PLN-01".into(), ResponseField::Answer, "답변".into())), "and back");
}

#[test]
fn save_commits_and_keeps_editing() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "저장");
    app.update(Action::Save);

    assert_eq!(answer(&app, "PLN-01"), "저장");
    assert_eq!(editing(&app), Some(("PLN-01".into(), ResponseField::Answer, "저장".into())));
    type_text(&mut app, " | 계속");
    app.update(Action::Back);
    assert_eq!(answer(&app, "PLN-01"), "저장 | 계속");
    let values: Vec<_> = history(&app, "PLN-01").into_iter().map(|h| h.new_value).collect();
    assert_eq!(values, ["저장", "저장 | 계속"]);
}

#[test]
fn save_keeps_the_cursor_where_it_was() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "ac");
    app.update(Action::Input(key(KeyCode::Left)));
    app.update(Action::Save);
    type_text(&mut app, "b");
    assert_eq!(editing(&app).unwrap().2, "abc", "typing after Ctrl-S continues where the cursor was");
}

#[test]
fn pasted_decomposed_jamo_is_stored_as_whole_syllables() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    app.update(Action::Paste("\u{1112}\u{1161}\u{11ab}\u{1100}\u{1173}\u{11af}".into()));
    app.update(Action::Back);
    assert_eq!(answer(&app, "PLN-01"), "한글");
    assert_eq!(history(&app, "PLN-01")[0].new_value, "한글");
}

#[test]
fn a_stray_escape_in_a_paste_keeps_the_text_after_it() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    app.update(Action::Paste("Log: \u{1b}]8;;\nThe model must keep a human in the loop".into()));
    app.update(Action::Back);
    assert_eq!(answer(&app, "PLN-01"), "Log: 8;;\nThe model must keep a human in the loop");
    for introducer in ['\u{9d}', '\u{90}', '\u{98}', '\u{9e}', '\u{9f}'] {
        app.update(Action::EditNotes);
        app.update(Action::Paste(format!("앞 {introducer}뒤 | after")));
        app.update(Action::Back);
        assert!(notes(&app, "PLN-01").ends_with("앞 뒤 | after"), "{introducer:?}: {:?}", notes(&app, "PLN-01"));
    }
}

#[test]
fn leaving_an_editor_without_changes_writes_nothing() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    app.update(Action::Back);
    app.update(Action::EditNotes);
    type_text(&mut app, "지움");
    backspace(&mut app, 2);
    app.update(Action::Back);

    assert_eq!(editing(&app), None);
    assert!(history(&app, "PLN-01").is_empty());
    assert!(!app.store().responses(&consultation(&app)).unwrap().contains_key("PLN-01"));
}

#[test]
fn reopening_a_committed_answer_and_leaving_adds_no_history() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "한 번");
    app.update(Action::Back);
    app.update(Action::EditAnswer);
    assert_eq!(editing(&app).unwrap().2, "한 번", "the editor starts from the stored text");
    app.update(Action::Back);
    assert_eq!(history(&app, "PLN-01").len(), 1);
}

#[test]
fn real_keys_a_then_text_then_esc_commit_the_answer() {
    let mut app = care_app();
    assert_eq!(press(&mut app, key(KeyCode::Char('a'))), Some(Action::EditAnswer));
    assert_eq!(app.scopes(), [keys::Scope::Typing]);
    press_str(&mut app, "q?1 | 한");
    assert!(!app.quit && !app.help_open, "q and ? are text while typing");
    assert_eq!(view(&app).assessment("PLN-01"), Assessment::NotDiscussed, "1 is text while typing");
    assert_eq!(press(&mut app, key(KeyCode::Esc)), Some(Action::Back));
    assert_eq!(answer(&app, "PLN-01"), "q?1 | 한");
    assert_eq!(editing(&app), None);
}

#[test]
fn enter_on_the_question_list_edits_the_answer() {
    let mut app = care_app();
    go_to(&mut app, "PLN-02");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(editing(&app).map(|e| (e.0, e.1)), Some(("PLN-02".into(), ResponseField::Answer)));
}

#[test]
fn clicking_another_question_while_editing_commits_the_text_and_never_hides_the_editor() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "보이지 않는 글");
    let row = drawn_row(&app, "PLN-02");
    app.update(Action::Click { column: 4, row });
    // Leaving the field by clicking saves it, as Esc does: no editor is left open on a
    // question that is no longer shown, and the words are in the database.
    assert_eq!(editing(&app), None, "the editor closed with the click");
    assert_eq!(answer(&app, "PLN-01"), "보이지 않는 글", "the typed text was committed");
    assert_eq!(selected(&app), "PLN-02", "the click chose the other question");
}

#[test]
fn clicking_another_stage_while_editing_commits_the_text_and_never_hides_the_editor() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "보이지 않는 글");
    let rail = chec::tui::screens::consultation::areas(chec::tui::app::frame_areas(app.size)[1]).rail;
    let second = view(&app).rail_segments(rail)[1];
    app.update(Action::Click { column: second.x + 1, row: second.y });
    assert_eq!(editing(&app), None, "the editor closed with the click");
    assert_eq!(answer(&app, "PLN-01"), "보이지 않는 글", "the typed text was committed");
    assert_eq!(selected_stage(&app), "data", "the click chose the second stage");
    assert!(
        !common::app::listed_questions(&app).contains(&"PLN-01".to_string()),
        "the first stage's questions are not shown"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Autosave

#[test]
fn autosave_writes_a_draft_of_the_text_so_far_and_committing_deletes_it() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "초안 | draft");
    app.tick(in_two_seconds());

    assert_eq!(drafts(&app), [(answer_target("PLN-01"), "초안 | draft".to_string())]);
    assert_eq!(answer(&app, "PLN-01"), "", "a draft is not the answer yet");
    assert!(history(&app, "PLN-01").is_empty());

    type_text(&mut app, " 더");
    app.tick(Instant::now() + Duration::from_secs(4));
    assert_eq!(drafts(&app), [(answer_target("PLN-01"), "초안 | draft 더".to_string())]);

    app.update(Action::Back);
    assert!(drafts(&app).is_empty());
    assert_eq!(answer(&app, "PLN-01"), "초안 | draft 더");
}

#[test]
fn autosave_waits_for_the_interval() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "방금");
    app.tick(Instant::now());
    assert!(drafts(&app).is_empty());
}

#[test]
fn a_draft_of_text_typed_and_then_removed_is_discarded_on_esc() {
    let mut app = care_app();
    app.update(Action::EditNotes);
    type_text(&mut app, "잠깐");
    app.tick(in_two_seconds());
    assert_eq!(drafts(&app).len(), 1);
    backspace(&mut app, 2);
    app.update(Action::Back);
    assert!(drafts(&app).is_empty());
    assert!(history(&app, "PLN-01").is_empty());
}

/// Notes of about 2.5 MB: a long transcript, Korean with a pipe, one line each.
fn big_notes() -> String {
    (0..35_000).map(|i| format!("{i:05} 회의 기록 | transcript of the long meeting, line by line ....\n")).collect()
}

/// Open the notes of PLN-01, already holding `notes`, in a file database a second
/// connection can watch.
fn editing_notes_in_a_file(path: &Path, notes: &str) -> App {
    let mut store = file_store(path, ACTOR);
    let c = create_care(&mut store, &[]);
    let pln01 = chec::domain::QuestionRef { id: "PLN-01", stage: "planning" };
    store.replace_response_text(&c, pln01, ResponseField::Notes, notes, None).unwrap();
    let mut app = app_on(store);
    open(&mut app, "CARE");
    app.update(Action::EditNotes);
    app
}

/// The draft's size and when it was written, as another connection sees it.
fn draft_row(watcher: &rusqlite::Connection) -> Option<(i64, String)> {
    use rusqlite::OptionalExtension;
    watcher
        .query_row("SELECT octet_length(body), updated_at FROM drafts", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .unwrap()
}

#[test]
fn typing_into_big_notes_writes_drafts_at_about_a_megabyte_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let notes = big_notes();
    assert!(notes.len() > 2_000_000);
    let mut app = editing_notes_in_a_file(&path, &notes);
    let watcher = rusqlite::Connection::open(&path).unwrap();

    // Twenty seconds of typing: a key every second, as many frames (ticks) as the event
    // loop draws when idle. Each draft write seen counts its size. (A key a second is
    // enough: the text changes between any two autosaves. Typing into a text this long
    // costs the text area a pass over all of it, which a debug build makes slow.)
    let start = Instant::now();
    let (mut writes, mut written, mut last) = (0usize, 0i64, None);
    for tick in 1..=80u64 {
        if tick % 4 == 0 {
            type_text(&mut app, "가");
        }
        app.tick(start + Duration::from_millis(250 * tick));
        let row = draft_row(&watcher);
        if row != last {
            writes += 1;
            written += row.as_ref().map_or(0, |(size, _)| *size);
            last = row;
        }
    }
    let seconds = 20;
    assert!(writes >= 2, "the notes were autosaved while typing ({writes} writes)");
    let budget = 1_000_000 * seconds + notes.len() as i64;
    assert!(written <= budget, "{writes} drafts wrote {written} bytes in {seconds} s: more than {budget}");

    // Typing stops: the last text is saved within one interval, then nothing more is written.
    let typed = editing(&app).unwrap().2;
    app.tick(start + Duration::from_secs(seconds as u64 + 10));
    let saved = draft_row(&watcher).expect("a draft");
    assert_eq!(saved.0, typed.len() as i64, "the draft holds all that was typed");
    for later in 11..40 {
        app.tick(start + Duration::from_secs(seconds as u64 + later));
    }
    assert_eq!(draft_row(&watcher), Some(saved), "nothing changed, nothing written");
}

#[test]
fn moving_the_cursor_or_undoing_to_the_saved_text_writes_nothing() {
    let mut app = care_app();
    app.update(Action::EditNotes);
    type_text(&mut app, "메모");
    app.tick(in_two_seconds());
    let saved = drafts(&app);
    assert_eq!(saved.len(), 1);
    // Moving about changes nothing; typing and deleting it again leaves the text as saved.
    app.update(Action::Input(key(KeyCode::Left)));
    type_text(&mut app, "x");
    backspace(&mut app, 1);
    app.tick(Instant::now() + Duration::from_secs(4));
    assert_eq!(drafts(&app), saved);
}

#[test]
fn autosave_covers_the_meeting_notes() {
    let mut app = care_app();
    start_meeting_in_form(&mut app, "", "");
    app.update(Action::Enter);
    type_text(&mut app, "회의 메모 | notes");
    app.tick(in_two_seconds());
    let meeting_id = view(&app).meeting.as_ref().unwrap().id.clone();
    assert_eq!(
        drafts(&app),
        [(DraftTarget::Meeting { meeting_id, field: MeetingField::Notes }, "회의 메모 | notes".to_string())]
    );
}

#[test]
fn text_typed_into_a_form_is_autosaved_and_the_draft_forgotten_on_submit() {
    let mut app = care_app();
    go_to(&mut app, "PLN-02");
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "보호자 동의");
    fill(&mut app, "detail", "긴 설명 | long detail");
    app.tick(in_two_seconds());
    let saved = drafts(&app);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(
        saved[0].0,
        DraftTarget::Form { form: chec::domain::FormDraft::RaiseItem { question_id: "PLN-02".into() } }
    );
    assert!(saved[0].1.contains("긴 설명 | long detail"), "{}", saved[0].1);

    app.update(Action::Save);
    assert!(app.form.is_none());
    assert!(drafts(&app).is_empty());
}

#[test]
fn a_discarded_form_forgets_its_draft() {
    let mut app = care_app();
    sign_off_anyway(&mut app);
    type_text(&mut app, "서명 | sign");
    app.tick(in_two_seconds());
    assert_eq!(drafts(&app).len(), 1);
    app.update(Action::Back);
    app.update(Action::Yes);
    assert!(app.form.is_none());
    assert!(drafts(&app).is_empty());
}

#[test]
fn an_unfinished_form_is_reopened_filled_in_after_the_app_is_dropped() {
    let (_dir, path, mut app) = care_app_in_a_file();
    go_to(&mut app, "PLN-02");
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "미완성 | unfinished");
    fill(&mut app, "detail", "첫 줄\n둘째 줄");
    choose(&mut app, "likelihood", "2");
    app.tick(in_two_seconds());
    crash(app, &path);
    // Stored under the name earlier versions wrote, so their databases' drafts recover too.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let target: String = raw.query_row("SELECT target FROM drafts", [], |r| r.get(0)).unwrap();
    assert_eq!(target, "form:raise-item:PLN-02");
    drop(raw);

    let mut app = app_on(file_store(&path, ACTOR));
    open(&mut app, "CARE");
    assert!(matches!(purpose(&app), Purpose::RaiseItem { ref question_id, .. } if question_id == "PLN-02"));
    assert_eq!(form(&app).value("title"), "미완성 | unfinished");
    assert_eq!(form(&app).value("detail"), "첫 줄\n둘째 줄");
    assert_eq!(form(&app).value("likelihood"), "2");
    assert!(info(&app).contains("unfinished form"), "{:?}", app.status);

    choose(&mut app, "impact", "5");
    app.update(Action::Save);
    let item = app.store().item("CARE-1").unwrap().expect("raised from the recovered form");
    assert_eq!((item.title.as_str(), item.priority), ("미완성 | unfinished", Priority::High));
    assert!(drafts(&app).is_empty());
}

#[test]
fn an_unfinished_new_consultation_form_survives_the_app_being_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut app = app_on(file_store(&path, ACTOR));
    app.update(Action::New);
    fill(&mut app, "key", "CARE");
    fill(&mut app, "description", "길게 쓴 설명 | long description");
    app.tick(in_two_seconds());
    crash(app, &path);

    let app = app_on(file_store(&path, ACTOR));
    assert!(app.form.is_some(), "the form comes back filled in");
}

// ---------------------------------------------------------------------------------------------
// 5. Drafts left behind

#[test]
fn a_draft_left_in_the_database_is_committed_on_open_with_the_cursor_on_its_question() {
    let mut store = memory_store();
    let c = create_care(&mut store, &[]);
    store.save_draft(&c, &answer_target("DAT-02"), "복구된 글 | recovered").unwrap();
    let mut app = app_on(store);
    open(&mut app, "CARE");

    assert_eq!(answer(&app, "DAT-02"), "복구된 글 | recovered");
    assert!(drafts(&app).is_empty());
    let status = info(&app);
    assert!(status.starts_with("Recovered"), "{status}");
    assert!(status.contains("DAT-02"), "{status}");
    assert_eq!(selected_stage(&app), "data");
    assert_eq!(selected(&app), "DAT-02");
    assert_eq!(view(&app).pane, Pane::Questions);
    assert_eq!(history(&app, "DAT-02")[0].changed_by, ACTOR);
}

#[test]
fn an_app_dropped_mid_edit_after_autosave_loses_nothing() {
    let (_dir, path, mut app) = care_app_in_a_file();
    go_to(&mut app, "PLN-03");
    app.update(Action::EditAnswer);
    type_text(&mut app, "최악의 기사 | worst story");
    app.tick(in_two_seconds());
    crash(app, &path);

    let mut app = app_on(file_store(&path, ACTOR));
    open(&mut app, "CARE");
    assert_eq!(answer(&app, "PLN-03"), "최악의 기사 | worst story");
    assert!(info(&app).starts_with("Recovered"), "{:?}", app.status);
    assert_eq!(selected(&app), "PLN-03");
    assert!(drafts(&app).is_empty());
}

#[test]
fn a_meeting_notes_draft_is_recovered_and_the_meeting_offered_for_resumption() {
    let (_dir, path, mut app) = care_app_in_a_file();
    start_meeting_in_form(&mut app, "김민지, consultant", "");
    app.update(Action::Enter);
    type_text(&mut app, "결정 전 | before");
    app.tick(in_two_seconds());
    crash(app, &path);

    let mut app = app_on(file_store(&path, ACTOR));
    open(&mut app, "CARE");
    assert!(confirm_message(&app).contains("Meeting 1"), "{}", confirm_message(&app));
    assert!(info(&app).starts_with("Recovered"), "the recovery is reported under the question: {:?}", app.status);
    let meeting = view(&app).meeting.clone().unwrap();
    assert_eq!(meeting.notes, "결정 전 | before");
    app.update(Action::Yes);
    assert!(view(&app).meeting_open);
}

#[test]
fn a_second_instance_does_not_commit_the_live_draft_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = file_store(&path, "first");
    create_care(&mut store, &[]);
    let mut first = app_on(store);
    open(&mut first, "CARE");
    first.update(Action::EditAnswer);
    type_text(&mut first, "아직 쓰는 중 | still typing");
    first.tick(in_two_seconds());

    let mut second = app_on(file_store(&path, "second"));
    open(&mut second, "CARE");
    assert_eq!(answer(&second, "PLN-01"), "", "half-typed text of a running chec is not an answer");
    assert_eq!(drafts(&second).len(), 1, "and its draft stays");
}

#[test]
fn a_click_on_a_recovered_question_below_the_first_screenful_selects_it() {
    let mut store = memory_store();
    let c = create_care(&mut store, &[]);
    store.save_draft(&c, &answer_target("PLN-06"), "개인정보").unwrap();
    let mut app = app_on(store);
    app.size = Rect::new(0, 0, 80, 12);
    open(&mut app, "CARE");
    assert_eq!(selected(&app), "PLN-06");

    // Click where the screen shows PLN-06: the click must land on it.
    let shown_at = drawn_row(&app, "PLN-06");
    app.update(Action::Click { column: 4, row: shown_at });
    assert_eq!(selected(&app), "PLN-06", "the click lands on the question drawn under the mouse");
}

#[test]
fn clicks_keep_landing_on_the_question_drawn_under_the_mouse() {
    let mut store = memory_store();
    create_care(&mut store, &[]);
    let mut app = app_on(store);
    app.size = Rect::new(0, 0, 80, 12);
    open(&mut app, "CARE");
    let drawn = drawn_row(&app, "PLN-05");
    app.update(Action::Click { column: 4, row: drawn });
    assert_eq!(selected(&app), "PLN-05");
    let shown_at = drawn_row(&app, "PLN-02");
    app.update(Action::Click { column: 4, row: shown_at });
    assert_eq!(selected(&app), "PLN-02", "the click lands on the question drawn under the mouse");
}

// ---------------------------------------------------------------------------------------------
// 6. Assessments

#[test]
fn assessment_keys_set_the_assessment_and_the_stage_progress() {
    let mut app = care_app();
    assert_eq!((view(&app).stages[0].assessed, view(&app).stages[0].questions), (0, 6));
    app.update(Action::Assess(Assessment::Satisfied));
    assert_eq!(view(&app).assessment("PLN-01"), Assessment::Satisfied);
    assert_eq!(info(&app), "PLN-01: ✓ satisfied");
    assert_eq!(view(&app).stage_progress(), (1, 6));

    go_to(&mut app, "PLN-04");
    app.update(Action::Assess(Assessment::NotApplicable));
    assert_eq!(view(&app).stage_progress(), (2, 6));
    app.update(Action::Assess(Assessment::NotDiscussed));
    assert_eq!(view(&app).stage_progress(), (1, 6), "not discussed does not count");

    let responses = app.store().responses(&consultation(&app)).unwrap();
    assert_eq!(responses["PLN-01"].assessment, Assessment::Satisfied);
    assert_eq!(responses["PLN-04"].assessment, Assessment::NotDiscussed);
    assert_eq!(app.store().stage_statuses(&consultation(&app)).unwrap()[0].assessed, 1);
}

#[test]
fn number_keys_assess_through_the_key_table() {
    let mut app = care_app();
    for (c, expected) in [
        ('2', Assessment::NeedsImprovement),
        ('3', Assessment::RiskIdentified),
        ('4', Assessment::NotApplicable),
        ('1', Assessment::Satisfied),
        ('0', Assessment::NotDiscussed),
    ] {
        assert_eq!(press(&mut app, key(KeyCode::Char(c))), Some(Action::Assess(expected)));
        assert_eq!(view(&app).assessment("PLN-01"), expected);
    }
    assert_eq!(history(&app, "PLN-01").len(), 5);
}

#[test]
fn leaving_the_consultation_shows_its_progress_on_the_list() {
    let mut app = care_app();
    app.update(Action::Assess(Assessment::Satisfied));
    app.update(Action::Back);
    assert!(app.view.is_none());
    assert_eq!(app.consultations.page.rows[0].assessed, 1);
}

// ---------------------------------------------------------------------------------------------
// 7. Raising items

#[test]
fn raise_item_opens_a_form_naming_the_question_and_its_principles() {
    let mut app = care_app();
    go_to(&mut app, "PLN-02");
    app.update(Action::RaiseItem);
    assert_eq!(
        purpose(&app),
        Purpose::RaiseItem {
            question_id: "PLN-02".into(),
            stage: "planning".into(),
            principles: vec!["human-centred".into(), "safety".into()],
        }
    );
    let notes = form(&app).notes.join("\n");
    assert!(notes.contains("PLN-02"), "{notes}");
    assert!(notes.contains("Developing human-centred AI, Safety in service design"), "{notes}");
    assert_eq!(focused_field(&app), "title");
}

#[test]
fn an_item_needs_a_title() {
    let mut app = care_app();
    app.update(Action::RaiseItem);
    fill(&mut app, "owner", "이지은");
    app.update(Action::Save);
    assert!(form_error(&app).contains("needs a title"), "{}", form_error(&app));
    assert!(app.store().item("CARE-1").unwrap().is_none());
}

#[test]
fn a_title_that_shows_nothing_is_no_title() {
    let mut app = care_app();
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "\u{200b}\u{3164} \u{2060}");
    app.update(Action::Paste("\u{1b}[31m\u{feff}".into()));
    fill(&mut app, "owner", "이지은");
    app.update(Action::Save);
    assert!(form_error(&app).contains("needs a title"), "{}", form_error(&app));
    assert!(app.store().item("CARE-1").unwrap().is_none());
}

#[test]
fn the_export_form_never_writes_over_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chec.db");
    let mut store = file_store(&db, ACTOR);
    create_care(&mut store, &[]);
    let mut app = app_on(store);
    open(&mut app, "CARE");
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let hard = dir.path().join("hard.md");
    std::fs::hard_link(&db, &hard).unwrap();
    let targets = [
        db.clone(),
        dir.path().join("chec.db-wal"),
        dir.path().join("chec.db-shm"),
        dir.path().join(".").join("chec.db"),
        link,
        hard,
    ];
    app.update(Action::Export);
    focus(&mut app, "replace");
    app.update(Action::Toggle);
    assert_eq!(form(&app).toggled("replace"), ["replace"]);
    for target in targets {
        app.form.as_mut().expect("the export form").form.set_text("path", &target.display().to_string());
        app.update(Action::Save);
        assert!(form_error(&app).contains("the database"), "{}: {}", target.display(), form_error(&app));
    }
    app.form = None;
    // The database is still whole and still the one chec writes to.
    app.update(Action::EditAnswer);
    type_text(&mut app, "여전히 | still here");
    app.update(Action::Back);
    drop(app);
    let reopened = Store::open(&db).unwrap();
    let care = reopened.consultation("CARE").unwrap().expect("CARE is still there");
    assert_eq!(reopened.responses(&care).unwrap()["PLN-01"].answer, "여전히 | still here");
}

#[test]
fn a_bad_due_date_is_refused_in_the_form() {
    let mut app = care_app();
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "보호자 동의");
    fill(&mut app, "due", "2026-02-30");
    app.update(Action::Save);
    assert!(form_error(&app).contains("invalid date '2026-02-30'"), "{}", form_error(&app));
    assert_eq!(form(&app).value("title"), "보호자 동의");
    assert!(app.store().item("CARE-1").unwrap().is_none());
}

#[test]
fn rating_only_likelihood_is_refused() {
    let mut app = care_app();
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "보호자 동의");
    choose(&mut app, "likelihood", "4");
    app.update(Action::Save);
    assert!(form_error(&app).contains("both likelihood and impact"), "{}", form_error(&app));
}

#[test]
fn a_raised_item_is_stored_shown_and_named_in_the_status() {
    let mut app = care_app();
    go_to(&mut app, "PLN-02");
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "보호자 동의 | consent");
    fill(&mut app, "detail", "미성년자\n보호자");
    fill(&mut app, "owner", "이지은");
    fill(&mut app, "due", "2026-12-31");
    choose(&mut app, "likelihood", "3");
    choose(&mut app, "impact", "4");
    app.update(Action::Save);

    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| &f.form.error));
    assert!(info(&app).contains("CARE-1"), "{:?}", app.status);
    assert_eq!(view(&app).question_items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["CARE-1"]);
    let item = app.store().item("CARE-1").unwrap().unwrap();
    assert_eq!(item.title, "보호자 동의 | consent");
    assert_eq!(item.detail, "미성년자\n보호자");
    assert_eq!(item.owner, "이지은");
    assert_eq!(item.due_date.as_deref(), Some("2026-12-31"));
    assert_eq!((item.likelihood, item.impact, item.priority), (Some(3), Some(4), Priority::High));
    assert_eq!(item.question_id.as_deref(), Some("PLN-02"));
    assert_eq!(item.principles, ["human-centred", "safety"]);
    assert_eq!(item.stage, "planning");
    assert_eq!(item.status, ItemStatus::Open);
    assert_eq!(item.meeting, None);
}

#[test]
fn likelihood_and_impact_map_to_the_priority() {
    let mut app = care_app();
    let cases = [("1", "4", Priority::Low), ("2", "3", Priority::Medium), ("2", "5", Priority::High)];
    let cases = cases.into_iter().chain([("3", "5", Priority::Critical), ("", "", Priority::Medium)]);
    for (n, (likelihood, impact, expected)) in cases.enumerate() {
        app.update(Action::RaiseItem);
        fill(&mut app, "title", &format!("위험 {likelihood}×{impact}"));
        choose(&mut app, "likelihood", likelihood);
        choose(&mut app, "impact", impact);
        app.update(Action::Save);
        let key = format!("CARE-{}", n + 1);
        assert!(info(&app).contains(&key), "{:?}", app.status);
        assert_eq!(app.store().item(&key).unwrap().unwrap().priority, expected, "{likelihood}×{impact}");
    }
}

#[test]
fn an_explicit_priority_wins_over_the_risk_rating() {
    let mut app = care_app();
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "낮음");
    choose(&mut app, "priority", "low");
    choose(&mut app, "likelihood", "5");
    choose(&mut app, "impact", "5");
    app.update(Action::Save);
    assert_eq!(app.store().item("CARE-1").unwrap().unwrap().priority, Priority::Low);
}

#[test]
fn an_item_raised_in_a_meeting_records_the_meeting() {
    let mut app = care_app();
    start_meeting_in_form(&mut app, "김민지, consultant", "");
    app.update(Action::Back); // leave the meeting panel for the questions
    app.update(Action::RaiseItem);
    assert!(form(&app).notes.iter().any(|n| n.contains("meeting 1")), "{:?}", form(&app).notes);
    fill(&mut app, "title", "회의 중 | in meeting");
    app.update(Action::Save);
    assert_eq!(app.store().item("CARE-1").unwrap().unwrap().meeting, Some(1));
}

// ---------------------------------------------------------------------------------------------
// 8. Meetings

#[test]
fn starting_a_meeting_through_the_form_opens_the_meeting_panel() {
    let mut app = care_app();
    start_meeting_in_form(&mut app, "김민지, consultant\nLee (developer)", "동의 절차 | consent");

    let meeting = app.store().running_meeting(&consultation(&app)).unwrap().expect("running");
    assert_eq!(meeting.seq, 1);
    assert_eq!(meeting.stage, "planning");
    assert_eq!(meeting.agenda, "동의 절차 | consent");
    let attendees: Vec<_> = meeting.attendees.iter().map(|a| (a.name.as_str(), a.role.as_str())).collect();
    assert_eq!(attendees, [("김민지", "consultant"), ("Lee", "developer")]);
    assert!(view(&app).meeting_open);
    assert!(info(&app).contains("Meeting 1 started"), "{:?}", app.status);
    assert_eq!(app.scopes()[0], keys::Scope::Meeting);
}

#[test]
fn responses_changed_during_a_meeting_are_linked_to_it() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "회의 전");
    app.update(Action::Back);
    start_meeting_in_form(&mut app, "", "");
    app.update(Action::Back);
    app.update(Action::EditAnswer);
    backspace(&mut app, 1);
    type_text(&mut app, "중 | during");
    app.update(Action::Back);
    app.update(Action::Assess(Assessment::NeedsImprovement));

    let seqs: Vec<_> = history(&app, "PLN-01").iter().map(|h| (h.field.clone(), h.meeting_seq)).collect();
    assert_eq!(seqs, [("answer".into(), None), ("answer".into(), Some(1)), ("assessment".into(), Some(1))]);
    assert_eq!(answer(&app, "PLN-01"), "회의 중 | during");
}

#[test]
fn meeting_notes_are_edited_in_the_panel_and_tab_moves_to_the_next_field() {
    let mut app = care_app();
    start_meeting_in_form(&mut app, "", "");
    assert_eq!(view(&app).meeting_field, MeetingField::Notes);
    app.update(Action::Enter);
    type_text(&mut app, "논의 | discussed");
    app.update(Action::NextPane);
    assert_eq!(view(&app).meeting_field, MeetingField::Decisions);
    type_text(&mut app, "결정");
    app.update(Action::Back);

    let meeting = app.store().running_meeting(&consultation(&app)).unwrap().unwrap();
    assert_eq!((meeting.notes.as_str(), meeting.decisions.as_str()), ("논의 | discussed", "결정"));
    assert!(view(&app).editing.is_none());
    assert!(view(&app).meeting_open, "Esc leaves the field, not the panel");
}

#[test]
fn end_meeting_asks_no_keeps_it_running_yes_ends_it() {
    let mut app = care_app();
    start_meeting_in_form(&mut app, "", "");
    app.update(Action::EndMeeting);
    assert!(confirm_message(&app).contains("End meeting 1"), "{}", confirm_message(&app));
    app.update(Action::No);
    assert!(app.store().running_meeting(&consultation(&app)).unwrap().is_some());

    assert_eq!(press(&mut app, key(KeyCode::Char('E'))), Some(Action::EndMeeting));
    app.update(Action::Yes);
    assert!(app.store().running_meeting(&consultation(&app)).unwrap().is_none());
    let meetings = app.store().meetings(&consultation(&app)).unwrap();
    assert!(meetings[0].ended_at.is_some());
    assert!(!view(&app).meeting_open);
    assert!(view(&app).meeting.is_none());
    assert_eq!(info(&app), "Meeting ended");
}

#[test]
fn meeting_key_toggles_the_panel_of_the_running_meeting() {
    let mut app = care_app();
    start_meeting_in_form(&mut app, "", "");
    app.update(Action::Meeting);
    assert!(!view(&app).meeting_open);
    app.update(Action::Meeting);
    assert!(view(&app).meeting_open);
    assert!(app.form.is_none(), "no second start form while one runs");
}

fn app_with_meeting_left_running() -> App {
    let mut store = memory_store();
    let c = create_care(&mut store, &[]);
    let new = NewMeeting { stage: "planning".into(), attendees: vec![], agenda: "남은 회의".into() };
    store.start_meeting(&c, &new).unwrap();
    let mut app = app_on(store);
    open(&mut app, "CARE");
    app
}

#[test]
fn a_meeting_left_running_is_offered_and_yes_resumes_it() {
    let mut app = app_with_meeting_left_running();
    assert!(confirm_message(&app).contains("Meeting 1"), "{}", confirm_message(&app));
    assert_eq!(app.scopes(), [keys::Scope::Confirm]);
    app.update(Action::Yes);
    assert!(view(&app).meeting_open);
    assert!(app.store().running_meeting(&consultation(&app)).unwrap().is_some());
    assert_eq!(info(&app), "Meeting resumed");

    app.update(Action::Back); // close the panel
    app.update(Action::Back); // leave the consultation
    open(&mut app, "CARE");
    assert!(app.confirm.is_none(), "a resumed meeting is not offered again in this session");
}

#[test]
fn a_meeting_left_running_is_offered_and_no_ends_it() {
    let mut app = app_with_meeting_left_running();
    app.update(Action::No);
    assert!(!view(&app).meeting_open);
    assert!(app.store().running_meeting(&consultation(&app)).unwrap().is_none());
    assert!(view(&app).meeting.is_none());
}

#[test]
fn esc_on_the_resume_question_decides_nothing() {
    let mut app = app_with_meeting_left_running();
    app.update(Action::Back);
    assert!(app.confirm.is_none());
    assert!(!view(&app).meeting_open);
    assert!(app.store().running_meeting(&consultation(&app)).unwrap().is_some());
}

// ---------------------------------------------------------------------------------------------
// 9. Sign-off

/// `S` on a stage with questions unassessed: it asks first; say yes.
fn sign_off_anyway(app: &mut App) {
    app.update(Action::SignOff);
    let question = app.confirm.as_ref().map(|c| c.message.clone()).expect("signing off asks first");
    assert!(question.contains("not assessed"), "{question}");
    app.update(Action::Yes);
    assert!(app.form.is_some(), "yes opens the sign-off form");
}

#[test]
fn signing_off_a_later_stage_asks_first_saying_how_many_are_unassessed_and_keeps_the_current_stage() {
    let mut app = care_app();
    let questions = view(&app).stages[2].questions;
    app.update(Action::NextStage);
    app.update(Action::NextStage);
    assert_eq!(selected_stage(&app), "model");
    app.update(Action::Assess(Assessment::Satisfied));

    assert_eq!(press(&mut app, key(KeyCode::Char('S'))), Some(Action::SignOff));
    let question = confirm_message(&app);
    assert_eq!(
        question,
        format!(
            "Planning & design comes before Model development and is not signed off; {} of the {questions} \
             questions of Model development are not assessed. Sign it off anyway?",
            questions - 1
        )
    );
    assert!(app.form.is_none(), "nothing opens before the answer");
    press(&mut app, key(KeyCode::Char('n')));
    assert!(app.confirm.is_none() && app.form.is_none(), "no: nothing happens");

    app.update(Action::SignOff);
    press(&mut app, key(KeyCode::Char('y')));
    assert!(
        form(&app).notes.iter().any(|n| n.contains("Planning & design stays the current stage")),
        "{:?}",
        form(&app).notes
    );
    fill(&mut app, "comment", "먼저 검토 | early review");
    app.update(Action::Save);

    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| &f.form.error));
    assert_eq!(info(&app), "Signed off Model development; Planning & design is still the current stage");
    assert_eq!(view(&app).stages[2].state, StageState::SignedOff);
    assert_eq!(consultation(&app).current_stage, "planning");
    assert_eq!(selected_stage(&app), "planning", "the rail follows the current stage");
}

#[test]
fn a_fully_assessed_current_stage_signs_off_without_a_question() {
    let mut app = care_app();
    for id in common::app::listed_questions(&app) {
        go_to(&mut app, &id);
        app.update(Action::Assess(Assessment::NotApplicable));
    }
    app.update(Action::SignOff);
    assert!(app.confirm.is_none(), "{:?}", app.confirm.as_ref().map(|c| &c.message));
    fill(&mut app, "comment", "완료");
    app.update(Action::Save);
    assert_eq!(info(&app), "Signed off Planning & design; the current stage is now Data collection & processing");
}

#[test]
fn a_sign_off_asks_again_at_submit_when_more_questions_became_unassessed_meanwhile() {
    let (_dir, path, mut app) = care_app_in_a_file();
    app.update(Action::Assess(Assessment::Satisfied));
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "완료");

    // Another chec resets the assessment while the form is open.
    let mut other = file_store(&path, "이서연");
    let c = other.consultation("CARE").unwrap().unwrap();
    let first = chec::domain::QuestionRef { id: &selected(&app), stage: "planning" };
    other.set_assessment(&c, first, Assessment::NotDiscussed, None).unwrap();

    app.update(Action::Save);
    let total = view(&app).stages[0].questions;
    assert!(confirm_message(&app).contains(&format!("{total} of the {total} questions")), "{}", confirm_message(&app));
    app.update(Action::No);
    assert!(app.form.is_some(), "no: back to the form, with what was typed");
    assert_eq!(form(&app).value("comment"), "완료");
    app.update(Action::Save);
    assert!(app.confirm.is_some(), "saying no confirmed nothing: it asks again");
    app.update(Action::Yes);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| &f.form.error));
    assert_eq!(app.store().stage_statuses(&consultation(&app)).unwrap()[0].state, StageState::SignedOff);
}

#[test]
fn the_stage_view_shows_who_signed_the_chosen_stage_off_when_and_the_comment() {
    let mut app = care_app();
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "계획 완료 | planning done");
    app.update(Action::Save);
    app.update(Action::PrevStage);
    assert_eq!(selected_stage(&app), "planning");
    let signed = view(&app).stages[0].sign_off.clone().unwrap();
    let when = chec::clock::Zone::UTC.short_stored(&signed.signed_at);

    let shown = boxed(&app, "● Signed off");
    assert_eq!(shown, [format!("{when} · {ACTOR}"), "계획 완료 | planning done".to_string()]);

    app.update(Action::NextStage);
    assert!(!screen(&app).iter().any(|l| l.contains("Signed off")), "a stage never signed off shows none");

    app.update(Action::PrevStage);
    app.update(Action::Reopen);
    type_text(&mut app, "모델 변경");
    app.update(Action::Save);
    let reopened = app.store().stage_statuses(&consultation(&app)).unwrap()[0].sign_off.clone().unwrap();
    let again = chec::clock::Zone::UTC.short_stored(reopened.reopened_at.as_deref().unwrap());
    let shown = boxed(&app, "◐ Reopened");
    assert_eq!(
        shown.join(" "),
        format!("Signed off {when} · {ACTOR}: 계획 완료 | planning done Reopened {again} · {ACTOR}: 모델 변경")
    );
}

#[test]
fn an_items_history_shows_the_sign_off_that_carried_it_over() {
    let mut app = app_with_high_item();
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "완료");
    choose(&mut app, "decision:CARE-1", "carry-over");
    fill(&mut app, "reason:CARE-1", "법무 대기 | legal");
    app.update(Action::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| &f.form.error));
    app.update(Action::ShowItems);
    app.update(Action::History);
    let shown = boxed(&app, "History of CARE-1");
    let at = shown
        .iter()
        .position(|l| l.ends_with("carried over at sign-off of Planning & design"))
        .unwrap_or_else(|| panic!("{shown:#?}"));
    assert!(shown[at].contains(ACTOR), "{}", shown[at]);
    assert_eq!(shown[at + 1], "법무 대기 | legal");
}

#[test]
fn reopening_a_later_stage_keeps_the_earlier_open_stage_current_and_says_so() {
    let mut app = care_app();
    app.update(Action::NextStage);
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "데이터 먼저");
    app.update(Action::Save);
    app.update(Action::NextStage);
    assert_eq!(selected_stage(&app), "data");
    app.update(Action::Reopen);
    type_text(&mut app, "다시 | again");
    app.update(Action::Save);
    assert_eq!(
        info(&app),
        "Reopened Data collection & processing; Planning & design comes first and stays the current stage"
    );
    assert_eq!(consultation(&app).current_stage, "planning");
}

fn app_with_high_item() -> App {
    let mut store = memory_store();
    let c = create_care(&mut store, &[]);
    high_item(&mut store, &c, "보관 기간 | retention");
    let mut app = app_on(store);
    open(&mut app, "CARE");
    app
}

#[test]
fn sign_off_lists_the_open_high_items() {
    let mut app = app_with_high_item();
    sign_off_anyway(&mut app);
    let Purpose::SignOff { stage, items, acknowledged } = purpose(&app) else { panic!("not a sign-off form") };
    assert_eq!((stage.as_str(), items), ("planning", vec!["CARE-1".to_string()]));
    assert_eq!(acknowledged.len(), 1, "the unassessed questions, confirmed: {acknowledged:?}");
    let decision = form(&app).field("decision:CARE-1").expect("a decision field for the item");
    assert!(decision.label.contains("CARE-1 [high] 보관 기간 | retention"), "{}", decision.label);
    assert!(form(&app).field("reason:CARE-1").is_some());
    assert!(form(&app).notes.iter().any(|n| n.contains("1 unresolved")), "{:?}", form(&app).notes);
}

#[test]
fn sign_off_without_a_decision_names_the_item() {
    let mut app = app_with_high_item();
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "계획 단계 완료");
    app.update(Action::Save);
    let error = form_error(&app);
    assert!(error.contains("CARE-1"), "{error}");
    assert_eq!(view(&app).stages[0].state, StageState::InProgress);
    assert_eq!(form(&app).value("comment"), "계획 단계 완료");
}

#[test]
fn accepting_a_risk_needs_a_reason() {
    let mut app = app_with_high_item();
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "완료");
    choose(&mut app, "decision:CARE-1", "accept");
    app.update(Action::Save);
    assert!(form_error(&app).contains("accepting the risk of CARE-1 needs a reason"), "{}", form_error(&app));
    assert_eq!(app.store().item("CARE-1").unwrap().unwrap().status, ItemStatus::Open);
}

#[test]
fn sign_off_needs_a_comment() {
    let mut app = care_app();
    sign_off_anyway(&mut app);
    app.update(Action::Save);
    assert!(form_error(&app).contains("needs a comment"), "{}", form_error(&app));
}

#[test]
fn carrying_over_signs_off_and_the_next_stage_becomes_current_and_reopen_undoes_it() {
    let mut app = app_with_high_item();
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "계획 완료 | planning done");
    choose(&mut app, "decision:CARE-1", "carry-over");
    app.update(Action::Save);

    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| &f.form.error));
    assert!(info(&app).contains("Data collection & processing"), "{:?}", app.status);
    let stages = &view(&app).stages;
    assert_eq!((stages[0].state, stages[1].state), (StageState::SignedOff, StageState::InProgress));
    assert_eq!(stages[0].sign_off.as_ref().unwrap().comment, "계획 완료 | planning done");
    assert_eq!(consultation(&app).current_stage, "data");
    assert_eq!(selected_stage(&app), "data", "the rail follows the current stage");
    assert_eq!(app.store().item("CARE-1").unwrap().unwrap().status, ItemStatus::Open, "carried over");

    app.update(Action::PrevStage);
    assert_eq!(press(&mut app, key(KeyCode::Char('R'))), Some(Action::Reopen));
    app.update(Action::Save);
    assert!(form_error(&app).contains("needs a reason"), "{}", form_error(&app));
    type_text(&mut app, "모델 변경 | model update");
    app.update(Action::Save);

    assert!(app.form.is_none());
    assert_eq!(view(&app).stages[0].state, StageState::InProgress);
    assert_eq!(consultation(&app).current_stage, "planning");
    assert_eq!(selected_stage(&app), "planning");
    let statuses = app.store().stage_statuses(&consultation(&app)).unwrap();
    assert_eq!(statuses[0].sign_off.as_ref().unwrap().reopen_reason.as_deref(), Some("모델 변경 | model update"));
}

#[test]
fn accepting_with_a_reason_marks_the_item_accepted() {
    let mut app = app_with_high_item();
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "완료");
    choose(&mut app, "decision:CARE-1", "accept");
    fill(&mut app, "reason:CARE-1", "법무 검토 | legal ok");
    app.update(Action::Save);
    let item = app.store().item("CARE-1").unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Accepted);
    assert!(item.resolution.contains("법무 검토 | legal ok"), "{}", item.resolution);
}

#[test]
fn reopen_on_a_stage_not_signed_off_says_so() {
    let mut app = care_app();
    app.update(Action::Reopen);
    assert!(app.form.is_none());
    assert!(error(&app).contains("not signed off"), "{:?}", app.status);
}

#[test]
fn sign_off_on_a_signed_off_stage_says_so() {
    let mut app = care_app();
    sign_off_anyway(&mut app);
    fill(&mut app, "comment", "완료");
    app.update(Action::Save);
    app.update(Action::PrevStage);
    app.update(Action::SignOff);
    assert!(app.form.is_none() && app.confirm.is_none());
    assert!(error(&app).contains("already signed off"), "{:?}", app.status);
}

// ---------------------------------------------------------------------------------------------
// 10. Traits

fn applicable(traits: &[&str], stage: &str) -> Vec<String> {
    let traits: Vec<String> = traits.iter().map(|t| t.to_string()).collect();
    questionnaire("chec-default").questions_for(stage, &traits).map(|q| q.id.clone()).collect()
}

#[test]
fn minors_only_questions_are_hidden_without_the_trait() {
    let mut store = memory_store();
    create(&mut store, "ADULT", "성인 서비스", "", &[]);
    create(&mut store, "KIDS", "어린이 | kids", "", &["minors"]);
    let mut app = app_on(store);

    open(&mut app, "ADULT");
    for stage in ["planning", "data", "model", "pre-launch", "post-launch"] {
        go_to_stage(&mut app, stage);
        let mut shown = common::app::listed_questions(&app);
        shown.sort();
        let mut expected = applicable(&[], stage);
        expected.sort();
        assert_eq!(shown, expected, "{stage}");
        assert!(!shown.iter().any(|q| q == "PRE-07" || q == "PST-08"), "{stage}: {shown:?}");
        assert_eq!(view(&app).stage_progress().1, expected.len() as i64, "{stage}");
    }
    app.update(Action::Back);

    open(&mut app, "KIDS");
    go_to_stage(&mut app, "pre-launch");
    assert!(common::app::listed_questions(&app).contains(&"PRE-07".to_string()));
    assert_eq!(view(&app).stage_progress(), (0, 6));
}

#[test]
fn the_list_totals_count_only_applicable_questions() {
    let mut store = memory_store();
    create(&mut store, "ADULT", "성인 서비스", "", &[]);
    create(&mut store, "KIDS", "어린이 | kids", "", &["minors"]);
    let app = app_on(store);
    let total = |traits: &[&str]| -> i64 {
        ["planning", "data", "model", "pre-launch", "post-launch"]
            .iter()
            .map(|s| applicable(traits, s).len() as i64)
            .sum()
    };
    let rows = &app.consultations.page.rows;
    assert_eq!((rows[0].key.as_str(), rows[0].questions), ("ADULT", total(&[])));
    assert_eq!((rows[1].key.as_str(), rows[1].questions), ("KIDS", total(&["minors"])));
    assert_eq!(rows[1].questions - rows[0].questions, 2, "PRE-07 and PST-08");
}

// ---------------------------------------------------------------------------------------------
// 11. Quitting

#[test]
fn quit_while_editing_commits_the_text_and_quits() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "마지막 말 | last words");
    app.update(Action::Quit);
    assert!(app.quit);
    assert_eq!(answer(&app, "PLN-01"), "마지막 말 | last words");
    assert!(drafts(&app).is_empty());
}

#[test]
fn ctrl_c_while_typing_commits_and_quits() {
    let mut app = care_app();
    press(&mut app, key(KeyCode::Char('e')));
    press_str(&mut app, "메모");
    assert_eq!(press(&mut app, ctrl('c')), Some(Action::Quit));
    assert!(app.quit);
    assert_eq!(notes(&app, "PLN-01"), "메모");
}

#[test]
fn quit_with_a_typed_form_asks_first() {
    let mut app = care_app();
    app.update(Action::RaiseItem);
    type_text(&mut app, "버릴까");
    app.update(Action::Quit);
    assert!(!app.quit);
    assert!(confirm_message(&app).contains("Quit"), "{}", confirm_message(&app));
    app.update(Action::No);
    assert!(!app.quit);
    assert_eq!(form(&app).value("title"), "버릴까");

    app.update(Action::Quit);
    app.update(Action::Yes);
    assert!(app.quit);
    assert!(app.store().item("CARE-1").unwrap().is_none());
}

#[test]
fn quit_with_an_untouched_form_does_not_ask() {
    let mut app = care_app();
    app.update(Action::RaiseItem);
    app.update(Action::Quit);
    assert!(app.quit);
    assert!(app.confirm.is_none());
}

#[test]
fn q_on_the_list_quits() {
    let mut app = app_on(memory_store());
    assert_eq!(press(&mut app, key(KeyCode::Char('q'))), Some(Action::Quit));
    assert!(app.quit);
}

#[test]
fn w_shows_the_question_in_full_and_esc_closes_it() {
    let mut app = care_app();
    assert_eq!(press(&mut app, key(KeyCode::Char('w'))), Some(Action::Guidance));
    assert!(view(&app).guidance_open);
    press(&mut app, key(KeyCode::Esc));
    assert!(!view(&app).guidance_open);
    assert!(app.view.is_some(), "Esc closed the overlay, not the consultation");
}

#[test]
fn w_again_closes_the_guidance() {
    let mut app = care_app();
    press(&mut app, key(KeyCode::Char('w')));
    assert!(view(&app).guidance_open);
    press(&mut app, key(KeyCode::Char('w')));
    assert!(!view(&app).guidance_open);
}

// ---------------------------------------------------------------------------------------------
// 12. Help

#[test]
fn help_opens_and_esc_closes_it() {
    let mut app = care_app();
    app.update(Action::ToggleHelp);
    assert!(app.help_open);
    app.update(Action::Back);
    assert!(!app.help_open);
    assert!(app.view.is_some(), "Esc closed the help, not the consultation");
}

#[test]
fn f1_while_typing_shows_help_and_esc_returns_to_the_text() {
    let mut app = care_app();
    app.update(Action::EditAnswer);
    type_text(&mut app, "도움");
    assert_eq!(press(&mut app, key(KeyCode::F(1))), Some(Action::ToggleHelp));
    assert!(app.help_open);
    press(&mut app, key(KeyCode::Esc));
    assert!(!app.help_open);
    assert_eq!(editing(&app), Some(("PLN-01".into(), ResponseField::Answer, "도움".into())));
    assert_eq!(answer(&app, "PLN-01"), "", "closing the help does not leave the field");
}

/// Every binding in the scopes in force is described by the help opened there.
fn assert_help_covers_the_keys_in_force(app: &mut App, place: &str) {
    let in_force = app.scopes();
    let lines: Vec<String> =
        chec::tui::screens::help::lines(&Theme::plain(), &app.help_scopes()).iter().map(line_text).collect();
    for binding in BINDINGS.iter().filter(|b| in_force.contains(&b.scope)) {
        // The help says the binding's description, from the catalogue (here in English).
        let help = chec::i18n::t(chec::i18n::Lang::En, binding.help);
        let described = lines.iter().any(|l| l.contains(&binding.keys_label()) && l.contains(&help));
        assert!(described, "{place}: the help does not describe {} ({})", binding.keys_label(), binding.help);
    }
    app.update(Action::ToggleHelp);
    assert!(app.help_open, "{place}: help opens");
    app.update(Action::Back);
    assert!(!app.help_open, "{place}: Esc closes the help");
}

#[test]
fn the_help_describes_every_key_in_force_everywhere() {
    let mut store = memory_store();
    create_care(&mut store, &[]);
    let mut app = app_on(store);
    assert_help_covers_the_keys_in_force(&mut app, "list");
    app.update(Action::Filter);
    assert_help_covers_the_keys_in_force(&mut app, "filter");
    app.update(Action::Back);
    app.update(Action::New);
    assert_help_covers_the_keys_in_force(&mut app, "form text field");
    focus(&mut app, "questionnaire");
    assert_help_covers_the_keys_in_force(&mut app, "form choice");
    app.update(Action::Back);
    assert!(app.form.is_none());
    open(&mut app, "CARE");
    assert_help_covers_the_keys_in_force(&mut app, "consultation");
    app.update(Action::Guidance);
    assert_help_covers_the_keys_in_force(&mut app, "guidance");
    app.update(Action::Back);
    app.update(Action::EditAnswer);
    assert_help_covers_the_keys_in_force(&mut app, "editing");
    app.update(Action::Back);
    start_meeting_in_form(&mut app, "", "");
    assert_help_covers_the_keys_in_force(&mut app, "meeting");
}

/// The stage view's keys as the README's key table and the help's walkthrough name them,
/// written out here rather than read from the key table, so a binding that is lost, moved
/// or shadowed fails.
#[test]
fn the_stage_view_keys_do_what_the_readme_says() {
    let mut app = care_app();
    let scopes = app.scopes();
    let expected = [
        (key(KeyCode::Char('w')), Action::Guidance),
        (key(KeyCode::Char('a')), Action::EditAnswer),
        (key(KeyCode::Char('e')), Action::EditNotes),
        (key(KeyCode::Char('1')), Action::Assess(Assessment::Satisfied)),
        (key(KeyCode::Char('2')), Action::Assess(Assessment::NeedsImprovement)),
        (key(KeyCode::Char('3')), Action::Assess(Assessment::RiskIdentified)),
        (key(KeyCode::Char('4')), Action::Assess(Assessment::NotApplicable)),
        (key(KeyCode::Char('0')), Action::Assess(Assessment::NotDiscussed)),
        (key(KeyCode::Char('i')), Action::RaiseItem),
        (key(KeyCode::Char('[')), Action::PrevStage),
        (key(KeyCode::Left), Action::PrevStage),
        (key(KeyCode::Char(']')), Action::NextStage),
        (key(KeyCode::Right), Action::NextStage),
        (key(KeyCode::Char('m')), Action::Meeting),
        (key(KeyCode::Char('S')), Action::SignOff),
        (key(KeyCode::Char('R')), Action::Reopen),
        (key(KeyCode::Char('X')), Action::Export),
        (key(KeyCode::Tab), Action::NextPane),
        (key(KeyCode::BackTab), Action::PrevPane),
        (key(KeyCode::Enter), Action::Enter),
        (key(KeyCode::Esc), Action::Back),
        (key(KeyCode::Up), Action::Up),
        (key(KeyCode::Char('k')), Action::Up),
        (key(KeyCode::Down), Action::Down),
        (key(KeyCode::Char('j')), Action::Down),
        (key(KeyCode::Char('I')), Action::ShowItems),
        (key(KeyCode::Char('D')), Action::ShowDashboard),
        (key(KeyCode::Char('C')), Action::ShowConsultations),
        (key(KeyCode::Char('?')), Action::ToggleHelp),
        (key(KeyCode::Char('q')), Action::Quit),
    ];
    for (event, action) in expected {
        assert_eq!(keys::resolve(&scopes, &event), Some(action.clone()), "{:?} in the stage view", event.code);
    }
    assert_eq!(keys::resolve(&scopes, &key(KeyCode::Char('z'))), None, "an unbound key does nothing");
    app.update(Action::Meeting);
    assert_eq!(keys::resolve(&app.scopes(), &ctrl('s')), Some(Action::Save), "in the meeting form");
    assert_eq!(keys::resolve(&app.scopes(), &key(KeyCode::Char('q'))), Some(Action::Input(key(KeyCode::Char('q')))));
}

/// No key in force is taken by another binding of its own scope, and a key an inner scope
/// also binds goes to the inner binding: the table never holds a binding no key reaches.
#[test]
fn every_key_in_force_reaches_its_binding_unless_an_inner_scope_takes_it() {
    let app = care_app();
    let scopes = app.scopes();
    for (depth, scope) in scopes.iter().enumerate() {
        for binding in BINDINGS.iter().filter(|b| b.scope == *scope) {
            for k in binding.keys {
                let modifiers = if k.ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
                let event = KeyEvent::new(k.code, modifiers);
                let inner = scopes[..depth].iter().find_map(|s| {
                    BINDINGS
                        .iter()
                        .find(|b| b.scope == *s && b.keys.iter().any(|o| o.code == k.code && o.ctrl == k.ctrl))
                });
                let wanted = inner.map_or(&binding.action, |b| &b.action);
                assert_eq!(
                    keys::resolve(&scopes, &event).as_ref(),
                    Some(wanted),
                    "{} ({}) is taken by another binding",
                    k.label(),
                    binding.help
                );
            }
        }
    }
}

#[test]
fn attendees_are_shown_as_parsed_before_the_meeting_and_a_follow_up_offers_them_again() {
    let mut app = care_app();
    app.update(Action::Meeting);
    fill(&mut app, "attendees", "이서연, 기획자 (PM)\n박준호 (개발자)");
    app.update(Action::Save);
    assert_eq!(
        confirm_message(&app),
        "Start the meeting with 2 attendees: 이서연 (기획자 (PM)); 박준호 (개발자)? (n goes back to the form)"
    );
    // n goes back to the form, with what was typed.
    app.update(Action::No);
    assert_eq!(form(&app).value("attendees"), "이서연, 기획자 (PM)\n박준호 (개발자)");
    app.update(Action::Save);
    app.update(Action::Yes);
    let meeting = view(&app).meeting.clone().expect("the meeting runs");
    let roles: Vec<_> = meeting.attendees.iter().map(|a| (a.name.as_str(), a.role.as_str())).collect();
    assert_eq!(roles, [("이서연", "기획자 (PM)"), ("박준호", "개발자")]);

    // During the meeting, A changes who attends.
    app.update(Action::Attendees);
    assert!(matches!(purpose(&app), Purpose::EditAttendees { seq: 1, .. }));
    fill(&mut app, "attendees", "\n김민지, consultant");
    app.update(Action::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().map(|f| &f.form.error));
    let meeting = app.store().meetings(&consultation(&app)).unwrap().remove(0);
    assert_eq!(meeting.attendees.len(), 3);

    // Ended, the next meeting's form offers the same people.
    app.update(Action::EndMeeting);
    app.update(Action::Yes);
    app.update(Action::No); // no minutes now
    assert!(view(&app).meeting.is_none());
    app.update(Action::Meeting);
    assert_eq!(form(&app).value("attendees"), "이서연, 기획자 (PM)\n박준호, 개발자\n김민지, consultant");
    app.update(Action::Save);
    assert!(confirm_message(&app).contains("3 attendees"));
}

#[test]
fn while_the_terminal_is_too_small_only_quitting_acts() {
    use chec::tui::action_for;
    use ratatui::crossterm::event::Event;
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    app.size = Rect::new(0, 0, 40, 10);
    for code in [KeyCode::Enter, KeyCode::Char(']'), KeyCode::Char('3'), KeyCode::Char('a'), KeyCode::Down] {
        assert_eq!(action_for(&app, Event::Key(key(code))), None, "{code:?} acted on a screen too small to show it");
    }
    assert_eq!(action_for(&app, Event::Paste("붙여넣기".into())), None);
    assert_eq!(action_for(&app, Event::Key(key(KeyCode::Char('q')))), Some(Action::Quit));
    assert_eq!(action_for(&app, Event::Key(ctrl('c'))), Some(Action::Quit));
    // Back at a size that shows the screen, the keys act again.
    app.size = Rect::new(0, 0, 80, 24);
    assert_eq!(action_for(&app, Event::Key(key(KeyCode::Char('3')))), Some(Action::Assess(Assessment::RiskIdentified)));
}

/// Draw the app as the terminal would show it; the terminal's cursor position if shown.
fn drawn_cursor(app: &App) -> (ratatui::buffer::Buffer, Option<(u16, u16)>) {
    use ratatui::Terminal;
    use ratatui::backend::{Backend, TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    let buffer = terminal.draw(|f| chec::tui::draw(f, app)).unwrap().buffer.clone();
    let backend = terminal.backend_mut();
    let at = backend.get_cursor_position().unwrap();
    (buffer, backend.cursor_visible().then_some((at.x, at.y)))
}

/// The cell just after the last of `text` on screen, counting wide characters as two.
fn cell_after(buffer: &ratatui::buffer::Buffer, text: &str) -> (u16, u16) {
    let area = buffer.area;
    for y in 0..area.height {
        // The row as read, with the cell each character starts in: the cell after a wide
        // character is part of it.
        let mut row = String::new();
        let mut starts = Vec::new();
        let mut x = 0;
        while x < area.width {
            let symbol = buffer[(x, y)].symbol();
            starts.push((row.len(), x));
            row.push_str(symbol);
            x += (unicode_width::UnicodeWidthStr::width(symbol) as u16).max(1);
        }
        if let Some(byte) = row.rfind(text) {
            let start = starts.iter().find(|(b, _)| *b == byte).map(|(_, x)| *x).expect("a cell starts there");
            return (start + unicode_width::UnicodeWidthStr::width(text) as u16, y);
        }
    }
    panic!("{text} is not on screen");
}

#[test]
fn the_terminal_cursor_sits_at_the_insertion_point_for_ascii_hangul_and_after_wrapping() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    // Nothing typed: the cursor is hidden.
    assert_eq!(drawn_cursor(&app).1, None);
    app.update(Action::EditAnswer);
    type_text(&mut app, "Qx");
    let (buffer, cursor) = drawn_cursor(&app);
    assert_eq!(cursor, Some(cell_after(&buffer, "Qx")), "after ASCII");
    type_text(&mut app, "한글");
    let (buffer, cursor) = drawn_cursor(&app);
    assert_eq!(cursor, Some(cell_after(&buffer, "Qx한글")), "after Hangul, two cells each");
    // Long enough to wrap in the dialogue pane: the cursor follows onto the next row.
    type_text(&mut app, " 야간에 약 복용 시간을 묻는 어르신께 보호자 확인을 먼저 안내합니다 끝");
    let (buffer, cursor) = drawn_cursor(&app);
    let end = cell_after(&buffer, "끝");
    assert_eq!(cursor, Some(end), "after wrapping");
    assert_ne!(end.1, cell_after(&buffer, "Qx한글").1, "the text wrapped onto another row");
    // Left: the cursor moves back over a wide character by two cells.
    app.update(Action::Input(key(KeyCode::Left)));
    let (_, cursor) = drawn_cursor(&app);
    assert_eq!(cursor, Some((end.0 - 2, end.1)));
    // A form field too.
    app.update(Action::Back);
    app.update(Action::RaiseItem);
    type_text(&mut app, "제목 | Qt");
    let (buffer, cursor) = drawn_cursor(&app);
    assert_eq!(cursor, Some(cell_after(&buffer, "제목 | Qt")), "in a form");
}

#[test]
fn leaving_an_editor_returns_to_the_questions_and_the_rail_moves_only_sideways() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    press(&mut app, key(KeyCode::Char('a')));
    type_text(&mut app, "답");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(view(&app).pane, Pane::Questions, "Esc leaves the editor for the question list");
    press(&mut app, key(KeyCode::Down));
    assert_eq!(selected(&app), "PLN-02", "↓ then moves between questions");
    // Tab to the rail: ↓ does nothing there, → moves to the next stage.
    while view(&app).pane != Pane::Stages {
        press(&mut app, key(KeyCode::Tab));
    }
    let stage = selected_stage(&app);
    press(&mut app, key(KeyCode::Down));
    assert_eq!(selected_stage(&app), stage, "↓ on the horizontal rail changes nothing");
    press(&mut app, key(KeyCode::Right));
    assert_ne!(selected_stage(&app), stage);
}

#[test]
fn e_ends_the_meeting_from_the_questions_too() {
    let mut app = care_app();
    start_meeting_in_form(&mut app, "김민지, consultant", "");
    app.update(Action::Meeting); // back to the questions; ● MEETING still shows
    assert!(!view(&app).meeting_open);
    press(&mut app, key(KeyCode::Char('E')));
    assert!(confirm_message(&app).starts_with("End meeting 1 now?"), "{}", confirm_message(&app));
    app.update(Action::Yes);
    assert!(view(&app).meeting.is_none());
}

/// A Korean team exports from the TUI: the proposed file name and the minutes are Korean;
/// the same form exports English for a colleague.
#[test]
fn the_tui_exports_in_the_interfaces_language_or_the_one_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chec.db");
    let mut store = file_store(&db, ACTOR);
    create_care(&mut store, &[]);
    let mut app = app_on(store);
    app.set_lang(chec::i18n::Lang::Ko);
    open(&mut app, "CARE");
    app.update(Action::Meeting);
    type_text(&mut app, "김민지, consultant");
    app.update(Action::Save);
    app.update(Action::Yes);
    app.update(Action::Back);
    app.update(Action::Export);
    assert_eq!(form(&app).value("path"), "CARE-1차-회의록.md");
    let path = dir.path().join("CARE-1차-회의록 | 최종.md");
    app.form.as_mut().expect("the export form").form.set_text("path", &path.display().to_string());
    app.update(Action::Save);
    assert!(app.form.is_none(), "{}", form_error(&app));
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("# 회의록: CARE"), "{md}");
    app.update(Action::Export);
    focus(&mut app, "lang");
    app.update(Action::Right);
    assert_eq!(form(&app).value("lang"), "en");
    let english = dir.path().join("minutes.md");
    app.form.as_mut().expect("the export form").form.set_text("path", &english.display().to_string());
    app.update(Action::Save);
    assert!(app.form.is_none(), "{}", form_error(&app));
    assert!(std::fs::read_to_string(&english).unwrap().starts_with("# Minutes: CARE"));
}

/// The screen as lines of text, wide characters once.
fn screen_lines(app: &App) -> Vec<String> {
    let (buffer, _) = drawn_cursor(app);
    let area = buffer.area;
    (0..area.height).map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>()).collect()
}

#[test]
fn one_focus_value_decides_keys_footer_help_and_the_pane_marked() {
    use chec::tui::focus::{Focus, ViewFocus};
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    let walk: Vec<(KeyEvent, Focus)> = vec![
        (key(KeyCode::Char('a')), Focus::Consultation(ViewFocus::Editor)),
        (key(KeyCode::Char('x')), Focus::Consultation(ViewFocus::Editor)),
        (key(KeyCode::Esc), Focus::Consultation(ViewFocus::Questions)),
        (key(KeyCode::Tab), Focus::Consultation(ViewFocus::Dialogue)),
        (key(KeyCode::Tab), Focus::Consultation(ViewFocus::Stages)),
        (key(KeyCode::Tab), Focus::Consultation(ViewFocus::Questions)),
        (key(KeyCode::Char('w')), Focus::Consultation(ViewFocus::Reading)),
        (key(KeyCode::Esc), Focus::Consultation(ViewFocus::Questions)),
        (key(KeyCode::Char('?')), Focus::Help),
        (key(KeyCode::Esc), Focus::Consultation(ViewFocus::Questions)),
        (key(KeyCode::Char('i')), Focus::Form { typing: true }),
    ];
    for (event, expected) in walk {
        press(&mut app, event);
        let focus = app.focus();
        assert_eq!(focus, expected, "after {:?}", event.code);
        // The keys and the footer read the focus.
        assert_eq!(app.scopes(), focus.scopes());
        // The focused pane's title is marked ▶, and only it.
        let screen = screen_lines(&app).join("\n");
        let marked = |title: &str| screen.contains(&format!("▶ {title}"));
        match focus {
            Focus::Consultation(ViewFocus::Questions) => {
                assert!(marked("Questions") && !marked("PLN"), "{screen}");
            }
            Focus::Consultation(ViewFocus::Dialogue) => {
                assert!(marked("PLN") && !marked("Questions"), "{screen}");
            }
            Focus::Consultation(ViewFocus::Stages) => {
                let rail = screen.lines().nth(1).unwrap_or_default();
                assert!(rail.starts_with('▶') && !marked("Questions") && !marked("PLN"), "{screen}")
            }
            _ => {}
        }
    }
    // The help describes where it was opened from: the form being typed in.
    press(&mut app, key(KeyCode::F(1)));
    assert_eq!(app.focus(), Focus::Help);
    assert_eq!(app.help_scopes()[0], keys::Scope::FormTyping);
}

#[test]
fn a_stage_walked_with_down_a_esc_2_never_lands_in_the_wrong_place() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    let questions: Vec<String> = common::app::listed_questions(&app);
    for (n, question) in questions.iter().enumerate() {
        assert_eq!(&selected(&app), question, "step {n}: on the question walked to");
        press(&mut app, key(KeyCode::Char('a')));
        if editing(&app).is_none() {
            // A structured question: leave its answer as it is.
            press(&mut app, key(KeyCode::Esc));
        } else {
            type_text(&mut app, &format!("답 {n} | ok"));
            press(&mut app, key(KeyCode::Esc));
            assert_eq!(answer(&app, question), format!("답 {n} | ok"));
        }
        assert_eq!(view(&app).pane, Pane::Questions, "step {n}: back on the list");
        press(&mut app, key(KeyCode::Char('2')));
        assert_eq!(view(&app).assessment(question), Assessment::NeedsImprovement, "step {n}");
        press(&mut app, key(KeyCode::Down));
    }
    // Nothing landed on another stage or question.
    assert_eq!(selected_stage(&app), "planning");
    for q in &questions {
        assert_eq!(view(&app).assessment(q), Assessment::NeedsImprovement, "{q}");
    }
}

#[test]
fn leaving_a_meeting_field_returns_to_the_meeting_and_screens_do_not_switch_from_a_field() {
    use chec::tui::focus::{Focus, ViewFocus};
    let mut app = care_app();
    start_meeting_in_form(&mut app, "김민지, consultant", "");
    assert_eq!(app.focus(), Focus::Consultation(ViewFocus::Meeting));
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.focus(), Focus::Consultation(ViewFocus::Editor));
    // A screen switch sent while a field is being typed in changes nothing.
    app.update(Action::ShowItems);
    assert_eq!(app.screen, chec::tui::app::Screen::Consultation);
    assert_eq!(app.focus(), Focus::Consultation(ViewFocus::Editor));
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.focus(), Focus::Consultation(ViewFocus::Meeting));
}

#[test]
fn enter_on_a_choice_in_a_form_moves_on_and_never_submits() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "제목 | title");
    focus(&mut app, "priority");
    press(&mut app, key(KeyCode::Enter));
    assert!(app.form.is_some(), "Enter did not submit");
    assert_eq!(focused_field(&app), "source", "Enter went to the next field");
    press(&mut app, ctrl('s'));
    assert!(app.form.is_none(), "Ctrl-S submits");
}

#[test]
fn at_the_minimum_size_every_field_being_typed_in_shows_its_text_and_the_cursor() {
    let mut app = care_app();
    app.size = Rect::new(0, 0, chec::tui::MIN_WIDTH, chec::tui::MIN_HEIGHT);
    go_to(&mut app, "PLN-01");
    let check = |app: &mut App, what: &str, text: &str| {
        type_text(app, text);
        let (buffer, cursor) = drawn_cursor(app);
        assert_eq!(cursor, Some(cell_after(&buffer, text)), "{what}");
    };
    app.update(Action::EditAnswer);
    check(&mut app, "the answer", "답 | a");
    app.update(Action::NextPane);
    check(&mut app, "the notes", "메모 | n");
    app.update(Action::Back);
    app.update(Action::RaiseItem);
    check(&mut app, "a form's first field", "제목 | t");
    app.update(Action::NextPane);
    check(&mut app, "a form's text box", "설명 | d");
    app.update(Action::NextPane);
    check(&mut app, "a form's later field", "박준호");
    app.update(Action::Save);
    start_meeting_in_form(&mut app, "김민지, consultant", "");
    app.update(Action::Enter);
    check(&mut app, "a meeting field", "회의 | m");
}

#[test]
fn a_signed_off_stage_footer_offers_no_key_it_refuses() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    // The footer wraps onto its last two rows.
    let footer = |app: &App| screen_lines(app).iter().rev().take(2).rev().cloned().collect::<Vec<_>>().join("\n");
    assert!(footer(&app).contains("a answer"), "{}", footer(&app));
    sign_off_anyway(&mut app);
    type_text(&mut app, "서명 | signed");
    app.update(Action::Save);
    if app.confirm.is_some() {
        app.update(Action::Yes);
    }
    go_to_stage(&mut app, "planning");
    assert!(view(&app).is_signed_off());
    go_to(&mut app, "PLN-01");
    let shown = footer(&app);
    for refused in ["a answer", "e notes", "1-4 assess"] {
        assert!(!shown.contains(refused), "{refused} offered on a signed-off stage: {shown}");
    }
    // And what it leaves out is indeed refused.
    press(&mut app, key(KeyCode::Char('a')));
    assert!(error(&app).contains("signed off"), "{:?}", app.status);
}

#[test]
fn enter_on_the_items_of_a_question_opens_its_item_and_i_raises_a_new_one() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "첫 항목 | first");
    app.update(Action::Save);
    assert!(app.form.is_none());
    // To the dialogue's items line.
    press(&mut app, key(KeyCode::Tab));
    for _ in 0..4 {
        press(&mut app, key(KeyCode::Down));
    }
    press(&mut app, key(KeyCode::Enter));
    assert!(
        matches!(purpose(&app), Purpose::EditItem { ref key, .. } if key == "CARE-1"),
        "Enter opens the item: {:?}",
        purpose(&app)
    );
    app.update(Action::Back);
    press(&mut app, key(KeyCode::Char('i')));
    assert!(matches!(purpose(&app), Purpose::RaiseItem { .. }), "i raises a new one");
}

#[test]
fn the_item_form_previews_the_risk_warns_on_a_past_due_date_and_errors_focus_their_field() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    app.update(Action::RaiseItem);
    choose(&mut app, "likelihood", "3");
    choose(&mut app, "impact", "4");
    let notes = form(&app).notes.join("\n");
    assert!(notes.contains("3 × 4 = 12 → high"), "{notes}");
    fill(&mut app, "due", "2026-11-01"); // the app's today is 2026-11-22
    app.update(Action::NextPane);
    let notes = form(&app).notes.join("\n");
    assert!(notes.contains("2026-11-01 is already past"), "{notes}");
    // A fault sends the focus to its field.
    app.form.as_mut().unwrap().form.set_text("due", "2026-13-45");
    fill(&mut app, "title", "제목 | title");
    focus(&mut app, "response");
    app.update(Action::Save);
    assert!(app.form.is_some(), "refused");
    assert_eq!(focused_field(&app), "due", "{}", form_error(&app));
}

#[test]
fn a_field_longer_than_its_box_says_how_many_lines_are_below() {
    let mut app = care_app();
    go_to(&mut app, "PLN-01");
    app.update(Action::EditAnswer);
    type_text(&mut app, "짧은 답 | short");
    app.update(Action::Back);
    let screen = screen_lines(&app).join("\n");
    let answer_box =
        screen.lines().skip_while(|l| !l.contains("Team's answer")).take_while(|l| !l.contains("Assessment"));
    assert!(answer_box.clone().all(|l| !l.contains(" lines ") && !l.contains("+1 line")), "{screen}");
    app.update(Action::EditAnswer);
    for n in 1..=9 {
        type_text(&mut app, &format!("\nrow {n} | x"));
    }
    app.update(Action::Back);
    let screen = screen_lines(&app).join("\n");
    let shown = (1..=9).filter(|n| screen.contains(&format!("row {n} | x"))).count();
    assert!(screen.contains(&format!("+{} lines", 10 - (shown + 1))), "{shown} of 10 shown:\n{screen}");
}

#[test]
fn the_help_wraps_at_the_minimum_and_its_last_line_is_reachable() {
    let mut app = care_app();
    app.size = Rect::new(0, 0, chec::tui::MIN_WIDTH, chec::tui::MIN_HEIGHT);
    press(&mut app, key(KeyCode::Char('?')));
    for _ in 0..500 {
        press(&mut app, key(KeyCode::Down));
    }
    let screen = screen_lines(&app).join("\n");
    assert!(screen.contains("required, not yet answered"), "{screen}");
    // Nothing cut at the box's edge: every word of the walkthrough's first step shows.
    press(&mut app, key(KeyCode::Home));
    let screen = screen_lines(&app).join("\n");
    assert!(screen.contains("and agenda."), "{screen}");
}

#[test]
fn a_form_error_wraps_so_it_is_read_whole() {
    let mut app = care_app();
    app.size = Rect::new(0, 0, chec::tui::MIN_WIDTH, 16);
    go_to(&mut app, "PLN-01");
    app.update(Action::RaiseItem);
    fill(&mut app, "title", "제목 | title");
    app.form.as_mut().unwrap().form.set_text("due", "2026-13-45");
    app.update(Action::Save);
    let error = form_error(&app);
    assert!(error.chars().count() > 56, "long enough to wrap: {error}");
    let screen = screen_lines(&app).join("\n");
    assert!(screen.contains("e.g. 2026-12-31"), "the end of the error shows:\n{screen}");
}
