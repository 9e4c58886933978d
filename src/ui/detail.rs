//! The detail pane: the model's laid-out detail of the current event,
//! styled and scrolled.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{Theme, frame_pane, highlighted, pane_block};
use unicode_width::UnicodeWidthStr;

use crate::app::{DetailLine, Focus, Model, Role, geometry};
use crate::osc;
use crate::text::fit;

/// Draws the detail pane.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let focused = model.focus() == Focus::Detail;
    let lines = model.detail().lines();
    let rows = usize::from(geometry::inner(area).height);
    let scroll = model.detail_scroll().min(lines.len().saturating_sub(rows));
    let more = match (scroll > 0, scroll + rows < lines.len()) {
        (true, true) => Some(" ↑↓ "),
        (false, true) => Some(" ↓ more "),
        (true, false) => Some(" ↑ "),
        (false, false) => None,
    };
    let right = more.map(|m| Line::from(m).style(theme.border(focused)));
    let inner = frame_pane(buf, area, pane_block("Detail", focused, theme), right);
    // Not under an overlay: a link's cell covers the cells after it.
    let links = model.hyperlinks() && !model.help() && model.choice().is_none();
    for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + i as u16;
        buf.set_line(inner.x, y, &styled(line, theme), inner.width);
        if let Some(url) = line.link.as_deref().filter(|_| links) {
            let lead = line.lead.as_ref().map_or(0, |(l, _)| l.width());
            let x = inner.x.saturating_add(lead as u16);
            link(buf, x, y, inner.right(), url, &fit(&line.text, line.room));
        }
    }
}

/// Makes `text`, drawn from `x` on row `y`, an OSC 8 link to `url` (safe:
/// see `osc::safe_url`): the first cell writes the whole text inside the
/// link, and tells the diff it covers the rest, which keep their
/// characters so the next frame compares them as drawn. Nothing when the
/// text does not fit before `right`.
fn link(buf: &mut Buffer, x: u16, y: u16, right: u16, url: &str, text: &str) {
    let Ok(width) = u16::try_from(text.width()) else {
        return;
    };
    let Some(columns) = NonZeroU16::new(width) else {
        return;
    };
    if x.saturating_add(width) > right {
        return;
    }
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_symbol(&osc::hyperlink(url, text))
            .set_diff_option(CellDiffOption::ForcedWidth(columns));
    }
}

/// One laid-out line in the theme's styles.
fn styled(line: &DetailLine, theme: &Theme) -> Line<'static> {
    if line.lead.is_none() && line.text.is_empty() {
        return Line::default();
    }
    let mut spans = Vec::new();
    if let Some((lead, role)) = &line.lead {
        spans.push(Span::styled(lead.clone(), style(*role, theme)));
    }
    spans.extend(highlighted(
        &line.text,
        &line.matched,
        line.room,
        style(line.role, theme),
        theme.matched(),
    ));
    Line::from(spans)
}

fn style(role: Role, theme: &Theme) -> Style {
    match role {
        Role::Plain => Style::new(),
        Role::Title => Style::new().add_modifier(Modifier::BOLD),
        Role::Date => theme.date(),
        Role::Heading => theme.heading(),
        Role::Dim => theme.dim(),
        Role::Quote => Style::new().add_modifier(Modifier::ITALIC),
    }
}
