//! Shared test helpers, included by each test binary's `main.rs` as `mod common` (see
//! tests/README.md).
#![allow(dead_code, unused_imports, unused_macros)]

pub mod app;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod db;
pub mod keys;
pub mod markdown;
pub mod mix;
pub mod pipes;
pub mod pty;
pub mod screen;
pub mod store;
pub mod team;
