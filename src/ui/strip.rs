//! The timeline strip: a bar per year (or month when zoomed) showing all
//! events and, highlighted, the matching ones; the cursor's bar marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use ratatui::widgets::{Block, Borders, Widget};

use super::Theme;
use crate::app::{Bucket, Model, geometry};

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// Draws the strip.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    // The top border is the pointer's rail: `▼` above the cursor's bar.
    let inner = geometry::strip_inner(area);
    if inner != area {
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border(false))
            .render(area, buf);
    }
    if inner.is_empty() {
        return;
    }
    let bars = model.strip_buckets(inner.width);
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
    let cursor_bucket = model.cursor_bucket(&bars);
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
