//! `chec items`: improvement items across consultations, filtered and sorted in SQL, as a
//! table, JSON, CSV or Markdown; `--fail-on` makes it a CI gate.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;

use super::Context;
use super::output::{Table, outln, print_json_array};
use crate::domain::{Item, ItemQuery, ItemSort, Priority, StatusFilter};
use crate::export::markdown;
use crate::text::{sanitize_block, sanitize_line};

/// Exit code when `--fail-on` finds active items at or above the given priority.
pub const GATE_FAILED: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ItemsFormat {
    Table,
    Json,
    Csv,
    Md,
}

/// The filters shared by `chec items` and `chec export items`.
#[derive(Debug, Clone, clap::Args)]
pub struct Filters {
    /// open, in-progress, resolved, accepted, wont-do, active (open + in progress) or all.
    #[arg(long, default_value = "active", value_name = "STATUS")]
    pub status: StatusFilter,
    /// Only items owned by NAME (ignoring case).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub owner: Option<String>,
    /// Only items of this consultation (its key).
    #[arg(long, value_name = "KEY")]
    pub consultation: Option<String>,
    /// Only items of this priority or higher: low, medium, high, critical.
    #[arg(long, value_name = "P")]
    pub min_priority: Option<Priority>,
    /// Only active items past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Only items whose key, title or detail contains TEXT.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub search: Option<String>,
    /// Order: priority, due, key, updated, owner.
    #[arg(long, default_value = "priority", value_name = "ORDER")]
    pub sort: ItemSort,
}

impl Filters {
    /// A misspelt consultation key is an error, not an empty list (a CI gate must not pass
    /// silently on a typo).
    pub fn check(&self, store: &crate::storage::Store) -> anyhow::Result<()> {
        if let Some(key) = &self.consultation
            && store.consultation(&key.trim().to_ascii_uppercase())?.is_none()
        {
            anyhow::bail!("no consultation {}", sanitize_line(key));
        }
        Ok(())
    }

    pub fn query(&self, today: &str) -> ItemQuery {
        ItemQuery {
            status: self.status,
            owner: self.owner.clone(),
            consultation: self.consultation.clone(),
            min_priority: self.min_priority,
            overdue: self.overdue,
            search: self.search.clone(),
            sort: self.sort,
            ..ItemQuery::new(today)
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    filters: Filters,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ItemsFormat::Table)]
    format: ItemsFormat,
    /// Exit with code 3 if any listed active item is at this priority or higher.
    #[arg(long, value_name = "P")]
    fail_on: Option<Priority>,
    #[command(flatten)]
    csv: CsvCells,
}

/// How CSV cells are written.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct CsvCells {
    /// With --format csv: write every cell as it is, even one a spreadsheet would run as a
    /// formula (starting with =, +, -, @, tab or CR), for programs that need the raw value.
    #[arg(long)]
    pub raw_csv: bool,
}

impl CsvCells {
    /// A cell as written: one a spreadsheet would take for a formula gets a leading `'`
    /// (OWASP's advice against CSV injection), unless raw values were asked for.
    fn cell(self, value: String) -> String {
        if !self.raw_csv && value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value }
    }
}

/// An item as `chec items --format json` prints it (documented in README).
/// `I` is an [`Item`] or a reference to one.
#[derive(serde::Serialize)]
pub struct ItemJson<I> {
    #[serde(flatten)]
    pub item: I,
    /// likelihood × impact, when both are rated.
    pub score: Option<u8>,
    pub overdue: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let store = ctx.read_store()?;
    let today = ctx.clock.today_text();
    args.filters.check(&store)?;
    let query = args.filters.query(&today);
    let mut gate = Gate { threshold: args.fail_on, failing: Vec::new() };
    let printed = match args.format {
        // JSON and CSV are written as the rows are read, so any number of items fits in
        // memory; a table must see every row to size its columns.
        ItemsFormat::Json | ItemsFormat::Csv => store.with_items(&query, |rows| {
            let mut failed = None;
            let printed = {
                let items = (&mut *rows).map_while(|row| match row {
                    Ok(item) => {
                        gate.see(&item);
                        Some(item)
                    }
                    Err(e) => {
                        failed = Some(e);
                        None
                    }
                });
                match args.format {
                    ItemsFormat::Csv => write_csv(&mut std::io::stdout().lock(), items, &today, args.csv),
                    _ => print_json_array(items.map(|i| ItemJson {
                        score: i.risk_score(),
                        overdue: i.is_overdue(&today),
                        item: i,
                    })),
                }
            };
            // The gate decides the exit code even if the reader stopped reading (`| head`).
            if gate.threshold.is_some() {
                for item in rows {
                    gate.see(&item?);
                }
            }
            match failed {
                Some(e) => Err(e.into()),
                None => printed,
            }
        })?,
        ItemsFormat::Table | ItemsFormat::Md => {
            let items = store.find_items(&query)?;
            items.iter().for_each(|i| gate.see(i));
            print(&items, args.format, &today, args.csv)
        }
    };
    let code = gate.code();
    match printed {
        Err(e) if super::is_broken_pipe(&e) => Ok(code),
        Err(e) => Err(e),
        Ok(()) => Ok(code),
    }
}

fn print(items: &[Item], format: ItemsFormat, today: &str, csv: CsvCells) -> anyhow::Result<()> {
    match format {
        ItemsFormat::Table if items.is_empty() => outln!("No items match.")?,
        ItemsFormat::Table => table(items, today).print()?,
        ItemsFormat::Json => {
            print_json_array(items.iter().map(|i| ItemJson {
                item: i,
                score: i.risk_score(),
                overdue: i.is_overdue(today),
            }))?;
        }
        ItemsFormat::Csv => write_csv(&mut std::io::stdout().lock(), items, today, csv)?,
        ItemsFormat::Md => std::io::stdout().lock().write_all(markdown_list(items, today).as_bytes())?,
    }
    Ok(())
}

/// With `--fail-on P`: exit 3, naming them, if any active item is at P or above.
struct Gate {
    threshold: Option<Priority>,
    /// (key, priority, title) of the items that fail it.
    failing: Vec<(String, Priority, String)>,
}

impl Gate {
    fn see(&mut self, i: &Item) {
        if self.threshold.is_some_and(|t| i.status.is_active() && i.priority >= t) {
            self.failing.push((i.key.clone(), i.priority, i.title.clone()));
        }
    }

    fn code(&self) -> ExitCode {
        let Some(threshold) = self.threshold else { return ExitCode::SUCCESS };
        if self.failing.is_empty() {
            return ExitCode::SUCCESS;
        }
        eprintln!("chec: {} active item(s) at {} or above:", self.failing.len(), threshold.label());
        for (key, priority, title) in &self.failing {
            eprintln!("  {key} [{}] {}", priority.label(), sanitize_line(title));
        }
        ExitCode::from(GATE_FAILED)
    }
}

fn due_label(item: &Item, today: &str) -> String {
    match &item.due_date {
        Some(due) if item.is_overdue(today) => format!("⚠ {due}"),
        Some(due) => due.clone(),
        None => String::new(),
    }
}

pub fn table(items: &[Item], today: &str) -> Table {
    let mut table = Table::new(&[
        ("KEY", false),
        ("TITLE", true),
        ("OWNER", true),
        ("DUE", false),
        ("PRIORITY", false),
        ("STATUS", false),
        ("STAGE", true),
    ]);
    for i in items {
        table.row(&listed(i, today));
    }
    table
}

/// An item as the table and the Markdown list show it: key, title, owner, due, priority,
/// status, stage.
fn listed(i: &Item, today: &str) -> [String; 7] {
    [
        i.key.clone(),
        i.title.clone(),
        i.owner.clone(),
        due_label(i, today),
        i.priority.label().to_string(),
        i.status.label().to_string(),
        i.stage.clone(),
    ]
}

/// RFC 4180 CSV with a header row; text cleaned of control characters, and cells a
/// spreadsheet would run as formulas guarded (see [`CsvCells`]).
pub fn write_csv(
    out: &mut impl Write,
    items: impl IntoIterator<Item = impl std::borrow::Borrow<Item>>,
    today: &str,
    cells: CsvCells,
) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "key",
        "consultation",
        "title",
        "detail",
        "owner",
        "due_date",
        "overdue",
        "priority",
        "status",
        "stage",
        "question_id",
        "principles",
        "risk_source",
        "likelihood",
        "impact",
        "score",
        "response",
        "resolution",
        "created_at",
        "updated_at",
    ])?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for i in items {
        let i = i.borrow();
        let record = [
            i.key.clone(),
            i.consultation.clone(),
            sanitize_line(&i.title).into_owned(),
            sanitize_block(&i.detail).into_owned(),
            sanitize_line(&i.owner).into_owned(),
            opt(i.due_date.clone()),
            i.is_overdue(today).to_string(),
            i.priority.as_str().to_string(),
            i.status.as_str().to_string(),
            sanitize_line(&i.stage).into_owned(),
            sanitize_line(&opt(i.question_id.clone())).into_owned(),
            sanitize_line(&i.principles.join(";")).into_owned(),
            opt(i.risk_source.map(|s| s.as_str().to_string())),
            opt(i.likelihood.map(|v| v.to_string())),
            opt(i.impact.map(|v| v.to_string())),
            opt(i.risk_score().map(|v| v.to_string())),
            opt(i.response.map(|r| r.as_str().to_string())),
            sanitize_block(&i.resolution).into_owned(),
            i.created_at.clone(),
            i.updated_at.clone(),
        ];
        w.write_record(record.map(|cell| cells.cell(cell)))?;
    }
    w.flush().context("cannot write CSV")?;
    Ok(())
}

/// A Markdown table of items.
pub fn markdown_list(items: &[Item], today: &str) -> String {
    let mut t = markdown::Table::new(&["Key", "Title", "Owner", "Due", "Priority", "Status", "Stage"]);
    for i in items {
        t.row(&listed(i, today));
    }
    if t.is_empty() { "No items match.\n".to_string() } else { t.render() }
}
