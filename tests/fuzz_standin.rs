//! The fuzz targets' stable stand-in, run by `cargo test`: the checks of
//! `support/checks.rs` (the same as the libFuzzer targets in `fuzz/`) over
//! inputs proptest makes, a bounded number of cases each, and every input
//! fuzzing has flagged (`fuzz/regressions/TARGET/`).

#[allow(dead_code)]
mod support {
    pub mod checks;
}

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{Map, Value};
use support::checks;

/// Every fixture and the embedded timeline: the seeds mutations start from.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(root.join("tests/fixtures"))
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        seeds.push(tlx::timeline::EMBEDDED.as_bytes().to_vec());
        seeds
    })
}

/// Pieces of JSON and of hostile text that mutations insert.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "\\",
    "\\\\",
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\u001b]2;T\\u0007",
    "\\u009b",
    "\\u202e",
    "1e400",
    "-1e400",
    "-",
    "0",
    "-0",
    "1.5",
    "18446744073709551616",
    "null",
    "true",
    "false",
    "\"\"",
    "\"events\"",
    "\"eras\"",
    "\"id\"",
    "\"date\"",
    "\"title\"",
    "\"summary\"",
    "\"start_date\"",
    "\"end_date\"",
    "\"text\"",
    "\"headline\"",
    "\"year\"",
    "\"month\"",
    "\"day\"",
    "\"unique_id\"",
    "\"display_date\"",
    "\"group\"",
    "\"sources\"",
    "\"companies\"",
    "\"people\"",
    "\"2019-02-30\"",
    "\"-0043\"",
    "\"1000000000000\"",
    "\"-1000000000000-01\"",
    "\"2020-13\"",
    "\"0\"",
    "-9223372036854775808",
    "\"999999999999999999\"",
    "<br>",
    "<p>",
    "&amp;",
    "&#0;",
    "&#x1b;",
    "&#xD800;",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{feff}",
    "\u{1b}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{2028}",
    "华为",
    "🚀",
    "e\u{301}",
];

/// One edit of a mutated input.
#[derive(Debug, Clone)]
enum Edit {
    Replace(prop::sample::Index, u8),
    Insert(prop::sample::Index, prop::sample::Index),
    Delete(prop::sample::Index, usize),
    Truncate(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(i, t)| Edit::Insert(i, t)),
        (any::<prop::sample::Index>(), 1usize..16).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ]
}

/// A seed with a few edits.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<prop::sample::Index>(),
        proptest::collection::vec(edit(), 1..6),
    )
        .prop_map(|(seed, edits)| {
            let mut bytes = seed.get(seeds()).clone();
            for edit in edits {
                let at = |i: &prop::sample::Index, len: usize| i.index(len + 1);
                match edit {
                    Edit::Replace(i, b) if !bytes.is_empty() => {
                        let i = i.index(bytes.len());
                        bytes[i] = b;
                    }
                    Edit::Insert(i, t) => {
                        let i = at(&i, bytes.len());
                        let token = t.get(TOKENS).as_bytes();
                        bytes.splice(i..i, token.iter().copied());
                    }
                    Edit::Delete(i, n) => {
                        let i = at(&i, bytes.len());
                        bytes.drain(i..(i + n).min(bytes.len()));
                    }
                    Edit::Truncate(i) => {
                        let i = at(&i, bytes.len());
                        bytes.truncate(i);
                    }
                    Edit::Replace(..) => {}
                }
            }
            bytes
        })
}

/// Strings that dates, names and texts are made of, hostile ones included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9-]{1,14}",
        "-?[0-9]{1,13}(-[0-9]{1,2}(-[0-9]{1,2})?)?",
        "\\PC{0,10}",
        proptest::collection::vec(any::<char>(), 0..8).prop_map(|v| v.into_iter().collect()),
        proptest::sample::select(TOKENS).prop_map(str::to_string),
    ]
}

/// Any JSON value, its keys mostly those tlx reads.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(&[
            "id", "date", "end_date", "title", "summary", "kind", "place", "companies",
            "countries", "topics", "people", "sources", "approximate", "display_date",
            "start_date", "text", "headline", "year", "month", "day", "unique_id", "group",
            "events", "eras", "description", "publisher", "url",
        ][..]).prop_map(str::to_string),
        1 => "\\PC{0,6}",
    ]
}

/// A plausible event (native or TimelineJS) with some members of any shape.
fn event() -> impl Strategy<Value = Value> {
    (
        text(),
        "-?[0-9]{1,4}(-[01][0-9](-[0-3][0-9])?)?",
        text(),
        any::<bool>(),
        proptest::collection::vec((key(), value()), 0..4),
    )
        .prop_map(|(id, date, title, tljs, members)| {
            let mut event = Map::new();
            if tljs {
                let year = date.split('-').next().unwrap_or("1").to_string();
                event.insert("start_date".into(), serde_json::json!({ "year": year }));
                event.insert("text".into(), serde_json::json!({ "headline": title }));
            } else {
                event.insert("id".into(), Value::String(id));
                event.insert("date".into(), Value::String(date));
                event.insert("title".into(), Value::String(format!("t{title}")));
            }
            event.extend(members);
            Value::Object(event)
        })
}

/// A whole input: a document, a bare array or JSON Lines, of generated events.
fn generated() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec(prop_oneof![4 => event(), 1 => value()], 0..6),
        0..3u8,
        proptest::collection::vec((key(), value()), 0..3),
    )
        .prop_map(|(events, shape, top)| match shape {
            0 => {
                let mut doc: Map<String, Value> = top.into_iter().collect();
                doc.insert("events".into(), Value::Array(events));
                Value::Object(doc).to_string().into_bytes()
            }
            1 => Value::Array(events).to_string().into_bytes(),
            _ => events
                .iter()
                .map(|e| format!("{e}\n"))
                .collect::<String>()
                .into_bytes(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn loader_on_mutated_fixtures(bytes in mutated()) {
        checks::loader(&bytes);
    }

    #[test]
    fn loader_on_generated_timelines(bytes in generated()) {
        checks::loader(&bytes);
    }

    #[test]
    fn loader_on_raw_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        checks::loader(&bytes);
    }

    #[test]
    fn query_parser_and_matching(
        query in "([a-zA-Z0-9éÉİß华 '^$!|\\\\]|\\\\ ){0,14}",
        text in "([a-zA-Z0-9éÉeE\u{301}İıß华 |\n'^$!-]|\\PC){0,60}",
    ) {
        checks::query(&query, &text);
    }

    #[test]
    fn sanitiser(text in prop_oneof![
        any::<String>(),
        proptest::collection::vec(proptest::sample::select(TOKENS), 0..12).prop_map(|v| v.concat()),
        proptest::collection::vec(any::<char>(), 0..40).prop_map(|v| v.into_iter().collect()),
    ]) {
        checks::sanitiser(&text);
    }
}

/// Every input a fuzzer flagged, kept as a regression test.
#[test]
fn inputs_fuzzing_flagged_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 3] = [
        ("load", checks::loader),
        ("query", checks::query_bytes),
        ("sanitise", checks::sanitiser_bytes),
    ];
    for (target, check) in targets {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in dir {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| check(&bytes));
            assert!(result.is_ok(), "{} fails again", path.display());
        }
    }
}
