//! The readers beyond tlx's JSON, through the binary: the TimelineJS
//! Google Sheets template as CSV, legacy TimelineJS2 JSON, any CSV table
//! through `--columns` or a mapping guessed from its header, and the
//! error for a CSV that is none of them.

mod support {
    pub mod run;
}

use std::path::Path;

use support::run::tlx;

use serde_json::Value;
use tlx::timeline::{Event, Facet, Input, Timeline, load_inputs};

const SHEET: &str = "tests/fixtures/sheet.csv";
const TL2: &str = "tests/fixtures/timelinejs2.json";
const MAPPED: &str = "tests/fixtures/table-mapped.csv";
const GUESSED: &str = "tests/fixtures/table-guessed.csv";
const NEITHER: &str = "tests/fixtures/not-a-timeline.csv";
const MAPPING: &str = "id=pact,year=start_y,month=start_m,day=start_d,end_year=end_y,\
                       end_month=end_m,end_day=end_d,title=side_a+side_b,country=side_a,\
                       country=side_b,kind=kind_col";
const LINE: &str = "{id}\t{date}\t{end_date}\t{title}\t{topics}";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn lines(bytes: &[u8]) -> Vec<String> {
    text(bytes).lines().map(String::from).collect()
}

/// The JSON document tlx writes for a file, and its stderr.
fn as_json(args: &[&str]) -> (Value, String) {
    let mut all = vec!["-f", "", "--format", "json"];
    all.extend_from_slice(args);
    let out = tlx(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = serde_json::from_slice(&out.stdout).expect("JSON");
    (doc, text(&out.stderr))
}

const SHEET_WARNINGS: [&str; 2] = [
    "tlx: tests/fixtures/sheet.csv:7:30: warning: event #7: start_date year \"MCMXX\" is not a whole number; skipped",
    "tlx: tests/fixtures/sheet.csv:8:1: warning: event #8: no start_date; skipped",
];

#[test]
fn a_sheets_csv_loads_its_rows_as_timelinejs_slides() {
    // Columns reordered, a byte-order mark, CRLF line ends, a blank row,
    // a title row, an era row, HTML in Text, a year written "1,823".
    let out = tlx(&["-f", "", "--format", LINE, SHEET]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        lines(&out.stdout),
        [
            "era-1800-the-age-of-sail\t1800\t1870\tThe age of sail\t",
            "1820-04-02-first-pier\t1820-04-02\t\tFirst pier\tBuilding",
            "1823-11-30T14:30-great-storm\t1823-11-30T14:30\t\tGreat storm\tWeather",
            // An end equal to the start is dropped, as TimelineJS does.
            "1871-06-railway-arrives\t1871-06\t\tRailway arrives\tBuilding",
        ]
    );
    assert_eq!(lines(&out.stderr), SHEET_WARNINGS);

    let (doc, _) = as_json(&[SHEET]);
    assert_eq!(doc["title"], "Harbour Story");
    assert_eq!(doc["description"], "A town & its port, told in rows.");
    let events = doc["events"].as_array().unwrap();
    let pier = &events[1];
    assert_eq!(pier["summary"], "Built of oak;\nopened in spring.");
    assert_eq!(pier["display_date"], "Spring 1820");
    assert_eq!(pier["media"]["url"], "https://example.org/pier.jpg");
    assert_eq!(pier["media"]["caption"], "The pier");
    assert_eq!(
        pier["media"]["credit"],
        "<a href=\"https://example.org\">Town archive</a>"
    );
    assert_eq!(pier["background"]["url"], "https://example.org/bg.jpg");
    // An extra column is kept under its name.
    assert_eq!(pier["Notes"], "from the ledger");
    let storm = &events[2];
    assert_eq!(storm["summary"], "Waves › walls");
    // The Time column is the start's time of day.
    assert_eq!(storm["date"], "1823-11-30T14:30");
    assert_eq!(events[3]["background"]["color"], "navy");
    assert_eq!(events[3]["summary"], "Line opens; \"steam\" at last");
    assert_eq!(events[0]["kind"], "era");
    // The title row's media and background are the title slide's.
    let out = tlx(&["-f", "", "--format", "timelinejs-csv", SHEET]);
    assert_eq!(
        lines(&out.stdout)[1],
        ",,,,,,,,,Harbour Story,\"A town &amp; its port, told in rows.\",\
         https://example.org/harbour.jpg,,,,title,,#123456"
    );
}

#[test]
fn strict_makes_a_row_warning_an_error() {
    for file in [SHEET, TL2] {
        let out = tlx(&["--strict", "-f", "", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(out.stdout.is_empty());
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!("tlx: {file}:")) && !stderr.contains("warning"),
            "{stderr}"
        );
    }
    let out = tlx(&["--strict", "-f", "", "--columns", MAPPING, MAPPED]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "tlx: tests/fixtures/table-mapped.csv:4:15: event \"p3\": date year \"19x5\" is not a whole number; skipped\n"
    );
}

#[test]
fn check_names_each_format() {
    let out = tlx(&["--check", "--columns", MAPPING, SHEET, TL2, MAPPED]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = lines(&out.stdout);
    assert_eq!(
        stdout[..3],
        [
            "tests/fixtures/sheet.csv: ok, TimelineJS Sheets CSV, 4 events, 2 warnings",
            "tests/fixtures/timelinejs2.json: ok, TimelineJS2 JSON, 5 events, 1 warning",
            "tests/fixtures/table-mapped.csv: ok, CSV, 4 events, 3 warnings",
        ]
    );
    // Every warning of every file.
    assert_eq!(text(&out.stderr).matches(": warning: ").count(), 2 + 1 + 3);
    let out = tlx(&["--check", GUESSED]);
    assert_eq!(
        lines(&out.stdout)[0],
        "tests/fixtures/table-guessed.csv: ok, CSV, 2 events, 1 warning"
    );
}

#[test]
fn a_timelinejs2_file_loads_with_title_tags_assets_and_eras() {
    let out = tlx(&["-f", "", "--format", LINE, TL2]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        lines(&out.stdout),
        [
            "-50-roman-ditch\t-50\t\tRoman ditch\tWorks",
            "era-1790-building-years\t1790\t1810\tBuilding years\t",
            "1792-03-14-survey-begins\t1792-03-14\t1792-03-20\tSurvey begins\tWorks",
            "1805-07-01T09:30-opening-day\t1805-07-01T09:30\t\tOpening day\tEvents",
            "1830-06-01-last-barge\t1830-06-01\t\tLast barge\t",
        ]
    );
    assert_eq!(
        lines(&out.stderr),
        [
            "tlx: tests/fixtures/timelinejs2.json:34:22: warning: event #4: startDate \"someday\" is not a TimelineJS2 date; skipped",
        ]
    );
    let (doc, _) = as_json(&[TL2]);
    assert_eq!(doc["title"], "Canal Days");
    assert_eq!(
        doc["description"],
        "A legacy TimelineJS2 file — written by hand."
    );
    // The timeline's asset is its title slide's media.
    let out = tlx(&["-f", "", "--format", "timelinejs", TL2]);
    let tljs: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        tljs["title"]["media"],
        serde_json::json!({"url": "https://example.org/canal.jpg", "caption": "The basin", "credit": "Canal trust"})
    );
    let survey = &doc["events"][2];
    assert_eq!(survey["summary"], "Engineers walk the line.");
    assert_eq!(survey["classname"], "survey");
    assert_eq!(
        survey["media"],
        serde_json::json!({"url": "https://example.org/map.png", "thumbnail": "map-32.png", "caption": "The first map"})
    );
    assert_eq!(doc["events"][1]["kind"], "era");
    // "1805,7,1,09,30,00": hour and minute; a 0 second is none, as in TimelineJS2.
    assert_eq!(doc["events"][3]["date"], "1805-07-01T09:30");
    assert_eq!(doc["events"][3]["startDate"], Value::Null);
}

#[test]
fn a_table_loads_through_columns_with_countries_and_warnings() {
    let out = tlx(&["-f", "", "--format", LINE, "--columns", MAPPING, MAPPED]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        lines(&out.stdout),
        [
            "p1\t1901-05-02\t1910\tAtlantis – Lemuria\t",
            "p2\t1905\t\tAtlantis – Mu\t",
            "p4\t1920-03-10\t\tMu – Atlantis\t",
            "p1-2\t1930-01-01\t\tLemuria – Mu\t",
        ]
    );
    assert_eq!(
        lines(&out.stderr),
        [
            "tlx: tests/fixtures/table-mapped.csv:4:15: warning: event \"p3\": date year \"19x5\" is not a whole number; skipped",
            "tlx: tests/fixtures/table-mapped.csv:5:26: warning: event \"p4\": end_date 1920-03-09 is before start_date 1920-03-10; repaired (end dropped)",
            "tlx: tests/fixtures/table-mapped.csv:6:1: warning: event \"p1\": duplicate unique_id; repaired (renamed \"p1-2\")",
        ]
    );
    let out = tlx(&["--facets", "--columns", MAPPING, MAPPED]);
    assert_eq!(
        lines(&out.stdout),
        [
            "country\tAtlantis\t3",
            "country\tMu\t3",
            "country\tLemuria\t2"
        ]
    );
    let out = tlx(&[
        "-f",
        "",
        "--country",
        "lemuria",
        "--format",
        "{id} {kind}",
        "--columns",
        MAPPING,
        MAPPED,
    ]);
    assert_eq!(lines(&out.stdout), ["p1 defence", "p1-2 entente"]);
    // Unmapped columns are kept under their names.
    let (doc, _) = as_json(&["--columns", MAPPING, MAPPED]);
    assert_eq!(doc["events"][0]["note"], "first");
}

#[test]
fn a_table_with_telling_column_names_needs_no_mapping() {
    let out = tlx(&[
        "-f",
        "",
        "--format",
        "{date}|{title}|{countries}|{topics}|{place}",
        GUESSED,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        lines(&out.stdout),
        [
            "2001-09-01|Founding|France|Origins|Lyon",
            "2003-02|Second office|Spain|Growth|"
        ]
    );
    assert_eq!(
        lines(&out.stderr),
        [
            "tlx: tests/fixtures/table-guessed.csv:4:1: warning: event #4: date \"2003-13\" is not a valid month; skipped"
        ]
    );
}

#[test]
fn a_csv_that_is_no_timeline_is_refused_by_name() {
    let out = tlx(&["--check", NEITHER]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "tlx: tests/fixtures/not-a-timeline.csv: not a timeline tlx reads: a CSV without the \
         TimelineJS template's columns (Year, Headline) or a date or year column; map its \
         columns with --columns\n"
    );
    let out = tlx(&["--check", "--columns", "date=when,title=name", NEITHER]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "tlx: tests/fixtures/not-a-timeline.csv:1:1: --columns names column \"when\", which \
         this CSV's header lacks (it has \"name\", \"colour\", \"size\")\n"
    );
    // A mapping that cannot make dates is a usage error.
    let out = tlx(&["--check", "--columns", "title=name", NEITHER]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("needs date=COLUMN or year=COLUMN"));
    // A JSON file with a mistake keeps its precise error.
    let out = tlx(&["--check", "tests/fixtures/bad-unterminated.json"]);
    assert!(!text(&out.stderr).contains("CSV"), "{}", text(&out.stderr));
}

#[test]
fn columns_apply_to_tables_and_leave_a_sheet_to_its_template() {
    // The mapping names columns the sheet lacks: the sheet is still read as
    // the template, the table through the mapping.
    let out = tlx(&["--check", "--columns", MAPPING, SHEET, MAPPED]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        lines(&out.stdout)[..2],
        [
            "tests/fixtures/sheet.csv: ok, TimelineJS Sheets CSV, 4 events, 2 warnings",
            "tests/fixtures/table-mapped.csv: ok, CSV, 4 events, 3 warnings",
        ]
    );
}

fn load(path: &Path) -> Timeline {
    load_inputs(&[Input::Path(path.to_path_buf())])
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

/// What the Sheets template holds of an event (of its media and
/// background, the members it has columns for).
fn sheet_fields(t: &Timeline, e: &Event) -> String {
    let extra: Value = e
        .extra()
        .map_or(Value::Null, |x| serde_json::from_str(x).unwrap());
    format!(
        "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        e.date,
        e.end_date,
        e.end_display_date(),
        e.title(),
        e.summary(),
        e.kind(),
        t.facet_names(e, Facet::Topic).next(),
        e.display_date(),
        e.media()
            .map(|m| [m.url(), m.credit(), m.caption(), m.thumbnail()]),
        ["url", "color"].map(|k| extra["background"][k].clone()),
    )
}

/// The events written by `--format timelinejs-csv` load back with the same
/// dates, titles, text, groups, display dates, media and backgrounds; the
/// CSV written again from them is the same.
#[test]
fn a_sheets_csv_written_by_tlx_loads_back_with_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    for source in [SHEET, "tests/fixtures/tljs-writer.json", TL2] {
        let out = tlx(&["-f", "", "--format", "timelinejs-csv", source]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let written = dir.path().join("again.csv");
        std::fs::write(&written, &out.stdout).unwrap();
        let (original, again) = (load(Path::new(source)), load(&written));
        assert_eq!(original.events.len(), again.events.len(), "{source}");
        assert_eq!(
            (&original.title, &original.description),
            (&again.title, &again.description),
            "{source}"
        );
        for (a, b) in original.events.iter().zip(&again.events) {
            assert_eq!(
                sheet_fields(&original, a),
                sheet_fields(&again, b),
                "{source}"
            );
        }
        let twice = tlx(&[
            "-f",
            "",
            "--format",
            "timelinejs-csv",
            written.to_str().unwrap(),
        ]);
        assert_eq!(text(&twice.stdout), text(&out.stdout), "{source}");
    }
    // A sheet's own ids come back as they were made.
    let again = tlx(&["-f", "", "--format", "timelinejs-csv", SHEET]);
    let written = dir.path().join("sheet-again.csv");
    std::fs::write(&written, &again.stdout).unwrap();
    let ids = |t: &Timeline| {
        t.events
            .iter()
            .map(|e| e.id().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&load(Path::new(SHEET))), ids(&load(&written)));
}

#[test]
fn the_sheet_template_reads_from_standard_input_too() {
    let input = std::fs::read_to_string(SHEET).unwrap();
    let out = support::run::tlx_with_stdin(&["-f", "", "--format", "{id}"], &input);
    assert_eq!(lines(&out.stdout).len(), 4);
}

#[test]
fn broken_csv_is_an_error_or_loads_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let huge = format!("Year,Headline\n2020,\"{}\"\n", "x".repeat(1 << 20));
    let cases: [(&str, &[u8], Option<&str>); 5] = [
        // An unterminated quote runs to the end: one row, read.
        (
            "open-quote.csv",
            b"Year,Headline\n2020,\"never closed\n2021,B\n",
            None,
        ),
        ("huge.csv", huge.as_bytes(), None),
        ("nul.csv", b"Year,Headline\n2020,a\0b\n", Some("NUL byte")),
        (
            "latin1.csv",
            b"Year,Headline\n2020,caf\xe9\n",
            Some("not UTF-8 text (byte 0xE9)"),
        ),
        ("header-only.csv", b"Year,Headline\r\n", None),
    ];
    for (name, bytes, error) in cases {
        let path = write(name, bytes);
        let out = tlx(&["-f", "", "--format", "{title}", path.to_str().unwrap()]);
        let stderr = text(&out.stderr);
        match error {
            Some(e) => {
                assert_eq!(out.status.code(), Some(2), "{name}");
                assert!(
                    stderr.contains(e) && stderr.lines().count() == 1,
                    "{name}: {stderr}"
                );
            }
            None => assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {stderr}"),
        }
    }
}
