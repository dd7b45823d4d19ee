//! Improvement items and their history.

use std::borrow::Cow;

use rusqlite::types::Type;
use rusqlite::{OptionalExtension, Row, params};

use super::events::{self, Of};
use super::rows::parse_word;
use super::{Result, Store, StoreError, Tx};
use crate::domain::event::risk_text;
use crate::domain::{Change, Consultation, Item, ItemField, ItemRef, ItemStatus, NewItem, Priority, TextTarget};
use crate::text::{normalize, stored};

pub(super) const ITEM_SELECT: &str = "SELECT i.id, c.key || '-' || i.seq, c.key, i.title, i.detail, i.question_id,
        i.principles,
        i.stage, m.seq, i.owner, i.due_date, i.priority, i.risk_source, i.likelihood, i.impact, i.response,
        i.status, i.resolution, i.created_at, i.updated_at
   FROM items i
   JOIN consultations c ON c.id = i.consultation_id
   LEFT JOIN meetings m ON m.id = i.meeting_id";

fn optional_word<T: std::str::FromStr>(r: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match r.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parse_word(r, index).map(Some),
    }
}

/// A new item, open, created and updated at ?17: what raising one writes, here and when a
/// team event raising one is replayed.
pub(super) const INSERT_ITEM: &str =
    "INSERT INTO items (id, consultation_id, seq, title, detail, question_id, stage, meeting_id, owner,
                        due_date, priority, priority_explicit, risk_source, likelihood, impact, response,
                        status, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'open', ?17, ?17)";

/// [`INSERT_ITEM`] with the item's principles (`?18`, a JSON array of them, in order) as its
/// list: the one the triggers on `item_principles` make of its rows (each principle once,
/// where it first comes), so that a replay can insert the item whole while they are dropped
/// (a first import; see built_later.rs), rather than every item being written again at the
/// end.
pub(super) const INSERT_ITEM_LISTED: &str =
    "INSERT INTO items (id, consultation_id, seq, title, detail, question_id, stage, meeting_id, owner,
                        due_date, priority, priority_explicit, risk_source, likelihood, impact, response,
                        status, created_at, updated_at, principles)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'open', ?17, ?17,
             (SELECT json_group_array(value)
                FROM (SELECT value FROM json_each(?18) GROUP BY value ORDER BY min(key))))";

pub(super) fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    Ok(item_ref_from_row(r)?.to_item(r.get(0)?))
}

/// The item in row `r` (of [`ITEM_SELECT`]'s columns) as an [`ItemRef`], its text read in
/// place: no text is copied but a principle that JSON escapes.
pub(super) fn item_ref_from_row<'r>(r: &'r Row<'_>) -> rusqlite::Result<ItemRef<'r>> {
    let text = |index: usize| -> rusqlite::Result<&'r str> {
        r.get_ref(index)?.as_str().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, e.into()))
    };
    let optional_text = |index: usize| -> rusqlite::Result<Option<&'r str>> {
        r.get_ref(index)?
            .as_str_or_null()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, e.into()))
    };
    let rank: i64 = r.get(11)?;
    Ok(ItemRef {
        key: text(1)?,
        consultation: text(2)?,
        title: text(3)?,
        detail: text(4)?,
        question_id: optional_text(5)?,
        principles: principles_in(text(6)?),
        stage: text(7)?,
        meeting: r.get(8)?,
        owner: text(9)?,
        due_date: optional_text(10)?,
        priority: Priority::from_rank(rank).unwrap_or(Priority::Medium),
        risk_source: optional_word(r, 12)?,
        likelihood: r.get(13)?,
        impact: r.get(14)?,
        response: optional_word(r, 15)?,
        status: parse_word(r, 16)?,
        resolution: text(17)?,
        created_at: text(18)?,
        updated_at: text(19)?,
    })
}

/// The principles stored as a JSON array of strings, each borrowed from `stored` unless it
/// holds an escape; none when it is not such an array.
fn principles_in(stored: &str) -> Vec<Cow<'_, str>> {
    #[derive(serde::Deserialize)]
    struct Principle<'a>(#[serde(borrow)] Cow<'a, str>);
    if stored == "[]" {
        return Vec::new();
    }
    serde_json::from_str::<Vec<Principle<'_>>>(stored)
        .map(|ps| ps.into_iter().map(|p| p.0).collect())
        .unwrap_or_default()
}

/// Who changed an item, and in which meeting; for a text field, the value their editor
/// started from (`None`: whatever it holds).
#[derive(Debug, Clone, Copy)]
pub(super) struct ChangedBy<'a> {
    pub actor: &'a str,
    pub meeting_id: Option<&'a str>,
    pub started_from: Option<&'a str>,
}

/// One change to an item: the field, its old and new values, and a note.
#[derive(Debug, Clone, Copy)]
pub(super) struct ItemChange<'a> {
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub note: &'a str,
}

/// Record one change to an item in its history.
pub(super) fn record_item_change(tx: &Tx<'_>, item_id: &str, change: ItemChange<'_>, by: ChangedBy<'_>) -> Result<()> {
    let ItemChange { field, old, new, note } = change;
    let ChangedBy { actor, meeting_id, .. } = by;
    let at = tx.now();
    tx.prepare_cached(
        "INSERT INTO item_history (id, item_id, meeting_id, field, old_value, new_value, note, changed_by, changed_at,
                                   created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)",
    )?
    .execute(params![tx.new_id(), item_id, meeting_id, field, old, new, note, actor, at])?;
    Ok(())
}

/// Set an item's status with its resolution note, recording the change and its event.
pub(super) fn change_item_status(
    tx: &Tx<'_>,
    of: Of<'_>,
    item: &Item,
    status: ItemStatus,
    note: &str,
    by: ChangedBy<'_>,
) -> Result<()> {
    let at = tx.now();
    let resolution = if status.is_active() { item.resolution.clone() } else { stored(note) };
    tx.prepare_cached("UPDATE items SET status = ?1, resolution = ?2, updated_at = ?3 WHERE id = ?4")?
        .execute(params![status.as_str(), resolution, at, item.id])?;
    let change = ItemChange { field: "status", old: Some(item.status.as_str()), new: Some(status.as_str()), note };
    record_item_change(tx, &item.id, change, by)?;
    record_item_event(tx, of, &item.id, ItemField::Status, change, by, None)?;
    Ok(())
}

/// The event of one change to an item. For the text fields (title, detail), `started_from`
/// is the value the editor started from (`None`: whatever the field holds).
pub(super) fn record_item_event(
    tx: &Tx<'_>,
    of: Of<'_>,
    item_id: &str,
    field: ItemField,
    change: ItemChange<'_>,
    by: ChangedBy<'_>,
    explicit: Option<bool>,
) -> Result<()> {
    let make = |parents: Vec<String>| Change::ItemChanged {
        item: item_id.to_string(),
        field,
        from: change.old.map(str::to_string),
        to: change.new.map(str::to_string),
        note: change.note.to_string(),
        meeting: by.meeting_id.map(str::to_string),
        parents,
        explicit,
    };
    match field {
        ItemField::Title | ItemField::Detail => {
            let target = TextTarget::Item { item: item_id.to_string(), field };
            let value = change.new.unwrap_or_default();
            events::record_text(tx, by.actor, of, &target, by.started_from, value, make)?;
        }
        _ => {
            events::record(tx, by.actor, of, make(Vec::new()))?;
        }
    }
    Ok(())
}

/// Open and in-progress items of a consultation at or above `min`, most urgent first; on a
/// plain connection or inside a transaction.
pub(super) fn active_items(conn: &rusqlite::Connection, consultation_id: &str, min: Priority) -> Result<Vec<Item>> {
    // The unary + keeps SQLite from walking items_by_status across every consultation (it
    // would, at a million items, for a handful of rows); items_by_consultation is the way in.
    let sql = format!(
        "{ITEM_SELECT} WHERE i.consultation_id = ?1 AND +i.status IN ('open', 'in-progress') AND +i.priority >= ?2
         ORDER BY i.priority DESC, i.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![consultation_id, min.rank()], item_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every item of a consultation, by number; on a plain connection or inside a transaction.
pub(super) fn items_of(conn: &rusqlite::Connection, consultation_id: &str) -> Result<Vec<Item>> {
    let sql = format!("{ITEM_SELECT} WHERE i.consultation_id = ?1 ORDER BY i.seq");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([consultation_id], item_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The item with this key, on a plain connection or inside a transaction.
fn find_item(conn: &rusqlite::Connection, key: &str) -> Result<Option<Item>> {
    let Some((consultation, seq)) = parse_item_key(key) else {
        return Ok(None);
    };
    let consultation = consultation.to_ascii_uppercase();
    let sql = format!("{ITEM_SELECT} WHERE c.key = ?1 AND i.seq = ?2");
    Ok(conn.prepare_cached(&sql)?.query_row(params![consultation, seq], item_from_row).optional()?)
}

/// Split an item key like `CARE-3` into the consultation key and the number.
pub fn parse_item_key(key: &str) -> Option<(&str, i64)> {
    let (consultation, seq) = key.trim().rsplit_once('-')?;
    let seq: i64 = seq.parse().ok().filter(|n| *n > 0)?;
    Some((consultation, seq))
}

impl Store {
    /// Raise an item on a consultation, numbered from its key (`CARE-3`), with the
    /// principles it serves and a first history entry.
    pub fn raise_item(&mut self, consultation: &Consultation, new: &NewItem, meeting_id: Option<&str>) -> Result<Item> {
        let mut new = new.clone();
        new.validate()?;
        let actor = self.actor.clone();
        let priority = new.effective_priority();
        let id = self.write(|tx| {
            let seq: i64 = tx.query_row(
                "UPDATE consultations SET next_item_seq = next_item_seq + 1, updated_at = ?2 WHERE id = ?1
                 RETURNING next_item_seq - 1",
                params![consultation.id, tx.now()],
                |r| r.get(0),
            )?;
            let at = tx.now();
            let id = tx.new_id();
            tx.prepare_cached(INSERT_ITEM)?.execute(params![
                id,
                consultation.id,
                seq,
                normalize(&new.title),
                normalize(new.detail.trim()),
                new.question_id,
                new.stage,
                meeting_id,
                normalize(&new.owner),
                new.due.map(|d| d.to_string()),
                priority.rank(),
                new.priority.is_some(),
                new.risk_source.map(|s| s.as_str()),
                new.risk.map(|r| r.likelihood),
                new.risk.map(|r| r.impact),
                new.response.map(|r| r.as_str()),
                at
            ])?;
            let mut principle = tx.prepare_cached(
                "INSERT OR IGNORE INTO item_principles (id, item_id, principle, position, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?;
            for (position, p) in new.principles.iter().enumerate() {
                principle.execute(params![tx.new_id(), id, p, position as i64, at])?;
            }
            let change = ItemChange { field: "created", old: None, new: Some(ItemStatus::Open.as_str()), note: "" };
            record_item_change(tx, &id, change, ChangedBy { actor: &actor, meeting_id, started_from: None })?;
            let raised = Change::ItemRaised {
                item: id.clone(),
                seq,
                title: normalize(&new.title),
                detail: normalize(new.detail.trim()),
                question: new.question_id.clone(),
                principles: new.principles.clone(),
                stage: new.stage.clone(),
                meeting: meeting_id.map(str::to_string),
                owner: normalize(&new.owner),
                due: new.due.map(|d| d.to_string()),
                priority,
                priority_explicit: new.priority.is_some(),
                risk_source: new.risk_source,
                likelihood: new.risk.map(|r| r.likelihood),
                impact: new.risk.map(|r| r.impact),
                response: new.response,
            };
            events::record(tx, &actor, consultation.into(), raised)?;
            Ok(id)
        })?;
        self.item_by_id(&id)?.ok_or_else(|| StoreError::NoItem(id))
    }

    pub(super) fn item_by_id(&self, id: &str) -> Result<Option<Item>> {
        let sql = format!("{ITEM_SELECT} WHERE i.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], item_from_row).optional()?)
    }

    /// The item with this key, e.g. `CARE-3` (or `care-3`).
    pub fn item(&self, key: &str) -> Result<Option<Item>> {
        find_item(&self.conn, key)
    }

    /// Items raised on one question, in the order they were raised.
    pub fn items_for_question(&self, consultation: &Consultation, question_id: &str) -> Result<Vec<Item>> {
        let sql = format!("{ITEM_SELECT} WHERE i.consultation_id = ?1 AND i.question_id = ?2 ORDER BY i.seq");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![consultation.id, question_id], item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open and in-progress items of a consultation at or above `min`, most urgent first.
    pub fn active_items(&self, consultation: &Consultation, min: Priority) -> Result<Vec<Item>> {
        active_items(&self.conn, &consultation.id, min)
    }

    /// Count of items per question of a consultation, for list markers.
    pub fn item_counts_by_question(
        &self,
        consultation: &Consultation,
    ) -> Result<std::collections::HashMap<String, i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT question_id, count(*) FROM items WHERE consultation_id = ?1 AND question_id IS NOT NULL
              GROUP BY question_id",
        )?;
        let rows = stmt.query_map([&consultation.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Change an item, recording each changed field in its history. Marking it resolved,
    /// accepted or won't do needs a note, kept as its resolution.
    pub fn update_item(
        &mut self,
        key: &str,
        update: &crate::domain::ItemUpdate,
        meeting_id: Option<&str>,
    ) -> Result<Item> {
        let note = update.checked_note()?;
        let actor = self.actor.clone();
        let id = self.write(|tx| {
            // Read inside the transaction: the history records what the item really was.
            let item = find_item(tx, key)?.ok_or_else(|| StoreError::NoItem(key.to_string()))?;
            let conflicts = update.conflicts(&item);
            if !conflicts.is_empty() {
                let by: Option<String> = tx
                    .prepare_cached(
                        "SELECT changed_by FROM item_history WHERE item_id = ?1 ORDER BY changed_at DESC, id DESC LIMIT 1",
                    )?
                    .query_row([&item.id], |r| r.get(0))
                    .optional()?;
                return Err(StoreError::ItemConflict { key: item.key.clone(), by, fields: conflicts });
            }
            let at = tx.now();
            let consultation_id: String =
                tx.prepare_cached("SELECT consultation_id FROM items WHERE id = ?1")?.query_row([&item.id], |r| r.get(0))?;
            let of = Of { id: &consultation_id, key: &item.consultation };
            let by = ChangedBy { actor: &actor, meeting_id, started_from: None };
            let base = update.started_from.as_deref();
            let mut changed = false;
            let mut set = |column: &str,
                           field: ItemField,
                           old: Option<String>,
                           new: Option<String>,
                           value: rusqlite::types::Value,
                           explicit: Option<bool>|
             -> Result<()> {
                if old == new {
                    return Ok(());
                }
                tx.prepare_cached(&format!("UPDATE items SET {column} = ?1, updated_at = ?2 WHERE id = ?3"))?
                    .execute(params![value, at, item.id])?;
                let change = ItemChange { field: field.as_str(), old: old.as_deref(), new: new.as_deref(), note: &note };
                record_item_change(tx, &item.id, change, by)?;
                let started_from = match field {
                    ItemField::Title => base.map(|b| b.title.as_str()),
                    ItemField::Detail => base.map(|b| b.detail.as_str()),
                    _ => None,
                };
                record_item_event(tx, of, &item.id, field, change, ChangedBy { started_from, ..by }, explicit)?;
                changed = true;
                Ok(())
            };
            use rusqlite::types::Value;
            if let Some(title) = &update.title {
                let title = stored(title);
                set("title", ItemField::Title, Some(item.title.clone()), Some(title.clone()), Value::Text(title), None)?;
            }
            if let Some(detail) = &update.detail {
                let detail = stored(detail);
                let old = Some(item.detail.clone());
                set("detail", ItemField::Detail, old, Some(detail.clone()), Value::Text(detail), None)?;
            }
            if let Some(owner) = &update.owner {
                let owner = stored(owner);
                set("owner", ItemField::Owner, Some(item.owner.clone()), Some(owner.clone()), Value::Text(owner), None)?;
            }
            if let Some(due) = &update.due {
                let due = due.map(|d| d.to_string());
                let value = due.clone().map_or(Value::Null, Value::Text);
                set("due_date", ItemField::Due, item.due_date.clone(), due, value, None)?;
            }
            let mut risk_changed = false;
            if let Some(risk) = update.risk {
                // Both columns in one statement: the table requires both or neither.
                let (old_l, old_i) = (item.likelihood.map(|v| v.to_string()), item.impact.map(|v| v.to_string()));
                let (new_l, new_i) = (Some(risk.likelihood.to_string()), Some(risk.impact.to_string()));
                if old_l != new_l || old_i != new_i {
                    tx.prepare_cached("UPDATE items SET likelihood = ?1, impact = ?2, updated_at = ?3 WHERE id = ?4")?
                        .execute(params![risk.likelihood, risk.impact, at, item.id])?;
                    for (field, old, new) in [("likelihood", &old_l, &new_l), ("impact", &old_i, &new_i)] {
                        if old != new {
                            let change = ItemChange { field, old: old.as_deref(), new: new.as_deref(), note: &note };
                            record_item_change(tx, &item.id, change, by)?;
                        }
                    }
                    let old = risk_text(item.likelihood, item.impact);
                    let new = risk_text(Some(risk.likelihood), Some(risk.impact));
                    let change = ItemChange { field: "risk", old: old.as_deref(), new: new.as_deref(), note: &note };
                    record_item_event(tx, of, &item.id, ItemField::Risk, change, by, None)?;
                    risk_changed = true;
                }
            }
            let explicit: bool = tx
                .prepare_cached("SELECT priority_explicit FROM items WHERE id = ?1")?
                .query_row([&item.id], |r| r.get(0))?;
            if let Some((p, is_explicit)) = update.new_priority(explicit) {
                set(
                    "priority",
                    ItemField::Priority,
                    Some(item.priority.as_str().into()),
                    Some(p.as_str().into()),
                    Value::Integer(p.rank()),
                    Some(is_explicit),
                )?;
                tx.prepare_cached("UPDATE items SET priority_explicit = ?1 WHERE id = ?2")?
                    .execute(params![is_explicit, item.id])?;
            }
            if let Some(status) = update.status
                && status != item.status
            {
                let resolution = status.resolution(&note);
                tx.prepare_cached("UPDATE items SET status = ?1, resolution = ?2, updated_at = ?3 WHERE id = ?4")?
                    .execute(params![status.as_str(), resolution, at, item.id])?;
                let change = ItemChange {
                    field: "status",
                    old: Some(item.status.as_str()),
                    new: Some(status.as_str()),
                    note: &note,
                };
                record_item_change(tx, &item.id, change, by)?;
                record_item_event(tx, of, &item.id, ItemField::Status, change, by, None)?;
                changed = true;
            }
            let changed = changed || risk_changed;
            if !changed && !note.is_empty() {
                let change = ItemChange { field: "note", old: None, new: None, note: &note };
                record_item_change(tx, &item.id, change, by)?;
                record_item_event(tx, of, &item.id, ItemField::Note, change, by, None)?;
                tx.prepare_cached("UPDATE items SET updated_at = ?1 WHERE id = ?2")?.execute(params![at, item.id])?;
            }
            Ok(item.id.clone())
        })?;
        self.item_by_id(&id)?.ok_or_else(|| StoreError::NoItem(key.to_string()))
    }

    /// Every item of a consultation, by number.
    pub fn items_of(&self, consultation: &Consultation) -> Result<Vec<Item>> {
        items_of(&self.conn, &consultation.id)
    }

    /// The history of every item of a consultation, by item id, each oldest first (by time,
    /// then id), as [`Store::item_history`] gives one item's.
    ///
    /// Read as three plain passes over the consultation's own rows (its meetings, its items'
    /// changes, its sign-offs' carry-overs) and put together here: one query joining each
    /// change to its meeting and sorting them all cost twice as much (a report reads
    /// thousands of changes).
    pub fn item_histories(
        &self,
        consultation: &Consultation,
    ) -> Result<std::collections::HashMap<String, Vec<crate::domain::ItemChange>>> {
        use std::collections::HashMap;
        let mut seqs: HashMap<String, i64> = HashMap::new();
        let mut stmt = self.conn.prepare_cached("SELECT id, seq FROM meetings WHERE consultation_id = ?1")?;
        for row in stmt.query_map([&consultation.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (id, seq) = row?;
            seqs.insert(id, seq);
        }
        // (id, change) to sort by time then id, by item id. Columns: those of
        // `change_from_row` (the meeting left empty), then its meeting's id and its own id.
        let mut map: HashMap<String, Vec<(String, crate::domain::ItemChange)>> = HashMap::new();
        let changes = "SELECT h.item_id, h.field, h.old_value, h.new_value, h.note, h.changed_by, h.changed_at,
                              NULL, NULL, h.meeting_id, h.id
                         FROM items i JOIN item_history h ON h.item_id = i.id
                        WHERE i.consultation_id = ?1";
        let carry_overs = "SELECT d.item_id, 'carried-over', NULL, o.stage, d.reason, o.signed_by, o.signed_at,
                                  NULL, s.name, o.meeting_id, d.id
                             FROM sign_offs o
                             JOIN sign_off_items d ON d.sign_off_id = o.id
                             JOIN stage_states s ON s.consultation_id = o.consultation_id AND s.stage = o.stage
                            WHERE o.consultation_id = ?1 AND d.decision = 'carry-over'";
        for sql in [changes, carry_overs] {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query([&consultation.id])?;
            while let Some(r) = rows.next()? {
                let mut change = change_from_row(r)?;
                change.meeting = r.get::<_, Option<String>>(9)?.and_then(|m| seqs.get(&m).copied());
                map.entry(r.get(0)?).or_default().push((r.get(10)?, change));
            }
        }
        Ok(map
            .into_iter()
            .map(|(item, mut changes)| {
                changes.sort_unstable_by(|(a_id, a), (b_id, b)| (&a.changed_at, a_id).cmp(&(&b.changed_at, b_id)));
                (item, changes.into_iter().map(|(_, change)| change).collect())
            })
            .collect())
    }

    /// Every change to an item, oldest first, with the sign-offs that carried it over.
    pub fn item_history(&self, item: &Item) -> Result<Vec<crate::domain::ItemChange>> {
        let sql = format!("{HISTORY} WHERE item_id = ?1 ORDER BY changed_at, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([&item.id], change_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An item's history: its recorded changes, and each carry-over decided at a stage's
/// sign-off (kept with the sign-off, in `sign_off_items`), as `carried-over` entries whose
/// new value is the stage. Columns: item id, then those of [`change_from_row`].
const HISTORY: &str = "SELECT item_id, field, old_value, new_value, note, changed_by, changed_at, meeting, stage_name
   FROM (SELECT h.item_id, h.field, h.old_value, h.new_value, h.note, h.changed_by, h.changed_at,
                m.seq AS meeting, NULL AS stage_name, h.id AS id
           FROM item_history h LEFT JOIN meetings m ON m.id = h.meeting_id
         UNION ALL
         SELECT d.item_id, 'carried-over', NULL, o.stage, d.reason, o.signed_by, o.signed_at, m.seq, s.name, d.id
           FROM sign_off_items d
           JOIN sign_offs o ON o.id = d.sign_off_id
           JOIN stage_states s ON s.consultation_id = o.consultation_id AND s.stage = o.stage
           LEFT JOIN meetings m ON m.id = o.meeting_id
          WHERE d.decision = 'carry-over')";

fn change_from_row(r: &Row<'_>) -> rusqlite::Result<crate::domain::ItemChange> {
    Ok(crate::domain::ItemChange {
        field: r.get(1)?,
        old_value: r.get(2)?,
        new_value: r.get(3)?,
        note: r.get(4)?,
        changed_by: r.get(5)?,
        changed_at: r.get(6)?,
        meeting: r.get(7)?,
        stage_name: r.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn item_keys_split_at_the_last_dash() {
        assert_eq!(super::parse_item_key("CARE-3"), Some(("CARE", 3)));
        assert_eq!(super::parse_item_key(" AB12-10 "), Some(("AB12", 10)));
        assert_eq!(super::parse_item_key("CARE"), None);
        assert_eq!(super::parse_item_key("CARE-0"), None);
        assert_eq!(super::parse_item_key("CARE-x"), None);
    }
}
