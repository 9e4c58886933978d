//! The command line, as clap sees it.

use clap::{Parser, ValueEnum};

use crate::output::OutputFormat;
use crate::search::Sort;
use crate::timeline::{ColumnMap, PartialDate};

const AFTER_HELP: &str = "\
Without FILE, tlx reads standard input when it is a pipe or a file (as fzf),
else opens its embedded timeline of Huawei's cloud and telecom partnerships.
FILEs may be tlx JSON, TimelineJS3 JSON, JSON Lines, TimelineJS2 JSON, the
TimelineJS Google Sheets template as CSV, or any CSV of dated records
(detected from the content; other CSV columns through --columns or guessed
from the header); several are merged; '-' reads standard input.

Query syntax (as fzf): words are ANDed, '|' ORs, 'exact, 'word', ^prefix,
suffix$, !not; a term alone in one field: country:egypt, company:orange,
topic:5g, kind:, person:, place:, source:, title:, summary:; dates:
date:2019, date:2018..2020, date:..2019-06. Lowercase queries ignore case;
accents are ignored in every script. With a query, best match first.

Keys: type to search at once; Up/Down (Ctrl-P/N, Ctrl-K/J) move, Tab marks,
Enter prints the marked events (else the current one), Esc clears the query
and on an empty one quits, Ctrl-C quits. Ctrl-L browses the list, where
letters are commands (j k g G, h l between panes, s sort, c clear, q quit);
F1 (or ? in the list) shows every key; docs/keys.md lists them too.

Exit status: 0 something was printed, 1 no match or nothing chosen,
2 error, 130 cancelled (Esc, q, Ctrl-C).

Examples:
  tlx                                   explore the embedded timeline
  tlx --filter 'orange cloud'           print matches, no UI
  tlx -f '' --country Togo --format jsonl | jq .title
  tlx --check my-timeline.json          validate and summarise
  tlx --columns 'date=when,title=name,country=where' table.csv
  cat events.jsonl | tlx --format id    pick events, print their ids";

/// tlx: explore a timeline of dated events in the terminal and pipe the chosen ones out.
#[derive(Debug, Parser)]
#[command(name = "tlx", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Timeline files to open (merged); '-' is standard input
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,

    /// Start the UI with this query
    #[arg(short, long, value_name = "QUERY")]
    pub query: Option<String>,

    /// No UI: print every event matching QUERY ('' for all) and exit
    #[arg(short, long, value_name = "QUERY")]
    pub filter: Option<String>,

    /// Keep events concerning this country (repeatable: any of them)
    #[arg(long, value_name = "C")]
    pub country: Vec<String>,

    /// Keep events involving this organisation (repeatable: any of them)
    #[arg(long, value_name = "O")]
    pub company: Vec<String>,

    /// Keep events on this topic (repeatable: any of them)
    #[arg(long, value_name = "T")]
    pub topic: Vec<String>,

    /// Keep events reaching this date or later (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<PartialDate>,

    /// Keep events starting by the end of this date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<PartialDate>,

    /// Order: auto (best match first while there is a query, else by date), date, -date (newest first) or score
    #[arg(long, value_name = "ORDER", default_value = "auto", allow_hyphen_values = true, value_parser = sort_parser())]
    pub sort: Sort,

    /// Output: text, jsonl, json, csv, tsv, md, id, timelinejs, timelinejs-csv, or a template like '{date} {title}'
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = str::parse::<OutputFormat>)]
    pub format: OutputFormat,

    /// Allow marking several events with Space (the default)
    #[arg(long, overrides_with = "no_multi")]
    pub multi: bool,

    /// Choose one event only
    #[arg(long, overrides_with = "multi")]
    pub no_multi: bool,

    /// Separate output records with NUL instead of newline
    #[arg(long)]
    pub print0: bool,

    /// With exactly one match, print it without opening the UI
    #[arg(short = '1', long = "select-1")]
    pub select_1: bool,

    /// With no match, exit 1 without opening the UI
    #[arg(short = '0', long = "exit-0")]
    pub exit_0: bool,

    /// Print countries, companies and topics with their counts, then exit
    #[arg(long)]
    pub facets: bool,

    /// Validate FILE(s), print every warning and a summary, then exit
    #[arg(long)]
    pub check: bool,

    /// Read CSV tables through this column mapping, KEY=COLUMN[+COLUMN...],...; keys: id, date (or year, month, day), end_date (or end_year, end_month, end_day), time, end_time, title, summary, kind, place, display_date, country, company, topic, people
    #[arg(long, value_name = "MAP", value_parser = str::parse::<ColumnMap>)]
    pub columns: Option<ColumnMap>,

    /// Treat warnings (events skipped or repaired) as errors
    #[arg(long)]
    pub strict: bool,

    /// Write the data as it is: no cleaning of control characters in text, id, md and templates (NUL and line breaks still shown as ␀ ␊, so each event stays one record), no formula guard in csv
    #[arg(long)]
    pub raw: bool,

    /// Colour: auto (when the output is a terminal and NO_COLOR is unset), always, never
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Do not reload the timeline files when they change on disk (F5 still reloads them)
    #[arg(long)]
    pub no_watch: bool,

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[arg(long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Resolves `auto` against the output and the NO_COLOR convention.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The orders by name; listing them lets clap show them in `--help` and
/// offer them in shell completions.
fn sort_parser() -> impl clap::builder::TypedValueParser<Value = Sort> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Sort::ALL.map(Sort::name))
        .try_map(|name| name.parse::<Sort>())
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s).map_err(|e| e.to_string())
}
