//! The screen as drawn into ratatui's `TestBackend`, compared with
//! reviewed snapshots, plus tiny sizes that must simply not panic.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tlx::app::{Action, Edit, Focus, Move, Options, Runtime, Worker};
use tlx::timeline::{Input, Timeline, load_inputs, parse};
use tlx::ui::view;

fn embedded() -> Timeline {
    load_inputs(&[Input::Embedded]).unwrap().0
}

/// The status line's count with nothing filtered out (`21/21`).
fn total(tl: &Timeline) -> String {
    format!("{0}/{0}", tl.events.len())
}

fn options(color: bool) -> Options {
    Options {
        multi: true,
        color,
        ..Options::default()
    }
}

fn model(tl: &Timeline, w: u16, h: u16) -> Runtime<'_> {
    Runtime::headless(tl, options(true), w, h)
}

/// One action as a burst of one key.
fn dispatch(m: &mut Runtime, action: Action) {
    m.send(action);
    m.flush().unwrap();
}

fn render(m: &Runtime) -> String {
    let size = m.model().size();
    let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    terminal.draw(|f| view(m.model(), f)).unwrap();
    // TestBackend cannot print a zero-width buffer; drawing it is the test.
    if size.width == 0 {
        return String::new();
    }
    terminal.backend().to_string()
}

fn type_text(m: &mut Runtime, s: &str) {
    for c in s.chars() {
        dispatch(m, Action::Edit(Edit::Insert(c)));
    }
}

#[test]
fn main_screen_120x35() {
    let tl = embedded();
    insta::assert_snapshot!(render(&model(&tl, 120, 35)));
}

#[test]
fn main_screen_80x24() {
    let tl = embedded();
    insta::assert_snapshot!(render(&model(&tl, 80, 24)));
}

#[test]
fn main_screen_40x12() {
    let tl = embedded();
    insta::assert_snapshot!(render(&model(&tl, 40, 12)));
}

#[test]
fn main_screen_200x50() {
    let tl = embedded();
    insta::assert_snapshot!(render(&model(&tl, 200, 50)));
}

#[test]
fn help_overlay() {
    let tl = embedded();
    let mut m = model(&tl, 100, 30);
    dispatch(&mut m, Action::ToggleHelp);
    insta::assert_snapshot!(render(&m));
}

/// A config's bindings: listed first in the help, and in the hints.
#[test]
fn help_overlay_with_user_bindings() {
    let tl = embedded();
    let config = tlx::config::Config::parse(
        "[keys]\n\"ctrl-t\" = \"accept\"\nq = \"ignore\"\n[keys.events]\nx = \"toggle-mark\"\n",
        std::path::Path::new("config.toml"),
        &|_| None,
    )
    .unwrap();
    let options = Options {
        keymap: std::sync::Arc::new(config.keymap()),
        ..options(true)
    };
    let mut m = Runtime::headless(&tl, options, 100, 30);
    dispatch(&mut m, Action::Submit);
    dispatch(&mut m, Action::ToggleHelp);
    insta::assert_snapshot!(render(&m));
    dispatch(&mut m, Action::ToggleHelp);
    let status = render(&m).lines().nth(29).unwrap().to_owned();
    assert!(status.contains("x mark"), "{status}");
    assert!(!status.contains("q quit"), "{status}");
}

#[test]
fn load_warnings_counted_then_listed() {
    let tl = embedded();
    let options = Options {
        warnings: vec![
            "a.json:7:5: warning: event \"media-only\": no start_date; skipped".to_owned(),
            "b.jsonl:3:35: warning: event \"c\": date \"2019-13\" is not a valid month; skipped"
                .to_owned(),
        ],
        ..options(true)
    };
    let mut m = Runtime::headless(&tl, options, 80, 24);
    let screen = render(&m);
    let status = screen.lines().nth(23).unwrap();
    assert!(status.contains("2 warnings: F2"), "{status}");
    dispatch(&mut m, Action::ToggleWarnings);
    insta::assert_snapshot!(render(&m));
}

#[test]
fn filtered_by_query_facet_and_marks() {
    let tl = embedded();
    let mut m = model(&tl, 120, 35);
    dispatch(&mut m, Action::FocusQuery);
    type_text(&mut m, "huawei");
    dispatch(&mut m, Action::Submit);
    dispatch(&mut m, Action::FocusPrev);
    assert_eq!(m.model().focus(), Focus::Facets);
    dispatch(&mut m, Action::FocusFacetSearch);
    type_text(&mut m, "togo");
    dispatch(&mut m, Action::Submit);
    dispatch(&mut m, Action::ToggleFacet);
    dispatch(&mut m, Action::FocusNext);
    dispatch(&mut m, Action::ToggleMark);
    dispatch(&mut m, Action::ZoomIn);
    insta::assert_snapshot!(render(&m));
}

#[test]
fn query_line_focused_at_80x24() {
    let tl = embedded();
    let mut m = model(&tl, 80, 24);
    dispatch(&mut m, Action::FocusQuery);
    type_text(&mut m, "orange cloud");
    insta::assert_snapshot!(render(&m));
}

#[test]
fn narrow_detail_and_facets_at_40x12() {
    let tl = embedded();
    let mut m = model(&tl, 40, 12);
    dispatch(&mut m, Action::Move(Move::Down));
    dispatch(&mut m, Action::FocusNext);
    let detail = render(&m);
    dispatch(&mut m, Action::FocusNext);
    let facets = render(&m);
    insta::assert_snapshot!(format!("{detail}\n{facets}"));
}

#[test]
fn empty_result() {
    let tl = embedded();
    let mut m = model(&tl, 80, 24);
    dispatch(&mut m, Action::FocusQuery);
    type_text(&mut m, "zzqqxx");
    insta::assert_snapshot!(render(&m));
}

fn fixture(name: &str) -> Timeline {
    load_inputs(&[Input::Path(
        std::path::Path::new("tests/fixtures").join(name),
    )])
    .unwrap_or_else(|e| panic!("{e}"))
    .0
}

/// BCE years in the list as `300 BCE`, spans across the era with both
/// ends, years under 1000 unpadded; the cursor on Euclid's span.
fn bce_labels(w: u16, h: u16) -> String {
    let tl = fixture("tljs-ancient.json");
    let mut m = model(&tl, w, h);
    for _ in 0..3 {
        dispatch(&mut m, Action::Move(Move::Down));
    }
    let screen = render(&m);
    for label in [
        "585-05-28 BCE",
        "300 BCE → 250 BCE",
        "30 BCE → 150",
        "820 → 830",
    ] {
        assert!(screen.contains(label), "{label} missing:\n{screen}");
    }
    assert!(!screen.contains("-0300 "), "{screen}");
    screen
}

#[test]
fn bce_dates_and_spans_at_120x35() {
    insta::assert_snapshot!(bce_labels(120, 35));
}

#[test]
fn bce_dates_and_spans_at_200x50() {
    insta::assert_snapshot!(bce_labels(200, 50));
}

/// Cosmological years in the list as `13.8 Ga`, `539 Ma`, `315 ka`, and
/// in words in the detail pane; the cursor on the first event.
fn cosmological_labels(w: u16, h: u16) -> String {
    let tl = fixture("tljs-cosmic.json");
    let m = model(&tl, w, h);
    let screen = render(&m);
    for label in [
        "13.8 Ga",
        "13.6 Ga → 13 Ga",
        "539 Ma",
        "315 ka",
        "43000 BCE",
    ] {
        assert!(screen.contains(label), "{label} missing:\n{screen}");
    }
    assert!(screen.contains("13.8 billion years ago"), "{screen}");
    screen
}

#[test]
fn cosmological_years_at_120x35() {
    insta::assert_snapshot!(cosmological_labels(120, 35));
}

#[test]
fn cosmological_years_at_200x50() {
    insta::assert_snapshot!(cosmological_labels(200, 50));
}

/// Hostile and wide text: escapes never reach a cell raw, columns stay aligned.
#[test]
fn hostile_and_wide_text() {
    let json = r#"{"events": [
      {"id": "a", "date": "2020", "title": "evil \u001b]2;TITLE\u0007 title\twith tab"},
      {"id": "b", "date": "2020-05", "title": "华为云 cloud 🚀 launch", "countries": ["中国"]},
      {"id": "c", "date": "2021-01-02", "end_date": "2022", "approximate": true,
       "title": "bidi \u202eevil\u202c and C1 \u009b31m"}
    ]}"#;
    let tl = parse("hostile.json", json.as_bytes()).unwrap();
    let m = model(&tl, 100, 20);
    let screen = render(&m);
    assert!(!screen.chars().any(|c| c.is_control() && c != '\n'));
    assert!(!screen.contains('\u{202e}'));
    insta::assert_snapshot!(screen);
}

#[test]
fn tiny_sizes_never_panic() {
    let tl = embedded();
    for (w, h) in [
        (0, 0),
        (1, 1),
        (1, 20),
        (20, 1),
        (2, 2),
        (3, 3),
        (5, 40),
        (300, 100),
    ] {
        let mut m = model(&tl, w, h);
        render(&m);
        for action in [
            Action::ToggleHelp,
            Action::ToggleHelp,
            Action::FocusNext,
            Action::FocusNext,
            Action::FocusQuery,
            Action::ZoomIn,
            Action::Move(Move::Bottom),
        ] {
            dispatch(&mut m, action);
            render(&m);
        }
    }
}

#[test]
fn every_size_up_to_300x100_renders() {
    let tl = embedded();
    for w in (0..=300).step_by(13) {
        for h in (0..=100).step_by(7) {
            let mut m = model(&tl, w, h);
            dispatch(&mut m, Action::Move(Move::Bottom));
            render(&m);
        }
    }
}

#[test]
fn one_by_one_draws_what_fits() {
    let tl = embedded();
    let screen = render(&model(&tl, 20, 1));
    assert!(screen.contains(&total(&tl)), "{screen}");
}

/// NO_COLOR / `--color never`: emphasis by bold, reverse and underline only.
#[test]
fn monochrome_uses_no_colour() {
    use ratatui::style::Color;
    let tl = embedded();
    let mut m = Runtime::headless(&tl, options(false), 120, 35);
    dispatch(&mut m, Action::FocusQuery);
    type_text(&mut m, "huawei");
    dispatch(&mut m, Action::ToggleMark);
    for help in [false, true] {
        if help {
            dispatch(&mut m, Action::ToggleHelp);
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 35)).unwrap();
        terminal.draw(|f| view(m.model(), f)).unwrap();
        for cell in terminal.backend().buffer().content() {
            assert_eq!(cell.fg, Color::Reset, "{cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{cell:?}");
        }
    }
}

/// Searching on a worker: the query line shows every key at once, the
/// list the previous results, the status line says a search is running.
#[test]
fn deferred_search_shows_the_query_at_once_and_says_searching() {
    let tl = embedded();
    std::thread::scope(|scope| {
        let worker = Worker::spawn(scope, &tl, || {});
        let mut m = Runtime::new(&tl, options(true), Some(worker));
        m.send(Action::Resize(120, 35));
        // Results are shown only when the loop takes them.
        let first = render(&m);
        assert!(first.contains("searching…"), "{first}");
        m.settle().unwrap();
        m.send(Action::FocusQuery);
        for c in "'monaco".chars() {
            m.send(Action::Edit(Edit::Insert(c)));
            m.flush().unwrap();
        }
        let pending = render(&m);
        assert!(pending.contains("'monaco"), "{pending}");
        assert!(pending.contains("searching…"), "{pending}");
        assert!(pending.contains(&total(&tl)), "the earlier list: {pending}");
        m.settle().unwrap();
        let landed = render(&m);
        assert!(!landed.contains("searching…"), "{landed}");
        assert!(!landed.contains(&total(&tl)), "{landed}");
    });
}

/// A row whose match the visible title does not show says where it
/// matched: the field's name and the matching words, highlighted.
#[test]
fn a_row_matched_outside_its_title_says_where() {
    let tl = embedded();
    let mut m = model(&tl, 120, 35);
    type_text(&mut m, "spain");
    let screen = render(&m);
    // The two events tagged Spain: "Spain" is nowhere in their titles.
    let rows = screen
        .lines()
        .filter(|l| l.contains("country: Spain"))
        .count();
    assert_eq!(rows, 2, "{screen}");

    // In the cut-off end of the title: that end is shown (at 80 columns,
    // where the title is cut before "Shanghai").
    let mut m = model(&tl, 80, 24);
    type_text(&mut m, "'shanghai");
    let screen = render(&m);
    let row = screen.lines().find(|l| l.contains("2018-01-26")).unwrap();
    assert!(row.contains("…") && row.contains("Shanghai"), "{row}");

    // A match the title shows needs nothing more.
    let mut m = model(&tl, 120, 35);
    type_text(&mut m, "'togo");
    let screen = render(&m);
    assert!(!screen.contains("country: Togo"), "{screen}");
}

/// The matched characters of a snippet are the highlighted ones.
#[test]
fn a_snippet_highlights_what_matched() {
    let tl = embedded();
    let mut m = model(&tl, 120, 35);
    type_text(&mut m, "spain");
    let mut terminal = Terminal::new(TestBackend::new(120, 35)).unwrap();
    terminal.draw(|f| view(m.model(), f)).unwrap();
    let buf = terminal.backend().buffer();
    let y = (0..35)
        .find(|&y| {
            let row: String = (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect();
            row.contains("country: Spain")
        })
        .unwrap();
    let row: String = (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect();
    let x = row
        .find("Spain")
        .map(|b| row[..b].chars().count() as u16)
        .unwrap();
    let plain = buf[(x - 3, y)].style();
    for dx in 0..5 {
        assert_ne!(buf[(x + dx, y)].style(), plain, "column {}", x + dx);
    }
}

/// The strip and the status line: the last rows of the screen.
fn render_strip(m: &Runtime) -> String {
    let screen = render(m);
    let rows = m.model().areas().strip.height as usize + 1;
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len().saturating_sub(rows)..].join("\n")
}

/// Puts the cursor on the first listed event `pick` accepts.
fn cursor_to(m: &mut Runtime, pick: impl Fn(&tlx::timeline::Event) -> bool) {
    let tl = m.model().timeline();
    let row = m
        .model()
        .hits()
        .iter()
        .position(|h| pick(&tl.events[h.index as usize]))
        .expect("an event to put the cursor on");
    dispatch(m, Action::Move(Move::Top));
    for _ in 0..row {
        dispatch(m, Action::Move(Move::Down));
    }
}

fn zoom_to(m: &mut Runtime, unit: tlx::app::Unit) {
    dispatch(m, Action::ZoomFit);
    for _ in 0..12 {
        if m.model().strip().unit == Some(unit) {
            return;
        }
        let finer = m.model().strip().unit.is_some_and(|u| u > unit);
        dispatch(
            m,
            if finer {
                Action::ZoomIn
            } else {
                Action::ZoomOut
            },
        );
    }
    assert_eq!(m.model().strip().unit, Some(unit));
}

fn year_only(e: &tlx::timeline::Event) -> bool {
    e.date.month().is_none()
}

#[test]
fn strip_year_zoom_cursor_on_a_year_only_event_80x24() {
    let tl = embedded();
    let mut m = model(&tl, 80, 24);
    zoom_to(&mut m, tlx::app::Unit::Years(1));
    cursor_to(&mut m, year_only);
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_month_zoom_cursor_on_a_year_only_event_spans_its_year_120x35() {
    let tl = embedded();
    let mut m = model(&tl, 120, 35);
    zoom_to(&mut m, tlx::app::Unit::Month);
    cursor_to(&mut m, year_only);
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_month_zoom_cursor_on_a_span_120x35() {
    let tl = embedded();
    let mut m = model(&tl, 120, 35);
    zoom_to(&mut m, tlx::app::Unit::Month);
    cursor_to(&mut m, |e| e.end_date.is_some() && e.kind() != "era");
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_day_zoom_80x24() {
    let tl = embedded();
    let mut m = model(&tl, 80, 24);
    zoom_to(&mut m, tlx::app::Unit::Day);
    cursor_to(&mut m, |e| e.date.day().is_some());
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_lanes_by_company_with_the_orange_era_200x50() {
    let tl = embedded();
    let mut m = model(&tl, 200, 50);
    dispatch(&mut m, Action::CycleLanes);
    cursor_to(&mut m, |e| e.kind() == "era");
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_lanes_by_country_120x35() {
    let tl = embedded();
    let mut m = model(&tl, 120, 35);
    dispatch(&mut m, Action::CycleLanes);
    dispatch(&mut m, Action::CycleLanes);
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_lanes_by_country_200x50() {
    let tl = embedded();
    let mut m = model(&tl, 200, 50);
    dispatch(&mut m, Action::CycleLanes);
    dispatch(&mut m, Action::CycleLanes);
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_bce_eras_fit_120x35() {
    let tl = fixture("strip-classical.json");
    let mut m = model(&tl, 120, 35);
    cursor_to(&mut m, |e| e.title().starts_with("Euclid"));
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_bce_eras_by_decades_80x24() {
    let tl = fixture("strip-classical.json");
    let mut m = model(&tl, 80, 24);
    zoom_to(&mut m, tlx::app::Unit::Years(10));
    cursor_to(&mut m, |e| e.title() == "Punic Wars");
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_cosmological_fit_120x35() {
    let tl = fixture("strip-cosmic.json");
    let m = model(&tl, 120, 35);
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_cosmological_eras_200x50() {
    let tl = fixture("strip-cosmic.json");
    let mut m = model(&tl, 200, 50);
    zoom_to(&mut m, tlx::app::Unit::Years(10_000_000));
    cursor_to(&mut m, |e| e.title() == "Chicxulub impact");
    insta::assert_snapshot!(render_strip(&m));
}

#[test]
fn strip_range_being_chosen_then_set_120x35() {
    let tl = embedded();
    let mut m = model(&tl, 120, 35);
    dispatch(&mut m, Action::Submit);
    zoom_to(&mut m, tlx::app::Unit::Month);
    cursor_to(&mut m, |e| {
        e.date.year_number() == 2019 && e.date.month().is_some()
    });
    dispatch(&mut m, Action::StartRange);
    for _ in 0..5 {
        dispatch(&mut m, Action::ExtendRange(true));
    }
    let choosing = render_strip(&m);
    assert!(choosing.contains("choosing "), "{choosing}");
    insta::assert_snapshot!("strip_range_being_chosen_120x35", choosing);
    dispatch(&mut m, Action::ConfirmRange);
    let set = render_strip(&m);
    assert!(set.contains("since 2019-"), "{set}");
    insta::assert_snapshot!("strip_range_set_120x35", set);
}

#[test]
fn strip_monochrome_era_band_and_range_120x35() {
    // Without colour the era band is dotted and the range is marked.
    let tl = fixture("strip-classical.json");
    let mut m = Runtime::headless(&tl, options(false), 120, 35);
    dispatch(&mut m, Action::Submit);
    cursor_to(&mut m, |e| e.title() == "Punic Wars");
    dispatch(&mut m, Action::StartRange);
    for _ in 0..3 {
        dispatch(&mut m, Action::ExtendRange(true));
    }
    insta::assert_snapshot!(render_strip(&m));
}

/// The lighthouse fixtures: a TimelineJS file with media, unknown members
/// and a title slide, and a native file with media.
fn lighthouses() -> Timeline {
    let dir = std::path::Path::new("tests/fixtures");
    let inputs = ["tljs-media.json", "native-media.json"].map(|f| Input::Path(dir.join(f)));
    load_inputs(&inputs).unwrap_or_else(|e| panic!("{e}")).0
}

#[test]
fn media_other_members_and_file_in_the_detail_pane_200x50() {
    let tl = lighthouses();
    let mut m = model(&tl, 200, 50);
    // The first event, North light: every media member, three unknown ones.
    let screen = render(&m);
    for shown in [
        "Events · Harbour lights",
        "Caption    North light, seen from the sea",
        "Credit     K. Keeper",
        "Thumbnail  https://example.org/north-t.jpg",
        "• media.focus: {\"x\":0.5,\"y\":0.3}",
        "• background: {\"color\":\"#333\"}",
        "• type: \"overview\"",
        "File: tests/fixtures/tljs-media.json",
    ] {
        assert!(screen.contains(shown), "{shown:?} not in\n{screen}");
    }
    insta::assert_snapshot!(screen);
    // The slide without a headline, titled by its caption.
    dispatch(&mut m, Action::Move(Move::Down));
    let screen = render(&m);
    assert!(
        screen.contains("South light & its keeper's house"),
        "{screen}"
    );
}

#[test]
fn the_timeline_title_and_description_when_no_event_is_selected_80x24() {
    let tl = lighthouses();
    let mut m = model(&tl, 80, 24);
    dispatch(&mut m, Action::FocusQuery);
    type_text(&mut m, "zzqqxx");
    let screen = render(&m);
    for shown in [
        "Harbour lights",
        "Lighthouses of a made-up coast.",
        "Media      https://example.org/cover.jpg",
    ] {
        assert!(screen.contains(shown), "{shown:?} not in\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

/// Times of day in the list (the column as wide as its widest label, a
/// span within a day ending on its time alone) and the detail pane.
#[test]
fn times_of_day_at_120x35() {
    let tl = fixture("times.json");
    let mut m = model(&tl, 120, 35);
    for _ in 0..7 {
        dispatch(&mut m, Action::Move(Move::Down));
    }
    let screen = render(&m);
    for label in [
        "2019-02-25 10:00 → 12:30       Meeting until lunch",
        "2019-02-25 09:15:30.250Z",
        "2019-02-25 10:00+01:00",
        "2019 → 2020",
    ] {
        assert!(screen.contains(label), "{label} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

/// An end's display date (`Present`) in the detail pane, after the start's.
#[test]
fn end_display_date_in_the_detail_pane() {
    let tl = fixture("tljs-times.json");
    let m = model(&tl, 100, 30);
    let screen = render(&m);
    assert!(
        screen.contains("2001-09 → 2019-02 · “2001-09 — Present”"),
        "{screen}"
    );
}

/// With --no-multi the status line offers no marking; the filters pane's
/// hint says what its key clears.
#[test]
fn hints_follow_what_the_keys_do() {
    let tl = embedded();
    let options = Options {
        multi: false,
        ..options(true)
    };
    let m = Runtime::headless(&tl, options, 160, 30);
    let status = render(&m).lines().nth(29).unwrap().to_owned();
    assert!(status.contains("Enter print"), "{status}");
    assert!(!status.contains("mark"), "{status}");
    let mut m = model(&tl, 160, 30);
    dispatch(&mut m, Action::Submit);
    dispatch(&mut m, Action::FocusPrev);
    assert_eq!(m.model().focus(), Focus::Facets);
    let status = render(&m).lines().nth(29).unwrap().to_owned();
    assert!(status.contains("c clear filters"), "{status}");
    assert!(render(&model(&tl, 160, 30)).contains("Tab mark"));
}

fn addresses() -> Timeline {
    let path = std::path::Path::new("tests/fixtures/addresses.json");
    load_inputs(&[Input::Path(path.into())]).unwrap().0
}

/// The detail pane scrolled to the bottom, on the event whose address is
/// wider than the pane: one line, cut with `…`.
fn long_address_detail(tl: &Timeline, hyperlinks: bool) -> Runtime<'_> {
    let options = Options {
        hyperlinks,
        ..options(true)
    };
    let mut m = Runtime::headless(tl, options, 80, 24);
    dispatch(&mut m, Action::Submit);
    dispatch(&mut m, Action::FocusNext);
    assert_eq!(m.model().focus(), Focus::Detail);
    dispatch(&mut m, Action::DetailScroll(Move::Bottom));
    m
}

#[test]
fn a_long_address_keeps_one_line_in_the_detail_pane_80x24() {
    let tl = addresses();
    let m = long_address_detail(&tl, false);
    let screen = render(&m);
    assert!(
        screen.contains("https://example.org/news/2020/01/a-rather-long-addres…"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// With links on, the address's first cell writes the whole shown text
/// inside an OSC 8 link to the whole address, and covers the cells after it.
#[test]
fn a_long_address_is_an_osc_8_link_to_the_whole_address() {
    use ratatui::buffer::CellDiffOption;
    let tl = addresses();
    let url = tl.events[0].sources[0].url().unwrap().to_owned();
    let mut m = long_address_detail(&tl, true);
    let links = |m: &Runtime| {
        let size = m.model().size();
        let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
        terminal.draw(|f| view(m.model(), f)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        buffer
            .content()
            .iter()
            .filter(|c| c.symbol().starts_with("\x1b]8;;"))
            .map(|c| (c.symbol().to_owned(), c.diff_option))
            .collect::<Vec<_>>()
    };
    let found = links(&m);
    assert_eq!(found.len(), 1, "{found:?}");
    let shown = "https://example.org/news/2020/01/a-rather-long-addres…";
    assert_eq!(
        found[0].0,
        format!("\x1b]8;;{url}\x1b\\{shown}\x1b]8;;\x1b\\")
    );
    assert_eq!(
        found[0].1,
        CellDiffOption::ForcedWidth((shown.chars().count() as u16).try_into().unwrap())
    );
    // Under an overlay, no cell may cover its neighbours: no links.
    dispatch(&mut m, Action::ToggleHelp);
    assert!(links(&m).is_empty());
}

#[test]
fn the_choice_of_addresses_80x24() {
    let tl = addresses();
    let mut m = model(&tl, 80, 24);
    dispatch(&mut m, Action::Move(Move::Down));
    dispatch(&mut m, Action::Open);
    dispatch(&mut m, Action::ChoiceMove(Move::Down));
    let screen = render(&m);
    assert!(screen.contains("2 https://example.com/second?q=a%20b"));
    insta::assert_snapshot!(screen);
}

/// The status line (the last row) as drawn.
fn status_line(m: &Runtime) -> String {
    let screen = render(m);
    screen.lines().last().unwrap_or_default().to_owned()
}

#[test]
fn a_reload_report_shows_in_the_status_line_until_a_key() {
    let tl = embedded();
    for (w, h) in [(80, 24), (120, 35)] {
        let mut m = model(&tl, w, h);
        m.report(Some(tlx::app::Report {
            text: "reloaded: +3 new, 1 changed, 0 removed".to_owned(),
            error: false,
        }));
        let line = status_line(&m);
        assert!(
            line.contains("reloaded: +3 new, 1 changed, 0 removed"),
            "{line}"
        );
        // A resize keeps it; a key takes it away.
        dispatch(&mut m, Action::Resize(w, h));
        assert!(status_line(&m).contains("reloaded: +3 new"));
        dispatch(&mut m, Action::Move(Move::Down));
        assert!(!status_line(&m).contains("reloaded"), "{}", status_line(&m));
    }
}
