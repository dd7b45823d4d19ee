//! The team lead's overview: open items by priority and principle, overdue, the risk
//! matrix and the trend of open items. Each reads counts the schema keeps up to date (see
//! migration 2), never the items themselves, so it costs the same at any size.

use super::{Result, Store};
use crate::domain::Priority;

/// Counts over active (open and in-progress) items.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Overview {
    /// Active items per priority, low to critical.
    pub by_priority: [i64; 4],
    /// Active items per principle id, most first.
    pub by_principle: Vec<(String, i64)>,
    pub overdue: i64,
    /// `risk_matrix[likelihood - 1][impact - 1]`: active items rated that way.
    pub risk_matrix: [[i64; 5]; 5],
    /// Active items not rated for likelihood and impact.
    pub unrated: i64,
    /// (day, active items at the end of that day), for the days given.
    pub trend: Vec<(String, i64)>,
}

impl Store {
    /// The overview as of `today` (YYYY-MM-DD), with the trend at each of `days` (ascending).
    pub fn overview(&self, today: &str, days: &[String]) -> Result<Overview> {
        let mut o = Overview::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT priority, likelihood, impact, count FROM active_items_by_rating WHERE count > 0")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get(3)?)))?;
        for row in rows {
            let (rank, l, i, n): (i64, i64, i64, i64) = row?;
            if let Some(p) = Priority::from_rank(rank) {
                o.by_priority[p.rank() as usize - 1] += n;
            }
            if (1..=5).contains(&l) && (1..=5).contains(&i) {
                o.risk_matrix[l as usize - 1][i as usize - 1] += n;
            } else {
                o.unrated += n;
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT principle, count FROM active_items_by_principle WHERE count > 0 ORDER BY count DESC, principle",
        )?;
        o.by_principle = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        o.overdue = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(count), 0) FROM active_items_by_due WHERE due_date <> '' AND due_date < ?1",
            )?
            .query_row([today], |r| r.get(0))?;
        o.trend = self.open_items_trend(days)?;
        Ok(o)
    }

    /// Active items at the end of each of `days` (ascending YYYY-MM-DD), from the net change
    /// per day the item history adds up to: created +1, closed -1, reopened +1.
    pub fn open_items_trend(&self, days: &[String]) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached("SELECT day, delta FROM active_item_changes_by_day ORDER BY day")?;
        let deltas: Vec<(String, i64)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut running = 0;
        let mut next = deltas.iter().peekable();
        let mut trend = Vec::with_capacity(days.len());
        for day in days {
            while let Some((d, delta)) = next.peek() {
                if d > day {
                    break;
                }
                running += delta;
                next.next();
            }
            trend.push((day.clone(), running));
        }
        Ok(trend)
    }
}
