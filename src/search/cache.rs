//! The matches of recent queries, so that deleting characters costs nothing
//! and typing narrows from the closest earlier query.

use std::sync::Arc;

use super::{Criteria, Matches};

/// How many earlier queries are kept.
const KEPT: usize = 32;

/// The matches of the last few queries (and dates), newest first. Shared
/// (`Arc`) so that handing one over as the base of a search copies nothing.
#[derive(Clone, Debug, Default)]
pub struct MatchCache {
    entries: Vec<Arc<Matches>>,
}

impl MatchCache {
    /// The best start for matching `criteria`: matches made for exactly their
    /// query and dates, else the smallest set made for a query they narrow
    /// (same dates), else nothing (match every event).
    pub fn base(&self, criteria: &Criteria) -> Option<Arc<Matches>> {
        if let Some(exact) = self.entries.iter().find(|m| m.answers(criteria)) {
            return Some(Arc::clone(exact));
        }
        self.entries
            .iter()
            .filter(|m| m.same_dates(criteria) && criteria.query.narrows(&m.query))
            .min_by_key(|m| m.indices.len())
            .map(Arc::clone)
    }

    /// Keeps `matches` as the newest entry. Entries made for other dates can
    /// never serve again once the dates have changed, so they are dropped;
    /// beyond [`KEPT`] entries the oldest goes.
    pub fn push(&mut self, matches: Arc<Matches>) {
        self.entries.retain(|m| {
            m.since == matches.since && m.until == matches.until && m.query != matches.query
        });
        self.entries.insert(0, matches);
        self.entries.truncate(KEPT);
    }

    /// The newest entry.
    pub fn newest(&self) -> Option<&Matches> {
        self.entries.first().map(|m| &**m)
    }

    /// How many queries are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Query, match_events};
    use crate::timeline::{Input, PartialDate, load_inputs};

    fn filter(query: &str) -> Criteria {
        Criteria {
            query: Query::parse(query),
            ..Criteria::default()
        }
    }

    #[test]
    fn exact_answers_win_then_the_smallest_set_narrowed() {
        let tl = load_inputs(&[Input::Embedded]).unwrap().0;
        let mut cache = MatchCache::default();
        for typed in ["o", "or", "ora", "orange"] {
            let m = match_events(&tl, &filter(typed), cache.base(&filter(typed)).as_deref());
            cache.push(Arc::new(m));
        }
        assert_eq!(cache.len(), 4);
        // Backspace: the earlier query's own matches, shared, not copied.
        let ora = cache.base(&filter("ora")).unwrap();
        assert!(ora.answers(&filter("ora")));
        assert!(Arc::ptr_eq(&ora, &cache.base(&filter("ora")).unwrap()));
        // `orange c` narrows all four: the smallest set is `orange`'s.
        assert!(
            cache
                .base(&filter("orange c"))
                .unwrap()
                .answers(&filter("orange"))
        );
        // `orx` narrows `or` and `o` only.
        assert!(cache.base(&filter("orx")).unwrap().answers(&filter("or")));
        // Nothing narrows `x`.
        assert!(cache.base(&filter("x")).is_none());
    }

    #[test]
    fn bounded_newest_first_and_dropped_when_dates_change() {
        let tl = load_inputs(&[Input::Embedded]).unwrap().0;
        let mut cache = MatchCache::default();
        for i in 0..KEPT + 5 {
            let f = filter(&format!("q{i}"));
            cache.push(Arc::new(match_events(&tl, &f, None)));
        }
        assert_eq!(cache.len(), KEPT);
        assert!(
            cache
                .newest()
                .unwrap()
                .answers(&filter(&format!("q{}", KEPT + 4)))
        );
        assert!(cache.base(&filter("q0")).is_none(), "the oldest went");
        // The same query again replaces its entry rather than doubling it.
        let again = filter(&format!("q{}", KEPT));
        cache.push(Arc::new(match_events(&tl, &again, None)));
        assert_eq!(cache.len(), KEPT);
        assert!(cache.newest().unwrap().answers(&again));
        // New dates: nothing earlier can serve them.
        let dated = Criteria {
            since: Some(PartialDate::parse("2019").unwrap()),
            ..filter("q1")
        };
        assert!(cache.base(&dated).is_none());
        cache.push(Arc::new(match_events(&tl, &dated, None)));
        assert_eq!(cache.len(), 1);
    }
}
