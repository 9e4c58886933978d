//! tlx's own JSON, read straight into events by serde visitors. The same
//! visitors meet TimelineJS documents (its vocabulary is in
//! `timelinejs.rs`) and read each line of JSON Lines.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::builder::{dedup, id_stem};
use super::context::{FileCtx, strip_position};
use super::members::{
    DOC_MEMBERS, EVENT_MEMBERS, ExtraWriter, MediaIn, Members, NamesSeed, SourceIn, Str,
    TextOrNumber,
};
use super::timelinejs::{DateValue, SlideText, TitleValue, TljsDate, tljs_member};
use crate::json_text;
use crate::timeline::date;
use crate::timeline::{Event, EventFields, Media, PartialDate, Source, Sym, html};

/// The whole document: native `{title, description, events}`, TimelineJS
/// `{title: slide, events, eras}`, or a bare array of events.
pub(super) struct DocSeed<'c, 'b> {
    pub(super) ctx: &'c mut FileCtx<'b>,
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
                            Some(html::to_line(&text.headline.unwrap_or_default()).into_owned());
                        self.ctx.doc_description =
                            Some(html::to_text(&text.text.unwrap_or_default()));
                        self.ctx.doc_title_media = slide.media.map(Box::new);
                        self.ctx.doc_title_extra = slide.extra;
                    }
                    TitleValue::Null => {}
                },
                "description" => {
                    self.ctx.doc_description = map.next_value::<Option<String>>()?;
                }
                "aliases" => {
                    let aliases = map.next_value::<Option<BTreeMap<String, Vec<String>>>>()?;
                    self.ctx.doc_aliases = aliases.unwrap_or_default().into_iter().collect();
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
        if self.ctx.resilient {
            return self.visit_each(seq);
        }
        self.ctx.in_events = true;
        let mut number = 0;
        loop {
            number += 1;
            let seed = AnySeed::new(&mut *self.ctx, number, self.era);
            if seq.next_element_seed(seed)?.is_none() {
                self.ctx.in_events = false;
                return Ok(());
            }
        }
    }
}

impl EventsSeed<'_, '_> {
    /// Reads each element on its own from its text, so that one which
    /// does not read (a wrong type deep inside) is skipped with a warning
    /// and the next is read as usual. Slower: only for a file where the
    /// plain reading met such an element.
    fn visit_each<'de, A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut number = 0;
        while let Some(element) = seq.next_element::<&'de RawValue>()? {
            number += 1;
            let part = element.get();
            let what = if self.era { "era" } else { "event" };
            if let Some(deep) = json_text::too_deep(part) {
                // Read whole as raw text, which has no depth limit: the
                // file's problem, as it is where the event reader meets it.
                let at = self.ctx.offset_of(part).map(|o| o + deep);
                let message = format!(
                    "{what} #{number}: nested deeper than {} levels",
                    json_text::MAX_DEPTH
                );
                return Err(self.ctx.fail(at, message));
            }
            let mut de = serde_json::Deserializer::from_str(part);
            let seed = AnySeed::new(&mut *self.ctx, number, self.era);
            let Err(e) = seed.deserialize(&mut de).and_then(|()| de.end()) else {
                continue;
            };
            if self.ctx.raised() {
                // Nested too deep: the whole file's problem.
                return Err(serde::de::Error::custom(strip_position(&e.to_string())));
            }
            self.ctx.warn_unread(part, &e, format!("{what} #{number}"));
        }
        Ok(())
    }
}

/// An element of `events` or of `eras`.
enum AnySeed<'c, 'b> {
    Event(EventSeed<'c, 'b>),
    Era(EventSeed<'c, 'b>),
}

impl<'c, 'b> AnySeed<'c, 'b> {
    /// The seed for element `number` of `eras` (`era`) or `events`.
    fn new(ctx: &'c mut FileCtx<'b>, number: usize, era: bool) -> Self {
        let seed = EventSeed { ctx, number };
        if era {
            EraSeed(seed).into()
        } else {
            AnySeed::Event(seed)
        }
    }
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
pub(super) struct EventSeed<'c, 'b> {
    pub(super) ctx: &'c mut FileCtx<'b>,
    /// 1-based position in its array (or line in JSON Lines), for messages.
    pub(super) number: usize,
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
pub(super) struct Draft<'de> {
    pub(super) id: Option<Str<'de>>,
    pub(super) unique_id: Option<Str<'de>>,
    pub(super) date: Option<PartialDate>,
    pub(super) end_date: Option<PartialDate>,
    pub(super) approximate: bool,
    pub(super) title: Option<Str<'de>>,
    pub(super) headline: Option<String>,
    pub(super) body: Option<String>,
    pub(super) summary: Option<Str<'de>>,
    pub(super) kind: Option<Str<'de>>,
    pub(super) place: Option<Str<'de>>,
    pub(super) companies: Vec<Sym>,
    pub(super) countries: Vec<Sym>,
    pub(super) topics: Vec<Sym>,
    pub(super) people: Vec<Box<str>>,
    pub(super) sources: Vec<Source>,
    pub(super) display_date: Option<Str<'de>>,
    pub(super) media: Option<Box<Media>>,
    pub(super) end_display_date: Option<Str<'de>>,
    pub(super) tljs: bool,
    /// Byte offsets in the file, for messages: the event's `{` and the
    /// values of the fields checked after the whole event is read.
    pub(super) start_at: Option<usize>,
    pub(super) id_at: Option<usize>,
    pub(super) unique_id_at: Option<usize>,
    pub(super) end_at: Option<usize>,
    pub(super) title_at: Option<usize>,
    /// The first problem met that is confined to this event, with its
    /// offset: the event is read to its end, then skipped with a warning.
    pub(super) problem: Option<(Option<usize>, String)>,
}

impl Draft<'_> {
    /// Notes a problem confined to the event; the first one is reported.
    fn refuse(&mut self, at: Option<usize>, message: String) {
        if self.problem.is_none() {
            self.problem = Some((at, message));
        }
    }

    pub(super) fn label(&self, number: usize) -> String {
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
                d.refuse(at, message);
                map.next_value::<IgnoredAny>()?;
                continue;
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
                    d.unique_id = field!(Option<TextOrNumber<'de>>)
                        .map(|t| t.0)
                        .filter(|s| !s.as_str().is_empty());
                    d.unique_id_at = at;
                }
                "date" => {
                    // A string, or a year as a JSON number (`"date": 2019`).
                    if let Some(TextOrNumber(s)) = field!(Option<TextOrNumber<'de>>) {
                        match PartialDate::parse(s.as_str()) {
                            Ok(date) => {
                                if let Some(r) = date::padded(s.as_str(), &date) {
                                    ctx.warn(
                                        at,
                                        format!("{}: date {r}; repaired", d.label(number)),
                                    );
                                }
                                d.date = Some(date);
                            }
                            Err(e) => {
                                // An escaped key has no place in the text;
                                // its value may (its opening quote).
                                let at = at.or_else(|| ctx.offset_of(s.as_str()).map(|o| o - 1));
                                d.refuse(at, format!("{}: date {e}", d.label(number)));
                            }
                        }
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
                    let p = match parts {
                        Ok(p) => p,
                        Err(e) => {
                            d.refuse(at, format!("{}: \"start_date\": {e}", d.label(number)));
                            continue;
                        }
                    };
                    if d.display_date.is_none() {
                        d.display_date = p
                            .display_date
                            .clone()
                            .filter(|s| !s.is_empty())
                            .map(Str::Owned);
                    }
                    let mut repairs = Vec::new();
                    match p.to_date(&mut repairs) {
                        Ok(date) => d.date = date,
                        Err(e) => d.refuse(at, format!("{}: start_date {e}", d.label(number))),
                    }
                    for r in repairs {
                        ctx.warn(at, format!("{}: start_date {r}; repaired", d.label(number)));
                    }
                }
                "text" if d.title.is_none() => {
                    let value = field!(&'de RawValue);
                    let Some(text) = tljs_member::<SlideText>(value) else {
                        keep!(value);
                        continue;
                    };
                    d.tljs = true;
                    match text {
                        Ok(t) => (d.headline, d.body) = (t.headline, t.text),
                        Err(e) => d.refuse(at, format!("{}: \"text\": {e}", d.label(number))),
                    }
                }
                "end_date" => {
                    d.end_at = at;
                    let mut repairs = Vec::new();
                    let end = match field!(Option<DateValue>) {
                        Some(DateValue::Text(s)) => PartialDate::parse(&s)
                            .inspect(|end| repairs.extend(date::padded(&s, end)))
                            .map(Some)
                            .map_err(|e| e.0),
                        Some(DateValue::Parts(p)) => {
                            if d.end_display_date.is_none() {
                                d.end_display_date = p.display_date.clone().map(Str::Owned);
                            }
                            // TimelineJS shows a blank end date as none.
                            match p.is_blank() {
                                true => Ok(None),
                                false => p.to_date(&mut repairs),
                            }
                        }
                        None => Ok(None),
                    };
                    match end {
                        Ok(end) => d.end_date = end,
                        Err(e) => d.refuse(at, format!("{}: end_date {e}", d.label(number))),
                    }
                    for r in repairs {
                        ctx.warn(at, format!("{}: end_date {r}; repaired", d.label(number)));
                    }
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
                    // TimelineJS shows a group's name as text: markup stripped.
                    let group = field!(Option<TextOrNumber<'de>>);
                    let group = group.map(|t| t.0.as_str().to_string());
                    let group = group.as_deref().map(html::to_line).unwrap_or_default();
                    if !group.trim().is_empty() {
                        d.topics
                            .push(ctx.builder.timeline.names.intern(group.trim()));
                    }
                }
                "display_date" => {
                    d.display_date = field!(Option<Str<'de>>).filter(|s| !s.as_str().is_empty())
                }
                "end_display_date" => {
                    d.end_display_date = field!(Option<Str<'de>>).filter(|s| !s.as_str().is_empty())
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
                // An object in native files and TimelineJS alike; a value
                // of another type is kept as an unknown member.
                "media" => {
                    let value = field!(&'de RawValue);
                    let Some(media) = tljs_member::<MediaIn>(value) else {
                        keep!(value);
                        continue;
                    };
                    match media {
                        Ok(media) => d.media = Some(Box::new(media.0)),
                        Err(e) => d.refuse(at, format!("{}: \"media\": {e}", d.label(number))),
                    }
                }
                _ => {
                    if let Some(member) = super::members::meant(key)
                        && !ctx.hinted.iter().any(|k| k == key)
                    {
                        // Once a file: a misnamed member is misnamed in
                        // every event.
                        ctx.hinted.push(key.to_owned());
                        let message = format!(
                            "{}: member \"{key}\" is not one tlx reads (\"{member}\" is); \
                             kept as an unknown member, here and in any other event",
                            d.label(number)
                        );
                        ctx.warn(at, message);
                    }
                    let value = field!(&'de RawValue);
                    keep!(value);
                }
            }
        }
        let event = match d.problem.take() {
            Some(problem) => Err(problem),
            None => finish_event(ctx, &mut d, number, self.era, extra.finish()),
        };
        // The facet lists go back, emptied, for the next event.
        for (spare, list) in
            ctx.spare_facets
                .iter_mut()
                .zip([&mut d.companies, &mut d.countries, &mut d.topics])
        {
            list.clear();
            *spare = std::mem::take(list);
        }
        // A problem confined to this event costs only this event.
        match event {
            Ok(Some(event)) => ctx.builder.push(event),
            Ok(None) => {}
            Err((at, message)) => ctx.warn(at, format!("{message}; skipped")),
        }
        Ok(())
    }
}

/// Checks a draft and turns it into an event, deriving what TimelineJS leaves out.
/// A refusal comes with the offset of its culprit in the file, when known.
pub(super) fn finish_event(
    ctx: &mut FileCtx<'_>,
    d: &mut Draft<'_>,
    number: usize,
    era: bool,
    extra: Option<Box<str>>,
) -> Result<Option<Event>, (Option<usize>, String)> {
    let tljs = d.tljs || era;
    if tljs {
        ctx.tljs = true;
    }
    let Some(date) = d.date else {
        // In a TimelineJS document (this slide or an earlier one spoke its
        // vocabulary) a slide without a date is media only: TimelineJS
        // skips it, and so does tlx, saying so.
        if (tljs || ctx.tljs) && !era {
            let message = format!("{}: no start_date; skipped", d.label(number));
            ctx.warn(d.start_at, message);
            return Ok(None);
        }
        return Err((
            d.start_at,
            format!(
                "{}: missing \"date\" (YYYY, YYYY-MM or YYYY-MM-DD)",
                d.label(number)
            ),
        ));
    };
    // TimelineJS drops an end date equal to the start as redundant, and
    // so does tlx: it would read `D → D`.
    if tljs && d.end_date == Some(date) {
        d.end_date = None;
    }
    if era && d.end_date.is_none() {
        let message = format!(
            "{}: no end_date (TimelineJS refuses such an era); kept as an event of kind era",
            d.label(number)
        );
        ctx.warn(d.start_at, message);
    }
    if let Some(end) = d.end_date
        && end.ends_before(&date)
    {
        // TimelineJS draws such a slide at its start alone; so does tlx.
        let start = if tljs { "start_date" } else { "date" };
        let message = format!(
            "{}: end_date {end} is before {start} {date}; repaired (end dropped)",
            d.label(number)
        );
        ctx.warn(d.end_at, message);
        d.end_date = None;
    }
    // TimelineJS shows a display date as text: markup stripped.
    fn shown<'s>(s: &'s Option<Str<'_>>, tljs: bool) -> Option<std::borrow::Cow<'s, str>> {
        s.as_ref().map(|s| match tljs {
            true => html::to_line(s.as_str()),
            false => s.as_str().into(),
        })
    }
    // Empty once its markup is stripped (or a blank Sheets cell): none.
    let display_date = shown(&d.display_date, tljs).filter(|s| !s.is_empty());
    let end_display_date = shown(&d.end_display_date, tljs).filter(|s| !s.trim().is_empty());
    let mut title_made_up = false;
    let title: std::borrow::Cow<'_, str> = match (d.title.as_ref().map(Str::as_str), tljs) {
        (Some(t), _) if !t.trim().is_empty() => t.into(),
        (_, true) => {
            // As TimelineJS shows such a slide: its headline, else what its
            // media shows, else its date.
            let from_headline = d.headline.as_deref().map(html::to_line).unwrap_or_default();
            let caption = d.media.as_ref().and_then(|m| m.caption());
            let from_caption = caption.map(html::to_line).unwrap_or_default();
            title_made_up = from_headline.is_empty();
            if !from_headline.is_empty() {
                from_headline
            } else if !from_caption.is_empty() {
                from_caption.into_owned().into()
            } else {
                // A blank label (a Sheets row's empty cell) names nothing.
                let display = display_date.as_deref().filter(|d| !d.trim().is_empty());
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
        (Some(id), _, _) if id.as_str().is_empty() => {
            return Err((d.id_at, format!("{}: \"id\" is empty", d.label(number))));
        }
        // TimelineJS renames a repeated id; so does tlx, and says so.
        (Some(id), _, _) if ctx.builder.id_given(id.as_str()) => {
            derived = ctx.builder.free_id(id.as_str());
            let message = format!(
                "{}: {}; repaired (renamed \"{derived}\")",
                d.label(number),
                ctx.builder.clash(id.as_str())
            );
            ctx.warn(d.id_at, message);
            (derived.as_str(), d.id_at)
        }
        (Some(id), _, _) => (id.as_str(), d.id_at),
        (None, Some(uid), true) if ctx.builder.id_given(uid.as_str()) => {
            derived = ctx.builder.free_id(uid.as_str());
            let message = format!(
                "{}: duplicate unique_id; repaired (renamed \"{derived}\")",
                d.label(number)
            );
            ctx.warn(d.unique_id_at, message);
            (derived.as_str(), d.unique_id_at)
        }
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
        display_date: display_date.as_deref(),
        media: d.media.take(),
        end_display_date: end_display_date.as_deref(),
        title_made_up,
        extra,
    })
    .map(Some)
    .map_err(|m| (d.start_at, format!("{}: {m}", d.label(number))))
}
