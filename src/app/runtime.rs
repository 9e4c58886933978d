//! The one runtime of the explorer: it owns the model, feeds it messages,
//! and carries out the effects `update` returns. The terminal loop, the
//! tests, the benchmarks and the examples all drive the explorer through it.
//!
//! Searches are where it earns its keep. Only the newest search asked for
//! is kept; small timelines run it inline, before the next action that is
//! not an edit (so a burst of typing costs one search), large ones on a
//! worker thread so that typing never waits (keys then act on the previous
//! results, and Enter chooses from the new ones when they come; a search
//! overtaken by a newer key finds its matches but is not ranked). Earlier
//! matches are kept in one [`MatchCache`] here, so typing narrows from the
//! closest earlier query and Backspace costs nothing.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use super::model::{Loading, Report};
use super::reload::Resume;
use super::update::{Effect, Msg, update};
use super::{Action, First, Model, Options, Outcome, Request, Results};
use crate::search::{MatchCache, Matches};
use crate::timeline::Timeline;

/// From this many events, searches run on a worker thread so typing never
/// waits for them; below, a search takes a few milliseconds and running it
/// at once is quicker than handing it over.
pub const DEFER_FROM: usize = 20_000;

/// What the runtime's caller must do: the effects only it can carry out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Control {
    /// Hand the terminal back to the shell, then resume.
    Suspend,
    /// Open this address with the opener, detached; tell [`Runtime::report`] how it went.
    Open(String),
    /// Write this text to the clipboard (OSC 52 on the terminal).
    Copy(Vec<u8>),
    /// Run this command line with `sh -c` on the terminal handed back,
    /// then [`Runtime::report`] its exit status.
    Execute(String),
    /// Read the timeline files again.
    Reload,
    /// The explorer is over.
    Exit(Outcome),
}

/// The explorer's state and the means to search for it.
#[derive(Debug)]
pub struct Runtime<'t> {
    pub(super) model: Model<'t>,
    /// Matches of recent searches, to narrow from and to answer Backspace.
    pub(super) cache: MatchCache,
    /// Where searches run: here, or on a worker thread.
    worker: Option<Worker>,
    /// The newest search asked for and not yet started.
    pub(super) due: Option<Request>,
}

/// The runtime's state as a value, to put back later (benchmarks time the
/// same key again and again from the same state).
#[derive(Clone, Debug)]
pub struct Snapshot<'t> {
    model: Model<'t>,
    cache: MatchCache,
}

impl<'t> Runtime<'t> {
    /// The explorer on `timeline` as `options` say, searching on `worker`
    /// when given, else inline. The first search is started at once.
    pub fn new(timeline: &'t Timeline, options: Options, worker: Option<Worker>) -> Self {
        let (model, request) = Model::new(timeline, options);
        let mut runtime = Runtime {
            model,
            cache: MatchCache::default(),
            worker,
            due: Some(request),
        };
        // Nothing can have asked to exit yet, and a new worker is there.
        let _ = runtime.flush();
        runtime
    }

    /// The explorer at `width`×`height` with searches run inline, as
    /// tests drive it: every action acts on current results.
    pub fn headless(timeline: &'t Timeline, options: Options, width: u16, height: u16) -> Self {
        let mut runtime = Runtime::new(timeline, options, None);
        runtime.send(Action::Resize(width, height));
        runtime
    }

    /// The state, for drawing.
    pub fn model(&self) -> &Model<'t> {
        &self.model
    }

    /// Applies one action. Inline, an action that is not an edit first
    /// brings the results up to date, so it never acts on a stale list.
    pub fn send(&mut self, action: Action) -> Option<Control> {
        let edit = matches!(action, Action::Edit(_) | Action::Paste(_));
        if self.worker.is_none()
            && !edit
            && let Some(control) = self.run_inline()
        {
            return Some(control);
        }
        let effect = update(&mut self.model, action.into());
        self.carry_out(effect)
    }

    /// Shows what carrying out a [`Control`] came to (`opened …`, an exit
    /// status) in the status line.
    pub fn notice(&mut self, notice: String) {
        // A notice asks for nothing more.
        let _ = update(&mut self.model, Msg::Notice(notice));
    }

    /// Starts the newest search due, at the end of a burst of input:
    /// inline, runs it and shows its results; with a worker, hands it over
    /// when the worker is idle. Fails when the worker has died.
    pub fn flush(&mut self) -> io::Result<Option<Control>> {
        let Some(worker) = self.worker.as_mut() else {
            return Ok(self.run_inline());
        };
        if !worker.busy
            && let Some(request) = self.due.take()
        {
            let base = self.cache.base(&request.criteria);
            worker.start(request, base)?;
        }
        Ok(None)
    }

    /// Takes the results the worker sent back, waiting up to `wait` for one
    /// while it searches, then starts the next search due. Returns whether
    /// the screen changed, and what the results ask for (Enter pressed
    /// while searching chooses now).
    pub fn poll(&mut self, wait: Duration) -> io::Result<(bool, Option<Control>)> {
        let Some(worker) = self.worker.as_mut() else {
            return Ok((false, None));
        };
        let was_busy = worker.busy;
        let mut changed = false;
        let mut control = None;
        for answer in worker.receive(wait)? {
            match answer {
                Answer::Results(results) => {
                    changed = true;
                    control = control.or(self.receive(results));
                }
                // Not shown: a newer search is due.
                Answer::Matched(_, matches) => self.keep(matches),
            }
        }
        control = control.or(self.flush()?);
        // Handing a search over shows "searching…".
        changed |= !was_busy && self.worker.as_ref().is_some_and(|w| w.busy);
        Ok((changed, control))
    }

    /// Flushes, then waits until no search is awaited: the screen then
    /// shows the results of every action sent.
    pub fn settle(&mut self) -> io::Result<Option<Control>> {
        let mut control = self.flush()?;
        while self.model.searching() && control.is_none() {
            control = self.poll(Duration::from_secs(1))?.1;
        }
        Ok(control)
    }

    /// Takes over the state of the explorer before a reload: marks,
    /// focus, and the cursor once the first results are in.
    pub fn resume(&mut self, resume: Resume) {
        let effect = update(&mut self.model, Msg::Resume(resume));
        // Resuming asks for nothing more.
        let _ = self.carry_out(effect);
    }

    /// Shows what a reload did (or why it failed) in the status line;
    /// `None` takes it away.
    pub fn report(&mut self, report: Option<Report>) {
        let effect = update(&mut self.model, Msg::Report(report));
        let _ = self.carry_out(effect);
    }

    /// Says how far the whole timeline has been read while its first
    /// events are shown (`None`: all of it is); true when that changed.
    pub fn loading(&mut self, loading: Option<Loading>) -> bool {
        if self.model.loading() == loading {
            return false;
        }
        let effect = update(&mut self.model, Msg::Loading(loading));
        let _ = self.carry_out(effect);
        true
    }

    /// The state as a value.
    pub fn snapshot(&self) -> Snapshot<'t> {
        Snapshot {
            model: self.model.clone(),
            cache: self.cache.clone(),
        }
    }

    /// Puts back a state taken with [`snapshot`](Self::snapshot); call it
    /// only when no search is awaited.
    pub fn restore(&mut self, snapshot: Snapshot<'t>) {
        self.model = snapshot.model;
        self.cache = snapshot.cache;
        self.due = None;
    }

    /// Runs the search due here and now.
    fn run_inline(&mut self) -> Option<Control> {
        let request = self.due.take()?;
        let base = self.cache.base(&request.criteria);
        let results = request.run(self.model.timeline, base);
        self.receive(results)
    }

    /// Gives the model a search's results. Their matches are kept
    /// ([`Runtime::keep`]) even when newer criteria made them stale.
    fn receive(&mut self, results: Results) -> Option<Control> {
        self.keep(Arc::clone(&results.matches));
        let effect = update(&mut self.model, Msg::Searched(results));
        self.carry_out(effect)
    }

    /// Keeps a search's matches to narrow from, unless made for other
    /// dates, which no later query can narrow.
    fn keep(&mut self, matches: Arc<Matches>) {
        if matches.same_dates(&self.model.criteria) {
            self.cache.push(matches);
        }
    }

    fn carry_out(&mut self, effect: Option<Effect>) -> Option<Control> {
        match effect? {
            Effect::Search(request) => {
                if let Some(worker) = &self.worker {
                    worker.due(request.generation);
                }
                self.due = Some(request);
                None
            }
            Effect::Suspend => Some(Control::Suspend),
            Effect::Open(url) => Some(Control::Open(url)),
            Effect::Copy(text) => Some(Control::Copy(text)),
            Effect::Execute(command) => Some(Control::Execute(command)),
            Effect::Reload => Some(Control::Reload),
            Effect::Exit(outcome) => Some(Control::Exit(outcome)),
        }
    }
}

/// A search and the earlier matches it may start from.
type Job = (Request, Option<Arc<Matches>>);

/// What the worker sends back.
#[derive(Debug)]
enum Answer {
    /// A search's results: its first rows ranked, or its whole list.
    Results(Results),
    /// A search overtaken by a newer one: its matches, found but not ranked.
    Matched(u64, Arc<Matches>),
}

impl Answer {
    fn generation(&self) -> u64 {
        match self {
            Answer::Results(results) => results.generation,
            Answer::Matched(generation, _) => *generation,
        }
    }
}

/// A thread that runs searches one at a time.
#[derive(Debug)]
pub struct Worker {
    jobs: mpsc::Sender<Job>,
    answers: mpsc::Receiver<Answer>,
    /// A search is running: the next waits, so it can start from this one's matches.
    busy: bool,
    /// The generation of the search handed over last.
    started: u64,
    /// The generation of the newest search asked for, handed over or not
    /// (`u64::MAX` once the worker is dropped): a search is not ranked once
    /// a newer one is due, nor its whole list sorted.
    newest: Arc<AtomicU64>,
}

impl Worker {
    /// Starts the thread in `scope`; it calls `wake` after each result and
    /// ends when the worker is dropped (once its search is done).
    ///
    /// A search's results come back once its first rows are ranked
    /// ([`Request::run_first`]); when the rest are not, the thread goes on
    /// to rank the whole list and sends it as a second answer. When a
    /// newer search is asked for meanwhile, the thread stops ranking: the
    /// next keys' results come sooner, and it sends the matches back for
    /// the newer search to narrow from.
    pub fn spawn<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        timeline: &'scope Timeline,
        wake: impl Fn() + Send + 'scope,
    ) -> Worker {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, answers) = mpsc::channel::<Answer>();
        let newest = Arc::new(AtomicU64::new(0));
        let wanted = Arc::clone(&newest);
        scope.spawn(move || {
            for (request, base) in inbox {
                let stop = || wanted.load(Ordering::Relaxed) != request.generation;
                let (answer, rest) = match request.run_first(timeline, base, &stop) {
                    First::Results(first) => {
                        let rest = (!first.ranked)
                            .then(|| (Arc::clone(&first.matches), first.counts.clone()));
                        (Answer::Results(first), rest)
                    }
                    First::Overtaken(matches) => {
                        (Answer::Matched(request.generation, matches), None)
                    }
                };
                if outbox.send(answer).is_err() {
                    break;
                }
                wake();
                if let Some(all) = rest.and_then(|rest| request.rank_all(timeline, rest, &stop)) {
                    if outbox.send(Answer::Results(all)).is_err() {
                        break;
                    }
                    wake();
                }
            }
        });
        Worker {
            jobs,
            answers,
            busy: false,
            started: 0,
            newest,
        }
    }

    /// Tells the thread that a search newer than the one it runs is asked
    /// for: it stops ranking.
    fn due(&self, generation: u64) {
        self.newest.store(generation, Ordering::Relaxed);
    }

    fn start(&mut self, request: Request, base: Option<Arc<Matches>>) -> io::Result<()> {
        self.due(request.generation);
        self.started = request.generation;
        self.jobs.send((request, base)).map_err(|_| gone())?;
        self.busy = true;
        Ok(())
    }

    /// What the thread sent back, waiting up to `wait` for it while busy.
    fn receive(&mut self, wait: Duration) -> io::Result<Vec<Answer>> {
        let mut out = Vec::new();
        if self.busy && !wait.is_zero() {
            match self.answers.recv_timeout(wait) {
                Ok(answer) => out.push(answer),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err(gone()),
            }
        }
        loop {
            match self.answers.try_recv() {
                Ok(answer) => out.push(answer),
                Err(mpsc::TryRecvError::Empty) => break,
                // The thread panicked; the scope passes its panic on.
                Err(mpsc::TryRecvError::Disconnected) => return Err(gone()),
            }
        }
        // An earlier search's whole list may come while the last one runs.
        if out.iter().any(|a| a.generation() == self.started) {
            self.busy = false;
        }
        Ok(out)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // The explorer is over: a whole list being ranked is not waited for.
        self.newest.store(u64::MAX, Ordering::Relaxed);
    }
}

fn gone() -> io::Error {
    io::Error::other("the search worker stopped")
}

/// Runs `body` with a runtime for `timeline`: searches inline below
/// [`DEFER_FROM`] events, else on a worker thread that calls `wake` after
/// each result. The worker's last search, if any, is waited for after
/// `body` returns.
pub fn with_runtime<R>(
    timeline: &Timeline,
    options: Options,
    wake: impl Fn() + Send,
    body: impl FnOnce(&mut Runtime) -> R,
) -> R {
    if timeline.events.len() < DEFER_FROM {
        return body(&mut Runtime::new(timeline, options, None));
    }
    std::thread::scope(|scope| {
        let worker = Worker::spawn(scope, timeline, wake);
        body(&mut Runtime::new(timeline, options, Some(worker)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Edit;
    use crate::search::Query;

    /// A worker whose thread is the test: it takes the jobs handed over
    /// and sends the answers.
    fn by_hand() -> (Worker, mpsc::Receiver<Job>, mpsc::Sender<Answer>) {
        let (jobs, inbox) = mpsc::channel();
        let (outbox, answers) = mpsc::channel();
        let worker = Worker {
            jobs,
            answers,
            busy: false,
            started: 0,
            newest: Arc::new(AtomicU64::new(0)),
        };
        (worker, inbox, outbox)
    }

    #[test]
    fn an_overtaken_search_leaves_its_matches_to_narrow_from_and_the_next_starts() {
        let tl = crate::app::tests::embedded();
        let (worker, inbox, outbox) = by_hand();
        let newest = Arc::clone(&worker.newest);
        let mut rt = Runtime::new(&tl, Options::default(), Some(worker));
        let (first, _) = inbox.try_recv().expect("the first search handed over");
        outbox.send(Answer::Results(first.run(&tl, None))).unwrap();
        rt.poll(Duration::ZERO).unwrap();
        rt.send(Action::FocusQuery);
        rt.send(Action::Edit(Edit::Insert('o')));
        rt.flush().unwrap();
        let (o, _) = inbox.try_recv().expect("`o` handed over");
        // `r` comes while `o` runs: the thread is told at once, though
        // `or` waits to be handed over.
        rt.send(Action::Edit(Edit::Insert('r')));
        rt.flush().unwrap();
        assert!(inbox.try_recv().is_err(), "one search at a time");
        let stop = || newest.load(Ordering::Relaxed) != o.generation;
        assert!(stop(), "`o` is overtaken");
        // What the thread does with `o` then: its matches, not ranked.
        let First::Overtaken(matches) = o.run_first(&tl, None, &stop) else {
            panic!("overtaken");
        };
        outbox.send(Answer::Matched(o.generation, matches)).unwrap();
        rt.poll(Duration::ZERO).unwrap();
        // They are kept, and `or` is handed over at once, narrowing from them.
        let kept = rt.cache.base(&o.criteria);
        assert!(kept.is_some_and(|m| m.answers(&o.criteria)));
        let (or, base) = inbox.try_recv().expect("`or` handed over");
        assert_eq!(or.criteria.query, Query::parse("or"));
        assert!(base.is_some_and(|b| b.answers(&o.criteria)));
        // Nothing of `o` was shown: the list waits for `or`.
        assert!(rt.model().searching());
        outbox.send(Answer::Results(or.run(&tl, None))).unwrap();
        rt.poll(Duration::ZERO).unwrap();
        assert!(!rt.model().searching());
        assert_eq!(rt.model().hits(), or.run(&tl, None).hits);
    }
}
