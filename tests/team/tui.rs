//! The TUI in a team: the header says where syncing stands, `Y` syncs without holding up a
//! key (git runs on a thread; the import lands between keys), offline is "N waiting", and a
//! conflict between two machines opens the two-versions box of the consultation screen.

use crate::common;

use std::time::{Duration, Instant};

use chec::domain::QuestionRef;
use chec::domain::{ResponseField, TextEdit};
use chec::tui::action::Action;
use chec::tui::app::{App, Screen};
use chec::tui::keys;
use chec::tui::theme::Theme;
use common::team::{Machine, bare_repository, open};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const DAY: &str = "2026-11-22";
const PLN1: QuestionRef<'static> = QuestionRef { id: "PLN-01", stage: "planning" };

fn press(app: &mut App, c: char) {
    let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    if let Some(action) = keys::resolve(&app.scopes(), &event) {
        app.update(action);
    }
}

/// Tick until the sync running on its thread is taken in.
fn wait_for_sync(app: &mut App) {
    let started = Instant::now();
    while app.team.is_running() {
        assert!(started.elapsed() < Duration::from_secs(60), "the sync never finished");
        std::thread::sleep(Duration::from_millis(10));
        app.tick(Instant::now());
    }
}

fn header(app: &App) -> String {
    screen_line(app, 0)
}

/// Row `y` of the 80×24 screen.
fn screen_line(app: &App, y: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| chec::tui::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..80).map(|x| buffer[(x, y)].symbol().to_string()).collect()
}

/// The whole 80×24 screen.
fn screen(app: &App) -> String {
    (0..24).map(|y| screen_line(app, y) + "\n").collect()
}

/// kim's app on a team with lee; PLN-01's answer is "처음" on both.
fn team(dir: &std::path::Path) -> (App, Machine, String) {
    let remote = bare_repository(dir);
    let mut kim = Machine::new(dir, "kim", "김민지", DAY);
    let c = open(&mut kim.store, "CARE", "돌봄 챗봇 | Care");
    kim.store.replace_response_text(&c, PLN1, ResponseField::Answer, "처음 | first", None).unwrap();
    kim.init(&remote);
    chec::team::sync::set_member(&mut kim.store, &kim.db, "이서연", chec::domain::Role::Consultant).unwrap();
    kim.sync();
    let mut lee = Machine::new(dir, "lee", "이서연", DAY);
    lee.join(&remote);
    let mut app = App::new(kim.store, common::catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    (app, lee, remote)
}

/// A Korean team reads where it stands in Korean: synced, then a change waiting.
#[test]
fn the_header_says_where_the_team_stands_in_korean() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _lee, _remote) = team(dir.path());
    app.set_lang(chec::i18n::Lang::Ko);
    app.tick(Instant::now());
    assert_eq!(app.sync_label().as_deref(), Some("⇅ 10:00 동기화됨"), "{}", header(&app));
    app.update(Action::Enter);
    press(&mut app, '1');
    app.tick(Instant::now() + Duration::from_secs(2));
    assert_eq!(app.sync_label().as_deref(), Some("⇅ 1건 대기"), "{}", header(&app));
}

#[test]
fn the_header_says_synced_waiting_and_offline_and_y_syncs_between_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _lee, remote) = team(dir.path());
    app.tick(Instant::now());
    assert!(header(&app).contains("⇅ synced 10:00"), "{}", header(&app));

    // A change made here waits until a sync.
    app.update(Action::Enter);
    press(&mut app, '1');
    app.tick(Instant::now() + Duration::from_secs(2));
    assert!(header(&app).contains("⇅ 1 waiting"), "{}", header(&app));

    // Offline: the repository is gone; the change waits and says so.
    std::fs::rename(&remote, dir.path().join("away.git")).unwrap();
    press(&mut app, 'Y');
    assert!(app.team.is_running());
    assert!(header(&app).contains("⇅ syncing…"), "{}", header(&app));
    press(&mut app, '2'); // keys go on while git runs
    wait_for_sync(&mut app);
    assert!(header(&app).contains("⇅ offline · 2 waiting"), "{}", header(&app));

    std::fs::rename(dir.path().join("away.git"), &remote).unwrap();
    press(&mut app, 'Y');
    wait_for_sync(&mut app);
    assert!(header(&app).contains("⇅ synced 10:00"), "{}", header(&app));
    assert_eq!(app.store().unsent_count().unwrap(), 0);

    // A sync asked for that moves nothing says so: "Syncing…" is not left on the screen.
    press(&mut app, 'Y');
    assert!(screen(&app).contains("Syncing with the team…"), "{}", screen(&app));
    wait_for_sync(&mut app);
    let shown = screen(&app);
    assert!(!shown.contains("Syncing with the team…") && shown.contains("Synced"), "{shown}");
}

#[test]
fn a_conflict_between_two_machines_opens_the_two_versions_box_and_settling_it_tells_the_team() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut lee, _remote) = team(dir.path());
    let lc = lee.consultation("CARE");
    app.update(Action::Enter);
    assert_eq!(app.screen, Screen::Consultation);
    // Both change the answer from "처음", each on their machine.
    app.update(Action::EditAnswer);
    for c in " + 김".chars() {
        app.update(Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    app.update(Action::Back);
    lee.store
        .set_response_text(&lc, PLN1, ResponseField::Answer, &TextEdit::new("처음 | first", "이의 판 | lee's"), None)
        .unwrap();
    lee.sync();

    app.update(Action::Sync);
    wait_for_sync(&mut app);
    let view = app.view.as_ref().unwrap();
    assert_eq!(view.conflicts.len(), 1, "the box opens with both versions");
    assert_eq!(view.conflicts[0].conflict.mine, "처음 | first + 김");
    assert_eq!(view.conflicts[0].conflict.theirs, "이의 판 | lee's");
    assert!(header(&app).contains("⚠ 1 conflict"), "{}", header(&app));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| chec::tui::draw(f, &app)).unwrap();
    let screen = format!("{:?}", terminal.backend().buffer());
    assert!(screen.contains("Changed on two machines"), "{screen}");

    press(&mut app, 'b');
    assert!(app.view.as_ref().unwrap().conflicts.is_empty());
    app.update(Action::Back);
    app.update(Action::Sync);
    wait_for_sync(&mut app);
    lee.sync();
    let answer = lee.store.responses(&lc).unwrap()["PLN-01"].answer.clone();
    assert_eq!(answer, "이의 판 | lee's\n\n처음 | first + 김", "settled here, settled there");
    assert!(lee.store.team_conflicts().unwrap().is_empty());
    assert!(!header(&app).contains("conflict"), "{}", header(&app));
}
