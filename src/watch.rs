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

use crate::app::{Loading, Matching};
use crate::timeline::{Input, LoadOptions, Progress, Timeline, load_inputs_with};

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
        /// The timeline shown first holds only the files' first events:
        /// the whole is read at once, counted here.
        rest: Option<Rest>,
    },
    /// The timeline cannot be read again: why, for the reload key to say.
    Refused(&'static str),
}

/// The rest of a timeline of which only the first events are shown
/// ([`crate::timeline::load_prefix`]), being read.
#[derive(Clone, Debug)]
pub struct Rest {
    /// Where the reading of the whole counts its bytes.
    pub progress: Arc<Progress>,
    /// The bytes to read.
    pub total: u64,
    /// How many events the whole holds, guessed from the first ones.
    pub estimate: usize,
}

impl Rest {
    /// How far the reading has got, for the status line: never 100% before
    /// the whole is shown.
    pub fn loading(&self) -> Loading {
        let bytes = u128::from(self.progress.bytes().min(self.total));
        let total = u128::from(self.total.max(1));
        Loading {
            percent: (bytes * 100 / total).min(99) as u8,
            read: (bytes * self.estimate as u128 / total) as usize,
            estimate: self.estimate,
        }
    }
}

/// A reading of the files, sent back to the UI.
#[derive(Debug)]
pub enum Loaded {
    /// The files read again.
    Fresh(Box<Fresh>),
    /// Reading them failed: the error, one line. The timeline shown stays.
    Failed(String),
    /// Reading the whole of a timeline whose first events are shown
    /// ([`Reloader::start`]'s `whole`) failed: the error, one line.
    Unread(String),
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
    /// This is the whole of a timeline whose first events were shown,
    /// not a change of the files.
    pub whole: bool,
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
    /// With `whole`, `shown` holds only the files' first events: they are
    /// read whole at once with those options (which count the progress),
    /// and that reading is sent as [`Fresh::whole`] (or [`Loaded::Unread`]).
    pub fn start(
        inputs: Vec<Input>,
        options: LoadOptions,
        watch: bool,
        shown: Arc<Timeline>,
        whole: Option<LoadOptions>,
        wake: impl Fn() + Send + 'static,
    ) -> Reloader {
        let (asks, inbox) = mpsc::channel();
        let (outbox, loaded) = mpsc::channel();
        let watcher = match watch {
            true => watch_files(&inputs, asks.clone()),
            false => None,
        };
        std::thread::spawn(move || {
            reload_loop(&inputs, &options, whole, shown, &inbox, &outbox, &wake);
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

/// The reload thread: reads the whole first when `whole` asks, then waits
/// for a change or the key, lets a burst of changes settle, reads the
/// files, and sends the result back. Ends when the UI is gone.
fn reload_loop(
    inputs: &[Input],
    options: &LoadOptions,
    mut whole: Option<LoadOptions>,
    shown: Arc<Timeline>,
    inbox: &Receiver<Ask>,
    outbox: &Sender<Loaded>,
    wake: &dyn Fn(),
) {
    let mut shown = Some(shown);
    let mut again = false;
    loop {
        let first = whole.take();
        let settle = match (&first, again) {
            // The whole is awaited: changes meanwhile are read after it.
            (Some(_), _) => false,
            (None, true) => true,
            (None, false) => match inbox.recv() {
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
        let loaded = match load_inputs_with(inputs, first.as_ref().unwrap_or(options)) {
            Err(e) if first.is_some() => {
                Loaded::Unread(crate::text::line(&e.to_string()).into_owned())
            }
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
                    whole: first.is_some(),
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
    fn the_whole_of_a_timeline_shown_in_part_is_read_at_once_and_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.json");
        std::fs::write(&file, timeline(&["A", "B", "C"])).unwrap();
        let part = crate::timeline::parse("t.json", timeline(&["A"]).as_bytes()).unwrap();
        let inputs = vec![Input::Path(file.clone())];
        let progress = Arc::new(Progress::default());
        let whole = LoadOptions {
            progress: Some(Arc::clone(&progress)),
            ..LoadOptions::default()
        };
        let (tx, woken) = mpsc::channel();
        let wake = move || {
            let _ = tx.send(());
        };
        let options = LoadOptions::default();
        let reloader = Reloader::start(inputs, options, false, Arc::new(part), Some(whole), wake);
        // No change, no key: read at once.
        let Loaded::Fresh(fresh) = next(&reloader, &woken) else {
            panic!("the whole failed to load");
        };
        assert!(fresh.whole);
        assert_eq!(fresh.timeline.events.len(), 3);
        assert_eq!(fresh.matching.old_to_new, [Some(0)]);
        assert!(progress.bytes() > 0);
        // Later readings are reloads, counted no more.
        reloader.adopt(Arc::new(fresh.timeline));
        let counted = progress.bytes();
        reloader.now();
        let Loaded::Fresh(fresh) = next(&reloader, &woken) else {
            panic!("the file failed to load");
        };
        assert!(!fresh.whole);
        assert_eq!(progress.bytes(), counted);
        // A whole that does not read is not a failed reload.
        std::fs::write(&file, "{\"events\": [").unwrap();
        let part = crate::timeline::parse("t.json", timeline(&["A"]).as_bytes()).unwrap();
        let inputs = vec![Input::Path(file)];
        let whole = Some(LoadOptions::default());
        let (tx, woken) = mpsc::channel();
        let wake = move || {
            let _ = tx.send(());
        };
        let reloader = Reloader::start(
            inputs,
            LoadOptions::default(),
            false,
            Arc::new(part),
            whole,
            wake,
        );
        let Loaded::Unread(error) = next(&reloader, &woken) else {
            panic!("a broken whole was not said to be unreadable");
        };
        assert!(error.contains("t.json:1:"), "{error}");
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
        let reloader = Reloader::start(inputs, LoadOptions::default(), true, shown, None, wake);
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
