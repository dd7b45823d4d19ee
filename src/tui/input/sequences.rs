//! What the first bytes of the terminal's input are: a character, a control key, a key's
//! escape sequence, a mouse report, or the start of a paste.
//!
//! xterm's encodings, as every common terminal sends them: CSI (`ESC [`) and SS3 (`ESC O`)
//! keys with modifiers, the SGR (1006), urxvt (1015) and original (X10) mouse reports, and
//! bracketed paste. An `ESC` that starts none of these is the Esc key, and what follows it
//! is a key of its own: a terminal sends Alt+x as `ESC x`, exactly what a quick Esc then x
//! sends, and chec binds no Alt keys.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

pub const ESC: u8 = 0x1b;
pub const PASTE_START: &[u8] = b"\x1b[200~";
pub const PASTE_END: &[u8] = b"\x1b[201~";

/// Longest CSI sequence taken as one: anything longer is not a key.
const MAX_CSI: usize = 64;

/// Longest terminal report (OSC, DCS…) taken as one.
const MAX_STRING: usize = 4096;

/// What the bytes at the front of the input are.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// An event, made of this many bytes.
    Event(Event, usize),
    /// A paste begins after this many bytes.
    PasteStart(usize),
    /// This many bytes chec has no use for (a stray paste end, focus reports, unknown keys,
    /// bytes that are not UTF-8).
    Skip(usize),
    /// The bytes so far begin a sequence or a character; more may complete it.
    Incomplete,
}

/// Decode the front of `bytes` (not empty).
pub fn step(bytes: &[u8]) -> Step {
    match bytes[0] {
        ESC => escape(bytes),
        b'\r' | b'\n' => key(KeyCode::Enter, KeyModifiers::NONE, 1),
        b'\t' => key(KeyCode::Tab, KeyModifiers::NONE, 1),
        0x7f | 0x08 => key(KeyCode::Backspace, KeyModifiers::NONE, 1),
        0x00 => key(KeyCode::Char(' '), KeyModifiers::CONTROL, 1),
        c @ 0x01..=0x1a => key(KeyCode::Char(char::from(c - 0x01 + b'a')), KeyModifiers::CONTROL, 1),
        c @ 0x1c..=0x1f => key(KeyCode::Char(char::from(c - 0x1c + b'4')), KeyModifiers::CONTROL, 1),
        _ => character(bytes),
    }
}

/// The front of `bytes` when no more input is coming soon: an incomplete sequence is the
/// Esc key (and what follows is read again); an incomplete character is dropped.
pub fn step_at_end(bytes: &[u8]) -> Step {
    match step(bytes) {
        Step::Incomplete if bytes[0] == ESC => key(KeyCode::Esc, KeyModifiers::NONE, 1),
        Step::Incomplete => Step::Skip(bytes.len()),
        decoded => decoded,
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers, len: usize) -> Step {
    Step::Event(Event::Key(KeyEvent::new(code, modifiers)), len)
}

fn character(bytes: &[u8]) -> Step {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Skip(1),
    };
    let Some(encoded) = bytes.get(..len) else {
        // Incomplete only if what is there can still become a character.
        return match std::str::from_utf8(bytes) {
            Err(e) if e.error_len().is_none() => Step::Incomplete,
            _ => Step::Skip(1),
        };
    };
    match std::str::from_utf8(encoded).ok().and_then(|s| s.chars().next()) {
        Some(c) => {
            // A capital arrives with SHIFT, as crossterm reports it.
            let modifiers = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            key(KeyCode::Char(c), modifiers, len)
        }
        None => Step::Skip(1),
    }
}

fn escape(bytes: &[u8]) -> Step {
    match bytes.get(1) {
        None => Step::Incomplete,
        Some(b'[') => csi(bytes),
        Some(b'O') => ss3(bytes),
        Some(b']' | b'P' | b'_' | b'^' | b'X') => string(bytes),
        // Esc, then whatever follows as a key of its own.
        Some(_) => key(KeyCode::Esc, KeyModifiers::NONE, 1),
    }
}

/// `ESC ] … BEL` or `ESC ] … ESC \` (OSC), and `ESC P`, `ESC _`, `ESC ^`, `ESC X` strings up
/// to `ESC \`: what a terminal sends to answer a query, never a key; skipped whole. Until
/// its end arrives it may be one, or an Esc typed before those letters: when the input
/// pauses without an end (or runs past [`MAX_STRING`], or another ESC cuts it), it is Esc
/// and the letters are typed.
fn string(bytes: &[u8]) -> Step {
    let osc = bytes[1] == b']';
    for (i, &b) in bytes.iter().enumerate().skip(2) {
        match (b, bytes.get(i + 1)) {
            _ if i > MAX_STRING => break,
            (0x07, _) if osc => return Step::Skip(i + 1),
            (ESC, Some(b'\\')) => return Step::Skip(i + 2),
            (ESC, None) => return Step::Incomplete,
            (ESC, Some(_)) => break,
            _ => continue,
        }
    }
    if bytes.len() > MAX_STRING || bytes[2..].contains(&ESC) {
        key(KeyCode::Esc, KeyModifiers::NONE, 1)
    } else {
        Step::Incomplete
    }
}

/// The key a sequence ending in `last` is, for the letters SS3 and CSI share: arrows,
/// Home, End, F1–F4.
fn lettered_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + last - b'P'),
        _ => return None,
    })
}

/// `ESC O x`: arrows, Home, End and F1–F4 in the terminal's application mode.
fn ss3(bytes: &[u8]) -> Step {
    let Some(&last) = bytes.get(2) else { return Step::Incomplete };
    match lettered_key(last) {
        Some(code) => key(code, KeyModifiers::NONE, 3),
        None => key(KeyCode::Esc, KeyModifiers::NONE, 1),
    }
}

/// `ESC [ params final`.
fn csi(bytes: &[u8]) -> Step {
    match bytes.get(2) {
        None => return Step::Incomplete,
        Some(b'M') => return x10_mouse(bytes),
        _ => {}
    }
    let mut end = 2;
    loop {
        let Some(&b) = bytes.get(end) else {
            return if end > MAX_CSI { key(KeyCode::Esc, KeyModifiers::NONE, 1) } else { Step::Incomplete };
        };
        match b {
            0x20..=0x3f if end <= MAX_CSI => end += 1,
            0x40..=0x7e => break,
            // Not a sequence after all: Esc, then the rest as typed.
            _ => return key(KeyCode::Esc, KeyModifiers::NONE, 1),
        }
    }
    let len = end + 1;
    let params = &bytes[2..end];
    let last = bytes[end];
    if last == b'~' && params == b"200" {
        return Step::PasteStart(len);
    }
    if params.first() == Some(&b'<') {
        return sgr_mouse(&params[1..], last, len);
    }
    let numbers = numbers(params);
    let number = |i: usize, default: u16| numbers.get(i).copied().flatten().unwrap_or(default);
    let modifiers = modifiers(number(1, 1));
    if let Some(code) = lettered_key(last) {
        return key(code, modifiers, len);
    }
    let code = match last {
        b'Z' => return key(KeyCode::BackTab, modifiers | KeyModifiers::SHIFT, len),
        b'M' | b'm' if numbers.len() == 3 => return urxvt_mouse(&numbers, len),
        b'~' => match number(0, 0) {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F((n - 10) as u8),
            n @ 17..=21 => KeyCode::F((n - 11) as u8),
            n @ 23..=24 => KeyCode::F((n - 12) as u8),
            _ => return Step::Skip(len),
        },
        _ => return Step::Skip(len),
    };
    key(code, modifiers, len)
}

/// The numbers of `1;5` (an empty or unreadable one is `None`; sub-parameters after `:`
/// are ignored).
fn numbers(params: &[u8]) -> Vec<Option<u16>> {
    if params.is_empty() {
        return Vec::new();
    }
    params
        .split(|&b| b == b';')
        .map(|p| {
            let p = p.split(|&b| b == b':').next().unwrap_or_default();
            std::str::from_utf8(p).ok().and_then(|s| s.parse().ok())
        })
        .collect()
}

/// xterm's modifier parameter: 1 + shift (1) + alt (2) + ctrl (4).
fn modifiers(param: u16) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [(1, KeyModifiers::SHIFT), (2, KeyModifiers::ALT), (4, KeyModifiers::CONTROL)] {
        if bits & bit != 0 {
            modifiers |= modifier;
        }
    }
    modifiers
}

/// A mouse report's button code: which button or wheel, a drag, the modifiers.
fn mouse(code: u16, released: bool, column: u16, row: u16) -> MouseEvent {
    let button = match code & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if code & 64 != 0 {
        match code & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if code & 32 != 0 {
        if code & 0b11 == 3 { MouseEventKind::Moved } else { MouseEventKind::Drag(button) }
    } else if released || code & 0b11 == 3 {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [(4, KeyModifiers::SHIFT), (8, KeyModifiers::ALT), (16, KeyModifiers::CONTROL)] {
        if code & bit != 0 {
            modifiers |= modifier;
        }
    }
    MouseEvent { kind, column, row, modifiers }
}

/// `ESC [ < code ; column ; row M` (pressed) or `m` (released), from 1.
fn sgr_mouse(params: &[u8], last: u8, len: usize) -> Step {
    match (numbers(params).as_slice(), last) {
        ([Some(code), Some(column), Some(row)], b'M' | b'm') => {
            Step::Event(Event::Mouse(mouse(*code, last == b'm', column.saturating_sub(1), row.saturating_sub(1))), len)
        }
        _ => Step::Skip(len),
    }
}

/// `ESC [ code ; column ; row M`, each number from 32 + 1 (urxvt).
fn urxvt_mouse(numbers: &[Option<u16>], len: usize) -> Step {
    match numbers {
        [Some(code), Some(column), Some(row)] => Step::Event(
            Event::Mouse(mouse(code.saturating_sub(32), false, column.saturating_sub(1), row.saturating_sub(1))),
            len,
        ),
        _ => Step::Skip(len),
    }
}

/// `ESC [ M` and three bytes, each 32 + the value (+ 1 for the position).
fn x10_mouse(bytes: &[u8]) -> Step {
    let Some(&[code, column, row]) = bytes.get(3..6) else { return Step::Incomplete };
    let value = |b: u8| u16::from(b.saturating_sub(32));
    Step::Event(
        Event::Mouse(mouse(value(code), false, value(column).saturating_sub(1), value(row).saturating_sub(1))),
        6,
    )
}
