//! The library without a terminal: questionnaire files, the domain's rules, the store, the
//! exports and the text cleaning, through their public functions; and the module picture.
//!
//! One test binary with a module per area (see tests/README.md for where a new test goes).

#[path = "../common/mod.rs"]
mod common;

mod export;
mod journey;
mod loader_format2;
mod markdown;
mod questionnaires;
mod sanitise;
mod storage;
