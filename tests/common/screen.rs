//! Drawing the TUI into a test terminal, and snapshots of it.

use chec::tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// The screen `app` draws in a `width`×`height` terminal, as text.
pub fn render(app: &mut App, width: u16, height: u16) -> String {
    app.size = Rect::new(0, 0, width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| chec::tui::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

/// The sizes every screen is snapshotted at: the usual terminal and the smallest chec draws.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (60, 12)];

/// Filters for times that move while a test runs: a meeting's start and how long it has run.
pub const RUNNING_TIMES: &[(&str, &str)] =
    &[(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[date time]"), (r"\d{2}:\d{2}( elapsed| )", "[elapsed]$1")];

/// Filters for dates shown in lists and histories (full dates and month-day).
pub const DATES: &[(&str, &str)] = &[(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?", "[date]"), (r"\b\d{2}-\d{2}\b", "MM-DD")];

/// Snapshot `app`'s screen at every size in [`SIZES`] as `NAME_WxH`, with `filters`
/// applied. A macro, so that the snapshot is named after the calling module.
macro_rules! snapshot_screens {
    ($name:expr, $app:expr, $filters:expr) => {{
        let app: &mut chec::tui::app::App = $app;
        let mut settings = insta::Settings::clone_current();
        for (pattern, replacement) in $filters {
            settings.add_filter(pattern, *replacement);
        }
        settings.bind(|| {
            for (w, h) in $crate::common::screen::SIZES {
                insta::assert_snapshot!(format!("{}_{w}x{h}", $name), $crate::common::screen::render(app, w, h));
            }
        });
    }};
}
pub(crate) use snapshot_screens;
