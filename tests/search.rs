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

/// Typing `typed` one character at a time, narrowing each query from the
/// previous one's matches finds what matching afresh finds.
fn assert_narrowing_equals_afresh(t: &Timeline, typed: &str) {
    use tlx::search::match_events;
    let mut previous = match_events(t, &Criteria::default(), None);
    for end in (1..=typed.len()).filter(|&e| typed.is_char_boundary(e)) {
        let filter = query(&typed[..end]);
        let narrowed = match_events(t, &filter, Some(&previous));
        let fresh = match_events(t, &filter, None);
        assert_eq!(
            narrowed.indices(),
            fresh.indices(),
            "typing {:?}",
            &typed[..end]
        );
        previous = narrowed;
    }
}

#[test]
fn narrowing_from_previous_matches_equals_matching_afresh() {
    let t = embedded();
    for typed in [
        "orange cloud",
        "telecom egypt",
        "'huawei africa",
        "^togo digital",
        "5g | cloud eu",
    ] {
        assert_narrowing_equals_afresh(&t, typed);
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
    // Ordinary texts: the best-scoring match, where a scattered one is
    // worth less for each letter skipped (`Fle`, not `F…E`).
    assert_eq!(
        tlx::search::highlight(&Query::parse("fe"), "Flexible Engine"),
        [0, 2]
    );
}

fn embedded() -> Timeline {
    tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded])
        .expect("the embedded timeline loads")
        .0
}

/// The events in `--filter`'s default order.
fn auto(t: &Timeline, q: &str) -> Vec<String> {
    ids(t, &query(q), Sort::Auto)
}

/// Whether every event holding `value` in `facet` comes before every other.
fn first_are(t: &Timeline, found: &[String], facet: Facet, value: &str) -> bool {
    let has = |id: &String| {
        let e = t.find(id).expect("found events exist");
        t.facet_names(e, facet).any(|n| n == value)
    };
    let holding = found.iter().take_while(|id| has(id)).count();
    holding > 0 && found[holding..].iter().all(|id| !has(id))
}

#[test]
fn words_rank_above_letters_picked_out_of_a_sentence_on_the_embedded_timeline() {
    let t = embedded();
    let togo = auto(&t, "togo");
    assert!(first_are(&t, &togo, Facet::Country, "Togo"), "{togo:?}");
    // "t for go" in the Telecom Egypt summary still matches, last.
    assert_eq!(
        togo.last().map(String::as_str),
        Some("telecom-egypt-cloud-memorandum")
    );
    let orange = auto(&t, "orange");
    assert!(
        first_are(&t, &orange, Facet::Company, "Orange"),
        "{orange:?}"
    );
    // "cooperation agreement" spells o-r-a-n-g-e: last.
    assert_eq!(
        orange.last().map(String::as_str),
        Some("african-union-first-agreement")
    );
    let egypt = auto(&t, "egypt");
    assert_eq!(
        egypt.first().map(String::as_str),
        Some("telecom-egypt-cloud-memorandum")
    );
}

#[test]
fn auto_orders_by_score_with_a_query_and_by_date_without() {
    let t = timeline();
    assert_eq!(
        ids(&t, &Criteria::default(), Sort::Auto),
        ids(&t, &Criteria::default(), Sort::Date)
    );
    assert_eq!(auto(&t, "cloud"), ids(&t, &query("cloud"), Sort::Score));
    // Nothing to rank by (only negations, only dates): date order.
    assert_eq!(auto(&t, "!zzz"), ids(&t, &Criteria::default(), Sort::Date));
    assert_eq!(
        auto(&t, "date:2019..2024"),
        ["fe", "law", "cairo", "beijing"]
    );
    assert_eq!(Sort::default(), Sort::Auto);
    let mut sort = Sort::Auto;
    let cycle: Vec<String> = (0..4)
        .map(|_| {
            sort = sort.next();
            sort.to_string()
        })
        .collect();
    assert_eq!(cycle, ["date", "-date", "score", "auto"]);
    for s in ["auto", "date", "-date", "score"] {
        assert_eq!(s.parse::<Sort>().map(|s| s.to_string()), Ok(s.to_string()));
    }
}

const WORDS: &str = r#"{
  "events": [
    {"id": "scattered", "date": "2001", "title": "Notes",
     "summary": "The tender was put out for good measure.", "countries": ["France"]},
    {"id": "summary-word", "date": "2002", "title": "Talks",
     "summary": "Ministers from Togo met.", "countries": ["France"]},
    {"id": "title-word", "date": "2003", "title": "Togo signs",
     "summary": "A memorandum.", "countries": ["Ghana"]},
    {"id": "facet", "date": "2004", "title": "A memorandum",
     "summary": "Signed in Lomé.", "countries": ["Togo"]},
    {"id": "inside", "date": "2005", "title": "Photogoods fair", "summary": ""}
  ]
}"#;

#[test]
fn whole_words_in_titles_and_facets_beat_scattered_letters() {
    let t = parse("words.json", WORDS.as_bytes()).expect("fixture loads");
    assert_eq!(
        auto(&t, "togo"),
        ["facet", "title-word", "inside", "summary-word", "scattered"]
    );
    // Each field scores on its own: "t…o…g…o" across two words of a title
    // is no better than the scattered summary once the gaps are counted.
    let scores: Vec<i64> = search(&t, &query("togo"), Sort::Auto)
        .iter()
        .map(|h| h.score)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
}

#[test]
fn a_word_in_a_summary_beats_letters_scattered_through_a_title() {
    // On the embedded timeline `mate` once ranked "Monaco Telecom and
    // Huawei sign…" (M…a…T…e) above the event whose summary names the
    // Mate 20 X: a title's weight now rewards the term as written only.
    let t = parse(
        "mate.json",
        br#"{"events": [
          {"id": "scattered-title", "date": "2001", "title": "Monaco Telecom signs"},
          {"id": "word-in-summary", "date": "2002", "title": "Launch",
           "summary": "The first phone was the Mate 20 X."}]}"#,
    )
    .expect("fixture loads");
    assert_eq!(auto(&t, "mate"), ["word-in-summary", "scattered-title"]);
    let e = embedded();
    assert_eq!(auto(&e, "mate")[0], "monaco-5g-full-coverage");
}

#[test]
fn folding_in_every_script() {
    let doc = r#"{"events": [
      {"id": "vn", "date": "2001", "title": "Việt Nam signs", "people": ["Nguyễn Văn A"]},
      {"id": "fw", "date": "2002", "title": "ＡＢＣ launches"},
      {"id": "tr", "date": "2003", "title": "Cloud region in Ḑiyarbakır"},
      {"id": "fr", "date": "2004", "title": "Telecom Égypte"},
      {"id": "de", "date": "2005", "title": "Office on the Hauptstraße"},
      {"id": "el", "date": "2006", "title": "Ελλάδα"}
    ]}"#;
    let t = parse("fold.json", doc.as_bytes()).expect("fixture loads");
    for (q, id) in [
        ("viet", "vn"),
        ("nguyen", "vn"),
        ("person:nguyen", "vn"),
        ("abc", "fw"),
        ("diyarbakir", "tr"),
        ("egypte", "fr"),
        ("'égypte'", "fr"),
        ("strasse", "de"),
        ("hauptstrasse$", "de"),
        ("ελλαδα", "el"),
    ] {
        assert_eq!(auto(&t, q), [id], "{q}");
    }
    // Marks land on the original characters.
    assert_eq!(highlight(&Query::parse("ss"), "Hauptstraße"), [9]);
    assert_eq!(
        highlight(&Query::parse("abc"), "ＡＢＣ launches"),
        [0, 1, 2]
    );
    assert_eq!(highlight(&Query::parse("viet"), "Việt Nam"), [0, 1, 2, 3]);
}

#[test]
fn fzf_syntax_edge_cases() {
    let t = timeline();
    let all = ids(&t, &Criteria::default(), Sort::Date);
    // Operators alone are ignored, not searched for.
    for q in ["!", "'", "^", "$", "!'", "!^", "|", "a |", "| a"] {
        let expected = if q.contains('a') {
            auto(&t, "a")
        } else {
            all.clone()
        };
        assert_eq!(auto(&t, q), expected, "{q:?}");
    }
    assert_eq!(ids(&t, &query("'engine'"), Sort::Date), ["fe"]);
    assert_eq!(ids(&t, &query("'engin'"), Sort::Date), Vec::<String>::new());
    assert_eq!(
        ids(&t, &query("!'flxeng"), Sort::Date),
        ["law", "cairo", "beijing"]
    );
    assert_eq!(
        ids(&t, &query("!^flex"), Sort::Date),
        ["law", "cairo", "beijing"]
    );
    assert_eq!(
        ids(&t, &query("!egypte$"), Sort::Date),
        ["fe", "law", "beijing"]
    );
    assert_eq!(ids(&t, &query("!'cloud'"), Sort::Date), ["law"]);
    assert_eq!(ids(&t, &query("^togo\\ signs"), Sort::Date), ["beijing"]);
}

#[test]
fn field_terms() {
    let t = timeline();
    let q = |s: &str| ids(&t, &query(s), Sort::Date);
    assert_eq!(q("country:egypt"), ["cairo"]);
    assert_eq!(
        q("country:egypte"),
        Vec::<String>::new(),
        "no alias in this file"
    );
    assert_eq!(q("company:orange"), ["fe"]);
    assert_eq!(q("topic:5g"), ["law"]);
    assert_eq!(q("kind:agreement"), ["cairo", "beijing"]);
    assert_eq!(q("person:stephane"), ["law"]);
    assert_eq!(q("place:pekin"), ["beijing"]);
    assert_eq!(q("title:cloud"), ["cairo"]);
    assert_eq!(q("summary:cloud"), ["fe", "beijing"]);
    assert_eq!(q("country:^fr"), ["fe", "law"]);
    assert_eq!(q("!country:france"), ["cairo", "beijing"]);
    assert_eq!(q("country:togo | country:egypt"), ["cairo", "beijing"]);
    assert_eq!(q("country:'egy"), ["cairo"]);
    assert_eq!(q("Country:Egypt"), ["cairo"]);
    assert_eq!(q("country:Egypt"), ["cairo"]);
    assert_eq!(
        q("country:EGYPT"),
        Vec::<String>::new(),
        "smart case on the value"
    );
    // A field term does not reach the other fields: "Togo" is in beijing's title too.
    assert_eq!(q("title:china"), Vec::<String>::new());
    // An unknown prefix is text.
    assert_eq!(q("xyz:abc"), Vec::<String>::new());
}

#[test]
fn field_terms_on_the_embedded_timeline_use_its_aliases_and_sources() {
    let t = embedded();
    assert_eq!(
        auto(&t, "country:egypte"),
        ["telecom-egypt-cloud-memorandum"]
    );
    let psa = auto(&t, "company:psa");
    assert!(!psa.is_empty());
    for id in &psa {
        let e = t.find(id).unwrap();
        assert!(
            t.facet_names(e, Facet::Company).any(|n| n == "Stellantis"),
            "{id}"
        );
    }
    assert_eq!(
        auto(&t, "country:^niger$"),
        Vec::<String>::new(),
        "not Nigeria, not Niger in a sentence"
    );
    // `source:` reaches the publishers, which plain terms do not.
    let by_source = auto(&t, "source:01net");
    assert!(!by_source.is_empty());
    assert!(auto(&t, "'01net").len() < by_source.len());
}

#[test]
fn date_terms_overlap_spans_as_since_and_until_do() {
    let t = timeline();
    let q = |s: &str| ids(&t, &query(s), Sort::Date);
    let range = |since: &str, until: &str| {
        let c = Criteria {
            since: PartialDate::parse(since).ok(),
            until: PartialDate::parse(until).ok(),
            ..Criteria::default()
        };
        ids(&t, &c, Sort::Date)
    };
    assert_eq!(q("date:2020"), range("2020", "2020"));
    assert_eq!(q("date:2019-03"), ["fe", "law"]);
    assert_eq!(q("date:2019-02-25"), ["fe", "law", "cairo"]);
    assert_eq!(q("date:2018..2019-02"), range("2018", "2019-02"));
    assert_eq!(q("date:..2018"), ["fe"]);
    assert_eq!(q("date:2024.."), ["fe", "beijing"]);
    assert_eq!(q("!date:2019"), ["beijing"]);
    assert_eq!(
        q("date:2019 | date:2024"),
        ["fe", "law", "cairo", "beijing"]
    );
    assert_eq!(q("cloud date:2024"), ["fe", "beijing"]);
}

#[test]
fn date_terms_on_the_embedded_timeline_read_dates_not_text() {
    let t = embedded();
    let found = auto(&t, "date:2018");
    assert!(
        found.contains(&"us-sanctions".to_string()),
        "dated 2018: {found:?}"
    );
    assert!(
        found.contains(&"african-union-headquarters-spying-accusation".to_string()),
        "dated 2018-01-26: {found:?}"
    );
    for id in &found {
        let e = t.find(id).unwrap();
        let (first, last) = e.day_span();
        let year = PartialDate::parse("2018").unwrap();
        assert!(
            first <= year.last_day() && last >= year.first_day(),
            "{id} does not reach 2018"
        );
    }
    // The Telecom Egypt summary mentions 2017, but the event is of 2019.
    assert!(!auto(&t, "date:2017").contains(&"telecom-egypt-cloud-memorandum".to_string()));
}

#[test]
fn locate_says_where_a_row_matched() {
    use tlx::search::{Field, locate};
    let t = timeline();
    let e = |id: &str| t.find(id).unwrap();
    let at = |id: &str, q: &str| locate(&t, e(id), &Query::parse(q));
    // The title when it matches there.
    let l = at("cairo", "cloud").unwrap();
    assert_eq!(
        (l.field, l.text.as_str()),
        (Field::Title, "Accord cloud avec Telecom Égypte")
    );
    assert_eq!(l.positions, [7, 8, 9, 10, 11]);
    // Else the best-scoring field: a facet value, with its positions.
    let l = at("fe", "openstack").unwrap();
    assert_eq!((l.field, l.text.as_str()), (Field::Topic, "OpenStack"));
    assert_eq!(l.positions, (0..9).collect::<Vec<_>>());
    let l = at("beijing", "infrastructure").unwrap();
    assert_eq!(
        l.field,
        Field::Topic,
        "a whole facet value beats a word in the summary"
    );
    let l = at("law", "sensitive").unwrap();
    assert_eq!(l.field, Field::Summary);
    assert_eq!(&l.text, e("law").summary());
    let chars: Vec<char> = l.text.chars().collect();
    let marked: String = l.positions.iter().map(|&i| chars[i]).collect();
    assert_eq!(marked, "sensitive");
    let l = at("law", "stephane").unwrap();
    assert_eq!(
        (l.field, l.text.as_str()),
        (Field::Person, "Stéphane Richard")
    );
    assert_eq!(l.positions, [0, 1, 2, 3, 4, 5, 6, 7]);
    // A field term is located in its field, even when the title has the word.
    let l = at("beijing", "country:togo").unwrap();
    assert_eq!((l.field, l.text.as_str()), (Field::Country, "Togo"));
    // Nothing to show for negations and dates alone.
    assert_eq!(at("law", "!togo date:2019"), None);
    assert_eq!(at("law", ""), None);
}

#[test]
fn locate_names_the_alias_that_matched() {
    use tlx::search::{Field, locate};
    let t = embedded();
    let e = t.find("telecom-egypt-cloud-memorandum").unwrap();
    let l = locate(&t, e, &Query::parse("country:egypte")).unwrap();
    assert_eq!((l.field, l.text.as_str()), (Field::Country, "Égypte"));
    assert_eq!(l.positions, [0, 1, 2, 3, 4, 5]);
}

#[test]
fn highlight_field_marks_only_the_terms_for_that_field() {
    use tlx::search::{Field, highlight_field};
    let q = Query::parse("country:togo signs");
    assert_eq!(
        highlight_field(&q, Field::Title, "Togo signs"),
        [5, 6, 7, 8, 9]
    );
    assert_eq!(highlight_field(&q, Field::Country, "Togo"), [0, 1, 2, 3]);
    assert_eq!(
        highlight(&q, "Togo signs"),
        (0..10).filter(|&i| i != 4).collect::<Vec<_>>()
    );
}

#[test]
fn narrowing_with_every_kind_of_term_equals_matching_afresh() {
    let t = embedded();
    for typed in [
        "'cloud' !'orange",
        "!^togo country:egypte",
        "company:'orange date:2019",
        "title:^togo$ | summary:egypt$",
        "date:2018..2020 !date:2019 ^fr",
        "source:01net person:talaat",
        "straße | viet '5g'",
    ] {
        assert_narrowing_equals_afresh(&t, typed);
    }
}
