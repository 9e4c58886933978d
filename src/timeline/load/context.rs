//! The state of one file's reading, and where in the file things are: error
//! positions, the text check, and which format the bytes are in.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::Format;
use super::builder::Builder;
use super::members::Str;
use crate::json_text;
use crate::timeline::{LoadError, Media, Sym};

/// Told the offset reading has reached; see [`Window`](super::source::Window).
pub(super) type Release<'r> = Option<&'r dyn Fn(usize)>;

/// One file being read: where its events go, its text, and what was read
/// besides them.
pub(super) struct FileCtx<'b> {
    pub(super) builder: &'b mut Builder,
    /// The whole text of the file (after any byte-order mark), to locate
    /// errors in it. Checked as UTF-8 piecewise by the parser.
    text: &'b [u8],
    /// Companies, countries and topics lists lent to each event as it is
    /// read and given back empty, so reading one allocates none.
    pub(super) spare_facets: [Vec<Sym>; 3],
    pub(super) release: Release<'b>,
    /// TimelineJS vocabulary was met.
    pub(super) tljs: bool,
    pub(super) doc_title: Option<String>,
    pub(super) doc_description: Option<String>,
    pub(super) doc_extra: Option<Box<str>>,
    /// The media and unknown members of a TimelineJS title slide.
    pub(super) doc_title_media: Option<Box<Media>>,
    pub(super) doc_title_extra: Option<Box<str>>,
    /// The document's `aliases`: each facet value with its other names.
    pub(super) doc_aliases: Vec<(String, Vec<String>)>,
    /// What was being read when a JSON error struck (`event "x": "title"`),
    /// put before the error's own message; its position stays serde_json's.
    pub(super) context: Option<String>,
    /// Events are being read from the `events` (or `eras`) array: an error
    /// now is one event's, and the file is read again resilient.
    pub(super) in_events: bool,
    /// Each event is read on its own, and one that does not read is
    /// skipped with a warning (see `EventsSeed::visit_each`).
    pub(super) resilient: bool,
    /// Unknown members already said to be likely misnamed (once a file).
    pub(super) hinted: Vec<String>,
    /// Byte offset of the culprit for an error tlx raised itself (a bad
    /// date, a duplicate id, a missing field): the reported position.
    error_at: Option<usize>,
}

impl<'b> FileCtx<'b> {
    /// A reading of `text` into `builder`.
    pub(super) fn new(builder: &'b mut Builder, text: &'b [u8], release: Release<'b>) -> Self {
        FileCtx {
            builder,
            text,
            release,
            tljs: false,
            doc_title: None,
            doc_description: None,
            doc_extra: None,
            doc_title_media: None,
            doc_title_extra: None,
            doc_aliases: Vec::new(),
            context: None,
            in_events: false,
            resilient: false,
            hinted: Vec::new(),
            error_at: None,
            spare_facets: Default::default(),
        }
    }

    /// Byte offset of `s` in the file's text, when it is a slice of it.
    pub(super) fn offset_of(&self, s: &str) -> Option<usize> {
        let start = self.text.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        (at >= start && at + s.len() <= start + self.text.len()).then(|| at - start)
    }

    /// Offset of the value after a key whose closing quote ends at `key_end`.
    pub(super) fn value_after(&self, key_end: Option<usize>) -> Option<usize> {
        let rest = self.text.get(key_end?..)?;
        let rest = rest.trim_ascii_start().strip_prefix(b":")?;
        let value = rest.trim_ascii_start();
        Some(self.text.len() - value.len())
    }

    /// Offset of the `{` opening the object whose first key starts at `key`.
    pub(super) fn object_start(&self, key: Option<usize>) -> Option<usize> {
        let before = self.text.get(..key?.checked_sub(1)?)?;
        let trimmed = before.trim_ascii_end();
        trimmed.ends_with(b"{").then(|| trimmed.len() - 1)
    }

    /// The error for a kept value nested too deep; `deep` is the offset of
    /// the offending bracket inside `value`.
    pub(super) fn too_deep<E: de::Error>(
        &mut self,
        value: &RawValue,
        deep: usize,
        what: String,
    ) -> E {
        let at = self.offset_of(value.get()).map(|o| o + deep);
        self.fail(
            at,
            format!("{what}: nested deeper than {} levels", json_text::MAX_DEPTH),
        )
    }

    /// The name of the file being read, for messages.
    pub(super) fn origin(&self) -> &str {
        self.builder.files.last().map_or("", String::as_str)
    }

    /// An error at offset `at` of the file (the whole file when `None`),
    /// for readers that raise their own rather than through serde.
    pub(super) fn error_at(&self, at: Option<usize>, message: impl Into<String>) -> LoadError {
        let origin = self.origin();
        match at {
            Some(offset) => {
                let (line, column) = position_of(&self.text[..offset.min(self.text.len())]);
                LoadError::at(origin, line, column, message)
            }
            None => LoadError::file(origin, message),
        }
    }

    /// Records a warning about one event, at offset `at` of the file.
    pub(super) fn warn(&mut self, at: Option<usize>, message: String) {
        let origin = self.builder.files.last().cloned().unwrap_or_default();
        let warning = match at {
            Some(offset) => {
                let (line, column) = position_of(&self.text[..offset]);
                format!("{origin}:{line}:{column}: warning: {message}")
            }
            None => format!("{origin}: warning: {message}"),
        };
        self.builder.warnings.push(warning);
    }

    /// Whether an error tlx raised itself (a value nested too deep) is
    /// pending: a problem of the whole file, never a warning.
    pub(super) fn raised(&self) -> bool {
        self.error_at.is_some()
    }

    /// Whether `err`, which stopped the reading inside the events, may be
    /// one event's problem (a value of the wrong type, a number out of
    /// range): reading the file again resilient, where broken JSON is told
    /// apart from an event that does not read, skips that event alone. A
    /// truncated file and tlx's own errors are the whole file's.
    pub(super) fn confined(&self, err: &serde_json::Error) -> bool {
        self.in_events
            && !self.resilient
            && !self.raised()
            && err.classify() != serde_json::error::Category::Eof
    }

    /// Records a warning for a serde_json error met while reading `part`
    /// (one event's text, a slice of the file) on its own: an event that
    /// does not read is skipped, the rest of the file is not.
    pub(super) fn warn_unread(&mut self, part: &str, err: &serde_json::Error, label: String) {
        let mut message = strip_position(&err.to_string());
        if err.classify() == serde_json::error::Category::Eof {
            message = message.replace("EOF while", "unexpected end of line while");
        }
        let message = match self.context.take() {
            Some(context) => format!("{context}: {message}"),
            None => format!("{label}: {message}"),
        };
        // serde_json's line and byte column within `part`, as an offset.
        let line_start: usize = part
            .split_inclusive('\n')
            .take(err.line().saturating_sub(1))
            .map(str::len)
            .sum();
        let within = (line_start + err.column().saturating_sub(1)).min(part.len());
        let message = clearer(message, &part.as_bytes()[..within]);
        let at = self.offset_of(part).map(|start| start + within);
        self.warn(at, format!("{message}; skipped"));
    }

    /// Records where an error tlx raises itself is, and builds it.
    pub(super) fn fail<E: de::Error>(&mut self, at: Option<usize>, message: String) -> E {
        self.error_at = at;
        E::custom(message)
    }

    /// Turns a serde_json error into a located one-line message.
    /// `line_offset` shifts serde_json's line when only one line of the
    /// file was parsed (JSON Lines).
    pub(super) fn locate(
        &self,
        origin: &str,
        err: &serde_json::Error,
        line_offset: usize,
    ) -> LoadError {
        let mut message = strip_position(&err.to_string());
        if err.classify() == serde_json::error::Category::Eof {
            message = message.replace("EOF while", "unexpected end of file while");
        }
        if let Some(context) = &self.context {
            message = format!("{context}: {message}");
        }
        if let Some(offset) = self.error_at {
            let (line, column) = position_of(&self.text[..offset]);
            return LoadError::at(origin, line, column, message);
        }
        if err.line() == 0 {
            return LoadError::file(origin, message);
        }
        let line = err.line() + line_offset;
        let at: usize = self
            .text
            .split_inclusive(|&b| b == b'\n')
            .take(line - 1)
            .map(<[u8]>::len)
            .sum::<usize>()
            + err.column().saturating_sub(1);
        message = clearer(message, self.text.get(..at).unwrap_or_default());
        // serde_json counts columns in bytes; people count characters.
        let column = self
            .text
            .split(|&b| b == b'\n')
            .nth(line - 1)
            .map_or(err.column(), |l| {
                let mut cut = err.column().min(l.len());
                while cut > 0 && cut < l.len() && l[cut] & 0xC0 == 0x80 {
                    cut -= 1;
                }
                // Characters are the bytes that do not continue a sequence.
                l[..cut]
                    .iter()
                    .filter(|&&b| b & 0xC0 != 0x80)
                    .count()
                    .max(1)
            });
        LoadError::at(origin, line, column, message)
    }
}

/// Checks the bytes are text: UTF-8 with no NUL byte.
pub(super) fn check_text<'a>(
    origin: &str,
    bytes: &'a [u8],
    release: Release<'_>,
) -> Result<&'a str, LoadError> {
    // Checked a chunk at a time so a mapped file's pages can be let go behind.
    const CHUNK: usize = 4 << 20;
    let mut pos = 0;
    while pos < bytes.len() {
        let end = (pos + CHUNK).min(bytes.len());
        let chunk = &bytes[pos..end];
        let nul = memchr::memchr(0, chunk);
        let utf8 = std::str::from_utf8(chunk).err();
        // A character cut by the chunk's end is checked with the next chunk.
        let cut = utf8.filter(|e| e.error_len().is_none() && end < bytes.len());
        let bad_utf8 = utf8.filter(|_| cut.is_none()).map(|e| e.valid_up_to());
        match (nul, bad_utf8) {
            (Some(n), b) if b.is_none_or(|b| n < b) => {
                let (line, column) = position_of(&bytes[..pos + n]);
                return Err(LoadError::at(
                    origin,
                    line,
                    column,
                    "NUL byte: binary data, not a timeline",
                ));
            }
            (_, Some(b)) => {
                let bad = pos + b;
                let (line, column) = position_of(&bytes[..bad]);
                return Err(LoadError::at(
                    origin,
                    line,
                    column,
                    format!(
                        "not UTF-8 text (byte 0x{:02X}): binary data or another encoding",
                        bytes[bad]
                    ),
                ));
            }
            _ => {}
        }
        pos = match cut {
            Some(e) => pos + e.valid_up_to(),
            None => end,
        };
        if let Some(release) = release {
            release(pos);
        }
    }
    // SAFETY: every byte was just checked as UTF-8, in chunks that split
    // no character (a cut character is checked again with the next chunk).
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// 1-based line and character column just after `before`.
fn position_of(before: &[u8]) -> (usize, usize) {
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// Decides the format from the first bytes, cheaply (it runs on every
/// file): text that does not open a JSON object or array and has a comma,
/// a semicolon or a tab on its first line is CSV (the CSV reader tells the Sheets template from
/// other tables by the header); an object whose first member is
/// `timeline` is TimelineJS2; a complete object on the first line without
/// an `events` member starts JSON Lines; anything else is read as a JSON
/// document, whose reader names what is wrong with it.
pub(super) fn detect(text: &[u8]) -> Format {
    let trimmed = text.trim_ascii_start();
    // The first line, or what comes before a NUL byte on it: a huge file
    // with a valid start and then NUL bytes is not scanned to its end here.
    let first_line = || &trimmed[..memchr::memchr2(b'\n', 0, trimmed).unwrap_or(trimmed.len())];
    match trimmed.first() {
        Some(b'{') => {}
        Some(b'[') => return Format::Native,
        _ if memchr::memchr3(b',', b';', b'\t', first_line()).is_some() => return Format::Csv,
        _ => return Format::Native,
    }
    if first_key_is(trimmed, b"timeline") {
        return Format::TimelineJs2;
    }
    // A document is told by its `events` key, or by a first object that
    // does not read: found reading from the start, without first looking
    // for the end of the first line (a huge file with a valid start and
    // gigabytes of NUL bytes or space on that line is not scanned here).
    let mut de = serde_json::Deserializer::from_slice(trimmed);
    if EventsProbe.deserialize(&mut de).is_err() {
        return Format::Native;
    }
    let mut de = serde_json::Deserializer::from_slice(first_line().trim_ascii_end());
    match EventsProbe.deserialize(&mut de).and_then(|()| de.end()) {
        Ok(()) => Format::JsonLines,
        Err(_) => Format::Native,
    }
}

/// Whether the object opening `text` has `key` (unescaped) as its first member.
fn first_key_is(text: &[u8], key: &[u8]) -> bool {
    let Some(rest) = text.strip_prefix(b"{") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    rest.strip_prefix(b"\"")
        .and_then(|r| r.strip_prefix(key))
        .and_then(|r| r.strip_prefix(b"\""))
        .is_some_and(|r| r.trim_ascii_start().starts_with(b":"))
}

/// Reads an object's members until `events`, where it stops with an error:
/// a document on one huge line is not read twice, and a JSON Lines event
/// on a huge first line is still recognised.
struct EventsProbe;

impl<'de> DeserializeSeed<'de> for EventsProbe {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventsProbe {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Str<'de>>()? {
            if key.as_str() == "events" {
                return Err(de::Error::custom("a document"));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// serde_json's message made plain where it misleads: in a nested object
/// (or a value read whole) a comma before `}` is reported as "key must be
/// a string"; `before` is the text up to the offending character.
fn clearer(message: String, before: &[u8]) -> String {
    if message.ends_with("key must be a string") && before.trim_ascii_end().ends_with(b",") {
        return message.replace("key must be a string", "trailing comma");
    }
    message
}

/// A serde_json message without its ` at line L column C`.
pub(super) fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => msg[..i].to_string(),
        _ => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::parse;

    #[test]
    fn characters_cut_by_a_check_chunk_are_whole_again() {
        let head = r#"{"events":[{"id":"a","date":"2020","title":"t","summary":""#;
        // Place a two-byte 'é' across the 4 MiB boundary of the UTF-8 check.
        let pad = (4 << 20) - 1 - head.len();
        let text = format!("{head}{}é\"}}]}}", "x".repeat(pad));
        assert_eq!(text.as_bytes()[4 << 20], 0xA9);
        let t = parse("big.json", text.as_bytes()).expect("loads");
        assert!(t.events[0].summary().ends_with("xé"));
        let mut latin1 = text.into_bytes();
        latin1[4 << 20] = b'x';
        let err = parse("big.json", &latin1).unwrap_err();
        assert!(
            err.message.starts_with("not UTF-8 text (byte 0xC3)"),
            "{err}"
        );
        assert_eq!(
            (err.line, err.column),
            (Some(1), Some(head.len() + pad + 1))
        );
    }

    #[test]
    fn json_lines_with_a_huge_first_line_are_json_lines() {
        // Before the fix, a first line over 1 MiB was taken for a document.
        let long = "y".repeat(2 << 20);
        let text = format!(
            "{{\"id\":\"a\",\"date\":\"2020\",\"title\":\"{long}\"}}\n{{\"id\":\"b\",\"date\":\"2021\",\"title\":\"B\"}}\n"
        );
        assert_eq!(detect(text.as_bytes()), Format::JsonLines);
        let t = parse("t.jsonl", text.as_bytes()).unwrap();
        assert_eq!(t.events.len(), 2);
        assert_eq!(t.events[0].title().len(), long.len());
        // A document on one huge line stays a document.
        let text = format!(
            "{{\"title\":\"{long}\",\"events\":[{{\"id\":\"a\",\"date\":\"2020\",\"title\":\"A\"}}]}}"
        );
        assert_eq!(detect(text.as_bytes()), Format::Native);
        assert_eq!(
            parse("t.json", text.as_bytes()).unwrap().title.len(),
            long.len()
        );
        assert_eq!(detect(b"{\"\\u0065vents\": []}"), Format::Native);
        assert_eq!(detect(b"{\"id\": 1}\n"), Format::JsonLines);
        assert_eq!(detect(b"{\n\"events\": []}"), Format::Native);
    }

    #[test]
    fn csv_and_timelinejs2_are_told_from_the_first_bytes() {
        assert_eq!(detect(b"Year,Headline\n2020,A\n"), Format::Csv);
        assert_eq!(detect(b"a,b\r\n1,2"), Format::Csv);
        // No comma on the first line: JSON, whose reader names the problem.
        assert_eq!(detect(b"\xEF\xBB\xBF{}"), Format::Native);
        assert_eq!(detect(b"hello\nworld, again"), Format::Native);
        assert_eq!(detect(b"[{\"id\": \"a\"}, 1]"), Format::Native);
        assert_eq!(
            detect(b"{\n  \"timeline\" : {\"date\": []}}"),
            Format::TimelineJs2
        );
        // On one line, still TimelineJS2 rather than one JSON Lines event.
        assert_eq!(
            detect(b"{\"timeline\": {\"date\": []}}\n"),
            Format::TimelineJs2
        );
        assert_eq!(detect(b"{\"timelines\": 1}\n"), Format::JsonLines);
        assert_eq!(
            detect(b"{\"title\": \"t\", \"timeline\": {}}"),
            Format::JsonLines
        );
    }
}
