//! What a slide holds beside its text, through the binary: media in
//! templates, JSON Lines and TimelineJS written back, the media-only slide
//! titled by its caption, the timeline's title in `--check`, and the file
//! each event came from.

mod support {
    pub mod run;
}

use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_tlx");
const TLJS: &str = "tests/fixtures/tljs-media.json";
const NATIVE: &str = "tests/fixtures/native-media.json";

fn tlx(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("tlx runs")
}

/// Standard output of a run that must succeed.
fn stdout(args: &[&str]) -> String {
    let o = tlx(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

#[test]
fn templates_fill_in_the_media() {
    let out = stdout(&[
        "-f",
        "",
        "--format",
        "{id}|{media}|{media_caption}|{media_credit}|{media_thumbnail}|{url}",
        TLJS,
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "north|https://example.org/north.jpg|North light, seen from the sea|K. Keeper\
             |https://example.org/north-t.jpg|https://example.org/north.jpg",
            "south|https://example.org/south.jpg|South light & its keeper's house|||https://example.org/south.jpg",
            // A caption given as null is no caption.
            "storm|https://example.org/storm.mp4||||https://example.org/storm.mp4",
        ]
    );
    // `{url}` above is the media's when there is no source (it printed
    // empty lines for TimelineJS files). A native file's media, the same.
    let urls = stdout(&["-f", "", "--format", "{media} {media_caption}", NATIVE]);
    assert_eq!(urls, "https://example.org/pier.jpg The pier\n \n");
}

#[test]
fn a_dated_slide_with_media_and_no_headline_is_titled_by_its_caption() {
    let out = stdout(&["-f", "", "--format", "{id} {title}", TLJS]);
    assert!(
        out.contains("south South light & its keeper's house\n"),
        "{out}"
    );
    assert!(!out.contains("(untitled)"), "{out}");
}

#[test]
fn json_lines_keep_the_media_and_read_it_back() {
    for file in [TLJS, NATIVE] {
        let jsonl = stdout(&["-f", "", "--format", "jsonl", file]);
        let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        let original: Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        assert_eq!(first["media"], original["events"][0]["media"], "{file}");
        // Read back, written again: the same lines.
        let again = support::run::tlx_with_stdin(&["-f", "", "--format", "jsonl", "-"], &jsonl);
        assert!(again.status.success(), "{file}");
        assert_eq!(String::from_utf8(again.stdout).unwrap(), jsonl, "{file}");
    }
}

#[test]
fn a_trip_through_tlx_keeps_every_media_member() {
    let original: Value = serde_json::from_str(&std::fs::read_to_string(TLJS).unwrap()).unwrap();
    let written: Value =
        serde_json::from_str(&stdout(&["-f", "", "--format", "timelinejs", TLJS])).unwrap();
    // The title slide: its media, background and type, as written.
    for key in ["media", "background", "type"] {
        assert_eq!(written["title"][key], original["title"][key], "title {key}");
    }
    let slides = written["events"].as_array().unwrap();
    for slide in original["events"].as_array().unwrap() {
        let Some(back) = slides.iter().find(|s| s["unique_id"] == slide["unique_id"]) else {
            // The undated slide is skipped, with a warning.
            assert!(slide.get("start_date").is_none(), "{slide}");
            continue;
        };
        for (key, value) in slide.as_object().unwrap() {
            if key != "text" {
                assert_eq!(&back[key], value, "{}: {key}", slide["unique_id"]);
            }
        }
    }
    // The native format's media goes to TimelineJS as it is.
    let native: Value =
        serde_json::from_str(&stdout(&["-f", "", "--format", "timelinejs", NATIVE])).unwrap();
    assert_eq!(native["events"][0]["media"]["credit"], "Town archive");
    assert_eq!(native["events"][0]["mood"], "festive");
}

#[test]
fn the_sheets_csv_has_the_media_columns() {
    let csv = stdout(&["-f", "", "--format", "timelinejs-csv", TLJS]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains(",Media,Media Credit,Media Caption,Media Thumbnail,"));
    // The title row (its Text cell spans lines), with the title slide's
    // media and background.
    assert!(lines[1].starts_with(",,,,,,,,,Harbour lights,\"Lighthouses"));
    assert!(
        csv.contains(
            "Second paragraph.\",https://example.org/cover.jpg,A. Painter,\
             The <b>coast</b> at dusk,,title,,#223344\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            "https://example.org/north.jpg,\"<a href=\"\"https://example.org/k\"\">K. Keeper</a>\",\
             \"North light, <i>seen from the sea</i>\",https://example.org/north-t.jpg"
        ),
        "{csv}"
    );
}

#[test]
fn check_prints_the_timeline_title_and_its_description() {
    let out = stdout(&["--check", TLJS]);
    assert!(out.contains("\ntitle: Harbour lights\n"), "{out}");
    assert!(
        out.contains("\ndescription: Lighthouses of a made-up coast. (… "),
        "{out}"
    );
    let native = stdout(&["--check", NATIVE]);
    assert!(native.contains("\ntitle: Native media\n"), "{native}");
    assert!(
        native.contains("\ndescription: A tlx file whose events carry media.\n"),
        "{native}"
    );
}

#[test]
fn file_names_the_file_each_event_came_from() {
    let out = stdout(&["-f", "", "--format", "{file} {id}", TLJS, NATIVE]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{TLJS} north"),
            format!("{TLJS} south"),
            format!("{NATIVE} pier"),
            format!("{TLJS} storm"),
            format!("{NATIVE} plain"),
        ]
    );
    let piped = std::fs::read_to_string(NATIVE).unwrap();
    let o = support::run::tlx_with_stdin(&["-f", "", "--format", "{file}", "-"], &piped);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "-\n-\n");
    let embedded = stdout(&["-f", "", "--format", "{file}"]);
    assert!(embedded.lines().all(|l| l == "<embedded>"), "{embedded}");
}

#[test]
fn a_title_slide_text_that_is_no_object_is_kept_and_written_once() {
    let doc =
        r#"{"title":{"text":null,"media":"m.jpg"},"events":[{"start_date":{"year":"2001"}}]}"#;
    let o = support::run::tlx_with_stdin(&["-f", "", "--format", "timelinejs", "-"], doc);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let title_line = out.lines().find(|l| l.contains("\"title\"")).unwrap();
    assert_eq!(title_line, r#"  "title": {"text":null,"media":"m.jpg"},"#);
    // It loads again: no member is written twice.
    let again = support::run::tlx_with_stdin(&["--check", "-"], &out);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
