//! The help overlay, written from the key table for the keys in force, and the small
//! yes/no question box.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::i18n::Lang;
use crate::text::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keys::{self, BINDINGS, Scope};
use crate::tui::theme::Theme;

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(popup);
    popup
}

/// How a meeting goes, for someone who has never used chec, in `lang`. The keys come from
/// the table.
fn walkthrough(lang: Lang) -> String {
    use Scope::{AnswerChoice, Consultation as C, Typing};
    let k = keys::key_for;
    crate::tr!(
        lang,
        "help-walkthrough",
        meeting = k(C, &Action::Meeting),
        up = k(Scope::List, &Action::Up),
        down = k(Scope::List, &Action::Down),
        pane = k(C, &Action::NextPane),
        why = k(C, &Action::Guidance),
        answer = k(C, &Action::EditAnswer),
        choice_up = k(AnswerChoice, &Action::Up),
        choice_toggle = k(AnswerChoice, &Action::Toggle),
        choice_save = k(AnswerChoice, &Action::Save),
        notes = k(C, &Action::EditNotes),
        save = k(Typing, &Action::Back),
        level = k(C, &Action::Level),
        assess = k(C, &Action::Assess(crate::domain::Assessment::Satisfied)),
        item = k(C, &Action::RaiseItem),
        next_stage = k(C, &Action::NextStage),
        prev_stage = k(C, &Action::PrevStage),
        sign_off = k(C, &Action::SignOff),
        end = k(C, &Action::EndMeeting),
        export = k(C, &Action::Export),
    )
}

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
        lines.extend(walkthrough(lang).lines().map(|l| Line::from(format!("  {l}"))));
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

/// The help's text, wrapped to the box, and the box: lines are never cut at the edge.
/// The help's text, the rows it takes, its box, and the width it wraps to inside the box:
/// as every wrapped paragraph, one column narrower when it holds a double-width character
/// (see [`crate::tui::widgets::wrap_width`]).
fn wrapped(theme: &Theme, scopes: &[Scope], area: Rect, lang: Lang) -> (Paragraph<'static>, u16, Rect, u16) {
    let width = 76.min(area.width);
    let lines = lines_in(theme, scopes, lang);
    let plain: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let text_width = crate::tui::widgets::wrap_width(&plain, width.saturating_sub(2));
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = u16::try_from(text.line_count(text_width)).unwrap_or(u16::MAX);
    (text, rows, centred(area, width, rows.saturating_add(2)), text_width)
}

/// How far the help can scroll in `area`: its wrapped lines past what the box shows.
pub fn max_scroll(theme: &Theme, scopes: &[Scope], area: Rect, lang: Lang) -> u16 {
    let (_, rows, popup, _) = wrapped(theme, scopes, area, lang);
    rows.saturating_sub(popup.height.saturating_sub(2))
}

/// The help box, scrolled down by `scroll` lines.
pub fn render(area: Rect, buf: &mut Buffer, theme: &Theme, scopes: &[Scope], scroll: u16, lang: Lang) {
    let (text, rows, popup, text_width) = wrapped(theme, scopes, area, lang);
    let visible = popup.height.saturating_sub(2);
    let scroll = scroll.min(rows.saturating_sub(visible));
    let help = crate::i18n::t(lang, "help-title");
    let title = if rows > visible {
        format!(" {help} · {} ", keys::hint_line(lang, Scope::Help, &[Action::Up, Action::PageUp, Action::Back]))
    } else {
        format!(" {help} · {} ", keys::hint(lang, Scope::Help, &Action::Back))
    };
    crate::tui::widgets::clear_popup(popup, buf);
    let block = theme.block().title(title).title_style(theme.title());
    let inner = block.inner(popup);
    block.render(popup, buf);
    text.scroll((scroll, 0)).render(Rect { width: text_width, ..inner }, buf);
}

pub fn render_confirm(area: Rect, buf: &mut Buffer, theme: &Theme, message: &str, lang: Lang) {
    let word = |id: &str| crate::i18n::t(lang, id);
    let text = vec![
        Line::from(sanitize_line(message).into_owned()),
        Line::from(""),
        Line::from(
            BINDINGS
                .iter()
                .filter(|b| b.scope == Scope::Confirm)
                .flat_map(|b| {
                    [Span::styled(b.first_key_label(), theme.key()), Span::raw(format!(" {}   ", word(b.hint)))]
                })
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
    crate::tui::widgets::clear_popup(popup, buf);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(theme.block().title(format!(" {} ", word("confirm-title"))).title_style(theme.title()))
        .render(popup, buf);
}
