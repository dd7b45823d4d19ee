//! `chec new`: open a consultation.

use std::process::ExitCode;

use anyhow::bail;

use super::Context;
use super::output::outln;
use crate::catalog::DEFAULT_QUESTIONNAIRE;
use crate::domain::{ConsultationKey, NewConsultation};
use crate::text::sanitize_line;
use crate::tr;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Short key, 2-10 capital letters or digits (e.g. CARE); items are numbered from it (CARE-1).
    #[arg(long, value_name = "KEY")]
    key: ConsultationKey,
    /// The AI service's name.
    #[arg(long, allow_hyphen_values = true)]
    name: String,
    /// The team that owns the service.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    team: String,
    /// Questionnaire id (see `chec questionnaire list`).
    #[arg(long, value_name = "ID", default_value = DEFAULT_QUESTIONNAIRE)]
    questionnaire: String,
    /// What the service does, in a sentence or two.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    description: String,
    /// A trait of the service that tailors the questions (repeatable), e.g. personal-data.
    #[arg(long = "trait", value_name = "TRAIT")]
    traits: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let Some(entry) = catalog.get(&args.questionnaire) else {
        let mut message = tr!(ctx.lang, "no-questionnaire", id = &args.questionnaire, ids = catalog.ids());
        for e in catalog.errors() {
            message.push_str(&format!("\n{}", tr!(ctx.lang, "not-loaded", error = e.to_string())));
        }
        bail!(message);
    };
    let questionnaire = &entry.questionnaire;
    let mut new = NewConsultation {
        key: args.key,
        name: args.name,
        team: args.team,
        description: args.description.trim().to_string(),
        traits: args.traits,
    };
    new.validate(questionnaire)?;
    let mut store = ctx.create_store()?;
    let consultation = store.create_consultation(&new, questionnaire)?;
    let stage = questionnaire.stage_name(&consultation.current_stage, ctx.lang.code());
    outln!(
        "{}",
        tr!(
            ctx.lang,
            "new-created",
            key = consultation.key.to_string(),
            name = sanitize_line(&consultation.name),
            questionnaire = sanitize_line(&questionnaire.id),
            version = sanitize_line(&questionnaire.version),
            stage = sanitize_line(&stage),
        )
    )?;
    Ok(ExitCode::SUCCESS)
}
