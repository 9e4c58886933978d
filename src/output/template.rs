//! `{field}` templates for `--format`: parsing them and filling them in.

use std::str::FromStr;

use super::{Shown, join_into, push_data, push_display};
use crate::timeline::{Event, Facet, Media, Source, Timeline, html_to_line};

/// A field a template can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Date,
    EndDate,
    DateLabel,
    Title,
    Summary,
    Kind,
    Place,
    Companies,
    Countries,
    Topics,
    People,
    Approximate,
    Url,
    Media,
    MediaCaption,
    MediaCredit,
    MediaThumbnail,
    File,
}

impl Field {
    const ALL: [Field; 19] = [
        Field::Id,
        Field::Date,
        Field::EndDate,
        Field::DateLabel,
        Field::Title,
        Field::Summary,
        Field::Kind,
        Field::Place,
        Field::Companies,
        Field::Countries,
        Field::Topics,
        Field::People,
        Field::Approximate,
        Field::Url,
        Field::Media,
        Field::MediaCaption,
        Field::MediaCredit,
        Field::MediaThumbnail,
        Field::File,
    ];

    fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Date => "date",
            Field::EndDate => "end_date",
            Field::DateLabel => "date_label",
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Kind => "kind",
            Field::Place => "place",
            Field::Companies => "companies",
            Field::Countries => "countries",
            Field::Topics => "topics",
            Field::People => "people",
            Field::Approximate => "approximate",
            Field::Url => "url",
            Field::Media => "media",
            Field::MediaCaption => "media_caption",
            Field::MediaCredit => "media_credit",
            Field::MediaThumbnail => "media_thumbnail",
            Field::File => "file",
        }
    }

    /// The field's value for one event, as template text.
    fn render(self, timeline: &Timeline, event: &Event, out: &mut String) {
        let facet =
            |facet, out: &mut String| join_into(out, timeline.facet_names(event, facet), ", ");
        let media = |part: fn(&Media) -> Option<&str>| event.media().and_then(part);
        match self {
            Field::Id => out.push_str(event.id()),
            Field::Date => push_display(out, &event.date),
            Field::EndDate => {
                if let Some(end) = &event.end_date {
                    push_display(out, end);
                }
            }
            Field::DateLabel => out.push_str(&event.date_label()),
            Field::Title => out.push_str(event.title()),
            Field::Summary => out.push_str(event.summary()),
            Field::Kind => out.push_str(event.kind()),
            Field::Place => out.push_str(event.place()),
            Field::Companies => facet(Facet::Company, out),
            Field::Countries => facet(Facet::Country, out),
            Field::Topics => facet(Facet::Topic, out),
            Field::People => join_into(out, event.people().iter().map(|p| &**p), ", "),
            Field::Approximate => out.push_str(if event.approximate { "true" } else { "false" }),
            Field::Url => {
                let source = event.sources.first().and_then(Source::url);
                if let Some(url) = source.or_else(|| media(Media::url)) {
                    out.push_str(url);
                }
            }
            Field::Media => out.push_str(media(Media::url).unwrap_or("")),
            // Caption and credit are HTML to TimelineJS: shown as text.
            Field::MediaCaption => out.push_str(&html_to_line(media(Media::caption).unwrap_or(""))),
            Field::MediaCredit => out.push_str(&html_to_line(media(Media::credit).unwrap_or(""))),
            Field::MediaThumbnail => out.push_str(media(Media::thumbnail).unwrap_or("")),
            Field::File => out.push_str(timeline.file_of(event)),
        }
    }
}

/// A parsed output template: literal text and `{field}` pieces.
///
/// Fields: `{id} {date} {end_date} {date_label} {title} {summary} {kind}
/// {place} {companies} {countries} {topics} {people} {approximate} {url}
/// {media} {media_caption} {media_credit} {media_thumbnail} {file}`.
/// `date` and `end_date` are as in the data (`2017-02`, `-300`, empty when
/// there is no end), exact for scripts; `date_label` is the date or span as
/// a person reads it, as `text` and the list show it (`300 BCE → 250 BCE`,
/// `13.8 Ga`; see `PartialDate::label`); lists are
/// joined with `, `; `approximate` is `true` or `false`; `url` is the first
/// source's address, else the media's (empty when neither); `media` and
/// `media_thumbnail` are the media's addresses, `media_caption` and
/// `media_credit` its caption and credit as text (HTML stripped); `file`
/// is the file the event came from, as named on the command line (`-` for
/// standard input, `<embedded>`). `{{` and `}}` write `{` and `}`;
/// `\t`, `\n` and `\\` write a tab, a line break and a backslash, as in
/// printf, since shells pass them through single quotes as typed.
/// An unknown field or an unbalanced brace is refused when parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// A stretch of a template: literal text, or a field filled in per event.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Field(Field),
}

impl FromStr for Template {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Template::parse(s, true)
    }
}

impl Template {
    /// A template for a shell command (the `execute` action): fields as in
    /// `--format`, but backslashes stay as typed, for the shell to read.
    pub fn command(s: &str) -> Result<Template, String> {
        Template::parse(s, false)
    }

    /// Reads a template; `printf` decodes `\t`, `\n` and `\\` in its text.
    fn parse(s: &str, printf: bool) -> Result<Template, String> {
        let decode = |text: &str| match printf {
            true => unescape(text),
            false => text.to_owned(),
        };
        let valid = || {
            Field::ALL
                .iter()
                .map(|f| format!("{{{}}}", f.name()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = s;
        while let Some(pos) = rest.find(['{', '}']) {
            literal.push_str(&rest[..pos]);
            let brace = rest.as_bytes()[pos];
            rest = &rest[pos + 1..];
            if rest.as_bytes().first() == Some(&brace) {
                literal.push(char::from(brace));
                rest = &rest[1..];
                continue;
            }
            if brace == b'}' {
                return Err(format!(
                    "template {s:?}: unmatched '}}' (write '}}}}' for a literal brace)"
                ));
            }
            let Some(end) = rest.find('}') else {
                return Err(format!(
                    "template {s:?}: unclosed '{{' (write '{{{{' for a literal brace)"
                ));
            };
            let name = &rest[..end];
            let Some(field) = Field::ALL.into_iter().find(|f| f.name() == name) else {
                return Err(format!(
                    "template {s:?}: unknown field {{{name}}}; valid fields: {}",
                    valid()
                ));
            };
            if !literal.is_empty() {
                pieces.push(Piece::Literal(decode(&std::mem::take(&mut literal))));
            }
            pieces.push(Piece::Field(field));
            rest = &rest[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Literal(decode(&literal)));
        }
        Ok(Template { pieces })
    }
}

/// Pushes `value` as one single-quoted shell word: `'` becomes `'\''`.
/// NUL cannot be in an argument and becomes `␀`; every other byte is
/// kept, line breaks included, since nothing inside single quotes is
/// special to the shell.
fn push_shell_quoted(out: &mut String, value: &str) {
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            '\0' => out.push('\u{2400}'),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// Decodes `\t`, `\n` and `\\` in a template's literal text; any other
/// backslash is kept as typed.
fn unescape(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

impl Template {
    /// The template as a command line for `sh -c`, filled in for one
    /// event: each field's value, exactly as in the data, in single
    /// quotes (as fzf quotes `{}`), so no value can run anything; the
    /// template's own text is the user's shell code, as written.
    pub fn shell_command(&self, timeline: &Timeline, event: &Event) -> String {
        let mut out = String::new();
        self.fill(timeline, event, &mut out, push_shell_quoted);
        out
    }

    /// Writes the template for one event into `out`: literal text as the
    /// user wrote it, each field's value through `push`.
    fn fill(
        &self,
        timeline: &Timeline,
        event: &Event,
        out: &mut String,
        mut push: impl FnMut(&mut String, &str),
    ) {
        let mut value = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Field(field) => {
                    value.clear();
                    field.render(timeline, event, &mut value);
                    push(out, &value);
                }
            }
        }
    }

    /// Renders the template for one event into `out`: each field's value
    /// as `shown` says; literal text is the user's own and is written as
    /// given.
    pub(super) fn render_into(
        &self,
        timeline: &Timeline,
        event: &Event,
        shown: Shown,
        out: &mut String,
    ) {
        self.fill(timeline, event, out, |out, value| {
            push_data(out, value, shown)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::{pipe, render, tty};

    #[test]
    fn a_command_template_quotes_each_field_and_keeps_its_own_backslashes() {
        let t = crate::output::tests::sample();
        let command = Template::command(r"printf '%s\n' {title} {people} {{x}}").unwrap();
        // Event "b" has a `|`; "c" has ESC, BEL and a bidi override, kept
        // exactly: the command gets the data, inside one quoted word.
        assert_eq!(
            command.shell_command(&t, &t.events[1]),
            r"printf '%s\n' 'Second | one' '' {x}"
        );
        let evil = command.shell_command(&t, &t.events[2]);
        assert!(
            evil.contains("'Evil\u{1b}]2;x\u{7} \u{202e} title'"),
            "{evil:?}"
        );
        let mut quoted = String::new();
        push_shell_quoted(&mut quoted, "it's\0\n$(x)");
        assert_eq!(quoted, "'it'\\''s\u{2400}\n$(x)'");
        assert!(Template::command("{nope}").is_err());
    }

    #[test]
    fn templates_parse_fields_and_escaped_braces() {
        let t: Template = "{{{id}}} {date}".parse().unwrap();
        assert_eq!(
            t.pieces,
            [
                Piece::Literal("{".into()),
                Piece::Field(Field::Id),
                Piece::Literal("} ".into()),
                Piece::Field(Field::Date),
            ]
        );
        let err = "{nope}".parse::<Template>().unwrap_err();
        assert!(err.contains("unknown field {nope}"), "{err}");
        assert!(err.contains("{id} {date} {end_date} {date_label}"), "{err}");
        assert!("{id".parse::<Template>().unwrap_err().contains("unclosed"));
        assert!("id}".parse::<Template>().unwrap_err().contains("unmatched"));
        assert!("{}".parse::<Template>().is_err());
    }

    #[test]
    fn templates_render_every_field() {
        let out = render(
            "{id}|{date}|{end_date}|{date_label}|{kind}|{place}|{people}|{approximate}|{url}|{companies}",
            pipe(),
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "a|2017-02|2026-09|2017-02 → 2026-09|launch|Paris|Ann, Bo|true||"
        );
        assert_eq!(
            lines[1],
            "b|2019-05-31||2019-05-31||||false|https://example.org/b|Huawei, Orange"
        );
        // Event "a" has no summary: its record is empty. A line break in
        // the data never splits a record, on a terminal or a pipe.
        for opts in [pipe(), tty()] {
            let shown = render("{summary}", opts);
            assert!(shown.starts_with("\nline one\u{240a}line, \"two\"    tab\\\n"));
            assert_eq!(shown.lines().count(), 3);
        }
        // --raw keeps the data but not what would split the record: the
        // line break, unless records end in NUL.
        let raw = crate::output::OutputOptions {
            raw: true,
            ..pipe()
        };
        assert!(render("{summary}", raw).starts_with("\nline one\u{240a}line, \"two\"\ttab\\\n"));
        assert_eq!(
            render("{title}", raw).lines().last(),
            Some("Evil\u{1b}]2;x\u{7} \u{202e} title")
        );
        let raw0 = crate::output::OutputOptions {
            print0: true,
            ..raw
        };
        assert!(render("{summary}", raw0).starts_with("\0line one\nline"));
    }
}
