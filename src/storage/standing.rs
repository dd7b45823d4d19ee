//! What a consultation's answers decide, kept in the database so that lists count it in
//! SQL: which responses belong to hidden questions (`responses.hidden`), how many questions
//! each stage shows (`stage_states.questions`), and the impact level (`consultations.level`)
//! with every change of it (`level_history`). Worked out by [`Questionnaire::standing`] in
//! the same transaction as the answer that changes it.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::rows::read_responses;
use super::{Result, Store, Tx};
use crate::domain::{Consultation, Questionnaire, Response, Standing};

/// One change of a consultation's impact level.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LevelChange {
    pub old_level: Option<String>,
    pub new_level: Option<String>,
    pub score: i64,
    /// The answers that scored, as they stood.
    pub reasons: Vec<serde_json::Value>,
    pub meeting_seq: Option<i64>,
    pub changed_by: String,
    pub changed_at: String,
}

/// Bring what the answers decide up to date, after an answer changed (or at opening, with
/// no responses yet). Nothing to do for a questionnaire without conditions or scores.
pub(super) fn refresh(
    tx: &Tx<'_>,
    consultation: (&str, &[String]),
    questionnaire: &Questionnaire,
    actor: &str,
    meeting_id: Option<&str>,
) -> Result<()> {
    let stamp = Stamp { at: &tx.now(), new_id: &|| tx.new_id(), actor, meeting_id };
    refresh_on(tx, consultation, questionnaire, &stamp)
}

/// Who and when a refresh records a change of level as: the change that caused it.
pub(super) struct Stamp<'a> {
    pub at: &'a str,
    pub new_id: &'a dyn Fn() -> String,
    pub actor: &'a str,
    pub meeting_id: Option<&'a str>,
}

/// [`refresh`] on any connection, stamped as given: a replay records a level change as made
/// by the event that caused it, so every machine records the same.
pub(super) fn refresh_on(
    conn: &rusqlite::Connection,
    consultation: (&str, &[String]),
    questionnaire: &Questionnaire,
    stamp: &Stamp<'_>,
) -> Result<()> {
    if !questionnaire.has_logic() {
        return Ok(());
    }
    recount_on(conn, consultation, questionnaire, stamp)
}

/// [`refresh_on`] for any questionnaire, with or without conditions and scores: after the
/// service's traits changed, which questions apply changes for every questionnaire.
pub(super) fn recount_on(
    conn: &rusqlite::Connection,
    consultation: (&str, &[String]),
    questionnaire: &Questionnaire,
    stamp: &Stamp<'_>,
) -> Result<()> {
    let (id, traits) = consultation;
    let responses = read_responses(conn, id)?;
    let standing = questionnaire.standing(traits, &responses);
    // What is stored is read, and only what changed is written: an answer seldom changes
    // which questions show. (Not one `UPDATE … WHERE question_id NOT IN (SELECT … FROM
    // json_each(…))`: SQLite built a table of its own for the list at each answer.)
    let shown: HashSet<&str> = standing.shown_ids(questionnaire).into_iter().collect();
    let stored: Vec<(String, bool)> = conn
        .prepare_cached("SELECT question_id, hidden FROM responses WHERE consultation_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (question, hidden) in stored {
        let hide = !shown.contains(question.as_str());
        if hidden != hide {
            conn.prepare_cached("UPDATE responses SET hidden = ?3 WHERE consultation_id = ?1 AND question_id = ?2")?
                .execute(params![id, question, hide])?;
        }
    }
    let counts: HashMap<String, i64> = conn
        .prepare_cached("SELECT stage, questions FROM stage_states WHERE consultation_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for stage in &questionnaire.stages {
        let count =
            questionnaire.questions.iter().zip(&standing.shown).filter(|(q, s)| **s && q.stage == stage.id).count();
        if counts.get(&stage.id).is_some_and(|stored| *stored != count as i64) {
            conn.prepare_cached("UPDATE stage_states SET questions = ?3 WHERE consultation_id = ?1 AND stage = ?2")?
                .execute(params![id, stage.id, count as i64])?;
        }
    }
    record_level(conn, id, &standing, stamp)
}

fn record_level(
    conn: &rusqlite::Connection,
    consultation_id: &str,
    standing: &Standing,
    stamp: &Stamp<'_>,
) -> Result<()> {
    let old: Option<String> = conn
        .prepare_cached("SELECT level FROM consultations WHERE id = ?1")?
        .query_row([consultation_id], |r| r.get(0))
        .optional()?
        .flatten();
    if old == standing.level {
        return Ok(());
    }
    conn.prepare_cached("UPDATE consultations SET level = ?1 WHERE id = ?2")?
        .execute(params![standing.level, consultation_id])?;
    let reasons = serde_json::to_string(&standing.reasons).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "INSERT INTO level_history (id, consultation_id, meeting_id, old_level, new_level, score, reasons, changed_by,
                                    changed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)",
    )?
    .execute(params![
        (stamp.new_id)(),
        consultation_id,
        stamp.meeting_id,
        old,
        standing.level,
        standing.score,
        reasons,
        stamp.actor,
        stamp.at
    ])?;
    Ok(())
}

impl Store {
    /// The questionnaire snapshot of a consultation, read once per store.
    pub(super) fn snapshot_of(&self, consultation: &Consultation) -> Result<std::sync::Arc<Questionnaire>> {
        if let Some(q) = self.snapshots.lock().ok().and_then(|m| m.get(&consultation.id).cloned()) {
            return Ok(q);
        }
        let q = std::sync::Arc::new(self.questionnaire_of(consultation)?);
        if let Ok(mut map) = self.snapshots.lock() {
            map.insert(consultation.id.clone(), q.clone());
        }
        Ok(q)
    }

    /// Where the consultation stands: shown questions, scores, level.
    pub fn standing(
        &self,
        consultation: &Consultation,
    ) -> Result<(Questionnaire, HashMap<String, Response>, Standing)> {
        let questionnaire = self.questionnaire_of(consultation)?;
        let responses = self.responses(consultation)?;
        let standing = questionnaire.standing(&consultation.traits, &responses);
        Ok((questionnaire, responses, standing))
    }

    /// The impact level stored for the consultation (kept up to date with every answer),
    /// if its questionnaire scores answers.
    pub fn level(&self, consultation: &Consultation) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT level FROM consultations WHERE id = ?1")?
            .query_row([&consultation.id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Every change of the consultation's impact level, oldest first.
    pub fn level_history(&self, consultation: &Consultation) -> Result<Vec<LevelChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.old_level, h.new_level, h.score, h.reasons, m.seq, h.changed_by, h.changed_at
               FROM level_history h LEFT JOIN meetings m ON m.id = h.meeting_id
              WHERE h.consultation_id = ?1 ORDER BY h.changed_at, h.id",
        )?;
        let rows = stmt.query_map([&consultation.id], |r| {
            let reasons: String = r.get(3)?;
            Ok(LevelChange {
                old_level: r.get(0)?,
                new_level: r.get(1)?,
                score: r.get(2)?,
                reasons: serde_json::from_str(&reasons).unwrap_or_default(),
                meeting_seq: r.get(4)?,
                changed_by: r.get(5)?,
                changed_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
