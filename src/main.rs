//! The `tlx` binary: parse the command line, pick a mode, map errors to exit codes.

use std::io::{IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, Parser};

use tlx::app::Outcome;
use tlx::cli::Cli;
use tlx::output::{self, OutputOptions};
use tlx::search::{self, Criteria, Query};
use tlx::timeline::{Facet, Input, LabelStyle, LoadOptions, Timeline, load_each, load_inputs_with};
use tlx::watch::Reload;

/// Exit codes, as fzf's.
const FOUND: u8 = 0;
const NONE: u8 = 1;
const ERROR: u8 = 2;
const CANCELLED: u8 = 130;

/// Warnings printed before the UI or output; `--check` prints them all.
const MAX_WARNINGS: usize = 20;

fn main() -> ExitCode {
    let result = match Cli::try_parse() {
        Ok(cli) => run(cli),
        // --help and --version print to stdout and succeed.
        Err(e) if !e.use_stderr() => print_help(&e),
        // A usage error is one line, as every other error is.
        Err(e) => Err(usage_line(&e)),
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

fn run(cli: Cli) -> Result<u8, String> {
    if let Some(shell) = cli.completions {
        // Generated in memory: clap_complete panics on a write error.
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "tlx", &mut script);
        return emit(&script).map(|()| FOUND);
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
    let (mut timeline, summaries) =
        load_inputs_with(&inputs, &options).map_err(|e| e.to_string())?;
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
    let ui = !cli.facets && cli.filter.is_none();
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
    let warnings = summaries.into_iter().flat_map(|s| s.warnings);
    let warnings = warnings.chain(notes).collect();
    let reload = reload_for(&inputs, options, &cli);
    run_ui(
        ManuallyDrop::into_inner(timeline),
        criteria,
        warnings,
        reload,
        &cli,
    )
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
    }
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
    (criteria, notes)
}

/// The interactive UI; prints the chosen events, from the timeline shown
/// last (a reload may have replaced the first), after the terminal is
/// restored.
fn run_ui(
    timeline: Arc<Timeline>,
    criteria: Criteria,
    warnings: Vec<String>,
    reload: Reload,
    cli: &Cli,
) -> Result<u8, String> {
    let hits = search::search(&timeline, &criteria, cli.sort);
    if cli.exit_0 && hits.is_empty() {
        return Ok(NONE);
    }
    if cli.select_1 && hits.len() == 1 {
        return print_events(&timeline, &[hits[0].index as usize], cli);
    }
    let options = tlx::app::Options {
        query: cli.query.clone().unwrap_or_default(),
        criteria,
        sort: cli.sort,
        multi: !cli.no_multi,
        // The UI draws on /dev/tty, a terminal whatever stdout is.
        color: cli.color.enabled(true),
        warnings,
    };
    let (outcome, shown) = tlx::tui::run(timeline, options, reload).map_err(|e| e.to_string())?;
    // Never freed, as in `run`.
    let shown = ManuallyDrop::new(shown);
    match outcome {
        Outcome::Chosen(chosen) => print_events(&shown, &chosen, cli),
        Outcome::Nothing => Ok(NONE),
        Outcome::Cancelled => Ok(CANCELLED),
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
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        };
        let verdict = if strict && !s.warnings.is_empty() {
            "refused by --strict"
        } else {
            "ok"
        };
        text.push_str(&format!(
            "{origin}: {verdict}, {}, {} events{warnings}\n",
            s.format, s.events
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
        "total: {} events, {span}, {} countries, {} companies, {} topics\n",
        timeline.events.len(),
        count(Facet::Country),
        count(Facet::Company),
        count(Facet::Topic)
    )
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
