//! The command line: one module per subcommand, each with its own `run()`.
//!
//! Exit codes: 0 success, 1 error (bad input, database or file problem), 2 usage error
//! (unknown flag, malformed argument; from clap).

mod backup;
mod export;
pub mod help;
mod item;
mod item_json;
mod item_source;
pub mod items;
mod list;
mod new;
pub mod output;
mod questionnaire;
pub mod shell;
pub mod team;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The subcommands' context is the one the TUI gets too; it lives in [`crate::config`].
pub use crate::config::Context;
use crate::config::Settings;
use crate::i18n::Lang;
use crate::text::sanitize_block;

/// chec: AI ethics consultations, from the first plan to after launch.
///
/// Run without a subcommand to open the consultation screen (TUI) on the default database.
#[derive(Debug, Parser)]
#[command(name = "chec", version, propagate_version = true, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Option<Command>,
}

// The options every subcommand takes (`global`), apart so that [`quick_parse`] can give them
// to one subcommand's parser. No doc comment here: a flattened struct's would become the
// command's.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Database file to use [default: chec.db in the per-user data folder].
    #[arg(long, global = true, value_name = "PATH", env = crate::paths::DB_ENV, hide_env_values = true)]
    pub db: Option<PathBuf>,

    /// Record changes as made by NAME [default: "name" in config.json, else CHEC_USER, else
    /// the login name].
    #[arg(long = "as", global = true, value_name = "NAME", allow_hyphen_values = true)]
    pub actor: Option<String>,

    /// Language of the interface and of exports: ko or en [default: "lang" in config.json,
    /// else the locale (LC_ALL, LC_MESSAGES, LANG), else en].
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Read a checked-out team repository instead of a database (for CI): its events are
    /// imported into a cache database inside it, updated with what is new each time. For
    /// commands that only read (items, item show, list, export, questionnaire). It takes the
    /// place of --db and CHEC_DB (a CHEC_DB set in the job's environment does not stop it).
    #[arg(long, global = true, value_name = "PATH")]
    pub team_dir: Option<PathBuf>,
}

const EXIT_CODES: &str = "Exit codes: 0 success, 1 error, 2 usage error, 3 `items --fail-on` found items, \
                          4 `sync` could not import some events (listed), 5 `sync` could not reach the team's repository.";

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
    /// Share consultations with a team through a git repository.
    #[command(subcommand)]
    Team(team::Command),
    /// Send this machine's changes to the team's repository and bring in everyone else's.
    Sync,
    /// Print a completion script for bash, zsh, fish, PowerShell or elvish.
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff): `chec man | man -l -`; --dir writes every page.
    Man(shell::ManArgs),
}

impl Command {
    /// Whether the command only reads, so it may run on a team repository's cache.
    fn only_reads(&self) -> bool {
        matches!(
            self,
            Command::List(_)
                | Command::Items(_)
                | Command::Item(item::Command::Show { .. })
                | Command::Export(_)
                | Command::Questionnaire(_)
        )
    }
}

/// The command line read by the parser of the one subcommand it names, when it names one
/// and that parser accepts it; `None` otherwise (help, `--version`, a mistake, no
/// subcommand), for the whole command line's parser to read and answer.
///
/// Building the whole command line (every subcommand's options, with their help) is most of
/// what clap does for a short `chec items`: about 0.6M instructions and fifteen pages of
/// stack and heap touched, where this parser takes 0.17M. It is no more permissive than
/// the whole: the same definitions (the derive's own), only the other subcommands missing;
/// whatever it refuses, the whole parser reads again and says why in the interface's
/// language.
pub fn quick_parse(args: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::{Args as _, FromArgMatches as _, Subcommand as _};
    let name = named_subcommand(args)?;
    let one = clap::Command::new(name.to_owned());
    let nested = |c: clap::Command| c.subcommand_required(true).arg_required_else_help(true);
    let sub = match name {
        "new" => new::Args::augment_args(one),
        "list" => list::Args::augment_args(one),
        "questionnaire" => questionnaire::Command::augment_subcommands(nested(one)),
        "backup" => backup::Args::augment_args(one),
        "items" => items::Args::augment_args(one),
        "item" => item::Command::augment_subcommands(nested(one)),
        "export" => export::Command::augment_subcommands(nested(one)),
        "team" => team::Command::augment_subcommands(nested(one)),
        "sync" => one,
        _ => return None,
    };
    let parser = Global::augment_args(clap::Command::new("chec")).subcommand(sub);
    let matches = parser.try_get_matches_from(args).ok()?;
    Cli::from_arg_matches(&matches).ok()
}

/// The subcommand `args` name: the first word that is neither an option of chec's own
/// (`--db`, `--as`, `--lang`, `--team-dir`) nor its value. `None` when another option comes
/// first (`-h`, `--version`, a mistake).
fn named_subcommand(args: &[std::ffi::OsString]) -> Option<&str> {
    const TAKE_A_VALUE: [&str; 4] = ["--db", "--as", "--lang", "--team-dir"];
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_str()?;
        if TAKE_A_VALUE.contains(&word) {
            words.next()?;
        } else if TAKE_A_VALUE.iter().any(|o| word.strip_prefix(o).is_some_and(|rest| rest.starts_with('='))) {
            continue;
        } else if word.starts_with('-') {
            return None;
        } else {
            return Some(word);
        }
    }
    None
}

/// The language for what is said before the settings are read (or when they cannot be):
/// `--lang`, else the locale.
pub(crate) fn env_lang(flag: Option<Lang>) -> Lang {
    let configured = Settings::load().ok().and_then(|s| s.lang);
    crate::i18n::resolve(flag, configured, |name| std::env::var(name).ok())
}

/// Run the parsed command line and turn the outcome into an exit code.
pub fn run(cli: Cli) -> ExitCode {
    let Cli { global: Global { db, actor, lang: flag, team_dir }, command } = cli;
    // The database a command reads with --team-dir: that checkout's cache.
    let cache = team_dir.as_deref().map(crate::team::sync::cache_path);
    let result = match command {
        // Neither needs a database, settings or a clock: a broken config.json must not stop them.
        Some(Command::Completions(args)) => shell::completions(args, env_lang(flag)),
        Some(Command::Man(args)) => shell::man(args, env_lang(flag)),
        command => Context::from_cli(db.clone(), actor, flag).and_then(|mut ctx| {
            if let (Some(dir), Some(cache)) = (team_dir, cache.clone()) {
                if !command.as_ref().is_some_and(Command::only_reads) {
                    anyhow::bail!(crate::tr!(ctx.lang, "team-dir-reads-only"));
                }
                ctx.db = cache;
                ctx.team_dir = Some(dir);
            }
            run_with(&ctx, command)
        }),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`chec items | head`): stop quietly, as other tools do.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // A database error met after opening: say which database.
            let e = match e.downcast_ref::<crate::storage::StoreError>() {
                Some(crate::storage::StoreError::Sqlite(_)) => {
                    let path = match cache {
                        Some(cache) => cache.display().to_string(),
                        None => {
                            Context::from_cli(db, None, None).map(|c| c.db.display().to_string()).unwrap_or_default()
                        }
                    };
                    e.context(path)
                }
                _ => e,
            };
            report_error(&e, env_lang(flag));
            ExitCode::from(1)
        }
    }
}

/// Run a command that needs the context.
fn run_with(ctx: &Context, command: Option<Command>) -> anyhow::Result<ExitCode> {
    match command {
        None => crate::tui::run(ctx),
        Some(Command::New(args)) => new::run(ctx, args),
        Some(Command::List(args)) => list::run(ctx, args),
        Some(Command::Questionnaire(cmd)) => questionnaire::run(ctx, cmd),
        Some(Command::Backup(args)) => backup::run(ctx, args),
        Some(Command::Items(args)) => items::run(ctx, args),
        Some(Command::Item(cmd)) => item::run(ctx, cmd),
        Some(Command::Export(cmd)) => export::run(ctx, cmd),
        Some(Command::Team(cmd)) => team::run(ctx, cmd),
        Some(Command::Sync) => team::run_sync(ctx),
        Some(Command::Completions(args)) => shell::completions(args, ctx.lang),
        Some(Command::Man(args)) => shell::man(args, ctx.lang),
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
    // Errors chec knows are said in `lang`, with their file, line and field.
    let message = crate::messages::report(lang, e);
    let mut lines = sanitize_block(&message).into_owned();
    // Indent continuation lines (e.g. one per questionnaire problem) under the first.
    lines = lines.replace('\n', "\n  ");
    // Not eprintln!, which panics when stderr is gone (a closed terminal).
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{} {lines}", crate::tr!(lang, "error-prefix"));
}
