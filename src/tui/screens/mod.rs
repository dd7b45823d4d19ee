//! One file per screen: its state, how actions change it, and how it draws (read-only).

pub mod consultations;
pub mod help;
