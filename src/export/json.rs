//! The whole consultation as JSON for other tools. The document names its schema and
//! version (see README), and every string is cleaned of control characters.

use serde_json::{Value, json};

use super::Record;
use crate::text::sanitize_block;

/// The schema this writes; bumped when fields are added, change meaning or go away (see
/// the README for what each version adds).
pub const SCHEMA: &str = "chec.consultation";
pub const VERSION: u32 = 2;

pub fn report(record: &Record) -> Value {
    let c = &record.consultation;
    let q = &record.questionnaire;
    let responses: Vec<Value> = q
        .questions
        .iter()
        .zip(&record.standing.shown)
        .filter(|(question, shown)| **shown || record.responses.contains_key(&question.id))
        .map(|(question, shown)| {
            let r = record.responses.get(&question.id);
            json!({
                "question_id": question.id,
                "shown": shown,
                "stage": question.stage,
                "principles": question.principles,
                "prompt": record.text(&question.prompt),
                "kind": question.kind,
                "value": r.and_then(|r| answer_value(question, &r.value)),
                "value_text": r.map(|r| question.answer_text(&r.value, record.language())).unwrap_or_default(),
                "assessment": r.map(|r| r.assessment).unwrap_or_default(),
                "answer": r.map_or("", |r| r.answer.as_str()),
                "notes": r.map_or("", |r| r.notes.as_str()),
                "updated_at": r.map(|r| r.updated_at.as_str()),
            })
        })
        .collect();
    let items: Vec<Value> = record
        .items
        .iter()
        .map(|i| {
            let mut v = serde_json::to_value(i).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert("score".into(), json!(i.risk_score()));
                map.insert("history".into(), json!(record.histories.get(&i.id).cloned().unwrap_or_default()));
            }
            v
        })
        .collect();
    // Each stage with every round of its sign-off (version 2), beside the latest (version 1).
    let stages: Vec<Value> = record
        .stages
        .iter()
        .map(|s| {
            let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert("sign_offs".into(), json!(record.sign_offs_of(&s.stage).collect::<Vec<_>>()));
            }
            v
        })
        .collect();
    clean(json!({
        "schema": SCHEMA,
        "version": VERSION,
        "consultation": c,
        "questionnaire": { "id": q.id, "version": q.version, "title": record.text(&q.title), "language": record.language() },
        "impact": impact(record),
        "stages": stages,
        "responses": responses,
        "meetings": record.meetings,
        "items": items,
    }))
}

/// The impact level and why, or `null` for a questionnaire without scoring.
fn impact(record: &Record) -> Value {
    let q = &record.questionnaire;
    let Some(e) = q.explain(&record.standing, &record.responses, record.language()) else { return Value::Null };
    json!({
        "level": e.level,
        "name": e.level_name,
        "score": e.score,
        "totals": e.totals.iter().map(|(id, _, total, weight)| json!({"group": id, "total": total, "weight": weight})).collect::<Vec<_>>(),
        "reasons": record.standing.reasons,
        "requires": {
            "questions": e.required_questions,
            "stages": e.required_stages,
            "items": e.items_to_raise,
            "sign_off_by": e.sign_off_by,
        },
        "unanswered_required": e.unanswered,
        "history": record.level_history,
    })
}

/// A structured answer as JSON: a choice's id, a list of ids, a number, a date string;
/// `null` when unanswered (and for dialogue and text questions, whose answer is `answer`).
fn answer_value(question: &crate::domain::Question, stored: &str) -> Option<Value> {
    use crate::domain::Answer;
    Some(match question.answer(stored)? {
        Answer::Choice(id) => json!(id),
        Answer::Choices(ids) => json!(ids),
        Answer::Scale(point) => json!(point),
        Answer::Number(n) => json!(n),
        Answer::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
    })
}

/// Every string in `value` cleaned of control characters and escape sequences (newlines
/// kept; JSON escapes them).
pub fn clean(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(sanitize_block(&s).into_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(clean).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, clean(v))).collect()),
        other => other,
    }
}
