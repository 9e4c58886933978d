//! The distribution of single-keystroke latencies in the explorer, which
//! the keystroke target (16 ms p99 at 100k events, 33 ms at 1M) is about:
//! a p99, not a mean.
//!
//! `cargo run --release --example keystroke_latency -- [N] [--reps R] [--pace MS] [--immediate] [--sort ORDER] [--ranked]`
//!
//! Generates N events (default 100000) with the `gen_timeline` generator,
//! opens the explorer at 120x35 on ratatui's `TestBackend`, focuses the
//! query line and, R times (default 20), types `orange cloud` one key at a
//! time then backspaces it away. Each repetition starts from the state the
//! explorer was in before the first (restored from a snapshot), whose match
//! cache holds only the first search's matches (every event): typing
//! narrows from the characters typed before it, Backspace finds them
//! again. Then `j` is timed through the list of all events.
//!
//! From `app::DEFER_FROM` events on, the explorer searches on a worker
//! thread, and so does this: it drives the explorer's own `app::Runtime`
//! with an `app::Worker`, as the terminal loop does. A keystroke is then
//! the key map, `update`, handing the search to the worker and a frame (of
//! the previous results, with "searching…"); the *time until results* runs
//! from the key to the end of the frame that shows its results.
//! `--immediate` searches inside the keystroke instead, as below that size
//! (there both times are the same).
//!
//! Without `--pace` each key waits for its results before the next one is
//! typed; with `--pace MS` a key comes every MS milliseconds whatever
//! happens (a quick typist: 100 to 150), so keys are typed while the worker
//! searches, and a key overtaken by the next gets its results with the
//! next one's. Each repetition still waits for the previous one's results
//! before it starts, since a snapshot is only put back when no search is
//! awaited.
//!
//! With a ranked order, a broad query's results come in two answers: its
//! first rows ranked (what the time until results measures), then the
//! whole list in order. `--ranked` waits for the second before the next
//! key and reports the time until it too.
//!
//! `--sort` picks the order as tlx's option does; the default, `auto`, is
//! tlx's own, which ranks the matches once a query is typed (`date` keeps
//! the file's order and leaves ranking out of the figures).
//!
//! Prints p50/p90/p99/max per kind of key, and the median and worst times
//! of each step of the sequence, to find slow spots.

#[path = "../benches/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::screen::{self, Screen};
use crossterm::event::KeyCode;
use tlx::app::{Action, DEFER_FROM, Worker};
use tlx::search::Sort;

const QUERY: &str = "orange cloud";

struct Options {
    events: usize,
    reps: usize,
    pace: Option<Duration>,
    immediate: bool,
    /// Strip lanes to switch on first (`--lanes`: a lane per company).
    lanes: bool,
    /// The order of the list.
    sort: Sort,
    /// Wait for the whole list to be ranked before the next key.
    ranked: bool,
}

/// The explorer and how long its keys took.
struct Session<'a> {
    screen: Screen<'a>,
    /// Keys whose results are not shown yet: (step, when typed).
    waiting: Vec<(usize, Instant)>,
    /// Per step: keystroke times, and times until results.
    keystroke: Vec<Vec<Duration>>,
    until: Vec<Vec<Duration>>,
    /// Per step, with `--ranked`: times until the whole list is ranked.
    until_ranked: Vec<Vec<Duration>>,
    /// Keys whose whole list is not ranked yet: (step, when typed).
    ranking: Vec<(usize, Instant)>,
    /// Whether to wait for the whole list.
    wait_ranked: bool,
}

impl Session<'_> {
    /// Types one key as the terminal loop takes it.
    fn press(&mut self, step: usize, code: KeyCode) {
        let start = Instant::now();
        self.screen.press(code);
        let took = start.elapsed();
        self.keystroke[step].push(took);
        if self.screen.model().searching() {
            self.waiting.push((step, start));
        } else {
            self.until[step].push(took);
        }
        if self.wait_ranked {
            self.ranking.push((step, start));
        }
    }

    /// Whether the explorer still works on the last key.
    fn busy(&self) -> bool {
        let model = self.screen.model();
        model.searching() || (self.wait_ranked && model.ranking())
    }

    /// Shows results as they come, until `deadline` (else until none is
    /// awaited), as the terminal loop does between keys.
    fn idle(&mut self, deadline: Option<Instant>) {
        loop {
            let now = Instant::now();
            if !self.busy() {
                self.ranked();
                if let Some(deadline) = deadline {
                    std::thread::sleep(deadline.saturating_duration_since(now));
                }
                return;
            }
            let wait = match deadline {
                Some(d) if d <= now => return,
                Some(d) => d - now,
                None => Duration::from_secs(1),
            };
            self.screen.poll(wait);
            if !self.screen.model().searching() {
                // The whole list comes without the worker being waited on.
                std::thread::sleep(Duration::from_micros(200).min(wait));
                for (step, typed) in self.waiting.drain(..) {
                    self.until[step].push(typed.elapsed());
                }
            }
        }
    }

    /// Records the keys whose whole list is ranked by now.
    fn ranked(&mut self) {
        if self.screen.model().searching() || self.screen.model().ranking() {
            return;
        }
        for (step, typed) in self.ranking.drain(..) {
            self.until_ranked[step].push(typed.elapsed());
        }
    }
}

fn main() {
    let options = arguments();
    let events = options.events;
    let started = Instant::now();
    let json = common::timeline_json(events);
    let generated = started.elapsed();
    let started = Instant::now();
    let timeline = tlx::timeline::parse("generated", &json).expect("a valid timeline");
    let parsed = started.elapsed();
    drop(json);
    let deferred = !options.immediate && events >= DEFER_FROM;
    std::thread::scope(|scope| {
        let worker = deferred.then(|| Worker::spawn(scope, &timeline, || {}));
        let started = Instant::now();
        let screen = Screen::open_sorted(&timeline, worker, options.sort);
        let opened = started.elapsed();
        println!(
            "{events} events: generated in {}, parsed in {}, first frame in {}; \
             {}x{}, sorted {}, {} repetitions of `{QUERY}` typed then backspaced, {}, {}",
            ms(generated),
            ms(parsed),
            ms(opened),
            screen::WIDTH,
            screen::HEIGHT,
            options.sort,
            options.reps,
            if deferred {
                "searching on a worker thread"
            } else {
                "searching inside each keystroke"
            },
            match options.pace {
                Some(p) => format!("a key every {}", ms(p)),
                None => "each key after the previous one's results".to_string(),
            },
        );
        let n = QUERY.chars().count();
        let mut session = Session {
            screen,
            waiting: Vec::new(),
            keystroke: vec![Vec::with_capacity(options.reps); 2 * n],
            until: vec![Vec::with_capacity(options.reps); 2 * n],
            until_ranked: vec![Vec::with_capacity(options.reps); 2 * n],
            ranking: Vec::new(),
            wait_ranked: options.ranked,
        };
        if options.lanes {
            println!("strip: a lane per company");
        }
        run(&mut session, &options);
        report(&mut session, n);
    });
}

/// Types and erases the query `reps` times, then moves down the list.
fn run(session: &mut Session, options: &Options) {
    let n = QUERY.chars().count();
    if options.lanes {
        session.screen.send(Action::CycleLanes);
    }
    session.screen.send(Action::FocusQuery);
    let start = session.screen.runtime.snapshot();
    for _ in 0..options.reps {
        // The previous repetition's results, then the state before the first.
        session.idle(None);
        session.screen.runtime.restore(start.clone());
        let mut next = Instant::now();
        let mut pace = |session: &mut Session| match options.pace {
            Some(p) => {
                next += p;
                session.idle(Some(next));
            }
            None => session.idle(None),
        };
        for (i, c) in QUERY.chars().enumerate() {
            session.press(i, KeyCode::Char(c));
            pace(session);
        }
        for i in 0..n {
            session.press(n + i, KeyCode::Backspace);
            pace(session);
        }
        assert!(session.screen.model().query().is_empty());
    }
    session.idle(None);
}

fn report(session: &mut Session, n: usize) {
    let screen = &mut session.screen;
    screen.send(Action::Submit);
    let hits = screen.model().hits().len();
    let moves = (session.keystroke[0].len() * 2 * n).min(hits.saturating_sub(1));
    let cursor: Vec<Duration> = (0..moves)
        .map(|_| time(|| screen.press(KeyCode::Char('j'))))
        .collect();
    assert_eq!(screen.model().cursor(), moves, "j moved the cursor");

    query_table("Keystroke (key map, update, frame):", &session.keystroke, n);
    row("cursor move (j)", &cursor);
    query_table(
        "Time until results (from the key to the frame showing its results):",
        &session.until,
        n,
    );
    if session.wait_ranked {
        query_table(
            "Time until the whole list is ranked (the frame after the last rows are in order):",
            &session.until_ranked,
            n,
        );
    }

    println!();
    println!("| step | query after the key | keystroke median | max | results median | max |");
    println!("|---:|---|---:|---:|---:|---:|");
    for i in 0..2 * n {
        let (key, after) = if i < n {
            let c = QUERY.chars().nth(i).unwrap_or(' ');
            (
                format!("`{c}`"),
                QUERY.chars().take(i + 1).collect::<String>(),
            )
        } else {
            ("⌫".to_string(), QUERY.chars().take(2 * n - i - 1).collect())
        };
        let keystroke = &mut session.keystroke[i];
        let until = &mut session.until[i];
        keystroke.sort_unstable();
        until.sort_unstable();
        println!(
            "| {} {key} | `{after}` | {} | {} | {} | {} |",
            i + 1,
            ms(percentile(keystroke, 0.5)),
            ms(*keystroke.last().unwrap_or(&Duration::ZERO)),
            ms(percentile(until, 0.5)),
            ms(*until.last().unwrap_or(&Duration::ZERO)),
        );
    }
}

/// The options from the command line.
fn arguments() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = Options {
        events: 100_000,
        reps: 20,
        pace: None,
        immediate: false,
        lanes: false,
        sort: Sort::Auto,
        ranked: false,
    };
    let mut i = 0;
    let value = |i: &mut usize| -> usize {
        *i += 1;
        args.get(*i)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| usage())
    };
    while i < args.len() {
        match args[i].as_str() {
            "--reps" => options.reps = value(&mut i),
            "--pace" => options.pace = Some(Duration::from_millis(value(&mut i) as u64)),
            "--immediate" => options.immediate = true,
            "--lanes" => options.lanes = true,
            "--ranked" => options.ranked = true,
            "--sort" => {
                i += 1;
                options.sort = args
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage());
            }
            n => options.events = n.parse().unwrap_or_else(|_| usage()),
        }
        i += 1;
    }
    if options.reps == 0 {
        usage();
    }
    options
}

fn usage() -> ! {
    eprintln!(
        "usage: keystroke_latency [N] [--reps R] [--pace MS] [--immediate] [--lanes] [--sort ORDER] [--ranked]"
    );
    std::process::exit(2);
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// Nearest-rank percentile of sorted durations.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Prints a table of the typing (first `n` steps) and backspacing (the
/// rest) latencies in `per_step`; the caller may add rows after it.
fn query_table(title: &str, per_step: &[Vec<Duration>], n: usize) {
    let (typed, erased) = per_step.split_at(n);
    let (typed, erased) = (typed.concat(), erased.concat());
    println!();
    println!("{title}");
    println!();
    println!("| keys | count | p50 | p90 | p99 | max | mean |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    row("typing a character", &typed);
    row("backspace", &erased);
    row("query keys (both)", &[typed, erased].concat());
}

fn row(name: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let mean = sorted.iter().sum::<Duration>() / sorted.len().max(1) as u32;
    println!(
        "| {name} | {} | {} | {} | {} | {} | {} |",
        sorted.len(),
        ms(percentile(&sorted, 0.5)),
        ms(percentile(&sorted, 0.9)),
        ms(percentile(&sorted, 0.99)),
        ms(*sorted.last().unwrap_or(&Duration::ZERO)),
        ms(mean),
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
