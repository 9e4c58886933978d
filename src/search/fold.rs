//! Accent and compatibility folding, in every script: NFKD, combining marks
//! dropped, and a table for the letters NFKD leaves whole (`ß`, `æ`, `ø`,
//! `ł`…). Case is kept here and compared by the matcher, so one folding of
//! a text serves case-sensitive and case-insensitive terms alike.
//!
//! One character may fold to several (`ß` → `ss`) or to none (a lone
//! combining mark), so a folded text keeps, for each of its characters, the
//! index of the original character it came from: match positions are
//! reported in the original text.

use std::borrow::Cow;
use std::cell::RefCell;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Letters that NFKD does not decompose but a reader takes for a base letter
/// plus something (a stroke, a ligature, a dotless i), as fzf's table and
/// ICU's search folding treat them.
fn spelled_out(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'ẞ' => "SS",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'þ' => "th",
        'Þ' => "TH",
        'ħ' => "h",
        'Ħ' => "H",
        'ŧ' => "t",
        'Ŧ' => "T",
        'ı' => "i",
        'ƒ' => "f",
        'ĸ' => "k",
        // Greek final sigma is a sigma: `οδος` finds `ΟΔΟΣ` lowercased.
        'ς' => "σ",
        _ => return None,
    })
}

/// Hangul syllables decompose into their jamo under NFKD: a Korean reader
/// types syllables, so they are kept whole.
fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Calls `out` with each character `c` folds to (none, one or several),
/// case kept.
#[inline]
pub fn fold_char(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() || is_hangul_syllable(c) {
        out(c);
        return;
    }
    let mut base = |d: char| {
        if is_combining_mark(d) {
            return;
        }
        match spelled_out(d) {
            Some(s) => s.chars().for_each(&mut out),
            None => out(d),
        }
    };
    match spelled_out(c) {
        Some(s) => s.chars().for_each(&mut out),
        None => decompose_compatible(c, &mut base),
    }
}

/// The lowercase of a folded character. After folding every character
/// lowercases to one (`İ`, the exception, folds to `I`).
#[inline]
pub fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Folds a string, lowercased too when `ignore_case`; borrows when nothing
/// changes (ASCII, and lowercase when `ignore_case`).
pub fn fold(text: &str, ignore_case: bool) -> Cow<'_, str> {
    let unchanged = if ignore_case {
        text.bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    } else {
        text.is_ascii()
    };
    if unchanged {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| out.push(if ignore_case { lower(f) } else { f }));
    }
    Cow::Owned(out)
}

/// A text made ready for matching, case kept.
#[derive(Clone, Copy, Debug)]
pub enum Hay<'a> {
    /// ASCII: the text itself (`origin` is `None`, byte = char index), or
    /// the folding of a text whose accents folded away (`origin` is that
    /// text).
    Bytes(&'a [u8], Option<&'a str>),
    /// Anything else, folded, one `char` per unit, and the text it folds.
    Chars(&'a [char], &'a str),
}

impl Hay<'_> {
    /// How many folded characters the text has.
    pub fn len(&self) -> usize {
        match self {
            Hay::Bytes(b, _) => b.len(),
            Hay::Chars(c, _) => c.len(),
        }
    }

    /// The original char index of folded character `i`.
    pub fn origin(&self, i: usize) -> usize {
        self.origins(&[i])[0]
    }

    /// The original char indices of folded characters `folded`, in one
    /// pass over the original text: a folded text keeps no table of where
    /// each character came from (4 bytes a character), it folds again.
    pub fn origins(&self, folded: &[usize]) -> Vec<usize> {
        let text = match self {
            Hay::Bytes(_, None) => return folded.to_vec(),
            Hay::Bytes(_, Some(text)) | Hay::Chars(_, text) => text,
        };
        let mut order: Vec<usize> = (0..folded.len()).collect();
        order.sort_unstable_by_key(|&k| folded[k]);
        // Past the folded text, an index stands for itself.
        let mut out = folded.to_vec();
        let mut wanted = order.into_iter().peekable();
        let mut start = 0;
        for (i, c) in text.chars().enumerate() {
            if wanted.peek().is_none() {
                break;
            }
            let mut n = 0;
            fold_char(c, |_| n += 1);
            // Folded characters start..start + n come from character i.
            while let Some(&k) = wanted.peek()
                && folded[k] < start + n
            {
                out[k] = i;
                wanted.next();
            }
            start += n;
        }
        out
    }
}

/// Buffers for folding non-ASCII text, one set per thread, reused.
#[derive(Default)]
struct Scratch {
    folded: String,
    chars: Vec<char>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Folded texts from this many bytes up are large: made into `char`s with
/// only one buffer held at a time, and not kept for the next text.
const LARGE: usize = 1 << 20;

/// Runs `f` on `text` made ready for matching. ASCII text costs nothing;
/// other text is folded into this thread's buffers: its folding (about its
/// size), and when that is not ASCII, the folding as `char`s (4 bytes a
/// character) instead. `f` must not call `with_hay` itself (the buffers
/// are in use).
pub fn with_hay<R>(text: &str, f: impl FnOnce(Hay<'_>) -> R) -> R {
    if text.is_ascii() {
        return f(Hay::Bytes(text.as_bytes(), None));
    }
    SCRATCH.with(|scratch| {
        let mut guard = scratch.borrow_mut();
        let Scratch { folded, chars } = &mut *guard;
        folded.clear();
        chars.clear();
        // Folding seldom lengthens a text: room for as much, grown rarely.
        folded.reserve(text.len());
        for c in text.chars() {
            fold_char(c, |f| folded.push(f));
        }
        let result = if folded.is_ascii() {
            f(Hay::Bytes(folded.as_bytes(), Some(text)))
        } else {
            if folded.len() < LARGE {
                chars.extend(folded.chars());
            } else {
                // Not both at once: the count, then the text folded again.
                let n = folded.chars().count();
                *folded = String::new();
                chars.reserve_exact(n);
                for c in text.chars() {
                    fold_char(c, |f| chars.push(f));
                }
            }
            f(Hay::Chars(chars, text))
        };
        if folded.capacity() >= LARGE {
            *folded = String::new();
        }
        if chars.capacity() >= LARGE / 4 {
            *chars = Vec::new();
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        fold(s, true).into_owned()
    }

    #[test]
    fn strips_accents_in_every_script() {
        assert_eq!(
            folded("Égypte Pékin Citroën façade"),
            "egypte pekin citroen facade"
        );
        assert_eq!(folded("Việt Nam"), "viet nam");
        assert_eq!(folded("Nguyễn"), "nguyen");
        assert_eq!(folded("Ḑiyarbakır"), "diyarbakir");
        assert_eq!(folded("Ελλάδα"), "ελλαδα");
        assert_eq!(folded("Йошкар-Ола"), "иошкар-ола");
        assert_eq!(fold("Égypte", false), "Egypte");
    }

    #[test]
    fn compatibility_forms_and_spelled_out_letters() {
        assert_eq!(folded("ＡＢＣ"), "abc");
        assert_eq!(folded("ﬁnance ①"), "finance 1");
        assert_eq!(
            folded("Straße Œuvre Æsir Øresund Łódź Đakovo ðing"),
            "strasse oeuvre aesir oresund lodz dakovo ding"
        );
        assert_eq!(folded("ǽ Ǿ ẞ"), "ae o ss");
        assert_eq!(folded("ΟΔΟΣ οδος"), "οδοσ οδοσ");
        assert_eq!(folded("İstanbul"), "istanbul");
    }

    #[test]
    fn hangul_syllables_stay_whole_other_cjk_untouched() {
        assert_eq!(folded("한국 华为"), "한국 华为");
        // Kana lose their voicing marks as Latin letters lose accents, and
        // half-width katakana are compatibility forms of full-width ones.
        assert_eq!(folded("クラウド"), "クラウト");
        assert_eq!(folded("ｸﾗｳﾄﾞ"), "クラウト");
    }

    #[test]
    fn origin_maps_each_folded_char_back() {
        let (text, origin) = with_hay("Straße é", |hay| match hay {
            Hay::Bytes(b, Some(_)) => (
                String::from_utf8_lossy(b).into_owned(),
                hay.origins(&(0..b.len() + 1).rev().collect::<Vec<_>>()),
            ),
            _ => unreachable!("folds to ASCII"),
        });
        assert_eq!(text, "Strasse e");
        // Asked in any order; past the end an index stands for itself.
        assert_eq!(origin, [9, 7, 6, 5, 4, 4, 3, 2, 1, 0]);
        // A decomposed accent: the mark folds to nothing.
        let n = with_hay("e\u{301}t", |hay| (hay.len(), hay.origin(1)));
        assert_eq!(n, (2, 2));
        with_hay("华为 Straße", |hay| {
            assert!(matches!(hay, Hay::Chars(..)));
            assert_eq!(hay.len(), 10);
            assert_eq!(hay.origin(8), 7);
            assert_eq!(hay.origin(9), 8);
        });
    }

    #[test]
    fn a_large_text_folds_into_one_buffer_at_a_time_and_none_is_kept() {
        let text = "华".repeat(LARGE) + "Straße";
        let chars = LARGE + 7;
        with_hay(&text, |hay| {
            assert!(matches!(hay, Hay::Chars(c, _) if c.len() == chars));
            let end = [LARGE, LARGE + 4, LARGE + 5, LARGE + 6, 0];
            assert_eq!(
                hay.origins(&end),
                [LARGE, LARGE + 4, LARGE + 4, LARGE + 5, 0]
            );
        });
        SCRATCH.with(|s| {
            let s = s.borrow();
            assert!(s.folded.capacity() < LARGE && s.chars.capacity() < LARGE / 4);
        });
    }

    #[test]
    fn plain_lowercase_ascii_is_borrowed() {
        assert!(matches!(fold("orange cloud", true), Cow::Borrowed(_)));
        assert!(matches!(fold("Orange", true), Cow::Owned(_)));
        assert!(matches!(fold("Orange", false), Cow::Borrowed(_)));
    }
}
