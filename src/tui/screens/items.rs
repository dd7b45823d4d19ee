//! The items screen: every improvement item across consultations, filtered, sorted and
//! paged in SQL (only the visible rows are read), with the chosen item's detail and history.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Widget};

use crate::domain::{Item, ItemChange, ItemQuery, ItemSort, ItemStatus, Priority, StatusFilter};
use crate::storage::{Store, StoreError};
use crate::text::{sanitize_block, sanitize_line};
use crate::tr;
use crate::tui::action::Action;
use crate::tui::keys::{self, Scope};
use crate::tui::outcome::{FormRequest, Outcome};
use crate::tui::patience::Patience;
use crate::tui::theme::Theme;
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::paged_table::{self, Page};
use unicode_width::UnicodeWidthStr;

/// Which filter is being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFilter {
    Search,
    Owner,
    Consultation,
}

impl TextFilter {
    /// Its message id: the label of the filter being typed.
    fn label(self) -> &'static str {
        match self {
            TextFilter::Search => "items-typing-search",
            TextFilter::Owner => "items-typing-owner",
            TextFilter::Consultation => "items-typing-consultation",
        }
    }
}

/// Matches are counted up to this many at first, and ten times further each time the
/// cursor nears the end of what was counted.
const FIRST_COUNT: usize = 1000;

pub struct ItemsScreen {
    pub query: ItemQuery,
    /// The zone times are shown in.
    pub zone: crate::clock::Zone,
    /// The language of the keys' hints (the rest of the screen is still English).
    pub lang: crate::i18n::Lang,
    /// Stage names by id, from the questionnaires, for the stage column.
    pub stage_names: std::collections::HashMap<String, String>,
    /// Items matching the filters, as far as counted (see `more`).
    pub total: usize,
    /// Whether more items match than `total`.
    pub more: bool,
    counted_up_to: usize,
    /// The rows on screen: up to a table's height of items.
    pub page: Page<Item>,
    pub cursor: Cursor,
    pub typing: Option<(TextFilter, Editor)>,
    /// The chosen item's history, when shown.
    pub history: Option<(String, Vec<ItemChange>)>,
    /// How far the history is scrolled down (kept within it by [`ItemsScreen::clamp_history`]).
    pub history_scroll: u16,
    /// What is still to be read, after a read was stopped to answer a key (see `catch_up`).
    owed: Owed,
}

/// The reads the screen still owes, after a read was stopped to answer a key.
#[derive(Debug, Clone, Default, PartialEq)]
struct Owed {
    /// The rows shown are not the window the cursor is in, or not of the query.
    rows: bool,
    /// The matches are still to be counted.
    count: bool,
    /// The query changed and none of its rows are shown yet: the rows shown are the old
    /// query's, and `total` is its count.
    new_query: bool,
    /// A move waiting for the count: End (which goes to the real end), or a move past what
    /// was counted.
    then: Option<Action>,
}

/// A read's value, or `None` when it was stopped to be finished later.
fn unless_stopped<T>(read: Result<T, StoreError>) -> Result<Option<T>, StoreError> {
    match read {
        Ok(value) => Ok(Some(value)),
        Err(StoreError::Interrupted) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Where the parts of the screen go, for drawing and for mapping mouse clicks.
pub struct Areas {
    pub filters: Rect,
    pub table: Rect,
    pub table_body: Rect,
    pub detail: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let detail_height = if body.height >= 20 { 6 } else { 3 };
    let [filters, table, detail] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(detail_height)]).areas(body);
    Areas { filters, table, table_body: paged_table::body(table), detail }
}

const STATUS_CYCLE: [StatusFilter; 7] = [
    StatusFilter::Active,
    StatusFilter::Only(ItemStatus::Open),
    StatusFilter::Only(ItemStatus::InProgress),
    StatusFilter::Only(ItemStatus::Resolved),
    StatusFilter::Only(ItemStatus::Accepted),
    StatusFilter::Only(ItemStatus::WontDo),
    StatusFilter::All,
];

impl ItemsScreen {
    /// Name stages in `lang` (where a questionnaire has it).
    pub fn set_stage_names(&mut self, catalog: &crate::catalog::Catalog, lang: crate::i18n::Lang) {
        let mut names = std::collections::HashMap::new();
        for e in catalog.entries() {
            for s in &e.questionnaire.stages {
                names.entry(s.id.clone()).or_insert_with(|| s.name.shown(lang.code()).into_owned());
            }
        }
        self.stage_names = names;
        self.lang = lang;
    }

    pub fn new(today: &str, zone: crate::clock::Zone, catalog: &crate::catalog::Catalog) -> ItemsScreen {
        // Stage ids repeat across questionnaires: the first one listed (chec-default) names them.
        let mut stage_names = std::collections::HashMap::new();
        for e in catalog.entries() {
            let language = e.questionnaire.language();
            for s in &e.questionnaire.stages {
                stage_names.entry(s.id.clone()).or_insert_with(|| s.name.shown(language).into_owned());
            }
        }
        ItemsScreen {
            query: ItemQuery::new(today).in_part(),
            zone,
            lang: crate::i18n::Lang::default(),
            stage_names,
            total: 0,
            more: false,
            counted_up_to: FIRST_COUNT,
            page: Page::default(),
            cursor: Cursor::default(),
            typing: None,
            history: None,
            history_scroll: 0,
            owed: Owed::default(),
        }
    }

    /// The item under the cursor; none while the rows shown are still to be read (they may
    /// not be the query's), so that Enter and `h` never act on a row about to go.
    pub fn selected(&self) -> Option<&Item> {
        if self.owed.rows {
            return None;
        }
        self.page.under(&self.cursor)
    }

    pub fn is_typing(&self) -> bool {
        self.typing.is_some()
    }

    /// Count the matches and read the visible window, keeping the cursor in range, as far
    /// as `patience` allows; [`ItemsScreen::catch_up`] reads the rest. A move waiting for
    /// the count still waits.
    pub fn reload(&mut self, store: &Store, height: usize, patience: &Patience) -> Result<(), StoreError> {
        self.counted_up_to = FIRST_COUNT.max(self.cursor.selected + 2 * height.max(1));
        let then = self.owed.then.take();
        self.owed = Owed { rows: true, count: true, new_query: true, then };
        self.catch_up(store, height, patience)
    }

    /// The query changed: from the top, with no move waiting.
    fn refilter(&mut self, store: &Store, height: usize, patience: &Patience) -> Result<(), StoreError> {
        self.cursor = Cursor::default();
        self.owed.then = None;
        self.reload(store, height, patience)
    }

    /// Whether some of what the screen shows is still to be read.
    pub fn is_behind(&self) -> bool {
        self.owed.rows || self.owed.count
    }

    /// Read what is owed, as far as `patience` allows: the first page first when the cursor
    /// is at the top (so that a new query's matches show while they are counted), then the
    /// count, then the window the cursor is in. On an error nothing is owed any more: the
    /// error is shown, and the reads are not tried again until the next change.
    pub fn catch_up(&mut self, store: &Store, height: usize, patience: &Patience) -> Result<(), StoreError> {
        let result = self.catch_up_inner(store, height.max(1), patience);
        if result.is_err() {
            self.owed = Owed::default();
        }
        result
    }

    fn catch_up_inner(&mut self, store: &Store, height: usize, patience: &Patience) -> Result<(), StoreError> {
        if self.owed.rows && self.cursor.offset == 0 {
            if !self.read_rows(store, height, patience)? {
                return Ok(());
            }
            if std::mem::take(&mut self.owed.new_query) && self.owed.count {
                if self.page.rows.len() < height {
                    // The first page is not full: these are all the matches.
                    self.set_count(self.page.rows.len(), height);
                } else {
                    // Until they are counted, the cursor moves among those shown.
                    self.total = self.page.rows.len();
                    self.more = true;
                }
            }
        }
        if self.owed.count {
            let query = self.query.clone();
            let cap = self.counted_up_to + 1;
            let counted = store.interruptible(patience.stop(), |s| s.count_items_up_to(&query, Some(cap)));
            let Some(n) = unless_stopped(counted)? else {
                return Ok(());
            };
            self.set_count(n as usize, height);
            if self.owed.count {
                // End found more than counted: count on, to the end.
                return self.catch_up_inner(store, height, patience);
            }
        }
        if self.owed.rows {
            self.read_rows(store, height, patience)?;
        }
        Ok(())
    }

    /// Read the window the cursor is in; false if the read was stopped.
    fn read_rows(&mut self, store: &Store, height: usize, patience: &Patience) -> Result<bool, StoreError> {
        let window = ItemQuery { limit: Some(height), offset: self.cursor.offset, ..self.query.clone() };
        let Some(rows) = unless_stopped(store.interruptible(patience.stop(), |s| s.find_items(&window)))? else {
            return Ok(false);
        };
        self.page.show(rows, self.cursor.offset);
        self.owed.rows = false;
        Ok(true)
    }

    /// The counted matches (`n`, of which one more than `counted_up_to` means "more"): keep
    /// the cursor among them, then make the move that waited for the count. End waits on
    /// while there are more than counted.
    fn set_count(&mut self, n: usize, height: usize) {
        self.owed.count = false;
        self.more = n > self.counted_up_to;
        self.total = n.min(self.counted_up_to);
        if self.more && self.owed.then == Some(Action::Last) {
            self.counted_up_to = i64::MAX as usize - 1;
            self.owed.count = true;
            return;
        }
        self.cursor.clamp(self.total, height);
        if let Some(then) = self.owed.then.take() {
            self.cursor.apply(&then, self.total, height);
        }
        if self.page.is_elsewhere(&self.cursor) {
            self.owed.rows = true;
        }
    }

    /// What is being read, while the matches are not all on screen and counted.
    fn progress(&self) -> Option<String> {
        match (self.owed.new_query, self.owed.count) {
            (true, _) => Some(tr!(self.lang, "items-searching")),
            (false, true) => Some(tr!(self.lang, "items-counting")),
            (false, false) => None,
        }
    }

    /// The count shown: "1000+" while not every match was counted, and what is being done
    /// while the reads are still running.
    pub fn total_label(&self) -> String {
        match (self.progress(), self.more) {
            (Some(doing), _) => doing,
            (None, true) => format!("{}+", self.total),
            (None, false) => self.total.to_string(),
        }
    }

    /// Apply an action; `height` is the number of table rows visible, and the reads it
    /// needs take as long as `patience` allows (the rest is read by `catch_up`).
    pub fn update(&mut self, action: &Action, store: &Store, height: usize, patience: &Patience) -> Outcome {
        let result = self.update_inner(action, store, height, patience);
        result.unwrap_or_else(|e| Outcome::Error(e.to_string()))
    }

    fn update_inner(
        &mut self,
        action: &Action,
        store: &Store,
        height: usize,
        patience: &Patience,
    ) -> Result<Outcome, StoreError> {
        if self.history.is_some() {
            match action {
                Action::Back | Action::History | Action::Enter => self.history = None,
                Action::Up | Action::ScrollUp => self.history_scroll = self.history_scroll.saturating_sub(1),
                Action::Down | Action::ScrollDown => self.history_scroll = self.history_scroll.saturating_add(1),
                _ => {}
            }
            return Ok(Outcome::None);
        }
        if let Some((which, editor)) = &mut self.typing {
            let which = *which;
            match action {
                Action::Input(key) if key.code == ratatui::crossterm::event::KeyCode::Enter => self.typing = None,
                Action::Save | Action::NextPane | Action::PrevPane => self.typing = None,
                Action::Back => {
                    self.typing = None;
                    self.set_text_filter(which, String::new());
                }
                Action::Input(key) => {
                    editor.input(*key);
                    let text = editor.text();
                    self.set_text_filter(which, text);
                }
                Action::Paste(text) => {
                    editor.paste(text);
                    let text = editor.text();
                    self.set_text_filter(which, text);
                }
                _ => return Ok(Outcome::None),
            }
            self.refilter(store, height, patience)?;
            return Ok(Outcome::None);
        }
        let mut refilter = true;
        match action {
            Action::Filter => self.start_typing(TextFilter::Search),
            Action::FilterOwner => self.start_typing(TextFilter::Owner),
            Action::FilterConsultation => self.start_typing(TextFilter::Consultation),
            Action::CycleStatus => {
                let i = STATUS_CYCLE.iter().position(|s| *s == self.query.status).unwrap_or(0);
                self.query.status = STATUS_CYCLE[(i + 1) % STATUS_CYCLE.len()];
            }
            Action::CyclePriority => {
                self.query.min_priority = match self.query.min_priority {
                    None => Some(Priority::Low),
                    Some(Priority::Critical) => None,
                    Some(p) => Priority::from_rank(p.rank() + 1),
                };
            }
            Action::ToggleOverdue => self.query.overdue = !self.query.overdue,
            Action::CycleSort => {
                let all = ItemSort::ALL;
                let i = all.iter().position(|s| *s == self.query.sort).unwrap_or(0);
                self.query.sort = all[(i + 1) % all.len()];
            }
            Action::ClearFilters => {
                let today = self.query.today.clone();
                self.query = ItemQuery::new(&today).in_part();
            }
            Action::History => {
                refilter = false;
                if let Some(item) = self.selected() {
                    let history = store.item_history(item)?;
                    self.history = Some((item.key.clone(), history));
                    // At its end (the newest change): the clamp brings it back to where the
                    // last line shows at the bottom.
                    self.history_scroll = u16::MAX;
                }
            }
            Action::Enter => {
                return Ok(self
                    .selected()
                    .map_or(Outcome::None, |item| Outcome::OpenForm(FormRequest::EditItem(Box::new(item.clone())))));
            }
            // Esc goes back, filters and all (x clears the filters and stays).
            Action::Back => return Ok(Outcome::Back),
            other => {
                refilter = false;
                let near_end = self.cursor.selected + 2 * height.max(1) >= self.total;
                let onward = matches!(other, Action::Down | Action::ScrollDown | Action::PageDown);
                let last = matches!(other, Action::Last);
                if self.owed.count {
                    // Still counting: End waits for the count; any other move is made among
                    // the rows known, and replaces a move that was waiting.
                    self.owed.then = last.then_some(Action::Last);
                    if !last && self.cursor.apply(other, self.total, height) && self.page.is_elsewhere(&self.cursor) {
                        self.owed.rows = true;
                    }
                } else if self.more && (last || near_end && onward) {
                    // Count further before moving, so End goes to the real end.
                    self.counted_up_to =
                        if last { i64::MAX as usize - 1 } else { self.counted_up_to.saturating_mul(10) };
                    self.owed.count = true;
                    self.owed.then = Some(other.clone());
                } else if self.cursor.apply(other, self.total, height) && self.page.is_elsewhere(&self.cursor) {
                    self.owed.rows = true;
                }
                self.catch_up(store, height, patience)?;
            }
        }
        if refilter && self.history.is_none() {
            self.refilter(store, height, patience)?;
        }
        Ok(Outcome::None)
    }

    /// A stage's name as the questionnaires call it; the id when none knows it.
    fn stage_name(&self, id: &str) -> String {
        self.stage_names.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    fn start_typing(&mut self, which: TextFilter) {
        let current = match which {
            TextFilter::Search => self.query.search.clone(),
            TextFilter::Owner => self.query.owner.clone(),
            TextFilter::Consultation => self.query.consultation.clone(),
        };
        self.typing = Some((which, Editor::new(&current.unwrap_or_default(), true)));
    }

    fn set_text_filter(&mut self, which: TextFilter, text: String) {
        let value = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        match which {
            TextFilter::Search => self.query.search = value,
            TextFilter::Owner => self.query.owner = value,
            TextFilter::Consultation => self.query.consultation = value,
        }
    }

    /// Select the row drawn `row` lines below the top of the table body.
    pub fn click(&mut self, row: usize, store: &Store, height: usize, patience: &Patience) -> Result<(), StoreError> {
        self.cursor.click(row, self.total, height);
        if self.page.is_elsewhere(&self.cursor) {
            self.owed.rows = true;
        }
        self.catch_up(store, height, patience)
    }

    /// Keep the history's scroll within it, drawn over `body`: scrolling past an end and
    /// back takes no extra keys.
    pub fn clamp_history(&mut self, body: Rect, theme: &Theme) {
        if let Some((_, history)) = &self.history {
            let lines = super::item_history::lines(theme, self.zone, self.lang, history);
            let max = crate::tui::widgets::reader_max_scroll(&lines, crate::tui::widgets::overlay_area(body));
            self.history_scroll = self.history_scroll.min(max);
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let areas = areas(area);
        self.render_filters(areas.filters, buf, theme);
        self.render_table(&areas, buf, theme);
        self.render_detail(areas.detail, buf, theme);
        if let Some((key, history)) = &self.history {
            let lines = super::item_history::lines(theme, self.zone, self.lang, history);
            super::item_history::render(lines, key, self.history_scroll, area, buf, theme, self.lang);
        }
    }

    fn render_filters(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let q = &self.query;
        let lang = self.lang;
        let status = match q.status {
            StatusFilter::Active => tr!(lang, "items-filter-active"),
            StatusFilter::All => tr!(lang, "items-filter-all"),
            StatusFilter::Only(s) => crate::i18n::word(lang, s),
        };
        let priority = match q.min_priority {
            Some(p) => tr!(lang, "items-filter-priority", value = crate::i18n::word(lang, p)),
            None => tr!(lang, "items-filter-priority-any"),
        };
        let overdue = tr!(lang, if q.overdue { "items-filter-overdue-only" } else { "items-filter-overdue-any" });
        let mut spans = vec![
            Span::styled(keys::key_for(Scope::Items, &Action::CycleStatus), theme.key()),
            Span::raw(format!(" {}  ", tr!(lang, "items-filter-status", value = status))),
            Span::styled(keys::key_for(Scope::Items, &Action::CyclePriority), theme.key()),
            Span::raw(format!(" {priority}  ")),
            Span::styled(keys::key_for(Scope::Items, &Action::ToggleOverdue), theme.key()),
            Span::raw(format!(" {overdue}  ")),
            Span::styled(keys::key_for(Scope::Items, &Action::CycleSort), theme.key()),
            Span::raw(format!(
                " {}",
                tr!(lang, "items-filter-sort", value = tr!(lang, &format!("items-sort-{}", q.sort)))
            )),
        ];
        let line1 = Line::from(std::mem::take(&mut spans));
        let text_filter = |label: &str, action: Action, value: &Option<String>| {
            let value = value.as_deref().map_or("—".to_string(), |v| sanitize_line(v).into_owned());
            vec![
                Span::styled(keys::key_for(Scope::Items, &action), theme.key()),
                Span::raw(format!(" {}  ", tr!(lang, label, value = value))),
            ]
        };
        let mut line2 = Vec::new();
        line2.extend(text_filter("items-filter-search", Action::Filter, &q.search));
        line2.extend(text_filter("items-filter-owner", Action::FilterOwner, &q.owner));
        line2.extend(text_filter("items-filter-consultation", Action::FilterConsultation, &q.consultation));
        let count = self.progress().unwrap_or_else(|| match self.more {
            true => tr!(lang, "items-count-more", n = self.total),
            false => tr!(lang, "items-count", n = self.total),
        });
        line2.push(Span::styled(count, theme.dim()));
        let [a, b] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
        line1.render(a, buf);
        match &self.typing {
            Some((which, editor)) => {
                let label = format!("{} ", tr!(self.lang, which.label()));
                Span::styled(label.clone(), theme.key()).render(b, buf);
                let wide = label.width() as u16;
                let input = Rect { x: b.x + wide, width: b.width.saturating_sub(wide), ..b };
                editor.render(input, buf);
            }
            None => Line::from(line2).render(b, buf),
        }
    }

    fn render_table(&self, areas: &Areas, buf: &mut Buffer, theme: &Theme) {
        if self.page.rows.is_empty() && self.owed.rows {
            Paragraph::new(tr!(self.lang, "searching")).style(theme.dim()).render(areas.table, buf);
            return;
        }
        if self.total == 0 {
            let clear = keys::key_for(Scope::Items, &Action::ClearFilters);
            Paragraph::new(tr!(self.lang, "items-screen-none-match", key = clear)).render(areas.table, buf);
            return;
        }
        let col = |id: &str| tr!(self.lang, id);
        let stage = if areas.table.width >= 72 { col("items-col-stage") } else { String::new() };
        let header = Row::new([
            col("items-col-key"),
            col("items-col-title"),
            col("items-col-owner"),
            col("items-col-due"),
            col("items-col-priority"),
            col("items-col-status"),
            stage,
        ]);
        let today = &self.query.today;
        let key_width = self.page.rows.iter().map(|i| i.key.len()).max().unwrap_or(3).max(3) as u16;
        let owner_width =
            self.page.rows.iter().map(|i| sanitize_line(&i.owner).width()).max().unwrap_or(5).clamp(5, 12) as u16;
        // The stage gives way first: narrow screens leave it to the detail pane.
        let stage_width = if areas.table.width >= 72 {
            self.page.rows.iter().map(|i| self.stage_name(&i.stage).width()).max().unwrap_or(5).clamp(5, 12)
        } else {
            0
        };
        let widths = [
            Constraint::Length(key_width),
            Constraint::Fill(1),
            Constraint::Length(owner_width),
            Constraint::Length(12),
            Constraint::Length(8),
            Constraint::Length(11),
            Constraint::Length(stage_width as u16),
        ];
        // What the title column gets: the rest after the highlight mark, the other columns
        // and the spaces between them. Text cut there ends in … so nothing is hidden silently.
        let fixed = 2 + key_width + owner_width + 12 + 8 + 11 + stage_width as u16 + 6;
        let title_width = usize::from(areas.table.width.saturating_sub(fixed));
        let rows = self.page.rows.iter().map(|i| {
            let cut = |text: &str, width: usize| crate::text::fit(&sanitize_line(text), width);
            let due = match &i.due_date {
                Some(d) if i.is_overdue(today) => Cell::from(format!("⚠ {d}")).style(theme.warning()),
                Some(d) => Cell::from(d.clone()),
                None => Cell::from(""),
            };
            Row::new(vec![
                Cell::from(i.key.clone()),
                Cell::from(cut(&i.title, title_width)),
                Cell::from(cut(&i.owner, usize::from(owner_width))),
                due,
                Cell::from(crate::i18n::word(self.lang, i.priority)),
                Cell::from(crate::i18n::word(self.lang, i.status)),
                Cell::from(cut(&self.stage_name(&i.stage), stage_width)),
            ])
        });
        // Rows from before the last change are dimmed until the new ones are read.
        paged_table::render(areas.table, buf, theme, &self.page, &self.cursor, header, rows, &widths, self.owed.rows);
    }

    fn render_detail(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let lang = self.lang;
        let hints = keys::hint_line(lang, Scope::Items, &[Action::Enter, Action::History]);
        let title = format!(" {} ", tr!(lang, "items-detail-title", keys = hints));
        let block = theme.block().title(title).border_style(theme.dim());
        let Some(i) = self.selected() else {
            block.render(area, buf);
            return;
        };
        let mut facts = vec![i.consultation.clone(), self.stage_name(&i.stage)];
        if let Some(q) = &i.question_id {
            facts.push(tr!(lang, "items-detail-on", question = q));
        }
        if let (Some(l), Some(m)) = (i.likelihood, i.impact) {
            facts.push(tr!(lang, "items-detail-risk", l = l, i = m, score = l * m));
        }
        if let Some(m) = i.meeting {
            facts.push(tr!(lang, "item-meeting-n", n = m));
        }
        let mut lines = vec![Line::from(vec![
            Span::styled(format!("{} ", i.key), theme.key()),
            Span::raw(sanitize_line(&i.title).into_owned()),
            Span::styled(format!("  ({})", sanitize_line(&facts.join(" · "))), theme.dim()),
        ])];
        let owner = if i.owner.is_empty() { "—".to_string() } else { sanitize_line(&i.owner).into_owned() };
        let due = match &i.due_date {
            Some(d) if i.is_overdue(&self.query.today) => tr!(lang, "items-detail-overdue", date = d),
            Some(d) => d.clone(),
            None => "—".into(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", tr!(lang, "items-detail-owner")), theme.header()),
            Span::raw(format!("{owner}  ")),
            Span::styled(format!("{} ", tr!(lang, "items-detail-due")), theme.header()),
            Span::raw(format!("{due}  ")),
            Span::styled(format!("{} ", tr!(lang, "items-detail-status")), theme.header()),
            Span::raw(format!("{} · {}", crate::i18n::word(lang, i.status), crate::i18n::word(lang, i.priority))),
        ]));
        // How it ended first (a resolved item's point), then the detail, line breaks kept.
        if !i.resolution.is_empty() {
            let mut resolution = sanitize_block(&i.resolution).lines().map(str::to_string).collect::<Vec<_>>();
            let first = if resolution.is_empty() { String::new() } else { resolution.remove(0) };
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", tr!(lang, "item-resolution")), theme.header()),
                Span::raw(first),
            ]));
            lines.extend(resolution.into_iter().map(Line::from));
        }
        lines.extend(sanitize_block(&i.detail).lines().map(|l| Line::from(l.to_string())));
        // What does not fit is counted on the border (`+3 lines`); Enter shows it all.
        let plain: String = lines.iter().map(|l| l.to_string() + "\n").collect();
        crate::tui::widgets::render_wrapped(lines.into(), plain.trim_end(), block, area, buf, self.lang);
    }
}
