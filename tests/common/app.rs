//! The TUI's `App` without a terminal: on a store, at 80×24, in plain colours, with the
//! shipped questionnaires.

use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::screens::consultation::ListRow;
use chec::tui::theme::Theme;
use ratatui::layout::Rect;

/// The app on `store`, whose clock the caller has set (see [`on_day`]).
pub fn app_on(store: Store) -> App {
    let mut app = App::new(store, super::catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app
}

/// The app on `store`, its clock at 10:00 UTC on `day`.
pub fn on_day(store: Store, day: &str) -> App {
    app_on(super::clock::on_day(store, day))
}

/// Select `key` on the consultations list and press Enter.
pub fn open(app: &mut App, key: &str) {
    let index = app.consultations.page.rows.iter().position(|r| r.key == key).expect("listed");
    app.update(Action::First);
    for _ in 0..index {
        app.update(Action::Down);
    }
    app.update(Action::Enter);
    assert_eq!(app.view.as_ref().map(|v| v.consultation.key.as_str()), Some(key));
}

/// The ids of the questions the open consultation lists, without its section headings.
pub fn listed_questions(app: &App) -> Vec<String> {
    app.view
        .as_deref()
        .expect("a consultation is open")
        .rows
        .iter()
        .filter_map(|r| match r {
            ListRow::Question(id) => Some(id.clone()),
            ListRow::Heading(_) => None,
        })
        .collect()
}
