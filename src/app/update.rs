//! `update`: the only way the explorer's state changes. It takes a message
//! (a user's action, or the results of a search it asked for) and returns
//! what must happen outside it (an [`Effect`]) as a value.

use super::action::{Action, Move};
use super::geometry;
use super::model::{Keep, Loading, Report};
use super::reload::Resume;
use super::results::{Request, Results};
use super::{Focus, Model, Outcome, Overlay, Pane, Selection, Zoom};
use crate::search::{Criteria, Query};

/// Something that happened to the explorer.
#[derive(Clone, Debug)]
pub enum Msg {
    /// The user did something.
    Action(Action),
    /// A search the model asked for is done.
    Searched(Results),
    /// What carrying out an effect came to (`opened …`, an exit status),
    /// for the status line.
    Notice(String),
    /// The explorer starts on a reloaded timeline: take over the state
    /// from before (marks, cursor, focus…).
    Resume(Resume),
    /// What a reload did, or why it failed, for the status line (`None`
    /// clears it).
    Report(Option<Report>),
    /// How far the whole timeline has been read (`None`: it is all shown).
    Loading(Option<Loading>),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Self {
        Msg::Action(action)
    }
}

/// Work `update` leaves to whoever runs the explorer.
#[derive(Clone, Debug)]
pub enum Effect {
    /// Run this search and send its results back as [`Msg::Searched`]; a
    /// newer request makes an older one not yet started pointless.
    Search(Request),
    /// Hand the terminal back to the shell until resumed (Ctrl-Z).
    Suspend,
    /// Open this address (checked by `osc::safe_url`) with the opener, detached.
    Open(String),
    /// Put this text on the clipboard (OSC 52 on the terminal).
    Copy(Vec<u8>),
    /// Run this command line with `sh -c`, the terminal restored around it.
    Execute(String),
    /// Read the timeline files again (the reload key).
    Reload,
    /// End the explorer.
    Exit(Outcome),
}

/// Applies one message; returns the effect it asks for, if any.
pub fn update(model: &mut Model, msg: Msg) -> Option<Effect> {
    let effect = match msg {
        Msg::Action(action) => {
            model.notice = None;
            // A reload's report stays until a key (not a resize) comes.
            if !matches!(action, Action::Resize(..)) {
                model.report = None;
            }
            act(model, action)
        }
        Msg::Searched(results) => searched(model, results),
        Msg::Notice(text) => {
            model.notice = Some(crate::text::line(&text).into_owned().into());
            None
        }
        Msg::Resume(resume) => {
            model.resume(resume);
            None
        }
        Msg::Report(report) => {
            model.report = report;
            None
        }
        Msg::Loading(loading) => {
            model.loading = loading;
            None
        }
    };
    model.sync_detail();
    model.sync_strip();
    effect
}

/// Results came back: the newest request's are shown (the cursor placed as
/// the change asked), older ones are not.
///
/// Results ranked only in part are shown at once; the same request's
/// whole list, when it comes, takes their place under the cursor (its
/// first rows are the same).
fn searched(model: &mut Model, results: Results) -> Option<Effect> {
    let generation = results.generation;
    let ranked = results.ranked;
    let accept = match model.pending {
        Some(pending) if pending.generation == generation => {
            model.pending = None;
            model.land(results, pending.keep);
            pending.accept
        }
        None if ranked && model.unranked == Some(generation) => {
            model.land(results, Keep::Current);
            std::mem::take(&mut model.accept_when_ranked)
        }
        _ => return None,
    };
    model.unranked = (!ranked).then_some(generation);
    if accept {
        return accept_now(model);
    }
    None
}

/// Enter: the chosen events go out, unless marked events would go out in
/// a list not yet ranked in full; then once it is.
fn accept_now(model: &mut Model) -> Option<Effect> {
    if model.unranked.is_some() && !model.marks.is_empty() {
        model.accept_when_ranked = true;
        return None;
    }
    Some(Effect::Exit(model.chosen()))
}

fn act(model: &mut Model, action: Action) -> Option<Effect> {
    match action {
        Action::Move(m) => {
            let row = move_in_list(m, model.cursor, model.hits.len(), model.list_rows());
            model.set_cursor(row);
        }
        Action::FacetMove(m) => {
            let len = model.facet_rows.len();
            let row = move_in_list(m, model.facet_cursor, len, model.facet_list_rows());
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
            let page = usize::from(geometry::inner(model.areas().detail).height);
            let max = model.detail_max_scroll();
            model.detail_scroll =
                move_in_list(m, model.detail_scroll, max + 1, page.saturating_sub(1)).min(max);
        }
        Action::HelpScroll(m) => {
            let page = usize::from(geometry::inner(geometry::help_area(model.size)).height);
            let max = model.help_max_scroll();
            model.help_scroll =
                move_in_list(m, model.help_scroll, max + 1, page.saturating_sub(1)).min(max);
        }
        Action::PrevYear | Action::NextYear => match model.unit_jump(action == Action::NextYear) {
            Some(row) => model.set_cursor(row),
            None => model.notice = Some("no match further that way".into()),
        },
        Action::ToggleMark | Action::ToggleMarkUp => {
            if !model.multi {
                model.notice = Some("marking is off (--no-multi)".into());
                return None;
            }
            let index = model.current()? as u32;
            if !model.marks.remove(&index) {
                model.marks.insert(index);
            }
            let step = if action == Action::ToggleMark {
                Move::Down
            } else {
                Move::Up
            };
            return act(model, Action::Move(step));
        }
        Action::Accept => match &mut model.pending {
            // Choose from the list the keys typed so far ask for.
            Some(pending) => pending.accept = true,
            None => return accept_now(model),
        },
        Action::Edit(edit) => match model.focus {
            Focus::Query if model.query.apply(edit) => return query_changed(model),
            Focus::FacetSearch if model.facet_search.apply(edit) => model.facet_search_changed(),
            _ => {}
        },
        Action::Paste(text) => {
            let clean: String = text
                .chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .filter(|c| !c.is_control())
                .collect();
            if model.focus == Focus::FacetSearch {
                model.facet_search.insert_str(&clean);
                model.facet_search_changed();
            } else {
                model.focus = Focus::Query;
                model.query.insert_str(&clean);
                return query_changed(model);
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
        Action::Back => return back(model),
        Action::ToggleFacet => return model.toggle_facet(),
        Action::ZoomIn | Action::ZoomOut | Action::ZoomFit => zoom(model, &action),
        Action::CycleLanes => model.lanes = model.lanes.next(),
        Action::StartRange => {
            let unit = model.strip.unit?;
            let cell = unit.cell_of(&model.timeline.events[model.current()?].date, false);
            model.selection = Some(Selection {
                unit,
                anchor: cell,
                head: cell,
            });
        }
        Action::ExtendRange(later) => {
            if let Some(s) = &mut model.selection {
                s.head += if later { 1 } else { -1 };
            }
        }
        Action::ConfirmRange => return confirm_range(model),
        Action::CancelRange => model.selection = None,
        Action::CycleSort => {
            model.sort = model.sort.next();
            return Some(Effect::Search(model.request(Keep::Current)));
        }
        Action::ClearFacets => {
            let query = std::mem::take(&mut model.criteria.query);
            model.criteria = Criteria {
                query,
                ..Criteria::default()
            };
            return selection_changed(model);
        }
        Action::ToggleHelp => {
            model.overlay = match model.overlay {
                Some(_) => None,
                None => Some(Overlay::Keys),
            };
            model.help_scroll = 0;
        }
        Action::ToggleWarnings => {
            model.overlay = match model.overlay {
                Some(Overlay::Warnings) => None,
                _ if model.warnings.is_empty() => {
                    model.notice = Some("no warnings: every file loaded whole".into());
                    None
                }
                _ => Some(Overlay::Warnings),
            };
            model.help_scroll = 0;
        }
        Action::SelectAll | Action::ClearMarks => {
            if !model.multi {
                model.notice = Some("marking is off (--no-multi)".into());
            } else if action == Action::SelectAll {
                // The events the list shows: what the query and filters kept.
                model.marks.extend(model.hits.iter().map(|h| h.index));
            } else {
                model.marks.clear();
            }
        }
        Action::HistoryPrev | Action::HistoryNext => return recall(model, &action),
        // Each is filled in by the part of issue 15 that owns it.
        // Whether the timeline can be read again is the terminal's to say.
        Action::Reload => return Some(Effect::Reload),
        Action::Open => return model.open(),
        Action::ChoiceMove(m) => model.choice_move(m),
        Action::ChoiceAccept => return model.choose(None),
        Action::ChoicePick(n) => return model.choose(Some(n)),
        Action::ChoiceCancel => model.choice = None,
        Action::Copy => return model.copy(),
        Action::Execute(template) => return model.execute(&template),
        Action::Quit => return Some(Effect::Exit(Outcome::Cancelled)),
        Action::Suspend => return Some(Effect::Suspend),
        Action::Resize(w, h) => {
            model.size = ratatui::layout::Rect::new(0, 0, w, h);
            model.clamp();
            model.help_scroll = model.help_scroll.min(model.help_max_scroll());
        }
        Action::Click(x, y) => return model.click(x, y),
        Action::Drag(x, y) => model.drag_to(x, y),
        Action::Release(..) => {
            // Only a drag's release sets its range; a range chosen by keys waits for Enter.
            if model.drag.take().is_some() && model.selection.is_some() {
                return confirm_range(model);
            }
        }
        Action::Wheel(x, y, down) => model.wheel(x, y, down),
    }
    None
}

/// Zooms the strip one step in or out, or to fit; a range being chosen
/// keeps its dates in the new unit.
fn zoom(model: &mut Model, action: &Action) {
    let Some(unit) = model.strip_unit() else {
        return;
    };
    let next = match action {
        Action::ZoomIn => match unit.finer().filter(|&u| u >= model.finest) {
            Some(u) => Zoom::Level(u),
            None => {
                model.notice = Some("finest zoom".into());
                return;
            }
        },
        Action::ZoomOut => {
            model.zoom = Zoom::Fit;
            let fit = model.strip_unit().unwrap_or(unit);
            match unit.coarser() {
                Some(u) if u < fit => Zoom::Level(u),
                _ => Zoom::Fit,
            }
        }
        _ => Zoom::Fit,
    };
    model.zoom = next;
    if let (Some(s), Some(new)) = (model.selection, model.strip_unit()) {
        model.selection = s.dates().map(|(a, b)| Selection {
            unit: new,
            anchor: new.cell_of(&a, false),
            head: new.cell_of(&b, true),
        });
    }
}

/// The range chosen on the strip becomes the date filter.
fn confirm_range(model: &mut Model) -> Option<Effect> {
    let selection = model.selection.take()?;
    match selection.dates() {
        Some((since, until)) => {
            model.criteria.since = Some(since);
            model.criteria.until = Some(until);
            selection_changed(model)
        }
        None => {
            model.notice = Some("that range is beyond the dates tlx can hold".into());
            None
        }
    }
}

/// Esc: clear the line in focus or go back; on an empty query line, where
/// tlx starts, quit as fzf does.
fn back(model: &mut Model) -> Option<Effect> {
    match model.focus {
        Focus::Query => {
            if model.query.is_empty() {
                return Some(Effect::Exit(Outcome::Cancelled));
            }
            model.query.clear();
            return query_changed(model);
        }
        Focus::FacetSearch => {
            model.focus = Focus::Facets;
            model.facet_search.clear();
            model.facet_search_changed();
        }
        Focus::Facets => {
            if model.facet_search.is_empty() {
                model.focus = Focus::Events;
            } else {
                model.facet_search.clear();
                model.facet_search_changed();
            }
        }
        Focus::Detail => model.focus = Focus::Events,
        Focus::Events => model.focus = Focus::Query,
    }
    None
}

/// Alt-↑ / Alt-↓: an earlier (or later) query of the history on the query
/// line, searched at once.
fn recall(model: &mut Model, action: &Action) -> Option<Effect> {
    let Some(history) = &mut model.history else {
        model.notice = Some("the query history is off (--no-history)".into());
        return None;
    };
    if history.is_empty() {
        model.notice = Some("no query history yet: Enter saves the query".into());
        return None;
    }
    let current = model.query.text();
    let found = match action {
        Action::HistoryPrev => history.older(current),
        _ => history.newer(current),
    };
    let Some(text) = found.map(str::to_owned) else {
        model.notice = Some(
            match action {
                Action::HistoryPrev => "no older query in the history",
                _ => "no newer query in the history",
            }
            .into(),
        );
        return None;
    };
    model.focus = Focus::Query;
    model.query.set(&text);
    query_changed(model)
}

/// The query line changed: search it, the cursor to the best (first) row.
fn query_changed(model: &mut Model) -> Option<Effect> {
    model.criteria.query = Query::parse(model.query.text());
    Some(Effect::Search(model.request(Keep::Top)))
}

/// Facet selections or dates changed: they show at once, beside the
/// earlier counts, and the search keeps the current event.
fn selection_changed(model: &mut Model) -> Option<Effect> {
    let request = model.request(Keep::Current);
    model.rebuild_facets();
    Some(Effect::Search(request))
}

impl Model<'_> {
    /// Selects or deselects the facet entry under the facet cursor.
    pub(super) fn toggle_facet(&mut self) -> Option<Effect> {
        let (facet, sym) = self.facet_entry()?;
        let selected = self.criteria.selected_mut(facet);
        if !selected.remove(&sym) {
            selected.insert(sym);
        }
        selection_changed(self)
    }
}

/// The row a movement leads to in a list of `len` rows, `page` rows a page.
fn move_in_list(m: Move, current: usize, len: usize, page: usize) -> usize {
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
