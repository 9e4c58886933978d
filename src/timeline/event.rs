//! Events, their sources, and the timeline that holds them.

use std::collections::HashMap;

use super::date::{DayKey, PartialDate};

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

/// A citation for an event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    /// Who published it (a newspaper, a site).
    pub publisher: Option<Box<str>>,
    /// Who wrote it.
    pub author: Option<Box<str>>,
    /// Its headline, in its own language.
    pub title: Option<Box<str>>,
    /// When it was published, as written.
    pub date: Option<Box<str>>,
    /// Its language code, such as `fr`.
    pub language: Option<Box<str>>,
    /// Where to read it.
    pub url: Option<Box<str>>,
    /// Unknown members, kept as a JSON object text so they are written back unchanged.
    pub extra: Option<Box<str>>,
}

/// One dated event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Unique identifier.
    pub id: Box<str>,
    /// When it happened (or began).
    pub date: PartialDate,
    /// When it ended, for spans.
    pub end_date: Option<PartialDate>,
    /// The date is an estimate.
    pub approximate: bool,
    /// One-line headline.
    pub title: Box<str>,
    /// Free text, possibly several paragraphs.
    pub summary: Box<str>,
    /// Kind of event: agreement, launch, closure…
    pub kind: Box<str>,
    /// Where it happened.
    pub place: Box<str>,
    /// Organisations involved.
    pub companies: Box<[Sym]>,
    /// Countries concerned.
    pub countries: Box<[Sym]>,
    /// Subjects.
    pub topics: Box<[Sym]>,
    /// People named.
    pub people: Box<[Box<str>]>,
    /// Citations.
    pub sources: Box<[Source]>,
    /// A date label supplied by the file (TimelineJS `display_date`).
    pub display_date: Option<Box<str>>,
    /// Unknown members, kept as a JSON object text so they are written back unchanged.
    pub extra: Option<Box<str>>,
}

impl Event {
    /// The interned values of one facet.
    pub fn facet(&self, facet: Facet) -> &[Sym] {
        match facet {
            Facet::Country => &self.countries,
            Facet::Company => &self.companies,
            Facet::Topic => &self.topics,
        }
    }

    /// The first and last day the event may cover.
    pub fn day_span(&self) -> (DayKey, DayKey) {
        let end = self.end_date.unwrap_or(self.date);
        (self.date.first_day(), end.last_day())
    }

    /// The date as shown in lists: `2017-02` or `2017-02 → 2026-09`.
    pub fn date_label(&self) -> String {
        match self.end_date {
            Some(end) => format!("{} → {}", self.date, end),
            None => self.date.to_string(),
        }
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
    /// Events, sorted by date (stable: file order among equal dates).
    pub events: Vec<Event>,
    /// Interned facet values.
    pub names: Names,
    /// Unknown top-level members of the (first) file, as a JSON object text.
    pub extra: Option<Box<str>>,
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

    /// The event with this id.
    pub fn find(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| &*e.id == id)
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
