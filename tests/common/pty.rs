//! Driving the real binary in a pseudo-terminal and reading its screen with vt100.
//!
//! Waits poll the parsed screen until a condition holds; the limit is
//! `CHEC_PTY_TIMEOUT_MS` (default 15 s) so slow CI machines can be given more time.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Pty {
    /// `None` once the terminal was closed with [`Pty::hang_up`].
    master: Option<Box<dyn MasterPty + Send>>,
    /// A duplicate of the master for writing. (portable-pty's own writer types a newline
    /// and an end-of-file into the terminal when dropped; hanging up must type nothing.)
    writer: Option<File>,
    /// Tells the reader thread to stop and close its duplicate of the master.
    stop_reading: Arc<AtomicBool>,
    reading: Option<JoinHandle<()>>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

/// A duplicate of `fd`, owned.
fn duplicate(fd: RawFd) -> File {
    // SAFETY: `fd` is the open master of the pseudo-terminal; `dup` gives a new descriptor
    // that the returned `File` alone owns and closes.
    let copy = unsafe { libc::dup(fd) };
    assert!(copy >= 0, "dup the pty master: {}", std::io::Error::last_os_error());
    unsafe { File::from_raw_fd(copy) }
}

/// Whether `file` has something to read (or hit its end) within 50 ms.
fn readable(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    let mut fds = libc::pollfd { fd: file.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut fds, 1, 50) > 0 }
}

pub fn timeout() -> Duration {
    let ms = std::env::var("CHEC_PTY_TIMEOUT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(15_000);
    Duration::from_millis(ms)
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap_or(std::num::NonZeroU16::MIN)
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

impl Pty {
    /// Run `program args…` with `env` in a `cols`×`rows` terminal.
    pub fn spawn(program: &str, args: &[&str], env: &[(&str, &Path)], cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system().openpty(size(cols, rows)).expect("open pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // The one clock, set by the test (see common::clock::for_binary).
        cmd.env(chec::clock::NOW_ENV, super::clock::binary_now());
        cmd.env("TZ", "UTC");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        drop(pair.slave);
        let fd = pair.master.as_raw_fd().expect("the pty master's descriptor");
        let mut reader = duplicate(fd);
        let writer = duplicate(fd);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let stop_reading = Arc::new(AtomicBool::new(false));
        let (p, r, stop) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&stop_reading));
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stop.load(Ordering::SeqCst) {
                if !readable(&reader) {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        // The screen and the raw output change together (see `frame_after`).
                        let mut parser = p.lock().unwrap();
                        parser.process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Pty {
            master: Some(pair.master),
            writer: Some(writer),
            stop_reading,
            reading: Some(reading),
            child,
            parser,
            raw,
        }
    }

    /// Close the terminal, as when its window is closed or the ssh connection drops: every
    /// descriptor of the master is closed, and the program's terminal reports a hang-up.
    pub fn hang_up(&mut self) {
        self.stop_reading.store(true, Ordering::SeqCst);
        if let Some(reading) = self.reading.take() {
            reading.join().unwrap();
        }
        self.writer = None;
        self.master = None;
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Send the program signal `name` (`KILL`, `TERM`…), as `kill -NAME PID` does.
    pub fn signal(&self, name: &str) {
        let sent = std::process::Command::new("kill").arg(format!("-{name}")).arg(self.pid().to_string()).status();
        assert!(sent.unwrap().success(), "kill -{name} {}", self.pid());
    }

    /// Type `text`: one write to the terminal, as a terminal sends a burst of input.
    pub fn send(&mut self, text: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(text.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// The screen's text, rows joined by newlines.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Where the terminal's cursor is (row, column), and whether it is shown.
    pub fn cursor(&self) -> ((u16, u16), bool) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        (screen.cursor_position(), !screen.hide_cursor())
    }

    /// Where `text` ends on screen (row, the column just after it), searched from the bottom;
    /// wide characters take two columns.
    pub fn after(&self, text: &str) -> Option<(u16, u16)> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        for row in (0..rows.get()).rev() {
            let mut line = String::new();
            let mut ends = Vec::new();
            for col in 0..cols.get() {
                let Some(cell) = screen.cell(row, col) else { continue };
                if cell.is_wide_continuation() {
                    continue;
                }
                line.push_str(cell.contents());
                ends.push((line.len(), col + if cell.is_wide() { 2 } else { 1 }));
            }
            if let Some(at) = line.rfind(text) {
                let end = at + text.len();
                return ends.iter().find(|(b, _)| *b == end).map(|(_, col)| (row, *col));
            }
        }
        None
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Everything the program wrote, escape sequences included.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// How many bytes the program has written so far.
    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// The screen as a whole frame of chec's left it, the first to end past `since` bytes of
    /// output (one that cleared the screen first when `cleared`), and the output's length there.
    /// ratatui ends every frame by hiding the cursor or by showing it at its place; a frame can
    /// reach the terminal in pieces, and only there is it whole.
    pub fn frame_after(&self, since: usize, cleared: bool) -> (String, usize) {
        let deadline = Instant::now() + timeout();
        loop {
            {
                let parser = self.parser.lock().unwrap();
                let raw = self.raw.lock().unwrap();
                let new = raw.get(since..).unwrap_or_default();
                if !new.is_empty() && ends_a_frame(&raw) && (!cleared || find(new, b"\x1b[2J").is_some()) {
                    return (parser.screen().contents(), raw.len());
                }
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for a whole frame; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The screen once nothing is pending: two whole frames drawn after this call (the loop
    /// draws at least every 250 ms), the second the same as the first. Rows without their
    /// trailing blanks: cells written blank and cells never written look the same.
    pub fn settled(&self) -> String {
        let (mut screen, mut at) = self.frame_after(self.raw_len(), false);
        loop {
            let (next, next_at) = self.frame_after(at, false);
            if next == screen {
                return next.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
            }
            (screen, at) = (next, next_at);
        }
    }

    /// Resize the terminal. The screen model takes the new size first, and
    /// holds its lock until the program has been told, so that no redraw for
    /// the new size can be read into the model at the old one.
    pub fn resize(&self, cols: u16, rows: u16) {
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(nz(rows), nz(cols));
        self.master.as_ref().expect("the terminal is open").resize(size(cols, rows)).unwrap();
        drop(parser);
    }

    /// Wait until the screen satisfies `ok`; panic with the screen if it never does.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                let raw = String::from_utf8_lossy(&self.raw_output()).into_owned();
                panic!("timed out waiting for {what}; screen:\n{screen}\nraw output: {raw:?}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Let the reader thread read what the program wrote last: it stops at the terminal's
    /// end (once nothing holds its other side open), or after 100 ms.
    fn drain(&self) {
        let until = Instant::now() + Duration::from_millis(100);
        while self.reading.as_ref().is_some_and(|r| !r.is_finished()) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The exit code, if the program has exited.
    pub fn try_exit(&mut self) -> Option<u32> {
        let status = self.child.try_wait().unwrap()?;
        self.drain();
        Some(status.exit_code())
    }

    /// Wait for the program to exit; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.drain();
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("timed out waiting for exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Where `needle` first starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether `raw` ends as ratatui ends a frame: the cursor hidden (`ESC[?25l`), or shown
/// (`ESC[?25h`) and then moved (`ESC[row;colH`).
fn ends_a_frame(raw: &[u8]) -> bool {
    if raw.ends_with(b"\x1b[?25l") {
        return true;
    }
    let Some(rest) = raw.strip_suffix(b"H") else { return false };
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit() || **b == b';').count();
    rest[..rest.len() - digits].ends_with(b"\x1b[?25h\x1b[")
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// In chec's consultation list, open CARE (the first consultation) and start editing the
/// first question's answer (`a`) or notes (`e`).
pub fn open_editor(pty: &mut Pty, key: &str) {
    pty.wait_for("CARE");
    pty.send("\r");
    pty.wait_for("Questions 0/");
    pty.send(key);
    pty.wait_for("Esc save &");
}
