//! Drafts: what is being typed, autosaved every couple of seconds so a killed process loses
//! at most that much. A draft is deleted in the same transaction that commits its field.

use rusqlite::{Transaction, params};

use super::responses::QuestionRef;
use super::{Result, Store, new_id, now};
use crate::domain::{Consultation, DraftTarget, Questionnaire};
use crate::text::normalize;

pub(super) fn delete_draft(tx: &Transaction<'_>, consultation: &Consultation, target: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM drafts WHERE consultation_id = ?1 AND target = ?2")?
        .execute(params![consultation.id, target])?;
    Ok(())
}

impl Store {
    /// Save the text being typed into `target`. Cheap enough to call every second or two.
    pub fn save_draft(&mut self, consultation: &Consultation, target: &DraftTarget, body: &str) -> Result<()> {
        let body = normalize(body);
        let target = target.to_string();
        self.write(|tx| {
            let at = now();
            tx.prepare_cached(
                "INSERT INTO drafts (id, consultation_id, target, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                 ON CONFLICT (consultation_id, target) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            )?
            .execute(params![new_id(), consultation.id, target, body, at])?;
            Ok(())
        })
    }

    /// Forget a draft (its field was left unchanged).
    pub fn discard_draft(&mut self, consultation: &Consultation, target: &DraftTarget) -> Result<()> {
        let target = target.to_string();
        self.write(|tx| delete_draft(tx, consultation, &target))
    }

    /// Drafts left behind, oldest first; targets that no longer parse are skipped.
    pub fn drafts(&self, consultation: &Consultation) -> Result<Vec<(DraftTarget, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT target, body FROM drafts WHERE consultation_id = ?1 ORDER BY updated_at, id")?;
        let rows = stmt.query_map([&consultation.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut drafts = Vec::new();
        for row in rows {
            let (target, body) = row?;
            if let Ok(target) = target.parse() {
                drafts.push((target, body));
            }
        }
        Ok(drafts)
    }

    /// Unfinished forms a killed session left behind: (form, saved fields), oldest first.
    pub fn form_drafts(&self, consultation: &Consultation) -> Result<Vec<(String, String)>> {
        Ok(self
            .drafts(consultation)?
            .into_iter()
            .filter_map(|(target, body)| match target {
                DraftTarget::Form { form } => Some((form, body)),
                _ => None,
            })
            .collect())
    }

    /// Commit the drafts a killed or crashed session left behind into their fields, so the
    /// text is where the consultant expects it. Returns what was recovered. Form drafts are
    /// left for the screen to reopen (see [`Store::form_drafts`]).
    pub fn recover_drafts(
        &mut self,
        consultation: &Consultation,
        questionnaire: &Questionnaire,
        meeting_id: Option<&str>,
    ) -> Result<Vec<DraftTarget>> {
        let mut recovered = Vec::new();
        for (target, body) in self.drafts(consultation)? {
            match &target {
                DraftTarget::Response { question_id, field } => {
                    let Some(question) = questionnaire.question(question_id) else {
                        self.discard_draft(consultation, &target)?;
                        continue;
                    };
                    let question = QuestionRef { id: &question.id, stage: &question.stage };
                    self.set_response_text(consultation, question, *field, &body, meeting_id)?;
                }
                DraftTarget::Meeting { meeting_id: id, field } => {
                    self.set_meeting_text(consultation, id, *field, &body)?;
                }
                DraftTarget::Form { .. } => continue,
            }
            recovered.push(target);
        }
        Ok(recovered)
    }
}
