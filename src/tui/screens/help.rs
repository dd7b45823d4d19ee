//! The help overlay, written from the key table for the keys in force, and the small
//! yes/no question box.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::i18n::Lang;
use crate::text::sanitize_line;
use crate::tui::keys::{BINDINGS, Scope};
use crate::tui::theme::Theme;

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(popup);
    popup
}

/// How a meeting goes, for someone who has never used chec.
/// The lines of the help for `scopes` (the keys in force where help was opened), in English.
pub fn lines(theme: &Theme, scopes: &[Scope]) -> Vec<Line<'static>> {
    lines_in(theme, scopes, Lang::En)
}

/// The lines of the help for `scopes`, in `lang`.
pub fn lines_in(theme: &Theme, scopes: &[Scope], lang: Lang) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let text = |id: &str| crate::i18n::t(lang, id);
    if scopes.contains(&Scope::Consultation) || scopes.contains(&Scope::Consultations) {
        lines.push(Line::styled(text("help-walkthrough-title"), theme.header()));
        lines.extend(text("help-walkthrough").lines().map(|l| Line::from(format!("  {l}"))));
    }
    for scope in scopes {
        lines.push(Line::styled(text(scope.title()), theme.header()));
        for b in BINDINGS.iter().filter(|b| b.scope == *scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<15}", b.keys_label()), theme.key()),
                Span::raw(text(b.help)),
            ]));
        }
    }
    lines.push(Line::styled(text("help-symbols-title"), theme.header()));
    lines.extend(text("help-symbols").lines().map(|l| Line::from(format!("  {l}"))));
    lines
}

/// The help box, scrolled down by `scroll` lines.
pub fn render(area: Rect, buf: &mut Buffer, theme: &Theme, scopes: &[Scope], scroll: u16, lang: Lang) {
    let lines = lines_in(theme, scopes, lang);
    let popup = centred(area, 76, lines.len() as u16 + 2);
    let visible = popup.height.saturating_sub(2);
    let scroll = scroll.min((lines.len() as u16).saturating_sub(visible));
    let title = if lines.len() as u16 > visible {
        format!(" {} ", crate::i18n::t(lang, "help-title-scrolling"))
    } else {
        format!(" {} ", crate::i18n::t(lang, "help-title"))
    };
    crate::tui::widgets::clear_popup(popup, buf);
    Paragraph::new(lines)
        .scroll((scroll, 0))
        .block(Block::bordered().title(title).title_style(theme.title()))
        .render(popup, buf);
}

pub fn render_confirm(area: Rect, buf: &mut Buffer, theme: &Theme, message: &str, lang: Lang) {
    let word = |id: &str| crate::i18n::t(lang, id);
    let text = vec![
        Line::from(sanitize_line(message).into_owned()),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(format!(" {}   ", word("hint-yes"))),
            Span::styled("n", theme.key()),
            Span::raw(format!(" {}   ", word("hint-no"))),
            Span::styled("Esc", theme.key()),
            Span::raw(format!(" {}", word("hint-cancel"))),
        ]),
    ];
    // Tall enough for the whole question: its wrapped lines, a blank line, the keys.
    let width = 60.min(area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows = unicode_width::UnicodeWidthStr::width(sanitize_line(message).as_ref()).div_ceil(inner).max(1);
    // Words wrap before the edge: one spare row when it takes more than one.
    let rows = rows + usize::from(rows > 1);
    let popup = centred(area, 60, u16::try_from(rows + 4).unwrap_or(u16::MAX).max(7));
    crate::tui::widgets::clear_popup(popup, buf);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(format!(" {} ", word("confirm-title"))).title_style(theme.title()))
        .render(popup, buf);
}
