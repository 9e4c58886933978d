//! tlx never writes to its input files: their bytes, modification and
//! change times stay as they were after a load and after the UI exits;
//! nothing else appears beside them; while the UI runs tlx holds no
//! descriptor or writable map of them; and a file tlx may only read loads.

#[allow(dead_code)]
mod support {
    pub mod pty;
}

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::pty::{BIN, Session, path};

/// What must not change about a file.
#[derive(Debug, PartialEq)]
struct Snapshot {
    bytes: Vec<u8>,
    modified: (i64, i64),
    changed: (i64, i64),
    mode: u32,
    inode: u64,
}

fn snapshot(file: &Path) -> Snapshot {
    let meta = std::fs::metadata(file).unwrap();
    Snapshot {
        bytes: std::fs::read(file).unwrap(),
        modified: (meta.mtime(), meta.mtime_nsec()),
        changed: (meta.ctime(), meta.ctime_nsec()),
        mode: meta.mode(),
        inode: meta.ino(),
    }
}

fn snapshots(files: &[PathBuf]) -> Vec<Snapshot> {
    files.iter().map(|f| snapshot(f)).collect()
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// A small file (read) and one past 16 MiB (memory-mapped), both 0444.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let small = dir.join("small.json");
    std::fs::write(
        &small,
        r#"{"events": [{"id": "a", "date": "2020", "title": "Alpha", "companies": ["Acme"]}, {"id": "b", "date": "2021", "title": "Beta"}]}"#,
    )
    .unwrap();
    let big = dir.join("big.json");
    let padding = "p".repeat(17 << 20);
    std::fs::write(
        &big,
        format!(r#"{{"events": [{{"id": "c", "date": "2022", "title": "Gamma", "summary": "{padding}"}}]}}"#),
    )
    .unwrap();
    for f in [&small, &big] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    vec![small, big]
}

#[test]
fn loading_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = inputs(dir.path());
    let before = snapshots(&files);
    let names = listing(dir.path());
    for args in [
        vec!["-f", "", "--format", "id"],
        vec!["-f", "", "--format", "json"],
        vec!["--check"],
        vec!["--facets"],
    ] {
        let o = Command::new(BIN)
            .args(files.iter().map(|f| f.to_str().unwrap()))
            .args(&args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {o:?}");
    }
    let after = snapshots(&files);
    assert!(before == after, "an input changed");
    assert_eq!(
        listing(dir.path()),
        names,
        "files appeared beside the inputs"
    );
}

#[test]
fn the_ui_holds_nothing_open_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = inputs(dir.path());
    let before = snapshots(&files);
    let names = listing(dir.path());
    let args: Vec<&str> = files.iter().map(|f| path(f)).collect();
    let mut s = Session::start(&args, 100, 30);
    s.wait_ui(" 3/3 ");
    // While the UI runs: no descriptor of an input, no map of one but read-only.
    let pid = s.pid();
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
    {
        if let Ok(target) = std::fs::read_link(fd.path()) {
            assert!(!files.contains(&target), "{} still open", target.display());
        }
    }
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    for line in maps.lines() {
        if files.iter().any(|f| line.ends_with(path(f))) {
            let perms = line.split_whitespace().nth(1).unwrap();
            assert!(!perms.contains('w'), "writable map: {line}");
        }
    }
    s.send("\u{1b}[B\t"); // down, mark
    s.send("\r");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
    let after = snapshots(&files);
    assert!(before == after, "an input changed");
    // (The harness runs tlx in a directory of its own.)
    assert_eq!(
        listing(dir.path()),
        names,
        "files appeared beside the inputs"
    );
}

#[test]
fn a_file_tlx_may_only_read_loads() {
    // As root, 0444 does not stop writes: run tlx as `nobody`, for whom
    // the files are read-only indeed.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let files = inputs(dir.path());
    let before = snapshots(&files);
    // A copy of the binary `nobody` can run, wherever the build lives.
    let bin = dir.path().join("tlx");
    std::fs::copy(BIN, &bin).unwrap();
    let nobody = |program: &Path| {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(program);
        c
    };
    let root = Command::new("id").arg("-u").output().unwrap();
    let as_nobody = String::from_utf8_lossy(&root.stdout).trim() == "0"
        && nobody(&bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !as_nobody {
        eprintln!("note: cannot run tlx as nobody here; 0444 alone is checked");
    }
    let mut command = if as_nobody {
        nobody(&bin)
    } else {
        // Not root: 0444 is read-only already.
        Command::new(BIN)
    };
    let o = command
        .args(files.iter().map(|f| f.to_str().unwrap()))
        .args(["-f", "", "--format", "id"])
        .current_dir("/")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "a\nb\nc\n",
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success());
    let after = snapshots(&files);
    assert!(before == after, "an input changed");
    // A descriptor opened read-only, handed over as a path, loads too.
    let o = Command::new("bash")
        .args([
            "-c",
            "exec \"$0\" /dev/fd/3 -f '' --format id 3< \"$1\"",
            BIN,
            files[0].to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "a\nb\n");
}
