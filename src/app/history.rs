//! Recalling earlier queries on the query line (Alt-↑ / Alt-↓), as
//! readline does: pure state. Reading and writing the history file is
//! `crate::history`'s, before and after the explorer runs.

/// The queries of earlier runs, and where recalling them has got to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recall {
    /// Oldest first.
    entries: Vec<String>,
    /// The entry on the query line; `None`: the line the user was typing.
    at: Option<usize>,
    /// What was on the query line when recalling began, given back when
    /// moving down past the newest entry.
    draft: String,
}

impl Recall {
    /// Recall over `entries`, oldest first.
    pub fn new(entries: Vec<String>) -> Self {
        Recall {
            entries,
            ..Recall::default()
        }
    }

    /// True when there is nothing to recall.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The next older entry to put on the query line in place of `current`,
    /// if any. Entries equal to `current` are passed over: recalling never
    /// seems to do nothing.
    pub fn older(&mut self, current: &str) -> Option<&str> {
        let from = self.at.unwrap_or(self.entries.len());
        let found = (0..from).rev().find(|&i| self.entries[i] != current)?;
        if self.at.is_none() {
            self.draft = current.to_owned();
        }
        self.at = Some(found);
        Some(&self.entries[found])
    }

    /// The next newer entry to put on the query line in place of `current`;
    /// past the newest, the line typed before recalling began. `None` when
    /// that line is already shown.
    pub fn newer(&mut self, current: &str) -> Option<&str> {
        let at = self.at?;
        let found = (at + 1..self.entries.len()).find(|&i| self.entries[i] != current);
        self.at = found;
        Some(match found {
            Some(i) => &self.entries[i],
            None => &self.draft,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recall(entries: &[&str]) -> Recall {
        Recall::new(entries.iter().map(|&s| s.to_owned()).collect())
    }

    #[test]
    fn up_goes_back_in_time_and_down_returns_to_the_draft() {
        let mut r = recall(&["egypt", "togo", "orange 5g"]);
        assert_eq!(r.newer("typed"), None, "nothing recalled yet");
        assert_eq!(r.older("typed"), Some("orange 5g"));
        assert_eq!(r.older("orange 5g"), Some("togo"));
        assert_eq!(r.older("togo"), Some("egypt"));
        // At the oldest: nothing further, and the position stays.
        assert_eq!(r.older("egypt"), None);
        assert_eq!(r.newer("egypt"), Some("togo"));
        assert_eq!(r.newer("togo"), Some("orange 5g"));
        // Past the newest, what was typed comes back, once.
        assert_eq!(r.newer("orange 5g"), Some("typed"));
        assert_eq!(r.newer("typed"), None);
        // A fresh start keeps a fresh draft.
        assert_eq!(r.older(""), Some("orange 5g"));
        assert_eq!(r.newer("orange 5g"), Some(""));
    }

    #[test]
    fn an_edited_recall_moves_on_from_where_it_was() {
        let mut r = recall(&["egypt", "togo"]);
        assert_eq!(r.older("dra"), Some("togo"));
        // The user edits the recalled line; the draft is still the first one.
        assert_eq!(r.older("togo cloud"), Some("egypt"));
        assert_eq!(r.newer("egypt x"), Some("togo"));
        assert_eq!(r.newer("togo"), Some("dra"));
    }

    #[test]
    fn entries_equal_to_the_line_are_passed_over() {
        // The line already holds the newest query: Up shows the one before.
        let mut r = recall(&["egypt", "togo", "egypt", "togo"]);
        assert_eq!(r.older("togo"), Some("egypt"));
        assert_eq!(r.older("egypt"), Some("togo"));
        assert_eq!(r.newer("togo"), Some("egypt"));
        assert_eq!(r.newer("egypt"), Some("togo"));
        assert_eq!(r.newer("togo"), Some("togo"), "the draft, even when equal");
    }

    #[test]
    fn an_empty_history_recalls_nothing() {
        let mut r = Recall::default();
        assert!(r.is_empty());
        assert_eq!(r.older("x"), None);
        assert_eq!(r.newer("x"), None);
        let mut r = recall(&["x"]);
        assert_eq!(r.older("x"), None, "only the line itself");
    }
}
