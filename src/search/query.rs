//! fzf's extended search syntax: `a b` (AND), `a | b` (OR), `'exact`,
//! `^prefix`, `suffix$`, `!negation`, with smart case and accent folding.

use super::fold::{fold, fold_char};

/// Characters a fuzzy match may skip in all, beyond the term's own.
const FUZZY_SLACK: usize = 8;

/// How a term matches text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermKind {
    /// Characters in order, gaps allowed (skim's algorithm).
    Fuzzy,
    /// A contiguous substring (`'word`, and every negated term).
    Exact,
    /// The text starts with it (`^word`).
    Prefix,
    /// The text ends with it (`word$`).
    Suffix,
    /// The whole text equals it (`^word$`).
    Equal,
}

/// One search term, already folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// How it matches.
    pub kind: TermKind,
    /// `!term`: the event must not contain it.
    pub negated: bool,
    /// Smart case: a term with an uppercase letter is case-sensitive.
    pub ignore_case: bool,
    /// The pattern, accents stripped (and lowercased when ignoring case).
    pub pattern: String,
    /// The pattern's characters, for matching without re-decoding.
    chars: Vec<char>,
}

/// A parsed query: every group must match; a group matches when any of its terms does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    groups: Vec<Vec<Term>>,
}

impl Query {
    /// Parses a query; never fails (a lone operator is read as text).
    pub fn parse(text: &str) -> Query {
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut or_pending = false;
        for word in split_words(text) {
            if word == "|" {
                or_pending = !groups.is_empty();
                continue;
            }
            let Some(term) = Term::parse(&word) else {
                continue;
            };
            match groups.last_mut() {
                Some(group) if or_pending => group.push(term),
                _ => groups.push(vec![term]),
            }
            or_pending = false;
        }
        Query { groups }
    }

    /// True when the query matches everything.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The AND-ed groups of OR-ed terms.
    pub fn groups(&self) -> &[Vec<Term>] {
        &self.groups
    }

    /// Whether one piece of text satisfies the whole query (used to filter
    /// facet names with the same syntax).
    pub fn matches_text(&self, text: &str) -> bool {
        self.groups
            .iter()
            .all(|group| group.iter().any(|t| t.occurs_in(text) != t.negated))
    }

    /// True when every event matching `self` also matches `previous`, so
    /// `self` can be answered by re-testing `previous`'s matches only: the
    /// same groups, with terms of the last shared group possibly typed
    /// further, then possibly more groups.
    pub fn narrows(&self, previous: &Query) -> bool {
        let shared = previous.groups.len();
        if self.groups.len() < shared {
            return false;
        }
        self.groups
            .iter()
            .zip(&previous.groups)
            .all(|(now, before)| {
                now.len() == before.len() && now.iter().zip(before).all(|(t, b)| t.extends(b))
            })
    }

    /// Every term, in order.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.groups.iter().flatten()
    }
}

/// Splits on unescaped spaces; `\ ` is a literal space.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                current.push(' ');
                chars.next();
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

impl Term {
    fn parse(word: &str) -> Option<Term> {
        let mut rest = word;
        let negated = rest.len() > 1 && rest.starts_with('!');
        if negated {
            rest = &rest[1..];
        }
        let mut kind = if negated {
            TermKind::Exact
        } else {
            TermKind::Fuzzy
        };
        if rest.len() > 1 && rest.starts_with('\'') {
            rest = &rest[1..];
            kind = TermKind::Exact;
        } else if rest.len() > 1 && rest.starts_with('^') {
            rest = &rest[1..];
            kind = TermKind::Prefix;
        }
        if rest.len() > 1 && rest.ends_with('$') && !rest.ends_with("\\$") {
            rest = &rest[..rest.len() - 1];
            kind = if kind == TermKind::Prefix {
                TermKind::Equal
            } else {
                TermKind::Suffix
            };
        }
        if rest.is_empty() {
            return None;
        }
        let ignore_case = !rest.chars().any(char::is_uppercase);
        let pattern = fold(rest, ignore_case).into_owned();
        Some(Term {
            kind,
            negated,
            ignore_case,
            chars: pattern.chars().collect(),
            pattern,
        })
    }

    /// Whether the (unfolded) text contains this term, ignoring negation.
    ///
    /// A fuzzy term matches when its characters occur in order within a
    /// stretch of at most `n + 8` characters (`n` = the term's length): a
    /// subsequence scattered across a whole paragraph would make `togo`
    /// match nearly every summary. The stretch grows by one per typed
    /// character, so typing more only ever narrows the matches. skim scores
    /// the match; no score is needed to decide.
    pub fn occurs_in(&self, text: &str) -> bool {
        // Plain ASCII on both sides is the common case: compare bytes.
        if self.pattern.is_ascii() && text.is_ascii() {
            return self.occurs_in_ascii(text.as_bytes());
        }
        let folded = |c: char| fold_char(c, self.ignore_case);
        let n = self.chars.len();
        match self.kind {
            TermKind::Fuzzy => self.fuzzy_window(text.chars().map(folded)),
            TermKind::Exact => self.substring_at(text).is_some(),
            TermKind::Prefix => text
                .chars()
                .map(folded)
                .take(n)
                .eq(self.chars.iter().copied()),
            TermKind::Suffix => {
                let len = text.chars().count();
                len >= n
                    && text
                        .chars()
                        .skip(len - n)
                        .map(folded)
                        .eq(self.chars.iter().copied())
            }
            TermKind::Equal => text.chars().map(folded).eq(self.chars.iter().copied()),
        }
    }

    fn occurs_in_ascii(&self, text: &[u8]) -> bool {
        let pattern = self.pattern.as_bytes();
        let n = pattern.len();
        let same = |a: &[u8]| {
            if self.ignore_case {
                a.eq_ignore_ascii_case(pattern)
            } else {
                a == pattern
            }
        };
        match self.kind {
            TermKind::Fuzzy => fuzzy_window_ascii(text, pattern, self.ignore_case, self.max_span()),
            TermKind::Exact => find_ascii(text, pattern, self.ignore_case).is_some(),
            TermKind::Prefix => text.len() >= n && same(&text[..n]),
            TermKind::Suffix => text.len() >= n && same(&text[text.len() - n..]),
            TermKind::Equal => same(text),
        }
    }

    /// Char index of the first occurrence of the pattern in `text`, folded.
    pub fn substring_at(&self, text: &str) -> Option<usize> {
        if self.pattern.is_ascii() && text.is_ascii() {
            return find_ascii(text.as_bytes(), self.pattern.as_bytes(), self.ignore_case);
        }
        let hay: Vec<char> = text
            .chars()
            .map(|c| fold_char(c, self.ignore_case))
            .collect();
        let needle = &self.chars;
        if needle.len() > hay.len() {
            return None;
        }
        (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == needle[..])
    }

    /// True when text containing `self` always contains `previous`: equal,
    /// or the same positive kind typed further (a fuzzy window grows by one
    /// per character, so the shorter pattern fits in it too).
    fn extends(&self, previous: &Term) -> bool {
        if self == previous {
            return true;
        }
        !self.negated
            && !previous.negated
            && self.kind == previous.kind
            && self.ignore_case == previous.ignore_case
            && matches!(
                self.kind,
                TermKind::Fuzzy | TermKind::Exact | TermKind::Prefix
            )
            && self.chars.starts_with(&previous.chars)
    }

    /// How common the term's rarest byte is (lower is rarer): a guess at
    /// how quickly it rules an event out, to try the rarest terms first.
    pub fn commonness(&self) -> u8 {
        self.pattern.bytes().map(letter_rank).min().unwrap_or(0)
    }

    /// Longest stretch of text a fuzzy match may spread over.
    pub fn max_span(&self) -> usize {
        self.chars.len() + FUZZY_SLACK
    }

    /// Finds the shortest in-order occurrence ending at each character and
    /// stops at the first one short enough. `starts[k]` is the latest start
    /// of a match of the first `k + 1` pattern characters seen so far.
    fn fuzzy_window(&self, text: impl Iterator<Item = char>) -> bool {
        let pattern = &self.chars;
        let n = pattern.len();
        let max_span = self.max_span();
        let mut starts = vec![usize::MAX; n];
        for (i, c) in text.enumerate() {
            // Most characters are not in the pattern: skip them cheaply.
            if !pattern.contains(&c) {
                continue;
            }
            for k in (0..n).rev() {
                if pattern[k] == c {
                    starts[k] = if k == 0 { i } else { starts[k - 1] };
                }
            }
            let start = starts[n - 1];
            if start != usize::MAX && i + 1 - start <= max_span {
                return true;
            }
        }
        false
    }
}

/// The fuzzy window test on ASCII bytes. It anchors on the pattern's
/// rarest letter (found with memchr) and, around each place it occurs,
/// matches the letters before it backwards and those after it forwards,
/// greedily: that is the shortest match through that place, so the first
/// anchor whose match fits in `max_span` decides. Far cheaper than a scan
/// of every character on long summaries.
fn fuzzy_window_ascii(text: &[u8], pattern: &[u8], ignore_case: bool, max_span: usize) -> bool {
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
fn letter_rank(b: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    match BY_FREQUENCY
        .iter()
        .position(|&c| c == b.to_ascii_lowercase())
    {
        Some(i) => 100 - i as u8,
        // Digits, punctuation and the like are rarer than letters.
        None => 0,
    }
}

/// Byte (= char) index of `needle` in ASCII `hay`.
fn find_ascii(hay: &[u8], needle: &[u8], ignore_case: bool) -> Option<usize> {
    if !ignore_case {
        return memchr::memmem::find(hay, needle);
    }
    let (&first, rest) = needle.split_first()?;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).find(|&i| {
        hay.get(i + 1..i + needle.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<Vec<(TermKind, bool, String)>> {
        Query::parse(q)
            .groups()
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| (t.kind, t.negated, t.pattern.clone()))
                    .collect()
            })
            .collect()
    }

    fn term(q: &str) -> Term {
        Query::parse(q).groups()[0][0].clone()
    }

    #[test]
    fn parses_the_extended_syntax() {
        use TermKind::*;
        assert_eq!(
            kinds("orange 'cloud ^tel egypt$ !monaco ^x$"),
            vec![
                vec![(Fuzzy, false, "orange".into())],
                vec![(Exact, false, "cloud".into())],
                vec![(Prefix, false, "tel".into())],
                vec![(Suffix, false, "egypt".into())],
                vec![(Exact, true, "monaco".into())],
                vec![(Equal, false, "x".into())],
            ]
        );
        assert_eq!(
            kinds("togo | monaco 5g"),
            vec![
                vec![
                    (Fuzzy, false, "togo".into()),
                    (Fuzzy, false, "monaco".into())
                ],
                vec![(Fuzzy, false, "5g".into())],
            ]
        );
    }

    #[test]
    fn lone_operators_and_blank_queries() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse("   ").is_empty());
        assert_eq!(kinds("| a")[0][0].2, "a");
        assert_eq!(kinds("!")[0][0].2, "!");
        assert_eq!(kinds("'")[0][0].2, "'");
        assert_eq!(kinds("a\\ b")[0][0].2, "a b");
    }

    #[test]
    fn smart_case() {
        let q = Query::parse("Orange cloud");
        let t: Vec<&Term> = q.terms().collect();
        assert!(!t[0].ignore_case && t[1].ignore_case);
        assert!(t[0].occurs_in("Orange Business"));
        assert!(!t[0].occurs_in("orange business"));
        assert!(t[1].occurs_in("CLOUD"));
    }

    #[test]
    fn accents_fold_both_ways() {
        let t = term("egypte");
        assert!(t.occurs_in("Telecom Égypte"));
        let t = term("pékin");
        assert!(t.occurs_in("Pekin"));
        let t = term("^pekin");
        assert!(t.occurs_in("Pékin, Chine"));
        let t = term("chine$");
        assert!(t.occurs_in("Pékin, Chine"));
        assert!(!t.occurs_in("Chine et Pékin"));
    }

    #[test]
    fn fuzzy_letters_must_be_near_each_other() {
        let t = term("togo");
        assert!(t.occurs_in("Togo signs"));
        assert!(t.occurs_in("to go"));
        // t…o…g…o spread over a sentence is not a match.
        assert!(!t.occurs_in("Telecom Egypt and Huawei sign a cloud memorandum"));
        // The window is found even after an earlier, too-wide partial match.
        assert!(t.occurs_in("t o x x x x x x x x x x x x x x g o ... togo"));
        assert!(term("flxeng").occurs_in("Flexible Engine"));
    }

    #[test]
    fn narrowing_is_only_claimed_when_safe() {
        let narrows = |now: &str, before: &str| Query::parse(now).narrows(&Query::parse(before));
        assert!(narrows("orang", "oran"));
        assert!(narrows("orange cl", "orange"));
        assert!(narrows("orange cloud", "orange cl"));
        assert!(narrows("'clo", "'cl"));
        assert!(narrows("a | bc", "a | b"));
        assert!(narrows("x", ""));
        assert!(!narrows("ora", "orang"), "deleting widens");
        assert!(!narrows("!ab", "!a"), "a longer negation keeps more");
        assert!(!narrows("ab$", "a$"));
        assert!(!narrows("a | b", "a"), "an OR alternative widens");
        assert!(!narrows("Or", "o"), "smart case changes the comparison");
        assert!(!narrows("'ab", "ab"));
    }

    proptest::proptest! {
        #[test]
        fn anchored_ascii_scan_agrees_with_the_general_scan(
            text in "[abcAB z]{0,40}",
            pattern in "[abcz]{1,5}",
            ignore_case in proptest::bool::ANY,
        ) {
            let term = Term {
                kind: TermKind::Fuzzy,
                negated: false,
                ignore_case,
                chars: pattern.chars().collect(),
                pattern: pattern.clone(),
            };
            let fold = |c: char| fold_char(c, ignore_case);
            let general = term.fuzzy_window(text.chars().map(fold));
            let fast = fuzzy_window_ascii(text.as_bytes(), pattern.as_bytes(), ignore_case, term.max_span());
            proptest::prop_assert_eq!(general, fast);
        }
    }

    #[test]
    fn ascii_and_general_fuzzy_scans_agree() {
        let texts = [
            "Togo signs",
            "to go",
            "t o x x x x x x x x x x x x x x g o ... togo",
            "Telecom Egypt and Huawei sign a cloud memorandum",
            "TOGO",
            "ttoogg oo",
            "Orange and Huawei launch the Flexible Engine cloud",
            "",
        ];
        for q in [
            "togo",
            "Togo",
            "flxeng",
            "orange cloud",
            "cl",
            "ooo",
            "x",
            "TOGO",
        ] {
            for term in Query::parse(q).terms() {
                for text in texts {
                    // The same text with a non-ASCII character takes the general path.
                    let general = format!("{text}é");
                    assert_eq!(
                        term.occurs_in(text),
                        term.occurs_in(&general),
                        "{q:?} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn fuzzy_is_a_subsequence_exact_is_contiguous() {
        let fuzzy = term("flxeng");
        assert!(fuzzy.occurs_in("Flexible Engine"));
        let exact = term("'flxeng");
        assert!(!exact.occurs_in("Flexible Engine"));
        let exact = term("'ble\\ eng");
        assert!(exact.occurs_in("Flexible Engine"));
        assert_eq!(exact.substring_at("Flexible Engine"), Some(5));
    }
}
