//! Drawing: `view(&Model, &mut Frame)`, one file per pane. Rendering reads
//! the model and never changes it. Every string from the data passes
//! through [`crate::text`] before it reaches a cell.

mod choice;
pub mod detail;
mod events;
mod filters;
pub mod help;
pub mod loading;
pub(crate) mod status;
pub mod strip;
pub mod theme;

pub use theme::{Slot, Theme, ThemeName};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use crate::app::{Model, geometry};
use crate::text::fit;

/// Draws the whole screen in the default theme (or the monochrome one,
/// as the model's colour setting says).
pub fn view(model: &Model, frame: &mut Frame) {
    view_with(model, &Theme::new(model.color()), frame);
}

/// Draws the whole screen in `theme`.
pub fn view_with(model: &Model, theme: &Theme, frame: &mut Frame) {
    let areas = geometry::areas(frame.area(), model.focus());
    filters::render_query(model, frame, areas.query, theme);
    filters::render_facets(model, frame.buffer_mut(), areas.facets, theme);
    events::render(model, frame.buffer_mut(), areas.events, theme);
    detail::render(model, frame.buffer_mut(), areas.detail, theme);
    strip::render(model, frame.buffer_mut(), areas.strip, theme);
    status::render(model, frame.buffer_mut(), areas.status, theme);
    let screen = frame.area();
    choice::render(model, frame.buffer_mut(), screen, theme);
    if model.help() {
        let area = geometry::help_area(frame.area());
        help::render(model, frame.buffer_mut(), area, theme);
    }
}

/// A rounded block titled `title`, styled by focus.
/// A pane's message in place of its list (nothing matches), wrapped at
/// spaces over the rows it has rather than cut.
fn message(buf: &mut Buffer, area: Rect, text: &str, theme: &Theme) {
    let paragraph = Paragraph::new(text)
        .style(theme.dim())
        .wrap(Wrap { trim: true });
    paragraph.render(area, buf);
}

fn pane_block<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    let style = theme.border(focused);
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), style))
}

/// Draws a pane's border (when it has room for one) and returns its inside.
fn frame_pane(
    buf: &mut Buffer,
    area: Rect,
    block: Block<'_>,
    right_title: Option<Line<'_>>,
) -> Rect {
    if geometry::bordered(area) {
        let block = match right_title {
            Some(t) => block.title_top(t.right_aligned()),
            None => block,
        };
        ratatui::widgets::Widget::render(block, area, buf);
    }
    geometry::inner(area)
}

/// Spans for `text` cut to `width` columns, the characters at `matched`
/// (char indices, sorted) in `hl`, the rest in `base`.
pub fn highlighted(
    text: &str,
    matched: &[usize],
    width: usize,
    base: Style,
    hl: Style,
) -> Vec<Span<'static>> {
    let shown = fit(text, width);
    // When cut, the last character is the ellipsis, never highlighted.
    let keep = if shown != text {
        shown.chars().count().saturating_sub(1)
    } else {
        usize::MAX
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut next = matched.iter().peekable();
    for (i, c) in shown.chars().enumerate() {
        while next.peek().is_some_and(|&&m| m < i) {
            next.next();
        }
        let is_hl = i < keep && next.peek() == Some(&&i);
        if is_hl != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { base.patch(hl) } else { base },
            ));
        }
        run_hl = is_hl;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_hl { base.patch(hl) } else { base },
        ));
    }
    spans
}

/// Draws a vertical scrollbar in column `x` from `y` over `height` rows,
/// for `len` rows of which `height` show from `offset`.
fn scrollbar(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    height: u16,
    len: usize,
    offset: usize,
    theme: &Theme,
) {
    let rows = usize::from(height);
    if rows == 0 || len <= rows {
        return;
    }
    let thumb = (rows * rows / len).clamp(1, rows);
    let travel = rows - thumb;
    let pos = (offset * travel)
        .checked_div(len - rows)
        .unwrap_or(0)
        .min(travel);
    for r in 0..rows {
        let (symbol, style) = if (pos..pos + thumb).contains(&r) {
            ("┃", theme.border(true))
        } else {
            ("│", theme.dim())
        };
        if let Some(cell) = buf.cell_mut((x, y + r as u16)) {
            cell.set_symbol(symbol).set_style(style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_splits_runs_and_never_highlights_the_ellipsis() {
        let spans = highlighted("orange", &[0, 1, 4], 10, Style::new(), Style::new().bold());
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["or", "an", "g", "e"]);
        let spans = highlighted("orange", &[5], 4, Style::new(), Style::new().bold());
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["ora…"]);
    }
}
