//! JSON as text, shared by the loaders and the JSON outputs: what counts as
//! whitespace, which characters tlx always escapes, writing strings, and
//! copying kept JSON (minified on the way in, escaped on the way out).

use std::fmt::Write as _;

/// How deeply a kept value may nest, as serde_json allows for a document.
pub(crate) const MAX_DEPTH: usize = 128;

/// JSON's whitespace, as a byte.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// JSON's whitespace, as a character.
pub(crate) fn is_space_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_space)
}

/// Characters tlx writes as `\uXXXX` in JSON although JSON allows them raw:
/// DEL, C1 controls, bidi and invisible format characters (those the
/// terminal sanitiser replaces) and the line and paragraph separators
/// JavaScript chokes on. C0 controls cannot appear raw in JSON strings.
pub(crate) fn must_escape(c: char) -> bool {
    crate::text::is_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Writes `c` as a JSON `\uXXXX` escape (a surrogate pair beyond the BMP).
pub(crate) fn push_unicode_escape(out: &mut String, c: char) {
    for unit in c.encode_utf16(&mut [0; 2]) {
        // Writing into a String cannot fail.
        let _ = write!(out, "\\u{unit:04x}");
    }
}

/// Writes `value` as a JSON string.
pub(crate) fn push_str(out: &mut String, value: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in value.char_indices() {
        let short = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            _ if must_escape(c) => "",
            _ => continue,
        };
        out.push_str(&value[start..i]);
        if short.is_empty() {
            push_unicode_escape(out, c);
        } else {
            out.push_str(short);
        }
        start = i + c.len_utf8();
    }
    out.push_str(&value[start..]);
    out.push('"');
}

/// JSON text made by serde_json, which escapes only what JSON requires,
/// with DEL, C1 controls, bidi and invisible format characters (and
/// U+2028/U+2029) written `\uXXXX` too, as all of tlx's JSON is: the same
/// data, safe on a terminal. Such characters only occur inside strings.
pub fn escape_text(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    push_raw(&mut out, json);
    out
}

/// Copies JSON text kept from the input, escaping the characters
/// [`must_escape`] names (the loader already did; this guards events
/// built some other way). Outside strings valid JSON holds only ASCII
/// punctuation, literals, numbers and whitespace, so every such character
/// sits inside a string, where an escape means the same character.
pub(crate) fn push_raw(out: &mut String, json: &str) {
    let mut start = 0;
    for (i, c) in json.char_indices() {
        // JSON whitespace between tokens stays as it is.
        if !must_escape(c) || is_space_char(c) {
            continue;
        }
        out.push_str(&json[start..i]);
        push_unicode_escape(out, c);
        start = i + c.len_utf8();
    }
    out.push_str(&json[start..]);
}

/// Copies JSON text without the whitespace between tokens, so a kept value
/// fits on one JSON Lines line; strings and numbers are copied exactly,
/// except that characters [`must_escape`] names are written `\uXXXX`
/// (the same string), as tlx's JSON output always writes them.
/// Fails with the offset of the first bracket nested deeper than [`MAX_DEPTH`].
pub(crate) fn minify_into(out: &mut String, json: &str) -> Result<(), usize> {
    let mut in_string = false;
    let mut escaped = false;
    let mut depth = 0usize;
    for (i, c) in json.char_indices() {
        if in_string {
            if must_escape(c) {
                push_unicode_escape(out, c);
                continue;
            }
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !is_space_char(c) {
            match c {
                '"' => in_string = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(i);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            out.push(c);
        }
    }
    Ok(())
}

/// The bytes of valid JSON text that lie outside strings (quotes
/// included), with their offsets: its structure.
fn structure(json: &[u8]) -> impl Iterator<Item = (usize, u8)> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    json.iter().enumerate().filter_map(move |(i, &b)| {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            return None;
        }
        in_string = b == b'"';
        Some((i, b))
    })
}

/// The offset of the first bracket of valid JSON text nested deeper than
/// [`MAX_DEPTH`], if any.
pub(crate) fn too_deep(json: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in structure(json.as_bytes()) {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Splits a compact JSON object text into its members' key and value texts.
/// The text comes from the loader (minified, valid); anything that is not
/// an object yields nothing.
pub(crate) fn object_members(obj: &str) -> Vec<(&str, &str)> {
    let Some(inner) = obj
        .trim()
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
    else {
        return Vec::new();
    };
    let mut members = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut colon = None;
    for (i, b) in structure(inner.as_bytes()) {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && colon.is_none() => colon = Some(i),
            b',' if depth == 0 => {
                if let Some(c) = colon.take() {
                    members.push((inner[start..c].trim(), inner[c + 1..i].trim()));
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if let Some(c) = colon {
        members.push((inner[start..c].trim(), inner[c + 1..].trim()));
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_escapes_are_json() {
        let mut s = String::new();
        for c in ['\u{85}', '\u{202e}', '\u{1F600}'] {
            push_unicode_escape(&mut s, c);
        }
        assert_eq!(s, r"\u0085\u202e\ud83d\ude00");
        assert_eq!(
            serde_json::from_str::<String>(&format!("\"{s}\"")).unwrap(),
            "\u{85}\u{202e}\u{1F600}"
        );
    }

    #[test]
    fn raw_json_escapes_only_unsafe_characters() {
        let mut s = String::new();
        push_raw(&mut s, "[\"a\u{85}b\u{7f}\u{2066}é\"]");
        assert_eq!(s, r#"["a\u0085b\u007f\u2066é"]"#);
        // Whitespace between tokens is copied as it is.
        assert_eq!(escape_text("[ 1,\n\t2 ]"), "[ 1,\n\t2 ]");
    }

    #[test]
    fn minify_drops_whitespace_between_tokens_only() {
        let mut s = String::new();
        minify_into(&mut s, "{ \"a b\" : [ 1 ,\n 2 ] }").unwrap();
        assert_eq!(s, r#"{"a b":[1,2]}"#);
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(minify_into(&mut String::new(), &deep), Err(MAX_DEPTH));
    }

    #[test]
    fn strings_escape_controls_and_unsafe_characters() {
        let mut s = String::new();
        push_str(&mut s, "a\"\\\n\t\u{7f}\u{2028}é");
        assert_eq!(s, r#""a\"\\\n\t\u007f\u2028é""#);
    }

    #[test]
    fn object_members_split_at_top_level() {
        assert_eq!(
            object_members(r#"{"a":1,"b":{"c":[1,2],"d":"x,}"},"e\"":"]"}"#),
            [
                (r#""a""#, "1"),
                (r#""b""#, r#"{"c":[1,2],"d":"x,}"}"#),
                (r#""e\"""#, r#""]""#)
            ]
        );
        assert!(object_members("{}").is_empty());
    }
}
