//! Plain text from the small HTML fragments TimelineJS allows in `text`.

/// Strips tags and decodes entities; `<br>` and block ends become line breaks.
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
                    let breaks = name == "br"
                        || (tag.starts_with('/')
                            && matches!(
                                name,
                                "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "blockquote"
                            ));
                    if breaks && !out.ends_with('\n') && !out.is_empty() {
                        out.push('\n');
                    }
                    rest = &rest[end + 1..];
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
                Some(c) => out.push(c),
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

/// Decodes the entity at the start of `s` (which begins with `&`).
/// Returns the character and how many bytes were consumed.
fn decode_entity(s: &str) -> (Option<char>, usize) {
    // The `;` is looked for among the next 12 bytes only (entities are
    // short), so a run of `&` takes linear time.
    let window = &s.as_bytes()[1..s.len().min(13)];
    let Some(end) = window.iter().position(|&b| b == b';').map(|i| i + 1) else {
        return (None, 1);
    };
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        code.and_then(char::from_u32)
    } else {
        named_entity(name)
    };
    match c {
        Some(c) => (Some(c), end + 1),
        None => (None, 1),
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "ocirc" => 'ô',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "Eacute" => 'É',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::to_text;

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
