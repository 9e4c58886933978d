//! The escape sequences tlx writes on purpose: OSC 8 hyperlinks in the
//! detail pane and OSC 52 clipboard writes. Everything else from the data
//! is made harmless by [`crate::text`]; an address only goes into a
//! sequence once [`safe_url`] has passed it.

use std::fmt::Write as _;

/// The longest address made a link or opened, in bytes: terminals refuse
/// longer OSC 8 targets (VTE stops at 2083), and no source needs more.
pub const URL_MAX: usize = 2048;

/// The schemes tlx links and opens. A timeline comes from other people:
/// `file:` could run a local `.desktop` file through the opener, and the
/// rest are not addresses of a source.
const SCHEMES: [&str; 4] = ["http", "https", "ftp", "mailto"];

/// The most text the copy key puts in one OSC 52 sequence, before base64:
/// terminals cap the payload (75 KB is 100 KB in base64; some take less),
/// and a sequence cut short copies nothing.
pub const CLIPBOARD_MAX: usize = 75_000;

/// `url` as it may go into an escape sequence or to an opener: trimmed,
/// with one of the [`SCHEMES`], spaces and non-ASCII characters
/// percent-encoded; `None` when it holds a control or invisible
/// character, has another scheme, or is longer than [`URL_MAX`].
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.chars().any(crate::text::is_unsafe) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    if !SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) || rest.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_graphic() {
            out.push(c);
        } else {
            let mut bytes = [0u8; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    (out.len() <= URL_MAX).then_some(out)
}

/// `text` as an OSC 8 hyperlink to `url`, which must have passed
/// [`safe_url`]. String terminators are `ESC \`, which every terminal
/// that knows OSC 8 reads.
pub fn hyperlink(url: &str, text: &str) -> String {
    format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// Whether the terminal named by `TERM` is one that shows OSC 8 links or
/// ignores them: the Linux console, `dumb` terminals and the old DEC
/// ones (`vt100`, `vt220`) may print them.
pub fn hyperlinks_supported(term: Option<&str>) -> bool {
    let Some(term) = term.filter(|t| !t.is_empty()) else {
        return false;
    };
    let dec = term
        .strip_prefix("vt")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    !(dec || term == "dumb" || term == "linux" || term.starts_with("linux-"))
}

/// The OSC 52 sequence that puts `text` on the system clipboard.
pub fn clipboard(text: &[u8]) -> Vec<u8> {
    let mut out = b"\x1b]52;c;".to_vec();
    out.extend_from_slice(base64(text).as_bytes());
    out.push(0x07);
    out
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn the_clipboard_sequence_is_osc_52_ended_by_bel() {
        assert_eq!(clipboard(b"hi\n"), b"\x1b]52;c;aGkK\x07");
    }

    #[test]
    fn only_clean_addresses_with_a_known_scheme_pass() {
        assert_eq!(
            safe_url("  https://example.org/a?b=c#d "),
            Some("https://example.org/a?b=c#d".into())
        );
        // Spaces and non-ASCII are percent-encoded, as a browser sends them.
        assert_eq!(
            safe_url("https://example.org/a b/é"),
            Some("https://example.org/a%20b/%C3%A9".into())
        );
        assert_eq!(safe_url("HTTP://x"), Some("HTTP://x".into()));
        assert_eq!(safe_url("mailto:a@b.c"), Some("mailto:a@b.c".into()));
        for bad in [
            "https://evil/\x1b]2;title\x07",
            "https://evil/\x1b\\",
            "https://a\nb",
            "https://a\u{9b}b",
            "https://a\u{7f}",
            "https://a\u{202e}b",
            "file:///usr/share/applications/run.desktop",
            "javascript:alert(1)",
            "example.org/no-scheme",
            "https:",
            "",
            "plain",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
        let long = format!("https://example.org/{}", "a".repeat(URL_MAX));
        assert_eq!(safe_url(&long), None);
    }

    #[test]
    fn a_link_wraps_its_text_in_osc_8() {
        assert_eq!(
            hyperlink("https://x.org", "x.org"),
            "\x1b]8;;https://x.org\x1b\\x.org\x1b]8;;\x1b\\"
        );
    }

    #[test]
    fn links_are_off_where_terminals_print_them() {
        assert!(hyperlinks_supported(Some("xterm-256color")));
        assert!(hyperlinks_supported(Some("tmux-256color")));
        assert!(hyperlinks_supported(Some("vte-256color")));
        for term in [
            None,
            Some(""),
            Some("dumb"),
            Some("linux"),
            Some("linux-16color"),
            Some("vt220"),
        ] {
            assert!(!hyperlinks_supported(term), "{term:?}");
        }
    }
}
