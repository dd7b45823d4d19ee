//! `chec items`: improvement items across consultations, filtered and sorted in SQL, as a
//! table, JSON, CSV or Markdown; `--fail-on` makes it a CI gate.

use std::borrow::Cow;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;

use super::Context;
pub use super::item_json::ItemJson;
use super::item_source::ItemSource;
use super::output::Table;
use crate::domain::{ItemQuery, ItemRef, ItemSort, Priority, StatusFilter};
use crate::export::markdown;
use crate::i18n::Lang;
use crate::text::{sanitize_block, sanitize_line};
use crate::tr;

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
    pub fn check(&self, store: &crate::storage::Store, lang: Lang) -> anyhow::Result<()> {
        if let Some(key) = &self.consultation
            && store.consultation(&key.trim().to_ascii_uppercase())?.is_none()
        {
            anyhow::bail!(tr!(lang, "no-consultation", key = sanitize_line(key)));
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
    fn cell<'a>(self, value: &'a Cow<'a, str>) -> Cow<'a, str> {
        if !self.raw_csv && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            Cow::Owned(format!("'{value}"))
        } else {
            Cow::Borrowed(value.as_ref())
        }
    }
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let store = ctx.read_store()?;
    let today = ctx.clock.today_text();
    args.filters.check(&store, ctx.lang)?;
    let query = args.filters.query(&today);
    let mut gate = Gate::new(args.fail_on, ctx.lang)?;
    // Every format is written as the rows are read, so any number of items fits in memory;
    // each row's text is written from where SQLite holds it, never copied into an item.
    let printed = store.with_item_rows(&query, |rows| -> anyhow::Result<anyhow::Result<()>> {
        let mut rows = Gated { rows, gate: &mut gate };
        let printed = {
            let mut out = super::output::buffered_stdout();
            let width = super::output::terminal_width();
            // Only what people read names stages: JSON and CSV need no questionnaire read
            // (parsing the shipped ones was two thirds of a short listing's work).
            let words = match args.format {
                ItemsFormat::Table | ItemsFormat::Md => Words::new(ctx.lang, &ctx.catalog()),
                ItemsFormat::Json | ItemsFormat::Csv => Words::without_stages(ctx.lang),
            };
            write_items(&mut out, &mut rows, args.format, &today, args.csv, width, &words)
        };
        // The gate decides the exit code even if the reader stopped reading (`| head`).
        if rows.gate.threshold.is_some() {
            while rows.next_item()?.is_some() {}
        }
        Ok(printed)
    })??;
    let code = gate.code()?;
    match printed {
        Err(e) if super::is_broken_pipe(&e) => Ok(code),
        Err(e) => Err(e),
        Ok(()) => Ok(code),
    }
}

/// A listing's items, each seen by the `--fail-on` gate as it is read.
struct Gated<'g, S> {
    rows: S,
    gate: &'g mut Gate,
}

impl<S: ItemSource> ItemSource for Gated<'_, S> {
    fn next_item(&mut self) -> anyhow::Result<Option<ItemRef<'_>>> {
        let item = self.rows.next_item()?;
        if let Some(item) = &item {
            self.gate.see(item);
        }
        Ok(item)
    }
}

/// `items`' rows for people (see [`listed`]), as an iterator; the first error reading them
/// is left in `failed`, ending the rows.
fn listed_rows<'a>(
    items: &'a mut impl ItemSource,
    today: &'a str,
    words: &'a Words,
    failed: &'a mut Option<anyhow::Error>,
) -> impl Iterator<Item = [String; 7]> + 'a {
    std::iter::from_fn(move || match items.next_item() {
        Ok(item) => item.map(|i| listed(&i, today, words)),
        Err(e) => {
            *failed = Some(e);
            None
        }
    })
}

/// Write `items` to `out` in `format` as they come; a table fitted to `terminal_width`.
fn write_items(
    out: &mut impl Write,
    items: &mut impl ItemSource,
    format: ItemsFormat,
    today: &str,
    csv: CsvCells,
    terminal_width: Option<usize>,
    words: &Words,
) -> anyhow::Result<()> {
    let lang = words.lang;
    match format {
        ItemsFormat::Table => {
            let mut failed = None;
            let count = table(lang).stream(listed_rows(items, today, words, &mut failed), terminal_width, out)?;
            if let Some(e) = failed {
                return Err(e);
            }
            if count == 0 {
                writeln!(out, "{}", tr!(lang, "items-none-match"))?;
            }
        }
        ItemsFormat::Json => super::item_json::write_items_json(out, items, today)?,
        ItemsFormat::Csv => write_csv(out, items, today, csv)?,
        ItemsFormat::Md => write_markdown_list(out, items, today, words)?,
    }
    out.flush()?;
    Ok(())
}

/// With `--fail-on P`: exit 3, naming them, if any active item is at P or above.
struct Gate {
    threshold: Option<Priority>,
    /// How many items fail it.
    failing: usize,
    /// A line naming each, `  KEY [priority] title`: in memory, or in a temporary file once
    /// there are many (every item of a million may fail).
    lines: tempfile::SpooledTempFile,
    /// Why a line could not be kept, if one could not.
    lost: Option<std::io::Error>,
    /// The language the failing items are named in.
    lang: Lang,
}

/// Above this many bytes of failing items' lines, the gate keeps them in a temporary file.
const GATE_IN_MEMORY: usize = 1 << 20;

impl Gate {
    fn new(threshold: Option<Priority>, lang: Lang) -> anyhow::Result<Gate> {
        Ok(Gate::keeping(threshold, GATE_IN_MEMORY, lang))
    }

    /// A gate keeping up to `in_memory` bytes of failing items' lines in memory.
    fn keeping(threshold: Option<Priority>, in_memory: usize, lang: Lang) -> Gate {
        Gate { threshold, failing: 0, lines: tempfile::spooled_tempfile(in_memory), lost: None, lang }
    }

    fn see(&mut self, i: &ItemRef<'_>) {
        if self.threshold.is_some_and(|t| i.status.is_active() && i.priority >= t) {
            self.failing += 1;
            // A line that cannot be kept (no room for the temporary file) is reported at the end.
            let priority = crate::i18n::word(self.lang, i.priority);
            let line = format!("  {} [{priority}] {}\n", i.key, sanitize_line(i.title));
            if let Err(e) = self.lines.write_all(line.as_bytes()) {
                self.lost.get_or_insert(e);
            }
        }
    }

    fn code(self) -> anyhow::Result<ExitCode> {
        let failed = self.report(&mut std::io::stderr().lock())?;
        Ok(if failed { ExitCode::from(GATE_FAILED) } else { ExitCode::SUCCESS })
    }

    /// Name the failing items on `out`; whether there were any.
    fn report(mut self, out: &mut impl Write) -> std::io::Result<bool> {
        let Some(threshold) = self.threshold else { return Ok(false) };
        if self.failing == 0 {
            return Ok(false);
        }
        let priority = crate::i18n::word(self.lang, threshold);
        writeln!(out, "{}", tr!(self.lang, "items-gate-failed", n = self.failing, priority = priority))?;
        use std::io::Seek as _;
        self.lines.seek(std::io::SeekFrom::Start(0))?;
        std::io::copy(&mut self.lines, out)?;
        if let Some(e) = self.lost {
            writeln!(out, "{}", tr!(self.lang, "items-gate-incomplete", error = e.to_string()))?;
        }
        Ok(true)
    }
}

fn due_label(item: &ItemRef<'_>, today: &str) -> String {
    match item.due_date {
        Some(due) if item.is_overdue(today) => format!("⚠ {due}"),
        Some(due) => due.to_string(),
        None => String::new(),
    }
}

/// What item lists write for people in a language: the words, and stage names by id (items
/// of many consultations: the first questionnaire that names a stage id names it).
pub struct Words {
    pub lang: Lang,
    stages: std::collections::HashMap<String, String>,
}

impl Words {
    pub fn new(lang: Lang, catalog: &crate::catalog::Catalog) -> Words {
        let mut stages = std::collections::HashMap::new();
        for e in catalog.entries() {
            for s in &e.questionnaire.stages {
                stages.entry(s.id.clone()).or_insert_with(|| s.name.shown(lang.code()).into_owned());
            }
        }
        Words { lang, stages }
    }

    /// The words without stage names, for formats that write a stage's id.
    pub fn without_stages(lang: Lang) -> Words {
        Words { lang, stages: std::collections::HashMap::new() }
    }
}

/// The items table's columns, headed in `lang`.
fn table(lang: Lang) -> Table {
    let heading = |id: &str| tr!(lang, id);
    Table::new(&[
        (heading("items-col-key"), false),
        (heading("items-col-title"), true),
        (heading("items-col-owner"), true),
        (heading("items-col-due"), false),
        (heading("items-col-priority"), false),
        (heading("items-col-status"), false),
        (heading("items-col-stage"), true),
    ])
}

/// An item as the table and the Markdown list show it: key, title, owner, due, priority,
/// status, stage.
fn listed(i: &ItemRef<'_>, today: &str, words: &Words) -> [String; 7] {
    let lang = words.lang;
    [
        i.key.to_string(),
        i.title.to_string(),
        i.owner.to_string(),
        due_label(i, today),
        crate::i18n::word(lang, i.priority),
        crate::i18n::word(lang, i.status),
        words.stages.get(i.stage).cloned().unwrap_or_else(|| i.stage.to_string()),
    ]
}

/// RFC 4180 CSV with a header row; text cleaned of control characters, and cells a
/// spreadsheet would run as formulas guarded (see [`CsvCells`]).
pub fn write_csv(
    out: &mut impl Write,
    items: &mut impl ItemSource,
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
    let number = |v: Option<u8>| v.map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string()));
    let word = |v: Option<&'static str>| Cow::Borrowed(v.unwrap_or(""));
    while let Some(i) = items.next_item()? {
        let record: [Cow<'_, str>; 20] = [
            Cow::Borrowed(i.key),
            Cow::Borrowed(i.consultation),
            sanitize_line(i.title),
            sanitize_block(i.detail),
            sanitize_line(i.owner),
            Cow::Borrowed(i.due_date.unwrap_or("")),
            Cow::Borrowed(if i.is_overdue(today) { "true" } else { "false" }),
            Cow::Borrowed(i.priority.as_str()),
            Cow::Borrowed(i.status.as_str()),
            sanitize_line(i.stage),
            sanitize_line(i.question_id.unwrap_or("")),
            match i.principles.as_slice() {
                [] => Cow::Borrowed(""),
                [one] => sanitize_line(one),
                many => Cow::Owned(sanitize_line(&many.join(";")).into_owned()),
            },
            word(i.risk_source.map(|s| s.as_str())),
            number(i.likelihood),
            number(i.impact),
            number(i.risk_score()),
            word(i.response.map(|r| r.as_str())),
            sanitize_block(i.resolution),
            Cow::Borrowed(i.created_at),
            Cow::Borrowed(i.updated_at),
        ];
        for cell in &record {
            w.write_field(cells.cell(cell).as_bytes())?;
        }
        w.write_record(std::iter::empty::<&[u8]>())?;
    }
    w.flush().context("cannot write CSV")?;
    Ok(())
}

/// A Markdown table of items, written as they come ("No items match." for none).
pub fn write_markdown_list(
    out: &mut impl Write,
    items: &mut impl ItemSource,
    today: &str,
    words: &Words,
) -> anyhow::Result<()> {
    let lang = words.lang;
    let headers: Vec<String> =
        ["col-key", "col-title", "col-owner", "col-due", "col-priority", "col-status", "col-stage"]
            .iter()
            .map(|id| tr!(lang, id))
            .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut failed = None;
    let count = markdown::Table::stream(&headers, listed_rows(items, today, words, &mut failed), out)?;
    if let Some(e) = failed {
        return Err(e);
    }
    if count == 0 {
        writeln!(out, "{}", tr!(lang, "items-none-match"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Item, ItemStatus};

    fn item(n: usize, priority: Priority, status: ItemStatus) -> Item {
        Item {
            title: format!("돌봄 | \u{1b}[31m제목 {n}"), ..Item::for_test(&format!("CARE-{n}"), priority, status)
        }
    }

    fn gate_report(in_memory: usize) -> String {
        let mut gate = Gate::keeping(Some(Priority::High), in_memory, Lang::En);
        for n in 1..=3000 {
            let (priority, status) = match n % 4 {
                0 => (Priority::Critical, ItemStatus::Open),
                1 => (Priority::High, ItemStatus::InProgress),
                2 => (Priority::Critical, ItemStatus::Resolved),
                _ => (Priority::Medium, ItemStatus::Open),
            };
            gate.see(&item(n, priority, status).view());
        }
        let mut out = Vec::new();
        assert!(gate.report(&mut out).unwrap());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_gate_names_every_failing_item_in_order_whether_kept_in_memory_or_in_a_file() {
        let in_memory = gate_report(GATE_IN_MEMORY);
        let lines: Vec<&str> = in_memory.lines().collect();
        assert_eq!(lines[0], "chec: 1500 active items at high or above:");
        assert_eq!(lines.len(), 1501);
        assert_eq!(lines[1], "  CARE-1 [high] 돌봄 | 제목 1");
        assert_eq!(lines[2], "  CARE-4 [critical] 돌봄 | 제목 4");
        assert_eq!(lines[1500], "  CARE-3000 [critical] 돌봄 | 제목 3000");
        // 1,500 lines are far more than 100 bytes: they go to a temporary file, and come back whole.
        assert_eq!(gate_report(100), in_memory);
    }

    #[test]
    fn without_a_threshold_or_a_failing_item_the_gate_says_nothing() {
        let mut out = Vec::new();
        let mut gate = Gate::keeping(None, 10, Lang::En);
        gate.see(&item(1, Priority::Critical, ItemStatus::Open).view());
        assert!(!gate.report(&mut out).unwrap());
        let mut gate = Gate::keeping(Some(Priority::Critical), 10, Lang::En);
        gate.see(&item(1, Priority::High, ItemStatus::Open).view());
        assert!(!gate.report(&mut out).unwrap());
        assert!(out.is_empty());
    }
}
