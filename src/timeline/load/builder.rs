//! The timeline being built: events from every file, their ids checked
//! and made up where TimelineJS leaves them out, then sorted by date.

use std::hash::BuildHasher;

use super::{FileSummary, Format, parallel};
use crate::timeline::{Event, EventFields, PartialDate, Sym, Timeline};

/// Accumulates events from several files into one timeline.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) timeline: Timeline,
    /// Event indices by id: one `u32` an event rather than a copy of its id.
    ids: hashbrown::HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
    /// The files read so far, by name; each event has the index of its own
    /// (for messages about duplicates across files, and for the timeline).
    pub(super) files: Vec<String>,
    /// For a derived id taken already, the next suffix to try, so that a
    /// run of alike TimelineJS slides does not retry every earlier suffix.
    next_suffix: std::collections::HashMap<String, usize>,
    /// Ids are checked once all parts are in (a parallel read's workers
    /// each see only part of the file).
    ids_checked_later: bool,
    /// Events whose id tlx made up (TimelineJS slides without one), with
    /// the stem it was made from: an id a file gives explicitly takes
    /// precedence, and the made-up one moves to its next free suffix.
    pub(super) derived: std::collections::HashMap<u32, String>,
    /// Problems confined to one TimelineJS slide, skipped or repaired as
    /// TimelineJS does: `file:line:col: warning: …`, in file order.
    pub(super) warnings: Vec<String>,
}

impl Builder {
    /// A builder for part of a file, whose ids [`Builder::absorb`] checks
    /// against all the others.
    pub(super) fn for_part() -> Self {
        Builder {
            ids_checked_later: true,
            ..Builder::default()
        }
    }

    /// The timeline, its facets indexed and its events sorted by date.
    pub(super) fn finish(mut self) -> Timeline {
        // Facets first, in the order the events were read: sorted, their
        // facet lists lie all over memory.
        self.timeline.index_facets();
        // Stable: equal dates keep file order.
        sort_by_date(&mut self.timeline.events);
        self.timeline.files = self.files.into_iter().map(String::into_boxed_str).collect();
        self.timeline
    }

    /// The index of the event already using `id`.
    fn id_index(&self, id: &str) -> Option<usize> {
        let events = &self.timeline.events;
        self.ids
            .find(self.hasher.hash_one(id), |&i| events[i as usize].id() == id)
            .map(|&i| i as usize)
    }

    /// Registers the id of the event about to be pushed; on a clash, says
    /// where the first one was.
    pub(super) fn claim_id(&mut self, id: &str) -> Result<(), String> {
        if self.ids_checked_later {
            return Ok(());
        }
        let next = u32::try_from(self.timeline.events.len())
            .map_err(|_| "more than 4 billion events".to_string())?;
        match enter_id(&mut self.ids, &self.hasher, &self.timeline.events, id, next) {
            Ok(()) => Ok(()),
            Err(_) => Err(self.clash(id)),
        }
    }

    /// Says that `id` is taken already, and in which file when another.
    pub(super) fn clash(&self, id: &str) -> String {
        let first = self
            .id_index(id)
            .and_then(|index| self.timeline.events.get(index))
            .and_then(|e| self.files.get(usize::from(e.file)));
        match first {
            Some(f) if Some(f) != self.files.last() => {
                format!("duplicate id \"{id}\" (already used in {f})")
            }
            _ => format!("duplicate id \"{id}\""),
        }
    }

    /// Whether an event the file gave `id` explicitly uses it already (a
    /// made-up one would yield it instead).
    pub(super) fn id_given(&self, id: &str) -> bool {
        self.id_index(id)
            .is_some_and(|i| !self.derived.contains_key(&(i as u32)))
    }

    /// `stem`, or the first of `stem-2`, `stem-3`, … that no event uses.
    pub(super) fn free_id(&mut self, stem: &str) -> String {
        if self.id_index(stem).is_none() {
            return stem.to_string();
        }
        // Suffixes below the one remembered are all taken, and stay taken.
        let mut n = self.next_suffix.get(stem).copied().unwrap_or(2);
        let mut id = format!("{stem}-{n}");
        while self.id_index(&id).is_some() {
            n += 1;
            id = format!("{stem}-{n}");
        }
        self.next_suffix.insert(stem.to_string(), n + 1);
        id
    }

    /// Frees `id` for an event that gives it explicitly when an earlier
    /// event only had it made up for it: that one moves to the next free
    /// id from its stem.
    pub(super) fn yield_derived(&mut self, id: &str) -> Result<(), String> {
        // Most files have no made-up ids: no lookup for them.
        if self.derived.is_empty() {
            return Ok(());
        }
        let Some(index) = self.id_index(id) else {
            return Ok(());
        };
        let Some(stem) = self.derived.get(&(index as u32)).cloned() else {
            return Ok(());
        };
        // Chosen while `id` is still taken, so never `id` itself.
        let renamed = self.free_id(&stem);
        let old = &self.timeline.events[index];
        let mut moved = Event::new(EventFields {
            id: &renamed,
            ..old.fields()
        })?;
        moved.file = old.file;
        let hash = self.hasher.hash_one(id);
        if let Ok(entry) = self.ids.find_entry(hash, |&i| i as usize == index) {
            entry.remove();
        }
        self.timeline.events[index] = moved;
        // Free by construction, so this enters it.
        enter_id(
            &mut self.ids,
            &self.hasher,
            &self.timeline.events,
            &renamed,
            index as u32,
        )
        .map_err(|_| format!("duplicate id \"{renamed}\""))
    }

    /// Adds an event of the file read last.
    pub(super) fn push(&mut self, mut event: Event) {
        event.file = self.file_index();
        self.timeline.events.push(event);
    }

    /// The index of the file read last, as events keep it.
    fn file_index(&self) -> u16 {
        u16::try_from(self.files.len().saturating_sub(1)).unwrap_or(u16::MAX)
    }
}

/// Enters `id` in `ids` as that of event `index`, with one probe that finds
/// the free slot or a clash; on a clash enters nothing and gives the index
/// of the event that has `id` already.
fn enter_id(
    ids: &mut hashbrown::HashTable<u32>,
    hasher: &hashbrown::DefaultHashBuilder,
    events: &[Event],
    id: &str,
    index: u32,
) -> Result<(), usize> {
    enter_hashed(ids, hasher, events, hasher.hash_one(id), || id, index)
}

/// The hash of each event's id, computed on as many threads as the
/// machine runs at once (one for a short list).
fn hash_ids(events: &[Event], hasher: &hashbrown::DefaultHashBuilder) -> Vec<u64> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = events.len().div_ceil(threads.max(1)).max(64 << 10);
    let hash =
        |part: &[Event]| -> Vec<u64> { part.iter().map(|e| hasher.hash_one(e.id())).collect() };
    if per >= events.len() {
        return hash(events);
    }
    std::thread::scope(|scope| {
        let parts: Vec<_> = events
            .chunks(per)
            .map(|part| scope.spawn(move || hash(part)))
            .collect();
        let mut all = Vec::with_capacity(events.len());
        for part in parts {
            match part.join() {
                Ok(hashes) => all.extend(hashes),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// [`enter_id`] with the id's hash known: the id itself is read only to
/// compare it with an entry whose tag matches.
fn enter_hashed<'i>(
    ids: &mut hashbrown::HashTable<u32>,
    hasher: &hashbrown::DefaultHashBuilder,
    events: &[Event],
    hash: u64,
    id: impl Fn() -> &'i str,
    index: u32,
) -> Result<(), usize> {
    match ids.entry(
        hash,
        |&i| events[i as usize].id() == id(),
        |&i| hasher.hash_one(events[i as usize].id()),
    ) {
        hashbrown::hash_table::Entry::Occupied(first) => Err(*first.get() as usize),
        hashbrown::hash_table::Entry::Vacant(slot) => {
            slot.insert(index);
            Ok(())
        }
    }
}

/// What a builder held before a file was read, to go back to.
pub(super) struct Mark {
    events: usize,
    files: usize,
    warnings: usize,
    next_suffix: std::collections::HashMap<String, usize>,
}

impl Builder {
    /// Where the builder stands, for [`Builder::rollback`].
    pub(super) fn mark(&self) -> Mark {
        Mark {
            events: self.timeline.events.len(),
            files: self.files.len(),
            warnings: self.warnings.len(),
            next_suffix: self.next_suffix.clone(),
        }
    }

    /// Forgets what was added since `mark`: events, their ids, files and
    /// warnings. Facet names interned since stay, unused by any event.
    pub(super) fn rollback(&mut self, mark: Mark) {
        let before = mark.events;
        self.timeline.events.truncate(before);
        self.ids.retain(|i| (*i as usize) < before);
        self.derived.retain(|&i, _| (i as usize) < before);
        self.files.truncate(mark.files);
        self.warnings.truncate(mark.warnings);
        self.next_suffix = mark.next_suffix;
    }

    /// Takes in a document read by [`parallel::read_document`], its parts
    /// merged by date, facet names renumbered into this timeline's. `None`, changing
    /// nothing, when an id is used twice: the ordinary reader then says where.
    pub(super) fn absorb(&mut self, origin: &str, parts: parallel::Parts) -> Option<FileSummary> {
        let mark = self.mark();
        let before = mark.events;
        self.files.push(origin.to_string());
        let file = self.file_index();
        // Each thread's events come sorted by date: merged one into the
        // other, in file order among equal dates, they are this file's
        // events sorted, with no sort of the whole left to do on one core
        // and no second copy of the list held (see `merge_sorted`).
        let mut merged: Option<Vec<Event>> = None;
        for (names, mut events) in parts.workers {
            let map: Vec<Sym> = (0..names.len())
                .map(|i| self.timeline.names.intern(names.get(Sym(i as u32))))
                .collect();
            // The first part read into an empty table keeps its numbers.
            let same = map.iter().enumerate().all(|(i, s)| s.0 as usize == i);
            for event in &mut events {
                if !same {
                    event.remap_facets(|s| map[s.0 as usize]);
                }
                event.file = file;
            }
            match &mut merged {
                None => merged = Some(events),
                Some(list) => merge_sorted(list, events),
            }
        }
        let mut merged = merged.unwrap_or_default();
        if self.timeline.events.is_empty() && merged.capacity() > self.timeline.events.capacity() {
            // The merged list becomes the timeline's.
            self.timeline.events = merged;
        } else {
            let list = &mut self.timeline.events;
            list.reserve_exact(merged.len());
            list.append(&mut merged);
        }
        // Room for every id at once: growing would rehash a million of them.
        let (events, hasher) = (&self.timeline.events, &self.hasher);
        self.ids.reserve(events.len() - before, |&i| {
            hasher.hash_one(events[i as usize].id())
        });
        // The ids are hashed on every core (each hash reads an event's
        // text, a jump in memory); entering them stays on this one, and
        // reads an id again only where a slot's tag matches.
        let hashes = hash_ids(&events[before..], hasher);
        let ids = &mut self.ids;
        let unique = hashes.iter().enumerate().all(|(k, &hash)| {
            let index = before + k;
            u32::try_from(index).is_ok_and(|at| {
                let id = || events[index].id();
                enter_hashed(ids, hasher, events, hash, id, at).is_ok()
            })
        });
        if !unique {
            // Undo: the ordinary reader will name the duplicate.
            self.rollback(mark);
            return None;
        }
        self.timeline.add_aliases(parts.aliases);
        // The first file that says something of itself (a title, a
        // description or members tlx does not know).
        if self.timeline.title.is_empty()
            && self.timeline.description.is_empty()
            && self.timeline.extra.is_none()
            && (parts.title.is_some() || parts.description.is_some() || parts.extra.is_some())
        {
            self.timeline.title = parts.title.unwrap_or_default();
            self.timeline.description = parts.description.unwrap_or_default();
            self.timeline.extra = parts.extra;
        }
        Some(FileSummary {
            origin: origin.to_string(),
            format: Format::Native,
            events: self.timeline.events.len() - before,
            warnings: Vec::new(),
        })
    }
}

/// Sorts events by date, stably, moving each event once: sorting the
/// events themselves would need a buffer of half of them.
pub(super) fn sort_by_date(events: &mut [Event]) {
    if events.is_sorted_by_key(|e| e.date) {
        return;
    }
    // Keys with the position in their low bits: no jump into the events
    // per comparison, and the position breaks ties, so the unstable sort
    // keeps file order. Positions fit: ids are indexed by `u32`.
    let mut keyed: Vec<u128> = events
        .iter()
        .enumerate()
        .map(|(i, e)| e.date.order_key() | i as u128)
        .collect();
    keyed.sort_unstable();
    permute(events, &mut keyed);
}

/// Reorders `events` so position `i` holds the event now at the position
/// in the low 32 bits of `keyed[i]`, moving each event once: follow each
/// cycle of the permutation, marking positions done by writing their own
/// index in (no second list of positions beside the keys).
fn permute(events: &mut [Event], keyed: &mut [u128]) {
    let position = |key: u128| (key & u128::from(u32::MAX)) as usize;
    for start in 0..events.len() {
        let mut current = start;
        loop {
            let source = position(keyed[current]);
            keyed[current] = current as u128;
            if source == start || source == current {
                break;
            }
            events.swap(current, source);
            current = source;
        }
    }
}

/// Merges `later`, sorted by date, into `events`, sorted by date too:
/// stable, an event of `events` coming before one of `later` of the same
/// date, as in a stable sort of the two end to end. It works from the
/// back into the room after `events`, so each event moves once and no
/// third list is held; `later`'s memory is handed back as it empties.
pub(super) fn merge_sorted(events: &mut Vec<Event>, mut later: Vec<Event>) {
    let key = |e: &Event| e.date.order_key();
    match (events.last(), later.first()) {
        (_, None) => return,
        (Some(last), Some(first)) if key(last) > key(first) => {}
        // Already in order end to end (or nothing before): an append.
        _ => {
            events.append(&mut later);
            return;
        }
    }
    events.reserve_exact(later.len());
    let (na, nb) = (events.len(), later.len());
    let size = std::mem::size_of::<Event>().max(1);
    // Handed back in steps of this many of `later`'s events (about 2 MB).
    let step = (2 << 20) / size;
    // SAFETY: both lengths are set to 0 first, so a panic (none can come
    // from comparing keys) would leak events, never drop one twice. Every
    // event is read once from its slot (`i` and `j` only go down) and
    // written once to `out = i + j - 1`: taken from `events`, the slot
    // `i - 1` it leaves is below `out` (as `j >= 1`), and every slot from
    // `i` on is either moved out already or past the old end, in the room
    // reserved above; taken from `later`, it goes to another allocation.
    // So `events[..na + nb]` ends up holding each event exactly once, and
    // `later` holds none (its buffer is freed with length 0).
    unsafe {
        events.set_len(0);
        later.set_len(0);
        let a = events.as_mut_ptr();
        let b = later.as_ptr();
        let (mut i, mut j) = (na, nb);
        while j > 0 {
            let out = i + j - 1;
            if i > 0 && key(&*a.add(i - 1)) > key(&*b.add(j - 1)) {
                i -= 1;
                std::ptr::copy_nonoverlapping(a.add(i), a.add(out), 1);
            } else {
                j -= 1;
                std::ptr::copy_nonoverlapping(b.add(j), a.add(out), 1);
                if j % step == 0 {
                    release_spare(&later, j);
                }
            }
        }
        events.set_len(na + nb);
    }
}

/// Hands back to the kernel the whole pages of `list`'s buffer from
/// element `from` on, which hold nothing any more (moved out): a list
/// being emptied into another then never holds its memory beside it.
fn release_spare(list: &Vec<Event>, from: usize) {
    #[cfg(unix)]
    {
        const PAGE: usize = 4096;
        let size = std::mem::size_of::<Event>();
        let base = list.as_ptr() as usize;
        let start = (base + from * size).div_ceil(PAGE) * PAGE;
        let end = (base + list.capacity() * size) / PAGE * PAGE;
        if end > start {
            // SAFETY: the range lies inside the list's own buffer, past
            // every element it still holds (`from` and on were moved out
            // and its length is below `from`), so nothing reads those bytes
            // before writing them again; on private anonymous memory
            // `MADV_DONTNEED` only makes the pages read back as zeros.
            // The allocator keeps no bookkeeping inside a block this large.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (list, from);
}

/// Drops repeated values, keeping first occurrences in order.
pub(super) fn dedup(v: &mut Vec<Sym>) -> &[Sym] {
    if v.len() > 16 {
        // Looking back would be quadratic in a long list.
        let mut seen = std::collections::HashSet::with_capacity(v.len());
        v.retain(|s| seen.insert(*s));
        return v;
    }
    let mut i = 0;
    while i < v.len() {
        if v[..i].contains(&v[i]) {
            v.remove(i);
        } else {
            i += 1;
        }
    }
    v
}

/// The stem of a stable id for a TimelineJS slide without `unique_id`:
/// its date and the first words of its title.
pub(super) fn id_stem(era: bool, date: &PartialDate, title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    format!(
        "{}{}{}{}",
        if era { "era-" } else { "" },
        date,
        if slug.is_empty() { "" } else { "-" },
        slug
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::event::tests::bare;
    use crate::timeline::parse;

    #[test]
    fn each_event_knows_its_file_after_sorting() {
        let mut builder = Builder::default();
        let a = br#"[{"id":"a1","date":"2020","title":"t"},{"id":"a2","date":"1990","title":"t"}]"#;
        let b = br#"[{"id":"b1","date":"2000","title":"t"}]"#;
        builder.add("a.json", a).unwrap();
        builder.add("-", b).unwrap();
        let t = builder.finish();
        let files: Vec<(&str, &str)> = t.events.iter().map(|e| (e.id(), t.file_of(e))).collect();
        assert_eq!(files, [("a2", "a.json"), ("b1", "-"), ("a1", "a.json")]);
        // A duplicate across files names the file of the first.
        let mut builder = Builder::default();
        builder.add("a.json", a).unwrap();
        let clash = br#"[{"id":"a2","date":"2000","title":"t"}]"#;
        let warnings = builder.add("b.json", clash).unwrap().warnings;
        assert!(
            warnings[0].contains("duplicate id \"a2\" (already used in a.json)"),
            "{warnings:?}"
        );
    }

    /// Events with these years, their ids saying where each came from.
    fn dated(years: &[i64], tag: &str) -> Vec<Event> {
        years
            .iter()
            .enumerate()
            .map(|(i, &y)| bare(&format!("{tag}{i}"), PartialDate::year(y).unwrap(), None))
            .collect()
    }

    proptest::proptest! {
        /// Two lists sorted on their own and merged give what a stable sort
        /// of the two end to end gives, whatever their sizes and ties, past
        /// the size where the second list's memory is handed back too.
        #[test]
        fn merging_sorted_parts_equals_sorting_the_whole(
            a in proptest::collection::vec(1i64..40, 0..200),
            b in proptest::collection::vec(1i64..40, 0..200),
            long in proptest::bool::weighted(0.05),
        ) {
            let b: Vec<i64> = if long {
                b.iter().cycle().take(b.len() * 200).copied().collect()
            } else {
                b
            };
            let mut whole = dated(&a, "a");
            whole.extend(dated(&b, "b"));
            sort_by_date(&mut whole);
            let (mut first, mut second) = (dated(&a, "a"), dated(&b, "b"));
            sort_by_date(&mut first);
            sort_by_date(&mut second);
            merge_sorted(&mut first, second);
            let ids = |v: &[Event]| v.iter().map(|e| e.id().to_string()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(ids(&first), ids(&whole));
        }
    }

    #[test]
    fn sorting_is_stable_and_by_date() {
        let text = r#"{"events":[
            {"id":"d","date":"2020-05","title":"t"}, {"id":"a","date":"2019","title":"t"},
            {"id":"e","date":"2020","title":"t"}, {"id":"b","date":"2019","title":"t"},
            {"id":"f","date":"2018-12-31","title":"t"}, {"id":"c","date":"2019-01","title":"t"}]}"#;
        let t = parse("s.json", text.as_bytes()).unwrap();
        let ids: Vec<&str> = t.events.iter().map(Event::id).collect();
        assert_eq!(ids, ["f", "a", "b", "c", "e", "d"]);
    }

    #[test]
    fn an_id_given_in_the_file_takes_precedence_over_a_made_up_one() {
        let slide = |year: &str, headline: &str, id: Option<&str>| {
            let id = id
                .map(|i| format!(r#","unique_id":"{i}""#))
                .unwrap_or_default();
            format!(
                r#"{{"start_date":{{"year":"{year}"}},"text":{{"headline":"{headline}"}}{id}}}"#
            )
        };
        let ids = |slides: &[String]| -> Result<Vec<String>, String> {
            let text = format!(r#"{{"events":[{}]}}"#, slides.join(","));
            let t = parse("t.json", text.as_bytes()).map_err(|e| e.to_string())?;
            Ok(t.events.iter().map(|e| e.id().to_string()).collect())
        };
        // Made up first, then given: the made-up one moves aside.
        assert_eq!(
            ids(&[
                slide("2019", "Launch", None),
                slide("2020", "Other", Some("2019-launch"))
            ]),
            Ok(vec!["2019-launch-2".to_string(), "2019-launch".to_string()])
        );
        // The same for a made-up id with a suffix, and given first.
        assert_eq!(
            ids(&[
                slide("2019", "Launch", None),
                slide("2019", "Launch", None),
                slide("2020", "Other", Some("2019-launch-2")),
                slide("2021", "More", Some("2019-launch-4")),
                slide("2019", "Launch", None),
            ]),
            Ok([
                "2019-launch",
                "2019-launch-3",
                "2019-launch-5",
                "2019-launch-2",
                "2019-launch-4"
            ]
            .map(String::from)
            .to_vec())
        );
        // Two given ids: the second is renamed, as TimelineJS does (a warning).
        let twice = ids(&[slide("2019", "A", Some("x")), slide("2020", "B", Some("x"))]);
        assert_eq!(twice, Ok(vec!["x".to_string(), "x-2".to_string()]));
    }

    #[test]
    fn many_alike_slides_and_facet_values_load_in_linear_time() {
        // Before the fix, each slide retried every earlier suffix, and each
        // facet value was looked for among all the earlier ones.
        let slides: Vec<String> = (0..30_000)
            .map(|_| {
                r#"{"start_date": {"year": "2020"}, "text": {"headline": "Same"}}"#.to_string()
            })
            .collect();
        let taken = r#"{"unique_id": "2020-same-3", "start_date": {"year": "1999"}}"#;
        let text = format!("{{\"events\": [{taken}, {}]}}", slides.join(","));
        let t = parse("t.json", text.as_bytes()).unwrap();
        let ids: Vec<&str> = t.events[1..5].iter().map(Event::id).collect();
        assert_eq!(
            ids,
            ["2020-same", "2020-same-2", "2020-same-4", "2020-same-5"]
        );
        assert_eq!(t.events.last().unwrap().id(), "2020-same-30001");

        let mut names: Vec<String> = (0..200_000)
            .map(|i| format!("\"c{}\"", i % 150_000))
            .collect();
        names.push("\"c7\"".into());
        let text = format!(
            r#"[{{"id": "a", "date": "2020", "title": "A", "companies": [{}]}}]"#,
            names.join(",")
        );
        let t = parse("t.json", text.as_bytes()).unwrap();
        let companies: Vec<&str> = t
            .facet_names(&t.events[0], crate::timeline::Facet::Company)
            .collect();
        assert_eq!(companies.len(), 150_000);
        assert_eq!(companies[..3], ["c0", "c1", "c2"]);
        assert_eq!(
            dedup(&mut vec![Sym(3), Sym(1), Sym(3), Sym(2), Sym(1)]),
            [Sym(3), Sym(1), Sym(2)]
        );
    }
}
