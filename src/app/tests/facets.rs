//! The facet list: headings, selection, counts and its search line.

use super::*;

#[test]
fn facet_list_has_headings_and_the_cursor_skips_them() {
    let tl = embedded();
    let mut m = model(&tl);
    assert!(matches!(m.facet_rows[0], FacetRow::Header(Facet::Country)));
    assert_eq!(m.facet_cursor, 1);
    dispatch(&mut m, Action::FacetMove(Move::Up));
    assert_eq!(m.facet_cursor, 1);
    let second_header = m
        .facet_rows
        .iter()
        .rposition(|r| matches!(r, FacetRow::Header(Facet::Company)))
        .unwrap();
    m.facet_cursor = second_header - 1;
    dispatch(&mut m, Action::FacetMove(Move::Down));
    assert_eq!(m.facet_cursor, second_header + 1);
    dispatch(&mut m, Action::FacetMove(Move::Up));
    assert_eq!(m.facet_cursor, second_header - 1);
    dispatch(&mut m, Action::FacetMove(Move::Bottom));
    assert_eq!(m.facet_cursor, m.facet_rows.len() - 1);
    dispatch(&mut m, Action::FacetMove(Move::Top));
    assert_eq!(m.facet_cursor, 1);
    dispatch(&mut m, Action::FacetMove(Move::PageDown));
    assert!(matches!(
        m.facet_rows[m.facet_cursor],
        FacetRow::Entry { .. }
    ));
    assert!(m.facet_cursor > 1);
    dispatch(&mut m, Action::FacetMove(Move::PageUp));
    assert_eq!(m.facet_cursor, 1);
}

#[test]
fn toggling_a_facet_narrows_and_counts_follow() {
    let tl = embedded();
    let mut m = model(&tl);
    let france = sym(&tl, "France");
    m.facet_cursor = m
        .facet_rows
        .iter()
        .position(|r| matches!(r, FacetRow::Entry { sym, .. } if *sym == france))
        .unwrap();
    let Some(Effect::Search(request)) = step(&mut m, Action::ToggleFacet) else {
        panic!("a new selection is searched");
    };
    assert!(m.criteria.countries.contains(&france), "shown at once");
    m.runtime.due = Some(request);
    settle(&mut m);
    assert!(m.criteria.countries.contains(&france));
    assert_eq!(
        m.facet_entry().unwrap().1,
        france,
        "cursor follows the entry"
    );
    let n = m.hits.len();
    assert!(n > 0 && n < tl.events.len());
    assert!(m.hits.iter().all(|h| {
        tl.events[h.index as usize]
            .facet(Facet::Country)
            .contains(&france)
    }));
    // The company counts now only count French events.
    let companies: u32 = m
        .counts
        .get(Facet::Company)
        .iter()
        .map(|c| c.1)
        .max()
        .unwrap();
    assert!(companies as usize <= n);
    dispatch(&mut m, Action::ToggleFacet);
    assert!(m.criteria.countries.is_empty());
    assert_eq!(m.hits.len(), tl.events.len());
}

#[test]
fn facet_filter_narrows_entries_but_keeps_selected_ones() {
    let tl = embedded();
    let mut m = model(&tl);
    let france = sym(&tl, "France");
    m.criteria.countries.insert(france);
    requery(&mut m);
    dispatch(&mut m, Action::FocusFacetSearch);
    type_text(&mut m, "'égypt");
    let names: Vec<&str> = m
        .facet_rows
        .iter()
        .filter_map(|r| match r {
            FacetRow::Entry { sym, .. } => Some(tl.names.get(*sym)),
            _ => None,
        })
        .collect();
    assert!(names.contains(&"France"), "{names:?}");
    assert!(names.len() > 1, "{names:?}");
    assert!(
        names.iter().all(|n| *n == "France" || n.contains("gypt")),
        "{names:?}"
    );
    assert!(matches!(
        m.facet_rows[m.facet_cursor],
        FacetRow::Entry { .. }
    ));
    // The facet search narrows the list at once: no search.
    assert!(step(&mut m, Action::Edit(Edit::Backspace)).is_none());
    assert_eq!(m.facet_search.text(), "'égyp");
}

#[test]
fn toggle_facet_without_entries_does_nothing() {
    let tl = embedded();
    let mut m = model(&tl);
    m.focus = Focus::FacetSearch;
    type_text(&mut m, "zzzzzz");
    assert!(m.facet_rows.is_empty());
    assert!(step(&mut m, Action::ToggleFacet).is_none());
}
