//! Styles. Colour only ever repeats what a symbol or text already says, and `NO_COLOR`
//! turns it off, leaving bold, reverse and underline.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::Block;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
    /// Borders and marks in ASCII, for terminals that draw box-drawing characters (East
    /// Asian "ambiguous" width) two columns wide and so shift the right border.
    ascii: bool,
}

/// Box borders in ASCII.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org); ASCII borders
    /// and marks when `CHEC_ASCII` is `1`.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let ascii = std::env::var_os("CHEC_ASCII").is_some_and(|v| v == "1");
        Theme { color: !no_color, ascii }
    }

    pub fn plain() -> Theme {
        Theme { color: false, ascii: false }
    }

    /// This theme with ASCII borders and marks.
    pub fn ascii(self) -> Theme {
        Theme { ascii: true, ..self }
    }

    /// A bordered box, in box-drawing characters or ASCII.
    pub fn block(&self) -> Block<'static> {
        let block = Block::bordered();
        if self.ascii { block.border_set(ASCII_BORDER) } else { block }
    }

    /// The mark of what has the focus (the chosen pane, field or row), then a space.
    pub fn marker(&self) -> &'static str {
        if self.ascii { "> " } else { "▶ " }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(&self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new() }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}
