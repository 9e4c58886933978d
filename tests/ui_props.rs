//! The explorer's state under random use: random timelines (0 to 500
//! events, partial and extreme dates, wide and control characters) and
//! random bursts of terminal input (keys, mouse, paste, resizes from 0×0
//! to 300×100), fed through the key map and `Burst` as the event loop
//! does. After every burst the invariants hold and the screen draws.

use std::collections::BTreeSet;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use tlx::app::{Control, FacetRow, Model, Options, Outcome, Runtime, keymap};
use tlx::search::{self, Criteria, Query, Sort};
use tlx::timeline::{Facet, Timeline, parse};

/// A small deterministic generator: timelines come from a seed and a size,
/// which proptest shrinks (fewer events, simpler seeds) when a case fails.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Pieces texts are made of: plain, accented, wide, combining, hostile.
const PIECES: &[&str] = &[
    "cloud",
    "Orange",
    "Huawei",
    " ",
    " ",
    "Égypte",
    "pékin",
    "华为",
    "云",
    "🚀",
    "e\u{301}",
    "Ａｂｃ",
    "\t",
    "\n",
    "\r\n",
    "\u{1b}]2;TITLE\u{7}",
    "\u{1b}[31m",
    "\u{9b}2J",
    "\u{7f}",
    "\u{0}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "\u{85}",
    "\u{1b}P1$r\u{1b}\\",
    "'",
    "^",
    "$",
    "!",
    "|",
    "\\",
];

fn text(rng: &mut Rng, max_pieces: u64) -> String {
    if rng.chance(3) {
        return "x".repeat(300);
    }
    (0..rng.below(max_pieces + 1))
        .map(|_| *rng.pick(PIECES))
        .collect()
}

/// A date as written: YYYY, YYYY-MM or YYYY-MM-DD, BCE and huge years too.
fn date(rng: &mut Rng) -> (i64, Option<u8>, Option<u8>) {
    let year = match rng.below(20) {
        0 => *rng.pick(&[
            1_000_000_000_000i64,
            -1_000_000_000_000,
            -13_800_000_000,
            262_000,
        ]),
        1 | 2 => rng.below(6000) as i64 - 3000,
        _ => 1990 + rng.below(40) as i64,
    };
    let year = if year == 0 { 1 } else { year };
    let month = (year.abs() <= 262_000 && rng.chance(60)).then(|| 1 + rng.below(12) as u8);
    let day = (month.is_some() && rng.chance(50)).then(|| 1 + rng.below(28) as u8);
    (year, month, day)
}

fn show((y, m, d): (i64, Option<u8>, Option<u8>)) -> String {
    let sign = if y < 0 { "-" } else { "" };
    let mut s = format!("{sign}{:04}", y.unsigned_abs());
    if let Some(m) = m {
        s.push_str(&format!("-{m:02}"));
        if let Some(d) = d {
            s.push_str(&format!("-{d:02}"));
        }
    }
    s
}

fn event(rng: &mut Rng, i: usize, names: &[String]) -> Value {
    let pick_names = |rng: &mut Rng| -> Vec<String> {
        (0..rng.below(3)).map(|_| rng.pick(names).clone()).collect()
    };
    let d = date(rng);
    let mut e = json!({
        "id": format!("e{i}{}", if rng.chance(5) { text(rng, 2) } else { String::new() }),
        "date": show(d), "approximate": rng.chance(20),
        "title": format!("T{}", text(rng, 6)), "summary": text(rng, 20),
        "kind": text(rng, 1), "place": text(rng, 2),
        "companies": pick_names(rng), "countries": pick_names(rng), "topics": pick_names(rng),
        "people": [text(rng, 2)],
    });
    if rng.chance(3) {
        // TimelineJS, where a year may be any i64.
        let year = *rng.pick(&[i64::MIN, i64::MAX, d.0]);
        e["start_date"] = json!({ "year": year.to_string(), "display_date": text(rng, 2) });
        e["text"] = json!({ "headline": text(rng, 3), "text": text(rng, 4) });
        e["unique_id"] = e["id"].take();
        for native in ["id", "date", "title"] {
            e.as_object_mut().unwrap().remove(native);
        }
        return e;
    }
    if rng.chance(20) {
        let end =
            d.0.checked_add(rng.below(3) as i64)
                .filter(|y| y.signum() == d.0.signum());
        if let Some(y) = end {
            e["end_date"] = json!(show((y, None, None)));
        }
    }
    if rng.chance(30) {
        e["sources"] = json!([{"publisher": text(rng, 2), "title": text(rng, 3),
                               "url": "https://x/\u{1b}]52;c;QQ==\u{7}"}]);
    }
    e
}

/// A timeline of `n` events from `seed`, through the loader.
fn timeline(seed: u64, n: usize) -> Timeline {
    let mut rng = Rng(seed);
    let names: Vec<String> = (0..1 + rng.below(12)).map(|_| text(&mut rng, 2)).collect();
    let events: Vec<Value> = (0..n).map(|i| event(&mut rng, i, &names)).collect();
    let doc = json!({ "title": "generated", "events": events }).to_string();
    parse("generated.json", doc.as_bytes()).expect("a generated timeline loads")
}

fn size() -> impl Strategy<Value = usize> {
    prop_oneof![3 => 0usize..60, 1 => 400usize..=500]
}

fn paste() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        proptest::collection::vec(proptest::sample::select(PIECES), 0..6).prop_map(|v| v.concat()),
    ]
}

fn key(code: KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, mods))
}

/// One terminal event, as crossterm would report it.
fn input() -> impl Strategy<Value = Event> {
    use KeyCode::*;
    let none = KeyModifiers::NONE;
    let commands = proptest::sample::select(
        &[
            'j', 'k', 'g', 'G', ' ', '/', '[', ']', '+', '-', 's', 'c', '?', 'a', 'o', 'é', '华',
            '\'', '^', '$', '!', '|', '\\',
        ][..],
    )
    .prop_map(move |c| key(Char(c), none));
    let specials = proptest::sample::select(
        &[
            Up, Down, PageUp, PageDown, Home, End, Tab, BackTab, Backspace, Delete, Left, Right,
        ][..],
    )
    .prop_map(move |c| key(c, none));
    let controls =
        proptest::sample::select(&['w', 'u', 'a', 'e', 'n', 'p', 'f', 'b', 'h', 'j'][..])
            .prop_map(|c| key(Char(c), KeyModifiers::CONTROL));
    let mouse = (0..4u8, 0u16..310, 0u16..110).prop_map(|(kind, column, row)| {
        let kind = match kind {
            0 | 1 => MouseEventKind::Down(MouseButton::Left),
            2 => MouseEventKind::ScrollDown,
            _ => MouseEventKind::ScrollUp,
        };
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    });
    let resize = prop_oneof![
        (0u16..=300, 0u16..=100),
        proptest::sample::select(&[(0, 0), (1, 1), (1, 30), (80, 1), (2, 3), (300, 100)][..]),
    ]
    .prop_map(|(w, h)| Event::Resize(w, h));
    // Far moves, so that a cursor deep in the list meets a shrinking screen.
    let far = proptest::sample::select(&[End, PageDown, Char('G'), Char(']')][..])
        .prop_map(move |c| key(c, none));
    prop_oneof![
        6 => commands,
        2 => far,
        4 => specials,
        1 => controls,
        3 => mouse,
        2 => resize,
        1 => paste().prop_map(Event::Paste),
        // Rare: they end the session (Enter, Esc, q, Ctrl-C).
        1 => proptest::sample::select(&[Enter, Esc, Char('q')][..]).prop_map(move |c| key(c, none)),
    ]
}

/// What a correct model satisfies after every burst.
fn check(model: &Model) {
    let timeline = model.timeline();
    let n = timeline.events.len();
    // The query line is the query searched.
    assert_eq!(model.criteria().query, Query::parse(model.query().text()));
    // The list is exactly the matching events, in order.
    let expected: Vec<u32> = search::search(timeline, model.criteria(), model.sort())
        .iter()
        .map(|h| h.index)
        .collect();
    let shown: Vec<u32> = model.hits().iter().map(|h| h.index).collect();
    assert_eq!(shown, expected, "the list is not the matching events");
    // The cursor is on a visible event, or there is none.
    match model.current() {
        None => assert!(model.hits().is_empty()),
        Some(i) => {
            assert!(i < n);
            assert!(model.cursor() < model.hits().len());
            let rows = model.list_rows();
            if rows > 0 {
                assert!(
                    model.offset() <= model.cursor() && model.cursor() < model.offset() + rows,
                    "cursor {} outside rows {}..{}",
                    model.cursor(),
                    model.offset(),
                    model.offset() + rows
                );
            }
        }
    }
    // Marks are events of the timeline.
    assert!(model.marks().iter().all(|&m| (m as usize) < n));
    facets_are_consistent(model);
}

/// Every count is the number of events that would match with that value
/// selected (OR within a facet, AND across); the rows show those counts.
fn facets_are_consistent(model: &Model) {
    let timeline = model.timeline();
    let base = Criteria {
        query: model.criteria().query.clone(),
        since: model.criteria().since,
        until: model.criteria().until,
        ..Criteria::default()
    };
    let matching: Vec<u32> = search::search(timeline, &base, Sort::Date)
        .iter()
        .map(|h| h.index)
        .collect();
    let passes = |facet: Facet, event: &tlx::timeline::Event| {
        let selected = model.criteria().selected(facet);
        selected.is_empty() || event.facet(facet).iter().any(|s| selected.contains(s))
    };
    for facet in Facet::ALL {
        let listed = model.counts().get(facet);
        let mut seen = BTreeSet::new();
        for &(sym, count) in listed {
            assert!(seen.insert(sym), "{sym:?} listed twice");
            let expected = matching
                .iter()
                .map(|&i| &timeline.events[i as usize])
                .filter(|e| Facet::ALL.iter().all(|&f| f == facet || passes(f, e)))
                .filter(|e| e.facet(facet).contains(&sym))
                .count();
            assert_eq!(count as usize, expected, "{facet:?} {sym:?}");
        }
        // Every value in use is listed, and every selected one.
        for sym in timeline.facet_values(facet) {
            assert!(seen.contains(sym), "{facet:?} {sym:?} missing");
        }
        let selected = model.criteria().selected(facet);
        for sym in selected
            .iter()
            .filter(|s| (s.0 as usize) < timeline.names.len())
        {
            assert!(seen.contains(sym), "selected {sym:?} missing");
        }
        // OR within the facet: every hit holds some selected value.
        if !selected.is_empty() {
            let sum: usize = listed
                .iter()
                .filter(|(s, _)| selected.contains(s))
                .map(|&(_, c)| c as usize)
                .sum();
            assert!(model.hits().len() <= sum);
        }
    }
    for row in model.facet_rows() {
        if let FacetRow::Entry {
            facet,
            sym,
            count,
            selected,
        } = *row
        {
            let listed = model.counts().get(facet).iter().find(|(s, _)| *s == sym);
            assert_eq!(listed.map(|&(_, c)| c), Some(count));
            assert_eq!(model.criteria().selected(facet).contains(&sym), selected);
        }
    }
    if model
        .facet_rows()
        .iter()
        .any(|r| matches!(r, FacetRow::Entry { .. }))
    {
        assert!(matches!(
            model.facet_rows().get(model.facet_cursor()),
            Some(FacetRow::Entry { .. })
        ));
    }
}

/// Draws at the model's size; the status line starts with `N/M`.
fn draw(model: &Model) {
    let (w, h) = (model.size().width, model.size().height);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| tlx::ui::view(model, f)).unwrap();
    let count = format!(" {}/{} ", model.hits().len(), model.timeline().events.len());
    let status = model.areas().status;
    // (Where the line is cut, its last cell shows `…`.)
    if usize::from(status.width) > count.len() && !model.help() {
        let buffer = terminal.backend().buffer();
        let row: String = (0..count.len() as u16)
            .map(|x| buffer[(status.x + x, status.y)].symbol().to_string())
            .collect();
        assert_eq!(row, count, "status line");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_use_keeps_the_invariants(
        seed in any::<u64>(),
        n in size(),
        start in (0u16..=300, 0u16..=100),
        bursts in proptest::collection::vec(proptest::collection::vec(input(), 1..4), 1..40),
        query in prop_oneof![Just(String::new()), "[a-z ]{0,4}"],
        // Facet values selected from the command line (`--company X`…),
        // an unknown one (which main passes as a value no event has) too.
        selections in proptest::collection::vec((0..3usize, any::<prop::sample::Index>(), any::<bool>()), 0..5),
        sort in proptest::sample::select(&[Sort::Date, Sort::DateDesc, Sort::Score][..]),
    ) {
        let timeline = timeline(seed, n);
        let mut criteria = Criteria::default();
        for (facet, index, known) in selections {
            let facet = Facet::ALL[facet];
            let values = timeline.facet_values(facet);
            let sym = if known && !values.is_empty() { *index.get(values) } else { tlx::timeline::Sym(u32::MAX) };
            criteria.selected_mut(facet).insert(sym);
        }
        let options = Options { query, criteria, sort, multi: true, color: true, ..Options::default() };
        let mut runtime = Runtime::headless(&timeline, options, start.0, start.1);
        check(runtime.model());
        draw(runtime.model());
        for burst in bursts {
            let mut control = None;
            for event in &burst {
                if let Some(action) = keymap::action_for_event(runtime.model(), event) {
                    control = runtime.send(action);
                }
                if control.is_some() {
                    break;
                }
            }
            // Suspending is the terminal's business; nothing changes here.
            if control.is_none() || control == Some(Control::Suspend) {
                control = runtime.flush().unwrap();
            }
            check(runtime.model());
            draw(runtime.model());
            if let Some(Control::Exit(outcome)) = control {
                // What Enter chooses is in the timeline; then the session ends.
                if let Outcome::Chosen(chosen) = outcome {
                    prop_assert!(!chosen.is_empty());
                    prop_assert!(chosen.iter().all(|&i| i < timeline.events.len()));
                }
                break;
            }
        }
    }
}
