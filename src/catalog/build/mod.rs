//! From a parsed JSON tree to a validated [`Questionnaire`], every problem recorded.

mod logic;
mod questions;

use std::collections::HashMap;

use super::json::{Kind, Value, short};
use super::reader::{Fields, Reader, Seg};
use crate::domain::questionnaire::{DEFAULT_LANGUAGE, FORMAT};
use crate::domain::{Principle, Questionnaire, Section, Stage, Text, Trait};
use crate::i18n::Lang;
use crate::tr;

/// The longest id, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// Why an id of `kind` (a `qf-kind-…` message) cannot be used, if it cannot, in `lang`:
/// ids are printed and typed on command lines.
pub(super) fn id_problem(lang: Lang, kind: &str, id: &str) -> Option<String> {
    let length = id.chars().count();
    if length > MAX_ID_CHARS {
        let (kind, id) = (tr!(lang, kind), short(id));
        return Some(tr!(lang, "qf-id-too-long", kind = kind, id = id, length = length, max = MAX_ID_CHARS));
    }
    let bad = id.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    });
    bad.then(|| tr!(lang, "qf-id-bad-chars", kind = tr!(lang, kind), id = short(id)))
}

fn is_valid_questionnaire_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Known ids for "unknown X (Xs: a, b, c)" messages, written once per kind: at most twelve,
/// so that a message stays short however many a file declares.
pub(super) fn known_list(lang: Lang, ids: &[String]) -> String {
    if ids.is_empty() {
        return tr!(lang, "qf-none-defined");
    }
    let mut out = ids.iter().take(12).map(String::as_str).collect::<Vec<_>>().join(", ");
    if ids.len() > 12 {
        out.push_str(&tr!(lang, "qf-in-all", n = ids.len()));
    }
    out
}

/// What a message names: "question 'q1'", or "question #3" (the `nth`, counted from 0) when
/// it has no usable id. Said only when a problem is reported: reading a valid file builds
/// no message. `kind` is a `qf-kind-…` message.
#[derive(Clone, Copy)]
pub(super) struct Label<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    pub nth: Option<usize>,
}

impl Label<'_> {
    pub fn said(self, lang: Lang) -> String {
        let kind = tr!(lang, self.kind);
        match self.nth {
            Some(i) if self.id.is_empty() => tr!(lang, "qf-label-nth", kind = kind, n = i + 1),
            _ => tr!(lang, "qf-label", kind = kind, id = self.id),
        }
    }
}

/// What a required field holds, for "missing …" and "… must not be empty"; said only then.
#[derive(Clone, Copy)]
pub(super) enum What<'a> {
    /// A message of its own (`qf-what-version`).
    Word(&'static str),
    /// The id of a kind of thing (a `qf-kind-…` message).
    Id(&'static str),
    /// A message naming what it belongs to (`qf-what-name-of`).
    Of(&'static str, Label<'a>),
    /// The label of a choice (first) of a question.
    ChoiceOf(Label<'a>, Label<'a>),
}

impl What<'_> {
    fn said(self, lang: Lang) -> String {
        match self {
            What::Word(id) => tr!(lang, id),
            What::Id(kind) => tr!(lang, "qf-what-id", kind = tr!(lang, kind)),
            What::Of(id, label) => tr!(lang, id, label = label.said(lang)),
            What::ChoiceOf(choice, of) => {
                tr!(lang, "qf-what-label-of", choice = choice.said(lang), label = of.said(lang))
            }
        }
    }
}

/// Declared ids of one kind, for checking references.
pub(super) struct Declared {
    index: HashMap<String, usize>,
    known: String,
}

impl Declared {
    fn new(lang: Lang, ids: Vec<String>) -> Declared {
        let index = ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        let known = known_list(lang, &ids);
        Declared { index, known }
    }

    fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }
}

/// A required, non-blank string field of `fields`: "missing what" when absent.
pub(super) fn required_string<'v>(r: &mut Reader<'v>, fields: &Fields<'v>, name: &'static str, what: What) -> String {
    match fields.get(name) {
        None => {
            r.error(fields.at, tr!(r.lang, "qf-missing", what = what.said(r.lang)));
            String::new()
        }
        Some(value) => match r.within(Seg::Key(name), |r| r.string(value)) {
            Some(s) if s.trim().is_empty() => {
                r.error(value.at, tr!(r.lang, "qf-empty", what = what.said(r.lang)));
                String::new()
            }
            Some(s) => s.trim().to_string(),
            None => String::new(),
        },
    }
}

/// A required text (in one language or several) that is not blank in all of them.
pub(super) fn required_text<'v>(r: &mut Reader<'v>, fields: &Fields<'v>, name: &'static str, what: What) -> Text {
    match fields.get(name) {
        None => {
            r.error(fields.at, tr!(r.lang, "qf-missing", what = what.said(r.lang)));
            Text::default()
        }
        Some(value) => match r.within(Seg::Key(name), |r| text_value(r, value)) {
            Some(t) if t.is_empty() => {
                r.error(value.at, tr!(r.lang, "qf-empty", what = what.said(r.lang)));
                t
            }
            Some(t) => t,
            None => Text::default(),
        },
    }
}

/// An optional text field; empty when absent.
pub(super) fn optional_text<'v>(r: &mut Reader<'v>, fields: &Fields<'v>, name: &'static str) -> Text {
    r.field(fields, name, text_value).unwrap_or_default()
}

/// A text: a plain string, in the questionnaire's first language, or an object with one
/// string per declared language. A text given but not in every declared language is
/// allowed, with a warning.
pub(super) fn text_value<'v>(r: &mut Reader<'v>, value: &'v Value) -> Option<Text> {
    let languages = r.languages.clone();
    let first = languages.first().map_or(DEFAULT_LANGUAGE, String::as_str);
    let text = match &value.kind {
        Kind::String(s) => Text::plain(first, s.trim()),
        Kind::Object(members) => {
            let mut given: Vec<(String, String)> = Vec::with_capacity(members.len());
            for member in members {
                if !languages.contains(&member.key) {
                    let (here, tag) = (r.here(), short(&member.key));
                    let message =
                        tr!(r.lang, "qf-unknown-language", here = here, tag = tag, languages = languages.join(", "));
                    r.error(member.key_at, message);
                    continue;
                }
                if given.iter().any(|(l, _)| *l == member.key) {
                    let message = tr!(r.lang, "qf-language-twice", here = r.here(), tag = &member.key);
                    r.error(member.key_at, message);
                    continue;
                }
                if let Some(s) = r.within(Seg::Key(&member.key), |r| r.string(&member.value)) {
                    given.push((member.key.clone(), s.trim().to_string()));
                }
            }
            // In the declared order, so the first language comes first.
            Text::new(languages.iter().filter_map(|l| given.iter().find(|(g, _)| g == l).cloned()))
        }
        _ => {
            let found = value.kind.describe(r.lang);
            let message = tr!(r.lang, "qf-expected-text", here = r.here(), found = found);
            r.error(value.at, message.trim_start_matches(": ").to_string());
            return None;
        }
    };
    if !text.is_empty() {
        let missing: Vec<&str> =
            languages.iter().map(String::as_str).filter(|l| !text.languages().any(|t| t == *l)).collect();
        if !missing.is_empty() {
            let message = tr!(r.lang, "qf-missing-translation", here = r.here(), languages = missing.join(", "));
            r.warn(value.at, message.trim_start_matches(": ").to_string());
        }
    }
    Some(text)
}

/// The declared languages: language tags like `ko`, `en` or `pt-BR`, each once. A file
/// that declares none is in English.
fn languages<'v>(r: &mut Reader<'v>, top: &Fields<'v>) -> Vec<String> {
    let Some(tags) = r.field(top, "languages", |r, v| Some(r.strings(v))) else {
        return vec![DEFAULT_LANGUAGE.to_string()];
    };
    let mut out: Vec<String> = Vec::new();
    for (tag, at) in tags {
        let mut parts = tag.split('-');
        let primary = parts.next().unwrap_or_default();
        let valid = (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_lowercase())
            && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !valid {
            r.error(at, tr!(r.lang, "qf-not-a-tag", tag = short(tag)));
        } else if out.iter().any(|l| l == tag) {
            r.error(at, tr!(r.lang, "qf-language-declared-twice", tag = tag));
        } else {
            out.push(tag.to_string());
        }
    }
    if out.is_empty() {
        let at = top.get("languages").map_or(top.at, |v| v.at);
        r.error(at, tr!(r.lang, "qf-no-language"));
        out.push(DEFAULT_LANGUAGE.to_string());
    }
    out
}

/// An id field: required, non-blank and usable as an id. Empty when it is not. `kind` is
/// a `qf-kind-…` message.
pub(super) fn id_field<'v>(r: &mut Reader<'v>, fields: &Fields<'v>, kind: &'static str) -> (String, usize) {
    let id = required_string(r, fields, "id", What::Id(kind));
    let at = fields.get("id").map_or(fields.at, |v| v.at);
    if !id.is_empty()
        && let Some(problem) = id_problem(r.lang, kind, &id)
    {
        r.error(at, problem);
        return (String::new(), at);
    }
    (id, at)
}

/// Traits, principles or stages: each with a unique id and a name, and what `extra` reads
/// of the other fields it allows (`extra_fields`).
fn named<'v, E>(
    r: &mut Reader<'v>,
    top: &Fields<'v>,
    field: &'static str,
    kind: &'static str,
    extra_fields: &[&'static str],
    mut extra: impl FnMut(&mut Reader<'v>, &Fields<'v>, &str) -> E,
) -> Vec<(String, Text, Text, E)> {
    let Some(list) = r.field(top, field, |r, v| r.list(v)) else { return Vec::new() };
    let allowed: Vec<&'static str> = ["id", "name", "description"].iter().chain(extra_fields).copied().collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    r.within(Seg::Key(field), |r| {
        for (i, value) in list.iter().enumerate() {
            r.within(Seg::Index(i), |r| {
                let Some(fields) = r.object(value, &allowed) else { return };
                let (id, at) = id_field(r, &fields, kind);
                let label = Label { kind, id: &id, nth: Some(i) };
                let name = required_text(r, &fields, "name", What::Of("qf-what-name-of", label));
                let description = optional_text(r, &fields, "description");
                let more = extra(r, &fields, &id);
                if id.is_empty() {
                    return;
                }
                if let Some(&first) = seen.get(&id) {
                    let first_line = r.line(first);
                    let kind = tr!(r.lang, kind);
                    r.error(at, tr!(r.lang, "qf-duplicate-id", kind = kind, id = &id, line = first_line));
                    return;
                }
                seen.insert(id.clone(), at);
                out.push((id, name, description, more));
            });
        }
    });
    out
}

/// What conditions may name: the declared traits and levels.
pub(super) struct Names {
    traits: Declared,
    levels: Declared,
}

/// A stage's sections: each with an id unique in the questionnaire, a title, an
/// introduction and a condition (kept in `conditions` with its references, for checking).
fn sections<'v>(
    r: &mut Reader<'v>,
    stage: &Fields<'v>,
    seen: &mut HashMap<String, usize>,
    names: &Names,
    conditions: &mut HashMap<String, logic::Read>,
) -> Vec<Section> {
    let Some(list) = r.field(stage, "sections", |r, v| r.list(v)) else { return Vec::new() };
    let mut out = Vec::new();
    r.within(Seg::Key("sections"), |r| {
        for (i, value) in list.iter().enumerate() {
            r.within(Seg::Index(i), |r| {
                let Some(fields) = r.object(value, &["id", "title", "introduction", "show_if"]) else { return };
                let (id, at) = id_field(r, &fields, "qf-kind-section");
                let label = Label { kind: "qf-kind-section", id: &id, nth: Some(i) };
                let title = required_text(r, &fields, "title", What::Of("qf-what-title-of", label));
                let introduction = optional_text(r, &fields, "introduction");
                let show_if = r.field(&fields, "show_if", |r, v| logic::condition(r, v, &names.traits, &names.levels));
                if id.is_empty() {
                    return;
                }
                if let Some(&first) = seen.get(&id) {
                    let first_line = r.line(first);
                    let kind = tr!(r.lang, "qf-kind-section");
                    r.error(at, tr!(r.lang, "qf-duplicate-id", kind = kind, id = &id, line = first_line));
                    return;
                }
                seen.insert(id.clone(), at);
                let condition = show_if.as_ref().map(|c| c.condition.clone());
                if let Some(read) = show_if {
                    conditions.insert(id.clone(), read);
                }
                out.push(Section { id, title, introduction, show_if: condition });
            });
        }
    });
    out
}

/// Build the questionnaire from the file's top-level value; `None` if anything is wrong
/// (the reader holds why).
pub fn questionnaire<'v>(r: &mut Reader<'v>, root: &'v Value) -> Option<Questionnaire> {
    if let Kind::Array(_) = root.kind {
        r.error(root.at, tr!(r.lang, "qf-not-an-object"));
        return None;
    }
    let top = r.object(
        root,
        &[
            "format",
            "id",
            "version",
            "languages",
            "title",
            "description",
            "traits",
            "principles",
            "stages",
            "questions",
            "scoring",
        ],
    )?;
    if let Some(format) = r.field(&top, "format", |r, v| r.integer(v))
        && !(1..=i64::from(FORMAT)).contains(&format)
    {
        let at = top.get("format").map_or(top.at, |v| v.at);
        r.error(at, tr!(r.lang, "qf-format", format = format.to_string(), max = FORMAT.to_string()));
    }
    let languages = languages(r, &top);
    r.languages = languages.clone();
    let id = required_string(r, &top, "id", What::Word("qf-what-questionnaire-id"));
    if !id.is_empty() && !is_valid_questionnaire_id(&id) {
        let at = top.get("id").map_or(top.at, |v| v.at);
        r.error(at, tr!(r.lang, "qf-bad-questionnaire-id", id = short(&id)));
    }
    let version = required_string(r, &top, "version", What::Word("qf-what-version"));
    let title = required_text(r, &top, "title", What::Word("qf-what-title"));
    let description = optional_text(r, &top, "description");

    let lang = r.lang;
    let traits = named(r, &top, "traits", "qf-kind-trait", &[], |_, _, _| ());
    let principles = named(r, &top, "principles", "qf-kind-principle", &[], |_, _, _| ());
    let scoring = logic::scoring(r, &top);
    let names = Names {
        traits: Declared::new(lang, traits.iter().map(|t| t.0.clone()).collect()),
        levels: Declared::new(lang, scoring.iter().flat_map(|s| s.0.levels.iter().map(|l| l.id.clone())).collect()),
    };
    let mut section_ids = HashMap::new();
    let mut section_conditions = HashMap::new();
    let stages = named(r, &top, "stages", "qf-kind-stage", &["sections"], |r, fields, _| {
        sections(r, fields, &mut section_ids, &names, &mut section_conditions)
    });
    let is_empty = |name: &str| top.get(name).is_none_or(|v| matches!(&v.kind, Kind::Array(a) if a.is_empty()));
    for (field, message) in [("stages", "qf-needs-stage"), ("questions", "qf-needs-question")] {
        if is_empty(field) {
            let at = top.get(field).map_or(top.at, |v| v.at);
            r.error(at, tr!(lang, message));
        }
    }
    let principle_ids = Declared::new(lang, principles.iter().map(|p| p.0.clone()).collect());
    let groups = scoring.as_ref().map(|s| s.0.groups.as_slice());
    let (questions, question_conditions) = questions::questions(r, &top, &stages, &principle_ids, &names, groups);

    let (scoring, pending) = scoring.map_or((None, Vec::new()), |(s, p)| (Some(s), p));
    let questionnaire = Questionnaire {
        format: FORMAT,
        id,
        version,
        languages,
        title,
        description,
        traits: traits.into_iter().map(|(id, name, description, ())| Trait { id, name, description }).collect(),
        principles: principles
            .into_iter()
            .map(|(id, name, description, ())| Principle { id, name, description })
            .collect(),
        stages: stages
            .into_iter()
            .map(|(id, name, description, sections)| Stage { id, name, description, sections })
            .collect(),
        questions,
        scoring,
    };
    if question_conditions.len() == questionnaire.questions.len() {
        logic::check(r, &questionnaire, &question_conditions, &section_conditions, &pending);
    }
    r.errors.is_empty().then_some(questionnaire)
}
