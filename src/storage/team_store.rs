//! Storing the events an import read from a team's repository; and, for a first import,
//! reading its files as their events are stored and applied, so that memory holds a part of
//! the repository at a time rather than all of it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::events::insert_event_line;
use super::replay::{Context, apply_in_order};
use super::{Result, Tx};
use crate::domain::Event;

/// An event read from a team file, and where: `events/CARE/kim-a1b2.jsonl:12`.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub event: Event,
    pub place: String,
    /// The event's line as this database stores it ([`Event::to_line`]): made where the
    /// file is read (a reader thread, for a first import), not where it is stored. Made by
    /// [`Incoming::new`] only, so it is always `event`'s.
    line: String,
}

impl Incoming {
    pub fn new(event: Event, place: String) -> Incoming {
        let line = event.to_line();
        Incoming { event, place, line }
    }

    /// The folder of the team file it was read from: `events/CARE`.
    fn folder(&self) -> &str {
        folder_of(&self.place)
    }
}

/// The folder of a team file (or of a place in one): `events/CARE/kim-a1b2.jsonl:12` is in
/// `events/CARE`.
pub(super) fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
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
    /// listed for events read part by part (a first import applies them as it reads them).
    pub new: BTreeMap<String, Vec<(i64, String, usize)>>,
    /// The highest Lamport clock stored.
    pub lamport: i64,
    pub new_events: usize,
}

impl Storing {
    /// Store one event read from a team file, unless this database has it already (by id);
    /// one with an id already here and other content is a problem. `at`: where it is in the
    /// import's `events`, if there. Whether it was stored (new).
    pub(super) fn store(
        &mut self,
        tx: &Tx<'_>,
        incoming: &Incoming,
        at: Option<usize>,
        problems: &mut Vec<Problem>,
    ) -> Result<bool> {
        let e = &incoming.event;
        let line = &incoming.line;
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
                self.doubled_here(tx, incoming, line, problems)?;
                return Ok(false);
            }
            if !self.frontier.contains_key(&e.consultation) {
                self.frontier.insert(e.consultation.clone(), None);
            }
        } else {
            if self.doubled_here(tx, incoming, line, problems)? {
                return Ok(false);
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
            insert_event_line(tx, e, line, Some(&incoming.place), true)?;
        }
        // (The consultation's id is copied once, not for each of its events.)
        if !self.new.contains_key(&e.consultation) {
            self.new.insert(e.consultation.clone(), Vec::new());
        }
        if let (Some(at), Some(listed)) = (at, self.new.get_mut(&e.consultation)) {
            listed.push((e.lamport as i64, e.id.clone(), at));
        }
        self.lamport = self.lamport.max(e.lamport as i64);
        self.new_events += 1;
        Ok(true)
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
}

/// A first import's events, applied consultation by consultation as the files are read
/// (rather than all stored, then read back and parsed again to be applied): memory holds
/// the events of the consultations being read, and each event is parsed once.
///
/// A consultation's events are in its folder (`events/<key>/`, one file per person, device
/// and month), and files are read in order of their paths, so a consultation is applied
/// once the reading has gone past the folder it was last seen in. Should more of its events
/// come later (its key changed on some machine, so later files are in another folder), it
/// is rebuilt from all its events at the end ([`AsRead::late`]).
///
/// Consultations are applied in the order of their folders, not of their ids as an import
/// of every event at once applies them: the record is the same (as the canonical dump
/// compares two databases), while what is this database's own may differ, as it does
/// between two machines that received the same events in another order (which opening
/// names the stored copy of a questionnaire several consultations share).
#[derive(Default)]
pub(super) struct AsRead {
    /// Events stored and not applied yet, by consultation, with the folder last seen in.
    pending: BTreeMap<String, (String, Vec<Incoming>)>,
    /// Consultations applied.
    applied: HashSet<String>,
    /// Consultations applied before the last of their events was read: to be rebuilt from
    /// all their events once every event is stored.
    pub late: BTreeSet<String>,
    /// Where applied events go to be freed: a thread of its own frees them (freeing them
    /// was 4 % of the import's own thread at 100,000 items).
    freed: Option<std::sync::mpsc::SyncSender<Vec<Incoming>>>,
}

impl AsRead {
    /// Store a part of the files' events, and apply the consultations whose folders are
    /// read to their end. `reading`: the folder of the part's last file (the next part may
    /// hold more of it).
    pub(super) fn take(
        &mut self,
        tx: &Tx<'_>,
        storing: &mut Storing,
        events: Vec<Incoming>,
        reading: Option<&str>,
        context: &Context,
        problems: &mut Vec<Problem>,
    ) -> Result<()> {
        let reading = reading.or_else(|| events.last().map(Incoming::folder)).map(str::to_string);
        for incoming in events {
            if !storing.store(tx, &incoming, None, problems)? {
                continue;
            }
            let id = &incoming.event.consultation;
            if self.applied.contains(id) {
                self.late.insert(id.clone());
                continue;
            }
            // (The id and folder are copied when they are new, not for each event.)
            match self.pending.get_mut(id) {
                Some((folder, events)) => {
                    if folder.as_str() != incoming.folder() {
                        incoming.folder().clone_into(folder);
                    }
                    events.push(incoming);
                }
                None => {
                    let folder = incoming.folder().to_string();
                    self.pending.insert(id.clone(), (folder, vec![incoming]));
                }
            }
        }
        let done: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, (folder, _))| Some(folder) != reading.as_ref())
            .map(|(id, _)| id.clone())
            .collect();
        for id in done {
            self.apply(tx, &id, context)?;
        }
        Ok(())
    }

    /// Apply the consultations still waiting (every file is read).
    pub(super) fn finish(&mut self, tx: &Tx<'_>, context: &Context) -> Result<()> {
        let ids: Vec<String> = self.pending.keys().cloned().collect();
        for id in ids {
            self.apply(tx, &id, context)?;
        }
        Ok(())
    }

    /// Apply consultation `id`'s events, in replay order, on top of what it holds (nothing,
    /// in a database without events: applying them all is replaying it).
    fn apply(&mut self, tx: &Tx<'_>, id: &str, context: &Context) -> Result<()> {
        let Some((_, mut events)) = self.pending.remove(id) else { return Ok(()) };
        events.sort_by(|a, b| (a.event.lamport, &a.event.id).cmp(&(b.event.lamport, &b.event.id)));
        let mut opened: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM consultations WHERE id = ?1)")?
            .query_row([id], |r| r.get(0))?;
        let applied: Vec<(&str, std::result::Result<&Event, String>)> =
            events.iter().map(|e| (e.event.id.as_str(), Ok(&e.event))).collect();
        apply_in_order(tx, &applied, context, &HashMap::new(), &mut opened)?;
        drop(applied);
        self.applied.insert(id.to_string());
        self.free(events);
        Ok(())
    }

    /// Free `events` on the thread that frees them (started with the first).
    fn free(&mut self, events: Vec<Incoming>) {
        if self.freed.is_none() {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Incoming>>(64);
            // (Where no thread can be started, they are freed here.)
            let started = std::thread::Builder::new()
                .name("chec-free".into())
                .spawn(move || receive.into_iter().for_each(drop))
                .is_ok();
            self.freed = started.then_some(send);
        }
        if let Some(freed) = &self.freed
            && let Err(std::sync::mpsc::SendError(events)) = freed.send(events)
        {
            drop(events);
        }
    }
}
