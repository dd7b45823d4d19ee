//! Reliability: crashes and concurrency, hostile input and files, the keyboard and the
//! terminal, and the paths that must stay quick at scale. Long soaks are opt-in through
//! environment variables (`CHEC_CRASH_KILLS`, `CHEC_CONCURRENT_WRITES`, `CHEC_FUZZ_CASES`,
//! `CHEC_PROPTEST_CASES`); the default sizes fit a two-core machine.
//!
//! One test binary with a module per area (see tests/README.md for where a new test goes).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

#[path = "../common/mod.rs"]
mod common;

mod concurrency;
mod input;
mod keyboard;
mod scale;
mod search;
mod terminal;
