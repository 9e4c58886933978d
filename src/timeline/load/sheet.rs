//! Knight Lab's Google Sheets template, as CSV: each row a TimelineJS
//! slide, filled into the same draft as a TimelineJS3 JSON slide and
//! finished by the same code (ids, titles, HTML, repairs, warnings).
//!
//! What TimelineJS 3 makes of a row (its `ConfigFactory`), and tlx too:
//! `Year`, `Month`, `Day` (spaces and commas inside numbers dropped),
//! `Time` (`TimeOfDay::parse_sheet`) and the `End …` columns make the
//! dates, a blank `End Year` meaning no end, a time on a date without a
//! day dropped with a warning;
//! `Headline` and `Text` are HTML; `Group` (or the first sheets' `Tag`)
//! is the group, a topic to tlx; `Display Date` the date shown; `Type`
//! `title` makes the timeline's title slide (a second one is an event,
//! with a warning), `era` an era; `Media`, `Media Credit`, `Media
//! Caption` and `Media Thumbnail` make the event's media (the title
//! slide's on a title row), read as a TimelineJS `media` object is, and
//! `Background` a `background` object (`url` when it looks like one,
//! else `color`), kept as TimelineJS3 JSON has it. An all-blank row is
//! skipped quietly (sheets export them); a row without a year, or whose
//! date or time cannot be read, is skipped with a warning, as TimelineJS
//! skips it. Any other column is kept as a member of the event under the
//! column's name.
//!
//! The helpers below turn TimelineJS's pieces into a draft's; the mapped
//! CSV reader (`table.rs`) and the TimelineJS2 reader use them too.

use csv::StringRecord;

use super::context::FileCtx;
use super::members::{EVENT_MEMBERS, ExtraWriter, MediaIn, Str};
use super::native::{Draft, finish_event};
use super::table::{Row, Rows};
use super::timelinejs::{DatePart, TljsDate};
use crate::timeline::{LoadError, Media, PartialDate, TimeOfDay, html};

/// The Google Sheets template's columns, in Knight Lab's order (read by
/// `sheet.rs`, written by `--format timelinejs-csv`).
pub const SHEET_COLUMNS: [&str; 18] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
];

// Positions in `SHEET_COLUMNS`.
const YEAR: usize = 0;
const MONTH: usize = 1;
const DAY: usize = 2;
const TIME: usize = 3;
const END_YEAR: usize = 4;
const END_MONTH: usize = 5;
const END_DAY: usize = 6;
const END_TIME: usize = 7;
const DISPLAY_DATE: usize = 8;
const HEADLINE: usize = 9;
const TEXT: usize = 10;
const MEDIA: usize = 11;
const MEDIA_CREDIT: usize = 12;
const MEDIA_CAPTION: usize = 13;
const MEDIA_THUMBNAIL: usize = 14;
const TYPE: usize = 15;
const GROUP: usize = 16;
const BACKGROUND: usize = 17;

/// Where the template's columns are in a header, and the other columns.
pub(super) struct SheetHeader {
    known: [Option<usize>; 18],
    /// Columns that are not the template's: index and name.
    others: Vec<(usize, String)>,
}

/// A header cell as compared: trimmed, in lower case.
pub(super) fn header_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The template's columns in `header`, in any order, names compared
/// trimmed and ignoring case; `None` unless it has `Year` and `Headline`.
pub(super) fn template_columns(header: &StringRecord) -> Option<SheetHeader> {
    let mut known = [None; 18];
    let mut others = Vec::new();
    for (index, name) in header.iter().enumerate() {
        let key = header_key(name);
        // The first sheets called the group `Tag`.
        let key = if key == "tag" {
            "group".to_string()
        } else {
            key
        };
        match SHEET_COLUMNS.iter().position(|c| c.to_lowercase() == key) {
            Some(c) if known[c].is_none() => known[c] = Some(index),
            _ => others.push((index, column_name(name, index))),
        }
    }
    (known[YEAR].is_some() && known[HEADLINE].is_some()).then_some(SheetHeader { known, others })
}

/// A column's name as the name of an unknown member: trimmed, `column N`
/// when blank, `NAME column` when tlx reads a member of that name (a
/// table's unmapped `id` column must not become the event's second `id`).
pub(super) fn column_name(name: &str, index: usize) -> String {
    match name.trim() {
        "" => format!("column {}", index + 1),
        name if EVENT_MEMBERS.contains(&name) => format!("{name} column"),
        name => name.to_string(),
    }
}

/// Reads the rows after the header.
pub(super) fn read_rows(
    ctx: &mut FileCtx<'_>,
    header: &SheetHeader,
    rows: &mut Rows<'_>,
) -> Result<(), LoadError> {
    let mut title_seen = false;
    while let Some(Row {
        cells: record,
        start,
        line,
    }) = rows.next_filled(ctx)?
    {
        let cell = |c: usize| {
            header.known[c]
                .and_then(|i| record.get(i))
                .map_or("", str::trim)
        };
        let at = |c: usize| header.known[c].map(|i| rows.offset(start, i));
        let mut d = Draft {
            tljs: true,
            start_at: Some(start),
            headline: nonempty(cell(HEADLINE)).map(str::to_string),
            body: nonempty(cell(TEXT)).map(str::to_string),
            display_date: nonempty(cell(DISPLAY_DATE)).map(|s| Str::Owned(s.to_string())),
            ..Draft::default()
        };
        let kind = cell(TYPE).to_lowercase();
        let mut extra = ExtraWriter::default();
        d.media = media(&[
            ("url", cell(MEDIA)),
            ("credit", cell(MEDIA_CREDIT)),
            ("caption", cell(MEDIA_CAPTION)),
            ("thumbnail", cell(MEDIA_THUMBNAIL)),
        ]);
        if let Some(background) = nonempty(cell(BACKGROUND)) {
            keep_object(&mut extra, "background", &[background_member(background)]);
        }
        if kind == "title" && !title_seen {
            title_seen = true;
            let headline = d.headline.as_deref().unwrap_or("");
            ctx.doc_title = Some(html::to_line(headline).into_owned());
            ctx.doc_description = Some(html::to_text(d.body.as_deref().unwrap_or("")));
            ctx.doc_title_media = d.media.take();
            ctx.doc_title_extra = extra.finish();
            continue;
        }
        if kind == "title" {
            let message = format!("{}: a second title row; read as an event", d.label(line));
            ctx.warn(Some(start), message);
        }
        let era = kind == "era";
        if !matches!(kind.as_str(), "" | "title" | "era") {
            keep_text(&mut extra, "type", cell(TYPE));
        }
        let (Some(time), Some(end_time)) = (
            sheet_time(ctx, &d, line, at(TIME), cell(TIME)),
            sheet_time(ctx, &d, line, at(END_TIME), cell(END_TIME)),
        ) else {
            continue;
        };
        if !cell(YEAR).is_empty() {
            let date = slide_date(
                ctx,
                &d,
                line,
                "start_date",
                at(YEAR),
                &[cell(YEAR), cell(MONTH), cell(DAY)],
                time,
            );
            let Some(date) = date else { continue };
            d.date = Some(date);
        } else if era {
            // An era without a start is refused by the slide checks; as a
            // slide without one, it is skipped.
            let message = format!("{}: era without a Year; skipped", d.label(line));
            ctx.warn(Some(start), message);
            continue;
        }
        if !cell(END_YEAR).is_empty() {
            d.end_at = at(END_YEAR);
            let end = slide_date(
                ctx,
                &d,
                line,
                "end_date",
                at(END_YEAR),
                &[cell(END_YEAR), cell(END_MONTH), cell(END_DAY)],
                end_time,
            );
            let Some(end) = end else { continue };
            d.end_date = Some(end);
        } else if !cell(END_MONTH).is_empty() || !cell(END_DAY).is_empty() {
            let message = format!(
                "{}: End Month or End Day without an End Year; no end date",
                d.label(line)
            );
            ctx.warn(at(END_MONTH).or(at(END_DAY)), message);
        }
        add_topic(ctx, &mut d, cell(GROUP));
        for (index, name) in &header.others {
            if let Some(value) = record.get(*index).and_then(|v| nonempty(v.trim())) {
                keep_text(&mut extra, name, value);
            }
        }
        add_event(ctx, &mut d, line, era, extra);
    }
    Ok(())
}

/// A `Time` (or `End Time`) cell as TimelineJS reads it: `Some(None)` when
/// blank; `None`, with a warning that the row is skipped, when it is no
/// time.
pub(super) fn sheet_time(
    ctx: &mut FileCtx<'_>,
    d: &Draft<'_>,
    number: usize,
    at: Option<usize>,
    cell: &str,
) -> Option<Option<TimeOfDay>> {
    if cell.is_empty() {
        return Some(None);
    }
    match TimeOfDay::parse_sheet(cell) {
        Ok(time) => Some(Some(time)),
        Err(e) => {
            ctx.warn(at, format!("{}: {e}; skipped", d.label(number)));
            None
        }
    }
}

/// A media object from its members (blank ones left out), read as a
/// TimelineJS `media` object is; `None` when all are blank.
fn media(members: &[(&str, &str)]) -> Option<Box<Media>> {
    media_of(string_object(members))
}

/// A JSON object of the members that are not blank.
fn string_object(members: &[(&str, &str)]) -> serde_json::Map<String, serde_json::Value> {
    members
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect()
}

/// A media object from a JSON object's members, through the reader of
/// TimelineJS `media` objects; `None` when it has none.
pub(super) fn media_of(object: serde_json::Map<String, serde_json::Value>) -> Option<Box<Media>> {
    if object.is_empty() {
        return None;
    }
    let raw = serde_json::value::to_raw_value(&object).ok()?;
    let media = serde_json::from_str::<MediaIn>(raw.get()).ok()?;
    Some(Box::new(media.0))
}

/// `s` unless it is empty.
pub(super) fn nonempty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// A `background` member as TimelineJS makes it from a cell: a URL
/// (`http:/`, `https:/`, `/`, `//`) or else a colour.
fn background_member(cell: &str) -> (&'static str, &str) {
    let rest = cell
        .strip_prefix("https:")
        .or_else(|| cell.strip_prefix("http:"))
        .unwrap_or(cell);
    if rest.starts_with('/') {
        ("url", cell)
    } else {
        ("color", cell)
    }
}

/// The date a slide's parts (`[year, month, day]`, then perhaps hour,
/// minute, second and millisecond) and time make, its repairs
/// told as warnings; `None`, with a warning that the slide is skipped,
/// when they make none. `what` names the date in messages; `at` is the
/// offset of its year.
pub(super) fn slide_date(
    ctx: &mut FileCtx<'_>,
    d: &Draft<'_>,
    number: usize,
    what: &str,
    at: Option<usize>,
    parts: &[&str],
    time: Option<TimeOfDay>,
) -> Option<PartialDate> {
    let mut repairs = Vec::new();
    let date = parts_date(parts, &mut repairs).and_then(|date| with_time(date, time, &mut repairs));
    match date {
        Ok(date) => {
            for r in repairs {
                ctx.warn(at, format!("{}: {what} {r}; repaired", d.label(number)));
            }
            Some(date)
        }
        Err(e) => {
            ctx.warn(at, format!("{}: {what} {e}; skipped", d.label(number)));
            None
        }
    }
}

/// A date from TimelineJS's parts as written (year, month, day, hour,
/// minute, second, millisecond; blank or missing ones absent), read as a
/// TimelineJS3 date object is: spaces and commas inside the numbers
/// dropped first, as TimelineJS does with a sheet's cells; repairs are
/// told in `repairs`.
pub(super) fn parts_date(parts: &[&str], repairs: &mut Vec<String>) -> Result<PartialDate, String> {
    let part = |i: usize| {
        let digits: String = parts
            .get(i)
            .copied()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        DatePart((!digits.is_empty()).then_some(digits))
    };
    let parts = TljsDate {
        year: part(0),
        month: part(1),
        day: part(2),
        hour: part(3),
        minute: part(4),
        second: part(5),
        millisecond: part(6),
        ..TljsDate::default()
    };
    parts
        .to_date(repairs)?
        .ok_or_else(|| "has no year".to_string())
}

/// `date` at `time`; a time on a date without a day is dropped, as
/// TimelineJS3 date objects' are, and the repair told.
pub(super) fn with_time(
    date: PartialDate,
    time: Option<TimeOfDay>,
    repairs: &mut Vec<String>,
) -> Result<PartialDate, String> {
    match time {
        None => Ok(date),
        Some(_) if date.day().is_none() => {
            repairs.push(format!("time on {date}, a date without a day, dropped"));
            Ok(date)
        }
        Some(time) => date.with_time(time).map_err(|e| e.0),
    }
}

/// Adds a group as a topic, as TimelineJS shows it (markup stripped).
pub(super) fn add_topic(ctx: &mut FileCtx<'_>, d: &mut Draft<'_>, group: &str) {
    let group = html::to_line(group);
    let group = group.trim();
    if !group.is_empty() {
        d.topics.push(ctx.builder.timeline.names.intern(group));
    }
}

/// Keeps a string as an unknown member of the event.
pub(super) fn keep_text(extra: &mut ExtraWriter, key: &str, value: &str) {
    if let Ok(raw) = serde_json::value::to_raw_value(value) {
        // One level deep: never too deep.
        let _ = extra.push(key, &raw);
    }
}

/// Keeps an object of string members as an unknown member of the event,
/// blank members left out; nothing when all are blank.
fn keep_object(extra: &mut ExtraWriter, key: &str, members: &[(&str, &str)]) {
    let object = string_object(members);
    if object.is_empty() {
        return;
    }
    if let Ok(raw) = serde_json::value::to_raw_value(&object) {
        // Two levels deep: never too deep.
        let _ = extra.push(key, &raw);
    }
}

/// Checks a draft as a TimelineJS slide is checked and adds its event; a
/// problem confined to it (an id used in an earlier file, say) skips it
/// with a warning, as the JSON readers do.
pub(super) fn add_event(
    ctx: &mut FileCtx<'_>,
    d: &mut Draft<'_>,
    number: usize,
    era: bool,
    extra: ExtraWriter,
) {
    match finish_event(ctx, d, number, era, extra.finish()) {
        Ok(Some(event)) => ctx.builder.push(event),
        Ok(None) => {}
        Err((at, message)) => ctx.warn(at, format!("{message}; skipped")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_timelinejs_reads_a_sheets_cells() {
        let date = |y, m, d| {
            let mut repairs = Vec::new();
            parts_date(&[y, m, d], &mut repairs).map(|date| (date.to_string(), repairs))
        };
        assert_eq!(
            date("1,815", " 12", "10 "),
            Ok(("1815-12-10".into(), vec![]))
        );
        assert_eq!(date("-300", "", ""), Ok(("-300".into(), vec![])));
        let (rolled, repairs) = date("2021", "2", "30").unwrap();
        assert_eq!(rolled, "2021-03-02");
        assert_eq!(repairs.len(), 1);
        assert_eq!(date("", "2", ""), Err("has no year".into()));
        assert!(
            date("MCMXX", "", "")
                .unwrap_err()
                .contains("not a whole number")
        );
    }

    #[test]
    fn a_background_is_a_url_or_a_colour() {
        assert_eq!(background_member("https://x/y.png").0, "url");
        assert_eq!(background_member("//x/y.png").0, "url");
        assert_eq!(background_member("/img/y.png").0, "url");
        assert_eq!(background_member("#ff0000").0, "color");
        assert_eq!(background_member("navy").0, "color");
    }

    #[test]
    fn the_template_is_known_by_year_and_headline_in_any_order_and_case() {
        let header = StringRecord::from(vec![
            " headline",
            "Notes",
            "YEAR",
            "Tag",
            "Year",
            " ",
            "title",
        ]);
        let found = template_columns(&header).expect("a template header");
        assert_eq!(found.known[YEAR], Some(2));
        assert_eq!(found.known[HEADLINE], Some(0));
        assert_eq!(found.known[GROUP], Some(3));
        let others: Vec<&str> = found.others.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(others, ["Notes", "Year", "column 6", "title column"]);
        assert!(template_columns(&StringRecord::from(vec!["Year", "Title"])).is_none());
    }
}
