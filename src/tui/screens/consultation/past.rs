//! Past meetings, read-only (`M`): the list of the consultation's meetings that ended, and
//! one of them in full: when, who attended, its agenda, notes, decisions and next steps, the
//! questions it discussed and the items raised in it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, StatefulWidget};

use super::ConsultationView;
use crate::domain::{Item, Meeting, MeetingField};
use crate::i18n::{t, word};
use crate::storage::{Store, StoreError};
use crate::text::{sanitize_block, sanitize_line};
use crate::tr;
use crate::tui::action::Action;
use crate::tui::keys::{self, Scope};
use crate::tui::outcome::{FormRequest, Outcome};
use crate::tui::theme::Theme;
use unicode_width::UnicodeWidthStr as _;

/// The consultation's past meetings and the one being read.
#[derive(Debug, Clone)]
pub struct PastMeetings {
    /// The meetings that ended, the latest first.
    pub meetings: Vec<Meeting>,
    pub selected: usize,
    /// The meeting being read, with what it raised and discussed.
    pub open: Option<PastMeeting>,
}

/// One past meeting in full.
#[derive(Debug, Clone)]
pub struct PastMeeting {
    pub meeting: Meeting,
    pub items: Vec<Item>,
    /// The questions whose response it changed, in questionnaire order.
    pub discussed: Vec<String>,
}

const FIELDS: [MeetingField; 4] =
    [MeetingField::Agenda, MeetingField::Notes, MeetingField::Decisions, MeetingField::NextSteps];

impl ConsultationView {
    pub(super) fn open_past_meetings(&mut self, store: &Store) -> Result<Outcome, StoreError> {
        let mut meetings: Vec<Meeting> =
            store.meetings(&self.consultation)?.into_iter().filter(|m| !m.is_running()).collect();
        if meetings.is_empty() {
            return Ok(Outcome::Status(t(self.ui(), "past-none")));
        }
        meetings.reverse();
        self.past = Some(PastMeetings { meetings, selected: 0, open: None });
        self.overlay_scroll = 0;
        Ok(Outcome::None)
    }

    /// Keys on the list of past meetings.
    pub(super) fn update_past_meetings(&mut self, action: &Action, store: &Store) -> Outcome {
        let Some(past) = &mut self.past else { return Outcome::None };
        let last = past.meetings.len().saturating_sub(1);
        match action {
            Action::Back => self.past = None,
            Action::Up | Action::ScrollUp => past.selected = past.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => past.selected = (past.selected + 1).min(last),
            Action::First => past.selected = 0,
            Action::Last => past.selected = last,
            Action::Export => {
                let seq = past.meetings.get(past.selected).map(|m| m.seq);
                return Outcome::OpenForm(FormRequest::Export { minutes_of: seq });
            }
            Action::Enter => {
                let Some(meeting) = past.meetings.get(past.selected).cloned() else { return Outcome::None };
                let read = (|| -> Result<PastMeeting, StoreError> {
                    let items = store
                        .items_of(&self.consultation)?
                        .into_iter()
                        .filter(|i| i.meeting == Some(meeting.seq))
                        .collect();
                    let discussed = store.questions_discussed_in(&meeting)?;
                    let discussed = self
                        .questionnaire
                        .questions
                        .iter()
                        .filter(|q| discussed.contains(&q.id))
                        .map(|q| q.id.clone())
                        .collect();
                    Ok(PastMeeting { meeting, items, discussed })
                })();
                match read {
                    Ok(open) => {
                        if let Some(past) = &mut self.past {
                            past.open = Some(open);
                        }
                        self.overlay_scroll = 0;
                    }
                    Err(e) => return Outcome::Error(e.to_string()),
                }
            }
            _ => {}
        }
        Outcome::None
    }

    /// Keys while reading a past meeting: scroll, or back to the list.
    pub(super) fn update_past_meeting(&mut self, action: &Action) -> Outcome {
        let Some(past) = &mut self.past else { return Outcome::None };
        match action {
            Action::Back => past.open = None,
            Action::Up | Action::ScrollUp => self.overlay_scroll = self.overlay_scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.overlay_scroll = self.overlay_scroll.saturating_add(1),
            _ => {}
        }
        Outcome::None
    }

    /// A past meeting's lines, as the reader shows them.
    pub fn past_meeting_lines(&self, open: &PastMeeting, theme: &Theme) -> Vec<Line<'static>> {
        let ui = self.ui();
        let m = &open.meeting;
        let stage = self.questionnaire.stage_name(&m.stage, self.language());
        let time = |at: &str| self.zone.short_stored(at);
        let mut lines = vec![Line::from(vec![
            Span::styled(format!("{} ", tr!(ui, "meeting-title", n = m.seq)), theme.title()),
            Span::raw(format!("· {}", sanitize_line(&stage))),
        ])];
        lines.push(Line::raw(tr!(
            ui,
            "past-when",
            start = time(&m.started_at),
            end = m.ended_at.as_deref().map(time).unwrap_or_default()
        )));
        if !m.minute_taker.is_empty() {
            lines.push(Line::raw(tr!(ui, "past-minute-taker", name = sanitize_line(&m.minute_taker))));
        }
        let part = |lines: &mut Vec<Line<'static>>, label: String, body: Vec<Line<'static>>| {
            lines.push(Line::raw(""));
            lines.push(Line::styled(label, theme.key()));
            lines.extend(body);
        };
        let none = || vec![Line::styled(t(ui, "meeting-none-recorded"), theme.dim())];
        let attendees: Vec<Line<'static>> = m
            .attendees
            .iter()
            .map(|a| {
                let role = if a.role.is_empty() { String::new() } else { format!(" ({})", sanitize_line(&a.role)) };
                Line::raw(format!("• {}{role}", sanitize_line(&a.name)))
            })
            .collect();
        part(&mut lines, t(ui, "meeting-attendees"), if attendees.is_empty() { none() } else { attendees });
        for field in FIELDS {
            let label = t(ui, &format!("report-meeting-field-{}", field.as_str()));
            let text = m.text(field);
            let body = if text.is_empty() {
                none()
            } else {
                sanitize_block(text).lines().map(|l| Line::raw(l.to_string())).collect()
            };
            part(&mut lines, label, body);
        }
        let discussed: Vec<Line<'static>> = open
            .discussed
            .iter()
            .map(|id| {
                let title =
                    self.questionnaire.question(id).map_or("".into(), |q| q.list_title().shown(self.language()));
                Line::from(vec![
                    Span::styled(format!("{id} "), theme.dim()),
                    Span::raw(sanitize_line(&title).into_owned()),
                ])
            })
            .collect();
        part(&mut lines, t(ui, "past-discussed"), if discussed.is_empty() { none() } else { discussed });
        let items: Vec<Line<'static>> = open
            .items
            .iter()
            .map(|i| {
                Line::from(vec![
                    Span::styled(format!("{} ", i.key), theme.key()),
                    Span::raw(format!("{} ", sanitize_line(&i.title))),
                    Span::styled(format!("({}, {})", word(ui, i.priority), word(ui, i.status)), theme.dim()),
                ])
            })
            .collect();
        part(&mut lines, t(ui, "past-items"), if items.is_empty() { none() } else { items });
        lines
    }

    pub(super) fn render_past(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some(past) = &self.past else { return };
        let popup = Self::reader_popup(area);
        crate::tui::widgets::clear_overlay(popup, buf);
        if let Some(open) = &past.open {
            let title = format!(
                " {} · {} ",
                tr!(self.ui(), "meeting-title", n = open.meeting.seq),
                keys::hint(self.ui(), Scope::Overlay, &Action::Back)
            );
            let block = theme.block().title(title).title_style(theme.title());
            crate::tui::widgets::render_reader(
                self.past_meeting_lines(open, theme),
                block,
                self.overlay_scroll,
                popup,
                buf,
                self.ui(),
            );
            return;
        }
        let hints = keys::hint_line(self.ui(), Scope::PastMeetings, &[Action::Enter, Action::Export, Action::Back]);
        let block = theme
            .block()
            .title(format!(" {} · {hints} ", t(self.ui(), "past-meetings")))
            .title_style(theme.title())
            .border_style(theme.key());
        let width = usize::from(block.inner(popup).width).saturating_sub(theme.marker().width());
        let rows: Vec<ListItem> = past
            .meetings
            .iter()
            .map(|m| {
                let stage = self.questionnaire.stage_name(&m.stage, self.language());
                let who: Vec<String> = m.attendees.iter().map(|a| sanitize_line(&a.name).into_owned()).collect();
                let row = tr!(
                    self.ui(),
                    "past-row",
                    n = m.seq,
                    when = self.zone.short_stored(&m.started_at),
                    stage = sanitize_line(&stage),
                    who = who.join(", ")
                );
                ListItem::new(Line::raw(crate::text::fit(&row, width).trim_end().to_string()))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(past.selected));
        StatefulWidget::render(
            List::new(rows).block(block).highlight_style(theme.selected()).highlight_symbol(theme.marker()),
            popup,
            buf,
            &mut state,
        );
    }
}
