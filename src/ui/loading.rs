//! The loading screen: what is being read and how far, drawn while a large
//! timeline loads, before the explorer exists.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph};

use super::{Theme, pane_block};
use crate::text::fit;

/// What the loading screen shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loading<'a> {
    /// What is read: a file name, several, or standard input.
    pub what: &'a str,
    /// Bytes read past.
    pub bytes: u64,
    /// Bytes in all, when known (not for a pipe).
    pub total: Option<u64>,
    /// True once every byte is read and the events are being sorted.
    pub sorting: bool,
}

/// Draws the loading screen, centred.
pub fn render(loading: &Loading<'_>, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < 8 || area.height < 3 {
        return;
    }
    let width = area.width.min(64);
    let height = area.height.min(6);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [bx] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    let block = pane_block("tlx", true, theme);
    let inner = block.inner(bx);
    frame.render_widget(block, bx);
    let text_width = usize::from(inner.width);
    let mut lines: Vec<Rect> = Layout::vertical([Constraint::Length(1); 4])
        .split(inner)
        .iter()
        .copied()
        .collect();
    lines.retain(|r| !r.is_empty());
    let heading = match loading.sorting {
        true => "Sorting the events of ".to_owned() + loading.what,
        false => "Loading ".to_owned() + loading.what,
    };
    let ratio = match (loading.sorting, loading.total) {
        (true, _) => Some(1.0),
        (false, Some(total)) if total > 0 => Some((loading.bytes as f64 / total as f64).min(1.0)),
        _ => None,
    };
    let amount = match loading.total {
        Some(total) => format!("{} of {}", size(loading.bytes), size(total)),
        None => format!("{} read", size(loading.bytes)),
    };
    let texts = [
        Some(Line::raw(fit(&crate::text::line(&heading), text_width))),
        None,
        Some(Line::raw(fit(&amount, text_width))),
        Some(Line::styled(fit("Ctrl-C cancels", text_width), theme.dim())),
    ];
    for (area, text) in lines.iter().zip(texts) {
        match text {
            Some(text) => frame.render_widget(Paragraph::new(text), *area),
            None => {
                let gauge = Gauge::default()
                    .gauge_style(theme.bar_hits().add_modifier(Modifier::BOLD))
                    .use_unicode(true);
                let gauge = match ratio {
                    Some(r) => gauge.ratio(r).label(format!("{:.0}%", r * 100.0)),
                    // A pipe's length is unknown: an empty bar, no percentage.
                    None => gauge.ratio(0.0).label(""),
                };
                frame.render_widget(gauge, *area);
            }
        }
    }
}

/// A byte count as people read it: `812 kB`, `45.1 MB`, `1.2 GB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    match value < 100.0 {
        true => format!("{value:.1} {}", UNITS[unit]),
        false => format!("{value:.0} {}", UNITS[unit]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(999), "999 B");
        assert_eq!(size(1_000), "1.0 kB");
        assert_eq!(size(812_400), "812 kB");
        assert_eq!(size(45_100_000), "45.1 MB");
        assert_eq!(size(1_234_000_000), "1.2 GB");
    }
}
