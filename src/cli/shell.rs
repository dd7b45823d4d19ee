//! `chec completions SHELL` and `chec man`: what a shell and `man` need, generated from the
//! same command-line definition as `--help`, so they always say what this chec accepts and
//! are never stale.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::CommandFactory as _;

use crate::i18n::Lang;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Install, e.g. for bash: chec completions bash > ~/.local/share/bash-completion/completions/chec"
)]
pub struct CompletionsArgs {
    /// The shell to complete commands and options in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the completion script for `args.shell`.
pub fn completions(args: CompletionsArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut command = super::help::localized(super::Cli::command(), lang);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "chec", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write chec.1 and a page for each command (chec-items.1, chec-item-add.1, …) into DIR,
    /// an existing folder such as ~/.local/share/man/man1, instead of printing chec(1).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The manual page chec(1), in roff, its text in `lang`.
pub fn man_page(lang: Lang) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(super::help::localized(super::Cli::command(), lang)).render(&mut page)?;
    Ok(page)
}

/// Print chec(1), or write every page into a folder.
pub fn man(args: ManArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    match args.dir {
        None => std::io::stdout().lock().write_all(&man_page(lang)?)?,
        Some(dir) => {
            let shown = dir.display().to_string();
            if !dir.is_dir() {
                anyhow::bail!(crate::tr!(lang, "man-not-a-folder", dir = &shown));
            }
            clap_mangen::generate_to(super::help::localized(super::Cli::command(), lang), &dir)
                .with_context(|| crate::tr!(lang, "man-cannot-write", dir = &shown))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
