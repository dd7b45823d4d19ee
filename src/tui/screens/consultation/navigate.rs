//! Moving around the stage view: choosing a stage or a question, by key, by click or by
//! id (from the items screen).

use super::{ConsultationView, ListRow, Pane};
use crate::storage::{Store, StoreError};

impl ConsultationView {
    /// Keep the cursor on a question, not a principle heading.
    pub(super) fn settle(&mut self, forward: bool) {
        let is_question = |i: usize, rows: &[ListRow]| matches!(rows.get(i), Some(ListRow::Question(_)));
        if is_question(self.cursor.selected, &self.rows) {
            return;
        }
        let candidates: Box<dyn Iterator<Item = usize>> = if forward {
            Box::new((self.cursor.selected..self.rows.len()).chain((0..self.cursor.selected).rev()))
        } else {
            Box::new((0..self.cursor.selected).rev().chain(self.cursor.selected..self.rows.len()))
        };
        let rows = &self.rows;
        if let Some(i) = candidates.into_iter().find(|&i| is_question(i, rows)) {
            self.cursor.selected = i;
        }
    }

    /// List only the questions serving the next principle some question of the stage
    /// serves (after the last, every question again), staying on the chosen question
    /// while it is listed.
    pub(super) fn cycle_principle(&mut self, store: &Store) -> Result<(), StoreError> {
        let stage = self.selected_stage().map(|s| s.stage.clone()).unwrap_or_default();
        let questions = self.standing.shown_in(&self.questionnaire, &stage);
        self.principle = super::rows::next_principle(&self.questionnaire, &questions, self.principle.as_deref());
        let selected = self.selected_question_id();
        self.rebuild_rows();
        if let Some(row) = selected.and_then(|id| self.rows.iter().position(|r| *r == ListRow::Question(id.clone()))) {
            self.cursor.selected = row;
        }
        self.load_question_items(store)
    }

    pub(super) fn select_stage(&mut self, index: usize, store: &Store) -> Result<(), StoreError> {
        if index != self.stage {
            self.show_stage(index, store)?;
        }
        Ok(())
    }

    /// Show stage `index` on the rail with its questions, even if it is already chosen
    /// (its questions may have changed).
    pub fn show_stage(&mut self, index: usize, store: &Store) -> Result<(), StoreError> {
        if index < self.stages.len() {
            self.stage = index;
            self.rebuild_rows();
            self.load_question_items(store)?;
        }
        Ok(())
    }

    /// Show a question: its stage on the rail, the cursor on it.
    pub fn select_question(&mut self, question_id: &str, list_height: usize, store: &Store) -> Result<(), StoreError> {
        let Some(stage) = self.questionnaire.question(question_id).map(|q| q.stage.clone()) else { return Ok(()) };
        if let Some(i) = self.stages.iter().position(|s| s.stage == stage) {
            self.select_stage(i, store)?;
        }
        let listed = ListRow::Question(question_id.to_string());
        if self.principle.is_some() && !self.rows.contains(&listed) {
            // The question serves none of the chosen principle: list every question.
            self.principle = None;
            self.rebuild_rows();
        }
        if let Some(row) = self.rows.iter().position(|r| *r == ListRow::Question(question_id.to_string())) {
            self.cursor.selected = row;
            self.cursor.clamp(self.rows.len(), list_height);
            self.pane = Pane::Questions;
            self.load_question_items(store)?;
        }
        Ok(())
    }

    /// Map a click in the question list to a question.
    pub fn click_question(&mut self, row: usize, list_height: usize, store: &Store) -> Result<(), StoreError> {
        self.pane = Pane::Questions;
        if self.cursor.click(row, self.rows.len(), list_height) {
            self.settle(true);
            self.cursor.clamp(self.rows.len(), list_height);
            self.load_question_items(store)?;
        }
        Ok(())
    }

    /// Map a click on the stage rail to a stage.
    pub fn click_stage(&mut self, index: usize, store: &Store) -> Result<(), StoreError> {
        self.pane = Pane::Stages;
        self.select_stage(index, store)
    }
}
