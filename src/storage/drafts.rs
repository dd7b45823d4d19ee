//! Drafts: what is being typed, autosaved every second so a killed process loses at most
//! that much. A draft is deleted in the same transaction that commits its field.
//!
//! Each draft records the TUI session that wrote it. Sessions beat every few seconds; a
//! draft whose session has stopped beating was left behind (killed, crashed, power lost)
//! and is recovered, while a live session's drafts are left alone, so two chec processes on
//! one database never commit each other's half-typed text.

use rusqlite::params;

use super::responses::QuestionRef;
use super::{Result, Store, Tx};
use crate::domain::{Consultation, DraftTarget, Questionnaire};
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

pub(super) fn delete_draft(tx: &Tx<'_>, consultation: &Consultation, target: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM drafts WHERE consultation_id = ?1 AND target = ?2")?
        .execute(params![consultation.id, target])?;
    Ok(())
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

    fn upsert_draft(&mut self, consultation_id: Option<&str>, target: &DraftTarget, body: &str) -> Result<()> {
        let body = normalize(body);
        let target = target.to_string();
        let session = self.session.clone();
        self.write_quietly(|tx| {
            let at = tx.now();
            let sql = if consultation_id.is_some() {
                "INSERT INTO drafts (id, consultation_id, target, body, session_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (consultation_id, target) WHERE consultation_id IS NOT NULL
                 DO UPDATE SET body = excluded.body, session_id = excluded.session_id, updated_at = excluded.updated_at"
            } else {
                "INSERT INTO drafts (id, consultation_id, target, body, session_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (target) WHERE consultation_id IS NULL
                 DO UPDATE SET body = excluded.body, session_id = excluded.session_id, updated_at = excluded.updated_at"
            };
            tx.prepare_cached(sql)?.execute(params![tx.new_id(), consultation_id, target, body, session, at])?;
            Ok(())
        })
    }

    /// Save the text being typed into `target`. Cheap enough to call every second.
    pub fn save_draft(&mut self, consultation: &Consultation, target: &DraftTarget, body: &str) -> Result<()> {
        self.upsert_draft(Some(&consultation.id), target, body)
    }

    /// Save a draft that belongs to no consultation yet (the new-consultation form).
    pub fn save_global_draft(&mut self, target: &DraftTarget, body: &str) -> Result<()> {
        self.upsert_draft(None, target, body)
    }

    /// Forget a draft (its field was left unchanged, or its form was submitted or discarded).
    pub fn discard_draft(&mut self, consultation: &Consultation, target: &DraftTarget) -> Result<()> {
        let target = target.to_string();
        self.write_quietly(|tx| delete_draft(tx, consultation, &target))
    }

    pub fn discard_global_draft(&mut self, target: &DraftTarget) -> Result<()> {
        let target = target.to_string();
        self.write_quietly(|tx| {
            tx.prepare_cached("DELETE FROM drafts WHERE consultation_id IS NULL AND target = ?1")?.execute([target])?;
            Ok(())
        })
    }

    /// Every draft of a consultation (or, with `None`, the global ones), oldest first;
    /// targets that no longer parse are skipped. `left_behind_only` keeps those whose
    /// session is gone (or is this one).
    fn drafts_where(
        &self,
        consultation_id: Option<&str>,
        left_behind_only: bool,
    ) -> Result<Vec<(DraftTarget, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.target, d.body, s.host, s.pid, s.heartbeat_at FROM drafts d
               LEFT JOIN sessions s ON s.id = d.session_id AND d.session_id IS NOT ?2
              WHERE d.consultation_id IS ?1
              ORDER BY d.updated_at, d.id",
        )?;
        let rows = stmt.query_map(params![consultation_id, self.session], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut drafts = Vec::new();
        for row in rows {
            let (target, body, host, pid, heartbeat) = row?;
            // Someone else's live typing is theirs; this session's own drafts and those of
            // sessions that are gone are left behind.
            if left_behind_only && session_is_live(self.clock.now(), host, pid, heartbeat.as_deref()) {
                continue;
            }
            if let Ok(target) = target.parse() {
                drafts.push((target, body));
            }
        }
        Ok(drafts)
    }

    /// Every draft of a consultation, oldest first, whoever is typing it.
    pub fn drafts(&self, consultation: &Consultation) -> Result<Vec<(DraftTarget, String)>> {
        self.drafts_where(Some(&consultation.id), false)
    }

    /// Unfinished forms left behind by a session that is no longer running: (form, saved
    /// fields), oldest first.
    pub fn form_drafts(&self, consultation: Option<&Consultation>) -> Result<Vec<(String, String)>> {
        Ok(self
            .drafts_where(consultation.map(|c| c.id.as_str()), true)?
            .into_iter()
            .filter_map(|(target, body)| match target {
                DraftTarget::Form { form } => Some((form, body)),
                _ => None,
            })
            .collect())
    }

    /// Commit the drafts that a killed or crashed session left behind into their fields, so
    /// the text is where the consultant expects it; a live session's drafts are left alone.
    /// Returns what was recovered. Form drafts are left for the screen to reopen (see
    /// [`Store::form_drafts`]).
    pub fn recover_drafts(
        &mut self,
        consultation: &Consultation,
        questionnaire: &Questionnaire,
        meeting_id: Option<&str>,
    ) -> Result<Vec<DraftTarget>> {
        let mut recovered = Vec::new();
        for (target, body) in self.drafts_where(Some(&consultation.id), true)? {
            match &target {
                DraftTarget::Response { question_id, field } => {
                    let Some(question) = questionnaire.question(question_id) else {
                        self.discard_draft(consultation, &target)?;
                        continue;
                    };
                    let question = QuestionRef { id: &question.id, stage: &question.stage };
                    match self.set_response_text(consultation, question, *field, &body, meeting_id) {
                        Ok(_) => {}
                        // Kept as a draft until the stage is reopened: never forced in, never lost.
                        Err(super::StoreError::SignedOff(_)) => continue,
                        Err(e) => return Err(e),
                    }
                }
                DraftTarget::Meeting { meeting_id: id, field } => {
                    let belongs = self.meetings(consultation)?.iter().any(|m| m.id == *id);
                    if !belongs {
                        self.discard_draft(consultation, &target)?;
                        continue;
                    }
                    self.set_meeting_text(consultation, id, *field, &body)?;
                }
                DraftTarget::Form { .. } => continue,
            }
            recovered.push(target);
        }
        Ok(recovered)
    }
}
