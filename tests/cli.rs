//! The real binary, end to end: every flag and exit code of the scriptable side.

mod support {
    pub mod run;
}

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

use support::run::tlx_with_stdin;

const BIN: &str = env!("CARGO_BIN_EXE_tlx");

fn tlx(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("tlx runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

fn lines(o: &Output) -> Vec<String> {
    stdout(o).lines().map(str::to_string).collect()
}

/// A small native timeline written to a temporary file.
fn temp_timeline(json: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new()
        .suffix(".json")
        .tempfile()
        .expect("temp file");
    f.write_all(json.as_bytes()).expect("write");
    f
}

const SMALL: &str = r#"{"title": "small", "events": [
  {"id": "a", "date": "2001", "title": "Alpha launch", "summary": "First, with a comma, and \"quotes\".",
   "companies": ["Acme"], "countries": ["France"], "topics": ["cloud"], "custom": {"keep": [1, 2.50, "x"]}},
  {"id": "b", "date": "2002-03", "title": "Beta agreement", "companies": ["Acme", "Bolt"], "countries": ["Égypte"], "topics": ["5G"]},
  {"id": "c", "date": "2003-04-05", "end_date": "2004", "title": "Gamma closure", "companies": ["Bolt"], "countries": ["Togo"], "topics": ["cloud"]}
]}"#;

#[test]
fn filter_prints_matches_and_exits_0() {
    let o = tlx(&["--filter", "flexible engine", "--format", "id"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ids = lines(&o);
    assert!(
        ids.contains(&"flexible-engine-launch".to_string()),
        "{ids:?}"
    );
    assert!(stderr(&o).is_empty());
}

#[test]
fn filter_with_no_match_exits_1_and_prints_nothing() {
    let o = tlx(&["--filter", "'zzzzqqq"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

#[test]
fn empty_filter_prints_every_event() {
    let (t, _) = tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded]).unwrap();
    let o = tlx(&["-f", "", "--format", "id"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(lines(&o).len(), t.events.len());
}

#[test]
fn closed_pipe_exits_quietly() {
    let mut child = Command::new(BIN)
        .args(["--filter", ""])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte then hang up, as `| head -c1` would.
    let mut out = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    out.read_exact(&mut byte).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn shell_pipe_to_head_exits_0_silently() {
    let script = format!("'{BIN}' --filter '' | head -1; echo \"status=${{PIPESTATUS[0]}}\"");
    let o = Command::new("bash").args(["-c", &script]).output().unwrap();
    let out = stdout(&o);
    assert!(out.ends_with("status=0\n"), "{out}");
    assert_eq!(out.lines().count(), 2);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn facet_flags_are_or_within_and_across() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "-f", "", "--company", "acme", "--format", "id"]);
    assert_eq!(lines(&o), ["a", "b"]);
    let o = tlx(&[
        path,
        "-f",
        "",
        "--country",
        "france",
        "--country",
        "egypte",
        "--format",
        "id",
    ]);
    assert_eq!(lines(&o), ["a", "b"]);
    let o = tlx(&[
        path,
        "-f",
        "",
        "--company",
        "Bolt",
        "--topic",
        "cloud",
        "--format",
        "id",
    ]);
    assert_eq!(lines(&o), ["c"]);
}

#[test]
fn unknown_facet_value_matches_nothing_with_a_note() {
    let o = tlx(&["-f", "", "--country", "Narnia"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no country named \"Narnia\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn since_and_until_take_partial_dates() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "-f", "", "--since", "2002-03-15", "--format", "id"]);
    assert_eq!(lines(&o), ["b", "c"]);
    let o = tlx(&[path, "-f", "", "--until", "2002", "--format", "id"]);
    assert_eq!(lines(&o), ["a", "b"]);
    // c runs 2003-04-05 → 2004, so it overlaps 2004.
    let o = tlx(&[path, "-f", "", "--since", "2004", "--format", "id"]);
    assert_eq!(lines(&o), ["c"]);
    let o = tlx(&[path, "-f", "", "--since", "2019-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a valid day"), "{}", stderr(&o));
}

#[test]
fn sort_orders() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "-f", "", "--sort", "-date", "--format", "id"]);
    assert_eq!(lines(&o), ["c", "b", "a"]);
    let o = tlx(&[path, "-f", "", "--sort=-date", "--format", "id"]);
    assert_eq!(lines(&o), ["c", "b", "a"]);
    // "closure" is in c's title; the fuzzy "cl" also reaches a's "cloud" topic.
    let o = tlx(&[path, "-f", "closure", "--sort", "score", "--format", "id"]);
    assert_eq!(lines(&o).first().map(String::as_str), Some("c"));
    let o = tlx(&[path, "-f", "", "--sort", "sideways"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("auto, date, -date, score"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn filter_ranks_by_relevance_by_default() {
    // The embedded timeline: the Togo events first, then the Telecom Egypt
    // summary whose "t for go" spells t-o-g-o.
    let o = tlx(&["-f", "togo", "--format", "id"]);
    let found = lines(&o);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(
        found[..4].iter().all(|id| id.starts_with("togo-")),
        "{found:?}"
    );
    assert_eq!(found[4], "telecom-egypt-cloud-memorandum");
    assert_eq!(
        lines(&tlx(&["-f", "egypt", "--format", "id"]))[0],
        "telecom-egypt-cloud-memorandum"
    );
    // --sort auto is that default; without a query it is date order.
    assert_eq!(
        lines(&tlx(&["-f", "togo", "--sort", "auto", "--format", "id"])),
        found
    );
    assert_eq!(
        lines(&tlx(&["-f", "", "--format", "id"])),
        lines(&tlx(&["-f", "", "--sort", "date", "--format", "id"]))
    );
    // Date terms read dates, not text.
    let dated = lines(&tlx(&["-f", "date:2018", "--format", "id"]));
    assert!(dated.contains(&"us-sanctions".to_string()), "{dated:?}");
    assert!(dated.contains(&"african-union-headquarters-spying-accusation".to_string()));
    assert!(!dated.contains(&"telecom-egypt-cloud-memorandum".to_string()));
    assert!(stdout(&tlx(&["--help"])).contains("[possible values: auto, date, -date, score]"));
}

#[test]
fn formats() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "-f", "gamma", "--format", "{id}|{date}|{title}"]);
    assert_eq!(stdout(&o), "c|2003-04-05|Gamma closure\n");
    let o = tlx(&[path, "-f", "gamma", "--format", r"{id}\t{{{date}}}\\"]);
    assert_eq!(stdout(&o), "c\t{2003-04-05}\\\n");
    let o = tlx(&[path, "-f", "alpha", "--format", "csv"]);
    let csv = stdout(&o);
    assert!(csv.starts_with("id,date,"), "{csv}");
    assert!(
        csv.contains("\"First, with a comma, and \"\"quotes\"\".\""),
        "{csv}"
    );
    let o = tlx(&[path, "-f", "", "--format", "tsv"]);
    assert_eq!(lines(&o).len(), 4);
    let o = tlx(&[path, "-f", "", "--format", "md"]);
    assert!(stdout(&o).contains("| Gamma closure |"), "{}", stdout(&o));
    let o = tlx(&[path, "-f", "", "--format", "text", "--color", "always"]);
    assert!(stdout(&o).contains("\u{1b}["));
    let o = tlx(&[path, "-f", "", "--format", "text", "--color", "never"]);
    assert!(!stdout(&o).contains('\u{1b}'));
    let o = tlx(&[path, "-f", "", "--format", "{nope}"]);
    assert_eq!(o.status.code(), Some(2));
    let o = tlx(&[path, "-f", "", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn jsonl_and_json_round_trip_unknown_fields() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "-f", "", "--format", "jsonl"]);
    let jsonl = stdout(&o);
    assert_eq!(jsonl.lines().count(), 3);
    assert!(
        jsonl.contains(r#""custom":{"keep":[1,2.50,"x"]}"#),
        "{jsonl}"
    );
    // Read back through stdin: same events, same output.
    let again = tlx_with_stdin(&["-", "-f", "", "--format", "jsonl"], &jsonl);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(stdout(&again), jsonl);
    let o = tlx(&[path, "-f", "", "--format", "json"]);
    let doc = stdout(&o);
    let again = tlx_with_stdin(&["-", "-f", "", "--format", "json"], &doc);
    assert_eq!(stdout(&again), doc);
    assert!(
        doc.contains("\"title\": \"small\"") || doc.contains("\"title\":\"small\""),
        "{doc}"
    );
}

#[test]
fn print0_separates_with_nul() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "-f", "", "--format", "id", "--print0"]);
    assert_eq!(o.stdout, b"a\0b\0c\0");
}

#[test]
fn facets_lists_counts() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "--facets"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("company\tAcme\t2\n"), "{out}");
    assert!(out.contains("topic\tcloud\t2\n"), "{out}");
    let o = tlx(&[path, "--facets", "--filter", "gamma"]);
    let out = stdout(&o);
    assert!(
        out.contains("company\tBolt\t1\n") && !out.contains("Acme"),
        "{out}"
    );
    let o = tlx(&[path, "--facets", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["companies"][0]["name"], "Acme");
    assert_eq!(v["companies"][0]["count"], 2);
}

#[test]
fn check_summarises_and_fails_on_bad_files() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&["--check", path]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("ok, tlx JSON, 3 events"), "{out}");
    assert!(
        out.contains("total: 3 events, 2001 → 2004, 3 countries, 2 companies, 2 topics"),
        "{out}"
    );

    let bad = temp_timeline(r#"{"events": [{"id": "x", "date": "2019-13", "title": "t"}]}"#);
    // One event's problem is a warning; a broken file fails.
    let o = tlx(&["--check", bad.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("ok, tlx JSON, 0 events, 1 warning"));
    let err = stderr(&o);
    assert!(err.starts_with("tlx: "), "{err}");
    assert!(err.contains(".json:1:33: warning: "), "{err}");
    assert!(
        err.contains("event \"x\": date \"2019-13\" is not a valid month"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let broken = temp_timeline(r#"{"events": [{"id": "x", "date": "2019" "title": "t"}]}"#);
    let o = tlx(&["--check", broken.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(".json:1:40: expected `,` or `}`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    for args in [
        vec!["/nonexistent/timeline.json", "-f", ""],
        vec![env!("CARGO_MANIFEST_DIR"), "-f", ""],
        vec!["--bogus-flag"],
    ] {
        let o = tlx(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let o = tlx_with_stdin(&["-", "-f", ""], "");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "tlx: -: empty file (expected a tlx timeline, a TimelineJS timeline or JSON Lines)\n"
    );
}

#[test]
fn several_files_merge() {
    let a = temp_timeline(SMALL);
    let b = temp_timeline(
        r#"{"id": "z", "date": "1999", "title": "Zeta"}
{"id": "y", "date": "2005", "title": "Ypsilon"}
"#,
    );
    let o = tlx(&[
        a.path().to_str().unwrap(),
        b.path().to_str().unwrap(),
        "-f",
        "",
        "--format",
        "id",
    ]);
    assert_eq!(lines(&o), ["z", "a", "b", "c", "y"]);
    let o = tlx(&[
        "--check",
        a.path().to_str().unwrap(),
        b.path().to_str().unwrap(),
    ]);
    assert!(
        stdout(&o).contains("ok, JSON Lines, 2 events"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn select_1_and_exit_0_need_no_terminal() {
    let f = temp_timeline(SMALL);
    let path = f.path().to_str().unwrap();
    let o = tlx(&[path, "--query", "gamma", "--select-1", "--format", "id"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "c\n");
    let o = tlx(&[path, "--query", "'zzzz", "--exit-0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

#[test]
fn help_version_and_completions() {
    let o = tlx(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for flag in [
        "--filter",
        "--country",
        "--since",
        "--format",
        "--print0",
        "--select-1",
        "--facets",
        "--check",
        "--color",
        "--completions",
    ] {
        assert!(stdout(&o).contains(flag), "--help lacks {flag}");
    }
    let o = tlx(&["--version"]);
    assert_eq!(stdout(&o), format!("tlx {}\n", env!("CARGO_PKG_VERSION")));
    for shell in ["bash", "zsh", "fish"] {
        let o = tlx(&["--completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("filter"), "{shell}");
    }
    let o = tlx(&["--completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn terminal_text_is_sanitised_even_in_output() {
    let f = temp_timeline(
        r#"{"events": [{"id": "evil", "date": "2020", "title": "bad\u001b]2;TITLE\u0007 title\u202e"}]}"#,
    );
    let o = tlx(&[f.path().to_str().unwrap(), "-f", "", "--format", "jsonl"]);
    let out = stdout(&o);
    // JSON escapes the controls; the data survives.
    assert!(out.contains("\\u001b]2;TITLE\\u0007"), "{out}");
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out}"
    );
}

#[test]
fn error_messages_quoting_the_data_stay_one_harmless_line() {
    // Before the fix, the id's escape sequence and line break reached stderr raw.
    let f = temp_timeline(
        r#"{"events": [{"id": "x\u001b]2;TITLE\u0007\u009b31m\u202e\nsecond line", "date": "2019-13", "title": "A"}]}"#,
    );
    let o = tlx(&[f.path().to_str().unwrap(), "-f", ""]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.trim_end_matches('\n')
            .chars()
            .all(|c| !tlx::text::is_unsafe(c)),
        "{err:?}"
    );
    assert!(
        err.contains("event \"x\u{241B}]2;TITLE\u{2407}\u{FFFD}31m\u{FFFD}\u{240A}second line\": date \"2019-13\" is not a valid month"),
        "{err:?}"
    );
}

#[test]
fn facets_as_json_escape_what_tlx_json_always_escapes() {
    // Before the fix, DEL, C1 and bidi characters went out raw here alone.
    let name = "x\u{202e}y\u{9b}31m\u{7f}";
    let f = temp_timeline(&format!(
        r#"{{"events": [{{"id": "a", "date": "2020", "title": "A", "companies": [{}]}}]}}"#,
        serde_json::to_string(name).unwrap()
    ));
    let o = tlx(&[f.path().to_str().unwrap(), "--facets", "--format", "json"]);
    let out = stdout(&o);
    assert!(out.contains(r"x\u202ey\u009b31m\u007f"), "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["companies"][0]["name"], name);
}

#[test]
fn facets_as_csv_are_csv_and_other_formats_are_refused() {
    // Before the fix: --facets --format csv printed tab-separated lines.
    let o = tlx(&["--facets", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("facet,name,count"));
    assert!(lines.all(|l| l.split(',').count() == 3), "{out}");
    let o = tlx(&["--facets", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "tlx: --facets writes text (tab-separated), tsv, csv, json or jsonl\n"
    );
}

#[test]
fn since_after_until_is_an_error_not_silence() {
    let o = tlx(&["--since", "2024", "--until", "2019", "-f", ""]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "tlx: --since 2024 is after --until 2019: no date lies between them\n"
    );
    let o = tlx(&[
        "--since", "2019", "--until", "2019", "-f", "", "--format", "id",
    ]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_facet_value_no_event_has_is_noted_where_it_will_be_read() {
    // With --filter the note goes to stderr at once (the UI instead lists
    // it with the warnings, counted in its status line).
    let o = tlx(&["--country", "Narnia", "-f", ""]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "tlx: note: no country named \"Narnia\" in this timeline: --country Narnia matches no event\n"
    );
}

#[test]
fn dates_no_event_reaches_are_noted_with_the_timeline_s_span() {
    let o = tlx(&["--since", "2030", "-f", ""]);
    assert_eq!(o.status.code(), Some(1));
    let span = tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded])
        .unwrap()
        .0
        .span()
        .unwrap();
    assert_eq!(
        stderr(&o),
        format!(
            "tlx: note: no event lies from 2030 on (the timeline runs from {} to {}): the dates match nothing\n",
            span.0.human(),
            span.1.human()
        )
    );
    // A range some event reaches says nothing.
    let o = tlx(&["--since", "2019", "--until", "2019", "-f", ""]);
    assert_eq!(stderr(&o), "");
    // A gap between events is empty too, and said so.
    let o = tlx(&["--since", "1990", "--until", "1991", "-f", ""]);
    assert!(
        stderr(&o).contains("no event lies between 1990 and 1991"),
        "{}",
        stderr(&o)
    );
}
