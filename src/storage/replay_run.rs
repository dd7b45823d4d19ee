//! What applying a run of events in order (`replay::apply_in_order`) keeps from one event to
//! the next, so that each costs fewer statements: the consultation's counters written once
//! for a run of items and answers rather than once each, and the meetings already found.
//!
//! It lives for one run only, and what it holds is always true of the database as the
//! events applied so far left it: what an event that is undone (`ROLLBACK TO`) changed here
//! is undone too ([`Run::undo`]), and what is not yet written is written before any event
//! that reads or writes the same columns ([`Run::flush`]) and at the end of the run.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::Change;

/// See the module's documentation.
#[derive(Default)]
pub(super) struct Run {
    /// Meetings known to be in the database: meeting id → its consultation. (Within a run
    /// meetings are only added, never removed but by an undone event.)
    meetings: HashMap<String, String>,
    /// What is not yet written to a consultation's row.
    pending: Option<Pending>,
}

/// A consultation's row as the events applied so far left it, where it differs from what
/// the database holds.
#[derive(Clone)]
pub(super) struct Pending {
    consultation: String,
    /// `next_item_seq`, once read (or changed).
    next_item_seq: Option<i64>,
    updated_at: String,
}

impl Run {
    /// A meeting of `consultation`, if it exists (else the link is dropped, the change kept).
    pub(super) fn meeting_here(
        &mut self,
        conn: &Connection,
        consultation: &str,
        meeting: Option<&str>,
    ) -> Result<Option<String>> {
        let Some(meeting) = meeting else { return Ok(None) };
        if self.meetings.get(meeting).is_some_and(|c| c == consultation) {
            return Ok(Some(meeting.to_string()));
        }
        let found = meeting_here(conn, consultation, Some(meeting))?;
        if found.is_some() {
            self.meetings.insert(meeting.to_string(), consultation.to_string());
        }
        Ok(found)
    }

    /// The number of an item raised in consultation `c` at `at`: its next one, which moves on.
    pub(super) fn raise(&mut self, conn: &Connection, c: &str, at: &str) -> Result<i64> {
        let pending = self.pending_for(conn, c, at)?;
        let seq = match pending.next_item_seq {
            Some(seq) => seq,
            None => conn
                .prepare_cached("SELECT next_item_seq FROM consultations WHERE id = ?1")?
                .query_row([c], |r| r.get(0))?,
        };
        pending.next_item_seq = Some(seq + 1);
        Ok(seq)
    }

    /// Consultation `c` changed at `at`.
    pub(super) fn touch(&mut self, conn: &Connection, c: &str, at: &str) -> Result<()> {
        self.pending_for(conn, c, at)?;
        Ok(())
    }

    fn pending_for(&mut self, conn: &Connection, c: &str, at: &str) -> Result<&mut Pending> {
        if self.pending.as_ref().is_some_and(|p| p.consultation != c) {
            self.flush(conn)?;
        }
        let pending = self.pending.get_or_insert_with(|| Pending {
            consultation: c.to_string(),
            next_item_seq: None,
            updated_at: String::new(),
        });
        at.clone_into(&mut pending.updated_at);
        Ok(pending)
    }

    /// Write what is not yet written.
    pub(super) fn flush(&mut self, conn: &Connection) -> Result<()> {
        if let Some(p) = self.pending.take() {
            conn.prepare_cached(
                "UPDATE consultations SET next_item_seq = coalesce(?1, next_item_seq), updated_at = ?2 WHERE id = ?3",
            )?
            .execute(params![p.next_item_seq, p.updated_at, p.consultation])?;
        }
        Ok(())
    }

    /// Whether `change` may be applied with a consultation's row not yet written: it neither
    /// reads nor writes the columns [`Run::flush`] writes but through this.
    pub(super) fn may_wait(change: &Change) -> bool {
        matches!(
            change,
            Change::ItemRaised { .. }
                | Change::ItemChanged { .. }
                | Change::ResponseText { .. }
                | Change::Assessed { .. }
                | Change::ResponseValue { .. }
                | Change::MeetingText { .. }
                | Change::MeetingEnded { .. }
        )
    }

    /// What is kept about the consultation's row before an event, to be put back by
    /// [`Run::undo`] if the event is undone.
    pub(super) fn before(&self) -> Option<Pending> {
        self.pending.clone()
    }

    /// The event applied since [`Run::before`] was undone: so is what it did here.
    pub(super) fn undo(&mut self, before: Option<Pending>) {
        self.pending = before;
        self.meetings.clear();
    }
}

/// A meeting of this consultation, if it exists (else the link is dropped, the change kept).
fn meeting_here(conn: &Connection, consultation: &str, meeting: Option<&str>) -> Result<Option<String>> {
    let Some(meeting) = meeting else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT id FROM meetings WHERE id = ?1 AND consultation_id = ?2")?
        .query_row(params![meeting, consultation], |r| r.get(0))
        .optional()?)
}
