//! The one clock, set by the test: nothing depends on the day the tests run or the
//! machine's time zone.

use chec::clock::{Clock, Zone};
use chec::storage::Store;
use chrono::{DateTime, NaiveDate, Utc};

/// 10:00 UTC on `day` (YYYY-MM-DD).
pub fn morning_of(day: &str) -> DateTime<Utc> {
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a test day is YYYY-MM-DD");
    date.and_hms_opt(10, 0, 0).expect("10:00 exists").and_utc()
}

/// A clock standing at 10:00 UTC on `day`, reading times in UTC.
pub fn clock_on(day: &str) -> Clock {
    Clock::manual(morning_of(day), Zone::UTC)
}

/// `store`, with its clock standing at 10:00 UTC on `day`.
pub fn on_day(mut store: Store, day: &str) -> Store {
    store.set_clock(clock_on(day));
    store
}

/// The day the real binary believes it is in tests that run it (see [`for_binary`]).
pub const BINARY_DAY: &str = "2026-11-22";

/// The time a chec started by a test reads: 10:00 UTC on [`BINARY_DAY`] when the test
/// binary started, moving on at the real pace from there, so commands run one after the
/// other still stamp their changes in order.
pub fn binary_now() -> String {
    static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let started = *STARTED.get_or_init(std::time::Instant::now);
    let elapsed = chrono::TimeDelta::from_std(started.elapsed()).unwrap_or_default();
    chec::clock::stored(morning_of(BINARY_DAY) + elapsed)
}

/// Set the clock of a chec the test runs ([`binary_now`]), reading times in UTC.
pub fn for_binary(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env(chec::clock::NOW_ENV, binary_now()).env("TZ", "UTC")
}

/// `store`, with a clock that starts at 10:00 UTC on `day` and runs on at the real pace:
/// a fixed day, with writes still in the order they were made.
pub fn from_day(mut store: Store, day: &str) -> Store {
    store.set_clock(Clock::starting_at(morning_of(day), Zone::UTC));
    store
}
