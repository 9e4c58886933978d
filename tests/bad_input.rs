//! Hostile and broken inputs through the real binary, each in a shell with
//! its memory capped (`ulimit -v`) and its time bounded: a one-line error
//! naming the file and exit 2, or, where the input is valid, a correct
//! load. Big inputs are made here, in a temporary directory.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tlx");
/// Address space a case may use, in KiB: the 100 MB inputs need about
/// three times their size in a debug build.
const MEMORY_KIB: u64 = 1_500_000;
/// Time a case may take: generous for a debug build on a busy machine.
const TIME: Duration = Duration::from_secs(60);

/// What a case must do.
enum Expect {
    /// Exit 2, one line on stderr naming the input, holding this text.
    Error(&'static str),
    /// Exit 0, printing these event ids (`--format id`).
    Loads(&'static [&'static str]),
    /// Exit 0, printing this many events.
    LoadsMany(usize),
    /// One warning line on stderr naming the input and holding this text;
    /// the other events print (exit 1 when there are none).
    Warns(&'static str, usize),
}

/// Runs `tlx ARG -f '' --format id` (ARG as bash reads it) under the caps.
fn run(arg: &str, shown: &str, expect: Expect) {
    run_capped(arg, shown, expect, MEMORY_KIB);
}

/// [`run`] with `kib` KiB of address space.
fn run_capped(arg: &str, shown: &str, expect: Expect, kib: u64) {
    run_with(arg, "-f ''", shown, expect, kib);
}

/// [`run_capped`] with `OPTIONS` (as bash reads them) for `-f ''`.
fn run_with(arg: &str, options: &str, shown: &str, expect: Expect, kib: u64) {
    let script = format!("ulimit -v {kib}; exec \"$TLX\" {arg} {options} --format id");
    let mut child = Command::new("bash")
        .args(["-c", &script])
        .env("TLX", BIN)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs");
    // Drain both pipes while waiting, with a deadline.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIME {
            let _ = child.kill();
            panic!("{shown}: still running after {TIME:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    let (out, err) = (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    );
    match expect {
        Expect::Error(what) => {
            assert_eq!(status.code(), Some(2), "{shown}: {status:?} {err}");
            assert_eq!(err.lines().count(), 1, "{shown}: {err}");
            assert!(err.ends_with('\n'), "{shown}: {err:?}");
            assert!(
                err.starts_with(&format!("tlx: {shown}")),
                "{shown}: the error does not name it: {err}"
            );
            assert!(err.contains(what), "{shown}: {err}");
            assert!(err.len() < 4096, "{shown}: a {} byte message", err.len());
            assert!(out.is_empty(), "{shown}: printed {out}");
        }
        Expect::Loads(ids) => {
            assert_eq!(status.code(), Some(0), "{shown}: {status:?} {err}");
            assert!(err.is_empty(), "{shown}: {err}");
            let printed: Vec<&str> = out.lines().collect();
            assert_eq!(printed, ids, "{shown}");
        }
        Expect::LoadsMany(n) => {
            assert_eq!(status.code(), Some(0), "{shown}: {status:?} {err}");
            assert_eq!(out.lines().count(), n, "{shown}");
        }
        Expect::Warns(what, n) => {
            let code = if n == 0 { 1 } else { 0 };
            assert_eq!(status.code(), Some(code), "{shown}: {status:?} {err}");
            assert_eq!(err.lines().count(), 1, "{shown}: {err}");
            assert!(
                err.starts_with(&format!("tlx: {shown}")) && err.contains(": warning: "),
                "{shown}: {err}"
            );
            assert!(err.contains(what), "{shown}: {err}");
            assert_eq!(out.lines().count(), n, "{shown}");
        }
    }
}

fn run_file(file: &Path, expect: Expect) {
    let path = file.to_str().unwrap();
    run(&format!("'{path}'"), path, expect);
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Writes `head`, `filler` repeated to `size` bytes, then `tail`, without
/// holding the whole file in memory.
fn write_big(
    dir: &Path,
    name: &str,
    head: &str,
    filler: u8,
    size: usize,
    tail: &str,
) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(head.as_bytes()).unwrap();
    let chunk = vec![filler; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        f.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    f.write_all(tail.as_bytes()).unwrap();
    f.flush().unwrap();
    path
}

const EVENT: &str = r#""id": "a", "date": "2020", "title": "A""#;

/// Every broken fixture the loader tests already cover, through the binary.
#[test]
fn broken_fixtures() {
    let cases: &[(&str, &str)] = &[
        ("bad-malformed.json", "expected `,` or `]`"),
        ("bad-unterminated.json", "unexpected end of file"),
        ("bad-no-events.json", "no \"events\" array"),
        ("bad-deep-unknown.json", "nested deeper than 128 levels"),
        ("bad-deep-top.json", "nested deeper than 128 levels"),
        ("bad-empty.json", "empty file"),
        ("bad-whitespace.json", "empty file"),
        ("bad-binary.png", "not UTF-8 text (byte 0x89)"),
        ("bad-latin1.json", "not UTF-8 text (byte 0xE9)"),
    ];
    // A problem inside one event costs that event: a warning, the rest loads.
    let warned: &[(&str, &str, usize)] = &[
        ("bad-title-number.json", "invalid type: integer `42`", 0),
        ("bad-companies-string.json", "expected a sequence", 0),
        ("bad-missing-id.json", "missing \"id\"", 1),
        ("bad-missing-title.json", "missing \"title\"", 0),
        ("bad-missing-date.json", "missing \"date\"", 0),
        ("bad-empty-title.json", "\"title\" is empty", 0),
        ("bad-month.json", "is not a valid month", 0),
        ("bad-day.json", "is not a valid day", 0),
        ("bad-duplicate-id.json", "duplicate id \"dup\"", 3),
        ("bad-end-before-start.json", "is before date", 1),
        ("bad-lines.jsonl", "is not a valid month", 2),
        ("bad-lines-syntax.jsonl", "expected `,` or `}`", 1),
    ];
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for &(name, what) in cases {
        run_file(&fixtures.join(name), Expect::Error(what));
    }
    for &(name, what, kept) in warned {
        run_file(&fixtures.join(name), Expect::Warns(what, kept));
    }
}

#[test]
fn a_100_mb_string() {
    let dir = tempfile::tempdir().unwrap();
    let size = 100 << 20;
    let head = r#"{"events": [{"id": "a", "date": "2020", "title": ""#;
    let open = write_big(dir.path(), "open-string.json", head, b'x', size, "");
    run_file(
        &open,
        Expect::Error("unexpected end of file while parsing a string"),
    );
    let closed = write_big(dir.path(), "long-title.json", head, b'x', size, "\"}]}");
    run_file(&closed, Expect::Loads(&["a"]));
}

#[test]
fn a_million_levels_of_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let deep = 1_000_000;
    let top = write(
        dir.path(),
        "deep-top.json",
        "[".repeat(deep) + &"]".repeat(deep),
    );
    run_file(&top, Expect::Error("nested deeper than 128 levels"));
    let member = write(
        dir.path(),
        "deep-member.json",
        format!(
            "{{\"events\": [{{{EVENT}, \"x\": {}{}}}]}}",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
    );
    run_file(&member, Expect::Error("nested deeper than 128 levels"));
    let open = write(
        dir.path(),
        "deep-open.jsonl",
        format!("{{{EVENT}, \"x\": {}", "{\"a\": ".repeat(deep)),
    );
    run_file(&open, Expect::Error("unexpected end of file"));
}

#[test]
fn hostile_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let doc = |members: &str| format!("{{\"events\": [{{{EVENT}{members}}}]}}");
    let cases: Vec<(std::path::PathBuf, Expect)> = vec![
        (
            write(
                d,
                "nul.json",
                format!("{{\"events\": [{{{EVENT}}}]}}\0\0\0"),
            ),
            Expect::Error("NUL byte"),
        ),
        (
            write(d, "nul-inside.json", "{\"events\": [{\"id\": \"a\0b\"}]}"),
            Expect::Error("NUL byte"),
        ),
        (
            write(
                d,
                "surrogate-title.json",
                r#"{"events": [{"id": "a", "date": "2020", "title": "\ud800"}]}"#,
            ),
            Expect::Warns("event \"a\": \"title\"", 0),
        ),
        (
            write(
                d,
                "low-surrogate-id.json",
                r#"{"events": [{"id": "\udc00x", "date": "2020", "title": "A"}]}"#,
            ),
            Expect::Warns("\"id\"", 0),
        ),
        // Kept as written, like any unknown member.
        (
            write(d, "surrogate-kept.json", doc(r#", "x": "\ud800""#)),
            Expect::Loads(&["a"]),
        ),
        (
            write(
                d,
                "1e400-year.json",
                r#"{"events": [{"start_date": {"year": 1e400}, "text": {"headline": "H"}}]}"#,
            ),
            Expect::Warns("year \"1e400\" is out of range", 0),
        ),
        // Before the fix: read through f64 and reported as
        // "100000000000000000000000", "not a whole number".
        (
            write(
                d,
                "tljs-year-1e23.json",
                r#"{"events": [{"start_date": {"year": 99999999999999999999999}, "text": {"headline": "H"}}]}"#,
            ),
            Expect::Warns("year \"99999999999999999999999\" is out of range", 0),
        ),
        (
            write(
                d,
                "1e400-date.json",
                r#"{"events": [{"id": "a", "date": 1e400, "title": "A"}]}"#,
            ),
            Expect::Warns("number out of range", 0),
        ),
        (
            write(d, "1e400-kept.json", doc(r#", "x": 1e400"#)),
            Expect::Loads(&["a"]),
        ),
        (
            write(
                d,
                "years-1e12.json",
                r#"{"events": [{"id": "later", "date": "1000000000000", "title": "A"},
                               {"id": "sooner", "date": "-1000000000000", "title": "B"},
                               {"id": "tljs", "start_date": {"year": -1000000000000}, "text": {"headline": "C"}, "unique_id": "u"}]}"#,
            ),
            Expect::Loads(&["sooner", "tljs", "later"]),
        ),
        (
            write(
                d,
                "year-1e12-month.json",
                r#"[{"id": "a", "date": "1000000000000-01", "title": "A"}]"#,
            ),
            Expect::Warns("write the year alone", 0),
        ),
        (
            write(
                d,
                "years-of-an-i64.json",
                r#"{"events": [{"unique_id": "min", "start_date": {"year": "-9223372036854775808"}},
                               {"unique_id": "max", "start_date": {"year": 9223372036854775807}}]}"#,
            ),
            Expect::Loads(&["min", "max"]),
        ),
        (
            write(
                d,
                "year-i64-min-month.json",
                r#"{"events": [{"start_date": {"year": "-9223372036854775808", "month": "1"}}]}"#,
            ),
            Expect::Warns("write the year alone", 0),
        ),
        (
            write(
                d,
                "year-1e19.json",
                r#"[{"id": "a", "date": "10000000000000000000", "title": "A"}]"#,
            ),
            Expect::Warns("is not a date", 0),
        ),
        (
            write(
                d,
                "tljs-year-1e19.json",
                r#"{"events": [{"start_date": {"year": 1e19}}]}"#,
            ),
            Expect::Warns("is out of range", 0),
        ),
        (
            write(d, "duplicate-key.json", doc(r#", "date": "2021""#)),
            Expect::Warns("duplicate member \"date\"", 0),
        ),
        (
            write(
                d,
                "duplicate-events.json",
                r#"{"events": [], "events": []}"#,
            ),
            Expect::Error("duplicate member \"events\""),
        ),
        (
            write(d, "duplicate-unknown.json", doc(r#", "x": 1, "x": 2"#)),
            Expect::Loads(&["a"]),
        ),
        (
            write(d, "utf16.json", b"\xFF\xFE{\x00\"\x00"),
            Expect::Error("not UTF-8 text (byte 0xFF)"),
        ),
        (
            write(
                d,
                "crlf.jsonl",
                format!(
                    "{{{EVENT}}}\r\n{{\"id\": \"b\", \"date\": \"2021\", \"title\": \"B\"}}\r\n"
                ),
            ),
            Expect::Loads(&["a", "b"]),
        ),
        (
            write(d, "events-not-array.json", r#"{"events": {"id": "a"}}"#),
            Expect::Error("expected an array of events"),
        ),
        (
            write(d, "bom-then-garbage.json", b"\xEF\xBB\xBF\xEF\xBB\xBF{}"),
            Expect::Error("expected value"),
        ),
    ];
    for (path, expect) in cases {
        run_file(&path, expect);
    }
}

#[test]
fn paths_that_are_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_file(d, Expect::Error("is a directory"));
    run_file(&d.join("missing.json"), Expect::Error("no such file"));
    std::os::unix::fs::symlink(d.join("loop"), d.join("loop")).unwrap();
    run_file(&d.join("loop"), Expect::Error("cannot read"));
    run_file(Path::new("/dev/null"), Expect::Error("empty file"));
    // An endless device: refused at its first NUL byte, not read forever.
    run_file(Path::new("/dev/zero"), Expect::Error("NUL byte"));
    run_file(Path::new("/dev/urandom"), Expect::Error("binary data"));
    // A pipe (process substitution) loads like a file.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merge-a.json");
    let arg = format!("<(cat '{}')", fixture.display());
    run(&arg, "/dev/fd/", Expect::Loads(&["only-a", "shared"]));
}

#[test]
fn megabytes_of_brackets_in_timelinejs_html() {
    // Before the fix, stripping tags took quadratic time: minutes.
    let dir = tempfile::tempdir().unwrap();
    let text = "<".repeat(3 << 20) + &"&".repeat(3 << 20);
    let file = write(
        dir.path(),
        "brackets.json",
        format!(
            r#"{{"events": [{{"start_date": {{"year": "2020"}}, "text": {{"headline": "h", "text": "{text}"}}}}]}}"#
        ),
    );
    run_file(&file, Expect::Loads(&["2020-h"]));
}

#[test]
fn many_alike_slides_and_facet_values() {
    // Before the fix, both took quadratic time: hours for these few megabytes.
    let dir = tempfile::tempdir().unwrap();
    let slides = vec![r#"{"start_date": {"year": "2020"}, "text": {"headline": "Same"}}"#; 60_000];
    let file = write(
        dir.path(),
        "alike-slides.json",
        format!(r#"{{"events": [{}]}}"#, slides.join(",")),
    );
    run_file(&file, Expect::LoadsMany(60_000));
    let names: Vec<String> = (0..400_000).map(|i| format!("\"c{i}\"")).collect();
    let file = write(
        dir.path(),
        "many-companies.json",
        format!(
            r#"[{{"id": "a", "date": "2020", "title": "A", "companies": [{}]}}]"#,
            names.join(",")
        ),
    );
    run_file(&file, Expect::Loads(&["a"]));
}

/// Runs tlx with `args`, stdout on `/dev/full`: (exit code, stderr).
fn to_full_disk(args: &[&str]) -> (Option<i32>, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    let out = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_full_disk_is_one_line_and_exit_2_whatever_is_written() {
    // Before the fix: --completions panicked in clap_complete (exit 101),
    // --help and --version exited 0 having written nothing.
    for args in [
        &["--completions", "bash"][..],
        &["--help"],
        &["--version"],
        &["--filter", "", "--format", "id"],
        &["--check"],
    ] {
        let (code, err) = to_full_disk(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert_eq!(
            err, "tlx: cannot write output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

#[test]
fn usage_errors_are_one_line_like_every_error() {
    for (args, expected) in [
        (
            &["--sort", "nope"][..],
            "tlx: invalid value 'nope' for '--sort <ORDER>' (possible values: auto, date, -date, score); see 'tlx --help'\n",
        ),
        (
            &["--bogus"],
            "tlx: unexpected argument '--bogus' found (to pass '--bogus' as a value, use '-- --bogus'); see 'tlx --help'\n",
        ),
    ] {
        let out = Command::new(BIN)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn json_lines_joined_with_their_byte_order_marks_load_and_say_so() {
    // Before the fix: `cat a.jsonl b.jsonl` with a BOM on each line failed
    // with a vague "expected value".
    let dir = tempfile::tempdir().unwrap();
    let lines: String = ["a", "b", "c"]
        .iter()
        .map(|id| format!("\u{FEFF}{{\"id\":\"{id}\",\"date\":\"2020\",\"title\":\"T\"}}\n"))
        .collect();
    let file = write(dir.path(), "marks.jsonl", lines);
    run_file(
        &file,
        Expect::Warns(
            ":2:1: warning: line 2 begins with a byte-order mark (U+FEFF) (and 1 more line); ignored",
            3,
        ),
    );
}

#[test]
fn a_one_digit_month_or_day_is_read_and_said() {
    // Before the fix: `2020-1-5` was silently written back as 2020-01-05.
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "short.json",
        r#"[{"id": "a", "date": "2020-1-5", "title": "A"}]"#,
    );
    run_file(
        &file,
        Expect::Warns(
            ":1:22: warning: event \"a\": date \"2020-1-5\" read as 2020-01-05; repaired",
            1,
        ),
    );
}

/// Address space, in KiB, for loading a small document in a debug build,
/// with room to spare (it takes under 50 MB): what a large input may take
/// beyond its own map when memory must follow what is read, not its size.
const SMALL_KIB: u64 = 300_000;

/// A file whose first bytes are a valid document and the rest a hole of
/// `size` bytes in all (NUL bytes to a reader, no disk).
fn write_sparse(dir: &Path, name: &str, head: &str, size: u64) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(head.as_bytes()).unwrap();
    f.set_len(size).unwrap();
    path
}

#[test]
fn a_valid_start_then_gigabytes_of_nul_bytes() {
    // Before the fix: the parallel reader reserved room for size/400 events
    // and copied everything after the events array before anything looked
    // at the NUL bytes: 12.6 GB for 6 GB, and under a cap "memory
    // allocation of … failed", SIGABRT, exit 134. Mapping the file takes its
    // size in address space; the cap gives 2 GB more, room for what the
    // allocator reserves ahead (mimalloc may take 1 GiB of address space at
    // once) but not for the 1.7 GB of room the reader took before. Under a
    // smaller cap the map fails and the file is read, which proves nothing.
    let dir = tempfile::tempdir().unwrap();
    let size: u64 = 4 << 30;
    let head = format!("{{\"events\": [{{{EVENT}}}]}}");
    let sparse = write_sparse(dir.path(), "sparse.json", &head, size);
    let cap = 2_000_000 + size / 1024;
    let shown = sparse.to_str().unwrap();
    run_capped(
        &format!("'{shown}'"),
        shown,
        Expect::Error(":1:56: NUL byte: binary data, not a timeline"),
        cap,
    );
    // The same in JSON Lines, in CSV (a header cut by the NUL bytes), and
    // with the NUL bytes inside the document.
    let lines = write_sparse(dir.path(), "sparse.jsonl", &format!("{{{EVENT}}}\n"), size);
    let shown = lines.to_str().unwrap();
    run_capped(&format!("'{shown}'"), shown, Expect::Error("NUL byte"), cap);
    let table = write_sparse(dir.path(), "sparse.csv", "id,date,title", size);
    let shown = table.to_str().unwrap();
    run_capped(&format!("'{shown}'"), shown, Expect::Error("NUL byte"), cap);
    let inside = format!("{{\"events\": [{{{EVENT}}}], \"x\": \"");
    let inside = write_sparse(dir.path(), "sparse-inside.json", &inside, size);
    let shown = inside.to_str().unwrap();
    run_capped(&format!("'{shown}'"), shown, Expect::Error("NUL byte"), cap);
}

#[test]
fn a_valid_document_then_hundreds_of_megabytes_of_space() {
    // Before the fix: room for size/400 events and a copy of the space,
    // 2.1 GB for a gigabyte. Now the space is checked and let go: the file's
    // size in address space (its map) and little more.
    let dir = tempfile::tempdir().unwrap();
    let size = 256 << 20;
    let head = format!("{{\"events\": [{{{EVENT}}}]}}");
    let padded = write_big(dir.path(), "padded.json", &head, b' ', size, "\n");
    let shown = padded.to_str().unwrap();
    let cap = SMALL_KIB + size as u64 / 1024;
    run_capped(&format!("'{shown}'"), shown, Expect::Loads(&["a"]), cap);
    // Space, then a stray byte: an error at that byte.
    let stray = write_big(dir.path(), "stray.json", &head, b' ', size, "x");
    let shown = stray.to_str().unwrap();
    run_capped(
        &format!("'{shown}'"),
        shown,
        Expect::Error("trailing characters"),
        cap,
    );
}

#[test]
fn scoring_a_fuzzy_term_in_a_100_mb_title_holds_one_folded_copy() {
    // Before the fix, folding the title for matching and scoring kept the
    // original index of each folded character (4 bytes each) beside the
    // folding, both grown by doubling: 1.17 GB for 100 MB, and an abort
    // (exit 134) under this cap. Now the title, its map while it loads, and
    // one folded copy: three times its size.
    let dir = tempfile::tempdir().unwrap();
    let size = 100 << 20;
    let head = r#"{"events": [{"id": "b", "date": "2021", "title": "x quiz"},
                              {"id": "a", "date": "2020", "title": "é "#;
    let file = write_big(dir.path(), "accented.json", head, b'x', size, " quiz\"}]}");
    let shown = file.to_str().unwrap();
    let cap = SMALL_KIB + 3 * size as u64 / 1024;
    run_with(
        &format!("'{shown}'"),
        "-f quiz --sort score",
        shown,
        Expect::Loads(&["a", "b"]),
        cap,
    );
}
