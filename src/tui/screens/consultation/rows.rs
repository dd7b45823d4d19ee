//! The lines of a stage's question list: its questions under headings.

use crate::domain::{Question, Questionnaire};

/// A line of the question list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListRow {
    /// A section's title or a principle's name, above its questions.
    Heading(String),
    Question(String),
}

/// The rows for `questions` (the stage's shown questions, in questionnaire order). A stage
/// with sections lists them section by section, questions outside any section first; else
/// questions go under their first principle, in principle order, and questions serving no
/// principle come last. Without sections or principles there are no headings.
pub fn rows(questionnaire: &Questionnaire, stage: &str, questions: &[&Question], language: &str) -> Vec<ListRow> {
    let mut rows = Vec::with_capacity(questions.len() * 2);
    let ids = |rows: &mut Vec<ListRow>, of: &mut dyn Iterator<Item = &&Question>| {
        rows.extend(of.map(|q| ListRow::Question(q.id.clone())));
    };
    let sections = questionnaire.stage(stage).map(|s| s.sections.as_slice()).unwrap_or_default();
    if !sections.is_empty() {
        ids(&mut rows, &mut questions.iter().filter(|q| q.section.is_none()));
        for section in sections {
            let mut mine = questions.iter().filter(|q| q.section.as_deref() == Some(section.id.as_str())).peekable();
            if mine.peek().is_some() {
                rows.push(ListRow::Heading(section.title.shown(language).into_owned()));
                ids(&mut rows, &mut mine);
            }
        }
        return rows;
    }
    if questionnaire.principles.is_empty() {
        ids(&mut rows, &mut questions.iter());
        return rows;
    }
    for principle in &questionnaire.principles {
        let mut mine = questions.iter().filter(|q| q.principles.first() == Some(&principle.id)).peekable();
        if mine.peek().is_some() {
            rows.push(ListRow::Heading(principle.name.shown(language).into_owned()));
            ids(&mut rows, &mut mine);
        }
    }
    let mut others = questions.iter().filter(|q| q.principles.is_empty()).peekable();
    if others.peek().is_some() {
        let ui = crate::i18n::Lang::parse(language).unwrap_or_default();
        rows.push(ListRow::Heading(crate::tr!(ui, "rows-other-questions")));
        ids(&mut rows, &mut others);
    }
    rows
}
