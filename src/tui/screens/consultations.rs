//! The consultations screen: every service under consultation, where it stands; `/` filters
//! as you type (in SQL), `n` opens a consultation, Enter opens one. Only the rows on screen
//! are read, so the list costs the same at ten consultations or ten thousand.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Widget, Wrap};

use crate::storage::{ConsultationSummary, Store, StoreError};
use crate::text::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keys::{self, Scope};
use crate::tui::patience::Patience;
use crate::tui::theme::Theme;
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::paged_table::{self, Page};

#[derive(Default)]
pub struct ConsultationsScreen {
    /// The language the screen speaks.
    pub lang: crate::i18n::Lang,
    /// Stage names in that language, by questionnaire and stage id (the stored name is in
    /// the questionnaire's first language).
    pub stage_names: std::collections::HashMap<(String, String), String>,
    /// The rows on screen, of the `total` that match the filter.
    pub page: Page<ConsultationSummary>,
    pub total: usize,
    pub cursor: Cursor,
    /// The filter being typed, while `/` is active.
    pub filter_editor: Option<Editor>,
    /// The filter in force.
    pub filter: String,
    /// Whether the rows shown are from before the filter last changed: their read was
    /// stopped for a key, and `catch_up` reads them again.
    behind: bool,
}

/// Where the parts of the screen go, for drawing and for mapping mouse clicks.
pub struct Areas {
    pub filter: Rect,
    pub table_body: Rect,
    pub table: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [filter, table] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    Areas { filter, table_body: paged_table::body(table), table }
}

impl ConsultationsScreen {
    /// Count the matches and read the visible window, keeping the same consultation
    /// selected (or the one now in its place, if it went) — unless `patience` runs out first:
    /// then the rows shown stay as they were until this is called again between keys
    /// ([`crate::tui::app::App::catch_up`]). After an error nothing is owed: the error is
    /// shown, and the list is not read again until the next change.
    pub fn reload(&mut self, store: &Store, today: &str, height: usize, patience: &Patience) -> Result<(), StoreError> {
        let filter = self.current_filter();
        let selected = self.under_cursor().map(|r| r.key.clone());
        let mut cursor = self.cursor;
        let read = store.interruptible(patience.stop(), |s| {
            let total = match &selected {
                Some(key) => {
                    let (before, total) = s.consultation_position(&filter, key)?;
                    cursor.selected = before;
                    total
                }
                None => s.count_consultations(&filter)?,
            };
            cursor.clamp(total, height);
            Ok((total, s.consultations_page(today, &filter, cursor.offset, Some(height.max(1)))?))
        });
        match read {
            Ok((total, rows)) => {
                self.cursor = cursor;
                self.total = total;
                self.page.show(rows, cursor.offset);
                self.behind = false;
            }
            Err(StoreError::Interrupted) => self.behind = true,
            Err(e) => {
                self.behind = false;
                return Err(e);
            }
        }
        Ok(())
    }

    /// Whether the rows shown are still to be read for the filter typed.
    pub fn is_behind(&self) -> bool {
        self.behind
    }

    /// The count shown in the header.
    pub fn total_label(&self) -> String {
        if self.behind { crate::i18n::t(self.lang, "searching") } else { self.total.to_string() }
    }

    fn fetch(&mut self, store: &Store, today: &str, height: usize) -> Result<(), StoreError> {
        let filter = self.current_filter();
        let rows = store.consultations_page(today, &filter, self.cursor.offset, Some(height.max(1)))?;
        self.page.show(rows, self.cursor.offset);
        Ok(())
    }

    /// The consultation under the cursor; none while the rows shown are from before the
    /// filter changed, so that Enter never opens a row about to go.
    pub fn selected(&self) -> Option<&ConsultationSummary> {
        if self.behind { None } else { self.under_cursor() }
    }

    fn under_cursor(&self) -> Option<&ConsultationSummary> {
        self.page.under(&self.cursor)
    }

    pub fn is_typing(&self) -> bool {
        self.filter_editor.is_some()
    }

    /// The filter as typed so far (or in force).
    pub fn current_filter(&self) -> String {
        self.filter_editor.as_ref().map_or_else(|| self.filter.clone(), |e| e.text())
    }

    /// Apply an action, reading from `store` what it brings on screen as far as `patience`
    /// allows.
    pub fn update(
        &mut self,
        action: &Action,
        store: &Store,
        today: &str,
        height: usize,
        patience: &Patience,
    ) -> Result<(), StoreError> {
        if self.update_filter(action, height) || self.behind {
            self.reload(store, today, height, patience)?;
        } else if self.page.is_elsewhere(&self.cursor) {
            self.fetch(store, today, height)?;
        }
        Ok(())
    }

    /// Returns true when the filter changed.
    fn update_filter(&mut self, action: &Action, height: usize) -> bool {
        if let Some(editor) = &mut self.filter_editor {
            match action {
                Action::Back => {
                    self.filter_editor = None;
                    self.filter.clear();
                    return true;
                }
                Action::Save | Action::NextPane | Action::PrevPane => {
                    self.filter = editor.text();
                    self.filter_editor = None;
                }
                Action::Input(key) if key.code == ratatui::crossterm::event::KeyCode::Enter => {
                    self.filter = editor.text();
                    self.filter_editor = None;
                }
                Action::Input(key) => {
                    editor.input(*key);
                    return true;
                }
                Action::Paste(text) => {
                    editor.paste(text);
                    return true;
                }
                _ => {}
            }
            return false;
        }
        match action {
            Action::Filter => self.filter_editor = Some(Editor::new(&self.filter, true)),
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                return true;
            }
            other => {
                self.cursor.apply(other, self.total, height);
            }
        }
        false
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let areas = areas(area);
        let text = |id: &str| crate::i18n::t(self.lang, id);
        let filter_label = format!("{} ", text("list-filter"));
        let filter_line = match &self.filter_editor {
            Some(editor) => {
                Span::styled(filter_label.clone(), theme.key()).render(areas.filter, buf);
                let at = unicode_width::UnicodeWidthStr::width(filter_label.as_str()) as u16;
                let input =
                    Rect { x: areas.filter.x + at, width: areas.filter.width.saturating_sub(at), ..areas.filter };
                editor.render(input, buf);
                None
            }
            None if self.filter.is_empty() => Some(Line::styled(
                keys::hint_line(self.lang, Scope::Consultations, &[Action::Filter, Action::New]),
                theme.dim(),
            )),
            None => Some(Line::from(vec![
                Span::styled(filter_label, theme.key()),
                Span::raw(sanitize_line(&self.filter).into_owned()),
                Span::styled(
                    match self.behind {
                        true => format!(
                            "  {}",
                            crate::tr!(
                                self.lang,
                                "list-filter-searching",
                                clear = keys::hint(self.lang, Scope::Consultations, &Action::Back)
                            )
                        ),
                        false => format!(
                            "  {}",
                            crate::tr!(
                                self.lang,
                                "list-filter-shown",
                                n = self.total,
                                clear = keys::hint(self.lang, Scope::Consultations, &Action::Back)
                            )
                        ),
                    },
                    theme.dim(),
                ),
            ])),
        };
        if let Some(line) = filter_line {
            line.render(areas.filter, buf);
        }

        if self.total == 0 || self.page.rows.is_empty() && self.behind {
            let text = if self.behind {
                vec![Line::styled(text("list-searching"), theme.dim())]
            } else if self.current_filter().is_empty() {
                let press = text("list-press");
                let mut keys = Vec::new();
                if !press.is_empty() {
                    keys.push(Span::raw(format!("{press} ")));
                }
                keys.push(Span::styled(keys::key_for(Scope::Consultations, &Action::New), theme.key()));
                keys.push(Span::raw(format!(" {}", text("list-to-open"))));
                vec![
                    Line::from(text("list-none-yet")),
                    Line::from(""),
                    Line::from(keys),
                    Line::from(text("list-or-shell")),
                    Line::styled(format!("  {}", text("list-shell-example")), theme.key()),
                ]
            } else {
                vec![Line::from(text("list-no-match"))]
            };
            Paragraph::new(text).wrap(Wrap { trim: false }).render(areas.table, buf);
            return;
        }
        let header = Row::new(
            [
                "screen-col-key",
                "screen-col-name",
                "screen-col-team",
                "screen-col-stage",
                "screen-col-done",
                "screen-col-open",
                "screen-col-late",
            ]
            .map(text),
        );
        let rows = self.page.rows.iter().map(|c| {
            let late = if c.overdue_items > 0 { format!("⚠ {}", c.overdue_items) } else { "0".to_string() };
            let late = Cell::from(late).style(if c.overdue_items > 0 { theme.warning() } else { theme.dim() });
            Row::new(vec![
                Cell::from(c.key.clone()),
                Cell::from(sanitize_line(&c.name).into_owned()),
                Cell::from(sanitize_line(&c.team).into_owned()),
                Cell::from(sanitize_line(stage_name(&self.stage_names, c)).into_owned()),
                Cell::from(format!("{}/{}", c.assessed, c.questions)),
                Cell::from(c.open_items.to_string()),
                late,
            ])
        });
        let key_width = self.page.rows.iter().map(|c| c.key.len()).max().unwrap_or(0).max(3) as u16;
        let widths = [
            Constraint::Length(key_width),
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Fill(2),
            Constraint::Length(5),
            Constraint::Length(4),
            Constraint::Length(5),
        ];
        // Rows from before the filter changed are dimmed until the new ones are read.
        paged_table::render(areas.table, buf, theme, &self.page, &self.cursor, header, rows, &widths, self.behind);
    }
}

/// Where `c` stands, in the screen's language when it is known.
pub fn stage_name<'a>(
    names: &'a std::collections::HashMap<(String, String), String>,
    c: &'a ConsultationSummary,
) -> &'a str {
    names.get(&(c.questionnaire_id.clone(), c.current_stage.clone())).map_or(&c.current_stage_name, String::as_str)
}
