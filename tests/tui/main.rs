//! The TUI: state driven through its actions and keys on in-memory or file databases,
//! snapshots of every screen, two windows on one file, and journeys through the real binary
//! in a pseudo-terminal.
//!
//! One test binary with a module per area (see tests/README.md for where a new test goes).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

#[path = "../common/mod.rs"]
mod common;

mod answer_kinds;
mod conflicts;
mod items;
mod korean;
mod live_meeting;
mod pty_journeys;
mod scoring;
mod screens;
mod state;
