//! What the user can ask for. Keys resolve to actions ([`super::keys`]); actions change
//! state ([`super::app::App::update`]); drawing only reads.

use ratatui::crossterm::event::KeyEvent;

use crate::domain::Assessment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Ctrl-Z: hand the terminal back to the shell until `fg`.
    Suspend,
    ToggleHelp,
    /// Esc: leave what is on top (help, field, form, screen). Never throws text away silently.
    Back,
    /// Enter: open, edit, confirm.
    Enter,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    First,
    Last,
    /// Tab / Shift-Tab: next or previous pane or field.
    NextPane,
    PrevPane,
    /// Ctrl-S: commit the field or submit the form.
    Save,
    Yes,
    No,
    /// Two versions of a field: keep the one typed here, the one saved elsewhere, or both.
    KeepMine,
    KeepTheirs,
    KeepBoth,
    /// Space in a form: switch an option (in a choice list: mark the option).
    Toggle,
    /// Delete: clear a structured answer.
    Clear,
    // Consultations
    Filter,
    New,
    // Consultation
    /// Show the chosen question in full: prompt, why it matters, what a good answer is.
    Guidance,
    /// Show the impact level, its score and the answers behind it.
    Level,
    EditAnswer,
    EditNotes,
    Assess(Assessment),
    RaiseItem,
    Meeting,
    EndMeeting,
    /// Change who attended the running (or last) meeting.
    Attendees,
    /// The consultation's past meetings, each to read.
    PastMeetings,
    /// Change the service's traits.
    Traits,
    /// Show the chosen field in full over the screen.
    ViewField,
    SignOff,
    Reopen,
    Export,
    PrevStage,
    NextStage,
    /// List only the questions serving the next principle (after the last: all of them).
    CyclePrinciple,
    // Screens
    ShowConsultations,
    ShowItems,
    ShowDashboard,
    /// Sync with the team's repository now.
    Sync,
    // Items
    FilterOwner,
    FilterConsultation,
    CycleStatus,
    CyclePriority,
    ToggleOverdue,
    CycleSort,
    ClearFilters,
    History,
    // Text and mouse
    Input(KeyEvent),
    Paste(String),
    ScrollUp,
    ScrollDown,
    Click {
        column: u16,
        row: u16,
    },
}
