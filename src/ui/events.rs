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
    let heading = heading(&model.timeline().title, area.width, count.width());
    let block = pane_block(&heading, model.focus() == Focus::Events, theme);
    let inner = frame_pane(buf, area, block, Some(count));
    if inner.is_empty() {
        return;
    }
    if model.hits().is_empty() {
        super::message(buf, inner, &nothing_shown(model), theme);
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
    let shown = model.hits()[offset..]
        .iter()
        .take(rows)
        .map(|hit| &model.timeline().events[hit.index as usize]);
    let (whole, short) = date_widths(shown);
    let columns = Columns::new(usize::from(text_width), whole, short);
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

/// The pane's title: `Events`, then the timeline's own title (sanitised,
/// markup already stripped) in what the border has room for beside the
/// count, which is `count_width` columns wide.
/// Why the list is empty, and the keys that would fill it again.
fn nothing_shown(model: &Model) -> String {
    use super::status::key;
    use crate::app::Action;
    if model.timeline().events.is_empty() {
        return "The timeline has no events.".to_owned();
    }
    // The first results of a new timeline (a reload, the whole of a large
    // file) are on their way: no reason to give yet.
    if model.searching() {
        return "Searching…".to_owned();
    }
    let criteria = model.criteria();
    let query = !criteria.query.is_empty();
    let filters = crate::timeline::Facet::ALL
        .iter()
        .map(|&f| criteria.selected(f).len())
        .sum::<usize>()
        + usize::from(criteria.since.is_some())
        + usize::from(criteria.until.is_some());
    // On the query line, the filters are cleared from the lists.
    let clear_filters = match model.focus() {
        Focus::Query => format!(
            "{} then {}",
            key(model, Action::Submit, Focus::Query),
            key(model, Action::ClearFacets, Focus::Events)
        ),
        _ => key(model, Action::ClearFacets, Focus::Events),
    };
    let clear_query = key(model, Action::Back, Focus::Query);
    let reasons = impossible_filters(model);
    if !reasons.is_empty() {
        let them = if filters == 1 { "it" } else { "them" };
        return format!("{}. {clear_filters} clears {them}.", reasons.join("; "));
    }
    match (query, filters) {
        (true, 0) => format!("No event matches the query. {clear_query} clears it."),
        (false, _) => format!(
            "No event passes the {}. {clear_filters} clears {}.",
            if filters == 1 { "filter" } else { "filters" },
            if filters == 1 { "it" } else { "them" },
        ),
        (true, _) => format!(
            "No event matches the query with the {}. {clear_query} clears the query; \
             {clear_filters} clears the {}.",
            if filters == 1 { "filter" } else { "filters" },
            if filters == 1 { "filter" } else { "filters" },
        ),
    }
}

/// The filters that no event of the whole timeline could pass, in words:
/// a facet value it does not have, dates outside its span.
fn impossible_filters(model: &Model) -> Vec<String> {
    let timeline = model.timeline();
    let criteria = model.criteria();
    let mut reasons = Vec::new();
    for facet in crate::timeline::Facet::ALL {
        let known = timeline.facet_values(facet);
        for &value in criteria.selected(facet) {
            if !known.contains(&value) {
                let name = clipped_line(timeline.names.get(value), ROW_CHARS);
                reasons.push(format!(
                    "No {} named \"{name}\" in this timeline",
                    facet.name()
                ));
            }
        }
    }
    if (criteria.since.is_some() || criteria.until.is_some())
        && let Some((first, last)) = timeline.span()
    {
        let after = criteria.since.filter(|s| s.first_day() > last.last_day());
        let before = criteria.until.filter(|u| u.last_day() < first.first_day());
        let runs = format!("runs from {} to {}", first.human(), last.human());
        if let Some(since) = after {
            reasons.push(format!("No event from {since} on: the timeline {runs}"));
        } else if let Some(until) = before {
            reasons.push(format!("No event up to {until}: the timeline {runs}"));
        }
    }
    reasons
}

fn heading(title: &str, width: u16, count_width: usize) -> String {
    let title = clipped_line(title, ROW_CHARS);
    let title = title.trim();
    if title.is_empty() {
        return "Events".to_string();
    }
    // Two corners, a space either side of the heading, one between it and
    // the count.
    let room = usize::from(width).saturating_sub(2 + 2 + 1 + count_width);
    let shown = fit(&format!("Events · {title}"), room);
    if shown.width() < "Events · ".width() + 2 {
        "Events".to_string()
    } else {
        shown
    }
}

/// Column widths of one row: gutter, date, title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    /// Width of the date column (0: no date column).
    pub date: usize,
    /// Width left for the title.
    pub title: usize,
}

/// Gutter: pointer, mark, space, approximate sign.
const GUTTER: usize = 4;
/// Space between the date and the title.
const GAP: usize = 2;
/// Title columns the date column leaves at the least while it grows from
/// spans cut to `start →` towards whole spans: below this the row truly
/// lacks room for both ends of a span.
const TITLE_KEEPS: usize = 32;

impl Columns {
    /// The columns of a row `width` wide whose widest date labels are
    /// `whole`, and `short` with spans cut to `start →`.
    ///
    /// The date column widens a column at a time from `short` to `whole`
    /// as the row widens past `short + TITLE_KEEPS`, so the title's room
    /// never shrinks as the terminal grows (a label wider than the column
    /// shows as `start →`).
    pub fn new(width: usize, whole: usize, short: usize) -> Columns {
        let room = width.saturating_sub(GUTTER + GAP);
        let date = if room >= short + TITLE_KEEPS {
            (room - TITLE_KEEPS).min(whole.max(short))
        } else {
            // Spans shortened to `start →`, on at most a third of the row.
            short.min(width.saturating_sub(GUTTER) / 3)
        };
        let date = if date < 4 { 0 } else { date };
        let used = GUTTER + date + if date > 0 { GAP } else { 0 };
        Columns {
            date,
            title: width.saturating_sub(used),
        }
    }
}

/// The widest date label of `events`, whole and with spans cut to
/// `start →`: the rows on screen, so the column is no wider than what it
/// shows.
pub fn date_widths<'a>(events: impl Iterator<Item = &'a Event>) -> (usize, usize) {
    events.fold((0, 0), |(whole, short), e| {
        let full = e.date_label().width();
        let cut = if e.end_date.is_some() {
            e.short_date_label().width()
        } else {
            full
        };
        (whole.max(full), short.max(cut))
    })
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
    // The day without its time before a cut label.
    let day = event.date.without_time().label(LabelStyle::Short);
    if day.width() <= width {
        return day;
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

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;
    use crate::app::{Focus, geometry};
    use crate::timeline::{EMBEDDED, EMBEDDED_NAME, parse};

    /// Title columns each of the first rows of the embedded timeline gets
    /// at start (query focused, sorted by date) on a `w`×`h` terminal, by
    /// event index, as drawn by `render`.
    fn title_room(events: &[Event], w: u16, h: u16) -> (Columns, Vec<usize>) {
        let area = geometry::areas(Rect::new(0, 0, w, h), Focus::Query).events;
        let inner = geometry::inner(area);
        let rows = usize::from(inner.height);
        let (whole, short) = date_widths(events.iter().take(rows));
        let columns = Columns::new(usize::from(inner.width), whole, short);
        let shown = events
            .iter()
            .take(rows)
            .map(|e| e.title().width().min(columns.title))
            .collect();
        (columns, shown)
    }

    #[test]
    fn titles_get_no_less_room_on_a_wider_terminal() {
        let timeline = parse(EMBEDDED_NAME, EMBEDDED.as_bytes()).unwrap();
        let events = &timeline.events;
        for h in [24, 35, 50] {
            let (mut was, mut before) = title_room(events, 60, h);
            for w in 61..=240 {
                let (columns, now) = title_room(events, w, h);
                // Within a layout the room itself grows; where the detail
                // pane moves beside the list it may shrink, but never below
                // the 80 columns that hold every title whole.
                assert!(
                    columns.title >= was.title.min(80),
                    "{w}x{h}: title room {} after {}",
                    columns.title,
                    was.title
                );
                for (i, (a, b)) in before.iter().zip(&now).enumerate() {
                    assert!(
                        b >= a,
                        "{w}x{h}: {:?} gets {b} columns, {a} at {}",
                        events[i].title(),
                        w - 1
                    );
                }
                // Spans show both ends wherever the list is wide.
                if w >= 99 {
                    assert_eq!(columns.date, date_widths(events.iter().take(now.len())).0);
                }
                before = now;
                was = columns;
            }
        }
    }

    #[test]
    fn the_date_column_is_as_wide_as_the_labels_it_shows() {
        let timeline = parse(
            "t.json",
            br#"{"events":[
              {"id":"a","date":"-0300","title":"Euclid"},
              {"id":"b","date":"2017-02","end_date":"2026-09","title":"Span"}]}"#,
        )
        .unwrap();
        let events = &timeline.events;
        assert_eq!(date_widths(events.iter().take(1)), (7, 7));
        assert_eq!(date_widths(events.iter()), (17, 9));
        assert_eq!(Columns::new(80, 7, 7), Columns { date: 7, title: 67 });
        assert_eq!(
            Columns::new(80, 17, 9),
            Columns {
                date: 17,
                title: 57
            }
        );
        // Too narrow for the whole span beside a title: `start →`.
        assert_eq!(Columns::new(40, 17, 9), Columns { date: 9, title: 25 });
        // Between the two, the column grows and the title keeps its room.
        assert_eq!(
            Columns::new(50, 17, 9),
            Columns {
                date: 12,
                title: 32
            }
        );
        assert_eq!(date_text(&events[1], 9), "2017-02 →");
    }
}
