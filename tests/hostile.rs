//! Hostile text: every C0 and C1 control, DEL, ESC/CSI/OSC/DCS sequences,
//! bidi overrides and zero-width characters, in every field of a timeline,
//! through every pane and every text output format. Nothing reaches the
//! terminal raw: checked on the bytes a real crossterm backend writes, and
//! in a pseudo-terminal, where the window title, clipboard and colours
//! must stay untouched.

#[allow(dead_code)]
mod support {
    pub mod pty;
}

use std::sync::OnceLock;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde_json::json;
use support::pty::{Session, path};
use tlx::app::{Action, Edit, Model, Move, Options, Runtime};
use tlx::timeline::parse;

/// Everything a timeline could use to drive a terminal or fool a reader.
fn hostile() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut s = String::from("H<");
        // Every C0 control (tab and line breaks included), DEL, every C1 control.
        s.extend(
            (0u32..0x20)
                .chain([0x7f])
                .chain(0x80..0xa0)
                .filter_map(char::from_u32),
        );
        for seq in [
            // CSI: colours, clear, cursor report, cursor moves, modes.
            "\u{1b}[31m",
            "\u{1b}[2J",
            "\u{1b}[6n",
            "\u{1b}[7777;8888H",
            "\u{1b}[?1049l",
            "\u{1b}[?25l",
            // OSC: title, icon, clipboard, palette, foreground, background.
            "\u{1b}]0;TITLE\u{7}",
            "\u{1b}]2;TITLE\u{1b}\\",
            "\u{1b}]1;ICON\u{7}",
            "\u{1b}]52;c;SGVsbG8=\u{7}",
            "\u{1b}]52;c;?\u{7}",
            "\u{1b}]4;1;rgb:ff/00/00\u{7}",
            "\u{1b}]10;#ff0000\u{7}",
            "\u{1b}]11;rgb:00/00/ff\u{1b}\\",
            "\u{1b}]8;;https://evil/\u{7}link\u{1b}]8;;\u{7}",
            // DCS, and the 8-bit C1 forms of CSI, OSC and DCS.
            "\u{1b}P1$r\u{1b}\\",
            "\u{1b}P+q544e\u{1b}\\",
            "\u{9b}31m",
            "\u{9d}2;TITLE\u{9c}",
            "\u{90}x\u{9c}",
            // Other escapes: reset, keypad, charset.
            "\u{1b}c",
            "\u{1b}=",
            "\u{1b}(0",
        ] {
            s.push_str(seq);
        }
        // Bidi embeddings, overrides, isolates and marks; zero-width and
        // invisible format characters.
        s.extend(
            (0x202a..=0x202e)
                .chain(0x2066..=0x2069)
                .chain([0x200e, 0x200f, 0x061c, 0x200b, 0xfeff])
                .chain(0x2060..=0x2064)
                .chain(0xfff9..=0xfffb)
                .filter_map(char::from_u32),
        );
        s.push_str(">H");
        s
    })
}

/// A timeline with the hostile text in every field, native and TimelineJS.
fn hostile_json() -> String {
    let h = hostile();
    let event = |i: usize| {
        json!({
            "id": format!("e{i}{h}"), "date": format!("{}", 2019 + i), "end_date": "2030",
            "title": format!("title {h}"), "summary": format!("{h}\n\nsecond {h}"),
            "kind": h, "place": h, "display_date": h,
            "companies": [format!("co {h}"), "Plain"], "countries": [format!("ct {h}")],
            "topics": [format!("tp {h}")], "people": [h, h],
            "sources": [{"publisher": h, "author": h, "title": h, "date": h, "language": h, "url": h}],
            "x": h,
        })
    };
    json!({
        "title": h, "description": h,
        "events": [event(0), event(1), event(2)],
        "eras": [{"start_date": {"year": "2019", "display_date": h},
                  "end_date": {"year": "2020"}, "text": {"headline": h, "text": h}}],
    })
    .to_string()
}

fn benign_json() -> String {
    hostile_json().replace(
        &serde_json::to_string(hostile()).unwrap()
            [1..serde_json::to_string(hostile()).unwrap().len() - 1],
        "plain",
    )
}

/// Draws the model into a crossterm backend over memory: the bytes a
/// terminal would receive.
fn frame_bytes(model: &Model) -> Vec<u8> {
    /// A writer whose bytes stay readable once the terminal has them.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let area = Rect::new(0, 0, model.size().width, model.size().height);
    let bytes = Shared::default();
    let backend = CrosstermBackend::new(bytes.clone());
    let options = TerminalOptions {
        viewport: Viewport::Fixed(area),
    };
    let mut terminal = Terminal::with_options(backend, options).unwrap();
    terminal.draw(|f| tlx::ui::view(model, f)).unwrap();
    drop(terminal);
    bytes.0.take()
}

/// Splits terminal output into tlx's own escape sequences, which must be
/// those ratatui's crossterm backend draws with (cursor moves inside the
/// screen, SGR styles, cursor show/hide), and text, which must hold no
/// control, no C1 and no invisible format character. Returns the text.
fn assert_only_drawing(bytes: &[u8], width: u16, height: u16, what: &str) -> String {
    let mut text = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != 0x1b {
            assert!(b >= 0x20 && b != 0x7f, "{what}: raw control byte {b:#04x}");
            text.push(b);
            i += 1;
            continue;
        }
        // ESC: only `CSI params final` of the kinds ratatui writes.
        assert_eq!(
            bytes.get(i + 1),
            Some(&b'['),
            "{what}: ESC not followed by ["
        );
        let start = i + 2;
        let mut end = start;
        while end < bytes.len() && matches!(bytes[end], b'0'..=b'9' | b';' | b'?' | b':') {
            end += 1;
        }
        let params = std::str::from_utf8(&bytes[start..end]).unwrap();
        let final_byte = *bytes.get(end).expect("a complete sequence");
        match final_byte {
            b'H' => {
                let (row, col) = params.split_once(';').expect("row;col");
                let (row, col): (u16, u16) = (row.parse().unwrap(), col.parse().unwrap());
                assert!(
                    (1..=height).contains(&row) && (1..=width).contains(&col),
                    "{what}: cursor moved off the screen to {row};{col}"
                );
            }
            b'm' => {
                let codes: Vec<u16> = params
                    .split([';', ':'])
                    .map(|p| if p.is_empty() { 0 } else { p.parse().unwrap() })
                    .collect();
                let mut k = 0;
                while k < codes.len() {
                    match codes[k] {
                        38 | 48 | 58 if codes.get(k + 1) == Some(&5) => k += 3,
                        38 | 48 | 58 if codes.get(k + 1) == Some(&2) => k += 5,
                        0..=9
                        | 21..=29
                        | 30..=37
                        | 39
                        | 40..=47
                        | 49
                        | 59
                        | 90..=97
                        | 100..=107 => k += 1,
                        other => panic!("{what}: SGR {other} is not ratatui's"),
                    }
                }
            }
            b'l' | b'h' => assert_eq!(params, "?25", "{what}: mode {params} changed"),
            other => panic!("{what}: CSI {params}{} is not ratatui's", char::from(other)),
        }
        i = end + 1;
    }
    let text = String::from_utf8(text).expect("UTF-8 text");
    for c in text.chars() {
        assert!(!tlx::text::is_unsafe(c), "{what}: raw {c:?} on the screen");
    }
    text
}

/// One action as a burst of one key.
fn dispatch(m: &mut Runtime, action: Action) {
    m.send(action);
    m.flush().unwrap();
}

fn type_text(m: &mut Runtime, s: &str) {
    for c in s.chars() {
        dispatch(m, Action::Edit(Edit::Insert(c)));
    }
}

/// Every pane, in every layout, with the hostile text everywhere.
#[test]
fn no_pane_writes_hostile_text_raw() {
    let timeline = parse("hostile.json", hostile_json().as_bytes()).unwrap();
    let mut seen_escape_glyph = false;
    for (w, h) in [(200, 60), (120, 35), (80, 24), (50, 20), (30, 8), (1, 1)] {
        let options = Options {
            multi: true,
            color: true,
            warnings: Vec::new(),
            // An address is linked only once it is safe: these never are.
            hyperlinks: true,
            ..Options::default()
        };
        let mut m = Runtime::headless(&timeline, options, w, h);
        let mut states: Vec<(&str, Vec<u8>)> = Vec::new();
        states.push(("query line", frame_bytes(m.model())));
        dispatch(&mut m, Action::Submit);
        states.push(("list", frame_bytes(m.model())));
        // Tab through filters, events and detail: narrow layouts show one at a time.
        for pane in ["detail", "facets", "events"] {
            dispatch(&mut m, Action::FocusNext);
            states.push((pane, frame_bytes(m.model())));
        }
        dispatch(&mut m, Action::FocusNext);
        dispatch(&mut m, Action::DetailScroll(Move::Bottom));
        states.push(("detail scrolled", frame_bytes(m.model())));
        // A facet selected (the status line names it), marks, months.
        dispatch(&mut m, Action::FocusNext);
        assert_eq!(m.model().focus(), tlx::app::Focus::Facets);
        dispatch(&mut m, Action::ToggleFacet);
        dispatch(&mut m, Action::FocusNext);
        dispatch(&mut m, Action::ToggleMark);
        dispatch(&mut m, Action::ZoomIn);
        states.push(("selected, marked, months", frame_bytes(m.model())));
        // Hostile text pasted and typed into both text lines.
        dispatch(&mut m, Action::Paste(hostile().to_string()));
        states.push(("query pasted", frame_bytes(m.model())));
        dispatch(&mut m, Action::Back);
        dispatch(&mut m, Action::Submit);
        dispatch(&mut m, Action::FocusPrev);
        assert_eq!(m.model().focus(), tlx::app::Focus::Facets);
        dispatch(&mut m, Action::FocusFacetSearch);
        type_text(&mut m, hostile());
        states.push(("facet filter typed", frame_bytes(m.model())));
        dispatch(&mut m, Action::Back);
        dispatch(&mut m, Action::Back);
        dispatch(&mut m, Action::ToggleHelp);
        states.push(("help", frame_bytes(m.model())));
        for (state, bytes) in states {
            let text = assert_only_drawing(&bytes, w, h, &format!("{w}x{h} {state}"));
            seen_escape_glyph |= text.contains('\u{241B}');
        }
    }
    // The text did reach the screen, as visible symbols.
    assert!(seen_escape_glyph);
}

/// The scanner above would catch a raw sequence.
#[test]
fn the_byte_scanner_catches_raw_sequences() {
    for raw in [
        "\u{1b}]2;T\u{7}",
        "\u{1b}[6n",
        "\u{1b}[99;1H",
        "\u{1b}P1$r",
        "\u{9b}1m",
        "\u{202e}",
    ] {
        let mut bytes = b"\x1b[1;1Hok".to_vec();
        bytes.extend_from_slice(raw.as_bytes());
        let caught = std::panic::catch_unwind(|| assert_only_drawing(&bytes, 80, 24, "probe"));
        assert!(caught.is_err(), "{raw:?} got through");
    }
}

/// The window title, clipboard and colours are untouched in a real
/// terminal, in every pane, and so are they when the choice is printed on
/// the terminal; the only sequences vt100 does not know are tlx's own.
#[test]
fn the_terminal_state_is_untouched_in_a_pty() {
    let run = |json: String| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.json");
        std::fs::write(&file, json).unwrap();
        let script = format!(
            "\"$TLX\" '{}' --format '{{id}} {{title}} {{summary}} {{people}} {{url}}'; echo \"exit=$?\"",
            path(&file)
        );
        let mut s = Session::start_script(&script, 120, 35);
        s.wait_ui(" 4/4 ");
        // One key at a time: keys arriving together may read as one
        // sequence (Esc then Tab as Alt-Tab). Typed text is checked above.
        let press = |s: &mut Session, keys: &[&str]| {
            for key in keys {
                s.send(key);
                std::thread::sleep(std::time::Duration::from_millis(30));
            }
        };
        // Ctrl-L: from the query line to the list, where letters are commands.
        press(&mut s, &["\u{c}", "j", " ", "?", "?", "+", "l", "h"]);
        s.wait_text("1 marked");
        s.resize(50, 20);
        s.wait_for("a frame at 50x20", |screen| {
            screen
                .contents()
                .lines()
                .nth(19)
                .is_some_and(|l| l.contains(" 4/4 "))
        });
        press(&mut s, &["h", "l", "G", "\r"]);
        s.wait_text("exit=0");
        assert_eq!(s.wait_exit(), 0);
        s.assert_terminal_restored();
        let parser = s.parser.lock().unwrap();
        let recorded = parser.callbacks();
        (
            recorded.side_effects(),
            recorded.csi.clone(),
            recorded.escapes.clone(),
            s.bytes.lock().unwrap().clone(),
        )
    };
    let (effects, csi, escapes, bytes) = run(hostile_json());
    assert_eq!(effects, "", "the terminal was asked to change");
    let (_, benign_csi, benign_escapes, _) = run(benign_json());
    let kinds = |v: &[String]| {
        let mut v: Vec<String> = v.to_vec();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(
        kinds(&csi),
        kinds(&benign_csi),
        "CSI sequences beyond tlx's own"
    );
    assert_eq!(escapes, benign_escapes, "escape sequences beyond tlx's own");
    // No OSC, DCS, C1 control, bidi or invisible character at all.
    assert!(!bytes.windows(2).any(|w| w == b"\x1b]" || w == b"\x1bP"));
    let raw = String::from_utf8_lossy(&bytes)
        .chars()
        .find(|&c| tlx::text::is_unsafe(c) && !c.is_ascii_control());
    assert_eq!(raw, None, "reached the terminal");
}

/// Every text output format on a terminal, and the messages: nothing raw.
#[test]
fn every_output_format_on_a_terminal_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.json");
    std::fs::write(&file, hostile_json()).unwrap();
    let bad = dir.path().join("bad.json");
    let h = serde_json::to_string(hostile()).unwrap();
    std::fs::write(
        &bad,
        format!(r#"[{{"id": {h}, "date": {h}, "title": "x"}}]"#),
    )
    .unwrap();
    let f = path(&file);
    let mut runs: Vec<(String, String)> = [
        "text", "csv", "tsv", "md", "id", "json", "jsonl",
        "{id}|{title}|{summary}|{kind}|{place}|{companies}|{countries}|{topics}|{people}|{url}|{date_label}",
    ]
    .iter()
    .map(|format| (format!("--format {format}"), format!("\"$TLX\" '{f}' -f '' --color always --format '{format}'")))
    .collect();
    runs.push(("--facets".into(), format!("\"$TLX\" '{f}' --facets")));
    runs.push((
        "--facets --format json".into(),
        format!("\"$TLX\" '{f}' --facets --format json"),
    ));
    runs.push(("--check".into(), format!("\"$TLX\" '{f}' --check")));
    runs.push((
        "an error".into(),
        format!("\"$TLX\" '{}' -f ''", path(&bad)),
    ));
    for (what, command) in runs {
        let mut s = Session::start_script(&format!("{command}; echo \"exit=$?\""), 200, 50);
        s.wait_text("exit=");
        s.wait_exit();
        let bytes = s.bytes.lock().unwrap().clone();
        let effects = s.parser.lock().unwrap().callbacks().side_effects();
        assert_eq!(effects, "", "{what}: the terminal was asked to change");
        // Only --color's SGR may appear; nothing else starts with ESC.
        let text = String::from_utf8(bytes).expect("UTF-8");
        let cleaned = ["\u{1b}[0m", "\u{1b}[1m", "\u{1b}[2m"]
            .iter()
            .fold(text, |t, sgr| t.replace(sgr, ""));
        for c in cleaned.chars() {
            assert!(
                matches!(c, '\n' | '\r' | '\t') || !tlx::text::is_unsafe(c),
                "{what}: raw {c:?} on the terminal"
            );
        }
        assert!(cleaned.contains("exit="), "{what}");
    }
}

/// Runs `tlx ARGS` with FILE holding `json`, stdout a pipe; its stdout.
fn piped(json: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.json");
    std::fs::write(&file, json).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tlx"))
        .arg(&file)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    out.stdout
}

#[test]
fn through_a_pipe_each_event_is_one_record_and_no_escape_gets_out() {
    let json = r#"[{"id":"nl\nid","date":"2020","title":"line1\nline2\u001b]2;TITLE\u0007\u001b]52;c;ZXZpbA==\u0007","summary":"a\u0000b\r\nc"},
                  {"id":"plain","date":"2021","title":"T"}]"#;
    // Before the fix: one event printed as two lines, OSC 2 and OSC 52 raw.
    for format in ["id", "text", "{id} {title} {summary}", "md"] {
        let out = String::from_utf8(piped(json, &["-f", "", "--format", format])).unwrap();
        let records = if format == "md" { 4 } else { 2 };
        assert_eq!(out.lines().count(), records, "{format}: {out:?}");
        assert!(
            out.chars().all(|c| c == '\n' || !tlx::text::is_unsafe(c)),
            "{format}: {out:?}"
        );
    }
    // --print0: line breaks may stay, NUL never inside a record.
    let out = piped(
        json,
        &["-f", "", "--print0", "--format", "{title}{summary}"],
    );
    assert_eq!(out.iter().filter(|&&b| b == 0).count(), 2, "{out:?}");
    let out = piped(
        json,
        &[
            "-f",
            "",
            "--print0",
            "--raw",
            "--format",
            "{title}{summary}",
        ],
    );
    assert_eq!(out.iter().filter(|&&b| b == 0).count(), 2, "{out:?}");
    assert!(String::from_utf8_lossy(&out).contains("line1\nline2\u{1b}]2;TITLE"));
    // --raw without --print0: the bytes, but the line breaks shown.
    let out = String::from_utf8(piped(json, &["-f", "", "--raw", "--format", "id"])).unwrap();
    assert_eq!(out, "nl\u{240a}id\nplain\n");
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_quoted_unless_raw() {
    let json = r#"[{"id":"f","date":"-0043","title":"=cmd|' /C calc'!A0","summary":"@SUM(A1)"}]"#;
    let out = String::from_utf8(piped(json, &["-f", "", "--format", "csv"])).unwrap();
    let row = out.lines().nth(1).unwrap();
    assert!(
        row.starts_with("f,-43,,false,'=cmd|' /C calc'!A0,"),
        "{row}"
    );
    assert!(row.ends_with(",'@SUM(A1)"), "{row}");
    let out = String::from_utf8(piped(json, &["-f", "", "--format", "csv", "--raw"])).unwrap();
    assert!(
        out.contains(",=cmd|' /C calc'!A0,") && out.ends_with(",@SUM(A1)\n"),
        "{out}"
    );
}
