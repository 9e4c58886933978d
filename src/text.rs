//! Making untrusted text safe to show on a terminal.
//!
//! Timelines come from other people. Their text must never reach the
//! terminal raw: an escape sequence could retitle the window, rewrite the
//! clipboard or hide content, and a bidi override could reorder what is read.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns a tab advances to.
const TAB_STOP: usize = 4;

/// True for characters that must not reach a terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Bidi controls and invisible format characters that can disguise text.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{061C}'               // Arabic letter mark
        | '\u{200B}'             // zero-width space
        | '\u{200E}' | '\u{200F}' // LRM, RLM
        | '\u{202A}'..='\u{202E}' // embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{FEFF}'             // BOM / zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
    )
}

/// The visible stand-in for an unsafe character: the Control Pictures block
/// for C0 and DEL, U+FFFD for everything else.
fn visible(c: char) -> char {
    match c {
        '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Sanitises text for one screen line: tabs become spaces, line breaks and
/// every other control or invisible format character become visible symbols.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut column = 0;
    for c in text.chars() {
        if c == '\t' {
            let spaces = TAB_STOP - column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else if is_unsafe(c) {
            out.push(visible(c));
            column += 1;
        } else {
            out.push(c);
            column += 1;
        }
    }
    Cow::Owned(out)
}

/// Keeps one record one record: NUL always, and line breaks (LF, CR)
/// unless `keep_line_breaks` (records separated by NUL), become visible
/// symbols; everything else stays as it is (`--raw` output).
pub fn framed(text: &str, keep_line_breaks: bool) -> Cow<'_, str> {
    let breaks = |c: char| c == '\0' || (!keep_line_breaks && (c == '\n' || c == '\r'));
    if !text.contains(breaks) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if breaks(c) { visible(c) } else { c })
            .collect(),
    )
}

/// Sanitises a block of text: like [`line`], but keeps line breaks
/// (`\r\n` and lone `\r` count as one).
pub fn block(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && c != '\n') {
        return Cow::Borrowed(text);
    }
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = normalised
        .split('\n')
        .map(|l| line(l).into_owned())
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// The most characters a list row lays out from one field: a row is at
/// most a few hundred columns wide.
pub const ROW_CHARS: usize = 1 << 10;
/// The most characters the detail pane lays out from one field. A field of
/// megabytes would otherwise be sanitised and wrapped on every frame.
pub const SHOWN_CHARS: usize = 1 << 16;

/// `text` sanitised as one line ([`line`]), cut after `max`
/// characters with `…`.
pub fn clipped_line(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => line(text),
        Some((at, _)) => Cow::Owned(format!("{}…", line(&text[..at]))),
    }
}

/// `text` sanitised as a block ([`block`]), cut after `max`
/// characters with `…`.
pub fn clipped_block(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => block(text),
        Some((at, _)) => Cow::Owned(format!("{}…", block(&text[..at]))),
    }
}

/// Columns `text` takes as ratatui draws it: grapheme by grapheme (`0`
/// then U+FE0F is one wide emoji, not a digit and a zero-width mark).
pub fn columns(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts `text` to `width` columns, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_respects_wide_characters() {
        assert_eq!(fit("华为云服务", 5), "华为…");
        assert_eq!(fit("华为云服务", 10), "华为云服务");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "abc".get(..0).unwrap());
        assert_eq!(fit("🚀🚀🚀", 4), "🚀…");
    }

    #[test]
    fn fit_counts_columns_by_grapheme() {
        // Found by fuzzing: `0` + U+FE0F is drawn two columns wide, so
        // counting it a character at a time overflowed by one per pair.
        let text = "0\u{fe0f}0\u{fe0f}0\u{fe0f}";
        assert_eq!(columns(text), 6);
        for width in 0..8 {
            assert!(columns(&fit(text, width)) <= width, "{width}");
        }
        assert_eq!(fit(text, 3), "0\u{fe0f}…");
        assert_eq!(columns("e\u{301}華"), 3);
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(line("Huawei · Égypte 华为 🚀"), Cow::Borrowed(_)));
        assert!(matches!(block("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let s = line("a\u{1b}]2;TITLE\u{7}b");
        assert_eq!(s, "a\u{241B}]2;TITLE\u{2407}b");
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn c1_del_and_bidi_are_replaced() {
        assert_eq!(line("x\u{9b}31m\u{7f}"), "x\u{FFFD}31m\u{2421}");
        assert_eq!(line("\u{202E}evil\u{2066}"), "\u{FFFD}evil\u{FFFD}");
        assert_eq!(line("zero\u{200B}width"), "zero\u{FFFD}width");
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(line("a\tb"), "a   b");
        assert_eq!(line("\tx"), "    x");
        assert_eq!(line("abcd\te"), "abcd    e");
    }

    #[test]
    fn line_breaks_are_visible_in_a_line_and_kept_in_a_block() {
        assert_eq!(line("a\nb"), "a\u{240A}b");
        assert_eq!(block("a\r\nb\rc\u{1b}"), "a\nb\nc\u{241B}");
    }

    #[test]
    fn nothing_unsafe_survives() {
        let all: String = (0u32..0x200)
            .chain(0x2000..0x2070)
            .chain([0xFEFF])
            .filter_map(char::from_u32)
            .collect();
        for c in line(&all).chars().chain(block(&all).chars()) {
            assert!(!is_unsafe(c) || c == '\n', "{:?} survived", c);
        }
    }
}
