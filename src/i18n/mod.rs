//! The interface's words in English and Korean: a Fluent catalogue (`locales/<lang>/*.ftl`)
//! compiled into the binary.
//!
//! Every lookup is given the language it is for, so one process can show its screens in
//! Korean and export a report in English. Fluent's bidirectional isolation marks (U+2068,
//! U+2069 around each argument) are turned off: they would reach terminals and exports as
//! invisible characters.

mod lang;
mod simple;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader as _, static_loader};

pub use lang::{Lang, chosen, resolve};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The message `id` in `lang`; English when the Korean one is missing (the catalogue test
/// forbids that), and the id itself when neither has it, so a missing message shows as such
/// rather than as nothing.
pub fn t(lang: Lang, id: &str) -> String {
    // A message without arguments always reads the same: each is resolved once (a report
    // names thousands of statuses, priorities and labels, and Fluent's lookup is the
    // costliest part of each).
    type Resolved = [HashMap<Box<str>, String>; 2];
    static RESOLVED: LazyLock<Mutex<Resolved>> = LazyLock::new(Mutex::default);
    let slot = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    let mut resolved = RESOLVED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(text) = resolved[slot].get(id) {
        return text.clone();
    }
    let text = LOCALES.try_lookup(lang.id(), id).unwrap_or_else(|| id.to_string());
    resolved[slot].insert(id.into(), text.clone());
    text
}

/// The message `id` in `lang` with its arguments: `t_args(lang, "wrote", &[("path", p.into())])`.
pub fn t_args(lang: Lang, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
    if let Some(text) = simple::pieces(lang, id).and_then(|pieces| simple::format(pieces, args)) {
        return text;
    }
    through_fluent(lang, id, args)
}

/// [`t_args`] through Fluent's resolver, whatever the message.
fn through_fluent(lang: Lang, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
    LOCALES.try_lookup_with_args(lang.id(), id, &args).unwrap_or_else(|| id.to_string())
}

/// Whether the catalogue has message `id` in `lang` (without falling back to English).
pub fn has(lang: Lang, id: &str) -> bool {
    // Asked for each change a report lists; the catalogue never changes, so once each.
    type Known = [HashMap<Box<str>, bool>; 2];
    static KNOWN: LazyLock<Mutex<Known>> = LazyLock::new(Mutex::default);
    let slot = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    let mut known = KNOWN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = known[slot].get(id) {
        return *found;
    }
    let found = LOCALES.lookup_no_default_fallback::<&str>(lang.id(), id, None).is_some();
    known[slot].insert(id.into(), found);
    found
}

/// A recorded value that people read as a word: an assessment, a priority, a status, …
/// Its message id is `<KIND>-<stored word>`, e.g. `priority-high`.
pub trait Word: Copy + 'static {
    const KIND: &'static str;
    fn stored(self) -> &'static str;
    /// Every value, for the catalogue test.
    fn all() -> &'static [Self];
}

/// The word for `value` in `lang`.
pub fn word<W: Word>(lang: Lang, value: W) -> String {
    // Found without building its message id, once it has been found once.
    type Words = HashMap<(Lang, &'static str, &'static str), String>;
    static WORDS: LazyLock<Mutex<Words>> = LazyLock::new(Mutex::default);
    let key = (lang, W::KIND, value.stored());
    let mut words = WORDS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    words.entry(key).or_insert_with(|| t(lang, &format!("{}-{}", W::KIND, value.stored()))).clone()
}

macro_rules! words {
    ($($ty:ty => $kind:literal),* $(,)?) => {$(
        impl Word for $ty {
            const KIND: &'static str = $kind;
            fn stored(self) -> &'static str {
                self.as_str()
            }
            fn all() -> &'static [Self] {
                <$ty>::ALL
            }
        }
    )*};
}

use crate::domain::{
    AnswerKind, Assessment, ConsultationStatus, Decision, ItemStatus, MeetingField, Priority, ResponseField,
    RiskResponse, RiskSource, StageState,
};
words! {
    Assessment => "assessment",
    Priority => "priority",
    ItemStatus => "item-status",
    StageState => "stage-state",
    ConsultationStatus => "consultation-status",
    Decision => "decision",
    RiskSource => "risk-source",
    RiskResponse => "risk-response",
    MeetingField => "meeting-field",
    ResponseField => "response-field",
    AnswerKind => "answer-kind",
}

/// `tr!(lang, "id")` or `tr!(lang, "id", name = value, …)`: a message in `lang`, its
/// arguments given by name (strings and numbers).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:expr) => {
        $crate::i18n::t($lang, $id)
    };
    ($lang:expr, $id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::t_args(
            $lang,
            $id,
            &[$((stringify!($name), $crate::i18n::arg($value))),+],
        )
    };
}

/// A value as a message argument: text as text, numbers as numbers (for plurals).
pub fn arg<'a>(value: impl Into<Arg<'a>>) -> FluentValue<'a> {
    match value.into() {
        Arg::Text(t) => FluentValue::String(t),
        Arg::Number(n) => FluentValue::from(n),
    }
}

/// What a message argument may be.
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(v))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(v: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(v.as_str()))
    }
}
impl From<String> for Arg<'_> {
    fn from(v: String) -> Self {
        Arg::Text(Cow::Owned(v))
    }
}
impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(v: Cow<'a, str>) -> Self {
        Arg::Text(v)
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(v: $t) -> Self {
                Arg::Number(v as f64)
            }
        }
    )*};
}
number_arg!(i32, i64, u8, u16, u32, u64, usize);

/// The catalogue's source, file by file, for the completeness test: (language, file name,
/// text). Embedded as the loader embeds it.
pub fn sources() -> Vec<(&'static str, &'static str, &'static str)> {
    catalogue_files!("catalog.ftl", "cli.ftl", "errors.ftl", "export.ftl", "help.ftl", "keys.ftl", "tui.ftl")
}

macro_rules! catalogue_files {
    ($($file:literal),*) => {
        vec![
            $(("en", $file, include_str!(concat!("../../locales/en/", $file))),)*
            $(("ko", $file, include_str!(concat!("../../locales/ko/", $file))),)*
        ]
    };
}
use catalogue_files;

#[cfg(test)]
mod tests;
