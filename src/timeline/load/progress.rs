//! How far loading has got, read by another thread to draw a progress bar.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Bytes read past so far, counted by the loader as it goes.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of the inputs already finished.
    finished: AtomicU64,
    /// Bytes of the current input read past.
    within: AtomicU64,
    /// Set once every input is read, while the events are indexed and sorted.
    sorting: AtomicBool,
}

impl Progress {
    /// Bytes read past in all inputs.
    pub fn bytes(&self) -> u64 {
        self.finished.load(Ordering::Relaxed) + self.within.load(Ordering::Relaxed)
    }

    /// True once every input is read and the events are being sorted.
    pub fn sorting(&self) -> bool {
        self.sorting.load(Ordering::Relaxed)
    }

    /// The reader of one thread got to `offset` in the current input.
    pub(super) fn reached(&self, offset: usize) {
        // The largest wins: a second pass (the ordinary reader after the
        // parallel one gave up) must not move the bar back.
        self.within.fetch_max(offset as u64, Ordering::Relaxed);
    }

    /// One of several threads read `bytes` more of the current input.
    pub(super) fn advanced(&self, bytes: usize) {
        self.within.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// The current input, `len` bytes, is read.
    pub(super) fn input_done(&self, len: usize) {
        self.finished.fetch_add(len as u64, Ordering::Relaxed);
        self.within.store(0, Ordering::Relaxed);
    }

    /// Every input is read; what is left is sorting.
    pub(super) fn sorting_started(&self) {
        self.sorting.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_inputs_done_and_the_current_one_without_going_back() {
        let p = Progress::default();
        p.reached(100);
        p.reached(40);
        assert_eq!(p.bytes(), 100);
        p.input_done(150);
        assert_eq!(p.bytes(), 150);
        p.advanced(10);
        p.advanced(5);
        assert_eq!(p.bytes(), 165);
        assert!(!p.sorting());
        p.sorting_started();
        assert!(p.sorting());
    }
}
