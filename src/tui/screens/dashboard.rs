//! The dashboard: where every service stands, open items by priority and principle,
//! overdue items, the risk matrix and the trend of open items, for the ethics team lead.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Cell, Paragraph, Row, Table, Widget};

use crate::catalog::Catalog;
use crate::domain::Priority;
use crate::storage::{ConsultationSummary, Overview, Store, StoreError};
use crate::text::sanitize_line;
use crate::tr;
use crate::tui::theme::Theme;

/// Weeks of history the trend shows.
pub const TREND_WEEKS: usize = 12;

/// Services listed, busiest first: more than any screen shows.
const SERVICES_SHOWN: usize = 60;

#[derive(Default)]
pub struct DashboardScreen {
    /// The services with the most open items, most first.
    pub consultations: Vec<ConsultationSummary>,
    /// Every service under consultation.
    pub total: usize,
    pub overview: Overview,
    /// Principle id → name, from the shipped and user questionnaires.
    pub principle_names: Vec<(String, String)>,
    /// The language the screen speaks.
    pub lang: crate::i18n::Lang,
    /// Stage names in it (see [`crate::catalog::Catalog::stage_names`]).
    pub stage_names: std::collections::HashMap<(String, String), String>,
}

/// The end of each of the last `weeks` weeks up to `today` (YYYY-MM-DD), oldest first.
pub fn week_ends(today: &str, weeks: usize) -> Vec<String> {
    let Ok(today) = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d") else { return Vec::new() };
    (0..weeks).rev().map(|w| (today - chrono::TimeDelta::weeks(w as i64)).to_string()).collect()
}

impl DashboardScreen {
    pub fn reload(&mut self, store: &Store, catalog: &Catalog, today: &str) -> Result<(), StoreError> {
        self.consultations = store.busiest_consultations(today, SERVICES_SHOWN)?;
        self.total = store.count_consultations("")?;
        self.overview = store.overview(today, &week_ends(today, TREND_WEEKS))?;
        self.principle_names = catalog
            .entries()
            .iter()
            .flat_map(|e| {
                let lang = self.lang.code();
                e.questionnaire.principles.iter().map(move |p| (p.id.clone(), p.name.shown(lang).into_owned()))
            })
            .collect();
        self.stage_names = catalog.stage_names(self.lang);
        Ok(())
    }

    fn principle_name(&self, id: &str) -> String {
        self.principle_names.iter().find(|(p, _)| p == id).map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let [top, trend, services] =
            Layout::vertical([Constraint::Length(8), Constraint::Length(7), Constraint::Fill(1)]).areas(area);
        let [priority, principle, matrix] =
            Layout::horizontal([Constraint::Length(22), Constraint::Fill(1), Constraint::Length(30)]).areas(top);
        self.render_priorities(priority, buf, theme);
        self.render_principles(principle, buf, theme);
        self.render_matrix(matrix, buf, theme);
        self.render_trend(trend, buf, theme);
        self.render_services(services, buf, theme);
    }

    fn render_priorities(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let o = &self.overview;
        let lang = self.lang;
        // A label, then the number right-aligned in six columns (labels may be Hangul, two
        // columns a character).
        let row = |label: String, n: i64| {
            let gap = 15usize.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()) + 1);
            format!("{label} {n:>gap$}")
        };
        let mut lines: Vec<Line> = Priority::ALL
            .iter()
            .rev()
            .map(|p| Line::from(row(crate::i18n::word(lang, *p), o.by_priority[p.rank() as usize - 1])))
            .collect();
        let total: i64 = o.by_priority.iter().sum();
        lines.push(Line::styled(row(tr!(lang, "dash-total"), total), theme.header()));
        let overdue_style = if o.overdue > 0 { theme.warning() } else { theme.dim() };
        lines.push(Line::styled(row(format!("⚠ {}", tr!(lang, "dash-overdue")), o.overdue), overdue_style));
        let title = format!(" {} ", tr!(lang, "dash-open-items"));
        Paragraph::new(lines).block(theme.block().title(title)).render(area, buf);
    }

    fn render_principles(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let rows = area.height.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = self
            .overview
            .by_principle
            .iter()
            .take(rows)
            .map(|(id, n)| {
                let name = sanitize_line(&self.principle_name(id)).into_owned();
                let width = usize::from(area.width.saturating_sub(10));
                Line::from(vec![Span::raw(crate::text::fit(&name, width)), Span::raw(format!("{n:>6}"))])
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled(tr!(self.lang, "dash-none-open"), theme.dim()));
        }
        let title = format!(" {} ", tr!(self.lang, "dash-by-principle"));
        Paragraph::new(lines).block(theme.block().title(title)).render(area, buf);
    }

    fn render_matrix(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let o = &self.overview;
        // Likelihood from 5 (top) to 1, impact 1 to 5 left to right, as risk matrices are read.
        let rows = (1..=5).rev().map(|l| {
            let mut cells = vec![Cell::from(format!("L{l}"))];
            for i in 1..=5usize {
                let n = o.risk_matrix[l - 1][i - 1];
                let score = l * i;
                let style = match (n, score) {
                    (0, _) => theme.dim(),
                    (_, s) if s >= 15 => theme.warning(),
                    (_, s) if s >= 10 => theme.key(),
                    _ => Style::default(),
                };
                cells.push(Cell::from(if n == 0 { "·".to_string() } else { n.to_string() }).style(style));
            }
            Row::new(cells)
        });
        let header = Row::new(["", "I1", "I2", "I3", "I4", "I5"]).style(theme.header());
        let title = format!(" {} ", tr!(self.lang, "dash-risk", unrated = o.unrated));
        Table::new(rows, [Constraint::Length(3); 6]).header(header).block(theme.block().title(title)).render(area, buf);
    }

    fn render_trend(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let bars: Vec<Bar> = self
            .overview
            .trend
            .iter()
            .map(|(day, n)| {
                Bar::default().value((*n).max(0) as u64).label(Line::from(day.get(5..).unwrap_or(day).to_string()))
            })
            .collect();
        let block = theme.block().title(format!(" {} ", tr!(self.lang, "dash-trend", weeks = TREND_WEEKS)));
        if self.overview.trend.iter().all(|(_, n)| *n == 0) {
            let none = tr!(self.lang, "dash-trend-none");
            Paragraph::new(none).style(theme.dim()).block(block).render(area, buf);
            return;
        }
        let inner_width = area.width.saturating_sub(2);
        let count = bars.len().max(1) as u16;
        let bar_width = (inner_width / count).saturating_sub(1).clamp(1, 6);
        BarChart::default()
            .block(block)
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .value_style(theme.header())
            .render(area, buf);
    }

    fn render_services(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let header = Row::new(
            ["dash-col-key", "dash-col-name", "dash-col-stage", "dash-col-progress", "dash-col-open", "dash-col-late"]
                .map(|id| tr!(self.lang, id)),
        )
        .style(theme.header());
        let rows = self.consultations.iter().map(|c| {
            let width = 10usize;
            let filled = if c.questions > 0 {
                (c.assessed.clamp(0, c.questions) * width as i64 / c.questions) as usize
            } else {
                0
            };
            let bar = format!("{}{} {}/{}", "█".repeat(filled), "░".repeat(width - filled), c.assessed, c.questions);
            let late = if c.overdue_items > 0 { format!("⚠ {}", c.overdue_items) } else { "0".into() };
            Row::new(vec![
                Cell::from(c.key.clone()),
                Cell::from(sanitize_line(&c.name).into_owned()),
                Cell::from(sanitize_line(super::consultations::stage_name(&self.stage_names, c)).into_owned()),
                Cell::from(bar),
                Cell::from(c.open_items.to_string()),
                Cell::from(late).style(if c.overdue_items > 0 { theme.warning() } else { theme.dim() }),
            ])
        });
        let widths = [
            Constraint::Length(10),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(18),
            Constraint::Length(5),
            Constraint::Length(7),
        ];
        Table::new(rows, widths)
            .header(header)
            .block(theme.block().title(format!(" {} ", tr!(self.lang, "dash-services", n = self.total))))
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn week_ends_step_back_from_today() {
        assert_eq!(super::week_ends("2026-11-22", 3), ["2026-11-08", "2026-11-15", "2026-11-22"]);
        assert!(super::week_ends("nonsense", 3).is_empty());
    }
}
