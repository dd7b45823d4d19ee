//! `--help` in the interface's language: the command line is defined once (clap's derive,
//! its doc comments being the English text), and before parsing every command's and every
//! option's text is taken from the catalogue (`locales/*/help.ftl`), with clap's own words
//! (the headings, "possible values", "default") said in that language too.
//!
//! A command's text is `help-<path>` (`help-chec-item-add`), its longer `--help` text
//! `help-<path>-long`; an option's is `help-<path>--<id>` (`help-chec-new--key`).

use clap::builder::Resettable;
use clap::{Arg, Command};

use crate::i18n::{Lang, has, t};
use crate::tr;

/// The language `--help` speaks, known before the arguments are parsed: `--lang X` or
/// `--lang=X` among `args`, else config.json's `"lang"`, else the locale.
pub fn lang_of(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            flag = words.next().and_then(|v| Lang::parse(&v));
        } else if let Some(value) = word.strip_prefix("--lang=") {
            flag = Lang::parse(value);
        }
    }
    super::env_lang(flag)
}

/// The command line for `lang`: every text from the catalogue, clap's words in `lang`.
pub fn localized(cmd: Command, lang: Lang) -> Command {
    // English is the derive's own text (a test keeps the catalogue equal to it), with
    // clap's own notes and headings.
    if lang == Lang::En {
        return cmd;
    }
    let mut cmd = cmd;
    // The built-in --help, --version and `help` exist once the command is built.
    cmd.build();
    localize(cmd, "chec", lang, true)
}

fn localize(cmd: Command, path: &str, lang: Lang, top: bool) -> Command {
    let about = format!("help-{path}");
    let long = format!("help-{path}-long");
    let mut cmd = cmd;
    if has(lang, &about) {
        cmd = cmd.about(t(lang, &about));
        cmd = match has(lang, &long) {
            true => cmd.long_about(t(lang, &long)),
            false => cmd.long_about(Resettable::Reset),
        };
    }
    let after = format!("help-{path}-after");
    if has(lang, &after) {
        cmd = cmd.after_help(t(lang, &after)).after_long_help(Resettable::Reset);
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr!(lang, "help-usage")
    );
    cmd = cmd.help_template(template).subcommand_help_heading(tr!(lang, "help-commands"));
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        // A global option (--db, --lang, …) is said where it is defined: at the top.
        let key = [format!("help-{path}--{id}"), format!("help-chec--{id}")].into_iter().find(|k| has(lang, k));
        let known = match id.as_str() {
            "help" => Some(t(lang, "help-flag-help")),
            "version" => Some(t(lang, "help-flag-version")),
            _ => key.as_ref().map(|k| t(lang, k)),
        };
        let long = key.map(|k| format!("{k}-long")).filter(|k| has(lang, k)).map(|k| t(lang, &k));
        cmd = cmd.mut_arg(&id, |arg| localize_arg(arg, known, long, lang));
    }
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        let sub = format!("{path}-{name}");
        cmd = cmd.mut_subcommand(&name, |c| match name.as_str() {
            "help" => c.about(t(lang, "help-subcommand-help")).long_about(Resettable::Reset),
            _ => localize(c, &sub, lang, false),
        });
    }
    let _ = top;
    cmd
}

/// An option's text, and clap's notes after it (possible values, default, environment
/// variable) in `lang`.
fn localize_arg(arg: Arg, help: Option<String>, long: Option<String>, lang: Lang) -> Arg {
    let heading = tr!(lang, if arg.is_positional() { "help-arguments" } else { "help-options" });
    let help = help.or_else(|| arg.get_help().map(ToString::to_string)).unwrap_or_default();
    let mut notes = Vec::new();
    if !arg.is_hide_possible_values_set() && arg.get_action().takes_values() {
        let values: Vec<String> =
            arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
        if !values.is_empty() {
            notes.push(tr!(lang, "help-possible-values", values = values.join(", ")));
        }
    }
    if !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if !defaults.is_empty() {
            notes.push(tr!(lang, "help-default", value = defaults.join(", ")));
        }
    }
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(tr!(lang, "help-env", name = env.to_string_lossy().into_owned()));
    }
    let with_notes = |text: String| match (text.is_empty(), notes.is_empty()) {
        (_, true) => text,
        (true, false) => format!("[{}]", notes.join("; ")),
        (false, false) => format!("{text} [{}]", notes.join("; ")),
    };
    let short = with_notes(help);
    let long = long.map(with_notes);
    let arg = arg.help(short).help_heading(heading).hide_possible_values(true).hide_default_value(true).hide_env(true);
    match long {
        Some(long) => arg.long_help(long),
        None => arg.long_help(Resettable::Reset),
    }
}

/// What clap has to say — help, or a usage error — in `lang`. English is clap's own text;
/// in another language the usage line's placeholders are translated, and the usage errors a
/// person meets (an unknown or missing argument, a value not allowed) are said from the
/// catalogue with clap's details (the argument, the value, the possible values).
pub fn render(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let rendered = e.render().to_string();
    if lang == Lang::En {
        return rendered;
    }
    let placeholders = |text: &str| {
        text.replace("[OPTIONS]", &format!("[{}]", t(lang, "help-usage-options")))
            .replace("[COMMAND]", &format!("[{}]", t(lang, "help-usage-command")))
            .replace("<COMMAND>", &format!("<{}>", t(lang, "help-usage-command")))
    };
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return placeholders(&rendered);
    }
    let text = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let said = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            let missing = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(v)) => v.iter().map(|a| format!("\n  {a}")).collect::<String>(),
                _ => text(ContextKind::InvalidArg),
            };
            tr!(lang, "usage-missing", args = missing)
        }
        ErrorKind::UnknownArgument => tr!(lang, "usage-unknown-argument", arg = text(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            tr!(lang, "usage-unknown-command", command = text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = text(ContextKind::InvalidArg);
            // Why, when chec's own check refused it (a consultation key's shape): it names the value.
            let mut said = match std::error::Error::source(e).and_then(|s| crate::messages::known(lang, s)) {
                Some(why) => tr!(lang, "usage-invalid-value-why", arg = arg, why = why),
                None => tr!(lang, "usage-invalid-value", value = text(ContextKind::InvalidValue), arg = arg),
            };
            let valid = text(ContextKind::ValidValue);
            if !valid.is_empty() {
                said.push_str(&format!(" [{}]", tr!(lang, "help-possible-values", values = valid)));
            }
            said
        }
        ErrorKind::ArgumentConflict => {
            tr!(lang, "usage-conflict", arg = text(ContextKind::InvalidArg), other = text(ContextKind::PriorArg))
        }
        _ => tr!(lang, "usage-other"),
    };
    let usage = rendered
        .lines()
        .find(|l| l.starts_with("Usage: "))
        .map(|l| format!("\n\n{} {}", t(lang, "help-usage"), placeholders(l.trim_start_matches("Usage: "))));
    format!("{} {said}{}\n\n{}\n", t(lang, "error-prefix"), usage.unwrap_or_default(), t(lang, "usage-more"))
}

/// Every message id the command line asks for, with the English text clap's derive gives
/// it, for the catalogue test: (id, text).
pub fn texts(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(cmd, "chec", &mut out);
    out
}

fn collect(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
    if let Some(about) = cmd.get_about() {
        out.push((format!("help-{path}"), about.to_string()));
    }
    if let Some(long) = cmd.get_long_about() {
        out.push((format!("help-{path}-long"), long.to_string()));
    }
    if let Some(after) = cmd.get_after_help() {
        out.push((format!("help-{path}-after"), after.to_string()));
    }
    for arg in cmd.get_arguments() {
        let id = arg.get_id().to_string();
        if id == "help" || id == "version" {
            continue;
        }
        if let Some(help) = arg.get_help() {
            out.push((format!("help-{path}--{id}"), help.to_string()));
        }
        if let Some(long) = arg.get_long_help() {
            out.push((format!("help-{path}--{id}-long"), long.to_string()));
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            collect(sub, &format!("{path}-{}", sub.get_name()), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    /// The English catalogue says what the doc comments say, so `--help` in English is
    /// what the code documents, and a new option cannot go without its Korean text (the
    /// catalogue test wants every message in both languages).
    #[test]
    fn the_english_help_is_the_doc_comments_and_every_text_has_a_message() {
        for (id, text) in texts(&crate::cli::Cli::command()) {
            assert!(has(Lang::En, &id) && has(Lang::Ko, &id), "{id} is not in locales/*/help.ftl");
            assert_eq!(t(Lang::En, &id), text, "{id}");
        }
    }

    /// No option goes without a word on what it takes: a blank line in `--help` leaves the
    /// user to guess (`--owner` of an item: a name? an e-mail?).
    #[test]
    fn every_option_and_argument_says_what_it_takes() {
        fn unexplained(cmd: &Command, path: &str, out: &mut Vec<String>) {
            for arg in cmd.get_arguments().filter(|a| !matches!(a.get_id().as_str(), "help" | "version")) {
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    out.push(format!("{path} --{}", arg.get_id()));
                }
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                unexplained(sub, &format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut missing = Vec::new();
        unexplained(&crate::cli::Cli::command(), "chec", &mut missing);
        assert!(missing.is_empty(), "options without help: {missing:#?}");
    }

    /// Korean help wraps where it reaches the terminal's edge: a Hangul syllable takes two
    /// columns, so wrapping by characters ran lines past the edge.
    #[test]
    fn korean_help_wraps_by_display_width() {
        fn check(cmd: &mut Command, path: &str) {
            let help = cmd.clone().term_width(80).render_long_help().to_string();
            for line in help.lines() {
                let width = unicode_width::UnicodeWidthStr::width(line);
                assert!(width <= 80, "{path}: {width} columns: {line}");
            }
            for sub in cmd.get_subcommands_mut() {
                let name = sub.get_name().to_string();
                check(sub, &format!("{path} {name}"));
            }
        }
        let mut cmd = localized(crate::cli::Cli::command(), Lang::Ko);
        check(&mut cmd, "chec");
    }

    #[test]
    fn korean_help_has_korean_headings_and_texts() {
        let mut cmd = localized(crate::cli::Cli::command(), Lang::Ko);
        let help = cmd.render_long_help().to_string();
        for word in ["사용법:", "명령:", "옵션:", "하위 명령 없이", "[환경 변수: CHEC_DB]", "[가능한 값: en, ko]"]
        {
            assert!(help.contains(word), "{word} in\n{help}");
        }
        for english in ["Usage:", "Options:", "Commands:", "Print help", "[env:", "possible values"] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
        let mut add = localized(crate::cli::Cli::command(), Lang::Ko);
        let add = add.find_subcommand_mut("item").and_then(|c| c.find_subcommand_mut("add")).unwrap();
        let help = add.render_help().to_string();
        assert!(help.contains("인수:") && help.contains("자문 키, 예: CARE"), "{help}");
        assert!(help.contains("쓸 데이터베이스 파일"), "a global option in Korean under a subcommand:\n{help}");
    }

    #[test]
    fn lang_is_read_from_the_arguments_before_parsing() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["chec", "--lang", "ko", "--help"])), Lang::Ko);
        assert_eq!(lang_of(&args(&["chec", "items", "--lang=ko"])), Lang::Ko);
        assert_eq!(lang_of(&args(&["chec", "--lang", "en", "items"])), Lang::En);
    }
}
