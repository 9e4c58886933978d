//! The explorer on a terminal: a thin loop that reads terminal events,
//! turns them into actions with the key map, hands them to the
//! [`Runtime`] and draws its model.

use std::fmt;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crossterm::event;

use crate::app::{
    Action, Carry, Control, Options, Outcome, Report, Resume, Runtime, keymap, with_runtime,
};
use crate::launch::{self, Opener};
use crate::term::{TermError, Tty, Wait};
use crate::timeline::{LoadOptions, Timeline};
use crate::watch::{Fresh, Loaded, Reload, Reloader, Rest};
use crate::{osc, ui};

/// Why the explorer could not run.
#[derive(Debug)]
pub enum UiError {
    /// No terminal to draw on.
    NoTerminal(std::io::Error),
    /// The terminal failed while in use.
    Terminal(std::io::Error),
    /// The whole timeline, of which the first events were shown, could
    /// not be read: the error, one line.
    Unread(String),
}

impl fmt::Display for UiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UiError::NoTerminal(e) => write!(
                f,
                "no terminal: cannot open /dev/tty ({e}); tlx needs a terminal for its UI, use --filter"
            ),
            UiError::Terminal(e) => write!(f, "terminal error: {e}"),
            UiError::Unread(e) => f.write_str(e),
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

/// How the explorer ended, the query on its line then (for the history),
/// and the timeline shown last (a reload may have replaced the first):
/// the outcome's indices are into it.
#[derive(Debug)]
pub struct Ended {
    /// What the user chose.
    pub outcome: Outcome,
    /// The query line's text.
    pub query: String,
    /// The timeline the outcome's indices are into.
    pub timeline: Arc<Timeline>,
}

/// How long to wait for input before checking for SIGTERM/SIGHUP.
const TICK: Duration = Duration::from_millis(100);

/// How long a reload's report stays in the status line when no key comes.
const REPORT_FOR: Duration = Duration::from_secs(4);

/// Runs the explorer on `/dev/tty` until the user chooses or quits; the
/// open key hands addresses to `opener`. The terminal is restored before
/// this returns, so the caller may print. It draws in `theme`, which main
/// picks from the config and the colour settings.
///
/// A reload swaps the timeline: the explorer on the old one ends, its
/// state is carried over ([`Carry`]) and a new one starts on the new
/// timeline, on the same terminal.
pub fn run(
    timeline: Arc<Timeline>,
    options: Options,
    theme: &ui::Theme,
    opener: Opener,
    reload: Reload,
) -> Result<Ended, UiError> {
    let tty = Tty::open()?;
    let waker = tty.waker()?;
    let (reports, inbox) = mpsc::channel();
    let acts = Acts {
        opener,
        reports,
        inbox,
    };
    let (reloader, refused, mut rest) = match reload {
        Reload::Files {
            inputs,
            options,
            watch,
            rest,
        } => {
            let wake = tty.waker()?;
            let shown = Arc::clone(&timeline);
            // The whole is read with a progress count of its own; later
            // readings count nothing.
            let whole = rest.as_ref().map(|r| LoadOptions {
                progress: Some(Arc::clone(&r.progress)),
                ..options.clone()
            });
            let reloader =
                Reloader::start(inputs, options, watch, shown, whole, move || wake.wake());
            (Some(reloader), "", rest)
        }
        Reload::Refused(why) => (None, why, None),
    };
    let mut timeline = timeline;
    let mut options = options;
    let mut resume: Option<(Resume, Report)> = None;
    // Taken (restoring the terminal) when the explorer is over, before
    // the worker's last search (if any) is waited for.
    let mut tty = Some(tty);
    loop {
        let reloading = Reloading {
            reloader: reloader.as_ref(),
            refused,
            rest: rest.as_ref(),
        };
        let (end, query) = with_runtime(
            &timeline,
            options.clone(),
            || waker.wake(),
            |runtime| {
                let end = match tty.as_mut() {
                    Some(t) => event_loop(t, runtime, theme, &acts, &reloading, resume.take()),
                    None => Ok(End::Exit(Outcome::Cancelled)),
                };
                if !matches!(end, Ok(End::Reload(..))) {
                    tty = None;
                }
                let query = runtime.model().query().text().to_owned();
                end.map(|end| (end, query))
            },
        )?;
        let (carry, fresh) = match end {
            End::Exit(outcome) => {
                return Ok(Ended {
                    outcome,
                    query,
                    timeline,
                });
            }
            End::Reload(carry, fresh) => (carry, fresh),
            End::Unread(error) => return Err(UiError::Unread(error)),
        };
        let Fresh {
            timeline: mut new,
            warnings,
            matching,
            whole,
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
        // The whole of what was shown in part is no change of the file.
        let text = match whole {
            true => {
                rest = None;
                format!("loaded: {} events", timeline.events.len())
            }
            false => matching.report(),
        };
        let report = Report { text, error: false };
        resume = Some((r, report));
    }
}

/// What carrying out the actions on events needs: the opener, and the
/// channel on which openers started in the background say how it went.
struct Acts {
    opener: Opener,
    reports: mpsc::Sender<String>,
    inbox: mpsc::Receiver<String>,
}

/// What the event loop needs of live reload.
struct Reloading<'r> {
    /// The reload thread, when the timeline can be read again.
    reloader: Option<&'r Reloader>,
    /// Else why not, for the reload key to say.
    refused: &'static str,
    /// While only the first events are shown: the reading of the whole.
    rest: Option<&'r Rest>,
}

/// Why the event loop ended.
enum End {
    /// The explorer is over.
    Exit(Outcome),
    /// The files were read again: start over on the new timeline with
    /// the state carried over.
    Reload(Box<Carry>, Box<Fresh>),
    /// The whole timeline, of which the first events are shown, could not
    /// be read: the error.
    Unread(String),
}

/// Reads events, hands them to the runtime and draws its model until the
/// explorer ends or a reload replaces it; results from a search worker
/// are drawn as they come. After a reload, `resume` is the state carried
/// over and what the reload did, for the status line.
fn event_loop(
    tty: &mut Tty,
    runtime: &mut Runtime,
    theme: &ui::Theme,
    acts: &Acts,
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
        if let Some(rest) = reloading.rest {
            dirty |= runtime.loading(Some(rest.loading()));
        }
        let (changed, control) = runtime.poll(Duration::ZERO)?;
        dirty |= changed;
        // Enter pressed while searching chooses once the results are in.
        if let Some(outcome) = carry_out(tty, runtime, acts, reloading, control)? {
            return Ok(End::Exit(outcome));
        }
        while let Ok(notice) = acts.inbox.try_recv() {
            runtime.notice(notice);
            dirty = true;
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
            Some(Loaded::Unread(error)) => return Ok(End::Unread(error)),
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
            tty.draw(|frame| ui::view_with(runtime.model(), theme, frame))?;
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
                let control = runtime.send(action);
                if let Some(outcome) = carry_out(tty, runtime, acts, reloading, control)? {
                    return Ok(End::Exit(outcome));
                }
                dirty = true;
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
        let control = runtime.flush()?;
        if let Some(outcome) = carry_out(tty, runtime, acts, reloading, control)? {
            return Ok(End::Exit(outcome));
        }
    }
}

/// Does what the runtime left to the terminal; the outcome when it ended.
fn carry_out(
    tty: &mut Tty,
    runtime: &mut Runtime,
    acts: &Acts,
    reloading: &Reloading,
    control: Option<Control>,
) -> Result<Option<Outcome>, UiError> {
    match control {
        None => {}
        Some(Control::Exit(outcome)) => return Ok(Some(outcome)),
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
        Some(Control::Open(url)) => open(tty, &acts.opener, url, acts.reports.clone())?,
        Some(Control::Copy(text)) => {
            // Written between frames, on the terminal's own writer.
            if let Err(e) = tty.write_sequence(&osc::clipboard(&text)) {
                runtime.notice(format!("cannot copy: {e}"));
            }
        }
        Some(Control::Execute(command)) => {
            let notice = match tty.outside(|| launch::run_shell(&command))? {
                Ok(status) if status.success() => {
                    format!("ran the command ({})", launch::exit(status))
                }
                Ok(status) => format!("the command failed ({})", launch::exit(status)),
                Err(e) => format!("cannot run sh: {e}"),
            };
            let (w, h) = tty.size()?;
            runtime.send(Action::Resize(w, h));
            runtime.notice(notice);
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
