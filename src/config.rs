//! What the CLI and the TUI both start from: the user's settings (`config.json` in the
//! configuration folder) and the [`Context`] built from them and the command line (where the
//! database is, who is making changes, the one clock). The CLI builds a `Context` and hands
//! it to the TUI, so the TUI never reaches into the CLI.
//!
//! ```json
//! { "name": "김민지", "time_zone": "Asia/Seoul", "lang": "ko", "sync_every_minutes": 5 }
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};

use crate::catalog::Catalog;
use crate::clock::{Clock, Zone};
use crate::i18n::Lang;
use crate::storage::Store;

/// What `config.json` may set. Every field is optional; a missing file is an empty one.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Settings {
    /// Recorded as the author of changes.
    pub name: Option<String>,
    /// The zone people read times in; `None` means the system's.
    pub time_zone: Option<Zone>,
    /// The interface's language; `None` means the locale's (see [`crate::i18n::resolve`]).
    pub lang: Option<Lang>,
    /// The TUI syncs with the team's repository by itself this often (minutes); `None`: only
    /// when asked (`Y`, `chec sync`).
    pub sync_every_minutes: Option<u32>,
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
        // Said in the locale's language: the file that would choose another is the one at fault.
        let ui = crate::i18n::resolve(None, None, |name| std::env::var(name).ok());
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => bail!(crate::tr!(ui, "config-cannot-read", path = &shown, error = e.to_string())),
        };
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            name: Option<String>,
            time_zone: Option<String>,
            lang: Option<String>,
            sync_every_minutes: Option<u32>,
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
            Some(code) => Some(
                Lang::parse(code)
                    .ok_or_else(|| anyhow!(crate::tr!(ui, "config-bad-lang", path = &shown, code = code)))?,
            ),
            None => None,
        };
        Ok(Settings { name, time_zone, lang, sync_every_minutes: file.sync_every_minutes.filter(|m| *m > 0) })
    }

    /// The configured zone, else the system's.
    pub fn zone(&self) -> Zone {
        self.time_zone.unwrap_or_else(Zone::system)
    }
}

/// What every subcommand and the TUI need: where the database and the user's questionnaires
/// are, who is making changes, and the clock. Built once by the CLI from its arguments and the
/// settings, then handed down.
pub struct Context {
    pub db: PathBuf,
    pub user_questionnaires: Option<PathBuf>,
    pub actor: Option<String>,
    /// The one clock: what every write is stamped with and what "today" is.
    pub clock: Clock,
    /// A checked-out team repository read through its cache database (`--team-dir`).
    pub team_dir: Option<PathBuf>,
    /// The language people are spoken to in.
    pub lang: Lang,
    /// The language given with `--lang`, if it was: exports are then written in it too.
    pub lang_flag: Option<Lang>,
    /// The language the person chose (`--lang`, config.json or the locale), if any: `lang`
    /// without English as the last resort.
    pub lang_chosen: Option<Lang>,
}

impl Context {
    /// The context for `db` (from `--db` or `CHEC_DB`, which the command line reads) and
    /// `actor` (from `--as`), with the settings and the clock.
    pub fn from_cli(db: Option<PathBuf>, actor: Option<String>, lang: Option<Lang>) -> anyhow::Result<Context> {
        let db = match db {
            Some(db) => db,
            None => crate::paths::default_db_path().with_context(|| {
                let configured = Settings::load().ok().and_then(|s| s.lang);
                crate::tr!(crate::i18n::resolve(lang, configured, |name| std::env::var(name).ok()), "no-home")
            })?,
        };
        let settings = Settings::load()?;
        let actor = actor.or(settings.name.clone());
        let clock = Clock::from_env(settings.zone()).map_err(anyhow::Error::msg)?;
        let lang_flag = lang;
        let lang_chosen = crate::i18n::chosen(lang, settings.lang, |name| std::env::var(name).ok());
        let lang = lang_chosen.unwrap_or_default();
        Ok(Context {
            db,
            user_questionnaires: crate::paths::user_questionnaire_dir(),
            actor,
            clock,
            team_dir: None,
            lang,
            lang_flag,
            lang_chosen,
        })
    }

    /// The language to export a consultation in whose questionnaire speaks `languages`:
    /// `--lang`; else the language the reader chose (config.json, the locale) when the
    /// questionnaire has it; else `None`, the consultation's own (its questionnaire's first).
    pub fn export_lang(&self, languages: &[String]) -> Option<Lang> {
        self.lang_flag.or(self.lang_chosen.filter(|l| languages.iter().any(|c| Lang::parse(c) == Some(*l))))
    }

    /// The database, which must exist: only `chec new` and the TUI create one.
    pub fn store(&self) -> anyhow::Result<Store> {
        Ok(self.with_actor(match self.team_store()? {
            Some(store) => store,
            None => Store::open_existing(&self.db)?,
        }))
    }

    /// The database, opened only to read it (it must exist): commands that only read then
    /// work on a write-protected file or in a read-only folder.
    pub fn read_store(&self) -> anyhow::Result<Store> {
        Ok(self.with_actor(match self.team_store()? {
            Some(store) => store,
            None => Store::open_read_only(&self.db)?,
        }))
    }

    /// The database, created (with its folders) if it does not exist yet.
    pub fn create_store(&self) -> anyhow::Result<Store> {
        Ok(self.with_actor(Store::open(&self.db)?))
    }

    /// With `--team-dir`: the cache database of that checked-out team repository, brought
    /// up to date with its events (the problems found are reported on stderr).
    fn team_store(&self) -> anyhow::Result<Option<Store>> {
        let Some(dir) = &self.team_dir else { return Ok(None) };
        let (store, report) = crate::team::sync::open_cache(dir)?;
        crate::team::report_problems(&report.problems);
        Ok(Some(store))
    }

    /// The store with this context's clock and author.
    fn with_actor(&self, mut store: Store) -> Store {
        store.set_clock(self.clock.clone());
        if let Some(actor) = &self.actor {
            store.set_actor(actor);
        }
        store
    }

    pub fn catalog(&self) -> Catalog {
        let cache = crate::paths::questionnaire_check_cache();
        Catalog::load_cached(self.lang, self.user_questionnaires.as_deref(), cache.as_deref())
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
