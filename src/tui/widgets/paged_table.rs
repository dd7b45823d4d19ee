//! One paged table for the long lists (consultations, items): only a screen's height of rows
//! is read, from where the window starts in the whole list; the cursor moves over the whole
//! list; rows read before the last change are dimmed until the new ones arrive.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Row, StatefulWidget, Table, TableState};

use super::cursor::Cursor;
use crate::tui::theme::Theme;

/// The rows on screen and where they start in the whole list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// The index, in the whole list, of the first row.
    pub offset: usize,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { rows: Vec::new(), offset: 0 }
    }
}

impl<T> Page<T> {
    /// Show `rows`, read from `offset`.
    pub fn show(&mut self, rows: Vec<T>, offset: usize) {
        self.rows = rows;
        self.offset = offset;
    }

    /// The row under the cursor, if it is on this page.
    pub fn under(&self, cursor: &Cursor) -> Option<&T> {
        self.row_of(cursor).and_then(|i| self.rows.get(i))
    }

    /// Where the cursor is on this page.
    pub fn row_of(&self, cursor: &Cursor) -> Option<usize> {
        cursor.selected.checked_sub(self.offset)
    }

    /// Whether the cursor's window is not the page read: another page is to be read.
    pub fn is_elsewhere(&self, cursor: &Cursor) -> bool {
        cursor.offset != self.offset
    }
}

/// The table's rows below its header line: as many rows as are read at a time.
pub fn body(table: Rect) -> Rect {
    Rect { y: table.y + 1, height: table.height.saturating_sub(1), ..table }
}

/// Draw a page: its header, its rows (dimmed when `stale`), the cursor's row marked ▶.
#[allow(clippy::too_many_arguments)]
pub fn render<'a, T>(
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    page: &Page<T>,
    cursor: &Cursor,
    header: Row<'a>,
    rows: impl IntoIterator<Item = Row<'a>>,
    widths: &[Constraint],
    stale: bool,
) {
    let table = Table::new(rows, widths.to_vec())
        .style(if stale { theme.dim() } else { Style::default() })
        .header(header.style(theme.header()))
        .column_spacing(1)
        .row_highlight_style(theme.selected())
        .highlight_symbol(theme.marker());
    let mut state = TableState::default().with_selected(page.row_of(cursor));
    StatefulWidget::render(table, area, buf, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_under_the_cursor_is_found_on_its_page_only() {
        let page = Page { rows: vec!["k", "l", "m"], offset: 10 };
        let at = |selected, offset| Cursor { selected, offset };
        assert_eq!(page.under(&at(11, 10)), Some(&"l"));
        assert_eq!(page.under(&at(9, 9)), None, "before the page");
        assert_eq!(page.under(&at(13, 11)), None, "after the page");
        assert!(page.is_elsewhere(&at(13, 11)));
        assert!(!page.is_elsewhere(&at(12, 10)));
    }
}
