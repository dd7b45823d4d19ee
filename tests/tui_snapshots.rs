//! Screens drawn into a test backend, at 80×24 and at a size below the minimum.

use chec::catalog::Catalog;
use chec::domain::NewConsultation;
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const TODAY: &str = "2026-11-22";

fn app_with(consultations: &[(&str, &str, &str, &str)]) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let catalog = Catalog::shipped();
    for (key, name, team, questionnaire) in consultations {
        let new = NewConsultation {
            key: key.parse().unwrap(),
            name: name.to_string(),
            team: team.to_string(),
            description: String::new(),
            traits: vec![],
        };
        store
            .create_consultation(&new, &catalog.get(questionnaire).unwrap().questionnaire)
            .unwrap();
    }
    App::new(store, Theme::plain(), TODAY.into()).unwrap()
}

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| chec::tui::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

fn sample() -> App {
    app_with(&[
        (
            "CARE",
            "돌봄 챗봇 | Care chatbot",
            "Care AI",
            "chec-default",
        ),
        ("HIRE", "Résumé screening 🤖", "People tech", "chec-default"),
        ("KAKAO1", "Kakao-style review", "", "kakao-lifecycle"),
    ])
}

#[test]
fn consultations_80x24() {
    insta::assert_snapshot!(render(&sample(), 80, 24));
}

#[test]
fn consultations_with_help_80x24() {
    let mut app = sample();
    app.update(Action::Down);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn empty_database_80x24() {
    insta::assert_snapshot!(render(&app_with(&[]), 80, 24));
}

#[test]
fn below_the_minimum_size_says_so() {
    let screen = render(&sample(), 40, 8);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("Terminal too small (40×8)"));
}

#[test]
fn escape_sequences_in_names_never_reach_the_screen_buffer() {
    let app = app_with(&[(
        "EVIL",
        "Bad\u{1b}]52;c;AAAA\u{7}\u{1b}[31mname\u{202e}",
        "t\u{9b}2J",
        "chec-default",
    )]);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Badname"), "{screen}");
    assert!(
        !screen
            .chars()
            .any(|c| c == '\u{1b}' || c == '\u{202e}' || ('\u{80}'..='\u{9f}').contains(&c))
    );
}
