//! Progressive loading, in a real pseudo-terminal: a large file opens on
//! its first events, which can be searched and marked while the rest is
//! read, and the whole then takes their place with the marks kept.
//!
//! No timing is asserted: the file is large enough that a debug build
//! takes seconds to read it whole, far longer than the few keys typed
//! meanwhile take to show their results.

#[allow(dead_code)]
mod support {
    pub mod pty;
}

#[path = "../examples/gen_timeline/generate.rs"]
mod generate;

use support::pty::{Session, path};
use tlx::search::{Criteria, Query, Sort, search};
use tlx::timeline::{Input, LoadOptions, PREFIX_FROM, load_prefix};

/// Events in the file: about 60 MB, read in parallel, seconds in a debug build.
const EVENTS: usize = 100_000;

/// The status line's count: (hits, events shown).
fn count(screen: &vt100::Screen) -> Option<(usize, usize)> {
    let rows = screen.contents();
    let last = rows.lines().last()?.trim_start();
    let (hits, rest) = last.split_once('/')?;
    let total = rest.split_whitespace().next()?;
    Some((hits.parse().ok()?, total.parse().ok()?))
}

#[test]
fn a_large_file_is_searched_and_marked_while_it_loads_and_the_marks_survive() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("large.json");
    let mut json = Vec::new();
    generate::write_timeline(&mut json, EVENTS, 7).unwrap();
    assert!(json.len() as u64 > 4 * PREFIX_FROM);
    std::fs::write(&data, &json).unwrap();
    drop(json);
    // What tlx opens on: the file's first events, read the same way.
    let inputs = [Input::Path(data.clone())];
    let prefix = load_prefix(&inputs, &LoadOptions::default()).expect("a prefix");
    let first = prefix.timeline.events.len();
    assert!(first > 100 && first < EVENTS / 4, "{first}");
    let query = "orange cloud";
    let filter = Criteria {
        query: Query::parse(query),
        ..Criteria::default()
    };
    let hits = search(&prefix.timeline, &filter, Sort::default());
    assert!(hits.len() > 1);
    let top = prefix.timeline.events[hits[0].index as usize]
        .id()
        .to_owned();

    let mut s = Session::start(&["--format", "id", path(&data)], 120, 35);
    // The first events, shown while the rest is read.
    s.wait_for("the first events, still loading", |screen| {
        screen.alternate_screen()
            && count(screen) == Some((first, first))
            && screen.contents().contains("loading ")
    });
    assert!(!s.screen_text().contains("Loading"), "no loading screen");
    // Searched while loading: the results of the events read so far.
    s.send(query);
    s.wait_for("the query's results, still loading", |screen| {
        count(screen) == Some((hits.len(), first)) && screen.contents().contains("loading ")
    });
    // Mark the first result (Tab marks and moves down).
    s.send("\t");
    s.wait_text("1 marked");
    // The whole replaces the first events; the query and the mark stay.
    s.wait_for("the whole file", |screen| {
        count(screen).is_some_and(|(_, total)| total == EVENTS)
            && !screen.contents().contains("loading ")
    });
    s.wait_text(&format!("loaded: {EVENTS} events"));
    s.wait_text("1 marked");
    s.wait_text(&format!("› {query}"));
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), format!("{top}\n"));
    s.assert_terminal_restored();
}

#[test]
fn a_file_broken_past_its_first_events_ends_the_explorer_with_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("broken.json");
    let mut json = Vec::new();
    generate::write_timeline(&mut json, 16_000, 7).unwrap();
    assert!(json.len() as u64 > PREFIX_FROM);
    // The last event's end lost: the first events read, the whole does not.
    let cut = json.len() - 8;
    json.truncate(cut);
    std::fs::write(&data, &json).unwrap();
    let inputs = [Input::Path(data.clone())];
    assert!(load_prefix(&inputs, &LoadOptions::default()).is_some());
    let mut s = Session::start(&["--format", "id", path(&data)], 120, 35);
    assert_eq!(s.wait_exit(), 2);
    assert_eq!(s.stdout(), "");
    s.assert_terminal_restored();
    assert!(
        s.screen_text().contains("broken.json:"),
        "{}",
        s.screen_text()
    );
}
