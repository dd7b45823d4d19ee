//! The help overlay, written from the key table for the keys in force, and the small
//! yes/no question box.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::text::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keys::{self, BINDINGS, Scope};
use crate::tui::theme::Theme;

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(popup);
    popup
}

/// How a meeting goes, for someone who has never used chec. The keys come from the table.
fn walkthrough() -> Vec<String> {
    use Scope::{AnswerChoice, Consultation as C, Typing};
    let k = keys::key_for;
    let (up, down) = (k(keys::Scope::List, &Action::Up), k(keys::Scope::List, &Action::Down));
    vec![
        format!("  1. {} starts a meeting at the current stage: attendees and agenda.", k(C, &Action::Meeting)),
        format!(
            "  2. Choose a question with {up}/{down} ({} moves between panes); {} shows",
            k(C, &Action::NextPane),
            k(C, &Action::Guidance)
        ),
        "     why it matters and what a good answer looks like.".to_string(),
        format!(
            "  3. {} writes the team's answer (or chooses it: {} {} {}), {} your",
            k(C, &Action::EditAnswer),
            k(AnswerChoice, &Action::Up),
            k(AnswerChoice, &Action::Toggle),
            k(AnswerChoice, &Action::Save),
            k(C, &Action::EditNotes)
        ),
        format!(
            "     notes; {} saves the field. {} shows the impact level, if any.",
            k(Typing, &Action::Back),
            k(C, &Action::Level)
        ),
        format!(
            "  4. {} assess it: ✓ satisfied ! needs improvement ✗ risk – N/A.",
            k(C, &Action::Assess(crate::domain::Assessment::Satisfied))
        ),
        format!("  5. {} raises an improvement item with an owner and a due date.", k(C, &Action::RaiseItem)),
        format!(
            "  6. {} and {} move between stages; {} signs off the chosen stage.",
            k(C, &Action::NextStage),
            k(C, &Action::PrevStage),
            k(C, &Action::SignOff)
        ),
        format!(
            "  7. {} shows the meeting's notes and decisions; {} ends it and offers",
            k(C, &Action::Meeting),
            k(C, &Action::EndMeeting)
        ),
        format!("     to export its minutes ({} exports minutes or the report any time).", k(C, &Action::Export)),
        "  Everything is saved as you go, even if the terminal is closed.".to_string(),
    ]
}

/// The lines of the help for `scopes` (the keys in force where help was opened).
pub fn lines(theme: &Theme, scopes: &[Scope]) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if scopes.contains(&Scope::Consultation) || scopes.contains(&Scope::Consultations) {
        lines.push(Line::styled("Running a meeting", theme.header()));
        lines.extend(walkthrough().into_iter().map(Line::from));
    }
    for scope in scopes {
        lines.push(Line::styled(scope.title(), theme.header()));
        for b in BINDINGS.iter().filter(|b| b.scope == *scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<15}", b.keys_label()), theme.key()),
                Span::raw(b.help),
            ]));
        }
    }
    lines.push(Line::styled("Symbols", theme.header()));
    lines.push(Line::from("  Stages: ○ not started  ◐ in progress  ● signed off  » current"));
    lines.push(Line::from("  Questions: · not discussed ✓ satisfied ! needs improvement"));
    lines.push(Line::from("             ✗ risk identified – not applicable  ⚑ items raised"));
    lines.push(Line::from("             * required, not yet answered"));
    lines
}

/// The help's text, wrapped to the box, and the box: lines are never cut at the edge.
fn wrapped(theme: &Theme, scopes: &[Scope], area: Rect) -> (Paragraph<'static>, u16, Rect) {
    let width = 76.min(area.width);
    let text = Paragraph::new(lines(theme, scopes)).wrap(Wrap { trim: false });
    let rows = u16::try_from(text.line_count(width.saturating_sub(2))).unwrap_or(u16::MAX);
    (text, rows, centred(area, width, rows.saturating_add(2)))
}

/// How far the help can scroll in `area`: its wrapped lines past what the box shows.
pub fn max_scroll(theme: &Theme, scopes: &[Scope], area: Rect) -> u16 {
    let (_, rows, popup) = wrapped(theme, scopes, area);
    rows.saturating_sub(popup.height.saturating_sub(2))
}

/// The help box, scrolled down by `scroll` lines.
pub fn render(area: Rect, buf: &mut Buffer, theme: &Theme, scopes: &[Scope], scroll: u16) {
    let (text, rows, popup) = wrapped(theme, scopes, area);
    let visible = popup.height.saturating_sub(2);
    let scroll = scroll.min(rows.saturating_sub(visible));
    let title = if rows > visible {
        format!(" Help · {} ", keys::hint_line(Scope::Help, &[Action::Up, Action::PageUp, Action::Back]))
    } else {
        format!(" Help · {} ", keys::hint(Scope::Help, &Action::Back))
    };
    Clear.render(popup, buf);
    text.scroll((scroll, 0)).block(theme.block().title(title).title_style(theme.title())).render(popup, buf);
}

pub fn render_confirm(area: Rect, buf: &mut Buffer, theme: &Theme, message: &str) {
    let text = vec![
        Line::from(sanitize_line(message).into_owned()),
        Line::from(""),
        Line::from(
            BINDINGS
                .iter()
                .filter(|b| b.scope == Scope::Confirm)
                .flat_map(|b| [Span::styled(b.first_key_label(), theme.key()), Span::raw(format!(" {}   ", b.hint))])
                .collect::<Vec<_>>(),
        ),
    ];
    // Tall enough for the whole question: its wrapped lines, a blank line, the keys.
    let width = 60.min(area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows = unicode_width::UnicodeWidthStr::width(sanitize_line(message).as_ref()).div_ceil(inner).max(1);
    // Words wrap before the edge: one spare row when it takes more than one.
    let rows = rows + usize::from(rows > 1);
    let popup = centred(area, 60, u16::try_from(rows + 4).unwrap_or(u16::MAX).max(7));
    Clear.render(popup, buf);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(theme.block().title(" Question ").title_style(theme.title()))
        .render(popup, buf);
}
