//! `chec list`: consultations with their stage, progress and open items.

use std::process::ExitCode;

use super::Context;
use super::output::{Format, Table, outln, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let store = ctx.read_store()?;
    let today = ctx.clock.today_text();
    let consultations = store.consultation_summaries(&today)?;
    match args.format {
        Format::Json => print_json(&consultations)?,
        Format::Table => {
            if consultations.is_empty() {
                outln!("No consultations yet. Open one with: chec new --key KEY --name NAME")?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut table = Table::new(&[
                ("KEY", false),
                ("NAME", true),
                ("TEAM", true),
                ("STAGE", true),
                ("PROGRESS", false),
                ("OPEN", false),
                ("OVERDUE", false),
                ("STATUS", false),
            ]);
            for c in &consultations {
                table.row(&[
                    c.key.clone(),
                    c.name.clone(),
                    c.team.clone(),
                    c.current_stage_name.clone(),
                    format!("{}/{}", c.assessed, c.questions),
                    c.open_items.to_string(),
                    c.overdue_items.to_string(),
                    c.status.label().to_string(),
                ]);
            }
            table.print()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
