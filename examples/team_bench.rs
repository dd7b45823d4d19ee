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
    /// Use the folder an earlier run left (its two databases already share a repository)
    /// and measure only the everyday sync: to compare a change of code at the same size.
    #[arg(long)]
    reuse: bool,
    /// Also count the git processes each everyday sync starts (git's `GIT_TRACE2_PERF`
    /// logs, one per sync, kept in this folder).
    #[arg(long)]
    trace: Option<PathBuf>,
}

/// Wall time and processor time (user + system, of this process and the git processes it
/// ran) since a start: on a shared machine, the processor time is the steadier figure.
struct Timer {
    wall: Instant,
    cpu: f64,
}

impl Timer {
    fn start() -> Timer {
        Timer { wall: Instant::now(), cpu: cpu_seconds() }
    }

    fn show(&self) -> String {
        format!("{} ({} CPU)", duration(self.wall.elapsed().as_secs_f64()), duration(cpu_seconds() - self.cpu))
    }
}

/// User and system time of this process and its waited-for children, in seconds.
fn cpu_seconds() -> f64 {
    let of = |who| {
        // SAFETY: getrusage only writes into the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut usage) };
        let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
        t(usage.ru_utime) + t(usage.ru_stime)
    };
    of(libc::RUSAGE_SELF) + of(libc::RUSAGE_CHILDREN)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.reuse {
        return everyday(&args);
    }
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
    let started = Timer::start();
    let report = sync::init(&mut a, &a_db, &remote)?;
    rows.push((
        format!("`chec team init`: publish {events} events ({} items) to an empty repository", args.items),
        started.show(),
    ));
    eprintln!("init: {}", report.summary());

    let b_db = args.dir.join("b/chec.db");
    let mut b = Store::open(&b_db)?;
    b.set_actor("lee.seoyeon");
    sync::set_member(&mut a, &a_db, "lee.seoyeon", chec::domain::Role::Consultant)?;
    sync::sync(&mut a, &a_db, true)?;
    let started = Timer::start();
    let report = sync::join(&mut b, &b_db, &remote)?;
    rows.push((
        format!("`chec team join`: first import of the repository ({} events)", report.import.new_events),
        started.show(),
    ));
    rows.push(("repository size on disk (bare, packed by git as pushed)".into(), size(Path::new(&remote))?));
    let files = walk_count(&args.dir.join("b/chec.db.team/repo/events"))?;
    rows.push(("event files in the repository".into(), files.to_string()));
    rows.push(("database size after the first import (with its events)".into(), size(&b_db)?));

    rows.extend(sync_rows(&mut a, &a_db, &mut b, &b_db, args.changes, args.trace.as_deref())?);

    // CI: a fresh checkout, gated on its items; then again on the same checkout (warm cache).
    git(&args.dir, &["clone", "-q", &remote, "ci"])?;
    let ci = args.dir.join("ci");
    for warmth in ["fresh checkout (builds the cache)", "warm cache"] {
        let started = Timer::start();
        let (store, _) = sync::open_cache(&ci)?;
        let mut query = ItemQuery::new("2026-11-01");
        query.min_priority = Some(Priority::High);
        let high = store.count_items(&query)?;
        rows.push((format!("`chec --team-dir` `items --fail-on high` ({high} items found), {warmth}"), started.show()));
    }

    rows.push(("peak resident memory of this process (all of the above)".into(), peak_memory()));
    print_rows(rows);
    Ok(())
}

/// An everyday sync: `changes` changes on one machine, sent, then received on the other.
fn sync_rows(
    a: &mut Store,
    a_db: &Path,
    b: &mut Store,
    b_db: &Path,
    changes: usize,
    trace: Option<&Path>,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut rows = Vec::new();
    let keys: Vec<String> = {
        let mut query = ItemQuery::new("2026-11-01");
        query.limit = Some(changes);
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
    eprintln!("bench: sending");
    let traced = Traced::start(trace, "send")?;
    let started = Timer::start();
    let report = sync::sync(a, a_db, true)?;
    let time = started.show();
    rows.push((format!("`chec sync` sending {} new events", report.sent.max(sent)), traced.finish(time)?));
    eprintln!("bench: receiving");
    let traced = Traced::start(trace, "receive")?;
    let started = Timer::start();
    let report = sync::sync(b, b_db, true)?;
    let time = started.show();
    rows.push((format!("`chec sync` receiving {} new events", report.import.new_events), traced.finish(time)?));
    eprintln!("bench: nothing new");
    let traced = Traced::start(trace, "nothing")?;
    let started = Timer::start();
    sync::sync(b, b_db, true)?;
    let time = started.show();
    rows.push(("`chec sync` with nothing new".into(), traced.finish(time)?));

    Ok(rows)
}

/// `--reuse`: the everyday sync only, in the folder of an earlier run.
fn everyday(args: &Args) -> anyhow::Result<()> {
    let (a_db, b_db) = (args.dir.join("a/chec.db"), args.dir.join("b/chec.db"));
    if !a_db.exists() || !b_db.exists() {
        bail!("{} holds no earlier run (a/chec.db and b/chec.db)", args.dir.display());
    }
    let mut a = Store::open(&a_db)?;
    a.set_actor("kim.minji");
    let mut b = Store::open(&b_db)?;
    b.set_actor("lee.seoyeon");
    // Whatever an earlier run left unsynced goes first, so only the new changes are timed.
    sync::sync(&mut a, &a_db, true)?;
    sync::sync(&mut b, &b_db, true)?;
    print_rows(sync_rows(&mut a, &a_db, &mut b, &b_db, args.changes, args.trace.as_deref())?);
    Ok(())
}

/// git's performance log of one sync (`--trace`): where it is, while the sync runs.
struct Traced(Option<PathBuf>);

impl Traced {
    fn start(folder: Option<&Path>, phase: &str) -> anyhow::Result<Traced> {
        let Some(folder) = folder else { return Ok(Traced(None)) };
        std::fs::create_dir_all(folder)?;
        let log = folder.join(format!("{phase}.perf"));
        let _ = std::fs::remove_file(&log);
        // SAFETY: the bench runs on one thread; no other thread reads the environment now.
        unsafe { std::env::set_var("GIT_TRACE2_PERF", &log) };
        Ok(Traced(Some(log)))
    }

    /// `time`, and how many git processes the sync started (each command's name and count on
    /// standard error).
    fn finish(self, time: String) -> anyhow::Result<String> {
        let Some(log) = self.0 else { return Ok(time) };
        // SAFETY: as above.
        unsafe { std::env::remove_var("GIT_TRACE2_PERF") };
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let mut names: Vec<String> = Vec::new();
        for line in text.lines() {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            if fields.get(3) == Some(&"cmd_name") {
                names.push(fields.last().and_then(|f| f.split_whitespace().next()).unwrap_or("?").to_string());
            }
        }
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for name in &names {
            *counts.entry(name.as_str()).or_default() += 1;
        }
        eprintln!("bench: {} git processes: {counts:?}", names.len());
        Ok(format!("{time}, {} git processes", names.len()))
    }
}

fn print_rows(rows: Vec<(String, String)>) {
    println!("| measure | wall time (CPU time) or size |");
    println!("|---|---:|");
    for (what, value) in rows {
        println!("| {what} | {value} |");
    }
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

fn duration(s: f64) -> String {
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
