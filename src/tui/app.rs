//! The TUI's state and the one place actions change it.
//!
//! Screens return an [`Outcome`]; the app turns outcomes into overlays (forms, questions),
//! status messages and screen changes. Every store call is one committed transaction.

use std::collections::HashSet;
use std::time::Instant;

use ratatui::layout::{Constraint, Layout, Rect};

use crate::catalog::Catalog;
use crate::i18n::Lang;
use crate::storage::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::focus::{Focus, ItemsFocus, ViewFocus};
use crate::tui::forms::FormOverlay;
use crate::tui::keys::Scope;
pub use crate::tui::outcome::{ConfirmAction, FormRequest, Outcome, Purpose};
use crate::tui::patience::InputWaiting;
use crate::tui::screens::consultation::{self, ConsultationView};
use crate::tui::screens::consultations::{self as list, ConsultationsScreen};
use crate::tui::screens::dashboard::DashboardScreen;
use crate::tui::screens::items::ItemsScreen;
use crate::tui::theme::Theme;

mod confirm;
mod forms;
mod mouse;
mod team;
mod upkeep;

/// The screens, switched with C, I and D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Consultations,
    Consultation,
    Items,
    Dashboard,
}

pub struct Confirm {
    pub message: String,
    yes: ConfirmAction,
    no: ConfirmAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

pub struct App {
    store: Store,
    catalog: Catalog,
    pub theme: Theme,
    /// YYYY-MM-DD, for what is overdue.
    pub today: String,
    /// Wall-clock time, refreshed every tick, for the meeting clock.
    pub now: chrono::DateTime<chrono::Utc>,
    /// The terminal's size, for layouts that map mouse clicks.
    pub size: Rect,
    /// The screen shown.
    pub screen: Screen,
    pub consultations: ConsultationsScreen,
    /// The open consultation; kept while items or the dashboard are shown from it.
    pub view: Option<Box<ConsultationView>>,
    pub items: ItemsScreen,
    pub dashboard: DashboardScreen,
    pub form: Option<FormOverlay>,
    pub confirm: Option<Confirm>,
    pub help_open: bool,
    pub help_scroll: u16,
    pub status: Option<Status>,
    pub quit: bool,
    pub db_label: String,
    /// The interface's language, when one was chosen (the binary always chooses); without
    /// one, English words and each questionnaire in its own first language.
    pub lang: Option<Lang>,
    data_version: i64,
    changes: i64,
    last_heartbeat: Instant,
    /// Meetings this session started or resumed: not offered for resumption again.
    settled_meetings: HashSet<String>,
    /// Whether a key is waiting, for reads that give way to typing (see [`Patience`]);
    /// without it, reads run to the end.
    input_waiting: Option<InputWaiting>,
    /// Syncing with the team's repository.
    pub team: team::TeamSync,
    /// What the status line says on opening, said again once the language is chosen.
    opening_note: Option<OpeningNote>,
}

/// What the status line says when the app opens.
#[derive(Debug, Clone, Copy)]
enum OpeningNote {
    CatalogErrors(usize),
    RecoveredForm,
}

impl OpeningNote {
    fn said(self, lang: Lang) -> Status {
        match self {
            OpeningNote::CatalogErrors(n) => Status::Error(crate::tr!(lang, "status-catalog-errors", n = n)),
            OpeningNote::RecoveredForm => Status::Info(recovered_form_notice(lang)),
        }
    }
}

/// The app's frame: header, body, status line, footer.
pub fn frame_areas(size: Rect) -> [Rect; 4] {
    frame_areas_with(size, 1, 1)
}

/// [`frame_areas`] with a status and a footer of these heights.
fn frame_areas_with(size: Rect, status: u16, footer: u16) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status),
        Constraint::Length(footer),
    ])
    .areas(size)
}

impl App {
    /// The store's clock decides what is today (and so what is overdue) and the meeting
    /// clock. Registers a session, so this app's drafts are not taken for a crashed one's by
    /// another chec on the same database.
    pub fn new(mut store: Store, catalog: Catalog, theme: Theme) -> Result<App, StoreError> {
        let today = store.clock().today_text();
        let now = store.clock().now();
        let today_for_items = today.clone();
        let store_zone = store.clock().zone();
        let items = ItemsScreen::new(&today_for_items, store_zone, &catalog);
        store.begin_session()?;
        let db_label = store.path().map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
        let opening_note = match catalog.errors().len() {
            0 => None,
            n => Some(OpeningNote::CatalogErrors(n)),
        };
        let status = opening_note.map(|note| note.said(Lang::default()));
        let mut app = App {
            data_version: store.data_version()?,
            changes: store.changes()?,
            store,
            catalog,
            theme,
            today,
            now,
            size: Rect::new(0, 0, 80, 24),
            screen: Screen::Consultations,
            consultations: ConsultationsScreen::default(),
            view: None,
            items,
            dashboard: DashboardScreen::default(),
            form: None,
            confirm: None,
            help_open: false,
            help_scroll: 0,
            status,
            quit: false,
            db_label,
            lang: None,
            settled_meetings: HashSet::new(),
            last_heartbeat: Instant::now(),
            input_waiting: None,
            team: team::TeamSync::default(),
            opening_note,
        };
        app.load_team_state();
        app.reload_list()?;
        if app.recover_form(false)? {
            app.opening_note = Some(OpeningNote::RecoveredForm);
            app.status = Some(Status::Info(recovered_form_notice(Lang::default())));
        }
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Speak `lang`: the interface's words, and questionnaires' text in it where they have it
    /// (else in their first language, marked).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = Some(lang);
        if let Some(view) = &mut self.view {
            view.lang = Some(lang);
            // The question list's group headings are in the language: list them again.
            view.rebuild_rows();
        }
        self.items.set_stage_names(&self.catalog, lang);
        self.consultations.lang = lang;
        if let Some(note) = self.opening_note {
            self.status = Some(note.said(lang));
        }
        self.consultations.stage_names = self.catalog.stage_names(lang);
        self.dashboard.lang = lang;
    }

    /// The interface's language (English when none was chosen).
    pub fn ui_lang(&self) -> Lang {
        self.lang.unwrap_or_default()
    }

    fn body(&self) -> Rect {
        self.frame_areas(self.size)[1]
    }

    /// Header, body, status and footer on a screen of `size`: the status and the footer
    /// take the rows their text wraps to.
    pub fn frame_areas(&self, size: Rect) -> [Rect; 4] {
        let status = super::status_rows(self, size.width);
        let footer = super::footer_rows(size.height);
        frame_areas_with(size, status, footer)
    }

    fn list_height(&self) -> usize {
        usize::from(list::areas(self.body()).table_body.height)
    }

    fn question_rows(&self) -> usize {
        let areas = match &self.view {
            Some(view) => view.layout(self.body()),
            None => consultation::areas(self.body()),
        };
        usize::from(areas.question_rows.height)
    }

    fn reload_list(&mut self) -> Result<(), StoreError> {
        let height = self.list_height();
        let patience = self.keystroke_patience();
        self.consultations.reload(&self.store, &self.today, height, &patience)
    }

    /// How far the help can scroll: its lines past what the screen shows.
    fn help_max_scroll(&self) -> u16 {
        crate::tui::screens::help::max_scroll(&self.theme, &self.help_scopes(), self.body(), self.ui_lang())
    }

    /// The consultation shown, when the consultation screen is.
    fn shown_view(&self) -> Option<&ConsultationView> {
        match self.screen {
            Screen::Consultation => self.view.as_deref(),
            _ => None,
        }
    }

    /// Where the keyboard is: the one value keys, footer, help, caret and drawing read.
    pub fn focus(&self) -> Focus {
        if self.confirm.is_some() {
            Focus::Confirm
        } else if self.help_open {
            Focus::Help
        } else {
            self.focus_beneath()
        }
    }

    /// The focus under the help and any question: what the help describes.
    fn focus_beneath(&self) -> Focus {
        if let Some(overlay) = &self.form {
            return Focus::Form { typing: overlay.form.scope() == Scope::Typing };
        }
        match (self.screen, self.shown_view()) {
            (_, Some(view)) => Focus::Consultation(view.focus()),
            (Screen::Items, _) if self.items.is_typing() => Focus::Items(ItemsFocus::Typing),
            (Screen::Items, _) if self.items.history.is_some() => Focus::Items(ItemsFocus::History),
            (Screen::Items, _) => Focus::Items(ItemsFocus::List),
            (Screen::Dashboard, _) => Focus::Dashboard,
            _ => Focus::Consultations { typing: self.consultations.is_typing() },
        }
    }

    /// The scopes the help describes: the keys of the place it was opened from.
    pub fn help_scopes(&self) -> Vec<Scope> {
        self.focus_beneath().help_scopes()
    }

    /// Where the text being typed goes, as drawn: the terminal's cursor is put there, so an
    /// input method composes a Korean syllable in place. `None` when nothing is being typed
    /// (or a question or the help covers the field).
    pub fn caret(&self) -> Option<ratatui::layout::Position> {
        match self.focus() {
            Focus::Form { typing: true } => self.form.as_ref().and_then(|o| o.form.caret()),
            Focus::Consultation(ViewFocus::Editor) => {
                self.shown_view().and_then(|v| v.editing.as_ref()).and_then(|(_, editor)| editor.caret())
            }
            Focus::Items(ItemsFocus::Typing) => self.items.typing.as_ref().and_then(|(_, editor)| editor.caret()),
            Focus::Consultations { typing: true } => self.consultations.filter_editor.as_ref().and_then(|e| e.caret()),
            _ => None,
        }
    }

    /// The key scopes in force, innermost first.
    pub fn scopes(&self) -> Vec<Scope> {
        self.focus().scopes()
    }

    fn set_status(&mut self, status: Status) {
        self.status = Some(status);
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::None => {}
            Outcome::Back => {
                // Items and the dashboard go back to the consultation they were opened from.
                let to = match self.screen {
                    Screen::Items | Screen::Dashboard if self.view.is_some() => Screen::Consultation,
                    _ => Screen::Consultations,
                };
                self.show(to);
            }
            Outcome::Status(s) => self.set_status(Status::Info(s)),
            Outcome::Error(e) => self.set_status(Status::Error(e)),
            Outcome::OpenForm(request) => self.open_form(request),
            Outcome::Confirm(message, yes, no) => self.confirm = Some(Confirm { message, yes, no }),
        }
    }

    /// Apply an action where the keyboard is ([`App::focus`]).
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::ScrollUp | Action::ScrollDown) {
            self.status = None;
            self.opening_note = None;
        }
        let focus = self.focus();
        match focus {
            Focus::Confirm => return self.update_confirm(action),
            Focus::Help => return self.update_help(action),
            _ => {}
        }
        match action {
            Action::ToggleHelp => {
                self.help_open = true;
                self.help_scroll = 0;
                return;
            }
            Action::Quit => return self.request_quit(),
            Action::Click { column, row } => return self.click(column, row),
            _ => {}
        }
        // The main screens switch only where the focus offers it (never from a text field).
        if focus.scopes().contains(&Scope::Screens)
            && let Some(to) = match action {
                Action::ShowConsultations => Some(Screen::Consultations),
                Action::ShowItems => Some(Screen::Items),
                Action::ShowDashboard => Some(Screen::Dashboard),
                _ => None,
            }
        {
            return self.show(to);
        }
        if action == Action::Sync {
            self.start_sync(true);
            return;
        }
        let outcome = match focus {
            Focus::Confirm | Focus::Help => Outcome::None,
            Focus::Form { .. } => {
                self.update_form(&action);
                Outcome::None
            }
            Focus::Consultation(_) => {
                let height = self.question_rows();
                let body = self.body();
                match &mut self.view {
                    Some(view) => {
                        let outcome = view.update(&action, &mut self.store, height);
                        view.clamp_reading(body, &self.theme);
                        outcome
                    }
                    None => Outcome::None,
                }
            }
            Focus::Items(_) => {
                let height = self.items_height();
                let patience = self.keystroke_patience();
                let outcome = self.items.update(&action, &self.store, height, &patience);
                self.items.clamp_history(self.body(), &self.theme);
                outcome
            }
            Focus::Dashboard => match action {
                Action::Back => Outcome::Back,
                _ => Outcome::None,
            },
            Focus::Consultations { .. } => self.update_list(&action),
        };
        self.apply(outcome);
    }

    fn update_confirm(&mut self, action: Action) {
        let Some(confirm) = self.confirm.take() else { return };
        match action {
            Action::Yes => self.run_confirmed(confirm.yes),
            Action::No => self.run_confirmed(confirm.no),
            Action::Back => {}
            _ => self.confirm = Some(confirm),
        }
    }

    fn update_help(&mut self, action: Action) {
        match action {
            Action::ToggleHelp | Action::Back => self.help_open = false,
            Action::Quit => self.request_quit(),
            Action::Up | Action::ScrollUp => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.help_scroll = (self.help_scroll + 1).min(self.help_max_scroll()),
            Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
            Action::PageDown => self.help_scroll = (self.help_scroll + 10).min(self.help_max_scroll()),
            Action::First => self.help_scroll = 0,
            _ => {}
        }
    }

    pub(super) fn items_height(&self) -> usize {
        usize::from(crate::tui::screens::items::areas(self.body()).table_body.height)
    }

    /// Switch screens, loading what the new one shows. Items opened from a consultation
    /// show that consultation's items.
    pub fn show(&mut self, to: Screen) {
        let result = match to {
            Screen::Consultations => {
                self.view = None;
                self.reload_list()
            }
            Screen::Consultation if self.view.is_none() => {
                self.screen = Screen::Consultations;
                return;
            }
            Screen::Consultation => match &mut self.view {
                Some(view) => view.reload(&self.store),
                None => Ok(()),
            },
            Screen::Items => {
                let from = if self.screen == Screen::Consultation { self.view.as_ref() } else { None };
                let consultation = from.map(|v| v.consultation.key.clone());
                if self.items.query.consultation != consultation {
                    self.items.query.consultation = consultation;
                    self.items.cursor = Default::default();
                }
                let height = self.items_height();
                self.items.reload(&self.store, height, &self.keystroke_patience())
            }
            Screen::Dashboard => self.dashboard.reload(&self.store, &self.catalog, &self.today),
        };
        self.screen = to;
        if let Err(e) = result {
            self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e)));
        }
    }

    fn update_list(&mut self, action: &Action) -> Outcome {
        match action {
            Action::Enter if !self.consultations.is_typing() => {
                match self.consultations.selected().map(|c| c.key.clone()) {
                    Some(key) => self.open_consultation(&key),
                    None => Outcome::None,
                }
            }
            Action::New if !self.consultations.is_typing() => Outcome::OpenForm(FormRequest::NewConsultation),
            other => {
                let height = self.list_height();
                let patience = self.keystroke_patience();
                match self.consultations.update(other, &self.store, &self.today, height, &patience) {
                    Ok(()) => Outcome::None,
                    Err(e) => Outcome::Error(crate::messages::error(self.ui_lang(), &e)),
                }
            }
        }
    }

    /// Open a consultation: commit text a killed session left as drafts, and offer to resume
    /// a meeting left running.
    pub fn open_consultation(&mut self, key: &str) -> Outcome {
        let mut view = match ConsultationView::open(&self.store, key) {
            Ok(v) => v,
            Err(e) => return Outcome::Error(crate::messages::error(self.ui_lang(), &e)),
        };
        if self.lang.is_some() {
            view.lang = self.lang;
            view.rebuild_rows();
        }
        let mut outcome = Outcome::None;
        let meeting_id = view.meeting.as_ref().map(|m| m.id.clone());
        match self.store.recover_drafts(&view.consultation, &view.questionnaire, meeting_id.as_deref()) {
            Ok(recovery) if !recovery.recovered.is_empty() || !recovery.conflicts.is_empty() => {
                let lang = self.ui_lang();
                let what: Vec<String> = recovery.recovered.iter().map(|d| describe_draft(d, lang)).collect();
                // Show the first recovered answer or note where it belongs.
                let first = recovery.conflicts.first().map(|(d, _)| &d.target).or(recovery.recovered.first());
                if let Some(crate::domain::DraftTarget::Response { question_id, .. }) = first {
                    let _ = view.select_question(&question_id.clone(), self.question_rows(), &self.store);
                }
                outcome = match (what.is_empty(), recovery.conflicts.first()) {
                    (_, Some((d, c))) => Outcome::Status(crate::tr!(
                        lang,
                        "status-recovered-conflict",
                        what = consultation::conflict_announcement(c, &describe_draft(&d.target, lang), lang)
                    )),
                    _ => Outcome::Status(crate::tr!(lang, "status-recovered", what = what.join("; "))),
                };
                view.add_recovered_conflicts(recovery.conflicts);
                if let Err(e) = view.reload(&self.store) {
                    outcome = Outcome::Error(crate::messages::error(self.ui_lang(), &e));
                }
            }
            Ok(_) => {}
            Err(e) => {
                outcome = Outcome::Error(crate::tr!(
                    self.ui_lang(),
                    "status-recover-drafts-failed",
                    error = crate::messages::error(self.ui_lang(), &e)
                ))
            }
        }
        match view.add_team_conflicts(&self.store) {
            Ok(0) => {}
            Ok(n) => outcome = Outcome::Status(crate::tr!(self.ui_lang(), "status-team-conflicts", n = n)),
            Err(e) => outcome = Outcome::Error(crate::messages::error(self.ui_lang(), &e)),
        }
        let left_open = match &view.meeting {
            Some(m) if !self.settled_meetings.contains(&m.id) => self.store.meeting_left_open(m).unwrap_or(false),
            _ => false,
        };
        if let Some(m) = view.meeting.as_ref().filter(|_| left_open) {
            // Keep what the recovery said on the status line, under the question.
            match std::mem::replace(&mut outcome, Outcome::None) {
                Outcome::Status(s) => self.set_status(Status::Info(s)),
                Outcome::Error(e) => self.set_status(Status::Error(e)),
                _ => {}
            }
            let started = self.store.clock().zone().short_stored(&m.started_at);
            let no = crate::tui::keys::key_for(crate::tui::keys::Scope::Confirm, &crate::tui::action::Action::No);
            outcome = Outcome::Confirm(
                crate::tr!(self.ui_lang(), "confirm-resume-meeting", n = m.seq, started = started, no = no),
                ConfirmAction::ResumeMeeting(m.id.clone()),
                ConfirmAction::EndLeftOpenMeeting(m.id.clone()),
            );
        }
        self.view = Some(Box::new(view));
        self.screen = Screen::Consultation;
        match self.recover_form(true) {
            Ok(true) if matches!(outcome, Outcome::None) => {
                outcome = Outcome::Status(recovered_form_notice(self.ui_lang()))
            }
            Ok(_) => {}
            Err(e) => {
                outcome = Outcome::Error(crate::tr!(
                    self.ui_lang(),
                    "status-recover-form-failed",
                    error = crate::messages::error(self.ui_lang(), &e)
                ))
            }
        }
        outcome
    }
}

fn describe_draft(target: &crate::domain::DraftTarget, lang: Lang) -> String {
    use crate::i18n::word;
    match target {
        crate::domain::DraftTarget::Response { question_id, field } => {
            crate::tr!(lang, "draft-response", id = question_id, field = word(lang, *field))
        }
        crate::domain::DraftTarget::Meeting { field, .. } => {
            crate::tr!(lang, "draft-meeting", field = word(lang, *field))
        }
        crate::domain::DraftTarget::Form { .. } => crate::tr!(lang, "draft-form"),
    }
}

/// Said when a form a killed session left is reopened.
fn recovered_form_notice(lang: Lang) -> String {
    use crate::tui::keys::{Scope, key_for};
    crate::tr!(
        lang,
        "status-recovered-form",
        save = key_for(Scope::FormTyping, &Action::Save),
        back = key_for(Scope::FormTyping, &Action::Back)
    )
}
