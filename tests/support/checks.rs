//! The properties fuzzing checks, shared by the libFuzzer targets in
//! `fuzz/fuzz_targets/` and their stable stand-in `tests/fuzz_standin.rs`:
//! the same entry points, the same oracles. Each function panics when a
//! property fails; any other outcome is a pass.

use tlx::output::{self, OutputFormat, OutputOptions};
use tlx::search::{self, Criteria, Query, Sort};
use tlx::timeline::{Facet, Timeline, parse};

/// The name inputs are loaded under.
const ORIGIN: &str = "fuzz.json";

/// The loader, raw bytes in (every format is detected from the bytes):
/// a clean error naming the file, or a timeline that holds together and
/// comes back unchanged through tlx's own output.
pub fn loader(bytes: &[u8]) {
    let timeline = match parse(ORIGIN, bytes) {
        Ok(t) => t,
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with(ORIGIN), "{message}");
            assert!(!e.message.is_empty(), "{message}");
            // What main prints: one line, nothing raw.
            let shown = tlx::text::line(&message);
            assert!(!shown.chars().any(tlx::text::is_unsafe), "{shown:?}");
            return;
        }
    };
    holds_together(&timeline);
    // The whole document format always round-trips.
    let json = render(&timeline, &OutputFormat::Json, false);
    let again = parse("again.json", json.as_bytes())
        .unwrap_or_else(|e| panic!("json output does not load again: {e}\n{json}"));
    assert_same(&timeline, &again, "json");
    assert_eq!(timeline.title, again.title);
    assert_eq!(timeline.description, again.description);
    assert_eq!(timeline.extra, again.extra);
    // JSON Lines too, unless the first event has an unknown member named
    // `events`: that line reads as a document (see SECURITY.md).
    let first_has_events = timeline.events.first().is_some_and(|e| {
        e.extra().is_some_and(|x| {
            // Raw values: kept members may hold lone surrogates.
            type Members<'a> = std::collections::HashMap<String, &'a serde_json::value::RawValue>;
            serde_json::from_str::<Members>(x).map_or(true, |m| m.contains_key("events"))
        })
    });
    if !timeline.events.is_empty() && !first_has_events {
        let jsonl = render(&timeline, &OutputFormat::JsonLines, false);
        let again = parse("again.jsonl", jsonl.as_bytes())
            .unwrap_or_else(|e| panic!("jsonl output does not load again: {e}\n{jsonl}"));
        assert_same(&timeline, &again, "jsonl");
    }
    // The human formats, on a terminal, carry nothing raw.
    for format in [
        "text",
        "csv",
        "tsv",
        "md",
        "id",
        "{id}|{title}|{summary}|{people}|{url}",
    ] {
        let format: OutputFormat = format.parse().unwrap();
        let out = render(&timeline, &format, true);
        let separator = if format == OutputFormat::Tsv {
            '\t'
        } else {
            '\n'
        };
        for c in out.chars() {
            assert!(
                c == '\n' || c == separator || !tlx::text::is_unsafe(c),
                "{format:?}: raw {c:?} on the terminal"
            );
        }
    }
}

/// Sorted by date, ids unique, spans forward, facets known.
fn holds_together(t: &Timeline) {
    assert!(
        t.events.windows(2).all(|w| w[0].date <= w[1].date),
        "unsorted"
    );
    let mut ids: Vec<&str> = t.events.iter().map(|e| e.id()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
    for e in &t.events {
        assert!(!e.id().is_empty());
        assert!(!e.title().is_empty());
        if let Some(end) = e.end_date {
            assert!(
                end.last_day() >= e.date.first_day(),
                "{} ends first",
                e.id()
            );
        }
        for facet in Facet::ALL {
            for s in e.facet(facet) {
                assert!((s.0 as usize) < t.names.len());
                assert!(t.facet_values(facet).contains(s));
            }
        }
    }
}

fn render(t: &Timeline, format: &OutputFormat, terminal: bool) -> String {
    let all: Vec<usize> = (0..t.events.len()).collect();
    let options = OutputOptions {
        terminal,
        ..OutputOptions::default()
    };
    let mut out = Vec::new();
    output::write_events(&mut out, t, &all, format, &options).expect("write to memory");
    String::from_utf8(out).expect("output is UTF-8")
}

/// The same events, field for field, as tlx writes them.
fn assert_same(a: &Timeline, b: &Timeline, what: &str) {
    assert_eq!(a.events.len(), b.events.len(), "{what}: event count");
    for (x, y) in a.events.iter().zip(&b.events) {
        assert_eq!(
            output::event_json(a, x),
            output::event_json(b, y),
            "{what}: event changed in a round trip"
        );
    }
}

/// The query parser and matching, `query` against `text`: never a panic;
/// highlights inside the text; and narrowing the previous matches (what
/// the UI does as one types) finds exactly what a fresh search finds.
pub fn query(query: &str, text: &str) {
    let q = Query::parse(query);
    for t in q.terms() {
        assert!(!t.pattern.is_empty());
    }
    assert!(q.narrows(&q));
    let matched = q.matches_text(text);
    let len = text.chars().count();
    let marks = search::highlight(&q, text);
    assert!(marks.windows(2).all(|w| w[0] < w[1]), "{marks:?}");
    assert!(marks.iter().all(|&i| i < len), "{marks:?} in {len} chars");
    if q.terms().any(|t| !t.negated && t.occurs_in(text)) {
        // A term found in the text shows where.
        assert!(!marks.is_empty(), "{query:?} in {text:?}");
    }
    if q.is_empty() {
        assert!(matched);
    }

    // A small timeline: each line of the text an event (title | summary).
    let events: Vec<serde_json::Value> = text
        .split('\n')
        .take(40)
        .enumerate()
        .map(|(i, line)| {
            let (title, summary) = line.split_once('|').unwrap_or((line, ""));
            serde_json::json!({
                "id": format!("e{i}"), "date": format!("{}", 1990 + i), "title": format!("t{title}"),
                "summary": summary, "companies": [summary.chars().take(6).collect::<String>()],
            })
        })
        .collect();
    let doc = serde_json::json!({ "events": events }).to_string();
    let timeline = parse("q.json", doc.as_bytes()).expect("generated timeline loads");
    let mut typed = String::new();
    let mut previous: Option<search::Matches> = None;
    // Typed a character at a time, as far as 24 (each step searches twice).
    for c in query.chars().take(24) {
        typed.push(c);
        let filter = Criteria {
            query: Query::parse(&typed),
            ..Criteria::default()
        };
        let fresh = search::match_events(&timeline, &filter, None);
        let narrowed = search::match_events(&timeline, &filter, previous.as_ref());
        assert_eq!(
            fresh.indices(),
            narrowed.indices(),
            "typing {typed:?}: narrowing lost or kept events"
        );
        let hits = search::hits_from(&timeline, &fresh, &filter, Sort::Score);
        assert_eq!(hits.len(), fresh.indices().len());
        search::counts_from(&timeline, &fresh, &filter);
        previous = Some(narrowed);
    }
}

/// The sanitiser: nothing unsafe survives, a line is one line, a block
/// keeps exactly its line breaks, safe text is untouched, and sanitising
/// twice changes nothing more.
pub fn sanitiser(text: &str) {
    use tlx::text::{block, is_unsafe, line};
    let one = line(text);
    assert!(!one.chars().any(is_unsafe), "{one:?}");
    assert_eq!(line(&one), one, "not idempotent");
    if !text.chars().any(is_unsafe) {
        assert_eq!(one, text);
    }
    let many = block(text);
    assert!(!many.chars().any(|c| is_unsafe(c) && c != '\n'), "{many:?}");
    let breaks = text.replace("\r\n", "\n").matches(['\n', '\r']).count();
    assert_eq!(many.matches('\n').count(), breaks, "{text:?} → {many:?}");
    assert_eq!(block(&many), many, "not idempotent");
    // Cut to a width, it fits that width, as ratatui counts columns.
    for width in [0, 1, 2, 5, 40] {
        assert!(
            tlx::text::columns(&tlx::text::fit(&one, width)) <= width,
            "{one:?} at {width}"
        );
    }
}

/// [`query`] for raw fuzzer bytes: the first line is the query, the rest the text.
pub fn query_bytes(data: &[u8]) {
    let data = String::from_utf8_lossy(data);
    let (q, text) = data.split_once('\n').unwrap_or((&data, ""));
    query(q, text);
}

/// [`sanitiser`] for raw fuzzer bytes.
pub fn sanitiser_bytes(data: &[u8]) {
    sanitiser(&String::from_utf8_lossy(data));
}
