//! The timeline strip: a bar per year (or month when zoomed) showing all
//! events and, highlighted, the matching ones; the cursor's bar marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use ratatui::widgets::{Block, Borders, Widget};

use super::{Theme, layout};
use crate::app::{Model, Zoom};
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

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// Draws the strip.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    // The top border is the pointer's rail: `▼` above the cursor's bar.
    let inner = layout::strip_inner(area);
    if inner != area {
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border(false))
            .render(area, buf);
    }
    if inner.is_empty() {
        return;
    }
    let bars = buckets(model, inner.width);
    let label_row = inner.height >= 2;
    let bar_rows = inner.height - u16::from(label_row);
    let max = bars.iter().map(|b| b.all).max().unwrap_or(0).max(1);
    let levels = u64::from(bar_rows) * 8;
    let height = |n: u32| -> u64 {
        if n == 0 {
            0
        } else {
            (u64::from(n) * levels).div_ceil(u64::from(max)).max(1)
        }
    };
    let cursor_bucket = cursor_bucket(model, &bars);
    for (i, bar) in bars.iter().enumerate() {
        let is_cursor = cursor_bucket == Some(i);
        let hit_style = if is_cursor {
            theme.bar_cursor()
        } else {
            theme.bar_hits()
        };
        let (h_all, h_hit) = (height(bar.all), height(bar.hits));
        for r in 0..bar_rows {
            let base = u64::from(r) * 8;
            let cell_all = h_all.saturating_sub(base).min(8) as usize;
            let cell_hit = h_hit.saturating_sub(base).min(8) as usize;
            let (symbol, style) = if cell_hit > 0 {
                let mut style = hit_style;
                if cell_all == 8 && cell_hit < 8 && theme.has_color() {
                    style = style.bg(theme.bar_all().fg.unwrap_or_default());
                }
                (EIGHTHS[cell_hit], style)
            } else if cell_all > 0 {
                if theme.has_color() {
                    (EIGHTHS[cell_all], theme.bar_all())
                } else {
                    ("░", Style::new())
                }
            } else {
                continue;
            };
            let y = inner.y + bar_rows - 1 - r;
            for dx in 0..bar.width {
                if let Some(cell) = buf.cell_mut((inner.x + bar.x + dx, y)) {
                    cell.set_symbol(symbol).set_style(style);
                }
            }
        }
    }
    if label_row {
        draw_labels(buf, inner, &bars, cursor_bucket, theme);
    }
    // The cursor's bar is pointed at from the border above it.
    if let Some(i) = cursor_bucket
        && inner != area
    {
        let bar = &bars[i];
        let x = inner.x + bar.x + bar.width.saturating_sub(1) / 2;
        if let Some(cell) = buf.cell_mut((x, area.y)) {
            cell.set_symbol("▼").set_style(theme.bar_cursor());
        }
    }
}

/// The bar of the current event; a year-only date in the month view
/// points at its year's January, where the year's label is.
fn cursor_bucket(model: &Model, bars: &[Bucket]) -> Option<usize> {
    let date = model.timeline.events[model.current()?].date;
    bars.iter().position(|b| match b.span {
        Span::Month(y, m) if date.month().is_none() => y == date.year_number() && m == 1,
        _ => b.contains(&date),
    })
}

/// Places labels left to right without overlap, majors first.
fn draw_labels(
    buf: &mut Buffer,
    inner: Rect,
    bars: &[Bucket],
    cursor: Option<usize>,
    theme: &Theme,
) {
    let y = inner.bottom() - 1;
    let width = inner.width;
    let mut taken = vec![false; usize::from(width)];
    // The cursor's label first, then years, then months.
    for pass in 0..3 {
        for (i, bar) in bars.iter().enumerate() {
            let rank = if cursor == Some(i) {
                0
            } else if bar.major {
                1
            } else {
                2
            };
            if rank != pass {
                continue;
            }
            let w = bar.label.width() as u16;
            let (x0, x1) = (bar.x, bar.x + w);
            if x1 > width {
                continue;
            }
            // One free column on each side keeps labels apart.
            let lo = usize::from(x0.saturating_sub(1));
            let hi = usize::from((x1 + 1).min(width));
            if taken[lo..hi].iter().any(|&t| t) {
                continue;
            }
            taken[usize::from(x0)..usize::from(x1)].fill(true);
            let style = if cursor == Some(i) {
                theme
                    .bar_cursor()
                    .add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                theme.dim()
            };
            buf.set_string(inner.x + x0, y, &bar.label, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Move, dispatch};
    use crate::search::{Filter, Sort};
    use crate::timeline::{Input, load_inputs, parse};

    #[test]
    fn year_bars_count_every_event_once() {
        let tl = load_inputs(&[Input::Embedded]).unwrap().0;
        let m = Model::new(&tl, "", Filter::default(), Sort::Date, true);
        for width in [1, 5, 12, 40, 118, 300] {
            let bars = buckets(&m, width);
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
        let mut m = Model::new(&tl, "", Filter::default(), Sort::Date, true);
        dispatch(&mut m, Action::ZoomIn);
        for row in [Move::Top, Move::Bottom] {
            dispatch(&mut m, Action::Move(row));
            let bars = buckets(&m, 80);
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
        let m = Model::new(&tl, "", Filter::default(), Sort::Date, true);
        let bars = buckets(&m, 80);
        assert!(bars.len() <= 41, "{}", bars.len());
        assert_eq!(bars.iter().map(|b| b.all).sum::<u32>(), 2);
    }

    #[test]
    fn months_around_the_cursor_and_year_only_dates_point_at_january() {
        let tl = load_inputs(&[Input::Embedded]).unwrap().0;
        let mut m = Model::new(&tl, "", Filter::default(), Sort::Date, true);
        dispatch(&mut m, Action::ZoomIn);
        let row = m
            .first_hit_in(|d| d.year_number() == 2019 && d.month().is_none())
            .unwrap();
        dispatch(&mut m, Action::Move(Move::Top));
        for _ in 0..row {
            dispatch(&mut m, Action::Move(Move::Down));
        }
        let bars = buckets(&m, 60);
        assert!(bars.iter().all(|b| matches!(b.span, Span::Month(..))));
        let i = cursor_bucket(&m, &bars).unwrap();
        assert_eq!(bars[i].span, Span::Month(2019, 1));
        assert_eq!(bars[i].label, "2019");
    }
}
