//! Partial calendar dates: a year, a year and month, or a full day.

use std::fmt;

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

/// A date known to year, month or day precision.
///
/// Years are as written: a leading `-` marks BCE, so `-43` is 43 BCE and
/// there is no year 0. The derived order puts a year-only date before every
/// month of that year, and a month-only date before its days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i64,
    month: Option<u8>,
    day: Option<u8>,
}

/// How precisely a [`PartialDate`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
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

impl PartialDate {
    /// A year-only date.
    pub fn year(year: i64) -> Result<Self, DateError> {
        Self::new(year, None, None)
    }

    /// Builds a date from parts, checking it names a real calendar day.
    pub fn new(year: i64, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        // Formatted only for a message: this runs once per loaded date.
        let shown = || display_parts(year, month, day);
        if year == 0 {
            return Err(DateError(format!(
                "\"{}\": there is no year 0 (1 BCE is written -1)",
                shown()
            )));
        }
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
        Ok(PartialDate { year, month, day })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with an optional leading `-`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let expected = || {
            DateError(format!(
                "\"{text}\" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        };
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
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
        self.year
    }

    /// The month, 1–12, when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// A number that orders as dates do (a year before its months, a month
    /// before its days), in the top 80 bits of a `u128`: the low 48 bits are
    /// left free for a tie-breaker. Comparing these beats the derived order's
    /// branches on `Option` when sorting a million events.
    pub fn order_key(&self) -> u128 {
        // Flipping the sign bit orders i64 as u64; `None` sorts first.
        let year = (self.year as u64 ^ (1 << 63)) as u128;
        let part = |p: Option<u8>| p.map_or(0, |v| u128::from(v) + 1);
        (year << 64) | (part(self.month) << 56) | (part(self.day) << 48)
    }

    /// How precisely this date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The first day this date may stand for, as a sortable key.
    pub fn first_day(&self) -> DayKey {
        DayKey {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day this date may stand for, as a sortable key.
    pub fn last_day(&self) -> DayKey {
        let month = self.month.unwrap_or(12);
        DayKey {
            year: self.year,
            month,
            day: self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        }
    }

    /// The label a person reads, in lists, the strip, text output and the
    /// detail pane. The machine form stays [`Display`](fmt::Display).
    ///
    /// - CE years as written, without zero padding: `2017-02`, `622-08-09`, `600`.
    /// - BCE years with the era after the date: `300 BCE`, `44-03-15 BCE`.
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
        let size = self.year.unsigned_abs();
        if size >= MAGNITUDE_FROM {
            out.push_str(&magnitude_label(size, self.year < 0, style));
            return;
        }
        // Writing into a String cannot fail.
        let _ = write!(out, "{size}");
        if let Some(m) = self.month {
            let _ = write!(out, "-{m:02}");
        }
        if let Some(d) = self.day {
            let _ = write!(out, "-{d:02}");
        }
        if self.year < 0 {
            out.push_str(" BCE");
        }
    }

    /// English label such as `Feb 2017`, `31 May 2019` or `43 BCE`.
    pub fn human(&self) -> String {
        let year = if self.year < 0 {
            format!("{} BCE", self.year.unsigned_abs())
        } else {
            self.year.to_string()
        };
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {year}", MONTHS[usize::from(m - 1)]),
            (Some(m), None) => format!("{} {year}", MONTHS[usize::from(m - 1)]),
            _ => year,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&display_parts(self.year, self.month, self.day))
    }
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

/// `300000` as `300,000`.
fn group_thousands(n: u128) -> String {
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

/// A single calendar day used to compare dates of different precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayKey {
    year: i64,
    month: u8,
    day: u8,
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
        (None, None) => format!("{sign}{y:04}"),
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
            assert_eq!(a.order_key() & ((1 << 48) - 1), 0, "{a}");
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
        for s in ["2015", "2017-02", "2019-05-31", "-0300", "-13800000000"] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("622").to_string(), "0622");
        assert_eq!(d("-43").to_string(), "-0043");
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
        for s in ["-13800000000", "-0300", "0600", "-0044-03-15", "2017-02"] {
            let date = d(s);
            assert_eq!(date.to_string(), s);
            assert_eq!(d(&date.to_string()), date);
        }
    }

    #[test]
    fn first_and_last_day_bound_the_span() {
        assert!(d("2019").first_day() <= d("2019-01-01").first_day());
        assert_eq!(d("2019").last_day(), d("2019-12-31").first_day());
        assert_eq!(d("2020-02").last_day(), d("2020-02-29").first_day());
    }
}
