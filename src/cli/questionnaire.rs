//! `chec questionnaire`: list, show and validate questionnaire files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use super::Context;
use super::output::{Format, Table, out, outln, print_json};
use crate::catalog;
use crate::text::{sanitize_block, sanitize_line};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the available questionnaires (shipped and from the config folder).
    List,
    /// Show a questionnaire's principles, stages and questions.
    Show {
        /// Questionnaire id, e.g. chec-default.
        id: String,
        /// Output format (json prints the questionnaire in its file format).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Check questionnaire files; every problem is reported with file, line and column, and
    /// so is each warning (e.g. a missing translation), which does not fail the check.
    Validate {
        /// Files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::List => list(ctx),
        Command::Show { id, format } => show(ctx, &id, format),
        Command::Validate { files } => validate(&files),
    }
}

/// Problems in user files go to stderr and make the exit code 1, after the listing.
fn report_catalog_errors(catalog: &catalog::Catalog) -> ExitCode {
    for e in catalog.errors() {
        eprintln!("chec: error: {}", sanitize_block(&e.to_string()));
    }
    if catalog.errors().is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn list(ctx: &Context) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let mut table = Table::new(&[
        ("ID", false),
        ("VERSION", false),
        ("STAGES", false),
        ("QUESTIONS", false),
        ("TITLE", true),
        ("SOURCE", true),
    ]);
    for entry in catalog.entries() {
        let q = &entry.questionnaire;
        let mut source = entry.origin.to_string();
        if entry.replaces_shipped {
            source.push_str(" (replaces shipped)");
        }
        table.row(&[
            q.id.clone(),
            q.version.clone(),
            q.stages.len().to_string(),
            q.questions.len().to_string(),
            q.title.shown(q.language()).into_owned(),
            source,
        ]);
    }
    table.print()?;
    if let Some(dir) = &ctx.user_questionnaires {
        outln!("\nYour own questionnaires go in {}", sanitize_line(&dir.display().to_string()))?;
    }
    Ok(report_catalog_errors(&catalog))
}

fn show(ctx: &Context, id: &str, format: Format) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let Some(entry) = catalog.get(id) else {
        report_catalog_errors(&catalog);
        bail!("no questionnaire '{id}' (available: {})", catalog.ids());
    };
    let q = &entry.questionnaire;
    if format == Format::Json {
        print_json(q)?;
        return Ok(ExitCode::SUCCESS);
    }
    let lang = q.language();
    let line = |s: &str| sanitize_line(s).into_owned();
    let described = |d: &crate::domain::Text| {
        if d.is_empty() { String::new() } else { format!(" — {}", line(&d.shown(lang))) }
    };
    let mut out = String::new();
    out.push_str(&format!("{} {} — {}\n", line(&q.id), line(&q.version), line(&q.title.shown(lang))));
    if !q.description.is_empty() {
        out.push_str(&format!("{}\n", line(&q.description.shown(lang))));
    }
    out.push_str(&format!("Source: {}\n", line(&entry.origin.to_string())));
    let id_width =
        q.principles.iter().map(|p| p.id.len()).chain(q.traits.iter().map(|t| t.id.len())).max().unwrap_or(0);
    if !q.principles.is_empty() {
        out.push_str("\nPrinciples\n");
    }
    for p in &q.principles {
        out.push_str(&format!(
            "  {:id_width$}  {}{}\n",
            line(&p.id),
            line(&p.name.shown(lang)),
            described(&p.description)
        ));
    }
    if !q.traits.is_empty() {
        out.push_str("\nTraits (questions marked 'only for' apply to services with the trait)\n");
        for t in &q.traits {
            out.push_str(&format!(
                "  {:id_width$}  {}{}\n",
                line(&t.id),
                line(&t.name.shown(lang)),
                described(&t.description)
            ));
        }
    }
    for (n, stage) in q.stages.iter().enumerate() {
        let questions: Vec<_> = q.questions.iter().filter(|x| x.stage == stage.id).collect();
        out.push_str(&format!(
            "\nStage {}: {} ({}) — {} questions\n",
            n + 1,
            line(&stage.name.shown(lang)),
            line(&stage.id),
            questions.len()
        ));
        if !stage.description.is_empty() {
            out.push_str(&format!("{}\n", line(&stage.description.shown(lang))));
        }
        for section in &stage.sections {
            out.push_str(&format!(
                "  § {} ({}){}\n",
                line(&section.title.shown(lang)),
                line(&section.id),
                described(&section.introduction)
            ));
        }
        for question in questions {
            out.push_str(&format!("  {}  {}\n", line(&question.id), line(&question.prompt.shown(lang))));
            if question.kind != crate::domain::AnswerKind::Dialogue {
                let choices: Vec<String> = question.choices.iter().map(|c| line(&c.id)).collect();
                let options = if choices.is_empty() { String::new() } else { format!(": {}", choices.join(", ")) };
                out.push_str(&format!("      answer: {}{options}\n", question.kind.label()));
            }
            if let Some(section) = &question.section {
                out.push_str(&format!("      section: {}\n", line(section)));
            }
            if !question.principles.is_empty() {
                out.push_str(&format!("      principles: {}\n", line(&question.principles.join(", "))));
            }
            if !question.traits.is_empty() {
                out.push_str(&format!("      only for: {}\n", line(&question.traits.join(", "))));
            }
        }
    }
    out!("{out}")?;
    Ok(ExitCode::SUCCESS)
}

fn validate(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut failed = 0;
    for path in files {
        let name = sanitize_line(&path.display().to_string()).into_owned();
        let checked = catalog::check_file(path);
        for w in &checked.warnings {
            eprintln!("{name}:{}:{}: warning: {}", w.line, w.column, sanitize_line(&w.message));
        }
        match checked.questionnaire {
            Ok(q) => outln!(
                "ok: {name}: {} {} ({} stages, {} principles, {} questions; languages: {})",
                sanitize_line(&q.id),
                sanitize_line(&q.version),
                q.stages.len(),
                q.principles.len(),
                q.questions.len(),
                sanitize_line(&q.languages.join(", "))
            )?,
            Err(e) => {
                failed += 1;
                eprintln!("{}", sanitize_block(&e.to_string()));
            }
        }
    }
    if failed > 0 {
        eprintln!("chec: error: {failed} of {} files failed validation", files.len());
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
