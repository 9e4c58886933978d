//! The detail pane: the model's laid-out detail of the current event,
//! styled and scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{Theme, frame_pane, highlighted, pane_block};
use crate::app::{DetailLine, Focus, Model, Role, geometry};

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
    for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
        buf.set_line(
            inner.x,
            inner.y + i as u16,
            &styled(line, theme),
            inner.width,
        );
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
