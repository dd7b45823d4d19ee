//! The impact level over the screen (`L`): the level and its score, the answers behind it,
//! what the level requires, the required questions still unanswered, and every change of
//! the level.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::ConsultationView;
use crate::storage::LevelChange;
use crate::text::{sanitize_block, sanitize_line};
use crate::tui::action::Action;
use crate::tui::keys::{self, Scope};
use crate::tui::theme::Theme;

impl ConsultationView {
    /// The level's name for the question list's title, e.g. `level III`.
    pub fn level_label(&self) -> Option<String> {
        self.standing.level.as_ref().map(|l| format!("level {}", sanitize_line(l)))
    }

    /// The overlay's lines; `history` is the level's changes, oldest first.
    pub fn level_lines(&self, theme: &Theme, history: &[LevelChange]) -> Vec<Line<'static>> {
        let lang = self.language();
        let Some(e) = self.questionnaire.explain(&self.standing, &self.responses, lang) else {
            return vec![Line::raw("This questionnaire has no impact levels.")];
        };
        let line = |s: &str| sanitize_line(s).into_owned();
        let mut lines = vec![Line::styled(
            format!("{} (level {}) · score {}", line(&e.level_name), line(e.level.as_deref().unwrap_or("—")), e.score),
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
        lines.push(Line::from(vec![Span::styled("Score: ", theme.key()), Span::raw(totals.join(" + "))]));
        lines.push(Line::raw(""));
        lines.push(Line::styled("Why: the answers that scored", theme.key()));
        if e.reasons.is_empty() {
            lines.push(Line::styled("  none yet", theme.dim()));
        }
        for (question, answer, group, points) in &e.reasons {
            lines.push(Line::raw(format!("  {} {} — {} {points:+}", line(question), line(answer), line(group))));
        }
        let mut requires: Vec<String> = Vec::new();
        if !e.required_questions.is_empty() {
            requires.push(format!("answer {}", line(&e.required_questions.join(", "))));
        }
        for stage in &e.required_stages {
            requires.push(format!("answer every question of {}", line(&self.questionnaire.stage_name(stage, lang))));
        }
        requires.extend(e.items_to_raise.iter().map(|i| format!("raise an item: {}", line(i))));
        requires.extend(e.sign_off_by.iter().map(|r| format!("sign-off by {}", line(r))));
        if !requires.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("What this level requires", theme.key()));
            lines.extend(requires.into_iter().map(|r| Line::raw(format!("  • {r}"))));
        }
        if !e.unanswered.is_empty() {
            lines.push(Line::styled(
                format!("Required, not yet answered: {}", line(&e.unanswered.join(", "))),
                theme.warning(),
            ));
        }
        if !history.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("History", theme.key()));
            for h in history {
                let meeting = h.meeting_seq.map(|m| format!(" · meeting {m}")).unwrap_or_default();
                lines.push(Line::raw(format!(
                    "  {} {} → {} (score {}) by {}{meeting}",
                    self.zone.short_stored(&h.changed_at),
                    line(h.old_level.as_deref().unwrap_or("—")),
                    line(h.new_level.as_deref().unwrap_or("—")),
                    h.score,
                    line(&h.changed_by)
                )));
            }
        }
        lines
    }

    pub(super) fn render_level(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let popup = crate::tui::widgets::overlay_area(area);
        Clear.render(popup, buf);
        crate::tui::widgets::overlay_text(self.level_lines(theme, &self.level_history), self.overlay_scroll)
            .block(
                theme
                    .block()
                    .title(format!(" Impact level · {} ", keys::hint(self.ui(), Scope::Overlay, &Action::Back)))
                    .title_style(theme.title()),
            )
            .render(popup, buf);
    }
}
