//! The one key table. The footer hints and the help overlay are both read from it, so
//! they can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::domain::Assessment;

/// Where a binding applies. The app says which scopes are in force, innermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A text field has the keyboard: only these keys are taken, the rest is typed.
    Typing,
    /// A text field of a form has the keyboard (these win over `Typing`).
    FormTyping,
    /// A yes/no question.
    Confirm,
    /// Two versions of a field, waiting for a choice.
    Conflict,
    /// A read-only box over the screen (the question in full).
    Overlay,
    /// A read-only box that scrolls (the question in full, its history, the impact level).
    Scrolling,
    /// Answering a choice question: a list of options.
    AnswerChoice,
    /// Answering a scale question: a row of points.
    AnswerScale,
    /// Answering a number or date question: one line of text.
    AnswerLine,
    /// A form whose focused field is a choice.
    Form,
    /// The consultations list.
    Consultations,
    /// A consultation's stage view.
    Consultation,
    /// The running meeting's notes.
    Meeting,
    /// The items screen.
    Items,
    /// Switching between the main screens.
    Screens,
    /// Any list.
    List,
    /// The help overlay.
    Help,
    /// Everywhere, unless a text field has the keyboard.
    Global,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Typing => "While typing",
            Scope::FormTyping => "Typing in a form",
            Scope::Confirm => "Questions",
            Scope::Conflict => "Two versions of a field",
            Scope::Overlay => "Reading",
            Scope::Scrolling => "Scrolling",
            Scope::AnswerChoice => "Answering with choices",
            Scope::AnswerScale => "Answering on a scale",
            Scope::AnswerLine => "Answering with a number or a date",
            Scope::Form => "In forms",
            Scope::Consultations => "Consultations",
            Scope::Consultation => "Consultation",
            Scope::Meeting => "Meeting",
            Scope::Items => "Items",
            Scope::Screens => "Screens",
            Scope::List => "Moving",
            Scope::Help => "In the help",
            Scope::Global => "Everywhere",
        }
    }
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
    Key { code: KeyCode::Char(c), ctrl: true }
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
    /// How the footer writes the key, when not simply the first key (e.g. `1-4`).
    pub footer_key: Option<&'static str>,
}

const fn bind(scope: Scope, keys: &'static [Key], action: Action, hint: &'static str, help: &'static str) -> Binding {
    Binding { scope, keys, action, hint, help, footer_key: None }
}

/// A binding the footer announces for a group of keys, e.g. `1-4 assess`.
const fn bind_group(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    footer_key: &'static str,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding { scope, keys, action, hint, help, footer_key: Some(footer_key) }
}

use Scope::*;

pub const BINDINGS: &[Binding] = &[
    bind(
        Typing,
        &[key(KeyCode::Esc)],
        Action::Back,
        "save & leave",
        "Leave the field, saving it (in a form: cancel, asking first)",
    ),
    bind(Typing, &[key(KeyCode::Tab)], Action::NextPane, "next", "Save and go to the next field"),
    bind(Typing, &[key(KeyCode::BackTab)], Action::PrevPane, "", "Save and go to the previous field"),
    bind(Typing, &[ctrl('s')], Action::Save, "save", "Save now (in a form: submit it)"),
    bind(
        Typing,
        &[ctrl('u')],
        Action::Input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        "",
        "Undo (Ctrl-R redoes)",
    ),
    bind(Typing, &[key(KeyCode::F(1))], Action::ToggleHelp, "", "Help"),
    bind(Typing, &[ctrl('c')], Action::Quit, "", "Quit (the text is saved first)"),
    bind(Typing, &[ctrl('z')], Action::Suspend, "", "Suspend to the shell"),
    // Only y says yes: some questions discard typed text, and Enter is pressed by habit.
    bind(
        FormTyping,
        &[key(KeyCode::Esc)],
        Action::Back,
        "cancel",
        "Cancel the form (asks first if anything was typed)",
    ),
    bind(FormTyping, &[key(KeyCode::Tab)], Action::NextPane, "next", "Next field"),
    bind(FormTyping, &[key(KeyCode::BackTab)], Action::PrevPane, "", "Previous field"),
    bind(
        FormTyping,
        &[key(KeyCode::Enter)],
        Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        "",
        "One-line field: next field, or submit on the last; text box: new line",
    ),
    bind(FormTyping, &[ctrl('s')], Action::Save, "submit", "Submit the form"),
    bind(Confirm, &[ch('y')], Action::Yes, "yes", "Yes"),
    bind(Confirm, &[ch('n')], Action::No, "no", "No"),
    bind(Confirm, &[key(KeyCode::Esc)], Action::Back, "cancel", "Cancel"),
    bind(Conflict, &[ch('m')], Action::KeepMine, "keep mine", "Keep the version typed here, over theirs"),
    bind(Conflict, &[ch('t')], Action::KeepTheirs, "keep theirs", "Keep the version saved elsewhere; drop mine"),
    bind(Conflict, &[ch('b')], Action::KeepBoth, "merge", "Put both in the editor, theirs first, to make one"),
    bind(Conflict, &[key(KeyCode::Esc)], Action::Back, "back", "Back to editing mine (saving asks again)"),
    bind(Overlay, &[key(KeyCode::Esc), key(KeyCode::Enter), ch('w'), ch('h')], Action::Back, "close", "Close"),
    bind_group(
        Scrolling,
        &[key(KeyCode::Up), ch('k')],
        Action::Up,
        "↑↓",
        "scroll",
        "Scroll up (a history: back in time)",
    ),
    bind(Scrolling, &[key(KeyCode::Down), ch('j')], Action::Down, "", "Scroll down"),
    bind_group(AnswerChoice, &[key(KeyCode::Up), ch('k')], Action::Up, "↑↓", "move", "Previous option"),
    bind(AnswerChoice, &[key(KeyCode::Down), ch('j')], Action::Down, "", "Next option"),
    bind(AnswerChoice, &[ch(' ')], Action::Toggle, "mark", "Mark the option (several choices: mark or unmark each)"),
    bind(
        AnswerChoice,
        &[key(KeyCode::Enter), ctrl('s')],
        Action::Save,
        "save",
        "Save the marked options (one choice: the highlighted one if none is marked)",
    ),
    bind(AnswerChoice, &[key(KeyCode::Delete), key(KeyCode::Backspace)], Action::Clear, "clear", "Clear the answer"),
    bind(AnswerChoice, &[key(KeyCode::Esc)], Action::Back, "cancel", "Leave without changing the answer"),
    bind_group(AnswerScale, &[key(KeyCode::Left), ch('h')], Action::Left, "←→", "move", "Lower point"),
    bind(AnswerScale, &[key(KeyCode::Right), ch('l')], Action::Right, "", "Higher point"),
    bind_group(
        AnswerScale,
        &[ch('0'), ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6'), ch('7'), ch('8'), ch('9')],
        Action::Input(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::NONE)),
        "0-9",
        "point",
        "The point with that number (for 10 and up, type both digits)",
    ),
    bind(AnswerScale, &[key(KeyCode::Enter), ctrl('s')], Action::Save, "save", "Save the point"),
    bind(AnswerScale, &[key(KeyCode::Delete), key(KeyCode::Backspace)], Action::Clear, "clear", "Clear the answer"),
    bind(AnswerScale, &[key(KeyCode::Esc)], Action::Back, "cancel", "Leave without changing the answer"),
    bind(AnswerLine, &[key(KeyCode::Enter), ctrl('s')], Action::Save, "save", "Check and save the answer"),
    bind(AnswerLine, &[key(KeyCode::Esc)], Action::Back, "cancel", "Leave without changing the answer"),
    bind(
        AnswerLine,
        &[ctrl('u')],
        Action::Input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        "",
        "Clear what was typed",
    ),
    bind(AnswerLine, &[key(KeyCode::F(1))], Action::ToggleHelp, "", "Help"),
    bind(AnswerLine, &[ctrl('c')], Action::Quit, "", "Quit"),
    bind(Form, &[key(KeyCode::Tab), key(KeyCode::Down), key(KeyCode::Enter)], Action::NextPane, "next", "Next field"),
    bind(Form, &[key(KeyCode::BackTab), key(KeyCode::Up)], Action::PrevPane, "", "Previous field"),
    bind(Form, &[key(KeyCode::Left)], Action::Left, "", "Previous choice or option"),
    bind(Form, &[key(KeyCode::Right)], Action::Right, "change", "Next choice or option"),
    bind(Form, &[ch(' ')], Action::Toggle, "toggle", "Switch the option on or off (next choice in a list)"),
    // Enter never submits (a syllable being composed, or a habit): Ctrl-S does.
    bind(Form, &[ctrl('s')], Action::Save, "submit", "Submit the form"),
    bind(Form, &[key(KeyCode::Esc)], Action::Back, "cancel", "Cancel the form (asks first if anything was typed)"),
    bind(Consultations, &[key(KeyCode::Enter)], Action::Enter, "open", "Open the consultation"),
    bind(Consultations, &[ch('/')], Action::Filter, "filter", "Filter by key, name or team as you type"),
    bind(Consultations, &[ch('n')], Action::New, "new", "New consultation"),
    bind(Consultations, &[key(KeyCode::Esc)], Action::Back, "clear filter", "Clear the filter"),
    bind(Consultation, &[key(KeyCode::Tab)], Action::NextPane, "pane", "Next pane: stages, questions, dialogue"),
    bind(Consultation, &[key(KeyCode::BackTab)], Action::PrevPane, "", "Previous pane"),
    bind(Consultation, &[ch('['), key(KeyCode::Left)], Action::PrevStage, "", "Previous stage"),
    bind(Consultation, &[ch(']'), key(KeyCode::Right)], Action::NextStage, "stage", "Next stage"),
    bind(
        Consultation,
        &[key(KeyCode::Enter)],
        Action::Enter,
        "",
        "Edit the team's answer (in the dialogue: the chosen field)",
    ),
    bind(
        Consultation,
        &[ch('w')],
        Action::Guidance,
        "why",
        "The question in full: why it matters, what a good answer is",
    ),
    bind(Consultation, &[ch('h')], Action::History, "", "History of the answer, assessment and notes"),
    bind(
        Consultation,
        &[ch('L')],
        Action::Level,
        "",
        "The impact level: its score, the answers behind it, what it requires",
    ),
    bind(Consultation, &[ch('a')], Action::EditAnswer, "answer", "Edit the team's answer"),
    bind(Consultation, &[ch('e')], Action::EditNotes, "notes", "Edit the consultant's notes"),
    bind_group(Consultation, &[ch('1')], Action::Assess(Assessment::Satisfied), "1-4", "assess", "Assess: ✓ satisfied"),
    bind(Consultation, &[ch('2')], Action::Assess(Assessment::NeedsImprovement), "", "Assess: ! needs improvement"),
    bind(Consultation, &[ch('3')], Action::Assess(Assessment::RiskIdentified), "", "Assess: ✗ risk identified"),
    bind(Consultation, &[ch('4')], Action::Assess(Assessment::NotApplicable), "", "Assess: – not applicable"),
    bind(Consultation, &[ch('0')], Action::Assess(Assessment::NotDiscussed), "", "Assess: · not discussed yet"),
    bind(Consultation, &[ch('i')], Action::RaiseItem, "item", "Raise an improvement item on the question"),
    bind(Consultation, &[ch('m')], Action::Meeting, "meeting", "Start a meeting, or open the running one"),
    bind(Consultation, &[ch('E')], Action::EndMeeting, "", "End the running meeting (wherever ● MEETING shows)"),
    bind(Consultation, &[ch('A')], Action::Attendees, "", "Change the attendees of the running or last meeting"),
    bind(Consultation, &[ch('S')], Action::SignOff, "", "Sign off the selected stage"),
    bind(Consultation, &[ch('R')], Action::Reopen, "", "Reopen the selected signed-off stage"),
    bind(Consultation, &[ch('X')], Action::Export, "", "Export minutes or the full report to a file"),
    bind(Meeting, &[key(KeyCode::Enter)], Action::Enter, "edit", "Edit the chosen field"),
    bind(Meeting, &[key(KeyCode::Tab)], Action::NextPane, "", "Next field: agenda, notes, decisions, next steps"),
    bind(Meeting, &[key(KeyCode::BackTab)], Action::PrevPane, "", "Previous field"),
    bind(Meeting, &[ch('m')], Action::Meeting, "", "Back to the questions (the meeting goes on)"),
    bind(Meeting, &[ch('A')], Action::Attendees, "attendees", "Change who attends the meeting"),
    bind(Meeting, &[ch('E')], Action::EndMeeting, "end", "End the meeting (then offers to export its minutes)"),
    bind(Meeting, &[ch('X')], Action::Export, "export", "Export this meeting's minutes"),
    bind(
        Items,
        &[key(KeyCode::Enter)],
        Action::Enter,
        "edit",
        "Change the item: status, owner, due date, priority, note",
    ),
    bind(Items, &[ch('h')], Action::History, "history", "The item's full history"),
    bind(Items, &[ch('/')], Action::Filter, "search", "Search key, title and detail as you type"),
    bind(
        Items,
        &[ch('s')],
        Action::CycleStatus,
        "",
        "Status filter: active, open, in progress, resolved, accepted, won't do, all",
    ),
    bind(Items, &[ch('o')], Action::FilterOwner, "", "Owner filter"),
    bind(Items, &[ch('c')], Action::FilterConsultation, "", "Consultation filter (its key)"),
    bind(Items, &[ch('p')], Action::CyclePriority, "", "Minimum priority: any, low, medium, high, critical"),
    bind(Items, &[ch('!')], Action::ToggleOverdue, "", "Only overdue items, or all"),
    bind(Items, &[ch('t')], Action::CycleSort, "", "Sort: priority, due, key, updated, owner"),
    bind(Items, &[ch('x')], Action::ClearFilters, "", "Clear the filters"),
    bind(Screens, &[ch('C')], Action::ShowConsultations, "", "Consultations"),
    bind(Screens, &[ch('I')], Action::ShowItems, "items", "Items (from a consultation: its items)"),
    bind(Screens, &[ch('D')], Action::ShowDashboard, "dash", "Dashboard"),
    bind(Screens, &[ch('Y')], Action::Sync, "", "Sync with the team's repository now (the header says how it went)"),
    bind(List, &[key(KeyCode::Up), ch('k')], Action::Up, "", "Move up"),
    bind(List, &[key(KeyCode::Down), ch('j')], Action::Down, "", "Move down"),
    bind(List, &[key(KeyCode::PageUp), ctrl('u')], Action::PageUp, "", "Page up"),
    bind(List, &[key(KeyCode::PageDown), ctrl('d')], Action::PageDown, "", "Page down"),
    bind(List, &[key(KeyCode::Home), ch('g')], Action::First, "", "First row"),
    bind(List, &[key(KeyCode::End), ch('G')], Action::Last, "", "Last row"),
    bind_group(Help, &[key(KeyCode::Up), ch('k')], Action::Up, "↑↓", "scroll", "Scroll up"),
    bind(Help, &[key(KeyCode::Down), ch('j')], Action::Down, "", "Scroll down"),
    bind_group(Help, &[key(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "page", "Page up"),
    bind(Help, &[key(KeyCode::PageDown)], Action::PageDown, "", "Page down"),
    bind(Help, &[key(KeyCode::Home), ch('g')], Action::First, "", "Back to the top"),
    bind(Help, &[key(KeyCode::Esc), ch('?'), key(KeyCode::F(1))], Action::Back, "close", "Close the help"),
    bind(Global, &[ch('?'), key(KeyCode::F(1))], Action::ToggleHelp, "help", "Show or hide this help"),
    bind(Global, &[key(KeyCode::Esc)], Action::Back, "back", "Close or go back"),
    bind(Global, &[ctrl('z')], Action::Suspend, "", "Suspend to the shell (fg to return)"),
    bind(Global, &[ch('q'), ctrl('c')], Action::Quit, "quit", "Quit (everything is already saved)"),
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
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("^{}", base.to_uppercase()) } else { base }
    }
}

impl Binding {
    /// All of a binding's keys, e.g. `↑/k`.
    pub fn keys_label(&self) -> String {
        self.keys.iter().map(Key::label).collect::<Vec<_>>().join("/")
    }

    /// The footer shows the first key only (or the group's label), to save room.
    pub fn first_key_label(&self) -> String {
        match self.footer_key {
            Some(label) => label.to_string(),
            None => self.keys.first().map(Key::label).unwrap_or_default(),
        }
    }
}

/// The action a key asks for in the given scopes (earlier scopes win). While typing (a text
/// field, or a number or date answer), a key the table does not take is typed into it.
pub fn resolve(scopes: &[Scope], event: &KeyEvent) -> Option<Action> {
    let bound = scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            // A binding that takes keys as they are (digits, Ctrl-U) passes on the key pressed.
            .map(|b| if let Action::Input(_) = b.action { Action::Input(*event) } else { b.action.clone() })
    });
    match bound {
        Some(action) => Some(action),
        None if scopes.contains(&Scope::Typing) || scopes.contains(&Scope::AnswerLine) => Some(Action::Input(*event)),
        None => None,
    }
}

/// The first binding for `action` in `scope`.
pub fn binding(scope: Scope, action: &Action) -> Option<&'static Binding> {
    let found = BINDINGS.iter().find(|b| b.scope == scope && b.action == *action);
    debug_assert!(found.is_some(), "no key for {action:?} in {scope:?}");
    found
}

/// The key for `action` in `scope`, as hints write it (`Esc`, `^S`, `i`, `1-4`).
pub fn key_for(scope: Scope, action: &Action) -> String {
    binding(scope, action).map(Binding::first_key_label).unwrap_or_default()
}

/// A hint for one binding: its key and its short word (`Esc close`).
pub fn hint(scope: Scope, action: &Action) -> String {
    match binding(scope, action) {
        Some(b) if b.hint.is_empty() => format!("{} {}", b.first_key_label(), b.help),
        Some(b) => format!("{} {}", b.first_key_label(), b.hint),
        None => String::new(),
    }
}

/// Hints for several bindings of one scope, joined (`Tab next · ^S submit · Esc cancel`).
pub fn hint_line(scope: Scope, actions: &[Action]) -> String {
    actions.iter().map(|a| hint(scope, a)).filter(|h| !h.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// The bindings to show in the footer for these scopes, innermost scope first.
pub fn hints(scopes: &[Scope]) -> Vec<&'static Binding> {
    scopes.iter().flat_map(|scope| BINDINGS.iter().filter(move |b| b.scope == *scope && !b.hint.is_empty())).collect()
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
        assert_eq!(resolve(&list, &press(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(resolve(&[Scope::Global], &press(KeyCode::Char('j'), KeyModifiers::NONE)), None);
        assert_eq!(resolve(&list, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(resolve(&list, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Last));
        assert_eq!(resolve(&list, &press(KeyCode::Char('q'), KeyModifiers::CONTROL)), None);
    }

    #[test]
    fn while_typing_letters_are_text_and_esc_leaves() {
        let typing = [Scope::Typing];
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(resolve(&typing, &q), Some(Action::Input(q)));
        assert_eq!(resolve(&typing, &press(KeyCode::Esc, KeyModifiers::NONE)), Some(Action::Back));
        assert_eq!(resolve(&typing, &press(KeyCode::Char('s'), KeyModifiers::CONTROL)), Some(Action::Save));
        // In a form's text field too: the form's keys first, then everything is typed.
        let form = [Scope::FormTyping, Scope::Typing];
        assert_eq!(resolve(&form, &q), Some(Action::Input(q)));
        assert_eq!(resolve(&form, &press(KeyCode::Tab, KeyModifiers::NONE)), Some(Action::NextPane));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let shared = a.keys.iter().any(|k| b.keys.contains(k));
                assert!(!(shared && a.scope == b.scope), "{} and {} share a key", a.help, b.help);
            }
        }
    }
}

/// No key hint is written by hand outside the table: every string in the TUI's source that
/// names a key (`Esc`, `Enter`, `Ctrl-S`, "press q", "m starts one"…) goes stale silently
/// when a key changes, and cannot be translated with the table.
#[cfg(test)]
mod no_hand_written_hints {
    use std::path::Path;

    /// The string literals of a file's code before its tests.
    fn literals(source: &str) -> Vec<(usize, String)> {
        let code = source.split("#[cfg(test)]").next().unwrap_or("");
        let mut found = Vec::new();
        for (n, line) in code.lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            let mut rest = line;
            while let Some(start) = rest.find('"') {
                let after = &rest[start + 1..];
                let mut end = None;
                let mut escaped = false;
                for (i, c) in after.char_indices() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => {
                            end = Some(i);
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                let Some(end) = end else { break };
                found.push((n + 1, after[..end].to_string()));
                rest = &after[end + 1..];
            }
        }
        found
    }

    /// Whether a literal reads as a key hint.
    fn is_hint(text: &str) -> bool {
        let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || "(),;·—".contains(c)).collect();
        let named = ["Esc", "Enter", "Tab", "Ctrl-S", "Ctrl-C", "PgUp", "PgDn", "Space", "F1"];
        if words.iter().any(|w| named.contains(w)) {
            return true;
        }
        let verbs = [
            "starts", "reopens", "raises", "ends", "clears", "closes", "edits", "discards", "submits", "saves",
            "cancels", "history", "filter", "quit", "goes",
        ];
        words.windows(2).any(|w| {
            let key = w[0].chars().count() == 1 && w[0].chars().all(|c| !c.is_numeric() && c != '-' && c != '·');
            (key && verbs.contains(&w[1])) || (w[0] == "press" && w[1].chars().count() == 1)
        })
    }

    fn scan(dir: &Path, offences: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scan(&path, offences);
                continue;
            }
            // The table itself, and the terminal input reader (it names keys as bytes).
            if path.ends_with("keys.rs") || path.components().any(|c| c.as_os_str() == "input") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for (line, text) in literals(&source) {
                if is_hint(&text) {
                    offences.push(format!("{}:{line}: \"{text}\"", path.display()));
                }
            }
        }
    }

    #[test]
    fn the_scanner_sees_hints() {
        for hint in [" Help · Esc closes ", "(n goes back to the form)", "press q to quit", "x clears them"] {
            assert!(is_hint(hint), "{hint}");
        }
        for text in ["Meeting {} started", "{} · {}", "Items on {id} ({}) — {}", "Step 1 of 4"] {
            assert!(!is_hint(text), "{text}");
        }
    }

    #[test]
    fn every_hint_in_the_tui_comes_from_the_key_table() {
        let mut offences = Vec::new();
        scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui"), &mut offences);
        assert!(offences.is_empty(), "hints written by hand:\n{}", offences.join("\n"));
    }
}
