//! Replaying the events of items: raising one, and changing a field of it, with their
//! history rows (see `replay.rs`).

use rusqlite::{Connection, params};

use super::{Result, StoreError};
use crate::domain::event::{parse_risk_text, parse_status};
use crate::domain::{Change, Event, ItemField, ItemStatus, Priority, Risk};

pub(super) fn raise_item(conn: &Connection, e: &Event, run: &mut super::replay_run::Run) -> Result<()> {
    let Change::ItemRaised {
        item,
        title,
        detail,
        question,
        principles,
        stage,
        meeting,
        owner,
        due,
        priority,
        priority_explicit,
        risk_source,
        likelihood,
        impact,
        response,
        ..
    } = &e.change
    else {
        return Ok(());
    };
    let c = e.consultation.as_str();
    if title.trim().is_empty() {
        return Err(invalid("an item needs a title"));
    }
    // What chec writes is checked here, not left to the table's CHECKs: a first import does
    // not evaluate them (see `Store::import_with`), and the message names what is wrong.
    let due = due_as_stored(due.as_deref())?;
    match (likelihood, impact) {
        (None, None) => {}
        (Some(l), Some(i)) => {
            Risk::new(*l, *i).map_err(|err| invalid(err.to_string()))?;
        }
        _ => return Err(invalid("a risk rating has both a likelihood and an impact, or neither")),
    }
    // (The consultation's counter is written once for a run of items: see `replay_run.rs`.)
    let seq = run.raise(conn, c, &e.at)?;
    let meeting = run.meeting_here(conn, c, meeting.as_deref())?;
    let listed = serde_json::to_string(principles).map_err(|err| invalid(err.to_string()))?;
    conn.prepare_cached(super::items::INSERT_ITEM_LISTED)?.execute(params![
        item,
        c,
        seq,
        title,
        detail,
        question,
        stage,
        meeting,
        owner,
        due,
        priority.rank(),
        priority_explicit,
        risk_source.map(|s| s.as_str()),
        likelihood,
        impact,
        response.map(|r| r.as_str()),
        e.at,
        listed
    ])?;
    for (position, p) in principles.iter().enumerate() {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO item_principles (id, item_id, principle, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )?
        .execute(params![row_id(e, position + 1), item, p, position as i64, e.at])?;
    }
    item_history(conn, e, 0, item, "created", (None, Some(ItemStatus::Open.as_str())), "", meeting.as_deref())
}

#[allow(clippy::too_many_arguments)]
fn item_history(
    conn: &Connection,
    e: &Event,
    n: usize,
    item: &str,
    field: &str,
    (old, new): (Option<&str>, Option<&str>),
    note: &str,
    meeting: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO item_history (id, item_id, meeting_id, field, old_value, new_value, note, changed_by, changed_at,
                                   created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)",
    )?
    .execute(params![row_id(e, n), item, meeting, field, old, new, note, e.author, e.at])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn change_item(
    conn: &Connection,
    e: &Event,
    item: &str,
    field: ItemField,
    (from, to): (Option<&str>, Option<&str>),
    note: &str,
    meeting: Option<&str>,
    explicit: Option<bool>,
) -> Result<()> {
    // Each statement changes the item only if it is this consultation's: none changed, it
    // is not in this record (the caller says so rather than any other reason).
    let c = e.consultation.as_str();
    let set = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut n = 0;
        for value in values.iter().copied().chain([&e.at as &dyn rusqlite::ToSql, &item, &c]) {
            n += 1;
            stmt.raw_bind_parameter(n, value)?;
        }
        if stmt.raw_execute()? == 0 {
            return Err(not_here());
        }
        Ok(())
    };
    match field {
        ItemField::Title => {
            let title = to.filter(|t| !t.trim().is_empty()).ok_or_else(|| invalid("an item needs a title"))?;
            set(SET_TITLE, &[&title])?;
        }
        ItemField::Detail => set(SET_DETAIL, &[&to.unwrap_or_default()])?,
        ItemField::Owner => set(SET_OWNER, &[&to.unwrap_or_default()])?,
        ItemField::Due => set(SET_DUE, &[&due_as_stored(to)?])?,
        ItemField::Priority => {
            let p: Priority =
                to.unwrap_or_default().parse().map_err(|err: crate::domain::UnknownWord| invalid(err.to_string()))?;
            set(SET_PRIORITY, &[&p.rank(), &explicit.unwrap_or(true)])?;
        }
        ItemField::Risk => {
            let (l, i) = to.and_then(parse_risk_text).ok_or_else(|| invalid("a risk rating is LxI, each 1 to 5"))?;
            set(SET_RISK, &[&l, &i])?;
            let before = from.and_then(parse_risk_text);
            let (old_l, old_i) = (before.map(|b| b.0.to_string()), before.map(|b| b.1.to_string()));
            let (new_l, new_i) = (l.to_string(), i.to_string());
            let mut n = 0;
            for (name, old, new) in [("likelihood", old_l, new_l), ("impact", old_i, new_i)] {
                if old.as_deref() != Some(new.as_str()) {
                    item_history(conn, e, n, item, name, (old.as_deref(), Some(&new)), note, meeting)?;
                    n += 1;
                }
            }
            return Ok(());
        }
        ItemField::Status => {
            let status =
                parse_status(to).ok_or_else(|| invalid(format!("unknown status '{}'", to.unwrap_or_default())))?;
            let resolution = if status.is_active() { "" } else { note };
            set(SET_STATUS, &[&status.as_str(), &resolution])?;
        }
        ItemField::Note => set(TOUCH, &[])?,
    }
    let (from, to) = if field == ItemField::Note { (None, None) } else { (from, to) };
    item_history(conn, e, 0, item, field.as_str(), (from, to), note, meeting)
}

// What each change of an item writes: its values, then `updated_at`, the item's id and its
// consultation's.
const SET_TITLE: &str = "UPDATE items SET title = ?1, updated_at = ?2 WHERE id = ?3 AND consultation_id = ?4";
const SET_DETAIL: &str = "UPDATE items SET detail = ?1, updated_at = ?2 WHERE id = ?3 AND consultation_id = ?4";
const SET_OWNER: &str = "UPDATE items SET owner = ?1, updated_at = ?2 WHERE id = ?3 AND consultation_id = ?4";
const SET_DUE: &str = "UPDATE items SET due_date = ?1, updated_at = ?2 WHERE id = ?3 AND consultation_id = ?4";
const SET_PRIORITY: &str = "UPDATE items SET priority = ?1, priority_explicit = ?2, updated_at = ?3
                             WHERE id = ?4 AND consultation_id = ?5";
const SET_RISK: &str =
    "UPDATE items SET likelihood = ?1, impact = ?2, updated_at = ?3 WHERE id = ?4 AND consultation_id = ?5";
const SET_STATUS: &str =
    "UPDATE items SET status = ?1, resolution = ?2, updated_at = ?3 WHERE id = ?4 AND consultation_id = ?5";
const TOUCH: &str = "UPDATE items SET updated_at = ?1 WHERE id = ?2 AND consultation_id = ?3";

/// Why a change of an item that is not in the record cannot be applied.
pub(super) fn not_here() -> StoreError {
    invalid("the item it changes is not in this record")
}

/// Whether item `item` is consultation `c`'s.
pub(super) fn item_here(conn: &Connection, c: &str, item: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM items WHERE id = ?1 AND consultation_id = ?2)")?
        .query_row(params![item, c], |r| r.get(0))?)
}

/// A due date as chec writes it: exactly YYYY-MM-DD, a day of the calendar.
fn due_as_stored(due: Option<&str>) -> Result<Option<&str>> {
    match due {
        Some(text) if text.trim() != text => Err(invalid(format!("a due date is YYYY-MM-DD, not '{text}'"))),
        Some(text) => crate::domain::item::parse_due(text).map(|_| Some(text)).map_err(|err| invalid(err.to_string())),
        None => Ok(None),
    }
}

pub(super) fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid(message.into())
}

/// An id for the n-th row an event writes: the event's own id for the first, so every
/// machine writes the same ids.
pub(super) fn row_id(event: &Event, n: usize) -> String {
    if n == 0 { event.id.clone() } else { format!("{}-{n}", event.id) }
}
