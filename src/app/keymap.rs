//! The key map: one table of (scope, keys) → action, and the mouse map.
//! The help overlay and `docs/keys.md` are generated from the same table.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use std::borrow::Cow;

use super::action::{Action, Move};
use super::line::Edit;
use super::{Focus, Model};
use Focus as F;

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// In every pane, and over the help overlay.
    Everywhere,
    /// In the events list, the filters pane and the detail pane (letters are commands).
    Lists,
    /// In the events list.
    Events,
    /// On the query line.
    Query,
    /// On a text line: the query, or the facet search line.
    Text,
    /// In the facet list of the filters pane.
    Facets,
    /// On the facet search line.
    FacetSearch,
    /// In the detail pane.
    Detail,
    /// While a time range is being chosen on the strip.
    Range,
    /// While the help overlay is shown.
    Help,
    /// While the list of an event's addresses to open is shown.
    Choice,
}

impl Scope {
    /// Heading used in the help overlay and the key table.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Everywhere => "Everywhere",
            Scope::Lists => "Browsing (events, filters, detail): letters are commands",
            Scope::Events => "Events list",
            Scope::Query => "Query line (where tlx starts: typing edits the query)",
            Scope::Text => "Editing a text line (query or facet filter)",
            Scope::Facets => "Filters pane (country, company, topic)",
            Scope::FacetSearch => "Facet filter line",
            Scope::Detail => "Detail pane",
            Scope::Range => "Choosing a time range on the strip",
            Scope::Help => "Help overlay",
            Scope::Choice => "Choosing an address to open (an event with several)",
        }
    }

    /// The name of its table in the config file (`[keys.NAME]`).
    pub fn config_name(self) -> &'static str {
        match self {
            Scope::Everywhere => "everywhere",
            Scope::Lists => "browsing",
            Scope::Events => "events",
            Scope::Query => "query",
            Scope::Text => "text",
            Scope::Facets => "filters",
            Scope::FacetSearch => "filter-line",
            Scope::Detail => "detail",
            Scope::Range => "range",
            Scope::Help => "help",
            Scope::Choice => "choice",
        }
    }

    /// The scope of a config table's name.
    pub fn from_config_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.config_name() == name)
    }

    /// The scope of a binding in the config's `[keys]` table: a key that
    /// types (a plain character) is a command only where letters are
    /// (browsing); any other key (Ctrl, Alt, F1, Enter…) applies everywhere.
    pub fn of_plain_binding(key: &Key) -> Scope {
        match key.code {
            KeyCode::Char(_) if key.mods.is_empty() => Scope::Lists,
            _ => Scope::Everywhere,
        }
    }

    /// Scopes in help order.
    pub const ALL: [Scope; 11] = [
        Scope::Query,
        Scope::Text,
        Scope::Events,
        Scope::Lists,
        Scope::Facets,
        Scope::FacetSearch,
        Scope::Detail,
        Scope::Range,
        Scope::Choice,
        Scope::Help,
        Scope::Everywhere,
    ];
}

/// A key with its modifiers (Shift is implied by the character itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control and Alt.
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn ctrl_key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

/// One row of the key map.
#[derive(Debug)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// One line for the help overlay.
    pub help: &'static str,
}

const fn bind(scope: Scope, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
    }
}

use KeyCode::{
    BackTab, Backspace, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};
use Scope::{
    Choice, Detail, Events, Everywhere, FacetSearch, Facets, Help, Lists, Query, Range, Text,
};

const DOWN: &[Key] = &[key(Down), ch('j')];
const UP: &[Key] = &[key(Up), ch('k')];
const PAGE_DOWN: &[Key] = &[key(PageDown), ctrl('f')];
const PAGE_UP: &[Key] = &[key(PageUp), ctrl('b')];
const TOP: &[Key] = &[key(Home), ch('g')];
const BOTTOM: &[Key] = &[key(End), ch('G')];

/// The key map. Within the scopes that apply, the first matching row wins.
///
/// tlx starts on the query line, where every printable key types (as in
/// fzf): moving, marking and printing take keys that type nothing. Letters
/// are commands only in the panes a user browses on purpose (`Ctrl-L`).
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Query line: where tlx starts.
    bind(Query, &[key(Down), ctrl('n'), ctrl('j')], Action::Move(Move::Down), "next event"),
    bind(Query, &[key(Up), ctrl('p'), ctrl('k')], Action::Move(Move::Up), "previous event"),
    bind(Query, &[key(PageDown)], Action::Move(Move::PageDown), "page down"),
    bind(Query, &[key(PageUp)], Action::Move(Move::PageUp), "page up"),
    bind(Query, &[key(Tab)], Action::ToggleMark, "mark / unmark the event, then move down"),
    bind(Query, &[key(BackTab)], Action::ToggleMarkUp, "mark / unmark the event, then move up"),
    bind(Query, &[key(Enter)], Action::Accept, "print the marked events (else the current one) and exit"),
    bind(Query, &[ctrl('l')], Action::Submit, "browse: to the events list, where letters are commands"),
    bind(Query, &[key(Esc)], Action::Back, "clear the query; on an empty query, quit (exit 130)"),
    bind(Query, &[alt(Up), alt(KeyCode::Char('p'))], Action::HistoryPrev, "older query from the history (saved by Enter)"),
    bind(Query, &[alt(Down), alt(KeyCode::Char('n'))], Action::HistoryNext, "newer query; past the newest, the line typed"),
    bind(Query, &[alt(KeyCode::Char('a'))], Action::SelectAll, "mark every event the list shows"),
    bind(Query, &[alt(KeyCode::Char('u'))], Action::ClearMarks, "unmark every event"),
    bind(Query, &[alt(KeyCode::Char('o'))], Action::Open, "open the event's address (a list when it has several)"),
    bind(Query, &[alt(KeyCode::Char('y'))], Action::Copy, "copy the event (or the marked ones) to the clipboard"),
    // Events list.
    bind(Events, DOWN, Action::Move(Move::Down), "next event"),
    bind(Events, UP, Action::Move(Move::Up), "previous event"),
    bind(Events, PAGE_DOWN, Action::Move(Move::PageDown), "page down"),
    bind(Events, PAGE_UP, Action::Move(Move::PageUp), "page up"),
    bind(Events, TOP, Action::Move(Move::Top), "first event"),
    bind(Events, BOTTOM, Action::Move(Move::Bottom), "last event"),
    bind(Events, &[ch(' '), key(Tab)], Action::ToggleMark, "mark / unmark the event (multi-select), then move down"),
    bind(Events, &[key(BackTab)], Action::ToggleMarkUp, "mark / unmark the event, then move up"),
    bind(Events, &[ch('a'), alt(KeyCode::Char('a'))], Action::SelectAll, "mark every event the list shows"),
    bind(Events, &[ch('u'), alt(KeyCode::Char('u'))], Action::ClearMarks, "unmark every event"),
    bind(Events, &[key(Enter)], Action::Accept, "print the marked events (else the current one) and exit"),
    bind(Events, &[key(Esc)], Action::FocusQuery, "back to the query line"),
    // Every pane but the text lines.
    bind(Lists, &[ch('/')], Action::FocusQuery, "edit the query"),
    bind(Lists, &[ch('h'), key(Left)], Action::FocusPrev, "pane to the left: detail → events → filters"),
    bind(Lists, &[ch('l'), key(Right)], Action::FocusNext, "pane to the right: filters → events → detail"),
    bind(Lists, &[ch('[')], Action::PrevYear, "previous match by the strip's unit (year, quarter, month, day)"),
    bind(Lists, &[ch(']')], Action::NextYear, "next match by the strip's unit"),
    bind(Lists, &[ch('+'), ch('=')], Action::ZoomIn, "zoom the timeline strip in: decades → years → quarters → months → days"),
    bind(Lists, &[ch('-')], Action::ZoomOut, "zoom the timeline strip out, up to fitting every event"),
    bind(Lists, &[ch('0')], Action::ZoomFit, "zoom the timeline strip to fit every event"),
    bind(Lists, &[ch('L')], Action::CycleLanes, "strip lanes: one, per company, per country, per topic"),
    bind(Lists, &[ch('v')], Action::StartRange, "choose a time range on the strip, from the event's date"),
    // Choosing a range on the strip.
    bind(Range, &[ch(']'), key(Right), ch('l')], Action::ExtendRange(true), "move the range's end one strip cell later"),
    bind(Range, &[ch('['), key(Left), ch('h')], Action::ExtendRange(false), "move the range's end one strip cell earlier"),
    bind(Range, &[key(Enter), ch('v')], Action::ConfirmRange, "filter by the range (as --since/--until; c clears it)"),
    bind(Range, &[key(Esc)], Action::CancelRange, "cancel the range"),
    bind(Lists, &[ch('s')], Action::CycleSort, "cycle the sort order: auto (best match first while there is a query), date, -date, score"),
    bind(Lists, &[ch('c')], Action::ClearFacets, "clear facet and date filters"),
    bind(Lists, &[ch('?')], Action::ToggleHelp, "show / hide this help"),
    bind(Lists, &[ch('!')], Action::ToggleWarnings, "show / hide the warnings the files gave"),
    bind(Lists, &[ch('o')], Action::Open, "open the event's address (a list when it has several)"),
    bind(Lists, &[ch('y')], Action::Copy, "copy the event (or the marked ones) to the clipboard"),
    bind(Lists, &[ch('R')], Action::Reload, "read the timeline files again (they reload by themselves when saved)"),
    bind(Lists, &[ch('q')], Action::Quit, "quit without output (exit 130)"),
    // Facet search line.
    bind(FacetSearch, &[key(Down)], Action::FacetMove(Move::Down), "next entry"),
    bind(FacetSearch, &[key(Up)], Action::FacetMove(Move::Up), "previous entry"),
    bind(FacetSearch, &[key(Enter)], Action::Submit, "back to the entries, keeping the filter"),
    bind(FacetSearch, &[key(Esc)], Action::Back, "clear the filter and go back to the entries"),
    // Any text line.
    bind(Text, &[key(Backspace), ctrl('h')], Action::Edit(Edit::Backspace), "delete the character before the cursor"),
    bind(Text, &[key(Delete)], Action::Edit(Edit::Delete), "delete the character under the cursor"),
    bind(Text, &[ctrl('w'), alt(Backspace)], Action::Edit(Edit::DeleteWord), "delete the word before the cursor"),
    bind(Text, &[ctrl('u')], Action::Edit(Edit::DeleteToStart), "delete to the start of the line"),
    bind(Text, &[alt(KeyCode::Char('d'))], Action::Edit(Edit::DeleteWordRight), "delete the word after the cursor"),
    bind(Text, &[ctrl('y')], Action::Edit(Edit::Yank), "insert again the text deleted last (Ctrl-W, Ctrl-U, Alt-D)"),
    bind(Text, &[key(Left), ctrl('b')], Action::Edit(Edit::Left), "cursor left"),
    bind(Text, &[key(Right), ctrl('f')], Action::Edit(Edit::Right), "cursor right"),
    bind(Text, &[alt(KeyCode::Char('b')), ctrl_key(Left)], Action::Edit(Edit::WordLeft), "cursor to the start of the word"),
    bind(Text, &[alt(KeyCode::Char('f')), ctrl_key(Right)], Action::Edit(Edit::WordRight), "cursor past the end of the word"),
    bind(Text, &[key(Home), ctrl('a')], Action::Edit(Edit::Home), "cursor to the start"),
    bind(Text, &[key(End), ctrl('e')], Action::Edit(Edit::End), "cursor to the end"),
    // Facet list.
    bind(Facets, DOWN, Action::FacetMove(Move::Down), "next entry"),
    bind(Facets, UP, Action::FacetMove(Move::Up), "previous entry"),
    bind(Facets, &[key(PageDown)], Action::FacetMove(Move::PageDown), "page down"),
    bind(Facets, &[key(PageUp)], Action::FacetMove(Move::PageUp), "page up"),
    bind(Facets, TOP, Action::FacetMove(Move::Top), "first entry"),
    bind(Facets, BOTTOM, Action::FacetMove(Move::Bottom), "last entry"),
    bind(Facets, &[ch(' '), key(Enter)], Action::ToggleFacet, "select / deselect the entry (OR within a facet, AND across)"),
    bind(Facets, &[ch('/')], Action::FocusFacetSearch, "filter the entries (fuzzy)"),
    bind(Facets, &[key(Esc)], Action::Back, "clear the entry filter, else back to the events"),
    // Detail pane.
    bind(Detail, DOWN, Action::DetailScroll(Move::Down), "scroll down"),
    bind(Detail, UP, Action::DetailScroll(Move::Up), "scroll up"),
    bind(Detail, &[key(PageDown), ctrl('f')], Action::DetailScroll(Move::PageDown), "page down"),
    bind(Detail, &[key(PageUp), ctrl('b')], Action::DetailScroll(Move::PageUp), "page up"),
    bind(Detail, TOP, Action::DetailScroll(Move::Top), "to the top"),
    bind(Detail, BOTTOM, Action::DetailScroll(Move::Bottom), "to the bottom"),
    bind(Detail, &[ch(' '), key(Tab)], Action::ToggleMark, "mark / unmark the event, then move down"),
    bind(Detail, &[key(Enter)], Action::Accept, "print the marked events (else the current one) and exit"),
    bind(Detail, &[key(Esc)], Action::Back, "back to the events"),
    // The list of addresses to open (digits 1 to 9 pick one: see `action_for_key`).
    bind(Choice, &[key(Down), ch('j'), ctrl('n')], Action::ChoiceMove(Move::Down), "next address"),
    bind(Choice, &[key(Up), ch('k'), ctrl('p')], Action::ChoiceMove(Move::Up), "previous address"),
    bind(Choice, &[key(Home), ch('g')], Action::ChoiceMove(Move::Top), "first address"),
    bind(Choice, &[key(End), ch('G')], Action::ChoiceMove(Move::Bottom), "last address"),
    bind(Choice, &[key(Enter), ch('o')], Action::ChoiceAccept, "open the address"),
    bind(Choice, &[key(Esc), ch('q')], Action::ChoiceCancel, "close the list, opening nothing"),
    // Help overlay.
    bind(Help, &[ch('?'), key(Esc), ch('q'), key(KeyCode::F(1))], Action::ToggleHelp, "close the help (or the warnings)"),
    bind(Help, &[ch('!'), key(KeyCode::F(2))], Action::ToggleWarnings, "close the warnings"),
    bind(Help, DOWN, Action::HelpScroll(Move::Down), "scroll down"),
    bind(Help, UP, Action::HelpScroll(Move::Up), "scroll up"),
    bind(Help, &[key(PageDown), ch(' ')], Action::HelpScroll(Move::PageDown), "page down"),
    bind(Help, &[key(PageUp)], Action::HelpScroll(Move::PageUp), "page up"),
    bind(Help, TOP, Action::HelpScroll(Move::Top), "to the top"),
    bind(Help, BOTTOM, Action::HelpScroll(Move::Bottom), "to the bottom"),
    // Everywhere.
    bind(Everywhere, &[ctrl('c')], Action::Quit, "quit without output (exit 130)"),
    bind(Everywhere, &[ctrl('z')], Action::Suspend, "suspend to the shell (fg resumes)"),
    bind(Everywhere, &[key(KeyCode::F(1))], Action::ToggleHelp, "show / hide this help"),
    bind(Everywhere, &[key(KeyCode::F(2))], Action::ToggleWarnings, "show / hide the warnings the files gave"),
    bind(Everywhere, &[key(KeyCode::F(5))], Action::Reload, "read the timeline files again, keeping query, filters, marks and cursor"),
];

/// Mouse gestures, for the help overlay and the key table.
pub const MOUSE_HELP: &[(&str, &str)] = &[
    (
        "click",
        "select an event or an address to open, toggle a facet entry, focus a pane",
    ),
    (
        "click the strip",
        "jump to the first match in that cell (year, month… as zoomed)",
    ),
    (
        "drag on the strip",
        "filter by the time range dragged over (as --since/--until)",
    ),
    ("wheel", "scroll the pane under the pointer"),
];

/// Every list of scopes consulted together ([`scopes`] gives one of them).
pub const SCOPE_GROUPS: [&[Scope]; 8] = [
    &[Help, Everywhere],
    &[Choice, Everywhere],
    &[Range, Lists, Everywhere],
    &[Events, Lists, Everywhere],
    &[Query, Text, Everywhere],
    &[Facets, Lists, Everywhere],
    &[FacetSearch, Text, Everywhere],
    &[Detail, Lists, Everywhere],
];

/// The scopes consulted for the model's state, most specific first.
pub fn scopes(model: &Model) -> &'static [Scope] {
    if model.choice().is_some() && !model.help() {
        return SCOPE_GROUPS[1];
    }
    scopes_for(model.focus(), model.help(), model.selection().is_some())
}

/// The scopes consulted with `focus` (and the help overlay shown or not),
/// most specific first.
pub fn scopes_for(focus: Focus, help: bool, range: bool) -> &'static [Scope] {
    if help {
        return &[Help, Everywhere];
    }
    if range {
        return &[Range, Lists, Everywhere];
    }
    match focus {
        Focus::Events => &[Events, Lists, Everywhere],
        Focus::Query => &[Query, Text, Everywhere],
        Focus::Facets => &[Facets, Lists, Everywhere],
        Focus::FacetSearch => &[FacetSearch, Text, Everywhere],
        Focus::Detail => &[Detail, Lists, Everywhere],
    }
}

/// The key as the table writes it: Shift folded into the character.
fn normalise(event: &KeyEvent) -> Key {
    let mut mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let code = match event.code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        KeyCode::BackTab => {
            mods = KeyModifiers::NONE;
            KeyCode::BackTab
        }
        KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        code => code,
    };
    Key { code, mods }
}

/// The action for a key in the model's current state, if any.
pub fn action_for_key(model: &Model, event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let pressed = normalise(event);
    let scopes = scopes(model);
    if let Some(found) = model.keymap().lookup(scopes, &pressed) {
        // A key the user unbound (`ignore`) does nothing, not even type.
        return found.cloned();
    }
    match pressed.code {
        KeyCode::Char(c) if pressed.mods.is_empty() && scopes.contains(&Text) => {
            Some(Action::Edit(Edit::Insert(c)))
        }
        // Nine rows of the table for one rule: the digit is the number.
        KeyCode::Char(c @ '1'..='9') if pressed.mods.is_empty() && scopes.contains(&Choice) => {
            c.to_digit(10).map(|n| Action::ChoicePick(n as usize))
        }
        _ => None,
    }
}

/// The action for a mouse event, if any.
pub fn action_for_mouse(event: &MouseEvent) -> Option<Action> {
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(event.column, event.row)),
        MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag(event.column, event.row)),
        MouseEventKind::Up(MouseButton::Left) => Some(Action::Release(event.column, event.row)),
        MouseEventKind::ScrollDown => Some(Action::Wheel(event.column, event.row, true)),
        MouseEventKind::ScrollUp => Some(Action::Wheel(event.column, event.row, false)),
        _ => None,
    }
}

/// The action for any terminal event, if any.
pub fn action_for_event(model: &Model, event: &Event) -> Option<Action> {
    match event {
        Event::Key(k) => action_for_key(model, k),
        Event::Mouse(m) => action_for_mouse(m),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        _ => None,
    }
}

/// A key as shown to people: `↑`, `Ctrl-W`, `PgDn`, `Space`.
pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        Up => "↑".into(),
        Down => "↓".into(),
        Left => "←".into(),
        Right => "→".into(),
        PageUp => "PgUp".into(),
        PageDown => "PgDn".into(),
        Home => "Home".into(),
        End => "End".into(),
        Enter => "Enter".into(),
        Esc => "Esc".into(),
        Tab => "Tab".into(),
        BackTab => "Shift-Tab".into(),
        Backspace => "Backspace".into(),
        Delete => "Del".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut label = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        label.push_str("Ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        label.push_str("Alt-");
    }
    // Ctrl-W, Alt-B: a letter with a modifier reads as a capital.
    if key
        .mods
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        && base.chars().count() == 1
    {
        label.push_str(&base.to_uppercase());
    } else {
        label.push_str(&base);
    }
    label
}

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// Between sections.
    Blank,
    /// A section's title.
    Heading(&'static str),
    /// Keys and what they do.
    Keys(String, String),
}

/// A status-line hint: the actions whose keys it shows, and a word.
type Hint = (&'static [Action], &'static str);

/// The status line's hints: for each focus, the actions worth a reminder,
/// most useful first, with a word for each. Their keys come from the key
/// table, so a rebinding shows here too.
#[rustfmt::skip]
const HINTS: &[(Option<Focus>, &[Hint])] = &[
    (None, &[
        (&[Action::ToggleHelp], "close"),
        (&[Action::HelpScroll(Move::Down), Action::HelpScroll(Move::Up)], "scroll"),
    ]),
    (Some(F::Events), &[
        (&[Action::ToggleHelp], "help"),
        (&[Action::FocusQuery], "search"),
        (&[Action::Accept], "print"),
        (&[Action::ToggleMark], "mark"),
        (&[Action::FocusPrev, Action::FocusNext], "pane"),
        (&[Action::Quit], "quit"),
        (&[Action::ZoomIn, Action::ZoomOut], "zoom"),
        (&[Action::Open], "open"),
        (&[Action::Copy], "copy"),
    ]),
    (Some(F::Query), &[
        (&[Action::Accept], "print"),
        (&[Action::ToggleMark], "mark"),
        (&[Action::Submit], "browse"),
        (&[Action::ToggleHelp], "help"),
        (&[Action::Back], "clear/quit"),
        (&[Action::Move(Move::Up), Action::Move(Move::Down)], "move"),
    ]),
    (Some(F::Facets), &[
        (&[Action::ToggleFacet], "toggle"),
        (&[Action::FocusFacetSearch], "filter"),
        (&[Action::ClearFacets], "clear filters"),
        (&[Action::Back], "back"),
        (&[Action::ToggleHelp], "help"),
    ]),
    (Some(F::FacetSearch), &[
        (&[Action::Submit], "done"),
        (&[Action::Back], "clear"),
        (&[Action::FacetMove(Move::Up), Action::FacetMove(Move::Down)], "move"),
    ]),
    (Some(F::Detail), &[
        (&[Action::DetailScroll(Move::Down), Action::DetailScroll(Move::Up)], "scroll"),
        (&[Action::Open], "open"),
        (&[Action::Accept], "print"),
        (&[Action::Back], "back"),
        (&[Action::ToggleHelp], "help"),
    ]),
];

/// One of the user's bindings: in `scope`, `key` does `action` (`None`:
/// nothing, the key unbound).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserBinding {
    /// Where it applies (a broad scope reaches the panes under it).
    pub scope: Scope,
    /// The key.
    pub key: Key,
    /// What it does; `None` unbinds the key.
    pub action: Option<Action>,
}

/// One row of the key map in effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Where it applies.
    pub scope: Scope,
    /// The keys that trigger it.
    pub keys: Vec<Key>,
    /// What they do; `None`: nothing (a key the user unbound).
    pub action: Option<Action>,
    /// One line for the help overlay.
    pub help: Cow<'static, str>,
    /// Whether the user's config made it.
    pub user: bool,
}

/// The key map in effect: the defaults ([`BINDINGS`]) with the user's
/// bindings over them. The key lookup, the help overlay, the status-line
/// hints and `--help` all read this one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    rows: Vec<Row>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::with(&[])
    }
}

/// How broad a scope is: broad ones are applied first, so a binding for
/// one pane wins over one for every pane, whatever the file's order.
fn breadth(scope: Scope) -> u8 {
    match scope {
        Everywhere => 0,
        Lists | Text => 1,
        _ => 2,
    }
}

/// Whether a binding in `broad` decides what a key does in `scope` too.
fn covers(broad: Scope, scope: Scope) -> bool {
    broad == scope
        || broad == Everywhere
        || (broad == Lists && matches!(scope, Events | Facets | Detail | Range))
        || (broad == Text && matches!(scope, Query | FacetSearch))
}

/// The rows a binding makes: a movement bound for several panes moves
/// what each of them shows (the events, the facets, the detail, the help).
fn expand(scope: Scope, action: &Option<Action>) -> Vec<(Scope, Option<Action>)> {
    let Some(Action::Move(m)) = action else {
        return vec![(scope, action.clone())];
    };
    let panes: &[Scope] = match scope {
        Everywhere => &[Everywhere, Query, Events, Facets, FacetSearch, Detail, Help],
        Lists => &[Lists, Events, Facets, Detail],
        Text => &[Text, Query, FacetSearch],
        _ => return vec![(scope, action.clone())],
    };
    panes
        .iter()
        .map(|&pane| (pane, Some(super::names::move_in(pane, *m))))
        .collect()
}

/// The help line of a user's binding: the default one's for that action
/// where there is one.
fn describe(scope: Scope, action: Option<&Action>) -> Cow<'static, str> {
    let Some(action) = action else {
        return Cow::Borrowed("nothing (unbound)");
    };
    let same = |b: &&Binding| b.action == *action;
    if let Some(b) = BINDINGS
        .iter()
        .filter(same)
        .find(|b| b.scope == scope)
        .or_else(|| BINDINGS.iter().find(same))
    {
        return Cow::Borrowed(b.help);
    }
    Cow::Borrowed(match action {
        Action::SelectAll => "mark every event listed",
        Action::ClearMarks => "unmark every event",
        Action::HistoryPrev => "previous (older) query of the history",
        Action::HistoryNext => "next (newer) query of the history",
        Action::Reload => "read the timeline files again",
        Action::Open => "open the event's source address",
        Action::Copy => "copy the event to the clipboard",
        Action::Edit(Edit::DeleteWordRight) => "delete the word after the cursor",
        Action::Edit(Edit::Yank) => "insert the text deleted last",
        Action::Execute(template) => return Cow::Owned(format!("run {template}")),
        other => {
            return Cow::Owned(super::names::action_name(other).unwrap_or_default());
        }
    })
}

impl Keymap {
    /// The defaults with `user`'s bindings over them: a user's key wins over
    /// the defaults' in its scope and the scopes under it, and a later
    /// binding of the same key in the same scope wins over an earlier one.
    pub fn with(user: &[UserBinding]) -> Keymap {
        let mut defaults: Vec<Row> = BINDINGS
            .iter()
            .map(|b| Row {
                scope: b.scope,
                keys: b.keys.to_vec(),
                action: Some(b.action.clone()),
                help: Cow::Borrowed(b.help),
                user: false,
            })
            .collect();
        let mut mine: Vec<Row> = Vec::new();
        let mut ordered: Vec<&UserBinding> = user.iter().collect();
        ordered.sort_by_key(|b| breadth(b.scope));
        for b in ordered {
            for row in defaults.iter_mut().chain(mine.iter_mut()) {
                if covers(b.scope, row.scope) {
                    row.keys.retain(|k| *k != b.key);
                }
            }
            for (i, (scope, action)) in expand(b.scope, &b.action).into_iter().enumerate() {
                mine.push(Row {
                    scope,
                    keys: vec![b.key],
                    help: describe(scope, action.as_ref()),
                    action,
                    // The binding as written; the rows it made for each
                    // pane are listed with that pane's keys.
                    user: i == 0,
                });
            }
        }
        mine.retain(|r| !r.keys.is_empty());
        defaults.retain(|r| !r.keys.is_empty());
        mine.extend(defaults);
        Keymap { rows: mine }
    }

    /// Every row, the user's first.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// What `key` does in `scopes` (most specific first): `None` when no
    /// row has it, `Some(None)` when the user unbound it.
    pub fn lookup(&self, scopes: &[Scope], key: &Key) -> Option<Option<&Action>> {
        scopes.iter().find_map(|scope| {
            self.rows
                .iter()
                .find(|r| r.scope == *scope && r.keys.contains(key))
                .map(|r| r.action.as_ref())
        })
    }

    /// The keys that do `action` in `scopes`: those of its rows that no
    /// more specific row takes first.
    pub fn keys_for(&self, scopes: &[Scope], action: &Action) -> Vec<Key> {
        let mut keys: Vec<Key> = Vec::new();
        for scope in scopes {
            for row in &self.rows {
                if row.scope != *scope || row.action.as_ref() != Some(action) {
                    continue;
                }
                for k in &row.keys {
                    if !keys.contains(k) && self.lookup(scopes, k) == Some(Some(action)) {
                        keys.push(*k);
                    }
                }
            }
        }
        keys
    }

    /// A key bound to `action`, the one that works in every pane if there
    /// is one, as shown to people.
    pub fn label_for(&self, action: &Action) -> Option<String> {
        let bound = || {
            self.rows
                .iter()
                .filter(|r| r.action.as_ref() == Some(action))
        };
        bound()
            .find(|r| r.scope == Everywhere)
            .or_else(|| bound().next())
            .and_then(|r| r.keys.first())
            .map(key_label)
    }

    /// The key table as sections of (keys, description), in help order:
    /// the user's bindings first, in a section of their own, so the help
    /// shows them without scrolling.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, String)>)> {
        let label = |r: &Row| {
            let keys: Vec<String> = r.keys.iter().map(key_label).collect();
            keys.join(" ")
        };
        let mine: Vec<(String, String)> = self
            .rows
            .iter()
            .filter(|r| r.user)
            .map(|r| {
                let help = match r.scope {
                    Everywhere => r.help.clone().into_owned(),
                    scope => format!("{}: {}", scope.config_name(), r.help),
                };
                (label(r), help)
            })
            .collect();
        let mut sections: Vec<(&'static str, Vec<(String, String)>)> = Vec::new();
        if !mine.is_empty() {
            sections.push(("Your keys (from the config file)", mine));
        }
        sections.extend(Scope::ALL.iter().map(|&scope| {
            let mut rows = self
                .rows
                .iter()
                .filter(|r| r.scope == scope && r.action.is_some() && !r.user)
                .map(|r| (label(r), r.help.clone().into_owned()))
                .collect::<Vec<_>>();
            if scope == Choice {
                // Digits are read by the key map itself, not bound one by one.
                rows.push((
                    "1–9".to_owned(),
                    "open the address of that number".to_owned(),
                ));
            }
            (scope.title(), rows)
        }));
        sections.retain(|(_, rows)| !rows.is_empty());
        sections.push((
            "Mouse",
            MOUSE_HELP
                .iter()
                .map(|&(k, h)| (k.to_owned(), h.to_owned()))
                .collect(),
        ));
        sections
    }

    /// The keys that close the help overlay, as its border says: `?, Esc or F1`.
    pub fn help_closers(&self) -> String {
        let labels: Vec<String> = self
            .keys_for(&[Help, Everywhere], &Action::ToggleHelp)
            .iter()
            .map(key_label)
            .collect();
        match labels.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }

    /// The help overlay's lines: the key table's sections, a blank line apart.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        let mut out = Vec::new();
        for (title, rows) in self.help_sections() {
            if !out.is_empty() {
                out.push(HelpLine::Blank);
            }
            out.push(HelpLine::Heading(title));
            out.extend(
                rows.into_iter()
                    .map(|(keys, help)| HelpLine::Keys(keys, help)),
            );
        }
        out
    }

    /// The status line's key hints where the focus is (or over the help
    /// overlay): `(keys, word)`, most useful first.
    /// Without `multi` (`--no-multi`), marking is not offered.
    pub fn hints(&self, focus: Focus, help: bool, multi: bool) -> Vec<(String, &'static str)> {
        let want = if help { None } else { Some(focus) };
        let scopes = scopes_for(focus, help, false);
        let Some((_, rows)) = HINTS.iter().find(|(f, _)| *f == want) else {
            return Vec::new();
        };
        rows.iter()
            .filter(|(actions, _)| multi || !actions.contains(&Action::ToggleMark))
            .filter_map(|(actions, word)| {
                let labels: Vec<String> = actions
                    .iter()
                    .map(|a| self.hint_key(scopes, a))
                    .collect::<Option<_>>()?;
                let arrows = labels
                    .iter()
                    .all(|l| matches!(l.as_str(), "↑" | "↓" | "←" | "→"));
                Some((labels.join(if arrows { "" } else { "/" }), *word))
            })
            .collect()
    }

    /// The key to show for `action` in `scopes`: of the keys that reach it
    /// there, the first plain character (easiest to type), else the first.
    fn hint_key(&self, scopes: &[Scope], action: &Action) -> Option<String> {
        let keys = self.keys_for(scopes, action);
        let plain = keys
            .iter()
            .find(|k| k.mods.is_empty() && matches!(k.code, KeyCode::Char(_)));
        plain.or(keys.first()).map(key_label)
    }

    /// The keys paragraph of `--help`, in the keys in effect, wrapped to
    /// `width` columns.
    pub fn cli_paragraph(&self, width: usize) -> String {
        let query: &[Scope] = &[Query, Text, Everywhere];
        let list: &[Scope] = &[Events, Lists, Everywhere];
        let all = |scopes: &[Scope], action: Action| {
            let keys: Vec<String> = self
                .keys_for(scopes, &action)
                .iter()
                .map(key_label)
                .collect();
            (!keys.is_empty()).then(|| keys.join("/"))
        };
        let first = |scopes: &[Scope], action: Action| self.hint_key(scopes, &action);
        let clauses = |parts: Vec<(Option<String>, &str)>| -> Vec<String> {
            parts
                .into_iter()
                .filter_map(|(keys, what)| keys.map(|k| format!("{k} {what}")))
                .collect()
        };
        let moves = match (
            all(query, Action::Move(Move::Up)),
            all(query, Action::Move(Move::Down)),
        ) {
            (Some(up), Some(down)) => Some(format!("{up} and {down}")),
            (up, down) => up.or(down),
        };
        let mut text = String::from("Keys: type to search at once; ");
        text.push_str(
            &clauses(vec![
                (moves, "move"),
                (all(query, Action::ToggleMark), "marks"),
                (
                    all(query, Action::Accept),
                    "prints the marked events (else the current one)",
                ),
                (
                    all(query, Action::Back),
                    "clears the query and on an empty one quits",
                ),
                (all(query, Action::Quit), "quits"),
            ])
            .join(", "),
        );
        text.push('.');
        let browse = clauses(vec![
            (first(list, Action::Move(Move::Down)), "down"),
            (first(list, Action::Move(Move::Up)), "up"),
            (first(list, Action::FocusPrev), "left pane"),
            (first(list, Action::FocusNext), "right pane"),
            (first(list, Action::CycleSort), "sort"),
            (first(list, Action::ClearFacets), "clear"),
            (first(list, Action::Quit), "quit"),
        ]);
        if let Some(submit) = all(query, Action::Submit) {
            text.push_str(&format!(
                " {submit} browses the list, where letters are commands ({})",
                browse.join(", ")
            ));
            text.push(';');
        }
        let help = [
            all(query, Action::ToggleHelp),
            first(list, Action::ToggleHelp),
        ];
        match help {
            [Some(a), Some(b)] if a != b => {
                text.push_str(&format!(" {a} (or {b} in the list) shows every key"));
            }
            [Some(a), _] | [None, Some(a)] => text.push_str(&format!(" {a} shows every key")),
            [None, None] => {}
        }
        text.push_str("; docs/keys.md lists the defaults, tlx --print-config the keys in effect.");
        wrap(&text, width)
    }
}

/// `text` broken at spaces into lines of at most `width` columns.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        if line > 0 && line + 1 + w > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += w;
    }
    out
}

/// The default key table as sections of (keys, description), in help
/// order: what `docs/keys.md` (and a man page) show.
pub fn help_sections() -> Vec<(&'static str, Vec<(String, String)>)> {
    Keymap::default().help_sections()
}

/// The key table as Markdown, the text of `docs/keys.md`.
pub fn keys_markdown() -> String {
    let mut out = String::from(
        "# tlx keys\n\nGenerated from the key map in `src/app/keymap.rs` \
         (a test keeps this file in step). tlx starts on the query line: \
         typing searches at once, as in fzf, and moving, marking and printing \
         use keys that type nothing. `Ctrl-L` moves to the events list, where \
         letters are commands (`j k g G`, `h l` between panes, `q`); `/` or \
         `Esc` comes back to the query.\n",
    );
    for (title, rows) in help_sections() {
        out.push_str(&format!("\n## {title}\n\n| Keys | Action |\n|---|---|\n"));
        for (keys, help) in rows {
            let keys: Vec<String> = keys
                .split(' ')
                .map(|k| format!("`{}`", k.replace('|', "\\|")))
                .collect();
            out.push_str(&format!("| {} | {help} |\n", keys.join(" ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::model;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_type_on_the_query_line_where_tlx_starts_and_are_commands_in_the_list() {
        let tl = crate::app::tests::embedded();
        let mut m = model(&tl);
        assert_eq!(m.focus, Focus::Query);
        // Every printable key types, `q` and `?` included.
        for c in [
            'j', 'q', 's', 'c', '?', '/', 'G', ' ', '!', '^', '\'', 'é', '华',
        ] {
            let k = press(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(
                action_for_key(&m, &k),
                Some(Action::Edit(Edit::Insert(c))),
                "{c:?}"
            );
        }
        // Moving, marking and printing take keys that type nothing.
        for (code, mods, action) in [
            (KeyCode::Down, KeyModifiers::NONE, Action::Move(Move::Down)),
            (
                KeyCode::Char('n'),
                KeyModifiers::CONTROL,
                Action::Move(Move::Down),
            ),
            (
                KeyCode::Char('j'),
                KeyModifiers::CONTROL,
                Action::Move(Move::Down),
            ),
            (
                KeyCode::Char('k'),
                KeyModifiers::CONTROL,
                Action::Move(Move::Up),
            ),
            (
                KeyCode::Char('p'),
                KeyModifiers::CONTROL,
                Action::Move(Move::Up),
            ),
            (
                KeyCode::PageDown,
                KeyModifiers::NONE,
                Action::Move(Move::PageDown),
            ),
            (KeyCode::Tab, KeyModifiers::NONE, Action::ToggleMark),
            (KeyCode::BackTab, KeyModifiers::SHIFT, Action::ToggleMarkUp),
            (KeyCode::Enter, KeyModifiers::NONE, Action::Accept),
            (KeyCode::Esc, KeyModifiers::NONE, Action::Back),
            (KeyCode::Char('l'), KeyModifiers::CONTROL, Action::Submit),
            (KeyCode::F(1), KeyModifiers::NONE, Action::ToggleHelp),
            (
                KeyCode::Char('b'),
                KeyModifiers::ALT,
                Action::Edit(Edit::WordLeft),
            ),
            (
                KeyCode::Right,
                KeyModifiers::CONTROL,
                Action::Edit(Edit::WordRight),
            ),
        ] {
            assert_eq!(
                action_for_key(&m, &press(code, mods)),
                Some(action),
                "{code:?} {mods:?}"
            );
        }
        m.focus = Focus::Events;
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(action_for_key(&m, &j), Some(Action::Move(Move::Down)));
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for_key(&m, &q), Some(Action::Quit));
        let l = press(KeyCode::Char('l'), KeyModifiers::NONE);
        assert_eq!(action_for_key(&m, &l), Some(Action::FocusNext));
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(action_for_key(&m, &esc), Some(Action::FocusQuery));
        // A letter with no command in the list does nothing, rather than type.
        let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(action_for_key(&m, &x), None);
    }

    #[test]
    fn readline_keys_history_and_marks_reach_their_actions() {
        let tl = crate::app::tests::embedded();
        let mut m = model(&tl);
        // As crossterm reports them: ESC b is Alt-b, ESC [1;3A Alt-Up,
        // ESC [1;5D Ctrl-Left, 0x19 Ctrl-Y.
        let alt_ch = |c| press(KeyCode::Char(c), KeyModifiers::ALT);
        for (event, action) in [
            (alt_ch('b'), Action::Edit(Edit::WordLeft)),
            (alt_ch('f'), Action::Edit(Edit::WordRight)),
            (
                press(KeyCode::Left, KeyModifiers::CONTROL),
                Action::Edit(Edit::WordLeft),
            ),
            (
                press(KeyCode::Right, KeyModifiers::CONTROL),
                Action::Edit(Edit::WordRight),
            ),
            (alt_ch('d'), Action::Edit(Edit::DeleteWordRight)),
            (
                press(KeyCode::Backspace, KeyModifiers::ALT),
                Action::Edit(Edit::DeleteWord),
            ),
            (
                press(KeyCode::Char('w'), KeyModifiers::CONTROL),
                Action::Edit(Edit::DeleteWord),
            ),
            (
                press(KeyCode::Char('u'), KeyModifiers::CONTROL),
                Action::Edit(Edit::DeleteToStart),
            ),
            (
                press(KeyCode::Char('y'), KeyModifiers::CONTROL),
                Action::Edit(Edit::Yank),
            ),
            (press(KeyCode::Up, KeyModifiers::ALT), Action::HistoryPrev),
            (press(KeyCode::Down, KeyModifiers::ALT), Action::HistoryNext),
            (alt_ch('p'), Action::HistoryPrev),
            (alt_ch('n'), Action::HistoryNext),
            (alt_ch('a'), Action::SelectAll),
            (alt_ch('u'), Action::ClearMarks),
            // The search issue's cursor keys keep their meaning.
            (
                press(KeyCode::Char('k'), KeyModifiers::CONTROL),
                Action::Move(Move::Up),
            ),
            (
                press(KeyCode::Char('j'), KeyModifiers::CONTROL),
                Action::Move(Move::Down),
            ),
            // Plain arrows move the list, not the history.
            (
                press(KeyCode::Up, KeyModifiers::NONE),
                Action::Move(Move::Up),
            ),
        ] {
            assert_eq!(action_for_key(&m, &event), Some(action), "{event:?}");
        }
        // The facet search line edits as the query line does.
        m.focus = Focus::FacetSearch;
        assert_eq!(
            action_for_key(&m, &alt_ch('d')),
            Some(Action::Edit(Edit::DeleteWordRight))
        );
        // Browsing the list: plain letters, and the Alt keys still.
        m.focus = Focus::Events;
        for (event, action) in [
            (
                press(KeyCode::Char('a'), KeyModifiers::NONE),
                Action::SelectAll,
            ),
            (
                press(KeyCode::Char('u'), KeyModifiers::NONE),
                Action::ClearMarks,
            ),
            (alt_ch('a'), Action::SelectAll),
            (alt_ch('u'), Action::ClearMarks),
            (
                press(KeyCode::Up, KeyModifiers::NONE),
                Action::Move(Move::Up),
            ),
        ] {
            assert_eq!(action_for_key(&m, &event), Some(action), "{event:?}");
        }
    }

    #[test]
    fn open_and_copy_keys_browsing_and_on_the_query_line_and_digits_pick_in_the_list() {
        let tl = crate::app::tests::embedded();
        let mut m = model(&tl);
        let key = |c, mods| press(KeyCode::Char(c), mods);
        let none = KeyModifiers::NONE;
        // On the query line letters type; Alt-O and Alt-Y act. Ctrl-Y is
        // the line editor's yank, never the copy.
        assert_eq!(
            action_for_key(&m, &key('o', none)),
            Some(Action::Edit(Edit::Insert('o')))
        );
        assert_eq!(
            action_for_key(&m, &key('o', KeyModifiers::ALT)),
            Some(Action::Open)
        );
        assert_eq!(
            action_for_key(&m, &key('y', KeyModifiers::ALT)),
            Some(Action::Copy)
        );
        assert_ne!(
            action_for_key(&m, &key('y', KeyModifiers::CONTROL)),
            Some(Action::Copy)
        );
        assert_eq!(
            action_for_key(&m, &key('2', none)),
            Some(Action::Edit(Edit::Insert('2')))
        );
        for focus in [Focus::Events, Focus::Facets, Focus::Detail] {
            m.focus = focus;
            assert_eq!(action_for_key(&m, &key('o', none)), Some(Action::Open));
            assert_eq!(action_for_key(&m, &key('y', none)), Some(Action::Copy));
        }
        m.choice = Some(crate::app::Choice {
            addresses: vec!["https://a".into(), "https://b".into()],
            cursor: 0,
        });
        assert_eq!(
            action_for_key(&m, &key('2', none)),
            Some(Action::ChoicePick(2))
        );
        assert_eq!(action_for_key(&m, &key('0', none)), None);
        assert_eq!(
            action_for_key(&m, &key('j', none)),
            Some(Action::ChoiceMove(Move::Down))
        );
        let enter = press(KeyCode::Enter, none);
        assert_eq!(action_for_key(&m, &enter), Some(Action::ChoiceAccept));
        let esc = press(KeyCode::Esc, none);
        assert_eq!(action_for_key(&m, &esc), Some(Action::ChoiceCancel));
        // `q` closes the list rather than quit; Ctrl-C still quits.
        assert_eq!(
            action_for_key(&m, &key('q', none)),
            Some(Action::ChoiceCancel)
        );
        assert_eq!(
            action_for_key(&m, &key('c', KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let tl = crate::app::tests::embedded();
        let mut m = model(&tl);
        m.focus = Focus::Events;
        let g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for_key(&m, &g), Some(Action::Move(Move::Bottom)));
        let back = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action_for_key(&m, &back), Some(Action::ToggleMarkUp));
        let q = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(action_for_key(&m, &q), Some(Action::ToggleHelp));
    }

    #[test]
    fn control_keys_work_everywhere_and_do_not_type() {
        let tl = crate::app::tests::embedded();
        let mut m = model(&tl);
        let c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for focus in [
            Focus::Events,
            Focus::Query,
            Focus::Facets,
            Focus::FacetSearch,
            Focus::Detail,
        ] {
            m.focus = focus;
            assert_eq!(action_for_key(&m, &c), Some(Action::Quit), "{focus:?}");
        }
        m.focus = Focus::Query;
        let x = press(KeyCode::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(action_for_key(&m, &x), None);
        m.overlay = Some(crate::app::Overlay::Keys);
        assert_eq!(action_for_key(&m, &c), Some(Action::Quit));
    }

    #[test]
    fn releases_are_ignored() {
        let tl = crate::app::tests::embedded();
        let m = model(&tl);
        let mut j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        j.kind = KeyEventKind::Release;
        assert_eq!(action_for_key(&m, &j), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_scopes_consulted_together() {
        for group in SCOPE_GROUPS {
            // The most specific scope may override a broader one on purpose
            // (Facets' `/`); within one scope a key must be unique.
            for &scope in group {
                let keys: Vec<Key> = BINDINGS
                    .iter()
                    .filter(|b| b.scope == scope)
                    .flat_map(|b| b.keys.iter().copied())
                    .collect();
                for (i, k) in keys.iter().enumerate() {
                    assert!(!keys[..i].contains(k), "{k:?} bound twice in {scope:?}");
                }
            }
        }
    }

    #[test]
    fn labels_read_like_the_docs() {
        assert_eq!(key_label(&ctrl('w')), "Ctrl-W");
        assert_eq!(key_label(&key(PageDown)), "PgDn");
        assert_eq!(key_label(&ch(' ')), "Space");
        assert_eq!(key_label(&alt(Backspace)), "Alt-Backspace");
        assert_eq!(key_label(&alt(KeyCode::Char('b'))), "Alt-B");
        assert_eq!(key_label(&ctrl_key(Left)), "Ctrl-←");
        assert_eq!(key_label(&key(KeyCode::F(1))), "F1");
    }

    #[test]
    fn mouse_map() {
        let ev = |kind| MouseEvent {
            kind,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        };
        assert_eq!(
            action_for_mouse(&ev(MouseEventKind::Down(MouseButton::Left))),
            Some(Action::Click(3, 4))
        );
        assert_eq!(
            action_for_mouse(&ev(MouseEventKind::ScrollDown)),
            Some(Action::Wheel(3, 4, true))
        );
        assert_eq!(action_for_mouse(&ev(MouseEventKind::Moved)), None);
    }

    fn user(scope: Scope, name: &str, action: &str) -> UserBinding {
        let key = crate::app::names::parse_key(name).unwrap();
        let action = crate::app::names::parse_action(action, scope).unwrap();
        UserBinding { scope, key, action }
    }

    fn does(keymap: &Keymap, scopes: &[Scope], name: &str) -> Option<Option<Action>> {
        let key = crate::app::names::parse_key(name).unwrap();
        keymap.lookup(scopes, &key).map(|a| a.cloned())
    }

    const QUERY: &[Scope] = &[Query, Text, Everywhere];
    const EVENTS: &[Scope] = &[Events, Lists, Everywhere];
    const FACETS: &[Scope] = &[Facets, Lists, Everywhere];
    const DETAIL: &[Scope] = &[Detail, Lists, Everywhere];
    const HELP: &[Scope] = &[Help, Everywhere];

    #[test]
    fn the_default_keymap_is_the_table() {
        let keymap = Keymap::default();
        let keys: usize = BINDINGS.iter().map(|b| b.keys.len()).sum();
        let rows: usize = keymap.rows().iter().map(|r| r.keys.len()).sum();
        assert_eq!(rows, keys);
        assert_eq!(
            does(&keymap, QUERY, "ctrl-j"),
            Some(Some(Action::Move(Move::Down)))
        );
    }

    #[test]
    fn a_users_key_wins_over_the_defaults_in_its_scope_and_those_under_it() {
        let keymap = Keymap::with(&[
            user(Everywhere, "ctrl-j", "accept"),
            user(Lists, "j", "page-down"),
            user(Events, "enter", "toggle-mark"),
            user(Lists, "q", "ignore"),
        ]);
        // Ctrl-J moved down on the query line: the user's Everywhere wins.
        assert_eq!(does(&keymap, QUERY, "ctrl-j"), Some(Some(Action::Accept)));
        assert_eq!(does(&keymap, HELP, "ctrl-j"), Some(Some(Action::Accept)));
        // A letter bound for browsing moves what each pane shows, and
        // leaves the query line, where it types, alone.
        assert_eq!(
            does(&keymap, EVENTS, "j"),
            Some(Some(Action::Move(Move::PageDown)))
        );
        assert_eq!(
            does(&keymap, FACETS, "j"),
            Some(Some(Action::FacetMove(Move::PageDown)))
        );
        assert_eq!(
            does(&keymap, DETAIL, "j"),
            Some(Some(Action::DetailScroll(Move::PageDown)))
        );
        assert_eq!(does(&keymap, QUERY, "j"), None);
        assert_eq!(
            does(&keymap, HELP, "j"),
            Some(Some(Action::HelpScroll(Move::Down)))
        );
        // One pane's binding stays in that pane.
        assert_eq!(
            does(&keymap, EVENTS, "enter"),
            Some(Some(Action::ToggleMark))
        );
        assert_eq!(does(&keymap, QUERY, "enter"), Some(Some(Action::Accept)));
        // `ignore` unbinds: q no longer quits, but still closes the help.
        assert_eq!(does(&keymap, EVENTS, "q"), Some(None));
        assert_eq!(does(&keymap, HELP, "q"), Some(Some(Action::ToggleHelp)));
        // The help lists the user's keys first, and not the ones they replaced.
        let help = keymap.help_lines();
        assert_eq!(
            help[0],
            HelpLine::Heading("Your keys (from the config file)")
        );
        let section = |title: &'static str| {
            help.iter()
                .skip_while(|l| **l != HelpLine::Heading(title))
                .take_while(|l| **l != HelpLine::Blank)
                .cloned()
                .collect::<Vec<_>>()
        };
        let mine = section("Your keys (from the config file)");
        assert_eq!(
            mine[1..],
            [
                HelpLine::Keys(
                    "Ctrl-J".into(),
                    "print the marked events (else the current one) and exit".into()
                ),
                HelpLine::Keys("j".into(), "browsing: page down".into()),
                HelpLine::Keys("q".into(), "browsing: nothing (unbound)".into()),
                HelpLine::Keys(
                    "Enter".into(),
                    "events: mark / unmark the event (multi-select), then move down".into()
                ),
            ]
        );
        let events = section(Events.title());
        assert!(
            events.contains(&HelpLine::Keys("j".into(), "page down".into())),
            "{events:?}"
        );
        assert!(
            events.contains(&HelpLine::Keys("↓".into(), "next event".into())),
            "{events:?}"
        );
        assert!(
            !events
                .iter()
                .any(|l| matches!(l, HelpLine::Keys(_, h) if h.contains("and exit"))),
            "{events:?}"
        );
        // The hints too: in the list Ctrl-J prints (Enter marks), Ctrl-C quits.
        let hints = keymap.hints(Focus::Events, false, true);
        assert!(hints.contains(&("Ctrl-J".to_owned(), "print")), "{hints:?}");
        assert!(hints.contains(&("Ctrl-C".to_owned(), "quit")), "{hints:?}");
        let hints = keymap.hints(Focus::Query, false, true);
        assert!(hints.contains(&("Enter".to_owned(), "print")), "{hints:?}");
    }

    #[test]
    fn scope_groups_are_every_list_consulted() {
        for focus in [
            Focus::Events,
            Focus::Query,
            Focus::Facets,
            Focus::FacetSearch,
            Focus::Detail,
        ] {
            for (help, range) in [(false, false), (true, false), (false, true)] {
                let scopes = scopes_for(focus, help, range);
                assert!(SCOPE_GROUPS.contains(&scopes), "{scopes:?}");
            }
        }
    }

    #[test]
    fn a_later_binding_of_the_same_key_wins() {
        let keymap = Keymap::with(&[user(Events, "x", "quit"), user(Events, "x", "zoom-in")]);
        assert_eq!(does(&keymap, EVENTS, "x"), Some(Some(Action::ZoomIn)));
        // A pane's binding wins over a broad one, in whatever order.
        let keymap = Keymap::with(&[
            user(Events, "ctrl-x", "quit"),
            user(Everywhere, "ctrl-x", "zoom-in"),
        ]);
        assert_eq!(does(&keymap, EVENTS, "ctrl-x"), Some(Some(Action::Quit)));
        assert_eq!(does(&keymap, QUERY, "ctrl-x"), Some(Some(Action::ZoomIn)));
    }

    #[test]
    fn docs_keys_md_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");
        let expected = keys_markdown();
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        if actual != expected {
            if std::env::var_os("TLX_UPDATE_DOCS").is_some() {
                std::fs::write(path, &expected).unwrap();
            } else {
                panic!("docs/keys.md is stale: run `TLX_UPDATE_DOCS=1 cargo test docs_keys_md`");
            }
        }
    }
}
