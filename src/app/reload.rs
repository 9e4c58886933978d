//! Live reload without a terminal: how the events of the timeline shown
//! are found again in a timeline read anew ([`Matching`]), what of the
//! explorer's state survives the change ([`Carry`]), and how it is put
//! back ([`Resume`]).
//!
//! Events are matched first by id. An id tlx made from a headline changes
//! when the headline is edited, so the events left over on each side are
//! then paired by date: the first unmatched event of a date with the first
//! unmatched event of the same date in the new timeline, the second with
//! the second, and so on (file order among events of one date). A pair
//! whose content differs is *changed*; what is left over is *new* or
//! *removed*.

use std::collections::BTreeSet;

use hashbrown::HashMap;

use super::model::Model;
use super::{Edit, Focus, Lanes, LineEdit, Options, Overlay, Zoom};
use crate::search::{Criteria, Query, Sort};
use crate::timeline::{Event, Facet, PartialDate, Timeline};

/// How the events of one timeline are found in the next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matching {
    /// For each event of the old timeline, its index in the new one.
    pub old_to_new: Vec<Option<u32>>,
    /// Events of the new timeline matched by nothing.
    pub added: usize,
    /// Matched events whose content differs.
    pub changed: usize,
    /// Events of the old timeline matched by nothing.
    pub removed: usize,
}

impl Matching {
    /// Matches `old`'s events in `new`: by id, then by date and position
    /// among the events of that date left unmatched.
    pub fn new(old: &Timeline, new: &Timeline) -> Matching {
        let mut old_to_new: Vec<Option<u32>> = vec![None; old.events.len()];
        let mut new_taken = vec![false; new.events.len()];
        let by_id: HashMap<&str, usize> = old
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id(), i))
            .collect();
        for (j, event) in new.events.iter().enumerate() {
            if let Some(&i) = by_id.get(event.id())
                && old_to_new[i].is_none()
            {
                old_to_new[i] = Some(j as u32);
                new_taken[j] = true;
            }
        }
        // Both lists are in date order (stable: file order within a date),
        // so the leftovers pair up in one walk.
        let old_left: Vec<usize> = (0..old.events.len())
            .filter(|&i| old_to_new[i].is_none())
            .collect();
        let new_left: Vec<usize> = (0..new.events.len()).filter(|&j| !new_taken[j]).collect();
        let (mut a, mut b) = (0, 0);
        while a < old_left.len() && b < new_left.len() {
            let (i, j) = (old_left[a], new_left[b]);
            let (di, dj) = (old.events[i].date, new.events[j].date);
            match di.cmp(&dj) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    old_to_new[i] = Some(j as u32);
                    new_taken[j] = true;
                    a += 1;
                    b += 1;
                }
            }
        }
        let mut changed = 0;
        let mut removed = 0;
        for (i, j) in old_to_new.iter().enumerate() {
            match j {
                Some(j) => {
                    let same = same_content(old, &old.events[i], new, &new.events[*j as usize]);
                    changed += usize::from(!same);
                }
                None => removed += 1,
            }
        }
        let added = new_taken.iter().filter(|&&t| !t).count();
        Matching {
            old_to_new,
            added,
            changed,
            removed,
        }
    }

    /// The status line's report: `reloaded: +3 new, 1 changed, 0 removed`.
    pub fn report(&self) -> String {
        format!(
            "reloaded: +{} new, {} changed, {} removed",
            self.added, self.changed, self.removed
        )
    }

    /// The new index of an old event, if it is still there.
    fn get(&self, old: u32) -> Option<u32> {
        self.old_to_new.get(old as usize).copied().flatten()
    }
}

/// Whether two events (of two timelines, whose facet names are numbered
/// apart) say the same thing.
fn same_content(a_tl: &Timeline, a: &Event, b_tl: &Timeline, b: &Event) -> bool {
    let facets_same = Facet::ALL
        .iter()
        .all(|&f| a_tl.facet_names(a, f).eq(b_tl.facet_names(b, f)));
    facets_same
        && a.id() == b.id()
        && a.date == b.date
        && a.end_date == b.end_date
        && a.approximate == b.approximate
        && a.title() == b.title()
        && a.summary() == b.summary()
        && a.kind() == b.kind()
        && a.place() == b.place()
        && a.display_date() == b.display_date()
        && a.end_display_date() == b.end_display_date()
        && a.title_made_up() == b.title_made_up()
        && a.people() == b.people()
        && a.sources == b.sources
        && a.media() == b.media()
        && a.extra() == b.extra()
        && a_tl.file_of(a) == b_tl.file_of(b)
}

/// How many events beside the current one are remembered, nearest first,
/// for the cursor to land on when the current one is gone.
const NEIGHBOURS: usize = 32;

/// The explorer's state as plain values, free of the timeline it was
/// taken from: facet values by name, events by index into the old
/// timeline (mapped through a [`Matching`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carry {
    query: String,
    facets: Vec<(Facet, String)>,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    sort: Sort,
    marks: Vec<u32>,
    /// The current event, then its neighbours in the list, nearest first.
    cursor: Vec<u32>,
    view: View,
}

/// What of the explorer's view a reload keeps as it is: nothing in it
/// names an event or a facet value.
#[derive(Clone, Debug, PartialEq, Eq)]
struct View {
    /// Where the caret is on the query line, in characters.
    caret: usize,
    /// The cursor's row in the list, and its row on the screen.
    row: usize,
    screen_row: usize,
    focus: Focus,
    facet_search: String,
    zoom: Zoom,
    lanes: Lanes,
    detail_scroll: usize,
    overlay: Option<Overlay>,
}

impl Carry {
    /// What of `model` must survive a new timeline.
    pub fn of(model: &Model) -> Carry {
        let names = &model.timeline.names;
        let facets = Facet::ALL
            .iter()
            .flat_map(|&f| {
                let selected = model.criteria.selected(f).iter();
                selected.map(move |&s| (f, names.get(s).to_owned()))
            })
            .collect();
        let mut cursor = Vec::new();
        let row = model.cursor;
        if !model.hits.is_empty() {
            // The current row, then one below, one above, two below…
            for k in 0..=NEIGHBOURS {
                let below = row + k.div_ceil(2);
                let above = row.checked_sub(k / 2);
                let r = if k % 2 == 1 { Some(below) } else { above };
                if let Some(hit) = r.and_then(|r| model.hits.get(r)) {
                    cursor.push(hit.index);
                }
            }
        }
        Carry {
            query: model.query.text().to_owned(),
            facets,
            since: model.criteria.since,
            until: model.criteria.until,
            sort: model.sort,
            marks: model.marks.iter().copied().collect(),
            cursor,
            view: View {
                caret: model.query.cursor(),
                row,
                screen_row: row.saturating_sub(model.offset),
                focus: model.focus,
                facet_search: model.facet_search.text().to_owned(),
                zoom: model.zoom,
                lanes: model.lanes,
                detail_scroll: model.detail_scroll,
                overlay: model.overlay,
            },
        }
    }

    /// Puts the state onto `new`, whose events `matching` found: the
    /// options to start from (query, criteria with facet values by name,
    /// sort; `base` gives the rest) and what to restore once started. A
    /// facet value `new` lacks is added to its names, as `--country
    /// Narnia` is, so the selection keeps filtering.
    pub fn onto(self, new: &mut Timeline, matching: &Matching, base: Options) -> (Options, Resume) {
        let mut criteria = Criteria {
            query: Query::parse(&self.query),
            since: self.since,
            until: self.until,
            ..Criteria::default()
        };
        for (facet, name) in &self.facets {
            let sym = new.names.intern(name);
            criteria.selected_mut(*facet).insert(sym);
        }
        let options = Options {
            query: self.query,
            criteria,
            sort: self.sort,
            ..base
        };
        let kept = self.cursor.first().and_then(|&i| matching.get(i)).is_some();
        let resume = Resume {
            kept,
            marks: self.marks.iter().filter_map(|&i| matching.get(i)).collect(),
            cursor: self
                .cursor
                .iter()
                .filter_map(|&i| matching.get(i))
                .collect(),
            view: self.view,
        };
        (options, resume)
    }
}

/// What a new explorer takes over from the one before a reload, in the
/// new timeline's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resume {
    /// Marked events still there (indices into the new timeline).
    pub marks: BTreeSet<u32>,
    /// Where the cursor goes: the first of these the list shows.
    pub cursor: Vec<u32>,
    /// The current event is still there: the first of `cursor`.
    kept: bool,
    view: View,
}

impl Model<'_> {
    /// Takes over the state of the explorer before a reload; the cursor
    /// is placed when the first search's results are in.
    pub(super) fn resume(&mut self, resume: Resume) {
        self.marks = resume.marks.clone();
        let view = &resume.view;
        self.focus = view.focus;
        self.overlay = view.overlay;
        self.query.apply(Edit::Home);
        for _ in 0..view.caret {
            self.query.apply(Edit::Right);
        }
        self.zoom = view.zoom;
        self.lanes = view.lanes;
        if !view.facet_search.is_empty() {
            self.facet_search = LineEdit::new(&view.facet_search);
            self.facet_search_changed();
        }
        self.resume = Some(resume);
        if self.pending.is_none() {
            self.aim();
        }
    }

    /// Puts the cursor where the resumed state asks, once the list is in:
    /// on the first remembered event it shows, at the same screen row.
    pub(super) fn aim(&mut self) {
        let Some(resume) = self.resume.take() else {
            return;
        };
        let shown: HashMap<u32, usize> = self
            .hits
            .iter()
            .enumerate()
            .map(|(row, h)| (h.index, row))
            .collect();
        let found = resume
            .cursor
            .iter()
            .enumerate()
            .find_map(|(k, i)| Some((k, *shown.get(i)?)));
        let row = found.map_or(resume.view.row, |(_, row)| row);
        self.cursor = row.min(self.hits.len().saturating_sub(1));
        self.offset = self.cursor.saturating_sub(resume.view.screen_row);
        self.clamp();
        // The detail keeps its scroll only on the same event.
        let same = resume.kept && found.is_some_and(|(k, _)| k == 0);
        self.detail_scroll = match same {
            true => resume.view.detail_scroll.min(self.detail_max_scroll()),
            false => 0,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Runtime;
    use crate::timeline::parse;

    fn timeline(events: &[(&str, &str, &str)]) -> Timeline {
        let list: Vec<String> = events
            .iter()
            .map(|(id, date, title)| {
                format!("{{\"id\": \"{id}\", \"date\": \"{date}\", \"title\": \"{title}\", \"countries\": [\"Peru\"]}}")
            })
            .collect();
        let text = format!("{{\"events\": [{}]}}", list.join(", "));
        parse("t.json", text.as_bytes()).unwrap()
    }

    /// A TimelineJS timeline of (year, headline): tlx makes up the ids.
    fn slides(slides: &[(&str, &str)]) -> Timeline {
        let list: Vec<String> = slides
            .iter()
            .map(|(year, headline)| {
                format!("{{\"start_date\": {{\"year\": \"{year}\"}}, \"text\": {{\"headline\": \"{headline}\"}}}}")
            })
            .collect();
        let text = format!("{{\"events\": [{}]}}", list.join(", "));
        parse("t.json", text.as_bytes()).unwrap()
    }

    fn ids(tl: &Timeline) -> Vec<&str> {
        tl.events.iter().map(|e| e.id()).collect()
    }

    #[test]
    fn events_are_matched_by_id_and_counted() {
        let old = timeline(&[("a", "2001", "A"), ("b", "2002", "B"), ("c", "2003", "C")]);
        let new = timeline(&[
            ("a", "2001", "A"),
            ("b", "2002", "B changed"),
            ("d", "2004", "D"),
            ("e", "2005", "E"),
        ]);
        let m = Matching::new(&old, &new);
        assert_eq!(m.old_to_new, vec![Some(0), Some(1), None]);
        assert_eq!((m.added, m.changed, m.removed), (2, 1, 1));
        assert_eq!(m.report(), "reloaded: +2 new, 1 changed, 1 removed");
        let same = Matching::new(&old, &old);
        assert_eq!(same.report(), "reloaded: +0 new, 0 changed, 0 removed");
    }

    #[test]
    fn an_edited_headline_is_matched_by_date_and_position() {
        // Without ids, tlx makes them from the headline: editing the second
        // event of 2002 changes its id.
        let old = slides(&[("2002", "First"), ("2002", "Second"), ("2003", "Third")]);
        let new = slides(&[
            ("2002", "First"),
            ("2002", "Second, edited"),
            ("2003", "Third"),
        ]);
        assert_ne!(ids(&old)[1], ids(&new)[1]);
        let m = Matching::new(&old, &new);
        assert_eq!(m.old_to_new, vec![Some(0), Some(1), Some(2)]);
        assert_eq!((m.added, m.changed, m.removed), (0, 1, 0));
    }

    #[test]
    fn an_event_whose_date_changed_with_its_id_is_removed_and_new() {
        let old = slides(&[("2002", "Only")]);
        let new = slides(&[("2004", "Only, moved")]);
        let m = Matching::new(&old, &new);
        assert_eq!((m.added, m.changed, m.removed), (1, 0, 1));
    }

    fn options(query: &str) -> Options {
        Options {
            query: query.to_owned(),
            multi: true,
            color: true,
            ..Options::default()
        }
    }

    /// Carries `runtime`'s state onto `new`, as the terminal loop does.
    fn carry(runtime: &Runtime<'_>, old: &Timeline, new: &mut Timeline) -> (Options, Resume) {
        let carry = Carry::of(runtime.model());
        let matching = Matching::new(old, new);
        carry.onto(new, &matching, options(""))
    }

    /// A runtime on `new` resumed from the state carried.
    fn resumed(new: &Timeline, (options, resume): (Options, Resume)) -> Runtime<'_> {
        let mut runtime = Runtime::headless(new, options, 120, 35);
        runtime.resume(resume);
        runtime
    }

    #[test]
    fn tlx_s_own_notes_survive_a_reload_that_brings_new_warnings() {
        let old = timeline(&[("a", "2001", "Apple")]);
        let base = Options {
            warnings: vec!["old.json:1:1: warning: old".to_owned()],
            notes: vec!["no country named \"Narnia\" in this timeline".to_owned()],
            ..options("")
        };
        let runtime = Runtime::headless(&old, base.clone(), 120, 35);
        let mut new = timeline(&[("a", "2001", "Apple")]);
        let matching = Matching::new(&old, &new);
        // The terminal loop's base: the new files' warnings, the rest as before.
        let fresh = Options {
            warnings: vec!["new.json:2:1: warning: new".to_owned()],
            ..base
        };
        let carried = Carry::of(runtime.model()).onto(&mut new, &matching, fresh);
        let runtime = resumed(&new, carried);
        assert_eq!(
            runtime.model().warnings(),
            [
                "new.json:2:1: warning: new",
                "no country named \"Narnia\" in this timeline"
            ]
        );
    }

    #[test]
    fn query_facets_dates_marks_and_cursor_survive_a_reload() {
        let old = timeline(&[
            ("a", "2001", "Apple"),
            ("b", "2002", "Apricot"),
            ("c", "2003", "Avocado"),
            ("d", "2004", "Banana"),
        ]);
        let mut criteria = Criteria::default();
        criteria.countries.insert(old.names.lookup("Peru").unwrap());
        criteria.since = PartialDate::parse("2001").ok();
        let mut runtime = Runtime::headless(
            &old,
            Options {
                criteria,
                ..options("a")
            },
            120,
            35,
        );
        runtime.send(crate::app::Action::Move(crate::app::Move::Down));
        runtime.send(crate::app::Action::ToggleMark);
        let current = runtime.model().current().unwrap();
        let marked: Vec<u32> = runtime.model().marks().iter().copied().collect();
        // A new event first, so every index moves.
        let mut new = timeline(&[
            ("z", "1999", "Almond"),
            ("a", "2001", "Apple"),
            ("b", "2002", "Apricot"),
            ("c", "2003", "Avocado"),
            ("d", "2004", "Banana"),
        ]);
        let old_ids: Vec<String> = marked
            .iter()
            .map(|&i| old.events[i as usize].id().to_owned())
            .collect();
        let current_id = old.events[current].id().to_owned();
        let carried = carry(&runtime, &old, &mut new);
        let runtime = resumed(&new, carried);
        let model = runtime.model();
        assert_eq!(model.query().text(), "a");
        let peru = new.names.lookup("Peru").unwrap();
        assert!(model.criteria().countries.contains(&peru));
        assert_eq!(model.criteria().since, PartialDate::parse("2001").ok());
        let new_marks: Vec<&str> = model
            .marks()
            .iter()
            .map(|&i| new.events[i as usize].id())
            .collect();
        assert_eq!(new_marks, old_ids);
        assert_eq!(new.events[model.current().unwrap()].id(), current_id);
    }

    #[test]
    fn a_removed_marked_event_loses_its_mark_and_the_cursor_goes_to_the_nearest() {
        let old = timeline(&[
            ("a", "2001", "A"),
            ("b", "2002", "B"),
            ("c", "2003", "C"),
            ("d", "2004", "D"),
        ]);
        let mut runtime = Runtime::headless(&old, options(""), 120, 35);
        // Mark c (moving to d), back up to c.
        runtime.send(crate::app::Action::Move(crate::app::Move::Down));
        runtime.send(crate::app::Action::Move(crate::app::Move::Down));
        runtime.send(crate::app::Action::ToggleMark);
        runtime.send(crate::app::Action::Move(crate::app::Move::Up));
        assert_eq!(old.events[runtime.model().current().unwrap()].id(), "c");
        let mut new = timeline(&[("a", "2001", "A"), ("b", "2002", "B"), ("d", "2004", "D")]);
        let carried = carry(&runtime, &old, &mut new);
        let runtime = resumed(&new, carried);
        let model = runtime.model();
        assert!(model.marks().is_empty());
        // The nearest below (d) before the nearest above (b).
        assert_eq!(new.events[model.current().unwrap()].id(), "d");
    }

    #[test]
    fn a_facet_value_gone_from_the_file_stays_selected_by_name() {
        let old = timeline(&[("a", "2001", "A")]);
        let mut criteria = Criteria::default();
        criteria.countries.insert(old.names.lookup("Peru").unwrap());
        let runtime = Runtime::headless(
            &old,
            Options {
                criteria,
                ..options("")
            },
            120,
            35,
        );
        let text =
            r#"{"events": [{"id": "a", "date": "2001", "title": "A", "countries": ["Chile"]}]}"#;
        let mut new = parse("t.json", text.as_bytes()).unwrap();
        let carried = carry(&runtime, &old, &mut new);
        let runtime = resumed(&new, carried);
        let model = runtime.model();
        let names: Vec<&str> = model
            .criteria()
            .countries
            .iter()
            .map(|&s| new.names.get(s))
            .collect();
        assert_eq!(names, ["Peru"]);
        assert!(model.hits().is_empty());
    }

    #[test]
    fn the_cursor_keeps_its_event_and_its_row_on_the_screen() {
        let many: Vec<(String, String)> = (0..100)
            .map(|i| (format!("e{i}"), format!("{}", 1900 + i)))
            .collect();
        let events: Vec<(&str, &str, &str)> = many
            .iter()
            .map(|(id, d)| (id.as_str(), d.as_str(), "T"))
            .collect();
        let old = timeline(&events);
        let mut runtime = Runtime::headless(&old, options(""), 120, 35);
        for _ in 0..60 {
            runtime.send(crate::app::Action::Move(crate::app::Move::Down));
        }
        // Up into the middle of the screen: the row is not the last.
        for _ in 0..10 {
            runtime.send(crate::app::Action::Move(crate::app::Move::Up));
        }
        let (row, offset) = (runtime.model().cursor(), runtime.model().offset());
        assert!(offset > 0, "the list scrolled");
        let mut more = vec![("first", "1800", "T")];
        more.extend(events.iter().copied());
        let mut new = timeline(&more);
        let carried = carry(&runtime, &old, &mut new);
        let runtime = resumed(&new, carried);
        let model = runtime.model();
        assert_eq!(new.events[model.current().unwrap()].id(), "e50");
        assert_eq!(model.cursor(), row + 1);
        assert_eq!(model.cursor() - model.offset(), row - offset);
    }

    #[test]
    fn the_caret_stays_where_it_was_on_the_query_line() {
        let old = timeline(&[("a", "2001", "Apple")]);
        let mut runtime = Runtime::headless(&old, options("apple"), 120, 35);
        runtime.send(crate::app::Action::Edit(Edit::Left));
        runtime.send(crate::app::Action::Edit(Edit::Left));
        let mut new = timeline(&[("a", "2001", "Apple")]);
        let carried = carry(&runtime, &old, &mut new);
        let runtime = resumed(&new, carried);
        assert_eq!(runtime.model().query().cursor(), 3);
    }

    #[test]
    fn the_detail_keeps_its_scroll_only_on_the_same_event() {
        let long = "word ".repeat(2000);
        let doc = |ids: &[&str]| {
            let events: Vec<String> = ids
                .iter()
                .map(|id| {
                    format!(
                        r#"{{"id": "{id}", "date": "2001", "title": "T", "summary": "{long}"}}"#
                    )
                })
                .collect();
            format!(r#"{{"events": [{}]}}"#, events.join(", "))
        };
        let old = parse("t.json", doc(&["a", "b"]).as_bytes()).unwrap();
        let mut runtime = Runtime::headless(&old, options(""), 120, 35);
        runtime.send(crate::app::Action::DetailScroll(crate::app::Move::PageDown));
        let scroll = runtime.model().detail_scroll();
        assert!(scroll > 0);
        let mut same = parse("t.json", doc(&["a", "b"]).as_bytes()).unwrap();
        let carried = carry(&runtime, &old, &mut same);
        assert_eq!(resumed(&same, carried).model().detail_scroll(), scroll);
        let mut gone = parse("t.json", doc(&["b"]).as_bytes()).unwrap();
        let carried = carry(&runtime, &old, &mut gone);
        let runtime = resumed(&gone, carried);
        assert_eq!(runtime.model().detail_scroll(), 0);
    }
}
