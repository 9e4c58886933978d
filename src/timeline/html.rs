//! Plain text from the small HTML fragments TimelineJS allows in its
//! headlines, texts, groups and display dates, as TimelineJS shows them:
//! markup stripped, `<script>` and `<style>` dropped with their contents,
//! every HTML5 named entity decoded.

use std::borrow::Cow;

/// One line of text (a headline, a group, a display date): markup
/// stripped, entities decoded, `<br>` and runs of white space one space.
/// A plain line (no `<`, no `&`, single spaces) is handed back as it is.
pub fn to_line(html: &str) -> Cow<'_, str> {
    if !html.contains(['<', '&']) {
        if is_clean_line(html) {
            return Cow::Borrowed(html);
        }
        return Cow::Owned(one_line(html));
    }
    Cow::Owned(one_line(&to_text(html)))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is words separated by single ASCII spaces, with none
/// around them: what `one_line` would give back unchanged.
fn is_clean_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut expected = 0;
    for word in text.split_whitespace() {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        if start != expected || (start > 0 && bytes[start - 1] != b' ') {
            return false;
        }
        expected = start + word.len() + 1;
    }
    expected == text.len() + 1 || text.is_empty()
}

/// Multi-line text (a slide's `text`): tags stripped, entities decoded,
/// `<br>` and block ends line breaks.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Once no `>` follows, every later `<` is text: not searched again,
    // or a run of `<` would take quadratic time.
    let mut closes = true;
    while let Some(pos) = rest.find(['<', '&']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if rest.starts_with('<') {
            match closes.then(|| rest.find('>')).flatten() {
                Some(end) => {
                    let tag = rest[1..end].trim().to_ascii_lowercase();
                    let name = tag
                        .trim_start_matches('/')
                        .split(|c: char| c.is_whitespace() || c == '/')
                        .next()
                        .unwrap_or("");
                    rest = &rest[end + 1..];
                    if !tag.starts_with('/') && matches!(name, "script" | "style") {
                        // Its contents are code, never shown.
                        rest = after_closing(rest, name);
                        continue;
                    }
                    let breaks = name == "br"
                        || (tag.starts_with('/')
                            && matches!(
                                name,
                                "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "blockquote"
                            ));
                    if breaks && !out.ends_with('\n') && !out.is_empty() {
                        out.push('\n');
                    }
                }
                None => {
                    closes = false;
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            let (decoded, used) = decode_entity(rest);
            match decoded {
                Some(Decoded::Char(c)) => out.push(c),
                Some(Decoded::Named(text)) => out.push_str(text),
                None => out.push('&'),
            }
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    // Collapse runs of spaces left by removed tags, keep line breaks.
    let lines: Vec<String> = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut text = lines.join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.trim().to_string()
}

/// What `rest` holds after the element `name` (`script` or `style`) whose
/// opening tag was just read: past its closing tag, or nothing when it is
/// never closed (as a browser reads it).
fn after_closing<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"</") {
        let at = from + i + 2;
        let candidate = &bytes[at..bytes.len().min(at + name.len())];
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return match memchr::memchr(b'>', &bytes[at..]) {
                Some(end) => &rest[at + end + 1..],
                None => "",
            };
        }
        from = at;
    }
    ""
}

/// A decoded character reference.
enum Decoded {
    Char(char),
    /// A named entity: one character or two.
    Named(&'static str),
}

/// The longest HTML5 entity name, `CounterClockwiseContourIntegral`.
const LONGEST_NAME: usize = 31;

/// Decodes the entity at the start of `s` (which begins with `&`).
/// Returns what it stands for and how many bytes were consumed.
fn decode_entity(s: &str) -> (Option<Decoded>, usize) {
    // The `;` is looked for among the next few bytes only (entities are
    // short), so a run of `&` takes linear time.
    let window = &s.as_bytes()[1..s.len().min(LONGEST_NAME + 2)];
    let Some(end) = window.iter().position(|&b| b == b';').map(|i| i + 1) else {
        return (None, 1);
    };
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        code.and_then(char::from_u32).map(Decoded::Char)
    } else {
        named_entity(name).map(Decoded::Named)
    };
    match c {
        Some(c) => (Some(c), end + 1),
        None => (None, 1),
    }
}

/// The HTML5 named entities (the WHATWG table, with the `;`).
fn named_entity(name: &str) -> Option<&'static str> {
    let table = &html_escape::NAMED_ENTITIES;
    table
        .binary_search_by(|(n, _)| (*n).cmp(name.as_bytes()))
        .ok()
        .map(|i| table[i].1)
}

#[cfg(test)]
mod tests {
    use super::{to_line, to_text};

    #[test]
    fn every_html5_named_entity_is_decoded() {
        assert_eq!(
            to_text(
                "&rsaquo; &aacute; &ntilde; &euro; x&nbsp;y &NotEqualTilde; &CounterClockwiseContourIntegral;"
            ),
            "\u{203A} \u{E1} \u{F1} \u{20AC} x y \u{2242}\u{338} \u{2233}"
        );
        // A no-break space is a space, as the white space beside it.
        assert_eq!(to_line("A &rsaquo;&nbsp;B"), "A \u{203A} B");
    }

    #[test]
    fn br_is_a_line_break_in_text_and_a_space_in_a_line() {
        for br in ["<br>", "<BR>", "<br/>", "<br />", "<Br >"] {
            assert_eq!(to_line(&format!("A{br}B")), "A B", "{br}");
            assert_eq!(to_text(&format!("A{br}B")), "A\nB", "{br}");
        }
        assert_eq!(to_line("<p>One</p><p>Two</p>"), "One Two");
    }

    #[test]
    fn markup_is_stripped_and_scripts_and_styles_dropped() {
        assert_eq!(to_line("<b>War</b>"), "War");
        assert_eq!(to_line("<script>alert(1)</script>x"), "x");
        assert_eq!(to_text("a<SCRIPT type=x>if (a < b) {}</Script >b"), "ab");
        assert_eq!(to_text("a<style>p { color: red }</style>b"), "ab");
        assert_eq!(to_text("a<script>never closed"), "a");
        assert_eq!(to_text("a<script>x</scriptx></script>b"), "ab");
        assert_eq!(to_line("plain & simple"), "plain & simple");
        assert!(matches!(
            to_line("plain words"),
            std::borrow::Cow::Borrowed(_)
        ));
        for (line, want) in [
            (" a", "a"),
            ("a ", "a"),
            ("a  b", "a b"),
            ("a\nb", "a b"),
            ("a\tb", "a b"),
            ("a\u{A0}b", "a b"),
            ("   ", ""),
            ("", ""),
        ] {
            assert_eq!(to_line(line), want, "{line:?}");
        }
    }

    #[test]
    fn strips_tags_and_decodes_entities() {
        assert_eq!(to_text("Euclid's <i>Optica</i>"), "Euclid's Optica");
        assert_eq!(
            to_text("<p>One</p><p>Two &amp; three</p>"),
            "One\nTwo & three"
        );
        assert_eq!(to_text("a<br/>b &#233;t&eacute; &#x41;"), "a\nb été A");
        assert_eq!(to_text("AT&T &bogus; 1 < 2"), "AT&T &bogus; 1 < 2");
        assert_eq!(
            to_text("x &amp; <b>3</b> &longerthanallowed; 1 < 2 &lt;"),
            "x & 3 &longerthanallowed; 1 < 2 <"
        );
        assert_eq!(to_text("a &#x41;&#66;"), "a AB");
    }

    #[test]
    fn runs_of_brackets_and_ampersands_take_linear_time() {
        // Before the fix, each `<` looked for a `>` to the end of the text,
        // and each `&` for a `;`: a few megabytes took minutes.
        for c in ['<', '&'] {
            let text: String = std::iter::repeat_n(c, 4 << 20).collect();
            let start = std::time::Instant::now();
            assert_eq!(to_text(&format!("{text} &amp;")), format!("{text} &"));
            assert!(
                start.elapsed() < std::time::Duration::from_secs(20),
                "{c:?}"
            );
        }
    }
}
