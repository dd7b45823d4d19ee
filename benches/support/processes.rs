//! The budgets bench's whole-process measures: the TUI in a pseudo-terminal (first frame, a
//! walk through every screen), `chec items` against `sqlite3`, `chec export`, and each
//! process's peak memory.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use chec::domain::ItemQuery;
use chec::storage::Store;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::{CHEC, peak, percentile, today};

/// Wait for `pid`; an error if it failed; else the processor time it used.
fn reap(pid: u32) -> anyhow::Result<Duration> {
    let peak = super::peak::wait4(pid)?;
    if !libc::WIFEXITED(peak.status) || libc::WEXITSTATUS(peak.status) != 0 {
        bail!("process {pid} failed (wait status {})", peak.status);
    }
    Ok(peak.cpu)
}

/// The TUI in a real pseudo-terminal, from spawning the process until the consultations
/// list is on screen; then `q`. Returns the samples and the peak memory of one more run,
/// started through the helper (see `peak.rs`).
pub fn first_frame(db: &Path, runs: usize, scratch: &Path) -> anyhow::Result<(Vec<Duration>, i64)> {
    let shown = |s: &str| s.contains("KEY") && s.contains("NAME") && s.contains("STAGE");
    let mut samples = Vec::new();
    for _ in 0..runs + 1 {
        let mut tui = Tui::spawn(db, scratch, false)?;
        samples.push(tui.wait_for(shown)?);
        tui.send("q")?;
        tui.finish()?;
    }
    // The first run warms the file cache; every later run starts from a warm cache, as a
    // user's second start does.
    samples.remove(0);
    let mut tui = Tui::spawn(db, scratch, true)?;
    tui.wait_for(shown)?;
    tui.send("q")?;
    let peak = tui.finish()?.context("no peak")?;
    Ok((samples, peak))
}

struct Tui {
    pid: u32,
    /// Where the helper writes the TUI's own peak memory, when started through it.
    peak_report: Option<PathBuf>,
    started: Instant,
    writer: Box<dyn Write + Send>,
    screen: std::sync::Arc<std::sync::Mutex<vt100::Parser>>,
    reader: std::thread::JoinHandle<()>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Tui {
    /// The TUI at 80×24; with `measured`, started through the helper that reports its own
    /// peak memory.
    fn spawn(db: &Path, scratch: &Path, measured: bool) -> anyhow::Result<Tui> {
        let pair = native_pty_system()
            .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
            .map_err(|e| anyhow::anyhow!("openpty: {e}"))?;
        let peak_report = measured.then(|| scratch.join("tui-peak.txt"));
        let mut cmd = match &peak_report {
            Some(report) => {
                let _ = std::fs::remove_file(report);
                let mut cmd = CommandBuilder::new(std::env::current_exe()?);
                cmd.arg("--peak-of");
                cmd.arg(report);
                cmd.args(["--", CHEC]);
                cmd
            }
            None => CommandBuilder::new(CHEC),
        };
        cmd.env("CHEC_DB", db);
        cmd.env("CHEC_CONFIG_DIR", scratch);
        cmd.env("TERM", "xterm-256color");
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).map_err(|e| anyhow::anyhow!("spawn: {e}"))?;
        drop(pair.slave);
        let pid = child.process_id().context("no pid")?;
        // The child is reaped with wait4 for its memory figure, not through portable-pty.
        std::mem::forget(child);
        let mut reader = pair.master.try_clone_reader().map_err(|e| anyhow::anyhow!("{e}"))?;
        let writer = pair.master.take_writer().map_err(|e| anyhow::anyhow!("{e}"))?;
        let rows = std::num::NonZeroU16::new(24).context("rows")?;
        let cols = std::num::NonZeroU16::new(80).context("cols")?;
        let screen = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let parser = std::sync::Arc::clone(&screen);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = parser.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Ok(Tui { pid, peak_report, started, writer, screen, reader, _master: pair.master })
    }

    /// Time from spawning until the screen satisfies `ok`, polled every 0.2 ms.
    fn wait_for(&self, ok: impl Fn(&str) -> bool) -> anyhow::Result<Duration> {
        let deadline = self.started + Duration::from_secs(30);
        loop {
            let contents = self.screen.lock().map(|p| p.screen().contents()).unwrap_or_default();
            if ok(&contents) {
                return Ok(self.started.elapsed());
            }
            if Instant::now() > deadline {
                bail!("the TUI did not show what was expected; screen:\n{contents}");
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    fn send(&mut self, keys: &str) -> anyhow::Result<()> {
        self.writer.write_all(keys.as_bytes())?;
        self.writer.flush()?;
        Ok(())
    }

    /// Wait for the TUI to end; its own peak memory (KiB) if it was started through the helper.
    fn finish(self) -> anyhow::Result<Option<i64>> {
        reap(self.pid)?;
        drop(self._master);
        let _ = self.reader.join();
        self.peak_report.as_deref().map(peak::read_report).transpose()
    }
}

pub struct Ratio {
    pub rows: usize,
    pub median: f64,
    pub p99: f64,
    pub chec_median: Duration,
    pub sqlite_median: Duration,
}

/// Time a whole process, reading all it prints through a pipe; its output size too.
pub fn time_process(cmd: Command) -> anyhow::Result<(Duration, usize)> {
    let (took, _, out) = time_process_cpu(cmd)?;
    Ok((took, out))
}

/// [`time_process`], with the processor time the process used (user and system).
pub fn time_process_cpu(mut cmd: Command) -> anyhow::Result<(Duration, Duration, usize)> {
    let started = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn()?;
    let mut out = 0;
    if let Some(mut stdout) = child.stdout.take() {
        out = std::io::copy(&mut stdout, &mut std::io::sink())? as usize;
    }
    let cpu = reap(child.id())?;
    let took = started.elapsed();
    std::mem::forget(child);
    Ok((took, cpu, out))
}

/// A whole process's own peak memory (KiB), run once through the helper, its output read
/// through a pipe as in [`time_process`]; an error if it fails.
pub fn peak_of_process(cmd: &Command, scratch: &Path) -> anyhow::Result<i64> {
    let report = scratch.join("process-peak.txt");
    let _ = std::fs::remove_file(&report);
    let mut helper = peak::through_helper(cmd, &report)?;
    let mut child = helper.stdout(Stdio::piped()).stderr(Stdio::null()).spawn()?;
    if let Some(mut stdout) = child.stdout.take() {
        std::io::copy(&mut stdout, &mut std::io::sink())?;
    }
    let status = child.wait()?;
    anyhow::ensure!(status.success(), "{:?} failed ({status})", cmd.get_program());
    peak::read_report(&report)
}

pub fn items_against_sqlite(db: &Path, owner: &str, runs: usize, scratch: &Path) -> anyhow::Result<(Ratio, i64)> {
    let today = today();
    let query = ItemQuery { owner: Some(owner.to_string()), ..ItemQuery::new(&today) };
    let store = Store::open(db)?;
    let sql = store.items_sql(&query)?;
    let rows = store.count_items(&query)? as usize;
    drop(store);
    let chec = || {
        let mut cmd = Command::new(CHEC);
        cmd.args(["items", "--owner", owner, "--format", "json"]).env("CHEC_DB", db);
        cmd
    };
    let sqlite = || {
        let mut cmd = Command::new("sqlite3");
        cmd.args(["-readonly", "-json"]).arg(db).arg(&sql);
        cmd
    };
    let (mut chec_times, mut sqlite_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    // One untimed round warms the file cache for both.
    time_process(chec())?;
    time_process(sqlite()).context("the sqlite3 program is needed for this figure")?;
    for _ in 0..runs {
        let (c, bytes) = time_process(chec())?;
        anyhow::ensure!(bytes > 2 || rows == 0, "chec items printed nothing");
        let (s, _) = time_process(sqlite())?;
        chec_times.push(c);
        sqlite_times.push(s);
        ratios.push(c.as_secs_f64() / s.as_secs_f64());
    }
    chec_times.sort();
    sqlite_times.sort();
    ratios.sort_by(f64::total_cmp);
    let pick = |v: &[f64], p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    let ratio = Ratio {
        rows,
        median: pick(&ratios, 0.5),
        p99: pick(&ratios, 0.99),
        chec_median: percentile(&chec_times, 0.5),
        sqlite_median: percentile(&sqlite_times, 0.5),
    };
    Ok((ratio, peak_of_process(&chec(), scratch)?))
}

pub fn export_report(db: &Path, key: &str, runs: usize, scratch: &Path) -> anyhow::Result<(Vec<Duration>, i64)> {
    let target = scratch.join("report.md");
    let mut samples = Vec::new();
    let export = || {
        let mut cmd = Command::new(CHEC);
        cmd.args(["export", "report", key, "--force", "-o"]).arg(&target).env("CHEC_DB", db);
        cmd
    };
    for round in 0..runs + 1 {
        let (took, _) = time_process(export())?;
        anyhow::ensure!(target.exists(), "chec export wrote no report");
        if round > 0 {
            samples.push(took);
        }
    }
    Ok((samples, peak_of_process(&export(), scratch)?))
}

/// The TUI through every screen at full size: the list paged to its end, a consultation,
/// the items screen with a search, the dashboard; its peak memory.
pub fn walk_every_screen(db: &Path, scratch: &Path) -> anyhow::Result<i64> {
    let mut tui = Tui::spawn(db, scratch, true)?;
    tui.wait_for(|s| s.contains("KEY") && s.contains("NAME"))?;
    tui.send("G")?; // the last consultation
    std::thread::sleep(Duration::from_millis(200));
    tui.send("g\r")?; // the first, opened
    tui.wait_for(|s| s.contains("Stages") || s.contains("STAGES") || s.contains("stage"))?;
    tui.send("jjjj]]")?;
    std::thread::sleep(Duration::from_millis(200));
    tui.send("I")?;
    std::thread::sleep(Duration::from_millis(300));
    tui.send("C")?;
    std::thread::sleep(Duration::from_millis(200));
    tui.send("I/fair")?;
    tui.wait_for(|s| s.contains("Search: fair"))?;
    // Each key on its own, once the one before has been handled: an Esc followed at once by
    // a letter reads as Alt+letter.
    std::thread::sleep(Duration::from_millis(1500));
    tui.send("\x1b")?;
    std::thread::sleep(Duration::from_millis(1000));
    tui.send("G")?;
    std::thread::sleep(Duration::from_millis(1000));
    tui.send("D")?;
    tui.wait_for(|s| s.contains("Dashboard"))?;
    std::thread::sleep(Duration::from_millis(300));
    tui.send("q")?;
    tui.finish()?.context("no peak")
}
