//! The explorer as its terminal loop drives it, drawn into ratatui's
//! `TestBackend` instead of a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tlx::app::{self, Action, Burst, Model, keymap};
use tlx::search::{Filter, Sort};
use tlx::timeline::Timeline;
use tlx::ui;

/// The screen size of issue 4's keystroke target.
pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 35;

/// The explorer on `timeline` with no query, sized to the screen, its
/// first frame drawn.
pub fn open(timeline: &Timeline) -> (Model<'_>, Terminal<TestBackend>) {
    let mut model = Model::new(timeline, "", Filter::default(), Sort::Date, true);
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
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    let mut burst = Burst::default();
    if let Some(action) = keymap::action_for_key(model, &key) {
        burst.apply(model, action);
    }
    burst.flush(model);
    draw(model, terminal);
}

/// Focuses the query line and types `text` into it, key by key, after
/// clearing it.
pub fn type_query(model: &mut Model, terminal: &mut Terminal<TestBackend>, text: &str) {
    app::dispatch(model, Action::FocusQuery);
    if !model.query.is_empty() {
        model.query.clear();
        app::dispatch(model, Action::QueryChanged);
    }
    for c in text.chars() {
        press(model, terminal, KeyCode::Char(c));
    }
}
