//! Consultations, their questionnaire snapshots and their stage states.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError, new_id, now};
use crate::domain::{Consultation, ConsultationStatus, NewConsultation, Questionnaire, StageState};
use crate::text::normalize;

/// A consultation as listed: where it stands and how much is open.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConsultationSummary {
    pub key: String,
    pub name: String,
    pub team: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub current_stage: String,
    pub current_stage_name: String,
    pub status: ConsultationStatus,
    /// Questions assessed (anything but "not discussed") over the questions that apply.
    pub assessed: i64,
    pub questions: i64,
    pub open_items: i64,
    pub overdue_items: i64,
    pub created_at: String,
    pub updated_at: String,
}

const CONSULTATION_COLUMNS: &str = "c.id, c.key, c.name, c.team, c.description, c.traits, \
     s.questionnaire_id, s.version, c.current_stage, c.status, c.created_at, c.updated_at";

fn consultation_from_row(row: &Row<'_>) -> rusqlite::Result<Consultation> {
    let traits: String = row.get(5)?;
    Ok(Consultation {
        id: row.get(0)?,
        key: row.get(1)?,
        name: row.get(2)?,
        team: row.get(3)?,
        description: row.get(4)?,
        traits: serde_json::from_str(&traits).unwrap_or_default(),
        questionnaire_id: row.get(6)?,
        questionnaire_version: row.get(7)?,
        current_stage: row.get(8)?,
        status: parse_word(row, 9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
    })
}

/// Read a column holding one of a word enum's values.
pub(crate) fn parse_word<T: std::str::FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(index)?;
    text.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

impl Store {
    /// Open a consultation on `questionnaire`, storing a snapshot of it so that later edits
    /// to the questionnaire file never orphan what is recorded. The first stage starts.
    pub fn create_consultation(
        &mut self,
        new: &NewConsultation,
        questionnaire: &Questionnaire,
    ) -> Result<Consultation> {
        let first_stage = questionnaire
            .first_stage()
            .map(|s| s.id.clone())
            .ok_or_else(|| StoreError::BadSnapshot { key: new.key.to_string(), reason: "it has no stages".into() })?;
        let body = serde_json::to_string(questionnaire)
            .map_err(|e| StoreError::BadSnapshot { key: new.key.to_string(), reason: e.to_string() })?;
        let traits = serde_json::to_string(&new.traits).unwrap_or_else(|_| "[]".into());
        let key = new.key.to_string();
        self.write(|tx| {
            let taken: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM consultations WHERE key = ?1)", [&key], |r| r.get(0))?;
            if taken {
                return Err(StoreError::DuplicateKey(key.clone()));
            }
            let at = now();
            // Identical snapshots are shared: most consultations use an unchanged shipped file.
            let existing: Option<String> = tx
                .query_row(
                    "SELECT id FROM questionnaire_snapshots WHERE questionnaire_id = ?1 AND version = ?2 AND body = ?3",
                    params![questionnaire.id, questionnaire.version, body],
                    |r| r.get(0),
                )
                .optional()?;
            let snapshot_id = match existing {
                Some(id) => id,
                None => {
                    let id = new_id();
                    tx.execute(
                        "INSERT INTO questionnaire_snapshots (id, questionnaire_id, version, body, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                        params![id, questionnaire.id, questionnaire.version, body, at],
                    )?;
                    id
                }
            };
            let id = new_id();
            tx.execute(
                "INSERT INTO consultations (id, key, name, team, description, traits, snapshot_id, current_stage,
                                            status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?9)",
                params![
                    id,
                    key,
                    normalize(new.name.trim()),
                    normalize(new.team.trim()),
                    normalize(new.description.trim()),
                    traits,
                    snapshot_id,
                    first_stage,
                    at
                ],
            )?;
            let mut insert_stage = tx.prepare_cached(
                "INSERT INTO stage_states (id, consultation_id, stage, name, position, questions, state, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?;
            for (position, stage) in questionnaire.stages.iter().enumerate() {
                let questions = questionnaire.questions_for(&stage.id, &new.traits).count() as i64;
                let state = if position == 0 { StageState::InProgress } else { StageState::NotStarted };
                insert_stage.execute(params![
                    new_id(),
                    id,
                    stage.id,
                    stage.name,
                    position as i64,
                    questions,
                    state.as_str(),
                    at
                ])?;
            }
            Ok(())
        })?;
        self.consultation(&key)?.ok_or(StoreError::NoConsultation(key))
    }

    /// The consultation with this key.
    pub fn consultation(&self, key: &str) -> Result<Option<Consultation>> {
        let sql = format!(
            "SELECT {CONSULTATION_COLUMNS} FROM consultations c
             JOIN questionnaire_snapshots s ON s.id = c.snapshot_id WHERE c.key = ?1"
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row([key], consultation_from_row).optional()?)
    }

    /// The questionnaire snapshot a consultation uses.
    pub fn questionnaire_of(&self, consultation: &Consultation) -> Result<Questionnaire> {
        let body: String = self.conn.prepare_cached(
            "SELECT s.body FROM consultations c JOIN questionnaire_snapshots s ON s.id = c.snapshot_id WHERE c.id = ?1",
        )?
        .query_row([&consultation.id], |r| r.get(0))?;
        serde_json::from_str(&body)
            .map_err(|e| StoreError::BadSnapshot { key: consultation.key.clone(), reason: e.to_string() })
    }

    /// Every consultation with its progress and item counts, by key. `today` (YYYY-MM-DD)
    /// decides which items are overdue.
    pub fn consultation_summaries(&self, today: &str) -> Result<Vec<ConsultationSummary>> {
        self.find_consultations(today, "")
    }

    /// Consultations whose key, name or team contains `filter` (ignoring ASCII case), by key.
    pub fn find_consultations(&self, today: &str, filter: &str) -> Result<Vec<ConsultationSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.key, c.name, c.team, s.questionnaire_id, s.version, c.current_stage,
                    coalesce(cs.name, c.current_stage), c.status,
                    (SELECT count(*) FROM responses r
                       JOIN stage_states rs ON rs.consultation_id = r.consultation_id AND rs.stage = r.stage
                      WHERE r.consultation_id = c.id AND r.assessment <> 'not-discussed'),
                    (SELECT coalesce(sum(questions), 0) FROM stage_states WHERE consultation_id = c.id),
                    (SELECT count(*) FROM items i
                      WHERE i.consultation_id = c.id AND i.status IN ('open', 'in-progress')),
                    (SELECT count(*) FROM items i
                      WHERE i.consultation_id = c.id AND i.status IN ('open', 'in-progress') AND i.due_date < ?1),
                    c.created_at, c.updated_at
               FROM consultations c
               JOIN questionnaire_snapshots s ON s.id = c.snapshot_id
               LEFT JOIN stage_states cs ON cs.consultation_id = c.id AND cs.stage = c.current_stage
              WHERE ?2 = '' OR instr(lower(c.key || ' ' || c.name || ' ' || c.team), lower(?2)) > 0
              ORDER BY c.key",
        )?;
        let filter = crate::text::normalize(filter.trim());
        let rows = stmt.query_map(params![today, filter], |row| {
            Ok(ConsultationSummary {
                key: row.get(0)?,
                name: row.get(1)?,
                team: row.get(2)?,
                questionnaire_id: row.get(3)?,
                questionnaire_version: row.get(4)?,
                current_stage: row.get(5)?,
                current_stage_name: row.get(6)?,
                status: parse_word(row, 7)?,
                assessed: row.get(8)?,
                questions: row.get(9)?,
                open_items: row.get(10)?,
                overdue_items: row.get(11)?,
                created_at: row.get(12)?,
                updated_at: row.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
