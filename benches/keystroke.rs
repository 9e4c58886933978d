//! One keystroke in the explorer at 120x35, driven through its runtime as
//! the terminal loop drives it: the key map's action, its update (for a
//! character typed into the query: the re-match, the hits and the facet
//! recount) and one frame drawn into ratatui's `TestBackend`. The
//! `*_deferred` benchmarks take the path of the terminal loop on large
//! timelines: the search is handed to a worker thread (which runs it,
//! untimed here) and the frame shows the previous results.
//!
//! Criterion gives means and medians; the keystroke target (16 ms p99 at
//! 100k events) is a p99, which
//! `cargo run --release --example keystroke_latency` measures over a real
//! typing sequence.
//!
//! `cargo bench --bench keystroke`; add `TLX_BENCH_1M=1` for a million events.

mod common;

use std::time::{Duration, Instant};

use common::screen::Screen;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use tlx::app::{Action, Move, Worker};
use tlx::search::search;

/// Times one key pressed with the query line holding `before` (and the
/// matches found while typing it, so the key narrows, re-matches or reuses
/// earlier matches exactly as it would after typing `before`).
///
/// Between samples the whole state (model and match cache) is put back
/// from a snapshot taken after typing `before`, untimed, which costs
/// nothing like re-typing `before` would; with a worker, the key's search
/// is waited for first, untimed too. The terminal is cleared then as well,
/// so each timed frame repaints every cell: a little dearer than the
/// partial repaint after a real keystroke.
fn bench_typing(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    screen: &mut Screen,
    before: &str,
    key: KeyCode,
) {
    screen.type_query(before);
    let typed = screen.runtime.snapshot();
    // Restoring really stands for typing `before`: the key then gives what
    // a fresh search gives.
    screen.runtime.restore(typed.clone());
    screen.press(key);
    screen.settle();
    let model = screen.model();
    assert_eq!(
        model.hits(),
        search(model.timeline(), model.criteria(), model.sort())
    );
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                screen.runtime.restore(typed.clone());
                screen.terminal.clear().expect("clearing TestBackend");
                let start = Instant::now();
                screen.press(key);
                timed += start.elapsed();
                // With a worker: its search, untimed.
                screen.settle();
            }
            timed
        })
    });
}

fn keystroke(c: &mut Criterion) {
    for size in common::sizes() {
        let timeline = common::timeline(size.events);
        let mut screen = Screen::open(&timeline, None);
        let mut group = c.benchmark_group(format!("keystroke_{}", size.label));
        common::configure(&mut group, size);

        // A frame of the unchanged screen: what every keystroke pays at least.
        group.bench_function("render", |b| b.iter(|| screen.draw()));

        // `j` in the list of all events; back to the top (untimed) before
        // the end of the list.
        group.bench_function("cursor_down", |b| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    if screen.model().cursor() + 2 >= screen.model().hits().len() {
                        screen.send(Action::Move(Move::Top));
                    }
                    let start = Instant::now();
                    screen.press(KeyCode::Char('j'));
                    timed += start.elapsed();
                }
                timed
            })
        });

        // The first character: every event is tested.
        let s = &mut screen;
        bench_typing(&mut group, "type_first_char", s, "", KeyCode::Char('o'));
        // The last character of the broad query: only the matches of
        // `orange clou` are tested again.
        bench_typing(
            &mut group,
            "type_narrowing",
            s,
            "orange clou",
            KeyCode::Char('d'),
        );
        // Backspace widens the query: the matches of `orange clou`, kept
        // from typing it, are shown again.
        bench_typing(
            &mut group,
            "backspace",
            s,
            "orange cloud",
            KeyCode::Backspace,
        );
        // The first character again with the strip in lanes (a lane per
        // company): the strip counts every event per lane for new hits.
        s.send(Action::CycleLanes);
        bench_typing(
            &mut group,
            "type_first_char_lanes",
            s,
            "",
            KeyCode::Char('o'),
        );
        drop(screen);

        // The same keys as the terminal loop takes them on a large
        // timeline, with the search on a worker thread.
        std::thread::scope(|scope| {
            let worker = Worker::spawn(scope, &timeline, || {});
            let mut screen = Screen::open(&timeline, Some(worker));
            let keys = [
                ("type_first_char_deferred", "", KeyCode::Char('o')),
                ("type_narrowing_deferred", "orange clou", KeyCode::Char('d')),
                ("backspace_deferred", "orange cloud", KeyCode::Backspace),
            ];
            for (name, before, key) in keys {
                bench_typing(&mut group, name, &mut screen, before, key);
            }
        });
        group.finish();
    }
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
