//! Reading the terminal: every byte it delivered, at once, and knowing when it is gone.
//!
//! chec reads the terminal itself rather than through crossterm's event reader, which
//! (0.29) reads 1 KiB and then waits for the terminal to signal *new* input before reading
//! the rest — so the end of a fast burst of typing waited for the next key, and a SIGTERM
//! lost it —, spins without returning when the terminal hangs up, and waits forever for the
//! end of a paste. Here:
//!
//! - [`Input::wait`] sleeps until the terminal has input, a signal arrives (resize, quit,
//!   suspend) or the time is up, then reads everything the terminal has delivered;
//! - [`Input::next_event`] hands out the events, reading again when they run out, so the event
//!   loop handles all of a burst before it draws;
//! - a read that ends (end of file) or fails, or a poll that reports a hang-up, marks the
//!   terminal gone ([`Input::hung_up`]): the event loop then saves and leaves;
//! - [`Input::finish`] reads what is left without waiting, for the way out.
//!
//! [`parse`] turns the bytes into crossterm's event types, which the rest of the TUI uses.

pub mod parse;
pub mod sequences;

use std::io;
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};

use parse::Parser;

/// How much one read takes; reads go on until the terminal has nothing more.
const READ_SIZE: usize = 64 * 1024;

/// On the way out, how long the terminal must have nothing more before chec stops reading.
const QUIET: Duration = Duration::from_millis(20);

/// On the way out, the longest chec goes on reading.
const FINISH_AT_MOST: Duration = Duration::from_secs(1);

pub struct Input {
    parser: Parser,
    /// Written to by the signal handlers, so a signal wakes [`Input::wait`] at once.
    wake: UnixStream,
    /// Whether events are read and not yet handled, for [`Input::watcher`].
    waiting: Arc<AtomicBool>,
    hung_up: bool,
    buffer: Vec<u8>,
}

impl Input {
    /// Read standard input, the terminal (the TUI checks it is one before starting).
    pub fn new() -> io::Result<Input> {
        let (wake, wake_writer) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        wake_writer.set_nonblocking(true)?;
        for signal in [SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGTSTP] {
            signal_hook::low_level::pipe::register(signal, wake_writer.try_clone()?)?;
        }
        Ok(Input {
            parser: Parser::default(),
            wake,
            waiting: Arc::new(AtomicBool::new(false)),
            hung_up: false,
            buffer: vec![0; READ_SIZE],
        })
    }

    /// Whether the terminal is gone (closed window, dropped connection).
    pub fn hung_up(&self) -> bool {
        self.hung_up
    }

    /// Whether input is waiting to be handled: read already, or still in the terminal.
    pub fn is_waiting(&self) -> bool {
        self.parser.is_waiting() || terminal_has_input()
    }

    /// The same question, asked from anywhere (reads that stop when a key arrives).
    pub fn watcher(&self) -> impl Fn() -> bool + Send + Sync + 'static {
        let waiting = Arc::clone(&self.waiting);
        move || waiting.load(Ordering::SeqCst) || terminal_has_input()
    }

    /// Sleep until the terminal has input or a signal arrives, at most `timeout` (and no
    /// longer than a cut sequence or a paste may wait), then read what the terminal has.
    pub fn wait(&mut self, timeout: Duration) -> io::Result<()> {
        let now = Instant::now();
        let mut timeout = self.parser.deadline().map_or(timeout, |at| timeout.min(at.saturating_duration_since(now)));
        if self.parser.is_ready() || self.hung_up {
            timeout = Duration::ZERO;
        }
        let stdin = io::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::IN), PollFd::new(&self.wake, PollFlags::IN)];
        let timespec = Timespec::try_from(timeout).unwrap_or(Timespec { tv_sec: 0, tv_nsec: 0 });
        match poll(&mut fds, Some(&timespec)) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
        let (terminal, woken) = (fds[0].revents(), fds[1].revents());
        if woken.contains(PollFlags::IN) {
            // Drain the signal bytes; the event loop reads the signal flags itself.
            let mut sink = [0u8; 64];
            while rustix::io::read(&self.wake, &mut sink).is_ok_and(|n| n > 0) {}
        }
        if terminal.intersects(PollFlags::IN | PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            self.read_everything();
        }
        self.parser.advance(Instant::now(), false);
        self.publish();
        Ok(())
    }

    /// The next event, reading more from the terminal when the ones read run out.
    pub fn next_event(&mut self) -> Option<Event> {
        if !self.parser.is_ready() && terminal_has_input() {
            self.read_everything();
        }
        let event = self.parser.take();
        self.publish();
        event
    }

    /// On the way out: everything the terminal delivered and was not handled yet (a cut
    /// sequence is Esc, an open paste is pasted). The terminal hands a long burst over in
    /// pieces of a few kilobytes, the next one a moment after the last is read, so reading
    /// goes on until the terminal has been quiet for [`QUIET`] (for [`FINISH_AT_MOST`] at
    /// the most, should someone keep typing).
    pub fn finish(&mut self) -> Vec<Event> {
        let started = Instant::now();
        while !self.hung_up && started.elapsed() < FINISH_AT_MOST && terminal_has_input_within(QUIET) {
            self.read_everything();
        }
        self.parser.advance(Instant::now(), true);
        let events = std::iter::from_fn(|| self.parser.take()).collect();
        self.publish();
        events
    }

    /// Read until the terminal has nothing more; an end of file or an error is a hang-up.
    fn read_everything(&mut self) {
        if self.hung_up {
            return;
        }
        loop {
            match rustix::io::read(io::stdin().as_fd(), &mut self.buffer[..]) {
                Ok(0) => {
                    self.hung_up = true;
                    return;
                }
                Ok(n) => self.parser.feed(&self.buffer[..n], Instant::now()),
                Err(rustix::io::Errno::INTR) => continue,
                Err(rustix::io::Errno::AGAIN) => return,
                Err(_) => {
                    self.hung_up = true;
                    return;
                }
            }
            if !terminal_has_input() {
                return;
            }
        }
    }

    fn publish(&self) {
        self.waiting.store(self.parser.is_waiting(), Ordering::SeqCst);
    }
}

/// Whether the terminal has bytes (or a hang-up) to report, without waiting.
fn terminal_has_input() -> bool {
    terminal_has_input_within(Duration::ZERO)
}

/// Whether the terminal has bytes (or a hang-up) to report within `timeout`.
fn terminal_has_input_within(timeout: Duration) -> bool {
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec::try_from(timeout).unwrap_or(Timespec { tv_sec: 0, tv_nsec: 0 });
    match poll(&mut fds, Some(&timeout)) {
        Ok(n) => n > 0,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests;
