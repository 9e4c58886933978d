//! Reading one large native document on several threads.
//!
//! The `events` array is cut into one stretch per thread at guessed element
//! boundaries (`}`, `,`, `{` with only space between). Each thread reads
//! the elements of its stretch into events with serde_json, straight from
//! the text (its UTF-8 checked a stretch ahead), each element's end being
//! where serde_json stopped; the stretches, in order, give the events in
//! file order, and each thread sorts its own by date for `Builder::absorb`
//! to merge. A guess is proven right when the
//! thread before arrives exactly there between elements. The rest of the
//! document is read as usual with the array left out. The threads check
//! only the commas between elements themselves; serde_json checks each
//! element and the rest, so together they check the whole text.
//!
//! Memory follows what is read, never the file's size: nothing is reserved
//! ahead of the events read, and garbage is looked for before any work.
//! The document must end with the root's `}` (space aside), so NUL bytes
//! after it (a sparse or preallocated file) or anything else there hands
//! over at once; the scans refuse a NUL byte wherever they meet one; the
//! copy of what surrounds the array is made only once the scan has found
//! it shaped like JSON members up to the root's end, and never holds the
//! space after the root, which is checked going forward, its pages let go.
//! Anything unusual (a wrong guess,
//! a syntax error, a bad event or a warning, TimelineJS vocabulary, a
//! duplicate id) gives up and returns `None`: the caller then reads the
//! file the ordinary way, which says precisely what is wrong and where.
//! Only success takes this path.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeSeed;

use super::builder::{Builder, sort_by_date};
use super::context::FileCtx;
use super::native::{DocSeed, EventSeed};
use crate::json_text;
use crate::timeline::{Event, Names};

/// Documents from this size up are read on several threads.
pub(super) const FROM_BYTES: usize = 32 << 20;
/// Pages are let go in steps of this many bytes behind each thread.
const RELEASE_STEP: usize = 8 << 20;
/// How far past a guessed place a boundary between elements is looked
/// for: an element longer than this costs its stretch a thread, not a scan
/// of the rest of the file.
const BOUNDARY_REACH: usize = 16 << 20;

/// Told that a range of the text will not be read again (by this path).
pub(super) type ReleaseRange<'r> = Option<&'r (dyn Fn(Range<usize>) + Sync)>;

/// A document read in parallel, not yet merged into a timeline.
pub(super) struct Parts {
    pub title: Option<String>,
    pub description: Option<String>,
    pub extra: Option<Box<str>>,
    /// The document's `aliases`.
    pub aliases: Vec<(String, Vec<String>)>,
    /// Each thread's facet names and events, in file order, each
    /// thread's sorted by date.
    pub workers: Vec<(Names, Vec<Event>)>,
}

/// Reads `text` on `threads` threads; `None` when it must be read the
/// ordinary way (including when it is not all UTF-8, or `threads` is 1).
pub(super) fn read_document(
    text: &[u8],
    threads: usize,
    release: ReleaseRange<'_>,
) -> Option<Parts> {
    if threads < 2 {
        return None;
    }
    // Garbage first: a document that does not end as one is not for this
    // reader, whatever comes before.
    let end = document_end(text)?;
    let text = &text[..end];
    let array_start = find_events_array(text)?;
    let mut s = Scan {
        text,
        pos: array_start + 1,
    };
    s.skip_space();
    let first = s.pos;
    if text.get(first) != Some(&b'{') {
        // Empty, or not objects: small or wrong, the ordinary reader's job.
        return None;
    }
    let mut starts = vec![first];
    for k in 1..threads {
        let guess = first + (text.len() - first) / threads * k;
        match next_boundary(text, guess.max(*starts.last()? + 1)) {
            Boundary::At(at) => starts.push(at),
            Boundary::Beyond => continue,
            Boundary::Garbage => return None,
        }
    }
    // Set by the first thread to give up: the others stop too.
    let failed = AtomicBool::new(false);
    let (workers, array_end) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..starts.len())
            .map(|k| {
                let stretch = starts[k]..starts.get(k + 1).copied().unwrap_or(text.len());
                let last = k + 1 == starts.len();
                // The first thread's list becomes the timeline's, the
                // others' are appended to it: it is sized for all.
                let span = if k == 0 {
                    text.len() - first
                } else {
                    stretch.len()
                };
                let failed = &failed;
                scope.spawn(move || {
                    let read = work(text, stretch, last, span, release, failed);
                    if read.is_none() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    read
                })
            })
            .collect();
        let mut workers = Vec::with_capacity(handles.len());
        let mut array_end = None;
        for handle in handles {
            let (names, events, end) = handle.join().ok()??;
            workers.push((names, events));
            array_end = end;
        }
        Some((workers, array_end?))
    })?;
    // What follows the array must look like members and the root's end
    // before it is copied.
    let mut tail = Scan {
        text,
        pos: array_end,
    };
    let root_end = tail.members_to_root_end()?;
    if !space_to_end(text, root_end, release) {
        return None;
    }
    // The rest of the document, with an empty array in the events' place.
    let head = [&text[..array_start], b"[]", &text[array_end..root_end]].concat();
    let head = String::from_utf8(head).ok()?;
    let mut scratch = Builder::default();
    let mut ctx = FileCtx::new(&mut scratch, head.as_bytes(), None);
    let mut de = serde_json::Deserializer::from_str(&head);
    DocSeed { ctx: &mut ctx }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .ok()?;
    // Events read with the rest came from an array the scan did not see
    // (a key spelt with escapes): the ordinary reader is needed.
    if ctx.tljs || !ctx.builder.timeline.events.is_empty() {
        return None;
    }
    Some(Parts {
        title: ctx.doc_title.take(),
        description: ctx.doc_description.take(),
        extra: ctx.doc_extra.take(),
        aliases: std::mem::take(&mut ctx.doc_aliases),
        workers,
    })
}

/// One thread: reads the elements from `stretch.start`, which must begin
/// one, until it arrives exactly at `stretch.end` after a comma or, when
/// `last`, at the array's closing bracket, whose end it returns.
fn work(
    text: &[u8],
    stretch: Range<usize>,
    last: bool,
    span: usize,
    release: ReleaseRange<'_>,
    failed: &AtomicBool,
) -> Option<(Names, Vec<Event>, Option<usize>)> {
    // The list grows with the events read: room reserved from the file's
    // size would be the size of whatever garbage follows a valid start.
    // Once a sixteenth of `span` is read, the events so far tell how many
    // the rest holds, and the list gets room for them at once (at most 16
    // times those read, and only address space until written) rather than
    // doubling, and copying itself, again and again.
    let mut builder = Builder::for_part();
    let mut sized = false;
    let mut ctx = FileCtx::new(&mut builder, text, None);
    let mut s = Scan {
        text,
        pos: stretch.start,
    };
    let mut released = stretch.start;
    // `text[checked_at..]` starts with `checked`, found to be UTF-8.
    let (mut checked, mut checked_at) = ("", stretch.start);
    loop {
        let start = s.pos;
        if text.get(start) != Some(&b'{') || failed.load(Ordering::Relaxed) {
            return None;
        }
        // One pass: serde_json reads the element from the text as it
        // stands and says where it ended, rather than a scan finding the
        // end first and serde reading the bytes again. The text's UTF-8 is
        // checked a stretch ahead, in one pass over many elements (serde
        // checking it string by string took longer than the scan saved).
        let mut ahead = CHECK_AHEAD;
        loop {
            let checked_end = checked_at + checked.len();
            if checked_end < text.len() && checked_end < start + ahead / 2 {
                checked = checked_from(text, start, ahead)?;
                checked_at = start;
            }
            let rest = checked.get(start - checked_at..)?;
            let mut de = serde_json::Deserializer::from_str(rest);
            let read = EventSeed {
                ctx: &mut ctx,
                number: 0,
            }
            .deserialize(&mut de);
            match read {
                Ok(()) => {
                    s.pos = start + next_after(rest.as_bytes(), de.end())?;
                    break;
                }
                // An element longer than what was checked: again, with
                // more checked. What the cut-short reading did is undone
                // by reading it whole (it pushed nothing; a warning it
                // gave, the whole gives too).
                Err(e) if e.is_eof() && checked_at + checked.len() < text.len() => {
                    ahead = ahead.saturating_mul(4);
                    checked = checked_from(text, start, ahead)?;
                    checked_at = start;
                }
                Err(_) => return None,
            }
        }
        // A warning (an event skipped or repaired) is for the ordinary
        // reader to give, in file order with the others.
        if ctx.tljs || !ctx.builder.warnings.is_empty() {
            return None;
        }
        let events = &mut ctx.builder.timeline.events;
        let read = s.pos - stretch.start;
        if !sized && events.len() == events.capacity() && read >= span / 16 {
            let expected = (events.len().saturating_mul(span) / read.max(1)).min(events.len() * 16);
            events.reserve_exact((expected + expected / 16).saturating_sub(events.len()));
            sized = true;
        }
        if let Some(release) = release
            && s.pos - released >= RELEASE_STEP
        {
            release(released..s.pos);
            released = s.pos;
        }
        match s.next()? {
            b',' => {
                s.skip_space();
                if s.pos == stretch.end && !last {
                    break;
                }
                if s.pos >= stretch.end {
                    // The next thread's guess fell inside an element.
                    return None;
                }
            }
            b']' if last => return Some(finish(builder, Some(s.pos))),
            _ => return None,
        }
    }
    Some(finish(builder, None))
}

/// A thread's names and events, the events sorted by date here, on the
/// thread, for `Builder::absorb` to merge.
fn finish(builder: Builder, end: Option<usize>) -> (Names, Vec<Event>, Option<usize>) {
    let mut events = builder.timeline.events;
    sort_by_date(&mut events);
    (builder.timeline.names, events, end)
}

/// How far ahead of an element the text's UTF-8 is checked at once.
const CHECK_AHEAD: usize = 1 << 20;

/// The longest stretch of `text` from `from`, at most `len` bytes, that is
/// UTF-8 (a character cut at its end left out); `None` when a byte in it
/// is not UTF-8.
fn checked_from(text: &[u8], from: usize, len: usize) -> Option<&str> {
    let bytes = text.get(from..text.len().min(from.saturating_add(len)))?;
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        Err(_) => None,
    }
}

/// Where the first byte that is not space lies after the value read from
/// the start of `rest`, from what the deserializer's `end` said: `Ok` at
/// the end of `rest`; otherwise its error, "trailing characters", is at
/// that byte, given as a 1-based line and a 1-based column in bytes (as
/// serde_json counts them for a slice). `None` for any other error.
fn next_after(rest: &[u8], end: serde_json::Result<()>) -> Option<usize> {
    let e = match end {
        Ok(()) => return Some(rest.len()),
        Err(e) => e,
    };
    if !e.is_syntax() {
        return None;
    }
    let line_start = match e.line() {
        0 => return None,
        1 => 0,
        n => memchr::memchr_iter(b'\n', rest).nth(n - 2)? + 1,
    };
    let at = line_start + e.column().checked_sub(1)?;
    // Checked: a position counted otherwise would stop at a wrong byte.
    rest.get(at)
        .is_some_and(|&b| !json_text::is_space(b))
        .then_some(at)
}

/// A document made of the start of `text` (a native document, perhaps
/// cut short): everything before its `events` array, the array's elements
/// up to the first that ends `budget` bytes or more into `text`, and `]}`
/// to close both. `None` when the array holds no object first, ends within
/// `budget` (the whole is as quick to read), or the elements do not end
/// within `text`. The walk tracks strings, so a `}, {` inside one is no
/// cut; what it trusts, serde_json checks when the prefix is read.
pub(super) fn prefix(text: &[u8], budget: usize) -> Option<Vec<u8>> {
    let array_start = find_events_array(text)?;
    let mut s = Scan {
        text,
        pos: array_start + 1,
    };
    loop {
        s.skip_space();
        if text.get(s.pos) != Some(&b'{') {
            return None;
        }
        s.nested()?;
        if s.pos >= budget {
            break;
        }
        if s.next()? != b',' {
            // The array's end, or not an array of objects.
            return None;
        }
    }
    Some([&text[..s.pos], b"]}"].concat())
}

/// The offset of the `[` of the top-level `events` array of a JSON object,
/// skipping the members before it on trust (serde_json checks them later).
fn find_events_array(text: &[u8]) -> Option<usize> {
    let mut s = Scan { text, pos: 0 };
    s.expect(b'{')?;
    loop {
        s.skip_space();
        let key_start = s.pos;
        s.string()?;
        let key = &text[key_start..s.pos];
        s.expect(b':')?;
        s.skip_space();
        if key == b"\"events\"" {
            return (text.get(s.pos) == Some(&b'[')).then_some(s.pos);
        }
        s.value()?;
        if s.next()? != b',' {
            return None;
        }
    }
}

/// Where a boundary between elements was looked for.
enum Boundary {
    /// The start of an element, as far as the bytes around it show.
    At(usize),
    /// None within reach (or before the end).
    Beyond,
    /// A NUL byte came first: binary data, the ordinary reader's to name.
    Garbage,
}

/// The first place from `from` on, within [`BOUNDARY_REACH`], that looks
/// like the start of an element after another: `{` preceded by `,` and `}`
/// with only space between. Text inside a string can look so too; the
/// thread before finds out.
fn next_boundary(text: &[u8], from: usize) -> Boundary {
    let reach = text.len().min(from.saturating_add(BOUNDARY_REACH));
    let mut at = from;
    loop {
        let Some(found) = text
            .get(at..reach)
            .and_then(|t| memchr::memchr2(b',', 0, t))
        else {
            return Boundary::Beyond;
        };
        at += found;
        if text[at] == 0 {
            return Boundary::Garbage;
        }
        let before = text[..at].iter().rev().find(|&&b| !json_text::is_space(b));
        let after = text[at + 1..].iter().position(|&b| !json_text::is_space(b));
        if before == Some(&b'}')
            && let Some(gap) = after
            && text[at + 1 + gap] == b'{'
        {
            return Boundary::At(at + 1 + gap);
        }
        at += 1;
    }
}

/// How far from the end the root's closing `}` is looked for before
/// reading: past that much space, the space is checked going forward.
const END_LOOK: usize = 64 << 10;

/// The end of the document in `text`, as far as its last [`END_LOOK`]
/// bytes show: just past the last byte that is not JSON space, when that is
/// the `}` closing a root object (`None` when it is anything else: NUL
/// bytes, garbage, a cut); the whole text when they are all space.
fn document_end(text: &[u8]) -> Option<usize> {
    let from = text.len().saturating_sub(END_LOOK);
    match text[from..].iter().rposition(|&b| !json_text::is_space(b)) {
        Some(i) => (text[from + i] == b'}').then_some(from + i + 1),
        None => Some(text.len()),
    }
}

/// Whether only JSON space follows `from`, letting its pages go as it is
/// passed: a file padded with a gigabyte of space costs no gigabyte.
fn space_to_end(text: &[u8], from: usize, release: ReleaseRange<'_>) -> bool {
    let mut at = from;
    while at < text.len() {
        let upto = text.len().min(at + RELEASE_STEP);
        if !text[at..upto].iter().all(|&b| json_text::is_space(b)) {
            return false;
        }
        if let Some(release) = release {
            release(at..upto);
        }
        at = upto;
    }
    true
}

/// A position in JSON text, moved on by trusting its structure. A NUL
/// byte, wherever met, stops it: no JSON holds one.
struct Scan<'t> {
    text: &'t [u8],
    pos: usize,
}

impl Scan<'_> {
    fn skip_space(&mut self) {
        while self
            .text
            .get(self.pos)
            .is_some_and(|&b| json_text::is_space(b))
        {
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
            self.pos += memchr::memchr3(b'"', b'\\', 0, self.text.get(self.pos..)?)?;
            match self.text[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                0 => return None,
                _ => {}
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
                .position(|b| matches!(b, b'"' | b'{' | b'[' | b'}' | b']' | 0))?;
            if rest[skip] == 0 {
                return None;
            }
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
                    .position(|&b| matches!(b, b',' | b'}' | b']' | 0) || json_text::is_space(b))
                    .unwrap_or(rest.len());
                self.pos += len;
                (len > 0 && rest.get(len) != Some(&0)).then_some(())
            }
        }
    }

    /// From just after the events array: past the members left and the
    /// root's `}`, whose end it returns.
    fn members_to_root_end(&mut self) -> Option<usize> {
        loop {
            match self.next()? {
                b'}' => return Some(self.pos),
                b',' => {
                    self.skip_space();
                    self.string()?;
                    self.expect(b':')?;
                    self.skip_space();
                    self.value()?;
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{Timeline, parse};

    /// Threads for the tests: given, not the machine's, so that they read
    /// in parallel on one core too.
    const THREADS: usize = 4;

    /// Reads `text` through the parallel path as the loader would for a
    /// large file; `None` where it hands over to the ordinary reader.
    fn parallel(text: &str) -> Option<Timeline> {
        let mut builder = Builder::default();
        let parts = read_document(text.as_bytes(), THREADS, None)?;
        builder.absorb("p.json", parts)?;
        Some(builder.finish())
    }

    /// The warnings of the ordinary reader, or its error.
    fn warnings(text: &str) -> Result<Vec<String>, String> {
        let mut builder = Builder::default();
        builder
            .add("p.json", text.as_bytes())
            .map(|s| s.warnings)
            .map_err(|e| e.to_string())
    }

    /// Events as comparable text: facet numbering differs between readers.
    fn described(t: &Timeline) -> Vec<String> {
        t.events
            .iter()
            .map(|e| {
                let facets: Vec<Vec<&str>> = crate::timeline::Facet::ALL
                    .iter()
                    .map(|&f| t.facet_names(e, f).collect())
                    .collect();
                format!("{e:?} {facets:?}")
            })
            .collect()
    }

    fn generated(n: usize, tail: &str) -> String {
        let events: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"id":"e{i}","date":"{}","title":"event {i}","companies":["C{}","D"],"topics":["t{}"],"sources":[{{"publisher":"p","x":[{i}]}}],"keep":{{"n":{i}}}}}"#,
                    1990 + i % 7,
                    i % 13,
                    i % 5
                )
            })
            .collect();
        format!(
            "{{\"description\":\"d\",\"events\":[\n{}\n]{tail}}}",
            events.join(",\n")
        )
    }

    #[test]
    fn parallel_reading_equals_ordinary_reading() {
        let text = generated(5000, r#","title":"after the events","other":[1,2]"#);
        let ordinary = parse("p.json", text.as_bytes()).unwrap();
        let par = parallel(&text).expect("read in parallel");
        assert_eq!(described(&par), described(&ordinary));
        assert_eq!(par.title, "after the events");
        assert_eq!(par.extra, ordinary.extra);
        assert_eq!(par.facet_values(crate::timeline::Facet::Company).len(), 14);
    }

    #[test]
    fn elements_over_several_lines_are_read_to_their_end() {
        // Pretty-printed: each element's end is found from a line and a
        // column past its first line.
        let compact = generated(3000, r#","title":"after""#);
        let value: serde_json::Value = serde_json::from_str(&compact).unwrap();
        let pretty = serde_json::to_string_pretty(&value)
            .unwrap()
            .replace("},\n", "}\n  \t,\r\n\n");
        let ordinary = parse("p.json", pretty.as_bytes()).unwrap();
        let par = parallel(&pretty).expect("read in parallel");
        assert_eq!(described(&par), described(&ordinary));
        assert_eq!(par.events.len(), 3000);
        // Elements longer than the UTF-8 checked ahead at once, full of
        // characters of several bytes that the checked stretch cuts.
        let long = generated(3000, "")
            .replacen(
                r#""title":"event 7""#,
                &format!(r#""title":"{}""#, "é€x".repeat(400_000)),
                1,
            )
            .replacen(
                r#""title":"event 9""#,
                &format!(r#""title":"{}""#, "€".repeat(900_000)),
                1,
            );
        let ordinary = parse("p.json", long.as_bytes()).unwrap();
        let par = parallel(&long).expect("read in parallel");
        assert_eq!(described(&par), described(&ordinary));
        assert_eq!(par.find("e9").unwrap().title().len(), 2_700_000);
        // Where the next byte lies, from what the deserializer says.
        let end = |text: &str| {
            let mut de = serde_json::Deserializer::from_slice(text.as_bytes());
            <serde::de::IgnoredAny as serde::Deserialize>::deserialize(&mut de).unwrap();
            next_after(text.as_bytes(), de.end())
        };
        assert_eq!(end(r#"{"a":1},{"#), Some(7));
        assert_eq!(end("{\"a\":\n[1,\n2]} \n\t ,"), Some(17));
        assert_eq!(end("{}  "), Some(4));
        assert_eq!(end("{}\n\n]"), Some(4));
    }

    #[test]
    fn events_read_in_parallel_know_their_file_and_keep_their_media() {
        let mut builder = Builder::default();
        let first = br#"{"events":[{"id":"x","date":"1980","title":"t"}]}"#;
        builder.add("first.json", first).unwrap();
        let media = r#""media":{"url":"m.jpg","caption":"c","z":1}"#;
        let text = generated(3000, "").replacen(r#""keep":{"n":0}"#, media, 1);
        let parts = read_document(text.as_bytes(), THREADS, None).expect("read in parallel");
        builder.absorb("p.json", parts).expect("taken in");
        let t = builder.finish();
        assert_eq!(t.files, ["first.json".into(), "p.json".into()]);
        assert_eq!(t.file_of(t.find("x").unwrap()), "first.json");
        let mut others = t.events.iter().filter(|e| e.id() != "x");
        assert!(others.clone().count() == 3000 && others.all(|e| t.file_of(e) == "p.json"));
        let m = t.find("e0").unwrap().media().expect("media");
        assert_eq!((m.url(), m.caption()), (Some("m.jpg"), Some("c")));
        assert_eq!(m.extra.as_deref(), Some(r#"{"z":1}"#));
    }

    #[test]
    fn parallel_reading_hands_over_anything_unusual() {
        // A duplicate id in different batches: nothing is taken in.
        let mut dup = generated(3000, "");
        dup = dup.replacen(r#""id":"e2999""#, r#""id":"e5""#, 1);
        assert!(parallel(&dup).is_none());
        let said = warnings(&dup).expect("read the ordinary way");
        assert_eq!(said.len(), 1);
        assert!(said[0].contains("duplicate id \"e5\""), "{said:?}");
        // A bad date, a syntax error, TimelineJS vocabulary.
        let bad = generated(3000, "").replacen(r#""date":"1990""#, r#""date":"1990-13""#, 1);
        assert!(parallel(&bad).is_none());
        let broken = generated(3000, "").replacen("},\n{", "}\n{", 1);
        assert!(parallel(&broken).is_none());
        let tljs = r#"{"events":[{"start_date":{"year":"2001"},"text":{"headline":"h"}}]}"#;
        assert!(parallel(tljs).is_none());
        // What the scan between elements must refuse itself.
        for (from, to) in [("},\n{", "},,\n{"), ("\n]", ",\n]")] {
            let odd = generated(3000, "").replacen(from, to, 1);
            assert!(parallel(&odd).is_none(), "{from:?} → {to:?}");
            assert!(
                parse("p.json", odd.as_bytes()).is_err(),
                "{from:?} → {to:?}"
            );
        }
        // An element that is not an event is one event's problem.
        let odd = generated(3000, "").replacen("[\n{", "[\n1,{", 1);
        assert!(parallel(&odd).is_none());
        assert_eq!(warnings(&odd).map(|w| w.len()), Ok(1));
        // Bytes that are not UTF-8 in an element or in the rest, and a NUL
        // between elements: the ordinary reader names them.
        let bytes = |text: String, from: &str, to: &[u8]| {
            let at = text.find(from).unwrap() + from.len();
            let mut b = text.into_bytes();
            b.splice(at..at, to.iter().copied());
            b
        };
        for odd in [
            bytes(generated(3000, ""), r#""title":"event 2"#, b"\xC3("),
            bytes(generated(3000, r#","z":"x""#), r#""z":"x"#, b"\xFF"),
            bytes(generated(3000, ""), "},", b"\0"),
        ] {
            let mut builder = Builder::default();
            assert!(read_document(&odd, THREADS, None).is_none());
            let err = builder.add("p.json", &odd).unwrap_err().to_string();
            assert!(err.contains("not UTF-8") || err.contains("NUL"), "{err}");
        }
        // Titles that look like a boundary between elements: a guess falls
        // inside one, and the ordinary reader reads the file as it is.
        let lookalike = generated(3000, "")
            .replace(r#""title":"event"#, r#""title":"} , {event"#)
            .replace(r#""keep":{"n":"#, r#""keep":{"s":"},{","n":"#);
        assert!(parallel(&lookalike).is_none());
        let t = parse("p.json", lookalike.as_bytes()).unwrap();
        assert_eq!(t.events.len(), 3000);
        // A second events array, or one under a key spelt with escapes.
        let twice = generated(3000, r#","events":[]"#);
        assert!(parallel(&twice).is_none());
        let escaped = generated(3000, "").replacen("\"events\"", "\"\\u0065vents\"", 1);
        assert!(parallel(&escaped).is_none());
        assert_eq!(
            parse("p.json", escaped.as_bytes()).unwrap().events.len(),
            3000
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            if std::env::var_os("CI").is_some() { 64 } else { 256 }
        ))]
        /// Documents made of pieces that look like JSON structure inside
        /// strings, odd spacing and a byte changed here or there: whatever
        /// the parallel reader accepts, the ordinary reader reads the same,
        /// what the ordinary reader refuses, it refuses too, and a document
        /// it is meant for, it reads.
        #[test]
        fn parallel_reading_never_differs_from_ordinary_reading(
            titles in proptest::collection::vec(
                proptest::string::string_regex(r#"([a-zé ,{}\[\]:]|\\"|\\\\|\\u00e9){0,12}"#).unwrap(),
                1..40,
            ),
            space in proptest::string::string_regex("[ \n\t]{0,3}").unwrap(),
            tail in proptest::string::string_regex(r#"(,"x":\[\{\},\{"y":"\}, \{"\}\])?"#).unwrap(),
            flip in proptest::option::of((0usize..4000, proptest::num::u8::ANY)),
            threads in 2usize..=4,
        ) {
            let events: Vec<String> = titles
                .iter()
                .enumerate()
                .map(|(i, t)| format!(
                    r#"{{"id":"e{i}","date":"{}","title":"t{t}","companies":["{t}"]}}"#,
                    1990 + i % 5
                ))
                .collect();
            let mut text = format!(
                "{{\"title\":\"d\",\"events\":[{space}{}{space}]{tail}}}",
                events.join(&format!("{space},{space}"))
            )
            .into_bytes();
            if let Some((at, byte)) = flip {
                let at = at % text.len();
                text[at] = byte;
            }
            let mut ob = Builder::default();
            let ordinary = ob.add("p.json", &text).map(|s| s.warnings);
            // Meant for the parallel reader: a document the ordinary reader
            // takes without a warning, in which only the boundaries between
            // elements look like boundaries (a guess that lands on a
            // lookalike must hand over).
            let meant = ordinary.as_ref().is_ok_and(Vec::is_empty)
                && lookalikes(&text) == titles.len() - 1;
            let ordinary = ordinary.map(|_| ob.finish());
            let mut builder = Builder::default();
            let par = read_document(&text, threads, None)
                .and_then(|parts| builder.absorb("p.json", parts))
                .map(|_| builder.finish());
            match (par, ordinary) {
                (Some(p), Ok(o)) => {
                    proptest::prop_assert_eq!(described(&p), described(&o));
                    proptest::prop_assert_eq!(p.title, o.title);
                    proptest::prop_assert_eq!(p.extra, o.extra);
                }
                (Some(_), Err(e)) => proptest::prop_assert!(false, "parallel accepted what the ordinary reader refused: {}", e),
                (None, _) => proptest::prop_assert!(!meant, "the parallel reader declined a document meant for it"),
            }
        }
    }

    /// Commas with `}` before and `{` after, space aside: where a guessed
    /// boundary can land.
    fn lookalikes(text: &[u8]) -> usize {
        let solid = |b: &&u8| !json_text::is_space(**b);
        (0..text.len())
            .filter(|&at| {
                text[at] == b','
                    && text[..at].iter().rev().find(solid) == Some(&b'}')
                    && text[at + 1..].iter().find(solid) == Some(&b'{')
            })
            .count()
    }

    #[test]
    fn a_prefix_ends_after_the_element_that_crosses_the_budget() {
        let text = generated(100, r#","title":"after""#);
        let cut = prefix(text.as_bytes(), text.len() / 3).expect("a prefix");
        let doc = std::str::from_utf8(&cut).unwrap();
        assert!(doc.ends_with("}]}"), "{doc}");
        let part = parse("p.json", &cut).unwrap();
        let whole = parse("p.json", text.as_bytes()).unwrap();
        let n = part.events.len();
        assert!(n > 10 && n < 60, "{n}");
        // The first events of the file, in file order: e0, e1, …
        let mut ids: Vec<&str> = part.events.iter().map(|e| e.id()).collect();
        ids.sort_by_key(|id| id[1..].parse::<usize>().unwrap());
        let first: Vec<String> = (0..n).map(|i| format!("e{i}")).collect();
        assert_eq!(ids, first);
        assert!(whole.events.len() == 100);
        // What follows the array is not read: the prefix is the events.
        assert_eq!(part.title, "");
    }

    #[test]
    fn a_prefix_never_cuts_inside_a_string() {
        // Titles full of what looks like a boundary between elements, long
        // enough that the budget falls inside one.
        let text = generated(200, "").replace(r#""title":"event"#, r#""title":"} , {]}\"{"#);
        for budget in (100..text.len() / 2).step_by(97) {
            let cut = prefix(text.as_bytes(), budget).expect("a prefix");
            let part = parse("p.json", &cut).expect("the prefix reads");
            assert!(
                part.events
                    .iter()
                    .all(|e| e.title().starts_with("} , {]}\"{"))
            );
            assert!(cut.len() - 2 >= budget);
        }
    }

    #[test]
    fn a_prefix_finds_an_events_array_that_is_not_first() {
        let text = format!(
            r#"{{"title":"t","x":{{"events":[1]}},"aliases":{{}},"events":[{}]}}"#,
            (0..50)
                .map(|i| format!(r#"{{"id":"e{i}","date":"2001","title":"T{i}"}}"#))
                .collect::<Vec<_>>()
                .join(",")
        );
        let cut = prefix(text.as_bytes(), text.len() / 2).expect("a prefix");
        let part = parse("p.json", &cut).unwrap();
        assert_eq!(part.title, "t");
        assert!(part.events.len() > 10 && part.events.len() < 50);
    }

    #[test]
    fn no_prefix_when_the_array_ends_within_the_budget_or_holds_no_objects() {
        let text = generated(20, "");
        assert!(prefix(text.as_bytes(), text.len()).is_none());
        assert!(prefix(br#"{"events":[]}"#, 1).is_none());
        assert!(prefix(br#"{"events":[1,2,3]}"#, 1).is_none());
        assert!(prefix(br#"[{"id":"a"}]"#, 1).is_none());
        // Cut short inside the element crossing the budget.
        let inside = text[..text.len() / 2].rfind("\"title\"").unwrap();
        let cut = &text.as_bytes()[..inside];
        assert!(prefix(cut, inside - 1).is_none());
        assert!(prefix(cut, inside / 2).is_some());
    }

    #[test]
    fn a_guess_inside_a_string_hands_over() {
        // Two events, the first long: the one guess of two threads falls
        // inside its title.
        let doc = |title: &str| {
            format!(
                r#"{{"events":[{{"id":"a","date":"2000","title":"{title}"}},{{"id":"b","date":"2001","title":"b"}}]}}"#
            )
        };
        let plain = doc(&"x".repeat(400));
        assert!(read_document(plain.as_bytes(), 2, None).is_some());
        assert!(read_document(plain.as_bytes(), 1, None).is_none());
        let lookalike = doc(&"}, {".repeat(100));
        assert!(read_document(lookalike.as_bytes(), 2, None).is_none());
        assert_eq!(
            parse("p.json", lookalike.as_bytes()).unwrap().events.len(),
            2
        );
    }

    #[test]
    fn the_scan_skips_brackets_and_quotes_inside_strings() {
        let tricky = r#""title":"a } ] { [ \" \\","#;
        let text = generated(3000, r#","x":{"y":["}\"]"]},"z":-1.5e3,"n":null"#)
            .replace(r#""title":"#, &format!("{tricky}\"t\":"));
        let ordinary = parse("p.json", text.as_bytes()).unwrap();
        let par = parallel(&text).expect("read in parallel");
        assert_eq!(described(&par), described(&ordinary));
        assert_eq!(par.extra, ordinary.extra);
    }
}
