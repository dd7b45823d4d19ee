//! Replaying a consultation from its events: what every machine of a team does with the
//! events it has, so that the same events give the same record everywhere.
//!
//! A consultation's records (its stages, responses, items, meetings, sign-offs, their
//! histories and the heads of its text fields) are cleared and rebuilt from its events in
//! the replay order (Lamport clock, then id), each event applied in a savepoint of its own:
//! one that cannot apply (an item it names never arrived, a role that may not make it, a
//! time from too far in the future) is rolled back alone and kept aside with the reason. The
//! consultation's row itself stays (drafts hang on it), as do meetings' running sessions.
//! The merge rules are the domain's ([`crate::domain::replay`]); this file holds their SQL.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::consultations::{insert_stages, snapshot_for};
use super::events::{ELSEWHERE, heads, update_heads};
use super::replay_answers::set_response;
use super::replay_items as items;
pub(super) use super::replay_items::{invalid, row_id};
use super::replay_run::Run;
use super::standing::{Stamp, refresh_on};
use super::{Result, StoreError};
use crate::clock::parse_stored;
use crate::domain::replay::{merged_attendees, renamed_key, too_far_ahead};
use crate::domain::{Attendee, Change, Decision, Event, Questionnaire, StageState, Team, TextTarget};

/// What a replay needs to know besides the events.
pub(super) struct Context {
    /// This database's device: its own meetings keep their sessions.
    pub device: String,
    pub roles: Option<Team>,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Each event in a savepoint of its own, so one that fails is undone alone. Without it
    /// (the first try: savepoints cost much in a big import), an event that fails makes the
    /// whole import fail with [`StoreError::Retry`], to be rolled back and run again with it.
    /// Either way a failure of the database itself (its disk full) ends the import with it.
    pub careful: bool,
    /// The questionnaire and traits of each consultation replayed, read once (what its
    /// answers decide is worked out again after each of them).
    pub questionnaires: std::cell::RefCell<Questionnaires>,
}

/// The questionnaires a replay has read.
#[derive(Default)]
pub(super) struct Questionnaires {
    /// By snapshot id.
    snapshots: HashMap<String, std::sync::Arc<Questionnaire>>,
    /// By consultation id: what its answers are judged by, `None` if nothing.
    consultations: HashMap<String, Option<Standing>>,
}

/// What a consultation's answers are judged by.
#[derive(Clone)]
pub(super) struct Standing {
    questionnaire: std::sync::Arc<Questionnaire>,
    traits: Vec<String>,
}

/// What replaying one consultation changed that people should hear about.
#[derive(Debug, Default)]
pub(super) struct Replayed {
    /// Events not applied: (event id, why).
    pub aside: Vec<(String, String)>,
    /// Items of this device whose number changed (another machine raised one at the same
    /// time, first in the replay order): (old key, new key).
    pub renumbered: Vec<(String, String)>,
}

/// Rebuild consultation `id` from all its events: for when an event arrived that sorts
/// before one already applied (work done offline at once on two machines), or when the
/// roles or the clock may have changed what is allowed.
pub(super) fn replay_consultation(conn: &Connection, id: &str, context: &Context) -> Result<Replayed> {
    let mut replayed = Replayed::default();
    let own_items = own_items(conn, id, &context.device)?;
    let sessions: HashMap<String, Option<String>> = conn
        .prepare_cached("SELECT id, session_id FROM meetings WHERE consultation_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    clear(conn, id)?;
    let parsed = stored_events(conn, id)?;
    let events: Vec<(&str, std::result::Result<&Event, String>)> =
        parsed.iter().map(|(id, event)| (id.as_str(), event.as_ref().map_err(String::clone))).collect();
    conn.prepare_cached(
        "UPDATE events SET aside = NULL, waiting_until = NULL WHERE consultation_id = ?1 AND aside IS NOT NULL",
    )?
    .execute([id])?;
    let mut opened = false;
    replayed.aside = apply_in_order(conn, &events, context, &sessions, &mut opened)?;
    if !opened {
        // Nothing of it may stand: its opening was refused or never came.
        conn.prepare_cached("DELETE FROM consultations WHERE id = ?1")?.execute([id])?;
        return Ok(replayed);
    }
    let key_after: String =
        conn.prepare_cached("SELECT key FROM consultations WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let seqs: HashMap<String, i64> = conn
        .prepare_cached("SELECT id, seq FROM items WHERE consultation_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (item, old) in own_items {
        if let Some(new) = seqs.get(&item).filter(|n| **n != old) {
            replayed.renumbered.push((format!("{key_after}-{old}"), format!("{key_after}-{new}")));
        }
    }
    replayed.renumbered.sort();
    Ok(replayed)
}

/// The stored events of consultation `id` in replay order: (id, the event read from its line
/// or why it cannot be).
fn stored_events(conn: &Connection, id: &str) -> Result<Vec<(String, std::result::Result<Event, String>)>> {
    let lines: Vec<(String, String)> = conn
        .prepare_cached("SELECT id, body FROM events WHERE consultation_id = ?1 ORDER BY lamport, id")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines
        .into_iter()
        .map(|(id, body)| {
            let event = Event::parse_line(&body, true).map_err(|e| e.to_string());
            (id, event)
        })
        .collect())
}

/// Apply events that all sort after every event consultation `id` already has, on top of
/// what it holds: the same as replaying it whole (a replay is a fold in that order), at the
/// cost of the new events only. `events` are in replay order.
pub(super) fn apply_after(conn: &Connection, id: &str, events: &[&Event], context: &Context) -> Result<Replayed> {
    let mut opened: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM consultations WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    let sessions = HashMap::new();
    let events: Vec<(&str, std::result::Result<&Event, String>)> =
        events.iter().map(|e| (e.id.as_str(), Ok(*e))).collect();
    let aside = apply_in_order(conn, &events, context, &sessions, &mut opened)?;
    Ok(Replayed { aside, ..Replayed::default() })
}

/// Apply `events` (id, the event or why its line cannot be read) in order, each whole or
/// not at all: those that may not or cannot be applied are marked aside, with the reason,
/// and returned. See [`Context::careful`] for what happens when one fails part-way.
pub(super) fn apply_in_order(
    conn: &Connection,
    events: &[(&str, std::result::Result<&Event, String>)],
    context: &Context,
    sessions: &HashMap<String, Option<String>>,
    opened: &mut bool,
) -> Result<Vec<(String, String)>> {
    let mut aside = Vec::new();
    let mut run = Run::default();
    for (event_id, event) in events {
        let event = match event {
            Ok(event) => *event,
            Err(e) => {
                aside.push(set_aside(conn, event_id, e, None)?);
                continue;
            }
        };
        if let Some((reason, waiting)) = check(event, context) {
            aside.push(set_aside(conn, event_id, &reason, waiting.then_some(event.at.as_str()))?);
            continue;
        }
        if !*opened && !matches!(event.change, Change::ConsultationOpened { .. }) {
            aside.push(set_aside(conn, event_id, "its consultation was never opened", None)?);
            continue;
        }
        if !Run::may_wait(&event.change) {
            run.flush(conn)?;
        }
        let before = if context.careful { run.before() } else { None };
        if context.careful {
            conn.execute_batch("SAVEPOINT event")?;
        }
        match apply(conn, event, context, sessions, &mut run) {
            Ok(()) => {
                if context.careful {
                    conn.execute_batch("RELEASE event")?;
                }
                if matches!(event.change, Change::ConsultationOpened { .. }) {
                    *opened = true;
                }
            }
            // (The disk full, say: no other way of applying it can succeed.)
            Err(e) if e.is_the_databases() => return Err(e),
            Err(_) if !context.careful => return Err(StoreError::Retry),
            Err(e) => {
                conn.execute_batch("ROLLBACK TO event; RELEASE event")?;
                run.undo(before);
                aside.push(set_aside(conn, event_id, &e.to_string(), None)?);
            }
        }
    }
    run.flush(conn)?;
    Ok(aside)
}

/// Mark an event aside, with why; `waiting_until`: its time, for one from too far ahead
/// (it is tried again once that time is near).
fn set_aside(conn: &Connection, id: &str, reason: &str, waiting_until: Option<&str>) -> Result<(String, String)> {
    conn.prepare_cached("UPDATE events SET aside = ?1, waiting_until = ?2 WHERE id = ?3")?.execute(params![
        reason,
        waiting_until,
        id
    ])?;
    Ok((id.to_string(), reason.to_string()))
}

/// The items this device raised in a consultation, with their numbers now.
fn own_items(conn: &Connection, id: &str, device: &str) -> Result<HashMap<String, i64>> {
    let bodies: Vec<String> = conn
        .prepare_cached("SELECT body FROM events WHERE consultation_id = ?1 AND kind = 'item-raised' AND device = ?2")?
        .query_map(params![id, device], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut own = HashMap::new();
    for body in bodies {
        if let Ok(Event { change: Change::ItemRaised { item, .. }, .. }) = Event::parse_line(&body, true)
            && let Some(seq) = conn
                .prepare_cached("SELECT seq FROM items WHERE id = ?1")?
                .query_row([&item], |r| r.get::<_, i64>(0))
                .optional()?
        {
            own.insert(item, seq);
        }
    }
    Ok(own)
}

/// Why `event` may not be applied here and now, if it may not; and whether it waits for
/// its time to come (an event from a clock too far ahead).
fn check(event: &Event, context: &Context) -> Option<(String, bool)> {
    if let Some(team) = &context.roles
        && let Err(refusal) = team.allows(&event.author, &event.change)
    {
        // Someone not listed yet keeps seeing their own work; others hold it aside until
        // a lead adds them.
        let own = event.device == context.device;
        if !(own && matches!(refusal, crate::domain::team::Refusal::NotMember(_))) {
            return Some((refusal.to_string(), false));
        }
    }
    let at = parse_stored(&event.at)?;
    too_far_ahead(at, context.now).then(|| {
        let reason = format!(
            "made at {} by its machine's clock, more than a day ahead of this machine's: kept until then",
            event.at
        );
        (reason, true)
    })
}

/// Remove everything a consultation's events build, keeping its row.
fn clear(conn: &Connection, id: &str) -> Result<()> {
    for sql in [
        "DELETE FROM sign_off_items WHERE sign_off_id IN (SELECT id FROM sign_offs WHERE consultation_id = ?1)",
        "DELETE FROM sign_offs WHERE consultation_id = ?1",
        // History first, so the dashboard's day counts follow it out (a trigger), then items.
        "DELETE FROM item_history WHERE item_id IN (SELECT id FROM items WHERE consultation_id = ?1)",
        "DELETE FROM items WHERE consultation_id = ?1",
        "DELETE FROM response_history WHERE response_id IN (SELECT id FROM responses WHERE consultation_id = ?1)",
        "DELETE FROM responses WHERE consultation_id = ?1",
        "DELETE FROM meeting_history WHERE meeting_id IN (SELECT id FROM meetings WHERE consultation_id = ?1)",
        "DELETE FROM attendees WHERE meeting_id IN (SELECT id FROM meetings WHERE consultation_id = ?1)",
        "DELETE FROM meetings WHERE consultation_id = ?1",
        "DELETE FROM stage_states WHERE consultation_id = ?1",
        "DELETE FROM text_heads WHERE consultation_id = ?1",
        "DELETE FROM text_conflicts WHERE consultation_id = ?1",
        "DELETE FROM level_history WHERE consultation_id = ?1",
        "UPDATE consultations SET next_item_seq = 1, next_meeting_seq = 1, level = NULL WHERE id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([id])?;
    }
    Ok(())
}

fn apply(
    conn: &Connection,
    e: &Event,
    context: &Context,
    sessions: &HashMap<String, Option<String>>,
    run: &mut Run,
) -> Result<()> {
    let c = e.consultation.as_str();
    match &e.change {
        Change::ConsultationOpened { name, team, description, traits, questionnaire } => {
            context.questionnaires.borrow_mut().consultations.remove(c);
            open_consultation(conn, e, (name, team, description), traits, questionnaire)?;
            // What conditions hide before any answer, and the level of no points.
            refresh_standing(conn, e, context, None, run)
        }
        Change::TraitsChanged { to, .. } => {
            context.questionnaires.borrow_mut().consultations.remove(c);
            let questionnaire = questionnaire_of(conn, c, context)?;
            let declared = super::traits::declared(&questionnaire);
            if let Some(unknown) = to.iter().find(|t| !declared.contains(&t.as_str())) {
                return Err(invalid(format!("its questionnaire has no trait '{unknown}'")));
            }
            let level_id = || format!("{}-level", e.id);
            let stamp = Stamp { at: &e.at, new_id: &level_id, actor: &e.author, meeting_id: None };
            super::traits::set_traits_on(conn, c, to, &questionnaire, &stamp)
        }
        Change::StageMoved { stage } => {
            let known = conn
                .prepare_cached(
                    "UPDATE stage_states SET state = CASE state WHEN 'not-started' THEN 'in-progress' ELSE state END,
                            updated_at = ?3
                      WHERE consultation_id = ?1 AND stage = ?2",
                )?
                .execute(params![c, stage, e.at])?;
            if known == 0 {
                return Err(invalid(format!("no stage '{stage}'")));
            }
            conn.prepare_cached("UPDATE consultations SET current_stage = ?1, updated_at = ?2 WHERE id = ?3")?
                .execute(params![stage, e.at, c])?;
            Ok(())
        }
        Change::ResponseText { question, stage, field, from, to, meeting, .. } => {
            set_response(conn, e, (question, stage), field.as_str(), (from, to), meeting.as_deref(), run)?;
            update_heads(conn, e)?;
            refresh_standing(conn, e, context, meeting.as_deref(), run)
        }
        Change::Assessed { question, stage, from, to, meeting } => {
            let (from, to) = (from.as_str(), to.as_str());
            set_response(conn, e, (question, stage), "assessment", (from, to), meeting.as_deref(), run)?;
            refresh_standing(conn, e, context, meeting.as_deref(), run)
        }
        Change::ResponseValue { question, stage, from, to, meeting } => {
            set_response(conn, e, (question, stage), "value", (from, to), meeting.as_deref(), run)?;
            refresh_standing(conn, e, context, meeting.as_deref(), run)
        }
        Change::ItemRaised { .. } => items::raise_item(conn, e, run),
        Change::ItemChanged { item, field, from, to, note, meeting, explicit, .. } => {
            let meeting = run.meeting_here(conn, c, meeting.as_deref())?;
            // (Whether the item is here is found by the change's own statement; only a
            // change refused for its value asks, as the item's absence is said first.)
            let changed = items::change_item(
                conn,
                e,
                item,
                *field,
                (from.as_deref(), to.as_deref()),
                note,
                meeting.as_deref(),
                *explicit,
            );
            match changed {
                Err(StoreError::Invalid(_)) if !items::item_here(conn, c, item)? => return Err(items::not_here()),
                changed => changed?,
            }
            update_heads(conn, e)
        }
        Change::MeetingStarted { meeting, stage, agenda, attendees, minute_taker, .. } => {
            // (Read, then written, rather than `RETURNING`: see `raise_item`.)
            let seq: i64 = conn
                .prepare_cached("SELECT next_meeting_seq FROM consultations WHERE id = ?1")?
                .query_row([c], |r| r.get(0))?;
            conn.prepare_cached("UPDATE consultations SET next_meeting_seq = ?2 WHERE id = ?1")?
                .execute(params![c, seq + 1])?;
            let session = if e.device == context.device {
                sessions.get(meeting).cloned().flatten()
            } else {
                Some(format!("{ELSEWHERE}{}", e.device))
            };
            conn.prepare_cached(
                "INSERT INTO meetings (id, consultation_id, seq, stage, started_at, agenda, session_id, minute_taker,
                                       created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5, ?5)",
            )?
            .execute(params![meeting, c, seq, stage, e.at, agenda, session, minute_taker])?;
            write_attendees(conn, e, meeting, attendees)?;
            update_heads(conn, e)
        }
        Change::MeetingText { meeting, field, from, to, .. } => {
            let column = match field {
                crate::domain::MeetingField::Agenda => "agenda",
                crate::domain::MeetingField::Notes => "notes",
                crate::domain::MeetingField::Decisions => "decisions",
                crate::domain::MeetingField::NextSteps => "next_steps",
            };
            let updated = conn
                .prepare_cached(&format!(
                    "UPDATE meetings SET {column} = ?1, updated_at = ?2 WHERE id = ?3 AND consultation_id = ?4"
                ))?
                .execute(params![to, e.at, meeting, c])?;
            if updated == 0 {
                return Err(invalid("the meeting it changes is not in this record"));
            }
            conn.prepare_cached(
                "INSERT INTO meeting_history (id, meeting_id, field, old_value, new_value, changed_by, changed_at,
                                              created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
            )?
            .execute(params![e.id, meeting, field.as_str(), from, to, e.author, e.at])?;
            update_heads(conn, e)
        }
        Change::AttendeesChanged { meeting, .. } => {
            if run.meeting_here(conn, c, Some(meeting))?.is_none() {
                return Err(invalid("the meeting it changes is not in this record"));
            }
            update_heads(conn, e)?;
            // Concurrent lists are merged; a list made after seeing the others replaces them.
            let lists: Vec<Vec<Attendee>> =
                heads(conn, c, &TextTarget::Attendees { meeting: meeting.clone() }.to_string())?
                    .iter()
                    .map(|h| serde_json::from_str(&h.value).unwrap_or_default())
                    .collect();
            conn.prepare_cached("DELETE FROM attendees WHERE meeting_id = ?1")?.execute([meeting])?;
            write_attendees(conn, e, meeting, &merged_attendees(&lists))?;
            conn.prepare_cached("UPDATE meetings SET updated_at = ?1 WHERE id = ?2")?
                .execute(params![e.at, meeting])?;
            Ok(())
        }
        Change::MeetingEnded { meeting, ended_at } => {
            let updated = conn
                .prepare_cached(
                    "UPDATE meetings SET ended_at = ?1, updated_at = ?1 WHERE id = ?2 AND consultation_id = ?3",
                )?
                .execute(params![ended_at, meeting, c])?;
            if updated == 0 {
                return Err(invalid("the meeting it ends is not in this record"));
            }
            Ok(())
        }
        Change::SignedOff { sign_off, stage, comment, meeting, decisions, unanswered_required } => {
            let meeting = run.meeting_here(conn, c, meeting.as_deref())?;
            conn.prepare_cached(
                "INSERT INTO sign_offs (id, consultation_id, stage, meeting_id, comment, signed_by, signed_at,
                                        unanswered_required, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?7)",
            )?
            .execute(params![
                sign_off,
                c,
                stage,
                meeting,
                comment,
                e.author,
                e.at,
                unanswered_required
            ])?;
            for (n, d) in decisions.iter().enumerate() {
                // A decision on an item that is not here cannot be shown; the round still is.
                conn.prepare_cached(
                    "INSERT INTO sign_off_items (id, sign_off_id, item_id, decision, reason, created_at, updated_at)
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?6 WHERE EXISTS (SELECT 1 FROM items WHERE id = ?3)",
                )?
                .execute(params![
                    row_id(e, n),
                    sign_off,
                    d.item,
                    d.decision.as_str(),
                    d.reason,
                    e.at
                ])?;
                debug_assert!(matches!(d.decision, Decision::CarryOver | Decision::Accept));
            }
            set_stage_state(conn, e, stage, StageState::SignedOff)
        }
        Change::Reopened { sign_off, stage, reason } => {
            conn.prepare_cached(
                "UPDATE sign_offs SET reopened_at = ?1, reopened_by = ?2, reopen_reason = ?3, updated_at = ?1
                  WHERE id = ?4 AND consultation_id = ?5",
            )?
            .execute(params![e.at, e.author, reason, sign_off, c])?;
            set_stage_state(conn, e, stage, StageState::InProgress)
        }
    }
}

/// Open (or, replaying, reopen in place) a consultation from its first event. Where another
/// consultation opened first (in the replay order) already has the key, this one is renamed;
/// where this one came first, the other is.
fn open_consultation(
    conn: &Connection,
    e: &Event,
    (name, team, description): (&str, &str, &str),
    traits: &[String],
    questionnaire: &serde_json::Value,
) -> Result<()> {
    // Read from the event's value where it lies (a copy of a whole questionnaire for each
    // consultation was a twentieth of a first import).
    let q = <Questionnaire as serde::Deserialize>::deserialize(questionnaire)
        .map_err(|err| invalid(format!("its questionnaire cannot be read: {err}")))?;
    let first = q.first_stage().map(|s| s.id.clone()).ok_or_else(|| invalid("its questionnaire has no stages"))?;
    let body = serde_json::to_string(questionnaire).map_err(|err| invalid(err.to_string()))?;
    let snapshot = snapshot_for(conn, &q, &body, &e.at, &|| e.id.clone())?;
    let key = e.key.parse::<crate::domain::ConsultationKey>().map_err(|err| invalid(err.to_string()))?.to_string();
    let holder: Option<(String, Option<(i64, String)>)> = conn
        .prepare_cached(
            "SELECT c.id, (SELECT json_array(lamport, id) FROM events
                             WHERE consultation_id = c.id AND kind = 'consultation-opened'
                             ORDER BY lamport, id LIMIT 1)
               FROM consultations c WHERE c.key = ?1 AND c.id <> ?2",
        )?
        .query_row(params![key, e.consultation], |r| {
            let order: Option<String> = r.get(1)?;
            Ok((r.get(0)?, order.and_then(|o| serde_json::from_str(&o).ok())))
        })
        .optional()?;
    let key = match holder {
        // The other was opened first (or before chec kept events): this one gives way.
        Some((_, None)) => renamed_key(&key, &e.consultation),
        Some((_, Some(first))) if first < (e.lamport as i64, e.id.clone()) => renamed_key(&key, &e.consultation),
        Some((other, Some(_))) => {
            let other_key = renamed_key(&key, &other);
            conn.prepare_cached("UPDATE consultations SET key = ?1 WHERE id = ?2")?
                .execute(params![other_key, other])?;
            // The search index keeps item keys: touch the titles so it takes the new ones.
            conn.prepare_cached("UPDATE items SET title = title WHERE consultation_id = ?1")?.execute([&other])?;
            key
        }
        None => key,
    };
    let traits_json = serde_json::to_string(traits).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "INSERT INTO consultations (id, key, name, team, description, traits, snapshot_id, current_stage,
                                    status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?9)
         ON CONFLICT (id) DO UPDATE SET key = excluded.key, name = excluded.name, team = excluded.team,
             description = excluded.description, traits = excluded.traits, snapshot_id = excluded.snapshot_id,
             current_stage = excluded.current_stage, status = 'active', created_at = excluded.created_at,
             updated_at = excluded.updated_at",
    )?
    .execute(params![e.consultation, key, name, team, description, traits_json, snapshot, first, e.at])?;
    let n = std::cell::Cell::new(0usize);
    insert_stages(conn, &e.consultation, &q, traits, &e.at, &|| {
        n.set(n.get() + 1);
        row_id(e, n.get())
    })
}

/// Work out again what the consultation's answers decide (hidden questions, each stage's
/// count, the impact level), as the change `e` left them; a change of level is recorded as
/// made by `e`, as it was where `e` was made.
fn refresh_standing(
    conn: &Connection,
    e: &Event,
    context: &Context,
    meeting: Option<&str>,
    run: &mut Run,
) -> Result<()> {
    let c = e.consultation.as_str();
    let known = context.questionnaires.borrow().consultations.get(c).cloned();
    let standing = match known {
        Some(standing) => standing,
        None => {
            let traits: String =
                conn.prepare_cached("SELECT traits FROM consultations WHERE id = ?1")?.query_row([c], |r| r.get(0))?;
            let questionnaire = questionnaire_of(conn, c, context)?;
            // Nothing to work out for a questionnaire without conditions or scores.
            let standing = questionnaire
                .has_logic()
                .then(|| Standing { questionnaire, traits: serde_json::from_str(&traits).unwrap_or_default() });
            context.questionnaires.borrow_mut().consultations.insert(c.to_string(), standing.clone());
            standing
        }
    };
    let Some(standing) = standing else { return Ok(()) };
    let meeting = run.meeting_here(conn, c, meeting)?;
    let level_id = || format!("{}-level", e.id);
    let stamp = Stamp { at: &e.at, new_id: &level_id, actor: &e.author, meeting_id: meeting.as_deref() };
    refresh_on(conn, (c, &standing.traits), &standing.questionnaire, &stamp)
}

/// The questionnaire consultation `c` was opened on. Consultations on one questionnaire
/// share its snapshot: it is read once.
fn questionnaire_of(conn: &Connection, c: &str, context: &Context) -> Result<std::sync::Arc<Questionnaire>> {
    let (snapshot, body): (String, String) = conn
        .prepare_cached(
            "SELECT s.id, s.body FROM consultations c
               JOIN questionnaire_snapshots s ON s.id = c.snapshot_id WHERE c.id = ?1",
        )?
        .query_row([c], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if let Some(q) = context.questionnaires.borrow().snapshots.get(&snapshot).cloned() {
        return Ok(q);
    }
    let q: Questionnaire =
        serde_json::from_str(&body).map_err(|err| invalid(format!("its questionnaire cannot be read: {err}")))?;
    let q = std::sync::Arc::new(q);
    context.questionnaires.borrow_mut().snapshots.insert(snapshot, q.clone());
    Ok(q)
}

fn write_attendees(conn: &Connection, e: &Event, meeting: &str, attendees: &[Attendee]) -> Result<()> {
    for (position, a) in attendees.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO attendees (id, meeting_id, position, name, role, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?
        .execute(params![row_id(e, position + 1), meeting, position as i64, a.name, a.role, e.at])?;
    }
    Ok(())
}

/// A stage signed off or reopened: its state, and the current stage as the process has it
/// (the earliest not signed off, else the last), started.
fn set_stage_state(conn: &Connection, e: &Event, stage: &str, state: StageState) -> Result<()> {
    let c = e.consultation.as_str();
    let known = conn
        .prepare_cached(
            "UPDATE stage_states SET state = ?3, updated_at = ?4 WHERE consultation_id = ?1 AND stage = ?2",
        )?
        .execute(params![c, stage, state.as_str(), e.at])?;
    if known == 0 {
        return Err(invalid(format!("no stage '{stage}'")));
    }
    let stages = super::stages::stage_statuses(conn, c)?;
    let current = crate::domain::sign_off::current_stage(&stages).or(stages.last()).map(|s| s.stage.clone());
    if let Some(current) = current {
        conn.prepare_cached(
            "UPDATE stage_states SET state = 'in-progress', updated_at = ?3
              WHERE consultation_id = ?1 AND stage = ?2 AND state = 'not-started'",
        )?
        .execute(params![c, current, e.at])?;
        conn.prepare_cached("UPDATE consultations SET current_stage = ?1, updated_at = ?2 WHERE id = ?3")?
            .execute(params![current, e.at, c])?;
    }
    Ok(())
}
