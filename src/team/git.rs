//! Running the `git` program. chec uses no git library: the user's git, with their SSH
//! keys, credential helpers, hosting and signing settings, does the work.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A failed git command, with what git said.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git ({0}); install git (https://git-scm.com) and make sure it is on PATH")]
    Missing(std::io::Error),
    #[error("git {command} failed: {message}")]
    Failed { command: String, message: String },
}

impl GitError {
    /// Whether a push was refused because the remote moved on (fetch, rebase and push again).
    pub fn is_rejected_push(&self) -> bool {
        matches!(self, GitError::Failed { message, .. }
            if ["rejected", "non-fast-forward", "fetch first", "failed to update ref", "cannot lock ref", "stale info"]
                .iter()
                .any(|s| message.contains(s)))
    }
}

/// git, run in one repository.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    /// Never ask on a terminal (a background sync has none to ask on).
    unattended: bool,
}

impl Git {
    pub fn new(dir: &Path, unattended: bool) -> Git {
        Git { dir: dir.to_path_buf(), unattended }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn command(&self, cwd: &Path) -> Command {
        let mut cmd = Command::new("git");
        // Paths as they are (a Korean name is not written as octal escapes).
        cmd.args(["-c", "core.quotepath=off"])
            .current_dir(cwd)
            // Messages in one language, so a refused push can be told from a lost network.
            .env("LC_ALL", "C")
            .env("GIT_TERMINAL_PROMPT", if self.unattended { "0" } else { "1" })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if self.unattended {
            cmd.stdin(Stdio::null()).env("GIT_SSH_COMMAND", ssh_batch_mode());
        }
        // A chec killed mid-sync takes its git with it, so the next sync never meets a git
        // of the last one still writing into the clone.
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::process::CommandExt as _;
            // SAFETY: the closure runs in the child between fork and exec and makes a single
            // system call (prctl), which is async-signal-safe.
            unsafe {
                cmd.pre_exec(|| {
                    rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))
                        .map_err(std::io::Error::from)
                });
            }
        }
        cmd
    }

    /// Run `git ARGS` in the repository; its standard output, trimmed.
    pub fn run(&self, args: &[&str]) -> Result<String, GitError> {
        self.run_in(&self.dir, args)
    }

    /// [`Git::run`], its standard output as git wrote it (not trimmed: where a space leads
    /// an entry, as in `git status --porcelain -z`).
    pub fn run_raw(&self, args: &[&str]) -> Result<String, GitError> {
        let output = self.command(&self.dir).args(args).output().map_err(GitError::Missing)?;
        if output.status.success() {
            return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
        }
        outcome(args, output)
    }

    /// Run `git ARGS` in `cwd` (for a clone, before the repository exists).
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Result<String, GitError> {
        let output = self.command(cwd).args(args).output().map_err(GitError::Missing)?;
        outcome(args, output)
    }

    /// Run `git ARGS` in the repository with `input` on its standard input (a list of paths
    /// too long for a command line, say); its standard output, trimmed.
    pub fn run_with_input(&self, args: &[&str], input: &[u8]) -> Result<String, GitError> {
        use std::io::Write as _;
        let mut child = self.command(&self.dir).args(args).stdin(Stdio::piped()).spawn().map_err(GitError::Missing)?;
        let stdin = child.stdin.take();
        // Written from a thread of its own, so neither side waits on the other's full pipe.
        let output = std::thread::scope(|scope| {
            if let Some(mut stdin) = stdin {
                scope.spawn(move || {
                    let _ = stdin.write_all(input);
                });
            }
            child.wait_with_output()
        })
        .map_err(GitError::Missing)?;
        outcome(args, output)
    }

    /// Whether `git ARGS` succeeds (for questions such as "does this ref exist").
    pub fn succeeds(&self, args: &[&str]) -> bool {
        self.command(&self.dir)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// A finished git's standard output, trimmed, or what it said went wrong.
fn outcome(args: &[&str], output: std::process::Output) -> Result<String, GitError> {
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).trim().to_string());
    }
    let mut message = String::from_utf8_lossy(&output.stderr).trim().to_string();
    if message.is_empty() {
        message = String::from_utf8_lossy(&output.stdout).trim().to_string();
    }
    if message.is_empty() {
        message = format!("exit status {}", output.status);
    }
    Err(GitError::Failed { command: command_name(args).to_string(), message })
}

/// The git command `args` run (`push` in `-c pack.window=2 push …`).
fn command_name<'a>(args: &[&'a str]) -> &'a str {
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "-c" => {
                args.next();
            }
            name => return name,
        }
    }
    ""
}

/// `ssh` that fails rather than asks for a password or a host key confirmation.
fn ssh_batch_mode() -> String {
    let base = std::env::var("GIT_SSH_COMMAND").ok().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "ssh".into());
    format!("{base} -o BatchMode=yes")
}
