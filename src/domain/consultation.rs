//! A consultation: one AI service followed across its lifecycle.

use std::fmt;
use std::str::FromStr;

use super::word_enum;

/// A consultation's short key, e.g. `CARE`: 2 to 10 characters of A–Z and 0–9.
/// Items are keyed from it (`CARE-3`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsultationKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid consultation key '{0}': use 2 to 10 characters, capital letters A-Z and digits 0-9 (e.g. CARE)")]
pub struct InvalidKey(pub String);

impl ConsultationKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ConsultationKey {
    type Err = InvalidKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = (2..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if ok { Ok(ConsultationKey(s.to_string())) } else { Err(InvalidKey(s.to_string())) }
    }
}

impl fmt::Display for ConsultationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

word_enum! {
    /// Whether the consultation is still being followed.
    pub enum ConsultationStatus {
        Active => ("active", "active"),
        OnHold => ("on-hold", "on hold"),
        Closed => ("closed", "closed"),
    }
}

word_enum! {
    /// Where one stage of a consultation stands.
    pub enum StageState {
        NotStarted => ("not-started", "not started"),
        InProgress => ("in-progress", "in progress"),
        SignedOff => ("signed-off", "signed off"),
    }
}

/// What it takes to open a consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsultation {
    pub key: ConsultationKey,
    pub name: String,
    pub team: String,
    pub description: String,
    pub traits: Vec<String>,
}

/// A consultation as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Consultation {
    pub id: String,
    pub key: String,
    pub name: String,
    pub team: String,
    pub description: String,
    pub traits: Vec<String>,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub current_stage: String,
    pub status: ConsultationStatus,
    pub created_at: String,
    pub updated_at: String,
}

/// One change of a service's traits after its consultation was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitChange {
    /// Who changed them, and when (UTC, RFC 3339).
    pub by: String,
    pub at: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
}

/// `traits` as a consultation keeps them: each once, in the order `declared` lists them;
/// the ones not declared are returned apart.
pub fn ordered_traits(traits: &[String], declared: &[&str]) -> (Vec<String>, Vec<String>) {
    let known = declared.iter().filter(|d| traits.iter().any(|t| t == *d)).map(|d| d.to_string()).collect();
    let mut unknown: Vec<String> = traits.iter().filter(|t| !declared.contains(&t.as_str())).cloned().collect();
    unknown.dedup();
    (known, unknown)
}

/// Why a consultation cannot be opened as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewConsultationError {
    #[error("the name must not be empty")]
    EmptyName,
    #[error("questionnaire '{questionnaire}' has no trait '{given}' (its traits: {known})")]
    UnknownTrait { questionnaire: String, given: String, known: String },
}

impl NewConsultation {
    /// Check the request against the questionnaire it will use; traits are de-duplicated.
    pub fn validate(&mut self, questionnaire: &super::Questionnaire) -> Result<(), NewConsultationError> {
        self.name = crate::text::stored(&self.name);
        self.team = crate::text::stored(&self.team);
        self.description = crate::text::stored(&self.description);
        if self.name.is_empty() {
            return Err(NewConsultationError::EmptyName);
        }
        for t in &self.traits {
            if !questionnaire.has_trait(t) {
                let known = questionnaire.traits.iter().map(|t| t.id.as_str()).collect::<Vec<_>>();
                return Err(NewConsultationError::UnknownTrait {
                    questionnaire: questionnaire.id.clone(),
                    given: t.clone(),
                    known: if known.is_empty() { "none".into() } else { known.join(", ") },
                });
            }
        }
        self.traits.sort();
        self.traits.dedup();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_two_to_ten_capitals_or_digits() {
        for ok in ["CA", "CARE", "A1", "ABCDEFGHIJ", "2026"] {
            assert!(ok.parse::<ConsultationKey>().is_ok(), "{ok}");
        }
        for bad in ["", "C", "care", "CA-RE", "ABCDEFGHIJK", "케어", "CA RE"] {
            assert!(bad.parse::<ConsultationKey>().is_err(), "{bad}");
        }
    }
}

word_enum! {
    /// What a stage sign-off does with an unresolved high or critical item.
    pub enum Decision {
        CarryOver => ("carry-over", "carry over"),
        Accept => ("accept", "accept risk"),
    }
}

/// The consultant's decision on one unresolved high/critical item at sign-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDecision {
    pub item_key: String,
    pub decision: Decision,
    pub reason: String,
}

/// A stage's sign-off.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignOff {
    pub comment: String,
    pub signed_by: String,
    pub signed_at: String,
    pub reopened_at: Option<String>,
    pub reopened_by: Option<String>,
    pub reopen_reason: Option<String>,
    /// Required questions that were unanswered when it was signed off: the exception the
    /// consultant accepted.
    pub unanswered_required: Vec<String>,
}

/// What a sign-off decided about one unresolved high or critical item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignOffDecision {
    /// The item's key, e.g. `CARE-3`, and its title.
    pub item: String,
    pub title: String,
    pub decision: Decision,
    pub reason: String,
}

impl SignOffDecision {
    /// The decision in words, e.g. `carried over: reason` or `risk accepted: reason`.
    /// Raw text: callers clean or escape it for where it goes.
    pub fn summary(&self) -> String {
        let what = match self.decision {
            Decision::CarryOver => "carried over",
            Decision::Accept => "risk accepted",
        };
        if self.reason.is_empty() { what.to_string() } else { format!("{what}: {}", self.reason) }
    }
}

/// One round of a stage's sign-off: the sign-off, its decisions, and its reopening if the
/// stage was reopened after it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignOffRound {
    #[serde(skip)]
    pub stage: String,
    #[serde(flatten)]
    pub sign_off: SignOff,
    /// The number of the meeting it was signed off in.
    pub meeting: Option<i64>,
    pub decisions: Vec<SignOffDecision>,
}

/// One stage of a consultation as the stage rail shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StageStatus {
    pub stage: String,
    pub name: String,
    pub position: i64,
    pub state: StageState,
    /// Questions that apply to the service's traits, and how many are assessed.
    pub questions: i64,
    pub assessed: i64,
    /// The latest sign-off, if the stage was ever signed off.
    pub sign_off: Option<SignOff>,
}

impl StageState {
    /// A symbol for the stage rail, so state never rests on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            StageState::NotStarted => "○",
            StageState::InProgress => "◐",
            StageState::SignedOff => "●",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignOffError {
    #[error("a sign-off needs a comment")]
    EmptyComment,
    #[error("no stage '{0}'")]
    UnknownStage(String),
    #[error("{0} is already signed off")]
    AlreadySignedOff(String),
    #[error("{0} is not signed off")]
    NotSignedOff(String),
    #[error("not signed off: {}; confirm to sign it off anyway", unconfirmed(.0))]
    Unconfirmed(Vec<super::SignOffWarning>),
    #[error("decide on every unresolved high or critical item first: {0}")]
    Undecided(String),
    #[error("accepting the risk of {0} needs a reason")]
    AcceptNeedsReason(String),
    #[error("reopening a stage needs a reason")]
    EmptyReason,
}

fn unconfirmed(warnings: &[super::SignOffWarning]) -> String {
    warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}
