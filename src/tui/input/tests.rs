use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::parse::{ESC_WAIT, PASTE_PAUSE, PASTE_SETTLE, Parser};
use super::sequences::{Step, step};

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Event {
    let modifiers = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
    Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers))
}

fn with(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn paste(text: &str) -> Event {
    Event::Paste(text.to_string())
}

fn chars(text: &str) -> Vec<Event> {
    text.chars().map(ch).collect()
}

/// Everything the parser has read so far.
fn taken(parser: &mut Parser) -> Vec<Event> {
    std::iter::from_fn(|| parser.take()).collect()
}

/// The events `bytes` make when they arrive in one read and nothing follows.
fn read_alone(bytes: &[u8]) -> Vec<Event> {
    let start = Instant::now();
    let mut parser = Parser::default();
    parser.feed(bytes, start);
    parser.advance(start + Duration::from_secs(10), false);
    taken(&mut parser)
}

#[test]
fn text_controls_and_korean_are_keys() {
    let events = read_alone("aB 한|\r\t\x7f\x13".as_bytes());
    let mut expected = chars("aB 한|");
    expected.extend([
        key(KeyCode::Enter),
        key(KeyCode::Tab),
        key(KeyCode::Backspace),
        with(KeyCode::Char('s'), KeyModifiers::CONTROL),
    ]);
    assert_eq!(events, expected);
}

#[test]
fn keys_sequences_are_keys_with_their_modifiers() {
    let cases: [(&[u8], Event); 12] = [
        (b"\x1b[A", key(KeyCode::Up)),
        (b"\x1bOB", key(KeyCode::Down)),
        (b"\x1b[1;5C", with(KeyCode::Right, KeyModifiers::CONTROL)),
        (b"\x1b[1;3D", with(KeyCode::Left, KeyModifiers::ALT)),
        (b"\x1b[H", key(KeyCode::Home)),
        (b"\x1b[4~", key(KeyCode::End)),
        (b"\x1b[5~", key(KeyCode::PageUp)),
        (b"\x1b[6;2~", with(KeyCode::PageDown, KeyModifiers::SHIFT)),
        (b"\x1b[3~", key(KeyCode::Delete)),
        (b"\x1b[Z", with(KeyCode::BackTab, KeyModifiers::SHIFT)),
        (b"\x1bOP", key(KeyCode::F(1))),
        (b"\x1b[24~", key(KeyCode::F(12))),
    ];
    for (bytes, expected) in cases {
        assert_eq!(read_alone(bytes), [expected], "{bytes:?}");
    }
}

#[test]
fn mouse_reports_in_each_encoding() {
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let wheel_down =
        Event::Mouse(MouseEvent { kind: MouseEventKind::ScrollDown, column: 9, row: 4, modifiers: KeyModifiers::NONE });
    assert_eq!(read_alone(b"\x1b[<0;10;5M"), [click(9, 4)], "SGR");
    assert_eq!(read_alone(b"\x1b[<65;10;5M"), [wheel_down], "SGR wheel");
    assert_eq!(read_alone(b"\x1b[32;10;5M"), [click(9, 4)], "urxvt");
    assert_eq!(read_alone(&[0x1b, b'[', b'M', 32, 32 + 10, 32 + 5]), [click(9, 4)], "X10");
    let release = read_alone(b"\x1b[<0;10;5m");
    assert!(matches!(release[..], [Event::Mouse(MouseEvent { kind: MouseEventKind::Up(_), .. })]), "{release:?}");
}

#[test]
fn esc_and_a_key_in_one_read_are_esc_then_the_key() {
    let mut expected = vec![key(KeyCode::Esc)];
    expected.extend(chars("1"));
    assert_eq!(read_alone(b"\x1b1"), expected, "not Alt-1");
    let mut expected = vec![key(KeyCode::Esc)];
    expected.extend(chars("q한"));
    assert_eq!(read_alone("\x1bq한".as_bytes()), expected);
    assert_eq!(read_alone(b"\x1b\x1b"), [key(KeyCode::Esc), key(KeyCode::Esc)], "two Escs, both kept");
    assert_eq!(read_alone(b"\x1b\r"), [key(KeyCode::Esc), key(KeyCode::Enter)]);
}

#[test]
fn a_lone_esc_waits_briefly_for_the_rest_of_a_sequence() {
    let start = Instant::now();
    let mut parser = Parser::default();
    parser.feed(b"\x1b", start);
    assert_eq!(taken(&mut parser), [], "the rest of a sequence may be on its way");
    assert_eq!(parser.deadline(), Some(start + ESC_WAIT));
    // The rest arrives in time: one key.
    parser.feed(b"[A", start + ESC_WAIT / 2);
    assert_eq!(taken(&mut parser), [key(KeyCode::Up)]);
    // Nothing arrives: Esc.
    parser.feed(b"\x1b", start + ESC_WAIT);
    parser.advance(start + ESC_WAIT * 2, false);
    assert_eq!(taken(&mut parser), [key(KeyCode::Esc)]);
    assert_eq!(parser.deadline(), None);
}

#[test]
fn a_cut_sequence_that_never_completes_is_esc_then_what_was_typed() {
    let mut expected = vec![key(KeyCode::Esc)];
    expected.extend(chars("[1"));
    assert_eq!(read_alone(b"\x1b[1"), expected);
    let mut expected = vec![key(KeyCode::Esc)];
    expected.extend(chars("O"));
    assert_eq!(read_alone(b"\x1bO"), expected);
}

#[test]
fn a_character_cut_between_reads_is_whole() {
    let start = Instant::now();
    let mut parser = Parser::default();
    let bytes = "한".as_bytes();
    parser.feed(&bytes[..1], start);
    parser.feed(&bytes[1..], start);
    assert_eq!(taken(&mut parser), chars("한"));
    assert_eq!(read_alone(&[0xff, b'a', 0xed]), chars("a"), "bytes that are no character are dropped");
}

#[test]
fn a_large_burst_is_read_whole_in_order() {
    let text: String = (0..2_000).map(|i| if i % 3 == 0 { '한' } else { 'x' }).collect();
    let mut parser = Parser::default();
    let start = Instant::now();
    for piece in text.as_bytes().chunks(1_000) {
        parser.feed(piece, start);
    }
    assert_eq!(taken(&mut parser), chars(&text));
}

#[test]
fn a_paste_is_one_event_with_its_text_as_sent() {
    let events = read_alone("\x1b[200~첫 줄\r둘째 | \x1b[31mred\x1b[201~".as_bytes());
    assert_eq!(events, [paste("첫 줄\r둘째 | \x1b[31mred")]);
}

#[test]
fn a_paste_waits_for_the_input_to_settle_after_its_end_marker() {
    let start = Instant::now();
    let mut parser = Parser::default();
    parser.feed(b"\x1b[200~abc\x1b[201~", start);
    assert_eq!(taken(&mut parser), [], "more of the paste may follow its first end marker");
    assert_eq!(parser.deadline(), Some(start + PASTE_SETTLE));
    parser.advance(start + PASTE_SETTLE, false);
    assert_eq!(taken(&mut parser), [paste("abc")]);
}

#[test]
fn an_end_marker_inside_the_pasted_text_ends_nothing() {
    // The clipboard: `one`, an end marker, Ctrl-S, Esc q, `two`; the terminal's own end
    // marker follows.
    let events = read_alone(b"\x1b[200~one\x1b[201~\x13\x1bqtwo\x1b[201~");
    assert_eq!(events, [paste("one\x13\x1bqtwo")], "no key runs; the markers are not text");
    // Arriving in pieces, as long as the input does not pause.
    let start = Instant::now();
    let mut parser = Parser::default();
    parser.feed(b"\x1b[200~one\x1b[20", start);
    parser.feed(b"1~\x13two\x1b[2", start + PASTE_SETTLE / 2);
    parser.feed(b"01~", start + PASTE_SETTLE);
    parser.advance(start + PASTE_SETTLE * 2, false);
    assert_eq!(taken(&mut parser), [paste("one\x13two")]);
}

#[test]
fn keys_after_a_pause_that_follows_a_paste_are_keys() {
    let start = Instant::now();
    let mut parser = Parser::default();
    parser.feed(b"\x1b[200~abc\x1b[201~q", start);
    parser.advance(start + PASTE_SETTLE, false);
    let mut expected = vec![paste("abc")];
    expected.extend(chars("q"));
    assert_eq!(taken(&mut parser), expected, "what follows the last end marker is typed");
    parser.feed(b"\x1b[201~x", start + PASTE_SETTLE * 3);
    assert_eq!(taken(&mut parser), chars("x"), "a stray end marker is nothing");
}

#[test]
fn a_paste_that_never_ends_is_pasted_once_the_input_pauses() {
    let start = Instant::now();
    let mut parser = Parser::default();
    parser.feed(b"\x1b[200~abc\r\x13", start);
    parser.advance(start + PASTE_PAUSE / 2, false);
    assert_eq!(taken(&mut parser), [], "a paste can be slow to arrive");
    parser.feed(b"def", start + PASTE_PAUSE / 2);
    assert_eq!(parser.deadline(), Some(start + PASTE_PAUSE / 2 + PASTE_PAUSE));
    parser.advance(start + PASTE_PAUSE / 2 + PASTE_PAUSE, false);
    assert_eq!(taken(&mut parser), [paste("abc\r\x13def")], "pasted as text: no key ran");
    parser.feed(b"q", start + PASTE_PAUSE * 2);
    assert_eq!(taken(&mut parser), chars("q"), "keys act again");
}

#[test]
fn leaving_reads_everything_without_waiting() {
    let start = Instant::now();
    let mut parser = Parser::default();
    parser.feed(b"ab\x1b", start);
    parser.advance(start, true);
    let mut expected = chars("ab");
    expected.push(key(KeyCode::Esc));
    assert_eq!(taken(&mut parser), expected);
    parser.feed(b"\x1b[200~unfinished", start);
    parser.advance(start, true);
    assert_eq!(taken(&mut parser), [paste("unfinished")]);
    assert!(!parser.is_waiting());
}

#[test]
fn unknown_and_overlong_sequences_are_not_typed() {
    assert_eq!(read_alone(b"\x1b[Ix"), chars("x"), "focus report");
    assert_eq!(read_alone(b"\x1b[99~x"), chars("x"), "unknown key");
    let overlong = format!("\x1b[{}", "1".repeat(100));
    let events = read_alone(overlong.as_bytes());
    assert_eq!(events[0], key(KeyCode::Esc), "not a sequence: Esc, then what follows is typed");
    assert_eq!(events[1..], chars(&overlong[1..]));
    assert_eq!(step(b"\x1b[200~"), Step::PasteStart(6));
}

#[test]
fn terminal_reports_are_skipped_whole_and_an_unfinished_one_is_esc_then_typing() {
    assert_eq!(read_alone(b"a\x1b]52;c;aGk=\x07b"), chars("ab"), "OSC ended by BEL");
    assert_eq!(read_alone(b"a\x1b]8;;http://x\x1b\\b"), chars("ab"), "OSC ended by ST");
    assert_eq!(read_alone(b"a\x1bP1$r0m\x1b\\b"), chars("ab"), "DCS");
    // Esc then `]` and more, typed quickly: no end comes.
    let mut expected = chars("a");
    expected.push(key(KeyCode::Esc));
    expected.extend(chars("]12"));
    assert_eq!(read_alone(b"a\x1b]12"), expected);
    // Cut by another ESC: not a report either.
    let mut expected = vec![key(KeyCode::Esc)];
    expected.extend(chars("]1"));
    expected.push(key(KeyCode::Esc));
    expected.extend(chars("x"));
    assert_eq!(read_alone(b"\x1b]1\x1bx"), expected);
}
