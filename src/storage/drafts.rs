//! Drafts: what is being typed, autosaved every second so a killed process loses at most
//! that much. A draft is deleted in the same transaction that commits its field.
//!
//! Each draft records the TUI session that wrote it. Sessions beat every few seconds; a
//! draft whose session has stopped beating was left behind (killed, crashed, power lost)
//! and is recovered, while a live session's drafts are left alone, so two chec processes on
//! one database never commit each other's half-typed text.

use rusqlite::params;

use super::{Result, Store, Tx};
use crate::domain::{Conflict, Consultation, DraftTarget, FormDraft, QuestionRef, Questionnaire, Saved, TextEdit};
use crate::text::normalize;

/// How often a session beats, and how long without a beat makes it gone.
pub const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
const GONE_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(20);

/// Whether a session still runs: on this machine, while its process exists (even stopped
/// with Ctrl-Z); elsewhere, while it beats. `heartbeat_at` is its last beat, if known.
pub(super) fn session_is_live(
    now: chrono::DateTime<chrono::Utc>,
    host: Option<String>,
    pid: Option<i64>,
    heartbeat_at: Option<&str>,
) -> bool {
    let cutoff = crate::clock::stored(now - GONE_AFTER);
    match (host, pid) {
        (Some(host), Some(pid)) if host == this_host() => process_exists(pid),
        (Some(_), Some(_)) => heartbeat_at.is_some_and(|at| at >= cutoff.as_str()),
        _ => false,
    }
}

fn this_host() -> String {
    rustix::system::uname().nodename().to_string_lossy().into_owned()
}

/// Whether a process with this id is running on this machine.
fn process_exists(pid: i64) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists but belongs to someone else.
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

/// Drop `session`'s draft of `target`; other sessions' drafts of the same field are theirs.
pub(super) fn delete_draft(
    tx: &Tx<'_>,
    consultation: &Consultation,
    target: &str,
    session: Option<&str>,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM drafts WHERE consultation_id = ?1 AND target = ?2 AND session_id IS ?3")?
        .execute(params![consultation.id, target, session])?;
    Ok(())
}

/// A draft as stored: whose session typed it, and the value its editor started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraft {
    pub id: String,
    pub target: DraftTarget,
    pub body: String,
    /// `None` for forms, and for drafts saved before chec knew it.
    pub started_from: Option<String>,
}

/// What recovering a left-behind session's drafts did.
#[derive(Debug, Default)]
pub struct Recovery {
    /// Drafts committed into their fields.
    pub recovered: Vec<DraftTarget>,
    /// Drafts whose field someone changed since their editor started: kept as drafts until a
    /// person chooses.
    pub conflicts: Vec<(StoredDraft, Conflict)>,
}

impl Store {
    /// Register this process as a running session (the TUI does, on start).
    pub fn begin_session(&mut self) -> Result<()> {
        let pid = i64::from(std::process::id());
        let host = this_host();
        let day_ago = crate::clock::stored(self.clock.now() - chrono::TimeDelta::days(1));
        let id = self.write_quietly(|tx| {
            let at = tx.now();
            let id = tx.new_id();
            // Sessions gone for a day will never beat again.
            tx.execute("DELETE FROM sessions WHERE heartbeat_at < ?1", [&day_ago])?;
            tx.execute(
                "INSERT INTO sessions (id, host, pid, started_at, heartbeat_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?4, ?4)",
                params![id, host, pid, at],
            )?;
            Ok(id)
        })?;
        self.session = Some(id);
        Ok(())
    }

    /// Tell other sessions this one is still alive (registering again if its row was
    /// cleaned away while this process was stopped for a long time).
    pub fn heartbeat(&mut self) -> Result<()> {
        let Some(id) = self.session.clone() else { return Ok(()) };
        let (host, pid) = (this_host(), i64::from(std::process::id()));
        self.write_quietly(|tx| {
            let at = tx.now();
            let beat = tx
                .prepare_cached("UPDATE sessions SET heartbeat_at = ?1, updated_at = ?1 WHERE id = ?2")?
                .execute(params![at, id])?;
            if beat == 0 {
                tx.prepare_cached(
                    "INSERT INTO sessions (id, host, pid, started_at, heartbeat_at, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?4, ?4, ?4)",
                )?
                .execute(params![id, host, pid, at])?;
            }
            Ok(())
        })
    }

    /// Unregister this session (on a clean exit); its drafts count as left behind.
    pub fn end_session(&mut self) -> Result<()> {
        let Some(id) = self.session.take() else { return Ok(()) };
        self.write_quietly(|tx| {
            tx.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Save this session's draft of `target`, replacing its earlier one; another session's
    /// draft of the same field is left alone (each typist keeps their own words).
    fn upsert_draft(
        &mut self,
        consultation_id: Option<&str>,
        target: &DraftTarget,
        body: &str,
        started_from: Option<&str>,
    ) -> Result<()> {
        let body = normalize(body);
        let started_from = started_from.map(normalize);
        let target = target.to_string();
        let session = self.session.clone();
        self.write_quietly(|tx| {
            let at = tx.now();
            tx.prepare_cached("DELETE FROM drafts WHERE consultation_id IS ?1 AND target = ?2 AND session_id IS ?3")?
                .execute(params![consultation_id, target, session])?;
            tx.prepare_cached(
                "INSERT INTO drafts (id, consultation_id, target, body, session_id, started_from, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(params![tx.new_id(), consultation_id, target, body, session, started_from, at])?;
            Ok(())
        })
    }

    /// Save the text being typed into a form `target`. Cheap enough to call every second.
    pub fn save_draft(&mut self, consultation: &Consultation, target: &DraftTarget, body: &str) -> Result<()> {
        self.upsert_draft(Some(&consultation.id), target, body, None)
    }

    /// Save the text being typed into a field, with the value its editor started from, so
    /// that recovering it never overwrites what someone else saved meanwhile.
    pub fn save_edit_draft(
        &mut self,
        consultation: &Consultation,
        target: &DraftTarget,
        edit: &TextEdit,
    ) -> Result<()> {
        self.upsert_draft(Some(&consultation.id), target, &edit.text, Some(&edit.started_from))
    }

    /// Save a draft that belongs to no consultation yet (the new-consultation form).
    pub fn save_global_draft(&mut self, target: &DraftTarget, body: &str) -> Result<()> {
        self.upsert_draft(None, target, body, None)
    }

    /// Forget this session's draft (its field was left unchanged, or its form was submitted
    /// or discarded).
    pub fn discard_draft(&mut self, consultation: &Consultation, target: &DraftTarget) -> Result<()> {
        let target = target.to_string();
        let session = self.session.clone();
        self.write_quietly(|tx| delete_draft(tx, consultation, &target, session.as_deref()))
    }

    /// Forget one stored draft, whoever typed it: a left-behind draft a person has dealt with.
    pub fn discard_stored_draft(&mut self, id: &str) -> Result<()> {
        self.write_quietly(|tx| {
            tx.prepare_cached("DELETE FROM drafts WHERE id = ?1")?.execute([id])?;
            Ok(())
        })
    }

    pub fn discard_global_draft(&mut self, target: &DraftTarget) -> Result<()> {
        let target = target.to_string();
        let session = self.session.clone();
        self.write_quietly(|tx| {
            tx.prepare_cached("DELETE FROM drafts WHERE consultation_id IS NULL AND target = ?1 AND session_id IS ?2")?
                .execute(params![target, session])?;
            Ok(())
        })
    }

    /// Every draft of a consultation (or, with `None`, the global ones), oldest first;
    /// targets that no longer parse are skipped. `left_behind_only` keeps those whose
    /// session is gone (or is this one).
    fn drafts_where(&self, consultation_id: Option<&str>, left_behind_only: bool) -> Result<Vec<StoredDraft>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.target, d.body, d.started_from, s.host, s.pid, s.heartbeat_at FROM drafts d
               LEFT JOIN sessions s ON s.id = d.session_id AND d.session_id IS NOT ?2
              WHERE d.consultation_id IS ?1
              ORDER BY d.updated_at, d.id",
        )?;
        let rows = stmt.query_map(params![consultation_id, self.session], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut drafts = Vec::new();
        for row in rows {
            let (id, target, body, started_from, host, pid, heartbeat) = row?;
            // Someone else's live typing is theirs; this session's own drafts and those of
            // sessions that are gone are left behind.
            if left_behind_only && session_is_live(self.clock.now(), host, pid, heartbeat.as_deref()) {
                continue;
            }
            if let Ok(target) = target.parse() {
                drafts.push(StoredDraft { id, target, body, started_from });
            }
        }
        Ok(drafts)
    }

    /// Every draft of a consultation, oldest first, whoever is typing it.
    pub fn drafts(&self, consultation: &Consultation) -> Result<Vec<(DraftTarget, String)>> {
        Ok(self.drafts_where(Some(&consultation.id), false)?.into_iter().map(|d| (d.target, d.body)).collect())
    }

    /// Unfinished forms left behind by a session that is no longer running: (form, saved
    /// fields), oldest first. This session takes them over, so submitting or discarding one
    /// here drops it, and a form of the same kind opened here replaces it only once it was
    /// offered.
    pub fn form_drafts(&mut self, consultation: Option<&Consultation>) -> Result<Vec<(FormDraft, String)>> {
        let left: Vec<StoredDraft> = self
            .drafts_where(consultation.map(|c| c.id.as_str()), true)?
            .into_iter()
            .filter(|d| matches!(d.target, DraftTarget::Form { .. }))
            .collect();
        let session = self.session.clone();
        if session.is_some() && !left.is_empty() {
            let consultation_id = consultation.map(|c| c.id.clone());
            self.write_quietly(|tx| {
                for draft in &left {
                    tx.prepare_cached(
                        "DELETE FROM drafts WHERE consultation_id IS ?1 AND target = ?2 AND session_id IS ?3 AND id <> ?4",
                    )?
                    .execute(params![consultation_id, draft.target.to_string(), session, draft.id])?;
                    tx.prepare_cached("UPDATE drafts SET session_id = ?1 WHERE id = ?2")?
                        .execute(params![session, draft.id])?;
                }
                Ok(())
            })?;
        }
        Ok(left
            .into_iter()
            .filter_map(|d| match d.target {
                DraftTarget::Form { form } => Some((form, d.body)),
                _ => None,
            })
            .collect())
    }

    /// Commit the drafts that a killed or crashed session left behind into their fields, so
    /// the text is where the consultant expects it; a live session's drafts are left alone.
    /// A draft is committed only over the value its editor started from: where someone
    /// changed the field since, it stays a draft and comes back as a conflict for a person
    /// to settle. Form drafts are left for the screen to reopen (see [`Store::form_drafts`]).
    pub fn recover_drafts(
        &mut self,
        consultation: &Consultation,
        questionnaire: &Questionnaire,
        meeting_id: Option<&str>,
    ) -> Result<Recovery> {
        let mut recovery = Recovery::default();
        let responses = self.responses(consultation)?;
        for draft in self.drafts_where(Some(&consultation.id), true)? {
            // Drafts saved before chec kept the starting value go in over what is stored.
            let edit =
                |stored: &str| TextEdit::new(draft.started_from.as_deref().unwrap_or(stored), draft.body.as_str());
            let saved = match &draft.target {
                DraftTarget::Response { question_id, field } => {
                    let Some(question) = questionnaire.question(question_id) else {
                        self.discard_stored_draft(&draft.id)?;
                        continue;
                    };
                    let stored = responses.get(question_id).map_or("", |r| r.text(*field)).to_string();
                    let question = QuestionRef { id: &question.id, stage: &question.stage };
                    match self.set_response_text(consultation, question, *field, &edit(&stored), meeting_id) {
                        Ok(saved) => saved,
                        // Kept as a draft until the stage is reopened: never forced in, never lost.
                        Err(super::StoreError::SignedOff(_)) => continue,
                        Err(e) => return Err(e),
                    }
                }
                DraftTarget::Meeting { meeting_id: id, field } => {
                    let Some(meeting) = self.meetings(consultation)?.into_iter().find(|m| m.id == *id) else {
                        self.discard_stored_draft(&draft.id)?;
                        continue;
                    };
                    let stored = meeting.text(*field).to_string();
                    self.set_meeting_text(consultation, id, *field, &edit(&stored))?
                }
                DraftTarget::Form { .. } => continue,
            };
            match saved {
                Saved::Conflict(conflict) => recovery.conflicts.push((draft, *conflict)),
                Saved::Changed | Saved::Unchanged => {
                    // The write dropped this session's draft; the left-behind one goes too.
                    self.discard_stored_draft(&draft.id)?;
                    recovery.recovered.push(draft.target);
                }
            }
        }
        Ok(recovery)
    }
}
