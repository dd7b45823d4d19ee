//! Meeting mode: the running meeting's attendees, agenda, notes, decisions and next steps.
//! While a meeting runs, everything recorded in the consultation is linked to it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{ConsultationView, EditTarget};
use crate::domain::{Meeting, MeetingField};
use crate::text::{sanitize_block, sanitize_line};
use crate::tui::action::Action;
use crate::tui::outcome::{ConfirmAction, FormRequest, Outcome};
use crate::tui::theme::Theme;

const FIELDS: [MeetingField; 4] =
    [MeetingField::Agenda, MeetingField::Notes, MeetingField::Decisions, MeetingField::NextSteps];

/// The next or previous meeting field.
pub fn step(field: MeetingField, forward: bool) -> MeetingField {
    let i = FIELDS.iter().position(|f| *f == field).unwrap_or(0);
    FIELDS[if forward { (i + 1) % FIELDS.len() } else { (i + FIELDS.len() - 1) % FIELDS.len() }]
}

/// `HH:MM` (or `Nd HH:MM`) between two RFC 3339 times; empty if either does not parse.
pub fn elapsed(started_at: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let Ok(start) = chrono::DateTime::parse_from_rfc3339(started_at) else {
        return String::new();
    };
    let minutes = (now - start.with_timezone(&chrono::Utc)).num_minutes().max(0);
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 { format!("{days}d {hours:02}:{minutes:02}") } else { format!("{hours:02}:{minutes:02}") }
}

impl ConsultationView {
    pub(super) fn edit_meeting_field(&mut self) {
        if let Some(m) = &self.meeting {
            let target = EditTarget::Meeting { meeting_id: m.id.clone(), field: self.meeting_field };
            self.edit(target);
        }
    }

    pub(super) fn update_meeting(&mut self, action: &Action) -> Outcome {
        let Some(meeting) = &self.meeting else {
            self.meeting_open = false;
            return Outcome::None;
        };
        match action {
            Action::Back | Action::Meeting => {
                self.meeting_open = false;
                Outcome::None
            }
            Action::Up | Action::PrevPane | Action::ScrollUp => {
                self.meeting_field = step(self.meeting_field, false);
                Outcome::None
            }
            Action::Down | Action::NextPane | Action::ScrollDown => {
                self.meeting_field = step(self.meeting_field, true);
                Outcome::None
            }
            Action::Enter => {
                self.edit_meeting_field();
                Outcome::None
            }
            Action::ViewField => self.open_full(),
            Action::Export => Outcome::OpenForm(FormRequest::Export { minutes_of: Some(meeting.seq) }),
            Action::Attendees => Outcome::OpenForm(FormRequest::Attendees),
            Action::EndMeeting => Outcome::Confirm(
                crate::tr!(self.ui(), "meeting-end-question", n = meeting.seq),
                ConfirmAction::EndMeeting(meeting.id.clone()),
                ConfirmAction::Nothing,
            ),
            _ => Outcome::None,
        }
    }

    pub(super) fn render_meeting(
        &self,
        meeting: &Meeting,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let stage = self.questionnaire.stage_name(&meeting.stage, self.language());
        let attendees = if meeting.attendees.is_empty() {
            crate::i18n::t(self.ui(), "meeting-none-recorded")
        } else {
            meeting
                .attendees
                .iter()
                .map(|a| if a.role.is_empty() { a.name.clone() } else { format!("{} ({})", a.name, a.role) })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let head = vec![
            Line::from(vec![
                Span::styled(format!("{} ", crate::tr!(self.ui(), "meeting-title", n = meeting.seq)), theme.title()),
                Span::raw(crate::tr!(
                    self.ui(),
                    "meeting-line",
                    stage = sanitize_line(&stage),
                    when = self.zone.short_stored(&meeting.started_at),
                    elapsed = elapsed(&meeting.started_at, now)
                )),
            ]),
            Line::from(vec![
                Span::styled(format!("{} ", crate::i18n::t(self.ui(), "meeting-attendees")), theme.header()),
                Span::raw(sanitize_line(&attendees).into_owned()),
            ]),
        ];
        // The chosen field keeps a box with a line of text; the head lines give way first,
        // then the other fields.
        let head_rows = area.height.saturating_sub(3 + 4).min(4);
        let [head_area, body] = Layout::vertical([Constraint::Length(head_rows), Constraint::Fill(1)]).areas(area);
        Paragraph::new(head).wrap(Wrap { trim: true }).render(head_area, buf);
        let weights = [2u16, 3, 2, 2];
        let boxes = Layout::vertical(FIELDS.iter().zip(weights).map(|(field, weight)| {
            if *field == self.meeting_field {
                // Its share, and never less than a box with a line of text.
                Constraint::Length((body.height * weight / 9).max(3).min(body.height))
            } else {
                Constraint::Fill(weight)
            }
        }))
        .split(body);
        for (field, rect) in FIELDS.iter().zip(boxes.iter()) {
            let chosen = *field == self.meeting_field;
            let label = crate::i18n::t(self.ui(), &format!("report-meeting-field-{}", field.as_str()));
            let title = format!(" {}{label} ", if chosen { theme.marker() } else { "" });
            let block = theme.block().title(title).title_style(if chosen { theme.key() } else { theme.header() });
            match &self.editing {
                Some((EditTarget::Meeting { field: f, .. }, editor)) if f == field => {
                    let inner = block.inner(*rect);
                    block.style(theme.key()).render(*rect, buf);
                    editor.render(inner, buf);
                }
                _ => {
                    let text = meeting.text(*field);
                    let body = if text.is_empty() { "—".to_string() } else { sanitize_block(text).into_owned() };
                    crate::tui::widgets::render_wrapped(body.clone().into(), &body, block, *rect, buf, self.ui());
                }
            }
        }
    }
}

pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_time_reads_as_hours_and_minutes() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T12:05:30Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(elapsed("2026-11-22T10:31:00.000Z", now), "01:34");
        assert_eq!(elapsed("2026-11-20T12:00:00Z", now), "2d 00:05");
        assert_eq!(elapsed("garbage", now), "");
    }

    #[test]
    fn meeting_fields_cycle() {
        assert_eq!(step(MeetingField::NextSteps, true), MeetingField::Agenda);
        assert_eq!(step(MeetingField::Agenda, false), MeetingField::NextSteps);
    }
}
