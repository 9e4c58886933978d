//! Loading before the explorer: the files are read on a thread, and when
//! that takes a while a progress bar is drawn on the terminal, where
//! Ctrl-C cancels.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::term::{Tty, Wait};
use crate::timeline::{
    FileSummary, Input, LoadError, LoadOptions, Progress, Timeline, load_inputs_with,
};
use crate::ui::Theme;
use crate::ui::loading::{Loading, render};

/// A load quicker than this shows no loading screen (no flash).
const QUIET: Duration = Duration::from_millis(100);

/// How often the bar moves.
const FRAME: Duration = Duration::from_millis(50);

/// What loading gives: the timeline and what each file said, or the error.
pub type Loaded = Result<(Timeline, Vec<FileSummary>), LoadError>;

/// Loads `inputs` as [`load_inputs_with`] does, drawing a progress bar on
/// the terminal in `theme` once the load has taken [`QUIET`]; `None`
/// when the user cancelled (Ctrl-C, Esc, SIGTERM or SIGHUP, the terminal gone).
pub fn load_showing_progress(
    inputs: &[Input],
    options: &LoadOptions,
    theme: &Theme,
) -> Option<Loaded> {
    let progress = Arc::new(Progress::default());
    let options = LoadOptions {
        progress: Some(Arc::clone(&progress)),
        ..options.clone()
    };
    let (done_tx, done) = mpsc::channel();
    let owned = inputs.to_vec();
    // Not scoped: on Ctrl-C the process leaves without waiting for it.
    std::thread::spawn(move || {
        let _ = done_tx.send(load_inputs_with(&owned, &options));
    });
    match done.recv_timeout(QUIET) {
        Ok(result) => return Some(result),
        Err(mpsc::RecvTimeoutError::Disconnected) => unreachable_load(),
        Err(mpsc::RecvTimeoutError::Timeout) => {}
    }
    // No terminal: wait; the explorer then says plainly that it needs one.
    let Ok(mut tty) = Tty::open() else {
        return Some(done.recv().unwrap_or_else(|_| unreachable_load()));
    };
    let what = describe(inputs);
    let total = total_bytes(inputs);
    // crossterm installs its resize handler on the first poll.
    let _ = event::poll(Duration::ZERO);
    loop {
        let view = Loading {
            what: &what,
            bytes: progress.bytes(),
            total,
            sorting: progress.sorting(),
        };
        if tty.draw(|frame| render(&view, theme, frame)).is_err() {
            return None;
        }
        match done.recv_timeout(Duration::ZERO) {
            Ok(result) => return Some(result),
            Err(mpsc::RecvTimeoutError::Disconnected) => unreachable_load(),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if Tty::stop_requested() {
            return None;
        }
        match tty.wait(FRAME) {
            Wait::HungUp => return None,
            Wait::Input if cancelled() => return None,
            _ => {}
        }
    }
}

/// Reads the pending terminal events; true when one of them cancels.
fn cancelled() -> bool {
    while let Ok(true) = event::poll(Duration::ZERO) {
        match event::read() {
            Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                let ctrl_c =
                    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
                if ctrl_c || key.code == KeyCode::Esc {
                    return true;
                }
            }
            Ok(_) => {}
            Err(_) => return true,
        }
    }
    false
}

/// The loader thread ended without an answer: it panicked, and the panic
/// was already reported; end as a panic would.
fn unreachable_load() -> ! {
    std::process::exit(2)
}

/// The inputs' names, as the screen titles them.
fn describe(inputs: &[Input]) -> String {
    match inputs {
        [one] => one.name(),
        many => format!("{} files", many.len()),
    }
}

/// The inputs' sizes added up, when every one is a file that says its size.
fn total_bytes(inputs: &[Input]) -> Option<u64> {
    inputs
        .iter()
        .map(|input| match input {
            Input::Path(path) => std::fs::metadata(path)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len()),
            Input::Embedded => Some(crate::timeline::EMBEDDED.len() as u64),
            Input::Stdin => None,
        })
        .sum()
}
