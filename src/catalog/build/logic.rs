//! Conditions, points and levels in a questionnaire file: read with their positions, then
//! checked against the questions once all are read. A condition may read only earlier
//! questions (so there is no cycle among questions), names only choices its question has,
//! and asks of each kind only what it can answer; a question shown by the impact level may
//! not carry points, or its answer would decide whether it is shown.

use std::collections::{BTreeMap, HashMap};

use super::{Declared, id_field, known_list, optional_text, required_text};
use crate::catalog::json::{Kind, Value, short};
use crate::catalog::reader::{Fields, Reader, Seg};
use crate::domain::scoring::{Level, Requirements, ScoreGroup, Scoring};
use crate::domain::{AnswerKind, Condition, Question, Questionnaire, Test};

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

const KEYS: &str =
    "question (with equals, in, at_least, at_most or answered), trait, level, level_at_least, all, any, not";

fn one<'v>(
    r: &mut Reader<'v>,
    value: &'v Value,
    traits: &Declared,
    levels: &Declared,
    refs: &mut Vec<QuestionRef>,
) -> Option<Condition> {
    let Kind::Object(members) = &value.kind else {
        r.error(value.at, format!("{}: a condition is an object with one of: {KEYS}", r.here()));
        return None;
    };
    if members.iter().any(|m| m.key == "question") {
        let f = r.object(value, &["question", "equals", "in", "at_least", "at_most", "answered"])?;
        let (id, at) = r.field(&f, "question", |r, v| r.string(v).map(|s| (s.to_string(), v.at)))?;
        let tests: Vec<&str> =
            ["equals", "in", "at_least", "at_most", "answered"].into_iter().filter(|t| f.get(t).is_some()).collect();
        if tests.len() != 1 {
            r.error(
                f.at,
                format!(
                    "{}: a condition on question '{}' needs exactly one of equals, in, at_least, at_most, answered",
                    r.here(),
                    short(&id)
                ),
            );
            return None;
        }
        let text = |r: &mut Reader<'v>, v: &'v Value| match &v.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Number(n) => Some(n.clone()),
            _ => {
                r.error(v.at, format!("{}: expected a choice id or a number, found {}", r.here(), v.kind.describe()));
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
        r.error(value.at, format!("{}: a condition has one of: {KEYS}", r.here()));
        return None;
    }
    let m = &members[0];
    r.within(Seg::Key(&m.key), |r| {
        let declared = |r: &mut Reader<'v>, set: &Declared, kind: &str| {
            let id = r.string(&m.value)?;
            if !set.contains(id) {
                r.error(m.value.at, format!("{}: unknown {kind} '{}' ({kind}s: {})", r.here(), short(id), set.known));
            }
            Some(id.to_string())
        };
        let list = |r: &mut Reader<'v>, refs: &mut Vec<QuestionRef>| {
            let items = r.list(&m.value)?;
            if items.is_empty() {
                r.error(m.value.at, format!("{}: give at least one condition", r.here()));
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
                r.error(m.key_at, format!("{}: unknown condition `{}` (conditions: {KEYS})", r.here(), short(other)));
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
    label: &str,
    questions: &[Question],
    index: &HashMap<String, usize>,
) {
    for reference in refs {
        let Some(&i) = index.get(&reference.id) else {
            r.error(
                reference.at,
                format!("{label}: its condition names an unknown question '{}'", short(&reference.id)),
            );
            continue;
        };
        if i >= before {
            let why = if i == before { "itself" } else { "a later question" };
            r.error(
                reference.at,
                format!(
                    "{label}: its condition reads '{}', {why}; conditions read earlier questions only",
                    reference.id
                ),
            );
            continue;
        }
        let q = &questions[i];
        let numeric = matches!(q.kind, AnswerKind::Scale | AnswerKind::Number);
        match &reference.test {
            Test::AtLeast(_) | Test::AtMost(_) if !numeric => r.error(
                reference.at,
                format!(
                    "{label}: at_least and at_most are for scale and number questions; '{}' is a {} question",
                    q.id,
                    q.kind.as_str()
                ),
            ),
            Test::Equals(_) | Test::In(_) if matches!(q.kind, AnswerKind::Dialogue | AnswerKind::Text) => r.error(
                reference.at,
                format!(
                    "{label}: '{}' is answered in words; a condition on it can ask only whether it is answered",
                    q.id
                ),
            ),
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

fn check_value(r: &mut Reader<'_>, q: &Question, value: &str, at: usize, label: &str) {
    let ok = match q.kind {
        AnswerKind::Choice | AnswerKind::Choices => q.choice(value).is_some(),
        _ => q.check_answer(value).is_ok(),
    };
    if !ok {
        let known: Vec<String> = q.choices.iter().map(|c| c.id.clone()).collect();
        let detail = if known.is_empty() {
            format!("not an answer '{}' takes", q.id)
        } else {
            format!("not a choice of '{}' (choices: {})", q.id, known_list(&known))
        };
        r.error(at, format!("{label}: its condition names '{}', {detail}", short(value)));
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
                        let (id, at) = id_field(r, &g, "group");
                        let name = required_text(r, &g, "name", &format!("name of group '{id}'"));
                        if groups.iter().any(|x: &ScoreGroup| x.id == id) {
                            r.error(at, format!("duplicate group id '{id}'"));
                        } else if !id.is_empty() {
                            groups.push(ScoreGroup { id, name });
                        }
                    });
                }
            });
        }
        if groups.is_empty() {
            r.error(f.get("groups").map_or(f.at, |v| v.at), "scoring: name at least one group of points, e.g. {\"id\": \"risk\", \"name\": \"Risk\"}");
        }
        let mut score = BTreeMap::new();
        if let Some(v) = f.get("score") {
            r.within(Seg::Key("score"), |r| match &v.kind {
                Kind::Object(members) => {
                    for m in members {
                        if !groups.iter().any(|g| g.id == m.key) {
                            r.error(m.key_at, format!("scoring.score: unknown group '{}'", short(&m.key)));
                        } else if let Some(w) = r.within(Seg::Key(&m.key), |r| r.integer(&m.value)) {
                            score.insert(m.key.clone(), w);
                        }
                    }
                }
                _ => r.error(v.at, "scoring.score: an object of weights by group, e.g. {\"risk\": 1, \"mitigation\": -1}"),
            });
        }
        let mut levels: Vec<Level> = Vec::new();
        let mut pending = Vec::new();
        let list = r.field(&f, "levels", |r, v| r.list(v)).unwrap_or_default();
        if list.is_empty() {
            r.error(f.get("levels").map_or(f.at, |v| v.at), "scoring: give at least one level");
        }
        r.within(Seg::Key("levels"), |r| {
            for (i, v) in list.iter().enumerate() {
                r.within(Seg::Index(i), |r| {
                    let Some(l) = r.object(v, &["id", "name", "description", "min", "requires"]) else { return };
                    let (id, at) = id_field(r, &l, "level");
                    let name = required_text(r, &l, "name", &format!("name of level '{id}'"));
                    let description = optional_text(r, &l, "description");
                    let min = r.field(&l, "min", |r, v| r.integer(v));
                    let min_at = l.get("min").map_or(l.at, |v| v.at);
                    match (levels.last().and_then(|p| p.min.or(Some(i64::MIN))), min) {
                        (Some(_), None) => r.error(l.at, format!("level '{id}': every level after the first needs `min`, the score it starts at")),
                        (Some(previous), Some(m)) if m <= previous => {
                            r.error(min_at, format!("level '{id}': levels go from the lowest to the highest; `min` must be above the previous level's"))
                        }
                        _ => {}
                    }
                    let requires = r.field(&l, "requires", |r, v| requirements(r, v, &mut pending)).unwrap_or_default();
                    if levels.iter().any(|x| x.id == id) {
                        r.error(at, format!("duplicate level id '{id}'"));
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
        r.error(value.at, format!("{}: points need a `scoring` block that names their groups", r.here()));
        return BTreeMap::new();
    };
    match &value.kind {
        Kind::Number(_) if groups.len() == 1 => {
            r.integer(value).map(|p| BTreeMap::from([(groups[0].id.clone(), p)])).unwrap_or_default()
        }
        Kind::Number(_) => {
            let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
            r.error(
                value.at,
                format!(
                    "{}: with several groups, give points by group, e.g. {{\"{}\": 3}} (groups: {})",
                    r.here(),
                    ids[0],
                    known_list(&ids)
                ),
            );
            BTreeMap::new()
        }
        Kind::Object(members) => {
            let mut out = BTreeMap::new();
            for m in members {
                if !groups.iter().any(|g| g.id == m.key) {
                    let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
                    r.error(
                        m.key_at,
                        format!("{}: unknown group '{}' (groups: {})", r.here(), short(&m.key), known_list(&ids)),
                    );
                } else if let Some(p) = r.within(Seg::Key(&m.key), |r| r.integer(&m.value)) {
                    out.insert(m.key.clone(), p);
                }
            }
            out
        }
        _ => {
            r.error(
                value.at,
                format!(
                    "{}: expected points, a whole number or an object by group, found {}",
                    r.here(),
                    value.kind.describe()
                ),
            );
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
        check_refs(r, &read.refs, before, &format!("section '{id}'"), &q.questions, &index);
    }
    // Whether each question's showing depends on the level, directly or through an
    // earlier question that does.
    let mut by_level = vec![false; q.questions.len()];
    for (i, question) in q.questions.iter().enumerate() {
        let label = format!("question '{}'", question.id);
        if let Some(read) = question_conditions.get(i).and_then(Option::as_ref) {
            check_refs(r, &read.refs, i, &label, &q.questions, &index);
        }
        let section = question.section.as_deref().and_then(|s| q.section(s)).and_then(|s| s.show_if.as_ref());
        let conditions = [question.show_if.as_ref(), section];
        by_level[i] = conditions.iter().flatten().any(|c| {
            c.reads_level() || c.questions().iter().any(|x| index.get(*x).is_some_and(|&j| j < i && by_level[j]))
        });
        if by_level[i] && question.choices.iter().any(|c| !c.points.is_empty()) {
            let at = question_conditions.get(i).and_then(Option::as_ref).map_or(0, |c| c.at);
            r.error(at, format!("{label}: it is shown by the impact level and its choices carry points, so its answer would decide whether it is shown; take the points off or the level out of its condition"));
        }
    }
    for (id, at, kind) in pending {
        let known = if *kind == "question" { index.contains_key(id) } else { q.stage(id).is_some() };
        if !known {
            r.error(*at, format!("scoring: a level requires an unknown {kind} '{}'", short(id)));
        }
    }
}
