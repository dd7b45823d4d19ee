//! The lines of a stage's question list: its questions, in questionnaire order, under their
//! section's heading when the stage has sections.

use crate::domain::{Question, Questionnaire};

/// A line of the question list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListRow {
    /// A section's title, above its questions.
    Heading(String),
    Question(String),
}

/// The rows for `questions` (the stage's shown questions, in questionnaire order), only
/// those serving `principle` when one is chosen. A stage with sections lists them section
/// by section, questions outside any section first; else the questions follow one another
/// in the questionnaire's order, each showing the principles it serves as tags, so a
/// question serving two principles is found under either.
pub fn rows(
    questionnaire: &Questionnaire,
    stage: &str,
    questions: &[&Question],
    language: &str,
    principle: Option<&str>,
) -> Vec<ListRow> {
    let questions: Vec<&Question> =
        questions.iter().copied().filter(|q| principle.is_none_or(|p| q.principles.iter().any(|x| x == p))).collect();
    let mut rows = Vec::with_capacity(questions.len() * 2);
    let ids = |rows: &mut Vec<ListRow>, of: &mut dyn Iterator<Item = &&Question>| {
        rows.extend(of.map(|q| ListRow::Question(q.id.clone())));
    };
    let sections = questionnaire.stage(stage).map(|s| s.sections.as_slice()).unwrap_or_default();
    ids(&mut rows, &mut questions.iter().filter(|q| q.section.is_none()));
    for section in sections {
        let mut mine = questions.iter().filter(|q| q.section.as_deref() == Some(section.id.as_str())).peekable();
        if mine.peek().is_some() {
            rows.push(ListRow::Heading(section.title.shown(language).into_owned()));
            ids(&mut rows, &mut mine);
        }
    }
    rows
}

/// The principle after `current` in the questionnaire's order among those some question of
/// `questions` serves: `None` (every question) after the last.
pub fn next_principle(questionnaire: &Questionnaire, questions: &[&Question], current: Option<&str>) -> Option<String> {
    let served: Vec<&str> = questionnaire
        .principles
        .iter()
        .map(|p| p.id.as_str())
        .filter(|p| questions.iter().any(|q| q.principles.iter().any(|x| x == p)))
        .collect();
    match current.and_then(|c| served.iter().position(|p| *p == c)) {
        Some(i) => served.get(i + 1).map(|p| p.to_string()),
        None if current.is_some() => None,
        None => served.first().map(|p| p.to_string()),
    }
}
