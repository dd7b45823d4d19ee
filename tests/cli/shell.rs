//! What a shell user expects: completion scripts, manual pages, and `CHEC_DB` read by the
//! command line itself (shown in `--help`, one way only).

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::common::cli::{assert_exit, stderr, stdout};

/// A folder with a broken config.json and no database: neither completions nor the manual
/// needs either.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir_all(env.dir.path().join("config")).unwrap();
        std::fs::write(env.dir.path().join("config/config.json"), "{ broken").unwrap();
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("chec.db")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chec"));
        cmd.args(args).env("CHEC_DB", self.db()).env("CHEC_CONFIG_DIR", self.dir.path().join("config"));
        cmd
    }

    fn chec(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

/// Every command and subcommand path, as typed: `items`, `item add`, ….
fn commands() -> Vec<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{prefix}{}", sub.get_name());
            out.push(path.clone());
            walk(sub, &format!("{path} "), out);
        }
    }
    let mut out = Vec::new();
    walk(&<chec::cli::Cli as clap::CommandFactory>::command(), "", &mut out);
    out
}

#[test]
fn completions_for_each_shell_offer_the_commands_and_their_options() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = env.chec(&["completions", shell]);
        assert_exit(&o, 0);
        let script = stdout(&o);
        // fish names long options without their dashes (`-l db`).
        let long = |name: &str| if shell == "fish" { format!("-l {name}") } else { format!("--{name}") };
        let words = ["questionnaire", "validate", "items", "export", "minutes", "completions"];
        for word in words.map(String::from).into_iter().chain([long("db"), long("fail-on")]) {
            assert!(script.contains(&word), "{shell}: no {word:?} in the script");
        }
        assert!(stderr(&o).is_empty(), "{shell}: {}", stderr(&o));
    }
    assert!(!env.db().exists(), "no database was created");
    let o = env.chec(&["completions", "tcsh"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("possible values: bash"), "{}", stderr(&o));
}

#[test]
fn bash_accepts_the_completion_script() {
    let env = Env::new();
    let script = env.dir.path().join("chec.bash");
    std::fs::write(&script, stdout(&env.chec(&["completions", "bash"]))).unwrap();
    // Sourcing it defines the completion function and registers it for chec.
    let o = Command::new("bash")
        .arg("-c")
        .arg(r#"source "$0" && declare -F _chec && complete -p chec"#)
        .arg(&script)
        .output()
        .unwrap();
    assert_exit(&o, 0);
    let registered = stdout(&o);
    assert!(registered.contains("-F _chec") && registered.trim_end().ends_with(" chec"), "{registered}");
}

#[test]
fn the_manual_page_documents_every_command_and_the_database_variable() {
    let env = Env::new();
    let o = env.chec(&["man"]);
    assert_exit(&o, 0);
    let page = stdout(&o);
    assert!(page.contains(".TH chec 1"), "{}", &page[..page.len().min(300)]);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH VERSION"] {
        assert!(page.contains(section), "no {section}");
    }
    assert!(page.contains("May also be specified with the \\fBCHEC_DB\\fR environment variable"), "CHEC_DB");
    for command in commands().iter().filter(|c| !c.contains(' ')) {
        assert!(page.contains(&format!("chec\\-{}(1)", command.replace('-', "\\-"))), "chec({command}) not listed");
    }
    assert!(!env.db().exists(), "no database was created");
}

#[test]
fn man_dir_writes_a_page_for_every_command() {
    let env = Env::new();
    let dir = env.dir.path().join("man1");
    let o = env.chec(&["man", "--dir", dir.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("not a folder"), "{}", stderr(&o));
    std::fs::create_dir(&dir).unwrap();
    assert_exit(&env.chec(&["man", "--dir", dir.to_str().unwrap()]), 0);
    let mut expected: Vec<String> = commands().iter().map(|c| format!("chec-{}.1", c.replace(' ', "-"))).collect();
    expected.push("chec.1".into());
    expected.sort();
    let mut written: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written, expected);
    let add = std::fs::read_to_string(dir.join("chec-item-add.1")).unwrap();
    assert!(add.contains(".TH chec-item-add 1") && add.contains("\\-\\-title"), "{add}");
}

#[test]
fn chec_db_is_read_by_the_command_line_and_shown_in_help() {
    let env = Env::new();
    let o = env.chec(&["--help"]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("[env: CHEC_DB]"), "{}", stdout(&o));
    assert!(!stdout(&o).contains(env.db().to_str().unwrap()), "the value is not shown");
    // A CHEC_DB set but empty is a usage error, not the default database.
    let o = env.command(&["list"]).env("CHEC_DB", "").output().unwrap();
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--db <PATH>"), "{}", stderr(&o));
}

/// A command line that names its subcommand is read by that subcommand's parser alone, so
/// that a short `chec items` does not build every other subcommand first. That parser must
/// read exactly what the whole one reads, and leave everything it does not take (help,
/// `--version`, a mistake, no subcommand) to the whole one, which answers in the interface's
/// language.
#[test]
fn a_subcommand_read_by_its_own_parser_reads_as_the_whole_command_line_does() {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let whole = |line: &[String]| {
        chec::cli::Cli::command().try_get_matches_from(line).and_then(|m| chec::cli::Cli::from_arg_matches(&m))
    };
    let split = |line: &str| -> Vec<String> { line.split_whitespace().map(String::from).collect() };
    let suffixes = [
        "",
        " --help",
        " -h",
        " --version",
        " -V",
        " --bogus",
        " X",
        " X Y",
        " CARE",
        " CARE-1",
        " CARE --format json",
        " --format json",
        " --format csv --status all --sort due",
        " --db other.db --lang ko --as kim",
        " --owner kim --search 편 --min-priority high --overdue",
        " --fail-on high",
        " CARE --stage plan -o out.md --force",
        " --key CARE --name Care --team T --trait minors",
        " --title Fix --owner kim --due 2026-12-01 --priority high",
    ];
    let prefixes = ["chec ", "chec --db x.db ", "chec --lang=en --as=kim ", "chec --team-dir repo "];
    let mut quick = 0;
    for path in commands() {
        for prefix in prefixes {
            for suffix in suffixes {
                let line = split(&format!("{prefix}{path}{suffix}"));
                let args: Vec<std::ffi::OsString> = line.iter().map(Into::into).collect();
                if let Some(cli) = chec::cli::quick_parse(&args) {
                    quick += 1;
                    let full = whole(&line).unwrap_or_else(|e| panic!("{line:?}: read quickly, refused whole: {e}"));
                    assert_eq!(format!("{cli:?}"), format!("{full:?}"), "{line:?}");
                }
            }
        }
    }
    // The everyday lines take the quick path.
    for line in [
        "chec items --search S0123 --format json",
        // In Korean the whole parser's help is looked up in the catalogue first (19.7M
        // instructions against 5.4M for a listing of nothing): not for a line that parses.
        "chec --lang ko items --format json",
        "chec --db x.db items --owner kim",
        "chec list",
        "chec item show CARE-1",
        "chec export items --format csv",
        "chec sync",
    ] {
        let args: Vec<std::ffi::OsString> = split(line).iter().map(Into::into).collect();
        assert!(chec::cli::quick_parse(&args).is_some(), "{line}");
    }
    for line in ["chec", "chec --help", "chec items --help", "chec help items", "chec --version", "chec itme"] {
        let args: Vec<std::ffi::OsString> = split(line).iter().map(Into::into).collect();
        assert!(chec::cli::quick_parse(&args).is_none(), "{line}");
    }
    assert!(quick > 50, "only {quick} lines were read quickly");
}
