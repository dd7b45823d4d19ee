//! The app's hand in forms: it holds the open one and carries out what `tui::forms` says
//! (ask, close, open the consultation created…). Everything about the forms themselves,
//! drafts included, lives in [`crate::tui::forms`].

use std::time::Instant;

use super::{App, Confirm, ConfirmAction, Outcome, Status};
use crate::storage::StoreError;
use crate::tui::action::Action;
use crate::tui::forms::{self, Done, FormOverlay, Parts, Step, Submitted};
use crate::tui::outcome::FormRequest;

impl App {
    fn parts(&mut self) -> Parts<'_> {
        let lang = self.ui_lang();
        Parts { store: &mut self.store, catalog: &self.catalog, view: self.view.as_deref_mut(), lang }
    }

    /// Open the form a screen asked for.
    pub(super) fn open_form(&mut self, request: FormRequest) {
        match forms::open(request, &mut self.parts()) {
            Ok((form, purpose)) => self.form = Some(FormOverlay::new(form, purpose)),
            Err(outcome) => self.apply(outcome),
        }
    }

    pub(super) fn update_form(&mut self, action: &Action) {
        let Some(mut overlay) = self.form.take() else { return };
        let step = forms::edit(&mut overlay, action, &mut self.parts());
        self.form = Some(overlay);
        match step {
            Step::Stay => {}
            Step::Close => self.close_form(),
            Step::AskDiscard => {
                self.confirm = Some(Confirm {
                    message: crate::tr!(self.ui_lang(), "confirm-discard-form"),
                    yes: ConfirmAction::DiscardForm,
                    no: ConfirmAction::Nothing,
                })
            }
            Step::Submit => self.submit_form(),
        }
    }

    /// Close the form; forget its autosaved draft, since it was submitted or discarded.
    pub(super) fn close_form(&mut self) {
        let Some(overlay) = self.form.take() else { return };
        if let Err(e) = forms::forget(&overlay, &mut self.parts()) {
            let error = crate::messages::error(self.ui_lang(), &e);
            self.set_status(Status::Error(crate::tr!(self.ui_lang(), "status-draft-not-removed", error = error)));
        }
    }

    /// Reopen the last unfinished form a killed session left: the open consultation's
    /// (`in_consultation`), or one that belongs to no consultation.
    pub(super) fn recover_form(&mut self, in_consultation: bool) -> Result<bool, StoreError> {
        match forms::recover(&mut self.parts(), in_consultation)? {
            Some(overlay) => {
                self.form = Some(overlay);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Save the open form's fields as a draft, if due (or now, `force`).
    pub(super) fn autosave_form(&mut self, now: Instant, force: bool) -> Result<(), StoreError> {
        let Some(mut overlay) = self.form.take() else { return Ok(()) };
        let result = forms::autosave(&mut overlay, &mut self.parts(), now, force);
        self.form = Some(overlay);
        result
    }

    pub(super) fn submit_form(&mut self) {
        let Some(mut overlay) = self.form.take() else { return };
        let submitted = forms::submit(&mut overlay, &mut self.parts());
        self.form = Some(overlay);
        match submitted {
            Submitted::Ask(message, yes) => {
                self.confirm = Some(Confirm { message, yes, no: ConfirmAction::Nothing });
            }
            Submitted::Refused(message) => {
                if let Some(overlay) = &mut self.form {
                    overlay.form.refuse(message);
                }
            }
            Submitted::Done(done) => {
                self.close_form();
                let outcome = match done {
                    Done::Status(message) => Outcome::Status(message),
                    Done::MeetingStarted(id, message) => {
                        self.settled_meetings.insert(id);
                        Outcome::Status(message)
                    }
                    Done::ItemChanged(message) => {
                        let height = self.items_height();
                        let patience = self.keystroke_patience();
                        let mut reloaded = self.items.reload(&self.store, height, &patience);
                        if let Some(view) = &mut self.view {
                            reloaded = reloaded.and(view.reload(&self.store));
                        }
                        match reloaded {
                            Ok(()) => Outcome::Status(message),
                            Err(e) => Outcome::Status(crate::tr!(
                                self.ui_lang(),
                                "status-not-refreshed",
                                message = message,
                                error = crate::messages::error(self.ui_lang(), &e)
                            )),
                        }
                    }
                    Done::Created(key) => {
                        if let Err(e) = self.reload_list() {
                            self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e)));
                        }
                        match self.open_consultation(&key) {
                            Outcome::None => {
                                let m =
                                    crate::tui::keys::key_for(crate::tui::keys::Scope::Consultation, &Action::Meeting);
                                Outcome::Status(crate::tr!(self.ui_lang(), "status-opened", key = key, m = m))
                            }
                            other => other,
                        }
                    }
                };
                self.apply(outcome);
            }
        }
    }
}
