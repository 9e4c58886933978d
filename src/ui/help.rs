//! The overlays: every key (`?`, generated from the key map), and the
//! warnings the files gave as they loaded (`!`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::{Theme, frame_pane, pane_block};
use crate::app::keymap::Keymap;
use crate::app::overlay::{HelpRow, help_rows};
use crate::app::{Model, Overlay, warning_lines};
use crate::text::fit;

/// The overlay's rows for `width` columns, styled: headings, then keys
/// with what they do, wrapped under its own column.
fn lines(keymap: &Keymap, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    help_rows(keymap, width)
        .into_iter()
        .map(|row| match row {
            HelpRow::Blank => Line::default(),
            HelpRow::Heading(title) => Line::styled(title, theme.heading()),
            HelpRow::Keys(keys, column, help) => {
                let keys = format!("  {keys}");
                let pad = column.saturating_sub(keys.width());
                Line::from(vec![
                    Span::styled(keys, theme.selected()),
                    Span::raw(" ".repeat(pad)),
                    Span::raw(help),
                ])
            }
        })
        .collect()
}

/// Draws the overlay over whatever is below.
pub fn render(model: &Model, buf: &mut Buffer, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    Clear.render(area, buf);
    let warnings = model.overlay() == Some(Overlay::Warnings);
    let (title, hint) = match warnings {
        true => (
            format!("Warnings ({})", model.warnings().len()),
            " Esc or F2 closes ".to_owned(),
        ),
        false => (
            "Keys".to_owned(),
            format!(" {} closes ", model.keymap().help_closers()),
        ),
    };
    let block = pane_block(&title, true, theme);
    let hint = Line::from(hint).style(theme.border(true));
    let inner = frame_pane(buf, area, block, Some(hint));
    let all = match warnings {
        // Laid out as the model counts them, so scrolling stops at the end.
        true => warning_lines(model.warnings(), inner.width)
            .into_iter()
            .map(Line::from)
            .collect(),
        false => lines(model.keymap(), theme, inner.width),
    };
    let rows = usize::from(inner.height);
    let scroll = model.help_scroll().min(all.len().saturating_sub(rows));
    for (i, line) in all.iter().skip(scroll).take(rows).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
    if scroll + rows < all.len() && inner.width > 8 && inner.height > 0 {
        let more = fit(" ↓ more ", usize::from(inner.width));
        let x = inner.right().saturating_sub(more.width() as u16);
        buf.set_string(x, inner.bottom() - 1, more, Style::new().reversed());
    }
}
