//! Events, their sources, and the timeline that holds them.

use hashbrown::HashMap;

use super::date::{DayKey, LabelStyle, PartialDate};
use super::media::{Media, Packed};

/// An interned facet value (a company, country or topic name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(pub u32);

/// The three kinds of facet a timeline can be narrowed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// Countries the event concerns.
    Country,
    /// Organisations: companies and institutions.
    Company,
    /// Subjects such as `cloud` or `5G`.
    Topic,
}

impl Facet {
    /// All facets, in display order.
    pub const ALL: [Facet; 3] = [Facet::Country, Facet::Company, Facet::Topic];

    /// Singular lowercase name, as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Country => "country",
            Facet::Company => "company",
            Facet::Topic => "topic",
        }
    }

    /// Plural name, as used for a heading.
    pub fn plural(self) -> &'static str {
        match self {
            Facet::Country => "countries",
            Facet::Company => "companies",
            Facet::Topic => "topics",
        }
    }
}

/// A citation for an event. Its texts share one allocation, its unknown
/// members too; read them through the accessors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    /// publisher, author, title, date, language, url, via, quote, note,
    /// and the unknown members.
    parts: Packed<SOURCE_PARTS>,
}

/// The parts of a source, borrowed, for [`Source::new`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SourceFields<'a> {
    /// Who published it (a newspaper, a site).
    pub publisher: Option<&'a str>,
    /// Who wrote it.
    pub author: Option<&'a str>,
    /// Its headline, in its own language.
    pub title: Option<&'a str>,
    /// When it was published, as written.
    pub date: Option<&'a str>,
    /// Its language code, such as `fr`.
    pub language: Option<&'a str>,
    /// Where to read it.
    pub url: Option<&'a str>,
    /// The outlet it was read through, when it is cited second-hand.
    pub via: Option<&'a str>,
    /// The words of the source an event draws on, in its own language.
    pub quote: Option<&'a str>,
    /// What the citer adds: what was inferred, what could not be found.
    pub note: Option<&'a str>,
}

/// How many text parts a [`Source`] has, its unknown members included.
const SOURCE_PARTS: usize = 10;

impl Source {
    /// Builds a source; fails only when its text passes 4 GiB.
    pub fn new(f: SourceFields<'_>, extra: Option<Box<str>>) -> Result<Source, String> {
        let parts = [
            f.publisher,
            f.author,
            f.title,
            f.date,
            f.language,
            f.url,
            f.via,
            f.quote,
            f.note,
            extra.as_deref(),
        ];
        Ok(Source {
            parts: Packed::new(parts, "source")?,
        })
    }

    /// Unknown members, kept as a JSON object text so they are written
    /// back unchanged.
    pub fn extra(&self) -> Option<&str> {
        self.part(9)
    }

    fn part(&self, i: usize) -> Option<&str> {
        self.parts.get(i)
    }

    /// Who published it (a newspaper, a site).
    pub fn publisher(&self) -> Option<&str> {
        self.part(0)
    }

    /// Who wrote it.
    pub fn author(&self) -> Option<&str> {
        self.part(1)
    }

    /// Its headline, in its own language.
    pub fn title(&self) -> Option<&str> {
        self.part(2)
    }

    /// When it was published, as written.
    pub fn date(&self) -> Option<&str> {
        self.part(3)
    }

    /// Its language code, such as `fr`.
    pub fn language(&self) -> Option<&str> {
        self.part(4)
    }

    /// Where to read it.
    pub fn url(&self) -> Option<&str> {
        self.part(5)
    }

    /// The outlet it was read through, when it is cited second-hand.
    pub fn via(&self) -> Option<&str> {
        self.part(6)
    }

    /// The words of the source an event draws on, in its own language.
    pub fn quote(&self) -> Option<&str> {
        self.part(7)
    }

    /// What the citer adds: what was inferred, what could not be found.
    pub fn note(&self) -> Option<&str> {
        self.part(8)
    }

    /// The source's parts, borrowed.
    pub fn fields(&self) -> SourceFields<'_> {
        SourceFields {
            publisher: self.publisher(),
            author: self.author(),
            title: self.title(),
            date: self.date(),
            language: self.language(),
            url: self.url(),
            via: self.via(),
            quote: self.quote(),
            note: self.note(),
        }
    }
}

/// One dated event.
///
/// Its texts share one allocation and its facets another, so a million
/// events fit in memory next to nothing else; read them through the
/// accessors.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// id, title, summary, kind, place, display date and end display
    /// date, end to end.
    text: Box<str>,
    /// Where each of those parts ends in `text`.
    ends: [u32; 7],
    /// Bit 0: a display date is given; bit 1: an end display date; bit 2:
    /// the title is made up.
    display_dates: u8,
    /// When it happened (or began).
    pub date: PartialDate,
    /// When it ended, for spans.
    pub end_date: Option<PartialDate>,
    /// The date is an estimate.
    pub approximate: bool,
    /// Countries, then companies, then topics.
    facets: Box<[Sym]>,
    /// Where the countries and the companies end in `facets`.
    facet_ends: [u32; 2],
    /// Citations.
    pub sources: Box<[Source]>,
    /// The people, media and unknown members, which most events have none
    /// of: one pointer here instead of five words in every event.
    rare: Option<Box<Rare>>,
    /// Which of the timeline's files it came from: an index into
    /// [`Timeline::files`] (the last one for any beyond 65,535).
    pub file: u16,
}

/// The parts of an event that most events lack.
#[derive(Clone, Debug, PartialEq)]
struct Rare {
    people: Box<[Box<str>]>,
    media: Option<Media>,
    extra: Option<Box<str>>,
}

/// The parts of an event, borrowed, for [`Event::new`].
#[derive(Clone, Debug)]
pub struct EventFields<'a> {
    /// Unique identifier.
    pub id: &'a str,
    /// When it happened (or began).
    pub date: PartialDate,
    /// When it ended, for spans.
    pub end_date: Option<PartialDate>,
    /// The date is an estimate.
    pub approximate: bool,
    /// One-line headline.
    pub title: &'a str,
    /// Free text.
    pub summary: &'a str,
    /// Kind of event.
    pub kind: &'a str,
    /// Where it happened.
    pub place: &'a str,
    /// Organisations involved.
    pub companies: &'a [Sym],
    /// Countries concerned.
    pub countries: &'a [Sym],
    /// Subjects.
    pub topics: &'a [Sym],
    /// People named.
    pub people: Vec<Box<str>>,
    /// Citations.
    pub sources: Vec<Source>,
    /// A date label supplied by the file (TimelineJS `display_date`).
    pub display_date: Option<&'a str>,
    /// Its media.
    pub media: Option<Box<Media>>,
    /// A label for the end date (TimelineJS `end_date.display_date`, such as `Present`).
    pub end_display_date: Option<&'a str>,
    /// The title is tlx's own (a TimelineJS slide without a headline, named
    /// by its caption or date): shown, but not written back as a headline.
    pub title_made_up: bool,
    /// Unknown members as a JSON object text.
    pub extra: Option<Box<str>>,
}

impl Event {
    /// Builds an event; fails only when its text passes 4 GiB.
    pub fn new(f: EventFields<'_>) -> Result<Event, String> {
        let parts = [
            f.id,
            f.title,
            f.summary,
            f.kind,
            f.place,
            f.display_date.unwrap_or(""),
            f.end_display_date.unwrap_or(""),
        ];
        let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0u32; 7];
        for (end, part) in ends.iter_mut().zip(parts) {
            text.push_str(part);
            *end = u32::try_from(text.len()).map_err(|_| "event text is larger than 4 GiB")?;
        }
        let mut facets = Vec::with_capacity(f.countries.len() + f.companies.len() + f.topics.len());
        facets.extend_from_slice(f.countries);
        let countries_end = facets.len() as u32;
        facets.extend_from_slice(f.companies);
        let companies_end = facets.len() as u32;
        facets.extend_from_slice(f.topics);
        Ok(Event {
            text: text.into_boxed_str(),
            ends,
            display_dates: u8::from(f.display_date.is_some())
                | u8::from(f.end_display_date.is_some()) << 1
                | u8::from(f.title_made_up) << 2,
            date: f.date,
            end_date: f.end_date,
            approximate: f.approximate,
            facets: facets.into_boxed_slice(),
            facet_ends: [countries_end, companies_end],
            sources: f.sources.into_boxed_slice(),
            rare: (!f.people.is_empty() || f.media.is_some() || f.extra.is_some()).then(|| {
                Box::new(Rare {
                    people: f.people.into_boxed_slice(),
                    media: f.media.map(|m| *m),
                    extra: f.extra,
                })
            }),
            file: 0,
        })
    }

    /// The event's parts, borrowed: with [`Event::new`], a changed copy.
    pub fn fields(&self) -> EventFields<'_> {
        EventFields {
            id: self.id(),
            date: self.date,
            end_date: self.end_date,
            approximate: self.approximate,
            title: self.title(),
            summary: self.summary(),
            kind: self.kind(),
            place: self.place(),
            companies: self.facet(Facet::Company),
            countries: self.facet(Facet::Country),
            topics: self.facet(Facet::Topic),
            people: self.people().to_vec(),
            sources: self.sources.to_vec(),
            display_date: self.display_date(),
            media: self.media().cloned().map(Box::new),
            end_display_date: self.end_display_date(),
            title_made_up: self.title_made_up(),
            extra: self.extra().map(Box::from),
        }
    }

    /// People named.
    pub fn people(&self) -> &[Box<str>] {
        self.rare.as_ref().map_or(&[], |r| &r.people)
    }

    /// Its media (TimelineJS `media`).
    pub fn media(&self) -> Option<&Media> {
        self.rare.as_ref()?.media.as_ref()
    }

    /// Unknown members, kept as a JSON object text so they are written
    /// back unchanged.
    pub fn extra(&self) -> Option<&str> {
        self.rare.as_ref()?.extra.as_deref()
    }

    /// Renumbers the facet values, when events move between name tables.
    pub(crate) fn remap_facets(&mut self, map: impl Fn(Sym) -> Sym) {
        for s in self.facets.iter_mut() {
            *s = map(*s);
        }
    }

    /// Part `i` of the shared text.
    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Asks the processor to start fetching the event's text and facets,
    /// which live apart from it: a scan over many events calls this a few
    /// events ahead, so that it does not wait on memory at each one.
    pub(crate) fn prefetch(&self) {
        // The id, title and the start of the summary: a search reads them
        // first, and the processor follows on from there by itself.
        for offset in (0..self.text.len().min(256)).step_by(64) {
            prefetch(self.text.as_ptr().wrapping_add(offset));
        }
        prefetch(self.facets.as_ptr().cast());
    }

    /// Unique identifier.
    pub fn id(&self) -> &str {
        self.part(0)
    }

    /// One-line headline.
    pub fn title(&self) -> &str {
        self.part(1)
    }

    /// Free text, possibly several paragraphs (empty when none).
    pub fn summary(&self) -> &str {
        self.part(2)
    }

    /// Kind of event: agreement, launch, closure… (empty when none).
    pub fn kind(&self) -> &str {
        self.part(3)
    }

    /// Where it happened (empty when unknown).
    pub fn place(&self) -> &str {
        self.part(4)
    }

    /// A date label supplied by the file (TimelineJS `display_date`).
    pub fn display_date(&self) -> Option<&str> {
        (self.display_dates & 1 != 0).then(|| self.part(5))
    }

    /// Whether the title is tlx's own, the slide having no headline.
    pub fn title_made_up(&self) -> bool {
        self.display_dates & 4 != 0
    }

    /// A label for the end date supplied by the file (TimelineJS
    /// `end_date.display_date`, such as `Present`).
    pub fn end_display_date(&self) -> Option<&str> {
        (self.display_dates & 2 != 0).then(|| self.part(6))
    }

    /// The interned values of one facet.
    pub fn facet(&self, facet: Facet) -> &[Sym] {
        let [countries, companies] = self.facet_ends.map(|e| e as usize);
        match facet {
            Facet::Country => &self.facets[..countries],
            Facet::Company => &self.facets[countries..companies],
            Facet::Topic => &self.facets[companies..],
        }
    }

    /// The first and last day the event may cover.
    pub fn day_span(&self) -> (DayKey, DayKey) {
        let end = self.end_date.unwrap_or(self.date);
        (self.date.first_day(), end.last_day())
    }

    /// The date as a person reads it in lists, the strip and text output:
    /// `2017-02`, `300 BCE → 250 BCE`, `13.8 Ga` (see [`PartialDate::label`]).
    pub fn date_label(&self) -> String {
        self.span_label(LabelStyle::Short)
    }

    /// The date label of a span cut to its start (`2017-02 →`); the whole
    /// label when the event has no end.
    pub fn short_date_label(&self) -> String {
        let mut out = self.date.label(LabelStyle::Short);
        if self.end_date.is_some() {
            out.push_str(" →");
        }
        out
    }

    /// The date for the detail pane: as [`Event::date_label`], with huge
    /// magnitudes in words (`13.8 billion years ago`).
    pub fn date_words(&self) -> String {
        self.span_label(LabelStyle::Words)
    }

    fn span_label(&self, style: LabelStyle) -> String {
        let mut out = String::with_capacity(32);
        self.date.push_label(style, &mut out);
        if let Some(end) = self.end_date {
            out.push_str(" → ");
            // Within one day the end is its time alone: `10:00 → 12:30`.
            if end.time().is_some() && self.date.time().is_some() && end.same_day(&self.date) {
                end.push_time_label(&mut out);
            } else {
                end.push_label(style, &mut out);
            }
        }
        out
    }
}

/// Facet names, interned so events store small ids and facets count fast.
#[derive(Clone, Debug, Default)]
pub struct Names {
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, Sym>,
}

impl Names {
    /// The id for `name`, adding it if new.
    pub fn intern(&mut self, name: &str) -> Sym {
        if let Some(&sym) = self.index.get(name) {
            return sym;
        }
        let sym = Sym(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
        self.names.push(name.into());
        self.index.insert(name.into(), sym);
        sym
    }

    /// The id of `name`, if any event uses it.
    pub fn lookup(&self, name: &str) -> Option<Sym> {
        self.index.get(name).copied()
    }

    /// The name behind an id.
    pub fn get(&self, sym: Sym) -> &str {
        self.names.get(sym.0 as usize).map_or("", |s| s)
    }

    /// How many distinct names there are.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name has been interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// A loaded timeline: events in date order plus the facet names they use.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// Title of the (first) file.
    pub title: String,
    /// Description of the (first) file.
    pub description: String,
    /// The media of the (first) file's TimelineJS title slide.
    pub title_media: Option<Box<Media>>,
    /// Unknown members of that title slide, as a JSON object text.
    pub title_extra: Option<Box<str>>,
    /// The files the events came from, as named on the command line (`-`
    /// for standard input): [`Event::file`] indexes it.
    pub files: Vec<Box<str>>,
    /// Events, sorted by date (stable: file order among equal dates).
    pub events: Vec<Event>,
    /// Interned facet values.
    pub names: Names,
    /// Unknown top-level members of the (first) file, as a JSON object text.
    pub extra: Option<Box<str>>,
    /// Other names for facet values, from every file's `aliases`: pairs
    /// of (value, alias), grouped by value (`Egypt`, `Égypte`).
    pub aliases: Vec<(Box<str>, Box<str>)>,
    /// The distinct values each facet takes, by [`Facet`] index.
    facet_values: [Vec<Sym>; 3],
}

impl Timeline {
    /// Names of one facet of an event, resolved.
    pub fn facet_names<'a>(
        &'a self,
        event: &'a Event,
        facet: Facet,
    ) -> impl Iterator<Item = &'a str> + 'a {
        event.facet(facet).iter().map(|&s| self.names.get(s))
    }

    /// Adds a file's `aliases`, skipping pairs already known.
    pub fn add_aliases(&mut self, aliases: Vec<(String, Vec<String>)>) {
        for (value, names) in aliases {
            for alias in names {
                let pair = (Box::from(value.as_str()), alias.into_boxed_str());
                if !self.aliases.contains(&pair) {
                    self.aliases.push(pair);
                }
            }
        }
        // Stable: a value's aliases stay in the order written.
        self.aliases.sort_by(|a, b| a.0.cmp(&b.0));
    }

    /// The distinct values one facet takes over all events.
    pub fn facet_values(&self, facet: Facet) -> &[Sym] {
        &self.facet_values[facet as usize]
    }

    /// Records which values each facet takes; called once events are final.
    pub(crate) fn index_facets(&mut self) {
        let n = self.names.len();
        let mut seen = [vec![false; n], vec![false; n], vec![false; n]];
        for event in &self.events {
            for facet in Facet::ALL {
                for s in event.facet(facet) {
                    seen[facet as usize][s.0 as usize] = true;
                }
            }
        }
        self.facet_values = seen.map(|flags| {
            (0..n)
                .filter(|&i| flags[i])
                .map(|i| Sym(i as u32))
                .collect()
        });
    }

    /// The name of the file `event` came from.
    pub fn file_of(&self, event: &Event) -> &str {
        self.files.get(usize::from(event.file)).map_or("", |f| f)
    }

    /// The event with this id.
    pub fn find(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id() == id)
    }

    /// Earliest and latest day covered by any event.
    pub fn span(&self) -> Option<(PartialDate, PartialDate)> {
        let first = self.events.iter().map(|e| e.date).min()?;
        let last = self
            .events
            .iter()
            .map(|e| e.end_date.unwrap_or(e.date))
            .max_by_key(|d| d.last_day())?;
        Some((first, last))
    }
}

/// A hint to start loading the cache line holding `p`.
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch only hints at a load: it never faults, whatever
    // the address, and changes nothing the program can observe.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An event with this id and these dates and nothing else but a
    /// title, for tests here and in the loader.
    pub(crate) fn bare(id: &str, date: PartialDate, end_date: Option<PartialDate>) -> Event {
        Event::new(EventFields {
            id,
            date,
            end_date,
            approximate: false,
            title: "t",
            summary: "",
            kind: "",
            place: "",
            companies: &[],
            countries: &[],
            topics: &[],
            people: Vec::new(),
            sources: Vec::new(),
            display_date: None,
            media: None,
            end_display_date: None,
            title_made_up: false,
            extra: None,
        })
        .unwrap()
    }

    fn event(date: &str, end: Option<&str>) -> Event {
        let end = end.map(|e| PartialDate::parse(e).unwrap());
        bare("x", PartialDate::parse(date).unwrap(), end)
    }

    #[test]
    fn an_event_without_people_media_or_unknown_members_keeps_none() {
        // A million events are a million of these: two cache lines each,
        // the people, media and unknown members behind one pointer; and
        // about as many sources, each one pointer.
        assert!(std::mem::size_of::<Event>() <= 128);
        assert!(std::mem::size_of::<Source>() <= 16);
        let date = PartialDate::year(2020).expect("a year");
        let plain = bare("x", date, None);
        assert!(plain.rare.is_none());
        assert_eq!(
            (plain.people(), plain.media(), plain.extra()),
            (&[][..], None, None)
        );
        let mut fields = plain.fields();
        fields.people = vec!["Ada".into()];
        fields.extra = Some(r#"{"x":1}"#.into());
        let rich = Event::new(fields).expect("small");
        assert_eq!(rich.people(), [Box::from("Ada")]);
        assert_eq!(rich.extra(), Some(r#"{"x":1}"#));
        assert_eq!(rich.media(), None);
        assert_eq!(Event::new(rich.fields()).expect("small"), rich);
    }

    #[test]
    fn spans_label_both_ends() {
        assert_eq!(
            event("-300", Some("-250")).date_label(),
            "300 BCE → 250 BCE"
        );
        assert_eq!(
            event("1337", Some("1453-07-17")).date_label(),
            "1337 → 1453-07-17"
        );
        assert_eq!(event("0600", Some("0650")).date_label(), "600 → 650");
        assert_eq!(
            event("-0300", Some("-0250")).short_date_label(),
            "300 BCE →"
        );
        assert_eq!(event("2015", None).short_date_label(), "2015");
        assert_eq!(
            event("-13800000000", Some("-13799620000")).date_words(),
            "13.8 billion years ago → 13.8 billion years ago"
        );
        assert_eq!(event("-4600000000", None).date_label(), "4.6 Ga");
    }
}
