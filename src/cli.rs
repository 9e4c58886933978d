//! The command line, as clap sees it.

use clap::{CommandFactory, Parser, ValueEnum};

use crate::app::Keymap;

use crate::output::OutputFormat;
use crate::search::Sort;
use crate::timeline::{ColumnMap, PartialDate};

/// `--help`'s text after the options, before the keys.
const ABOUT_INPUT: &str = "\
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
accents are ignored in every script. With a query, best match first.";

/// `--help`'s text after the keys.
const ABOUT_EXIT: &str = "\
Configuration: ~/.config/tlx/config.toml ($XDG_CONFIG_HOME/tlx/config.toml,
or TLX_CONFIG=FILE): default_opts, theme, [colors], [keys]. TLX_DEFAULT_OPTS
holds options read before the command line's (which win). NO_COLOR turns
colour off, CLICOLOR_FORCE on. tlx --print-config prints it all.

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
// Flags given twice (in `default_opts`, `TLX_DEFAULT_OPTS` and the
// command line) take the last, as fzf's do; repeatable ones add up.
#[command(name = "tlx", version, about, args_override_self = true)]
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
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = FormatParser, hide_possible_values = true)]
    pub format: OutputFormat,

    /// Allow marking several events with Space (the default)
    #[arg(long, overrides_with = "no_multi")]
    pub multi: bool,

    /// Choose one event only
    #[arg(long, overrides_with = "multi")]
    pub no_multi: bool,

    /// Neither recall earlier queries (Alt-Up) nor save this one
    #[arg(long)]
    pub no_history: bool,

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

    /// Colour: auto (when the output is a terminal and NO_COLOR is unset, or CLICOLOR_FORCE is set), always, never
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print the configuration in effect (config file, theme, keys) as a config file, then exit
    #[arg(long)]
    pub print_config: bool,
    /// Do not reload the timeline files when they change on disk (F5 still reloads them)
    #[arg(long)]
    pub no_watch: bool,

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[arg(long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff): tlx --man | man -l -
    #[arg(long)]
    pub man: bool,

    /// For shell completion: print the values of this facet in FILE(s) (or
    /// the embedded timeline), one a line, then exit
    #[arg(long, value_name = "FACET", hide = true, value_parser = ["country", "company", "topic"])]
    pub complete_facet: Option<String>,
}

/// The command line as clap sees it, with `--help`'s keys section made
/// from `keymap` (the keys in effect).
pub fn command(keymap: &Keymap) -> clap::Command {
    let keys = keymap.cli_paragraph(76);
    Cli::command().after_help(format!("{ABOUT_INPUT}\n\n{keys}\n\n{ABOUT_EXIT}"))
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
    /// Resolves `auto` against the output and the process's environment.
    pub fn enabled(self, is_terminal: bool) -> bool {
        self.enabled_with(is_terminal, &crate::config::process_env)
    }

    /// Resolves `auto` against the output and `env`: `CLICOLOR_FORCE`
    /// (set, not `0`) turns colour on as `always` does; else a terminal
    /// has colour unless `NO_COLOR` is set (not empty).
    pub fn enabled_with(self, is_terminal: bool, env: crate::config::Env) -> bool {
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto
                if set("CLICOLOR_FORCE") && env("CLICOLOR_FORCE").as_deref() != Some("0") =>
            {
                true
            }
            ColorChoice::Auto => is_terminal && !set("NO_COLOR"),
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

/// `--format`: a format's name or a template. The names are offered to
/// shell completion as possible values; anything else is parsed as a
/// template, not refused as clap's own list of values would.
#[derive(Clone, Copy, Debug)]
struct FormatParser;

impl clap::builder::TypedValueParser for FormatParser {
    type Value = OutputFormat;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<OutputFormat, clap::Error> {
        let parse: fn(&str) -> Result<OutputFormat, String> = str::parse::<OutputFormat>;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let names = OutputFormat::NAMES.iter();
        Some(Box::new(names.map(clap::builder::PossibleValue::new)))
    }
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::tests::env;

    #[test]
    fn no_color_and_clicolor_force() {
        use ColorChoice::*;
        type Vars = &'static [(&'static str, &'static str)];
        let cases: &[(Vars, ColorChoice, bool, bool)] = &[
            (&[], Auto, true, true),
            (&[], Auto, false, false),
            (&[("NO_COLOR", "1")], Auto, true, false),
            (&[("NO_COLOR", "")], Auto, true, true),
            (&[("NO_COLOR", "1")], Always, true, true),
            (&[("CLICOLOR_FORCE", "1")], Auto, false, true),
            (
                &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
                Auto,
                true,
                true,
            ),
            (&[("CLICOLOR_FORCE", "0")], Auto, false, false),
            (&[("CLICOLOR_FORCE", "")], Auto, false, false),
            (&[("CLICOLOR_FORCE", "1")], Never, true, false),
        ];
        for (vars, choice, terminal, want) in cases {
            let got = choice.enabled_with(*terminal, &env(vars));
            assert_eq!(got, *want, "{vars:?} {choice:?} terminal={terminal}");
        }
    }

    #[test]
    fn flags_given_twice_take_the_last_and_repeatable_ones_add_up() {
        let cli = Cli::try_parse_from([
            "tlx",
            "--sort",
            "date",
            "--format",
            "id",
            "--no-multi",
            "--color",
            "never",
            "--country",
            "Togo",
            "-q",
            "a",
            "--check",
            "--strict",
            "--raw",
            "--sort",
            "-date",
            "--format",
            "json",
            "--multi",
            "--color",
            "always",
            "--country",
            "Chad",
            "-q",
            "b",
            "--check",
            "--strict",
            "--raw",
        ])
        .expect("parses");
        assert_eq!(cli.sort, crate::search::Sort::DateDesc);
        assert!(matches!(cli.format, OutputFormat::Json));
        assert!(cli.multi && !cli.no_multi);
        assert_eq!(cli.color, ColorChoice::Always);
        assert_eq!(cli.country, ["Togo", "Chad"]);
        assert_eq!(cli.query.as_deref(), Some("b"));
    }

    #[test]
    fn help_keys_follow_the_keymap() {
        use crate::app::keymap::{Key, Scope};
        use crate::app::{Action, UserBinding};
        let help = command(&Keymap::default()).render_help().to_string();
        assert!(help.contains("Ctrl-C quits"), "{help}");
        assert!(help.contains("Examples:"), "{help}");
        let q = Key {
            code: crossterm::event::KeyCode::Char('q'),
            mods: crossterm::event::KeyModifiers::CONTROL,
        };
        let mine = Keymap::with(&[UserBinding {
            scope: Scope::Everywhere,
            key: q,
            action: Some(Action::Quit),
        }]);
        let help = command(&mine).render_help().to_string();
        assert!(help.contains("Ctrl-Q/Ctrl-C quits"), "{help}");
        for line in mine.cli_paragraph(76).lines() {
            assert!(line.chars().count() <= 76, "{line}");
        }
    }
}
