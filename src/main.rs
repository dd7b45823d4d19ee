use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    chec::cli::run(chec::cli::Cli::parse())
}
