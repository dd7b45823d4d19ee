//! A canonical dump of the shared record, to compare two databases by: what every machine
//! of a team should hold alike after syncing the same events.

use super::{Result, Store};

impl Store {
    /// The shared record as text, the same on every machine that has the same events: every
    /// consultation with its stages, responses, items, meetings, sign-offs, their histories
    /// and the versions of its text fields; nothing that stays on one machine (sessions,
    /// drafts, which events were sent, what was read of which file).
    pub fn canonical_dump(&self) -> Result<String> {
        const QUERIES: &[(&str, &str)] = &[
            (
                "consultations",
                "SELECT c.id, c.key, c.name, c.team, c.description, c.traits, s.questionnaire_id, s.version, s.body,
                        c.current_stage, c.status, c.next_item_seq, c.next_meeting_seq, c.level, c.created_at,
                        c.updated_at
                   FROM consultations c JOIN questionnaire_snapshots s ON s.id = c.snapshot_id ORDER BY c.id",
            ),
            ("stage_states", "SELECT consultation_id, stage, name, position, questions, state FROM stage_states ORDER BY 1, 2"),
            (
                "responses",
                "SELECT consultation_id, question_id, stage, answer, value, hidden, assessment, notes, created_at,
                        updated_at
                   FROM responses ORDER BY 1, 2",
            ),
            (
                "response_history",
                "SELECT r.consultation_id, r.question_id, h.meeting_id, h.field, h.old_value, h.new_value, h.changed_by,
                        h.changed_at
                   FROM response_history h JOIN responses r ON r.id = h.response_id ORDER BY 1, 2, 8, 4, 5, 6, 7, 3",
            ),
            (
                "items",
                "SELECT id, consultation_id, seq, title, detail, question_id, stage, meeting_id, owner, due_date, priority,
                        priority_explicit, risk_source, likelihood, impact, response, status, resolution, created_at,
                        updated_at, principles
                   FROM items ORDER BY 1",
            ),
            ("item_principles", "SELECT item_id, principle, position FROM item_principles ORDER BY 1, 3"),
            (
                "item_history",
                "SELECT item_id, meeting_id, field, old_value, new_value, note, changed_by, changed_at
                   FROM item_history ORDER BY 1, 8, 3, 4, 5, 6, 7, 2",
            ),
            (
                "meetings",
                "SELECT id, consultation_id, seq, stage, started_at, ended_at, agenda, notes, decisions, next_steps,
                        minute_taker, created_at, updated_at
                   FROM meetings ORDER BY 1",
            ),
            ("attendees", "SELECT meeting_id, position, name, role FROM attendees ORDER BY 1, 2"),
            (
                "meeting_history",
                "SELECT meeting_id, field, old_value, new_value, changed_by, changed_at FROM meeting_history
                  ORDER BY 1, 6, 2, 3, 4, 5",
            ),
            (
                "sign_offs",
                "SELECT id, consultation_id, stage, meeting_id, comment, signed_by, signed_at, reopened_at, reopened_by,
                        reopen_reason, unanswered_required
                   FROM sign_offs ORDER BY 1",
            ),
            (
                "level_history",
                "SELECT consultation_id, meeting_id, old_level, new_level, score, reasons, changed_by, changed_at
                   FROM level_history ORDER BY 1, 8, 3, 4, 5, 6, 7, 2",
            ),
            ("sign_off_items", "SELECT sign_off_id, item_id, decision, reason FROM sign_off_items ORDER BY 1, 2"),
            ("text_heads", "SELECT consultation_id, target, event_id, value, author, at, device FROM text_heads ORDER BY 2, 3"),
            ("active_items_by_rating", "SELECT * FROM active_items_by_rating WHERE count <> 0 ORDER BY 1, 2, 3"),
            ("active_items_by_due", "SELECT * FROM active_items_by_due WHERE count <> 0 ORDER BY 1"),
            ("active_items_by_principle", "SELECT * FROM active_items_by_principle WHERE count <> 0 ORDER BY 1"),
            ("active_items_by_consultation", "SELECT * FROM active_items_by_consultation WHERE count <> 0 ORDER BY 1"),
            ("active_item_changes_by_day", "SELECT * FROM active_item_changes_by_day WHERE delta <> 0 ORDER BY 1"),
            ("applied_events", "SELECT id FROM events WHERE aside IS NULL ORDER BY 1"),
        ];
        let mut dump = String::new();
        for (table, sql) in QUERIES {
            dump.push_str(&format!("# {table}\n"));
            let mut stmt = self.conn.prepare(sql)?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let values: Vec<serde_json::Value> = (0..n)
                    .map(|i| match row.get_ref(i) {
                        Ok(rusqlite::types::ValueRef::Integer(v)) => serde_json::Value::from(v),
                        Ok(rusqlite::types::ValueRef::Text(t)) => serde_json::Value::from(String::from_utf8_lossy(t)),
                        _ => serde_json::Value::Null,
                    })
                    .collect();
                dump.push_str(&serde_json::Value::Array(values).to_string());
                dump.push('\n');
            }
        }
        Ok(dump)
    }
}
