//! What screens ask of the app: a leaf module both import, so no screen imports the app
//! (as gitui's `queue.rs`). Screens return an [`Outcome`]; the app carries it out.

use crate::domain::Item;
use crate::domain::SignOffWarning;

/// What a screen asks the app to do after an action.
pub enum Outcome {
    None,
    Back,
    Status(String),
    Error(String),
    /// Open a form (built by `tui::forms`).
    OpenForm(FormRequest),
    /// A yes/no question: message, what yes does, what no does.
    Confirm(String, ConfirmAction, ConfirmAction),
}

/// A form a screen asks for; `tui::forms` builds it from the open consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormRequest {
    NewConsultation,
    /// Change this item, as the list showed it.
    EditItem(Box<Item>),
    RaiseItem {
        question_id: String,
    },
    /// At the consultation's current stage.
    StartMeeting,
    /// Of the running meeting, or else of the last one.
    Attendees,
    /// Sign off the chosen stage, these warnings confirmed.
    SignOff {
        acknowledged: Vec<SignOffWarning>,
    },
    /// Reopen the chosen stage.
    Reopen,
    /// Change the service's traits.
    Traits,
    /// `minutes_of` preselects a meeting's minutes.
    Export {
        minutes_of: Option<i64>,
    },
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
    /// Change the service's traits.
    Traits,
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
