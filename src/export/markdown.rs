//! Writing GitHub-flavoured Markdown from user text that renders as that text: no stray
//! emphasis, links, headings, list items, tables broken by a `|`, never raw HTML, and no
//! live link or notification made out of a bare URL, an e-mail address or an `@mention`.
//!
//! Only what would be Markdown where it stands is escaped (`Planning & design` and
//! `age_gate` stay as typed; `*bold*` and `<b>` do not become formatting or HTML).
//!
//! GitHub and GitLab turn bare URLs, `www.` addresses and e-mail addresses into links, and
//! `@name` into a mention that notifies someone. A backslash does not stop them: GitHub
//! joins the text around an escaped `@` before it looks for e-mail addresses and finds
//! mentions in the rendered HTML, and GitLab finds URLs there too. What both leave alone is
//! code, so such words are written as code spans: they show in a code font, as typed, and
//! copy as typed.

use crate::text::{sanitize_block, sanitize_line};

/// Where a character stands, for telling whether it would be Markdown there: between
/// letters or digits, beside white space, or beside punctuation, a symbol, a code span or
/// the edge of the user's text (whatever chec writes around it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Word,
    Space,
    Other,
}

fn side(c: Option<char>) -> Side {
    match c {
        Some(c) if c.is_whitespace() => Side::Space,
        Some(c) if c.is_alphanumeric() => Side::Word,
        _ => Side::Other,
    }
}

/// Whether the literal character `c` at `at` must be escaped to stay itself. `before` and
/// `after` are its neighbours as they will be written (`None` at a code span or an edge).
fn needs_escape(c: char, before: Option<char>, after: Option<char>, rest: &[char]) -> bool {
    let digit_after = after.is_some_and(|a| a.is_ascii_digit());
    match c {
        // Always: code spans, table cells, links and images, math on GitHub.
        '`' | '|' | '[' | '$' => true,
        // Escapes the next character only if that is ASCII punctuation (or what chec writes).
        '\\' => after.is_none_or(|a| a.is_ascii_punctuation()),
        // Emphasis and strikethrough open and close only beside something other than space.
        '*' | '~' => side(before) != Side::Space || side(after) != Side::Space,
        // `_` cannot open or close inside a word (`age_gate`).
        '_' => side(before) != Side::Word || side(after) != Side::Word,
        // An entity (`&amp;`), or a GitLab epic reference (`&12`).
        '&' => digit_after || is_entity(rest),
        // An HTML tag, comment or autolink starts with `<` and a letter, `/`, `!` or `?`.
        '<' => after.is_none_or(|a| a.is_ascii_alphabetic() || matches!(a, '/' | '!' | '?')),
        // A heading's closing sequence (`### Title #`) and GitLab's references (`#12`, `!12`).
        '#' => before.is_none() || digit_after || rest[1..].iter().all(|c| *c == '#' || c.is_whitespace()),
        '!' => digit_after,
        _ => false,
    }
}

/// Whether `rest` (from an `&`) reads as a character reference: `&name;`, `&#123;`, `&#x1F;`.
fn is_entity(rest: &[char]) -> bool {
    let body: Vec<&char> = rest[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '#').take(33).collect();
    !body.is_empty() && rest.get(body.len() + 1) == Some(&';')
}

/// Characters of a URL's scheme (`https`, `ftp`, `git+ssh`), as GitLab reads them.
fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')
}

/// Characters before the `@` of an e-mail address, as GitHub reads them.
fn is_local_part_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')
}

/// Characters after an `@`: a domain, a user name, a `group/subgroup`.
fn is_handle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '+')
}

/// Where a word a code span must hold ends: at white space, or at what cannot go in one;
/// punctuation that ends a sentence around it (`see https://x.org.`) stays outside.
fn word_end(chars: &[char], from: usize) -> usize {
    let end =
        from + chars[from..].iter().take_while(|c| !c.is_whitespace() && !matches!(c, '`' | '|' | '<' | '>')).count();
    trim_end(chars, from, end)
}

fn trim_end(chars: &[char], from: usize, mut end: usize) -> usize {
    while end > from + 1
        && matches!(
            chars[end - 1],
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '"' | ')' | ']' | '}' | '*' | '_' | '~' | '-' | '/'
        )
    {
        end -= 1;
    }
    end
}

/// The parts of a line that GitHub or GitLab would turn into a link or a mention: URLs with
/// a scheme (`https://…`, any scheme), `www.` addresses, e-mail addresses and `@names`. As
/// (start, end) character ranges, in order, not overlapping.
fn linkable(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    let mut taken = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        // A URL: a run of scheme characters followed by `://`.
        if is_scheme_char(c) && !prev.is_some_and(is_scheme_char) {
            let end = i + chars[i..].iter().take_while(|c| is_scheme_char(**c)).count();
            if chars[end..].starts_with(&[':', '/', '/']) {
                let stop = word_end(chars, end);
                found.push((i, stop));
                (i, taken) = (stop, stop);
                continue;
            }
        }
        // `www.` where a word starts.
        if side(prev) != Side::Word && chars[i..].iter().take(4).map(char::to_ascii_lowercase).eq("www.".chars()) {
            let stop = word_end(chars, i);
            found.push((i, stop));
            (i, taken) = (stop, stop);
            continue;
        }
        // An e-mail address or an `@name`.
        if c == '@' && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_') {
            let start = i - chars[taken..i].iter().rev().take_while(|c| is_local_part_char(**c)).count();
            let stop = trim_end(chars, i, i + 1 + chars[i + 1..].iter().take_while(|c| is_handle_char(**c)).count());
            found.push((start, stop));
            (i, taken) = (stop, stop);
            continue;
        }
        i += 1;
    }
    // Two code spans side by side would read as one delimited by a double backtick: join them.
    found.dedup_by(|next, prev| {
        let touching = next.0 == prev.1;
        if touching {
            prev.1 = next.1;
        }
        touching
    });
    found
}

/// What escaping a line calls for, from the least to the most.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Escaping {
    /// Nothing: the line is written as it is.
    None,
    /// Only characters [`needs_escape`] escapes wherever they stand: `` ` ``, `|`, `[`, `$`.
    Always,
    /// Characters whose neighbours decide, `@` (where [`linkable`] finds an address or a
    /// name), or a link's `://` or `www.`: every character is looked at.
    InContext,
}

/// [`Escaping`] of each byte (all the characters that matter are ASCII).
const MARKS: [Escaping; 256] = {
    let mut marks = [Escaping::None; 256];
    let (always, in_context) = (b"`|[$", b"\\*~_&<#!@");
    let mut i = 0;
    while i < always.len() {
        marks[always[i] as usize] = Escaping::Always;
        i += 1;
    }
    i = 0;
    while i < in_context.len() {
        marks[in_context[i] as usize] = Escaping::InContext;
        i += 1;
    }
    marks
};

/// What escaping `line` calls for, in one pass over its bytes.
fn escaping(line: &str) -> Escaping {
    let bytes = line.as_bytes();
    let mut found = Escaping::None;
    for (i, &b) in bytes.iter().enumerate() {
        let link = (b == b':' && bytes[i + 1..].starts_with(b"//"))
            || (b == b'.' && i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"));
        if link {
            return Escaping::InContext;
        }
        found = found.max(MARKS[b as usize]);
        if found == Escaping::InContext {
            return found;
        }
    }
    found
}

/// Escape one line of user text (no line breaks): what would be Markdown is escaped, and
/// URLs, e-mail addresses and `@names` become code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    push_escaped_inline(&mut out, line);
    out
}

/// [`escape_inline`], appended to `out`.
fn push_escaped_inline(out: &mut String, line: &str) {
    // Most lines hold nothing whose neighbours matter and no link (plain words, Korean, a
    // `|`): they need no look at each character's neighbours.
    match escaping(line) {
        Escaping::None => out.push_str(line),
        Escaping::Always => {
            for c in line.chars() {
                if matches!(c, '`' | '|' | '[' | '$') {
                    out.push('\\');
                }
                out.push(c);
            }
        }
        Escaping::InContext => out.push_str(&escape_each(line)),
    }
}

/// [`escape_inline`], looking at every character.
fn escape_each(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let spans = linkable(&chars);
    let mut out = String::with_capacity(line.len() + 8);
    let mut spans = spans.into_iter().peekable();
    // Where the last code span ended: the character after it sits beside a backtick.
    let mut span_end = None;
    let mut i = 0;
    while i < chars.len() {
        if let Some((start, end)) = spans.next_if(|&(start, _)| start == i) {
            out.push('`');
            out.extend(&chars[start..end]);
            out.push('`');
            span_end = Some(end);
            i = end;
            continue;
        }
        let before = if span_end == Some(i) { None } else { i.checked_sub(1).map(|p| chars[p]) };
        let after =
            if spans.peek().is_some_and(|&(start, _)| start == i + 1) { None } else { chars.get(i + 1).copied() };
        if needs_escape(chars[i], before, after, &chars[i..]) {
            out.push('\\');
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Escape what would make a line start a block: a heading, quote, list item, thematic
/// break, code fence, setext underline or table delimiter, or an indented code block.
fn escape_line_start(escaped: &str) -> String {
    let trimmed = escaped.trim_start();
    let mut out = String::new();
    let first = trimmed.chars().next();
    match first {
        Some('-' | '+' | '=' | '.' | ':' | '>') => {
            out.push('\\');
            out.push_str(trimmed);
        }
        Some(c) if c.is_ascii_digit() => {
            // "1." or "1)" starts an ordered list.
            let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
            let rest = &trimmed[digits.len()..];
            if rest.starts_with('.') || rest.starts_with(')') {
                out.push_str(&digits);
                out.push('\\');
                out.push_str(rest);
            } else {
                out.push_str(trimmed);
            }
        }
        _ => out.push_str(trimmed),
    }
    out
}

/// What a cell shows of `text`: cleaned to one line (line breaks and tabs become spaces,
/// control characters go) and trimmed, as GFM trims cells.
pub fn cell_text(text: &str) -> String {
    sanitize_line(text).trim_matches(|c: char| c.is_ascii_whitespace()).to_string()
}

/// User text for a table cell: one line, pipes and all Markdown escaped.
pub fn cell(text: &str) -> String {
    escape_inline(sanitize_line(text).trim_matches(|c: char| c.is_ascii_whitespace()))
}

/// User text inline in a sentence (e.g. a list item or after a label): one line, escaped.
pub fn inline(text: &str) -> String {
    cell(text)
}

/// User text as paragraphs: line breaks kept as hard breaks (a trailing backslash), blank
/// lines kept as paragraph breaks, every line escaped so it cannot start a block.
pub fn block(text: &str) -> String {
    let text = sanitize_block(text);
    let mut out = Vec::new();
    let lines: Vec<&str> = text.trim().lines().map(str::trim_end).collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            if out.last().is_some_and(|l: &String| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        // Trimmed before escaping: what starts the line decides what its characters would be.
        let mut escaped = escape_line_start(&escape_inline(line.trim_start()));
        let next_is_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        if next_is_text {
            escaped.push('\\');
        }
        out.push(escaped);
    }
    out.join("\n")
}

/// What an empty cell shows: a reader of a blank cell cannot tell "none" from "left out".
pub const EMPTY_CELL: &str = "—";

/// A GFM table. Header cells are ours (trusted); body cells are escaped user text, written
/// out row by row as they are added; an empty one shows [`EMPTY_CELL`].
pub struct Table {
    headers: Vec<String>,
    /// The rows so far, as Markdown.
    body: String,
    rows: usize,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table { headers: headers.iter().map(|h| h.to_string()).collect(), body: String::new(), rows: 0 }
    }

    /// Add a row of user text; each cell is escaped. Missing and empty cells show
    /// [`EMPTY_CELL`]; cells past the headers' count are left out.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        push_row(&mut self.body, self.headers.len(), cells);
        self.rows += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Write a table of `rows` (user text, escaped) under `headers` as the rows come; nothing
    /// when there are none. Returns how many rows there were.
    pub fn stream<R: AsRef<[S]>, S: AsRef<str>>(
        headers: &[&str],
        rows: impl Iterator<Item = R>,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<usize> {
        let mut count = 0;
        let mut line = String::new();
        for row in rows {
            if count == 0 {
                out.write_all(Table::new(headers).render().as_bytes())?;
            }
            line.clear();
            push_row(&mut line, headers.len(), row.as_ref());
            out.write_all(line.as_bytes())?;
            count += 1;
        }
        Ok(count)
    }

    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.body.len() + 64);
        push_line(&mut out, self.headers.iter().map(String::as_str));
        push_line(&mut out, self.headers.iter().map(|_| "---"));
        out.push_str(&self.body);
        out
    }
}

/// `| a | b |` and a line break, appended to `out`.
fn push_line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(cell);
        out.push_str(" |");
    }
    out.push('\n');
}

/// One row of `columns` cells of user text, each escaped, appended to `out`.
fn push_row<S: AsRef<str>>(out: &mut String, columns: usize, cells: &[S]) {
    out.push('|');
    for i in 0..columns {
        out.push(' ');
        let text = cells.get(i).map(|t| sanitize_line(t.as_ref()));
        match text.as_deref().map(|t| t.trim_matches(|c: char| c.is_ascii_whitespace())) {
            Some(text) if !text.is_empty() => push_escaped_inline(out, text),
            _ => out.push_str(EMPTY_CELL),
        }
        out.push_str(" |");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick ways (for lines with nothing to escape, and for lines whose only marks
        /// are escaped wherever they stand) give what looking at every character gives, on
        /// lines made mostly of what could matter.
        #[test]
        fn the_quick_way_is_the_same_as_looking_at_every_character(
            line in "([a-zA-Z가-힣 .:/@_*`|#&<!wW$\\[]|www\\.|://){0,24}"
        ) {
            proptest::prop_assert_eq!(escape_inline(&line), escape_each(&line));
        }
    }

    #[test]
    fn cells_escape_pipes_html_and_emphasis() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(cell("<script>x</script>"), "\\<script>x\\</script>");
        assert_eq!(cell("*bold* `code` [link](x)"), "\\*bold\\* \\`code\\` \\[link](x)");
        assert_eq!(cell("line\nbreak"), "line break");
        assert_eq!(cell("돌봄 | 챗봇"), "돌봄 \\| 챗봇");
    }

    #[test]
    fn only_what_would_be_markdown_is_escaped() {
        for plain in
            ["Planning & design", "age_gate", "2 * 3 ~ 4", "a < b, 1 <= 2", "R&D, AT&T", "C:\\path", "50% off!"]
        {
            assert_eq!(cell(plain), plain);
        }
        assert_eq!(cell("&amp; &#60; &#x3C;"), "\\&amp; \\&\\#60; \\&#x3C;");
        assert_eq!(cell("_a_ snake_case_"), "\\_a\\_ snake_case\\_");
        assert_eq!(cell("is it #"), "is it \\#");
        assert_eq!(cell("#12 !3 &4 $5"), "\\#12 \\!3 \\&4 \\$5");
        assert_eq!(cell("a\\*b\\"), "a\\\\\\*b\\\\");
    }

    #[test]
    fn urls_e_mail_addresses_and_mentions_become_code() {
        assert_eq!(cell("see https://x.org/a_b, or www.y.org."), "see `https://x.org/a_b`, or `www.y.org`.");
        assert_eq!(
            cell("mail kim.ms+ai@example.co.kr; ping @alice and @org/team!"),
            "mail `kim.ms+ai@example.co.kr`; ping `@alice` and `@org/team`!"
        );
        assert_eq!(cell("git+ssh://host/x FTP://h WWW.x.org"), "`git+ssh://host/x` `FTP://h` `WWW.x.org`");
        assert_eq!(cell("mailto:a@b.co \\https://x"), "mailto:`a@b.co` \\\\`https://x`");
        assert_eq!(cell("a @ b, @, x@"), "a @ b, @, x@");
        assert_eq!(cell("김@민지"), "김@민지");
    }

    #[test]
    fn blocks_cannot_start_headings_lists_or_quotes() {
        assert_eq!(block("# not a heading"), "\\# not a heading");
        assert_eq!(block("- item\n1. item\n> quote"), "\\- item\\\n1\\. item\\\n\\> quote");
        assert_eq!(block("a\n\n\nb"), "a\n\nb");
        assert_eq!(block("    indented"), "indented");
        assert_eq!(block("-3 dB drop"), "\\-3 dB drop");
    }
}
