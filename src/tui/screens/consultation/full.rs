//! A field in full over the screen (`v`): the chosen question's answer and notes, or the
//! chosen field of the meeting, read-only and scrolled to its last line, so no text is out
//! of reach however small its box.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{ConsultationView, DialogueField};
use crate::domain::ResponseField;
use crate::i18n::t;
use crate::text::sanitize_block;
use crate::tui::action::Action;
use crate::tui::keys::{self, Scope};
use crate::tui::outcome::Outcome;
use crate::tui::theme::Theme;

impl ConsultationView {
    /// Show the chosen field in full: in the meeting panel its chosen field; else the
    /// chosen question's answer and notes (the one chosen in the dialogue, or both).
    pub(super) fn open_full(&mut self) -> Outcome {
        let ui = self.ui();
        let mut parts: Vec<(String, String)> = Vec::new();
        if self.meeting_open {
            if let Some(m) = &self.meeting {
                let label = t(ui, &format!("report-meeting-field-{}", self.meeting_field.as_str()));
                parts.push((label, m.text(self.meeting_field).to_string()));
            }
        } else if let Some(id) = self.selected_question_id() {
            let response = self.response(&id);
            let text = |field: ResponseField| response.map(|r| r.text(field).to_string()).unwrap_or_default();
            let answer = (format!("{id} · {}", t(ui, "view-team-answer")), text(ResponseField::Answer));
            let notes = (format!("{id} · {}", t(ui, "view-consultant-notes")), text(ResponseField::Notes));
            match (self.pane, self.field) {
                (super::Pane::Dialogue, DialogueField::Answer) => parts.push(answer),
                (super::Pane::Dialogue, DialogueField::Notes) => parts.push(notes),
                _ => parts.extend([answer, notes]),
            }
        }
        if parts.is_empty() {
            return Outcome::None;
        }
        self.full = Some(parts);
        self.overlay_scroll = 0;
        Outcome::None
    }

    /// The box a field in full, or a past meeting, is read in over `area`.
    pub(super) fn reader_popup(area: Rect) -> Rect {
        Rect { x: area.x + 1, y: area.y, width: area.width.saturating_sub(2), height: area.height }
    }

    /// The lines of the fields shown in full.
    fn full_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let mut lines: Vec<Line<'static>> = Vec::new();
        for (i, (label, text)) in self.full.iter().flatten().enumerate() {
            if i > 0 {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(label.clone(), theme.key()));
            if text.is_empty() {
                lines.push(Line::styled("—", theme.dim()));
            }
            lines.extend(sanitize_block(text).lines().map(|l| Line::raw(l.to_string())));
        }
        lines
    }

    /// Keep the scroll of what is being read within its text, drawn in `body`: scrolling
    /// past the end and back takes no extra keys.
    pub fn clamp_reading(&mut self, body: Rect, theme: &Theme) {
        let lines = if self.full.is_some() {
            Some((self.full_lines(theme), Self::reader_popup(body)))
        } else if let Some(open) = self.past.as_ref().and_then(|p| p.open.as_ref()) {
            Some((self.past_meeting_lines(open, theme), Self::reader_popup(body)))
        } else if self.guidance_open {
            Some((self.guidance_lines(theme), crate::tui::widgets::overlay_area(body)))
        } else if self.history.is_some() {
            Some((self.history_lines(theme), Self::reader_popup(body)))
        } else if self.level_open {
            Some((self.level_lines(theme, &self.level_history), crate::tui::widgets::overlay_area(body)))
        } else {
            None
        };
        if let Some((lines, popup)) = lines {
            self.overlay_scroll = self.overlay_scroll.min(crate::tui::widgets::reader_max_scroll(&lines, popup));
        }
    }

    pub(super) fn render_full(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some(parts) = &self.full else { return };
        let popup = Self::reader_popup(area);
        crate::tui::widgets::clear_overlay(popup, buf);
        let lines = self.full_lines(theme);
        let title = match parts.as_slice() {
            [(label, _)] => format!(" {label} · {} ", keys::hint(self.ui(), Scope::Overlay, &Action::Back)),
            _ => format!(" {} ", keys::hint(self.ui(), Scope::Overlay, &Action::Back)),
        };
        let block = theme.block().title(title).title_style(theme.title());
        crate::tui::widgets::render_reader(lines, block, self.overlay_scroll, popup, buf, self.ui());
    }
}
