//! Searches: a burst of typing searched once, results that come back late
//! or out of order, and the match cache that makes Backspace free.

use std::time::Duration;

use super::*;

#[test]
fn a_burst_of_typing_searches_once_and_matches_one_key_at_a_time() {
    let tl = embedded();
    let mut one_by_one = model(&tl);
    let mut burst = model(&tl);
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
    for (i, key) in keys.iter().enumerate() {
        dispatch(&mut one_by_one, key.clone());
        burst.runtime.send(key.clone());
        if i == 4 {
            // Edits in a burst wait for its end: the list is not searched yet.
            assert_eq!(burst.hits.len(), tl.events.len());
        }
        if i == 6 {
            // Any other action first brings the list up to date.
            assert_eq!(burst.hits, one_by_one.hits);
            assert_eq!(burst.cursor, 1, "Down moved in the searched list");
        }
    }
    burst.runtime.flush().unwrap();
    assert_eq!(burst.query, one_by_one.query);
    assert_eq!(burst.hits, one_by_one.hits);
    assert_eq!(burst.cursor, one_by_one.cursor);
}

/// A model alone, whose searches the test answers by hand in whatever
/// order a worker would, and the first search it asks for.
fn waiting(tl: &Timeline) -> (Model<'_>, Request) {
    let options = Options {
        multi: true,
        ..Options::default()
    };
    let (mut m, first) = Model::new(tl, options);
    assert!(update(&mut m, Action::Resize(120, 35).into()).is_none());
    (m, first)
}

/// The results of `request`, given to the model.
fn answer(m: &mut Model, request: &Request) -> Option<Effect> {
    let results = request.run(m.timeline, None);
    update(m, Msg::Searched(results))
}

/// Types `text` into the query line; the last search asked for.
fn type_alone(m: &mut Model, text: &str) -> Request {
    let mut last = None;
    for c in text.chars() {
        if let Some(Effect::Search(r)) = update(m, Action::Edit(Edit::Insert(c)).into()) {
            last = Some(r);
        }
    }
    last.expect("typing asks for a search")
}

/// The model after typing `text` with searches run at once.
fn typed<'t>(tl: &'t Timeline, text: &str) -> Harness<'t> {
    let mut sync = model(tl);
    sync.focus = Focus::Query;
    type_text(&mut sync, text);
    sync
}

#[test]
fn the_first_search_lands_as_the_inline_runtime_shows_it() {
    let tl = embedded();
    let (mut m, first) = waiting(&tl);
    // The first frame can show before the first search is done.
    assert!(m.searching());
    assert!(m.hits.is_empty());
    assert!(answer(&mut m, &first).is_none());
    assert!(!m.searching());
    let inline = model(&tl);
    assert_eq!(m.hits, inline.hits);
    assert_eq!(m.counts, inline.counts);
    assert_eq!(m.facet_rows, inline.facet_rows);
    assert_eq!(m.current(), Some(0));
}

#[test]
fn results_of_an_older_request_are_not_shown() {
    let tl = embedded();
    let (mut m, first) = waiting(&tl);
    answer(&mut m, &first);
    update(&mut m, Action::FocusQuery.into());
    let older = type_alone(&mut m, "or");
    let newest = type_alone(&mut m, "ange");
    assert!(answer(&mut m, &older).is_none());
    assert!(m.searching());
    assert_eq!(m.hits.len(), tl.events.len(), "still the earlier list");
    answer(&mut m, &newest);
    assert!(!m.searching());
    let sync = typed(&tl, "orange");
    assert_eq!(m.hits, sync.hits);
    assert_eq!(m.counts, sync.counts);
    // A late result of an even older request changes nothing.
    answer(&mut m, &first);
    assert_eq!(m.hits, sync.hits);
}

#[test]
fn a_worker_searches_the_newest_query_from_the_stale_matches() {
    let tl = embedded();
    std::thread::scope(|scope| {
        let worker = Worker::spawn(scope, &tl, || {});
        let options = Options {
            multi: true,
            ..Options::default()
        };
        let mut rt = Runtime::new(&tl, options, Some(worker));
        rt.send(Action::Resize(120, 35));
        rt.settle().unwrap();
        rt.send(Action::FocusQuery);
        for c in "or".chars() {
            rt.send(Action::Edit(Edit::Insert(c)));
        }
        rt.flush().unwrap();
        // The worker is busy with `or`: `orange` waits, only the newest.
        for c in "ange".chars() {
            rt.send(Action::Edit(Edit::Insert(c)));
            rt.flush().unwrap();
        }
        assert!(rt.model().searching());
        assert_eq!(rt.settle().unwrap(), None);
        let or = Criteria {
            query: Query::parse("or"),
            ..Criteria::default()
        };
        assert!(
            rt.cache.base(&or).unwrap().answers(&or),
            "kept to narrow from"
        );
        assert_eq!(rt.model().hits, typed(&tl, "orange").hits);
    });
}

#[test]
fn keys_typed_while_searching_edit_the_query_and_move_over_the_old_list() {
    let tl = embedded();
    let (mut m, first) = waiting(&tl);
    answer(&mut m, &first);
    update(&mut m, Action::FocusQuery.into());
    type_alone(&mut m, "orange");
    assert_eq!(m.query.text(), "orange");
    assert!(m.searching());
    update(&mut m, Action::Move(Move::Down).into());
    update(&mut m, Action::Move(Move::Down).into());
    assert_eq!(m.cursor, 2, "moves over the earlier results");
    assert_eq!(m.hits.len(), tl.events.len());
    let request = type_alone(&mut m, " c");
    assert_eq!(m.query.text(), "orange c");
    // The query changed: its results land with the cursor on top.
    answer(&mut m, &request);
    assert_eq!((m.cursor, m.offset), (0, 0));
    let sync = typed(&tl, "orange c");
    assert_eq!(m.hits, sync.hits);
    assert!(m.hits.len() < tl.events.len());
}

#[test]
fn keep_current_applies_when_the_results_land() {
    let tl = embedded();
    let (mut m, first) = waiting(&tl);
    answer(&mut m, &first);
    m.sort = Sort::Date;
    update(&mut m, Action::Move(Move::Down).into());
    let Some(Effect::Search(sorted)) = update(&mut m, Action::CycleSort.into()) else {
        panic!("a new sort is searched");
    };
    assert!(m.searching());
    // Moved while the sort is searched: that event is the one kept.
    update(&mut m, Action::Move(Move::Down).into());
    let current = m.current();
    answer(&mut m, &sorted);
    assert_eq!(m.sort, Sort::DateDesc);
    assert_eq!(m.current(), current);
    assert!(m.cursor > tl.events.len() / 2);
    // A query change superseded by a sort change still goes to the top.
    update(&mut m, Action::FocusQuery.into());
    type_alone(&mut m, "e");
    let Some(Effect::Search(sorted)) = update(&mut m, Action::CycleSort.into()) else {
        panic!("a new sort is searched");
    };
    answer(&mut m, &sorted);
    assert_eq!(m.cursor, 0);
}

#[test]
fn enter_while_searching_chooses_from_the_new_results() {
    let tl = embedded();
    let (mut m, first) = waiting(&tl);
    answer(&mut m, &first);
    update(&mut m, Action::FocusQuery.into());
    let request = type_alone(&mut m, "'monaco");
    update(&mut m, Action::Submit.into());
    assert!(
        update(&mut m, Action::Accept.into()).is_none(),
        "waits for the results"
    );
    let chosen = answer(&mut m, &request);
    let first = m.hits[0].index as usize;
    assert!(tl.events[first].title().contains("Monaco"));
    assert!(matches!(chosen, Some(Effect::Exit(Outcome::Chosen(c))) if c == [first]));
}

#[test]
fn backspace_shows_the_shorter_querys_matches_again() {
    let tl = embedded();
    let mut m = typed(&tl, "orange");
    let orang = Criteria {
        query: Query::parse("orang"),
        ..Criteria::default()
    };
    let kept = m.runtime.cache.base(&orang).unwrap();
    assert!(kept.answers(&orang));
    dispatch(&mut m, Action::Edit(Edit::Backspace));
    let now = m.runtime.cache.base(&m.criteria).unwrap();
    assert!(Arc::ptr_eq(&kept, &now), "not matched again");
    assert_eq!(m.hits, crate::search::search(&tl, &m.criteria, m.sort));
    assert_eq!(m.hits, typed(&tl, "orang").hits);
}

/// `request`'s results as a worker first sends them for a broad query:
/// the first `first` hits ranked, the rest in date order.
fn ranked_in_part(m: &Model, request: &Request, first: usize) -> (Results, Results) {
    let whole = request.run(m.timeline, None);
    assert!(whole.hits.len() > first + 2, "enough hits for a tail");
    let mut part = whole.clone();
    part.hits[first..].sort_by_key(|h| h.index);
    part.ranked = false;
    (part, whole)
}

#[test]
fn the_whole_ranking_takes_the_place_of_the_first_rows_under_the_cursor() {
    let tl = embedded();
    let (mut m, first) = waiting(&tl);
    answer(&mut m, &first);
    update(&mut m, Action::FocusQuery.into());
    let request = type_alone(&mut m, "o");
    let (part, whole) = ranked_in_part(&m, &request, 3);
    assert!(update(&mut m, Msg::Searched(part.clone())).is_none());
    assert!(!m.searching() && m.ranking());
    assert_eq!(m.hits, part.hits);
    update(&mut m, Action::Move(Move::Down).into());
    let current = m.current();
    assert!(update(&mut m, Msg::Searched(whole.clone())).is_none());
    assert!(!m.ranking());
    assert_eq!(m.hits, whole.hits);
    assert_eq!(
        (m.cursor, m.current()),
        (1, current),
        "the first rows are the same"
    );
    // A whole list of an older request is not shown.
    let newer = type_alone(&mut m, "r");
    let (part, _) = ranked_in_part(&m, &newer, 3);
    update(&mut m, Msg::Searched(part.clone()));
    assert!(update(&mut m, Msg::Searched(whole)).is_none());
    assert_eq!(m.hits, part.hits);
    assert!(m.ranking());
}

#[test]
fn enter_with_marks_waits_for_the_whole_ranking_to_print_them_in_its_order() {
    let tl = embedded();
    let (mut m, first) = waiting(&tl);
    answer(&mut m, &first);
    update(&mut m, Action::FocusQuery.into());
    let request = type_alone(&mut m, "o");
    let (part, whole) = ranked_in_part(&m, &request, 2);
    update(&mut m, Msg::Searched(part));
    // Without marks Enter chooses the current event at once: it is ranked.
    let mut unmarked = m.clone();
    let Some(Effect::Exit(Outcome::Chosen(chosen))) = update(&mut unmarked, Action::Accept.into())
    else {
        panic!("Enter chooses at once");
    };
    assert_eq!(chosen, [whole.hits[0].index as usize]);
    // Marks in the tail would go out in date order: Enter waits.
    let tail: Vec<u32> = whole.hits[2..].iter().map(|h| h.index).collect();
    m.marks.extend(&tail);
    assert!(update(&mut m, Action::Accept.into()).is_none());
    let Some(Effect::Exit(Outcome::Chosen(chosen))) = update(&mut m, Msg::Searched(whole.clone()))
    else {
        panic!("the whole list chooses");
    };
    let in_order: Vec<usize> = tail.iter().map(|&i| i as usize).collect();
    assert_eq!(chosen, in_order);
}

#[test]
fn a_worker_shows_the_first_rows_ranked_then_the_whole_list() {
    let tl = crate::search::tests::varied(6000);
    // What the worker sends first: the first rows ranked, not the rest.
    let request = Request {
        generation: 1,
        criteria: Criteria {
            query: Query::parse("or"),
            ..Criteria::default()
        },
        sort: Sort::Auto,
    };
    let First::Results(first) = request.run_first(&tl, None, &|| false) else {
        panic!("nothing newer came");
    };
    assert!(!first.ranked, "many hits: the rest come later");
    // Overtaken by a newer search, it finds its matches but ranks nothing.
    let First::Overtaken(matches) = request.run_first(&tl, None, &|| true) else {
        panic!("a newer search came");
    };
    assert_eq!(
        *matches,
        crate::search::match_events(&tl, &request.criteria, None)
    );
    std::thread::scope(|scope| {
        let worker = Worker::spawn(scope, &tl, || {});
        let mut rt = Runtime::new(&tl, Options::default(), Some(worker));
        rt.send(Action::Resize(120, 35));
        rt.settle().unwrap();
        rt.send(Action::FocusQuery);
        rt.send(Action::Edit(Edit::Insert('o')));
        rt.send(Action::Edit(Edit::Insert('r')));
        assert_eq!(rt.settle().unwrap(), None);
        let whole = typed(&tl, "or").hits.clone();
        let n = crate::app::RANKED_FIRST;
        // The whole list may have come with the first rows already.
        assert_eq!(rt.model().hits()[..n], whole[..n], "the first rows, ranked");
        while rt.model().ranking() {
            rt.poll(Duration::from_millis(5)).unwrap();
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(rt.model().hits(), whole, "then the whole list");
    });
}
