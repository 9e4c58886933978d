//! The line formats: text, csv, tsv and the Markdown table.

use std::io::{self, Write};

use super::{OutputOptions, Shown, join_into, push_data};
use crate::text;
use crate::timeline::{Event, Facet, Timeline};

// ---------------------------------------------------------------- text

const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Writes one event as a `text` line, without its line end.
pub(super) fn text_line(
    out: &mut String,
    timeline: &Timeline,
    event: &Event,
    opts: &OutputOptions,
) {
    if opts.color {
        out.push_str(DIM);
    }
    push_shown_date(out, event);
    if opts.color {
        out.push_str(RESET);
    }
    out.push_str("  ");
    if opts.color {
        out.push_str(BOLD);
    }
    push_data(out, event.title(), opts.for_people());
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
    push_data(out, &facets, opts.for_people());
    out.push(']');
}

/// The date as text and md show it: the date or span, `~` first when the
/// date is approximate.
fn push_shown_date(out: &mut String, event: &Event) {
    if event.approximate {
        out.push('~');
    }
    out.push_str(&event.date_label());
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

/// Writes the csv or tsv header line, without its line end.
pub(super) fn table_header(out: &mut String, tsv: bool) {
    // The names need neither quotes nor escapes, so they take the rows' path.
    let table = if tsv {
        Table::Tsv
    } else {
        Table::Csv { guard: false }
    };
    push_cells(out, &TABLE_COLUMNS, Shown::Exact, table, &[]);
}

/// Which table a row is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Table {
    /// RFC 4180 CSV; `guard` puts `'` before a text cell a spreadsheet
    /// would run as a formula.
    Csv { guard: bool },
    /// Tab-separated, separators escaped.
    Tsv,
}

/// The columns of csv and tsv that are not text: a date keeps its sign.
const NOT_TEXT: [usize; 3] = [1, 2, 3];

/// Writes one event as a csv or tsv line, without its line end.
pub(super) fn table_row(
    out: &mut String,
    timeline: &Timeline,
    event: &Event,
    shown: Shown,
    table: Table,
) {
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
        list(&mut event.people().iter().map(|p| &**p)).into(),
        event.place().into(),
        event.summary().into(),
    ];
    push_cells(out, &cells, shown, table, &NOT_TEXT);
}

/// Writes a line's cells, separated, quoted (csv) or escaped (tsv); the
/// formula guard spares the cells numbered in `not_text`.
pub(super) fn push_cells(
    out: &mut String,
    cells: &[impl AsRef<str>],
    shown: Shown,
    table: Table,
    not_text: &[usize],
) {
    for (i, cell) in cells.iter().enumerate() {
        let cell = cell.as_ref();
        if i > 0 {
            out.push(if table == Table::Tsv { '\t' } else { ',' });
        }
        if table == Table::Tsv {
            push_data(out, &tsv_escape(cell), shown);
            continue;
        }
        let cell = match shown {
            Shown::Clean => text::line(cell),
            _ => cell.into(),
        };
        match table {
            Table::Csv { guard: true } if !not_text.contains(&i) && runs_as_formula(&cell) => {
                csv_field(out, &format!("'{cell}"));
            }
            _ => csv_field(out, &cell),
        }
    }
}

/// Whether a spreadsheet would read a cell as a formula (OWASP's list).
fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
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

/// Escapes `\` tab CR and LF as `\\` `\t` `\r` `\n`, so a value stays one cell.
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

/// Writes the `md` table: header, rule, then one row an event.
pub(super) fn write_markdown<'a>(
    out: &mut dyn Write,
    timeline: &Timeline,
    events: impl Iterator<Item = &'a Event>,
    shown: Shown,
) -> io::Result<()> {
    out.write_all(b"| Date | Title | Companies | Countries | Topics |\n")?;
    out.write_all(b"| --- | --- | --- | --- | --- |\n")?;
    let mut row = String::new();
    let mut date = String::new();
    let mut facet = String::new();
    for event in events {
        row.clear();
        row.push('|');
        date.clear();
        push_shown_date(&mut date, event);
        md_cell(&mut row, &date, shown);
        md_cell(&mut row, event.title(), shown);
        for f in [Facet::Company, Facet::Country, Facet::Topic] {
            facet.clear();
            join_into(&mut facet, timeline.facet_names(event, f), ", ");
            md_cell(&mut row, &facet, shown);
        }
        row.push('\n');
        out.write_all(row.as_bytes())?;
    }
    Ok(())
}

/// Appends ` cell |`: `\` and `|` escaped, line breaks as `<br>`.
fn md_cell(out: &mut String, value: &str, shown: Shown) {
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
    push_data(out, &cell, shown);
    out.push_str(" |");
}

#[cfg(test)]
mod tests {
    use crate::output::OutputOptions;
    use crate::output::tests::{pipe, render, tty};

    #[test]
    fn text_lines() {
        // An escape sequence from the data never reaches the terminal, even
        // through a pipe (`| tail`): cleaned, whatever stdout is.
        let cleaned = "~2017-02 → 2026-09  First\n\
             2019-05-31  Second | one  [Huawei, Orange; France]\n\
             2020  Evil\u{241b}]2;x\u{2407} \u{fffd} title  [Égypte]\n";
        assert_eq!(render("text", pipe()), cleaned);
        assert_eq!(render("text", tty()), cleaned);
        let raw = OutputOptions {
            raw: true,
            ..pipe()
        };
        assert!(
            render("text", raw).contains("2020  Evil\u{1b}]2;x\u{7} \u{202e} title  [Égypte]\n")
        );
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
    fn csv_guards_cells_a_spreadsheet_would_run() {
        let t = crate::timeline::parse(
            "f.json",
            br#"[{"id":"=1+2","date":"-0043","end_date":"-0042","title":"=cmd|' /C calc'!A0","kind":"+x","place":"@home","summary":"-5 degrees\n","companies":["\tTab"]}]"#,
        )
        .unwrap();
        let row = |opts: OutputOptions| {
            let mut out = Vec::new();
            let format = "csv".parse().unwrap();
            crate::output::write_events(&mut out, &t, &[0], &format, &opts).unwrap();
            String::from_utf8(out)
                .unwrap()
                .lines()
                .nth(1)
                .unwrap_or_default()
                .to_owned()
        };
        // Text cells get a leading quote; dates keep their sign.
        assert_eq!(
            row(pipe()),
            "'=1+2,-43,-42,false,'=cmd|' /C calc'!A0,'+x,'\tTab,,,,'@home,\"'-5 degrees"
        );
        let raw = OutputOptions {
            raw: true,
            ..pipe()
        };
        assert!(row(raw).starts_with("=1+2,-43,-42,false,=cmd|' /C calc'!A0,+x,"));
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
}
