//! A multi-line (or single-line) text editor with autosave bookkeeping.
//!
//! Wraps `ratatui_textarea::TextArea` (wrapping, undo with Ctrl-U, redo with Ctrl-R, wide
//! characters). Pasted text and what is finally saved are NFC-normalised and stripped of
//! control characters, so Korean pasted as decomposed jamo shows whole.

use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Widget};
use ratatui_textarea::{TextArea, WrapMode};

use crate::text::{normalize, sanitize_block, sanitize_line};

/// How long typed text may stay only in memory before it is saved as a draft.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(1000);

/// A draft is the whole text, so for long texts the autosave waits longer: drafts are
/// written at about this many bytes a second, however fast the typing.
pub const AUTOSAVE_BYTES_PER_SECOND: usize = 1_000_000;

/// How long a text of `bytes` may wait before it is saved as a draft: a second, or a second
/// per megabyte for longer texts.
pub fn autosave_interval(bytes: usize) -> Duration {
    AUTOSAVE_AFTER.max(Duration::from_secs_f64(bytes as f64 / AUTOSAVE_BYTES_PER_SECOND as f64))
}

pub struct Editor {
    textarea: TextArea<'static>,
    single_line: bool,
    /// The text as committed when editing began.
    original: String,
    /// The stored value this editor started from, exactly as stored: a save goes in only
    /// over it (see [`crate::domain::TextEdit`]).
    started_from: String,
    /// The text last saved as a draft (or the original), and when.
    saved: String,
    saved_at: Instant,
    /// Counts the changes to the text; `saved_edits` is the count the saved text had. While
    /// they are equal, nothing was typed since and the text need not be looked at.
    edits: u64,
    saved_edits: u64,
    /// Where it was last drawn, so the terminal's cursor can be put at its caret.
    drawn_at: std::cell::Cell<Option<Rect>>,
}

impl Editor {
    pub fn new(text: &str, single_line: bool) -> Editor {
        let started_from = text.to_string();
        let text = if single_line { sanitize_line(text).into_owned() } else { sanitize_block(text).into_owned() };
        let lines: Vec<String> =
            if single_line { vec![text.clone()] } else { text.split('\n').map(String::from).collect() };
        let mut textarea = TextArea::new(lines);
        textarea.set_wrap_mode(if single_line { WrapMode::None } else { WrapMode::WordOrGlyph });
        textarea.set_cursor_line_style(Style::default());
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            textarea,
            single_line,
            original: text.clone(),
            started_from,
            saved: text,
            saved_at: Instant::now(),
            edits: 0,
            saved_edits: 0,
            drawn_at: std::cell::Cell::new(None),
        }
    }

    /// An editor holding `text` for a field whose stored value is `started_from` (a draft
    /// being resumed, or two versions being merged).
    pub fn resume(text: &str, started_from: &str, single_line: bool) -> Editor {
        let mut editor = Editor::new(text, single_line);
        editor.original = started_from.to_string();
        editor.started_from = started_from.to_string();
        // Not yet saved as a draft: the next autosave writes it.
        editor.saved = String::new();
        editor.edits = 1;
        editor
    }

    /// What saving now would do: the text, over the value the editor started from.
    pub fn edit(&self) -> crate::domain::TextEdit {
        crate::domain::TextEdit::new(self.started_from.clone(), self.text())
    }

    /// The stored value this editor started from.
    pub fn started_from(&self) -> &str {
        &self.started_from
    }

    /// The current text, as it will be stored: cleaned of control characters and escape
    /// sequences (typed ones too, not only pasted) and normalised.
    pub fn text(&self) -> String {
        normalize(&sanitize_block(&self.textarea.lines().join("\n")))
    }

    pub fn is_single_line(&self) -> bool {
        self.single_line
    }

    /// Whether the text differs from what it was when editing began.
    pub fn is_changed(&self) -> bool {
        self.text() != self.original
    }

    /// Feed a key to the text area. A single-line editor never takes a newline.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let input: ratatui_textarea::Input = key.into();
        if self.single_line && matches!(input.key, ratatui_textarea::Key::Enter) {
            return false;
        }
        let changed = self.textarea.input(input);
        if changed {
            self.edits += 1;
        }
        changed
    }

    /// Insert pasted text at the cursor, cleaned and normalised.
    pub fn paste(&mut self, text: &str) {
        let text = if self.single_line { sanitize_line(text).into_owned() } else { sanitize_block(text).into_owned() };
        if self.textarea.insert_str(normalize(&text)) {
            self.edits += 1;
        }
    }

    /// Text to save as a draft now, if it changed since the last save and the autosave
    /// interval for its length ([`autosave_interval`]) has passed since then.
    pub fn due_for_autosave(&mut self, now: Instant) -> Option<String> {
        if self.edits == self.saved_edits {
            return None;
        }
        let bytes = self.textarea.lines().iter().map(|l| l.len() + 1).sum();
        if now.duration_since(self.saved_at) < autosave_interval(bytes) {
            return None;
        }
        let text = self.text();
        if text == self.saved {
            // Typed and taken back: nothing to save.
            self.saved_edits = self.edits;
            return None;
        }
        Some(text)
    }

    /// Note that `text` was saved as a draft at `now`.
    pub fn mark_saved(&mut self, text: String, now: Instant) {
        self.saved = text;
        self.saved_at = now;
        self.saved_edits = self.edits;
    }

    /// Note that `text` was committed to its field: it is the new baseline, and the cursor
    /// and undo history stay as they are.
    pub fn mark_committed(&mut self, text: String, now: Instant) {
        self.original = text.clone();
        self.started_from = text.clone();
        self.saved = text;
        self.saved_at = now;
        self.saved_edits = self.edits;
    }

    /// Whether a draft of this text was ever saved (so it must be committed or discarded).
    pub fn has_draft(&self) -> bool {
        self.saved != self.original
    }

    pub fn set_block(&mut self, block: Block<'static>) {
        self.textarea.set_block(block);
    }

    pub fn set_cursor_style(&mut self, style: Style) {
        self.textarea.set_cursor_style(style);
    }

    pub fn widget(&self) -> &TextArea<'static> {
        &self.textarea
    }

    /// Draw the editor in `area`, and remember where, for [`Editor::caret`].
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        self.drawn_at.set(Some(area));
        self.textarea.render(area, buf);
    }

    /// The screen cell of the insertion point as last drawn: where the next character typed
    /// goes, and where an input method shows the syllable being composed. The terminal's
    /// cursor is put there.
    pub fn caret(&self) -> Option<Position> {
        let area = self.drawn_at.get()?;
        let inner = self.textarea.block().map_or(area, |b| b.inner(area));
        if inner.is_empty() {
            return None;
        }
        let cursor = self.textarea.screen_cursor();
        let (top, left) = self.textarea.scroll_offset();
        let row = u16::try_from(cursor.row).ok()?.checked_sub(top)?;
        let col = u16::try_from(cursor.col).ok()?.checked_sub(left)?;
        (row < inner.height).then(|| Position::new(inner.x + col.min(inner.width - 1), inner.y + row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn typing_and_pasting_build_normalised_text() {
        let mut e = Editor::new("첫 줄", false);
        assert!(!e.is_changed());
        e.input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        e.paste("\u{1112}\u{1161}\u{11ab}\u{1100}\u{1173}\u{11af} | ok\u{1b}[31m");
        assert_eq!(e.text(), "첫 줄\n한글 | ok");
        assert!(e.is_changed());
    }

    #[test]
    fn single_line_editors_refuse_newlines_and_flatten_pastes() {
        let mut e = Editor::new("a", true);
        assert!(!e.input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        e.paste("b\nc");
        e.input(key('d'));
        assert_eq!(e.text(), "ab cd");
    }

    #[test]
    fn autosave_waits_for_a_change_and_the_interval() {
        let mut e = Editor::new("", false);
        let start = Instant::now();
        assert_eq!(e.due_for_autosave(start + AUTOSAVE_AFTER), None, "nothing typed");
        e.input(key('x'));
        let later = e.saved_at + AUTOSAVE_AFTER;
        assert_eq!(e.due_for_autosave(e.saved_at), None, "too soon");
        assert_eq!(e.due_for_autosave(later).as_deref(), Some("x"));
        e.mark_saved("x".into(), later);
        assert!(e.has_draft());
        assert_eq!(e.due_for_autosave(later + AUTOSAVE_AFTER), None, "already saved");
    }

    #[test]
    fn a_long_text_waits_a_second_per_megabyte() {
        assert_eq!(autosave_interval(0), AUTOSAVE_AFTER);
        assert_eq!(autosave_interval(500_000), AUTOSAVE_AFTER);
        assert_eq!(autosave_interval(10_000_000), Duration::from_secs(10));
        let mut e = Editor::new(&"가나다라 | line\n".repeat(200_000), false);
        e.input(key('x'));
        let start = e.saved_at;
        assert_eq!(e.due_for_autosave(start + Duration::from_secs(3)), None, "4 MB: not yet");
        assert!(e.due_for_autosave(start + Duration::from_secs(5)).is_some());
    }
}
