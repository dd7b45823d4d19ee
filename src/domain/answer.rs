//! Kinds of answer: besides the dialogue (the team's account in their words), a question
//! may be answered by choosing one or several options, a point on a scale, a number, a
//! date or a short text. Every kind keeps the consultant's assessment and notes.
//!
//! A structured answer is stored as text (see [`Answer::stored`]): a choice's id, several
//! ids separated by spaces (ids never hold spaces), a scale point, a number, a date
//! `YYYY-MM-DD`; empty when unanswered. Dialogue and text answers live in the answer text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::localized::Text;
use super::questionnaire::Question;
use super::word_enum;

word_enum! {
    /// How a question is answered.
    #[derive(Default)]
    pub enum AnswerKind {
        /// The team's answer in their words (chec's own dialogue questions).
        #[default]
        Dialogue => ("dialogue", "dialogue"),
        Choice => ("choice", "one choice"),
        Choices => ("choices", "several choices"),
        Scale => ("scale", "a point on a scale"),
        Text => ("text", "text"),
        Number => ("number", "a number"),
        Date => ("date", "a date"),
    }
}

impl AnswerKind {
    /// Whether the answer is stored as a structured value (else as the answer text).
    pub fn is_structured(self) -> bool {
        !matches!(self, AnswerKind::Dialogue | AnswerKind::Text)
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    /// Points this choice adds to each scoring group.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub points: BTreeMap<String, i64>,
}

/// The points of a scale question, from `min` to `max`, some of them labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<i64, Text>,
}

/// What a number answer may be.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub unit: Text,
}

/// A structured answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Choice(String),
    Choices(Vec<String>),
    Scale(i64),
    Number(f64),
    Date(chrono::NaiveDate),
}

/// Why a typed answer is not one the question takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("{given} is below the smallest answer, {min}")]
    BelowMin { given: String, min: i64 },
    #[error("{given} is above the largest answer, {max}")]
    AboveMax { given: String, max: i64 },
    #[error("'{0}' is not a date: write it as YYYY-MM-DD")]
    NotADate(String),
    #[error("{0} is not a point of the scale")]
    OffScale(i64),
    #[error("'{0}' is not one of the choices")]
    UnknownChoice(String),
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    /// Check a typed or chosen answer and give its stored form; empty text clears it.
    pub fn check_answer(&self, input: &str) -> Result<String, AnswerError> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(String::new());
        }
        match self.kind {
            AnswerKind::Dialogue | AnswerKind::Text => Ok(input.to_string()),
            AnswerKind::Choice => {
                self.choice(input).ok_or_else(|| AnswerError::UnknownChoice(input.into()))?;
                Ok(input.to_string())
            }
            AnswerKind::Choices => {
                let mut chosen = Vec::new();
                for id in input.split_whitespace() {
                    self.choice(id).ok_or_else(|| AnswerError::UnknownChoice(id.into()))?;
                    if !chosen.contains(&id) {
                        chosen.push(id);
                    }
                }
                // In the questionnaire's order, so the same set is always stored the same.
                let ordered: Vec<&str> =
                    self.choices.iter().map(|c| c.id.as_str()).filter(|id| chosen.contains(id)).collect();
                Ok(ordered.join(" "))
            }
            AnswerKind::Scale => {
                let scale = self.scale.as_ref();
                let point: i64 = input.parse().map_err(|_| AnswerError::NotANumber(input.into()))?;
                match scale {
                    Some(s) if (s.min..=s.max).contains(&point) => Ok(point.to_string()),
                    _ => Err(AnswerError::OffScale(point)),
                }
            }
            AnswerKind::Number => {
                let value: f64 = input
                    .replace(',', "")
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite())
                    .ok_or_else(|| AnswerError::NotANumber(input.into()))?;
                let range = self.number.clone().unwrap_or_default();
                if let Some(min) = range.min.filter(|m| value < *m as f64) {
                    return Err(AnswerError::BelowMin { given: input.into(), min });
                }
                if let Some(max) = range.max.filter(|m| value > *m as f64) {
                    return Err(AnswerError::AboveMax { given: input.into(), max });
                }
                Ok(format_number(value))
            }
            AnswerKind::Date => {
                let date = super::item::parse_due(input).map_err(|_| AnswerError::NotADate(input.into()))?;
                Ok(date.format("%Y-%m-%d").to_string())
            }
        }
    }

    /// The stored answer as a value; `None` when unanswered, or when what is stored is no
    /// longer an answer this question takes.
    pub fn answer(&self, stored: &str) -> Option<Answer> {
        let stored = self.check_answer(stored).ok().filter(|s| !s.is_empty())?;
        Some(match self.kind {
            AnswerKind::Dialogue | AnswerKind::Text => return None,
            AnswerKind::Choice => Answer::Choice(stored),
            AnswerKind::Choices => Answer::Choices(stored.split(' ').map(String::from).collect()),
            AnswerKind::Scale => Answer::Scale(stored.parse().ok()?),
            AnswerKind::Number => Answer::Number(stored.parse().ok()?),
            AnswerKind::Date => Answer::Date(chrono::NaiveDate::parse_from_str(&stored, "%Y-%m-%d").ok()?),
        })
    }

    /// A stored answer as people read it, in `language`: choice labels, a scale point with
    /// its label, a number with its unit. Empty when unanswered.
    pub fn answer_text(&self, stored: &str, language: &str) -> String {
        let Some(answer) = self.answer(stored) else { return String::new() };
        let label = |id: &str| self.choice(id).map_or_else(|| id.to_string(), |c| c.label.shown(language).into_owned());
        match answer {
            Answer::Choice(id) => label(&id),
            Answer::Choices(ids) => ids.iter().map(|id| label(id)).collect::<Vec<_>>().join(", "),
            Answer::Scale(point) => match self.scale.as_ref().and_then(|s| s.labels.get(&point)) {
                Some(l) => format!("{point} ({})", l.shown(language)),
                None => point.to_string(),
            },
            Answer::Number(n) => {
                let unit = self.number.as_ref().map(|r| r.unit.shown(language).into_owned()).unwrap_or_default();
                if unit.is_empty() { format_number(n) } else { format!("{} {unit}", format_number(n)) }
            }
            Answer::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// The short title shown in lists, else the prompt.
    pub fn list_title(&self) -> &Text {
        if self.title.is_empty() { &self.prompt } else { &self.title }
    }
}

/// A number as it is stored and shown: no trailing zeros, no exponent for ordinary sizes.
pub fn format_number(value: f64) -> String {
    let text = format!("{value}");
    if text == "-0" { "0".into() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Guidance;

    fn question(kind: AnswerKind) -> Question {
        Question {
            id: "Q".into(),
            stage: "s".into(),
            section: None,
            title: Text::default(),
            kind,
            principles: vec![],
            prompt: Text::plain("en", "?"),
            guidance: Guidance::default(),
            traits: vec![],
            choices: ["yes", "no", "maybe"]
                .iter()
                .map(|id| Choice {
                    id: id.to_string(),
                    label: Text::plain("en", id.to_uppercase()),
                    points: BTreeMap::new(),
                })
                .collect(),
            scale: Some(Scale { min: 1, max: 5, labels: BTreeMap::from([(5, Text::plain("en", "always"))]) }),
            number: Some(NumberRange { min: Some(0), max: Some(100), unit: Text::plain("en", "%") }),
            required: false,
            show_if: None,
        }
    }

    #[test]
    fn answers_are_checked_and_stored_in_one_form() {
        let choices = question(AnswerKind::Choices);
        assert_eq!(choices.check_answer("maybe yes maybe").unwrap(), "yes maybe");
        assert_eq!(choices.answer_text("yes maybe", "en"), "YES, MAYBE");
        assert_eq!(choices.check_answer("nah"), Err(AnswerError::UnknownChoice("nah".into())));
        let scale = question(AnswerKind::Scale);
        assert_eq!(scale.check_answer("6"), Err(AnswerError::OffScale(6)));
        assert_eq!(scale.answer_text("5", "en"), "5 (always)");
        let number = question(AnswerKind::Number);
        assert_eq!(number.check_answer(" 12.50 ").unwrap(), "12.5");
        assert_eq!(number.answer_text("12.5", "en"), "12.5 %");
        assert!(matches!(number.check_answer("101"), Err(AnswerError::AboveMax { max: 100, .. })));
        assert!(matches!(number.check_answer("NaN"), Err(AnswerError::NotANumber(_))));
        let date = question(AnswerKind::Date);
        assert_eq!(date.check_answer("2026-01-22").unwrap(), "2026-01-22");
        assert!(date.check_answer("2026-02-30").is_err());
        assert_eq!(question(AnswerKind::Choice).check_answer("").unwrap(), "");
        // What is stored but no longer valid reads as unanswered.
        assert_eq!(question(AnswerKind::Choice).answer("gone"), None);
    }
}
