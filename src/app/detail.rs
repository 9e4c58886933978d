//! What the detail pane says about the current event, wrapped to the pane's
//! width: lines of text with their role and matched characters, no styles.
//! The model keeps it (clamping the scroll needs its height) and the view
//! styles and draws it, so it is laid out once per change, not per frame.

use unicode_width::UnicodeWidthChar;

use crate::json_text;
use crate::osc;
use crate::search::{self, Query};
use crate::text::{SHOWN_CHARS, clipped_block, clipped_line, fit};
use crate::timeline::{Event, Facet, LabelStyle, Media, Timeline, html_to_line};

/// The most sources listed; the rest are counted.
const SHOWN_SOURCES: usize = 100;
/// The most unknown members listed; the rest are counted.
const SHOWN_MEMBERS: usize = 100;
/// The most characters shown of an unknown member's value or a media
/// member: enough for a `background`, a small object or an address, and a
/// huge one (an embed's HTML as the media's `url`) cannot fill the pane.
const MEMBER_CHARS: usize = 400;

/// Width of the label column (`Companies  `).
const LABEL: usize = 11;

/// What a piece of text is, for the view to style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// Body text: field values, the summary, a source's credit.
    #[default]
    Plain,
    /// The event's title.
    Title,
    /// The date line.
    Date,
    /// A field label or a heading (`Companies`, `Sources`).
    Heading,
    /// Secondary text: the id, a source's URL, notes.
    Dim,
    /// A quoted source title.
    Quote,
}

/// One line of the detail pane.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailLine {
    /// The first columns: indent spaces, or a label or bullet in its role.
    pub lead: Option<(String, Role)>,
    /// The text after the lead.
    pub text: String,
    /// How the text is styled.
    pub role: Role,
    /// Characters of `text` (char indices, sorted) the query matched.
    pub matched: Vec<usize>,
    /// Columns the text may take.
    pub room: usize,
    /// The whole address when the line shows one (perhaps cut with `…`),
    /// safe to put in an OSC 8 hyperlink.
    pub link: Option<String>,
}

/// The laid-out detail, and what it was laid out for.
#[derive(Clone, Debug, Default)]
pub struct DetailText {
    /// (current event, width, query) it was made for.
    key: Option<(Option<usize>, u16, Query)>,
    /// Its lines.
    lines: Vec<DetailLine>,
}

impl DetailText {
    /// Its lines.
    pub fn lines(&self) -> &[DetailLine] {
        &self.lines
    }

    /// Lays the detail out again unless it was made for the same event,
    /// width and query. True when it changed.
    pub fn update(
        &mut self,
        timeline: &Timeline,
        current: Option<usize>,
        width: u16,
        query: &Query,
    ) -> bool {
        if self
            .key
            .as_ref()
            .is_some_and(|(c, w, q)| *c == current && *w == width && q == query)
        {
            return false;
        }
        self.lines = lay_out(timeline, current.map(|i| &timeline.events[i]), width, query);
        self.key = Some((current, width, query.clone()));
        true
    }
}

/// The detail of `event`, wrapped to `width` columns.
pub fn lay_out(
    timeline: &Timeline,
    event: Option<&Event>,
    width: u16,
    query: &Query,
) -> Vec<DetailLine> {
    let width = usize::from(width);
    if width == 0 {
        return Vec::new();
    }
    let Some(event) = event else {
        let mut out = Vec::new();
        push_about(&mut out, timeline, width);
        out.push(whole(fit("No event selected.", width), Role::Dim, width));
        return out;
    };
    let mut out = Vec::new();
    let title = clipped_line(event.title(), SHOWN_CHARS);
    push_wrapped(
        &mut out,
        &title,
        &matches(query, &title),
        width,
        0,
        Role::Title,
    );
    let mut date = event.date_words();
    if event.approximate {
        date.push_str(" · approx.");
    }
    // The file's own labels, as TimelineJS shows them: the start's, and
    // the end's after a dash (`2019 — Present`).
    let shown = match (event.display_date(), event.end_display_date()) {
        (Some(start), None) => Some(clipped_line(start, SHOWN_CHARS).into_owned()),
        (start, Some(end)) => Some(format!(
            "{} — {}",
            start.map_or_else(
                || event.date.label(LabelStyle::Words),
                |s| clipped_line(s, SHOWN_CHARS).into_owned()
            ),
            clipped_line(end, SHOWN_CHARS)
        )),
        (None, None) => None,
    };
    if let Some(shown) = shown {
        date.push_str(&format!(" · “{shown}”"));
    }
    push_wrapped(&mut out, &date, &[], width, 0, Role::Date);
    out.push(DetailLine::default());
    let names = |facet: Facet| -> String {
        timeline
            .facet_names(event, facet)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let people = event
        .people()
        .iter()
        .map(|p| &**p)
        .collect::<Vec<_>>()
        .join(", ");
    let fields: [(&str, String); 6] = [
        ("Kind", event.kind().to_string()),
        ("Place", event.place().to_string()),
        ("Companies", names(Facet::Company)),
        ("Countries", names(Facet::Country)),
        ("Topics", names(Facet::Topic)),
        ("People", people),
    ];
    let mut any_field = false;
    for (label, value) in fields {
        if value.is_empty() {
            continue;
        }
        any_field = true;
        push_field(
            &mut out,
            label,
            &clipped_line(&value, SHOWN_CHARS),
            query,
            width,
        );
    }
    if any_field {
        out.push(DetailLine::default());
    }
    if !event.summary().is_empty() {
        push_paragraphs(&mut out, event.summary(), query, width);
        out.push(DetailLine::default());
    }
    if let Some(media) = event.media() {
        push_media(&mut out, media, query, width);
    }
    push_sources(&mut out, event, width);
    push_members(&mut out, event, width);
    if timeline.files.len() > 1 {
        let file = format!(
            "File: {}",
            clipped_line(timeline.file_of(event), SHOWN_CHARS)
        );
        push_wrapped(&mut out, &file, &[], width, 0, Role::Dim);
    }
    push_wrapped(
        &mut out,
        &format!("id: {}", clipped_line(event.id(), SHOWN_CHARS)),
        &[],
        width,
        0,
        Role::Dim,
    );
    out
}

/// The timeline's own title, description and media (a TimelineJS title
/// slide, or a native file's `title` and `description`), when it has any,
/// followed by an empty line.
fn push_about(out: &mut Vec<DetailLine>, timeline: &Timeline, width: usize) {
    let before = out.len();
    let title = clipped_line(&timeline.title, SHOWN_CHARS);
    if !title.trim().is_empty() {
        push_wrapped(out, &title, &[], width, 0, Role::Title);
    }
    push_paragraphs(out, &timeline.description, &Query::default(), width);
    if out.len() > before {
        out.push(DetailLine::default());
    }
    // The title slide's media ends with its own empty line.
    if let Some(media) = timeline.title_media.as_deref() {
        push_media(out, media, &Query::default(), width);
    }
}

/// Text of several paragraphs, wrapped, each line break kept; nothing
/// when it is blank.
fn push_paragraphs(out: &mut Vec<DetailLine>, text: &str, query: &Query, width: usize) {
    if text.trim().is_empty() {
        return;
    }
    let text = clipped_block(text, SHOWN_CHARS);
    for paragraph in text.split('\n') {
        if paragraph.trim().is_empty() {
            out.push(DetailLine::default());
            continue;
        }
        push_wrapped(
            out,
            paragraph,
            &matches(query, paragraph),
            width,
            0,
            Role::Plain,
        );
    }
}

/// The event's media: where it is, what it shows (caption and credit as
/// TimelineJS shows them, HTML stripped), its thumbnail and the rest.
fn push_media(out: &mut Vec<DetailLine>, media: &Media, query: &Query, width: usize) {
    let text = |html: Option<&str>| html.map(|h| html_to_line(h).into_owned());
    let address = |url: Option<&str>| url.map(str::to_string);
    // An address is a line of its own; a link's target (`_blank`) follows
    // it when it is one, else stays beside the link as it was written.
    let link_is_address = media.link().and_then(osc::safe_url).is_some();
    let link = media.link().map(|l| match media.link_target() {
        Some(target) if !target.is_empty() && !link_is_address => format!("{l} ({target})"),
        _ => l.to_string(),
    });
    let fields = [
        ("Media", address(media.url()), true),
        ("Caption", text(media.caption()), false),
        ("Credit", text(media.credit()), false),
        ("Thumbnail", address(media.thumbnail()), true),
        ("Alt text", media.alt().map(str::to_string), false),
        ("Media name", media.title().map(str::to_string), false),
        ("Link", link, true),
    ];
    let before = out.len();
    for (label, value, is_address) in fields {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        if is_address && let Some(url) = osc::safe_url(&value) {
            push_address(out, Some(label), &value, url, width);
            continue;
        }
        push_field(
            out,
            label,
            &clipped_line(&value, MEMBER_CHARS),
            query,
            width,
        );
    }
    // A link target without a link, or beside one, and members tlx does not know.
    if (media.link().is_none() || link_is_address)
        && let Some(target) = media.link_target().filter(|t| !t.is_empty())
    {
        let target = clipped_line(target, SHOWN_CHARS);
        push_field(out, "Target", &target, query, width);
    }
    for (key, value) in json_text::object_members(media.extra.as_deref().unwrap_or("")) {
        push_member(out, &format!("media.{}", member_name(key)), value, width);
    }
    if out.len() > before {
        out.push(DetailLine::default());
    }
}

/// The members of the event that tlx does not know (`background`,
/// `type`…), each under its own name with its JSON value, compact.
fn push_members(out: &mut Vec<DetailLine>, event: &Event, width: usize) {
    let members = json_text::object_members(event.extra().unwrap_or(""));
    if members.is_empty() {
        return;
    }
    out.push(whole(fit("Other members", width), Role::Heading, width));
    for (key, value) in members.iter().take(SHOWN_MEMBERS) {
        push_member(out, &member_name(key), value, width);
    }
    if let Some(more) = members.len().checked_sub(SHOWN_MEMBERS).filter(|&n| n > 0) {
        let note = format!("… and {more} more");
        out.push(whole(fit(&note, width), Role::Dim, width));
    }
    out.push(DetailLine::default());
}

/// One kept member as `name: value`, the value clipped, wrapped under it.
fn push_member(out: &mut Vec<DetailLine>, name: &str, value: &str, width: usize) {
    let line = format!(
        "{}: {}",
        clipped_line(name, SHOWN_CHARS),
        clipped_line(value, MEMBER_CHARS)
    );
    let start = out.len();
    push_wrapped(out, &line, &[], width, 2, Role::Plain);
    if let Some(first) = out.get_mut(start) {
        first.lead = Some(("• ".to_owned(), Role::Dim));
    }
}

/// A kept member's key text (`"background"`) as its name (`background`).
fn member_name(key: &str) -> String {
    serde_json::from_str::<String>(key).unwrap_or_else(|_| key.to_string())
}

/// A line of its own: no lead, the whole width.
fn whole(text: String, role: Role, width: usize) -> DetailLine {
    DetailLine {
        lead: None,
        text,
        role,
        matched: Vec::new(),
        room: width,
        link: None,
    }
}

/// An address (`link`, what [`osc::safe_url`] made of `url`) on one
/// line, after its `label` or indented under a source: never wrapped, but
/// cut with `…` when wider than the pane, so that neither a reader nor
/// the terminal's own address detection takes half of one for the whole.
/// The line's link keeps the whole address.
fn push_address(
    out: &mut Vec<DetailLine>,
    label: Option<&str>,
    url: &str,
    link: String,
    width: usize,
) {
    let shown = clipped_line(url.trim(), SHOWN_CHARS);
    let indent = match label {
        Some(_) if width >= 28 => LABEL,
        Some(label) => {
            out.push(whole(fit(label, width), Role::Heading, width));
            2
        }
        None => 2,
    };
    let indent = if indent + 8 > width { 0 } else { indent };
    let lead = match label {
        Some(label) if indent == LABEL => (format!("{label:<LABEL$}"), Role::Heading),
        _ => (" ".repeat(indent), Role::Plain),
    };
    let room = width - indent;
    out.push(DetailLine {
        lead: Some(lead),
        text: fit(&shown, room),
        role: Role::Dim,
        matched: Vec::new(),
        room,
        link: Some(link),
    });
}

fn matches(query: &Query, text: &str) -> Vec<usize> {
    if query.is_empty() {
        Vec::new()
    } else {
        search::highlight(query, text)
    }
}

fn push_field(out: &mut Vec<DetailLine>, label: &str, value: &str, query: &Query, width: usize) {
    if width >= 28 {
        let start = out.len();
        push_wrapped(
            out,
            value,
            &matches(query, value),
            width,
            LABEL,
            Role::Plain,
        );
        if let Some(first) = out.get_mut(start) {
            first.lead = Some((format!("{label:<LABEL$}"), Role::Heading));
        }
    } else {
        out.push(whole(fit(label, width), Role::Heading, width));
        push_wrapped(out, value, &matches(query, value), width, 2, Role::Plain);
    }
}

fn push_sources(out: &mut Vec<DetailLine>, event: &Event, width: usize) {
    if event.sources.is_empty() {
        return;
    }
    let heading = if event.sources.len() == 1 {
        "Source"
    } else {
        "Sources"
    };
    out.push(whole(fit(heading, width), Role::Heading, width));
    for source in event.sources.iter().take(SHOWN_SOURCES) {
        let mut credit: Vec<String> = [&source.publisher(), &source.author(), &source.date()]
            .into_iter()
            .flatten()
            .map(|s| clipped_line(s, SHOWN_CHARS).into_owned())
            .collect();
        if let Some(via) = &source.via() {
            credit.push(format!("via {}", clipped_line(via, SHOWN_CHARS)));
        }
        if let Some(lang) = &source.language() {
            credit.push(format!("[{}]", clipped_line(lang, SHOWN_CHARS)));
        }
        let start = out.len();
        push_wrapped(out, &credit.join(" · "), &[], width, 2, Role::Plain);
        if let Some(first) = out.get_mut(start) {
            first.lead = Some(("• ".to_owned(), Role::Dim));
        }
        if let Some(title) = &source.title() {
            let quoted = format!("“{}”", clipped_line(title, SHOWN_CHARS));
            push_wrapped(out, &quoted, &[], width, 2, Role::Quote);
        }
        if let Some(quote) = &source.quote() {
            // A bar down the quoted words, as a mail reader marks a quotation.
            let start = out.len();
            push_wrapped(
                out,
                &clipped_line(quote, SHOWN_CHARS),
                &[],
                width,
                4,
                Role::Plain,
            );
            for line in &mut out[start..] {
                if line.lead.as_ref().is_some_and(|(lead, _)| lead.len() == 4) {
                    line.lead = Some(("  │ ".to_owned(), Role::Dim));
                }
            }
        }
        if let Some(note) = &source.note() {
            let note = format!("Note: {}", clipped_line(note, SHOWN_CHARS));
            push_wrapped(out, &note, &[], width, 2, Role::Dim);
        }
        if let Some(url) = &source.url() {
            match osc::safe_url(url) {
                Some(link) => push_address(out, None, url, link, width),
                None => {
                    let url = clipped_line(url, SHOWN_CHARS);
                    push_wrapped(out, &url, &[], width, 2, Role::Dim);
                }
            }
        }
    }
    if let Some(more) = event
        .sources
        .len()
        .checked_sub(SHOWN_SOURCES)
        .filter(|&n| n > 0)
    {
        let note = format!("… and {more} more");
        out.push(whole(fit(&note, width), Role::Dim, width));
    }
    out.push(DetailLine::default());
}

/// Wraps `text` into `out` at `width` columns with every line indented by
/// `indent` (the lead of each line, which callers may replace with a
/// label), keeping the characters at `matched` marked.
fn push_wrapped(
    out: &mut Vec<DetailLine>,
    text: &str,
    matched: &[usize],
    width: usize,
    indent: usize,
    role: Role,
) {
    let indent = if indent + 8 > width { 0 } else { indent };
    let room = width - indent;
    let chars: Vec<char> = text.chars().collect();
    for (start, end) in wrap(&chars, room) {
        let piece: String = chars[start..end].iter().collect();
        let local: Vec<usize> = matched
            .iter()
            .filter(|&&m| m >= start && m < end)
            .map(|&m| m - start)
            .collect();
        out.push(DetailLine {
            lead: Some((" ".repeat(indent), Role::Plain)),
            text: piece,
            role,
            matched: local,
            room,
            link: None,
        });
    }
}

/// Splits a paragraph into lines of at most `width` columns, at spaces
/// where possible; returns char ranges. Spaces at a break are dropped.
pub(super) fn wrap(chars: &[char], width: usize) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    let cw = |c: char| c.width().unwrap_or(0);
    let (mut start, mut used, mut space) = (0, 0, None::<usize>);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if used + cw(c) > width && i > start {
            if c == ' ' {
                lines.push((start, i));
                (start, used, space) = (i + 1, 0, None);
                i += 1;
                continue;
            }
            match space.filter(|&s| s > start) {
                Some(s) => {
                    lines.push((start, s));
                    start = s + 1;
                }
                None => {
                    lines.push((start, i));
                    start = i;
                }
            }
            space = None;
            used = chars[start..i].iter().map(|&c| cw(c)).sum();
            continue;
        }
        if c == ' ' {
            space = Some(i);
        }
        used += cw(c);
        i += 1;
    }
    lines.push((start, chars.len()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn wrapped(text: &str, width: usize) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        wrap(&chars, width)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        assert_eq!(
            wrapped("Orange and Huawei launch", 10),
            ["Orange and", "Huawei", "launch"]
        );
        assert_eq!(wrapped("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrapped("", 4), [""]);
        assert!(wrapped("abc", 0).is_empty());
    }

    #[test]
    fn a_huge_event_lays_out_a_bounded_detail() {
        // Before the fix, megabytes of title and summary were sanitised and
        // wrapped whole on every frame: seconds per key.
        let big = "ab ".repeat(2 << 20);
        let sources: Vec<String> = (0..1000).map(|i| format!(r#"{{"url": "u{i}"}}"#)).collect();
        let json = format!(
            r#"{{"events": [{{"id": "a", "date": "2020", "title": "{big}", "summary": "{big}",
               "kind": "{big}", "sources": [{}]}}]}}"#,
            sources.join(",")
        );
        let tl = crate::timeline::parse("t.json", json.as_bytes()).unwrap();
        let shown = lay_out(&tl, tl.events.first(), 40, &Query::parse("ab"));
        assert!(shown.len() < 20_000, "{} lines", shown.len());
        let text: Vec<String> = shown
            .iter()
            .map(|l| format!("{}{}", l.lead.as_ref().map_or("", |(s, _)| s), l.text))
            .collect();
        assert!(text.iter().any(|l| l.ends_with('…')));
        assert!(
            text.iter().any(|l| l == "… and 900 more"),
            "{:?}",
            &text[text.len() - 5..]
        );
    }

    #[test]
    fn a_source_shows_the_outlet_it_was_read_through_its_quote_and_its_note() {
        let json = r#"{"events": [{"id": "a", "date": "2024-09-02", "title": "t",
            "sources": [{"publisher": "L'Informé", "date": "2024-09-02", "via": "01net",
                         "language": "fr", "quote": "Un plan de fermeture sur environ 24 mois",
                         "note": "Read through 01net.", "url": "https://example.org/a"}]}]}"#;
        let tl = crate::timeline::parse("t.json", json.as_bytes()).unwrap();
        let shown: Vec<String> = lay_out(&tl, tl.events.first(), 60, &Query::parse(""))
            .iter()
            .map(|l| format!("{}{}", l.lead.as_ref().map_or("", |(s, _)| s), l.text))
            .collect();
        let at = shown.iter().position(|l| l == "Source").unwrap();
        assert_eq!(
            shown[at + 1..at + 5],
            [
                "• L'Informé · 2024-09-02 · via 01net · [fr]",
                "  │ Un plan de fermeture sur environ 24 mois",
                "  Note: Read through 01net.",
                "  https://example.org/a",
            ]
        );
        // A quote that wraps keeps its bar on every line.
        let narrow = lay_out(&tl, tl.events.first(), 24, &Query::parse(""));
        let quoted = narrow
            .iter()
            .filter(|l| l.text.contains("fermeture") || l.text.contains("environ"));
        assert!(quoted.clone().count() >= 2);
        assert!(
            quoted
                .into_iter()
                .all(|l| l.lead.as_ref().is_some_and(|(s, _)| s == "  │ "))
        );
    }

    #[test]
    fn unknown_members_are_listed_clipped_and_the_file_only_among_several() {
        let big = "x".repeat(5000);
        let json = format!(
            r#"{{"events": [{{"id": "a", "date": "2020", "title": "t",
               "background": {{"color": "\u001b[31m"}}, "big": "{big}"}}]}}"#
        );
        let mut tl = crate::timeline::parse("t.json", json.as_bytes()).unwrap();
        let text = |tl: &Timeline| -> Vec<String> {
            lay_out(tl, tl.events.first(), 60, &Query::parse(""))
                .iter()
                .map(|l| format!("{}{}", l.lead.as_ref().map_or("", |(s, _)| s), l.text))
                .collect()
        };
        let shown = text(&tl);
        let at = shown.iter().position(|l| l == "Other members").unwrap();
        // The value as kept: compact JSON, escapes and all.
        assert_eq!(shown[at + 1], r#"• background: {"color":"\u001b[31m"}"#);
        let big_lines: Vec<&String> = shown[at + 2..]
            .iter()
            .take_while(|l| !l.is_empty())
            .collect();
        assert_eq!(big_lines[0], "• big:");
        assert!(big_lines[1].starts_with("  \"xxx"));
        assert!(big_lines.len() < 10 && big_lines.last().unwrap().ends_with('…'));
        assert!(!shown.iter().any(|l| l.starts_with("File:")));
        tl.files.push("other.json".into());
        assert!(text(&tl).contains(&"File: t.json".to_string()));
    }

    #[test]
    fn laid_out_again_only_when_event_width_or_query_change() {
        let tl = crate::timeline::load_inputs(&[crate::timeline::Input::Embedded])
            .unwrap()
            .0;
        let mut detail = DetailText::default();
        let q = Query::parse("orange");
        assert!(detail.update(&tl, Some(0), 40, &q));
        assert!(!detail.update(&tl, Some(0), 40, &q));
        assert!(detail.update(&tl, Some(1), 40, &q));
        assert!(detail.update(&tl, Some(1), 50, &q));
        assert!(detail.update(&tl, Some(1), 50, &Query::parse("huawei")));
        assert!(!detail.lines().is_empty());
    }

    #[test]
    fn an_address_keeps_one_line_cut_with_an_ellipsis_and_links_the_whole() {
        let long = format!("https://example.org/{}/end", "segment-".repeat(20));
        let json = format!(
            r#"{{"events": [{{"id": "a", "date": "2020", "title": "t",
               "sources": [{{"publisher": "P", "url": "{long}"}},
                           {{"url": "https://x.org/é"}}, {{"url": "javascript:alert(1)"}}],
               "media": {{"url": "{long}", "link": "https://x.org/l", "link_target": "_blank"}}}}]}}"#
        );
        let tl = crate::timeline::parse("t.json", json.as_bytes()).unwrap();
        for width in [20u16, 40, 80, 300] {
            let lines = lay_out(&tl, tl.events.first(), width, &Query::parse(""));
            let shows = |l: &DetailLine| l.link.as_deref() == Some(long.as_str());
            let url_lines: Vec<&DetailLine> = lines.iter().filter(|l| shows(l)).collect();
            // The source's and the media's: one line each, never a second.
            assert_eq!(url_lines.len(), 2, "at {width}: {lines:#?}");
            assert!(!lines.iter().any(|l| l.text.contains("segm") && !shows(l)));
            for line in url_lines {
                assert!(line.text.starts_with("https://ex"), "{line:?}");
                let lead = line.lead.as_ref().map_or(0, |(s, _)| s.width());
                assert!(lead + line.text.width() <= usize::from(width), "at {width}");
                assert_eq!(line.text.ends_with('…'), long.width() > line.room);
            }
            // Percent-encoded for the link, shown as written.
            let short = lines.iter().find(|l| l.text == "https://x.org/é").unwrap();
            assert_eq!(short.link.as_deref(), Some("https://x.org/%C3%A9"));
            // An address tlx would not open is text, with no link.
            let refused = lines
                .iter()
                .find(|l| l.text.contains("javascript"))
                .unwrap();
            assert_eq!(refused.link, None);
        }
        let text: Vec<String> = lay_out(&tl, tl.events.first(), 60, &Query::parse(""))
            .iter()
            .map(|l| format!("{}{}", l.lead.as_ref().map_or("", |(s, _)| s), l.text))
            .collect();
        assert!(
            text.contains(&"Link       https://x.org/l".to_owned()),
            "{text:#?}"
        );
        assert!(text.contains(&"Target     _blank".to_owned()), "{text:#?}");
    }

    #[test]
    fn wide_characters_never_overflow() {
        for w in 1..12 {
            for line in wrapped("华为 与 Orange 合作 🚀🚀 cloud", w) {
                assert!(line.width() <= w.max(2), "{line:?} at {w}");
            }
        }
    }
}
