//! Sanitising text for output.
//!
//! Everything a user typed or a file carried passes through here before it reaches a
//! terminal (TUI or CLI) or an export, so that it can never inject escape sequences:
//! no cursor movement, no OSC 52 clipboard writes, no OSC 8 hyperlinks, no bidi tricks.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Text as chec stores it: Unicode NFC (so Korean typed or pasted as decomposed jamo is
/// stored as whole syllables) with CR LF and lone CR turned into LF.
pub fn normalize(text: &str) -> String {
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() };
    if unicode_normalization::is_nfc(&text) { text } else { text.nfc().collect() }
}

/// Free text as chec stores it: [`normalize`]d and trimmed. Text that shows nothing (only
/// spaces, control characters, escape sequences or invisible characters such as a
/// zero-width space) is stored as empty, so it counts as empty wherever text is required.
pub fn stored(text: &str) -> String {
    if is_blank(text) { String::new() } else { normalize(text.trim()) }
}

/// [`stored`] for text kept as typed (answers, notes): not trimmed.
pub fn stored_as_typed(text: &str) -> String {
    if is_blank(text) { String::new() } else { normalize(text) }
}

/// Whether `text` shows nothing once cleaned for output: only spaces, control characters,
/// escape sequences and invisible characters.
pub fn is_blank(text: &str) -> bool {
    sanitize_block(text).chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Characters that take no space and show nothing: Unicode's default-ignorable code points
/// (zero-width space and joiners, word joiner, BOM, soft hyphen, variation selectors, tags,
/// the Hangul fillers) and the blank braille pattern.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Clean text that may span several lines: newlines are kept (CR LF and lone CR become LF),
/// tabs become four spaces, every other control character and escape sequence is removed.
pub fn sanitize_block(text: &str) -> Cow<'_, str> {
    sanitize(text, Newlines::Keep)
}

/// Clean text for a single line (a table cell, a list row): like [`sanitize_block`], but
/// line breaks become a single space.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    sanitize(text, Newlines::Space)
}

/// Show a message about a file's content on one line with its control characters written
/// out (`\u{98}`) instead of removed: a diagnostic must say what is wrong, even when what is
/// wrong is a control character that would start an escape sequence (and so swallow the
/// rest of the message) if it were sanitised away.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_cleaning) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars().map(|c| if needs_cleaning(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Newlines {
    Keep,
    Space,
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Explicit directional embeddings, overrides and isolates, and the directional marks:
/// they can make text display in an order other than the one it is stored in.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Whether [`sanitize_block`] or [`sanitize_line`] would change `text`.
pub fn needs_sanitizing(text: &str) -> bool {
    // Every character to clean is an ASCII control or starts with one of three bytes (C1
    // controls: 0xC2; U+061C: 0xD8; the other directional marks and U+2028/9: 0xE2), so most
    // text is passed by a byte scan without decoding a character.
    // In blocks without an early exit, which the compiler turns into vector instructions.
    let suspect = |b: u8| b < 0x20 || b == 0x7f || b == 0xC2 || b == 0xD8 || b == 0xE2;
    let any_suspect = text.as_bytes().chunks(32).any(|block| block.iter().fold(false, |seen, &b| seen | suspect(b)));
    any_suspect && text.chars().any(needs_cleaning)
}

fn sanitize(text: &str, newlines: Newlines) -> Cow<'_, str> {
    if !needs_sanitizing(text) {
        return Cow::Borrowed(text);
    }
    let line_break = if newlines == Newlines::Keep { '\n' } else { ' ' };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        rest = match c {
            '\n' | '\u{2028}' | '\u{2029}' => {
                out.push(line_break);
                after
            }
            '\r' => {
                out.push(line_break);
                after.strip_prefix('\n').unwrap_or(after)
            }
            '\t' => {
                out.push_str("    ");
                after
            }
            // A sequence goes whole, up to where it provably ends; one that never ends takes
            // only its introducer, so the text after a stray escape stays.
            '\u{1b}' => after_escape(after),
            // C1 introducers: the 8-bit forms of ESC [, ESC ], ESC P, ESC X, ESC ^, ESC _.
            '\u{9b}' => after_csi(after).unwrap_or(after),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => after_string(after).unwrap_or(after),
            c if c.is_control() || is_bidi_control(c) => after,
            c => {
                out.push(c);
                after
            }
        };
    }
    Cow::Owned(out)
}

/// The longest control sequence (after its introducer) taken for one; real ones are short.
const MAX_CSI: usize = 64;
/// The longest OSC, DCS, SOS, PM or APC string taken for one. Longer is text that happens to
/// follow a stray introducer: a terminal would swallow it, chec keeps it.
const MAX_STRING: usize = 4096;

/// What follows the sequence an ESC introduces (`rest` is the text after the ESC). A
/// sequence that never ends loses only its introducer (`ESC [`, `ESC ]`, …).
fn after_escape(rest: &str) -> &str {
    let mut chars = rest.chars();
    match chars.next() {
        Some('[') => after_csi(chars.as_str()).unwrap_or(chars.as_str()),
        Some(']' | 'P' | 'X' | '^' | '_') => after_string(chars.as_str()).unwrap_or(chars.as_str()),
        // nF: intermediates, then a final byte (ESC ( B designates a character set).
        Some(' '..='/') => {
            let mut intermediates = 1;
            loop {
                let before = chars.as_str();
                match chars.next() {
                    Some(' '..='/') if intermediates < 8 => intermediates += 1,
                    Some('0'..='~') => return chars.as_str(),
                    _ => return before,
                }
            }
        }
        // Two characters: ESC c, ESC 7, ESC =, ESC \ (a stray string terminator), …
        Some('0'..='~') => chars.as_str(),
        _ => rest,
    }
}

/// Control Sequence: parameter and intermediate bytes, then a final byte in `@`..=`~`.
fn after_csi(rest: &str) -> Option<&str> {
    let mut chars = rest.chars();
    for _ in 0..=MAX_CSI {
        match chars.next()? {
            ' '..='?' => {}
            '@'..='~' => return Some(chars.as_str()),
            _ => return None,
        }
    }
    None
}

/// OSC, DCS, SOS, PM, APC: a string ended by BEL, ST (ESC \) or the C1 ST. A line break or
/// any other control before the end means it never ended.
fn after_string(rest: &str) -> Option<&str> {
    let mut chars = rest.chars();
    for _ in 0..=MAX_STRING {
        match chars.next()? {
            '\u{7}' | '\u{9c}' => return Some(chars.as_str()),
            '\u{1b}' => return chars.as_str().strip_prefix('\\'),
            c if needs_cleaning(c) && !is_bidi_control(c) => return None,
            _ => {}
        }
    }
    None
}

/// `text` cut (with …) or padded with spaces to exactly `width` display columns; a wide
/// character (Hangul, CJK, emoji) is never split, and neither is a grapheme cluster.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_truncate::{Alignment, UnicodeTruncateStr};
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.unicode_pad(width, Alignment::Left, false).into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let (cut, _) = text.unicode_truncate(width - 1);
    format!("{cut}…").unicode_pad(width, Alignment::Left, false).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_misses_no_character_to_clean() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("가{c}a");
            assert_eq!(needs_sanitizing(&text), needs_cleaning(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn escaped_controls_are_visible_and_keep_the_rest_of_the_message() {
        let message = "traits[0].\u{98}: unknown field `\u{98}`, expected `id`\n\u{1b}[31m";
        let shown = escape_controls(message);
        assert_eq!(shown, "traits[0].\\u{98}: unknown field `\\u{98}`, expected `id`\\u{a}\\u{1b}[31m");
        assert!(!shown.chars().any(needs_cleaning));
        assert_eq!(escape_controls("돌봄 | care"), "돌봄 | care");
    }

    #[test]
    fn decomposed_korean_is_composed() {
        let decomposed = "\u{1112}\u{1161}\u{11ab}\u{1100}\u{1173}\u{11af}"; // 한글 as jamo
        assert_eq!(normalize(decomposed), "한글");
        assert_eq!(normalize("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "서비스 | plain text";
        assert!(matches!(sanitize_block(s), Cow::Borrowed(_)));
        assert_eq!(sanitize_line(s), s);
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(sanitize_line("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize_line("x\u{1b}]52;c;aGVsbG8=\u{7}y"), "xy");
        assert_eq!(sanitize_line("\u{1b}]8;;http://e.vil\u{1b}\\link\u{1b}]8;;\u{1b}\\"), "link");
        assert_eq!(sanitize_line("a\u{9b}2Jb"), "ab");
        assert_eq!(sanitize_line("a\u{1b}(Bb"), "ab");
        assert_eq!(sanitize_line("a\u{1b}Pq#0;1\u{1b}\\b"), "ab");
        // A lone ESC or a broken sequence never eats the real text after it.
        assert_eq!(sanitize_line("a\u{1b}한글"), "a한글");
        assert_eq!(sanitize_line("a\u{1b}[12한글"), "a12한글");
        assert_eq!(sanitize_line("a\u{1b}[31"), "a31");
    }

    #[test]
    fn a_sequence_that_never_ends_takes_only_its_introducer() {
        // Pasted from a log: an OSC 8 cut short by a line break.
        assert_eq!(sanitize_block("Log: \u{1b}]8;;\nThe model must"), "Log: 8;;\nThe model must");
        for introducer in ['\u{9d}', '\u{90}', '\u{98}', '\u{9e}', '\u{9f}'] {
            let text = format!("before {introducer}after, and more");
            assert_eq!(sanitize_line(&text), "before after, and more", "{:?}", introducer);
        }
        for introducer in ["\u{1b}]", "\u{1b}P", "\u{1b}X", "\u{1b}^", "\u{1b}_"] {
            let text = format!("a{introducer}52;c;rest of the text");
            assert_eq!(sanitize_line(&text), "a52;c;rest of the text", "{introducer:?}");
        }
        // A string sequence ends at BEL or ST; another control before that means it never did.
        assert_eq!(sanitize_block("a\u{9d}x\ny\u{7}z"), "ax\nyz");
        assert_eq!(sanitize_line("a\u{1b}]x\u{1b}[31mb"), "axb");
        // …and one longer than any real sequence is not taken for one either.
        let long = "x".repeat(MAX_STRING + 1);
        assert_eq!(sanitize_line(&format!("\u{1b}]{long}\u{7}")), long);
        // A character-set designation needs its final byte; anything else stays.
        assert_eq!(sanitize_line("a\u{1b}(한글"), "a한글");
        assert_eq!(sanitize_line("a\u{1b}(0b"), "ab");
        assert_eq!(sanitize_line("a\u{9b}"), "a");
    }

    #[test]
    fn controls_and_bidi_overrides_are_dropped() {
        assert_eq!(sanitize_line("a\u{7}b\u{0}c\u{7f}d\u{85}e"), "abcde");
        assert_eq!(sanitize_line("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(sanitize_line("\u{2066}x\u{2069}"), "x");
    }

    #[test]
    fn newlines_are_kept_in_blocks_and_flattened_in_lines() {
        assert_eq!(sanitize_block("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(sanitize_line("a\r\nb\nc"), "a b c");
        assert_eq!(sanitize_block("a\tb"), "a    b");
    }

    #[test]
    fn fit_pads_and_never_splits_a_wide_character() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("가나다", 4), "가… ");
        assert_eq!(fit("abc", 0), "");
    }
}
