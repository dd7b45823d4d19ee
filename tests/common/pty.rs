//! Driving the real binary in a pseudo-terminal and reading its screen with vt100.
//!
//! Waits poll the parsed screen until a condition holds; the limit is
//! `CHEC_PTY_TIMEOUT_MS` (default 15 s) so slow CI machines can be given more time.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Pty {
    /// `None` once the terminal was closed with [`Pty::hang_up`].
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
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
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty { master: Some(pair.master), writer: Some(writer), child, parser, raw }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    pub fn send(&mut self, text: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(text.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// The screen's text, rows joined by newlines.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Everything the program wrote, escape sequences included.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.master.as_ref().expect("the terminal is open").resize(size(cols, rows)).unwrap();
        self.parser.lock().unwrap().screen_mut().set_size(nz(rows), nz(cols));
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

    /// Wait for the program to exit; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain what was written last.
                std::thread::sleep(Duration::from_millis(100));
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

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
