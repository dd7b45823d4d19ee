//! Responses: the team's answer, the assessment and the notes on each question, with the
//! history of every change.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::rows::read_responses;
use super::standing::refresh;
use super::{Result, Store, StoreError, Tx, events};
use crate::domain::{
    Assessment, Change, Conflict, Consultation, DraftTarget, EditCheck, QuestionRef, Response, ResponseChange,
    ResponseField, Saved, TextEdit, TextTarget,
};
use crate::text::{normalize, stored_as_typed};

/// Set one column of a response, recording the change. With `started_from`, the value is
/// written only over that one: if someone else changed the column meanwhile, nothing is
/// written and the outcome is the conflict. `column` is one of the fixed names below, never
/// user input.
#[allow(clippy::too_many_arguments)]
fn change_response(
    tx: &Tx<'_>,
    consultation: &Consultation,
    question: QuestionRef<'_>,
    column: &'static str,
    value: &str,
    started_from: Option<&str>,
    meeting_id: Option<&str>,
    actor: &str,
) -> Result<Saved> {
    debug_assert!(matches!(column, "answer" | "notes" | "assessment" | "value"));
    // A signed-off stage is the record of what was agreed; reopening it comes first.
    let state: Option<String> = tx
        .prepare_cached("SELECT state FROM stage_states WHERE consultation_id = ?1 AND stage = ?2")?
        .query_row(params![consultation.id, question.stage], |r| r.get(0))
        .optional()?;
    if state.as_deref() == Some("signed-off") {
        return Err(StoreError::SignedOff(question.stage.to_string()));
    }
    let at = tx.now();
    let created = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO responses (id, consultation_id, question_id, stage, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )?
        .execute(params![tx.new_id(), consultation.id, question.id, question.stage, at])?
        == 1;
    let (response_id, old): (String, String) = tx
        .prepare_cached(&format!("SELECT id, {column} FROM responses WHERE consultation_id = ?1 AND question_id = ?2"))?
        .query_row(params![consultation.id, question.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let check = match started_from {
        Some(started_from) => TextEdit::new(started_from, value).check(&old),
        None if old == value => EditCheck::Unchanged,
        None => EditCheck::Apply,
    };
    if created && check != EditCheck::Apply {
        // Nothing changes: no empty response is left behind (it would have no event).
        tx.prepare_cached("DELETE FROM responses WHERE id = ?1")?.execute([&response_id])?;
    }
    match check {
        EditCheck::Apply => {}
        EditCheck::Unchanged => return Ok(Saved::Unchanged),
        EditCheck::Conflict => {
            let last: Option<(String, String)> = tx
                .prepare_cached(
                    "SELECT changed_by, changed_at FROM response_history WHERE response_id = ?1 AND field = ?2
                      ORDER BY changed_at DESC, id DESC LIMIT 1",
                )?
                .query_row(params![response_id, column], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            return Ok(Saved::Conflict(Box::new(Conflict {
                field: format!("{} on {}", ResponseField::label_of_column(column), question.id),
                started_from: started_from.unwrap_or_default().to_string(),
                theirs: old,
                mine: value.to_string(),
                by: last.as_ref().map(|l| l.0.clone()),
                at: last.map(|l| l.1),
            })));
        }
    }
    tx.prepare_cached(&format!("UPDATE responses SET {column} = ?1, updated_at = ?2 WHERE id = ?3"))?
        .execute(params![value, at, response_id])?;
    tx.prepare_cached(
        "INSERT INTO response_history (id, response_id, meeting_id, field, old_value, new_value, changed_by,
                                       changed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)",
    )?
    .execute(params![tx.new_id(), response_id, meeting_id, column, old, value, actor, at])?;
    tx.prepare_cached("UPDATE consultations SET updated_at = ?1 WHERE id = ?2")?
        .execute(params![at, consultation.id])?;
    record_response_event(tx, actor, consultation, question, column, (&old, value), started_from, meeting_id)?;
    Ok(Saved::Changed)
}

/// The event of a change to a response: the assessment's, or a text field's with the heads
/// it replaced.
#[allow(clippy::too_many_arguments)]
fn record_response_event(
    tx: &Tx<'_>,
    actor: &str,
    consultation: &Consultation,
    question: QuestionRef<'_>,
    column: &'static str,
    (old, value): (&str, &str),
    started_from: Option<&str>,
    meeting_id: Option<&str>,
) -> Result<()> {
    let meeting = meeting_id.map(str::to_string);
    let (question_id, stage) = (question.id.to_string(), question.stage.to_string());
    if column == "assessment" {
        let change = Change::Assessed {
            question: question_id,
            stage,
            from: old.parse().unwrap_or_default(),
            to: value.parse().unwrap_or_default(),
            meeting,
        };
        events::record(tx, actor, consultation.into(), change)?;
        return Ok(());
    }
    if column == "value" {
        let change = Change::ResponseValue {
            question: question_id,
            stage,
            from: old.to_string(),
            to: value.to_string(),
            meeting,
        };
        events::record(tx, actor, consultation.into(), change)?;
        return Ok(());
    }
    let field = if column == "answer" { ResponseField::Answer } else { ResponseField::Notes };
    let target = TextTarget::Response { question: question_id.clone(), field };
    events::record_text(tx, actor, consultation.into(), &target, started_from, value, |parents| {
        Change::ResponseText {
            question: question_id,
            stage,
            field,
            from: old.to_string(),
            to: value.to_string(),
            parents,
            meeting,
        }
    })?;
    Ok(())
}

impl Store {
    /// Every recorded response of a consultation, by question id.
    pub fn responses(&self, consultation: &Consultation) -> Result<HashMap<String, Response>> {
        read_responses(&self.conn, &consultation.id)
    }

    /// Commit the text of an answer or notes field (NFC-normalised), linked to the running
    /// meeting if any, and drop this session's draft of it, all in one transaction. The text
    /// goes in only over the value its editor started from; if someone else changed the
    /// field meanwhile, nothing is written (the draft stays) and the conflict is returned.
    pub fn set_response_text(
        &mut self,
        consultation: &Consultation,
        question: QuestionRef<'_>,
        field: ResponseField,
        edit: &TextEdit,
        meeting_id: Option<&str>,
    ) -> Result<Saved> {
        let started_from = normalize(&edit.started_from);
        self.save_response_text(consultation, question, field, &edit.text, Some(&started_from), meeting_id)
    }

    /// Set an answer or notes field to `text` over whatever it holds now, with no editor
    /// behind it (imports, the large-database generator, tests): the change is recorded in
    /// the history like any other. Returns whether it changed.
    pub fn replace_response_text(
        &mut self,
        consultation: &Consultation,
        question: QuestionRef<'_>,
        field: ResponseField,
        text: &str,
        meeting_id: Option<&str>,
    ) -> Result<bool> {
        Ok(self.save_response_text(consultation, question, field, text, None, meeting_id)? == Saved::Changed)
    }

    /// Commit an answer or notes text (over `started_from` when given) and, unless that is a
    /// conflict, drop this session's draft of it, in one transaction.
    fn save_response_text(
        &mut self,
        consultation: &Consultation,
        question: QuestionRef<'_>,
        field: ResponseField,
        text: &str,
        started_from: Option<&str>,
        meeting_id: Option<&str>,
    ) -> Result<Saved> {
        let text = stored_as_typed(text);
        let actor = self.actor.clone();
        let session = self.session.clone();
        let draft = DraftTarget::Response { question_id: question.id.to_string(), field }.to_string();
        let questionnaire = self.snapshot_of(consultation)?;
        self.write(|tx| {
            let column = match field {
                ResponseField::Answer => "answer",
                ResponseField::Notes => "notes",
            };
            let saved = change_response(tx, consultation, question, column, &text, started_from, meeting_id, &actor)?;
            // Any change may create the response row, whose `hidden` must be right.
            if saved == Saved::Changed {
                refresh(tx, (&consultation.id, &consultation.traits), &questionnaire, &actor, meeting_id)?;
            }
            if saved.conflict().is_none() {
                super::drafts::delete_draft(tx, consultation, &draft, session.as_deref())?;
            }
            Ok(saved)
        })
    }

    /// Set the assessment of a question. Returns whether it changed.
    pub fn set_assessment(
        &mut self,
        consultation: &Consultation,
        question: QuestionRef<'_>,
        assessment: Assessment,
        meeting_id: Option<&str>,
    ) -> Result<bool> {
        let actor = self.actor.clone();
        let questionnaire = self.snapshot_of(consultation)?;
        let saved = self.write(|tx| {
            let saved = change_response(
                tx,
                consultation,
                question,
                "assessment",
                assessment.as_str(),
                None,
                meeting_id,
                &actor,
            )?;
            if saved == Saved::Changed {
                refresh(tx, (&consultation.id, &consultation.traits), &questionnaire, &actor, meeting_id)?;
            }
            Ok(saved)
        })?;
        Ok(saved == Saved::Changed)
    }

    /// Set the structured answer of a choice, scale, number or date question to `value`, in
    /// its stored form (see [`crate::domain::Question::check_answer`]; empty clears it),
    /// recording the change. Returns whether it changed.
    pub fn set_response_value(
        &mut self,
        consultation: &Consultation,
        question: QuestionRef<'_>,
        value: &str,
        meeting_id: Option<&str>,
    ) -> Result<bool> {
        let actor = self.actor.clone();
        let questionnaire = self.snapshot_of(consultation)?;
        let saved = self.write(|tx| {
            let saved = change_response(tx, consultation, question, "value", value, None, meeting_id, &actor)?;
            if saved == Saved::Changed {
                refresh(tx, (&consultation.id, &consultation.traits), &questionnaire, &actor, meeting_id)?;
            }
            Ok(saved)
        })?;
        Ok(saved == Saved::Changed)
    }

    /// Every change to every response of a consultation, oldest first: (question id, field,
    /// new value, when). Minutes replay it to show what stood at the end of a meeting.
    pub fn response_timeline(&self, consultation: &Consultation) -> Result<Vec<(String, String, String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.question_id, h.field, h.new_value, h.changed_at
               FROM response_history h JOIN responses r ON r.id = h.response_id
              WHERE r.consultation_id = ?1 ORDER BY h.changed_at, h.id",
        )?;
        let rows = stmt.query_map([&consultation.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every change to every response of a consultation, by question id, oldest first.
    pub fn response_histories(&self, consultation: &Consultation) -> Result<HashMap<String, Vec<ResponseChange>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.question_id, h.field, h.old_value, h.new_value, m.seq, h.changed_by, h.changed_at
               FROM response_history h JOIN responses r ON r.id = h.response_id
               LEFT JOIN meetings m ON m.id = h.meeting_id
              WHERE r.consultation_id = ?1 ORDER BY h.changed_at, h.id",
        )?;
        let rows = stmt.query_map([&consultation.id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ResponseChange {
                    field: r.get(1)?,
                    old_value: r.get(2)?,
                    new_value: r.get(3)?,
                    meeting_seq: r.get(4)?,
                    changed_by: r.get(5)?,
                    changed_at: r.get(6)?,
                },
            ))
        })?;
        let mut histories: HashMap<String, Vec<ResponseChange>> = HashMap::new();
        for row in rows {
            let (question, change) = row?;
            histories.entry(question).or_default().push(change);
        }
        Ok(histories)
    }

    /// Every change to one question's response, oldest first.
    pub fn response_history(&self, consultation: &Consultation, question_id: &str) -> Result<Vec<ResponseChange>> {
        let response_id: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM responses WHERE consultation_id = ?1 AND question_id = ?2")?
            .query_row(params![consultation.id, question_id], |r| r.get(0))
            .optional()?;
        let Some(response_id) = response_id else {
            return Ok(vec![]);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.field, h.old_value, h.new_value, m.seq, h.changed_by, h.changed_at
               FROM response_history h LEFT JOIN meetings m ON m.id = h.meeting_id
              WHERE h.response_id = ?1 ORDER BY h.changed_at, h.id",
        )?;
        let rows = stmt.query_map([response_id], |r| {
            Ok(ResponseChange {
                field: r.get(0)?,
                old_value: r.get(1)?,
                new_value: r.get(2)?,
                meeting_seq: r.get(3)?,
                changed_by: r.get(4)?,
                changed_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
