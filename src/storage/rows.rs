//! Reading rows the same way in every module of the store: a stored word, and a
//! consultation's responses (read inside whichever transaction needs them: an answer's
//! write, the standing's refresh, a sign-off). A leaf: it uses no sibling module.

use std::collections::HashMap;

use rusqlite::Row;

use super::Result;
use crate::domain::Response;

/// Read a column holding one of a word enum's values.
pub(super) fn parse_word<T: std::str::FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e)
    };
    // Read in place: a word needs no copy of its own to be parsed.
    let text = row.get_ref(index)?.as_str().map_err(|e| failed(Box::new(e)))?;
    text.parse().map_err(|e| failed(Box::new(e)))
}

/// Every recorded response of a consultation, by question id, read through `conn` (the
/// store's connection, or a transaction's).
pub(super) fn read_responses(conn: &rusqlite::Connection, consultation_id: &str) -> Result<HashMap<String, Response>> {
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, stage, answer, assessment, notes, updated_at, value
               FROM responses WHERE consultation_id = ?1",
    )?;
    let rows = stmt.query_map([consultation_id], |r| {
        Ok(Response {
            question_id: r.get(0)?,
            stage: r.get(1)?,
            answer: r.get(2)?,
            value: r.get(6)?,
            assessment: parse_word(r, 3)?,
            notes: r.get(4)?,
            updated_at: r.get(5)?,
        })
    })?;
    let mut map = HashMap::new();
    for row in rows {
        let row = row?;
        map.insert(row.question_id.clone(), row);
    }
    Ok(map)
}
