//! Measure sharing through git at size: publish a generated database to a bare repository,
//! join it from a fresh database, sync 1,000 new events each way, and gate CI on a fresh
//! checkout. Prints a Markdown table (the rows of BENCHMARKS.md's team section).
//!
//! ```text
//! cargo run --release --example team_bench -- --dir /tmp/team-bench --consultations 1000 --items 100000
//! ```
//!
//! The database is made by the benchmarks' generator (`benches/support/seed.rs`), through
//! the same storage calls as the app, so every change it makes is an event.

#[path = "../benches/support/seed.rs"]
mod seed;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, bail};
use chec::domain::{ItemQuery, ItemStatus, ItemUpdate, Priority};
use chec::storage::Store;
use chec::team::sync;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Measure sharing consultations through git at size")]
struct Args {
    /// A folder to work in; it must not exist.
    #[arg(long)]
    dir: PathBuf,
    #[arg(long, default_value_t = 1_000)]
    consultations: usize,
    #[arg(long, default_value_t = 100_000)]
    items: usize,
    /// Changes made on one machine and synced to the other.
    #[arg(long, default_value_t = 1_000)]
    changes: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.dir.exists() {
        bail!("{} exists; give a new folder", args.dir.display());
    }
    std::fs::create_dir_all(&args.dir)?;
    let a_db = args.dir.join("a/chec.db");
    let options = seed::Options {
        db: a_db.clone(),
        consultations: args.consultations,
        items: args.items,
        seed: 7,
        until: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).context("date")?,
        force: false,
    };
    let summary = seed::generate(&options, |line| eprintln!("seed: {line}"))?;
    eprintln!(
        "seed: {} consultations, {} items, {:.0} MB in {:.0} s",
        summary.consultations,
        summary.items,
        summary.bytes as f64 / 1e6,
        summary.seconds
    );

    let remote = args.dir.join("team.git");
    git(&args.dir, &["init", "-q", "--bare", remote.to_str().context("path")?])?;
    let remote = remote.display().to_string();
    let mut rows: Vec<(String, String)> = Vec::new();

    let mut a = Store::open(&a_db)?;
    a.set_actor("kim.minji");
    let events = count_events(&a)?;
    let started = Instant::now();
    let report = sync::init(&mut a, &a_db, &remote)?;
    rows.push((
        format!("`chec team init`: publish {events} events ({} items) to an empty repository", args.items),
        seconds(started),
    ));
    eprintln!("init: {}", report.summary());

    let b_db = args.dir.join("b/chec.db");
    let mut b = Store::open(&b_db)?;
    b.set_actor("lee.seoyeon");
    sync::set_member(&mut a, &a_db, "lee.seoyeon", chec::domain::Role::Consultant)?;
    sync::sync(&mut a, &a_db, true)?;
    let started = Instant::now();
    let report = sync::join(&mut b, &b_db, &remote)?;
    rows.push((
        format!("`chec team join`: first import of the repository ({} events)", report.import.new_events),
        seconds(started),
    ));
    rows.push(("repository size on disk (bare, packed by git as pushed)".into(), size(Path::new(&remote))?));
    let files = walk_count(&args.dir.join("b/chec.db.team/repo/events"))?;
    rows.push(("event files in the repository".into(), files.to_string()));
    rows.push(("database size after the first import (with its events)".into(), size(&b_db)?));

    // An everyday sync: 1,000 changes on one machine, sent, then received on the other.
    let keys: Vec<String> = {
        let mut query = ItemQuery::new("2026-11-01");
        query.limit = Some(args.changes);
        a.find_items(&query)?.into_iter().map(|i| i.key).collect()
    };
    for key in &keys {
        let update =
            ItemUpdate { status: Some(ItemStatus::InProgress), note: Some("started".into()), ..ItemUpdate::default() };
        if a.update_item(key, &update, None).is_err() {
            a.update_item(key, &ItemUpdate { note: Some("checked".into()), ..ItemUpdate::default() }, None)?;
        }
    }
    let sent = a.unsent_count()?;
    let started = Instant::now();
    let report = sync::sync(&mut a, &a_db, true)?;
    rows.push((format!("`chec sync` sending {} new events", report.sent.max(sent)), seconds(started)));
    let started = Instant::now();
    let report = sync::sync(&mut b, &b_db, true)?;
    rows.push((format!("`chec sync` receiving {} new events", report.import.new_events), seconds(started)));
    let started = Instant::now();
    sync::sync(&mut b, &b_db, true)?;
    rows.push(("`chec sync` with nothing new".into(), seconds(started)));

    // CI: a fresh checkout, gated on its items; then again on the same checkout (warm cache).
    git(&args.dir, &["clone", "-q", &remote, "ci"])?;
    let ci = args.dir.join("ci");
    for warmth in ["fresh checkout (builds the cache)", "warm cache"] {
        let started = Instant::now();
        let (store, _) = sync::open_cache(&ci)?;
        let mut query = ItemQuery::new("2026-11-01");
        query.min_priority = Some(Priority::High);
        let high = store.count_items(&query)?;
        rows.push((
            format!("`chec --team-dir` `items --fail-on high` ({high} items found), {warmth}"),
            seconds(started),
        ));
    }

    rows.push(("peak resident memory of this process (all of the above)".into(), peak_memory()));
    println!("| measure | time or size |");
    println!("|---|---:|");
    for (what, value) in rows {
        println!("| {what} | {value} |");
    }
    Ok(())
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new("git").args(args).current_dir(dir).status()?;
    if !status.success() {
        bail!("git {args:?} failed");
    }
    Ok(())
}

fn count_events(store: &Store) -> anyhow::Result<usize> {
    Ok(store.unsent_count()?)
}

fn seconds(started: Instant) -> String {
    let s = started.elapsed().as_secs_f64();
    if s < 1.0 { format!("{:.0} ms", s * 1000.0) } else { format!("{s:.1} s") }
}

fn size(path: &Path) -> anyhow::Result<String> {
    let out = Command::new("du").args(["-sb"]).arg(path).output()?;
    let bytes: f64 = String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or("0").parse()?;
    Ok(format!("{:.0} MB", bytes / 1e6))
}

/// The process's peak resident set, from the kernel.
fn peak_memory() -> String {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    format!("{:.0} MB", usage.ru_maxrss as f64 / 1024.0)
}

fn walk_count(dir: &Path) -> anyhow::Result<usize> {
    let mut n = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            n += walk_count(&entry.path())?;
        } else {
            n += 1;
        }
    }
    Ok(n)
}
