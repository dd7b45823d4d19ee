//! Reading a parsed JSON tree with typed accessors that record every problem and go on.
//!
//! Each problem is kept as a byte offset and a message; positions are worked out once at
//! the end. The path to the value being read (`questions[3].guidance`) is kept as a stack
//! and written out only when a problem is reported, so reading costs the same whether a
//! file has no problem or ten thousand.

use std::fmt::Write as _;

use super::json::{Kind, Member, Positions, Value, short};
use crate::i18n::Lang;
use crate::tr;

/// One step of the path to a value.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'v> {
    Key(&'v str),
    Index(usize),
}

pub struct Reader<'v> {
    pub errors: Vec<(usize, String)>,
    pub warnings: Vec<(usize, String)>,
    path: Vec<Seg<'v>>,
    positions: &'v Positions<'v>,
    /// The questionnaire's declared languages, once read, for its texts.
    pub languages: Vec<String>,
    /// The language problems are said in.
    pub lang: Lang,
}

/// An object's members, read against the fields it may have.
pub struct Fields<'v> {
    pub at: usize,
    found: Vec<(&'static str, &'v Member)>,
}

impl<'v> Fields<'v> {
    pub fn get(&self, name: &str) -> Option<&'v Value> {
        self.found.iter().find(|(n, _)| *n == name).map(|(_, m)| &m.value)
    }
}

impl<'v> Reader<'v> {
    pub fn new(positions: &'v Positions<'v>, lang: Lang) -> Reader<'v> {
        Reader { errors: Vec::new(), warnings: Vec::new(), path: Vec::new(), positions, languages: Vec::new(), lang }
    }

    /// The 1-based line of a byte offset, for "first defined on line N".
    pub fn line(&self, at: usize) -> usize {
        self.positions.line(at)
    }

    pub fn error(&mut self, at: usize, message: impl Into<String>) {
        self.errors.push((at, message.into()));
    }

    pub fn warn(&mut self, at: usize, message: impl Into<String>) {
        self.warnings.push((at, message.into()));
    }

    /// The path to the value being read, e.g. `questions[3].guidance`.
    pub fn here(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }

    /// `message` with the path in front (`questions[3].guidance: message`).
    fn located(&self, message: &str) -> String {
        let here = self.here();
        if here.is_empty() { message.to_string() } else { format!("{here}: {message}") }
    }

    /// Read inside `seg` of the current value.
    pub fn within<R>(&mut self, seg: Seg<'v>, read: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(seg);
        let out = read(self);
        self.path.pop();
        out
    }

    /// "expected X, found Y", X being the catalogue's `qf-want-…` message `expected`.
    fn wrong_type(&mut self, value: &Value, expected: &str) {
        let (lang, found) = (self.lang, value.kind.describe(self.lang));
        let message = self.located(&tr!(lang, "qf-expected", expected = tr!(lang, expected), found = found));
        self.error(value.at, message);
    }

    /// An object with only the `allowed` fields (each at most once). Unknown and repeated
    /// fields are reported; the rest is read.
    pub fn object(&mut self, value: &'v Value, allowed: &[&'static str]) -> Option<Fields<'v>> {
        let Kind::Object(members) = &value.kind else {
            self.wrong_type(value, "qf-want-object");
            return None;
        };
        let mut found: Vec<(&'static str, &'v Member)> = Vec::new();
        for member in members {
            match allowed.iter().find(|a| **a == member.key) {
                Some(name) => match found.iter().find(|(n, _)| n == name) {
                    Some((_, first)) => {
                        let first_line = self.line(first.key_at);
                        let message = self.within(Seg::Key(&member.key), |r| {
                            r.located(&tr!(r.lang, "qf-field-twice", name = *name, line = first_line))
                        });
                        self.error(member.key_at, message);
                    }
                    None => found.push((name, member)),
                },
                None => {
                    let message = self.within(Seg::Key(&member.key), |r| {
                        let (name, allowed) = (short(&member.key), allowed.join(", "));
                        r.located(&tr!(r.lang, "qf-unknown-field", name = name, allowed = allowed))
                    });
                    self.error(member.key_at, message);
                }
            }
        }
        Some(Fields { at: value.at, found })
    }

    pub fn string(&mut self, value: &'v Value) -> Option<&'v str> {
        match &value.kind {
            Kind::String(s) => Some(s),
            _ => {
                self.wrong_type(value, "qf-want-string");
                None
            }
        }
    }

    pub fn list(&mut self, value: &'v Value) -> Option<&'v [Value]> {
        match &value.kind {
            Kind::Array(values) => Some(values),
            _ => {
                self.wrong_type(value, "qf-want-list");
                None
            }
        }
    }

    pub fn boolean(&mut self, value: &'v Value) -> Option<bool> {
        match value.kind {
            Kind::Bool(b) => Some(b),
            _ => {
                self.wrong_type(value, "qf-want-bool");
                None
            }
        }
    }

    /// A whole number that fits in 32 bits (points, thresholds, scale bounds).
    pub fn integer(&mut self, value: &'v Value) -> Option<i64> {
        match &value.kind {
            Kind::Number(n) => match n.parse::<i32>() {
                Ok(i) => Some(i64::from(i)),
                Err(_) => {
                    self.wrong_type(value, "qf-want-integer");
                    None
                }
            },
            _ => {
                self.wrong_type(value, "qf-want-integer");
                None
            }
        }
    }

    /// Field `name` of `fields`, read with `read` inside it; `None` when it is missing.
    pub fn field<R>(
        &mut self,
        fields: &Fields<'v>,
        name: &'static str,
        read: impl FnOnce(&mut Self, &'v Value) -> Option<R>,
    ) -> Option<R> {
        let value = fields.get(name)?;
        self.within(Seg::Key(name), |r| read(r, value))
    }

    /// A list of strings (ids); elements of another type are reported and skipped. Each
    /// comes with its offset.
    pub fn strings(&mut self, value: &'v Value) -> Vec<(&'v str, usize)> {
        let Some(values) = self.list(value) else { return Vec::new() };
        let mut out = Vec::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            if let Some(s) = self.within(Seg::Index(i), |r| r.string(v)) {
                out.push((s, v.at));
            }
        }
        out
    }

    /// The problems with positions: errors and warnings, each sorted by position.
    pub fn finish(self) -> (Vec<super::Diagnostic>, Vec<super::Diagnostic>) {
        let positions = self.positions;
        let convert = |list: Vec<(usize, String)>| {
            let offsets: Vec<usize> = list.iter().map(|(at, _)| *at).collect();
            let places = positions.columns(&offsets);
            let mut out: Vec<super::Diagnostic> = list
                .into_iter()
                .zip(places)
                .map(|((_, message), (line, column))| super::Diagnostic {
                    line,
                    column,
                    // One line per problem, whatever the file put in the text quoted.
                    message: crate::text::escape_controls(&message).into_owned(),
                })
                .collect();
            out.sort_by_key(|d| (d.line, d.column));
            out
        };
        (convert(self.errors), convert(self.warnings))
    }
}
