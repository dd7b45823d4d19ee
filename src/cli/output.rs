//! Output for people and programs: width-aware tables and sanitised JSON.

use std::io::{IsTerminal, Write};

use unicode_width::UnicodeWidthStr;

use crate::text::{fit, sanitize_line};

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
///
/// A table is printed as its rows come ([`Table::stream`]): the columns are sized from the
/// first [`SAMPLE`] rows, so that any number of rows fits in memory. A later cell wider than
/// its column is cut (with …) on a terminal if its column may be shortened, and is otherwise
/// written whole, moving the rest of its row to the right: text is never lost.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns that may be cut short (with …) to fit; the others are kept whole.
    shrinkable: Vec<bool>,
}

/// Narrowest a shrinkable column gets before the table is allowed to overflow.
const MIN_SHRUNK: usize = 6;

/// How many rows size a streamed table's columns.
pub const SAMPLE: usize = 1000;

impl Table {
    /// `headers` as (title, may be shortened to fit).
    pub fn new<S: AsRef<str>>(headers: &[(S, bool)]) -> Table {
        Table {
            headers: headers.iter().map(|(h, _)| h.as_ref().to_string()).collect(),
            rows: Vec::new(),
            shrinkable: headers.iter().map(|(_, s)| *s).collect(),
        }
    }

    /// Add a row; cells are cleaned to a single line.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.rows.push(clean_row(cells));
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each column's width: its widest cell so far (or header), shrunk to fit `max_width`.
    fn widths(&self, max_width: Option<usize>) -> Vec<usize> {
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
        widths
    }

    /// One row laid out in `widths`: a cell that is wider is cut when `cut` says its column
    /// may be, and written whole otherwise.
    fn line(row: &[String], widths: &[usize], cut: impl Fn(usize) -> bool, out: &mut String) {
        let start = out.len();
        for (i, width) in widths.iter().enumerate() {
            let cell = row.get(i).map(String::as_str).unwrap_or("");
            if i > 0 {
                out.push_str("  ");
            }
            if cell.width() > *width && !cut(i) {
                out.push_str(cell);
            } else {
                out.push_str(&fit(cell, *width));
            }
        }
        let end = out[start..].trim_end().len();
        out.truncate(start + end);
        out.push('\n');
    }

    /// Lay the table out within `max_width` columns (no limit with `None`).
    pub fn render(&self, max_width: Option<usize>) -> String {
        let widths = self.widths(max_width);
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            Self::line(row, &widths, |_| true, &mut out);
        }
        out
    }

    /// Print to stdout, fitted to the terminal if stdout is one.
    pub fn print(&self) -> std::io::Result<()> {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(self.render(terminal_width()).as_bytes())?;
        stdout.flush()
    }

    /// Write the header and `rows` to `out` as they come, the columns sized from the first
    /// [`SAMPLE`] rows and fitted to `max_width` (see [`Table`]). Returns how many rows there
    /// were; with none, nothing is written.
    pub fn stream<R: AsRef<[String]>>(
        mut self,
        rows: impl Iterator<Item = R>,
        max_width: Option<usize>,
        out: &mut impl Write,
    ) -> std::io::Result<usize> {
        let mut rows = rows.peekable();
        while self.rows.len() < SAMPLE
            && let Some(row) = rows.next()
        {
            self.rows.push(clean_row(row.as_ref()));
        }
        if self.rows.is_empty() {
            return Ok(0);
        }
        let widths = self.widths(max_width);
        // Past the sample, a wide cell is cut only where a terminal would cut it anyway.
        let cut = |i: usize| max_width.is_some() && self.shrinkable[i];
        let mut text = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            Self::line(row, &widths, |_| true, &mut text);
        }
        out.write_all(text.as_bytes())?;
        let mut count = self.rows.len();
        for row in rows {
            text.clear();
            Self::line(&clean_row(row.as_ref()), &widths, cut, &mut text);
            out.write_all(text.as_bytes())?;
            count += 1;
        }
        out.flush()?;
        Ok(count)
    }
}

/// Cells cleaned to a single line each.
fn clean_row<S: AsRef<str>>(cells: &[S]) -> Vec<String> {
    cells.iter().map(|c| sanitize_line(c.as_ref()).into_owned()).collect()
}

/// The terminal's width when stdout is one; `None` when it is a file or a pipe.
pub fn terminal_width() -> Option<usize> {
    std::io::stdout()
        .is_terminal()
        .then(|| ratatui::crossterm::terminal::size().ok().map(|(w, _)| w as usize))
        .flatten()
}

/// Standard output for a command's listing or document, written through a 64 KiB buffer.
///
/// A long listing goes to a pipe more often than not (`| jq`, a CI log, the bench); with
/// std's 8 KiB buffer, 38,555 items as JSON took 6,234 `write`s, each waking the reader
/// and costing both a switch, where 64 KiB takes an eighth of them.
pub fn buffered_stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock())
}

/// Print `value` as pretty JSON with every string cleaned of control characters, so that
/// JSON piped to a terminal cannot carry escape sequences either.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut stdout = buffered_stdout();
    crate::export::json::write_clean(&mut stdout, value)?;
    writeln!(stdout)?;
    stdout.flush()?;
    Ok(())
}

/// Print the values `items` yields as a pretty JSON array, like [`print_json`], writing each
/// as it comes so that memory does not grow with the list.
pub fn print_json_array<T: serde::Serialize>(items: impl Iterator<Item = T>) -> anyhow::Result<()> {
    let mut stdout = buffered_stdout();
    write_json_array(&mut stdout, items)?;
    stdout.flush()?;
    Ok(())
}

/// [`print_json_array`] to `out`.
pub fn write_json_array<T: serde::Serialize>(
    out: &mut impl Write,
    items: impl Iterator<Item = T>,
) -> anyhow::Result<()> {
    use serde::Serializer as _;
    crate::export::json::clean_serializer(&mut *out).collect_seq(items)?;
    writeln!(out)?;
    Ok(())
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

    fn streamed(table: Table, rows: &[Vec<String>], max_width: Option<usize>) -> String {
        let mut out = Vec::new();
        let n = table.stream(rows.iter(), max_width, &mut out).unwrap();
        assert_eq!(n, rows.len());
        String::from_utf8(out).unwrap()
    }

    fn row(key: &str, name: &str) -> Vec<String> {
        vec![key.to_string(), name.to_string()]
    }

    #[test]
    fn a_streamed_table_within_its_sample_is_the_table_rendered_whole() {
        let rows: Vec<Vec<String>> =
            (0..40).map(|n| row(&format!("K{n}"), &format!("돌봄 | {}", "x".repeat(n % 17)))).collect();
        for width in [None, Some(16), Some(80)] {
            let mut whole = Table::new(&[("KEY", false), ("NAME", true)]);
            rows.iter().for_each(|r| whole.row(r));
            assert_eq!(streamed(Table::new(&[("KEY", false), ("NAME", true)]), &rows, width), whole.render(width));
        }
        assert_eq!(streamed(Table::new(&[("KEY", false)]), &[], None), "", "no rows, nothing written");
    }

    #[test]
    fn past_the_sample_a_wider_cell_is_cut_only_where_a_terminal_would_cut_it() {
        let mut rows: Vec<Vec<String>> = (0..SAMPLE).map(|n| row(&format!("K{}", n % 10), "short")).collect();
        rows.push(row("LONGKEY-1234", "a much longer name 가나다 | pipe"));
        rows.push(row("K1", "short"));
        let headers = [("KEY", false), ("NAME", true)];

        let piped = streamed(Table::new(&headers), &rows, None);
        let lines: Vec<&str> = piped.lines().collect();
        assert_eq!(lines.len(), SAMPLE + 3);
        assert_eq!(lines[1], "K0   short", "sized from the sample");
        assert_eq!(lines[SAMPLE + 1], "LONGKEY-1234  a much longer name 가나다 | pipe", "written whole");
        assert_eq!(lines[SAMPLE + 2], "K1   short");

        let terminal = streamed(Table::new(&headers), &rows, Some(80));
        let lines: Vec<&str> = terminal.lines().collect();
        assert_eq!(lines[SAMPLE + 1], "LONGKEY-1234  a mu…", "the key whole, the name cut to its column");
        assert!(lines.iter().all(|l| !l.contains('\u{1b}')));
    }
}
