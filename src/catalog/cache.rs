//! Remembering which questionnaire files failed to load, by the hash of their content.
//!
//! A broken file in the config folder is checked again at every start of `chec`; a large
//! one with thousands of problems must not hold up each start. Its outcome is kept, keyed
//! by a 128-bit hash of its bytes (and of this chec's version, whose rules decided it), in
//! memory for the process and in a small file in the cache folder for the next ones. Only
//! failures are kept, each with its first [`KEPT`] problems: a valid file has to be read
//! anyway, and the full list is what `chec questionnaire validate` is for. The cache is a
//! convenience: when it cannot be read or written, files are simply checked again.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::Diagnostic;
use crate::i18n::Lang;
use crate::tr;

/// Problems kept per failed file, in memory and on disk.
pub const KEPT: usize = 20;

/// Failed files remembered on disk; the oldest go first.
const ENTRIES: usize = 32;

static MEMORY: Mutex<Option<HashMap<u128, Vec<Diagnostic>>>> = Mutex::new(None);

/// The key of a file's content, checked with problems said in `lang`.
pub fn key(lang: Lang, bytes: &[u8]) -> u128 {
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0x6368_6563_2d71_7565, 0x7374_696f_6e6e_6169);
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write_u8(0);
    h.write(lang.code().as_bytes());
    h.write_u8(0);
    h.write(bytes);
    siphasher::sip128::Hasher128::finish128(&h).as_u128()
}

#[derive(Serialize, Deserialize, Default)]
struct Stored {
    /// The chec that wrote it; another version's entries are ignored.
    chec: String,
    failures: Vec<StoredFailure>,
}

#[derive(Serialize, Deserialize)]
struct StoredFailure {
    key: String,
    problems: Vec<(usize, usize, String)>,
}

fn read_stored(file: &Path) -> Stored {
    let stored: Stored =
        std::fs::read(file).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default();
    if stored.chec == env!("CARGO_PKG_VERSION") { stored } else { Stored::default() }
}

/// The remembered problems of content `key`, if it failed before.
pub fn recall(key: u128, file: Option<&Path>) -> Option<Vec<Diagnostic>> {
    let mut memory = MEMORY.lock().ok()?;
    let memory = memory.get_or_insert_with(HashMap::new);
    if let Some(found) = memory.get(&key) {
        return Some(found.clone());
    }
    let wanted = format!("{key:032x}");
    let stored = read_stored(file?);
    let found = stored.failures.into_iter().find(|f| f.key == wanted)?;
    let problems: Vec<Diagnostic> =
        found.problems.into_iter().map(|(line, column, message)| Diagnostic { line, column, message }).collect();
    memory.insert(key, problems.clone());
    Some(problems)
}

/// Remember that content `key` failed with these problems (the first [`KEPT`] and a line
/// saying how many more there were).
pub fn remember(key: u128, problems: &[Diagnostic], file: Option<&Path>) {
    if let Ok(mut memory) = MEMORY.lock() {
        memory.get_or_insert_with(HashMap::new).insert(key, problems.to_vec());
    }
    let Some(file) = file else { return };
    let mut stored = read_stored(file);
    stored.chec = env!("CARGO_PKG_VERSION").to_string();
    let wanted = format!("{key:032x}");
    stored.failures.retain(|f| f.key != wanted);
    stored.failures.push(StoredFailure {
        key: wanted,
        problems: problems.iter().map(|d| (d.line, d.column, d.message.clone())).collect(),
    });
    let excess = stored.failures.len().saturating_sub(ENTRIES);
    stored.failures.drain(..excess);
    let _ = write(file, &stored);
}

/// Written to a temporary file in the same folder and renamed over the old one, so that two
/// chec processes never read half a file.
fn write(file: &Path, stored: &Stored) -> std::io::Result<()> {
    let dir = file.parent().ok_or(std::io::ErrorKind::NotFound)?;
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(&serde_json::to_vec(stored)?)?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// The problems to keep of a failed file: the first [`KEPT`], and a last line saying how
/// many more there are and where to see them all.
pub fn shortened(lang: Lang, problems: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut kept: Vec<Diagnostic> = problems.iter().take(KEPT).cloned().collect();
    if problems.len() > KEPT {
        let more = problems.len() - KEPT;
        kept.push(Diagnostic { line: 0, column: 0, message: tr!(lang, "qf-more-problems", n = more) });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(n: usize) -> Diagnostic {
        Diagnostic { line: n, column: 1, message: format!("problem {n}") }
    }

    #[test]
    fn failures_are_recalled_from_memory_and_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache").join("questionnaire-checks.json");
        let k = key(Lang::En, b"{ broken");
        assert_ne!(k, key(Lang::En, b"{ broken "));
        assert_ne!(k, key(Lang::Ko, b"{ broken"), "problems are remembered in the language they were said in");
        assert_eq!(recall(k, Some(&file)), None);
        remember(k, &[problem(1)], Some(&file));
        assert_eq!(recall(k, Some(&file)), Some(vec![problem(1)]));
        // Another process: only the file.
        MEMORY.lock().unwrap().as_mut().unwrap().remove(&k);
        assert_eq!(recall(k, Some(&file)), Some(vec![problem(1)]));
        // A broken cache file is no cache.
        std::fs::write(&file, "{").unwrap();
        MEMORY.lock().unwrap().as_mut().unwrap().remove(&k);
        assert_eq!(recall(k, Some(&file)), None);
    }

    #[test]
    fn only_the_first_problems_are_kept_with_a_count_of_the_rest() {
        let all: Vec<Diagnostic> = (1..=25).map(problem).collect();
        let kept = shortened(Lang::En, &all);
        assert_eq!(kept.len(), KEPT + 1);
        assert_eq!(kept[KEPT].line, 0);
        assert!(kept[KEPT].message.starts_with("and 5 more problems"), "{}", kept[KEPT].message);
        assert_eq!(shortened(Lang::En, &all[..3]), all[..3].to_vec());
    }
}
