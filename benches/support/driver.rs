//! The app in process for the keystroke figures, along the event loop's own path.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chec::catalog::Catalog;
use chec::storage::Store;
use chec::tui::app::App;
use chec::tui::theme::Theme;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The app in process, drawing 80×24 frames into terminal output that goes nowhere.
pub struct Driver {
    pub app: App,
    terminal: Terminal<CrosstermBackend<std::io::Sink>>,
    /// What the app sees when it asks whether a key is waiting.
    key_waiting: Arc<AtomicBool>,
}

/// One key's timings: to the frame that answers it, and to the frame with every read done.
pub struct Timed {
    pub to_frame: Duration,
    pub to_results: Duration,
}

impl Driver {
    pub fn open(db: &Path) -> anyhow::Result<Driver> {
        let store = Store::open(db)?;
        let app = App::new(store, Catalog::shipped(), Theme::from_env())?;
        let area = Rect::new(0, 0, 80, 24);
        let terminal = Terminal::with_options(
            CrosstermBackend::new(std::io::sink()),
            TerminalOptions { viewport: Viewport::Fixed(area) },
        )?;
        let key_waiting = Arc::new(AtomicBool::new(false));
        let mut driver = Driver { app, terminal, key_waiting: Arc::clone(&key_waiting) };
        // As the event loop does: reads that answer a key stop for the frame's deadline or
        // a waiting key, and finish between keys.
        driver.app.watch_input(move || key_waiting.load(Ordering::SeqCst));
        driver.app.size = area;
        driver.frame()?;
        Ok(driver)
    }

    fn frame(&mut self) -> anyhow::Result<()> {
        self.app.tick(Instant::now());
        let app = &self.app;
        self.terminal.draw(|frame| chec::tui::draw(frame, app))?;
        Ok(())
    }

    /// One key, from event to frame, timed; then, as the event loop does between keys, the
    /// reads it left finished and drawn, timed from the key too.
    pub fn key(&mut self, code: KeyCode) -> anyhow::Result<Timed> {
        let started = Instant::now();
        self.press(code)?;
        let to_frame = started.elapsed();
        while self.app.is_behind() {
            self.app.catch_up();
            self.frame()?;
        }
        Ok(Timed { to_frame, to_results: started.elapsed() })
    }

    fn press(&mut self, code: KeyCode) -> anyhow::Result<()> {
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(action) = chec::tui::action_for(&self.app, event) {
            self.app.update(action);
        }
        self.frame()
    }

    /// Type `first`, and press `then` while the reads `first` left are running (after
    /// `after`): the time from `then` arriving to its frame, when the reads were still
    /// running when it came.
    pub fn key_during_reads(
        &mut self,
        first: KeyCode,
        after: Duration,
        then: KeyCode,
    ) -> anyhow::Result<Option<Duration>> {
        self.press(first)?;
        if !self.app.is_behind() {
            return Ok(None);
        }
        let came = Arc::new(std::sync::Mutex::new(None));
        let typist = {
            let (waiting, came) = (Arc::clone(&self.key_waiting), Arc::clone(&came));
            std::thread::spawn(move || {
                std::thread::sleep(after);
                if let Ok(mut came) = came.lock() {
                    *came = Some(Instant::now());
                }
                waiting.store(true, Ordering::SeqCst);
            })
        };
        self.app.catch_up();
        let _ = typist.join();
        let came = came.lock().ok().and_then(|c| *c);
        let interrupted = self.app.is_behind();
        // As the event loop does: the frame after the stopped read, then the key.
        self.frame()?;
        self.key_waiting.store(false, Ordering::SeqCst);
        self.press(then)?;
        let answered = Instant::now();
        while self.app.is_behind() {
            self.app.catch_up();
            self.frame()?;
        }
        Ok(came.filter(|_| interrupted).map(|came| answered.duration_since(came)))
    }

    /// Each key timed to its frame, labelled with the keys pressed since the last Esc (the
    /// text typed).
    pub fn keys(&mut self, codes: &[KeyCode]) -> anyhow::Result<Vec<(Duration, String)>> {
        Ok(self.keys_to_results(codes)?.into_iter().map(|(t, label)| (t.to_frame, label)).collect())
    }

    pub fn keys_to_results(&mut self, codes: &[KeyCode]) -> anyhow::Result<Vec<(Timed, String)>> {
        let mut pressed = String::new();
        let mut samples = Vec::with_capacity(codes.len());
        for code in codes {
            match code {
                KeyCode::Char(c) => pressed.push(*c),
                KeyCode::Backspace => pressed.push('⌫'),
                other => pressed.push_str(&format!("<{other}>")),
            }
            // The last few keys are enough to tell where the time went.
            let tail: String = pressed.chars().rev().take(24).collect::<Vec<_>>().into_iter().rev().collect();
            let cut = if tail.len() < pressed.len() { "…" } else { "" };
            samples.push((self.key(*code)?, format!("`{cut}{tail}`")));
            if *code == KeyCode::Esc {
                pressed.clear();
            }
        }
        Ok(samples)
    }

    pub fn text(text: &str) -> Vec<KeyCode> {
        text.chars().map(KeyCode::Char).collect()
    }
}
