//! The history of the chosen question's response: every change to the answer, the
//! assessment and the notes, with who made it, when and in which meeting, so no text once
//! saved is ever out of reach.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::ConsultationView;
use crate::domain::{Question, ResponseChange, ResponseField};
use crate::storage::{Store, StoreError};
use crate::text::{sanitize_block, sanitize_line};
use crate::tui::theme::Theme;

impl ConsultationView {
    /// Open the history of the chosen question.
    pub(super) fn open_history(&mut self, store: &Store) -> Result<(), StoreError> {
        if let Some(id) = self.selected_question_id() {
            self.history = Some((id.clone(), store.response_history(&self.consultation, &id)?));
        }
        Ok(())
    }

    /// The history's lines, oldest first.
    pub(super) fn history_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let Some((question_id, changes)) = &self.history else { return Vec::new() };
        let mut lines = Vec::new();
        let question = self.questionnaire.question(question_id);
        for change in changes {
            lines.extend(change_lines(change, self.zone, theme, question, self.language(), self.ui()));
        }
        if lines.is_empty() {
            lines.push(Line::raw(crate::tr!(self.ui(), "history-none")));
        }
        lines
    }

    /// The history over the screen, newest last, in the reader the other overlays use: it
    /// opens at its end (`open_history` scrolls there) and `↑` goes back in time.
    pub(super) fn render_history(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some((question_id, _)) = &self.history else { return };
        let popup = Self::reader_popup(area);
        crate::tui::widgets::clear_overlay(popup, buf);
        let block = theme
            .block()
            .title(format!(" {} ", crate::tr!(self.ui(), "history-title", id = sanitize_line(question_id))))
            .title_style(theme.title());
        crate::tui::widgets::render_reader(
            self.history_lines(theme),
            block,
            self.overlay_scroll,
            popup,
            buf,
            self.ui(),
        );
    }
}

fn change_lines(
    change: &ResponseChange,
    zone: crate::clock::Zone,
    theme: &Theme,
    question: Option<&Question>,
    language: &str,
    ui: crate::i18n::Lang,
) -> Vec<Line<'static>> {
    let field = ResponseField::label_of_column(&change.field);
    let shown_field = match change.field.as_str() {
        "answer" | "value" => crate::i18n::word(ui, ResponseField::Answer),
        "notes" => crate::i18n::word(ui, ResponseField::Notes),
        _ => crate::tr!(ui, "history-assessment"),
    };
    let meeting =
        change.meeting_seq.map(|m| format!(" · {}", crate::tr!(ui, "item-meeting-n", n = m))).unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", zone.short_stored(&change.changed_at)), theme.dim()),
        Span::styled(format!("{} ", sanitize_line(&change.changed_by)), theme.key()),
        Span::raw(shown_field),
        Span::styled(meeting, theme.dim()),
    ])];
    let shown = |v: &str| if v.is_empty() { "—".to_string() } else { sanitize_block(v).into_owned() };
    if change.field == "value" {
        // A structured answer, as its labels.
        let label = |v: &str| question.map_or_else(|| v.to_string(), |q| q.answer_text(v, language));
        lines.push(Line::raw(format!(
            "    {} → {}",
            shown(&label(&change.old_value)),
            shown(&label(&change.new_value))
        )));
    } else if field == "assessment" {
        let word =
            |v: &str| v.parse::<crate::domain::Assessment>().map_or_else(|_| shown(v), |a| crate::i18n::word(ui, a));
        lines.push(Line::raw(format!("    {} → {}", word(&change.old_value), word(&change.new_value))));
    } else {
        for (label, value) in [("history-was", &change.old_value), ("history-now", &change.new_value)] {
            let label = crate::tr!(ui, label);
            let indent = " ".repeat(4 + unicode_width::UnicodeWidthStr::width(label.as_str()) + 2);
            for (i, text) in shown(value).split('\n').enumerate() {
                let head = if i == 0 { format!("    {label}: ") } else { indent.clone() };
                lines.push(Line::raw(format!("{head}{text}")));
            }
        }
    }
    lines
}
