//! The dialogue on one question: the team's answer, the consultant's assessment and notes.

use super::word_enum;

word_enum! {
    /// The consultant's assessment of the team's answer. "Not applicable" is a fine answer.
    #[derive(Default)]
    pub enum Assessment {
        #[default]
        NotDiscussed => ("not-discussed", "not discussed"),
        Satisfied => ("satisfied", "satisfied"),
        NeedsImprovement => ("needs-improvement", "needs improvement"),
        RiskIdentified => ("risk-identified", "risk identified"),
        NotApplicable => ("not-applicable", "not applicable"),
    }
}

impl Assessment {
    /// Whether the question counts as dealt with for progress.
    pub fn is_assessed(self) -> bool {
        self != Assessment::NotDiscussed
    }

    /// A symbol for lists, so the assessment never rests on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Assessment::NotDiscussed => "·",
            Assessment::Satisfied => "✓",
            Assessment::NeedsImprovement => "!",
            Assessment::RiskIdentified => "✗",
            Assessment::NotApplicable => "–",
        }
    }
}

word_enum! {
    /// The free-text fields of a response.
    pub enum ResponseField {
        Answer => ("answer", "team's answer"),
        Notes => ("notes", "consultant's notes"),
    }
}

/// What was recorded on one question.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Response {
    pub question_id: String,
    pub stage: String,
    pub answer: String,
    /// The structured answer of a choice, scale, number or date question, as stored (see
    /// [`crate::domain::answer`]); empty otherwise.
    pub value: String,
    pub assessment: Assessment,
    pub notes: String,
    pub updated_at: String,
}

impl ResponseField {
    /// The label of a stored column name (`answer`, `notes`, `value`, `assessment`).
    pub fn label_of_column(column: &str) -> &'static str {
        match column {
            "answer" => ResponseField::Answer.label(),
            "notes" => ResponseField::Notes.label(),
            "value" => "answer",
            _ => "assessment",
        }
    }
}

impl Response {
    pub fn empty(question_id: &str, stage: &str) -> Response {
        Response {
            question_id: question_id.to_string(),
            stage: stage.to_string(),
            answer: String::new(),
            value: String::new(),
            assessment: Assessment::NotDiscussed,
            notes: String::new(),
            updated_at: String::new(),
        }
    }

    pub fn text(&self, field: ResponseField) -> &str {
        match field {
            ResponseField::Answer => &self.answer,
            ResponseField::Notes => &self.notes,
        }
    }
}

/// One recorded change to a response.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResponseChange {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub meeting_seq: Option<i64>,
    pub changed_by: String,
    pub changed_at: String,
}
