//! CSV: which reading a table gets, and tables of dated records read
//! through a column mapping.
//!
//! A CSV is read through `--columns` when its header has every column the
//! mapping names; else as the TimelineJS Sheets template (`sheet.rs`) when
//! its header has `Year` and `Headline`; else through a mapping guessed
//! from the header (a column named `date` or `year`, `title`, `country`…);
//! else it is refused with an error naming what tlx reads.
//!
//! Each row of a mapped table becomes a TimelineJS-style draft finished by
//! the same code as a TimelineJS slide: an id made from the date and title
//! when no `id` column is mapped (a repeated id renamed `x-2`), an end
//! before the start dropped, each with a warning. Text is plain (not
//! HTML). A row whose date cannot be read is skipped with a warning at its
//! cell. Columns the mapping does not use are kept as members of the event
//! under their own names.

use std::fmt;
use std::str::FromStr;

use csv::StringRecord;

use super::context::FileCtx;
use super::members::{ExtraWriter, Str};
use super::native::Draft;
use super::sheet::{
    add_event, column_name, header_key, keep_text, nonempty, sheet_time, slide_date,
    template_columns, with_time,
};
use super::{Format, LoadOptions, sheet};
use crate::timeline::{LoadError, PartialDate, TimeOfDay};

/// The records of a CSV text, header first, with where each starts.
pub(super) struct Rows<'a> {
    text: &'a str,
    /// `,`, or `;` or a tab when the header is split by those instead
    /// (spreadsheets save CSV with `;` where `,` is the decimal comma).
    delimiter: u8,
    records: csv::StringRecordsIntoIter<&'a [u8]>,
}

/// One record: its cells, the byte offset where it starts and its line.
pub(super) struct Row {
    pub(super) cells: StringRecord,
    pub(super) start: usize,
    pub(super) line: usize,
}

/// A field of an event that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Date,
    Year,
    Month,
    Day,
    EndDate,
    EndYear,
    EndMonth,
    EndDay,
    Time,
    EndTime,
    Title,
    Summary,
    Kind,
    Place,
    DisplayDate,
    Country,
    Company,
    Topic,
    People,
}

/// The keys of `--columns`, with the other names they go by.
const KEYS: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("date", Field::Date),
    ("year", Field::Year),
    ("month", Field::Month),
    ("day", Field::Day),
    ("end_date", Field::EndDate),
    ("end_year", Field::EndYear),
    ("end_month", Field::EndMonth),
    ("end_day", Field::EndDay),
    ("time", Field::Time),
    ("end_time", Field::EndTime),
    ("title", Field::Title),
    ("summary", Field::Summary),
    ("kind", Field::Kind),
    ("place", Field::Place),
    ("display_date", Field::DisplayDate),
    ("country", Field::Country),
    ("countries", Field::Country),
    ("company", Field::Company),
    ("companies", Field::Company),
    ("topic", Field::Topic),
    ("topics", Field::Topic),
    ("people", Field::People),
    ("person", Field::People),
];

/// Header names (trimmed, lower case, spaces and dashes as `_`) that the
/// guessed mapping takes for each field, the first column found winning.
const GUESSES: &[(Field, &[&str])] = &[
    (Field::Id, &["id", "unique_id", "uid"]),
    (Field::Date, &["date", "start_date", "start", "when"]),
    (Field::Year, &["year", "start_year"]),
    (Field::Month, &["month", "start_month"]),
    (Field::Day, &["day", "start_day"]),
    (Field::EndDate, &["end_date", "end"]),
    (Field::EndYear, &["end_year"]),
    (Field::EndMonth, &["end_month"]),
    (Field::EndDay, &["end_day"]),
    (Field::Time, &["time", "start_time"]),
    (Field::EndTime, &["end_time"]),
    (Field::Title, &["title", "headline", "name", "event"]),
    (Field::Summary, &["summary", "description", "text", "notes"]),
    (Field::Kind, &["kind", "type"]),
    (Field::Place, &["place", "location", "city", "where"]),
    (Field::DisplayDate, &["display_date"]),
    (Field::Country, &["country", "countries"]),
    (
        Field::Company,
        &["company", "companies", "organisation", "organization"],
    ),
    (
        Field::Topic,
        &["topic", "topics", "group", "tag", "tags", "category"],
    ),
    (Field::People, &["people", "person"]),
];

impl Field {
    /// Its name in `--columns`.
    fn key(self) -> &'static str {
        KEYS.iter().find(|(_, f)| *f == self).map_or("", |(k, _)| k)
    }

    /// Whether its value is one column's cell alone (a date or its part).
    fn single(self) -> bool {
        use Field::*;
        matches!(
            self,
            Date | Year | Month | Day | EndDate | EndYear | EndMonth | EndDay | Time | EndTime
        )
    }
}

/// Which columns of a CSV table hold which fields of its events, as
/// `--columns` gives it: `KEY=COLUMN[+COLUMN…],…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    fields: Vec<(Field, Vec<String>)>,
}

impl FromStr for ColumnMap {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        let mut fields: Vec<(Field, Vec<String>)> = Vec::new();
        for item in spec.split(',').filter(|i| !i.trim().is_empty()) {
            let Some((key, columns)) = item.split_once('=') else {
                return Err(format!("\"{item}\" is not KEY=COLUMN"));
            };
            let key = key.trim().to_lowercase();
            let Some(&(_, field)) = KEYS.iter().find(|(k, _)| *k == key) else {
                let keys: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                return Err(format!("unknown key \"{key}\" (keys: {})", keys.join(", ")));
            };
            let columns: Vec<String> = columns.split('+').map(|c| c.trim().to_string()).collect();
            if columns.iter().any(String::is_empty) {
                return Err(format!("\"{item}\" names an empty column"));
            }
            match fields.iter_mut().find(|(f, _)| *f == field) {
                // A key given again adds columns, as `+` does.
                Some((_, list)) => list.extend(columns),
                None => fields.push((field, columns)),
            }
        }
        let map = ColumnMap { fields };
        map.check()?;
        Ok(map)
    }
}

impl fmt::Display for ColumnMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<String> = self
            .fields
            .iter()
            .map(|(field, columns)| format!("{}={}", field.key(), columns.join("+")))
            .collect();
        f.write_str(&items.join(","))
    }
}

impl ColumnMap {
    fn has(&self, field: Field) -> bool {
        self.fields.iter().any(|(f, _)| *f == field)
    }

    /// Refuses a mapping whose dates cannot be read.
    fn check(&self) -> Result<(), String> {
        for (field, columns) in &self.fields {
            if field.single() && columns.len() > 1 {
                return Err(format!("{} takes one column", field.key()));
            }
        }
        use Field::*;
        let pairs = [
            (Date, Year),
            (EndDate, EndYear),
            (Date, Month),
            (Date, Day),
            (EndDate, EndMonth),
            (EndDate, EndDay),
        ];
        for (a, b) in pairs {
            if self.has(a) && self.has(b) {
                return Err(format!("give {} or {}, not both", a.key(), b.key()));
            }
        }
        for (part, year) in [
            (Month, Year),
            (Day, Month),
            (EndMonth, EndYear),
            (EndDay, EndMonth),
        ] {
            if self.has(part) && !self.has(year) {
                return Err(format!("{} needs {}", part.key(), year.key()));
            }
        }
        if !self.has(Date) && !self.has(Year) {
            return Err("the mapping needs date=COLUMN or year=COLUMN".to_string());
        }
        Ok(())
    }

    /// The mapping on `header`'s columns (names compared as written, then
    /// trimmed and ignoring case); the first column it names that the
    /// header lacks otherwise.
    fn resolve(&self, header: &StringRecord) -> Result<Mapped, String> {
        let mut fields = Vec::new();
        let mut used = vec![false; header.len()];
        for (field, columns) in &self.fields {
            let mut indices = Vec::new();
            for name in columns {
                let index = header
                    .iter()
                    .position(|h| h == name)
                    .or_else(|| {
                        let key = header_key(name);
                        header.iter().position(|h| header_key(h) == key)
                    })
                    .ok_or_else(|| name.clone())?;
                used[index] = true;
                indices.push(index);
            }
            fields.push((*field, indices));
        }
        Ok(Mapped { fields, used })
    }

    /// The mapping the header's names suggest, when they name a date.
    fn guess(header: &StringRecord) -> Option<ColumnMap> {
        let names: Vec<String> = header
            .iter()
            .map(|h| header_key(h).replace([' ', '-'], "_"))
            .collect();
        let mut fields = Vec::new();
        for (field, guesses) in GUESSES {
            if let Some(index) = names.iter().position(|n| guesses.contains(&n.as_str())) {
                fields.push((*field, vec![header[index].to_string()]));
            }
        }
        let mut map = ColumnMap { fields };
        // A date column wins over year parts named as well; parts that
        // lost their year go.
        if map.has(Field::Date) {
            map.fields
                .retain(|(f, _)| !matches!(f, Field::Year | Field::Month | Field::Day));
        }
        if map.has(Field::EndDate) {
            map.fields
                .retain(|(f, _)| !matches!(f, Field::EndYear | Field::EndMonth | Field::EndDay));
        }
        while map.check().is_err() {
            let before = map.fields.len();
            for (part, year) in [
                (Field::Month, Field::Year),
                (Field::Day, Field::Month),
                (Field::EndMonth, Field::EndYear),
                (Field::EndDay, Field::EndMonth),
            ] {
                if !map.has(year) {
                    map.fields.retain(|(f, _)| *f != part);
                }
            }
            if map.fields.len() == before {
                return None;
            }
        }
        Some(map)
    }
}

/// A mapping resolved on a header: column indices per field, and which
/// columns it uses (the others are kept as members).
struct Mapped {
    fields: Vec<(Field, Vec<usize>)>,
    used: Vec<bool>,
}

impl Mapped {
    fn columns(&self, field: Field) -> &[usize] {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, c)| c.as_slice())
    }
}

/// Reads a CSV file; the format says which reading it got.
pub(super) fn read(
    ctx: &mut FileCtx<'_>,
    text: &str,
    options: &LoadOptions,
) -> Result<Format, LoadError> {
    let mut rows = Rows::new(text);
    let Some(Row { cells: header, .. }) = rows.next(ctx)? else {
        return Err(ctx.error_at(None, "empty file"));
    };
    let asked = options.columns.as_ref().map(|map| map.resolve(&header));
    if let Some(Ok(mapped)) = &asked {
        read_mapped(ctx, &header, mapped, &mut rows)?;
        return Ok(Format::Csv);
    }
    if let Some(sheet) = template_columns(&header) {
        sheet::read_rows(ctx, &sheet, &mut rows)?;
        return Ok(Format::SheetsCsv);
    }
    if let Some(Err(missing)) = asked {
        let message = format!(
            "--columns names column \"{missing}\", which this CSV's header lacks (it has {})",
            header_list(&header)
        );
        return Err(ctx.error_at(Some(0), message));
    }
    let Some(mapped) = ColumnMap::guess(&header).and_then(|m| m.resolve(&header).ok()) else {
        return Err(ctx.error_at(
            None,
            "not a timeline tlx reads: a CSV without the TimelineJS template's columns \
             (Year, Headline) or a date or year column; map its columns with --columns",
        ));
    };
    read_mapped(ctx, &header, &mapped, &mut rows)?;
    Ok(Format::Csv)
}

/// The header's names for a message, the first few.
fn header_list(header: &StringRecord) -> String {
    let mut names: Vec<String> = header.iter().take(12).map(|h| format!("\"{h}\"")).collect();
    if header.len() > 12 {
        names.push("…".to_string());
    }
    names.join(", ")
}

impl<'a> Rows<'a> {
    /// The records of `text`, split by the delimiter its first line uses
    /// most of `,`, `;` and tab (`,` on a tie).
    pub(super) fn new(text: &'a str) -> Self {
        let first_line = text.split('\n').next().unwrap_or_default();
        let count = |d: u8| first_line.bytes().filter(|&b| b == d).count();
        let delimiter =
            [b';', b'\t'].into_iter().fold(
                b',',
                |best, d| if count(d) > count(best) { d } else { best },
            );
        let records = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes())
            .into_records();
        Rows {
            text,
            delimiter,
            records,
        }
    }

    /// The next record with a cell that is not blank: a blank row (a
    /// spreadsheet's spacer) is no event, and no warning.
    pub(super) fn next_filled(&mut self, ctx: &FileCtx<'_>) -> Result<Option<Row>, LoadError> {
        while let Some(row) = self.next(ctx)? {
            if !row.cells.iter().all(|c| c.trim().is_empty()) {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }

    /// The next record.
    pub(super) fn next(&mut self, ctx: &FileCtx<'_>) -> Result<Option<Row>, LoadError> {
        match self.records.next() {
            None => Ok(None),
            Some(Ok(cells)) => {
                let (mut start, mut line) = cells
                    .position()
                    .map_or((0, 1), |p| (p.byte() as usize, p.line() as usize));
                // After a CRLF the csv crate counts from the LF, not past it.
                while let Some(&b) = self
                    .text
                    .as_bytes()
                    .get(start)
                    .filter(|b| matches!(b, b'\r' | b'\n'))
                {
                    line += usize::from(b == b'\n');
                    start += 1;
                }
                Ok(Some(Row { cells, start, line }))
            }
            Some(Err(e)) => {
                let at = e.position().map(|p| p.byte() as usize);
                Err(ctx.error_at(at, format!("not CSV: {}", e.kind_message())))
            }
        }
    }

    /// Byte offset in the text of cell `index` of the record that starts
    /// at `start`: after as many delimiters, quotes respected.
    pub(super) fn offset(&self, start: usize, index: usize) -> usize {
        let mut field = 0;
        let mut quoted = false;
        let rest = self.text.as_bytes().get(start..).unwrap_or_default();
        for (i, &b) in rest.iter().enumerate() {
            if field == index {
                return start + i;
            }
            match b {
                b'"' => quoted = !quoted,
                b'\n' | b'\r' if !quoted => break,
                d if d == self.delimiter && !quoted => field += 1,
                _ => {}
            }
        }
        start
    }
}

/// A csv error's own words, without the position the caller gives.
trait KindMessage {
    fn kind_message(&self) -> String;
}

impl KindMessage for csv::Error {
    fn kind_message(&self) -> String {
        match self.kind() {
            csv::ErrorKind::Io(e) => e.to_string(),
            csv::ErrorKind::Utf8 { err, .. } => err.to_string(),
            _ => self.to_string(),
        }
    }
}

/// Reads the rows of a table through a resolved mapping.
fn read_mapped(
    ctx: &mut FileCtx<'_>,
    header: &StringRecord,
    mapped: &Mapped,
    rows: &mut Rows<'_>,
) -> Result<(), LoadError> {
    let others: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| !mapped.used[*i])
        .map(|(i, name)| (i, column_name(name, i)))
        .collect();
    while let Some(Row {
        cells: record,
        start,
        line,
    }) = rows.next_filled(ctx)?
    {
        let cells = |field: Field| {
            mapped
                .columns(field)
                .iter()
                .filter_map(|&i| record.get(i).map(str::trim))
                .filter(|c| !c.is_empty())
        };
        let joined = |field: Field, separator: &str| {
            let parts: Vec<&str> = cells(field).collect();
            nonempty(&parts.join(separator)).map(|s| Str::Owned(s.to_string()))
        };
        let one = |field: Field| cells(field).next().unwrap_or("");
        let at = |field: Field| {
            mapped
                .columns(field)
                .first()
                .map(|&i| rows.offset(start, i))
        };
        let mut d = Draft {
            tljs: true,
            start_at: Some(start),
            unique_id: joined(Field::Id, "-"),
            unique_id_at: at(Field::Id),
            title: joined(Field::Title, " – "),
            title_at: at(Field::Title),
            summary: joined(Field::Summary, "\n"),
            kind: joined(Field::Kind, " – "),
            place: joined(Field::Place, ", "),
            display_date: joined(Field::DisplayDate, " – "),
            people: cells(Field::People).map(Box::from).collect(),
            ..Draft::default()
        };
        let (Some(time), Some(end_time)) = (
            sheet_time(ctx, &d, line, at(Field::Time), one(Field::Time)),
            sheet_time(ctx, &d, line, at(Field::EndTime), one(Field::EndTime)),
        ) else {
            continue;
        };
        let date = if mapped.columns(Field::Date).is_empty() {
            let parts = [one(Field::Year), one(Field::Month), one(Field::Day)];
            slide_date(ctx, &d, line, "date", at(Field::Year), &parts, time)
        } else {
            let cell = one(Field::Date);
            text_date(ctx, &d, line, "date", at(Field::Date), cell, time)
        };
        let Some(date) = date else { continue };
        d.date = Some(date);
        if !mapped.columns(Field::EndDate).is_empty() {
            d.end_at = at(Field::EndDate);
            if let Some(end) = nonempty(one(Field::EndDate)) {
                let Some(end) = text_date(ctx, &d, line, "end_date", d.end_at, end, end_time)
                else {
                    continue;
                };
                d.end_date = Some(end);
            }
        } else if !one(Field::EndYear).is_empty() {
            d.end_at = at(Field::EndYear);
            let parts = [
                one(Field::EndYear),
                one(Field::EndMonth),
                one(Field::EndDay),
            ];
            let Some(end) = slide_date(ctx, &d, line, "end_date", d.end_at, &parts, end_time)
            else {
                continue;
            };
            d.end_date = Some(end);
        }
        for (field, list) in [
            (Field::Company, &mut d.companies),
            (Field::Country, &mut d.countries),
            (Field::Topic, &mut d.topics),
        ] {
            for name in cells(field) {
                list.push(ctx.builder.timeline.names.intern(name));
            }
        }
        let mut extra = ExtraWriter::default();
        for (index, name) in &others {
            if let Some(value) = record.get(*index).and_then(|v| nonempty(v.trim())) {
                keep_text(&mut extra, name, value);
            }
        }
        add_event(ctx, &mut d, line, false, extra);
    }
    Ok(())
}

/// A date written as text (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, ISO 8601 with
/// a time), at `time` when given; `None`, with a warning that the row is
/// skipped, when it is not one.
fn text_date(
    ctx: &mut FileCtx<'_>,
    d: &Draft<'_>,
    number: usize,
    what: &str,
    at: Option<usize>,
    cell: &str,
    time: Option<TimeOfDay>,
) -> Option<PartialDate> {
    let mut repairs = Vec::new();
    let date = match cell {
        "" => Err("is empty".to_string()),
        _ => PartialDate::parse(cell)
            .map_err(|e| e.0)
            .and_then(|date| with_time(date, time, &mut repairs)),
    };
    let problem = match date {
        Ok(date) => {
            for r in repairs {
                ctx.warn(at, format!("{}: {what} {r}; repaired", d.label(number)));
            }
            return Some(date);
        }
        Err(e) => e,
    };
    ctx.warn(
        at,
        format!("{}: {what} {problem}; skipped", d.label(number)),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{Facet, parse};

    fn map(spec: &str) -> Result<ColumnMap, String> {
        spec.parse()
    }

    /// `text` read as a CSV table through the mapping `spec`: the
    /// timeline, and the warnings the reading gave.
    fn read_mapped(text: &str, spec: &str) -> (crate::timeline::Timeline, Vec<String>) {
        let options = LoadOptions {
            columns: Some(map(spec).unwrap()),
            ..LoadOptions::default()
        };
        let mut builder = super::super::builder::Builder::default();
        builder.files.push("t.csv".into());
        let mut ctx = FileCtx::new(&mut builder, text.as_bytes(), None);
        assert_eq!(read(&mut ctx, text, &options), Ok(Format::Csv));
        let warnings = std::mem::take(&mut builder.warnings);
        (builder.finish(), warnings)
    }

    #[test]
    fn a_mapping_reads_keys_columns_and_joins() {
        let m = map("year=Y, month=M ,title=a+b,country=c1,country=c2").unwrap();
        assert_eq!(m.to_string(), "year=Y,month=M,title=a+b,country=c1+c2");
        assert_eq!(
            map("Date=when,Countries=x").unwrap().to_string(),
            "date=when,country=x"
        );
    }

    #[test]
    fn a_mapping_that_cannot_make_dates_is_refused() {
        let err = |spec: &str| map(spec).unwrap_err();
        assert!(err("title=name").contains("needs date=COLUMN or year=COLUMN"));
        assert!(err("date=a,year=b").contains("date or year, not both"));
        assert!(err("year=a,day=b").contains("day needs month"));
        assert!(err("date=a+b").contains("date takes one column"));
        assert!(err("date=a,colour=b").starts_with("unknown key \"colour\" (keys: id, date,"));
        assert!(err("date").contains("not KEY=COLUMN"));
        assert!(err("date=a,title=").contains("empty column"));
    }

    #[test]
    fn a_mapping_is_guessed_from_the_header() {
        let guess = |names: &[&str]| {
            ColumnMap::guess(&StringRecord::from(names.to_vec())).map(|m| m.to_string())
        };
        assert_eq!(
            guess(&["When", "Name", "Country", "Extra"]).as_deref(),
            Some("date=When,title=Name,country=Country")
        );
        assert_eq!(
            guess(&["Start Year", "month", "End-Year", "Event"]).as_deref(),
            Some("year=Start Year,month=month,end_year=End-Year,title=Event")
        );
        // A day without a month goes; a month without a year makes no date.
        assert_eq!(guess(&["year", "day"]).as_deref(), Some("year=year"));
        assert_eq!(guess(&["month", "title"]), None);
        assert_eq!(guess(&["a", "b"]), None);
    }

    #[test]
    fn an_unmapped_column_named_as_a_member_keeps_out_of_its_way() {
        let text = "id,when,what\nx,2020,A\n";
        let (t, _) = read_mapped(text, "date=when,title=what");
        assert_eq!(t.events[0].id(), "2020-a");
        assert_eq!(t.events[0].extra(), Some(r#"{"id column":"x"}"#));
    }

    #[test]
    fn time_columns_set_the_times_of_day() {
        let text = "y,m,d,t,ey,em,ed,et,what\n\
                    2020,3,1,2:30 PM,2020,3,1,17:05,A\n\
                    2021,,,9:00,,,,,B\n\
                    2022,1,1,25:00,,,,,C\n";
        let (t, warnings) = read_mapped(
            text,
            "year=y,month=m,day=d,time=t,end_year=ey,end_month=em,end_day=ed,end_time=et,title=what",
        );
        let spans: Vec<String> = t
            .events
            .iter()
            .map(|e| format!("{} {:?}", e.date, e.end_date.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            spans,
            ["2020-03-01T14:30 Some(\"2020-03-01T17:05\")", "2021 None"]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("t.csv:3:1: warning: event #3: date time on 2021"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].starts_with("t.csv:4:10: warning: event #4: time \"25:00\""),
            "{}",
            warnings[1]
        );
    }

    #[test]
    fn field_offsets_respect_quotes_and_the_delimiter() {
        let text = "h1,h2,h3\n\"a,\"\"b\",c,d\r\nx,y,z";
        let rows = Rows::new(text);
        let start = text.find('"').unwrap();
        assert_eq!(&text[rows.offset(start, 1)..][..1], "c");
        assert_eq!(&text[rows.offset(start, 2)..][..1], "d");
        let last = text.find('x').unwrap();
        assert_eq!(&text[rows.offset(last, 2)..], "z");
        // Past the record's end: its start.
        assert_eq!(rows.offset(last, 7), last);
        let text = "Year;Headline;Notes, more\n2020;A;b,c\n";
        let rows = Rows::new(text);
        assert_eq!(rows.delimiter, b';');
        let start = text.find("2020").unwrap();
        assert_eq!(&text[rows.offset(start, 2)..], "b,c\n");
        let t = parse("t.csv", text.as_bytes()).unwrap();
        assert_eq!(t.events[0].extra(), Some(r#"{"Notes, more":"b,c"}"#));
        assert_eq!(Rows::new("a\tb\tc,d\n").delimiter, b'\t');
    }

    #[test]
    fn rows_become_events_with_facets_titles_and_kept_columns() {
        let text = "id,year,month,day,end_year,a,b,n\n\
                    x,1816,1,1,,United Kingdom,Portugal,7\n\
                    ,1900,,,1901,France,,\n";
        let (t, _) = read_mapped(
            text,
            "id=id,year=year,month=month,day=day,end_year=end_year,title=a+b,country=a,country=b",
        );
        assert_eq!(t.events.len(), 2);
        let e = &t.events[0];
        assert_eq!(
            (e.id(), e.title(), e.date.to_string()),
            ("x", "United Kingdom – Portugal", "1816-01-01".to_string())
        );
        assert_eq!(e.end_date, None);
        let countries: Vec<&str> = t.facet_names(e, Facet::Country).collect();
        assert_eq!(countries, ["United Kingdom", "Portugal"]);
        assert_eq!(e.extra(), Some(r#"{"n":"7"}"#));
        let e = &t.events[1];
        assert_eq!((e.id(), e.title()), ("1900-france", "France"));
        assert_eq!(e.end_date.map(|d| d.to_string()).as_deref(), Some("1901"));
        // Without the mapping, this header names nothing tlx can guess.
        let err = parse("t.csv", "k,a\n1,2\n".as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.csv: not a timeline tlx reads: a CSV without"),
            "{err}"
        );
    }
}
