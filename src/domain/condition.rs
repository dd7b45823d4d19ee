//! When a question or section is shown: `show_if` conditions on earlier answers, the
//! service's traits and the consultation's impact level.
//!
//! In a file (and in a stored snapshot) a condition is one of:
//!
//! ```json
//! {"question": "Q1", "equals": "yes"}          one choice is it; several include it; a number is it
//! {"question": "Q1", "in": ["a", "b"]}         one choice is one of them; several include one
//! {"question": "Q1", "at_least": 3}            a scale point or number (also "at_most")
//! {"question": "Q1", "answered": true}         any kind
//! {"trait": "minors"}
//! {"level": "III"}   {"level_at_least": "III"}
//! {"all": [ … ]}  {"any": [ … ]}  {"not": { … }}
//! ```
//!
//! A hidden or unanswered question satisfies only `"answered": false`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};

/// A `show_if` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Question { question: String, test: Test },
    Trait(String),
    Level(String),
    LevelAtLeast(String),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// What a condition asks of an earlier answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// A choice, a number, a scale point or a date, as text (`"yes"`, `"3"`).
    Equals(String),
    In(Vec<String>),
    AtLeast(i64),
    AtMost(i64),
    Answered(bool),
}

impl Condition {
    /// The questions it reads, each once per mention.
    pub fn questions(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit(&mut |c| {
            if let Condition::Question { question, .. } = c {
                out.push(question.as_str());
            }
        });
        out
    }

    /// Whether it reads the impact level.
    pub fn reads_level(&self) -> bool {
        let mut found = false;
        self.visit(&mut |c| found |= matches!(c, Condition::Level(_) | Condition::LevelAtLeast(_)));
        found
    }

    fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a Condition)) {
        f(self);
        match self {
            Condition::All(list) | Condition::Any(list) => list.iter().for_each(|c| c.visit(f)),
            Condition::Not(c) => c.visit(f),
            _ => {}
        }
    }

    /// As written in a file.
    pub fn to_json(&self) -> Value {
        match self {
            Condition::Question { question, test } => match test {
                Test::Equals(v) => json!({"question": question, "equals": v}),
                Test::In(vs) => json!({"question": question, "in": vs}),
                Test::AtLeast(n) => json!({"question": question, "at_least": n}),
                Test::AtMost(n) => json!({"question": question, "at_most": n}),
                Test::Answered(b) => json!({"question": question, "answered": b}),
            },
            Condition::Trait(t) => json!({"trait": t}),
            Condition::Level(l) => json!({"level": l}),
            Condition::LevelAtLeast(l) => json!({"level_at_least": l}),
            Condition::All(list) => json!({"all": list.iter().map(Condition::to_json).collect::<Vec<_>>()}),
            Condition::Any(list) => json!({"any": list.iter().map(Condition::to_json).collect::<Vec<_>>()}),
            Condition::Not(c) => json!({"not": c.to_json()}),
        }
    }

    /// Read back what [`Condition::to_json`] wrote (a stored snapshot, already validated
    /// when it was a file); `None` for anything else.
    pub fn from_json(value: &Value) -> Option<Condition> {
        let map = value.as_object()?;
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        if let Some(question) = map.get("question").and_then(Value::as_str) {
            let test = if let Some(v) = map.get("equals") {
                Test::Equals(text(v)?)
            } else if let Some(v) = map.get("in") {
                Test::In(v.as_array()?.iter().map(text).collect::<Option<_>>()?)
            } else if let Some(v) = map.get("at_least") {
                Test::AtLeast(v.as_i64()?)
            } else if let Some(v) = map.get("at_most") {
                Test::AtMost(v.as_i64()?)
            } else {
                Test::Answered(map.get("answered")?.as_bool()?)
            };
            return Some(Condition::Question { question: question.to_string(), test });
        }
        let list = |v: &Value| v.as_array()?.iter().map(Condition::from_json).collect::<Option<Vec<_>>>();
        let (key, v) = map.iter().next()?;
        Some(match key.as_str() {
            "trait" => Condition::Trait(v.as_str()?.to_string()),
            "level" => Condition::Level(v.as_str()?.to_string()),
            "level_at_least" => Condition::LevelAtLeast(v.as_str()?.to_string()),
            "all" => Condition::All(list(v)?),
            "any" => Condition::Any(list(v)?),
            "not" => Condition::Not(Box::new(Condition::from_json(v)?)),
            _ => return None,
        })
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        let value = Value::deserialize(d)?;
        Condition::from_json(&value).ok_or_else(|| serde::de::Error::custom("not a condition"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_round_trip_through_json() {
        let c = Condition::All(vec![
            Condition::Question { question: "Q1".into(), test: Test::In(vec!["a".into(), "b".into()]) },
            Condition::Not(Box::new(Condition::Trait("minors".into()))),
            Condition::Any(vec![
                Condition::LevelAtLeast("III".into()),
                Condition::Question { question: "Q2".into(), test: Test::AtLeast(3) },
                Condition::Question { question: "Q3".into(), test: Test::Answered(false) },
            ]),
        ]);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Condition>(&json).unwrap(), c);
        assert_eq!(c.questions(), ["Q1", "Q2", "Q3"]);
        assert!(c.reads_level());
    }
}
