//! How long a screen's reads may hold up the next frame.
//!
//! Most reads take a millisecond. A few cannot be made that quick at a million items — a
//! one- or two-letter search has no index to use, and a common word can match half the
//! items — so reads on the keystroke path run with [`Patience`]: they stop when the frame's
//! time is up or a key is waiting, and the screen reads the rest between keys
//! ([`crate::tui::app::App::catch_up`]), again stopping the moment a key arrives. Typing
//! never waits for a search; results follow as soon as they are read.

use std::sync::Arc;
use std::time::{Duration, Instant};

/// Whether a key (or any input) is waiting to be handled. The event loop asks the terminal;
/// tests and benchmarks say what they like.
pub type InputWaiting = Arc<dyn Fn() -> bool + Send + Sync>;

/// How long reads may take before a keystroke's frame is drawn: half a 60 Hz frame, leaving
/// the rest for drawing.
pub const KEYSTROKE_READS: Duration = Duration::from_millis(8);

/// How often a running read looks for input: often enough that a key waits no longer than
/// this for the read to stop, rarely enough that looking costs nothing.
const LOOK_FOR_INPUT_EVERY: Duration = Duration::from_millis(1);

/// When reads give up: at a deadline, when input is waiting, or never.
#[derive(Clone)]
pub struct Patience {
    deadline: Option<Instant>,
    input: Option<InputWaiting>,
}

impl Patience {
    /// Reads that run to the end.
    pub fn unlimited() -> Patience {
        Patience { deadline: None, input: None }
    }

    /// Reads for the frame that answers a keystroke: stopped after [`KEYSTROKE_READS`], or
    /// at once if the user has typed on.
    pub fn keystroke(input: &InputWaiting) -> Patience {
        Patience { deadline: Some(Instant::now() + KEYSTROKE_READS), input: Some(Arc::clone(input)) }
    }

    /// Reads between keys: stopped only when input arrives.
    pub fn until_input(input: &InputWaiting) -> Patience {
        Patience { deadline: None, input: Some(Arc::clone(input)) }
    }

    /// The question [`crate::storage::Store::interruptible`] asks as a read runs.
    pub fn stop(&self) -> impl FnMut() -> bool + Send + 'static {
        let Patience { deadline, input } = self.clone();
        let mut next_look = Instant::now();
        move || {
            let now = Instant::now();
            if deadline.is_some_and(|d| now >= d) {
                return true;
            }
            match &input {
                Some(waiting) if now >= next_look => {
                    next_look = now + LOOK_FOR_INPUT_EVERY;
                    waiting()
                }
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    #[test]
    fn unlimited_reads_never_stop() {
        let mut stop = Patience::unlimited().stop();
        assert!((0..10_000).all(|_| !stop()));
    }

    #[test]
    fn keystroke_reads_stop_at_the_deadline() {
        let input: InputWaiting = Arc::new(|| false);
        let keystroke = Patience::keystroke(&input);
        let deadline = keystroke.deadline.unwrap();
        assert!(deadline <= Instant::now() + KEYSTROKE_READS);
        let mut ahead = Patience { deadline: Some(Instant::now() + Duration::from_secs(3600)), ..keystroke.clone() };
        assert!(!ahead.stop()());
        ahead.deadline = Some(Instant::now());
        assert!(ahead.stop()());
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(keystroke.stop()());
    }

    #[test]
    fn reads_stop_when_a_key_arrives_looking_at_most_once_a_millisecond() {
        let key = Arc::new(AtomicBool::new(false));
        let looks = Arc::new(AtomicUsize::new(0));
        let input: InputWaiting = {
            let (key, looks) = (Arc::clone(&key), Arc::clone(&looks));
            Arc::new(move || {
                looks.fetch_add(1, Ordering::SeqCst);
                key.load(Ordering::SeqCst)
            })
        };
        let started = Instant::now();
        let mut stop = Patience::until_input(&input).stop();
        let mut asked = 0;
        while started.elapsed() < Duration::from_millis(5) {
            assert!(!stop());
            asked += 1;
        }
        let elapsed_ms = started.elapsed().as_millis() as usize;
        let looked = looks.load(Ordering::SeqCst);
        assert!(looked >= 1 && looked <= elapsed_ms + 1, "looked {looked} times in {asked} asks over {elapsed_ms} ms");
        key.store(true, Ordering::SeqCst);
        std::thread::sleep(LOOK_FOR_INPUT_EVERY);
        assert!(stop());
    }
}
