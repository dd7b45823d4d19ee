//! Exports: Markdown for people (minutes, reports, item lists), JSON for programs.
//!
//! Writers are pure functions of a [`Record`] loaded once from the store, so the same data
//! always gives the same bytes: no current time, no map iteration order, nothing random.

mod impact;
pub mod json;
pub mod markdown;
pub mod minutes;
pub mod report;
mod write;

use std::collections::HashMap;

pub use write::{WriteError, write_export, write_export_with};

use crate::clock::Zone;
use crate::domain::{
    Consultation, Item, ItemChange, Meeting, Questionnaire, Response, ResponseChange, SignOffRound, StageStatus,
    Standing,
};
use crate::i18n::{Lang, Word};
use crate::storage::{LevelChange, Store, StoreError};

/// Everything recorded about one consultation.
#[derive(Debug, Clone)]
pub struct Record {
    pub consultation: Consultation,
    pub questionnaire: Questionnaire,
    pub stages: Vec<StageStatus>,
    /// Every sign-off, stage by stage, oldest first within a stage.
    pub sign_offs: Vec<SignOffRound>,
    pub responses: HashMap<String, Response>,
    pub meetings: Vec<Meeting>,
    /// Question ids whose response changed in each meeting, by meeting number.
    pub discussed: HashMap<i64, Vec<String>>,
    pub items: Vec<Item>,
    /// Item histories by item id.
    pub histories: HashMap<String, Vec<ItemChange>>,
    /// Every response change, oldest first: (question id, field, new value, when).
    pub timeline: Vec<(String, String, String, String)>,
    /// Each question's response history (who, when, meeting, old → new), oldest first.
    pub response_histories: HashMap<String, Vec<ResponseChange>>,
    /// The zone times are written in: the team's, from configuration, never from the clock,
    /// so the same data and settings give the same bytes.
    pub zone: Zone,
    /// What the answers decide: shown questions, scores, the impact level.
    pub standing: Standing,
    /// Every change of the impact level, oldest first.
    pub level_history: Vec<LevelChange>,
    /// The language the export is written in: its headings, labels and words for values,
    /// and the questionnaire's text where it has that language.
    pub lang: Lang,
}

impl Record {
    pub fn load(store: &Store, key: &str) -> Result<Record, StoreError> {
        let consultation = store
            .consultation(&key.to_ascii_uppercase())?
            .ok_or_else(|| StoreError::NoConsultation(key.to_string()))?;
        let questionnaire = store.questionnaire_of(&consultation)?;
        let meetings = store.meetings(&consultation)?;
        let mut discussed = HashMap::new();
        for m in &meetings {
            discussed.insert(m.seq, store.questions_discussed_in(m)?);
        }
        let responses = store.responses(&consultation)?;
        Ok(Record {
            lang: Lang::parse(questionnaire.language()).unwrap_or_default(),
            response_histories: store.response_histories(&consultation)?,
            zone: store.clock().zone(),
            standing: questionnaire.standing(&consultation.traits, &responses),
            level_history: store.level_history(&consultation)?,
            stages: store.stage_statuses(&consultation)?,
            sign_offs: store.sign_offs(&consultation)?,
            responses,
            items: store.items_of(&consultation)?,
            histories: store.item_histories(&consultation)?,
            timeline: store.response_timeline(&consultation)?,
            meetings,
            discussed,
            questionnaire,
            consultation,
        })
    }

    /// The record to be written in `lang`; `None` keeps the consultation's language (its
    /// questionnaire's first).
    pub fn in_language(mut self, lang: Option<Lang>) -> Record {
        if let Some(lang) = lang {
            self.lang = lang;
        }
        self
    }

    pub fn meeting(&self, seq: i64) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.seq == seq)
    }

    /// A question's response as it stood at `at` (an RFC 3339 time), replayed from its
    /// history; `None` if nothing was recorded by then.
    pub fn response_at(&self, question_id: &str, at: &str) -> Option<Response> {
        let mut response: Option<Response> = None;
        for (q, field, value, changed_at) in &self.timeline {
            if q != question_id || changed_at.as_str() > at {
                continue;
            }
            let r = response.get_or_insert_with(|| {
                let stage = self.questionnaire.question(q).map_or("", |x| x.stage.as_str());
                Response::empty(q, stage)
            });
            match field.as_str() {
                "answer" => r.answer = value.clone(),
                "notes" => r.notes = value.clone(),
                "value" => r.value = value.clone(),
                "assessment" => r.assessment = value.parse().unwrap_or_default(),
                _ => {}
            }
            r.updated_at = changed_at.clone();
        }
        response
    }

    /// The sign-offs of one stage, oldest first.
    pub fn sign_offs_of<'a>(&'a self, stage: &'a str) -> impl Iterator<Item = &'a SignOffRound> + 'a {
        self.sign_offs.iter().filter(move |s| s.stage == stage)
    }

    pub fn stage_name(&self, id: &str) -> String {
        self.questionnaire.stage_name(id, self.language())
    }

    pub fn principle_names(&self, ids: &[String]) -> String {
        self.questionnaire.principle_names(ids, self.language())
    }

    /// The language exports are written in, as questionnaires name it.
    pub fn language(&self) -> &str {
        self.lang.code()
    }

    /// A message of the catalogue in the export's language.
    pub fn tr(&self, id: &str) -> String {
        crate::i18n::t(self.lang, id)
    }

    /// A table under headings from the catalogue (message ids) in the export's language.
    pub fn table(&self, headings: &[&str]) -> markdown::Table {
        let headings: Vec<String> = headings.iter().map(|id| self.tr(id)).collect();
        let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
        markdown::Table::new(&headings)
    }

    /// The word for a recorded value (an assessment, a status, …) in the export's language.
    pub fn word<W: Word>(&self, value: W) -> String {
        crate::i18n::word(self.lang, value)
    }

    /// A questionnaire's text in the export's language (a fallback marked).
    pub fn text<'a>(&self, text: &'a crate::domain::Text) -> std::borrow::Cow<'a, str> {
        text.shown(self.language())
    }
}

/// A sign-off's decisions on items as a Markdown list (with the blank line that ends it),
/// or nothing.
fn decision_list(record: &Record, decisions: &[crate::domain::SignOffDecision]) -> String {
    if decisions.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for d in decisions {
        let what = match d.decision {
            crate::domain::Decision::CarryOver => record.tr("sign-off-carried-over"),
            crate::domain::Decision::Accept => record.tr("sign-off-risk-accepted"),
        };
        let summary = if d.reason.is_empty() { what } else { format!("{what}: {}", d.reason) };
        out.push_str(&format!("- {} {}: {}\n", d.item, markdown::inline(&d.title), markdown::inline(&summary)));
    }
    out.push('\n');
    out
}

/// The list entry naming who took a meeting's minutes.
fn minute_taker(record: &Record, meeting: &Meeting) -> String {
    let taker = match meeting.minute_taker.as_str() {
        "" => record.tr("export-not-recorded"),
        taker => markdown::inline(taker),
    };
    format!("- {}\n", crate::tr!(record.lang, "export-minute-taker", who = taker))
}

/// Attendees as one line of text: `name (role), name, …` (raw; callers escape it).
pub fn attendee_list(attendees: &[crate::domain::Attendee]) -> String {
    attendees
        .iter()
        .map(|a| if a.role.is_empty() { a.name.clone() } else { format!("{} ({})", a.name, a.role) })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Record {
    /// A stored time as exports write it, in the team's zone and the export's language:
    /// `2026-12-01 08:30 KST (+09:00)`, `2026년 12월 1일 08:30 KST (+09:00)`.
    pub fn time(&self, at: &str) -> String {
        crate::clock::parse_stored(at)
            .map_or_else(|| at.to_string(), |t| self.zone.long_as(t, &self.tr("export-time-format")))
    }

    /// `from to to`, `from ~ to`.
    pub fn time_range(&self, from: &str, to: &str) -> String {
        crate::tr!(self.lang, "export-time-range", from = from, to = to)
    }

    /// The day a stored time falls on in the team's zone, `YYYY-MM-DD`.
    pub fn day(&self, at: &str) -> String {
        crate::clock::parse_stored(at)
            .map_or_else(|| at.chars().take(10).collect(), |t| self.zone.date_of(t).to_string())
    }
}

/// A file name that says what an export is, e.g. `CARE-meeting-2-minutes.md`.
pub fn suggested_name(key: &str, what: &str, extension: &str) -> String {
    format!("{key}-{what}.{extension}")
}
