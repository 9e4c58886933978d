//! Fuzzes the loader: raw bytes in, every format.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/support/checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::loader(data));
