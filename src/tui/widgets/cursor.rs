//! A list selection with its scroll offset kept in state, so that drawing can stay
//! read-only and a mouse click can be mapped back to a row.

use crate::tui::action::Action;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Keep the selection within `len` rows and visible in a window of `height` rows.
    pub fn clamp(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// Apply a movement action over `len` rows shown `height` at a time. Returns whether the
    /// action was a movement.
    pub fn apply(&mut self, action: &Action, len: usize, height: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = height.max(1);
        self.selected = match action {
            Action::Up | Action::ScrollUp => self.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::PageDown => (self.selected + page).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => return false,
        };
        self.clamp(len, height);
        true
    }

    /// Select the row shown at `row` lines below the top of the window, if there is one.
    pub fn click(&mut self, row: usize, len: usize, height: usize) -> bool {
        let index = self.offset + row;
        if row < height && index < len {
            self.selected = index;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_selection() {
        let mut c = Cursor::default();
        for _ in 0..7 {
            c.apply(&Action::Down, 10, 5);
        }
        assert_eq!((c.selected, c.offset), (7, 3));
        c.apply(&Action::First, 10, 5);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.apply(&Action::Last, 10, 5);
        assert_eq!((c.selected, c.offset), (9, 5));
        assert!(c.click(1, 10, 5));
        assert_eq!(c.selected, 6);
        assert!(!c.click(5, 10, 5));
    }

    #[test]
    fn shrinking_lists_keep_the_cursor_inside() {
        let mut c = Cursor { selected: 8, offset: 5 };
        c.clamp(3, 5);
        assert_eq!((c.selected, c.offset), (2, 0));
        c.clamp(0, 5);
        assert_eq!((c.selected, c.offset), (0, 0));
    }
}
