//! Writes a deterministic, realistic native timeline of N events to stdout,
//! for benchmarks: `cargo run --release --example gen_timeline -- N [--seed S]`.
//!
//! Mixed date precisions over several decades, about 20 companies, 20
//! countries, topics and kinds, a title of about 8 words and a summary of
//! about 30, one source each: roughly 600 bytes an event. The events
//! themselves are made in `gen_timeline/generate.rs`, which the benchmarks
//! share.

#[path = "gen_timeline/generate.rs"]
mod generate;

use std::io::{BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut count: Option<usize> = None;
    let mut seed: u64 = 42;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--seed" => {
                i += 1;
                seed = args
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage());
            }
            n => count = Some(n.parse().unwrap_or_else(|_| usage())),
        }
        i += 1;
    }
    let count = count.unwrap_or_else(|| usage());
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let result = generate::write_timeline(&mut out, count, seed).and_then(|()| out.flush());
    if let Err(e) = result
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("gen_timeline: {e}");
        std::process::exit(2);
    }
}

fn usage() -> ! {
    eprintln!("usage: gen_timeline N [--seed S]");
    std::process::exit(2);
}
