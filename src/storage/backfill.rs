//! Events for what a database held before chec kept events (schema 6 and older), written
//! once, the first time a chec that keeps them opens it, so that joining a team publishes
//! the whole record and later changes chain onto it.
//!
//! The history tables hold every change since a consultation was opened: each answer,
//! assessment and note (`response_history`), each item change (`item_history`), meeting
//! texts (`meeting_history`), every sign-off round and reopening. Each becomes its event, by
//! its author at its time. What no history kept (who opened a consultation, how an item
//! looked before its first change, meeting texts written before chec kept their history)
//! is read back from the records: the consultation is opened by whoever set its first impact
//! level (a scored questionnaire's is set at opening), else by whoever opens the database
//! now, and an item is raised with the values its first change of each field started from.
//! Events are numbered consultation by consultation, in the order they happened.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::{Result, id_at};
use crate::clock::parse_stored;
use crate::domain::event::{SignOffItem, risk_text};
use crate::domain::{Attendee, Change, Event, ItemField, MeetingField, ResponseField, TextTarget};

/// An event waiting for its number: when, its rank among changes at the same time, who.
struct Pending {
    at: String,
    rank: u8,
    id: String,
    author: String,
    change: Change,
}

/// Changes made in the same instant happen in this order.
const OPENED: u8 = 0;
const STARTED: u8 = 1;
const RAISED: u8 = 2;
const CHANGED: u8 = 3;
const SIGNED: u8 = 4;
const REOPENED: u8 = 5;
const ENDED: u8 = 6;
const MOVED: u8 = 7;

struct Backfill<'c> {
    conn: &'c Connection,
    events: Vec<Pending>,
    /// The last event of each text field so far, to chain the next one onto.
    last: HashMap<TextTarget, String>,
}

impl Backfill<'_> {
    fn push(&mut self, at: &str, rank: u8, author: &str, change: Change) -> String {
        let id = id_at(parse_stored(at).unwrap_or_default());
        self.events.push(Pending { at: at.to_string(), rank, id: id.clone(), author: author.to_string(), change });
        id
    }

    /// The events the next change of `target` replaces, and note it as the last.
    fn chain(&mut self, target: TextTarget, next: &str) -> Vec<String> {
        self.last.insert(target, next.to_string()).into_iter().collect()
    }

    /// An id for the next event, to chain onto before it is pushed.
    fn next_id(at: &str) -> String {
        id_at(parse_stored(at).unwrap_or_default())
    }

    fn push_with_id(&mut self, id: String, at: &str, rank: u8, author: &str, change: Change) {
        self.events.push(Pending { at: at.to_string(), rank, id, author: author.to_string(), change });
    }
}

/// Write the events of a database that had none, once; in one transaction.
pub(super) fn backfill_if_needed(conn: &mut Connection, opener: &str) -> Result<()> {
    let pending: bool = conn.query_row("SELECT backfilled = 0 FROM team WHERE id = 1", [], |r| r.get(0))?;
    if !pending {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (device, mut lamport): (String, i64) =
        tx.query_row("SELECT device, lamport FROM team WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let consultations: Vec<(String, String)> = tx
        .prepare("SELECT id, key FROM consultations ORDER BY created_at, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, key) in consultations {
        let mut fill = Backfill { conn: &tx, events: Vec::new(), last: HashMap::new() };
        fill.consultation(&id, opener)?;
        fill.meetings(&id)?;
        fill.responses(&id)?;
        fill.items(&id)?;
        fill.sign_offs(&id)?;
        fill.current_stage(&id, opener)?;
        let mut events = fill.events;
        // A stable sort: within a rank at one instant, the history's own order.
        events.sort_by(|a, b| (a.at.as_str(), a.rank).cmp(&(b.at.as_str(), b.rank)));
        for p in events {
            lamport += 1;
            let event = Event {
                id: p.id,
                lamport: lamport as u64,
                at: p.at,
                author: p.author,
                device: device.clone(),
                consultation: id.clone(),
                key: key.clone(),
                change: p.change,
            };
            super::events::insert_event(&tx, &event, None, false)?;
            super::events::update_heads(&tx, &event)?;
        }
    }
    tx.execute("UPDATE team SET lamport = ?1, backfilled = 1 WHERE id = 1", [lamport])?;
    tx.commit()?;
    Ok(())
}

impl Backfill<'_> {
    fn consultation(&mut self, id: &str, opener: &str) -> Result<()> {
        let (name, team, description, traits, body, at): (String, String, String, String, String, String) =
            self.conn.query_row(
                "SELECT c.name, c.team, c.description, c.traits, s.body, c.created_at
                   FROM consultations c JOIN questionnaire_snapshots s ON s.id = c.snapshot_id WHERE c.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )?;
        let change = Change::ConsultationOpened {
            name,
            team,
            description,
            traits: serde_json::from_str(&traits).unwrap_or_default(),
            questionnaire: serde_json::from_str(&body).unwrap_or_default(),
        };
        // A scored questionnaire's level was first set as the consultation opened, by
        // whoever opened it: the one record of who that was.
        let by: Option<String> = self
            .conn
            .query_row(
                "SELECT changed_by FROM level_history WHERE consultation_id = ?1 AND changed_at = ?2
                  ORDER BY id LIMIT 1",
                [id, &at],
                |r| r.get(0),
            )
            .optional()?;
        self.push(&at, OPENED, by.as_deref().unwrap_or(opener), change);
        Ok(())
    }

    fn meetings(&mut self, consultation_id: &str) -> Result<()> {
        type Row = (String, i64, String, String, Option<String>, [String; 4], String);
        let meetings: Vec<Row> = self
            .conn
            .prepare(
                "SELECT id, seq, stage, started_at, ended_at, agenda, notes, decisions, next_steps, minute_taker
                   FROM meetings WHERE consultation_id = ?1 ORDER BY seq",
            )?
            .query_map([consultation_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
                    r.get(9)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, seq, stage, started_at, ended_at, texts, minute_taker) in meetings {
            let attendees: Vec<Attendee> = self
                .conn
                .prepare_cached("SELECT name, role FROM attendees WHERE meeting_id = ?1 ORDER BY position")?
                .query_map([&id], |r| Ok(Attendee { name: r.get(0)?, role: r.get(1)? }))?
                .collect::<rusqlite::Result<_>>()?;
            let history: Vec<(String, String, String, String, String)> = self
                .conn
                .prepare_cached(
                    "SELECT field, old_value, new_value, changed_by, changed_at FROM meeting_history
                      WHERE meeting_id = ?1 ORDER BY changed_at, id",
                )?
                .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<rusqlite::Result<_>>()?;
            // Each text as it was before its first recorded change (all of it, if none).
            let first = |field: MeetingField, now: &str| {
                history.iter().find(|h| h.0 == field.as_str()).map_or(now.to_string(), |h| h.1.clone())
            };
            let fields = [MeetingField::Agenda, MeetingField::Notes, MeetingField::Decisions, MeetingField::NextSteps];
            let author = if minute_taker.is_empty() { "unknown".to_string() } else { minute_taker.clone() };
            let start = Backfill::next_id(&started_at);
            self.last.insert(TextTarget::Meeting { meeting: id.clone(), field: MeetingField::Agenda }, start.clone());
            let change = Change::MeetingStarted {
                meeting: id.clone(),
                seq,
                stage,
                agenda: first(MeetingField::Agenda, &texts[0]),
                attendees,
                minute_taker,
            };
            self.push_with_id(start, &started_at, STARTED, &author, change);
            for (field, now) in fields.iter().zip(&texts).skip(1) {
                let before = first(*field, now);
                if !before.is_empty() {
                    // Written before chec kept meeting history.
                    let next = Backfill::next_id(&started_at);
                    let parents = self.chain(TextTarget::Meeting { meeting: id.clone(), field: *field }, &next);
                    let change = Change::MeetingText {
                        meeting: id.clone(),
                        field: *field,
                        from: String::new(),
                        to: before,
                        parents,
                    };
                    self.push_with_id(next, &started_at, CHANGED, &author, change);
                }
            }
            for (field, old, new, by, at) in history {
                let Ok(field) = field.parse::<MeetingField>() else { continue };
                let next = Backfill::next_id(&at);
                let parents = self.chain(TextTarget::Meeting { meeting: id.clone(), field }, &next);
                let change = Change::MeetingText { meeting: id.clone(), field, from: old, to: new, parents };
                self.push_with_id(next, &at, CHANGED, &by, change);
            }
            if let Some(ended_at) = ended_at {
                let change = Change::MeetingEnded { meeting: id.clone(), ended_at: ended_at.clone() };
                self.push(&ended_at, ENDED, &author, change);
            }
        }
        Ok(())
    }

    fn responses(&mut self, consultation_id: &str) -> Result<()> {
        type Row = (String, String, String, String, String, Option<String>, String, String);
        let rows: Vec<Row> = self
            .conn
            .prepare(
                "SELECT r.question_id, r.stage, h.field, h.old_value, h.new_value, h.meeting_id, h.changed_by, h.changed_at
                   FROM response_history h JOIN responses r ON r.id = h.response_id
                  WHERE r.consultation_id = ?1 ORDER BY h.changed_at, h.id",
            )?
            .query_map([consultation_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (question, stage, field, from, to, meeting, by, at) in rows {
            if field == "assessment" {
                let change = Change::Assessed {
                    question,
                    stage,
                    from: from.parse().unwrap_or_default(),
                    to: to.parse().unwrap_or_default(),
                    meeting,
                };
                self.push(&at, CHANGED, &by, change);
                continue;
            }
            if field == "value" {
                let change = Change::ResponseValue { question, stage, from, to, meeting };
                self.push(&at, CHANGED, &by, change);
                continue;
            }
            let Ok(field) = field.parse::<ResponseField>() else { continue };
            let next = Backfill::next_id(&at);
            let parents = self.chain(TextTarget::Response { question: question.clone(), field }, &next);
            let change = Change::ResponseText { question, stage, field, from, to, parents, meeting };
            self.push_with_id(next, &at, CHANGED, &by, change);
        }
        Ok(())
    }

    fn items(&mut self, consultation_id: &str) -> Result<()> {
        let items = super::items::items_of(self.conn, consultation_id)?;
        let mut explicit_of: HashMap<String, bool> = self
            .conn
            .prepare("SELECT id, priority_explicit FROM items WHERE consultation_id = ?1")?
            .query_map([consultation_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for item in items {
            type Row = (String, Option<String>, Option<String>, String, String, String, Option<String>);
            let history: Vec<Row> = self
                .conn
                .prepare_cached(
                    "SELECT field, old_value, new_value, note, changed_by, changed_at, meeting_id FROM item_history
                      WHERE item_id = ?1 ORDER BY changed_at, id",
                )?
                .query_map([&item.id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            // Each field as it was raised: what its first change started from.
            let first =
                |field: &str, now: Option<String>| history.iter().find(|h| h.0 == field).map_or(now, |h| h.1.clone());
            let explicit = explicit_of.remove(&item.id).unwrap_or(true);
            let (mut likelihood, mut impact) = (
                first("likelihood", item.likelihood.map(|v| v.to_string())).and_then(|v| v.parse::<u8>().ok()),
                first("impact", item.impact.map(|v| v.to_string())).and_then(|v| v.parse::<u8>().ok()),
            );
            let created = history.iter().find(|h| h.0 == "created");
            let raised_at = created.map_or(item.created_at.clone(), |h| h.5.clone());
            let raised_by = created.map_or_else(|| "unknown".to_string(), |h| h.4.clone());
            let meeting: Option<String> = created.and_then(|h| h.6.clone());
            let change = Change::ItemRaised {
                item: item.id.clone(),
                seq: crate::storage::parse_item_key(&item.key).map_or(0, |(_, n)| n),
                title: first("title", Some(item.title.clone())).unwrap_or_default(),
                detail: first("detail", Some(item.detail.clone())).unwrap_or_default(),
                question: item.question_id.clone(),
                principles: item.principles.clone(),
                stage: item.stage.clone(),
                meeting,
                owner: first("owner", Some(item.owner.clone())).unwrap_or_default(),
                due: first("due", item.due_date.clone()),
                priority: first("priority", Some(item.priority.as_str().into()))
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(item.priority),
                priority_explicit: explicit,
                risk_source: item.risk_source,
                likelihood,
                impact,
                response: item.response,
            };
            self.push(&raised_at, RAISED, &raised_by, change);
            let mut rows = history.iter().filter(|h| h.0 != "created").peekable();
            while let Some((field, old, new, note, by, at, meeting)) = rows.next() {
                let item_change = |field: ItemField, from: Option<String>, to: Option<String>, parents: Vec<String>| {
                    Change::ItemChanged {
                        item: item.id.clone(),
                        field,
                        from,
                        to,
                        note: note.clone(),
                        meeting: meeting.clone(),
                        parents,
                        explicit: (field == ItemField::Priority).then_some(explicit),
                    }
                };
                match field.as_str() {
                    "likelihood" | "impact" => {
                        // One rating change wrote a row per value that changed.
                        let before = risk_text(likelihood, impact);
                        let mut take = |field: &str, value: &Option<String>| {
                            let value = value.as_deref().and_then(|v| v.parse::<u8>().ok());
                            if field == "likelihood" { likelihood = value } else { impact = value }
                        };
                        take(field, new);
                        if let Some(next) = rows.peek()
                            && matches!(next.0.as_str(), "likelihood" | "impact")
                            && next.0 != *field
                            && next.5 == *at
                        {
                            take(&next.0, &next.2);
                            rows.next();
                        }
                        let change = item_change(ItemField::Risk, before, risk_text(likelihood, impact), vec![]);
                        self.push(at, CHANGED, by, change);
                    }
                    other => {
                        let Ok(field) = other.parse::<ItemField>() else { continue };
                        let next = Backfill::next_id(at);
                        let parents = match field {
                            ItemField::Title | ItemField::Detail => {
                                self.chain(TextTarget::Item { item: item.id.clone(), field }, &next)
                            }
                            _ => vec![],
                        };
                        let change = item_change(field, old.clone(), new.clone(), parents);
                        self.push_with_id(next, at, CHANGED, by, change);
                    }
                }
            }
        }
        Ok(())
    }

    fn sign_offs(&mut self, consultation_id: &str) -> Result<()> {
        type Row = (
            String,
            String,
            Option<String>,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        );
        let rows: Vec<Row> = self
            .conn
            .prepare(
                "SELECT id, stage, meeting_id, comment, signed_by, signed_at, reopened_at, reopened_by, reopen_reason,
                        unanswered_required
                   FROM sign_offs WHERE consultation_id = ?1 ORDER BY signed_at, id",
            )?
            .query_map([consultation_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (
            id,
            stage,
            meeting,
            comment,
            signed_by,
            signed_at,
            reopened_at,
            reopened_by,
            reason,
            unanswered_required,
        ) in rows
        {
            let decisions: Vec<SignOffItem> = self
                .conn
                .prepare_cached(
                    "SELECT d.item_id, d.decision, d.reason FROM sign_off_items d JOIN items i ON i.id = d.item_id
                      WHERE d.sign_off_id = ?1 ORDER BY i.seq",
                )?
                .query_map([&id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
                .filter_map(|row| {
                    row.map(|(item, decision, reason)| {
                        decision.parse().ok().map(|decision| SignOffItem { item, decision, reason })
                    })
                    .transpose()
                })
                .collect::<rusqlite::Result<_>>()?;
            let change = Change::SignedOff {
                sign_off: id.clone(),
                stage: stage.clone(),
                comment,
                meeting,
                decisions,
                unanswered_required,
            };
            self.push(&signed_at, SIGNED, &signed_by, change);
            if let (Some(at), Some(by)) = (reopened_at, reopened_by) {
                let change = Change::Reopened { sign_off: id, stage, reason: reason.unwrap_or_default() };
                self.push(&at, REOPENED, &by, change);
            }
        }
        Ok(())
    }

    /// A current stage set by hand, where it is not the one the sign-offs leave current.
    fn current_stage(&mut self, consultation_id: &str, opener: &str) -> Result<()> {
        let (current, at): (String, String) = self.conn.query_row(
            "SELECT current_stage, updated_at FROM consultations WHERE id = ?1",
            [consultation_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let derived: Option<String> = self
            .conn
            .query_row(
                "SELECT coalesce(
                    (SELECT stage FROM stage_states WHERE consultation_id = ?1 AND state <> 'signed-off'
                      ORDER BY position LIMIT 1),
                    (SELECT stage FROM stage_states WHERE consultation_id = ?1 ORDER BY position DESC LIMIT 1))",
                [consultation_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if derived.as_deref() != Some(current.as_str()) {
            self.push(&at, MOVED, opener, Change::StageMoved { stage: current });
        }
        Ok(())
    }
}
