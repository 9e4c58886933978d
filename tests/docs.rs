//! The documentation generated from the code, as a user meets it: the man
//! page through `man`, the completions through bash.

mod support {
    pub mod run;
}

use std::process::{Command, Stdio};

use support::run::command;

/// Whether `program` is on the PATH.
fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn tlx_man_prints_docs_tlx_1() {
    let o = command()
        .arg("--man")
        .stdin(Stdio::null())
        .output()
        .expect("tlx runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let committed =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/tlx.1")).expect("docs/tlx.1");
    assert!(
        o.stdout == committed,
        "docs/tlx.1 is stale: run `TLX_UPDATE_DOCS=1 cargo test --lib docs_tlx_1`"
    );
}

#[test]
fn the_man_page_renders_without_warnings_and_lists_the_keys() {
    if !have("man") {
        eprintln!("skipped: no `man` on this machine (.ci/run installs man-db)");
        return;
    }
    let page = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/tlx.1");
    // man-db's --warnings hands groff -w w: every warning groff knows.
    let o = Command::new("man")
        .args(["--warnings", "-l", page])
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("man runs");
    let (text, errors) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{errors}");
    assert_eq!(errors, "", "man warned");
    for heading in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "KEYS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
    ] {
        assert!(
            text.lines().any(|l| l == heading),
            "no {heading} section:\n{text}"
        );
    }
    let keys = &text[text.find("\nKEYS\n").expect("KEYS")..];
    for (keys_line, what) in [
        ("Ctrl-W, Alt-Backspace", "delete the word before the cursor"),
        ("Alt-D", "delete the word after the cursor"),
        ("Alt-↑, Alt-P", "older query from the history"),
    ] {
        assert!(keys.contains(keys_line), "{keys_line} in:\n{keys}");
        assert!(keys.contains(what), "{what} in:\n{keys}");
    }
    // Escaped right: options keep their hyphens, quotes their quotes.
    assert!(text.contains("--no-history"), "{text}");
    assert!(text.contains("tlx --filter 'orange cloud'"), "{text}");
    assert!(text.contains(r"written \\, \n"), "{text}");
}
