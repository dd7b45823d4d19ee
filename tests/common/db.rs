//! Reading a chec database file directly, as a reader outside chec would.

use std::path::Path;

/// Every row of `sql` on the database at `db`, each value as text (NULL as "").
pub fn query(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let text = |v: rusqlite::types::Value| match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(t) => t,
        rusqlite::types::Value::Null => String::new(),
        other => format!("{other:?}"),
    };
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, rusqlite::types::Value>(i).map(text)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}
