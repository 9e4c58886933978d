//! Reading timelines: the native format, TimelineJS3 JSON and JSON Lines,
//! detected from the bytes themselves.

use std::fmt;
use std::ops::Range;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::date::PartialDate;
use super::error::LoadError;
use super::event::{Event, EventFields, Source, Sym, Timeline};
use super::html;

mod builder;
mod context;
mod jsonl;
mod members;
mod parallel;
mod source;
mod timelinejs;

use builder::{Builder, ESTIMATED_EVENT_BYTES, dedup, id_stem};
use context::{FileCtx, Release, check_text, detect, strip_position};
use jsonl::parse_lines;
use members::{DOC_MEMBERS, EVENT_MEMBERS, ExtraWriter, Members, NamesSeed, SourceIn, Str};
use source::{Contents, Window, open, read_stream};
use timelinejs::{DateValue, SlideText, TitleValue, TljsDate, tljs_member};

/// The timeline compiled into the binary.
pub const EMBEDDED: &str = include_str!("../../../assets/huawei-partnerships.json");

/// The name the embedded timeline goes by in messages.
pub const EMBEDDED_NAME: &str = "<embedded>";

/// Where a timeline comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The timeline compiled into tlx.
    Embedded,
    /// Standard input (`-`).
    Stdin,
    /// A file (or anything that reads like one: a pipe, `/dev/fd/N`).
    Path(std::path::PathBuf),
}

impl Input {
    /// Reads a command-line argument: `-` is standard input.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(arg.into())
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Embedded => EMBEDDED_NAME.to_string(),
            Input::Stdin => "-".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}

/// The file formats tlx reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// tlx's own JSON (see the README).
    Native,
    /// Knight Lab's TimelineJS3 JSON.
    TimelineJs,
    /// One JSON event object per line.
    JsonLines,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Native => "tlx JSON",
            Format::TimelineJs => "TimelineJS JSON",
            Format::JsonLines => "JSON Lines",
        })
    }
}

/// What one loaded file contributed, for `--check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's name.
    pub origin: String,
    /// The format detected.
    pub format: Format,
    /// How many events it held.
    pub events: usize,
}

/// Loads and merges the inputs into one timeline sorted by date.
pub fn load_inputs(inputs: &[Input]) -> Result<(Timeline, Vec<FileSummary>), LoadError> {
    let mut builder = Builder::default();
    let mut summaries = Vec::new();
    for input in inputs {
        let origin = input.name();
        let summary = match input {
            Input::Embedded => builder.add(&origin, EMBEDDED.as_bytes())?,
            Input::Stdin => {
                let bytes = read_stream(std::io::stdin().lock())
                    .map_err(|e| LoadError::file(&origin, format!("cannot read: {e}")))?;
                builder.add(&origin, &bytes)?
            }
            Input::Path(path) => match open(path).map_err(|m| LoadError::file(&origin, m))? {
                Contents::Read(bytes) => builder.add(&origin, &bytes)?,
                Contents::Mapped(map) => {
                    let window = Window::new(&map);
                    builder.add_with(&origin, &map, Some(&window))?
                }
            },
        };
        summaries.push(summary);
    }
    Ok((builder.finish(), summaries))
}

/// Parses one in-memory timeline (any supported format).
pub fn parse(origin: &str, bytes: &[u8]) -> Result<Timeline, LoadError> {
    let mut builder = Builder::default();
    builder.add(origin, bytes)?;
    Ok(builder.finish())
}

impl Builder {
    fn add(&mut self, origin: &str, bytes: &[u8]) -> Result<FileSummary, LoadError> {
        self.add_with(origin, bytes, None)
    }

    /// Adds one file; `window`, when given, maps `bytes` and is told what
    /// reading has got past.
    fn add_with(
        &mut self,
        origin: &str,
        bytes: &[u8],
        window: Option<&Window<'_>>,
    ) -> Result<FileSummary, LoadError> {
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if text.trim_ascii().is_empty() {
            return Err(LoadError::file(
                origin,
                "empty file (expected a tlx timeline, a TimelineJS timeline or JSON Lines)",
            ));
        }
        // Offsets in `text` skip a byte-order mark; the window counts from `bytes`.
        let base = text.as_ptr() as usize - bytes.as_ptr() as usize;
        let release_text = window.map(|w| move |offset: usize| w.release(base + offset));
        let release_text: Release<'_> = release_text.as_ref().map(|r| r as &dyn Fn(usize));
        let release_range =
            window.map(|w| move |r: Range<usize>| w.release_range(base + r.start..base + r.end));
        let release_range: parallel::ReleaseRange<'_> = release_range
            .as_ref()
            .map(|r| r as &(dyn Fn(Range<usize>) + Sync));
        let format = detect(text);
        // The parallel reader checks the UTF-8 of each piece on its own
        // thread; on any doubt the ordinary reader below checks it all.
        if format == Format::Native
            && text.len() >= parallel::FROM_BYTES
            && let Some(parts) = parallel::read_document(text, release_range)
            && let Some(summary) = self.absorb(origin, parts)
        {
            return Ok(summary);
        }
        // One pass over the whole text checks its UTF-8 far faster than the
        // parser would string by string, and names binary input plainly.
        let checked = check_text(origin, text, release_text)?;
        let before = self.timeline.events.len();
        // Room for a generous guess of the events, so a large file does not
        // grow (and copy) the list again and again; capacity never written
        // costs address space only.
        self.timeline
            .events
            .reserve(text.len() / ESTIMATED_EVENT_BYTES);
        self.files.push(origin.to_string());
        let mut ctx = FileCtx::new(self, text, release_text);
        let result = match format {
            Format::JsonLines => parse_lines(&mut ctx, checked),
            _ => {
                let mut de = serde_json::Deserializer::from_str(checked);
                DocSeed { ctx: &mut ctx }
                    .deserialize(&mut de)
                    .and_then(|()| de.end())
                    .map_err(|e| (e, 0))
            }
        };
        if let Err((err, line_offset)) = result {
            return Err(ctx.locate(origin, &err, line_offset));
        }
        let (title, description, extra, tljs) =
            (ctx.doc_title, ctx.doc_description, ctx.doc_extra, ctx.tljs);
        if self.timeline.title.is_empty()
            && let Some(t) = title
        {
            self.timeline.title = t;
            self.timeline.description = description.unwrap_or_default();
            self.timeline.extra = extra;
        }
        let added = self.timeline.events.len() - before;
        let format = if tljs { Format::TimelineJs } else { format };
        Ok(FileSummary {
            origin: origin.to_string(),
            format,
            events: added,
        })
    }
}

/// The whole document: native `{title, description, events}`, TimelineJS
/// `{title: slide, events, eras}`, or a bare array of events.
struct DocSeed<'c, 'b> {
    ctx: &'c mut FileCtx<'b>,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a timeline object with an \"events\" array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        EventsSeed {
            ctx: self.ctx,
            era: false,
        }
        .visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut saw_events = false;
        let mut extra = ExtraWriter::default();
        let mut start = None;
        let mut seen = Members::default();
        while let Some(key) = map.next_key::<Str<'de>>()? {
            if start.is_none() {
                start = self.ctx.object_start(key.offset(self.ctx));
            }
            if seen.repeated(DOC_MEMBERS, key.as_str()) {
                let at = key.offset(self.ctx).map(|o| o - 1);
                let message = format!("duplicate member \"{}\"", key.as_str());
                return Err(self.ctx.fail(at, message));
            }
            match key.as_str() {
                "events" => {
                    map.next_value_seed(EventsSeed {
                        ctx: &mut *self.ctx,
                        era: false,
                    })?;
                    saw_events = true;
                }
                "eras" => {
                    self.ctx.tljs = true;
                    map.next_value_seed(EventsSeed {
                        ctx: &mut *self.ctx,
                        era: true,
                    })?;
                }
                "title" => match map.next_value::<TitleValue>()? {
                    TitleValue::Text(t) => self.ctx.doc_title = Some(t),
                    TitleValue::Slide(slide) => {
                        self.ctx.tljs = true;
                        let text = slide.text.unwrap_or_default();
                        self.ctx.doc_title =
                            Some(html::to_text(&text.headline.unwrap_or_default()));
                        self.ctx.doc_description =
                            Some(html::to_text(&text.text.unwrap_or_default()));
                    }
                    TitleValue::Null => {}
                },
                "description" => {
                    self.ctx.doc_description = map.next_value::<Option<String>>()?;
                }
                other => {
                    let value = map.next_value::<&'de RawValue>()?;
                    extra
                        .push(other, value)
                        .map_err(|deep| self.ctx.too_deep(value, deep, other.to_string()))?;
                }
            }
        }
        if !saw_events {
            return Err(self.ctx.fail(
                start,
                "no \"events\" array: not a tlx or TimelineJS timeline".to_string(),
            ));
        }
        self.ctx.doc_extra = extra.finish();
        Ok(())
    }
}

struct EventsSeed<'c, 'b> {
    ctx: &'c mut FileCtx<'b>,
    era: bool,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut number = 0;
        loop {
            number += 1;
            let seed = EventSeed {
                ctx: &mut *self.ctx,
                number,
            };
            let seed = if self.era {
                EraSeed(seed).into()
            } else {
                AnySeed::Event(seed)
            };
            if seq.next_element_seed(seed)?.is_none() {
                return Ok(());
            }
        }
    }
}

/// An element of `events` or of `eras`.
enum AnySeed<'c, 'b> {
    Event(EventSeed<'c, 'b>),
    Era(EventSeed<'c, 'b>),
}

struct EraSeed<'c, 'b>(EventSeed<'c, 'b>);

impl<'c, 'b> From<EraSeed<'c, 'b>> for AnySeed<'c, 'b> {
    fn from(e: EraSeed<'c, 'b>) -> Self {
        AnySeed::Era(e.0)
    }
}

impl<'de> DeserializeSeed<'de> for AnySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self {
            AnySeed::Event(seed) => seed.deserialize(d),
            AnySeed::Era(seed) => d.deserialize_map(EventVisitor { seed, era: true }),
        }
    }
}

/// One event, native or TimelineJS, told apart by its keys.
struct EventSeed<'c, 'b> {
    ctx: &'c mut FileCtx<'b>,
    /// 1-based position in its array (or line in JSON Lines), for messages.
    number: usize,
}

impl<'de> DeserializeSeed<'de> for EventSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(EventVisitor {
            seed: self,
            era: false,
        })
    }
}

struct EventVisitor<'c, 'b> {
    seed: EventSeed<'c, 'b>,
    era: bool,
}

/// Fields of an event as read, before checks.
#[derive(Default)]
struct Draft<'de> {
    id: Option<Str<'de>>,
    unique_id: Option<Str<'de>>,
    date: Option<PartialDate>,
    end_date: Option<PartialDate>,
    approximate: bool,
    title: Option<Str<'de>>,
    headline: Option<String>,
    body: Option<String>,
    summary: Option<Str<'de>>,
    kind: Option<Str<'de>>,
    place: Option<Str<'de>>,
    companies: Vec<Sym>,
    countries: Vec<Sym>,
    topics: Vec<Sym>,
    people: Vec<Box<str>>,
    sources: Vec<Source>,
    display_date: Option<Str<'de>>,
    tljs: bool,
    /// Byte offsets in the file, for messages: the event's `{` and the
    /// values of the fields checked after the whole event is read.
    start_at: Option<usize>,
    id_at: Option<usize>,
    unique_id_at: Option<usize>,
    end_at: Option<usize>,
    title_at: Option<usize>,
}

impl Draft<'_> {
    fn label(&self, number: usize) -> String {
        match self
            .id
            .as_ref()
            .or(self.unique_id.as_ref())
            .map(Str::as_str)
        {
            Some(id) => format!("event \"{id}\""),
            None => format!("event #{number}"),
        }
    }
}

impl<'de> Visitor<'de> for EventVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let number = self.seed.number;
        let ctx = self.seed.ctx;
        let [companies, countries, topics] = std::mem::take(&mut ctx.spare_facets);
        let mut d = Draft {
            companies,
            countries,
            topics,
            ..Draft::default()
        };
        let mut extra = ExtraWriter::default();
        let mut first = true;
        let mut seen = Members::default();
        while let Some(key) = map.next_key::<Str<'de>>()? {
            if first {
                d.start_at = ctx.object_start(key.offset(ctx));
                first = false;
                if let (Some(release), Some(at)) = (ctx.release, d.start_at) {
                    release(at);
                }
            }
            if seen.repeated(EVENT_MEMBERS, key.as_str()) {
                let at = key.offset(ctx).map(|o| o - 1);
                let message = format!("{}: duplicate member \"{}\"", d.label(number), key.as_str());
                return Err(ctx.fail(at, message));
            }
            let at = ctx.value_after(key.end(ctx));
            let key = key.as_str();
            // Reads a field's value; on failure the error keeps serde_json's
            // position and is prefixed with the event and field.
            macro_rules! field {
                ($t:ty) => {
                    map.next_value::<$t>().map_err(|e| {
                        ctx.context = Some(format!("{}: \"{key}\"", d.label(number)));
                        e
                    })?
                };
            }
            // Keeps a value as an unknown member.
            macro_rules! keep {
                ($value:expr) => {
                    extra.push(key, $value).map_err(|deep| {
                        ctx.too_deep($value, deep, format!("{}: \"{key}\"", d.label(number)))
                    })?
                };
            }
            match key {
                "id" => {
                    d.id = field!(Option<Str<'de>>);
                    d.id_at = at;
                }
                "unique_id" => {
                    d.unique_id = field!(Option<Str<'de>>).filter(|s| !s.as_str().is_empty());
                    d.unique_id_at = at;
                }
                "date" => {
                    if let Some(s) = field!(Option<Str<'de>>) {
                        let date = PartialDate::parse(s.as_str()).map_err(|e| {
                            ctx.fail::<A::Error>(at, format!("{}: date {e}", d.label(number)))
                        })?;
                        d.date = Some(date);
                    }
                }
                // TimelineJS's members are objects; a value of another type
                // under the same name is an unknown member like any other.
                "start_date" if d.date.is_none() => {
                    let value = field!(&'de RawValue);
                    let Some(parts) = tljs_member::<TljsDate>(value) else {
                        keep!(value);
                        continue;
                    };
                    d.tljs = true;
                    let p = parts.map_err(|e| {
                        ctx.fail::<A::Error>(
                            at,
                            format!("{}: \"start_date\": {e}", d.label(number)),
                        )
                    })?;
                    if d.display_date.is_none() {
                        d.display_date = p
                            .display_date
                            .clone()
                            .filter(|s| !s.is_empty())
                            .map(Str::Owned);
                    }
                    d.date = p.to_date().map_err(|e| {
                        ctx.fail::<A::Error>(at, format!("{}: start_date {e}", d.label(number)))
                    })?;
                }
                "text" if d.title.is_none() => {
                    let value = field!(&'de RawValue);
                    let Some(text) = tljs_member::<SlideText>(value) else {
                        keep!(value);
                        continue;
                    };
                    d.tljs = true;
                    let t = text.map_err(|e| {
                        ctx.fail::<A::Error>(at, format!("{}: \"text\": {e}", d.label(number)))
                    })?;
                    d.headline = t.headline;
                    d.body = t.text;
                }
                "end_date" => {
                    d.end_at = at;
                    let end = match field!(Option<DateValue>) {
                        Some(DateValue::Text(s)) => {
                            PartialDate::parse(&s).map(Some).map_err(|e| e.0)
                        }
                        Some(DateValue::Parts(p)) => p.to_date(),
                        None => Ok(None),
                    };
                    d.end_date = end.map_err(|e| {
                        ctx.fail::<A::Error>(at, format!("{}: end_date {e}", d.label(number)))
                    })?;
                }
                "approximate" => d.approximate = field!(Option<bool>).unwrap_or(false),
                "title" => {
                    d.title = field!(Option<Str<'de>>);
                    d.title_at = at;
                }
                "summary" => d.summary = field!(Option<Str<'de>>),
                "kind" => d.kind = field!(Option<Str<'de>>),
                "place" => d.place = field!(Option<Str<'de>>),
                "group" => {
                    if let Some(g) = field!(Option<String>).filter(|g| !g.trim().is_empty()) {
                        d.topics.push(ctx.builder.timeline.names.intern(g.trim()));
                    }
                }
                "display_date" => {
                    d.display_date = field!(Option<Str<'de>>).filter(|s| !s.as_str().is_empty())
                }
                "companies" | "countries" | "topics" => {
                    let out = match key {
                        "companies" => &mut d.companies,
                        "countries" => &mut d.countries,
                        _ => &mut d.topics,
                    };
                    let seed = NamesSeed {
                        names: &mut ctx.builder.timeline.names,
                        out,
                    };
                    map.next_value_seed(seed).inspect_err(|_| {
                        ctx.context = Some(format!("{}: \"{key}\"", d.label(number)));
                    })?;
                }
                "people" => {
                    d.people = field!(Option<Vec<String>>)
                        .unwrap_or_default()
                        .into_iter()
                        .map(String::into_boxed_str)
                        .collect();
                }
                "sources" => {
                    d.sources = field!(Option<Vec<SourceIn>>)
                        .unwrap_or_default()
                        .into_iter()
                        .map(Source::from)
                        .collect()
                }
                _ => {
                    let value = field!(&'de RawValue);
                    keep!(value);
                }
            }
        }
        let event = finish_event(ctx, &mut d, number, self.era, extra.finish());
        // The facet lists go back, emptied, for the next event.
        for (spare, list) in
            ctx.spare_facets
                .iter_mut()
                .zip([&mut d.companies, &mut d.countries, &mut d.topics])
        {
            list.clear();
            *spare = std::mem::take(list);
        }
        let event = event.map_err(|(at, message)| ctx.fail::<A::Error>(at, message))?;
        ctx.builder.push(event);
        Ok(())
    }
}

/// Checks a draft and turns it into an event, deriving what TimelineJS leaves out.
/// A refusal comes with the offset of its culprit in the file, when known.
fn finish_event(
    ctx: &mut FileCtx<'_>,
    d: &mut Draft<'_>,
    number: usize,
    era: bool,
    extra: Option<Box<str>>,
) -> Result<Event, (Option<usize>, String)> {
    let tljs = d.tljs || era;
    if tljs {
        ctx.tljs = true;
    }
    let Some(date) = d.date else {
        return Err((
            d.start_at,
            format!(
                "{}: missing \"date\" (YYYY, YYYY-MM or YYYY-MM-DD)",
                d.label(number)
            ),
        ));
    };
    if let Some(end) = d.end_date
        && end.last_day() < date.first_day()
    {
        return Err((
            d.end_at,
            format!("{}: end_date {end} is before date {date}", d.label(number)),
        ));
    }
    let title: std::borrow::Cow<'_, str> = match (d.title.as_ref().map(Str::as_str), tljs) {
        (Some(t), _) if !t.trim().is_empty() => t.into(),
        (_, true) => {
            let from_headline = d.headline.as_deref().map(html::to_text).unwrap_or_default();
            if !from_headline.is_empty() {
                from_headline.into()
            } else {
                let display = d.display_date.as_ref().map(Str::as_str);
                display.unwrap_or("(untitled)").to_string().into()
            }
        }
        (Some(_), false) => {
            return Err((
                d.title_at,
                format!("{}: \"title\" is empty", d.label(number)),
            ));
        }
        (None, false) => {
            return Err((
                d.start_at,
                format!("{}: missing \"title\"", d.label(number)),
            ));
        }
    };
    let body = d.body.as_deref().map(html::to_text);
    let summary = d
        .summary
        .as_ref()
        .map(Str::as_str)
        .or(body.as_deref())
        .unwrap_or("");
    let derived;
    let mut stem = None;
    let (id, id_at) = match (&d.id, &d.unique_id, tljs) {
        (Some(id), _, _) if !id.as_str().is_empty() => (id.as_str(), d.id_at),
        (Some(_), _, _) => return Err((d.id_at, format!("{}: \"id\" is empty", d.label(number)))),
        (None, Some(uid), _) => (uid.as_str(), d.unique_id_at),
        (None, None, true) => {
            let base = id_stem(era, &date, &title);
            derived = ctx.builder.free_id(&base);
            stem = Some(base);
            (derived.as_str(), d.start_at)
        }
        (None, None, false) => {
            return Err((d.start_at, format!("{}: missing \"id\"", d.label(number))));
        }
    };
    // An id the file gives displaces one tlx made up before it.
    let yielded = if stem.is_none() {
        ctx.builder.yield_derived(id)
    } else {
        Ok(())
    };
    yielded
        .and_then(|()| ctx.builder.claim_id(id))
        .map_err(|m| (id_at, format!("{}: {m}", d.label(number))))?;
    if let Some(stem) = stem {
        let index = ctx.builder.timeline.events.len() as u32;
        ctx.builder.derived.insert(index, stem);
    }
    let kind = match &d.kind {
        Some(k) => k.as_str(),
        None if era => "era",
        None => "",
    };
    Event::new(EventFields {
        id,
        date,
        end_date: d.end_date,
        approximate: d.approximate,
        title: &title,
        summary,
        kind,
        place: d.place.as_ref().map_or("", Str::as_str),
        companies: dedup(&mut d.companies),
        countries: dedup(&mut d.countries),
        topics: dedup(&mut d.topics),
        people: std::mem::take(&mut d.people),
        sources: std::mem::take(&mut d.sources),
        display_date: d.display_date.as_ref().map(Str::as_str),
        extra,
    })
    .map_err(|m| (d.start_at, format!("{}: {m}", d.label(number))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` through the parallel path as the loader would for a
    /// large file; `None` where it hands over to the ordinary reader.
    fn parallel(text: &str) -> Option<Timeline> {
        let mut builder = Builder::default();
        let parts = parallel::read_document(text.as_bytes(), None)?;
        builder.absorb("p.json", parts)?;
        Some(builder.finish())
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
    fn parallel_reading_hands_over_anything_unusual() {
        // A duplicate id in different batches: nothing is taken in.
        let mut dup = generated(3000, "");
        dup = dup.replacen(r#""id":"e2999""#, r#""id":"e5""#, 1);
        assert!(parallel(&dup).is_none());
        assert!(
            parse("p.json", dup.as_bytes())
                .unwrap_err()
                .message
                .contains("duplicate id \"e5\"")
        );
        // A bad date, a syntax error, TimelineJS vocabulary.
        let bad = generated(3000, "").replacen(r#""date":"1990""#, r#""date":"1990-13""#, 1);
        assert!(parallel(&bad).is_none());
        let broken = generated(3000, "").replacen("},\n{", "}\n{", 1);
        assert!(parallel(&broken).is_none());
        let tljs = r#"{"events":[{"start_date":{"year":"2001"},"text":{"headline":"h"}}]}"#;
        assert!(parallel(tljs).is_none());
        // What the scan between elements must refuse itself.
        for (from, to) in [("[\n{", "[\n1,{"), ("},\n{", "},,\n{"), ("\n]", ",\n]")] {
            let odd = generated(3000, "").replacen(from, to, 1);
            assert!(parallel(&odd).is_none(), "{from:?} → {to:?}");
            assert!(
                parse("p.json", odd.as_bytes()).is_err(),
                "{from:?} → {to:?}"
            );
        }
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
            assert!(parallel::read_document(&odd, None).is_none());
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
        /// and what the ordinary reader refuses, it refuses too.
        #[test]
        fn parallel_reading_never_differs_from_ordinary_reading(
            titles in proptest::collection::vec(
                proptest::string::string_regex(r#"([a-zé ,{}\[\]:]|\\"|\\\\|\\u00e9){0,12}"#).unwrap(),
                1..40,
            ),
            space in proptest::string::string_regex("[ \n\t]{0,3}").unwrap(),
            tail in proptest::string::string_regex(r#"(,"x":\[\{\},\{"y":"\}, \{"\}\])?"#).unwrap(),
            flip in proptest::option::of((0usize..4000, proptest::num::u8::ANY)),
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
            let ordinary = parse("p.json", &text);
            let mut builder = Builder::default();
            let par = parallel::read_document(&text, None)
                .and_then(|parts| builder.absorb("p.json", parts))
                .map(|_| builder.finish());
            match (par, ordinary) {
                (Some(p), Ok(o)) => {
                    proptest::prop_assert_eq!(described(&p), described(&o));
                    proptest::prop_assert_eq!(p.title, o.title);
                    proptest::prop_assert_eq!(p.extra, o.extra);
                }
                (Some(_), Err(e)) => proptest::prop_assert!(false, "parallel accepted what the ordinary reader refused: {}", e),
                (None, _) => {}
            }
        }
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
    fn characters_cut_by_a_check_chunk_are_whole_again() {
        let head = r#"{"events":[{"id":"a","date":"2020","title":"t","summary":""#;
        // Place a two-byte 'é' across the 4 MiB boundary of the UTF-8 check.
        let pad = (4 << 20) - 1 - head.len();
        let text = format!("{head}{}é\"}}]}}", "x".repeat(pad));
        assert_eq!(text.as_bytes()[4 << 20], 0xA9);
        let t = parse("big.json", text.as_bytes()).expect("loads");
        assert!(t.events[0].summary().ends_with("xé"));
        let mut latin1 = text.into_bytes();
        latin1[4 << 20] = b'x';
        let err = parse("big.json", &latin1).unwrap_err();
        assert!(
            err.message.starts_with("not UTF-8 text (byte 0xC3)"),
            "{err}"
        );
        assert_eq!(
            (err.line, err.column),
            (Some(1), Some(head.len() + pad + 1))
        );
    }

    fn error(text: &str) -> String {
        match parse("t.json", text.as_bytes()) {
            Ok(_) => panic!("{text} loaded"),
            Err(e) => e.to_string(),
        }
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
        // Two given ids still clash.
        let twice = ids(&[slide("2019", "A", Some("x")), slide("2020", "B", Some("x"))]);
        assert!(twice.unwrap_err().contains("duplicate id \"x\""));
    }

    #[test]
    fn facet_names_are_strings_and_null_means_none() {
        assert_eq!(
            error(r#"{"events":[{"id":"a","date":"2020","title":"t","topics":["x",null]}]}"#),
            "t.json:1:65: event \"a\": \"topics\": invalid type: null, expected a string"
        );
        let t = parse(
            "t.json",
            br#"{"events":[{"id":"a","date":"2020","title":"t","topics":null,"companies":["\u00e9",""]}]}"#,
        )
        .unwrap();
        let names: Vec<&str> = t
            .facet_names(&t.events[0], crate::timeline::Facet::Company)
            .collect();
        assert_eq!(names, ["é", ""]);
        assert!(t.events[0].facet(crate::timeline::Facet::Topic).is_empty());
    }

    #[test]
    fn a_field_of_the_wrong_type_is_reported_on_its_own_line() {
        // Not at the event's closing brace, three lines further.
        let text = "{\"events\": [{\n\"id\": \"a\",\n\"title\": true,\n\"date\": \"2019\"\n\n}]}";
        assert_eq!(
            error(text),
            "t.json:3:13: event \"a\": \"title\": invalid type: boolean `true`, expected a string"
        );
    }

    #[test]
    fn checks_made_after_reading_point_at_the_culprit() {
        let text = "[\n {\"id\": \"a\", \"date\": \"2019\", \"title\": \"A\"},\n {\"id\": \"b\",\n  \"date\": \"2019\",\n  \"end_date\": \"2018\", \"title\": \"B\"}]";
        assert_eq!(
            error(text),
            "t.json:5:15: event \"b\": end_date 2018 is before date 2019"
        );
        let text = "{\"events\": [{\"id\": \"a\", \"date\": \"2019\", \"title\": \"A\"},\n  {\"title\": \"B\", \"id\": \"a\", \"date\": \"2019\"}]}";
        assert_eq!(error(text), "t.json:2:24: event \"a\": duplicate id \"a\"");
        let text = "{\"events\": [{\"start_date\": {\"year\": \"2019\", \"month\": \"13\"}}]}";
        assert_eq!(
            error(text),
            "t.json:1:28: event #1: start_date \"2019-13\" is not a valid month"
        );
    }

    #[test]
    fn escaped_keys_and_dates_are_read() {
        let text = r#"[{"\u0069d": "a", "date": "\u0032019-05", "t\u0069tle": "A", "x\"y": 1}]"#;
        let t = parse("t.json", text.as_bytes()).unwrap();
        assert_eq!(t.events[0].id(), "a");
        assert_eq!(t.events[0].date.to_string(), "2019-05");
        assert_eq!(t.events[0].extra.as_deref(), Some(r#"{"x\"y":1}"#));
        // Without a borrowed key the position falls back to serde_json's.
        let text = r#"[{"id": "a", "d\u0061te": "2019-13", "title": "A"}]"#;
        assert_eq!(
            error(text),
            "t.json:1:35: event \"a\": date \"2019-13\" is not a valid month"
        );
    }

    #[test]
    fn non_object_text_and_start_date_are_unknown_members() {
        // Before the fix, a string "text" ahead of "title" failed to load.
        let text =
            r#"[{"id":"a","text":"hello","start_date":"2019-01","date":"2019","title":"A"}]"#;
        let t = parse("t.json", text.as_bytes()).unwrap();
        assert_eq!(
            t.events[0].extra.as_deref(),
            Some(r#"{"text":"hello","start_date":"2019-01"}"#)
        );
        assert_eq!(t.events[0].date.to_string(), "2019");
        let text = "{\"events\": [\n {\"start_date\": {\"year\": []}}]}";
        assert_eq!(
            error(text),
            "t.json:2:17: event #1: \"start_date\": invalid type: sequence, expected a number or a string of digits"
        );
        let text = r#"{"events": [{"start_date": {"year": "1999"}, "text": {"headline": 3}}]}"#;
        assert_eq!(
            error(text),
            "t.json:1:54: event #1: \"text\": invalid type: integer `3`, expected a string"
        );
    }

    #[test]
    fn a_member_tlx_reads_may_appear_once() {
        // Before the fix, the second date silently won.
        let text = "[{\"id\": \"a\", \"date\": \"2020\", \"title\": \"A\",\n  \"date\": \"2021\"}]";
        assert_eq!(
            error(text),
            "t.json:2:3: event \"a\": duplicate member \"date\""
        );
        let text = "{\"title\": \"x\", \"events\": [], \"events\": []}";
        assert_eq!(error(text), "t.json:1:30: duplicate member \"events\"");
        let text =
            r#"[{"id": "a", "date": "2020", "title": "A", "sources": [{"url": "u", "url": "v"}]}]"#;
        assert!(
            error(text).contains("event \"a\": \"sources\": source: duplicate member \"url\""),
            "{}",
            error(text)
        );
        // Unknown members are kept as written, repeats included.
        let text = r#"[{"id": "a", "date": "2020", "title": "A", "x": 1, "x": 2}]"#;
        let t = parse("t.json", text.as_bytes()).unwrap();
        assert_eq!(t.events[0].extra.as_deref(), Some(r#"{"x":1,"x":2}"#));
    }

    #[test]
    fn json_lines_with_a_huge_first_line_are_json_lines() {
        // Before the fix, a first line over 1 MiB was taken for a document.
        let long = "y".repeat(2 << 20);
        let text = format!(
            "{{\"id\":\"a\",\"date\":\"2020\",\"title\":\"{long}\"}}\n{{\"id\":\"b\",\"date\":\"2021\",\"title\":\"B\"}}\n"
        );
        assert_eq!(detect(text.as_bytes()), Format::JsonLines);
        let t = parse("t.jsonl", text.as_bytes()).unwrap();
        assert_eq!(t.events.len(), 2);
        assert_eq!(t.events[0].title().len(), long.len());
        // A document on one huge line stays a document.
        let text = format!(
            "{{\"title\":\"{long}\",\"events\":[{{\"id\":\"a\",\"date\":\"2020\",\"title\":\"A\"}}]}}"
        );
        assert_eq!(detect(text.as_bytes()), Format::Native);
        assert_eq!(
            parse("t.json", text.as_bytes()).unwrap().title.len(),
            long.len()
        );
        assert_eq!(detect(b"{\"\\u0065vents\": []}"), Format::Native);
        assert_eq!(detect(b"{\"id\": 1}\n"), Format::JsonLines);
        assert_eq!(detect(b"{\n\"events\": []}"), Format::Native);
    }

    #[test]
    fn an_endless_stream_of_nul_bytes_is_refused_at_the_first() {
        // Before the fix, reading /dev/zero filled memory forever.
        let bytes = read_stream(std::io::repeat(0)).unwrap();
        assert!(bytes.len() <= 256 << 10);
        let err = parse("/dev/zero", &bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero:1:1: NUL byte: binary data, not a timeline"
        );
        let text = b"[{\"id\": \"a\", \"date\": \"2020\", \"title\": \"A\"}]";
        let read = read_stream(std::io::Read::chain(&text[..6], &text[6..])).unwrap();
        assert_eq!(read, text);
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

    #[test]
    fn end_of_file_is_said_once() {
        assert_eq!(
            error("{\"events\": [{\"id\": \"a\", \"title\": \"A"),
            "t.json:1:35: event \"a\": \"title\": unexpected end of file while parsing a string"
        );
    }
}
