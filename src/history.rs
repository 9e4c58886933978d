//! The query history file: `$XDG_STATE_HOME/tlx/history`, else
//! `~/.local/state/tlx/history`. One query a line, oldest first, with
//! `\` written `\\` and line breaks `\n` / `\r`, so a query is always one
//! line. Read before the explorer starts; the accepted query is added after
//! it ends. Recalling is `app`'s (`Recall`), with no file in it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where the history lives: `$XDG_STATE_HOME/tlx/history`, else
/// `$HOME/.local/state/tlx/history`; `None` with neither (or only relative
/// paths, which the XDG specification says to ignore).
pub fn path() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let state = absolute("XDG_STATE_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".local").join("state")))?;
    Some(state.join("tlx").join("history"))
}

/// The queries in the file at `path`, oldest first; none when it does not
/// exist yet. Lines that are not UTF-8 are passed over, not fatal.
pub fn load(path: &Path) -> io::Result<Vec<String>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(bytes
        .split(|&b| b == b'\n')
        .filter_map(|line| std::str::from_utf8(line).ok())
        .filter(|line| !line.is_empty())
        .map(unescape)
        .collect())
}

/// Adds `query` to the history at `path`, keeping the newest `cap` entries.
/// The file is read again first, so runs that ended meanwhile keep theirs,
/// and replaced whole (a temporary file renamed over it), so a crash or a
/// full disk never leaves half a history. Creates the directories.
pub fn append(path: &Path, query: &str, cap: usize) -> io::Result<()> {
    let mut entries = load(path)?;
    if !remember(&mut entries, query, cap) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = String::new();
    for entry in &entries {
        text.push_str(&escape(entry));
        text.push('\n');
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = std::fs::File::create(&tmp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Adds `query` as the newest entry, unless it is blank or the newest
/// already, then keeps the newest `cap`. Returns whether `entries` changed.
pub fn remember(entries: &mut Vec<String>, query: &str, cap: usize) -> bool {
    let before = entries.len();
    let added = !query.trim().is_empty() && entries.last().is_none_or(|last| last != query);
    if added {
        entries.push(query.to_owned());
    }
    if entries.len() > cap {
        entries.drain(..entries.len() - cap);
    }
    added || entries.len() != before
}

/// A query as one line of the file.
pub fn escape(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for c in query.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// A line of the file as the query it holds; a `\` before any other
/// character (a file edited by hand) stays as it is.
pub fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_each_query_one_line_and_round_trips() {
        for query in [
            "togo",
            r"a\b",
            "a\nb",
            "two\r\nlines",
            r"ends with \",
            r"\n is not a line break",
            "華為 5g",
        ] {
            let line = escape(query);
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
            assert_eq!(unescape(&line), query);
        }
        assert_eq!(escape("a\nb\\"), r"a\nb\\");
        // Written by hand: an unknown escape and a trailing `\` stay.
        assert_eq!(unescape(r"c:\tmp\"), r"c:\tmp\");
    }

    #[test]
    fn remember_skips_blanks_and_repeats_and_keeps_the_newest() {
        let mut h = Vec::new();
        assert!(remember(&mut h, "togo", 3));
        assert!(!remember(&mut h, "togo", 3), "the newest again");
        assert!(!remember(&mut h, "  ", 3), "blank");
        assert!(remember(&mut h, "egypt", 3));
        assert!(remember(&mut h, "togo", 3), "not the newest: added again");
        assert!(remember(&mut h, "5g", 3));
        assert_eq!(h, ["egypt", "togo", "5g"]);
        // A smaller cap than the file had trims it even without a new entry.
        assert!(remember(&mut h, "5g", 2));
        assert_eq!(h, ["togo", "5g"]);
    }

    #[test]
    fn append_creates_the_directories_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("tlx").join("history");
        assert_eq!(load(&path).unwrap(), Vec::<String>::new());
        append(&path, "togo", 1000).unwrap();
        append(&path, "a\nb \\ c", 1000).unwrap();
        append(&path, "a\nb \\ c", 1000).unwrap();
        append(&path, "", 1000).unwrap();
        assert_eq!(load(&path).unwrap(), ["togo", "a\nb \\ c"]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "togo\na\\nb \\\\ c\n");
        // Capped; and no temporary file is left beside it.
        for i in 0..5 {
            append(&path, &format!("q{i}"), 3).unwrap();
        }
        assert_eq!(load(&path).unwrap(), ["q2", "q3", "q4"]);
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["history"]);
    }

    #[test]
    fn a_history_that_cannot_be_written_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        // The state directory is a file: no directory can be made in it.
        let blocker = dir.path().join("state");
        std::fs::write(&blocker, "").unwrap();
        let path = blocker.join("tlx").join("history");
        assert!(append(&path, "togo", 10).is_err());
        assert_eq!(load(&path).map_err(|e| e.kind()).ok(), None);
    }
}
