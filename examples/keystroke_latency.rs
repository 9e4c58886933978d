//! The distribution of single-keystroke latencies in the explorer, which
//! the UI target of issue 4 is about (p99, not a mean):
//!
//! `cargo run --release --example keystroke_latency -- [N] [--reps R]`
//!
//! Generates N events (default 100000) with the `gen_timeline` generator,
//! opens the explorer at 120x35 on ratatui's `TestBackend`, focuses the
//! query line and, R times (default 20), types `orange cloud` one key at a
//! time then backspaces it away. Each key is timed from the key map to the
//! end of its frame (update, re-match, facet recount, render), as the
//! terminal loop handles a burst of one key. Then `j` is timed through the
//! list of all events. Prints p50/p90/p99/max per kind of key, and the
//! median and worst time of each step of the sequence, to find slow spots.

#[path = "../benches/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::screen::{self, press};
use crossterm::event::KeyCode;
use tlx::app::{self, Action};

const QUERY: &str = "orange cloud";

fn main() {
    let (events, reps) = arguments();
    let started = Instant::now();
    let json = common::timeline_json(events);
    let generated = started.elapsed();
    let started = Instant::now();
    let timeline = tlx::timeline::parse("generated", &json).expect("a valid timeline");
    let parsed = started.elapsed();
    drop(json);
    let started = Instant::now();
    let (mut model, mut terminal) = screen::open(&timeline);
    let opened = started.elapsed();
    println!(
        "{events} events: generated in {}, parsed in {}, first frame in {}; \
         {}x{}, {reps} repetitions of `{QUERY}` typed then backspaced",
        ms(generated),
        ms(parsed),
        ms(opened),
        screen::WIDTH,
        screen::HEIGHT,
    );

    app::dispatch(&mut model, Action::FocusQuery);
    let n = QUERY.chars().count();
    // steps[i]: the i-th key of the sequence (n characters, n backspaces).
    let mut steps: Vec<Vec<Duration>> = vec![Vec::with_capacity(reps); 2 * n];
    for _ in 0..reps {
        for (i, c) in QUERY.chars().enumerate() {
            steps[i].push(time(|| press(&mut model, &mut terminal, KeyCode::Char(c))));
        }
        for i in 0..n {
            steps[n + i].push(time(|| {
                press(&mut model, &mut terminal, KeyCode::Backspace)
            }));
        }
        assert!(model.query.is_empty());
    }

    app::dispatch(&mut model, Action::Submit);
    let moves = (reps * 2 * n).min(model.hits.len().saturating_sub(1));
    let cursor: Vec<Duration> = (0..moves)
        .map(|_| time(|| press(&mut model, &mut terminal, KeyCode::Char('j'))))
        .collect();
    assert_eq!(model.cursor, moves, "j moved the cursor");

    let typed: Vec<Duration> = steps[..n].concat();
    let erased: Vec<Duration> = steps[n..].concat();
    println!();
    println!("| keys | count | p50 | p90 | p99 | max | mean |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    row("typing a character", &typed);
    row("backspace", &erased);
    row(
        "query keys (both)",
        &[typed.as_slice(), erased.as_slice()].concat(),
    );
    row("cursor move (j)", &cursor);

    println!();
    println!("| step | query after the key | median | max |");
    println!("|---:|---|---:|---:|");
    for (i, times) in steps.iter_mut().enumerate() {
        let (key, after) = if i < n {
            let c = QUERY.chars().nth(i).unwrap_or(' ');
            (
                format!("`{c}`"),
                QUERY.chars().take(i + 1).collect::<String>(),
            )
        } else {
            ("⌫".to_string(), QUERY.chars().take(2 * n - i - 1).collect())
        };
        times.sort_unstable();
        println!(
            "| {} {key} | `{after}` | {} | {} |",
            i + 1,
            ms(percentile(times, 0.5)),
            ms(*times.last().unwrap_or(&Duration::ZERO)),
        );
    }
}

/// N and the repetitions from the command line.
fn arguments() -> (usize, usize) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut events = 100_000;
    let mut reps = 20;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--reps" => {
                i += 1;
                reps = args
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage());
            }
            n => events = n.parse().unwrap_or_else(|_| usage()),
        }
        i += 1;
    }
    if reps == 0 {
        usage();
    }
    (events, reps)
}

fn usage() -> ! {
    eprintln!("usage: keystroke_latency [N] [--reps R]");
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
