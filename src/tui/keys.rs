//! The one key table. The footer hints and the help overlay are both read from it, so
//! they can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, unless a text field has the keyboard.
    Global,
    /// Any list.
    List,
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// Short label for the footer; empty keeps the binding out of the footer.
    pub hint: &'static str,
    /// What the help overlay says.
    pub help: &'static str,
}

pub const BINDINGS: &[Binding] = &[
    Binding {
        scope: Scope::List,
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::Up,
        hint: "",
        help: "Move up",
    },
    Binding {
        scope: Scope::List,
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::Down,
        hint: "",
        help: "Move down",
    },
    Binding {
        scope: Scope::List,
        keys: &[key(KeyCode::PageUp), ctrl('u')],
        action: Action::PageUp,
        hint: "",
        help: "Page up",
    },
    Binding {
        scope: Scope::List,
        keys: &[key(KeyCode::PageDown), ctrl('d')],
        action: Action::PageDown,
        hint: "",
        help: "Page down",
    },
    Binding {
        scope: Scope::List,
        keys: &[key(KeyCode::Home), ch('g')],
        action: Action::First,
        hint: "",
        help: "First row",
    },
    Binding {
        scope: Scope::List,
        keys: &[key(KeyCode::End), ch('G')],
        action: Action::Last,
        hint: "",
        help: "Last row",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('?'), key(KeyCode::F(1))],
        action: Action::ToggleHelp,
        hint: "help",
        help: "Show or hide this help",
    },
    Binding {
        scope: Scope::Global,
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        hint: "",
        help: "Close or go back",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ctrl('z')],
        action: Action::Suspend,
        hint: "",
        help: "Suspend to the shell (fg to return)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('q'), ctrl('c')],
        action: Action::Quit,
        hint: "quit",
        help: "Quit (everything is already saved)",
    },
];

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl != self.ctrl {
            return false;
        }
        match (self.code, event.code) {
            // Shifted letters arrive as the capital, with or without SHIFT reported.
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
            (a, b) => a == b,
        }
    }

    /// How the key is written in the footer and the help.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

impl Binding {
    /// All of a binding's keys, e.g. `↑/k`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The action a key asks for in the given scopes (earlier scopes win).
pub fn resolve(scopes: &[Scope], event: &KeyEvent) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action)
    })
}

/// The bindings to show in the footer for these scopes, in table order.
pub fn hints(scopes: &[Scope]) -> impl Iterator<Item = &'static Binding> + '_ {
    BINDINGS
        .iter()
        .filter(move |b| !b.hint.is_empty() && scopes.contains(&b.scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_resolve_in_their_scopes_only() {
        let list = [Scope::List, Scope::Global];
        assert_eq!(
            resolve(&list, &press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            resolve(
                &[Scope::Global],
                &press(KeyCode::Char('j'), KeyModifiers::NONE)
            ),
            None
        );
        assert_eq!(
            resolve(&list, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            resolve(&list, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            resolve(&list, &press(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            None
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let shared = a.keys.iter().any(|k| b.keys.contains(k));
                assert!(
                    !(shared && (a.scope == b.scope)),
                    "{} and {} share a key",
                    a.help,
                    b.help
                );
            }
        }
    }
}
