//! Questionnaire files: parsing, validation and the catalogue of available questionnaires.
//!
//! Shipped questionnaires (in `questionnaires/`) are embedded in the binary. Files in the
//! user's `questionnaires/` config folder add to them, or replace a shipped one with the same
//! id. A broken file is reported with its path, line, column and the offending id; every
//! problem in a file is reported at once, and the other files stay usable.

mod build;
mod cache;
pub mod json;
mod reader;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::domain::Questionnaire;
use crate::i18n::Lang;
use crate::tr;

/// The questionnaires shipped with chec, embedded at build time.
pub const SHIPPED: &[(&str, &str)] = &[
    ("questionnaires/chec-default.json", include_str!("../../questionnaires/chec-default.json")),
    ("questionnaires/kakao-lifecycle.json", include_str!("../../questionnaires/kakao-lifecycle.json")),
    ("questionnaires/ai-impact-screening.json", include_str!("../../questionnaires/ai-impact-screening.json")),
    ("questionnaires/kr-ai-ethics-standard.json", include_str!("../../questionnaires/kr-ai-ethics-standard.json")),
];

/// The questionnaire a new consultation uses unless told otherwise.
pub const DEFAULT_QUESTIONNAIRE: &str = "chec-default";

/// One problem in a questionnaire file, at a 1-based line and column (line 0: the file as a
/// whole, e.g. it cannot be read), said in the language the file was checked in (the
/// catalogue's `locales/*/catalog.ftl`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Everything wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for FileError {
    /// One `file:line:column: message` line per problem, as compilers print them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let message = &d.message;
            if d.line == 0 {
                write!(f, "{}: {message}", self.file)?;
            } else {
                write!(f, "{}:{}:{}: {message}", self.file, d.line, d.column)?;
            }
        }
        Ok(())
    }
}

/// What checking a file found: the questionnaire if it is valid, and the problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub questionnaire: Result<Questionnaire, FileError>,
    /// What is allowed but probably not meant (e.g. a missing translation).
    pub warnings: Vec<Diagnostic>,
}

/// Parse and validate one questionnaire file. `file` is the name used in messages.
pub fn parse(file: &str, text: &str) -> Result<Questionnaire, FileError> {
    check(file, text).questionnaire
}

/// Parse and validate one questionnaire file, with its warnings, said in English.
pub fn check(file: &str, text: &str) -> Checked {
    check_in(Lang::En, file, text)
}

/// Parse and validate one questionnaire file, with its warnings said in `lang`. A UTF-8
/// byte-order mark at the start is skipped (lines and columns count from after it, as
/// editors show them).
pub fn check_in(lang: Lang, file: &str, text: &str) -> Checked {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let positions = json::Positions::new(text);
    let fail = |diagnostics| Checked {
        questionnaire: Err(FileError { file: file.to_string(), diagnostics }),
        warnings: Vec::new(),
    };
    let root = match json::parse(lang, text) {
        Ok(root) => root,
        Err(e) => {
            // A file that ends too early is shown at its last character, as editors do.
            let at = match text.char_indices().next_back() {
                Some((last, _)) if e.at >= text.len() => last,
                _ => e.at,
            };
            let (line, column) = positions.columns(&[at])[0];
            let message = tr!(lang, "qf-invalid-json", error = e.message);
            let message = crate::text::escape_controls(&message).into_owned();
            return fail(vec![Diagnostic { line, column, message }]);
        }
    };
    let mut reader = reader::Reader::new(&positions, lang);
    let built = build::questionnaire(&mut reader, &root);
    let (errors, warnings) = reader.finish();
    match built {
        Some(q) if errors.is_empty() => Checked { questionnaire: Ok(q), warnings },
        _ => Checked { questionnaire: Err(FileError { file: file.to_string(), diagnostics: errors }), warnings },
    }
}

/// Read, parse and validate a questionnaire file from disk, with its warnings said in `lang`.
pub fn check_file(lang: Lang, path: &Path) -> Checked {
    let file = path.display().to_string();
    let bytes = match read(lang, path) {
        Ok(bytes) => bytes,
        Err(e) => return Checked { questionnaire: Err(e), warnings: Vec::new() },
    };
    match std::str::from_utf8(&bytes) {
        Ok(text) => check_in(lang, &file, text),
        Err(_) => Checked { questionnaire: parse_bytes(lang, &file, &bytes), warnings: Vec::new() },
    }
}

/// Read and parse a questionnaire file from disk (problems said in English).
pub fn parse_file(path: &Path) -> Result<Questionnaire, FileError> {
    parse_bytes(Lang::En, &path.display().to_string(), &read(Lang::En, path)?)
}

fn read(lang: Lang, path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(|e| FileError {
        file: path.display().to_string(),
        diagnostics: vec![Diagnostic {
            line: 0,
            column: 0,
            message: tr!(lang, "qf-cannot-read", error = e.to_string()),
        }],
    })
}

/// Parse a file's bytes: they must be UTF-8.
fn parse_bytes(lang: Lang, file: &str, bytes: &[u8]) -> Result<Questionnaire, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let valid = valid.strip_prefix('\u{FEFF}').unwrap_or(valid);
        let (line, column) = json::Positions::new(valid).columns(&[valid.len()])[0];
        FileError {
            file: file.to_string(),
            diagnostics: vec![Diagnostic { line, column, message: tr!(lang, "qf-not-utf8") }],
        }
    })?;
    check_in(lang, file, text).questionnaire
}

/// A user file for the catalogue: a file that failed before with the same content is not
/// checked again (see [`cache`]), and only its first problems are kept. Problems are said
/// in `lang` (and remembered in it).
fn load_user_file(lang: Lang, path: &Path, cache_file: Option<&Path>) -> Result<Questionnaire, FileError> {
    let bytes = read(lang, path)?;
    let file = path.display().to_string();
    let key = cache::key(lang, &bytes);
    if let Some(diagnostics) = cache::recall(key, cache_file) {
        return Err(FileError { file, diagnostics });
    }
    parse_bytes(lang, &file, &bytes).map_err(|e| {
        let diagnostics = cache::shortened(lang, &e.diagnostics);
        cache::remember(key, &diagnostics, cache_file);
        FileError { file, diagnostics }
    })
}

/// Where a questionnaire in the catalogue came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Shipped(&'static str),
    User(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Shipped(name) => write!(f, "shipped ({name})"),
            Origin::User(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub questionnaire: Questionnaire,
    pub origin: Origin,
    /// A user file that took the place of the shipped questionnaire with the same id.
    pub replaces_shipped: bool,
}

/// The questionnaires available to new consultations, and the files that failed to load.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
    errors: Vec<FileError>,
}

impl Catalog {
    /// The shipped questionnaires only.
    pub fn shipped() -> Catalog {
        let mut catalog = Catalog::default();
        for (name, text) in SHIPPED {
            match parse(name, text) {
                Ok(questionnaire) => catalog.entries.push(Entry {
                    questionnaire,
                    origin: Origin::Shipped(name),
                    replaces_shipped: false,
                }),
                Err(e) => catalog.errors.push(e),
            }
        }
        catalog
    }

    /// The shipped questionnaires overlaid with the `*.json` files in `user_dir` (if it
    /// exists), read in name order; problems are said in English. Files that failed to load
    /// are remembered for the process (see [`Catalog::load_cached`]).
    pub fn load(user_dir: Option<&Path>) -> Catalog {
        Catalog::load_cached(Lang::En, user_dir, None)
    }

    /// [`Catalog::load`], remembering files that failed to load in `cache_file` too, so that
    /// the next process does not check them again either. A failed file reports its first
    /// problems only; `chec questionnaire validate` reports them all. Problems are said in
    /// `lang`.
    pub fn load_cached(lang: Lang, user_dir: Option<&Path>, cache_file: Option<&Path>) -> Catalog {
        let mut catalog = Catalog::shipped();
        let Some(dir) = user_dir else { return catalog };
        let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return catalog,
            Err(e) => {
                catalog.errors.push(FileError {
                    file: dir.display().to_string(),
                    diagnostics: vec![Diagnostic {
                        line: 0,
                        column: 0,
                        message: tr!(lang, "qf-cannot-read-folder", error = e.to_string()),
                    }],
                });
                return catalog;
            }
        };
        files.sort();
        for path in files {
            match load_user_file(lang, &path, cache_file) {
                Ok(q) => catalog.add_user(lang, q, path),
                Err(e) => catalog.errors.push(e),
            }
        }
        catalog
    }

    fn add_user(&mut self, lang: Lang, questionnaire: Questionnaire, path: PathBuf) {
        let existing = self.entries.iter().position(|e| e.questionnaire.id == questionnaire.id);
        match existing {
            Some(i) if matches!(self.entries[i].origin, Origin::User(_)) => {
                let first = self.entries[i].origin.to_string();
                self.errors.push(FileError {
                    file: path.display().to_string(),
                    diagnostics: vec![Diagnostic {
                        line: 1,
                        column: 1,
                        message: tr!(lang, "qf-already-defined", id = &questionnaire.id, first = first),
                    }],
                });
            }
            Some(i) => {
                self.entries[i] = Entry { questionnaire, origin: Origin::User(path), replaces_shipped: true };
            }
            None => self.entries.push(Entry { questionnaire, origin: Origin::User(path), replaces_shipped: false }),
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn errors(&self) -> &[FileError] {
        &self.errors
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.questionnaire.id == id)
    }

    /// Every stage's name in `lang` (where the questionnaire has it, else in its first
    /// language), by questionnaire id and stage id: for lists that show where a consultation
    /// stands, whose stored stage name is in the questionnaire's first language.
    pub fn stage_names(&self, lang: crate::i18n::Lang) -> std::collections::HashMap<(String, String), String> {
        let mut names = std::collections::HashMap::new();
        for e in &self.entries {
            for s in &e.questionnaire.stages {
                names.insert((e.questionnaire.id.clone(), s.id.clone()), s.name.shown(lang.code()).into_owned());
            }
        }
        names
    }

    /// The known ids, for error messages.
    pub fn ids(&self) -> String {
        if self.entries.is_empty() {
            return "none defined".into();
        }
        self.entries.iter().map(|e| e.questionnaire.id.as_str()).collect::<Vec<_>>().join(", ")
    }
}
