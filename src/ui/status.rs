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

/// Draws the status line.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let mut left = vec![Span::styled(
        format!(" {}/{} ", model.hits().len(), model.timeline().events.len()),
        theme
            .border(true)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD),
    )];
    let mut parts = Vec::new();
    if model.searching() {
        // The list still shows the previous results.
        parts.push(Span::styled("searching…", theme.notice()));
    }
    parts.extend(summary(model).into_iter().map(Span::raw));
    for (i, part) in parts.into_iter().enumerate() {
        left.push(Span::styled(if i == 0 { " " } else { " · " }, theme.dim()));
        left.push(part);
    }
    if let Some(notice) = model.notice() {
        left.push(Span::styled(" · ", theme.dim()));
        left.push(Span::styled(notice, theme.notice()));
    }
    if let Some(report) = model.report() {
        left.push(Span::styled(" · ", theme.dim()));
        let style = match report.error {
            true => theme.notice(),
            false => theme.dim(),
        };
        left.push(Span::styled(report.text.as_str(), style));
    }
    let left_width: usize = left.iter().map(|s| s.width()).sum();
    let mut spans = left;
    // As many hints as fit, most useful first, flush right.
    let mut hint_text = String::new();
    for (key, what) in keymap::hints(model.focus(), model.help(), model.multi()) {
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

/// Active filters, sort and marks, in words.
fn summary(model: &Model) -> Vec<String> {
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
    if let Some((a, b)) = model.selection().and_then(|s| s.dates()) {
        parts.push(format!(
            "choosing {} … {}: {} sets, {} cancels",
            a.human(),
            b.human(),
            key(crate::app::Action::ConfirmRange),
            key(crate::app::Action::CancelRange)
        ));
    }
    if let Some(since) = model.criteria().since {
        parts.push(format!("since {since}"));
    }
    if let Some(until) = model.criteria().until {
        parts.push(format!("until {until}"));
    }
    // What the order is now, not the setting's name: `auto` reads as best
    // match while there is a query, and by date without one.
    let ranked = !model.criteria().query.is_empty();
    parts.push(match model.sort() {
        Sort::Auto if ranked => "best match first".to_owned(),
        Sort::Auto => "by date".to_owned(),
        sort => format!("sort {sort}"),
    });
    if !model.marks().is_empty() {
        parts.push(format!("{} marked", model.marks().len()));
    }
    match model.warnings().len() {
        0 => {}
        n => parts.push(format!(
            "{n} warning{}: {}",
            if n == 1 { "" } else { "s" },
            key(crate::app::Action::ToggleWarnings)
        )),
    }
    parts
}

/// A key bound to `action`, the one that works in every pane if there is
/// one: from the key table, so a rebinding shows here.
fn key(action: crate::app::Action) -> String {
    let bound = || keymap::BINDINGS.iter().filter(|b| b.action == action);
    bound()
        .find(|b| b.scope == keymap::Scope::Everywhere)
        .or_else(|| bound().next())
        .and_then(|b| b.keys.first())
        .map(keymap::key_label)
        .unwrap_or_default()
}
