//! Storing the events an import read from a team's repository, and reading its files as
//! they are stored (a first import), so that memory holds a part of the repository at a time
//! rather than all of it.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{OptionalExtension, params};

use super::events::insert_event_line;
use super::replay::{Context, Lines, Parsed, apply_in_order, parsed, stored_lines};
use super::{Result, StoreError, Tx};
use crate::domain::Event;

/// An event read from a team file, and where: `events/CARE/kim-a1b2.jsonl:12`.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub event: Event,
    pub place: String,
}

/// Something that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// `file:line`, or `this machine` for one of this database's own events.
    pub place: String,
    pub message: String,
}

/// How far a team file has been read: bytes up to the end of its last whole line, and lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileMark {
    pub bytes: u64,
    pub lines: u64,
}

/// Where a problem with one of this database's own events is.
pub(super) const OWN: &str = "this machine";

/// What a part of a team's files held.
#[derive(Debug, Default)]
pub struct ReadPart {
    pub events: Vec<Incoming>,
    /// Lines that are not events chec can read.
    pub problems: Vec<Problem>,
    /// How far each file was read now.
    pub files: Vec<(String, FileMark)>,
}

/// Files of a team's repository not read yet (see [`super::Import::later`]).
pub trait ReadLater: std::fmt::Debug + Send {
    /// Read every part, in order, handing each to `each` as it is read; from the start
    /// again when called again (an import run again reads them again). Stops at the first
    /// error, of reading or of `each`.
    fn read(&self, each: &mut dyn FnMut(ReadPart) -> Result<()>) -> Result<()>;

    /// Every part at once, as one.
    fn read_all(&self) -> Result<ReadPart>;
}

/// The events of an import being stored, and what the rest of the import needs of them.
#[derive(Default)]
pub(super) struct Storing {
    /// Into a database without events: nothing to look up before storing.
    pub first: bool,
    /// Each consultation's last event before this import.
    pub frontier: HashMap<String, Option<(i64, String)>>,
    /// Each consultation's new events: (lamport, id, where in the import's `events`); none
    /// listed for events read part by part (a first import reads them back).
    pub new: BTreeMap<String, Vec<(i64, String, usize)>>,
    /// The highest Lamport clock stored.
    pub lamport: i64,
    pub new_events: usize,
}

impl Storing {
    /// Store one event read from a team file, unless this database has it already (by id);
    /// one with an id already here and other content is a problem. `at`: where it is in the
    /// import's `events`, if there.
    pub(super) fn store(
        &mut self,
        tx: &Tx<'_>,
        incoming: &Incoming,
        at: Option<usize>,
        problems: &mut Vec<Problem>,
    ) -> Result<()> {
        let e = &incoming.event;
        let line = e.to_line();
        if self.first {
            // The primary key finds a doubled id: the row is not stored, and read back.
            let stored = tx
                .prepare_cached(
                    "INSERT INTO events (id, consultation_id, lamport, device, kind, body, origin, sent, author_key,
                                         created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9) ON CONFLICT (id) DO NOTHING",
                )?
                .execute(params![
                    e.id,
                    e.consultation,
                    e.lamport as i64,
                    e.device,
                    e.change.kind(),
                    line,
                    incoming.place,
                    crate::domain::team::member_key(&e.author),
                    e.at
                ])?;
            if stored == 0 {
                return self.doubled(tx, incoming, &line, problems);
            }
            if !self.frontier.contains_key(&e.consultation) {
                self.frontier.insert(e.consultation.clone(), None);
            }
        } else {
            if self.doubled_here(tx, incoming, &line, problems)? {
                return Ok(());
            }
            if !self.frontier.contains_key(&e.consultation) {
                let last: Option<(i64, String)> = tx
                    .prepare_cached(
                        "SELECT lamport, id FROM events WHERE consultation_id = ?1 ORDER BY lamport DESC, id DESC LIMIT 1",
                    )?
                    .query_row([&e.consultation], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                self.frontier.insert(e.consultation.clone(), last);
            }
            insert_event_line(tx, e, &line, Some(&incoming.place), true)?;
        }
        let listed = self.new.entry(e.consultation.clone()).or_default();
        if let Some(at) = at {
            listed.push((e.lamport as i64, e.id.clone(), at));
        }
        self.lamport = self.lamport.max(e.lamport as i64);
        self.new_events += 1;
        Ok(())
    }

    /// Whether an event with this id is stored already (then it is not stored again; with
    /// other content, that is a problem).
    fn doubled_here(&self, tx: &Tx<'_>, incoming: &Incoming, line: &str, problems: &mut Vec<Problem>) -> Result<bool> {
        let stored: Option<(String, Option<String>)> = tx
            .prepare_cached("SELECT body, origin FROM events WHERE id = ?1")?
            .query_row([&incoming.event.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((body, origin)) = stored else { return Ok(false) };
        if body != line {
            let first = origin.unwrap_or_else(|| OWN.to_string());
            problems.push(Problem {
                place: incoming.place.clone(),
                message: format!(
                    "duplicated event id {} (first at {first}) with other content: ignored",
                    incoming.event.id
                ),
            });
        }
        Ok(true)
    }

    fn doubled(&self, tx: &Tx<'_>, incoming: &Incoming, line: &str, problems: &mut Vec<Problem>) -> Result<()> {
        self.doubled_here(tx, incoming, line, problems).map(|_| ())
    }
}

/// Apply every stored event of each consultation of `ids` (in turn) on top of what it holds:
/// for a first import, which stores the events as it reads them rather than holding them
/// all, and applies each consultation's once all are stored. (Into a database without
/// events, what a consultation holds is what its events built: nothing, so applying them
/// all is replaying it, without the clearing.) A thread reads the lines of the next
/// consultations while one is applied.
pub(super) fn apply_stored(conn: &rusqlite::Connection, ids: &[&String], context: &Context) -> Result<()> {
    /// How many consultations' lines are read ahead of the one applied.
    const AHEAD: usize = 2;
    std::thread::scope(|scope| {
        // (Each channel holds more than the consultations read ahead: neither side waits
        // for the other for ever.)
        let (send_lines, lines) = std::sync::mpsc::sync_channel::<Lines>(AHEAD + 1);
        let (send_parsed, parsed_events) = std::sync::mpsc::sync_channel::<Parsed>(AHEAD + 1);
        scope.spawn(move || {
            for lines in lines {
                if send_parsed.send(parsed(lines)).is_err() {
                    break;
                }
            }
        });
        let mut sent = 0;
        for (n, id) in ids.iter().enumerate() {
            while sent < ids.len() && sent <= n + AHEAD {
                if send_lines.send(stored_lines(conn, ids[sent])?).is_err() {
                    break;
                }
                sent += 1;
            }
            let Ok(parsed) = parsed_events.recv() else {
                return Err(StoreError::Invalid("the events could not be read back".into()));
            };
            let mut opened: bool = conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM consultations WHERE id = ?1)")?
                .query_row([id], |r| r.get(0))?;
            let events: Vec<(&str, std::result::Result<&Event, String>)> =
                parsed.iter().map(|(id, event)| (id.as_str(), event.as_ref().map_err(String::clone))).collect();
            apply_in_order(conn, &events, context, &HashMap::new(), &mut opened)?;
        }
        Ok(())
    })
}
