//! The TUI's state and the one place actions change it.

use crate::storage::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::keys::Scope;
use crate::tui::screens::consultations::ConsultationsScreen;
use crate::tui::theme::Theme;

pub struct App {
    store: Store,
    pub theme: Theme,
    pub consultations: ConsultationsScreen,
    pub help_open: bool,
    pub quit: bool,
    /// Rows a page of the current list holds, learnt from the terminal size.
    pub page_rows: usize,
    /// Where the database lives, for the header.
    pub db_label: String,
    today: String,
    data_version: i64,
}

impl App {
    /// `today` (YYYY-MM-DD) decides what is overdue.
    pub fn new(store: Store, theme: Theme, today: String) -> Result<App, StoreError> {
        let db_label = store
            .path()
            .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
        let mut app = App {
            data_version: store.data_version()?,
            store,
            theme,
            consultations: ConsultationsScreen::default(),
            help_open: false,
            quit: false,
            page_rows: 10,
            db_label,
            today,
        };
        app.reload()?;
        Ok(app)
    }

    fn reload(&mut self) -> Result<(), StoreError> {
        let rows = self.store.consultation_summaries(&self.today)?;
        self.consultations.set_rows(rows);
        Ok(())
    }

    /// Pick up changes another process (the CLI, a second chec) committed.
    pub fn refresh_if_changed(&mut self) -> Result<(), StoreError> {
        let version = self.store.data_version()?;
        if version != self.data_version {
            self.data_version = version;
            self.reload()?;
        }
        Ok(())
    }

    /// The key scopes in force, innermost first.
    pub fn scopes(&self) -> Vec<Scope> {
        if self.help_open {
            vec![Scope::Global]
        } else {
            vec![Scope::List, Scope::Global]
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::Back => self.help_open = false,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => self.consultations.update(action, self.page_rows),
            // The event loop owns the terminal and handles this one.
            Action::Suspend => {}
        }
    }
}
