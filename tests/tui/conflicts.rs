//! Two windows (or two people) editing the same field: nothing is silently overwritten.
//! Every save carries the value its editor started from; a field changed meanwhile is a
//! conflict the consultant settles, and every committed text stays recoverable.

use crate::common;
use crate::common::keys::{press_code, type_text};
use crate::common::store::file_store;

use std::path::Path;
use std::time::{Duration, Instant};

use chec::domain::QuestionRef;
use chec::domain::{
    Consultation, DraftTarget, MeetingField, NewConsultation, NewMeeting, ResponseField, Saved, TextEdit,
};
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::theme::Theme;
use proptest::prelude::*;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

const TODAY: &str = "2026-11-22";
const PLN1: QuestionRef<'static> = QuestionRef { id: "PLN-01", stage: "planning" };

fn care(store: &mut Store) -> Consultation {
    let q = common::catalog::questionnaire("chec-default");
    let new = NewConsultation {
        key: "CARE".parse().unwrap(),
        name: "돌봄 챗봇 | Care".into(),
        team: "케어 AI팀".into(),
        description: String::new(),
        traits: vec![],
    };
    store.create_consultation(&new, &q).unwrap()
}

fn answer(store: &Store, c: &Consultation) -> String {
    store.responses(c).unwrap().get("PLN-01").map(|r| r.answer.clone()).unwrap_or_default()
}

/// Every value the answer of PLN-01 ever held, from its history.
fn answer_history(store: &Store, c: &Consultation) -> Vec<String> {
    let history = store.response_history(c, "PLN-01").unwrap();
    history.into_iter().filter(|h| h.field == "answer").map(|h| h.new_value).collect()
}

// ---------------------------------------------------------------------------------------------
// The store

#[test]
fn a_save_over_a_value_changed_meanwhile_writes_nothing_and_returns_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut mine = file_store(&path, "김민지");
    let c = care(&mut mine);
    let mut theirs = file_store(&path, "박준호");

    // Both editors start from the empty answer; the other saves first.
    assert_eq!(
        theirs.set_response_text(&c, PLN1, ResponseField::Answer, &TextEdit::new("", "그들 | theirs"), None).unwrap(),
        Saved::Changed
    );
    let saved =
        mine.set_response_text(&c, PLN1, ResponseField::Answer, &TextEdit::new("", "나의 | mine"), None).unwrap();

    let conflict = saved.conflict().expect("a conflict, not an overwrite");
    assert_eq!((conflict.theirs.as_str(), conflict.mine.as_str()), ("그들 | theirs", "나의 | mine"));
    assert_eq!(conflict.by.as_deref(), Some("박준호"));
    assert_eq!(answer(&mine, &c), "그들 | theirs", "nothing was overwritten");
    // Settled by keeping mine: it goes in over theirs, and theirs stays in the history.
    let settled = mine.set_response_text(&c, PLN1, ResponseField::Answer, &conflict.resolve_with("나의 | mine"), None);
    assert_eq!(settled.unwrap(), Saved::Changed);
    assert_eq!(answer_history(&mine, &c), ["그들 | theirs", "나의 | mine"]);
}

#[test]
fn meeting_texts_keep_a_history_and_refuse_a_stale_save() {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), TODAY);
    let c = care(&mut store);
    let m = store
        .start_meeting(&c, &NewMeeting { stage: "planning".into(), attendees: vec![], agenda: String::new() })
        .unwrap();
    let field = MeetingField::Decisions;
    assert_eq!(store.set_meeting_text(&c, &m.id, field, &TextEdit::new("", "결정 1")).unwrap(), Saved::Changed);
    let stale = store.set_meeting_text(&c, &m.id, field, &TextEdit::new("", "결정 2")).unwrap();
    assert_eq!(stale.conflict().map(|x| x.theirs.as_str()), Some("결정 1"));
    let m = store.meetings(&c).unwrap().into_iter().next().unwrap();
    assert_eq!(m.decisions, "결정 1");
}

// ---------------------------------------------------------------------------------------------
// Two windows

/// An app on `path`, showing CARE with PLN-01 chosen.
fn window(path: &Path, actor: &str) -> App {
    let mut app = common::app::app_on(file_store(path, actor));
    app.update(Action::Enter);
    let view = app.view.as_deref().expect("CARE is open");
    assert_eq!(view.selected_question_id().as_deref(), Some("PLN-01"));
    app
}

fn conflict_shown(app: &App) -> Option<(String, String)> {
    let view = app.view.as_deref()?;
    view.conflicts.first().map(|p| (p.conflict.theirs.clone(), p.conflict.mine.clone()))
}

fn editor_text(app: &App) -> Option<String> {
    app.view.as_deref()?.editing.as_ref().map(|(_, e)| e.text())
}

fn two_windows_typing(dir: &Path) -> (App, App, Consultation) {
    let path = dir.join("chec.db");
    let c = care(&mut file_store(&path, "setup"));
    let mut first = window(&path, "김민지");
    let mut second = window(&path, "박준호");
    press_code(&mut first, KeyCode::Char('a'));
    press_code(&mut second, KeyCode::Char('a'));
    type_text(&mut first, "첫 창의 답 | first");
    type_text(&mut second, "둘째 창의 답 | second");
    (first, second, c)
}

#[test]
fn the_second_save_shows_both_versions_and_keeping_mine_keeps_every_word_in_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, mut second, c) = two_windows_typing(dir.path());
    press_code(&mut first, KeyCode::Esc);
    assert_eq!(answer(first.store(), &c), "첫 창의 답 | first");
    assert!(first.view.as_deref().unwrap().editing.is_none());

    // The second window hears of it at its next tick, before saving.
    second.tick(Instant::now());
    let told = format!("{:?}", second.status);
    assert!(told.contains("Someone else just saved this field"), "{told}");

    press_code(&mut second, KeyCode::Esc);
    assert_eq!(
        conflict_shown(&second),
        Some(("첫 창의 답 | first".to_string(), "둘째 창의 답 | second".to_string())),
        "both versions are shown"
    );
    assert_eq!(answer(second.store(), &c), "첫 창의 답 | first", "nothing was overwritten");
    assert_eq!(editor_text(&second).as_deref(), Some("둘째 창의 답 | second"), "mine is still in the editor");

    press_code(&mut second, KeyCode::Char('m'));
    assert_eq!(conflict_shown(&second), None);
    assert_eq!(answer(second.store(), &c), "둘째 창의 답 | second");
    assert_eq!(answer_history(second.store(), &c), ["첫 창의 답 | first", "둘째 창의 답 | second"]);
}

#[test]
fn merging_puts_both_in_the_editor_and_saves_one_text_with_every_word() {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, mut second, c) = two_windows_typing(dir.path());
    press_code(&mut first, KeyCode::Esc);
    press_code(&mut second, KeyCode::Esc);
    press_code(&mut second, KeyCode::Char('b'));
    assert_eq!(conflict_shown(&second), None);
    assert_eq!(editor_text(&second).as_deref(), Some("첫 창의 답 | first\n\n둘째 창의 답 | second"));
    press_code(&mut second, KeyCode::Esc);
    assert_eq!(answer(second.store(), &c), "첫 창의 답 | first\n\n둘째 창의 답 | second");
    assert!(second.store().drafts(&c).unwrap().is_empty());
}

#[test]
fn keeping_theirs_drops_mine_and_leaves_no_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, mut second, c) = two_windows_typing(dir.path());
    press_code(&mut first, KeyCode::Esc);
    press_code(&mut second, KeyCode::Esc);
    press_code(&mut second, KeyCode::Char('t'));
    assert_eq!(conflict_shown(&second), None);
    assert_eq!(editor_text(&second), None);
    assert_eq!(answer(second.store(), &c), "첫 창의 답 | first");
    assert!(second.store().drafts(&c).unwrap().is_empty());
}

#[test]
fn two_typists_keep_separate_drafts_and_a_killed_ones_words_come_back_as_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let (mut first, mut second, c) = two_windows_typing(dir.path());
    let later = Instant::now() + Duration::from_secs(2);
    first.tick(later);
    second.tick(later);
    let mut drafts: Vec<String> = first.store().drafts(&c).unwrap().into_iter().map(|(_, body)| body).collect();
    drafts.sort();
    assert_eq!(drafts, ["둘째 창의 답 | second", "첫 창의 답 | first"], "one draft per typist");

    // The second window is killed; the first saves. The killed one's draft is still there.
    let killed = second.store().session().unwrap().to_string();
    std::mem::forget(second);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE sessions SET pid = 2147483646, heartbeat_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1",
        [&killed],
    )
    .unwrap();
    press_code(&mut first, KeyCode::Esc);
    assert_eq!(answer(first.store(), &c), "첫 창의 답 | first");
    let left: Vec<(DraftTarget, String)> = first.store().drafts(&c).unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].1, "둘째 창의 답 | second");
    drop(first);

    // Reopened, the killed window's words meet the newer answer: both shown, nothing lost.
    let reopened = window(&path, "박준호");
    assert_eq!(conflict_shown(&reopened), Some(("첫 창의 답 | first".into(), "둘째 창의 답 | second".into())));
    assert_eq!(answer(reopened.store(), &c), "첫 창의 답 | first");
}

// ---------------------------------------------------------------------------------------------
// Any interleaving

#[derive(Debug, Clone)]
enum Step {
    /// Editor `n` (re)opens on the field: it starts from what is stored now.
    Open(usize),
    /// Editor `n` saves its text with a word of its own added.
    Save(usize, u8),
    /// Editor `n` settles its conflict by keeping its text.
    KeepMine(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize).prop_map(Step::Open),
        (0..3usize, any::<u8>()).prop_map(|(n, w)| Step::Save(n, w)),
        (0..3usize).prop_map(Step::KeepMine),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Three editors on one answer in any order: a save goes in only over the value it
    /// started from, a refused save leaves the stored value alone, and every text that was
    /// ever committed is still in the history.
    #[test]
    fn no_committed_text_ever_vanishes(steps in prop::collection::vec(step(), 1..40)) {
        let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), TODAY);
        let c = care(&mut store);
        let mut started: [Option<String>; 3] = [None, None, None];
        let mut pending: [Option<chec::domain::Conflict>; 3] = [None, None, None];
        let mut committed: Vec<String> = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            let stored = answer(&store, &c);
            match s {
                Step::Open(n) => {
                    started[*n] = Some(stored);
                    pending[*n] = None;
                }
                Step::Save(n, word) => {
                    let Some(from) = started[*n].clone() else { continue };
                    let text = format!("{from} {n}:{word}:{i}");
                    let saved = store.set_response_text(&c, PLN1, ResponseField::Answer, &TextEdit::new(from.clone(), text.clone()), None).unwrap();
                    match saved {
                        Saved::Changed => {
                            prop_assert_eq!(&from, &stored, "a save went in over a value it did not start from");
                            committed.push(text.clone());
                            started[*n] = Some(text);
                        }
                        Saved::Unchanged => prop_assert_eq!(&stored, &text),
                        Saved::Conflict(conflict) => {
                            prop_assert_ne!(&from, &stored);
                            prop_assert_eq!(&conflict.theirs, &stored);
                            prop_assert_eq!(answer(&store, &c), stored, "a refused save changed the field");
                            pending[*n] = Some(*conflict);
                        }
                    }
                }
                Step::KeepMine(n) => {
                    let Some(conflict) = pending[*n].take() else { continue };
                    let saved = store.set_response_text(&c, PLN1, ResponseField::Answer, &conflict.resolve_with(conflict.mine.clone()), None).unwrap();
                    if saved == Saved::Changed {
                        committed.push(conflict.mine.clone());
                        started[*n] = Some(conflict.mine);
                    }
                }
            }
        }
        let history = answer_history(&store, &c);
        for text in &committed {
            prop_assert!(history.contains(text), "{} is gone from the record", text);
        }
        prop_assert_eq!(history.last().cloned().unwrap_or_default(), answer(&store, &c));
    }
}

// ---------------------------------------------------------------------------------------------
// Item fields in the items screen

#[test]
fn an_item_changed_meanwhile_is_not_overwritten_and_a_second_submit_saves_mine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut setup = file_store(&path, "setup");
    let c = care(&mut setup);
    let new = chec::domain::NewItem {
        title: "동의 절차 | consent".into(),
        stage: "planning".into(),
        owner: "kim.minji".into(),
        ..Default::default()
    };
    setup.raise_item(&c, &new, None).unwrap();

    let mut app = App::new(file_store(&path, "김민지"), common::catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app.update(Action::ShowItems);
    app.update(Action::Enter);
    let form = &mut app.form.as_mut().expect("the item's form").form;
    let owner = form.fields.iter().position(|f| f.name == "owner").unwrap();
    form.focus = owner;
    type_text(&mut app, ".lead");

    // Someone else gives the item to 박준호 while the form is open.
    let theirs = chec::domain::ItemUpdate { owner: Some("박준호".into()), ..Default::default() };
    file_store(&path, "박준호").update_item("CARE-1", &theirs, None).unwrap();

    app.update(Action::Save);
    let error = app.form.as_ref().and_then(|f| f.form.error.clone()).expect("the form stays open, saying why");
    assert!(error.contains("owner is now '박준호' (yours: 'kim.minji.lead')"), "{error}");
    assert_eq!(setup.item("CARE-1").unwrap().unwrap().owner, "박준호", "nothing was overwritten");

    // Seen: submitting again saves mine over theirs, and both are in the history.
    app.update(Action::Save);
    assert!(app.form.is_none(), "{:?}", app.form.as_ref().and_then(|f| f.form.error.clone()));
    let item = setup.item("CARE-1").unwrap().unwrap();
    assert_eq!(item.owner, "kim.minji.lead");
    let owners: Vec<_> =
        setup.item_history(&item).unwrap().into_iter().filter(|h| h.field == "owner").map(|h| h.new_value).collect();
    assert_eq!(owners, [Some("박준호".to_string()), Some("kim.minji.lead".to_string())]);
}
