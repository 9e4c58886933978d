//! The explorer as its terminal loop drives it, drawn into ratatui's
//! `TestBackend` instead of a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tlx::app::{self, Action, Burst, Model, Refresh, Request, keymap};
use tlx::search::{Filter, Sort};
use tlx::timeline::Timeline;
use tlx::ui;

/// The screen size of issue 4's keystroke target.
pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 35;

/// The explorer on `timeline` with no query, sized to the screen, its
/// first frame drawn; searches run at once.
pub fn open(timeline: &Timeline) -> (Model<'_>, Terminal<TestBackend>) {
    open_with(timeline, Refresh::Immediate)
}

/// [`open`] with searches run as `refresh` says; deferred, the first
/// search is run here, before the first frame.
pub fn open_with(timeline: &Timeline, refresh: Refresh) -> (Model<'_>, Terminal<TestBackend>) {
    let mut model = Model::with_refresh(timeline, "", Filter::default(), Sort::Date, true, refresh);
    settle(&mut model);
    app::dispatch(&mut model, Action::Resize(WIDTH, HEIGHT));
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    draw(&model, &mut terminal);
    (model, terminal)
}

/// Draws one frame.
pub fn draw(model: &Model, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|frame| ui::view(model, frame))
        .expect("drawing into TestBackend");
}

/// One key pressed, handled as `tui::run` handles a burst of one key: the
/// key map's action, every follow-up (the search, when the query changed),
/// then a frame.
pub fn press(model: &mut Model, terminal: &mut Terminal<TestBackend>, code: KeyCode) {
    key(model, code);
    draw(model, terminal);
}

/// One key as the terminal loop takes it with a search worker
/// (`tui::Worker`): update, the search due handed out (returned here, to
/// run), then a frame showing the previous results.
pub fn press_deferred(
    model: &mut Model,
    terminal: &mut Terminal<TestBackend>,
    code: KeyCode,
) -> Option<Request> {
    key(model, code);
    let request = model.take_request();
    draw(model, terminal);
    request
}

/// One key through the key map and `update`, as a burst of one key: what
/// [`press`] does before drawing.
pub fn key(model: &mut Model, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    let mut burst = Burst::default();
    if let Some(action) = keymap::action_for_key(model, &key) {
        burst.apply(model, action);
    }
    burst.flush(model);
}

/// Focuses the query line and types `text` into it, key by key, after
/// clearing it.
pub fn type_query(model: &mut Model, terminal: &mut Terminal<TestBackend>, text: &str) {
    app::dispatch(model, Action::FocusQuery);
    if !model.query.is_empty() {
        model.query.clear();
        app::dispatch(model, Action::QueryChanged);
    }
    settle(model);
    for c in text.chars() {
        press(model, terminal, KeyCode::Char(c));
        settle(model);
    }
}

/// Deferred, runs the search due (if any) and shows its results, as the
/// terminal loop's worker would before the next key.
pub fn settle(model: &mut Model) {
    if let Some(request) = model.take_request() {
        model.receive(request.run(model.timeline));
    }
}
