//! A search the model asks for ([`Request`]) and what it gives back
//! ([`Results`]), computed from the timeline, the criteria, the sort and
//! earlier matches alone, on whichever thread the runtime chooses.

use std::sync::Arc;

use crate::search::{self, Criteria, FacetCounts, Hit, Matches, Sort};
use crate::timeline::Timeline;

/// A search to run: everything it depends on, owned.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// Which request this is; the model only shows the results of its newest.
    pub generation: u64,
    /// Query, facets and dates.
    pub criteria: Criteria,
    /// Result order.
    pub sort: Sort,
}

/// What [`Request::run_first`] comes to.
#[derive(Debug)]
pub enum First {
    /// Its results.
    Results(Results),
    /// A newer search came first: only its matches were found.
    Overtaken(Arc<Matches>),
}

/// How many of the best hits a search on the worker ranks before its
/// results are shown, when ranking them all would take much longer (a
/// broad query over many events): a few screens of rows. The rest follow
/// in a second answer ([`Request::rank_all`]).
pub const RANKED_FIRST: usize = 256;

impl Request {
    /// Runs the search, re-testing only `base`'s events when the criteria
    /// narrow it, and reusing `base` when it answers them.
    pub fn run(&self, timeline: &Timeline, base: Option<Arc<Matches>>) -> Results {
        let matches = self.matches(timeline, base);
        let hits = search::hits_from(timeline, &matches, &self.criteria, self.sort);
        self.results(timeline, matches, hits, true)
    }

    /// [`Request::run`], with only the first [`RANKED_FIRST`] hits in
    /// their final order when that is much quicker ([`search::hits_first`]);
    /// `ranked` says whether the rest are. Once `stop` says a newer search
    /// is due, the matches are found all the same (the newer search narrows
    /// from them) but not ranked: [`First::Overtaken`].
    pub fn run_first(
        &self,
        timeline: &Timeline,
        base: Option<Arc<Matches>>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> First {
        let matches = self.matches(timeline, base);
        let first = (!stop())
            .then(|| {
                let (criteria, sort) = (&self.criteria, self.sort);
                search::hits_first_unless(timeline, &matches, criteria, sort, RANKED_FIRST, stop)
            })
            .flatten();
        match first {
            Some((hits, ranked)) => First::Results(self.results(timeline, matches, hits, ranked)),
            None => First::Overtaken(matches),
        }
    }

    /// The whole list in order, for the `matches` and `counts` of results
    /// that [`Request::run_first`] ranked only in part; `None` once `stop`
    /// says a newer search wants the cores.
    pub fn rank_all(
        &self,
        timeline: &Timeline,
        (matches, counts): (Arc<Matches>, FacetCounts),
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        let hits = search::hits_unless(timeline, &matches, &self.criteria, self.sort, stop)?;
        Some(Results {
            generation: self.generation,
            matches,
            hits,
            counts,
            ranked: true,
        })
    }

    fn matches(&self, timeline: &Timeline, base: Option<Arc<Matches>>) -> Arc<Matches> {
        match base {
            Some(base) if base.answers(&self.criteria) => base,
            base => Arc::new(search::match_and_count(
                timeline,
                &self.criteria,
                base.as_deref(),
            )),
        }
    }

    fn results(
        &self,
        timeline: &Timeline,
        matches: Arc<Matches>,
        hits: Vec<Hit>,
        ranked: bool,
    ) -> Results {
        let counts = search::counts_from(timeline, &matches, &self.criteria);
        Results {
            generation: self.generation,
            matches,
            hits,
            counts,
            ranked,
        }
    }
}

/// The results of one search.
#[derive(Clone, Debug)]
pub struct Results {
    /// The request answered.
    pub generation: u64,
    /// Events passing the query and dates, before facets.
    pub matches: Arc<Matches>,
    /// Matching events, in display order.
    pub hits: Vec<Hit>,
    /// Live facet counts.
    pub counts: FacetCounts,
    /// Whether every hit is in its final order; else only the first
    /// [`RANKED_FIRST`] are, and the whole list comes in later results of
    /// the same request.
    pub ranked: bool,
}
