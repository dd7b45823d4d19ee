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

/// One change to a field of a question's response, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub question: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The questions that `changes` (oldest first) left different: for some field, the value
/// before the first change is not the value after the last. A question touched and put
/// back as it was (an assessment set and reset, an answer typed and erased) did not change.
/// In the order first touched.
pub fn changed_questions(changes: &[FieldChange]) -> Vec<String> {
    /// A field of a question: its value before the first change and after the last.
    struct Span<'a> {
        question: &'a str,
        field: &'a str,
        before: &'a str,
        after: &'a str,
    }
    let mut spans: Vec<Span<'_>> = Vec::new();
    for c in changes {
        match spans.iter_mut().find(|s| s.question == c.question && s.field == c.field) {
            Some(span) => span.after = &c.new,
            None => spans.push(Span { question: &c.question, field: &c.field, before: &c.old, after: &c.new }),
        }
    }
    let mut questions: Vec<String> = Vec::new();
    for span in spans {
        if span.before != span.after && !questions.iter().any(|q| q == span.question) {
            questions.push(span.question.to_string());
        }
    }
    questions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(question: &str, field: &str, old: &str, new: &str) -> FieldChange {
        FieldChange { question: question.into(), field: field.into(), old: old.into(), new: new.into() }
    }

    #[test]
    fn a_question_changed_and_put_back_did_not_change() {
        let changes = [
            change("A", "assessment", "not-discussed", "satisfied"),
            change("B", "answer", "", "예"),
            change("A", "assessment", "satisfied", "not-discussed"),
            change("C", "answer", "old", "new"),
            change("C", "notes", "", "메모"),
            change("C", "notes", "메모", ""),
            change("B", "answer", "예", "예, 그리고"),
        ];
        assert_eq!(changed_questions(&changes), ["B", "C"]);
    }

    #[test]
    fn a_question_changed_back_to_an_earlier_answer_from_another_meeting_did_not_change() {
        let changes = [change("A", "answer", "지난번", "새로"), change("A", "answer", "새로", "지난번")];
        assert!(changed_questions(&changes).is_empty());
    }
}
