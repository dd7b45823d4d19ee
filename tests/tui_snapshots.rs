//! Every screen drawn into a test backend at 80×24 and at the 60×12 minimum, and the
//! message shown below the minimum. Wall-clock times are filtered out.

mod common;

use chec::catalog::Catalog;
use chec::domain::Assessment;
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const SIZES: [(u16, u16); 2] = [(80, 24), (60, 12)];

fn app() -> App {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), "2026-11-22");
    store.set_actor("김민지");
    let mut app = App::new(store, Catalog::shipped(), Theme::plain()).unwrap();
    app.size = Rect::new(0, 0, 80, 24);
    app
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        app.update(Action::Input(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

/// A consultation created through the form, with two more beside it.
fn with_consultations() -> App {
    with_consultations_from(app())
}

fn with_consultations_from(mut app: App) -> App {
    for (key, name, team) in
        [("CARE", "돌봄 챗봇 | Care chatbot", "Care AI 팀"), ("HIRE", "Résumé screening 🤖", "People tech")]
    {
        app.update(Action::New);
        type_text(&mut app, key);
        app.update(Action::NextPane);
        type_text(&mut app, name);
        app.update(Action::NextPane);
        type_text(&mut app, team);
        app.update(Action::Save);
        assert!(app.form.is_none(), "created {key}");
        app.update(Action::Back);
    }
    app
}

/// CARE open, PLN-01 answered and assessed, an item raised on it.
fn in_consultation() -> App {
    in_consultation_from(with_consultations())
}

fn in_consultation_from(mut app: App) -> App {
    app.update(Action::First);
    app.update(Action::Enter);
    app.update(Action::EditAnswer);
    type_text(&mut app, "밤에 묻는 질문 | 약 복용 시간\n두 번째 줄");
    app.update(Action::Back);
    app.update(Action::Assess(Assessment::NeedsImprovement));
    app.update(Action::RaiseItem);
    type_text(&mut app, "야간 응답 검토 | night review");
    app.update(Action::Save);
    assert!(app.form.is_none(), "raised the item");
    app
}

fn in_meeting() -> App {
    in_meeting_from(in_consultation())
}

fn in_meeting_from(mut app: App) -> App {
    app.update(Action::Meeting);
    type_text(&mut app, "김민지, consultant\nLee, developer");
    app.update(Action::NextPane);
    type_text(&mut app, "기획 단계 검토");
    app.update(Action::Save);
    app.update(Action::Yes); // the attendees as understood
    assert!(app.view.as_ref().unwrap().meeting_open);
    app
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    app.size = Rect::new(0, 0, width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| chec::tui::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

fn snapshot(name: &str, app: &mut App) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[date time]");
    settings.add_filter(r"\d{2}:\d{2}( elapsed| )", "[elapsed]$1");
    settings.bind(|| {
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
        }
    });
}

#[test]
fn consultations() {
    snapshot("consultations", &mut with_consultations());
}

#[test]
fn consultations_empty() {
    snapshot("consultations_empty", &mut app());
}

#[test]
fn consultations_filtering() {
    let mut app = with_consultations();
    app.update(Action::Filter);
    type_text(&mut app, "돌봄");
    assert_eq!(app.consultations.rows.len(), 1);
    snapshot("consultations_filtering", &mut app);
}

#[test]
fn new_consultation_form() {
    let mut app = app();
    app.update(Action::New);
    type_text(&mut app, "CARE");
    snapshot("new_consultation_form", &mut app);
}

#[test]
fn stage_view() {
    snapshot("stage_view", &mut in_consultation());
}

#[test]
fn stage_view_editing_the_answer() {
    let mut app = in_consultation();
    app.update(Action::EditAnswer);
    type_text(&mut app, "\n세 번째 줄");
    snapshot("stage_view_editing", &mut app);
}

#[test]
fn stage_view_of_a_later_stage() {
    let mut app = in_consultation();
    app.update(Action::NextStage);
    app.update(Action::NextStage);
    snapshot("stage_view_later_stage", &mut app);
}

#[test]
fn raise_item_form() {
    let mut app = in_consultation();
    app.update(Action::RaiseItem);
    type_text(&mut app, "Review | 검토");
    snapshot("raise_item_form", &mut app);
}

#[test]
fn start_meeting_form() {
    let mut app = in_consultation();
    app.update(Action::Meeting);
    type_text(&mut app, "김민지, consultant");
    snapshot("start_meeting_form", &mut app);
}

#[test]
fn meeting_mode() {
    let mut app = in_meeting();
    app.update(Action::Enter);
    type_text(&mut app, "메모 | notes");
    app.update(Action::Back);
    snapshot("meeting_mode", &mut app);
}

#[test]
fn end_meeting_question() {
    let mut app = in_meeting();
    app.update(Action::EndMeeting);
    assert!(app.confirm.is_some());
    snapshot("end_meeting_question", &mut app);
}

#[test]
fn sign_off_form_with_an_unresolved_high_item() {
    let mut app = in_consultation();
    app.update(Action::RaiseItem);
    type_text(&mut app, "Critical gap");
    for _ in 0..4 {
        app.update(Action::NextPane);
    }
    for _ in 0..4 {
        app.update(Action::Right); // priority: critical
    }
    app.update(Action::Save);
    assert!(app.form.is_none());
    app.update(Action::SignOff);
    assert!(app.confirm.is_some(), "no question is assessed: it asks first");
    snapshot("sign_off_question", &mut app);
    app.update(Action::Yes);
    snapshot("sign_off_form", &mut app);
}

#[test]
fn stage_view_of_a_signed_off_stage() {
    let mut app = in_consultation();
    app.update(Action::SignOff);
    app.update(Action::Yes);
    type_text(&mut app, "기획 검토 완료 | planning reviewed");
    app.update(Action::Save);
    assert!(app.form.is_none(), "signed off");
    app.update(Action::PrevStage);
    snapshot("stage_view_signed_off", &mut app);
}

#[test]
fn help_overlay() {
    let mut app = in_consultation();
    app.update(Action::ToggleHelp);
    snapshot("help_overlay", &mut app);
}

#[test]
fn below_the_minimum_size_says_so() {
    let mut app = in_consultation();
    let screen = render(&mut app, 40, 8);
    assert!(screen.contains("Terminal too small (40×8)"), "{screen}");
    insta::assert_snapshot!("too_small_40x8", screen);
}

#[test]
fn escape_sequences_in_names_never_reach_the_screen_buffer() {
    let mut app = app();
    app.update(Action::New);
    type_text(&mut app, "EVIL");
    app.update(Action::NextPane);
    app.update(Action::Paste("Bad\u{1b}]52;c;AAAA\u{7}\u{1b}[31mname\u{202e}".into()));
    app.update(Action::Save);
    app.update(Action::Back);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Badname"), "{screen}");
    assert!(!screen.chars().any(|c| c == '\u{1b}' || c == '\u{202e}' || ('\u{80}'..='\u{9f}').contains(&c)));
}

#[test]
fn guidance_overlay() {
    let mut app = in_consultation();
    app.update(Action::Guidance);
    assert!(app.view.as_ref().unwrap().guidance_open);
    snapshot("guidance_overlay", &mut app);
}

/// The screens a Korean team meets first, in Korean (LANG=ko_KR.UTF-8 gives this language).
mod korean {
    use super::*;
    use chec::i18n::Lang;

    fn korean(mut app: App) -> App {
        app.set_lang(Lang::Ko);
        app
    }

    #[test]
    fn consultations_in_korean() {
        let mut app = korean(with_consultations());
        snapshot("ko_consultations", &mut app);
    }

    #[test]
    fn consultations_empty_in_korean() {
        snapshot("ko_consultations_empty", &mut korean(app()));
    }

    #[test]
    fn new_consultation_form_in_korean() {
        let mut app = korean(app());
        app.update(Action::New);
        type_text(&mut app, "CARE");
        snapshot("ko_new_consultation_form", &mut app);
    }

    #[test]
    fn help_in_korean() {
        let mut app = korean(with_consultations());
        app.update(Action::ToggleHelp);
        snapshot("ko_help_overlay", &mut app);
    }

    #[test]
    fn stage_view_in_korean() {
        let mut app = in_consultation();
        app.set_lang(Lang::Ko);
        snapshot("ko_stage_view", &mut app);
    }

    #[test]
    fn raise_item_form_in_korean() {
        let mut app = in_consultation();
        app.set_lang(Lang::Ko);
        app.update(Action::RaiseItem);
        snapshot("ko_raise_item_form", &mut app);
    }

    #[test]
    fn meeting_mode_in_korean() {
        // In Korean from the start, as the binary runs: what it reports is Korean too.
        let mut app = in_meeting_from(in_consultation_from(with_consultations_from(korean(app()))));
        snapshot("ko_meeting_mode", &mut app);
    }

    #[test]
    fn below_the_minimum_size_in_korean() {
        let mut app = korean(app());
        let screen = render(&mut app, 40, 8);
        assert!(screen.contains("터미널이 너무 작아요 (40×8)"), "{screen}");
    }
}
