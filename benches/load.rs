//! Loading a generated timeline: `parse` of the JSON already in memory, and
//! `load_inputs` of the same JSON in a file (as the command line opens it:
//! read when small, mapped when large; the file is in the page cache).
//!
//! `cargo bench --bench load`; add `TLX_BENCH_1M=1` for a million events.

mod common;

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tlx::timeline::{Input, load_inputs, parse};

fn load(c: &mut Criterion) {
    for size in common::sizes() {
        let json = common::timeline_json(size.events);
        let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
        file.write_all(&json).expect("writing the temporary file");
        file.flush().expect("writing the temporary file");
        let inputs = [Input::Path(file.path().to_path_buf())];

        let mut group = c.benchmark_group(format!("load_{}", size.label));
        common::configure(&mut group, size);
        group.throughput(Throughput::Bytes(json.len() as u64));
        // Dropping the timeline is left out: the user waits for the parse.
        group.bench_function("parse", |b| {
            b.iter_with_large_drop(|| parse("generated", black_box(&json)).unwrap())
        });
        group.bench_function("load_inputs_file", |b| {
            b.iter_with_large_drop(|| load_inputs(black_box(&inputs)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
