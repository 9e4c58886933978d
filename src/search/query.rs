//! fzf's extended search syntax, whole (its `src/pattern.go`): `a b`
//! (AND), `a | b` (OR), `'exact`, `'word'` (on word boundaries), `^prefix`,
//! `suffix$`, `^equal$`, `!` before any of them, `\ ` for a space; smart
//! case; a term that is only an operator is ignored. Beyond fzf: field
//! terms (`country:egypt`, any of the above after the colon) and date terms
//! (`date:2019`, `date:2018..2020`, `date:..2019-06`, `date:2024..`).

use std::collections::HashSet;

use super::fold::{Hay, fold, with_hay};
use super::matching::{
    Unit, best_occurrence, best_scattered, contiguous_score, equal_to, find, find_ascii,
    fuzzy_fits, fuzzy_fits_ascii, letter_rank, prefix_at, suffix_at, word_at,
};
use crate::timeline::{DayKey, Facet, PartialDate};

/// Characters a fuzzy match may skip in all, beyond the term's own.
const FUZZY_SLACK: usize = 8;

/// A part of an event a term can be restricted to (`country:egypt`), and
/// that [`locate`](super::locate) reports a match in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The headline.
    Title,
    /// The free text.
    Summary,
    /// A country (or one of its aliases).
    Country,
    /// An organisation (or one of its aliases).
    Company,
    /// A topic (or one of its aliases).
    Topic,
    /// The kind: agreement, launch…
    Kind,
    /// A person named.
    Person,
    /// Where it happened.
    Place,
    /// A part of a source: publisher, author, title, via, quote, note, url.
    Source,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 9] = [
        Field::Title,
        Field::Summary,
        Field::Country,
        Field::Company,
        Field::Topic,
        Field::Kind,
        Field::Person,
        Field::Place,
        Field::Source,
    ];

    /// The name before the colon in a field term.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Country => "country",
            Field::Company => "company",
            Field::Topic => "topic",
            Field::Kind => "kind",
            Field::Person => "person",
            Field::Place => "place",
            Field::Source => "source",
        }
    }

    /// The field named `name` (any case; plurals too: `countries:`).
    pub fn named(name: &str) -> Option<Field> {
        let name = name.to_ascii_lowercase();
        let plural = |f: Field| match f {
            Field::Country => "countries",
            Field::Company => "companies",
            Field::Person => "people",
            other => other.name(),
        };
        Field::ALL
            .into_iter()
            .find(|&f| name == f.name() || name == plural(f) || name == format!("{}s", f.name()))
    }

    /// The facet this field is, if it is one.
    pub fn facet(self) -> Option<Facet> {
        match self {
            Field::Country => Some(Facet::Country),
            Field::Company => Some(Facet::Company),
            Field::Topic => Some(Facet::Topic),
            _ => None,
        }
    }

    /// Whether a term without a field searches this one: every field but
    /// the sources, which only `source:` reaches (their quotes and notes
    /// would make every plain term match).
    pub fn searched_by_default(self) -> bool {
        self != Field::Source
    }
}

/// How a term matches text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// Characters in order, close together (`word`, and `!'word`).
    Fuzzy,
    /// A contiguous substring (`'word`, and `!word`).
    Exact,
    /// A contiguous substring on word boundaries (`'word'`).
    Boundary,
    /// The text starts with it, white space aside (`^word`).
    Prefix,
    /// The text ends with it, white space aside (`word$`).
    Suffix,
    /// The whole text equals it, white space aside (`^word$`).
    Equal,
    /// The event's dates overlap a range (`date:2019`).
    Date,
}

/// A range of dates, either end open, from a date term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// From the first day of this date.
    pub from: Option<PartialDate>,
    /// To the last day of this date.
    pub to: Option<PartialDate>,
}

impl DateRange {
    /// Parses `2019`, `2018..2020`, `..2019-06`, `2024..`; `None` for
    /// anything else (including `..`, which bounds nothing).
    pub fn parse(text: &str) -> Option<DateRange> {
        let side = |s: &str| match s {
            "" => Some(None),
            s => PartialDate::parse(s).ok().map(Some),
        };
        let (from, to) = match text.split_once("..") {
            Some((a, b)) => (side(a)?, side(b)?),
            None => {
                let d = PartialDate::parse(text).ok()?;
                (Some(d), Some(d))
            }
        };
        (from.is_some() || to.is_some()).then_some(DateRange { from, to })
    }

    /// Whether days `first..=last` (an event's span) overlap the range, as
    /// `--since` and `--until` decide.
    pub fn overlaps(&self, first: DayKey, last: DayKey) -> bool {
        self.from.is_none_or(|s| last >= s.first_day())
            && self.to.is_none_or(|u| first <= u.last_day())
    }
}

/// One search term, already folded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term {
    /// How it matches.
    pub kind: TermKind,
    /// `!term`: the event must not match it.
    pub negated: bool,
    /// Smart case: a term with an uppercase letter is case-sensitive.
    pub ignore_case: bool,
    /// The pattern, folded (and lowercased when ignoring case); for a date
    /// term, the range as typed.
    pub pattern: String,
    /// `field:term`: the one field it searches (`None`: every field but the sources).
    pub field: Option<Field>,
    /// The range of a date term.
    dates: Option<DateRange>,
    /// The pattern's characters, for matching without re-decoding.
    chars: Vec<char>,
    /// Whether the pattern is ASCII (asked for every text it meets).
    ascii: bool,
}

/// A parsed query: every group must match; a group matches when any of its terms does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    groups: Vec<Vec<Term>>,
}

impl Query {
    /// Parses a query; never fails. A term that is only an operator (`!`,
    /// `'`, `^`, `$`, `!'`, `country:`), and a `|` with nothing on one side,
    /// are ignored; a group given twice counts once.
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
        // `a a` asks no more than `a`; a query of thousands of repeated
        // words costs one word's work.
        let mut seen = HashSet::new();
        groups.retain(|g| seen.insert(g.clone()));
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

    /// Whether one piece of text satisfies the whole query, every term
    /// taken as text whatever its field (used to filter facet names with
    /// the same syntax). Date terms match no text.
    pub fn matches_text(&self, text: &str) -> bool {
        self.groups
            .iter()
            .all(|group| group.iter().any(|t| t.occurs_in(text) != t.negated))
    }

    /// True when every event matching `self` also matches `previous`, so
    /// `self` can be answered by re-testing `previous`'s matches only: the
    /// same groups, with terms of the shared groups possibly typed further,
    /// then possibly more groups.
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

/// Splits on unescaped white space; `\ ` is a literal space.
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

/// A term's score and where it matched, in folded characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Scored {
    /// How well it matched (higher is better, always above 0).
    pub score: i64,
    /// Folded character indices, when asked for.
    pub positions: Vec<usize>,
}

impl Term {
    /// Reads one word of a query, as fzf's `parseTerms`: `!`, then (tlx's)
    /// a field or `date:`, then `$` at the end, then `'…'`, `'` or `^` at
    /// the start. `None` when nothing is left to match.
    fn parse(word: &str) -> Option<Term> {
        let mut rest = word;
        let negated = rest.starts_with('!');
        if negated {
            rest = &rest[1..];
        }
        let mut field = None;
        if let Some((name, value)) = rest.split_once(':') {
            if name.eq_ignore_ascii_case("date") {
                if value.is_empty() || value == ".." {
                    return None;
                }
                if let Some(range) = DateRange::parse(value) {
                    return Some(Term {
                        kind: TermKind::Date,
                        negated,
                        ignore_case: true,
                        pattern: value.to_string(),
                        field: None,
                        dates: Some(range),
                        chars: value.chars().collect(),
                        ascii: value.is_ascii(),
                    });
                }
                // Not a date: the word is text, as an unknown prefix is.
            } else if let Some(f) = Field::named(name) {
                field = Some(f);
                rest = value;
            }
        }
        // A lone `$` is an operator waiting for its word (fzf would look
        // for a dollar sign).
        if rest == "$" {
            return None;
        }
        let ignore_case = !rest.chars().any(char::is_uppercase);
        let mut kind = if negated {
            TermKind::Exact
        } else {
            TermKind::Fuzzy
        };
        if rest.len() > 1 && rest.ends_with('$') {
            kind = TermKind::Suffix;
            rest = &rest[..rest.len() - 1];
        }
        if rest.len() > 2 && rest.starts_with('\'') && rest.ends_with('\'') {
            kind = TermKind::Boundary;
            rest = &rest[1..rest.len() - 1];
        } else if let Some(r) = rest.strip_prefix('\'') {
            // fzf flips exactness: `'x` is exact, `!'x` fuzzy.
            kind = if negated {
                TermKind::Fuzzy
            } else {
                TermKind::Exact
            };
            rest = r;
        } else if let Some(r) = rest.strip_prefix('^') {
            kind = if kind == TermKind::Suffix {
                TermKind::Equal
            } else {
                TermKind::Prefix
            };
            rest = r;
        }
        if rest.is_empty() {
            return None;
        }
        let pattern = fold(rest, ignore_case).into_owned();
        // A word of combining marks alone folds to nothing: nothing to match.
        if pattern.is_empty() {
            return None;
        }
        Some(Term {
            kind,
            negated,
            ignore_case,
            chars: pattern.chars().collect(),
            ascii: pattern.is_ascii(),
            pattern,
            field,
            dates: None,
        })
    }

    /// The range of a date term.
    pub fn date_range(&self) -> Option<DateRange> {
        self.dates
    }

    /// Whether this term searches `field`.
    pub fn searches(&self, field: Field) -> bool {
        self.kind != TermKind::Date
            && match self.field {
                Some(f) => f == field,
                None => field.searched_by_default(),
            }
    }

    /// Whether the (unfolded) text matches this term, ignoring negation and
    /// field. A date term matches no text.
    ///
    /// A fuzzy term matches when its characters occur in order within a
    /// stretch of at most `n + 8` characters (`n` = the term's length): a
    /// subsequence scattered across a whole paragraph would make `togo`
    /// match nearly every summary. The stretch grows by one per typed
    /// character, so typing more only ever narrows the matches.
    pub fn occurs_in(&self, text: &str) -> bool {
        self.kind != TermKind::Date && with_hay(text, |hay| self.found_in(hay))
    }

    /// [`Term::occurs_in`] on text made ready.
    pub(crate) fn found_in(&self, hay: Hay<'_>) -> bool {
        // A term longer than the (folded) text cannot be in it: rejected
        // before any scan, however long either is.
        if self.kind == TermKind::Date || self.chars.len() > hay.len() {
            return false;
        }
        let ic = self.ignore_case;
        match hay {
            Hay::Bytes(b, _) => {
                if !self.ascii {
                    return false;
                }
                let p = self.pattern.as_bytes();
                match self.kind {
                    TermKind::Fuzzy => fuzzy_fits_ascii(b, p, ic, self.max_span()),
                    _ => self
                        .contiguous(b, p, |from| find_ascii(b, p, ic, from))
                        .is_some(),
                }
            }
            Hay::Chars(c, _) => {
                let p = &self.chars;
                match self.kind {
                    TermKind::Fuzzy => fuzzy_fits(c, p, ic, self.max_span()),
                    _ => self.contiguous(c, p, |from| find(c, p, ic, from)).is_some(),
                }
            }
        }
    }

    /// Where a term of a contiguous kind matches: the best occurrence for
    /// `'exact`, the first whole word for `'word'`.
    fn contiguous<T: Unit>(
        &self,
        hay: &[T],
        pat: &[T],
        find: impl Fn(usize) -> Option<usize>,
    ) -> Option<usize> {
        let ic = self.ignore_case;
        match self.kind {
            TermKind::Exact | TermKind::Fuzzy => best_occurrence(hay, pat, find),
            TermKind::Boundary => word_at(hay, pat, find),
            TermKind::Prefix => prefix_at(hay, pat, ic),
            TermKind::Suffix => suffix_at(hay, pat, ic),
            TermKind::Equal => equal_to(hay, pat, ic),
            TermKind::Date => None,
        }
    }

    /// How well the term matches the text, and where (folded indices) when
    /// `positions` is asked. `None` when it does not match.
    pub(crate) fn score_in(&self, hay: Hay<'_>, positions: bool) -> Option<Scored> {
        self.score_in_with(hay, positions, true)
    }

    /// [`Term::score_in`]; without `scattered`, only a contiguous match
    /// counts (a scattered one scores `None`): the cheap part.
    pub(crate) fn score_in_with(
        &self,
        hay: Hay<'_>,
        positions: bool,
        scattered: bool,
    ) -> Option<Scored> {
        if self.kind == TermKind::Date || self.chars.len() > hay.len() {
            return None;
        }
        match hay {
            Hay::Bytes(b, _) => {
                if !self.ascii {
                    return None;
                }
                let p = self.pattern.as_bytes();
                let ic = self.ignore_case;
                self.scored(
                    b,
                    p,
                    |from| find_ascii(b, p, ic, from),
                    || scattered && fuzzy_fits_ascii(b, p, ic, self.max_span()),
                    |w| String::from_utf8_lossy(w).into_owned(),
                    positions,
                )
            }
            Hay::Chars(c, _) => {
                let p = &self.chars;
                let ic = self.ignore_case;
                self.scored(
                    c,
                    p,
                    |from| find(c, p, ic, from),
                    || scattered && fuzzy_fits(c, p, ic, self.max_span()),
                    |w| w.iter().collect(),
                    positions,
                )
            }
        }
    }

    fn scored<T: Unit>(
        &self,
        hay: &[T],
        pat: &[T],
        find: impl Fn(usize) -> Option<usize>,
        fits: impl Fn() -> bool,
        to_string: impl Fn(&[T]) -> String,
        positions: bool,
    ) -> Option<Scored> {
        let n = pat.len();
        if let Some(at) = self.contiguous(hay, pat, find) {
            return Some(Scored {
                score: contiguous_score(hay, at, n).max(1),
                positions: if positions {
                    (at..at + n).collect()
                } else {
                    Vec::new()
                },
            });
        }
        if self.kind != TermKind::Fuzzy || !fits() {
            return None;
        }
        let (score, found) = best_scattered(
            hay,
            pat,
            &self.pattern,
            self.ignore_case,
            self.max_span(),
            to_string,
        )?;
        Some(Scored {
            score: score.max(1),
            positions: if positions { found } else { Vec::new() },
        })
    }

    /// Char indices of `text` (the original) this term matched, for
    /// highlighting; empty when it does not match.
    pub fn positions_in(&self, text: &str) -> Vec<usize> {
        if self.kind == TermKind::Date || (text.is_ascii() && self.chars.len() > text.len()) {
            return Vec::new();
        }
        with_hay(text, |hay| {
            let mut out: Vec<usize> = self
                .score_in(hay, true)
                .map(|s| hay.origins(&s.positions))
                .unwrap_or_default();
            out.dedup();
            out
        })
    }

    /// Char index in `text` of the first occurrence of the pattern, folded.
    pub fn substring_at(&self, text: &str) -> Option<usize> {
        if self.kind == TermKind::Date {
            return None;
        }
        with_hay(text, |hay| {
            let ic = self.ignore_case;
            let at = match hay {
                Hay::Bytes(b, _) => find_ascii(b, self.pattern.as_bytes(), ic, 0),
                Hay::Chars(c, _) => find(c, &self.chars, ic, 0),
            };
            at.map(|i| hay.origin(i))
        })
    }

    /// True when text matching `self` always matches `previous`: equal, or
    /// positive terms of one field and case typed further (`self`'s
    /// pattern starts with `previous`'s) into a kind that finds no more
    /// than `previous`'s. A fuzzy window grows by one per character, so the
    /// shorter pattern fits in it too; every contiguous match is a fuzzy one.
    fn extends(&self, previous: &Term) -> bool {
        use TermKind::*;
        if self == previous {
            return true;
        }
        if self.negated
            || previous.negated
            || self.field != previous.field
            || self.ignore_case != previous.ignore_case
            || !self.chars.starts_with(&previous.chars)
        {
            return false;
        }
        matches!(
            (self.kind, previous.kind),
            (Fuzzy | Exact | Boundary | Prefix | Suffix | Equal, Fuzzy)
                | (Exact | Boundary | Prefix | Suffix | Equal, Exact)
                | (Prefix | Equal, Prefix)
        )
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
}

/// The fuzzy test on `char`s, for the tests that compare it with the ASCII scan.
#[cfg(test)]
fn fuzzy_window(term: &Term, text: &str) -> bool {
    use super::matching;
    let folded: Vec<char> = fold(text, term.ignore_case).chars().collect();
    matching::fuzzy_fits(&folded, &term.chars, term.ignore_case, term.max_span())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::matching;

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
            kinds("orange 'cloud ^tel egypt$ !monaco ^x$ 'word'"),
            vec![
                vec![(Fuzzy, false, "orange".into())],
                vec![(Exact, false, "cloud".into())],
                vec![(Prefix, false, "tel".into())],
                vec![(Suffix, false, "egypt".into())],
                vec![(Exact, true, "monaco".into())],
                vec![(Equal, false, "x".into())],
                vec![(Boundary, false, "word".into())],
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
    fn negation_of_every_kind() {
        use TermKind::*;
        assert_eq!(
            kinds("!x !'x !^x !x$ !'x' !^x$"),
            vec![
                vec![(Exact, true, "x".into())],
                vec![(Fuzzy, true, "x".into())],
                vec![(Prefix, true, "x".into())],
                vec![(Suffix, true, "x".into())],
                vec![(Boundary, true, "x".into())],
                vec![(Equal, true, "x".into())],
            ]
        );
        let t = term("!'flxeng");
        assert!(
            t.occurs_in("Flexible Engine"),
            "the match a negated fuzzy term rules out"
        );
    }

    #[test]
    fn lone_operators_are_ignored() {
        for q in [
            "",
            "   ",
            "!",
            "'",
            "^",
            "$",
            "!'",
            "!^",
            "!$",
            "^$",
            "|",
            "| |",
            "country:",
            "!country:",
            "date:",
            "date:..",
        ] {
            assert!(Query::parse(q).is_empty(), "{q:?}");
        }
        assert_eq!(kinds("| a"), kinds("a"));
        assert_eq!(kinds("a |"), kinds("a"));
        assert_eq!(kinds("a ! b"), kinds("a b"));
        assert_eq!(kinds("a | | b").len(), 1);
        assert_eq!(kinds("a\\ b")[0][0].2, "a b");
        // What fzf does with the edge cases that are not only operators.
        assert_eq!(kinds("''")[0][0], (TermKind::Exact, false, "'".into()));
        assert_eq!(kinds("$$")[0][0], (TermKind::Suffix, false, "$".into()));
    }

    #[test]
    fn a_word_that_folds_to_nothing_is_ignored() {
        // Combining marks alone (a paste of U+1171D, U+0301) fold away:
        // before, the empty pattern underflowed the fuzzy scan.
        for q in [
            "\u{1171d}",
            "\u{301}\u{301}",
            "!\u{301}",
            "'\u{301}",
            "country:\u{301}",
        ] {
            assert!(Query::parse(q).is_empty(), "{q:?}");
        }
        assert!(Query::parse("a \u{301}").matches_text("a"));
        assert!(
            super::super::matching::fuzzy_windows(&['a'], &[], true, 8)
                .next()
                .is_none()
        );
    }

    #[test]
    fn repeated_groups_count_once() {
        assert_eq!(kinds("a b a b a").len(), 2);
        assert_eq!(kinds("a | b a | b").len(), 1);
        assert_eq!(
            kinds("a | b b | a").len(),
            2,
            "order within a group is kept"
        );
    }

    #[test]
    fn smart_case() {
        let q = Query::parse("Orange cloud");
        let t: Vec<&Term> = q.terms().collect();
        assert!(!t[0].ignore_case && t[1].ignore_case);
        assert!(t[0].occurs_in("Orange Business"));
        assert!(!t[0].occurs_in("orange business"));
        assert!(t[1].occurs_in("CLOUD"));
        assert!(term("Égypte").occurs_in("EGYPTE Égypte"));
        assert!(!term("Égypte").occurs_in("egypte"));
    }

    #[test]
    fn accents_fold_both_ways_in_every_script() {
        let t = term("egypte");
        assert!(t.occurs_in("Telecom Égypte"));
        assert!(term("pékin").occurs_in("Pekin"));
        assert!(term("^pekin").occurs_in("Pékin, Chine"));
        let t = term("chine$");
        assert!(t.occurs_in("Pékin, Chine"));
        assert!(!t.occurs_in("Chine et Pékin"));
        assert!(term("viet").occurs_in("Việt Nam"));
        assert!(term("nguyen").occurs_in("Nguyễn Văn"));
        assert!(term("abc").occurs_in("ＡＢＣ"));
        assert!(term("diyarbakir").occurs_in("Ḑiyarbakır"));
        assert!(term("strasse").occurs_in("Straße"));
        assert!(term("straße").occurs_in("STRASSE"));
        assert!(term("'oeuvre'").occurs_in("chef-d'Œuvre"));
        assert!(term("华为").occurs_in("华为云"));
        assert!(term("ελλαδα").occurs_in("Ελλάδα"));
    }

    #[test]
    fn anchors_ignore_the_white_space_around_a_field() {
        assert!(term("^pekin").occurs_in("  Pékin"));
        assert!(term("chine$").occurs_in("Chine \t"));
        assert!(term("^niger$").occurs_in(" Niger "));
        assert!(!term("^niger$").occurs_in("Nigeria"));
        // A pattern that starts with a space asks for the space.
        assert!(!term("^\\ pekin").occurs_in("Pékin"));
        assert!(term("^\\ pekin").occurs_in(" Pékin"));
    }

    #[test]
    fn exact_words_on_boundaries() {
        let t = term("'ab'");
        assert!(t.occurs_in("ab"));
        assert!(t.occurs_in("x ab, y"));
        assert!(t.occurs_in("cab ab"));
        assert!(!t.occurs_in("cab abs"));
        assert!(term("'telecom'").occurs_in("Monaco Telecom/Huawei"));
        assert!(!term("'tele'").occurs_in("Monaco Telecom"));
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
    fn a_term_longer_than_the_text_is_not_looked_for() {
        let long = "a".repeat(100_000);
        let t = term(&long);
        assert!(!t.occurs_in("aaaa"));
        assert!(!t.occurs_in("ääää"));
        assert!(t.positions_in("aaa").is_empty());
    }

    #[test]
    fn field_terms() {
        let t = term("country:^niger$");
        assert_eq!((t.field, t.kind), (Some(Field::Country), TermKind::Equal));
        let t = term("!Company:'Orange");
        assert_eq!(t.field, Some(Field::Company));
        assert!(t.negated && !t.ignore_case);
        assert_eq!(t.kind, TermKind::Fuzzy, "fzf's flip: !' is fuzzy");
        assert_eq!(term("countries:x").field, Some(Field::Country));
        assert_eq!(term("people:x").field, Some(Field::Person));
        assert_eq!(term("source:01net").field, Some(Field::Source));
        // An unknown prefix is text.
        let t = term("xyz:abc");
        assert_eq!((t.field, t.pattern.as_str()), (None, "xyz:abc"));
        assert!(t.searches(Field::Title) && !t.searches(Field::Source));
        assert!(term("source:x").searches(Field::Source));
        assert!(!term("source:x").searches(Field::Title));
        // The operator before the field, not after it.
        assert_eq!(term("'country:x").field, None);
    }

    #[test]
    fn date_terms() {
        let range = |q: &str| term(q).date_range();
        let d = |s: &str| PartialDate::parse(s).ok();
        assert_eq!(
            range("date:2019"),
            Some(DateRange {
                from: d("2019"),
                to: d("2019")
            })
        );
        assert_eq!(
            range("date:2018..2020"),
            Some(DateRange {
                from: d("2018"),
                to: d("2020")
            })
        );
        assert_eq!(
            range("date:..2019-06"),
            Some(DateRange {
                from: None,
                to: d("2019-06")
            })
        );
        assert_eq!(
            range("date:2024.."),
            Some(DateRange {
                from: d("2024"),
                to: None
            })
        );
        assert!(term("!date:2019").negated);
        // Not a date: text, as an unknown prefix is.
        let t = term("date:2019-13");
        assert_eq!(
            (t.kind, t.pattern.as_str()),
            (TermKind::Fuzzy, "date:2019-13")
        );
        assert!(!term("date:2019").occurs_in("in 2019"));
        let r = DateRange {
            from: d("2019"),
            to: d("2019"),
        };
        let span = |a: &str, b: &str| (d(a).unwrap().first_day(), d(b).unwrap().last_day());
        let (a, b) = span("2018-12-30", "2019-01-02");
        assert!(r.overlaps(a, b));
        let (a, b) = span("2018", "2018");
        assert!(!r.overlaps(a, b));
        // Times of day bound a range too, as written.
        let r = range("date:2019-02-25T10:00..2019-02-25T12:00").unwrap();
        assert_eq!(r.from, d("2019-02-25T10:00"));
        let (a, b) = span("2019-02-25T09:00", "2019-02-25T09:59");
        assert!(!r.overlaps(a, b));
        let (a, b) = span("2019-02-25T11:00", "2019-02-25T11:00");
        assert!(r.overlaps(a, b));
        let (a, b) = span("2019-02-25", "2019-02-25");
        assert!(r.overlaps(a, b));
    }

    #[test]
    fn narrowing_is_only_claimed_when_safe() {
        let narrows = |now: &str, before: &str| Query::parse(now).narrows(&Query::parse(before));
        assert!(narrows("orang", "oran"));
        assert!(narrows("orange cl", "orange"));
        assert!(narrows("orange cloud", "orange cl"));
        assert!(narrows("'clo", "'cl"));
        assert!(narrows("^clo", "^cl"));
        assert!(narrows("a | bc", "a | b"));
        assert!(narrows("x", ""));
        assert!(narrows("x !", "x"), "an ignored operator changes nothing");
        assert!(narrows("x !y", "x !"), "a new negated group only narrows");
        assert!(narrows("'cloud'", "'cloud"), "a whole word is a substring");
        assert!(narrows("cloud$", "cloud"), "a suffix is a fuzzy match");
        assert!(narrows("^cloud$", "^cloud"));
        assert!(narrows("country:tog", "country:to"));
        assert!(!narrows("ora", "orang"), "deleting widens");
        assert!(!narrows("!ab", "!a"), "a longer negation keeps more");
        assert!(!narrows("!'ab", "!'a"));
        assert!(!narrows("!^ab", "!^a"));
        assert!(!narrows("ab$", "a$"));
        assert!(!narrows("'ab'", "'a'"), "a longer word is another word");
        assert!(!narrows("a | b", "a"), "an OR alternative widens");
        assert!(!narrows("Or", "o"), "smart case changes the comparison");
        assert!(!narrows("'ab", "ab$"));
        assert!(!narrows("country:to", "to"), "another field");
        assert!(!narrows("to", "country:to"));
        assert!(!narrows("date:2019", "date:201"), "another range");
        assert!(
            !narrows("date:2019-02", "date:2019"),
            "not claimed for dates"
        );
        assert!(narrows("date:2019 x", "date:2019"));
    }

    proptest::proptest! {
        #[test]
        fn anchored_ascii_scan_agrees_with_the_general_scan(
            text in "[abcAB z]{0,40}",
            pattern in "[abcz]{1,5}",
            upper in proptest::bool::ANY,
        ) {
            let pattern = if upper { pattern.to_uppercase() } else { pattern };
            let t = term(&pattern);
            let fast = matching::fuzzy_fits_ascii(text.as_bytes(), t.pattern.as_bytes(), t.ignore_case, t.max_span());
            proptest::prop_assert_eq!(fuzzy_window(&t, &text), fast);
        }
    }

    #[test]
    fn ascii_and_general_scans_agree() {
        let texts = [
            "Togo signs",
            "to go",
            "t o x x x x x x x x x x x x x x g o ... togo",
            "Telecom Egypt and Huawei sign a cloud memorandum",
            "TOGO",
            "ttoogg oo",
            "Orange and Huawei launch the Flexible Engine cloud",
            " cloud ",
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
            "'cloud'",
            "^cloud$",
            "'cl",
            "^to",
            "go$",
            "!'flx",
        ] {
            for term in Query::parse(q).terms() {
                for text in texts {
                    // The same text beside a non-Latin word takes the `char`
                    // path, and an accented one the folded-ASCII path.
                    let others = match term.kind {
                        TermKind::Equal => vec![],
                        TermKind::Suffix => vec![format!("华 {text}"), format!("é {text}")],
                        _ => vec![format!("{text} 华"), format!("{text} é")],
                    };
                    for other in others {
                        assert_eq!(
                            term.occurs_in(text),
                            term.occurs_in(&other),
                            "{q:?} in {other:?}"
                        );
                    }
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
        assert_eq!(term("'sse").substring_at("Straße"), Some(4));
    }

    #[test]
    fn positions_are_in_the_original_text() {
        assert_eq!(term("ss").positions_in("Straße"), [4]);
        assert_eq!(term("'strasse'").positions_in("Straße"), [0, 1, 2, 3, 4, 5]);
        assert_eq!(
            term("egypte").positions_in("Telecom Égypte"),
            [8, 9, 10, 11, 12, 13]
        );
        assert_eq!(term("abc").positions_in("x ＡＢＣ"), [2, 3, 4]);
        assert_eq!(term("viet").positions_in("Việt Nam"), [0, 1, 2, 3]);
        // A decomposed accent: the letter is marked, its mark belongs to it.
        assert_eq!(term("'e'").positions_in("a e\u{301}"), [2]);
        assert_eq!(term("fe").positions_in("Flexible Engine"), [0, 2]);
        assert_eq!(
            term("flxeng").positions_in("Flexible Engine"),
            [0, 1, 3, 9, 10, 11]
        );
        assert!(term("togo").positions_in("Monaco").is_empty());
    }
}
