//! Knight Lab's legacy TimelineJS2 JSON (VeriteCo's TimelineJS, before
//! version 3): `{"timeline": {"headline", "type", "text", "asset",
//! "date": [slides], "era": [eras]}}`. Each slide is filled into the same
//! draft as a TimelineJS3 slide and finished by the same code.
//!
//! A slide's `startDate` and `endDate` are read as TimelineJS2 read them:
//! `"2011,12,10"` (year, month, day, hour, minute, second, millisecond,
//! each part a whole number and a 0 or blank part absent), `"12/10/2011"`
//! or `"12/2011"` (American order, an optional ` hh:mm:ss` after), a year
//! alone (`"1900"`, `"-500"`), ISO 8601 (`"2011-12-10T07:02"`) or
//! `"201112100702"`, its parts then read as a TimelineJS3 date object's
//! (the time of day included, rolled over as JavaScript does). `headline`
//! and `text` are HTML; `tag` is the group (a topic to tlx); `asset`
//! (`media`, `credit`, `caption`, `thumbnail`) is the media, read as a
//! TimelineJS3 `media` object with `media` renamed `url`; everything else
//! (`classname`, …) is kept as written. The timeline's own `headline`,
//! `text` and `asset` make the title slide; its other members are kept. A
//! slide whose date cannot be read is skipped with a warning.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::context::FileCtx;
use super::members::{DOC_MEMBERS, EVENT_MEMBERS, ExtraWriter};
use super::native::Draft;
use super::sheet::{add_event, add_topic, media_of, nonempty, slide_date};
use crate::json_text;
use crate::timeline::{LoadError, Media, PartialDate, html};

/// An object's members in order, their values as written.
struct Object<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Object<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Object<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(member);
                }
                Ok(Object(members))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads a TimelineJS2 document.
pub(super) fn read(ctx: &mut FileCtx<'_>, text: &str) -> Result<(), LoadError> {
    let doc: Object<'_> =
        serde_json::from_str(text).map_err(|e| ctx.locate(ctx.origin(), &e, 0))?;
    let mut doc_extra = ExtraWriter::default();
    let mut timeline = None;
    for (key, value) in doc.0 {
        if key == "timeline" && timeline.is_none() {
            timeline = Some(value);
        } else {
            keep(ctx, &mut doc_extra, &own_name(&key, DOC_MEMBERS), value)?;
        }
    }
    // `detect` saw a `timeline` member first.
    let Some(timeline) = timeline else {
        return Err(ctx.error_at(None, "no \"timeline\" member"));
    };
    let at = ctx.offset_of(timeline.get());
    let Ok(timeline) = serde_json::from_str::<Object<'_>>(timeline.get()) else {
        return Err(ctx.error_at(at, "TimelineJS2 \"timeline\" is not an object"));
    };
    let mut slides = None;
    let mut eras = Vec::new();
    for (key, value) in timeline.0 {
        match (key.as_str(), text_of(value)) {
            ("headline", Some(t)) => ctx.doc_title = Some(html::to_line(&t).into_owned()),
            ("text", Some(t)) => ctx.doc_description = Some(html::to_text(&t)),
            ("asset", _) if value.get().starts_with('{') => {
                ctx.doc_title_media = media_of_asset(value);
            }
            ("date" | "era", _) => {
                let list = serde_json::from_str::<Vec<&RawValue>>(value.get()).map_err(|_| {
                    let at = ctx.offset_of(value.get());
                    ctx.error_at(
                        at,
                        format!("TimelineJS2 \"{key}\" is not an array of slides"),
                    )
                })?;
                if key == "date" {
                    slides = Some(list);
                } else {
                    eras = list;
                }
            }
            _ => keep(ctx, &mut doc_extra, &own_name(&key, DOC_MEMBERS), value)?,
        }
    }
    let Some(slides) = slides else {
        return Err(ctx.error_at(
            at,
            "TimelineJS2 \"timeline\" without a \"date\" array of slides",
        ));
    };
    ctx.doc_extra = doc_extra.finish();
    for (era, list) in [(false, slides), (true, eras)] {
        for (index, slide) in list.into_iter().enumerate() {
            read_slide(ctx, slide, index + 1, era)?;
        }
    }
    Ok(())
}

/// A string or number member as text; `None` for anything else.
fn text_of(value: &RawValue) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(value.get()).ok()? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The name a kept member goes by: its own, unless tlx reads a member of
/// that name itself (`kind`, `title`), which the member would be read
/// back as; then `NAME (TimelineJS2)`, as a CSV keeps `NAME column`.
fn own_name(key: &str, read: &[&str]) -> String {
    match read.contains(&key) {
        true => format!("{key} (TimelineJS2)"),
        false => key.to_string(),
    }
}

/// Keeps a member as written; too deep a value stops the file, as it
/// does in the other JSON formats.
fn keep(
    ctx: &FileCtx<'_>,
    extra: &mut ExtraWriter,
    key: &str,
    value: &RawValue,
) -> Result<(), LoadError> {
    extra.push(key, value).map_err(|deep| {
        let at = ctx.offset_of(value.get()).map(|o| o + deep);
        let message = format!(
            "\"{key}\": nested deeper than {} levels",
            json_text::MAX_DEPTH
        );
        ctx.error_at(at, message)
    })
}

/// An `asset` object as a TimelineJS3 `media` object (`media` renamed
/// `url`, blank members left out); `None` when nothing is left.
fn media_of_asset(asset: &RawValue) -> Option<Box<Media>> {
    let asset = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(asset.get());
    let media = asset
        .ok()?
        .into_iter()
        .filter(|(_, v)| v.as_str() != Some("") && !v.is_null())
        .map(|(k, v)| (if k == "media" { "url".to_string() } else { k }, v))
        .collect();
    media_of(media)
}

/// Reads one slide (an era with `era`), number `number` in its list.
fn read_slide(
    ctx: &mut FileCtx<'_>,
    slide: &RawValue,
    number: usize,
    era: bool,
) -> Result<(), LoadError> {
    let start = ctx.offset_of(slide.get());
    let mut d = Draft {
        tljs: true,
        start_at: start,
        ..Draft::default()
    };
    let Ok(members) = serde_json::from_str::<Object<'_>>(slide.get()) else {
        ctx.warn(
            start,
            format!("{}: not an object; skipped", d.label(number)),
        );
        return Ok(());
    };
    let mut extra = ExtraWriter::default();
    let (mut start_date, mut end_date) = (None, None);
    for (key, value) in members.0 {
        let at = ctx.offset_of(value.get());
        match (key.as_str(), text_of(value)) {
            ("startDate", Some(s)) => start_date = Some((s, at)),
            ("endDate", Some(s)) => end_date = Some((s, at)),
            ("headline", Some(s)) => d.headline = Some(s),
            ("text", Some(s)) => d.body = Some(s),
            ("tag", Some(s)) => add_topic(ctx, &mut d, &s),
            ("asset", _) if value.get().starts_with('{') => d.media = media_of_asset(value),
            (_, None) if value.get() == "null" => {}
            _ => keep(ctx, &mut extra, &own_name(&key, EVENT_MEMBERS), value)?,
        }
    }
    let Some((text, at)) = start_date.filter(|(s, _)| !s.trim().is_empty()) else {
        ctx.warn(start, format!("{}: no startDate; skipped", d.label(number)));
        return Ok(());
    };
    let Some(date) = slide_date_text(ctx, &d, number, "startDate", at, &text) else {
        return Ok(());
    };
    d.date = Some(date);
    if let Some((text, at)) = end_date.filter(|(s, _)| !s.trim().is_empty()) {
        d.end_at = at;
        let Some(end) = slide_date_text(ctx, &d, number, "endDate", at, &text) else {
            return Ok(());
        };
        d.end_date = Some(end);
    }
    add_event(ctx, &mut d, number, era, extra);
    Ok(())
}

/// The date a slide's date string makes, through the TimelineJS3 date
/// checks and repairs (`slide_date`); `None`, with a warning that the
/// slide is skipped, when it makes none.
fn slide_date_text(
    ctx: &mut FileCtx<'_>,
    d: &Draft<'_>,
    number: usize,
    what: &str,
    at: Option<usize>,
    text: &str,
) -> Option<PartialDate> {
    match date_parts(text) {
        Ok(parts) => {
            let parts = parts.each_ref().map(String::as_str);
            slide_date(ctx, d, number, what, at, &parts, None)
        }
        Err(e) => {
            ctx.warn(at, format!("{}: {what} {e}; skipped", d.label(number)));
            None
        }
    }
}

/// Takes a TimelineJS2 date string apart as TimelineJS2's `VMM.Date.parse`
/// did: year, month, day, hour, minute, second and millisecond as written
/// (blank when absent); or says why it cannot.
fn date_parts(text: &str) -> Result<[String; 7], String> {
    let s = text.trim();
    let bad = || format!("\"{text}\" is not a TimelineJS2 date");
    let show = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut out: [String; 7] = Default::default();
    if s.contains(',') {
        // Each part as JavaScript's parseInt reads it; 0 or none is absent.
        let parts: Vec<Option<i64>> = s
            .split(',')
            .map(|p| parse_int(p).filter(|&n| n != 0))
            .collect();
        if parts[0].is_none() {
            return Err("has no year".to_string());
        }
        for (slot, part) in out.iter_mut().zip(parts) {
            *slot = show(part);
        }
        return Ok(out);
    }
    if s.contains('/') {
        let (date, time) = s.split_once(' ').unwrap_or((s, ""));
        let parts: Vec<&str> = date.split('/').collect();
        let date = match parts[..] {
            [month, day, year] => [year, month, day],
            [month, year] if year.trim().len() > 2 => [year, month, ""],
            _ => return Err(bad()),
        };
        for (slot, part) in out.iter_mut().zip(date) {
            *slot = part.trim().to_string();
        }
        // ` hh:mm:ss`: each part that reads as a number, 0 included.
        if time.contains(':') {
            for (slot, part) in out[3..].iter_mut().zip(time.split(':')) {
                *slot = show(parse_int(part));
            }
        }
        return Ok(out);
    }
    if s.len() <= 8 {
        out[0] = show(Some(parse_int(s).ok_or_else(bad)?));
        return Ok(out);
    }
    if s.contains('T') {
        let date = PartialDate::parse(s).map_err(|_| bad())?;
        out[0] = date.year_number().to_string();
        out[1] = show(date.month().map(i64::from));
        out[2] = show(date.day().map(i64::from));
        if let Some(time) = date.time() {
            out[3] = time.hour().to_string();
            out[4] = time.minute().to_string();
            out[5] = show(time.second().map(i64::from));
            out[6] = show(time.millisecond().map(i64::from));
        }
        return Ok(out);
    }
    // `YYYYMMDDhhmm`.
    if s.bytes().all(|b| b.is_ascii_digit()) {
        for (slot, range) in out.iter_mut().zip([0..4, 4..6, 6..8, 8..10, 10..12]) {
            *slot = s.get(range).unwrap_or("").to_string();
        }
        return Ok(out);
    }
    Err(bad())
}

/// An integer as JavaScript's `parseInt(s, 10)` reads one: leading
/// spaces, a sign and the digits up to the first other character.
fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim_start();
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n: i64 = nonempty(&rest[..digits])?.parse().ok()?;
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::parse;

    #[test]
    fn dates_are_taken_apart_as_timelinejs2_did() {
        let ok = |text: &str, parts: [&str; 7]| {
            assert_eq!(date_parts(text), Ok(parts.map(String::from)), "{text}");
        };
        ok("2011,12,10", ["2011", "12", "10", "", "", "", ""]);
        // A 0 part is absent, as JavaScript's `if (part)` has it.
        ok(
            "2011,12,10,07,02,00",
            ["2011", "12", "10", "7", "2", "", ""],
        );
        ok("2011,12", ["2011", "12", "", "", "", "", ""]);
        ok("-500,0,0", ["-500", "", "", "", "", "", ""]);
        ok("1900", ["1900", "", "", "", "", "", ""]);
        ok(" -13000 ", ["-13000", "", "", "", "", "", ""]);
        ok("12/10/2011", ["2011", "12", "10", "", "", "", ""]);
        ok(
            "12/10/2011 07:00:10",
            ["2011", "12", "10", "7", "0", "10", ""],
        );
        ok("12/2011", ["2011", "12", "", "", "", "", ""]);
        ok(
            "2011-12-10T07:02:10",
            ["2011", "12", "10", "7", "2", "10", ""],
        );
        ok("201112100702", ["2011", "12", "10", "07", "02", "", ""]);
        assert_eq!(date_parts(",12,10"), Err("has no year".to_string()));
        let err = date_parts("soon").unwrap_err();
        assert!(err.contains("not a TimelineJS2 date"), "{err}");
        assert!(date_parts("12/10").is_err());
        assert_eq!(parse_int("07x"), Some(7));
        assert_eq!(parse_int("x7"), None);
    }

    #[test]
    fn a_document_becomes_a_title_events_and_eras() {
        let text = r#"{"timeline": {
            "headline": "The <b>title</b>", "type": "default", "text": "<p>Intro</p>",
            "asset": {"media": "m.jpg", "credit": "", "caption": "Cap"},
            "date": [
                {"startDate": "2011,12,10", "endDate": "2011,12,11", "headline": "One",
                 "text": "<p>Body</p>", "tag": "<i>Politics</i>", "classname": "c1",
                 "asset": {"media": "x.jpg", "credit": "Me", "caption": ""}},
                {"startDate": "bad", "headline": "Skipped"},
                {"startDate": 1999, "headline": "Number"}
            ],
            "era": [{"startDate": "2000", "endDate": "2010", "headline": "Era"}]
        }}"#;
        let t = parse("t2.json", text.as_bytes()).unwrap();
        assert_eq!(
            (t.title.as_str(), t.description.as_str()),
            ("The title", "Intro")
        );
        assert_eq!(t.extra.as_deref(), Some(r#"{"type":"default"}"#));
        let title_media = t.title_media.as_deref().expect("the title's media");
        assert_eq!(
            (
                title_media.url(),
                title_media.caption(),
                title_media.credit()
            ),
            (Some("m.jpg"), Some("Cap"), None)
        );
        let got: Vec<(String, &str, &str)> = t
            .events
            .iter()
            .map(|e| (e.date_label(), e.title(), e.kind()))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        let one = t.events.iter().find(|e| e.title() == "One").unwrap();
        assert_eq!(one.summary(), "Body");
        assert_eq!(
            one.end_date.map(|d| d.to_string()).as_deref(),
            Some("2011-12-11")
        );
        assert_eq!(
            t.facet_names(one, crate::timeline::Facet::Topic)
                .collect::<Vec<_>>(),
            ["Politics"]
        );
        assert_eq!(one.extra(), Some(r#"{"classname":"c1"}"#));
        let media = one.media().expect("media");
        assert_eq!((media.url(), media.credit()), (Some("x.jpg"), Some("Me")));
        let era = t.events.iter().find(|e| e.title() == "Era").unwrap();
        assert_eq!(era.kind(), "era");
        assert!(t.events.iter().any(|e| e.title() == "Number"));
    }
}
