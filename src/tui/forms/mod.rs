//! Every form, in one place: opening it (building what it asks), editing it, autosaving it
//! as a typed draft ([`FormDraft`]), submitting it (doing what it asks, through storage),
//! and reopening one a killed session left unfinished.
//!
//! Screens ask for a form with [`Outcome::OpenForm`]; the app holds the open one
//! ([`FormOverlay`]) and hands each step the store, the catalogue and the open consultation
//! ([`Parts`]). This module imports neither the app nor the screens' state beyond the
//! consultation view it fills forms from.

pub mod consultation;
pub mod export;
pub mod item;
pub mod new_consultation;
pub mod traits;

use std::time::Instant;

use crate::catalog::Catalog;
use crate::domain::{DraftTarget, FormDraft};
use crate::i18n::Lang;
use crate::storage::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::outcome::{ConfirmAction, FormRequest, Outcome, Purpose};
use crate::tui::screens::consultation::ConsultationView;
use crate::tui::widgets::form::{Form, FormOutcome};

/// What a form step needs from the app.
pub struct Parts<'a> {
    pub store: &'a mut Store,
    pub catalog: &'a Catalog,
    /// The open consultation, if any (consultation forms belong to it).
    pub view: Option<&'a mut ConsultationView>,
    /// The interface's language: the forms' own words.
    pub lang: Lang,
}

/// The open form, with what it is for and how far it was saved.
pub struct FormOverlay {
    pub form: Form,
    pub purpose: Purpose,
    /// The fields as last autosaved, and when; `None` until the first autosave.
    saved: Option<(String, Instant)>,
    opened: Instant,
    /// The person has seen what submitting will do (e.g. the attendees as parsed).
    pub checked: bool,
    /// How many notes the form opened with, before those that follow its choices.
    fixed_notes: Option<usize>,
}

impl FormOverlay {
    pub fn new(form: Form, purpose: Purpose) -> FormOverlay {
        FormOverlay { form, purpose, saved: None, opened: Instant::now(), checked: false, fixed_notes: None }
    }
}

/// A form built, or why not (`Outcome::None`: nothing to say).
pub type Built = Result<(Form, Purpose), Outcome>;

/// What an edit step asks of the app.
pub enum Step {
    Stay,
    /// Close the form (nothing was typed).
    Close,
    /// Ask before discarding what was typed.
    AskDiscard,
    Submit,
}

/// What submitting did.
pub enum Submitted {
    /// Done; the form closes and its draft goes.
    Done(Done),
    /// Ask first; yes submits again, confirmed.
    Ask(String, ConfirmAction),
    /// The form stays open with this error.
    Refused(String),
}

/// What the app does after a submitted form.
pub enum Done {
    Status(String),
    /// A consultation was created: open it.
    Created(String),
    /// A meeting was started (its id): not to be offered for resumption.
    MeetingStarted(String, String),
    /// An item changed: lists showing it reload.
    ItemChanged(String),
}

/// The draft a form is autosaved under; `None` for forms with nothing worth keeping (the
/// export form only proposes a file name).
pub fn draft_of(purpose: &Purpose) -> Option<FormDraft> {
    Some(match purpose {
        Purpose::NewConsultation => FormDraft::NewConsultation,
        Purpose::EditItem { key, .. } => FormDraft::EditItem { key: key.clone() },
        Purpose::RaiseItem { question_id, .. } => FormDraft::RaiseItem { question_id: question_id.clone() },
        Purpose::StartMeeting { stage } => FormDraft::StartMeeting { stage: stage.clone() },
        Purpose::EditAttendees { meeting_id, .. } => FormDraft::Attendees { meeting_id: meeting_id.clone() },
        Purpose::SignOff { stage, .. } => FormDraft::SignOff { stage: stage.clone() },
        Purpose::Reopen { stage } => FormDraft::Reopen { stage: stage.clone() },
        // Toggles only: nothing typed to keep.
        Purpose::Export | Purpose::Traits => return None,
    })
}

/// Build the form a screen asked for.
pub fn open(request: FormRequest, parts: &mut Parts<'_>) -> Built {
    let lang = parts.lang;
    build(request, parts).map(|(mut form, purpose)| {
        form.lang = lang;
        (form, purpose)
    })
}

/// The form a screen asked for, its words as its builder chose them.
fn build(request: FormRequest, parts: &mut Parts<'_>) -> Built {
    let store = &*parts.store;
    match (request, parts.view.as_deref_mut()) {
        (FormRequest::NewConsultation, _) => Ok(new_consultation::form(parts.catalog, parts.lang)),
        (FormRequest::EditItem(item), _) => Ok(item::form(&item, parts.lang)),
        (FormRequest::RaiseItem { question_id }, Some(view)) => consultation::raise_item(view, &question_id),
        (FormRequest::StartMeeting, Some(view)) => consultation::start_meeting(view, store),
        (FormRequest::Attendees, Some(view)) => consultation::edit_attendees(view, store),
        (FormRequest::SignOff { acknowledged }, Some(view)) => consultation::sign_off(view, store, acknowledged),
        (FormRequest::Reopen, Some(view)) => consultation::reopen(view),
        (FormRequest::Traits, Some(view)) => traits::form(view, store),
        (FormRequest::Export { minutes_of }, Some(view)) => Ok(export::form(view, store, minutes_of)),
        (_, None) => Err(Outcome::Error(crate::tr!(parts.lang, "form-consultation-closed"))),
    }
}

/// Build again the form a draft belongs to, ready to be filled from it.
fn rebuild(draft: &FormDraft, parts: &mut Parts<'_>) -> Built {
    let request = match draft {
        FormDraft::NewConsultation => FormRequest::NewConsultation,
        FormDraft::EditItem { key } => match parts.store.item(key) {
            Ok(Some(item)) => FormRequest::EditItem(Box::new(item)),
            _ => return Err(Outcome::None),
        },
        FormDraft::RaiseItem { question_id } => FormRequest::RaiseItem { question_id: question_id.clone() },
        FormDraft::StartMeeting { .. } => FormRequest::StartMeeting,
        FormDraft::Attendees { .. } => FormRequest::Attendees,
        FormDraft::SignOff { stage } | FormDraft::Reopen { stage } => {
            // The stage the form was for is chosen again first.
            let view = parts.view.as_deref_mut().ok_or(Outcome::None)?;
            let i = view.stages.iter().position(|s| s.stage == *stage).ok_or(Outcome::None)?;
            let lang = parts.lang;
            view.show_stage(i, parts.store).map_err(|e| Outcome::Error(crate::messages::error(lang, &e)))?;
            match draft {
                FormDraft::SignOff { .. } => FormRequest::SignOff { acknowledged: Vec::new() },
                _ => FormRequest::Reopen,
            }
        }
    };
    open(request, parts)
}

/// Reopen the last form a killed session left unfinished: the consultation's (with
/// `Some`), or one that belongs to no consultation. A draft whose form cannot be built again
/// (its item or stage is gone) is dropped. The one path for every form.
pub fn recover(parts: &mut Parts<'_>, in_consultation: bool) -> Result<Option<FormOverlay>, StoreError> {
    let consultation = match (&parts.view, in_consultation) {
        (Some(view), true) => Some(view.consultation.clone()),
        (None, true) => return Ok(None),
        _ => None,
    };
    let Some((draft, body)) = parts.store.form_drafts(consultation.as_ref())?.into_iter().next_back() else {
        return Ok(None);
    };
    match rebuild(&draft, parts) {
        Ok((mut form, purpose)) => {
            form.restore_json(&body);
            // Fields that follow another (the traits of the chosen questionnaire) follow
            // the restored one, then take their restored values.
            if purpose == Purpose::NewConsultation {
                new_consultation::follow_questionnaire(&mut form, parts.catalog, parts.lang);
                form.restore_json(&body);
            }
            let mut overlay = FormOverlay::new(form, purpose);
            overlay.saved = Some((overlay.form.to_json(), Instant::now()));
            Ok(Some(overlay))
        }
        Err(_) => {
            discard(parts, &draft)?;
            Ok(None)
        }
    }
}

fn discard(parts: &mut Parts<'_>, draft: &FormDraft) -> Result<(), StoreError> {
    let target = DraftTarget::Form { form: draft.clone() };
    match (draft.is_global(), &parts.view) {
        (true, _) => parts.store.discard_global_draft(&target),
        (false, Some(view)) => parts.store.discard_draft(&view.consultation, &target),
        (false, None) => Ok(()),
    }
}

/// One key in the form; fields that follow another are kept in step.
pub fn edit(overlay: &mut FormOverlay, action: &Action, parts: &mut Parts<'_>) -> Step {
    let questionnaire_before = overlay.form.value("questionnaire");
    let what_before = overlay.form.value("what");
    match overlay.form.handle(action) {
        FormOutcome::Stay => {
            match (&overlay.purpose, parts.view.as_deref()) {
                (Purpose::Export, Some(view)) if overlay.form.value("what") != what_before => {
                    export::follow_choice(&mut overlay.form, view, parts.store, &what_before)
                }
                (Purpose::NewConsultation, _) if overlay.form.value("questionnaire") != questionnaire_before => {
                    new_consultation::follow_questionnaire(&mut overlay.form, parts.catalog, parts.lang)
                }
                (Purpose::RaiseItem { .. }, _) => {
                    let today = parts.store.clock().today();
                    let preview = consultation::item_preview(&overlay.form, today, parts.lang);
                    let keep = *overlay.fixed_notes.get_or_insert(overlay.form.notes.len());
                    overlay.form.set_live_notes(keep, preview);
                }
                _ => {}
            }
            Step::Stay
        }
        FormOutcome::Cancel => Step::Close,
        FormOutcome::ConfirmCancel => Step::AskDiscard,
        FormOutcome::Submit => Step::Submit,
    }
}

/// Save the form's fields as a draft: now (`force`), or if they changed and the autosave
/// interval for their length has passed.
pub fn autosave(overlay: &mut FormOverlay, parts: &mut Parts<'_>, now: Instant, force: bool) -> Result<(), StoreError> {
    use crate::tui::widgets::editor::{AUTOSAVE_AFTER, autosave_interval};
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
    let Some(draft) = draft_of(&overlay.purpose) else { return Ok(()) };
    let global = draft.is_global();
    let target = DraftTarget::Form { form: draft };
    match (global, &parts.view) {
        (true, _) => parts.store.save_global_draft(&target, &json)?,
        (false, Some(view)) => parts.store.save_draft(&view.consultation, &target, &json)?,
        (false, None) => return Ok(()),
    }
    overlay.saved = Some((json, now));
    Ok(())
}

/// Forget the form's draft: it was submitted or discarded.
pub fn forget(overlay: &FormOverlay, parts: &mut Parts<'_>) -> Result<(), StoreError> {
    match (&overlay.saved, draft_of(&overlay.purpose)) {
        (Some(_), Some(draft)) => discard(parts, &draft),
        _ => Ok(()),
    }
}

/// Submit the form: ask first what needs confirming, then do what it asks.
pub fn submit(overlay: &mut FormOverlay, parts: &mut Parts<'_>) -> Submitted {
    if let Some((question, yes)) =
        parts.view.as_deref().and_then(|view| consultation::to_confirm(view, parts.store, overlay))
    {
        return Submitted::Ask(question, yes);
    }
    let result = match (&mut overlay.purpose, parts.view.as_deref_mut()) {
        (Purpose::NewConsultation, _) => {
            new_consultation::create(&overlay.form, parts.store, parts.catalog, parts.lang).map(Done::Created)
        }
        (Purpose::EditItem { key, started_from }, view) => {
            let key = key.clone();
            item::submit(&key, started_from, &overlay.form, parts.store, view.as_deref(), parts.lang)
                .map(Done::ItemChanged)
        }
        (Purpose::Export, Some(view)) => export::submit(view, parts.store, &overlay.form).map(Done::Status),
        (Purpose::Traits, Some(view)) => traits::submit(view, parts.store, &overlay.form).map(Done::Status),
        (purpose, Some(view)) => {
            let started = matches!(purpose, Purpose::StartMeeting { .. });
            consultation::submit(view, parts.store, purpose, &overlay.form).map(|message| match &view.meeting {
                Some(m) if started => Done::MeetingStarted(m.id.clone(), message),
                _ => Done::Status(message),
            })
        }
        (_, None) => Err(crate::tr!(parts.lang, "form-consultation-closed")),
    };
    match result {
        Ok(done) => Submitted::Done(done),
        Err(message) => Submitted::Refused(message),
    }
}
