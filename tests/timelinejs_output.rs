//! `--format timelinejs` and `--format timelinejs-csv`: the JSON has
//! TimelineJS3's shape and loads back into the same events, a TimelineJS
//! file comes back with every member, and the CSV is the Sheets template.

mod support {
    pub mod compare;
}

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::compare::remap;
use tlx::output::{OutputFormat, OutputOptions, write_events};
use tlx::timeline::{Input, Timeline, load_inputs, parse};

const FIXTURE: &str = "tests/fixtures/tljs-writer.json";

fn load(path: &Path) -> Timeline {
    load_inputs(&[Input::Path(path.to_path_buf())])
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn render(timeline: &Timeline, format: &str) -> String {
    let all: Vec<usize> = (0..timeline.events.len()).collect();
    let format: OutputFormat = format.parse().unwrap();
    let mut out = Vec::new();
    write_events(&mut out, timeline, &all, &format, &OutputOptions::default()).unwrap();
    String::from_utf8(out).unwrap()
}

/// Every event of `original` is in `again`, equal in every field (the
/// order among events of the same date may differ: eras are written apart).
fn assert_same_events(original: &Timeline, again: &Timeline, what: &str) {
    assert_eq!(original.events.len(), again.events.len(), "{what}");
    for event in &original.events {
        let back = again
            .find(event.id())
            .unwrap_or_else(|| panic!("{what}: {} lost", event.id()));
        assert_eq!(event, &remap(again, original, back), "{what}");
    }
}

/// The members TimelineJS3 needs: `events[]` each with `start_date.year`
/// and a `text` object (its `headline`, when given, a string: TimelineJS
/// fills in a missing one); eras with both dates; a title slide with `text`.
fn assert_tljs_shape(doc: &Value, what: &str) {
    let events = doc["events"].as_array().expect("events array");
    for slide in events
        .iter()
        .chain(doc["eras"].as_array().into_iter().flatten())
    {
        assert!(slide["start_date"]["year"].is_string(), "{what}: {slide}");
        assert!(slide["text"].is_object(), "{what}: {slide}");
        let headline = &slide["text"]["headline"];
        assert!(
            headline.is_null() || headline.is_string(),
            "{what}: {slide}"
        );
        for key in ["start_date", "end_date"] {
            if let Some(date) = slide.get(key) {
                for part in ["year", "month", "day"] {
                    if let Some(v) = date.get(part) {
                        let s = v.as_str().unwrap();
                        assert!(s.parse::<i64>().is_ok(), "{what}: {key}.{part} {s:?}");
                    }
                }
            }
        }
        assert!(slide["unique_id"].is_string(), "{what}: {slide}");
    }
    for era in doc["eras"].as_array().into_iter().flatten() {
        assert!(era["end_date"]["year"].is_string(), "{what}: {era}");
    }
    if let Some(title) = doc.get("title") {
        assert!(title["text"]["headline"].is_string(), "{what}");
    }
}

fn through_timelinejs(original: &Timeline, what: &str) -> Timeline {
    let json = render(original, "timelinejs");
    serde_json::from_str::<serde::de::IgnoredAny>(&json)
        .unwrap_or_else(|e| panic!("{what}: invalid JSON: {e}\n{json}"));
    let again = parse("out.json", json.as_bytes())
        .unwrap_or_else(|e| panic!("{what}: timelinejs does not load: {e}"));
    assert_same_events(original, &again, what);
    assert_eq!(original.title, again.title, "{what}");
    assert_eq!(original.description, again.description, "{what}");
    assert_eq!(original.extra, again.extra, "{what}");
    assert_eq!(original.aliases, again.aliases, "{what}");
    // A second pass changes nothing.
    assert_eq!(render(&again, "timelinejs"), json, "{what}");
    again
}

#[test]
fn native_fields_survive_a_trip_through_timelinejs() {
    for name in [
        "native-full.json",
        "timelinejs.json",
        "events.jsonl",
        "strip-classical.json",
        "strip-cosmic.json",
        "tljs-writer.json",
    ] {
        let t = load(&Path::new("tests/fixtures").join(name));
        through_timelinejs(&t, name);
    }
    let embedded = load_inputs(&[Input::Embedded]).unwrap().0;
    through_timelinejs(&embedded, "embedded");
}

#[test]
fn shared_timelinejs_examples_survive_a_trip() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata");
    if !dir.is_dir() {
        eprintln!("note: ../shared/testdata is absent; skipping");
        return;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let t = load(&path);
            let json = render(&t, "timelinejs");
            let doc: Value = serde_json::from_str(&json).unwrap();
            assert_tljs_shape(&doc, &path.display().to_string());
            through_timelinejs(&t, &path.display().to_string());
        }
    }
}

#[test]
fn the_output_has_timelinejs_shape() {
    let t = load(Path::new(FIXTURE));
    let doc: Value = serde_json::from_str(&render(&t, "timelinejs")).unwrap();
    assert_tljs_shape(&doc, FIXTURE);
    assert_eq!(doc["events"].as_array().unwrap().len(), 3);
    assert_eq!(doc["eras"].as_array().unwrap().len(), 1);
    let road = &doc["events"][0];
    assert_eq!(road["start_date"], serde_json::json!({"year": "-300"}));
    let bridge = &doc["events"][1];
    assert_eq!(
        bridge["start_date"],
        serde_json::json!({"year": "1850", "month": "4", "day": "12"})
    );
    assert_eq!(bridge["group"], "bridges");
}

/// Every member of every slide of the fixture, and its title slide and
/// top-level members, come back from tlx as they were written.
#[test]
fn a_timelinejs_file_comes_back_with_every_member() {
    let original: Value = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    let t = load(Path::new(FIXTURE));
    let written: Value = serde_json::from_str(&render(&t, "timelinejs")).unwrap();
    assert_eq!(written["title"], original["title"]);
    assert_eq!(written["scale"], original["scale"]);
    for list in ["events", "eras"] {
        let mine = written[list].as_array().unwrap();
        let theirs = original[list].as_array().unwrap();
        assert_eq!(mine.len(), theirs.len(), "{list}");
        for slide in theirs {
            let id = &slide["unique_id"];
            let back = mine
                .iter()
                .find(|s| &s["unique_id"] == id)
                .unwrap_or_else(|| panic!("{id} lost"));
            // Nothing is added (an era's kind is implied by its list) and
            // nothing is lost; a line break written `\n<br>` comes back so.
            assert_eq!(back, slide, "{list}: {id}");
        }
    }
}

#[test]
fn html_special_characters_are_escaped_and_come_back() {
    let doc = r#"{"title": "<&", "description": "a < b & c", "events": [
        {"id": "x", "date": "2020", "title": "<&", "summary": "<b>not bold</b> & more\nnext"}]}"#;
    let t = parse("in.json", doc.as_bytes()).unwrap();
    let json = render(&t, "timelinejs");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["events"][0]["text"]["headline"], "&lt;&amp;");
    assert_eq!(
        v["events"][0]["text"]["text"],
        "&lt;b&gt;not bold&lt;/b&gt; &amp; more\n<br>next"
    );
    assert_eq!(v["title"]["text"]["headline"], "&lt;&amp;");
    let again = through_timelinejs(&t, "special characters");
    let x = again.find("x").unwrap();
    assert_eq!(x.title(), "<&");
    assert_eq!(x.summary(), "<b>not bold</b> & more\nnext");
}

/// A small RFC 4180 reader for the test: records of fields.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "unterminated"
    );
    records
}

#[test]
fn csv_is_the_sheets_template() {
    let t = load(Path::new(FIXTURE));
    let csv = render(&t, "timelinejs-csv");
    let rows = read_csv(&csv);
    assert_eq!(
        rows[0].join(","),
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,\
         Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background"
    );
    assert!(rows.iter().all(|r| r.len() == 18), "{rows:?}");
    // A title row, then one row an event (the era among them).
    assert_eq!(rows.len(), 2 + t.events.len());
    assert_eq!(rows[1][9], "Rivers &amp; roads");
    assert_eq!(rows[1][15], "title");
    let row = |headline: &str| {
        rows.iter()
            .find(|r| r[9] == headline)
            .unwrap_or_else(|| panic!("{headline} missing"))
    };
    let road = row("A road is built");
    assert_eq!(
        &road[..9],
        ["-300", "", "", "", "-250", "", "", "", "3rd century BCE"]
    );
    assert_eq!(road[10], "Stones &lt; gravel &amp; sand.");
    assert_eq!(road[11], "https://example.org/road.jpg");
    assert_eq!(road[12], "Someone, \"quoted\"");
    assert_eq!(road[13], "A road, seen\nfrom above");
    assert_eq!(road[14], "https://example.org/t.jpg");
    assert_eq!(road[16], "roads");
    assert_eq!(road[17], "#123456");
    assert!(csv.contains(",\"Someone, \"\"quoted\"\"\",\"A road, seen\nfrom above\","));
    let bridge = row("A bridge opens");
    assert_eq!(&bridge[..3], ["1850", "4", "12"]);
    assert_eq!(bridge[16], "bridges");
    let era = row("The nineteenth century");
    assert_eq!(era[15], "era");
    assert_eq!(&era[4..7], ["1899", "12", "31"]);
    assert_eq!(row("Floods")[17], "https://example.org/flood.jpg");
}

#[test]
fn the_binary_writes_timelinejs() {
    let out = Command::new(env!("CARGO_BIN_EXE_tlx"))
        .args(["-f", "", "--format", "timelinejs", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_tljs_shape(&doc, "binary");
    assert_eq!(doc["events"].as_array().unwrap().len(), 3);

    let out = Command::new(env!("CARGO_BIN_EXE_tlx"))
        .args(["-f", "", "--format", "timelinejs-csv", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.starts_with(b"Year,Month,Day,Time,End Year,"));
}

#[test]
fn an_era_without_an_end_stays_an_event_of_kind_era() {
    let doc = r#"{"title": "T", "events": [
        {"id": "open", "date": "1900", "title": "Open era", "kind": "era"},
        {"id": "closed", "date": "1900", "end_date": "1950", "title": "Closed era", "kind": "era"}]}"#;
    let t = parse("in.json", doc.as_bytes()).unwrap();
    let v: Value = serde_json::from_str(&render(&t, "timelinejs")).unwrap();
    assert_eq!(v["events"][0]["unique_id"], "open");
    assert_eq!(v["events"][0]["kind"], "era");
    assert_eq!(v["eras"][0]["unique_id"], "closed");
    assert!(v["eras"][0].get("kind").is_none());
    through_timelinejs(&t, "eras");
}

#[test]
fn print0_ends_csv_records_with_nul_and_leaves_the_json_alone() {
    let t = load(Path::new(FIXTURE));
    let all: Vec<usize> = (0..t.events.len()).collect();
    let nul = OutputOptions {
        print0: true,
        ..OutputOptions::default()
    };
    let mut out = Vec::new();
    let csv: OutputFormat = "timelinejs-csv".parse().unwrap();
    write_events(&mut out, &t, &all, &csv, &nul).unwrap();
    // Header, title row, four events; the newline inside a caption stays.
    assert_eq!(out.iter().filter(|&&b| b == 0).count(), 6);
    let mut out = Vec::new();
    let json: OutputFormat = "timelinejs".parse().unwrap();
    write_events(&mut out, &t, &all, &json, &nul).unwrap();
    assert!(!out.contains(&0));
}

#[test]
fn a_slide_without_a_headline_goes_back_without_one() {
    // Before the fix: tlx's "(untitled)" (or the caption) came back as the
    // slide's headline, data the file never held.
    let text = r#"{"events":[{"start_date":{"year":"2001"},"text":{"text":"body"}},
                  {"start_date":{"year":"2002"},"media":{"url":"m.jpg","caption":"A caption"}},
                  {"start_date":{"year":"2003"},"text":{"headline":"Kept"}}]}"#;
    let t = tlx::timeline::parse("t.json", text.as_bytes()).unwrap();
    let titles: Vec<&str> = t.events.iter().map(|e| e.title()).collect();
    assert_eq!(titles, ["(untitled)", "A caption", "Kept"]);
    let doc: Value = serde_json::from_str(&render(&t, "timelinejs")).unwrap();
    let headlines: Vec<Option<&str>> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"]["headline"].as_str())
        .collect();
    assert_eq!(headlines, [None, None, Some("Kept")]);
    let csv = render(&t, "timelinejs-csv");
    assert!(csv.contains("2001,,,,,,,,,,body,"), "{csv}");
}
