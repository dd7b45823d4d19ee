//! `chec list`: consultations with their stage, progress and open items.

use std::process::ExitCode;

use super::Context;
use crate::tr;
use std::io::Write as _;

use super::output::{Format, Table, terminal_width, write_json_array};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let store = ctx.read_store()?;
    let today = ctx.clock.today_text();
    // Written as the rows are read, so any number of consultations fits in memory.
    store.with_consultation_summaries(&today, |rows| -> anyhow::Result<()> {
        let mut failed = None;
        let consultations = rows.map_while(|row| row.map_err(|e| failed = Some(e)).ok());
        let mut out = super::output::buffered_stdout();
        match args.format {
            Format::Json => write_json_array(&mut out, consultations)?,
            Format::Table => {
                let h = |id: &str| tr!(ctx.lang, id);
                let table = Table::new(&[
                    (h("list-col-key"), false),
                    (h("list-col-name"), true),
                    (h("list-col-team"), true),
                    (h("list-col-stage"), true),
                    (h("list-col-progress"), false),
                    (h("list-col-open"), false),
                    (h("list-col-overdue"), false),
                    (h("list-col-status"), false),
                ]);
                // The stored stage name is in the questionnaire's first language.
                let stage_names = ctx.catalog().stage_names(ctx.lang);
                let rows = consultations.map(|c| {
                    let stage = stage_names
                        .get(&(c.questionnaire_id.clone(), c.current_stage.clone()))
                        .cloned()
                        .unwrap_or(c.current_stage_name);
                    [
                        c.key,
                        c.name,
                        c.team,
                        stage,
                        format!("{}/{}", c.assessed, c.questions),
                        c.open_items.to_string(),
                        c.overdue_items.to_string(),
                        crate::i18n::word(ctx.lang, c.status),
                    ]
                });
                if table.stream(rows, terminal_width(), &mut out)? == 0 && failed.is_none() {
                    writeln!(out, "{}", tr!(ctx.lang, "list-empty"))?;
                }
            }
        }
        out.flush()?;
        failed.map_or(Ok(()), |e| Err(e.into()))
    })??;
    Ok(ExitCode::SUCCESS)
}
