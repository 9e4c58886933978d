//! Reading one large native document on several threads.
//!
//! The calling thread reads the document as usual, except that each element
//! of its `events` array is only checked as JSON and its place in the text
//! handed on; worker threads read those elements into events, a batch at a
//! time, batches dealt round-robin. Anything unusual (a syntax error, a bad
//! event, TimelineJS vocabulary, a duplicate id) gives up on the spot and
//! returns `None`: the caller then reads the file the ordinary way, which
//! says precisely what is wrong and where. Only success takes this path.

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::sync::mpsc;

use serde::de::DeserializeSeed;

use super::{Builder, DocSeed, EventSeed, FileCtx, Release};
use crate::timeline::{Event, Names};

/// Documents from this size up are read on several threads.
pub(super) const FROM_BYTES: usize = 32 << 20;
/// Elements handed to a worker at a time.
const BATCH: usize = 1024;
/// Pages are let go this far behind the scan, as workers still read there
/// (a page let go too early is read again from the file, never lost).
const RELEASE_LAG: usize = 16 << 20;

/// A document read in parallel, not yet merged into a timeline.
pub(super) struct Parts {
    pub title: Option<String>,
    pub description: Option<String>,
    pub extra: Option<Box<str>>,
    /// Each worker's facet names and events, its batches in order.
    pub workers: Vec<(Names, Vec<Event>)>,
    /// Batch sizes in file order; batch `b` came from worker `b % workers`.
    pub batches: Vec<usize>,
}

type Batch = Vec<Range<usize>>;

/// Reads `text` on all cores; `None` when it must be read the ordinary way.
pub(super) fn read_document(text: &str, release: Release<'_>) -> Option<Parts> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 {
        return None;
    }
    std::thread::scope(|scope| {
        let mut senders = Vec::with_capacity(threads);
        let mut handles = Vec::with_capacity(threads);
        let expected = text.len() / super::ESTIMATED_EVENT_BYTES;
        for worker in 0..threads {
            let (sender, receiver) = mpsc::sync_channel::<Batch>(4);
            senders.push(sender);
            // The first worker's list becomes the timeline's, the others'
            // are appended to it: it gets room for all (unused room costs
            // address space, not memory).
            let room = if worker == 0 {
                expected
            } else {
                expected / threads
            };
            handles.push(scope.spawn(move || work(text, receiver, room)));
        }
        // Cleared once the scan ends, which tells the workers to finish.
        let senders = RefCell::new(senders);
        let batches = RefCell::new(Vec::new());
        let pending = RefCell::new(Vec::with_capacity(BATCH));
        let refused = Cell::new(false);
        let send = |batch: Batch| {
            let mut sizes = batches.borrow_mut();
            let worker = sizes.len() % threads;
            sizes.push(batch.len());
            // A worker only hangs up after a failure, which spoils the read.
            if senders.borrow()[worker].send(batch).is_err() {
                refused.set(true);
            }
        };
        let dispatch = |range: Range<usize>| {
            if let Some(release) = release {
                release(range.start.saturating_sub(RELEASE_LAG));
            }
            let mut batch = pending.borrow_mut();
            batch.push(range);
            if batch.len() == BATCH {
                send(std::mem::replace(&mut *batch, Vec::with_capacity(BATCH)));
            }
        };
        let mut scratch = Builder::default();
        let mut ctx = FileCtx::new(&mut scratch, text.as_bytes(), None);
        ctx.dispatch = Some(&dispatch);
        let mut de = serde_json::Deserializer::from_str(text);
        let scanned = DocSeed { ctx: &mut ctx }
            .deserialize(&mut de)
            .and_then(|()| de.end())
            .is_ok();
        let rest = pending.take();
        if !rest.is_empty() {
            send(rest);
        }
        senders.borrow_mut().clear();
        let workers: Option<Vec<(Names, Vec<Event>)>> = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        if !scanned || ctx.tljs || refused.get() {
            return None;
        }
        Some(Parts {
            title: ctx.doc_title.take(),
            description: ctx.doc_description.take(),
            extra: ctx.doc_extra.take(),
            workers: workers?,
            batches: batches.take(),
        })
    })
}

/// One worker: reads the elements of each batch it is sent into events.
/// `None` at the first element that is not a plain native event; it keeps
/// draining its batches so the scan never waits on it.
fn work(
    text: &str,
    batches: mpsc::Receiver<Batch>,
    expected: usize,
) -> Option<(Names, Vec<Event>)> {
    let mut builder = Builder::default();
    // Room reserved up front: growing the list would copy it.
    builder.timeline.events.reserve(expected);
    let mut ok = true;
    for batch in batches {
        if !ok {
            continue;
        }
        let mut ctx = FileCtx::new(&mut builder, text.as_bytes(), None);
        for range in batch {
            let mut de = serde_json::Deserializer::from_str(&text[range]);
            let read = EventSeed {
                ctx: &mut ctx,
                number: 0,
            }
            .deserialize(&mut de)
            .and_then(|()| de.end());
            if read.is_err() || ctx.tljs {
                ok = false;
                break;
            }
        }
    }
    ok.then_some((builder.timeline.names, builder.timeline.events))
}
