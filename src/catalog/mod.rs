//! Questionnaire files: parsing, validation and the catalogue of available questionnaires.
//!
//! Shipped questionnaires (in `questionnaires/`) are embedded in the binary. Files in the
//! user's `questionnaires/` config folder add to them, or replace a shipped one with the same
//! id. A broken file is reported with its path, line, column and the offending id; every
//! problem in a file is reported at once, and the other files stay usable.

mod locate;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::{Guidance, Principle, Question, Questionnaire, Stage, Trait};
use locate::Step::{self, Index, Key};
pub use locate::{line_column, locate};

/// The questionnaires shipped with chec, embedded at build time.
pub const SHIPPED: &[(&str, &str)] = &[
    ("questionnaires/chec-default.json", include_str!("../../questionnaires/chec-default.json")),
    ("questionnaires/kakao-lifecycle.json", include_str!("../../questionnaires/kakao-lifecycle.json")),
];

/// The questionnaire a new consultation uses unless told otherwise.
pub const DEFAULT_QUESTIONNAIRE: &str = "chec-default";

/// One problem in a questionnaire file, at a 1-based line and column (line 0: the file as a
/// whole, e.g. it cannot be read).
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    id: Option<String>,
    version: Option<String>,
    title: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    traits: Vec<RawNamed>,
    #[serde(default)]
    principles: Vec<RawNamed>,
    #[serde(default)]
    stages: Vec<RawNamed>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNamed {
    id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<String>,
    stage: Option<String>,
    #[serde(default)]
    principles: Vec<String>,
    prompt: Option<String>,
    #[serde(default)]
    guidance: RawGuidance,
    #[serde(default)]
    traits: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawGuidance {
    #[serde(default)]
    why: String,
    #[serde(default)]
    good_answer: String,
}

/// Collects diagnostics, turning JSON paths into positions.
struct Checker<'t> {
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, path: &[Step<'_>], message: String) {
        // Point at the value if it is there, else at the nearest enclosing value that is.
        let offset = (0..=path.len()).rev().find_map(|n| locate(self.text, &path[..n])).unwrap_or(0);
        let (line, column) = line_column(self.text, offset);
        // One line per problem, whatever the file put in the ids the message quotes.
        let message = crate::text::escape_controls(&message).into_owned();
        self.diagnostics.push(Diagnostic { line, column, message });
    }

    fn line_of(&self, path: &[Step<'_>]) -> usize {
        locate(self.text, path).map_or(1, |o| line_column(self.text, o).0)
    }

    /// A required, non-blank text field.
    fn required(&mut self, value: &Option<String>, path: &[Step<'_>], what: &str) -> String {
        match value.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => v.to_string(),
            Some(_) => {
                self.error(path, format!("{what} must not be empty"));
                String::new()
            }
            None => {
                self.error(path, format!("missing {what}"));
                String::new()
            }
        }
    }

    /// Traits, principles or stages: each with a unique id and a name.
    fn named(&mut self, list: &[RawNamed], field: &'static str, kind: &str) -> Vec<(String, String, String)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        for (i, raw) in list.iter().enumerate() {
            let id = self.required(&raw.id, &[Key(field), Index(i), Key("id")], &format!("{kind} id"));
            if !id.is_empty() && !is_valid_id(&id) {
                self.error(
                    &[Key(field), Index(i), Key("id")],
                    format!("{kind} id '{id}' may not contain spaces or control characters"),
                );
            }
            let label = if id.is_empty() { format!("{kind} #{}", i + 1) } else { format!("{kind} '{id}'") };
            let name = self.required(&raw.name, &[Key(field), Index(i), Key("name")], &format!("name of {label}"));
            if id.is_empty() {
                continue;
            }
            if let Some(&first) = seen.get(&id) {
                let first_line = self.line_of(&[Key(field), Index(first), Key("id")]);
                self.error(
                    &[Key(field), Index(i), Key("id")],
                    format!("duplicate {kind} id '{id}' (first defined on line {first_line})"),
                );
                continue;
            }
            seen.insert(id.clone(), i);
            out.push((id, name, raw.description.trim().to_string()));
        }
        out
    }
}

/// Ids of traits, principles, stages and questions are printed and typed on command lines:
/// no spaces, no control or formatting characters, at most 64 characters.
fn is_valid_id(id: &str) -> bool {
    id.chars().count() <= 64 && id.chars().all(|c| {
        !c.is_whitespace()
            && !c.is_control()
            && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

fn is_valid_questionnaire_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn list_ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> String {
    if items.is_empty() {
        return "none defined".into();
    }
    items.iter().map(id).collect::<Vec<_>>().join(", ")
}

/// Parse and validate one questionnaire file. `file` is the name used in messages.
pub fn parse(file: &str, text: &str) -> Result<Questionnaire, FileError> {
    let json_error = |inner: serde_json::Error, path: String| {
        let mut message = inner.to_string();
        // serde_json appends " at line L column C"; the position leads our line already.
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        let message = match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("invalid JSON: {message}")
            }
            _ if path.is_empty() || path == "." => message,
            _ => format!("{path}: {message}"),
        };
        FileError {
            file: file.to_string(),
            diagnostics: vec![Diagnostic {
                line: inner.line().max(1),
                column: inner.column().max(1),
                message: crate::text::escape_controls(&message).into_owned(),
            }],
        }
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let raw: RawFile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        json_error(e.into_inner(), path)
    })?;
    deserializer.end().map_err(|e| json_error(e, String::new()))?;

    let mut c = Checker { text, diagnostics: Vec::new() };
    let id = c.required(&raw.id, &[Key("id")], "questionnaire id");
    if !id.is_empty() && !is_valid_questionnaire_id(&id) {
        c.error(&[Key("id")], format!("questionnaire id '{id}' may use only a-z, 0-9, '-' and '_'"));
    }
    let version = c.required(&raw.version, &[Key("version")], "version");
    let title = c.required(&raw.title, &[Key("title")], "title");

    let traits = c.named(&raw.traits, "traits", "trait");
    let principles = c.named(&raw.principles, "principles", "principle");
    let stages = c.named(&raw.stages, "stages", "stage");
    if raw.principles.is_empty() {
        c.error(&[Key("principles")], "a questionnaire needs at least one principle".into());
    }
    if raw.stages.is_empty() {
        c.error(&[Key("stages")], "a questionnaire needs at least one stage".into());
    }
    if raw.questions.is_empty() {
        c.error(&[Key("questions")], "a questionnaire needs at least one question".into());
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut questions = Vec::new();
    for (i, q) in raw.questions.iter().enumerate() {
        let at = |field: &'static str| [Key("questions"), Index(i), Key(field)];
        let qid = c.required(&q.id, &at("id"), "question id");
        if !qid.is_empty() && !is_valid_id(&qid) {
            c.error(&at("id"), format!("question id '{qid}' may not contain spaces or control characters"));
        }
        let label = if qid.is_empty() { format!("question #{}", i + 1) } else { format!("question '{qid}'") };
        if !qid.is_empty() {
            if let Some(&first) = seen.get(&qid) {
                let first_line = c.line_of(&[Key("questions"), Index(first), Key("id")]);
                c.error(&at("id"), format!("duplicate question id '{qid}' (first defined on line {first_line})"));
            } else {
                seen.insert(qid.clone(), i);
            }
        }
        let stage = c.required(&q.stage, &at("stage"), &format!("stage of {label}"));
        if !stage.is_empty() && !stages.iter().any(|s| s.0 == stage) {
            let known = list_ids(&stages, |s| s.0.as_str());
            c.error(&at("stage"), format!("{label}: unknown stage '{stage}' (stages: {known})"));
        }
        if q.principles.is_empty() {
            c.error(&at("principles"), format!("{label} must name at least one principle"));
        }
        for (j, p) in q.principles.iter().enumerate() {
            if !principles.iter().any(|x| &x.0 == p) {
                let known = list_ids(&principles, |x| x.0.as_str());
                c.error(
                    &[Key("questions"), Index(i), Key("principles"), Index(j)],
                    format!("{label}: unknown principle '{p}' (principles: {known})"),
                );
            }
        }
        for (j, t) in q.traits.iter().enumerate() {
            if !traits.iter().any(|x| &x.0 == t) {
                let known = list_ids(&traits, |x| x.0.as_str());
                c.error(
                    &[Key("questions"), Index(i), Key("traits"), Index(j)],
                    format!("{label}: unknown trait '{t}' (traits: {known})"),
                );
            }
        }
        let prompt = c.required(&q.prompt, &at("prompt"), &format!("prompt of {label}"));
        questions.push(Question {
            id: qid,
            stage,
            principles: q.principles.clone(),
            prompt,
            guidance: Guidance {
                why: q.guidance.why.trim().to_string(),
                good_answer: q.guidance.good_answer.trim().to_string(),
            },
            traits: q.traits.clone(),
        });
    }

    if !c.diagnostics.is_empty() {
        c.diagnostics.sort_by_key(|d| (d.line, d.column));
        return Err(FileError { file: file.to_string(), diagnostics: c.diagnostics });
    }
    Ok(Questionnaire {
        id,
        version,
        title,
        description: raw.description.trim().to_string(),
        traits: traits.into_iter().map(|(id, name, description)| Trait { id, name, description }).collect(),
        principles: principles.into_iter().map(|(id, name, description)| Principle { id, name, description }).collect(),
        stages: stages.into_iter().map(|(id, name, description)| Stage { id, name, description }).collect(),
        questions,
    })
}

/// Read and parse a questionnaire file from disk.
pub fn parse_file(path: &Path) -> Result<Questionnaire, FileError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| FileError {
        file: file.clone(),
        diagnostics: vec![Diagnostic { line: 0, column: 0, message: format!("cannot read: {e}") }],
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let (line, column) = line_column(valid, offset);
        FileError {
            file: file.clone(),
            diagnostics: vec![Diagnostic { line, column, message: "not valid UTF-8".into() }],
        }
    })?;
    parse(&file, &text)
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
    /// exists), read in name order.
    pub fn load(user_dir: Option<&Path>) -> Catalog {
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
                    diagnostics: vec![Diagnostic { line: 0, column: 0, message: format!("cannot read folder: {e}") }],
                });
                return catalog;
            }
        };
        files.sort();
        for path in files {
            match parse_file(&path) {
                Ok(q) => catalog.add_user(q, path),
                Err(e) => catalog.errors.push(e),
            }
        }
        catalog
    }

    fn add_user(&mut self, questionnaire: Questionnaire, path: PathBuf) {
        let existing = self.entries.iter().position(|e| e.questionnaire.id == questionnaire.id);
        match existing {
            Some(i) if matches!(self.entries[i].origin, Origin::User(_)) => {
                let first = self.entries[i].origin.to_string();
                self.errors.push(FileError {
                    file: path.display().to_string(),
                    diagnostics: vec![Diagnostic {
                        line: 1,
                        column: 1,
                        message: format!("questionnaire id '{}' is already defined in {first}", questionnaire.id),
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

    /// The known ids, for error messages.
    pub fn ids(&self) -> String {
        list_ids(&self.entries, |e| e.questionnaire.id.as_str())
    }
}
