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

/// `lines` as an overlay shows them: wrapped, and scrolled down `scroll` lines but no further
/// than its last line at the top.
pub fn overlay_text(lines: Vec<ratatui::text::Line<'_>>, scroll: u16) -> ratatui::widgets::Paragraph<'_> {
    let scroll = scroll.min(lines.len().saturating_sub(1) as u16);
    ratatui::widgets::Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }).scroll((scroll, 0))
}

/// Clear `popup` for a box drawn over the screen, and blank a wide character (Korean) just
/// left of it, which would otherwise show over the box's left edge.
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
