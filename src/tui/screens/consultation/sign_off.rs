//! `S`: before the sign-off form opens, what the consultant must confirm.

use super::ConsultationView;
use crate::domain::SignOffError;
use crate::storage::{Store, StoreError};
use crate::tui::outcome::{ConfirmAction, FormRequest, Outcome};

/// `S`: sign off the chosen stage. Out of order or with questions unassessed, ask first.
pub(super) fn ask(view: &ConsultationView, store: &Store) -> Result<Outcome, StoreError> {
    let Some(stage) = view.selected_stage() else {
        return Ok(Outcome::None);
    };
    match store.sign_off_warnings(&view.consultation, &stage.stage) {
        Err(StoreError::SignOff(SignOffError::AlreadySignedOff(name))) => {
            let key =
                crate::tui::keys::key_for(crate::tui::keys::Scope::Consultation, &crate::tui::action::Action::Reopen);
            let stage = view.shown_stage_name(&name);
            Ok(Outcome::Error(crate::tr!(view.ui(), "form-already-signed-off", stage = stage, key = key)))
        }
        Err(e) => Err(e),
        Ok(warnings) if warnings.is_empty() => Ok(Outcome::OpenForm(FormRequest::SignOff { acknowledged: warnings })),
        Ok(warnings) => Ok(Outcome::Confirm(
            crate::messages::sign_off_question(view.ui(), &warnings, &|n| view.shown_stage_name(n)),
            ConfirmAction::SignOff { stage: stage.stage.clone(), acknowledged: warnings },
            ConfirmAction::Nothing,
        )),
    }
}
