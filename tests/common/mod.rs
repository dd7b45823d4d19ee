//! Shared test helpers.
#![allow(dead_code)]

pub mod db;
pub mod pipes;
pub mod pty;
