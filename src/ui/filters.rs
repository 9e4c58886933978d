//! The filters pane: the query line, then the country, company and topic
//! facets with live counts, and the facet filter line.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Theme, frame_pane, highlighted, pane_block, scrollbar};
use crate::app::{FacetRow, Focus, LineEdit, Model};
use crate::search::{self, Query};
use crate::text;
use crate::text::{ROW_CHARS, clipped_line, fit};

/// Draws the query line, with the terminal cursor in it when focused.
pub fn render_query(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let focused = model.focus() == Focus::Query;
    let block = pane_block("Query", focused, theme);
    let inner = frame_pane(frame.buffer_mut(), area, block, None);
    let placeholder = if focused {
        "type to search"
    } else {
        "/ to search"
    };
    if let Some(cursor) = edit_line(
        frame.buffer_mut(),
        inner,
        "› ",
        model.query(),
        placeholder,
        focused,
        theme,
    ) {
        frame.set_cursor_position(cursor);
    }
}

/// Draws a prompt and an editable line in the first row of `area`,
/// scrolled so the cursor shows; returns the cursor cell when `focused`.
fn edit_line(
    buf: &mut Buffer,
    area: Rect,
    prompt: &str,
    line: &LineEdit,
    placeholder: &str,
    focused: bool,
    theme: &Theme,
) -> Option<Position> {
    if area.is_empty() {
        return None;
    }
    let width = usize::from(area.width);
    let prompt = fit(prompt, width);
    let prompt_style = if focused {
        theme.border(true)
    } else {
        theme.dim()
    };
    buf.set_stringn(area.x, area.y, &prompt, width, prompt_style);
    let room = width.saturating_sub(prompt.width());
    if room == 0 {
        return None;
    }
    let shown_text = text::line(line.text());
    let chars: Vec<char> = shown_text.chars().collect();
    if chars.is_empty() && !placeholder.is_empty() {
        let x = area.x + prompt.width() as u16;
        buf.set_stringn(x, area.y, fit(placeholder, room), room, theme.dim());
    }
    // Scroll so the cursor (one cell after the text before it) is visible.
    let cursor = line.cursor().min(chars.len());
    let mut start = 0;
    let width_of =
        |a: usize, b: usize| -> usize { chars[a..b].iter().map(|c| c.width().unwrap_or(0)).sum() };
    while start < cursor && width_of(start, cursor) + 1 > room {
        start += 1;
    }
    let visible: String = chars[start..].iter().collect();
    let x = area.x + prompt.width() as u16;
    let visible = fit_plain(&visible, room);
    buf.set_stringn(x, area.y, &visible, room, Style::new());
    focused.then(|| Position::new(x + width_of(start, cursor) as u16, area.y))
}

/// Cuts to `width` columns without an ellipsis (the line scrolls instead).
fn fit_plain(text: &str, width: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        })
        .collect()
}

/// Draws the facet list.
pub fn render_facets(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let focused = matches!(model.focus(), Focus::Facets | Focus::FacetSearch);
    let selected: usize = crate::timeline::Facet::ALL
        .iter()
        .map(|&f| model.criteria().selected(f).len())
        .sum();
    let right =
        (selected > 0).then(|| Line::from(format!(" {selected} on ")).style(theme.selected()));
    let block = pane_block("Filters", focused, theme);
    let inner = frame_pane(buf, area, block, right);
    if inner.is_empty() {
        return;
    }
    let mut list = inner;
    if model.facet_search_shown() {
        let row = Rect::new(inner.x, inner.y, inner.width, 1);
        let editing = model.focus() == Focus::FacetSearch;
        // The facet filter's cursor is shown by the reversed cell below, as
        // the terminal cursor belongs to the query line.
        if let Some(at) = edit_line(buf, row, "/ ", model.facet_search(), "", editing, theme)
            && let Some(cell) = buf.cell_mut(at)
        {
            cell.set_style(Style::new().add_modifier(ratatui::style::Modifier::REVERSED));
        }
        list = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    }
    if list.is_empty() {
        return;
    }
    if model.facet_rows().is_empty() {
        let message = if model.searching() {
            // Counted with the results on their way.
            "Counting…"
        } else if model.facet_search().is_empty() {
            "No facets in this timeline."
        } else {
            "No entry matches."
        };
        super::message(buf, list, message, theme);
        return;
    }
    let rows = usize::from(list.height);
    let len = model.facet_rows().len();
    let offset = model.facet_offset().min(len.saturating_sub(1));
    let bordered = inner != area;
    let width = if len > rows && !bordered {
        list.width.saturating_sub(1)
    } else {
        list.width
    };
    let query = Query::parse(model.facet_search().text());
    for (i, row) in model
        .facet_rows()
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
    {
        let y = list.y + (i - offset) as u16;
        let line = facet_line(model, row, &query, usize::from(width), theme);
        buf.set_line(list.x, y, &line, width);
        if i == model.facet_cursor() && focused {
            buf.set_style(Rect::new(list.x, y, width, 1), theme.cursor_row(true));
        }
    }
    if len > rows {
        let x = if bordered {
            area.right() - 1
        } else {
            list.right() - 1
        };
        scrollbar(buf, x, list.y, list.height, len, offset, theme);
    }
}

fn facet_line(
    model: &Model,
    row: &FacetRow,
    query: &Query,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    match *row {
        FacetRow::Header(facet) => {
            let plural = facet.plural();
            let mut title = plural[..1].to_uppercase();
            title.push_str(&plural[1..]);
            let n = model.criteria().selected(facet).len();
            let mut spans = vec![Span::styled(fit(&title, width), theme.heading())];
            if n > 0 && title.width() + 6 <= width {
                spans.push(Span::styled(format!(" ({n} on)"), theme.selected()));
            }
            Line::from(spans)
        }
        FacetRow::Entry {
            sym,
            count,
            selected,
            ..
        } => {
            let name = clipped_line(model.timeline().names.get(sym), ROW_CHARS);
            let count_text = count.to_string();
            let check = if selected { "[x] " } else { "[ ] " };
            let name_room = width.saturating_sub(check.len() + count_text.len() + 1);
            let matched = if query.is_empty() {
                Vec::new()
            } else {
                search::highlight(query, &name)
            };
            let base = if selected {
                theme.selected()
            } else if count == 0 {
                theme.dim()
            } else {
                Style::new()
            };
            let mut spans = vec![Span::styled(
                check,
                if selected {
                    theme.selected()
                } else {
                    theme.dim()
                },
            )];
            let name_spans = highlighted(&name, &matched, name_room, base, theme.matched());
            let used: usize = check.len() + name_spans.iter().map(|s| s.width()).sum::<usize>();
            spans.extend(name_spans);
            if used + 1 + count_text.len() <= width {
                let pad = width - used - count_text.len();
                spans.push(Span::raw(" ".repeat(pad)));
                spans.push(Span::styled(count_text, theme.dim()));
            }
            Line::from(spans)
        }
    }
}
