//! Output formats: how chosen events are written to stdout (`--format`).
//!
//! | format       | what is written                                                        |
//! |--------------|------------------------------------------------------------------------|
//! | `text`       | `DATE  TITLE  [companies; countries]`, one line per event (default)    |
//! | `jsonl`      | one native JSON event object per line, unknown fields included         |
//! | `json`       | a whole native timeline document that tlx can load again               |
//! | `csv`        | RFC 4180 CSV with a header line, LF line ends                          |
//! | `tsv`        | tab-separated values with a header line, `\t \n \r \\` escaped         |
//! | `md`         | a Markdown table: Date, Title, Companies, Countries, Topics            |
//! | `id`         | the event id, one per line                                             |
//! | `timelinejs` | a TimelineJS3 JSON document; native-only fields as extra slide members |
//! | `timelinejs-csv` | the TimelineJS Google Sheets template's 18 columns as CSV          |
//! | `'{…}'`      | a template: any text with `{field}` parts, one rendering per event     |
//!
//! Records end in `\n`, or in `\0` with `--print0` (every format except the
//! documents `json`, `timelinejs` and `md`; the csv, tsv and timelinejs-csv
//! header ends in `\0` too).
//!
//! What the data may put on the way out (SECURITY.md, "Output"):
//!
//! - The formats for people (text, id, md and templates) pass every string
//!   from the data through [`text::line`], whether stdout is a terminal or
//!   a pipe: no control character or escape sequence from a timeline is
//!   written (a line break shows as `␊`), so each event stays one record
//!   and `| tail` or `| less -R` cannot be driven by the data. `--raw`
//!   writes the data as it is, except what would split a record: NUL, and
//!   line breaks unless `--print0` separates the records.
//! - The table formats (csv, tsv, timelinejs-csv) are data for programs:
//!   exact through a pipe (csv quotes a field holding a line break, tsv
//!   escapes it), cleaned with [`text::line`] on a terminal. A csv text
//!   cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
//!   tab, CR first) gets a leading `'` (OWASP's rule) unless `--raw`.
//! - The JSON formats always escape DEL, C1 controls, bidi overrides and
//!   other invisible format characters as `\uXXXX` (valid JSON, the same
//!   data).
//!
//! `format.rs` reads `--format` and `template.rs` the `{field}` templates;
//! `lines.rs` writes text, csv, tsv and md, `json.rs` jsonl and json,
//! `timelinejs.rs` timelinejs and timelinejs-csv. A new
//! format is a variant of [`OutputFormat`], a writer in the file of its kind
//! (or a file of its own), and an arm in [`write_events`].

use std::fmt;
use std::io::{self, Write};

use crate::text;
use crate::timeline::Timeline;

mod format;
mod json;
mod lines;
mod template;
mod timelinejs;

pub use format::OutputFormat;
pub use json::event_json;
pub use template::Template;

/// How output is written, beside its format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputOptions {
    /// End records with NUL instead of a line feed (`--print0`).
    pub print0: bool,
    /// Standard output is a terminal: sanitise data in the human formats.
    pub terminal: bool,
    /// Use colour (ANSI SGR) in the `text` format.
    pub color: bool,
    /// Write the data as it is (`--raw`): no cleaning in the formats for
    /// people beyond keeping records whole, no formula guard in csv.
    pub raw: bool,
}

impl OutputOptions {
    /// How the formats for people write a data string.
    fn for_people(&self) -> Shown {
        match self.raw {
            true => Shown::Framed {
                print0: self.print0,
            },
            false => Shown::Clean,
        }
    }

    /// How the table formats write a data string.
    fn for_programs(&self) -> Shown {
        match self.terminal {
            true => Shown::Clean,
            false => Shown::Exact,
        }
    }
}

/// How a string from the data is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shown {
    /// Every control and invisible character made visible ([`text::line`]).
    Clean,
    /// As it is, but NUL (and line breaks, unless records end in NUL)
    /// made visible, so a record stays one record ([`text::framed`]).
    Framed {
        /// Records end in NUL, so line breaks may stay.
        print0: bool,
    },
    /// As it is: the format itself frames it (csv quotes, tsv escapes).
    Exact,
}

/// Writes the chosen events (indices into `timeline.events`, in the given
/// order) in `format`. An index out of range is skipped.
///
/// Each record is one `write_all`: give it a locked, buffered stdout
/// (`BufWriter`), flush it afterwards, and treat an error for which
/// [`is_broken_pipe`] holds as a quiet end.
pub fn write_events(
    out: &mut dyn Write,
    timeline: &Timeline,
    events: &[usize],
    format: &OutputFormat,
    opts: &OutputOptions,
) -> io::Result<()> {
    let sep = if opts.print0 { '\0' } else { '\n' };
    let chosen = events.iter().filter_map(|&i| timeline.events.get(i));
    let mut buf = String::new();
    let (people, programs) = (opts.for_people(), opts.for_programs());
    let guard = !opts.raw;
    match format {
        OutputFormat::Json => return json::write_document(out, timeline, chosen),
        OutputFormat::Markdown => return lines::write_markdown(out, timeline, chosen, people),
        OutputFormat::TimelineJs => return timelinejs::write_document(out, timeline, chosen),
        OutputFormat::TimelineJsCsv => {
            timelinejs::csv_header(&mut buf);
            buf.push(sep);
            if timelinejs::csv_title_row(&mut buf, timeline, programs) {
                buf.push(sep);
            }
            out.write_all(buf.as_bytes())?;
        }
        OutputFormat::Csv | OutputFormat::Tsv => {
            lines::table_header(&mut buf, *format == OutputFormat::Tsv);
            buf.push(sep);
            out.write_all(buf.as_bytes())?;
        }
        _ => {}
    }
    for event in chosen {
        buf.clear();
        match format {
            OutputFormat::Text => lines::text_line(&mut buf, timeline, event, opts),
            OutputFormat::JsonLines => json::push_event_json(&mut buf, timeline, event),
            OutputFormat::Csv => {
                let table = lines::Table::Csv { guard };
                lines::table_row(&mut buf, timeline, event, programs, table)
            }
            OutputFormat::Tsv => {
                lines::table_row(&mut buf, timeline, event, programs, lines::Table::Tsv)
            }
            OutputFormat::Id => push_data(&mut buf, event.id(), people),
            OutputFormat::TimelineJsCsv => timelinejs::csv_row(&mut buf, timeline, event, programs),
            OutputFormat::Template(t) => t.render_into(timeline, event, people, &mut buf),
            OutputFormat::Json | OutputFormat::Markdown | OutputFormat::TimelineJs => {
                unreachable!("documents return above")
            }
        }
        buf.push(sep);
        out.write_all(buf.as_bytes())?;
    }
    Ok(())
}

/// Writes rows of cells as tab-separated lines (`\t \n \r \\` escaped,
/// as `tsv` does) or, with `csv`, as RFC 4180 CSV under `header`: the
/// table formats' rules for what the data may hold (`--facets`).
pub fn write_rows(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    csv: bool,
    opts: &OutputOptions,
) -> io::Result<()> {
    let sep = if opts.print0 { '\0' } else { '\n' };
    let table = match csv {
        true => lines::Table::Csv { guard: !opts.raw },
        false => lines::Table::Tsv,
    };
    let mut buf = String::new();
    if csv {
        lines::push_cells(&mut buf, header, Shown::Exact, table, &[]);
        buf.push(sep);
    }
    for row in rows {
        lines::push_cells(&mut buf, row, opts.for_programs(), table, &[]);
        buf.push(sep);
    }
    out.write_all(buf.as_bytes())
}

/// True when an io error only means the reader went away (EPIPE, as in
/// `tlx --filter x | head -1`): callers stop writing and exit quietly.
pub fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}

/// Pushes a data string as `shown` says.
fn push_data(out: &mut String, value: &str, shown: Shown) {
    match shown {
        Shown::Clean => out.push_str(&text::line(value)),
        Shown::Framed { print0 } => out.push_str(&text::framed(value, print0)),
        Shown::Exact => out.push_str(value),
    }
}

/// Pushes a value's `Display` text.
fn push_display(out: &mut String, value: &dyn fmt::Display) {
    use fmt::Write as _;
    // Writing into a String cannot fail.
    let _ = write!(out, "{value}");
}

/// Pushes the items with `sep` between them.
fn join_into<'a>(out: &mut String, items: impl Iterator<Item = &'a str>, sep: &str) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::parse;

    const SAMPLE: &str = r#"{"title":"T","events":[
      {"id":"b","date":"2019-05-31","title":"Second | one","companies":["Huawei","Orange"],"countries":["France"],"topics":["cloud"],"summary":"line one\nline, \"two\"\ttab\\","sources":[{"url":"https://example.org/b","x":1}]},
      {"id":"a","date":"2017-02","end_date":"2026-09","approximate":true,"title":"First","kind":"launch","place":"Paris","people":["Ann","Bo"]},
      {"id":"c","date":"2020","title":"Evil\u001b]2;x\u0007 \u202e title","countries":["Égypte"]}
    ]}"#;

    pub(super) fn sample() -> Timeline {
        parse("sample.json", SAMPLE.as_bytes()).unwrap()
    }

    pub(super) fn render(format: &str, opts: OutputOptions) -> String {
        let t = sample();
        let all: Vec<usize> = (0..t.events.len()).collect();
        let mut out = Vec::new();
        write_events(&mut out, &t, &all, &format.parse().unwrap(), &opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    pub(super) fn pipe() -> OutputOptions {
        OutputOptions::default()
    }

    pub(super) fn tty() -> OutputOptions {
        OutputOptions {
            terminal: true,
            ..OutputOptions::default()
        }
    }

    #[test]
    fn print0_ends_records_with_nul() {
        let nul = OutputOptions {
            print0: true,
            ..pipe()
        };
        assert_eq!(render("id", nul), "a\0b\0c\0");
        assert_eq!(render("csv", nul).matches('\0').count(), 4);
        assert!(!render("json", nul).contains('\0'));
    }

    #[test]
    fn broken_pipe_is_recognised() {
        assert!(is_broken_pipe(&io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(!is_broken_pipe(&io::Error::other("x")));
    }
}
