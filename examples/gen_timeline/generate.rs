//! The generator's core, shared by the `gen_timeline` example and the
//! benchmarks (which include this file with `#[path]`), so both make exactly
//! the same timelines.

use std::io::{self, Write};

const COMPANIES: [&str; 20] = [
    "Huawei",
    "Orange",
    "Telecom Egypt",
    "Monaco Telecom",
    "ZTE",
    "Idemia",
    "Atos",
    "Ericsson",
    "Nokia",
    "Vodafone",
    "MTN",
    "Safaricom",
    "Airtel",
    "Microsoft",
    "Alibaba Cloud",
    "Thales",
    "Deutsche Telekom",
    "Telefónica",
    "African Union",
    "European Commission",
];
const COUNTRIES: [&str; 20] = [
    "France",
    "Egypt",
    "Monaco",
    "Togo",
    "China",
    "Kazakhstan",
    "Kenya",
    "Nigeria",
    "Senegal",
    "Morocco",
    "Germany",
    "Spain",
    "Italy",
    "United Kingdom",
    "United States",
    "Ethiopia",
    "Côte d'Ivoire",
    "South Africa",
    "Ghana",
    "Belgium",
];
const TOPICS: [&str; 16] = [
    "cloud",
    "5G",
    "data centers",
    "cybersecurity",
    "AI",
    "broadband",
    "smart city",
    "IoT",
    "digital identity",
    "e-government",
    "sanctions",
    "regulation",
    "submarine cables",
    "sovereignty",
    "training",
    "OpenStack",
];
const KINDS: [&str; 8] = [
    "agreement",
    "launch",
    "deployment",
    "closure",
    "regulation",
    "statement",
    "strategy",
    "announcement",
];
const VERBS: [&str; 10] = [
    "signs",
    "launches",
    "extends",
    "announces",
    "ends",
    "expands",
    "renews",
    "pilots",
    "suspends",
    "deploys",
];
const OBJECTS: [&str; 12] = [
    "a cloud partnership",
    "a 5G network",
    "a data centre project",
    "a memorandum of understanding",
    "a cybersecurity programme",
    "a broadband rollout",
    "a national identity system",
    "a training academy",
    "a smart city pilot",
    "an AI research lab",
    "a submarine cable link",
    "a sovereign cloud offer",
];
const PLACES: [&str; 10] = [
    "Paris",
    "Cairo",
    "Barcelona",
    "Beijing",
    "Lomé",
    "Astana",
    "Nairobi",
    "Monaco",
    "Brussels",
    "Addis Ababa",
];
const WORDS: [&str; 40] = [
    "the",
    "operator",
    "said",
    "agreement",
    "covers",
    "network",
    "services",
    "over",
    "three",
    "years",
    "with",
    "local",
    "partners",
    "and",
    "regional",
    "authorities",
    "customers",
    "will",
    "migrate",
    "to",
    "new",
    "infrastructure",
    "while",
    "officials",
    "expect",
    "jobs",
    "investment",
    "growth",
    "according",
    "ministry",
    "statement",
    "security",
    "concerns",
    "remain",
    "under",
    "review",
    "by",
    "regulators",
    "in",
    "capital",
];
const PUBLISHERS: [&str; 6] = [
    "01net",
    "AFP",
    "Reuters",
    "Jeune Afrique",
    "Le Monde",
    "WebTimeMedias",
];

/// splitmix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// One to `max` distinct items.
    fn some<'a>(&mut self, items: &[&'a str], max: usize) -> Vec<&'a str> {
        let n = 1 + self.below(max);
        let mut out: Vec<&str> = Vec::with_capacity(n);
        while out.len() < n {
            let item = self.pick(items);
            if !out.contains(&item) {
                out.push(item);
            }
        }
        out
    }
}

fn json_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", quoted.join(","))
}

/// Writes a native timeline of `count` events, the same for the same
/// `count` and `seed` on every machine.
pub fn write_timeline(out: &mut impl Write, count: usize, seed: u64) -> io::Result<()> {
    let mut rng = Rng(seed);
    writeln!(
        out,
        "{{\"title\":\"Generated timeline of {count} events\",\"description\":\"Synthetic partnerships for benchmarks (seed {seed}).\",\"events\":["
    )?;
    for n in 0..count {
        let year = 1980 + rng.below(46);
        let date = match rng.below(10) {
            0..=2 => format!("{year}"),
            3..=5 => format!("{year}-{:02}", 1 + rng.below(12)),
            _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        };
        let companies = rng.some(&COMPANIES, 3);
        let countries = rng.some(&COUNTRIES, 2);
        let topics = rng.some(&TOPICS, 3);
        let title = format!(
            "{} {} {} in {}",
            companies[0],
            rng.pick(&VERBS),
            rng.pick(&OBJECTS),
            countries[0]
        );
        let summary: Vec<&str> = (0..30).map(|_| rng.pick(&WORDS)).collect();
        let end = if rng.below(8) == 0 {
            format!(",\"end_date\":\"{}\"", year + 1 + rng.below(5))
        } else {
            String::new()
        };
        let approx = if rng.below(12) == 0 {
            ",\"approximate\":true"
        } else {
            ""
        };
        writeln!(
            out,
            "{{\"id\":\"ev-{n:07}\",\"date\":\"{date}\"{end}{approx},\"title\":\"{title}\",\"summary\":\"{}.\",\"kind\":\"{}\",\"place\":\"{}\",\"companies\":{},\"countries\":{},\"topics\":{},\"sources\":[{{\"publisher\":\"{}\",\"title\":\"{title}\",\"date\":\"{year}\",\"language\":\"fr\"}}]}}{}",
            summary.join(" "),
            rng.pick(&KINDS),
            rng.pick(&PLACES),
            json_list(&companies),
            json_list(&countries),
            json_list(&topics),
            rng.pick(&PUBLISHERS),
            if n + 1 < count { "," } else { "" }
        )?;
    }
    writeln!(out, "]}}")
}
