//! A consultation's stage view: the stage rail, the stage's questions grouped by principle,
//! and the dialogue pane (prompt, guidance, the team's answer, the assessment, the
//! consultant's notes and the items raised on the question). The running meeting's own
//! fields live in [`meeting`].

mod answer;
mod conflict;
mod draw;
mod full;
mod guidance;
mod history;
mod level;
pub mod meeting;
mod navigate;
mod past;
mod rows;
mod sign_off;

use std::collections::HashMap;
use std::time::Instant;

use crate::domain::QuestionRef;
use crate::domain::{
    Assessment, Consultation, DraftTarget, Item, Meeting, MeetingField, Questionnaire, Response, ResponseField, Saved,
    StageState, StageStatus,
};
use crate::storage::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::focus::ViewFocus;
use crate::tui::outcome::{FormRequest, Outcome};
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::editor::Editor;

pub use answer::Answering;
pub use conflict::{PendingConflict, announce as conflict_announcement};
pub use draw::{Areas, areas};
pub use rows::ListRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Stages,
    Questions,
    Dialogue,
}

/// The parts of the dialogue pane that can be chosen with ↑/↓.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogueField {
    Answer,
    Assessment,
    Notes,
    Items,
}

impl DialogueField {
    const ORDER: [DialogueField; 4] =
        [DialogueField::Answer, DialogueField::Assessment, DialogueField::Notes, DialogueField::Items];

    fn step(self, forward: bool) -> DialogueField {
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Self::ORDER.len();
        Self::ORDER[if forward { (i + 1).min(n - 1) } else { i.saturating_sub(1) }]
    }
}

/// The field an editor is writing to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    Response { question_id: String, stage: String, field: ResponseField },
    Meeting { meeting_id: String, field: MeetingField },
}

impl EditTarget {
    /// The field, as people name it in `lang`: "PLN-01의 서비스 팀 답변".
    pub fn shown(&self, lang: crate::i18n::Lang) -> String {
        match self {
            EditTarget::Response { question_id, field, .. } => {
                crate::tr!(lang, "field-of-question", id = question_id, field = crate::i18n::word(lang, *field))
            }
            EditTarget::Meeting { field, .. } => {
                crate::tr!(lang, "field-of-meeting", field = crate::i18n::word(lang, *field))
            }
        }
    }

    pub fn draft(&self) -> DraftTarget {
        match self {
            EditTarget::Response { question_id, field, .. } => {
                DraftTarget::Response { question_id: question_id.clone(), field: *field }
            }
            EditTarget::Meeting { meeting_id, field } => {
                DraftTarget::Meeting { meeting_id: meeting_id.clone(), field: *field }
            }
        }
    }
}

pub struct ConsultationView {
    pub consultation: Consultation,
    /// The zone times are shown in.
    pub zone: crate::clock::Zone,
    /// The interface's language, when chosen: the questionnaire's text is shown in it.
    pub lang: Option<crate::i18n::Lang>,
    pub questionnaire: Questionnaire,
    pub stages: Vec<StageStatus>,
    /// The stage chosen on the rail.
    pub stage: usize,
    pub rows: Vec<ListRow>,
    pub cursor: Cursor,
    pub responses: HashMap<String, Response>,
    pub item_counts: HashMap<String, i64>,
    /// Items raised on the selected question.
    pub question_items: Vec<Item>,
    pub pane: Pane,
    pub field: DialogueField,
    pub editing: Option<(EditTarget, Editor)>,
    /// A structured answer (choices, a scale point, a number, a date) being given.
    pub answering: Option<Answering>,
    /// The running meeting, if any.
    pub meeting: Option<Meeting>,
    /// Showing the meeting's own fields instead of the dialogue.
    pub meeting_open: bool,
    pub meeting_field: MeetingField,
    /// Showing the chosen question in full over the screen.
    pub guidance_open: bool,
    /// How far the open overlay (the question in full, or its history) is scrolled: lines
    /// from its top, or from its end for the history.
    pub overlay_scroll: u16,
    /// Fields saved by someone else while they were being edited here: both versions wait
    /// for the consultant to choose, the first one shown over the dialogue.
    pub conflicts: Vec<PendingConflict>,
    /// What the answers decide: which questions are shown, the score and the impact level.
    pub standing: crate::domain::Standing,
    /// Showing the impact level and why, over the screen, with the level's history.
    pub level_open: bool,
    pub level_history: Vec<crate::storage::LevelChange>,
    /// Showing the history of a question's response: (question id, its changes).
    pub history: Option<(String, Vec<crate::domain::ResponseChange>)>,
    /// Only the questions serving this principle are listed (`p` cycles through them).
    pub principle: Option<String>,
    /// The past meetings being looked through, read-only (`M`).
    pub past: Option<past::PastMeetings>,
    /// Fields shown in full over the screen (`v`): each its label and text.
    pub full: Option<Vec<(String, String)>>,
}

/// What committing the editor did.
enum Committed {
    Nothing,
    Saved(String),
    /// Someone else changed the field meanwhile; nothing was written.
    Conflict(String),
}

impl ConsultationView {
    /// Load the consultation with `key` and select its current stage.
    pub fn open(store: &Store, key: &str) -> Result<ConsultationView, StoreError> {
        let consultation = store.consultation(key)?.ok_or_else(|| StoreError::NoConsultation(key.to_string()))?;
        let questionnaire = store.questionnaire_of(&consultation)?;
        let mut view = ConsultationView {
            consultation,
            zone: store.clock().zone(),
            lang: None,
            questionnaire,
            stages: Vec::new(),
            stage: 0,
            rows: Vec::new(),
            cursor: Cursor::default(),
            responses: HashMap::new(),
            item_counts: HashMap::new(),
            question_items: Vec::new(),
            pane: Pane::Questions,
            field: DialogueField::Answer,
            editing: None,
            answering: None,
            meeting: None,
            meeting_open: false,
            meeting_field: MeetingField::Notes,
            guidance_open: false,
            overlay_scroll: 0,
            conflicts: Vec::new(),
            history: None,
            standing: Default::default(),
            level_open: false,
            level_history: Vec::new(),
            principle: None,
            past: None,
            full: None,
        };
        view.reload(store)?;
        view.stage = view.stages.iter().position(|s| s.stage == view.consultation.current_stage).unwrap_or(0);
        view.rebuild_rows();
        view.load_question_items(store)?;
        Ok(view)
    }

    /// Re-read everything that may have changed (by us or another process).
    pub fn reload(&mut self, store: &Store) -> Result<(), StoreError> {
        if let Some(c) = store.consultation(&self.consultation.key)? {
            self.consultation = c;
        }
        self.stages = store.stage_statuses(&self.consultation)?;
        self.responses = store.responses(&self.consultation)?;
        let standing = self.questionnaire.standing(&self.consultation.traits, &self.responses);
        if standing.shown != self.standing.shown {
            // An answer showed or hid questions: list them again, staying on the question.
            self.standing = standing;
            let selected = self.selected_question_id();
            self.rebuild_rows();
            if let Some(row) =
                selected.and_then(|id| self.rows.iter().position(|r| *r == ListRow::Question(id.clone())))
            {
                self.cursor.selected = row;
            }
        } else {
            self.standing = standing;
        }
        self.item_counts = store.item_counts_by_question(&self.consultation)?;
        self.meeting = store.running_meeting(&self.consultation)?;
        if self.meeting.is_none() {
            self.meeting_open = false;
        }
        self.stage = self.stage.min(self.stages.len().saturating_sub(1));
        self.load_question_items(store)
    }

    fn load_question_items(&mut self, store: &Store) -> Result<(), StoreError> {
        self.question_items = match self.selected_question_id() {
            Some(id) => store.items_for_question(&self.consultation, &id)?,
            None => Vec::new(),
        };
        Ok(())
    }

    /// The interface's language (English when none was chosen).
    pub fn ui(&self) -> crate::i18n::Lang {
        self.lang.unwrap_or_default()
    }

    /// The language the questionnaire's text is shown in: the interface's, when chosen
    /// (a text without it falls back to the questionnaire's first language, marked), else
    /// the questionnaire's first.
    pub fn language(&self) -> &str {
        match self.lang {
            Some(lang) => lang.code(),
            None => self.questionnaire.language(),
        }
    }

    /// A stage's name as stored (the questionnaire's first language), as this view shows it.
    pub fn shown_stage_name(&self, stored: &str) -> String {
        match self.stages.iter().find(|s| s.name == stored || s.stage == stored) {
            Some(s) => self.questionnaire.stage_name(&s.stage, self.language()),
            None => stored.to_string(),
        }
    }

    pub fn selected_stage(&self) -> Option<&StageStatus> {
        self.stages.get(self.stage)
    }

    pub fn meeting_id(&self) -> Option<&str> {
        self.meeting.as_ref().map(|m| m.id.as_str())
    }

    /// The questions of the chosen stage that apply to the service (and serve the chosen
    /// principle), under their section (see [`rows::rows`]).
    pub fn rebuild_rows(&mut self) {
        let stage = self.selected_stage().map(|s| s.stage.clone()).unwrap_or_default();
        let questions = self.standing.shown_in(&self.questionnaire, &stage);
        self.rows = rows::rows(&self.questionnaire, &stage, &questions, self.language(), self.principle.as_deref());
        self.cursor = Cursor::default();
        self.settle(true);
    }

    pub fn selected_question_id(&self) -> Option<String> {
        match self.rows.get(self.cursor.selected) {
            Some(ListRow::Question(id)) => Some(id.clone()),
            _ => None,
        }
    }

    pub fn response(&self, question_id: &str) -> Option<&Response> {
        self.responses.get(question_id)
    }

    pub fn assessment(&self, question_id: &str) -> Assessment {
        self.response(question_id).map_or(Assessment::NotDiscussed, |r| r.assessment)
    }

    /// Start editing a field of the selected question (or of the meeting).
    fn edit(&mut self, target: EditTarget) {
        let text = match &target {
            EditTarget::Response { question_id, field, .. } => {
                self.response(question_id).map(|r| r.text(*field).to_string()).unwrap_or_default()
            }
            EditTarget::Meeting { field, .. } => {
                self.meeting.as_ref().map(|m| m.text(*field).to_string()).unwrap_or_default()
            }
        };
        self.editing = Some((target, Editor::new(&text, false)));
    }

    /// Whether this action would be refused here now (the question's stage is signed off):
    /// the footer does not offer it.
    pub fn refuses(&self, action: &Action) -> bool {
        if !matches!(self.focus(), ViewFocus::Stages | ViewFocus::Questions | ViewFocus::Dialogue) {
            return false;
        }
        self.edits(action) && self.locked().is_some()
            || *action == Action::SignOff && self.is_signed_off()
            || *action == Action::Reopen && !self.is_signed_off()
    }

    /// Whether the action changes the selected question's response (in the panes).
    fn edits(&self, action: &Action) -> bool {
        matches!(action, Action::EditAnswer | Action::EditNotes | Action::Assess(_))
            || (*action == Action::Enter
                && self.pane != Pane::Stages
                && !(self.pane == Pane::Dialogue && self.field == DialogueField::Items))
    }

    /// Why the selected question cannot be changed now, if it cannot.
    fn locked(&self) -> Option<Outcome> {
        let id = self.selected_question_id()?;
        let stage = self.questionnaire.question(&id)?.stage.clone();
        let status = self.stages.iter().find(|s| s.stage == stage)?;
        (status.state == StageState::SignedOff).then(|| {
            Outcome::Error(format!(
                "{} is signed off; {} reopens it to change its answers",
                status.name,
                crate::tui::keys::key_for(crate::tui::keys::Scope::Consultation, &crate::tui::action::Action::Reopen)
            ))
        })
    }

    fn edit_response(&mut self, field: ResponseField) {
        let Some(question_id) = self.selected_question_id() else {
            return;
        };
        let Some(question) = self.questionnaire.question(&question_id) else { return };
        if field == ResponseField::Answer && question.kind.is_structured() {
            self.start_answering(&question_id);
            return;
        }
        let stage = question.stage.clone();
        self.pane = Pane::Dialogue;
        self.field = if field == ResponseField::Answer { DialogueField::Answer } else { DialogueField::Notes };
        self.edit(EditTarget::Response { question_id, stage, field });
    }

    /// Commit the editor's text to its field and close the editor. On failure the editor
    /// stays open with the text, so nothing typed is lost; so it does when someone else
    /// changed the field meanwhile: the text is kept as a draft and both versions wait for
    /// the consultant to choose (see `conflict.rs`).
    pub fn commit(&mut self, store: &mut Store) -> Result<Option<String>, StoreError> {
        let saved = match self.commit_keep_editing(store)? {
            Committed::Conflict(message) => {
                if let Some((target, editor)) = &self.editing {
                    store.save_edit_draft(&self.consultation, &target.draft(), &editor.edit())?;
                }
                return Ok(Some(message));
            }
            Committed::Nothing => None,
            Committed::Saved(message) => Some(message),
        };
        self.editing = None;
        // The text is committed: a failed refresh must not be reported as a failed save.
        match (saved, self.reload(store)) {
            (Some(message), Err(e)) => {
                let error = crate::messages::error(self.ui(), &e);
                Ok(Some(crate::tr!(self.ui(), "status-not-refreshed", message = message, error = error)))
            }
            (saved, _) => Ok(saved),
        }
    }

    /// Commit the editor's text to its field and keep editing (Ctrl-S): the cursor and the
    /// undo history stay. The text goes in only over the value the editor started from.
    fn commit_keep_editing(&mut self, store: &mut Store) -> Result<Committed, StoreError> {
        let meeting_id = self.meeting.as_ref().map(|m| m.id.clone());
        let (ui, meeting_seq) = (self.ui(), self.meeting.as_ref().map_or(0, |m| m.seq));
        let Some((target, editor)) = &mut self.editing else { return Ok(Committed::Nothing) };
        let text = editor.text();
        if !editor.is_changed() {
            if editor.has_draft() {
                store.discard_draft(&self.consultation, &target.draft())?;
                editor.mark_committed(text, Instant::now());
            }
            return Ok(Committed::Nothing);
        }
        let edit = editor.edit();
        let (saved, what) = match target {
            EditTarget::Response { question_id, stage, field } => {
                let question = QuestionRef { id: question_id, stage };
                let saved =
                    store.set_response_text(&self.consultation, question, *field, &edit, meeting_id.as_deref())?;
                let name = crate::i18n::word(ui, *field);
                (saved, crate::tr!(ui, "status-saved-field", field = name, id = question_id.as_str()))
            }
            EditTarget::Meeting { meeting_id, field } => {
                let saved = store.set_meeting_text(&self.consultation, meeting_id, *field, &edit)?;
                (
                    saved,
                    crate::tr!(
                        ui,
                        "status-saved-meeting-field",
                        field = crate::i18n::word(ui, *field),
                        n = meeting_seq
                    ),
                )
            }
        };
        if let Saved::Conflict(conflict) = saved {
            let message = conflict::announce(&conflict, &target.shown(ui), ui);
            self.conflicts.push(PendingConflict {
                target: target.clone(),
                conflict: *conflict,
                left_draft: None,
                team: None,
            });
            return Ok(Committed::Conflict(message));
        }
        editor.mark_committed(text, Instant::now());
        Ok(Committed::Saved(what))
    }

    /// Save the editor's text as a draft if it is due.
    pub fn autosave(&mut self, store: &mut Store, now: Instant) -> Result<(), StoreError> {
        let Some((target, editor)) = &mut self.editing else {
            return Ok(());
        };
        if let Some(text) = editor.due_for_autosave(now) {
            let edit = crate::domain::TextEdit::new(editor.started_from(), text.clone());
            store.save_edit_draft(&self.consultation, &target.draft(), &edit)?;
            editor.mark_saved(text, now);
        }
        Ok(())
    }

    fn outcome_of(ui: crate::i18n::Lang, result: Result<Option<String>, StoreError>) -> Outcome {
        match result {
            Ok(Some(message)) => Outcome::Status(message),
            Ok(None) => Outcome::None,
            Err(e) => Outcome::Error(crate::tr!(ui, "status-not-saved-kept", error = crate::messages::error(ui, &e))),
        }
    }

    fn assess(&mut self, store: &mut Store, assessment: Assessment) -> Outcome {
        let Some(question_id) = self.selected_question_id() else {
            return Outcome::None;
        };
        let stage = self.questionnaire.question(&question_id).map(|q| q.stage.clone()).unwrap_or_default();
        let meeting_id = self.meeting.as_ref().map(|m| m.id.clone());
        let question = QuestionRef { id: &question_id, stage: &stage };
        match store.set_assessment(&self.consultation, question, assessment, meeting_id.as_deref()) {
            Ok(_) => match self.reload(store) {
                Ok(()) => Outcome::Status(crate::tr!(
                    self.ui(),
                    "status-assessed",
                    id = question_id.as_str(),
                    symbol = assessment.symbol(),
                    assessment = crate::i18n::word(self.ui(), assessment)
                )),
                Err(e) => Outcome::Error(crate::messages::error(self.ui(), &e)),
            },
            Err(e) => {
                Outcome::Error(crate::tr!(self.ui(), "status-not-saved", error = crate::messages::error(self.ui(), &e)))
            }
        }
    }

    /// Where the keyboard is in this view: the one place the order of its layers is decided
    /// (a conflict over an editor over an answer over a box being read over the meeting
    /// over the panes).
    pub fn focus(&self) -> ViewFocus {
        if !self.conflicts.is_empty() {
            ViewFocus::Conflict
        } else if self.editing.is_some() {
            ViewFocus::Editor
        } else if let Some(answering) = &self.answering {
            ViewFocus::Answer(answering.scope())
        } else if self.guidance_open
            || self.full.is_some()
            || self.history.is_some()
            || self.level_open
            || self.past.as_ref().is_some_and(|p| p.open.is_some())
        {
            ViewFocus::Reading
        } else if self.past.is_some() {
            ViewFocus::PastMeetings
        } else if self.meeting_open {
            ViewFocus::Meeting
        } else {
            match self.pane {
                Pane::Stages => ViewFocus::Stages,
                Pane::Questions => ViewFocus::Questions,
                Pane::Dialogue => ViewFocus::Dialogue,
            }
        }
    }

    /// Apply an action where the keyboard is. `list_height` is the number of question rows
    /// visible.
    pub fn update(&mut self, action: &Action, store: &mut Store, list_height: usize) -> Outcome {
        match self.focus() {
            ViewFocus::Conflict => self.update_conflict(action, store),
            ViewFocus::Editor => self.update_editing(action, store),
            ViewFocus::Answer(_) => self.update_answering(action, store),
            ViewFocus::Reading if self.past.is_some() => self.update_past_meeting(action),
            ViewFocus::Reading => self.update_reading(action),
            ViewFocus::PastMeetings => self.update_past_meetings(action, store),
            ViewFocus::Meeting => self.update_meeting(action),
            ViewFocus::Stages | ViewFocus::Questions | ViewFocus::Dialogue => {
                self.update_panes(action, store, list_height)
            }
        }
    }

    fn update_reading(&mut self, action: &Action) -> Outcome {
        {
            match action {
                Action::Back => {
                    self.full = None;
                    self.guidance_open = false;
                    self.history = None;
                    self.level_open = false;
                }
                Action::Up | Action::ScrollUp => self.overlay_scroll = self.overlay_scroll.saturating_sub(1),
                Action::Down | Action::ScrollDown => self.overlay_scroll = self.overlay_scroll.saturating_add(1),
                _ => {}
            }
            Outcome::None
        }
    }

    fn update_panes(&mut self, action: &Action, store: &mut Store, list_height: usize) -> Outcome {
        if self.edits(action)
            && let Some(refusal) = self.locked()
        {
            return refusal;
        }
        let result: Result<Outcome, StoreError> = (|| {
            Ok(match action {
                Action::Back => Outcome::Back,
                Action::NextPane | Action::PrevPane => {
                    let order = [Pane::Stages, Pane::Questions, Pane::Dialogue];
                    let i = order.iter().position(|p| *p == self.pane).unwrap_or(1);
                    self.pane = order[if *action == Action::NextPane { (i + 1) % 3 } else { (i + 2) % 3 }];
                    Outcome::None
                }
                Action::PrevStage => {
                    self.select_stage(self.stage.saturating_sub(1), store)?;
                    Outcome::None
                }
                Action::NextStage => {
                    self.select_stage(self.stage + 1, store)?;
                    Outcome::None
                }
                Action::CyclePrinciple => {
                    self.cycle_principle(store)?;
                    Outcome::None
                }
                Action::Guidance => {
                    self.guidance_open = self.selected_question_id().is_some();
                    self.overlay_scroll = 0;
                    Outcome::None
                }
                Action::Level => {
                    if self.questionnaire.scoring.is_none() {
                        return Ok(Outcome::Status(crate::tr!(self.ui(), "level-none")));
                    }
                    self.level_history = store.level_history(&self.consultation)?;
                    self.level_open = true;
                    self.overlay_scroll = 0;
                    Outcome::None
                }
                Action::History => {
                    self.open_history(store)?;
                    // At its end (the newest change); the reader's clamp brings it back to
                    // where the last line shows at the bottom.
                    self.overlay_scroll = u16::MAX;
                    Outcome::None
                }
                Action::EditAnswer => {
                    self.edit_response(ResponseField::Answer);
                    Outcome::None
                }
                Action::EditNotes => {
                    self.edit_response(ResponseField::Notes);
                    Outcome::None
                }
                Action::Assess(a) => self.assess(store, *a),
                Action::RaiseItem => match self.selected_question_id() {
                    Some(question_id) => Outcome::OpenForm(FormRequest::RaiseItem { question_id }),
                    None => Outcome::Error(crate::i18n::t(self.ui(), "status-choose-question")),
                },
                Action::Meeting => match &self.meeting {
                    Some(_) => {
                        self.meeting_open = true;
                        Outcome::None
                    }
                    None => Outcome::OpenForm(FormRequest::StartMeeting),
                },
                Action::Attendees => Outcome::OpenForm(FormRequest::Attendees),
                Action::PastMeetings => self.open_past_meetings(store)?,
                Action::Traits => Outcome::OpenForm(FormRequest::Traits),
                Action::ViewField => self.open_full(),
                Action::EndMeeting => match &self.meeting {
                    Some(m) => Outcome::Confirm(
                        crate::tr!(self.ui(), "meeting-end-question", n = m.seq),
                        crate::tui::outcome::ConfirmAction::EndMeeting(m.id.clone()),
                        crate::tui::outcome::ConfirmAction::Nothing,
                    ),
                    None => Outcome::Error(crate::tr!(
                        self.ui(),
                        "status-no-meeting",
                        key = crate::tui::keys::key_for(
                            crate::tui::keys::Scope::Consultation,
                            &crate::tui::action::Action::Meeting
                        )
                    )),
                },
                Action::SignOff => sign_off::ask(self, store)?,
                Action::Export => Outcome::OpenForm(FormRequest::Export { minutes_of: None }),
                Action::Reopen => Outcome::OpenForm(FormRequest::Reopen),
                Action::Enter => match self.pane {
                    Pane::Stages => {
                        self.pane = Pane::Questions;
                        Outcome::None
                    }
                    Pane::Questions => {
                        self.edit_response(ResponseField::Answer);
                        Outcome::None
                    }
                    Pane::Dialogue => match self.field {
                        DialogueField::Answer => {
                            self.edit_response(ResponseField::Answer);
                            Outcome::None
                        }
                        DialogueField::Notes => {
                            self.edit_response(ResponseField::Notes);
                            Outcome::None
                        }
                        DialogueField::Assessment => {
                            let id = self.selected_question_id().unwrap_or_default();
                            let all = Assessment::ALL;
                            let i = all.iter().position(|a| *a == self.assessment(&id)).unwrap_or(0);
                            self.assess(store, all[(i + 1) % all.len()])
                        }
                        // The question's item opens; with none yet, a new one is raised (`i`
                        // always raises one).
                        DialogueField::Items => match (self.question_items.first(), self.selected_question_id()) {
                            (Some(item), _) => Outcome::OpenForm(FormRequest::EditItem(Box::new(item.clone()))),
                            (None, Some(question_id)) => Outcome::OpenForm(FormRequest::RaiseItem { question_id }),
                            (None, None) => Outcome::None,
                        },
                    },
                },
                other => {
                    match self.pane {
                        // The rail runs across the screen: ← and → move along it; ↑ and ↓ do
                        // nothing there (a stage changed by ↓ once took text meant for another).
                        Pane::Stages => match other {
                            Action::Left => self.select_stage(self.stage.saturating_sub(1), store)?,
                            Action::Right => self.select_stage(self.stage + 1, store)?,
                            _ => {}
                        },
                        Pane::Questions => {
                            let before = self.cursor.selected;
                            if self.cursor.apply(other, self.rows.len(), list_height) {
                                let forward = self.cursor.selected >= before;
                                self.settle(forward);
                                self.cursor.clamp(self.rows.len(), list_height);
                                if self.cursor.selected != before {
                                    self.load_question_items(store)?;
                                }
                            }
                        }
                        Pane::Dialogue => match other {
                            Action::Up | Action::ScrollUp => self.field = self.field.step(false),
                            Action::Down | Action::ScrollDown => self.field = self.field.step(true),
                            _ => {}
                        },
                    }
                    Outcome::None
                }
            })
        })();
        result.unwrap_or_else(|e| Outcome::Error(crate::messages::error(self.ui(), &e)))
    }

    fn update_editing(&mut self, action: &Action, store: &mut Store) -> Outcome {
        let Some((target, editor)) = &mut self.editing else {
            return Outcome::None;
        };
        match action {
            Action::Input(key) => {
                editor.input(*key);
                Outcome::None
            }
            Action::Paste(text) => {
                editor.paste(text);
                Outcome::None
            }
            Action::Save => match self.commit_keep_editing(store) {
                Ok(Committed::Nothing) => Outcome::None,
                Ok(Committed::Saved(message)) => match self.reload(store) {
                    Ok(()) => Outcome::Status(message),
                    Err(e) => {
                        let error = crate::messages::error(self.ui(), &e);
                        Outcome::Status(crate::tr!(self.ui(), "status-not-refreshed", message = message, error = error))
                    }
                },
                Ok(Committed::Conflict(message)) => {
                    let kept = match &self.editing {
                        Some((target, editor)) => {
                            store.save_edit_draft(&self.consultation, &target.draft(), &editor.edit())
                        }
                        None => Ok(()),
                    };
                    match kept {
                        Ok(()) => Outcome::Status(message),
                        Err(e) => {
                            let error = crate::messages::error(self.ui(), &e);
                            Outcome::Error(crate::tr!(
                                self.ui(),
                                "status-conflict-not-kept",
                                message = message,
                                error = error
                            ))
                        }
                    }
                }
                Err(e) => Self::outcome_of(self.ui(), Err(e)),
            },
            Action::Back => {
                let outcome = Self::outcome_of(self.ui(), self.commit(store));
                // Leaving an editor returns to the question list, where ↑/↓ move between
                // questions; a meeting field returns to the meeting panel.
                if self.editing.is_none() && !self.meeting_open {
                    self.pane = Pane::Questions;
                }
                outcome
            }
            Action::NextPane | Action::PrevPane => {
                // Tab moves between the answer and the notes of the same question.
                let next = match target {
                    EditTarget::Response { field: ResponseField::Answer, .. } => Some(ResponseField::Notes),
                    EditTarget::Response { field: ResponseField::Notes, .. } => Some(ResponseField::Answer),
                    EditTarget::Meeting { .. } => None,
                };
                let is_meeting = matches!(target, EditTarget::Meeting { .. });
                let outcome = Self::outcome_of(self.ui(), self.commit(store));
                if self.editing.is_none() {
                    if let Some(field) = next {
                        self.edit_response(field);
                    } else if is_meeting {
                        self.meeting_field = meeting::step(self.meeting_field, *action == Action::NextPane);
                        self.edit_meeting_field();
                    }
                }
                outcome
            }
            _ => Outcome::None,
        }
    }

    /// Questions of the selected stage that count (apply to the service), and how many are
    /// assessed: the same numbers the rail shows.
    pub fn stage_progress(&self) -> (i64, i64) {
        self.selected_stage().map_or((0, 0), |s| (s.assessed, s.questions))
    }

    pub fn is_signed_off(&self) -> bool {
        self.selected_stage().is_some_and(|s| s.state == StageState::SignedOff)
    }
}
