//! Finding items: the filters, the orders, and how each query is best read at a million
//! items.
//!
//! One query's matches can be read in very different ways, and the quick way depends on the
//! data. [`Store::reading`] looks before each query and picks one (a millisecond or a few;
//! for a short text found almost nowhere, the pass over the table below):
//!
//! - Most queries walk an index in their order and stop after a page ([`ordered_index`]).
//! - A search of three characters or more goes through the trigram index; when it finds few
//!   items, those are read by rowid and sorted.
//! - A shorter text has no index to use. A quick pass over the table (in rowid order, which
//!   reads pages in sequence and is eight times quicker than an index order's scattered
//!   reads) finds up to [`FEW_SHORT`] matches: when those are all, they are read by rowid;
//!   otherwise the text is common, and walking the order finds a page of it at once.
//! - A whole listing (`chec items`: no page, no owner, no consultation) reads every match
//!   whatever the plan, so it asks none of the questions above: one pass over the table in
//!   rowid order, then a sort. Only the few items of a high priority in a small table are
//!   read through the priority index instead ([`FEW_ITEMS`]).

use rusqlite::params;
use rusqlite::types::Value;

use super::items::{ITEM_SELECT, item_from_row, item_ref_from_row};
use super::{Result, Store};
use crate::domain::{Item, ItemQuery, ItemRef, ItemSort, ItemStatus, Priority, StatusFilter};
use crate::text::normalize;

/// Below this many trigram matches, a search reads its matches by rowid.
const FEW_TEXT: i64 = 2000;

/// Below this many matches, a text too short for trigrams reads its matches by rowid. A pass
/// that finds this many in a common text reads a few thousand rows (a few milliseconds).
const FEW_SHORT: usize = 200;

/// Up to this many items (the table's largest rowid, a cheap estimate), a whole listing of
/// items of at least high priority walks the priority index instead of passing over the
/// table. It reads about an eighth of the items, in order, one lookup each, where the pass
/// reads every item and sorts. Measured (active items, high or critical, as JSON): at
/// 10,000 items the index costs 34M instructions against the pass's 48M, and less processor
/// time; at 100,000, 292M against 450M and the same processor time (its lookups read more
/// pages from the file); at 1,000,000 the pass takes 0.76 s of processor time, the index
/// 1.66 s (1.15 s of it the system reading pages).
const FEW_ITEMS: i64 = 150_000;

/// In a table of more than [`FEW_ITEMS`] items, a whole listing of one owner's items of any
/// status passes over the table when the owner has at least one item in this many: each of
/// an owner's items is a lookup through `items_by_owner` to a page somewhere in the file,
/// and past a few percent of the table those lookups read most of its pages, at random.
/// Measured at 1,000,000 items: kim.minji's 57,605 items of every status (6 %) take 875 ms
/// of processor time through the index and 494 ms by a pass; her 22,424 active items
/// (2 %), read through the smaller `items_active_by_owner`, are quicker by that index.
const OWNER_SHARE: i64 = 25;

/// How many of an owner's items, in a table of about `rows`, make a pass quicker.
fn owner_share(rows: i64) -> i64 {
    (rows / OWNER_SHARE).max(1)
}

/// Whether an owner's `owned` items (counted no further than [`owner_share`]) in a table of
/// about `rows` items are read quicker by a pass over the table than one lookup each.
fn passes_for_owner(rows: i64, owned: i64) -> bool {
    rows > FEW_ITEMS && owned >= owner_share(rows)
}

/// How a query's matches are read.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Reading {
    /// By the indexes SQLite picks, or by the one in the query's order ([`ordered_index`]).
    Planned,
    /// Every match of a filter across the whole table ([`whole_listing`]): one pass over the
    /// table in rowid order, then a sort.
    WholePass,
    /// A search the trigram index finds in few items: those are read by rowid. No index on
    /// items may be used (`NOT INDEXED`): SQLite would rather walk a third of a million
    /// active items by status, or every item of a consultation, checking each against the
    /// matches.
    FewTextMatches,
    /// A text too short for trigrams, found in many items: pages walk the order; counts
    /// pass over the table in rowid order.
    ShortInMany,
    /// Every match of a text too short for trigrams, found by a pass over the table.
    Among(Vec<i64>),
}

/// The WHERE clause and parameters for a query; every fragment is fixed text, user input
/// only ever travels as a parameter.
fn item_filter(q: &ItemQuery, reading: &Reading) -> (String, Vec<Value>) {
    if let Reading::Among(rowids) = reading {
        // The pass that found them applied every filter.
        let marks = vec!["?"; rowids.len()].join(", ");
        return (format!(" WHERE i.rowid IN ({marks})"), rowids.iter().map(|r| Value::Integer(*r)).collect());
    }
    let mut clauses = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let statuses = q.status.statuses();
    if q.status == StatusFilter::Active {
        // Written out, as the partial indexes of active items are, so SQLite can use them.
        clauses.push("i.status IN ('open', 'in-progress')".to_string());
    } else if statuses.len() < ItemStatus::ALL.len() {
        let marks = vec!["?"; statuses.len()].join(", ");
        clauses.push(format!("i.status IN ({marks})"));
        params.extend(statuses.iter().map(|s| Value::Text(s.as_str().to_string())));
    }
    if let Some(owner) = &q.owner {
        clauses.push(
            if q.names_in_part { "instr(lower(i.owner), lower(?)) > 0" } else { "i.owner = ? COLLATE NOCASE" }
                .to_string(),
        );
        params.push(Value::Text(normalize(owner.trim())));
    }
    if let Some(key) = &q.consultation {
        clauses.push(if q.names_in_part { "instr(c.key, ?) > 0" } else { "c.key = ?" }.to_string());
        params.push(Value::Text(key.trim().to_ascii_uppercase()));
    }
    if let Some(p) = q.min_priority {
        clauses.push("i.priority >= ?".to_string());
        params.push(Value::Integer(p.rank()));
    }
    if q.overdue {
        clauses.push("i.due_date < ? AND i.status IN ('open', 'in-progress')".to_string());
        params.push(Value::Text(q.today.clone()));
    }
    if let Some(text) = search_text(q) {
        match search_phrase(q) {
            Some(phrase) => {
                clauses.push("i.rowid IN (SELECT rowid FROM items_text WHERE items_text MATCH ?)".to_string());
                params.push(Value::Text(phrase));
            }
            None => {
                // Too short for trigrams: look through the rows.
                clauses.push(
                    "instr(lower(c.key || '-' || i.seq || ' ' || i.title || ' ' || i.detail), lower(?)) > 0"
                        .to_string(),
                );
                params.push(Value::Text(text));
            }
        }
    }
    let sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    (sql, params)
}

/// `q`'s search text, trimmed and normalized, unless empty.
fn search_text(q: &ItemQuery) -> Option<String> {
    q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(normalize)
}

/// The trigram index's query for `q`'s search text, when it is long enough for trigrams (3
/// characters): the text anywhere, ignoring case, as a phrase in double quotes so that it is
/// taken literally.
fn search_phrase(q: &ItemQuery) -> Option<String> {
    let text = search_text(q)?;
    (text.chars().count() >= 3).then(|| format!("\"{}\"", text.replace('"', "\"\"")))
}

/// Each order but `Key` is one of the item indexes (ties by consultation, then number), so
/// that a page is read in order instead of sorting every match.
fn item_order(sort: ItemSort) -> &'static str {
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
/// whatever the other filters are (priority, overdue). A search that matches many items
/// (`Planned` or `ShortInMany`) finds a page of them at once that way too.
fn ordered_index(q: &ItemQuery, reading: &Reading) -> Option<&'static str> {
    if q.owner.is_some() || q.consultation.is_some() || !matches!(reading, Reading::Planned | Reading::ShortInMany) {
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

/// Whether `q` asks for every match of a filter that reaches across the whole table (no
/// page, no owner or consultation): `chec items`. Such a listing reads all its matches
/// whatever the plan, and reading the table in rowid order (its pages in sequence) and then
/// sorting costs a third less than walking an index in the list's order, which reads the
/// items' pages at random (measured at 100,000 items: 0.22 s against 0.30 s of CPU for all
/// active items; more at a million, where the pages no longer stay in SQLite's cache).
fn whole_listing(q: &ItemQuery) -> bool {
    q.limit.is_none() && q.owner.is_none() && q.consultation.is_none()
}

/// How the items table is named in `q`'s FROM clause: with the index to read it by, or
/// with none (`NOT INDEXED`) where the matches are read by rowid or in rowid order.
fn items_table(q: &ItemQuery, reading: &Reading) -> String {
    match (reading, ordered_index(q, reading)) {
        (_, Some(index)) => format!("items i INDEXED BY {index}"),
        (Reading::FewTextMatches | Reading::Among(_) | Reading::WholePass, None) => "items i NOT INDEXED".to_string(),
        (Reading::Planned | Reading::ShortInMany, None) => "items i".to_string(),
    }
}

/// The SQL and parameters [`Store::find_items`] runs for `q`.
fn items_query(q: &ItemQuery, reading: &Reading) -> (String, Vec<Value>) {
    let (filter, mut params) = item_filter(q, reading);
    let select = ITEM_SELECT.replacen("FROM items i", &format!("FROM {}", items_table(q, reading)), 1);
    let mut sql = format!("{select}{filter}{}", item_order(q.sort));
    if let Some(limit) = q.limit {
        sql.push_str(" LIMIT ? OFFSET ?");
        params.push(Value::Integer(limit as i64));
        params.push(Value::Integer(q.offset as i64));
    }
    (sql, params)
}

/// The last pass over the table for a short text, kept while nothing is written (by this
/// connection or another): paging through its matches, or counting them after the first
/// page, would otherwise pass over a million items again each time.
#[derive(Debug, Default)]
pub(super) struct LastPass(std::cell::RefCell<Option<LastPassOf>>);

#[derive(Debug)]
struct LastPassOf {
    /// The query, without its paging.
    query: ItemQuery,
    /// `PRAGMA data_version` (others' commits) and this connection's total changes.
    version: (i64, u64),
    reading: Reading,
}

/// A pass over the whole table in rowid order, or (with a rowid condition) reads by rowid:
/// no index on items.
const PASS_FROM: &str = "FROM items i NOT INDEXED JOIN consultations c ON c.id = i.consultation_id";

impl Store {
    /// How to read `q`'s matches to list them. A whole listing reads every match, so no
    /// question about the search is asked first (the answer would not change how the table
    /// is read): one pass in rowid order, or, for the few items of a high priority in a
    /// small table, the priority index.
    fn listing_reading(&self, q: &ItemQuery) -> Result<Reading> {
        if !whole_listing(q) {
            if self.owner_is_much_of_a_large_table(q)? {
                return Ok(Reading::WholePass);
            }
            return self.reading(q);
        }
        if q.min_priority.is_some_and(|p| p.rank() >= Priority::High.rank())
            && q.sort == ItemSort::Priority
            && search_text(q).is_none()
            && self.item_rows_estimate()? <= FEW_ITEMS
        {
            return Ok(Reading::Planned);
        }
        Ok(Reading::WholePass)
    }

    /// Whether `q` lists every item of one owner, of any status, in a large table where that
    /// owner has at least one item in [`OWNER_SHARE`]: then a pass over the table is quicker
    /// than a lookup for each item. The owner's items are counted in `items_by_owner` alone
    /// (no item is read), and no further than that share.
    fn owner_is_much_of_a_large_table(&self, q: &ItemQuery) -> Result<bool> {
        let Some(owner) = q.owner.as_deref() else { return Ok(false) };
        if q.limit.is_some()
            || q.consultation.is_some()
            || q.names_in_part
            || q.status == StatusFilter::Active
            || search_text(q).is_some()
        {
            return Ok(false);
        }
        let rows = self.item_rows_estimate()?;
        if rows <= FEW_ITEMS {
            return Ok(false);
        }
        let owned: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM items INDEXED BY items_by_owner
                  WHERE owner = ?1 COLLATE NOCASE LIMIT ?2)",
            )?
            .query_row(params![normalize(owner.trim()), owner_share(rows)], |r| r.get(0))?;
        Ok(passes_for_owner(rows, owned))
    }

    /// About how many items there are: the largest rowid (one step down the table's
    /// b-tree; rows are never renumbered, so deleted items still count).
    fn item_rows_estimate(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("SELECT coalesce(max(rowid), 0) FROM items")?.query_row([], |r| r.get(0))?)
    }

    /// How to read `q`'s matches on this database (see the module's introduction).
    fn reading(&self, q: &ItemQuery) -> Result<Reading> {
        if let Some(phrase) = search_phrase(q) {
            let n: i64 = self
                .conn
                .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM items_text WHERE items_text MATCH ?1 LIMIT ?2)")?
                .query_row(params![phrase, FEW_TEXT], |r| r.get(0))?;
            return Ok(if n < FEW_TEXT { Reading::FewTextMatches } else { Reading::Planned });
        }
        if search_text(q).is_none() || q.owner.is_some() || q.consultation.is_some() {
            // An owner's or a consultation's items are few enough to look through by index.
            return Ok(Reading::Planned);
        }
        let query = ItemQuery { limit: None, offset: 0, ..q.clone() };
        let version = (self.data_version()?, self.conn.total_changes());
        if let Some(last) = self.last_pass.0.borrow().as_ref()
            && last.query == query
            && last.version == version
        {
            return Ok(last.reading.clone());
        }
        let (filter, mut params) = item_filter(q, &Reading::ShortInMany);
        params.push(Value::Integer(FEW_SHORT as i64));
        let mut stmt = self.conn.prepare_cached(&format!("SELECT i.rowid {PASS_FROM}{filter} LIMIT ?"))?;
        let rowids = stmt
            .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let reading = if rowids.len() < FEW_SHORT { Reading::Among(rowids) } else { Reading::ShortInMany };
        *self.last_pass.0.borrow_mut() = Some(LastPassOf { query, version, reading: reading.clone() });
        Ok(reading)
    }

    /// The SQL [`Store::find_items`] runs for `q` on this database (the index it names can
    /// depend on the data), its parameters written in as literals, so that the benchmarks can
    /// give the very same query to the `sqlite3` program.
    #[doc(hidden)]
    pub fn items_sql(&self, q: &ItemQuery) -> Result<String> {
        let (sql, params) = items_query(q, &self.listing_reading(q)?);
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
    pub fn find_items(&self, q: &ItemQuery) -> Result<Vec<Item>> {
        let (sql, params) = items_query(q, &self.listing_reading(q)?);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Items matching `q`, handed to `f` as [`ItemRows`]: each row is read in place, its text
    /// borrowed until the next one is read, so that a listing copies no item's text before it
    /// writes it (the way `chec items` reads). Returns what `f` returns.
    pub fn with_item_rows<T>(&self, q: &ItemQuery, f: impl FnOnce(&mut ItemRows<'_>) -> T) -> Result<T> {
        let (sql, params) = items_query(q, &self.listing_reading(q)?);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query(rusqlite::params_from_iter(params))?;
        Ok(f(&mut ItemRows { rows }))
    }

    /// How many items match `q` (ignoring its paging).
    pub fn count_items(&self, q: &ItemQuery) -> Result<i64> {
        self.count_items_up_to(q, None)
    }

    /// How many items match `q`, counting no further than `cap`: a screen needs to know
    /// there are "over 1,000", not to count a million.
    pub fn count_items_up_to(&self, q: &ItemQuery, cap: Option<usize>) -> Result<i64> {
        let reading = self.reading(q)?;
        let from = match &reading {
            Reading::Among(rowids) => return Ok(cap.map_or(rowids.len(), |cap| rowids.len().min(cap)) as i64),
            Reading::ShortInMany | Reading::FewTextMatches => PASS_FROM,
            Reading::Planned | Reading::WholePass => "FROM items i JOIN consultations c ON c.id = i.consultation_id",
        };
        let (filter, mut params) = item_filter(q, &reading);
        let sql = format!("SELECT count(*) FROM (SELECT 1 {from}{filter} LIMIT ?)");
        params.push(Value::Integer(cap.map_or(-1, |n| n as i64)));
        Ok(self.conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(params), |r| r.get(0))?)
    }
}

/// The items of a query as they are read ([`Store::with_item_rows`]).
pub struct ItemRows<'s> {
    rows: rusqlite::Rows<'s>,
}

impl ItemRows<'_> {
    /// The next item, borrowed until the one after it is asked for; `None` after the last.
    pub fn next_item(&mut self) -> Result<Option<ItemRef<'_>>> {
        match self.rows.next()? {
            Some(row) => Ok(Some(item_ref_from_row(row)?)),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owners_whole_listing_passes_over_a_large_table_only_for_a_large_share() {
        // A small table: the index, whatever the share.
        assert!(!passes_for_owner(FEW_ITEMS, FEW_ITEMS));
        // A large one: a pass from one item in 25 on.
        let rows = 1_000_000;
        assert!(passes_for_owner(rows, 57_605), "kim.minji's 6 %");
        assert!(passes_for_owner(rows, 40_000));
        assert!(!passes_for_owner(rows, 39_999));
        assert!(!passes_for_owner(rows, 23_676), "lee.minji's 2.4 %");
        assert!(!passes_for_owner(rows, 0));
    }
}
