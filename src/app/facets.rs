//! The facet list of the filters pane: headings and entries with live
//! counts, narrowed by the facet search line, and its cursor.

use super::Model;
use super::model::scroll_to;
use crate::search::Query;
use crate::timeline::{Facet, Sym};

/// One row of the facet list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetRow {
    /// A facet heading (`Countries`).
    Header(Facet),
    /// A value with its live count.
    Entry {
        /// Its facet.
        facet: Facet,
        /// The value.
        sym: Sym,
        /// Events that would match with this value selected.
        count: u32,
        /// Whether it is selected.
        selected: bool,
    },
}

impl Model<'_> {
    /// Rebuilds the facet list from the counts and the facet search,
    /// keeping the facet cursor on the same entry when it is still listed.
    pub(super) fn rebuild_facets(&mut self) {
        let kept = self.facet_entry();
        let query = Query::parse(self.facet_search.text());
        let names = &self.timeline.names;
        let mut rows = Vec::new();
        for facet in Facet::ALL {
            let selected = self.criteria.selected(facet);
            let counts = self.counts.get(facet);
            // A value chosen that no event matches (`--country Narnia`)
            // comes first, not last by its count: the pane shows what
            // filters.
            let (empty, rest): (Vec<_>, Vec<_>) = counts
                .iter()
                .partition(|(sym, n)| *n == 0 && selected.contains(sym));
            let entries: Vec<FacetRow> = empty
                .into_iter()
                .chain(rest)
                .copied()
                .filter(|(sym, _)| selected.contains(sym) || query.matches_text(names.get(*sym)))
                .map(|(sym, count)| FacetRow::Entry {
                    facet,
                    sym,
                    count,
                    selected: selected.contains(&sym),
                })
                .collect();
            if !entries.is_empty() {
                rows.push(FacetRow::Header(facet));
                rows.extend(entries);
            }
        }
        self.facet_rows = rows;
        self.facet_cursor = kept
            .and_then(|(f, s)| {
                self.facet_rows.iter().position(
                    |r| matches!(r, FacetRow::Entry { facet, sym, .. } if (*facet, *sym) == (f, s)),
                )
            })
            .unwrap_or_else(|| self.snap_facet(0, true));
        self.clamp();
    }

    /// The facet search text changed: the list from its first entry.
    pub(super) fn facet_search_changed(&mut self) {
        self.rebuild_facets();
        self.facet_cursor = self.snap_facet(0, true);
        self.facet_offset = 0;
        self.clamp();
    }

    /// The entry under the facet cursor.
    pub fn facet_entry(&self) -> Option<(Facet, Sym)> {
        match self.facet_rows.get(self.facet_cursor) {
            Some(FacetRow::Entry { facet, sym, .. }) => Some((*facet, *sym)),
            _ => None,
        }
    }

    /// The nearest entry row at or after (or before) `row`, else the other way.
    pub(super) fn snap_facet(&self, row: usize, forward: bool) -> usize {
        let is_entry = |i: &usize| matches!(self.facet_rows.get(*i), Some(FacetRow::Entry { .. }));
        let len = self.facet_rows.len();
        let row = row.min(len.saturating_sub(1));
        let after = (row..len).find(is_entry);
        let before = (0..=row).rev().find(is_entry);
        let found = if forward {
            after.or(before)
        } else {
            before.or(after)
        };
        found.unwrap_or(0)
    }

    /// Keeps the facet cursor on the list and visible, with its heading
    /// shown above a facet's first entry.
    pub(super) fn clamp_facets(&mut self) {
        let rows = self.facet_list_rows().max(1);
        self.facet_cursor = self
            .facet_cursor
            .min(self.facet_rows.len().saturating_sub(1));
        let want = if self.facet_cursor > 0
            && matches!(
                self.facet_rows.get(self.facet_cursor - 1),
                Some(FacetRow::Header(_))
            ) {
            self.facet_cursor - 1
        } else {
            self.facet_cursor
        };
        self.facet_offset = scroll_to(
            self.facet_offset.min(want),
            self.facet_cursor,
            rows,
            self.facet_rows.len(),
        );
    }
}
