//! Partial calendar dates: a year, a year and month, or a full day,
//! optionally with a time of day and a UTC offset.

use std::fmt;
use std::num::NonZeroI64;

use chrono::NaiveDate;

/// Years chrono can validate; beyond this a date must be year-only.
pub(crate) const CHRONO_YEAR_LIMIT: i64 = 262_000;

/// From this magnitude on a year is labelled by its size (`300 ka`,
/// `13.8 Ga`) rather than as a calendar year: nobody counts a six-digit
/// year by its units, and `-13800000000` is unreadable in a list.
pub const MAGNITUDE_FROM: u64 = 100_000;

/// How a date is labelled for a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelStyle {
    /// Compact, for lists, the strip and text output: `300 BCE`, `13.8 Ga`.
    Short,
    /// Huge magnitudes spelt out, for the detail pane: `13.8 billion years ago`.
    Words,
}

/// A date known to year, month or day precision, a day perhaps with a
/// time of day ([`TimeOfDay`]).
///
/// Years are as written: a leading `-` marks BCE, so `-43` is 43 BCE and
/// there is no year 0. The order puts a year-only date before every month
/// of that year, a month-only date before its days and a day before its
/// times; times with a UTC offset order by their instant, times without
/// one as if they were UTC (see [`PartialDate::order_key`]).
///
/// Sixteen bytes, and so is an `Option` of one (no year 0 is the niche):
/// a million events hold two each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: NonZeroI64,
    /// 1–12; 0 when unknown.
    month: u8,
    /// 1–31; 0 when unknown.
    day: u8,
    /// The UTC offset in minutes, [`NO_OFFSET`] when none, [`ZULU`] for `Z`.
    offset: i16,
    /// The time of day, packed by [`TimeOfDay::pack`]; 0 when none.
    time: u32,
}

/// A time of day as written: hour and minute, perhaps seconds and a
/// fraction of a second (kept to the millisecond), perhaps a UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
    second: Option<u8>,
    /// Milliseconds, and how many digits of them were written (1–3).
    fraction: Option<(u16, u8)>,
    /// Minutes east of UTC, [`ZULU`] for `Z`; `None` for local time.
    offset: Option<i16>,
}

/// `offset` of a date without one.
const NO_OFFSET: i16 = i16::MIN;
/// `offset` of a time written with `Z` (UTC, shown as `Z`).
const ZULU: i16 = i16::MAX;
/// Milliseconds in a day.
pub(crate) const DAY_MS: i64 = 86_400_000;
/// What a date may look like, for messages.
const DATE_FORMS: &str = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.sss]][Z|±HH:MM]";

/// How precisely a [`PartialDate`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
    /// A day and a time of day.
    Time,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

/// When `text`, which reads as `date`, writes a month or day with one
/// digit (`2020-1-5`), says what it was read as: tlx writes it back in
/// full (`2020-01-05`), which is worth a warning in a data file.
pub fn padded(text: &str, date: &PartialDate) -> Option<String> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let day_part = body.split(['T', 't', ' ']).next().unwrap_or(body);
    day_part
        .split('-')
        .skip(1)
        .any(|part| part.len() == 1)
        .then(|| format!("\"{text}\" read as {date}"))
}

impl PartialDate {
    /// A year-only date.
    pub fn year(year: i64) -> Result<Self, DateError> {
        Self::new(year, None, None)
    }

    /// Builds a date from parts, checking it names a real calendar day.
    pub fn new(year: i64, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        // Formatted only for a message: this runs once per loaded date.
        let shown = || display_parts(year, month, day);
        let Some(nonzero) = NonZeroI64::new(year) else {
            return Err(DateError(format!(
                "\"{}\": there is no year 0 (1 BCE is written -1)",
                shown()
            )));
        };
        if day.is_some() && month.is_none() {
            return Err(DateError(format!("\"{}\": a day needs a month", shown())));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError(format!("\"{}\" is not a valid month", shown())));
            }
            // unsigned: the magnitude of i64::MIN does not fit an i64.
            if year.unsigned_abs() > CHRONO_YEAR_LIMIT.unsigned_abs() {
                return Err(DateError(format!(
                    "\"{}\": months and days are only supported within ±{CHRONO_YEAR_LIMIT} years; write the year alone",
                    shown()
                )));
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            let astro = astronomical(year) as i32;
            if NaiveDate::from_ymd_opt(astro, u32::from(m), u32::from(d)).is_none() {
                return Err(DateError(format!(
                    "\"{}\" is not a valid day ({} has {} days)",
                    shown(),
                    month_label(year, m),
                    days_in_month(year, m)
                )));
            }
        }
        Ok(PartialDate {
            year: nonzero,
            month: month.unwrap_or(0),
            day: day.unwrap_or(0),
            offset: NO_OFFSET,
            time: 0,
        })
    }

    /// This day at `time` (its offset included); only a date with a day
    /// takes a time.
    pub fn with_time(self, time: TimeOfDay) -> Result<Self, DateError> {
        if self.day == 0 {
            return Err(DateError(format!(
                "\"{self}T{time}\": a time needs a day (YYYY-MM-DDTHH:MM)"
            )));
        }
        Ok(PartialDate {
            offset: time.offset.unwrap_or(NO_OFFSET),
            time: time.pack(),
            ..self
        })
    }

    /// The same date without its time of day.
    pub fn without_time(self) -> Self {
        PartialDate {
            offset: NO_OFFSET,
            time: 0,
            ..self
        }
    }

    /// The time of day, when one is given.
    pub fn time(&self) -> Option<TimeOfDay> {
        (self.time != 0).then(|| TimeOfDay::unpack(self.time, self.offset))
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with an optional leading
    /// `-`, and a day perhaps followed by a time of day: `T` (or one
    /// space, as RFC 3339 allows) and `HH:MM`, `HH:MM:SS` or
    /// `HH:MM:SS.sss`, then perhaps `Z` or an offset `±HH:MM`. Fractions
    /// past the millisecond are cut.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        // A time is looked for only after a `T` or a space, so the
        // date-only path (a million calls on a big file) stays as short.
        match text.find(['T', 't', ' ']) {
            None => Self::parse_day(text, text),
            Some(at) => {
                let day = Self::parse_day(&text[..at], text)?;
                let time = TimeOfDay::parse_iso(&text[at + 1..], text)?;
                if day.day == 0 {
                    return Err(DateError(format!(
                        "\"{text}\": a time needs a day (YYYY-MM-DDTHH:MM)"
                    )));
                }
                day.with_time(time)
            }
        }
    }

    /// Parses the date part `body` of `text` (the whole, for messages).
    fn parse_day(body: &str, text: &str) -> Result<Self, DateError> {
        let expected = || DateError(format!("\"{text}\" is not a date (expected {DATE_FORMS})"));
        let (negative, body) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let mut parts = body.split('-');
        let year_part = parts.next().ok_or_else(expected)?;
        let month_part = parts.next();
        let day_part = parts.next();
        if parts.next().is_some() {
            return Err(expected());
        }
        let digits = |s: &str, max_len: usize| {
            !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())
        };
        // Every year tlx holds (TimelineJS's reach whole i64s) reads back.
        if !digits(year_part, 19) {
            return Err(expected());
        }
        let signed = &text[..usize::from(negative) + year_part.len()];
        let year: i64 = signed.parse().map_err(|_| expected())?;
        let month = match month_part {
            Some(m) if digits(m, 2) => Some(m.parse::<u8>().map_err(|_| expected())?),
            Some(_) => return Err(expected()),
            None => None,
        };
        let day = match day_part {
            Some(d) if digits(d, 2) => Some(d.parse::<u8>().map_err(|_| expected())?),
            Some(_) => return Err(expected()),
            None => None,
        };
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError(format!("\"{text}\" is not a valid month")));
        }
        Self::new(year, month, day)
    }

    /// The year as written (negative for BCE).
    pub fn year_number(&self) -> i64 {
        self.year.get()
    }

    /// The month, 1–12, when known.
    pub fn month(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// A number that orders as dates do (a year before its months, a month
    /// before its days, a day before its times), in the top 96 bits of a
    /// `u128`: the low 32 bits are left free for a tie-breaker. Comparing
    /// these beats comparing parts when sorting a million events.
    ///
    /// A time with an offset counts as its instant in UTC (which may fall
    /// on another day); a time without one as if it were UTC.
    pub fn order_key(&self) -> u128 {
        // Below the year: month (4 bits), day (5), then 0 for no time or
        // 1 + the millisecond of the day (27).
        const SUB_BITS: u32 = 36;
        // Months (hence days and times) exist only within ±262,000 years,
        // so beyond this magnitude a year has nothing below it and takes
        // one step of the key instead of 2^36: every i64 year fits.
        const SPLIT: i128 = 1 << 58;
        let (year, month, day, time) = match (self.time, self.offset) {
            (0, _) => (self.year.get(), self.month, self.day, 0),
            (_, NO_OFFSET) => {
                let ms = self.time_of_day().ms_of_day();
                (self.year.get(), self.month, self.day, ms + 1)
            }
            _ => {
                let t = self.time_of_day();
                let utc = t.ms_of_day() - i64::from(t.offset_minutes().unwrap_or(0)) * 60_000;
                let (y, m, d) = shift_day(
                    self.year.get(),
                    self.month,
                    self.day,
                    utc.div_euclid(DAY_MS),
                );
                (y, m, d, utc.rem_euclid(DAY_MS) + 1)
            }
        };
        let sub = (i128::from(month) << 32) | (i128::from(day) << 27) | i128::from(time);
        let y = i128::from(year);
        let k = if y.abs() <= SPLIT {
            (y << SUB_BITS) + sub
        } else {
            let s = y.signum();
            s * (SPLIT << SUB_BITS) + (y - s * SPLIT)
        };
        // |k| < 2^95: shifted to be positive, it fills 96 bits.
        ((k + (1 << 95)) as u128) << 32
    }

    /// The time of day, unpacked; midnight when there is none.
    fn time_of_day(&self) -> TimeOfDay {
        TimeOfDay::unpack(self.time, self.offset)
    }

    /// Whether this date (an end) falls before `start`: on an earlier day,
    /// or, when both have a time, at an earlier instant.
    pub fn ends_before(&self, start: &PartialDate) -> bool {
        if self.time != 0 && start.time != 0 {
            self.order_key() < start.order_key()
        } else {
            self.last_day() < start.first_day()
        }
    }

    /// How precisely this date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day, self.time) {
            (0, _, _) => Precision::Year,
            (_, 0, _) => Precision::Month,
            (_, _, 0) => Precision::Day,
            _ => Precision::Time,
        }
    }

    /// The first day (and moment of it) this date may stand for, as a
    /// sortable key: a time counts as written, its offset aside.
    pub fn first_day(&self) -> DayKey {
        DayKey {
            year: self.year.get(),
            month: self.month().unwrap_or(1),
            day: self.day().unwrap_or(1),
            ms: self.time().map_or(0, |t| t.ms_of_day() as u32),
        }
    }

    /// The last day (and moment of it) this date may stand for, as a
    /// sortable key: a time without seconds stands for its whole minute,
    /// one without a fraction for its whole second.
    pub fn last_day(&self) -> DayKey {
        let month = self.month().unwrap_or(12);
        DayKey {
            year: self.year.get(),
            month,
            day: self
                .day()
                .unwrap_or_else(|| days_in_month(self.year.get(), month)),
            ms: self.time().map_or(DAY_MS as u32 - 1, |t| {
                let rest = match (t.second, t.fraction) {
                    (None, _) => 59_999,
                    (Some(_), None) => 999,
                    (Some(_), Some(_)) => 0,
                };
                (t.ms_of_day() + rest) as u32
            }),
        }
    }

    /// The label a person reads, in lists, the strip, text output and the
    /// detail pane. The machine form stays [`Display`](fmt::Display).
    ///
    /// - CE years as written, without zero padding: `2017-02`, `622-08-09`, `600`.
    /// - BCE years with the era after the date: `300 BCE`, `44-03-15 BCE`.
    /// - A time after the date and a space, as written: `2019-02-25 10:30`,
    ///   `2019-02-25 10:30:15.250+01:00`.
    /// - Years of [`MAGNITUDE_FROM`] and more by magnitude, rounded to three
    ///   significant digits: `300 ka`, `650 Ma`, `13.8 Ga` (short) or
    ///   `13.8 billion years ago` (words). A BCE year's number is read as
    ///   years ago: the 2,000-odd years since 1 CE vanish in that rounding
    ///   from a million years on, and data writing `-300000` means "300,000
    ///   years ago". Future years that far out read `1.2 Ma CE` or `year 1.2
    ///   million`.
    pub fn label(&self, style: LabelStyle) -> String {
        let mut out = String::with_capacity(16);
        self.push_label(style, &mut out);
        out
    }

    /// Appends [`PartialDate::label`] to `out`: a span's label is built in
    /// one allocation, as lists build many.
    pub(crate) fn push_label(&self, style: LabelStyle, out: &mut String) {
        use fmt::Write as _;
        let year = self.year.get();
        let size = year.unsigned_abs();
        if size >= MAGNITUDE_FROM {
            out.push_str(&magnitude_label(size, year < 0, style));
            return;
        }
        // Writing into a String cannot fail.
        let _ = write!(out, "{size}");
        if let Some(m) = self.month() {
            let _ = write!(out, "-{m:02}");
        }
        if let Some(d) = self.day() {
            let _ = write!(out, "-{d:02}");
        }
        if year < 0 {
            out.push_str(" BCE");
        }
        if let Some(t) = self.time() {
            let _ = write!(out, " {t}");
        }
    }

    /// Appends the time of day alone (`12:30`), for the end of a span
    /// within one day; nothing when there is no time.
    pub(crate) fn push_time_label(&self, out: &mut String) {
        use fmt::Write as _;
        if let Some(t) = self.time() {
            let _ = write!(out, "{t}");
        }
    }

    /// Whether `other` is written on the same calendar day (both having one).
    pub fn same_day(&self, other: &PartialDate) -> bool {
        self.day != 0 && (self.year, self.month, self.day) == (other.year, other.month, other.day)
    }

    /// English label such as `Feb 2017`, `31 May 2019`, `31 May 2019
    /// 10:30` or `43 BCE`.
    pub fn human(&self) -> String {
        let year = if self.year.get() < 0 {
            format!("{} BCE", self.year.get().unsigned_abs())
        } else {
            self.year.to_string()
        };
        let mut out = match (self.month(), self.day()) {
            (Some(m), Some(d)) => format!("{d} {} {year}", MONTHS[usize::from(m - 1)]),
            (Some(m), None) => format!("{} {year}", MONTHS[usize::from(m - 1)]),
            _ => year,
        };
        if let Some(t) = self.time() {
            out.push(' ');
            out.push_str(&t.to_string());
        }
        out
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Without times the parts order as the key does, cheaper: checking
        // that a million loaded events are sorted compares this way.
        if self.time == 0 && other.time == 0 {
            return (self.year, self.month, self.day).cmp(&(other.year, other.month, other.day));
        }
        // The same instant written with two offsets: the parts decide,
        // so the order agrees with `Eq`.
        self.order_key()
            .cmp(&other.order_key())
            .then_with(|| (self.time, self.offset).cmp(&(other.time, other.offset)))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&display_parts(self.year.get(), self.month(), self.day()))?;
        match self.time() {
            Some(t) => write!(f, "T{t}"),
            None => Ok(()),
        }
    }
}

/// The day `days` days (at most one either way) after `year-month-day`,
/// written years (no year 0).
fn shift_day(year: i64, month: u8, day: u8, days: i64) -> (i64, u8, u8) {
    match days {
        0 => (year, month, day),
        d if d < 0 => {
            if day > 1 {
                (year, month, day - 1)
            } else if month > 1 {
                (year, month - 1, days_in_month(year, month - 1))
            } else {
                let y = if year == 1 { -1 } else { year - 1 };
                (y, 12, 31)
            }
        }
        _ => {
            if day < days_in_month(year, month) {
                (year, month, day + 1)
            } else if month < 12 {
                (year, month + 1, 1)
            } else {
                let y = if year == -1 { 1 } else { year + 1 };
                (y, 1, 1)
            }
        }
    }
}

impl TimeOfDay {
    /// A time of day without an offset: hour 0–23, minute and second
    /// 0–59, millisecond 0–999.
    pub fn new(
        hour: u8,
        minute: u8,
        second: Option<u8>,
        millisecond: Option<u16>,
    ) -> Result<Self, DateError> {
        Self::build(hour, minute, second, millisecond.map(|ms| (ms, 3)), None)
    }

    fn build(
        hour: u8,
        minute: u8,
        second: Option<u8>,
        fraction: Option<(u16, u8)>,
        offset: Option<i16>,
    ) -> Result<Self, DateError> {
        let bad = |what: &str, n: u32| Err(DateError(format!("{what} {n} is out of range")));
        if hour > 23 {
            return bad("hour", hour.into());
        }
        if minute > 59 {
            return bad("minute", minute.into());
        }
        if let Some(s) = second.filter(|&s| s > 59) {
            return bad("second", s.into());
        }
        if let Some((ms, _)) = fraction.filter(|&(ms, _)| ms > 999) {
            return bad("millisecond", ms.into());
        }
        Ok(TimeOfDay {
            hour,
            minute,
            // A fraction needs a second to hang on.
            second: second.or(fraction.map(|_| 0)),
            fraction,
            offset,
        })
    }

    /// The same time with a UTC offset in minutes east (`-300` for
    /// `-05:00`), at most 23:59 either way; `None` for local time.
    pub fn with_offset(self, minutes: Option<i16>) -> Result<Self, DateError> {
        if minutes.is_some_and(|m| m.unsigned_abs() > 23 * 60 + 59) {
            return Err(DateError(format!(
                "offset of {} minutes is out of range",
                minutes.unwrap_or(0)
            )));
        }
        Ok(TimeOfDay {
            offset: minutes,
            ..self
        })
    }

    /// Hour, 0–23.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// Minute, 0–59.
    pub fn minute(&self) -> u8 {
        self.minute
    }

    /// Second, 0–59, when given.
    pub fn second(&self) -> Option<u8> {
        self.second
    }

    /// Millisecond, 0–999, when a fraction of a second is given.
    pub fn millisecond(&self) -> Option<u16> {
        self.fraction.map(|(ms, _)| ms)
    }

    /// The UTC offset in minutes east (`Z` is 0), when given.
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset.map(|o| if o == ZULU { 0 } else { o })
    }

    /// Milliseconds since midnight, local.
    fn ms_of_day(&self) -> i64 {
        let (h, m) = (i64::from(self.hour), i64::from(self.minute));
        let s = i64::from(self.second.unwrap_or(0));
        ((h * 60 + m) * 60 + s) * 1000 + i64::from(self.millisecond().unwrap_or(0))
    }

    /// The time in 29 bits, never 0: hour + 1 (5 bits), minute (6),
    /// second + 1 or 0 (6), millisecond (10), digits written (2).
    fn pack(&self) -> u32 {
        let (ms, digits) = self.fraction.unwrap_or((0, 0));
        u32::from(self.hour + 1)
            | u32::from(self.minute) << 5
            | u32::from(self.second.map_or(0, |s| s + 1)) << 11
            | u32::from(ms) << 17
            | u32::from(digits) << 27
    }

    /// The time [`TimeOfDay::pack`] packed, with the date's offset.
    fn unpack(bits: u32, offset: i16) -> TimeOfDay {
        let field = |shift: u32, width: u32| (bits >> shift) & ((1 << width) - 1);
        let digits = field(27, 2) as u8;
        let second = field(11, 6) as u8;
        TimeOfDay {
            hour: (field(0, 5) as u8).saturating_sub(1),
            minute: field(5, 6) as u8,
            second: second.checked_sub(1),
            fraction: (digits > 0).then_some((field(17, 10) as u16, digits)),
            offset: (offset != NO_OFFSET).then_some(offset),
        }
    }

    /// Parses the ISO 8601 time `HH:MM[:SS[.sss]][Z|±HH:MM]` after a
    /// date's `T`; `text` is the whole date, for messages.
    fn parse_iso(s: &str, text: &str) -> Result<TimeOfDay, DateError> {
        let expected = || DateError(format!("\"{text}\" is not a date (expected {DATE_FORMS})"));
        let b = s.as_bytes();
        let two = |i: usize| -> Option<u8> {
            match (b.get(i), b.get(i + 1)) {
                (Some(x @ b'0'..=b'9'), Some(y @ b'0'..=b'9')) => {
                    Some((x - b'0') * 10 + (y - b'0'))
                }
                _ => None,
            }
        };
        let hour = two(0).ok_or_else(expected)?;
        if b.get(2) != Some(&b':') {
            return Err(expected());
        }
        let minute = two(3).ok_or_else(expected)?;
        let mut i = 5;
        let (mut second, mut fraction) = (None, None);
        if b.get(i) == Some(&b':') {
            second = Some(two(i + 1).ok_or_else(expected)?);
            i += 3;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                i = start;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                fraction = Some(fraction_of(&b[start..i]).ok_or_else(expected)?);
            }
        }
        let offset = match &b[i..] {
            [] => None,
            [b'Z' | b'z'] => Some(ZULU),
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let (h, m) = (
                    two(i + 1).ok_or_else(expected)?,
                    two(i + 4).ok_or_else(expected)?,
                );
                if h > 23 || m > 59 {
                    return Err(DateError(format!(
                        "\"{text}\": offset {} is out of range",
                        &s[i..]
                    )));
                }
                let minutes = i16::from(h) * 60 + i16::from(m);
                Some(if *sign == b'-' { -minutes } else { minutes })
            }
            _ => return Err(expected()),
        };
        Self::build(hour, minute, second, fraction, offset)
            .map_err(|e| DateError(format!("\"{text}\": {e}")))
    }

    /// Parses the `Time` (or `End Time`) column of Knight Lab's Google
    /// Sheets template as TimelineJS 3 does: `HH:MM`, `HH:MM:SS`,
    /// `HH:MM:SS.s` (a comma also separates the fraction), `HHMM`, a lone
    /// hour, `.` instead of `:` when there is no `:`, each with an optional
    /// `AM`/`PM` (`a.m.`, `pm`…). A fraction is read as a decimal fraction
    /// of a second (TimelineJS multiplies its digits by 100, which agrees
    /// for one digit). Minutes and seconds past 59 are refused rather than
    /// carried. A blank cell is an error: the reader leaves it as no time.
    pub fn parse_sheet(cell: &str) -> Result<TimeOfDay, DateError> {
        let bad = |why: &str| DateError(format!("time \"{cell}\": {why}"));
        let mut text = cell.trim();
        if text.is_empty() {
            return Err(bad("empty"));
        }
        // A trailing AM or PM, perhaps with dots and spaces: `10:30 p.m.`.
        let mut period = None;
        {
            let b = text.as_bytes();
            let mut end = b.len();
            let take = |c: u8, end: &mut usize| {
                if *end > 0 && b[*end - 1].eq_ignore_ascii_case(&c) {
                    *end -= 1;
                    true
                } else {
                    false
                }
            };
            take(b'.', &mut end);
            if take(b'm', &mut end) {
                take(b'.', &mut end);
                if end > 0 && matches!(b[end - 1].to_ascii_lowercase(), b'a' | b'p') {
                    period = Some(b[end - 1].to_ascii_lowercase());
                    text = text[..end - 1].trim_end();
                }
            }
        }
        let number = |s: &str, what: &str| -> Result<u32, DateError> {
            let s = s.trim();
            if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(&format!("{what} \"{s}\" is not a number")));
            }
            s.parse()
                .map_err(|_| bad(&format!("{what} \"{s}\" is not a number")))
        };
        let b = text.as_bytes();
        let parts: Vec<&str> = if (3..=4).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
            // `930`, `1030`: the last two digits are the minutes.
            let (h, m) = text.split_at(b.len() - 2);
            vec![h, m]
        } else if text.contains(':') {
            text.split(':').collect()
        } else {
            text.split('.').collect()
        };
        if parts.len() > 4 {
            return Err(bad("too many parts"));
        }
        let mut hour = number(parts[0], "hour")?;
        match period {
            Some(b'p') if hour != 12 => hour += 12,
            Some(b'a') if hour == 12 => hour = 0,
            _ => {}
        }
        if hour > 23 {
            return Err(bad(&format!("hour {hour} is out of range")));
        }
        let minute = match parts.get(1) {
            Some(m) => number(m, "minute")?,
            None => 0,
        };
        let (mut second, mut fraction) = (None, None);
        if let Some(s) = parts.get(2) {
            // The fraction: after `.` or `,`, or a fourth `:` part.
            let mut pieces: Vec<&str> = s.split(['.', ',']).collect();
            pieces.extend(parts.get(3));
            if pieces.len() > 2 {
                return Err(bad("too many fraction parts"));
            }
            second = Some(number(pieces[0], "second")? as u8);
            if let Some(f) = pieces.get(1) {
                let f = f.trim();
                if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad(&format!("fraction \"{f}\" is not a number")));
                }
                fraction = fraction_of(f.as_bytes());
            }
        }
        Self::build(hour as u8, minute as u8, second, fraction, None).map_err(|e| bad(&e.0))
    }

    /// The time as the Sheets template's `Time` column holds it, which
    /// [`TimeOfDay::parse_sheet`] and TimelineJS read back alike:
    /// `H:MM`, `H:MM:SS`, `H:MM:SS.s` (24-hour; no offset, which the
    /// template has no place for). Milliseconds that are not whole tenths
    /// are written in full: tlx reads them, TimelineJS misreads them.
    pub fn sheet_text(&self) -> String {
        let mut out = format!("{}:{:02}", self.hour, self.minute);
        if let Some(s) = self.second {
            out.push_str(&format!(":{s:02}"));
        }
        if let Some(ms) = self.millisecond() {
            let digits = if ms % 100 == 0 { 1 } else { 3 };
            out.push('.');
            out.push_str(&format!("{ms:03}")[..digits]);
        }
        out
    }
}

impl fmt::Display for TimeOfDay {
    /// ISO 8601 as written: `10:30`, `10:30:15.25`, `10:30Z`, `10:30+01:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)?;
        if let Some(s) = self.second {
            write!(f, ":{s:02}")?;
        }
        if let Some((ms, digits)) = self.fraction {
            let all = format!("{ms:03}");
            write!(f, ".{}", &all[..usize::from(digits.clamp(1, 3))])?;
        }
        match self.offset {
            None => Ok(()),
            Some(ZULU) => f.write_str("Z"),
            Some(o) => {
                let sign = if o < 0 { '-' } else { '+' };
                let o = o.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", o / 60, o % 60)
            }
        }
    }
}

/// Milliseconds from a fraction's digits (`5` is 500, `25` 250), and how
/// many were kept (at most 3: finer digits are cut); `None` when empty.
fn fraction_of(digits: &[u8]) -> Option<(u16, u8)> {
    if digits.is_empty() {
        return None;
    }
    let kept = &digits[..digits.len().min(3)];
    let mut ms = 0u16;
    for i in 0..3 {
        ms = ms * 10 + kept.get(i).map_or(0, |d| u16::from(d - b'0'));
    }
    Some((ms, kept.len() as u8))
}

/// A year as a person reads it, in the [`PartialDate::label`] rules:
/// `2017`, `600`, `300 BCE`, `13.8 Ga`. For axis labels.
pub fn year_label(year: i64, style: LabelStyle) -> String {
    let size = year.unsigned_abs();
    if size >= MAGNITUDE_FROM {
        magnitude_label(size, year < 0, style)
    } else if year < 0 {
        format!("{size} BCE")
    } else {
        size.to_string()
    }
}

/// `size` years rounded to three significant digits, in ka, Ma or Ga (or
/// thousand, million, billion in words), before or after the common era.
fn magnitude_label(size: u64, before: bool, style: LabelStyle) -> String {
    // u128: rounding 18446744073709551615 up must not overflow.
    let size = u128::from(size);
    let digits = size.to_string().len() as u32;
    let scale = 10u128.pow(digits.saturating_sub(3));
    let rounded = (size + scale / 2) / scale * scale;
    let (unit, short, word) = match rounded {
        1_000_000_000.. => (1_000_000_000, "Ga", "billion"),
        1_000_000.. => (1_000_000, "Ma", "million"),
        _ => (1_000, "ka", "thousand"),
    };
    let whole = rounded / unit;
    // Three significant digits leave at most two decimals to show.
    let hundredths = rounded % unit / (unit / 100);
    let mut number = whole.to_string();
    if hundredths > 0 {
        let decimals = format!("{hundredths:02}");
        number.push('.');
        number.push_str(decimals.trim_end_matches('0'));
    }
    match (style, before) {
        (LabelStyle::Short, true) => format!("{number} {short}"),
        (LabelStyle::Short, false) => format!("{number} {short} CE"),
        // "300 thousand years ago" reads oddly: thousands are written out.
        (LabelStyle::Words, _) if unit == 1_000 => {
            let years = group_thousands(rounded);
            if before {
                format!("{years} years ago")
            } else {
                format!("year {years}")
            }
        }
        (LabelStyle::Words, true) => format!("{number} {word} years ago"),
        (LabelStyle::Words, false) => format!("year {number} {word}"),
    }
}

/// `300000` as `300,000`: a count of thousands or millions read at a glance.
pub(crate) fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A calendar day and a millisecond of it, to compare dates of different
/// precision (a day-only date spans all of its day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayKey {
    year: i64,
    month: u8,
    day: u8,
    ms: u32,
}

/// Month names, short, as lists and the strip write them.
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Converts a written year (no year 0) to chrono's astronomical numbering.
fn astronomical(year: i64) -> i64 {
    if year < 0 { year + 1 } else { year }
}

/// Days in `month` of the written `year` (BCE negative, no year 0).
pub(crate) fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let y = astronomical(year);
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            if leap { 29 } else { 28 }
        }
    }
}

fn month_label(year: i64, month: u8) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{} {year}", NAMES[usize::from(month - 1)])
}

fn display_parts(year: i64, month: Option<u8>, day: Option<u8>) -> String {
    let sign = if year < 0 { "-" } else { "" };
    let y = year.unsigned_abs();
    match (month, day) {
        (Some(m), Some(d)) => format!("{sign}{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{sign}{y:04}-{m:02}"),
        (None, Some(d)) => format!("{sign}{y:04}-??-{d:02}"),
        // A year alone as people write it (`-43`, `43`, `2019`): it reads
        // back the same, and a BCE year is not turned into `-0043`.
        (None, None) => format!("{sign}{y}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_order_as_dates_do() {
        let mut dates = vec![
            PartialDate::year(i64::MIN).unwrap(),
            PartialDate::year(i64::MAX).unwrap(),
        ];
        for text in [
            "-44",
            "-44-03",
            "-44-03-15",
            "-1",
            "1",
            "1999",
            "1999-12",
            "1999-12-31",
            "1999-12-31T00:00",
            "2000-01-01T00:00+01:00",
            "1999-12-31T23:59:59.999",
            "2000",
            "2000-01",
            "2000-01-01",
            "2000-02-29",
            "2024-10",
            "2024-10-31",
        ] {
            dates.push(PartialDate::parse(text).unwrap());
        }
        for a in &dates {
            for b in &dates {
                assert_eq!(a.cmp(b), a.order_key().cmp(&b.order_key()), "{a} vs {b}");
            }
            assert_eq!(a.order_key() & u128::from(u32::MAX), 0, "{a}");
        }
    }

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(d("2017").precision(), Precision::Year);
        assert_eq!(d("2017-02").precision(), Precision::Month);
        assert_eq!(d("2019-05-31").precision(), Precision::Day);
        assert_eq!(d("2019-05-31").day(), Some(31));
    }

    #[test]
    fn displays_as_written() {
        for s in [
            "2015",
            "2017-02",
            "2019-05-31",
            "-300",
            "-13800000000",
            "622",
            "-43",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        // A year alone is written without padding; with a month, ISO's four digits.
        assert_eq!(d("-0043").to_string(), "-43");
        assert_eq!(d("43-05").to_string(), "0043-05");
    }

    #[test]
    fn year_only_sorts_before_its_months_and_days() {
        let mut v = [
            d("2015-03-01"),
            d("2015-01"),
            d("2015"),
            d("2014-12-31"),
            d("2016"),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["2014-12-31", "2015", "2015-01", "2015-03-01", "2016"]
        );
    }

    #[test]
    fn bce_sorts_before_ce() {
        assert!(d("-44-03-15") < d("-43"));
        assert!(d("-1") < d("1"));
        assert_eq!(d("-44-03-15").human(), "15 Mar 44 BCE");
    }

    #[test]
    fn rejects_impossible_dates() {
        let err = PartialDate::parse("2019-13").unwrap_err().0;
        assert_eq!(err, "\"2019-13\" is not a valid month");
        let err = PartialDate::parse("2019-02-30").unwrap_err().0;
        assert!(
            err.contains("not a valid day (February 2019 has 28 days)"),
            "{err}"
        );
        assert!(PartialDate::parse("2019-00").is_err());
        assert!(PartialDate::parse("2019-04-31").is_err());
        assert!(PartialDate::parse("0").is_err());
        for bad in [
            "",
            "-",
            "abc",
            "2019-",
            "2019-1-",
            "2019/02",
            "20x9",
            "2019-02-03-04",
            " 2019",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn leap_years_follow_the_calendar() {
        assert!(PartialDate::parse("2020-02-29").is_ok());
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        // 45 BCE is astronomical -44, a leap year in the proleptic calendar.
        assert!(PartialDate::parse("-45-02-29").is_ok());
    }

    #[test]
    fn extreme_years_do_not_overflow() {
        let min = PartialDate::new(i64::MIN, None, None).unwrap();
        assert!(min.human().ends_with(" BCE"));
        assert!(PartialDate::new(i64::MIN, Some(1), None).is_err());
        assert!(PartialDate::new(i64::MAX, Some(1), Some(1)).is_err());
    }

    #[test]
    fn huge_years_are_year_only() {
        assert_eq!(d("-13800000000").year_number(), -13_800_000_000);
        assert!(PartialDate::parse("-13800000000-01").is_err());
    }

    #[test]
    fn the_extreme_years_of_an_i64_do_not_overflow() {
        // Before the fix, year i64::MIN with a month panicked (debug) or
        // was let through with its month (release).
        let err = PartialDate::new(i64::MIN, Some(1), None).unwrap_err().0;
        assert!(err.contains("write the year alone"), "{err}");
        for year in [i64::MIN, i64::MAX] {
            let d = PartialDate::year(year).unwrap();
            assert_eq!(d.year_number(), year);
            assert!(d.human().contains(&year.unsigned_abs().to_string()));
            assert!(d.first_day() <= d.last_day());
        }
        assert_eq!(
            PartialDate::year(i64::MIN).unwrap().human(),
            "9223372036854775808 BCE"
        );
    }

    fn short(s: &str) -> String {
        d(s).label(LabelStyle::Short)
    }

    fn words(s: &str) -> String {
        d(s).label(LabelStyle::Words)
    }

    #[test]
    fn labels_write_bce_after_the_date_and_drop_zero_padding() {
        assert_eq!(short("-300"), "300 BCE");
        assert_eq!(short("-0300"), "300 BCE");
        assert_eq!(short("-44-03-15"), "44-03-15 BCE");
        assert_eq!(short("-1"), "1 BCE");
        assert_eq!(short("600"), "600");
        assert_eq!(short("0622-08-09"), "622-08-09");
        assert_eq!(short("2017-02"), "2017-02");
        assert_eq!(short("2019-05-31"), "2019-05-31");
        assert_eq!(short("-99999"), "99999 BCE");
        // Below the magnitude form, words are the same label.
        assert_eq!(words("-300"), "300 BCE");
        assert_eq!(year_label(-300, LabelStyle::Short), "300 BCE");
        assert_eq!(year_label(1066, LabelStyle::Short), "1066");
    }

    #[test]
    fn huge_years_are_labelled_by_magnitude() {
        assert_eq!(short("-13800000000"), "13.8 Ga");
        assert_eq!(short("-4600000000"), "4.6 Ga");
        assert_eq!(short("-540000000"), "540 Ma");
        assert_eq!(short("-650000000"), "650 Ma");
        assert_eq!(short("-300000"), "300 ka");
        assert_eq!(short("-100000"), "100 ka");
        assert_eq!(short("-123456789"), "123 Ma");
        assert_eq!(short("-1234567"), "1.23 Ma");
        assert_eq!(short("-1205000"), "1.21 Ma");
        assert_eq!(short("-1000001"), "1 Ma");
        // Rounding up carries into the next unit.
        assert_eq!(short("-999500"), "1 Ma");
        assert_eq!(short("-999499999"), "999 Ma");
        assert_eq!(short("250000"), "250 ka CE");
        assert_eq!(words("-13800000000"), "13.8 billion years ago");
        assert_eq!(words("-650000000"), "650 million years ago");
        assert_eq!(words("-300000"), "300,000 years ago");
        assert_eq!(words("-1234567"), "1.23 million years ago");
        assert_eq!(words("1200000"), "year 1.2 million");
        assert_eq!(year_label(-13_800_000_000, LabelStyle::Short), "13.8 Ga");
        for year in [i64::MIN, i64::MAX] {
            let label = PartialDate::year(year).unwrap().label(LabelStyle::Short);
            assert!(label.contains("9220000000 Ga"), "{label}");
        }
    }

    #[test]
    fn labels_leave_the_machine_form_exact() {
        for s in ["-13800000000", "-300", "600", "-0044-03-15", "2017-02"] {
            let date = d(s);
            assert_eq!(date.to_string(), s);
            assert_eq!(d(&date.to_string()), date);
        }
    }

    #[test]
    fn first_and_last_day_bound_the_span() {
        assert!(d("2019").first_day() <= d("2019-01-01").first_day());
        assert_eq!(d("2019").last_day(), d("2019-12-31").last_day());
        assert_eq!(d("2020-02").last_day(), d("2020-02-29").last_day());
        // A day spans all its moments; a time is one of them.
        assert!(d("2019-12-31").first_day() < d("2019-12-31T10:00").first_day());
        assert!(d("2019-12-31T10:00").last_day() < d("2019-12-31").last_day());
        // A time stands for its minute, or its second.
        assert_eq!(
            d("2019-12-31T10:00").last_day(),
            d("2019-12-31T10:00:59.999").last_day()
        );
        assert_eq!(
            d("2019-12-31T10:00:05").last_day(),
            d("2019-12-31T10:00:05.999").last_day()
        );
        assert_eq!(
            d("2019-12-31T10:00:05.5").first_day(),
            d("2019-12-31T10:00:05.5").last_day()
        );
    }

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse_sheet(s).unwrap()
    }

    #[test]
    fn parses_times_of_day() {
        let date = d("2019-02-25T10:30");
        assert_eq!(date.precision(), Precision::Time);
        assert_eq!(date.day(), Some(25));
        let time = date.time().unwrap();
        assert_eq!((time.hour(), time.minute(), time.second()), (10, 30, None));
        let full = d("2019-02-25T10:30:15.250+01:00").time().unwrap();
        assert_eq!(full.second(), Some(15));
        assert_eq!(full.millisecond(), Some(250));
        assert_eq!(full.offset_minutes(), Some(60));
        assert_eq!(
            d("2019-02-25T10:30Z").time().unwrap().offset_minutes(),
            Some(0)
        );
        assert_eq!(
            d("2019-02-25T10:30-05:30").time().unwrap().offset_minutes(),
            Some(-330)
        );
        // RFC 3339's space, and lower case.
        assert_eq!(d("2019-02-25 10:30"), d("2019-02-25T10:30"));
        assert_eq!(d("2019-02-25t10:30z"), d("2019-02-25T10:30Z"));
        // BCE days take times too.
        assert_eq!(d("-44-03-15T11:00").time().unwrap().hour(), 11);
        // Finer than milliseconds is cut.
        assert_eq!(
            d("2019-02-25T10:30:15.123456").to_string(),
            "2019-02-25T10:30:15.123"
        );
    }

    #[test]
    fn rejects_impossible_times() {
        for bad in [
            "2019-02-25T",
            "2019-02-25T10",
            "2019-02-25T1030",
            "2019-02-25T10:3",
            "2019-02-25T10:30:",
            "2019-02-25T10:30:15.",
            "2019-02-25T10:30+0100",
            "2019-02-25T10:30+01",
            "2019-02-25T10:30 ",
            "2019-02-25T10:30Zx",
            "2019-02-25  10:30",
            "2019-02-25T10:30.5",
        ] {
            let err = PartialDate::parse(bad).unwrap_err().0;
            assert!(err.contains("is not a date (expected"), "{bad:?}: {err}");
        }
        let err = PartialDate::parse("2019-02-25T24:00").unwrap_err().0;
        assert_eq!(err, "\"2019-02-25T24:00\": hour 24 is out of range");
        assert!(PartialDate::parse("2019-02-25T10:60").is_err());
        assert!(PartialDate::parse("2019-02-25T10:30:60").is_err());
        assert!(PartialDate::parse("2019-02-25T10:30+24:00").is_err());
        assert!(PartialDate::parse("2019-02-30T10:30").is_err());
        // A time needs a day.
        let err = PartialDate::parse("2019T10:30").unwrap_err().0;
        assert_eq!(err, "\"2019T10:30\": a time needs a day (YYYY-MM-DDTHH:MM)");
        let err = PartialDate::parse("2019-02T10:30").unwrap_err().0;
        assert_eq!(
            err,
            "\"2019-02T10:30\": a time needs a day (YYYY-MM-DDTHH:MM)"
        );
        let time = TimeOfDay::new(10, 30, None, None).unwrap();
        assert!(d("2019").with_time(time).is_err());
        assert!(d("2019-02-25").with_time(time).is_ok());
    }

    #[test]
    fn times_display_as_written() {
        for s in [
            "2019-02-25T10:30",
            "2019-02-25T00:00",
            "2019-02-25T10:30:15",
            "2019-02-25T10:30:15.5",
            "2019-02-25T10:30:15.25",
            "2019-02-25T10:30:15.250",
            "2019-02-25T10:30:15.007Z",
            "2019-02-25T23:59:59.999+14:00",
            "2019-02-25T10:30-00:30",
            "2019-02-25T10:30+00:00",
            "-0044-03-15T11:00",
        ] {
            assert_eq!(d(s).to_string(), s);
            assert_eq!(d(&d(s).to_string()), d(s));
        }
        assert_eq!(
            d("2019-02-25T10:30:15.250+01:00")
                .without_time()
                .to_string(),
            "2019-02-25"
        );
    }

    #[test]
    fn times_order_within_their_day_and_offsets_by_instant() {
        let mut v = [
            d("2019-02-26"),
            d("2019-02-25T12:30"),
            d("2019-02-25T09:00"),
            d("2019-02-25"),
            d("2019-02-25T09:00:00.001"),
            d("2019-02-25T09:00:00"),
            d("2019-02"),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "2019-02",
                "2019-02-25",
                "2019-02-25T09:00",
                "2019-02-25T09:00:00",
                "2019-02-25T09:00:00.001",
                "2019-02-25T12:30",
                "2019-02-26",
            ]
        );
        // 10:00 in Paris is 09:00 UTC: before 09:30 local (taken as UTC).
        assert!(d("2019-02-25T10:00+01:00") < d("2019-02-25T09:30"));
        assert!(d("2019-02-25T10:00+01:00") > d("2019-02-25T08:30Z"));
        // Crossing midnight, months, years, and from 1 CE to 1 BCE.
        assert!(d("2019-02-26T00:30+02:00") < d("2019-02-25T23:00Z"));
        assert!(d("2019-01-01T00:30+01:00") < d("2018-12-31T23:45"));
        assert!(d("2019-12-31T23:00-02:00") > d("2020-01-01T00:30"));
        assert!(d("2019-12-31T23:00-02:00") > d("2020-01-01"));
        assert!(d("0001-01-01T00:30+01:00") < d("-0001-12-31T23:45"));
        assert!(d("2020-02-28T23:00-02:00") > d("2020-02-29T00:30"));
        assert!(d("2020-03-01T00:30+01:00") < d("2020-02-29T23:45"));
        // The same instant, two ways: not equal, and ordered all the same.
        let (a, b) = (d("2019-02-25T10:00+01:00"), d("2019-02-25T09:00Z"));
        assert_eq!(a.order_key(), b.order_key());
        assert_ne!(a, b);
        assert_ne!(a.cmp(&b), std::cmp::Ordering::Equal);
    }

    #[test]
    fn order_keys_leave_32_bits_for_a_tie_breaker() {
        for s in [
            "2019-02-25T23:59:59.999",
            "-262000-12-31T23:59:59.999-23:59",
            "262000-12-31T23:59:59.999-23:59",
        ] {
            assert_eq!(d(s).order_key() & u128::from(u32::MAX), 0, "{s}");
        }
        let years = [
            i64::MIN,
            -(1 << 58) - 1,
            -(1 << 58),
            (1 << 58),
            (1 << 58) + 1,
            i64::MAX,
        ];
        for w in years.windows(2) {
            let (a, b) = (
                PartialDate::year(w[0]).unwrap(),
                PartialDate::year(w[1]).unwrap(),
            );
            assert!(a.order_key() < b.order_key(), "{a} < {b}");
        }
        // That instant is in 262001 CE, after the year alone, before the next.
        let late = d("262000-12-31T23:59:59.999-23:59").order_key();
        assert!(PartialDate::year(262_001).unwrap().order_key() < late);
        assert!(PartialDate::year(262_002).unwrap().order_key() > late);
    }

    #[test]
    fn ends_before_compares_instants_when_both_have_times() {
        assert!(d("2019-02-25T09:00").ends_before(&d("2019-02-25T10:00")));
        assert!(!d("2019-02-25T10:00").ends_before(&d("2019-02-25T10:00")));
        assert!(!d("2019-02-25").ends_before(&d("2019-02-25T10:00")));
        assert!(!d("2019").ends_before(&d("2019-05-03T10:00")));
        assert!(d("2019-02-24").ends_before(&d("2019-02-25T10:00")));
    }

    #[test]
    fn labels_put_the_time_after_the_day() {
        assert_eq!(short("2019-02-25T10:30"), "2019-02-25 10:30");
        assert_eq!(
            short("2019-02-25T10:30:15.250+01:00"),
            "2019-02-25 10:30:15.250+01:00"
        );
        assert_eq!(short("-44-03-15T11:00"), "44-03-15 BCE 11:00");
        assert_eq!(words("2019-02-25T10:30Z"), "2019-02-25 10:30Z");
        assert_eq!(d("2019-05-31T10:30").human(), "31 May 2019 10:30");
    }

    #[test]
    fn the_sheet_time_column_reads_as_timelinejs_reads_it() {
        assert_eq!(t("10:30").to_string(), "10:30");
        assert_eq!(t(" 10:30:15 ").to_string(), "10:30:15");
        assert_eq!(t("9:05").to_string(), "09:05");
        assert_eq!(t("10:30 PM").to_string(), "22:30");
        assert_eq!(t("10:30pm").to_string(), "22:30");
        assert_eq!(t("10:30 p.m.").to_string(), "22:30");
        assert_eq!(t("12:15 AM").to_string(), "00:15");
        assert_eq!(t("12:15 PM").to_string(), "12:15");
        assert_eq!(t("12 am").to_string(), "00:00");
        assert_eq!(t("7 PM").to_string(), "19:00");
        assert_eq!(t("1030").to_string(), "10:30");
        assert_eq!(t("930").to_string(), "09:30");
        assert_eq!(t("10.30").to_string(), "10:30");
        assert_eq!(t("10:30:15.5").millisecond(), Some(500));
        assert_eq!(t("10:30:15,25").millisecond(), Some(250));
        assert_eq!(t("10:30:15:5").millisecond(), Some(500));
        assert_eq!(t("1:02:03.004 pm").to_string(), "13:02:03.004");
        for bad in [
            "",
            "  ",
            "noon",
            "25:00",
            "13:00 PM",
            "10:75",
            "10:30:61",
            "1:2:3:4:5",
            "10:3x",
            "10:30:15.5.5",
            "10:30:15.x",
        ] {
            assert!(TimeOfDay::parse_sheet(bad).is_err(), "{bad:?} accepted");
        }
        let err = TimeOfDay::parse_sheet("25:00").unwrap_err().0;
        assert_eq!(err, "time \"25:00\": hour 25 is out of range");
    }

    #[test]
    fn sheet_text_reads_back() {
        for s in [
            "10:30",
            "00:05",
            "23:59:59",
            "10:30:15.5",
            "10:30:15.250",
            "10:30:15.007",
        ] {
            let time = t(s);
            assert_eq!(t(&time.sheet_text()), time, "{s}");
        }
        assert_eq!(t("10:30:15.5").sheet_text(), "10:30:15.5");
        assert_eq!(t("08:05").sheet_text(), "8:05");
        // The offset has no column: the wall-clock time goes.
        assert_eq!(
            d("2019-02-25T10:30+01:00").time().unwrap().sheet_text(),
            "10:30"
        );
        let on_day = d("2019-02-25").with_time(t("3:45 pm")).unwrap();
        assert_eq!(on_day.to_string(), "2019-02-25T15:45");
    }

    #[test]
    fn a_date_with_its_option_stays_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<PartialDate>(), 16);
        assert_eq!(std::mem::size_of::<Option<PartialDate>>(), 16);
    }
}
