//! `chec team …` and `chec sync`: sharing consultations through a git repository.

use std::process::ExitCode;

use super::Context;
use super::output::outln;
use crate::domain::Role;
use crate::storage::Store;
use crate::team::sync::{self, SyncReport};
use crate::text::{sanitize_block, sanitize_line};

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
    // Joining is how a new machine gets its database: the one command here that creates it.
    let mut store = if matches!(cmd, Command::Join { .. }) { ctx.create_store()? } else { ctx.store()? };
    match cmd {
        Command::Init { remote } => {
            let report = sync::init(&mut store, &ctx.db, &remote)?;
            outln!("This database now shares its consultations through {}", sanitize_line(&remote))?;
            outln!("Others join with: chec team join {}", sanitize_line(&remote))?;
            finish(&report)
        }
        Command::Join { remote } => {
            let report = sync::join(&mut store, &ctx.db, &remote)?;
            outln!("Joined the team at {}", sanitize_line(&remote))?;
            let status = sync::status(&store, &ctx.db)?;
            if status.members > 0 && status.role.is_none() {
                outln!(
                    "{} is not in the team's team.json yet: until a lead adds you (chec team member NAME --role R), \
                     others keep your changes aside",
                    sanitize_line(store.actor())
                )?;
            }
            finish(&report)
        }
        Command::Status => status(&store, ctx),
        Command::Conflicts => conflicts(&store),
        Command::Resolve { number, keep, text } => resolve(&mut store, number, keep, text),
        Command::Member { name, role } => {
            sync::set_member(&mut store, &ctx.db, &name, role)?;
            outln!("{} is a {} of the team; chec sync shares it", sanitize_line(name.trim()), role.label())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `chec sync`.
pub fn run_sync(ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = ctx.store()?;
    let report = sync::sync(&mut store, &ctx.db, false)?;
    finish(&report)
}

/// Say what a sync did; problems go to stderr, and decide the exit code.
fn finish(report: &SyncReport) -> anyhow::Result<ExitCode> {
    outln!("{}", sanitize_line(&report.summary()))?;
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
    let s = sync::status(store, &ctx.db)?;
    let Some(remote) = &s.remote else {
        outln!("This database shares with no team (chec team init REMOTE, or chec team join REMOTE).")?;
        outln!("Changes recorded, waiting for a team: {}", s.waiting)?;
        return Ok(ExitCode::SUCCESS);
    };
    let zone = store.clock().zone();
    outln!("Team repository: {} ({})", sanitize_line(remote), sanitize_line(s.branch.as_deref().unwrap_or("?")))?;
    outln!("Clone:           {}", sanitize_line(&s.clone.display().to_string()))?;
    outln!("This machine:    device {}", sanitize_line(&s.device))?;
    let you = match s.role {
        Some(role) => format!("{} ({})", store.actor(), role.label()),
        None if s.members > 0 => format!("{} (not in team.json: others keep your changes aside)", store.actor()),
        None => format!("{} (the team has no team.json: everyone may do everything)", store.actor()),
    };
    outln!("You:             {}", sanitize_line(&you))?;
    let last = s.last_sync.as_deref().map_or("never".to_string(), |t| zone.short_stored(t));
    outln!("Last sync:       {}", sanitize_line(&last))?;
    if let Some(error) = &s.last_error {
        outln!("Last problem:    {}", sanitize_line(error))?;
    }
    outln!("Waiting to send: {} change{}", s.waiting, if s.waiting == 1 { "" } else { "s" })?;
    outln!("Conflicts:       {}{}", s.conflicts, if s.conflicts > 0 { " (chec team conflicts)" } else { "" })?;
    outln!("Not imported:    {}", s.problems.len())?;
    for p in &s.problems {
        outln!("  {}: {}", sanitize_line(&p.place), sanitize_line(&p.message))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn conflicts(store: &Store) -> anyhow::Result<ExitCode> {
    let conflicts = store.team_conflicts()?;
    if conflicts.is_empty() {
        outln!("No conflicts.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let zone = store.clock().zone();
    for (n, c) in conflicts.iter().enumerate() {
        outln!(
            "#{} {} · {} — {} versions",
            n + 1,
            sanitize_line(&c.consultation),
            sanitize_line(&c.field),
            c.versions.len()
        )?;
        for (v, version) in c.versions.iter().enumerate() {
            outln!(
                "  {}. by {} (device {}) at {}",
                v + 1,
                sanitize_line(&version.author),
                sanitize_line(&version.device),
                sanitize_line(&zone.short_stored(&version.at))
            )?;
            let text = if version.value.is_empty() { "(empty)".to_string() } else { version.value.clone() };
            for line in sanitize_block(&text).lines() {
                outln!("     {line}")?;
            }
        }
    }
    outln!("Settle one with: chec team resolve N --keep V (or --text \"…\")")?;
    Ok(ExitCode::SUCCESS)
}

fn resolve(store: &mut Store, number: usize, keep: Option<usize>, text: Option<String>) -> anyhow::Result<ExitCode> {
    let conflicts = store.team_conflicts()?;
    let conflict = number
        .checked_sub(1)
        .and_then(|i| conflicts.get(i))
        .ok_or_else(|| anyhow::anyhow!("no conflict #{number} (chec team conflicts lists {})", conflicts.len()))?;
    let text = match (keep, text) {
        (Some(v), _) => v
            .checked_sub(1)
            .and_then(|i| conflict.versions.get(i))
            .map(|h| h.value.clone())
            .ok_or_else(|| anyhow::anyhow!("conflict #{number} has versions 1 to {}", conflict.versions.len()))?,
        (None, Some(text)) => text,
        (None, None) => anyhow::bail!("say which version to keep (--keep V) or the text (--text T)"),
    };
    let consultation = store
        .consultation(&conflict.consultation)?
        .ok_or_else(|| anyhow::anyhow!("no consultation {}", sanitize_line(&conflict.consultation)))?;
    store.resolve_conflict(&consultation, &conflict.target, &text)?;
    outln!(
        "Settled {} of {}; chec sync shares it",
        sanitize_line(&conflict.field),
        sanitize_line(&conflict.consultation)
    )?;
    Ok(ExitCode::SUCCESS)
}
