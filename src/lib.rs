//! chec: a terminal assistant for AI ethics consultations.
//!
//! The library holds everything; `main.rs` only parses arguments and hands over, so that
//! `tests/` can drive every part.
//!
//! # Layers and the direction of dependencies
//!
//! From the inside out. A module uses only modules of the layers above its own, never one
//! below or beside it, so the module picture has no circle (`tests/library/architecture.rs`
//! checks this on the `use` lines of `src/`, and that the files of `storage`, `cli` and `tui`
//! have no circle among them either):
//!
//! 1. [`text`], [`clock`], [`paths`]: leaves (cleaning text for output and fitting it to a
//!    width; the one clock; where files live). They use no other module of chec.
//! 2. [`domain`]: consultation, questionnaire, response, meeting and item types and their
//!    rules (what a sign-off needs, what closing an item needs). Knows nothing of terminals
//!    or SQL.
//! 3. [`i18n`]: the interface's words in English and Korean (a Fluent catalogue,
//!    `locales/`), and the words for the domain's recorded values.
//! 4. [`catalog`]: questionnaire files (shipped ones embedded, user ones from the config
//!    directory), parsed and validated with file/line/column diagnostics.
//! 5. [`storage`]: the SQLite store; every SQL string lives there. It loads, asks the domain,
//!    and writes, in one transaction.
//! 6. [`export`]: minutes, reports and item lists as Markdown, JSON and CSV, in a reader's
//!    language.
//! 7. [`team`]: sharing through a team's git repository (the `git` program, the event
//!    files, sync), on top of the store's events.
//! 8. [`config`]: the settings and the [`config::Context`] both surfaces start from (the
//!    database, who is acting, the clock, the interface's language, a team repository read
//!    for CI).
//!    Beside it, [`messages`]: what the layers below report (their errors, what a sign-off
//!    did), said in the interface's language at the edge; their own `Display` stays English.
//! 9. [`tui`]: the consultation screen; it gets a `Context` and never reaches into the CLI.
//! 10. [`cli`]: the commands; it builds the `Context` and starts the TUI.

pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod messages;
pub mod paths;
pub mod storage;
pub mod team;
pub mod text;
pub mod tui;
