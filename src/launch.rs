//! Other programs tlx starts for the user: the opener of an address
//! (detached, its output silenced, never waited for by the UI) and the
//! shell commands of the `execute` action (in the foreground, on the
//! terminal the UI hands back around them).

use std::fs::OpenOptions;
use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};

/// How addresses are opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Opener {
    /// The platform's own (`xdg-open`, `open`, `start`), through the `opener` crate.
    #[default]
    Platform,
    /// A command of the user's, the address added as its last argument.
    Command(Vec<String>),
}

impl Opener {
    /// The opener `TLX_OPENER` (which wins) or the config's `opener` names,
    /// split as a shell splits words (quotes, backslashes; no shell runs);
    /// the platform's when neither is set or both are blank.
    pub fn from_settings(env: Option<&str>, config: Option<&str>) -> Result<Opener, String> {
        let (name, setting) = match (env, config) {
            (Some(e), _) if !e.trim().is_empty() => ("TLX_OPENER", e),
            (_, Some(c)) if !c.trim().is_empty() => ("opener in the config", c),
            _ => return Ok(Opener::Platform),
        };
        shell_words::split(setting)
            .map(Opener::Command)
            .map_err(|e| format!("{name}: cannot split {setting:?} into words: {e}"))
    }

    /// Opens `url` (checked by [`crate::osc::safe_url`]) and returns what
    /// to tell the user. A command of the user's is started detached: its
    /// own process group, standard streams on `/dev/null`; a thread reaps
    /// it and `report`s a failing exit status. The platform's opener may
    /// wait for its helper (macOS, WSL): call this off the UI thread.
    pub fn open(&self, url: &str, report: impl FnOnce(String) + Send + 'static) -> String {
        match self {
            Opener::Platform => match opener::open(url) {
                Ok(()) => format!("opened {url}"),
                Err(e) => format!("cannot open {url}: {}", one_line(&e.to_string())),
            },
            Opener::Command(words) => {
                let Some((program, args)) = words.split_first() else {
                    return "cannot open: the opener command is empty".to_owned();
                };
                let spawned = Command::new(program)
                    .args(args)
                    .arg(url)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    // Out of the terminal's foreground group: keys and
                    // signals meant for tlx never reach it.
                    .process_group(0)
                    .spawn();
                match spawned {
                    Ok(mut child) => {
                        let program = program.clone();
                        std::thread::spawn(move || {
                            if let Ok(status) = child.wait()
                                && !status.success()
                            {
                                report(format!("the opener {program} failed ({})", exit(status)));
                            }
                        });
                        format!("opened {url}")
                    }
                    Err(e) => format!("cannot run the opener {program}: {e}"),
                }
            }
        }
    }
}

/// Runs `command` with `sh -c` on the terminal as it is, and waits. Its
/// standard streams are the terminal's, not tlx's own: standard input may
/// hold the timeline, and standard output carries the selection.
pub fn run_shell(command: &str) -> io::Result<ExitStatus> {
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(command);
    if let Ok(tty) = OpenOptions::new().read(true).write(true).open("/dev/tty") {
        sh.stdin(tty.try_clone()?)
            .stdout(tty.try_clone()?)
            .stderr(tty);
    }
    sh.status()
}

/// An exit status in words: `exit 0`, `killed by signal 9`.
pub fn exit(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => "ended".to_owned(),
    }
}

/// An error message as one line for the status line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_and_commands_split_like_a_shell() {
        assert_eq!(Opener::from_settings(None, None), Ok(Opener::Platform));
        assert_eq!(
            Opener::from_settings(Some(" "), Some("")),
            Ok(Opener::Platform)
        );
        assert_eq!(
            Opener::from_settings(Some("firefox --new-tab"), Some("chromium")),
            Ok(Opener::Command(vec!["firefox".into(), "--new-tab".into()]))
        );
        assert_eq!(
            Opener::from_settings(None, Some(r#"'/opt/my browser/run' -x "a b""#)),
            Ok(Opener::Command(vec![
                "/opt/my browser/run".into(),
                "-x".into(),
                "a b".into()
            ]))
        );
        let err = Opener::from_settings(Some("open 'unclosed"), None).unwrap_err();
        assert!(err.starts_with("TLX_OPENER: "), "{err}");
    }

    #[test]
    fn a_command_gets_the_address_as_its_last_argument() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let script = format!("printf '%s|' \"$@\" > '{}'", log.display());
        let opener = Opener::Command(vec!["sh".into(), "-c".into(), script, "sh".into()]);
        let said = opener.open("https://example.org/a", |_| {});
        assert_eq!(said, "opened https://example.org/a");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::read_to_string(&log).unwrap_or_default().is_empty() {
            assert!(std::time::Instant::now() < deadline, "the opener never ran");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "https://example.org/a|"
        );
    }

    #[test]
    fn a_missing_or_failing_opener_is_reported() {
        let missing = Opener::Command(vec!["/nonexistent/opener".into()]);
        let said = missing.open("https://x.org", |_| {});
        assert!(
            said.starts_with("cannot run the opener /nonexistent/opener"),
            "{said}"
        );
        let (tx, rx) = std::sync::mpsc::channel();
        let failing = Opener::Command(vec!["false".into()]);
        assert_eq!(
            failing.open("https://x.org", move |m| tx.send(m).unwrap()),
            "opened https://x.org"
        );
        let report = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert_eq!(report, "the opener false failed (exit 1)");
    }

    #[test]
    fn shell_commands_report_their_status() {
        assert_eq!(exit(run_shell("exit 3").unwrap()), "exit 3");
        assert_eq!(exit(run_shell("kill -9 $$").unwrap()), "killed by signal 9");
    }
}
