//! Comparing events of two timelines loaded apart (a round trip's before
//! and after): their facet values are interned separately.

use tlx::timeline::{Event, EventFields, Facet, Sym, Timeline};

/// `event` of `from` with its facet ids rewritten to those of `to`, so
/// events of two separately loaded timelines compare with `==`.
pub fn remap(from: &Timeline, to: &Timeline, event: &Event) -> Event {
    let map = |syms: &[Sym]| -> Vec<Sym> {
        syms.iter()
            .map(|&s| {
                let name = from.names.get(s);
                to.names
                    .lookup(name)
                    .unwrap_or_else(|| panic!("{name:?} lost"))
            })
            .collect()
    };
    Event::new(EventFields {
        companies: &map(event.facet(Facet::Company)),
        countries: &map(event.facet(Facet::Country)),
        topics: &map(event.facet(Facet::Topic)),
        ..event.fields()
    })
    .unwrap()
}

/// The event as tlx's own formats hold it: a title tlx made up for a
/// TimelineJS slide without a headline is written as the title, and reads
/// back as one.
#[allow(dead_code)] // Each test file that includes this module uses what it needs.
pub fn as_native(event: &Event) -> Event {
    Event::new(EventFields {
        title_made_up: false,
        ..event.fields()
    })
    .unwrap()
}
