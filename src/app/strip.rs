//! What the timeline strip shows, as data: a bucket per year (or per month
//! when zoomed, or per several years on long timelines) with its counts.
//! The model hit-tests clicks with it and the view draws it.

use super::{Model, Zoom};
use crate::timeline::PartialDate;

/// The dates a bucket covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// Years `first..=last`.
    Years(i64, i64),
    /// One month of one year.
    Month(i64, u8),
}

/// One bar of the strip, placed in columns relative to the strip's inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// First column of the bar.
    pub x: u16,
    /// Columns of the bar.
    pub width: u16,
    /// Dates covered.
    pub span: Span,
    /// Events starting in it.
    pub all: u32,
    /// Matching events starting in it.
    pub hits: u32,
    /// Its label (`2019`, `Mar`).
    pub label: String,
    /// Label that wins over the others when space is short (a year).
    pub major: bool,
}

impl Bucket {
    /// Whether a date falls in this bucket.
    pub fn contains(&self, date: &PartialDate) -> bool {
        let y = date.year_number();
        match self.span {
            Span::Years(a, b) => (a..=b).contains(&y),
            Span::Month(year, m) => y == year && date.month() == Some(m),
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Widest bar, in columns (a gap follows each bar).
const MAX_CELL: u16 = 12;

/// The bars for a strip `width` columns wide, in the model's zoom.
pub fn buckets(model: &Model, width: u16) -> Vec<Bucket> {
    if width == 0 {
        return Vec::new();
    }
    let mut bars = match model.zoom {
        Zoom::Months if !model.all_histogram.months.is_empty() => month_buckets(model, width),
        _ => year_buckets(model, width),
    };
    bars.retain(|b| u32::from(b.x) + u32::from(b.width) <= u32::from(width));
    bars
}

fn year_buckets(model: &Model, width: u16) -> Vec<Bucket> {
    let years = &model.all_histogram.years;
    let (Some((&first, _)), Some((&last, _))) = (years.first_key_value(), years.last_key_value())
    else {
        return Vec::new();
    };
    let span = i128::from(last) - i128::from(first) + 1;
    let fit = i128::from((width / 2).max(1));
    // Years per bar: 1, 2, 5, 10, 20, 50… whatever fits.
    let mut base: i128 = 1;
    let step = loop {
        if let Some(s) = [1, 2, 5]
            .map(|m| base * m)
            .into_iter()
            .find(|s| (span + s - 1) / s <= fit)
        {
            break s;
        }
        if base > i128::from(i64::MAX) {
            break base;
        }
        base *= 10;
    };
    let lo = i128::from(first).div_euclid(step);
    let hi = i128::from(last).div_euclid(step);
    let n = (hi - lo + 1) as usize;
    let cell = (width / n.max(1) as u16).clamp(1, MAX_CELL);
    let margin = width.saturating_sub(cell * n as u16) / 2;
    (0..n)
        .map(|i| {
            let a = ((lo + i as i128) * step).clamp(i128::from(i64::MIN), i128::from(i64::MAX));
            let b = (a + step - 1).min(i128::from(i64::MAX));
            let (a, b) = (a as i64, b as i64);
            let sum = |h: &std::collections::BTreeMap<i64, u32>| {
                h.range(a..=b).map(|(_, c)| *c).sum::<u32>()
            };
            Bucket {
                x: margin + i as u16 * cell,
                width: bar_width(cell),
                span: Span::Years(a, b),
                all: sum(&model.all_histogram.years),
                hits: sum(&model.hit_histogram.years),
                label: a.to_string(),
                major: true,
            }
        })
        .collect()
}

fn month_buckets(model: &Model, width: u16) -> Vec<Bucket> {
    let months = &model.all_histogram.months;
    // In i128: the current event may be year-only at a year near i64's ends.
    let key = |(y, m): (i64, u8)| i128::from(y) * 12 + i128::from(m) - 1;
    let (Some((&first, _)), Some((&last, _))) = (months.first_key_value(), months.last_key_value())
    else {
        return Vec::new();
    };
    let (first, last) = (key(first), key(last));
    let cell: u16 = if width >= 36 { 3 } else { 2 }.min(width);
    let fit = i128::from(width / cell.max(1)).max(1);
    let center = model
        .current()
        .map(|i| {
            let d = model.timeline.events[i].date;
            key((d.year_number(), d.month().unwrap_or(1)))
        })
        .unwrap_or(last);
    let start = (center - fit / 2).min(last - fit + 1).max(first);
    let end = (start + fit - 1).min(last.max(start));
    let n = (end - start + 1) as u16;
    let margin = width.saturating_sub(cell * n) / 2;
    (start..=end)
        .enumerate()
        .map(|(i, k)| {
            // Between the first and last months with events: an i64 year.
            let (y, m) = (k.div_euclid(12) as i64, (k.rem_euclid(12) + 1) as u8);
            let get = |h: &std::collections::BTreeMap<(i64, u8), u32>| {
                h.get(&(y, m)).copied().unwrap_or(0)
            };
            let major = m == 1 || i == 0;
            Bucket {
                x: margin + i as u16 * cell,
                width: bar_width(cell),
                span: Span::Month(y, m),
                all: get(&model.all_histogram.months),
                hits: get(&model.hit_histogram.months),
                label: if major {
                    y.to_string()
                } else {
                    MONTHS[usize::from(m - 1)].to_owned()
                },
                major,
            }
        })
        .collect()
}

fn bar_width(cell: u16) -> u16 {
    if cell >= 2 { cell - 1 } else { cell }
}

/// The bar of the current event; a year-only date in the month view
/// points at its year's January, where the year's label is.
pub fn cursor_bucket(model: &Model, bars: &[Bucket]) -> Option<usize> {
    let date = model.timeline.events[model.current()?].date;
    bars.iter().position(|b| match b.span {
        Span::Month(y, m) if date.month().is_none() => y == date.year_number() && m == 1,
        _ => b.contains(&date),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Move, Options, Runtime};
    use crate::timeline::{Input, load_inputs, parse};

    #[test]
    fn year_bars_count_every_event_once() {
        let tl = load_inputs(&[Input::Embedded]).unwrap().0;
        let m = Runtime::headless(&tl, Options::default(), 120, 35);
        for width in [1, 5, 12, 40, 118, 300] {
            let bars = buckets(m.model(), width);
            assert!(!bars.is_empty(), "{width}");
            let last = bars.last().unwrap();
            assert!(last.x + last.width <= width);
            if width >= 24 {
                let total: u32 = bars.iter().map(|b| b.all).sum();
                assert_eq!(total as usize, tl.events.len(), "{width}");
            }
        }
    }

    #[test]
    fn months_around_a_year_at_the_ends_of_i64() {
        // Before the fix, zooming to months on such an event overflowed.
        let json = r#"{"events": [
          {"id": "a", "date": "2019-05", "title": "with a month"},
          {"id": "b", "date": "999999999999999999", "title": "far"},
          {"unique_id": "c", "start_date": {"year": "-9223372036854775808"}}]}"#;
        let tl = parse("t.json", json.as_bytes()).unwrap();
        let mut m = Runtime::headless(&tl, Options::default(), 120, 35);
        m.send(Action::ZoomIn);
        for row in [Move::Top, Move::Bottom] {
            m.send(Action::Move(row));
            let bars = buckets(m.model(), 80);
            assert!(!bars.is_empty());
            assert!(bars.iter().all(|b| matches!(b.span, Span::Month(2019, _))));
        }
    }

    #[test]
    fn long_timelines_group_years() {
        let json = r#"{"events": [
          {"id": "a", "date": "-13800000000", "title": "big bang"},
          {"id": "b", "date": "2024", "title": "now"}]}"#;
        let tl = parse("t.json", json.as_bytes()).unwrap();
        let m = Runtime::headless(&tl, Options::default(), 120, 35);
        let bars = buckets(m.model(), 80);
        assert!(bars.len() <= 41, "{}", bars.len());
        assert_eq!(bars.iter().map(|b| b.all).sum::<u32>(), 2);
    }

    #[test]
    fn months_around_the_cursor_and_year_only_dates_point_at_january() {
        let json = r#"{"events": [
          {"id": "a", "date": "2018-09", "title": "a"},
          {"id": "b", "date": "2019", "title": "year only"},
          {"id": "c", "date": "2019-02-25", "title": "c"},
          {"id": "d", "date": "2020-01-29", "title": "d"}]}"#;
        let tl = parse("t.json", json.as_bytes()).unwrap();
        let mut m = Runtime::headless(&tl, Options::default(), 120, 35);
        m.send(Action::ZoomIn);
        let row = m
            .model()
            .first_hit_in(|d| d.year_number() == 2019 && d.month().is_none())
            .unwrap();
        m.send(Action::Move(Move::Top));
        for _ in 0..row {
            m.send(Action::Move(Move::Down));
        }
        let bars = buckets(m.model(), 60);
        assert!(bars.iter().all(|b| matches!(b.span, Span::Month(..))));
        let i = cursor_bucket(m.model(), &bars).unwrap();
        assert_eq!(bars[i].span, Span::Month(2019, 1));
        assert_eq!(bars[i].label, "2019");
    }
}
