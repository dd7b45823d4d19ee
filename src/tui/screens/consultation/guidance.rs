//! The chosen question in full, over the screen (`w`): its prompt and guidance, then what
//! places it: its section's introduction, its stage's description, the principles it serves
//! and the traits it is asked for, each with its description.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::ConsultationView;
use crate::domain::Text;
use crate::text::{sanitize_block, sanitize_line};
use crate::tui::theme::Theme;

impl ConsultationView {
    /// The overlay's lines for the chosen question.
    pub fn guidance_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let Some(question) = self.selected_question_id().and_then(|id| self.questionnaire.question(&id)) else {
            return Vec::new();
        };
        let lang = self.language();
        let q = &self.questionnaire;
        let block = |text: &Text| -> Vec<Line<'static>> {
            sanitize_block(&text.shown(lang)).lines().map(|l| Line::from(l.to_string())).collect()
        };
        let mut lines = vec![Line::styled(sanitize_block(&question.prompt.shown(lang)).into_owned(), theme.header())];
        let part = |lines: &mut Vec<Line<'static>>, label: String, body: Vec<Line<'static>>| {
            lines.push(Line::from(""));
            lines.push(Line::styled(label, theme.key()));
            lines.extend(body);
        };
        let ui = self.ui();
        for (label, text) in
            [("guidance-why", &question.guidance.why), ("guidance-good-answer", &question.guidance.good_answer)]
        {
            if !text.is_empty() {
                part(&mut lines, crate::tr!(ui, label), block(text));
            }
        }
        if let Some(section) = question.section.as_deref().and_then(|s| q.section(s)) {
            part(
                &mut lines,
                crate::tr!(ui, "guidance-section", name = sanitize_line(&section.title.shown(lang))),
                block(&section.introduction),
            );
        }
        if let Some(stage) = q.stage(&question.stage) {
            let name = crate::tr!(ui, "guidance-stage", name = sanitize_line(&stage.name.shown(lang)));
            part(&mut lines, name, block(&stage.description));
        }
        let named = |name: &Text, description: &Text| {
            let mut spans = vec![Span::raw(format!("• {}", sanitize_line(&name.shown(lang))))];
            if !description.is_empty() {
                spans.push(Span::styled(format!(" — {}", sanitize_line(&description.shown(lang))), theme.dim()));
            }
            Line::from(spans)
        };
        let principles: Vec<Line<'static>> =
            question.principles.iter().filter_map(|p| q.principle(p)).map(|p| named(&p.name, &p.description)).collect();
        if !principles.is_empty() {
            part(&mut lines, crate::tr!(ui, "guidance-principles"), principles);
        }
        let traits: Vec<Line<'static>> = question
            .traits
            .iter()
            .filter_map(|t| q.traits.iter().find(|x| &x.id == t))
            .map(|t| named(&t.name, &t.description))
            .collect();
        if !traits.is_empty() {
            part(&mut lines, crate::tr!(ui, "guidance-traits"), traits);
        }
        lines
    }

    pub(super) fn render_guidance(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some(id) = self.selected_question_id() else { return };
        crate::tui::widgets::render_overlay(
            &id,
            self.guidance_lines(theme),
            self.overlay_scroll,
            area,
            buf,
            theme,
            self.ui(),
        );
    }
}
