//! The status line: match count, active filters, sort, marks, key hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::app::{Model, keymap};
use crate::search::Sort;
use crate::text::{ROW_CHARS, clipped_line, fit};
use crate::timeline::Facet;

/// Draws the status line: the count, then the facts (marks, notices,
/// warnings, filters, order), then as many key hints as fit. When the facts
/// do not fit, the filters shrink to how many there are (the Filters pane
/// lists them), then the order goes: hints never push a fact out.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let count = Span::styled(
        format!(" {}/{} ", model.hits().len(), model.timeline().events.len()),
        // The cursor's colours: a pair that reads on any background.
        theme.cursor_row(true).add_modifier(Modifier::BOLD),
    );
    let line_of = |parts: Vec<Span<'static>>| {
        let mut left = vec![count.clone()];
        for (i, part) in parts.into_iter().enumerate() {
            left.push(Span::styled(if i == 0 { " " } else { " · " }, theme.dim()));
            left.push(part);
        }
        left
    };
    let width_of = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let mut left = line_of(facts(model, theme, Detail::Full));
    for detail in [Detail::FiltersCounted, Detail::Least] {
        if width_of(&left) <= width {
            break;
        }
        left = line_of(facts(model, theme, detail));
    }
    let left_width = width_of(&left);
    let mut spans = left;
    // As many hints as fit, most useful first, flush right.
    let mut hint_text = String::new();
    for (key, what) in model
        .keymap()
        .hints(model.focus(), model.help(), model.multi())
    {
        let next = format!("{key} {what}  ");
        if left_width + 2 + hint_text.width() + next.width() > width {
            break;
        }
        hint_text.push_str(&next);
    }
    if !hint_text.is_empty() {
        let pad = width - left_width - hint_text.width();
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(hint_text, theme.dim()));
    }
    let line = Line::from(spans);
    buf.set_line(area.x, area.y, &line, area.width);
    if left_width > width && width > 0 {
        // Show that the line goes on.
        if let Some(cell) = buf.cell_mut((area.right() - 1, area.y)) {
            cell.set_symbol("…");
        }
    }
}

/// `1234567` as `1,234,567`.
fn grouped(n: usize) -> String {
    crate::timeline::group_thousands(n as u128)
}

/// How much the status line says of the filters and the order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Every filter by name, and the order.
    Full,
    /// How many filters are on, and the order.
    FiltersCounted,
    /// How many filters are on; no order.
    Least,
}

/// The facts after the count, most important first: what is being done,
/// marks, the last notice, warnings, then filters and order.
fn facts(model: &Model, theme: &Theme, detail: Detail) -> Vec<Span<'static>> {
    let mut parts = Vec::new();
    if let Some(loading) = model.loading() {
        // The count before it is of the events read so far.
        parts.push(Span::styled(
            format!(
                "loading {}%: ~{} of ~{} events read",
                loading.percent,
                grouped(loading.read),
                grouped(loading.estimate)
            ),
            theme.notice(),
        ));
    }
    if model.searching() {
        // The list still shows the previous results.
        parts.push(Span::styled("searching…", theme.notice()));
    } else if model.ranking() {
        // The first rows are in order; the rest show in date order.
        parts.push(Span::styled("ranking…", theme.notice()));
    }
    if let Some((a, b)) = model.selection().and_then(|s| s.dates()) {
        parts.push(Span::raw(format!(
            "choosing {} … {}: {} sets, {} cancels",
            a.human(),
            b.human(),
            key(model, crate::app::Action::ConfirmRange, model.focus()),
            key(model, crate::app::Action::CancelRange, model.focus())
        )));
    }
    if !model.marks().is_empty() {
        parts.push(Span::styled(
            format!("{} marked", model.marks().len()),
            theme.mark(),
        ));
    }
    if let Some(notice) = model.notice() {
        parts.push(Span::styled(notice.to_owned(), theme.notice()));
    }
    if let Some(report) = model.report() {
        // What a reload did: news, not a warning, unless it failed.
        let style = match report.error {
            true => theme.notice(),
            false => theme.dim(),
        };
        parts.push(Span::styled(report.text.clone(), style));
    }
    match model.warnings().len() {
        0 => {}
        n => parts.push(Span::raw(format!(
            "{n} warning{}: {}",
            if n == 1 { "" } else { "s" },
            key(model, crate::app::Action::ToggleWarnings, model.focus())
        ))),
    }
    let filters = filters(model);
    match detail {
        Detail::Full => parts.extend(filters.into_iter().map(Span::raw)),
        _ if filters.is_empty() => {}
        _ => parts.push(Span::raw(match filters.len() {
            1 => "1 filter".to_owned(),
            n => format!("{n} filters"),
        })),
    }
    if detail != Detail::Least {
        // What the order is now, not the setting's name: `auto` reads as
        // best match while there is a query, and by date without one.
        let ranked = !model.criteria().query.is_empty();
        parts.push(Span::raw(match model.sort() {
            Sort::Auto if ranked => "best match first".to_owned(),
            Sort::Auto => "by date".to_owned(),
            sort => format!("sort {sort}"),
        }));
    }
    parts
}

/// The facet and date filters on, in words.
fn filters(model: &Model) -> Vec<String> {
    let mut parts = Vec::new();
    for facet in Facet::ALL {
        let selected = model.criteria().selected(facet);
        if selected.is_empty() {
            continue;
        }
        let names: Vec<String> = selected
            .iter()
            .map(|&s| clipped_line(model.timeline().names.get(s), ROW_CHARS).into_owned())
            .collect();
        parts.push(format!("{}: {}", facet.name(), fit(&names.join(" | "), 40)));
    }
    if let Some(since) = model.criteria().since {
        parts.push(format!("since {since}"));
    }
    if let Some(until) = model.criteria().until {
        parts.push(format!("until {until}"));
    }
    parts
}

/// The first key bound to `action` where `focus` is (help overlay shut),
/// else the one that works in every pane, else any: from the key map in
/// effect, so a rebinding shows here.
pub(super) fn key(model: &Model, action: crate::app::Action, focus: crate::app::Focus) -> String {
    let keymap = model.keymap();
    let scopes = keymap::scopes_for(focus, false, false);
    keymap
        .keys_for(scopes, &action)
        .first()
        .map(keymap::key_label)
        .or_else(|| keymap.label_for(&action))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Loading, Options, Runtime};

    #[test]
    fn while_the_whole_is_read_the_line_says_how_far_and_how_many() {
        let text = r#"{"events": [{"id": "a", "date": "2001", "title": "A"}]}"#;
        let timeline = crate::timeline::parse("t.json", text.as_bytes()).unwrap();
        let mut runtime = Runtime::headless(&timeline, Options::default(), 120, 35);
        let line = |runtime: &Runtime| {
            let area = Rect::new(0, 0, 120, 1);
            let mut buf = Buffer::empty(area);
            render(runtime.model(), &mut buf, area, &Theme::default());
            (0..120)
                .map(|x| buf[(x, 0)].symbol().to_owned())
                .collect::<String>()
        };
        assert!(!line(&runtime).contains("loading"));
        let loading = Loading {
            percent: 37,
            read: 456_789,
            estimate: 1_234_567,
        };
        assert!(runtime.loading(Some(loading)));
        assert!(!runtime.loading(Some(loading)), "no change, no frame");
        assert!(
            line(&runtime).starts_with(" 1/1  loading 37%: ~456,789 of ~1,234,567 events read"),
            "{}",
            line(&runtime)
        );
        assert!(runtime.loading(None));
        assert!(!line(&runtime).contains("loading"));
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }
}
