//! The members inside a document's objects: which may not repeat, unknown
//! ones kept as compact JSON, strings borrowed from the text, facet name
//! lists and sources.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::context::FileCtx;
use crate::json_text;
use crate::timeline::{Media, Names, Source, SourceFields, Sym};

/// Members tlx reads at the top level of a document.
pub(super) const DOC_MEMBERS: &[&str] = &["events", "eras", "title", "description", "aliases"];
/// Members tlx reads in an event (native or TimelineJS).
pub(super) const EVENT_MEMBERS: &[&str] = &[
    "id",
    "unique_id",
    "date",
    "start_date",
    "text",
    "end_date",
    "approximate",
    "title",
    "summary",
    "kind",
    "place",
    "group",
    "display_date",
    "end_display_date",
    "companies",
    "countries",
    "topics",
    "people",
    "sources",
    "media",
];
/// The member tlx reads that `key`, which it does not read, was most
/// likely meant to be: the same in another case (`Title`), or its
/// singular (`country` for `countries`). `None` for any other name.
pub(super) fn meant(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    let plurals = [
        format!("{lower}s"),
        lower
            .strip_suffix('y')
            .map_or_else(String::new, |s| format!("{s}ies")),
    ];
    EVENT_MEMBERS
        .iter()
        .find(|m| **m == lower || plurals.iter().any(|p| p == *m))
        .copied()
        .filter(|m| *m != key)
}

/// Members tlx reads in a source.
const SOURCE_MEMBERS: &[&str] = &[
    "publisher",
    "author",
    "title",
    "date",
    "language",
    "url",
    "via",
    "quote",
    "note",
];

/// The members of one object seen so far. A member tlx reads may appear
/// once: with two `date`s, which one the file meant is anyone's guess, and
/// keeping the last would silently drop the other. Unknown members may
/// repeat; they are kept as written.
#[derive(Default)]
pub(super) struct Members(u32);

impl Members {
    /// Records `key`; true when it is one of `known` and was seen before.
    pub(super) fn repeated(&mut self, known: &[&str], key: &str) -> bool {
        let Some(bit) = known.iter().position(|k| *k == key) else {
            return false;
        };
        let repeated = self.0 & (1 << bit) != 0;
        self.0 |= 1 << bit;
        repeated
    }
}

/// A list of facet names, or `null` for none, interned into `out` as
/// read: no string is copied unless it had escapes. Refuses what
/// `Option<Vec<String>>` refuses, with the same messages.
pub(super) struct NamesSeed<'a> {
    pub(super) names: &'a mut Names,
    pub(super) out: &'a mut Vec<Sym>,
}

impl<'de> DeserializeSeed<'de> for NamesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for NamesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        struct List<'s, 'a>(&'s mut NamesSeed<'a>);
        impl<'de> Visitor<'de> for List<'_, '_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                while let Some(name) = seq.next_element::<Str<'de>>()? {
                    let sym = self.0.names.intern(name.as_str());
                    self.0.out.push(sym);
                }
                Ok(())
            }
        }
        let mut this = self;
        d.deserialize_seq(List(&mut this))
    }
}

/// A source as read; unknown members are kept.
pub(super) struct SourceIn(Source);

impl From<SourceIn> for Source {
    fn from(s: SourceIn) -> Source {
        s.0
    }
}

impl<'de> Deserialize<'de> for SourceIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SourceIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SourceIn, A::Error> {
                let mut f: [Option<Str<'de>>; 9] = Default::default();
                let mut extra = ExtraWriter::default();
                let mut seen = Members::default();
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    if seen.repeated(SOURCE_MEMBERS, key.as_str()) {
                        return Err(de::Error::custom(format!(
                            "source: duplicate member \"{}\"",
                            key.as_str()
                        )));
                    }
                    let slot = match SOURCE_MEMBERS.iter().position(|k| *k == key.as_str()) {
                        Some(slot) => slot,
                        None => {
                            let other = key.as_str();
                            let value = map.next_value::<&'de RawValue>()?;
                            extra.push(other, value).map_err(|_| {
                                de::Error::custom(format!(
                                    "source member \"{other}\" is nested deeper than {} levels",
                                    json_text::MAX_DEPTH
                                ))
                            })?;
                            continue;
                        }
                    };
                    f[slot] = map.next_value::<Option<Str<'de>>>()?;
                }
                let part = |i: usize| f[i].as_ref().map(Str::as_str);
                let fields = SourceFields {
                    publisher: part(0),
                    author: part(1),
                    title: part(2),
                    date: part(3),
                    language: part(4),
                    url: part(5),
                    via: part(6),
                    quote: part(7),
                    note: part(8),
                };
                let s = Source::new(fields, extra.finish()).map_err(de::Error::custom)?;
                Ok(SourceIn(s))
            }
        }
        d.deserialize_map(V)
    }
}

/// A media object as read (TimelineJS `media`). A member tlx knows whose
/// value is not a string (`null`, a number) is kept with the unknown ones,
/// so it is written back as it was.
pub(super) struct MediaIn(pub(super) Media);

impl<'de> Deserialize<'de> for MediaIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MediaIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a media object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MediaIn, A::Error> {
                let mut known: [Option<Str<'de>>; 8] = Default::default();
                let mut extra = ExtraWriter::default();
                let mut seen = Members::default();
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    let key = key.as_str();
                    if seen.repeated(&Media::MEMBERS, key) {
                        return Err(de::Error::custom(format!("duplicate member \"{key}\"")));
                    }
                    let value = map.next_value::<&'de RawValue>()?;
                    let slot = Media::MEMBERS.iter().position(|k| *k == key);
                    if let Some(slot) = slot
                        && value.get().starts_with('"')
                    {
                        known[slot] = Some(Str::deserialize(value).map_err(de::Error::custom)?);
                        continue;
                    }
                    extra.push(key, value).map_err(|_| {
                        de::Error::custom(format!(
                            "media member \"{key}\" is nested deeper than {} levels",
                            json_text::MAX_DEPTH
                        ))
                    })?;
                }
                let known = known.each_ref().map(|k| k.as_ref().map(Str::as_str));
                let media =
                    Media::from_members(known, extra.finish()).map_err(de::Error::custom)?;
                Ok(MediaIn(media))
            }
        }
        d.deserialize_map(V)
    }
}

/// Collects unknown members into a compact JSON object text.
#[derive(Default)]
pub(super) struct ExtraWriter(String);

impl ExtraWriter {
    /// Adds a member. A value nested deeper than [`json_text::MAX_DEPTH`] is refused
    /// with the byte offset, in the value, of the bracket that went too deep.
    pub(super) fn push(&mut self, key: &str, value: &RawValue) -> Result<(), usize> {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        // A key that came out of JSON always serialises.
        let key = serde_json::to_string(key).unwrap_or_default();
        // Through the minifier, which escapes as the values are escaped.
        let _ = json_text::minify_into(&mut self.0, &key);
        self.0.push(':');
        json_text::minify_into(&mut self.0, value.get())
    }

    /// The members as an object, `None` when there were none.
    pub(super) fn finish(mut self) -> Option<Box<str>> {
        if self.0.is_empty() {
            None
        } else {
            self.0.push('}');
            Some(self.0.into_boxed_str())
        }
    }
}

/// A string (an object key, a date), borrowed from the text when it holds
/// no escapes: no allocation, and its position in the file is known.
pub(super) enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Str<'_> {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }

    /// Offset of the key's first character in the file, when known.
    pub(super) fn offset(&self, ctx: &FileCtx<'_>) -> Option<usize> {
        match self {
            Str::Borrowed(s) => ctx.offset_of(s),
            Str::Owned(_) => None,
        }
    }

    /// Offset just after the key's closing quote, when known.
    pub(super) fn end(&self, ctx: &FileCtx<'_>) -> Option<usize> {
        self.offset(ctx).map(|o| o + self.as_str().len() + 1)
    }
}

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str::Owned(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// A string, or a number read as its text as TimelineJS shows it
/// (`unique_id`, `group`, `headline` written as numbers by spreadsheets).
pub(super) struct TextOrNumber<'de>(pub(super) Str<'de>);

impl<'de> Deserialize<'de> for TextOrNumber<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextOrNumber<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(TextOrNumber(Str::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(TextOrNumber(Str::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(TextOrNumber(Str::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(TextOrNumber(Str::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(TextOrNumber(Str::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// For `#[serde(deserialize_with)]`: an optional string or number, as text.
pub(super) fn opt_text_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<TextOrNumber<'de>>::deserialize(d)?.map(|t| t.0.as_str().to_string()))
}

#[cfg(test)]
mod tests {
    use super::meant;

    #[test]
    fn a_member_in_another_case_or_singular_is_taken_for_the_one_tlx_reads() {
        assert_eq!(meant("Title"), Some("title"));
        assert_eq!(meant("country"), Some("countries"));
        assert_eq!(meant("Company"), Some("companies"));
        assert_eq!(meant("source"), Some("sources"));
        assert_eq!(meant("topic"), Some("topics"));
        // Members tlx reads, and names near none of them, say nothing.
        for quiet in ["title", "countries", "background", "tags", "y", ""] {
            assert_eq!(meant(quiet), None, "{quiet}");
        }
    }
}
