//! The user's settings (`config.json` in the configuration folder), shared by the CLI and
//! the TUI.
//!
//! ```json
//! { "name": "김민지", "time_zone": "Asia/Seoul", "lang": "ko" }
//! ```

use std::path::Path;

use anyhow::{anyhow, bail};

use crate::clock::Zone;
use crate::i18n::Lang;

/// What `config.json` may set. Every field is optional; a missing file is an empty one.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Settings {
    /// Recorded as the author of changes.
    pub name: Option<String>,
    /// The zone people read times in; `None` means the system's.
    pub time_zone: Option<Zone>,
    /// The interface's language; `None` means the locale's (see [`crate::i18n::resolve`]).
    pub lang: Option<Lang>,
}

impl Settings {
    /// The settings from the user's `config.json`, if there is one.
    pub fn load() -> anyhow::Result<Settings> {
        match crate::paths::config_file() {
            Some(path) => Settings::from_file(&path),
            None => Ok(Settings::default()),
        }
    }

    /// The settings in `path`. A missing file is fine; a broken one is an error naming the
    /// file, line and column (or the field).
    pub fn from_file(path: &Path) -> anyhow::Result<Settings> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => bail!("{}: cannot read: {e}", path.display()),
        };
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            name: Option<String>,
            time_zone: Option<String>,
            lang: Option<String>,
        }
        let file: File = serde_json::from_str(&text).map_err(|e| {
            let message = e.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_string();
            anyhow!("{}:{}:{}: {message}", path.display(), e.line(), e.column())
        })?;
        let time_zone = match file.time_zone.as_deref().map(str::trim).filter(|z| !z.is_empty()) {
            Some(zone) => Some(Zone::parse(zone).map_err(|e| anyhow!("{}: time_zone: {e}", path.display()))?),
            None => None,
        };
        let name = file.name.map(|n| crate::text::normalize(n.trim())).filter(|n| !n.is_empty());
        let lang = match file.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(code) => Some(Lang::parse(code).ok_or_else(|| {
                anyhow!("{}: lang: '{code}' is not a language chec speaks (use \"ko\" or \"en\")", path.display())
            })?),
            None => None,
        };
        Ok(Settings { name, time_zone, lang })
    }

    /// The configured zone, else the system's.
    pub fn zone(&self) -> Zone {
        self.time_zone.unwrap_or_else(Zone::system)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(json: &str) -> anyhow::Result<Settings> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("config.json");
        std::fs::write(&path, json)?;
        Settings::from_file(&path)
    }

    #[test]
    fn reads_name_and_zone() {
        let s = settings(r#"{"name": " 김민지 ", "time_zone": "Asia/Seoul"}"#).unwrap();
        assert_eq!(s.name.as_deref(), Some("김민지"));
        assert_eq!(s.time_zone.map(|z| z.name()), Some("Asia/Seoul"));
    }

    #[test]
    fn a_bad_zone_names_the_file_and_field() {
        let e = settings(r#"{"time_zone": "Seoul"}"#).unwrap_err().to_string();
        assert!(e.contains("config.json: time_zone: 'Seoul' is not a time zone name"), "{e}");
    }

    #[test]
    fn reads_the_language_and_names_a_bad_one() {
        assert_eq!(settings(r#"{"lang": "ko"}"#).unwrap().lang, Some(Lang::Ko));
        let e = settings(r#"{"lang": "fr"}"#).unwrap_err().to_string();
        assert!(e.contains("config.json: lang: 'fr' is not a language"), "{e}");
    }

    #[test]
    fn a_missing_file_is_empty_settings() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::from_file(&dir.path().join("config.json")).unwrap(), Settings::default());
    }
}
