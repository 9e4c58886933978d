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
        Some(Term {
            kind,
            negated,
            ignore_case,
            pattern: fold(rest, ignore_case).into_owned(),
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
        let folded = |c: char| fold_char(c, self.ignore_case);
        match self.kind {
            TermKind::Fuzzy => self.fuzzy_window(text, folded),
            TermKind::Exact => self.substring_at(text).is_some(),
            TermKind::Prefix => starts_with_folded(text.chars(), &self.pattern, folded),
            TermKind::Suffix => {
                starts_with_folded(text.chars().rev(), &reverse(&self.pattern), folded)
            }
            TermKind::Equal => {
                text.chars().count() == self.pattern.chars().count()
                    && starts_with_folded(text.chars(), &self.pattern, folded)
            }
        }
    }

    /// Char index of the first occurrence of the pattern in `text`, folded.
    pub fn substring_at(&self, text: &str) -> Option<usize> {
        let hay: Vec<char> = text
            .chars()
            .map(|c| fold_char(c, self.ignore_case))
            .collect();
        let needle: Vec<char> = self.pattern.chars().collect();
        if needle.len() > hay.len() {
            return None;
        }
        (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == needle[..])
    }
}

impl Term {
    /// Longest stretch of text a fuzzy match may spread over.
    pub fn max_span(&self) -> usize {
        self.pattern.chars().count() + FUZZY_SLACK
    }

    /// Finds the shortest in-order occurrence ending at each character and
    /// stops at the first one short enough. `starts[k]` is the latest start
    /// of a match of the first `k + 1` pattern characters seen so far.
    fn fuzzy_window(&self, text: &str, fold: impl Fn(char) -> char) -> bool {
        let pattern: Vec<char> = self.pattern.chars().collect();
        let n = pattern.len();
        let max_span = self.max_span();
        let mut starts: Vec<Option<usize>> = vec![None; n];
        for (i, c) in text.chars().enumerate() {
            let c = fold(c);
            for k in (0..n).rev() {
                if pattern[k] == c {
                    starts[k] = if k == 0 { Some(i) } else { starts[k - 1] };
                }
            }
            if let Some(start) = starts[n - 1]
                && i + 1 - start <= max_span
            {
                return true;
            }
        }
        false
    }
}

fn reverse(s: &str) -> String {
    s.chars().rev().collect()
}

fn starts_with_folded(
    mut text: impl Iterator<Item = char>,
    pattern: &str,
    fold: impl Fn(char) -> char,
) -> bool {
    pattern.chars().all(|p| text.next().map(&fold) == Some(p))
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
