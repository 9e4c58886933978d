//! The JSON formats: one event object per line (jsonl) and the whole
//! document (json). Every string goes through [`json_text`].

use std::fmt;
use std::io::{self, Write};

use crate::json_text;
use crate::timeline::{Event, Facet, Media, Source, Timeline};

/// One event as a single-line native JSON object, unknown fields included.
///
/// Members, in order: `id`, `date`, `end_date`, `approximate` (only when
/// true), `title`, `summary`, `kind`, `place`, `companies`, `countries`,
/// `topics`, `people`, `sources`, `display_date`, `end_display_date`,
/// `media`, then the event's unknown members exactly as read. Empty
/// optional fields are left out. A source holds `publisher`, `author`,
/// `title`, `date`, `language`, `url`, `via`, `quote`, `note`, then its
/// own unknown members; a media object its members as named in
/// [`Media::MEMBERS`], then its unknown ones. DEL, C1 controls, bidi and invisible format
/// characters and U+2028/U+2029 are escaped as `\uXXXX`.
pub fn event_json(timeline: &Timeline, event: &Event) -> String {
    let mut out = String::with_capacity(256);
    push_event_json(&mut out, timeline, event);
    out
}

/// Writes [`event_json`]'s object into `out`.
pub(super) fn push_event_json(out: &mut String, timeline: &Timeline, event: &Event) {
    let mut obj = JsonObject::new(out);
    obj.string("id", event.id());
    obj.key("date");
    push_json_display(obj.out, &event.date);
    if let Some(end) = &event.end_date {
        obj.key("end_date");
        push_json_display(obj.out, end);
    }
    if event.approximate {
        obj.key("approximate");
        obj.out.push_str("true");
    }
    obj.string("title", event.title());
    obj.nonempty("summary", event.summary());
    obj.nonempty("kind", event.kind());
    obj.nonempty("place", event.place());
    push_names_and_sources(&mut obj, timeline, event, 1);
    if let Some(label) = event.display_date() {
        obj.string("display_date", label);
    }
    if let Some(label) = event.end_display_date() {
        obj.string("end_display_date", label);
    }
    push_media(&mut obj, event.media());
    obj.extra(event.extra());
    obj.finish();
}

/// Writes the `media` member, when there is one: its known members given,
/// in [`Media::MEMBERS`] order, then its unknown ones as read.
pub(super) fn push_media(obj: &mut JsonObject<'_>, media: Option<&Media>) {
    let Some(media) = media else {
        return;
    };
    obj.key("media");
    let mut m = JsonObject::new(obj.out);
    for (key, value) in media.members() {
        if let Some(value) = value {
            m.string(key, value);
        }
    }
    m.extra(media.extra.as_deref());
    m.finish();
}

/// Writes `companies`, `countries`, `topics` (when there are at least
/// `min_topics`, at least 1), `people` and `sources`, each when there is any.
pub(super) fn push_names_and_sources(
    obj: &mut JsonObject<'_>,
    timeline: &Timeline,
    event: &Event,
    min_topics: usize,
) {
    for facet in [Facet::Company, Facet::Country, Facet::Topic] {
        let least = if facet == Facet::Topic { min_topics } else { 1 };
        if event.facet(facet).len() >= least {
            obj.key(facet.plural());
            push_json_array(
                obj.out,
                timeline.facet_names(event, facet),
                json_text::push_str,
            );
        }
    }
    if !event.people().is_empty() {
        obj.key("people");
        push_json_array(
            obj.out,
            event.people().iter().map(|p| &**p),
            json_text::push_str,
        );
    }
    if !event.sources.is_empty() {
        obj.key("sources");
        push_json_array(obj.out, &event.sources, push_source_json);
    }
}

pub(super) fn push_source_json(out: &mut String, source: &Source) {
    let mut obj = JsonObject::new(out);
    let fields = [
        ("publisher", source.publisher()),
        ("author", source.author()),
        ("title", source.title()),
        ("date", source.date()),
        ("language", source.language()),
        ("url", source.url()),
        ("via", source.via()),
        ("quote", source.quote()),
        ("note", source.note()),
    ];
    for (key, value) in fields {
        if let Some(v) = value {
            obj.string(key, v);
        }
    }
    obj.extra(source.extra());
    obj.finish();
}

/// Writes a compact JSON object member by member.
pub(super) struct JsonObject<'a> {
    pub(super) out: &'a mut String,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    pub(super) fn new(out: &'a mut String) -> Self {
        out.push('{');
        JsonObject { out, empty: true }
    }

    /// Starts a member: a comma unless it is the first.
    fn next_member(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
    }

    pub(super) fn key(&mut self, key: &str) {
        self.next_member();
        json_text::push_str(self.out, key);
        self.out.push(':');
    }

    pub(super) fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        json_text::push_str(self.out, value);
    }

    pub(super) fn nonempty(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.string(key, value);
        }
    }

    /// Splices the members of a kept JSON object text (`{"a":1}`).
    pub(super) fn extra(&mut self, extra: Option<&str>) {
        for (key, value) in kept_members(extra) {
            self.next_member();
            json_text::push_raw(self.out, key);
            self.out.push(':');
            json_text::push_raw(self.out, value);
        }
    }

    pub(super) fn finish(self) {
        self.out.push('}');
    }
}

fn push_json_display(out: &mut String, value: &dyn fmt::Display) {
    json_text::push_str(out, &value.to_string());
}

/// Writes a compact JSON array, each item written by `push_item`.
pub(super) fn push_json_array<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut push_item: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_item(out, item);
    }
    out.push(']');
}

/// The members of a kept JSON object text (`{"a":1}`), as key and value texts.
pub(super) fn kept_members(extra: Option<&str>) -> impl Iterator<Item = (&str, &str)> {
    extra.map(json_text::object_members).into_iter().flatten()
}

/// Writes the `aliases` member, when there are any: each value with the
/// list of its other names. The pairs come grouped by value.
pub(super) fn push_aliases(buf: &mut String, aliases: &[(Box<str>, Box<str>)]) {
    if aliases.is_empty() {
        return;
    }
    buf.push_str(",\n  \"aliases\": {");
    for (i, group) in aliases.chunk_by(|a, b| a.0 == b.0).enumerate() {
        buf.push_str(if i == 0 { "\n    " } else { ",\n    " });
        json_text::push_str(buf, &group[0].0);
        buf.push_str(": [");
        for (j, (_, alias)) in group.iter().enumerate() {
            if j > 0 {
                buf.push_str(", ");
            }
            json_text::push_str(buf, alias);
        }
        buf.push(']');
    }
    buf.push_str("\n  }");
}

/// Writes the `json` document: title, description, aliases and the
/// file's unknown members, then the events, one a line.
pub(super) fn write_document<'a>(
    out: &mut dyn Write,
    timeline: &Timeline,
    events: impl Iterator<Item = &'a Event>,
) -> io::Result<()> {
    // Each member after a `,`; the first one's is taken off below. An
    // empty title or description is left out, so a file that had none
    // (or a merge of such files) does not gain one.
    let mut buf = String::from("{");
    for (key, text) in [
        ("title", &timeline.title),
        ("description", &timeline.description),
    ] {
        if !text.is_empty() {
            buf.push_str(",\n  \"");
            buf.push_str(key);
            buf.push_str("\": ");
            json_text::push_str(&mut buf, text);
        }
    }
    push_aliases(&mut buf, &timeline.aliases);
    for (key, value) in kept_members(timeline.extra.as_deref()) {
        buf.push_str(",\n  ");
        json_text::push_raw(&mut buf, key);
        buf.push_str(": ");
        json_text::push_raw(&mut buf, value);
    }
    buf.push_str(",\n  \"events\": [");
    buf.remove(1);
    out.write_all(buf.as_bytes())?;
    let mut first = true;
    for event in events {
        buf.clear();
        buf.push_str(if first { "\n    " } else { ",\n    " });
        first = false;
        push_event_json(&mut buf, timeline, event);
        out.write_all(buf.as_bytes())?;
    }
    out.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::sample;

    #[test]
    fn event_json_is_ordered_and_escapes_invisible_characters() {
        let t = sample();
        let c = t.find("c").unwrap();
        assert_eq!(
            event_json(&t, c),
            r#"{"id":"c","date":"2020","title":"Evil\u001b]2;x\u0007 \u202e title","countries":["Égypte"]}"#
        );
        let b = t.find("b").unwrap();
        assert!(
            event_json(&t, b).ends_with(r#""sources":[{"url":"https://example.org/b","x":1}]}"#)
        );
    }
}
