//! Drawing: `view(&Model, &mut Frame)`, one file per pane. Rendering reads
//! the model and never changes it. Every string from the data passes
//! through [`crate::text`] before it reaches a cell.

pub mod detail;
mod events;
mod filters;
pub mod help;
pub mod layout;
mod status;
pub mod strip;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::app::Model;

/// Draws the whole screen.
pub fn view(model: &Model, frame: &mut Frame) {
    let theme = Theme::new(model.color);
    let areas = layout::areas(frame.area(), model.focus);
    filters::render_query(model, frame, areas.query, &theme);
    filters::render_facets(model, frame.buffer_mut(), areas.facets, &theme);
    events::render(model, frame.buffer_mut(), areas.events, &theme);
    detail::render(model, frame.buffer_mut(), areas.detail, &theme);
    strip::render(model, frame.buffer_mut(), areas.strip, &theme);
    status::render(model, frame.buffer_mut(), areas.status, &theme);
    if model.help {
        let area = layout::help_area(frame.area());
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
    if layout::bordered(area) {
        let block = match right_title {
            Some(t) => block.title_top(t.right_aligned()),
            None => block,
        };
        ratatui::widgets::Widget::render(block, area, buf);
    }
    layout::inner(area)
}

/// The most characters a list row lays out from one field: a row is at
/// most a few hundred columns wide.
pub(crate) const ROW_CHARS: usize = 1 << 10;
/// The most characters the detail pane lays out from one field. A field of
/// megabytes would otherwise be sanitised and wrapped on every frame.
pub(crate) const SHOWN_CHARS: usize = 1 << 16;

/// `text` sanitised as one line ([`crate::text::line`]), cut after `max`
/// characters with `…`.
pub(crate) fn clipped_line(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => crate::text::line(text),
        Some((at, _)) => Cow::Owned(format!("{}…", crate::text::line(&text[..at]))),
    }
}

/// `text` sanitised as a block ([`crate::text::block`]), cut after `max`
/// characters with `…`.
pub(crate) fn clipped_block(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => crate::text::block(text),
        Some((at, _)) => Cow::Owned(format!("{}…", crate::text::block(&text[..at]))),
    }
}

/// Columns `text` takes as ratatui draws it: grapheme by grapheme (`0`
/// then U+FE0F is one wide emoji, not a digit and a zero-width mark).
pub fn columns(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts `text` to `width` columns, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push('…');
    out
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
    fn fit_respects_wide_characters() {
        assert_eq!(fit("华为云服务", 5), "华为…");
        assert_eq!(fit("华为云服务", 10), "华为云服务");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "abc".get(..0).unwrap());
        assert_eq!(fit("🚀🚀🚀", 4), "🚀…");
    }

    #[test]
    fn fit_counts_columns_by_grapheme() {
        // Found by fuzzing: `0` + U+FE0F is drawn two columns wide, so
        // counting it a character at a time overflowed by one per pair.
        let text = "0\u{fe0f}0\u{fe0f}0\u{fe0f}";
        assert_eq!(columns(text), 6);
        for width in 0..8 {
            assert!(columns(&fit(text, width)) <= width, "{width}");
        }
        assert_eq!(fit(text, 3), "0\u{fe0f}…");
        assert_eq!(columns("e\u{301}華"), 3);
    }

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
