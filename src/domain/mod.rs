//! The consultation's own concepts and rules. Nothing here knows about terminals or SQL.

pub mod answer;
pub mod condition;
pub mod consultation;
pub mod draft;
pub mod edit;
pub mod event;
pub mod item;
pub mod localized;
pub mod meeting;
pub mod questionnaire;
pub mod replay;
pub mod response;
pub mod scoring;
pub mod sign_off;
pub mod team;

pub use answer::{Answer, AnswerError, AnswerKind, Choice, NumberRange, Scale};
pub use condition::{Condition, Test};
pub use consultation::{
    Consultation, ConsultationKey, ConsultationStatus, Decision, ItemDecision, NewConsultation, SignOff,
    SignOffDecision, SignOffError, SignOffRound, StageState, StageStatus, TraitChange,
};
pub use draft::{DraftTarget, FormDraft};
pub use edit::{Conflict, EditCheck, Saved, TextEdit};
pub use event::{Change, Event, ItemField, TextTarget};
pub use item::{
    FieldConflict, Item, ItemChange, ItemError, ItemQuery, ItemRef, ItemSort, ItemStatus, ItemUpdate, NewItem,
    Priority, Risk, RiskResponse, RiskSource, StatusFilter,
};
pub use localized::Text;
pub use meeting::{Attendee, Meeting, MeetingField, NewMeeting};
pub use questionnaire::{Guidance, Principle, Question, QuestionRef, Questionnaire, Section, Stage, Trait};
pub use response::{Assessment, Response, ResponseChange, ResponseField};
pub use scoring::{Explained, Level, Reason, Requirements, ScoreGroup, Scoring, Standing};
pub use sign_off::{SignOffWarning, StageMove, StageRef};
pub use team::{Role, Team};

/// An enum whose values are stored and typed as short kebab-case words.
///
/// Generates `ALL`, `as_str`, `label`, `Display` and `FromStr` (accepting the word, the
/// label, any case, `_` for `-`), so that the database, the command line and the screens
/// agree on one spelling.
macro_rules! word_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => ($word:literal, $label:literal) ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stored and typed form.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $word ),+ }
            }

            /// The form shown to people.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label ),+ }
            }

            /// The accepted words, for error messages.
            pub fn words() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::UnknownWord;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                // The word as stored is the common case (every row read): no copy for it.
                if let Some(v) = Self::ALL.iter().copied().find(|v| v.as_str() == s) {
                    return Ok(v);
                }
                let wanted = s.trim().to_lowercase().replace('_', "-");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted || v.label().to_lowercase() == wanted)
                    .ok_or_else(|| $crate::domain::UnknownWord {
                        kind: stringify!($name),
                        given: s.to_string(),
                        expected: Self::words(),
                    })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use word_enum;

/// A word that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {} '{given}' (expected one of: {expected})", in_words(kind))]
pub struct UnknownWord {
    /// The type's name (`ItemStatus`), said in words (`item status`) in the message.
    pub kind: &'static str,
    pub given: String,
    pub expected: String,
}

/// `ItemStatus` as a person says it: `item status`.
fn in_words(type_name: &str) -> String {
    let mut words = String::new();
    for c in type_name.chars() {
        if c.is_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_words_are_named_in_words_not_type_names() {
        let e = "done".parse::<super::ItemStatus>().unwrap_err().to_string();
        assert!(e.starts_with("unknown item status 'done' (expected one of: open, "), "{e}");
    }
}
