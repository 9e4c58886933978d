//! Clicks and the wheel, hit-tested against the same geometry the view draws.

use ratatui::layout::Position;

use super::geometry;
use super::strip;
use super::update::Effect;
use super::{FacetRow, Focus, Model, Selection};

/// Rows the wheel scrolls at a time.
const WHEEL_STEP: usize = 3;

impl Model<'_> {
    /// A left click at a screen cell: focuses the pane under it, selects
    /// the row, toggles the facet entry or jumps to the strip's bucket.
    pub(super) fn click(&mut self, x: u16, y: u16) -> Option<Effect> {
        self.drag = None;
        if self.help() {
            self.overlay = None;
            return None;
        }
        if let Some(choice) = &self.choice {
            // A row of the list opens its address; anywhere else closes it.
            let inner = geometry::inner(choice.area(self.size));
            if inner.contains(Position::new(x, y)) {
                let row = choice.offset(usize::from(inner.height)) + usize::from(y - inner.y);
                return self.choose(Some(row + 1));
            }
            self.choice = None;
            return None;
        }
        let at = Position::new(x, y);
        let areas = self.areas();
        if areas.query.contains(at) {
            self.focus = Focus::Query;
            return None;
        }
        if areas.events.contains(at) {
            self.focus = Focus::Events;
            let inner = geometry::inner(areas.events);
            if inner.contains(at) {
                let row = self.offset + usize::from(y - inner.y);
                if row < self.hits.len() {
                    self.set_cursor(row);
                }
            }
            return None;
        }
        if areas.facets.contains(at) {
            let inner = geometry::inner(areas.facets);
            let list_top = inner.y + u16::from(self.facet_search_shown());
            if self.facet_search_shown() && y == inner.y {
                self.focus = Focus::FacetSearch;
                return None;
            }
            self.focus = Focus::Facets;
            if inner.contains(at) && y >= list_top {
                let row = self.facet_offset + usize::from(y - list_top);
                if let Some(FacetRow::Entry { .. }) = self.facet_rows.get(row) {
                    self.facet_cursor = row;
                    self.clamp();
                    return self.toggle_facet();
                }
            }
            return None;
        }
        if areas.detail.contains(at) {
            self.focus = Focus::Detail;
            return None;
        }
        if areas.strip.contains(at) {
            let inner = geometry::strip_inner(areas.strip);
            let cell = self.strip.cell_at(x.saturating_sub(inner.x))?;
            // A drag from here chooses a range; a click alone jumps.
            self.drag = Some(cell);
            let unit = self.strip.unit?;
            let events = &self.timeline.events;
            let row = self
                .first_hit_in(|d| unit.cell_of(d, false) == cell)
                .or_else(|| {
                    self.hits.iter().position(|h| {
                        let (a, b) = strip::event_cells(unit, &events[h.index as usize]);
                        (a..=b).contains(&cell)
                    })
                });
            if let Some(row) = row {
                self.set_cursor(row);
            }
        }
        None
    }

    /// The mouse moved with the button down: over the strip, after a press
    /// on it, the range from the press to here is being chosen.
    pub(super) fn drag_to(&mut self, x: u16, _y: u16) {
        let (Some(anchor), Some(unit)) = (self.drag, self.strip.unit) else {
            return;
        };
        let inner = geometry::strip_inner(self.areas().strip);
        let col = x.saturating_sub(inner.x).max(self.strip.gutter);
        let last = self.strip.cells.saturating_sub(1) as u16;
        let col = col.min(self.strip.col(usize::from(last)));
        if let Some(head) = self.strip.cell_at(col) {
            self.selection = Some(Selection { unit, anchor, head });
        }
    }

    /// The wheel at a screen cell scrolls the pane under it, dragging its
    /// cursor along to stay visible.
    pub(super) fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let at = Position::new(x, y);
        let areas = self.areas();
        let step = |v: usize| {
            if down {
                v + WHEEL_STEP
            } else {
                v.saturating_sub(WHEEL_STEP)
            }
        };
        if self.help() {
            self.help_scroll = step(self.help_scroll).min(self.help_max_scroll());
        } else if areas.events.contains(at) {
            let rows = self.list_rows().max(1);
            let max = self.hits.len().saturating_sub(rows);
            self.offset = step(self.offset).min(max);
            let row = self
                .cursor
                .clamp(self.offset, self.offset + rows.saturating_sub(1));
            self.set_cursor(row);
        } else if areas.facets.contains(at) {
            let rows = self.facet_list_rows().max(1);
            let max = self.facet_rows.len().saturating_sub(rows);
            self.facet_offset = step(self.facet_offset).min(max);
            let row = self.facet_cursor.clamp(
                self.facet_offset,
                self.facet_offset + rows.saturating_sub(1),
            );
            self.facet_cursor = self.snap_facet(row, down);
            // Keep the offset the wheel chose.
            let offset = self.facet_offset;
            self.clamp();
            if (offset..offset + rows).contains(&self.facet_cursor) {
                self.facet_offset = offset;
            }
        } else if areas.detail.contains(at) {
            self.detail_scroll = step(self.detail_scroll).min(self.detail_max_scroll());
        }
    }
}
