//! Bad input and hostile conditions: the questionnaire loader under fuzzing, broken and
//! read-only database files through the real binary, a full disk, and private file modes.
//!
//! Sizes: `CHEC_FUZZ_CASES` (default 10,000) is the number of mutated files the loader fuzz
//! feeds; the structure-aware property test and the database corruption rounds scale with it.

use crate::common;
use crate::common::cli::{assert_exit, stderr, stdout};
use crate::common::keys::type_text;

use std::os::unix::fs::PermissionsExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chec::catalog::{self, FileError};
use chec::domain::QuestionRef;
use chec::domain::{Consultation, NewConsultation, NewItem, NewMeeting, Questionnaire, ResponseField};
use chec::storage::{MIGRATIONS, Store};
use chec::tui::action::Action;
use chec::tui::app::{App, Status};
use chec::tui::screens::consultation::EditTarget;
use proptest::prelude::*;

use rusqlite::Connection;
use serde_json::{Value, json};

use crate::common::mix::Mix;

const TODAY: &str = "2026-11-22";

// =============================================================================================
// Helpers: sizes and randomness

/// How many mutated files the loader fuzz feeds: `CHEC_FUZZ_CASES`, default 10,000.
fn fuzz_cases() -> usize {
    std::env::var("CHEC_FUZZ_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(10_000)
}

/// Generated questionnaires for the structure-aware property test: a fifth of the fuzz cases.
fn structured_cases() -> u32 {
    u32::try_from(fuzz_cases() / 5).unwrap_or(u32::MAX).max(1)
}

/// Rounds of random bytes written into the middle pages of a database.
fn corruption_rounds() -> u64 {
    (fuzz_cases() as u64 / 1000).max(10)
}

// =============================================================================================
// Helpers: the questionnaire loader

/// What the loader is fed: the shipped files, a small questionnaire cut from the default one,
/// and that small one again in Korean with emoji (so there are multi-byte characters to cut).
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let mut seeds: Vec<(&'static str, Vec<u8>)> =
        catalog::SHIPPED.iter().map(|(name, text)| (*name, text.as_bytes().to_vec())).collect();
    let small = small_questionnaire();
    seeds.push(("small.json", serde_json::to_string_pretty(&small).unwrap().into_bytes()));
    seeds.push(("small-korean.json", serde_json::to_string_pretty(&koreanise(small)).unwrap().into_bytes()));
    seeds
}

/// The default questionnaire cut to its first two stages and six of their questions.
fn small_questionnaire() -> Value {
    let mut doc: Value = serde_json::from_str(catalog::SHIPPED[0].1).unwrap();
    let stages: Vec<Value> = doc["stages"].as_array().unwrap().iter().take(2).cloned().collect();
    let kept: Vec<&str> = stages.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let questions: Vec<Value> = doc["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| kept.contains(&q["stage"].as_str().unwrap()))
        .take(6)
        .cloned()
        .collect();
    doc["stages"] = Value::Array(stages);
    doc["questions"] = Value::Array(questions);
    doc
}

fn koreanise(mut doc: Value) -> Value {
    doc["title"] = json!("돌봄 챗봇 윤리 상담 질문지 🧑‍💻");
    for list in ["traits", "principles", "stages"] {
        for (i, named) in doc[list].as_array_mut().unwrap().iter_mut().enumerate() {
            named["name"] = json!(format!("원칙과 단계 {i} — 사람 중심 ✅"));
        }
    }
    for q in doc["questions"].as_array_mut().unwrap() {
        q["prompt"] = json!("이 서비스는 누구를 위한 것이며, 누가 배제될 수 있나요? 👩‍👩‍👧");
        q["guidance"]["why"] = json!("보호자와 아이가 함께 쓰는 서비스이기 때문입니다.");
    }
    doc
}

/// Tokens and text put into JSON: its own punctuation and literals, numbers no type can hold,
/// escapes that are not characters, Korean, emoji, control, bidi and other invisible characters.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "{", "}", "[", "]", "\"", ",", ":", "null", "true", "false", "{}", "[]", "\"\"", "'", "//", "/*",
    "0", "-0", "1e999", "-1e999", "123456789012345678901234567890", "NaN", "Infinity",
    "\\", "\\u", "\\ud800", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"a\\nb\"",
    "\"\\u001b]52;c;aGk=\\u0007\"",
    "\"id\": ", "\"questions\": [", "\"stage\": \"planning\"", "\"principles\": []", ", \"extra\": 1",
    "돌봄 챗봇", "\"돌봄\"", "🧑‍💻",
    "\u{FEFF}", "\u{0}", "\u{1}", "\u{1b}[31m", "\u{7f}", "\u{85}", "\u{202E}", "\u{2028}", "\u{FFFD}",
    "\t", "\r", "\r\n", "\n\n\n",
];

/// What a string's content is replaced with (already JSON-escaped): ids that are empty, blank,
/// too long, contain spaces, line breaks, escapes or bidi overrides, and ids from elsewhere.
#[rustfmt::skip]
const STRING_CONTENTS: &[&str] = &[
    "", " ", "a b", "x\\ny", "\\r", "\\u001b[2J", "\\u202e\\u0041", "\\u200b", "\\ud83e\\uddd1", "\\\"", "\\\\",
    "돌봄", "🧑‍💻", "planning", "privacy", "minors", "PLN-01",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

/// A position of a kind chosen at random: the very start or end, on or just after a
/// structural character, on a quote, inside a multi-byte character, or anywhere.
fn position(rng: &mut Mix, bytes: &[u8]) -> usize {
    let len = bytes.len();
    let start = rng.index(len + 1);
    let scan = |pred: &dyn Fn(u8) -> bool| bytes[start..].iter().position(|&b| pred(b)).map_or(start, |i| start + i);
    match rng.index(8) {
        0 => 0,
        1 => len,
        2 => scan(&|b| b"{}[]:,".contains(&b)),
        3 => (scan(&|b| b"{}[]:,".contains(&b)) + 1).min(len),
        4 => scan(&|b| b == b'"'),
        5 => scan(&|b| (0x80..0xC0).contains(&b)),
        6 => scan(&|b| b == b'\n'),
        _ => start,
    }
}

/// A span starting at `at`, at most `max` bytes long.
fn span(rng: &mut Mix, bytes: &[u8], at: usize, max: usize) -> std::ops::Range<usize> {
    at..(at + 1 + rng.index(max)).min(bytes.len())
}

/// `b` with `range` replaced by `with`. What `Vec::splice` does, by whole copies: splice moves
/// byte by byte, which unoptimised (as tests are built) cost a quarter of the fuzz's time.
fn put(b: &mut Vec<u8>, range: std::ops::Range<usize>, with: &[u8]) {
    let mut out = Vec::with_capacity(b.len() - range.len() + with.len());
    out.extend_from_slice(&b[..range.start]);
    out.extend_from_slice(with);
    out.extend_from_slice(&b[range.end..]);
    *b = out;
}

/// One to three mutations of `seed`.
fn mutate(rng: &mut Mix, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.index(3) {
        let at = position(rng, &b);
        match rng.index(12) {
            // Flip one bit.
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] ^= 1 << rng.index(8);
            }
            // Delete a span.
            1 => {
                let s = span(rng, &b, at, 64);
                b.drain(s);
            }
            // Cut the file short.
            2 => b.truncate(at),
            // Duplicate a span somewhere else.
            3 => {
                let s = span(rng, &b, at, 400);
                let copy = b[s].to_vec();
                let to = position(rng, &b);
                put(&mut b, to..to, &copy);
            }
            // Swap two spans.
            4 => {
                let other = position(rng, &b);
                let (p, q) = (at.min(other), at.max(other));
                let first = p..(p + rng.index(80)).min(q);
                let second = q..(q + rng.index(80)).min(b.len());
                let mut out = b[..first.start].to_vec();
                out.extend_from_slice(&b[second.clone()]);
                out.extend_from_slice(&b[first.end..second.start]);
                out.extend_from_slice(&b[first.clone()]);
                out.extend_from_slice(&b[second.end..]);
                b = out;
            }
            // Insert a JSON token or odd characters.
            5 | 6 => {
                let token = rng.choose(TOKENS).as_bytes().to_vec();
                put(&mut b, at..at, &token);
            }
            // Insert a very long string, raw or quoted, ASCII or Korean.
            7 => {
                let unit = *rng.choose(&["x", "돌", "🧑‍💻", "\\n"]);
                let long = unit.repeat(*rng.choose(&[300, 5_000, 60_000]));
                let text = if rng.index(2) == 0 { format!("\"{long}\"") } else { long };
                put(&mut b, at..at, text.as_bytes());
            }
            // Insert deep nesting.
            8 => {
                let open = *rng.choose(&["[", "{\"a\":", "[{\"id\":"]);
                let nested = open.repeat(*rng.choose(&[100, 200, 3_000, 100_000]));
                put(&mut b, at..at, nested.as_bytes());
            }
            // Replace the content of the next string (an id, a name, a stage reference…).
            9 => {
                if let Some(open) = (at..b.len()).find(|&i| b[i] == b'"')
                    && let Some(close) = (open + 1..b.len()).find(|&i| b[i] == b'"' && b[i - 1] != b'\\')
                {
                    let content = rng.choose(STRING_CONTENTS).as_bytes().to_vec();
                    put(&mut b, open + 1..close, &content);
                }
            }
            // Duplicate the line (a second `"id": …`, a second question line).
            10 => {
                let start = b[..at].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
                let end = (at..b.len()).find(|&i| b[i] == b'\n').map_or(b.len(), |i| i + 1);
                let line = b[start..end].to_vec();
                put(&mut b, end..end, &line);
            }
            // Remove the line (a missing field, a missing comma).
            _ => {
                let start = b[..at].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
                let end = (at..b.len()).find(|&i| b[i] == b'\n').map_or(b.len(), |i| i + 1);
                b.drain(start..end);
            }
        }
    }
    b
}

/// The loader's answer, or the panic it raised.
fn load(name: &str, text: &str) -> Result<Result<Questionnaire, FileError>, String> {
    catch_unwind(AssertUnwindSafe(|| catalog::parse(name, text))).map_err(panic_message)
}

fn load_file(path: &Path) -> Result<Result<Questionnaire, FileError>, String> {
    catch_unwind(AssertUnwindSafe(|| catalog::parse_file(path))).map_err(panic_message)
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into());
    format!("panicked: {text}")
}

/// Everything wrong with the loader's answer (`text` is what it read, for positions).
///
/// A refusal must carry at least one diagnostic; each at line ≥ 1 and column ≥ 1 inside the
/// text (line 0 only for a file that cannot be read), with a message of words; and `Display`
/// prints one `file:line:column: message` per diagnostic. An acceptance must be a valid
/// questionnaire. Messages with line breaks in them are a known bug, counted apart (see
/// [`multi_line_messages`]).
fn problems(name: &str, text: &str, answer: &Result<Questionnaire, FileError>, file_level: bool) -> Vec<String> {
    match answer {
        Ok(q) => questionnaire_problems(q),
        Err(e) => error_problems(name, text, e, file_level),
    }
}

fn error_problems(name: &str, text: &str, e: &FileError, file_level: bool) -> Vec<String> {
    let mut out = Vec::new();
    if e.file != name {
        out.push(format!("the error names file {:?}, not {name:?}", e.file));
    }
    if e.diagnostics.is_empty() {
        out.push("an error without diagnostics".into());
    }
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &e.diagnostics {
        // Columns count characters or bytes (serde_json's), so a line's length in bytes bounds them.
        let inside =
            d.line >= 1 && d.column >= 1 && lines.get(d.line - 1).is_some_and(|line| d.column <= line.len() + 1);
        if d.line == 0 {
            if !file_level {
                out.push(format!("line 0 for a problem inside the file: {d:?}"));
            }
        } else if !inside {
            out.push(format!("position {}:{} is not in the text ({} lines): {d:?}", d.line, d.column, lines.len()));
        }
        let words = d.message.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
        if words < 2 {
            out.push(format!("a message that does not say what is wrong: {:?}", d.message));
        }
    }
    let expected: Vec<String> = e
        .diagnostics
        .iter()
        .map(|d| match d.line {
            0 => format!("{name}: {}", d.message),
            _ => format!("{name}:{}:{}: {}", d.line, d.column, d.message),
        })
        .collect();
    let shown = e.to_string();
    if shown != expected.join("\n") {
        out.push(format!("Display is not one `file:line:column: message` per problem: {shown:?}"));
    }
    out
}

/// What a questionnaire the loader accepted promises (see `domain::Questionnaire`).
fn questionnaire_problems(q: &Questionnaire) -> Vec<String> {
    let mut out = Vec::new();
    let valid_id = |id: &str| !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control());
    // Principles are optional (a checklist need not name any); stages and questions are not.
    if q.stages.is_empty() || q.questions.is_empty() {
        out.push("accepted without stages or questions".into());
    }
    for (what, ids) in [
        ("trait", q.traits.iter().map(|t| t.id.as_str()).collect::<Vec<_>>()),
        ("principle", q.principles.iter().map(|p| p.id.as_str()).collect()),
        ("stage", q.stages.iter().map(|s| s.id.as_str()).collect()),
        ("question", q.questions.iter().map(|s| s.id.as_str()).collect()),
    ] {
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if !valid_id(id) || !seen.insert(id) {
                out.push(format!("accepted a blank, invalid or duplicate {what} id {id:?}"));
            }
        }
    }
    for question in &q.questions {
        if !q.stages.iter().any(|s| s.id == question.stage) {
            out.push(format!("accepted question {} at unknown stage {:?}", question.id, question.stage));
        }
        if question.prompt.is_empty() {
            out.push(format!("accepted question {} without a prompt", question.id));
        }
        for p in &question.principles {
            if !q.principles.iter().any(|x| &x.id == p) {
                out.push(format!("accepted question {} with unknown principle {p:?}", question.id));
            }
        }
        for t in &question.traits {
            if !q.traits.iter().any(|x| &x.id == t) {
                out.push(format!("accepted question {} with unknown trait {t:?}", question.id));
            }
        }
    }
    out
}

/// Messages that hold a line break, so `Display` has lines that do not start with the file.
fn multi_line_messages(answer: &Result<Questionnaire, FileError>) -> Vec<String> {
    match answer {
        Ok(_) => vec![],
        Err(e) => {
            e.diagnostics.iter().filter(|d| d.message.contains(['\n', '\r'])).map(|d| d.message.clone()).collect()
        }
    }
}

/// What the fuzz saw.
#[derive(Default)]
struct Tally {
    accepted: usize,
    refused: usize,
    through_files: usize,
    /// (case, what went wrong, the start of the input)
    failures: Vec<(usize, String, String)>,
    multi_line: Vec<(usize, String)>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.accepted += other.accepted;
        self.refused += other.refused;
        self.through_files += other.through_files;
        self.failures.extend(other.failures);
        self.multi_line.extend(other.multi_line);
    }
}

/// Feed fuzz cases `cases` to the loader: text through `parse`, invalid UTF-8 through
/// `parse_file` on a scratch file.
fn fuzz_range(cases: impl Iterator<Item = usize>, seeds: &[(&'static str, Vec<u8>)]) -> Tally {
    let scratch_dir = tempfile::tempdir().unwrap();
    let scratch = scratch_dir.path().join("fuzz.json");
    let scratch_name = scratch.display().to_string();
    let mut tally = Tally::default();
    for case in cases {
        let mut rng = Mix(0xC4EC_0000 + case as u64);
        let (_, seed) = rng.choose(seeds);
        let bytes = mutate(&mut rng, seed);
        let (name, text, loaded) = match std::str::from_utf8(&bytes) {
            Ok(text) => ("fuzz.json", text.to_string(), load("fuzz.json", text)),
            Err(_) => {
                std::fs::write(&scratch, &bytes).unwrap();
                tally.through_files += 1;
                (scratch_name.as_str(), String::from_utf8_lossy(&bytes).into_owned(), load_file(&scratch))
            }
        };
        let excerpt = || format!("{:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(300)]));
        match loaded {
            Err(panic) => tally.failures.push((case, panic, excerpt())),
            Ok(answer) => {
                for problem in problems(name, &text, &answer, false) {
                    tally.failures.push((case, problem, excerpt()));
                }
                tally.multi_line.extend(multi_line_messages(&answer).into_iter().map(|m| (case, m)));
                if answer.is_ok() { tally.accepted += 1 } else { tally.refused += 1 }
            }
        }
    }
    tally
}

/// All the fuzz cases, on two threads.
fn fuzz_loader(cases: usize) -> Tally {
    let seeds = &seeds();
    let mut tally = Tally::default();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..2).map(|w| s.spawn(move || fuzz_range((w..cases).step_by(2), seeds))).collect();
        for worker in workers {
            tally.add(worker.join().expect("a fuzz thread died"));
        }
    });
    tally
}

// =============================================================================================
// Helpers: structure-aware questionnaires (proptest)
//
// Three documents in four are well typed, with a few faults (unknown or duplicate ids, blank
// or invalid text, a missing field) so that validation past the JSON types is reached and
// some are valid; the fourth has values of the wrong type anywhere.

const STAGES: &[&str] = &["planning", "data", "launch"];
const PRINCIPLES: &[&str] = &["privacy", "human-centred", "safety"];
const TRAITS: &[&str] = &["minors", "generative"];
const QUESTION_IDS: &[&str] = &["Q-1", "Q-2", "Q-3", "Q-4", "Q-5", "Q-6"];

/// Text that makes a bad id or name: blank, too long, with spaces, line breaks, escapes, bidi
/// overrides, invisible marks, capitals, or anything at all.
fn faulty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "", " ", " planning ", "a b", "x\ny", "tab\tbed", "돌봄", "🧑‍💻", "\u{202E}rtl", "\u{1b}[31m", "\u{0}",
            "\u{200B}", "\u{FEFF}id", "ID-ÄÖ", "UPPER_case-1", "planning\r",
        ])
        .prop_map(String::from),
        1 => ".{0,12}",
        1 => Just("x".repeat(65)),
    ]
}

/// An id from `pool`, or a faulty one `fault` percent of the time.
fn id_from(pool: &'static [&'static str], fault: u32) -> BoxedStrategy<String> {
    prop_oneof![100 - fault => prop::sample::select(pool).prop_map(String::from), fault => faulty_text()].boxed()
}

/// A name or prompt: Korean, emoji, plain; sometimes blank.
fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        60 => prop::sample::select(vec!["Care", "돌봄 챗봇 단계", "Is a human in the loop? 🧑‍💻", "데이터 보호"])
            .prop_map(String::from),
        1 => faulty_text(),
    ]
}

fn string(s: impl Strategy<Value = String>) -> impl Strategy<Value = Value> {
    s.prop_map(Value::String)
}

/// A field that is there 99% of the time.
fn present<S: Strategy<Value = Value>>(s: S) -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(0.99, s)
}

/// An object from optional fields (a `None` field is missing), sometimes with an unknown one.
fn object(fields: Vec<(&'static str, Option<Value>)>, extra: Option<Value>) -> Value {
    let mut map: serde_json::Map<String, Value> =
        fields.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_string(), v))).collect();
    if let Some(extra) = extra {
        map.insert("unexpected".into(), extra);
    }
    Value::Object(map)
}

/// `id` as declared; now and then another id of its kind (a duplicate) or a faulty one.
fn declared_id(id: &'static str, pool: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        48 => Just(id.to_string()),
        1 => prop::sample::select(pool).prop_map(String::from),
        1 => faulty_text(),
    ]
    .boxed()
}

/// A reference to one of `declared`; now and then to one of `pool` that may not be declared,
/// or a faulty one.
fn reference(declared: &[&'static str], pool: &'static [&'static str]) -> BoxedStrategy<String> {
    let any_of_pool = prop::sample::select(pool).prop_map(String::from);
    if declared.is_empty() {
        return prop_oneof![any_of_pool, faulty_text()].boxed();
    }
    let declared = prop::sample::select(declared.to_vec()).prop_map(String::from);
    prop_oneof![48 => declared, 1 => any_of_pool, 1 => faulty_text()].boxed()
}

/// Declared traits, principles or stages.
fn named_list(ids: &[&'static str], pool: &'static [&'static str]) -> BoxedStrategy<Option<Value>> {
    let items: Vec<_> = ids
        .iter()
        .map(|id| {
            (present(string(declared_id(id, pool))), present(string(words())), present(string(words()))).prop_map(
                |(id, name, description)| object(vec![("id", id), ("name", name), ("description", description)], None),
            )
        })
        .collect();
    present(items.prop_map(Value::Array)).boxed()
}

fn well_typed_question(
    id: &'static str,
    principles: &[&'static str],
    stages: &[&'static str],
    traits: &[&'static str],
) -> BoxedStrategy<Value> {
    let refs = |declared: &[&'static str], pool, sizes| {
        prop::collection::vec(reference(declared, pool), sizes).prop_map(|v| json!(v))
    };
    let guidance = (present(string(words())), present(string(words())))
        .prop_map(|(why, good)| object(vec![("why", why), ("good_answer", good)], None));
    (
        (
            present(string(declared_id(id, QUESTION_IDS))),
            present(string(reference(stages, STAGES))),
            present(refs(principles, PRINCIPLES, 1..3)),
        ),
        (present(string(words())), present(guidance), present(refs(traits, TRAITS, 0..2))),
    )
        .prop_map(|((id, stage, principles), (prompt, guidance, traits))| {
            object(
                vec![
                    ("id", id),
                    ("stage", stage),
                    ("principles", principles),
                    ("prompt", prompt),
                    ("guidance", guidance),
                    ("traits", traits),
                ],
                None,
            )
        })
        .boxed()
}

/// A well-typed questionnaire: distinct declared ids, questions referring to them, with a
/// fault now and then.
fn well_typed_doc() -> impl Strategy<Value = Value> {
    use prop::sample::subsequence;
    (
        subsequence(TRAITS, 0..=TRAITS.len()),
        subsequence(PRINCIPLES, 1..=PRINCIPLES.len()),
        subsequence(STAGES, 1..=STAGES.len()),
        subsequence(QUESTION_IDS, 1..=4),
    )
        .prop_flat_map(|(traits, principles, stages, questions)| {
            let questions: Vec<_> =
                questions.iter().map(|q| well_typed_question(q, &principles, &stages, &traits)).collect();
            (
                (present(string(id_from(&["gen-q", "care_2"], 2))), present(string(words())), present(string(words()))),
                (
                    named_list(&traits, TRAITS),
                    named_list(&principles, PRINCIPLES),
                    named_list(&stages, STAGES),
                    present(questions.prop_map(Value::Array)),
                ),
            )
        })
        .prop_map(|((id, version, title), (traits, principles, stages, questions))| {
            object(
                vec![
                    ("id", id),
                    ("version", version),
                    ("title", title),
                    ("traits", traits),
                    ("principles", principles),
                    ("stages", stages),
                    ("questions", questions),
                ],
                None,
            )
        })
}

/// Any JSON value, for fields of the wrong type.
fn junk() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        string(id_from(STAGES, 30)),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((faulty_text(), inner), 0..3).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Mostly text, sometimes a value of the wrong type, sometimes missing.
fn loose_text() -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(0.85, prop_oneof![4 => string(id_from(STAGES, 30)), 1 => junk()])
}

/// Mostly a list of `element`, sometimes something else, sometimes missing.
fn loose_list(element: impl Strategy<Value = Value> + 'static) -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(
        0.85,
        prop_oneof![4 => prop::collection::vec(element, 0..4).prop_map(Value::Array), 1 => junk()],
    )
}

fn loosely_typed_named() -> impl Strategy<Value = Value> {
    let named = (loose_text(), loose_text(), loose_text(), prop::option::weighted(0.1, junk())).prop_map(
        |(id, name, description, extra)| object(vec![("id", id), ("name", name), ("description", description)], extra),
    );
    prop_oneof![9 => named, 1 => junk()]
}

fn loosely_typed_question() -> impl Strategy<Value = Value> {
    let guidance = prop_oneof![
        4 => (loose_text(), loose_text()).prop_map(|(why, good)| object(vec![("why", why), ("good_answer", good)], None)),
        1 => junk(),
    ];
    let question = (
        (loose_text(), loose_text(), loose_list(string(id_from(PRINCIPLES, 30)))),
        (loose_text(), prop::option::weighted(0.85, guidance), loose_list(junk()), prop::option::weighted(0.1, junk())),
    )
        .prop_map(|((id, stage, principles), (prompt, guidance, traits, extra))| {
            object(
                vec![
                    ("id", id),
                    ("stage", stage),
                    ("principles", principles),
                    ("prompt", prompt),
                    ("guidance", guidance),
                    ("traits", traits),
                ],
                extra,
            )
        });
    prop_oneof![9 => question, 1 => junk()]
}

fn loosely_typed_doc() -> impl Strategy<Value = Value> {
    let doc = (
        (loose_text(), loose_text(), loose_text(), loose_text()),
        (
            loose_list(loosely_typed_named()),
            loose_list(loosely_typed_named()),
            loose_list(loosely_typed_named()),
            loose_list(loosely_typed_question()),
        ),
        prop::option::weighted(0.1, junk()),
    )
        .prop_map(|((id, version, title, description), (traits, principles, stages, questions), extra)| {
            object(
                vec![
                    ("id", id),
                    ("version", version),
                    ("title", title),
                    ("description", description),
                    ("traits", traits),
                    ("principles", principles),
                    ("stages", stages),
                    ("questions", questions),
                ],
                extra,
            )
        });
    prop_oneof![9 => doc, 1 => junk()]
}

/// A questionnaire document with wrong types, missing fields, unknown ids and duplicates.
fn questionnaire_doc() -> impl Strategy<Value = Value> {
    prop_oneof![3 => well_typed_doc(), 1 => loosely_typed_doc()]
}

// =============================================================================================
// Helpers: the real binary on broken database files

/// A temporary folder with a database, a config folder and a working folder for chec.
struct Env {
    dir: tempfile::TempDir,
}

/// What every broken-file test runs: two reads and a write.
const COMMANDS: [&[&str]; 3] = [&["list"], &["items"], &["new", "--key", "NEWK", "--name", "y"]];

impl Env {
    fn new() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir_all(env.cwd()).unwrap();
        std::fs::create_dir_all(env.dir.path().join("data")).unwrap();
        env
    }

    /// A valid database holding consultation CARE and item CARE-1.
    fn with_database() -> Env {
        let env = Env::new();
        assert_exit(&env.chec(&["new", "--key", "CARE", "--name", "x"]), 0);
        assert_exit(&env.chec(&["item", "add", "CARE", "--title", "first item", "--owner", "이서연"]), 0);
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data/chec.db")
    }

    /// chec's working folder: nothing should ever appear in it.
    fn cwd(&self) -> PathBuf {
        self.dir.path().join("cwd")
    }

    fn chec(&self, args: &[&str]) -> Output {
        self.chec_on(self.db().as_os_str(), args)
    }

    /// Run chec with `CHEC_DB=db`, in the working folder, without backtraces.
    fn chec_on(&self, db: &std::ffi::OsStr, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_chec"));
        command.args(args).env("CHEC_DB", db);
        self.run(command)
    }

    /// Run chec under `umask 000`, proving the umask took effect with a probe file.
    fn chec_umask_000(&self, args: &[&str]) -> Output {
        let probe = self.cwd().join("umask-probe");
        let _ = std::fs::remove_file(&probe);
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(r#"umask 000 && touch umask-probe && exec "$0" "$@""#)
            .arg(env!("CARGO_BIN_EXE_chec"))
            .args(args)
            .env("CHEC_DB", self.db());
        let output = self.run(command);
        assert_eq!(mode(&probe), 0o666, "the shell did not run chec under umask 000");
        output
    }

    /// Run with the config folder set, in the working folder, with a time limit.
    fn run(&self, mut command: Command) -> Output {
        command
            .env("CHEC_CONFIG_DIR", self.dir.path().join("config"))
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .env_remove("NO_COLOR")
            .current_dir(self.cwd())
            .stdin(Stdio::null());
        output_within(command, Duration::from_secs(60))
    }

    /// Forget the WAL and shared-memory files of the last run (none should be left anyway).
    fn remove_wal(&self) {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(&self.db(), suffix));
        }
    }
}

/// Run a command to its end, killing it (by its handle) if it runs longer than `limit`.
fn output_within(mut command: Command, limit: Duration) -> Output {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).unwrap();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).unwrap();
        v
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("chec ran longer than {limit:?}: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

/// chec did not crash: exit 0 or 1, and no panic or backtrace hint on stderr.
#[track_caller]
fn assert_no_crash(o: &Output) {
    let err = stderr(o);
    assert!(matches!(o.status.code(), Some(0 | 1)), "exit {:?}\nstderr:\n{err}", o.status);
    for sign in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!err.contains(sign), "stderr shows a panic:\n{err}");
    }
    if o.status.code() == Some(1) {
        assert!(err.starts_with("chec: error: ") && err.trim().len() > 20, "an unclear error:\n{err}");
    }
}

/// chec refused cleanly: exit 1, no panic, stderr names `file` and says one of `what`.
#[track_caller]
fn assert_refused(o: &Output, file: &Path, what: &[&str]) {
    assert_exit(o, 1);
    assert_no_crash(o);
    let err = stderr(o);
    assert!(err.contains(&file.display().to_string()), "stderr does not name {}:\n{err}", file.display());
    assert!(what.iter().any(|w| err.contains(w)), "stderr says none of {what:?}:\n{err}");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// The page size written in a SQLite header.
fn page_size(header: &[u8]) -> usize {
    match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => usize::from(n),
    }
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("run id -u");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

// =============================================================================================
// Helpers: stores on real files

fn questionnaire() -> Questionnaire {
    common::catalog::questionnaire("chec-default")
}

fn create_care(store: &mut Store) -> Consultation {
    let new = NewConsultation {
        key: "CARE".parse().unwrap(),
        name: "돌봄 챗봇 | Care".into(),
        team: "Care AI".into(),
        description: String::new(),
        traits: vec![],
    };
    store.create_consultation(&new, &questionnaire()).unwrap()
}

fn item(title: &str, detail: &str) -> NewItem {
    NewItem { title: title.into(), detail: detail.into(), stage: "planning".into(), ..NewItem::default() }
}

fn question(id: &str) -> QuestionRef<'_> {
    QuestionRef { id, stage: "planning" }
}

/// The first two planning questions of the default questionnaire.
fn planning_questions() -> Vec<String> {
    questionnaire().questions.iter().filter(|q| q.stage == "planning").take(2).map(|q| q.id.clone()).collect()
}

/// Pages in the file as committed, read through a second connection.
fn page_count(path: &Path) -> u32 {
    Connection::open(path).unwrap().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap()
}

fn integrity(path: &Path) -> String {
    Connection::open(path).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// A text that fits in no page of the database's: saving it takes a new one.
fn longer_than_a_page() -> String {
    long_text(chec::storage::PAGE_SIZE as usize)
}

/// Some text of `chars` characters in lines of 60, Korean and English.
fn long_text(chars: usize) -> String {
    let words = "돌봄 챗봇은 밤에도 보호자의 질문에 답합니다 and a human reviews night answers ";
    let mut out = String::new();
    for (i, c) in words.chars().cycle().take(chars).enumerate() {
        out.push(if i % 60 == 59 { '\n' } else { c });
    }
    out.trim_end().to_string()
}

/// A store on a real file holding CARE with three items and two answers, capped at a few
/// pages more than it uses, so that the disk is about to be "full".
fn nearly_full_store(path: &Path) -> (Store, Consultation) {
    let mut store = Store::open(path).unwrap();
    let care = create_care(&mut store);
    for i in 1..=3 {
        store.raise_item(&care, &item(&format!("item {i}"), "before the disk filled up"), None).unwrap();
    }
    for id in planning_questions() {
        store.replace_response_text(&care, question(&id), ResponseField::Answer, "답변: 보호자 동의", None).unwrap();
    }
    store.limit_pages(page_count(path) + 4).unwrap();
    (store, care)
}

/// Raise items with long details until the store refuses; the keys raised and the error.
fn fill(store: &mut Store, care: &Consultation) -> (Vec<String>, chec::storage::StoreError) {
    let mut raised = Vec::new();
    for i in 0..10_000 {
        match store.raise_item(care, &item(&format!("filler {i}"), &long_text(3_000)), None) {
            Ok(item) => raised.push(item.key),
            Err(e) => return (raised, e),
        }
    }
    panic!("10,000 long items fitted in a few pages: the page limit is not working");
}

/// The TUI on a file database holding CARE, opened on CARE, with the file capped at the pages
/// it holds now: the next write that needs a new page fails.
fn full_disk_app(path: &Path) -> App {
    let mut store = Store::open(path).unwrap();
    create_care(&mut store);
    let mut app = common::app::on_day(store, TODAY);
    app.update(Action::Enter);
    assert_eq!(app.view.as_ref().expect("CARE is open").consultation.key.to_string(), "CARE");
    app.store().limit_pages(page_count(path)).unwrap();
    app
}

/// The field being edited and its text.
fn editing(app: &App) -> Option<(EditTarget, String)> {
    let view = app.view.as_ref()?;
    view.editing.as_ref().map(|(target, editor)| (target.clone(), editor.text()))
}

fn status(app: &App) -> String {
    match &app.status {
        Some(Status::Error(s)) => format!("error: {s}"),
        Some(Status::Info(s)) => format!("info: {s}"),
        None => "none".into(),
    }
}

// =============================================================================================
// 1. The questionnaire loader never panics

#[test]
fn the_seeds_are_valid_questionnaires() {
    for (name, bytes) in seeds() {
        let text = std::str::from_utf8(&bytes).unwrap();
        let q = catalog::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
        assert!(questionnaire_problems(&q).is_empty(), "{name}: {:?}", questionnaire_problems(&q));
    }
}

#[test]
fn mutated_questionnaires_never_panic_and_errors_point_into_the_file() {
    let cases = fuzz_cases();
    let started = Instant::now();
    let tally = fuzz_loader(cases);
    eprintln!(
        "loader fuzz: {cases} mutated files in {:.1?}: {} accepted, {} refused, {} through parse_file \
         (invalid UTF-8)",
        started.elapsed(),
        tally.accepted,
        tally.refused,
        tally.through_files,
    );
    assert_eq!(tally.accepted + tally.refused, cases, "every case gave an answer");
    assert!(tally.accepted > 0 && tally.refused > cases / 2, "the mutations are too mild or too wild");
    if let Some((case, problem, input)) = tally.failures.first() {
        panic!("{} of {cases} cases misbehaved; first, case {case}: {problem}\ninput: {input}", tally.failures.len());
    }
    // Every line of every message starts with the file name (see the test below): a message
    // with a line break in it would show a line without it.
    assert!(
        tally.multi_line.is_empty(),
        "messages with line breaks: {:?}",
        &tally.multi_line[..3.min(tally.multi_line.len())]
    );
}

#[test]
fn every_line_of_an_error_starts_with_the_file_name() {
    for text in [
        r#"{"a\nb": 1}"#,
        r#"{"id": "q", "version": "1", "title": "t", "principles": [{"id": "p", "name": "P"}],
            "stages": [{"id": "s", "name": "S"}],
            "questions": [{"id": "x\ny", "stage": "s", "principles": ["p"], "prompt": "?"}]}"#,
    ] {
        let err = catalog::parse("mine.json", text).unwrap_err();
        let shown = err.to_string();
        for line in shown.lines() {
            assert!(line.starts_with("mine.json:"), "a line without the file name: {line:?}\nin:\n{shown}");
        }
    }
    // The fuzzed files are checked for this too, in the fuzz test above: it runs once.
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: structured_cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_questionnaires_are_valid_or_refused_with_positions(doc in questionnaire_doc(), pretty: bool) {
        let text = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }.unwrap();
        let answer = load("gen.json", &text).map_err(TestCaseError::fail)?;
        let found = problems("gen.json", &text, &answer, false);
        prop_assert!(found.is_empty(), "{found:?}\ninput: {text}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // On a small stack, so that unbounded recursion would overflow long before the end. Deep
    // nesting where a string or an object is due is refused at once; the file is never
    // walked to its depth.
    let worker = std::thread::Builder::new().stack_size(1 << 20).spawn(|| {
        let deep = 100_000;
        let texts = [
            "[".repeat(deep),
            format!("{}{}", "[".repeat(deep), "]".repeat(deep)),
            "{\"a\":".repeat(deep),
            format!("{{\"id\": \"x\", \"description\": {}", "[".repeat(deep)),
            format!("{{\"questions\": [{{\"guidance\": {}", "{\"why\":".repeat(deep)),
            format!("{{\"questions\": {}", "[".repeat(deep)),
        ];
        for text in texts {
            let answer = load("deep.json", &text).expect("no panic");
            assert!(answer.is_err(), "deep nesting is refused");
            let found = problems("deep.json", &text, &answer, false);
            assert!(found.is_empty(), "{found:?}");
        }
    });
    worker.unwrap().join().expect("the loader overflowed its stack or panicked");
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    let small = serde_json::to_string_pretty(&koreanise(small_questionnaire())).unwrap();
    let korean = small.find("돌봄").unwrap();
    let cases: Vec<(String, Vec<u8>)> = vec![
        ("a lone 0xFF first".into(), [&[0xFF][..], small.as_bytes()].concat()),
        ("a Korean syllable cut in two at the end".into(), small.as_bytes()[..korean + 2].to_vec()),
        (
            "a Latin-1 byte in a string".into(),
            [small.as_bytes()[..korean].to_vec(), vec![0xE9, b'x'], small.as_bytes()[korean..].to_vec()].concat(),
        ),
        ("an overlong encoding of '/'".into(), [b"{\"id\": \"".to_vec(), vec![0xC0, 0xAF], b"\"}".to_vec()].concat()),
        ("a UTF-16 surrogate encoded in UTF-8".into(), b"{\"id\": \"\xED\xA0\x80\"}".to_vec()),
    ];
    for (what, bytes) in cases {
        std::fs::write(&path, &bytes).unwrap();
        let name = path.display().to_string();
        let err = load_file(&path).expect("no panic").expect_err(&what);
        let valid = &bytes[..std::str::from_utf8(&bytes).unwrap_err().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap();
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(err.diagnostics.len(), 1, "{what}: {err}");
        assert_eq!((err.diagnostics[0].line, err.diagnostics[0].column), (line, column), "{what}: {err}");
        assert!(err.to_string().starts_with(&format!("{name}:{line}:{column}: not valid UTF-8")), "{what}: {err}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_a_file_level_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for path in [dir.path().join("missing.json"), dir.path().to_path_buf()] {
        let err = load_file(&path).expect("no panic").expect_err("nothing to read");
        let name = path.display().to_string();
        assert!(error_problems(&name, "", &err, true).is_empty(), "{:?}", error_problems(&name, "", &err, true));
        assert_eq!(err.diagnostics[0].line, 0, "{err}");
        assert!(err.to_string().starts_with(&format!("{name}: cannot read: ")), "{err}");
    }
}

// =============================================================================================
// 2. Broken database files, through the real binary

#[test]
fn an_empty_file_is_taken_as_a_new_database() {
    let env = Env::new();
    std::fs::write(env.db(), b"").unwrap();
    assert_exit(&env.chec(&["list", "--format", "json"]), 0);
    assert_exit(&env.chec(&["new", "--key", "CARE", "--name", "x"]), 0);
}

#[test]
fn a_truncated_database_is_refused_clearly_and_left_as_it_was() {
    let env = Env::with_database();
    let whole = std::fs::read(env.db()).unwrap();
    let page = page_size(&whole);
    assert!(whole.len() >= 4 * page, "a database of a few pages: {} bytes", whole.len());
    for len in [100, page, whole.len() / 2, whole.len() - page] {
        std::fs::write(env.db(), &whole[..len]).unwrap();
        for args in COMMANDS {
            let o = env.chec(args);
            assert_refused(&o, &env.db(), &["malformed", "corrupt", "damaged"]);
        }
        assert!(std::fs::read(env.db()).unwrap() == whole[..len], "the file cut to {len} bytes was changed");
        env.remove_wal();
    }
}

#[test]
fn garbage_over_the_header_is_refused_as_not_a_database_and_left_as_it_was() {
    let env = Env::with_database();
    let whole = std::fs::read(env.db()).unwrap();
    for seed in 0..4 {
        let mut broken = whole.clone();
        broken[..100].copy_from_slice(&Mix(seed).bytes(100));
        std::fs::write(env.db(), &broken).unwrap();
        for args in COMMANDS {
            assert_refused(&env.chec(args), &env.db(), &["not a database"]);
        }
        assert!(std::fs::read(env.db()).unwrap() == broken, "the file was changed (seed {seed})");
        env.remove_wal();
    }
}

#[test]
fn garbage_after_the_header_magic_never_crashes_chec() {
    let env = Env::with_database();
    let whole = std::fs::read(env.db()).unwrap();
    for seed in 0..4 {
        let mut broken = whole.clone();
        broken[16..100].copy_from_slice(&Mix(seed).bytes(84));
        std::fs::write(env.db(), &broken).unwrap();
        let outputs: Vec<Output> = COMMANDS.iter().map(|args| env.chec(args)).collect();
        for o in &outputs {
            assert_no_crash(o);
        }
        if outputs.iter().all(|o| o.status.code() == Some(1)) {
            assert!(std::fs::read(env.db()).unwrap() == broken, "refused, yet the file was changed (seed {seed})");
        }
        env.remove_wal();
    }
}

#[test]
fn random_bytes_in_the_middle_pages_give_success_or_a_clean_error() {
    let env = Env::with_database();
    for (i, title) in ["야간 답변 검토", "data retention", "consent for minors"].iter().enumerate() {
        let due = format!("2026-12-0{}", i + 1);
        let args = ["item", "add", "CARE", "--title", title, "--detail", "details that fill a page", "--due", &due];
        assert_exit(&env.chec(&args), 0);
    }
    let clean = std::fs::read(env.db()).unwrap();
    let page = page_size(&clean);
    let pages = clean.len() / page;
    let reads: [&[&str]; 5] = [
        &["list"],
        &["items", "--status", "all", "--format", "json"],
        &["item", "show", "CARE-1"],
        &["export", "report", "CARE", "--format", "json"],
        &["questionnaire", "list"],
    ];
    let writes: [&[&str]; 3] = [
        &["new", "--key", "NEWK", "--name", "y"],
        &["item", "add", "CARE", "--title", "after the damage"],
        &["item", "set", "CARE-1", "--status", "in-progress", "--note", "started"],
    ];
    let mut verdicts = Vec::new();
    for round in 0..corruption_rounds() {
        let mut rng = Mix(0xDA7A_0000 + round);
        let mut broken = clean.clone();
        for _ in 0..1 + rng.index(3) {
            let at = (1 + rng.index(pages - 2)) * page + rng.index(page - 64);
            let len = 1 + rng.index(63);
            let garbage = rng.bytes(len);
            broken[at..at + garbage.len()].copy_from_slice(&garbage);
        }
        std::fs::write(env.db(), &broken).unwrap();
        let mut codes = String::new();
        for args in reads.iter().chain(writes.iter()) {
            let o = env.chec(args);
            assert_no_crash(&o);
            codes.push(if o.status.success() { '.' } else { 'E' });
        }
        // Whatever SQLite makes of the file, asking it never crashes.
        let check: Result<String, _> =
            Connection::open(env.db()).and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get(0)));
        verdicts.push(format!("round {round}: {codes} integrity_check: {:?}", check.map_err(|e| e.to_string())));
        env.remove_wal();
    }
    eprintln!("{}", verdicts.join("\n"));
}

#[test]
fn a_text_file_is_refused_as_not_a_database_and_left_as_it_was() {
    let env = Env::new();
    let notes = "회의록 — meeting notes for the care chatbot, not a database.\n".repeat(20);
    std::fs::write(env.db(), &notes).unwrap();
    for args in COMMANDS {
        assert_refused(&env.chec(args), &env.db(), &["not a database"]);
    }
    assert_eq!(std::fs::read_to_string(env.db()).unwrap(), notes);
}

#[test]
fn a_folder_in_place_of_the_database_is_refused_and_left_empty() {
    let env = Env::new();
    std::fs::create_dir_all(env.db()).unwrap();
    for args in COMMANDS {
        assert_refused(&env.chec(args), &env.db(), &["is a folder, not a database file"]);
    }
    assert_eq!(std::fs::read_dir(env.db()).unwrap().count(), 0, "chec wrote into the folder");
}

#[test]
fn a_folder_in_place_of_the_database_is_called_a_folder() {
    let env = Env::new();
    std::fs::create_dir_all(env.db()).unwrap();
    for args in COMMANDS {
        assert_refused(&env.chec(args), &env.db(), &["is a folder", "is a directory"]);
    }
}

/// Run chec with `args` as an ordinary user, on whom file modes act, with `CHEC_DB` set:
/// under root (whom modes do not stop) as `nobody`, through `setpriv`, after handing it the
/// environment's files. `None` when that cannot be done here.
fn chec_as_ordinary_user(env: &Env, args: &[&str]) -> Option<Output> {
    if !is_root() {
        return Some(env.chec(args));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].into_iter().find(|p| Path::new(p).exists())?;
    let as_nobody = ["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_chec")];
    // nobody must be able to reach the binary (a checkout under a private folder is not).
    let probe = Command::new(setpriv).args(as_nobody).arg("--version").output().ok()?;
    if !probe.status.success() {
        return None;
    }
    let nobody = 65534;
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in walk(env.dir.path()) {
        std::os::unix::fs::lchown(&entry, Some(nobody), Some(nobody)).unwrap();
    }
    let mut command = Command::new(setpriv);
    command.args(as_nobody).args(args).env("CHEC_DB", env.db()).env("HOME", env.dir.path());
    Some(env.run(command))
}

/// `root` and everything under it.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut found = vec![root.to_path_buf()];
    let mut i = 0;
    while i < found.len() {
        if found[i].is_dir() && !found[i].is_symlink() {
            let children: Vec<PathBuf> = std::fs::read_dir(&found[i]).unwrap().map(|e| e.unwrap().path()).collect();
            found.extend(children);
        }
        i += 1;
    }
    found
}

#[test]
fn a_database_in_a_read_only_folder_can_be_read_but_not_changed() {
    let env = Env::with_database();
    let folder = env.db().parent().unwrap().to_path_buf();
    let before = std::fs::read(env.db()).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let reads: [(&[&str], &str); 6] = [
        (&["list"], "CARE"),
        (&["items", "--fail-on", "critical"], "CARE-1"),
        (&["item", "show", "CARE-1"], "first item"),
        (&["export", "report", "CARE"], "first item"),
        (&["export", "items", "--format", "csv"], "first item"),
        (&["backup", "-o", "copy.db"], "Backed up"),
    ];
    for (args, shows) in reads {
        let Some(o) = chec_as_ordinary_user(&env, args) else {
            eprintln!("skipped: running as root, and nobody cannot run chec here: file modes cannot be tested");
            return;
        };
        assert_exit(&o, 0);
        assert!(stdout(&o).contains(shows), "{args:?}: {}", stdout(&o));
    }
    let o = chec_as_ordinary_user(&env, &["item", "add", "CARE", "--title", "t"]).unwrap();
    assert_refused(&o, &folder, &["is read-only"]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(std::fs::read(env.db()).unwrap() == before, "the database was changed");
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["chec.db"], "nothing was created beside the database");
    assert!(env.cwd().join("copy.db").exists());
}

#[test]
fn a_write_protected_database_file_is_refused_unless_running_as_root() {
    let env = Env::with_database();
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    assert_exit(&env.chec(&["list"]), 0);
    let o = env.chec(&["new", "--key", "NEWK", "--name", "y"]);
    if is_root() {
        // root is not stopped by file modes: the write goes through, as with any tool.
        assert_exit(&o, 0);
        assert!(std::fs::read(env.db()).unwrap() != before, "root's write reached the file");
    } else {
        assert_exit(&o, 1);
        assert_no_crash(&o);
        assert!(stderr(&o).contains("readonly") || stderr(&o).contains("read-only"), "{}", stderr(&o));
        assert!(std::fs::read(env.db()).unwrap() == before, "the write-protected file was changed");
    }
    assert_eq!(mode(&env.db()), 0o400, "chec left the file's mode alone");
}

// =============================================================================================
// 3. Full disk

#[test]
fn a_full_disk_refuses_the_write_clearly_and_keeps_everything_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let (mut store, care) = nearly_full_store(&path);
    let (raised, error) = fill(&mut store, &care);
    assert!(error.to_string().contains("database or disk is full"), "{error}");
    let answer_error = store
        .replace_response_text(
            &care,
            question(&planning_questions()[0]),
            ResponseField::Answer,
            &long_text(20_000),
            None,
        )
        .unwrap_err();
    assert!(answer_error.to_string().contains("full"), "{answer_error}");
    let keys = |store: &Store| store.items_of(&care).unwrap().into_iter().map(|i| i.key).collect::<Vec<_>>();
    let expected: Vec<String> = ["CARE-1", "CARE-2", "CARE-3"].iter().map(|s| s.to_string()).chain(raised).collect();
    assert_eq!(keys(&store), expected, "every item committed before the failure is there");
    drop(store);

    assert_eq!(integrity(&path), "ok");
    let store = Store::open(&path).unwrap();
    assert_eq!(keys(&store), expected, "and still there after reopening the file");
    let responses = store.responses(&care).unwrap();
    for id in planning_questions() {
        assert_eq!(responses[&id].answer, "답변: 보호자 동의", "{id}'s committed answer");
    }
}

#[test]
fn a_write_that_fails_on_a_full_disk_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let (mut store, care) = nearly_full_store(&path);
    let (raised, _) = fill(&mut store, &care);
    let first = &planning_questions()[0];
    let history = store.response_history(&care, first).unwrap().len();
    assert!(
        store.replace_response_text(&care, question(first), ResponseField::Notes, &long_text(20_000), None).is_err()
    );
    assert!(store.raise_item(&care, &item("too late", &long_text(20_000)), None).is_err());

    assert_eq!(store.responses(&care).unwrap()[first].notes, "", "no notes were half-saved");
    assert_eq!(store.response_history(&care, first).unwrap().len(), history, "no history row for the failed write");
    assert_eq!(store.items_of(&care).unwrap().len(), 3 + raised.len(), "no item was half-raised");
    drop(store);
    // With room again, the next item takes the next number: the failed ones used none.
    let mut store = Store::open(&path).unwrap();
    let next = store.raise_item(&care, &item("after", "room again"), None).unwrap();
    assert_eq!(next.key.to_string(), format!("CARE-{}", 4 + raised.len()));
    assert_eq!(integrity(&path), "ok");
}

#[test]
fn in_the_tui_a_full_disk_keeps_the_typed_answer_open_and_quitting_waits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut app = full_disk_app(&path);
    app.update(Action::EditAnswer);
    let typed = longer_than_a_page();
    type_text(&mut app, &typed);

    app.update(Action::Back);
    let said = status(&app);
    assert!(said.starts_with("error: Not saved, your text is still here") && said.contains("full"), "{said}");
    let (target, text) = editing(&app).expect("the editor stays open");
    assert!(matches!(target, EditTarget::Response { field: ResponseField::Answer, .. }), "{target:?}");
    assert_eq!(text, typed, "with every character typed");

    app.update(Action::Quit);
    assert!(!app.quit, "chec quit with the text unsaved");
    let said = status(&app);
    assert!(said.starts_with("error: Not quitting: your text could not be saved") && said.contains("full"), "{said}");
    assert_eq!(editing(&app).map(|(_, text)| text), Some(typed.clone()), "the editor is still open");

    // Once there is room again, Esc commits the very text typed, and quitting works.
    app.store().limit_pages(1 << 30).unwrap();
    app.update(Action::Back);
    assert!(status(&app).starts_with("info: Saved"), "{}", status(&app));
    let view = app.view.as_ref().unwrap();
    let question_id = view.selected_question_id().unwrap();
    let stored = app.store().responses(&view.consultation).unwrap()[&question_id].answer.clone();
    assert_eq!(stored, typed);
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn in_the_tui_a_failed_autosave_on_a_full_disk_says_so_and_keeps_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut app = full_disk_app(&path);
    app.update(Action::EditNotes);
    let typed = longer_than_a_page();
    type_text(&mut app, &typed);
    app.tick(Instant::now() + Duration::from_secs(2));
    let said = status(&app);
    assert!(said.starts_with("error: Autosave failed (your text is still here)") && said.contains("full"), "{said}");
    assert_eq!(editing(&app).map(|(_, text)| text), Some(typed));
}

// =============================================================================================
// 4. Privacy: files readable by their owner only

#[test]
fn the_database_created_by_chec_is_private_under_a_permissive_umask() {
    let env = Env::new();
    assert_exit(&env.chec_umask_000(&["new", "--key", "CARE", "--name", "x"]), 0);
    assert_eq!(mode(&env.db()), 0o600);
}

#[test]
fn the_wal_and_shm_of_a_running_chec_are_private_under_a_permissive_umask() {
    let env = Env::with_database();
    let bin = env!("CARGO_BIN_EXE_chec");
    let db = env.db();
    let config = env.dir.path().join("config");
    let script = r#"umask 000 && touch "$CHEC_DB.umask-probe" && exec "$0""#;
    let mut tui = common::pty::Pty::spawn(
        "sh",
        &["-c", script, bin],
        &[("CHEC_DB", db.as_path()), ("CHEC_CONFIG_DIR", config.as_path())],
        80,
        24,
    );
    tui.wait_for("CARE");
    let (wal, shm) = (sibling(&db, "-wal"), sibling(&db, "-shm"));
    assert!(wal.exists() && shm.exists(), "the TUI holds the database open in WAL mode");
    assert_eq!(mode(&sibling(&db, ".umask-probe")), 0o666, "the TUI runs under umask 000");
    assert_eq!((mode(&db), mode(&wal), mode(&shm)), (0o600, 0o600, 0o600));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn backups_written_by_chec_are_private_under_a_permissive_umask() {
    let env = Env::with_database();
    let backup = env.dir.path().join("backup.db");
    assert_exit(&env.chec_umask_000(&["backup", "-o", backup.to_str().unwrap()]), 0);
    assert_eq!(mode(&backup), 0o600);
    assert_exit(&env.chec_umask_000(&["backup", "-o", backup.to_str().unwrap(), "--force"]), 0);
    assert_eq!(mode(&backup), 0o600, "also when replacing a file");
}

#[test]
fn exports_written_by_chec_are_private_under_a_permissive_umask() {
    let env = Env::with_database();
    {
        let mut store = Store::open(&env.db()).unwrap();
        let care = store.consultation("CARE").unwrap().unwrap();
        let meeting = NewMeeting { stage: "planning".into(), attendees: vec![], agenda: "첫 회의".into() };
        let meeting = store.start_meeting(&care, &meeting).unwrap();
        store.end_meeting(&meeting.id).unwrap();
    }
    let out = |name: &str| env.dir.path().join(name).display().to_string();
    let exports: [Vec<String>; 4] = [
        vec!["minutes".into(), "CARE".into(), "-o".into(), out("minutes.md")],
        vec!["report".into(), "CARE".into(), "-o".into(), out("report.md")],
        vec!["report".into(), "CARE".into(), "--format".into(), "json".into(), "-o".into(), out("report.json")],
        vec!["items".into(), "--format".into(), "csv".into(), "-o".into(), out("items.csv")],
    ];
    for export in exports {
        let args: Vec<&str> = std::iter::once("export").chain(export.iter().map(String::as_str)).collect();
        assert_exit(&env.chec_umask_000(&args), 0);
        let file = export.last().unwrap();
        assert_eq!(mode(Path::new(file)), 0o600, "{file}");
    }
}

/// Set in the child process that [`the_store_files_are_private_under_a_permissive_umask`]
/// starts under `umask 000`.
const UMASK_CHILD: &str = "CHEC_RELIABILITY_UMASK_CHILD";

#[test]
fn the_store_files_are_private_under_a_permissive_umask() {
    if std::env::var_os(UMASK_CHILD).is_none() {
        // The umask belongs to the whole process: run this test again, alone, in a child.
        let o = Command::new("sh")
            .arg("-c")
            .arg(r#"umask 000 && exec "$0" "$@""#)
            .arg(std::env::current_exe().unwrap())
            .args(["--exact", "input::the_store_files_are_private_under_a_permissive_umask", "--nocapture"])
            .env(UMASK_CHILD, "1")
            .output()
            .unwrap();
        assert_exit(&o, 0);
        assert!(stdout(&o).contains("1 passed"), "the child did not run the test:\n{}", stdout(&o));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    assert_eq!(mode(&probe), 0o666, "running under umask 000");

    // The database, its WAL and shared memory while open.
    let path = dir.path().join("chec.db");
    let mut store = Store::open(&path).unwrap();
    create_care(&mut store);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&sibling(&path, "-wal")), 0o600);
    assert_eq!(mode(&sibling(&path, "-shm")), 0o600);
    // A backup.
    let backup = dir.path().join("copy.db");
    store.backup_to(&backup, false).unwrap();
    assert_eq!(mode(&backup), 0o600);
    drop(store);

    // The copy written before a migration, when a newer chec (one more migration) opens it.
    let mut newer: Vec<&'static str> = MIGRATIONS.to_vec();
    newer.push("ALTER TABLE consultations ADD COLUMN colour TEXT");
    drop(Store::open_with_schema(&path, &newer).unwrap());
    let copies: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("chec.db.v"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(mode(&copies[0]), 0o600, "{}", copies[0].display());
}
