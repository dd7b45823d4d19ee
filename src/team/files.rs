//! The files of a team's repository:
//! `events/<consultation key>/<author>-<device>@<yyyy-mm>.jsonl` (the month it was written
//! in), one event a line, each file written by one device only (so git never has two versions of a line to merge), and
//! `team.json` (who may do what). Files of repositories written before files were rolled by
//! month, `events/<consultation key>/<author>-<device>.jsonl`, are read alike.
//!
//! Files are only ever appended to, so each is read from where it was last read: an
//! everyday sync reads the new lines and nothing else. A file shorter than what was read
//! (its history rewritten) is read again from the start; what was already imported is
//! skipped by event id.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::event::{file_of, file_safe, writer_of_file};
use crate::domain::{Event, Team};
use crate::storage::{FileMark, Import, Incoming, Problem, ReadLater, ReadPart, Result as StoreResult, StoreError};

/// The folder of the events, under a repository's root.
pub const EVENTS: &str = "events";
/// The members and roles, at a repository's root.
pub const TEAM_FILE: &str = "team.json";

/// Every `.jsonl` file under `events/`, as paths relative to `root` with `/`, sorted:
/// `events/<key>/<author>-<device>@<yyyy-mm>.jsonl` (chec writes these) and
/// `events/<key>/<author>-<device>.jsonl` (repositories written before files rolled by month).
pub fn event_files(root: &Path) -> io::Result<Vec<String>> {
    Ok(event_files_with_sizes(root)?.into_iter().map(|(path, _)| path).collect())
}

/// [`event_files`], each with its length in bytes.
fn event_files_with_sizes(root: &Path) -> io::Result<Vec<(String, u64)>> {
    let mut files = Vec::new();
    let events = root.join(EVENTS);
    if !events.is_dir() {
        return Ok(files);
    }
    for folder in std::fs::read_dir(&events)? {
        let folder = folder?;
        if !folder.file_type()?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(folder.path())? {
            let file = file?;
            let name = file.file_name().to_string_lossy().into_owned();
            if file.file_type()?.is_file() && name.ends_with(".jsonl") {
                let path = format!("{EVENTS}/{}/{name}", folder.file_name().to_string_lossy());
                files.push((path, file.metadata()?.len()));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Read what is new in the repository at `root` since `marks`: events, lines that are not
/// events, how far each file was read, and `team.json`. `known_roles` is kept when
/// `team.json` cannot be read (and that is reported).
pub fn read_new(root: &Path, marks: &HashMap<String, FileMark>, known_roles: Option<&str>) -> io::Result<Import> {
    let mut to_read: Vec<(String, FileMark)> = Vec::new();
    for (path, len) in event_files_with_sizes(root)? {
        let mark = marks.get(&path).copied().unwrap_or_default();
        // Read to its end already (an everyday sync meets mostly these): not opened.
        if len != mark.bytes {
            to_read.push((path, mark));
        }
    }
    read_listed(root, &to_read, known_roles)
}

/// [`read_new`] of `paths` only (what git says changed since the last import): those of them
/// that are event files and still there.
pub fn read_these(
    root: &Path,
    paths: &[String],
    marks: &HashMap<String, FileMark>,
    known_roles: Option<&str>,
) -> io::Result<Import> {
    let mut to_read: Vec<(String, FileMark)> = Vec::new();
    for path in paths {
        let mut parts = path.split('/');
        let event_file = parts.next() == Some(EVENTS)
            && parts.next().is_some_and(|key| !key.is_empty())
            && parts.next().is_some_and(|name| name.ends_with(".jsonl"))
            && parts.next().is_none();
        let Ok(meta) = std::fs::metadata(root.join(path)) else { continue };
        let mark = marks.get(path).copied().unwrap_or_default();
        if event_file && meta.is_file() && meta.len() != mark.bytes {
            to_read.push((path.clone(), mark));
        }
    }
    to_read.sort_by(|a, b| a.0.cmp(&b.0));
    read_listed(root, &to_read, known_roles)
}

/// Read `to_read` (each from its mark) and `team.json`. Many files are read by the import
/// itself, as it stores and applies their events (see [`Unread`]).
fn read_listed(root: &Path, to_read: &[(String, FileMark)], known_roles: Option<&str>) -> io::Result<Import> {
    let mut import = Import::default();
    if to_read.len() < MANY {
        let part = read_part(to_read, read_files(root, to_read)?);
        (import.events, import.problems, import.files) = (part.events, part.problems, part.files);
    } else {
        import.later = Some(Box::new(Unread { root: root.to_path_buf(), files: to_read.to_vec() }));
    }
    let (roles, problem) = read_roles(root, known_roles);
    import.roles = roles;
    import.problems.extend(problem);
    Ok(import)
}

/// From how many files on an import reads them as it stores their events.
const MANY: usize = 64;
/// How many files a part of them holds, read while the import stores the part before.
const FILES_A_PART: usize = 32;

/// Files to read (each from its mark) for an import, which reads them part by part as it
/// stores and applies their events: threads read and parse the next parts while the import
/// stores and applies one, and memory holds a few parts rather than the whole repository.
#[derive(Debug)]
struct Unread {
    root: PathBuf,
    files: Vec<(String, FileMark)>,
}

impl ReadLater for Unread {
    fn read(&self, each: &mut dyn FnMut(ReadPart) -> StoreResult<()>) -> StoreResult<()> {
        // Reading and parsing cost more than storing: a reader on each processor, reader k
        // taking parts k, k + n, k + 2n…, each part handed on in the files' order.
        let readers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let parts: Vec<&[(String, FileMark)]> = self.files.chunks(FILES_A_PART).collect();
        std::thread::scope(|scope| {
            let mut receivers = Vec::new();
            for reader in 0..readers {
                let (send, receive) = std::sync::mpsc::sync_channel::<StoreResult<ReadPart>>(2);
                receivers.push(receive);
                let parts = &parts;
                scope.spawn(move || {
                    for files in parts.iter().skip(reader).step_by(readers) {
                        let part = self.read_part(files);
                        let failed = part.is_err();
                        // (The import stopped: nothing more to read.)
                        if send.send(part).is_err() || failed {
                            break;
                        }
                    }
                });
            }
            // (Leaving early drops the receivers: each reader stops at its next part.)
            for n in 0..parts.len() {
                match receivers[n % readers].recv() {
                    Ok(part) => each(part?)?,
                    // (A reader stops only after handing on its error, received before this.)
                    Err(_) => break,
                }
            }
            Ok(())
        })
    }

    fn read_all(&self) -> StoreResult<ReadPart> {
        let read = read_files(&self.root, &self.files)
            .map_err(|source| StoreError::ReadFile { path: self.root.clone(), source })?;
        Ok(read_part(&self.files, read))
    }
}

impl Unread {
    /// The files `files` read, as one part.
    fn read_part(&self, files: &[(String, FileMark)]) -> StoreResult<ReadPart> {
        let read = files.iter().map(|(path, mark)| {
            read_file(&self.root, path, *mark)
                .map_err(|source| StoreError::ReadFile { path: self.root.join(path), source })
        });
        Ok(read_part(files, read.collect::<StoreResult<Vec<_>>>()?))
    }
}

/// What reading `files` found, as one part: the files' events and problems in their order,
/// and how far each was read (those read further than their mark).
fn read_part(files: &[(String, FileMark)], read: Vec<FileRead>) -> ReadPart {
    let mut part = ReadPart::default();
    for ((path, mark), (events, problems, read)) in files.iter().zip(read) {
        part.events.extend(events);
        part.problems.extend(problems);
        if read != *mark {
            part.files.push((path.clone(), read));
        }
    }
    part
}

type FileRead = (Vec<Incoming>, Vec<Problem>, FileMark);

/// [`read_file`] of each of `files`, in their order; a first import (many files) reads and
/// parses them on every processor.
fn read_files(root: &Path, files: &[(String, FileMark)]) -> io::Result<Vec<FileRead>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || files.len() < 16 {
        return files.iter().map(|(path, mark)| read_file(root, path, *mark)).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter().map(|(path, mark)| read_file(root, path, *mark)).collect::<io::Result<Vec<_>>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(files.len());
        for part in parts {
            all.extend(part.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
        }
        Ok(all)
    })
}

/// `team.json`, checked: its text if it reads, else the roles known before and the problem.
pub fn read_roles(root: &Path, known: Option<&str>) -> (Option<String>, Option<Problem>) {
    match std::fs::read_to_string(root.join(TEAM_FILE)) {
        Ok(text) => match Team::parse(&text) {
            Ok(_) => (Some(text), None),
            Err(e) => (
                known.map(str::to_string),
                Some(Problem {
                    place: TEAM_FILE.into(),
                    message: format!("{e}; the roles it held before stay in force"),
                }),
            ),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => (None, None),
        Err(e) => {
            (known.map(str::to_string), Some(Problem { place: TEAM_FILE.into(), message: format!("cannot read: {e}") }))
        }
    }
}

/// The lines of one file after `mark`.
fn read_file(root: &Path, path: &str, mark: FileMark) -> io::Result<(Vec<Incoming>, Vec<Problem>, FileMark)> {
    let mut file = std::fs::File::open(root.join(path))?;
    let len = file.metadata()?.len();
    // Shorter than what was read: rewritten. Read it all again.
    let mark = if len < mark.bytes { FileMark::default() } else { mark };
    file.seek(SeekFrom::Start(mark.bytes))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let expected = writer_of_file(path);
    let (mut events, mut problems) = (Vec::new(), Vec::new());
    let mut read = mark;
    let mut rest: &[u8] = &bytes;
    while !rest.is_empty() {
        let (line, complete) = match rest.iter().position(|b| *b == b'\n') {
            Some(end) => (&rest[..end], true),
            None => (rest, false),
        };
        let number = read.lines + 1;
        let place = format!("{path}:{number}");
        if !complete {
            // Not read past: the rest of the line may come with the next commit.
            if !line.iter().all(u8::is_ascii_whitespace) {
                problems.push(Problem { place, message: crate::domain::event::BadLine::Truncated.to_string() });
            }
            break;
        }
        rest = &rest[line.len() + 1..];
        read.bytes += line.len() as u64 + 1;
        read.lines += 1;
        let Ok(text) = std::str::from_utf8(line) else {
            problems.push(Problem { place, message: "not UTF-8 text".into() });
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match Event::parse_line(text.trim_end_matches('\r'), true) {
            Err(e) => problems.push(Problem { place, message: e.to_string() }),
            Ok(event) => match &expected {
                Some(writer) if *writer != format!("{}-{}", file_safe(&event.author), file_safe(&event.device)) => {
                    problems.push(Problem {
                        place,
                        message: format!(
                            "written under another's name: the event is by {} on device {}, the file is another's",
                            event.author, event.device
                        ),
                    });
                }
                _ => events.push(Incoming::new(event, place)),
            },
        }
    }
    Ok((events, problems, read))
}

/// What [`append`] added to one file: its length before, and the bytes and lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub before: u64,
    pub bytes: u64,
    pub lines: u64,
}

/// Append this device's events to their files under `root`, the files of the month
/// `written` (see [`file_of`]). Returns the files written, relative to `root`, with what
/// was added to each.
pub fn append(root: &Path, events: &[Event], written: DateTime<Utc>) -> io::Result<Vec<(String, Appended)>> {
    let mut by_file: Vec<(String, Vec<&Event>)> = Vec::new();
    for e in events {
        let path = file_of(&e.key, &e.author, &e.device, written);
        match by_file.iter_mut().find(|(p, _)| *p == path) {
            Some((_, list)) => list.push(e),
            None => by_file.push((path, vec![e])),
        }
    }
    let mut written = Vec::new();
    for (path, list) in by_file {
        let full: PathBuf = root.join(&path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&full)?;
        // A file cut short (by hand) would glue this line onto half of another.
        let len = file.metadata()?.len();
        let mut text = String::new();
        if len > 0 && !ends_with_newline(&full)? {
            text.push('\n');
        }
        for e in list {
            text.push_str(&e.to_line());
            text.push('\n');
        }
        // Not synced to disk (one fsync per file was most of an everyday sync's wait): these
        // lines are a copy of the database's outbox, which keeps the events as not sent until
        // git has committed them; a sync that did not finish throws uncommitted lines away
        // (`git reset --hard`) and writes them again from the database.
        file.write_all(text.as_bytes())?;
        let lines = text.bytes().filter(|b| *b == b'\n').count() as u64;
        written.push((path, Appended { before: len, bytes: text.len() as u64, lines }));
    }
    Ok(written)
}

/// How far this device's own `appended` files are read once the lines just appended to
/// them are, without reading them: each file that `marks` says was read to its end before
/// the append (and that still ends where the append left it). Those lines are this device's
/// events, in the database already: reading them back found nothing new. A file read only
/// in part (a line cut short before the append, an import that did not finish) is not here,
/// and is read as usual.
pub fn read_to_end_of_own(
    root: &Path,
    appended: &HashMap<String, Appended>,
    marks: &HashMap<String, FileMark>,
) -> Vec<(String, FileMark)> {
    let mut read = Vec::new();
    for (path, added) in appended {
        // (A file this append made has no mark: nothing of it was read.)
        let Some(mark) = marks.get(path).copied().or((added.before == 0).then(FileMark::default)) else { continue };
        let end = added.before + added.bytes;
        if mark.bytes == added.before && std::fs::metadata(root.join(path)).is_ok_and(|m| m.is_file() && m.len() == end)
        {
            read.push((path.clone(), FileMark { bytes: end, lines: mark.lines + added.lines }));
        }
    }
    read.sort_by(|a, b| a.0.cmp(&b.0));
    read
}

fn ends_with_newline(path: &Path) -> io::Result<bool> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// The ids of the events in `device`'s files under `root` (what this device already
/// committed, whatever the database remembers).
pub fn ids_of_device(root: &Path, device: &str) -> io::Result<HashSet<String>> {
    let mut ids = HashSet::new();
    for path in event_files(root)? {
        if !of_device(&path, device) {
            continue;
        }
        let text = std::fs::read(root.join(&path))?;
        for line in text.split(|b| *b == b'\n') {
            if let Some(id) = line_id(line) {
                ids.insert(id);
            }
        }
    }
    Ok(ids)
}

/// Whether the file at `path` is one of `device`'s (in either layout).
pub fn of_device(path: &str, device: &str) -> bool {
    writer_of_file(path).is_some_and(|writer| writer.ends_with(&format!("-{}", file_safe(device))))
}

/// The id of an event line, read without parsing it: chec writes `{"id":"…",` first.
fn line_id(line: &[u8]) -> Option<String> {
    let rest = line.strip_prefix(br#"{"id":""#)?;
    let end = rest.iter().position(|b| *b == b'"')?;
    String::from_utf8(rest[..end].to_vec()).ok()
}

/// How many lines the files of `device` hold in all (to count what waits to be pushed).
pub fn lines_of_device(root: &Path, device: &str) -> io::Result<usize> {
    let mut lines = 0;
    for path in event_files(root)? {
        if of_device(&path, device) {
            lines += std::fs::read(root.join(&path))?.iter().filter(|b| **b == b'\n').count();
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_from_the_start_of_a_line() {
        assert_eq!(line_id(br#"{"id":"abc","lamport":1}"#).as_deref(), Some("abc"));
        assert_eq!(line_id(br#"{"lamport":1,"id":"abc"}"#), None);
    }

    #[test]
    fn a_devices_files_are_known_in_either_layout() {
        assert!(of_device("events/CARE/kim-a1b2@2026-11.jsonl", "a1b2"));
        assert!(of_device("events/CARE/kim-a1b2.jsonl", "a1b2"));
        assert!(!of_device("events/CARE/kim-a1b2@2026-11.jsonl", "b2"));
    }
}
