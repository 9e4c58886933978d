//! Running the real binary: with its standard input closed, or with data on it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// tlx as the tests run it: the user's own config and default options left out.
#[allow(dead_code)]
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tlx"));
    cmd.env("XDG_CONFIG_HOME", "/nonexistent/tlx-test-config");
    cmd.env("XDG_STATE_HOME", "/nonexistent/tlx-test-state");
    for name in ["TLX_CONFIG", "TLX_DEFAULT_OPTS", "TLX_OPENER"] {
        cmd.env_remove(name);
    }
    cmd
}

/// tlx with `args`, standard input closed, colour off; its output.
#[allow(dead_code)] // Each test file that includes this module uses what it needs.
pub fn tlx(args: &[&str]) -> Output {
    command()
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("tlx runs")
}

/// tlx with `args`, `input` written to its standard input (a pipe), its
/// output collected.
#[allow(dead_code)] // Each test file that includes this module uses what it needs.
pub fn tlx_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tlx runs");
    // tlx may end without reading it all (a named FILE wins over piped
    // data): a closed pipe here is not the test's failure.
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("tlx ends")
}
