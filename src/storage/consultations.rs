//! Consultations, their questionnaire snapshots and their stage states.

use rusqlite::{OptionalExtension, Row, params};

use super::events::Of;
use super::rows::parse_word;
use super::{Result, Store, StoreError};
use crate::domain::{Change, Consultation, ConsultationStatus, NewConsultation, Questionnaire, StageState};
use crate::text::{normalize, stored};

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

/// Matches consultations whose key, name or team contains `?1` (ignoring ASCII case); every
/// consultation when `?1` is empty.
const CONSULTATION_FILTER: &str = "(?1 = '' OR instr(lower(c.key || ' ' || c.name || ' ' || c.team), lower(?1)) > 0)";

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

/// The snapshot of `questionnaire` (written as `body`), stored once: identical snapshots are
/// shared, as most consultations use an unchanged shipped file.
pub(super) fn snapshot_for(
    conn: &rusqlite::Connection,
    questionnaire: &Questionnaire,
    body: &str,
    at: &str,
    new_id: &dyn Fn() -> String,
) -> Result<String> {
    let existing: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM questionnaire_snapshots WHERE questionnaire_id = ?1 AND version = ?2 AND body = ?3",
        )?
        .query_row(params![questionnaire.id, questionnaire.version, body], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO questionnaire_snapshots (id, questionnaire_id, version, body, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![id, questionnaire.id, questionnaire.version, body, at])?;
    Ok(id)
}

/// A consultation's stages as it is opened: each with the number of its questions that
/// apply to the service's traits; the first one started.
pub(super) fn insert_stages(
    conn: &rusqlite::Connection,
    consultation_id: &str,
    questionnaire: &Questionnaire,
    traits: &[String],
    at: &str,
    new_id: &dyn Fn() -> String,
) -> Result<()> {
    let mut insert_stage = conn.prepare_cached(
        "INSERT INTO stage_states (id, consultation_id, stage, name, position, questions, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?;
    for (position, stage) in questionnaire.stages.iter().enumerate() {
        let questions = questionnaire.questions_for(&stage.id, traits).count() as i64;
        let state = if position == 0 { StageState::InProgress } else { StageState::NotStarted };
        insert_stage.execute(params![
            new_id(),
            consultation_id,
            stage.id,
            // The list's stage column, in the questionnaire's first language.
            stage.name.shown(questionnaire.language()),
            position as i64,
            questions,
            state.as_str(),
            at
        ])?;
    }
    Ok(())
}

impl Store {
    /// Open a consultation on `questionnaire`, storing a snapshot of it so that later edits
    /// to the questionnaire file never orphan what is recorded. The first stage starts.
    pub fn create_consultation(
        &mut self,
        new: &NewConsultation,
        questionnaire: &Questionnaire,
    ) -> Result<Consultation> {
        let (name, team, description) = (stored(&new.name), stored(&new.team), stored(&new.description));
        if name.is_empty() {
            return Err(StoreError::Invalid(crate::domain::consultation::NewConsultationError::EmptyName.to_string()));
        }
        let first_stage = questionnaire
            .first_stage()
            .map(|s| s.id.clone())
            .ok_or_else(|| StoreError::BadSnapshot { key: new.key.to_string(), reason: "it has no stages".into() })?;
        let body = serde_json::to_string(questionnaire)
            .map_err(|e| StoreError::BadSnapshot { key: new.key.to_string(), reason: e.to_string() })?;
        let traits = serde_json::to_string(&new.traits).unwrap_or_else(|_| "[]".into());
        let key = new.key.to_string();
        let actor = self.actor.clone();
        let snapshot: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| StoreError::BadSnapshot { key: key.clone(), reason: e.to_string() })?;
        self.write(|tx| {
            let taken: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM consultations WHERE key = ?1)", [&key], |r| r.get(0))?;
            if taken {
                return Err(StoreError::DuplicateKey(key.clone()));
            }
            let at = tx.now();
            let snapshot_id = snapshot_for(tx, questionnaire, &body, &at, &|| tx.new_id())?;
            let id = tx.new_id();
            tx.execute(
                "INSERT INTO consultations (id, key, name, team, description, traits, snapshot_id, current_stage,
                                            status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?9)",
                params![id, key, name, team, description, traits, snapshot_id, first_stage, at],
            )?;
            insert_stages(tx, &id, questionnaire, &new.traits, &at, &|| tx.new_id())?;
            // What conditions hide before any answer, and the level of no points.
            super::standing::refresh(tx, (&id, &new.traits), questionnaire, &actor, None)?;
            let change = Change::ConsultationOpened {
                name: name.clone(),
                team: team.clone(),
                description: description.clone(),
                traits: new.traits.clone(),
                questionnaire: snapshot,
            };
            super::events::record(tx, &actor, Of { id: &id, key: &key }, change)?;
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
        Questionnaire::from_snapshot(&body)
            .map_err(|e| StoreError::BadSnapshot { key: consultation.key.clone(), reason: e.to_string() })
    }

    /// Every consultation with its progress and item counts, by key. `today` (YYYY-MM-DD)
    /// decides which items are overdue.
    pub fn consultation_summaries(&self, today: &str) -> Result<Vec<ConsultationSummary>> {
        self.find_consultations(today, "")
    }

    /// Consultations whose key, name or team contains `filter` (ignoring ASCII case), by key.
    pub fn find_consultations(&self, today: &str, filter: &str) -> Result<Vec<ConsultationSummary>> {
        self.consultations_page(today, filter, 0, None)
    }

    /// How many consultations match `filter` (as in [`Store::find_consultations`]).
    pub fn count_consultations(&self, filter: &str) -> Result<usize> {
        let filter = normalize(filter.trim());
        // Without a filter, SQLite counts the smallest index instead of testing every row.
        let count: i64 = if filter.is_empty() {
            self.conn.prepare_cached("SELECT count(*) FROM consultations")?.query_row([], |r| r.get(0))?
        } else {
            self.conn
                .prepare_cached(&format!("SELECT count(*) FROM consultations c WHERE {CONSULTATION_FILTER}"))?
                .query_row([filter], |r| r.get(0))?
        };
        Ok(count as usize)
    }

    /// How many consultations matching `filter` come before `key` in key order (where `key`
    /// stands in the list, or would stand if it matched), and how many match in all: in one
    /// pass over the consultations.
    pub fn consultation_position(&self, filter: &str, key: &str) -> Result<(usize, usize)> {
        let (before, total): (i64, i64) = self
            .conn
            .prepare_cached(&format!(
                "SELECT coalesce(sum(c.key < ?2), 0), count(*) FROM consultations c WHERE {CONSULTATION_FILTER}"
            ))?
            .query_row(params![normalize(filter.trim()), key], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((before as usize, total as usize))
    }

    /// [`Store::find_consultations`], `limit` of them (all if `None`) from `offset`: progress
    /// and item counts are worked out for those rows only.
    pub fn consultations_page(
        &self,
        today: &str,
        filter: &str,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<Vec<ConsultationSummary>> {
        let filter = normalize(filter.trim());
        let limit = limit.map_or(-1, |n| n as i64);
        self.summaries(&page_by_key(), params![filter, today, limit, offset as i64])
    }

    /// The consultations with the most active items, most first: `limit` of them.
    pub fn busiest_consultations(&self, today: &str, limit: usize) -> Result<Vec<ConsultationSummary>> {
        // Ties by key, as the rows are then ordered, so the busiest n are the first n of n + 1.
        let page = "SELECT a.consultation_id AS id, -a.count AS rank
                      FROM active_items_by_consultation a JOIN consultations c ON c.id = a.consultation_id
                     WHERE a.count > 0 ORDER BY a.count DESC, c.key LIMIT ?3";
        self.summaries(page, params!["", today, limit as i64])
    }

    /// Every consultation's summary (as [`Store::consultation_summaries`]), handed to `f`
    /// one at a time as they are read, so that a listing of any length holds one in memory.
    pub fn with_consultation_summaries<T>(
        &self,
        today: &str,
        f: impl FnOnce(&mut dyn Iterator<Item = Result<ConsultationSummary>>) -> T,
    ) -> Result<T> {
        let mut stmt = self.conn.prepare_cached(&summaries_sql(&page_by_key()))?;
        let mut rows = stmt.query_map(params!["", today, -1, 0], summary_from_row)?.map(|r| r.map_err(Into::into));
        Ok(f(&mut rows))
    }

    /// Summaries of the consultations `page` selects (`id`, and `rank` to order them by),
    /// with `?2` as today.
    fn summaries(&self, page: &str, params: impl rusqlite::Params) -> Result<Vec<ConsultationSummary>> {
        let mut stmt = self.conn.prepare_cached(&summaries_sql(page))?;
        let rows = stmt.query_map(params, summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// The consultations matching `?1` by key, `?3` of them (all for -1) from `?4`.
fn page_by_key() -> String {
    format!(
        "SELECT c.id, c.key AS rank FROM consultations c WHERE {CONSULTATION_FILTER}
          ORDER BY c.key LIMIT ?3 OFFSET ?4"
    )
}

/// The summaries of the consultations `page` selects (`id`, and `rank` to order them by),
/// with `?2` as today; rows for [`summary_from_row`].
fn summaries_sql(page: &str) -> String {
    format!(
        "WITH page AS ({page})
             SELECT c.key, c.name, c.team, s.questionnaire_id, s.version, c.current_stage,
                    coalesce(cs.name, c.current_stage), c.status,
                    (SELECT count(*) FROM responses r
                       JOIN stage_states rs ON rs.consultation_id = r.consultation_id AND rs.stage = r.stage
                      WHERE r.consultation_id = c.id AND r.assessment <> 'not-discussed' AND r.hidden = 0),
                    (SELECT coalesce(sum(questions), 0) FROM stage_states WHERE consultation_id = c.id),
                    coalesce((SELECT count FROM active_items_by_consultation WHERE consultation_id = c.id), 0),
                    (SELECT count(*) FROM items i
                      WHERE i.consultation_id = c.id AND i.status IN ('open', 'in-progress') AND i.due_date < ?2),
                    c.created_at, c.updated_at
               FROM page
               JOIN consultations c ON c.id = page.id
               JOIN questionnaire_snapshots s ON s.id = c.snapshot_id
               LEFT JOIN stage_states cs ON cs.consultation_id = c.id AND cs.stage = c.current_stage
              ORDER BY page.rank, c.key"
    )
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ConsultationSummary> {
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
}
