//! Reading `--format`: a format name or a `{field}` template.

use std::str::FromStr;

use super::Template;

/// An output format as given to `--format`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// `DATE  TITLE  [companies; countries]` per line. `DATE` is the event's
    /// date or span (`2017-02 → 2026-09`), prefixed with `~` when the date
    /// is approximate; the bracket lists the companies, then after `; ` the
    /// countries, each joined with `, `, and is left out when both are empty.
    /// With colour, the date is dim and the title bold.
    #[default]
    Text,
    /// One native JSON event object per line (see [`event_json`](super::event_json)).
    JsonLines,
    /// A complete native timeline document:
    /// `{"title": …, "description": …, <unknown top-level members>, "events": […]}`,
    /// one event per line inside the array. tlx loads it again unchanged.
    Json,
    /// RFC 4180 CSV with the header
    /// `id,date,end_date,approximate,title,kind,companies,countries,topics,people,place,summary`.
    /// Lists are joined with `; `; `approximate` is `true` or `false`; a
    /// field holding `,` `"` CR or LF is quoted (inner quotes doubled).
    /// Lines end in LF.
    Csv,
    /// The CSV columns, tab-separated, with a header line; inside fields a
    /// backslash, tab, CR and LF are written `\\` `\t` `\r` `\n`.
    Tsv,
    /// A Markdown table `| Date | Title | Companies | Countries | Topics |`;
    /// `|` and `\` in cells are escaped, line breaks become `<br>`.
    Markdown,
    /// The event id, one per line.
    Id,
    /// A TimelineJS3 JSON document that TimelineJS loads and tlx reads
    /// back with every field (see `timelinejs.rs`).
    TimelineJs,
    /// The TimelineJS Google Sheets template as CSV: Knight Lab's 18
    /// columns, a `title` row, then one row an event (eras typed `era`).
    TimelineJsCsv,
    /// A user template such as `'{date} {title}'`; see [`Template`].
    Template(Template),
}

impl OutputFormat {
    /// The format names `--format` accepts, besides templates.
    pub const NAMES: [&'static str; 9] = [
        "text",
        "jsonl",
        "json",
        "csv",
        "tsv",
        "md",
        "id",
        "timelinejs",
        "timelinejs-csv",
    ];
}

impl FromStr for OutputFormat {
    type Err = String;

    /// `text`, `jsonl`, `json`, `csv`, `tsv`, `md`, `id`, `timelinejs` or
    /// `timelinejs-csv`; anything holding
    /// a `{` is read as a template.
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "text" => OutputFormat::Text,
            "jsonl" => OutputFormat::JsonLines,
            "json" => OutputFormat::Json,
            "csv" => OutputFormat::Csv,
            "tsv" => OutputFormat::Tsv,
            "md" => OutputFormat::Markdown,
            "id" => OutputFormat::Id,
            "timelinejs" => OutputFormat::TimelineJs,
            "timelinejs-csv" => OutputFormat::TimelineJsCsv,
            _ if s.contains('{') => OutputFormat::Template(s.parse()?),
            _ => {
                return Err(format!(
                    "unknown format \"{s}\": expected {} or a template such as '{{date}} {{title}}'",
                    OutputFormat::NAMES.join(", ")
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse_and_unknown_ones_are_refused() {
        assert_eq!("jsonl".parse::<OutputFormat>(), Ok(OutputFormat::JsonLines));
        assert_eq!("md".parse::<OutputFormat>(), Ok(OutputFormat::Markdown));
        let err = "yaml".parse::<OutputFormat>().unwrap_err();
        assert!(err.contains("\"yaml\"") && err.contains("md, id, timelinejs, timelinejs-csv"));
        assert_eq!(
            "timelinejs-csv".parse::<OutputFormat>(),
            Ok(OutputFormat::TimelineJsCsv)
        );
        assert!(matches!(
            "{id}".parse::<OutputFormat>(),
            Ok(OutputFormat::Template(_))
        ));
    }
}
