//! The command line: one module per subcommand, each with its own `run()`.
//!
//! Exit codes: 0 success, 1 error (bad input, database or file problem), 2 usage error
//! (unknown flag, malformed argument; from clap).

mod backup;
mod list;
mod new;
pub mod output;
mod questionnaire;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::catalog::Catalog;
use crate::storage::Store;
use crate::text::sanitize_block;

/// chec: AI ethics consultations, from the first plan to after launch.
///
/// Run without a subcommand to open the consultation screen (TUI) on the default database.
#[derive(Debug, Parser)]
#[command(name = "chec", version, propagate_version = true, after_help = EXIT_CODES)]
pub struct Cli {
    /// Database file to use [env: CHEC_DB; default: chec.db in the per-user data folder].
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXIT_CODES: &str = "Exit codes: 0 success, 1 error, 2 usage error.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a consultation for an AI service.
    New(new::Args),
    /// List consultations with their stage, progress and open items.
    List(list::Args),
    /// List, show and validate questionnaires.
    #[command(subcommand)]
    Questionnaire(questionnaire::Command),
    /// Copy the database to a file, safely, even while chec is running.
    Backup(backup::Args),
}

/// What every subcommand needs: where the database and the user's questionnaires are.
pub struct Context {
    pub db: PathBuf,
    pub user_questionnaires: Option<PathBuf>,
}

impl Context {
    pub fn from_cli(db: Option<PathBuf>) -> anyhow::Result<Context> {
        let from_env = std::env::var_os(crate::paths::DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
        let db = match db.or(from_env) {
            Some(db) => db,
            None => crate::paths::default_db_path()
                .context("cannot find a home folder for the default database; use --db PATH or CHEC_DB")?,
        };
        Ok(Context { db, user_questionnaires: crate::paths::user_questionnaire_dir() })
    }

    pub fn store(&self) -> anyhow::Result<Store> {
        Ok(Store::open(&self.db)?)
    }

    pub fn catalog(&self) -> Catalog {
        Catalog::load(self.user_questionnaires.as_deref())
    }
}

/// Run the parsed command line and turn the outcome into an exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = Context::from_cli(cli.db).and_then(|ctx| match cli.command {
        None => crate::tui::run(&ctx),
        Some(Command::New(args)) => new::run(&ctx, args),
        Some(Command::List(args)) => list::run(&ctx, args),
        Some(Command::Questionnaire(cmd)) => questionnaire::run(&ctx, cmd),
        Some(Command::Backup(args)) => backup::run(&ctx, args),
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            ExitCode::from(1)
        }
    }
}

/// Print an error and its causes to stderr, cleaned of anything a terminal would obey.
pub fn report_error(e: &anyhow::Error) {
    let message = format!("{e:#}");
    let mut lines = sanitize_block(&message).into_owned();
    // Indent continuation lines (e.g. one per questionnaire problem) under the first.
    lines = lines.replace('\n', "\n  ");
    eprintln!("chec: error: {lines}");
}
