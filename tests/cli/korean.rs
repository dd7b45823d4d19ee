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
