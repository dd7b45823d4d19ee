//! The live meeting at the keyboard (issue 13): the questions in questionnaire order with
//! their principles as tags and a filter by principle, past meetings read back, traits
//! changed after creation, and nothing cut without a sign. State on in-memory databases,
//! snapshots at 80×24, 200×50 and the 60×12 minimum.

use crate::common;
use crate::common::screen::render;

use chec::catalog::Catalog;
use chec::domain::{Consultation, NewConsultation};
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::screens::consultation::{ConsultationView, ListRow};
use chec::tui::theme::Theme;
use ratatui::layout::Rect;

const TODAY: &str = "2026-11-22";

/// The sizes these screens are snapshotted at: the usual, a wide one and the minimum.
const SIZES: [(u16, u16); 3] = [(80, 24), (200, 50), (60, 12)];

fn snapshot(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn care(traits: &[&str]) -> (App, Consultation) {
    care_with(traits, |_, _| {})
}

/// CARE with `traits`, `prepare`d in the store, opened at its first stage.
fn care_with(traits: &[&str], prepare: impl FnOnce(&mut Store, &Consultation)) -> (App, Consultation) {
    let mut store = common::clock::on_day(common::store::memory_store("김민지"), TODAY);
    let new = NewConsultation {
        key: "CARE".parse().unwrap(),
        name: "돌봄 챗봇 | Care chatbot".into(),
        team: "케어 AI팀".into(),
        description: String::new(),
        traits: traits.iter().map(|t| t.to_string()).collect(),
    };
    let q = Catalog::shipped().get("chec-default").unwrap().questionnaire.clone();
    let c = store.create_consultation(&new, &q).unwrap();
    prepare(&mut store, &c);
    let mut app = App::new(store, Catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app.update(Action::Enter);
    (app, c)
}

fn view(app: &App) -> &ConsultationView {
    app.view.as_deref().expect("a consultation is open")
}

fn listed(app: &App) -> Vec<String> {
    view(app)
        .rows
        .iter()
        .map(|r| match r {
            ListRow::Question(id) => id.clone(),
            ListRow::Heading(h) => format!("## {h}"),
        })
        .collect()
}

#[test]
fn questions_follow_the_questionnaire_and_a_principle_lists_every_question_serving_it() {
    let (mut app, _) = care(&["generative"]);
    let q = Catalog::shipped().get("chec-default").unwrap().questionnaire.clone();
    let planning: Vec<String> = q
        .questions
        .iter()
        .filter(|x| x.stage == "planning" && x.traits.iter().all(|t| t == "generative"))
        .map(|x| x.id.clone())
        .collect();
    assert_eq!(listed(&app), planning, "questionnaire order, no principle headings");

    // `p` walks the principles some question of the stage serves, in the questionnaire's
    // order; each lists exactly the questions serving it, a question with two under both.
    let mut seen = Vec::new();
    for _ in 0..q.principles.len() + 1 {
        app.update(Action::CyclePrinciple);
        let Some(principle) = view(&app).principle.clone() else { break };
        let serving: Vec<String> = q
            .questions
            .iter()
            .filter(|x| planning.contains(&x.id) && x.principles.contains(&principle))
            .map(|x| x.id.clone())
            .collect();
        assert!(!serving.is_empty());
        assert_eq!(listed(&app), serving, "under #{principle}");
        seen.push(principle);
    }
    let order: Vec<String> = q.principles.iter().map(|p| p.id.clone()).filter(|p| seen.contains(p)).collect();
    assert_eq!(seen, order);
    let pln08 = q.question("PLN-08").unwrap();
    assert!(pln08.principles.len() >= 2);
    for p in &pln08.principles {
        assert!(seen.contains(p), "PLN-08 is found under {p}");
    }
    assert_eq!(view(&app).principle, None, "after the last principle, every question again");
    assert_eq!(listed(&app), planning);
}

#[test]
fn the_chosen_question_stays_chosen_while_the_principle_lists_it() {
    let (mut app, _) = care(&["generative"]);
    app.update(Action::Down);
    app.update(Action::Down);
    let mut kept = 0;
    for _ in 0..6 {
        let before = view(&app).selected_question_id().unwrap();
        app.update(Action::CyclePrinciple);
        if listed(&app).contains(&before) {
            assert_eq!(view(&app).selected_question_id(), Some(before));
            kept += 1;
        } else {
            assert_eq!(view(&app).selected_question_id(), listed(&app).first().cloned(), "else the first one");
        }
    }
    assert!(kept > 0);
}

#[test]
fn question_rows_show_principles_as_tags_and_cut_titles_with_an_ellipsis() {
    let (mut app, _) = care(&["generative"]);
    snapshot("questions_with_tags", &mut app);
    let narrow = render(&mut app, 80, 24);
    assert!(narrow.contains("PLN-02 Besides the people w…"), "{narrow}");
    let wide = render(&mut app, 200, 50);
    assert!(wide.contains("#human-centred #safety"), "{wide}");
    app.update(Action::CyclePrinciple);
    app.update(Action::CyclePrinciple);
    snapshot("questions_of_a_principle", &mut app);
}

/// CARE with meeting 1 ended (attendees, agenda with a `|` over two lines, an answer and an
/// item raised in it).
fn with_a_past_meeting() -> App {
    use chec::domain::{Attendee, NewItem, NewMeeting, ResponseField};
    let (app, _) = care_with(&[], |store, c| {
        let m = store
            .start_meeting(
                c,
                &NewMeeting {
                    stage: "planning".into(),
                    attendees: vec![
                        Attendee { name: "이서연".into(), role: "기획자 (PM)".into() },
                        Attendee { name: "박준호".into(), role: "개발자".into() },
                    ],
                    agenda: "안건 | 첫째 줄\n둘째 줄".into(),
                },
            )
            .unwrap();
        store
            .replace_response_text(
                c,
                chec::domain::QuestionRef { id: "PLN-02", stage: "planning" },
                ResponseField::Answer,
                "보호자 | 동의",
                Some(&m.id),
            )
            .unwrap();
        let new =
            NewItem { title: "야간 검토 | night review".into(), stage: "planning".into(), ..NewItem::default() };
        store.raise_item(c, &new, Some(&m.id)).unwrap();
        store.end_meeting(&m.id).unwrap();
    });
    app
}

#[test]
fn past_meetings_open_read_only_from_the_consultation() {
    let (mut app, _) = care(&[]);
    app.update(Action::PastMeetings);
    assert!(view(&app).past.is_none(), "nothing to list before a meeting ends");

    let mut app = with_a_past_meeting();
    app.update(Action::PastMeetings);
    let past = view(&app).past.as_ref().expect("the list opens");
    let seqs: Vec<i64> = past.meetings.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [1], "only meetings that ended");
    snapshot("past_meetings", &mut app);
    app.update(Action::Enter);
    let open = view(&app).past.as_ref().unwrap().open.as_ref().expect("the meeting opens");
    assert_eq!(open.discussed, ["PLN-02"]);
    assert_eq!(open.items.len(), 1);
    let text: Vec<String> =
        view(&app).past_meeting_lines(open, &Theme::plain()).iter().map(|l| l.to_string()).collect();
    for expected in ["• 이서연 (기획자 (PM))", "안건 | 첫째 줄", "둘째 줄", "Questions discussed", "Items raised"]
    {
        assert!(text.iter().any(|l| l.contains(expected)), "{expected:?} in {text:?}");
    }
    snapshot("past_meeting_read", &mut app);
    // Read-only: typing a key that edits elsewhere changes nothing here.
    app.update(Action::EditAnswer);
    assert!(view(&app).editing.is_none());
    app.update(Action::Back);
    assert!(view(&app).past.as_ref().unwrap().open.is_none(), "Esc goes back to the list");
    app.update(Action::Back);
    assert!(view(&app).past.is_none(), "and then closes it");
}

#[test]
fn a_long_past_meeting_scrolls_to_its_end() {
    let mut app = with_a_past_meeting();
    app.update(Action::PastMeetings);
    app.update(Action::Enter);
    let top = render(&mut app, 60, 12);
    assert!(top.contains("↓ +"), "the border says more is below:\n{top}");
    for _ in 0..60 {
        app.update(Action::Down);
    }
    let end = render(&mut app, 60, 12);
    assert!(end.contains("야간 검토 | night review") && !end.contains("↓ +"), "{end}");
}

#[test]
fn traits_change_from_the_stage_view_with_their_history_and_the_questions_follow() {
    let (mut app, c) = care(&["personal-data"]);
    let counted = |app: &App| view(app).stages[0].questions;
    let before = counted(&app);
    assert!(!listed(&app).contains(&"PLN-08".to_string()));
    app.update(Action::Traits);
    let form = &app.form.as_ref().expect("the traits form opens").form;
    assert_eq!(form.toggled("traits"), ["personal-data"], "ticked as they stand");
    // Tick "generates content" (the second trait) and submit.
    app.update(Action::Right);
    app.update(Action::Toggle);
    app.update(Action::Save);
    assert!(app.form.is_none(), "submitted");
    assert_eq!(view(&app).consultation.traits, ["personal-data", "generative"]);
    assert!(listed(&app).contains(&"PLN-08".to_string()), "its question is listed at once");
    assert_eq!(counted(&app), before + 1, "and counted");
    let history = app.store().trait_history(&c).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].by, "김민지");

    // The form shows the change it made: who, when, from what to what.
    app.update(Action::Traits);
    let notes = app.form.as_ref().unwrap().form.notes.join("\n");
    assert!(notes.contains("김민지: Uses personal data → Uses personal data, Generates content"), "{notes}");
    snapshot("traits_form", &mut app);
    app.update(Action::Save);
    assert_eq!(app.store().trait_history(&c).unwrap().len(), 1, "submitting them unchanged writes nothing");
}

#[test]
fn any_field_shows_in_full_and_scrolls_to_its_last_line() {
    use chec::domain::ResponseField;
    let long: String = (1..=40).map(|n| format!("줄 {n} | line {n}\n")).collect();
    let (mut app, _) = care_with(&[], |store, c| {
        let pln1 = chec::domain::QuestionRef { id: "PLN-01", stage: "planning" };
        store.replace_response_text(c, pln1, ResponseField::Answer, &long, None).unwrap();
        store.replace_response_text(c, pln1, ResponseField::Notes, "메모 | notes", None).unwrap();
    });
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("lines ┘"), "the answer box says it goes on:\n{screen}");
    app.update(Action::ViewField);
    assert!(view(&app).full.is_some());
    snapshot("field_in_full", &mut app);
    render(&mut app, 80, 24); // the size the keys below are pressed at
    for _ in 0..100 {
        app.update(Action::Down);
    }
    let end = render(&mut app, 80, 24);
    assert!(end.contains("메모 | notes") && end.contains("줄 40 | line 40"), "the end is reachable:\n{end}");
    assert!(!end.contains("↓ +"), "nothing below:\n{end}");
    // Pressing on past the end costs nothing on the way back: one ↑ is one line up.
    app.update(Action::Up);
    let back = render(&mut app, 80, 24);
    assert!(back.contains("↓ +1 line "), "one line below after one ↑:\n{back}");
    app.update(Action::Back);
    assert!(view(&app).full.is_none());
}

#[test]
fn the_item_detail_shows_the_resolution_first_keeps_line_breaks_and_counts_what_does_not_fit() {
    use chec::domain::{ItemStatus, ItemUpdate, NewItem};
    let (mut app, _) = care_with(&[], |store, c| {
        let detail: String = (1..=8).map(|n| format!("세부 {n} | detail {n}\n")).collect();
        let new = NewItem {
            title: "보존 | retention".into(),
            detail,
            owner: "박준호".into(),
            stage: "planning".into(),
            ..NewItem::default()
        };
        let item = store.raise_item(c, &new, None).unwrap();
        let done = ItemUpdate {
            status: Some(ItemStatus::Resolved),
            note: Some("정책 | 확정\n두 번째 줄".into()),
            ..ItemUpdate::default()
        };
        store.update_item(&item.key, &done, None).unwrap();
    });
    app.update(Action::Back);
    app.update(Action::ShowItems);
    // Show resolved items: the status filter cycles to them.
    for _ in 0..8 {
        if app.items.query.status.to_string() == "resolved" {
            break;
        }
        app.update(Action::CycleStatus);
    }
    let screen = render(&mut app, 80, 24);
    let detail: Vec<&str> = screen.lines().skip_while(|l| !l.contains("Item ·")).collect();
    let text = detail.join("\n");
    assert!(text.contains("Owner 박준호") && text.contains("Status resolved"), "{text}");
    assert!(text.contains("Resolution: 정책 | 확정"), "the resolution shows before the detail:\n{text}");
    assert!(text.contains("│두 번째 줄"), "its line breaks are kept:\n{text}");
    assert!(text.contains(" lines ┘"), "what does not fit is counted:\n{text}");
}

/// A form taller than the screen scrolls to its focused field and says how many fields are
/// out of sight above and below; where it all fits, it says nothing.
#[test]
fn a_form_taller_than_the_screen_counts_the_fields_out_of_sight() {
    // How many fields the sign after `arrow` counts, if there is one.
    fn counted(screen: &str, arrow: char) -> Option<usize> {
        let at = screen.find(&format!("{arrow} "))? + arrow.len_utf8() + 1;
        let rest = &screen[at..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        rest[digits.len()..].starts_with(" more field").then(|| digits.parse().ok()).flatten()
    }
    let (mut app, _) = care(&[]);
    app.update(Action::RaiseItem);
    let top = render(&mut app, 80, 24);
    let below = counted(&top, '↓').unwrap_or_else(|| panic!("no sign of the fields below:\n{top}"));
    assert_eq!(counted(&top, '↑'), None, "{top}");
    // The last field: those that were below are in sight, and the first ones are above.
    for _ in 0..20 {
        app.update(Action::NextPane);
        if render(&mut app, 80, 24).contains("↑") {
            break;
        }
    }
    let bottom = render(&mut app, 80, 24);
    assert!(counted(&bottom, '↑').is_some_and(|above| above >= 1), "{bottom}");
    assert!(below >= 1);
    let wide = render(&mut app, 200, 50);
    assert!(!wide.contains("more field"), "{wide}");
}

/// Scroll `app`'s reader `n` times with `action`, at 80×24.
fn press(app: &mut App, action: Action, n: usize) -> String {
    for _ in 0..n {
        app.update(action.clone());
    }
    render(app, 80, 24)
}

#[test]
fn the_answer_history_opens_at_its_end_and_scrolls_as_the_other_readers_do() {
    use chec::domain::ResponseField;
    let (mut app, _) = care_with(&[], |store, c| {
        let pln1 = chec::domain::QuestionRef { id: "PLN-01", stage: "planning" };
        for n in 1..=20 {
            store.replace_response_text(c, pln1, ResponseField::Answer, &format!("답 {n} | answer {n}"), None).unwrap();
        }
    });
    render(&mut app, 80, 24);
    app.update(Action::History);
    let end = render(&mut app, 80, 24);
    assert!(end.contains("답 20 | answer 20") && !end.contains("↓ +"), "the newest change shows:\n{end}");
    assert!(end.contains("↑ +"), "the border says more is above:\n{end}");
    // Pressing on past the end costs nothing on the way back: one ↑ is one line up.
    press(&mut app, Action::Down, 50);
    let back = press(&mut app, Action::Up, 1);
    assert!(back.contains("↓ +1 line "), "one line below after one ↑:\n{back}");
    // Nor past the start.
    let top = press(&mut app, Action::Up, 500);
    assert!(top.contains("답 1 | answer 1") && !top.contains("↑ +"), "the oldest change shows:\n{top}");
    let down = press(&mut app, Action::Down, 1);
    assert!(down.contains("↑ +1 line "), "one line above after one ↓:\n{down}");
}

#[test]
fn the_impact_level_scrolls_as_the_other_readers_do() {
    let mut store = common::clock::on_day(common::store::memory_store("김민지"), TODAY);
    let new = NewConsultation {
        key: "SCRN".parse().unwrap(),
        name: "채용 심사 | 선별".into(),
        team: "People tech".into(),
        description: String::new(),
        traits: Vec::new(),
    };
    let q = Catalog::shipped().get("ai-impact-screening").unwrap().questionnaire.clone();
    store.create_consultation(&new, &q).unwrap();
    let mut app = App::new(store, Catalog::shipped(), Theme::plain()).unwrap();
    render(&mut app, 60, 12);
    app.update(Action::Enter);
    app.update(Action::Level);
    let top = render(&mut app, 60, 12);
    assert!(top.contains("↓ +"), "the border says more is below:\n{top}");
    for _ in 0..100 {
        app.update(Action::Down);
    }
    app.update(Action::Up);
    let back = render(&mut app, 60, 12);
    assert!(back.contains("↓ +1 line "), "one line below after one ↑:\n{back}");
}

#[test]
fn at_the_minimum_size_the_dialogue_says_its_prompt_and_guidance_are_hidden() {
    let (mut app, _) = care(&[]);
    for lang in [chec::i18n::Lang::En, chec::i18n::Lang::Ko] {
        app.set_lang(lang);
        let screen = render(&mut app, 60, 12);
        let prompt_shown = screen.contains("What problem does") || screen.contains("이 서비스는 이용자의 어떤");
        let sign = if lang == chec::i18n::Lang::En { " lines · w ┘" } else { "줄 · w ┘" };
        // The dialogue's bottom border (the last box row) carries the sign.
        let bottom = screen.lines().rev().find(|l| l.contains('└')).unwrap_or_default();
        assert!(prompt_shown || bottom.contains(sign), "{lang:?}: hidden without a sign:\n{screen}");
        assert!(!prompt_shown, "{lang:?}: the prompt has no row at 60×12:\n{screen}");
        // While the answer's editor has the keyboard, `w` types a letter: the sign still
        // counts the hidden lines but names no key.
        app.update(Action::EditAnswer);
        let editing = render(&mut app, 60, 12);
        let bottom = editing.lines().rev().find(|l| l.contains('└')).unwrap_or_default().to_string();
        let counted = if lang == chec::i18n::Lang::En { " lines ┘" } else { "줄 ┘" };
        assert!(bottom.contains(counted) && !bottom.contains("· w"), "{lang:?}: editing:\n{editing}");
        app.update(Action::Back);
        // At 80×24 the prompt shows, and no sign is on the box's border.
        let screen = render(&mut app, 80, 24);
        let bottom = screen.lines().rev().find(|l| l.contains('└')).unwrap_or_default();
        assert!(!bottom.contains(sign), "{lang:?}:\n{screen}");
    }
}
