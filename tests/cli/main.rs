//! The command line through the real binary, on temporary databases: every subcommand, its
//! output formats parsed back, exit codes, bad input, and the quiet ways to lose data.
//!
//! One test binary with a module per area (see tests/README.md for where a new test goes).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

#[path = "../common/mod.rs"]
mod common;

mod commands;
mod items;
mod korean;
mod quiet_losses;
mod shell;
