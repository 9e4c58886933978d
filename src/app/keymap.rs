//! The key map: one table of (scope, keys) → action, and the mouse map.
//! The help overlay and `docs/keys.md` are generated from the same table.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

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
        }
    }

    /// Scopes in help order.
    pub const ALL: [Scope; 10] = [
        Scope::Query,
        Scope::Text,
        Scope::Events,
        Scope::Lists,
        Scope::Facets,
        Scope::FacetSearch,
        Scope::Detail,
        Scope::Range,
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
use Scope::{Detail, Events, Everywhere, FacetSearch, Facets, Help, Lists, Query, Range, Text};

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
    // Events list.
    bind(Events, DOWN, Action::Move(Move::Down), "next event"),
    bind(Events, UP, Action::Move(Move::Up), "previous event"),
    bind(Events, PAGE_DOWN, Action::Move(Move::PageDown), "page down"),
    bind(Events, PAGE_UP, Action::Move(Move::PageUp), "page up"),
    bind(Events, TOP, Action::Move(Move::Top), "first event"),
    bind(Events, BOTTOM, Action::Move(Move::Bottom), "last event"),
    bind(Events, &[ch(' '), key(Tab)], Action::ToggleMark, "mark / unmark the event (multi-select), then move down"),
    bind(Events, &[key(BackTab)], Action::ToggleMarkUp, "mark / unmark the event, then move up"),
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
        "select an event, toggle a facet entry, focus a pane",
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

/// The scopes consulted for the model's state, most specific first.
pub fn scopes(model: &Model) -> &'static [Scope] {
    scopes_for(model.focus(), model.help(), model.selection().is_some())
}

/// The scopes consulted with `focus` (and the help overlay shown or not),
/// most specific first.
fn scopes_for(focus: Focus, help: bool, range: bool) -> &'static [Scope] {
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
    for scope in scopes {
        if let Some(b) = BINDINGS
            .iter()
            .find(|b| b.scope == *scope && b.keys.contains(&pressed))
        {
            return Some(b.action.clone());
        }
    }
    match pressed.code {
        KeyCode::Char(c) if pressed.mods.is_empty() && scopes.contains(&Text) => {
            Some(Action::Edit(Edit::Insert(c)))
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

/// The key table as sections of (keys, description), in help order.
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let mut sections: Vec<(&'static str, Vec<(String, &'static str)>)> = Scope::ALL
        .iter()
        .map(|&scope| {
            let rows = BINDINGS
                .iter()
                .filter(|b| b.scope == scope)
                .map(|b| {
                    let keys: Vec<String> = b.keys.iter().map(key_label).collect();
                    (keys.join(" "), b.help)
                })
                .collect();
            (scope.title(), rows)
        })
        .collect();
    sections.push((
        "Mouse",
        MOUSE_HELP.iter().map(|&(k, h)| (k.to_owned(), h)).collect(),
    ));
    sections
}

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// Between sections.
    Blank,
    /// A section's title.
    Heading(&'static str),
    /// Keys and what they do.
    Keys(String, &'static str),
}

/// The help overlay's lines: the key table's sections, a blank line apart.
pub fn help_lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    for (title, rows) in help_sections() {
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
        (&[Action::Accept], "print"),
        (&[Action::Back], "back"),
        (&[Action::ToggleHelp], "help"),
    ]),
];

/// The status line's key hints where the focus is (or over the help
/// overlay): `(keys, word)`, most useful first.
/// Without `multi` (`--no-multi`), marking is not offered.
pub fn hints(focus: Focus, help: bool, multi: bool) -> Vec<(String, &'static str)> {
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
                .map(|a| hint_key(scopes, a))
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
fn hint_key(scopes: &[Scope], action: &Action) -> Option<String> {
    let keys: Vec<&Key> = scopes
        .iter()
        .flat_map(|scope| {
            BINDINGS
                .iter()
                .filter(move |b| b.scope == *scope && b.action == *action)
        })
        .flat_map(|b| b.keys.iter())
        .collect();
    let plain = keys
        .iter()
        .find(|k| k.mods.is_empty() && matches!(k.code, KeyCode::Char(_)));
    plain.or(keys.first()).map(|k| key_label(k))
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
        let groups: [&[Scope]; 6] = [
            &[Help, Everywhere],
            &[Events, Lists, Everywhere],
            &[Query, Text, Everywhere],
            &[Facets, Lists, Everywhere],
            &[FacetSearch, Text, Everywhere],
            &[Detail, Lists, Everywhere],
        ];
        for group in groups {
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
