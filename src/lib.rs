//! chec: a terminal assistant for AI ethics consultations.
//!
//! The library holds everything; `main.rs` only parses arguments and hands over, so that
//! `tests/` can drive every part. Layers, from the inside out:
//! - [`domain`]: consultation, questionnaire, response, meeting and item types and their
//!   rules. Knows nothing of terminals or SQL.
//! - [`catalog`]: questionnaire files (shipped ones embedded, user ones from the config
//!   directory), parsed and validated with file/line/column diagnostics.
//! - [`storage`]: the SQLite store; every SQL string lives there.
//! - [`cli`] and [`tui`]: the two surfaces, calling the same storage and domain functions.

pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod paths;
pub mod storage;
pub mod text;
pub mod tui;
