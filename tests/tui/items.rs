//! The items screen and the dashboard: state driven by actions on a real store, and
//! snapshots at 80×24 and 60×12.

use crate::common;
use crate::common::keys::type_text;
use crate::common::screen::{DATES, render, snapshot_screens};

use chec::domain::{ItemStatus, NewConsultation, NewItem, Priority, Risk, StatusFilter};
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::{App, Screen, Status};
use chec::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// The day every test here runs on: the store's clock stands at it, so due dates, the
/// overdue marks and the dashboard's trend are the same whatever the date.
const TODAY: &str = "2026-11-22";

fn days_from_today(days: i64) -> chrono::NaiveDate {
    common::clock::morning_of(TODAY).date_naive() + chrono::TimeDelta::days(days)
}

struct Seed<'a> {
    consultation: &'a str,
    title: &'a str,
    owner: &'a str,
    due: Option<i64>,
    priority: Option<Priority>,
    risk: Option<(u8, u8)>,
    question: Option<&'a str>,
}

const SEEDS: &[Seed] = &[
    Seed {
        consultation: "CARE",
        title: "야간 응답 검토 | night review",
        owner: "이서연",
        due: Some(20),
        priority: None,
        risk: Some((3, 4)),
        question: Some("PLN-01"),
    },
    Seed {
        consultation: "CARE",
        title: "보존 기간 정책",
        owner: "Lee",
        due: Some(-5),
        priority: Some(Priority::Critical),
        risk: None,
        question: Some("PLN-06"),
    },
    Seed {
        consultation: "HIRE",
        title: "Bias audit | 편향 감사",
        owner: "박지훈",
        due: None,
        priority: None,
        risk: Some((4, 5)),
        question: None,
    },
    Seed {
        consultation: "HIRE",
        title: "Appeal process",
        owner: "lee",
        due: Some(3),
        priority: Some(Priority::Low),
        risk: None,
        question: None,
    },
    Seed {
        consultation: "HIRE",
        title: "Model card",
        owner: "",
        due: None,
        priority: None,
        risk: None,
        question: None,
    },
];

fn store() -> Store {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), TODAY);
    seed(&mut store);
    store
}

/// The consultations and items of [`SEEDS`], one of them resolved.
fn seed(store: &mut Store) {
    store.set_actor("김민지");
    let catalog = common::catalog::shipped();
    let q = catalog.get("chec-default").unwrap().questionnaire.clone();
    for (key, name) in [("CARE", "돌봄 챗봇 | Care"), ("HIRE", "채용 심사 AI")] {
        let new = NewConsultation {
            key: key.parse().unwrap(),
            name: name.into(),
            team: "AI".into(),
            description: String::new(),
            traits: vec!["personal-data".into()],
        };
        store.create_consultation(&new, &q).unwrap();
    }
    for s in SEEDS {
        let c = store.consultation(s.consultation).unwrap().unwrap();
        let question = s.question.and_then(|id| q.question(id));
        let new = NewItem {
            title: s.title.into(),
            owner: s.owner.into(),
            due: s.due.map(days_from_today),
            priority: s.priority,
            risk: s.risk.map(|(l, i)| Risk::new(l, i).unwrap()),
            question_id: question.map(|q| q.id.clone()),
            principles: question.map(|q| q.principles.clone()).unwrap_or_default(),
            stage: c.current_stage.clone(),
            ..NewItem::default()
        };
        store.raise_item(&c, &new, None).unwrap();
    }
    store
        .update_item(
            "HIRE-2",
            &chec::domain::ItemUpdate {
                status: Some(ItemStatus::Resolved),
                note: Some("게시함".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
}

fn app() -> App {
    let mut app = App::new(store(), common::catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app
}

fn items_app() -> App {
    let mut app = app();
    app.update(Action::ShowItems);
    assert_eq!(app.screen, Screen::Items);
    app
}

fn shown_keys(app: &App) -> Vec<String> {
    app.items.page.rows.iter().map(|i| i.key.clone()).collect()
}

#[test]
fn the_items_screen_lists_active_items_most_urgent_first() {
    let app = items_app();
    assert_eq!(app.items.total, 4);
    assert_eq!(shown_keys(&app), ["CARE-2", "HIRE-1", "CARE-1", "HIRE-3"]);
}

#[test]
fn filters_narrow_the_list_as_they_are_set() {
    let mut app = items_app();
    app.update(Action::FilterOwner);
    type_text(&mut app, "LEE");
    app.update(Action::Save);
    assert_eq!(shown_keys(&app), ["CARE-2"], "owner is matched ignoring case; HIRE-2 is resolved");
    app.update(Action::CycleStatus); // open
    app.update(Action::CycleStatus); // in progress
    app.update(Action::CycleStatus); // resolved
    assert_eq!(app.items.query.status, StatusFilter::Only(ItemStatus::Resolved));
    assert_eq!(shown_keys(&app), ["HIRE-2"]);
    app.update(Action::ClearFilters);
    app.update(Action::ToggleOverdue);
    assert_eq!(shown_keys(&app), ["CARE-2"]);
    app.update(Action::ClearFilters);
    app.update(Action::Filter);
    type_text(&mut app, "편향");
    assert_eq!(shown_keys(&app), ["HIRE-1"], "search narrows as you type");
    app.update(Action::Back);
    assert_eq!(app.items.total, 4, "Esc while typing clears that filter");
}

/// The keys `chec items --format json` prints with these filters, in its order.
fn cli_keys(db: &std::path::Path, filters: &[&str]) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chec"))
        .args(["--db", db.to_str().unwrap(), "items", "--format", "json"])
        .args(filters)
        .env("CHEC_CONFIG_DIR", db.with_file_name("config"))
        // The same day as the app's clock, so both agree on what is overdue.
        .env(chec::clock::NOW_ENV, format!("{TODAY}T10:00:00Z"))
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    items.iter().map(|i| i["key"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_items_screen_shows_what_chec_items_prints_for_the_same_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chec.db");
    seed(&mut Store::open(&db).unwrap());
    let store = common::clock::on_day(Store::open(&db).unwrap(), TODAY);
    let mut app = App::new(store, common::catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app.update(Action::ShowItems);
    assert_eq!(shown_keys(&app), cli_keys(&db, &[]), "no filter");
    app.update(Action::FilterOwner);
    type_text(&mut app, "LEE");
    app.update(Action::Save);
    assert_eq!(shown_keys(&app), cli_keys(&db, &["--owner", "LEE"]), "owner");
    for _ in 0..3 {
        app.update(Action::CycleStatus); // open, in progress, resolved
    }
    assert_eq!(shown_keys(&app), cli_keys(&db, &["--owner", "LEE", "--status", "resolved"]), "owner and status");
    app.update(Action::ClearFilters);
    app.update(Action::ToggleOverdue);
    assert_eq!(shown_keys(&app), cli_keys(&db, &["--overdue"]), "overdue");
    app.update(Action::ClearFilters);
    app.update(Action::CyclePriority); // low
    app.update(Action::CyclePriority); // medium
    app.update(Action::CyclePriority); // high
    app.update(Action::CycleSort); // due
    assert_eq!(shown_keys(&app), cli_keys(&db, &["--min-priority", "high", "--sort", "due"]), "priority and sort");
    app.update(Action::ClearFilters);
    app.update(Action::Filter);
    type_text(&mut app, "편향");
    assert_eq!(shown_keys(&app), cli_keys(&db, &["--search", "편향"]), "search");
    assert!(!shown_keys(&app).is_empty(), "the comparisons are not all of empty lists");
}

#[test]
fn minimum_priority_cycles_and_sorting_changes_the_order() {
    let mut app = items_app();
    app.update(Action::CyclePriority); // low
    app.update(Action::CyclePriority); // medium
    app.update(Action::CyclePriority); // high
    assert_eq!(shown_keys(&app), ["CARE-2", "HIRE-1", "CARE-1"]);
    app.update(Action::ClearFilters);
    app.update(Action::CycleSort); // due
    assert_eq!(shown_keys(&app), ["CARE-2", "CARE-1", "HIRE-1", "HIRE-3"]);
}

#[test]
fn only_the_visible_window_is_read_and_paging_fetches_the_next() {
    let mut store = store();
    let c = store.consultation("CARE").unwrap().unwrap();
    for n in 0..60 {
        let new = NewItem { title: format!("bulk {n:02}"), stage: c.current_stage.clone(), ..NewItem::default() };
        store.raise_item(&c, &new, None).unwrap();
    }
    let mut app = App::new(store, common::catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app.update(Action::ShowItems);
    assert_eq!(app.items.total, 64);
    let visible = app.items.page.rows.len();
    assert!(visible < 20, "only a screenful is read, not {visible}");
    app.update(Action::Last);
    assert_eq!(app.items.selected().map(|i| i.key.as_str()), Some("HIRE-3"), "the last row by priority");
    assert!(app.items.page.rows.len() <= visible);
    app.update(Action::First);
    assert_eq!(app.items.selected().map(|i| i.key.as_str()), Some("CARE-2"));
}

#[test]
fn editing_an_item_requires_a_note_to_resolve_it_and_records_history() {
    let mut app = items_app();
    app.update(Action::Enter);
    assert!(app.form.is_some(), "Enter opens the item form");
    app.update(Action::Right);
    app.update(Action::Right); // resolved
    app.update(Action::Save);
    let error = app.form.as_ref().unwrap().form.error.clone().unwrap();
    assert!(error.contains("resolution note is required"), "{error}");
    let form = &app.form.as_ref().unwrap().form;
    assert_eq!(form.fields[form.focus].name, "note", "the error took the focus to the note");
    type_text(&mut app, "정책 게시 | published");
    app.update(Action::Save);
    assert!(app.form.is_none(), "{:?}", app.status);
    assert!(matches!(&app.status, Some(Status::Info(s)) if s.contains("CARE-2: resolved")), "{:?}", app.status);
    let item = app.store().item("CARE-2").unwrap().unwrap();
    assert_eq!((item.status, item.resolution.as_str()), (ItemStatus::Resolved, "정책 게시 | published"));
    let history = app.store().item_history(&item).unwrap();
    let last = history.last().unwrap();
    assert_eq!((last.field.as_str(), last.changed_by.as_str()), ("status", "김민지"));
    assert_eq!(shown_keys(&app), ["HIRE-1", "CARE-1", "HIRE-3"], "it left the active list");
}

#[test]
fn history_opens_and_closes() {
    let mut app = items_app();
    app.update(Action::History);
    let (key, history) = app.items.history.clone().unwrap();
    assert_eq!(key, "CARE-2");
    assert_eq!(history[0].field, "created");
    app.update(Action::Back);
    assert!(app.items.history.is_none());
    assert_eq!(app.screen, Screen::Items, "Esc closed the history, not the screen");
}

#[test]
fn items_opened_from_a_consultation_show_its_items_and_esc_returns_to_it() {
    let mut app = app();
    app.update(Action::Enter); // CARE
    assert_eq!(app.screen, Screen::Consultation);
    app.update(Action::ShowItems);
    assert_eq!(app.items.query.consultation.as_deref(), Some("CARE"));
    assert_eq!(shown_keys(&app), ["CARE-2", "CARE-1"]);
    app.update(Action::ClearFilters);
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Consultation);
}

#[test]
fn the_dashboard_counts_open_items_by_priority_principle_and_risk() {
    let mut app = app();
    app.update(Action::ShowDashboard);
    let o = &app.dashboard.overview;
    assert_eq!(o.by_priority, [0, 1, 1, 2], "low (resolved), medium (the default), high (3×4), critical (2)");
    assert_eq!(o.overdue, 1);
    assert_eq!(o.risk_matrix[2][3], 1, "likelihood 3 × impact 4");
    assert_eq!(o.risk_matrix[3][4], 1, "likelihood 4 × impact 5");
    assert_eq!(o.unrated, 2);
    let principles: i64 = o.by_principle.iter().map(|(_, n)| n).sum();
    assert!(principles >= 2, "{:?}", o.by_principle);
    assert_eq!(o.trend.last().map(|(_, n)| *n), Some(4), "four items are open at the end of today");
    assert_eq!(app.dashboard.consultations.len(), 2);
}

#[test]
fn snapshots_of_items_history_edit_form_and_dashboard() {
    let mut app = items_app();
    snapshot_screens!("items", &mut app, DATES);
    app.update(Action::History);
    snapshot_screens!("item_history", &mut app, DATES);
    app.update(Action::Back);
    app.update(Action::Enter);
    snapshot_screens!("item_edit_form", &mut app, DATES);
    app.update(Action::Back);
    app.update(Action::ShowDashboard);
    snapshot_screens!("dashboard", &mut app, DATES);
}

/// The seeded store and 1,100 more items on CARE, titled `bulk 0000` to `bulk 1099`.
fn bulk_app() -> App {
    let mut store = store();
    store.for_bulk_load().unwrap();
    let c = store.consultation("CARE").unwrap().unwrap();
    for n in 0..1_100 {
        let new = NewItem { title: format!("bulk {n:04}"), stage: c.current_stage.clone(), ..NewItem::default() };
        store.raise_item(&c, &new, None).unwrap();
    }
    let mut app = App::new(store, common::catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app
}

/// What the items screen shows once every read is done.
fn settled(app: &mut App) -> (Vec<String>, String, usize) {
    while app.is_behind() {
        app.catch_up();
    }
    (shown_keys(app), app.items.total_label(), app.items.cursor.selected)
}

/// Two bulk apps on the items screen, to be given the same keys: one reads everything at
/// once (it watches no input); the other stops its reads whenever the flag says a key is
/// waiting, as the event loop's do.
fn twin_apps() -> (App, App, std::sync::Arc<std::sync::atomic::AtomicBool>) {
    let mut at_once = bulk_app();
    let mut later = bulk_app();
    let key_waiting = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let waiting = std::sync::Arc::clone(&key_waiting);
    later.watch_input(move || waiting.load(std::sync::atomic::Ordering::SeqCst));
    for app in [&mut at_once, &mut later] {
        app.update(Action::ShowItems);
        settled(app);
    }
    (at_once, later, key_waiting)
}

#[test]
fn a_search_that_a_waiting_key_interrupts_shows_its_text_at_once_and_its_results_after() {
    let (mut at_once, mut later, key_waiting) = twin_apps();
    let before = shown_keys(&later);
    key_waiting.store(true, std::sync::atomic::Ordering::SeqCst);
    for app in [&mut at_once, &mut later] {
        app.update(Action::Filter);
        // Two characters: no index serves them, so the items are looked through, and the
        // first page's matches are far apart.
        app.update(Action::Paste("99".into()));
    }
    assert!(!at_once.is_behind());
    assert!(later.is_behind(), "the reads stopped for the waiting key");
    assert_eq!(later.items.total_label(), "searching…");
    assert_eq!(shown_keys(&later), before, "the rows from before stay until the new ones are read");
    assert!(render(&mut later, 80, 24).contains("searching…"));
    later.catch_up();
    assert!(later.is_behind(), "between keys, reads still stop while a key waits");

    key_waiting.store(false, std::sync::atomic::Ordering::SeqCst);
    let expected = settled(&mut at_once);
    assert!(!expected.0.is_empty());
    assert!(at_once.items.page.rows.iter().all(|i| format!("{} {}", i.key, i.title).contains("99")));
    assert_eq!(settled(&mut later), expected, "once read, the results are those read at once");
    assert!(!render(&mut later, 80, 24).contains("searching…"));
}

#[test]
fn end_pressed_while_matches_are_counted_goes_to_the_last_one_once_they_are() {
    let (mut at_once, mut later, key_waiting) = twin_apps();
    for app in [&mut at_once, &mut later] {
        app.update(Action::Filter);
        type_text(app, "bu");
        app.update(Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        settled(app);
    }
    assert_eq!(later.items.total_label(), "1000+");
    key_waiting.store(true, std::sync::atomic::Ordering::SeqCst);
    for app in [&mut at_once, &mut later] {
        app.update(Action::Last);
    }
    assert!(later.is_behind(), "counting to the end stopped for the waiting key");
    assert_eq!(later.items.total_label(), "counting…");
    key_waiting.store(false, std::sync::atomic::Ordering::SeqCst);
    let expected = settled(&mut at_once);
    assert_eq!((expected.1.as_str(), expected.2), ("1100", 1_099));
    assert_eq!(settled(&mut later), expected, "End waited for the count, then went to the last match");
}

#[test]
fn end_pressed_before_a_new_search_is_counted_goes_to_its_real_end_and_a_later_move_replaces_it() {
    let (mut at_once, mut later, key_waiting) = twin_apps();
    key_waiting.store(true, std::sync::atomic::Ordering::SeqCst);
    for app in [&mut at_once, &mut later] {
        app.update(Action::Filter);
        app.update(Action::Paste("bu".into()));
        app.update(Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    }
    assert_eq!(later.items.total_label(), "searching…");
    assert!(later.items.selected().is_none(), "no item is offered while the rows shown may not match");
    later.update(Action::Enter);
    assert!(later.form.is_none(), "Enter does not edit an item from before the search");
    for app in [&mut at_once, &mut later] {
        app.update(Action::Last);
    }
    key_waiting.store(false, std::sync::atomic::Ordering::SeqCst);
    let expected = settled(&mut at_once);
    assert_eq!((expected.1.as_str(), expected.2), ("1100", 1_099));
    assert_eq!(settled(&mut later), expected, "End counted past the first thousand, to the real end");

    // End, then Home before the count is done: Home wins.
    key_waiting.store(true, std::sync::atomic::Ordering::SeqCst);
    later.update(Action::CycleSort);
    later.update(Action::Last);
    later.update(Action::First);
    key_waiting.store(false, std::sync::atomic::Ordering::SeqCst);
    let (_, label, selected) = settled(&mut later);
    assert_eq!((label.as_str(), selected), ("1000+", 0), "the End that waited was replaced by Home");
}

#[test]
fn past_a_thousand_matches_the_count_says_so_and_end_still_reaches_the_last_item() {
    let mut app = bulk_app();
    app.update(Action::ShowItems);
    assert!(app.items.more, "1,104 matches are counted no further than 1,000 at first");
    assert_eq!(app.items.total_label(), "1000+");
    app.update(Action::Last);
    assert!(!app.items.more, "End counts every match");
    assert_eq!(app.items.total, 1_104);
    assert_eq!(app.items.total_label(), "1104");
    assert_eq!(app.items.cursor.selected, 1_103);
    assert!(app.items.selected().is_some(), "the last row is read and selected");
}

#[test]
fn esc_on_the_items_screen_goes_back_even_with_filters_set() {
    let mut app = app();
    app.update(Action::ShowItems);
    app.update(Action::ToggleOverdue);
    app.update(Action::Back);
    assert_eq!(app.screen, chec::tui::app::Screen::Consultations, "Esc went back, filters and all");
}

#[test]
fn the_owner_and_consultation_filters_match_a_part_as_it_is_typed() {
    let mut app = items_app();
    let all = shown_keys(&app);
    app.update(Action::FilterOwner);
    type_text(&mut app, "박지");
    let by_owner = shown_keys(&app);
    assert!(!by_owner.is_empty(), "박지 finds 박지훈's items as it is typed");
    let expected: Vec<String> = all
        .iter()
        .filter(|k| app.store().item(k).unwrap().is_some_and(|i| i.owner.starts_with("박지")))
        .cloned()
        .collect();
    assert_eq!(by_owner, expected);
    app.update(Action::Back);
    app.update(Action::FilterConsultation);
    type_text(&mut app, "hi");
    let by_consultation = shown_keys(&app);
    assert!(
        !by_consultation.is_empty() && by_consultation.iter().all(|k| k.starts_with("HIRE-")),
        "{by_consultation:?}"
    );
}

/// An item's history longer than the screen: it opens at its newest change and scrolls as
/// the other readers do, past either end costing nothing on the way back.
#[test]
fn a_long_item_history_opens_at_its_end_and_scrolls_as_the_other_readers_do() {
    let mut store = store();
    // CARE-2, the first item listed.
    for n in 1..=20 {
        let update = chec::domain::ItemUpdate { owner: Some(format!("담당 {n} | owner {n}")), ..Default::default() };
        store.update_item("CARE-2", &update, None).unwrap();
    }
    let mut app = App::new(store, common::catalog::shipped(), Theme::plain()).unwrap();
    app.update(Action::ShowItems);
    let screen = |app: &mut App| common::screen::render(app, 80, 24);
    screen(&mut app);
    app.update(Action::History);
    let end = screen(&mut app);
    assert!(end.contains("→ 담당 20 |") && end.contains("↑ +") && !end.contains("↓ +"), "{end}");
    for _ in 0..50 {
        app.update(Action::Down);
    }
    app.update(Action::Up);
    let back = screen(&mut app);
    assert!(back.contains("↓ +1 line "), "one line below after one ↑:\n{back}");
    for _ in 0..500 {
        app.update(Action::Up);
    }
    app.update(Action::Down);
    let down = screen(&mut app);
    assert!(down.contains("↑ +1 line "), "one line above after one ↓:\n{down}");
    app.update(Action::Back);
    assert!(app.items.history.is_none());
}
