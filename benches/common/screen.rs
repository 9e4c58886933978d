//! The explorer as its terminal loop drives it, drawn into ratatui's
//! `TestBackend` instead of a terminal: a thin layer over
//! [`tlx::app::Runtime`], which does all the work.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tlx::app::{Action, Control, Edit, Model, Options, Runtime, Worker, keymap};
use tlx::search::{Criteria, Sort};
use tlx::timeline::Timeline;
use tlx::ui;

/// The screen width of the keystroke targets (16 ms p99 at 100k events).
pub const WIDTH: u16 = 120;
/// The screen height of the keystroke targets.
pub const HEIGHT: u16 = 35;

/// The explorer's runtime and the test terminal its frames are drawn into.
pub struct Screen<'t> {
    /// The explorer.
    pub runtime: Runtime<'t>,
    /// Where frames are drawn.
    pub terminal: Terminal<TestBackend>,
}

impl<'t> Screen<'t> {
    /// The explorer on `timeline` with no query at [`WIDTH`]x[`HEIGHT`],
    /// searching on `worker` when given (else inline); its first search is
    /// waited for, then its first frame drawn.
    pub fn open(timeline: &'t Timeline, worker: Option<Worker>) -> Self {
        Self::open_sorted(timeline, worker, Sort::Date)
    }

    /// [`Screen::open`] in the order `sort` (`tlx`'s default is
    /// `Sort::Auto`, which ranks once there is a query).
    pub fn open_sorted(timeline: &'t Timeline, worker: Option<Worker>, sort: Sort) -> Self {
        let options = Options {
            query: String::new(),
            criteria: Criteria::default(),
            sort,
            multi: true,
            color: true,
            ..Options::default()
        };
        let mut screen = Screen {
            runtime: Runtime::new(timeline, options, worker),
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal"),
        };
        screen.send(Action::Resize(WIDTH, HEIGHT));
        screen.settle();
        screen.draw();
        screen
    }

    /// The state, as drawn.
    pub fn model(&self) -> &Model<'t> {
        self.runtime.model()
    }

    /// Draws one frame.
    pub fn draw(&mut self) {
        let runtime = &self.runtime;
        self.terminal
            .draw(|frame| ui::view(runtime.model(), frame))
            .expect("drawing into TestBackend");
    }

    /// Applies one action, which must neither end nor suspend the explorer.
    pub fn send(&mut self, action: Action) {
        let control = self.runtime.send(action);
        expect_none(control);
    }

    /// One key pressed, as the terminal loop takes a burst of one key: the
    /// key map's action sent, the search due started (inline: run and its
    /// results shown; with a worker: handed over), the results the worker
    /// sent back meanwhile taken without waiting, then a frame.
    pub fn press(&mut self, code: KeyCode) {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(action) = keymap::action_for_key(self.runtime.model(), &key) {
            self.send(action);
        }
        expect_none(self.runtime.flush().expect("the worker runs"));
        // One frame for the key, whatever came back meanwhile.
        let (_, control) = self.runtime.poll(Duration::ZERO).expect("the worker runs");
        expect_none(control);
        self.draw();
    }

    /// Takes the results the worker sent back, waiting up to `wait` while
    /// it searches, and hands it the next search due; draws a frame when
    /// the screen changed, as the terminal loop does between keys. Returns
    /// whether it changed.
    pub fn poll(&mut self, wait: Duration) -> bool {
        let (changed, control) = self.runtime.poll(wait).expect("the worker runs");
        expect_none(control);
        if changed {
            self.draw();
        }
        changed
    }

    /// Starts the search due and waits until no search is awaited, then
    /// draws the results if it waited for any (with a worker; inline,
    /// they are shown already).
    pub fn settle(&mut self) {
        let searching = self.runtime.model().searching();
        expect_none(self.runtime.settle().expect("the worker runs"));
        if searching {
            self.draw();
        }
    }

    /// Focuses the query line, clears it, and types `text` into it key by
    /// key, waiting for each key's results.
    pub fn type_query(&mut self, text: &str) {
        self.send(Action::FocusQuery);
        self.send(Action::Edit(Edit::End));
        self.send(Action::Edit(Edit::DeleteToStart));
        self.settle();
        for c in text.chars() {
            self.press(KeyCode::Char(c));
            self.settle();
        }
    }
}

/// The benchmarks' keys neither end nor suspend the explorer.
fn expect_none(control: Option<Control>) {
    assert_eq!(control, None, "the explorer asked to end or suspend");
}
