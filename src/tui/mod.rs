//! The terminal user interface.
//!
//! Keys resolve to actions ([`keys`]), actions change the state ([`app::App::update`]),
//! and drawing ([`draw`]) only reads the state.

pub mod action;
pub mod app;
pub mod focus;
pub mod forms;
pub mod input;
pub mod keys;
pub mod outcome;
pub mod patience;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::config::Context;
use action::Action;
use app::App;
use input::Input;
use terminal::{Signals, TerminalGuard};
use theme::Theme;

/// Below this size the screen says so instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Whether `area` is below the size the screens need.
pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// How often the loop wakes without input: to notice other processes' writes.
const TICK: Duration = Duration::from_millis(250);

/// The longest the loop handles input without drawing: a stream of typed bytes that never
/// pauses still shows its progress.
const DRAW_AT_LEAST_EVERY: Duration = Duration::from_millis(100);

/// Open the TUI on the context's database.
pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        bail!(crate::tr!(ctx.lang, "tui-needs-terminal"));
    }
    let store = open_or_ask(ctx)?;
    let mut app = App::new(store, ctx.catalog(), Theme::from_env())?;
    app.set_lang(ctx.lang);
    let every = crate::config::Settings::load()?.sync_every_minutes;
    app.set_sync_every(every.map(|m| Duration::from_secs(u64::from(m) * 60)));
    let lang = ctx.lang;
    let signals = Signals::register().context(crate::tr!(lang, "tui-no-signals"))?;
    let mut input = Input::new().context(crate::tr!(lang, "tui-cannot-read-terminal"))?;
    app.watch_input(input.watcher());

    let guard = TerminalGuard::enter().context(crate::tr!(lang, "tui-cannot-set-up"))?;
    let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
    let mut terminal = ratatui::Terminal::new(backend).context(crate::tr!(lang, "tui-cannot-set-up"))?;
    redraw_all(&mut terminal)?;

    let looped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut app, &mut terminal, &guard, &signals, &mut input, injected_panic())
    }));
    if looped.is_ok() {
        handle_what_is_left(&mut app, &mut input);
    }
    // Whatever ended the loop (quit, signal, closed terminal, error, even a bug), commit the
    // text being typed, through the connection open since the start.
    let saved = app.finish();
    let result = match looped {
        Ok(result) => result,
        Err(panic) => {
            drop(terminal);
            drop(guard);
            std::panic::resume_unwind(panic);
        }
    };
    let hung_up = input.hung_up() || terminal::hung_up();
    if hung_up {
        // ratatui's terminal shows the cursor when dropped and, failing on a terminal that
        // has gone, reports it on stderr: that terminal too, and the report would panic.
        std::mem::forget(terminal);
    } else {
        drop(terminal);
    }
    drop(guard);
    // Drawing on a terminal that has gone fails: that is the hang-up, not an error.
    if !hung_up {
        result?;
    }
    saved.context(crate::tr!(lang, "tui-not-saved-at-end"))?;
    Ok(ExitCode::SUCCESS)
}

/// The database; when there is none yet (a new machine, or a mistyped path), ask on the
/// terminal before creating it.
fn open_or_ask(ctx: &Context) -> anyhow::Result<crate::storage::Store> {
    match ctx.store() {
        Err(e) if matches!(e.downcast_ref(), Some(crate::storage::StoreError::Missing { .. })) => {
            let path = crate::text::sanitize_line(&ctx.db.display().to_string()).into_owned();
            let lang = ctx.lang;
            eprint!("{} ", crate::tr!(lang, "tui-create-database", path = &path));
            let mut answer = String::new();
            std::io::stdin().read_line(&mut answer).context(crate::tr!(lang, "tui-cannot-read-answer"))?;
            // y or yes, and the Korean 네 / 예 / ㅇ.
            if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "네" | "예" | "ㅇ") {
                ctx.create_store()
            } else {
                bail!(crate::tr!(lang, "tui-not-created", path = &path))
            }
        }
        other => other,
    }
}

/// Debug builds only: `CHEC_INJECT_PANIC=MS` panics that long after start, so tests can
/// check that the terminal is restored after a panic. Release builds ignore it.
fn injected_panic() -> Option<Instant> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let ms: u64 = std::env::var("CHEC_INJECT_PANIC").ok()?.parse().ok()?;
    Some(Instant::now() + Duration::from_millis(ms))
}

fn event_loop<B: ratatui::backend::Backend>(
    app: &mut App,
    terminal: &mut ratatui::Terminal<B>,
    guard: &TerminalGuard,
    signals: &Signals,
    input: &mut Input,
    panic_at: Option<Instant>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    while !app.quit && !signals.should_terminate() && !input.hung_up() {
        if panic_at.is_some_and(|at| Instant::now() >= at) {
            panic!("injected panic (CHEC_INJECT_PANIC)");
        }
        if signals.take_suspend() {
            guard.suspend()?;
            redraw_all(terminal)?;
        }
        let size = terminal.size()?;
        app.size = Rect::new(0, 0, size.width, size.height);
        app.tick(Instant::now());
        terminal.draw(|frame| draw(frame, app))?;
        if app.is_behind() && !input.is_waiting() {
            // Searches too slow for a keystroke's frame go on between keys; a key stops them.
            app.catch_up();
            continue;
        }
        input.wait(TICK)?;
        // Everything the terminal delivered is handled before the next frame.
        let started = Instant::now();
        while !app.quit && started.elapsed() < DRAW_AT_LEAST_EVERY {
            let Some(event) = input.next_event() else { break };
            match action_for(app, event) {
                Some(Action::Suspend) => {
                    guard.suspend()?;
                    redraw_all(terminal)?;
                }
                Some(action) => app.update(action),
                None => {}
            }
        }
    }
    Ok(())
}

/// A signal or a closed terminal ends the loop: what was typed before it still counts.
fn handle_what_is_left(app: &mut App, input: &mut Input) {
    for event in input.finish() {
        if app.quit {
            break;
        }
        match action_for(app, event) {
            Some(Action::Suspend) | None => {}
            Some(action) => app.update(action),
        }
    }
}

/// What a terminal event asks of the app, if anything. While the terminal is too small to
/// show what the keys act on, only quitting (`q`, Ctrl-C) and suspending (Ctrl-Z) do
/// anything: nothing is recorded blind.
pub fn action_for(app: &App, event: Event) -> Option<Action> {
    if is_too_small(app.size) {
        return match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let ctrl = key.modifiers.contains(ratatui::crossterm::event::KeyModifiers::CONTROL);
                match key.code {
                    ratatui::crossterm::event::KeyCode::Char('q') if !ctrl => Some(Action::Quit),
                    ratatui::crossterm::event::KeyCode::Char('c') if ctrl => Some(Action::Quit),
                    ratatui::crossterm::event::KeyCode::Char('z') if ctrl => Some(Action::Suspend),
                    _ => None,
                }
            }
            _ => None,
        };
    }
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keys::resolve(&app.scopes(), &key),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            MouseEventKind::Down(_) => Some(Action::Click { column: mouse.column, row: mouse.row }),
            _ => None,
        },
        _ => None,
    }
}

/// Clear the screen and forget what was drawn, so the next frame is drawn whole.
///
/// `Terminal::clear` would ask the terminal for the cursor position and wait for the answer;
/// a full-screen `resize` clears without asking, so start-up never blocks on a terminal (or a
/// test harness) that does not answer.
fn redraw_all<B: ratatui::backend::Backend>(terminal: &mut ratatui::Terminal<B>) -> Result<(), B::Error> {
    let size = terminal.size()?;
    terminal.resize(Rect::new(0, 0, size.width, size.height))
}

/// Draw the whole screen from the state. Reads only.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    if is_too_small(area) {
        draw_too_small(frame, area, app.ui_lang());
        return;
    }
    let theme = &app.theme;
    let [header, body, status, footer] = app.frame_areas(area);
    draw_header(frame, header, app);
    match (app.screen, &app.view) {
        (app::Screen::Consultation, Some(view)) => view.render(body, frame.buffer_mut(), theme, app.now),
        (app::Screen::Items, _) => app.items.render(body, frame.buffer_mut(), theme),
        (app::Screen::Dashboard, _) => app.dashboard.render(body, frame.buffer_mut(), theme),
        _ => app.consultations.render(body, frame.buffer_mut(), theme),
    }

    if let Some((text, style)) = status_text(app) {
        let width = widgets::wrap_width(&text, status.width);
        frame.render_widget(Paragraph::new(text).style(style).wrap(Wrap { trim: true }), Rect { width, ..status });
    }
    frame.render_widget(Paragraph::new(footer_lines(app, footer.width, footer.height)), footer);

    if let Some(overlay) = &app.form {
        overlay.form.render(body, frame.buffer_mut(), theme);
    }
    if app.help_open {
        screens::help::render(body, frame.buffer_mut(), theme, &app.help_scopes(), app.help_scroll, app.ui_lang());
    }
    if let Some(confirm) = &app.confirm {
        screens::help::render_confirm(body, frame.buffer_mut(), theme, &confirm.message, app.ui_lang());
    }
    // Last, once every field is drawn: the terminal's cursor at the insertion point (shown),
    // or hidden when nothing is being typed.
    if let Some(caret) = app.caret() {
        frame.set_cursor_position(caret);
    }
}

/// The status line's text and style, if there is one.
fn status_text(app: &App) -> Option<(String, ratatui::style::Style)> {
    match &app.status {
        Some(app::Status::Info(s)) => Some((crate::text::sanitize_line(s).into_owned(), Default::default())),
        Some(app::Status::Error(s)) => Some((format!("✗ {}", crate::text::sanitize_line(s)), app.theme.warning())),
        None => None,
    }
}

/// Rows the status takes at `width`: it wraps (up to three rows) instead of being cut.
pub(crate) fn status_rows(app: &App, width: u16) -> u16 {
    status_text(app).map_or(1, |(text, _)| widgets::wrapped_rows(&text, width, true).clamp(1, 3))
}

/// The footer's key hints, each `key label`, from the key table for where the keyboard is.
fn footer_hints(app: &App) -> Vec<(String, String)> {
    let scopes = app.scopes();
    let mut shown = Vec::new();
    let mut hints = Vec::new();
    // Keys the screen would refuse here (a signed-off stage's edits) are not offered.
    let refused = |b: &keys::Binding| {
        app.view.as_deref().filter(|_| app.screen == app::Screen::Consultation).is_some_and(|v| v.refuses(&b.action))
    };
    for b in keys::hints(&scopes).into_iter().filter(|b| !refused(b)) {
        // An inner scope's meaning of a key wins; don't list the key twice.
        if shown.contains(&b.first_key_label()) {
            continue;
        }
        shown.push(b.first_key_label());
        hints.push((format!(" {} ", b.first_key_label()), format!("{} ", crate::i18n::t(app.ui_lang(), b.hint))));
    }
    hints
}

/// The footer's hints laid out in rows `width` wide, wrapping between hints, never inside
/// one. Where more rows than `max_rows` would be needed, the last row ends with `…` (the
/// help, `?`, lists every key).
fn footer_layout(app: &App, width: u16, max_rows: u16) -> Vec<Vec<(String, String)>> {
    use unicode_width::UnicodeWidthStr as _;
    let width = usize::from(width);
    let mut rows: Vec<Vec<(String, String)>> = vec![Vec::new()];
    let mut used = 0usize;
    for (key, label) in footer_hints(app) {
        let w = key.width() + label.width();
        if used + w > width && used > 0 {
            rows.push(Vec::new());
            used = 0;
        }
        used += w;
        if let Some(row) = rows.last_mut() {
            row.push((key, label));
        }
    }
    let max = usize::from(max_rows.max(1));
    if rows.len() > max {
        rows.truncate(max);
        if let Some(last) = rows.last_mut() {
            // Room for the sign.
            while !last.is_empty() && last.iter().map(|(k, l)| k.width() + l.width()).sum::<usize>() + 2 > width {
                last.pop();
            }
            last.push((String::new(), " …".into()));
        }
    }
    rows
}

/// Rows the footer takes: two where the screen has rows to spare, so its hints wrap instead
/// of being cut (at the minimum height, one row ending in `…`). The same whatever the
/// hints, so the screen above does not jump when they change (opening an editor).
pub(crate) fn footer_rows(height: u16) -> u16 {
    if height > MIN_HEIGHT { 2 } else { 1 }
}

fn footer_lines(app: &App, width: u16, rows: u16) -> Vec<Line<'static>> {
    footer_layout(app, width, rows)
        .into_iter()
        .map(|row| {
            Line::from(
                row.into_iter()
                    .flat_map(|(key, label)| [Span::styled(key, app.theme.key()), Span::raw(label)])
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

fn draw_header(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let theme = &app.theme;
    let line = |s: &str| crate::text::sanitize_line(s).into_owned();
    let text = |id: &str| format!("{} ", crate::i18n::t(app.ui_lang(), id));
    let mut left = vec![Span::styled(" chec ", theme.title())];
    let mut right = Vec::new();
    match (app.screen, &app.view) {
        (app::Screen::Items, _) => {
            left.push(Span::raw(text("header-items")));
            left.push(Span::styled(format!("({}) ", app.items.total_label()), theme.dim()));
        }
        (app::Screen::Dashboard, _) => left.push(Span::raw(text("header-dashboard"))),
        (app::Screen::Consultations, _) | (app::Screen::Consultation, None) => {
            left.push(Span::raw(text("header-consultations")));
            left.push(Span::styled(format!("({}) ", app.consultations.total_label()), theme.dim()));
        }
        (_, Some(view)) => {
            let c = &view.consultation;
            left.push(Span::raw(format!("· {} {} ", c.key, line(&c.name))));
            left.push(Span::styled(
                format!("· {} {}", line(&view.questionnaire.id), line(&view.questionnaire.version)),
                theme.dim(),
            ));
            if let Some(m) = &view.meeting {
                let elapsed = screens::consultation::meeting::elapsed(&m.started_at, app.now);
                let meeting = crate::tr!(app.ui_lang(), "header-meeting", n = m.seq, elapsed = elapsed);
                right.push(Span::styled(format!("{meeting} "), theme.warning()));
            }
        }
    }
    // A space either side: a long title is cut short of it, never run into it.
    let sync = app.sync_label().map(|s| format!(" {s} "));
    let sync_width = sync.as_deref().map_or(0, |s| unicode_width::UnicodeWidthStr::width(s) as u16);
    // The right side takes what it shows (nothing outside a meeting), the title the rest.
    let right_width = right.iter().map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()) as u16).sum();
    let [l, s, r] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(sync_width), Constraint::Length(right_width)])
            .areas(area);
    frame.render_widget(Line::from(fit_spans(left, usize::from(l.width))), l);
    if let Some(sync) = sync {
        let style = if app.team.conflicts > 0 || app.team.offline.is_some() { theme.warning() } else { theme.dim() };
        frame.render_widget(Line::styled(sync, style), s);
    }
    frame.render_widget(Line::from(right).right_aligned(), r);
}

/// `spans` cut to `width` columns, ending with `…` where they were cut (a wide character is
/// never split).
fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    use unicode_width::UnicodeWidthStr as _;
    if spans.iter().map(|s| s.content.width()).sum::<usize>() <= width {
        return spans;
    }
    let mut out = Vec::new();
    let mut room = width;
    for span in spans {
        let w = span.content.width();
        if w < room {
            room -= w;
            out.push(span);
            continue;
        }
        // The cut span ends with `…`, which `fit` puts in its last column.
        let cut = crate::text::fit(&format!("{}…", span.content), room);
        out.push(Span::styled(cut.trim_end().to_string(), span.style));
        break;
    }
    out
}

fn draw_too_small(frame: &mut Frame<'_>, area: Rect, lang: crate::i18n::Lang) {
    let text = crate::tr!(
        lang,
        "too-small",
        width = area.width,
        height = area.height,
        min_width = MIN_WIDTH,
        min_height = MIN_HEIGHT,
        quit = keys::key_for(keys::Scope::Global, &Action::Quit)
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
