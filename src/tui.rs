//! The explorer on a terminal: a thin loop that reads terminal events,
//! turns them into actions with the key map, hands them to the
//! [`Runtime`] and draws its model; around it, the loop that swaps in a
//! timeline read again (live reload, [`crate::watch`]).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event;

use crate::app::{
    Action, Carry, Control, Options, Outcome, Report, Resume, Runtime, keymap, with_runtime,
};
use crate::term::{TermError, Tty, Wait};
use crate::timeline::Timeline;
use crate::ui;
use crate::watch::{Fresh, Loaded, Reload, Reloader};

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

/// How long a reload's report stays in the status line when no key comes.
const REPORT_FOR: Duration = Duration::from_secs(4);

/// Runs the explorer on `/dev/tty` until the user chooses or quits. The
/// terminal is restored before this returns, so the caller may print.
///
/// A reload swaps the timeline: the explorer on the old one ends, its
/// state is carried over ([`Carry`]) and a new one starts on the new
/// timeline, on the same terminal. The outcome's indices are into the
/// timeline returned, the one shown last.
pub fn run(
    timeline: Arc<Timeline>,
    options: Options,
    reload: Reload,
) -> Result<(Outcome, Arc<Timeline>), UiError> {
    let tty = Tty::open()?;
    let waker = tty.waker()?;
    let (reloader, refused) = match reload {
        Reload::Files {
            inputs,
            options,
            watch,
        } => {
            let wake = tty.waker()?;
            let shown = Arc::clone(&timeline);
            let reloader = Reloader::start(inputs, options, watch, shown, move || wake.wake());
            (Some(reloader), "")
        }
        Reload::Refused(why) => (None, why),
    };
    let reloading = Reloading {
        reloader: reloader.as_ref(),
        refused,
    };
    let mut timeline = timeline;
    let mut options = options;
    let mut resume: Option<(Resume, Report)> = None;
    // Taken (restoring the terminal) when the explorer is over, before
    // the worker's last search (if any) is waited for.
    let mut tty = Some(tty);
    loop {
        let end = with_runtime(
            &timeline,
            options.clone(),
            || waker.wake(),
            |runtime| {
                let end = match tty.as_mut() {
                    Some(t) => event_loop(t, runtime, &reloading, resume.take()),
                    None => Ok(End::Exit(Outcome::Cancelled)),
                };
                if !matches!(end, Ok(End::Reload(..))) {
                    tty = None;
                }
                end
            },
        )?;
        let (carry, fresh) = match end {
            End::Exit(outcome) => return Ok((outcome, timeline)),
            End::Reload(carry, fresh) => (carry, fresh),
        };
        let Fresh {
            timeline: mut new,
            warnings,
            matching,
        } = *fresh;
        let base = Options {
            warnings,
            ..options.clone()
        };
        let (next, r) = (*carry).onto(&mut new, &matching, base);
        let new = Arc::new(new);
        if let Some(reloader) = &reloader {
            reloader.adopt(Arc::clone(&new));
        }
        let old = std::mem::replace(&mut timeline, new);
        // A large timeline takes a while to free: not on the UI's time.
        std::thread::spawn(move || drop(old));
        options = next;
        let report = Report {
            text: matching.report(),
            error: false,
        };
        resume = Some((r, report));
    }
}

/// What the event loop needs of live reload.
struct Reloading<'r> {
    /// The reload thread, when the timeline can be read again.
    reloader: Option<&'r Reloader>,
    /// Else why not, for the reload key to say.
    refused: &'static str,
}

/// Why the event loop ended.
enum End {
    /// The explorer is over.
    Exit(Outcome),
    /// The files were read again: start over on the new timeline with
    /// the state carried over.
    Reload(Box<Carry>, Box<Fresh>),
}

/// Reads events, hands them to the runtime and draws its model until the
/// explorer ends or a reload replaces it; results from a search worker
/// are drawn as they come. After a reload, `resume` is the state carried
/// over and what the reload did, for the status line.
fn event_loop(
    tty: &mut Tty,
    runtime: &mut Runtime,
    reloading: &Reloading,
    resume: Option<(Resume, Report)>,
) -> Result<End, UiError> {
    // crossterm installs its SIGWINCH handler when input is first polled: do
    // that before the first frame, or a resize right after it is lost.
    event::poll(Duration::ZERO)?;
    let (w, h) = tty.size()?;
    runtime.send(Action::Resize(w, h));
    // At the terminal's size, so the cursor keeps its row on the screen.
    let report = resume.map(|(r, report)| {
        runtime.resume(r);
        report
    });
    // Until when the report shows, when no key takes it away.
    let mut report_until = report.is_some().then(|| Instant::now() + REPORT_FOR);
    runtime.report(report);
    let mut dirty = true;
    loop {
        if Tty::stop_requested() {
            return Ok(End::Exit(Outcome::Cancelled));
        }
        let (changed, control) = runtime.poll(Duration::ZERO)?;
        dirty |= changed;
        // Enter pressed while searching chooses once the results are in.
        if let Some(Control::Exit(outcome)) = control {
            return Ok(End::Exit(outcome));
        }
        if Tty::suspend_requested() {
            suspend(tty, runtime)?;
            dirty = true;
        }
        // Not while a search is awaited: Enter pressed meanwhile must
        // choose from its results.
        let searching = runtime.model().searching();
        match reloading
            .reloader
            .filter(|_| !searching)
            .and_then(Reloader::try_loaded)
        {
            Some(Loaded::Fresh(fresh)) => {
                return Ok(End::Reload(Box::new(Carry::of(runtime.model())), fresh));
            }
            Some(Loaded::Failed(error)) => {
                // Stays until a key: the file needs fixing.
                runtime.report(Some(Report {
                    text: format!("reload failed: {error}"),
                    error: true,
                }));
                report_until = None;
                dirty = true;
            }
            None => {}
        }
        if report_until.is_some_and(|t| Instant::now() >= t) {
            report_until = None;
            runtime.report(None);
            dirty = true;
        }
        if dirty {
            tty.draw(|frame| ui::view(runtime.model(), frame))?;
            dirty = false;
        }
        match tty.wait(TICK) {
            Wait::HungUp => return Ok(End::Exit(Outcome::Cancelled)),
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
                match runtime.send(action) {
                    Some(Control::Exit(outcome)) => return Ok(End::Exit(outcome)),
                    Some(Control::Suspend) => suspend(tty, runtime)?,
                    Some(Control::Reload) => {
                        let text = match reloading.reloader {
                            Some(reloader) => {
                                reloader.now();
                                "reloading…"
                            }
                            None => reloading.refused,
                        };
                        let error = reloading.reloader.is_none();
                        runtime.report(Some(Report {
                            text: text.to_owned(),
                            error,
                        }));
                    }
                    None => {}
                }
                dirty = true;
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
        if let Some(Control::Exit(outcome)) = runtime.flush()? {
            return Ok(End::Exit(outcome));
        }
    }
}

/// Ctrl-Z or SIGTSTP: suspends, and on resuming takes the terminal's size,
/// which may have changed meanwhile.
fn suspend(tty: &mut Tty, runtime: &mut Runtime) -> Result<(), UiError> {
    tty.suspend()?;
    let (w, h) = tty.size()?;
    runtime.send(Action::Resize(w, h));
    Ok(())
}
