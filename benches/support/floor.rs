//! The floor: a query run by the same SQLite that chec is built with, its rows written as
//! JSON with the least work (as the `sqlite3` program's `-json` mode writes them), so that
//! what chec adds to SQLite's own work can be told apart from SQLite's work.
//!
//! `--sql DB SQL` prints the rows; `--sql DB SQL --plan` prints `EXPLAIN QUERY PLAN`.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

/// Run as `--sql DB SQL [--plan]`, when asked to.
pub fn mode() -> Option<ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).and_then(|a| a.to_str()) != Some("--sql") {
        return None;
    }
    Some(match run(&args[2..]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("budgets --sql: {e:#}");
            ExitCode::from(1)
        }
    })
}

fn run(args: &[OsString]) -> anyhow::Result<()> {
    let [db, sql, rest @ ..] = args else { anyhow::bail!("usage: --sql DB SQL [--plan]") };
    let sql = sql.to_str().context("SQL is not UTF-8")?;
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if rest.iter().any(|a| a == "--plan") {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let mut rows = stmt.query([])?;
        let mut depth: Vec<(i64, usize)> = Vec::new();
        while let Some(row) = rows.next()? {
            let (id, parent, detail): (i64, i64, String) = (row.get(0)?, row.get(1)?, row.get(3)?);
            while depth.last().is_some_and(|(p, _)| *p != parent) {
                depth.pop();
            }
            let level = depth.last().map_or(0, |(_, l)| l + 1);
            writeln!(out, "{}{detail}", "  ".repeat(level))?;
            depth.push((id, level));
        }
        return Ok(out.flush()?);
    }
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<Vec<u8>> = stmt
        .column_names()
        .iter()
        .map(|n| {
            let mut quoted = Vec::new();
            write_json_string(&mut quoted, n.as_bytes())?;
            Ok(quoted)
        })
        .collect::<std::io::Result<_>>()?;
    let mut rows = stmt.query([])?;
    let mut first = true;
    while let Some(row) = rows.next()? {
        out.write_all(if first { b"[{" } else { b",\n{" })?;
        first = false;
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(name)?;
            out.write_all(b":")?;
            match row.get_ref(i)? {
                ValueRef::Null => out.write_all(b"null")?,
                ValueRef::Integer(n) => write!(out, "{n}")?,
                ValueRef::Real(x) => write!(out, "{x}")?,
                ValueRef::Text(t) => write_json_string(&mut out, t)?,
                ValueRef::Blob(_) => out.write_all(b"\"(blob)\"")?,
            }
        }
        out.write_all(b"}")?;
    }
    out.write_all(if first { b"" } else { b"]\n" })?;
    Ok(out.flush()?)
}

/// `text` as a JSON string: runs that need no escape are copied whole.
fn write_json_string(out: &mut impl Write, text: &[u8]) -> std::io::Result<()> {
    out.write_all(b"\"")?;
    let mut start = 0;
    for (i, &b) in text.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..0x20 => {
                out.write_all(&text[start..i])?;
                write!(out, "\\u{b:04x}")?;
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.write_all(&text[start..i])?;
        out.write_all(escape)?;
        start = i + 1;
    }
    out.write_all(&text[start..])?;
    out.write_all(b"\"")
}
