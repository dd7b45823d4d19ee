//! What the answer to a yes/no question does.

use super::{App, Confirm, ConfirmAction, FormOverlay, FormRequest, Purpose, Status};

impl App {
    pub(super) fn run_confirmed(&mut self, action: ConfirmAction) {
        let action_kind = action.clone();
        match action {
            ConfirmAction::Nothing => {}
            ConfirmAction::DiscardForm => self.close_form(),
            ConfirmAction::SubmitForm => {
                if let Some(overlay) = &mut self.form {
                    overlay.checked = true;
                }
                self.submit_form();
            }
            ConfirmAction::Quit => {
                self.close_form();
                self.request_quit();
            }
            ConfirmAction::ResumeMeeting(id) => {
                if let Err(e) = self.store.adopt_meeting(&id) {
                    self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e)));
                }
                self.settled_meetings.insert(id);
                if let Some(view) = &mut self.view {
                    view.meeting_open = true;
                }
                self.set_status(Status::Info(crate::tr!(self.ui_lang(), "status-meeting-resumed")));
            }
            ConfirmAction::EndMeeting(id) | ConfirmAction::EndLeftOpenMeeting(id) => {
                self.settled_meetings.insert(id.clone());
                let ended = match &action_kind {
                    ConfirmAction::EndLeftOpenMeeting(_) => self.store.end_meeting_at_last_activity(&id),
                    _ => self.store.end_meeting(&id),
                };
                let result = ended.and_then(|()| match &mut self.view {
                    Some(view) => view.reload(&self.store),
                    None => Ok(()),
                });
                match result {
                    Ok(()) => {
                        self.set_status(Status::Info(crate::i18n::t(self.ui_lang(), "status-meeting-ended")));
                        let seq = self.store.meeting(&id).ok().flatten().map(|m| m.seq);
                        if let Some(seq) = seq {
                            self.confirm = Some(Confirm {
                                message: crate::tr!(self.ui_lang(), "confirm-export-minutes", n = seq),
                                yes: ConfirmAction::ExportMinutes(seq),
                                no: ConfirmAction::Nothing,
                            });
                        }
                    }
                    Err(e) => {
                        let error = crate::messages::error(self.ui_lang(), &e);
                        self.set_status(Status::Error(crate::tr!(
                            self.ui_lang(),
                            "status-meeting-not-ended",
                            error = error
                        )))
                    }
                }
            }
            ConfirmAction::SignOff { stage, acknowledged } => {
                if self.view.as_deref().is_some_and(|v| v.selected_stage().is_some_and(|s| s.stage == stage)) {
                    self.open_form(FormRequest::SignOff { acknowledged });
                }
            }
            ConfirmAction::SubmitSignOff(confirmed) => {
                if let Some(FormOverlay { purpose: Purpose::SignOff { acknowledged, .. }, .. }) = &mut self.form {
                    *acknowledged = confirmed;
                    self.submit_form();
                }
            }
            ConfirmAction::ExportMinutes(seq) => {
                if self.view.is_some() {
                    self.open_form(FormRequest::Export { minutes_of: Some(seq) });
                }
            }
        }
    }
}
