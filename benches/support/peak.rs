//! Each measured process's own peak memory, and the proof that it is its own.
//!
//! The kernel's `ru_maxrss` for a child (from `wait4`) is the highest resident size of every
//! memory image that process ever had. On `exec` Linux keeps the high-water mark of the image
//! being replaced, and a child spawned by the bench starts with the bench's image (shared,
//! with `posix_spawn`, or copied, with `fork`). So `wait4` on a direct child reports at least
//! the bench's own size: 24.6 MB for a `chec items` whose own peak is 9 MB.
//!
//! So a measured command is started by a helper: this same bench program, run afresh with
//! `--peak-of FILE -- PROGRAM ARGS…`. Its image is small (it has done nothing yet); it forks,
//! the child execs the command, and the helper writes that child's `ru_maxrss` to FILE. The
//! command inherits the helper's standard input, output and error (a pipe or a terminal) and
//! environment, so it runs as it would directly; the figure is the command's own peak, with a
//! floor of the helper's image at the fork (about a megabyte, shown by `--allocate 0`).
//!
//! [`prove`] checks the method on a child that allocates a known amount (`--allocate MIB`
//! touches every page of MIB mebibytes) before any figure is trusted.

use std::ffi::OsString;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

/// What a process's peak was, in KiB, with how it ended.
pub struct Peak {
    pub kib: i64,
    /// The wait status, as `wait4` gives it.
    pub status: i32,
    /// Processor time it used, user and system: steadier than wall time on a busy machine.
    pub cpu: std::time::Duration,
}

/// Wait for our child `pid`, returning its wait status and `ru_maxrss` (KiB).
pub fn wait4(pid: u32) -> anyhow::Result<Peak> {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped; both pointers are valid for the call.
    let got = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if got != pid as libc::pid_t {
        bail!("wait4({pid}) failed: {}", std::io::Error::last_os_error());
    }
    let time = |t: libc::timeval| std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok(Peak { kib: usage.ru_maxrss, status, cpu: time(usage.ru_utime) + time(usage.ru_stime) })
}

/// `cmd` as run through the helper, which writes the command's own peak (KiB) to `report`.
/// Environment and working folder are carried over; the caller sets standard streams.
pub fn through_helper(cmd: &Command, report: &Path) -> anyhow::Result<Command> {
    let mut helper = Command::new(std::env::current_exe().context("the bench's own path")?);
    helper.arg("--peak-of").arg(report).arg("--").arg(cmd.get_program()).args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => helper.env(key, value),
            None => helper.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        helper.current_dir(dir);
    }
    Ok(helper)
}

/// Read the figure the helper wrote.
pub fn read_report(report: &Path) -> anyhow::Result<i64> {
    let text = std::fs::read_to_string(report).with_context(|| format!("{}", report.display()))?;
    text.trim().parse().with_context(|| format!("{}: {text:?}", report.display()))
}

/// The helper's and the test child's modes, when the bench is run as one of them; `None`
/// for a normal run.
pub fn helper_mode() -> Option<ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    match args.get(1).and_then(|a| a.to_str()) {
        Some("--peak-of") => Some(peak_of(&args[2..]).unwrap_or_else(|e| {
            eprintln!("budgets --peak-of: {e:#}");
            ExitCode::from(125)
        })),
        Some("--allocate") => {
            let mib: usize = args.get(2).and_then(|a| a.to_str()).and_then(|a| a.parse().ok()).unwrap_or(0);
            // Every byte written, so every page is resident.
            let block = vec![1u8; mib << 20];
            std::hint::black_box(&block);
            Some(ExitCode::SUCCESS)
        }
        _ => None,
    }
}

/// `--peak-of FILE -- PROGRAM ARGS…`: run the program as a forked child, write its
/// `ru_maxrss` to FILE, and end as it ended.
fn peak_of(args: &[OsString]) -> anyhow::Result<ExitCode> {
    let [report, dashes, program, rest @ ..] = args else { bail!("usage: --peak-of FILE -- PROGRAM ARGS…") };
    anyhow::ensure!(dashes == "--", "usage: --peak-of FILE -- PROGRAM ARGS…");
    let mut cmd = Command::new(program);
    cmd.args(rest);
    // SAFETY: the closure does nothing; it only makes the standard library fork and exec
    // (a copy of this small image) instead of spawning with the parent's image shared.
    unsafe {
        cmd.pre_exec(|| Ok(()));
    }
    let child = cmd.spawn().with_context(|| format!("cannot run {}", program.to_string_lossy()))?;
    let pid = child.id();
    // Reaped by wait4 below, for its rusage.
    std::mem::forget(child);
    let peak = wait4(pid)?;
    std::fs::write(report, peak.kib.to_string())?;
    Ok(if libc::WIFEXITED(peak.status) {
        ExitCode::from(libc::WEXITSTATUS(peak.status) as u8)
    } else {
        ExitCode::from(128 + libc::WTERMSIG(peak.status) as u8)
    })
}

/// Run `cmd` through the helper with its output discarded; its own peak in KiB, and its
/// exit code.
pub fn own_peak(cmd: &Command, scratch: &Path) -> anyhow::Result<(i64, Option<i32>)> {
    let report = scratch.join("peak.txt");
    let _ = std::fs::remove_file(&report);
    let status = through_helper(cmd, &report)?
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    Ok((read_report(&report)?, status.code()))
}

/// The same, the old way: `wait4` on a direct child.
fn direct_peak(cmd: &mut Command) -> anyhow::Result<i64> {
    let child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn()?;
    let pid = child.id();
    std::mem::forget(child);
    Ok(wait4(pid)?.kib)
}

/// This process's own high-water mark, in KiB.
pub fn own_high_water() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// What [`prove`] found, for the report.
pub struct Proof {
    pub bench_kib: i64,
    /// `true` (the smallest program there is) through the helper, and directly: the floor.
    pub true_kib: (i64, i64),
    /// (MiB allocated, figure through the helper, figure by `wait4` on a direct child).
    pub rows: Vec<(usize, i64, i64)>,
}

/// Check the method on children that allocate known amounts: through the helper, 48 MiB
/// more must read 48 MiB more (within 2 %), and nothing allocated must read far below the
/// bench's own size, which a direct child reports instead.
pub fn prove(scratch: &Path) -> anyhow::Result<Proof> {
    let exe = std::env::current_exe()?;
    // Make sure the bench itself is bigger than any of the test children, so that the
    // difference between the two methods shows.
    let ballast = vec![1u8; 96 << 20];
    std::hint::black_box(&ballast);
    let bench_kib = own_high_water();
    let mut rows = Vec::new();
    for mib in [0usize, 16, 48] {
        let mut cmd = Command::new(&exe);
        cmd.arg("--allocate").arg(mib.to_string());
        let (helper, _) = own_peak(&cmd, scratch)?;
        let direct = direct_peak(&mut cmd)?;
        rows.push((mib, helper, direct));
    }
    let mut tiny = Command::new("true");
    let true_kib = (own_peak(&tiny, scratch)?.0, direct_peak(&mut tiny)?);
    drop(ballast);
    let base = rows[0].1;
    for &(mib, helper, _) in &rows[1..] {
        let grew = (helper - base) as f64 / 1024.0;
        anyhow::ensure!(
            (grew - mib as f64).abs() <= mib as f64 * 0.02 + 0.5,
            "the peak-memory method is wrong: a child allocating {mib} MiB read {grew:.1} MiB more than one allocating none"
        );
    }
    anyhow::ensure!(base < 8 * 1024, "the helper's floor is {base} KiB, too high to measure small processes");
    Ok(Proof { bench_kib, true_kib, rows })
}
