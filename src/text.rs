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

fn sanitize(text: &str, newlines: Newlines) -> Cow<'_, str> {
    if !text.chars().any(needs_cleaning) {
        return Cow::Borrowed(text);
    }
    let line_break = if newlines == Newlines::Keep { '\n' } else { ' ' };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' => out.push(line_break),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(line_break);
            }
            '\t' => out.push_str("    "),
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 introducers: the 8-bit forms of ESC [, ESC ], ESC P, ESC X, ESC ^, ESC _.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Called after an ESC: drop the rest of the sequence it introduces.
fn skip_escape_sequence(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Character-set designations take one more character: ESC ( B.
        Some('(' | ')' | '*' | '+' | '-' | '.' | '/' | '#' | '%' | ' ') => {
            chars.next();
            chars.next();
        }
        // Any other two-character sequence (ESC c, ESC 7, ESC =, …). A lone ESC before
        // other text takes nothing with it.
        Some(c) if c.is_ascii_graphic() => {
            chars.next();
        }
        _ => {}
    }
}

/// Control Sequence: parameter and intermediate bytes up to a final byte in `@`..=`~`.
/// Anything else ends it without being taken, so real text after a broken sequence stays.
fn skip_csi(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            chars.next();
            return;
        }
        if !(' '..='\u{3f}').contains(&c) {
            return;
        }
        chars.next();
    }
}

/// OSC, DCS, SOS, PM, APC: a string ended by BEL, ST (ESC \) or the C1 ST.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(sanitize_line("a\u{1b}[12한글"), "a한글");
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
}
