//! `chec questionnaire`: list, show and validate questionnaire files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use super::Context;
use super::output::{Format, Table, out, outln, print_json};
use crate::catalog;
use crate::i18n::Lang;
use crate::text::{sanitize_block, sanitize_line};
use crate::tr;

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
        Command::Validate { files } => validate(&files, ctx.lang),
    }
}

/// Problems in user files go to stderr and make the exit code 1, after the listing.
fn report_catalog_errors(catalog: &catalog::Catalog, lang: Lang) -> ExitCode {
    for e in catalog.errors() {
        eprintln!("{} {}", tr!(lang, "error-prefix"), sanitize_block(&e.to_string()));
    }
    if catalog.errors().is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn list(ctx: &Context) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let lang = ctx.lang;
    let h = |id: &str| tr!(lang, id);
    let mut table = Table::new(&[
        (h("q-col-id"), false),
        (h("q-col-version"), false),
        (h("q-col-stages"), false),
        (h("q-col-questions"), false),
        (h("q-col-title"), true),
        (h("q-col-source"), true),
    ]);
    for entry in catalog.entries() {
        let q = &entry.questionnaire;
        let mut source = origin(&entry.origin, lang);
        if entry.replaces_shipped {
            source.push_str(&tr!(lang, "q-replaces-shipped"));
        }
        table.row(&[
            q.id.clone(),
            q.version.clone(),
            q.stages.len().to_string(),
            q.questions.len().to_string(),
            q.title.shown(lang.code()).into_owned(),
            source,
        ]);
    }
    table.print()?;
    if let Some(dir) = &ctx.user_questionnaires {
        outln!("\n{}", tr!(lang, "q-own-folder", dir = sanitize_line(&dir.display().to_string())))?;
    }
    Ok(report_catalog_errors(&catalog, lang))
}

fn show(ctx: &Context, id: &str, format: Format) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let Some(entry) = catalog.get(id) else {
        report_catalog_errors(&catalog, ctx.lang);
        bail!(tr!(ctx.lang, "no-questionnaire", id = id, ids = catalog.ids()));
    };
    let q = &entry.questionnaire;
    if format == Format::Json {
        print_json(q)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ui = ctx.lang;
    // The questionnaire's text in the interface's language where it has it (else marked).
    let lang = ui.code();
    let line = |s: &str| sanitize_line(s).into_owned();
    let described = |d: &crate::domain::Text| {
        if d.is_empty() { String::new() } else { format!(" — {}", line(&d.shown(lang))) }
    };
    let mut out = String::new();
    out.push_str(&format!("{} {} — {}\n", line(&q.id), line(&q.version), line(&q.title.shown(lang))));
    if !q.description.is_empty() {
        out.push_str(&format!("{}\n", line(&q.description.shown(lang))));
    }
    out.push_str(&format!("{}\n", tr!(ui, "q-source", source = line(&origin(&entry.origin, ui)))));
    let id_width =
        q.principles.iter().map(|p| p.id.len()).chain(q.traits.iter().map(|t| t.id.len())).max().unwrap_or(0);
    if !q.principles.is_empty() {
        out.push_str(&format!("\n{}\n", tr!(ui, "q-principles")));
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
        out.push_str(&format!("\n{}\n", tr!(ui, "q-traits")));
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
        let heading = tr!(
            ui,
            "q-stage",
            n = n + 1,
            name = line(&stage.name.shown(lang)),
            id = line(&stage.id),
            count = questions.len()
        );
        out.push_str(&format!("\n{heading}\n"));
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
                let kind = crate::i18n::word(ui, question.kind);
                out.push_str(&format!("      {}: {kind}{options}\n", tr!(ui, "q-answer")));
            }
            if let Some(section) = &question.section {
                out.push_str(&format!("      {}: {}\n", tr!(ui, "q-section"), line(section)));
            }
            if !question.principles.is_empty() {
                let principles = line(&question.principles.join(", "));
                out.push_str(&format!("      {}: {principles}\n", tr!(ui, "item-principles")));
            }
            if !question.traits.is_empty() {
                out.push_str(&format!("      {}: {}\n", tr!(ui, "q-only-for"), line(&question.traits.join(", "))));
            }
        }
    }
    out!("{out}")?;
    Ok(ExitCode::SUCCESS)
}

fn validate(files: &[PathBuf], lang: Lang) -> anyhow::Result<ExitCode> {
    let mut failed = 0;
    for path in files {
        let name = sanitize_line(&path.display().to_string()).into_owned();
        let checked = catalog::check_file(lang, path);
        for w in &checked.warnings {
            eprintln!("{name}:{}:{}: {}: {}", w.line, w.column, tr!(lang, "q-warning"), sanitize_line(&w.message));
        }
        match checked.questionnaire {
            Ok(q) => outln!(
                "{}",
                tr!(
                    lang,
                    "q-valid",
                    file = &name,
                    id = sanitize_line(&q.id),
                    version = sanitize_line(&q.version),
                    stages = q.stages.len(),
                    principles = q.principles.len(),
                    questions = q.questions.len(),
                    languages = sanitize_line(&q.languages.join(", "))
                )
            )?,
            Err(e) => {
                failed += 1;
                eprintln!("{}", sanitize_block(&e.to_string()));
            }
        }
    }
    if failed > 0 {
        eprintln!("{}", tr!(lang, "q-failed", failed = failed, total = files.len()));
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// Where a questionnaire comes from, in `lang`: shipped with chec, or a user's file.
fn origin(origin: &crate::catalog::Origin, lang: crate::i18n::Lang) -> String {
    match origin {
        crate::catalog::Origin::Shipped(name) => tr!(lang, "q-shipped", file = *name),
        crate::catalog::Origin::User(path) => path.display().to_string(),
    }
}
