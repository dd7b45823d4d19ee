//! Exports: Markdown for people (minutes, reports, item lists), JSON for programs.

pub mod markdown;
