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

impl Request {
    /// Runs the search, re-testing only `base`'s events when the criteria
    /// narrow it, and reusing `base` when it answers them.
    pub fn run(&self, timeline: &Timeline, base: Option<Arc<Matches>>) -> Results {
        let matches = match base {
            Some(base) if base.answers(&self.criteria) => base,
            base => Arc::new(search::match_and_count(
                timeline,
                &self.criteria,
                base.as_deref(),
            )),
        };
        let hits = search::hits_from(timeline, &matches, &self.criteria, self.sort);
        let counts = search::counts_from(timeline, &matches, &self.criteria);
        Results {
            generation: self.generation,
            matches,
            hits,
            counts,
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
}
