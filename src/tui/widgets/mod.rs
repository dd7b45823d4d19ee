//! Pieces shared by several screens.

pub mod cursor;
pub mod editor;
pub mod form;
pub mod paged_table;

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
