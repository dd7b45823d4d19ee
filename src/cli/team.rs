//! `chec team …` and `chec sync`: sharing consultations through a git repository.

use std::process::ExitCode;

use super::Context;
use super::output::outln;
use crate::domain::Role;
use crate::i18n::Lang;
use crate::storage::Store;
use crate::team::sync::{self, SyncReport};
use crate::text::{sanitize_block, sanitize_line};
use crate::tr;
use unicode_width::UnicodeWidthStr as _;

/// `chec sync`: some events could not be imported (they are listed on stderr).
pub const SYNC_PROBLEMS: u8 = 4;
/// `chec sync`: the team's repository could not be reached; changes wait, nothing is lost.
pub const SYNC_OFFLINE: u8 = 5;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start sharing this database through an empty git repository (its URL or path):
    /// publishes every consultation as events; you become the team's lead.
    Init {
        /// The team repository: an SSH or HTTPS URL, or a path to a bare repository.
        remote: String,
    },
    /// Join a team: clone its repository and import every consultation (into a database
    /// that holds none yet).
    Join {
        /// The team repository: an SSH or HTTPS URL, or a path.
        remote: String,
    },
    /// Where the team stands: the repository, the last sync, changes waiting, conflicts
    /// and anything that could not be imported.
    Status,
    /// Fields two people changed from the same starting value, with every version.
    Conflicts,
    /// Settle conflict N (as numbered by `chec team conflicts`): keep one version, or give
    /// the text to keep (e.g. both merged).
    Resolve {
        /// The conflict's number in `chec team conflicts`.
        number: usize,
        /// Keep version V (as numbered under the conflict).
        #[arg(long, value_name = "V", conflicts_with = "text", required_unless_present = "text")]
        keep: Option<usize>,
        /// Keep this text instead.
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
    },
    /// Add a member to team.json (or change their role); the next sync shares it.
    Member {
        /// The name they record changes under (`--as`, config.json's "name" or CHEC_USER).
        name: String,
        /// consultant, developer or lead.
        #[arg(long)]
        role: Role,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> anyhow::Result<ExitCode> {
    let lang = ctx.lang;
    // Joining is how a new machine gets its database: the one command here that creates it.
    let mut store = if matches!(cmd, Command::Join { .. }) { ctx.create_store()? } else { ctx.store()? };
    match cmd {
        Command::Init { remote } => {
            let report = sync::init(&mut store, &ctx.db, &remote)?;
            outln!("{}", tr!(lang, "team-init-done", remote = sanitize_line(&remote)))?;
            finish(&report, lang)
        }
        Command::Join { remote } => {
            let report = sync::join(&mut store, &ctx.db, &remote)?;
            outln!("{}", tr!(lang, "team-joined", remote = sanitize_line(&remote)))?;
            let status = sync::status(&store, &ctx.db)?;
            if status.members > 0 && status.role.is_none() {
                outln!("{}", tr!(lang, "team-not-a-member-yet", name = sanitize_line(store.actor())))?;
            }
            finish(&report, lang)
        }
        Command::Status => status(&store, ctx),
        Command::Conflicts => conflicts(&store, lang),
        Command::Resolve { number, keep, text } => resolve(&mut store, number, keep, text, lang),
        Command::Member { name, role } => {
            sync::set_member(&mut store, &ctx.db, &name, role)?;
            let role = tr!(lang, &format!("team-role-{}", role.as_str()));
            outln!("{}", tr!(lang, "team-member-set", name = sanitize_line(name.trim()), role = role))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `chec sync`.
pub fn run_sync(ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = ctx.store()?;
    let report = sync::sync(&mut store, &ctx.db, false)?;
    finish(&report, ctx.lang)
}

/// Say what a sync did; problems go to stderr, and decide the exit code.
fn finish(report: &SyncReport, lang: Lang) -> anyhow::Result<ExitCode> {
    outln!("{}", sanitize_line(&report.summary_in(lang)))?;
    if !report.import.problems.is_empty() {
        crate::team::report_problems(&report.import.problems);
        return Ok(ExitCode::from(SYNC_PROBLEMS));
    }
    if report.offline.is_some() {
        return Ok(ExitCode::from(SYNC_OFFLINE));
    }
    Ok(ExitCode::SUCCESS)
}

fn status(store: &Store, ctx: &Context) -> anyhow::Result<ExitCode> {
    let lang = ctx.lang;
    let s = sync::status(store, &ctx.db)?;
    let Some(remote) = &s.remote else {
        outln!("{}", tr!(lang, "team-status-no-team"))?;
        outln!("{}", tr!(lang, "team-status-waiting-for-team", n = s.waiting))?;
        return Ok(ExitCode::SUCCESS);
    };
    let zone = store.clock().zone();
    let labels = [
        "team-status-repository",
        "team-status-clone",
        "team-status-machine",
        "team-status-you",
        "team-status-last-sync",
        "team-status-last-problem",
        "team-status-waiting",
        "team-status-conflicts",
        "team-status-not-imported",
    ]
    .map(|id| tr!(lang, id));
    // Labels padded to the widest (Hangul takes two columns a character).
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0) + 1;
    let row = |i: usize, value: String| format!("{}{}{value}", labels[i], " ".repeat(width - labels[i].width()));
    let branch = sanitize_line(s.branch.as_deref().unwrap_or("?")).into_owned();
    outln!("{}", row(0, format!("{} ({branch})", sanitize_line(remote))))?;
    outln!("{}", row(1, sanitize_line(&s.clone.display().to_string()).into_owned()))?;
    outln!("{}", row(2, tr!(lang, "team-status-device", device = sanitize_line(&s.device))))?;
    let actor = store.actor();
    let you = match s.role {
        Some(role) => format!("{actor} ({})", tr!(lang, &format!("team-role-{}", role.as_str()))),
        None if s.members > 0 => tr!(lang, "team-status-you-not-member", name = actor),
        None => tr!(lang, "team-status-you-no-team-json", name = actor),
    };
    outln!("{}", row(3, sanitize_line(&you).into_owned()))?;
    let last = s.last_sync.as_deref().map_or_else(|| tr!(lang, "team-status-never"), |t| zone.short_stored(t));
    outln!("{}", row(4, sanitize_line(&last).into_owned()))?;
    if let Some(error) = &s.last_error {
        outln!("{}", row(5, sanitize_line(error).into_owned()))?;
    }
    outln!("{}", row(6, tr!(lang, "team-status-changes", n = s.waiting)))?;
    let conflicts = match s.conflicts {
        0 => "0".to_string(),
        n => tr!(lang, "team-status-conflicts-n", n = n),
    };
    outln!("{}", row(7, conflicts))?;
    outln!("{}", row(8, s.problems.len().to_string()))?;
    for p in &s.problems {
        outln!("  {}: {}", sanitize_line(&p.place), sanitize_line(&p.message))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn conflicts(store: &Store, lang: Lang) -> anyhow::Result<ExitCode> {
    let conflicts = store.team_conflicts()?;
    if conflicts.is_empty() {
        outln!("{}", tr!(lang, "team-no-conflicts"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let zone = store.clock().zone();
    for (n, c) in conflicts.iter().enumerate() {
        let heading = tr!(
            lang,
            "team-conflict",
            n = n + 1,
            consultation = sanitize_line(&c.consultation),
            field = sanitize_line(&c.field),
            versions = c.versions.len()
        );
        outln!("{heading}")?;
        for (v, version) in c.versions.iter().enumerate() {
            let line = tr!(
                lang,
                "team-conflict-version",
                n = v + 1,
                by = sanitize_line(&version.author),
                device = sanitize_line(&version.device),
                at = sanitize_line(&zone.short_stored(&version.at))
            );
            outln!("  {line}")?;
            let text = if version.value.is_empty() { tr!(lang, "team-conflict-empty") } else { version.value.clone() };
            for line in sanitize_block(&text).lines() {
                outln!("     {line}")?;
            }
        }
    }
    outln!("{}", tr!(lang, "team-conflict-settle"))?;
    Ok(ExitCode::SUCCESS)
}

fn resolve(
    store: &mut Store,
    number: usize,
    keep: Option<usize>,
    text: Option<String>,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let conflicts = store.team_conflicts()?;
    let conflict = number
        .checked_sub(1)
        .and_then(|i| conflicts.get(i))
        .ok_or_else(|| anyhow::anyhow!(tr!(lang, "team-no-conflict", n = number, count = conflicts.len())))?;
    let text = match (keep, text) {
        (Some(v), _) => {
            v.checked_sub(1).and_then(|i| conflict.versions.get(i)).map(|h| h.value.clone()).ok_or_else(|| {
                anyhow::anyhow!(tr!(lang, "team-no-version", n = number, count = conflict.versions.len()))
            })?
        }
        (None, Some(text)) => text,
        (None, None) => anyhow::bail!(tr!(lang, "team-say-which")),
    };
    let consultation = store
        .consultation(&conflict.consultation)?
        .ok_or_else(|| anyhow::anyhow!(tr!(lang, "no-consultation", key = sanitize_line(&conflict.consultation))))?;
    store.resolve_conflict(&consultation, &conflict.target, &text)?;
    let field = sanitize_line(&conflict.field);
    outln!("{}", tr!(lang, "team-settled", field = field, consultation = sanitize_line(&conflict.consultation)))?;
    Ok(ExitCode::SUCCESS)
}
