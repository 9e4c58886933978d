//! Every message the explorer gives about an empty list, a filter that
//! matches nothing, the help and a slow load, drawn at 80×24 and 40×12:
//! each must fit (wrapped at spaces, or shortened with `…`) and say what
//! is true.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tlx::app::{Action, Edit, Options, Runtime};
use tlx::search::{Criteria, Query, facet_values_named};
use tlx::timeline::{Facet, Input, PartialDate, Timeline, load_inputs, parse};
use tlx::ui::loading::Loading;
use tlx::ui::view;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn embedded() -> Timeline {
    load_inputs(&[Input::Embedded]).unwrap().0
}

fn screen(runtime: &Runtime) -> String {
    let size = runtime.model().size();
    let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    terminal.draw(|f| view(runtime.model(), f)).unwrap();
    terminal.backend().to_string()
}

fn send(runtime: &mut Runtime, action: Action) {
    runtime.send(action);
    runtime.flush().unwrap();
}

fn options(criteria: Criteria, warnings: Vec<String>) -> Options {
    Options {
        multi: true,
        color: true,
        criteria,
        warnings,
        ..Options::default()
    }
}

/// The screen at each size after `setup`, as one snapshot per size.
fn at_each_size(name: &str, tl: &Timeline, options: &Options, setup: impl Fn(&mut Runtime)) {
    for (w, h) in SIZES {
        let mut runtime = Runtime::headless(tl, options.clone(), w, h);
        setup(&mut runtime);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&runtime));
    }
}

#[test]
fn a_query_that_matches_nothing_says_esc_clears_it() {
    let tl = embedded();
    at_each_size(
        "no_match_query",
        &tl,
        &options(Criteria::default(), vec![]),
        |r| {
            for c in "zzqqxx".chars() {
                send(r, Action::Edit(Edit::Insert(c)));
            }
        },
    );
}

#[test]
fn filters_that_match_nothing_say_how_to_clear_them() {
    let tl = embedded();
    let criteria = Criteria {
        since: Some(PartialDate::parse("2030").unwrap()),
        ..Criteria::default()
    };
    // As main.rs notes it for the command line's dates.
    let note = "no event lies from 2030 on (the timeline runs from 2015 to Sep 2026): \
                the dates match nothing"
        .to_owned();
    at_each_size(
        "no_match_dates",
        &tl,
        &options(criteria, vec![note]),
        |_| {},
    );
    let criteria = Criteria {
        query: Query::parse("orange"),
        since: Some(PartialDate::parse("2030").unwrap()),
        ..Criteria::default()
    };
    let options = Options {
        query: "orange".to_owned(),
        ..options(criteria, vec![])
    };
    at_each_size("no_match_query_and_dates", &tl, &options, |r| {
        send(r, Action::Submit);
    });
}

#[test]
fn an_unknown_country_is_named_and_listed_first() {
    let mut tl = embedded();
    let mut criteria = Criteria::default();
    let narnia = tl.names.intern("Narnia");
    criteria.selected_mut(Facet::Country).insert(narnia);
    let note = "no country named \"Narnia\" in this timeline: --country Narnia matches no event";
    at_each_size(
        "unknown_country",
        &tl,
        &options(criteria, vec![note.to_owned()]),
        |_| {},
    );
}

#[test]
fn several_filters_and_a_mark_keep_the_count_and_the_mark_in_the_status_line() {
    let tl = embedded();
    let mut criteria = Criteria::default();
    for (facet, name) in [
        (Facet::Country, "Egypt"),
        (Facet::Country, "France"),
        (Facet::Company, "Huawei"),
        (Facet::Topic, "cloud"),
    ] {
        let found = facet_values_named(&tl, facet, name);
        assert!(!found.is_empty(), "{name}");
        criteria.selected_mut(facet).extend(found);
    }
    criteria.since = Some(PartialDate::parse("2017").unwrap());
    at_each_size(
        "status_filters_and_mark",
        &tl,
        &options(criteria, vec![]),
        |r| {
            send(r, Action::ToggleMark);
        },
    );
}

#[test]
fn a_timeline_without_facets_says_so_in_the_filters_pane() {
    let tl = parse(
        "plain.json",
        br#"{"events": [{"id": "a", "date": "2020", "title": "Plain"}]}"#,
    )
    .unwrap();
    at_each_size(
        "no_facets",
        &tl,
        &options(Criteria::default(), vec![]),
        |_| {},
    );
}

#[test]
fn the_help_wraps_its_words_at_narrow_widths() {
    let tl = embedded();
    for (w, h) in [(60, 20), (40, 12)] {
        let mut runtime = Runtime::headless(&tl, options(Criteria::default(), vec![]), w, h);
        send(&mut runtime, Action::ToggleHelp);
        insta::assert_snapshot!(format!("help_{w}x{h}"), screen(&runtime));
    }
}

#[test]
fn the_loading_screen_fits() {
    for (w, h) in SIZES {
        let loading = Loading {
            what: "a-rather-long-name-for-a-timeline-file-of-many-events.json",
            bytes: 45_100_000,
            total: Some(120_000_000),
            sorting: false,
        };
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| tlx::ui::loading::render(&loading, &tlx::ui::Theme::new(true), f))
            .unwrap();
        insta::assert_snapshot!(format!("loading_{w}x{h}"), terminal.backend().to_string());
    }
}

#[test]
fn hints_say_what_the_keys_do_under_no_multi_and_in_the_filters_pane() {
    let tl = embedded();
    let no_multi = Options {
        multi: false,
        ..options(Criteria::default(), vec![])
    };
    at_each_size("hints_no_multi", &tl, &no_multi, |r| {
        send(r, Action::Submit);
    });
    at_each_size(
        "hints_filters_pane",
        &tl,
        &options(Criteria::default(), vec![]),
        |r| {
            send(r, Action::Submit);
            send(r, Action::FocusPrev);
        },
    );
}
