//! Entering and leaving the terminal's application mode, whatever happens.
//!
//! The terminal is restored when the guard drops (normal exit or error), from the panic
//! hook, before the process stops for Ctrl-Z or SIGTSTP, and when SIGTERM, SIGHUP or SIGINT
//! arrive (they set a flag the event loop checks, so drafts are saved and the guard drops).

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};

/// Raw mode, alternate screen, bracketed paste and mouse reporting, undone on drop.
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enter_modes()?;
        Ok(TerminalGuard { _private: () })
    }

    /// Hand the terminal back to the shell, stop until `fg`, then take it again.
    pub fn suspend(&self) -> io::Result<()> {
        restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        enter_modes()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether the terminal is in chec's modes, so restoring twice (panic hook, then the guard)
/// sends nothing the second time: a second "leave the alternate screen" would move the
/// cursor back over the panic message.
static ENTERED: AtomicBool = AtomicBool::new(false);

fn enter_modes() -> io::Result<()> {
    ENTERED.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste, ReportClicks)?;
    out.flush()
}

/// Mouse reporting for presses, releases and the wheel, in SGR form (with the urxvt form
/// for terminals without it). crossterm's `EnableMouseCapture` also asks for every movement
/// of the pointer, each of which would wake the event loop and stop a search being read.
/// `DisableMouseCapture` turns all of these off again.
struct ReportClicks;

impl ratatui::crossterm::Command for ReportClicks {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1015h\x1b[?1006h")
    }
}

/// Undo everything `enter_modes` did. Never panics: it runs inside the panic hook.
pub fn restore() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen);
    let _ = execute!(out, ratatui::crossterm::cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Whether the terminal went away (its window closed, the ssh connection dropped): stdin
/// reports a hang-up. The event loop learns it from its reads ([`super::input::Input`]);
/// this tells a failed write to a closed terminal from an error.
pub fn hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    match poll(&mut fds, Some(&Timespec { tv_sec: 0, tv_nsec: 0 })) {
        Ok(_) => fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => false,
    }
}

/// Signals the event loop must act on.
pub struct Signals {
    terminate: Arc<AtomicBool>,
    suspend: Arc<AtomicBool>,
}

impl Signals {
    pub fn register() -> io::Result<Signals> {
        let terminate = Arc::new(AtomicBool::new(false));
        let suspend = Arc::new(AtomicBool::new(false));
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::flag::register(signal, Arc::clone(&terminate))?;
        }
        signal_hook::flag::register(SIGTSTP, Arc::clone(&suspend))?;
        Ok(Signals { terminate, suspend })
    }

    /// SIGTERM, SIGHUP or SIGINT arrived: save and leave.
    pub fn should_terminate(&self) -> bool {
        self.terminate.load(Ordering::SeqCst)
    }

    /// SIGTSTP arrived (e.g. `kill -TSTP`); cleared by the call.
    pub fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::SeqCst)
    }
}
