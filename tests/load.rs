//! Loading timelines from files: what good files give, and the exact
//! one-line message each bad file gets (`file:line:col: …`).
//!
//! Paths are relative to the crate root, where `cargo test` runs.

use std::path::{Path, PathBuf};

use tlx::timeline::{
    Event, Facet, FileSummary, Format, Input, LoadError, Precision, Timeline, load_inputs,
};

const FIXTURES: &str = "tests/fixtures";

fn input(name: &str) -> Input {
    Input::Path(Path::new(FIXTURES).join(name))
}

fn load(names: &[&str]) -> Result<(Timeline, Vec<FileSummary>), LoadError> {
    let inputs: Vec<Input> = names.iter().map(|n| input(n)).collect();
    load_inputs(&inputs)
}

fn good(name: &str) -> (Timeline, FileSummary) {
    match load(&[name]) {
        Ok((timeline, mut summaries)) => (timeline, summaries.remove(0)),
        Err(e) => panic!("{name} should load: {e}"),
    }
}

/// The message a bad fixture gets, as printed.
fn error(name: &str) -> String {
    match load(&[name]) {
        Ok((t, _)) => panic!("{name} loaded {} events, expected an error", t.events.len()),
        Err(e) => e.to_string(),
    }
}

fn event<'a>(timeline: &'a Timeline, id: &str) -> &'a Event {
    timeline
        .find(id)
        .unwrap_or_else(|| panic!("no event {id:?}"))
}

fn names(timeline: &Timeline, event: &Event, facet: Facet) -> Vec<String> {
    timeline
        .facet_names(event, facet)
        .map(str::to_string)
        .collect()
}

fn ids(timeline: &Timeline) -> Vec<&str> {
    timeline.events.iter().map(|e| e.id()).collect()
}

/// Checks that `line:col` of a message names a place in the fixture that
/// starts with `expected` (columns count characters, from 1).
fn points_at(name: &str, message: &str, expected: &str) {
    let path = format!("{FIXTURES}/{name}:");
    let rest = message
        .strip_prefix(&path)
        .unwrap_or_else(|| panic!("{message:?} does not start with {path:?}"));
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().unwrap();
    let column: usize = parts.next().unwrap().parse().unwrap();
    let text = std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap();
    let row = text.split('\n').nth(line - 1).unwrap();
    let at: String = row.chars().skip(column - 1).collect();
    assert!(
        at.starts_with(expected),
        "{message}: points at {at:?}, expected {expected:?}"
    );
}

// ------------------------------------------------------------ good files

#[test]
fn native_file_with_every_field() {
    let (t, summary) = good("native-full.json");
    assert_eq!(summary.format, Format::Native);
    assert_eq!(summary.events, 5);
    assert_eq!(t.title, "Fixture: every native field");
    assert_eq!(
        t.description,
        "A small hand-written timeline for the loader tests."
    );
    assert_eq!(
        t.extra.as_deref(),
        Some(
            r#"{"version":3,"meta":{"tags":["a","b"],"nested":{"deep":[1,{"x":null}]},"big":1e400}}"#
        )
    );
    // Sorted by date; equal dates keep file order.
    assert_eq!(ids(&t), ["bce", "year-only", "launch", "day", "same-day"]);

    let launch = event(&t, "launch");
    assert_eq!(launch.date.to_string(), "2017-02");
    assert_eq!(launch.date.precision(), Precision::Month);
    assert_eq!(launch.end_date.unwrap().to_string(), "2026-09");
    assert_eq!(launch.date_label(), "2017-02 → 2026-09");
    assert!(!launch.approximate);
    assert_eq!(launch.title(), "Orange and Huawei launch a public cloud");
    assert_eq!(
        launch.summary(),
        "First paragraph.\n\nSecond one, with «guillemets», 华为 and an emoji 🚀."
    );
    assert_eq!(launch.kind(), "launch");
    assert_eq!(launch.place(), "Paris");
    // The repeated "Orange" is kept once.
    assert_eq!(names(&t, launch, Facet::Company), ["Orange", "Huawei"]);
    assert_eq!(names(&t, launch, Facet::Country), ["France"]);
    assert_eq!(names(&t, launch, Facet::Topic), ["cloud", "OpenStack"]);
    assert_eq!(launch.people(), [Box::from("Stéphane Richard")]);
    assert_eq!(launch.sources.len(), 2);
    let source = &launch.sources[0];
    assert_eq!(source.publisher(), Some("Le Journal"));
    assert_eq!(source.author(), Some("A. Writer"));
    assert_eq!(source.title(), Some("Orange et Huawei lancent un cloud"));
    assert_eq!(source.date(), Some("2017-02-14"));
    assert_eq!(source.language(), Some("fr"));
    assert_eq!(source.url(), Some("https://example.org/a"));
    assert_eq!(source.extra(), Some(r#"{"archived":true,"pages":[1,2]}"#));
    assert_eq!(launch.sources[1].publisher(), Some("Second source"));
    assert_eq!(launch.sources[1].url(), None);
    // Unknown members are kept as written: big numbers stay text.
    assert_eq!(
        launch.extra(),
        Some(
            r#"{"confidence":0.75,"huge":1e400,"bigint":123456789012345678901234567890,"tags":{"nested":[[1,2],{"k":"v","empty":{}}],"t":true}}"#
        )
    );

    let year = event(&t, "year-only");
    assert_eq!(year.date.precision(), Precision::Year);
    assert_eq!(year.date.to_string(), "2015");
    assert!(year.approximate);
    assert_eq!(names(&t, year, Facet::Company), ["Huawei"]);

    let day = event(&t, "day");
    assert_eq!(day.date.precision(), Precision::Day);
    assert_eq!(day.date.day(), Some(31));
    assert_eq!(day.display_date(), Some("31 May 2019"));
    assert_eq!(names(&t, day, Facet::Country), ["Égypte", "France"]);
    // Kept as the same data, with DEL, C1 and bidi characters escaped.
    assert_eq!(
        day.extra(),
        Some(
            r#"{"note\u0085key":"C1 \u0085, raw C1 \u0085, DEL \u007f, bidi \u202e, escaped \"quote\" and \\ backslash"}"#
        )
    );

    let bce = event(&t, "bce");
    assert_eq!(bce.date.year_number(), -43);
    assert_eq!(bce.date.human(), "43 BCE");
    assert_eq!(bce.end_date.unwrap().human(), "15 Mar 43 BCE");
    assert!(bce.people().is_empty());
    assert_eq!(bce.summary(), "");

    let same = event(&t, "same-day");
    assert_eq!((same.kind(), same.place()), ("", ""));
    assert_eq!(same.extra(), None);
}

#[test]
fn timelinejs_file() {
    let (t, summary) = good("timelinejs.json");
    assert_eq!(summary.format, Format::TimelineJs);
    assert_eq!(summary.events, 7, "5 slides and 2 eras");
    // The title slide gives the timeline's title and description, HTML stripped.
    assert_eq!(t.title, "A TimelineJS fixture");
    assert_eq!(t.description, "Made for tlx’s tests.");
    assert_eq!(t.extra.as_deref(), Some(r#"{"scale":"human"}"#));
    // Unsorted in the file, sorted here; ids come from unique_id or are derived.
    assert_eq!(
        ids(&t),
        [
            "-300-euclid-s-elements",
            "era-2010-before",
            "2015-around-2015",
            "2015-euclid-s-twin",
            "2017-02-flexible-engine",
            "telecom-egypt",
            "era-2020-pandemic-and-after",
        ]
    );

    // String parts, zero-padded; an hour alone is on the hour.
    let egypt = event(&t, "telecom-egypt");
    assert_eq!(egypt.date.to_string(), "2019-05-31T10:00");
    assert_eq!(egypt.title(), "Telecom Egypt & Huawei");
    assert_eq!(egypt.summary(), "First paragraph.\nSecond\nline.");
    assert_eq!(names(&t, egypt, Facet::Topic), ["Agreements"]);
    assert_eq!(egypt.extra(), None);

    // Number parts; an end date with an empty day.
    let fe = event(&t, "2017-02-flexible-engine");
    assert_eq!(fe.date.precision(), Precision::Month);
    assert_eq!(fe.end_date.unwrap().to_string(), "2026-09");
    assert_eq!(names(&t, fe, Facet::Topic), ["Launches"]);
    // Media is read into its own field, no longer an unknown member.
    assert_eq!(fe.extra(), None);
    let media = fe.media().expect("media");
    assert_eq!(media.url(), Some("https://example.org/fe.png"));
    assert_eq!(media.caption(), Some("FE"));

    // "" parts are absent; an empty headline falls back to display_date.
    let around = event(&t, "2015-around-2015");
    assert_eq!(around.date.precision(), Precision::Year);
    assert_eq!(around.title(), "Around 2015");
    assert_eq!(around.summary(), "No headline here.");
    assert_eq!(around.display_date(), Some("Around 2015"));

    assert_eq!(
        event(&t, "-300-euclid-s-elements").title(),
        "Euclid's Elements"
    );
    assert_eq!(event(&t, "2015-euclid-s-twin").title(), "Euclid's twin");

    let era = event(&t, "era-2020-pandemic-and-after");
    assert_eq!(era.kind(), "era");
    assert_eq!(era.date_label(), "2020 → 2024");
}

#[test]
fn json_lines_file() {
    let (t, summary) = good("events.jsonl");
    assert_eq!(summary.format, Format::JsonLines);
    assert_eq!(ids(&t), ["one", "three", "two"]);
    let one = event(&t, "one");
    assert_eq!(names(&t, one, Facet::Company), ["Monaco Telecom", "Huawei"]);
    assert_eq!(names(&t, one, Facet::Country), ["Monaco"]);
    assert_eq!(event(&t, "two").extra(), Some(r#"{"x-extra":{"a":[1,2]}}"#));
    assert_eq!(event(&t, "three").title(), "Égypte");
    assert!(event(&t, "three").approximate);
    assert_eq!(t.title, "");
}

#[test]
fn top_level_array_of_events() {
    let (t, summary) = good("array.json");
    assert_eq!(summary.format, Format::Native);
    assert_eq!(ids(&t), ["a", "b"]);
    assert_eq!(event(&t, "b").date.to_string(), "2020-01");
}

#[test]
fn utf8_byte_order_mark_is_skipped() {
    let (t, _) = good("bom.json");
    assert_eq!(t.title, "With a BOM");
    assert_eq!(event(&t, "bom").date.to_string(), "2021-03-04");
}

// ------------------------------------------------------------ bad files

/// Each fixture with a problem of the whole file, its exact message, and
/// what its position points at.
const BAD: &[(&str, &str, &str)] = &[
    (
        "bad-malformed.json",
        "5:5: expected `,` or `]`",
        r#"{"id": "b""#,
    ),
    (
        "bad-unterminated.json",
        "5:1: unexpected end of file while parsing a list",
        "",
    ),
    (
        "bad-no-events.json",
        "1:1: no \"events\" array: not a tlx or TimelineJS timeline",
        "{",
    ),
    (
        "bad-deep-unknown.json",
        "3:186: event \"deep\": \"x\": nested deeper than 128 levels",
        "[",
    ),
    (
        "bad-deep-top.json",
        "1:130: event #1: nested deeper than 128 levels",
        "[[",
    ),
];

/// Each fixture with a problem confined to one event: the warning, what its
/// position points at, and the events that load.
const SKIPPED: &[(&str, &str, &str, usize)] = &[
    (
        "bad-title-number.json",
        "6:17: warning: event \"t\": \"title\": invalid type: integer `42`, expected a string; skipped",
        "2",
        0,
    ),
    (
        "bad-companies-string.json",
        "3:67: warning: event \"c\": \"companies\": invalid type: string \"Huawei\", expected a sequence; skipped",
        "\"}",
        0,
    ),
    (
        "bad-missing-id.json",
        "4:5: warning: event #2: missing \"id\"; skipped",
        r#"{"date": "2019", "title": "No id"}"#,
        1,
    ),
    (
        "bad-missing-title.json",
        "3:5: warning: event \"untitled\": missing \"title\"; skipped",
        r#"{"id": "untitled""#,
        0,
    ),
    (
        "bad-missing-date.json",
        "3:5: warning: event \"undated\": missing \"date\" (YYYY, YYYY-MM or YYYY-MM-DD); skipped",
        "{",
        0,
    ),
    (
        "bad-empty-title.json",
        "2:40: warning: event \"e\": \"title\" is empty; skipped",
        "\"  \"",
        0,
    ),
    (
        "bad-month.json",
        "4:14: warning: event \"x\": date \"2019-13\" is not a valid month; skipped",
        "\"2019-13\"",
        0,
    ),
    (
        "bad-day.json",
        "3:25: warning: event \"y\": date \"2019-02-30\" is not a valid day (February 2019 has 28 days); skipped",
        "\"2019-02-30\"",
        0,
    ),
    (
        "bad-duplicate-id.json",
        "5:12: warning: event \"dup\": duplicate id \"dup\"; repaired (renamed \"dup-2\")",
        "\"dup\", \"date\": \"2020\"",
        3,
    ),
    (
        "bad-end-before-start.json",
        "3:51: warning: event \"span\": end_date 2020-04-30 is before date 2020-05; repaired (end dropped)",
        "\"2020-04-30\"",
        1,
    ),
    (
        "bad-lines.jsonl",
        "3:35: warning: event \"c\": date \"2019-13\" is not a valid month; skipped",
        "\"2019-13\"",
        2,
    ),
    (
        "bad-lines-syntax.jsonl",
        "3:28: warning: line 3: expected `,` or `}`; skipped",
        "\"title\"",
        1,
    ),
];

#[test]
fn bad_files_get_located_one_line_messages() {
    for (name, expected, place) in BAD {
        let message = error(name);
        assert_eq!(message, format!("{FIXTURES}/{name}:{expected}"));
        assert!(!message.contains('\n'), "{message}");
        points_at(name, &message, place);
    }
}

#[test]
fn a_problem_in_one_event_costs_that_event_alone() {
    for &(name, expected, place, kept) in SKIPPED {
        let (t, summaries) = load(&[name]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            summaries[0].warnings.len(),
            1,
            "{name}: {:?}",
            summaries[0].warnings
        );
        let warning = &summaries[0].warnings[0];
        assert_eq!(warning, &format!("{FIXTURES}/{name}:{expected}"));
        points_at(name, warning, place);
        assert_eq!(t.events.len(), kept, "{name}");
    }
}

#[test]
fn deep_nesting_is_refused_at_the_first_bracket_too_deep() {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("bad-deep-unknown.json")).unwrap();
    let line = text.lines().nth(2).unwrap();
    // Column 186 is the 129th '[' of the value of "x".
    let before: String = line.chars().take(185).collect();
    assert!(before.ends_with(&format!(r#""x": {}"#, "[".repeat(128))));
}

#[test]
fn deep_nesting_just_within_the_limit_loads() {
    // 128 levels kept in an unknown field are fine; bad-deep-unknown has 200.
    let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
    let text = format!(r#"{{"events":[{{"id":"d","date":"2019","title":"D","x":{deep}}}]}}"#);
    let t = tlx::timeline::parse("deep.json", text.as_bytes()).unwrap();
    assert_eq!(t.events[0].extra(), Some(&*format!(r#"{{"x":{deep}}}"#)));
}

#[test]
fn empty_and_blank_files() {
    let why = "empty file (expected a tlx timeline, a TimelineJS timeline or JSON Lines)";
    assert_eq!(
        error("bad-empty.json"),
        format!("{FIXTURES}/bad-empty.json: {why}")
    );
    assert_eq!(
        error("bad-whitespace.json"),
        format!("{FIXTURES}/bad-whitespace.json: {why}")
    );
}

#[test]
fn binary_and_other_encodings() {
    assert_eq!(
        error("bad-binary.png"),
        format!(
            "{FIXTURES}/bad-binary.png:1:1: not UTF-8 text (byte 0x89): binary data or another encoding"
        )
    );
    // Latin-1 "Café": the é is the 15th character of line 2.
    assert_eq!(
        error("bad-latin1.json"),
        format!(
            "{FIXTURES}/bad-latin1.json:2:15: not UTF-8 text (byte 0xE9): binary data or another encoding"
        )
    );
    let nul = tlx::timeline::parse("nul.json", b"{\"events\": []}\n  \0").unwrap_err();
    assert_eq!(
        nul.to_string(),
        "nul.json:2:3: NUL byte: binary data, not a timeline"
    );
}

#[test]
fn directories_and_missing_files() {
    let dir = load_inputs(&[Input::Path(PathBuf::from(FIXTURES))]).unwrap_err();
    assert_eq!(
        dir.to_string(),
        format!("{FIXTURES}: is a directory, not a timeline file")
    );
    assert_eq!(
        error("does-not-exist.json"),
        format!("{FIXTURES}/does-not-exist.json: no such file")
    );
}

#[test]
fn no_bad_input_panics() {
    // Every prefix of every fixture is either a timeline or a clean error.
    let dir = std::fs::read_dir(FIXTURES).unwrap();
    for entry in dir {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for end in 0..=bytes.len() {
            if let Err(e) = tlx::timeline::parse("cut.json", &bytes[..end]) {
                assert!(e.to_string().starts_with("cut.json"), "{e}");
            }
        }
    }
}

// ------------------------------------------------------------ merging

#[test]
fn aliases_name_facet_values_and_every_file_adds_its_own() {
    use tlx::search::facet_values_named;
    use tlx::timeline::parse;
    let a = r#"{"aliases": {"Egypt": ["Égypte", "Misr"], "Stellantis": ["PSA"]},
        "events": [{"id": "a", "date": "2019", "title": "a", "countries": ["Egypt"],
                    "companies": ["Stellantis"]}]}"#;
    let t = parse("a.json", a.as_bytes()).unwrap();
    let named = |t: &Timeline, f, n| -> Vec<String> {
        facet_values_named(t, f, n)
            .iter()
            .map(|&s| t.names.get(s).to_string())
            .collect()
    };
    assert_eq!(named(&t, Facet::Country, "egypte"), ["Egypt"]);
    assert_eq!(named(&t, Facet::Country, " MISR "), ["Egypt"]);
    assert_eq!(named(&t, Facet::Country, "egypt"), ["Egypt"]);
    assert_eq!(named(&t, Facet::Company, "psa"), ["Stellantis"]);
    // An alias names a value of its own facet only.
    assert!(named(&t, Facet::Company, "misr").is_empty());
    assert!(named(&t, Facet::Country, "ps").is_empty());

    // Two files: both lists apply, a pair given twice is kept once.
    let dir = tempfile::tempdir().unwrap();
    let b = r#"{"aliases": {"Egypt": ["Misr", "Égypte arabe"]},
        "events": [{"id": "b", "date": "2020", "title": "b", "countries": ["Egypt"]}]}"#;
    std::fs::write(dir.path().join("a.json"), a).unwrap();
    std::fs::write(dir.path().join("b.json"), b).unwrap();
    let (t, _) = load_inputs(&[
        Input::Path(dir.path().join("a.json")),
        Input::Path(dir.path().join("b.json")),
    ])
    .unwrap();
    let aliases: Vec<(&str, &str)> = t.aliases.iter().map(|(v, a)| (&**v, &**a)).collect();
    assert_eq!(
        aliases,
        [
            ("Egypt", "Égypte"),
            ("Egypt", "Misr"),
            ("Egypt", "Égypte arabe"),
            ("Stellantis", "PSA")
        ]
    );
}

#[test]
fn aliases_of_the_wrong_shape_are_refused_where_they_are() {
    use tlx::timeline::parse;
    for (text, expected) in [
        (
            r#"{"aliases": {"Egypt": "Misr"}, "events": []}"#,
            "t.json:1:28: invalid type: string \"Misr\", expected a sequence",
        ),
        (
            r#"{"aliases": ["Egypt"], "events": []}"#,
            "t.json:1:12: invalid type: sequence, expected a map",
        ),
        (
            r#"{"aliases": {}, "aliases": {}, "events": []}"#,
            "t.json:1:17: duplicate member \"aliases\"",
        ),
    ] {
        let err = parse("t.json", text.as_bytes()).unwrap_err().to_string();
        assert_eq!(err, expected, "{text}");
    }
}

#[test]
fn merged_files_sort_together_and_keep_the_first_title() {
    let (t, summaries) = load(&["merge-a.json", "merge-b.json"]).unwrap();
    assert_eq!(ids(&t), ["only-b", "only-a", "shared"]);
    assert_eq!(t.title, "First file");
    let counts: Vec<usize> = summaries.iter().map(|s| s.events).collect();
    assert_eq!(counts, [2, 1]);
    assert_eq!(summaries[1].origin, format!("{FIXTURES}/merge-b.json"));
}

#[test]
fn duplicate_id_across_files_names_both() {
    let (t, summaries) = load(&["merge-a.json", "merge-b.json", "merge-c.json"]).unwrap();
    let warning = &summaries[2].warnings[0];
    assert_eq!(
        warning,
        &format!(
            "{FIXTURES}/merge-c.json:3:10: warning: event \"shared\": duplicate id \"shared\" (already used in {FIXTURES}/merge-a.json); repaired (renamed \"shared-2\")"
        )
    );
    points_at("merge-c.json", warning, "\"shared\", \"date\"");
    // Both kept: the first under its id, the second renamed.
    assert_eq!(event(&t, "shared").title(), "From A");
    assert_eq!(event(&t, "shared-2").title(), "From C");
}

// ------------------------------------------------------------ real TimelineJS files

/// The TimelineJS files of the shared test data, with the entries their
/// README counts: events and eras (tlx loads eras as events of kind "era").
const SHARED: &[(&str, usize, usize)] = &[
    ("tljs3_cosmo-mixed.json", 11, 0),
    ("tljs3_eras.json", 20, 3),
    ("tljs3_all-media-types.json", 41, 0),
    ("tljs3_twain_marktwain.json", 17, 0),
    ("hundred_years_war_timeline.json", 42, 1),
];

fn shared_testdata() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/testdata is missing, and CI needs it"
    );
    eprintln!("note: ../shared/testdata is absent; skipping the shared TimelineJS files");
    None
}

#[test]
fn shared_timelinejs_files_load_with_their_counts() {
    let Some(dir) = shared_testdata() else {
        return;
    };
    for &(name, events, eras) in SHARED {
        let path = dir.join(name);
        let (t, summaries) =
            load_inputs(&[Input::Path(path)]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(summaries[0].format, Format::TimelineJs, "{name}");
        assert_eq!(t.events.len(), events + eras, "{name}");
        let era_count = t.events.iter().filter(|e| e.kind() == "era").count();
        assert_eq!(era_count, eras, "{name}");
        assert!(
            t.events.windows(2).all(|w| w[0].date <= w[1].date),
            "{name} is not sorted"
        );
    }
}

#[test]
fn shared_timelinejs_details() {
    let Some(dir) = shared_testdata() else {
        return;
    };
    let load = |name: &str| load_inputs(&[Input::Path(dir.join(name))]).unwrap().0;

    let cosmo = load("tljs3_cosmo-mixed.json");
    let first = &cosmo.events[0];
    assert_eq!(first.date.year_number(), -13_800_000_000);
    assert_eq!(first.date.precision(), Precision::Year);
    let precisions = |p| {
        cosmo
            .events
            .iter()
            .filter(|e| e.date.precision() == p)
            .count()
    };
    assert_eq!(
        (
            precisions(Precision::Year),
            precisions(Precision::Month),
            precisions(Precision::Day)
        ),
        (8, 1, 2)
    );
    assert!(cosmo.events.iter().any(|e| e.title() == "Euclid's Optica"));

    let eras = load("tljs3_eras.json");
    let ranged = eras
        .events
        .iter()
        .filter(|e| e.kind() != "era" && e.end_date.is_some())
        .count();
    assert_eq!(ranged, 5);
    assert!(
        eras.events
            .iter()
            .any(|e| e.date_label() == "622-08-09 → 622-08-23")
    );
    let same_day = eras
        .events
        .iter()
        .filter(|e| e.date.to_string() == "0632-06-08")
        .count();
    assert_eq!(same_day, 2);

    let media = load("tljs3_all-media-types.json");
    let grouped = media
        .events
        .iter()
        .filter(|e| !e.facet(Facet::Topic).is_empty())
        .count();
    assert_eq!(grouped, 28);
    assert!(media.find("wikipedia-image-error").is_some());

    let war = load("hundred_years_war_timeline.json");
    let spans = war
        .events
        .iter()
        .filter(|e| e.kind() != "era" && e.end_date.is_some())
        .count();
    assert_eq!(spans, 23);
    let groups: std::collections::BTreeSet<&str> = war
        .events
        .iter()
        .flat_map(|e| war.facet_names(e, Facet::Topic))
        .collect();
    assert_eq!(groups.len(), 6);
}

#[test]
fn timelinejs_text_is_shown_as_timelinejs_shows_it() {
    let doc = r#"{
      "title": {"text": {"headline": "Wars&nbsp;<br>of <i>Europe</i>", "text": "<p>Intro</p>"}},
      "events": [
        {"start_date": {"year": "1914", "display_date": "<i>c.</i> 1914<br/>&ndash; 1918"},
         "text": {"headline": "Great War &rsaquo; Western<BR>Front",
                  "text": "Trenches<br>and mud &euro; <script>alert(1)</script>&aacute;&ntilde;<style>b{}</style>"},
         "group": "<b>War</b>"},
        {"start_date": {"year": "1939"}, "display_date": "<b>1939</b>",
         "text": {"headline": ""}, "group": "<b>War</b>"}
      ]
    }"#;
    let t = tlx::timeline::parse("t.json", doc.as_bytes()).unwrap();
    assert_eq!(t.title, "Wars of Europe");
    assert_eq!(t.description, "Intro");
    // The made-up id holds words, no entity text.
    assert_eq!(ids(&t), ["1914-great-war-western-front", "1939-1939"]);
    let war = event(&t, "1914-great-war-western-front");
    assert_eq!(war.title(), "Great War \u{203A} Western Front");
    assert_eq!(war.summary(), "Trenches\nand mud \u{20AC} \u{E1}\u{F1}");
    assert_eq!(war.display_date(), Some("c. 1914 \u{2013} 1918"));
    assert_eq!(names(&t, war, Facet::Topic), ["War"]);
    // An empty headline falls back to the display date, markup stripped.
    let next = event(&t, "1939-1939");
    assert_eq!(next.title(), "1939");
    assert_eq!(next.display_date(), Some("1939"));
    assert_eq!(names(&t, next, Facet::Topic), ["War"]);
}
