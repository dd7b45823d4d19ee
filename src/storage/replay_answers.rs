//! Replaying an answer: its response row, its history row (see `replay.rs`).

use rusqlite::{Connection, params};

use super::Result;
use super::replay_run::Run;
use crate::domain::Event;

/// The statements that write `?1` into one column of the answer to question `?4` of
/// consultation `?3` at `?2`: change its row, or, with none changed, make it (id `?5`, stage
/// `?6`). (Not an upsert: SQLite checks every CHECK of the row it would insert, and a CHECK
/// of `IN` a list builds a table of its own each time; an `UPDATE` checks only those of the
/// columns it changes.)
macro_rules! write_response {
    ($column:literal) => {
        (
            concat!(
                "UPDATE responses SET ",
                $column,
                " = ?1, updated_at = ?2 WHERE consultation_id = ?3 AND question_id = ?4"
            ),
            concat!(
                "INSERT INTO responses (id, consultation_id, question_id, stage, ",
                $column,
                ", created_at, updated_at) VALUES (?5, ?3, ?4, ?6, ?1, ?2, ?2)"
            ),
        )
    };
}

const WRITE_RESPONSE: [(&str, &str); 4] =
    [write_response!("answer"), write_response!("notes"), write_response!("assessment"), write_response!("value")];

pub(super) fn set_response(
    conn: &Connection,
    e: &Event,
    (question, stage): (&str, &str),
    column: &'static str,
    (from, to): (&str, &str),
    meeting: Option<&str>,
    run: &mut Run,
) -> Result<()> {
    debug_assert!(matches!(column, "answer" | "notes" | "assessment" | "value"));
    let c = e.consultation.as_str();
    let (update, insert) = match column {
        "answer" => WRITE_RESPONSE[0],
        "notes" => WRITE_RESPONSE[1],
        "assessment" => WRITE_RESPONSE[2],
        _ => WRITE_RESPONSE[3],
    };
    let mut update = conn.prepare_cached(update)?;
    for (n, value) in [to, &e.at, c, question].into_iter().enumerate() {
        update.raw_bind_parameter(n + 1, value)?;
    }
    if update.raw_execute()? == 0 {
        conn.prepare_cached(insert)?.execute(params![to, e.at, c, question, e.id, stage])?;
    }
    let meeting = run.meeting_here(conn, c, meeting)?;
    let written = conn
        .prepare_cached(
            "INSERT INTO response_history (id, response_id, meeting_id, field, old_value, new_value, changed_by,
                                           changed_at, created_at, updated_at)
             SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8 FROM responses
              WHERE consultation_id = ?2 AND question_id = ?9",
        )?
        .execute(params![e.id, c, meeting, column, from, to, e.author, e.at, question])?;
    debug_assert_eq!(written, 1, "the answer's row was written just before");
    run.touch(conn, c, &e.at)
}
