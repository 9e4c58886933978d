//! The search engine: fuzzy query, facet filters, date range, ranking and
//! facet counts. It knows nothing of terminals.

mod cache;
mod fold;
mod matching;
mod query;

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::timeline::{Event, Facet, PartialDate, Source, Sym, Timeline};
use fold::with_hay;

pub use cache::MatchCache;
pub use fold::{fold, fold_char};
pub use query::{DateRange, Field, Query, Term, TermKind};

/// Everything that narrows the timeline: the query, facet selections and dates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Criteria {
    /// The parsed search query.
    pub query: Query,
    /// Selected countries (an event needs any one of them).
    pub countries: BTreeSet<Sym>,
    /// Selected organisations.
    pub companies: BTreeSet<Sym>,
    /// Selected topics.
    pub topics: BTreeSet<Sym>,
    /// Keep events that reach this date or later.
    pub since: Option<PartialDate>,
    /// Keep events that start by the end of this date.
    pub until: Option<PartialDate>,
}

impl Criteria {
    /// The selection of one facet.
    pub fn selected(&self, facet: Facet) -> &BTreeSet<Sym> {
        match facet {
            Facet::Country => &self.countries,
            Facet::Company => &self.companies,
            Facet::Topic => &self.topics,
        }
    }

    /// The selection of one facet, to change it.
    pub fn selected_mut(&mut self, facet: Facet) -> &mut BTreeSet<Sym> {
        match facet {
            Facet::Country => &mut self.countries,
            Facet::Company => &mut self.companies,
            Facet::Topic => &mut self.topics,
        }
    }

    /// True when nothing narrows the timeline.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
            && Facet::ALL.iter().all(|&f| self.selected(f).is_empty())
            && self.since.is_none()
            && self.until.is_none()
    }

    /// Whether the event's span overlaps the `since`..`until` range.
    fn dates_allow(&self, event: &Event) -> bool {
        let (first, last) = event.day_span();
        DateRange {
            from: self.since,
            to: self.until,
        }
        .overlaps(first, last)
    }

    /// The facets whose selection the event fails (at most the first two).
    fn failed_facets(&self, event: &Event) -> (Option<Facet>, usize) {
        let mut first = None;
        let mut count = 0;
        for facet in Facet::ALL {
            let selected = self.selected(facet);
            if !selected.is_empty() && !event.facet(facet).iter().any(|s| selected.contains(s)) {
                first.get_or_insert(facet);
                count += 1;
            }
        }
        (first, count)
    }
}

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first while there is a query (as fzf), else by date.
    #[default]
    Auto,
    /// Oldest first (file order among equal dates).
    Date,
    /// Newest first.
    DateDesc,
    /// Best match first, then by date.
    Score,
}

impl Sort {
    /// The next order in the cycle auto → date → -date → score.
    pub fn next(self) -> Sort {
        match self {
            Sort::Auto => Sort::Date,
            Sort::Date => Sort::DateDesc,
            Sort::DateDesc => Sort::Score,
            Sort::Score => Sort::Auto,
        }
    }

    /// The name on the command line and in the status line.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Auto => "auto",
            Sort::Date => "date",
            Sort::DateDesc => "-date",
            Sort::Score => "score",
        }
    }

    /// Every order, in the cycle's order (for help texts and completions).
    pub const ALL: [Sort; 4] = [Sort::Auto, Sort::Date, Sort::DateDesc, Sort::Score];

    /// Whether results in this order need scores, for this query.
    fn ranks(self, query: &Query) -> bool {
        match self {
            Sort::Auto | Sort::Score => !query.is_empty(),
            Sort::Date | Sort::DateDesc => false,
        }
    }
}

impl FromStr for Sort {
    type Err = String;
    fn from_str(s: &str) -> Result<Sort, String> {
        Sort::ALL
            .into_iter()
            .find(|sort| sort.name() == s)
            .ok_or_else(|| format!("unknown sort \"{s}\" (expected auto, date, -date or score)"))
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A matching event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into `timeline.events`.
    pub index: u32,
    /// Match score (0 when the order needs none, or the query is empty).
    pub score: i64,
}

/// How much a match in each field counts: titles and facet values (what
/// an event is about) above kinds, people and places, above the free text.
fn weight(field: Field) -> i64 {
    match field {
        Field::Title | Field::Country | Field::Company | Field::Topic => 3,
        Field::Kind | Field::Person | Field::Place => 2,
        Field::Summary | Field::Source => 1,
    }
}

/// The order fields are tried in to decide a match: facet values first (a
/// lookup each, where text needs a scan), the long texts last.
const MATCH_ORDER: [Field; 9] = [
    Field::Country,
    Field::Company,
    Field::Topic,
    Field::Title,
    Field::Kind,
    Field::Place,
    Field::Person,
    Field::Summary,
    Field::Source,
];

/// The order fields are scored in: the short ones first, so that the long
/// ones know whether the term scored elsewhere.
const SCORE_ORDER: [Field; 9] = [
    Field::Title,
    Field::Country,
    Field::Company,
    Field::Topic,
    Field::Kind,
    Field::Person,
    Field::Place,
    Field::Summary,
    Field::Source,
];

/// The parts of a source a `source:` term searches.
fn source_parts(source: &Source) -> impl Iterator<Item = &str> {
    [
        source.publisher(),
        source.author(),
        source.title(),
        source.via(),
        source.quote(),
        source.note(),
        source.url(),
    ]
    .into_iter()
    .flatten()
}

/// How well `term` matches `text` (0: not at all).
fn text_score(term: &Term, text: &str) -> i64 {
    text_score_with(term, text, true)
}

/// [`text_score`]; without `scattered`, a scattered match scores 0.
fn text_score_with(term: &Term, text: &str, scattered: bool) -> i64 {
    if text.is_empty() || (text.is_ascii() && term.pattern.len() > text.len()) {
        return 0;
    }
    with_hay(text, |hay| {
        term.score_in_with(hay, false, scattered)
            .map_or(0, |s| s.score)
    })
}

/// What [`Prepared::term_score`] finds: the score, or a bound of it at
/// a fraction of the cost, for ranking the best few of many matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Scoring {
    /// A loose bound from the facet values and the texts stored with the
    /// title (title, kind, place); the people, summary and sources, each
    /// a read of its own, are taken at the most a match could score
    /// ([`matching::score_bound`]), and so is a scattered match.
    Rough,
    /// A closer bound, without the costly part of the score: a scattered
    /// match is taken at the most one could score
    /// ([`matching::scattered_bound`]) instead of aligning its letters in
    /// every window. Contiguous matches are scored as they are.
    Bound,
    /// The score.
    Exact,
}

/// A query made ready for one timeline: facet names (and their aliases)
/// are scored once each, not once per event.
struct Prepared<'a> {
    timeline: &'a Timeline,
    /// For each term (in `Query::terms` order), its score against each
    /// interned name or one of the name's aliases (0: no match); empty for
    /// terms that search no facet.
    name_scores: Vec<Vec<u32>>,
    /// Each interned name's aliases.
    aliases: Vec<Vec<&'a str>>,
    /// Each group with the index of its first term, the group likeliest to
    /// rule an event out first: all must hold, so the order changes only
    /// the time taken.
    groups: Vec<(usize, &'a [Term])>,
}

impl<'a> Prepared<'a> {
    /// Ready to match, and to score when `scores` (else a name's score is
    /// 1 when the term matches it: deciding is cheaper than scoring, and
    /// narrowing a few events spends most of its time here).
    fn new(timeline: &'a Timeline, query: &'a Query, scores: bool) -> Self {
        Self::with_names(timeline, query, scores, |_| true)
    }

    /// As [`Prepared::new`], scoring only the names `wanted` accepts (the
    /// others score 0): one event's names, for one row, cost only those.
    fn with_names(
        timeline: &'a Timeline,
        query: &'a Query,
        scores: bool,
        wanted: impl Fn(Sym) -> bool,
    ) -> Self {
        let names = &timeline.names;
        let mut aliases: Vec<Vec<&str>> = vec![Vec::new(); names.len()];
        for (value, alias) in &timeline.aliases {
            if let Some(s) = names.lookup(value) {
                aliases[s.0 as usize].push(alias);
            }
        }
        let name_scores = query
            .terms()
            .map(|t| {
                let facets = [Field::Country, Field::Company, Field::Topic];
                if !facets.iter().any(|&f| t.searches(f)) {
                    return Vec::new();
                }
                (0..names.len())
                    .map(|i| {
                        if !wanted(Sym(i as u32)) {
                            return 0;
                        }
                        let name = names.get(Sym(i as u32));
                        std::iter::once(name)
                            .chain(aliases[i].iter().copied())
                            .map(|n| {
                                if scores {
                                    text_score(t, n)
                                } else {
                                    i64::from(t.occurs_in(n))
                                }
                            })
                            .max()
                            .unwrap_or(0)
                            .clamp(0, u32::MAX as i64) as u32
                    })
                    .collect()
            })
            .collect();
        let mut first = 0;
        let mut groups: Vec<(usize, &[Term])> = query
            .groups()
            .iter()
            .map(|group| {
                first += group.len();
                (first - group.len(), group.as_slice())
            })
            .collect();
        // A group fails only when all its terms fail, and a negated term
        // rules out few events: those go last.
        groups.sort_by_key(|(_, group)| {
            group
                .iter()
                .map(|t| (t.negated, t.commonness()))
                .max()
                .unwrap_or_default()
        });
        Prepared {
            timeline,
            name_scores,
            aliases,
            groups,
        }
    }

    /// Whether the event satisfies every group of the query.
    fn matches(&self, event: &Event) -> bool {
        self.groups.iter().all(|&(start, group)| {
            group.iter().enumerate().any(|(i, term)| {
                let found = self.term_in_event(start + i, term, event);
                found != term.negated
            })
        })
    }

    fn term_in_event(&self, term_index: usize, term: &Term, event: &Event) -> bool {
        if let Some(range) = term.date_range() {
            let (first, last) = event.day_span();
            return range.overlaps(first, last);
        }
        let names = &self.name_scores[term_index];
        MATCH_ORDER.iter().any(|&field| {
            term.searches(field)
                && match field.facet() {
                    Some(facet) => event
                        .facet(facet)
                        .iter()
                        .any(|s| names.get(s.0 as usize).is_some_and(|&n| n > 0)),
                    None => Self::any_text(field, event, |t| term.occurs_in(t)),
                }
        })
    }

    /// Whether a field that is not a facet may hold text, known without
    /// reading any (the people and sources live apart from the event).
    fn may_hold(field: Field, event: &Event) -> bool {
        match field {
            Field::Title => !event.title().is_empty(),
            Field::Summary => !event.summary().is_empty(),
            Field::Kind => !event.kind().is_empty(),
            Field::Place => !event.place().is_empty(),
            Field::Person => !event.people().is_empty(),
            Field::Source => !event.sources.is_empty(),
            Field::Country | Field::Company | Field::Topic => false,
        }
    }

    /// Calls `f` on each text of a field that is not a facet, until it
    /// returns true; whether one did. (A callback: boxing an iterator cost
    /// an allocation per field, term and event.)
    fn any_text<'e>(field: Field, event: &'e Event, mut f: impl FnMut(&'e str) -> bool) -> bool {
        match field {
            Field::Title => f(event.title()),
            Field::Summary => f(event.summary()),
            Field::Kind => f(event.kind()),
            Field::Place => f(event.place()),
            Field::Person => event.people().iter().any(|p| f(p)),
            Field::Source => event.sources.iter().flat_map(source_parts).any(f),
            Field::Country | Field::Company | Field::Topic => false,
        }
    }

    /// Sum over groups of the score of the first positive term that
    /// matches, as fzf scores an OR group (negated and date terms score 0).
    /// The first, not the best: scoring every alternative of a group of
    /// thousands costs thousands of times more, for an order no one reads.
    fn score(&self, event: &Event) -> i64 {
        self.scored(event, Scoring::Exact)
    }

    /// [`Prepared::score`], or a score it never exceeds found at a
    /// fraction of its cost (`scoring`, not `Exact`).
    fn scored(&self, event: &Event, scoring: Scoring) -> i64 {
        self.groups
            .iter()
            .map(|&(start, group)| {
                let mut scores = group
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !t.negated)
                    .map(|(i, t)| self.term_score(start + i, t, event, scoring).0);
                match scoring {
                    // A term scores above 0 exactly where it matches: no
                    // separate test.
                    Scoring::Exact => scores.find(|&score| score > 0),
                    // Whichever term the group scores, at most the best
                    // term's bound.
                    Scoring::Rough | Scoring::Bound => scores.max(),
                }
                .unwrap_or(0)
            })
            .sum()
    }

    /// A term's weighted score in the event, and the field it scored best
    /// in: that field's score plus a quarter of the others', so that a
    /// term found in the title and a topic outranks one found in a topic
    /// alone.
    /// With `Scoring::Bound`, a bound of it: the combination below only
    /// grows with each field's score, so bounds of the fields' scores give
    /// a bound of the term's.
    fn term_score(
        &self,
        term_index: usize,
        term: &Term,
        event: &Event,
        scoring: Scoring,
    ) -> (i64, Option<Field>) {
        let names = &self.name_scores[term_index];
        let mut best = (0, None);
        let mut total = 0;
        let n = term.pattern.chars().count();
        for field in SCORE_ORDER {
            if !term.searches(field) {
                continue;
            }
            // In the long texts a scattered match is worth little and costs
            // most (every window weighed): looked for only when the term
            // scored nowhere else.
            // (A bound allows for one wherever the score might look: where
            // it looks depends on the scores before.)
            let scattered = best.0 == 0
                || !matches!(field, Field::Summary | Field::Source)
                || scoring < Scoring::Exact;
            let present = || Self::may_hold(field, event);
            let weighted = match field.facet() {
                Some(facet) => {
                    let score = event
                        .facet(facet)
                        .iter()
                        .map(|s| names.get(s.0 as usize).map_or(0, |&n| n as i64))
                        .max()
                        .unwrap_or(0);
                    score * weight(field)
                }
                None if scoring == Scoring::Rough
                    && matches!(field, Field::Person | Field::Summary | Field::Source) =>
                {
                    if present() {
                        matching::score_bound(n) * weight(field)
                    } else {
                        0
                    }
                }
                None => {
                    // A field's weight rewards the term found there as
                    // written; letters scattered through a title are no
                    // more telling than through a summary, so they weigh 1.
                    let mut whole = 0;
                    Self::any_text(field, event, |t| {
                        whole = whole.max(text_score_with(term, t, false));
                        false
                    });
                    let mut loose = 0;
                    if whole == 0 && scattered {
                        match scoring {
                            Scoring::Exact => {
                                Self::any_text(field, event, |t| {
                                    loose = loose.max(text_score_with(term, t, true));
                                    false
                                });
                            }
                            // Where `text_score_with` would align letters,
                            // the most they could score.
                            Scoring::Bound => {
                                if term.kind == TermKind::Fuzzy
                                    && Self::any_text(field, event, |t| term.occurs_in(t))
                                {
                                    loose = matching::scattered_bound(n);
                                }
                            }
                            Scoring::Rough => {
                                if term.kind == TermKind::Fuzzy && present() {
                                    loose = matching::scattered_bound(n);
                                }
                            }
                        }
                    }
                    whole * weight(field) + loose
                }
            };
            total += weighted;
            if weighted > best.0 {
                best = (weighted, Some(field));
            }
        }
        (best.0 + (total - best.0) / 4, best.1)
    }

    /// The texts a match in `field` can be shown in: for a facet, each
    /// value and each of its aliases.
    fn shown_texts<'e>(&self, field: Field, event: &'e Event) -> Vec<&'e str>
    where
        'a: 'e,
    {
        match field.facet() {
            Some(facet) => event
                .facet(facet)
                .iter()
                .flat_map(|&s| {
                    std::iter::once(self.timeline.names.get(s)).chain(
                        self.aliases
                            .get(s.0 as usize)
                            .into_iter()
                            .flatten()
                            .copied(),
                    )
                })
                .collect(),
            None => {
                let mut texts = Vec::new();
                Self::any_text(field, event, |t| {
                    texts.push(t);
                    false
                });
                texts
            }
        }
    }
}

/// The events that pass the query and the date range, before facet
/// selections: both the list of hits and the facet counts derive from it.
#[derive(Clone, Debug)]
pub struct Matches {
    query: Query,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    indices: Vec<u32>,
    /// The facet counts of these matches when no facet value is selected,
    /// once counted: Backspace returns to earlier matches, and counting a
    /// million events again cost more than the rest of the answer.
    unselected_counts: OnceLock<FacetCounts>,
    /// The best hits found by [`hits_first`] when no facet value is
    /// selected, with how many were asked for: Backspace returns to these
    /// matches, and finding the best again would cost as much as the
    /// first time.
    unselected_first: OnceLock<(usize, Vec<Hit>)>,
}

impl PartialEq for Matches {
    /// The same events for the same query and dates; whether the counts
    /// and the best hits were kept yet makes no difference.
    fn eq(&self, other: &Matches) -> bool {
        self.query == other.query
            && self.since == other.since
            && self.until == other.until
            && self.indices == other.indices
    }
}

impl Matches {
    /// Indices into `timeline.events`, in date order.
    pub fn indices(&self) -> &[u32] {
        &self.indices
    }

    /// Whether these matches were made for exactly this query and dates.
    pub fn answers(&self, criteria: &Criteria) -> bool {
        self.query == criteria.query && self.same_dates(criteria)
    }

    /// Whether these matches were made for the criteria' dates.
    pub fn same_dates(&self, criteria: &Criteria) -> bool {
        self.since == criteria.since && self.until == criteria.until
    }
}

/// Finds the events passing the criteria' query and dates. When `previous`
/// (found in the same timeline) was made for a query this one only narrows
/// (more characters typed, a term added) and the same dates, only its
/// events are tested again.
pub fn match_events(
    timeline: &Timeline,
    criteria: &Criteria,
    previous: Option<&Matches>,
) -> Matches {
    match_events_with(timeline, criteria, previous, false)
}

/// [`match_events`], counting the facet values of the matches on the way
/// (their counts with no facet selected, which [`counts_from`] then
/// finds kept): the matcher has just read each match's facets, so counting
/// them there costs little, where a pass of its own read every match again.
pub fn match_and_count(
    timeline: &Timeline,
    criteria: &Criteria,
    previous: Option<&Matches>,
) -> Matches {
    match_events_with(timeline, criteria, previous, true)
}

fn match_events_with(
    timeline: &Timeline,
    criteria: &Criteria,
    previous: Option<&Matches>,
    count: bool,
) -> Matches {
    let previous = previous.filter(|p| p.since == criteria.since && p.until == criteria.until);
    if let Some(p) = previous
        && p.query == criteria.query
    {
        return p.clone();
    }
    let all_pass =
        criteria.query.is_empty() && criteria.since.is_none() && criteria.until.is_none();
    let unselected_counts = OnceLock::new();
    let indices = if all_pass {
        (0..timeline.events.len() as u32).collect()
    } else {
        let prepared = Prepared::new(timeline, &criteria.query, false);
        let keep = |i: u32| {
            let event = &timeline.events[i as usize];
            criteria.dates_allow(event) && prepared.matches(event)
        };
        let ahead = |i: u32| timeline.events[i as usize].prefetch();
        let n = timeline.names.len();
        let tally = Tally {
            new: || count.then(|| Facet::ALL.map(|_| vec![0u32; n])),
            add: |counts: &mut Option<[Vec<u32>; 3]>, i: u32| {
                if let Some(counts) = counts {
                    let event = &timeline.events[i as usize];
                    for facet in Facet::ALL {
                        for s in event.facet(facet) {
                            counts[facet as usize][s.0 as usize] += 1;
                        }
                    }
                }
            },
        };
        let (indices, tallies) = match previous.filter(|p| criteria.query.narrows(&p.query)) {
            Some(p) => parallel_filter(&p.indices, keep, ahead, tally),
            None => {
                let all: Vec<u32> = (0..timeline.events.len() as u32).collect();
                parallel_filter(&all, keep, ahead, tally)
            }
        };
        let total = tallies.into_iter().flatten().reduce(|mut total, part| {
            for (sum, add) in total.iter_mut().zip(&part) {
                for (s, a) in sum.iter_mut().zip(add) {
                    *s += a;
                }
            }
            total
        });
        if let Some(total) = total {
            let none = BTreeSet::new();
            let _ = unselected_counts.set(facet_lists(timeline, &total, |_| &none));
        }
        indices
    };
    Matches {
        query: criteria.query.clone(),
        since: criteria.since,
        until: criteria.until,
        indices,
        unselected_counts,
        unselected_first: OnceLock::new(),
    }
}

/// Pieces of work per thread in [`in_pieces`].
const PIECES_PER_THREAD: usize = 32;

/// What each thread of [`parallel_filter`] adds up over the candidates it
/// keeps: `new` makes a thread's sum, `add` adds one kept candidate.
struct Tally<N, F> {
    new: N,
    add: F,
}

/// Splits the work over the machine's cores; order is kept. `ahead` is
/// told of each candidate a few before `keep` is, to fetch what it needs.
/// Returns the kept candidates, and each thread's tally of them.
fn parallel_filter<T: Send>(
    candidates: &[u32],
    keep: impl Fn(u32) -> bool + Sync,
    ahead: impl Fn(u32) + Sync,
    tally: Tally<impl Fn() -> T + Sync, impl Fn(&mut T, u32) + Sync>,
) -> (Vec<u32>, Vec<T>) {
    in_pieces(candidates, &tally.new, |part, sum| {
        let mut kept = Vec::new();
        for (j, &i) in part.iter().enumerate() {
            if let Some(&next) = part.get(j + AHEAD) {
                ahead(next);
            }
            if keep(i) {
                kept.push(i);
                (tally.add)(sum, i);
            }
        }
        kept
    })
}

/// `f` over every event of `items`, the work split over the machine's
/// cores; order is kept. Each event is fetched [`AHEAD`] ahead of `f`.
fn parallel_map<T: Send>(
    timeline: &Timeline,
    items: &[u32],
    f: impl Fn(u32) -> T + Sync,
) -> Vec<T> {
    let map = |part: &[u32], _: &mut ()| -> Vec<T> {
        part.iter()
            .enumerate()
            .map(|(j, &i)| {
                if let Some(&next) = part.get(j + AHEAD) {
                    timeline.events[next as usize].prefetch();
                }
                f(i)
            })
            .collect()
    };
    in_pieces(items, || (), map).0
}

/// How far ahead a scan over events fetches the next ones: enough to
/// cover a fetch from memory, not so far that what was fetched is gone
/// again.
const AHEAD: usize = 8;

/// Below this many items, starting threads costs more than it saves
/// (scoring an event costs about as much as matching it).
const SEQUENTIAL_BELOW: usize = 20_000;

/// `each` over the pieces of `items`, split over the machine's cores,
/// each thread with a `state` of its own: what the pieces gave, end to end
/// in the items' order, and every thread's state.
fn in_pieces<T: Send, S: Send>(
    items: &[u32],
    state: impl Fn() -> S + Sync,
    each: impl Fn(&[u32], &mut S) -> Vec<T> + Sync,
) -> (Vec<T>, Vec<S>) {
    // Asked only for large sets: see `count`.
    let threads = if items.len() < SEQUENTIAL_BELOW {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    if threads < 2 {
        let mut alone = state();
        let out = each(items, &mut alone);
        return (out, vec![alone]);
    }
    // Many more pieces than threads, each taken by whichever thread is
    // free: on a shared machine one thread is often set back, and with one
    // half each the answer waited for the slower.
    let piece = items.len().div_ceil(PIECES_PER_THREAD * threads);
    let pieces: Vec<&[u32]> = items.chunks(piece).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<T>)> = Vec::new();
        let mut mine = state();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = pieces.get(k) else { break };
            done.push((k, each(part, &mut mine)));
        }
        (done, mine)
    };
    let work = &work;
    let (mut done, states) = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let (mut done, mine) = work();
        let mut states = vec![mine];
        for helper in helpers {
            // A thread only panics if the work itself panicked: pass it on.
            match helper.join() {
                Ok((more, theirs)) => {
                    done.extend(more);
                    states.push(theirs);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (done, states)
    });
    done.sort_unstable_by_key(|&(k, _)| k);
    let mut out = Vec::with_capacity(done.iter().map(|(_, part)| part.len()).sum());
    for (_, part) in done {
        out.extend(part);
    }
    (out, states)
}

/// The matches that also pass the facet selections, in the requested order.
pub fn hits_from(
    timeline: &Timeline,
    matches: &Matches,
    criteria: &Criteria,
    sort: Sort,
) -> Vec<Hit> {
    // Never stopped, so always some.
    hits_unless(timeline, matches, criteria, sort, &|| false).unwrap_or_default()
}

/// [`hits_from`], given up (`None`) as soon as `stop` says so: ranking a
/// million matches takes seconds, and a newer query makes it pointless.
pub fn hits_unless(
    timeline: &Timeline,
    matches: &Matches,
    criteria: &Criteria,
    sort: Sort,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Hit>> {
    let kept = kept(timeline, matches, criteria);
    ordered(timeline, &kept, &matches.query, sort, stop)
}

/// The `kept` matches of `query` in the order `sort` asks, unless stopped.
fn ordered(
    timeline: &Timeline,
    kept: &[u32],
    query: &Query,
    sort: Sort,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Hit>> {
    let ranked = sort.ranks(query);
    let mut hits: Vec<Hit> = if ranked {
        let prepared = Prepared::new(timeline, query, true);
        let hits = parallel_map(timeline, kept, |i| Hit {
            index: i,
            // Once stopped, the rest are not scored: the list is dropped.
            score: if stop() {
                0
            } else {
                prepared.score(&timeline.events[i as usize])
            },
        });
        if stop() {
            return None;
        }
        hits
    } else {
        kept.iter().map(|&i| Hit { index: i, score: 0 }).collect()
    };
    // Events are stored in date order, so index order is date order.
    match sort {
        Sort::Date => {}
        Sort::DateDesc => {
            hits.sort_by_key(|h| (Reverse(timeline.events[h.index as usize].date), h.index))
        }
        Sort::Auto | Sort::Score if ranked => hits.sort_by_key(by_rank),
        Sort::Auto | Sort::Score => {}
    }
    Some(hits)
}

/// The order of ranked hits: best score first, then date order.
fn by_rank(hit: &Hit) -> (Reverse<i64>, u32) {
    (Reverse(hit.score), hit.index)
}

/// The matches that pass the facet selections too, in date order.
fn kept(timeline: &Timeline, matches: &Matches, criteria: &Criteria) -> Vec<u32> {
    matches
        .indices
        .iter()
        .copied()
        .filter(|&i| criteria.failed_facets(&timeline.events[i as usize]).1 == 0)
        .collect()
}

/// Below this many times the rows asked for, [`hits_first`] ranks every
/// hit: leaving most out is worth its own passes only when most is many.
const RANK_ALL_BELOW: usize = 16;

/// The hits of [`hits_from`] with only the `first` best in their final
/// place when ranking all of them would cost much more; the rest follow
/// in date order. True when the whole list is in its final order.
///
/// Each hit gets a rough bound of its score; then, as in a best-first
/// search, the hits with the highest bounds are taken in batches and their
/// bounds made closer ([`Scoring`]: rough, bound, exact). A hit whose
/// exact score is the highest of all that is left comes next: no other
/// can score more. Most hits are never scored.
pub fn hits_first(
    timeline: &Timeline,
    matches: &Matches,
    criteria: &Criteria,
    sort: Sort,
    first: usize,
) -> (Vec<Hit>, bool) {
    // Never stopped, so always some.
    hits_first_unless(timeline, matches, criteria, sort, first, &|| false).unwrap_or_default()
}

/// [`hits_first`], given up (`None`) as soon as `stop` says so: a newer
/// query makes the ranking pointless, and its rough pass over a million
/// matches takes longer than a key.
pub fn hits_first_unless(
    timeline: &Timeline,
    matches: &Matches,
    criteria: &Criteria,
    sort: Sort,
    first: usize,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<(Vec<Hit>, bool)> {
    /// Bounds made closer at a time, at most, on every core.
    const BATCH: usize = 1024;
    /// Hits sampled to see whether leaving most out pays.
    const SAMPLE: usize = 1000;
    let first = first.max(1);
    let batch_size = first.saturating_mul(4).min(BATCH);
    let kept = kept(timeline, matches, criteria);
    if !sort.ranks(&matches.query) || kept.len() < first.saturating_mul(RANK_ALL_BELOW) {
        let all = ordered(timeline, &kept, &matches.query, sort, stop)?;
        return Some((all, true));
    }
    let unselected = Facet::ALL.iter().all(|&f| criteria.selected(f).is_empty());
    // Ranked whole, the first hits are kept all the same: Backspace shows
    // them at once and leaves the rest to the second answer.
    let all = || {
        let all = ordered(timeline, &kept, &matches.query, sort, stop)?;
        if unselected {
            let _ = matches.unselected_first.set((first, all[..first].to_vec()));
        }
        Some((all, true))
    };
    if unselected
        && let Some((n, top)) = matches.unselected_first.get()
        && *n == first
    {
        return Some((with_the_rest(top.clone(), &kept), false));
    }
    let prepared = Prepared::new(timeline, &matches.query, true);
    let event = |i: u32| &timeline.events[i as usize];
    let closer = |scoring: Scoring, i: u32| prepared.scored(event(i), scoring);
    // When most hits tie with the best (a word in most titles), most
    // bounds reach the first rows' scores and would be made closer one by
    // one: a sample of the hits says so before any pass over them.
    let step = kept.len() / SAMPLE;
    let sample: Vec<u32> = kept.iter().step_by(step.max(1)).copied().collect();
    let best = sample.iter().map(|&i| closer(Scoring::Exact, i)).max();
    let reach = sample
        .iter()
        .filter(|&&i| Some(closer(Scoring::Rough, i)) >= best)
        .count();
    if reach * 4 > sample.len() {
        return all();
    }
    // The heap's order is the list's: highest first, then date order.
    let rough = parallel_map(timeline, &kept, |i| {
        // Once stopped, the rest are not bounded: the heap is dropped.
        let bound = if stop() { 0 } else { closer(Scoring::Rough, i) };
        (bound, Reverse(i), Scoring::Rough)
    });
    if stop() {
        return None;
    }
    let mut heap: BinaryHeap<(i64, Reverse<u32>, Scoring)> = rough.into();
    let mut top: Vec<Hit> = Vec::with_capacity(first);
    let mut refined = 0;
    while top.len() < first && !heap.is_empty() {
        while top.len() < first
            && let Some(&(score, Reverse(index), Scoring::Exact)) = heap.peek()
        {
            heap.pop();
            top.push(Hit { index, score });
        }
        if top.len() == first {
            break;
        }
        // Past a quarter of the hits, ranking them all costs little more.
        if refined > kept.len() / 4 {
            return all();
        }
        if stop() {
            return None;
        }
        // The next highest, each to its closer bound.
        let mut batch: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
        let mut exact = Vec::new();
        while batch[0].len() + batch[1].len() < batch_size
            && let Some(entry) = heap.pop()
        {
            match entry.2 {
                Scoring::Rough => batch[0].push(entry.1.0),
                Scoring::Bound => batch[1].push(entry.1.0),
                Scoring::Exact => exact.push(entry),
            }
        }
        heap.extend(exact);
        for (indices, scoring) in batch.iter().zip([Scoring::Bound, Scoring::Exact]) {
            refined += indices.len();
            let bounds = parallel_map(timeline, indices, |i| closer(scoring, i));
            heap.extend(
                indices
                    .iter()
                    .zip(bounds)
                    .map(|(&i, bound)| (bound, Reverse(i), scoring)),
            );
        }
    }
    if unselected {
        let _ = matches.unselected_first.set((first, top.clone()));
    }
    Some((with_the_rest(top, &kept), false))
}

/// The `top` hits, then the rest of `kept` in date order.
fn with_the_rest(mut top: Vec<Hit>, kept: &[u32]) -> Vec<Hit> {
    let mut placed: Vec<u32> = top.iter().map(|h| h.index).collect();
    placed.sort_unstable();
    top.extend(
        kept.iter()
            .filter(|i| placed.binary_search(i).is_err())
            .map(|&index| Hit { index, score: 0 }),
    );
    top
}

/// The events that meet the criteria, in the requested order.
pub fn search(timeline: &Timeline, criteria: &Criteria, sort: Sort) -> Vec<Hit> {
    hits_from(
        timeline,
        &match_events(timeline, criteria, None),
        criteria,
        sort,
    )
}

/// Live counts for every facet value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    counts: [Vec<(Sym, u32)>; 3],
}

impl FacetCounts {
    /// Values of one facet with their counts, most frequent first.
    pub fn get(&self, facet: Facet) -> &[(Sym, u32)] {
        &self.counts[facet as usize]
    }
}

/// Counts, for each facet value, the events that would match if that value
/// were selected alongside the query, the dates and the *other* facets'
/// selections (OR within a facet, AND across facets).
pub fn facet_counts(timeline: &Timeline, criteria: &Criteria) -> FacetCounts {
    counts_from(timeline, &match_events(timeline, criteria, None), criteria)
}

/// [`facet_counts`] over matches already found. Without facet selections
/// the counts are kept with the matches, so finding them again is free.
pub fn counts_from(timeline: &Timeline, matches: &Matches, criteria: &Criteria) -> FacetCounts {
    if Facet::ALL.iter().all(|&f| criteria.selected(f).is_empty()) {
        return matches
            .unselected_counts
            .get_or_init(|| count(timeline, matches, criteria))
            .clone();
    }
    count(timeline, matches, criteria)
}

/// Counts each facet value over the matches, the work split over the
/// machine's cores (each reads its part's facet lists, spread all over
/// memory, into counts of its own, added up at the end).
fn count(timeline: &Timeline, matches: &Matches, criteria: &Criteria) -> FacetCounts {
    /// Below this, starting threads costs more than it saves.
    const SEQUENTIAL_BELOW: usize = 50_000;
    let n = timeline.names.len();
    let count_part = |part: &[u32]| {
        let mut counts = [vec![0u32; n], vec![0u32; n], vec![0u32; n]];
        for &i in part {
            let event = &timeline.events[i as usize];
            let (failed, failures) = criteria.failed_facets(event);
            if failures > 1 {
                continue;
            }
            for facet in Facet::ALL {
                if failed.is_none_or(|f| f == facet) {
                    for s in event.facet(facet) {
                        counts[facet as usize][s.0 as usize] += 1;
                    }
                }
            }
        }
        counts
    };
    let indices = &matches.indices;
    // Asked only for large sets: the answer is read from the system each
    // time (cgroup files on Linux), which costs more than counting a few
    // hundred matches.
    let threads = || std::thread::available_parallelism().map_or(1, |n| n.get());
    let counts = if indices.len() < SEQUENTIAL_BELOW || threads() < 2 {
        count_part(indices)
    } else {
        let chunk = indices.len().div_ceil(threads());
        let count_part = &count_part;
        std::thread::scope(|scope| {
            let parts: Vec<_> = indices
                .chunks(chunk)
                .map(|part| scope.spawn(move || count_part(part)))
                .collect();
            let mut total = [vec![0u32; n], vec![0u32; n], vec![0u32; n]];
            for part in parts {
                // A worker only panics if counting itself panicked: pass it on.
                let part = match part.join() {
                    Ok(part) => part,
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                for (sum, add) in total.iter_mut().zip(&part) {
                    for (s, a) in sum.iter_mut().zip(add) {
                        *s += a;
                    }
                }
            }
            total
        })
    };
    facet_lists(timeline, &counts, |facet| criteria.selected(facet))
}

/// Each facet's values with their `counts` (by facet, then name), most
/// frequent first; the `selected` values are listed even when absent.
fn facet_lists<'c>(
    timeline: &Timeline,
    counts: &[Vec<u32>; 3],
    selected: impl Fn(Facet) -> &'c BTreeSet<Sym>,
) -> FacetCounts {
    let n = timeline.names.len();
    let names = &timeline.names;
    let lists = Facet::ALL.map(|facet| {
        let i = facet as usize;
        let mut list: Vec<(Sym, u32)> = timeline
            .facet_values(facet)
            .iter()
            .chain(selected(facet).iter().filter(|s| (s.0 as usize) < n))
            .map(|&s| (s, counts[i][s.0 as usize]))
            .collect();
        list.sort_unstable();
        list.dedup();
        list.sort_by_cached_key(|&(s, c)| (Reverse(c), names.get(s).to_lowercase()));
        list
    });
    FacetCounts { counts: lists }
}

/// Char indices of `text` matched by the query's positive terms, for
/// highlighting: every term, whatever field it is for (see
/// [`highlight_field`] for one field's terms only).
pub fn highlight(query: &Query, text: &str) -> Vec<usize> {
    positions(query.terms().filter(|t| !t.negated), text)
}

/// Char indices of `text`, the text of `field`, matched by the positive
/// terms that search that field (`country:togo` marks nothing in a title).
pub fn highlight_field(query: &Query, field: Field, text: &str) -> Vec<usize> {
    positions(
        query.terms().filter(|t| !t.negated && t.searches(field)),
        text,
    )
}

fn positions<'q>(terms: impl Iterator<Item = &'q Term>, text: &str) -> Vec<usize> {
    let mut positions: Vec<usize> = terms.flat_map(|t| t.positions_in(text)).collect();
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// Where an event matched a query, for a list row whose match is not in
/// its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The field.
    pub field: Field,
    /// The field's text; for a facet, the value (or the alias) that matched.
    pub text: String,
    /// Char indices into `text` of the matched characters.
    pub positions: Vec<usize>,
}

/// Where the event matched the query: the title when it matches there,
/// else the field of the best-scoring positive term (and, for a facet, the
/// value that matched), with every positive term's positions in it. `None`
/// when no positive term matches text (an empty query, dates or negations
/// only).
pub fn locate(timeline: &Timeline, event: &Event, query: &Query) -> Option<Located> {
    let positive = || query.terms().enumerate().filter(|(_, t)| !t.negated);
    let title = event.title();
    let in_title = highlight_field(query, Field::Title, title);
    if !in_title.is_empty() {
        return Some(Located {
            field: Field::Title,
            text: title.to_string(),
            positions: in_title,
        });
    }
    // Called for list rows on every frame: score this event's names only,
    // not every name of the timeline.
    let prepared = Prepared::with_names(timeline, query, true, |s| {
        Facet::ALL.iter().any(|&f| event.facet(f).contains(&s))
    });
    let (_, field) = positive()
        .map(|(i, t)| prepared.term_score(i, t, event, Scoring::Exact))
        .filter(|(score, _)| *score > 0)
        // The first term wins a tie: the one typed first.
        .fold(
            (0, None),
            |best, this| if this.0 > best.0 { this } else { best },
        );
    let field = field?;
    let (_, text) = prepared
        .shown_texts(field, event)
        .into_iter()
        .map(|text| {
            let score: i64 = positive()
                .filter(|(_, t)| t.searches(field))
                .map(|(_, t)| text_score(t, text))
                .sum();
            (score, text)
        })
        .fold(
            (0, ""),
            |best, this| if this.0 > best.0 { this } else { best },
        );
    Some(Located {
        field,
        text: text.to_string(),
        positions: highlight_field(query, field, text),
    })
}

/// The values of `facet` named `wanted`, by their name or one of their
/// aliases, ignoring case and accents (`--country egypte` finds `Égypte`,
/// and `Egypt` when the timeline gives it the alias `Égypte`).
pub fn facet_values_named(timeline: &Timeline, facet: Facet, wanted: &str) -> Vec<Sym> {
    let wanted = fold(wanted.trim(), true);
    let named = |name: &str| fold(name, true) == wanted;
    let aliased = |value: &str| {
        timeline
            .aliases
            .iter()
            .any(|(v, alias)| &**v == value && named(alias))
    };
    let mut found: Vec<Sym> = timeline
        .facet_values(facet)
        .iter()
        .copied()
        .filter(|&s| {
            let name = timeline.names.get(s);
            named(name) || aliased(name)
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::timeline::parse;

    const DOC: &str = r#"{"aliases": {"Egypt": ["Égypte"]}, "events": [
      {"id": "a", "date": "2019", "title": "Cloud memorandum", "kind": "agreement",
       "summary": "Signed in Cairo by Telecom Egypt.", "countries": ["Egypt"],
       "people": ["Amr Talaat"], "place": "Barcelona",
       "sources": [{"publisher": "01net", "title": "Accord"}]}
    ]}"#;

    fn located(q: &str) -> Option<(Field, String, Vec<usize>)> {
        let t = parse("t.json", DOC.as_bytes()).expect("loads");
        locate(&t, &t.events[0], &Query::parse(q)).map(|l| (l.field, l.text, l.positions))
    }

    #[test]
    fn locate_prefers_the_title_then_the_best_field() {
        let (field, text, positions) = located("cloud egypt").unwrap();
        assert_eq!(
            (field, text.as_str(), positions),
            (Field::Title, "Cloud memorandum", vec![0, 1, 2, 3, 4])
        );
        // The country (a whole value, weighed 3) beats the summary's word.
        let (field, text, _) = located("egypt").unwrap();
        assert_eq!((field, text.as_str()), (Field::Country, "Egypt"));
        let (field, text, positions) = located("country:egypte").unwrap();
        assert_eq!(
            (field, text.as_str(), positions),
            (Field::Country, "Égypte", vec![0, 1, 2, 3, 4, 5])
        );
        assert_eq!(located("talaat").map(|l| l.0), Some(Field::Person));
        assert_eq!(located("barcelona").map(|l| l.0), Some(Field::Place));
        assert_eq!(located("kind:agree").map(|l| l.0), Some(Field::Kind));
        assert_eq!(located("cairo").map(|l| l.0), Some(Field::Summary));
        let (field, text, positions) = located("source:01net").unwrap();
        assert_eq!(
            (field, text.as_str(), positions),
            (Field::Source, "01net", vec![0, 1, 2, 3, 4])
        );
        // Plain terms do not reach the sources; nothing located.
        assert_eq!(located("01net"), None);
        assert_eq!(located("!zzz date:2019"), None);
    }

    #[test]
    fn counts_found_while_matching_are_the_counts_of_the_matches() {
        // Above the size where matching splits over threads.
        let tl = varied(30_000);
        let mut previous: Option<Matches> = None;
        for typed in [
            "o",
            "or",
            "ora",
            "oran",
            "orange",
            "orange c",
            "orange cloud",
            "zzz",
        ] {
            let criteria = Criteria {
                query: Query::parse(typed),
                ..Criteria::default()
            };
            let counted = match_and_count(&tl, &criteria, previous.as_ref());
            let plain = match_events(&tl, &criteria, previous.as_ref());
            assert_eq!(counted, plain, "{typed}");
            // Split over threads in many pieces, the order is still the events'.
            let prepared = Prepared::new(&tl, &criteria.query, false);
            let one_by_one: Vec<u32> = (0..tl.events.len() as u32)
                .filter(|&i| prepared.matches(&tl.events[i as usize]))
                .collect();
            assert_eq!(plain.indices(), one_by_one, "{typed}");
            assert!(counted.unselected_counts.get().is_some(), "{typed}");
            let fresh = count(&tl, &plain, &criteria);
            assert_eq!(counts_from(&tl, &counted, &criteria), fresh, "{typed}");
            assert_eq!(counts_from(&tl, &plain, &criteria), fresh, "{typed}");
            // With a value selected, the kept counts do not answer.
            let mut selected = criteria.clone();
            let orange = tl.names.lookup("Orange").expect("a company");
            selected.companies.insert(orange);
            assert_eq!(
                counts_from(&tl, &counted, &selected),
                count(&tl, &plain, &selected),
                "{typed}"
            );
            previous = Some(counted);
        }
    }

    #[test]
    fn weights_and_orders() {
        assert!(weight(Field::Title) > weight(Field::Kind));
        assert!(weight(Field::Country) > weight(Field::Summary));
        assert!(Sort::Auto.ranks(&Query::parse("x")) && !Sort::Auto.ranks(&Query::default()));
        assert!(!Sort::Date.ranks(&Query::parse("x")));
    }

    /// Events whose fields vary enough that scores spread and tie: words
    /// drawn from a small stock into every field a term searches.
    pub(crate) fn varied(n: usize) -> Timeline {
        let words = [
            "orange",
            "cloud",
            "Oran",
            "radar",
            "coral",
            "ora",
            "Côte",
            "telecom",
            "egypt",
            "or",
            "o",
            "Orangerie",
            "data",
            "moral",
        ];
        let names = ["Orange", "Ooredoo", "Huawei", "Telefónica", "Oracle", "SES"];
        let events: Vec<String> = (0..n)
            .map(|i| {
                let pick = |k: usize, of: &[&'static str]| {
                    of[(i * 7 + k * 13 + i / 3 + (i * k) % 5) % of.len()]
                };
                format!(
                    r#"{{"id": "e{i}", "date": "{}", "title": "{} {}", "summary": "{} {} and {} {}",
                       "kind": "{}", "place": "{}", "people": ["{} {}"],
                       "sources": [{{"publisher": "{}", "title": "{} {}"}}],
                       "companies": ["{}"], "countries": ["{}"], "topics": ["{}"]}}"#,
                    1990 + i % 30,
                    pick(0, &words),
                    pick(1, &words),
                    pick(2, &words),
                    pick(3, &words),
                    pick(4, &words),
                    pick(5, &words),
                    pick(6, &["launch", "agreement", "closure", ""]),
                    pick(7, &["Oran", "Lomé", "Cairo", ""]),
                    pick(8, &words),
                    pick(9, &words),
                    pick(10, &names),
                    pick(11, &words),
                    pick(12, &words),
                    pick(13, &names),
                    pick(14, &["Togo", "Bénin", "Morocco"]),
                    pick(15, &["fibre", "cloud", "5G"]),
                )
            })
            .collect();
        let doc = format!(r#"{{"events": [{}]}}"#, events.join(","));
        parse("t.json", doc.as_bytes()).expect("loads")
    }

    const RANKED_QUERIES: [&str; 12] = [
        "o",
        "or",
        "ora",
        "oran",
        "orange cloud",
        "rdr",
        "telecom | egypt",
        "!orange o",
        "'ora",
        "title:ora",
        "^Or",
        "coral$ | moral",
    ];

    #[test]
    fn bounds_are_never_below_the_score() {
        let tl = varied(600);
        for q in RANKED_QUERIES {
            let query = Query::parse(q);
            let prepared = Prepared::new(&tl, &query, true);
            for event in &tl.events {
                let exact = prepared.score(event);
                let bound = prepared.scored(event, Scoring::Bound);
                let rough = prepared.scored(event, Scoring::Rough);
                assert!(
                    exact <= bound && bound <= rough,
                    "{q}: {exact} {bound} {rough}"
                );
            }
        }
    }

    #[test]
    fn the_first_hits_ranked_alone_are_the_first_of_the_whole_ranking() {
        let tl = varied(2000);
        let mut staged = 0;
        for q in RANKED_QUERIES {
            let criteria = Criteria {
                query: Query::parse(q),
                ..Criteria::default()
            };
            let matches = match_events(&tl, &criteria, None);
            let whole = hits_from(&tl, &matches, &criteria, Sort::Auto);
            for first in [1, 5, 40] {
                let (hits, settled) = hits_first(&tl, &matches, &criteria, Sort::Auto, first);
                let n = first.min(whole.len());
                assert_eq!(hits[..n], whole[..n], "{q}, first {first}");
                // Asked again (Backspace), the same first rows, from what
                // was kept.
                let (again, _) = hits_first(&tl, &matches, &criteria, Sort::Auto, first);
                assert_eq!(again[..n], whole[..n], "{q}, again");
                // Every hit once, the rest in date order.
                let mut indices: Vec<u32> = hits.iter().map(|h| h.index).collect();
                if settled {
                    assert_eq!(hits, whole, "{q}");
                } else {
                    staged += 1;
                    assert!(indices[n..].is_sorted(), "{q}");
                }
                indices.sort_unstable();
                assert_eq!(indices, matches.indices(), "{q}");
            }
        }
        // The staged path ran, not only the whole ranking.
        assert!(staged > 10, "{staged}");
    }
}
