//! Knight Lab's TimelineJS3 vocabulary: title slides, `start_date` and
//! `end_date` objects and `text` objects, mapped onto tlx's events by the
//! native reader, which meets them in the same documents.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::context::strip_position;
use super::members::{ExtraWriter, MediaIn, Members, Str, opt_text_or_number};
use crate::timeline::date::{CHRONO_YEAR_LIMIT, DAY_MS};
use crate::timeline::{Media, PartialDate, TimeOfDay};

/// A top-level `title`: a string (native) or a TimelineJS title slide.
pub(super) enum TitleValue {
    Text(String),
    Slide(Slide),
    Null,
}

/// A TimelineJS title slide: its text and media, and the rest of its
/// members (`background`, `type`…) kept as written for round trips.
#[derive(Default)]
pub(super) struct Slide {
    pub(super) text: Option<SlideText>,
    pub(super) media: Option<Media>,
    /// Unknown members as a JSON object text.
    pub(super) extra: Option<Box<str>>,
}

impl<'de> Deserialize<'de> for Slide {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Slide;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a TimelineJS title slide")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slide, A::Error> {
                let mut slide = Slide::default();
                let mut extra = ExtraWriter::default();
                let mut seen = Members::default();
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    let key = key.as_str();
                    if seen.repeated(&["text", "media"], key) {
                        let message = format!("title slide: duplicate member \"{key}\"");
                        return Err(de::Error::custom(message));
                    }
                    let value = map.next_value::<&'de RawValue>()?;
                    let error =
                        |e: String| de::Error::custom(format!("title slide: \"{key}\": {e}"));
                    match key {
                        "text" => match tljs_member::<SlideText>(value) {
                            Some(text) => slide.text = Some(text.map_err(error)?),
                            None => extra.push(key, value).map_err(|_| error(too_deep()))?,
                        },
                        "media" => match tljs_member::<MediaIn>(value) {
                            Some(media) => slide.media = Some(media.map_err(error)?.0),
                            None => extra.push(key, value).map_err(|_| error(too_deep()))?,
                        },
                        _ => extra.push(key, value).map_err(|_| error(too_deep()))?,
                    }
                }
                slide.extra = extra.finish();
                Ok(slide)
            }
        }
        d.deserialize_map(V)
    }
}

/// What is wrong with a kept value nested too deep, after its member's name.
fn too_deep() -> String {
    format!("nested deeper than {} levels", crate::json_text::MAX_DEPTH)
}

/// A slide's `text`: headline and body, in HTML.
#[derive(Deserialize, Default)]
pub(super) struct SlideText {
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub(super) headline: Option<String>,
    #[serde(default)]
    pub(super) text: Option<String>,
}

impl<'de> Deserialize<'de> for TitleValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TitleValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a TimelineJS title slide")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TitleValue, E> {
                Ok(TitleValue::Text(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TitleValue, E> {
                Ok(TitleValue::Null)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TitleValue, A::Error> {
                Slide::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(TitleValue::Slide)
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a TimelineJS object member (`start_date`, `text`); `None` when
/// the value is not an object, which is then kept as an unknown member.
pub(super) fn tljs_member<'de, T: Deserialize<'de>>(
    value: &'de RawValue,
) -> Option<Result<T, String>> {
    value
        .get()
        .starts_with('{')
        .then(|| serde_json::from_str(value.get()).map_err(|e| strip_position(&e.to_string())))
}

/// A TimelineJS date object: parts as strings or numbers, `""` for absent.
#[derive(Deserialize, Default, Clone)]
pub(super) struct TljsDate {
    #[serde(default)]
    pub(super) year: DatePart,
    #[serde(default)]
    pub(super) month: DatePart,
    #[serde(default)]
    pub(super) day: DatePart,
    #[serde(default)]
    pub(super) hour: DatePart,
    #[serde(default)]
    pub(super) minute: DatePart,
    #[serde(default)]
    pub(super) second: DatePart,
    #[serde(default)]
    pub(super) millisecond: DatePart,
    #[serde(default)]
    pub(super) display_date: Option<String>,
}

impl TljsDate {
    /// Whether no part is given: `{"year": "", "month": "", "day": ""}`, as
    /// spreadsheet exports write an absent end date.
    pub(super) fn is_blank(&self) -> bool {
        [
            &self.year,
            &self.month,
            &self.day,
            &self.hour,
            &self.minute,
            &self.second,
            &self.millisecond,
        ]
        .iter()
        .all(|p| p.0.as_deref().is_none_or(|s| s.trim().is_empty()))
    }

    /// The date the parts make, or what is wrong with them. What
    /// TimelineJS repairs is repaired as it does, each repair told in
    /// `repairs`: year 0 (astronomical, 1 BCE), a day past the month's end
    /// or a time part out of range (hour 24, minute 75: rolled over as
    /// JavaScript dates do), a month on a year beyond ±262,000 (dropped).
    /// A time on a date without a day is dropped: TimelineJS would put it
    /// on January 1st, a day the file never gave.
    pub(super) fn to_date(&self, repairs: &mut Vec<String>) -> Result<Option<PartialDate>, String> {
        let mut year = match self.year.int("year")? {
            Some(y) => y,
            None => return Err("has no year".to_string()),
        };
        if year == 0 {
            repairs.push("year 0 read as 1 BCE".to_string());
            year = -1;
        }
        let month = self.month.int("month")?;
        let day = self.day.int("day")?;
        let small = |v: Option<i64>, what: &str| -> Result<Option<u8>, String> {
            v.map(|n| u8::try_from(n).map_err(|_| format!("{what} {n} is out of range")))
                .transpose()
        };
        let (mut month, mut day) = (small(month, "month")?, small(day, "day")?);
        // A day without a month means nothing; TimelineJS ignores it too.
        if month.is_none() {
            day = None;
        }
        // Only for a year tlx reads alone (at most 18 digits): beyond, the
        // month stays and the date is refused as before.
        if let Some(m) = month
            && year.unsigned_abs() > CHRONO_YEAR_LIMIT.unsigned_abs()
            && year.unsigned_abs() < 1_000_000_000_000_000_000
        {
            repairs.push(format!(
                "month {m} on year {year} dropped (months only within ±{CHRONO_YEAR_LIMIT} years)"
            ));
            (month, day) = (None, None);
        }
        // Month 13 is January of the next year, month 0 December of the
        // year before, as JavaScript's `new Date(year, month - 1)` has it.
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            let astro = if year < 0 { year + 1 } else { year };
            let months = astro * 12 + i64::from(m) - 1;
            let astro = months.div_euclid(12);
            let m2 = months.rem_euclid(12) as u8 + 1;
            let y = if astro <= 0 { astro - 1 } else { astro };
            repairs.push(format!(
                "month {m} rolled over to {}",
                PartialDate::new(y, Some(m2), None).map_or_else(|e| e.0, |d| d.to_string())
            ));
            (year, month) = (y, Some(m2));
        }
        if let (Some(m), Some(d)) = (month, day)
            && (1..=12).contains(&m)
            && let Some((y, m2, d2)) = roll_over(year, m, d, 0)
            && (y, m2, d2) != (year, m, d)
        {
            repairs.push(format!(
                "day {d} of month {m} rolled over to {}",
                display(y, m2, d2)
            ));
            (year, month, day) = (y, Some(m2), Some(d2));
        }
        let date = PartialDate::new(year, month, day).map_err(|e| e.0)?;
        let time = self.time()?;
        match (time, month, day) {
            (None, _, _) => Ok(Some(date)),
            (Some(_), _, None) | (Some(_), None, _) => {
                repairs.push(format!("time on {date}, a date without a day, dropped"));
                Ok(Some(date))
            }
            (Some((ms, fields)), Some(m), Some(d)) => {
                let carry = ms.div_euclid(DAY_MS);
                let ms = ms.rem_euclid(DAY_MS);
                let (hour, minute) = ((ms / 3_600_000) as u8, (ms / 60_000 % 60) as u8);
                let second = fields.second.then_some((ms / 1000 % 60) as u8);
                let milli = fields.millisecond.then_some((ms % 1000) as u16);
                let time = TimeOfDay::new(hour, minute, second, milli).map_err(|e| e.0)?;
                let mut date = date;
                if carry != 0 {
                    let (y, m2, d2) = roll_over(year, m, d, carry)
                        .ok_or_else(|| "time rolls past the calendar".to_string())?;
                    date = PartialDate::new(y, Some(m2), Some(d2)).map_err(|e| e.0)?;
                }
                let date = date.with_time(time).map_err(|e| e.0)?;
                if fields.out_of_range {
                    repairs.push(format!("time out of range rolled over to {date}"));
                }
                Ok(Some(date))
            }
        }
    }

    /// The time parts as milliseconds since midnight (perhaps beyond a
    /// day, or before it, as JavaScript's `Date` takes them), and which
    /// parts were given; `None` when none is.
    fn time(&self) -> Result<Option<(i64, TimeFields)>, String> {
        let hour = self.hour.int("hour")?;
        let minute = self.minute.int("minute")?;
        let second = self.second.int("second")?;
        let milli = self.millisecond.int("millisecond")?;
        if [hour, minute, second, milli].iter().all(Option::is_none) {
            return Ok(None);
        }
        let within = |v: Option<i64>, max: i64| v.is_none_or(|v| (0..=max).contains(&v));
        let fields = TimeFields {
            // A millisecond needs a second to hang on, as in ISO 8601.
            second: second.is_some() || milli.is_some(),
            millisecond: milli.is_some(),
            out_of_range: !(within(hour, 23)
                && within(minute, 59)
                && within(second, 59)
                && within(milli, 999)),
        };
        // Bounded so the sum cannot overflow: no repair needs a billion
        // hours.
        let part = |v: Option<i64>, what: &str| match v {
            Some(v) if v.abs() > 1_000_000_000 => Err(format!("{what} {v} is out of range")),
            v => Ok(v.unwrap_or(0)),
        };
        let ms = ((part(hour, "hour")? * 60 + part(minute, "minute")?) * 60
            + part(second, "second")?)
            * 1000
            + part(milli, "millisecond")?;
        Ok(Some((ms, fields)))
    }
}

/// Which time parts a TimelineJS date gave, and whether one was out of range.
struct TimeFields {
    second: bool,
    millisecond: bool,
    out_of_range: bool,
}

/// The date JavaScript's `new Date(year, month - 1, day)` makes, `carry`
/// days later (a time past midnight): a day past the month's end (or day
/// 0) carries into the next (or previous) month. Years are written ones
/// (no year 0).
fn roll_over(year: i64, month: u8, day: u8, carry: i64) -> Option<(i64, u8, u8)> {
    use chrono::Datelike;
    let astro = i32::try_from(if year < 0 { year + 1 } else { year }).ok()?;
    let first = chrono::NaiveDate::from_ymd_opt(astro, u32::from(month), 1)?;
    let days = chrono::TimeDelta::try_days(i64::from(day) - 1 + carry)?;
    let date = first.checked_add_signed(days)?;
    let y = i64::from(date.year());
    let written = if y <= 0 { y - 1 } else { y };
    Some((written, date.month() as u8, date.day() as u8))
}

/// `YYYY-MM-DD` for a message.
fn display(year: i64, month: u8, day: u8) -> String {
    PartialDate::new(year, Some(month), Some(day))
        .map_or_else(|_| format!("{year}-{month:02}-{day:02}"), |d| d.to_string())
}

/// A year, month or day of a TimelineJS date, as written.
#[derive(Default, Clone)]
pub(super) struct DatePart(pub(super) Option<String>);

impl DatePart {
    fn int(&self, what: &str) -> Result<Option<i64>, String> {
        let Some(s) = self.0.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        if let Ok(n) = s.parse::<i64>() {
            return Ok(Some(n));
        }
        let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
        let out_of_range = || {
            format!(
                "{what} \"{s}\" is out of range (tlx holds whole numbers within ±{})",
                i64::MAX
            )
        };
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(out_of_range());
        }
        match s.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 9e18 => Ok(Some(f as i64)),
            Ok(f) if !f.is_finite() || f.fract() == 0.0 => Err(out_of_range()),
            _ => Err(format!("{what} \"{s}\" is not a whole number")),
        }
    }
}

impl<'de> Deserialize<'de> for DatePart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read raw, so that a number keeps its digits as written: through
        // f64, 99999999999999999999999 would read as 1e23.
        let raw = Box::<RawValue>::deserialize(d)?;
        let text = raw.get();
        let unexpected = match text.as_bytes().first() {
            Some(b'"') => {
                return serde_json::from_str::<String>(text)
                    .map(|s| DatePart(Some(s)))
                    .map_err(|e| de::Error::custom(strip_position(&e.to_string())));
            }
            Some(b'n') => return Ok(DatePart(None)),
            Some(b'-' | b'0'..=b'9') => return Ok(DatePart(Some(text.to_string()))),
            Some(b'[') => de::Unexpected::Seq,
            Some(b'{') => de::Unexpected::Map,
            _ => de::Unexpected::Bool(text.starts_with('t')),
        };
        Err(de::Error::invalid_type(
            unexpected,
            &"a number or a string of digits",
        ))
    }
}

/// An `end_date`: a native string or a TimelineJS object.
pub(super) enum DateValue {
    Text(String),
    Parts(TljsDate),
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date string (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateValue, E> {
                Ok(DateValue::Text(v.to_string()))
            }
            // A year as a JSON number: `"end_date": 2019`.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateValue, E> {
                Ok(DateValue::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateValue, E> {
                Ok(DateValue::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateValue, A::Error> {
                TljsDate::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(DateValue::Parts)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The date a TimelineJS date object makes, and the repairs told.
    fn date(json: &str) -> (Result<String, String>, Vec<String>) {
        let parts: TljsDate = serde_json::from_str(json).unwrap();
        let mut repairs = Vec::new();
        let date = parts.to_date(&mut repairs);
        (
            date.map(|d| d.map(|d| d.to_string()).unwrap_or_default()),
            repairs,
        )
    }

    #[test]
    fn time_parts_make_a_time_of_day() {
        let (d, r) = date(r#"{"year":"2019","month":"2","day":"25","hour":"10"}"#);
        assert_eq!((d.unwrap(), r.len()), ("2019-02-25T10:00".to_string(), 0));
        let (d, _) = date(
            r#"{"year":2019,"month":2,"day":25,"hour":9,"minute":5,"second":7,"millisecond":25}"#,
        );
        assert_eq!(d.unwrap(), "2019-02-25T09:05:07.025");
        // A millisecond without a second is at second 0.
        let (d, _) =
            date(r#"{"year":2019,"month":2,"day":25,"hour":1,"minute":2,"millisecond":5}"#);
        assert_eq!(d.unwrap(), "2019-02-25T01:02:00.005");
        // Blank parts are absent.
        let (d, _) = date(r#"{"year":"2019","month":"2","day":"25","hour":"","minute":" "}"#);
        assert_eq!(d.unwrap(), "2019-02-25");
        let (d, _) = date(r#"{"year":"2019","month":"2","day":"25","hour":"ten"}"#);
        assert_eq!(d.unwrap_err(), "hour \"ten\" is not a whole number");
    }

    #[test]
    fn times_out_of_range_roll_over_as_javascript_dates_do() {
        let (d, r) = date(r#"{"year":2019,"month":12,"day":31,"hour":24}"#);
        assert_eq!(d.unwrap(), "2020-01-01T00:00");
        assert_eq!(r, ["time out of range rolled over to 2020-01-01T00:00"]);
        let (d, _) = date(r#"{"year":2019,"month":3,"day":1,"hour":0,"minute":-30}"#);
        assert_eq!(d.unwrap(), "2019-02-28T23:30");
        let (d, _) = date(r#"{"year":2019,"month":2,"day":25,"hour":10,"minute":0,"second":75}"#);
        assert_eq!(d.unwrap(), "2019-02-25T10:01:15");
        // Through the year that does not exist: 31 December 1 BCE, then 1 CE.
        let (d, _) = date(r#"{"year":-1,"month":12,"day":31,"hour":25}"#);
        assert_eq!(d.unwrap(), "0001-01-01T01:00");
        // A day rolled over and a time on it.
        let (d, r) = date(r#"{"year":2019,"month":2,"day":30,"hour":8,"minute":15}"#);
        assert_eq!(d.unwrap(), "2019-03-02T08:15");
        assert_eq!(r.len(), 1, "{r:?}");
        let (d, _) = date(r#"{"year":2019,"month":2,"day":25,"hour":"99999999999"}"#);
        assert!(d.unwrap_err().contains("out of range"));
    }

    #[test]
    fn a_time_without_a_day_is_dropped() {
        let (d, r) = date(r#"{"year":"2019","month":"5","hour":"10","minute":"30"}"#);
        assert_eq!(d.unwrap(), "2019-05");
        assert_eq!(r, ["time on 2019-05, a date without a day, dropped"]);
        let blank = r#"{"year":"","month":"","day":"","hour":"","minute":""}"#;
        assert!(serde_json::from_str::<TljsDate>(blank).unwrap().is_blank());
    }
}
