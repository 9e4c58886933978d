//! The search engine against queries, facets and dates, without any UI.

use tlx::search::{Criteria, Query, Sort, facet_counts, highlight, search};
use tlx::timeline::{Facet, PartialDate, Timeline, parse};

const FIXTURE: &str = r#"{
  "title": "search fixture",
  "events": [
    {"id": "cairo", "date": "2019-02-25", "title": "Accord cloud avec Telecom Égypte",
     "summary": "Memorandum signed at a trade fair.", "kind": "agreement",
     "companies": ["Huawei", "Telecom Egypt"], "countries": ["Egypt"], "topics": ["cloud"]},
    {"id": "beijing", "date": "2024-09", "title": "Togo signs in Pékin",
     "summary": "A memorandum on digital infrastructure; cloud is mentioned in passing.",
     "kind": "agreement", "place": "Pékin",
     "companies": ["Huawei"], "countries": ["Togo", "China"], "topics": ["infrastructure"]},
    {"id": "fe", "date": "2017-02", "end_date": "2026-09", "title": "Flexible Engine",
     "summary": "Orange and Huawei open a public cloud.", "kind": "launch",
     "companies": ["Huawei", "Orange"], "countries": ["France"], "topics": ["cloud", "OpenStack"]},
    {"id": "law", "date": "2019", "title": "French law on network security",
     "summary": "Restricts equipment in sensitive areas.", "kind": "regulation",
     "countries": ["France"], "topics": ["5G", "security"], "people": ["Stéphane Richard"]}
  ]
}"#;

fn timeline() -> Timeline {
    parse("fixture.json", FIXTURE.as_bytes()).expect("fixture loads")
}

fn ids(t: &Timeline, filter: &Criteria, sort: Sort) -> Vec<String> {
    search(t, filter, sort)
        .iter()
        .map(|h| t.events[h.index as usize].id().to_string())
        .collect()
}

fn query(q: &str) -> Criteria {
    Criteria {
        query: Query::parse(q),
        ..Criteria::default()
    }
}

#[test]
fn empty_filter_returns_everything_in_date_order() {
    let t = timeline();
    // The year-only 2019 sorts before 2019-02-25.
    assert_eq!(
        ids(&t, &Criteria::default(), Sort::Date),
        ["fe", "law", "cairo", "beijing"]
    );
    assert_eq!(
        ids(&t, &Criteria::default(), Sort::DateDesc),
        ["beijing", "cairo", "law", "fe"]
    );
}

#[test]
fn accents_are_ignored_both_ways() {
    let t = timeline();
    assert_eq!(ids(&t, &query("egypte"), Sort::Date), ["cairo"]);
    assert_eq!(ids(&t, &query("pekin"), Sort::Date), ["beijing"]);
    assert_eq!(ids(&t, &query("stephane"), Sort::Date), ["law"]);
}

#[test]
fn extended_syntax() {
    let t = timeline();
    assert_eq!(
        ids(&t, &query("togo | 'orange"), Sort::Date),
        ["fe", "beijing"]
    );
    assert_eq!(
        ids(&t, &query("cloud !orange"), Sort::Date),
        ["cairo", "beijing"]
    );
    assert_eq!(ids(&t, &query("^flex"), Sort::Date), ["fe"]);
    assert_eq!(ids(&t, &query("'security"), Sort::Date), ["law"]);
    assert_eq!(ids(&t, &query("egypt$"), Sort::Date), ["cairo"]);
    assert_eq!(ids(&t, &query("zzz"), Sort::Date), Vec::<String>::new());
}

#[test]
fn smart_case_is_per_term() {
    let t = timeline();
    assert_eq!(ids(&t, &query("Orange"), Sort::Date), ["fe"]);
    assert_eq!(ids(&t, &query("ORANGE"), Sort::Date), Vec::<String>::new());
}

#[test]
fn facet_names_are_searched() {
    let t = timeline();
    assert_eq!(ids(&t, &query("openstack"), Sort::Date), ["fe"]);
    assert_eq!(ids(&t, &query("regulation"), Sort::Date), ["law"]);
}

#[test]
fn terms_found_only_in_names_count_whatever_order_they_are_tried_in() {
    // Rare letters are tried first: `openstack` (k) before `engine` (g),
    // `togo` (g) before `pékin` (k, but in a title), `!security` last.
    let t = timeline();
    assert_eq!(ids(&t, &query("engine openstack"), Sort::Date), ["fe"]);
    assert_eq!(ids(&t, &query("openstack engine"), Sort::Date), ["fe"]);
    assert_eq!(ids(&t, &query("china pékin"), Sort::Date), ["beijing"]);
    assert_eq!(
        ids(&t, &query("!security france | togo huawei"), Sort::Date),
        ["fe", "beijing"]
    );
}

#[test]
fn title_matches_rank_above_summary_matches() {
    let t = timeline();
    // "cloud" is in cairo's title, in fe's summary and topic, and only in beijing's summary.
    let ranked = ids(&t, &query("cloud"), Sort::Score);
    assert_eq!(ranked[0], "cairo");
    assert_eq!(ranked.last().map(String::as_str), Some("beijing"));
}

#[test]
fn facets_or_within_and_across() {
    let t = timeline();
    let sym = |name: &str| t.names.lookup(name).expect(name);
    let mut f = Criteria::default();
    f.countries.insert(sym("Togo"));
    f.countries.insert(sym("Egypt"));
    assert_eq!(ids(&t, &f, Sort::Date), ["cairo", "beijing"]);
    f.topics.insert(sym("cloud"));
    assert_eq!(ids(&t, &f, Sort::Date), ["cairo"]);
}

#[test]
fn facet_counts_reflect_the_other_filters() {
    let t = timeline();
    let sym = |name: &str| t.names.lookup(name).expect(name);
    let count = |c: &tlx::search::FacetCounts, facet: Facet, name: &str| {
        c.get(facet)
            .iter()
            .find(|(s, _)| *s == sym(name))
            .map(|&(_, n)| n)
    };
    let all = facet_counts(&t, &Criteria::default());
    assert_eq!(count(&all, Facet::Company, "Huawei"), Some(3));
    assert_eq!(count(&all, Facet::Country, "France"), Some(2));
    // Most frequent first.
    assert_eq!(all.get(Facet::Company)[0].0, sym("Huawei"));

    let mut f = Criteria::default();
    f.countries.insert(sym("France"));
    let c = facet_counts(&t, &f);
    // Other facets narrow to France's events...
    assert_eq!(count(&c, Facet::Company, "Huawei"), Some(1));
    assert_eq!(count(&c, Facet::Topic, "5G"), Some(1));
    // ...but the country facet still counts as if France were not chosen.
    assert_eq!(count(&c, Facet::Country, "Togo"), Some(1));
    assert_eq!(count(&c, Facet::Country, "France"), Some(2));

    let c = facet_counts(&t, &query("togo"));
    assert_eq!(
        count(&c, Facet::Country, "France"),
        Some(0),
        "zero counts are listed"
    );
}

#[test]
fn date_range_keeps_overlapping_spans() {
    let t = timeline();
    let range = |since: &str, until: &str| Criteria {
        since: Some(PartialDate::parse(since).unwrap()),
        until: Some(PartialDate::parse(until).unwrap()),
        ..Criteria::default()
    };
    // Flexible Engine runs 2017-02 → 2026-09, so it overlaps 2020.
    assert_eq!(ids(&t, &range("2020", "2020"), Sort::Date), ["fe"]);
    // The year-only 2019 law overlaps March 2019.
    assert_eq!(
        ids(&t, &range("2019-03", "2019-03"), Sort::Date),
        ["fe", "law"]
    );
    assert_eq!(
        ids(&t, &range("2019-02-25", "2019-02-25"), Sort::Date),
        ["fe", "law", "cairo"]
    );
}

#[test]
fn highlight_marks_the_matched_characters() {
    let q = Query::parse("egypte 'accord");
    let pos = highlight(&q, "Accord cloud avec Telecom Égypte");
    assert!(pos.starts_with(&[0, 1, 2, 3, 4, 5]), "{pos:?}");
    // É is character 26: folded matching keeps character positions.
    assert!(pos.contains(&26), "{pos:?}");
    assert_eq!(
        highlight(&Query::parse("!accord"), "Accord"),
        Vec::<usize>::new()
    );
    assert_eq!(highlight(&Query::parse("^acc"), "Accord"), [0, 1, 2]);
}

#[test]
fn the_embedded_timeline_is_searchable() {
    let (t, _) = tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded]).unwrap();
    assert!(t.events.len() >= 15);
    let hits = ids(&t, &query("flexible engine"), Sort::Date);
    assert!(
        hits.iter().any(|id| id.contains("flexible-engine")),
        "{hits:?}"
    );
    assert!(!ids(&t, &query("togo"), Sort::Date).is_empty());
}

#[test]
fn narrowing_from_previous_matches_equals_matching_afresh() {
    use tlx::search::match_events;
    let (t, _) = tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded]).unwrap();
    for typed in [
        "orange cloud",
        "telecom egypt",
        "'huawei africa",
        "^togo digital",
        "5g | cloud eu",
    ] {
        let mut previous = match_events(&t, &Criteria::default(), None);
        for end in 1..=typed.len() {
            let filter = query(&typed[..end]);
            let narrowed = match_events(&t, &filter, Some(&previous));
            let fresh = match_events(&t, &filter, None);
            assert_eq!(
                narrowed.indices(),
                fresh.indices(),
                "typing {:?}",
                &typed[..end]
            );
            previous = narrowed;
        }
    }
}

#[test]
fn highlighting_a_huge_text_takes_linear_time_and_memory() {
    // Before the fix, skim filled a pattern × text matrix: 5 × 8 million
    // cells here, gigabytes for a 100 MB title, on every frame.
    let text = "ab".repeat(4 << 20);
    let start = std::time::Instant::now();
    let positions = tlx::search::highlight(&Query::parse("abab"), &text);
    assert_eq!(positions.len(), 4);
    let positions = tlx::search::highlight(&Query::parse("'baba"), &text);
    assert_eq!(positions, [1, 2, 3, 4]);
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    // Ordinary texts are still matched by skim, best alignment first.
    assert_eq!(
        tlx::search::highlight(&Query::parse("fe"), "Flexible Engine"),
        [0, 9]
    );
}
