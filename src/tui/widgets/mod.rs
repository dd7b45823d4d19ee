//! Pieces shared by several screens.

pub mod cursor;
pub mod editor;
pub mod form;
pub mod paged_table;

/// Where an overlay over `area` goes: all of it but two columns at each side and a row at
/// the top and bottom.
pub fn overlay_area(area: ratatui::layout::Rect) -> ratatui::layout::Rect {
    ratatui::layout::Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    }
}

/// Clear `popup` for a box drawn over the screen. A box that comes within two columns of
/// the screen's edge is cleared to that edge too: it would otherwise stand beside slivers of
/// what is under it (half a word, a key's letter, a cut pane). Only a border in the edge's
/// own column stays, for a pane whose border runs on above and below the box.
pub fn clear_overlay(popup: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
    let screen = buf.area;
    let popup = popup.intersection(screen);
    let left_gap = popup.x - screen.x;
    let right_gap = screen.right() - popup.right();
    let left = if left_gap <= 2 { screen.x } else { popup.x };
    let right = if right_gap <= 2 { screen.right() } else { popup.right() };
    let around = ratatui::layout::Rect { x: left, width: right - left, ..popup };
    let border = |symbol: &str| !symbol.is_empty() && symbol.chars().all(|c| ('\u{2500}'..='\u{257f}').contains(&c));
    let mut kept = Vec::new();
    for (gap, x) in [(left_gap, screen.x), (right_gap, screen.right().saturating_sub(1))] {
        if gap == 2 {
            for y in around.top()..around.bottom() {
                if let Some(cell) = buf.cell(ratatui::layout::Position { x, y })
                    && border(cell.symbol())
                {
                    kept.push(((x, y), cell.clone()));
                }
            }
        }
    }
    clear_popup(around, buf);
    for (at, cell) in kept {
        if let Some(c) = buf.cell_mut(at) {
            *c = cell;
        }
    }
}

/// Clear `popup` for something drawn over the screen, and blank a wide character (Korean)
/// just left of it, which would otherwise show over its left edge.
pub fn clear_popup(popup: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
    use ratatui::widgets::Widget as _;
    if let Some(left) = popup.x.checked_sub(1) {
        for y in popup.top()..popup.bottom() {
            if let Some(cell) = buf.cell_mut((left, y))
                && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
            {
                cell.reset();
            }
        }
    }
    ratatui::widgets::Clear.render(popup, buf);
}

/// The width to wrap `text` to in an area `width` columns wide.
///
/// ratatui's word wrapper (0.30) decides that a word no longer fits before it adds the
/// character being read, so a line can end one column past its area when its last
/// character is double-width (Hangul): that character's second half lands on the box's right
/// border, which then looks shifted. Text holding a double-width character is wrapped one
/// column narrower, so no line reaches past the area; other text wraps to the full width.
pub fn wrap_width(text: &str, width: u16) -> u16 {
    use unicode_width::UnicodeWidthChar as _;
    if text.chars().any(|c| c.width().is_some_and(|w| w > 1)) { width.saturating_sub(1).max(1) } else { width }
}

/// Rows `text` takes wrapped at words to `width` columns as [`render_wrapped`] wraps it.
pub fn wrapped_rows(text: &str, width: u16, trim: bool) -> u16 {
    use ratatui::widgets::{Paragraph, Wrap};
    let rows = Paragraph::new(text).wrap(Wrap { trim }).line_count(wrap_width(text, width));
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// "+3 lines": the sign that a text goes on below what is shown.
pub fn more_lines(lang: crate::i18n::Lang, more: u16) -> String {
    crate::tr!(lang, "more-lines", n = more)
}

/// Draw `body` (the text `plain` styled) wrapped at words inside `block` in `area`, one
/// column narrower for text with double-width characters ([`wrap_width`]), the block's
/// bottom border saying how many lines do not fit (`+3 lines`): nothing is cut unseen.
pub fn render_wrapped(
    body: ratatui::text::Text<'_>,
    plain: &str,
    block: ratatui::widgets::Block<'_>,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
    lang: crate::i18n::Lang,
) {
    use ratatui::widgets::{Paragraph, Widget as _, Wrap};
    let inner = block.inner(area);
    let needed = wrapped_rows(plain, inner.width, false);
    let block = match needed.checked_sub(inner.height) {
        Some(more) if more > 0 && inner.height > 0 => {
            block.title_bottom(ratatui::text::Line::from(format!(" {} ", more_lines(lang, more))).right_aligned())
        }
        _ => block,
    };
    block.render(area, buf);
    let inner = ratatui::layout::Rect { width: wrap_width(plain, inner.width), ..inner };
    Paragraph::new(body).wrap(Wrap { trim: false }).render(inner, buf);
}

/// `text` wrapped at words in `area` ([`wrap_width`]); when it needs `after` more rows than
/// the area has (text hidden below it), its last row says how many more, followed by
/// `then` (`+3 lines · w`), in the second style. On a single row the sign goes over the end
/// of the text.
pub fn render_cut(
    text: &str,
    after: u16,
    (style, sign_style): (ratatui::style::Style, ratatui::style::Style),
    then: &str,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
    lang: crate::i18n::Lang,
) {
    use ratatui::layout::Rect;
    use ratatui::text::Line;
    use ratatui::widgets::{Paragraph, Widget as _, Wrap};
    use unicode_width::UnicodeWidthStr as _;
    let needed = wrapped_rows(text, area.width, true).saturating_add(after);
    let narrowed = Rect { width: wrap_width(text, area.width), ..area };
    let paragraph = Paragraph::new(text.to_string()).style(style).wrap(Wrap { trim: true });
    if needed <= area.height || area.height == 0 {
        paragraph.render(narrowed, buf);
        return;
    }
    let shown = if area.height > 1 { Rect { height: area.height - 1, ..narrowed } } else { narrowed };
    paragraph.render(shown, buf);
    let more = needed.saturating_sub(if area.height > 1 { shown.height } else { 1 });
    let sign = format!(" {}{then}", more_lines(lang, more));
    let width = u16::try_from(sign.width()).unwrap_or(u16::MAX).min(area.width);
    let row = Rect { y: area.bottom() - 1, height: 1, ..area };
    clear_popup(Rect { x: area.right() - width, width, ..row }, buf);
    Line::styled(sign, sign_style).right_aligned().render(row, buf);
}

/// How far [`render_reader`] can scroll `lines` in a bordered box over `area`: its wrapped
/// rows past what the box shows.
pub fn reader_max_scroll(lines: &[ratatui::text::Line<'_>], area: ratatui::layout::Rect) -> u16 {
    use ratatui::widgets::{Paragraph, Wrap};
    let inner = ratatui::widgets::Block::bordered().inner(area);
    let plain: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let rows = Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false }).line_count(wrap_width(&plain, inner.width));
    u16::try_from(rows).unwrap_or(u16::MAX).saturating_sub(inner.height)
}

/// `lines` as an overlay over `area` titled `title` (and the key that closes it): its area
/// cleared without leaving half a wide character at its edges, read in [`render_reader`].
pub fn render_overlay(
    title: &str,
    lines: Vec<ratatui::text::Line<'_>>,
    scroll: u16,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
    theme: &crate::tui::theme::Theme,
    lang: crate::i18n::Lang,
) {
    use crate::tui::action::Action;
    use crate::tui::keys::{self, Scope};
    let popup = overlay_area(area);
    clear_overlay(popup, buf);
    let close = keys::hint(lang, Scope::Overlay, &Action::Back);
    let block = theme.block().title(format!(" {title} · {close} ")).title_style(theme.title());
    render_reader(lines, block, scroll, popup, buf, lang);
}

/// `lines` in `block` over `area`, wrapped at words and scrolled `scroll` rows down (no
/// further than where the last row shows at the bottom); the bottom border says how many
/// rows lie below (`+3 lines`) and the top border how many above, so a text longer than
/// the screen is all reachable and none of it is cut unseen.
pub fn render_reader(
    lines: Vec<ratatui::text::Line<'_>>,
    block: ratatui::widgets::Block<'_>,
    scroll: u16,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
    lang: crate::i18n::Lang,
) {
    use ratatui::text::Line;
    use ratatui::widgets::{Paragraph, Widget as _, Wrap};
    let inner = block.inner(area);
    let plain: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let width = wrap_width(&plain, inner.width);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = u16::try_from(paragraph.line_count(width)).unwrap_or(u16::MAX);
    let scroll = scroll.min(rows.saturating_sub(inner.height));
    let below = rows.saturating_sub(scroll + inner.height);
    let mut block = block;
    if below > 0 {
        block = block.title_bottom(Line::from(format!(" ↓ {} ", more_lines(lang, below))).right_aligned());
    }
    if scroll > 0 {
        block = block.title_bottom(Line::from(format!(" ↑ {} ", more_lines(lang, scroll))).left_aligned());
    }
    block.render(area, buf);
    paragraph.scroll((scroll, 0)).render(ratatui::layout::Rect { width, ..inner }, buf);
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Paragraph, Widget, Wrap};

    use unicode_width::UnicodeWidthStr as _;

    use super::wrap_width;
    use crate::catalog::Catalog;

    /// Every prompt and guidance text of the shipped questionnaires, in every language, bare
    /// and behind a label as the dialogue shows guidance, at every width from 8 to 80: wrapped
    /// as the dialogue wraps them, no double-width character starts in the area's last column
    /// (the terminal would draw its second half over the box's border), and nothing is drawn
    /// outside the area.
    #[test]
    fn wrapped_text_never_reaches_past_its_area() {
        let catalog = Catalog::shipped();
        let mut texts = Vec::new();
        for entry in catalog.entries() {
            let q = &entry.questionnaire;
            for question in &q.questions {
                for lang in &q.languages {
                    texts.push(question.prompt.shown(lang).to_string());
                    texts.push(question.guidance.why.shown(lang).to_string());
                    texts.push(question.guidance.good_answer.shown(lang).to_string());
                }
            }
        }
        assert!(texts.iter().any(|t| t.contains('는')), "Korean texts are among them");
        // Only double-width characters can reach past a line's end; as the dialogue shows
        // guidance, also behind a label.
        texts.retain(|t| t.width() > t.chars().count());
        let labelled: Vec<String> = texts.iter().map(|t| format!("이유: {t}")).collect();
        texts.extend(labelled);
        for text in &texts {
            for width in 8..=80u16 {
                let area = Rect::new(1, 0, width, 40);
                let mut buf = Buffer::empty(Rect::new(0, 0, width + 3, 40));
                let narrowed = Rect { width: wrap_width(text, width), ..area };
                Paragraph::new(text.as_str()).wrap(Wrap { trim: true }).render(narrowed, &mut buf);
                for y in 0..40 {
                    let last = buf[(width, y)].symbol();
                    assert!(last.width() <= 1, "{text:?} at width {width}, row {y}: {last:?} in the last column");
                    for x in [0, width + 1, width + 2] {
                        let cell = &buf[(x, y)];
                        assert!(
                            cell == &ratatui::buffer::Cell::default(),
                            "{text:?} at width {width}, row {y}: {cell:?}"
                        );
                    }
                }
            }
        }
    }
}
