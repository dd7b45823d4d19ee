//! Every `chec items` filter against the best plan that can be shown for it (issue 19).
//!
//! For each filter, `Store::items_sql` gives the very SQL chec runs. Its FROM clause is then
//! rewritten to every other way the items table can be read (SQLite's own choice, a pass in
//! rowid order, each item index by name), and each of those runs through the floor (this
//! bench in `--sql` mode: chec's own SQLite, rows written as JSON with the least work). The
//! quickest of them is the best plan. Then chec and the best plan alternate, `runs` times
//! each, as whole processes with their output read through a pipe. Processes are compared by
//! the processor time they used (user and system, from `wait4`), which other work on the
//! machine disturbs far less than wall time; wall time is reported beside it.
//!
//! With `--instructions N`, listings of up to N rows are also counted in instructions
//! (valgrind's cachegrind, once each for chec and the best plan): a count no other work on
//! the machine changes at all, so the ratio it gives is the same on every run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Context as _;
use chec::domain::{ItemQuery, ItemSort, Priority, StatusFilter};
use chec::storage::Store;

use super::processes::time_process_cpu;
use super::{CHEC, percentile, today};

/// One filter's figures.
pub struct PlanFigure {
    /// The `chec items` arguments.
    pub args: String,
    pub rows: i64,
    /// Medians of processor time (user and system), which the ratio compares: steadier
    /// than wall time on a machine doing other work.
    pub chec: Duration,
    pub best: Duration,
    /// Medians of wall time, for reference.
    pub chec_wall: Duration,
    pub best_wall: Duration,
    /// How the best plan names the items table.
    pub best_from: String,
    /// How chec names it.
    pub chec_from: String,
    /// `EXPLAIN QUERY PLAN` of chec's query and of the best.
    pub chec_plan: String,
    pub best_plan: String,
    /// Instructions executed by chec and by the best plan, when counted.
    pub instructions: Option<(u64, u64)>,
}

impl PlanFigure {
    pub fn ratio(&self) -> f64 {
        self.chec.as_secs_f64() / self.best.as_secs_f64()
    }
}

/// Every way the items table can be named in a FROM clause.
const READINGS: &[&str] = &[
    "items i",
    "items i NOT INDEXED",
    "items i INDEXED BY items_active_by_priority",
    "items i INDEXED BY items_active_by_due",
    "items i INDEXED BY items_active_by_owner",
    "items i INDEXED BY items_by_priority",
    "items i INDEXED BY items_by_due",
    "items i INDEXED BY items_by_owner",
    "items i INDEXED BY items_by_updated",
    "items i INDEXED BY items_by_status",
    "items i INDEXED BY items_by_consultation",
];

/// The filters measured: the arguments given to `chec items`, and the same as a query.
fn cases(owner: &str, consultation: &str, today: &str) -> Vec<(Vec<String>, ItemQuery)> {
    let base = || ItemQuery::new(today);
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (args(&["--owner", owner]), ItemQuery { owner: Some(owner.into()), ..base() }),
        (
            args(&["--owner", owner, "--status", "all"]),
            ItemQuery { owner: Some(owner.into()), status: StatusFilter::All, ..base() },
        ),
        (args(&[]), base()),
        (args(&["--status", "all"]), ItemQuery { status: StatusFilter::All, ..base() }),
        (args(&["--consultation", consultation]), ItemQuery { consultation: Some(consultation.into()), ..base() }),
        (args(&["--min-priority", "high"]), ItemQuery { min_priority: Some(Priority::High), ..base() }),
        (args(&["--overdue"]), ItemQuery { overdue: true, ..base() }),
        (args(&["--sort", "due"]), ItemQuery { sort: ItemSort::Due, ..base() }),
        (args(&["--sort", "key"]), ItemQuery { sort: ItemSort::Key, ..base() }),
        (args(&["--sort", "updated"]), ItemQuery { sort: ItemSort::Updated, ..base() }),
        (args(&["--sort", "owner"]), ItemQuery { sort: ItemSort::Owner, ..base() }),
        (args(&["--search", "fair"]), ItemQuery { search: Some("fair".into()), ..base() }),
        (args(&["--search", "S0123"]), ItemQuery { search: Some("S0123".into()), ..base() }),
        (args(&["--search", "편"]), ItemQuery { search: Some("편".into()), ..base() }),
    ]
}

/// `sql` with its items table read by `reading` (one of [`READINGS`]) instead, and how
/// `sql` itself reads it.
fn read_by(sql: &str, reading: &str) -> anyhow::Result<(String, String)> {
    let start = sql.find("FROM items i").context("no items table")?;
    let end = start + sql[start..].find("JOIN consultations").context("no join of consultations")?;
    let own = sql[start + "FROM ".len()..end].trim().to_string();
    Ok((format!("{}FROM {reading} {}", &sql[..start], &sql[end..]), own))
}

/// The two programs compared, each copied into the scratch folder the same way before they
/// are timed.
///
/// How a program's file came to be in the page cache changes what starting it costs: the
/// same chec, run from the file the linker wrote (its pages cached as they were written
/// through a mapping, or as the first runs faulted them in) took 45–50 more page faults at
/// every start and about 1 ms more processor time (1.32× the floor at 0 rows) than a copy of
/// it made with `cp` (1.07×). The bench used to run chec from the linker's file and the
/// floor from wherever the bench was (a copy, in the runs of BENCHMARKS.md), which charged
/// that to chec.
struct Programs {
    chec: PathBuf,
    floor: PathBuf,
}

impl Programs {
    fn copied_into(scratch: &Path) -> anyhow::Result<Programs> {
        let copy = |from: &Path, name: &str| -> anyhow::Result<PathBuf> {
            let to = scratch.join(name);
            std::fs::copy(from, &to).with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
            Ok(to)
        };
        Ok(Programs { chec: copy(Path::new(CHEC), "chec")?, floor: copy(&std::env::current_exe()?, "floor")? })
    }

    fn floor(&self, db: &Path, sql: &str) -> Command {
        let mut cmd = Command::new(&self.floor);
        cmd.arg("--sql").arg(db).arg(sql);
        cmd
    }
}

fn floor(db: &Path, sql: &str) -> anyhow::Result<Command> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.arg("--sql").arg(db).arg(sql);
    Ok(cmd)
}

fn plan(db: &Path, sql: &str) -> anyhow::Result<String> {
    let out = floor(db, sql)?.arg("--plan").output()?;
    anyhow::ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

/// Instructions `cmd` executes, counted by valgrind's cachegrind (no cache simulation).
fn instructions(cmd: &Command) -> anyhow::Result<u64> {
    let mut counted = Command::new("valgrind");
    counted.args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]);
    counted.arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            counted.env(k, v);
        }
    }
    let out = counted.stdout(Stdio::null()).stderr(Stdio::piped()).output().context("running valgrind")?;
    let text = String::from_utf8_lossy(&out.stderr);
    // `==123== I   refs:      1,234,567`
    let line = text
        .lines()
        .find(|l| l.split_whitespace().skip(1).take(2).eq(["I", "refs:"]))
        .with_context(|| format!("valgrind printed no instruction count: {text}"))?;
    let digits: String = line.rsplit(':').next().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    Ok(digits.parse()?)
}

/// Each filter against its best plan; `runs` samples of each side; instructions counted for
/// listings of up to `count_up_to` rows.
pub fn items_against_best_plans(
    db: &Path,
    owner: &str,
    consultation: &str,
    runs: usize,
    count_up_to: Option<i64>,
    scratch: &Path,
) -> anyhow::Result<Vec<PlanFigure>> {
    let today = today();
    let programs = Programs::copied_into(scratch)?;
    let store = Store::open(db)?;
    let mut figures = Vec::new();
    for (args, query) in cases(owner, consultation, &today) {
        let sql = store.items_sql(&query)?;
        let rows = store.count_items(&query)?;
        let (_, chec_from) = read_by(&sql, "items i")?;
        // Every reading SQLite accepts for this query, timed once (after one untimed run
        // of chec's own, which warms the cache).
        time_process_cpu(programs.floor(db, &sql))?;
        let mut tried = Vec::new();
        for reading in READINGS {
            let (candidate, _) = read_by(&sql, reading)?;
            if plan(db, &candidate).is_err() {
                continue; // "no query solution": that index cannot serve this query
            }
            let (_, cpu, _) = time_process_cpu(programs.floor(db, &candidate))?;
            tried.push((cpu, *reading, candidate));
        }
        tried.sort_by_key(|(took, ..)| *took);
        // The three quickest, and chec, alternate.
        tried.truncate(3);
        let chec = || {
            let mut cmd = Command::new(&programs.chec);
            cmd.arg("items").args(&args).args(["--format", "json"]).env("CHEC_DB", db);
            cmd
        };
        let median = |t: &mut Vec<Duration>| {
            t.sort();
            percentile(t, 0.5)
        };
        // Which of them is best is chosen on one set of samples, and measured against chec on
        // another: the least of three medians taken from the same samples would favour the
        // floor by its luck alone (with equal work and noisy processor times, 1.1× or more).
        let mut choosing: Vec<Vec<Duration>> = vec![Vec::new(); tried.len()];
        for _ in 0..runs {
            time_process_cpu(chec())?;
            for (i, (_, _, candidate)) in tried.iter().enumerate() {
                choosing[i].push(time_process_cpu(programs.floor(db, candidate))?.1);
            }
        }
        let best_at = (0..tried.len())
            .min_by_key(|&i| median(&mut choosing[i]))
            .context("no reading of the items table worked")?;
        let best_sql = &tried[best_at].2;
        // (wall, processor) samples of chec and of the chosen best, alternating.
        let (mut chec_times, mut best_times) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
        for _ in 0..runs {
            let (wall, cpu, _) = time_process_cpu(chec())?;
            chec_times.0.push(wall);
            chec_times.1.push(cpu);
            let (wall, cpu, _) = time_process_cpu(programs.floor(db, best_sql))?;
            best_times.0.push(wall);
            best_times.1.push(cpu);
        }
        let (best, best_wall) = (&median(&mut best_times.1), &median(&mut best_times.0));
        let instructions = match count_up_to {
            Some(limit) if rows <= limit => {
                Some((instructions(&chec())?, instructions(&programs.floor(db, best_sql))?))
            }
            _ => None,
        };
        figures.push(PlanFigure {
            args: if args.is_empty() { "(no filter: active items)".into() } else { args.join(" ") },
            rows,
            chec: median(&mut chec_times.1),
            best: *best,
            chec_wall: median(&mut chec_times.0),
            best_wall: *best_wall,
            best_from: tried[best_at].1.to_string(),
            chec_from,
            chec_plan: plan(db, &sql)?,
            best_plan: plan(db, best_sql)?,
            instructions,
        });
        eprintln!(
            "budgets:   items {}: {:.2}×",
            figures.last().map_or("", |f| &f.args),
            figures.last().map_or(0.0, PlanFigure::ratio)
        );
    }
    Ok(figures)
}
