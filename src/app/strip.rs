//! What the timeline strip shows, as data: an axis cut into cells of one
//! unit (some minutes or hours, a day, month, quarter or a round number of
//! years), a window of those cells, ticks with their labels, and per lane
//! and cell how many events (matching or not, precise or vague) cover it.
//! The model keeps the window and hit-tests clicks with it; the view draws
//! it.

use crate::timeline::{
    self, Event, Facet, LabelStyle, MONTHS, PartialDate, Sym, TimeOfDay, Timeline, days_in_month,
};

/// The length of one strip cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// A number of minutes dividing a day (1, 5, 15, 60 or 360): only
    /// when the data has times of day, which count as written (wall-clock,
    /// an offset aside).
    Minutes(i128),
    /// One day.
    Day,
    /// One month.
    Month,
    /// Three months.
    Quarter,
    /// A round number of years (1, 2, 5, 10, 20, 50…).
    Years(i128),
}

/// How much of the axis the strip shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zoom {
    /// The finest unit that shows every event at once.
    #[default]
    Fit,
    /// A unit chosen with `+` and `-`.
    Level(Unit),
}

/// How the strip splits events into rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lanes {
    /// One lane: a histogram of all events.
    #[default]
    One,
    /// A lane per value of a facet (the most frequent ones), the rest as `others`.
    By(Facet),
}

impl Lanes {
    /// The next lane mode: one, company, country, topic, one.
    pub fn next(self) -> Lanes {
        match self {
            Lanes::One => Lanes::By(Facet::Company),
            Lanes::By(Facet::Company) => Lanes::By(Facet::Country),
            Lanes::By(Facet::Country) => Lanes::By(Facet::Topic),
            Lanes::By(Facet::Topic) => Lanes::One,
        }
    }
}

/// A range being chosen on the strip, in cells of `unit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The unit the cells are counted in.
    pub unit: Unit,
    /// Where the selection started.
    pub anchor: i128,
    /// The end that moves.
    pub head: i128,
}

impl Selection {
    /// First and last cell, in order.
    pub fn bounds(&self) -> (i128, i128) {
        (self.anchor.min(self.head), self.anchor.max(self.head))
    }

    /// The dates the selection covers, as `--since` and `--until` would
    /// say them; `None` beyond what a date can hold.
    pub fn dates(&self) -> Option<(PartialDate, PartialDate)> {
        let (a, b) = self.bounds();
        Some((
            cell_date(self.unit, a, false)?,
            cell_date(self.unit, b, true)?,
        ))
    }
}

/// The steps of [`Unit::Minutes`], finest first.
const MINUTE_STEPS: [i128; 5] = [1, 5, 15, 60, 360];

/// Minutes in a day.
const DAY_MINUTES: i128 = 1440;

/// Units from finest to coarsest; years go on in a 1-2-5 series.
fn ladder_step(unit: Unit, coarser: bool) -> Option<Unit> {
    let step = |s: i128| MINUTE_STEPS.iter().position(|&m| m == s);
    Some(match (unit, coarser) {
        (Unit::Minutes(s), true) => match MINUTE_STEPS.get(step(s)? + 1) {
            Some(&m) => Unit::Minutes(m),
            None => Unit::Day,
        },
        (Unit::Minutes(s), false) => Unit::Minutes(MINUTE_STEPS[step(s)?.checked_sub(1)?]),
        (Unit::Day, true) => Unit::Month,
        (Unit::Month, true) => Unit::Quarter,
        (Unit::Quarter, true) => Unit::Years(1),
        (Unit::Years(s), true) => Unit::Years(next_125(s).filter(|&s| s <= MAX_STEP)?),
        (Unit::Day, false) => Unit::Minutes(MINUTE_STEPS[MINUTE_STEPS.len() - 1]),
        (Unit::Month, false) => Unit::Day,
        (Unit::Quarter, false) => Unit::Month,
        (Unit::Years(1), false) => Unit::Quarter,
        (Unit::Years(s), false) => Unit::Years(prev_125(s)),
    })
}

/// Coarsest step: covers every i64 year in a few cells.
const MAX_STEP: i128 = 10_000_000_000_000_000_000;

fn next_125(s: i128) -> Option<i128> {
    let mut base = 1;
    while base * 10 <= s {
        base *= 10;
    }
    Some(match s / base {
        1 => base * 2,
        2 => base * 5,
        _ => base * 10,
    })
}

fn prev_125(s: i128) -> i128 {
    let mut base = 1;
    while base * 10 <= s {
        base *= 10;
    }
    match s / base {
        5 => base * 2,
        2 => base,
        _ => (base / 2).max(1),
    }
}

impl Unit {
    /// Columns one cell takes.
    pub fn cell_width(self) -> u16 {
        match self {
            Unit::Minutes(_) | Unit::Day => 1,
            _ => 2,
        }
    }

    /// A word for the unit, for the strip's title.
    pub fn name(self) -> String {
        match self {
            Unit::Minutes(1) => "minutes".into(),
            Unit::Minutes(60) => "hours".into(),
            Unit::Minutes(s) if s % 60 == 0 => format!("{} hours", s / 60),
            Unit::Minutes(s) => format!("{s} minutes"),
            Unit::Day => "days".into(),
            Unit::Month => "months".into(),
            Unit::Quarter => "quarters".into(),
            Unit::Years(1) => "years".into(),
            Unit::Years(s) => format!("{} years", short_number(s)),
        }
    }

    /// One step finer, if there is one.
    pub fn finer(self) -> Option<Unit> {
        ladder_step(self, false)
    }

    /// One step coarser, if there is one.
    pub fn coarser(self) -> Option<Unit> {
        ladder_step(self, true)
    }

    /// The cell holding the first (or, with `end`, the last) day of `date`.
    pub fn cell_of(self, date: &PartialDate, end: bool) -> i128 {
        let y = i128::from(date.year_number());
        let month = date.month().unwrap_or(if end { 12 } else { 1 });
        match self {
            // i64 division where it fits: i128's is many times slower,
            // and this runs for every event when the hits change.
            Unit::Years(s) => match i64::try_from(s) {
                Ok(s) => i128::from(year_cell_i64(date.year_number(), s)),
                Err(_) => year_cell(y, s),
            },
            Unit::Quarter => astro(y) * 4 + i128::from((month - 1) / 3),
            Unit::Month => astro(y) * 12 + i128::from(month - 1),
            Unit::Minutes(s) => {
                // A date without a time covers its whole day.
                let minute = match date.time() {
                    Some(t) => i128::from(t.hour()) * 60 + i128::from(t.minute()),
                    None if end => DAY_MINUTES - 1,
                    None => 0,
                };
                let day = Unit::Day.cell_of(date, end);
                (day * DAY_MINUTES + minute).div_euclid(s.max(1))
            }
            Unit::Day => {
                let day = date.day().unwrap_or(if end {
                    days_in_month(date.year_number(), month)
                } else {
                    1
                });
                match i64::try_from(astro(y)) {
                    Ok(a) if a.abs() < 1_000_000_000_000 => {
                        i128::from(days_from_civil_i64(a, month, day))
                    }
                    _ => days_from_civil(astro(y), month, day),
                }
            }
        }
    }

    /// Cells between ticks for cells `cw` columns wide: every tick is a
    /// multiple of it, so ticks stay put whatever the window, and far
    /// enough apart for their labels.
    pub fn tick_period(self, cw: u16) -> i128 {
        let cw = i128::from(cw.max(1));
        // A year label (`2019`, `300 BCE`) and a gap; a month name and a gap.
        let (year, month) = (8, 4);
        let round = |min_cells: i128, unit: i128| {
            // The smallest 1-2-5 number of years, a multiple of the unit.
            let mut t = unit;
            while t / unit < min_cells {
                t = next_125(t).unwrap_or(t * 10);
            }
            t / unit
        };
        match self {
            Unit::Minutes(s) => {
                // The shortest span between ticks, dividing a day, with
                // room for a `10:30` label and a gap.
                let spans = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, DAY_MINUTES];
                let span = spans
                    .into_iter()
                    .find(|&t| t % s == 0 && t / s * cw >= 7)
                    .unwrap_or(DAY_MINUTES);
                (span / s).max(1)
            }
            Unit::Day => 7,
            Unit::Month if cw >= month => 1,
            Unit::Month if 3 * cw >= month && 12 * cw >= year => 3,
            Unit::Month => 12 * round(ceil_div(year, 12 * cw), 1),
            Unit::Quarter => 4 * round(ceil_div(year, 4 * cw), 1),
            Unit::Years(s) => round(ceil_div(year, cw), s),
        }
    }

    /// The label of a tick at `cell` (ticks `period` cells apart), if one
    /// goes there, and whether it is a major one (a year) that wins over
    /// minor ones.
    pub fn tick(self, cell: i128, period: i128) -> Option<(String, bool)> {
        match self {
            Unit::Minutes(s) => (cell.rem_euclid(period) == 0).then(|| {
                let minutes = cell * s;
                let minute = minutes.rem_euclid(DAY_MINUTES);
                if minute == 0 {
                    // Midnight: the day it starts, `25 Feb`.
                    let (_, m, d) = civil_from_days(minutes.div_euclid(DAY_MINUTES));
                    (format!("{d} {}", MONTHS[usize::from(m - 1)]), true)
                } else {
                    (format!("{:02}:{:02}", minute / 60, minute % 60), false)
                }
            }),
            Unit::Day => {
                let (a, m, d) = civil_from_days(cell);
                (d == 1).then(|| {
                    if m == 1 {
                        (year_label(written(a)), true)
                    } else {
                        (MONTHS[usize::from(m - 1)].to_owned(), false)
                    }
                })
            }
            Unit::Month => (cell.rem_euclid(period) == 0).then(|| {
                let m = cell.rem_euclid(12);
                if m == 0 {
                    (year_label(written(cell.div_euclid(12))), true)
                } else {
                    (MONTHS[m as usize].to_owned(), false)
                }
            }),
            Unit::Quarter => (cell.rem_euclid(period) == 0)
                .then(|| (year_label(written(cell.div_euclid(4))), true)),
            Unit::Years(s) => {
                (cell.rem_euclid(period) == 0).then(|| (year_label(year_cell_start(cell, s)), true))
            }
        }
    }
}

/// `a / b` rounded up, for positive numbers.
fn ceil_div(a: i128, b: i128) -> i128 {
    (a + b - 1) / b
}

/// Written year (no year 0) to a continuous one (1 BCE is 0).
fn astro(y: i128) -> i128 {
    if y < 0 { y + 1 } else { y }
}

/// Continuous year back to a written one.
fn written(a: i128) -> i128 {
    if a <= 0 { a - 1 } else { a }
}

/// Years cells count BCE years down from their ends, so a century BCE
/// (300–201 BCE) is one cell labelled `300 BCE`, as historians write it.
fn year_cell(y: i128, s: i128) -> i128 {
    if y < 0 { -((-y - 1) / s) - 1 } else { y / s }
}

/// [`year_cell`] in i64, for steps that fit.
fn year_cell_i64(y: i64, s: i64) -> i64 {
    if y < 0 { -((-(y + 1)) / s) - 1 } else { y / s }
}

/// The written year a years cell starts with (its label).
fn year_cell_start(cell: i128, s: i128) -> i128 {
    if cell < 0 {
        cell * s
    } else {
        (cell * s).max(1)
    }
}

/// The written year a years cell ends with.
fn year_cell_end(cell: i128, s: i128) -> i128 {
    if cell < 0 {
        (cell + 1) * s - 1
    } else {
        cell * s + s - 1
    }
}

/// The date a cell starts (or, with `end`, ends) on, at the unit's precision.
fn cell_date(unit: Unit, cell: i128, end: bool) -> Option<PartialDate> {
    let year = |y: i128| i64::try_from(y).ok();
    let month = |m: i128| u8::try_from(m).ok();
    match unit {
        Unit::Years(s) => {
            let y = if end {
                year_cell_end(cell, s)
            } else {
                year_cell_start(cell, s)
            };
            PartialDate::year(year(y.clamp(i128::from(i64::MIN), i128::from(i64::MAX)))?).ok()
        }
        Unit::Quarter => {
            let m = cell.rem_euclid(4) * 3 + if end { 3 } else { 1 };
            PartialDate::new(year(written(cell.div_euclid(4)))?, month(m), None).ok()
        }
        Unit::Month => PartialDate::new(
            year(written(cell.div_euclid(12)))?,
            month(cell.rem_euclid(12) + 1),
            None,
        )
        .ok(),
        Unit::Day => {
            let (a, m, d) = civil_from_days(cell);
            PartialDate::new(year(written(a))?, Some(m), Some(d)).ok()
        }
        Unit::Minutes(s) => {
            // The cell's first minute, or its last (which stands for the
            // whole minute).
            let minutes = cell * s + if end { s - 1 } else { 0 };
            let day = cell_date(Unit::Day, minutes.div_euclid(DAY_MINUTES), end)?;
            let minute = minutes.rem_euclid(DAY_MINUTES);
            let (h, m) = ((minute / 60) as u8, (minute % 60) as u8);
            day.with_time(TimeOfDay::new(h, m, None, None).ok()?).ok()
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm), as `$name` over `$int`: one body for the i128 path (years
/// near i64's ends) and the i64 one, many times faster, for the rest.
macro_rules! days_from_civil {
    ($name:ident, $int:ty) => {
        fn $name(a: $int, m: u8, d: u8) -> $int {
            let (m, d) = (<$int>::from(m), <$int>::from(d));
            let y = if m <= 2 { a - 1 } else { a };
            let era = y.div_euclid(400);
            let yoe = y - era * 400;
            let mp = (m + 9) % 12;
            let doy = (153 * mp + 2) / 5 + d - 1;
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            era * 146_097 + doe - 719_468
        }
    };
}
days_from_civil!(days_from_civil, i128);
days_from_civil!(days_from_civil_i64, i64);

/// The continuous year, month and day of a day number.
fn civil_from_days(z: i128) -> (i128, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i128::from(m <= 2);
    (y, m, d)
}

/// An axis year as the list writes it (`300 BCE`, `843`, `13.8 Ga`): the
/// timeline's one short label, so the strip and the rows agree.
fn year_label(y: i128) -> String {
    let y = i64::try_from(y).unwrap_or(if y < 0 { i64::MIN } else { i64::MAX });
    timeline::year_label(y, LabelStyle::Short)
}

/// `1000000` as `1M`, for unit names.
fn short_number(n: i128) -> String {
    for (scale, suffix) in [
        (1_000_000_000_000_000, "P"),
        (1_000_000_000_000, "T"),
        (1_000_000_000, "G"),
        (1_000_000, "M"),
        (1_000, "k"),
    ] {
        if n >= scale && n % scale == 0 {
            return format!("{}{suffix}", n / scale);
        }
    }
    n.to_string()
}

/// Rows the strip takes on a terminal `height` rows tall: a tall one
/// has room for lanes.
pub fn rows(height: u16) -> u16 {
    match height {
        45.. => 8,
        30.. => 4,
        _ => 3,
    }
}

/// Whether an event is an era: drawn as a band behind the bars.
pub fn is_era(event: &Event) -> bool {
    event.kind().eq_ignore_ascii_case("era")
}

/// The first and last cells an event covers.
pub fn event_cells(unit: Unit, event: &Event) -> (i128, i128) {
    let first = unit.cell_of(&event.date, false);
    let last = unit.cell_of(event.end_date.as_ref().unwrap_or(&event.date), true);
    (first, last.max(first))
}

/// The cells of the window `start..end` an event covers, counted from the
/// window's first; `None` when it covers none (or the window is empty).
fn cells_in_window(unit: Unit, event: &Event, start: i128, end: i128) -> Option<(usize, usize)> {
    let (a, b) = event_cells(unit, event);
    if b < start || a >= end || start >= end {
        return None;
    }
    Some((
        (a.max(start) - start) as usize,
        (b.min(end - 1) - start) as usize,
    ))
}

/// Whether an event's date is vaguer than the unit (a year-only date in a
/// month view) or approximate: drawn lighter.
fn is_vague(unit: Unit, event: &Event) -> bool {
    use crate::timeline::Precision;
    let needed = match unit {
        Unit::Minutes(_) => Precision::Time,
        Unit::Day => Precision::Day,
        Unit::Month | Unit::Quarter => Precision::Month,
        Unit::Years(_) => Precision::Year,
    };
    event.approximate || event.date.precision() < needed
}

/// What the strip needs to know of the whole timeline, found in one pass
/// when it loads: the strip reads no event's text after that.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extent {
    /// The earliest start.
    first: Option<PartialDate>,
    /// The date (start or end) with the latest last day.
    last: Option<PartialDate>,
    /// Whether some date has a day.
    has_days: bool,
    /// Whether some date has a time of day.
    has_times: bool,
    /// Whether each event is an era.
    pub eras: Vec<bool>,
    /// Events with an end date, which may reach a window from before it.
    spans: Vec<u32>,
}

impl Extent {
    /// Reads every event once.
    pub fn of(timeline: &Timeline) -> Extent {
        let mut x = Extent {
            eras: Vec::with_capacity(timeline.events.len()),
            ..Extent::default()
        };
        for e in &timeline.events {
            let end = e.end_date.unwrap_or(e.date);
            if x.first.is_none_or(|f| e.date.first_day() < f.first_day()) {
                x.first = Some(e.date);
            }
            if x.last.is_none_or(|l| end.last_day() > l.last_day()) {
                x.last = Some(end);
            }
            x.has_days |= e.date.day().is_some();
            x.has_times |=
                e.date.time().is_some() || e.end_date.is_some_and(|d| d.time().is_some());
            x.eras.push(is_era(e));
            if e.end_date.is_some() {
                x.spans.push(x.eras.len() as u32 - 1);
            }
        }
        x
    }
}

/// The span of the data in cells.
fn data_extent(extent: &Extent, unit: Unit) -> Option<(i128, i128)> {
    Some((
        unit.cell_of(extent.first.as_ref()?, false),
        unit.cell_of(extent.last.as_ref()?, true),
    ))
}

/// The finest unit worth zooming to: minutes only when some date has a
/// time, days only when some date has one.
pub fn finest(extent: &Extent) -> Unit {
    if extent.has_times {
        Unit::Minutes(MINUTE_STEPS[0])
    } else if extent.has_days {
        Unit::Day
    } else {
        Unit::Month
    }
}

/// The finest unit that shows all events in a strip `width` columns wide.
pub fn fit_unit(extent: &Extent, width: u16) -> Unit {
    let mut unit = finest(extent);
    loop {
        let cells = i128::from(width / unit.cell_width());
        match data_extent(extent, unit) {
            Some((a, b)) if b - a + 1 > cells => match unit.coarser() {
                Some(c) => unit = c,
                None => return unit,
            },
            _ => return unit,
        }
    }
}

/// Widest cell when fitting: a short timeline's few cells widen to fill
/// the strip, up to this.
const MAX_CELL: u16 = 8;

/// The cell width that spreads the data over a strip `width` wide.
pub fn fit_cell_width(extent: &Extent, unit: Unit, width: u16) -> u16 {
    let Some((a, b)) = data_extent(extent, unit) else {
        return unit.cell_width();
    };
    let cells = (b - a + 1).max(1);
    let cw = (i128::from(width) / cells).clamp(1, i128::from(MAX_CELL)) as u16;
    cw.max(unit.cell_width())
}

/// The first cell of a window of `cells` cells that shows `cell`: on a
/// tick, about a quarter of the way in, so the ticks do not move.
pub fn anchor(cell: i128, cells: i128, period: i128) -> i128 {
    let want = cell - cells / 4;
    let start = want.div_euclid(period) * period;
    // A window narrower than a tick period still shows the cell.
    if cell >= start + cells { cell } else { start }
}

/// The window's first cell in Fit: the data's first cell, on a tick when
/// the data still fits.
pub fn fit_start(extent: &Extent, unit: Unit, cells: i128, period: i128) -> i128 {
    let Some((a, b)) = data_extent(extent, unit) else {
        return 0;
    };
    let on_tick = a.div_euclid(period) * period;
    if b < on_tick + cells { on_tick } else { a }
}

/// Counts for one lane: per cell, matching and other events, precise and vague.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lane {
    /// Its label (a facet value, `others`, or empty for the single lane).
    pub label: String,
    /// Matching events with a precise date, per cell.
    pub hits: Vec<u32>,
    /// Matching events with a vague or approximate date, per cell.
    pub vague_hits: Vec<u32>,
    /// Other events, per cell (precise and vague together).
    pub others: Vec<u32>,
    /// Other events with a vague or approximate date, per cell.
    pub vague_others: Vec<u32>,
    /// Eras in this lane: first and last cell (clipped), title, matching.
    pub eras: Vec<Era>,
}

/// An era drawn as a band.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Era {
    /// Index into `timeline.events`.
    pub event: usize,
    /// First cell in the window.
    pub first: usize,
    /// Last cell in the window.
    pub last: usize,
    /// Its title.
    pub title: String,
    /// Whether it matches the filters.
    pub hit: bool,
}

impl Lane {
    fn new(label: String, cells: usize) -> Lane {
        Lane {
            label,
            hits: vec![0; cells + 1],
            vague_hits: vec![0; cells + 1],
            others: vec![0; cells + 1],
            vague_others: vec![0; cells + 1],
            eras: Vec::new(),
        }
    }

    /// Every event in a cell, matching or not.
    pub fn all(&self, cell: usize) -> u32 {
        self.hits[cell] + self.vague_hits[cell] + self.others[cell]
    }

    /// Turns the difference arrays filled while counting into counts.
    fn settle(&mut self, cells: usize) {
        for v in [
            &mut self.hits,
            &mut self.vague_hits,
            &mut self.others,
            &mut self.vague_others,
        ] {
            let mut run = 0i64;
            for c in v.iter_mut() {
                run += i64::from(*c as i32);
                *c = run.max(0) as u32;
            }
            v.truncate(cells);
        }
    }
}

/// The strip as drawn: unit, window, ticks, lanes and marks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Strip {
    /// The unit of a cell (`None` for an empty timeline).
    pub unit: Option<Unit>,
    /// The window's first cell.
    pub start: i128,
    /// Cells in the window.
    pub cells: usize,
    /// Columns a cell takes.
    pub cell_width: u16,
    /// Cells between ticks.
    pub period: i128,
    /// Columns left of the cells (lane labels).
    pub gutter: u16,
    /// Ticks: cell in the window, label, major.
    pub ticks: Vec<(usize, String, bool)>,
    /// One lane, or a lane per facet value.
    pub lanes: Vec<Lane>,
    /// The lane mode.
    pub mode: Lanes,
    /// The current event's first cell, relative to the window (may be outside).
    pub cursor: Option<i128>,
    /// Lanes of the current event.
    pub cursor_lanes: Vec<usize>,
    /// The chosen range being selected, relative to the window.
    pub selection: Option<(i128, i128)>,
}

impl Strip {
    /// The window cell under column `col` (relative to the strip's inside).
    pub fn cell_at(&self, col: u16) -> Option<i128> {
        let col = col.checked_sub(self.gutter)?;
        let cell = col / self.cell_width.max(1);
        (usize::from(cell) < self.cells).then(|| self.start + i128::from(cell))
    }

    /// Column (relative to the inside) where window cell `i` starts.
    pub fn col(&self, i: usize) -> u16 {
        self.gutter + i as u16 * self.cell_width
    }
}

/// What the strip needs from the model.
pub struct Input<'a> {
    /// The events.
    pub timeline: &'a Timeline,
    /// Matching events.
    pub hits: &'a [crate::search::Hit],
    /// What the strip knows of the whole timeline.
    pub extent: &'a Extent,
    /// The lanes of [`lane_values`] for this lane mode and rows, if known.
    pub lane_table: Option<&'a LaneTable>,
    /// The current event.
    pub current: Option<usize>,
    /// The unit in use.
    pub unit: Unit,
    /// Columns a cell takes.
    pub cell_width: u16,
    /// The window's first cell.
    pub start: i128,
    /// The strip's inside width and rows for lanes.
    pub width: u16,
    /// Rows for bars.
    pub rows: u16,
    /// Lane mode.
    pub lanes: Lanes,
    /// A selection in progress.
    pub selection: Option<Selection>,
}

/// Widest lane label, in columns.
const LANE_LABEL: u16 = 12;

/// Lays out the strip: counts every event once per lane it falls in.
pub fn layout(input: &Input, cache: &mut AllCounts) -> Strip {
    let unit = input.unit;
    let timeline = input.timeline;
    let local;
    let table = match (input.lanes, input.lane_table) {
        (Lanes::One, _) => None,
        (Lanes::By(_), Some(table)) => Some(table),
        (Lanes::By(facet), None) => {
            local = lane_values(timeline, facet, usize::from(input.rows.max(1)));
            Some(&local)
        }
    };
    let labels = match table {
        Some(t) => t.labels.clone(),
        None => vec![String::new()],
    };
    let gutter = gutter(input.lanes, input.width);
    let cell_width = input.cell_width.max(1);
    let period = unit.tick_period(cell_width);
    let cells = usize::from(input.width.saturating_sub(gutter) / cell_width);
    let start = input.start;
    let end = start + cells as i128;
    let events = &timeline.events;
    let key = AllKey {
        unit,
        start,
        cells,
        lanes: input.lanes,
        labels: labels.clone(),
    };
    if cache.key.as_ref() != Some(&key) {
        *cache = count_all(input, table, &key);
    }
    // Counts of every event come from the cache; only the hits are counted
    // here, and the others are what is left.
    let mut lanes: Vec<Lane> = labels.into_iter().map(|l| Lane::new(l, cells)).collect();
    let mut hit_eras = Vec::new();
    for h in input.hits {
        let i = h.index as usize;
        if input.extent.eras.get(i).copied().unwrap_or(false) {
            hit_eras.push(i);
            continue;
        }
        let e = &events[i];
        let Some((a, b)) = cells_in_window(unit, e, start, end) else {
            continue;
        };
        let vague = is_vague(unit, e);
        let mut mask = table.map_or(1, |t| t.masks[i]);
        while mask != 0 {
            let lane = &mut lanes[mask.trailing_zeros() as usize];
            mask &= mask - 1;
            let v = if vague {
                &mut lane.vague_hits
            } else {
                &mut lane.hits
            };
            v[a] = v[a].wrapping_add(1);
            v[b + 1] = v[b + 1].wrapping_sub(1);
        }
    }
    for (lane, all) in lanes.iter_mut().zip(&cache.lanes) {
        lane.settle(cells);
        for i in 0..cells {
            // Every hit in the window was counted among all events.
            let hits = lane.hits[i] + lane.vague_hits[i];
            lane.others[i] = all.others[i].saturating_sub(hits);
            lane.vague_others[i] = all.vague_others[i].saturating_sub(lane.vague_hits[i]);
        }
        lane.eras = all
            .eras
            .iter()
            .map(|era| Era {
                hit: hit_eras.contains(&era.event),
                ..era.clone()
            })
            .collect();
    }
    let ticks = (0..cells)
        .filter_map(|i| {
            let (label, major) = unit.tick(start + i as i128, period)?;
            Some((i, label, major))
        })
        .collect();
    let mut strip = Strip {
        unit: Some(unit),
        start,
        cells,
        cell_width,
        period,
        gutter,
        ticks,
        lanes,
        mode: input.lanes,
        ..Strip::default()
    };
    place_marks(&mut strip, input, table);
    strip
}

/// What [`AllCounts`] were counted for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AllKey {
    unit: Unit,
    start: i128,
    cells: usize,
    lanes: Lanes,
    labels: Vec<String>,
}

/// Every event in a window, matching or not, per lane and cell: these
/// change with the window, not with the query, so a new search's hits
/// are counted alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllCounts {
    key: Option<AllKey>,
    /// Per lane: all events in `others`, the vague ones in `vague_others`, and the eras.
    lanes: Vec<Lane>,
}

/// Counts every event that can reach the window.
fn count_all(input: &Input, table: Option<&LaneTable>, key: &AllKey) -> AllCounts {
    let (unit, start, cells) = (key.unit, key.start, key.cells);
    let end = start + cells as i128;
    let mut lanes: Vec<Lane> = key
        .labels
        .iter()
        .map(|l| Lane::new(l.clone(), cells))
        .collect();
    // Events are sorted by date: only those starting from the window's
    // first year to its end can fall in it, besides spans from before.
    let events = &input.timeline.events;
    let first_year = cell_date(unit, start, false).map_or(i64::MIN, |d| d.year_number());
    let lo = events.partition_point(|e| e.date.year_number() < first_year);
    let hi = events.partition_point(|e| unit.cell_of(&e.date, false) < end);
    let before = input
        .extent
        .spans
        .iter()
        .map(|&i| i as usize)
        .take_while(|&i| i < lo);
    for i in before.chain(lo..hi.max(lo)) {
        let e = &events[i];
        let Some((a, b)) = cells_in_window(unit, e, start, end) else {
            continue;
        };
        let era = input.extent.eras.get(i).copied().unwrap_or(false);
        let vague = is_vague(unit, e);
        let mut mask = table.map_or(1, |t| t.masks[i]);
        while mask != 0 {
            let lane = &mut lanes[mask.trailing_zeros() as usize];
            mask &= mask - 1;
            if era {
                lane.eras.push(Era {
                    event: i,
                    first: a,
                    last: b,
                    title: e.title().to_owned(),
                    hit: false,
                });
                continue;
            }
            let add = |v: &mut Vec<u32>| {
                v[a] = v[a].wrapping_add(1);
                v[b + 1] = v[b + 1].wrapping_sub(1);
            };
            add(&mut lane.others);
            if vague {
                add(&mut lane.vague_others);
            }
        }
    }
    for lane in &mut lanes {
        lane.settle(cells);
    }
    AllCounts {
        key: Some(key.clone()),
        lanes,
    }
}

/// Columns left of the cells for lane labels.
pub fn gutter(lanes: Lanes, width: u16) -> u16 {
    if lanes == Lanes::One {
        0
    } else {
        LANE_LABEL.min(width / 4)
    }
}

/// Places the cursor and the selection on a laid out strip (cheap: the
/// cursor moves far more often than the counts change).
pub fn place_marks(strip: &mut Strip, input: &Input, table: Option<&LaneTable>) {
    strip.cursor_lanes.clear();
    strip.cursor = input.current.map(|i| {
        let mut mask = table.map_or(1, |t| t.masks[i]);
        while mask != 0 {
            strip.cursor_lanes.push(mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        input.unit.cell_of(&input.timeline.events[i].date, false) - strip.start
    });
    strip.selection = input.selection.map(|s| {
        let (a, b) = s.bounds();
        (a - strip.start, b - strip.start)
    });
}

/// Most lanes: an event's lanes are bits of a `u32`.
const MAX_LANES: usize = 32;

/// The lanes of a facet: their labels, and each event's lanes as bits
/// (found once, so laying out reads no event's facets).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaneTable {
    /// Facet values, then `others` when some events have none of them.
    pub labels: Vec<String>,
    /// Per event, bit `i` set when it is drawn in lane `i`.
    pub masks: Vec<u32>,
}

/// The lanes of `facet` in `rows` rows: the `rows - 1` most frequent
/// values, then `others` (or `rows` values when that is all there is).
pub fn lane_values(timeline: &Timeline, facet: Facet, rows: usize) -> LaneTable {
    let rows = rows.clamp(1, MAX_LANES);
    let names = timeline.names.len();
    let mut counts = vec![0u32; names];
    let mut unlabelled = false;
    for e in &timeline.events {
        let values = e.facet(facet);
        unlabelled |= values.is_empty();
        for s in values {
            counts[s.0 as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..names as u32)
        .filter(|&i| counts[i as usize] > 0)
        .collect();
    order.sort_by(|&a, &b| {
        counts[b as usize]
            .cmp(&counts[a as usize])
            .then_with(|| timeline.names.get(Sym(a)).cmp(timeline.names.get(Sym(b))))
    });
    let room = if order.len() <= rows && !unlabelled {
        rows
    } else {
        rows.saturating_sub(1).max(1)
    };
    let shown = order.len().min(room);
    let others = shown as u32;
    let mut lane_of = vec![others; names];
    let mut labels = Vec::with_capacity(shown + 1);
    for (lane, &s) in order[..shown].iter().enumerate() {
        lane_of[s as usize] = lane as u32;
        labels.push(timeline.names.get(Sym(s)).to_owned());
    }
    if shown < order.len() || unlabelled {
        labels.push("others".to_owned());
    }
    let masks = timeline
        .events
        .iter()
        .map(|e| {
            let mask = e
                .facet(facet)
                .iter()
                .fold(0u32, |m, s| m | 1 << lane_of[s.0 as usize]);
            if mask == 0 { 1 << others } else { mask }
        })
        .collect();
    LaneTable { labels, masks }
}

#[cfg(test)]
mod tests;
