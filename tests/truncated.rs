//! A timeline file rewritten or truncated while tlx reads it never kills
//! tlx: large files are mapped, and reading a mapped page past the end of
//! a truncated file raises SIGBUS. tlx ends with an error (or, reading the
//! file whole between two rewrites, succeeds), never with a signal.

#[allow(dead_code)]
mod support {
    pub mod run;
}

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Large enough to be mapped (16 MiB and more).
const SIZE: usize = 24 << 20;

/// A valid timeline of `SIZE` bytes: two events, and space between them.
fn big_timeline() -> Vec<u8> {
    let head = br#"{"events": [{"id": "a", "date": "2001", "title": "A"},"#;
    let tail = br#"{"id": "b", "date": "2002", "title": "B"}]}"#;
    let mut text = head.to_vec();
    text.resize(SIZE - tail.len(), b' ');
    text.extend_from_slice(tail);
    text
}

#[test]
fn a_file_truncated_while_it_is_read_never_kills_tlx() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    let text = big_timeline();
    std::fs::write(&file, &text).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    // Cuts the file short and writes it back whole, in place, over and
    // over: a reader that mapped it whole finds its end gone.
    let writer = {
        let (file, stop) = (file.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
            let mut round = 0u64;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                std::thread::sleep(Duration::from_millis(3 + round % 17));
                f.set_len(1 << 20).unwrap();
                std::thread::sleep(Duration::from_millis(2));
                std::os::unix::fs::FileExt::write_all_at(&f, &text, 0).unwrap();
            }
        })
    };
    let start = Instant::now();
    let mut codes = Vec::new();
    while codes.len() < 40 && start.elapsed() < Duration::from_secs(40) {
        let out = support::run::command()
            .args(["--check", file.to_str().unwrap()])
            .stdin(Stdio::null())
            .output()
            .expect("tlx runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.signal(),
            None,
            "tlx was killed by a signal; stderr: {stderr}"
        );
        codes.push((out.status.code(), stderr.lines().next().map(str::to_owned)));
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{:?}: {stderr}",
            out.status
        );
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    eprintln!("exit codes: {codes:?}");
    assert!(!codes.is_empty());
}
