//! The detail pane: the current event in full, wrapped and scrollable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::{SHOWN_CHARS, Theme, clipped_block, clipped_line, frame_pane, highlighted, pane_block};
use crate::app::{Focus, Model};
use crate::search::{self, Query};
use crate::timeline::{Event, Facet};

/// The most sources listed; the rest are counted.
const SHOWN_SOURCES: usize = 100;

/// Width of the label column (`Companies  `).
const LABEL: usize = 11;

/// Draws the detail pane.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let focused = model.focus == Focus::Detail;
    let inner = crate::ui::layout::inner(area);
    let lines = lines(model, inner.width, theme);
    let rows = usize::from(inner.height);
    let scroll = model.detail_scroll.min(lines.len().saturating_sub(rows));
    let more = match (scroll > 0, scroll + rows < lines.len()) {
        (true, true) => Some(" ↑↓ "),
        (false, true) => Some(" ↓ more "),
        (true, false) => Some(" ↑ "),
        (false, false) => None,
    };
    let right = more.map(|m| Line::from(m).style(theme.border(focused)));
    let inner = frame_pane(buf, area, pane_block("Detail", focused, theme), right);
    for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}

/// How many lines the detail of the current event takes at `width` columns.
pub fn line_count(model: &Model, width: u16) -> usize {
    lines(model, width, &Theme::new(false)).len()
}

/// The detail of the current event, wrapped to `width` columns.
pub fn lines(model: &Model, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let width = usize::from(width);
    if width == 0 {
        return Vec::new();
    }
    let Some(index) = model.current() else {
        return vec![Line::styled(
            super::fit("No event selected.", width),
            theme.dim(),
        )];
    };
    let event = &model.timeline.events[index];
    let mut out = Vec::new();
    let query = &model.filter.query;
    let title = clipped_line(event.title(), SHOWN_CHARS);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    push_wrapped(
        &mut out,
        &title,
        &matches(query, &title),
        width,
        0,
        bold,
        theme,
    );
    let mut date = event.date_label();
    if event.approximate {
        date.push_str(" · approx.");
    }
    if let Some(shown) = &event.display_date() {
        date.push_str(&format!(" · “{}”", clipped_line(shown, SHOWN_CHARS)));
    }
    push_wrapped(&mut out, &date, &[], width, 0, theme.date(), theme);
    out.push(Line::default());
    let names = |facet: Facet| -> String {
        model
            .timeline
            .facet_names(event, facet)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let people = event
        .people
        .iter()
        .map(|p| &**p)
        .collect::<Vec<_>>()
        .join(", ");
    let fields: [(&str, String); 6] = [
        ("Kind", event.kind().to_string()),
        ("Place", event.place().to_string()),
        ("Companies", names(Facet::Company)),
        ("Countries", names(Facet::Country)),
        ("Topics", names(Facet::Topic)),
        ("People", people),
    ];
    let mut any_field = false;
    for (label, value) in fields {
        if value.is_empty() {
            continue;
        }
        any_field = true;
        push_field(
            &mut out,
            label,
            &clipped_line(&value, SHOWN_CHARS),
            query,
            width,
            theme,
        );
    }
    if any_field {
        out.push(Line::default());
    }
    if !event.summary().is_empty() {
        let summary = clipped_block(event.summary(), SHOWN_CHARS);
        for paragraph in summary.split('\n') {
            if paragraph.trim().is_empty() {
                out.push(Line::default());
                continue;
            }
            push_wrapped(
                &mut out,
                paragraph,
                &matches(query, paragraph),
                width,
                0,
                Style::new(),
                theme,
            );
        }
        out.push(Line::default());
    }
    push_sources(&mut out, event, width, theme);
    push_wrapped(
        &mut out,
        &format!("id: {}", clipped_line(event.id(), SHOWN_CHARS)),
        &[],
        width,
        0,
        theme.dim(),
        theme,
    );
    out
}

fn matches(query: &Query, text: &str) -> Vec<usize> {
    if query.is_empty() {
        Vec::new()
    } else {
        search::highlight(query, text)
    }
}

fn push_field(
    out: &mut Vec<Line<'static>>,
    label: &str,
    value: &str,
    query: &Query,
    width: usize,
    theme: &Theme,
) {
    if width >= 28 {
        let start = out.len();
        push_wrapped(
            out,
            value,
            &matches(query, value),
            width,
            LABEL,
            Style::new(),
            theme,
        );
        if let Some(first) = out.get_mut(start) {
            first.spans[0] = Span::styled(format!("{label:<LABEL$}"), theme.heading());
        }
    } else {
        out.push(Line::styled(super::fit(label, width), theme.heading()));
        push_wrapped(
            out,
            value,
            &matches(query, value),
            width,
            2,
            Style::new(),
            theme,
        );
    }
}

fn push_sources(out: &mut Vec<Line<'static>>, event: &Event, width: usize, theme: &Theme) {
    if event.sources.is_empty() {
        return;
    }
    let heading = if event.sources.len() == 1 {
        "Source"
    } else {
        "Sources"
    };
    out.push(Line::styled(super::fit(heading, width), theme.heading()));
    for source in event.sources.iter().take(SHOWN_SOURCES) {
        let mut credit: Vec<String> = [&source.publisher(), &source.author(), &source.date()]
            .into_iter()
            .flatten()
            .map(|s| clipped_line(s, SHOWN_CHARS).into_owned())
            .collect();
        if let Some(lang) = &source.language() {
            credit.push(format!("[{}]", clipped_line(lang, SHOWN_CHARS)));
        }
        let start = out.len();
        push_wrapped(out, &credit.join(" · "), &[], width, 2, Style::new(), theme);
        if let Some(first) = out.get_mut(start) {
            first.spans[0] = Span::styled("• ", theme.dim());
        }
        if let Some(title) = &source.title() {
            let quoted = format!("“{}”", clipped_line(title, SHOWN_CHARS));
            let italic = Style::new().add_modifier(Modifier::ITALIC);
            push_wrapped(out, &quoted, &[], width, 2, italic, theme);
        }
        if let Some(url) = &source.url() {
            let url = clipped_line(url, SHOWN_CHARS);
            push_wrapped(out, &url, &[], width, 2, theme.dim(), theme);
        }
    }
    if let Some(more) = event
        .sources
        .len()
        .checked_sub(SHOWN_SOURCES)
        .filter(|&n| n > 0)
    {
        let note = format!("… and {more} more");
        out.push(Line::styled(super::fit(&note, width), theme.dim()));
    }
    out.push(Line::default());
}

/// Wraps `text` into `out` at `width` columns with every line indented by
/// `indent` (the first span of each line is the indent, so callers can
/// replace it with a label), highlighting the characters at `matched`.
fn push_wrapped(
    out: &mut Vec<Line<'static>>,
    text: &str,
    matched: &[usize],
    width: usize,
    indent: usize,
    base: Style,
    theme: &Theme,
) {
    let indent = if indent + 8 > width { 0 } else { indent };
    let room = width - indent;
    let chars: Vec<char> = text.chars().collect();
    for (start, end) in wrap(&chars, room) {
        let piece: String = chars[start..end].iter().collect();
        let local: Vec<usize> = matched
            .iter()
            .filter(|&&m| m >= start && m < end)
            .map(|&m| m - start)
            .collect();
        let mut spans = vec![Span::raw(" ".repeat(indent))];
        spans.extend(highlighted(&piece, &local, room, base, theme.matched()));
        out.push(Line::from(spans));
    }
}

/// Splits a paragraph into lines of at most `width` columns, at spaces
/// where possible; returns char ranges. Spaces at a break are dropped.
fn wrap(chars: &[char], width: usize) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    let cw = |c: char| c.width().unwrap_or(0);
    let (mut start, mut used, mut space) = (0, 0, None::<usize>);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if used + cw(c) > width && i > start {
            if c == ' ' {
                lines.push((start, i));
                (start, used, space) = (i + 1, 0, None);
                i += 1;
                continue;
            }
            match space.filter(|&s| s > start) {
                Some(s) => {
                    lines.push((start, s));
                    start = s + 1;
                }
                None => {
                    lines.push((start, i));
                    start = i;
                }
            }
            space = None;
            used = chars[start..i].iter().map(|&c| cw(c)).sum();
            continue;
        }
        if c == ' ' {
            space = Some(i);
        }
        used += cw(c);
        i += 1;
    }
    lines.push((start, chars.len()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn wrapped(text: &str, width: usize) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        wrap(&chars, width)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        assert_eq!(
            wrapped("Orange and Huawei launch", 10),
            ["Orange and", "Huawei", "launch"]
        );
        assert_eq!(wrapped("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrapped("", 4), [""]);
        assert!(wrapped("abc", 0).is_empty());
    }

    #[test]
    fn a_huge_event_lays_out_a_bounded_detail() {
        // Before the fix, megabytes of title and summary were sanitised and
        // wrapped whole on every frame: seconds per key.
        use crate::app::{Action, dispatch};
        use crate::search::{Filter, Sort};
        let big = "ab ".repeat(2 << 20);
        let sources: Vec<String> = (0..1000).map(|i| format!(r#"{{"url": "u{i}"}}"#)).collect();
        let json = format!(
            r#"{{"events": [{{"id": "a", "date": "2020", "title": "{big}", "summary": "{big}",
               "kind": "{big}", "sources": [{}]}}]}}"#,
            sources.join(",")
        );
        let tl = crate::timeline::parse("t.json", json.as_bytes()).unwrap();
        let mut m = Model::new(&tl, "ab", Filter::default(), Sort::Date, true);
        dispatch(&mut m, Action::Resize(120, 35));
        let shown = lines(&m, 40, &Theme::new(true));
        assert!(shown.len() < 20_000, "{} lines", shown.len());
        let text: Vec<String> = shown.iter().map(|l| l.to_string()).collect();
        assert!(text.iter().any(|l| l.ends_with('…')));
        assert!(
            text.iter().any(|l| l == "… and 900 more"),
            "{:?}",
            &text[text.len() - 5..]
        );
    }

    #[test]
    fn wide_characters_never_overflow() {
        for w in 1..12 {
            for line in wrapped("华为 与 Orange 合作 🚀🚀 cloud", w) {
                assert!(line.width() <= w.max(2), "{line:?} at {w}");
            }
        }
    }
}
