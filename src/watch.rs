//! Live reload's input and output: watching the timeline files (inotify,
//! through `notify`) and reading them again on a thread of its own, so
//! the UI never waits for a file.
//!
//! Each file's directory is watched, not the file: editors that write a
//! new file and rename it over the old one (vim, `sed -i`) replace the
//! inode a file watch would follow. Events are filtered by file name, and
//! a burst of them (one save is several) is read once it has been quiet
//! for [`QUIET`].
//!
//! The thread compares the new timeline with the one shown
//! ([`Matching`]); for that it holds the one shown, handed back to it
//! ([`Reloader::adopt`]) once the UI has swapped it in.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::app::Matching;
use crate::timeline::{Input, LoadOptions, Timeline, load_inputs_with};

/// How long the files must be left alone after a change before they are read.
pub const QUIET: Duration = Duration::from_millis(150);

/// Whether and how the timeline can be read again.
#[derive(Clone, Debug)]
pub enum Reload {
    /// Read these inputs again (all files) on the reload key, and when one
    /// changes if `watch` (not `--no-watch`).
    Files {
        /// The files, as given on the command line.
        inputs: Vec<Input>,
        /// As for the first load.
        options: LoadOptions,
        /// Whether changes on disk reload by themselves.
        watch: bool,
    },
    /// The timeline cannot be read again: why, for the reload key to say.
    Refused(&'static str),
}

/// A reading of the files, sent back to the UI.
#[derive(Debug)]
pub enum Loaded {
    /// The files read again.
    Fresh(Box<Fresh>),
    /// Reading them failed: the error, one line. The timeline shown stays.
    Failed(String),
}

/// A timeline read anew, with what the UI needs to swap it in.
#[derive(Debug)]
pub struct Fresh {
    /// The new timeline.
    pub timeline: Timeline,
    /// Its load warnings, which replace the old ones.
    pub warnings: Vec<String>,
    /// How the shown timeline's events are found in it.
    pub matching: Matching,
}

/// What the reload thread is told.
enum Ask {
    /// A watched file changed.
    Changed,
    /// The reload key: read now.
    Now,
    /// The UI shows this timeline now.
    Adopt(Arc<Timeline>),
}

/// The reload thread, and the watch that feeds it; both end when dropped.
pub struct Reloader {
    asks: Sender<Ask>,
    loaded: Receiver<Loaded>,
    /// Kept for as long as changes should be seen.
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Reloader {
    /// Starts the thread reading `inputs` again; `shown` is the timeline
    /// on screen, `wake` is called after each reading is sent. With
    /// `watch`, the files' directories are watched; a file that cannot be
    /// watched (a pipe, a directory that vanished) is still read on the key.
    pub fn start(
        inputs: Vec<Input>,
        options: LoadOptions,
        watch: bool,
        shown: Arc<Timeline>,
        wake: impl Fn() + Send + 'static,
    ) -> Reloader {
        let (asks, inbox) = mpsc::channel();
        let (outbox, loaded) = mpsc::channel();
        let watcher = match watch {
            true => watch_files(&inputs, asks.clone()),
            false => None,
        };
        std::thread::spawn(move || {
            reload_loop(&inputs, &options, shown, &inbox, &outbox, &wake);
        });
        Reloader {
            asks,
            loaded,
            _watcher: watcher,
        }
    }

    /// Asks for the files to be read now (the reload key).
    pub fn now(&self) {
        let _ = self.asks.send(Ask::Now);
    }

    /// Says the UI shows `timeline` now: the next reading is compared with it.
    pub fn adopt(&self, timeline: Arc<Timeline>) {
        let _ = self.asks.send(Ask::Adopt(timeline));
    }

    /// A reading sent back, if one is waiting.
    pub fn try_loaded(&self) -> Option<Loaded> {
        self.loaded.try_recv().ok()
    }
}

/// Watches the directory of each regular file among `inputs`, telling
/// `asks` when one of those files changes. `None` when nothing could be
/// watched.
fn watch_files(inputs: &[Input], asks: Sender<Ask>) -> Option<notify::RecommendedWatcher> {
    let mut targets: Vec<(PathBuf, PathBuf)> = Vec::new();
    for input in inputs {
        let Input::Path(path) = input else { continue };
        if !path.metadata().is_ok_and(|m| m.is_file()) {
            continue;
        }
        // A link is followed: the file edited is the one it points to.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let (Some(dir), Some(name)) = (real.parent(), real.file_name()) else {
            continue;
        };
        let dir = match dir.as_os_str().is_empty() {
            true => Path::new("."),
            false => dir,
        };
        targets.push((dir.to_path_buf(), dir.join(name)));
    }
    let files: Vec<PathBuf> = targets.iter().map(|(_, f)| f.clone()).collect();
    let handler = move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else { return };
        // Opening, reading (tlx's own reading among them), closing, chmod
        // and touch change nothing: every write is a data modification.
        let relevant = matches!(
            event.kind,
            EventKind::Create(_)
                | EventKind::Modify(
                    notify::event::ModifyKind::Data(_)
                        | notify::event::ModifyKind::Name(_)
                        | notify::event::ModifyKind::Any
                        | notify::event::ModifyKind::Other
                )
                | EventKind::Remove(_)
        );
        if relevant && event.paths.iter().any(|p| files.contains(p)) {
            let _ = asks.send(Ask::Changed);
        }
    };
    let mut watcher = notify::recommended_watcher(handler).ok()?;
    let mut dirs: Vec<&PathBuf> = targets.iter().map(|(d, _)| d).collect();
    dirs.sort();
    dirs.dedup();
    let mut any = false;
    for dir in dirs {
        any |= watcher.watch(dir, RecursiveMode::NonRecursive).is_ok();
    }
    any.then_some(watcher)
}

/// The reload thread: waits for a change or the key, lets a burst of
/// changes settle, reads the files, and sends the result back. Ends when
/// the UI is gone.
fn reload_loop(
    inputs: &[Input],
    options: &LoadOptions,
    shown: Arc<Timeline>,
    inbox: &Receiver<Ask>,
    outbox: &Sender<Loaded>,
    wake: &dyn Fn(),
) {
    let mut shown = Some(shown);
    let mut again = false;
    loop {
        let settle = match again {
            true => true,
            false => match inbox.recv() {
                Err(_) => return,
                Ok(Ask::Adopt(t)) => {
                    shown = Some(t);
                    continue;
                }
                Ok(Ask::Changed) => true,
                Ok(Ask::Now) => false,
            },
        };
        again = false;
        if settle {
            // One save is several events: read once they stop.
            loop {
                match inbox.recv_timeout(QUIET) {
                    Ok(Ask::Adopt(t)) => shown = Some(t),
                    Ok(Ask::Changed | Ask::Now) => {}
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        }
        let loaded = match load_inputs_with(inputs, options) {
            Err(e) => Loaded::Failed(crate::text::line(&e.to_string()).into_owned()),
            Ok((timeline, summaries)) => {
                // The UI takes the last reading in before it can be compared
                // with the next; changes meanwhile are read after.
                let old = loop {
                    if let Some(old) = shown.take() {
                        break old;
                    }
                    match inbox.recv() {
                        Ok(Ask::Adopt(t)) => shown = Some(t),
                        Ok(Ask::Changed | Ask::Now) => again = true,
                        Err(_) => return,
                    }
                };
                let matching = Matching::new(&old, &timeline);
                let warnings = summaries.into_iter().flat_map(|s| s.warnings).collect();
                Loaded::Fresh(Box::new(Fresh {
                    timeline,
                    warnings,
                    matching,
                }))
            }
        };
        if outbox.send(loaded).is_err() {
            return;
        }
        wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::load_inputs;

    const WAIT: Duration = Duration::from_secs(20);

    fn timeline(titles: &[&str]) -> String {
        let events: Vec<String> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| format!(r#"{{"id": "e{i}", "date": "200{i}", "title": "{t}"}}"#))
            .collect();
        format!(r#"{{"events": [{}]}}"#, events.join(", "))
    }

    /// The next reading the thread sends, once it says so.
    fn next(reloader: &Reloader, woken: &Receiver<()>) -> Loaded {
        woken
            .recv_timeout(WAIT)
            .expect("a reading within the timeout");
        reloader
            .try_loaded()
            .expect("a reading sent before the wake-up")
    }

    #[test]
    fn a_save_is_read_and_compared_with_the_timeline_shown_and_a_broken_one_fails() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.json");
        std::fs::write(&file, timeline(&["A"])).unwrap();
        let inputs = vec![Input::Path(file.clone())];
        let shown = Arc::new(load_inputs(&inputs).unwrap().0);
        let (tx, woken) = mpsc::channel();
        let wake = move || {
            let _ = tx.send(());
        };
        let reloader = Reloader::start(inputs, LoadOptions::default(), true, shown, wake);
        // As an editor saves: a new file renamed over the old (at once: a
        // write in place could be read half done on a busy machine).
        let save = |text: &str| {
            let tmp = dir.path().join("t.json.new");
            std::fs::write(&tmp, text).unwrap();
            std::fs::rename(&tmp, &file).unwrap();
        };
        save(&timeline(&["A", "B"]));
        let Loaded::Fresh(fresh) = next(&reloader, &woken) else {
            panic!("the save failed to load");
        };
        assert_eq!(
            fresh.matching.report(),
            "reloaded: +1 new, 0 changed, 0 removed"
        );
        reloader.adopt(Arc::new(fresh.timeline));
        save("{\"events\": [");
        let Loaded::Failed(error) = next(&reloader, &woken) else {
            panic!("a broken file loaded");
        };
        assert!(error.contains("t.json:1:"), "{error}");
        // Fixed: compared with the last timeline adopted, not the broken file.
        save(&timeline(&["A", "B, edited"]));
        let Loaded::Fresh(fresh) = next(&reloader, &woken) else {
            panic!("the fixed file failed to load");
        };
        assert_eq!(
            fresh.matching.report(),
            "reloaded: +0 new, 1 changed, 0 removed"
        );
        reloader.adopt(Arc::new(fresh.timeline));
        // The key reads at once, with nothing changed.
        reloader.now();
        let Loaded::Fresh(fresh) = next(&reloader, &woken) else {
            panic!("the file failed to load");
        };
        assert_eq!(
            fresh.matching.report(),
            "reloaded: +0 new, 0 changed, 0 removed"
        );
    }
}
