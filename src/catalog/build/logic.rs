//! Conditions, points and levels in a questionnaire file: read with their positions, then
//! checked against the questions once all are read. A condition may read only earlier
//! questions (so there is no cycle among questions), names only choices its question has,
//! and asks of each kind only what it can answer; a question shown by the impact level may
//! not carry points, or its answer would decide whether it is shown.

use std::collections::{BTreeMap, HashMap};

use super::questions::unknown_ref;
use super::{Declared, Label, What, id_field, known_list, optional_text, required_text};
use crate::catalog::json::{Kind, Value, short};
use crate::catalog::reader::{Fields, Reader, Seg};
use crate::domain::scoring::{Level, Requirements, ScoreGroup, Scoring};
use crate::domain::{AnswerKind, Condition, Question, Questionnaire, Test};
use crate::tr;

/// A reference to a question in a condition, kept with where it was written.
#[derive(Debug, Clone)]
pub struct QuestionRef {
    pub id: String,
    pub at: usize,
    pub test: Test,
    /// Where each value the test names was written.
    pub values_at: Vec<usize>,
}

/// A question or stage a level requires, checked once all are read: id, where it was
/// written, and "question" or "stage".
pub type Pending = (String, usize, &'static str);

/// A condition as read, with its question references.
pub struct Read {
    pub condition: Condition,
    pub refs: Vec<QuestionRef>,
    pub at: usize,
}

/// Read a `show_if` condition; traits and levels are checked against what is declared.
pub fn condition<'v>(r: &mut Reader<'v>, value: &'v Value, traits: &Declared, levels: &Declared) -> Option<Read> {
    let mut refs = Vec::new();
    let condition = one(r, value, traits, levels, &mut refs)?;
    Some(Read { condition, refs, at: value.at })
}

fn one<'v>(
    r: &mut Reader<'v>,
    value: &'v Value,
    traits: &Declared,
    levels: &Declared,
    refs: &mut Vec<QuestionRef>,
) -> Option<Condition> {
    let Kind::Object(members) = &value.kind else {
        r.error(value.at, tr!(r.lang, "qf-condition-object", here = r.here(), keys = tr!(r.lang, "qf-condition-keys")));
        return None;
    };
    if members.iter().any(|m| m.key == "question") {
        let f = r.object(value, &["question", "equals", "in", "at_least", "at_most", "answered"])?;
        let (id, at) = r.field(&f, "question", |r, v| r.string(v).map(|s| (s.to_string(), v.at)))?;
        let tests: Vec<&str> =
            ["equals", "in", "at_least", "at_most", "answered"].into_iter().filter(|t| f.get(t).is_some()).collect();
        if tests.len() != 1 {
            r.error(f.at, tr!(r.lang, "qf-condition-one-test", here = r.here(), id = short(&id)));
            return None;
        }
        let text = |r: &mut Reader<'v>, v: &'v Value| match &v.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Number(n) => Some(n.clone()),
            _ => {
                let found = v.kind.describe(r.lang);
                r.error(v.at, tr!(r.lang, "qf-expected-choice", here = r.here(), found = found));
                None
            }
        };
        let (test, values_at) = match tests[0] {
            "equals" => {
                let v = f.get("equals")?;
                (Test::Equals(r.within(Seg::Key("equals"), |r| text(r, v))?), vec![v.at])
            }
            "in" => {
                let v = f.get("in")?;
                let list = r.within(Seg::Key("in"), |r| r.list(v))?;
                let mut values = Vec::new();
                for (i, item) in list.iter().enumerate() {
                    values.push(r.within(Seg::Index(i), |r| text(r, item))?);
                }
                (Test::In(values), list.iter().map(|v| v.at).collect())
            }
            "at_least" => (Test::AtLeast(r.field(&f, "at_least", |r, v| r.integer(v))?), vec![]),
            "at_most" => (Test::AtMost(r.field(&f, "at_most", |r, v| r.integer(v))?), vec![]),
            _ => (Test::Answered(r.field(&f, "answered", |r, v| r.boolean(v))?), vec![]),
        };
        refs.push(QuestionRef { id: id.clone(), at, test: test.clone(), values_at });
        return Some(Condition::Question { question: id, test });
    }
    if members.len() != 1 {
        r.error(
            value.at,
            tr!(r.lang, "qf-condition-one-key", here = r.here(), keys = tr!(r.lang, "qf-condition-keys")),
        );
        return None;
    }
    let m = &members[0];
    r.within(Seg::Key(&m.key), |r| {
        let declared = |r: &mut Reader<'v>, set: &Declared, kind: &str| {
            let id = r.string(&m.value)?;
            if !set.contains(id) {
                let message = unknown_ref(r.lang, &r.here(), kind, id, &set.known);
                r.error(m.value.at, message);
            }
            Some(id.to_string())
        };
        let list = |r: &mut Reader<'v>, refs: &mut Vec<QuestionRef>| {
            let items = r.list(&m.value)?;
            if items.is_empty() {
                r.error(m.value.at, tr!(r.lang, "qf-give-a-condition", here = r.here()));
            }
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                out.push(r.within(Seg::Index(i), |r| one(r, item, traits, levels, refs))?);
            }
            Some(out)
        };
        match m.key.as_str() {
            "trait" => declared(r, traits, "trait").map(Condition::Trait),
            "level" => declared(r, levels, "level").map(Condition::Level),
            "level_at_least" => declared(r, levels, "level").map(Condition::LevelAtLeast),
            "all" => list(r, refs).map(Condition::All),
            "any" => list(r, refs).map(Condition::Any),
            "not" => one(r, &m.value, traits, levels, refs).map(|c| Condition::Not(Box::new(c))),
            other => {
                let message = tr!(
                    r.lang,
                    "qf-unknown-condition",
                    here = r.here(),
                    name = short(other),
                    keys = tr!(r.lang, "qf-condition-keys")
                );
                r.error(m.key_at, message);
                None
            }
        }
    })
}

/// Check a condition's question references: each names a question before `before` (in
/// file order), and asks what that question's kind can answer.
pub fn check_refs(
    r: &mut Reader<'_>,
    refs: &[QuestionRef],
    before: usize,
    label: Label<'_>,
    questions: &[Question],
    index: &HashMap<String, usize>,
) {
    for reference in refs {
        let Some(&i) = index.get(&reference.id) else {
            r.error(reference.at, tr!(r.lang, "qf-ref-unknown", label = label.said(r.lang), id = short(&reference.id)));
            continue;
        };
        if i >= before {
            let message = if i == before { "qf-ref-itself" } else { "qf-ref-later" };
            r.error(reference.at, tr!(r.lang, message, label = label.said(r.lang), id = &reference.id));
            continue;
        }
        let q = &questions[i];
        let numeric = matches!(q.kind, AnswerKind::Scale | AnswerKind::Number);
        match &reference.test {
            Test::AtLeast(_) | Test::AtMost(_) if !numeric => {
                r.error(
                    reference.at,
                    tr!(r.lang, "qf-ref-not-numeric", label = label.said(r.lang), id = &q.id, kind = q.kind.as_str()),
                );
            }
            Test::Equals(_) | Test::In(_) if matches!(q.kind, AnswerKind::Dialogue | AnswerKind::Text) => {
                r.error(reference.at, tr!(r.lang, "qf-ref-in-words", label = label.said(r.lang), id = &q.id));
            }
            Test::Equals(v) => {
                check_value(r, q, v, reference.values_at.first().copied().unwrap_or(reference.at), label)
            }
            Test::In(values) => {
                for (v, at) in values.iter().zip(&reference.values_at) {
                    check_value(r, q, v, *at, label);
                }
            }
            _ => {}
        }
    }
}

fn check_value(r: &mut Reader<'_>, q: &Question, value: &str, at: usize, label: Label<'_>) {
    let ok = match q.kind {
        AnswerKind::Choice | AnswerKind::Choices => q.choice(value).is_some(),
        _ => q.check_answer(value).is_ok(),
    };
    if !ok {
        let known: Vec<String> = q.choices.iter().map(|c| c.id.clone()).collect();
        let value = short(value);
        let message = if known.is_empty() {
            tr!(r.lang, "qf-ref-not-an-answer", label = label.said(r.lang), value = value, id = &q.id)
        } else {
            let choices = known_list(r.lang, &known);
            tr!(r.lang, "qf-ref-not-a-choice", label = label.said(r.lang), value = value, id = &q.id, choices = choices)
        };
        r.error(at, message);
    }
}

/// The `scoring` block: groups, their weights and the levels.
pub fn scoring<'v>(r: &mut Reader<'v>, top: &Fields<'v>) -> Option<(Scoring, Vec<Pending>)> {
    let value = top.get("scoring")?;
    r.within(Seg::Key("scoring"), |r| {
        let f = r.object(value, &["groups", "score", "levels"])?;
        let mut groups = Vec::new();
        if let Some(list) = r.field(&f, "groups", |r, v| r.list(v)) {
            r.within(Seg::Key("groups"), |r| {
                for (i, v) in list.iter().enumerate() {
                    r.within(Seg::Index(i), |r| {
                        let Some(g) = r.object(v, &["id", "name"]) else { return };
                        let (id, at) = id_field(r, &g, "qf-kind-group");
                        let label = Label { kind: "qf-kind-group", id: &id, nth: None };
                        let name = required_text(r, &g, "name", What::Of("qf-what-name-of", label));
                        if groups.iter().any(|x: &ScoreGroup| x.id == id) {
                            let kind = tr!(r.lang, "qf-kind-group");
                            r.error(at, tr!(r.lang, "qf-duplicate-id-plain", kind = kind, id = &id));
                        } else if !id.is_empty() {
                            groups.push(ScoreGroup { id, name });
                        }
                    });
                }
            });
        }
        if groups.is_empty() {
            r.error(f.get("groups").map_or(f.at, |v| v.at), tr!(r.lang, "qf-no-groups"));
        }
        let mut score = BTreeMap::new();
        if let Some(v) = f.get("score") {
            r.within(Seg::Key("score"), |r| match &v.kind {
                Kind::Object(members) => {
                    for m in members {
                        if !groups.iter().any(|g| g.id == m.key) {
                            r.error(m.key_at, tr!(r.lang, "qf-score-unknown-group", id = short(&m.key)));
                        } else if let Some(w) = r.within(Seg::Key(&m.key), |r| r.integer(&m.value)) {
                            score.insert(m.key.clone(), w);
                        }
                    }
                }
                _ => r.error(v.at, tr!(r.lang, "qf-score-weights")),
            });
        }
        let mut levels: Vec<Level> = Vec::new();
        let mut pending = Vec::new();
        let list = r.field(&f, "levels", |r, v| r.list(v)).unwrap_or_default();
        if list.is_empty() {
            r.error(f.get("levels").map_or(f.at, |v| v.at), tr!(r.lang, "qf-no-levels"));
        }
        r.within(Seg::Key("levels"), |r| {
            for (i, v) in list.iter().enumerate() {
                r.within(Seg::Index(i), |r| {
                    let Some(l) = r.object(v, &["id", "name", "description", "min", "requires"]) else { return };
                    let (id, at) = id_field(r, &l, "qf-kind-level");
                    let label = Label { kind: "qf-kind-level", id: &id, nth: None };
                    let name = required_text(r, &l, "name", What::Of("qf-what-name-of", label));
                    let description = optional_text(r, &l, "description");
                    let min = r.field(&l, "min", |r, v| r.integer(v));
                    let min_at = l.get("min").map_or(l.at, |v| v.at);
                    match (levels.last().and_then(|p| p.min.or(Some(i64::MIN))), min) {
                        (Some(_), None) => r.error(l.at, tr!(r.lang, "qf-level-needs-min", id = &id)),
                        (Some(previous), Some(m)) if m <= previous => {
                            r.error(min_at, tr!(r.lang, "qf-level-order", id = &id));
                        }
                        _ => {}
                    }
                    let requires = r.field(&l, "requires", |r, v| requirements(r, v, &mut pending)).unwrap_or_default();
                    if levels.iter().any(|x| x.id == id) {
                        let kind = tr!(r.lang, "qf-kind-level");
                        r.error(at, tr!(r.lang, "qf-duplicate-id-plain", kind = kind, id = &id));
                    } else if !id.is_empty() {
                        levels.push(Level { id, name, description, min, requires });
                    }
                });
            }
        });
        Some((Scoring { groups, score, levels }, pending))
    })
}

/// What a level requires; question and stage ids are checked once all are read
/// (`pending`: id, where, "question" or "stage").
fn requirements<'v>(r: &mut Reader<'v>, value: &'v Value, pending: &mut Vec<Pending>) -> Option<Requirements> {
    let f = r.object(value, &["questions", "stages", "items", "sign_off_by"])?;
    let mut ids = |r: &mut Reader<'v>, name: &'static str, kind: &'static str| -> Vec<String> {
        let found = r.field(&f, name, |r, v| Some(r.strings(v))).unwrap_or_default();
        found
            .into_iter()
            .map(|(id, at)| {
                pending.push((id.to_string(), at, kind));
                id.to_string()
            })
            .collect()
    };
    let questions = ids(r, "questions", "question");
    let stages = ids(r, "stages", "stage");
    let items = match f.get("items") {
        Some(v) => r.within(Seg::Key("items"), |r| {
            let list = r.list(v).unwrap_or_default();
            list.iter()
                .enumerate()
                .filter_map(|(i, item)| r.within(Seg::Index(i), |r| super::text_value(r, item)))
                .collect()
        }),
        None => Vec::new(),
    };
    Some(Requirements { questions, stages, items, sign_off_by: optional_text(r, &f, "sign_off_by") })
}

/// Points on a choice: a whole number (the only group's) or an object by group.
pub fn points<'v>(r: &mut Reader<'v>, value: &'v Value, groups: Option<&[ScoreGroup]>) -> BTreeMap<String, i64> {
    let Some(groups) = groups.filter(|g| !g.is_empty()) else {
        r.error(value.at, tr!(r.lang, "qf-points-need-scoring", here = r.here()));
        return BTreeMap::new();
    };
    match &value.kind {
        Kind::Number(_) if groups.len() == 1 => {
            r.integer(value).map(|p| BTreeMap::from([(groups[0].id.clone(), p)])).unwrap_or_default()
        }
        Kind::Number(_) => {
            let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
            let groups = known_list(r.lang, &ids);
            r.error(value.at, tr!(r.lang, "qf-points-by-group", here = r.here(), group = &ids[0], groups = groups));
            BTreeMap::new()
        }
        Kind::Object(members) => {
            let mut out = BTreeMap::new();
            for m in members {
                if !groups.iter().any(|g| g.id == m.key) {
                    let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
                    let (id, groups) = (short(&m.key), known_list(r.lang, &ids));
                    r.error(m.key_at, tr!(r.lang, "qf-unknown-group", here = r.here(), id = id, groups = groups));
                } else if let Some(p) = r.within(Seg::Key(&m.key), |r| r.integer(&m.value)) {
                    out.insert(m.key.clone(), p);
                }
            }
            out
        }
        _ => {
            let found = value.kind.describe(r.lang);
            r.error(value.at, tr!(r.lang, "qf-expected-points", here = r.here(), found = found));
            BTreeMap::new()
        }
    }
}

/// The checks that need every question read: condition references, the level cycle, and
/// the questions and stages levels require.
pub fn check(
    r: &mut Reader<'_>,
    q: &Questionnaire,
    question_conditions: &[Option<Read>],
    section_conditions: &HashMap<String, Read>,
    pending: &[Pending],
) {
    let index: HashMap<String, usize> = q.questions.iter().enumerate().map(|(i, x)| (x.id.clone(), i)).collect();
    let first_of_section = |section: &str| q.questions.iter().position(|x| x.section.as_deref() == Some(section));
    for (id, read) in section_conditions {
        let before = first_of_section(id).unwrap_or(q.questions.len());
        let label = Label { kind: "qf-kind-section", id, nth: None };
        check_refs(r, &read.refs, before, label, &q.questions, &index);
    }
    // Whether each question's showing depends on the level, directly or through an
    // earlier question that does.
    let mut by_level = vec![false; q.questions.len()];
    for (i, question) in q.questions.iter().enumerate() {
        let label = Label { kind: "qf-kind-question", id: &question.id, nth: None };
        if let Some(read) = question_conditions.get(i).and_then(Option::as_ref) {
            check_refs(r, &read.refs, i, label, &q.questions, &index);
        }
        let section = question.section.as_deref().and_then(|s| q.section(s)).and_then(|s| s.show_if.as_ref());
        let conditions = [question.show_if.as_ref(), section];
        by_level[i] = conditions.iter().flatten().any(|c| {
            c.reads_level() || c.questions().iter().any(|x| index.get(*x).is_some_and(|&j| j < i && by_level[j]))
        });
        if by_level[i] && question.choices.iter().any(|c| !c.points.is_empty()) {
            let at = question_conditions.get(i).and_then(Option::as_ref).map_or(0, |c| c.at);
            r.error(at, tr!(r.lang, "qf-level-decides", label = label.said(r.lang)));
        }
    }
    for (id, at, kind) in pending {
        let known = if *kind == "question" { index.contains_key(id) } else { q.stage(id).is_some() };
        if !known {
            let kind = tr!(r.lang, &format!("qf-kind-{kind}"));
            r.error(*at, tr!(r.lang, "qf-level-requires-unknown", kind = kind, id = short(id)));
        }
    }
}
