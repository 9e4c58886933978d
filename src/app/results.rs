//! What a search gives the screen, computed from the timeline, the filter,
//! the sort and earlier matches alone. The model computes it at once
//! ([`Refresh::Immediate`](super::Refresh)) or hands out a [`Request`] for
//! whoever runs the explorer to compute elsewhere and give back
//! ([`Refresh::Deferred`](super::Refresh)).

use std::sync::Arc;

use super::Histogram;
use crate::search::{self, FacetCounts, Filter, Hit, Matches, Sort};
use crate::timeline::Timeline;

/// A search to run: everything it depends on, owned.
#[derive(Clone, Debug)]
pub struct Request {
    /// Which request this is; a model only shows the results of its newest.
    pub generation: u64,
    /// Query, facets and dates.
    pub filter: Filter,
    /// Result order.
    pub sort: Sort,
    /// Earlier matches to start from: the filter's own, or those of a query
    /// it narrows.
    pub base: Option<Arc<Matches>>,
}

impl Request {
    /// Runs the search.
    pub fn run(self, timeline: &Timeline) -> Results {
        let mut results = Results::compute(timeline, &self.filter, self.sort, self.base);
        results.generation = self.generation;
        results
    }
}

/// The results of one search.
#[derive(Clone, Debug)]
pub struct Results {
    /// The request answered (0 when computed at once).
    pub generation: u64,
    /// Events passing the query and dates, before facets.
    pub matches: Arc<Matches>,
    /// Matching events, in display order.
    pub hits: Vec<Hit>,
    /// Live facet counts.
    pub counts: FacetCounts,
    /// The hits per year and month.
    pub histogram: Histogram,
}

impl Results {
    /// Matches the filter (re-testing only `base`'s events when the filter
    /// narrows it, reusing `base` when it answers the filter), then the
    /// hits, the facet counts and the histogram, from one matching pass.
    pub fn compute(
        timeline: &Timeline,
        filter: &Filter,
        sort: Sort,
        base: Option<Arc<Matches>>,
    ) -> Results {
        let matches = match base {
            Some(base) if base.answers(filter) => base,
            base => Arc::new(search::match_events(timeline, filter, base.as_deref())),
        };
        let hits = search::hits_from(timeline, &matches, filter, sort);
        let counts = search::counts_from(timeline, &matches, filter);
        let histogram = Histogram::of(hits.iter().map(|h| &timeline.events[h.index as usize].date));
        Results {
            generation: 0,
            matches,
            hits,
            counts,
            histogram,
        }
    }
}
