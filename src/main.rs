use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A command line that names a subcommand and is right is read by that subcommand's own
    // parser, without building the rest (or looking up the interface's language).
    if let Some(cli) = chec::cli::quick_parse(&args) {
        return chec::cli::run(cli);
    }
    // --help speaks the interface's language, known before parsing.
    let lang = chec::cli::help::lang_of(&args);
    let command = chec::cli::help::localized(chec::cli::Cli::command(), lang);
    let parsed = command.try_get_matches_from(args).and_then(|m| chec::cli::Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => chec::cli::run(cli),
        Err(e) => {
            // clap repeats refused values as given: clean them before they reach a terminal.
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = chec::cli::help::render(&e, lang);
            let text = chec::text::sanitize_block(&text);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            ExitCode::from(code)
        }
    }
}
