//! One module per screen: its state, how actions change it, and how it draws (read-only).

pub mod consultation;
pub mod consultations;
pub mod dashboard;
pub mod help;
mod item_history;
pub mod items;
