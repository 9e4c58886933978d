//! Everything that can happen to the explorer, as data.

use super::line::Edit;

/// A movement in a list or a scrollable pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// One row up.
    Up,
    /// One row down.
    Down,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// To the first row.
    Top,
    /// To the last row.
    Bottom,
}

/// Everything a user can do: keys, mouse and resizes all become actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Move the cursor in the events list.
    Move(Move),
    /// Move the cursor in the facet list.
    FacetMove(Move),
    /// Scroll the detail pane.
    DetailScroll(Move),
    /// Scroll the help overlay.
    HelpScroll(Move),
    /// Jump to the first match in the previous strip cell (year, month… as zoomed) that has one.
    PrevYear,
    /// Jump to the first match in the next strip cell that has one.
    NextYear,
    /// Mark or unmark the current event, then move down.
    ToggleMark,
    /// Mark or unmark the current event, then move up (fzf's Shift-Tab).
    ToggleMarkUp,
    /// Print the marked events (else the current one) and exit.
    Accept,
    /// Edit the focused text line (the query, or the facet search).
    Edit(Edit),
    /// Paste text into the focused text line.
    Paste(String),
    /// Focus the query line.
    FocusQuery,
    /// Focus the facet search line.
    FocusFacetSearch,
    /// Focus the next pane (filters → events → detail).
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Leave a text line for its list, keeping the text (Enter).
    Submit,
    /// Clear, go back, or quit when there is nothing left to clear (Esc).
    Back,
    /// Select or deselect the facet entry under the facet cursor.
    ToggleFacet,
    /// Zoom the timeline strip in one step (decades → years → quarters → months → days).
    ZoomIn,
    /// Zoom the timeline strip out one step.
    ZoomOut,
    /// Zoom the timeline strip to show every event.
    ZoomFit,
    /// Switch the strip between one lane and a lane per company, country, topic.
    CycleLanes,
    /// Start choosing a time range on the strip at the current event.
    StartRange,
    /// Move the range's free end one strip cell (`true`: later).
    ExtendRange(bool),
    /// Filter by the range being chosen (as `--since`/`--until`).
    ConfirmRange,
    /// Stop choosing a range, changing nothing.
    CancelRange,
    /// Cycle the sort order (date, -date, score).
    CycleSort,
    /// Clear facet selections and dates, keeping the query.
    ClearFacets,
    /// Show or hide the help overlay (or close the one shown).
    ToggleHelp,
    /// Show or hide the warnings the files gave as they loaded.
    ToggleWarnings,
    /// Mark every event the list shows.
    SelectAll,
    /// Unmark every event.
    ClearMarks,
    /// Put the previous (older) query of the history on the query line.
    HistoryPrev,
    /// Put the next (newer) query of the history on the query line.
    HistoryNext,
    /// Read the timeline files again, keeping query, filters, marks and cursor.
    Reload,
    /// Open the current event's source address (a choice when it has several).
    Open,
    /// Move the cursor of the list of addresses to open.
    ChoiceMove(Move),
    /// Open the address under the cursor of the list (Enter).
    ChoiceAccept,
    /// Open the address of this number (from 1) in the list.
    ChoicePick(usize),
    /// Close the list of addresses, opening nothing.
    ChoiceCancel,
    /// Copy the current event, in the output format, to the clipboard (OSC 52).
    Copy,
    /// Run a command made from a template of the event's fields, the terminal restored around it.
    Execute(String),
    /// Quit without output (exit 130).
    Quit,
    /// Suspend to the shell (Ctrl-Z); carried out by the terminal.
    Suspend,
    /// The terminal has a new size.
    Resize(u16, u16),
    /// Left click at a screen cell.
    Click(u16, u16),
    /// The mouse moved with the left button down.
    Drag(u16, u16),
    /// The left button came up.
    Release(u16, u16),
    /// Mouse wheel at a screen cell; `true` scrolls down.
    Wheel(u16, u16, bool),
}
