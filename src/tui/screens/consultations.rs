//! The consultations screen: every service under consultation, where it stands.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

use crate::storage::ConsultationSummary;
use crate::text::sanitize_line;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

#[derive(Debug, Default)]
pub struct ConsultationsScreen {
    pub rows: Vec<ConsultationSummary>,
    pub selected: usize,
}

impl ConsultationsScreen {
    /// Replace the rows, keeping the same consultation selected where it still exists.
    pub fn set_rows(&mut self, rows: Vec<ConsultationSummary>) {
        let keep = self.rows.get(self.selected).map(|r| r.key.clone());
        self.rows = rows;
        self.selected = keep
            .and_then(|key| self.rows.iter().position(|r| r.key == key))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&ConsultationSummary> {
        self.rows.get(self.selected)
    }

    /// Apply a movement; `page` is how many rows a page holds.
    pub fn update(&mut self, action: Action, page: usize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(page.max(1)),
            Action::PageDown => (self.selected + page.max(1)).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => self.selected,
        };
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if self.rows.is_empty() {
            let text = vec![
                Line::from("No consultations yet."),
                Line::from(""),
                Line::from("Open one from the shell:"),
                Line::styled(
                    "  chec new --key CARE --name \"Care chatbot\" --team \"Care AI\"",
                    theme.key(),
                ),
            ];
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .render(area, buf);
            return;
        }
        let header = Row::new(["KEY", "NAME", "TEAM", "STAGE", "DONE", "OPEN", "LATE"])
            .style(theme.header());
        let rows = self.rows.iter().map(|c| {
            let late = if c.overdue_items > 0 {
                format!("⚠ {}", c.overdue_items)
            } else {
                "0".to_string()
            };
            let late = Cell::from(late).style(if c.overdue_items > 0 {
                theme.warning()
            } else {
                theme.dim()
            });
            Row::new(vec![
                Cell::from(c.key.clone()),
                Cell::from(sanitize_line(&c.name).into_owned()),
                Cell::from(sanitize_line(&c.team).into_owned()),
                Cell::from(sanitize_line(&c.current_stage_name).into_owned()),
                Cell::from(format!("{}/{}", c.assessed, c.questions)),
                Cell::from(c.open_items.to_string()),
                late,
            ])
        });
        let key_width = self
            .rows
            .iter()
            .map(|c| c.key.len())
            .max()
            .unwrap_or(0)
            .max(3) as u16;
        let widths = [
            Constraint::Length(key_width),
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Fill(2),
            Constraint::Length(5),
            Constraint::Length(4),
            Constraint::Length(5),
        ];
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(theme.selected())
            .highlight_symbol("▶ ");
        let mut state = TableState::default().with_selected(Some(self.selected));
        StatefulWidget::render(table, area, buf, &mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str) -> ConsultationSummary {
        ConsultationSummary {
            key: key.into(),
            name: String::new(),
            team: String::new(),
            questionnaire_id: String::new(),
            questionnaire_version: String::new(),
            current_stage: String::new(),
            current_stage_name: String::new(),
            status: crate::domain::ConsultationStatus::Active,
            assessed: 0,
            questions: 0,
            open_items: 0,
            overdue_items: 0,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn movement_stays_within_the_rows() {
        let mut s = ConsultationsScreen::default();
        s.update(Action::Down, 10);
        assert_eq!(s.selected, 0);
        s.set_rows(vec![row("AA"), row("BB"), row("CC")]);
        s.update(Action::PageDown, 10);
        assert_eq!(s.selected, 2);
        s.update(Action::Up, 10);
        assert_eq!(s.selected, 1);
        s.update(Action::First, 10);
        assert_eq!(s.selected, 0);
    }

    #[test]
    fn selection_follows_the_consultation_when_rows_change() {
        let mut s = ConsultationsScreen::default();
        s.set_rows(vec![row("BB"), row("CC")]);
        s.update(Action::Down, 10);
        s.set_rows(vec![row("AA"), row("BB"), row("CC")]);
        assert_eq!(s.selected().map(|r| r.key.as_str()), Some("CC"));
        s.set_rows(vec![row("AA")]);
        assert_eq!(s.selected, 0);
    }
}
