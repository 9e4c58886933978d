//! Knight Lab's TimelineJS3 formats: the JSON document (`timelinejs`) and
//! the Google Sheets template as CSV (`timelinejs-csv`).
//!
//! The JSON is a document TimelineJS loads:
//!
//! - `title`: a title slide, `{"text": {"headline": TITLE, "text": DESCRIPTION}}`
//!   with the media and unknown members the title slide read had, left out
//!   when the timeline has none of them;
//! - `events`: one slide an event, one a line: `start_date` and `end_date`
//!   objects (`year`, `month`, `day`, and `hour`, `minute`, `second`,
//!   `millisecond` when there is a time, as strings, as TimelineJS's own
//!   examples write them; BCE years negative; a UTC offset is left out,
//!   the time written as the file gave it; the end's `display_date`
//!   inside `end_date`), `text` (`headline` from the
//!   title, `text` from the summary), `group` (the first topic), `unique_id`
//!   (the id), `display_date`, `media`, then the members TimelineJS lacks
//!   (below), then the event's unknown members (`background`, `autolink`…)
//!   exactly as they were read;
//! - `eras`: the events of kind `era` that have an end date, written the
//!   same way (TimelineJS needs both dates of an era);
//! - the timeline's `aliases` and unknown top-level members (`scale`…).
//!
//! Headline and text are HTML to TimelineJS: `&`, `<` and `>` are written
//! as entities, and a line break as a line break followed by `<br>`, which
//! tlx's reader turns back into the same plain text (runs of spaces inside
//! a line collapse, as they do on TimelineJS's screen).
//!
//! Native fields TimelineJS has no place for travel as ordinary members of
//! the slide under their native names, which TimelineJS ignores and tlx's
//! reader understands in any document: `kind` (not on eras, whose kind is
//! implied), `approximate` (when true), `place`, `companies`, `countries`,
//! `topics` (only when there is more than the one written as `group`),
//! `people` and `sources`. So tlx → TimelineJS → tlx keeps every field.

use std::io::{self, Write};

use super::Shown;
use super::json::{JsonObject, kept_members, push_aliases, push_media, push_names_and_sources};
use super::lines::{Table, push_cells};
use crate::json_text;
use crate::timeline::{Event, Facet, Media, PartialDate, SHEET_COLUMNS, Timeline};

/// Whether an event is written to `eras` (its kind is `era` and it has an end).
fn is_era(event: &Event) -> bool {
    event.kind() == "era" && event.end_date.is_some()
}

/// Plain text as TimelineJS's HTML: `& < >` as entities, line breaks kept
/// and followed by `<br>`.
pub(super) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("\n<br>"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// A TimelineJS date object: `{"year":"2017","month":"2","day":"1"}`,
/// with `hour`, `minute`, `second` and `millisecond` when the date has a
/// time (its wall-clock time as written: TimelineJS has no offsets), and
/// a `display_date` when one is given.
fn push_date(obj: &mut JsonObject<'_>, key: &str, date: &PartialDate, display: Option<&str>) {
    obj.key(key);
    let mut d = JsonObject::new(obj.out);
    d.string("year", &date.year_number().to_string());
    if let Some(m) = date.month() {
        d.string("month", &m.to_string());
    }
    if let Some(day) = date.day() {
        d.string("day", &day.to_string());
    }
    if let Some(t) = date.time() {
        d.string("hour", &t.hour().to_string());
        d.string("minute", &t.minute().to_string());
        if let Some(s) = t.second() {
            d.string("second", &s.to_string());
        }
        if let Some(ms) = t.millisecond() {
            d.string("millisecond", &ms.to_string());
        }
    }
    if let Some(label) = display {
        d.string("display_date", label);
    }
    d.finish();
}

/// One slide (an event or an era) as a single-line JSON object.
fn push_slide(out: &mut String, timeline: &Timeline, event: &Event, era: bool) {
    let mut obj = JsonObject::new(out);
    push_date(&mut obj, "start_date", &event.date, None);
    if let Some(end) = &event.end_date {
        push_date(&mut obj, "end_date", end, event.end_display_date());
    }
    obj.key("text");
    {
        let mut text = JsonObject::new(obj.out);
        // A title tlx made up (the slide had no headline) stays tlx's.
        if !event.title_made_up() {
            text.string("headline", &html_escape(event.title()));
        }
        if !event.summary().is_empty() {
            text.string("text", &html_escape(event.summary()));
        }
        text.finish();
    }
    let topics = event.facet(Facet::Topic);
    if let Some(&first) = topics.first() {
        obj.string("group", timeline.names.get(first));
    }
    obj.string("unique_id", event.id());
    if let Some(label) = event.display_date() {
        obj.string("display_date", label);
    }
    push_media(&mut obj, event.media());
    // What TimelineJS lacks, under the native names tlx reads back.
    if !era {
        obj.nonempty("kind", event.kind());
    }
    if event.approximate {
        obj.key("approximate");
        obj.out.push_str("true");
    }
    obj.nonempty("place", event.place());
    // The first topic went out as `group`: the list only when it holds more.
    push_names_and_sources(&mut obj, timeline, event, 2);
    obj.extra(event.extra());
    obj.finish();
}

/// Writes the `timelinejs` document.
pub(super) fn write_document<'a>(
    out: &mut dyn Write,
    timeline: &Timeline,
    events: impl Iterator<Item = &'a Event>,
) -> io::Result<()> {
    // Each member of the head starts with `,\n  `; the first comma goes.
    let mut head = String::new();
    if !timeline.title.is_empty()
        || !timeline.description.is_empty()
        || timeline.title_media.is_some()
        || timeline.title_extra.is_some()
    {
        head.push_str(",\n  \"title\": ");
        let mut slide = JsonObject::new(&mut head);
        // A `text` that was not an object was kept as read (the title and
        // description are then empty): written once, as it was.
        let kept_text = kept_members(timeline.title_extra.as_deref()).any(|(k, _)| k == "\"text\"");
        if !kept_text {
            slide.key("text");
            let mut text = JsonObject::new(slide.out);
            text.string("headline", &html_escape(&timeline.title));
            text.nonempty("text", &html_escape(&timeline.description));
            text.finish();
        }
        push_media(&mut slide, timeline.title_media.as_deref());
        slide.extra(timeline.title_extra.as_deref());
        slide.finish();
    }
    push_aliases(&mut head, &timeline.aliases);
    for (key, value) in kept_members(timeline.extra.as_deref()) {
        head.push_str(",\n  ");
        json_text::push_raw(&mut head, key);
        head.push_str(": ");
        json_text::push_raw(&mut head, value);
    }
    head.push_str(",\n  \"events\": [");
    let mut buf = String::from("{\n  ");
    buf.push_str(&head[4..]);
    out.write_all(buf.as_bytes())?;

    let mut eras = Vec::new();
    let mut first = true;
    for event in events {
        if is_era(event) {
            eras.push(event);
            continue;
        }
        buf.clear();
        buf.push_str(if first { "\n    " } else { ",\n    " });
        first = false;
        push_slide(&mut buf, timeline, event, false);
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(if first { b"]" } else { b"\n  ]" })?;
    if !eras.is_empty() {
        out.write_all(b",\n  \"eras\": [")?;
        for (i, event) in eras.into_iter().enumerate() {
            buf.clear();
            buf.push_str(if i == 0 { "\n    " } else { ",\n    " });
            push_slide(&mut buf, timeline, event, true);
            out.write_all(buf.as_bytes())?;
        }
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b"\n}\n")
}

// ---------------------------------------------------------------- csv

/// Writes the `timelinejs-csv` header line, without its line end.
pub(super) fn csv_header(out: &mut String) {
    push_cells(
        out,
        &SHEET_COLUMNS,
        Shown::Exact,
        Table::Csv { guard: false },
        &[],
    );
}

/// Writes the title row (`Type` = `title`), without its line end; `false`
/// when the timeline has neither title nor description.
pub(super) fn csv_title_row(out: &mut String, timeline: &Timeline, shown: Shown) -> bool {
    if timeline.title.is_empty() && timeline.description.is_empty() {
        return false;
    }
    let mut cells: [String; 18] = Default::default();
    cells[9] = html_escape(&timeline.title);
    cells[10] = html_escape(&timeline.description);
    media_cells(&mut cells, timeline.title_media.as_deref());
    cells[15] = "title".to_string();
    cells[17] = background_cell(timeline.title_extra.as_deref());
    // The Sheets template is TimelineJS's data, read back as written.
    push_cells(out, &cells, shown, Table::Csv { guard: false }, &[]);
    true
}

/// Writes one event as a Sheets row, without its line end.
pub(super) fn csv_row(out: &mut String, timeline: &Timeline, event: &Event, shown: Shown) {
    let mut cells: [String; 18] = Default::default();
    let parts = |d: &PartialDate| {
        [
            d.year_number().to_string(),
            d.month().map(|m| m.to_string()).unwrap_or_default(),
            d.day().map(|m| m.to_string()).unwrap_or_default(),
        ]
    };
    // The Time columns as the template's reader takes them: `13:30:15`.
    let time = |d: &PartialDate| d.time().map(|t| t.sheet_text()).unwrap_or_default();
    let [y, m, d] = parts(&event.date);
    (cells[0], cells[1], cells[2], cells[3]) = (y, m, d, time(&event.date));
    if let Some(end) = &event.end_date {
        let [y, m, d] = parts(end);
        (cells[4], cells[5], cells[6], cells[7]) = (y, m, d, time(end));
    }
    cells[8] = event.display_date().unwrap_or("").to_string();
    if !event.title_made_up() {
        cells[9] = html_escape(event.title());
    }
    cells[10] = html_escape(event.summary());
    media_cells(&mut cells, event.media());
    if is_era(event) {
        cells[15] = "era".to_string();
    }
    if let Some(&first) = event.facet(Facet::Topic).first() {
        cells[16] = timeline.names.get(first).to_string();
    }
    cells[17] = background_cell(event.extra());
    // The Sheets template is TimelineJS's data, read back as written.
    push_cells(out, &cells, shown, Table::Csv { guard: false }, &[]);
}

/// Fills Media, Media Credit, Media Caption and Media Thumbnail.
fn media_cells(cells: &mut [String; 18], media: Option<&Media>) {
    let Some(media) = media else {
        return;
    };
    for (i, part) in [
        media.url(),
        media.credit(),
        media.caption(),
        media.thumbnail(),
    ]
    .into_iter()
    .enumerate()
    {
        cells[11 + i] = part.unwrap_or("").to_string();
    }
}

/// The Background cell: the `background` member's url, else its colour.
fn background_cell(extra: Option<&str>) -> String {
    let background = member_object(extra, "background");
    let url = string_member(&background, "url");
    if url.is_empty() {
        string_member(&background, "color")
    } else {
        url
    }
}

/// The unknown member `name` of a kept object text, parsed; `Null` when absent.
fn member_object(extra: Option<&str>, name: &str) -> serde_json::Value {
    kept_members(extra)
        .find(|(key, _)| serde_json::from_str::<String>(key).is_ok_and(|k| k == name))
        .and_then(|(_, value)| serde_json::from_str(value).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// A string (or number) member of a JSON object, as text; empty otherwise.
fn string_member(obj: &serde_json::Value, key: &str) -> String {
    match obj.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::html_to_text;

    #[test]
    fn escaped_text_reads_back_unchanged() {
        for text in ["<&", "a < b && c > d", "one\ntwo", "p1\n\np2", "&amp; <br>"] {
            assert_eq!(html_to_text(&html_escape(text)), text, "{text:?}");
        }
        assert_eq!(html_escape("<&"), "&lt;&amp;");
    }
}
