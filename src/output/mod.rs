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
//! | `'{…}'`      | a template: any text with `{field}` parts, one rendering per event     |
//!
//! Records end in `\n`, or in `\0` with `--print0` (every format except the
//! documents `json` and `md`; the csv and tsv header ends in `\0` too).
//!
//! When standard output is a terminal, the human formats (text, md, csv,
//! tsv, id and templates) pass every string from the data through
//! [`text::line`], so no control character or escape sequence from a
//! timeline reaches the terminal (a line break shows as `␊`). When it is
//! not a terminal, text, csv, tsv, id and templates write the data's bytes
//! unchanged, for scripts. The JSON formats always escape DEL, C1 controls,
//! bidi overrides and other invisible format characters as `\uXXXX`
//! (valid JSON, the same data).

use std::fmt;
use std::io::{self, Write};

use crate::json_text;
use crate::text;
use crate::timeline::{Event, Facet, Source, Timeline};

mod format;
mod template;

pub use format::OutputFormat;
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
    let term = opts.terminal;
    match format {
        OutputFormat::Json => return write_document(out, timeline, chosen),
        OutputFormat::Markdown => return write_markdown(out, timeline, chosen, term),
        OutputFormat::Csv | OutputFormat::Tsv => {
            let tsv = *format == OutputFormat::Tsv;
            buf.push_str(&TABLE_COLUMNS.join(if tsv { "\t" } else { "," }));
            buf.push(sep);
            out.write_all(buf.as_bytes())?;
        }
        _ => {}
    }
    for event in chosen {
        buf.clear();
        match format {
            OutputFormat::Text => text_line(&mut buf, timeline, event, opts),
            OutputFormat::JsonLines => push_event_json(&mut buf, timeline, event),
            OutputFormat::Csv => table_row(&mut buf, timeline, event, term, false),
            OutputFormat::Tsv => table_row(&mut buf, timeline, event, term, true),
            OutputFormat::Id => push_data(&mut buf, event.id(), term),
            OutputFormat::Template(t) => t.render_into(timeline, event, term, &mut buf),
            OutputFormat::Json | OutputFormat::Markdown => unreachable!("documents return above"),
        }
        buf.push(sep);
        out.write_all(buf.as_bytes())?;
    }
    Ok(())
}

/// True when an io error only means the reader went away (EPIPE, as in
/// `tlx --filter x | head -1`): callers stop writing and exit quietly.
pub fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}

/// Pushes a data string, sanitised for the terminal when `terminal`.
fn push_data(out: &mut String, value: &str, terminal: bool) {
    if terminal {
        out.push_str(&text::line(value));
    } else {
        out.push_str(value);
    }
}

fn push_display(out: &mut String, value: &dyn fmt::Display) {
    use fmt::Write as _;
    // Writing into a String cannot fail.
    let _ = write!(out, "{value}");
}

fn join_into<'a>(out: &mut String, items: impl Iterator<Item = &'a str>, sep: &str) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
}

// ---------------------------------------------------------------- text

const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn text_line(out: &mut String, timeline: &Timeline, event: &Event, opts: &OutputOptions) {
    if opts.color {
        out.push_str(DIM);
    }
    if event.approximate {
        out.push('~');
    }
    out.push_str(&event.date_label());
    if opts.color {
        out.push_str(RESET);
    }
    out.push_str("  ");
    if opts.color {
        out.push_str(BOLD);
    }
    push_data(out, event.title(), opts.terminal);
    if opts.color {
        out.push_str(RESET);
    }
    if event.facet(Facet::Company).is_empty() && event.facet(Facet::Country).is_empty() {
        return;
    }
    let mut facets = String::new();
    join_into(
        &mut facets,
        timeline.facet_names(event, Facet::Company),
        ", ",
    );
    if !event.facet(Facet::Company).is_empty() && !event.facet(Facet::Country).is_empty() {
        facets.push_str("; ");
    }
    join_into(
        &mut facets,
        timeline.facet_names(event, Facet::Country),
        ", ",
    );
    out.push_str("  [");
    push_data(out, &facets, opts.terminal);
    out.push(']');
}

// ---------------------------------------------------------------- csv, tsv

const TABLE_COLUMNS: [&str; 12] = [
    "id",
    "date",
    "end_date",
    "approximate",
    "title",
    "kind",
    "companies",
    "countries",
    "topics",
    "people",
    "place",
    "summary",
];

fn table_row(out: &mut String, timeline: &Timeline, event: &Event, terminal: bool, tsv: bool) {
    let list = |items: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        join_into(&mut s, items, "; ");
        s
    };
    let end = event.end_date.map(|d| d.to_string()).unwrap_or_default();
    let cells: [std::borrow::Cow<'_, str>; 12] = [
        event.id().into(),
        event.date.to_string().into(),
        end.into(),
        (if event.approximate { "true" } else { "false" }).into(),
        event.title().into(),
        event.kind().into(),
        list(&mut timeline.facet_names(event, Facet::Company)).into(),
        list(&mut timeline.facet_names(event, Facet::Country)).into(),
        list(&mut timeline.facet_names(event, Facet::Topic)).into(),
        list(&mut event.people.iter().map(|p| &**p)).into(),
        event.place().into(),
        event.summary().into(),
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(if tsv { '\t' } else { ',' });
        }
        if tsv {
            let escaped = tsv_escape(cell);
            push_data(out, &escaped, terminal);
        } else if terminal {
            csv_field(out, &text::line(cell));
        } else {
            csv_field(out, cell);
        }
    }
}

/// Writes one CSV field, quoted when it holds `,` `"` CR or LF.
fn csv_field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn tsv_escape(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(['\\', '\t', '\r', '\n']) {
        return value.into();
    }
    let mut s = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\t' => s.push_str("\\t"),
            '\r' => s.push_str("\\r"),
            '\n' => s.push_str("\\n"),
            _ => s.push(c),
        }
    }
    s.into()
}

// ---------------------------------------------------------------- markdown

fn write_markdown<'a>(
    out: &mut dyn Write,
    timeline: &Timeline,
    events: impl Iterator<Item = &'a Event>,
    terminal: bool,
) -> io::Result<()> {
    out.write_all(b"| Date | Title | Companies | Countries | Topics |\n")?;
    out.write_all(b"| --- | --- | --- | --- | --- |\n")?;
    let mut row = String::new();
    let mut facet = String::new();
    for event in events {
        row.clear();
        row.push('|');
        let mut date = String::new();
        if event.approximate {
            date.push('~');
        }
        date.push_str(&event.date_label());
        md_cell(&mut row, &date, terminal);
        md_cell(&mut row, event.title(), terminal);
        for f in [Facet::Company, Facet::Country, Facet::Topic] {
            facet.clear();
            join_into(&mut facet, timeline.facet_names(event, f), ", ");
            md_cell(&mut row, &facet, terminal);
        }
        row.push('\n');
        out.write_all(row.as_bytes())?;
    }
    Ok(())
}

/// Appends ` cell |`: `\` and `|` escaped, line breaks as `<br>`.
fn md_cell(out: &mut String, value: &str, terminal: bool) {
    out.push(' ');
    let value = value.replace("\r\n", "\n");
    let mut cell = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => cell.push_str("\\\\"),
            '|' => cell.push_str("\\|"),
            '\n' | '\r' => cell.push_str("<br>"),
            _ => cell.push(c),
        }
    }
    push_data(out, &cell, terminal);
    out.push_str(" |");
}

// ---------------------------------------------------------------- json

/// One event as a single-line native JSON object, unknown fields included.
///
/// Members, in order: `id`, `date`, `end_date`, `approximate` (only when
/// true), `title`, `summary`, `kind`, `place`, `companies`, `countries`,
/// `topics`, `people`, `sources`, `display_date`, then the event's unknown
/// members exactly as read. Empty optional fields are left out. A source
/// holds `publisher`, `author`, `title`, `date`, `language`, `url`, then its
/// own unknown members. DEL, C1 controls, bidi and invisible format
/// characters and U+2028/U+2029 are escaped as `\uXXXX`.
pub fn event_json(timeline: &Timeline, event: &Event) -> String {
    let mut out = String::with_capacity(256);
    push_event_json(&mut out, timeline, event);
    out
}

fn push_event_json(out: &mut String, timeline: &Timeline, event: &Event) {
    let mut obj = JsonObject::new(out);
    obj.string("id", event.id());
    obj.key("date");
    push_json_display(obj.out, &event.date);
    if let Some(end) = &event.end_date {
        obj.key("end_date");
        push_json_display(obj.out, end);
    }
    if event.approximate {
        obj.key("approximate");
        obj.out.push_str("true");
    }
    obj.string("title", event.title());
    obj.nonempty("summary", event.summary());
    obj.nonempty("kind", event.kind());
    obj.nonempty("place", event.place());
    for facet in [Facet::Company, Facet::Country, Facet::Topic] {
        if !event.facet(facet).is_empty() {
            obj.key(facet.plural());
            push_json_list(obj.out, timeline.facet_names(event, facet));
        }
    }
    if !event.people.is_empty() {
        obj.key("people");
        push_json_list(obj.out, event.people.iter().map(|p| &**p));
    }
    if !event.sources.is_empty() {
        obj.key("sources");
        obj.out.push('[');
        for (i, source) in event.sources.iter().enumerate() {
            if i > 0 {
                obj.out.push(',');
            }
            push_source_json(obj.out, source);
        }
        obj.out.push(']');
    }
    if let Some(label) = event.display_date() {
        obj.string("display_date", label);
    }
    obj.extra(event.extra.as_deref());
    obj.finish();
}

fn push_source_json(out: &mut String, source: &Source) {
    let mut obj = JsonObject::new(out);
    let fields = [
        ("publisher", source.publisher()),
        ("author", source.author()),
        ("title", source.title()),
        ("date", source.date()),
        ("language", source.language()),
        ("url", source.url()),
    ];
    for (key, value) in fields {
        if let Some(v) = value {
            obj.string(key, v);
        }
    }
    obj.extra(source.extra.as_deref());
    obj.finish();
}

/// Writes a compact JSON object member by member.
struct JsonObject<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    fn new(out: &'a mut String) -> Self {
        out.push('{');
        JsonObject { out, empty: true }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        json_text::push_str(self.out, key);
        self.out.push(':');
    }

    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        json_text::push_str(self.out, value);
    }

    fn nonempty(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.string(key, value);
        }
    }

    /// Splices the members of a kept JSON object text (`{"a":1}`).
    fn extra(&mut self, extra: Option<&str>) {
        for (key, value) in extra.map(json_text::object_members).into_iter().flatten() {
            if !self.empty {
                self.out.push(',');
            }
            self.empty = false;
            json_text::push_raw(self.out, key);
            self.out.push(':');
            json_text::push_raw(self.out, value);
        }
    }

    fn finish(self) {
        self.out.push('}');
    }
}

fn push_json_display(out: &mut String, value: &dyn fmt::Display) {
    json_text::push_str(out, &value.to_string());
}

fn push_json_list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_text::push_str(out, item);
    }
    out.push(']');
}

fn write_document<'a>(
    out: &mut dyn Write,
    timeline: &Timeline,
    events: impl Iterator<Item = &'a Event>,
) -> io::Result<()> {
    let mut buf = String::new();
    buf.push_str("{\n  \"title\": ");
    json_text::push_str(&mut buf, &timeline.title);
    buf.push_str(",\n  \"description\": ");
    json_text::push_str(&mut buf, &timeline.description);
    for (key, value) in timeline
        .extra
        .as_deref()
        .map(json_text::object_members)
        .into_iter()
        .flatten()
    {
        buf.push_str(",\n  ");
        json_text::push_raw(&mut buf, key);
        buf.push_str(": ");
        json_text::push_raw(&mut buf, value);
    }
    buf.push_str(",\n  \"events\": [");
    out.write_all(buf.as_bytes())?;
    let mut first = true;
    for event in events {
        buf.clear();
        buf.push_str(if first { "\n    " } else { ",\n    " });
        first = false;
        push_event_json(&mut buf, timeline, event);
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })
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
    fn text_lines() {
        assert_eq!(
            render("text", pipe()),
            "~2017-02 → 2026-09  First\n\
             2019-05-31  Second | one  [Huawei, Orange; France]\n\
             2020  Evil\u{1b}]2;x\u{7} \u{202e} title  [Égypte]\n"
        );
        let shown = render("text", tty());
        assert!(shown.contains("2020  Evil\u{241b}]2;x\u{2407} \u{fffd} title  [Égypte]\n"));
        let colored = render(
            "text",
            OutputOptions {
                color: true,
                ..tty()
            },
        );
        assert!(colored.starts_with("\x1b[2m~2017-02 → 2026-09\x1b[0m  \x1b[1mFirst\x1b[0m\n"));
    }

    #[test]
    fn print0_ends_records_with_nul() {
        assert_eq!(
            render(
                "id",
                OutputOptions {
                    print0: true,
                    ..pipe()
                }
            ),
            "a\0b\0c\0"
        );
        let csv = render(
            "csv",
            OutputOptions {
                print0: true,
                ..pipe()
            },
        );
        assert_eq!(csv.matches('\0').count(), 4);
        assert!(
            !render(
                "json",
                OutputOptions {
                    print0: true,
                    ..pipe()
                }
            )
            .contains('\0')
        );
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let csv = render("csv", pipe());
        let mut lines = csv.split('\n');
        assert_eq!(
            lines.next(),
            Some(
                "id,date,end_date,approximate,title,kind,companies,countries,topics,people,place,summary"
            )
        );
        assert_eq!(
            lines.next(),
            Some("a,2017-02,2026-09,true,First,launch,,,,Ann; Bo,Paris,")
        );
        assert!(csv.contains(
            "b,2019-05-31,,false,Second | one,,Huawei; Orange,France,cloud,,,\"line one\nline, \"\"two\"\"\ttab\\\"\n"
        ));
        // On a terminal the line break is visible and the field needs no quotes for it.
        let shown = render("csv", tty());
        assert!(
            shown.contains(",\"line one\u{240a}line, \"\"two\"\"    tab\\\"\n"),
            "{shown}"
        );
    }

    #[test]
    fn tsv_escapes_separators() {
        let tsv = render("tsv", pipe());
        assert!(tsv.starts_with("id\tdate\tend_date\tapproximate\ttitle\t"));
        assert!(
            tsv.contains("\tline one\\nline, \"two\"\\ttab\\\\\n"),
            "{tsv}"
        );
        assert_eq!(tsv.lines().count(), 4);
        assert!(render("tsv", tty()).contains("Evil\u{241b}]2;x\u{2407}"));
    }

    #[test]
    fn markdown_table() {
        let md = render("md", pipe());
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(
            lines[0],
            "| Date | Title | Companies | Countries | Topics |"
        );
        assert_eq!(lines[1], "| --- | --- | --- | --- | --- |");
        assert_eq!(lines[2], "| ~2017-02 → 2026-09 | First |  |  |  |");
        assert_eq!(
            lines[3],
            "| 2019-05-31 | Second \\| one | Huawei, Orange | France | cloud |"
        );
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn event_json_is_ordered_and_escapes_invisible_characters() {
        let t = sample();
        let c = t.find("c").unwrap();
        assert_eq!(
            event_json(&t, c),
            r#"{"id":"c","date":"2020","title":"Evil\u001b]2;x\u0007 \u202e title","countries":["Égypte"]}"#
        );
        let b = t.find("b").unwrap();
        assert!(
            event_json(&t, b).ends_with(r#""sources":[{"url":"https://example.org/b","x":1}]}"#)
        );
    }

    #[test]
    fn broken_pipe_is_recognised() {
        assert!(is_broken_pipe(&io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(!is_broken_pipe(&io::Error::other("x")));
    }
}
