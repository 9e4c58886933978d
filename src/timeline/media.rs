//! A slide's media (TimelineJS `media`: an image, a video, a tweet…), and
//! the packing of optional texts into one allocation that it shares with
//! sources.

/// Optional texts sharing one allocation: part `i` is absent, or a slice
/// of `text`. An empty string counts as given.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Packed<const N: usize> {
    /// The parts given, end to end.
    text: Box<str>,
    /// Where each part ends in `text`.
    ends: [u32; N],
    /// Bit `i` set: part `i` was given.
    present: u16,
}

impl<const N: usize> Default for Packed<N> {
    fn default() -> Self {
        Packed {
            text: Box::default(),
            ends: [0; N],
            present: 0,
        }
    }
}

impl<const N: usize> Packed<N> {
    /// Packs the parts; fails only when their text passes 4 GiB.
    pub(crate) fn new(parts: [Option<&str>; N], what: &str) -> Result<Self, String> {
        const { assert!(N <= 16, "a part's presence is a bit of a u16") };
        let mut text = String::with_capacity(parts.iter().flatten().map(|p| p.len()).sum());
        let mut ends = [0u32; N];
        let mut present = 0u16;
        for (i, part) in parts.into_iter().enumerate() {
            if let Some(part) = part {
                text.push_str(part);
                present |= 1 << i;
            }
            ends[i] = u32::try_from(text.len())
                .map_err(|_| format!("{what} text is larger than 4 GiB"))?;
        }
        Ok(Packed {
            text: text.into_boxed_str(),
            ends,
            present,
        })
    }

    /// Part `i`, when given.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (self.present & (1 << i) != 0).then(|| &self.text[start..self.ends[i] as usize])
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
