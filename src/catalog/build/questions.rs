//! The questions of a questionnaire file: where they sit, what they serve, how they are
//! answered.

use std::collections::{BTreeMap, HashMap};

use super::logic::{self, Read};
use super::{
    Declared, Label, Names, What, id_field, known_list, optional_text, required_string, required_text, text_value,
};
use crate::catalog::json::{Kind, Value, short};
use crate::catalog::reader::{Fields, Reader, Seg};
use crate::domain::{AnswerKind, Choice, Guidance, NumberRange, Question, Scale, ScoreGroup, Section, Text};
use crate::tr;

/// The fields a question may have.
const FIELDS: &[&str] = &[
    "id",
    "stage",
    "section",
    "title",
    "kind",
    "principles",
    "prompt",
    "guidance",
    "traits",
    "choices",
    "scale",
    "number",
    "required",
    "show_if",
];

/// The widest scale, so that a scale stays something a person can point at.
const MAX_SCALE_POINTS: i64 = 101;

pub(super) fn questions<'v>(
    r: &mut Reader<'v>,
    top: &Fields<'v>,
    stages: &[(String, Text, Text, Vec<Section>)],
    principles: &Declared,
    names: &Names,
    groups: Option<&[ScoreGroup]>,
) -> (Vec<Question>, Vec<Option<Read>>) {
    let Some(list) = r.field(top, "questions", |r, v| r.list(v)) else { return (Vec::new(), Vec::new()) };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    let mut conditions = Vec::with_capacity(list.len());
    let lang = r.lang;
    let stage_list = known_list(lang, &stages.iter().map(|s| s.0.clone()).collect::<Vec<_>>());
    r.within(Seg::Key("questions"), |r| {
        for (i, value) in list.iter().enumerate() {
            r.within(Seg::Index(i), |r| {
                let Some(fields) = r.object(value, FIELDS) else { return };
                let (qid, at) = id_field(r, &fields, "qf-kind-question");
                let label = Label { kind: "qf-kind-question", id: &qid, nth: Some(i) };
                if !qid.is_empty() {
                    if let Some(&first) = seen.get(&qid) {
                        let first_line = r.line(first);
                        let kind = tr!(lang, "qf-kind-question");
                        r.error(at, tr!(lang, "qf-duplicate-id", kind = kind, id = &qid, line = first_line));
                    } else {
                        seen.insert(qid.clone(), at);
                    }
                }
                let stage = required_string(r, &fields, "stage", What::Of("qf-what-stage-of", label));
                let in_stage = stages.iter().find(|s| s.0 == stage);
                if !stage.is_empty() && in_stage.is_none() {
                    let at = fields.get("stage").map_or(fields.at, |v| v.at);
                    let message = tr!(
                        lang,
                        "qf-unknown-stage",
                        label = label.said(lang),
                        stage = short(&stage),
                        stages = &stage_list
                    );
                    r.error(at, message);
                }
                let section = r.field(&fields, "section", |r, v| r.string(v).map(|s| (s.to_string(), v.at)));
                if let (Some((section, at)), Some(in_stage)) = (&section, in_stage)
                    && !in_stage.3.iter().any(|s| s.id == *section)
                {
                    let ids: Vec<String> = in_stage.3.iter().map(|s| s.id.clone()).collect();
                    let message = tr!(
                        lang,
                        "qf-not-a-section",
                        label = label.said(lang),
                        section = short(section),
                        stage = &stage,
                        sections = known_list(lang, &ids)
                    );
                    r.error(*at, message);
                }
                let principle_refs = references(r, &fields, "principles", label, "principle", principles);
                let trait_refs = references(r, &fields, "traits", label, "trait", &names.traits);
                let prompt = required_text(r, &fields, "prompt", What::Of("qf-what-prompt-of", label));
                let guidance = r
                    .field(&fields, "guidance", |r, v| {
                        let g = r.object(v, &["why", "good_answer"])?;
                        Some(Guidance {
                            why: optional_text(r, &g, "why"),
                            good_answer: optional_text(r, &g, "good_answer"),
                        })
                    })
                    .unwrap_or_default();
                let title = optional_text(r, &fields, "title");
                let kind = answer_kind(r, &fields);
                let choices = choices(r, &fields, kind, label, groups);
                let required = r.field(&fields, "required", |r, v| r.boolean(v)).unwrap_or(false);
                let show_if = r.field(&fields, "show_if", |r, v| logic::condition(r, v, &names.traits, &names.levels));
                let scale = scale(r, &fields, kind, label);
                let number = number(r, &fields, kind, label);
                out.push(Question {
                    id: qid,
                    stage,
                    section: section.map(|s| s.0),
                    title,
                    kind,
                    principles: principle_refs,
                    prompt,
                    guidance,
                    traits: trait_refs,
                    choices,
                    scale,
                    number,
                    required,
                    show_if: show_if.as_ref().map(|c| c.condition.clone()),
                });
                conditions.push(show_if);
            });
        }
    });
    (out, conditions)
}

/// A list of references to declared ids; unknown ones are reported. `kind` is "trait",
/// "principle" or "level" (its `qf-kind-…` and `qf-kinds-…` words).
fn references<'v>(
    r: &mut Reader<'v>,
    fields: &Fields<'v>,
    name: &'static str,
    label: Label<'_>,
    kind: &str,
    declared: &Declared,
) -> Vec<String> {
    let Some(refs) = r.field(fields, name, |r, v| Some(r.strings(v))) else { return Vec::new() };
    let mut out = Vec::with_capacity(refs.len());
    for (id, at) in refs {
        if declared.contains(id) {
            out.push(id.to_string());
        } else {
            r.error(at, unknown_ref(r.lang, &label.said(r.lang), kind, id, &declared.known));
            out.push(id.to_string());
        }
    }
    out
}

/// "LABEL: unknown KIND 'ID' (KINDs: …)"; `kind` is "trait", "principle" or "level".
pub(super) fn unknown_ref(lang: crate::i18n::Lang, label: &str, kind: &str, id: &str, known: &str) -> String {
    let (one, many) = (tr!(lang, &format!("qf-kind-{kind}")), tr!(lang, &format!("qf-kinds-{kind}")));
    tr!(lang, "qf-unknown-ref", label = label, kind = one, id = short(id), kinds = many, known = known)
}

fn answer_kind<'v>(r: &mut Reader<'v>, fields: &Fields<'v>) -> AnswerKind {
    let Some((word, at)) = r.field(fields, "kind", |r, v| r.string(v).map(|s| (s, v.at))) else {
        return AnswerKind::Dialogue;
    };
    match AnswerKind::ALL.iter().find(|k| k.as_str() == word) {
        Some(kind) => *kind,
        None => {
            let message = tr!(r.lang, "qf-unknown-answer-kind", kind = short(word), kinds = AnswerKind::words());
            r.error(at, message);
            AnswerKind::Dialogue
        }
    }
}

/// A field only some kinds of question may have: refused on the others, required (if
/// `needed`) on them.
fn kind_field<'v>(
    r: &mut Reader<'v>,
    fields: &Fields<'v>,
    name: &'static str,
    kind: AnswerKind,
    for_kinds: &[AnswerKind],
    needed: bool,
    label: Label<'_>,
) -> Option<&'v Value> {
    let value = fields.get(name);
    match value {
        Some(v) if !for_kinds.contains(&kind) => {
            let kinds = for_kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(&tr!(r.lang, "qf-and"));
            let (label, kind) = (label.said(r.lang), kind.as_str());
            let message = tr!(r.lang, "qf-field-for-kinds", label = label, name = name, kinds = kinds, kind = kind);
            r.error(v.at, message);
            None
        }
        None if needed && for_kinds.contains(&kind) => {
            r.error(
                fields.at,
                tr!(r.lang, "qf-kind-needs-field", label = label.said(r.lang), kind = kind.as_str(), name = name),
            );
            None
        }
        other => other,
    }
}

/// The options of a choice question: at least two, ids unique in the question.
fn choices<'v>(
    r: &mut Reader<'v>,
    fields: &Fields<'v>,
    kind: AnswerKind,
    label: Label<'_>,
    groups: Option<&[ScoreGroup]>,
) -> Vec<Choice> {
    let for_kinds = [AnswerKind::Choice, AnswerKind::Choices];
    let Some(value) = kind_field(r, fields, "choices", kind, &for_kinds, true, label) else { return Vec::new() };
    let Some(list) = r.within(Seg::Key("choices"), |r| r.list(value)) else { return Vec::new() };
    if list.len() < 2 {
        r.error(value.at, tr!(r.lang, "qf-two-choices", label = label.said(r.lang), kind = kind.as_str()));
    }
    let mut out: Vec<Choice> = Vec::with_capacity(list.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    r.within(Seg::Key("choices"), |r| {
        for (i, value) in list.iter().enumerate() {
            r.within(Seg::Index(i), |r| {
                let Some(fields) = r.object(value, &["id", "label", "points"]) else { return };
                let (id, at) = id_field(r, &fields, "qf-kind-choice");
                let which = Label { kind: "qf-kind-choice", id: &id, nth: Some(i) };
                let text = required_text(r, &fields, "label", What::ChoiceOf(which, label));
                let points = r.field(&fields, "points", |r, v| Some(logic::points(r, v, groups))).unwrap_or_default();
                if id.is_empty() {
                    return;
                }
                if let Some(&first) = seen.get(&id) {
                    let first_line = r.line(first);
                    r.error(
                        at,
                        tr!(r.lang, "qf-duplicate-choice", label = label.said(r.lang), id = &id, line = first_line),
                    );
                    return;
                }
                seen.insert(id.clone(), at);
                out.push(Choice { id, label: text, points });
            });
        }
    });
    out
}

/// A scale: whole numbers `min` < `max`, at most [`MAX_SCALE_POINTS`] points, labels on
/// points of the scale.
fn scale<'v>(r: &mut Reader<'v>, fields: &Fields<'v>, kind: AnswerKind, label: Label<'_>) -> Option<Scale> {
    let value = kind_field(r, fields, "scale", kind, &[AnswerKind::Scale], true, label)?;
    r.within(Seg::Key("scale"), |r| {
        let f = r.object(value, &["min", "max", "labels"])?;
        let min = r.field(&f, "min", |r, v| r.integer(v));
        let max = r.field(&f, "max", |r, v| r.integer(v));
        let (Some(min), Some(max)) = (min, max) else {
            if f.get("min").is_none() || f.get("max").is_none() {
                r.error(f.at, tr!(r.lang, "qf-scale-bounds", label = label.said(r.lang)));
            }
            return None;
        };
        if min >= max || max - min >= MAX_SCALE_POINTS {
            r.error(f.at, tr!(r.lang, "qf-scale-range", label = label.said(r.lang), points = MAX_SCALE_POINTS));
            return None;
        }
        let mut labels = BTreeMap::new();
        if let Some(v) = f.get("labels") {
            r.within(Seg::Key("labels"), |r| match &v.kind {
                Kind::Object(members) => {
                    for m in members {
                        match m.key.trim().parse::<i64>() {
                            Ok(point) if (min..=max).contains(&point) => {
                                if let Some(text) = r.within(Seg::Key(&m.key), |r| text_value(r, &m.value)) {
                                    labels.insert(point, text);
                                }
                            }
                            _ => {
                                let (label, point) = (label.said(r.lang), short(&m.key));
                                let (min, max) = (min.to_string(), max.to_string());
                                let message =
                                    tr!(r.lang, "qf-scale-label", label = label, point = point, min = min, max = max);
                                r.error(m.key_at, message);
                            }
                        }
                    }
                }
                _ => r.error(v.at, tr!(r.lang, "qf-scale-labels", label = label.said(r.lang))),
            });
        }
        Some(Scale { min, max, labels })
    })
}

/// What a number answer may be: optional whole-number bounds and a unit.
fn number<'v>(r: &mut Reader<'v>, fields: &Fields<'v>, kind: AnswerKind, label: Label<'_>) -> Option<NumberRange> {
    let value = kind_field(r, fields, "number", kind, &[AnswerKind::Number], false, label)?;
    r.within(Seg::Key("number"), |r| {
        let f = r.object(value, &["min", "max", "unit"])?;
        let min = r.field(&f, "min", |r, v| r.integer(v));
        let max = r.field(&f, "max", |r, v| r.integer(v));
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            let (min, max) = (min.to_string(), max.to_string());
            r.error(f.at, tr!(r.lang, "qf-number-range", label = label.said(r.lang), min = min, max = max));
        }
        Some(NumberRange { min, max, unit: optional_text(r, &f, "unit") })
    })
}
