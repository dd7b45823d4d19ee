//! Two versions of one field: the one someone else saved while it was being edited here
//! ("theirs") and the one typed here ("mine"). Nothing was overwritten; the consultant
//! sees both and keeps mine, keeps theirs, or merges them in the editor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{ConsultationView, EditTarget};
use crate::domain::{Conflict, QuestionRef, Saved, TextEdit, TextTarget};
use crate::storage::{Store, StoreError, StoredDraft};
use crate::text::{sanitize_block, sanitize_line};
use crate::tui::action::Action;
use crate::tui::outcome::Outcome;
use crate::tui::theme::Theme;
use crate::tui::widgets::editor::Editor;

/// A conflict waiting for the consultant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingConflict {
    pub target: EditTarget,
    pub conflict: Conflict,
    /// The left-behind session's draft it came from, dropped once settled.
    pub left_draft: Option<String>,
    /// Between machines of the team (both versions are stored): the field as the team's
    /// events name it. Settling it replaces every version, here and at the next sync
    /// everywhere.
    pub team: Option<TextTarget>,
}

/// The status line's word on a new conflict.
pub fn announce(conflict: &Conflict, field: &str, lang: crate::i18n::Lang) -> String {
    match conflict.by.as_deref() {
        Some(by) => crate::tr!(lang, "conflict-announce-by", field = field, by = sanitize_line(by)),
        None => crate::tr!(lang, "conflict-announce", field = field),
    }
}

impl ConsultationView {
    /// Left-behind drafts whose fields changed since: shown as conflicts, one after another.
    pub fn add_recovered_conflicts(&mut self, conflicts: Vec<(StoredDraft, Conflict)>) {
        for (draft, conflict) in conflicts {
            let target = match draft.target {
                crate::domain::DraftTarget::Response { question_id, field } => {
                    let stage = self.questionnaire.question(&question_id).map(|q| q.stage.clone()).unwrap_or_default();
                    EditTarget::Response { question_id, stage, field }
                }
                crate::domain::DraftTarget::Meeting { meeting_id, field } => EditTarget::Meeting { meeting_id, field },
                crate::domain::DraftTarget::Form { .. } => continue,
            };
            self.conflicts.push(PendingConflict { target, conflict, left_draft: Some(draft.id), team: None });
        }
    }

    /// Fields of this consultation that two machines of the team changed from the same
    /// version, not shown yet: each waits like any conflict, "mine" being this machine's
    /// version (or the one shown) and "theirs" the other. Items' conflicts are settled with
    /// `chec team conflicts`. Returns how many were added.
    pub fn add_team_conflicts(&mut self, store: &Store) -> Result<usize, StoreError> {
        let device = store.device()?;
        let mut added = 0;
        for c in store.conflicts_of(&self.consultation)? {
            let target = match &c.target {
                TextTarget::Response { question, field } => {
                    let stage = self.questionnaire.question(question).map(|q| q.stage.clone()).unwrap_or_default();
                    EditTarget::Response { question_id: question.clone(), stage, field: *field }
                }
                TextTarget::Meeting { meeting, field } => {
                    EditTarget::Meeting { meeting_id: meeting.clone(), field: *field }
                }
                TextTarget::Item { .. } | TextTarget::Attendees { .. } => continue,
            };
            if self.conflicts.iter().any(|p| p.team.as_ref() == Some(&c.target)) || c.versions.is_empty() {
                continue;
            }
            let last = c.versions.len() - 1;
            let mine_at = c.versions.iter().rposition(|v| v.device == device).unwrap_or(last);
            let others: Vec<_> = c.versions.iter().enumerate().filter(|(i, _)| *i != mine_at).map(|(_, v)| v).collect();
            let theirs = others.iter().map(|v| v.value.trim_end()).collect::<Vec<_>>().join("\n\n");
            let conflict = Conflict {
                field: c.field.clone(),
                started_from: String::new(),
                theirs,
                mine: c.versions[mine_at].value.clone(),
                by: others.last().map(|v| v.author.clone()),
                at: others.last().map(|v| v.at.clone()),
            };
            self.conflicts.push(PendingConflict { target, conflict, left_draft: None, team: Some(c.target) });
            added += 1;
        }
        Ok(added)
    }

    /// Settle a conflict between machines: `text` replaces every version of the field.
    fn settle_team(
        &mut self,
        store: &mut Store,
        pending: &PendingConflict,
        team: &TextTarget,
        action: &Action,
    ) -> Result<Outcome, StoreError> {
        let c = &pending.conflict;
        let ui = self.ui();
        let field = pending.target.shown(ui);
        let (text, said) = match action {
            Action::KeepMine => (c.mine.clone(), "conflict-team-kept-mine"),
            Action::KeepTheirs => (c.theirs.clone(), "conflict-team-kept-theirs"),
            Action::KeepBoth => (c.both(), "conflict-team-both"),
            _ => {
                self.conflicts.remove(0);
                return Ok(Outcome::Status(crate::tr!(ui, "conflict-team-wait", field = field)));
            }
        };
        store.resolve_conflict(&self.consultation, team, &text)?;
        self.conflicts.remove(0);
        self.reload(store)?;
        if *action == Action::KeepBoth {
            // Stored merged; the editor is open on it to be made one.
            self.editing = Some((pending.target.clone(), Editor::resume(&text, &text, false)));
            return Ok(Outcome::Status(crate::tr!(ui, "conflict-team-merge", field = field)));
        }
        Ok(Outcome::Status(crate::tr!(ui, said, field = field)))
    }

    /// While an editor is open: whether the field's stored value changed since the editor
    /// started (someone else saved it), so the consultant hears of it before saving.
    pub fn changed_under_editor(&self) -> Option<String> {
        let (target, editor) = self.editing.as_ref()?;
        let stored = match target {
            EditTarget::Response { question_id, field, .. } => {
                self.response(question_id).map(|r| r.text(*field).to_string()).unwrap_or_default()
            }
            EditTarget::Meeting { field, .. } => self.meeting.as_ref().map(|m| m.text(*field).to_string())?,
        };
        (stored != editor.started_from() && stored != editor.text())
            .then(|| crate::tr!(self.ui(), "conflict-under-editor"))
    }

    /// Keys while a conflict is shown: m keeps mine, t keeps theirs, b merges both in the
    /// editor, Esc goes back to editing mine (saving will ask again).
    pub fn update_conflict(&mut self, action: &Action, store: &mut Store) -> Outcome {
        let Some(pending) = self.conflicts.first().cloned() else { return Outcome::None };
        if let Some(team) = &pending.team {
            if !matches!(action, Action::KeepMine | Action::KeepTheirs | Action::KeepBoth | Action::Back) {
                return Outcome::None;
            }
            return match self.settle_team(store, &pending, team, action) {
                Ok(outcome) => outcome,
                Err(e) => {
                    let error = crate::messages::error(self.ui(), &e);
                    Outcome::Error(crate::tr!(self.ui(), "conflict-not-settled", error = error))
                }
            };
        }
        let result = match action {
            Action::KeepMine => self.keep_mine(store, &pending),
            Action::KeepTheirs => self.keep_theirs(store, &pending),
            Action::KeepBoth => self.merge(store, &pending),
            Action::Back => {
                self.conflicts.remove(0);
                if self.editing.is_none() {
                    // A recovered draft: reopen it in its editor, still over theirs.
                    self.reopen(&pending, &pending.conflict.mine, &pending.conflict.started_from);
                    if let Some(id) = &pending.left_draft {
                        self.drop_left_draft(store, id, &pending);
                    }
                }
                Ok(Outcome::Status(crate::tr!(self.ui(), "conflict-editing-mine")))
            }
            _ => return Outcome::None,
        };
        match result {
            Ok(outcome) => outcome,
            Err(e) => {
                let error = crate::messages::error(self.ui(), &e);
                Outcome::Error(crate::tr!(self.ui(), "conflict-not-saved", error = error))
            }
        }
    }

    fn keep_mine(&mut self, store: &mut Store, pending: &PendingConflict) -> Result<Outcome, StoreError> {
        // The editor may hold more than the draft did when the conflict was found.
        let mine = match &self.editing {
            Some((target, editor)) if *target == pending.target => editor.text(),
            _ => pending.conflict.mine.clone(),
        };
        let edit = pending.conflict.resolve_with(mine.clone());
        match self.save(store, &pending.target, &edit)? {
            Saved::Conflict(again) => {
                // Changed once more while deciding: show the newest theirs.
                self.conflicts[0].conflict = Conflict { mine, ..*again };
                let field = pending.target.shown(self.ui());
                return Ok(Outcome::Status(announce(&self.conflicts[0].conflict, &field, self.ui())));
            }
            Saved::Changed | Saved::Unchanged => {}
        }
        self.settle_conflict(store, pending)?;
        Ok(Outcome::Status(crate::tr!(self.ui(), "conflict-kept-mine", field = pending.target.shown(self.ui()))))
    }

    fn keep_theirs(&mut self, store: &mut Store, pending: &PendingConflict) -> Result<Outcome, StoreError> {
        if matches!(&self.editing, Some((target, _)) if *target == pending.target) {
            store.discard_draft(&self.consultation, &pending.target.draft())?;
        }
        self.settle_conflict(store, pending)?;
        Ok(Outcome::Status(crate::tr!(self.ui(), "conflict-kept-theirs", field = pending.target.shown(self.ui()))))
    }

    fn merge(&mut self, store: &mut Store, pending: &PendingConflict) -> Result<Outcome, StoreError> {
        let mine = match &self.editing {
            Some((target, editor)) if *target == pending.target => editor.text(),
            _ => pending.conflict.mine.clone(),
        };
        let both = Conflict { mine, ..pending.conflict.clone() }.both();
        self.conflicts.remove(0);
        self.reopen(pending, &both, &pending.conflict.theirs);
        if let Some(id) = &pending.left_draft {
            self.drop_left_draft(store, id, pending);
        }
        Ok(Outcome::Status(crate::tr!(self.ui(), "conflict-merge")))
    }

    fn save(&mut self, store: &mut Store, target: &EditTarget, edit: &TextEdit) -> Result<Saved, StoreError> {
        let meeting_id = self.meeting.as_ref().map(|m| m.id.clone());
        match target {
            EditTarget::Response { question_id, stage, field } => {
                let question = QuestionRef { id: question_id, stage };
                store.set_response_text(&self.consultation, question, *field, edit, meeting_id.as_deref())
            }
            EditTarget::Meeting { meeting_id, field } => {
                store.set_meeting_text(&self.consultation, meeting_id, *field, edit)
            }
        }
    }

    /// The conflict is settled: close its editor and drop the draft it came from.
    fn settle_conflict(&mut self, store: &mut Store, pending: &PendingConflict) -> Result<(), StoreError> {
        self.conflicts.remove(0);
        if matches!(&self.editing, Some((target, _)) if *target == pending.target) {
            self.editing = None;
        }
        if let Some(id) = &pending.left_draft {
            store.discard_stored_draft(id)?;
        }
        self.reload(store)
    }

    /// Open the editor on the conflict's field with `text`, over `started_from`, and save it
    /// as this session's draft at once.
    fn reopen(&mut self, pending: &PendingConflict, text: &str, started_from: &str) {
        self.editing = Some((pending.target.clone(), Editor::resume(text, started_from, false)));
    }

    /// A recovered draft now lives in this session's editor: save it as this session's draft
    /// before dropping the left-behind one, so it is never only in memory.
    fn drop_left_draft(&mut self, store: &mut Store, id: &str, pending: &PendingConflict) {
        if let Some((target, editor)) = &self.editing
            && store.save_edit_draft(&self.consultation, &target.draft(), &editor.edit()).is_ok()
        {
            let _ = store.discard_stored_draft(id);
        }
        let _ = pending;
    }

    /// Both versions over the dialogue pane.
    pub(super) fn render_conflict(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some(pending) = self.conflicts.first() else { return };
        let c = &pending.conflict;
        let mine = match &self.editing {
            Some((target, editor)) if *target == pending.target => editor.text(),
            _ => c.mine.clone(),
        };
        let ui = self.ui();
        let theirs = match (&c.by, &c.at) {
            (Some(by), Some(at)) => {
                crate::tr!(ui, "conflict-theirs-by-at", by = sanitize_line(by), at = self.zone.short_stored(at))
            }
            (Some(by), None) => crate::tr!(ui, "conflict-theirs-by", by = sanitize_line(by)),
            _ => crate::tr!(ui, "conflict-theirs"),
        };
        let mut lines = vec![Line::from(Span::styled(theirs, theme.header())), Line::raw("")];
        lines.extend(text_lines(&c.theirs, ui));
        lines.push(Line::raw(""));
        let field = pending.target.shown(ui);
        let (mine_label, title) = match pending.team {
            Some(_) => (
                crate::tr!(ui, "conflict-mine-machine"),
                format!(" {} ", crate::tr!(ui, "conflict-title-team", field = field)),
            ),
            None => (
                crate::tr!(ui, "conflict-mine-typed"),
                format!(" {} ", crate::tr!(ui, "conflict-title", field = field)),
            ),
        };
        lines.push(Line::from(Span::styled(mine_label, theme.header())));
        lines.push(Line::raw(""));
        lines.extend(text_lines(&mine, ui));
        let block = theme.block().title(Span::styled(sanitize_line(&title).into_owned(), theme.title()));
        crate::tui::widgets::clear_overlay(area, buf);
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).render(area, buf);
    }
}

fn text_lines(text: &str, ui: crate::i18n::Lang) -> Vec<Line<'static>> {
    if text.trim().is_empty() {
        return vec![Line::raw(crate::tr!(ui, "conflict-empty"))];
    }
    sanitize_block(text).split('\n').map(|l| Line::raw(l.to_string())).collect()
}
