//! The library without a terminal: questionnaire files, the domain's rules, the store, the
//! exports and the text cleaning, through their public functions; and the module picture.
//!
//! One test binary with a module per area (see tests/README.md for where a new test goes).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod export;
mod journey;
mod loader_format2;
mod markdown;
mod questionnaires;
mod sanitise;
mod shipped_languages;
mod storage;
