//! The outbox: every change chec makes is also written as one immutable event, in the
//! transaction that makes the change, so no change can happen without its event (nor the
//! event without the change). A team's repository carries them to other machines.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, Tx};
use crate::domain::replay::{Head, replaced_heads};
use crate::domain::team::Refusal;
use crate::domain::{Change, Consultation, Event, Team, TextTarget};

/// The consultation an event belongs to: its id and key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Of<'a> {
    pub id: &'a str,
    pub key: &'a str,
}

impl<'a> From<&'a Consultation> for Of<'a> {
    fn from(c: &'a Consultation) -> Of<'a> {
        Of { id: &c.id, key: &c.key }
    }
}

/// The consultation (id, key) a meeting belongs to.
pub(super) fn consultation_of_meeting(conn: &Connection, meeting_id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.id, c.key FROM meetings m JOIN consultations c ON c.id = m.consultation_id WHERE m.id = ?1",
        )?
        .query_row([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The team's roles as this database last read them, if it belongs to a team that has any.
pub(super) fn roles(conn: &Connection) -> Result<Option<Team>> {
    let text: Option<String> =
        conn.prepare_cached("SELECT roles FROM team WHERE id = 1")?.query_row([], |r| r.get(0)).optional()?.flatten();
    Ok(text.and_then(|t| Team::parse(&t).ok()))
}

/// Write `change` as an event made now by `actor`, numbered after every event this database
/// has made or seen. A change the team's roles do not allow `actor` is refused here, before
/// anything is written, rather than by every other machine later.
pub(super) fn record(tx: &Tx<'_>, actor: &str, of: Of<'_>, change: Change) -> Result<Event> {
    if !tx.keeps_events {
        // A test playing a chec from before events: nothing to write them to.
        return Ok(Event {
            id: tx.new_id(),
            lamport: 0,
            at: tx.now(),
            author: actor.to_string(),
            device: String::new(),
            consultation: of.id.to_string(),
            key: of.key.to_string(),
            change,
        });
    }
    if let Some(team) = roles(tx)?
        && let Err(refusal @ Refusal::NotAllowed { .. }) = team.allows(actor, &change)
    {
        return Err(StoreError::Invalid(format!("not saved: {refusal}")));
    }
    let (lamport, device): (i64, String) = tx
        .prepare_cached("UPDATE team SET lamport = lamport + 1 WHERE id = 1 RETURNING lamport, device")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let event = Event {
        id: tx.new_id(),
        lamport: lamport as u64,
        at: tx.now(),
        author: actor.to_string(),
        device,
        consultation: of.id.to_string(),
        key: of.key.to_string(),
        change,
    };
    insert_event(tx, &event, None, false)?;
    Ok(event)
}

/// Store an event: this device's (`origin` `None`, not yet sent) or one imported from a
/// team file (`origin` its file:line).
pub(super) fn insert_event(conn: &Connection, event: &Event, origin: Option<&str>, sent: bool) -> Result<()> {
    insert_event_line(conn, event, &event.to_line(), origin, sent)
}

/// [`insert_event`], with the event's line already made.
pub(super) fn insert_event_line(
    conn: &Connection,
    event: &Event,
    line: &str,
    origin: Option<&str>,
    sent: bool,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO events (id, consultation_id, lamport, device, kind, body, origin, sent, author_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        event.id,
        event.consultation,
        event.lamport as i64,
        event.device,
        event.change.kind(),
        line,
        origin,
        sent,
        crate::domain::team::member_key(&event.author),
        event.at
    ])?;
    Ok(())
}

/// The heads of a text field of consultation `consultation`, in replay order. (A target
/// names a record's field, and an answer's record is its question: the same target in two
/// consultations is two fields.)
pub(super) fn heads(conn: &Connection, consultation: &str, target: &str) -> Result<Vec<Head>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.event_id, h.value, h.author, h.at, h.device FROM text_heads h
           LEFT JOIN events e ON e.id = h.event_id
          WHERE h.consultation_id = ?1 AND h.target = ?2 ORDER BY e.lamport, h.event_id",
    )?;
    let rows = stmt.query_map([consultation, target], |r| {
        Ok(Head { event: r.get(0)?, value: r.get(1)?, author: r.get(2)?, at: r.get(3)?, device: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The heads an edit of `target` of consultation `consultation` that started from
/// `started_from` replaces.
pub(super) fn parents_for(
    conn: &Connection,
    consultation: &str,
    target: &TextTarget,
    started_from: Option<&str>,
) -> Result<Vec<String>> {
    Ok(replaced_heads(&heads(conn, consultation, &target.to_string())?, started_from))
}

/// `event` set `target` to `value`, replacing the heads `replaced`.
pub(super) fn set_head(
    conn: &Connection,
    target: &TextTarget,
    replaced: &[String],
    event: &Event,
    value: &str,
) -> Result<()> {
    if event.lamport == 0 {
        return Ok(());
    }
    let target = target.to_string();
    let c = event.consultation.as_str();
    // (A parent of another consultation, as events recorded before heads were kept per
    // consultation may name, is not this field's: nothing goes.)
    let mut drop =
        conn.prepare_cached("DELETE FROM text_heads WHERE consultation_id = ?1 AND target = ?2 AND event_id = ?3")?;
    for parent in replaced {
        drop.execute(params![c, target, parent])?;
    }
    conn.prepare_cached(
        "INSERT OR REPLACE INTO text_heads (consultation_id, target, event_id, value, author, at, device)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![event.consultation, target, event.id, value, event.author, event.at, event.device])?;
    // Two values or more (a head whose value is not this one's): a conflict. (Not `count`
    // of `DISTINCT` values: SQLite makes and drops a table of its own for the `DISTINCT`,
    // which cost more than the rest of the statement.)
    let conflict: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM text_heads WHERE consultation_id = ?1 AND target = ?2 AND value <> ?3)",
        )?
        .query_row([c, &target, value], |r| r.get(0))?;
    if conflict && !target.ends_with(":attendees") {
        conn.prepare_cached("INSERT OR IGNORE INTO text_conflicts (consultation_id, target) VALUES (?1, ?2)")?
            .execute(params![c, target])?;
    } else {
        conn.prepare_cached("DELETE FROM text_conflicts WHERE consultation_id = ?1 AND target = ?2")?
            .execute([c, &target])?;
    }
    Ok(())
}

/// Record a change to a text field: its event, replacing the heads that held what the
/// editor started from (all of them, with no starting value), and the new head.
pub(super) fn record_text(
    tx: &Tx<'_>,
    actor: &str,
    of: Of<'_>,
    target: &TextTarget,
    started_from: Option<&str>,
    value: &str,
    change: impl FnOnce(Vec<String>) -> Change,
) -> Result<Event> {
    let parents = if tx.keeps_events { parents_for(tx, of.id, target, started_from)? } else { Vec::new() };
    let event = record(tx, actor, of, change(parents.clone()))?;
    set_head(tx, target, &parents, &event, value)?;
    Ok(event)
}

/// Attendees as a text head holds them.
pub(super) fn attendees_text(attendees: &[crate::domain::Attendee]) -> String {
    serde_json::to_string(attendees).unwrap_or_default()
}

impl Store {
    /// This database's device id: stable, random, never shared with another database.
    pub fn device(&self) -> Result<String> {
        Ok(self.conn.prepare_cached("SELECT device FROM team WHERE id = 1")?.query_row([], |r| r.get(0))?)
    }

    /// The Lamport clock of the last event this database made or saw.
    pub fn lamport(&self) -> Result<u64> {
        let n: i64 = self.conn.prepare_cached("SELECT lamport FROM team WHERE id = 1")?.query_row([], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Every event of a consultation, in replay order; those kept aside too.
    pub fn events(&self, consultation: &Consultation) -> Result<Vec<Event>> {
        self.events_where("consultation_id = ?1", "", params![consultation.id])
    }

    /// This device's events not yet committed to the team's repository, in order.
    pub fn unsent_events(&self) -> Result<Vec<Event>> {
        self.events_where("sent = 0", "", params![])
    }

    /// [`Store::unsent_events`] a page at a time: up to `limit` of them after the event
    /// `after` (its Lamport clock and id), so that publishing a whole record holds only a
    /// page in memory.
    pub fn unsent_events_after(&self, after: Option<(u64, &str)>, limit: usize) -> Result<Vec<Event>> {
        let (lamport, id) = after.map_or((-1, ""), |(l, id)| (l as i64, id));
        self.events_where(
            "sent = 0 AND (lamport > ?1 OR (lamport = ?1 AND id > ?2))",
            "LIMIT ?3",
            params![lamport, id, limit as i64],
        )
    }

    /// How many of this device's events wait to be committed to the team's repository.
    pub fn unsent_count(&self) -> Result<usize> {
        let n: i64 =
            self.conn.prepare_cached("SELECT count(*) FROM events WHERE sent = 0")?.query_row([], |r| r.get(0))?;
        Ok(n as usize)
    }

    fn events_where(&self, condition: &str, limit: &str, params: impl rusqlite::Params) -> Result<Vec<Event>> {
        let sql = format!("SELECT body FROM events WHERE {condition} ORDER BY lamport, id {limit}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let bodies = stmt.query_map(params, |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        bodies
            .iter()
            .map(|b| {
                Event::parse_line(b, true)
                    .map_err(|e| StoreError::Invalid(format!("a stored event cannot be read: {e}")))
            })
            .collect()
    }

    /// Everyone who made a change recorded in this database, by name, in the order first met.
    pub fn event_authors(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT json_extract(body, '$.author') FROM events GROUP BY author_key ORDER BY min(lamport)")?;
        let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
        Ok(rows.filter_map(|r| r.transpose()).collect::<rusqlite::Result<_>>()?)
    }

    /// The heads of one text field of a consultation, in replay order: one value, or two or
    /// more in conflict.
    pub fn text_heads(&self, consultation: &Consultation, target: &TextTarget) -> Result<Vec<Head>> {
        heads(&self.conn, &consultation.id, &target.to_string())
    }
}

/// The `session_id` of a meeting started on another machine of the team: it runs (and
/// ends) there, so this machine never offers to resume it.
pub(super) const ELSEWHERE: &str = "device:";

/// Keep the heads of the text field `event` sets (if it sets one): what it replaced goes,
/// it comes. A meeting's start sets its agenda and attendees.
pub(super) fn update_heads(conn: &Connection, event: &Event) -> Result<()> {
    match &event.change {
        Change::MeetingStarted { meeting, agenda, attendees, .. } => {
            let agenda_target =
                TextTarget::Meeting { meeting: meeting.clone(), field: crate::domain::MeetingField::Agenda };
            set_head(conn, &agenda_target, &[], event, agenda)?;
            set_head(conn, &TextTarget::Attendees { meeting: meeting.clone() }, &[], event, &attendees_text(attendees))
        }
        Change::AttendeesChanged { meeting, attendees, parents } => set_head(
            conn,
            &TextTarget::Attendees { meeting: meeting.clone() },
            parents,
            event,
            &attendees_text(attendees),
        ),
        change => match change.text_target() {
            Some((target, value)) => set_head(conn, &target, change.parents(), event, &value),
            None => Ok(()),
        },
    }
}
