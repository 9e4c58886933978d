//! Reading one large native document on several threads.
//!
//! The calling thread finds the elements of the `events` array with a scan
//! that only tracks strings and braces, and hands their places in the text
//! on; worker threads read those elements into events with serde_json, a
//! batch at a time, batches dealt round-robin. The rest of the document is
//! read as usual with the array left out. The scan checks only what lies
//! between elements; each element, and the rest, is checked by serde_json,
//! so together they check the whole text. Anything unusual (a syntax error,
//! a bad event, TimelineJS vocabulary, a duplicate id) gives up on the spot
//! and returns `None`: the caller then reads the file the ordinary way,
//! which says precisely what is wrong and where. Only success takes this
//! path.

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

/// Reads `text` on all cores; `None` when it must be read the ordinary way
/// (including when it is not all UTF-8).
pub(super) fn read_document(text: &[u8], release: Release<'_>) -> Option<Parts> {
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
        let events = scan_document(text, &dispatch);
        let rest = pending.take();
        if !rest.is_empty() {
            send(rest);
        }
        senders.borrow_mut().clear();
        // The rest of the document, with an empty array in the events' place.
        let head = events
            .map(|at| [&text[..at.start], b"[]", &text[at.end..]].concat())
            .and_then(|head| String::from_utf8(head).ok());
        let mut scratch = Builder::default();
        let mut ctx = FileCtx::new(&mut scratch, head.as_deref().unwrap_or("").as_bytes(), None);
        let read = head.as_deref().is_some_and(|head| {
            let mut de = serde_json::Deserializer::from_str(head);
            DocSeed { ctx: &mut ctx }
                .deserialize(&mut de)
                .and_then(|()| de.end())
                .is_ok()
        });
        let workers: Option<Vec<(Names, Vec<Event>)>> = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        // Events read with the rest came from an array the scan did not see
        // (a key spelt with escapes): the ordinary reader is needed.
        if !read || ctx.tljs || refused.get() || !ctx.builder.timeline.events.is_empty() {
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
    text: &[u8],
    batches: mpsc::Receiver<Batch>,
    expected: usize,
) -> Option<(Names, Vec<Event>)> {
    let mut builder = Builder {
        // `absorb` checks every id against all the others.
        ids_checked_later: true,
        ..Builder::default()
    };
    // Room reserved up front: growing the list would copy it.
    builder.timeline.events.reserve(expected);
    let mut ok = true;
    for batch in batches {
        if !ok {
            continue;
        }
        let mut ctx = FileCtx::new(&mut builder, text, None);
        for range in batch {
            // The scan vouches for nothing inside an element, UTF-8 included.
            let Ok(element) = std::str::from_utf8(&text[range]) else {
                ok = false;
                break;
            };
            let mut de = serde_json::Deserializer::from_str(element);
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

/// Finds the top-level `events` array of a JSON object, handing the extent
/// of each of its elements to `dispatch`; the array's extent, or `None`
/// when the text is not an object with an array of objects under `events`
/// as far as this scan can tell. Valid JSON is read right; invalid JSON
/// is either refused here or refused by serde_json reading the pieces.
fn scan_document(text: &[u8], dispatch: &dyn Fn(Range<usize>)) -> Option<Range<usize>> {
    let mut s = Scan { text, pos: 0 };
    s.expect(b'{')?;
    let mut events = None;
    loop {
        s.skip_space();
        let key_start = s.pos;
        s.string()?;
        let key = &text[key_start..s.pos];
        s.expect(b':')?;
        s.skip_space();
        if key == b"\"events\"" && events.is_none() {
            let start = s.pos;
            s.elements(dispatch)?;
            events = Some(start..s.pos);
        } else {
            // A repeated `events` stays in the rest, where serde_json
            // refuses it as a duplicate member.
            s.value()?;
        }
        match s.next()? {
            b',' => continue,
            b'}' => break,
            _ => return None,
        }
    }
    s.skip_space();
    (s.pos == text.len()).then_some(events?)
}

/// A position in JSON text, moved on by trusting its structure.
struct Scan<'t> {
    text: &'t [u8],
    pos: usize,
}

impl Scan<'_> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.text.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after any space, consumed.
    fn next(&mut self) -> Option<u8> {
        self.skip_space();
        let b = *self.text.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, want: u8) -> Option<()> {
        (self.next()? == want).then_some(())
    }

    /// Past the string starting here.
    fn string(&mut self) -> Option<()> {
        if self.text.get(self.pos) != Some(&b'"') {
            return None;
        }
        self.pos += 1;
        loop {
            self.pos += memchr::memchr2(b'"', b'\\', self.text.get(self.pos..)?)?;
            if self.text[self.pos] == b'"' {
                self.pos += 1;
                return Some(());
            }
            // A backslash and the character it escapes.
            self.pos += 2;
        }
    }

    /// Past the object or array starting here, counting only brackets
    /// outside strings: in valid JSON they pair up.
    fn nested(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            let b = *self.text.get(self.pos)?;
            match b {
                b'"' => {
                    self.string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return Some(());
                    }
                }
                _ => {}
            }
            self.pos += 1;
            // Runs of anything else (numbers, punctuation, space) at once.
            let rest = &self.text[self.pos..];
            let skip = rest
                .iter()
                .position(|b| matches!(b, b'"' | b'{' | b'[' | b'}' | b']'))?;
            self.pos += skip;
        }
    }

    /// Past the value starting here.
    fn value(&mut self) -> Option<()> {
        match *self.text.get(self.pos)? {
            b'"' => self.string(),
            b'{' | b'[' => self.nested(),
            _ => {
                // A number, `true`, `false` or `null`: up to what ends it.
                let rest = &self.text[self.pos..];
                let len = rest
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                    .unwrap_or(rest.len());
                self.pos += len;
                (len > 0).then_some(())
            }
        }
    }

    /// Past the array of objects starting here, handing on each object.
    fn elements(&mut self, dispatch: &dyn Fn(Range<usize>)) -> Option<()> {
        self.expect(b'[')?;
        self.skip_space();
        if self.text.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.skip_space();
            if self.text.get(self.pos) != Some(&b'{') {
                return None;
            }
            let start = self.pos;
            self.nested()?;
            dispatch(start..self.pos);
            match self.next()? {
                b',' => continue,
                b']' => return Some(()),
                _ => return None,
            }
        }
    }
}
