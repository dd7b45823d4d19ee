//! Stage states: the stage rail, sign-offs, reopening and moving between stages.

use rusqlite::{OptionalExtension, params};

use super::consultations::parse_word;
use super::items::{ChangedBy, active_items, change_item_status};
use super::responses::read_responses;
use super::{Result, Store, StoreError};
use crate::domain::{
    Consultation, Decision, ItemDecision, ItemStatus, Priority, SignOff, SignOffError, StageState, StageStatus,
};
use crate::text::normalize;

impl Store {
    /// Every stage of a consultation in order, with its state, progress and latest sign-off.
    pub fn stage_statuses(&self, consultation: &Consultation) -> Result<Vec<StageStatus>> {
        let mut stmt = self.conn.prepare_cached(
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
        let rows = stmt.query_map([&consultation.id], |r| {
            let comment: Option<String> = r.get(6)?;
            Ok(StageStatus {
                stage: r.get(0)?,
                name: r.get(1)?,
                position: r.get(2)?,
                state: parse_word(r, 3)?,
                questions: r.get(4)?,
                assessed: r.get(5)?,
                sign_off: match comment {
                    None => None,
                    Some(comment) => Some(SignOff {
                        comment,
                        signed_by: r.get(7)?,
                        signed_at: r.get(8)?,
                        reopened_at: r.get(9)?,
                        reopened_by: r.get(10)?,
                        reopen_reason: r.get(11)?,
                        unanswered_required: r
                            .get::<_, Option<String>>(12)?
                            .unwrap_or_default()
                            .split_whitespace()
                            .map(String::from)
                            .collect(),
                    }),
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Make `stage` the consultation's current stage; a stage not yet started starts.
    pub fn set_current_stage(&mut self, consultation: &Consultation, stage: &str) -> Result<()> {
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
            Ok(())
        })
    }

    /// Sign a stage off with a comment. Every unresolved high or critical item of the
    /// consultation must be decided: carried over (stays open) or accepted with a reason
    /// (becomes "accepted risk"). If it was the current stage, the next stage that is not
    /// signed off becomes current.
    pub fn sign_off_stage(
        &mut self,
        consultation: &Consultation,
        stage: &str,
        comment: &str,
        decisions: &[ItemDecision],
        meeting_id: Option<&str>,
    ) -> Result<()> {
        let comment = normalize(comment.trim());
        if comment.is_empty() {
            return Err(SignOffError::EmptyComment.into());
        }
        let actor = self.actor.clone();
        let questionnaire = self.snapshot_of(consultation)?;
        self.write(|tx| {
            let state: Option<StageState> = tx
                .prepare_cached("SELECT state FROM stage_states WHERE consultation_id = ?1 AND stage = ?2")?
                .query_row(params![consultation.id, stage], |r| parse_word(r, 0))
                .optional()?;
            match state {
                None => return Err(StoreError::Invalid(format!("{} has no stage '{stage}'", consultation.key))),
                Some(StageState::SignedOff) => return Err(SignOffError::AlreadySignedOff(stage.to_string()).into()),
                Some(_) => {}
            }
            // Read inside the transaction, so another process cannot slip an item in between.
            let pending = active_items(tx, &consultation.id, Priority::High)?;
            let undecided: Vec<&str> = pending
                .iter()
                .filter(|i| !decisions.iter().any(|d| d.item_key == i.key))
                .map(|i| i.key.as_str())
                .collect();
            if !undecided.is_empty() {
                return Err(SignOffError::Undecided(undecided.join(", ")).into());
            }
            if let Some(d) = decisions.iter().find(|d| d.decision == Decision::Accept && d.reason.trim().is_empty()) {
                return Err(SignOffError::AcceptNeedsReason(d.item_key.clone()).into());
            }
            let at = tx.now();
            let sign_off_id = tx.new_id();
            tx.prepare_cached(
                "INSERT INTO sign_offs (id, consultation_id, stage, meeting_id, comment, signed_by, signed_at,
                                        created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
            )?
            .execute(params![sign_off_id, consultation.id, stage, meeting_id, comment, actor, at])?;
            // Required questions left unanswered are signed off as an exception, on record.
            if questionnaire.can_require() {
                let responses = read_responses(tx, &consultation.id)?;
                let standing = questionnaire.standing(&consultation.traits, &responses);
                let unanswered = questionnaire.unanswered_required(&standing, &responses, stage).join(" ");
                tx.prepare_cached("UPDATE sign_offs SET unanswered_required = ?2 WHERE id = ?1")?
                    .execute(params![sign_off_id, unanswered])?;
            }
            for item in &pending {
                let Some(d) = decisions.iter().find(|d| d.item_key == item.key) else { continue };
                let reason = normalize(d.reason.trim());
                tx.prepare_cached(
                    "INSERT INTO sign_off_items (id, sign_off_id, item_id, decision, reason, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                )?
                .execute(params![tx.new_id(), sign_off_id, item.id, d.decision.as_str(), reason, at])?;
                if d.decision == Decision::Accept {
                    let note = format!("accepted at sign-off of stage {stage}: {reason}");
                    let by = ChangedBy { actor: &actor, meeting_id };
                    change_item_status(tx, item, ItemStatus::Accepted, &note, by)?;
                }
            }
            tx.prepare_cached(
                "UPDATE stage_states SET state = 'signed-off', updated_at = ?3 WHERE consultation_id = ?1 AND stage = ?2",
            )?
            .execute(params![consultation.id, stage, at])?;
            let current: String = tx
                .prepare_cached("SELECT current_stage FROM consultations WHERE id = ?1")?
                .query_row([&consultation.id], |r| r.get(0))?;
            if current == stage {
                let next: Option<String> = tx
                    .prepare_cached(
                        "SELECT stage FROM stage_states
                          WHERE consultation_id = ?1 AND state <> 'signed-off'
                            AND position > (SELECT position FROM stage_states WHERE consultation_id = ?1 AND stage = ?2)
                          ORDER BY position LIMIT 1",
                    )?
                    .query_row(params![consultation.id, stage], |r| r.get(0))
                    .optional()?;
                if let Some(next) = next {
                    tx.prepare_cached(
                        "UPDATE stage_states SET state = 'in-progress', updated_at = ?3
                          WHERE consultation_id = ?1 AND stage = ?2 AND state = 'not-started'",
                    )?
                    .execute(params![consultation.id, next, at])?;
                    tx.prepare_cached("UPDATE consultations SET current_stage = ?1, updated_at = ?2 WHERE id = ?3")?
                        .execute(params![next, at, consultation.id])?;
                }
            }
            Ok(())
        })
    }

    /// Reopen a signed-off stage (e.g. re-consultation after a model update); it becomes the
    /// current stage again.
    pub fn reopen_stage(&mut self, consultation: &Consultation, stage: &str, reason: &str) -> Result<()> {
        let reason = normalize(reason.trim());
        if reason.is_empty() {
            return Err(SignOffError::EmptyReason.into());
        }
        let actor = self.actor.clone();
        self.write(|tx| {
            let at = tx.now();
            let changed = tx
                .prepare_cached(
                    "UPDATE stage_states SET state = 'in-progress', updated_at = ?3
                      WHERE consultation_id = ?1 AND stage = ?2 AND state = 'signed-off'",
                )?
                .execute(params![consultation.id, stage, at])?;
            if changed == 0 {
                return Err(SignOffError::NotSignedOff(stage.to_string()).into());
            }
            tx.prepare_cached(
                "UPDATE sign_offs SET reopened_at = ?3, reopened_by = ?4, reopen_reason = ?5, updated_at = ?3
                  WHERE id = (SELECT id FROM sign_offs WHERE consultation_id = ?1 AND stage = ?2
                               ORDER BY signed_at DESC, id DESC LIMIT 1)",
            )?
            .execute(params![consultation.id, stage, at, actor, reason])?;
            tx.prepare_cached("UPDATE consultations SET current_stage = ?1, updated_at = ?2 WHERE id = ?3")?
                .execute(params![stage, at, consultation.id])?;
            Ok(())
        })
    }
}
