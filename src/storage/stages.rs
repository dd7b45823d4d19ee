//! Stage states: the stage rail, sign-offs, reopening and moving between stages.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::items::{ChangedBy, active_items, change_item_status};
use super::rows::{parse_word, read_responses};
use super::{Result, Store, StoreError, Tx, events};
use crate::domain::event::SignOffItem;
use crate::domain::sign_off as process;
use crate::domain::{
    Change, Consultation, Decision, ItemDecision, ItemStatus, SignOff, SignOffDecision, SignOffRound, SignOffWarning,
    StageMove, StageStatus,
};

/// Every stage of a consultation in order, with its state, progress and latest sign-off; on
/// a plain connection or inside a transaction.
pub(super) fn stage_statuses(conn: &Connection, consultation_id: &str) -> Result<Vec<StageStatus>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.stage, s.name, s.position, s.state, s.questions,
                (SELECT count(*) FROM responses r
                  WHERE r.consultation_id = s.consultation_id AND r.stage = s.stage
                    AND r.assessment <> 'not-discussed' AND r.hidden = 0),
                o.comment, o.signed_by, o.signed_at, o.reopened_at, o.reopened_by, o.reopen_reason,
                o.unanswered_required
           FROM stage_states s
           LEFT JOIN sign_offs o ON o.id = (SELECT id FROM sign_offs
                                             WHERE consultation_id = s.consultation_id AND stage = s.stage
                                             ORDER BY signed_at DESC, id DESC LIMIT 1)
          WHERE s.consultation_id = ?1
          ORDER BY s.position",
    )?;
    let rows = stmt.query_map([consultation_id], |r| {
        let signed: Option<String> = r.get(6)?;
        Ok(StageStatus {
            stage: r.get(0)?,
            name: r.get(1)?,
            position: r.get(2)?,
            state: parse_word(r, 3)?,
            questions: r.get(4)?,
            assessed: r.get(5)?,
            sign_off: if signed.is_some() { Some(sign_off_from_row(r, 6)?) } else { None },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A sign-off from seven columns starting at `at`: comment, signed by, signed at, reopened
/// at, reopened by, reopen reason, and the required questions it was signed off without
/// (space-separated ids).
fn sign_off_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<SignOff> {
    Ok(SignOff {
        comment: r.get(at)?,
        signed_by: r.get(at + 1)?,
        signed_at: r.get(at + 2)?,
        reopened_at: r.get(at + 3)?,
        reopened_by: r.get(at + 4)?,
        reopen_reason: r.get(at + 5)?,
        unanswered_required: r
            .get::<_, Option<String>>(at + 6)?
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from)
            .collect(),
    })
}

/// Store where the consultation stands after a sign-off or a reopening: its current stage,
/// started if it had not been.
fn move_current_stage(
    tx: &Tx<'_>,
    consultation_id: &str,
    moved: &StageMove,
    stages: &[StageStatus],
    at: &str,
) -> Result<()> {
    let Some(current) = moved.stored_current(stages) else { return Ok(()) };
    tx.prepare_cached(
        "UPDATE stage_states SET state = 'in-progress', updated_at = ?3
          WHERE consultation_id = ?1 AND stage = ?2 AND state = 'not-started'",
    )?
    .execute(params![consultation_id, current, at])?;
    tx.prepare_cached("UPDATE consultations SET current_stage = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute(params![current, at, consultation_id])?;
    Ok(())
}

impl Store {
    /// Every stage of a consultation in order, with its state, progress and latest sign-off.
    pub fn stage_statuses(&self, consultation: &Consultation) -> Result<Vec<StageStatus>> {
        stage_statuses(&self.conn, &consultation.id)
    }

    /// Every sign-off of a consultation, stage by stage in order and oldest first within a
    /// stage, each with its decisions on items (by item number) and its reopening.
    pub fn sign_offs(&self, consultation: &Consultation) -> Result<Vec<SignOffRound>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.sign_off_id, c.key || '-' || i.seq, i.title, d.decision, d.reason
               FROM sign_off_items d
               JOIN sign_offs o ON o.id = d.sign_off_id
               JOIN items i ON i.id = d.item_id
               JOIN consultations c ON c.id = i.consultation_id
              WHERE o.consultation_id = ?1
              ORDER BY i.seq",
        )?;
        let mut decisions: HashMap<String, Vec<SignOffDecision>> = HashMap::new();
        let rows = stmt.query_map([&consultation.id], |r| {
            let decision =
                SignOffDecision { item: r.get(1)?, title: r.get(2)?, decision: parse_word(r, 3)?, reason: r.get(4)? };
            Ok((r.get::<_, String>(0)?, decision))
        })?;
        for row in rows {
            let (id, decision) = row?;
            decisions.entry(id).or_default().push(decision);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.stage, o.comment, o.signed_by, o.signed_at, o.reopened_at, o.reopened_by, o.reopen_reason,
                    o.unanswered_required, m.seq
               FROM sign_offs o
               JOIN stage_states s ON s.consultation_id = o.consultation_id AND s.stage = o.stage
               LEFT JOIN meetings m ON m.id = o.meeting_id
              WHERE o.consultation_id = ?1
              ORDER BY s.position, o.signed_at, o.id",
        )?;
        let rows = stmt.query_map([&consultation.id], |r| {
            let id: String = r.get(0)?;
            Ok(SignOffRound {
                decisions: decisions.remove(&id).unwrap_or_default(),
                stage: r.get(1)?,
                sign_off: sign_off_from_row(r, 2)?,
                meeting: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What signing `stage` off would ask the consultant to confirm, as things stand now.
    pub fn sign_off_warnings(&self, consultation: &Consultation, stage: &str) -> Result<Vec<SignOffWarning>> {
        Ok(process::sign_off_warnings(&stage_statuses(&self.conn, &consultation.id)?, stage)?)
    }

    /// Make `stage` the consultation's current stage; a stage not yet started starts.
    pub fn set_current_stage(&mut self, consultation: &Consultation, stage: &str) -> Result<()> {
        let actor = self.actor.clone();
        self.write(|tx| {
            let at = tx.now();
            let known = tx
                .prepare_cached(
                    "UPDATE stage_states SET state = CASE state WHEN 'not-started' THEN 'in-progress' ELSE state END,
                            updated_at = ?3
                      WHERE consultation_id = ?1 AND stage = ?2",
                )?
                .execute(params![consultation.id, stage, at])?;
            if known == 0 {
                return Err(StoreError::Invalid(format!("{} has no stage '{stage}'", consultation.key)));
            }
            tx.prepare_cached("UPDATE consultations SET current_stage = ?1, updated_at = ?2 WHERE id = ?3")?
                .execute(params![stage, at, consultation.id])?;
            events::record(tx, &actor, consultation.into(), Change::StageMoved { stage: stage.to_string() })?;
            Ok(())
        })
    }

    /// Sign a stage off with a comment. Every unresolved high or critical item of the
    /// consultation must be decided: carried over (stays open) or accepted with a reason
    /// (becomes "accepted risk"). Signing off out of order or with questions unassessed needs
    /// those warnings in `acknowledged` (the consultant confirmed them). The current stage
    /// becomes the earliest stage not signed off.
    pub fn sign_off_stage(
        &mut self,
        consultation: &Consultation,
        stage: &str,
        comment: &str,
        decisions: &[ItemDecision],
        meeting_id: Option<&str>,
        acknowledged: &[SignOffWarning],
    ) -> Result<StageMove> {
        let actor = self.actor.clone();
        let questionnaire = self.snapshot_of(consultation)?;
        self.write(|tx| {
            // Read inside the transaction, so another process cannot slip a change in between.
            let stages = stage_statuses(tx, &consultation.id)?;
            // Only the items that can need a decision are loaded; the domain says which do.
            let items = active_items(tx, &consultation.id, process::DECIDE_FROM)?;
            let request = process::SignOffRequest { stage, comment, decisions, acknowledged };
            let checked = process::check_sign_off(&stages, &items, request)?;
            let comment = &checked.comment;
            let at = tx.now();
            let sign_off_id = tx.new_id();
            tx.prepare_cached(
                "INSERT INTO sign_offs (id, consultation_id, stage, meeting_id, comment, signed_by, signed_at,
                                        created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
            )?
            .execute(params![sign_off_id, consultation.id, stage, meeting_id, comment, actor, at])?;
            // Required questions left unanswered are signed off as an exception, on record.
            let mut unanswered_required = String::new();
            if questionnaire.can_require() {
                let responses = read_responses(tx, &consultation.id)?;
                let standing = questionnaire.standing(&consultation.traits, &responses);
                let unanswered = questionnaire.unanswered_required(&standing, &responses, stage).join(" ");
                tx.prepare_cached("UPDATE sign_offs SET unanswered_required = ?2 WHERE id = ?1")?
                    .execute(params![sign_off_id, unanswered])?;
                unanswered_required = unanswered;
            }
            for (item, decision, reason) in &checked.decided {
                tx.prepare_cached(
                    "INSERT INTO sign_off_items (id, sign_off_id, item_id, decision, reason, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                )?
                .execute(params![tx.new_id(), sign_off_id, item.id, decision.as_str(), reason, at])?;
                if *decision == Decision::Accept {
                    let note = process::accepted_note(&checked.moved.stage, reason);
                    let by = ChangedBy { actor: &actor, meeting_id, started_from: None };
                    change_item_status(tx, consultation.into(), item, ItemStatus::Accepted, &note, by)?;
                }
            }
            // The event carries each decision as stored above.
            let decided = checked
                .decided
                .iter()
                .map(|(item, decision, reason)| SignOffItem {
                    item: item.id.clone(),
                    decision: *decision,
                    reason: reason.to_string(),
                })
                .collect();
            let change = Change::SignedOff {
                sign_off: sign_off_id.clone(),
                stage: stage.to_string(),
                comment: comment.clone(),
                meeting: meeting_id.map(str::to_string),
                decisions: decided,
                unanswered_required,
            };
            events::record(tx, &actor, consultation.into(), change)?;
            tx.prepare_cached(
                "UPDATE stage_states SET state = 'signed-off', updated_at = ?3 WHERE consultation_id = ?1 AND stage = ?2",
            )?
            .execute(params![consultation.id, stage, at])?;
            move_current_stage(tx, &consultation.id, &checked.moved, &stages, &at)?;
            Ok(checked.moved)
        })
    }

    /// Reopen a signed-off stage (e.g. re-consultation after a model update), with a reason.
    /// It becomes the current stage unless an earlier stage is still open.
    pub fn reopen_stage(&mut self, consultation: &Consultation, stage: &str, reason: &str) -> Result<StageMove> {
        let reason = process::check_reopen_reason(reason)?;
        let actor = self.actor.clone();
        self.write(|tx| {
            let stages = stage_statuses(tx, &consultation.id)?;
            let moved = process::reopen(&stages, stage)?;
            let at = tx.now();
            tx.prepare_cached(
                "UPDATE stage_states SET state = 'in-progress', updated_at = ?3
                  WHERE consultation_id = ?1 AND stage = ?2 AND state = 'signed-off'",
            )?
            .execute(params![consultation.id, stage, at])?;
            let sign_off: Option<String> = tx
                .prepare_cached(
                    "UPDATE sign_offs SET reopened_at = ?3, reopened_by = ?4, reopen_reason = ?5, updated_at = ?3
                      WHERE id = (SELECT id FROM sign_offs WHERE consultation_id = ?1 AND stage = ?2
                                   ORDER BY signed_at DESC, id DESC LIMIT 1)
                     RETURNING id",
                )?
                .query_row(params![consultation.id, stage, at, actor, reason], |r| r.get(0))
                .optional()?;
            let change = Change::Reopened {
                sign_off: sign_off.unwrap_or_default(),
                stage: stage.to_string(),
                reason: reason.clone(),
            };
            events::record(tx, &actor, consultation.into(), change)?;
            move_current_stage(tx, &consultation.id, &moved, &stages, &at)?;
            Ok(moved)
        })
    }
}
