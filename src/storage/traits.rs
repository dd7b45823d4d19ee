//! A service's traits changed after its consultation was opened: they decide which
//! trait-specific questions apply, so each stage's count and which answers are hidden are
//! worked out again, in the same transaction, with the change's event. Its history is its
//! events: who, when, from what to what.

use rusqlite::params;

use super::events;
use super::standing::{Stamp, recount_on};
use super::{Result, Store, StoreError};
use crate::domain::consultation::ordered_traits;
use crate::domain::{Change, Consultation, Event, Questionnaire, TraitChange};

/// Set consultation `id`'s traits to `traits` and work out again what applies, stamped as
/// `stamp` (the change that did it). Shared by the store and the replay.
pub(super) fn set_traits_on(
    conn: &rusqlite::Connection,
    id: &str,
    traits: &[String],
    questionnaire: &Questionnaire,
    stamp: &Stamp<'_>,
) -> Result<()> {
    let json = serde_json::to_string(traits).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached("UPDATE consultations SET traits = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, json, stamp.at])?;
    recount_on(conn, (id, traits), questionnaire, stamp)
}

/// The traits a questionnaire declares, in its order.
pub(super) fn declared(questionnaire: &Questionnaire) -> Vec<&str> {
    questionnaire.traits.iter().map(|t| t.id.as_str()).collect()
}

impl Store {
    /// Change the service's traits: each must be one its questionnaire declares (they are
    /// kept in the questionnaire's order). Questions of a trait taken away stop counting;
    /// their answers are kept, hidden, and count again if the trait comes back. One
    /// transaction with its event; nothing is written when the traits stay the same.
    /// Returns the consultation as it now is.
    pub fn set_traits(&mut self, consultation: &Consultation, traits: &[String]) -> Result<Consultation> {
        let questionnaire = self.snapshot_of(consultation)?;
        let (to, unknown) = ordered_traits(traits, &declared(&questionnaire));
        if let Some(unknown) = unknown.first() {
            return Err(StoreError::Invalid(format!(
                "'{unknown}' is not a trait of {} (it has: {})",
                questionnaire.id,
                declared(&questionnaire).join(", ")
            )));
        }
        let actor = self.actor.clone();
        self.write(|tx| {
            // What is stored now, read inside the transaction: another window may have
            // changed it since `consultation` was read.
            let stored: String = tx
                .prepare_cached("SELECT traits FROM consultations WHERE id = ?1")?
                .query_row([&consultation.id], |r| r.get(0))?;
            let from: Vec<String> = serde_json::from_str(&stored).unwrap_or_default();
            if from == to {
                return Ok(());
            }
            let at = tx.now();
            let stamp = Stamp { at: &at, new_id: &|| tx.new_id(), actor: &actor, meeting_id: None };
            set_traits_on(tx, &consultation.id, &to, &questionnaire, &stamp)?;
            events::record(tx, &actor, consultation.into(), Change::TraitsChanged { from, to: to.clone() })?;
            Ok(())
        })?;
        self.consultation(&consultation.key)?.ok_or_else(|| StoreError::NoConsultation(consultation.key.clone()))
    }

    /// Every change of the consultation's traits after it was opened, oldest first.
    pub fn trait_history(&self, consultation: &Consultation) -> Result<Vec<TraitChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT body FROM events WHERE consultation_id = ?1 AND kind = 'traits-changed' ORDER BY lamport, id",
        )?;
        let bodies = stmt.query_map([&consultation.id], |r| r.get::<_, String>(0))?;
        let mut changes = Vec::new();
        for body in bodies {
            let event = Event::parse_line(&body?, true)
                .map_err(|e| StoreError::Invalid(format!("a stored event cannot be read: {e}")))?;
            if let Change::TraitsChanged { from, to } = event.change {
                changes.push(TraitChange { by: event.author, at: event.at, from, to });
            }
        }
        Ok(changes)
    }
}
