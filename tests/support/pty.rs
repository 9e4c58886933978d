//! The real binary in a real pseudo-terminal, read back through the `vt100`
//! terminal emulator. stdout goes to a file, apart from the terminal, as
//! in `tlx > picks.txt`. Every wait is bounded.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{
    Child, CommandBuilder, ExitStatus, MasterPty, PtySize, SlavePty, native_pty_system,
};

pub const BIN: &str = env!("CARGO_BIN_EXE_tlx");
/// Generous: a debug build on a busy two-core machine.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Records what the program asked of the terminal beyond drawing: window
/// title, clipboard, colours (OSC 4/10/11 and any other OSC), bells,
/// resize requests, and escape or CSI sequences vt100 does not implement.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Window titles and icon names set (OSC 0/1/2).
    pub titles: Vec<Vec<u8>>,
    /// Clipboard writes and reads (OSC 52).
    pub clipboard: Vec<Vec<u8>>,
    /// Other OSC sequences (colours: OSC 4, 10, 11…), parameters joined by `;`.
    pub osc: Vec<Vec<u8>>,
    /// Audible and visual bells.
    pub bells: usize,
    /// Window resize requests (`CSI 8 ; rows ; cols t`).
    pub resizes: Vec<(u16, u16)>,
    /// CSI sequences vt100 does not implement, as `?2026h`.
    pub csi: Vec<String>,
    /// Escape sequences vt100 does not implement, as their final byte.
    pub escapes: Vec<u8>,
}

impl Recorder {
    /// Everything recorded that could change the terminal outside the
    /// screen: titles, clipboard, OSC, bells, resizes.
    pub fn side_effects(&self) -> String {
        let mut out = String::new();
        for (what, items) in [
            ("title", &self.titles),
            ("clipboard", &self.clipboard),
            ("osc", &self.osc),
        ] {
            for item in items {
                out.push_str(&format!("{what} {:?}\n", String::from_utf8_lossy(item)));
            }
        }
        if self.bells > 0 {
            out.push_str(&format!("{} bells\n", self.bells));
        }
        for r in &self.resizes {
            out.push_str(&format!("resize {r:?}\n"));
        }
        out
    }
}

impl vt100::Callbacks for Recorder {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn visual_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn resize(&mut self, _: &mut vt100::Screen, request: (u16, u16)) {
        self.resizes.push(request);
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, ty: &[u8], data: &[u8]) {
        self.clipboard.push([ty, b";", data].concat());
    }
    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, ty: &[u8]) {
        self.clipboard.push([ty, b";?"].concat());
    }
    fn unhandled_escape(&mut self, _: &mut vt100::Screen, _: Option<u8>, _: Option<u8>, b: u8) {
        self.escapes.push(b);
    }
    fn unhandled_csi(
        &mut self,
        _: &mut vt100::Screen,
        i1: Option<u8>,
        i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        let mut s = String::new();
        s.extend(i1.map(char::from));
        s.extend(i2.map(char::from));
        let params: Vec<String> = params
            .iter()
            .map(|p| p.iter().map(u16::to_string).collect::<Vec<_>>().join(":"))
            .collect();
        s.push_str(&params.join(";"));
        s.push(c);
        self.csi.push(s);
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.osc.push(params.join(&b';'));
    }
}

pub type Parser = Arc<Mutex<vt100::Parser<Recorder>>>;

pub struct Session {
    pub parser: Parser,
    /// Every byte the program wrote to the terminal.
    pub bytes: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// Held open until the reader has taken every byte: when the last
    /// slave closes, Linux may discard output not yet read (the reader
    /// sees EIO), and a program's last bytes are its terminal restore.
    slave: Option<Box<dyn SlavePty + Send>>,
    reader: Option<JoinHandle<()>>,
    pub out: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Session {
    /// Starts `tlx ARGS > OUT` in a `cols`×`rows` pseudo-terminal.
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_program(BIN, args, cols, rows)
    }

    /// Starts `tlx ARGS > OUT` with `env` set on top of the session's own
    /// (whose config and state directories are empty ones in its temp dir).
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let mut all = vec!["-c", "exec \"$0\" \"$@\" > \"$TLX_TEST_OUT\"", BIN];
        all.extend_from_slice(args);
        Session::spawn_with_env("sh", &all, env, cols, rows)
    }

    /// Starts `PROGRAM ARGS > OUT` in a `cols`×`rows` pseudo-terminal.
    pub fn start_program(program: &str, args: &[&str], cols: u16, rows: u16) -> Session {
        let mut all = vec!["-c", "exec \"$0\" \"$@\" > \"$TLX_TEST_OUT\"", program];
        all.extend_from_slice(args);
        Session::spawn("sh", &all, cols, rows)
    }

    /// Starts `sh -c SCRIPT` with `$TLX` the binary and `$TLX_TEST_OUT`
    /// the output file.
    pub fn start_script(script: &str, cols: u16, rows: u16) -> Session {
        Session::spawn("sh", &["-c", script], cols, rows)
    }

    /// Starts an interactive bash with job control (prompt `$ `), where
    /// `$TLX` is the binary: Ctrl-Z, `fg` and `jobs` work as for a person.
    pub fn start_shell(cols: u16, rows: u16) -> Session {
        Session::spawn("bash", &["--norc", "--noprofile", "-i"], cols, rows)
    }

    fn spawn(program: &str, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::spawn_with_env(program, args, &[], cols, rows)
    }

    fn spawn_with_env(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Session {
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
        let mut cmd = CommandBuilder::new(program);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TLX", BIN);
        cmd.env("TLX_TEST_OUT", &out);
        cmd.env("TERM", "xterm-256color");
        cmd.env("PS1", "$ ");
        cmd.env("HISTFILE", "/dev/null");
        // Readline's bracketed paste would blur the check that tlx turned its own off.
        let inputrc = dir.path().join("inputrc");
        std::fs::write(&inputrc, "set enable-bracketed-paste off\n").expect("inputrc");
        cmd.env("INPUTRC", &inputrc);
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("PROMPT_COMMAND");
        // The user's own config, default options and history stay out of
        // the tests: tlx finds empty directories in the session's temp dir.
        cmd.env("XDG_CONFIG_HOME", dir.path().join("config"));
        cmd.env("XDG_STATE_HOME", dir.path().join("state"));
        for name in ["TLX_CONFIG", "TLX_DEFAULT_OPTS", "TLX_OPENER"] {
            cmd.env_remove(name);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.cwd(dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        let parser: Parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            nz(rows),
            nz(cols),
            0,
            Recorder::default(),
        )));
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (sink, log) = (Arc::clone(&parser), Arc::clone(&bytes));
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        log.lock().unwrap().extend_from_slice(&buf[..n]);
                        sink.lock().unwrap().process(&buf[..n]);
                    }
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            parser,
            bytes,
            writer,
            child,
            master: pair.master,
            slave: Some(pair.slave),
            reader: Some(reader),
            out,
            dir,
        }
    }

    pub fn screen_text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `pred`, or fails showing the screen.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
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

    pub fn wait_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    /// Waits for the UI: the alternate screen showing `text`.
    pub fn wait_ui(&self, text: &str) {
        self.wait_for(&format!("the UI showing {text:?}"), |s| {
            s.alternate_screen() && s.contents().contains(text)
        });
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The screen takes its new size first, under the lock the reader
        // thread needs: a frame drawn for the new size at once (on a busy
        // machine, before this returned) is then never read at the old one.
        let mut parser = self.parser.lock().unwrap();
        parser.set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// The pid of the program started (the shell, for [`Session::start_shell`]).
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Waits for the program to end; returns its exit status.
    pub fn wait_status(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.screen_text());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        self.drain();
        // Closing the last slave ends the reader: every byte is parsed.
        self.slave.take();
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        status
    }

    /// Waits until the program's output has all been read from the
    /// terminal: nothing pending on the master for 60 ms in a row.
    fn drain(&self) {
        let Some(fd) = self.master.as_raw_fd() else {
            return;
        };
        let start = Instant::now();
        let mut quiet = 0;
        while quiet < 3 && start.elapsed() < TIMEOUT {
            let mut pending: libc::c_int = 0;
            // SAFETY: FIONREAD writes one int through a valid pointer.
            let ok = unsafe { libc::ioctl(fd, libc::FIONREAD, &mut pending) } == 0;
            quiet = if ok && pending == 0 { quiet + 1 } else { 0 };
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the program to end; returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let status = self.wait_status();
        assert!(status.signal().is_none(), "killed: {status:?}");
        status.exit_code()
    }

    pub fn stdout(&self) -> String {
        std::fs::read_to_string(&self.out).expect("stdout file")
    }

    pub fn assert_terminal_restored(&self) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor still hidden");
        assert!(
            !screen.bracketed_paste(),
            "bracketed paste still on; screen:\n{}",
            screen.contents()
        );
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture still on"
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// The pid of the first child of `parent` whose command is `name`, once
/// it runs (the job a shell started); fails after [`TIMEOUT`].
pub fn child_named(parent: u32, name: &str) -> u32 {
    let start = Instant::now();
    loop {
        for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // pid (comm) state ppid …; comm may hold spaces and parentheses.
            let Some(close) = stat.rfind(')') else {
                continue;
            };
            let comm = &stat[stat.find('(').map_or(0, |i| i + 1)..close];
            let ppid = stat[close + 1..].split_whitespace().nth(1);
            if comm == name && ppid == Some(&parent.to_string()) {
                return pid;
            }
        }
        assert!(start.elapsed() < TIMEOUT, "no {name} under {parent}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The state letter of a process (`S` sleeping, `T` stopped…).
pub fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

/// Sends `signal` (a name such as `TERM`) to `pid`.
pub fn kill(signal: &str, pid: u32) {
    let killed = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success(), "kill -{signal} {pid}");
}

pub fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a non-zero size")
}
