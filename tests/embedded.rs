//! The embedded timeline against the tagging rules written down in
//! `assets/README.md`: the tables there are read here, so the rules, the
//! data and this test cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};

use tlx::search;
use tlx::timeline::{Event, Facet, Input, Timeline, load_inputs};

const RULES: &str = include_str!("../assets/README.md");

fn embedded() -> Timeline {
    load_inputs(&[Input::Embedded]).unwrap().0
}

/// The first column (and the second, when there is one) of the table
/// that follows the line starting with `heading`, header row left out.
fn table(heading: &str) -> Vec<(String, String)> {
    let start = RULES
        .find(heading)
        .unwrap_or_else(|| panic!("assets/README.md has no {heading:?}"));
    RULES[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            let first = cells[0].to_string();
            (first, cells.get(1).map_or("", |c| c).to_string())
        })
        .collect()
}

fn names(heading: &str) -> BTreeSet<String> {
    table(heading).into_iter().map(|(name, _)| name).collect()
}

fn facet<'a>(t: &'a Timeline, e: &'a Event, f: Facet) -> Vec<&'a str> {
    t.facet_names(e, f).collect()
}

#[test]
fn every_facet_value_and_kind_is_in_the_documented_vocabulary() {
    let t = embedded();
    let vocabulary = [
        (Facet::Country, names("| Country |")),
        (Facet::Company, names("| Organisation |")),
        (Facet::Topic, names("| Topic |")),
    ];
    let kinds = names("| Kind |");
    for e in &t.events {
        for (f, known) in &vocabulary {
            for name in facet(&t, e, *f) {
                assert!(
                    known.contains(name),
                    "{}: {} {name:?} is not in assets/README.md",
                    e.id(),
                    f.name()
                );
            }
        }
        assert!(kinds.contains(e.kind()), "{}: kind {:?}", e.id(), e.kind());
    }
    // And nothing documented is left unused: the tables describe this data.
    for (f, known) in &vocabulary {
        let used: BTreeSet<String> = t
            .facet_values(*f)
            .iter()
            .map(|&s| t.names.get(s).to_string())
            .collect();
        assert_eq!(&used, known, "{} in use vs documented", f.plural());
    }
}

#[test]
fn every_event_carries_the_home_country_of_each_organisation() {
    let t = embedded();
    let homes: BTreeMap<String, String> = table("| Organisation |").into_iter().collect();
    let without: BTreeSet<String> = names("| Event |");
    for e in &t.events {
        let countries = facet(&t, e, Facet::Country);
        for company in facet(&t, e, Facet::Company) {
            let home = &homes[company];
            if home != "—" {
                assert!(
                    countries.contains(&home.as_str()),
                    "{}: {company} is from {home}, which is not among {countries:?}",
                    e.id()
                );
            }
        }
        assert_eq!(
            countries.is_empty(),
            without.contains(e.id()),
            "{}: an event has a country or is listed as deliberately without one",
            e.id()
        );
    }
}

#[test]
fn every_source_identifies_its_article_and_the_words_it_rests_on() {
    let t = embedded();
    for e in &t.events {
        assert!(!e.sources.is_empty(), "{} cites nothing", e.id());
        for s in e.sources.iter() {
            let who = s.publisher().or(s.author());
            assert!(
                who.is_some(),
                "{}: a source without outlet or author",
                e.id()
            );
            assert!(
                s.title().is_some() || s.url().is_some() || s.date().is_some(),
                "{}: {who:?} gives no headline, address or date to find it by",
                e.id()
            );
            assert!(
                s.quote().is_none() || s.language().is_some(),
                "{}: {who:?} quotes words in no stated language",
                e.id()
            );
            assert!(
                s.quote().is_some() || s.note().is_some(),
                "{}: {who:?} says neither which words it rests on nor why not",
                e.id()
            );
        }
        // At least one source gives the very words the event rests on.
        assert!(
            e.sources.iter().any(|s| s.quote().is_some()),
            "{} quotes none of its sources",
            e.id()
        );
    }
}

#[test]
fn an_approximate_date_is_explained() {
    let t = embedded();
    // The summary, which every reader sees, says how the date was reached.
    for e in t.events.iter().filter(|e| e.approximate) {
        let explained = e.summary().contains("estimate") || e.summary().contains("inferred");
        assert!(explained, "{}: approximate, and nothing says how", e.id());
    }
}

#[test]
fn aliases_name_values_the_data_uses_and_the_facet_flags_accept_them() {
    let t = embedded();
    assert!(!t.aliases.is_empty());
    for (value, alias) in &t.aliases {
        let f = Facet::ALL
            .into_iter()
            .find(|&f| {
                t.facet_values(f)
                    .iter()
                    .any(|&s| t.names.get(s) == &**value)
            })
            .unwrap_or_else(|| panic!("alias {alias:?} of {value:?}, which no event uses"));
        let found = search::facet_values_named(&t, f, alias);
        let found: Vec<&str> = found.iter().map(|&s| t.names.get(s)).collect();
        assert_eq!(found, [&**value], "--{} {alias}", f.name());
    }
    // The README's own examples.
    let egypt = search::facet_values_named(&t, Facet::Country, "egypte");
    assert_eq!(t.names.get(egypt[0]), "Egypt");
    let psa = search::facet_values_named(&t, Facet::Company, "psa");
    assert_eq!(t.names.get(psa[0]), "Stellantis");
}

#[test]
fn a_span_ends_after_it_starts_and_ids_say_what_they_hold() {
    let t = embedded();
    let ids: BTreeSet<&str> = t.events.iter().map(Event::id).collect();
    assert_eq!(ids.len(), t.events.len());
    for e in &t.events {
        if let Some(end) = &e.end_date {
            assert!(end.to_string() > e.date.to_string(), "{}", e.id());
        }
        assert!(
            e.id()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: ids are kebab-case",
            e.id()
        );
    }
    // Flexible Engine's life is drawn as one bar, from launch to the
    // expected closure, as the closure event dates it.
    let era = t
        .events
        .iter()
        .find(|e| e.id() == "flexible-engine-era")
        .unwrap();
    let closure = t
        .events
        .iter()
        .find(|e| e.id() == "flexible-engine-closure")
        .unwrap();
    assert_eq!(era.date.to_string(), "2017-02");
    assert_eq!(
        era.end_date.map(|d| d.to_string()),
        Some(closure.date.to_string())
    );
}
