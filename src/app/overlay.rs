//! The help overlay's text laid out for a width: descriptions wrapped at
//! spaces under their own column, so no word is cut. The model bounds its
//! scrolling and the view draws it from the same rows.

use unicode_width::UnicodeWidthStr;

use super::detail::wrap;
use super::keymap::{HelpLine, Keymap};

/// Where descriptions start: two spaces, the keys, at least one space.
pub const KEYS_COLUMN: usize = 24;

/// Below this many columns for the description, it goes under its keys.
const NARROW: usize = 24;

/// One row of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpRow {
    /// Between sections.
    Blank,
    /// (Part of) a section's title.
    Heading(String),
    /// Keys (empty on a description's later rows), the column where the
    /// description starts, and (a row of) the description.
    Keys(String, usize, String),
}

/// The help overlay's rows for `width` columns, from the key map in effect.
pub fn help_rows(keymap: &Keymap, width: u16) -> Vec<HelpRow> {
    let width = usize::from(width.max(1));
    let mut rows = Vec::new();
    for line in keymap.help_lines() {
        match line {
            HelpLine::Blank => rows.push(HelpRow::Blank),
            HelpLine::Heading(title) => {
                rows.extend(wrapped(title, width).into_iter().map(HelpRow::Heading));
            }
            HelpLine::Keys(keys, help) => {
                let keys_width = keys.width() + 2;
                // Wide enough: keys, then the description in its column.
                // Narrow: the keys alone, the description indented below.
                let column = keys_width.max(KEYS_COLUMN - 1) + 1;
                let (column, first) = match width.saturating_sub(column) >= NARROW {
                    true => (column, Some(keys)),
                    false => {
                        rows.push(HelpRow::Keys(keys, 0, String::new()));
                        (4.min(width.saturating_sub(1)), None)
                    }
                };
                let mut first = first;
                for part in wrapped(&help, width - column) {
                    rows.push(HelpRow::Keys(
                        first.take().unwrap_or_default(),
                        column,
                        part,
                    ));
                }
            }
        }
    }
    rows
}

/// `text` wrapped at spaces to `width` columns.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    wrap(&chars, width.max(1))
        .into_iter()
        .map(|(a, b)| chars[a..b].iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &[HelpRow]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                HelpRow::Blank => String::new(),
                HelpRow::Heading(h) => h.clone(),
                HelpRow::Keys(k, column, help) => {
                    let keys = format!("  {k}");
                    let pad = column.saturating_sub(keys.width());
                    format!("{keys}{}{help}", " ".repeat(pad))
                }
            })
            .collect()
    }

    #[test]
    fn every_word_of_the_help_is_shown_whole_at_any_width() {
        let keymap = Keymap::default();
        let words: Vec<String> = keymap
            .help_lines()
            .iter()
            .flat_map(|l| match l {
                HelpLine::Keys(_, help) => help.split(' ').map(str::to_owned).collect(),
                HelpLine::Heading(h) => h.split(' ').map(str::to_owned).collect(),
                HelpLine::Blank => Vec::new(),
            })
            .collect();
        for width in [40u16, 58, 60, 80, 120] {
            let rows = help_rows(&keymap, width);
            let shown = text(&rows);
            for row in &shown {
                assert!(row.width() <= usize::from(width), "{width}: {row:?}");
            }
            let shown_words: Vec<&str> = rows
                .iter()
                .flat_map(|r| match r {
                    HelpRow::Keys(_, _, help) => help.split(' ').collect::<Vec<_>>(),
                    HelpRow::Heading(h) => h.split(' ').collect(),
                    HelpRow::Blank => Vec::new(),
                })
                .filter(|w| !w.is_empty())
                .collect();
            let all: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(shown_words, all, "at {width} columns");
        }
    }

    #[test]
    fn descriptions_wrap_under_their_column() {
        let rows = text(&help_rows(&Keymap::default(), 58));
        let at = rows
            .iter()
            .position(|r| r.contains("Shift-Tab"))
            .expect("a Shift-Tab row");
        assert_eq!(
            rows[at],
            "  Shift-Tab             mark / unmark the event, then move"
        );
        assert_eq!(rows[at + 1], "                        up");
    }
}
