//! Answering a structured question in the dialogue pane: choosing one or several options,
//! a point on a scale, or typing a number or a date. The answer is saved (one transaction,
//! recorded in the question's history) on Enter; Esc leaves it as it was.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{ConsultationView, DialogueField, Pane};
use crate::domain::QuestionRef;
use crate::domain::{AnswerKind, Question};
use crate::text::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keys;
use crate::tui::keys::Scope;
use crate::tui::outcome::Outcome;
use crate::tui::theme::Theme;

/// A structured answer being given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answering {
    pub question_id: String,
    pub kind: AnswerKind,
    /// The highlighted option of a choice list.
    pub cursor: usize,
    /// The options marked, in the questionnaire's order.
    pub marked: Vec<String>,
    /// The chosen point of a scale.
    pub point: Option<i64>,
    /// Digits typed for a scale point, so that 1 then 0 makes 10.
    digits: String,
    /// The text of a number or date being typed.
    pub input: String,
    /// Why the last save was refused.
    pub error: Option<String>,
    /// The pane answering started from, to go back to when it ends.
    from: Pane,
}

impl Answering {
    /// Start from the stored answer of `question`.
    pub fn new(question: &Question, stored: &str) -> Answering {
        let marked: Vec<String> = match question.kind {
            AnswerKind::Choice | AnswerKind::Choices => stored.split_whitespace().map(String::from).collect(),
            _ => Vec::new(),
        };
        let cursor = marked.first().and_then(|m| question.choices.iter().position(|c| &c.id == m)).unwrap_or(0);
        Answering {
            question_id: question.id.clone(),
            kind: question.kind,
            cursor,
            marked,
            point: if question.kind == AnswerKind::Scale { stored.parse().ok() } else { None },
            digits: String::new(),
            input: if matches!(question.kind, AnswerKind::Number | AnswerKind::Date) {
                stored.to_string()
            } else {
                String::new()
            },
            error: None,
            from: Pane::Dialogue,
        }
    }

    /// The key scope of this kind of answer.
    pub fn scope(&self) -> Scope {
        match self.kind {
            AnswerKind::Scale => Scope::AnswerScale,
            AnswerKind::Number | AnswerKind::Date => Scope::AnswerLine,
            _ => Scope::AnswerChoice,
        }
    }

    /// The answer as it would be saved now, before it is checked.
    fn proposed(&self, question: &Question) -> String {
        match self.kind {
            AnswerKind::Choice => match self.marked.first() {
                Some(id) => id.clone(),
                None => question.choices.get(self.cursor).map(|c| c.id.clone()).unwrap_or_default(),
            },
            AnswerKind::Choices => self.marked.join(" "),
            AnswerKind::Scale => self.point.map(|p| p.to_string()).unwrap_or_default(),
            _ => self.input.clone(),
        }
    }

    /// Apply a key that changes the answer being given (not saving or leaving).
    fn change(&mut self, action: &Action, question: &Question) {
        let options = question.choices.len();
        match (self.kind, action) {
            (AnswerKind::Choice | AnswerKind::Choices, Action::Up | Action::ScrollUp) => {
                self.cursor = self.cursor.saturating_sub(1)
            }
            (AnswerKind::Choice | AnswerKind::Choices, Action::Down | Action::ScrollDown) => {
                self.cursor = (self.cursor + 1).min(options.saturating_sub(1))
            }
            (AnswerKind::Choice, Action::Toggle) => {
                self.marked = question.choices.get(self.cursor).map(|c| vec![c.id.clone()]).unwrap_or_default();
            }
            (AnswerKind::Choices, Action::Toggle) => {
                let Some(id) = question.choices.get(self.cursor).map(|c| c.id.clone()) else { return };
                if self.marked.contains(&id) {
                    self.marked.retain(|m| *m != id);
                } else {
                    self.marked.push(id);
                }
                let marked = std::mem::take(&mut self.marked);
                self.marked = question.choices.iter().map(|c| c.id.clone()).filter(|id| marked.contains(id)).collect();
            }
            (AnswerKind::Scale, Action::Left | Action::Right) => {
                let Some(scale) = &question.scale else { return };
                self.digits.clear();
                let step = if *action == Action::Left { -1 } else { 1 };
                let start = if step < 0 { scale.max + 1 } else { scale.min - 1 };
                self.point = Some((self.point.unwrap_or(start) + step).clamp(scale.min, scale.max));
            }
            (AnswerKind::Scale, Action::Input(key)) => {
                let (Some(scale), KeyCode::Char(c)) = (&question.scale, key.code) else { return };
                if !c.is_ascii_digit() {
                    return;
                }
                self.digits.push(c);
                let in_range = |s: &str| s.parse::<i64>().ok().filter(|p| (scale.min..=scale.max).contains(p));
                match in_range(&self.digits) {
                    Some(p) => self.point = Some(p),
                    None => {
                        self.digits = c.to_string();
                        if let Some(p) = in_range(&self.digits) {
                            self.point = Some(p);
                        }
                    }
                }
            }
            (AnswerKind::Number | AnswerKind::Date, Action::Input(key)) => match key.code {
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => self.input.clear(),
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => self.input.push(c),
                KeyCode::Backspace => {
                    self.input.pop();
                }
                _ => {}
            },
            (AnswerKind::Number | AnswerKind::Date, Action::Paste(text)) => {
                self.input.extend(text.chars().filter(|c| !c.is_control()));
            }
            _ => {}
        }
    }
}

impl ConsultationView {
    /// Start answering the chosen question, which is a structured one.
    pub(super) fn start_answering(&mut self, question_id: &str) {
        let Some(question) = self.questionnaire.question(question_id) else { return };
        let stored = self.response(question_id).map_or("", |r| r.value.as_str());
        self.answering = Some(Answering { from: self.pane, ..Answering::new(question, stored) });
        self.pane = Pane::Dialogue;
        self.field = DialogueField::Answer;
    }

    /// Apply an action while answering.
    pub(super) fn update_answering(&mut self, action: &Action, store: &mut crate::storage::Store) -> Outcome {
        let ui = self.ui();
        let Some(answering) = &mut self.answering else { return Outcome::None };
        let Some(question) = self.questionnaire.question(&answering.question_id).cloned() else {
            self.answering = None;
            return Outcome::None;
        };
        let value = match action {
            Action::Back => {
                self.pane = answering.from;
                self.answering = None;
                return Outcome::None;
            }
            Action::Save => answering.proposed(&question),
            Action::Clear => String::new(),
            other => {
                answering.change(other, &question);
                answering.error = None;
                return Outcome::None;
            }
        };
        let value = match question.check_answer(&value) {
            Ok(value) => value,
            Err(e) => {
                // Shown in the answer box and on the status line, which every size has.
                let error = crate::messages::error(ui, &e);
                answering.error = Some(error.clone());
                return Outcome::Error(crate::tr!(ui, "status-not-saved", error = error));
            }
        };
        let meeting_id = self.meeting.as_ref().map(|m| m.id.clone());
        let at = QuestionRef { id: &question.id, stage: &question.stage };
        match store.set_response_value(&self.consultation, at, &value, meeting_id.as_deref()) {
            Ok(_) => {
                // Back where answering started: from the list, the next question is a ↓ away.
                self.pane = answering.from;
                self.answering = None;
                let shown = question.answer_text(&value, self.language());
                let message = if shown.is_empty() {
                    crate::tr!(self.ui(), "status-answer-cleared", id = &question.id)
                } else {
                    format!("{}: {}", question.id, sanitize_line(&shown))
                };
                match self.reload(store) {
                    Ok(()) => Outcome::Status(message),
                    Err(e) => {
                        let error = crate::messages::error(self.ui(), &e);
                        Outcome::Status(crate::tr!(self.ui(), "status-not-refreshed", message = message, error = error))
                    }
                }
            }
            Err(e) => {
                let said = crate::tr!(self.ui(), "status-not-saved", error = crate::messages::error(self.ui(), &e));
                if let Some(answering) = &mut self.answering {
                    answering.error = Some(said.clone());
                }
                Outcome::Error(said)
            }
        }
    }

    /// The answer of a structured question in the dialogue pane: its options (marked, and
    /// the highlighted one while answering), its scale, or its typed value.
    pub(super) fn render_answer(&self, question: &Question, area: Rect, buf: &mut Buffer, theme: &Theme, chosen: bool) {
        let lang = self.language();
        let answering = self.answering.as_ref().filter(|a| a.question_id == question.id);
        let stored = self.response(&question.id).map_or("", |r| r.value.as_str());
        let title = match answering {
            Some(a) => {
                let keys = keys::hint_line(self.ui(), a.scope(), &[Action::Save, Action::Back]);
                format!(" ✎ {} ", crate::tr!(self.ui(), "answer-editing", keys = keys))
            }
            None => {
                let kind = crate::i18n::word(self.ui(), question.kind);
                let marker = if chosen { theme.marker() } else { "" };
                format!(" {marker}{} ", crate::tr!(self.ui(), "answer-title", kind = kind))
            }
        };
        let border = if answering.is_some() || chosen { theme.key() } else { theme.dim() };
        let block = theme.block().title(title).border_style(border);
        let inner = block.inner(area);
        block.render(area, buf);
        let mut lines: Vec<Line> = Vec::new();
        match question.kind {
            AnswerKind::Choice | AnswerKind::Choices => {
                let marked: Vec<String> = match answering {
                    Some(a) => a.marked.clone(),
                    None => stored.split_whitespace().map(String::from).collect(),
                };
                let single = question.kind == AnswerKind::Choice;
                for (i, choice) in question.choices.iter().enumerate() {
                    let on = marked.contains(&choice.id);
                    let mark = match (single, on) {
                        (true, true) => "(•) ",
                        (true, false) => "( ) ",
                        (false, true) => "[x] ",
                        (false, false) => "[ ] ",
                    };
                    // The highlighted option is pointed at, not only shown in reverse.
                    let here = answering.is_some_and(|a| a.cursor == i);
                    let style = if here { theme.selected() } else { Style::default() };
                    let pointer = match (answering, here) {
                        (None, _) => "",
                        (Some(_), true) => "› ",
                        (Some(_), false) => "  ",
                    };
                    let label = sanitize_line(&choice.label.shown(lang)).into_owned();
                    lines.push(Line::styled(format!("{pointer}{mark}{label}"), style));
                }
                // Keep the highlighted option in view (else the first chosen one).
                let first_marked = question.choices.iter().position(|c| marked.contains(&c.id)).unwrap_or(0);
                let cursor = answering.map_or(first_marked, |a| a.cursor);
                let skip = (cursor + 1).saturating_sub(usize::from(inner.height));
                lines.drain(..skip.min(lines.len()));
            }
            AnswerKind::Scale => {
                let Some(scale) = &question.scale else { return };
                let point = match answering {
                    Some(a) => a.point,
                    None => stored.parse().ok(),
                };
                let mut spans = Vec::new();
                for p in scale.min..=scale.max {
                    let text = if Some(p) == point { format!("[{p}]") } else { format!(" {p} ") };
                    let style = if Some(p) == point { theme.title() } else { Style::default() };
                    spans.push(Span::styled(text, style));
                }
                lines.push(Line::from(spans));
                match point {
                    Some(p) => {
                        lines.push(Line::raw(sanitize_line(&question.answer_text(&p.to_string(), lang)).into_owned()))
                    }
                    None => lines.push(Line::styled("(no point chosen)", theme.dim())),
                }
                for (p, label) in &scale.labels {
                    lines.push(Line::styled(format!("{p} = {}", sanitize_line(&label.shown(lang))), theme.dim()));
                }
            }
            _ => match answering {
                Some(a) => {
                    lines.push(Line::raw(format!("{}▏", sanitize_line(&a.input))));
                    let hint = match question.kind {
                        AnswerKind::Date => "YYYY-MM-DD".to_string(),
                        _ => number_hint(question, lang),
                    };
                    lines.push(Line::styled(hint, theme.dim()));
                }
                None => lines.push(Line::raw(sanitize_line(&question.answer_text(stored, lang)).into_owned())),
            },
        }
        if answering.is_none()
            && stored.is_empty()
            && !matches!(question.kind, AnswerKind::Choice | AnswerKind::Choices)
        {
            lines = vec![Line::styled(
                format!("(not answered: press {} to answer)", keys::key_for(Scope::Consultation, &Action::EditAnswer)),
                theme.dim(),
            )];
        }
        if let Some(error) = answering.and_then(|a| a.error.as_ref()) {
            // Under a typed value, which stays in sight on a small screen (the status line
            // says the error too); over a list of options.
            let at =
                if matches!(question.kind, AnswerKind::Number | AnswerKind::Date) { 1.min(lines.len()) } else { 0 };
            lines.insert(at, Line::styled(format!("! {}", sanitize_line(error)), theme.warning()));
        }
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
    }
}

/// What a number answer may be, e.g. `0 to 100 %`.
fn number_hint(question: &Question, lang: &str) -> String {
    let range = question.number.clone().unwrap_or_default();
    let unit = range.unit.shown(lang);
    let bounds = match (range.min, range.max) {
        (Some(min), Some(max)) => format!("a number from {min} to {max}"),
        (Some(min), None) => format!("a number, at least {min}"),
        (None, Some(max)) => format!("a number, at most {max}"),
        (None, None) => "a number".to_string(),
    };
    if unit.is_empty() { bounds } else { format!("{bounds} ({})", sanitize_line(&unit)) }
}
