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
        let lang = self.ui_lang();
        let Some(overlay) = &mut self.form else {
            return;
        };
        let before = overlay.form.value("questionnaire");
        let what_before = overlay.form.value("what");
        match overlay.form.handle(action) {
            FormOutcome::Stay if overlay.purpose == Purpose::Export && overlay.form.value("what") != what_before => {
                // The proposed file name follows the choice, unless it was typed over.
                if let Some(view) = &self.view {
                    let choices = consultation::forms::export_choices(view, &self.store);
                    let name_for = |what: &str| choices.iter().find(|c| c.0 == what).map(|c| c.2.clone());
                    if name_for(&what_before).is_some_and(|old| old == overlay.form.value("path"))
                        && let Some(new) = name_for(&overlay.form.value("what"))
                    {
                        overlay.form.set_text("path", &new);
                    }
                }
            }
            FormOutcome::Stay => {
                if overlay.purpose == Purpose::NewConsultation && overlay.form.value("questionnaire") != before {
                    let options = list::trait_options(&self.catalog, &overlay.form.value("questionnaire"), lang);
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
            (Purpose::NewConsultation | Purpose::EditItem { .. }, _, _) => {
                self.store.discard_global_draft(&global_draft(&overlay.purpose))
            }
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
    /// Reopen a form that belongs to no consultation (a new consultation, an item being
    /// changed) that a killed session left unfinished.
    pub(super) fn reopen_global_form(&mut self) -> Result<(), StoreError> {
        let Some((name, body)) = self.store.form_drafts(None)?.into_iter().next_back() else { return Ok(()) };
        let rebuilt = if let Some(key) = name.strip_prefix("edit-item:") {
            match self.store.item(key)? {
                Some(item) => match crate::tui::screens::items::edit_item_form(&item) {
                    Outcome::Form(form, purpose) => Some((form, purpose)),
                    _ => None,
                },
                None => None,
            }
        } else if name == "new-consultation" {
            let mut form = list::new_consultation_form(&self.catalog, self.ui_lang());
            form.restore_json(&body);
            // Its trait options follow the restored questionnaire.
            let options = list::trait_options(&self.catalog, &form.value("questionnaire"), self.ui_lang());
            if let Some(field) = form.field_mut("traits") {
                field.kind = FieldKind::Toggles { on: vec![false; options.len()], options, cursor: 0 };
            }
            Some((form, Purpose::NewConsultation))
        } else {
            None
        };
        let target = crate::domain::DraftTarget::Form { form: name };
        if let Some((mut form, purpose)) = rebuilt {
            form.restore_json(&body);
            form.lang = self.ui_lang();
            let mut overlay = FormOverlay::new(form, purpose);
            overlay.saved = Some((overlay.form.to_json(), Instant::now()));
            self.form = Some(overlay);
            self.status = Some(Status::Info("Recovered an unfinished form; submit it or Esc to discard".into()));
        } else {
            self.store.discard_global_draft(&target)?;
        }
        Ok(())
    }

    /// Change an item from the edit form.
    /// Change an item from its form. Only fields changed in the form are sent, each only
    /// over the value the form started from: if someone changed one meanwhile, nothing is
    /// saved, the form says what is there now, and submitting again saves over it.
    fn edit_item(
        &mut self,
        key: &str,
        started_from: &mut Box<crate::domain::Item>,
        form: &Form,
    ) -> Result<Outcome, String> {
        let item = self.store.item(key).map_err(|e| e.to_string())?.ok_or(format!("no item {key}"))?;
        // Only what was changed in the form is sent, so a change made meanwhile elsewhere
        // (the CLI, another chec) to a field left alone here is kept.
        let changed = |name: &str| form.field_changed(name);
        let due = if changed("due") {
            match form.value("due") {
                d if d.is_empty() => Some(None),
                d => Some(Some(crate::domain::item::parse_due(&d).map_err(|e| e.to_string())?)),
            }
        } else {
            None
        };
        let note = form.value("note");
        let update = crate::domain::ItemUpdate {
            status: if changed("status") { form.value("status").parse().ok() } else { None },
            owner: changed("owner").then(|| form.value("owner")),
            due,
            priority: if changed("priority") { form.value("priority").parse().ok() } else { None },
            note: (!note.is_empty()).then_some(note),
            started_from: Some(started_from.clone()),
            ..Default::default()
        };
        if update.is_empty() {
            return Ok(Outcome::Status(format!("{}: nothing changed", item.key)));
        }
        // Linked to the running meeting only if it is this item's consultation's.
        let meeting = self
            .view
            .as_ref()
            .filter(|v| v.consultation.key == item.consultation)
            .and_then(|v| v.meeting.as_ref().map(|m| m.id.clone()));
        let updated = match self.store.update_item(key, &update, meeting.as_deref()) {
            Ok(updated) => updated,
            Err(e @ StoreError::ItemConflict { .. }) => {
                // Seen now: submitting again means "mine over theirs".
                **started_from = item;
                return Err(format!("{e}. Ctrl-S saves yours over it; Esc keeps theirs"));
            }
            Err(e) => return Err(e.to_string()),
        };
        let height = self.items_height();
        let patience = self.keystroke_patience();
        self.items.reload(&self.store, height, &patience).map_err(|e| e.to_string())?;
        if let Some(view) = &mut self.view {
            view.reload(&self.store).map_err(|e| e.to_string())?;
        }
        Ok(Outcome::Status(format!("{}: {} · {}", updated.key, updated.status.label(), updated.priority.label())))
    }

    /// Save the open form's fields as a draft: now (`force`), or if they changed and the
    /// autosave interval for their length has passed.
    pub(super) fn autosave_form(&mut self, now: Instant, force: bool) -> Result<(), StoreError> {
        use crate::tui::widgets::editor::{AUTOSAVE_AFTER, autosave_interval};
        let Some(overlay) = &mut self.form else { return Ok(()) };
        let since = overlay.saved.as_ref().map_or(overlay.opened, |(_, at)| *at);
        let waited = now.duration_since(since);
        if !force && waited < AUTOSAVE_AFTER {
            return Ok(());
        }
        let json = overlay.form.to_json();
        let changed = overlay.saved.as_ref().map_or(overlay.form.is_changed(), |(saved, _)| *saved != json);
        if !changed || !(force || waited >= autosave_interval(json.len())) {
            return Ok(());
        }
        match (&overlay.purpose, &self.view, consultation::forms::draft_name(&overlay.purpose)) {
            (Purpose::NewConsultation | Purpose::EditItem { .. }, _, _) => {
                self.store.save_global_draft(&global_draft(&overlay.purpose), &json)?
            }
            (_, Some(view), Some(form)) => {
                self.store.save_draft(&view.consultation, &crate::domain::DraftTarget::Form { form }, &json)?
            }
            _ => return Ok(()),
        }
        overlay.saved = Some((json, now));
        Ok(())
    }

    pub(super) fn submit_form(&mut self) {
        let lang = self.ui_lang();
        let Some(mut overlay) = self.form.take() else {
            return;
        };
        // Required questions left unanswered: asked first; the sign-off records them.
        if let (Purpose::SignOff { stage, .. }, Some(view)) = (&overlay.purpose, &self.view)
            && !overlay.checked
        {
            let missing = view.questionnaire.unanswered_required(&view.standing, &view.responses, stage);
            if !missing.is_empty() {
                let ids = crate::text::sanitize_line(&missing.join(", ")).into_owned();
                let message = crate::tr!(lang, "confirm-sign-off-unanswered", n = missing.len(), ids = ids);
                self.form = Some(overlay);
                self.confirm = Some(Confirm { message, yes: ConfirmAction::SubmitForm, no: ConfirmAction::Nothing });
                return;
            }
        }
        // A meeting's attendees are shown as understood before the meeting starts.
        if let Purpose::StartMeeting { .. } = overlay.purpose
            && !overlay.checked
        {
            let attendees = crate::domain::meeting::parse_attendees(&overlay.form.value("attendees"));
            let message = if attendees.is_empty() {
                crate::i18n::t(lang, "confirm-start-no-attendees")
            } else {
                let names =
                    crate::text::sanitize_line(&crate::domain::meeting::describe_attendees(&attendees)).into_owned();
                crate::tr!(lang, "confirm-start-attendees", n = attendees.len(), names = names)
            };
            self.form = Some(overlay);
            self.confirm = Some(Confirm { message, yes: ConfirmAction::SubmitForm, no: ConfirmAction::Nothing });
            return;
        }
        // A sign-off asks first about what the consultant has not confirmed yet.
        if let Some((question, warnings)) = self
            .view
            .as_deref()
            .and_then(|v| consultation::forms::sign_off_to_confirm(v, &self.store, &overlay.purpose))
        {
            self.form = Some(overlay);
            let yes = ConfirmAction::SubmitSignOff(warnings);
            self.confirm = Some(Confirm { message: question, yes, no: ConfirmAction::Nothing });
            return;
        }
        let result = match (&mut overlay.purpose, &mut self.view) {
            (Purpose::NewConsultation, _) => self.create_consultation(&overlay.form),
            (Purpose::EditItem { key, started_from }, _) => {
                let key = key.clone();
                self.edit_item(&key, started_from, &overlay.form)
            }
            (Purpose::Export, Some(view)) => {
                consultation::forms::submit_export(view, &self.store, &overlay.form).map(Outcome::Status)
            }
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

/// Forms that belong to no one consultation are kept as global drafts.
pub(super) fn global_draft(purpose: &Purpose) -> crate::domain::DraftTarget {
    let form = match purpose {
        Purpose::EditItem { key, .. } => format!("edit-item:{key}"),
        _ => "new-consultation".to_string(),
    };
    crate::domain::DraftTarget::Form { form }
}
