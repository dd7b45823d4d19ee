//! Meetings and their attendees.

use rusqlite::{OptionalExtension, Row, params};

use super::events::{self, Of};
use super::{Result, Store, StoreError, Tx};
use crate::domain::response::FieldChange;
use crate::domain::{
    Attendee, Change, Conflict, Consultation, DraftTarget, EditCheck, Meeting, MeetingField, NewMeeting, Saved,
    TextEdit, TextTarget,
};
use crate::text::{normalize, stored, stored_as_typed};

const MEETING_COLUMNS: &str =
    "id, seq, stage, started_at, ended_at, agenda, notes, decisions, next_steps, minute_taker";

fn meeting_from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        seq: r.get(1)?,
        stage: r.get(2)?,
        started_at: r.get(3)?,
        ended_at: r.get(4)?,
        agenda: r.get(5)?,
        notes: r.get(6)?,
        decisions: r.get(7)?,
        next_steps: r.get(8)?,
        attendees: Vec::new(),
        minute_taker: r.get(9)?,
    })
}

/// Set a meeting's `field` from `old` to `text`, at `at` by `actor`, and add the change to
/// its history: the write of a local edit and of a team conflict settled alike.
pub(super) fn write_meeting_text(
    tx: &Tx<'_>,
    meeting_id: &str,
    field: MeetingField,
    old: &str,
    text: &str,
    actor: &str,
    at: &str,
) -> Result<()> {
    let column = field_column(field);
    tx.prepare_cached(&format!("UPDATE meetings SET {column} = ?1, updated_at = ?2 WHERE id = ?3"))?
        .execute(params![text, at, meeting_id])?;
    tx.prepare_cached(
        "INSERT INTO meeting_history (id, meeting_id, field, old_value, new_value, changed_by, changed_at,
                                      created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
    )?
    .execute(params![tx.new_id(), meeting_id, field.as_str(), old, text, actor, at])?;
    Ok(())
}

pub(super) fn field_column(field: MeetingField) -> &'static str {
    match field {
        MeetingField::Agenda => "agenda",
        MeetingField::Notes => "notes",
        MeetingField::Decisions => "decisions",
        MeetingField::NextSteps => "next_steps",
    }
}

fn insert_attendees(tx: &Tx<'_>, meeting_id: &str, attendees: &[Attendee], at: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO attendees (id, meeting_id, position, name, role, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?;
    for (position, a) in attendees.iter().enumerate() {
        stmt.execute(params![tx.new_id(), meeting_id, position as i64, normalize(&a.name), normalize(&a.role), at])?;
    }
    Ok(())
}

impl Store {
    /// Start a meeting. Only one meeting per consultation runs at a time.
    pub fn start_meeting(&mut self, consultation: &Consultation, new: &NewMeeting) -> Result<Meeting> {
        let agenda = stored(&new.agenda);
        let session = self.session.clone();
        let minute_taker = self.actor.clone();
        let id = self.write(|tx| {
            let running: Option<i64> = tx
                .prepare_cached("SELECT seq FROM meetings WHERE consultation_id = ?1 AND ended_at IS NULL")?
                .query_row([&consultation.id], |r| r.get(0))
                .optional()?;
            if let Some(seq) = running {
                return Err(StoreError::MeetingRunning { key: consultation.key.clone(), seq });
            }
            let seq: i64 = tx.query_row(
                "UPDATE consultations SET next_meeting_seq = next_meeting_seq + 1 WHERE id = ?1
                 RETURNING next_meeting_seq - 1",
                [&consultation.id],
                |r| r.get(0),
            )?;
            let at = tx.now();
            let id = tx.new_id();
            tx.execute(
                "INSERT INTO meetings (id, consultation_id, seq, stage, started_at, agenda, session_id, minute_taker,
                                       created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5, ?5)",
                params![id, consultation.id, seq, new.stage, at, agenda, session, minute_taker],
            )?;
            insert_attendees(tx, &id, &new.attendees, &at)?;
            let attendees: Vec<Attendee> =
                new.attendees.iter().map(|a| Attendee { name: normalize(&a.name), role: normalize(&a.role) }).collect();
            let change = Change::MeetingStarted {
                meeting: id.clone(),
                seq,
                stage: new.stage.clone(),
                agenda: agenda.clone(),
                attendees: attendees.clone(),
                minute_taker: minute_taker.clone(),
            };
            let event = events::record(tx, &minute_taker, consultation.into(), change)?;
            let agenda_target = TextTarget::Meeting { meeting: id.clone(), field: MeetingField::Agenda };
            events::set_head(tx, &agenda_target, &[], &event, &agenda)?;
            let attendees_target = TextTarget::Attendees { meeting: id.clone() };
            events::set_head(tx, &attendees_target, &[], &event, &events::attendees_text(&attendees))?;
            Ok(id)
        })?;
        self.meeting(&id)?.ok_or_else(|| StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    /// A meeting by id, with its attendees.
    pub fn meeting(&self, id: &str) -> Result<Option<Meeting>> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE id = ?1");
        let meeting = self.conn.prepare_cached(&sql)?.query_row([id], meeting_from_row).optional()?;
        meeting.map(|m| self.with_attendees(m)).transpose()
    }

    fn with_attendees(&self, mut meeting: Meeting) -> Result<Meeting> {
        let mut stmt =
            self.conn.prepare_cached("SELECT name, role FROM attendees WHERE meeting_id = ?1 ORDER BY position")?;
        meeting.attendees = stmt
            .query_map([&meeting.id], |r| Ok(Attendee { name: r.get(0)?, role: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(meeting)
    }

    /// The meeting of this consultation that has not ended (left open by a crash, or running).
    pub fn running_meeting(&self, consultation: &Consultation) -> Result<Option<Meeting>> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE consultation_id = ?1 AND ended_at IS NULL");
        let meeting = self.conn.prepare_cached(&sql)?.query_row([&consultation.id], meeting_from_row).optional()?;
        meeting.map(|m| self.with_attendees(m)).transpose()
    }

    /// Every meeting of a consultation, first to last.
    pub fn meetings(&self, consultation: &Consultation) -> Result<Vec<Meeting>> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE consultation_id = ?1 ORDER BY seq");
        let meetings: Vec<Meeting> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([&consultation.id], meeting_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        meetings.into_iter().map(|m| self.with_attendees(m)).collect()
    }

    /// Commit a meeting's agenda, notes, decisions or next steps over the value its editor
    /// started from, record the change, and drop this session's draft, in one transaction.
    /// If someone else changed the field meanwhile, nothing is written and the conflict is
    /// returned.
    pub fn set_meeting_text(
        &mut self,
        consultation: &Consultation,
        meeting_id: &str,
        field: MeetingField,
        edit: &TextEdit,
    ) -> Result<Saved> {
        let text = stored_as_typed(&edit.text);
        let edit = TextEdit::new(normalize(&edit.started_from), text.clone());
        let draft = DraftTarget::Meeting { meeting_id: meeting_id.to_string(), field }.to_string();
        let actor = self.actor.clone();
        let session = self.session.clone();
        self.write(|tx| {
            let column = field_column(field);
            let old: Option<(String, i64)> = tx
                .prepare_cached(&format!("SELECT {column}, seq FROM meetings WHERE id = ?1 AND consultation_id = ?2"))?
                .query_row(params![meeting_id, consultation.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((old, seq)) = old else {
                return Err(StoreError::Invalid(format!("{} has no such meeting", consultation.key)));
            };
            match edit.check(&old) {
                EditCheck::Apply => {}
                EditCheck::Unchanged => {
                    super::drafts::delete_draft(tx, consultation, &draft, session.as_deref())?;
                    return Ok(Saved::Unchanged);
                }
                EditCheck::Conflict => {
                    let last: Option<(String, String)> = tx
                        .prepare_cached(
                            "SELECT changed_by, changed_at FROM meeting_history WHERE meeting_id = ?1 AND field = ?2
                              ORDER BY changed_at DESC, id DESC LIMIT 1",
                        )?
                        .query_row(params![meeting_id, field.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?;
                    return Ok(Saved::Conflict(Box::new(Conflict {
                        field: format!("the {} of meeting {seq}", field.label()),
                        started_from: edit.started_from.clone(),
                        theirs: old,
                        mine: text.clone(),
                        by: last.as_ref().map(|l| l.0.clone()),
                        at: last.map(|l| l.1),
                    })));
                }
            }
            write_meeting_text(tx, meeting_id, field, &old, &text, &actor, &tx.now())?;
            let target = TextTarget::Meeting { meeting: meeting_id.to_string(), field };
            let started_from = Some(edit.started_from.as_str());
            events::record_text(tx, &actor, consultation.into(), &target, started_from, &text, |parents| {
                Change::MeetingText {
                    meeting: meeting_id.to_string(),
                    field,
                    from: old.clone(),
                    to: text.clone(),
                    parents,
                }
            })?;
            super::drafts::delete_draft(tx, consultation, &draft, session.as_deref())?;
            Ok(Saved::Changed)
        })
    }

    /// Set a meeting's text field over whatever it holds now, with no editor behind it
    /// (imports, tests); the change is recorded in the meeting's history.
    pub fn replace_meeting_text(
        &mut self,
        consultation: &Consultation,
        meeting_id: &str,
        field: MeetingField,
        text: &str,
    ) -> Result<()> {
        let stored = self
            .meetings(consultation)?
            .into_iter()
            .find(|m| m.id == meeting_id)
            .map(|m| m.text(field).to_string())
            .unwrap_or_default();
        // Read and written apart, so another writer may come between: then it is a conflict
        // and is retried over the newer value, which is what "replace" asks for.
        let mut edit = TextEdit::new(stored, text);
        for _ in 0..3 {
            match self.set_meeting_text(consultation, meeting_id, field, &edit)? {
                Saved::Conflict(c) => edit = TextEdit::over(&c.theirs, text),
                _ => return Ok(()),
            }
        }
        Err(StoreError::Invalid("the meeting kept changing while it was being saved".into()))
    }

    /// Replace a meeting's attendees (the list shown replaces every version of it). A
    /// person listed twice is kept once, as every machine of a team merges lists.
    pub fn set_attendees(&mut self, meeting_id: &str, attendees: &[Attendee]) -> Result<()> {
        let actor = self.actor.clone();
        let attendees: Vec<Attendee> =
            attendees.iter().map(|a| Attendee { name: normalize(&a.name), role: normalize(&a.role) }).collect();
        let attendees = crate::domain::replay::merged_attendees(&[attendees]);
        self.write(|tx| {
            let at = tx.now();
            let (consultation_id, key) = events::consultation_of_meeting(tx, meeting_id)?
                .ok_or_else(|| StoreError::Invalid("no such meeting".into()))?;
            tx.prepare_cached("DELETE FROM attendees WHERE meeting_id = ?1")?.execute([meeting_id])?;
            insert_attendees(tx, meeting_id, &attendees, &at)?;
            tx.prepare_cached("UPDATE meetings SET updated_at = ?1 WHERE id = ?2")?.execute(params![at, meeting_id])?;
            let target = TextTarget::Attendees { meeting: meeting_id.to_string() };
            let of = Of { id: &consultation_id, key: &key };
            events::record_text(tx, &actor, of, &target, None, &events::attendees_text(&attendees), |parents| {
                Change::AttendeesChanged { meeting: meeting_id.to_string(), attendees: attendees.clone(), parents }
            })?;
            Ok(())
        })
    }

    /// End a running meeting now.
    pub fn end_meeting(&mut self, meeting_id: &str) -> Result<()> {
        let actor = self.actor.clone();
        self.write(|tx| {
            let at = tx.now();
            let ended = tx
                .prepare_cached(
                    "UPDATE meetings SET ended_at = ?1, updated_at = ?1 WHERE id = ?2 AND ended_at IS NULL",
                )?
                .execute(params![at, meeting_id])?;
            if ended > 0 {
                record_end(tx, &actor, meeting_id, &at)?;
            }
            Ok(())
        })
    }
}

/// The event of a meeting's end, at `ended_at`.
fn record_end(tx: &Tx<'_>, actor: &str, meeting_id: &str, ended_at: &str) -> Result<()> {
    if let Some((consultation_id, key)) = events::consultation_of_meeting(tx, meeting_id)? {
        let change = Change::MeetingEnded { meeting: meeting_id.to_string(), ended_at: ended_at.to_string() };
        events::record(tx, actor, Of { id: &consultation_id, key: &key }, change)?;
    }
    Ok(())
}

/// A session's host, process id and last heartbeat, when known.
type SessionRow = (Option<String>, Option<i64>, Option<String>);

impl Store {
    /// Whether a meeting that has not ended was left open by a session that is gone (killed,
    /// crashed), rather than running right now in another chec.
    pub fn meeting_left_open(&self, meeting: &Meeting) -> Result<bool> {
        let row: Option<(Option<String>, SessionRow)> = self
            .conn
            .prepare_cached(
                "SELECT m.session_id, s.host, s.pid, s.heartbeat_at FROM meetings m
                   LEFT JOIN sessions s ON s.id = m.session_id
                  WHERE m.id = ?1 AND m.ended_at IS NULL",
            )?
            .query_row([&meeting.id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
            .optional()?;
        let Some((session, (host, pid, heartbeat))) = row else { return Ok(false) };
        if session.is_some() && session == self.session {
            return Ok(false);
        }
        // Started on another machine of the team: it runs (or ends) there.
        if session.as_deref().is_some_and(|s| s.starts_with(events::ELSEWHERE)) {
            return Ok(false);
        }
        Ok(!super::drafts::session_is_live(self.clock.now(), host, pid, heartbeat.as_deref()))
    }

    /// Take over a meeting left open by a session that is gone.
    pub fn adopt_meeting(&mut self, meeting_id: &str) -> Result<()> {
        let session = self.session.clone();
        self.write(|tx| {
            tx.prepare_cached("UPDATE meetings SET session_id = ?1, updated_at = ?2 WHERE id = ?3")?
                .execute(params![session, tx.now(), meeting_id])?;
            Ok(())
        })
    }

    /// End a meeting left open by a crash at its last recorded activity, not now (which may
    /// be days later).
    pub fn end_meeting_at_last_activity(&mut self, meeting_id: &str) -> Result<()> {
        let actor = self.actor.clone();
        self.write(|tx| {
            let ended: Option<String> = tx
                .prepare_cached(
                    "UPDATE meetings SET ended_at = max(started_at, updated_at,
                            coalesce((SELECT max(changed_at) FROM response_history WHERE meeting_id = ?1), ''),
                            coalesce((SELECT max(created_at) FROM items WHERE meeting_id = ?1), '')),
                            updated_at = max(started_at, updated_at,
                            coalesce((SELECT max(changed_at) FROM response_history WHERE meeting_id = ?1), ''),
                            coalesce((SELECT max(created_at) FROM items WHERE meeting_id = ?1), ''))
                      WHERE id = ?1 AND ended_at IS NULL
                     RETURNING ended_at",
                )?
                .query_row([meeting_id], |r| r.get(0))
                .optional()?;
            if let Some(at) = ended {
                record_end(tx, &actor, meeting_id, &at)?;
            }
            Ok(())
        })
    }

    /// Meeting number `seq` of a consultation.
    pub fn meeting_by_seq(&self, consultation: &Consultation, seq: i64) -> Result<Option<Meeting>> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE consultation_id = ?1 AND seq = ?2");
        let meeting =
            self.conn.prepare_cached(&sql)?.query_row(params![consultation.id, seq], meeting_from_row).optional()?;
        meeting.map(|m| self.with_attendees(m)).transpose()
    }

    /// The questions a meeting discussed: those whose response it changed, not counting one
    /// touched and put back as it was. In no particular order.
    pub fn questions_discussed_in(&self, meeting: &Meeting) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.question_id, h.field, h.old_value, h.new_value
               FROM response_history h JOIN responses r ON r.id = h.response_id
              WHERE h.meeting_id = ?1
              ORDER BY h.changed_at, h.id",
        )?;
        let rows = stmt.query_map([&meeting.id], |r| {
            Ok(FieldChange { question: r.get(0)?, field: r.get(1)?, old: r.get(2)?, new: r.get(3)? })
        })?;
        let changes = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(crate::domain::response::changed_questions(&changes))
    }
}
