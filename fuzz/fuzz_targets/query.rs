//! Fuzzes the query parser and matching: first line the query, the rest the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/support/checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::query_bytes(data));
