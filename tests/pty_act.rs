//! Acting on events in a real pseudo-terminal: the open key hands the
//! address to the opener (`TLX_OPENER`, here a script that records its
//! argument), with a choice when the event has several; the detail pane's
//! addresses are OSC 8 links; the copy key writes OSC 52.

#[allow(dead_code)]
mod support {
    pub mod pty;
}

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::pty::{Session, TIMEOUT, path};

/// Events with one address, two, and none (in date order).
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/addresses.json")
}

const ONE: &str = "https://example.org/news/2020/01/a-rather-long-address-that-would-wrap-over-several-lines?utm_source=tlx&id=12345";
const FIRST: &str = "https://example.org/first";
const SECOND: &str = "https://example.com/second?q=a%20b";

/// Sends keys one at a time: keys arriving together may read as one
/// sequence (Esc then a letter as Alt-letter).
fn press(s: &mut Session, keys: &[&str]) {
    for key in keys {
        s.send(key);
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// Waits until `file` holds exactly `want`.
fn wait_file(s: &Session, file: &Path, want: &str) {
    let start = Instant::now();
    loop {
        let got = std::fs::read_to_string(file).unwrap_or_default();
        if got == want {
            return;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "{} holds {got:?}, not {want:?}; screen:\n{}",
            file.display(),
            s.screen_text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The bytes tlx wrote hold `needle`.
fn wrote(s: &Session, needle: &[u8]) -> bool {
    s.bytes
        .lock()
        .unwrap()
        .windows(needle.len())
        .any(|w| w == needle)
}

#[test]
fn o_hands_the_address_to_the_opener_and_offers_a_choice_among_several() {
    // The opener is a word list, split as a shell would: `sh opener.sh`
    // then the address. The script is written once tlx runs, in the
    // session's directory, which is tlx's (and so the opener's) own.
    let mut s = Session::start_with_env(
        &[path(&fixture())],
        &[("TLX_OPENER", "sh 'opener.sh'")],
        120,
        35,
    );
    let opened = s.dir.path().join("opened.txt");
    std::fs::write(
        s.dir.path().join("opener.sh"),
        "printf '%s\\n' \"$1\" >> opened.txt\n",
    )
    .unwrap();
    s.wait_ui(" 3/3 ");
    // The first event's address, in the detail pane, is a link to itself.
    s.wait_text("a-rather-long-address-that");
    let link = format!("\x1b]8;;{ONE}\x1b\\https://example.org/news/");
    assert!(wrote(&s, link.as_bytes()), "no OSC 8 link to {ONE}");

    // Ctrl-L: to the list, where `o` opens at once the one address.
    press(&mut s, &["\u{c}", "o"]);
    wait_file(&s, &opened, &format!("{ONE}\n"));
    s.wait_text("opened https://example.org/news/");

    // Two addresses: a list; the second chosen with ↓ and Enter.
    press(&mut s, &["j", "o"]);
    s.wait_text("2 https://example.com/second?q=a%20b");
    assert!(s.screen_text().contains(&format!("1 {FIRST}")));
    press(&mut s, &["\u{1b}[B", "\r"]);
    wait_file(&s, &opened, &format!("{ONE}\n{SECOND}\n"));
    // A digit picks by number.
    press(&mut s, &["o", "1"]);
    wait_file(&s, &opened, &format!("{ONE}\n{SECOND}\n{FIRST}\n"));

    // No address: a notice, and nothing run.
    press(&mut s, &["j", "o"]);
    s.wait_text("no address to open");

    // Alt-O on the query line opens too.
    press(&mut s, &["/", "\u{10}", "\u{10}", "\u{1b}o"]);
    wait_file(&s, &opened, &format!("{ONE}\n{SECOND}\n{FIRST}\n{ONE}\n"));

    press(&mut s, &["\u{3}"]);
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[test]
fn y_copies_the_chosen_events_in_the_format_through_osc_52() {
    let mut s = Session::start(&[path(&fixture()), "--format", "{id}|{title}"], 120, 35);
    s.wait_ui(" 3/3 ");
    press(&mut s, &["\u{c}", "y"]);
    s.wait_text("copied 1 event (15 bytes)");
    // base64 of "one|One source\n".
    assert!(wrote(&s, b"\x1b]52;c;b25lfE9uZSBzb3VyY2UK\x07"));
    // Two marked: both, in the list's order.
    press(&mut s, &[" ", " ", "y"]);
    s.wait_text("copied 2 events (31 bytes)");
    // base64 of "one|One source\ntwo|Two sources\n".
    assert!(wrote(
        &s,
        b"\x1b]52;c;b25lfE9uZSBzb3VyY2UKdHdvfFR3byBzb3VyY2VzCg==\x07"
    ));
    let clipboard = s.parser.lock().unwrap().callbacks().clipboard.clone();
    assert_eq!(clipboard.len(), 2, "{clipboard:?}");
    press(&mut s, &["q"]);
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[test]
fn a_key_bound_to_execute_runs_the_command_with_the_terminal_handed_back() {
    // Bound in a config file, as a user binds it; the command appends the
    // event's id, quoted by tlx, to a file in tlx's own directory.
    let config = tempfile::tempdir().unwrap();
    let file = config.path().join("config.toml");
    std::fs::write(
        &file,
        "[keys]\nf5 = \"execute:printf '%s\\\\n' {id} >> ids.txt; printf 'ran in the shell'; sleep 0.3\"\n",
    )
    .unwrap();
    let mut s =
        Session::start_with_env(&[path(&fixture())], &[("TLX_CONFIG", path(&file))], 120, 35);
    let ids = s.dir.path().join("ids.txt");
    s.wait_ui(" 3/3 ");
    // Down to the second event, then F5.
    press(&mut s, &["\u{1b}[B", "\u{1b}[15~"]);
    // The command writes on the terminal itself, off the alternate screen.
    s.wait_for("the command's output on the main screen", |screen| {
        !screen.alternate_screen() && screen.contents().contains("ran in the shell")
    });
    wait_file(&s, &ids, "two\n");
    // Back in the explorer, which says how it went.
    s.wait_ui("ran the command (exit 0)");
    press(&mut s, &["\u{3}"]);
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}
