//! Pieces shared by several screens.

pub mod cursor;
pub mod editor;
pub mod form;
pub mod paged_table;
