//! The team side of the store: importing events read from a team's repository, and what is
//! waiting and what went wrong (conflicts between machines: `conflicts.rs`).

use std::collections::{BTreeSet, HashMap};

use rusqlite::{OptionalExtension, params};

use super::built_later::{BuiltLater, EventIndexesLater};
use super::replay::{self, Context};
use super::team_store::{AsRead, FileMark, Incoming, OWN, Problem, ReadLater, ReadPart, Storing, folder_of};
use super::{Result, Store, StoreError};
use crate::domain::team::{Rejudge, rejudge};
use crate::domain::{Event, Team};

/// What one reading of a team's repository found.
#[derive(Debug, Default)]
pub struct Import {
    pub events: Vec<Incoming>,
    /// Lines that are not events chec can read.
    pub problems: Vec<Problem>,
    /// How far each file was read now.
    pub files: Vec<(String, FileMark)>,
    /// `team.json` as the repository holds it (`None`: there is none).
    pub roles: Option<String>,
    /// Files still to be read, besides the above: a first import reads them part by part as
    /// it stores and applies their events, so it never holds the whole repository in memory
    /// (any other import reads them all first).
    pub later: Option<Box<dyn ReadLater>>,
}

impl Import {
    /// Take in what a reading of files found, after what the import holds.
    fn read(&mut self, part: ReadPart) {
        self.events.extend(part.events);
        self.problems.extend(part.problems);
        self.files.extend(part.files);
    }
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Events new to this database.
    pub new_events: usize,
    /// Consultations rebuilt from their events.
    pub replayed: usize,
    /// Problems not reported before.
    pub problems: Vec<Problem>,
    /// This machine's items numbered anew: (was, is).
    pub renumbered: Vec<(String, String)>,
    /// Consultations whose key another, opened first elsewhere, took: (was, is).
    pub renamed: Vec<(String, String)>,
}

/// The team settings of a database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamState {
    pub device: String,
    /// The team repository's address, once the database belongs to a team.
    pub remote: Option<String>,
    pub branch: Option<String>,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
    pub roles: Option<String>,
}

impl Store {
    /// The team settings.
    pub fn team_state(&self) -> Result<TeamState> {
        Ok(self
            .conn
            .prepare_cached("SELECT device, remote, branch, last_sync, last_error, roles FROM team WHERE id = 1")?
            .query_row([], |r| {
                Ok(TeamState {
                    device: r.get(0)?,
                    remote: r.get(1)?,
                    branch: r.get(2)?,
                    last_sync: r.get(3)?,
                    last_error: r.get(4)?,
                    roles: r.get(5)?,
                })
            })?)
    }

    /// Belong to the team whose repository is at `remote`, on `branch`.
    pub fn set_team_remote(&mut self, remote: &str, branch: &str) -> Result<()> {
        self.write_quietly(|tx| {
            tx.execute("UPDATE team SET remote = ?1, branch = ?2 WHERE id = 1", params![remote, branch])?;
            Ok(())
        })
    }

    /// Remember how the last sync went: when it finished, or why it did not.
    pub fn record_sync(&mut self, error: Option<&str>) -> Result<()> {
        self.write_quietly(|tx| {
            match error {
                None => tx.execute("UPDATE team SET last_sync = ?1, last_error = NULL WHERE id = 1", [tx.now()])?,
                Some(e) => tx.execute("UPDATE team SET last_error = ?1 WHERE id = 1", [e])?,
            };
            Ok(())
        })
    }

    /// How far each team file has been read.
    pub fn team_files(&self) -> Result<HashMap<String, FileMark>> {
        let mut stmt = self.conn.prepare_cached("SELECT path, read_bytes, read_lines FROM team_files")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                FileMark { bytes: r.get::<_, i64>(1)? as u64, lines: r.get::<_, i64>(2)? as u64 },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How far each of the team files `paths` has been read (those read at all).
    pub fn team_files_of(&self, paths: &[String]) -> Result<HashMap<String, FileMark>> {
        let mut stmt = self.conn.prepare_cached("SELECT read_bytes, read_lines FROM team_files WHERE path = ?1")?;
        let mut marks = HashMap::new();
        for path in paths {
            let mark = stmt
                .query_row([path], |r| {
                    Ok(FileMark { bytes: r.get::<_, i64>(0)? as u64, lines: r.get::<_, i64>(1)? as u64 })
                })
                .optional()?;
            if let Some(mark) = mark {
                marks.insert(path.clone(), mark);
            }
        }
        Ok(marks)
    }

    /// Whether any team file has been read into this database.
    pub fn has_read_team_files(&self) -> Result<bool> {
        Ok(self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM team_files)")?.query_row([], |r| r.get(0))?)
    }

    /// These events of this device are now committed to the team's repository.
    pub fn mark_sent(&mut self, ids: &[String]) -> Result<()> {
        self.write_quietly(|tx| {
            let mut stmt = tx.prepare_cached("UPDATE events SET sent = 1 WHERE id = ?1")?;
            for id in ids {
                stmt.execute([id])?;
            }
            Ok(())
        })
    }

    /// Every problem met importing, by place.
    pub fn team_problems(&self) -> Result<Vec<Problem>> {
        let mut stmt = self.conn.prepare_cached("SELECT place, message FROM team_problems ORDER BY place, message")?;
        let rows = stmt.query_map([], |r| Ok(Problem { place: r.get(0)?, message: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Store what was read from a team's repository and bring the consultations it touches
    /// up to date, in one transaction: an import stopped half-way leaves nothing of itself.
    /// Events already here are skipped (by id), so importing twice changes nothing.
    ///
    /// New events that all come after what a consultation had (in the replay order) are
    /// applied on top of it; one that comes before (work done offline on two machines at
    /// once) has the consultation rebuilt from all its events. So are the consultations whose
    /// events a change of team.json judges differently, and those with an event from a clock
    /// ahead whose time has come.
    pub fn import(&mut self, import: Import) -> Result<ImportReport> {
        self.import_with(import, false)
    }

    /// Rebuild every consultation from its events (as an import does for those it must).
    pub fn replay_all(&mut self) -> Result<ImportReport> {
        let roles = self.team_state()?.roles;
        self.import_with(Import { roles, ..Import::default() }, true)
    }

    fn import_with(&mut self, mut import: Import, everything: bool) -> Result<ImportReport> {
        let first: bool = self.conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?;
        if !first && let Some(later) = import.later.take() {
            // Only a first import stores events as it reads them.
            import.read(later.read_all()?);
        }
        if !everything && self.nothing_to_import(&import)? {
            // Nothing can change (a CI gate on a warm cache, a sync with nothing new): no
            // transaction, so nothing is written and nothing waits for the disk.
            return Ok(ImportReport::default());
        }
        // A big import modifies many pages: the journals of its statements are kept in
        // memory rather than written out to a file and read back.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // ... and its pages are kept in memory (up to 256 MB) rather than spilled to the
        // journal and read back half-way through.
        let cache: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", cache.min(-262_144))?;
        // Into a database without events (a first import), the tables' CHECKs are not
        // evaluated: SQLite checks `x IN ('a', 'b', 'c')` by building a table of the list for
        // every row written, an eighth of a first import's work. Each value an import writes
        // was parsed and checked by chec before (an enum's word, a date, a rating in range:
        // `replay_items.rs`), so a bad line is kept aside the same way whichever import meets
        // it. Everyday imports keep the CHECKs.
        if first {
            self.conn.pragma_update(None, "ignore_check_constraints", true)?;
        }
        // Into a database without events (a first import), the write-ahead log would take
        // every page of the new record once and then copy it into the file (a checkpoint:
        // a tenth of a first import). With a rollback journal the pages go to the file once,
        // and the journal keeps only the few pages the database had, so an import stopped
        // half-way still leaves nothing of itself. Back to the log afterwards. (Only when no
        // other connection has the file open: SQLite refuses the change otherwise, and the
        // import goes through the log as usual.)
        let journal_changed = first
            && self
                .conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
                .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        let result = match self.import_in_one_transaction(&import, everything, false) {
            // An event failed part-way: everything was rolled back; again, one at a time.
            Err(StoreError::Retry) => self.import_in_one_transaction(&import, everything, true),
            other => other,
        };
        // Each setting put back whatever became of the others (the log may not come back on
        // a full disk; the TUI goes on writing through this connection), CHECKs first.
        let restored = [
            self.conn.pragma_update(None, "ignore_check_constraints", false),
            if journal_changed {
                self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map(|_| ())
            } else {
                Ok(())
            },
            self.conn.pragma_update(None, "temp_store", "DEFAULT"),
            self.conn.pragma_update(None, "cache_size", cache),
        ];
        let report = result?;
        restored.into_iter().collect::<rusqlite::Result<()>>()?;
        Ok(report)
    }

    /// Whether importing `import` would change nothing: no events, lines or files read,
    /// the same team.json, and no event kept aside for a clock ahead whose time has come.
    fn nothing_to_import(&self, import: &Import) -> Result<bool> {
        if !import.events.is_empty()
            || !import.problems.is_empty()
            || !import.files.is_empty()
            || import.later.is_some()
        {
            return Ok(false);
        }
        let roles: Option<String> =
            self.conn.prepare_cached("SELECT roles FROM team WHERE id = 1")?.query_row([], |r| r.get(0))?;
        if roles != import.roles {
            return Ok(false);
        }
        let waiting: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM events WHERE waiting_until IS NOT NULL AND waiting_until <= ?1)",
            )?
            .query_row([waiting_due_by(self.clock.now())], |r| r.get(0))?;
        Ok(!waiting)
    }

    fn import_in_one_transaction(&mut self, import: &Import, everything: bool, careful: bool) -> Result<ImportReport> {
        let now = self.clock.now();
        let context = Context { device: self.device()?, roles: None, now, careful, questionnaires: Default::default() };
        self.write(|tx| {
            // Into a database without events (a first import, a fresh CI cache), nothing is
            // looked up: a doubled id is found by the events' primary key as it is stored.
            let first: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?;
            // `import_with` looked before this transaction began. Should another process have
            // stored events in between, this is no first import after all: the files left to
            // read part by part are read whole now, not skipped until the next sync.
            let mut read_now;
            let import = match import.later.as_deref() {
                Some(later) if !first => {
                    let (events, problems, files) =
                        (import.events.clone(), import.problems.clone(), import.files.clone());
                    read_now = Import { events, problems, files, roles: import.roles.clone(), later: None };
                    read_now.read(later.read_all()?);
                    &read_now
                }
                _ => import,
            };
            let mut report = ImportReport::default();
            let roles_before: Option<String> = tx.query_row("SELECT roles FROM team WHERE id = 1", [], |r| r.get(0))?;
            tx.execute("UPDATE team SET roles = ?1 WHERE id = 1", [&import.roles])?;
            let roles = import.roles.as_deref().and_then(|t| Team::parse(t).ok());
            let before = roles_before.as_deref().and_then(|t| Team::parse(t).ok());
            let changed = rejudge(before.as_ref(), roles.as_ref());
            let context = Context { roles, ..context };
            let mut problems: Vec<Problem> = import.problems.clone();
            let mut read_files: Vec<(String, FileMark)> = Vec::new();
            let event_indexes = if first { Some(EventIndexesLater::begin(tx)?) } else { None };
            let keys = |tx: &super::Tx<'_>| -> Result<HashMap<String, String>> {
                let mut stmt = tx.prepare_cached("SELECT id, key FROM consultations")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            };
            let keys_before = keys(tx)?;
            // Into a database without items (a first import): the search index and the
            // items' indexes are built once, at the end, rather than item by item.
            let built_later = BuiltLater::begin(tx)?;
            let mut storing = Storing { first, ..Storing::default() };
            // Files read as their events are stored (a first import): a part of them in memory
            // at a time, each consultation applied once its folder is read.
            let streamed = first && import.later.is_some();
            let mut as_read = AsRead::default();
            if !streamed {
                for (at, incoming) in import.events.iter().enumerate() {
                    storing.store(tx, incoming, Some(at), &mut problems)?;
                }
            }
            if let Some(later) = import.later.as_deref().filter(|_| streamed) {
                // (Events read besides the files, if any, first.)
                as_read.take(tx, &mut storing, import.events.clone(), None, &context, &mut problems)?;
                later.read(&mut |part| {
                    problems.extend(part.problems);
                    let reading = part.files.last().map(|(path, _)| folder_of(path).to_string());
                    read_files.extend(part.files);
                    as_read.take(tx, &mut storing, part.events, reading.as_deref(), &context, &mut problems)
                })?;
                as_read.finish(tx, &context)?;
            }
            let Storing { frontier, mut new, lamport, new_events, .. } = storing;
            report.new_events = new_events;
            if let Some(later) = event_indexes {
                later.finish(tx)?;
            }
            tx.prepare_cached("UPDATE team SET lamport = max(lamport, ?1) WHERE id = 1")?.execute([lamport])?;
            // What must be rebuilt from all its events.
            let mut rebuild: BTreeSet<String> = BTreeSet::new();
            for (id, events) in &mut new {
                events.sort();
                if let (Some(Some(last)), Some(first)) = (frontier.get(id), events.first())
                    && (first.0, &first.1) < (last.0, &last.1)
                {
                    rebuild.insert(id.clone());
                }
            }
            let consultations_where = |sql: &str, param: Option<&str>| -> Result<Vec<String>> {
                let mut stmt = tx.prepare_cached(sql)?;
                let rows = match param {
                    Some(p) => stmt.query_map([p], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?,
                    None => stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?,
                };
                Ok(rows)
            };
            const ALL: &str = "SELECT DISTINCT consultation_id FROM events";
            match changed {
                // Every event of a first import read as it was stored was applied by these
                // roles, at this time; those applied before the last of their consultation's
                // events was read are rebuilt.
                _ if streamed => rebuild.extend(std::mem::take(&mut as_read.late)),
                _ if everything => rebuild.extend(consultations_where(ALL, None)?),
                Rejudge::Names(names) => {
                    for name in names {
                        rebuild.extend(consultations_where(
                            "SELECT DISTINCT consultation_id FROM events WHERE author_key = ?1",
                            Some(&name),
                        )?);
                    }
                }
                Rejudge::AllBut(names) => {
                    let names = serde_json::to_string(&names).unwrap_or_else(|_| "[]".into());
                    rebuild.extend(consultations_where(
                        "SELECT DISTINCT consultation_id FROM events
                          WHERE author_key NOT IN (SELECT value FROM json_each(?1))",
                        Some(&names),
                    )?);
                }
                Rejudge::Aside => rebuild.extend(consultations_where(
                    "SELECT DISTINCT consultation_id FROM events WHERE aside IS NOT NULL",
                    None,
                )?),
            }
            if !streamed {
                rebuild.extend(consultations_where(
                    "SELECT DISTINCT consultation_id FROM events
                      WHERE waiting_until IS NOT NULL AND waiting_until <= ?1",
                    Some(&waiting_due_by(now)),
                )?);
            }
            for id in &rebuild {
                let replayed = replay::replay_consultation(tx, id, &context)?;
                report.replayed += 1;
                report.renumbered.extend(replayed.renumbered);
            }
            for (id, events) in &new {
                if !streamed && !rebuild.contains(id) {
                    // The events as read: each line is parsed once.
                    let events: Vec<&Event> = events.iter().map(|(_, _, at)| &import.events[*at].event).collect();
                    replay::apply_after(tx, id, &events, &context)?;
                }
            }
            // Another consultation, opened first elsewhere, may have taken a key.
            for (id, key) in keys(tx)? {
                if let Some(before) = keys_before.get(&id).filter(|k| **k != key) {
                    report.renamed.push((before.clone(), key));
                }
            }
            report.renamed.sort();
            for (path, mark) in import.files.iter().chain(&read_files) {
                tx.prepare_cached(
                    "INSERT INTO team_files (path, read_bytes, read_lines) VALUES (?1, ?2, ?3)
                     ON CONFLICT (path) DO UPDATE SET read_bytes = excluded.read_bytes, read_lines = excluded.read_lines",
                )?
                .execute(params![path, mark.bytes as i64, mark.lines as i64])?;
            }
            let touched: BTreeSet<String> = rebuild.into_iter().chain(new.into_keys()).collect();
            if let Some(later) = built_later {
                later.finish(tx)?;
            }
            report.problems = record_problems(tx, &touched, problems)?;
            Ok(report)
        })
    }
}

/// Store the problems of this import, and say which are new. Problems with this import's
/// replayed consultations' events are decided again: those gone (an event now applied) go.
/// The `waiting_until` at or before which an event kept aside for a clock ahead is tried
/// again at `now`: its time has come within the tolerance a replay allows.
fn waiting_due_by(now: chrono::DateTime<chrono::Utc>) -> String {
    crate::clock::stored(now + crate::domain::replay::FUTURE_TOLERANCE)
}

fn record_problems(
    tx: &super::Tx<'_>,
    replayed: &BTreeSet<String>,
    mut problems: Vec<Problem>,
) -> Result<Vec<Problem>> {
    let mut previous: BTreeSet<(String, String)> = BTreeSet::new();
    let mut aside: Vec<(String, Option<String>, String)> = Vec::new();
    for id in replayed {
        let mut stmt = tx.prepare_cached(
            "SELECT place, message FROM team_problems
              WHERE event_id IN (SELECT id FROM events WHERE consultation_id = ?1)",
        )?;
        previous.extend(stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?);
        tx.prepare_cached(
            "DELETE FROM team_problems WHERE event_id IN (SELECT id FROM events WHERE consultation_id = ?1)",
        )?
        .execute([id])?;
        let mut stmt =
            tx.prepare_cached("SELECT id, origin, aside FROM events WHERE consultation_id = ?1 AND aside IS NOT NULL")?;
        aside.extend(
            stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<Vec<_>>>()?,
        );
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO team_problems (place, event_id, message, seen_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (place, message) DO NOTHING",
    )?;
    let mut new = Vec::new();
    for (id, origin, reason) in aside {
        let place = origin.unwrap_or_else(|| OWN.to_string());
        let message = format!("kept aside, not applied: {reason}");
        insert.execute(params![place, id, message, tx.now()])?;
        if !previous.contains(&(place.clone(), message.clone())) {
            new.push(Problem { place, message });
        }
    }
    problems.sort();
    problems.dedup();
    for p in problems {
        if insert.execute(params![p.place, None::<String>, p.message, tx.now()])? > 0 {
            new.push(p);
        }
    }
    new.sort();
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::{Import, Store};
    use crate::storage::{FileMark, Incoming, ReadLater, ReadPart, Result};

    const FILE: &str = "events/CARE/kim-a1@2026-11.jsonl";

    /// The events of CARE, opened on kim's machine with one item raised, as read from FILE.
    fn care_events() -> Vec<Incoming> {
        let mut kim = Store::open_in_memory().unwrap();
        let q = crate::catalog::Catalog::shipped().get("chec-default").unwrap().questionnaire.clone();
        let new = crate::domain::NewConsultation {
            key: "CARE".parse().unwrap(),
            name: "돌봄 챗봇 | Care".into(),
            team: "Care AI".into(),
            description: String::new(),
            traits: vec![],
        };
        let care = kim.create_consultation(&new, &q).unwrap();
        let item =
            crate::domain::NewItem { title: "야간 | night".into(), stage: "planning".into(), ..Default::default() };
        kim.raise_item(&care, &item, None).unwrap();
        let events = kim.events(&care).unwrap().into_iter().enumerate();
        let events: Vec<Incoming> = events.map(|(n, e)| Incoming::new(e, format!("{FILE}:{}", n + 1))).collect();
        assert!(events.len() >= 2, "{events:?}");
        events
    }

    /// Files left to read part by part: one part, the same at every reading.
    #[derive(Debug)]
    struct OnePart(Vec<Incoming>, (String, FileMark));

    impl ReadLater for OnePart {
        fn read(&self, each: &mut dyn FnMut(ReadPart) -> Result<()>) -> Result<()> {
            each(self.read_all()?)
        }

        fn read_all(&self) -> Result<ReadPart> {
            Ok(ReadPart { events: self.0.clone(), problems: vec![], files: vec![self.1.clone()] })
        }
    }

    /// Another process stored events between `import_with`'s look (a first import, so the
    /// files are left to read part by part) and the transaction: they are read whole then.
    #[test]
    fn files_left_to_read_by_parts_are_read_whole_when_events_came_in_meanwhile() {
        let events = care_events();
        let file = (FILE.to_string(), FileMark { bytes: 4096, lines: events.len() as u64 });

        // The database as the other process left it: the first event stored.
        let mut lee = Store::open_in_memory().unwrap();
        lee.import(Import { events: events[..1].to_vec(), ..Import::default() }).unwrap();
        let later = OnePart(events[1..].to_vec(), file.clone());
        let report = lee
            .import_in_one_transaction(&Import { later: Some(Box::new(later)), ..Import::default() }, false, false)
            .unwrap();

        assert_eq!(report.new_events, events.len() - 1);
        assert_eq!(lee.team_files().unwrap(), std::collections::HashMap::from([file]));
        let mut at_once = Store::open_in_memory().unwrap();
        at_once.import(Import { events, ..Import::default() }).unwrap();
        assert_eq!(lee.canonical_dump().unwrap(), at_once.canonical_dump().unwrap());
        assert_eq!(lee.item("CARE-1").unwrap().unwrap().title, "야간 | night");
    }

    /// A first import has SQLite skip the tables' CHECKs; the connection checks them again
    /// afterwards, for whatever it writes next.
    #[test]
    fn after_a_first_import_the_connection_checks_the_tables_again() {
        let mut lee = Store::open_in_memory().unwrap();
        lee.import(Import { events: care_events(), ..Import::default() }).unwrap();
        let ignored: bool = lee.conn.query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0)).unwrap();
        assert!(!ignored);
        let refused = lee.conn.execute("UPDATE items SET status = 'gone'", []);
        assert!(refused.is_err_and(|e| e.to_string().contains("CHECK")), "a CHECK refuses it");
        assert_eq!(lee.item("CARE-1").unwrap().unwrap().status, crate::domain::ItemStatus::Open);
    }
}
