//! What the benchmarks share: timelines made by the `gen_timeline` example's
//! own generator (included, not copied), the sizes to run, and the queries.

// Each bench uses a different part of this module.
#![allow(dead_code)]

use std::time::Duration;

use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
use tlx::timeline::{Timeline, parse};

#[path = "../../examples/gen_timeline/generate.rs"]
mod generate;

pub mod screen;

/// The generator's default seed, so benches see the same events as
/// `gen_timeline N`.
pub const SEED: u64 = 42;

/// The three queries the search targets are measured with (against
/// `fzf --filter`), from many matches to few.
pub const QUERIES: [(&str, &str); 3] = [
    ("broad", "orange cloud"),
    ("medium", "telecom egypt"),
    ("narrow", "idemia kazakh"),
];

/// How many events, and the label used in benchmark names.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub events: usize,
    pub label: &'static str,
}

/// 10k and 100k events; 1M too when `TLX_BENCH_1M` is set (to anything
/// but empty or `0`), since a million events takes minutes per bench.
pub fn sizes() -> Vec<Size> {
    let mut sizes = vec![
        Size {
            events: 10_000,
            label: "10k",
        },
        Size {
            events: 100_000,
            label: "100k",
        },
    ];
    if std::env::var("TLX_BENCH_1M").is_ok_and(|v| !v.is_empty() && v != "0") {
        sizes.push(Size {
            events: 1_000_000,
            label: "1M",
        });
    }
    sizes
}

/// The native JSON of `events` generated events (seed [`SEED`]).
pub fn timeline_json(events: usize) -> Vec<u8> {
    let mut json = Vec::with_capacity(events * 650 + 256);
    generate::write_timeline(&mut json, events, SEED).expect("writing to memory");
    json
}

/// The timeline of `events` generated events.
pub fn timeline(events: usize) -> Timeline {
    parse("generated", &timeline_json(events)).expect("the generator writes valid timelines")
}

/// Fewer, shorter samples as the timeline grows, so a default `cargo bench`
/// ends in minutes.
pub fn configure(group: &mut BenchmarkGroup<'_, WallTime>, size: Size) {
    let (samples, warm_up, measure) = match size.events {
        0..=10_000 => (50, 1, 3),
        10_001..=100_000 => (20, 1, 4),
        _ => (10, 2, 10),
    };
    group
        .sample_size(samples)
        .warm_up_time(Duration::from_secs(warm_up))
        .measurement_time(Duration::from_secs(measure));
}
