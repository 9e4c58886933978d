//! Signals and odd exits, in a real pseudo-terminal: each leaves the
//! terminal restored and ends with the documented exit code. (SIGTERM,
//! SIGHUP and SIGINT in the UI, and Ctrl-Z without job control, are in
//! `pty.rs`.)

#[allow(dead_code)]
mod support {
    pub mod pty;
}

use std::io::Write;
use std::path::Path;

use support::pty::{Session, child_named, kill, path, process_state};

/// The status line's count with the embedded timeline unfiltered (`21/21`).
fn total() -> String {
    let n = tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded])
        .unwrap()
        .0
        .events
        .len();
    format!("{n}/{n}")
}

/// A timeline of `n` plain events, enough to keep a debug build loading
/// for a moment.
fn write_big_timeline(file: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).unwrap());
    out.write_all(b"{\"events\": [\n").unwrap();
    for i in 0..n {
        let sep = if i == 0 { "" } else { ",\n" };
        write!(
            out,
            "{sep}{{\"id\": \"e{i}\", \"date\": \"{}-{:02}\", \"title\": \"Event {i} about the cloud\", \"companies\": [\"C{}\"]}}",
            1900 + i % 120,
            1 + i % 12,
            i % 40
        )
        .unwrap();
    }
    out.write_all(b"]}\n").unwrap();
}

/// Starts tlx in an interactive bash, as a person would, and waits for its UI.
fn tlx_in_a_shell(args: &str) -> (Session, u32) {
    let mut s = Session::start_shell(80, 24);
    s.wait_text("$ ");
    s.send(&format!("\"$TLX\" {args} > \"$TLX_TEST_OUT\"\r"));
    let pid = child_named(s.pid(), "tlx");
    s.wait_ui(&total());
    (s, pid)
}

/// Waits until bash reports the job stopped and tlx is stopped, with the
/// terminal back to normal.
fn wait_stopped(s: &Session, pid: u32) {
    s.wait_for("bash to report the job stopped", |screen| {
        !screen.alternate_screen() && screen.contents().contains("Stopped")
    });
    assert_eq!(process_state(pid), Some('T'), "tlx is not stopped");
    let parser = s.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.hide_cursor(), "cursor still hidden while stopped");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture still on while stopped"
    );
}

/// `fg`, then the UI must be back whole; `q` then exits 130.
fn resume_and_quit(s: &mut Session) {
    s.send("fg\r");
    s.wait_ui(&total());
    s.send("\u{1b}[B"); // down
    s.wait_text("Flexible");
    s.send("\u{1b}"); // Esc on an empty query quits
    s.wait_for("the shell again", |screen| !screen.alternate_screen());
    {
        let parser = s.parser.lock().unwrap();
        assert!(!parser.screen().hide_cursor());
    }
    // `$?` after `fg` is the job's exit status.
    s.send("echo \"exit=$?\"\r");
    s.wait_text("exit=130");
    s.send("exit\r");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn ctrl_z_in_a_shell_stops_with_the_terminal_restored_and_fg_resumes() {
    let (mut s, pid) = tlx_in_a_shell("");
    s.send("\u{1a}");
    wait_stopped(&s, pid);
    resume_and_quit(&mut s);
}

#[test]
fn sigtstp_from_outside_stops_with_the_terminal_restored_and_fg_resumes() {
    // Before the fix, `kill -TSTP` stopped tlx in raw mode on the
    // alternate screen, leaving the shell unusable.
    let (mut s, pid) = tlx_in_a_shell("");
    kill("TSTP", pid);
    wait_stopped(&s, pid);
    resume_and_quit(&mut s);
}

#[test]
fn sigtstp_without_job_control_redraws_and_keeps_running() {
    // tlx leads an orphaned process group here: the kernel discards the
    // stop, and tlx comes back whole at once.
    let mut s = Session::start(&[], 80, 24);
    s.wait_ui(&total());
    kill("TSTP", s.pid());
    s.send("\u{1b}[B"); // down
    s.wait_text("Flexible");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("\u{1b}"); // Esc on an empty query quits
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[test]
fn stdout_closed_before_the_choice_exits_0_quietly() {
    // A reader that is gone (`| true`): the choice is lost, quietly, as
    // with `tlx -f '' | head -1`.
    let mut s = Session::start_script(
        "bash -c '\"$TLX\" --format id | true; echo \"exit=${PIPESTATUS[0]}\"'",
        80,
        24,
    );
    s.wait_ui(&total());
    s.send("\r");
    s.wait_text("exit=0");
    assert!(!s.screen_text().contains("tlx:"), "{}", s.screen_text());
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();

    // A closed descriptor: Rust opens /dev/null in its place.
    let mut s = Session::start_script("\"$TLX\" --format id >&-; echo \"exit=$?\"", 80, 24);
    s.wait_ui(&total());
    s.send("\r");
    s.wait_text("exit=0");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn stdin_closed_changes_nothing_for_the_ui_and_is_an_empty_file_for_dash() {
    // Keys come from /dev/tty, not standard input.
    let mut s = Session::start_script(
        "\"$TLX\" --format id <&- > \"$TLX_TEST_OUT\"; echo \"exit=$?\"",
        80,
        24,
    );
    s.wait_ui(&total());
    s.send("\u{1b}[B\r"); // down, Enter
    s.wait_text("exit=0");
    // `j` moved to the second event in date order.
    let second = tlx::timeline::load_inputs(&[tlx::timeline::Input::Embedded])
        .unwrap()
        .0
        .events[1]
        .id()
        .to_string();
    assert_eq!(s.stdout(), format!("{second}\n"));
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();

    let mut s = Session::start_script("\"$TLX\" - <&-; echo \"exit=$?\"", 80, 24);
    s.wait_text("exit=2");
    assert!(
        s.screen_text().contains("tlx: -: empty file"),
        "{}",
        s.screen_text()
    );
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn a_resize_during_the_load_is_the_size_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    write_big_timeline(&file, 60_000);
    let mut s = Session::start(&[path(&file)], 80, 24);
    s.resize(100, 30);
    assert!(
        !s.parser.lock().unwrap().screen().alternate_screen(),
        "the load ended before the resize: the test proves nothing"
    );
    s.wait_for("the status line on row 30", |screen| {
        screen.alternate_screen()
            && screen
                .contents()
                .lines()
                .nth(29)
                .is_some_and(|l| l.contains("60000/60000"))
    });
    s.send("\u{1b}"); // Esc on an empty query quits
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[test]
fn sigterm_sighup_and_sigint_during_the_load_end_tlx_as_any_program() {
    // Before the UI is up the terminal is untouched; the signal's default
    // action applies (a shell shows 128 + its number).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    write_big_timeline(&file, 60_000);
    for signal in ["TERM", "HUP", "INT"] {
        let mut s = Session::start(&[path(&file)], 80, 24);
        // Until tlx itself runs (not the shell that starts it).
        let start = std::time::Instant::now();
        while std::fs::read_link(format!("/proc/{}/exe", s.pid()))
            .map_or(true, |exe| !exe.ends_with("tlx"))
        {
            assert!(start.elapsed() < support::pty::TIMEOUT, "tlx never ran");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        kill(signal, s.pid());
        let status = s.wait_status();
        assert!(status.signal().is_some(), "SIG{signal}: {status:?}");
        assert!(s.bytes.lock().unwrap().is_empty(), "SIG{signal}: drew");
        s.assert_terminal_restored();
    }
}
