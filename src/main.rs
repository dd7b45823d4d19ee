use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    match chec::cli::Cli::try_parse() {
        Ok(cli) => chec::cli::run(cli),
        Err(e) => {
            // clap repeats refused values as given: clean them before they reach a terminal.
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
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
