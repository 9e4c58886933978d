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

/// What bash's completion of `tlx WORDS…` offers for the last word, the
/// script loaded as a user loads it: `source <(tlx --completions bash)`.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = r#"
        source <(tlx --completions bash) || exit 3
        COMP_WORDS=("$@")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _tlx tlx "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        for word in "${COMPREPLY[@]}"; do printf '%s\n' "$word"; done
    "#;
    let mut args = vec!["--norc", "--noprofile", "-c", script, "bash"];
    args.extend_from_slice(words);
    shell_lines("bash", &args)
}

#[test]
fn bash_completes_the_format_names() {
    let offered = bash_completes(&["tlx", "--format", ""]);
    assert_eq!(
        offered,
        [
            "text",
            "jsonl",
            "json",
            "csv",
            "tsv",
            "md",
            "id",
            "timelinejs",
            "timelinejs-csv"
        ]
    );
    assert_eq!(
        bash_completes(&["tlx", "--format", "time"]),
        ["timelinejs", "timelinejs-csv"]
    );
    assert_eq!(
        bash_completes(&["tlx", "--sort", ""]),
        ["auto", "date", "-date", "score"]
    );
    // A template is still a format.
    let o = command()
        .args(["-f", "'togo", "--format", "{title}"])
        .stdin(Stdio::null())
        .output()
        .expect("tlx runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn bash_completes_the_countries_of_the_embedded_timeline_escaped_for_the_shell() {
    let offered = bash_completes(&["tlx", "--country", ""]);
    for country in ["Egypt", "Togo", r"United\ States"] {
        assert!(
            offered.iter().any(|o| o == country),
            "{country} in {offered:?}"
        );
    }
    // The word typed narrows them, in any case.
    assert_eq!(
        bash_completes(&["tlx", "-f", "x", "--country", "eg"]),
        ["Egypt"]
    );
    assert_eq!(
        bash_completes(&["tlx", "--country", "United"]),
        [r"United\ States"]
    );
    let companies = bash_completes(&["tlx", "--company", "Euro"]);
    assert!(
        companies.contains(&r"European\ Space\ Agency".to_owned()),
        "{companies:?}"
    );
}

#[test]
fn bash_completes_the_facets_of_the_files_on_the_line() {
    // The file's topics, not the embedded timeline's; options and their
    // values around it are passed over.
    let file = "tests/fixtures/events.jsonl";
    let expected = ["5G"];
    assert_eq!(bash_completes(&["tlx", file, "--topic", ""]), expected);
    assert_eq!(
        bash_completes(&["tlx", "--sort", "-date", "-q", "x", file, "--topic", ""]),
        expected
    );
    assert_eq!(
        bash_completes(&["tlx", "--", file, "--topic", ""]),
        expected
    );
    // A file that cannot be read offers nothing, and says nothing.
    assert!(bash_completes(&["tlx", "no-such-file.json", "--topic", ""]).is_empty());
}

/// `PATH` with the tlx under test first, as a user who installed it has.
fn path_with_tlx() -> std::ffi::OsString {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_tlx"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(bin.parent().expect("a directory").to_owned())
        .chain(std::env::split_paths(&path));
    std::env::join_paths(dirs).expect("PATH")
}

/// Runs `program ARGS` with tlx on the PATH, from the sources' directory;
/// its output lines.
fn shell_lines(program: &str, args: &[&str]) -> Vec<String> {
    let o = Command::new(program)
        .args(args)
        .env("PATH", path_with_tlx())
        .env("XDG_CONFIG_HOME", "/nonexistent/tlx-test-config")
        .env("XDG_STATE_HOME", "/nonexistent/tlx-test-state")
        .env_remove("TLX_CONFIG")
        .env_remove("TLX_DEFAULT_OPTS")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("the shell runs");
    assert!(
        o.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).expect("UTF-8");
    text.lines().map(str::to_owned).collect()
}

#[test]
fn fish_completes_format_names_and_facet_values() {
    if !have("fish") {
        eprintln!("skipped: no fish on this machine");
        return;
    }
    let complete = |line: &str| {
        let script = format!("tlx --completions fish | source; complete -C '{line}'");
        let lines = shell_lines("fish", &["--no-config", "-c", &script]);
        // `VALUE<TAB>description`: the values.
        lines
            .iter()
            .map(|l| l.split('\t').next().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    let formats = complete("tlx --format ");
    assert!(
        formats.contains(&"timelinejs-csv".to_owned()),
        "{formats:?}"
    );
    assert_eq!(complete("tlx --country Uni"), ["United States"]);
    let file = "tests/fixtures/events.jsonl";
    assert_eq!(
        complete(&format!("tlx --sort -date {file} --topic ")),
        ["5G"]
    );
}

#[test]
fn zsh_offers_the_facet_values_of_the_files_on_the_line() {
    if !have("zsh") {
        eprintln!("skipped: no zsh on this machine");
        return;
    }
    // The helper the script's `_arguments` calls, outside a completion
    // widget: `compadd` prints what it would offer.
    let script = r#"
        compdef() {}
        compadd() { print -l -- ${(P)${@[-1]}} }
        source <(tlx --completions zsh)
        facet=$1; shift
        words=(tlx "$@"); CURRENT=$#words
        _tlx_facet $facet
    "#;
    let run = |args: &[&str]| {
        let mut all = vec!["-f", "-c", script, "zsh"];
        all.extend_from_slice(args);
        shell_lines("zsh", &all)
    };
    let countries = run(&["country", "--country", ""]);
    for country in ["Egypt", "Togo", "United States"] {
        assert!(
            countries.iter().any(|c| c == country),
            "{country} in {countries:?}"
        );
    }
    let file = "'tests/fixtures/events.jsonl'";
    assert_eq!(
        run(&["topic", "--sort", "-date", file, "--topic", ""]),
        ["5G"]
    );
}
