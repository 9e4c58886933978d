//! The whole loader's messages: what is refused, and the line and
//! column it is reported at.

use super::Builder;
use crate::timeline::{Facet, parse};

fn error(text: &str) -> String {
    match parse("t.json", text.as_bytes()) {
        Ok(_) => panic!("{text} loaded"),
        Err(e) => e.to_string(),
    }
}

/// The one warning reading `text` gives: a problem confined to one event,
/// which is skipped or repaired while the rest loads.
fn warning(text: &str) -> String {
    let mut builder = Builder::default();
    let summary = builder
        .add("t.json", text.as_bytes())
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    summary.warnings[0].clone()
}

#[test]
fn facet_names_are_strings_and_null_means_none() {
    assert_eq!(
        warning(r#"{"events":[{"id":"a","date":"2020","title":"t","topics":["x",null]}]}"#),
        "t.json:1:65: warning: event \"a\": \"topics\": invalid type: null, expected a string; skipped"
    );
    let t = parse(
        "t.json",
        br#"{"events":[{"id":"a","date":"2020","title":"t","topics":null,"companies":["\u00e9",""]}]}"#,
    )
    .unwrap();
    let names: Vec<&str> = t.facet_names(&t.events[0], Facet::Company).collect();
    assert_eq!(names, ["é", ""]);
    assert!(t.events[0].facet(Facet::Topic).is_empty());
}

#[test]
fn a_field_of_the_wrong_type_is_reported_on_its_own_line() {
    // Not at the event's closing brace, three lines further.
    let text = "{\"events\": [{\n\"id\": \"a\",\n\"title\": true,\n\"date\": \"2019\"\n\n}]}";
    assert_eq!(
        warning(text),
        "t.json:3:13: warning: event \"a\": \"title\": invalid type: boolean `true`, expected a string; skipped"
    );
}

#[test]
fn checks_made_after_reading_point_at_the_culprit() {
    let text = "[\n {\"id\": \"a\", \"date\": \"2019\", \"title\": \"A\"},\n {\"id\": \"b\",\n  \"date\": \"2019\",\n  \"end_date\": \"2018\", \"title\": \"B\"}]";
    assert_eq!(
        warning(text),
        "t.json:5:15: warning: event \"b\": end_date 2018 is before date 2019; repaired (end dropped)"
    );
    let text = "{\"events\": [{\"id\": \"a\", \"date\": \"2019\", \"title\": \"A\"},\n  {\"title\": \"B\", \"id\": \"a\", \"date\": \"2019\"}]}";
    assert_eq!(
        warning(text),
        "t.json:2:24: warning: event \"a\": duplicate id \"a\"; repaired (renamed \"a-2\")"
    );
    let text = "{\"events\": [{\"start_date\": {\"year\": \"2019\", \"month\": \"13\"}}]}";
    assert_eq!(
        warning(text),
        "t.json:1:28: warning: event #1: start_date month 13 rolled over to 2020-01; repaired"
    );
}

#[test]
fn escaped_keys_and_dates_are_read() {
    let text = r#"[{"\u0069d": "a", "date": "\u0032019-05", "t\u0069tle": "A", "x\"y": 1}]"#;
    let t = parse("t.json", text.as_bytes()).unwrap();
    assert_eq!(t.events[0].id(), "a");
    assert_eq!(t.events[0].date.to_string(), "2019-05");
    assert_eq!(t.events[0].extra(), Some(r#"{"x\"y":1}"#));
    // Without a borrowed key the position is the value's own.
    let text = r#"[{"id": "a", "d\u0061te": "2019-13", "title": "A"}]"#;
    assert_eq!(
        warning(text),
        "t.json:1:27: warning: event \"a\": date \"2019-13\" is not a valid month; skipped"
    );
}

#[test]
fn non_object_text_and_start_date_are_unknown_members() {
    // Before the fix, a string "text" ahead of "title" failed to load.
    let text = r#"[{"id":"a","text":"hello","start_date":"2019-01","date":"2019","title":"A"}]"#;
    let t = parse("t.json", text.as_bytes()).unwrap();
    assert_eq!(
        t.events[0].extra(),
        Some(r#"{"text":"hello","start_date":"2019-01"}"#)
    );
    assert_eq!(t.events[0].date.to_string(), "2019");
    let text = "{\"events\": [\n {\"start_date\": {\"year\": []}}]}";
    assert_eq!(
        warning(text),
        "t.json:2:17: warning: event #1: \"start_date\": invalid type: sequence, expected a number or a string of digits; skipped"
    );
    // A number is read as its text, as TimelineJS shows it; a list is not.
    let text = r#"{"events": [{"start_date": {"year": "1999"}, "text": {"headline": 3}}]}"#;
    assert_eq!(
        parse("t.json", text.as_bytes()).unwrap().events[0].title(),
        "3"
    );
    let text = r#"{"events": [{"start_date": {"year": "1999"}, "text": {"headline": [3]}}]}"#;
    assert_eq!(
        warning(text),
        "t.json:1:54: warning: event #1: \"text\": invalid type: sequence, expected a string or a number; skipped"
    );
}

#[test]
fn a_member_tlx_reads_may_appear_once() {
    // Before the fix, the second date silently won.
    let text = "[{\"id\": \"a\", \"date\": \"2020\", \"title\": \"A\",\n  \"date\": \"2021\"}]";
    assert_eq!(
        warning(text),
        "t.json:2:3: warning: event \"a\": duplicate member \"date\"; skipped"
    );
    let text = "{\"title\": \"x\", \"events\": [], \"events\": []}";
    assert_eq!(error(text), "t.json:1:30: duplicate member \"events\"");
    let text =
        r#"[{"id": "a", "date": "2020", "title": "A", "sources": [{"url": "u", "url": "v"}]}]"#;
    assert!(
        warning(text).contains("event \"a\": \"sources\": source: duplicate member \"url\""),
        "{}",
        warning(text)
    );
    // Unknown members are kept as written, repeats included.
    let text = r#"[{"id": "a", "date": "2020", "title": "A", "x": 1, "x": 2}]"#;
    let t = parse("t.json", text.as_bytes()).unwrap();
    assert_eq!(t.events[0].extra(), Some(r#"{"x":1,"x":2}"#));
}

#[test]
fn end_of_file_is_said_once() {
    assert_eq!(
        error("{\"events\": [{\"id\": \"a\", \"title\": \"A"),
        "t.json:1:35: event \"a\": \"title\": unexpected end of file while parsing a string"
    );
}

#[test]
fn media_is_read_as_a_field_and_what_it_does_not_know_is_kept() {
    let t = parse(
        "t.json",
        br#"{"events":[
        {"id":"a","date":"2020","title":"t","media":{"url":"u","caption":null,"credit":"c","x":[1]}},
        {"id":"b","date":"2020","title":"t","media":"u.jpg"},
        {"id":"c","date":"2020","title":"t","media":null}]}"#,
    )
    .unwrap();
    let a = t.find("a").unwrap();
    let media = a.media().expect("media");
    assert_eq!((media.url(), media.credit()), (Some("u"), Some("c")));
    // A known member that is not a string is kept as written.
    assert_eq!(media.caption(), None);
    assert_eq!(media.extra.as_deref(), Some(r#"{"caption":null,"x":[1]}"#));
    assert_eq!(a.extra(), None);
    // Not an object: an unknown member, as `text` and `start_date` are.
    let b = t.find("b").unwrap();
    assert_eq!(
        (b.media().is_none(), b.extra()),
        (true, Some(r#"{"media":"u.jpg"}"#))
    );
    let c = t.find("c").unwrap();
    assert_eq!(
        (c.media().is_none(), c.extra()),
        (true, Some(r#"{"media":null}"#))
    );
    assert_eq!(
        warning(
            r#"{"events":[{"id":"a","date":"2020","title":"t","media":{"url":"u","url":"v"}}]}"#
        ),
        "t.json:1:56: warning: event \"a\": \"media\": duplicate member \"url\"; skipped"
    );
}

#[test]
fn a_slide_without_a_headline_is_titled_by_its_caption_then_its_date_label() {
    let slide = |extra: &str| {
        let text = format!(r#"{{"events":[{{"start_date":{{"year":"2001"}}{extra}}}]}}"#);
        parse("t.json", text.as_bytes()).unwrap().events[0]
            .title()
            .to_string()
    };
    let media = r#","media":{"url":"u","caption":"<b>A</b> &amp; <i>B</i>"}"#;
    assert_eq!(slide(media), "A & B");
    assert_eq!(slide(&format!(r#"{media},"text":{{"headline":"H"}}"#)), "H");
    let blank = r#","media":{"caption":" <br> "},"display_date":"Then""#;
    assert_eq!(slide(blank), "Then");
    assert_eq!(slide(r#","media":{"url":"u"}"#), "(untitled)");
}

#[test]
fn the_title_slide_keeps_its_media_and_its_other_members() {
    let t = parse(
        "t.json",
        br##"{"title":{"text":{"headline":"T","text":"D"},"media":{"url":"m","credit":"c"},
             "background":{"color":"#333"},"type":"title"},
             "events":[{"start_date":{"year":"2001"},"text":{"headline":"h"}}]}"##,
    )
    .unwrap();
    assert_eq!((t.title.as_str(), t.description.as_str()), ("T", "D"));
    let media = t.title_media.as_deref().expect("media");
    assert_eq!((media.url(), media.credit()), (Some("m"), Some("c")));
    assert_eq!(
        t.title_extra.as_deref(),
        Some(r##"{"background":{"color":"#333"},"type":"title"}"##)
    );
}

#[test]
fn a_trailing_comma_is_called_so_wherever_it_is() {
    // serde_json says "key must be a string" for one inside a nested
    // object or a value read whole.
    for (text, at) in [
        (
            r#"{"events":[{"id":"a","date":"2020","title":"A","x":{"a":1,}}]}"#,
            "1:59",
        ),
        (
            r#"{"events":[{"id":"a","date":"2020","title":"A",}]}"#,
            "1:48",
        ),
        (
            "{\"events\":[{\"id\":\"a\",\"date\":\"2020\",\n \"title\":\"A\",\n}]}",
            "3:1",
        ),
    ] {
        assert_eq!(
            error(text),
            format!("t.json:{at}: trailing comma"),
            "{text}"
        );
    }
    // A key that is not a string stays what it is.
    assert!(error(r#"{"events":[{1:2}]}"#).ends_with("key must be a string"));
}

#[test]
fn timelinejs_drops_a_redundant_end_and_warns_of_an_era_without_one() {
    let text = r#"{"events":[{"start_date":{"year":"2011","month":"5","day":"5"},"end_date":{"year":"2011","month":"5","day":"5"},"text":{"headline":"same"}}],
                   "eras":[{"start_date":{"year":"2010"},"text":{"headline":"Founding"}}]}"#;
    let mut builder = Builder::default();
    let summary = builder.add("t.json", text.as_bytes()).unwrap();
    let t = builder.finish();
    let same = t.events.iter().find(|e| e.title() == "same").unwrap();
    assert_eq!(same.end_date, None);
    assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    assert!(
        summary.warnings[0]
            .contains("no end_date (TimelineJS refuses such an era); kept as an event of kind era"),
        "{:?}",
        summary.warnings
    );
}

/// A native document of `n` events about 350 bytes each: every 50th
/// without an id (skipped, with a warning), every 700th repeating an id
/// (renamed `dup-2`, `dup-3`…, with a warning).
fn large(n: usize) -> String {
    let pad = "x".repeat(300);
    let events: Vec<String> = (0..n)
        .map(|i| {
            let date = format!("20{:02}-0{}-01", i % 30, 1 + i % 9);
            match (i % 50, i % 700) {
                (0, _) => format!(r#"{{"date":"{date}","title":"Same title","summary":"{pad}"}}"#),
                (_, 1) => {
                    format!(r#"{{"id":"dup","date":"{date}","title":"Dup {i}","summary":"{pad}"}}"#)
                }
                _ => format!(
                    r#"{{"id":"e{i}","date":"{date}","title":"Event {i}","summary":"{pad}"}}"#
                ),
            }
        })
        .collect();
    format!(
        "{{\"title\":\"Large\",\"events\":[\n{}\n]}}",
        events.join(",\n")
    )
}

#[test]
fn a_large_file_s_prefix_is_its_first_events_named_as_in_the_whole() {
    use super::{Input, LoadOptions, PREFIX_FROM, load_inputs, load_prefix};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.json");
    let text = large(30_000);
    assert!(text.len() as u64 >= PREFIX_FROM);
    // With a byte-order mark, which shifts nothing.
    std::fs::write(&path, [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat()).unwrap();
    let inputs = [Input::Path(path.clone())];
    let prefix = load_prefix(&inputs, &LoadOptions::default()).expect("a prefix");
    let (whole, summaries) = load_inputs(&inputs).unwrap();
    let part = &prefix.timeline;
    assert!(part.events.len() > 1000 && part.events.len() < whole.events.len() / 2);
    assert_eq!(part.title, "Large");
    let estimate = prefix.estimate() as f64 / whole.events.len() as f64;
    assert!((0.9..1.1).contains(&estimate), "{estimate}");
    // Every event of the prefix is in the whole under the same id, renamed
    // ids included.
    let renamed = part.events.iter().filter(|e| e.id().starts_with("dup-"));
    assert!(renamed.count() > 2);
    for e in &part.events {
        let found = whole.find(e.id()).unwrap_or_else(|| panic!("{}", e.id()));
        assert_eq!((found.title(), found.date), (e.title(), e.date));
    }
    // Its warnings (the ids missing or repeated) are the whole's first
    // ones, placed alike.
    let said = &prefix.summaries[0].warnings;
    assert!(!said.is_empty());
    assert_eq!(said[..], summaries[0].warnings[..said.len()]);
}

#[test]
fn a_small_file_a_table_or_several_files_have_no_prefix() {
    use super::{Input, LoadOptions, load_prefix};
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.json");
    std::fs::write(&small, large(100)).unwrap();
    let none = |inputs: &[Input]| load_prefix(inputs, &LoadOptions::default()).is_none();
    assert!(none(&[Input::Path(small.clone())]));
    let big = dir.path().join("big.json");
    std::fs::write(&big, large(30_000)).unwrap();
    assert!(none(&[Input::Path(big.clone()), Input::Path(small)]));
    assert!(none(&[Input::Embedded]));
    // TimelineJS slides, a large CSV table: read whole.
    let slide = r#"{"start_date":{"year":"2001"},"text":{"headline":"h"}}"#;
    let slides = format!(r#"{{"events":[{}]}}"#, vec![slide; 200_000].join(","));
    let tljs = dir.path().join("tljs.json");
    std::fs::write(&tljs, slides).unwrap();
    assert!(none(&[Input::Path(tljs)]));
    let csv = dir.path().join("t.csv");
    std::fs::write(
        &csv,
        "date,title\n".to_owned() + &"2001,t\n".repeat(1_300_000),
    )
    .unwrap();
    assert!(none(&[Input::Path(csv)]));
    assert!(!none(&[Input::Path(big)]));
}
