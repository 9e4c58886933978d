//! The loading screen, in a real pseudo-terminal: a timeline that takes a
//! while to arrive shows what is read and how much, and Ctrl-C cancels.
//!
//! The timeline comes through a named pipe that the test fills at its own
//! pace, so the load is slow for certain, whatever the machine's speed.

#[allow(dead_code)]
mod support {
    pub mod pty;
}

use std::io::Write;
use std::path::{Path, PathBuf};

use support::pty::{Session, path};

/// A named pipe in `dir`.
fn fifo(dir: &Path) -> PathBuf {
    let fifo = dir.join("slow.json");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .stdin(std::process::Stdio::null())
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    fifo
}

/// Our own small timeline of `n` events, as one native document.
fn timeline(n: usize) -> String {
    let events: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "e{i}", "date": "20{:02}-03-01", "title": "Slow event {i}"}}"#,
                i % 30
            )
        })
        .collect();
    format!(r#"{{"title": "Slow", "events": [{}]}}"#, events.join(",\n"))
}

#[test]
fn a_slow_load_shows_the_loading_screen_then_the_explorer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path());
    let text = timeline(40);
    let (head, tail) = text.split_at(text.len() / 2);
    let (head, tail) = (head.to_owned(), tail.to_owned());
    let writer_path = fifo.clone();
    let (go_tx, go) = std::sync::mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        pipe.write_all(head.as_bytes()).unwrap();
        pipe.flush().unwrap();
        go.recv().unwrap();
        pipe.write_all(tail.as_bytes()).unwrap();
    });
    let mut s = Session::start(&["--format", "id", path(&fifo)], 80, 24);
    s.wait_ui("Loading");
    s.wait_text("Ctrl-C cancels");
    // A pipe's size is unknown: the bytes read so far, no percentage.
    s.wait_text(" read");
    go_tx.send(()).unwrap();
    writer.join().unwrap();
    s.wait_ui("40/40");
    assert!(!s.screen_text().contains("Loading"));
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), "e0\n");
    s.assert_terminal_restored();
}

#[test]
fn ctrl_c_cancels_a_slow_load_with_130() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path());
    let writer_path = fifo.clone();
    let (done_tx, done) = std::sync::mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        pipe.write_all(b"{\"events\": [").unwrap();
        pipe.flush().unwrap();
        // Held open until tlx is gone: the load never ends by itself.
        let _ = done.recv();
    });
    let mut s = Session::start(&[path(&fifo)], 80, 24);
    s.wait_ui("Ctrl-C cancels");
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);
    assert_eq!(s.stdout(), "");
    s.assert_terminal_restored();
    done_tx.send(()).unwrap();
    writer.join().unwrap();
}
