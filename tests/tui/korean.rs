//! A Korean team's whole consultation in the TUI, screen by screen: every screen, form,
//! dialogue and status line in Korean (with Korean data holding a `|`) must show no English
//! word of chec's own. Each screen is snapshotted at 80×24 in both languages
//! (`ko_NAME` and `en_NAME`), the English walk taking the same steps.

use crate::common;
use crate::common::keys::type_text;
use crate::common::screen::{RUNNING_TIMES, render};
use crate::common::store::file_store;

use chec::catalog::Catalog;
use chec::domain::Assessment;
use chec::domain::{NewConsultation, QuestionRef, ResponseField, TextEdit};
use chec::i18n::Lang;
use chec::storage::Store;
use chec::tui::action::Action;
use chec::tui::app::{App, Screen, Status};
use chec::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// Words chec may show in any language: its name, formats, date patterns, the names of
/// keys as printed on a keyboard, and the example key (`CARE`) of key errors.
const ALLOWED: &[&str] = &[
    "chec",
    "CARE",
    "CSV",
    "JSON",
    "Markdown",
    "GitHub",
    "GitLab",
    "YYYY",
    "Tab",
    "Esc",
    "Enter",
    "Ctrl",
    "Shift",
    "Alt",
    "Space",
    "Home",
    "End",
    "PgUp",
    "PgDn",
    "Del",
    "Backspace",
    "Delete",
    "YYYY-MM-DD",
    "UTC",
];

/// A command for the shell (`chec team init REMOTE`), quoted in a message: its words are
/// the command's, in every language. Blanked before the words are looked at.
fn without_commands(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("chec ") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || " -\"=".contains(c))).unwrap_or(after.len());
        out.push_str(&" ".repeat(end));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The screen as text, one line a row, without the test backend's notes on wide characters.
fn screen(app: &mut App, width: u16, height: u16) -> String {
    let drawn = render(app, width, height);
    let note = "\" Hidden by multi-width symbols: ";
    drawn.lines().map(|l| l.find(note).map_or(l, |at| &l[..=at])).collect::<Vec<_>>().join("\n")
}

/// The words of `screen` written in ASCII letters that are neither allowed, nor the user's
/// data, nor an id with a number (`CARE-1`, `PLN-01`), nor a questionnaire's id.
fn english_words(screen: &str, data: &[String], ids: &[String]) -> Vec<String> {
    without_commands(screen)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.starts_with("--"))
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !ALLOWED.contains(w) && !ids.iter().any(|id| id == w))
        .filter(|w| !data.iter().any(|d| d.contains(*w)))
        .map(str::to_string)
        .collect()
}

/// Korean data, with a `|` in it, as a Korean team types it.
const NAME: &str = "돌봄 챗봇 | 야간 상담";
const TEAM: &str = "케어 AI팀";
const ANSWER: &str = "밤에 묻는 질문 | 약 복용 시간\n두 번째 줄";
const ITEM: &str = "야간 응답 검토 | 보호자 알림";

struct Walk {
    /// The database is a file, so that a second connection can change a field meanwhile.
    dir: tempfile::TempDir,
    app: App,
    lang: Lang,
    /// What was typed or seeded: shown back, never counted as chec's words.
    data: Vec<String>,
    ids: Vec<String>,
    /// Every English word met, with the screen it was on.
    found: Vec<String>,
}

impl Walk {
    fn new(lang: Lang) -> Walk {
        let dir = tempfile::tempdir().unwrap();
        let store = common::clock::on_day(file_store(&dir.path().join("chec.db"), "김민지"), "2026-11-22");
        let catalog = Catalog::shipped();
        let ids = catalog.entries().iter().map(|e| e.questionnaire.id.clone()).collect();
        let mut app = App::new(store, catalog, Theme::plain()).unwrap();
        app.size = Rect::new(0, 0, 80, 24);
        app.set_lang(lang);
        // The folder exports go to is shown: it is the user's.
        let folder = std::env::current_dir().unwrap().display().to_string();
        Walk { dir, app, lang, data: vec!["김민지".into(), folder], ids, found: Vec::new() }
    }

    /// Someone else, on the same database.
    fn other(&self) -> Store {
        common::clock::on_day(file_store(&self.dir.path().join("chec.db"), "박준호"), "2026-11-22")
    }

    fn prefix(&self) -> &'static str {
        match self.lang {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    fn act(&mut self, action: Action) {
        self.app.update(action);
    }

    fn typed(&mut self, text: &str) {
        self.data.extend(text.lines().map(str::to_string));
        type_text(&mut self.app, text);
    }

    /// Look at the screen: snapshot it (80×24) and note its English words.
    fn look(&mut self, name: &str) {
        let screen = screen(&mut self.app, 80, 24);
        let mut settings = insta::Settings::clone_current();
        for (pattern, replacement) in RUNNING_TIMES {
            settings.add_filter(pattern, *replacement);
        }
        // Folders differ from machine to machine.
        settings.add_filter(r"(폴더|Folder): \S+ *", "$1: [folder] ");
        settings.add_filter(r"/tmp/\.tmp\w+", "[tmp]");
        settings.bind(|| insta::assert_snapshot!(format!("{}_{name}", self.prefix()), screen));
        self.check(name, &screen);
    }

    /// Note the English words of `text` without a snapshot (a status message, a small size).
    fn check(&mut self, name: &str, text: &str) {
        if self.lang == Lang::Ko {
            let words = english_words(text, &self.data, &self.ids);
            if !words.is_empty() {
                self.found.push(format!("{name}: {words:?}\n{text}"));
            }
        }
    }

    /// The status line as it stands (it is part of the screen, but may be cleared by the
    /// next action).
    fn status(&mut self, name: &str) {
        let text = match &self.app.status {
            Some(Status::Info(s) | Status::Error(s)) => s.clone(),
            None => return,
        };
        self.check(&format!("{name} (status)"), &text);
    }
}

fn walk(lang: Lang) -> Walk {
    let mut w = Walk::new(lang);
    w.look("consultations_empty");

    // chec new, through the form; a key it refuses first.
    w.act(Action::New);
    w.look("new_consultation_form");
    w.typed("C");
    w.act(Action::NextPane);
    w.typed(NAME);
    w.act(Action::Save);
    w.look("new_consultation_bad_key");
    w.act(Action::Back);
    w.act(Action::Yes);
    w.act(Action::New);
    w.typed("CARE");
    w.act(Action::NextPane);
    w.typed(NAME);
    w.act(Action::NextPane);
    w.typed(TEAM);
    w.act(Action::NextPane);
    w.typed("어르신 복약 알림 | 상담");
    w.act(Action::Save);
    w.status("created");
    w.look("stage_view_new");
    w.act(Action::Back);
    w.look("consultations");
    w.act(Action::Filter);
    w.typed("돌봄");
    w.look("consultations_filtering");
    w.act(Action::Back);

    // The stage view: answer, notes, assess, guidance, history.
    w.act(Action::First);
    w.act(Action::Enter);
    w.act(Action::EditAnswer);
    w.typed(ANSWER);
    w.look("editing_the_answer");
    w.act(Action::Back);
    w.status("answer saved");
    w.act(Action::EditNotes);
    w.typed("보호자 알림이 필요해요 | 검토");
    w.act(Action::Back);
    w.act(Action::Assess(Assessment::NeedsImprovement));
    w.status("assessed");
    w.look("stage_view");
    w.act(Action::History);
    w.look("question_history");
    w.act(Action::Back);
    w.act(Action::Guidance);
    w.look("guidance");
    w.act(Action::Back);
    // chec-default has no impact levels: it says so (the screening questionnaire's come later).
    w.act(Action::Level);
    w.status("no level");

    // Raise an item with a risk rating (the risk preview) and a past due date.
    w.act(Action::RaiseItem);
    w.typed(ITEM);
    w.act(Action::NextPane);
    w.typed("보호자에게 알리는 기준 | 시간");
    w.act(Action::NextPane);
    w.typed("이서연");
    w.act(Action::NextPane);
    w.typed("2026-13-45");
    w.act(Action::Save);
    w.look("raise_item_bad_date");
    for _ in 0..10 {
        w.act(Action::Input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)));
    }
    w.typed("2026-11-01");
    for _ in 0..3 {
        w.act(Action::NextPane);
    }
    w.act(Action::Right);
    w.act(Action::Right);
    w.act(Action::NextPane);
    w.act(Action::Right);
    w.act(Action::Right);
    w.act(Action::Right);
    w.look("raise_item_form");
    w.act(Action::Save);
    w.status("raised");
    w.look("stage_view_with_item");

    // Someone else saves the answer while it is being edited: both versions are shown.
    w.act(Action::EditAnswer);
    w.typed(" | 내 수정");
    {
        let mut other = w.other();
        let c = other.consultation("CARE").unwrap().unwrap();
        let at = QuestionRef { id: "PLN-01", stage: "planning" };
        let stored = ANSWER.to_string();
        let edit = TextEdit::new(&stored, "다른 사람의 답 | 검토함");
        other.set_response_text(&c, at, ResponseField::Answer, &edit, None).unwrap();
    }
    w.data.push("다른 사람의 답 | 검토함".into());
    w.act(Action::Save);
    w.status("conflict");
    w.look("conflict");
    w.act(Action::KeepMine);
    w.status("kept mine");
    if w.app.view.as_ref().is_some_and(|v| v.editing.is_some()) {
        w.act(Action::Back);
    }
    assert_eq!(w.app.screen, Screen::Consultation);

    // The meeting: start, attendees, notes, end.
    w.act(Action::Meeting);
    w.look("start_meeting_form");
    w.typed("김민지, 자문위원\n이서연, 개발자");
    w.act(Action::NextPane);
    w.typed("기획 단계 검토 | 1차");
    w.act(Action::Save);
    w.look("start_meeting_confirm");
    w.act(Action::Yes);
    w.status("meeting started");
    w.look("meeting_mode");
    w.act(Action::Enter);
    w.typed("메모 | 회의 중");
    w.act(Action::Back);
    w.status("meeting notes");
    w.act(Action::Attendees);
    w.look("attendees_form");
    w.act(Action::Back);
    w.act(Action::Meeting);
    w.act(Action::EndMeeting);
    w.look("end_meeting_confirm");
    w.act(Action::Yes);
    w.status("meeting ended");
    w.look("export_minutes_offer");
    w.act(Action::No);

    // Export form (its default file name is Korean): written, then refused over itself.
    // The file goes to the test's folder, typed in full.
    let file = w.dir.path().join("CARE-1차-회의록.md").display().to_string();
    w.data.push(file.clone());
    for _ in 0..2 {
        w.act(Action::Export);
        w.look("export_form");
        w.act(Action::NextPane);
        for _ in 0..40 {
            w.act(Action::Input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)));
        }
        type_text(&mut w.app, &file);
        w.act(Action::Save);
    }
    w.look("export_exists");
    w.act(Action::Back);
    if w.app.confirm.is_some() {
        w.act(Action::Yes); // discard the form
    }
    assert!(w.app.form.is_none());
    assert!(std::path::Path::new(&file).exists(), "the minutes were written");

    // Sign-off, signed-off stage, reopen.
    w.act(Action::SignOff);
    w.look("sign_off_question");
    w.act(Action::Yes);
    w.look("sign_off_form");
    w.act(Action::Save);
    w.look("sign_off_without_comment");
    w.typed("기획 검토 완료 | 조건부");
    w.act(Action::Save);
    w.status("signed off");
    w.act(Action::PrevStage);
    w.look("stage_view_signed_off");
    w.act(Action::Reopen);
    w.look("reopen_form");
    w.act(Action::Back);
    w.act(Action::Back);

    // Items, their history and edit form, the dashboard.
    w.act(Action::ShowItems);
    assert_eq!(w.app.screen, Screen::Items);
    w.look("items");
    w.act(Action::History);
    w.look("item_history");
    w.act(Action::Back);
    w.act(Action::Enter);
    w.look("item_edit_form");
    w.act(Action::Right);
    w.act(Action::Right);
    w.act(Action::Save);
    w.look("item_edit_needs_note");
    w.act(Action::Back);
    w.act(Action::Yes);
    w.act(Action::Filter);
    w.typed("보호자");
    w.look("items_searching");
    w.act(Action::Back);
    w.act(Action::ToggleOverdue);
    w.act(Action::CycleStatus);
    w.act(Action::CycleStatus);
    w.look("items_none_match");
    w.act(Action::ClearFilters);
    w.act(Action::ShowDashboard);
    w.look("dashboard");
    w.act(Action::ToggleHelp);
    w.look("help");
    w.act(Action::ToggleHelp);

    // A screening on the impact questionnaire: its level and a choice answered.
    {
        let mut other = w.other();
        let q = Catalog::shipped().get("ai-impact-screening").unwrap().questionnaire.clone();
        let new = NewConsultation {
            key: "SCRN".parse().unwrap(),
            name: "채용 심사 | 선별".into(),
            team: "인사 AI팀".into(),
            description: String::new(),
            traits: vec![],
        };
        other.create_consultation(&new, &q).unwrap();
    }
    w.data.extend(["SCRN".into(), "채용 심사 | 선별".into(), "인사 AI팀".into()]);
    let opened = w.app.open_consultation("SCRN");
    assert!(matches!(opened, chec::tui::outcome::Outcome::None), "opened SCRN");
    w.act(Action::Level);
    w.look("level");
    w.act(Action::Back);
    w.act(Action::EditAnswer);
    w.look("answering_a_choice");
    w.act(Action::Enter);
    w.status("answered");
    w.act(Action::Back);

    // Syncing with a team, as the header says it.
    w.app.team.shared = true;
    w.app.team.waiting = 3;
    w.app.team.conflicts = 1;
    w.act(Action::ShowConsultations);
    w.look("header_team_conflicts");
    w.app.team.offline = Some("ssh: connect".into());
    w.data.push("ssh: connect".into());
    let offline = screen(&mut w.app, 80, 24);
    w.check("header offline", &offline);
    w.app.team.shared = false;
    w.act(Action::Sync);
    w.status("sync without a team");

    // Too small.
    let small = screen(&mut w.app, 40, 8);
    w.check("too small", &small);
    w
}

#[test]
fn a_korean_team_meets_no_english_word_from_chec_new_to_the_export() {
    let w = walk(Lang::Ko);
    assert!(w.found.is_empty(), "English on {} screens:\n\n{}", w.found.len(), w.found.join("\n\n"));
}

#[test]
fn the_same_walk_in_english() {
    walk(Lang::En);
}

#[test]
fn the_check_sees_english() {
    let found = english_words("승인 · Sign of CARE-1 | chec JSON Esc 돌봄 --lang ko", &[], &[]);
    assert_eq!(found, ["Sign"]);
    let found = english_words("공유하지 않아요: chec team init REMOTE로 시작해요. Then", &[], &[]);
    assert_eq!(found, ["Then"]);
    let found = english_words("Attendees of meeting 1", &["meeting room".into()], &[]);
    assert_eq!(found, ["Attendees"]);
}
