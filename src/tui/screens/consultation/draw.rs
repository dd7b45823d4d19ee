//! Drawing the stage view. Reads the state only.

use crate::i18n::{t, word};
use crate::tr;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{ConsultationView, DialogueField, EditTarget, ListRow};
use crate::domain::{Assessment, ResponseField};
use crate::text::{sanitize_block, sanitize_line};
use crate::tui::action::Action;
use crate::tui::focus::ViewFocus;
use crate::tui::keys::{self, Scope};
use crate::tui::theme::Theme;

/// Where the parts of the screen go, for drawing and for mapping mouse clicks.
pub struct Areas {
    pub rail: Rect,
    pub questions: Rect,
    /// The rows of the question list, inside its border.
    pub question_rows: Rect,
    /// Under the questions: the chosen stage's sign-off, when it has one (else empty).
    pub sign_off: Rect,
    pub dialogue: Rect,
}

/// The stage view's parts with no sign-off shown.
pub fn areas(body: Rect) -> Areas {
    areas_with_sign_off(body, 0)
}

fn areas_with_sign_off(body: Rect, sign_off_rows: u16) -> Areas {
    let [rail, main] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    let [left, dialogue] = Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(main);
    let [questions, sign_off] = Layout::vertical([Constraint::Fill(1), Constraint::Length(sign_off_rows)]).areas(left);
    let question_rows = ratatui::widgets::Block::bordered().inner(questions);
    Areas { rail, questions, question_rows, sign_off, dialogue }
}

/// The fewest rows the question list keeps, borders included.
const MIN_QUESTION_ROWS: u16 = 5;
/// The most rows the sign-off takes inside its border.
const MAX_SIGN_OFF_LINES: u16 = 6;

/// Up to `want` of the `room` rows left, taken from it.
fn take(room: &mut u16, want: u16) -> u16 {
    let got = want.min(*room);
    *room -= got;
    got
}

/// A box title for a box `width` wide, cut with `…` (never silently at the border).
fn fit_title(title: &str, width: u16) -> String {
    let room = usize::from(width.saturating_sub(4));
    if title.width() <= room { title.to_string() } else { crate::text::fit(title, room).trim_end().to_string() }
}

/// Rows `lines` take when wrapped at word boundaries at `width`, as [`Wrap`] does.
fn word_wrapped_height(lines: &[String], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut rows = 0usize;
    for line in lines {
        let mut used = 0usize;
        rows += 1;
        for word in line.split_whitespace() {
            let w = word.width();
            let needed = if used == 0 { w } else { used + 1 + w };
            if needed <= width {
                used = needed;
            } else {
                // A word longer than the width is broken over rows of its own.
                rows += usize::from(used > 0) + (w.saturating_sub(1)) / width;
                used = w % width;
            }
        }
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

impl ConsultationView {
    /// Where the parts of the stage view go on `body`, for drawing and for mapping clicks:
    /// the chosen stage's sign-off, if any, takes rows under the question list.
    pub fn layout(&self, body: Rect) -> Areas {
        let plain = areas(body);
        let Some((_, lines)) = self.sign_off_box() else { return plain };
        let inner = plain.questions.width.saturating_sub(2);
        let wanted = word_wrapped_height(&lines, inner).min(MAX_SIGN_OFF_LINES) + 2;
        let room = plain.questions.height.saturating_sub(MIN_QUESTION_ROWS);
        areas_with_sign_off(body, if room >= 3 { wanted.min(room) } else { 0 })
    }

    /// The chosen stage's latest sign-off as a title and lines of text: who signed it off,
    /// when, the comment, and the reopening if it was reopened.
    fn sign_off_box(&self) -> Option<(String, Vec<String>)> {
        let stage = self.selected_stage()?;
        let s = stage.sign_off.as_ref()?;
        let time = |at: &str| self.zone.short_stored(at);
        let who = |by: &str| sanitize_line(by).into_owned();
        let signed = format!("{} · {}", time(&s.signed_at), who(&s.signed_by));
        let comment = sanitize_line(&s.comment).into_owned();
        match (&s.reopened_at, stage.state) {
            (Some(at), state) if state != crate::domain::StageState::SignedOff => {
                let by = who(s.reopened_by.as_deref().unwrap_or(""));
                let reason = sanitize_line(s.reopen_reason.as_deref().unwrap_or("")).into_owned();
                let ui = self.ui();
                Some((
                    format!(" {} ", t(ui, "view-reopened")),
                    vec![
                        tr!(ui, "view-signed-off-line", signed = signed, comment = comment),
                        tr!(ui, "view-reopened-line", when = time(at), by = by, reason = reason),
                    ],
                ))
            }
            _ => Some((format!(" {} ", t(self.ui(), "view-signed-off")), vec![signed, comment])),
        }
    }

    fn render_sign_off(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some((title, lines)) = self.sign_off_box().filter(|_| area.height > 0) else { return };
        let block = theme.block().title(title).title_style(theme.header()).border_style(theme.dim());
        if area.height <= 3 {
            // Room for one line only: as much of everything as fits on it.
            Paragraph::new(lines.join(": ")).block(block).render(area, buf);
            return;
        }
        let mut text = vec![Line::styled(lines[0].clone(), theme.dim())];
        text.extend(lines[1..].iter().map(|l| Line::from(l.clone())));
        Paragraph::new(text).wrap(Wrap { trim: true }).block(block).render(area, buf);
    }

    fn rail_label(&self, i: usize) -> String {
        let Some(stage) = self.stages.get(i) else { return String::new() };
        let current = if stage.stage == self.consultation.current_stage { "»" } else { " " };
        format!(
            "{current}{} {} {}/{}",
            stage.state.symbol(),
            sanitize_line(&self.questionnaire.stage_name(&stage.stage, self.language())),
            stage.assessed,
            stage.questions
        )
    }

    /// Where each stage sits on the rail, shared by drawing and click mapping. Every stage
    /// gets its full label when they fit; otherwise the chosen stage gets its full label (up
    /// to half the rail) and the others share the rest.
    pub fn rail_segments(&self, rail: Rect) -> Vec<Rect> {
        let n = self.stages.len();
        if n == 0 {
            return Vec::new();
        }
        let natural: Vec<u16> = (0..n).map(|i| self.rail_label(i).width() as u16 + 1).collect();
        let widths: Vec<u16> = if natural.iter().sum::<u16>() <= rail.width {
            natural
        } else {
            let chosen = natural[self.stage.min(n - 1)].min(rail.width / 2);
            let others = if n > 1 { rail.width.saturating_sub(chosen) / (n as u16 - 1) } else { 0 };
            (0..n).map(|i| if i == self.stage { chosen } else { others }).collect()
        };
        let mut x = rail.x;
        widths
            .into_iter()
            .map(|w| {
                let r = Rect::new(x, rail.y, w.min(rail.right().saturating_sub(x)), 1);
                x += w;
                r
            })
            .collect()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, now: chrono::DateTime<chrono::Utc>) {
        let areas = self.layout(area);
        self.render_rail(areas.rail, buf, theme);
        self.render_questions(&areas, buf, theme);
        self.render_sign_off(areas.sign_off, buf, theme);
        match (&self.meeting, self.meeting_open) {
            (Some(meeting), true) => {
                let block =
                    theme.block().title(format!(" {} ", t(self.ui(), "view-meeting"))).border_style(theme.key());
                let inner = block.inner(areas.dialogue);
                block.render(areas.dialogue, buf);
                self.render_meeting(meeting, inner, buf, theme, now);
            }
            _ => self.render_dialogue(areas.dialogue, buf, theme),
        }
        if self.guidance_open {
            self.render_guidance(area, buf, theme);
        }
        if self.past.is_some() {
            self.render_past(area, buf, theme);
        }
        if self.full.is_some() {
            self.render_full(area, buf, theme);
        }
        if self.history.is_some() {
            self.render_history(area, buf, theme);
        }
        if self.level_open {
            self.render_level(area, buf, theme);
        }
        if !self.conflicts.is_empty() {
            self.render_conflict(area, buf, theme);
        }
    }

    fn render_rail(&self, rail: Rect, buf: &mut Buffer, theme: &Theme) {
        let focused = self.focus() == ViewFocus::Stages;
        for (i, segment) in self.rail_segments(rail).into_iter().enumerate() {
            let Some(stage) = self.stages.get(i) else { continue };
            let current = stage.stage == self.consultation.current_stage;
            let mut style = if current { theme.header() } else { Style::default() };
            if i == self.stage {
                style = style.patch(theme.selected());
            }
            let width = usize::from(segment.width.saturating_sub(1));
            // With the rail focused, the chosen stage is marked ▶ (not by colour alone).
            let label = match (focused && i == self.stage, self.rail_label(i)) {
                (true, label) => format!("{}{label}", theme.marker().trim_end()),
                (false, label) => label,
            };
            Paragraph::new(crate::text::fit(&label, width)).style(style).render(segment, buf);
        }
    }

    fn render_questions(&self, areas: &Areas, buf: &mut Buffer, theme: &Theme) {
        let (assessed, total) = self.stage_progress();
        let focused = self.focus() == ViewFocus::Questions;
        // The focused pane says so in its title too, not by colour alone.
        let marker = if focused { theme.marker() } else { "" };
        let mut title = tr!(self.ui(), "view-questions", assessed = assessed, total = total);
        if let Some(level) = self.level_label() {
            title = format!("{title} · {level}");
        }
        if let Some(principle) = &self.principle {
            title = format!("{title} · #{}", sanitize_line(principle));
        }
        let title = format!(" {marker}{title} ");
        // A required question is starred until it is answered.
        let starred: Vec<&str> = self
            .questionnaire
            .required(&self.standing)
            .into_iter()
            .filter(|q| !crate::domain::scoring::is_answered(q, self.response(&q.id)))
            .map(|q| q.id.as_str())
            .collect();
        let block = theme.block().title(title).border_style(if focused { theme.key() } else { Style::default() });
        let width = usize::from(areas.question_rows.width);
        let items: Vec<ListItem> = self
            .rows
            .iter()
            .map(|row| match row {
                ListRow::Heading(name) => {
                    ListItem::new(Line::styled(crate::text::fit(&sanitize_line(name), width), theme.header()))
                }
                ListRow::Question(id) => self.question_row(id, starred.contains(&id.as_str()), width, theme),
            })
            .collect();
        if items.is_empty() {
            let empty = match &self.principle {
                Some(principle) => tr!(
                    self.ui(),
                    "view-no-questions-for",
                    principle = format!("#{}", sanitize_line(principle)),
                    key = keys::key_for(Scope::Consultation, &Action::CyclePrinciple)
                ),
                None => t(self.ui(), "view-no-questions"),
            };
            Paragraph::new(empty).wrap(Wrap { trim: true }).block(block).render(areas.questions, buf);
            return;
        }
        let list = List::new(items).block(block).highlight_style(theme.selected());
        let mut state = ListState::default().with_selected(Some(self.cursor.selected)).with_offset(self.cursor.offset);
        StatefulWidget::render(list, areas.questions, buf, &mut state);
    }

    /// The key that shows the question in full, when it does so where the keyboard is now:
    /// while an editor has the keyboard that key types a letter, so no sign names it.
    fn guidance_key(&self) -> Option<String> {
        crate::tui::focus::Focus::Consultation(self.focus())
            .scopes()
            .contains(&Scope::Consultation)
            .then(|| keys::key_for(Scope::Consultation, &Action::Guidance))
    }

    /// [`crate::tui::widgets::render_cut`], its sign naming the key that shows the question
    /// in full (`+3 lines · w`) when that key works now.
    fn render_cut(&self, text: &str, after: u16, style: Style, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let then = self.guidance_key().map(|key| format!(" · {key}")).unwrap_or_default();
        crate::tui::widgets::render_cut(text, after, (style, theme.dim()), &then, area, buf, self.ui());
    }

    /// `+12 lines · w` at the right of `area`'s bottom border: the question's text is hidden;
    /// with `⚑2` when its items' rows are hidden too.
    fn render_hidden_sign(&self, hidden: u16, items: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut sign = String::from(" ");
        if hidden > 0 {
            sign.push_str(&crate::tui::widgets::more_lines(self.ui(), hidden));
            if let Some(key) = self.guidance_key() {
                sign.push_str(&format!(" · {key}"));
            }
            sign.push(' ');
        }
        if items > 0 {
            sign.push_str(&format!("{}⚑{items} ", if hidden > 0 { "· " } else { "" }));
        }
        let row =
            Rect { x: area.x + 1, y: area.bottom().saturating_sub(1), width: area.width.saturating_sub(2), height: 1 };
        if (hidden > 0 || items > 0) && area.height > 1 {
            Line::styled(sign, theme.dim()).right_aligned().render(row, buf);
        }
    }

    /// A question's row, `width` columns wide: its assessment, id (starred while required
    /// and unanswered), items, title cut with `…` and, where there is room, the principles
    /// it serves as tags (`#safety`).
    fn question_row(&self, id: &str, starred: bool, width: usize, theme: &Theme) -> ListItem<'static> {
        let question = self.questionnaire.question(id);
        let title = question.map_or("".into(), |q| q.list_title().shown(self.language()));
        let items = self.item_counts.get(id).copied().unwrap_or(0);
        let mut spans = vec![
            Span::raw(format!("{} ", self.assessment(id).symbol())),
            Span::styled(format!("{id}{} ", if starred { "*" } else { "" }), theme.dim()),
        ];
        if items > 0 {
            spans.push(Span::styled(format!("⚑{items} "), theme.warning()));
        }
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let tags: String = question
            .map(|q| q.principles.iter().map(|p| format!(" #{}", sanitize_line(p))).collect())
            .unwrap_or_default();
        // Tags only where the title keeps room to be read.
        const TITLE_ROOM: usize = 24;
        let tags = if width >= used + TITLE_ROOM + tags.width() { tags } else { String::new() };
        let room = width.saturating_sub(used + tags.width());
        let title = sanitize_line(&title);
        // Padded when tags follow, so they line up on the right.
        let title =
            if title.width() <= room && tags.is_empty() { title.into_owned() } else { crate::text::fit(&title, room) };
        spans.push(Span::raw(title));
        if !tags.is_empty() {
            spans.push(Span::styled(tags, theme.dim()));
        }
        ListItem::new(Line::from(spans))
    }

    fn render_dialogue(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let focused = matches!(
            self.focus(),
            ViewFocus::Dialogue | ViewFocus::Answer(_) | ViewFocus::Editor | ViewFocus::Conflict
        ) && !self.meeting_open;
        let Some(id) = self.selected_question_id() else {
            theme.block().title(format!(" {} ", t(self.ui(), "view-dialogue"))).render(area, buf);
            return;
        };
        let Some(question) = self.questionnaire.question(&id) else {
            return;
        };
        let lang = self.language();
        let principles = self.questionnaire.principle_names(&question.principles, lang);
        let marker = if focused { theme.marker() } else { "" };
        let block = theme
            .block()
            .title({
                let title = if principles.is_empty() {
                    format!("{marker}{id}")
                } else {
                    format!("{marker}{} · {}", id, sanitize_line(&principles))
                };
                format!(" {} ", fit_title(&title, area.width))
            })
            .border_style(if focused { theme.key() } else { Style::default() });
        let inner = block.inner(area);
        block.render(area, buf);

        let prompt = sanitize_block(&question.prompt.shown(lang)).into_owned();
        let mut guidance = Vec::new();
        if !question.guidance.why.is_empty() {
            guidance.push(tr!(self.ui(), "view-why", text = sanitize_block(&question.guidance.why.shown(lang))));
        }
        if !question.guidance.good_answer.is_empty() {
            let text = sanitize_block(&question.guidance.good_answer.shown(lang)).into_owned();
            guidance.push(tr!(self.ui(), "view-good-answer", text = text));
        }
        if let Some(section) = question.section.as_deref().and_then(|s| self.questionnaire.section(s))
            && !section.introduction.is_empty()
        {
            guidance.push(format!(
                "§ {}: {}",
                sanitize_line(&section.title.shown(lang)),
                sanitize_block(&section.introduction.shown(lang))
            ));
        }
        if !question.traits.is_empty() {
            let names: Vec<String> = question
                .traits
                .iter()
                .map(|t| {
                    self.questionnaire
                        .traits
                        .iter()
                        .find(|x| &x.id == t)
                        .map_or(t.clone(), |x| x.name.shown(lang).into_owned())
                })
                .collect();
            guidance.push(tr!(self.ui(), "view-asked-because", traits = sanitize_line(&names.join(", "))));
        }
        let guidance = guidance.join("\n");
        let item_rows = (self.question_items.len() as u16).clamp(1, 3) + 1;
        // The field being typed in (or answered) keeps a box with a line of text before
        // anything else; then the assessment, the other field, the items and the prompt
        // take rows while there are any, and the guidance gets what is left.
        let typing_notes = matches!(&self.editing, Some((EditTarget::Response { field: ResponseField::Notes, .. }, _)));
        let typing_answer = !typing_notes && (self.editing.is_some() || self.answering.is_some());
        let mut room = inner.height;
        let focused_min = if typing_answer || typing_notes { take(&mut room, 3) } else { 0 };
        let assessment_rows = take(&mut room, 1);
        let other_min = take(&mut room, 3);
        let (answer_min, notes_min) = match (typing_answer, typing_notes) {
            (true, _) => (focused_min, other_min),
            (_, true) => (other_min, focused_min),
            _ => (other_min, take(&mut room, 3)),
        };
        let wanted_item_rows = item_rows;
        let item_rows = take(&mut room, item_rows);
        // Rows as the paragraphs below wrap them (at words), so nothing is cut unseen.
        let wrapped_rows = |text: &str, trim: bool| {
            let width = crate::tui::widgets::wrap_width(text, inner.width);
            let rows = Paragraph::new(text.to_string()).wrap(Wrap { trim }).line_count(width);
            u16::try_from(rows).unwrap_or(u16::MAX)
        };
        let want = wrapped_rows(&prompt, true).min(room.saturating_sub(3).max(1));
        let prompt_rows = take(&mut room, want);
        let want = wrapped_rows(&guidance, true).min(room.saturating_sub(3));
        let guidance_rows = take(&mut room, want);
        let [prompt_area, guidance_area, answer_area, assessment_area, notes_area, items_area] = Layout::vertical([
            Constraint::Length(prompt_rows),
            Constraint::Length(guidance_rows),
            Constraint::Min(answer_min),
            Constraint::Length(assessment_rows),
            Constraint::Min(notes_min),
            Constraint::Length(item_rows),
        ])
        .areas(inner);

        let prompt_style = theme.header().remove_modifier(ratatui::style::Modifier::UNDERLINED);
        // With no row for the guidance, the prompt's last row counts it among what is hidden.
        let hidden_guidance = if guidance_rows == 0 { wrapped_rows(&guidance, true) } else { 0 };
        self.render_cut(&prompt, hidden_guidance, prompt_style, prompt_area, buf, theme);
        self.render_cut(&guidance, 0, theme.dim(), guidance_area, buf, theme);
        // No row for the prompt or the items (at the minimum size): the box's bottom border
        // says how much is hidden and which key shows it (`+12 lines · w · ⚑1`).
        let hidden = if prompt_rows == 0 {
            wrapped_rows(&prompt, true).saturating_add(wrapped_rows(&guidance, true))
        } else {
            0
        };
        let hidden_items = if item_rows < wanted_item_rows { self.question_items.len() } else { 0 };
        self.render_hidden_sign(hidden, hidden_items, area, buf, theme);

        let response = self.response(&id);
        for (field, rect) in [(ResponseField::Answer, answer_area), (ResponseField::Notes, notes_area)] {
            let chosen = self.focus() == ViewFocus::Dialogue
                && (self.field == DialogueField::Answer && field == ResponseField::Answer
                    || self.field == DialogueField::Notes && field == ResponseField::Notes);
            let label = match field {
                ResponseField::Answer => t(self.ui(), "view-team-answer"),
                ResponseField::Notes => t(self.ui(), "view-consultant-notes"),
            };
            if field == ResponseField::Answer && question.kind.is_structured() {
                self.render_answer(question, rect, buf, theme, chosen);
                continue;
            }
            match &self.editing {
                Some((EditTarget::Response { question_id, field: f, .. }, editor))
                    if *question_id == id && *f == field =>
                {
                    let block = theme
                        .block()
                        .title(format!(
                            " {} ",
                            fit_title(
                                &tr!(
                                    self.ui(),
                                    "view-editing",
                                    label = &label,
                                    keys = keys::hint_line(self.ui(), Scope::Typing, &[Action::Back, Action::NextPane])
                                ),
                                rect.width
                            )
                        ))
                        .border_style(theme.key());
                    let inner = block.inner(rect);
                    block.render(rect, buf);
                    editor.render(inner, buf);
                }
                _ => {
                    let text = response.map(|r| r.text(field)).unwrap_or("");
                    let action = if field == ResponseField::Answer { Action::EditAnswer } else { Action::EditNotes };
                    let key = keys::key_for(Scope::Consultation, &action);
                    let body = if text.is_empty() {
                        Line::styled(tr!(self.ui(), "view-empty", key = key), theme.dim()).into()
                    } else {
                        ratatui::text::Text::raw(sanitize_block(text).into_owned())
                    };
                    let title = format!(" {}{label} ", if chosen { theme.marker() } else { "" });
                    let block = theme.block().title(title).border_style(if chosen { theme.key() } else { theme.dim() });
                    crate::tui::widgets::render_wrapped(body, &sanitize_block(text), block, rect, buf, self.ui());
                }
            }
        }

        let assessment = self.assessment(&id);
        let chosen = self.focus() == ViewFocus::Dialogue && self.field == DialogueField::Assessment;
        let mut spans = vec![
            Span::styled(
                format!("{}{} ", if chosen { theme.marker() } else { "" }, t(self.ui(), "view-assessment")),
                if chosen { theme.key() } else { theme.header() },
            ),
            Span::styled(format!("{} {}", assessment.symbol(), word(self.ui(), assessment)), theme.title()),
            Span::raw("   "),
        ];
        for a in
            [Assessment::Satisfied, Assessment::NeedsImprovement, Assessment::RiskIdentified, Assessment::NotApplicable]
        {
            let key = keys::binding(Scope::Consultation, &Action::Assess(a)).and_then(|b| b.keys.first());
            spans.push(Span::styled(key.map(keys::Key::label).unwrap_or_default(), theme.key()));
            spans.push(Span::raw(format!("{} ", a.symbol())));
        }
        Line::from(spans).render(assessment_area, buf);

        let chosen = self.focus() == ViewFocus::Dialogue && self.field == DialogueField::Items;
        let mut lines = vec![Line::styled(
            format!(
                "{}{}",
                if chosen { theme.marker() } else { "" },
                tr!(
                    self.ui(),
                    "view-items-on",
                    id = &id,
                    n = self.question_items.len(),
                    key = keys::key_for(Scope::Consultation, &Action::RaiseItem)
                )
            ),
            if chosen { theme.key() } else { theme.header() },
        )];
        for item in self.question_items.iter().take(3) {
            let mut details = vec![word(self.ui(), item.priority), word(self.ui(), item.status)];
            if !item.owner.is_empty() {
                details.push(sanitize_line(&item.owner).into_owned());
            }
            if let Some(due) = &item.due_date {
                details.push(tr!(self.ui(), "view-due", date = due));
            }
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", item.key), theme.key()),
                Span::raw(format!("{} ", sanitize_line(&item.title))),
                Span::styled(format!("({})", details.join(", ")), theme.dim()),
            ]));
        }
        Paragraph::new(lines).render(items_area, buf);
    }
}
