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

/// `line` wrapped to `width` columns, its continuation rows indented under where its text
/// begins: past its leading spaces, a step's number (`1. `) and the key column of a key's
/// line (its first span, when it has two), so a wrapped description stays in its column.
fn hang(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr as _;
    let (lead, text, style) = match line.spans.as_slice() {
        [key, text] => (Some(key.clone()), text.content.to_string(), text.style),
        spans => (
            None,
            spans.iter().map(|s| s.content.as_ref()).collect::<String>(),
            spans.first().map(|s| s.style).unwrap_or_default(),
        ),
    };
    let lead_width = lead.as_ref().map_or(0, |k| k.content.width());
    let spaces = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[spaces..];
    let number =
        rest.find(". ").filter(|&n| n > 0 && rest[..n].chars().all(|c| c.is_ascii_digit())).map_or(0, |n| n + 2);
    let indent = lead_width + spaces + number;
    if indent + 1 >= width || lead_width + text.width() <= width {
        return vec![line.clone()];
    }
    let under = " ".repeat(spaces + number);
    let options = textwrap::Options::new(width - lead_width)
        .subsequent_indent(&under)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .break_words(true);
    let rows = textwrap::wrap(&text, options);
    let continued = " ".repeat(lead_width);
    rows.into_iter()
        .enumerate()
        .map(|(n, row)| {
            let first = match (n, &lead) {
                (0, Some(key)) => key.clone(),
                _ => Span::raw(if n == 0 { String::new() } else { continued.clone() }),
            };
            Line::from(vec![first, Span::styled(row.into_owned(), style)]).style(line.style)
        })
        .collect()
}

/// The help's text wrapped to the box (see [`hang`]: lines are never cut at the edge), the
/// rows it takes, and its box.
fn wrapped(theme: &Theme, scopes: &[Scope], area: Rect, lang: Lang) -> (Paragraph<'static>, u16, Rect) {
    let width = 76.min(area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let lines: Vec<Line<'static>> = lines_in(theme, scopes, lang).iter().flat_map(|l| hang(l, inner)).collect();
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    (Paragraph::new(lines), rows, centred(area, width, rows.saturating_add(2)))
}

/// How far the help can scroll in `area`: its wrapped lines past what the box shows.
pub fn max_scroll(theme: &Theme, scopes: &[Scope], area: Rect, lang: Lang) -> u16 {
    let (_, rows, popup) = wrapped(theme, scopes, area, lang);
    rows.saturating_sub(popup.height.saturating_sub(2))
}

/// The help box, scrolled down by `scroll` lines.
pub fn render(area: Rect, buf: &mut Buffer, theme: &Theme, scopes: &[Scope], scroll: u16, lang: Lang) {
    let (text, rows, popup) = wrapped(theme, scopes, area, lang);
    let visible = popup.height.saturating_sub(2);
    let scroll = scroll.min(rows.saturating_sub(visible));
    let help = crate::i18n::t(lang, "help-title");
    let title = if rows > visible {
        format!(" {help} · {} ", keys::hint_line(lang, Scope::Help, &[Action::Up, Action::PageUp, Action::Back]))
    } else {
        format!(" {help} · {} ", keys::hint(lang, Scope::Help, &Action::Back))
    };
    crate::tui::widgets::clear_overlay(popup, buf);
    let block = theme.block().title(title).title_style(theme.title());
    let inner = block.inner(popup);
    block.render(popup, buf);
    text.scroll((scroll, 0)).render(inner, buf);
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
    crate::tui::widgets::clear_overlay(popup, buf);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(theme.block().title(format!(" {} ", word("confirm-title"))).title_style(theme.title()))
        .render(popup, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr as _;

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_wrapped_step_or_key_continues_under_its_text_and_no_row_passes_the_box() {
        let theme = Theme::plain();
        let step =
            Line::from("  7. m: 회의 메모와 결정 사항을 보여 줘요. E: 회의를 끝내고 회의록 내보내기를 권해요 | X");
        let key = Line::from(vec![
            Span::styled(format!("  {:<15}", "v"), theme.key()),
            Span::raw("회의록 | minutes 내보내기를 권해요, 보고서는 언제든 내보낼 수 있어요"),
        ]);
        let plain = Line::from("터미널이 닫혀도 입력한 내용은 그때그때 저장돼요. 터미널이 닫혀도 저장돼요.");
        for width in [30, 44, 60] {
            for (line, under) in [(&step, 5), (&key, 17), (&plain, 0)] {
                let rows = hang(line, width);
                assert!(rows.len() > 1, "{width}: {:?} wraps", text(line));
                for row in &rows[1..] {
                    let row = text(row);
                    assert_eq!(row.len() - row.trim_start().len(), under, "{width}: {row:?}");
                }
                assert!(rows.iter().all(|r| text(r).width() <= width), "{width}: {rows:?}");
                let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
                let joined: Vec<String> = rows.iter().flat_map(|r| words(&text(r))).collect();
                assert_eq!(joined, words(&text(line)), "{width}: no word lost");
            }
        }
    }
}
