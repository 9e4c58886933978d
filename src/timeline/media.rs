//! A slide's media (TimelineJS `media`: an image, a video, a tweet…), and
//! the packing of optional texts into one allocation that it shares with
//! sources.

/// Optional texts sharing one allocation: part `i` is absent, or a slice
/// of the texts. An empty string counts as given.
///
/// The allocation holds a header, then the texts end to end: which parts
/// are given (a `u16`, little-endian), the width of the numbers that
/// follow (1, 2 or 4 bytes, the fewest that hold the texts' length), and
/// where each part ends in the texts. A source's ten ends take 10 bytes
/// rather than 40 beside its 64 bytes of text, and the struct is one
/// pointer.
#[derive(Clone, PartialEq, Default)]
pub(crate) struct Packed<const N: usize> {
    /// The header, then the texts (empty: no part given).
    data: Box<[u8]>,
}

impl<const N: usize> std::fmt::Debug for Packed<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries((0..N).map(|i| self.get(i))).finish()
    }
}

/// The bytes before the ends in [`Packed`]'s header: presence and width.
const PACKED_HEAD: usize = 3;

impl<const N: usize> Packed<N> {
    /// Packs the parts; fails only when their text passes 4 GiB.
    pub(crate) fn new(parts: [Option<&str>; N], what: &str) -> Result<Self, String> {
        const { assert!(N <= 16, "a part's presence is a bit of a u16") };
        let len: usize = parts.iter().flatten().map(|p| p.len()).sum();
        let len32 = u32::try_from(len).map_err(|_| format!("{what} text is larger than 4 GiB"))?;
        let present = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_some())
            .fold(0u16, |bits, (i, _)| bits | 1 << i);
        if present == 0 {
            return Ok(Packed::default());
        }
        let width: usize = match len32 {
            0..=0xFF => 1,
            0x100..=0xFFFF => 2,
            _ => 4,
        };
        let mut data = Vec::with_capacity(PACKED_HEAD + N * width + len);
        data.extend_from_slice(&present.to_le_bytes());
        data.push(width as u8);
        let mut end = 0u32;
        for part in &parts {
            // Fits: every end is at most `len32`.
            end += part.map_or(0, |p| p.len() as u32);
            data.extend_from_slice(&end.to_le_bytes()[..width]);
        }
        for part in parts.iter().flatten() {
            data.extend_from_slice(part.as_bytes());
        }
        Ok(Packed {
            data: data.into_boxed_slice(),
        })
    }

    /// Where part `i` ends in the texts (`i < N`, the header present).
    fn end(&self, i: usize) -> usize {
        let width = usize::from(self.data[2]);
        let at = PACKED_HEAD + i * width;
        let mut bytes = [0u8; 4];
        bytes[..width].copy_from_slice(&self.data[at..at + width]);
        u32::from_le_bytes(bytes) as usize
    }

    /// Part `i`, when given.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let present = u16::from_le_bytes([*self.data.first()?, *self.data.get(1)?]);
        if i >= N || present & (1 << i) == 0 {
            return None;
        }
        let text_at = PACKED_HEAD + N * usize::from(self.data[2]);
        let start = if i == 0 { 0 } else { self.end(i - 1) };
        let bytes = &self.data[text_at + start..text_at + self.end(i)];
        // SAFETY: `new` copied the given parts in from `&str`s, end to end,
        // after the header, and `start..end(i)` are where part `i` began
        // and ended among them: the bytes of one `str`. `data` is never
        // changed after `new`.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }
}

#[cfg(test)]
mod packed_tests {
    use super::Packed;

    proptest::proptest! {
        /// Whatever the parts, absent or given (empty ones too), and
        /// whatever their length (ends of one, two or four bytes), a
        /// packing gives them back.
        #[test]
        fn packed_parts_come_back_as_given(
            parts in proptest::collection::vec(proptest::option::of(".{0,12}"), 9),
            long in proptest::option::of((0usize..9, proptest::sample::select(vec![200usize, 70_000]))),
        ) {
            let mut parts = parts;
            if let Some((i, n)) = long {
                parts[i] = Some(format!("{}é", "x".repeat(n)));
            }
            let borrowed: [Option<&str>; 9] = std::array::from_fn(|i| parts[i].as_deref());
            let packed = Packed::new(borrowed, "test").unwrap();
            for (i, part) in borrowed.iter().enumerate() {
                proptest::prop_assert_eq!(packed.get(i), *part);
            }
            proptest::prop_assert_eq!(packed.get(9), None);
            proptest::prop_assert_eq!(&Packed::new(borrowed, "test").unwrap(), &packed);
        }
    }
}

/// A slide's media, as TimelineJS describes it: where it is, what it is
/// called and who made it. The texts are kept as written (caption and
/// credit may hold HTML); read them through the accessors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Media {
    parts: Packed<{ Media::MEMBERS.len() }>,
    /// Members of the media object tlx does not know, and known ones that
    /// are not strings, kept as a JSON object text so they are written
    /// back unchanged.
    pub extra: Option<Box<str>>,
}

/// The parts of a media object, borrowed, for [`Media::new`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MediaFields<'a> {
    /// Where the media is: an image's address, a video's, a tweet's.
    pub url: Option<&'a str>,
    /// What it shows (HTML).
    pub caption: Option<&'a str>,
    /// Who made it (HTML).
    pub credit: Option<&'a str>,
    /// A small image standing for it.
    pub thumbnail: Option<&'a str>,
    /// Its alternative text.
    pub alt: Option<&'a str>,
    /// Its title.
    pub title: Option<&'a str>,
    /// Where a click on it leads.
    pub link: Option<&'a str>,
    /// The window that link opens in (`_blank`).
    pub link_target: Option<&'a str>,
}

impl Media {
    /// The members tlx reads in a media object, in the order it writes them.
    pub const MEMBERS: [&'static str; 8] = [
        "url",
        "caption",
        "credit",
        "thumbnail",
        "alt",
        "title",
        "link",
        "link_target",
    ];

    /// Builds a media object; fails only when its text passes 4 GiB.
    pub fn new(f: MediaFields<'_>, extra: Option<Box<str>>) -> Result<Media, String> {
        let known = [
            f.url,
            f.caption,
            f.credit,
            f.thumbnail,
            f.alt,
            f.title,
            f.link,
            f.link_target,
        ];
        Media::from_members(known, extra)
    }

    /// Builds one from its members by name (see [`Media::MEMBERS`]).
    pub fn from_members(
        known: [Option<&str>; 8],
        extra: Option<Box<str>>,
    ) -> Result<Media, String> {
        Ok(Media {
            parts: Packed::new(known, "media")?,
            extra,
        })
    }

    /// The known members, by name, in [`Media::MEMBERS`] order.
    pub fn members(&self) -> impl Iterator<Item = (&'static str, Option<&str>)> {
        Media::MEMBERS
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, self.parts.get(i)))
    }

    /// Where the media is.
    pub fn url(&self) -> Option<&str> {
        self.parts.get(0)
    }

    /// What it shows (HTML).
    pub fn caption(&self) -> Option<&str> {
        self.parts.get(1)
    }

    /// Who made it (HTML).
    pub fn credit(&self) -> Option<&str> {
        self.parts.get(2)
    }

    /// A small image standing for it.
    pub fn thumbnail(&self) -> Option<&str> {
        self.parts.get(3)
    }

    /// Its alternative text.
    pub fn alt(&self) -> Option<&str> {
        self.parts.get(4)
    }

    /// Its title.
    pub fn title(&self) -> Option<&str> {
        self.parts.get(5)
    }

    /// Where a click on it leads.
    pub fn link(&self) -> Option<&str> {
        self.parts.get(6)
    }

    /// The window that link opens in.
    pub fn link_target(&self) -> Option<&str> {
        self.parts.get(7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_absent_apart_from_empty() {
        let m = Media::new(
            MediaFields {
                url: Some("a.jpg"),
                caption: Some(""),
                link_target: Some("_blank"),
                ..MediaFields::default()
            },
            None,
        )
        .unwrap();
        assert_eq!(m.url(), Some("a.jpg"));
        assert_eq!(m.caption(), Some(""));
        assert_eq!(m.credit(), None);
        assert_eq!(m.link_target(), Some("_blank"));
        let given: Vec<&str> = m
            .members()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k)
            .collect();
        assert_eq!(given, ["url", "caption", "link_target"]);
    }
}
