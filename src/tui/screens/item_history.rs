//! An item's history over the items screen (`h`): every change, who made it, when and in
//! which meeting, newest last, in the scrolling reader the other overlays use.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::ItemChange;
use crate::text::sanitize_line;
use crate::tr;
use crate::tui::theme::Theme;

/// The history's lines, oldest first.
pub(super) fn lines(
    theme: &Theme,
    zone: crate::clock::Zone,
    lang: crate::i18n::Lang,
    history: &[ItemChange],
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for h in history {
        let change = crate::export::report::change_summary(lang, h);
        let when = zone.short_stored(&h.changed_at);
        let meeting = h.meeting.map(|m| format!(" · {}", tr!(lang, "item-meeting-n", n = m))).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{when} "), theme.dim()),
            Span::styled(format!("{} ", sanitize_line(&h.changed_by)), theme.key()),
            Span::raw(sanitize_line(&change).into_owned()),
            Span::styled(meeting, theme.dim()),
        ]));
        if !h.note.is_empty() {
            lines.push(Line::from(format!("    {}", sanitize_line(&h.note))));
        }
    }
    lines
}

/// The history of item `key` over `area`, scrolled `scroll` rows down; its borders say how
/// much lies above and below.
pub(super) fn render(
    lines: Vec<Line<'static>>,
    key: &str,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    lang: crate::i18n::Lang,
) {
    let title = tr!(lang, "items-history-title", key = key);
    crate::tui::widgets::render_overlay(&title, lines, scroll, area, buf, theme, lang);
}
