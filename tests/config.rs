//! The config file, `TLX_DEFAULT_OPTS` and `--print-config`, through the
//! real binary; and a config's key and theme in a real pseudo-terminal.

#[allow(dead_code)]
mod support {
    pub mod pty;
    pub mod run;
}

use std::process::{Output, Stdio};

use support::pty::Session;
use support::run::command;

/// tlx with `args` and `env`, standard input closed, colour off.
fn tlx_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command();
    cmd.args(args).env("NO_COLOR", "1").stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("tlx runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A config file holding `body` in a fresh directory.
fn config_file(body: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, body).unwrap();
    let path = path.display().to_string();
    (dir, path)
}

#[test]
fn an_invalid_config_is_one_line_naming_file_line_and_key_and_exits_2() {
    let (_dir, path) = config_file("theme = \"light\"\n\n[keys]\n\"ctrl-q\" = \"quitt\"\n");
    let out = tlx_env(&["--filter", "togo"], &[("TLX_CONFIG", &path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "tlx: {path}:4:12: keys.\"ctrl-q\": unknown action \"quitt\" (actions: "
        )),
        "{err}"
    );
    // A typo in a top-level key is an error too, not silently ignored.
    let (_dir, path) = config_file("them = \"light\"\n");
    let out = tlx_env(&["--filter", "togo"], &[("TLX_CONFIG", &path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(&format!("tlx: {path}:1:1: them: unknown key")),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_config_is_found_under_xdg_config_home() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tlx")).unwrap();
    std::fs::write(
        dir.path().join("tlx/config.toml"),
        "default_opts = \"--format id\"\n",
    )
    .unwrap();
    let xdg = dir.path().display().to_string();
    let out = tlx_env(&["--filter", "togo"], &[("XDG_CONFIG_HOME", &xdg)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let first = text(&out.stdout).lines().next().unwrap_or("").to_owned();
    assert!(!first.contains(' ') && !first.is_empty(), "{first}");
}

#[test]
fn print_config_prints_toml_that_loads_back() {
    let (_dir, path) = config_file(
        "theme = \"light\"\ndefault_opts = \"--sort date\"\n[colors]\nmatch = \"red bold\"\n\
         [keys]\n\"ctrl-t\" = \"accept\"\n[keys.events]\nx = \"toggle-mark\"\n",
    );
    let out = tlx_env(&["--print-config"], &[("TLX_CONFIG", &path)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    for line in [
        &format!("# read from {path}"),
        "theme = \"light\"",
        "default_opts = \"--sort date\"",
        "match = \"red bold\"",
        "cursor = \"black on bright-cyan bold\"",
        "[keys.everywhere]",
        "\"ctrl-t\" = \"accept\"",
        "\"x\" = \"toggle-mark\"",
        "copy = true",
        "history_size = 1000",
    ] {
        assert!(
            printed.lines().any(|l| l.starts_with(line)),
            "{line}\n{printed}"
        );
    }
    // Loaded back, it prints the same again.
    let (_dir2, again) = config_file(&printed);
    let out = tlx_env(&["--print-config"], &[("TLX_CONFIG", &again)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let reprinted = text(&out.stdout).replace(&again, &path);
    assert_eq!(reprinted, printed);
    // Without a file: the defaults, still loadable.
    let out = tlx_env(&["--print-config"], &[]);
    let (_dir3, defaults) = config_file(&text(&out.stdout));
    let out = tlx_env(&["--print-config"], &[("TLX_CONFIG", &defaults)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn tlx_default_opts_change_the_output_and_the_command_line_wins() {
    let plain = tlx_env(&["--filter", "togo"], &[]);
    let ids = tlx_env(
        &["--filter", "togo"],
        &[("TLX_DEFAULT_OPTS", "--format id")],
    );
    assert_eq!(ids.status.code(), Some(0));
    assert_ne!(plain.stdout, ids.stdout);
    let first = text(&ids.stdout).lines().next().unwrap().to_owned();
    assert!(!first.contains(' '), "{first}");
    // The command line comes last, so it wins.
    let dates = tlx_env(
        &["--filter", "togo", "--format", "{date}"],
        &[("TLX_DEFAULT_OPTS", "--format id")],
    );
    assert_eq!(dates.status.code(), Some(0), "{}", text(&dates.stderr));
    assert!(
        text(&dates.stdout).starts_with("20"),
        "{}",
        text(&dates.stdout)
    );
    // The file's come first, then the variable's.
    let (_dir, path) = config_file("default_opts = \"--format '{date}'\"\n");
    let out = tlx_env(
        &["--filter", "togo"],
        &[("TLX_CONFIG", &path), ("TLX_DEFAULT_OPTS", "--format id")],
    );
    assert_eq!(text(&out.stdout), text(&ids.stdout));
    // A mistake says where it came from.
    let bad = tlx_env(&["--filter", "togo"], &[("TLX_DEFAULT_OPTS", "--formt id")]);
    assert_eq!(bad.status.code(), Some(2));
    let err = text(&bad.stderr);
    assert!(
        err.starts_with("tlx: in TLX_DEFAULT_OPTS: unexpected argument '--formt'"),
        "{err}"
    );
    let bad = tlx_env(
        &["--filter", "togo"],
        &[("TLX_DEFAULT_OPTS", "--format 'id")],
    );
    assert!(text(&bad.stderr).starts_with("tlx: in TLX_DEFAULT_OPTS: missing closing quote"));
}

#[test]
fn help_shows_the_keys_in_effect() {
    let (_dir, path) = config_file("[keys]\n\"ctrl-t\" = \"accept\"\n");
    let out = tlx_env(&["--help"], &[("TLX_CONFIG", &path)]);
    let help = text(&out.stdout);
    assert!(
        help.contains("Enter/Ctrl-T prints the marked events"),
        "{help}"
    );
    let out = tlx_env(&["--help"], &[]);
    assert!(text(&out.stdout).contains("Enter prints the marked events"));
}

/// A config rebinding a key and choosing the light theme: the key does
/// what the config says, the selected row has the light theme's colours
/// (never the old fixed grey 237), and the help overlay shows the key.
#[test]
fn pty_a_config_rebinds_a_key_and_sets_the_light_theme() {
    let (_dir, path) = config_file("theme = \"light\"\n\n[keys]\n\"ctrl-t\" = \"accept\"\n");
    let first = text(&tlx_env(&["--filter", "", "--format", "id"], &[]).stdout)
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let title = text(&tlx_env(&["--filter", "", "--format", "{title}"], &[]).stdout)
        .lines()
        .next()
        .unwrap()
        .chars()
        .take(12)
        .collect::<String>();
    let mut s = Session::start_with_env(&["--format", "id"], &[("TLX_CONFIG", &path)], 120, 35);
    s.wait_text(&title);
    // The row under the cursor: black on bright cyan, bold.
    let (row, col) = {
        let parser = s.parser.lock().unwrap();
        let screen = parser.screen();
        let contents = screen.contents();
        let row = contents
            .lines()
            .position(|l| l.contains(&title))
            .expect("the first event is listed") as u16;
        let line = contents.lines().nth(row as usize).unwrap();
        let col = line[..line.find(&title).unwrap()].chars().count() as u16;
        (row, col)
    };
    {
        let parser = s.parser.lock().unwrap();
        let cell = parser.screen().cell(row, col).expect("a cell");
        assert_eq!(cell.bgcolor(), vt100::Color::Idx(14), "{cell:?}");
        assert_eq!(cell.fgcolor(), vt100::Color::Idx(0), "{cell:?}");
        assert!(cell.bold() && !cell.inverse(), "{cell:?}");
        assert_ne!(cell.bgcolor(), vt100::Color::Idx(237));
    }
    // F1: the help lists the user's key.
    s.send("\u{1b}OP");
    s.wait_text("Ctrl-T");
    s.send("\u{1b}OP");
    s.wait_for("the help to close", |screen| {
        !screen.contents().contains("Ctrl-T")
    });
    // The rebound key prints the current event and exits 0.
    s.send("\u{14}");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.stdout(), format!("{first}\n"));
    s.assert_terminal_restored();
}

/// The sample in the README is a config tlx reads.
#[test]
fn the_readme_sample_config_loads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let sample: String = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a toml sample in the README")
        .to_owned();
    assert!(sample.contains("[keys]"), "{sample}");
    let (_dir, path) = config_file(&sample);
    let out = tlx_env(&["--print-config"], &[("TLX_CONFIG", &path)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"ctrl-q\" = \"quit\""));
}

/// CLICOLOR_FORCE colours the output even through a pipe, over NO_COLOR;
/// `--color never` still wins.
#[test]
fn clicolor_force_colours_piped_output() {
    let forced = tlx_env(&["--filter", "togo"], &[("CLICOLOR_FORCE", "1")]);
    assert!(
        text(&forced.stdout).contains("\u{1b}["),
        "{}",
        text(&forced.stdout)
    );
    for env in [[("CLICOLOR_FORCE", "0")], [("CLICOLOR_FORCE", "")]] {
        let plain = tlx_env(&["--filter", "togo"], &env);
        assert!(!text(&plain.stdout).contains('\u{1b}'), "{env:?}");
    }
    let never = tlx_env(
        &["--filter", "togo", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!text(&never.stdout).contains('\u{1b}'));
}

/// NO_COLOR: the config's theme gives way to mono, the selected row
/// reversed, no colour anywhere on the screen.
#[test]
fn pty_no_color_draws_mono_whatever_the_theme() {
    let (_dir, path) = config_file("theme = \"light\"\n");
    let mut s = Session::start_with_env(
        &["--format", "id"],
        &[("TLX_CONFIG", &path), ("NO_COLOR", "1")],
        100,
        30,
    );
    let n = text(&tlx_env(&["--filter", "", "--format", "id"], &[]).stdout)
        .lines()
        .count();
    s.wait_text(&format!("{n}/{n}"));
    {
        let parser = s.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let mut inverse = 0;
        for r in 0..rows.get() {
            for c in 0..cols.get() {
                let cell = screen.cell(r, c).expect("a cell");
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "{r},{c}");
                assert_eq!(cell.bgcolor(), vt100::Color::Default, "{r},{c}");
                inverse += usize::from(cell.inverse());
            }
        }
        assert!(inverse > 20, "the selected row is reversed");
    }
    s.send("\u{3}");
    assert_eq!(s.wait_exit(), 130);
}
