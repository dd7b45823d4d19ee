//! Improvement items and their history.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::consultations::parse_word;
use super::{Result, Store, StoreError, new_id, now};
use crate::domain::{Consultation, Item, ItemStatus, NewItem, Priority, StatusFilter};
use crate::text::normalize;

pub(super) const ITEM_SELECT: &str = "SELECT i.id, c.key || '-' || i.seq, c.key, i.title, i.detail, i.question_id,
        (SELECT json_group_array(principle)
           FROM (SELECT principle FROM item_principles p WHERE p.item_id = i.id ORDER BY position)),
        i.stage, m.seq, i.owner, i.due_date, i.priority, i.risk_source, i.likelihood, i.impact, i.response,
        i.status, i.resolution, i.created_at, i.updated_at
   FROM items i
   JOIN consultations c ON c.id = i.consultation_id
   LEFT JOIN meetings m ON m.id = i.meeting_id";

fn optional_word<T: std::str::FromStr>(r: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match r.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(_) => parse_word(r, index).map(Some),
    }
}

pub(super) fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    let principles: String = r.get(6)?;
    let rank: i64 = r.get(11)?;
    Ok(Item {
        id: r.get(0)?,
        key: r.get(1)?,
        consultation: r.get(2)?,
        title: r.get(3)?,
        detail: r.get(4)?,
        question_id: r.get(5)?,
        principles: serde_json::from_str(&principles).unwrap_or_default(),
        stage: r.get(7)?,
        meeting: r.get(8)?,
        owner: r.get(9)?,
        due_date: r.get(10)?,
        priority: Priority::from_rank(rank).unwrap_or(Priority::Medium),
        risk_source: optional_word(r, 12)?,
        likelihood: r.get(13)?,
        impact: r.get(14)?,
        response: optional_word(r, 15)?,
        status: parse_word(r, 16)?,
        resolution: r.get(17)?,
        created_at: r.get(18)?,
        updated_at: r.get(19)?,
    })
}

/// Who changed an item, and in which meeting.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChangedBy<'a> {
    pub actor: &'a str,
    pub meeting_id: Option<&'a str>,
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
pub(super) fn record_item_change(
    tx: &Transaction<'_>,
    item_id: &str,
    change: ItemChange<'_>,
    by: ChangedBy<'_>,
) -> Result<()> {
    let ItemChange { field, old, new, note } = change;
    let ChangedBy { actor, meeting_id } = by;
    let at = now();
    tx.prepare_cached(
        "INSERT INTO item_history (id, item_id, meeting_id, field, old_value, new_value, note, changed_by, changed_at,
                                   created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)",
    )?
    .execute(params![new_id(), item_id, meeting_id, field, old, new, note, actor, at])?;
    Ok(())
}

/// Set an item's status with its resolution note, recording the change.
pub(super) fn change_item_status(
    tx: &Transaction<'_>,
    item: &Item,
    status: ItemStatus,
    note: &str,
    by: ChangedBy<'_>,
) -> Result<()> {
    let at = now();
    let resolution = if status.is_active() { item.resolution.clone() } else { normalize(note.trim()) };
    tx.prepare_cached("UPDATE items SET status = ?1, resolution = ?2, updated_at = ?3 WHERE id = ?4")?
        .execute(params![status.as_str(), resolution, at, item.id])?;
    let change = ItemChange { field: "status", old: Some(item.status.as_str()), new: Some(status.as_str()), note };
    record_item_change(tx, &item.id, change, by)
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
                params![consultation.id, now()],
                |r| r.get(0),
            )?;
            let at = now();
            let id = new_id();
            tx.prepare_cached(
                "INSERT INTO items (id, consultation_id, seq, title, detail, question_id, stage, meeting_id, owner,
                                    due_date, priority, priority_explicit, risk_source, likelihood, impact, response,
                                    status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'open', ?17, ?17)",
            )?
            .execute(params![
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
                principle.execute(params![new_id(), id, p, position as i64, at])?;
            }
            let change = ItemChange { field: "created", old: None, new: Some(ItemStatus::Open.as_str()), note: "" };
            record_item_change(tx, &id, change, ChangedBy { actor: &actor, meeting_id })?;
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
}

/// The WHERE clause and parameters for a query; every fragment is fixed text, user input
/// only ever travels as a parameter.
///
/// With `few_matches` (a text search the trigram index finds in few items), the item
/// columns are written `+i.column`, which keeps SQLite from reaching for their indexes: it
/// would walk a third of a million active items by status, checking each against the
/// matches, where reading the few matches by rowid takes a millisecond.
fn item_filter(q: &crate::domain::ItemQuery, few_matches: bool) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let i = if few_matches { "+i" } else { "i" };
    let mut clauses = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let statuses = q.status.statuses();
    if q.status == StatusFilter::Active {
        // Written out, as the partial indexes of active items are, so SQLite can use them.
        clauses.push(format!("{i}.status IN ('open', 'in-progress')"));
    } else if statuses.len() < ItemStatus::ALL.len() {
        let marks = vec!["?"; statuses.len()].join(", ");
        clauses.push(format!("{i}.status IN ({marks})"));
        params.extend(statuses.iter().map(|s| Value::Text(s.as_str().to_string())));
    }
    if let Some(owner) = &q.owner {
        clauses.push(format!("{i}.owner = ? COLLATE NOCASE"));
        params.push(Value::Text(normalize(owner.trim())));
    }
    if let Some(key) = &q.consultation {
        clauses.push("c.key = ?".to_string());
        params.push(Value::Text(key.trim().to_ascii_uppercase()));
    }
    if let Some(p) = q.min_priority {
        clauses.push(format!("{i}.priority >= ?"));
        params.push(Value::Integer(p.rank()));
    }
    if q.overdue {
        clauses.push(format!("{i}.due_date < ? AND {i}.status IN ('open', 'in-progress')"));
        params.push(Value::Text(q.today.clone()));
    }
    if let Some(text) = q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let text = normalize(text);
        if let Some(phrase) = search_phrase(q) {
            clauses.push("i.rowid IN (SELECT rowid FROM items_text WHERE items_text MATCH ?)".to_string());
            params.push(Value::Text(phrase));
        } else {
            // Too short for trigrams: look through the rows.
            clauses.push(
                "instr(lower(c.key || '-' || i.seq || ' ' || i.title || ' ' || i.detail), lower(?)) > 0".to_string(),
            );
            params.push(Value::Text(text));
        }
    }
    let sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    (sql, params)
}

/// The trigram index's query for `q`'s search text, when it is long enough for trigrams (3
/// characters): the text anywhere, ignoring case, as a phrase in double quotes so that it is
/// taken literally.
fn search_phrase(q: &crate::domain::ItemQuery) -> Option<String> {
    let text = normalize(q.search.as_deref()?.trim());
    (text.chars().count() >= 3).then(|| format!("\"{}\"", text.replace('"', "\"\"")))
}

/// Each order but `Key` is one of the item indexes (ties by consultation, then number), so
/// that a page is read in order instead of sorting every match.
fn item_order(sort: crate::domain::ItemSort) -> &'static str {
    use crate::domain::ItemSort;
    match sort {
        ItemSort::Priority => " ORDER BY i.priority DESC, i.due_date IS NULL, i.due_date, i.consultation_id, i.seq",
        ItemSort::Due => " ORDER BY i.due_date IS NULL, i.due_date, i.priority DESC, i.consultation_id, i.seq",
        ItemSort::Key => " ORDER BY c.key, i.seq",
        ItemSort::Updated => " ORDER BY i.updated_at DESC, i.consultation_id, i.seq",
        ItemSort::Owner => {
            " ORDER BY i.owner COLLATE NOCASE, i.priority DESC, i.due_date IS NULL, i.due_date, i.consultation_id, i.seq"
        }
    }
}

/// The index that reads `q`'s matches in its order, when SQLite would not choose it itself.
///
/// Without owner, consultation or text filters, SQLite prefers narrowing by status and then
/// sorting every match (a quarter of a second at a million items) to walking an index that
/// is already in order and stopping after a page. Each index named here serves its query
/// whatever the other filters are (priority, overdue).
///
/// A text search narrows enough on its own when the trigram index finds few items for it
/// (`few_matches`); otherwise the matches are many, and walking the order finds a page of
/// them at once.
fn ordered_index(q: &crate::domain::ItemQuery, few_matches: bool) -> Option<&'static str> {
    use crate::domain::ItemSort;
    if q.owner.is_some() || q.consultation.is_some() || few_matches {
        return None;
    }
    match (q.status, q.sort) {
        (StatusFilter::Active, ItemSort::Priority) => Some("items_active_by_priority"),
        (StatusFilter::Active, ItemSort::Due) => Some("items_active_by_due"),
        (StatusFilter::All, ItemSort::Priority) => Some("items_by_priority"),
        (StatusFilter::All, ItemSort::Due) => Some("items_by_due"),
        (_, ItemSort::Updated) => Some("items_by_updated"),
        (_, ItemSort::Owner) => Some("items_by_owner"),
        _ => None,
    }
}

/// The SQL and parameters [`Store::find_items`] runs for `q`.
fn items_query(q: &crate::domain::ItemQuery, few_matches: bool) -> (String, Vec<rusqlite::types::Value>) {
    let (filter, mut params) = item_filter(q, few_matches);
    let select = match ordered_index(q, few_matches) {
        Some(index) => ITEM_SELECT.replacen("FROM items i", &format!("FROM items i INDEXED BY {index}"), 1),
        None => ITEM_SELECT.to_string(),
    };
    let mut sql = format!("{select}{filter}{}", item_order(q.sort));
    if let Some(limit) = q.limit {
        sql.push_str(" LIMIT ? OFFSET ?");
        params.push(rusqlite::types::Value::Integer(limit as i64));
        params.push(rusqlite::types::Value::Integer(q.offset as i64));
    }
    (sql, params)
}

impl Store {
    /// The SQL [`Store::find_items`] runs for `q` on this database (the index it names can
    /// depend on the data), its parameters written in as literals, so that the benchmarks can
    /// give the very same query to the `sqlite3` program.
    #[doc(hidden)]
    pub fn items_sql(&self, q: &crate::domain::ItemQuery) -> Result<String> {
        use rusqlite::types::Value;
        let (sql, params) = items_query(q, self.few_text_matches(q)?);
        let mut params = params.into_iter().peekable();
        let mut out = String::with_capacity(sql.len());
        for c in sql.chars() {
            match (c, params.next_if(|_| c == '?')) {
                (_, Some(Value::Text(s))) => out.push_str(&format!("'{}'", s.replace('\'', "''"))),
                (_, Some(Value::Integer(n))) => out.push_str(&n.to_string()),
                (_, Some(_)) => out.push_str("NULL"),
                (c, None) => out.push(c),
            }
        }
        Ok(out)
    }

    /// Items matching `q`, sorted and paged in SQL.
    pub fn find_items(&self, q: &crate::domain::ItemQuery) -> Result<Vec<Item>> {
        let (sql, params) = items_query(q, self.few_text_matches(q)?);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Items matching `q`, handed to `f` one at a time as they are read, so that a listing
    /// of any length holds one row in memory. Returns what `f` returns.
    pub fn with_items<T>(
        &self,
        q: &crate::domain::ItemQuery,
        f: impl FnOnce(&mut dyn Iterator<Item = Result<Item>>) -> T,
    ) -> Result<T> {
        let (sql, params) = items_query(q, self.few_text_matches(q)?);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows =
            stmt.query_map(rusqlite::params_from_iter(params), item_from_row)?.map(|r| r.map_err(Into::into));
        Ok(f(&mut rows))
    }

    /// Whether `q` searches for a text the trigram index finds in few items (fewer than
    /// two thousand): then reading those first is quickest.
    fn few_text_matches(&self, q: &crate::domain::ItemQuery) -> Result<bool> {
        const FEW: i64 = 2000;
        let Some(phrase) = search_phrase(q) else { return Ok(false) };
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM items_text WHERE items_text MATCH ?1 LIMIT ?2)")?
            .query_row(params![phrase, FEW], |r| r.get(0))?;
        Ok(n < FEW)
    }

    /// How many items match `q` (ignoring its paging).
    pub fn count_items(&self, q: &crate::domain::ItemQuery) -> Result<i64> {
        self.count_items_up_to(q, None)
    }

    /// How many items match `q`, counting no further than `cap`: a screen needs to know
    /// there are "over 1,000", not to count a million.
    pub fn count_items_up_to(&self, q: &crate::domain::ItemQuery, cap: Option<usize>) -> Result<i64> {
        let (filter, mut params) = item_filter(q, self.few_text_matches(q)?);
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM items i JOIN consultations c ON c.id = i.consultation_id{filter} LIMIT ?)"
        );
        params.push(rusqlite::types::Value::Integer(cap.map_or(-1, |n| n as i64)));
        Ok(self.conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(params), |r| r.get(0))?)
    }

    /// Change an item, recording each changed field in its history. Marking it resolved,
    /// accepted or won't do needs a note, kept as its resolution.
    pub fn update_item(
        &mut self,
        key: &str,
        update: &crate::domain::ItemUpdate,
        meeting_id: Option<&str>,
    ) -> Result<Item> {
        use crate::domain::ItemError;
        let note = update.note.as_deref().map(|n| normalize(n.trim())).unwrap_or_default();
        if let Some(status) = update.status
            && !status.is_active()
            && note.is_empty()
        {
            return Err(ItemError::NoteRequired(status.label()).into());
        }
        if let Some(title) = &update.title
            && title.trim().is_empty()
        {
            return Err(ItemError::EmptyTitle.into());
        }
        let actor = self.actor.clone();
        let id = self.write(|tx| {
            // Read inside the transaction: the history records what the item really was.
            let item = find_item(tx, key)?.ok_or_else(|| StoreError::NoItem(key.to_string()))?;
            let at = now();
            let by = ChangedBy { actor: &actor, meeting_id };
            let mut changed = false;
            let mut set = |column: &str,
                           field: &str,
                           old: Option<String>,
                           new: Option<String>,
                           value: rusqlite::types::Value|
             -> Result<()> {
                if old == new {
                    return Ok(());
                }
                tx.prepare_cached(&format!("UPDATE items SET {column} = ?1, updated_at = ?2 WHERE id = ?3"))?
                    .execute(params![value, at, item.id])?;
                let change = ItemChange { field, old: old.as_deref(), new: new.as_deref(), note: &note };
                record_item_change(tx, &item.id, change, by)?;
                changed = true;
                Ok(())
            };
            use rusqlite::types::Value;
            if let Some(title) = &update.title {
                let title = normalize(title.trim());
                set("title", "title", Some(item.title.clone()), Some(title.clone()), Value::Text(title))?;
            }
            if let Some(detail) = &update.detail {
                let detail = normalize(detail.trim());
                set("detail", "detail", Some(item.detail.clone()), Some(detail.clone()), Value::Text(detail))?;
            }
            if let Some(owner) = &update.owner {
                let owner = normalize(owner.trim());
                set("owner", "owner", Some(item.owner.clone()), Some(owner.clone()), Value::Text(owner))?;
            }
            if let Some(due) = &update.due {
                let due = due.map(|d| d.to_string());
                let value = due.clone().map_or(Value::Null, Value::Text);
                set("due_date", "due", item.due_date.clone(), due, value)?;
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
                    risk_changed = true;
                }
            }
            let explicit: bool = tx
                .prepare_cached("SELECT priority_explicit FROM items WHERE id = ?1")?
                .query_row([&item.id], |r| r.get(0))?;
            let priority = match (update.priority, update.risk) {
                (Some(p), _) => Some((p, true)),
                // A new risk rating moves a priority that was never set by hand.
                (None, Some(risk)) if !explicit => {
                    Some((crate::domain::item::priority_from_risk(risk.likelihood, risk.impact), false))
                }
                _ => None,
            };
            if let Some((p, is_explicit)) = priority {
                set(
                    "priority",
                    "priority",
                    Some(item.priority.as_str().into()),
                    Some(p.as_str().into()),
                    Value::Integer(p.rank()),
                )?;
                tx.prepare_cached("UPDATE items SET priority_explicit = ?1 WHERE id = ?2")?
                    .execute(params![is_explicit, item.id])?;
            }
            if let Some(status) = update.status
                && status != item.status
            {
                let resolution = if status.is_active() { String::new() } else { note.clone() };
                tx.prepare_cached("UPDATE items SET status = ?1, resolution = ?2, updated_at = ?3 WHERE id = ?4")?
                    .execute(params![status.as_str(), resolution, at, item.id])?;
                let change = ItemChange {
                    field: "status",
                    old: Some(item.status.as_str()),
                    new: Some(status.as_str()),
                    note: &note,
                };
                record_item_change(tx, &item.id, change, by)?;
                changed = true;
            }
            let changed = changed || risk_changed;
            if !changed && !note.is_empty() {
                record_item_change(tx, &item.id, ItemChange { field: "note", old: None, new: None, note: &note }, by)?;
                tx.prepare_cached("UPDATE items SET updated_at = ?1 WHERE id = ?2")?.execute(params![at, item.id])?;
            }
            Ok(item.id.clone())
        })?;
        self.item_by_id(&id)?.ok_or_else(|| StoreError::NoItem(key.to_string()))
    }

    /// Every item of a consultation, by number.
    pub fn items_of(&self, consultation: &Consultation) -> Result<Vec<Item>> {
        let sql = format!("{ITEM_SELECT} WHERE i.consultation_id = ?1 ORDER BY i.seq");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([&consultation.id], item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The history of every item of a consultation, by item id, each oldest first; one query.
    pub fn item_histories(
        &self,
        consultation: &Consultation,
    ) -> Result<std::collections::HashMap<String, Vec<crate::domain::ItemChange>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.item_id, h.field, h.old_value, h.new_value, h.note, h.changed_by, h.changed_at, m.seq
               FROM item_history h
               JOIN items i ON i.id = h.item_id
               LEFT JOIN meetings m ON m.id = h.meeting_id
              WHERE i.consultation_id = ?1 ORDER BY h.changed_at, h.id",
        )?;
        let rows = stmt.query_map([&consultation.id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                crate::domain::ItemChange {
                    field: r.get(1)?,
                    old_value: r.get(2)?,
                    new_value: r.get(3)?,
                    note: r.get(4)?,
                    changed_by: r.get(5)?,
                    changed_at: r.get(6)?,
                    meeting: r.get(7)?,
                },
            ))
        })?;
        let mut map: std::collections::HashMap<String, Vec<_>> = std::collections::HashMap::new();
        for row in rows {
            let (id, change) = row?;
            map.entry(id).or_default().push(change);
        }
        Ok(map)
    }

    /// Every change to an item, oldest first.
    pub fn item_history(&self, item: &Item) -> Result<Vec<crate::domain::ItemChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.field, h.old_value, h.new_value, h.note, h.changed_by, h.changed_at, m.seq
               FROM item_history h LEFT JOIN meetings m ON m.id = h.meeting_id
              WHERE h.item_id = ?1 ORDER BY h.changed_at, h.id",
        )?;
        let rows = stmt.query_map([&item.id], |r| {
            Ok(crate::domain::ItemChange {
                field: r.get(0)?,
                old_value: r.get(1)?,
                new_value: r.get(2)?,
                note: r.get(3)?,
                changed_by: r.get(4)?,
                changed_at: r.get(5)?,
                meeting: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
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
