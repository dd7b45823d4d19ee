//! What a first import (into a database without events or items: a fresh CI cache, a
//! `chec team join`) builds once at the end rather than row by row: SQLite sorts once
//! instead of putting each row into a dozen B-trees at random places.

use super::Result;

/// Into a database that has no items yet (a first import, a fresh CI cache), what SQLite
/// keeps beside the items is built once at the end rather than row by row, all inside the
/// import's transaction, so no one ever sees the database without it:
/// - what triggers keep: the search index of items (`items_text`; each statement after one
///   that wrote to it made SQLite write the index out again, a fifth of a first import's
///   time), each item's list of principles, the counts of active items and the day counts
///   of changes (each trigger also made each statement keep a journal of its own). The
///   triggers are dropped, and put back once all of it is worked out from the rows
///   ([`super::schema::DERIVED_FROM_ITEMS`]);
/// - the secondary indexes of the items, their principles and history, and the answers'
///   history (a dozen on items), whose B-trees took each row at a random place: dropped,
///   and created again from the rows at the end (SQLite sorts each index's entries once).
///   Nothing a first import reads goes through them: items are found by their id, answers
///   by their question.
pub(super) struct BuiltLater {
    /// (name, the `CREATE TRIGGER` statement as the schema holds it)
    triggers: Vec<(String, String)>,
    /// (name, the `CREATE INDEX` statement as the schema holds it)
    indexes: Vec<(String, String)>,
}

impl BuiltLater {
    const TRIGGERS: &'static str = "SELECT name, sql FROM sqlite_master
                                     WHERE type = 'trigger' AND name IN (SELECT value FROM json_each(?1))
                                     ORDER BY name";
    /// (Those SQLite makes itself, for a primary key or UNIQUE, have no statement and stay.)
    /// The answers' history only when it is empty too: a team with answers and no items yet
    /// does not build its indexes again at every sync.
    const INDEXES: &'static str = "SELECT name, sql FROM sqlite_master
                                    WHERE type = 'index' AND sql IS NOT NULL
                                      AND (tbl_name IN ('items', 'item_history', 'item_principles')
                                           OR (tbl_name = 'response_history'
                                               AND NOT EXISTS (SELECT 1 FROM response_history)))
                                    ORDER BY name";

    pub(super) fn begin(tx: &super::Tx<'_>) -> Result<Option<BuiltLater>> {
        let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM items)", [], |r| r.get(0))?;
        if !empty {
            return Ok(None);
        }
        let names = serde_json::to_string(super::schema::TRIGGERS_ON_ITEMS).unwrap_or_else(|_| "[]".into());
        let read = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Vec<(String, String)>> {
            Ok(tx.prepare(sql)?.query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
        };
        let (triggers, indexes) = (read(Self::TRIGGERS, &[&names])?, read(Self::INDEXES, &[])?);
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        // An empty items table has nothing in its index; should a stray entry be left
        // (by hand), it goes: the index is built from the items alone.
        tx.execute("INSERT INTO items_text (items_text) VALUES ('delete-all')", [])?;
        Ok(Some(BuiltLater { triggers, indexes }))
    }

    pub(super) fn finish(self, tx: &super::Tx<'_>) -> Result<()> {
        tx.execute_batch(super::schema::DERIVED_FROM_ITEMS)?;
        // The search index is written in segments, one each time the terms it holds in
        // memory pass `hashsize` (1 MB by default), and the segments are merged as they
        // pile up: with 64 MB, the index of 100,000 items is written in a few segments
        // rather than hundreds. The setting is the database's: put back as it was.
        tx.execute("INSERT INTO items_text (items_text, rank) VALUES ('hashsize', 67108864)", [])?;
        tx.execute(
            "INSERT INTO items_text (rowid, key, title, detail)
             SELECT i.rowid, c.key || '-' || i.seq, i.title, i.detail
               FROM items i JOIN consultations c ON c.id = i.consultation_id",
            [],
        )?;
        // (Set back to the default through FTS5, so this connection uses it again; then its
        // row goes, so the database holds what a new one holds.)
        tx.execute("INSERT INTO items_text (items_text, rank) VALUES ('hashsize', 1048576)", [])?;
        tx.execute("DELETE FROM items_text_config WHERE k = 'hashsize'", [])?;
        for (_, sql) in self.triggers.iter().chain(&self.indexes) {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

/// The secondary index of the events table that nothing reads during a first import (by
/// author: a change of team.json reads it), dropped before the import stores its events and
/// created again from the rows at the end. The others stay: the one by consultation is read
/// as consultations are applied (which opened a key first), and takes each consultation's
/// events together at one place; the partial ones (events not sent, kept aside, waiting)
/// take none of an import's rows but the few kept aside, and creating one again reads the
/// whole table.
pub(super) struct EventIndexesLater {
    /// (name, the `CREATE INDEX` statement as the schema holds it)
    indexes: Vec<(String, String)>,
}

impl EventIndexesLater {
    pub(super) fn begin(tx: &super::Tx<'_>) -> Result<EventIndexesLater> {
        let indexes: Vec<(String, String)> = tx
            .prepare(
                "SELECT name, sql FROM sqlite_master
                  WHERE type = 'index' AND tbl_name = 'events' AND name = 'events_by_author' ORDER BY name",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        Ok(EventIndexesLater { indexes })
    }

    pub(super) fn finish(self, tx: &super::Tx<'_>) -> Result<()> {
        for (_, sql) in &self.indexes {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}
