//! Writing GitHub-flavoured Markdown from user text that renders as that text: no stray
//! emphasis, links, headings, list items, tables broken by a `|`, and never raw HTML.
//!
//! CommonMark lets any ASCII punctuation be escaped with a backslash, so user text is
//! written with every character that could start Markdown syntax escaped.

use crate::text::{sanitize_block, sanitize_line};

/// Characters that can start or end inline Markdown or HTML anywhere in a line.
fn is_inline_special(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!' | '#' | '$')
}

/// Escape one line of inline text (no line breaks).
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if is_inline_special(c) {
            out.push('\\');
        }
        out.push(c);
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
        Some('-' | '+' | '=' | '.' | ':') => {
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
    escape_inline(&cell_text(text))
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
        let mut escaped = escape_line_start(&escape_inline(line));
        let next_is_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        if next_is_text {
            escaped.push('\\');
        }
        out.push(escaped);
    }
    out.join("\n")
}

/// A GFM table. Header cells are ours (trusted); body cells are escaped user text.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table { headers: headers.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// Add a row of user text; each cell is escaped.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.rows.push(cells.iter().map(|c| cell(c.as_ref())).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        out.push_str(&line(&self.headers));
        out.push_str(&line(&self.headers.iter().map(|_| "---".to_string()).collect::<Vec<_>>()));
        for row in &self.rows {
            let mut row = row.clone();
            row.resize(self.headers.len(), String::new());
            out.push_str(&line(&row));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_html_and_emphasis() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(cell("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(cell("*bold* `code` [link](x)"), "\\*bold\\* \\`code\\` \\[link\\](x)");
        assert_eq!(cell("line\nbreak"), "line break");
        assert_eq!(cell("돌봄 | 챗봇"), "돌봄 \\| 챗봇");
    }

    #[test]
    fn blocks_cannot_start_headings_lists_or_quotes() {
        assert_eq!(block("# not a heading"), "\\# not a heading");
        assert_eq!(block("- item\n1. item\n> quote"), "\\- item\\\n1\\. item\\\n\\> quote");
        assert_eq!(block("a\n\n\nb"), "a\n\nb");
        assert_eq!(block("    indented"), "indented");
    }
}
