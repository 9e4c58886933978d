//! Running the real binary with data on its standard input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// tlx with `args`, `input` written to its standard input (a pipe), its
/// output collected.
pub fn tlx_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlx"))
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
