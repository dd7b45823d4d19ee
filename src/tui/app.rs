//! The TUI's state and the one place actions change it.
//!
//! Screens return an [`Outcome`]; the app turns outcomes into overlays (forms, questions),
//! status messages and screen changes. Every store call is one committed transaction.

use std::collections::HashSet;
use std::time::Instant;

use ratatui::layout::{Constraint, Layout, Rect};

use crate::catalog::Catalog;
use crate::domain::SignOffWarning;
use crate::i18n::Lang;
use crate::storage::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::keys::Scope;
use crate::tui::patience::InputWaiting;
use crate::tui::screens::consultation::{self, ConsultationView};
use crate::tui::screens::consultations::{self as list, ConsultationsScreen};
use crate::tui::screens::dashboard::DashboardScreen;
use crate::tui::screens::items::ItemsScreen;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::Form;

mod confirm;
mod forms;
mod mouse;
mod upkeep;

/// The screens, switched with C, I and D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Consultations,
    Consultation,
    Items,
    Dashboard,
}

/// What a screen asks the app to do after an action.
pub enum Outcome {
    None,
    Back,
    Status(String),
    Error(String),
    Form(Form, Purpose),
    /// A yes/no question: message, what yes does, what no does.
    Confirm(String, ConfirmAction, ConfirmAction),
}

/// What a form is for, decided when it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    NewConsultation,
    StartMeeting {
        stage: String,
    },
    RaiseItem {
        question_id: String,
        stage: String,
        principles: Vec<String>,
    },
    /// `acknowledged`: what the consultant confirmed (signing off out of order, or with
    /// questions unassessed).
    SignOff {
        stage: String,
        items: Vec<String>,
        acknowledged: Vec<SignOffWarning>,
    },
    Reopen {
        stage: String,
    },
    /// Change who attended meeting `seq`.
    EditAttendees {
        meeting_id: String,
        seq: i64,
    },
    /// Change an item, as it was when the form opened (so a change made meanwhile by
    /// someone else is a conflict, not overwritten).
    EditItem {
        key: String,
        started_from: Box<crate::domain::Item>,
    },
    Export,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmAction {
    Nothing,
    DiscardForm,
    /// Submit the open form, now that the person has checked what it will do.
    SubmitForm,
    EndMeeting(String),
    ResumeMeeting(String),
    /// End a meeting a crash left open, at its last recorded activity.
    EndLeftOpenMeeting(String),
    ExportMinutes(i64),
    /// Open the sign-off form of the chosen stage, the warnings confirmed.
    SignOff {
        stage: String,
        acknowledged: Vec<SignOffWarning>,
    },
    /// Submit the open sign-off form, these warnings confirmed.
    SubmitSignOff(Vec<SignOffWarning>),
    Quit,
}

pub struct Confirm {
    pub message: String,
    yes: ConfirmAction,
    no: ConfirmAction,
}

pub struct FormOverlay {
    pub form: Form,
    pub purpose: Purpose,
    /// The fields as last autosaved, and when; `None` until the first autosave.
    saved: Option<(String, Instant)>,
    opened: Instant,
    /// The person has seen what submitting will do (e.g. the attendees as parsed).
    checked: bool,
}

impl FormOverlay {
    pub(super) fn new(form: Form, purpose: Purpose) -> FormOverlay {
        FormOverlay { form, purpose, saved: None, opened: Instant::now(), checked: false }
    }
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
}

/// The app's frame: header, body, status line, footer.
pub fn frame_areas(size: Rect) -> [Rect; 4] {
    Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1), Constraint::Length(1)])
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
        let status = match catalog.errors().len() {
            0 => None,
            n => Some(Status::Error(format!("{n} questionnaire file(s) failed to load: see chec questionnaire list"))),
        };
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
        };
        app.reload_list()?;
        app.reopen_global_form()?;
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
    }

    /// The interface's language (English when none was chosen).
    pub fn ui_lang(&self) -> Lang {
        self.lang.unwrap_or_default()
    }

    fn body(&self) -> Rect {
        frame_areas(self.size)[1]
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
        let lines = crate::tui::screens::help::lines_in(&self.theme, &self.help_scopes(), self.ui_lang()).len() as u16;
        let shown = self.body().height.saturating_sub(2);
        lines.saturating_sub(shown)
    }

    /// The consultation shown, when the consultation screen is.
    fn shown_view(&self) -> Option<&ConsultationView> {
        match self.screen {
            Screen::Consultation => self.view.as_deref(),
            _ => None,
        }
    }

    /// The scopes the help describes: the keys of the place it was opened from.
    pub fn help_scopes(&self) -> Vec<Scope> {
        let mut scopes = match (&self.form, self.shown_view(), self.screen) {
            (Some(f), _, _) if f.form.scope() == Scope::Typing => vec![Scope::FormTyping],
            (Some(f), _, _) => vec![f.form.scope()],
            (None, Some(v), _) if !v.conflicts.is_empty() => vec![Scope::Conflict],
            (None, Some(v), _) if v.answering.is_some() => v.answering.as_ref().map(|a| a.scopes()).unwrap_or_default(),
            (None, Some(v), _) if v.guidance_open || v.history.is_some() || v.level_open => {
                vec![Scope::Overlay, Scope::Scrolling]
            }
            (None, Some(v), _) if v.meeting_open => vec![Scope::Meeting],
            (None, Some(_), _) => vec![Scope::Consultation, Scope::Screens],
            (None, None, Screen::Items) => vec![Scope::Items, Scope::Screens],
            (None, None, Screen::Dashboard) => vec![Scope::Screens],
            (None, None, _) => vec![Scope::Consultations, Scope::Screens],
        };
        for scope in [Scope::List, Scope::Global, Scope::Typing] {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        scopes
    }

    /// Where the text being typed goes, as drawn: the terminal's cursor is put there, so an
    /// input method composes a Korean syllable in place. `None` when nothing is being typed
    /// (or a question or the help covers the field).
    pub fn caret(&self) -> Option<ratatui::layout::Position> {
        if self.confirm.is_some() || self.help_open {
            return None;
        }
        if let Some(overlay) = &self.form {
            return overlay.form.caret();
        }
        match (self.screen, self.shown_view()) {
            (_, Some(v)) if !v.conflicts.is_empty() || v.history.is_some() || v.guidance_open => None,
            (_, Some(v)) => v.editing.as_ref().and_then(|(_, editor)| editor.caret()),
            (Screen::Items, _) => self.items.typing.as_ref().and_then(|(_, editor)| editor.caret()),
            (Screen::Consultations, _) => self.consultations.filter_editor.as_ref().and_then(|e| e.caret()),
            _ => None,
        }
    }

    /// The key scopes in force, innermost first.
    pub fn scopes(&self) -> Vec<Scope> {
        if self.confirm.is_some() {
            return vec![Scope::Confirm];
        }
        if self.help_open {
            return vec![Scope::List, Scope::Global];
        }
        if let Some(f) = &self.form {
            return match f.form.scope() {
                Scope::Typing => vec![Scope::FormTyping, Scope::Typing],
                other => vec![other, Scope::Global],
            };
        }
        match (self.screen, self.shown_view()) {
            (_, Some(v)) if !v.conflicts.is_empty() => vec![Scope::Conflict, Scope::Global],
            (_, Some(v)) if v.editing.is_some() => vec![Scope::Typing],
            (_, Some(v)) if v.answering.is_some() => v.answering.as_ref().map(|a| a.scopes()).unwrap_or_default(),
            (_, Some(v)) if v.guidance_open || v.history.is_some() || v.level_open => {
                vec![Scope::Overlay, Scope::Scrolling, Scope::Global]
            }
            (_, Some(v)) if v.meeting_open => vec![Scope::Meeting, Scope::List, Scope::Global],
            (_, Some(_)) => vec![Scope::Consultation, Scope::Screens, Scope::List, Scope::Global],
            (Screen::Items, _) if self.items.is_typing() => vec![Scope::Typing],
            (Screen::Items, _) if self.items.history.is_some() => vec![Scope::Overlay, Scope::Global],
            (Screen::Items, _) => vec![Scope::Items, Scope::Screens, Scope::List, Scope::Global],
            (Screen::Dashboard, _) => vec![Scope::Screens, Scope::Global],
            _ if self.consultations.is_typing() => vec![Scope::Typing],
            _ => vec![Scope::Consultations, Scope::Screens, Scope::List, Scope::Global],
        }
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
            Outcome::Form(mut form, purpose) => {
                form.lang = self.ui_lang();
                self.form = Some(FormOverlay::new(form, purpose))
            }
            Outcome::Confirm(message, yes, no) => self.confirm = Some(Confirm { message, yes, no }),
        }
    }

    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::ScrollUp | Action::ScrollDown) {
            self.status = None;
        }
        if let Some(confirm) = self.confirm.take() {
            match action {
                Action::Yes => self.run_confirmed(confirm.yes),
                Action::No => self.run_confirmed(confirm.no),
                Action::Back => {}
                _ => self.confirm = Some(confirm),
            }
            return;
        }
        if self.help_open {
            match action {
                Action::ToggleHelp | Action::Back => self.help_open = false,
                Action::Quit => self.request_quit(),
                Action::Up | Action::ScrollUp => self.help_scroll = self.help_scroll.saturating_sub(1),
                Action::Down | Action::ScrollDown => {
                    self.help_scroll = (self.help_scroll + 1).min(self.help_max_scroll())
                }
                Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                Action::PageDown => self.help_scroll = (self.help_scroll + 10).min(self.help_max_scroll()),
                Action::First => self.help_scroll = 0,
                _ => {}
            }
            return;
        }
        match action {
            Action::ToggleHelp => {
                self.help_open = true;
                self.help_scroll = 0;
                return;
            }
            Action::Quit => {
                self.request_quit();
                return;
            }
            Action::Click { column, row } => {
                self.click(column, row);
                return;
            }
            _ => {}
        }
        if self.form.is_some() {
            self.update_form(&action);
            return;
        }
        if let Some(to) = match action {
            Action::ShowConsultations => Some(Screen::Consultations),
            Action::ShowItems => Some(Screen::Items),
            Action::ShowDashboard => Some(Screen::Dashboard),
            _ => None,
        } {
            self.show(to);
            return;
        }
        let height = self.question_rows();
        let outcome = match (self.screen, &mut self.view) {
            (Screen::Consultation, Some(view)) => view.update(&action, &mut self.store, height),
            (Screen::Items, _) => {
                let height = self.items_height();
                let patience = self.keystroke_patience();
                self.items.update(&action, &self.store, height, &patience)
            }
            (Screen::Dashboard, _) => match action {
                Action::Back => Outcome::Back,
                _ => Outcome::None,
            },
            _ => self.update_list(&action),
        };
        self.apply(outcome);
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
            self.set_status(Status::Error(e.to_string()));
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
            Action::New if !self.consultations.is_typing() => {
                Outcome::Form(list::new_consultation_form(&self.catalog, self.ui_lang()), Purpose::NewConsultation)
            }
            other => {
                let height = self.list_height();
                let patience = self.keystroke_patience();
                match self.consultations.update(other, &self.store, &self.today, height, &patience) {
                    Ok(()) => Outcome::None,
                    Err(e) => Outcome::Error(e.to_string()),
                }
            }
        }
    }

    /// Open a consultation: commit text a killed session left as drafts, and offer to resume
    /// a meeting left running.
    pub fn open_consultation(&mut self, key: &str) -> Outcome {
        let mut view = match ConsultationView::open(&self.store, key) {
            Ok(v) => v,
            Err(e) => return Outcome::Error(e.to_string()),
        };
        if self.lang.is_some() {
            view.lang = self.lang;
            view.rebuild_rows();
        }
        let mut outcome = Outcome::None;
        let meeting_id = view.meeting.as_ref().map(|m| m.id.clone());
        match self.store.recover_drafts(&view.consultation, &view.questionnaire, meeting_id.as_deref()) {
            Ok(recovery) if !recovery.recovered.is_empty() || !recovery.conflicts.is_empty() => {
                let what: Vec<String> = recovery.recovered.iter().map(describe_draft).collect();
                // Show the first recovered answer or note where it belongs.
                let first = recovery.conflicts.first().map(|(d, _)| &d.target).or(recovery.recovered.first());
                if let Some(crate::domain::DraftTarget::Response { question_id, .. }) = first {
                    let _ = view.select_question(&question_id.clone(), self.question_rows(), &self.store);
                }
                outcome = match (what.is_empty(), recovery.conflicts.first()) {
                    (_, Some((_, c))) => Outcome::Status(format!(
                        "Text typed before chec stopped meets a newer version: {}",
                        consultation::conflict_announcement(c)
                    )),
                    _ => Outcome::Status(format!("Recovered text typed before chec stopped: {}", what.join("; "))),
                };
                view.add_recovered_conflicts(recovery.conflicts);
                if let Err(e) = view.reload(&self.store) {
                    outcome = Outcome::Error(e.to_string());
                }
            }
            Ok(_) => {}
            Err(e) => outcome = Outcome::Error(format!("Could not recover drafts: {e}")),
        }
        match self.store.form_drafts(Some(&view.consultation)) {
            Ok(forms) => {
                if let Some((name, body)) = forms.into_iter().next_back() {
                    match consultation::forms::rebuild(&mut view, &self.store, &name) {
                        Some((mut form, purpose)) => {
                            form.restore_json(&body);
                            form.lang = self.ui_lang();
                            let mut overlay = FormOverlay::new(form, purpose);
                            overlay.saved = Some((overlay.form.to_json(), Instant::now()));
                            self.form = Some(overlay);
                            if matches!(outcome, Outcome::None) {
                                outcome =
                                    Outcome::Status("Recovered an unfinished form; submit it or Esc to discard".into());
                            }
                        }
                        None => {
                            let _ = self
                                .store
                                .discard_draft(&view.consultation, &crate::domain::DraftTarget::Form { form: name });
                        }
                    }
                }
            }
            Err(e) => outcome = Outcome::Error(format!("Could not recover a form: {e}")),
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
            outcome = Outcome::Confirm(
                format!(
                    "Meeting {} (started {started}) was left open. Resume it? (n ends it at its last activity)",
                    m.seq
                ),
                ConfirmAction::ResumeMeeting(m.id.clone()),
                ConfirmAction::EndLeftOpenMeeting(m.id.clone()),
            );
        }
        self.view = Some(Box::new(view));
        self.screen = Screen::Consultation;
        outcome
    }
}

fn describe_draft(target: &crate::domain::DraftTarget) -> String {
    match target {
        crate::domain::DraftTarget::Response { question_id, field } => {
            format!("{question_id} {}", field.label())
        }
        crate::domain::DraftTarget::Meeting { field, .. } => format!("meeting {}", field.label()),
        crate::domain::DraftTarget::Form { form } => format!("form {form}"),
    }
}
