//! JSON Lines: one event object a line, read with the native event reader.

use serde::de::DeserializeSeed;

use super::context::FileCtx;
use super::native::EventSeed;

/// Reads one event a line, skipping blank lines. A line that does not
/// read (broken JSON, a wrong type) is one event's problem: a warning, and
/// the next line is read. A value nested too deep stops the file, with the
/// number of lines before its own, as serde_json saw only that line.
pub(super) fn parse_lines(
    ctx: &mut FileCtx<'_>,
    text: &str,
) -> Result<(), (serde_json::Error, usize)> {
    // Lines that begin with a byte-order mark (JSON Lines files joined
    // with `cat`): read without it, and told once.
    let mut marked: Option<(usize, &str)> = None;
    let mut marks = 0;
    for (index, line) in text.split('\n').enumerate() {
        let line = match line.strip_prefix('\u{FEFF}') {
            Some(rest) => {
                marks += 1;
                marked.get_or_insert((index + 1, line));
                rest
            }
            None => line,
        };
        if line.trim_ascii().is_empty() {
            continue;
        }
        let mut de = serde_json::Deserializer::from_str(line);
        let seed = EventSeed {
            ctx,
            number: index + 1,
        };
        let Err(e) = seed.deserialize(&mut de).and_then(|()| de.end()) else {
            continue;
        };
        if ctx.raised() {
            return Err((e, index));
        }
        ctx.warn_unread(line, &e, format!("line {}", index + 1));
    }
    if let Some((number, line)) = marked {
        let more = match marks - 1 {
            0 => String::new(),
            1 => " (and 1 more line)".to_string(),
            n => format!(" (and {n} more lines)"),
        };
        let message =
            format!("line {number} begins with a byte-order mark (U+FEFF){more}; ignored");
        let at = ctx.offset_of(line);
        ctx.warn(at, message);
    }
    Ok(())
}
