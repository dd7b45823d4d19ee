//! The one key table. The footer hints and the help overlay are both read from it, so
//! they can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::domain::Assessment;
use crate::i18n::{Lang, t};

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
    /// The list of a consultation's past meetings.
    PastMeetings,
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
    /// The help's heading for the scope: a message id of the catalogue.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Typing => "scope-typing",
            Scope::FormTyping => "scope-form-typing",
            Scope::Confirm => "scope-confirm",
            Scope::Conflict => "scope-conflict",
            Scope::Overlay => "scope-overlay",
            Scope::Scrolling => "scope-scrolling",
            Scope::AnswerChoice => "scope-answer-choice",
            Scope::AnswerScale => "scope-answer-scale",
            Scope::AnswerLine => "scope-answer-line",
            Scope::Form => "scope-form",
            Scope::Consultations => "scope-consultations",
            Scope::Consultation => "scope-consultation",
            Scope::Meeting => "scope-meeting",
            Scope::PastMeetings => "scope-past-meetings",
            Scope::Items => "scope-items",
            Scope::Screens => "scope-screens",
            Scope::List => "scope-list",
            Scope::Help => "scope-help",
            Scope::Global => "scope-global",
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
    /// The footer's short label: a message id of the catalogue (locales/*/keys.ftl); empty
    /// keeps the binding out of the footer.
    pub hint: &'static str,
    /// What the help overlay says: a message id of the catalogue.
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
    bind(Typing, &[key(KeyCode::Esc)], Action::Back, "hint-save-leave", "help-leave-the-field-saving-it-in"),
    bind(Typing, &[key(KeyCode::Tab)], Action::NextPane, "hint-next", "help-save-and-go-to-the-next"),
    bind(Typing, &[key(KeyCode::BackTab)], Action::PrevPane, "", "help-save-and-go-to-the-previous"),
    bind(Typing, &[ctrl('s')], Action::Save, "hint-save", "help-save-now-in-a-form-submit"),
    bind(
        Typing,
        &[ctrl('u')],
        Action::Input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        "",
        "help-undo-ctrl-r-redoes",
    ),
    bind(Typing, &[key(KeyCode::F(1))], Action::ToggleHelp, "", "help-help"),
    bind(Typing, &[ctrl('c')], Action::Quit, "", "help-quit-the-text-is-saved-first"),
    bind(Typing, &[ctrl('z')], Action::Suspend, "", "help-suspend-to-the-shell"),
    // Only y says yes: some questions discard typed text, and Enter is pressed by habit.
    bind(FormTyping, &[key(KeyCode::Esc)], Action::Back, "hint-cancel", "help-cancel-the-form-asks-first-if"),
    bind(FormTyping, &[key(KeyCode::Tab)], Action::NextPane, "hint-next", "help-next-field"),
    bind(FormTyping, &[key(KeyCode::BackTab)], Action::PrevPane, "", "help-previous-field"),
    bind(
        FormTyping,
        &[key(KeyCode::Enter)],
        Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        "",
        "help-one-line-field-next-field-or",
    ),
    bind(FormTyping, &[ctrl('s')], Action::Save, "hint-submit", "help-submit-the-form"),
    bind(Confirm, &[ch('y')], Action::Yes, "hint-yes", "help-yes"),
    bind(Confirm, &[ch('n')], Action::No, "hint-no", "help-no"),
    bind(Confirm, &[key(KeyCode::Esc)], Action::Back, "hint-cancel", "help-cancel"),
    bind(Conflict, &[ch('m')], Action::KeepMine, "hint-keep-mine", "help-keep-the-version-typed-here-over"),
    bind(Conflict, &[ch('t')], Action::KeepTheirs, "hint-keep-theirs", "help-keep-the-version-saved-elsewhere-drop"),
    bind(Conflict, &[ch('b')], Action::KeepBoth, "hint-merge", "help-put-both-in-the-editor-theirs"),
    bind(Conflict, &[key(KeyCode::Esc)], Action::Back, "hint-back", "help-back-to-editing-mine-saving-asks"),
    bind(
        Overlay,
        &[key(KeyCode::Esc), key(KeyCode::Enter), ch('w'), ch('h'), ch('v')],
        Action::Back,
        "hint-close",
        "help-close",
    ),
    bind_group(
        Scrolling,
        &[key(KeyCode::Up), ch('k')],
        Action::Up,
        "↑↓",
        "hint-scroll",
        "help-scroll-up-a-history-back-in",
    ),
    bind(Scrolling, &[key(KeyCode::Down), ch('j')], Action::Down, "", "help-scroll-down"),
    bind_group(AnswerChoice, &[key(KeyCode::Up), ch('k')], Action::Up, "↑↓", "hint-move", "help-previous-option"),
    bind(AnswerChoice, &[key(KeyCode::Down), ch('j')], Action::Down, "", "help-next-option"),
    bind(AnswerChoice, &[ch(' ')], Action::Toggle, "hint-mark", "help-mark-the-option-several-choices-mark"),
    bind(
        AnswerChoice,
        &[key(KeyCode::Enter), ctrl('s')],
        Action::Save,
        "hint-save",
        "help-save-the-marked-options-one-choice",
    ),
    bind(
        AnswerChoice,
        &[key(KeyCode::Delete), key(KeyCode::Backspace)],
        Action::Clear,
        "hint-clear",
        "help-clear-the-answer",
    ),
    bind(AnswerChoice, &[key(KeyCode::Esc)], Action::Back, "hint-cancel", "help-leave-without-changing-the-answer"),
    bind_group(AnswerScale, &[key(KeyCode::Left), ch('h')], Action::Left, "←→", "hint-move", "help-lower-point"),
    bind(AnswerScale, &[key(KeyCode::Right), ch('l')], Action::Right, "", "help-higher-point"),
    bind_group(
        AnswerScale,
        &[ch('0'), ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6'), ch('7'), ch('8'), ch('9')],
        Action::Input(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::NONE)),
        "0-9",
        "hint-point",
        "help-the-point-with-that-number-for",
    ),
    bind(AnswerScale, &[key(KeyCode::Enter), ctrl('s')], Action::Save, "hint-save", "help-save-the-point"),
    bind(
        AnswerScale,
        &[key(KeyCode::Delete), key(KeyCode::Backspace)],
        Action::Clear,
        "hint-clear",
        "help-clear-the-answer",
    ),
    bind(AnswerScale, &[key(KeyCode::Esc)], Action::Back, "hint-cancel", "help-leave-without-changing-the-answer"),
    bind(AnswerLine, &[key(KeyCode::Enter), ctrl('s')], Action::Save, "hint-save", "help-check-and-save-the-answer"),
    bind(AnswerLine, &[key(KeyCode::Esc)], Action::Back, "hint-cancel", "help-leave-without-changing-the-answer"),
    bind(
        AnswerLine,
        &[ctrl('u')],
        Action::Input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        "",
        "help-clear-what-was-typed",
    ),
    bind(AnswerLine, &[key(KeyCode::F(1))], Action::ToggleHelp, "", "help-help"),
    bind(AnswerLine, &[ctrl('c')], Action::Quit, "", "help-quit"),
    bind(
        Form,
        &[key(KeyCode::Tab), key(KeyCode::Down), key(KeyCode::Enter)],
        Action::NextPane,
        "hint-next",
        "help-next-field",
    ),
    bind(Form, &[key(KeyCode::BackTab), key(KeyCode::Up)], Action::PrevPane, "", "help-previous-field"),
    bind(Form, &[key(KeyCode::Left)], Action::Left, "", "help-previous-choice-or-option"),
    bind(Form, &[key(KeyCode::Right)], Action::Right, "hint-change", "help-next-choice-or-option"),
    bind(Form, &[ch(' ')], Action::Toggle, "hint-toggle", "help-switch-the-option-on-or-off"),
    // Enter never submits (a syllable being composed, or a habit): Ctrl-S does.
    bind(Form, &[ctrl('s')], Action::Save, "hint-submit", "help-submit-the-form"),
    bind(Form, &[key(KeyCode::Esc)], Action::Back, "hint-cancel", "help-cancel-the-form-asks-first-if"),
    bind(Consultations, &[key(KeyCode::Enter)], Action::Enter, "hint-open", "help-open-the-consultation"),
    bind(Consultations, &[ch('/')], Action::Filter, "hint-filter", "help-filter-by-key-name-or-team"),
    bind(Consultations, &[ch('n')], Action::New, "hint-new", "help-new-consultation"),
    bind(Consultations, &[key(KeyCode::Esc)], Action::Back, "hint-clear-filter", "help-clear-the-filter"),
    bind(Consultation, &[key(KeyCode::Tab)], Action::NextPane, "hint-pane", "help-next-pane-stages-questions-dialogue"),
    bind(Consultation, &[key(KeyCode::BackTab)], Action::PrevPane, "", "help-previous-pane"),
    bind(Consultation, &[ch('['), key(KeyCode::Left)], Action::PrevStage, "", "help-previous-stage"),
    bind(Consultation, &[ch(']'), key(KeyCode::Right)], Action::NextStage, "hint-stage", "help-next-stage"),
    bind(Consultation, &[key(KeyCode::Enter)], Action::Enter, "", "help-edit-the-team-s-answer-in"),
    bind(Consultation, &[ch('w')], Action::Guidance, "hint-why", "help-the-question-in-full-why-it"),
    bind(Consultation, &[ch('p')], Action::CyclePrinciple, "", "help-cycle-principle"),
    bind(Consultation, &[ch('h')], Action::History, "", "help-history-of-the-answer-assessment-and"),
    bind(Consultation, &[ch('L')], Action::Level, "", "help-the-impact-level-its-score-the"),
    bind(Consultation, &[ch('a')], Action::EditAnswer, "hint-answer", "help-edit-the-team-s-answer"),
    bind(Consultation, &[ch('e')], Action::EditNotes, "hint-notes", "help-edit-the-consultant-s-notes"),
    bind_group(
        Consultation,
        &[ch('1')],
        Action::Assess(Assessment::Satisfied),
        "1-4",
        "hint-assess",
        "help-assess-satisfied",
    ),
    bind(Consultation, &[ch('2')], Action::Assess(Assessment::NeedsImprovement), "", "help-assess-needs-improvement"),
    bind(Consultation, &[ch('3')], Action::Assess(Assessment::RiskIdentified), "", "help-assess-risk-identified"),
    bind(Consultation, &[ch('4')], Action::Assess(Assessment::NotApplicable), "", "help-assess-not-applicable"),
    bind(Consultation, &[ch('0')], Action::Assess(Assessment::NotDiscussed), "", "help-assess-not-discussed-yet"),
    bind(Consultation, &[ch('i')], Action::RaiseItem, "hint-item", "help-raise-an-improvement-item-on-the"),
    bind(Consultation, &[ch('m')], Action::Meeting, "hint-meeting", "help-start-a-meeting-or-open-the"),
    bind(Consultation, &[ch('E')], Action::EndMeeting, "", "help-end-the-running-meeting-wherever-meeting"),
    bind(Consultation, &[ch('A')], Action::Attendees, "", "help-change-the-attendees-of-the-running"),
    bind(Consultation, &[ch('M')], Action::PastMeetings, "", "help-past-meetings"),
    bind(Consultation, &[ch('T')], Action::Traits, "", "help-change-traits"),
    bind(Consultation, &[ch('v')], Action::ViewField, "", "help-view-field"),
    bind(Consultation, &[ch('S')], Action::SignOff, "", "help-sign-off-the-selected-stage"),
    bind(Consultation, &[ch('R')], Action::Reopen, "", "help-reopen-the-selected-signed-off-stage"),
    bind(Consultation, &[ch('X')], Action::Export, "", "help-export-minutes-or-the-full-report"),
    bind(Meeting, &[key(KeyCode::Enter)], Action::Enter, "hint-edit", "help-edit-the-chosen-field"),
    bind(Meeting, &[key(KeyCode::Tab)], Action::NextPane, "", "help-next-field-agenda-notes-decisions-next"),
    bind(Meeting, &[key(KeyCode::BackTab)], Action::PrevPane, "", "help-previous-field"),
    bind(Meeting, &[ch('m')], Action::Meeting, "", "help-back-to-the-questions-the-meeting"),
    bind(Meeting, &[ch('v')], Action::ViewField, "", "help-view-field"),
    bind(Meeting, &[ch('A')], Action::Attendees, "hint-attendees", "help-change-who-attends-the-meeting"),
    bind(Meeting, &[ch('E')], Action::EndMeeting, "hint-end", "help-end-the-meeting-then-offers-to"),
    bind(Meeting, &[ch('X')], Action::Export, "hint-export", "help-export-this-meeting-s-minutes"),
    bind(PastMeetings, &[key(KeyCode::Enter)], Action::Enter, "hint-open", "help-read-the-meeting"),
    bind(PastMeetings, &[ch('X')], Action::Export, "hint-export", "help-export-this-meeting-s-minutes"),
    bind(PastMeetings, &[key(KeyCode::Esc), ch('M')], Action::Back, "hint-close", "help-close"),
    bind(Items, &[key(KeyCode::Enter)], Action::Enter, "hint-edit", "help-change-the-item-status-owner-due"),
    bind(Items, &[ch('h')], Action::History, "hint-history", "help-the-item-s-full-history"),
    bind(Items, &[ch('/')], Action::Filter, "hint-search", "help-search-key-title-and-detail-as"),
    bind(Items, &[ch('s')], Action::CycleStatus, "", "help-status-filter-active-open-in-progress"),
    bind(Items, &[ch('o')], Action::FilterOwner, "", "help-owner-filter"),
    bind(Items, &[ch('c')], Action::FilterConsultation, "", "help-consultation-filter-its-key"),
    bind(Items, &[ch('p')], Action::CyclePriority, "", "help-minimum-priority-any-low-medium-high"),
    bind(Items, &[ch('!')], Action::ToggleOverdue, "", "help-only-overdue-items-or-all"),
    bind(Items, &[ch('t')], Action::CycleSort, "", "help-sort-priority-due-key-updated-owner"),
    bind(Items, &[ch('x')], Action::ClearFilters, "", "help-clear-the-filters"),
    bind(Screens, &[ch('C')], Action::ShowConsultations, "", "help-consultations"),
    bind(Screens, &[ch('I')], Action::ShowItems, "hint-items", "help-items-from-a-consultation-its-items"),
    bind(Screens, &[ch('D')], Action::ShowDashboard, "hint-dash", "help-dashboard"),
    bind(Screens, &[ch('Y')], Action::Sync, "", "help-sync-now"),
    bind(List, &[key(KeyCode::Up), ch('k')], Action::Up, "", "help-move-up"),
    bind(List, &[key(KeyCode::Down), ch('j')], Action::Down, "", "help-move-down"),
    bind(List, &[key(KeyCode::PageUp), ctrl('u')], Action::PageUp, "", "help-page-up"),
    bind(List, &[key(KeyCode::PageDown), ctrl('d')], Action::PageDown, "", "help-page-down"),
    bind(List, &[key(KeyCode::Home), ch('g')], Action::First, "", "help-first-row"),
    bind(List, &[key(KeyCode::End), ch('G')], Action::Last, "", "help-last-row"),
    bind_group(Help, &[key(KeyCode::Up), ch('k')], Action::Up, "↑↓", "hint-scroll", "help-scroll-up"),
    bind(Help, &[key(KeyCode::Down), ch('j')], Action::Down, "", "help-scroll-down"),
    bind_group(Help, &[key(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "hint-page", "help-page-up"),
    bind(Help, &[key(KeyCode::PageDown)], Action::PageDown, "", "help-page-down"),
    bind(Help, &[key(KeyCode::Home), ch('g')], Action::First, "", "help-back-to-the-top"),
    bind(Help, &[key(KeyCode::Esc), ch('?'), key(KeyCode::F(1))], Action::Back, "hint-close", "help-close-the-help"),
    bind(Global, &[ch('?'), key(KeyCode::F(1))], Action::ToggleHelp, "hint-help", "help-show-or-hide-this-help"),
    bind(Global, &[key(KeyCode::Esc)], Action::Back, "hint-back", "help-close-or-go-back"),
    bind(Global, &[ctrl('z')], Action::Suspend, "", "help-suspend-to-the-shell-fg-to"),
    bind(Global, &[ch('q'), ctrl('c')], Action::Quit, "hint-quit", "help-quit-everything-is-already-saved"),
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

/// A hint for one binding: its key and its short word in `lang` (`Esc close`, `Esc 닫기`).
pub fn hint(lang: Lang, scope: Scope, action: &Action) -> String {
    match binding(scope, action) {
        Some(b) if b.hint.is_empty() => format!("{} {}", b.first_key_label(), t(lang, b.help)),
        Some(b) => format!("{} {}", b.first_key_label(), t(lang, b.hint)),
        None => String::new(),
    }
}

/// Hints for several bindings of one scope, joined (`Tab next · ^S submit · Esc cancel`).
pub fn hint_line(lang: Lang, scope: Scope, actions: &[Action]) -> String {
    actions.iter().map(|a| hint(lang, scope, a)).filter(|h| !h.is_empty()).collect::<Vec<_>>().join(" · ")
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
