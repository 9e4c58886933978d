//! The explorer's entry point and its thin event loop:
//! read an event → key map → update → draw.

use std::fmt;
use std::time::Duration;

use crossterm::event;

use crate::app::{self, Model, keymap};
use crate::search::{Filter, Sort};
use crate::term::{TermError, Tty};
use crate::timeline::Timeline;
use crate::ui;

pub use crate::app::UiOutcome;

/// How the explorer starts.
#[derive(Clone, Debug, Default)]
pub struct UiOptions {
    /// The query line's starting text.
    pub query: String,
    /// Facets and dates chosen on the command line (its `query` is ignored: `query` wins).
    pub filter: Filter,
    /// Result order.
    pub sort: Sort,
    /// Whether Space marks events for a multiple choice.
    pub multi: bool,
    /// Colours (false: monochrome, for NO_COLOR or `--color never`).
    pub color: bool,
}

/// Why the explorer could not run.
#[derive(Debug)]
pub enum UiError {
    /// No terminal to draw on.
    NoTerminal(std::io::Error),
    /// The terminal failed while in use.
    Terminal(std::io::Error),
}

impl fmt::Display for UiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UiError::NoTerminal(e) => write!(
                f,
                "no terminal: cannot open /dev/tty ({e}); tlx needs a terminal for its UI, use --filter"
            ),
            UiError::Terminal(e) => write!(f, "terminal error: {e}"),
        }
    }
}

impl std::error::Error for UiError {}

impl From<TermError> for UiError {
    fn from(e: TermError) -> Self {
        match e {
            TermError::NoTerminal(e) => UiError::NoTerminal(e),
            TermError::Io(e) => UiError::Terminal(e),
        }
    }
}

impl From<std::io::Error> for UiError {
    fn from(e: std::io::Error) -> Self {
        UiError::Terminal(e)
    }
}

/// How long to wait for input before checking for SIGTERM/SIGHUP.
const TICK: Duration = Duration::from_millis(100);

/// Runs the explorer on `/dev/tty` until the user chooses or quits. The
/// terminal is restored before this returns, so the caller may print.
pub fn run(timeline: &Timeline, options: UiOptions) -> Result<UiOutcome, UiError> {
    let mut tty = Tty::open()?;
    let mut model = Model::new(
        timeline,
        &options.query,
        options.filter,
        options.sort,
        options.multi,
    );
    model.color = options.color;
    // crossterm installs its SIGWINCH handler when input is first polled: do
    // that before the first frame, or a resize right after it is lost.
    event::poll(Duration::ZERO)?;
    let (w, h) = tty.size()?;
    app::dispatch(&mut model, app::Action::Resize(w, h));
    let mut dirty = true;
    loop {
        if Tty::stop_requested() {
            return Ok(UiOutcome::Cancelled);
        }
        if Tty::suspend_requested() {
            suspend(&mut tty, &mut model)?;
            dirty = true;
        }
        if dirty {
            tty.draw(|frame| ui::view(&model, frame))?;
            dirty = false;
        }
        if !event::poll(TICK)? {
            continue;
        }
        // Take every pending event before drawing again, so fast typing
        // and wheel bursts cost one search and one frame.
        let mut burst = app::Burst::default();
        loop {
            let ev = event::read()?;
            if let Some(action) = keymap::action_for_event(&model, &ev) {
                if action == app::Action::Suspend {
                    burst.flush(&mut model);
                    suspend(&mut tty, &mut model)?;
                } else {
                    burst.apply(&mut model, action);
                }
                dirty = true;
            }
            if let Some(outcome) = model.exit.take() {
                return Ok(outcome);
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
        burst.flush(&mut model);
    }
}

/// Ctrl-Z or SIGTSTP: suspends, and on resuming takes the terminal's size,
/// which may have changed meanwhile.
fn suspend(tty: &mut Tty, model: &mut Model) -> Result<(), UiError> {
    tty.suspend()?;
    let (w, h) = tty.size()?;
    app::dispatch(model, app::Action::Resize(w, h));
    Ok(())
}
