//! Acting on events: opening an address (with a choice when the event has
//! several), copying events in the output format, and running a command
//! made from the event's fields. Each leaves `update` as an [`Effect`];
//! the terminal carries it out and says how it went.

use super::Model;
use super::action::Move;
use super::update::Effect;
use crate::osc;
use crate::output::{self, OutputOptions, Template};
use crate::timeline::{Event, Media, Source};

/// The addresses of an event to choose from, shown over the panes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Each address, safe to open and to show (see [`osc::safe_url`]).
    pub addresses: Vec<String>,
    /// The one under the cursor.
    pub cursor: usize,
}

impl Choice {
    /// The list's rows as shown: the first nine numbered for their digit.
    pub fn rows(&self) -> Vec<String> {
        self.addresses
            .iter()
            .enumerate()
            .map(|(i, url)| match i {
                0..9 => format!("{} {url}", i + 1),
                _ => format!("  {url}"),
            })
            .collect()
    }

    /// Where the list is drawn on a screen of `size`.
    pub fn area(&self, size: ratatui::layout::Rect) -> ratatui::layout::Rect {
        let rows = self.rows();
        let widest = rows
            .iter()
            .map(|r| crate::text::columns(r))
            .max()
            .unwrap_or(0);
        super::geometry::choice_area(size, rows.len(), widest)
    }

    /// The first row shown in `height` rows: the cursor's in view, as low as it can be.
    pub fn offset(&self, height: usize) -> usize {
        (self.cursor + 1).saturating_sub(height)
    }
}

/// The most addresses offered: digits pick the first nine, the arrows the rest.
const CHOICES: usize = 30;

/// An event's addresses, in the detail pane's order: its sources', then
/// its media's; once each, and only those safe to open.
pub fn addresses(event: &Event) -> Vec<String> {
    let sources = event.sources.iter().filter_map(Source::url);
    let media = event.media().and_then(Media::url);
    let mut out: Vec<String> = Vec::new();
    for url in sources.chain(media).filter_map(osc::safe_url) {
        if !out.contains(&url) {
            out.push(url);
        }
        if out.len() == CHOICES {
            break;
        }
    }
    out
}

impl Model<'_> {
    /// `o`: opens the current event's address, or offers a choice when it
    /// has several.
    pub(super) fn open(&mut self) -> Option<Effect> {
        let event = &self.timeline.events[self.current()?];
        let mut addresses = addresses(event);
        match addresses.len() {
            0 => self.notice = Some("no address to open".into()),
            1 => return addresses.pop().map(Effect::Open),
            _ => {
                self.choice = Some(Choice {
                    addresses,
                    cursor: 0,
                })
            }
        }
        None
    }

    /// Moves the cursor of the choice list.
    pub(super) fn choice_move(&mut self, m: Move) {
        if let Some(choice) = &mut self.choice {
            let last = choice.addresses.len().saturating_sub(1);
            choice.cursor = match m {
                Move::Up => choice.cursor.checked_sub(1).unwrap_or(last),
                Move::Down if choice.cursor >= last => 0,
                Move::Down => choice.cursor + 1,
                Move::PageUp | Move::Top => 0,
                Move::PageDown | Move::Bottom => last,
            };
        }
    }

    /// Opens the address numbered `n` (from 1) in the choice list, or the
    /// one under its cursor; the list closes.
    pub(super) fn choose(&mut self, n: Option<usize>) -> Option<Effect> {
        let choice = self.choice.as_ref()?;
        let index = match n {
            Some(n) => n.checked_sub(1)?,
            None => choice.cursor,
        };
        let url = choice.addresses.get(index)?.clone();
        self.choice = None;
        Some(Effect::Open(url))
    }

    /// `y`: the chosen events (the marked ones, else the current one) in
    /// the output format, for the clipboard.
    pub(super) fn copy(&mut self) -> Option<Effect> {
        if !self.copy {
            self.notice = Some("copying is off (copy = false in the config)".into());
            return None;
        }
        let super::Outcome::Chosen(chosen) = self.chosen() else {
            self.notice = Some("nothing to copy".into());
            return None;
        };
        // As `--format` would print it to a file: exact, no colour, one
        // event a line (NUL ends no record in a clipboard).
        let options = OutputOptions {
            raw: self.raw,
            ..OutputOptions::default()
        };
        let events = match chosen.len() {
            1 => "1 event".to_owned(),
            n => format!("{n} events"),
        };
        let mut text = Capped::default();
        let written =
            output::write_events(&mut text, self.timeline, &chosen, &self.format, &options);
        let notice = match &written {
            Ok(()) => format!("copied {events} ({})", size(text.bytes.len())),
            Err(_) if text.over => format!(
                "not copied: {events}, over {}, the most a terminal's clipboard takes",
                size(osc::CLIPBOARD_MAX)
            ),
            Err(e) => format!("cannot copy: {e}"),
        };
        self.notice = Some(notice.into());
        written.ok().map(|()| Effect::Copy(text.bytes))
    }

    /// Runs `template` filled in with the current event's fields, each
    /// quoted for the shell.
    pub(super) fn execute(&mut self, template: &str) -> Option<Effect> {
        let template = match Template::command(template) {
            Ok(t) => t,
            Err(e) => {
                self.notice = Some(format!("execute: {}", crate::text::line(&e)).into());
                return None;
            }
        };
        let Some(index) = self.current() else {
            self.notice = Some("no event to run the command on".into());
            return None;
        };
        let event = &self.timeline.events[index];
        Some(Effect::Execute(
            template.shell_command(self.timeline, event),
        ))
    }
}

/// Bytes written up to [`osc::CLIPBOARD_MAX`]: past it, writing fails, so
/// copying a million marked events stops at the cap instead of first
/// writing them all.
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    /// A write would have gone past the cap.
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > osc::CLIPBOARD_MAX {
            self.over = true;
            return Err(std::io::Error::other("over the clipboard's cap"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A size in bytes as people read it: `312 bytes`, `14.2 KB`.
fn size(bytes: usize) -> String {
    match bytes {
        0..1000 => format!("{bytes} bytes"),
        _ => format!("{:.1} KB", bytes as f64 / 1000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::harness;
    use crate::app::{Action, Options, Runtime, update};
    use crate::search::Criteria;
    use crate::timeline::{Timeline, parse};

    /// Three events: none, one and three addresses (one of them refused).
    fn timeline() -> Timeline {
        let json = r#"{"events": [
          {"id": "none", "date": "2020", "title": "No address",
           "sources": [{"url": "javascript:alert(1)"}]},
          {"id": "one", "date": "2021", "title": "One address",
           "sources": [{"url": "https://example.org/one"}]},
          {"id": "two", "date": "2022", "title": "Two ad'dresses $(touch x)",
           "sources": [{"url": "https://example.org/a"}, {"url": "https://evil/\u001b]2;t\u0007"},
                       {"url": "https://example.org/a"}],
           "media": {"url": "https://example.org/media.jpg"}}
        ]}"#;
        parse("t.json", json.as_bytes()).unwrap()
    }

    fn runtime(tl: &Timeline) -> Runtime<'_> {
        let options = Options {
            multi: true,
            copy: true,
            ..Options::default()
        };
        Runtime::headless(tl, options, 120, 35)
    }

    /// Sends `action` through `update`, returning its effect.
    fn act(rt: &mut Runtime, action: Action) -> Option<Effect> {
        update(&mut rt.model, action.into())
    }

    /// Puts the cursor on the event with `id`.
    fn go(rt: &mut Runtime, id: &str) {
        let row = rt
            .model
            .hits
            .iter()
            .position(|h| rt.model.timeline.events[h.index as usize].id() == id)
            .unwrap();
        rt.model.set_cursor(row);
    }

    #[test]
    fn no_address_says_so_and_one_opens_at_once() {
        let tl = timeline();
        let mut rt = runtime(&tl);
        go(&mut rt, "none");
        assert!(act(&mut rt, Action::Open).is_none());
        assert_eq!(rt.model.notice(), Some("no address to open"));
        assert_eq!(rt.model.choice(), None);
        go(&mut rt, "one");
        assert!(matches!(
            act(&mut rt, Action::Open),
            Some(Effect::Open(url)) if url == "https://example.org/one"
        ));
        assert_eq!(rt.model.choice(), None);
    }

    #[test]
    fn several_addresses_offer_a_choice_that_keys_move_and_pick() {
        let tl = timeline();
        let mut rt = runtime(&tl);
        go(&mut rt, "two");
        assert!(act(&mut rt, Action::Open).is_none());
        let choice = rt.model.choice().unwrap();
        // Once each, the refused one left out, the media's last.
        assert_eq!(
            choice.addresses,
            ["https://example.org/a", "https://example.org/media.jpg"]
        );
        assert_eq!(choice.cursor, 0);
        act(&mut rt, Action::ChoiceMove(Move::Down));
        assert_eq!(rt.model.choice().unwrap().cursor, 1);
        act(&mut rt, Action::ChoiceMove(Move::Down));
        assert_eq!(rt.model.choice().unwrap().cursor, 0, "wraps around");
        act(&mut rt, Action::ChoiceMove(Move::Up));
        assert!(matches!(
            act(&mut rt, Action::ChoiceAccept),
            Some(Effect::Open(url)) if url.ends_with("media.jpg")
        ));
        assert_eq!(rt.model.choice(), None);
        // A digit picks by number; one past the list does nothing.
        act(&mut rt, Action::Open);
        assert!(act(&mut rt, Action::ChoicePick(3)).is_none());
        assert!(rt.model.choice().is_some());
        assert!(matches!(
            act(&mut rt, Action::ChoicePick(1)),
            Some(Effect::Open(url)) if url == "https://example.org/a"
        ));
        // Esc closes it, opening nothing.
        act(&mut rt, Action::Open);
        assert!(act(&mut rt, Action::ChoiceCancel).is_none());
        assert_eq!(rt.model.choice(), None);
    }

    #[test]
    fn a_click_on_a_row_of_the_choice_opens_it_and_elsewhere_closes_it() {
        let tl = timeline();
        let mut rt = runtime(&tl);
        go(&mut rt, "two");
        act(&mut rt, Action::Open);
        let area = rt.model.choice().unwrap().area(rt.model.size());
        let inner = crate::app::geometry::inner(area);
        assert!(matches!(
            act(&mut rt, Action::Click(inner.x + 3, inner.y + 1)),
            Some(Effect::Open(url)) if url.ends_with("media.jpg")
        ));
        act(&mut rt, Action::Open);
        assert!(act(&mut rt, Action::Click(area.x.saturating_sub(1), area.y)).is_none());
        assert_eq!(rt.model.choice(), None);
    }

    #[test]
    fn copy_writes_the_output_format_and_counts_the_bytes() {
        let tl = timeline();
        let mut rt = runtime(&tl);
        rt.model.format = "{id}".parse().unwrap();
        go(&mut rt, "one");
        let Some(Effect::Copy(text)) = act(&mut rt, Action::Copy) else {
            panic!("no copy");
        };
        assert_eq!(text, b"one\n");
        assert_eq!(rt.model.notice(), Some("copied 1 event (4 bytes)"));
        // Marked events, in the list's order.
        rt.model.marks.extend([0, 2]);
        let Some(Effect::Copy(text)) = act(&mut rt, Action::Copy) else {
            panic!("no copy");
        };
        assert_eq!(text, b"none\ntwo\n");
        assert_eq!(rt.model.notice(), Some("copied 2 events (9 bytes)"));
        rt.model.copy = false;
        assert!(act(&mut rt, Action::Copy).is_none());
        assert_eq!(
            rt.model.notice(),
            Some("copying is off (copy = false in the config)")
        );
    }

    #[test]
    fn copy_refuses_more_than_a_terminal_takes() {
        let big = "x".repeat(osc::CLIPBOARD_MAX);
        let json = format!(r#"{{"events": [{{"id": "a", "date": "2020", "title": "{big}"}}]}}"#);
        let tl = parse("t.json", json.as_bytes()).unwrap();
        let mut rt = runtime(&tl);
        assert!(act(&mut rt, Action::Copy).is_none());
        let notice = rt.model.notice().unwrap();
        assert!(
            notice.starts_with("not copied: 1 event, over 75.0 KB, the most"),
            "{notice}"
        );
    }

    #[test]
    fn execute_quotes_every_field_for_the_shell() {
        let tl = timeline();
        let mut rt = runtime(&tl);
        go(&mut rt, "two");
        let effect = act(
            &mut rt,
            Action::Execute(r"echo {id} {title} >> ids.txt \n".into()),
        );
        let Some(Effect::Execute(command)) = effect else {
            panic!("no command");
        };
        assert_eq!(
            command,
            r"echo 'two' 'Two ad'\''dresses $(touch x)' >> ids.txt \n"
        );
        // The shell reads back exactly the data: nothing in it runs.
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(command.replace(" >> ids.txt \\n", ""))
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.stdout, b"two Two ad'dresses $(touch x)\n");
        assert!(!dir.path().join("x").exists());
        // A bad template is a notice, not a command.
        assert!(act(&mut rt, Action::Execute("echo {nope}".into())).is_none());
        assert!(rt.model.notice().unwrap().starts_with("execute: template"));
    }

    #[test]
    fn quoting_keeps_line_breaks_and_quotes_inside_one_word() {
        let json = r#"{"events": [{"id": "a", "date": "2020", "title": "t",
            "summary": "it's\n$(rm -rf ~)\n`id` \"q\" \\ end"}]}"#;
        let tl = parse("t.json", json.as_bytes()).unwrap();
        let mut rt = runtime(&tl);
        let Some(Effect::Execute(command)) =
            act(&mut rt, Action::Execute("printf %s {summary}".into()))
        else {
            panic!("no command");
        };
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&command)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            "it's\n$(rm -rf ~)\n`id` \"q\" \\ end"
        );
    }

    #[test]
    fn the_runtime_hands_the_effects_to_the_terminal_and_shows_its_report() {
        use crate::app::Control;
        let tl = timeline();
        let mut rt = runtime(&tl);
        rt.model.format = "{id}".parse().unwrap();
        go(&mut rt, "one");
        assert_eq!(
            rt.send(Action::Open),
            Some(Control::Open("https://example.org/one".into()))
        );
        assert_eq!(
            rt.send(Action::Copy),
            Some(Control::Copy(b"one\n".to_vec()))
        );
        assert_eq!(
            rt.send(Action::Execute("echo {id} >> ids.txt".into())),
            Some(Control::Execute("echo 'one' >> ids.txt".into()))
        );
        // What the terminal reports shows, made safe, until the next key.
        rt.notice("the command failed (exit 1)\x1b[2J".into());
        assert_eq!(
            rt.model().notice(),
            Some("the command failed (exit 1)\u{241b}[2J")
        );
        rt.send(Action::Move(Move::Down));
        assert_eq!(rt.model().notice(), None);
    }

    #[test]
    fn nothing_to_act_on_in_an_empty_list() {
        let tl = timeline();
        let mut h = harness(&tl, "zzzzzz", Criteria::default(), true);
        h.runtime.settle().unwrap();
        assert!(h.hits.is_empty());
        assert!(update(&mut h.runtime.model, Action::Open.into()).is_none());
        assert!(update(&mut h.runtime.model, Action::Execute("true".into()).into()).is_none());
    }
}
