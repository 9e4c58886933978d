//! The events list: date column, title with matched characters, marks,
//! scrollbar. Only the visible rows are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{Theme, frame_pane, highlighted, pane_block, scrollbar};
use crate::app::{Focus, Model};
use crate::search::{self, Field};
use crate::text::{ROW_CHARS, clipped_line, fit};
use crate::timeline::{Event, LabelStyle};

/// Draws the events pane.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let focused = matches!(model.focus(), Focus::Events | Focus::Query);
    let count = Line::from(format!(
        " {}/{} ",
        model.hits().len(),
        model.timeline().events.len()
    ))
    .style(theme.border(focused));
    let block = pane_block("Events", model.focus() == Focus::Events, theme);
    let inner = frame_pane(buf, area, block, Some(count));
    if inner.is_empty() {
        return;
    }
    if model.hits().is_empty() {
        let message = if model.timeline().events.is_empty() {
            "The timeline has no events."
        } else {
            "No event matches. Esc clears the query and filters."
        };
        buf.set_line(
            inner.x,
            inner.y,
            &Line::styled(fit(message, usize::from(inner.width)), theme.dim()),
            inner.width,
        );
        return;
    }
    let rows = usize::from(inner.height);
    let len = model.hits().len();
    let offset = model.offset().min(len.saturating_sub(1));
    let needs_bar = len > rows;
    // Without a border the scrollbar takes the last column of the list.
    let bordered = inner != area;
    let text_width = if needs_bar && !bordered {
        inner.width.saturating_sub(1)
    } else {
        inner.width
    };
    let columns = Columns::new(model, usize::from(text_width));
    for (row, hit) in model.hits().iter().enumerate().skip(offset).take(rows) {
        let y = inner.y + (row - offset) as u16;
        let event = &model.timeline().events[hit.index as usize];
        let is_cursor = row == model.cursor();
        let marked = model.marks().contains(&hit.index);
        let line = row_line(model, event, &columns, is_cursor, marked, theme);
        let row_area = Rect::new(inner.x, y, text_width, 1);
        buf.set_line(row_area.x, y, &line, text_width);
        if is_cursor {
            buf.set_style(row_area, theme.cursor_row(focused));
        }
    }
    if needs_bar {
        let x = if bordered {
            area.right() - 1
        } else {
            inner.right() - 1
        };
        scrollbar(buf, x, inner.y, inner.height, len, offset, theme);
    }
}

/// Column widths of one row: gutter, date, title.
struct Columns {
    /// Width of the date column (0: no date column).
    date: usize,
    /// Width left for the title.
    title: usize,
}

/// Gutter: pointer, mark, space, approximate sign.
const GUTTER: usize = 4;
/// Space between the date and the title.
const GAP: usize = 2;

impl Columns {
    fn new(model: &Model, width: usize) -> Columns {
        let cap = width.saturating_sub(GUTTER) / 3;
        let (whole, short) = model.date_widths();
        let date = if whole <= cap {
            whole
        } else {
            // Spans shortened to `start →`.
            short.min(cap)
        };
        let date = if date < 4 { 0 } else { date };
        let used = GUTTER + date + if date > 0 { GAP } else { 0 };
        Columns {
            date,
            title: width.saturating_sub(used),
        }
    }
}

/// The date as it fits in `width` columns: the whole span, else `start →`.
pub fn date_text(event: &Event, width: usize) -> String {
    let full = event.date_label();
    if full.width() <= width {
        return full;
    }
    let short = event.short_date_label();
    if short.width() <= width {
        return short;
    }
    fit(&event.date.label(LabelStyle::Short), width)
}

fn row_line(
    model: &Model,
    event: &Event,
    columns: &Columns,
    is_cursor: bool,
    marked: bool,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::with_capacity(8);
    spans.push(if is_cursor {
        Span::styled("▌", theme.pointer())
    } else {
        Span::raw(" ")
    });
    spans.push(if marked {
        Span::styled("●", theme.mark())
    } else {
        Span::raw(" ")
    });
    spans.push(Span::raw(" "));
    spans.push(if event.approximate {
        Span::styled("~", theme.dim())
    } else {
        Span::raw(" ")
    });
    if columns.date > 0 {
        let date = date_text(event, columns.date);
        let pad = columns.date.saturating_sub(date.width());
        spans.push(Span::styled(date, theme.date()));
        spans.push(Span::raw(" ".repeat(pad + GAP)));
    }
    let title = clipped_line(event.title(), ROW_CHARS);
    let query = &model.criteria().query;
    let matched = if query.is_empty() {
        Vec::new()
    } else {
        search::highlight_field(query, Field::Title, &title)
    };
    let base = if marked {
        theme.mark().remove_modifier(ratatui::style::Modifier::BOLD)
    } else {
        ratatui::style::Style::new()
    };
    // A row whose match the title does not show says where it matched.
    let hidden = !query.is_empty()
        && !matched
            .iter()
            .any(|&i| i < visible_chars(&title, columns.title));
    let located = hidden
        .then(|| search::locate(model.timeline(), event, query))
        .flatten()
        .filter(|_| columns.title >= SNIPPET_FROM);
    let Some(located) = located else {
        spans.extend(highlighted(
            &title,
            &matched,
            columns.title,
            base,
            theme.matched(),
        ));
        return Line::from(spans);
    };
    if located.field == Field::Title {
        // The match is in the cut-off end of the title: show that end.
        let (text, at) = snippet(&title, &matched, columns.title);
        spans.extend(highlighted(
            &text,
            &at,
            columns.title,
            base,
            theme.matched(),
        ));
        return Line::from(spans);
    }
    let text = clipped_line(&located.text, ROW_CHARS);
    let at = search::highlight_field(query, located.field, &text);
    // The title keeps two fifths; where it matched gets the rest.
    let title_width = columns.title * 2 / 5;
    spans.extend(highlighted(
        &title,
        &matched,
        title_width,
        base,
        theme.matched(),
    ));
    let shown = fit(&title, title_width).width();
    let label = format!(
        "{}{}: ",
        " ".repeat(title_width - shown + 1),
        located.field.name()
    );
    let room = columns.title.saturating_sub(title_width + label.width());
    spans.push(Span::styled(label, theme.dim()));
    let (text, at) = snippet(&text, &at, room);
    spans.extend(highlighted(&text, &at, room, theme.dim(), theme.matched()));
    Line::from(spans)
}

/// Title columns from which a row has room to say where it matched.
const SNIPPET_FROM: usize = 24;

/// How many characters of `text` show in `width` columns, the ellipsis of
/// a cut excluded.
fn visible_chars(text: &str, width: usize) -> usize {
    let shown = fit(text, width);
    let count = shown.chars().count();
    if shown != text {
        count.saturating_sub(1)
    } else {
        count
    }
}

/// The stretch of `text` around its first matched character that fits in
/// `width` columns, with `…` where it was cut at the start, and the matched
/// positions moved with it.
fn snippet(text: &str, matched: &[usize], width: usize) -> (String, Vec<usize>) {
    let first = matched.first().copied().unwrap_or(0);
    if first < visible_chars(text, width) {
        return (text.to_owned(), matched.to_vec());
    }
    // A little context before the match, never so much it pushes it out.
    let lead = (width / 4).min(8);
    let start = first.saturating_sub(lead);
    let rest: String = text.chars().skip(start).collect();
    let moved = matched
        .iter()
        .filter(|&&i| i >= start)
        .map(|&i| i - start + 1)
        .collect();
    (format!("…{rest}"), moved)
}
