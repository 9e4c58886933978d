//! The explorer's behaviour, driven as the terminal drives it: through
//! the runtime (inline searches), or message by message through `update`
//! where the order of a search's results is the point.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::model::Keep;
use super::*;

mod facets;
mod searching;
use crate::search::{Criteria, Query, Sort};
use crate::timeline::{Facet, Input, PartialDate, Sym, Timeline, load_inputs};

pub(crate) fn embedded() -> Timeline {
    load_inputs(&[Input::Embedded]).unwrap().0
}

/// A headless runtime, read as its model, that remembers how it ended.
pub(crate) struct Harness<'t> {
    pub(super) runtime: Runtime<'t>,
    pub(super) exit: Option<Outcome>,
}

impl<'t> Deref for Harness<'t> {
    type Target = Model<'t>;
    fn deref(&self) -> &Model<'t> {
        &self.runtime.model
    }
}

impl DerefMut for Harness<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.runtime.model
    }
}

pub(super) fn harness<'t>(
    tl: &'t Timeline,
    query: &str,
    criteria: Criteria,
    multi: bool,
) -> Harness<'t> {
    let options = Options {
        query: query.to_owned(),
        criteria,
        sort: Sort::default(),
        multi,
        color: true,
        ..Options::default()
    };
    Harness {
        runtime: Runtime::headless(tl, options, 120, 35),
        exit: None,
    }
}

/// The embedded timeline at 120x35, nothing typed.
pub(crate) fn model(tl: &Timeline) -> Harness<'_> {
    harness(tl, "", Criteria::default(), true)
}

/// One action as a burst of one key: sent, then the search it asked for run.
pub(super) fn dispatch(m: &mut Harness, action: Action) {
    let sent = m.runtime.send(action);
    let flushed = m.runtime.flush().unwrap();
    if let Some(Control::Exit(outcome)) = sent.or(flushed) {
        m.exit = Some(outcome);
    }
}

/// One action through `update` alone: its effect, not carried out.
pub(super) fn step(m: &mut Harness, action: Action) -> Option<Effect> {
    update(m, action.into())
}

/// Runs the search the model last asked for (criteria set by hand).
pub(super) fn requery(m: &mut Harness) {
    let request = m.request(Keep::Current);
    m.runtime.due = Some(request);
    settle(m);
}

pub(super) fn settle(m: &mut Harness) {
    if let Some(Control::Exit(outcome)) = m.runtime.settle().unwrap() {
        m.exit = Some(outcome);
    }
}

pub(super) fn titles(m: &Model) -> Vec<String> {
    m.hits
        .iter()
        .map(|h| m.timeline.events[h.index as usize].title().to_string())
        .collect()
}

pub(super) fn type_text(m: &mut Harness, s: &str) {
    for c in s.chars() {
        dispatch(m, Action::Edit(Edit::Insert(c)));
    }
}

pub(super) fn sym(tl: &Timeline, name: &str) -> Sym {
    tl.names.lookup(name).unwrap()
}

#[test]
fn starts_on_the_query_line_with_everything() {
    let tl = embedded();
    let m = model(&tl);
    assert_eq!(m.focus, Focus::Query);
    assert_eq!(m.hits.len(), tl.events.len());
    assert_eq!(m.current(), Some(0));
    assert!(!m.is_narrowed());
}

#[test]
fn start_query_wins_over_the_filters_query() {
    let tl = embedded();
    let filter = Criteria {
        query: Query::parse("nothing-matches-this"),
        ..Criteria::default()
    };
    let m = harness(&tl, "'monaco", filter, true);
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
    assert_eq!(m.overlay, Some(Overlay::Keys));
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
    assert_eq!(m.overlay, None);
}

#[test]
fn the_warnings_overlay_lists_every_warning_and_scrolls_to_the_last() {
    let tl = embedded();
    let warnings: Vec<String> = (1..=9)
        .map(|i| format!("timelines/t.json:{i}:5: warning: event #{i}: date \"2019-13\" is not a valid month; skipped"))
        .collect();
    let options = Options {
        multi: true,
        warnings: warnings.clone(),
        ..Options::default()
    };
    let mut m = Harness {
        runtime: Runtime::headless(&tl, options, 60, 12),
        exit: None,
    };
    dispatch(&mut m, Action::ToggleWarnings);
    assert_eq!(m.overlay, Some(Overlay::Warnings));
    // 58 columns inside the frame: each warning wraps to two lines, and a
    // blank line parts two warnings.
    let lines = crate::app::warning_lines(&warnings, 58);
    assert_eq!(lines.len(), 9 * 2 + 8, "{lines:#?}");
    assert!(lines[1].ends_with("skipped"), "{lines:#?}");
    dispatch(&mut m, Action::HelpScroll(Move::Bottom));
    assert_eq!(m.help_scroll, lines.len() - 8);
    // Esc (the help's close) closes it too, and so does its own key.
    dispatch(&mut m, Action::ToggleHelp);
    assert_eq!(m.overlay, None);
    dispatch(&mut m, Action::ToggleWarnings);
    dispatch(&mut m, Action::ToggleWarnings);
    assert_eq!(m.overlay, None);
    // Without warnings the key says so, and shows nothing.
    let mut plain = model(&tl);
    dispatch(&mut plain, Action::ToggleWarnings);
    assert_eq!(plain.overlay, None);
    assert!(plain.notice().is_some_and(|n| n.contains("no warnings")));
}

#[test]
fn year_jumps_go_to_the_neighbouring_years() {
    let tl = embedded();
    let mut m = model(&tl);
    // `[` and `]` go by the strip's unit: here a year.
    m.zoom = Zoom::Level(Unit::Years(1));
    m.sync_strip();
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
    requery(&mut m);
    dispatch(&mut m, Action::Accept);
    let last = tl.events.len() - 1;
    assert_eq!(m.exit, Some(Outcome::Chosen(vec![last, 1])));
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
    assert_eq!(m.exit, Some(Outcome::Chosen(vec![shown, 0])));
}

#[test]
fn no_multi_refuses_marks() {
    let tl = embedded();
    let mut m = harness(&tl, "", Criteria::default(), false);
    dispatch(&mut m, Action::ToggleMark);
    assert!(m.marks.is_empty());
    assert_eq!(m.cursor, 0);
    assert!(m.notice.is_some());
}

#[test]
fn select_all_marks_the_events_the_list_shows_and_clear_marks_unmarks_all() {
    let tl = embedded();
    let mut m = model(&tl);
    // A mark the query will hide.
    dispatch(&mut m, Action::ToggleMark);
    type_text(&mut m, "'togo");
    let shown: Vec<u32> = m.hits.iter().map(|h| h.index).collect();
    assert!(
        shown.len() >= 3 && shown.len() < tl.events.len(),
        "{shown:?}"
    );
    assert!(!shown.contains(&0));
    dispatch(&mut m, Action::SelectAll);
    // The filtered list only: the hidden mark stays, nothing else is added.
    let mut expected: Vec<u32> = shown.clone();
    expected.push(0);
    expected.sort_unstable();
    assert_eq!(m.marks.iter().copied().collect::<Vec<_>>(), expected);
    dispatch(&mut m, Action::ClearMarks);
    assert!(m.marks.is_empty());
    assert_eq!(m.notice, None);
}

#[test]
fn no_multi_refuses_select_all_with_a_notice() {
    let tl = embedded();
    let mut m = harness(&tl, "", Criteria::default(), false);
    dispatch(&mut m, Action::SelectAll);
    assert!(m.marks.is_empty());
    assert_eq!(m.notice.as_deref(), Some("marking is off (--no-multi)"));
    dispatch(&mut m, Action::ClearMarks);
    assert_eq!(m.notice.as_deref(), Some("marking is off (--no-multi)"));
}

/// A model at 120x35 whose history holds `entries`, oldest first.
fn with_history<'t>(tl: &'t Timeline, entries: Option<&[&str]>) -> Harness<'t> {
    let options = Options {
        multi: true,
        history: entries.map(|e| e.iter().map(|&s| s.to_owned()).collect()),
        ..Options::default()
    };
    Harness {
        runtime: Runtime::headless(tl, options, 120, 35),
        exit: None,
    }
}

#[test]
fn alt_up_recalls_older_queries_and_searches_them_and_alt_down_restores_the_draft() {
    let tl = embedded();
    let mut m = with_history(&tl, Some(&["egypt", "'togo"]));
    type_text(&mut m, "qual");
    dispatch(&mut m, Action::HistoryPrev);
    assert_eq!((m.query.text(), m.query.cursor()), ("'togo", 5));
    // Searched at once: the list is the recalled query's.
    assert_eq!(m.criteria.query, Query::parse("'togo"));
    let togo = m.hits.len();
    assert!(togo > 0 && togo < tl.events.len());
    dispatch(&mut m, Action::HistoryPrev);
    assert_eq!(m.query.text(), "egypt");
    dispatch(&mut m, Action::HistoryPrev);
    assert_eq!(m.query.text(), "egypt");
    assert_eq!(m.notice.as_deref(), Some("no older query in the history"));
    dispatch(&mut m, Action::HistoryNext);
    dispatch(&mut m, Action::HistoryNext);
    assert_eq!(m.query.text(), "qual", "the draft");
    assert_eq!(m.criteria.query, Query::parse("qual"));
    dispatch(&mut m, Action::HistoryNext);
    assert_eq!(m.query.text(), "qual");
    assert_eq!(m.notice.as_deref(), Some("no newer query in the history"));
}

#[test]
fn recalling_from_the_list_goes_to_the_query_line() {
    let tl = embedded();
    let mut m = with_history(&tl, Some(&["egypt"]));
    m.focus = Focus::Events;
    dispatch(&mut m, Action::HistoryPrev);
    assert_eq!((m.focus, m.query.text()), (Focus::Query, "egypt"));
}

#[test]
fn an_empty_or_disabled_history_says_so() {
    let tl = embedded();
    let mut m = with_history(&tl, Some(&[]));
    dispatch(&mut m, Action::HistoryPrev);
    assert_eq!(m.query.text(), "");
    assert_eq!(
        m.notice.as_deref(),
        Some("no query history yet: Enter saves the query")
    );
    let mut m = with_history(&tl, None);
    dispatch(&mut m, Action::HistoryPrev);
    assert_eq!(
        m.notice.as_deref(),
        Some("the query history is off (--no-history)")
    );
}

#[test]
fn accept_chooses_the_current_event_or_nothing() {
    let tl = embedded();
    let mut m = model(&tl);
    dispatch(&mut m, Action::Move(Move::Down));
    dispatch(&mut m, Action::Accept);
    assert_eq!(m.exit, Some(Outcome::Chosen(vec![1])));
    let mut m = model(&tl);
    m.focus = Focus::Query;
    type_text(&mut m, "zzzzqqqq");
    assert!(m.hits.is_empty());
    dispatch(&mut m, Action::Accept);
    assert_eq!(m.exit, Some(Outcome::Nothing));
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
    m.focus = Focus::Events;
    assert!(step(&mut m, Action::Edit(Edit::Insert('x'))).is_none());
    assert!(m.query.is_empty());
    m.focus = Focus::Query;
    assert!(matches!(
        step(&mut m, Action::Edit(Edit::Insert('x'))),
        Some(Effect::Search(_))
    ));
    // Cursor moves change no text, so no new search.
    assert!(step(&mut m, Action::Edit(Edit::Left)).is_none());
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
    assert_eq!(m.facet_search.text(), "fra");
}

#[test]
fn a_query_edit_parses_the_line_and_searches() {
    let tl = embedded();
    let mut m = model(&tl);
    m.focus = Focus::Query;
    dispatch(&mut m, Action::Paste("kazakh".into()));
    assert_eq!(m.criteria.query, Query::parse("kazakh"));
    assert_eq!(m.hits.len(), 1);
}

#[test]
fn focus_cycles_filters_events_detail() {
    let tl = embedded();
    let mut m = model(&tl);
    m.focus = Focus::Events;
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
    assert_eq!(m.facet_search.text(), "fr");
}

#[test]
fn esc_on_the_query_clears_it_then_quits() {
    let tl = embedded();
    let mut m = model(&tl);
    type_text(&mut m, "orange");
    dispatch(&mut m, Action::Back);
    assert_eq!(m.focus, Focus::Query);
    assert!(m.query.is_empty());
    assert_eq!(m.hits.len(), tl.events.len());
    assert_eq!(m.exit, None, "one Esc clears what was typed");
    dispatch(&mut m, Action::Back);
    assert_eq!(m.exit, Some(Outcome::Cancelled));
}

#[test]
fn esc_in_the_list_goes_back_to_the_query_keeping_everything() {
    let tl = embedded();
    let mut m = model(&tl);
    type_text(&mut m, "orange");
    dispatch(&mut m, Action::Submit);
    assert_eq!(m.focus, Focus::Events);
    m.criteria.countries.insert(sym(&tl, "France"));
    requery(&mut m);
    let narrowed = m.hits.len();
    dispatch(&mut m, Action::Back);
    assert_eq!(m.focus, Focus::Query);
    assert_eq!(m.query.text(), "orange");
    assert_eq!(m.hits.len(), narrowed);
    assert_eq!(m.exit, None);
}

#[test]
fn shift_tab_marks_and_moves_up() {
    let tl = embedded();
    let mut m = model(&tl);
    dispatch(&mut m, Action::Move(Move::Down));
    dispatch(&mut m, Action::Move(Move::Down));
    dispatch(&mut m, Action::ToggleMarkUp);
    assert_eq!(m.cursor, 1);
    assert_eq!(m.marks.len(), 1);
    assert!(m.marks.contains(&2));
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
    assert!(m.facet_search.is_empty());
    m.facet_search = LineEdit::new("fr");
    dispatch(&mut m, Action::Back);
    assert_eq!(m.focus, Focus::Facets);
    assert!(m.facet_search.is_empty());
    dispatch(&mut m, Action::Back);
    assert_eq!(m.focus, Focus::Events);
    assert_eq!(m.exit, None);
}

#[test]
fn sort_cycles_and_keeps_the_current_event() {
    let tl = embedded();
    let mut m = model(&tl);
    dispatch(&mut m, Action::Move(Move::Down));
    dispatch(&mut m, Action::Move(Move::Down));
    let current = m.current();
    assert_eq!(m.sort, Sort::Auto, "by date while there is no query");
    dispatch(&mut m, Action::CycleSort);
    assert_eq!(m.sort, Sort::Date);
    assert_eq!(m.current(), current);
    dispatch(&mut m, Action::CycleSort);
    assert_eq!(m.sort, Sort::DateDesc);
    assert_eq!(m.current(), current);
    assert!(m.cursor > tl.events.len() / 2);
    dispatch(&mut m, Action::CycleSort);
    assert_eq!(m.sort, Sort::Score);
    dispatch(&mut m, Action::CycleSort);
    assert_eq!(m.sort, Sort::Auto);
}

#[test]
fn clear_filters_keeps_the_query() {
    let tl = embedded();
    let mut m = model(&tl);
    m.focus = Focus::Query;
    type_text(&mut m, "huawei");
    m.criteria.countries.insert(sym(&tl, "France"));
    m.criteria.since = Some(PartialDate::parse("2019").unwrap());
    dispatch(&mut m, Action::ClearFacets);
    assert!(m.criteria.countries.is_empty());
    assert_eq!(m.criteria.since, None);
    assert_eq!(m.criteria.query, Query::parse("huawei"));
}

#[test]
fn zoom_in_and_out() {
    let tl = embedded();
    let mut m = model(&tl);
    // The embedded timeline fits in quarters at 80 columns.
    assert_eq!(m.strip().unit, Some(Unit::Quarter));
    dispatch(&mut m, Action::ZoomIn);
    assert_eq!(m.zoom, Zoom::Level(Unit::Month));
    dispatch(&mut m, Action::ZoomIn);
    assert_eq!(m.zoom, Zoom::Level(Unit::Day));
    dispatch(&mut m, Action::ZoomIn);
    assert_eq!(m.zoom, Zoom::Level(Unit::Day));
    assert!(m.notice.is_some());
    dispatch(&mut m, Action::ZoomOut);
    assert_eq!(m.zoom, Zoom::Level(Unit::Month));
    dispatch(&mut m, Action::ZoomOut);
    assert_eq!(m.zoom, Zoom::Fit);
    dispatch(&mut m, Action::ZoomOut);
    assert_eq!(m.zoom, Zoom::Fit);
    dispatch(&mut m, Action::ZoomIn);
    dispatch(&mut m, Action::ZoomFit);
    assert_eq!(m.zoom, Zoom::Fit);
}

#[test]
fn quit_cancels_and_suspend_changes_nothing() {
    let tl = embedded();
    let mut m = model(&tl);
    assert!(matches!(
        step(&mut m, Action::Suspend),
        Some(Effect::Suspend)
    ));
    dispatch(&mut m, Action::Suspend);
    assert_eq!(m.exit, None);
    dispatch(&mut m, Action::Quit);
    assert_eq!(m.exit, Some(Outcome::Cancelled));
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
    let list = geometry::inner(a.events);
    dispatch(&mut m, Action::Click(list.x + 2, list.y + 3));
    assert_eq!(m.cursor, 3);
    assert_eq!(m.focus, Focus::Events);
    dispatch(&mut m, Action::Click(a.detail.x + 2, a.detail.y + 2));
    assert_eq!(m.focus, Focus::Detail);
    dispatch(&mut m, Action::Click(a.query.x + 2, a.query.y + 1));
    assert_eq!(m.focus, Focus::Query);
    let facets = geometry::inner(a.facets);
    // Row 1 is the first entry under the Countries heading.
    dispatch(&mut m, Action::Click(facets.x + 2, facets.y + 1));
    assert_eq!(m.focus, Focus::Facets);
    assert_eq!(m.criteria.countries.len(), 1);
    // A click closes the help overlay and does nothing else.
    m.overlay = Some(Overlay::Keys);
    dispatch(&mut m, Action::Click(list.x + 2, list.y));
    assert_eq!(m.overlay, None);
    assert_eq!(m.focus, Focus::Facets);
}

#[test]
fn click_on_the_strip_jumps_to_that_cell() {
    let tl = embedded();
    let mut m = model(&tl);
    let inner = geometry::strip_inner(m.areas().strip);
    assert!(inner.height > 0);
    let strip = m.strip().clone();
    let lane = &strip.lanes[0];
    let last = (0..strip.cells).rfind(|&i| lane.hits[i] > 0).unwrap();
    dispatch(&mut m, Action::Click(inner.x + strip.col(last), inner.y));
    let e = &tl.events[m.current().unwrap()];
    let (a, b) = strip::event_cells(strip.unit.unwrap(), e);
    assert!((a..=b).contains(&(strip.start + last as i128)));
}

#[test]
fn wheel_scrolls_the_pane_under_the_pointer() {
    let tl = embedded();
    let mut m = model(&tl);
    dispatch(&mut m, Action::Resize(80, 14));
    let a = m.areas();
    dispatch(&mut m, Action::Wheel(a.events.x + 2, a.events.y + 2, true));
    assert_eq!(m.offset, 3);
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
fn empty_timeline_is_safe_for_every_action() {
    let tl = Timeline::default();
    let mut m = harness(&tl, "", Criteria::default(), true);
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
    assert_eq!(m.exit, Some(Outcome::Nothing));
}

#[test]
fn a_chosen_value_no_event_has_is_listed_first_and_checked() {
    // Before the fix: `--country Narnia` showed "1 on" with the checked
    // entry last of 40-odd countries, out of sight.
    let mut tl = embedded();
    let narnia = tl.names.intern("Narnia");
    let mut criteria = Criteria::default();
    criteria.selected_mut(Facet::Country).insert(narnia);
    let m = harness(&tl, "", criteria, true);
    assert_eq!(m.facet_rows[0], FacetRow::Header(Facet::Country));
    assert_eq!(
        m.facet_rows[1],
        FacetRow::Entry {
            facet: Facet::Country,
            sym: narnia,
            count: 0,
            selected: true
        }
    );
}
