//! The explorer's entry point and its thin event loop:
//! read an event → key map → update → draw.

use std::fmt;
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event;

use crate::app::{self, Model, Refresh, Request, Results, keymap};
use crate::search::{Filter, Sort};
use crate::term::{TermError, Tty, Wait};
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

/// From this many events, searches run on a worker thread so typing never
/// waits for them; below, a search takes a few milliseconds and running it
/// at once is quicker than handing it over.
pub const DEFER_FROM: usize = 20_000;

/// Runs the explorer on `/dev/tty` until the user chooses or quits. The
/// terminal is restored before this returns, so the caller may print.
pub fn run(timeline: &Timeline, options: UiOptions) -> Result<UiOutcome, UiError> {
    let tty = Tty::open()?;
    let refresh = if timeline.events.len() >= DEFER_FROM {
        Refresh::Deferred
    } else {
        Refresh::Immediate
    };
    let mut model = Model::with_refresh(
        timeline,
        &options.query,
        options.filter,
        options.sort,
        options.multi,
        refresh,
    );
    model.color = options.color;
    if refresh == Refresh::Immediate {
        return event_loop(tty, model, None);
    }
    let waker = tty.waker()?;
    std::thread::scope(|scope| {
        let worker = Worker::spawn(scope, timeline, move || waker.wake());
        // The terminal is restored when the loop returns, before the
        // worker's last search (if any) is waited for.
        event_loop(tty, model, Some(worker))
    })
}

/// The event loop's search worker: a thread that runs a deferred model's
/// searches one at a time ([`app::Refresh::Deferred`]).
#[derive(Debug)]
pub struct Worker {
    requests: mpsc::Sender<Request>,
    results: mpsc::Receiver<Results>,
    /// A search is running: the next request waits, so it can start from
    /// this one's matches.
    busy: bool,
}

impl Worker {
    /// Starts the thread in `scope`; it calls `wake` after each result and
    /// ends when the worker is dropped (once its search is done).
    pub fn spawn<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        timeline: &'scope Timeline,
        wake: impl Fn() + Send + 'scope,
    ) -> Worker {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, results) = mpsc::channel::<Results>();
        scope.spawn(move || {
            for request in inbox {
                if outbox.send(request.run(timeline)).is_err() {
                    break;
                }
                wake();
            }
        });
        Worker {
            requests,
            results,
            busy: false,
        }
    }

    /// Gives the model the results that came back (waiting up to `wait`
    /// for one while a search runs), then hands the thread the newest
    /// search due if it is idle. True when the screen changed.
    pub fn exchange(&mut self, model: &mut Model, wait: Duration) -> Result<bool, UiError> {
        let mut changed = false;
        if self.busy && !wait.is_zero() {
            match self.results.recv_timeout(wait) {
                Ok(results) => {
                    self.busy = false;
                    changed |= model.receive(results);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err(worker_gone()),
            }
        }
        loop {
            match self.results.try_recv() {
                Ok(results) => {
                    self.busy = false;
                    changed |= model.receive(results);
                }
                Err(mpsc::TryRecvError::Empty) => break,
                // The thread panicked; the scope passes its panic on.
                Err(mpsc::TryRecvError::Disconnected) => return Err(worker_gone()),
            }
        }
        if !self.busy
            && let Some(request) = model.take_request()
        {
            self.requests.send(request).map_err(|_| worker_gone())?;
            self.busy = true;
            // The status line now says it is searching.
            changed = true;
        }
        Ok(changed)
    }
}

fn worker_gone() -> UiError {
    UiError::Terminal(std::io::Error::other("the search worker stopped"))
}

/// Reads events, updates the model and draws it until the explorer ends;
/// with a worker, searches run there and their results are drawn as they
/// come.
fn event_loop(
    mut tty: Tty,
    mut model: Model,
    mut worker: Option<Worker>,
) -> Result<UiOutcome, UiError> {
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
        if let Some(worker) = worker.as_mut() {
            dirty |= worker.exchange(&mut model, Duration::ZERO)?;
            // Enter pressed while searching chooses once the results are in.
            if let Some(outcome) = model.exit.take() {
                return Ok(outcome);
            }
        }
        if Tty::suspend_requested() {
            suspend(&mut tty, &mut model)?;
            dirty = true;
        }
        if dirty {
            tty.draw(|frame| ui::view(&model, frame))?;
            dirty = false;
        }
        match tty.wait(TICK) {
            Wait::HungUp => return Ok(UiOutcome::Cancelled),
            Wait::Woken | Wait::Idle => continue,
            Wait::Input => {}
        }
        // Input, a resize, or events crossterm parsed from an earlier read.
        if !event::poll(Duration::ZERO)? {
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
