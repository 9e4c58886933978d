//! Lenient where TimelineJS is, loud about it: a problem confined to one
//! TimelineJS slide is a warning on stderr (`file:line:col: warning: …`),
//! the slide skipped or repaired; `--strict` makes it an error.

mod support {
    pub mod run;
}

use support::run::tlx;

const LENIENT: &str = "tests/fixtures/tljs-lenient.json";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const WARNINGS: [&str; 3] = [
    "tlx: tests/fixtures/tljs-lenient.json:7:5: warning: event \"media-only\": no start_date; skipped",
    "tlx: tests/fixtures/tljs-lenient.json:10:19: warning: event \"dup\": duplicate unique_id; repaired (renamed \"dup-2\")",
    "tlx: tests/fixtures/tljs-lenient.json:12:18: warning: event \"backwards\": end_date 2021 is before start_date 2022-05; repaired (end dropped)",
];

#[test]
fn slide_problems_are_warnings_and_the_other_events_load() {
    let out = tlx(&[
        "--filter",
        "",
        "--format",
        "{id}\t{date}\t{end_date}",
        LENIENT,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().collect::<Vec<_>>(), WARNINGS);
    let stdout = text(&out.stdout);
    let ids: Vec<&str> = stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["kept", "dup", "dup-2", "backwards"]);
    // The blank end date (a spreadsheet export's) is no end date, silently;
    // the end before the start is dropped.
    assert!(stdout.contains("kept\t2019-03\t\n"), "{stdout}");
    assert!(stdout.contains("backwards\t2022-05\t\n"), "{stdout}");
}

#[test]
fn check_lists_every_warning_and_says_ok() {
    let out = tlx(&["--check", LENIENT]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr).lines().collect::<Vec<_>>(), WARNINGS);
    assert!(text(&out.stdout).starts_with(&format!(
        "{LENIENT}: ok, TimelineJS JSON, 4 events, 3 warnings\n"
    )));
}

#[test]
fn strict_turns_the_first_warning_into_an_error() {
    let out = tlx(&["--strict", "-f", "", LENIENT]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "tlx: tests/fixtures/tljs-lenient.json:7:5: event \"media-only\": no start_date; skipped\n"
    );
    assert!(out.stdout.is_empty());
    // --check still reports them all, and fails.
    let out = tlx(&["--strict", "--check", LENIENT]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr).lines().collect::<Vec<_>>(), WARNINGS);
    assert!(text(&out.stdout).starts_with(&format!(
        "{LENIENT}: refused by --strict, TimelineJS JSON, 4 events, 3 warnings\n"
    )));
    // A file without warnings passes --strict.
    let out = tlx(&["--strict", "--check", "tests/fixtures/array.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn at_most_twenty_warnings_then_a_count_but_check_prints_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.json");
    let slides: Vec<String> = (0..25)
        .map(|i| format!(r#"{{"unique_id": "m{i}", "text": {{"headline": "media"}}}}"#))
        .chain([r#"{"start_date": {"year": "2020"}, "text": {"headline": "dated"}}"#.into()])
        .collect();
    std::fs::write(
        &path,
        format!("{{\"events\": [\n{}\n]}}", slides.join(",\n")),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let out = tlx(&["--filter", "", path]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 21, "{stderr}");
    assert!(lines[..20].iter().all(|l| l.contains(": warning: ")));
    assert_eq!(lines[20], "tlx: … and 5 more warnings");
    let out = tlx(&["--check", path]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr).lines().count(), 25);
}

#[test]
fn native_files_and_json_lines_warn_the_same_way() {
    let out = tlx(&[
        "--check",
        "tests/fixtures/bad-missing-date.json",
        "tests/fixtures/bad-lines.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(
        stderr.contains("bad-missing-date.json:3:5: warning: event \"undated\": missing \"date\"")
    );
    assert!(stderr.contains("bad-lines.jsonl:3:35: warning: event \"c\""));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("bad-missing-date.json: ok, tlx JSON, 0 events, 1 warning\n"));
    assert!(stdout.contains("bad-lines.jsonl: ok, JSON Lines, 2 events, 1 warning\n"));
    let out = tlx(&["--strict", "-f", "", "tests/fixtures/bad-lines.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn check_reports_every_file_even_after_a_broken_one() {
    let out = tlx(&[
        "--check",
        "tests/fixtures/bad-malformed.json",
        "tests/fixtures/merge-a.json",
        "tests/fixtures/bad-unterminated.json",
        "tests/fixtures/events.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let errors: Vec<&str> = stderr.lines().collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(errors[0].starts_with("tlx: tests/fixtures/bad-malformed.json:5:5: "));
    assert!(errors[1].starts_with("tlx: tests/fixtures/bad-unterminated.json:5:1: "));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("tests/fixtures/merge-a.json: ok, tlx JSON, 2 events\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("tests/fixtures/events.jsonl: ok, JSON Lines, "),
        "{stdout}"
    );
    assert!(
        stdout.lines().last().unwrap().starts_with("total: "),
        "{stdout}"
    );
}

#[test]
fn dates_are_repaired_as_timelinejs_does() {
    let out = tlx(&[
        "--filter",
        "",
        "--format",
        "{id}\t{date}",
        "tests/fixtures/tljs-repairs.json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in [
        "year-zero\t-1\n",
        "number-zero\t-0001-06\n",
        "feb-30\t2019-03-02\n",
        "dec-32\t2020-01-01\n",
        "cosmic\t-13800000000\n",
        "month-13\t2020-01\n",
        "month-0\t2019-12-15\n",
        "bce-month-13\t0001-03-03\n",
        "plain\t2020-02-29\n",
    ] {
        assert!(stdout.contains(line), "{line:?} in {stdout}");
    }
    let stderr = text(&out.stderr);
    let f = "tlx: tests/fixtures/tljs-repairs.json";
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            format!(
                "{f}:2:44: warning: event \"year-zero\": start_date year 0 read as 1 BCE; repaired"
            ),
            format!(
                "{f}:3:46: warning: event \"number-zero\": start_date year 0 read as 1 BCE; repaired"
            ),
            format!(
                "{f}:4:41: warning: event \"feb-30\": start_date day 30 of month 2 rolled over to 2019-03-02; repaired"
            ),
            format!(
                "{f}:5:41: warning: event \"dec-32\": start_date day 32 of month 12 rolled over to 2020-01-01; repaired"
            ),
            format!(
                "{f}:6:41: warning: event \"cosmic\": start_date month 3 on year -13800000000 dropped (months only within ±262000 years); repaired"
            ),
            format!(
                "{f}:7:43: warning: event \"month-13\": start_date month 13 rolled over to 2020-01; repaired"
            ),
            format!(
                "{f}:8:42: warning: event \"month-0\": start_date month 0 rolled over to 2019-12; repaired"
            ),
            format!(
                "{f}:9:47: warning: event \"bce-month-13\": start_date month 14 rolled over to 0001-02; repaired"
            ),
            format!(
                "{f}:9:47: warning: event \"bce-month-13\": start_date day 31 of month 2 rolled over to 0001-03-03; repaired"
            ),
        ]
    );
}

#[test]
fn numbers_for_ids_groups_and_headlines_are_read_as_text() {
    let out = tlx(&[
        "--filter",
        "",
        "--format",
        "{id}|{title}|{topics}",
        "tests/fixtures/tljs-numbers.json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "42|1989|7\n1.5|Text|\n");
}

/// The issue's own example: a slide holding only `media`, after a slide in
/// TimelineJS's vocabulary, is skipped with a warning.
#[test]
fn a_media_only_slide_after_a_timelinejs_slide_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("media.json");
    std::fs::write(
        &file,
        r#"{"events":[{"start_date":{"year":"2000"},"text":{"headline":"a"}},{"media":{"url":"x.jpg"}}]}"#,
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tlx"))
        .args([file.to_str().unwrap(), "-f", "", "--format", "id"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2000-a\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: event #2: no start_date; skipped"),
        "{err}"
    );
}

#[test]
fn a_member_misnamed_in_every_event_is_said_once_with_the_name_tlx_reads() {
    // `country` for `countries`, `Topics` for `topics` (the position is
    // the value's): read as nothing,
    // the facets would be silently empty. `background`, unknown but not
    // near a member tlx reads, says nothing.
    let out = tlx(&["--check", "tests/fixtures/misnamed-members.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stderr),
        "tlx: tests/fixtures/misnamed-members.json:2:66: warning: event \"quay\": member \"country\" is not one tlx reads (\"countries\" is); kept as an unknown member, here and in any other event\n\
         tlx: tests/fixtures/misnamed-members.json:2:86: warning: event \"quay\": member \"Topics\" is not one tlx reads (\"topics\" is); kept as an unknown member, here and in any other event\n"
    );
    assert!(
        text(&out.stdout).contains("2 events, 2 warnings"),
        "{}",
        text(&out.stdout)
    );
}
