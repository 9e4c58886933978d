//! Output formats as a whole: `jsonl` and `json` load back into the same
//! events (unknown fields included), and each human format on a fixture.

mod support {
    pub mod compare;
}

use std::path::Path;

use proptest::prelude::*;
use support::compare::{as_native, remap};
use tlx::output::{OutputFormat, OutputOptions, event_json, write_events};
use tlx::timeline::{
    Event, EventFields, Input, PartialDate, Source, SourceFields, Sym, TimeOfDay, Timeline,
    load_inputs, parse,
};

fn fixture(name: &str) -> Timeline {
    load_inputs(&[Input::Path(Path::new("tests/fixtures").join(name))])
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn render(timeline: &Timeline, format: &str, opts: OutputOptions) -> String {
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    let format: OutputFormat = format.parse().unwrap();
    let mut out = Vec::new();
    write_events(&mut out, timeline, &all, &format, &opts).unwrap();
    String::from_utf8(out).unwrap()
}

fn assert_same_events(original: &Timeline, reloaded: &Timeline, what: &str) {
    assert_eq!(original.events.len(), reloaded.events.len(), "{what}");
    for (a, b) in original.events.iter().zip(&reloaded.events) {
        assert_eq!(as_native(a), remap(reloaded, original, b), "{what}");
    }
}

/// Characters the JSON output must never hold raw.
fn assert_escaped(json: &str, what: &str) {
    for c in json.chars() {
        let raw_ok =
            c == '\n' || !(tlx::text::is_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}'));
        assert!(raw_ok, "{what}: raw {c:?} in JSON output");
    }
}

fn assert_round_trip(original: &Timeline, what: &str) {
    let plain = OutputOptions::default();

    let jsonl = render(original, "jsonl", plain);
    assert_escaped(&jsonl, what);
    for line in jsonl.lines() {
        serde_json::from_str::<serde::de::IgnoredAny>(line)
            .unwrap_or_else(|e| panic!("{what}: invalid JSON line {line}: {e}"));
    }
    let again = parse("out.jsonl", jsonl.as_bytes())
        .unwrap_or_else(|e| panic!("{what}: jsonl does not load: {e}"));
    assert_same_events(original, &again, &format!("{what} (jsonl)"));

    let json = render(original, "json", plain);
    assert_escaped(&json, what);
    let again = parse("out.json", json.as_bytes())
        .unwrap_or_else(|e| panic!("{what}: json does not load: {e}"));
    assert_same_events(original, &again, &format!("{what} (json)"));
    assert_eq!(original.title, again.title, "{what}");
    assert_eq!(original.description, again.description, "{what}");
    assert_eq!(original.extra, again.extra, "{what}");
    assert_eq!(original.aliases, again.aliases, "{what}");
    // A second pass changes nothing.
    assert_eq!(render(&again, "json", plain), json, "{what}");
}

#[test]
fn fixtures_round_trip_through_jsonl_and_json() {
    for name in [
        "native-full.json",
        "timelinejs.json",
        "events.jsonl",
        "array.json",
        "bom.json",
    ] {
        assert_round_trip(&fixture(name), name);
    }
}

#[test]
fn embedded_timeline_round_trips() {
    let t = load_inputs(&[Input::Embedded]).unwrap().0;
    assert!(t.events.len() >= 10);
    assert_round_trip(&t, "embedded");
}

#[test]
fn shared_timelinejs_files_round_trip() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/testdata is missing"
        );
        eprintln!("note: ../shared/testdata is absent; skipping");
        return;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let t = load_inputs(&[Input::Path(path.clone())]).unwrap().0;
            assert_round_trip(&t, &path.display().to_string());
        }
    }
}

#[test]
fn unknown_members_keep_their_text() {
    let t = fixture("native-full.json");
    let launch = event_json(&t, t.find("launch").unwrap());
    assert!(launch.contains(r#""huge":1e400,"bigint":123456789012345678901234567890"#));
    assert!(launch.contains(r#"{"publisher":"Le Journal","author":"A. Writer","title":"Orange et Huawei lancent un cloud","date":"2017-02-14","language":"fr","url":"https://example.org/a","archived":true,"pages":[1,2]}"#));
    // Raw C1, DEL and bidi in a kept member come out escaped: same data, no raw bytes.
    let day = event_json(&t, t.find("day").unwrap());
    assert!(
        day.ends_with(
            r#""display_date":"31 May 2019","note\u0085key":"C1 \u0085, raw C1 \u0085, DEL \u007f, bidi \u202e, escaped \"quote\" and \\ backslash"}"#
        ),
        "{day}"
    );
}

#[test]
fn json_document_shape() {
    let t = fixture("array.json");
    assert_eq!(
        render(&t, "json", OutputOptions::default()),
        "{\n  \"events\": [\n    \
         {\"id\":\"a\",\"date\":\"2019\",\"title\":\"First\"},\n    \
         {\"id\":\"b\",\"date\":\"2020-01\",\"title\":\"Second\"}\n  ]\n}\n"
    );
    let native = render(
        &fixture("native-full.json"),
        "json",
        OutputOptions::default(),
    );
    assert!(native.starts_with(
        "{\n  \"title\": \"Fixture: every native field\",\n  \"description\": \"A small hand-written timeline for the loader tests.\",\n  \"version\": 3,\n  \"meta\": {\"tags\":[\"a\",\"b\"],\"nested\":{\"deep\":[1,{\"x\":null}]},\"big\":1e400},\n  \"events\": [\n"
    ));
    let empty = Timeline::default();
    assert_eq!(
        render(&empty, "json", OutputOptions::default()),
        "{\n  \"events\": []\n}\n"
    );
}

#[test]
fn human_formats_on_a_fixture() {
    let t = fixture("native-full.json");
    let plain = OutputOptions::default();
    insta::assert_snapshot!("text", render(&t, "text", plain));
    insta::assert_snapshot!("csv", render(&t, "csv", plain));
    insta::assert_snapshot!("tsv", render(&t, "tsv", plain));
    insta::assert_snapshot!("md", render(&t, "md", plain));
    insta::assert_snapshot!("id", render(&t, "id", plain));
    insta::assert_snapshot!(
        "template",
        render(&t, "{date_label}\t{title} <{url}> {{{kind}}}", plain)
    );
}

/// Text and `{date_label}` give a person's label; `{date}`, csv, tsv and
/// the JSON formats keep the value as written, so it loads back the same.
#[test]
fn people_read_labels_and_scripts_keep_exact_dates() {
    let t = parse(
        "deep.json",
        br#"{"events":[
          {"id":"bang","date":"-13800000000","title":"Big Bang"},
          {"id":"sapiens","date":"-300000","approximate":true,"title":"Homo sapiens"},
          {"id":"euclid","date":"-0300","end_date":"-0250","title":"Euclid"},
          {"id":"hegira","date":"0622","title":"Hegira"},
          {"id":"war","date":"1337","end_date":"1453-07-17","title":"Hundred Years' War"}]}"#,
    )
    .unwrap();
    let plain = OutputOptions::default();
    assert_eq!(
        render(&t, "text", plain),
        "13.8 Ga  Big Bang\n~300 ka  Homo sapiens\n300 BCE → 250 BCE  Euclid\n622  Hegira\n\
         1337 → 1453-07-17  Hundred Years' War\n"
    );
    assert_eq!(
        render(&t, "{date_label}|{date}|{end_date}", plain),
        "13.8 Ga|-13800000000|\n300 ka|-300000|\n300 BCE → 250 BCE|-300|-250\n622|622|\n\
         1337 → 1453-07-17|1337|1453-07-17\n"
    );
    let csv = render(&t, "csv", plain);
    assert!(csv.contains("\nbang,-13800000000,,false,"), "{csv}");
    assert!(csv.contains("\neuclid,-300,-250,false,"), "{csv}");
    assert!(render(&t, "tsv", plain).contains("\nhegira\t622\t\t"));
    let jsonl = render(&t, "jsonl", plain);
    assert!(jsonl.contains(r#""date":"-13800000000""#), "{jsonl}");
    assert!(
        jsonl.contains(r#""date":"-300","end_date":"-250""#),
        "{jsonl}"
    );
    assert_round_trip(&t, "deep.json");
}

#[test]
fn nothing_unsafe_reaches_a_terminal() {
    let t = fixture("native-full.json");
    let mut hostile = t.clone();
    for e in &mut hostile.events {
        let title = format!("{}\u{1b}[31m\u{9b}2J\u{202e}\r\n\t", e.title());
        let id = format!("{}\u{1b}]0;x\u{7}", e.id());
        *e = Event::new(EventFields {
            id: &id,
            title: &title,
            summary: "a\u{7}b\u{0}c\u{2066}",
            ..e.fields()
        })
        .unwrap();
    }
    let tty = OutputOptions {
        terminal: true,
        ..OutputOptions::default()
    };
    for format in ["text", "csv", "tsv", "md", "id", "{id} {title} {summary}"] {
        let out = render(&hostile, format, tty);
        // Tabs separate tsv fields; everything else is data.
        let separator = if format == "tsv" { '\t' } else { '\n' };
        for c in out.chars() {
            assert!(
                c == '\n' || c == separator || !tlx::text::is_unsafe(c),
                "{format}: raw {c:?} reached the terminal"
            );
        }
    }
    // Through a pipe the formats for people are cleaned all the same (a
    // `| tail` is a terminal too); the table formats give scripts the bytes.
    let pipe = OutputOptions::default();
    for format in ["text", "md", "id", "{id} {title} {summary}"] {
        let out = render(&hostile, format, pipe);
        assert!(
            out.chars().all(|c| c == '\n' || !tlx::text::is_unsafe(c)),
            "{format}: {out:?}"
        );
        assert_eq!(
            out.lines().count(),
            hostile.events.len() + if format == "md" { 2 } else { 0 }
        );
    }
    assert!(render(&hostile, "tsv", pipe).contains("a\u{7}b\u{0}c\u{2066}"));
    // --raw: the bytes, but never NUL or a line break inside a record.
    let raw = OutputOptions { raw: true, ..pipe };
    let piped = render(&hostile, "{summary}", raw);
    assert!(piped.contains("a\u{7}b\u{2400}c\u{2066}"));
    let titles = render(&hostile, "{title}", raw);
    assert_eq!(titles.lines().count(), hostile.events.len(), "{titles:?}");
    assert!(titles.contains("\u{1b}[31m\u{9b}2J\u{202e}\u{240d}\u{240a}\t"));
}

// ------------------------------------------------------------ generated events

fn text() -> impl Strategy<Value = String> {
    // Any characters, controls and bidi included; mostly short.
    prop_oneof![
        "\\PC{0,12}",
        proptest::collection::vec(any::<char>(), 0..12).prop_map(|v| v.into_iter().collect()),
        Just("\u{7f}\u{85}\u{202e}\u{2028}\"\\\n".to_string()),
    ]
}

fn nonblank() -> impl Strategy<Value = String> {
    text().prop_map(|s| {
        if s.trim().is_empty() {
            format!("t{s}")
        } else {
            s
        }
    })
}

fn date() -> impl Strategy<Value = PartialDate> {
    let time = proptest::option::of((0u8..24, 0u8..60, proptest::option::of(0u8..60)));
    (-3000i64..3000, 0u8..=12, 0u8..=28, time).prop_filter_map("no year 0", |(y, m, d, t)| {
        let month = (m > 0).then_some(m);
        let day = (month.is_some() && d > 0).then_some(d);
        let date = PartialDate::new(y, month, day).ok()?;
        match (day, t) {
            (Some(_), Some((h, m, s))) => date.with_time(TimeOfDay::new(h, m, s, None).ok()?).ok(),
            _ => Some(date),
        }
    })
}

fn opt_text() -> impl Strategy<Value = Option<Box<str>>> {
    proptest::option::of(text().prop_map(String::into_boxed_str))
}

prop_compose! {
    fn source()(
        publisher in opt_text(), author in opt_text(), title in opt_text(),
        date in opt_text(), language in opt_text(), url in opt_text(),
        via in opt_text(), quote in opt_text(), note in opt_text(),
    ) -> Source {
        let fields = SourceFields {
            publisher: publisher.as_deref(),
            author: author.as_deref(),
            title: title.as_deref(),
            date: date.as_deref(),
            language: language.as_deref(),
            url: url.as_deref(),
            via: via.as_deref(),
            quote: quote.as_deref(),
            note: note.as_deref(),
        };
        Source::new(fields, None).unwrap()
    }
}

prop_compose! {
    fn draft()(
        title in nonblank(), summary in text(), kind in text(), place in text(),
        date in date(), span in proptest::option::of(0i64..50), approximate in any::<bool>(),
        companies in proptest::collection::vec(text(), 0..3),
        countries in proptest::collection::vec(text(), 0..3),
        people in proptest::collection::vec(text(), 0..3),
        sources in proptest::collection::vec(source(), 0..2),
        display_date in proptest::option::of(nonblank()),
    ) -> (Draft, Vec<String>, Vec<String>) {
        let end_date = span.and_then(|n| PartialDate::year(date.year_number().max(1) + n).ok());
        let draft = Draft {
            date,
            end_date,
            approximate,
            title,
            summary,
            kind,
            place,
            people: people.into_iter().map(String::into_boxed_str).collect(),
            sources,
            display_date,
        };
        (draft, companies, countries)
    }
}

/// A generated event before its id and facet names are settled.
#[derive(Debug, Clone)]
struct Draft {
    date: PartialDate,
    end_date: Option<PartialDate>,
    approximate: bool,
    title: String,
    summary: String,
    kind: String,
    place: String,
    people: Vec<Box<str>>,
    sources: Vec<Source>,
    display_date: Option<String>,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_events_round_trip(drafts in proptest::collection::vec(draft(), 1..6)) {
        let mut t = Timeline::default();
        for (i, (d, companies, countries)) in drafts.into_iter().enumerate() {
            let mut intern = |names: Vec<String>| -> Vec<Sym> {
                let mut syms: Vec<Sym> = names.iter().map(|n| t.names.intern(n)).collect();
                let mut seen = std::collections::HashSet::new();
                syms.retain(|s| seen.insert(*s));
                syms
            };
            let (companies, countries) = (intern(companies), intern(countries));
            let id = format!("e{i}");
            let event = Event::new(EventFields {
                id: &id,
                date: d.date,
                end_date: d.end_date,
                approximate: d.approximate,
                title: &d.title,
                summary: &d.summary,
                kind: &d.kind,
                place: &d.place,
                companies: &companies,
                countries: &countries,
                topics: &[],
                people: d.people,
                sources: d.sources,
                display_date: d.display_date.as_deref(),
                media: None,
                end_display_date: None,
                title_made_up: false,
                extra: None,
            })
            .unwrap();
            t.events.push(event);
        }
        t.events.sort_by_key(|e| e.date);
        let jsonl = render(&t, "jsonl", OutputOptions::default());
        let again = parse("gen.jsonl", jsonl.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(t.events.len(), again.events.len());
        for (a, b) in t.events.iter().zip(&again.events) {
            prop_assert_eq!(a, &remap(&again, &t, b));
        }
    }
}
