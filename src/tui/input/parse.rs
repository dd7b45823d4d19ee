//! Turning the terminal's bytes into events, with the two decisions that need time:
//!
//! - **An escape sequence cut between reads.** An `ESC` (or `ESC [ 1`…) at the end of what
//!   has arrived may be the start of a key's sequence whose rest is on its way (over ssh, a
//!   sequence can be split). It waits [`ESC_WAIT`] for the rest; without it, it is the Esc
//!   key.
//! - **Where a paste ends.** A paste runs from `ESC[200~` to `ESC[201~`. A pasted text can
//!   itself contain `ESC[201~`; the terminal then sends the rest of the clipboard, and its
//!   own end marker, right behind it. So a paste ends at the *last* end marker that arrives
//!   before the input pauses for [`PASTE_SETTLE`]: an end marker inside the pasted text runs
//!   nothing after it; everything up to the terminal's own marker is pasted text. A start
//!   marker whose end never comes does not hold the keyboard: once the input pauses for
//!   [`PASTE_PAUSE`], what arrived is pasted as text and keys act again.
//!
//! Paste markers are never part of a paste's text. Everything else pasted is passed on as
//! it is; the text fields strip control characters and escape sequences from it.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use super::sequences::{self, PASTE_END, PASTE_START, Step};

/// How long the rest of a cut escape sequence may take to arrive.
pub const ESC_WAIT: Duration = Duration::from_millis(50);

/// How long the input must pause after an end marker for the paste to be over.
pub const PASTE_SETTLE: Duration = Duration::from_millis(50);

/// How long the input must pause for a paste whose end marker never came to be over.
pub const PASTE_PAUSE: Duration = Duration::from_millis(500);

/// The terminal's bytes so far, and the events read from them.
#[derive(Default)]
pub struct Parser {
    /// Bytes not yet read as events (the start of a sequence, waiting for its rest).
    pending: Vec<u8>,
    /// The paste being received, if one began.
    paste: Option<Paste>,
    /// When the last bytes arrived.
    last_input: Option<Instant>,
    events: VecDeque<Event>,
}

#[derive(Default)]
struct Paste {
    bytes: Vec<u8>,
    /// Where the last end marker found begins.
    end: Option<usize>,
    /// How far `bytes` has been searched for end markers.
    searched: usize,
}

impl Paste {
    /// Find the end markers in what arrived since the last look.
    fn search(&mut self) {
        let from = self.searched.saturating_sub(PASTE_END.len() - 1);
        if let Some(at) = find_last(&self.bytes[from..], PASTE_END) {
            self.end = Some(from + at);
        }
        self.searched = self.bytes.len();
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The pasted text: its bytes without paste markers, as UTF-8 (anything else replaced).
fn paste_text(bytes: &[u8]) -> String {
    let mut text = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        if rest.starts_with(PASTE_START) || rest.starts_with(PASTE_END) {
            rest = &rest[PASTE_START.len()..];
        } else {
            text.push(rest[0]);
            rest = &rest[1..];
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

impl Parser {
    /// Take bytes that arrived at `now`.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) {
        if bytes.is_empty() {
            return;
        }
        self.last_input = Some(now);
        self.pending.extend_from_slice(bytes);
        self.advance(now, false);
    }

    /// Read every event the bytes so far make at `now`; with `at_end`, no more input is
    /// coming (leaving): nothing waits for the rest of a sequence or a paste.
    pub fn advance(&mut self, now: Instant, at_end: bool) {
        let paused = |wait: Duration| at_end || self.last_input.is_none_or(|at| now.duration_since(at) >= wait);
        let (esc_paused, settled, paste_paused) = (paused(ESC_WAIT), paused(PASTE_SETTLE), paused(PASTE_PAUSE));
        // Bytes of `pending` read so far (removed once at the end: a burst of typing is
        // thousands of events).
        let mut read = 0;
        loop {
            if let Some(paste) = &mut self.paste {
                paste.bytes.extend_from_slice(&self.pending[read..]);
                self.pending.clear();
                read = 0;
                paste.search();
                let over = if paste.end.is_some() { settled } else { paste_paused };
                if !over {
                    return;
                }
                let Some(paste) = self.paste.take() else { return };
                let (text, rest) = match paste.end {
                    Some(end) => (&paste.bytes[..end], &paste.bytes[end + PASTE_END.len()..]),
                    None => (&paste.bytes[..], &[][..]),
                };
                self.events.push_back(Event::Paste(paste_text(text)));
                self.pending = rest.to_vec();
                continue;
            }
            let bytes = &self.pending[read..];
            if bytes.is_empty() {
                break;
            }
            let step = if esc_paused { sequences::step_at_end(bytes) } else { sequences::step(bytes) };
            read += match step {
                Step::Event(event, len) => {
                    self.events.push_back(event);
                    len
                }
                Step::PasteStart(len) => {
                    self.paste = Some(Paste::default());
                    len
                }
                Step::Skip(len) => len,
                Step::Incomplete => break,
            };
            read = read.min(self.pending.len());
        }
        self.pending.drain(..read);
    }

    /// When the bytes waiting are read even if nothing more arrives (a cut sequence taken
    /// as Esc, a paste declared over); `None` if nothing waits.
    pub fn deadline(&self) -> Option<Instant> {
        let last = self.last_input?;
        match &self.paste {
            Some(paste) if paste.end.is_some() => Some(last + PASTE_SETTLE),
            Some(_) => Some(last + PASTE_PAUSE),
            None if !self.pending.is_empty() => Some(last + ESC_WAIT),
            None => None,
        }
    }

    /// The next event read.
    pub fn take(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// Whether events are read and not yet taken.
    pub fn is_ready(&self) -> bool {
        !self.events.is_empty()
    }

    /// Whether input is waiting: events read and not taken, or bytes not yet read.
    pub fn is_waiting(&self) -> bool {
        !self.events.is_empty() || !self.pending.is_empty() || self.paste.is_some()
    }
}
