//! How one term meets one folded text: whether it occurs, where, and how
//! well. The same code runs on ASCII bytes (most text, and most text once
//! its accents are folded) and on folded `char`s (everything else).
//!
//! Scores follow fzf's (`src/algo/algo.go`): 16 a matched character,
//! bonuses for the start of a word, camelCase and consecutive characters,
//! -3 a gap and -1 each further skipped character. On top, tlx's own: a
//! scattered fuzzy match is scaled by `n / (n + gaps)`, so that letters
//! picked out of a sentence rank below the word itself, and a whole word or
//! a whole field earns a bonus.

use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::lower;

/// What kind of character, for word boundaries and bonuses (fzf's classes,
/// in its order: everything up to `Delimiter` separates words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    White,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Letter,
    Number,
}

/// A unit of folded text: a byte of ASCII, or a `char`.
pub trait Unit: Copy + Eq + std::fmt::Debug {
    /// Lowercase.
    fn lower(self) -> Self;
    /// Its class.
    fn class(self) -> Class;
}

impl Unit for u8 {
    #[inline]
    fn lower(self) -> u8 {
        self.to_ascii_lowercase()
    }
    #[inline]
    fn class(self) -> Class {
        match self {
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Number,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Class::White,
            b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
            _ => Class::NonWord,
        }
    }
}

impl Unit for char {
    #[inline]
    fn lower(self) -> char {
        lower(self)
    }
    fn class(self) -> Class {
        if self.is_ascii() {
            (self as u8).class()
        } else if self.is_lowercase() {
            Class::Lower
        } else if self.is_uppercase() {
            Class::Upper
        } else if self.is_numeric() {
            Class::Number
        } else if self.is_alphabetic() {
            Class::Letter
        } else if self.is_whitespace() {
            Class::White
        } else {
            Class::NonWord
        }
    }
}

/// Text unit `t` against pattern unit `p` (already lowercase when ignoring case).
#[inline]
fn same<T: Unit>(t: T, p: T, ignore_case: bool) -> bool {
    t == p || (ignore_case && t.lower() == p)
}

/// Whether a word starts at `i` (nothing of a word just before it).
fn starts_word<T: Unit>(hay: &[T], i: usize) -> bool {
    i == 0 || hay[i - 1].class() <= Class::Delimiter
}

/// Whether a word ends just before `end` (nothing of a word at `end`).
fn ends_word<T: Unit>(hay: &[T], end: usize) -> bool {
    end >= hay.len() || hay[end].class() <= Class::Delimiter
}

/// Char index of the first occurrence of `pat` at or after `from`.
pub fn find<T: Unit>(hay: &[T], pat: &[T], ignore_case: bool, from: usize) -> Option<usize> {
    let n = pat.len();
    if n == 0 || hay.len() < n || from > hay.len() - n {
        return None;
    }
    (from..=hay.len() - n).find(|&i| {
        hay[i..i + n]
            .iter()
            .zip(pat)
            .all(|(&t, &p)| same(t, p, ignore_case))
    })
}

/// [`find`] on ASCII bytes, with memchr.
pub fn find_ascii(hay: &[u8], pat: &[u8], ignore_case: bool, from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    if !ignore_case {
        return memchr::memmem::find(rest, pat).map(|i| i + from);
    }
    let (&first, tail) = pat.split_first()?;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), rest)
        .find(|&i| {
            rest.get(i + 1..i + pat.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(tail))
        })
        .map(|i| i + from)
}

/// The part of `hay` a `^`/`$` term is compared with: fzf trims the white
/// space around a field, unless the pattern itself starts (ends) with some.
fn trimmed<T: Unit>(hay: &[T], pat: &[T]) -> (usize, usize) {
    let white = |t: &T| t.class() == Class::White;
    let mut start = 0;
    let mut end = hay.len();
    if !pat.first().is_some_and(white) {
        start = hay.iter().take_while(|t| white(t)).count();
    }
    if !pat.last().is_some_and(white) {
        end -= hay[start..].iter().rev().take_while(|t| white(t)).count();
    }
    (start, end)
}

fn equal_at<T: Unit>(hay: &[T], at: usize, pat: &[T], ignore_case: bool) -> bool {
    hay.get(at..at + pat.len())
        .is_some_and(|h| h.iter().zip(pat).all(|(&t, &p)| same(t, p, ignore_case)))
}

/// Where `^pat` matches.
pub fn prefix_at<T: Unit>(hay: &[T], pat: &[T], ignore_case: bool) -> Option<usize> {
    let (start, end) = trimmed(hay, pat);
    (end - start >= pat.len() && equal_at(hay, start, pat, ignore_case)).then_some(start)
}

/// Where `pat$` matches.
pub fn suffix_at<T: Unit>(hay: &[T], pat: &[T], ignore_case: bool) -> Option<usize> {
    let (start, end) = trimmed(hay, pat);
    let at = end.checked_sub(pat.len())?;
    (at >= start && equal_at(hay, at, pat, ignore_case)).then_some(at)
}

/// Where `^pat$` matches.
pub fn equal_to<T: Unit>(hay: &[T], pat: &[T], ignore_case: bool) -> Option<usize> {
    let (start, end) = trimmed(hay, pat);
    (end - start == pat.len() && equal_at(hay, start, pat, ignore_case)).then_some(start)
}

/// The occurrences of `pat` (contiguous), by a finder such as [`find`].
fn occurrences<'a, T: Unit>(
    hay: &'a [T],
    pat: &'a [T],
    find: impl Fn(usize) -> Option<usize> + 'a,
) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = find(from)?;
        from = at + 1;
        Some(at)
    })
    .take_while(move |&at| at + pat.len() <= hay.len())
}

/// The first occurrence of `'pat'`: a whole word (nothing of a word on
/// either side), as fzf's `ExactMatchBoundary`.
pub fn word_at<T: Unit>(
    hay: &[T],
    pat: &[T],
    find: impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    occurrences(hay, pat, find).find(|&at| starts_word(hay, at) && ends_word(hay, at + pat.len()))
}

/// The best occurrence of a contiguous pattern for scoring: a whole word
/// first, then the start of a word, then the first.
pub fn best_occurrence<T: Unit>(
    hay: &[T],
    pat: &[T],
    find: impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let mut best: Option<(u8, usize)> = None;
    for at in occurrences(hay, pat, find) {
        let rank = match (starts_word(hay, at), ends_word(hay, at + pat.len())) {
            (true, true) => 2,
            (true, false) => 1,
            _ => 0,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, at));
        }
        if rank == 2 {
            break;
        }
    }
    best.map(|(_, at)| at)
}

/// The fuzzy test: `pat`'s characters occur in order within a stretch of
/// at most `max_span` characters. Finds the shortest in-order occurrence
/// ending at each character and stops at the first one short enough.
/// `starts[k]` is the latest start of a match of the first `k + 1` pattern
/// characters seen so far.
pub fn fuzzy_fits<T: Unit>(hay: &[T], pat: &[T], ignore_case: bool, max_span: usize) -> bool {
    fuzzy_windows(hay, pat, ignore_case, max_span)
        .next()
        .is_some()
}

/// Each shortest stretch `(start, end)` (end inclusive) of at most
/// `max_span` characters holding `pat` in order, by where it ends.
pub fn fuzzy_windows<'a, T: Unit>(
    hay: &'a [T],
    pat: &'a [T],
    ignore_case: bool,
    max_span: usize,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let n = pat.len();
    let mut starts = vec![usize::MAX; n];
    // An empty pattern has no shortest stretch (and no last character).
    let hay = if n == 0 { &hay[..0] } else { hay };
    hay.iter().enumerate().filter_map(move |(i, &c)| {
        let mut last = false;
        for k in (0..n).rev() {
            if same(c, pat[k], ignore_case) {
                starts[k] = if k == 0 { i } else { starts[k - 1] };
                last |= k == n - 1;
            }
        }
        let start = starts[n - 1];
        (last && start != usize::MAX && i + 1 - start <= max_span).then_some((start, i))
    })
}

/// The fuzzy test on ASCII bytes. It anchors on the pattern's rarest
/// letter (found with memchr) and, around each place it occurs, matches
/// the letters before it backwards and those after it forwards, greedily:
/// that is the shortest match through that place, so the first anchor
/// whose match fits in `max_span` decides. Far cheaper than a scan of every
/// character on long summaries.
pub fn fuzzy_fits_ascii(text: &[u8], pattern: &[u8], ignore_case: bool, max_span: usize) -> bool {
    let Some(k) = (0..pattern.len()).min_by_key(|&i| letter_rank(pattern[i])) else {
        return true;
    };
    let fold = |b: u8| {
        if ignore_case {
            b.to_ascii_lowercase()
        } else {
            b
        }
    };
    let anchor = pattern[k];
    let other_case = if ignore_case {
        anchor.to_ascii_uppercase()
    } else {
        anchor
    };
    let (before, after) = (&pattern[..k], &pattern[k + 1..]);
    for at in memchr::memchr2_iter(anchor, other_case, text) {
        // Latest start for the letters before the anchor, within reach.
        let low = (at + 1).saturating_sub(max_span);
        let mut start = at;
        let mut wanted = before.iter().rev().peekable();
        for i in (low..at).rev() {
            match wanted.peek() {
                Some(&&p) if fold(text[i]) == p => {
                    wanted.next();
                    start = i;
                }
                Some(_) => {}
                None => break,
            }
        }
        if wanted.peek().is_some() {
            continue;
        }
        // Earliest end for the letters after it, within what is left.
        let high = text.len().min(start + max_span);
        let mut wanted = after.iter().peekable();
        for &b in &text[at + 1..high.max(at + 1)] {
            match wanted.peek() {
                Some(&&p) if fold(b) == p => {
                    wanted.next();
                }
                Some(_) => {}
                None => break,
            }
        }
        if wanted.peek().is_none() {
            return true;
        }
    }
    false
}

/// How common a byte is in English text (lower is rarer), to pick anchors.
#[inline]
pub fn letter_rank(b: u8) -> u8 {
    // Looked up: the fuzzy test picks its anchor at every text it reads.
    RANKS[usize::from(b)]
}

/// [`letter_rank`] of every byte.
static RANKS: [u8; 256] = {
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    // Digits, punctuation and the like are rarer than letters.
    let mut ranks = [0u8; 256];
    let mut i = 0;
    while i < BY_FREQUENCY.len() {
        let rank = 100 - i as u8;
        ranks[BY_FREQUENCY[i] as usize] = rank;
        ranks[BY_FREQUENCY[i].to_ascii_uppercase() as usize] = rank;
        i += 1;
    }
    ranks
};

// fzf's scoring constants (src/algo/algo.go).
const SCORE_MATCH: i64 = 16;
const SCORE_GAP_START: i64 = -3;
const SCORE_GAP_EXTENSION: i64 = -1;
const BONUS_BOUNDARY: i64 = SCORE_MATCH / 2;
const BONUS_NON_WORD: i64 = SCORE_MATCH / 2;
const BONUS_CAMEL: i64 = BONUS_BOUNDARY + SCORE_GAP_EXTENSION;
const BONUS_CONSECUTIVE: i64 = -(SCORE_GAP_START + SCORE_GAP_EXTENSION);
const BONUS_FIRST_CHAR_MULTIPLIER: i64 = 2;
const BONUS_BOUNDARY_WHITE: i64 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: i64 = BONUS_BOUNDARY + 1;
/// tlx's: a contiguous match that is a whole word, and one that is the
/// whole field (a facet value, a kind), each earn a character's worth.
const BONUS_WORD: i64 = SCORE_MATCH;
const BONUS_FIELD: i64 = SCORE_MATCH;

/// fzf's bonus for a character of class `cur` after one of class `prev`.
fn bonus(prev: Class, cur: Class) -> i64 {
    if cur > Class::NonWord {
        match prev {
            Class::White => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if (prev == Class::Lower && cur == Class::Upper)
        || (prev != Class::Number && cur == Class::Number)
    {
        return BONUS_CAMEL;
    }
    match cur {
        Class::NonWord | Class::Delimiter => BONUS_NON_WORD,
        Class::White => BONUS_BOUNDARY_WHITE,
        _ => 0,
    }
}

/// fzf's score of the characters at `positions` (increasing), as its
/// `computeMatchScore` would give them.
fn fzf_score<T: Unit>(hay: &[T], positions: impl IntoIterator<Item = usize>) -> i64 {
    let mut score = 0;
    let mut first_bonus = 0;
    let mut consecutive = 0;
    let mut previous: Option<usize> = None;
    for p in positions {
        if let Some(q) = previous
            && p > q + 1
        {
            score += SCORE_GAP_START + SCORE_GAP_EXTENSION * (p - q - 2) as i64;
            consecutive = 0;
            first_bonus = 0;
        }
        let prev = if p == 0 {
            Class::White
        } else {
            hay[p - 1].class()
        };
        let mut b = bonus(prev, hay[p].class());
        if consecutive == 0 {
            first_bonus = b;
        } else {
            if b >= BONUS_BOUNDARY && b > first_bonus {
                first_bonus = b;
            }
            b = b.max(first_bonus).max(BONUS_CONSECUTIVE);
        }
        score += SCORE_MATCH
            + if previous.is_none() {
                b * BONUS_FIRST_CHAR_MULTIPLIER
            } else {
                b
            };
        consecutive += 1;
        previous = Some(p);
    }
    score
}

/// The most `n` matched characters can score by themselves: each one's
/// match score with the largest bonus, the first one's doubled.
fn letters_bound(n: i64) -> i64 {
    (SCORE_MATCH + BONUS_BOUNDARY_WHITE) * n
        + BONUS_BOUNDARY_WHITE * (BONUS_FIRST_CHAR_MULTIPLIER - 1)
}

/// The most a match of `n` characters can score, contiguous or scattered:
/// [`letters_bound`], plus a whole word's and a whole field's bonus.
pub fn score_bound(n: usize) -> i64 {
    letters_bound(n as i64) + BONUS_WORD + BONUS_FIELD
}

/// The most a scattered match of `n` characters can score
/// ([`scattered_score`]): [`letters_bound`], scaled by at least one
/// character skipped. Ranking leans on it to leave events unscored, so a
/// test holds the scores to it.
pub fn scattered_bound(n: usize) -> i64 {
    let n = n as i64;
    letters_bound(n) * n / (n + 1)
}

/// The score of a contiguous match of `n` characters at `at`.
pub fn contiguous_score<T: Unit>(hay: &[T], at: usize, n: usize) -> i64 {
    let mut score = fzf_score(hay, at..at + n);
    if starts_word(hay, at) && ends_word(hay, at + n) {
        score += BONUS_WORD;
        let (start, end) = trimmed(hay, &hay[..0]);
        if start == at && end == at + n {
            score += BONUS_FIELD;
        }
    }
    score
}

/// The score of a scattered match at `positions`: fzf's, scaled down by
/// the characters skipped.
pub fn scattered_score<T: Unit>(hay: &[T], positions: &[usize]) -> i64 {
    let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
        return 0;
    };
    let n = positions.len() as i64;
    let gaps = (last - first + 1) as i64 - n;
    fzf_score(hay, positions.iter().copied()).max(1) * n / (n + gaps)
}

/// How many windows of a scattered match are weighed, at most: the score
/// of a term in a field is bounded work whatever the field holds.
const WINDOWS_WEIGHED: usize = 16;

/// The best-scoring scattered match of `pat` within `max_span`: its score
/// and positions. Each window is aligned by skim (fuzzy-matcher), which
/// prefers word starts and runs of characters, then scored here with the
/// text around it.
pub fn best_scattered<T: Unit>(
    hay: &[T],
    pat: &[T],
    pattern: &str,
    ignore_case: bool,
    max_span: usize,
    to_string: impl Fn(&[T]) -> String,
) -> Option<(i64, Vec<usize>)> {
    let matcher = skim(ignore_case);
    let mut best: Option<(i64, Vec<usize>)> = None;
    for (start, end) in fuzzy_windows(hay, pat, ignore_case, max_span).take(WINDOWS_WEIGHED) {
        let window = &hay[start..=end];
        let positions: Vec<usize> = match matcher.fuzzy_indices(&to_string(window), pattern) {
            Some((_, idx)) if idx.len() == pat.len() => {
                idx.into_iter().map(|i| i + start).collect()
            }
            // skim and the window test disagree only on exotic case
            // mappings: align greedily instead.
            _ => greedy(window, pat, ignore_case)
                .into_iter()
                .map(|i| i + start)
                .collect(),
        };
        let score = scattered_score(hay, &positions);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, positions));
        }
    }
    best
}

/// The earliest in-order positions of `pat` in `window`.
fn greedy<T: Unit>(window: &[T], pat: &[T], ignore_case: bool) -> Vec<usize> {
    let mut out = Vec::with_capacity(pat.len());
    let mut wanted = pat.iter().peekable();
    for (i, &t) in window.iter().enumerate() {
        match wanted.peek() {
            Some(&&p) if same(t, p, ignore_case) => {
                out.push(i);
                wanted.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    out
}

/// skim's matrix past this many cells matches greedily instead, in linear
/// time and memory.
const MATCHER_CELLS: usize = 1 << 20;

/// skim, comparing as the term does (text is folded, case kept). Made
/// once: each matcher keeps per-thread buffers, which a new one allocates.
fn skim(ignore_case: bool) -> &'static SkimMatcherV2 {
    static IGNORE: LazyLock<SkimMatcherV2> = LazyLock::new(|| {
        SkimMatcherV2::default()
            .element_limit(MATCHER_CELLS)
            .ignore_case()
    });
    static RESPECT: LazyLock<SkimMatcherV2> = LazyLock::new(|| {
        SkimMatcherV2::default()
            .element_limit(MATCHER_CELLS)
            .respect_case()
    });
    if ignore_case { &IGNORE } else { &RESPECT }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_beat_word_starts_beat_the_rest() {
        let s = |text: &str, at: usize, n: usize| contiguous_score(text.as_bytes(), at, n);
        let field = s("Togo", 0, 4);
        let word = s("in Togo now", 3, 4);
        let start = s("Togolese", 0, 4);
        let inside = s("Photogo", 3, 4);
        assert!(
            field > word && word > start && start > inside,
            "{field} {word} {start} {inside}"
        );
        // Trimmed white space still makes the whole field.
        assert_eq!(s(" Togo ", 1, 4), field);
    }

    #[test]
    fn scattered_matches_are_scaled_by_their_gaps() {
        // `togo` picked out of "t for go" is worth less than inside a word.
        let scattered = scattered_score(b"t for go", &[0, 3, 6, 7]);
        let inside = contiguous_score(b"in Photogo", 6, 4);
        let word = contiguous_score(b"in Togo", 3, 4);
        assert!(
            scattered < inside && inside < word,
            "{scattered} {inside} {word}"
        );
        // The same letters without the gaps would be worth twice as much.
        assert!(scattered * 2 <= fzf_score(b"t for go", [0, 3, 6, 7]));
    }

    #[test]
    fn best_scattered_prefers_word_starts() {
        let hay = "Flexible Engine".as_bytes();
        let pat = b"flxeng";
        let to_string = |w: &[u8]| String::from_utf8_lossy(w).into_owned();
        let (_, pos) = best_scattered(hay, pat, "flxeng", true, 14, to_string).unwrap();
        assert_eq!(pos, [0, 1, 3, 9, 10, 11]);
    }

    #[test]
    fn finds_and_anchors() {
        let hay: Vec<char> = "  Pékin, Chine  ".chars().collect();
        let pat: Vec<char> = "chine".chars().collect();
        assert_eq!(suffix_at(&hay, &pat, true), Some(9));
        assert_eq!(prefix_at(&hay, &['p'], true), Some(2));
        assert_eq!(prefix_at(&hay, &[' ', 'p'], true), None);
        assert_eq!(equal_to(&hay, &pat, true), None);
        assert_eq!(equal_to(b"  Niger ", b"niger", true), Some(2));
        assert_eq!(equal_to(b"Nigeria", b"niger", true), None);
        let f = |from| find_ascii(b"a cab cab", b"ab", true, from);
        assert_eq!(word_at(b"a cab cab", b"ab", f), None);
        let f = |from| find_ascii(b"cab ab", b"ab", true, from);
        assert_eq!(word_at(b"cab ab", b"ab", f), Some(4));
        let f = |from| find_ascii(b"cabs abx ab", b"ab", true, from);
        assert_eq!(best_occurrence(b"cabs abx ab", b"ab", f), Some(9));
    }

    proptest::proptest! {
        #[test]
        fn scores_stay_within_their_bounds(
            text in "[a-zA-Z .,_/-]{1,40}",
            pattern in "[a-zA-Z]{1,6}",
        ) {
            let (hay, pat) = (text.as_bytes(), pattern.as_bytes());
            for at in 0..hay.len().saturating_sub(pat.len() - 1) {
                proptest::prop_assert!(contiguous_score(hay, at, pat.len()) <= score_bound(pat.len()));
            }
            if let Some((score, positions)) =
                best_scattered(hay, pat, &pattern, true, 40, |w| String::from_utf8_lossy(w).into_owned())
            {
                let contiguous = positions.windows(2).all(|w| w[1] == w[0] + 1);
                let most = if contiguous { score_bound(pat.len()) } else { scattered_bound(pat.len()) };
                proptest::prop_assert!(score <= most, "{} > {}", score, most);
            }
        }
    }

    #[test]
    fn no_bonus_is_above_the_one_the_bounds_assume() {
        use Class::*;
        let classes = [White, NonWord, Delimiter, Lower, Upper, Letter, Number];
        for prev in classes {
            for cur in classes {
                assert!(bonus(prev, cur) <= BONUS_BOUNDARY_WHITE, "{prev:?} {cur:?}");
            }
        }
    }
}
