//! The one clock, and the team's time zone.
//!
//! Every time chec stores, every "today" it decides what is overdue by, and every time it
//! shows comes from a [`Clock`]: the store stamps its writes with it, the TUI and the CLI ask
//! it for today. Tests set it (a [`Clock::manual`] they move by hand, or `CHEC_NOW` for the
//! real binary), so no result depends on the day a test runs or the machine's time zone.
//!
//! Times are stored in UTC. People read them in the team's [`Zone`] (`"time_zone"` in
//! config.json, else the system's), with the zone named, so a 08:30 Seoul meeting is
//! minuted on the day it was held.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Sets the clock of the real binary: an RFC 3339 time the clock reads at start and runs on
/// from at the real pace. For tests and demonstrations; unset, the clock is the system's.
pub const NOW_ENV: &str = "CHEC_NOW";

/// Where the time comes from, and the zone "today" is decided in.
#[derive(Clone)]
pub struct Clock {
    source: Source,
    zone: Zone,
}

#[derive(Clone)]
enum Source {
    System,
    /// The system's time moved by a fixed amount (`CHEC_NOW`).
    Shifted(TimeDelta),
    /// Microseconds since the epoch, moved only by [`Clock::set`] and [`Clock::advance`];
    /// shared by every clone, so a test moves the clock of the store it handed one to.
    Manual(Arc<AtomicI64>),
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match self.source {
            Source::System => "system",
            Source::Shifted(_) => "shifted",
            Source::Manual(_) => "manual",
        };
        f.debug_struct("Clock").field("source", &source).field("now", &self.now()).field("zone", &self.zone).finish()
    }
}

impl Clock {
    /// The system's clock.
    pub fn system(zone: Zone) -> Clock {
        Clock { source: Source::System, zone }
    }

    /// A clock that reads `at` now and runs on from there at the real pace.
    pub fn starting_at(at: DateTime<Utc>, zone: Zone) -> Clock {
        Clock { source: Source::Shifted(at - Utc::now()), zone }
    }

    /// A clock that stands at `at` until it is moved.
    pub fn manual(at: DateTime<Utc>, zone: Zone) -> Clock {
        Clock { source: Source::Manual(Arc::new(AtomicI64::new(at.timestamp_micros()))), zone }
    }

    /// The system's clock, unless `CHEC_NOW` sets it.
    pub fn from_env(zone: Zone) -> Result<Clock, String> {
        match std::env::var(NOW_ENV) {
            Ok(at) if !at.trim().is_empty() => {
                let at = DateTime::parse_from_rfc3339(at.trim())
                    .map_err(|e| format!("{NOW_ENV}: '{}' is not an RFC 3339 time ({e})", at.trim()))?;
                Ok(Clock::starting_at(at.with_timezone(&Utc), zone))
            }
            _ => Ok(Clock::system(zone)),
        }
    }

    /// Now, in UTC.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.source {
            Source::System => Utc::now(),
            Source::Shifted(by) => Utc::now() + *by,
            Source::Manual(micros) => {
                DateTime::from_timestamp_micros(micros.load(Ordering::Relaxed)).unwrap_or(DateTime::UNIX_EPOCH)
            }
        }
    }

    /// Today's date in the team's zone.
    pub fn today(&self) -> NaiveDate {
        self.zone.date_of(self.now())
    }

    /// Today as stored and compared: `YYYY-MM-DD`.
    pub fn today_text(&self) -> String {
        self.today().to_string()
    }

    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Move a manual clock to `at`; other clocks follow the system and ignore it.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Manual(micros) = &self.source {
            micros.store(at.timestamp_micros(), Ordering::Relaxed);
        }
    }

    /// Move a manual clock on by `by`.
    pub fn advance(&self, by: TimeDelta) {
        self.set(self.now() + by);
    }
}

/// A time zone people read times in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone(chrono_tz::Tz);

impl Default for Zone {
    fn default() -> Zone {
        Zone::UTC
    }
}

impl Zone {
    pub const UTC: Zone = Zone(chrono_tz::Tz::UTC);

    /// An IANA zone name such as `Asia/Seoul` or `UTC`.
    pub fn parse(name: &str) -> Result<Zone, String> {
        name.trim().parse::<chrono_tz::Tz>().map(Zone).map_err(|_| {
            format!("'{}' is not a time zone name (use an IANA name such as Asia/Seoul or UTC)", name.trim())
        })
    }

    /// The system's zone: `TZ` when it names one, else the one the system is set to, else UTC.
    pub fn system() -> Zone {
        let from_tz = std::env::var("TZ").ok().and_then(|tz| Zone::parse(tz.trim_start_matches(':')).ok());
        from_tz.or_else(|| iana_time_zone::get_timezone().ok().and_then(|n| Zone::parse(&n).ok())).unwrap_or(Zone::UTC)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The date `at` falls on in this zone.
    pub fn date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.0).date_naive()
    }

    /// `2026-12-01 08:30 KST (+09:00)`: the time with its zone named, for exports.
    pub fn long(&self, at: DateTime<Utc>) -> String {
        // Written from the parts rather than through a format string, which would be parsed
        // again for each of the thousands of times a report shows.
        use chrono::{Datelike as _, Offset as _, Timelike as _};
        use std::fmt::Write as _;
        let local = at.with_timezone(&self.0);
        let mut out = String::with_capacity(32);
        let (year, month, day) = (local.year(), local.month(), local.day());
        if (0..=9999).contains(&year) {
            // Digits pushed as they are: `write!` costs more than the rest of a report's line.
            let two = |out: &mut String, n: u32| {
                out.push(char::from(b'0' + (n / 10 % 10) as u8));
                out.push(char::from(b'0' + (n % 10) as u8));
            };
            let year = year.unsigned_abs();
            two(&mut out, year / 100);
            two(&mut out, year % 100);
            for (sep, n) in [('-', month), ('-', day), (' ', local.hour()), (':', local.minute())] {
                out.push(sep);
                two(&mut out, n);
            }
        } else {
            let _ = write!(out, "{year:04}-{month:02}-{day:02} {:02}:{:02}", local.hour(), local.minute());
        }
        out.push(' ');
        let zone_at = out.len();
        let _ = write!(out, "{}", local.offset());
        let seconds = local.offset().fix().local_minus_utc();
        if seconds != 0 || &out[zone_at..] != "UTC" {
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.unsigned_abs() / 60;
            let _ = write!(out, " ({sign}{:02}:{:02})", minutes / 60, minutes % 60);
        }
        out
    }

    /// The time written with `format` (a chrono pattern for the date and time, from the
    /// language's catalogue), then its zone named: `2026년 12월 1일 08:30 KST (+09:00)`.
    pub fn long_as(&self, at: DateTime<Utc>, format: &str) -> String {
        if format == "%Y-%m-%d %H:%M" {
            return self.long(at);
        }
        let local = at.with_timezone(&self.0);
        let abbreviation = local.format("%Z").to_string();
        let offset = local.format("%:z").to_string();
        let offset = if offset == "+00:00" && abbreviation == "UTC" { String::new() } else { format!(" ({offset})") };
        let mut when = String::new();
        // A pattern chrono cannot read leaves the plain form rather than a panic.
        if std::fmt::Write::write_fmt(&mut when, format_args!("{}", local.format(format))).is_err() {
            when = local.format("%Y-%m-%d %H:%M").to_string();
        }
        format!("{when} {abbreviation}{offset}")
    }

    /// `2026-12-01 08:30 KST`: the time in this zone with its abbreviation, for screens.
    pub fn short(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%Y-%m-%d %H:%M %Z").to_string()
    }

    /// `08:30`.
    pub fn hour_minute(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%H:%M").to_string()
    }

    /// A stored RFC 3339 time, [`Zone::long`]; a value that is not a time is shown as it is.
    pub fn long_stored(&self, stored: &str) -> String {
        parse_stored(stored).map_or_else(|| stored.to_string(), |at| self.long(at))
    }

    /// A stored RFC 3339 time, [`Zone::short`].
    pub fn short_stored(&self, stored: &str) -> String {
        parse_stored(stored).map_or_else(|| stored.to_string(), |at| self.short(at))
    }
}

/// A stored time (RFC 3339) as a UTC time.
pub fn parse_stored(stored: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(stored).ok().map(|t| t.with_timezone(&Utc))
}

/// A time as stored: RFC 3339 in UTC with milliseconds, so text order is time order.
pub fn stored(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).unwrap()
    }

    #[test]
    fn a_morning_meeting_in_seoul_falls_on_the_seoul_day() {
        let seoul = Zone::parse("Asia/Seoul").unwrap();
        let clock = Clock::manual(at("2026-11-30T23:30:00Z"), seoul);
        assert_eq!(clock.today_text(), "2026-12-01");
        assert_eq!(seoul.long(clock.now()), "2026-12-01 08:30 KST (+09:00)");
        assert_eq!(Zone::UTC.long(clock.now()), "2026-11-30 23:30 UTC");
        assert_eq!(seoul.short(clock.now()), "2026-12-01 08:30 KST");
        assert_eq!(Clock::manual(clock.now(), Zone::UTC).today_text(), "2026-11-30");
    }

    #[test]
    fn long_times_read_as_chrono_formats_them_in_zones_behind_ahead_and_by_quarter_hours() {
        for name in ["Asia/Seoul", "UTC", "America/St_Johns", "Asia/Kathmandu", "Europe/London", "Etc/GMT+5"] {
            let zone = Zone::parse(name).unwrap();
            // Every 37 hours and 11 minutes across four years: both sides of summer times.
            let mut t = at("2024-01-01T00:00:00Z");
            while t < at("2028-01-01T00:00:00Z") {
                let local = t.with_timezone(&zone.0);
                let (abbreviation, offset) = (local.format("%Z").to_string(), local.format("%:z").to_string());
                let shown =
                    if offset == "+00:00" && abbreviation == "UTC" { String::new() } else { format!(" ({offset})") };
                let expected = format!("{} {abbreviation}{shown}", local.format("%Y-%m-%d %H:%M"));
                assert_eq!(zone.long(t), expected, "{name} at {t}");
                t += TimeDelta::minutes(37 * 60 + 11);
            }
        }
    }

    #[test]
    fn a_manual_clock_moves_only_when_told_and_every_clone_follows() {
        let clock = Clock::manual(at("2026-11-22T10:00:00Z"), Zone::UTC);
        let handed_out = clock.clone();
        clock.advance(TimeDelta::minutes(90));
        assert_eq!(handed_out.now(), at("2026-11-22T11:30:00Z"));
        assert_eq!(stored(handed_out.now()), "2026-11-22T11:30:00.000Z");
    }

    #[test]
    fn a_shifted_clock_starts_where_it_is_told() {
        let clock = Clock::starting_at(at("2001-02-03T04:05:06Z"), Zone::UTC);
        let drift = clock.now() - at("2001-02-03T04:05:06Z");
        assert!(drift >= TimeDelta::zero() && drift < TimeDelta::seconds(60), "{drift}");
    }

    #[test]
    fn zone_names_are_checked() {
        assert!(Zone::parse("Asia/Seoul").is_ok());
        assert!(Zone::parse("Mars/Olympus").unwrap_err().contains("Mars/Olympus"));
    }
}
