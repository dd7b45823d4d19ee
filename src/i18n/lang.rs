//! Which language the interface speaks, and how it is chosen.

use fluent_templates::{LanguageIdentifier, langid};

/// A language chec's interface and exports are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

static EN: LanguageIdentifier = langid!("en");
static KO: LanguageIdentifier = langid!("ko");

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// Its code, as questionnaires and config.json write it: `en`, `ko`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    pub(super) fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Ko => &KO,
        }
    }

    /// A language code (`ko`, `en`, `ko-KR`, case aside), or `None` if chec does not speak it.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    /// The language of a POSIX locale (`ko_KR.UTF-8`, `en_US`, `C`), if it is one chec speaks.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let locale = locale.split(['.', '@']).next().unwrap_or("");
        Lang::parse(locale)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The interface language: `--lang`, else `"lang"` in config.json, else the locale
/// (`LC_ALL`, else `LC_MESSAGES`, else `LANG`: the first one set decides, as in POSIX),
/// else English. `env` reads an environment variable (tests give their own).
pub fn resolve(flag: Option<Lang>, configured: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
    chosen(flag, configured, env).unwrap_or_default()
}

/// [`resolve`] without English as the last resort: the language the person chose, if any.
pub fn chosen(flag: Option<Lang>, configured: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    if let Some(lang) = flag.or(configured) {
        return Some(lang);
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| env(name).filter(|v| !v.is_empty()))
        .and_then(|locale| Lang::from_locale(&locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_flag_wins_then_the_config_then_the_locale_then_english() {
        let korean = env(&[("LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(Some(Lang::En), Some(Lang::Ko), &korean), Lang::En);
        assert_eq!(resolve(None, Some(Lang::En), &korean), Lang::En);
        assert_eq!(resolve(None, None, &korean), Lang::Ko);
        assert_eq!(resolve(None, None, env(&[])), Lang::En);
        assert_eq!(resolve(None, None, env(&[("LANG", "C")])), Lang::En);
        assert_eq!(resolve(None, None, env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
    }

    #[test]
    fn the_first_locale_variable_set_decides() {
        let vars = env(&[("LC_ALL", "en_US.UTF-8"), ("LC_MESSAGES", "ko_KR.UTF-8"), ("LANG", "ko_KR.UTF-8")]);
        assert_eq!(resolve(None, None, vars), Lang::En);
        let vars = env(&[("LC_ALL", ""), ("LC_MESSAGES", "ko_KR.eucKR"), ("LANG", "en_US")]);
        assert_eq!(resolve(None, None, vars), Lang::Ko);
        assert_eq!(resolve(None, None, env(&[("LANG", "ko")])), Lang::Ko);
    }

    #[test]
    fn codes_parse() {
        assert_eq!(Lang::parse("KO-kr"), Some(Lang::Ko));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("ja"), None);
        assert_eq!(Lang::from_locale("ko_KR.UTF-8@euro"), Some(Lang::Ko));
    }
}
