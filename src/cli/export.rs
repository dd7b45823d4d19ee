//! `chec export`: minutes, the full report and item lists, to stdout or written atomically
//! to a file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::Context;
use super::items::{CsvCells, Filters, write_csv, write_markdown_list};
use crate::export::{self, Record, write_export};
use crate::i18n::Lang;
use crate::storage::Store;
use crate::text::sanitize_line;
use crate::tr;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// A meeting's minutes as Markdown (default: the last meeting).
    Minutes {
        /// The consultation's key, e.g. CARE.
        key: String,
        /// The meeting's number.
        #[arg(long, value_name = "N", conflicts_with = "last")]
        meeting: Option<i64>,
        /// The most recent meeting (the default).
        #[arg(long)]
        last: bool,
        #[command(flatten)]
        output: Output,
    },
    /// The full consultation report: every stage, response, item and meeting.
    Report {
        /// The consultation's key, e.g. CARE.
        key: String,
        /// md for people, json for other tools (schema in README).
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
    },
    /// Items, with the filters of `chec items`, as Markdown, CSV or JSON.
    Items {
        #[command(flatten)]
        filters: Filters,
        /// md for people, csv for spreadsheets, json for other tools.
        #[arg(long, value_enum, default_value_t = ExportItemsFormat::Md)]
        format: ExportItemsFormat,
        /// The day overdue is decided on (YYYY-MM-DD) [default: today in the team's time zone].
        /// The Markdown list states it; give it to export the same file on any day.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[command(flatten)]
        csv: CsvCells,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportItemsFormat {
    Md,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Output {
    /// Write to FILE (atomically, readable by you only) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
}

impl Output {
    /// Write what `write` writes to the file (atomically) or to standard output, as it
    /// writes it.
    fn emit_with(
        &self,
        store: &Store,
        lang: Lang,
        write: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        match &self.output {
            Some(path) => {
                export::write_export_with(store, path, self.force, |w| {
                    // Whatever fails while writing is said with the file's name.
                    write(w)
                        .with_context(|| tr!(lang, "cannot-write", path = sanitize_line(&path.display().to_string())))
                })?;
                eprintln!("{}", tr!(lang, "wrote-file", path = sanitize_line(&path.display().to_string())));
            }
            None => {
                use std::io::Write;
                let mut out = super::output::buffered_stdout();
                write(&mut out)?;
                out.flush()?;
            }
        }
        Ok(())
    }

    fn emit(&self, store: &Store, lang: Lang, bytes: &[u8]) -> anyhow::Result<()> {
        match &self.output {
            Some(path) => {
                write_export(store, path, bytes, self.force)?;
                eprintln!("{}", tr!(lang, "wrote-file", path = sanitize_line(&path.display().to_string())));
            }
            None => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
            }
        }
        Ok(())
    }
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date (YYYY-MM-DD)"))
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<ExitCode> {
    let store = ctx.read_store()?;
    let lang = ctx.lang;
    match command {
        Command::Minutes { key, meeting, last: _, output } => {
            let record = Record::load(&store, &key)?;
            let chosen = ctx.export_lang(&record.questionnaire.languages);
            let record = record.in_language(chosen);
            let meeting = match meeting {
                Some(n) => record.meeting(n).with_context(|| {
                    let key = record.consultation.key.to_string();
                    tr!(lang, "export-no-meeting-n", key = key, n = n, count = record.meetings.len())
                })?,
                None => match record.meetings.last() {
                    Some(m) => m,
                    None => bail!(tr!(lang, "export-no-meeting-yet", key = record.consultation.key.to_string())),
                },
            };
            output.emit(&store, lang, export::minutes::minutes(&record, meeting).as_bytes())?;
        }
        Command::Report { key, format, output } => {
            let record = Record::load(&store, &key)?;
            let chosen = ctx.export_lang(&record.questionnaire.languages);
            let record = record.in_language(chosen);
            let text = match format {
                ReportFormat::Md => export::report::report(&record),
                ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&export::json::report(&record))?),
            };
            output.emit(&store, lang, text.as_bytes())?;
        }
        Command::Items { filters, format, as_of, csv, output } => {
            let today = as_of.unwrap_or_else(|| ctx.clock.today()).to_string();
            filters.check(&store, lang)?;
            // Written as the rows are read: an export of a million items fits in memory.
            store.with_item_rows(&filters.query(&today), |rows| {
                let export_lang = ctx.lang_flag.unwrap_or(lang);
                // A read that failed half way is an error, and leaves no file: the export
                // would be short.
                output.emit_with(&store, lang, |mut w| {
                    match format {
                        ExportItemsFormat::Md => {
                            write!(w, "{}\n\n", tr!(export_lang, "items-overdue-as-of", today = &today))?;
                            let words = super::items::Words::new(export_lang, &ctx.catalog());
                            write_markdown_list(&mut w, rows, &today, &words)?;
                        }
                        ExportItemsFormat::Csv => write_csv(&mut w, rows, &today, csv)?,
                        ExportItemsFormat::Json => super::item_json::write_items_json(&mut w, rows, &today)?,
                    }
                    Ok(())
                })
            })??;
        }
    }
    Ok(ExitCode::SUCCESS)
}
