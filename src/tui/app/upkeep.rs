//! What the app does besides answering keys: the tick (autosave, heartbeat, other
//! processes' commits), the reads that answering a key left for later (see [`Patience`]),
//! and saving everything on the way out.

use std::time::Instant;

use super::{App, Confirm, ConfirmAction, Screen, Status};
use crate::storage::StoreError;
use crate::tui::patience::Patience;

impl App {
    /// How the app tells that a key is waiting. From then on, reads that answer a key stop
    /// when the frame's time is up or a key waits, and go on between keys (see
    /// [`App::catch_up`]); until then (in tests, say), every read runs to the end.
    pub fn watch_input(&mut self, waiting: impl Fn() -> bool + Send + Sync + 'static) {
        self.input_waiting = Some(std::sync::Arc::new(waiting));
    }

    /// Patience for the reads that answer a key.
    pub(super) fn keystroke_patience(&self) -> Patience {
        self.input_waiting.as_ref().map_or_else(Patience::unlimited, Patience::keystroke)
    }

    /// Whether the screen shown still has reads to finish (results being searched or
    /// counted); the event loop then calls [`App::catch_up`] while no key is waiting.
    pub fn is_behind(&self) -> bool {
        match self.screen {
            Screen::Items => self.items.is_behind(),
            Screen::Consultations => self.consultations.is_behind(),
            Screen::Consultation | Screen::Dashboard => false,
        }
    }

    /// Go on with the reads the last keys left, until they are done or a key arrives.
    pub fn catch_up(&mut self) {
        if !self.is_behind() {
            return;
        }
        let patience = self.input_waiting.as_ref().map_or_else(Patience::unlimited, Patience::until_input);
        let result = match self.screen {
            Screen::Items => {
                let height = self.items_height();
                self.items.catch_up(&self.store, height, &patience)
            }
            _ => {
                let height = self.list_height();
                self.consultations.reload(&self.store, &self.today, height, &patience)
            }
        };
        if let Err(e) = result {
            self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e)));
        }
    }

    /// Called every loop: autosave drafts, beat, and notice other processes' commits.
    pub fn tick(&mut self, now: Instant) {
        self.now = self.store.clock().now();
        // Past midnight in the team's zone, what is overdue changes.
        let today = self.store.clock().today_text();
        let new_day = today != self.today;
        if new_day {
            self.items.query.today = today.clone();
            self.today = today;
        }
        if now.duration_since(self.last_heartbeat) >= crate::storage::HEARTBEAT_EVERY {
            self.last_heartbeat = now;
            if let Err(e) = self.store.heartbeat() {
                self.set_status(Status::Error(crate::tr!(
                    self.ui_lang(),
                    "status-cannot-write-db",
                    error = crate::messages::error(self.ui_lang(), &e)
                )));
            }
        }
        self.tick_team(now);
        if let Err(e) = self.autosave_form(now, false) {
            self.set_status(Status::Error(crate::tr!(
                self.ui_lang(),
                "status-autosave-form-failed",
                error = crate::messages::error(self.ui_lang(), &e)
            )));
        }
        if let Some(view) = &mut self.view
            && let Err(e) = view.autosave(&mut self.store, now)
        {
            self.set_status(Status::Error(crate::tr!(
                self.ui_lang(),
                "status-autosave-text-failed",
                error = crate::messages::error(self.ui_lang(), &e)
            )));
        }
        match self.others_changed_something() {
            Ok(false) if !new_day => {}
            Ok(_) => {
                if self.reload_shown()
                    && let Some(notice) = self.view.as_ref().and_then(|view| view.changed_under_editor())
                {
                    self.status = Some(Status::Error(notice));
                }
            }
            Err(e) => self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e))),
        }
    }

    /// Read the screen shown again, as the database changed under it (another process, a
    /// team import); an error goes to the status line. Whether the consultation screen was
    /// read, so the caller can add what it has to say about its changes.
    pub(super) fn reload_shown(&mut self) -> bool {
        let result = match (self.screen, &mut self.view) {
            (Screen::Consultation, Some(view)) => view.reload(&self.store),
            (Screen::Items, _) => {
                let height = self.items_height();
                self.items.reload(&self.store, height, &self.keystroke_patience())
            }
            (Screen::Dashboard, _) => self.dashboard.reload(&self.store, &self.catalog, &self.today),
            _ => self.reload_list(),
        };
        match result {
            Ok(()) => self.screen == Screen::Consultation && self.view.is_some(),
            Err(e) => {
                self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e)));
                false
            }
        }
    }

    /// Whether another process took an action since the last look. `data_version` moves on
    /// any other connection's commit and costs nothing to read; the change counter then
    /// tells a user action from a heartbeat or an autosaved draft.
    fn others_changed_something(&mut self) -> Result<bool, StoreError> {
        let version = self.store.data_version()?;
        if version == self.data_version {
            return Ok(false);
        }
        self.data_version = version;
        let changes = self.store.changes()?;
        let moved = changes != self.changes;
        self.changes = changes;
        Ok(moved)
    }

    /// Quit, after committing any text being edited; a form with typed text asks first.
    pub fn request_quit(&mut self) {
        if self.form.as_ref().is_some_and(|f| f.form.is_changed()) {
            self.confirm = Some(Confirm {
                message: crate::tr!(self.ui_lang(), "confirm-quit-form"),
                yes: ConfirmAction::Quit,
                no: ConfirmAction::Nothing,
            });
            return;
        }
        match self.save_everything() {
            Ok(()) => self.quit = true,
            Err(e) => self.set_status(Status::Error(crate::tr!(
                self.ui_lang(),
                "status-not-quitting",
                error = crate::messages::error(self.ui_lang(), &e)
            ))),
        }
    }

    /// Leaving: save everything, then unregister the session (so what it could not commit
    /// counts as left behind and is recovered next time).
    pub fn finish(&mut self) -> Result<(), StoreError> {
        let saved = self.save_everything();
        self.store.end_session()?;
        saved
    }

    /// Commit the text being edited; if that fails, at least save it as a draft. An open
    /// form is saved as a draft, to be reopened next time.
    pub fn save_everything(&mut self) -> Result<(), StoreError> {
        self.autosave_form(Instant::now(), true)?;
        let Some(view) = &mut self.view else {
            return Ok(());
        };
        match view.commit(&mut self.store) {
            Ok(_) => Ok(()),
            Err(e) => {
                if let Some((target, editor)) = &view.editing {
                    self.store.save_edit_draft(&view.consultation, &target.draft(), &editor.edit())?;
                }
                Err(e)
            }
        }
    }
}
