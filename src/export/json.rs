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

/// Write `value` as pretty JSON with every string cleaned as [`clean`] cleans it, straight
/// from the value: no [`Value`] is built, so a large listing costs what its text costs.
pub fn write_clean<W: std::io::Write, T: serde::Serialize + ?Sized>(writer: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, CleanFormatter::default());
    value.serialize(&mut ser)
}

/// A serializer writing pretty JSON with every string cleaned, for values written one at a
/// time (see [`write_clean`]).
pub fn clean_serializer<W: std::io::Write>(writer: W) -> serde_json::Serializer<W, CleanFormatter> {
    serde_json::Serializer::with_formatter(writer, CleanFormatter::default())
}

/// serde_json's pretty layout, with every string cleaned as it is written. A string is
/// written through as long as it holds nothing to clean; from the first character that needs
/// cleaning, the rest is gathered and written cleaned when the string ends (what went before
/// holds no control character, so cleaning it first would change nothing).
#[derive(Default)]
pub struct CleanFormatter {
    pretty: serde_json::ser::PrettyFormatter<'static>,
    /// Where a string being written stands.
    string: Option<Gathering>,
    /// The rest of the string, as it is (escapes undone), from its first character to clean.
    rest: String,
    /// That rest, cleaned and escaped.
    escaped: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gathering {
    /// Nothing to clean yet: written through.
    No,
    /// Gathering the rest into `rest`.
    Yes,
}

impl CleanFormatter {
    /// Text of a string (or, outside one, anything else), written through or gathered.
    fn text<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, text: &str) -> std::io::Result<()> {
        match self.string {
            Some(Gathering::No) if crate::text::needs_sanitizing(text) => {
                self.string = Some(Gathering::Yes);
                self.rest.push_str(text);
                Ok(())
            }
            Some(Gathering::Yes) => {
                self.rest.push_str(text);
                Ok(())
            }
            // Inside a string (a number used as a map key is written inside one) or not.
            Some(Gathering::No) | None => writer.write_all(text.as_bytes()),
        }
    }
}

macro_rules! numbers {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        fn $name<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: $t) -> std::io::Result<()> {
            if self.string.is_some() {
                return self.text(writer, &value.to_string());
            }
            self.pretty.$name(writer, value)
        }
    )*};
}

impl serde_json::ser::Formatter for CleanFormatter {
    numbers!(
        write_bool: bool, write_i8: i8, write_i16: i16, write_i32: i32, write_i64: i64, write_i128: i128,
        write_u8: u8, write_u16: u16, write_u32: u32, write_u64: u64, write_u128: u128, write_f32: f32, write_f64: f64,
    );

    fn write_number_str<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: &str) -> std::io::Result<()> {
        self.text(writer, value)
    }

    fn begin_string<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.string = Some(Gathering::No);
        writer.write_all(b"\"")
    }

    fn end_string<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        if self.string.take() == Some(Gathering::Yes) {
            // Escaped into a buffer (which cannot fail), so that a failed write is the
            // writer's own error (a closed pipe stays a closed pipe); without its quotes.
            self.escaped.clear();
            serde_json::to_writer(&mut self.escaped, sanitize_block(&self.rest).as_ref())
                .map_err(std::io::Error::other)?;
            self.rest.clear();
            writer.write_all(&self.escaped[1..self.escaped.len() - 1])?;
        }
        writer.write_all(b"\"")
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        self.text(writer, fragment)
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        use serde_json::ser::CharEscape;
        let c = match escape {
            CharEscape::Quote => '"',
            CharEscape::ReverseSolidus => '\\',
            CharEscape::Solidus => '/',
            CharEscape::Backspace => '\u{8}',
            CharEscape::FormFeed => '\u{c}',
            CharEscape::LineFeed => '\n',
            CharEscape::CarriageReturn => '\r',
            CharEscape::Tab => '\t',
            CharEscape::AsciiControl(byte) => char::from(byte),
        };
        match self.string {
            Some(Gathering::No) if matches!(c, '"' | '\\' | '/') => self.pretty.write_char_escape(writer, escape),
            Some(_) => self.text(writer, c.encode_utf8(&mut [0; 4])),
            None => self.pretty.write_char_escape(writer, escape),
        }
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.pretty.end_object_value(writer)
    }

    fn write_raw_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        self.text(writer, fragment)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    /// What chec wrote before: the value, then every string cleaned, then pretty JSON.
    fn by_value(v: &serde_json::Value) -> String {
        serde_json::to_string_pretty(&super::clean(v.clone())).unwrap()
    }

    fn direct(v: &serde_json::Value) -> String {
        let mut out = Vec::new();
        super::write_clean(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_cleaned_as_they_are_written() {
        let v = json!({"a": ["x\u{1b}]52;c;AA==\u{7}y", "tab\there", "\"q\" \\ /", 1, -2.5, null, true],
                       "b": {"c\u{9b}31m": "line\r\nbreak\u{202e}", "d": []}, "e": {}});
        assert_eq!(direct(&v), by_value(&v).replace("c\u{9b}31m", "c"));
    }

    proptest! {
        #[test]
        fn the_same_text_as_cleaning_a_value(
            texts in prop::collection::vec(
                prop_oneof![any::<String>(), "[a-z가 \\\\\"/\u{1b}\u{7}\u{9b}\u{9c}\u{9d}\\[\\];\t\r\n\u{202e}]{0,24}"],
                0..6,
            ),
            n in any::<i64>(),
        ) {
            let v = json!({"texts": texts, "n": n, "nested": [{"t": texts.first()}]});
            prop_assert_eq!(direct(&v), by_value(&v));
        }
    }
}
