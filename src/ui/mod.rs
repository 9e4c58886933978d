//! Drawing: `view(&Model, &mut Frame)`, one file per pane. Rendering reads
//! the model and never changes it. Every string from the data passes
//! through [`crate::text`] before it reaches a cell.

mod choice;
pub mod detail;
mod events;
mod filters;
pub mod help;
mod status;
pub mod strip;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use crate::app::{Model, geometry};
use crate::text::fit;

/// Draws the whole screen.
pub fn view(model: &Model, frame: &mut Frame) {
    let theme = Theme::new(model.color());
    let areas = geometry::areas(frame.area(), model.focus());
    filters::render_query(model, frame, areas.query, &theme);
    filters::render_facets(model, frame.buffer_mut(), areas.facets, &theme);
    events::render(model, frame.buffer_mut(), areas.events, &theme);
    detail::render(model, frame.buffer_mut(), areas.detail, &theme);
    strip::render(model, frame.buffer_mut(), areas.strip, &theme);
    status::render(model, frame.buffer_mut(), areas.status, &theme);
    let screen = frame.area();
    choice::render(model, frame.buffer_mut(), screen, &theme);
    if model.help() {
        let area = geometry::help_area(frame.area());
        help::render(model, frame.buffer_mut(), area, &theme);
    }
}

/// Colours, or their monochrome stand-ins.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// A theme with colours on or off.
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn pick(&self, colored: Style, mono: Style) -> Style {
        if self.color { colored } else { mono }
    }

    /// Border and title of a pane.
    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    /// Secondary text: counts, hints, empty values.
    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    /// Headings and labels.
    pub fn heading(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Matched characters of a title or name.
    pub fn matched(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// The row under the cursor.
    pub fn cursor_row(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new()
                .bg(Color::Indexed(237))
                .add_modifier(Modifier::BOLD),
            (false, true) => Style::new().bg(Color::Indexed(235)),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED),
            (false, false) => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// The cursor's gutter sign.
    pub fn pointer(&self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }

    /// Marks of multi-selected rows.
    pub fn mark(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Selected facet entries.
    pub fn selected(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Dates in the events list.
    pub fn date(&self) -> Style {
        self.pick(Style::new().fg(Color::Blue), Style::new())
    }

    /// A warning in the status line.
    pub fn notice(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Bars of the strip: all events, matching events, and the cursor's bucket.
    pub fn bar_all(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    /// Bars of matching events.
    pub fn bar_hits(&self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }

    /// Bar of the cursor's year or month.
    pub fn bar_cursor(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Whether colours are on.
    pub fn has_color(&self) -> bool {
        self.color
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
