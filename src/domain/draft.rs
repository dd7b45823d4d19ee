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
    /// A form being filled in (e.g. `raise-item:PLN-01`); the body holds its fields.
    Form {
        form: String,
    },
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
            return Ok(DraftTarget::Form { form: form.to_string() });
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
            DraftTarget::Form { form: "raise-item:PLN-01".into() },
        ] {
            assert_eq!(t.to_string().parse::<DraftTarget>(), Ok(t));
        }
        assert!("other:x:y".parse::<DraftTarget>().is_err());
    }
}
