//! One keystroke in the explorer at 120x35: the key map's action, its
//! update (for a character typed into the query: the re-match, the hits and
//! the facet recount) and one frame drawn into ratatui's `TestBackend`.
//! The `*_deferred` benchmarks take the path of the terminal loop on large
//! timelines: the search is only requested (the worker runs it, untimed
//! here) and the frame shows the previous results.
//!
//! Criterion gives means and medians; the keystroke target is a p99, which
//! `cargo run --release --example keystroke_latency` measures over a real
//! typing sequence.
//!
//! `cargo bench --bench keystroke`; add `TLX_BENCH_1M=1` for a million events.

mod common;

use std::time::{Duration, Instant};

use common::screen::{self, draw, press, press_deferred, settle, type_query};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tlx::app::{self, Action, Model, Move, Refresh};
use tlx::search::search;

/// Times one key pressed with the query line holding `before` (and the
/// matches found while typing it, so the key narrows, re-matches or reuses
/// earlier matches exactly as it would after typing `before`).
///
/// Between samples the model is put back by setting the query line, its
/// parsed query and its match cache (the rest `update` recomputes from them),
/// which costs nothing like re-typing `before` would. The terminal is
/// cleared then too, so each timed frame repaints every cell: a little
/// dearer than the partial repaint after a real keystroke.
fn bench_typing(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    model: &mut Model,
    terminal: &mut Terminal<TestBackend>,
    before: &str,
    key: KeyCode,
) {
    let deferred = model.refresh == Refresh::Deferred;
    type_query(model, terminal, before);
    let line = model.query.clone();
    let query = model.filter.query.clone();
    let matches = model.matches.clone();
    let restore = |model: &mut Model| {
        model.query = line.clone();
        model.filter.query = query.clone();
        model.matches = matches.clone();
    };
    // Restoring really stands for typing `before`: the key then gives what
    // a fresh search gives.
    restore(model);
    press(model, terminal, key);
    settle(model);
    assert_eq!(
        model.hits,
        search(model.timeline, &model.filter, model.sort)
    );
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                restore(model);
                terminal.clear().expect("clearing TestBackend");
                let start = Instant::now();
                let request = if deferred {
                    press_deferred(model, terminal, key)
                } else {
                    press(model, terminal, key);
                    None
                };
                timed += start.elapsed();
                // Deferred: the worker's search, untimed.
                if let Some(request) = request {
                    model.receive(request.run(model.timeline));
                }
            }
            timed
        })
    });
}

fn keystroke(c: &mut Criterion) {
    for size in common::sizes() {
        let timeline = common::timeline(size.events);
        let (mut model, mut terminal) = screen::open(&timeline);
        let mut group = c.benchmark_group(format!("keystroke_{}", size.label));
        common::configure(&mut group, size);

        // A frame of the unchanged screen: what every keystroke pays at least.
        group.bench_function("render", |b| b.iter(|| draw(&model, &mut terminal)));

        // `j` in the list of all events; back to the top (untimed) before
        // the end of the list.
        group.bench_function("cursor_down", |b| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    if model.cursor + 2 >= model.hits.len() {
                        app::dispatch(&mut model, Action::Move(Move::Top));
                    }
                    let start = Instant::now();
                    press(&mut model, &mut terminal, KeyCode::Char('j'));
                    timed += start.elapsed();
                }
                timed
            })
        });

        // The first character: every event is tested.
        let (m, t) = (&mut model, &mut terminal);
        bench_typing(&mut group, "type_first_char", m, t, "", KeyCode::Char('o'));
        // The last character of the broad query: only the matches of
        // `orange clou` are tested again.
        bench_typing(
            &mut group,
            "type_narrowing",
            m,
            t,
            "orange clou",
            KeyCode::Char('d'),
        );
        // Backspace widens the query: the matches of `orange clou`, kept
        // from typing it, are shown again.
        bench_typing(
            &mut group,
            "backspace",
            m,
            t,
            "orange cloud",
            KeyCode::Backspace,
        );

        // The same keys as the terminal loop takes them on a large timeline.
        let (mut model, mut terminal) = screen::open_with(&timeline, Refresh::Deferred);
        let (m, t) = (&mut model, &mut terminal);
        let keys = [
            ("type_first_char_deferred", "", KeyCode::Char('o')),
            ("type_narrowing_deferred", "orange clou", KeyCode::Char('d')),
            ("backspace_deferred", "orange cloud", KeyCode::Backspace),
        ];
        for (name, before, key) in keys {
            bench_typing(&mut group, name, m, t, before, key);
        }
        group.finish();
    }
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
