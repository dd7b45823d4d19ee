//! The command line in Korean (LANG=ko_KR.UTF-8): a consultation from `chec new` to the
//! exported minutes without an English word of chec's own, and Korean data that sorts and
//! searches as Korean.

use crate::common::cli::Env;

use std::path::Path;
use std::process::Output;

impl Env {
    /// chec as a Korean user runs it: the locale says Korean, nothing else does.
    fn in_korean(&self, args: &[&str]) -> Output {
        self.bare_command(args)
            .env("CHEC_NOW", "2026-12-01T10:00:00+09:00")
            .env("TZ", "Asia/Seoul")
            .env("LANG", "ko_KR.UTF-8")
            .env("CHEC_USER", "김민지")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap()
    }

    /// Run chec in Korean, insist on success; its stdout and stderr.
    fn ok_in_korean(&self, args: &[&str]) -> (String, String) {
        let o = self.in_korean(args);
        let (out, err) = (String::from_utf8(o.stdout).unwrap(), String::from_utf8(o.stderr).unwrap());
        assert!(o.status.success(), "chec {args:?}: {err}");
        (out, err)
    }
}

/// The English words in `text` that are not the user's, an id, a command or a flag.
fn english(text: &str, allowed: &[&str]) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| w.len() > 1 && w.chars().any(|c| c.is_ascii_lowercase()))
        .filter(|w| !w.starts_with('-') && !w.contains('-') && !allowed.contains(w))
        .map(str::to_string)
        .collect()
}

const ALLOWED: &[&str] = &["chec", "md", "new", "key", "name", "ko", "en", "kst", "owner"];

#[test]
fn a_korean_team_runs_the_command_line_in_korean() {
    let env = Env::new();
    let (out, _) = env.ok_in_korean(&[
        "new",
        "--key",
        "CARE",
        "--name",
        "돌봄 챗봇 | 야간",
        "--questionnaire",
        "kr-ai-ethics-standard",
        "--trait",
        "personal-data",
    ]);
    assert_eq!(
        out,
        "CARE (돌봄 챗봇 | 야간) 자문을 만들었어요. 질문지: kr-ai-ethics-standard 1.0.0, 현재 단계: 기획·설계\n"
    );
    let (out, _) = env.ok_in_korean(&["list"]);
    assert!(out.starts_with("키"), "{out}");
    assert!(out.contains("진행 중"), "{out}");
    assert!(english(&out, ALLOWED).is_empty(), "{:?}\n{out}", english(&out, ALLOWED));

    for (title, owner, priority) in
        [("동의 문구 | 수정", "하윤", "high"), ("로그 보관", "가은", "low"), ("편향 점검", "나래", "critical")]
    {
        let (out, _) =
            env.ok_in_korean(&["item", "add", "CARE", "--title", title, "--owner", owner, "--priority", priority]);
        assert!(out.contains("과제를 올렸어요"), "{out}");
    }
    let (out, _) = env.ok_in_korean(&["item", "set", "CARE-1", "--status", "in-progress", "--note", "시작"]);
    assert_eq!(out, "CARE-1: 진행 중 · 높음 · 담당자 하윤 · 기한 —\n");
    let (out, _) = env.ok_in_korean(&["item", "show", "CARE-1"]);
    assert!(out.contains("  상태:        진행 중\n"), "{out}");
    assert!(out.contains("상태: 미착수 → 진행 중"), "{out}");
    assert!(english(&out, ALLOWED).is_empty(), "{:?}\n{out}", english(&out, ALLOWED));

    // Owners sort 가나다; a Korean search finds a title; headings are Korean.
    let (out, _) = env.ok_in_korean(&["items", "--sort", "owner"]);
    let keys: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(keys, ["CARE-2", "CARE-3", "CARE-1"], "owned by 가은, 나래, 하윤\n{out}");
    let (out, _) = env.ok_in_korean(&["items", "--search", "편향"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("CARE-3"), "{out}");
    assert!(english(&out, ALLOWED).is_empty(), "{:?}\n{out}", english(&out, ALLOWED));

    let (out, _) = env.ok_in_korean(&["questionnaire", "show", "kr-ai-ethics-standard"]);
    assert!(out.contains("\n원칙\n"), "{out}");
    assert!(out.contains("1단계: 기획·설계 (planning) — 질문 5개"), "{out}");

    // Errors speak Korean too.
    let o = env.in_korean(&["item", "show", "CARE-99"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "chec: 오류: CARE-99 과제를 찾을 수 없어요 (키는 CARE-3 같은 모양이에요)\n"
    );
    let o = env.in_korean(&["export", "minutes", "CARE"]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "chec: 오류: CARE 자문은 아직 회의를 연 적이 없어요\n");

    // The report, in the consultation's language (Korean first), written to a Korean name.
    let (_, err) = env.ok_in_korean(&["export", "report", "CARE", "-o", "보고서 | 최종.md"]);
    assert_eq!(err, "보고서 | 최종.md 파일을 썼어요\n");
    let md = std::fs::read_to_string(env.cwd().join("보고서 | 최종.md")).unwrap();
    assert!(md.starts_with("# 자문 보고서: CARE 돌봄 챗봇 \\| 야간\n"), "{md}");
    // An English-speaking colleague exports the same consultation in English.
    let (md, _) = env.ok_in_korean(&["--lang", "en", "export", "report", "CARE"]);
    assert!(md.starts_with("# Consultation report: CARE"), "{md}");
    assert!(md.contains("Planning & design"), "{md}");
    assert!(Path::new(&env.db()).exists());
}

/// Words of the command line itself, in every language: command names, the values options
/// take (`--format json`, `--status in-progress`), formats and placeholders.
const COMMAND_WORDS: &[&str] = &[
    "chec",
    "new",
    "list",
    "questionnaire",
    "show",
    "validate",
    "backup",
    "items",
    "item",
    "add",
    "set",
    "export",
    "minutes",
    "report",
    "team",
    "init",
    "join",
    "status",
    "conflicts",
    "resolve",
    "member",
    "sync",
    "completions",
    "man",
    "help",
    "table",
    "json",
    "csv",
    "md",
    "en",
    "ko",
    "open",
    "in-progress",
    "resolved",
    "accepted",
    "wont-do",
    "active",
    "all",
    "low",
    "medium",
    "high",
    "critical",
    "priority",
    "due",
    "key",
    "updated",
    "owner",
    "technical",
    "human",
    "mitigate",
    "avoid",
    "transfer",
    "accept",
    "consultant",
    "developer",
    "lead",
    "none",
    "bash",
    "zsh",
    "fish",
    "elvish",
    "powershell",
    "PowerShell",
    "config",
    "roff",
    "bare",
    "git",
    "SSH",
    "HTTPS",
    "URL",
    "CSV",
    "JSON",
    "Markdown",
    "CHEC_DB",
    "CHEC_USER",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "TUI",
    "CI",
    "YYYY",
    "CARE",
    "KEY",
    "NAME",
    "PATH",
    "TEXT",
    "FILE",
    "DIR",
    "TITLE",
    "CONSULTATION",
    "FORMAT",
    "SHELL",
    "REMOTE",
    "NUMBER",
    "ROLE",
    "STATUS",
    "OWNER",
    "DETAIL",
    "SOURCE",
    "RESPONSE",
    "QID",
    "DUE",
    "LIKELIHOOD",
    "IMPACT",
    "ID",
    "FILES",
    "TEAM",
    "DESCRIPTION",
    "QUESTIONNAIRE",
    "TRAIT",
    "OUTPUT",
    "MEETING",
    "DATE",
    "UTC",
    "KST",
    "personal-data",
    "chec-default",
    "kr-ai-ethics-standard",
    "ai-impact-screening",
    "kakao-lifecycle",
    "tab",
    "elvish",
    "wal",
    "shm",
    "journal",
    "db",
    "as",
    "lang",
    "team-dir",
    "man1",
    "share",
    "local",
    "completion",
    "completions",
    "bash-completion",
    "events",
    "json",
    "fail-on",
    "raw-csv",
    "sort",
    "search",
    "overdue",
    "CHEC",
    "name",
    "ORDER",
    "NOTE",
    "README",
    "YYYY-MM-DD",
    "questionnaires",
];

/// The shipped questionnaires' ids (of principles, traits, stages): shown beside their names.
fn questionnaire_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for e in chec::catalog::Catalog::shipped().entries() {
        let q = &e.questionnaire;
        ids.extend(q.principles.iter().map(|p| p.id.clone()));
        ids.extend(q.traits.iter().map(|t| t.id.clone()));
        ids.extend(q.stages.iter().map(|s| s.id.clone()));
    }
    ids
}

/// Every ASCII word of 3+ letters in `text` that is not a command word, a flag, an id with a
/// number (`CARE-1`), or part of `data` (what the user typed).
fn english_words(text: &str, data: &[&str]) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.starts_with('-') && !w.contains('/') && !w.contains('.'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !COMMAND_WORDS.contains(w) && !data.iter().any(|d| d.contains(*w)))
        .filter(|w| !questionnaire_ids().iter().any(|id| id == w))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_command_its_help_and_its_errors_speak_korean() {
    let env = Env::new();
    let mut found = Vec::new();
    let mut look = |what: String, text: &str, data: &[&str]| {
        let words = english_words(text, data);
        if !words.is_empty() {
            found.push(format!("chec {what}: {words:?}\n{text}"));
        }
    };
    // --help of every command, and `chec help`.
    let mut paths = vec![String::new()];
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{prefix}{}", sub.get_name());
            out.push(path.clone());
            walk(sub, &format!("{path} "), out);
        }
    }
    walk(&<chec::cli::Cli as clap::CommandFactory>::command(), "", &mut paths);
    for path in &paths {
        for flag in ["-h", "--help"] {
            let mut args: Vec<&str> = path.split_whitespace().collect();
            args.push(flag);
            let (out, _) = env.ok_in_korean(&args);
            look(format!("{path} {flag}"), &out, &[]);
        }
    }
    let folder = env.dir.path().display().to_string();
    let data: &[&str] = &["돌봄 챗봇 | 야간", "동의 문구 | 수정", "하윤", "시작 | 메모", "백업 | 사본.db", &folder];
    // A consultation, items, their history, lists and exports.
    let runs: &[&[&str]] = &[
        &["new", "--key", "CARE", "--name", "돌봄 챗봇 | 야간", "--trait", "personal-data"],
        &["list"],
        &["questionnaire", "list"],
        &["questionnaire", "show", "chec-default"],
        &["item", "add", "CARE", "--title", "동의 문구 | 수정", "--owner", "하윤", "--priority", "high"],
        &["item", "set", "CARE-1", "--status", "in-progress", "--note", "시작 | 메모"],
        &["item", "show", "CARE-1"],
        &["items"],
        &["items", "--format", "md"],
        &["export", "report", "CARE"],
        &["export", "items", "--format", "md"],
        &["team", "status"],
        &["team", "conflicts"],
        &["backup", "-o", "백업 | 사본.db"],
    ];
    for args in runs {
        let (out, err) = env.ok_in_korean(args);
        look(args.join(" "), &format!("{out}{err}"), data);
    }
    // What goes wrong, said in Korean with exit codes 1 and 2.
    let refusals: &[(&[&str], i32)] = &[
        (&["new", "--key", "care", "--name", "x"], 2),
        (&["new", "--key", "CARE", "--name", "돌봄"], 1),
        (&["new", "--key", "NEW", "--name", "돌봄", "--trait", "flying"], 1),
        (&["item", "add", "CARE", "--title", "기한", "--due", "2026-13-45"], 1),
        (&["item", "set", "CARE-1", "--status", "resolved"], 1),
        (&["item", "show", "CARE-99"], 1),
        (&["export", "minutes", "CARE"], 1),
        (&["sync"], 1),
        (&["team", "resolve", "1", "--keep", "1"], 1),
        (&["--team-dir", ".", "new", "--key", "X1", "--name", "x"], 1),
        (&["questionnaire", "show", "nope"], 1),
        (&["items", "--status", "done"], 2),
        (&["frob"], 2),
        (&["item", "add"], 2),
        (&["--bogus"], 2),
    ];
    for (args, code) in refusals {
        let o = env.in_korean(args);
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(*code), "chec {args:?}: {err}");
        assert!(err.starts_with("chec: 오류: "), "chec {args:?}: {err}");
        look(args.join(" "), &err, &["care", "flying", "nope", "done", "frob", "bogus", "2026-13-45"]);
    }
    // A config.json naming a language chec does not speak: said in the locale's.
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.json"), r#"{ "lang": "fr" }"#).unwrap();
    let o = env.in_korean(&["list"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("config.json: lang: 'fr': chec가 쓰는 언어가 아니에요"), "{err}");
    look("list (config.json)".into(), &err, &[&config.display().to_string()]);
    assert!(found.is_empty(), "English in {} outputs:\n\n{}", found.len(), found.join("\n\n"));
}

/// A questionnaire's author in Korean: `chec questionnaire validate` and the problems of a
/// file in the questionnaire folder speak Korean, each at the same `file:line:column` as in
/// English, with the file's own words (field names, ids, the author's text) as written.
#[test]
fn questionnaire_diagnostics_speak_korean_at_the_same_places() {
    let env = Env::new();
    let files: &[(&str, &str)] = &[
        // Not JSON: a comma missing.
        ("문법.json", "{\n  \"id\": \"care\",\n  \"title\": \"돌봄 | 깨짐\"\n  \"version\": \"1\"\n}\n"),
        // Fields: unknown, of the wrong type, missing, empty; a bad id.
        (
            "필드.json",
            r#"{
  "id": "돌봄|점검",
  "title": {"ko": "돌봄 | 야간"},
  "colour": "red",
  "languages": ["ko", "en"],
  "stages": [{"id": "s1", "name": "기획"}],
  "questions": [{"id": "q1", "stage": "s1", "prompt": "", "required": "네"}]
}"#,
        ),
        // References: an unknown stage, principle and question; a duplicate id; a scale
        // the wrong way round.
        (
            "참조.json",
            r#"{
  "id": "refs",
  "version": "1",
  "title": "참조 | 점검",
  "principles": [{"id": "p1", "name": "사람 중심"}],
  "stages": [{"id": "s1", "name": "기획"}, {"id": "s1", "name": "또 기획"}],
  "questions": [
    {"id": "q1", "stage": "s9", "principles": ["p2"], "prompt": "누가 쓰나요?"},
    {"id": "q2", "stage": "s1", "kind": "scale", "prompt": "얼마나?", "scale": {"min": 5, "max": 1}},
    {"id": "q3", "stage": "s1", "prompt": "왜?", "show_if": {"question": "q9", "answered": true}}
  ]
}"#,
        ),
    ];
    let dir = env.cwd();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let run = |lang: &str| {
        let args: Vec<&str> =
            ["--lang", lang, "questionnaire", "validate"].iter().copied().chain(names.clone()).collect();
        let o = env.in_korean(&args);
        assert_eq!(o.status.code(), Some(1), "{o:?}");
        String::from_utf8(o.stderr).unwrap()
    };
    let (ko, en) = (run("ko"), run("en"));
    // Each problem where English puts it, file:line:column as it was.
    let places = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.contains(".json:"))
            .map(|l| l.splitn(4, ':').take(3).collect::<Vec<_>>().join(":"))
            .collect()
    };
    assert_eq!(places(&ko), places(&en), "Korean:\n{ko}\nEnglish:\n{en}");
    assert_eq!(places(&ko).len(), 13, "{ko}");
    for line in [
        "문법.json:4:3: JSON 문법이 틀렸어요: 여기에는 쉼표(,)나 닫는 중괄호(})가 와야 해요 (지금 글자: '\"')",
        "필드.json:1:1: 빠진 항목이 있어요: 버전",
        "필드.json:2:9: 질문지 id '돌봄|점검'에는 a-z, 0-9, '-', '_'만 쓸 수 있어요",
        "필드.json:3:12: 경고: title: 번역이 빠졌어요: en",
        "필드.json:4:3: colour: 모르는 필드예요: `colour` (쓸 수 있는 필드: format, id, version, languages, \
         title, description, traits, principles, stages, questions, scoring)",
        "필드.json:7:55: 비어 있으면 안 돼요: 질문 'q1'의 질문 내용",
        "필드.json:7:71: questions[0].required: 여기에는 true나 false를 써야 해요 (지금 값: 텍스트 \"네\")",
        "참조.json:6:49: 같은 단계 id가 또 있어요: 's1' (처음 정의한 곳: 6번째 줄)",
        "참조.json:8:27: 질문 'q1': 없는 단계예요: 's9' (있는 단계: s1)",
        "참조.json:8:48: 질문 'q1': 원칙 목록에 없는 id예요: 'p2' (있는 원칙: p1)",
        "참조.json:9:77: 질문 'q2': 척도는 더 작은 `min`에서 더 큰 `max`까지이고, 점수는 101개까지예요",
        "참조.json:10:73: 질문 'q3': 조건에 없는 질문이 있어요: 'q9'",
    ] {
        assert!(ko.lines().any(|l| l == line), "missing: {line}\n\n{ko}");
    }
    assert!(ko.ends_with("chec: 오류: 파일 3개 가운데 3개가 검증을 통과하지 못했어요\n"), "{ko}");
    // What stays English is the file's own: its field names and values, ids, the author's text.
    let fields = "format id version languages title description traits principles stages questions scoring \
                  required prompt min max scale true false";
    let data: Vec<&str> = files.iter().map(|(_, text)| *text).chain([fields]).collect();
    assert!(english_words(&ko, &data).is_empty(), "{:?}\n{ko}", english_words(&ko, &data));
    assert!(en.contains("참조.json:8:27: question 'q1': unknown stage 's9' (stages: s1)"), "{en}");

    // A broken file in the questionnaire folder: said in Korean where it is listed, and
    // remembered in each language apart (English after Korean is still English).
    let folder = env.config().join("questionnaires");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("참조.json"), files[2].1).unwrap();
    let listed =
        |lang: &str| String::from_utf8(env.in_korean(&["--lang", lang, "questionnaire", "list"]).stderr).unwrap();
    let ko = listed("ko");
    assert!(ko.contains("참조.json:8:27: 질문 'q1': 없는 단계예요: 's9' (있는 단계: s1)"), "{ko}");
    let again = listed("ko");
    assert_eq!(again, ko, "remembered as it was said");
    assert!(listed("en").contains("참조.json:8:27: question 'q1': unknown stage 's9'"));
}
