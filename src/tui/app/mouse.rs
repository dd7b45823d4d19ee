//! Mouse clicks: a click selects the row, stage or pane under it.

use ratatui::layout::Position;

use super::{App, Screen, Status};
use crate::tui::screens::consultation;
use crate::tui::screens::consultations as list;

impl App {
    pub(super) fn click(&mut self, column: u16, row: u16) {
        let at = Position::new(column, row);
        let body = self.body();
        if self.form.is_some() || self.confirm.is_some() {
            return;
        }
        let result = match (self.screen, &mut self.view) {
            (Screen::Items, _) => {
                let areas = crate::tui::screens::items::areas(body);
                if areas.table_body.contains(at) && self.items.history.is_none() {
                    let height = usize::from(areas.table_body.height);
                    let patience = self.keystroke_patience();
                    self.items.click(usize::from(row - areas.table_body.y), &self.store, height, &patience)
                } else {
                    Ok(())
                }
            }
            (Screen::Dashboard, _) => Ok(()),
            (Screen::Consultations, _) | (Screen::Consultation, None) => {
                let areas = list::areas(body);
                if areas.table_body.contains(at) {
                    let height = usize::from(areas.table_body.height);
                    let len = self.consultations.total;
                    self.consultations.cursor.click(usize::from(row - areas.table_body.y), len, height);
                }
                Ok(())
            }
            (Screen::Consultation, Some(view)) if view.guidance_open || view.level_open => Ok(()),
            (Screen::Consultation, Some(view)) => {
                let areas = view.layout(body);
                let elsewhere = areas.question_rows.contains(at) || areas.rail.contains(at);
                if elsewhere && view.editing.is_some() {
                    // Leaving the field by clicking saves it, as Esc does; if it cannot be
                    // saved, stay in it.
                    match view.commit(&mut self.store) {
                        Ok(Some(message)) => self.status = Some(Status::Info(message)),
                        Ok(None) => {}
                        Err(e) => {
                            self.set_status(Status::Error(crate::tr!(
                                self.ui_lang(),
                                "status-not-saved-kept",
                                error = crate::messages::error(self.ui_lang(), &e)
                            )));
                            return;
                        }
                    }
                }
                if areas.question_rows.contains(at) {
                    let height = usize::from(areas.question_rows.height);
                    view.click_question(usize::from(row - areas.question_rows.y), height, &self.store)
                } else if areas.rail.contains(at) {
                    match view.rail_segments(areas.rail).iter().position(|r| r.contains(at)) {
                        Some(i) => view.click_stage(i, &self.store),
                        None => Ok(()),
                    }
                } else {
                    if areas.dialogue.contains(at) {
                        view.pane = consultation::Pane::Dialogue;
                    }
                    Ok(())
                }
            }
        };
        if let Err(e) = result {
            self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e)));
        }
    }
}
