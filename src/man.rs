//! The manual page, `tlx(1)`, generated from the code: the options from
//! clap's definitions (`cli.rs`), the keys from the key table
//! (`app::keymap::BINDINGS`), the rest from the `--help` text and the
//! sections below. `tlx --man` prints it; `docs/tlx.1` is a copy a test
//! keeps in step.

use roff::{Roff, bold, italic, roman};

use crate::app::keymap;

/// Exit statuses, as `main.rs` returns them.
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Something was printed: the events chosen, or the matches of --filter.",
    ),
    ("1", "No match, or nothing chosen (Enter on an empty list)."),
    (
        "2",
        "An error: a file that cannot be read, an invalid option or configuration, no terminal for the explorer.",
    ),
    (
        "130",
        "Cancelled: Esc on an empty query, q, Ctrl-C, SIGTERM or SIGHUP.",
    ),
];

/// The environment variables tlx reads.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "TLX_CONFIG",
        "The configuration file to read instead of the one under XDG_CONFIG_HOME.",
    ),
    (
        "TLX_DEFAULT_OPTS",
        "Options read before the command line's (after the configuration file's default_opts), as fzf's FZF_DEFAULT_OPTS.",
    ),
    (
        "TLX_OPENER",
        "The command that opens an event's source address, instead of the configuration's opener or the platform's (xdg-open, open).",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour (https://no-color.org); --color always still colours.",
    ),
    (
        "CLICOLOR_FORCE",
        "When set and not 0, colour even when the output is not a terminal.",
    ),
    (
        "XDG_CONFIG_HOME",
        "Where the configuration directory is; ~/.config when unset, on every platform.",
    ),
    (
        "XDG_STATE_HOME",
        "Where the query history is kept; ~/.local/state when unset.",
    ),
];

/// The files tlx reads and writes.
const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/tlx/config.toml",
        "The configuration (TOML): default options, key bindings, theme, opener. Else ~/.config/tlx/config.toml; TLX_CONFIG names another.",
    ),
    (
        "$XDG_STATE_HOME/tlx/history",
        "The queries accepted with Enter, one a line, newest last (a backslash and line breaks written \\\\, \\n), recalled with Alt-Up and Alt-Down. Else ~/.local/state/tlx/history. --no-history, or history = false in the configuration, neither reads nor writes it.",
    ),
];

/// The manual page as roff.
pub fn page() -> Vec<u8> {
    let cmd = crate::cli::command(&crate::app::Keymap::default());
    let man = clap_mangen::Man::new(cmd.clone()).date("");
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = man.render_title(&mut out);

    let mut roff = Roff::new();
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    let about = about
        .strip_prefix("tlx: ")
        .unwrap_or(&about)
        .trim_end_matches('.');
    roff.control("SH", ["NAME"]);
    roff.text([roman(format!("tlx - {about}"))]);
    roff.to_writer(&mut out).ok();
    let _ = man.render_synopsis_section(&mut out);

    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"]);
    roff.text([bold("tlx"), roman(format!(" lets you {about}."))]);
    let after = cmd
        .get_after_help()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let mut examples = Vec::new();
    for paragraph in after.split("\n\n") {
        let first = paragraph.lines().next().unwrap_or("");
        if first.starts_with("Keys") || first.starts_with("Exit status") {
            // Their own sections below say more.
            continue;
        }
        if let Some(rest) = paragraph.strip_prefix("Examples:") {
            examples.extend(rest.lines().filter_map(example));
            continue;
        }
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        roff.control("PP", []);
        roff.text([roman(words.join(" "))]);
    }
    roff.to_writer(&mut out).ok();
    let _ = man.render_options_section(&mut out);

    let mut roff = Roff::new();
    keys(&mut roff);
    roff.control("SH", ["EXIT STATUS"]);
    list(&mut roff, EXIT_STATUS);
    roff.control("SH", ["ENVIRONMENT"]);
    list(&mut roff, ENVIRONMENT);
    roff.control("SH", ["FILES"]);
    for (path, what) in FILES {
        roff.control("TP", []);
        roff.text([italic(*path)]);
        roff.text([roman(*what)]);
    }
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        for (command, what) in examples {
            roff.control("TP", []);
            roff.text([bold(command)]);
            if !what.is_empty() {
                roff.text([roman(what)]);
            }
        }
    }
    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        bold("fzf"),
        roman("(1), whose query syntax and keys tlx follows; "),
        italic("docs/keys.md"),
        roman(" in the sources, the same key table."),
    ]);
    roff.to_writer(&mut out).ok();
    let _ = man.render_version_section(&mut out);
    out
}

/// The KEYS section: the default key table, a subsection per scope.
fn keys(roff: &mut Roff) {
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "tlx starts on the query line: typing searches at once, as in fzf, and moving, \
         marking and printing use keys that type nothing. Ctrl-L moves to the events \
         list, where letters are commands; / or Esc comes back to the query. \
         F1 (or ? while browsing) shows this table in tlx. These are the default keys.",
    )]);
    for scope in keymap::Scope::ALL {
        // The title as a text line, not a macro argument, so it is escaped.
        roff.control("SS", []);
        roff.text([roman(scope.title())]);
        for b in keymap::BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(keymap::key_label).collect();
            roff.control("TP", []);
            roff.text([bold(keys.join(", "))]);
            roff.text([roman(b.help)]);
        }
    }
    roff.control("SS", []);
    roff.text([roman("Mouse")]);
    for (gesture, what) in keymap::MOUSE_HELP {
        roff.control("TP", []);
        roff.text([bold(*gesture)]);
        roff.text([roman(*what)]);
    }
}

/// A `.TP` list of (term, description).
fn list(roff: &mut Roff, items: &[(&str, &str)]) {
    for (term, what) in items {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*what)]);
    }
}

/// An example line of `--help` (`  COMMAND   WHAT IT DOES`, or a command
/// too long for a description) as its two parts.
fn example(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let split = line.find("   ").unwrap_or(line.len());
    let (command, what) = line.split_at(split);
    Some((command.trim().to_owned(), what.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> String {
        String::from_utf8(page()).expect("roff is UTF-8")
    }

    #[test]
    fn the_page_has_every_section_and_escapes_what_roff_would_read() {
        let page = text();
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH KEYS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES",
        ] {
            assert!(page.contains(section), "{section} missing");
        }
        // Hyphens are roff's \-, apostrophes its \*(Aq; no text line starts
        // with a control character.
        assert!(page.contains(r"\fBCtrl\-W, Alt\-Backspace\fR"), "{page}");
        assert!(page.contains(r"\fBTLX_DEFAULT_OPTS\fR"));
        assert!(page.contains(r"tlx \-\-filter \*(Aqorange cloud\*(Aq"));
        assert!(page.contains(r"written \\\\, \\n"));
        for line in page.lines() {
            assert!(!line.starts_with('\''), "{line}");
            if let Some(request) = line.strip_prefix('.') {
                let name = request.split(' ').next().unwrap_or("");
                assert!(
                    [
                        "TH", "SH", "SS", "TP", "PP", "IP", "RS", "RE", "br", "ie", "el", "B", "I"
                    ]
                    .contains(&name),
                    "unexpected request {line:?}"
                );
            }
        }
    }

    #[test]
    fn every_binding_is_in_the_keys_section() {
        let page = text();
        let keys = &page[page.find(".SH KEYS").unwrap()..];
        for b in keymap::BINDINGS {
            let label = keymap::key_label(&b.keys[0]).replace('-', r"\-");
            assert!(keys.contains(&label), "{label}");
        }
        assert!(keys.contains("older query from the history"));
        assert!(
            !page.contains("Keys: type to search"),
            "the --help keys paragraph"
        );
    }

    #[test]
    fn docs_tlx_1_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/tlx.1");
        let expected = page();
        let actual = std::fs::read(path).unwrap_or_default();
        if actual != expected {
            if std::env::var_os("TLX_UPDATE_DOCS").is_some() {
                std::fs::write(path, &expected).unwrap();
            } else {
                panic!("docs/tlx.1 is stale: run `TLX_UPDATE_DOCS=1 cargo test --lib docs_tlx_1`");
            }
        }
    }
}
