//! `chec item show|add|set`: one improvement item.

use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::Context;
use super::output::{out, outln, print_json};
use crate::domain::item::parse_due;
use crate::domain::{Item, ItemChange, ItemStatus, ItemUpdate, NewItem, Priority, Risk, RiskResponse, RiskSource};
use crate::i18n::Lang;
use crate::storage::Store;
use crate::text::{sanitize_block, sanitize_line};
use crate::tr;

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
    /// What is to be improved, in one line.
    #[arg(long, allow_hyphen_values = true)]
    title: String,
    /// More about it: what was found, what is agreed.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    detail: String,
    /// Who is to do it: a name or handle, as the team writes it.
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
    /// The new owner: a name or handle, as the team writes it ("" for nobody).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    owner: Option<String>,
    /// Due date, YYYY-MM-DD, or "none" to clear it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    /// low, medium, high or critical, set by hand (no longer following the risk rating).
    #[arg(long, value_name = "P")]
    priority: Option<Priority>,
    /// 1 (rare) to 5 (almost certain); give with --impact.
    #[arg(long, value_name = "N", requires = "impact", value_parser = clap::value_parser!(u8).range(1..=5))]
    likelihood: Option<u8>,
    /// 1 (minor) to 5 (severe); give with --likelihood.
    #[arg(long, value_name = "N", requires = "likelihood", value_parser = clap::value_parser!(u8).range(1..=5))]
    impact: Option<u8>,
    /// A new title, in one line.
    #[arg(long, allow_hyphen_values = true)]
    title: Option<String>,
    /// A new detail (replaces the old one; the history keeps it).
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
            let item = find(&store, &key, ctx.lang)?;
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
                // The stage by its name in the interface's language, when its questionnaire says.
                let stage = match store.consultation(&item.consultation)? {
                    Some(c) => store.questionnaire_of(&c)?.stage_name(&item.stage, ctx.lang.code()),
                    None => item.stage.clone(),
                };
                out!("{}", describe(&item, &history, &stage, ctx.lang))?;
            }
        }
        Command::Add(args) => {
            let item = add(&mut store, args, ctx.lang)?;
            let priority = crate::i18n::word(ctx.lang, item.priority);
            let title = sanitize_line(&item.title);
            outln!("{}", tr!(ctx.lang, "item-raised", key = &item.key, priority = priority, title = title))?;
        }
        Command::Set(args) => {
            let key = args.key.clone();
            let update = update_of(args)?;
            if update.is_empty() {
                bail!(tr!(ctx.lang, "item-nothing-to-change"));
            }
            let item = store.update_item(&key, &update, None)?;
            let owner = if item.owner.is_empty() { "—".into() } else { sanitize_line(&item.owner).into_owned() };
            let line = tr!(
                ctx.lang,
                "item-changed",
                key = &item.key,
                status = crate::i18n::word(ctx.lang, item.status),
                priority = crate::i18n::word(ctx.lang, item.priority),
                owner = owner,
                due = item.due_date.as_deref().unwrap_or("—")
            );
            outln!("{line}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn find(store: &Store, key: &str, lang: Lang) -> anyhow::Result<Item> {
    store.item(key)?.with_context(|| tr!(lang, "no-item", key = sanitize_line(key)))
}

fn risk(likelihood: Option<u8>, impact: Option<u8>) -> anyhow::Result<Option<Risk>> {
    match (likelihood, impact) {
        (Some(l), Some(i)) => Ok(Some(Risk::new(l, i)?)),
        _ => Ok(None),
    }
}

fn add(store: &mut Store, args: AddArgs, lang: Lang) -> anyhow::Result<Item> {
    let key = args.consultation.trim().to_ascii_uppercase();
    let consultation =
        store.consultation(&key)?.with_context(|| tr!(lang, "no-consultation", key = sanitize_line(&key)))?;
    let questionnaire = store.questionnaire_of(&consultation)?;
    let (stage, principles) = match &args.question {
        Some(qid) => {
            let q = questionnaire.question(qid).with_context(|| {
                let question = sanitize_line(qid);
                tr!(lang, "no-question", key = &key, question = question, questionnaire = &questionnaire.id)
            })?;
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

/// An item and its history, for people, in `lang`.
pub fn describe(item: &Item, history: &[ItemChange], stage: &str, lang: Lang) -> String {
    use crate::i18n::word;
    let line = |s: &str| sanitize_line(s).into_owned();
    let mut out = format!("{}  {}\n", item.key, line(&item.title));
    let dash = |v: &str| if v.is_empty() { "—".to_string() } else { line(v) };
    // `  status:      open`: labels padded to one column, by how wide they show.
    let mut field = |id: &str, value: String| {
        let label = format!("{}:", tr!(lang, id));
        let pad = 13usize.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str())).max(1);
        out.push_str(&format!("  {label}{}{value}\n", " ".repeat(pad)));
    };
    field("item-status", word(lang, item.status));
    field("item-priority", word(lang, item.priority));
    if let (Some(l), Some(i)) = (item.likelihood, item.impact) {
        field("item-risk", tr!(lang, "item-risk-value", l = l, i = i, score = l * i));
    }
    if let Some(source) = item.risk_source {
        field("item-source", word(lang, source));
    }
    if let Some(response) = item.response {
        field("item-response", word(lang, response));
    }
    field("item-owner", dash(&item.owner));
    field("item-due", item.due_date.clone().unwrap_or_else(|| "—".into()));
    field("item-stage", line(stage));
    if let Some(q) = &item.question_id {
        field("item-question", line(q));
    }
    if !item.principles.is_empty() {
        field("item-principles", line(&item.principles.join(", ")));
    }
    if let Some(m) = item.meeting {
        field("item-raised-in", tr!(lang, "item-meeting-n", n = m));
    }
    if !item.detail.is_empty() {
        out.push_str(&format!("\n{}\n", indent(&sanitize_block(&item.detail))));
    }
    if !item.resolution.is_empty() {
        out.push_str(&format!("\n{}\n{}\n", tr!(lang, "item-resolution"), indent(&sanitize_block(&item.resolution))));
    }
    out.push_str(&format!("\n{}\n", tr!(lang, "item-history")));
    for h in history {
        let change = line(&crate::export::report::change_summary(lang, h));
        let meeting = h.meeting.map(|m| tr!(lang, "item-in-meeting", n = m)).unwrap_or_default();
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
