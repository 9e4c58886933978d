//! Themes: a style for each named slot of the screen, from a built-in
//! theme (`default`, `light`, `dark`, `mono`) with the user's `[colors]`
//! over it, written and read as short specs (`bright-white on blue bold`).

use std::fmt;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

/// A built-in theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeName {
    /// The terminal's 16 colours only, chosen to read on dark and light backgrounds.
    #[default]
    Default,
    /// Tuned for a light background.
    Light,
    /// Tuned for a dark background.
    Dark,
    /// No colour: bold, reverse, underline and dim only.
    Mono,
}

impl ThemeName {
    /// Every theme, in the order the docs list them.
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Default,
        ThemeName::Light,
        ThemeName::Dark,
        ThemeName::Mono,
    ];

    /// The name the config file uses.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::Light => "light",
            ThemeName::Dark => "dark",
            ThemeName::Mono => "mono",
        }
    }
}

impl FromStr for ThemeName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        ThemeName::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.name()).collect();
                format!("unknown theme \"{s}\" (themes: {})", names.join(", "))
            })
    }
}

macro_rules! slots {
    ($($variant:ident $name:literal $doc:literal,)*) => {
        /// A part of the screen with a style of its own.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Slot {
            $(#[doc = $doc] $variant,)*
        }

        impl Slot {
            /// Every slot, in the order `--print-config` writes them.
            pub const ALL: &[Slot] = &[$(Slot::$variant,)*];

            /// The name `[colors]` uses.
            pub fn name(self) -> &'static str {
                match self {
                    $(Slot::$variant => $name,)*
                }
            }

            /// What the slot colours, for `--print-config`.
            pub fn about(self) -> &'static str {
                match self {
                    $(Slot::$variant => $doc,)*
                }
            }
        }
    };
}

slots! {
    Border "border" "Border and title of a pane without focus.",
    BorderFocused "border-focused" "Border and title of the focused pane.",
    Cursor "cursor" "The row under the cursor in the focused list.",
    CursorUnfocused "cursor-unfocused" "The row under the cursor in a list without focus.",
    Pointer "pointer" "The cursor's gutter sign.",
    Mark "mark" "Marks of multi-selected events.",
    Match "match" "Matched characters.",
    Date "date" "Dates in the events list.",
    Heading "heading" "Headings and labels.",
    Dim "dim" "Secondary text: counts, hints, empty values.",
    Selected "selected" "Selected facet entries, and keys in the help.",
    Notice "notice" "A notice in the status line.",
    Bar "bar" "Strip bars of every event.",
    BarMatch "bar-match" "Strip bars of matching events.",
    BarCursor "bar-cursor" "Strip bar of the cursor's period.",
    Era "era" "An era on the strip with no match.",
    EraMatch "era-match" "An era on the strip with matches.",
    Range "range" "The time range being chosen on the strip.",
}

impl FromStr for Slot {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Slot::ALL
            .iter()
            .copied()
            .find(|slot| slot.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Slot::ALL.iter().map(|s| s.name()).collect();
                format!("unknown colour slot \"{s}\" (slots: {})", names.join(", "))
            })
    }
}

/// Colours, or their monochrome stand-ins: a style for every slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    styles: Vec<Style>,
    color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::named(ThemeName::Default)
    }
}

const fn s() -> Style {
    Style::new()
}

impl Theme {
    /// The built-in theme `name`.
    pub fn named(name: ThemeName) -> Self {
        let styles = Slot::ALL.iter().map(|&slot| builtin(name, slot)).collect();
        Theme {
            styles,
            color: name != ThemeName::Mono,
        }
    }

    /// The built-in theme `name` with `overrides` over it.
    pub fn with_overrides(name: ThemeName, overrides: &[(Slot, Style)]) -> Self {
        let mut theme = Theme::named(name);
        for &(slot, style) in overrides {
            theme.styles[slot as usize] = style;
        }
        theme
    }

    /// The default theme with colours on, or the monochrome one.
    pub fn new(color: bool) -> Self {
        Theme::named(if color {
            ThemeName::Default
        } else {
            ThemeName::Mono
        })
    }

    /// The style of `slot`.
    pub fn get(&self, slot: Slot) -> Style {
        self.styles[slot as usize]
    }

    /// Border and title of a pane.
    pub fn border(&self, focused: bool) -> Style {
        self.get(if focused {
            Slot::BorderFocused
        } else {
            Slot::Border
        })
    }

    /// Secondary text: counts, hints, empty values.
    pub fn dim(&self) -> Style {
        self.get(Slot::Dim)
    }

    /// Headings and labels.
    pub fn heading(&self) -> Style {
        self.get(Slot::Heading)
    }

    /// Matched characters of a title or name.
    pub fn matched(&self) -> Style {
        self.get(Slot::Match)
    }

    /// The row under the cursor.
    pub fn cursor_row(&self, focused: bool) -> Style {
        self.get(if focused {
            Slot::Cursor
        } else {
            Slot::CursorUnfocused
        })
    }

    /// The cursor's gutter sign.
    pub fn pointer(&self) -> Style {
        self.get(Slot::Pointer)
    }

    /// Marks of multi-selected rows.
    pub fn mark(&self) -> Style {
        self.get(Slot::Mark)
    }

    /// Selected facet entries.
    pub fn selected(&self) -> Style {
        self.get(Slot::Selected)
    }

    /// Dates in the events list.
    pub fn date(&self) -> Style {
        self.get(Slot::Date)
    }

    /// A warning in the status line.
    pub fn notice(&self) -> Style {
        self.get(Slot::Notice)
    }

    /// Bars of the strip: all events.
    pub fn bar_all(&self) -> Style {
        self.get(Slot::Bar)
    }

    /// Bars of matching events.
    pub fn bar_hits(&self) -> Style {
        self.get(Slot::BarMatch)
    }

    /// Bar of the cursor's year or month.
    pub fn bar_cursor(&self) -> Style {
        self.get(Slot::BarCursor)
    }

    /// An era on the strip (`hit`: one with matches).
    pub fn era(&self, hit: bool) -> Style {
        self.get(if hit { Slot::EraMatch } else { Slot::Era })
    }

    /// The range being chosen on the strip.
    pub fn range(&self) -> Style {
        self.get(Slot::Range)
    }

    /// Whether colours are on (not the `mono` theme).
    pub fn has_color(&self) -> bool {
        self.color
    }
}

/// The built-in style of `slot` in theme `name`. The default theme uses
/// only the 16 colours a terminal's palette defines, in pairs that read on
/// a dark and a light background alike (never a colour on the terminal's
/// own background it cannot be told from).
fn builtin(name: ThemeName, slot: Slot) -> Style {
    use Color::*;
    use Slot as S;
    let bold = Modifier::BOLD;
    let mono = || match slot {
        S::BorderFocused | S::Heading | S::Mark | S::Selected | S::Notice | S::BarCursor => {
            s().add_modifier(bold)
        }
        S::Cursor | S::Range => s().add_modifier(Modifier::REVERSED),
        S::CursorUnfocused => s().add_modifier(bold),
        S::Match => s().add_modifier(bold | Modifier::UNDERLINED),
        S::Dim => s().add_modifier(Modifier::DIM),
        S::Border | S::Era | S::EraMatch | S::Pointer | S::Date | S::Bar | S::BarMatch => s(),
    };
    match name {
        ThemeName::Mono => mono(),
        ThemeName::Default => match slot {
            S::Border => s(),
            S::BorderFocused => s().fg(Blue).add_modifier(bold),
            S::Cursor => s().fg(White).bg(Blue).add_modifier(bold),
            S::CursorUnfocused => s().add_modifier(bold | Modifier::UNDERLINED),
            S::Pointer => s().fg(Blue).add_modifier(bold),
            S::Mark => s().fg(Magenta).add_modifier(bold),
            S::Match => s().fg(Magenta).add_modifier(bold | Modifier::UNDERLINED),
            S::Date => s().fg(Blue),
            S::Heading => s().fg(Blue).add_modifier(bold),
            S::Dim => s().add_modifier(Modifier::DIM),
            S::Selected => s().fg(Green).add_modifier(bold),
            S::Notice => s().fg(Red).add_modifier(bold),
            S::Bar => s().add_modifier(Modifier::DIM),
            S::BarMatch => s().fg(Blue),
            S::BarCursor => s().fg(Magenta),
            S::Era => s().fg(White).bg(DarkGray),
            S::EraMatch => s().fg(White).bg(Blue),
            S::Range => s().fg(White).bg(Magenta),
        },
        ThemeName::Light => match slot {
            S::Border => s().fg(DarkGray),
            S::BorderFocused => s().fg(Blue).add_modifier(bold),
            S::Cursor => s().fg(Black).bg(LightCyan).add_modifier(bold),
            S::CursorUnfocused => s().bg(White),
            S::Pointer => s().fg(Blue).add_modifier(bold),
            S::Mark => s().fg(Magenta).add_modifier(bold),
            S::Match => s().fg(Red).add_modifier(bold),
            S::Date => s().fg(Blue),
            S::Heading => s().fg(Blue).add_modifier(bold),
            S::Dim => s().fg(DarkGray),
            S::Selected => s().fg(Green).add_modifier(bold),
            S::Notice => s().fg(Red),
            S::Bar => s().fg(DarkGray),
            S::BarMatch => s().fg(Blue),
            S::BarCursor => s().fg(Red),
            S::Era => s().fg(Black).bg(White),
            S::EraMatch => s().fg(Black).bg(LightCyan),
            S::Range => s().fg(Black).bg(LightMagenta),
        },
        ThemeName::Dark => match slot {
            S::Border => s().fg(DarkGray),
            S::BorderFocused => s().fg(Cyan),
            S::Cursor => s().fg(White).bg(DarkGray).add_modifier(bold),
            S::CursorUnfocused => s().add_modifier(bold),
            S::Pointer => s().fg(Cyan),
            S::Mark => s().fg(LightMagenta).add_modifier(bold),
            S::Match => s().fg(Yellow).add_modifier(bold),
            S::Date => s().fg(LightBlue),
            S::Heading => s().fg(LightBlue).add_modifier(bold),
            S::Dim => s().fg(DarkGray),
            S::Selected => s().fg(LightGreen).add_modifier(bold),
            S::Notice => s().fg(Yellow),
            S::Bar => s().fg(DarkGray),
            S::BarMatch => s().fg(Cyan),
            S::BarCursor => s().fg(Yellow),
            S::Era => s().fg(Gray).bg(DarkGray),
            S::EraMatch => s().fg(White).bg(Blue),
            S::Range => s().bg(Magenta),
        },
    }
}

/// The colour names a spec takes, as the config writes them.
const COLORS: [(&str, Color); 17] = [
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("white", Color::Gray),
    ("bright-black", Color::DarkGray),
    ("bright-red", Color::LightRed),
    ("bright-green", Color::LightGreen),
    ("bright-yellow", Color::LightYellow),
    ("bright-blue", Color::LightBlue),
    ("bright-magenta", Color::LightMagenta),
    ("bright-cyan", Color::LightCyan),
    ("bright-white", Color::White),
];

const MODIFIERS: [(&str, Modifier); 6] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reverse", Modifier::REVERSED),
    ("strikethrough", Modifier::CROSSED_OUT),
];

/// A colour: a name (`red`, `bright-blue`, `default`), `#rrggbb` or `0`–`255`.
pub fn parse_color(s: &str) -> Result<Color, String> {
    let lower = s.to_ascii_lowercase();
    if let Some(&(_, c)) = COLORS.iter().find(|(n, _)| *n == lower) {
        return Ok(c);
    }
    if let Some(hex) = lower.strip_prefix('#')
        && hex.len() == 6
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    if let Ok(n) = lower.parse::<u8>() {
        return Ok(Color::Indexed(n));
    }
    Err(format!(
        "unknown colour \"{s}\" (a name: {}; #rrggbb; or 0-255)",
        COLORS.map(|(n, _)| n).join(", ")
    ))
}

/// A colour as [`parse_color`] reads it.
pub fn color_name(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(n) => n.to_string(),
        c => COLORS
            .iter()
            .find(|(_, k)| *k == c)
            .map(|(n, _)| (*n).to_owned())
            .unwrap_or_else(|| "default".to_owned()),
    }
}

/// A style from a spec: `[FG] [on BG] [bold|dim|italic|underline|reverse|strikethrough]…`,
/// words apart by spaces; `""` or `none` is no style at all.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = spec.split_whitespace().peekable();
    let mut fg_seen = false;
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        if lower == "none" {
            continue;
        }
        if lower == "on" {
            let bg = words
                .next()
                .ok_or_else(|| format!("\"on\" without a colour in \"{spec}\""))?;
            style = style.bg(parse_color(bg)?);
        } else if let Some(&(_, m)) = MODIFIERS.iter().find(|(n, _)| *n == lower) {
            style = style.add_modifier(m);
        } else if !fg_seen {
            style = style.fg(parse_color(word).map_err(|e| {
                format!(
                    "{e}, or a modifier: {}",
                    MODIFIERS.map(|(n, _)| n).join(", ")
                )
            })?);
            fg_seen = true;
        } else {
            return Err(format!(
                "\"{word}\" in \"{spec}\": a style is [FG] [on BG] [MODIFIERS]"
            ));
        }
    }
    Ok(style)
}

/// A style as [`parse_style`] reads it back.
pub fn style_spec(style: Style) -> String {
    let mut words = Vec::new();
    if let Some(fg) = style.fg {
        words.push(color_name(fg));
    }
    if let Some(bg) = style.bg {
        words.push("on".to_owned());
        words.push(color_name(bg));
    }
    for (name, m) in MODIFIERS {
        if style.add_modifier.contains(m) {
            words.push(name.to_owned());
        }
    }
    if words.is_empty() {
        "none".to_owned()
    } else {
        words.join(" ")
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_read_colours_backgrounds_and_modifiers() {
        let style = parse_style("bright-white on blue bold underline").unwrap();
        assert_eq!(
            style,
            Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        );
        assert_eq!(
            parse_style("on #ff8000").unwrap().bg,
            Some(Color::Rgb(255, 128, 0))
        );
        assert_eq!(parse_style("208").unwrap().fg, Some(Color::Indexed(208)));
        assert_eq!(parse_style("default").unwrap().fg, Some(Color::Reset));
        assert_eq!(parse_style("none").unwrap(), Style::new());
        assert!(
            parse_style("blu")
                .unwrap_err()
                .contains("unknown colour \"blu\"")
        );
        assert!(parse_style("red blue").is_err());
        assert!(parse_style("red on").is_err());
        assert!(parse_style("#12345").is_err());
        assert!(parse_style("256").is_err());
    }

    #[test]
    fn every_slot_of_every_theme_round_trips_through_its_spec() {
        for name in ThemeName::ALL {
            let theme = Theme::named(name);
            for &slot in Slot::ALL {
                let spec = style_spec(theme.get(slot));
                assert_eq!(parse_style(&spec), Ok(theme.get(slot)), "{name} {slot:?}");
                assert_eq!(slot.name().parse::<Slot>(), Ok(slot));
            }
            assert_eq!(name.name().parse::<ThemeName>(), Ok(name));
        }
    }

    #[test]
    fn the_default_theme_uses_the_16_colour_palette_and_mono_none() {
        let default = Theme::named(ThemeName::Default);
        for &slot in Slot::ALL {
            let style = default.get(slot);
            for c in [style.fg, style.bg].into_iter().flatten() {
                assert!(
                    !matches!(c, Color::Indexed(_) | Color::Rgb(..)),
                    "{slot:?}: {c:?}"
                );
            }
            let mono = Theme::named(ThemeName::Mono).get(slot);
            assert_eq!((mono.fg, mono.bg), (None, None), "{slot:?}");
        }
        // The selected row sets both colours, so it reads on any background.
        let cursor = default.cursor_row(true);
        assert!(cursor.fg.is_some() && cursor.bg.is_some());
        assert!(!Theme::named(ThemeName::Mono).has_color());
    }

    #[test]
    fn overrides_replace_one_slot() {
        let red = Style::new().fg(Color::Red);
        let theme = Theme::with_overrides(ThemeName::Light, &[(Slot::Match, red)]);
        assert_eq!(theme.matched(), red);
        assert_eq!(theme.date(), Theme::named(ThemeName::Light).date());
        assert_ne!(
            theme.cursor_row(true),
            Theme::named(ThemeName::Default).cursor_row(true)
        );
    }
}
