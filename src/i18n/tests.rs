use std::collections::{BTreeMap, BTreeSet};

use fluent_templates::fluent_bundle::FluentResource;

use super::*;

/// Each message's id with the `$variables` it uses, per file, from the source text.
fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
        if starts_entry && let Some((id, _)) = line.split_once('=') {
            current = Some(id.trim().to_string());
            out.entry(id.trim().to_string()).or_default();
        } else if line.starts_with('#') {
            // A comment ends the message before it.
            current = None;
        }
        if let Some(id) = &current {
            let vars = out.entry(id.clone()).or_default();
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                let name: String = rest[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                vars.insert(name);
                rest = &rest[at + 1..];
            }
        }
    }
    out
}

#[test]
fn every_file_parses_in_every_language() {
    for (lang, file, text) in sources() {
        if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
            panic!("locales/{lang}/{file} does not parse: {errors:?}");
        }
    }
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_arguments() {
    let files = sources();
    for (_, file, en) in files.iter().filter(|(l, _, _)| *l == "en") {
        let ko = files.iter().find(|(l, f, _)| *l == "ko" && f == file).map(|(_, _, t)| *t).unwrap_or_default();
        let (en, ko) = (messages(en), messages(ko));
        let only_en: Vec<_> = en.keys().filter(|k| !ko.contains_key(*k)).collect();
        let only_ko: Vec<_> = ko.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty(), "{file}: in English only: {only_en:?}");
        assert!(only_ko.is_empty(), "{file}: in Korean only: {only_ko:?}");
        for (id, vars) in &en {
            assert_eq!(vars, &ko[id], "{file}: {id} takes other arguments in Korean");
        }
    }
}

#[test]
fn the_completeness_check_sees_a_missing_message() {
    let en = messages("a = A\nb = B { $n }\n");
    let ko = messages("a = 가\n");
    assert!(en.contains_key("b") && !ko.contains_key("b"));
    assert_eq!(en["b"], BTreeSet::from(["n".to_string()]));
}

#[test]
fn korean_never_hedges_its_particles() {
    for (lang, file, text) in sources().into_iter().filter(|(l, _, _)| *l == "ko") {
        for hedge in ["을(를)", "를(을)", "이(가)", "가(이)", "은(는)", "는(은)", "와(과)", "과(와)", "(으)로"]
        {
            assert!(!text.contains(hedge), "locales/{lang}/{file} writes {hedge}");
        }
    }
}

#[test]
fn arguments_come_without_isolation_marks() {
    for lang in Lang::ALL {
        let text = crate::tr!(lang, "wrote-file", path = "보고서|최종.md");
        assert!(text.contains("보고서|최종.md"), "{text}");
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
    }
}

#[test]
fn one_process_speaks_both_languages() {
    assert_eq!(t(Lang::En, "minutes-attendees"), "Attendees");
    assert_eq!(t(Lang::Ko, "minutes-attendees"), "참석자");
    assert_eq!(t(Lang::Ko, "no-such-message"), "no-such-message");
}

#[test]
fn every_catalogue_file_is_checked() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut on_disk = Vec::new();
    for lang in ["en", "ko"] {
        for entry in std::fs::read_dir(root.join(lang)).unwrap() {
            on_disk.push((lang.to_string(), entry.unwrap().file_name().to_string_lossy().into_owned()));
        }
    }
    on_disk.sort();
    let mut checked: Vec<_> = sources().iter().map(|(l, f, _)| (l.to_string(), f.to_string())).collect();
    checked.sort();
    assert_eq!(on_disk, checked, "list every file of locales/ in i18n::sources");
}

fn every_word_of<W: Word>() {
    for lang in Lang::ALL {
        for value in W::all() {
            let id = format!("{}-{}", W::KIND, value.stored());
            assert!(has(lang, &id), "no message {id} in {lang}");
        }
    }
}

#[test]
fn every_recorded_value_has_a_word_in_both_languages() {
    use crate::domain::*;
    every_word_of::<Assessment>();
    every_word_of::<Priority>();
    every_word_of::<ItemStatus>();
    every_word_of::<StageState>();
    every_word_of::<ConsultationStatus>();
    every_word_of::<Decision>();
    every_word_of::<RiskSource>();
    every_word_of::<RiskResponse>();
    every_word_of::<MeetingField>();
    every_word_of::<ResponseField>();
    every_word_of::<AnswerKind>();
    assert_eq!(word(Lang::Ko, Priority::High), "높음");
    assert_eq!(word(Lang::En, ItemStatus::WontDo), ItemStatus::WontDo.label());
}

#[test]
fn every_key_of_the_key_table_is_described_in_both_languages() {
    use crate::tui::keys::BINDINGS;
    for lang in Lang::ALL {
        for b in BINDINGS {
            assert!(has(lang, b.help), "{lang}: no message {}", b.help);
            assert!(b.hint.is_empty() || has(lang, b.hint), "{lang}: no message {}", b.hint);
            assert!(has(lang, b.scope.title()), "{lang}: no message {}", b.scope.title());
        }
    }
    // The English is what the help said before it came from the catalogue.
    assert_eq!(t(Lang::En, "help-show-or-hide-this-help"), "Show or hide this help");
    assert_eq!(t(Lang::Ko, "help-show-or-hide-this-help"), "이 도움말 보이기/숨기기");
}

#[test]
fn no_message_is_defined_twice_across_files() {
    for lang in ["en", "ko"] {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (_, file, text) in sources().into_iter().filter(|(l, _, _)| *l == lang) {
            for id in messages(text).into_keys() {
                if let Some(first) = seen.insert(id.clone(), file) {
                    panic!("locales/{lang}: {id} is in both {first} and {file}");
                }
            }
        }
    }
}

/// Every message formatted the quick way (text and arguments put in place) reads exactly as
/// Fluent writes it, with text, Korean, a `|` and numbers as arguments; and messages Fluent
/// must decide (a selector, a missing argument) still go through Fluent.
#[test]
fn simple_messages_read_as_fluent_writes_them() {
    let mut checked = 0;
    for lang in Lang::ALL {
        for (code, _, text) in sources() {
            if code != lang.code() {
                continue;
            }
            for (id, vars) in messages(text) {
                let Some(pieces) = simple::pieces(lang, &id) else { continue };
                let vars: Vec<&'static str> = vars.into_iter().map(|v| &*v.leak()).collect();
                for sample in ["kim | 김민지", "", "3"] {
                    let args: Vec<(&'static str, FluentValue<'_>)> =
                        vars.iter().map(|v| (*v, FluentValue::from(sample))).collect();
                    assert_eq!(simple::format(pieces, &args), Some(through_fluent(lang, &id, &args)), "{id}");
                }
                let numbers: Vec<(&'static str, FluentValue<'_>)> =
                    vars.iter().map(|v| (*v, FluentValue::from(12))).collect();
                assert_eq!(simple::format(pieces, &numbers), Some(through_fluent(lang, &id, &numbers)), "{id}");
                if let Some((_, fewer)) = vars.split_first().map(|(_, rest)| ((), rest)) {
                    let missing: Vec<(&'static str, FluentValue<'_>)> =
                        fewer.iter().map(|v| (*v, FluentValue::from("x"))).collect();
                    assert_eq!(simple::format(pieces, &missing), None, "{id} with an argument missing");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} simple messages: the catalogue is not being read");
    // A message with a selector (`{ $n -> … }`) is not simple.
    let mut selectors = 0;
    for (code, _, text) in sources() {
        let lang = Lang::parse(code).unwrap_or_default();
        for line in text.lines().filter(|l| l.contains("->")) {
            let Some((id, _)) = line.split_once('=') else { continue };
            assert!(simple::pieces(lang, id.trim()).is_none(), "{code} {id} has a selector");
            selectors += 1;
        }
    }
    assert!(selectors > 0, "the catalogue has no selector to check");
}
