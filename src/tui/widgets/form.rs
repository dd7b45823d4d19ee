//! A form: labelled fields (text, choice, toggles) in a centred box.
//!
//! The form only collects values and moves focus; what a submitted form does is up to the
//! screen that opened it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::editor::Editor;
use crate::text::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keys::{self, Scope};
use crate::tui::theme::Theme;

pub enum FieldKind {
    /// Free text; `rows` lines tall (1 for a single-line field).
    Text { editor: Box<Editor>, rows: u16 },
    /// One of several options (value, label).
    Choice { options: Vec<(String, String)>, index: usize, initial: usize },
    /// Any number of options switched on or off.
    Toggles { options: Vec<(String, String)>, on: Vec<bool>, cursor: usize },
}

pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    /// Letters typed into it are written in capitals (consultation keys).
    pub capitals: bool,
}

impl Field {
    pub fn line(name: impl Into<String>, label: impl Into<String>, value: &str) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            kind: FieldKind::Text { editor: Box::new(Editor::new(value, true)), rows: 1 },
            capitals: false,
        }
    }

    /// The field with letters typed into it written in capitals.
    pub fn in_capitals(self) -> Field {
        Field { capitals: true, ..self }
    }

    pub fn text(name: impl Into<String>, label: impl Into<String>, value: &str, rows: u16) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            kind: FieldKind::Text { editor: Box::new(Editor::new(value, false)), rows },
            capitals: false,
        }
    }

    pub fn choice(
        name: impl Into<String>,
        label: impl Into<String>,
        options: Vec<(String, String)>,
        index: usize,
    ) -> Field {
        let index = index.min(options.len().saturating_sub(1));
        Field {
            name: name.into(),
            label: label.into(),
            kind: FieldKind::Choice { options, index, initial: index },
            capitals: false,
        }
    }

    pub fn toggles(name: impl Into<String>, label: impl Into<String>, options: Vec<(String, String)>) -> Field {
        let on = vec![false; options.len()];
        Field {
            name: name.into(),
            label: label.into(),
            kind: FieldKind::Toggles { options, on, cursor: 0 },
            capitals: false,
        }
    }

    /// Rows the field's content takes at `width` (its label aside).
    fn rows(&self, width: u16) -> u16 {
        match &self.kind {
            FieldKind::Text { rows, .. } => *rows,
            FieldKind::Choice { .. } => 1,
            // The options wrap: the field grows with them (a questionnaire with many traits).
            FieldKind::Toggles { options, .. } => {
                let text: String =
                    options.iter().map(|o| format!("[ ] {}  ", sanitize_line(&o.1))).collect::<Vec<_>>().concat();
                let rows = Paragraph::new(text).wrap(Wrap { trim: false }).line_count(width.max(1));
                u16::try_from(rows).unwrap_or(u16::MAX).max(1)
            }
        }
    }

    fn is_changed(&self) -> bool {
        match &self.kind {
            FieldKind::Text { editor, .. } => editor.is_changed(),
            FieldKind::Choice { index, initial, .. } => index != initial,
            FieldKind::Toggles { on, .. } => on.iter().any(|b| *b),
        }
    }
}

/// What the screen should do after the form handled an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Stay,
    Submit,
    /// Leave without asking: nothing was typed.
    Cancel,
    /// Something was typed: ask before throwing it away.
    ConfirmCancel,
}

pub struct Form {
    pub title: String,
    /// Read-only lines shown above the fields (context, prefilled values).
    pub notes: Vec<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last submit was refused.
    pub error: Option<String>,
    /// The language of the form's own words (its footer).
    pub lang: crate::i18n::Lang,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form { title: title.into(), notes: Vec::new(), fields, focus: 0, error: None, lang: Default::default() }
    }

    /// Replace the notes after the first `keep` (those the form opened with) by `lines`:
    /// what the choices made so far come to.
    pub fn set_live_notes(&mut self, keep: usize, lines: Vec<String>) {
        self.notes.truncate(keep);
        self.notes.extend(lines);
    }

    pub fn with_notes(mut self, notes: Vec<String>) -> Form {
        self.notes = notes;
        self
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Show `error`, with the focus on the field it names (the first field whose name is a
    /// word of it: "a due date …" is the due field's; else the first whose label's first
    /// word is: "기한: …" is the field labelled "기한 (YYYY-MM-DD)"), so the fix starts where
    /// the fault is.
    pub fn refuse(&mut self, error: String) {
        let words: Vec<String> =
            error.to_lowercase().split(|c: char| !c.is_alphanumeric()).map(str::to_string).collect();
        let first_word = |label: &str| {
            label.to_lowercase().split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).map(str::to_string)
        };
        let named = self.fields.iter().position(|f| words.contains(&f.name));
        let labelled = || self.fields.iter().position(|f| first_word(&f.label).is_some_and(|w| words.contains(&w)));
        if let Some(i) = named.or_else(labelled) {
            self.focus = i;
        }
        self.error = Some(error);
    }

    pub fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.name == name)
    }

    /// A text field's value (trimmed), or a choice's value; empty if there is no such field.
    pub fn value(&self, name: &str) -> String {
        match self.field(name).map(|f| &f.kind) {
            Some(FieldKind::Text { editor, .. }) => editor.text().trim().to_string(),
            Some(FieldKind::Choice { options, index, .. }) => {
                options.get(*index).map(|o| o.0.clone()).unwrap_or_default()
            }
            Some(FieldKind::Toggles { .. }) | None => String::new(),
        }
    }

    /// Replace a text field's value.
    pub fn set_text(&mut self, name: &str, value: &str) {
        if let Some(Field { kind: FieldKind::Text { editor, .. }, .. }) = self.field_mut(name) {
            let single = editor.is_single_line();
            **editor = Editor::new(value, single);
        }
    }

    /// The values of the options switched on.
    pub fn toggled(&self, name: &str) -> Vec<String> {
        match self.field(name).map(|f| &f.kind) {
            Some(FieldKind::Toggles { options, on, .. }) => {
                options.iter().zip(on).filter(|(_, on)| **on).map(|(o, _)| o.0.clone()).collect()
            }
            _ => Vec::new(),
        }
    }

    pub fn is_changed(&self) -> bool {
        self.fields.iter().any(Field::is_changed)
    }

    /// Whether one field differs from the value it opened with.
    pub fn field_changed(&self, name: &str) -> bool {
        self.field(name).is_some_and(Field::is_changed)
    }

    /// The fields' values as JSON (text and choices as strings, toggles as arrays), for
    /// autosaving an unfinished form.
    pub fn to_json(&self) -> String {
        let values: serde_json::Map<String, serde_json::Value> = self
            .fields
            .iter()
            .map(|f| {
                let value = match &f.kind {
                    FieldKind::Toggles { .. } => serde_json::json!(self.toggled(&f.name)),
                    FieldKind::Text { editor, .. } => serde_json::json!(editor.text()),
                    FieldKind::Choice { .. } => serde_json::json!(self.value(&f.name)),
                };
                (f.name.clone(), value)
            })
            .collect();
        serde_json::Value::Object(values).to_string()
    }

    /// Put back values saved by [`Form::to_json`]; unknown names and options are ignored.
    pub fn restore_json(&mut self, json: &str) {
        let Ok(serde_json::Value::Object(values)) = serde_json::from_str::<serde_json::Value>(json) else { return };
        for field in &mut self.fields {
            let Some(value) = values.get(&field.name) else { continue };
            match (&mut field.kind, value) {
                (FieldKind::Text { editor, .. }, serde_json::Value::String(text)) => {
                    **editor = Editor::new("", editor.is_single_line());
                    editor.paste(text);
                }
                (FieldKind::Choice { options, index, .. }, serde_json::Value::String(chosen)) => {
                    if let Some(i) = options.iter().position(|o| o.0 == *chosen) {
                        *index = i;
                    }
                }
                (FieldKind::Toggles { options, on, .. }, serde_json::Value::Array(chosen)) => {
                    for (option, on) in options.iter().zip(on.iter_mut()) {
                        *on = chosen.iter().any(|c| c.as_str() == Some(option.0.as_str()));
                    }
                }
                _ => {}
            }
        }
    }

    /// Text fields take the keyboard; elsewhere the form's keys apply.
    pub fn scope(&self) -> Scope {
        match self.fields.get(self.focus).map(|f| &f.kind) {
            Some(FieldKind::Text { .. }) => Scope::Typing,
            _ => Scope::Form,
        }
    }

    /// Where the focused text field's insertion point was drawn, if a text field has focus.
    pub fn caret(&self) -> Option<ratatui::layout::Position> {
        match self.fields.get(self.focus).map(|f| &f.kind) {
            Some(FieldKind::Text { editor, .. }) => editor.caret(),
            _ => None,
        }
    }

    fn focused_text(&mut self) -> Option<&mut Editor> {
        match self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            Some(FieldKind::Text { editor, .. }) => Some(editor.as_mut()),
            _ => None,
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward { (self.focus + 1) % n } else { (self.focus + n - 1) % n };
    }

    pub fn handle(&mut self, action: &Action) -> FormOutcome {
        match action {
            Action::NextPane => self.move_focus(true),
            Action::PrevPane => self.move_focus(false),
            Action::Save => return FormOutcome::Submit,
            Action::Back => {
                return if self.is_changed() { FormOutcome::ConfirmCancel } else { FormOutcome::Cancel };
            }
            Action::Left | Action::Right | Action::Toggle => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    match &mut field.kind {
                        FieldKind::Choice { options, index, .. } if !options.is_empty() => {
                            let n = options.len();
                            *index = if *action == Action::Left { (*index + n - 1) % n } else { (*index + 1) % n };
                        }
                        FieldKind::Toggles { options, on, cursor } if !options.is_empty() => {
                            let n = options.len();
                            match action {
                                Action::Toggle => on[*cursor] = !on[*cursor],
                                Action::Left => *cursor = (*cursor + n - 1) % n,
                                _ => *cursor = (*cursor + 1) % n,
                            }
                        }
                        _ => {}
                    }
                }
            }
            Action::Input(key) => {
                use ratatui::crossterm::event::KeyCode;
                let is_enter = key.code == KeyCode::Enter;
                let last = self.focus + 1 == self.fields.len();
                let capitals = self.fields.get(self.focus).is_some_and(|f| f.capitals);
                let mut key = *key;
                if capitals && let KeyCode::Char(c) = key.code {
                    key.code = KeyCode::Char(c.to_ascii_uppercase());
                }
                if let Some(editor) = self.focused_text() {
                    // Enter moves on; it never submits (Ctrl-S does), so a syllable an input
                    // method is still composing is never sent half-made.
                    if is_enter && editor.is_single_line() {
                        if !last {
                            self.move_focus(true);
                        }
                    } else {
                        editor.input(key);
                    }
                }
            }
            Action::Paste(text) => {
                if let Some(editor) = self.focused_text() {
                    editor.paste(text);
                }
            }
            _ => {}
        }
        FormOutcome::Stay
    }

    /// Rows the form wants, borders included.
    fn wanted_height(&self, width: u16) -> u16 {
        let fields: u16 = self.fields.iter().map(|f| f.rows(width) + 1).sum();
        // Notes wrap inside the border, two columns wider than the fields' content.
        let notes: u16 = self.notes.iter().map(|n| super::wrapped_rows(&sanitize_line(n), width + 2, true)).sum();
        fields + notes + u16::from(!self.notes.is_empty()) + 2 + 2
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = area.width.saturating_sub(2).min(76);
        // The fields' content is indented by two inside the border.
        let content_width = width.saturating_sub(4);
        let height = self.wanted_height(content_width).min(area.height);
        let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(area);
        let [popup] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(popup);
        super::clear_overlay(popup, buf);
        let block = theme.block().title(format!(" {} ", sanitize_line(&self.title))).title_style(theme.title());
        let inner = block.inner(popup);
        block.render(popup, buf);

        let mut y = inner.y;
        // An error wraps over up to three lines at the foot, so it is read whole.
        let footer_text = match &self.error {
            Some(error) => format!("✗ {}", sanitize_line(error)),
            None => {
                let scope = if self.scope() == Scope::Typing { Scope::FormTyping } else { Scope::Form };
                keys::hint_line(self.lang, scope, &[Action::NextPane, Action::Save, Action::Back])
            }
        };
        let footer_width = super::wrap_width(&footer_text, inner.width);
        let footer_par = Paragraph::new(footer_text)
            .style(if self.error.is_some() { theme.warning() } else { theme.dim() })
            .wrap(Wrap { trim: true });
        let footer_rows = u16::try_from(footer_par.line_count(footer_width)).unwrap_or(1).clamp(1, 3);
        let bottom = inner.bottom().saturating_sub(footer_rows + 1);
        // The notes give way to the focused field: it keeps its label and a line of text.
        let heights: Vec<u16> = self.fields.iter().map(|f| f.rows(content_width) + 1).collect();
        // (Toggles keep every row: an option out of sight cannot be seen to be ticked.)
        let keeps = match self.fields.get(self.focus).map(|f| &f.kind) {
            Some(FieldKind::Toggles { .. }) => u16::MAX,
            _ => 2,
        };
        let focused_height = heights.get(self.focus).copied().unwrap_or(0).min(keeps);
        let notes_bottom = bottom.saturating_sub(focused_height);
        // Each note wraps; one cut short says how many lines it and the others lost.
        for (i, note) in self.notes.iter().enumerate() {
            if y >= notes_bottom {
                break;
            }
            let note = sanitize_line(note);
            let rows = super::wrapped_rows(&note, inner.width, true);
            let room = notes_bottom - y;
            let hidden: u16 =
                self.notes[i + 1..].iter().map(|n| super::wrapped_rows(&sanitize_line(n), inner.width, true)).sum();
            let area = Rect::new(inner.x, y, inner.width, rows.min(room));
            let after = if rows >= room { hidden } else { 0 };
            super::render_cut(&note, after, (theme.dim(), theme.dim()), "", area, buf, self.lang);
            y += rows.min(room);
        }
        if !self.notes.is_empty() && y < notes_bottom {
            y += 1;
        }
        // Scroll whole fields so the focused one is visible.
        let room = bottom.saturating_sub(y);
        let mut first = 0;
        while first < self.focus && heights[first..=self.focus].iter().sum::<u16>() > room {
            first += 1;
        }
        // The fields past the last one drawn, for the sign on the lower border.
        let mut below = 0;
        for (i, field) in self.fields.iter().enumerate().skip(first) {
            let focused = i == self.focus;
            // A focused text box taller than the room left shows what fits (its editor
            // keeps the caret in sight).
            let rows = field.rows(content_width);
            let rows = if focused { rows.min(bottom.saturating_sub(y + 1)).max(1) } else { rows };
            if y + 1 + rows > bottom {
                below = self.fields.len() - i;
                break;
            }
            let marker = if focused { theme.marker() } else { "  " };
            let label_style = if focused { theme.key() } else { theme.header() };
            Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(sanitize_line(&field.label).into_owned(), label_style),
            ])
            .render(Rect::new(inner.x, y, inner.width, 1), buf);
            let content = Rect::new(inner.x + 2, y + 1, inner.width.saturating_sub(2), rows);
            match &field.kind {
                FieldKind::Text { editor, .. } => {
                    if focused {
                        editor.render(content, buf);
                    } else {
                        let text = editor.text();
                        let text = if text.is_empty() { "—".to_string() } else { text };
                        Paragraph::new(crate::text::sanitize_block(&text).into_owned())
                            .wrap(Wrap { trim: false })
                            .render(content, buf);
                    }
                }
                FieldKind::Choice { options, index, .. } => {
                    let label = options.get(*index).map(|o| o.1.as_str()).unwrap_or("");
                    let text = format!("◀ {} ▶  ({}/{})", sanitize_line(label), index + 1, options.len());
                    let style = if focused { theme.selected() } else { Default::default() };
                    Span::styled(text, style).render(content, buf);
                }
                FieldKind::Toggles { options, on, cursor } => {
                    let mut spans = Vec::new();
                    for (j, (option, on)) in options.iter().zip(on).enumerate() {
                        let mark = if *on { "[x] " } else { "[ ] " };
                        let style = if focused && j == *cursor { theme.selected() } else { Default::default() };
                        spans.push(Span::styled(format!("{mark}{}", sanitize_line(&option.1)), style));
                        spans.push(Span::raw("  "));
                    }
                    if options.is_empty() {
                        spans.push(Span::styled(crate::tr!(self.lang, "form-no-options"), theme.dim()));
                    }
                    Paragraph::new(Line::from(spans)).wrap(Wrap { trim: false }).render(content, buf);
                }
            }
            y += rows + 1;
        }
        let footer = Rect::new(inner.x, inner.bottom().saturating_sub(footer_rows), footer_width, footer_rows);
        footer_par.render(footer, buf);
        // Fields scrolled out of sight are counted on the border, above and below.
        for (hidden, row, arrow) in [(first, popup.y, "↑"), (below, popup.bottom().saturating_sub(1), "↓")] {
            if hidden > 0 && popup.height > 2 {
                let sign = format!(" {arrow} {} ", crate::tr!(self.lang, "form-more-fields", n = hidden));
                let width = u16::try_from(unicode_width::UnicodeWidthStr::width(sign.as_str())).unwrap_or(u16::MAX);
                let x = popup.right().saturating_sub(width + 1).max(popup.x + 1);
                Span::styled(sign, theme.dim()).render(Rect::new(x, row, popup.right().saturating_sub(x + 1), 1), buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn a_toggles_field_grows_with_its_options() {
        let options: Vec<(String, String)> =
            (1..=12).map(|n| (format!("t{n}"), format!("특성 {n} | trait number {n}"))).collect();
        let form = Form::new("New", vec![Field::toggles("traits", "Traits", options)]);
        let area = Rect::new(0, 0, 80, 22);
        let mut buf = Buffer::empty(area);
        form.render(area, &mut buf, &Theme::plain());
        let screen: String = (0..area.height)
            .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
            .collect();
        for n in [1, 12] {
            assert!(screen.contains(&format!("trait number {n} ")), "option {n} shows:\n{screen}");
        }
    }

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle(&Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        }
    }

    fn options(values: &[&str]) -> Vec<(String, String)> {
        values.iter().map(|v| (v.to_string(), v.to_uppercase())).collect()
    }

    #[test]
    fn fields_collect_values_and_enter_moves_on_but_only_ctrl_s_submits() {
        let mut form = Form::new(
            "t",
            vec![
                Field::line("title", "Title", ""),
                Field::choice("p", "Priority", options(&["low", "high"]), 0),
                Field::line("owner", "Owner", ""),
            ],
        );
        assert_eq!(form.scope(), Scope::Typing);
        typed(&mut form, "제목 | x");
        let enter = Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(form.handle(&enter), FormOutcome::Stay);
        assert_eq!(form.scope(), Scope::Form);
        form.handle(&Action::Right);
        form.handle(&Action::NextPane);
        typed(&mut form, "Lee");
        assert_eq!(form.handle(&enter), FormOutcome::Stay, "Enter never submits: Ctrl-S does");
        assert_eq!(form.handle(&Action::Save), FormOutcome::Submit);
        assert_eq!(form.value("title"), "제목 | x");
        assert_eq!(form.value("p"), "high");
        assert_eq!(form.value("owner"), "Lee");
    }

    #[test]
    fn values_survive_a_round_trip_through_json() {
        let build = || {
            Form::new(
                "t",
                vec![
                    Field::text("detail", "Detail", "", 3),
                    Field::choice("p", "Priority", options(&["low", "high"]), 0),
                    Field::toggles("traits", "Traits", options(&["a", "b"])),
                ],
            )
        };
        let mut form = build();
        typed(&mut form, "줄 | one");
        form.handle(&Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        typed(&mut form, "two");
        form.handle(&Action::NextPane);
        form.handle(&Action::Right);
        form.handle(&Action::NextPane);
        form.handle(&Action::Right);
        form.handle(&Action::Toggle);
        let mut restored = build();
        restored.restore_json(&form.to_json());
        assert_eq!(restored.value("detail"), "줄 | one\ntwo");
        assert_eq!(restored.value("p"), "high");
        assert_eq!(restored.toggled("traits"), ["b"]);
        assert_eq!(restored.to_json(), form.to_json());
    }

    #[test]
    fn cancelling_asks_only_when_something_was_entered() {
        let mut form = Form::new("t", vec![Field::text("notes", "Notes", "", 3)]);
        assert_eq!(form.handle(&Action::Back), FormOutcome::Cancel);
        typed(&mut form, "x");
        assert_eq!(form.handle(&Action::Back), FormOutcome::ConfirmCancel);
    }

    #[test]
    fn toggles_switch_options_under_the_cursor() {
        let mut form = Form::new("t", vec![Field::toggles("traits", "Traits", options(&["a", "b", "c"]))]);
        form.handle(&Action::Toggle); // a on
        form.handle(&Action::Right); // cursor b
        form.handle(&Action::Right); // cursor c
        form.handle(&Action::Toggle); // c on
        form.handle(&Action::Left); // cursor b
        form.handle(&Action::Toggle); // b on
        form.handle(&Action::Toggle); // b off
        assert_eq!(form.toggled("traits"), ["a", "c"]);
    }
}
