//! Keys and actions by name, as the config file writes them: keys as fzf
//! and television do (`ctrl-r`, `alt-up`, `f5`, `shift-tab`, `q`), actions
//! in kebab-case (`toggle-mark`, `page-down`, `execute:TEMPLATE`).

use crossterm::event::{KeyCode, KeyModifiers};

use super::action::{Action, Move};
use super::keymap::{Key, Scope};
use super::line::Edit;

/// Named keys: the name `--print-config` writes first, then aliases.
const NAMED: &[(&[&str], KeyCode)] = &[
    (&["enter", "return"], KeyCode::Enter),
    (&["esc", "escape"], KeyCode::Esc),
    (&["tab"], KeyCode::Tab),
    (&["shift-tab", "btab", "backtab"], KeyCode::BackTab),
    (&["space"], KeyCode::Char(' ')),
    (&["backspace", "bspace", "bs"], KeyCode::Backspace),
    (&["del", "delete"], KeyCode::Delete),
    (&["insert", "ins"], KeyCode::Insert),
    (&["up"], KeyCode::Up),
    (&["down"], KeyCode::Down),
    (&["left"], KeyCode::Left),
    (&["right"], KeyCode::Right),
    (&["home"], KeyCode::Home),
    (&["end"], KeyCode::End),
    (&["pgup", "page-up", "pageup"], KeyCode::PageUp),
    (&["pgdn", "page-down", "pagedown"], KeyCode::PageDown),
];

/// A key from its name: `ctrl-r`, `alt-o`, `alt-up`, `f5`, `enter`,
/// `shift-tab`, `space`, `pgdn`, or one character (`q`, `?`, `G`).
pub fn parse_key(name: &str) -> Result<Key, String> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = name;
    loop {
        let lower = rest.to_ascii_lowercase();
        let (prefix, m) = if lower.starts_with("ctrl-") {
            ("ctrl-", KeyModifiers::CONTROL)
        } else if lower.starts_with("alt-") {
            ("alt-", KeyModifiers::ALT)
        } else {
            break;
        };
        // `ctrl--` is Ctrl and the minus key; `alt-` alone is no key.
        if rest.len() == prefix.len() {
            break;
        }
        mods |= m;
        rest = &rest[prefix.len()..];
    }
    let lower = rest.to_ascii_lowercase();
    let mut chars = rest.chars();
    let code = if let (Some(c), None) = (chars.next(), chars.next()) {
        KeyCode::Char(c)
    } else if let Some(&(_, code)) = NAMED
        .iter()
        .find(|(names, _)| names.contains(&lower.as_str()))
    {
        code
    } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
        && (1..=24).contains(&n)
    {
        KeyCode::F(n)
    } else {
        return Err(format!(
            "unknown key \"{name}\" (keys: a character such as q or ?, ctrl-X, alt-X, f1…f24, \
             enter, esc, tab, shift-tab, space, backspace, del, up, down, left, right, home, \
             end, pgup, pgdn; ctrl- and alt- combine with any)"
        ));
    };
    // The key map folds Shift into the character and lowers it under Ctrl.
    let code = match code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        code => code,
    };
    if code == KeyCode::BackTab && !mods.is_empty() {
        return Err(format!(
            "unknown key \"{name}\": shift-tab takes no ctrl- or alt-"
        ));
    }
    Ok(Key { code, mods })
}

/// A key's name as [`parse_key`] reads it.
pub fn key_name(key: &Key) -> String {
    let mut out = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        out.push_str("ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("alt-");
    }
    match key.code {
        KeyCode::Char(' ') => out.push_str("space"),
        KeyCode::Char(c) => out.push(c),
        KeyCode::F(n) => out.push_str(&format!("f{n}")),
        code => match NAMED.iter().find(|(_, k)| *k == code) {
            Some((names, _)) => out.push_str(names[0]),
            None => out.push_str(&format!("{code:?}").to_ascii_lowercase()),
        },
    }
    out
}

const MOVES: [(&str, Move); 6] = [
    ("up", Move::Up),
    ("down", Move::Down),
    ("page-up", Move::PageUp),
    ("page-down", Move::PageDown),
    ("top", Move::Top),
    ("bottom", Move::Bottom),
];

const EDITS: [(&str, Edit); 12] = [
    ("backward-delete-char", Edit::Backspace),
    ("delete-char", Edit::Delete),
    ("backward-kill-word", Edit::DeleteWord),
    ("unix-line-discard", Edit::DeleteToStart),
    ("kill-word", Edit::DeleteWordRight),
    ("yank", Edit::Yank),
    ("backward-char", Edit::Left),
    ("forward-char", Edit::Right),
    ("beginning-of-line", Edit::Home),
    ("end-of-line", Edit::End),
    ("backward-word", Edit::WordLeft),
    ("forward-word", Edit::WordRight),
];

/// Actions that take no argument, by name.
const SIMPLE: &[(&str, Action)] = &[
    ("accept", Action::Accept),
    ("quit", Action::Quit),
    ("back", Action::Back),
    ("toggle-mark", Action::ToggleMark),
    ("toggle-mark-up", Action::ToggleMarkUp),
    ("select-all", Action::SelectAll),
    ("clear-marks", Action::ClearMarks),
    ("focus-query", Action::FocusQuery),
    ("focus-facet-search", Action::FocusFacetSearch),
    ("focus-next", Action::FocusNext),
    ("focus-prev", Action::FocusPrev),
    ("submit", Action::Submit),
    ("toggle-facet", Action::ToggleFacet),
    ("clear-filters", Action::ClearFacets),
    ("prev-period", Action::PrevYear),
    ("next-period", Action::NextYear),
    ("zoom-in", Action::ZoomIn),
    ("zoom-out", Action::ZoomOut),
    ("zoom-fit", Action::ZoomFit),
    ("cycle-lanes", Action::CycleLanes),
    ("cycle-sort", Action::CycleSort),
    ("start-range", Action::StartRange),
    ("range-later", Action::ExtendRange(true)),
    ("range-earlier", Action::ExtendRange(false)),
    ("confirm-range", Action::ConfirmRange),
    ("cancel-range", Action::CancelRange),
    ("toggle-help", Action::ToggleHelp),
    ("toggle-warnings", Action::ToggleWarnings),
    ("history-prev", Action::HistoryPrev),
    ("history-next", Action::HistoryNext),
    ("reload", Action::Reload),
    ("open", Action::Open),
    ("copy", Action::Copy),
    ("choose", Action::ChoiceAccept),
    ("close-choice", Action::ChoiceCancel),
    ("suspend", Action::Suspend),
];

/// The prefix of the action that runs a command.
const EXECUTE: &str = "execute:";

/// The names a binding may use, for error messages.
pub fn action_names() -> Vec<String> {
    let mut names: Vec<String> = MOVES.iter().map(|(n, _)| (*n).to_owned()).collect();
    names.extend(SIMPLE.iter().map(|(n, _)| (*n).to_owned()));
    names.extend(EDITS.iter().map(|(n, _)| (*n).to_owned()));
    names.push(format!("{EXECUTE}COMMAND"));
    names.push("ignore".to_owned());
    names
}

/// An action's config name; `None` for what no key can do (mouse,
/// resizes, pastes and typed characters).
pub fn action_name(action: &Action) -> Option<String> {
    let moved = |m: &Move| {
        MOVES
            .iter()
            .find(|(_, k)| k == m)
            .map(|(n, _)| (*n).to_owned())
    };
    match action {
        Action::Move(m)
        | Action::FacetMove(m)
        | Action::DetailScroll(m)
        | Action::HelpScroll(m)
        | Action::ChoiceMove(m) => moved(m),
        Action::Edit(e) => EDITS
            .iter()
            .find(|(_, k)| k == e)
            .map(|(n, _)| (*n).to_owned()),
        Action::Execute(template) => Some(format!("{EXECUTE}{template}")),
        other => SIMPLE
            .iter()
            .find(|(_, a)| a == other)
            .map(|(n, _)| (*n).to_owned()),
    }
}

/// The action `name` stands for in `scope`; `Ok(None)` for `ignore` (or
/// `none`), which unbinds a key. A movement moves what `scope` shows: the
/// events list, the facet list, the detail pane or the help.
pub fn parse_action(name: &str, scope: Scope) -> Result<Option<Action>, String> {
    if matches!(name, "ignore" | "none") {
        return Ok(None);
    }
    if let Some(template) = name.strip_prefix(EXECUTE) {
        if template.trim().is_empty() {
            return Err("execute: needs a command, as execute:echo {id}".to_owned());
        }
        return Ok(Some(Action::Execute(template.to_owned())));
    }
    if let Some(&(_, m)) = MOVES.iter().find(|(n, _)| *n == name) {
        return Ok(Some(move_in(scope, m)));
    }
    if let Some(&(_, e)) = EDITS.iter().find(|(n, _)| *n == name) {
        return Ok(Some(Action::Edit(e)));
    }
    if let Some((_, a)) = SIMPLE.iter().find(|(n, _)| *n == name) {
        return Ok(Some(a.clone()));
    }
    Err(format!(
        "unknown action \"{name}\" (actions: {})",
        action_names().join(", ")
    ))
}

/// A movement as the pane of `scope` carries it out.
pub fn move_in(scope: Scope, m: Move) -> Action {
    match scope {
        Scope::Facets | Scope::FacetSearch => Action::FacetMove(m),
        Scope::Detail => Action::DetailScroll(m),
        Scope::Help => Action::HelpScroll(m),
        Scope::Choice => Action::ChoiceMove(m),
        _ => Action::Move(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::BINDINGS;

    #[test]
    fn keys_read_as_fzf_writes_them() {
        let k = |code, mods| Key { code, mods };
        let cases = [
            ("ctrl-r", k(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            ("CTRL-R", k(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            ("alt-o", k(KeyCode::Char('o'), KeyModifiers::ALT)),
            ("alt-up", k(KeyCode::Up, KeyModifiers::ALT)),
            (
                "ctrl-alt-x",
                k(
                    KeyCode::Char('x'),
                    KeyModifiers::CONTROL | KeyModifiers::ALT,
                ),
            ),
            ("f5", k(KeyCode::F(5), KeyModifiers::NONE)),
            ("enter", k(KeyCode::Enter, KeyModifiers::NONE)),
            ("esc", k(KeyCode::Esc, KeyModifiers::NONE)),
            ("tab", k(KeyCode::Tab, KeyModifiers::NONE)),
            ("shift-tab", k(KeyCode::BackTab, KeyModifiers::NONE)),
            ("btab", k(KeyCode::BackTab, KeyModifiers::NONE)),
            ("space", k(KeyCode::Char(' '), KeyModifiers::NONE)),
            ("left", k(KeyCode::Left, KeyModifiers::NONE)),
            ("pgdn", k(KeyCode::PageDown, KeyModifiers::NONE)),
            ("q", k(KeyCode::Char('q'), KeyModifiers::NONE)),
            ("G", k(KeyCode::Char('G'), KeyModifiers::NONE)),
            ("?", k(KeyCode::Char('?'), KeyModifiers::NONE)),
            ("-", k(KeyCode::Char('-'), KeyModifiers::NONE)),
            ("ctrl--", k(KeyCode::Char('-'), KeyModifiers::CONTROL)),
            ("é", k(KeyCode::Char('é'), KeyModifiers::NONE)),
        ];
        for (name, key) in cases {
            assert_eq!(parse_key(name), Ok(key), "{name}");
        }
        for bad in ["ctrl-", "f0", "f25", "hyper-x", "ctrl-shift-tab", "", "qq"] {
            let err = parse_key(bad).unwrap_err();
            assert!(err.starts_with("unknown key"), "{bad}: {err}");
        }
    }

    #[test]
    fn every_default_key_round_trips_through_its_name() {
        for b in BINDINGS {
            for key in b.keys {
                assert_eq!(parse_key(&key_name(key)).as_ref(), Ok(key), "{key:?}");
            }
        }
    }

    #[test]
    fn every_bindable_action_round_trips_through_its_name() {
        let mut all: Vec<(Scope, Action)> = Vec::new();
        for &m in &MOVES.map(|(_, m)| m) {
            all.push((Scope::Events, Action::Move(m)));
            all.push((Scope::Facets, Action::FacetMove(m)));
            all.push((Scope::Detail, Action::DetailScroll(m)));
            all.push((Scope::Help, Action::HelpScroll(m)));
        }
        all.extend(EDITS.map(|(_, e)| (Scope::Query, Action::Edit(e))));
        all.extend(SIMPLE.iter().map(|(_, a)| (Scope::Everywhere, a.clone())));
        all.push((Scope::Lists, Action::Execute("echo {id}".into())));
        for (scope, action) in &all {
            let name = action_name(action).expect("named");
            assert_eq!(
                parse_action(&name, *scope),
                Ok(Some(action.clone())),
                "{name}"
            );
        }
        // Every default binding's action has a name.
        for b in BINDINGS {
            assert!(action_name(&b.action).is_some(), "{:?}", b.action);
        }
        assert_eq!(parse_action("ignore", Scope::Events), Ok(None));
        assert!(
            parse_action("quitt", Scope::Events)
                .unwrap_err()
                .contains("unknown action \"quitt\"")
        );
        assert!(parse_action("execute:", Scope::Events).is_err());
        assert_eq!(action_name(&Action::Click(1, 2)), None);
    }

    /// Every variant of `Action` is listed here: a new one without a name
    /// fails to compile until it is given one (or said to have none).
    #[test]
    fn every_action_variant_is_considered() {
        fn named(action: &Action) -> bool {
            match action {
                Action::Move(_)
                | Action::FacetMove(_)
                | Action::DetailScroll(_)
                | Action::HelpScroll(_)
                | Action::PrevYear
                | Action::NextYear
                | Action::ToggleMark
                | Action::ToggleMarkUp
                | Action::Accept
                | Action::FocusQuery
                | Action::FocusFacetSearch
                | Action::FocusNext
                | Action::FocusPrev
                | Action::Submit
                | Action::Back
                | Action::ToggleFacet
                | Action::ZoomIn
                | Action::ZoomOut
                | Action::ZoomFit
                | Action::CycleLanes
                | Action::StartRange
                | Action::ExtendRange(_)
                | Action::ConfirmRange
                | Action::CancelRange
                | Action::CycleSort
                | Action::ClearFacets
                | Action::ToggleHelp
                | Action::ToggleWarnings
                | Action::SelectAll
                | Action::ClearMarks
                | Action::HistoryPrev
                | Action::HistoryNext
                | Action::Reload
                | Action::Open
                | Action::Copy
                | Action::Execute(_)
                | Action::ChoiceMove(_)
                | Action::ChoiceAccept
                | Action::ChoiceCancel
                | Action::Quit
                | Action::Suspend => true,
                // Digits pick from the list: read by the key map, not bound.
                Action::ChoicePick(_)
                | Action::Edit(Edit::Insert(_))
                | Action::Paste(_)
                | Action::Resize(..)
                | Action::Click(..)
                | Action::Drag(..)
                | Action::Release(..)
                | Action::Wheel(..) => false,
                Action::Edit(_) => true,
            }
        }
        let samples = [
            Action::PrevYear,
            Action::ExtendRange(false),
            Action::Edit(Edit::Yank),
            Action::Edit(Edit::Insert('x')),
            Action::Wheel(0, 0, true),
        ];
        for a in samples {
            assert_eq!(named(&a), action_name(&a).is_some(), "{a:?}");
        }
    }
}
