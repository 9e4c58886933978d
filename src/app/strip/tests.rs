use super::*;
use crate::app::tests::embedded;
use crate::app::{Action, Move, Options, Runtime};
use crate::timeline::parse;

fn timeline(json: &str) -> Timeline {
    parse("t.json", json.as_bytes()).unwrap()
}

#[test]
fn year_labels_read_as_people_write_them() {
    assert_eq!(year_label(2019), "2019");
    assert_eq!(year_label(843), "843");
    assert_eq!(year_label(7), "7");
    assert_eq!(year_label(50_000_000), "50 Ma CE");
    assert_eq!(year_label(-300), "300 BCE");
    assert_eq!(year_label(-9_999), "9999 BCE");
    assert_eq!(year_label(-12_000), "12000 BCE");
    assert_eq!(year_label(-300_000), "300 ka");
    assert_eq!(year_label(-650_000_000), "650 Ma");
    assert_eq!(year_label(-13_800_000_000), "13.8 Ga");
    assert_eq!(year_label(-4_000_000_000), "4 Ga");
}

#[test]
fn cells_and_dates_agree_across_units() {
    let d = PartialDate::new(2019, Some(2), Some(25)).unwrap();
    for unit in [
        Unit::Day,
        Unit::Month,
        Unit::Quarter,
        Unit::Years(1),
        Unit::Years(10),
    ] {
        let cell = unit.cell_of(&d, false);
        let first = cell_date(unit, cell, false).unwrap();
        let last = cell_date(unit, cell, true).unwrap();
        assert!(first <= d && d.first_day() <= last.last_day(), "{unit:?}");
        assert_eq!(unit.cell_of(&first, false), cell, "{unit:?}");
    }
    // A century BCE is one cell, labelled by its first year.
    let s = Unit::Years(100);
    let c = s.cell_of(&PartialDate::year(-300).unwrap(), false);
    assert_eq!(c, s.cell_of(&PartialDate::year(-201).unwrap(), false));
    assert_ne!(c, s.cell_of(&PartialDate::year(-200).unwrap(), false));
    assert_eq!(year_label(year_cell_start(c, 100)), "300 BCE");
    // Days round-trip through the calendar, BCE included.
    for (y, m, d) in [(2024, 2, 29), (1970, 1, 1), (-44, 3, 15), (1, 1, 1)] {
        let date = PartialDate::new(y, Some(m), Some(d)).unwrap();
        let cell = Unit::Day.cell_of(&date, false);
        assert_eq!(cell_date(Unit::Day, cell, false), Some(date));
    }
}

#[test]
fn the_fast_i64_paths_agree_with_i128() {
    for y in [
        i64::MIN,
        -13_800_000_000,
        -301,
        -300,
        -1,
        1,
        99,
        100,
        2019,
        i64::MAX,
    ] {
        for s in [1i64, 2, 10, 100, 1_000_000_000] {
            assert_eq!(
                i128::from(year_cell_i64(y, s)),
                year_cell(i128::from(y), i128::from(s)),
                "{y} {s}"
            );
        }
    }
    for a in [-1_000_000, -44, 0, 1970, 2024, 999_999_999] {
        for (m, d) in [(1, 1), (2, 29), (12, 31)] {
            assert_eq!(
                i128::from(days_from_civil_i64(a, m, d)),
                days_from_civil(i128::from(a), m, d)
            );
        }
    }
}

#[test]
fn the_ladder_goes_from_minutes_to_aeons_and_back() {
    let mut u = Unit::Minutes(1);
    let mut seen = vec![u];
    while let Some(c) = u.coarser() {
        assert!(c > u);
        u = c;
        seen.push(u);
    }
    assert!(seen.contains(&Unit::Years(10)) && seen.contains(&Unit::Years(1_000_000)));
    assert!(seen.contains(&Unit::Minutes(60)) && seen.contains(&Unit::Day));
    while let Some(f) = u.finer() {
        assert_eq!(seen.pop(), Some(u));
        u = f;
    }
    assert_eq!(u, Unit::Minutes(1));
    assert_eq!(Unit::Minutes(60).name(), "hours");
    assert_eq!(Unit::Minutes(360).name(), "6 hours");
    assert_eq!(Unit::Minutes(15).name(), "15 minutes");
}

#[test]
fn times_of_day_fall_in_their_minute_cells() {
    let d = |s: &str| PartialDate::parse(s).unwrap();
    let hours = Unit::Minutes(60);
    let day = Unit::Day.cell_of(&d("2019-02-25"), false);
    assert_eq!(hours.cell_of(&d("2019-02-25T10:30"), false), day * 24 + 10);
    assert_eq!(hours.cell_of(&d("2019-02-25T00:00"), false), day * 24);
    // A day-only date covers all of its hours.
    assert_eq!(hours.cell_of(&d("2019-02-25"), false), day * 24);
    assert_eq!(hours.cell_of(&d("2019-02-25"), true), day * 24 + 23);
    // A month-only end reaches its last day's last hour.
    assert_eq!(
        hours.cell_of(&d("2019-02"), true),
        (Unit::Day.cell_of(&d("2019-02-28"), false) + 1) * 24 - 1
    );
    // Cells give back dates with times that hold what they cover.
    for unit in MINUTE_STEPS.map(Unit::Minutes) {
        let t = d("2019-02-25T13:47:30");
        let cell = unit.cell_of(&t, false);
        let first = cell_date(unit, cell, false).unwrap();
        let last = cell_date(unit, cell, true).unwrap();
        assert!(
            first.first_day() <= t.first_day() && t.last_day() <= last.last_day(),
            "{unit:?}"
        );
        assert_eq!(unit.cell_of(&first, false), cell, "{unit:?}");
    }
    let s = Selection {
        unit: Unit::Minutes(15),
        anchor: hours.cell_of(&d("2019-02-25T10:00"), false) * 4,
        head: hours.cell_of(&d("2019-02-25T10:00"), false) * 4 + 1,
    };
    let (a, b) = s.dates().unwrap();
    assert_eq!(a.to_string(), "2019-02-25T10:00");
    assert_eq!(b.to_string(), "2019-02-25T10:29");
    // Ticks: midnight is the day's, the hours between by their time.
    let period = hours.tick_period(1);
    assert_eq!(period, 12);
    assert_eq!(
        hours.tick(day * 24, period),
        Some(("25 Feb".to_string(), true))
    );
    assert_eq!(
        hours.tick(day * 24 + 12, period),
        Some(("12:00".to_string(), false))
    );
    assert_eq!(hours.tick(day * 24 + 5, period), None);
    assert_eq!(Unit::Minutes(1).tick_period(1), 10);
}

#[test]
fn a_day_of_times_fits_in_hours_and_zooms_to_minutes() {
    let tl = timeline(
        r#"{"events": [
          {"id": "a", "date": "2019-02-25T08:15", "title": "breakfast"},
          {"id": "b", "date": "2019-02-25T12:30", "end_date": "2019-02-25T14:00", "title": "lunch"},
          {"id": "c", "date": "2019-02-25T19:00", "title": "dinner"}]}"#,
    );
    let extent = Extent::of(&tl);
    assert_eq!(finest(&extent), Unit::Minutes(1));
    assert_eq!(fit_unit(&extent, 100), Unit::Minutes(15));
    assert_eq!(fit_unit(&extent, 20), Unit::Minutes(60));
    let days = timeline(r#"{"events": [{"id": "a", "date": "2019-02-25", "title": "a day"}]}"#);
    assert_eq!(finest(&Extent::of(&days)), Unit::Day);
    assert_eq!(Unit::Day.finer(), Some(Unit::Minutes(360)));
}

#[test]
fn fit_picks_the_finest_unit_that_shows_everything() {
    let tl = embedded();
    assert_eq!(fit_unit(&Extent::of(&tl), 118), Unit::Quarter);
    assert_eq!(fit_unit(&Extent::of(&tl), 30), Unit::Years(1));
    let cosmos = timeline(
        r#"{"events": [
          {"id": "a", "date": "-13800000000", "title": "big bang"},
          {"id": "b", "date": "2024", "title": "now"}]}"#,
    );
    let u = fit_unit(&Extent::of(&cosmos), 80);
    assert_eq!(u, Unit::Years(500_000_000));
    assert_eq!(finest(&Extent::of(&cosmos)), Unit::Month);
}

/// Every tick label in the window, by absolute cell.
fn ticks_of(m: &crate::app::Model) -> Vec<(i128, String)> {
    let s = m.strip();
    s.ticks
        .iter()
        .map(|(i, l, _)| (s.start + *i as i128, l.clone()))
        .collect()
}

#[test]
fn ticks_stay_put_while_the_cursor_moves_and_the_pointer_always_shows() {
    let tl = embedded();
    let mut m = Runtime::headless(&tl, Options::default(), 120, 35);
    for zoom in [Action::ZoomFit, Action::ZoomIn, Action::ZoomIn] {
        m.send(zoom.clone());
        m.send(Action::Move(Move::Top));
        let mut window = m.model().strip().start;
        let mut ticks = ticks_of(m.model());
        for _ in 0..tl.events.len() {
            let s = m.model().strip();
            let c = s.cursor.unwrap();
            assert!((0..s.cells as i128).contains(&c), "{zoom:?} {c}");
            // The window starts on a tick.
            assert_eq!(s.start.rem_euclid(s.period), 0);
            if s.start == window {
                assert_eq!(ticks_of(m.model()), ticks);
            } else {
                window = s.start;
                ticks = ticks_of(m.model());
            }
            m.send(Action::Move(Move::Down));
        }
    }
}

#[test]
fn the_window_scrolls_only_when_the_cursor_leaves_it() {
    let tl = embedded();
    let mut m = Runtime::headless(&tl, Options::default(), 80, 24);
    for _ in 0..5 {
        m.send(Action::ZoomIn);
    }
    assert_eq!(m.model().strip().unit, Some(Unit::Day));
    m.send(Action::Move(Move::Top));
    let mut moves = 0;
    for _ in 0..tl.events.len() {
        let before = m.model().strip().start;
        let was = m.model().strip().cursor.unwrap();
        m.send(Action::Move(Move::Down));
        let s = m.model().strip();
        if s.start != before {
            moves += 1;
            // It moved because the cursor would have left it.
            let abs = s.start + s.cursor.unwrap();
            assert!(!(before..before + s.cells as i128).contains(&abs), "{was}");
        }
    }
    assert!(moves > 0);
}

#[test]
fn year_only_events_cover_their_whole_year_in_month_view_and_spans_their_range() {
    let tl = timeline(
        r#"{"events": [
          {"id": "a", "date": "2018-09", "title": "a"},
          {"id": "b", "date": "2019", "title": "year only"},
          {"id": "c", "date": "2019-02-25", "end_date": "2019-05-02", "title": "a span"},
          {"id": "e", "date": "2018-01", "end_date": "2020-06", "title": "an era", "kind": "era"}]}"#,
    );
    let b = tl.events.iter().find(|e| e.id() == "b").unwrap();
    assert_eq!(event_cells(Unit::Month, b), (2019 * 12, 2019 * 12 + 11));
    assert!(is_vague(Unit::Month, b) && !is_vague(Unit::Years(1), b));
    let c = tl.events.iter().find(|e| e.id() == "c").unwrap();
    assert_eq!(event_cells(Unit::Month, c), (2019 * 12 + 1, 2019 * 12 + 4));
    let hits: Vec<_> = (0..tl.events.len() as u32)
        .map(|index| crate::search::Hit { index, score: 0 })
        .collect();
    let extent = Extent::of(&tl);
    let strip = layout(
        &Input {
            timeline: &tl,
            hits: &hits,
            extent: &extent,
            lane_table: None,
            current: None,
            unit: Unit::Month,
            cell_width: 2,
            start: 2018 * 12,
            width: 80,
            rows: 2,
            lanes: Lanes::One,
            selection: None,
        },
        &mut AllCounts::default(),
    );
    let lane = &strip.lanes[0];
    // The year-only event: vague, every month of 2019.
    assert_eq!(lane.vague_hits[12..24], [1; 12]);
    assert_eq!(lane.vague_hits[11], 0);
    // The span: March to May 2019 (Feb–May), precise.
    assert_eq!(lane.hits[13..17], [1; 4]);
    // The era is a band, not counted.
    assert_eq!(lane.eras.len(), 1);
    assert_eq!((lane.eras[0].first, lane.eras[0].last), (0, 29));
    assert_eq!(lane.hits[0] + lane.others[0], 0);
}

#[test]
fn lanes_take_the_most_frequent_values_and_the_rest_as_others() {
    let tl = embedded();
    let table = lane_values(&tl, Facet::Company, 4);
    let labels = &table.labels;
    assert_eq!(labels.len(), 4);
    assert_eq!(labels[0], "Huawei");
    assert_eq!(labels.last().unwrap(), "others");
    assert_eq!(table.masks.len(), tl.events.len());
    assert!(table.masks.iter().all(|&m| m != 0 && m < 1 << labels.len()));
}

#[test]
fn a_selection_gives_since_and_until_at_the_units_precision() {
    let s = Selection {
        unit: Unit::Month,
        anchor: 2019 * 12 + 5,
        head: 2019 * 12 + 2,
    };
    let (a, b) = s.dates().unwrap();
    assert_eq!(a.to_string(), "2019-03");
    assert_eq!(b.to_string(), "2019-06");
    let s = Selection {
        unit: Unit::Years(100),
        anchor: -3,
        head: -3,
    };
    let (a, b) = s.dates().unwrap();
    assert_eq!((a.year_number(), b.year_number()), (-300, -201));
}

#[test]
fn dragging_on_the_strip_sets_since_and_until_and_c_clears_them() {
    let tl = embedded();
    let mut m = Runtime::headless(&tl, Options::default(), 120, 35);
    let inner = crate::app::geometry::strip_inner(m.model().areas().strip);
    let s = m.model().strip().clone();
    let (from, to) = (s.col(4), s.col(20));
    m.send(Action::Click(inner.x + from, inner.y));
    m.send(Action::Drag(inner.x + from + 3, inner.y));
    m.send(Action::Drag(inner.x + to, inner.y));
    assert!(m.model().selection().is_some());
    m.send(Action::Release(inner.x + to, inner.y));
    assert!(m.model().selection().is_none());
    let unit = s.unit.unwrap();
    let c = m.model().criteria();
    assert_eq!(c.since, cell_date(unit, s.start + 4, false));
    assert_eq!(c.until, cell_date(unit, s.start + 20, true));
    // A click without a drag only moves the cursor.
    m.send(Action::Click(inner.x + from, inner.y));
    m.send(Action::Release(inner.x + from, inner.y));
    assert_eq!(
        m.model().criteria().since,
        cell_date(unit, s.start + 4, false)
    );
    m.send(Action::ClearFacets);
    assert_eq!(m.model().criteria().since, None);
    assert_eq!(m.model().criteria().until, None);
}

#[test]
fn esc_cancels_a_range_and_zooming_keeps_its_dates() {
    let tl = embedded();
    let mut m = Runtime::headless(&tl, Options::default(), 120, 35);
    m.send(Action::Submit);
    m.send(Action::ZoomIn);
    m.send(Action::StartRange);
    m.send(Action::ExtendRange(true));
    m.send(Action::ExtendRange(true));
    let dates = m.model().selection().unwrap().dates();
    m.send(Action::ZoomIn);
    assert_eq!(m.model().strip().unit, Some(Unit::Day));
    let (a, b) = m.model().selection().unwrap().dates().unwrap();
    let (a0, b0) = dates.unwrap();
    assert_eq!(a.first_day(), a0.first_day());
    assert_eq!(b.last_day(), b0.last_day());
    m.send(Action::CancelRange);
    assert!(m.model().selection().is_none());
    assert_eq!(m.model().criteria().since, None);
}

#[test]
fn counting_only_the_window_agrees_with_counting_everything() {
    // Spans, year-only dates and eras around every window the cursor sees.
    let tl = fixture_like_embedded_with_spans();
    let extent = Extent::of(&tl);
    let is_hit: Vec<bool> = (0..tl.events.len()).map(|i| i % 3 != 0).collect();
    let hits: Vec<_> = (0..tl.events.len() as u32)
        .filter(|&i| is_hit[i as usize])
        .map(|index| crate::search::Hit { index, score: 0 })
        .collect();
    let mut cache = AllCounts::default();
    for unit in [
        Unit::Day,
        Unit::Month,
        Unit::Quarter,
        Unit::Years(1),
        Unit::Years(10),
    ] {
        let (a, b) = data_extent(&extent, unit).unwrap();
        for start in [a - 40, a - 3, (a + b) / 2, b - 10, b + 1] {
            let input = Input {
                timeline: &tl,
                hits: &hits,
                extent: &extent,
                lane_table: None,
                current: None,
                unit,
                cell_width: 2,
                start,
                width: 60,
                rows: 2,
                lanes: Lanes::One,
                selection: None,
            };
            let strip = layout(&input, &mut cache);
            let lane = &strip.lanes[0];
            for i in 0..strip.cells {
                let cell = start + i as i128;
                let (mut hits, mut others) = (0, 0);
                for (k, e) in tl.events.iter().enumerate() {
                    let (x, y) = event_cells(unit, e);
                    if extent.eras[k] || !(x..=y).contains(&cell) {
                        continue;
                    }
                    if is_hit[k] { hits += 1 } else { others += 1 }
                }
                assert_eq!(
                    lane.hits[i] + lane.vague_hits[i],
                    hits,
                    "{unit:?} {start} {i}"
                );
                assert_eq!(lane.others[i], others, "{unit:?} {start} {i}");
            }
        }
    }
}

fn fixture_like_embedded_with_spans() -> Timeline {
    timeline(
        r#"{"events": [
          {"id": "a", "date": "2010", "end_date": "2030", "title": "long span"},
          {"id": "b", "date": "2018-09", "title": "a"},
          {"id": "c", "date": "2019", "title": "year only"},
          {"id": "d", "date": "2019-02-25", "end_date": "2019-05-02", "title": "a span"},
          {"id": "e", "date": "2018-01", "end_date": "2020-06", "title": "an era", "kind": "era"},
          {"id": "f", "date": "2019-03-01", "title": "f"},
          {"id": "g", "date": "2020", "title": "g"},
          {"id": "h", "date": "2020-12-31", "title": "h"},
          {"id": "i", "date": "2021-06", "end_date": "2022", "title": "i"}]}"#,
    )
}
