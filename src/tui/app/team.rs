//! Syncing with the team from the TUI: on a key (`Y`), and every few minutes when
//! config.json says so. The git commands run on a thread of their own, with a connection of
//! their own, so a keystroke never waits for the network; what they bring back is imported
//! here, between keys. The header says where things stand: synced, syncing, offline with N
//! changes waiting, conflicts.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::{App, Status};
use crate::team::sync::{self, Exchange};

/// How often the header's count of waiting changes is read again.
const COUNT_EVERY: Duration = Duration::from_secs(1);

/// The team side of the app.
#[derive(Default)]
pub struct TeamSync {
    /// The database belongs to a team.
    pub shared: bool,
    /// A sync running on its thread.
    running: Option<Receiver<Result<Exchange, String>>>,
    /// Sync by itself this often (config.json's `sync_every_minutes`).
    every: Option<Duration>,
    last_started: Option<Instant>,
    /// The running sync was asked for (`Y`): its outcome is said even when nothing moved.
    by_hand: bool,
    last_counted: Option<Instant>,
    /// Changes of this machine not yet in the team's repository.
    pub waiting: usize,
    /// Committed here but not pushed, as the last sync found.
    unpushed: usize,
    pub conflicts: usize,
    /// Why the last sync could not reach the repository, if it could not.
    pub offline: Option<String>,
    /// When the last sync finished (stored time).
    pub last_sync: Option<String>,
}

impl TeamSync {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

impl App {
    /// Sync by itself every `every` (none: only on the key).
    pub fn set_sync_every(&mut self, every: Option<Duration>) {
        self.team.every = every.filter(|d| !d.is_zero());
    }

    /// Read where the team stands (at start, and after each sync).
    pub(super) fn load_team_state(&mut self) {
        let Ok(state) = self.store.team_state() else { return };
        self.team.shared = state.remote.is_some();
        self.team.last_sync = state.last_sync;
        self.count_waiting(Instant::now());
    }

    fn count_waiting(&mut self, now: Instant) {
        self.team.last_counted = Some(now);
        // Only a team's database shows what waits (`sync_label`); without a team every change
        // ever made waits, and counting them all cost 90 ms of the first frame at a million
        // items (2.3 million events).
        if self.team.shared
            && let Ok(unsent) = self.store.unsent_count()
        {
            self.team.waiting = unsent + self.team.unpushed;
        }
        if let Ok(n) = self.store.conflict_count() {
            self.team.conflicts = n;
        }
    }

    /// Start a sync on its own thread, unless one runs or there is no team.
    pub fn start_sync(&mut self, by_hand: bool) {
        if !self.team.shared {
            if by_hand {
                self.set_status(Status::Error(crate::tr!(self.ui_lang(), "status-no-team")));
            }
            return;
        }
        if self.team.is_running() {
            return;
        }
        let Some(path) = self.store.path().map(|p| p.to_path_buf()) else { return };
        let clock = self.store.clock().clone();
        let actor = self.store.actor().to_string();
        let lang = self.ui_lang();
        let (send, receive) = mpsc::channel();
        self.team.last_started = Some(Instant::now());
        self.team.running = Some(receive);
        self.team.by_hand = by_hand;
        std::thread::spawn(move || {
            let result = crate::storage::Store::open(&path).map_err(anyhow::Error::from).and_then(|mut store| {
                store.set_clock(clock);
                store.set_actor(&actor);
                sync::exchange(&mut store, &path, true)
            });
            let _ = send.send(result.map_err(|e| crate::messages::report(lang, &e)));
        });
        if by_hand {
            self.set_status(Status::Info(crate::tr!(self.ui_lang(), "status-syncing")));
        }
    }

    /// Called every tick: start the sync that is due, take in the one that finished.
    pub(super) fn tick_team(&mut self, now: Instant) {
        if !self.team.shared {
            return;
        }
        if self.team.last_counted.is_none_or(|at| now.duration_since(at) >= COUNT_EVERY) {
            self.count_waiting(now);
        }
        if let Some(every) = self.team.every
            && self.team.last_started.is_none_or(|at| now.duration_since(at) >= every)
        {
            self.start_sync(false);
        }
        let Some(receive) = &self.team.running else { return };
        let result = match receive.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(result) => result,
            Err(TryRecvError::Disconnected) => Err(crate::tr!(self.ui_lang(), "status-sync-stopped")),
        };
        self.team.running = None;
        let lang = self.ui_lang();
        match result
            .and_then(|exchange| sync::finish(&mut self.store, exchange).map_err(|e| crate::messages::report(lang, &e)))
        {
            Ok(report) => {
                self.team.offline = report.offline.clone();
                self.team.unpushed = report.waiting.saturating_sub(self.store.unsent_count().unwrap_or(0));
                self.load_team_state();
                let quiet = report.sent == 0
                    && report.import.new_events == 0
                    && report.import.problems.is_empty()
                    && report.offline.is_none();
                // "Syncing…" is never left standing over a sync asked for that moved nothing.
                if !quiet || self.team.by_hand {
                    let lang = self.ui_lang();
                    let mut said = report.summary_in(lang);
                    if !report.import.problems.is_empty() {
                        let n = report.import.problems.len();
                        said.push_str(&format!("; {}", crate::tr!(lang, "status-sync-not-imported", n = n)));
                    }
                    self.set_status(Status::Info(said));
                }
                self.after_import();
            }
            Err(e) => {
                let _ = self.store.record_sync(Some(&e));
                self.team.offline = Some(e.lines().next().unwrap_or_default().to_string());
                self.set_status(Status::Error(crate::tr!(self.ui_lang(), "status-sync-failed", error = e)));
            }
        }
    }

    /// Show what the import brought: the screen is read again, and conflicts on the open
    /// consultation wait for a choice.
    fn after_import(&mut self) {
        if self.reload_shown()
            && let Some(view) = self.view.as_mut()
            && view.editing.is_none()
            && let Err(e) = view.add_team_conflicts(&self.store)
        {
            self.set_status(Status::Error(crate::messages::error(self.ui_lang(), &e)));
        }
    }

    /// The header's word on the team, if the database belongs to one: `⇅ syncing…`,
    /// `⇅ 3 waiting`, `⇅ offline · 3 waiting`, `⇅ synced 10:32`, and `⚠ 2 conflicts`.
    pub fn sync_label(&self) -> Option<String> {
        if !self.team.shared {
            return None;
        }
        let t = &self.team;
        let lang = self.ui_lang();
        let state = if t.is_running() {
            crate::i18n::t(lang, "sync-running")
        } else if t.offline.is_some() {
            crate::tr!(lang, "sync-offline", n = t.waiting)
        } else if t.waiting > 0 {
            crate::tr!(lang, "sync-waiting", n = t.waiting)
        } else {
            match t.last_sync.as_deref().and_then(crate::clock::parse_stored) {
                Some(at) => crate::tr!(lang, "sync-synced", at = self.store.clock().zone().hour_minute(at)),
                None => crate::i18n::t(lang, "sync-never"),
            }
        };
        Some(match t.conflicts {
            0 => state,
            n => crate::tr!(lang, "sync-conflicts", n = n, state = state),
        })
    }
}
