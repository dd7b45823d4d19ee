//! Text fields in conflict: two machines changed one from the same starting value. Both
//! versions are kept and shown; a person settles them.

use rusqlite::{OptionalExtension, params};

use super::events::{self, Of, heads};
use super::{Result, Store, StoreError};
use crate::domain::replay::{Head, in_conflict};
use crate::domain::{Change, Consultation, ItemField, TextTarget};
use crate::text::normalize;

/// A text field two machines changed from the same starting value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamConflict {
    pub consultation: String,
    pub target: TextTarget,
    /// The field in words: `the team's answer on PLN-01`, `the notes of meeting 2`, `the title of CARE-3`.
    pub field: String,
    /// Every version, in replay order; the field shows the last.
    pub versions: Vec<Head>,
}

impl Store {
    /// Every text field in conflict, by consultation and field.
    pub fn team_conflicts(&self) -> Result<Vec<TeamConflict>> {
        self.conflicts_where("1 = 1", params![])
    }

    /// The conflicts of one consultation.
    pub fn conflicts_of(&self, consultation: &Consultation) -> Result<Vec<TeamConflict>> {
        self.conflicts_where("t.consultation_id = ?1", params![consultation.id])
    }

    /// How many text fields are in conflict: cheap, for a header.
    pub fn conflict_count(&self) -> Result<usize> {
        let n: i64 = self.conn.prepare_cached("SELECT count(*) FROM text_conflicts")?.query_row([], |r| r.get(0))?;
        Ok(n as usize)
    }

    fn conflicts_where(&self, condition: &str, params: impl rusqlite::Params) -> Result<Vec<TeamConflict>> {
        let sql = format!(
            "SELECT c.key, t.target, c.id FROM text_conflicts t JOIN consultations c ON c.id = t.consultation_id
              WHERE {condition} ORDER BY c.key, t.target"
        );
        let targets: Vec<(String, String, String)> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut conflicts = Vec::new();
        for (key, target, id) in targets {
            let Ok(parsed) = target.parse::<TextTarget>() else { continue };
            let versions = heads(&self.conn, &id, &target)?;
            if !in_conflict(&versions) {
                continue;
            }
            let field = self.describe_target(&key, &parsed)?;
            conflicts.push(TeamConflict { consultation: key, target: parsed, field, versions });
        }
        Ok(conflicts)
    }

    /// A field in words: `the team's answer on PLN-01`, `the notes of meeting 2`, `the title of CARE-3`.
    fn describe_target(&self, key: &str, target: &TextTarget) -> Result<String> {
        Ok(match target {
            TextTarget::Response { question, field } => format!("the {} on {question}", field.label()),
            TextTarget::Meeting { meeting, field } => {
                let seq: Option<i64> = self
                    .conn
                    .prepare_cached("SELECT seq FROM meetings WHERE id = ?1")?
                    .query_row([meeting], |r| r.get(0))
                    .optional()?;
                format!("the {} of meeting {}", field.label(), seq.map_or("?".to_string(), |s| s.to_string()))
            }
            TextTarget::Item { item, field } => {
                let seq: Option<i64> = self
                    .conn
                    .prepare_cached("SELECT seq FROM items WHERE id = ?1")?
                    .query_row([item], |r| r.get(0))
                    .optional()?;
                format!("the {} of {key}-{}", field.label(), seq.map_or("?".to_string(), |s| s.to_string()))
            }
            TextTarget::Attendees { .. } => "the attendees".to_string(),
        })
    }

    /// Settle a conflict: `text` (one of the versions, or a merge of them) becomes the
    /// field's value and replaces every version, here and, once synced, everywhere.
    pub fn resolve_conflict(&mut self, consultation: &Consultation, target: &TextTarget, text: &str) -> Result<()> {
        let text = normalize(text);
        let actor = self.actor.clone();
        let questionnaire = self.snapshot_of(consultation)?;
        self.write(|tx| {
            let parents: Vec<String> = heads(tx, &consultation.id, &target.to_string())?.into_iter().map(|h| h.event).collect();
            let at = tx.now();
            let of = Of::from(consultation);
            let change = match target {
                TextTarget::Response { question, field } => {
                    let column = field.as_str();
                    let row: Option<(String, String, String)> = tx
                        .prepare_cached(&format!(
                            "SELECT id, stage, {column} FROM responses WHERE consultation_id = ?1 AND question_id = ?2"
                        ))?
                        .query_row(params![consultation.id, question], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                        .optional()?;
                    let (response, stage, old) = row.ok_or_else(|| StoreError::Invalid(format!("no answer on {question}")))?;
                    tx.prepare_cached(&format!("UPDATE responses SET {column} = ?1, updated_at = ?2 WHERE id = ?3"))?
                        .execute(params![text, at, response])?;
                    tx.prepare_cached(
                        "INSERT INTO response_history (id, response_id, meeting_id, field, old_value, new_value, changed_by,
                                                       changed_at, created_at, updated_at)
                         VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
                    )?
                    .execute(params![tx.new_id(), response, column, old, text, actor, at])?;
                    // As any answer does (and as every machine replays it).
                    tx.prepare_cached("UPDATE consultations SET updated_at = ?1 WHERE id = ?2")?
                        .execute(params![at, consultation.id])?;
                    super::standing::refresh(tx, (&consultation.id, &consultation.traits), &questionnaire, &actor, None)?;
                    Change::ResponseText {
                        question: question.clone(),
                        stage,
                        field: *field,
                        from: old,
                        to: text.clone(),
                        parents: parents.clone(),
                        meeting: None,
                    }
                }
                TextTarget::Meeting { meeting, field } => {
                    let column = super::meetings::field_column(*field);
                    let old: String = tx
                        .prepare_cached(&format!("SELECT {column} FROM meetings WHERE id = ?1 AND consultation_id = ?2"))?
                        .query_row(params![meeting, consultation.id], |r| r.get(0))
                        .optional()?
                        .ok_or_else(|| StoreError::Invalid("no such meeting".into()))?;
                    super::meetings::write_meeting_text(tx, meeting, *field, &old, &text, &actor, &at)?;
                    Change::MeetingText { meeting: meeting.clone(), field: *field, from: old, to: text.clone(), parents: parents.clone() }
                }
                TextTarget::Item { item, field } => {
                    let column = if *field == ItemField::Title { "title" } else { "detail" };
                    if *field == ItemField::Title && text.trim().is_empty() {
                        return Err(crate::domain::ItemError::EmptyTitle.into());
                    }
                    let old: String = tx
                        .prepare_cached(&format!("SELECT {column} FROM items WHERE id = ?1 AND consultation_id = ?2"))?
                        .query_row(params![item, consultation.id], |r| r.get(0))
                        .optional()?
                        .ok_or_else(|| StoreError::Invalid("no such item".into()))?;
                    tx.prepare_cached(&format!("UPDATE items SET {column} = ?1, updated_at = ?2 WHERE id = ?3"))?
                        .execute(params![text, at, item])?;
                    tx.prepare_cached(
                        "INSERT INTO item_history (id, item_id, meeting_id, field, old_value, new_value, note, changed_by,
                                                   changed_at, created_at, updated_at)
                         VALUES (?1, ?2, NULL, ?3, ?4, ?5, '', ?6, ?7, ?7, ?7)",
                    )?
                    .execute(params![tx.new_id(), item, column, old, text, actor, at])?;
                    Change::ItemChanged {
                        item: item.clone(),
                        field: *field,
                        from: Some(old),
                        to: Some(text.clone()),
                        note: String::new(),
                        meeting: None,
                        parents: parents.clone(),
                        explicit: None,
                    }
                }
                TextTarget::Attendees { .. } => return Err(StoreError::Invalid("attendee lists are merged, never in conflict".into())),
            };
            let event = events::record(tx, &actor, of, change)?;
            events::set_head(tx, target, &parents, &event, &text)?;
            Ok(())
        })
    }
}
