//! A one-line text editor: the query line and the facet search line.

/// Text being edited, with a cursor counted in characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
    /// What the last kill (Ctrl-W, Alt-Backspace, Ctrl-U, Alt-D) removed,
    /// for Ctrl-Y: readline's kill ring, one entry deep.
    killed: String,
    /// Whether the last command was a kill: as in readline, kills in a row
    /// gather into one entry, so Ctrl-W Ctrl-W then Ctrl-Y restores both words.
    killing: bool,
}

/// One editing command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Insert a character at the cursor.
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Delete the word before the cursor (Ctrl-W).
    DeleteWord,
    /// Delete everything before the cursor (Ctrl-U).
    DeleteToStart,
    /// Delete the word after the cursor (Alt-D).
    DeleteWordRight,
    /// Insert the text the last deletion of a word or line removed (Ctrl-Y).
    Yank,
    /// Move the cursor one character left.
    Left,
    /// Move the cursor one character right.
    Right,
    /// Move the cursor to the start.
    Home,
    /// Move the cursor to the end.
    End,
    /// Move the cursor to the start of the word before it (Alt-B, Ctrl-←).
    WordLeft,
    /// Move the cursor past the end of the word after it (Alt-F, Ctrl-→).
    WordRight,
}

impl LineEdit {
    /// A line holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Self {
        LineEdit {
            text: text.to_owned(),
            cursor: text.chars().count(),
            ..LineEdit::default()
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Removes all text.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.killing = false;
    }

    /// Replaces the text (a query recalled from the history), the cursor at
    /// its end; the kill buffer stays.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_owned();
        self.cursor = text.chars().count();
        self.killing = false;
    }

    /// What Ctrl-Y would insert.
    pub fn killed(&self) -> &str {
        &self.killed
    }

    /// Inserts a string at the cursor (a paste).
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.apply(Edit::Insert(c));
        }
    }

    /// Applies one command; returns true when the text changed.
    pub fn apply(&mut self, edit: Edit) -> bool {
        let was_killing = std::mem::take(&mut self.killing);
        let len = self.text.chars().count();
        match edit {
            Edit::Insert(c) => {
                if c.is_control() {
                    return false;
                }
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                true
            }
            Edit::Backspace => {
                if self.cursor == 0 {
                    return false;
                }
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                true
            }
            Edit::Delete => {
                if self.cursor >= len {
                    return false;
                }
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                true
            }
            Edit::DeleteWord => self.kill(self.word_start(), self.cursor, was_killing),
            Edit::DeleteToStart => self.kill(0, self.cursor, was_killing),
            Edit::DeleteWordRight => self.kill(self.cursor, self.word_end(), was_killing),
            Edit::Yank => {
                if self.killed.is_empty() {
                    return false;
                }
                let at = self.byte_at(self.cursor);
                self.text.insert_str(at, &self.killed);
                self.cursor += self.killed.chars().count();
                true
            }
            Edit::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            Edit::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            Edit::Home => {
                self.cursor = 0;
                false
            }
            Edit::End => {
                self.cursor = len;
                false
            }
            Edit::WordLeft => {
                self.cursor = self.word_start();
                false
            }
            Edit::WordRight => {
                self.cursor = self.word_end();
                false
            }
        }
    }

    /// Where the word after the cursor ends, spaces before it skipped, as
    /// readline's Alt-F and Alt-D see it.
    fn word_end(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let len = chars.len();
        let mut end = self.cursor;
        while end < len && chars[end].is_whitespace() {
            end += 1;
        }
        while end < len && !chars[end].is_whitespace() {
            end += 1;
        }
        end
    }

    /// Removes `start..end` into the kill buffer: a kill right after another
    /// joins it (text killed backwards goes before, forwards after).
    fn kill(&mut self, start: usize, end: usize, after_kill: bool) -> bool {
        if start >= end {
            // Nothing to remove, but a run of kills is not broken by it.
            self.killing = after_kill;
            return false;
        }
        let (a, b) = (self.byte_at(start), self.byte_at(end));
        let removed = &self.text[a..b];
        match (after_kill, start < self.cursor) {
            (false, _) => self.killed = removed.to_owned(),
            (true, true) => self.killed.insert_str(0, removed),
            (true, false) => self.killed.push_str(removed),
        }
        self.killing = true;
        self.remove_range(start, end)
    }

    /// Where the word before the cursor starts, spaces after it skipped, as
    /// readline's Ctrl-W and Alt-B see it.
    fn word_start(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        start
    }

    fn remove_range(&mut self, start: usize, end: usize) -> bool {
        if start >= end {
            return false;
        }
        let (a, b) = (self.byte_at(start), self.byte_at(end));
        self.text.replace_range(a..b, "");
        self.cursor = start;
        true
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineEdit {
        let mut l = LineEdit::default();
        for c in s.chars() {
            l.apply(Edit::Insert(c));
        }
        l
    }

    #[test]
    fn inserts_at_the_cursor_in_characters() {
        let mut l = typed("Égypte");
        assert_eq!(l.cursor(), 6);
        l.apply(Edit::Home);
        l.apply(Edit::Right);
        assert!(l.apply(Edit::Insert('x')));
        assert_eq!(l.text(), "Éxgypte");
        assert!(!l.apply(Edit::Insert('\u{1b}')), "controls are refused");
    }

    #[test]
    fn backspace_and_delete() {
        let mut l = typed("华为ab");
        assert!(l.apply(Edit::Backspace));
        assert_eq!(l.text(), "华为a");
        l.apply(Edit::Home);
        assert!(!l.apply(Edit::Backspace));
        assert!(l.apply(Edit::Delete));
        assert_eq!(l.text(), "为a");
        l.apply(Edit::End);
        assert!(!l.apply(Edit::Delete));
    }

    #[test]
    fn ctrl_w_deletes_the_previous_word_and_its_spaces() {
        let mut l = typed("orange cloud  ");
        assert!(l.apply(Edit::DeleteWord));
        assert_eq!(l.text(), "orange ");
        assert!(l.apply(Edit::DeleteWord));
        assert_eq!(l.text(), "");
        assert!(!l.apply(Edit::DeleteWord));
    }

    #[test]
    fn word_movement_stops_at_word_starts_and_ends() {
        let mut l = typed("orange  cloud 5g");
        l.apply(Edit::WordLeft);
        assert_eq!(l.cursor(), 14);
        l.apply(Edit::WordLeft);
        assert_eq!(l.cursor(), 8);
        l.apply(Edit::WordLeft);
        assert_eq!(l.cursor(), 0);
        l.apply(Edit::WordLeft);
        assert_eq!(l.cursor(), 0);
        l.apply(Edit::WordRight);
        assert_eq!(l.cursor(), 6);
        l.apply(Edit::WordRight);
        assert_eq!(l.cursor(), 13);
        l.apply(Edit::WordRight);
        l.apply(Edit::WordRight);
        assert_eq!(l.cursor(), 16);
    }

    #[test]
    fn ctrl_u_deletes_to_the_start() {
        let mut l = typed("orange cloud");
        for _ in 0..5 {
            l.apply(Edit::Left);
        }
        assert!(l.apply(Edit::DeleteToStart));
        assert_eq!(l.text(), "cloud");
        assert_eq!(l.cursor(), 0);
    }

    #[test]
    fn cursor_stays_in_bounds() {
        let mut l = typed("ab");
        l.apply(Edit::Right);
        assert_eq!(l.cursor(), 2);
        l.apply(Edit::Home);
        l.apply(Edit::Left);
        assert_eq!(l.cursor(), 0);
        l.apply(Edit::End);
        assert_eq!(l.cursor(), 2);
        l.insert_str("c\nd");
        assert_eq!(l.text(), "abcd");
    }

    #[test]
    fn alt_d_deletes_the_word_after_the_cursor() {
        let mut l = typed("orange  cloud 5g");
        l.apply(Edit::Home);
        assert!(l.apply(Edit::DeleteWordRight));
        assert_eq!((l.text(), l.cursor()), ("  cloud 5g", 0));
        // Spaces before the word go with it.
        assert!(l.apply(Edit::DeleteWordRight));
        assert_eq!(l.text(), " 5g");
        l.apply(Edit::End);
        assert!(!l.apply(Edit::DeleteWordRight), "nothing after the cursor");
        assert_eq!(l.text(), " 5g");
    }

    #[test]
    fn ctrl_y_yanks_back_what_each_kind_of_kill_removed() {
        // Ctrl-W (and Alt-Backspace, the same edit).
        let mut l = typed("orange cloud");
        l.apply(Edit::DeleteWord);
        assert_eq!(l.text(), "orange ");
        l.apply(Edit::Home);
        assert!(l.apply(Edit::Yank));
        assert_eq!((l.text(), l.cursor()), ("cloudorange ", 5));
        // Ctrl-U.
        let mut l = typed("華為 togo");
        l.apply(Edit::Left);
        l.apply(Edit::DeleteToStart);
        assert_eq!(l.text(), "o");
        l.apply(Edit::End);
        assert!(l.apply(Edit::Yank));
        assert_eq!(l.text(), "o華為 tog");
        // Alt-D.
        let mut l = typed("orange cloud");
        l.apply(Edit::Home);
        l.apply(Edit::DeleteWordRight);
        l.apply(Edit::End);
        assert!(l.apply(Edit::Yank));
        assert_eq!(l.text(), " cloudorange");
        // Yanking twice inserts twice; nothing killed yet yanks nothing.
        assert!(l.apply(Edit::Yank));
        assert_eq!(l.text(), " cloudorangeorange");
        assert!(!typed("x").apply(Edit::Yank));
    }

    #[test]
    fn kills_in_a_row_gather_and_any_other_edit_starts_afresh() {
        let mut l = typed("a orange cloud");
        l.apply(Edit::DeleteWord);
        l.apply(Edit::DeleteWord);
        assert_eq!(l.killed(), "orange cloud");
        assert!(l.apply(Edit::Yank));
        assert_eq!(l.text(), "a orange cloud");
        // Forward kills append.
        let mut l = typed("one two three");
        l.apply(Edit::Home);
        l.apply(Edit::DeleteWordRight);
        l.apply(Edit::DeleteWordRight);
        assert_eq!(l.killed(), "one two");
        // A movement between two kills breaks the run.
        let mut l = typed("one two three");
        l.apply(Edit::DeleteWord);
        l.apply(Edit::Left);
        l.apply(Edit::DeleteWord);
        assert_eq!(l.killed(), "two");
        // So does typing; the buffer survives a recalled line.
        l.apply(Edit::Insert('x'));
        l.set("recalled");
        assert_eq!((l.text(), l.cursor(), l.killed()), ("recalled", 8, "two"));
    }
}
