//! The real binary in a real pseudo-terminal, read back through the `vt100`
//! terminal emulator (the harness is in `support/pty.rs`).

#[allow(dead_code)]
mod support {
    pub mod pty;
}

use support::pty::{BIN, Session, path};
use tlx::search::{Criteria, Query, Sort, search};
use tlx::timeline::{Input, load_inputs};

/// Ids of the embedded events matching `query`, in date order.
fn embedded_ids(query: &str) -> Vec<String> {
    let tl = load_inputs(&[Input::Embedded]).unwrap().0;
    let filter = Criteria {
        query: Query::parse(query),
        ..Criteria::default()
    };
    search(&tl, &filter, Sort::default())
        .iter()
        .map(|h| tl.events[h.index as usize].id().to_string())
        .collect()
}

fn total() -> String {
    let n = load_inputs(&[Input::Embedded]).unwrap().0.events.len();
    format!("{n}/{n}")
}

/// The down arrow, as a terminal sends it.
const DOWN: &str = "\u{1b}[B";
/// Esc, alone.
const ESC: &str = "\u{1b}";

#[test]
fn type_move_mark_two_and_enter_prints_exactly_those() {
    let ids = embedded_ids("'togo");
    assert!(ids.len() >= 3, "{ids:?}");
    let mut s = Session::start(&["--format", "id"], 120, 35);
    s.wait_text(&total());
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    // Typing searches at once: no key to press first.
    s.send("'togo");
    s.wait_text(&format!(" {}/", ids.len()));
    s.send(DOWN); // second match, still on the query line
    s.send("\t"); // mark it (and move down)
    s.send("\t"); // mark the third
    s.wait_text("2 marked");
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), format!("{}\n{}\n", ids[1], ids[2]));
    s.assert_terminal_restored();
}

#[test]
fn typing_togo_and_enter_prints_a_togo_event() {
    let mut s = Session::start(&["--format", "{countries}"], 100, 30);
    s.wait_text(&total());
    s.send("togo");
    s.wait_text("› togo");
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert!(s.stdout().contains("Togo"), "{}", s.stdout());
    s.assert_terminal_restored();
}

#[test]
fn letters_that_were_commands_type_and_esc_clears_then_quits() {
    let mut s = Session::start(&["--format", "id"], 100, 24);
    s.wait_text(&total());
    // `q` once quit, `s` sorted, `c` cleared: now they are the query.
    s.send("qualcomm");
    s.wait_text("› qualcomm");
    s.wait_text("0/");
    s.send("\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}"); // Ctrl-H × 8
    s.send("sanctions");
    s.wait_text("› sanctions");
    s.send(ESC); // clears the query
    s.wait_text(&total());
    s.wait_text("type to search");
    s.send(ESC); // nothing left to clear: quit
    assert_eq!(s.wait_exit(), 130);
    assert_eq!(s.stdout(), "");
    s.assert_terminal_restored();
}

#[test]
fn q_in_the_list_quits_with_130_and_prints_nothing() {
    let mut s = Session::start(&["--format", "id"], 80, 24);
    s.wait_text(&total());
    s.send("\u{c}"); // Ctrl-L: browse the list, where letters are commands
    s.wait_text("/ to search");
    s.send("q");
    assert_eq!(s.wait_exit(), 130);
    assert_eq!(s.stdout(), "");
    s.assert_terminal_restored();
}

#[test]
fn a_lone_operator_does_not_empty_the_list() {
    let mut s = Session::start(&["--format", "id"], 100, 24);
    s.wait_text(&total());
    s.send("!");
    s.wait_text("› !");
    s.wait_text(&total());
    s.send("huawei");
    s.wait_text("› !huawei");
    s.send("\u{15}"); // Ctrl-U
    s.send("^");
    s.wait_text("› ^");
    s.wait_text(&total());
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);
}

#[test]
fn field_and_date_terms_narrow_in_the_ui() {
    let egypt = embedded_ids("country:egypt");
    assert_eq!(egypt, ["telecom-egypt-cloud-memorandum"]);
    let mut s = Session::start(&["--format", "id"], 100, 24);
    s.wait_text(&total());
    s.send("country:egypte");
    s.wait_text(&format!(" 1/{} ", embedded_ids("").len()));
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), "telecom-egypt-cloud-memorandum\n");

    let in_2018 = embedded_ids("date:2018");
    assert!(in_2018.len() >= 3, "{in_2018:?}");
    let mut s = Session::start(&["--format", "id"], 100, 24);
    s.wait_text(&total());
    s.send("date:2018");
    s.wait_text(&format!(" {}/", in_2018.len()));
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);
}

#[test]
fn an_unknown_facet_value_is_named_in_the_status_line_and_matches_nothing() {
    let mut s = Session::start(&["--company", "nosuch", "--company", "huawei"], 100, 24);
    // OR within the facet: Huawei's events, the unknown one by name.
    s.wait_text("company: Huawei | nosuch");
    s.send(ESC);
    assert_eq!(s.wait_exit(), 130);
    let mut s = Session::start(&["--company", "nosuch"], 100, 24);
    s.wait_text(&format!("0/{}", embedded_ids("").len()));
    s.wait_text("company: nosuch");
    s.send(ESC);
    assert_eq!(s.wait_exit(), 130);
}

#[test]
fn ctrl_c_and_esc_cancel_too() {
    let mut s = Session::start(&[], 80, 24);
    s.wait_text(&total());
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);
    assert_eq!(s.stdout(), "");
    s.assert_terminal_restored();

    let mut s = Session::start(&["--query", "'monaco"], 80, 24);
    s.wait_text("monaco");
    s.send("\u{1b}"); // clears the query
    s.wait_text(&total());
    s.send("\u{1b}"); // nothing left to clear: quit
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[test]
fn enter_on_an_empty_list_exits_1() {
    let mut s = Session::start(&["--query", "'zzzzqqq"], 80, 24);
    s.wait_text("No event matches");
    s.send("\r");
    assert_eq!(s.wait_exit(), 1);
    assert_eq!(s.stdout(), "");
    s.assert_terminal_restored();
}

#[test]
fn resizing_to_20x6_redraws_and_keeps_running() {
    let mut s = Session::start(&[], 120, 35);
    s.wait_text(&total());
    s.resize(20, 6);
    // The status line moves to the new last row: a fresh frame.
    s.wait_for("the status line on row 6", |screen| {
        screen
            .contents()
            .lines()
            .nth(5)
            .is_some_and(|l| l.contains(&total()))
    });
    s.send(DOWN);
    s.resize(100, 30);
    s.wait_for("a wide frame again", |screen| {
        screen
            .contents()
            .lines()
            .nth(29)
            .is_some_and(|l| l.contains(&total()))
    });
    s.send(ESC);
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[path = "../examples/gen_timeline/generate.rs"]
mod generate;

/// From `app::DEFER_FROM` events on, searches run on a worker thread: the
/// query and two Enters typed in one go (the second before the search is
/// done, most likely) still print the query's first match.
#[test]
fn a_large_timeline_searches_on_a_worker_and_enter_waits_for_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("large.json");
    let mut json = Vec::new();
    generate::write_timeline(&mut json, tlx::app::DEFER_FROM + 1000, 42).unwrap();
    std::fs::write(&data, &json).unwrap();
    let tl = tlx::timeline::parse("large", &json).unwrap();
    let n = tl.events.len();
    assert!(n >= tlx::app::DEFER_FROM);
    let filter = Criteria {
        query: Query::parse("orange cloud"),
        ..Criteria::default()
    };
    let hits = search(&tl, &filter, Sort::default());
    assert!(!hits.is_empty());
    let first = tl.events[hits[0].index as usize].id();
    let mut s = Session::start(&["--format", "id", path(&data)], 120, 35);
    s.wait_text(&format!("{n}/{n}"));
    s.send("orange cloud\r\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), format!("{first}\n"));
    s.assert_terminal_restored();
}

#[test]
fn hostile_text_cannot_retitle_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hostile.json");
    std::fs::write(
        &data,
        r#"{"title": "x\u001b]2;TITLE\u0007", "events": [
          {"id": "evil", "date": "2020", "title": "evil \u001b]2;TITLE\u0007 done",
           "summary": "more \u001b]0;ICON\u0007 and \u009d2;C1\u009c", "companies": ["Bad\u001b]2;CO\u0007"]}
        ]}"#,
    )
    .unwrap();
    let mut s = Session::start(&[path(&data)], 100, 30);
    s.wait_text("done");
    // Shown as visible symbols instead.
    s.wait_text("\u{241B}]2;TITLE\u{2407}");
    s.send(ESC);
    assert_eq!(s.wait_exit(), 130);
    let parser = s.parser.lock().unwrap();
    assert!(
        parser.callbacks().titles.is_empty(),
        "title changed: {:?}",
        parser.callbacks().titles
    );
}

/// The title check above would see a title set the ordinary way.
#[test]
fn the_title_recorder_sees_a_real_title_change() {
    let mut s = Session::start_program("sh", &["-c", "printf '\\033]2;TITLE\\007' >&2"], 40, 5);
    assert_eq!(s.wait_exit(), 0);
    let parser = s.parser.lock().unwrap();
    assert_eq!(parser.callbacks().titles, [b"TITLE".to_vec()]);
}

#[test]
fn sigterm_sighup_and_sigint_restore_the_terminal_and_exit_130() {
    for signal in ["TERM", "HUP", "INT"] {
        let mut s = Session::start(&["--format", "id"], 80, 24);
        s.wait_text(&total());
        let pid = s.child.process_id().expect("pid");
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        assert_eq!(s.wait_exit(), 130, "SIG{signal}");
        assert_eq!(s.stdout(), "");
        s.assert_terminal_restored();
    }
}

#[test]
fn ctrl_z_leaves_and_reenters_the_screen() {
    // In this pty tlx leads an orphaned process group, where the kernel
    // discards the stop: tlx restores the terminal, "resumes" at once,
    // and must come back whole.
    let mut s = Session::start(&[], 80, 24);
    s.wait_text(&total());
    s.send("\u{1a}");
    s.send(DOWN);
    s.wait_for("the second event in the detail", |screen| {
        screen.contents().contains("Flexible")
    });
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send(ESC);
    let code = s.wait_exit();
    assert_eq!(code, 130, "{}", s.screen_text());
    s.assert_terminal_restored();
}

#[test]
fn no_terminal_is_a_clear_error() {
    // `setsid` starts tlx in a new session with no controlling terminal.
    if std::process::Command::new("setsid")
        .arg("true")
        .status()
        .is_err()
    {
        eprintln!("setsid not available; skipped");
        return;
    }
    let o = std::process::Command::new("setsid")
        .args(["-w", BIN])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no terminal"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_range_chosen_on_the_strip_filters_and_enter_prints_only_its_events() {
    use tlx::timeline::PartialDate;
    // What `--since 2015-01 --until 2016-12` keeps, in date order.
    let tl = load_inputs(&[Input::Embedded]).unwrap().0;
    let range = Criteria {
        since: Some(PartialDate::parse("2015-01").unwrap()),
        until: Some(PartialDate::parse("2016-12").unwrap()),
        ..Criteria::default()
    };
    let want: Vec<String> = search(&tl, &range, Sort::default())
        .iter()
        .map(|h| tl.events[h.index as usize].id().to_string())
        .collect();
    assert!(!want.is_empty() && want.len() < tl.events.len(), "{want:?}");
    let mut s = Session::start(&["--format", "id"], 120, 35);
    s.wait_text(&total());
    // Browse (Ctrl-L), zoom the strip to months, start a range at the
    // first event (2015) and stretch it over two years, month by month.
    s.send("\u{c}");
    s.send("+");
    s.wait_text("─ months ");
    s.send("v");
    s.wait_text("choosing Jan 2015 … Jan 2015");
    s.send(&"]".repeat(23));
    s.wait_text("choosing Jan 2015 … Dec 2016");
    s.send("\r");
    s.wait_text("since 2015-01 · until 2016-12");
    s.wait_text(&format!(" {}/{} ", want.len(), tl.events.len()));
    // Mark every event left, then print them.
    s.send(&" ".repeat(want.len()));
    s.wait_text(&format!("{} marked", want.len()));
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), format!("{}\n", want.join("\n")));
    s.assert_terminal_restored();
}

/// Alt-Up, as xterm sends it.
const ALT_UP: &str = "\u{1b}[1;3A";

#[test]
fn the_query_accepted_in_one_run_is_recalled_with_alt_up_in_the_next() {
    let state = tempfile::tempdir().expect("temp dir");
    let state_dir = state.path().to_str().expect("a UTF-8 temp path");
    let env = [("XDG_STATE_HOME", state_dir)];
    let togo = embedded_ids("togo");
    assert!(!togo.is_empty() && togo.len() < embedded_ids("").len());

    // A run with the history off saves nothing.
    let mut s = Session::start_with_env(&["--format", "id", "--no-history"], &env, 120, 35);
    s.wait_text(&total());
    s.send("egypt\r");
    assert_eq!(s.wait_exit(), 0);
    assert!(!state.path().join("tlx").exists(), "--no-history wrote");

    let mut s = Session::start_with_env(&["--format", "id"], &env, 120, 35);
    s.wait_text(&total());
    s.send("togo");
    s.wait_text("› togo");
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    let saved = std::fs::read_to_string(state.path().join("tlx").join("history"));
    assert_eq!(saved.expect("the history file"), "togo\n");

    // The next run starts empty; Alt-Up brings the query back and searches it.
    let mut s = Session::start_with_env(&["--format", "id"], &env, 120, 35);
    s.wait_text(&total());
    s.send(ALT_UP);
    s.wait_text("› togo");
    s.wait_text(&format!(" {}/", togo.len()));
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), format!("{}\n", togo[0]));

    // With --no-history, the same key recalls nothing and says why.
    let mut s = Session::start_with_env(&["--no-history"], &env, 120, 35);
    s.wait_text(&total());
    s.send(ALT_UP);
    s.wait_text("history is off");
    assert!(!s.screen_text().contains("› togo"), "{}", s.screen_text());
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[test]
fn readline_words_and_select_all_work_from_the_keys_a_terminal_sends() {
    let mut s = Session::start(&["--format", "id"], 120, 35);
    s.wait_text(&total());
    s.send("'togo orange");
    s.wait_text("› 'togo orange");
    s.send("\u{17}"); // Ctrl-W
    s.wait_text(&format!(" {}/", embedded_ids("'togo").len()));
    s.send("\u{1b}b"); // Alt-B: to the start of `'togo`
    s.send("\u{1b}d"); // Alt-D: delete it
    s.send("\u{19}"); // Ctrl-Y: the last kill, `'togo` (Alt-B broke the run of kills)
    s.send("\u{1b}[1;5C"); // Ctrl-→: past the space Ctrl-W left
    s.send("5g");
    s.wait_text("› 'togo 5g");
    let shown = embedded_ids("'togo 5g").len();
    assert!(shown >= 2, "{shown}");
    s.send("\u{1b}a"); // Alt-A: mark every event shown
    s.wait_text(&format!("{shown} marked"));
    s.send("\u{1b}u"); // Alt-U: unmark them
    s.wait_for("no marks", |screen| !screen.contents().contains(" marked"));
    s.send("\u{1b}a\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout().lines().count(), shown);
    s.assert_terminal_restored();
}

#[test]
fn a_history_that_cannot_be_saved_is_a_note_not_a_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The state directory is a file: nothing can be made under it.
    let state = dir.path().join("state");
    std::fs::write(&state, "").expect("a file");
    let state = state.to_str().expect("a UTF-8 temp path");
    let mut s = Session::start_with_env(&["--format", "id"], &[("XDG_STATE_HOME", state)], 120, 35);
    // Nor read: the UI counts it with the warnings.
    s.wait_text("1 warning");
    s.send("togo\r");
    assert_eq!(s.wait_exit(), 0);
    assert!(!s.stdout().is_empty());
    s.wait_text("tlx: note: cannot save the query history");
}

/// A small timeline with one event per (id, year, title).
fn reload_fixture(events: &[(&str, &str, &str)]) -> String {
    let list: Vec<String> = events
        .iter()
        .map(|(id, date, title)| {
            format!(r#"{{"id": "{id}", "date": "{date}", "title": "{title}"}}"#)
        })
        .collect();
    format!(
        r#"{{"title": "Harbours", "events": [{}]}}"#,
        list.join(", ")
    )
}

/// Replaces `path` as an editor does: a new file renamed over it.
fn save_as_editor(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn reload_on_save_keeps_query_and_marks_and_a_broken_save_keeps_the_events() {
    let events = [
        ("a", "2001", "Alpha harbour"),
        ("b", "2002", "Beta harbour"),
        ("c", "2003", "Gamma field"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("harbours.json");
    std::fs::write(&file, reload_fixture(&events)).unwrap();
    let mut s = Session::start(&["--format", "id", path(&file)], 120, 35);
    s.wait_ui(" 3/3 ");
    s.send("harbour");
    s.wait_text(" 2/3 ");
    s.send("\t"); // mark Alpha, move to Beta
    s.wait_text("1 marked");
    // A new event that matches the query, written as an editor writes;
    // dated first, it moves every event's index (Enter must print from
    // the new timeline).
    let mut more = events.to_vec();
    more.push(("d", "1999", "Delta harbour"));
    save_as_editor(&file, &reload_fixture(&more));
    s.wait_text("reloaded: +1 new, 0 changed, 0 removed");
    s.wait_text(" 3/4 ");
    s.wait_text("Delta harbour");
    let screen = s.screen_text();
    assert!(screen.contains("› harbour"), "{screen}");
    assert!(screen.contains("1 marked"), "{screen}");
    // A save in the middle of an edit: the error shows, the events stay.
    std::fs::write(&file, "{\"events\": [{\"id\": \"a\",").unwrap();
    s.wait_text("reload failed: ");
    s.wait_text("harbours.json:1:");
    let screen = s.screen_text();
    assert!(
        screen.contains(" 3/4 ") && screen.contains("Delta harbour"),
        "{screen}"
    );
    assert!(screen.contains("1 marked"), "{screen}");
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), "a\n");
    s.assert_terminal_restored();
}

#[test]
fn reload_by_f5_with_no_watch_and_refused_for_the_embedded_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.json");
    std::fs::write(&file, reload_fixture(&[("a", "2001", "Alpha")])).unwrap();
    let mut s = Session::start(&["--no-watch", path(&file)], 120, 35);
    s.wait_ui(" 1/1 ");
    std::fs::write(&file, reload_fixture(&[("a", "2001", "Alpha, renamed")])).unwrap();
    s.send("\u{1b}[15~"); // F5
    s.wait_text("reloaded: +0 new, 1 changed, 0 removed");
    s.wait_text("Alpha, renamed");
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);

    let mut s = Session::start(&[], 120, 35);
    s.wait_text(&total());
    s.send("\u{1b}[15~");
    s.wait_text("cannot reload: the embedded timeline never changes");
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);
}
