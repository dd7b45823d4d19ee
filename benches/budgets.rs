//! chec's speed budgets, measured on a large database (see BENCHMARKS.md).
//!
//! ```text
//! cargo run --release --example seed -- --db /tmp/chec-large.db      # 10,000 consultations, 1,000,000 items
//! cargo bench --bench budgets -- --db /tmp/chec-large.db             # measure; fails if a budget is missed
//! cargo bench --bench budgets -- --tiny                              # a small generated database, no budgets
//! ```
//!
//! Whole-process figures run the real binary: in a pseudo-terminal for the TUI's first
//! frame, with pipes for `chec items` (against the `sqlite3` program running the very same
//! SQL, alternating, in one run) and `chec export`. Keystroke-to-frame figures drive the
//! app in process along the event loop's own path — the key resolved to an action, the
//! action applied, the tick, the frame drawn and encoded as terminal output — so they
//! leave out only the terminal emulator. Peak memory is each process's own high-water mark
//! of resident memory, read through a small helper process (see `support/peak.rs`, which
//! also proves the method on children that allocate known amounts).

#[path = "support/driver.rs"]
mod driver;
#[path = "support/floor.rs"]
mod floor;
#[path = "support/peak.rs"]
mod peak;
#[path = "support/plans.rs"]
mod plans;
#[path = "support/processes.rs"]
mod processes;
#[path = "support/seed.rs"]
mod seed;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use chec::domain::{ItemQuery, StatusFilter};
use chec::storage::Store;
use chec::tui::app::Screen;
use clap::Parser;
use driver::{Driver, Timed};
use processes::{export_report, first_frame, items_against_sqlite, walk_every_screen};
use ratatui::crossterm::event::KeyCode;

const CHEC: &str = env!("CARGO_BIN_EXE_chec");

#[derive(Parser)]
struct Args {
    /// A database made by `examples/seed.rs`.
    #[arg(long, required_unless_present = "tiny")]
    db: Option<PathBuf>,
    /// Generate a small database and measure it; budgets are reported, not enforced.
    #[arg(long)]
    tiny: bool,
    /// Samples per whole-process figure.
    #[arg(long, default_value_t = 30)]
    runs: usize,
    /// The owner for `chec items --owner`.
    #[arg(long, default_value = "kim.minji")]
    owner: String,
    /// Samples per side for each filter in the plans part (each at a million items can take
    /// seconds).
    #[arg(long, default_value_t = 5)]
    plan_runs: usize,
    /// In the plans part, also count instructions (valgrind) for listings of up to this many
    /// rows: a ratio no other work on the machine disturbs.
    #[arg(long)]
    instructions: Option<i64>,
    /// The consultation whose report is exported.
    #[arg(long, default_value = "BIG")]
    report: String,
    /// Measure only this part (all of them when not given); with it, budgets are reported,
    /// not enforced.
    #[arg(long, value_enum)]
    only: Option<Part>,
    /// Do not read the database into the page cache before each part (to see what a cold
    /// cache does; drop the cache first, e.g. `echo 3 > /proc/sys/vm/drop_caches` as root).
    #[arg(long)]
    no_read_ahead: bool,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Part {
    FirstFrame,
    Keystrokes,
    Items,
    /// Every `chec items` filter against its best plan.
    Plans,
    /// The peak memory of every command that reads many rows (with `--only memory`).
    Memory,
    Export,
    Walk,
}

/// One figure: what was measured, its samples, and its budget (if it has one).
struct Figure {
    what: String,
    samples: Vec<Duration>,
    budget: Option<Duration>,
    /// The slowest samples with what was being done (the keys typed so far, for keystrokes).
    slowest: Vec<(Duration, String)>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

impl Figure {
    fn new(what: &str, samples: Vec<Duration>, budget: Option<Duration>) -> Figure {
        Figure::labelled(what, samples.into_iter().map(|d| (d, String::new())).collect(), budget)
    }

    /// A figure whose samples say what each was (the keys typed), so that the slowest can be named.
    fn labelled(what: &str, mut labelled: Vec<(Duration, String)>, budget: Option<Duration>) -> Figure {
        labelled.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
        let mut samples: Vec<Duration> = labelled.iter().map(|(d, _)| *d).collect();
        samples.sort();
        let slowest = labelled.into_iter().filter(|(_, label)| !label.is_empty()).take(8).collect();
        let f = Figure { what: what.to_string(), samples, budget, slowest };
        eprintln!(
            "budgets:   {what}: median {}, p99 {}, max {}",
            ms(f.median()),
            ms(f.p99()),
            ms(percentile(&f.samples, 1.0))
        );
        for (d, label) in &f.slowest {
            eprintln!("budgets:     {} after {label}", ms(*d));
        }
        f
    }

    fn median(&self) -> Duration {
        percentile(&self.samples, 0.5)
    }

    fn p99(&self) -> Duration {
        percentile(&self.samples, 0.99)
    }

    /// The budget applies to the p99 where there is one, else the median.
    fn met(&self) -> bool {
        self.budget.is_none_or(|b| self.p99() <= b)
    }
}

fn main() -> ExitCode {
    // Run as the peak-memory helper, or as its test child (see `support/peak.rs`).
    if let Some(code) = peak::helper_mode().or_else(floor::mode) {
        return code;
    }
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("budgets: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<bool> {
    let args = Args::parse();
    let scratch = tempfile::tempdir()?;
    let db = match (&args.db, args.tiny) {
        (Some(db), _) => db.clone(),
        (None, _) => {
            let db = scratch.path().join("tiny.db");
            let options = seed::Options {
                db: db.clone(),
                consultations: 60,
                items: 6_000,
                seed: 7,
                until: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).context("date")?,
                force: false,
            };
            let s = seed::generate(&options, |_| {})?;
            println!(
                "generated {} consultations and {} items ({:.1} MB) in {:.1} s",
                s.consultations,
                s.items,
                s.bytes as f64 / 1e6,
                s.seconds
            );
            db
        }
    };
    if !db.exists() {
        bail!(
            "{} does not exist; make it with: cargo run --release --example seed -- --db {}",
            db.display(),
            db.display()
        );
    }
    let enforce = !args.tiny && args.only.is_none();
    let measure = |part: Part| match args.only {
        Some(only) => only == part,
        None => part != Part::Memory,
    };
    let runs = if args.tiny { args.runs.min(5) } else { args.runs };
    // Bring the schema up to date once, so no measured run pays for a migration.
    let (consultations, items) = {
        let store = Store::open(&db)?;
        let today = today();
        (
            store.count_consultations("")?,
            store.count_items(&ItemQuery { status: StatusFilter::All, ..ItemQuery::new(&today) })?,
        )
    };
    println!("database: {} ({consultations} consultations, {items} items)", db.display());
    // Memory figures are trusted only once the method reads known amounts right.
    let proof = peak::prove(scratch.path())?;
    println!();
    println!("Peak memory, the method checked (the bench itself at {:.1} MiB):", proof.bench_kib as f64 / 1024.0);
    println!();
    println!("| a child allocating | its own peak, through the helper | `wait4` on a direct child |");
    println!("|---:|---:|---:|");
    let mib = |kib: i64| format!("{:.1} MiB", kib as f64 / 1024.0);
    let (true_helper, true_direct) = proof.true_kib;
    println!("| nothing (`true`) | {} | {} |", mib(true_helper), mib(true_direct));
    for (allocated, helper, direct) in &proof.rows {
        println!("| {allocated} MiB (this bench, `--allocate {allocated}`) | {} | {} |", mib(*helper), mib(*direct));
    }

    let mut figures = Vec::new();
    let mut memory: Vec<(String, i64)> = Vec::new();

    let started = Instant::now();
    // Each part starts with the database in the page cache, read whole just before: the
    // figures are for a warm cache, whatever the machine evicted since the last part.
    let stage = |what: &str| {
        eprintln!("budgets: {what} ({:.0} s)", started.elapsed().as_secs_f64());
        if !args.no_read_ahead
            && let Err(e) = warm(&db)
        {
            eprintln!("budgets:   could not read {} ahead: {e}", db.display());
        }
    };
    if measure(Part::FirstFrame) {
        stage("first frame");
        let (first, rss) = first_frame(&db, runs, scratch.path())?;
        figures.push(Figure::new("TUI cold start to first frame", first, Some(Duration::from_millis(50))));
        memory.push(("TUI, start to first frame".into(), rss));
    }
    if measure(Part::Keystrokes) {
        stage("keystrokes");
        figures.extend(keystrokes(&db)?);
    }
    let mut ratio = None;
    if measure(Part::Items) {
        stage("chec items against sqlite3");
        let (r, rss) = items_against_sqlite(&db, &args.owner, runs, scratch.path())?;
        ratio = Some(r);
        memory.push(("`chec items --owner … --format json`".into(), rss));
    }
    let mut plan_figures = Vec::new();
    if measure(Part::Plans) {
        stage("chec items against the best plans");
        plan_figures = plans::items_against_best_plans(
            &db,
            &args.owner,
            &args.report,
            args.plan_runs,
            args.instructions,
            scratch.path(),
        )?;
    }
    if measure(Part::Export) {
        stage("export");
        let (export, rss) = export_report(&db, &args.report, runs, scratch.path())?;
        figures.push(Figure::labelled(
            &format!("`chec export report {}` (whole process)", args.report),
            export.into_iter().enumerate().map(|(i, d)| (d, format!("run {}", i + 1))).collect(),
            Some(Duration::from_millis(50)),
        ));
        memory.push(("`chec export report`".into(), rss));
    }
    if measure(Part::Walk) {
        stage("walk");
        let rss = walk_every_screen(&db, scratch.path())?;
        memory.push(("TUI walked through every screen".into(), rss));
    }
    if measure(Part::Memory) {
        stage("memory");
        memory.extend(every_command(&db, scratch.path())?);
    }
    eprintln!("budgets: done ({:.0} s)", started.elapsed().as_secs_f64());

    println!();
    println!("| measure | median | p99 | budget | met |");
    println!("|---|---:|---:|---:|:---:|");
    let mut all_met = true;
    for f in &figures {
        let budget = f.budget.map_or_else(|| "–".to_string(), |b| format!("p99 ≤ {}", ms(b)));
        let met = f.met();
        all_met &= met;
        println!(
            "| {} ({} samples) | {} | {} | {budget} | {} |",
            f.what,
            f.samples.len(),
            ms(f.median()),
            ms(f.p99()),
            if met { "yes" } else { "**no**" }
        );
    }
    if let Some(ratio) = ratio {
        let ratio_met = ratio.median <= 1.5;
        all_met &= ratio_met;
        println!(
            "| `chec items --owner {} --format json` ÷ `sqlite3 -json`, same SQL ({} rows, {} runs each) | {:.2}× ({} vs {}) | {:.2}× | ≤ 1.5× | {} |",
            args.owner,
            ratio.rows,
            runs,
            ratio.median,
            ms(ratio.chec_median),
            ms(ratio.sqlite_median),
            ratio.p99,
            if ratio_met { "yes" } else { "**no**" }
        );
    }
    for (what, kb) in &memory {
        let met = *kb <= 64 * 1024;
        all_met &= met;
        println!(
            "| peak resident memory: {what} | {:.1} MiB | | ≤ 64 MiB | {} |",
            *kb as f64 / 1024.0,
            if met { "yes" } else { "**no**" }
        );
    }
    if !plan_figures.is_empty() {
        println!();
        println!(
            "| `chec items … --format json` | rows | chec, CPU | best plan, CPU | ratio | ≤ 1.2× | instructions: chec ÷ best | wall: chec, best | best plan reads | chec reads |"
        );
        println!("|---|---:|---:|---:|---:|:---:|---:|---:|---|---|");
        for f in &plan_figures {
            let met = f.ratio() <= 1.2;
            all_met &= met;
            let instructions = f.instructions.map_or("–".to_string(), |(chec, best)| {
                format!("{:.2}× ({}M ÷ {}M)", chec as f64 / best as f64, chec / 1_000_000, best / 1_000_000)
            });
            println!(
                "| `{}` | {} | {} | {} | {:.2}× | {} | {instructions} | {}, {} | `{}` | `{}` |",
                f.args,
                f.rows,
                ms(f.chec),
                ms(f.best),
                f.ratio(),
                if met { "yes" } else { "**no**" },
                ms(f.chec_wall),
                ms(f.best_wall),
                f.best_from,
                f.chec_from,
            );
        }
        println!("\nQuery plans (`EXPLAIN QUERY PLAN`), chec's and the best where they differ:\n");
        for f in &plan_figures {
            println!("`chec items {}`:\n\n```text\n{}\n```\n", f.args, f.chec_plan);
            if f.best_plan != f.chec_plan {
                println!("best (`{}`):\n\n```text\n{}\n```\n", f.best_from, f.best_plan);
            }
        }
    }
    let slow: Vec<_> = figures.iter().filter(|f| !f.met() && !f.slowest.is_empty()).collect();
    if !slow.is_empty() {
        println!("\nSlowest samples of the figures over budget:\n");
        for f in slow {
            let named: Vec<String> = f.slowest.iter().map(|(d, label)| format!("{} after {label}", ms(*d))).collect();
            println!("- {}: {}", f.what, named.join("; "));
        }
    }
    if !enforce {
        let why = if args.tiny { "tiny database" } else { "only part measured" };
        println!("\n({why}: budgets reported, not enforced)");
        return Ok(true);
    }
    Ok(all_met)
}

/// Every command's own peak memory (KiB) at this size: each listing in every format, the
/// exports, a backup.
fn every_command(db: &Path, scratch: &Path) -> anyhow::Result<Vec<(String, i64)>> {
    let out = scratch.join("export.out");
    let backup = scratch.join("backup.db");
    let o = out.to_str().context("scratch path")?;
    let b = backup.to_str().context("scratch path")?;
    let mut commands: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "json", "csv", "md"] {
        commands.push(vec!["items", "--status", "all", "--format", format]);
    }
    commands.extend([
        vec!["items"],
        vec!["items", "--owner", "kim.minji", "--format", "json"],
        vec!["items", "--search", "편", "--status", "all", "--format", "json"],
        vec!["items", "--status", "all", "--fail-on", "low", "--format", "csv"],
        vec!["list"],
        vec!["list", "--format", "json"],
        vec!["item", "show", "BIG-1"],
        vec!["item", "show", "BIG-1", "--format", "json"],
        vec!["export", "items", "--status", "all", "--format", "md", "--force", "-o", o],
        vec!["export", "items", "--status", "all", "--format", "csv", "--force", "-o", o],
        vec!["export", "items", "--status", "all", "--format", "json", "--force", "-o", o],
        vec!["export", "report", "BIG", "--force", "-o", o],
        vec!["export", "report", "BIG", "--format", "json", "--force", "-o", o],
        vec!["export", "minutes", "BIG", "--force", "-o", o],
        vec!["questionnaire", "list"],
        vec!["backup", "-o", b, "--force"],
    ]);
    let mut peaks = Vec::new();
    for args in commands {
        let mut cmd = std::process::Command::new(CHEC);
        cmd.args(&args).env("CHEC_DB", db);
        let started = Instant::now();
        let (kib, code) = peak::own_peak(&cmd, scratch)?;
        let shown = args.iter().map(|a| if *a == o || *a == b { "FILE" } else { a }).collect::<Vec<_>>().join(" ");
        eprintln!(
            "budgets:   chec {shown}: {:.1} MiB, {:.1} s, exit {code:?}",
            kib as f64 / 1024.0,
            started.elapsed().as_secs_f64()
        );
        // The gate exits 3 when it finds items at or above its priority: that is success here.
        anyhow::ensure!(matches!(code, Some(0) | Some(3)), "chec {shown} failed ({code:?})");
        peaks.push((format!("`chec {shown}`"), kib));
    }
    let _ = std::fs::remove_file(&backup);
    Ok(peaks)
}

/// Read the database (and its write-ahead log) once, so that it is in the page cache.
fn warm(db: &Path) -> std::io::Result<()> {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    for path in [db, Path::new(&wal)] {
        match std::fs::File::open(path) {
            Ok(mut file) => {
                std::io::copy(&mut file, &mut std::io::sink())?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn today() -> String {
    chec::clock::Clock::system(chec::clock::Zone::system()).today_text()
}

/// The figures for typing a filter on `screen`: keystroke to frame (the budget), and
/// keystroke to results, read between keys when they take longer than a frame.
fn typing_figures(screen: &str, timed: Vec<(Timed, String)>) -> [Figure; 2] {
    let (to_frame, to_results): (Vec<_>, Vec<_>) =
        timed.into_iter().map(|(t, label)| ((t.to_frame, label.clone()), (t.to_results, label))).unzip();
    [
        Figure::labelled(
            &format!("keystroke to frame: {screen}, typing a filter"),
            to_frame,
            Some(Duration::from_millis(16)),
        ),
        Figure::labelled(
            &format!("keystroke to results: {screen}, typing a filter (read between keys; no budget)"),
            to_results,
            None,
        ),
    ]
}

fn keystrokes(db: &Path) -> anyhow::Result<Vec<Figure>> {
    let budget = Some(Duration::from_millis(16));
    let mut figures = Vec::new();
    let mut d = Driver::open(db)?;

    // The consultations list: moving, paging, jumping to either end, and a filter typed.
    let mut moves = Vec::new();
    for _ in 0..3 {
        moves.extend([KeyCode::Down; 40]);
        moves.extend([KeyCode::PageDown; 20]);
        moves.push(KeyCode::End);
        moves.extend([KeyCode::Up; 20]);
        moves.extend([KeyCode::PageUp; 20]);
        moves.push(KeyCode::Home);
    }
    let samples = d.keys(&moves)?;
    figures.push(Figure::labelled("keystroke to frame: consultations list, moving", samples, budget));
    let mut typing = vec![KeyCode::Char('/')];
    for word in ["s01", "상담", "ml platform", "fraud"] {
        typing.extend(Driver::text(word));
        typing.extend(std::iter::repeat_n(KeyCode::Backspace, word.chars().count()));
    }
    typing.push(KeyCode::Esc);
    figures.extend(typing_figures("consultations list", d.keys_to_results(&typing)?));

    // The items screen: typing a search, then an owner, deleting each again.
    d.key(KeyCode::Char('I'))?;
    anyhow::ensure!(d.app.screen == Screen::Items, "I did not open the items screen");
    let mut typing = Vec::new();
    for (start, word) in [('/', "편향 평가"), ('/', "fair"), ('/', "S01234-1"), ('o', "kim.minji"), ('/', "| 거부")]
    {
        typing.push(KeyCode::Char(start));
        typing.extend(Driver::text(word));
        typing.extend(std::iter::repeat_n(KeyCode::Backspace, word.chars().count()));
        typing.push(KeyCode::Esc);
    }
    figures.extend(typing_figures("items screen", d.keys_to_results(&typing)?));

    // A key typed while a slow search is still being read: the read stops for it. Each
    // sample types one letter (no index serves one letter), then a second while the first
    // one's matches are still being counted, at a different moment each time.
    let mut during = Vec::new();
    d.key(KeyCode::Char('/'))?;
    for (i, (first, then)) in ["편향", "공정", "검토", "개인", "데이", "모델", "설명", "사용"]
        .iter()
        .flat_map(|w| {
            let mut c = w.chars();
            c.next().zip(c.next())
        })
        .cycle()
        .take(40)
        .enumerate()
    {
        let after = Duration::from_micros(500 + 250 * (i as u64 % 16));
        if let Some(took) = d.key_during_reads(KeyCode::Char(first), after, KeyCode::Char(then))? {
            during.push((took, format!("`{first}{then}` after {} ms", after.as_secs_f64() * 1e3)));
        }
        d.key(KeyCode::Backspace)?;
        d.key(KeyCode::Backspace)?;
    }
    d.key(KeyCode::Esc)?;
    if during.is_empty() {
        // On a small database every search is read before the next key comes.
        eprintln!("budgets:   no key came while a search was being read: the searches were too quick");
    } else {
        figures.push(Figure::labelled(
            "key pressed while a search is being read, to its frame (items screen)",
            during,
            budget,
        ));
    }
    let mut moves = Vec::new();
    for _ in 0..3 {
        moves.extend([KeyCode::Down; 30]);
        moves.extend([KeyCode::PageDown; 20]);
        moves.extend([KeyCode::PageUp; 20]);
        moves.push(KeyCode::Char('s'));
    }
    let samples = d.keys(&moves)?;
    figures.push(Figure::labelled("keystroke to frame: items screen, moving and sorting", samples, budget));

    // Between screens.
    let mut switches = Vec::new();
    for _ in 0..10 {
        for key in ['D', 'I', 'C'] {
            switches.push((d.key(KeyCode::Char(key))?.to_frame, format!("`{key}`")));
        }
    }
    figures.push(Figure::labelled(
        "keystroke to frame: switching screens (dashboard, items, consultations)",
        switches,
        budget,
    ));

    // Moving between the questions of the consultation with the most items.
    d.key(KeyCode::Home)?;
    d.key(KeyCode::Enter)?;
    anyhow::ensure!(d.app.screen == Screen::Consultation, "Enter did not open a consultation");
    let mut moves = Vec::new();
    for _ in 0..5 {
        moves.extend([KeyCode::Down; 12]);
        moves.extend([KeyCode::Up; 12]);
        moves.push(KeyCode::Char(']'));
    }
    let samples = d.keys(&moves)?;
    figures.push(Figure::labelled("keystroke to frame: moving between questions and stages", samples, budget));
    Ok(figures)
}
