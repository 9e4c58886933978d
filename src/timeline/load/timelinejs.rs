//! Knight Lab's TimelineJS3 vocabulary: title slides, `start_date` and
//! `end_date` objects and `text` objects, mapped onto tlx's events by the
//! native reader, which meets them in the same documents.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::context::strip_position;
use super::members::opt_text_or_number;
use crate::timeline::PartialDate;
use crate::timeline::date::CHRONO_YEAR_LIMIT;

/// A top-level `title`: a string (native) or a TimelineJS title slide.
pub(super) enum TitleValue {
    Text(String),
    Slide(Slide),
    Null,
}

/// A TimelineJS slide, as far as a title slide is read.
#[derive(Deserialize, Default)]
pub(super) struct Slide {
    #[serde(default)]
    pub(super) text: Option<SlideText>,
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
    pub(super) display_date: Option<String>,
}

impl TljsDate {
    /// Whether no part is given: `{"year": "", "month": "", "day": ""}`, as
    /// spreadsheet exports write an absent end date.
    pub(super) fn is_blank(&self) -> bool {
        [&self.year, &self.month, &self.day]
            .iter()
            .all(|p| p.0.as_deref().is_none_or(|s| s.trim().is_empty()))
    }

    /// The date the parts make, or what is wrong with them. What
    /// TimelineJS repairs is repaired as it does, each repair told in
    /// `repairs`: year 0 (astronomical, 1 BCE), a day past the month's end
    /// (rolled over as JavaScript dates do), a month on a year beyond
    /// ±262,000 (dropped).
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
        if let (Some(m), Some(d)) = (month, day)
            && (1..=12).contains(&m)
            && let Some((y, m2, d2)) = roll_over(year, m, d)
            && (y, m2, d2) != (year, m, d)
        {
            repairs.push(format!(
                "day {d} of month {m} rolled over to {}",
                display(y, m2, d2)
            ));
            (year, month, day) = (y, Some(m2), Some(d2));
        }
        PartialDate::new(year, month, day)
            .map(Some)
            .map_err(|e| e.0)
    }
}

/// The date JavaScript's `new Date(year, month - 1, day)` makes: a day
/// past the month's end (or day 0) carries into the next (or previous)
/// month. Years are written ones (no year 0).
fn roll_over(year: i64, month: u8, day: u8) -> Option<(i64, u8, u8)> {
    use chrono::Datelike;
    let astro = i32::try_from(if year < 0 { year + 1 } else { year }).ok()?;
    let first = chrono::NaiveDate::from_ymd_opt(astro, u32::from(month), 1)?;
    let date = first.checked_add_signed(chrono::TimeDelta::days(i64::from(day) - 1))?;
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
        match self.0.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => s
                .parse::<i64>()
                .map(Some)
                .or_else(|_| match s.parse::<f64>() {
                    Ok(f) if f.fract() == 0.0 && f.abs() < 9e18 => Ok(Some(f as i64)),
                    _ => Err(format!("{what} \"{s}\" is not a whole number")),
                }),
        }
    }
}

impl<'de> Deserialize<'de> for DatePart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DatePart;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a string of digits")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DatePart, E> {
                Ok(DatePart(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DatePart, E> {
                Ok(DatePart(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DatePart, E> {
                Ok(DatePart(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DatePart, E> {
                Ok(DatePart(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<DatePart, E> {
                Ok(DatePart(None))
            }
        }
        d.deserialize_any(V)
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
                f.write_str("a date string (YYYY, YYYY-MM or YYYY-MM-DD)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateValue, E> {
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
