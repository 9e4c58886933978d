//! Standard input as the timeline, as fzf: read when no FILE is named and
//! it is a pipe or a file; a terminal, `/dev/null` or a closed standard
//! input leaves the embedded timeline.

mod support {
    pub mod run;
}

use std::process::{Command, Stdio};

use support::run::tlx_with_stdin;

const BIN: &str = env!("CARGO_BIN_EXE_tlx");

const JSONL: &str = "{\"id\": \"a\", \"date\": \"2001\", \"title\": \"Alpha\"}\n\
                     {\"id\": \"b\", \"date\": \"2002\", \"title\": \"Beta\"}\n";

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn embedded_count() -> usize {
    tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded])
        .unwrap()
        .0
        .events
        .len()
}

#[test]
fn a_pipe_with_no_file_is_the_timeline() {
    let o = tlx_with_stdin(&["--check"], JSONL);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("-: ok, JSON Lines, 2 events\n"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn filter_all_from_a_pipe_prints_its_events() {
    let o = tlx_with_stdin(&["-f", "", "--format", "id"], JSONL);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "a\nb\n");
    assert_eq!(text(&o.stderr), "");
    let o = tlx_with_stdin(&["-f", "beta", "--format", "id"], JSONL);
    assert_eq!(text(&o.stdout), "b\n");
}

#[test]
fn a_regular_file_as_standard_input_is_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    std::fs::write(&path, JSONL).unwrap();
    let o = Command::new(BIN)
        .args(["-f", "", "--format", "id"])
        .stdin(std::fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "a\nb\n");
}

#[test]
fn an_empty_pipe_is_an_empty_input_not_the_embedded_timeline() {
    let o = tlx_with_stdin(&["-f", "", "--format", "id"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("tlx: -: empty"),
        "{}",
        text(&o.stderr)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn dev_null_or_closed_standard_input_leaves_the_embedded_timeline() {
    let o = Command::new(BIN)
        .args(["-f", "", "--format", "id"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), embedded_count());
    // Closed (`<&-`): the same.
    let o = Command::new("bash")
        .args(["-c", "exec \"$TLX\" -f '' --format id <&-"])
        .env("TLX", BIN)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), embedded_count());
}

#[test]
fn a_named_file_wins_over_piped_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"z\", \"date\": \"2003\", \"title\": \"Z\"}\n",
    )
    .unwrap();
    let o = tlx_with_stdin(&[path.to_str().unwrap(), "-f", "", "--format", "id"], JSONL);
    assert_eq!(text(&o.stdout), "z\n");
    // With `-` beside it, both are merged.
    let o = tlx_with_stdin(
        &[path.to_str().unwrap(), "-", "-f", "", "--format", "id"],
        JSONL,
    );
    assert_eq!(text(&o.stdout), "a\nb\nz\n");
}

#[test]
fn dev_null_given_as_dash_is_an_empty_input() {
    let o = Command::new(BIN)
        .args(["-", "-f", ""])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("tlx: -: empty"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_read_error_on_standard_input_is_named_as_one() {
    // A directory as standard input: with `-`, reading it fails; with no
    // FILE, it is no data and the embedded timeline opens.
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(BIN)
        .args(["-", "-f", ""])
        .stdin(std::fs::File::open(dir.path()).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.starts_with("tlx: -: cannot read standard input: "),
        "{err}"
    );
    assert!(!err.contains("empty"), "{err}");
    let o = Command::new(BIN)
        .args(["-f", "", "--format", "id"])
        .stdin(std::fs::File::open(dir.path()).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), embedded_count());
}
