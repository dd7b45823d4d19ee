//! Working as a team through a git repository: every change an event, machines syncing
//! in every order through bare repositories in temporary folders (no network), convergence
//! as a property, kill -9 during sync, what may not be trusted kept aside, CI reading a
//! fresh checkout, and the TUI's sync state.
//!
//! One test binary with a module per area (see tests/README.md for where a new test goes).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

#[path = "../common/mod.rs"]
mod common;

mod ci;
mod convergence;
mod crash;
mod events;
mod first_import;
mod git_work;
mod input;
mod sync;
mod tui;
