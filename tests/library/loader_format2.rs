//! The questionnaire loader on generated format 2 files: languages, kinds of answer, choices
//! with points, sections, conditions and scoring, with faults put in (undeclared languages,
//! conditions on later or unknown questions or choices, unknown groups and levels, levels
//! out of order, values of the wrong type). Every file is either refused with problems that
//! point into it, or accepted as a questionnaire that keeps format 2's promises; and an
//! accepted one can be evaluated on any answers without a panic.
//!
//! Size: `CHEC_FUZZ_CASES` (default 10,000) / 10 generated files; `CHEC_FUZZ_SHOW=1` prints
//! why each refused one was refused.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use chec::catalog::{self, FileError};
use chec::domain::{AnswerKind, Condition, Questionnaire, Response, Test, Text};
use serde_json::{Value, json};

use crate::common::mix::Mix;

fn cases() -> usize {
    let fuzz: usize = std::env::var("CHEC_FUZZ_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(10_000);
    (fuzz / 10).max(1)
}

/// A text in the declared languages: plain, or by language (now and then missing one,
/// which is only a warning).
fn text(rng: &mut Mix, languages: &[&str], words: &str) -> Value {
    if rng.chance(30) {
        return json!(words);
    }
    let mut map = serde_json::Map::new();
    for (i, l) in languages.iter().enumerate() {
        if i == 0 || !rng.chance(10) {
            map.insert(l.to_string(), json!(format!("{words} ({l}) | 돌봄")));
        }
    }
    Value::Object(map)
}

const KINDS: &[&str] = &["dialogue", "choice", "choices", "scale", "number", "date", "text"];

/// A coherent format 2 questionnaire: four questions of random kinds, conditions only on
/// earlier questions and their own choices, points only in declared groups, levels in order.
fn coherent(rng: &mut Mix) -> Value {
    const CHOICES_OF_LANGUAGES: [&[&str]; 3] = [&["ko", "en"], &["en"], &["ko"]];
    let languages: &[&str] = CHOICES_OF_LANGUAGES[rng.index(3)];
    let scored = rng.chance(70);
    let mut questions: Vec<Value> = Vec::new();
    // Whether each question's showing depends on the level: such a question carries no
    // points (directly or through an earlier question it reads).
    let mut by_level: Vec<bool> = Vec::new();
    for i in 0..4 {
        let id = format!("Q{}", i + 1);
        let kind = *rng.choose(KINDS);
        let mut q = json!({"id": id, "stage": "s1", "kind": kind, "prompt": text(rng, languages, "Who is it for?")});
        if rng.chance(50) {
            q["title"] = text(rng, languages, "Short");
        }
        let mut depends = false;
        if i > 0 && rng.chance(50) {
            let (condition, on_level) = condition_on(rng, &questions, &by_level, scored);
            q["show_if"] = condition;
            depends = on_level;
        }
        // Q3 and Q4 may sit in the section, whose condition reads Q1 only.
        match kind {
            "choice" | "choices" => {
                let choices: Vec<Value> = (0..2 + rng.index(2))
                    .map(|c| {
                        let mut choice = json!({"id": format!("c{c}"), "label": text(rng, languages, "Option")});
                        if scored && !depends && rng.chance(50) {
                            choice["points"] = json!({*rng.choose(&["risk", "mitigation"]): rng.index(12) as i64 - 2});
                        }
                        choice
                    })
                    .collect();
                q["choices"] = json!(choices);
            }
            "scale" => {
                let min = rng.index(3) as i64;
                q["scale"] = json!({"min": min, "max": min + 1 + rng.index(9) as i64, "labels": {min.to_string(): text(rng, languages, "low")}});
            }
            "number" if rng.chance(50) => {
                q["number"] = json!({"min": 0, "max": 1000, "unit": text(rng, languages, "people")})
            }
            _ => {}
        }
        if rng.chance(20) {
            q["required"] = json!(true);
        }
        if i >= 2 && rng.chance(50) {
            q["section"] = json!("sec");
        }
        questions.push(q);
        by_level.push(depends);
    }
    let mut section =
        json!({"id": "sec", "title": text(rng, languages, "Section"), "introduction": text(rng, languages, "Intro")});
    if rng.chance(40) {
        section["show_if"] = json!({"question": "Q1", "answered": true});
    }
    let mut doc = json!({
        "format": 2, "id": "gen", "version": "1", "languages": languages,
        "title": text(rng, languages, "Generated"),
        "traits": [{"id": "minors", "name": text(rng, languages, "Minors")}],
        "stages": [{"id": "s1", "name": text(rng, languages, "Stage"), "sections": [section]}, {"id": "s2", "name": "Two"}],
        "questions": questions,
    });
    if scored {
        doc["scoring"] = json!({
            "groups": [{"id": "risk", "name": text(rng, languages, "Risk")}, {"id": "mitigation", "name": "Mitigation"}],
            "score": {"risk": 1, "mitigation": -1},
            "levels": [
                {"id": "I", "name": text(rng, languages, "Low")},
                {"id": "II", "name": "Moderate", "min": 5, "requires": {"questions": ["Q1"], "items": ["Notice"]}},
                {"id": "III", "name": "High", "min": 15, "requires": {"stages": ["s2"], "sign_off_by": "Committee"}},
            ],
        });
    }
    doc
}

/// A condition on an earlier question that fits its kind, a trait, or (with scoring) the
/// level; and whether it depends on the level (directly, or through the question it reads).
fn condition_on(rng: &mut Mix, earlier: &[Value], by_level: &[bool], scored: bool) -> (Value, bool) {
    let roll = rng.index(10);
    if roll == 0 {
        return (json!({"trait": "minors"}), false);
    }
    if roll == 1 && scored {
        return (json!({"level_at_least": *rng.choose(&["II", "III"])}), true);
    }
    let i = rng.index(earlier.len());
    let q = &earlier[i];
    let id = q["id"].clone();
    let single = match q["kind"].as_str().unwrap_or("") {
        "choice" | "choices" => {
            let ids: Vec<Value> =
                q["choices"].as_array().map(|cs| cs.iter().map(|c| c["id"].clone()).collect()).unwrap_or_default();
            if rng.chance(50) {
                json!({"question": id, "equals": rng.choose(&ids)})
            } else {
                json!({"question": id, "in": ids})
            }
        }
        "scale" | "number" => json!({"question": id, *rng.choose(&["at_least", "at_most"]): rng.index(6)}),
        _ => json!({"question": id, "answered": rng.chance(50)}),
    };
    let condition = match rng.index(4) {
        0 => json!({"not": single}),
        1 => json!({"any": [single, {"trait": "minors"}]}),
        _ => single,
    };
    (condition, by_level[i])
}

/// Put a fault in: something format 2 refuses, or a value of the wrong type anywhere.
fn fault(rng: &mut Mix, doc: &mut Value) {
    let n = doc["questions"].as_array().map_or(0, Vec::len);
    let i = rng.index(n.max(1));
    let q = &mut doc["questions"][i];
    match rng.index(10) {
        0 => q["show_if"] = json!({"question": *rng.choose(&["Q4", "Q9", "Q1"]), "answered": true}),
        1 => q["prompt"] = json!({"fr": "Pour qui ?"}),
        2 => q["show_if"] = json!({"question": "Q1", "equals": "c9"}),
        3 => q["choices"] = json!([{"id": "c0", "label": "A", "points": {"harm": 1}}, {"id": "c0", "label": "B"}]),
        4 => {
            doc["scoring"] = json!({"groups": [{"id": "risk", "name": "Risk"}], "levels": [{"id": "I", "name": "A"}, {"id": "II", "name": "B", "min": 9}, {"id": "III", "name": "C", "min": 3}]})
        }
        5 => q["kind"] = json!(*rng.choose(&["poll", "choice", "scale", "dialogue"])),
        6 => {
            q[*rng.choose(&["prompt", "required", "scale", "show_if", "title"])] =
                json!(*rng.choose(&[json!(7), json!([]), json!(null)]))
        }
        7 => doc["languages"] = json!(*rng.choose(&[json!([]), json!(["ko", "ko"]), json!(["Korean"])])),
        8 => {
            q["show_if"] = json!({"level_at_least": "II"});
            q["kind"] = json!("choice");
            q["choices"] = json!([{"id": "a", "label": "A", "points": 3}, {"id": "b", "label": "B"}]);
        }
        _ => q["show_if"] = json!({"question": "Q1", "at_least": 2, "in": ["c0"]}),
    }
}

/// What an accepted format 2 questionnaire promises, checked without the loader's code.
fn promises(q: &Questionnaire) -> Vec<String> {
    let mut out = Vec::new();
    let declared: HashSet<&str> = q.languages.iter().map(String::as_str).collect();
    if q.languages.is_empty() || declared.len() != q.languages.len() {
        out.push(format!("languages empty or repeated: {:?}", q.languages));
    }
    let mut texts: Vec<&Text> = vec![&q.title];
    let index: HashMap<&str, usize> = q.questions.iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect();
    let groups: HashSet<&str> = q.scoring.iter().flat_map(|s| s.groups.iter().map(|g| g.id.as_str())).collect();
    for (i, question) in q.questions.iter().enumerate() {
        texts.extend([&question.prompt, &question.title]);
        texts.extend(question.choices.iter().map(|c| &c.label));
        let ids: HashSet<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
        let takes_choices = matches!(question.kind, AnswerKind::Choice | AnswerKind::Choices);
        if takes_choices && (question.choices.len() < 2 || ids.len() != question.choices.len()) {
            out.push(format!("{}: fewer than two choices, or repeated ids", question.id));
        }
        if !takes_choices && !question.choices.is_empty() {
            out.push(format!("{}: choices on a {:?} question", question.id, question.kind));
        }
        if question.kind == AnswerKind::Scale && question.scale.as_ref().is_none_or(|s| s.min >= s.max) {
            out.push(format!("{}: a scale question without a scale from low to high", question.id));
        }
        for c in &question.choices {
            if c.points.keys().any(|g| !groups.contains(g.as_str())) {
                out.push(format!("{}: points in an undeclared group", question.id));
            }
        }
        let mut conditions: Vec<(&Condition, usize)> = question.show_if.iter().map(|c| (c, i)).collect();
        if let Some(section) = question.section.as_deref().and_then(|s| q.section(s)) {
            let first = q.questions.iter().position(|x| x.section.as_deref() == Some(section.id.as_str())).unwrap_or(i);
            conditions.extend(section.show_if.iter().map(|c| (c, first)));
        }
        for (condition, before) in conditions {
            if condition.reads_level() && question.choices.iter().any(|c| !c.points.is_empty()) {
                out.push(format!("{}: shown by the level and carries points", question.id));
            }
            check_condition(condition, before, q, &index, &mut out);
        }
    }
    for text in texts {
        if text.languages().any(|l| !declared.contains(l)) {
            out.push(format!("a text in an undeclared language: {text:?}"));
        }
    }
    if let Some(s) = &q.scoring {
        let mins: Vec<i64> = s.levels.iter().skip(1).map(|l| l.min.unwrap_or(i64::MIN)).collect();
        if s.levels.is_empty()
            || s.levels.iter().skip(1).any(|l| l.min.is_none())
            || mins.windows(2).any(|w| w[0] >= w[1])
        {
            out.push("levels missing, or not in order".into());
        }
    }
    out
}

fn check_condition(
    c: &Condition,
    before: usize,
    q: &Questionnaire,
    index: &HashMap<&str, usize>,
    out: &mut Vec<String>,
) {
    match c {
        Condition::Question { question, test } => match index.get(question.as_str()) {
            Some(&i) if i < before => {
                let target = &q.questions[i];
                let values: Vec<&String> = match test {
                    Test::Equals(v) => vec![v],
                    Test::In(vs) => vs.iter().collect(),
                    _ => vec![],
                };
                if matches!(target.kind, AnswerKind::Choice | AnswerKind::Choices)
                    && values.iter().any(|v| target.choice(v).is_none())
                {
                    out.push(format!("a condition names a choice {question} does not have"));
                }
            }
            _ => out.push(format!("a condition reads {question}, which is not an earlier question")),
        },
        Condition::All(list) | Condition::Any(list) => {
            list.iter().for_each(|c| check_condition(c, before, q, index, out))
        }
        Condition::Not(c) => check_condition(c, before, q, index, out),
        _ => {}
    }
}

fn refusal_problems(text: &str, e: &FileError) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    if e.diagnostics.is_empty() {
        out.push("refused without a problem".into());
    }
    for d in &e.diagnostics {
        let inside =
            d.line >= 1 && lines.get(d.line - 1).is_some_and(|l| d.column >= 1 && d.column <= l.chars().count() + 1);
        if !inside {
            out.push(format!("{}:{} is not in the text: {}", d.line, d.column, d.message));
        }
        if d.message.contains(['\n', '\r']) || d.message.split_whitespace().count() < 2 {
            out.push(format!("a message that is not one line of words: {:?}", d.message));
        }
    }
    out
}

/// One generated file through the loader: `Ok(true)` accepted, `Ok(false)` refused, `Err`
/// what went wrong.
fn check_one(doc: &Value, pretty: bool, answers: &[(usize, usize)]) -> Result<bool, String> {
    let text = if pretty { serde_json::to_string_pretty(doc) } else { serde_json::to_string(doc) }.unwrap();
    let loaded = catch_unwind(AssertUnwindSafe(|| catalog::parse("gen.json", &text)))
        .map_err(|_| format!("the loader panicked on {text}"))?;
    let q = match loaded {
        Err(e) => {
            let found = refusal_problems(&text, &e);
            if std::env::var_os("CHEC_FUZZ_SHOW").is_some() {
                for d in &e.diagnostics {
                    eprintln!("refused: {}", d.message);
                }
            }
            return if found.is_empty() { Ok(false) } else { Err(format!("{found:?}\ninput: {text}")) };
        }
        Ok(q) => q,
    };
    let found = promises(&q);
    if !found.is_empty() {
        return Err(format!("{found:?}\ninput: {text}"));
    }
    // Any answers at all, even ones the questions do not take, evaluate.
    let values = ["yes", "no", "maybe", "3", "2026-01-22", ""];
    let responses: HashMap<String, Response> = answers
        .iter()
        .filter_map(|&(qi, vi)| q.questions.get(qi).map(|x| (x, values[vi])))
        .map(|(x, v)| {
            let mut r = Response::empty(&x.id, &x.stage);
            r.value = v.to_string();
            r.answer = v.to_string();
            (x.id.clone(), r)
        })
        .collect();
    let standing = catch_unwind(AssertUnwindSafe(|| q.standing(&[], &responses)))
        .map_err(|_| format!("standing panicked on {text}"))?;
    if standing.shown.len() != q.questions.len() {
        return Err(format!("standing covers {} of {} questions", standing.shown.len(), q.questions.len()));
    }
    // And the questionnaire prints and loads back the same.
    match catalog::parse("again.json", &serde_json::to_string(&q).unwrap()) {
        Ok(again) if again == q => Ok(true),
        Ok(_) => Err(format!("printed and loaded back, it differs\ninput: {text}")),
        Err(e) => Err(format!("printed, it does not load back: {e}\ninput: {text}")),
    }
}

#[test]
fn generated_format_2_files_are_valid_or_refused_with_positions() {
    let (mut accepted, mut refused) = (0, 0);
    for case in 0..cases() {
        let mut rng = Mix(0xF0F2_0000 + case as u64);
        let mut doc = coherent(&mut rng);
        let faults = rng.index(3);
        for _ in 0..faults {
            fault(&mut rng, &mut doc);
        }
        let answers: Vec<(usize, usize)> = (0..rng.index(6)).map(|_| (rng.index(4), rng.index(6))).collect();
        match check_one(&doc, rng.chance(50), &answers) {
            Ok(true) => accepted += 1,
            // A file without a fault is valid by construction: refusing it is a bug.
            Ok(false) if faults == 0 => {
                let e = catalog::parse("gen.json", &doc.to_string()).err().map(|e| e.to_string()).unwrap_or_default();
                panic!("case {case}: a valid file was refused: {e}\ninput: {doc}");
            }
            Ok(false) => refused += 1,
            Err(e) => panic!("case {case}: {e}"),
        }
    }
    eprintln!("format 2 loader fuzz: {accepted} accepted, {refused} refused");
    assert!(accepted > cases() / 5, "too few generated files are valid: {accepted}");
    assert!(refused > cases() / 5, "too few generated files are refused: {refused}");
}
