//! Every screen drawn into a test backend at 80×24 and at the 60×12 minimum, and the
//! message shown below the minimum. Wall-clock times are filtered out.

use crate::common;
use crate::common::keys::type_text;
use crate::common::screen::{RUNNING_TIMES, render, snapshot_screens};

use chec::domain::Assessment;
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn app() -> App {
    let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), "2026-11-22");
    store.set_actor("김민지");
    common::app::app_on(store)
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

#[test]
fn consultations() {
    snapshot_screens!("consultations", &mut with_consultations(), RUNNING_TIMES);
}

#[test]
fn consultations_empty() {
    snapshot_screens!("consultations_empty", &mut app(), RUNNING_TIMES);
}

#[test]
fn consultations_filtering() {
    let mut app = with_consultations();
    app.update(Action::Filter);
    type_text(&mut app, "돌봄");
    assert_eq!(app.consultations.page.rows.len(), 1);
    snapshot_screens!("consultations_filtering", &mut app, RUNNING_TIMES);
}

#[test]
fn new_consultation_form() {
    let mut app = app();
    app.update(Action::New);
    type_text(&mut app, "CARE");
    snapshot_screens!("new_consultation_form", &mut app, RUNNING_TIMES);
}

#[test]
fn stage_view() {
    snapshot_screens!("stage_view", &mut in_consultation(), RUNNING_TIMES);
}

#[test]
fn stage_view_editing_the_answer() {
    let mut app = in_consultation();
    app.update(Action::EditAnswer);
    type_text(&mut app, "\n세 번째 줄");
    snapshot_screens!("stage_view_editing", &mut app, RUNNING_TIMES);
}

#[test]
fn stage_view_of_a_later_stage() {
    let mut app = in_consultation();
    app.update(Action::NextStage);
    app.update(Action::NextStage);
    snapshot_screens!("stage_view_later_stage", &mut app, RUNNING_TIMES);
}

#[test]
fn raise_item_form() {
    let mut app = in_consultation();
    app.update(Action::RaiseItem);
    type_text(&mut app, "Review | 검토");
    snapshot_screens!("raise_item_form", &mut app, RUNNING_TIMES);
}

#[test]
fn start_meeting_form() {
    let mut app = in_consultation();
    app.update(Action::Meeting);
    type_text(&mut app, "김민지, consultant");
    snapshot_screens!("start_meeting_form", &mut app, RUNNING_TIMES);
}

#[test]
fn meeting_mode() {
    let mut app = in_meeting();
    app.update(Action::Enter);
    type_text(&mut app, "메모 | notes");
    app.update(Action::Back);
    snapshot_screens!("meeting_mode", &mut app, RUNNING_TIMES);
}

#[test]
fn end_meeting_question() {
    let mut app = in_meeting();
    app.update(Action::EndMeeting);
    assert!(app.confirm.is_some());
    snapshot_screens!("end_meeting_question", &mut app, RUNNING_TIMES);
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
    snapshot_screens!("sign_off_question", &mut app, RUNNING_TIMES);
    app.update(Action::Yes);
    snapshot_screens!("sign_off_form", &mut app, RUNNING_TIMES);
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
    snapshot_screens!("stage_view_signed_off", &mut app, RUNNING_TIMES);
}

#[test]
fn help_overlay() {
    let mut app = in_consultation();
    app.update(Action::ToggleHelp);
    snapshot_screens!("help_overlay", &mut app, RUNNING_TIMES);
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
    snapshot_screens!("guidance_overlay", &mut app, RUNNING_TIMES);
}

/// The screen a real terminal shows after `frames` were drawn one after the other, each
/// sending only what changed (as chec does), read back through a terminal emulator.
struct Emulated {
    terminal: Terminal<ratatui::backend::CrosstermBackend<Sent>>,
    sent: Sent,
    screen: vt100::Parser,
}

/// What was sent to the terminal, to be read back.
#[derive(Clone, Default)]
struct Sent(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Sent {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Emulated {
    fn new(width: u16, height: u16) -> Emulated {
        let sent = Sent::default();
        let backend = ratatui::backend::CrosstermBackend::new(sent.clone());
        let options = ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, width, height)) };
        Emulated {
            terminal: Terminal::with_options(backend, options).unwrap(),
            sent,
            screen: vt100::Parser::new(height.try_into().unwrap(), width.try_into().unwrap(), 0),
        }
    }

    fn draw(&mut self, app: &App) -> String {
        self.terminal.draw(|f| chec::tui::draw(f, app)).unwrap();
        let bytes = std::mem::take(&mut *self.sent.0.borrow_mut());
        self.screen.process(&bytes);
        // Cells written blank and cells never written look the same.
        let rows: Vec<String> = self.screen.screen().rows(0, self.terminal.size().unwrap().width).collect();
        rows.iter().map(|r| r.trim_end()).collect::<Vec<_>>().join("\n")
    }
}

/// The same frame drawn whole on a fresh terminal.
fn drawn_whole(app: &App) -> String {
    Emulated::new(app.size.width, app.size.height).draw(app)
}

#[test]
fn hangul_drawn_at_every_column_parity_leaves_the_screen_as_a_full_redraw_would() {
    for (width, height) in [(80, 24), (81, 24)] {
        let mut app = in_consultation();
        app.size = Rect::new(0, 0, width, height);
        let mut terminal = Emulated::new(width, height);
        terminal.draw(&app);
        let mut steps = Vec::new();
        // Hangul starting at every column parity in the editor, then taken away and left.
        app.update(Action::EditAnswer);
        for shift in 0..4 {
            type_text(&mut app, &"x".repeat(shift));
            type_text(&mut app, "가나다 라마바사 아자차카 타파하");
            steps.push(format!("typed at shift {shift}"));
            let incremental = terminal.draw(&app);
            assert_eq!(incremental, drawn_whole(&app), "{width} cols, {}", steps.join(", "));
            for _ in 0..(shift + 17) {
                app.update(Action::Input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)));
                let incremental = terminal.draw(&app);
                assert_eq!(incremental, drawn_whole(&app), "{width} cols, deleting after shift {shift}");
            }
        }
        app.update(Action::Back);
        assert_eq!(terminal.draw(&app), drawn_whole(&app), "{width} cols, after leaving the editor");
        // The meeting panel with Hangul notes, then back to the questions.
        app.update(Action::Meeting);
        type_text(&mut app, "김민지, 컨설턴트");
        app.update(Action::Save);
        app.update(Action::Yes);
        assert_eq!(terminal.draw(&app), drawn_whole(&app), "{width} cols, meeting panel");
        app.update(Action::Enter);
        type_text(&mut app, "한 글 자 씩 x 가 나");
        assert_eq!(terminal.draw(&app), drawn_whole(&app), "{width} cols, meeting notes");
        app.update(Action::Back);
        app.update(Action::Meeting);
        assert_eq!(terminal.draw(&app), drawn_whole(&app), "{width} cols, back to the questions");
    }
}

#[test]
fn chec_ascii_draws_borders_and_the_focus_mark_in_ascii() {
    let mut app = in_meeting();
    app.theme = Theme::plain().ascii();
    let mut screens = vec![render(&mut app, 80, 24)];
    app.update(Action::Meeting);
    screens.push(render(&mut app, 80, 24));
    app.update(Action::EditAnswer);
    screens.push(render(&mut app, 80, 24));
    for screen in &screens {
        let boxed: Vec<char> = screen.chars().filter(|c| ('\u{2500}'..='\u{257f}').contains(c) || *c == '▶').collect();
        assert!(boxed.is_empty(), "{boxed:?} in\n{screen}");
        assert!(screen.contains("+-") && screen.contains('|'), "{screen}");
    }
    assert!(screens[1].contains("> Questions"), "the focused pane is marked:\n{}", screens[1]);
}

/// A wide terminal: the question list and the dialogue take the width.
#[test]
fn wide_screens_200x50() {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[date time]");
    settings.add_filter(r"\d{2}:\d{2}( elapsed| )", "[elapsed]$1");
    settings.bind(|| {
        let mut app = in_consultation();
        insta::assert_snapshot!("stage_view_200x50", render(&mut app, 200, 50));
        app.update(Action::EditAnswer);
        insta::assert_snapshot!("stage_view_editing_200x50", render(&mut app, 200, 50));
        let mut app = in_meeting();
        insta::assert_snapshot!("meeting_mode_200x50", render(&mut app, 200, 50));
    });
}

// The screens a Korean team meets first, in Korean (LANG=ko_KR.UTF-8 gives this language).

fn korean(mut app: App) -> App {
    app.set_lang(chec::i18n::Lang::Ko);
    app
}

#[test]
fn consultations_in_korean() {
    snapshot_screens!("ko_consultations", &mut korean(with_consultations()), RUNNING_TIMES);
}

#[test]
fn consultations_empty_in_korean() {
    snapshot_screens!("ko_consultations_empty", &mut korean(app()), RUNNING_TIMES);
}

#[test]
fn new_consultation_form_in_korean() {
    let mut app = korean(app());
    app.update(Action::New);
    type_text(&mut app, "CARE");
    snapshot_screens!("ko_new_consultation_form", &mut app, RUNNING_TIMES);
}

#[test]
fn help_in_korean() {
    let mut app = korean(with_consultations());
    app.update(Action::ToggleHelp);
    snapshot_screens!("ko_help_overlay", &mut app, RUNNING_TIMES);
}

#[test]
fn stage_view_in_korean() {
    snapshot_screens!("ko_stage_view", &mut korean(in_consultation()), RUNNING_TIMES);
}

#[test]
fn raise_item_form_in_korean() {
    let mut app = korean(in_consultation());
    app.update(Action::RaiseItem);
    snapshot_screens!("ko_raise_item_form", &mut app, RUNNING_TIMES);
}

#[test]
fn meeting_mode_in_korean() {
    // In Korean from the start, as the binary runs: what it reports is Korean too.
    let mut app = in_meeting_from(in_consultation_from(with_consultations_from(korean(app()))));
    snapshot_screens!("ko_meeting_mode", &mut app, RUNNING_TIMES);
}

#[test]
fn below_the_minimum_size_in_korean() {
    let mut app = korean(app());
    let screen = render(&mut app, 40, 8);
    assert!(screen.contains("터미널이 너무 작아요 (40×8)"), "{screen}");
}

/// The column `x` of the emulated screen, from row `top` to `bottom`.
fn column(screen: &vt100::Screen, x: u16, rows: std::ops::RangeInclusive<u16>) -> String {
    rows.map(|y| screen.cell(y, x).map_or(String::new(), |c| c.contents().to_string())).collect()
}

/// Each overlay over text with Hangul just left of its left border (a syllable whose second
/// half lies under the border) and under its right border, at both column parities (80 and
/// 81 columns): drawn over the screen as it changes, the terminal shows the overlay's
/// borders whole, and the same screen a full redraw shows.
#[test]
fn overlays_over_hangul_keep_their_borders_and_match_a_full_redraw() {
    type Open = fn(&mut App);
    let overlays: [(&str, Open); 9] = [
        ("guidance w", |app| app.update(Action::Guidance)),
        ("level L", |app| app.update(Action::Level)),
        ("answer history h", |app| app.update(Action::History)),
        ("field in full v", |app| app.update(Action::ViewField)),
        ("help ?", |app| app.update(Action::ToggleHelp)),
        ("item form i", |app| app.update(Action::RaiseItem)),
        ("item history h", |app| {
            app.update(Action::ShowItems);
            app.update(Action::History);
        }),
        ("item form Enter", |app| {
            app.update(Action::ShowItems);
            app.update(Action::Enter);
        }),
        ("items help ?", |app| {
            app.update(Action::ShowItems);
            app.update(Action::ToggleHelp);
        }),
    ];
    for (width, height) in [(80, 24), (81, 24)] {
        for (name, open) in overlays {
            let mut app = korean(in_consultation());
            app.size = Rect::new(0, 0, width, height);
            // Hangul in the answer at both parities, up to the dialogue's right edge.
            app.update(Action::EditAnswer);
            type_text(&mut app, &format!("\n{}\nx{}", "가나다라마바사".repeat(12), "가나다라마바사".repeat(12)));
            app.update(Action::Back);
            let mut terminal = Emulated::new(width, height);
            terminal.draw(&app);
            // The screen under the overlay, as the terminal shows it (the items screen, say).
            if name.starts_with("item") && name != "item form i" {
                app.update(Action::ShowItems);
                terminal.draw(&app);
                app.update(Action::Back);
            }
            open(&mut app);
            let incremental = terminal.draw(&app);
            assert_eq!(incremental, drawn_whole(&app), "{name} at {width} columns");
            // The overlay's box: its top-left corner is the first `┌` drawn over the body
            // left of the middle whose column below runs down to a `└`.
            let screen = terminal.screen.screen();
            let corner = (1..height).find_map(|y| {
                (0..width / 2)
                    .find(|&x| {
                        screen.cell(y, x).is_some_and(|c| c.contents() == "┌")
                            && (y + 1..height).any(|b| screen.cell(b, x).is_some_and(|c| c.contents() == "└"))
                            && !column(screen, x, y..=y).is_empty()
                    })
                    .map(|x| (x, y))
            });
            let Some((x, top)) = corner else { panic!("{name}: no overlay box in\n{incremental}") };
            let bottom = (top + 1..height).find(|&b| screen.cell(b, x).is_some_and(|c| c.contents() == "└")).unwrap();
            let left = column(screen, x, top..=bottom);
            let expected: String = std::iter::once('┌')
                .chain(std::iter::repeat_n('│', usize::from(bottom - top - 1)))
                .chain(['└'])
                .collect();
            assert_eq!(left, expected, "{name} at {width} columns: the left border at column {x}\n{incremental}");
            // Beside a box that comes within two columns of the edge: nothing of what is under
            // it but a pane's border (no letter, no half word).
            if x <= 2 {
                for y in top..=bottom {
                    let beside: String = (0..x).filter_map(|c| screen.cell(y, c).map(|c| c.contents())).collect();
                    assert!(
                        beside.chars().all(|c| c == ' ' || ('\u{2500}'..='\u{257f}').contains(&c)),
                        "{name} at {width} columns: {beside:?} beside the box on row {y}\n{incremental}"
                    );
                }
            }
        }
    }
}

/// A status of one to three rows appears and goes while Hangul is on screen, so the body
/// above it shifts by rows: the terminal, sent only what changed, shows at every step what
/// a full redraw shows.
#[test]
fn a_status_that_shifts_the_body_over_hangul_leaves_the_screen_as_a_full_redraw_would() {
    for (width, height) in [(80, 24), (81, 24), (60, 12), (61, 12)] {
        let mut app = korean(in_consultation());
        app.size = Rect::new(0, 0, width, height);
        let mut terminal = Emulated::new(width, height);
        app.update(Action::EditAnswer);
        type_text(&mut app, &format!("\n{}\nx{}", "가나다라마바사".repeat(6), "아자차카 타파하".repeat(6)));
        app.update(Action::Back);
        terminal.draw(&app);
        let mut bodies = std::collections::BTreeSet::from([app.frame_areas(app.size)[1].height]);
        for title in ["짧은 제목", &"긴 제목 | 가나다라 마바사 아자차카 ".repeat(2), &"x한글 제목 ".repeat(24)]
        {
            app.update(Action::RaiseItem);
            type_text(&mut app, title);
            app.update(Action::Save);
            assert!(app.status.is_some(), "a status says the item was raised");
            let body = app.frame_areas(app.size)[1].height;
            bodies.insert(body);
            let steps = format!("{width}×{height}, status for {title:?}");
            assert_eq!(terminal.draw(&app), drawn_whole(&app), "{steps}");
            // The next key takes the status away: the body shifts back down.
            app.update(Action::Down);
            assert_eq!(terminal.draw(&app), drawn_whole(&app), "{steps}, then gone");
            app.update(Action::Up);
            assert_eq!(terminal.draw(&app), drawn_whole(&app), "{steps}, back up");
        }
        assert_eq!(bodies.len(), 3, "{width}×{height}: the body shifted by one and two rows: {bodies:?}");
    }
}
