//! Output for people and programs: width-aware tables and sanitised JSON.

use std::io::{IsTerminal, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::text::sanitize_line;

/// `println!` that returns the write's error instead of panicking, so a closed stdout
/// (`chec items | true`) is an error the caller can tell apart, not a crash.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}
pub(crate) use outln;

/// `print!` that returns the write's error instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
    }};
}
pub(crate) use out;

/// Output formats for listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON for programs.
    Json,
}

/// A table of text columns, aligned by display width (Korean and other wide characters take
/// two cells) and shrunk to fit the terminal when printed to one.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns that may be cut short (with …) to fit; the others are kept whole.
    shrinkable: Vec<bool>,
}

/// Narrowest a shrinkable column gets before the table is allowed to overflow.
const MIN_SHRUNK: usize = 6;

impl Table {
    /// `headers` as (title, may be shortened to fit).
    pub fn new(headers: &[(&str, bool)]) -> Table {
        Table {
            headers: headers.iter().map(|(h, _)| h.to_string()).collect(),
            rows: Vec::new(),
            shrinkable: headers.iter().map(|(_, s)| *s).collect(),
        }
    }

    /// Add a row; cells are cleaned to a single line.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.rows.push(cells.iter().map(|c| sanitize_line(c.as_ref()).into_owned()).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Lay the table out within `max_width` columns (no limit with `None`).
    pub fn render(&self, max_width: Option<usize>) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = (0..n)
            .map(|i| {
                let cells = self.rows.iter().filter_map(|r| r.get(i));
                cells.map(|c| c.width()).chain([self.headers[i].width()]).max().unwrap_or(0)
            })
            .collect();
        if let Some(max) = max_width {
            let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * n.saturating_sub(1);
            while total(&widths) > max {
                let widest =
                    (0..n).filter(|&i| self.shrinkable[i] && widths[i] > MIN_SHRUNK).max_by_key(|&i| widths[i]);
                match widest {
                    Some(i) => widths[i] -= 1,
                    None => break,
                }
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            let mut line = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = row.get(i).map(String::as_str).unwrap_or("");
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(&fit(cell, *width));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Print to stdout, fitted to the terminal if stdout is one.
    pub fn print(&self) -> std::io::Result<()> {
        let width = std::io::stdout()
            .is_terminal()
            .then(|| ratatui::crossterm::terminal::size().ok().map(|(w, _)| w as usize))
            .flatten();
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(self.render(width).as_bytes())?;
        stdout.flush()
    }
}

/// `text` cut (with …) or padded with spaces to exactly `width` display columns.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if text.width() <= width {
        out.push_str(text);
        used = text.width();
    } else if width > 0 {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width - 1 {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// Print `value` as pretty JSON with every string cleaned of control characters, so that
/// JSON piped to a terminal cannot carry escape sequences either.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let value = clean_json(serde_json::to_value(value)?);
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &value)?;
    writeln!(stdout)?;
    stdout.flush()?;
    Ok(())
}

/// Print the values `items` yields as a pretty JSON array, like [`print_json`], writing each
/// as it comes so that memory does not grow with the list.
pub fn print_json_array<T: serde::Serialize>(items: impl Iterator<Item = T>) -> anyhow::Result<()> {
    use serde::Serializer as _;
    let mut failed = None;
    let values = items.map_while(|item| match serde_json::to_value(item) {
        Ok(value) => Some(clean_json(value)),
        Err(e) => {
            failed = Some(e);
            None
        }
    });
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::Serializer::pretty(&mut stdout).collect_seq(values)?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    writeln!(stdout)?;
    stdout.flush()?;
    Ok(())
}

fn clean_json(value: serde_json::Value) -> serde_json::Value {
    crate::export::json::clean(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_text_is_aligned_and_cut_by_display_width() {
        let mut t = Table::new(&[("KEY", false), ("NAME", true)]);
        t.row(&["CARE", "돌봄 서비스 | 상담"]);
        t.row(&["AB", "short"]);
        let out = t.render(Some(16));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "KEY   NAME");
        assert_eq!(lines[1], "CARE  돌봄 서비…");
        assert!(lines[1].width() <= 16);
        assert_eq!(lines[2], "AB    short");
    }

    #[test]
    fn fit_pads_and_never_splits_a_wide_character() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("가나다", 4), "가… ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn json_strings_lose_escape_sequences() {
        let v = clean_json(serde_json::json!({"a": ["x\u{1b}]52;c;AA==\u{7}y"]}));
        assert_eq!(v, serde_json::json!({"a": ["xy"]}));
    }
}
