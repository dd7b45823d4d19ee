//! What has the keyboard: one value that the keys, the footer, the help, the caret and the
//! drawing all read (as ratatui's `examples/apps/input-form`). The app works it out in one
//! place ([`crate::tui::app::App::focus`]); nothing else re-derives it from the state's flags.

use crate::tui::keys::Scope;

/// Where the keyboard is, from the outermost layer in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A yes/no question covers everything.
    Confirm,
    /// The help covers the screen.
    Help,
    /// A form: `typing` when its focused field is text.
    Form {
        typing: bool,
    },
    /// The consultations list, or its filter being typed.
    Consultations {
        typing: bool,
    },
    /// A consultation's stage view.
    Consultation(ViewFocus),
    /// The items screen.
    Items(ItemsFocus),
    Dashboard,
}

/// Where the keyboard is inside a consultation's stage view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewFocus {
    /// Two versions of a field wait for a choice.
    Conflict,
    /// A text editor (the answer, the notes, a meeting field).
    Editor,
    /// Answering a structured question; the scope says which kind (choice, scale, line).
    Answer(Scope),
    /// Reading a box over the screen: the question in full, its history, the impact level,
    /// a past meeting.
    Reading,
    /// Choosing a past meeting to read.
    PastMeetings,
    /// The running meeting's fields.
    Meeting,
    /// The stage rail (runs across the screen: ← and → move along it).
    Stages,
    /// The question list.
    Questions,
    /// The dialogue pane's fields (answer, assessment, notes, items).
    Dialogue,
}

/// Where the keyboard is on the items screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemsFocus {
    /// A filter is being typed.
    Typing,
    /// An item's history is open.
    History,
    List,
}

impl Focus {
    /// The key scopes in force, innermost first: what the keys resolve against and what the
    /// footer offers.
    pub fn scopes(self) -> Vec<Scope> {
        use Scope::*;
        match self {
            Focus::Confirm => vec![Confirm],
            Focus::Help => vec![Help, Global],
            Focus::Form { typing: true } => vec![FormTyping, Typing],
            Focus::Form { typing: false } => vec![Form, Global],
            Focus::Consultations { typing: true } | Focus::Items(ItemsFocus::Typing) => vec![Typing],
            Focus::Consultations { typing: false } => vec![Consultations, Screens, List, Global],
            Focus::Items(ItemsFocus::History) => vec![Overlay, Scrolling, Global],
            Focus::Items(ItemsFocus::List) => vec![Items, Screens, List, Global],
            Focus::Dashboard => vec![Screens, Global],
            Focus::Consultation(view) => match view {
                ViewFocus::Conflict => vec![Conflict, Global],
                ViewFocus::Editor => vec![Typing],
                ViewFocus::Answer(AnswerLine) => vec![AnswerLine],
                ViewFocus::Answer(scope) => vec![scope, Global],
                ViewFocus::Reading => vec![Overlay, Scrolling, Global],
                ViewFocus::Meeting => vec![Meeting, List, Global],
                ViewFocus::PastMeetings => vec![PastMeetings, List, Global],
                ViewFocus::Stages | ViewFocus::Questions | ViewFocus::Dialogue => {
                    vec![Consultation, Screens, List, Global]
                }
            },
        }
    }

    /// The scopes the help describes when opened from here: the keys of this place first,
    /// then moving, everywhere and typing.
    pub fn help_scopes(self) -> Vec<Scope> {
        let mut scopes = match self {
            Focus::Form { typing: true } => vec![Scope::FormTyping],
            Focus::Consultation(ViewFocus::Editor) => vec![Scope::Typing],
            other => other.scopes(),
        };
        for scope in [Scope::List, Scope::Global, Scope::Typing] {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        scopes
    }

    /// Whether the text being typed has the keyboard (the caret is shown).
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Focus::Form { typing: true }
                | Focus::Consultations { typing: true }
                | Focus::Items(ItemsFocus::Typing)
                | Focus::Consultation(ViewFocus::Editor)
        )
    }
}
