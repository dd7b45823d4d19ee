//! The terminal user interface.
//!
//! Keys resolve to actions ([`keys`]), actions change the state ([`app::App::update`]),
//! and drawing ([`draw`]) only reads the state.

pub mod action;
pub mod app;
pub mod keys;
pub mod screens;
pub mod terminal;
pub mod theme;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context as _, bail};
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::cli::Context;
use action::Action;
use app::App;
use terminal::{Signals, TerminalGuard};
use theme::Theme;

/// Below this size the screen says so instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// How often the loop wakes without input: to notice signals and other processes' writes.
const TICK: Duration = Duration::from_millis(250);

/// Open the TUI on the context's database.
pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        bail!(
            "the consultation screen needs a terminal; for scripts use a subcommand (see chec --help)"
        );
    }
    let store = ctx.store()?;
    let today = chrono::Local::now().date_naive().to_string();
    let mut app = App::new(store, Theme::from_env(), today)?;
    let signals = Signals::register().context("cannot install signal handlers")?;

    let guard = TerminalGuard::enter().context("cannot set up the terminal")?;
    let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
    let mut terminal = ratatui::Terminal::new(backend).context("cannot set up the terminal")?;
    redraw_all(&mut terminal)?;

    while !app.quit && !signals.should_terminate() {
        if signals.take_suspend() {
            guard.suspend()?;
            redraw_all(&mut terminal)?;
        }
        app.page_rows = page_rows(terminal.size()?.height);
        terminal.draw(|frame| draw(frame, &app))?;
        if !event::poll(TICK)? {
            app.refresh_if_changed()?;
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                if let Some(action) = keys::resolve(&app.scopes(), &key) {
                    if action == Action::Suspend {
                        guard.suspend()?;
                        redraw_all(&mut terminal)?;
                    } else {
                        app.update(action);
                    }
                }
            }
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollUp => app.update(Action::Up),
                MouseEventKind::ScrollDown => app.update(Action::Down),
                _ => {}
            },
            _ => {}
        }
    }
    drop(terminal);
    drop(guard);
    Ok(ExitCode::SUCCESS)
}

/// Clear the screen and forget what was drawn, so the next frame is drawn whole.
///
/// `Terminal::clear` would ask the terminal for the cursor position and wait for the answer;
/// a full-screen `resize` clears without asking, so start-up never blocks on a terminal (or a
/// test harness) that does not answer.
fn redraw_all<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
) -> Result<(), B::Error> {
    let size = terminal.size()?;
    terminal.resize(Rect::new(0, 0, size.width, size.height))
}

/// Rows of a list that fit on one page at this terminal height (header, footer, table header).
fn page_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(4)).max(1)
}

/// Draw the whole screen from the state. Reads only.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area);
        return;
    }
    let theme = &app.theme;
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);

    let title = Line::from(vec![
        Span::styled(" chec ", theme.title()),
        Span::raw("· Consultations "),
        Span::styled(format!("({})", app.consultations.rows.len()), theme.dim()),
    ]);
    frame.render_widget(title, header);
    app.consultations.render(body, frame.buffer_mut(), theme);

    let mut hints = Vec::new();
    for b in keys::hints(&app.scopes()) {
        hints.push(Span::styled(format!(" {} ", b.keys_label()), theme.key()));
        hints.push(Span::raw(format!("{} ", b.hint)));
    }
    hints.push(Span::styled(
        format!(" {}", crate::text::sanitize_line(&app.db_label)),
        theme.dim(),
    ));
    frame.render_widget(Line::from(hints), footer);

    if app.help_open {
        screens::help::render(body, frame.buffer_mut(), theme);
    }
}

fn draw_too_small(frame: &mut Frame<'_>, area: Rect) {
    let text = format!(
        "Terminal too small ({}×{}). chec needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge the window or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
