//! The timeline strip: the model's laid out [`Strip`] drawn as bars (one
//! histogram lane, or a row per facet value), era bands behind them, ticks
//! below, and on the top border the zoom, the eras' names, a legend and
//! the `▼` over the current event (an arrow at the edge when it is out of
//! the window).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthStr;

use ratatui::widgets::{Block, Borders, Widget};

use super::Theme;
use crate::app::{Lanes, Model, Strip, geometry};
use crate::text::fit;

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// Styles of the strip, from the theme.
struct Look {
    hit: Style,
    other: Style,
    cursor: Style,
    era_hit: Style,
    era_other: Style,
    range: Style,
    color: bool,
}

impl Look {
    fn of(theme: &Theme) -> Look {
        Look {
            hit: theme.bar_hits(),
            other: theme.bar_all(),
            cursor: theme.bar_cursor(),
            era_hit: theme.era(true),
            era_other: theme.era(false),
            range: theme.range(),
            color: theme.has_color(),
        }
    }

    /// The band behind an era's cells: the era's background only.
    fn era(&self, hit: bool) -> Style {
        let style = if hit { self.era_hit } else { self.era_other };
        match style.bg {
            Some(bg) => Style::new().bg(bg),
            None => Style::new(),
        }
    }

    /// An era's line in its lane.
    fn era_line(&self, hit: bool) -> Style {
        if hit { self.era_hit } else { self.era_other }
    }

    /// The era's name on the rail.
    fn era_label(&self, hit: bool) -> Style {
        let style = self.era_line(hit);
        if self.color {
            style
        } else {
            style.add_modifier(Modifier::UNDERLINED)
        }
    }

    /// Cells of the range being chosen.
    fn selected(&self) -> Style {
        self.range
    }
}

/// Draws the strip.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let inner = geometry::strip_inner(area);
    let rail = inner != area;
    if rail {
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border(false))
            .render(area, buf);
    }
    let strip = model.strip();
    if inner.is_empty() || strip.unit.is_none() {
        return;
    }
    let look = Look::of(theme);
    let label_row = inner.height >= 2;
    let rows = Rect {
        height: inner.height - u16::from(label_row),
        ..inner
    };
    draw_bands(strip, buf, rows, &look);
    match strip.mode {
        Lanes::One => draw_histogram(strip, buf, rows, &look),
        Lanes::By(_) => draw_lanes(strip, buf, rows, &look, theme),
    }
    draw_selection(strip, buf, rows, &look);
    if label_row {
        draw_ticks(strip, buf, inner, theme);
    }
    if rail {
        draw_rail(model, strip, buf, Rect { height: 1, ..area }, &look, theme);
    }
}

/// Columns of window cell `i`, on screen.
fn cell_cols(strip: &Strip, area: Rect, i: usize) -> std::ops::Range<u16> {
    let x = area.x + strip.col(i);
    x..(x + strip.cell_width).min(area.right())
}

/// Era bands: a background over their cells in their lanes' rows.
fn draw_bands(strip: &Strip, buf: &mut Buffer, rows: Rect, look: &Look) {
    for (l, lane) in strip.lanes.iter().enumerate() {
        let ys = lane_rows(strip, rows, l);
        for era in &lane.eras {
            for i in era.first..=era.last {
                for x in cell_cols(strip, rows, i) {
                    for y in ys.clone() {
                        if let Some(cell) = buf.cell_mut((x, y)) {
                            cell.set_style(look.era(era.hit));
                            // A lane's row is thin: its era shows as a line, not just a shade.
                            if strip.mode != Lanes::One {
                                cell.set_symbol("━").set_style(look.era_line(era.hit));
                            } else if !look.color {
                                cell.set_symbol("·");
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The screen rows of lane `l`: all of them for the single lane.
fn lane_rows(strip: &Strip, rows: Rect, l: usize) -> std::ops::Range<u16> {
    match strip.mode {
        Lanes::One => rows.y..rows.bottom(),
        Lanes::By(_) => {
            let y = rows.y + l as u16;
            if y < rows.bottom() { y..y + 1 } else { y..y }
        }
    }
}

/// One lane: a bar per cell as high as the events covering it, matching
/// ones in front; vague or approximate dates drawn shaded.
fn draw_histogram(strip: &Strip, buf: &mut Buffer, rows: Rect, look: &Look) {
    let Some(lane) = strip.lanes.first() else {
        return;
    };
    let max = (0..strip.cells)
        .map(|i| lane.all(i))
        .max()
        .unwrap_or(0)
        .max(1);
    let levels = u64::from(rows.height) * 8;
    let height = |n: u32| -> u64 {
        if n == 0 {
            0
        } else {
            (u64::from(n) * levels).div_ceil(u64::from(max)).max(1)
        }
    };
    for i in 0..strip.cells {
        let is_cursor = strip.cursor == Some(i as i128);
        let hits = lane.hits[i] + lane.vague_hits[i];
        let (h_all, h_hit) = (height(lane.all(i)), height(hits));
        let vague_hit = lane.hits[i] == 0 && lane.vague_hits[i] > 0;
        let vague_other = lane.others[i] == lane.vague_others[i];
        let hit_style = if is_cursor { look.cursor } else { look.hit };
        for r in 0..rows.height {
            let base = u64::from(r) * 8;
            let cell_all = h_all.saturating_sub(base).min(8) as usize;
            let cell_hit = h_hit.saturating_sub(base).min(8) as usize;
            let (symbol, style) = if cell_hit > 0 {
                if vague_hit {
                    ("▒", hit_style)
                } else {
                    let mut style = hit_style;
                    if cell_all == 8 && cell_hit < 8 && look.color {
                        style = style.bg(look.other.fg.unwrap_or_default());
                    }
                    (EIGHTHS[cell_hit], style)
                }
            } else if cell_all > 0 {
                if vague_other || !look.color {
                    ("░", look.other)
                } else {
                    (EIGHTHS[cell_all], look.other)
                }
            } else {
                continue;
            };
            let y = rows.bottom() - 1 - r;
            for x in cell_cols(strip, rows, i) {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_symbol(symbol).set_style(style);
                }
            }
        }
    }
}

/// A row per lane, its name on the left (the current event's lanes
/// highlighted), a cell filled where its events are.
fn draw_lanes(strip: &Strip, buf: &mut Buffer, rows: Rect, look: &Look, theme: &Theme) {
    for (l, lane) in strip.lanes.iter().enumerate() {
        let ys = lane_rows(strip, rows, l);
        let Some(y) = ys.clone().next() else {
            break;
        };
        let current = strip.cursor_lanes.contains(&l);
        let label_style = if current {
            look.cursor.add_modifier(Modifier::REVERSED)
        } else {
            theme.dim()
        };
        let width = usize::from(strip.gutter.saturating_sub(1));
        if width > 0 {
            let name = fit(&lane.label, width);
            buf.set_string(rows.x, y, format!("{name:<width$}"), label_style);
        }
        for i in 0..strip.cells {
            let is_cursor = current && strip.cursor == Some(i as i128);
            let (symbol, style) = if lane.hits[i] > 0 {
                ("█", look.hit)
            } else if lane.vague_hits[i] > 0 {
                ("▒", look.hit)
            } else if lane.others[i] > lane.vague_others[i] {
                ("█", look.other)
            } else if lane.others[i] > 0 {
                ("░", look.other)
            } else {
                continue;
            };
            let style = if is_cursor { look.cursor } else { style };
            for x in cell_cols(strip, rows, i) {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_symbol(symbol).set_style(style);
                }
            }
        }
    }
}

/// The range being chosen: its cells' background.
fn draw_selection(strip: &Strip, buf: &mut Buffer, rows: Rect, look: &Look) {
    let Some((a, b)) = strip.selection else {
        return;
    };
    let last = strip.cells as i128 - 1;
    if b < 0 || a > last {
        return;
    }
    for i in a.max(0)..=b.min(last) {
        for x in cell_cols(strip, rows, i as usize) {
            for y in rows.y..rows.bottom() {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    if matches!(cell.symbol(), " " | "·") && !look.color {
                        cell.set_symbol("▔");
                    }
                    cell.set_style(look.selected());
                }
            }
        }
    }
}

/// Tick labels on the last row, years before months, never overlapping:
/// they sit at fixed cells, so they stay put as the cursor moves.
fn draw_ticks(strip: &Strip, buf: &mut Buffer, inner: Rect, theme: &Theme) {
    let y = inner.bottom() - 1;
    let width = inner.width;
    let mut taken = vec![false; usize::from(width)];
    for major in [true, false] {
        for (i, label, m) in &strip.ticks {
            if *m != major {
                continue;
            }
            let x0 = strip.col(*i);
            let x1 = x0 + label.width() as u16;
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
            buf.set_string(inner.x + x0, y, label, theme.dim());
        }
    }
}

/// The top border: zoom and lanes on the left, eras' names over their
/// bands, a legend on the right, and the pointer at the current event.
fn draw_rail(
    model: &Model,
    strip: &Strip,
    buf: &mut Buffer,
    rail: Rect,
    look: &Look,
    theme: &Theme,
) {
    let width = usize::from(rail.width);
    let mut taken = vec![false; width];
    let put = |buf: &mut Buffer, x: usize, text: &str, style: Style, taken: &mut Vec<bool>| {
        let w = text.width();
        if x + w > width
            || taken[x.saturating_sub(1)..(x + w + 1).min(width)]
                .iter()
                .any(|&t| t)
        {
            return false;
        }
        taken[x..x + w].fill(true);
        buf.set_string(rail.x + x as u16, rail.y, text, style);
        true
    };
    let Some(unit) = strip.unit else {
        return;
    };
    let mut title = format!(" {} ", unit.name());
    if let Lanes::By(facet) = model.lanes() {
        title = format!(" {} · by {} ", unit.name(), facet.name());
    }
    // The pointer's place is reserved before the names and the legend.
    let pointer = strip.cursor.map(|c| {
        if c < 0 {
            (usize::from(strip.gutter), "◀")
        } else if c >= strip.cells as i128 {
            (usize::from(strip.col(strip.cells.saturating_sub(1))), "▶")
        } else {
            (
                usize::from(strip.col(c as usize) + (strip.cell_width - 1) / 2),
                "▼",
            )
        }
    });
    if let Some((x, _)) = pointer
        && x < width
    {
        taken[x] = true;
    }
    // The title left of the pointer, or right of it when that is too near.
    if !put(buf, 1, &title, theme.dim(), &mut taken)
        && let Some((x, _)) = pointer
    {
        put(buf, x + 2, &title, theme.dim(), &mut taken);
    }
    let legend: [(&str, Style, &str); 4] = [
        ("█", look.hit, " match "),
        ("█", look.other, " other "),
        ("▒", look.hit, " approx "),
        (if look.color { " " } else { "·" }, look.era(true), " era "),
    ];
    let legend_width: usize = legend.iter().map(|(g, _, t)| g.width() + t.width()).sum();
    if width > legend_width + title.width() + 8 {
        let mut x = width - legend_width - 1;
        if !taken[x - 1..].iter().any(|&t| t) {
            for (glyph, style, text) in legend {
                buf.set_string(rail.x + x as u16, rail.y, glyph, style);
                buf.set_string(rail.x + x as u16 + 1, rail.y, text, theme.dim());
                x += glyph.width() + text.width();
            }
            taken[width - legend_width - 1..].fill(true);
        }
    }
    // Each era's name over its band, as much as fits.
    let mut seen = Vec::new();
    for lane in &strip.lanes {
        for era in &lane.eras {
            if seen.contains(&(era.first, &era.title)) {
                continue;
            }
            seen.push((era.first, &era.title));
            // The longest free stretch of the rail over the band.
            let x0 = usize::from(strip.col(era.first));
            let x1 = width.min(usize::from(strip.col(era.last) + strip.cell_width));
            let (mut best, mut run) = ((0, 0), (x0, 0));
            for c in x0..x1 {
                // One free column is left on each side of a name.
                let free = !taken[c]
                    && !taken[c.saturating_sub(1)]
                    && !taken.get(c + 1).copied().unwrap_or(false);
                run = if free {
                    (if run.1 == 0 { c } else { run.0 }, run.1 + 1)
                } else {
                    (c, 0)
                };
                if run.1 > best.1 {
                    best = run;
                }
            }
            let (x, free) = best;
            if free >= 4 {
                let text = fit(&format!(" {} ", era.title), free - 1);
                put(buf, x, &text, look.era_label(era.hit), &mut taken);
            }
        }
    }
    if let Some((x, symbol)) = pointer
        && x < width
    {
        buf.set_string(rail.x + x as u16, rail.y, symbol, look.cursor);
    }
}
