//! Reading timelines: the native format, TimelineJS3 JSON, JSON Lines,
//! legacy TimelineJS2 JSON, the TimelineJS Google Sheets template as CSV
//! and other CSV tables through a column mapping, detected from the bytes
//! themselves.
//!
//! This file holds the public entry points and `Builder::add_with`, which
//! reads one file: it detects the format and hands the text to its reader.
//! The rest, by seam:
//!
//! - `source.rs`: getting the bytes (files read or mapped, standard input).
//! - `context.rs`: one file's reading state, error positions, the text
//!   check and format detection.
//! - `builder.rs`: the timeline being built: ids checked or made up, events
//!   sorted by date.
//! - `native.rs`: tlx's JSON, read by serde visitors straight into events;
//!   `members.rs` reads the values inside its objects.
//! - `timelinejs.rs`: TimelineJS vocabulary, met by the same visitors.
//! - `jsonl.rs`: JSON Lines, one event a line through the same event reader.
//! - `timelinejs2.rs`: legacy TimelineJS2 (`{"timeline": {"date": […]}}`),
//!   each slide turned into the same draft as a TimelineJS3 slide.
//! - `table.rs`: CSV: which reading a table gets, column mappings
//!   (`--columns`, or guessed from the header) and records of any table;
//!   `sheet.rs`: the Google Sheets template's rows, as TimelineJS slides.
//! - `parallel.rs`: large native documents read on several threads.
//! - `tests.rs`: the whole loader's messages and positions.
//!
//! Another format gets a file of its own beside `jsonl.rs`, a [`Format`], a
//! case in `detect` and in `add_with`, and a reader that fills a `Draft`
//! per event and hands it to `native::finish_event`, which checks it and
//! gives it to the builder.

use std::fmt;
use std::ops::Range;

use serde::de::DeserializeSeed;

use super::error::LoadError;
use super::event::Timeline;

mod builder;
mod context;
mod jsonl;
mod members;
mod native;
mod parallel;
mod progress;
mod sheet;
mod sigbus;
mod source;
mod table;
mod timelinejs;
mod timelinejs2;

use builder::Builder;
use context::{FileCtx, Release, check_text, detect};
use jsonl::parse_lines;
use native::DocSeed;
use source::{Contents, Window, open, read_stream};

pub use progress::Progress;
pub use sheet::SHEET_COLUMNS;
pub use table::ColumnMap;

/// The timeline compiled into the binary.
pub const EMBEDDED: &str = include_str!("../../../assets/huawei-partnerships.json");

/// The name the embedded timeline goes by in messages.
pub const EMBEDDED_NAME: &str = "<embedded>";

/// Where a timeline comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The timeline compiled into tlx.
    Embedded,
    /// Standard input (`-`).
    Stdin,
    /// A file (or anything that reads like one: a pipe, `/dev/fd/N`).
    Path(std::path::PathBuf),
}

impl Input {
    /// Reads a command-line argument: `-` is standard input.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(arg.into())
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Embedded => EMBEDDED_NAME.to_string(),
            Input::Stdin => "-".to_string(),
            Input::Path(p) => p.display().to_string(),
        }
    }
}

/// The file formats tlx reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// tlx's own JSON (see the README).
    Native,
    /// Knight Lab's TimelineJS3 JSON.
    TimelineJs,
    /// One JSON event object per line.
    JsonLines,
    /// Knight Lab's legacy TimelineJS2 JSON (`{"timeline": {"date": […]}}`).
    TimelineJs2,
    /// Knight Lab's Google Sheets template, as CSV.
    SheetsCsv,
    /// Any other CSV table, read through a column mapping.
    Csv,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Native => "tlx JSON",
            Format::TimelineJs => "TimelineJS JSON",
            Format::JsonLines => "JSON Lines",
            Format::TimelineJs2 => "TimelineJS2 JSON",
            Format::SheetsCsv => "TimelineJS Sheets CSV",
            Format::Csv => "CSV",
        })
    }
}

/// What one loaded file contributed, for `--check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's name.
    pub origin: String,
    /// The format detected.
    pub format: Format,
    /// How many events it held.
    pub events: usize,
    /// Problems confined to one event, which was skipped or repaired as
    /// TimelineJS does: `file:line:col: warning: …`, one line each.
    pub warnings: Vec<String>,
}

/// How inputs are read, beyond what their bytes say.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Which columns of a CSV table hold which fields (`--columns`).
    pub columns: Option<ColumnMap>,
    /// Where the loader counts the bytes it has read past, for a progress bar.
    pub progress: Option<std::sync::Arc<Progress>>,
}

/// Loads and merges the inputs into one timeline sorted by date.
pub fn load_inputs(inputs: &[Input]) -> Result<(Timeline, Vec<FileSummary>), LoadError> {
    load_inputs_with(inputs, &LoadOptions::default())
}

/// [`load_inputs`] with options (a column mapping for CSV tables).
pub fn load_inputs_with(
    inputs: &[Input],
    options: &LoadOptions,
) -> Result<(Timeline, Vec<FileSummary>), LoadError> {
    let (timeline, results) = load_each(inputs, true, options);
    let summaries = results.into_iter().collect::<Result<_, _>>()?;
    Ok((timeline, summaries))
}

/// Native files from this size up open on their first events
/// ([`load_prefix`]) while the whole is read.
pub const PREFIX_FROM: u64 = 8 << 20;

/// How far into a large file its first events reach: a few milliseconds'
/// reading in a release build.
const PREFIX_BYTES: usize = 2 << 20;

/// How far past [`PREFIX_BYTES`] the element that crosses it may end.
const PREFIX_SLACK: usize = 1 << 20;

/// The first events of a large file, read alone.
#[derive(Debug)]
pub struct Prefix {
    /// The events of the file's first [`Prefix::bytes`] bytes, sorted.
    pub timeline: Timeline,
    /// What reading them said (warnings in that stretch).
    pub summaries: Vec<FileSummary>,
    /// How many bytes of the file they come from.
    pub bytes: u64,
    /// The file's size.
    pub total: u64,
}

impl Prefix {
    /// How many events the whole file holds, guessed from the prefix's
    /// density.
    pub fn estimate(&self) -> usize {
        let n = self.timeline.events.len() as u128;
        (n * u128::from(self.total) / u128::from(self.bytes.max(1))) as usize
    }
}

/// The first events of `inputs`, when they are one native file of at least
/// [`PREFIX_FROM`] bytes: its `events` array cut after the element that
/// crosses [`PREFIX_BYTES`], closed, and read as a timeline of its own (the
/// ids made up or renamed there are those of the whole file, read in the
/// same order). `None` for anything else (several inputs, pipes, other
/// formats, a first stretch that does not read): those are read whole.
pub fn load_prefix(inputs: &[Input], options: &LoadOptions) -> Option<Prefix> {
    use std::io::Read;
    let [Input::Path(path)] = inputs else {
        return None;
    };
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() < PREFIX_FROM {
        return None;
    }
    let mut bytes = Vec::new();
    let want = (PREFIX_BYTES + PREFIX_SLACK) as u64;
    file.take(want).read_to_end(&mut bytes).ok()?;
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let (bom, text) = match bytes.strip_prefix(BOM) {
        Some(text) => (BOM, text),
        None => (&b""[..], &bytes[..]),
    };
    if detect(text) != Format::Native {
        return None;
    }
    let doc = [bom, &parallel::prefix(text, PREFIX_BYTES)?].concat();
    let options = LoadOptions {
        progress: None,
        ..options.clone()
    };
    let origin = inputs[0].name();
    let mut builder = Builder::default();
    let summary = builder.add_with(&origin, &doc, None, &options).ok()?;
    // TimelineJS slides take the whole file's path, as before.
    if summary.format != Format::Native {
        return None;
    }
    Some(Prefix {
        timeline: builder.finish(),
        summaries: vec![summary],
        bytes: (doc.len() - 2) as u64,
        total: meta.len(),
    })
}

/// Loads every input it can, for `--check`: a file that fails adds nothing
/// and its error takes its place in the results, in input order. With
/// `stop`, the first error ends the loading.
pub fn load_each(
    inputs: &[Input],
    stop: bool,
    options: &LoadOptions,
) -> (Timeline, Vec<Result<FileSummary, LoadError>>) {
    let mut builder = Builder::default();
    let mut results = Vec::new();
    for input in inputs {
        let mark = builder.mark();
        let result = builder.add_input(input, options);
        let failed = result.is_err();
        if failed {
            builder.rollback(mark);
        }
        results.push(result);
        if failed && stop {
            break;
        }
    }
    if let Some(progress) = &options.progress {
        progress.sorting_started();
    }
    (builder.finish(), results)
}

impl Builder {
    /// Adds one input, read or mapped as it is best read.
    fn add_input(
        &mut self,
        input: &Input,
        options: &LoadOptions,
    ) -> Result<FileSummary, LoadError> {
        let builder = self;
        let origin = input.name();
        Ok(match input {
            Input::Embedded => builder.add_with(&origin, EMBEDDED.as_bytes(), None, options)?,
            Input::Stdin => {
                let bytes = read_stream(std::io::stdin().lock()).map_err(|e| {
                    LoadError::file(&origin, format!("cannot read standard input: {e}"))
                })?;
                builder.add_with(&origin, &bytes, None, options)?
            }
            Input::Path(path) => match open(path).map_err(|m| LoadError::file(&origin, m))? {
                Contents::Read(bytes) => builder.add_with(&origin, &bytes, None, options)?,
                Contents::Mapped(map) => {
                    // A truncation meanwhile reads as zeros, not a SIGBUS.
                    let guard = sigbus::Guard::new(&map);
                    let window = Window::new(&map);
                    let result = builder.add_with(&origin, &map, Some(&window), options);
                    if guard.truncated() {
                        return Err(LoadError::file(
                            &origin,
                            "changed while it was being read (cut short): read it again",
                        ));
                    }
                    result?
                }
            },
        })
    }
}

/// Parses one in-memory timeline (any supported format).
pub fn parse(origin: &str, bytes: &[u8]) -> Result<Timeline, LoadError> {
    let mut builder = Builder::default();
    builder.add(origin, bytes)?;
    Ok(builder.finish())
}

impl Builder {
    /// Adds one file held in memory.
    fn add(&mut self, origin: &str, bytes: &[u8]) -> Result<FileSummary, LoadError> {
        self.add_with(origin, bytes, None, &LoadOptions::default())
    }

    /// Adds one file; `window`, when given, maps `bytes` and is told what
    /// reading has got past.
    fn add_with(
        &mut self,
        origin: &str,
        bytes: &[u8],
        window: Option<&Window<'_>>,
        options: &LoadOptions,
    ) -> Result<FileSummary, LoadError> {
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        // From the start: stops at the first byte that is not space (trimming
        // the end too would walk back over a gigabyte of trailing space).
        if text.iter().all(u8::is_ascii_whitespace) {
            return Err(LoadError::file(
                origin,
                "empty file (expected a tlx timeline, a TimelineJS timeline or JSON Lines)",
            ));
        }
        // Offsets in `text` skip a byte-order mark; the window counts from `bytes`.
        let base = text.as_ptr() as usize - bytes.as_ptr() as usize;
        let progress = options.progress.as_deref();
        // The UTF-8 check only lets pages go: the bar follows the reading.
        let release_checked = window.map(|w| move |offset: usize| w.release(base + offset));
        let release_checked: Release<'_> = release_checked.as_ref().map(|r| r as &dyn Fn(usize));
        let release_text = move |offset: usize| {
            if let Some(w) = window {
                w.release(base + offset);
            }
            if let Some(p) = progress {
                p.reached(offset);
            }
        };
        let release_text: Release<'_> =
            (window.is_some() || progress.is_some()).then_some(&release_text as &dyn Fn(usize));
        let release_range = move |r: Range<usize>| {
            if let Some(p) = progress {
                p.advanced(r.len());
            }
            if let Some(w) = window {
                w.release_range(base + r.start..base + r.end);
            }
        };
        let release_range: parallel::ReleaseRange<'_> = (window.is_some() || progress.is_some())
            .then_some(&release_range as &(dyn Fn(Range<usize>) + Sync));
        let summary = self.add_text(
            origin,
            text,
            release_checked,
            release_text,
            release_range,
            options,
        );
        if let Some(p) = progress {
            p.input_done(bytes.len());
        }
        summary
    }

    /// Reads one file's text (its byte-order mark skipped), letting pages
    /// go and counting progress through the `release` functions.
    fn add_text(
        &mut self,
        origin: &str,
        text: &[u8],
        release_checked: Release<'_>,
        release_text: Release<'_>,
        release_range: parallel::ReleaseRange<'_>,
        options: &LoadOptions,
    ) -> Result<FileSummary, LoadError> {
        let format = detect(text);
        // The parallel reader checks the UTF-8 of each piece on its own
        // thread; on any doubt the ordinary reader below checks it all.
        if format == Format::Native
            && text.len() >= parallel::FROM_BYTES
            && let Some(parts) = parallel::read_document(text, available_threads(), release_range)
            && let Some(summary) = self.absorb(origin, parts)
        {
            return Ok(summary);
        }
        // One pass over the whole text checks its UTF-8 far faster than the
        // parser would string by string, and names binary input plainly.
        let checked = check_text(origin, text, release_checked)?;
        let mark = self.mark();
        let before = self.timeline.events.len();
        // No room reserved from the text's size: the list grows with the
        // events read, whatever (space, say) fills the rest of the file.
        self.files.push(origin.to_string());
        let mut ctx = FileCtx::new(self, text, release_text);
        // The CSV readers and TimelineJS2's raise their own errors, located.
        let format = match format {
            Format::Csv | Format::SheetsCsv => table::read(&mut ctx, checked, options)?,
            Format::TimelineJs2 => {
                timelinejs2::read(&mut ctx, checked)?;
                format
            }
            Format::Native | Format::TimelineJs | Format::JsonLines => {
                let mut result = read(&mut ctx, format, checked);
                if let Err((err, _)) = &result
                    && ctx.confined(err)
                {
                    // One event holds a value of the wrong type: read again,
                    // each event on its own, so that only that one is lost.
                    drop(ctx);
                    self.rollback(mark);
                    self.files.push(origin.to_string());
                    ctx = FileCtx::new(self, text, release_text);
                    ctx.resilient = true;
                    result = read(&mut ctx, format, checked);
                }
                if let Err((err, line_offset)) = result {
                    return Err(ctx.locate(origin, &err, line_offset));
                }
                format
            }
        };
        let (title, description, extra, aliases, tljs) = (
            ctx.doc_title,
            ctx.doc_description,
            ctx.doc_extra,
            ctx.doc_aliases,
            ctx.tljs,
        );
        let (title_media, title_extra) = (ctx.doc_title_media, ctx.doc_title_extra);
        self.timeline.add_aliases(aliases);
        // The first file that says something of itself (a title, a
        // description or members tlx does not know).
        if self.timeline.title.is_empty()
            && self.timeline.description.is_empty()
            && self.timeline.extra.is_none()
            && (title.is_some() || description.is_some() || extra.is_some())
        {
            self.timeline.title = title.unwrap_or_default();
            self.timeline.description = description.unwrap_or_default();
            self.timeline.extra = extra;
            self.timeline.title_media = title_media;
            self.timeline.title_extra = title_extra;
        }
        let added = self.timeline.events.len() - before;
        let warnings = std::mem::take(&mut self.warnings);
        // A JSON document or JSON Lines that spoke TimelineJS's vocabulary.
        let format = match format {
            Format::Native | Format::JsonLines if tljs => Format::TimelineJs,
            other => other,
        };
        Ok(FileSummary {
            origin: origin.to_string(),
            format,
            events: added,
            warnings,
        })
    }
}

/// Reads a whole checked text in `format` into `ctx`; an error comes with
/// the number of lines before the part serde_json saw (JSON Lines).
fn read(
    ctx: &mut FileCtx<'_>,
    format: Format,
    checked: &str,
) -> Result<(), (serde_json::Error, usize)> {
    match format {
        Format::JsonLines => parse_lines(ctx, checked),
        _ => {
            let mut de = serde_json::Deserializer::from_str(checked);
            DocSeed { ctx }
                .deserialize(&mut de)
                .and_then(|()| de.end())
                .map_err(|e| (e, 0))
        }
    }
}

/// The threads the parallel reader may use: as many as the machine runs
/// at once.
fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests;
