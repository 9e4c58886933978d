//! The `tlx` binary: parse the command line, pick a mode, map errors to exit codes.

use std::io::{IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::process::ExitCode;
use std::sync::Arc;

use clap::FromArgMatches;

use tlx::app::{Keymap, Outcome};
use tlx::cli::{self, Cli};
use tlx::config::{self, Config};
use tlx::output::{self, OutputOptions};
use tlx::search::{self, Criteria, Query};
use tlx::timeline::{
    Facet, Input, LabelStyle, LoadOptions, Timeline, load_each, load_inputs_with, load_prefix,
};
use tlx::watch::{Reload, Rest};

/// Exit codes, as fzf's.
const FOUND: u8 = 0;
const NONE: u8 = 1;
const ERROR: u8 = 2;
const CANCELLED: u8 = 130;

/// Warnings printed before the UI or output; `--check` prints them all.
const MAX_WARNINGS: usize = 20;

fn main() -> ExitCode {
    let result = match Config::load(&config::process_env) {
        Ok(config) => parse_and_run(config),
        Err(message) => Err(message),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            // Messages quote the data (ids, dates, names): sanitised, they
            // stay one line and cannot drive the terminal.
            eprintln!("tlx: {}", tlx::text::line(&message));
            ExitCode::from(ERROR)
        }
    }
}

/// Parses the default options and the command line (in that order: the
/// last of a flag given twice wins), then runs.
fn parse_and_run(config: Config) -> Result<u8, String> {
    let keymap = config.keymap();
    // Each source alone first, so that a mistake says where it is.
    for source in &config.opts_sources {
        let args = std::iter::once("tlx".to_owned()).chain(source.args.iter().cloned());
        if let Err(e) = cli::command(&keymap).try_get_matches_from(args)
            && e.use_stderr()
        {
            return Err(format!("in {}: {}", source.origin, usage_line(&e)));
        }
    }
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().take(1).collect();
    args.extend(config.default_opts.iter().map(Into::into));
    args.extend(std::env::args_os().skip(1));
    let parsed = cli::command(&keymap)
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => run(cli, &config, keymap),
        // --help and --version print to stdout and succeed.
        Err(e) if !e.use_stderr() => print_help(&e),
        // A usage error is one line, as every other error is.
        Err(e) => Err(usage_line(&e)),
    }
}

/// Prints `--help` or `--version`: styled on a terminal, plain elsewhere,
/// and a write error (a full disk) is an error like any other.
fn print_help(e: &clap::Error) -> Result<u8, String> {
    let text = match std::io::stdout().is_terminal() {
        true => e.render().ansi().to_string(),
        false => e.render().to_string(),
    };
    emit(text.as_bytes()).map(|()| FOUND)
}

/// clap's usage error as one line: its message, then its tip or the values
/// it takes in brackets, then where to read more.
fn usage_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid usage");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let extra: Vec<&str> = lines
        .filter(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(|l| l.strip_prefix("tip: ").unwrap_or(l))
        .map(|l| l.trim_start_matches('[').trim_end_matches(']'))
        .collect();
    match extra.is_empty() {
        true => format!("{first}; see 'tlx --help'"),
        false => format!("{first} ({}); see 'tlx --help'", extra.join("; ")),
    }
}

fn run(cli: Cli, config: &Config, keymap: Keymap) -> Result<u8, String> {
    if cli.print_config {
        let text = config.to_toml(&config::process_env);
        return emit(text.as_bytes()).map(|()| FOUND);
    }
    if cli.man {
        return emit(&tlx::man::page()).map(|()| FOUND);
    }
    if let Some(shell) = cli.completions {
        return emit(&tlx::completions::script(shell)).map(|()| FOUND);
    }
    if let Some(facet) = &cli.complete_facet {
        return complete_facet(facet, &cli);
    }
    let inputs: Vec<Input> = if cli.files.is_empty() {
        // As fzf: data piped or redirected in is the timeline.
        vec![if stdin_is_data() {
            Input::Stdin
        } else {
            Input::Embedded
        }]
    } else {
        cli.files.iter().map(|f| Input::from_arg(f)).collect()
    };
    if inputs.contains(&Input::Stdin) && std::io::stdin().is_terminal() {
        // `tlx -` typed at a prompt: say what it waits for.
        eprintln!("tlx: reading the timeline from standard input (Ctrl-D ends it)");
    }
    let options = LoadOptions {
        columns: cli.columns.clone(),
        progress: None,
    };
    if let (Some(since), Some(until)) = (cli.since, cli.until)
        && since.first_day() > until.last_day()
    {
        // Silently nothing otherwise: say why instead.
        return Err(format!(
            "--since {since} is after --until {until}: no date lies between them"
        ));
    }
    if cli.check {
        return check(&inputs, cli.strict, &options);
    }
    let ui = !cli.facets && cli.filter.is_none();
    let mut reload = reload_for(&inputs, options.clone(), &cli);
    // A large file opens on its first events while the whole is read,
    // when the whole can be read again (a file) and nothing before the
    // UI needs all of it.
    let prefix = match ui && progressive(&cli) && matches!(reload, Reload::Files { .. }) {
        true => load_prefix(&inputs, &options),
        false => None,
    };
    if let (Some(prefix), Reload::Files { rest, .. }) = (&prefix, &mut reload) {
        *rest = Some(Rest {
            progress: Arc::default(),
            total: prefix.total,
            estimate: prefix.estimate(),
        });
    }
    let loaded = match (prefix, ui) {
        (Some(prefix), _) => Ok((prefix.timeline, prefix.summaries)),
        (None, false) => load_inputs_with(&inputs, &options),
        // The explorer's terminal shows how far a slow load has got.
        (None, true) => {
            let theme = config.ui_theme(cli.color.enabled(true));
            match tlx::loading::load_showing_progress(&inputs, &options, &theme) {
                Some(result) => result,
                None => return Ok(CANCELLED),
            }
        }
    };
    let (mut timeline, summaries) = loaded.map_err(|e| e.to_string())?;
    let warnings: Vec<&String> = summaries.iter().flat_map(|s| &s.warnings).collect();
    if cli.strict
        && let Some(first) = warnings.first()
    {
        // `file:line:col: warning: …` becomes the error line.
        return Err(first.replacen(": warning: ", ": ", 1));
    }
    // The first few, then a count; the UI keeps them all.
    for warning in warnings.iter().take(MAX_WARNINGS) {
        eprintln!("tlx: {}", tlx::text::line(warning));
    }
    if warnings.len() > MAX_WARNINGS {
        eprintln!("tlx: … and {} more warnings", warnings.len() - MAX_WARNINGS);
    }
    let (criteria, notes) = build_criteria(&mut timeline, &cli);
    if !ui {
        for note in &notes {
            eprintln!("tlx: note: {}", tlx::text::line(note));
        }
    }
    // Never freed: the process ends with this function, and handing a
    // million events back one by one took longer than matching them.
    let timeline = ManuallyDrop::new(Arc::new(timeline));
    if cli.facets {
        return print_facets(&timeline, &criteria, &cli);
    }
    if cli.filter.is_some() {
        let hits = search::search(&timeline, &criteria, cli.sort);
        let chosen: Vec<usize> = hits.iter().map(|h| h.index as usize).collect();
        return print_events(&timeline, &chosen, &cli);
    }
    // The UI lists the notes with the warnings: printed now, they would
    // be hidden behind it until it ends.
    let warnings = summaries.into_iter().flat_map(|s| s.warnings).collect();
    run_ui(
        ManuallyDrop::into_inner(timeline),
        criteria,
        (warnings, notes),
        reload,
        &cli,
        config,
        keymap,
    )
}

/// `--complete-facet`: the values of a facet in the FILEs (else the
/// embedded timeline), most used first, one a line, for shell completion.
/// Standard input is never read: the shell's completion has none to give.
fn complete_facet(name: &str, cli: &Cli) -> Result<u8, String> {
    let Some(facet) = Facet::ALL.into_iter().find(|f| f.name() == name) else {
        return Err(format!("no facet named {name}"));
    };
    let inputs: Vec<Input> = match cli.files.is_empty() {
        true => vec![Input::Embedded],
        false => cli.files.iter().map(|f| Input::from_arg(f)).collect(),
    };
    let inputs: Vec<Input> = inputs.into_iter().filter(|i| *i != Input::Stdin).collect();
    let options = LoadOptions {
        columns: cli.columns.clone(),
        ..LoadOptions::default()
    };
    let (timeline, _) = load_inputs_with(&inputs, &options).map_err(|e| e.to_string())?;
    let counts = search::facet_counts(&timeline, &Criteria::default());
    let mut text = String::new();
    for &(sym, n) in counts.get(facet) {
        if n > 0 {
            // One value a line, whatever the data holds.
            text.push_str(&tlx::text::line(timeline.names.get(sym)));
            text.push('\n');
        }
    }
    std::mem::forget(timeline);
    emit(text.as_bytes()).map(|()| FOUND)
}

/// Whether the UI can read its timeline again: only when every input is
/// a regular file (standard input and pipes cannot be read twice, and a
/// pipe read again would wait for a writer; the embedded timeline never
/// changes).
fn reload_for(inputs: &[Input], options: LoadOptions, cli: &Cli) -> Reload {
    if inputs.contains(&Input::Stdin) {
        return Reload::Refused("cannot reload: the timeline came from standard input");
    }
    if inputs.contains(&Input::Embedded) {
        return Reload::Refused("cannot reload: the embedded timeline never changes");
    }
    let regular = |i: &Input| match i {
        Input::Path(p) => p.metadata().is_ok_and(|m| m.is_file()),
        _ => false,
    };
    if !inputs.iter().all(regular) {
        return Reload::Refused("cannot reload: a FILE is a pipe or a device, read only once");
    }
    Reload::Files {
        inputs: inputs.to_vec(),
        options,
        watch: !cli.no_watch,
        rest: None,
    }
}

/// Whether the explorer may open on a large file's first events
/// ([`load_prefix`]) while the whole is read: not when something done
/// before it opens needs the whole (`--select-1`, `--exit-0`, `--strict`
/// refusing on any warning, the notes on `--country`, `--since` and the
/// like, which name what the timeline lacks).
fn progressive(cli: &Cli) -> bool {
    !cli.select_1
        && !cli.exit_0
        && !cli.strict
        && cli.country.is_empty()
        && cli.company.is_empty()
        && cli.topic.is_empty()
        && cli.since.is_none()
        && cli.until.is_none()
}

/// Whether standard input holds a timeline when no FILE is named: a pipe,
/// a socket or a regular file does. A terminal, a device such as
/// `/dev/null`, or a closed standard input does not: the embedded
/// timeline opens, as before.
fn stdin_is_data() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
        return false; // closed
    };
    match std::fs::File::from(fd).metadata() {
        Ok(meta) => {
            let kind = meta.file_type();
            kind.is_fifo() || kind.is_socket() || kind.is_file()
        }
        Err(_) => false,
    }
}

/// The criteria the command line asks for: query plus facets and dates. A
/// facet value the timeline lacks is added to its names (used by no
/// event), so the criteria keep it, matching nothing, and shows it by name.
fn build_criteria(timeline: &mut Timeline, cli: &Cli) -> (Criteria, Vec<String>) {
    let mut notes = Vec::new();
    let text = cli.filter.as_deref().or(cli.query.as_deref()).unwrap_or("");
    let mut criteria = Criteria {
        query: Query::parse(text),
        since: cli.since,
        until: cli.until,
        ..Criteria::default()
    };
    for (facet, wanted) in [
        (Facet::Country, &cli.country),
        (Facet::Company, &cli.company),
        (Facet::Topic, &cli.topic),
    ] {
        for name in wanted {
            let found = search::facet_values_named(timeline, facet, name);
            if found.is_empty() {
                notes.push(format!(
                    "no {} named \"{name}\" in this timeline: --{} {name} matches no event",
                    facet.name(),
                    facet.name(),
                ));
                let unknown = timeline.names.intern(name);
                criteria.selected_mut(facet).insert(unknown);
            }
            criteria.selected_mut(facet).extend(found);
        }
    }
    if let Some(note) = empty_date_range(timeline, &criteria) {
        notes.push(note);
    }
    (criteria, notes)
}

/// A note when `--since`/`--until` leave no event at all, whatever the
/// query and facets: nothing would say why the list is empty otherwise.
fn empty_date_range(timeline: &Timeline, criteria: &Criteria) -> Option<String> {
    if criteria.since.is_none() && criteria.until.is_none() {
        return None;
    }
    let dates_only = Criteria {
        since: criteria.since,
        until: criteria.until,
        ..Criteria::default()
    };
    if !search::search(timeline, &dates_only, search::Sort::Date).is_empty() {
        return None;
    }
    let range = match (criteria.since, criteria.until) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("from {a} on"),
        (None, Some(b)) => format!("up to {b}"),
        (None, None) => return None,
    };
    let runs = timeline
        .span()
        .map(|(first, last)| {
            format!(
                " (the timeline runs from {} to {})",
                first.human(),
                last.human()
            )
        })
        .unwrap_or_default();
    Some(format!(
        "no event lies {range}{runs}: the dates match nothing"
    ))
}

/// The interactive UI; prints the chosen events, from the timeline shown
/// last (a reload may have replaced the first), after the terminal is
/// restored.
fn run_ui(
    timeline: Arc<Timeline>,
    criteria: Criteria,
    (warnings, notes): (Vec<String>, Vec<String>),
    reload: Reload,
    cli: &Cli,
    config: &Config,
    keymap: Keymap,
) -> Result<u8, String> {
    let hits = search::search(&timeline, &criteria, cli.sort);
    if cli.exit_0 && hits.is_empty() {
        return Ok(NONE);
    }
    if cli.select_1 && hits.len() == 1 {
        return print_events(&timeline, &[hits[0].index as usize], cli);
    }
    let mut notes = notes;
    let history_file = match config.history && config.history_size > 0 && !cli.no_history {
        true => tlx::history::path(),
        false => None,
    };
    // A history that cannot be read is a warning in the UI, not an error.
    let history = history_file.as_deref().map(|path| {
        tlx::history::load(path).unwrap_or_else(|e| {
            notes.push(format!(
                "cannot read the query history {}: {e}",
                path.display()
            ));
            Vec::new()
        })
    });
    // The UI draws on /dev/tty, a terminal whatever stdout is.
    let color = cli.color.enabled(true);
    let theme = config.ui_theme(color);
    let opener = tlx::launch::Opener::from_settings(
        std::env::var("TLX_OPENER").ok().as_deref(),
        config.opener.as_deref(),
    )?;
    let options = tlx::app::Options {
        query: cli.query.clone().unwrap_or_default(),
        criteria,
        sort: cli.sort,
        multi: !cli.no_multi,
        color: theme.has_color(),
        warnings,
        notes,
        history,
        keymap: Arc::new(keymap),
        format: cli.format.clone(),
        raw: cli.raw,
        copy: config.copy,
        hyperlinks: hyperlinks(),
    };
    let ended =
        tlx::tui::run(timeline, options, &theme, opener, reload).map_err(|e| e.to_string())?;
    // Never freed, as in `run`.
    let shown = ManuallyDrop::new(ended.timeline);
    // As fzf: the query is remembered when the user accepts with it.
    let accepted = matches!(ended.outcome, Outcome::Chosen(_) | Outcome::Nothing);
    if let Some(path) = history_file.as_deref().filter(|_| accepted)
        && let Err(e) = tlx::history::append(path, &ended.query, config.history_size)
    {
        eprintln!(
            "tlx: note: cannot save the query history to {}: {e}",
            tlx::text::line(&path.display().to_string())
        );
    }
    match ended.outcome {
        Outcome::Chosen(chosen) => print_events(&shown, &chosen, cli),
        Outcome::Nothing => Ok(NONE),
        Outcome::Cancelled => Ok(CANCELLED),
    }
}

/// Whether the detail pane's addresses are OSC 8 links: `TLX_HYPERLINKS`
/// (`0` or `1`) decides, else the terminal's `TERM`.
fn hyperlinks() -> bool {
    match std::env::var("TLX_HYPERLINKS").ok().as_deref() {
        Some("0") => false,
        Some("1") => true,
        _ => tlx::osc::hyperlinks_supported(std::env::var("TERM").ok().as_deref()),
    }
}

fn print_events(timeline: &Timeline, chosen: &[usize], cli: &Cli) -> Result<u8, String> {
    if chosen.is_empty() {
        return Ok(NONE);
    }
    let terminal = std::io::stdout().is_terminal();
    let options = OutputOptions {
        print0: cli.print0,
        terminal,
        color: cli.color.enabled(terminal),
        raw: cli.raw,
    };
    to_stdout(|out| output::write_events(out, timeline, chosen, &cli.format, &options))
        .map(|()| FOUND)
}

fn print_facets(timeline: &Timeline, criteria: &Criteria, cli: &Cli) -> Result<u8, String> {
    let counts = search::facet_counts(timeline, criteria);
    let json = matches!(
        cli.format,
        output::OutputFormat::Json | output::OutputFormat::JsonLines
    );
    if json {
        let mut any = false;
        let mut doc = serde_json::Map::new();
        for facet in Facet::ALL {
            let list: Vec<serde_json::Value> = counts
                .get(facet)
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|&(s, n)| serde_json::json!({"name": timeline.names.get(s), "count": n}))
                .collect();
            any |= !list.is_empty();
            doc.insert(facet.plural().to_string(), serde_json::Value::Array(list));
        }
        let mut text = tlx::json_text::escape_text(&serde_json::Value::Object(doc).to_string());
        text.push('\n');
        emit(text.as_bytes())?;
        return Ok(if any { FOUND } else { NONE });
    }
    let csv = match &cli.format {
        output::OutputFormat::Csv => true,
        output::OutputFormat::Text | output::OutputFormat::Tsv => false,
        _ => {
            return Err("--facets writes text (tab-separated), tsv, csv, json or jsonl".to_owned());
        }
    };
    let rows: Vec<Vec<String>> = Facet::ALL
        .iter()
        .flat_map(|&facet| {
            let counts = counts.get(facet).iter().filter(|(_, n)| *n > 0);
            counts.map(move |&(s, n)| {
                let name = timeline.names.get(s).to_owned();
                vec![facet.name().to_owned(), name, n.to_string()]
            })
        })
        .collect();
    let any = !rows.is_empty();
    let terminal = std::io::stdout().is_terminal();
    let options = OutputOptions {
        print0: cli.print0,
        terminal,
        color: false,
        raw: cli.raw,
    };
    let header = ["facet", "name", "count"];
    to_stdout(|out| output::write_rows(out, &header, &rows, csv, &options))
        .map(|()| if any { FOUND } else { NONE })
}

/// `--check`: reads every input, reports every warning and every file's
/// error on stderr, a line per file and a total on stdout. Exit 2 when a
/// file failed (or, with `--strict`, warned).
fn check(inputs: &[Input], strict: bool, options: &LoadOptions) -> Result<u8, String> {
    let (timeline, results) = load_each(inputs, false, options);
    let terminal = std::io::stdout().is_terminal();
    let mut text = String::new();
    let (mut failed, mut warned) = (false, false);
    for result in &results {
        let s = match result {
            Ok(s) => s,
            Err(e) => {
                eprintln!("tlx: {}", tlx::text::line(&e.to_string()));
                failed = true;
                continue;
            }
        };
        for warning in &s.warnings {
            eprintln!("tlx: {}", tlx::text::line(warning));
        }
        warned |= !s.warnings.is_empty();
        // A file name is bytes from anywhere (`tlx --check *`).
        let origin = if terminal {
            tlx::text::line(&s.origin)
        } else {
            s.origin.as_str().into()
        };
        let warnings = match s.warnings.len() {
            0 => String::new(),
            n => format!(", {}", counted(n, "warning", "warnings")),
        };
        let verdict = if strict && !s.warnings.is_empty() {
            "refused by --strict"
        } else {
            "ok"
        };
        text.push_str(&format!(
            "{origin}: {verdict}, {}, {}{warnings}\n",
            s.format,
            counted(s.events, "event", "events")
        ));
    }
    text.push_str(&check_about(&timeline));
    text.push_str(&check_summary(&timeline));
    // Never freed, as in `run`: the process ends here, and handing a
    // million events back one by one takes longer than reading them.
    std::mem::forget(timeline);
    emit(text.as_bytes())?;
    Ok(if failed || (strict && warned) {
        ERROR
    } else {
        FOUND
    })
}

/// The timeline's title and the first line of its description, a line
/// each, for `--check`; nothing for what it lacks. Always one line each:
/// control characters are shown as symbols, long texts cut.
fn check_about(timeline: &Timeline) -> String {
    const SHOWN: usize = 200;
    let mut out = String::new();
    let title = timeline.title.trim();
    if !title.is_empty() {
        out.push_str(&format!(
            "title: {}\n",
            tlx::text::clipped_line(title, SHOWN)
        ));
    }
    let description = timeline.description.trim();
    if let Some(first) = description.lines().map(str::trim).find(|l| !l.is_empty()) {
        let mut line = format!("description: {}", tlx::text::clipped_line(first, SHOWN));
        let chars = description.chars().count();
        if first.chars().count() < chars {
            line.push_str(&format!(" (… {chars} characters in all)"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// One line on what the merged timeline holds, for `--check`.
fn check_summary(timeline: &Timeline) -> String {
    let span = timeline
        .span()
        .map(|(a, b)| {
            let (a, b) = (a.label(LabelStyle::Short), b.label(LabelStyle::Short));
            format!("{a} → {b}")
        })
        .unwrap_or_else(|| "no dates".to_string());
    let count = |facet: Facet| {
        let mut syms: Vec<_> = timeline
            .events
            .iter()
            .flat_map(|e| e.facet(facet).iter().copied())
            .collect();
        syms.sort_unstable();
        syms.dedup();
        syms.len()
    };
    format!(
        "total: {}, {span}, {}, {}, {}\n",
        counted(timeline.events.len(), "event", "events"),
        counted(count(Facet::Country), "country", "countries"),
        counted(count(Facet::Company), "company", "companies"),
        counted(count(Facet::Topic), "topic", "topics"),
    )
}

/// `1 event`, `2 events`.
fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// Writes to stdout; a reader that went away (`| head`) is a normal end.
fn emit(bytes: &[u8]) -> Result<(), String> {
    to_stdout(|out| out.write_all(bytes))
}

/// Runs a writer over buffered stdout, treating a closed pipe as success.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if output::is_broken_pipe(&e) => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

/// glibc's allocator spent most of a large load consolidating free lists;
/// mimalloc keeps the many small event allocations cheap.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
