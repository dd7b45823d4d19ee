//! What the user can ask for. Keys resolve to actions ([`super::keys`]); actions change
//! state ([`super::app::App::update`]); drawing only reads.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    ToggleHelp,
    /// Esc: close what is on top (help, filter, form) or go back.
    Back,
    /// Ctrl-Z: hand the terminal back to the shell until `fg`.
    Suspend,
}
