//! `chec backup`: a consistent copy of the database through SQLite's online backup API.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use super::output::outln;
use crate::text::sanitize_line;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to write (readable by its owner only).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let store = ctx.read_store()?;
    store.backup_to(&args.output, args.force)?;
    let db = ctx.db.display().to_string();
    let output = args.output.display().to_string();
    outln!("{}", crate::tr!(ctx.lang, "backup-done", db = sanitize_line(&db), file = sanitize_line(&output)))?;
    Ok(ExitCode::SUCCESS)
}
