//! The command line: one module per subcommand, each with its own `run()`.
//!
//! Exit codes: 0 success, 1 error (bad input, database or file problem), 2 usage error
//! (unknown flag, malformed argument; from clap).

mod backup;
mod export;
mod item;
mod item_json;
pub mod items;
mod list;
mod new;
pub mod output;
mod questionnaire;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::config::Settings;
use crate::i18n::Lang;
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

    /// Record changes as made by NAME [default: "name" in config.json, else CHEC_USER, else
    /// the login name].
    #[arg(long = "as", global = true, value_name = "NAME", allow_hyphen_values = true)]
    pub actor: Option<String>,

    /// Language of the interface and of exports: ko or en [default: "lang" in config.json,
    /// else the locale (LC_ALL, LC_MESSAGES, LANG), else en].
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXIT_CODES: &str = "Exit codes: 0 success, 1 error, 2 usage error, 3 `items --fail-on` found items.";

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
    /// List improvement items across consultations (a CI gate with --fail-on).
    Items(items::Args),
    /// Show, add or change one improvement item.
    #[command(subcommand)]
    Item(item::Command),
    /// Export minutes, the full report or items as Markdown (or JSON, CSV).
    #[command(subcommand)]
    Export(export::Command),
}

/// What every subcommand needs: where the database and the user's questionnaires are, and
/// who is making changes.
pub struct Context {
    pub db: PathBuf,
    pub user_questionnaires: Option<PathBuf>,
    pub actor: Option<String>,
    /// The one clock: what every write is stamped with and what "today" is.
    pub clock: Clock,
    /// The language people are spoken to in.
    pub lang: Lang,
    /// The language given with `--lang`, if it was: exports are then written in it too.
    pub lang_flag: Option<Lang>,
}

impl Context {
    pub fn from_cli(db: Option<PathBuf>, actor: Option<String>, lang: Option<Lang>) -> anyhow::Result<Context> {
        let from_env = std::env::var_os(crate::paths::DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
        let db = match db.or(from_env) {
            Some(db) => db,
            None => crate::paths::default_db_path().with_context(|| crate::tr!(env_lang(lang), "no-home"))?,
        };
        let settings = Settings::load()?;
        let actor = actor.or(settings.name.clone());
        let clock = Clock::from_env(settings.zone()).map_err(anyhow::Error::msg)?;
        let lang_flag = lang;
        let lang = crate::i18n::resolve(lang, settings.lang, |name| std::env::var(name).ok());
        Ok(Context { db, user_questionnaires: crate::paths::user_questionnaire_dir(), actor, clock, lang, lang_flag })
    }

    /// The database, which must exist: only `chec new` and the TUI create one.
    pub fn store(&self) -> anyhow::Result<Store> {
        Ok(self.with_actor(Store::open_existing(&self.db)?))
    }

    /// The database, opened only to read it (it must exist): commands that only read then
    /// work on a write-protected file or in a read-only folder.
    pub fn read_store(&self) -> anyhow::Result<Store> {
        Ok(self.with_actor(Store::open_read_only(&self.db)?))
    }

    /// The database, created (with its folders) if it does not exist yet.
    pub fn create_store(&self) -> anyhow::Result<Store> {
        Ok(self.with_actor(Store::open(&self.db)?))
    }

    /// The store with this context's clock and author.
    fn with_actor(&self, mut store: Store) -> Store {
        store.set_clock(self.clock.clone());
        if let Some(actor) = &self.actor {
            store.set_actor(actor);
        }
        store
    }

    pub fn catalog(&self) -> Catalog {
        let cache = crate::paths::questionnaire_check_cache();
        Catalog::load_cached(self.user_questionnaires.as_deref(), cache.as_deref())
    }
}

/// The language for what is said before the settings are read (or when they cannot be):
/// `--lang`, else the locale.
fn env_lang(flag: Option<Lang>) -> Lang {
    let configured = Settings::load().ok().and_then(|s| s.lang);
    crate::i18n::resolve(flag, configured, |name| std::env::var(name).ok())
}

/// Run the parsed command line and turn the outcome into an exit code.
pub fn run(cli: Cli) -> ExitCode {
    let db = cli.db.clone();
    let flag = cli.lang;
    let result = Context::from_cli(cli.db, cli.actor, cli.lang).and_then(|ctx| match cli.command {
        None => crate::tui::run(&ctx),
        Some(Command::New(args)) => new::run(&ctx, args),
        Some(Command::List(args)) => list::run(&ctx, args),
        Some(Command::Questionnaire(cmd)) => questionnaire::run(&ctx, cmd),
        Some(Command::Backup(args)) => backup::run(&ctx, args),
        Some(Command::Items(args)) => items::run(&ctx, args),
        Some(Command::Item(cmd)) => item::run(&ctx, cmd),
        Some(Command::Export(cmd)) => export::run(&ctx, cmd),
    });
    match result {
        Ok(code) => code,
        // The reader went away (`chec items | head`): stop quietly, as other tools do.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // A database error met after opening: say which database.
            let e = match e.downcast_ref::<crate::storage::StoreError>() {
                Some(crate::storage::StoreError::Sqlite(_)) => {
                    let path =
                        Context::from_cli(db, None, None).map(|c| c.db.display().to_string()).unwrap_or_default();
                    e.context(path)
                }
                _ => e,
            };
            report_error(&e, env_lang(flag));
            ExitCode::from(1)
        }
    }
}

pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<csv::Error>().is_some_and(
                |c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}

/// Print an error and its causes to stderr, cleaned of anything a terminal would obey.
/// Causes that only repeat what was already said (SQLite's error chain does) are left out.
pub fn report_error(e: &anyhow::Error, lang: Lang) {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    let mut lines = sanitize_block(&message).into_owned();
    // Indent continuation lines (e.g. one per questionnaire problem) under the first.
    lines = lines.replace('\n', "\n  ");
    // Not eprintln!, which panics when stderr is gone (a closed terminal).
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{} {lines}", crate::tr!(lang, "error-prefix"));
}
