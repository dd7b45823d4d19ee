//! `chec items --format json` (and `chec export items --format json`) written straight from
//! each item: the text [`ItemJson`] gives through serde, cleaned as every JSON chec prints
//! is, at a fraction of the cost (it is the listing programs read a million items with).
//!
//! The fields, their order and the layout are those of `ItemJson` pretty-printed inside an
//! array; the tests hold the two to the same bytes for any item, so a field added to
//! [`Item`](crate::domain::Item) and not here fails them.

use std::io::{self, Write};

use super::item_source::ItemSource;
use crate::domain::ItemRef;
use crate::text::sanitize_block;

/// An item as `chec items --format json` prints it (documented in README).
/// `I` is an [`Item`](crate::domain::Item) or a reference to one.
#[derive(serde::Serialize)]
pub struct ItemJson<I> {
    #[serde(flatten)]
    pub item: I,
    /// likelihood × impact, when both are rated.
    pub score: Option<u8>,
    pub overdue: bool,
}

/// Write `items` as a pretty JSON array (and a line break), each as [`ItemJson`] with
/// `today` deciding which are overdue.
pub fn write_items_json(out: &mut impl Write, items: &mut impl ItemSource, today: &str) -> anyhow::Result<()> {
    let mut first = true;
    out.write_all(b"[")?;
    while let Some(item) = items.next_item()? {
        out.write_all(if first { b"\n  {\n" } else { b",\n  {\n" })?;
        first = false;
        write_fields(out, &item, today)?;
        out.write_all(b"\n  }")?;
    }
    Ok(out.write_all(if first { b"]\n" } else { b"\n]\n" })?)
}

/// The fields of one item at the depth of an array's element.
fn write_fields(out: &mut impl Write, i: &ItemRef<'_>, today: &str) -> io::Result<()> {
    text(out, b"    \"key\": ", i.key)?;
    text(out, b",\n    \"consultation\": ", i.consultation)?;
    text(out, b",\n    \"title\": ", i.title)?;
    text(out, b",\n    \"detail\": ", i.detail)?;
    optional_text(out, b",\n    \"question_id\": ", i.question_id)?;
    out.write_all(b",\n    \"principles\": ")?;
    if i.principles.is_empty() {
        out.write_all(b"[]")?;
    } else {
        for (n, p) in i.principles.iter().enumerate() {
            text(out, if n == 0 { b"[\n      " } else { b",\n      " }, p)?;
        }
        out.write_all(b"\n    ]")?;
    }
    text(out, b",\n    \"stage\": ", i.stage)?;
    value(out, b",\n    \"meeting\": ", &i.meeting)?;
    text(out, b",\n    \"owner\": ", i.owner)?;
    optional_text(out, b",\n    \"due_date\": ", i.due_date)?;
    value(out, b",\n    \"priority\": ", &i.priority)?;
    value(out, b",\n    \"risk_source\": ", &i.risk_source)?;
    value(out, b",\n    \"likelihood\": ", &i.likelihood)?;
    value(out, b",\n    \"impact\": ", &i.impact)?;
    value(out, b",\n    \"response\": ", &i.response)?;
    value(out, b",\n    \"status\": ", &i.status)?;
    text(out, b",\n    \"resolution\": ", i.resolution)?;
    text(out, b",\n    \"created_at\": ", i.created_at)?;
    text(out, b",\n    \"updated_at\": ", i.updated_at)?;
    value(out, b",\n    \"score\": ", &i.risk_score())?;
    value(out, b",\n    \"overdue\": ", &i.is_overdue(today))
}

/// `key` (with what goes before it), then `text` cleaned and escaped as serde_json escapes.
fn text(out: &mut impl Write, key: &[u8], text: &str) -> io::Result<()> {
    out.write_all(key)?;
    if is_plain(text) {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        return out.write_all(b"\"");
    }
    serde_json::to_writer(&mut *out, sanitize_block(text).as_ref()).map_err(io_error)
}

/// Whether `text` is written as it is: nothing to clean ([`needs_sanitizing`]'s suspects)
/// and nothing JSON escapes (`"`, `\`, controls). One scan in blocks, which the compiler
/// turns into vector instructions, instead of cleaning's scan and then serde's byte by byte:
/// most of a listing's text (keys, dates, owners, titles) takes this way.
///
/// [`needs_sanitizing`]: crate::text::needs_sanitizing
fn is_plain(text: &str) -> bool {
    let special = |b: u8| b < 0x20 || b == 0x7f || b == b'"' || b == b'\\' || b == 0xC2 || b == 0xD8 || b == 0xE2;
    !text.as_bytes().chunks(32).any(|block| block.iter().fold(false, |seen, &b| seen | special(b)))
}

fn optional_text(out: &mut impl Write, key: &[u8], value: Option<&str>) -> io::Result<()> {
    match value {
        Some(t) => text(out, key, t),
        None => {
            out.write_all(key)?;
            out.write_all(b"null")
        }
    }
}

/// `key`, then a value with no text of the user's in it (a number, a word, a flag).
fn value(out: &mut impl Write, key: &[u8], value: &impl serde::Serialize) -> io::Result<()> {
    out.write_all(key)?;
    serde_json::to_writer(&mut *out, value).map_err(io_error)
}

/// serde_json's error for a write that failed, as the writer's own error.
fn io_error(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{Item, ItemStatus, Priority, RiskResponse, RiskSource};

    /// What chec printed before: each `ItemJson` through serde, its strings cleaned.
    fn through_serde(items: &[Item], today: &str) -> String {
        let json: Vec<_> =
            items.iter().map(|i| ItemJson { item: i, score: i.risk_score(), overdue: i.is_overdue(today) }).collect();
        let mut out = Vec::new();
        crate::export::json::write_clean(&mut out, &json).unwrap();
        out.push(b'\n');
        String::from_utf8(out).unwrap()
    }

    fn written(items: &[Item], today: &str) -> String {
        let mut out = Vec::new();
        write_items_json(&mut out, &mut crate::cli::item_source::Items::new(items.iter()), today).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[a-z가 |\"\\\\/\u{1b}\u{7}\u{9b}\u{9c}\u{9d}\\[\\];\t\r\n\u{202e}\u{2028}]{0,24}",]
    }

    prop_compose! {
        fn item()(
            texts in prop::collection::vec(text(), 9),
            principles in prop::collection::vec(text(), 0..3),
            question in prop::option::of(text()),
            due in prop::option::of("20[0-9][0-9]-[01][0-9]-[0-3][0-9]"),
            meeting in prop::option::of(any::<i64>()),
            rank in 1i64..=4,
            risk in prop::option::of((1u8..=5, 1u8..=5)),
            source in prop::option::of(prop::sample::select(RiskSource::ALL.to_vec())),
            response in prop::option::of(prop::sample::select(RiskResponse::ALL.to_vec())),
            status in prop::sample::select(ItemStatus::ALL.to_vec()),
        ) -> Item {
            let [key, consultation, title, detail, stage, owner, resolution, created, updated] =
                <[String; 9]>::try_from(texts).unwrap();
            Item {
                id: "not printed".into(),
                key, consultation, title, detail,
                question_id: question,
                principles,
                stage,
                meeting,
                owner,
                due_date: due,
                priority: Priority::from_rank(rank).unwrap(),
                risk_source: source,
                likelihood: risk.map(|r| r.0),
                impact: risk.map(|r| r.1),
                response,
                status,
                resolution,
                created_at: created,
                updated_at: updated,
            }
        }
    }

    proptest! {
        #[test]
        fn the_same_bytes_as_item_json_through_serde(items in prop::collection::vec(item(), 0..4)) {
            for today in ["2025-03-01", "2099-01-01"] {
                prop_assert_eq!(written(&items, today), through_serde(&items, today));
            }
        }
    }
}
