//! The app's side of forms: handling their keys, autosaving them as drafts, reopening them
//! after a crash, and doing what a submitted form asks.

use std::time::Instant;

use super::{App, Confirm, ConfirmAction, FormOverlay, Outcome, Purpose, Status};
use crate::domain::{ConsultationKey, NewConsultation};
use crate::storage::StoreError;
use crate::tui::action::Action;
use crate::tui::screens::consultation;
use crate::tui::screens::consultations as list;
use crate::tui::widgets::form::{FieldKind, Form, FormOutcome};

impl App {
    pub(super) fn update_form(&mut self, action: &Action) {
        let Some(overlay) = &mut self.form else {
            return;
        };
        let before = overlay.form.value("questionnaire");
        match overlay.form.handle(action) {
            FormOutcome::Stay => {
                if overlay.purpose == Purpose::NewConsultation && overlay.form.value("questionnaire") != before {
                    let options = list::trait_options(&self.catalog, &overlay.form.value("questionnaire"));
                    if let Some(field) = overlay.form.field_mut("traits") {
                        field.kind = FieldKind::Toggles { on: vec![false; options.len()], options, cursor: 0 };
                    }
                }
            }
            FormOutcome::Cancel => self.close_form(),
            FormOutcome::ConfirmCancel => {
                self.confirm = Some(Confirm {
                    message: "Discard what you typed in this form?".into(),
                    yes: ConfirmAction::DiscardForm,
                    no: ConfirmAction::Nothing,
                })
            }
            FormOutcome::Submit => self.submit_form(),
        }
    }

    /// Close the form; forget its autosaved draft, since it was submitted or discarded.
    pub(super) fn close_form(&mut self) {
        let Some(overlay) = self.form.take() else { return };
        self.forget_form_draft(&overlay);
    }

    fn forget_form_draft(&mut self, overlay: &FormOverlay) {
        if overlay.saved.is_none() {
            return;
        }
        let result = match (&overlay.purpose, &self.view, consultation::forms::draft_name(&overlay.purpose)) {
            (Purpose::NewConsultation, _, _) => self.store.discard_global_draft(&new_consultation_draft()),
            (_, Some(view), Some(form)) => {
                self.store.discard_draft(&view.consultation, &crate::domain::DraftTarget::Form { form })
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.set_status(Status::Error(format!("Could not remove the form's draft: {e}")));
        }
    }

    /// Reopen a new-consultation form that a killed session left unfinished.
    pub(super) fn reopen_new_consultation_form(&mut self) -> Result<(), StoreError> {
        if let Some((_, body)) = self.store.form_drafts(None)?.into_iter().next_back() {
            let mut form = list::new_consultation_form(&self.catalog);
            form.restore_json(&body);
            // Its trait options follow the restored questionnaire.
            let options = list::trait_options(&self.catalog, &form.value("questionnaire"));
            if let Some(field) = form.field_mut("traits") {
                field.kind = FieldKind::Toggles { on: vec![false; options.len()], options, cursor: 0 };
            }
            form.restore_json(&body);
            let mut overlay = FormOverlay::new(form, Purpose::NewConsultation);
            overlay.saved = Some((overlay.form.to_json(), Instant::now()));
            self.form = Some(overlay);
            self.status = Some(Status::Info("Recovered an unfinished form; submit it or Esc to discard".into()));
        }
        Ok(())
    }

    /// Save the open form's fields as a draft: now (`force`), or if they changed and the
    /// autosave interval has passed.
    pub(super) fn autosave_form(&mut self, now: Instant, force: bool) -> Result<(), StoreError> {
        let Some(overlay) = &mut self.form else { return Ok(()) };
        let json = overlay.form.to_json();
        let since = overlay.saved.as_ref().map_or(overlay.opened, |(_, at)| *at);
        let changed = overlay.saved.as_ref().map_or(overlay.form.is_changed(), |(saved, _)| *saved != json);
        if !changed || !(force || now.duration_since(since) >= crate::tui::widgets::editor::AUTOSAVE_AFTER) {
            return Ok(());
        }
        match (&overlay.purpose, &self.view, consultation::forms::draft_name(&overlay.purpose)) {
            (Purpose::NewConsultation, _, _) => self.store.save_global_draft(&new_consultation_draft(), &json)?,
            (_, Some(view), Some(form)) => {
                self.store.save_draft(&view.consultation, &crate::domain::DraftTarget::Form { form }, &json)?
            }
            _ => return Ok(()),
        }
        overlay.saved = Some((json, now));
        Ok(())
    }

    fn submit_form(&mut self) {
        let Some(mut overlay) = self.form.take() else {
            return;
        };
        let result = match (&overlay.purpose, &mut self.view) {
            (Purpose::NewConsultation, _) => self.create_consultation(&overlay.form),
            (purpose, Some(view)) => {
                let result = consultation::forms::submit(view, &mut self.store, purpose, &overlay.form);
                if let (Ok(_), Purpose::StartMeeting { .. }) = (&result, purpose)
                    && let Some(m) = &view.meeting
                {
                    self.settled_meetings.insert(m.id.clone());
                }
                result.map(Outcome::Status)
            }
            (_, None) => Err("this form belongs to a consultation that is no longer open".into()),
        };
        match result {
            Ok(outcome) => {
                self.forget_form_draft(&overlay);
                self.apply(outcome);
            }
            Err(message) => {
                overlay.form.error = Some(message);
                self.form = Some(overlay);
            }
        }
    }

    fn create_consultation(&mut self, form: &Form) -> Result<Outcome, String> {
        let key: ConsultationKey =
            form.value("key").parse().map_err(|e: crate::domain::consultation::InvalidKey| e.to_string())?;
        let id = form.value("questionnaire");
        let questionnaire =
            self.catalog.get(&id).map(|e| e.questionnaire.clone()).ok_or(format!("no questionnaire '{id}'"))?;
        let mut new = NewConsultation {
            key,
            name: form.value("name"),
            team: form.value("team"),
            description: form.value("description"),
            traits: form.toggled("traits"),
        };
        new.validate(&questionnaire).map_err(|e| e.to_string())?;
        self.store.create_consultation(&new, &questionnaire).map_err(|e| e.to_string())?;
        self.reload_list().map_err(|e| e.to_string())?;
        let outcome = self.open_consultation(new.key.as_str());
        Ok(match outcome {
            Outcome::None => Outcome::Status(format!("Opened {}: start a meeting with m", new.key)),
            other => other,
        })
    }
}

fn new_consultation_draft() -> crate::domain::DraftTarget {
    crate::domain::DraftTarget::Form { form: "new-consultation".into() }
}
