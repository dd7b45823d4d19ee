//! Shared test helpers.
#![allow(dead_code)]

pub mod clock;
pub mod db;
pub mod markdown;
pub mod mix;
pub mod pipes;
pub mod pty;
pub mod team;
