//! Drafts: text being typed, autosaved until it is committed to its field.

use std::fmt;
use std::str::FromStr;

use super::{MeetingField, ResponseField};

/// The field a draft belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DraftTarget {
    Response {
        question_id: String,
        field: ResponseField,
    },
    Meeting {
        meeting_id: String,
        field: MeetingField,
    },
    /// A form being filled in; the body holds its fields.
    Form {
        form: FormDraft,
    },
}

/// Which form a draft's fields belong to: enough to build the form again after a crash.
/// Stored as the names chec has always used (`raise-item:PLN-01`, `edit-item:CARE-3`…), so
/// drafts saved by earlier versions still recover; they are parsed here, once, as the
/// storage reads them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FormDraft {
    NewConsultation,
    /// Changing item `key`.
    EditItem {
        key: String,
    },
    RaiseItem {
        question_id: String,
    },
    StartMeeting {
        stage: String,
    },
    Attendees {
        meeting_id: String,
    },
    SignOff {
        stage: String,
    },
    Reopen {
        stage: String,
    },
}

impl FormDraft {
    /// Whether the form belongs to no one consultation (kept as a global draft).
    pub fn is_global(&self) -> bool {
        matches!(self, FormDraft::NewConsultation | FormDraft::EditItem { .. })
    }
}

impl fmt::Display for FormDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormDraft::NewConsultation => write!(f, "new-consultation"),
            FormDraft::EditItem { key } => write!(f, "edit-item:{key}"),
            FormDraft::RaiseItem { question_id } => write!(f, "raise-item:{question_id}"),
            FormDraft::StartMeeting { stage } => write!(f, "start-meeting:{stage}"),
            FormDraft::Attendees { meeting_id } => write!(f, "attendees:{meeting_id}"),
            FormDraft::SignOff { stage } => write!(f, "sign-off:{stage}"),
            FormDraft::Reopen { stage } => write!(f, "reopen:{stage}"),
        }
    }
}

impl FromStr for FormDraft {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "new-consultation" {
            return Ok(FormDraft::NewConsultation);
        }
        let (kind, arg) = s.split_once(':').ok_or_else(|| format!("unknown form '{s}'"))?;
        let arg = arg.to_string();
        Ok(match kind {
            "edit-item" => FormDraft::EditItem { key: arg },
            "raise-item" => FormDraft::RaiseItem { question_id: arg },
            "start-meeting" => FormDraft::StartMeeting { stage: arg },
            "attendees" => FormDraft::Attendees { meeting_id: arg },
            "sign-off" => FormDraft::SignOff { stage: arg },
            "reopen" => FormDraft::Reopen { stage: arg },
            _ => return Err(format!("unknown form '{s}'")),
        })
    }
}

impl fmt::Display for DraftTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftTarget::Response { question_id, field } => {
                write!(f, "response:{field}:{question_id}")
            }
            DraftTarget::Meeting { meeting_id, field } => write!(f, "meeting:{field}:{meeting_id}"),
            DraftTarget::Form { form } => write!(f, "form:{form}"),
        }
    }
}

impl FromStr for DraftTarget {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(form) = s.strip_prefix("form:") {
            return Ok(DraftTarget::Form { form: form.parse()? });
        }
        let mut parts = s.splitn(3, ':');
        let (kind, field, id) = (parts.next(), parts.next(), parts.next());
        match (kind, field, id) {
            (Some("response"), Some(field), Some(id)) => Ok(DraftTarget::Response {
                question_id: id.to_string(),
                field: field.parse().map_err(|e| format!("{e}"))?,
            }),
            (Some("meeting"), Some(field), Some(id)) => Ok(DraftTarget::Meeting {
                meeting_id: id.to_string(),
                field: field.parse().map_err(|e| format!("{e}"))?,
            }),
            _ => Err(format!("unknown draft target '{s}'")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_through_text() {
        for t in [
            DraftTarget::Response { question_id: "PLN-01".into(), field: ResponseField::Answer },
            DraftTarget::Meeting { meeting_id: "0199-ab:cd".into(), field: MeetingField::NextSteps },
            DraftTarget::Form { form: FormDraft::RaiseItem { question_id: "PLN-01".into() } },
            DraftTarget::Form { form: FormDraft::EditItem { key: "CARE-3".into() } },
            DraftTarget::Form { form: FormDraft::NewConsultation },
            DraftTarget::Form { form: FormDraft::Attendees { meeting_id: "0199-ab:cd".into() } },
        ] {
            assert_eq!(t.to_string().parse::<DraftTarget>(), Ok(t));
        }
        assert!("other:x:y".parse::<DraftTarget>().is_err());
        assert!("form:something-else:x".parse::<DraftTarget>().is_err());
    }

    #[test]
    fn form_names_stored_by_earlier_versions_still_recover() {
        // As written by chec before drafts were typed (the `target` column of `drafts`).
        let stored = [
            ("form:new-consultation", FormDraft::NewConsultation),
            ("form:edit-item:CARE-3", FormDraft::EditItem { key: "CARE-3".into() }),
            ("form:raise-item:PLN-01", FormDraft::RaiseItem { question_id: "PLN-01".into() }),
            ("form:start-meeting:planning", FormDraft::StartMeeting { stage: "planning".into() }),
            ("form:attendees:0199-ab", FormDraft::Attendees { meeting_id: "0199-ab".into() }),
            ("form:sign-off:data", FormDraft::SignOff { stage: "data".into() }),
            ("form:reopen:data", FormDraft::Reopen { stage: "data".into() }),
        ];
        for (text, form) in stored {
            assert_eq!(text.parse::<DraftTarget>(), Ok(DraftTarget::Form { form }), "{text}");
        }
    }
}
