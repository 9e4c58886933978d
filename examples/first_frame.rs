//! How soon the explorer shows a large file: the time from start to its
//! first frame when it opens on the file's first events
//! (`timeline::load_prefix`, what `tlx FILE` does for a large native file),
//! beside the time the whole file takes to load and show.
//!
//! `cargo run --release --example first_frame -- FILE [--reps R]`
//!
//! Each repetition (default 5) reads the prefix and draws the explorer on it
//! at 120x35 into ratatui's `TestBackend`, with the explorer's own
//! `app::Runtime`; then, once, loads the whole with `load_inputs_with` and
//! draws on it (searching inline, as a worker would). Prints the median and worst of the first, and the second.

#[path = "../benches/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::screen::Screen;
use tlx::timeline::{Input, LoadOptions, load_inputs_with, load_prefix};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: first_frame FILE [--reps R]");
        std::process::exit(2);
    };
    let reps: usize = match args.get(1).map(String::as_str) {
        Some("--reps") => args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5),
        _ => 5,
    };
    let inputs = [Input::Path(file.into())];
    let options = LoadOptions::default();
    let mut times = Vec::new();
    let mut shown = 0;
    for _ in 0..reps {
        let start = Instant::now();
        let Some(prefix) = load_prefix(&inputs, &options) else {
            eprintln!("first_frame: {file} is read whole (small, or not tlx JSON)");
            std::process::exit(2);
        };
        let screen = Screen::open(&prefix.timeline, None);
        times.push(start.elapsed());
        shown = screen.model().timeline().events.len();
        drop(screen);
        // Freed outside the timing, as the binary never frees it.
        std::mem::forget(prefix);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "first frame on the first events: median {:.1} ms, max {:.1} ms ({shown} events, {reps} runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
    );
    let start = Instant::now();
    let (timeline, _) = load_inputs_with(&inputs, &options).unwrap_or_else(|e| {
        eprintln!("first_frame: {e}");
        std::process::exit(2);
    });
    let loaded = start.elapsed();
    let screen = Screen::open(&timeline, None);
    println!(
        "whole load {:.1} ms, its first frame at {:.1} ms ({} events)",
        ms(loaded),
        ms(start.elapsed()),
        screen.model().timeline().events.len()
    );
    std::mem::forget(screen);
    std::mem::forget(timeline);
}
