//! The search engine on a loaded timeline: matching the three benchmark
//! queries (broad, medium, narrow) from scratch, narrowing (one more
//! character typed, re-testing only the previous matches), and turning
//! matches into the list of hits and the facet counts.
//!
//! Then, on 20,000 events, queries built to be expensive (`bounded_20k`):
//! one term of 100,000 characters, and 3,000 short terms ANDed and ORed.
//!
//! `cargo bench --bench search`; add `TLX_BENCH_1M=1` for a million events.

mod common;

use std::hint::black_box;

use std::collections::BTreeSet;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use tlx::app::RANKED_FIRST;
use tlx::search::{
    self as engine, Criteria, Query, Sort, counts_from, hits_first, hits_from, match_events,
};
use tlx::timeline::Timeline;

/// The criteria of `query` alone (no facets, no dates).
fn criteria(query: &str) -> Criteria {
    Criteria {
        query: Query::parse(query),
        ..Criteria::default()
    }
}

fn search(c: &mut Criterion) {
    for size in common::sizes() {
        let timeline = common::timeline(size.events);
        let tl = &timeline;

        let mut group = c.benchmark_group(format!("match_{}", size.label));
        common::configure(&mut group, size);
        group.throughput(Throughput::Elements(size.events as u64));
        for (name, query) in common::QUERIES {
            let crit = criteria(query);
            group.bench_function(name, |b| {
                b.iter(|| match_events(tl, black_box(&crit), None))
            });
        }
        // Typing the last character of the broad query: only the matches of
        // `orange clou` are tested again.
        let shorter = match_events(tl, &criteria("orange clou"), None);
        let crit = criteria("orange cloud");
        group.bench_function("narrowing_broad", |b| {
            b.iter(|| match_events(tl, black_box(&crit), Some(&shorter)))
        });
        group.finish();

        // From matches to what the screen shows: hits in date order and the
        // live facet counts, for the broad query and for no query at all
        // (every event: the first screen, or after the query is cleared).
        let mut group = c.benchmark_group(format!("results_{}", size.label));
        common::configure(&mut group, size);
        for (name, query) in [("broad", "orange cloud"), ("all", "")] {
            let crit = criteria(query);
            let matches = match_events(tl, &crit, None);
            group.throughput(Throughput::Elements(matches.indices().len() as u64));
            // `counts_from` keeps the counts with the matches it is given:
            // each iteration gets a copy made before any was counted, so
            // that it counts.
            group.bench_function(format!("hits_from+counts_from/{name}"), |b| {
                b.iter_batched(
                    || matches.clone(),
                    |matches| {
                        let hits = hits_from(tl, black_box(&matches), &crit, Sort::Date);
                        let counts = counts_from(tl, black_box(&matches), &crit);
                        (hits, counts)
                    },
                    BatchSize::LargeInput,
                )
            });
            group.bench_function(format!("counts_from/{name}"), |b| {
                b.iter_batched(
                    || matches.clone(),
                    |matches| counts_from(tl, black_box(&matches), &crit),
                    BatchSize::LargeInput,
                )
            });
        }
        // The default order with a query: every hit scored, best first.
        let crit = criteria("orange cloud");
        let matches = match_events(tl, &crit, None);
        group.throughput(Throughput::Elements(matches.indices().len() as u64));
        group.bench_function("hits_from_auto/broad", |b| {
            b.iter(|| hits_from(tl, black_box(&matches), &crit, Sort::Auto))
        });
        // A first letter typed: every event matches, and the explorer's
        // worker answers with the first rows ranked (`hits_first`) where
        // ranking every hit (`hits_from`) took most of the time.
        let crit = criteria("o");
        let matches = match_events(tl, &crit, None);
        group.throughput(Throughput::Elements(matches.indices().len() as u64));
        group.bench_function("hits_from_auto/o", |b| {
            b.iter(|| hits_from(tl, black_box(&matches), &crit, Sort::Auto))
        });
        // Each iteration gets matches without the best hits kept, as a
        // new query's are.
        group.bench_function("hits_first/o", |b| {
            b.iter_batched(
                || matches.clone(),
                |matches| hits_first(tl, black_box(&matches), &crit, Sort::Auto, RANKED_FIRST),
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

/// Queries built to be expensive (issue 11), over 20,000 events: `search`
/// (match, then rank best first) must answer each in well under a second.
fn bounded(c: &mut Criterion) {
    let timeline = common::timeline(20_000);
    let tl = &timeline;
    let mut group = c.benchmark_group("bounded_20k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (name, query) in bounded_queries(tl) {
        let crit = criteria(&query);
        group.bench_function(name, |b| {
            b.iter(|| engine::search(tl, black_box(&crit), Sort::Auto))
        });
    }
    group.finish();
}

/// One term of 100,000 characters; 3,000 short terms ANDed, and ORed. The
/// short terms are the three-letter pieces of the first 2,000 events'
/// titles and summaries (each found in many events), then `zq0`, `zq1`…
/// (found nowhere), in a fixed shuffled order.
fn bounded_queries(tl: &Timeline) -> [(&'static str, String); 3] {
    let mut grams = BTreeSet::new();
    for e in tl.events.iter().take(2000) {
        let text = format!("{} {}", e.title(), e.summary()).to_lowercase();
        for word in text.split_whitespace() {
            let w: Vec<char> = word.chars().filter(|c| c.is_alphanumeric()).collect();
            grams.extend(w.windows(3).map(|g| g.iter().collect::<String>()));
        }
    }
    let mut terms: Vec<String> = grams.into_iter().collect();
    let known = terms.len();
    terms.extend((known..3000).map(|i| format!("zq{i}")));
    // Fisher–Yates with a fixed linear congruential sequence.
    let mut state: u64 = 1;
    for i in (1..terms.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        terms.swap(i, (state >> 33) as usize % (i + 1));
    }
    let long: String = "orangecloudsovereign".repeat(5000);
    [
        ("long_term", long),
        ("many_and", terms.join(" ")),
        ("many_or", terms.join(" | ")),
    ]
}

criterion_group!(benches, search, bounded);
criterion_main!(benches);
