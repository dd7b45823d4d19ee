//! The impact level over the screen (`L`): the level and its score, the answers behind it,
//! what the level requires, the required questions still unanswered, and every change of
//! the level.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::ConsultationView;
use crate::storage::LevelChange;
use crate::text::{sanitize_block, sanitize_line};
use crate::tr;
use crate::tui::theme::Theme;

impl ConsultationView {
    /// The level's name for the question list's title, e.g. `level III`.
    pub fn level_label(&self) -> Option<String> {
        self.standing.level.as_ref().map(|l| tr!(self.ui(), "level-label", level = sanitize_line(l)))
    }

    /// The overlay's lines; `history` is the level's changes, oldest first.
    pub fn level_lines(&self, theme: &Theme, history: &[LevelChange]) -> Vec<Line<'static>> {
        let lang = self.language();
        let ui = self.ui();
        let Some(e) = self.questionnaire.explain(&self.standing, &self.responses, lang) else {
            return vec![Line::raw(tr!(ui, "level-none"))];
        };
        let line = |s: &str| sanitize_line(s).into_owned();
        let mut lines = vec![Line::styled(
            tr!(
                ui,
                "level-heading",
                name = line(&e.level_name),
                level = line(e.level.as_deref().unwrap_or("—")),
                score = e.score
            ),
            theme.header(),
        )];
        lines.extend(sanitize_block(&e.level_description).lines().map(|l| Line::raw(l.to_string())));
        let totals: Vec<String> = e
            .totals
            .iter()
            .map(|(_, name, total, weight)| {
                if *weight == 1 {
                    format!("{} {total}", line(name))
                } else {
                    format!("{} {total} × {weight}", line(name))
                }
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", tr!(ui, "level-score")), theme.key()),
            Span::raw(totals.join(" + ")),
        ]));
        lines.push(Line::raw(""));
        lines.push(Line::styled(tr!(ui, "level-why"), theme.key()));
        if e.reasons.is_empty() {
            lines.push(Line::styled(format!("  {}", tr!(ui, "level-none-yet")), theme.dim()));
        }
        for (question, answer, group, points) in &e.reasons {
            lines.push(Line::raw(format!("  {} {} — {} {points:+}", line(question), line(answer), line(group))));
        }
        let mut requires: Vec<String> = Vec::new();
        if !e.required_questions.is_empty() {
            requires.push(tr!(ui, "level-requires-answers", ids = line(&e.required_questions.join(", "))));
        }
        for stage in &e.required_stages {
            let stage = line(&self.questionnaire.stage_name(stage, lang));
            requires.push(tr!(ui, "level-requires-stage", stage = stage));
        }
        requires.extend(e.items_to_raise.iter().map(|i| tr!(ui, "level-requires-item", item = line(i))));
        requires.extend(e.sign_off_by.iter().map(|r| tr!(ui, "level-requires-sign-off", by = line(r))));
        if !requires.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(tr!(ui, "level-requires"), theme.key()));
            lines.extend(requires.into_iter().map(|r| Line::raw(format!("  • {r}"))));
        }
        if !e.unanswered.is_empty() {
            lines
                .push(Line::styled(tr!(ui, "level-unanswered", ids = line(&e.unanswered.join(", "))), theme.warning()));
        }
        if !history.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(tr!(ui, "level-history"), theme.key()));
            for h in history {
                let meeting =
                    h.meeting_seq.map(|m| format!(" · {}", tr!(ui, "item-meeting-n", n = m))).unwrap_or_default();
                let change = tr!(
                    ui,
                    "level-change",
                    old = line(h.old_level.as_deref().unwrap_or("—")),
                    new = line(h.new_level.as_deref().unwrap_or("—")),
                    score = h.score,
                    by = line(&h.changed_by)
                );
                lines.push(Line::raw(format!("  {} {change}{meeting}", self.zone.short_stored(&h.changed_at))));
            }
        }
        lines
    }

    pub(super) fn render_level(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let lines = self.level_lines(theme, &self.level_history);
        let title = tr!(self.ui(), "level-title");
        crate::tui::widgets::render_overlay(&title, lines, self.overlay_scroll, area, buf, theme, self.ui());
    }
}
