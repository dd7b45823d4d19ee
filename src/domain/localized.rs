//! Text a questionnaire gives in one or more languages.
//!
//! A questionnaire declares its languages (`["ko", "en"]`); each of its names, prompts and
//! labels is a plain string (in the first language) or one text per language. A reader asks
//! for their language and gets it, or the questionnaire's first language when that text has
//! no translation, told that it fell back so the screen can mark it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One text in the languages it was given in, in the questionnaire's language order.
///
/// Serialised as an object `{"en": "…", "ko": "…"}` (the empty text as `""`), so that a
/// consultation's snapshot keeps every language. A plain string read back (a snapshot of a
/// format 1 questionnaire) has no language until [`Text::resolve`] gives it one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    entries: Vec<(String, String)>,
}

impl Text {
    /// Text in one language.
    pub fn plain(language: &str, text: impl Into<String>) -> Text {
        let text = text.into();
        if text.is_empty() {
            return Text::default();
        }
        Text { entries: vec![(language.to_string(), text)] }
    }

    /// Text in several languages, in the order given; empty texts are left out.
    pub fn new(entries: impl IntoIterator<Item = (String, String)>) -> Text {
        Text { entries: entries.into_iter().filter(|(_, t)| !t.is_empty()).collect() }
    }

    /// The text in `language`, or else in the first language it has; `true` when it fell
    /// back. The empty text is `("", false)`.
    pub fn get(&self, language: &str) -> (&str, bool) {
        if let Some((_, text)) = self.entries.iter().find(|(l, _)| l == language) {
            return (text, false);
        }
        match self.entries.first() {
            Some((_, text)) => (text, true),
            None => ("", false),
        }
    }

    /// The text in `language` (or its fallback) as it is shown: a fallback is marked with
    /// its language in brackets, `[ko] 안내`, so that a reader knows it is not theirs.
    pub fn shown(&self, language: &str) -> Cow<'_, str> {
        match self.get(language) {
            (text, false) => Cow::Borrowed(text),
            (text, true) => {
                let from = self.entries.first().map_or("", |(l, _)| l.as_str());
                Cow::Owned(format!("[{from}] {text}"))
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The languages it is given in.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(l, _)| l.as_str())
    }

    /// Give text read without a language (a plain string) the questionnaire's first one.
    pub fn resolve(&mut self, first_language: &str) {
        for (language, _) in &mut self.entries {
            if language.is_empty() {
                *language = first_language.to_string();
            }
        }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.entries.is_empty() {
            return s.serialize_str("");
        }
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (language, text) in &self.entries {
            map.serialize_entry(language, text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or an object of texts by language")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::plain("", v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut entries = Vec::new();
                while let Some((language, text)) = map.next_entry::<String, String>()? {
                    entries.push((language, text));
                }
                Ok(Text::new(entries))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Text {
        Text::new([("ko".to_string(), "돌봄".to_string()), ("en".to_string(), "Care".to_string())])
    }

    #[test]
    fn a_language_it_has_is_given_else_the_first_marked() {
        assert_eq!(both().get("en"), ("Care", false));
        assert_eq!(both().get("ko"), ("돌봄", false));
        assert_eq!(both().get("fr"), ("돌봄", true));
        assert_eq!(both().shown("fr"), "[ko] 돌봄");
        assert_eq!(both().shown("en"), "Care");
        assert_eq!(Text::default().get("en"), ("", false));
    }

    #[test]
    fn it_round_trips_with_every_language_and_plain_strings_resolve() {
        let json = serde_json::to_string(&both()).unwrap();
        assert_eq!(json, r#"{"ko":"돌봄","en":"Care"}"#);
        assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), both());
        let mut plain: Text = serde_json::from_str(r#""Care""#).unwrap();
        assert_eq!(plain.get("ko"), ("Care", true));
        plain.resolve("en");
        assert_eq!(plain.get("en"), ("Care", false));
        assert_eq!(serde_json::to_string(&Text::default()).unwrap(), r#""""#);
    }
}
