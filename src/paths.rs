//! Where chec keeps its files.

use std::path::PathBuf;

use directories::ProjectDirs;

/// Overrides the default database (the `--db` flag overrides this in turn).
pub const DB_ENV: &str = "CHEC_DB";

/// Overrides the configuration folder (user questionnaires, settings).
pub const CONFIG_DIR_ENV: &str = "CHEC_CONFIG_DIR";

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "chec")
}

/// The default database: `chec.db` in the per-user data folder
/// (e.g. `~/.local/share/chec/chec.db` on Linux).
pub fn default_db_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().join("chec.db"))
}

/// The configuration folder: `$CHEC_CONFIG_DIR`, else e.g. `~/.config/chec` on Linux.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => project_dirs().map(|d| d.config_dir().to_path_buf()),
    }
}

/// Where users put their own questionnaire files.
pub fn user_questionnaire_dir() -> Option<PathBuf> {
    config_dir().map(|d| d.join("questionnaires"))
}

/// The settings file: `config.json` in the configuration folder.
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.json"))
}

/// Overrides the cache folder.
pub const CACHE_DIR_ENV: &str = "CHEC_CACHE_DIR";

/// Where chec remembers questionnaire files that failed to load: `$CHEC_CACHE_DIR`; else,
/// when `$CHEC_CONFIG_DIR` chooses a config folder, `cache/` in it (so that separate setups
/// never share one); else the per-user cache folder (e.g. `~/.cache/chec` on Linux).
pub fn questionnaire_check_cache() -> Option<PathBuf> {
    let dir = match (std::env::var_os(CACHE_DIR_ENV), std::env::var_os(CONFIG_DIR_ENV)) {
        (Some(dir), _) if !dir.is_empty() => PathBuf::from(dir),
        (_, Some(config)) if !config.is_empty() => PathBuf::from(config).join("cache"),
        _ => project_dirs()?.cache_dir().to_path_buf(),
    };
    Some(dir.join("questionnaire-checks.json"))
}
