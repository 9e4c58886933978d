//! The real binary in a real pseudo-terminal, read back through the `vt100`
//! terminal emulator. stdout goes to a file, apart from the terminal, as
//! in `tlx > picks.txt`. Every wait is bounded.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tlx::search::{Filter, Query, Sort, search};
use tlx::timeline::{Input, load_inputs};

const BIN: &str = env!("CARGO_BIN_EXE_tlx");
/// Generous: a debug build on a busy two-core machine.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Records what the program asked of the terminal beyond drawing.
#[derive(Default)]
struct Recorder {
    titles: Vec<Vec<u8>>,
}

impl vt100::Callbacks for Recorder {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
}

type Parser = Arc<Mutex<vt100::Parser<Recorder>>>;

struct Session {
    parser: Parser,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    reader: Option<JoinHandle<()>>,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

impl Session {
    /// Starts `tlx ARGS > OUT` in a `cols`×`rows` pseudo-terminal.
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_program(BIN, args, cols, rows)
    }

    /// Starts `PROGRAM ARGS > OUT` in a `cols`×`rows` pseudo-terminal.
    fn start_program(program: &str, args: &[&str], cols: u16, rows: u16) -> Session {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out.txt");
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg("exec \"$0\" \"$@\" > \"$TLX_TEST_OUT\"");
        cmd.arg(program);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TLX_TEST_OUT", &out);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.cwd(dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn tlx");
        drop(pair.slave);
        let parser: Parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            nz(rows),
            nz(cols),
            0,
            Recorder::default(),
        )));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            parser,
            writer,
            child,
            master: pair.master,
            reader: Some(reader),
            out,
            _dir: dir,
        }
    }

    fn screen_text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `pred`, or fails showing the screen.
    fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if pred(self.parser.lock().unwrap().screen()) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out waiting for {what}; screen:\n{}",
                    self.screen_text()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
    }

    /// Waits for the program to end; returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("tlx did not exit; screen:\n{}", self.screen_text());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader ends once the terminal is closed: every byte is parsed.
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        status.exit_code()
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(&self.out).expect("stdout file")
    }

    fn assert_terminal_restored(&self) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor still hidden");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// Ids of the embedded events matching `query`, in date order.
fn embedded_ids(query: &str) -> Vec<String> {
    let tl = load_inputs(&[Input::Embedded]).unwrap().0;
    let filter = Filter {
        query: Query::parse(query),
        ..Filter::default()
    };
    search(&tl, &filter, Sort::Date)
        .iter()
        .map(|h| tl.events[h.index as usize].id().to_string())
        .collect()
}

fn total() -> String {
    let n = load_inputs(&[Input::Embedded]).unwrap().0.events.len();
    format!("{n}/{n}")
}

#[test]
fn query_move_mark_two_and_enter_prints_exactly_those() {
    let ids = embedded_ids("'togo");
    assert!(ids.len() >= 3, "{ids:?}");
    let mut s = Session::start(&["--format", "id"], 120, 35);
    s.wait_text(&total());
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("/'togo");
    s.wait_text(&format!(" {}/", ids.len()));
    s.send("\r"); // back to the list, keeping the query
    s.send("j"); // second match
    s.send(" "); // mark it (and move down)
    s.send(" "); // mark the third
    s.wait_text("2 marked");
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), format!("{}\n{}\n", ids[1], ids[2]));
    s.assert_terminal_restored();
}

#[test]
fn q_quits_with_130_and_prints_nothing() {
    let mut s = Session::start(&["--format", "id"], 80, 24);
    s.wait_text(&total());
    s.send("q");
    assert_eq!(s.wait_exit(), 130);
    assert_eq!(s.stdout(), "");
    s.assert_terminal_restored();
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
            .is_some_and(|l| l.contains("18/18"))
    });
    s.send("j");
    s.resize(100, 30);
    s.wait_for("a wide frame again", |screen| {
        screen
            .contents()
            .lines()
            .nth(29)
            .is_some_and(|l| l.contains(&total()))
    });
    s.send("q");
    assert_eq!(s.wait_exit(), 130);
    s.assert_terminal_restored();
}

#[path = "../examples/gen_timeline/generate.rs"]
mod generate;

/// From `tui::DEFER_FROM` events on, searches run on a worker thread: the
/// query and two Enters typed in one go (the second before the search is
/// done, most likely) still print the query's first match.
#[test]
fn a_large_timeline_searches_on_a_worker_and_enter_waits_for_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("large.json");
    let mut json = Vec::new();
    generate::write_timeline(&mut json, tlx::tui::DEFER_FROM + 1000, 42).unwrap();
    std::fs::write(&data, &json).unwrap();
    let tl = tlx::timeline::parse("large", &json).unwrap();
    let n = tl.events.len();
    assert!(n >= tlx::tui::DEFER_FROM);
    let filter = Filter {
        query: Query::parse("orange cloud"),
        ..Filter::default()
    };
    let hits = search(&tl, &filter, Sort::Date);
    assert!(!hits.is_empty());
    let first = tl.events[hits[0].index as usize].id();
    let mut s = Session::start(&["--format", "id", path(&data)], 120, 35);
    s.wait_text(&format!("{n}/{n}"));
    s.send("/orange cloud\r\r");
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
    s.send("q");
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
    s.send("j");
    s.wait_for("the second event in the detail", |screen| {
        screen.contents().contains("Flexible")
    });
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("q");
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

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a non-zero size")
}
