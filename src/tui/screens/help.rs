//! The help overlay, written from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::tui::keys::{BINDINGS, Scope};
use crate::tui::theme::Theme;

fn scope_title(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "Everywhere",
        Scope::List => "In lists",
    }
}

pub fn render(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut lines = Vec::new();
    for scope in [Scope::List, Scope::Global] {
        lines.push(Line::styled(scope_title(scope), theme.header()));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", b.keys_label()), theme.key()),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::styled("Esc or ? closes this help.", theme.dim()));

    let width = area.width.min(64);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" Help ").title_style(theme.title()))
        .render(popup, buf);
}
