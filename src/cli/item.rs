//! `chec item show|add|set`: one improvement item.

use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::Context;
use super::output::{out, outln, print_json};
use crate::domain::item::parse_due;
use crate::domain::{Item, ItemChange, ItemStatus, ItemUpdate, NewItem, Priority, Risk, RiskResponse, RiskSource};
use crate::storage::Store;
use crate::text::{sanitize_block, sanitize_line};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show an item with its full history.
    Show {
        /// The item's key, e.g. CARE-3.
        key: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = super::output::Format::Table)]
        format: super::output::Format,
    },
    /// Raise an item on a consultation.
    Add(AddArgs),
    /// Change an item's status, owner, due date or priority, with a note.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The consultation's key, e.g. CARE.
    consultation: String,
    #[arg(long, allow_hyphen_values = true)]
    title: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    detail: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    owner: String,
    /// Due date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    /// low, medium, high or critical (default: from likelihood × impact, else medium).
    #[arg(long, value_name = "P")]
    priority: Option<Priority>,
    /// The question it is raised on (its principles and stage are taken from it).
    #[arg(long, value_name = "QID")]
    question: Option<String>,
    /// 1 (rare) to 5 (almost certain); give with --impact.
    #[arg(long, value_name = "N", requires = "impact", value_parser = clap::value_parser!(u8).range(1..=5))]
    likelihood: Option<u8>,
    /// 1 (minor) to 5 (severe); give with --likelihood.
    #[arg(long, value_name = "N", requires = "likelihood", value_parser = clap::value_parser!(u8).range(1..=5))]
    impact: Option<u8>,
    /// technical (from the AI system) or human (from how people design or use it).
    #[arg(long, value_name = "SOURCE")]
    source: Option<RiskSource>,
    /// mitigate, avoid, transfer or accept.
    #[arg(long, value_name = "RESPONSE")]
    response: Option<RiskResponse>,
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The item's key, e.g. CARE-3.
    key: String,
    /// open, in-progress, resolved, accepted or wont-do (the last three need --note).
    #[arg(long, value_name = "STATUS")]
    status: Option<ItemStatus>,
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    owner: Option<String>,
    /// Due date, YYYY-MM-DD, or "none" to clear it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    #[arg(long, value_name = "P")]
    priority: Option<Priority>,
    #[arg(long, value_name = "N", requires = "impact", value_parser = clap::value_parser!(u8).range(1..=5))]
    likelihood: Option<u8>,
    #[arg(long, value_name = "N", requires = "likelihood", value_parser = clap::value_parser!(u8).range(1..=5))]
    impact: Option<u8>,
    #[arg(long, allow_hyphen_values = true)]
    title: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    detail: Option<String>,
    /// Why: the resolution note, or a remark recorded in the history.
    #[arg(long, allow_hyphen_values = true)]
    note: Option<String>,
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<ExitCode> {
    let mut store = match command {
        Command::Show { .. } => ctx.read_store()?,
        Command::Add(_) | Command::Set(_) => ctx.store()?,
    };
    match command {
        Command::Show { key, format } => {
            let item = find(&store, &key)?;
            let history = store.item_history(&item)?;
            if format == super::output::Format::Json {
                #[derive(serde::Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    item: super::items::ItemJson<&'a Item>,
                    history: &'a [ItemChange],
                }
                let today = ctx.clock.today_text();
                let item_json =
                    super::items::ItemJson { item: &item, score: item.risk_score(), overdue: item.is_overdue(&today) };
                print_json(&Shown { item: item_json, history: &history })?;
            } else {
                out!("{}", describe(&item, &history))?;
            }
        }
        Command::Add(args) => {
            let item = add(&mut store, args)?;
            outln!("Raised {} [{}] {}", item.key, item.priority.label(), sanitize_line(&item.title))?;
        }
        Command::Set(args) => {
            let key = args.key.clone();
            let update = update_of(args)?;
            if update.is_empty() {
                bail!(
                    "nothing to change: give --status, --owner, --due, --priority, --likelihood/--impact, --title, --detail or --note"
                );
            }
            let item = store.update_item(&key, &update, None)?;
            outln!(
                "{}: {} · {} · owner {} · due {}",
                item.key,
                item.status.label(),
                item.priority.label(),
                if item.owner.is_empty() { "—".into() } else { sanitize_line(&item.owner).into_owned() },
                item.due_date.as_deref().unwrap_or("—")
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn find(store: &Store, key: &str) -> anyhow::Result<Item> {
    store.item(key)?.with_context(|| format!("no item {} (keys look like CARE-3)", sanitize_line(key)))
}

fn risk(likelihood: Option<u8>, impact: Option<u8>) -> anyhow::Result<Option<Risk>> {
    match (likelihood, impact) {
        (Some(l), Some(i)) => Ok(Some(Risk::new(l, i)?)),
        _ => Ok(None),
    }
}

fn add(store: &mut Store, args: AddArgs) -> anyhow::Result<Item> {
    let key = args.consultation.trim().to_ascii_uppercase();
    let consultation = store.consultation(&key)?.with_context(|| format!("no consultation {}", sanitize_line(&key)))?;
    let questionnaire = store.questionnaire_of(&consultation)?;
    let (stage, principles) = match &args.question {
        Some(qid) => {
            let q = questionnaire
                .question(qid)
                .with_context(|| format!("{} has no question {} in {}", key, sanitize_line(qid), questionnaire.id))?;
            (q.stage.clone(), q.principles.clone())
        }
        None => (consultation.current_stage.clone(), Vec::new()),
    };
    let due = args.due.as_deref().map(parse_due).transpose()?;
    let new = NewItem {
        title: args.title,
        detail: args.detail,
        owner: args.owner,
        due,
        priority: args.priority,
        risk_source: args.source,
        risk: risk(args.likelihood, args.impact)?,
        response: args.response,
        question_id: args.question,
        principles,
        stage,
    };
    Ok(store.raise_item(&consultation, &new, None)?)
}

fn update_of(args: SetArgs) -> anyhow::Result<ItemUpdate> {
    let due = match args.due.as_deref().map(str::trim) {
        None => None,
        Some("none" | "") => Some(None),
        Some(d) => Some(Some(parse_due(d)?)),
    };
    Ok(ItemUpdate {
        status: args.status,
        owner: args.owner,
        due,
        priority: args.priority,
        risk: risk(args.likelihood, args.impact)?,
        started_from: None,
        title: args.title,
        detail: args.detail,
        note: args.note,
    })
}

/// An item and its history, for people.
pub fn describe(item: &Item, history: &[ItemChange]) -> String {
    let line = |s: &str| sanitize_line(s).into_owned();
    let mut out = format!("{}  {}\n", item.key, line(&item.title));
    let dash = |v: &str| if v.is_empty() { "—".to_string() } else { line(v) };
    out.push_str(&format!("  status:      {}\n", item.status.label()));
    out.push_str(&format!("  priority:    {}\n", item.priority.label()));
    if let (Some(l), Some(i)) = (item.likelihood, item.impact) {
        out.push_str(&format!("  risk:        likelihood {l} × impact {i} = {}\n", l * i));
    }
    if let Some(source) = item.risk_source {
        out.push_str(&format!("  source:      {}\n", source.label()));
    }
    if let Some(response) = item.response {
        out.push_str(&format!("  response:    {}\n", response.label()));
    }
    out.push_str(&format!("  owner:       {}\n", dash(&item.owner)));
    out.push_str(&format!("  due:         {}\n", item.due_date.as_deref().unwrap_or("—")));
    out.push_str(&format!("  stage:       {}\n", line(&item.stage)));
    if let Some(q) = &item.question_id {
        out.push_str(&format!("  question:    {}\n", line(q)));
    }
    if !item.principles.is_empty() {
        out.push_str(&format!("  principles:  {}\n", line(&item.principles.join(", "))));
    }
    if let Some(m) = item.meeting {
        out.push_str(&format!("  raised in:   meeting {m}\n"));
    }
    if !item.detail.is_empty() {
        out.push_str(&format!("\n{}\n", indent(&sanitize_block(&item.detail))));
    }
    if !item.resolution.is_empty() {
        out.push_str(&format!("\nResolution:\n{}\n", indent(&sanitize_block(&item.resolution))));
    }
    out.push_str("\nHistory:\n");
    for h in history {
        let change = line(&h.summary());
        let meeting = h.meeting.map(|m| format!(" (meeting {m})")).unwrap_or_default();
        out.push_str(&format!("  {}  {}  {change}{meeting}\n", h.changed_at, line(&h.changed_by)));
        if !h.note.is_empty() {
            out.push_str(&format!("      {}\n", line(&h.note)));
        }
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}
