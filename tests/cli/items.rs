//! `chec items` and `chec item show|add|set` through the real binary, on temporary databases:
//! filters, sorting, every output format parsed back, the `--fail-on` gate, history, bad
//! input, closed pipes and escape sequences.

use crate::common;
use crate::common::cli::{Env, Files, assert_exit, stderr, stdout};

use std::process::Output;

use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

impl Env {
    /// `chec item add`, returning the new key (from "Raised KEY [...] ...").
    #[track_caller]
    fn add(&self, consultation: &str, title: &str, more: &[&str]) -> String {
        let mut args = vec!["item", "add", consultation, "--title", title];
        args.extend_from_slice(more);
        let out = self.ok(&args);
        let rest = out.strip_prefix("Raised ").unwrap_or_else(|| panic!("{out}"));
        rest.split_whitespace().next().unwrap().to_string()
    }
}

/// The binary's today ± `offset` days, as YYYY-MM-DD.
fn day(offset: i64) -> String {
    (common::clock::morning_of(common::clock::BINARY_DAY).date_naive() + chrono::Duration::days(offset)).to_string()
}

/// `chec items --format json ARGS`, parsed.
#[track_caller]
fn items_json(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["items", "--format", "json"];
    all.extend_from_slice(args);
    let out = env.ok(&all);
    match serde_json::from_str(&out) {
        Ok(Value::Array(items)) => items,
        other => panic!("not a JSON array: {other:?}\n{out}"),
    }
}

fn keys(json: &[Value]) -> Vec<String> {
    json.iter().map(|i| i["key"].as_str().unwrap().to_string()).collect()
}

/// `chec item show KEY --format json`, parsed.
#[track_caller]
fn item_json(env: &Env, key: &str) -> Value {
    serde_json::from_str(&env.ok(&["item", "show", key, "--format", "json"])).unwrap()
}

/// Every item, whatever its status, as JSON text: to prove that a refused command changed nothing.
fn everything(env: &Env) -> String {
    env.ok(&["items", "--status", "all", "--sort", "key", "--format", "json"])
}

#[track_caller]
fn assert_no_control_chars(what: &str, text: &str, allowed: &[char]) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && !allowed.contains(&c)) || matches!(c, '\u{202a}'..='\u{202e}'))
        .collect();
    assert!(bad.is_empty(), "{what}: control characters {bad:?} in {text:?}");
}

// The seeded database: two consultations on chec-default and nine items.
const T_CONSENT: &str = "동의 절차 | consent flow";
const D_CONSENT: &str = "보호자 동의, \"consent\" | 기록\n둘째 줄, with a comma";
const T_EXPLAIN: &str = "Explain *why* <b>answers</b> `differ`";
const T_BIAS: &str = "Bias check for 사투리 speakers";
const T_RETENTION: &str = "Log retention 100%";
const T_REDTEAM: &str = "Red-team the 챗봇";
const T_HIRE_FAIR: &str = "채용 공정성 점검";
const T_AGE: &str = "Remove age feature";
const OWNER_BOB: &str = "Bob | QA";

/// CARE and HIRE with items in every status; overdue relative to the real today.
///
/// | key    | priority | status      | owner    | due  |
/// |--------|----------|-------------|----------|------|
/// | CARE-1 | critical | open        | 김지우   | -10  | (4×4, PLN-06)
/// | CARE-2 | high     | open        | Alice    | +5   | (PLN-05)
/// | CARE-3 | low      | open        | alice    | -1   | (2×2)
/// | CARE-4 | medium   | in progress | Bob \| QA | —    |
/// | CARE-5 | high     | resolved    | 김지우   | -3   |
/// | CARE-6 | medium   | accepted    | Bob \| QA | —    |
/// | CARE-7 | medium   | won't do    | —        | —    |
/// | HIRE-1 | medium   | open        | ALICE    | +20  | (1×5, human, mitigate)
/// | HIRE-2 | low      | open        | 박민수   | -2   |
///
/// Made once by the binary, then copied for each test.
fn seeded() -> Env {
    static SEEDED: std::sync::OnceLock<Files> = std::sync::OnceLock::new();
    Env::from_files(SEEDED.get_or_init(|| seed().files()))
}

fn seed() -> Env {
    let env = Env::new();
    env.ok(&["new", "--key", "CARE", "--name", "돌봄 챗봇 | Care"]);
    env.ok(&["new", "--key", "HIRE", "--name", "채용 도우미"]);
    let (m10, m3, m2, m1, p5, p20) = (day(-10), day(-3), day(-2), day(-1), day(5), day(20));
    let added = [
        env.add(
            "CARE",
            T_CONSENT,
            &[
                "--owner",
                "김지우",
                "--due",
                &m10,
                "--question",
                "PLN-06",
                "--likelihood",
                "4",
                "--impact",
                "4",
                "--detail",
                D_CONSENT,
            ],
        ),
        env.add("CARE", T_EXPLAIN, &["--owner", "Alice", "--due", &p5, "--priority", "high", "--question", "PLN-05"]),
        env.add(
            "CARE",
            T_BIAS,
            &[
                "--owner",
                "alice",
                "--due",
                &m1,
                "--likelihood",
                "2",
                "--impact",
                "2",
                "--detail",
                "Measure per dialect",
            ],
        ),
        env.add("CARE", T_RETENTION, &["--owner", OWNER_BOB]),
        env.add("care", T_REDTEAM, &["--owner", "김지우", "--due", &m3, "--priority", "high"]),
        env.add("CARE", "Accept residual risk", &["--owner", OWNER_BOB]),
        env.add("CARE", "Drop feature X", &[]),
        env.add(
            "HIRE",
            T_HIRE_FAIR,
            &[
                "--owner",
                "ALICE",
                "--due",
                &p20,
                "--likelihood",
                "1",
                "--impact",
                "5",
                "--source",
                "human",
                "--response",
                "mitigate",
            ],
        ),
        env.add("HIRE", T_AGE, &["--owner", "박민수", "--due", &m2, "--priority", "low"]),
    ];
    let expected = ["CARE-1", "CARE-2", "CARE-3", "CARE-4", "CARE-5", "CARE-6", "CARE-7", "HIRE-1", "HIRE-2"];
    assert_eq!(added, expected);
    env.ok(&["item", "set", "CARE-4", "--status", "in-progress"]);
    env.ok(&["item", "set", "CARE-5", "--status", "resolved", "--note", "Done in sprint 12"]);
    env.ok(&["item", "set", "CARE-6", "--status", "accepted", "--note", "Residual risk is low"]);
    env.ok(&["item", "set", "CARE-7", "--status", "wont-do", "--note", "Feature dropped"]);
    env
}

/// An environment with one consultation, CARE, and no items.
fn care_only() -> Env {
    let env = Env::new();
    env.ok(&["new", "--key", "CARE", "--name", "Care"]);
    env
}

const ACTIVE_BY_PRIORITY: [&str; 6] = ["CARE-1", "CARE-2", "HIRE-1", "CARE-4", "HIRE-2", "CARE-3"];

// ---------------------------------------------------------------------------------------
// 1. Filters and sorting
// ---------------------------------------------------------------------------------------

#[test]
fn by_default_active_items_are_listed_most_urgent_first() {
    let env = seeded();
    assert_eq!(keys(&items_json(&env, &[])), ACTIVE_BY_PRIORITY);
    assert_eq!(keys(&items_json(&env, &["--status", "active"])), ACTIVE_BY_PRIORITY);
    assert_eq!(keys(&items_json(&env, &["--sort", "priority"])), ACTIVE_BY_PRIORITY);
}

#[test]
fn status_filter_selects_each_status() {
    let env = seeded();
    let cases: [(&str, &[&str]); 7] = [
        ("open", &["CARE-1", "CARE-2", "CARE-3", "HIRE-1", "HIRE-2"]),
        ("in-progress", &["CARE-4"]),
        ("resolved", &["CARE-5"]),
        ("accepted", &["CARE-6"]),
        ("wont-do", &["CARE-7"]),
        ("active", &["CARE-1", "CARE-2", "CARE-3", "CARE-4", "HIRE-1", "HIRE-2"]),
        ("all", &["CARE-1", "CARE-2", "CARE-3", "CARE-4", "CARE-5", "CARE-6", "CARE-7", "HIRE-1", "HIRE-2"]),
    ];
    for (status, expected) in cases {
        let json = items_json(&env, &["--status", status, "--sort", "key"]);
        assert_eq!(keys(&json), expected, "--status {status}");
        if let Some(only) = ["open", "in-progress", "resolved", "accepted", "wont-do"].iter().find(|s| **s == status) {
            assert!(json.iter().all(|i| i["status"] == *only), "--status {status}: {json:?}");
        }
    }
}

#[test]
fn status_filter_accepts_other_spellings() {
    let env = seeded();
    for spelling in ["in_progress", "In Progress", "IN-PROGRESS"] {
        assert_eq!(keys(&items_json(&env, &["--status", spelling])), ["CARE-4"], "{spelling}");
    }
    assert_eq!(keys(&items_json(&env, &["--status", "ALL"])).len(), 9);
}

#[test]
fn owner_filter_ignores_case_and_matches_korean_and_pipes_exactly() {
    let env = seeded();
    let sorted =
        |owner: &str, status: &str| keys(&items_json(&env, &["--owner", owner, "--status", status, "--sort", "key"]));
    assert_eq!(sorted("alice", "active"), ["CARE-2", "CARE-3", "HIRE-1"]);
    assert_eq!(sorted("ALICE", "active"), ["CARE-2", "CARE-3", "HIRE-1"]);
    assert_eq!(sorted("  aLiCe ", "active"), ["CARE-2", "CARE-3", "HIRE-1"]);
    assert_eq!(sorted("김지우", "active"), ["CARE-1"]);
    assert_eq!(sorted("김지우", "all"), ["CARE-1", "CARE-5"]);
    assert_eq!(sorted("bob | qa", "all"), ["CARE-4", "CARE-6"]);
    assert!(sorted("ali", "all").is_empty(), "the owner is matched whole, not as a prefix");
    assert!(sorted("김", "all").is_empty());
}

#[test]
fn consultation_filter_takes_the_key_in_any_case() {
    let env = seeded();
    assert_eq!(keys(&items_json(&env, &["--consultation", "HIRE"])), ["HIRE-1", "HIRE-2"]);
    assert_eq!(keys(&items_json(&env, &["--consultation", "hire"])), ["HIRE-1", "HIRE-2"]);
    assert_eq!(keys(&items_json(&env, &["--consultation", "care", "--status", "all"])).len(), 7);
}

#[test]
fn min_priority_keeps_that_priority_and_above() {
    let env = seeded();
    assert_eq!(keys(&items_json(&env, &["--min-priority", "critical"])), ["CARE-1"]);
    assert_eq!(keys(&items_json(&env, &["--min-priority", "high"])), ["CARE-1", "CARE-2"]);
    assert_eq!(keys(&items_json(&env, &["--min-priority", "medium"])), ["CARE-1", "CARE-2", "HIRE-1", "CARE-4"]);
    assert_eq!(keys(&items_json(&env, &["--min-priority", "low"])), ACTIVE_BY_PRIORITY);
    assert_eq!(keys(&items_json(&env, &["--min-priority", "high", "--status", "all"])), ["CARE-1", "CARE-5", "CARE-2"]);
}

#[test]
fn overdue_means_active_and_due_before_today() {
    let env = seeded();
    let today = env.add("CARE", "Due today", &["--due", &day(0)]);
    assert_eq!(today, "CARE-8");
    let json = items_json(&env, &["--overdue", "--sort", "key"]);
    assert_eq!(keys(&json), ["CARE-1", "CARE-3", "HIRE-2"]);
    assert!(json.iter().all(|i| i["overdue"] == true));
    // A resolved item past its date is not overdue, whatever the status filter.
    assert_eq!(
        keys(&items_json(&env, &["--overdue", "--status", "all", "--sort", "key"])),
        ["CARE-1", "CARE-3", "HIRE-2"]
    );
    assert!(items_json(&env, &["--overdue", "--status", "resolved"]).is_empty());
    let all = items_json(&env, &["--status", "all"]);
    let overdue_of = |key: &str| all.iter().find(|i| i["key"] == key).unwrap()["overdue"].clone();
    assert_eq!(overdue_of("CARE-8"), false, "due today is not overdue yet");
    assert_eq!(overdue_of("CARE-5"), false, "resolved items are never overdue");
    assert_eq!(overdue_of("CARE-4"), false, "no due date, never overdue");
}

#[test]
fn search_looks_in_title_detail_and_key_ignoring_case() {
    let env = seeded();
    let search =
        |text: &str, status: &str| keys(&items_json(&env, &["--search", text, "--status", status, "--sort", "key"]));
    assert_eq!(search("사투리", "active"), ["CARE-3"], "title, Korean");
    assert_eq!(search("DIALECT", "active"), ["CARE-3"], "detail, other case");
    assert_eq!(search("기록", "active"), ["CARE-1"], "detail, Korean");
    assert_eq!(search("consent", "active"), ["CARE-1"]);
    assert_eq!(search("hire-2", "active"), ["HIRE-2"], "key");
    assert_eq!(search("100%", "active"), ["CARE-4"], "% is literal, not a wildcard");
    assert_eq!(search("_", "all"), Vec::<String>::new(), "_ is literal, not a wildcard");
    assert!(search("red-team", "active").is_empty(), "resolved items are not active");
    assert_eq!(search("red-team", "all"), ["CARE-5"]);
    assert_eq!(search("*why*", "active"), ["CARE-2"]);
}

#[test]
fn filters_combine() {
    let env = seeded();
    let q = |args: &[&str]| keys(&items_json(&env, args));
    assert_eq!(q(&["--consultation", "CARE", "--owner", "alice", "--min-priority", "medium"]), ["CARE-2"]);
    assert_eq!(q(&["--overdue", "--consultation", "care", "--sort", "due"]), ["CARE-1", "CARE-3"]);
    assert_eq!(q(&["--search", "점검", "--owner", "alice"]), ["HIRE-1"]);
    assert_eq!(q(&["--owner", "김지우", "--status", "resolved", "--search", "챗봇"]), ["CARE-5"]);
    assert!(q(&["--owner", "박민수", "--min-priority", "medium"]).is_empty());
}

#[test]
fn sort_orders() {
    let env = seeded();
    let sorted = |order: &str| keys(&items_json(&env, &["--sort", order]));
    assert_eq!(sorted("priority"), ACTIVE_BY_PRIORITY, "priority, then due date (none last)");
    assert_eq!(sorted("due"), ["CARE-1", "HIRE-2", "CARE-3", "CARE-2", "HIRE-1", "CARE-4"], "soonest, none last");
    assert_eq!(sorted("key"), ["CARE-1", "CARE-2", "CARE-3", "CARE-4", "HIRE-1", "HIRE-2"]);
    // alice/Alice/ALICE together (then by priority), Bob | QA, then Korean names.
    assert_eq!(sorted("owner"), ["CARE-2", "HIRE-1", "CARE-3", "CARE-4", "CARE-1", "HIRE-2"]);
    env.ok(&["item", "set", "CARE-2", "--note", "checked again"]);
    assert_eq!(sorted("updated"), ["CARE-2", "CARE-4", "HIRE-2", "HIRE-1", "CARE-3", "CARE-1"], "last changed first");
}

#[test]
fn sort_by_key_orders_item_numbers_numerically() {
    let env = care_only();
    for n in 1..=11 {
        env.add("CARE", &format!("item {n}"), &[]);
    }
    let expected: Vec<String> = (1..=11).map(|n| format!("CARE-{n}")).collect();
    assert_eq!(keys(&items_json(&env, &["--sort", "key"])), expected);
}

#[test]
fn no_matches_is_not_an_error_in_any_format() {
    let env = seeded();
    let none = ["--owner", "nobody"];
    assert_eq!(env.ok(&["items", none[0], none[1]]), "No items match.\n");
    assert_eq!(env.ok(&["items", none[0], none[1], "--format", "json"]).trim(), "[]");
    let csv = env.ok(&["items", none[0], none[1], "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1, "just the header: {csv}");
    assert!(csv.starts_with("key,consultation,title,"), "{csv}");
    assert_eq!(env.ok(&["items", none[0], none[1], "--format", "md"]), "No items match.\n");
}

// ---------------------------------------------------------------------------------------
// 2. Formats
// ---------------------------------------------------------------------------------------

#[test]
fn json_has_every_documented_field_with_the_right_values() {
    let env = seeded();
    let json = items_json(&env, &["--status", "all", "--sort", "key"]);
    assert_eq!(json.len(), 9);
    let fields = [
        "key",
        "consultation",
        "title",
        "detail",
        "question_id",
        "principles",
        "stage",
        "meeting",
        "owner",
        "due_date",
        "priority",
        "risk_source",
        "likelihood",
        "impact",
        "response",
        "status",
        "resolution",
        "created_at",
        "updated_at",
        "score",
        "overdue",
    ];
    for item in &json {
        for f in fields {
            assert!(item.get(f).is_some(), "{} lacks {f}: {item}", item["key"]);
        }
        assert!(item.get("id").is_none(), "the internal id is not exported");
        match (item["likelihood"].as_u64(), item["impact"].as_u64()) {
            (Some(l), Some(i)) => assert_eq!(item["score"], l * i, "{item}"),
            _ => assert!(item["score"].is_null(), "{item}"),
        }
    }
    let care1 = &json[0];
    assert_eq!(care1["key"], "CARE-1");
    assert_eq!(care1["consultation"], "CARE");
    assert_eq!(care1["title"], T_CONSENT);
    assert_eq!(care1["detail"], D_CONSENT);
    assert_eq!(care1["owner"], "김지우");
    assert_eq!(care1["due_date"], day(-10));
    assert_eq!(care1["priority"], "critical");
    assert_eq!(care1["status"], "open");
    assert_eq!(care1["likelihood"], 4);
    assert_eq!(care1["impact"], 4);
    assert_eq!(care1["score"], 16);
    assert_eq!(care1["overdue"], true);
    assert_eq!(care1["question_id"], "PLN-06");
    assert_eq!(care1["principles"], serde_json::json!(["privacy"]));
    assert_eq!(care1["stage"], "planning");
    assert_eq!(care1["meeting"], Value::Null);
    assert_eq!(care1["resolution"], "");

    let care4 = &json[3];
    assert_eq!((care4["status"].as_str(), care4["due_date"].is_null()), (Some("in-progress"), true));
    assert_eq!(care4["owner"], OWNER_BOB);
    assert!(care4["likelihood"].is_null() && care4["impact"].is_null() && care4["score"].is_null());
    assert_eq!(care4["principles"], serde_json::json!([]));
    assert!(care4["question_id"].is_null());

    let care5 = &json[4];
    assert_eq!((care5["status"].as_str(), care5["resolution"].as_str()), (Some("resolved"), Some("Done in sprint 12")));
    assert_eq!(care5["overdue"], false);
    assert_eq!(json[6]["status"], "wont-do");
    assert_eq!(json[6]["owner"], "");

    let hire1 = &json[7];
    assert_eq!(hire1["title"], T_HIRE_FAIR);
    assert_eq!(hire1["score"], 5);
    assert_eq!(hire1["priority"], "medium");
    assert_eq!(hire1["risk_source"], "human");
    assert_eq!(hire1["response"], "mitigate");
    assert!(hire1["created_at"].as_str().unwrap() <= hire1["updated_at"].as_str().unwrap());
}

/// Cells a spreadsheet would run as a formula, and how chec writes them by default.
const FORMULAS: [(&str, &str); 4] =
    [("=1+2", "'=1+2"), ("+SUM(A1:A9)", "'+SUM(A1:A9)"), ("-3 dB drop", "'-3 dB drop"), ("@cmd", "'@cmd")];

/// The CSV rows of `out`, without the header.
fn csv_rows(out: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(out.as_bytes()).records().map(Result::unwrap).collect()
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_as_formulas_are_guarded_unless_raw_is_asked() {
    let env = Env::new();
    env.ok(&["new", "--key", "CARE", "--name", "x"]);
    for (typed, _) in FORMULAS {
        env.add("CARE", typed, &["--owner", typed, "--detail", "=HYPERLINK(\"http://x\")"]);
    }
    let dir = env.dir.path().display().to_string();
    let (guarded_file, raw_file) = (format!("{dir}/guarded.csv"), format!("{dir}/raw.csv"));
    env.ok(&["export", "items", "--format", "csv", "-o", &guarded_file]);
    env.ok(&["export", "items", "--format", "csv", "--raw-csv", "-o", &raw_file]);
    let guarded =
        [env.ok(&["items", "--sort", "key", "--format", "csv"]), std::fs::read_to_string(&guarded_file).unwrap()];
    let raw = [
        env.ok(&["items", "--sort", "key", "--format", "csv", "--raw-csv"]),
        std::fs::read_to_string(&raw_file).unwrap(),
    ];
    for (guarded, raw) in guarded.iter().zip(&raw) {
        let (guarded, raw) = (csv_rows(guarded), csv_rows(raw));
        let mut titles: Vec<(&str, &str)> = guarded.iter().map(|r| (&r[2], &r[4])).collect();
        titles.sort();
        let mut expected: Vec<(&str, &str)> = FORMULAS.iter().map(|(_, g)| (*g, *g)).collect();
        expected.sort();
        assert_eq!(titles, expected, "title and owner guarded");
        assert!(guarded.iter().all(|r| &r[3] == "'=HYPERLINK(\"http://x\")"), "detail guarded");
        assert!(guarded.iter().all(|r| !r.iter().any(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r']))));
        let mut titles: Vec<&str> = raw.iter().map(|r| &r[2]).collect();
        titles.sort();
        let mut typed: Vec<&str> = FORMULAS.iter().map(|(t, _)| *t).collect();
        typed.sort();
        assert_eq!(titles, typed, "--raw-csv writes the values as they are");
    }
}

#[test]
fn csv_has_a_header_and_round_trips_commas_quotes_newlines_and_pipes() {
    let env = seeded();
    let json = items_json(&env, &["--status", "all"]);
    let out = env.ok(&["items", "--status", "all", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    // The columns are the fields of `--format json` but the meeting's number, key first; each
    // cell is checked against that field below.
    assert_eq!(headers[0], "key");
    let columns: std::collections::BTreeSet<&str> = headers.iter().map(String::as_str).collect();
    let fields: std::collections::BTreeSet<&str> =
        json[0].as_object().unwrap().keys().map(String::as_str).filter(|f| *f != "meeting").collect();
    assert_eq!(columns, fields, "a column for every JSON field and none besides");
    assert_eq!(columns.len(), headers.len(), "no column twice");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.len());
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(|p| p.as_str().unwrap()).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    };
    for (row, item) in rows.iter().zip(&json) {
        assert_eq!(row.len(), headers.len());
        for (h, cell) in headers.iter().zip(row.iter()) {
            assert_eq!(cell, text(&item[h.as_str()]), "{} column {h}", item["key"]);
        }
    }
    let care1 = rows.iter().find(|r| &r[0] == "CARE-1").unwrap();
    assert_eq!(&care1[2], T_CONSENT);
    assert_eq!(&care1[3], D_CONSENT, "comma, quotes, newline and | survive");
    assert_eq!(&care1[4], "김지우");
    assert_eq!(&care1[11], "privacy");
    assert_eq!((&care1[13], &care1[14], &care1[15]), ("4", "4", "16"));
}

/// The table in a Markdown document, as rows of cell texts (header row first), asserting
/// that no HTML and no inline markup (emphasis, links) comes out of it, and code only where
/// chec puts a URL, an e-mail address or an `@name` so that it is not made a link.
fn markdown_table(md: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut in_cell = false;
    let mut tables = 0;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => {
                rows.last_mut().unwrap().push(String::new());
                in_cell = true;
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Text(t) if in_cell => rows.last_mut().unwrap().last_mut().unwrap().push_str(&t),
            Event::Code(t) if in_cell && (t.contains("://") || t.contains('@') || t.starts_with("www.")) => {
                rows.last_mut().unwrap().last_mut().unwrap().push_str(&t)
            }
            Event::Start(Tag::Paragraph)
            | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::Paragraph) => {}
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML in the Markdown: {h:?}\n{md}"),
            other => panic!("unexpected Markdown event {other:?}\n{md}"),
        }
    }
    assert_eq!(tables, 1, "{md}");
    rows
}

#[test]
fn markdown_table_renders_every_cell_as_its_text() {
    let env = seeded();
    let tricky = [
        ("a\\|b, \\\\ and a trailing \\", "x|y"),
        ("&amp; &#27; ~~no~~ _no_ __no__ [link](https://x) ![img](y) $x$", "<i>me</i>"),
        ("# not a heading", "- not a list"),
        ("<!-- not a comment --> <script>alert(1)</script>", "`code` **strong**"),
        ("1. not a list | --- |", ":--- | ---:"),
    ];
    for (title, owner) in tricky {
        env.add("HIRE", title, &[&format!("--owner={owner}")]);
    }
    let json = items_json(&env, &[]);
    let md = env.ok(&["items", "--format", "md"]);
    let rows = markdown_table(&md);
    assert_eq!(rows[0], ["Key", "Title", "Owner", "Due", "Priority", "Status", "Stage"]);
    assert_eq!(rows.len(), 1 + json.len(), "one row per item:\n{md}");
    assert_eq!(json.len(), 6 + tricky.len());
    for (row, item) in rows[1..].iter().zip(&json) {
        assert_eq!(row.len(), 7, "{row:?}\n{md}");
        assert_eq!(row[0], item["key"].as_str().unwrap());
        assert_eq!(row[1], item["title"].as_str().unwrap(), "{md}");
        assert_eq!(row[2], item["owner"].as_str().unwrap(), "{md}");
        // An item without a due date says so with a dash, not a blank cell.
        let expected_due = match item["due_date"].as_str() {
            Some(due) if item["overdue"] == true => format!("⚠ {due}"),
            Some(due) => due.to_string(),
            None => chec::export::markdown::EMPTY_CELL.to_string(),
        };
        assert_eq!(row[3], expected_due);
        assert_eq!(row[4], item["priority"].as_str().unwrap());
        let status = if item["status"] == "in-progress" { "in progress" } else { item["status"].as_str().unwrap() };
        assert_eq!(row[5], status);
        // People read the stage by its name; JSON keeps its id.
        let stage = match item["stage"].as_str().unwrap() {
            "planning" => "Planning & design",
            "data" => "Data collection & processing",
            other => other,
        };
        assert_eq!(row[6], stage);
    }
    for title in [T_CONSENT, T_EXPLAIN, T_BIAS, T_RETENTION, T_HIRE_FAIR, T_AGE] {
        assert!(rows.iter().any(|r| r[1] == title), "{title}\n{md}");
    }
}

#[test]
fn markdown_is_byte_for_byte_the_same_twice() {
    let env = seeded();
    let args = ["items", "--status", "all", "--format", "md"];
    assert_eq!(env.ok(&args), env.ok(&args));
}

#[test]
fn the_table_shows_every_key_and_is_not_cut_without_a_terminal() {
    let env = seeded();
    let long = format!("{} {}", "긴 제목 ".repeat(40), "x".repeat(200));
    env.add("HIRE", &long, &["--owner", &"오너".repeat(30)]);
    let out = env.ok(&["items"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("KEY "), "{out}");
    assert!(lines[0].contains("TITLE") && lines[0].contains("OWNER") && lines[0].contains("PRIORITY"), "{out}");
    assert_eq!(lines.len(), 1 + 7, "{out}");
    for key in ACTIVE_BY_PRIORITY.iter().chain(&["HIRE-3"]) {
        assert!(lines.iter().any(|l| l.starts_with(&format!("{key} "))), "{key}\n{out}");
    }
    let row = lines.iter().find(|l| l.starts_with("HIRE-3 ")).unwrap();
    assert!(row.contains(&long) && row.contains(&"오너".repeat(30)), "cut: {row}");
    assert!(!out.contains('…'), "{out}");
    let care1 = lines.iter().find(|l| l.starts_with("CARE-1 ")).unwrap();
    assert!(care1.contains(T_CONSENT) && care1.contains(&format!("⚠ {}", day(-10))), "{care1}");
    let care4 = lines.iter().find(|l| l.starts_with("CARE-4 ")).unwrap();
    assert!(care4.contains("in progress") && care4.contains(OWNER_BOB), "{care4}");
}

// ---------------------------------------------------------------------------------------
// 3. The --fail-on gate
// ---------------------------------------------------------------------------------------

#[test]
fn fail_on_high_exits_3_and_names_the_high_and_critical_items() {
    let env = seeded();
    let o = env.chec(&["items", "--fail-on", "high"]);
    assert_exit(&o, 3);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].contains("2 active items at high or above"), "{err}");
    assert_eq!(lines[1].trim(), format!("CARE-1 [critical] {T_CONSENT}"));
    assert_eq!(lines[2].trim(), format!("CARE-2 [high] {T_EXPLAIN}"));
    assert!(!err.contains("CARE-5"), "resolved high items are not named: {err}");
    assert!(stdout(&o).contains("CARE-1"), "the listing is still printed");
}

#[test]
fn fail_on_passes_when_no_matching_item_is_at_the_threshold() {
    let env = seeded();
    let o = env.chec(&["items", "--consultation", "HIRE", "--fail-on", "high"]);
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "");
    assert_exit(&env.chec(&["items", "--consultation", "HIRE", "--fail-on", "medium"]), 3);
    assert_exit(&env.chec(&["items", "--min-priority", "critical", "--fail-on", "critical"]), 3);
    assert_exit(&env.chec(&["items", "--consultation", "HIRE", "--fail-on", "critical"]), 0);
}

#[test]
fn resolved_high_items_do_not_trip_the_gate() {
    let env = seeded();
    env.ok(&["item", "set", "CARE-1", "--status", "resolved", "--note", "fixed"]);
    env.ok(&["item", "set", "CARE-2", "--status", "wont-do", "--note", "out of scope"]);
    for args in [&["items", "--fail-on", "high"][..], &["items", "--fail-on", "high", "--status", "all"]] {
        let o = env.chec(args);
        assert_exit(&o, 0);
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    assert_exit(&env.chec(&["items", "--status", "resolved", "--fail-on", "low"]), 0);
}

#[test]
fn fail_on_combines_with_owner() {
    let env = seeded();
    let o = env.chec(&["items", "--owner", "ALICE", "--fail-on", "high"]);
    assert_exit(&o, 3);
    assert!(stderr(&o).contains("CARE-2") && !stderr(&o).contains("CARE-1"), "{}", stderr(&o));
    let o = env.chec(&["items", "--owner", "박민수", "--fail-on", "high"]);
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "");
    assert_exit(&env.chec(&["items", "--owner", "김지우", "--fail-on", "critical"]), 3);
}

#[test]
fn fail_on_works_with_every_format_and_keeps_the_output_parseable() {
    let env = seeded();
    let o = env.chec(&["items", "--format", "json", "--fail-on", "high"]);
    assert_exit(&o, 3);
    let json: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(keys(&json), ACTIVE_BY_PRIORITY);
    for format in ["csv", "md", "table"] {
        let o = env.chec(&["items", "--format", format, "--fail-on", "high"]);
        assert_exit(&o, 3);
        assert!(!stdout(&o).contains("active item"), "the gate's message goes to stderr only");
    }
}

// ---------------------------------------------------------------------------------------
// 4. chec item show / add / set
// ---------------------------------------------------------------------------------------

#[test]
fn item_show_as_a_table_describes_the_item() {
    let env = seeded();
    let out = env.ok(&["item", "show", "care-1"]);
    assert!(out.starts_with(&format!("CARE-1  {T_CONSENT}\n")), "{out}");
    for expected in [
        "status:      open",
        "priority:    critical",
        "risk:        likelihood 4 × impact 4 = 16",
        "owner:       김지우",
        &format!("due:         {}", day(-10)),
        "stage:       Planning & design",
        "question:    PLN-06",
        "principles:  privacy",
        "보호자 동의, \"consent\" | 기록",
        "History:",
        "tester  created",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
    let out = env.ok(&["item", "show", "CARE-5"]);
    assert!(out.contains("Resolution:\n  Done in sprint 12"), "{out}");
    assert!(out.contains("status: open → resolved"), "{out}");
}

#[test]
fn item_show_json_has_the_item_and_its_history_with_who_and_why() {
    let env = seeded();
    env.ok(&["--as", "이지은", "item", "set", "CARE-3", "--owner", "Bob", "--note", "handover"]);
    env.ok(&["--as", "Carol", "item", "set", "CARE-3", "--status", "resolved", "--note", "fixed"]);
    let item = item_json(&env, "CARE-3");
    assert_eq!(item["key"], "CARE-3");
    assert_eq!(item["title"], T_BIAS);
    assert_eq!(item["owner"], "Bob");
    assert_eq!(item["status"], "resolved");
    assert_eq!(item["resolution"], "fixed");
    assert_eq!(item["score"], 4);
    assert_eq!(item["overdue"], false);
    let history = item["history"].as_array().unwrap();
    let summary: Vec<_> = history
        .iter()
        .map(|h| {
            (
                h["field"].as_str().unwrap(),
                h["old_value"].as_str(),
                h["new_value"].as_str(),
                h["note"].as_str().unwrap(),
                h["changed_by"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("created", None, Some("open"), "", "tester"),
            ("owner", Some("alice"), Some("Bob"), "handover", "이지은"),
            ("status", Some("open"), Some("resolved"), "fixed", "Carol"),
        ]
    );
    let times: Vec<&str> = history.iter().map(|h| h["changed_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first: {times:?}");
    assert!(history.iter().all(|h| h["meeting"].is_null()));
}

#[test]
fn item_show_tells_a_carry_over_at_sign_off_with_its_reason() {
    let env = care_only();
    let key = env.add("CARE", "보존 기간 | retention", &["--priority", "high"]);
    {
        let mut store = chec::storage::Store::open(&env.db()).unwrap();
        store.set_actor("김민지");
        let c = store.consultation("CARE").unwrap().unwrap();
        let decisions = [chec::domain::ItemDecision {
            item_key: key.clone(),
            decision: chec::domain::Decision::CarryOver,
            reason: "법무 검토 대기 | legal".into(),
        }];
        let seen = store.sign_off_warnings(&c, "planning").unwrap();
        store.sign_off_stage(&c, "planning", "기획 완료", &decisions, None, &seen).unwrap();
    }
    let out = env.ok(&["item", "show", &key]);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with("김민지  carried over at sign-off of Planning & design"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(lines[at + 1].trim(), "법무 검토 대기 | legal", "{out}");

    let history = item_json(&env, &key)["history"].as_array().unwrap().clone();
    let carried = history.last().unwrap();
    assert_eq!(carried["field"], "carried-over");
    assert_eq!(carried["new_value"], "planning");
    assert_eq!(carried["note"], "법무 검토 대기 | legal");
    assert_eq!(carried["changed_by"], "김민지");
}

#[test]
fn item_add_takes_principles_and_stage_from_the_question() {
    let env = care_only();
    let key = env.add("CARE", "Check robustness", &["--question", "MOD-03"]);
    let item = item_json(&env, &key);
    assert_eq!(item["question_id"], "MOD-03");
    assert_eq!(item["stage"], "model", "the question's stage, not the consultation's current one");
    assert_eq!(item["principles"], serde_json::json!(["safety", "diversity"]));
    let key = env.add("CARE", "No question", &[]);
    let item = item_json(&env, &key);
    assert_eq!(item["stage"], "planning", "the consultation's current stage");
    assert_eq!(item["principles"], serde_json::json!([]));
    assert!(item["question_id"].is_null());
}

#[test]
fn item_add_priority_follows_likelihood_times_impact_at_the_documented_edges() {
    let env = care_only();
    let cases = [
        ("1", "1", "low", 1),
        ("1", "4", "low", 4),
        ("2", "2", "low", 4),
        ("1", "5", "medium", 5),
        ("3", "3", "medium", 9),
        ("2", "5", "high", 10),
        ("3", "4", "high", 12),
        ("3", "5", "critical", 15),
        ("5", "5", "critical", 25),
    ];
    for (l, i, priority, score) in cases {
        let out = env.ok(&["item", "add", "CARE", "--title", "risk", "--likelihood", l, "--impact", i]);
        assert!(out.contains(&format!("[{priority}]")), "{l}×{i}: {out}");
        let key = out.split_whitespace().nth(1).unwrap();
        let item = item_json(&env, key);
        assert_eq!((item["priority"].as_str(), item["score"].as_u64()), (Some(priority), Some(score)), "{l}×{i}");
    }
}

#[test]
fn an_explicit_priority_wins_over_the_risk_and_medium_is_the_default() {
    let env = care_only();
    let key = env.add("CARE", "explicit", &["--likelihood", "5", "--impact", "5", "--priority", "low"]);
    let item = item_json(&env, &key);
    assert_eq!((item["priority"].as_str(), item["score"].as_u64()), (Some("low"), Some(25)));
    let key = env.add("CARE", "default", &[]);
    assert_eq!(item_json(&env, &key)["priority"], "medium");
}

#[test]
fn item_set_records_each_change_in_the_history() {
    let env = care_only();
    let key = env.add("CARE", "Track consent", &["--owner", "Alice", "--due", "2030-01-31"]);
    let out = env.ok(&[
        "item",
        "set",
        &key,
        "--status",
        "in-progress",
        "--owner",
        "김지우",
        "--due",
        "2030-02-28",
        "--priority",
        "critical",
        "--note",
        "triage",
    ]);
    assert_eq!(out, "CARE-1: in progress · critical · owner 김지우 · due 2030-02-28\n");
    let item = item_json(&env, &key);
    assert_eq!(item["status"], "in-progress");
    assert_eq!(item["owner"], "김지우");
    assert_eq!(item["due_date"], "2030-02-28");
    assert_eq!(item["priority"], "critical");
    assert_eq!(item["resolution"], "", "an active item has no resolution");
    let changes: Vec<(String, Value, Value, String)> = item["history"].as_array().unwrap()[1..]
        .iter()
        .map(|h| {
            (h["field"].as_str().unwrap().into(), h["old_value"].clone(), h["new_value"].clone(), h["note"].to_string())
        })
        .collect();
    let v = |s: &str| Value::from(s);
    let note = "\"triage\"".to_string();
    assert_eq!(
        changes,
        [
            ("owner".into(), v("Alice"), v("김지우"), note.clone()),
            ("due".into(), v("2030-01-31"), v("2030-02-28"), note.clone()),
            ("priority".into(), v("medium"), v("critical"), note.clone()),
            ("status".into(), v("open"), v("in-progress"), note),
        ]
    );
}

#[test]
fn item_set_due_none_clears_the_date() {
    let env = care_only();
    let key = env.add("CARE", "dated", &["--due", "2030-01-31"]);
    let out = env.ok(&["item", "set", &key, "--due", "none"]);
    assert!(out.ends_with("due —\n"), "{out}");
    let item = item_json(&env, &key);
    assert!(item["due_date"].is_null());
    let last = item["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["field"].as_str(), last["old_value"].as_str()), (Some("due"), Some("2030-01-31")));
    assert!(last["new_value"].is_null());
}

#[test]
fn a_new_risk_rating_moves_a_derived_priority_but_not_an_explicit_one() {
    let env = care_only();
    let derived = env.add("CARE", "derived", &["--likelihood", "1", "--impact", "2"]);
    let explicit = env.add("CARE", "explicit", &["--likelihood", "1", "--impact", "2", "--priority", "low"]);
    for key in [&derived, &explicit] {
        env.ok(&["item", "set", key, "--likelihood", "5", "--impact", "4"]);
    }
    let d = item_json(&env, &derived);
    assert_eq!((d["priority"].as_str(), d["score"].as_u64()), (Some("critical"), Some(20)));
    let e = item_json(&env, &explicit);
    assert_eq!((e["priority"].as_str(), e["score"].as_u64()), (Some("low"), Some(20)));
}

#[test]
fn item_set_can_rate_an_item_that_had_no_risk_rating() {
    let env = care_only();
    let key = env.add("CARE", "unrated", &[]);
    let o = env.chec(&["item", "set", &key, "--likelihood", "3", "--impact", "4"]);
    assert_exit(&o, 0);
    let item = item_json(&env, &key);
    assert_eq!((item["likelihood"].as_u64(), item["impact"].as_u64()), (Some(3), Some(4)));
    assert_eq!((item["priority"].as_str(), item["score"].as_u64()), (Some("high"), Some(12)));
    let fields: Vec<&str> = item["history"].as_array().unwrap().iter().map(|h| h["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["created", "likelihood", "impact", "priority"]);
}

#[test]
fn closing_an_item_without_a_note_is_refused_and_changes_nothing() {
    let env = seeded();
    let before = everything(&env);
    for status in ["resolved", "accepted", "wont-do"] {
        for extra in [&[][..], &["--note", "   "], &["--owner", "Somebody else"]] {
            let mut args = vec!["item", "set", "CARE-2", "--status", status];
            args.extend_from_slice(extra);
            let o = env.chec(&args);
            assert_exit(&o, 1);
            assert!(stderr(&o).contains("a resolution note is required"), "{status} {extra:?}: {}", stderr(&o));
            assert_eq!(stdout(&o), "");
        }
    }
    assert_eq!(everything(&env), before);
    assert_eq!(item_json(&env, "CARE-2")["history"].as_array().unwrap().len(), 1);
}

#[test]
fn reopening_a_resolved_item_needs_no_note_and_clears_the_resolution() {
    let env = seeded();
    env.ok(&["item", "set", "CARE-5", "--status", "open"]);
    let item = item_json(&env, "CARE-5");
    assert_eq!((item["status"].as_str(), item["resolution"].as_str()), (Some("open"), Some("")));
    assert_eq!(item["overdue"], true, "reopened and past its date");
}

#[test]
fn the_as_flag_beats_config_json_which_beats_the_login_name() {
    let env = care_only();
    let key = env.add("CARE", "who", &[]);
    env.ok(&["item", "set", &key, "--note", "by login"]);
    env.write_config(r#"{"name": "김 컨설턴트"}"#);
    env.ok(&["item", "set", &key, "--note", "by config"]);
    env.ok(&["--as", "Dana", "item", "set", &key, "--note", "by flag"]);
    env.ok(&["item", "set", &key, "--as", "Eve", "--note", "flag after the subcommand"]);
    let history = item_json(&env, &key)["history"].as_array().unwrap().clone();
    let by: Vec<(&str, &str, &str)> = history
        .iter()
        .map(|h| (h["field"].as_str().unwrap(), h["note"].as_str().unwrap(), h["changed_by"].as_str().unwrap()))
        .collect();
    assert_eq!(
        by,
        [
            ("created", "", "tester"),
            ("note", "by login", "tester"),
            ("note", "by config", "김 컨설턴트"),
            ("note", "by flag", "Dana"),
            ("note", "flag after the subcommand", "Eve"),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// 5. Bad input
// ---------------------------------------------------------------------------------------

#[test]
fn bad_dates_are_refused_naming_the_date_and_nothing_changes() {
    let env = seeded();
    let before = everything(&env);
    for date in ["2026-02-30", "tomorrow", "+10000-01-01", "2026-1-5", "-0001-01-01", "2026-13-01"] {
        let due = format!("--due={date}");
        for args in [
            vec!["item", "add", "CARE", "--title", "dated", &due],
            vec!["item", "set", "CARE-2", &due],
            vec!["item", "set", "CARE-2", &due, "--owner", "Zed"],
        ] {
            let o = env.chec(&args);
            assert_exit(&o, 1);
            assert!(stderr(&o).contains(&format!("invalid date '{date}'")), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
        }
    }
    assert_eq!(everything(&env), before);
    assert_eq!(env.add("CARE", "next", &[]), "CARE-8", "refused adds use no number");
}

#[test]
fn unknown_words_are_usage_errors_naming_the_value() {
    let env = seeded();
    let before = everything(&env);
    for (args, value) in [
        (vec!["items", "--status", "urgent"], "urgent"),
        (vec!["items", "--min-priority", "urgent"], "urgent"),
        (vec!["items", "--fail-on", "blocker"], "blocker"),
        (vec!["items", "--sort", "random"], "random"),
        (vec!["items", "--format", "xml"], "xml"),
        (vec!["item", "set", "CARE-2", "--status", "done", "--note", "x"], "done"),
        (vec!["item", "set", "CARE-2", "--priority", "p1"], "p1"),
        (vec!["item", "add", "CARE", "--title", "x", "--priority", "urgent"], "urgent"),
        (vec!["item", "add", "CARE", "--title", "x", "--source", "alien"], "alien"),
        (vec!["item", "add", "CARE", "--title", "x", "--response", "ignore"], "ignore"),
        (vec!["item", "show", "CARE-2", "--format", "csv"], "csv"),
    ] {
        let o = env.chec(&args);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains(&format!("'{value}'")), "{args:?}: {}", stderr(&o));
    }
    let o = env.chec(&["items", "--status", "urgent"]);
    assert!(stderr(&o).contains("open, in-progress, resolved, accepted, wont-do, active, all"), "{}", stderr(&o));
    assert_eq!(everything(&env), before);
}

#[test]
fn unknown_item_keys_are_errors() {
    let env = seeded();
    let before = everything(&env);
    for args in [
        vec!["item", "show", "CARE-99"],
        vec!["item", "show", "nope"],
        vec!["item", "show", "NOPE-1"],
        vec!["item", "show", "CARE-0"],
        vec!["item", "set", "CARE-99", "--owner", "x"],
        vec!["item", "set", "HIRE-3", "--status", "resolved", "--note", "x"],
    ] {
        let o = env.chec(&args);
        assert_exit(&o, 1);
        assert!(stderr(&o).contains("no item"), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "");
    }
    assert_eq!(everything(&env), before);
}

#[test]
fn item_add_refuses_unknown_consultations_and_questions_and_empty_titles() {
    let env = seeded();
    let before = everything(&env);
    let o = env.chec(&["item", "add", "NOPE", "--title", "x"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("no consultation NOPE"), "{}", stderr(&o));
    for qid in ["ZZZ-01", "pln-01"] {
        let o = env.chec(&["item", "add", "CARE", "--title", "x", "--question", qid]);
        assert_exit(&o, 1);
        assert!(stderr(&o).contains(&format!("no question {qid}")), "{}", stderr(&o));
    }
    let o = env.chec(&["item", "add", "CARE", "--title", "   "]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("title"), "{}", stderr(&o));
    assert_eq!(everything(&env), before);
}

#[test]
fn risk_ratings_need_both_halves_and_1_to_5() {
    let env = seeded();
    let before = everything(&env);
    for args in [
        vec!["item", "add", "CARE", "--title", "x", "--likelihood", "3"],
        vec!["item", "add", "CARE", "--title", "x", "--impact", "3"],
        vec!["item", "set", "CARE-2", "--likelihood", "3"],
        vec!["item", "add", "CARE", "--title", "x", "--likelihood", "300", "--impact", "1"],
        vec!["item", "add", "CARE", "--title", "x", "--likelihood", "-1", "--impact", "1"],
    ] {
        let o = env.chec(&args);
        assert_exit(&o, 2);
    }
    let o = env.chec(&["item", "add", "CARE", "--title", "x", "--likelihood", "3"]);
    assert!(stderr(&o).contains("--impact"), "{}", stderr(&o));
    // Out of range is a usage error, like any malformed argument, naming the value.
    for (l, i, bad) in [("6", "1", "'6'"), ("0", "1", "'0'"), ("3", "0", "'0'"), ("3", "9", "'9'")] {
        for args in [
            vec!["item", "add", "CARE", "--title", "x", "--likelihood", l, "--impact", i],
            vec!["item", "set", "CARE-2", "--likelihood", l, "--impact", i],
        ] {
            let o = env.chec(&args);
            assert_exit(&o, 2);
            assert!(stderr(&o).contains(bad) && stderr(&o).contains("1..=5"), "{args:?}: {}", stderr(&o));
        }
    }
    assert_eq!(everything(&env), before);
}

#[test]
fn item_set_with_nothing_to_change_says_what_to_give() {
    let env = seeded();
    let o = env.chec(&["item", "set", "CARE-2"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("nothing to change"), "{}", stderr(&o));
}

#[test]
fn a_broken_config_json_is_an_error_naming_the_file_and_line() {
    let env = seeded();
    let before = everything(&env);
    let path = env.write_config("{\n  \"name\": \"Kim\",\n  oops\n}\n");
    for args in
        [vec!["items"], vec!["item", "set", "CARE-2", "--owner", "x"], vec!["item", "add", "CARE", "--title", "x"]]
    {
        let o = env.chec(&args);
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(err.contains(&format!("{}:3:", path.display())), "{args:?}: {err}");
        assert_eq!(stdout(&o), "");
    }
    let path = env.write_config(r#"{"nmae": "Kim"}"#);
    let o = env.chec(&["items"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains(&format!("{}:1:", path.display())) && stderr(&o).contains("nmae"), "{}", stderr(&o));
    std::fs::remove_file(&path).unwrap();
    assert_eq!(everything(&env), before);
}

// ---------------------------------------------------------------------------------------
// 6. Closed stdout
// ---------------------------------------------------------------------------------------

/// Four items with 100 kB titles and details: every format is far bigger than a pipe buffer.
fn big() -> Env {
    let env = care_only();
    for n in 0..4 {
        let title = format!("{n} {}", "큰 제목 | ".repeat(10_000));
        let detail = format!("{n} {}", "detail, \"quoted\"\n".repeat(5_000));
        env.add("CARE", &title, &["--detail", &detail, "--priority", "high"]);
    }
    env
}

/// Read 10 bytes of chec's output, then hang up, like `chec … | head -c 10`.
fn read_a_little_then_hang_up(env: &Env, args: &[&str]) -> Output {
    common::pipes::read_a_little_then_hang_up(env.command(args), 10)
}

fn with_stdout_closed(env: &Env, args: &[&str]) -> Output {
    common::pipes::with_stdout_closed(env.command(args))
}

#[test]
fn hanging_up_early_stops_quietly_in_every_format() {
    let env = big();
    for format in ["table", "json", "csv", "md"] {
        let o = read_a_little_then_hang_up(&env, &["items", "--format", format]);
        assert_exit(&o, 0);
        assert_eq!(stderr(&o), "", "{format}");
    }
    let o = read_a_little_then_hang_up(&env, &["item", "show", "CARE-1", "--format", "json"]);
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "");
}

#[test]
fn a_closed_stdout_stops_a_listing_quietly() {
    let env = big();
    for format in ["table", "json", "csv", "md"] {
        let o = with_stdout_closed(&env, &["items", "--format", format]);
        assert_exit(&o, 0);
        assert_eq!(stderr(&o), "", "{format}");
    }
}

#[test]
fn a_closed_stdout_never_panics() {
    let env = seeded();
    for args in [
        vec!["items", "--owner", "nobody"],
        vec!["items", "--owner", "nobody", "--format", "md"],
        vec!["item", "show", "CARE-1"],
        vec!["item", "set", "CARE-2", "--note", "x"],
        vec!["item", "add", "CARE", "--title", "x"],
    ] {
        let o = with_stdout_closed(&env, &args);
        assert_eq!(stderr(&o), "", "{args:?}");
        assert_exit(&o, 0);
    }
}

#[test]
fn the_gate_still_fails_when_the_reader_hangs_up() {
    let env = big();
    for format in ["table", "json", "csv", "md"] {
        let o = read_a_little_then_hang_up(&env, &["items", "--format", format, "--fail-on", "high"]);
        assert_exit(&o, 3);
    }
}

// ---------------------------------------------------------------------------------------
// 7. Escape sequences
// ---------------------------------------------------------------------------------------

const EVIL_TITLE: &str = "Fix\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{202e}bot\u{9b}31m\u{1b}]8;;https://x\u{1b}\\";
const EVIL_OWNER: &str = "Eve\u{1b}[31m\u{7}";
const EVIL_DETAIL: &str = "a\u{1b}[1Ab\r\nline\u{7}\u{8}\tend";

#[test]
fn escape_sequences_in_user_text_never_reach_stdout_or_stderr() {
    let env = care_only();
    let o = env.chec(&[
        "item",
        "add",
        "CARE",
        "--title",
        EVIL_TITLE,
        "--owner",
        EVIL_OWNER,
        "--detail",
        EVIL_DETAIL,
        "--priority",
        "critical",
        "--due",
        "2000-01-01",
    ]);
    assert_exit(&o, 0);
    assert_no_control_chars("item add", &stdout(&o), &['\n']);
    env.add("CARE", EVIL_TITLE, &["--owner", EVIL_OWNER, "--detail", EVIL_DETAIL]);
    let o = env.chec(&[
        "item",
        "set",
        "CARE-2",
        "--status",
        "resolved",
        "--note",
        "done\u{1b}[2J\u{7}",
        "--owner",
        EVIL_OWNER,
    ]);
    assert_exit(&o, 0);
    assert_no_control_chars("item set", &stdout(&o), &['\n']);

    for format in ["table", "json", "md"] {
        let out = env.ok(&["items", "--status", "all", "--format", format]);
        assert_no_control_chars(format, &out, &['\n']);
        assert!(out.contains("Fix") && out.contains("bot"), "{format}: {out}");
    }
    let csv = env.ok(&["items", "--status", "all", "--format", "csv"]);
    assert_no_control_chars("csv", &csv, &['\n', '\r']);
    for format in ["table", "json"] {
        for key in ["CARE-1", "CARE-2"] {
            let out = env.ok(&["item", "show", key, "--format", format]);
            assert_no_control_chars(&format!("item show {format}"), &out, &['\n']);
        }
    }
    let o = env.chec(&["items", "--fail-on", "high"]);
    assert_exit(&o, 3);
    assert_no_control_chars("gate", &stderr(&o), &['\n']);
    let o = env.chec(&["item", "show", "CARE-\u{1b}[2J1"]);
    assert_exit(&o, 1);
    assert_no_control_chars("error", &stderr(&o), &['\n']);
    let o = env.chec(&["item", "add", "CARE", "--title", "x", "--question", "Q\u{1b}]52;c;AA==\u{7}"]);
    assert_exit(&o, 1);
    assert_no_control_chars("error", &stderr(&o), &['\n']);
}

#[test]
fn parsed_json_strings_are_clean_too() {
    let env = care_only();
    env.add("CARE", EVIL_TITLE, &["--owner", EVIL_OWNER, "--detail", EVIL_DETAIL]);
    let item = &items_json(&env, &[])[0];
    for field in ["title", "owner", "detail"] {
        assert_no_control_chars(field, item[field].as_str().unwrap(), &['\n']);
    }
    assert_eq!(item["owner"], "Eve");
}

/// A user questionnaire whose stage, principle and question ids carry escape sequences is
/// refused by the loader, naming the file, so such ids never reach items or any output.
#[test]
fn questionnaire_ids_with_escape_sequences_are_refused_by_the_loader() {
    let env = Env::new();
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/questionnaires/chec-default.json"))
        .unwrap()
        .replace("\"chec-default\"", "\"evil\"")
        .replace("\"planning\"", "\"planning\\u001b[2J\"")
        .replace("\"PLN-06\"", "\"PLN\\u001b[31m-06\"");
    let dir = env.config().join("questionnaires");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("evil.json");
    std::fs::write(&file, &shipped).unwrap();
    let o = env.chec(&["questionnaire", "validate", file.to_str().unwrap()]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("evil.json:") && err.contains("may not contain spaces or control characters"), "{err}");
    assert_no_control_chars("validate", &err, &['\n']);
    let o = env.chec(&["new", "--key", "EVIL", "--name", "Evil", "--questionnaire", "evil"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("no questionnaire 'evil'"), "{}", stderr(&o));
    assert_no_control_chars("new", &stderr(&o), &['\n']);
}

#[test]
fn a_misspelt_consultation_is_an_error_so_a_gate_cannot_pass_on_a_typo() {
    let env = seeded();
    for args in [
        vec!["items", "--consultation", "CRAE", "--fail-on", "high"],
        vec!["export", "items", "--consultation", "CRAE"],
    ] {
        let o = env.chec(&args);
        assert_exit(&o, 1);
        assert!(stderr(&o).contains("no consultation CRAE"), "{args:?}: {}", stderr(&o));
    }
}
