//! Keys for driving the TUI's `App` as a person would.

use chec::tui::action::Action;
use chec::tui::app::App;
use chec::tui::keys;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key pressed without modifiers.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Ctrl and a letter.
pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Type text into whatever has the keyboard, one key press a character; `\n` is Enter.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        app.update(Action::Input(key(code)));
    }
}

/// Press a real key as the event loop does: resolve it through the key table in the scopes
/// in force and act on the action, if there is one (a key without one does nothing).
pub fn press(app: &mut App, event: KeyEvent) -> Option<Action> {
    let action = keys::resolve(&app.scopes(), &event);
    if let Some(action) = &action {
        app.update(action.clone());
    }
    action
}

/// [`press`] a key without modifiers.
pub fn press_code(app: &mut App, code: KeyCode) -> Option<Action> {
    press(app, key(code))
}

/// [`press`] each character of `text` as a key.
pub fn press_str(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, key(KeyCode::Char(c)));
    }
}
