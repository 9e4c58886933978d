//! The search engine on a loaded timeline: matching the three benchmark
//! queries (broad, medium, narrow) from scratch, narrowing (one more
//! character typed, re-testing only the previous matches), and turning
//! matches into the list of hits and the facet counts.
//!
//! `cargo bench --bench search`; add `TLX_BENCH_1M=1` for a million events.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tlx::search::{Criteria, Query, Sort, counts_from, hits_from, match_events};

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
            group.bench_function(format!("hits_from+counts_from/{name}"), |b| {
                b.iter(|| {
                    let hits = hits_from(tl, black_box(&matches), &crit, Sort::Date);
                    let counts = counts_from(tl, black_box(&matches), &crit);
                    (hits, counts)
                })
            });
            group.bench_function(format!("counts_from/{name}"), |b| {
                b.iter(|| counts_from(tl, black_box(&matches), &crit))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
