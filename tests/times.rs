//! Times of day through the binary: read from the native format, JSON
//! Lines and TimelineJS, sorted by instant, and written back by every
//! format that has a place for them.

mod support {
    pub mod run;
}

use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::run::tlx_with_stdin;
use tlx::timeline::TimeOfDay;

const NATIVE: &str = "tests/fixtures/times.json";
const TLJS: &str = "tests/fixtures/tljs-times.json";

fn tlx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tlx"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("tlx runs")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

fn lines(o: &Output) -> Vec<String> {
    stdout(o).lines().map(str::to_string).collect()
}

#[test]
fn same_day_events_sort_by_hour_and_offsets_by_instant() {
    let out = tlx(&["--filter", "", "--sort", "date", "--format", "{id}", NATIVE]);
    assert_eq!(
        lines(&out),
        [
            "that-year",
            "project",
            "the-day",
            "breakfast",
            // 10:00+01:00 is 09:00 UTC; 04:30-05:00 is 09:30 UTC.
            "paris-call",
            "launch",
            "ny-call",
            "meeting",
            "lunch",
        ]
    );
    let newest = tlx(&["--filter", "", "--sort=-date", "--format", "{id}", NATIVE]);
    assert_eq!(lines(&newest).first().map(String::as_str), Some("lunch"));
}

#[test]
fn jsonl_keeps_times_as_written_and_reads_them_back() {
    let jsonl = stdout(&tlx(&["--filter", "", "--format", "jsonl", NATIVE]));
    let dates: Vec<(String, Value, Value)> = jsonl
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_string(),
                v["date"].clone(),
                v["end_date"].clone(),
            )
        })
        .collect();
    let find = |id: &str| dates.iter().find(|d| d.0 == id).unwrap().clone();
    assert_eq!(find("launch").1, "2019-02-25T09:15:30.250Z");
    assert_eq!(find("paris-call").1, "2019-02-25T10:00+01:00");
    assert_eq!(find("breakfast").1, "2019-02-25T08:15");
    assert_eq!(find("meeting").2, "2019-02-25T12:30");
    assert_eq!(find("that-year").1, "2019");
    assert!(jsonl.contains(r#""end_display_date":"Spring""#), "{jsonl}");
    // Read back from standard input, it writes the same lines.
    let again = tlx_with_stdin(&["--filter", "", "--format", "jsonl"], &jsonl);
    assert_eq!(stdout(&again), jsonl);
}

#[test]
fn spans_within_a_day_show_the_end_time_alone() {
    let out = tlx(&["--filter", "meeting", "--format", "{date_label}", NATIVE]);
    assert_eq!(lines(&out), ["2019-02-25 10:00 → 12:30"]);
    let out = tlx(&["--filter", "", "--format", "text", NATIVE]);
    let text = stdout(&out);
    assert!(text.contains("2019-02-25 09:15:30.250Z"), "{text}");
    assert!(text.contains("2019-01-10 → 2019-03-01 17:00"), "{text}");
}

#[test]
fn since_and_until_take_a_time() {
    let out = tlx(&[
        "--filter",
        "",
        "--since",
        "2019-02-25T10:00",
        "--until",
        "2019-02-25T11:00",
        "--format",
        "{id}",
        NATIVE,
    ]);
    // Spans and day-long dates reach 10:00; 08:15 does not; 12:30 starts too late.
    let ids = lines(&out);
    for kept in ["the-day", "paris-call", "meeting", "project", "that-year"] {
        assert!(ids.iter().any(|i| i == kept), "{kept} missing: {ids:?}");
    }
    for dropped in ["breakfast", "lunch", "launch"] {
        assert!(!ids.iter().any(|i| i == dropped), "{dropped} kept: {ids:?}");
    }
}

#[test]
fn bad_times_are_named() {
    let doc = r#"{"events":[{"id":"a","date":"2019-02-25T25:00","title":"A"}]}"#;
    let out = tlx_with_stdin(&["--check", "-"], doc);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hour 25 is out of range"), "{err}");
    let doc = r#"{"events":[{"id":"a","date":"2019-02T10:00","title":"A"}]}"#;
    let out = tlx_with_stdin(&["--check", "-"], doc);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a time needs a day"), "{err}");
}

#[test]
fn timelinejs_times_are_read_repaired_and_written_back() {
    let out = tlx(&["--filter", "", "--format", "{id} {date} {end_date}", TLJS]);
    let text = stdout(&out);
    assert!(text.contains("afternoon 2019-02-25T14:30 \n"), "{text}");
    assert!(
        text.contains("morning 2019-02-25T09:05:07.250 2019-02-25T11:00\n"),
        "{text}"
    );
    // Minute 90 of 23:00 is half past midnight the next day, as in JavaScript.
    assert!(text.contains("late 2019-02-26T00:30 \n"), "{text}");
    // An hour without a day has nowhere to go.
    assert!(text.contains("hour-on-year 2019 \n"), "{text}");
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        warnings.contains("start_date time out of range rolled over to 2019-02-26T00:30; repaired"),
        "{warnings}"
    );
    assert!(
        warnings.contains("a date without a day, dropped"),
        "{warnings}"
    );

    let json = stdout(&tlx(&["--filter", "", "--format", "timelinejs", TLJS]));
    let doc: Value = serde_json::from_str(&json).unwrap();
    let slide = |id: &str| {
        doc["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["unique_id"] == id)
            .unwrap()
            .clone()
    };
    let morning = slide("morning");
    assert_eq!(morning["start_date"]["hour"], "9");
    assert_eq!(morning["start_date"]["minute"], "5");
    assert_eq!(morning["start_date"]["second"], "7");
    assert_eq!(morning["start_date"]["millisecond"], "250");
    assert_eq!(morning["end_date"]["hour"], "11");
    assert_eq!(morning["end_date"]["minute"], "0");
    assert!(morning["end_date"].get("second").is_none());
    assert!(slide("hour-on-year")["start_date"].get("hour").is_none());
    assert_eq!(slide("ongoing")["end_date"]["display_date"], "Present");

    // TimelineJS → tlx → TimelineJS → tlx: the same dates and labels.
    let first = stdout(&tlx(&["--filter", "", "--format", "jsonl", TLJS]));
    let back = tlx_with_stdin(&["--filter", "", "--format", "jsonl"], &json);
    assert_eq!(stdout(&back), first);
    assert!(first.contains(r#""end_display_date":"Present""#), "{first}");
}

#[test]
fn the_sheet_csv_writes_time_columns_the_sheet_parser_reads() {
    let csv = stdout(&tlx(&["--filter", "", "--format", "timelinejs-csv", TLJS]));
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let time = header.iter().position(|c| *c == "Time").unwrap();
    let end_time = header.iter().position(|c| *c == "End Time").unwrap();
    let morning = rows
        .find(|r| r.contains("Morning, as numbers"))
        .expect("morning row");
    let cells: Vec<&str> = morning.split(',').collect();
    assert_eq!(cells[time], "9:05:07.250");
    assert_eq!(cells[end_time], "11:00");
    let read = TimeOfDay::parse_sheet(cells[time]).unwrap();
    assert_eq!((read.hour(), read.minute(), read.second()), (9, 5, Some(7)));
    assert_eq!(read.millisecond(), Some(250));
}
