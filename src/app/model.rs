//! The explorer's state: what it shows and remembers, read by the view
//! through accessors and changed only by [`update`](super::update).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::act::Choice;
use super::detail::DetailText;
use super::geometry::{self, Areas};
use super::history::Recall;
use super::keymap::Keymap;
use super::results::{Request, Results};
use super::strip::{self, Lanes, Selection, Strip, Unit, Zoom};
use super::{FacetRow, LineEdit};
use crate::output::OutputFormat;
use crate::search::{Criteria, FacetCounts, Hit, Query, Sort};
use crate::timeline::{Facet, PartialDate, Timeline};

/// Which part of the screen receives keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Focus {
    /// The query line: typing edits the query.
    Query,
    /// The facet list of the filters pane.
    Facets,
    /// The facet search line: typing narrows the facet entries.
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
    /// The pane the screen titles "Filters": query line and facets.
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
}

/// How the explorer ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Indices into `timeline.events`: the marked ones in display order, else the current one.
    Chosen(Vec<usize>),
    /// Quit without choosing (q, Ctrl-C, Esc with nothing to clear, SIGTERM/SIGHUP).
    Cancelled,
    /// Enter on an empty list.
    Nothing,
}

/// How the explorer starts.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The query line's starting text.
    pub query: String,
    /// Facets and dates chosen on the command line (its query is ignored: `query` wins).
    pub criteria: Criteria,
    /// Result order.
    pub sort: Sort,
    /// Whether Space marks events for a multiple choice.
    pub multi: bool,
    /// Colours (false: monochrome, for NO_COLOR or `--color never`).
    pub color: bool,
    /// What loading the files warned about (`file:line:col: warning: …`),
    /// counted in the status line and listed on a key.
    pub warnings: Vec<String>,
    /// What tlx noted of its own (a `--country` no event has, dates no
    /// event reaches, a history it cannot read): listed after the
    /// warnings, and kept when a reload brings the files' new warnings.
    pub notes: Vec<String>,
    /// Queries of earlier runs, oldest first, recalled with Alt-↑ / Alt-↓;
    /// `None`: the history is off (`--no-history`).
    pub history: Option<Vec<String>>,
    /// The key map in effect: the defaults with the user's bindings over them.
    pub keymap: Arc<Keymap>,
    /// The output format (`--format`): the copy key copies in it.
    pub format: OutputFormat,
    /// `--raw`: the copy key copies the data as it is, as the output would.
    pub raw: bool,
    /// Whether the copy key writes to the clipboard (OSC 52; config `copy`).
    pub copy: bool,
    /// Whether the detail pane's addresses are OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

/// A page shown over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// Every key.
    Keys,
    /// The load warnings.
    Warnings,
}

/// What to keep the cursor on after a new search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keep {
    /// Go to the first row (the query changed).
    Top,
    /// Stay on the current event when it still matches.
    Current,
}

/// The search whose results are awaited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Pending {
    /// The newest request's number.
    pub(super) generation: u64,
    /// Where the cursor goes when its results land.
    pub(super) keep: Keep,
    /// Enter was pressed meanwhile: choose once the results are in.
    pub(super) accept: bool,
}

/// Everything the explorer shows and remembers.
#[derive(Clone, Debug)]
pub struct Model<'t> {
    pub(super) timeline: &'t Timeline,
    /// Query, facet selections and dates (its query is parsed from `query`).
    pub(super) criteria: Criteria,
    pub(super) query: LineEdit,
    pub(super) sort: Sort,
    /// Whether Space marks events.
    pub(super) multi: bool,
    pub(super) color: bool,
    /// The key map in effect (shared: the model is cloned by tests and benches).
    pub(super) keymap: Arc<Keymap>,
    /// The number of the newest search asked for.
    pub(super) generation: u64,
    pub(super) pending: Option<Pending>,
    /// The request whose results are shown with only their first rows
    /// ranked: its whole list is on its way.
    pub(super) unranked: Option<u64>,
    /// Enter was pressed with events marked before the whole list was
    /// ranked: choose once it is, so the marks go out in the list's order.
    pub(super) accept_when_ranked: bool,
    /// Matching events, in display order.
    pub(super) hits: Vec<Hit>,
    /// Live facet counts under the current criteria.
    pub(super) counts: FacetCounts,
    /// Row of the current event in `hits`.
    pub(super) cursor: usize,
    /// First visible row of the events list.
    pub(super) offset: usize,
    /// Marked events (indices into `timeline.events`).
    pub(super) marks: BTreeSet<u32>,
    pub(super) focus: Focus,
    /// The facet search line.
    pub(super) facet_search: LineEdit,
    /// The facet list as shown (headings and entries).
    pub(super) facet_rows: Vec<FacetRow>,
    /// Row of the facet cursor in `facet_rows` (always an entry when there is one).
    pub(super) facet_cursor: usize,
    pub(super) facet_offset: usize,
    /// The detail of the current event, laid out for the detail pane.
    pub(super) detail: DetailText,
    pub(super) detail_scroll: usize,
    pub(super) zoom: Zoom,
    /// One lane, or a lane per facet value.
    pub(super) lanes: Lanes,
    /// A time range being chosen on the strip.
    pub(super) selection: Option<Selection>,
    /// Where a mouse drag on the strip began (a cell), until released.
    pub(super) drag: Option<i128>,
    /// The strip's window: its unit and first cell, kept until the cursor leaves it.
    pub(super) strip_window: Option<(Unit, i128)>,
    /// The finest unit the data has, and the fit for the last width seen.
    pub(super) finest: Unit,
    /// What the strip knows of the whole timeline.
    pub(super) extent: strip::Extent,
    /// The lanes for a facet and a number of rows: counting them reads every event.
    pub(super) lane_table: Option<(Facet, u16, strip::LaneTable)>,
    pub(super) fit: Option<Fit>,
    /// Bumped when the hits change, so the strip is counted again.
    pub(super) hits_version: u64,
    /// Every event's counts in the strip's window, kept while it stays.
    pub(super) all_counts: strip::AllCounts,
    /// The strip as laid out, and what it was laid out for.
    pub(super) strip: Strip,
    pub(super) strip_key: Option<StripKey>,
    pub(super) overlay: Option<Overlay>,
    pub(super) help_scroll: usize,
    pub(super) warnings: Vec<String>,
    /// The terminal's size.
    pub(super) size: Rect,
    /// Earlier queries, and how far back Alt-↑ has gone; `None`: off.
    pub(super) history: Option<Recall>,
    /// A one-line notice for the status line, cleared by the next action.
    pub(super) notice: Option<Cow<'static, str>>,
    /// The output format and `--raw`, for the copy key.
    pub(super) format: OutputFormat,
    pub(super) raw: bool,
    /// Whether the copy key copies.
    pub(super) copy: bool,
    pub(super) hyperlinks: bool,
    /// The addresses offered when the event to open has several.
    pub(super) choice: Option<Choice>,
    /// What the last reload did (or why it failed), for the status line;
    /// cleared by the next key, or by the terminal loop after a while.
    pub(super) report: Option<Report>,
    /// How far the whole file has been read, while the list shows its
    /// first events.
    pub(super) loading: Option<Loading>,
    /// The state taken over from before a reload, until the first
    /// results place the cursor.
    pub(super) resume: Option<super::reload::Resume>,
}

/// How far the whole timeline has been read while the explorer shows the
/// events read first, for the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loading {
    /// How much of the file has been read, 0 to 100.
    pub percent: u8,
    /// How many events that is, as far as can be told yet.
    pub read: usize,
    /// How many events the whole holds, as far as can be told yet.
    pub estimate: usize,
}

/// A message from outside the explorer for its status line: what a reload did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// One line of text.
    pub text: String,
    /// It says something failed.
    pub error: bool,
}

impl<'t> Model<'t> {
    /// A model showing `timeline` as `options` say, and the first search
    /// it needs: its list is empty until that search's results come back.
    pub fn new(timeline: &'t Timeline, options: Options) -> (Self, Request) {
        let mut criteria = options.criteria;
        criteria.query = Query::parse(&options.query);
        let mut model = Model {
            timeline,
            criteria,
            query: LineEdit::new(&options.query),
            sort: options.sort,
            multi: options.multi,
            color: options.color,
            keymap: options.keymap,
            generation: 0,
            pending: None,
            unranked: None,
            accept_when_ranked: false,
            hits: Vec::new(),
            counts: FacetCounts::default(),
            cursor: 0,
            offset: 0,
            marks: BTreeSet::new(),
            // Typing searches at once, as in fzf.
            focus: Focus::Query,
            facet_search: LineEdit::default(),
            facet_rows: Vec::new(),
            facet_cursor: 0,
            facet_offset: 0,
            detail: DetailText::default(),
            detail_scroll: 0,
            zoom: Zoom::Fit,
            lanes: Lanes::One,
            selection: None,
            drag: None,
            strip_window: None,
            finest: Unit::Day,
            extent: strip::Extent::of(timeline),
            lane_table: None,
            fit: None,
            hits_version: 0,
            all_counts: strip::AllCounts::default(),
            strip: Strip::default(),
            strip_key: None,
            overlay: None,
            help_scroll: 0,
            warnings: options.warnings.into_iter().chain(options.notes).collect(),
            size: Rect::new(0, 0, 80, 24),
            notice: None,
            history: options.history.map(Recall::new),
            format: options.format,
            raw: options.raw,
            copy: options.copy,
            hyperlinks: options.hyperlinks,
            choice: None,
            report: None,
            loading: None,
            resume: None,
        };
        let request = model.request(Keep::Top);
        model.finest = strip::finest(&model.extent);
        model.sync_detail();
        model.sync_strip();
        (model, request)
    }

    /// The events being explored.
    pub fn timeline(&self) -> &'t Timeline {
        self.timeline
    }

    /// Query, facet selections and dates.
    pub fn criteria(&self) -> &Criteria {
        &self.criteria
    }

    /// The query line.
    pub fn query(&self) -> &LineEdit {
        &self.query
    }

    /// Result order.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// Colours on (false: monochrome).
    pub fn color(&self) -> bool {
        self.color
    }

    /// Matching events, in display order.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Live facet counts under the current criteria.
    pub fn counts(&self) -> &FacetCounts {
        &self.counts
    }

    /// Row of the current event in [`hits`](Self::hits).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// First visible row of the events list.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Marked events (indices into `timeline.events`).
    pub fn marks(&self) -> &BTreeSet<u32> {
        &self.marks
    }

    /// Who receives keys.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The facet search line.
    pub fn facet_search(&self) -> &LineEdit {
        &self.facet_search
    }

    /// The facet list as shown (headings and entries).
    pub fn facet_rows(&self) -> &[FacetRow] {
        &self.facet_rows
    }

    /// Row of the facet cursor.
    pub fn facet_cursor(&self) -> usize {
        self.facet_cursor
    }

    /// First visible row of the facet list.
    pub fn facet_offset(&self) -> usize {
        self.facet_offset
    }

    /// The current event's detail, laid out for the detail pane.
    pub fn detail(&self) -> &DetailText {
        &self.detail
    }

    /// First visible line of the detail pane.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    /// The strip's zoom.
    pub fn zoom(&self) -> Zoom {
        self.zoom
    }

    /// The strip's lane mode.
    pub fn lanes(&self) -> Lanes {
        self.lanes
    }

    /// A time range being chosen on the strip.
    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    /// The timeline strip as laid out for the current state.
    pub fn strip(&self) -> &Strip {
        &self.strip
    }

    /// Whether an overlay (help or warnings) shows: keys go to it.
    pub fn help(&self) -> bool {
        self.overlay.is_some()
    }

    /// The key map in effect.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Whether several events may be marked (not `--no-multi`).
    pub fn multi(&self) -> bool {
        self.multi
    }

    /// The overlay shown, if any.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    /// What loading the files warned about.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// First visible line of the help overlay.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    /// The terminal's size.
    pub fn size(&self) -> Rect {
        self.size
    }

    /// A one-line notice for the status line.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Whether addresses in the detail pane are drawn as OSC 8 hyperlinks.
    pub fn hyperlinks(&self) -> bool {
        self.hyperlinks
    }

    /// The list of addresses to open shown over the panes, if any.
    pub fn choice(&self) -> Option<&Choice> {
        self.choice.as_ref()
    }

    /// How far the whole timeline has been read, while only its first
    /// events are shown.
    pub fn loading(&self) -> Option<Loading> {
        self.loading
    }

    /// What the last reload did, or why it failed, while it is news.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Index into `timeline.events` of the current event.
    pub fn current(&self) -> Option<usize> {
        self.hits.get(self.cursor).map(|h| h.index as usize)
    }

    /// The screen areas for the current size and focus.
    pub fn areas(&self) -> Areas {
        geometry::areas(self.size, self.focus)
    }

    /// Visible rows of the events list.
    pub fn list_rows(&self) -> usize {
        usize::from(geometry::inner(self.areas().events).height)
    }

    /// Visible rows of the facet list (below the search line when it shows).
    pub fn facet_list_rows(&self) -> usize {
        let inner = geometry::inner(self.areas().facets);
        usize::from(inner.height).saturating_sub(usize::from(self.facet_search_shown()))
    }

    /// Whether the facet search line takes the first row of the facet pane.
    pub fn facet_search_shown(&self) -> bool {
        self.focus == Focus::FacetSearch || !self.facet_search.is_empty()
    }

    /// True when a query, a facet selection or a date narrows the list.
    pub fn is_narrowed(&self) -> bool {
        !self.criteria.is_empty() || !self.query.is_empty()
    }

    /// Whether a search is awaited (the list shows earlier results).
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the list's first rows are ranked and the rest, shown in
    /// date order meanwhile, are still being ranked.
    pub fn ranking(&self) -> bool {
        self.unranked.is_some()
    }

    /// The row of the first match whose date `contains` accepts.
    pub fn first_hit_in(&self, contains: impl Fn(&PartialDate) -> bool) -> Option<usize> {
        self.hits
            .iter()
            .position(|h| contains(&self.timeline.events[h.index as usize].date))
    }

    /// Asks for a search of the current criteria and sort: the one place a
    /// search is asked for. A request supersedes any still awaited; a
    /// query change among them still sends the cursor to the top.
    pub(super) fn request(&mut self, keep: Keep) -> Request {
        self.generation += 1;
        let (keep, accept) = match self.pending {
            Some(p) if p.keep == Keep::Top => (Keep::Top, p.accept),
            Some(p) => (keep, p.accept),
            None => (keep, false),
        };
        let accept = accept || std::mem::take(&mut self.accept_when_ranked);
        self.pending = Some(Pending {
            generation: self.generation,
            keep,
            accept,
        });
        Request {
            generation: self.generation,
            criteria: self.criteria.clone(),
            sort: self.sort,
        }
    }

    /// Shows search results, keeping the cursor as asked.
    pub(super) fn land(&mut self, results: Results, keep: Keep) {
        let current = self.current();
        self.hits = results.hits;
        self.counts = results.counts;
        self.hits_version += 1;
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
        // The first results after a reload: the cursor goes back where it was.
        self.aim();
        // Rebuilding the facet list clamps every cursor.
        self.rebuild_facets();
    }

    /// Keeps cursors inside their lists and visible in their panes.
    pub(super) fn clamp(&mut self) {
        let rows = self.list_rows().max(1);
        self.cursor = self.cursor.min(self.hits.len().saturating_sub(1));
        self.offset = scroll_to(self.offset, self.cursor, rows, self.hits.len());
        self.clamp_facets();
        self.sync_detail();
    }

    /// Lays the detail out again when the event, its pane's width or the
    /// query changed, and keeps its scroll inside it.
    pub(super) fn sync_detail(&mut self) {
        let width = geometry::inner(self.areas().detail).width;
        let current = self.current();
        self.detail
            .update(self.timeline, current, width, &self.criteria.query);
        self.detail_scroll = self.detail_scroll.min(self.detail_max_scroll());
    }

    pub(super) fn detail_max_scroll(&self) -> usize {
        let rows = usize::from(geometry::inner(self.areas().detail).height);
        self.detail.lines().len().saturating_sub(rows)
    }

    pub(super) fn help_max_scroll(&self) -> usize {
        let area = geometry::inner(geometry::help_area(self.size));
        let lines = match self.overlay {
            Some(Overlay::Warnings) => warning_lines(&self.warnings, area.width).len(),
            _ => super::overlay::help_rows(&self.keymap, area.width).len(),
        };
        lines.saturating_sub(usize::from(area.height))
    }

    /// Moves the cursor to `row`, keeping it in the list and visible.
    pub(super) fn set_cursor(&mut self, row: usize) {
        let row = row.min(self.hits.len().saturating_sub(1));
        if row != self.cursor {
            self.cursor = row;
            self.detail_scroll = 0;
        }
        self.clamp();
    }

    /// The chosen events, for Enter.
    pub(super) fn chosen(&self) -> Outcome {
        if self.marks.is_empty() {
            return match self.current() {
                Some(i) => Outcome::Chosen(vec![i]),
                None => Outcome::Nothing,
            };
        }
        let mut shown: Vec<usize> = self
            .hits
            .iter()
            .filter(|h| self.marks.contains(&h.index))
            .map(|h| h.index as usize)
            .collect();
        // Looked up sorted: with every event of a million marked, a scan
        // of the list per mark never ended.
        let mut seen = shown.clone();
        seen.sort_unstable();
        let hidden: Vec<usize> = self
            .marks
            .iter()
            .map(|&i| i as usize)
            .filter(|i| seen.binary_search(i).is_err())
            .collect();
        shown.extend(hidden);
        Outcome::Chosen(shown)
    }

    /// The row of the first match in the nearest strip cell before (or
    /// after) the current event's, in the strip's unit.
    pub(super) fn unit_jump(&self, forward: bool) -> Option<usize> {
        let unit = self.strip.unit?;
        let cell_of = |h: &Hit| unit.cell_of(&self.timeline.events[h.index as usize].date, false);
        let current = cell_of(self.hits.get(self.cursor)?);
        let target = self
            .hits
            .iter()
            .map(cell_of)
            .filter(|&c| if forward { c > current } else { c < current })
            .reduce(|a, b| if forward { a.min(b) } else { a.max(b) })?;
        self.hits.iter().position(|h| cell_of(h) == target)
    }

    /// The unit the strip shows in its zoom at its width.
    pub(super) fn strip_unit(&mut self) -> Option<Unit> {
        Some(self.strip_scale()?.0)
    }

    /// The strip's unit and cell width in its zoom at its width.
    fn strip_scale(&mut self) -> Option<(Unit, u16)> {
        let inner = geometry::strip_inner(self.areas().strip);
        let width = inner
            .width
            .saturating_sub(strip::gutter(self.lanes, inner.width));
        if self.timeline.events.is_empty() || width == 0 {
            return None;
        }
        Some(match self.zoom {
            Zoom::Fit => {
                let fit = self.fit_for(width);
                (fit.unit, fit.cell_width)
            }
            Zoom::Level(u) => (u, u.cell_width()),
        })
    }

    /// The fitting unit, cell width and window start for cells `width`
    /// columns wide, kept until the width changes: finding it reads every event.
    fn fit_for(&mut self, width: u16) -> Fit {
        match self.fit {
            Some(fit) if fit.width == width => fit,
            _ => {
                let unit = strip::fit_unit(&self.extent, width);
                let cell_width = strip::fit_cell_width(&self.extent, unit, width);
                let cells = i128::from(width / cell_width);
                let period = unit.tick_period(cell_width);
                let start = strip::fit_start(&self.extent, unit, cells, period);
                let fit = Fit {
                    width,
                    unit,
                    cell_width,
                    start,
                };
                self.fit = Some(fit);
                fit
            }
        }
    }

    /// Lays the strip out again when what it shows changed: the window
    /// follows the cursor (or the selection's moving end) only when it
    /// leaves, and always starts on a tick.
    pub(super) fn sync_strip(&mut self) {
        let inner = geometry::strip_inner(self.areas().strip);
        let Some((unit, cell_width)) = self.strip_scale() else {
            self.strip = Strip::default();
            self.strip_key = None;
            return;
        };
        let rows = inner.height.saturating_sub(1).max(1);
        let gutter = strip::gutter(self.lanes, inner.width);
        let cells = i128::from(inner.width.saturating_sub(gutter) / cell_width).max(1);
        let period = unit.tick_period(cell_width);
        let focus = match self.selection {
            Some(s) if s.unit == unit => Some(s.head),
            _ => self
                .current()
                .map(|i| unit.cell_of(&self.timeline.events[i].date, false)),
        };
        // Fitting shows all the data from its first tick, whatever came before.
        let kept = match self.strip_window {
            _ if self.zoom == Zoom::Fit => Some(self.fit_for(inner.width - gutter).start),
            Some((u, start)) if u == unit => Some(start),
            _ => None,
        };
        let start = match (kept, focus) {
            (Some(start), Some(f)) if (start..start + cells).contains(&f) => start,
            (_, Some(f)) => strip::anchor(f, cells, period),
            (Some(start), None) => start,
            (None, None) => 0,
        };
        self.strip_window = Some((unit, start));
        let key = StripKey {
            unit,
            cell_width,
            start,
            width: inner.width,
            rows,
            lanes: self.lanes,
            hits: self.hits_version,
            current: self.current(),
            selection: self.selection,
        };
        if self.strip_key.as_ref() == Some(&key) {
            return;
        }
        // What the counts depend on: not the cursor, not the selection.
        let counted = |k: &StripKey| (k.unit, k.start, k.width, k.rows, k.lanes, k.hits);
        let same_counts = self
            .strip_key
            .as_ref()
            .is_some_and(|k| counted(k) == counted(&key));
        if let Lanes::By(facet) = self.lanes
            && !matches!(&self.lane_table, Some((f, r, _)) if *f == facet && *r == rows)
        {
            let table = strip::lane_values(self.timeline, facet, usize::from(rows));
            self.lane_table = Some((facet, rows, table));
        }
        let lane_table = match (&self.lane_table, self.lanes) {
            (Some((f, _, table)), Lanes::By(facet)) if *f == facet => Some(table),
            _ => None,
        };
        let input = strip::Input {
            timeline: self.timeline,
            hits: &self.hits,
            extent: &self.extent,
            lane_table,
            current: self.current(),
            unit,
            cell_width,
            start,
            width: inner.width,
            rows,
            lanes: self.lanes,
            selection: self.selection,
        };
        if same_counts {
            // Only the cursor or the selection moved: no need to count again.
            strip::place_marks(&mut self.strip, &input, lane_table);
        } else {
            self.strip = strip::layout(&input, &mut self.all_counts);
        }
        self.strip_key = Some(key);
    }
}

/// The zoom that shows every event, for one strip width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fit {
    width: u16,
    unit: Unit,
    cell_width: u16,
    start: i128,
}

/// What the strip was laid out for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct StripKey {
    unit: Unit,
    cell_width: u16,
    start: i128,
    width: u16,
    rows: u16,
    lanes: Lanes,
    hits: u64,
    current: Option<usize>,
    selection: Option<Selection>,
}

/// An offset that shows `cursor` within `rows` rows of a `len`-row list,
/// moving as little as possible and leaving no blank rows at the end.
pub(super) fn scroll_to(offset: usize, cursor: usize, rows: usize, len: usize) -> usize {
    let rows = rows.max(1);
    let mut offset = offset.min(len.saturating_sub(rows));
    if cursor < offset {
        offset = cursor;
    } else if cursor >= offset + rows {
        offset = cursor + 1 - rows;
    }
    offset
}

/// The warnings overlay's lines at `width` columns: each warning made safe
/// for the terminal and wrapped, a blank line between two.
pub fn warning_lines(warnings: &[String], width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    for (i, warning) in warnings.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        let text: Vec<char> = crate::text::line(warning).chars().collect();
        for (start, end) in super::detail::wrap(&text, width) {
            lines.push(text[start..end].iter().collect());
        }
    }
    lines
}
