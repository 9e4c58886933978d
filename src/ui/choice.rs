//! The list of an event's addresses to open, over the panes: numbered,
//! the one under the cursor highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::{Theme, frame_pane, pane_block};
use crate::app::Model;
use crate::text::fit;

/// Draws the list over whatever is below, when one is shown.
pub fn render(model: &Model, buf: &mut Buffer, screen: Rect, theme: &Theme) {
    let Some(choice) = model.choice() else {
        return;
    };
    let rows = choice.rows();
    let area = choice.area(screen);
    if area.is_empty() {
        return;
    }
    Clear.render(area, buf);
    let hint = Line::from(" Enter opens, Esc closes ").style(theme.border(true));
    let inner = frame_pane(buf, area, pane_block("Open", true, theme), Some(hint));
    let height = usize::from(inner.height);
    let offset = choice.offset(height);
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let style = match i == choice.cursor {
            true => theme.cursor_row(true),
            false => ratatui::style::Style::new(),
        };
        let text = fit(&format!(" {row}"), usize::from(inner.width));
        let pad = usize::from(inner.width).saturating_sub(text.width());
        let line = Line::styled(format!("{text}{}", " ".repeat(pad)), style);
        buf.set_line(inner.x, inner.y + (i - offset) as u16, &line, inner.width);
    }
}
