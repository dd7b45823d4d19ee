//! Generate a large, realistic chec database for benchmarks, deterministically:
//!
//! ```text
//! cargo run --release --example seed -- --db /tmp/chec-large.db --consultations 10000 --items 1000000
//! ```
//!
//! See `benches/support/seed.rs` for what it writes and how.

#[path = "../benches/support/seed.rs"]
mod seed;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Generate a large, realistic chec database, deterministically")]
struct Args {
    /// The database to create; it must not exist (see --force).
    #[arg(long)]
    db: PathBuf,
    #[arg(long, default_value_t = 10_000)]
    consultations: usize,
    #[arg(long, default_value_t = 1_000_000)]
    items: usize,
    /// The random seed: the same seed gives the same content.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// The last day of the generated history (YYYY-MM-DD); it starts five years earlier.
    #[arg(long, default_value = "2026-11-01")]
    until: NaiveDate,
    /// Replace the database if it exists.
    #[arg(long)]
    force: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let options = seed::Options {
        db: args.db,
        consultations: args.consultations,
        items: args.items,
        seed: args.seed,
        until: args.until,
        force: args.force,
    };
    let summary = seed::generate(&options, |line| eprintln!("seed: {line}"))?;
    eprintln!(
        "seed: wrote {} consultations and {} items to {} ({:.0} MB) in {:.0} s",
        summary.consultations,
        summary.items,
        options.db.display(),
        summary.bytes as f64 / 1e6,
        summary.seconds
    );
    Ok(())
}
