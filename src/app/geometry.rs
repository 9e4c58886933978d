//! Screen geometry, as a pure function of the terminal size and focus.
//! The model clamps scrolling and hit-tests the mouse with it and the view
//! draws with it, so the two always agree on where everything is.

use ratatui::layout::Rect;

use super::{Focus, Pane};

/// Where each pane goes; a hidden pane has an empty rectangle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// The query line (bordered when at least 3 rows high).
    pub query: Rect,
    /// The facet list.
    pub facets: Rect,
    /// The events list.
    pub events: Rect,
    /// The detail pane.
    pub detail: Rect,
    /// The timeline strip.
    pub strip: Rect,
    /// The status line.
    pub status: Rect,
}

/// Filters beside a column of events over detail from this width.
const MEDIUM: u16 = 60;
/// The events pane's width before the detail pane moves beside it
/// (filters | events | detail): borders, gutter, a whole day-to-day span
/// label (`2020-09-15 → 2026-07-30`, 23 columns) and an 80-column title.
/// Until then the stacked layout gives titles more room than three panes
/// could, so title room never shrinks as the terminal widens.
pub const LIST_WANTS: u16 = 2 + 4 + 23 + 2 + 80;
/// Side by side even when narrower than [`LIST_WANTS`] asks, on terminals
/// too short to stack events over detail, from this width.
const WIDE_SHORT: u16 = 100;

/// The filters and detail widths of the side-by-side layout.
fn side_widths(w: u16) -> (u16, u16) {
    let left = (u32::from(w) * 15 / 100).clamp(24, 32) as u16;
    let detail = (u32::from(w) * 28 / 100).clamp(40, 80) as u16;
    (left, detail)
}

/// The layout for a terminal of `size` with `focus`. Any size works, 0×0 included.
pub fn areas(size: Rect, focus: Focus) -> Areas {
    let mut a = Areas::default();
    if size.width == 0 || size.height == 0 {
        return a;
    }
    if size.height == 1 {
        a.status = size;
        return a;
    }
    let (w, h) = (size.width, size.height);
    let (main, status) = split_bottom(size, 1);
    a.status = status;
    let main = if h >= 18 && w >= 30 {
        let (main, strip) = split_bottom(main, super::strip::rows(h));
        a.strip = strip;
        main
    } else {
        main
    };
    let (left_w, detail_w) = side_widths(w);
    let events_w = w.saturating_sub(left_w + detail_w);
    let stackable = w >= MEDIUM && main.height >= 12;
    let side_by_side = if stackable {
        events_w >= LIST_WANTS
    } else {
        w >= WIDE_SHORT
    };
    if side_by_side && main.height >= 8 {
        let (left, rest) = split_left(main, left_w);
        let (events, detail) = split_left(rest, rest.width.saturating_sub(detail_w));
        let (query, facets) = split_top(left, 3);
        a.query = query;
        a.facets = facets;
        a.events = events;
        a.detail = detail;
    } else if stackable {
        let left_w = (w * 28 / 100).clamp(20, 28);
        let (left, right) = split_left(main, left_w);
        let (query, facets) = split_top(left, 3);
        let (events, detail) = split_top(right, (right.height * 55 / 100).max(5));
        a.query = query;
        a.facets = facets;
        a.events = events;
        a.detail = detail;
    } else {
        let query_h = match main.height {
            16.. => 3,
            2.. => 1,
            _ => 0,
        };
        let (query, rest) = split_top(main, query_h);
        a.query = query;
        match (focus, focus.pane()) {
            (Focus::Facets | Focus::FacetSearch, _) => a.facets = rest,
            (_, Pane::Detail) => a.detail = rest,
            _ if rest.height >= 16 => {
                let (events, detail) = split_top(rest, rest.height / 2);
                a.events = events;
                a.detail = detail;
            }
            _ => a.events = rest,
        }
    }
    a
}

/// Whether a pane of this size is drawn with a border.
pub fn bordered(area: Rect) -> bool {
    area.width >= 3 && area.height >= 3
}

/// The inside of a pane: without its border when it has one.
pub fn inner(area: Rect) -> Rect {
    if bordered(area) {
        Rect::new(area.x + 1, area.y + 1, area.width - 2, area.height - 2)
    } else {
        area
    }
}

/// The inside of the timeline strip, which has only a top border.
pub fn strip_inner(area: Rect) -> Rect {
    if area.height >= 2 {
        Rect::new(area.x, area.y + 1, area.width, area.height - 1)
    } else {
        area
    }
}

/// The help overlay: centred, at most 84 columns wide.
pub fn help_area(size: Rect) -> Rect {
    let w = size.width.saturating_sub(4).clamp(size.width.min(20), 84);
    let h = size.height.saturating_sub(2).max(size.height.min(3));
    Rect::new(
        size.x + (size.width - w) / 2,
        size.y + (size.height - h) / 2,
        w,
        h,
    )
}

/// The box of the list of addresses to open: `rows` rows of text up to
/// `widest` columns, centred, as small as they allow and never past the screen.
pub fn choice_area(size: Rect, rows: usize, widest: usize) -> Rect {
    let want_w = u16::try_from(widest.saturating_add(6))
        .unwrap_or(u16::MAX)
        .max(30);
    let w = want_w
        .min(size.width.saturating_sub(4))
        .max(size.width.min(20));
    let want_h = u16::try_from(rows.saturating_add(2)).unwrap_or(u16::MAX);
    let h = want_h
        .min(size.height.saturating_sub(2))
        .max(size.height.min(3));
    Rect::new(
        size.x + (size.width - w) / 2,
        size.y + (size.height - h) / 2,
        w,
        h,
    )
}

fn split_top(area: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(area.height);
    (
        Rect::new(area.x, area.y, area.width, top),
        Rect::new(area.x, area.y + top, area.width, area.height - top),
    )
}

fn split_bottom(area: Rect, bottom: u16) -> (Rect, Rect) {
    let (top, bottom) = split_top(area, area.height.saturating_sub(bottom));
    (top, bottom)
}

fn split_left(area: Rect, left: u16) -> (Rect, Rect) {
    let left = left.min(area.width);
    (
        Rect::new(area.x, area.y, left, area.height),
        Rect::new(area.x + left, area.y, area.width - left, area.height),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(a: &Areas) -> [Rect; 6] {
        [a.query, a.facets, a.events, a.detail, a.strip, a.status]
    }

    #[test]
    fn areas_stay_inside_and_never_overlap() {
        for w in (0..=300).step_by(7).chain([1, 2, 3, 59, 60, 99, 100]) {
            for h in (0..=100).step_by(3).chain([1, 2, 17, 18]) {
                for focus in [Focus::Events, Focus::Facets, Focus::Detail, Focus::Query] {
                    let size = Rect::new(0, 0, w, h);
                    let a = areas(size, focus);
                    let rects = all(&a);
                    for (i, r) in rects.iter().enumerate() {
                        if r.is_empty() {
                            continue;
                        }
                        assert_eq!(size.intersection(*r), *r, "{w}x{h} {r:?}");
                        for s in &rects[..i] {
                            assert!(!r.intersects(*s), "{w}x{h}: {r:?} overlaps {s:?}");
                        }
                    }
                    let help = help_area(size);
                    assert_eq!(size.intersection(help), help);
                }
            }
        }
    }

    #[test]
    fn wide_is_side_by_side_and_narrow_is_stacked() {
        let a = areas(Rect::new(0, 0, 200, 50), Focus::Events);
        assert!(a.facets.x < a.events.x && a.events.x < a.detail.x);
        assert_eq!(a.events.y, a.detail.y);
        assert!(a.events.width >= LIST_WANTS);
        assert_eq!(a.strip.height, crate::app::strip::rows(50));
        // Three panes at 120 would cut titles shorter than stacking does.
        let a = areas(Rect::new(0, 0, 120, 35), Focus::Events);
        assert!(a.facets.x < a.events.x);
        assert!(a.events.y < a.detail.y);
        // Too short to stack: side by side.
        let a = areas(Rect::new(0, 0, 120, 12), Focus::Events);
        assert_eq!(a.events.y, a.detail.y);
        let a = areas(Rect::new(0, 0, 80, 24), Focus::Events);
        assert!(a.facets.x < a.events.x);
        assert!(a.events.y < a.detail.y);
        assert_eq!(a.strip.height, 3);
        let a = areas(Rect::new(0, 0, 40, 12), Focus::Events);
        assert!(a.facets.is_empty() && a.detail.is_empty() && a.strip.is_empty());
        assert!(a.events.height >= 5);
        let a = areas(Rect::new(0, 0, 40, 12), Focus::Detail);
        assert!(a.events.is_empty() && !a.detail.is_empty());
        let a = areas(Rect::new(0, 0, 40, 12), Focus::Facets);
        assert!(!a.facets.is_empty());
    }

    #[test]
    fn one_row_shows_the_status_line() {
        let a = areas(Rect::new(0, 0, 20, 1), Focus::Events);
        assert_eq!(a.status, Rect::new(0, 0, 20, 1));
        assert!(a.events.is_empty());
    }
}
