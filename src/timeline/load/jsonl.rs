//! JSON Lines: one event object a line, read with the native event reader.

use serde::de::DeserializeSeed;

use super::context::FileCtx;
use super::native::EventSeed;

/// Reads one event a line, skipping blank lines. An error comes with the
/// number of lines before its own, as serde_json saw only that line.
pub(super) fn parse_lines(
    ctx: &mut FileCtx<'_>,
    text: &str,
) -> Result<(), (serde_json::Error, usize)> {
    for (index, line) in text.split('\n').enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let mut de = serde_json::Deserializer::from_str(line);
        let seed = EventSeed {
            ctx,
            number: index + 1,
        };
        seed.deserialize(&mut de)
            .and_then(|()| de.end())
            .map_err(|e| (e, index))?;
    }
    Ok(())
}
