//! The explorer on a terminal: a thin loop that reads terminal events,
//! turns them into actions with the key map, hands them to the
//! [`Runtime`] and draws its model.

use std::fmt;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event;

use crate::app::{Action, Control, Options, Outcome, Runtime, keymap, with_runtime};
use crate::launch::{self, Opener};
use crate::term::{TermError, Tty, Wait};
use crate::timeline::Timeline;
use crate::{osc, ui};

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

/// How the explorer ended, and the query on its line then (for the history).
#[derive(Debug)]
pub struct Ended {
    /// What the user chose.
    pub outcome: Outcome,
    /// The query line's text.
    pub query: String,
}

/// How long to wait for input before checking for SIGTERM/SIGHUP.
const TICK: Duration = Duration::from_millis(100);

/// Runs the explorer on `/dev/tty` until the user chooses or quits; the
/// open key hands addresses to `opener`. The terminal is restored before
/// this returns, so the caller may print. It draws in `theme`, which main
/// picks from the config and the colour settings.
pub fn run(
    timeline: &Timeline,
    options: Options,
    theme: &ui::Theme,
    opener: Opener,
) -> Result<Ended, UiError> {
    let tty = Tty::open()?;
    let waker = tty.waker()?;
    let (reports, inbox) = mpsc::channel();
    let acts = Acts {
        opener,
        reports,
        inbox,
    };
    // The terminal is restored when the loop returns, before the worker's
    // last search (if any) is waited for.
    with_runtime(
        timeline,
        options,
        move || waker.wake(),
        |runtime| {
            let outcome = event_loop(tty, runtime, theme, &acts)?;
            let query = runtime.model().query().text().to_owned();
            Ok(Ended { outcome, query })
        },
    )
}

/// What carrying out the actions on events needs: the opener, and the
/// channel on which openers started in the background say how it went.
struct Acts {
    opener: Opener,
    reports: mpsc::Sender<String>,
    inbox: mpsc::Receiver<String>,
}

/// Reads events, hands them to the runtime and draws its model until the
/// explorer ends; results from a search worker are drawn as they come.
fn event_loop(
    mut tty: Tty,
    runtime: &mut Runtime,
    theme: &ui::Theme,
    acts: &Acts,
) -> Result<Outcome, UiError> {
    // crossterm installs its SIGWINCH handler when input is first polled: do
    // that before the first frame, or a resize right after it is lost.
    event::poll(Duration::ZERO)?;
    let (w, h) = tty.size()?;
    runtime.send(Action::Resize(w, h));
    let mut dirty = true;
    loop {
        if Tty::stop_requested() {
            return Ok(Outcome::Cancelled);
        }
        let (changed, control) = runtime.poll(Duration::ZERO)?;
        dirty |= changed;
        // Enter pressed while searching chooses once the results are in.
        if let Some(outcome) = carry_out(&mut tty, runtime, acts, control)? {
            return Ok(outcome);
        }
        while let Ok(report) = acts.inbox.try_recv() {
            runtime.report(report);
            dirty = true;
        }
        if Tty::suspend_requested() {
            suspend(&mut tty, runtime)?;
            dirty = true;
        }
        if dirty {
            tty.draw(|frame| ui::view_with(runtime.model(), theme, frame))?;
            dirty = false;
        }
        match tty.wait(TICK) {
            Wait::HungUp => return Ok(Outcome::Cancelled),
            Wait::Woken | Wait::Idle => continue,
            Wait::Input => {}
        }
        // Input, a resize, or events crossterm parsed from an earlier read.
        if !event::poll(Duration::ZERO)? {
            continue;
        }
        // Take every pending event before drawing again, so fast typing
        // and wheel bursts cost one search and one frame.
        loop {
            let ev = event::read()?;
            if let Some(action) = keymap::action_for_event(runtime.model(), &ev) {
                let control = runtime.send(action);
                if let Some(outcome) = carry_out(&mut tty, runtime, acts, control)? {
                    return Ok(outcome);
                }
                dirty = true;
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
        let control = runtime.flush()?;
        if let Some(outcome) = carry_out(&mut tty, runtime, acts, control)? {
            return Ok(outcome);
        }
    }
}

/// Does what the runtime left to the terminal; the outcome when it ended.
fn carry_out(
    tty: &mut Tty,
    runtime: &mut Runtime,
    acts: &Acts,
    control: Option<Control>,
) -> Result<Option<Outcome>, UiError> {
    match control {
        None => {}
        Some(Control::Exit(outcome)) => return Ok(Some(outcome)),
        Some(Control::Suspend) => suspend(tty, runtime)?,
        Some(Control::Open(url)) => open(tty, &acts.opener, url, acts.reports.clone())?,
        Some(Control::Copy(text)) => {
            // Written between frames, on the terminal's own writer.
            if let Err(e) = tty.write_sequence(&osc::clipboard(&text)) {
                runtime.report(format!("cannot copy: {e}"));
            }
        }
        Some(Control::Execute(command)) => {
            let report = match tty.outside(|| launch::run_shell(&command))? {
                Ok(status) if status.success() => {
                    format!("ran the command ({})", launch::exit(status))
                }
                Ok(status) => format!("the command failed ({})", launch::exit(status)),
                Err(e) => format!("cannot run sh: {e}"),
            };
            let (w, h) = tty.size()?;
            runtime.send(Action::Resize(w, h));
            runtime.report(report);
        }
    }
    Ok(None)
}

/// Opens `url` on a thread of its own, so that an opener that waits (the
/// platform's on macOS and WSL) never holds up the UI; what it says comes
/// back on `reports`, and wakes the loop.
fn open(
    tty: &Tty,
    opener: &Opener,
    url: String,
    reports: mpsc::Sender<String>,
) -> Result<(), UiError> {
    let waker = tty.waker()?;
    let say = Arc::new(move |text: String| {
        // The loop is gone only when tlx is ending: nobody to tell.
        let _ = reports.send(text);
        waker.wake();
    });
    let opener = opener.clone();
    std::thread::spawn(move || {
        let later = Arc::clone(&say);
        let now = opener.open(&url, move |text| later(text));
        say(now);
    });
    Ok(())
}

/// Ctrl-Z or SIGTSTP: suspends, and on resuming takes the terminal's size,
/// which may have changed meanwhile.
fn suspend(tty: &mut Tty, runtime: &mut Runtime) -> Result<(), UiError> {
    tty.suspend()?;
    let (w, h) = tty.size()?;
    runtime.send(Action::Resize(w, h));
    Ok(())
}
