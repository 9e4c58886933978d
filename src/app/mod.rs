//! The explorer's state and behaviour, with no terminal in it: a [`Model`],
//! one [`Action`] enum, [`update`], and the key map as data.
//!
//! Where behaviour depends on what is drawn (page sizes, scroll limits,
//! mouse hit-testing), it asks `ui`'s pure geometry and content-height
//! functions, so the two can never disagree.

mod action;
pub mod keymap;
mod line;
mod results;

use std::collections::{BTreeMap, BTreeSet};

use ratatui::layout::{Position, Rect};

use crate::search::{FacetCounts, Filter, Hit, MatchCache, Query, Sort};
use crate::timeline::{Facet, PartialDate, Sym, Timeline};
use crate::ui::layout::{self, Areas};

pub use action::{Action, Move};
pub use line::{Edit, LineEdit};
pub use results::{Request, Results};

/// Which part of the screen receives keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Focus {
    /// The query line: typing edits the query.
    Query,
    /// The facet list of the filters pane.
    Facets,
    /// The facet filter line: typing filters the facet entries.
    FacetSearch,
    /// The events list: letters are commands.
    #[default]
    Events,
    /// The detail pane.
    Detail,
}

/// The three panes Tab cycles through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// Query line and facets.
    Filters,
    /// The list of matching events.
    Events,
    /// The current event in full.
    Detail,
}

impl Focus {
    /// The pane that holds this focus.
    pub fn pane(self) -> Pane {
        match self {
            Focus::Query | Focus::Facets | Focus::FacetSearch => Pane::Filters,
            Focus::Events => Pane::Events,
            Focus::Detail => Pane::Detail,
        }
    }

    /// True on a text line, where characters are typed rather than commands.
    pub fn is_text(self) -> bool {
        matches!(self, Focus::Query | Focus::FacetSearch)
    }
}

/// How the timeline strip groups events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zoom {
    /// A bar per year (or per several years on long timelines).
    #[default]
    Years,
    /// A bar per month, around the current event.
    Months,
}

/// How the explorer ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UiOutcome {
    /// Indices into `timeline.events`: the marked ones in display order, else the current one.
    Chosen(Vec<usize>),
    /// Quit without choosing (q, Ctrl-C, Esc with nothing to clear, SIGTERM/SIGHUP).
    Cancelled,
    /// Enter on an empty list.
    Nothing,
}

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

/// When a change of query, facets, dates or sort is searched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Refresh {
    /// At once, inside `update`: the list is current after every action.
    #[default]
    Immediate,
    /// Later: `update` only records that a search is due; whoever runs the
    /// explorer takes it with [`Model::take_request`], runs it (on another
    /// thread) and gives the results back with [`Model::receive`].
    /// Meanwhile keys act on the previous results.
    Deferred,
}

/// A deferred search not yet received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pending {
    /// The newest request's number.
    generation: u64,
    /// Where the cursor goes when its results land.
    keep: Keep,
    /// Whether it was handed out by [`Model::take_request`].
    sent: bool,
    /// Enter was pressed meanwhile: choose once the results are in.
    accept: bool,
}

/// Events per year and per month, for the timeline strip.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Histogram {
    /// Events per starting year.
    pub years: BTreeMap<i64, u32>,
    /// Events per starting month (year-only dates are not counted here).
    pub months: BTreeMap<(i64, u8), u32>,
}

impl Histogram {
    fn of<'a>(dates: impl Iterator<Item = &'a PartialDate>) -> Histogram {
        let mut h = Histogram::default();
        for d in dates {
            *h.years.entry(d.year_number()).or_default() += 1;
            if let Some(m) = d.month() {
                *h.months.entry((d.year_number(), m)).or_default() += 1;
            }
        }
        h
    }
}

/// Everything the explorer shows and remembers.
#[derive(Debug)]
pub struct Model<'t> {
    /// The events being explored.
    pub timeline: &'t Timeline,
    /// Query, facet selections and dates (its query is parsed from `query`).
    pub filter: Filter,
    /// The query line.
    pub query: LineEdit,
    /// Result order.
    pub sort: Sort,
    /// Whether Space marks events.
    pub multi: bool,
    /// Colours on (false: monochrome).
    pub color: bool,
    /// Matches of recent queries, to narrow from and to answer Backspace.
    pub matches: MatchCache,
    /// When searches run.
    pub refresh: Refresh,
    /// The number of the newest deferred search.
    generation: u64,
    /// The deferred search whose results are awaited.
    pending: Option<Pending>,
    /// Matching events, in display order.
    pub hits: Vec<Hit>,
    /// Live facet counts under the current filter.
    pub counts: FacetCounts,
    /// Row of the current event in `hits`.
    pub cursor: usize,
    /// First visible row of the events list.
    pub offset: usize,
    /// Marked events (indices into `timeline.events`).
    pub marks: BTreeSet<u32>,
    /// Who receives keys.
    pub focus: Focus,
    /// The facet filter line.
    pub facet_filter: LineEdit,
    /// The facet list as shown (headings and entries).
    pub facet_rows: Vec<FacetRow>,
    /// Row of the facet cursor in `facet_rows` (always an entry when there is one).
    pub facet_cursor: usize,
    /// First visible row of the facet list.
    pub facet_offset: usize,
    /// First visible line of the detail pane.
    pub detail_scroll: usize,
    /// Strip grouping.
    pub zoom: Zoom,
    /// All events, per year and month.
    pub all_histogram: Histogram,
    /// Matching events, per year and month.
    pub hit_histogram: Histogram,
    /// Help overlay shown.
    pub help: bool,
    /// First visible line of the help overlay.
    pub help_scroll: usize,
    /// The terminal's size.
    pub size: Rect,
    /// A one-line notice for the status line, cleared by the next action.
    pub notice: Option<&'static str>,
    /// Set when the explorer should end.
    pub exit: Option<UiOutcome>,
    /// Widest date label of any event, in columns.
    pub date_width: usize,
    /// Widest date label with spans shortened to `start →`.
    pub date_short_width: usize,
}

/// Rows the wheel scrolls at a time.
const WHEEL_STEP: usize = 3;

impl<'t> Model<'t> {
    /// A model showing `timeline` narrowed by `filter` and `query`, searched once.
    pub fn new(
        timeline: &'t Timeline,
        query: &str,
        filter: Filter,
        sort: Sort,
        multi: bool,
    ) -> Self {
        Model::with_refresh(timeline, query, filter, sort, multi, Refresh::Immediate)
    }

    /// [`Model::new`] with searches run as `refresh` says; deferred, the
    /// first search is already requested and the list is empty until its
    /// results are received.
    pub fn with_refresh(
        timeline: &'t Timeline,
        query: &str,
        mut filter: Filter,
        sort: Sort,
        multi: bool,
        refresh: Refresh,
    ) -> Self {
        filter.query = Query::parse(query);
        let (date_width, date_short_width) = date_widths(timeline);
        let mut model = Model {
            timeline,
            filter,
            query: LineEdit::new(query),
            sort,
            multi,
            color: true,
            matches: MatchCache::default(),
            refresh,
            generation: 0,
            pending: None,
            hits: Vec::new(),
            counts: FacetCounts::default(),
            cursor: 0,
            offset: 0,
            marks: BTreeSet::new(),
            focus: Focus::Events,
            facet_filter: LineEdit::default(),
            facet_rows: Vec::new(),
            facet_cursor: 0,
            facet_offset: 0,
            detail_scroll: 0,
            zoom: Zoom::Years,
            all_histogram: Histogram::of(timeline.events.iter().map(|e| &e.date)),
            hit_histogram: Histogram::default(),
            help: false,
            help_scroll: 0,
            size: Rect::new(0, 0, 80, 24),
            notice: None,
            exit: None,
            date_width,
            date_short_width,
        };
        model.refresh(Keep::Top);
        model
    }

    /// Index into `timeline.events` of the current event.
    pub fn current(&self) -> Option<usize> {
        self.hits.get(self.cursor).map(|h| h.index as usize)
    }

    /// The screen areas for the current size and focus.
    pub fn areas(&self) -> Areas {
        layout::areas(self.size, self.focus)
    }

    /// Visible rows of the events list.
    pub fn list_rows(&self) -> usize {
        usize::from(layout::inner(self.areas().events).height)
    }

    /// Visible rows of the facet list (below the filter line when it shows).
    pub fn facet_list_rows(&self) -> usize {
        let inner = layout::inner(self.areas().facets);
        usize::from(inner.height).saturating_sub(usize::from(self.facet_filter_shown()))
    }

    /// Whether the facet filter line takes the first row of the facet pane.
    pub fn facet_filter_shown(&self) -> bool {
        self.focus == Focus::FacetSearch || !self.facet_filter.is_empty()
    }

    /// True when a query, a facet selection or a date narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.filter.is_empty() || !self.query.is_empty()
    }

    /// Whether a deferred search is awaited (the list shows earlier results).
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }

    /// Reruns the search and facet counts: the one place a search is asked
    /// for. Immediate, the results are computed and shown now; deferred, a
    /// request replaces any older one not yet taken.
    fn refresh(&mut self, keep: Keep) {
        match self.refresh {
            Refresh::Immediate => {
                // Backspace finds the earlier query's matches; typing more
                // re-tests only the matches of a query it narrows.
                let base = self.matches.base(&self.filter);
                let results = Results::compute(self.timeline, &self.filter, self.sort, base);
                self.land(results, keep);
            }
            Refresh::Deferred => {
                self.generation += 1;
                // Superseded, a query change still sends the cursor to the top.
                let (keep, accept) = match self.pending {
                    Some(p) if p.keep == Keep::Top => (Keep::Top, p.accept),
                    Some(p) => (keep, p.accept),
                    None => (keep, false),
                };
                self.pending = Some(Pending {
                    generation: self.generation,
                    keep,
                    sent: false,
                    accept,
                });
                // Facet selections show at once, beside the earlier counts.
                self.rebuild_facets();
            }
        }
    }

    /// The deferred search to run now, if one is due and not yet handed
    /// out. It carries the newest filter: requests made since the last one
    /// was taken are dropped. Take it only when the previous one's results
    /// are back, so it starts from the best earlier matches.
    pub fn take_request(&mut self) -> Option<Request> {
        let pending = self.pending.as_mut().filter(|p| !p.sent)?;
        pending.sent = true;
        Some(Request {
            generation: pending.generation,
            filter: self.filter.clone(),
            sort: self.sort,
            base: self.matches.base(&self.filter),
        })
    }

    /// Takes the results of a deferred search. Those of the newest request
    /// are shown (the cursor placed as the change asked); older ones are
    /// not, but their matches are kept to narrow from. True when shown.
    pub fn receive(&mut self, results: Results) -> bool {
        match self.pending {
            Some(p) if p.generation == results.generation => {
                self.pending = None;
                self.land(results, p.keep);
                if p.accept {
                    self.exit = Some(self.chosen());
                }
                true
            }
            _ => {
                if results.matches.same_dates(&self.filter) {
                    self.matches.push(results.matches);
                }
                false
            }
        }
    }

    /// Shows search results, keeping the cursor as asked.
    fn land(&mut self, results: Results, keep: Keep) {
        let current = self.current();
        self.matches.push(results.matches);
        self.hits = results.hits;
        self.counts = results.counts;
        self.hit_histogram = results.histogram;
        self.cursor = match (keep, current) {
            (Keep::Current, Some(index)) => self
                .hits
                .iter()
                .position(|h| h.index as usize == index)
                .unwrap_or(self.cursor),
            (Keep::Current, None) => self.cursor,
            (Keep::Top, _) => 0,
        };
        self.cursor = self.cursor.min(self.hits.len().saturating_sub(1));
        if self.current() != current {
            self.detail_scroll = 0;
        }
        if keep == Keep::Top {
            self.offset = 0;
        }
        self.rebuild_facets();
        self.clamp();
    }

    /// Rebuilds the facet list from the counts and the facet filter,
    /// keeping the facet cursor on the same entry when it is still listed.
    fn rebuild_facets(&mut self) {
        let kept = self.facet_entry();
        let query = Query::parse(self.facet_filter.text());
        let names = &self.timeline.names;
        let mut rows = Vec::new();
        for facet in Facet::ALL {
            let selected = self.filter.selected(facet);
            let entries: Vec<FacetRow> = self
                .counts
                .get(facet)
                .iter()
                .filter(|(sym, _)| selected.contains(sym) || query.matches_text(names.get(*sym)))
                .map(|&(sym, count)| FacetRow::Entry {
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

    /// The entry under the facet cursor.
    pub fn facet_entry(&self) -> Option<(Facet, Sym)> {
        match self.facet_rows.get(self.facet_cursor) {
            Some(FacetRow::Entry { facet, sym, .. }) => Some((*facet, *sym)),
            _ => None,
        }
    }

    /// The nearest entry row at or after (or before) `row`, else the other way.
    fn snap_facet(&self, row: usize, forward: bool) -> usize {
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

    /// Keeps cursors inside their lists and visible in their panes.
    fn clamp(&mut self) {
        let rows = self.list_rows().max(1);
        self.cursor = self.cursor.min(self.hits.len().saturating_sub(1));
        self.offset = scroll_to(self.offset, self.cursor, rows, self.hits.len());
        let facet_rows = self.facet_list_rows().max(1);
        self.facet_cursor = self
            .facet_cursor
            .min(self.facet_rows.len().saturating_sub(1));
        // Show the facet's heading with its first entry.
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
            facet_rows,
            self.facet_rows.len(),
        );
        self.detail_scroll = self.detail_scroll.min(self.detail_max_scroll());
    }

    fn detail_max_scroll(&self) -> usize {
        let area = layout::inner(self.areas().detail);
        let lines = crate::ui::detail::line_count(self, area.width);
        lines.saturating_sub(usize::from(area.height))
    }

    fn help_max_scroll(&self) -> usize {
        let area = layout::inner(layout::help_area(self.size));
        crate::ui::help::line_count().saturating_sub(usize::from(area.height))
    }

    fn set_cursor(&mut self, row: usize) {
        let row = row.min(self.hits.len().saturating_sub(1));
        if row != self.cursor {
            self.cursor = row;
            self.detail_scroll = 0;
        }
        self.clamp();
    }

    /// The chosen events, for Enter.
    fn chosen(&self) -> UiOutcome {
        if self.marks.is_empty() {
            return match self.current() {
                Some(i) => UiOutcome::Chosen(vec![i]),
                None => UiOutcome::Nothing,
            };
        }
        let mut shown: Vec<usize> = self
            .hits
            .iter()
            .filter(|h| self.marks.contains(&h.index))
            .map(|h| h.index as usize)
            .collect();
        let hidden: Vec<usize> = self
            .marks
            .iter()
            .map(|&i| i as usize)
            .filter(|i| !shown.contains(i))
            .collect();
        shown.extend(hidden);
        UiOutcome::Chosen(shown)
    }

    /// The row of the first match in the nearest year before (or after) the current one.
    fn year_jump(&self, forward: bool) -> Option<usize> {
        let year_of = |h: &Hit| self.timeline.events[h.index as usize].date.year_number();
        let current = year_of(self.hits.get(self.cursor)?);
        let target = self
            .hits
            .iter()
            .map(year_of)
            .filter(|&y| if forward { y > current } else { y < current })
            .reduce(|a, b| if forward { a.min(b) } else { a.max(b) })?;
        self.hits.iter().position(|h| year_of(h) == target)
    }

    /// The row of the first match whose date falls in `[first, last]` years/months.
    pub fn first_hit_in(&self, contains: impl Fn(&PartialDate) -> bool) -> Option<usize> {
        self.hits
            .iter()
            .position(|h| contains(&self.timeline.events[h.index as usize].date))
    }

    fn move_in_list(&self, m: Move, current: usize, len: usize, page: usize) -> usize {
        let last = len.saturating_sub(1);
        let page = page.max(1);
        match m {
            Move::Up => current.saturating_sub(1),
            Move::Down => (current + 1).min(last),
            Move::PageUp => current.saturating_sub(page),
            Move::PageDown => (current + page).min(last),
            Move::Top => 0,
            Move::Bottom => last,
        }
    }

    fn click(&mut self, x: u16, y: u16) -> Option<Action> {
        if self.help {
            self.help = false;
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
            let inner = layout::inner(areas.events);
            if inner.contains(at) {
                let row = self.offset + usize::from(y - inner.y);
                if row < self.hits.len() {
                    self.set_cursor(row);
                }
            }
            return None;
        }
        if areas.facets.contains(at) {
            let inner = layout::inner(areas.facets);
            let list_top = inner.y + u16::from(self.facet_filter_shown());
            if self.facet_filter_shown() && y == inner.y {
                self.focus = Focus::FacetSearch;
                return None;
            }
            self.focus = Focus::Facets;
            if inner.contains(at) && y >= list_top {
                let row = self.facet_offset + usize::from(y - list_top);
                if let Some(FacetRow::Entry { .. }) = self.facet_rows.get(row) {
                    self.facet_cursor = row;
                    self.clamp();
                    return Some(Action::ToggleFacet);
                }
            }
            return None;
        }
        if areas.detail.contains(at) {
            self.focus = Focus::Detail;
            return None;
        }
        if areas.strip.contains(at) {
            let inner = layout::strip_inner(areas.strip);
            let buckets = crate::ui::strip::buckets(self, inner.width);
            let col = x.saturating_sub(inner.x);
            if let Some(b) = buckets.iter().find(|b| col >= b.x && col < b.x + b.width)
                && let Some(row) = self.first_hit_in(|d| b.contains(d))
            {
                self.set_cursor(row);
            }
        }
        None
    }

    fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let at = Position::new(x, y);
        let areas = self.areas();
        let step = |v: usize| {
            if down {
                v + WHEEL_STEP
            } else {
                v.saturating_sub(WHEEL_STEP)
            }
        };
        if self.help {
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

/// What to keep the cursor on after a new search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keep {
    /// Go to the first row (the query changed).
    Top,
    /// Stay on the current event when it still matches.
    Current,
}

/// An offset that shows `cursor` within `rows` rows of a `len`-row list,
/// moving as little as possible and leaving no blank rows at the end.
fn scroll_to(offset: usize, cursor: usize, rows: usize, len: usize) -> usize {
    let rows = rows.max(1);
    let mut offset = offset.min(len.saturating_sub(rows));
    if cursor < offset {
        offset = cursor;
    } else if cursor >= offset + rows {
        offset = cursor + 1 - rows;
    }
    offset
}

/// The widest date label, whole and with spans shortened to `start →`.
fn date_widths(timeline: &Timeline) -> (usize, usize) {
    use unicode_width::UnicodeWidthStr;
    timeline.events.iter().fold((0, 0), |(full, short), e| {
        let start = e.date.to_string().width();
        let (whole, cut) = match e.end_date {
            Some(end) => (start + 3 + end.to_string().width(), start + 2),
            None => (start, start),
        };
        (full.max(whole), short.max(cut))
    })
}

/// Applies one action; returns a follow-up action, if any.
pub fn update(model: &mut Model, action: Action) -> Option<Action> {
    model.notice = None;
    match action {
        Action::Move(m) => {
            let row = model.move_in_list(m, model.cursor, model.hits.len(), model.list_rows());
            model.set_cursor(row);
        }
        Action::FacetMove(m) => {
            let len = model.facet_rows.len();
            let row = model.move_in_list(m, model.facet_cursor, len, model.facet_list_rows());
            let forward = matches!(m, Move::Down | Move::PageDown | Move::Top);
            let mut snapped = model.snap_facet(row, forward);
            // A heading between two entries must not stop Up at the heading's entry.
            if m == Move::Up && snapped == model.facet_cursor && row < model.facet_cursor {
                snapped = model.snap_facet(row, false);
            }
            model.facet_cursor = snapped;
            model.clamp();
        }
        Action::DetailScroll(m) => {
            let page = usize::from(layout::inner(model.areas().detail).height);
            let max = model.detail_max_scroll();
            model.detail_scroll = model
                .move_in_list(m, model.detail_scroll, max + 1, page.saturating_sub(1))
                .min(max);
        }
        Action::HelpScroll(m) => {
            let page = usize::from(layout::inner(layout::help_area(model.size)).height);
            let max = model.help_max_scroll();
            model.help_scroll = model
                .move_in_list(m, model.help_scroll, max + 1, page.saturating_sub(1))
                .min(max);
        }
        Action::PrevYear | Action::NextYear => match model.year_jump(action == Action::NextYear) {
            Some(row) => model.set_cursor(row),
            None => model.notice = Some("no other year"),
        },
        Action::ToggleMark => {
            if !model.multi {
                model.notice = Some("marking is off (--no-multi)");
                return None;
            }
            let index = model.current()? as u32;
            if !model.marks.remove(&index) {
                model.marks.insert(index);
            }
            return Some(Action::Move(Move::Down));
        }
        Action::Accept => match &mut model.pending {
            // Choose from the list the keys typed so far ask for.
            Some(pending) => pending.accept = true,
            None => model.exit = Some(model.chosen()),
        },
        Action::Edit(edit) => match model.focus {
            Focus::Query if model.query.apply(edit) => return Some(Action::QueryChanged),
            Focus::FacetSearch if model.facet_filter.apply(edit) => {
                return Some(Action::FacetFilterChanged);
            }
            _ => {}
        },
        Action::Paste(text) => {
            let clean: String = text
                .chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .filter(|c| !c.is_control())
                .collect();
            match model.focus {
                Focus::FacetSearch => {
                    model.facet_filter.insert_str(&clean);
                    return Some(Action::FacetFilterChanged);
                }
                _ => {
                    model.focus = Focus::Query;
                    model.query.insert_str(&clean);
                    return Some(Action::QueryChanged);
                }
            }
        }
        Action::FocusQuery => model.focus = Focus::Query,
        Action::FocusFacetSearch => {
            model.focus = Focus::FacetSearch;
            model.clamp();
        }
        Action::FocusNext | Action::FocusPrev => {
            let next = action == Action::FocusNext;
            model.focus = match (model.focus.pane(), next) {
                (Pane::Filters, true) | (Pane::Detail, false) => Focus::Events,
                (Pane::Events, true) | (Pane::Filters, false) => Focus::Detail,
                (Pane::Detail, true) | (Pane::Events, false) => Focus::Facets,
            };
            model.clamp();
        }
        Action::Submit => {
            model.focus = match model.focus {
                Focus::FacetSearch => Focus::Facets,
                _ => Focus::Events,
            };
            model.clamp();
        }
        Action::Back => match model.focus {
            Focus::Query => {
                model.focus = Focus::Events;
                if !model.query.is_empty() {
                    model.query.clear();
                    return Some(Action::QueryChanged);
                }
            }
            Focus::FacetSearch => {
                model.focus = Focus::Facets;
                model.facet_filter.clear();
                return Some(Action::FacetFilterChanged);
            }
            Focus::Facets => {
                if model.facet_filter.is_empty() {
                    model.focus = Focus::Events;
                } else {
                    model.facet_filter.clear();
                    return Some(Action::FacetFilterChanged);
                }
            }
            Focus::Detail => model.focus = Focus::Events,
            Focus::Events => {
                if !model.is_filtered() {
                    return Some(Action::Quit);
                }
                model.query.clear();
                model.filter = Filter::default();
                model.refresh(Keep::Current);
            }
        },
        Action::ToggleFacet => {
            let (facet, sym) = model.facet_entry()?;
            let selected = model.filter.selected_mut(facet);
            if !selected.remove(&sym) {
                selected.insert(sym);
            }
            return Some(Action::FilterChanged);
        }
        Action::ZoomIn => model.zoom = Zoom::Months,
        Action::ZoomOut => model.zoom = Zoom::Years,
        Action::CycleSort => {
            model.sort = model.sort.next();
            return Some(Action::FilterChanged);
        }
        Action::ClearFilters => {
            let query = std::mem::take(&mut model.filter.query);
            model.filter = Filter {
                query,
                ..Filter::default()
            };
            return Some(Action::FilterChanged);
        }
        Action::ToggleHelp => {
            model.help = !model.help;
            model.help_scroll = 0;
        }
        Action::Quit => model.exit = Some(UiOutcome::Cancelled),
        Action::Suspend => {}
        Action::Resize(w, h) => {
            model.size = Rect::new(0, 0, w, h);
            model.clamp();
            model.help_scroll = model.help_scroll.min(model.help_max_scroll());
        }
        Action::Click(x, y) => return model.click(x, y),
        Action::Wheel(x, y, down) => model.wheel(x, y, down),
        Action::QueryChanged => {
            model.filter.query = Query::parse(model.query.text());
            model.refresh(Keep::Top);
        }
        Action::FilterChanged => model.refresh(Keep::Current),
        Action::FacetFilterChanged => {
            model.rebuild_facets();
            model.facet_cursor = model.snap_facet(0, true);
            model.facet_offset = 0;
            model.clamp();
        }
    }
    None
}

/// Applies an action and every follow-up it chains.
pub fn dispatch(model: &mut Model, action: Action) {
    let mut next = Some(action);
    while let Some(action) = next {
        next = update(model, action);
    }
}

/// Applies the actions of one burst of input (keys typed faster than a
/// frame), searching once for a run of edits rather than once per key.
/// Any other action first brings the results up to date, so it never
/// acts on a stale list.
#[derive(Debug, Default)]
pub struct Burst {
    query: bool,
    facets: bool,
}

impl Burst {
    /// Applies one action, deferring the search an edit asks for.
    pub fn apply(&mut self, model: &mut Model, action: Action) {
        let edit = matches!(action, Action::Edit(_) | Action::Paste(_));
        if !edit {
            self.flush(model);
        }
        let mut next = Some(action);
        while let Some(action) = next {
            next = update(model, action);
            if edit {
                match next {
                    Some(Action::QueryChanged) => self.query = true,
                    Some(Action::FacetFilterChanged) => self.facets = true,
                    _ => continue,
                }
                next = None;
            }
        }
    }

    /// Runs the deferred searches.
    pub fn flush(&mut self, model: &mut Model) {
        if std::mem::take(&mut self.query) {
            dispatch(model, Action::QueryChanged);
        }
        if std::mem::take(&mut self.facets) {
            dispatch(model, Action::FacetFilterChanged);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::timeline::{Input, load_inputs};

    pub(crate) fn embedded() -> Timeline {
        load_inputs(&[Input::Embedded]).unwrap().0
    }

    pub(crate) fn model(tl: &Timeline) -> Model<'_> {
        let mut m = Model::new(tl, "", Filter::default(), Sort::Date, true);
        dispatch(&mut m, Action::Resize(120, 35));
        m
    }

    fn titles(m: &Model) -> Vec<String> {
        m.hits
            .iter()
            .map(|h| m.timeline.events[h.index as usize].title().to_string())
            .collect()
    }

    fn type_text(m: &mut Model, s: &str) {
        for c in s.chars() {
            dispatch(m, Action::Edit(Edit::Insert(c)));
        }
    }

    fn sym(tl: &Timeline, name: &str) -> Sym {
        tl.names.lookup(name).unwrap()
    }

    #[test]
    fn starts_on_the_events_list_with_everything() {
        let tl = embedded();
        let m = model(&tl);
        assert_eq!(m.focus, Focus::Events);
        assert_eq!(m.hits.len(), tl.events.len());
        assert_eq!(m.current(), Some(0));
        assert!(!m.is_filtered());
    }

    #[test]
    fn start_query_wins_over_the_filters_query() {
        let tl = embedded();
        let filter = Filter {
            query: Query::parse("nothing-matches-this"),
            ..Filter::default()
        };
        let m = Model::new(&tl, "'monaco", filter, Sort::Date, true);
        assert_eq!(m.query.text(), "'monaco");
        assert!(!m.hits.is_empty());
        assert!(
            titles(&m).iter().all(|t| t.contains("Monaco")),
            "{:?}",
            titles(&m)
        );
    }

    #[test]
    fn move_stays_in_bounds_and_pages() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Move(Move::Up));
        assert_eq!(m.cursor, 0);
        dispatch(&mut m, Action::Move(Move::Down));
        assert_eq!(m.cursor, 1);
        dispatch(&mut m, Action::Move(Move::Bottom));
        assert_eq!(m.cursor, m.hits.len() - 1);
        dispatch(&mut m, Action::Move(Move::Down));
        assert_eq!(m.cursor, m.hits.len() - 1);
        dispatch(&mut m, Action::Move(Move::Top));
        assert_eq!(m.cursor, 0);
        dispatch(&mut m, Action::Resize(80, 12));
        let page = m.list_rows();
        assert!(page > 0 && page < m.hits.len());
        dispatch(&mut m, Action::Move(Move::PageDown));
        assert_eq!(m.cursor, page);
        assert!(m.cursor >= m.offset && m.cursor < m.offset + page);
        dispatch(&mut m, Action::Move(Move::PageUp));
        assert_eq!(m.cursor, 0);
        assert_eq!(m.offset, 0);
    }

    #[test]
    fn moving_resets_the_detail_scroll() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Resize(60, 14));
        m.focus = Focus::Detail;
        dispatch(&mut m, Action::DetailScroll(Move::Bottom));
        assert!(m.detail_scroll > 0);
        dispatch(&mut m, Action::Move(Move::Down));
        assert_eq!(m.detail_scroll, 0);
    }

    #[test]
    fn detail_scroll_is_bounded() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Resize(60, 14));
        dispatch(&mut m, Action::DetailScroll(Move::Up));
        assert_eq!(m.detail_scroll, 0);
        dispatch(&mut m, Action::DetailScroll(Move::Down));
        assert_eq!(m.detail_scroll, 1);
        dispatch(&mut m, Action::DetailScroll(Move::PageDown));
        let max = m.detail_max_scroll();
        assert!(max > 1);
        dispatch(&mut m, Action::DetailScroll(Move::Bottom));
        assert_eq!(m.detail_scroll, max);
        dispatch(&mut m, Action::DetailScroll(Move::Down));
        assert_eq!(m.detail_scroll, max);
        dispatch(&mut m, Action::DetailScroll(Move::PageUp));
        assert!(m.detail_scroll < max);
        dispatch(&mut m, Action::DetailScroll(Move::Top));
        assert_eq!(m.detail_scroll, 0);
    }

    #[test]
    fn help_toggles_and_scrolls_within_bounds() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Resize(60, 12));
        dispatch(&mut m, Action::ToggleHelp);
        assert!(m.help);
        dispatch(&mut m, Action::HelpScroll(Move::Down));
        assert_eq!(m.help_scroll, 1);
        dispatch(&mut m, Action::HelpScroll(Move::Bottom));
        assert_eq!(m.help_scroll, m.help_max_scroll());
        dispatch(&mut m, Action::HelpScroll(Move::PageDown));
        assert_eq!(m.help_scroll, m.help_max_scroll());
        dispatch(&mut m, Action::HelpScroll(Move::PageUp));
        dispatch(&mut m, Action::HelpScroll(Move::Top));
        dispatch(&mut m, Action::HelpScroll(Move::Up));
        assert_eq!(m.help_scroll, 0);
        dispatch(&mut m, Action::ToggleHelp);
        assert!(!m.help);
    }

    #[test]
    fn year_jumps_go_to_the_neighbouring_years() {
        let tl = embedded();
        let mut m = model(&tl);
        let year = |m: &Model| tl.events[m.current().unwrap()].date.year_number();
        let first = year(&m);
        dispatch(&mut m, Action::PrevYear);
        assert_eq!(year(&m), first);
        assert!(m.notice.is_some());
        dispatch(&mut m, Action::NextYear);
        let second = year(&m);
        assert!(second > first);
        assert!(
            tl.events
                .iter()
                .all(|e| e.date.year_number() <= first || e.date.year_number() >= second)
        );
        // The first event of that year.
        assert_eq!(
            m.cursor,
            m.first_hit_in(|d| d.year_number() == second).unwrap()
        );
        dispatch(&mut m, Action::Move(Move::Bottom));
        let last = year(&m);
        dispatch(&mut m, Action::PrevYear);
        assert!(year(&m) < last);
        // With newest first, `]` still goes forward in time.
        dispatch(&mut m, Action::CycleSort);
        assert_eq!(m.sort, Sort::DateDesc);
        let before = year(&m);
        dispatch(&mut m, Action::NextYear);
        assert!(year(&m) > before);
    }

    #[test]
    fn marks_toggle_move_down_and_come_out_in_display_order() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Move(Move::Down));
        dispatch(&mut m, Action::ToggleMark);
        assert_eq!(m.cursor, 2);
        assert!(m.marks.contains(&1));
        dispatch(&mut m, Action::Move(Move::Top));
        dispatch(&mut m, Action::ToggleMark);
        dispatch(&mut m, Action::Move(Move::Bottom));
        dispatch(&mut m, Action::ToggleMark);
        // Unmarking.
        dispatch(&mut m, Action::Move(Move::Top));
        dispatch(&mut m, Action::ToggleMark);
        assert!(!m.marks.contains(&0));
        m.sort = Sort::DateDesc;
        dispatch(&mut m, Action::FilterChanged);
        dispatch(&mut m, Action::Accept);
        let last = tl.events.len() - 1;
        assert_eq!(m.exit, Some(UiOutcome::Chosen(vec![last, 1])));
    }

    #[test]
    fn hidden_marks_are_still_chosen() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::ToggleMark);
        m.focus = Focus::Query;
        type_text(&mut m, "'monaco");
        assert!(!m.hits.iter().any(|h| h.index == 0));
        dispatch(&mut m, Action::ToggleMark);
        let shown = m.hits[0].index as usize;
        dispatch(&mut m, Action::Accept);
        assert_eq!(m.exit, Some(UiOutcome::Chosen(vec![shown, 0])));
    }

    #[test]
    fn no_multi_refuses_marks() {
        let tl = embedded();
        let mut m = Model::new(&tl, "", Filter::default(), Sort::Date, false);
        dispatch(&mut m, Action::ToggleMark);
        assert!(m.marks.is_empty());
        assert_eq!(m.cursor, 0);
        assert!(m.notice.is_some());
    }

    #[test]
    fn accept_chooses_the_current_event_or_nothing() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Move(Move::Down));
        dispatch(&mut m, Action::Accept);
        assert_eq!(m.exit, Some(UiOutcome::Chosen(vec![1])));
        let mut m = model(&tl);
        m.focus = Focus::Query;
        type_text(&mut m, "zzzzqqqq");
        assert!(m.hits.is_empty());
        dispatch(&mut m, Action::Accept);
        assert_eq!(m.exit, Some(UiOutcome::Nothing));
    }

    #[test]
    fn typing_edits_the_query_and_narrows_from_the_top() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Move(Move::Bottom));
        dispatch(&mut m, Action::FocusQuery);
        assert_eq!(m.focus, Focus::Query);
        type_text(&mut m, "'togo");
        assert_eq!(m.query.text(), "'togo");
        assert_eq!(m.cursor, 0);
        assert!(m.hits.len() < tl.events.len() && !m.hits.is_empty());
        dispatch(&mut m, Action::Edit(Edit::DeleteWord));
        assert_eq!(m.hits.len(), tl.events.len());
    }

    #[test]
    fn edits_outside_a_text_line_do_nothing() {
        let tl = embedded();
        let mut m = model(&tl);
        assert_eq!(update(&mut m, Action::Edit(Edit::Insert('x'))), None);
        assert!(m.query.is_empty());
        m.focus = Focus::Query;
        assert_eq!(
            update(&mut m, Action::Edit(Edit::Insert('x'))),
            Some(Action::QueryChanged)
        );
        // Cursor moves change no text, so no new search.
        assert_eq!(update(&mut m, Action::Edit(Edit::Left)), None);
    }

    #[test]
    fn paste_goes_to_the_query_without_controls() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Paste("orange\n\u{1b}cloud".into()));
        assert_eq!(m.focus, Focus::Query);
        assert_eq!(m.query.text(), "orange cloud");
        m.focus = Focus::FacetSearch;
        dispatch(&mut m, Action::Paste("fra".into()));
        assert_eq!(m.facet_filter.text(), "fra");
    }

    #[test]
    fn query_changed_parses_and_searches() {
        let tl = embedded();
        let mut m = model(&tl);
        m.query = LineEdit::new("kazakh");
        assert_eq!(update(&mut m, Action::QueryChanged), None);
        assert_eq!(m.filter.query, Query::parse("kazakh"));
        assert_eq!(m.hits.len(), 1);
    }

    #[test]
    fn focus_cycles_filters_events_detail() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::FocusNext);
        assert_eq!(m.focus, Focus::Detail);
        dispatch(&mut m, Action::FocusNext);
        assert_eq!(m.focus, Focus::Facets);
        dispatch(&mut m, Action::FocusNext);
        assert_eq!(m.focus, Focus::Events);
        dispatch(&mut m, Action::FocusPrev);
        assert_eq!(m.focus, Focus::Facets);
        dispatch(&mut m, Action::FocusPrev);
        assert_eq!(m.focus, Focus::Detail);
        m.focus = Focus::Query;
        dispatch(&mut m, Action::FocusNext);
        assert_eq!(m.focus, Focus::Events);
        m.focus = Focus::FacetSearch;
        dispatch(&mut m, Action::FocusPrev);
        assert_eq!(m.focus, Focus::Detail);
    }

    #[test]
    fn submit_returns_to_the_list_keeping_text() {
        let tl = embedded();
        let mut m = model(&tl);
        m.focus = Focus::Query;
        type_text(&mut m, "orange");
        dispatch(&mut m, Action::Submit);
        assert_eq!(m.focus, Focus::Events);
        assert_eq!(m.query.text(), "orange");
        dispatch(&mut m, Action::FocusNext);
        dispatch(&mut m, Action::FocusNext);
        dispatch(&mut m, Action::FocusFacetSearch);
        type_text(&mut m, "fr");
        dispatch(&mut m, Action::Submit);
        assert_eq!(m.focus, Focus::Facets);
        assert_eq!(m.facet_filter.text(), "fr");
    }

    #[test]
    fn esc_on_the_query_clears_it_and_goes_back() {
        let tl = embedded();
        let mut m = model(&tl);
        m.focus = Focus::Query;
        type_text(&mut m, "orange");
        dispatch(&mut m, Action::Back);
        assert_eq!(m.focus, Focus::Events);
        assert!(m.query.is_empty());
        assert_eq!(m.hits.len(), tl.events.len());
    }

    #[test]
    fn esc_in_the_list_clears_everything_then_quits() {
        let tl = embedded();
        let mut m = model(&tl);
        m.focus = Focus::Query;
        type_text(&mut m, "orange");
        dispatch(&mut m, Action::Submit);
        m.filter.countries.insert(sym(&tl, "France"));
        dispatch(&mut m, Action::FilterChanged);
        dispatch(&mut m, Action::Back);
        assert!(!m.is_filtered());
        assert_eq!(m.hits.len(), tl.events.len());
        assert_eq!(m.exit, None);
        dispatch(&mut m, Action::Back);
        assert_eq!(m.exit, Some(UiOutcome::Cancelled));
    }

    #[test]
    fn esc_in_other_panes_goes_back() {
        let tl = embedded();
        let mut m = model(&tl);
        m.focus = Focus::Detail;
        dispatch(&mut m, Action::Back);
        assert_eq!(m.focus, Focus::Events);
        m.focus = Focus::FacetSearch;
        type_text(&mut m, "fr");
        dispatch(&mut m, Action::Back);
        assert_eq!(m.focus, Focus::Facets);
        assert!(m.facet_filter.is_empty());
        m.facet_filter = LineEdit::new("fr");
        dispatch(&mut m, Action::Back);
        assert_eq!(m.focus, Focus::Facets);
        assert!(m.facet_filter.is_empty());
        dispatch(&mut m, Action::Back);
        assert_eq!(m.focus, Focus::Events);
        assert_eq!(m.exit, None);
    }

    #[test]
    fn facet_list_has_headings_and_the_cursor_skips_them() {
        let tl = embedded();
        let mut m = model(&tl);
        assert!(matches!(m.facet_rows[0], FacetRow::Header(Facet::Country)));
        assert_eq!(m.facet_cursor, 1);
        dispatch(&mut m, Action::FacetMove(Move::Up));
        assert_eq!(m.facet_cursor, 1);
        let second_header = m
            .facet_rows
            .iter()
            .rposition(|r| matches!(r, FacetRow::Header(Facet::Company)))
            .unwrap();
        m.facet_cursor = second_header - 1;
        dispatch(&mut m, Action::FacetMove(Move::Down));
        assert_eq!(m.facet_cursor, second_header + 1);
        dispatch(&mut m, Action::FacetMove(Move::Up));
        assert_eq!(m.facet_cursor, second_header - 1);
        dispatch(&mut m, Action::FacetMove(Move::Bottom));
        assert_eq!(m.facet_cursor, m.facet_rows.len() - 1);
        dispatch(&mut m, Action::FacetMove(Move::Top));
        assert_eq!(m.facet_cursor, 1);
        dispatch(&mut m, Action::FacetMove(Move::PageDown));
        assert!(matches!(
            m.facet_rows[m.facet_cursor],
            FacetRow::Entry { .. }
        ));
        assert!(m.facet_cursor > 1);
        dispatch(&mut m, Action::FacetMove(Move::PageUp));
        assert_eq!(m.facet_cursor, 1);
    }

    #[test]
    fn toggling_a_facet_narrows_and_counts_follow() {
        let tl = embedded();
        let mut m = model(&tl);
        let france = sym(&tl, "France");
        m.facet_cursor = m
            .facet_rows
            .iter()
            .position(|r| matches!(r, FacetRow::Entry { sym, .. } if *sym == france))
            .unwrap();
        assert_eq!(
            update(&mut m, Action::ToggleFacet),
            Some(Action::FilterChanged)
        );
        dispatch(&mut m, Action::FilterChanged);
        assert!(m.filter.countries.contains(&france));
        assert_eq!(
            m.facet_entry().unwrap().1,
            france,
            "cursor follows the entry"
        );
        let n = m.hits.len();
        assert!(n > 0 && n < tl.events.len());
        assert!(m.hits.iter().all(|h| {
            tl.events[h.index as usize]
                .facet(Facet::Country)
                .contains(&france)
        }));
        // The company counts now only count French events.
        let companies: u32 = m
            .counts
            .get(Facet::Company)
            .iter()
            .map(|c| c.1)
            .max()
            .unwrap();
        assert!(companies as usize <= n);
        dispatch(&mut m, Action::ToggleFacet);
        assert!(m.filter.countries.is_empty());
        assert_eq!(m.hits.len(), tl.events.len());
    }

    #[test]
    fn facet_filter_narrows_entries_but_keeps_selected_ones() {
        let tl = embedded();
        let mut m = model(&tl);
        let france = sym(&tl, "France");
        m.filter.countries.insert(france);
        dispatch(&mut m, Action::FilterChanged);
        dispatch(&mut m, Action::FocusFacetSearch);
        type_text(&mut m, "'égypt");
        let names: Vec<&str> = m
            .facet_rows
            .iter()
            .filter_map(|r| match r {
                FacetRow::Entry { sym, .. } => Some(tl.names.get(*sym)),
                _ => None,
            })
            .collect();
        assert!(names.contains(&"France"), "{names:?}");
        assert!(names.len() > 1, "{names:?}");
        assert!(
            names.iter().all(|n| *n == "France" || n.contains("gypt")),
            "{names:?}"
        );
        assert!(matches!(
            m.facet_rows[m.facet_cursor],
            FacetRow::Entry { .. }
        ));
        assert_eq!(
            update(&mut m, Action::Edit(Edit::Backspace)),
            Some(Action::FacetFilterChanged)
        );
    }

    #[test]
    fn toggle_facet_without_entries_does_nothing() {
        let tl = embedded();
        let mut m = model(&tl);
        m.focus = Focus::FacetSearch;
        type_text(&mut m, "zzzzzz");
        assert!(m.facet_rows.is_empty());
        assert_eq!(update(&mut m, Action::ToggleFacet), None);
    }

    #[test]
    fn sort_cycles_and_keeps_the_current_event() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Move(Move::Down));
        dispatch(&mut m, Action::Move(Move::Down));
        let current = m.current();
        dispatch(&mut m, Action::CycleSort);
        assert_eq!(m.sort, Sort::DateDesc);
        assert_eq!(m.current(), current);
        assert!(m.cursor > tl.events.len() / 2);
        dispatch(&mut m, Action::CycleSort);
        assert_eq!(m.sort, Sort::Score);
        dispatch(&mut m, Action::CycleSort);
        assert_eq!(m.sort, Sort::Date);
    }

    #[test]
    fn clear_filters_keeps_the_query() {
        let tl = embedded();
        let mut m = model(&tl);
        m.focus = Focus::Query;
        type_text(&mut m, "huawei");
        m.filter.countries.insert(sym(&tl, "France"));
        m.filter.since = Some(PartialDate::parse("2019").unwrap());
        dispatch(&mut m, Action::ClearFilters);
        assert!(m.filter.countries.is_empty());
        assert_eq!(m.filter.since, None);
        assert_eq!(m.filter.query, Query::parse("huawei"));
    }

    #[test]
    fn zoom_in_and_out() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::ZoomIn);
        assert_eq!(m.zoom, Zoom::Months);
        dispatch(&mut m, Action::ZoomIn);
        assert_eq!(m.zoom, Zoom::Months);
        dispatch(&mut m, Action::ZoomOut);
        assert_eq!(m.zoom, Zoom::Years);
    }

    #[test]
    fn quit_cancels_and_suspend_changes_nothing() {
        let tl = embedded();
        let mut m = model(&tl);
        assert_eq!(update(&mut m, Action::Suspend), None);
        assert_eq!(m.exit, None);
        dispatch(&mut m, Action::Quit);
        assert_eq!(m.exit, Some(UiOutcome::Cancelled));
    }

    #[test]
    fn resize_keeps_the_cursor_visible_at_any_size() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Move(Move::Bottom));
        for (w, h) in [
            (0, 0),
            (1, 1),
            (1, 20),
            (20, 1),
            (40, 12),
            (300, 100),
            (80, 24),
        ] {
            dispatch(&mut m, Action::Resize(w, h));
            assert_eq!(m.size, Rect::new(0, 0, w, h));
            let rows = m.list_rows();
            if rows > 0 {
                assert!(
                    m.cursor >= m.offset && m.cursor < m.offset + rows,
                    "{w}x{h}"
                );
            }
        }
    }

    #[test]
    fn click_selects_rows_toggles_facets_and_focuses_panes() {
        let tl = embedded();
        let mut m = model(&tl);
        let a = m.areas();
        let list = layout::inner(a.events);
        dispatch(&mut m, Action::Click(list.x + 2, list.y + 3));
        assert_eq!(m.cursor, 3);
        assert_eq!(m.focus, Focus::Events);
        dispatch(&mut m, Action::Click(a.detail.x + 2, a.detail.y + 2));
        assert_eq!(m.focus, Focus::Detail);
        dispatch(&mut m, Action::Click(a.query.x + 2, a.query.y + 1));
        assert_eq!(m.focus, Focus::Query);
        let facets = layout::inner(a.facets);
        // Row 1 is the first entry under the Countries heading.
        dispatch(&mut m, Action::Click(facets.x + 2, facets.y + 1));
        assert_eq!(m.focus, Focus::Facets);
        assert_eq!(m.filter.countries.len(), 1);
        // A click closes the help overlay and does nothing else.
        m.help = true;
        dispatch(&mut m, Action::Click(list.x + 2, list.y));
        assert!(!m.help);
        assert_eq!(m.focus, Focus::Facets);
    }

    #[test]
    fn click_on_the_strip_jumps_to_that_year() {
        let tl = embedded();
        let mut m = model(&tl);
        let strip = layout::strip_inner(m.areas().strip);
        assert!(strip.height > 0);
        let buckets = crate::ui::strip::buckets(&m, strip.width);
        let last = buckets.iter().rfind(|b| b.hits > 0).unwrap();
        dispatch(&mut m, Action::Click(strip.x + last.x, strip.y));
        let date = tl.events[m.current().unwrap()].date;
        assert!(last.contains(&date));
    }

    #[test]
    fn wheel_scrolls_the_pane_under_the_pointer() {
        let tl = embedded();
        let mut m = model(&tl);
        dispatch(&mut m, Action::Resize(80, 14));
        let a = m.areas();
        dispatch(&mut m, Action::Wheel(a.events.x + 2, a.events.y + 2, true));
        assert_eq!(m.offset, WHEEL_STEP);
        assert!(m.cursor >= m.offset);
        dispatch(&mut m, Action::Wheel(a.events.x + 2, a.events.y + 2, false));
        assert_eq!(m.offset, 0);
        let before = m.facet_offset;
        dispatch(&mut m, Action::Wheel(a.facets.x + 2, a.facets.y + 2, true));
        assert!(m.facet_offset > before);
        assert!(matches!(
            m.facet_rows[m.facet_cursor],
            FacetRow::Entry { .. }
        ));
    }

    #[test]
    fn follow_ups_chain_until_none() {
        let tl = embedded();
        let mut m = model(&tl);
        assert_eq!(
            update(&mut m, Action::ToggleMark),
            Some(Action::Move(Move::Down))
        );
        assert_eq!(
            update(&mut m, Action::CycleSort),
            Some(Action::FilterChanged)
        );
        assert_eq!(update(&mut m, Action::FilterChanged), None);
        assert_eq!(update(&mut m, Action::FacetFilterChanged), None);
        m.focus = Focus::Events;
        assert_eq!(update(&mut m, Action::Back), Some(Action::Quit));
    }

    #[test]
    fn a_burst_of_typing_searches_once_and_matches_one_key_at_a_time() {
        let tl = embedded();
        let mut one_by_one = model(&tl);
        let mut burst_model = model(&tl);
        let keys = [
            Action::FocusQuery,
            Action::Edit(Edit::Insert('\'')),
            Action::Edit(Edit::Insert('t')),
            Action::Edit(Edit::Insert('o')),
            Action::Edit(Edit::Insert('g')),
            Action::Edit(Edit::Insert('o')),
            Action::Move(Move::Down),
            Action::Edit(Edit::Backspace),
        ];
        let mut burst = Burst::default();
        for (i, key) in keys.iter().enumerate() {
            dispatch(&mut one_by_one, key.clone());
            burst.apply(&mut burst_model, key.clone());
            if i == 4 {
                // Deferred: the list is not searched yet.
                assert_eq!(burst_model.hits.len(), tl.events.len());
            }
        }
        burst.flush(&mut burst_model);
        assert_eq!(burst_model.query, one_by_one.query);
        assert_eq!(burst_model.hits, one_by_one.hits);
        assert_eq!(burst_model.cursor, one_by_one.cursor);
        // The Down after the edits moved in the searched list.
        let mut b = Burst::default();
        let mut m = model(&tl);
        for key in &keys[..7] {
            b.apply(&mut m, key.clone());
        }
        b.flush(&mut m);
        assert_eq!(m.cursor, 1);
    }

    fn deferred(tl: &Timeline) -> Model<'_> {
        let mut m = Model::with_refresh(
            tl,
            "",
            Filter::default(),
            Sort::Date,
            true,
            Refresh::Deferred,
        );
        dispatch(&mut m, Action::Resize(120, 35));
        m
    }

    /// Runs the due request as the terminal loop's worker would; true when shown.
    fn run_request(m: &mut Model) -> bool {
        let request = m.take_request().expect("a search is due");
        let results = request.run(m.timeline);
        m.receive(results)
    }

    #[test]
    fn deferred_search_is_requested_once_then_lands() {
        let tl = embedded();
        let mut m = deferred(&tl);
        // The first frame can show before the first search is done.
        assert!(m.searching());
        assert!(m.hits.is_empty());
        let request = m.take_request().unwrap();
        assert!(m.take_request().is_none(), "handed out once");
        assert!(m.searching());
        assert!(m.receive(request.run(&tl)));
        assert!(!m.searching());
        assert_eq!(m.hits, model(&tl).hits);
        assert_eq!(m.counts, model(&tl).counts);
        assert_eq!(m.facet_rows, model(&tl).facet_rows);
        assert_eq!(m.current(), Some(0));
    }

    #[test]
    fn results_of_an_older_request_are_not_shown_but_narrow_the_next() {
        let tl = embedded();
        let mut m = deferred(&tl);
        run_request(&mut m);
        dispatch(&mut m, Action::FocusQuery);
        type_text(&mut m, "or");
        let older = m.take_request().unwrap();
        type_text(&mut m, "ange");
        // The worker was busy with `or`: `orange` waits, only the newest.
        let stale = older.run(&tl);
        assert!(!m.receive(stale));
        assert!(m.searching());
        assert_eq!(m.hits.len(), tl.events.len(), "still the earlier list");
        let request = m.take_request().unwrap();
        assert!(
            request.base.as_ref().unwrap().answers(&Filter {
                query: Query::parse("or"),
                ..Filter::default()
            }),
            "starts from the stale matches of `or`"
        );
        assert!(m.receive(request.run(&tl)));
        let mut sync = model(&tl);
        sync.focus = Focus::Query;
        type_text(&mut sync, "orange");
        assert_eq!(m.hits, sync.hits);
        assert_eq!(m.counts, sync.counts);
        // A late result of an even older request changes nothing.
        let old = Request {
            generation: 1,
            filter: Filter {
                query: Query::parse("o"),
                ..Filter::default()
            },
            sort: Sort::Date,
            base: None,
        };
        assert!(!m.receive(old.run(&tl)));
        assert_eq!(m.hits, sync.hits);
    }

    #[test]
    fn keys_typed_while_searching_edit_the_query_and_move_over_the_old_list() {
        let tl = embedded();
        let mut m = deferred(&tl);
        run_request(&mut m);
        dispatch(&mut m, Action::FocusQuery);
        type_text(&mut m, "orange");
        assert_eq!(m.query.text(), "orange");
        assert!(m.searching());
        dispatch(&mut m, Action::Move(Move::Down));
        dispatch(&mut m, Action::Move(Move::Down));
        assert_eq!(m.cursor, 2, "moves over the earlier results");
        assert_eq!(m.hits.len(), tl.events.len());
        type_text(&mut m, " c");
        assert_eq!(m.query.text(), "orange c");
        // The query changed: its results land with the cursor on top.
        assert!(run_request(&mut m));
        assert_eq!((m.cursor, m.offset), (0, 0));
        let mut sync = model(&tl);
        sync.focus = Focus::Query;
        type_text(&mut sync, "orange c");
        assert_eq!(m.hits, sync.hits);
        assert!(m.hits.len() < tl.events.len());
    }

    #[test]
    fn keep_current_applies_when_the_results_land() {
        let tl = embedded();
        let mut m = deferred(&tl);
        run_request(&mut m);
        dispatch(&mut m, Action::Move(Move::Down));
        dispatch(&mut m, Action::CycleSort);
        assert!(m.searching());
        // Moved while the sort is searched: that event is the one kept.
        dispatch(&mut m, Action::Move(Move::Down));
        let current = m.current();
        assert!(run_request(&mut m));
        assert_eq!(m.sort, Sort::DateDesc);
        assert_eq!(m.current(), current);
        assert!(m.cursor > tl.events.len() / 2);
        // A query change superseded by a sort change still goes to the top.
        dispatch(&mut m, Action::FocusQuery);
        type_text(&mut m, "e");
        dispatch(&mut m, Action::CycleSort);
        assert!(run_request(&mut m));
        assert_eq!(m.cursor, 0);
    }

    #[test]
    fn enter_while_searching_chooses_from_the_new_results() {
        let tl = embedded();
        let mut m = deferred(&tl);
        run_request(&mut m);
        dispatch(&mut m, Action::FocusQuery);
        type_text(&mut m, "'monaco");
        dispatch(&mut m, Action::Submit);
        dispatch(&mut m, Action::Accept);
        assert_eq!(m.exit, None, "waits for the results");
        assert!(run_request(&mut m));
        let first = m.hits[0].index as usize;
        assert!(tl.events[first].title().contains("Monaco"));
        assert_eq!(m.exit, Some(UiOutcome::Chosen(vec![first])));
    }

    #[test]
    fn backspace_reuses_the_matches_of_the_shorter_query() {
        let tl = embedded();
        let mut m = deferred(&tl);
        run_request(&mut m);
        dispatch(&mut m, Action::FocusQuery);
        for c in "orange".chars() {
            dispatch(&mut m, Action::Edit(Edit::Insert(c)));
            run_request(&mut m);
        }
        dispatch(&mut m, Action::Edit(Edit::Backspace));
        let request = m.take_request().unwrap();
        let base = request.base.clone().unwrap();
        assert!(base.answers(&m.filter), "orang's own matches");
        let results = request.run(&tl);
        assert!(Arc::ptr_eq(&results.matches, &base), "not matched again");
        assert!(m.receive(results));
        let mut sync = model(&tl);
        sync.focus = Focus::Query;
        type_text(&mut sync, "orang");
        assert_eq!(m.hits, sync.hits);
        // The same in the immediate mode: Backspace after typing.
        type_text(&mut sync, "e");
        dispatch(&mut sync, Action::Edit(Edit::Backspace));
        assert_eq!(m.hits, sync.hits);
        assert_eq!(m.counts, sync.counts);
    }

    #[test]
    fn backspace_shows_the_shorter_querys_matches_again() {
        let tl = embedded();
        let mut m = model(&tl);
        m.focus = Focus::Query;
        type_text(&mut m, "orange");
        let orang = Filter {
            query: Query::parse("orang"),
            ..Filter::default()
        };
        let kept = m.matches.base(&orang).unwrap();
        assert!(kept.answers(&orang));
        dispatch(&mut m, Action::Edit(Edit::Backspace));
        let now = m.matches.base(&m.filter).unwrap();
        assert!(Arc::ptr_eq(&kept, &now), "not matched again");
        assert_eq!(m.hits, crate::search::search(&tl, &m.filter, m.sort));
    }

    #[test]
    fn empty_timeline_is_safe_for_every_action() {
        let tl = Timeline::default();
        let mut m = Model::new(&tl, "", Filter::default(), Sort::Date, true);
        for a in [
            Action::Move(Move::Down),
            Action::Move(Move::Bottom),
            Action::FacetMove(Move::Down),
            Action::DetailScroll(Move::Down),
            Action::PrevYear,
            Action::NextYear,
            Action::ToggleMark,
            Action::ToggleFacet,
            Action::Click(5, 5),
            Action::Wheel(5, 5, true),
            Action::Resize(0, 0),
            Action::Click(0, 0),
            Action::Accept,
        ] {
            dispatch(&mut m, a);
        }
        assert_eq!(m.exit, Some(UiOutcome::Nothing));
    }
}
