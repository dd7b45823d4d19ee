//! Property tests of the sanitiser: it removes escape sequences and control characters, and
//! nothing else. Text is generated as pieces that each know what a reader should see of
//! them (a printable run: itself; a whole sequence: nothing; a sequence that never ends:
//! what follows its introducer), so the expected result does not come from the code under
//! test. A terminal emulator (vt100) then shows that what is left is plain text.

use chec::text::{sanitize_block, sanitize_line};
use proptest::prelude::*;

/// A piece of text: what is written, and what a reader should see of it.
#[derive(Debug, Clone)]
struct Piece {
    raw: String,
    visible: String,
    /// A string sequence left open at the end of the text: a terminator in a later piece
    /// would end it, so it can only come last.
    open: bool,
}

fn piece(raw: impl Into<String>, visible: impl Into<String>) -> Piece {
    Piece { raw: raw.into(), visible: visible.into(), open: false }
}

/// Printable text, weighted towards the characters escape sequences are made of.
fn printable() -> impl Strategy<Value = String> {
    "[ -~가-힣é😀]{0,12}"
}

/// Introducers of the string sequences (OSC, DCS, SOS, PM, APC), 7-bit and 8-bit.
fn string_introducer() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\u{1b}]", "\u{1b}P", "\u{1b}X", "\u{1b}^", "\u{1b}_", "\u{9d}", "\u{90}", "\u{98}", "\u{9e}", "\u{9f}",
    ])
}

fn csi_introducer() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["\u{1b}[", "\u{9b}"])
}

/// What a string sequence's payload may hold: printable text without controls.
fn payload() -> impl Strategy<Value = String> {
    "[ -~가-힣]{0,40}"
}

/// Something that is not part of any sequence and stops a control sequence (CSI) or an ESC
/// that has not ended: a line break, or a printable character outside ASCII.
fn breaker() -> impl Strategy<Value = Piece> {
    prop_oneof![
        Just(piece("\n", "\n")),
        Just(piece("\r\n", "\n")),
        Just(piece("한", "한")),
        Just(piece("é", "é")),
        Just(piece("\u{2028}", "\n")),
    ]
}

/// What stops a string sequence that has not ended: a line break or another control.
fn string_breaker() -> impl Strategy<Value = Piece> {
    prop_oneof![
        Just(piece("\n", "\n")),
        Just(piece("\r\n", "\n")),
        Just(piece("\u{2028}", "\n")),
        Just(piece("\t", "    ")),
        // Bidi controls are printable to a terminal: inside a string they are payload.
        lone_control()
            .prop_filter("a control, not a terminator", |c| c.chars().all(char::is_control)
                && c != "\u{7}"
                && c != "\u{9c}")
            .prop_map(|c| piece(c, "")),
    ]
}

/// Controls that stand alone and are removed one by one (no introducers, no line breaks).
fn lone_control() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..0x20).prop_filter("not a line break, tab or ESC", |c| ![0x09, 0x0a, 0x0d, 0x1b].contains(c)),
        Just(0x7f),
        (0x80u32..0xa0).prop_filter("not an introducer", |c| ![0x90, 0x98, 0x9b, 0x9d, 0x9e, 0x9f].contains(c)),
        prop::sample::select(vec![0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0x061c]),
    ]
    .prop_map(|c| char::from_u32(c).map(String::from).unwrap_or_default())
}

fn pieces() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => printable().prop_map(|t| piece(t.clone(), t)),
        // Whole sequences: nothing of them is seen.
        2 => (csi_introducer(), "[0-9;:<=>?]{0,6}", "[ -/]{0,2}", "[@-~]")
            .prop_map(|(i, p, m, f)| piece(format!("{i}{p}{m}{f}"), "")),
        2 => (string_introducer(), payload(), prop::sample::select(vec!["\u{7}", "\u{1b}\\", "\u{9c}"]))
            .prop_map(|(i, p, t)| piece(format!("{i}{p}{t}"), "")),
        1 => ("[ -/]{1,3}", "[0-~]").prop_map(|(m, f)| piece(format!("\u{1b}{m}{f}"), "")),
        1 => "[0-OQ-WYZ\\\\`-~]".prop_map(|f| piece(format!("\u{1b}{f}"), "")),
        1 => lone_control().prop_map(|c| piece(c, "")),
        // Sequences that never end: only the introducer goes, the text after it stays.
        2 => (string_introducer(), payload(), string_breaker())
            .prop_map(|(i, p, b)| piece(format!("{i}{p}{}", b.raw), format!("{p}{}", b.visible))),
        1 => (string_introducer(), payload())
            .prop_map(|(i, p)| Piece { raw: format!("{i}{p}"), visible: p, open: true }),
        1 => (csi_introducer(), "[0-9;]{0,6}", breaker())
            .prop_map(|(i, p, b)| piece(format!("{i}{p}{}", b.raw), format!("{p}{}", b.visible))),
        1 => breaker().prop_map(|b| piece(format!("\u{1b}{}", b.raw), b.visible)),
        1 => breaker(),
        1 => Just(piece("\t", "    ")),
    ]
}

/// A whole text and what a reader should see of it.
fn text() -> impl Strategy<Value = (String, String)> {
    prop::collection::vec(pieces(), 0..12).prop_map(|pieces| {
        let last = pieces.len().saturating_sub(1);
        let kept = pieces.iter().enumerate().filter(|(i, p)| !p.open || *i == last).map(|(_, p)| p);
        kept.fold((String::new(), String::new()), |(raw, visible), p| (raw + &p.raw, visible + &p.visible))
    })
}

/// The text a terminal shows after printing `line` on one very wide row.
fn on_screen(line: &str) -> String {
    let nz = |n| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
    let mut parser = vt100::Parser::new(nz(2), nz(4000), 0);
    parser.process(line.as_bytes());
    parser.screen().contents().trim_end().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("CHEC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn sanitising_removes_sequences_and_controls_and_nothing_else((raw, visible) in text()) {
        prop_assert_eq!(sanitize_block(&raw), visible.as_str(), "from {:?}", raw);
        prop_assert_eq!(sanitize_line(&raw), visible.replace('\n', " "), "from {:?}", raw);
    }

    #[test]
    fn a_terminal_shows_exactly_the_sanitised_text((raw, visible) in text()) {
        let line = sanitize_line(&raw);
        let expected = visible.replace('\n', " ");
        prop_assert_eq!(on_screen(&line), expected.trim_end(), "from {:?}", raw);
    }

    #[test]
    fn whatever_the_bytes_a_terminal_shows_the_sanitised_text_as_is(
        raw in "[\\x00-\\x7f\\u{80}-\\u{9f}가-힣\\u{202e}\\u{2066}\\u{2028}]{0,80}"
    ) {
        let line = sanitize_line(&raw);
        prop_assert!(!line.chars().any(|c| c.is_control()), "{:?} kept a control: {:?}", raw, line);
        prop_assert_eq!(on_screen(&line), line.trim_end(), "from {:?}", raw);
    }

    #[test]
    fn without_a_string_terminator_every_korean_letter_is_kept(
        raw in "[\\x00-\\x06\\x08-\\x5b\\x5d-\\x7f\\u{80}-\\u{9b}\\u{9d}-\\u{9f}가-힣]{0,80}"
    ) {
        // With no BEL or ST, no OSC, DCS, SOS, PM or APC ends, and no other sequence can hold
        // a Korean letter: every one is still there, in order.
        let korean = |s: &str| s.chars().filter(|c| ('가'..='힣').contains(c)).collect::<String>();
        prop_assert_eq!(korean(&sanitize_line(&raw)), korean(&raw), "from {:?}", raw);
    }
}
