//! The user's configuration: `$XDG_CONFIG_HOME/tlx/config.toml` (else
//! `~/.config/tlx/config.toml`, or `TLX_CONFIG`), read once at start.
//!
//! The file is walked by hand over `toml`'s spanned document rather than
//! deserialised, so every mistake (a typo in a key, a wrong type, an
//! unknown action, key or colour) is one line naming the file, the line
//! and column, and the key: `config.toml:4:1: keys."ctrl-q": unknown action…`.
//! Nothing here reads the process environment: it is handed in as a
//! function, so tests need not change theirs.

use std::path::{Path, PathBuf};

use ratatui::style::Style;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::app::UserBinding;
use crate::app::keymap::{Key, Keymap, Scope};
use crate::app::names::{action_name, key_name, parse_action, parse_key};
use crate::ui::theme::{Slot, Theme, ThemeName, parse_style, style_spec};

/// A way to read an environment variable (the process's, or a test's).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process's environment, as [`Env`] reads it (a value that is not
/// UTF-8 counts as unset).
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Options given before the command line's, and where they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptsSource {
    /// Where, for error messages: `TLX_DEFAULT_OPTS`, or `default_opts (FILE:LINE:COL)`.
    pub origin: String,
    /// The options, split as a shell would.
    pub args: Vec<String>,
}

/// What the configuration file (and the environment) set; defaults without one.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// Options read before the command line's: the file's `default_opts`, then `TLX_DEFAULT_OPTS`.
    pub default_opts: Vec<String>,
    /// The parts of `default_opts`, each with where it came from.
    pub opts_sources: Vec<OptsSource>,
    /// The file's `default_opts` as written, for `--print-config`.
    pub file_opts: Option<String>,
    /// The command that opens an address (`opener`; `TLX_OPENER` wins); `None`: the platform's opener.
    pub opener: Option<String>,
    /// Whether the copy key writes to the clipboard through OSC 52 (`copy = false` turns it off).
    pub copy: bool,
    /// Whether queries are remembered across runs (`history = false`, or `--no-history`, turns it off).
    pub history: bool,
    /// How many queries the history keeps.
    pub history_size: usize,
    /// The built-in theme chosen (`theme = "light"`).
    pub theme: ThemeName,
    /// The `[colors]` the user set over the theme.
    pub colors: Vec<(Slot, Style)>,
    /// The `[keys]` the user bound, in the file's order.
    pub bindings: Vec<UserBinding>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            default_opts: Vec::new(),
            opts_sources: Vec::new(),
            file_opts: None,
            opener: None,
            copy: true,
            history: true,
            history_size: 1000,
            theme: ThemeName::Default,
            colors: Vec::new(),
            bindings: Vec::new(),
        }
    }
}

/// The top-level keys the file may hold.
const KEYS: [&str; 8] = [
    "default_opts",
    "theme",
    "colors",
    "keys",
    "opener",
    "copy",
    "history",
    "history_size",
];

/// The variable with extra options, as `FZF_DEFAULT_OPTS`.
pub const DEFAULT_OPTS_VAR: &str = "TLX_DEFAULT_OPTS";

/// Which file to read: `TLX_CONFIG` (`true`: named by the user, so it must
/// exist), else `$XDG_CONFIG_HOME/tlx/config.toml`, else
/// `~/.config/tlx/config.toml` on every platform.
pub fn config_path(env: Env) -> Option<(PathBuf, bool)> {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if let Some(path) = set("TLX_CONFIG") {
        return Some((PathBuf::from(path), true));
    }
    // The XDG spec: a relative path is invalid and ignored.
    if let Some(dir) = set("XDG_CONFIG_HOME").filter(|d| Path::new(d).is_absolute()) {
        return Some((Path::new(&dir).join("tlx").join("config.toml"), false));
    }
    let home = set("HOME")?;
    Some((Path::new(&home).join(".config/tlx/config.toml"), false))
}

/// A path as messages show it: the home directory as `~`.
pub fn shown_path(path: &Path, env: Env) -> String {
    let text = path.display().to_string();
    match env("HOME").filter(|h| !h.is_empty() && h != "/") {
        Some(home) => match text.strip_prefix(home.trim_end_matches('/')) {
            Some(rest) if rest.starts_with('/') => format!("~{rest}"),
            _ => text,
        },
        None => text,
    }
}

impl Config {
    /// The configuration in effect: the file (if any) and `TLX_DEFAULT_OPTS`.
    /// A missing file at the usual place is the defaults; a missing
    /// `TLX_CONFIG` file, or any mistake in a file, is an error.
    pub fn load(env: Env) -> Result<Config, String> {
        let mut config = match config_path(env) {
            None => Config::default(),
            Some((path, named)) => match std::fs::read_to_string(&path) {
                Ok(text) => Config::parse(&text, &path, env)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => Config::default(),
                Err(e) => {
                    let how = if named { " (TLX_CONFIG)" } else { "" };
                    return Err(format!("{}{how}: cannot read: {e}", shown_path(&path, env)));
                }
            },
        };
        if let Some(text) = env(DEFAULT_OPTS_VAR).filter(|v| !v.trim().is_empty()) {
            let args = split_opts(&text).map_err(|e| format!("in {DEFAULT_OPTS_VAR}: {e}"))?;
            config.add_opts(DEFAULT_OPTS_VAR.to_owned(), args);
        }
        Ok(config)
    }

    fn add_opts(&mut self, origin: String, args: Vec<String>) {
        self.default_opts.extend(args.iter().cloned());
        self.opts_sources.push(OptsSource { origin, args });
    }

    /// The configuration `text` (read from `path`) sets.
    pub fn parse(text: &str, path: &Path, env: Env) -> Result<Config, String> {
        let shown = shown_path(path, env);
        let at = |span: std::ops::Range<usize>| format!("{shown}:{}", line_col(text, span.start));
        let doc = DeTable::parse(text).map_err(|e| {
            let place = e.span().map(&at).unwrap_or_else(|| shown.clone());
            format!("{place}: {}", one_line(e.message()))
        })?;
        let mut config = Config {
            path: Some(path.to_owned()),
            ..Config::default()
        };
        // In the file's order (`preserve_order`): the first mistake is named.
        for (key, value) in doc.get_ref() {
            let name = key.get_ref().as_ref();
            let fail = |span: std::ops::Range<usize>, what: &str, message: String| {
                format!("{}: {what}: {message}", at(span))
            };
            let expect_str = |value: &Spanned<DeValue>| match value.get_ref() {
                DeValue::String(s) => Ok(s.to_string()),
                other => Err(fail(
                    value.span(),
                    name,
                    format!("expected a string, found {}", other.type_str()),
                )),
            };
            let expect_bool = |value: &Spanned<DeValue>| match value.get_ref() {
                DeValue::Boolean(b) => Ok(*b),
                other => Err(fail(
                    value.span(),
                    name,
                    format!("expected true or false, found {}", other.type_str()),
                )),
            };
            match name {
                "default_opts" => {
                    let s = expect_str(value)?;
                    let args = split_opts(&s).map_err(|e| fail(value.span(), name, e))?;
                    let origin = format!("default_opts ({})", at(value.span()));
                    config.add_opts(origin, args);
                    config.file_opts = Some(s);
                }
                "theme" => {
                    let s = expect_str(value)?;
                    config.theme = s
                        .parse::<ThemeName>()
                        .map_err(|e| fail(value.span(), name, e))?;
                }
                "opener" => {
                    let s = expect_str(value)?;
                    config.opener = (!s.trim().is_empty()).then_some(s);
                }
                "copy" => config.copy = expect_bool(value)?,
                "history" => config.history = expect_bool(value)?,
                "history_size" => {
                    let n = match value.get_ref() {
                        DeValue::Integer(i) => {
                            let digits = i.as_str().replace('_', "");
                            usize::from_str_radix(&digits, i.radix()).ok()
                        }
                        _ => None,
                    };
                    config.history_size = n.ok_or_else(|| {
                        format!(
                            "{}: {name}: expected a whole number of queries, 0 or more",
                            at(value.span())
                        )
                    })?;
                }
                "colors" => {
                    let table = expect_table(value, name, &at)?;
                    for (slot, spec) in table {
                        let path = format!("colors.{}", quoted(slot.get_ref()));
                        let slot_name = slot.get_ref().as_ref();
                        let slot = slot_name
                            .parse::<Slot>()
                            .map_err(|e| fail(slot.span(), &path, e))?;
                        let spec_at = spec.span();
                        let spec = match spec.get_ref() {
                            DeValue::String(s) => s.to_string(),
                            other => {
                                return Err(fail(
                                    spec_at,
                                    &path,
                                    format!("expected a string, found {}", other.type_str()),
                                ));
                            }
                        };
                        let style = parse_style(&spec).map_err(|e| fail(spec_at, &path, e))?;
                        config.colors.push((slot, style));
                    }
                }
                "keys" => {
                    let table = expect_table(value, name, &at)?;
                    for (key, entry) in table {
                        let key_text = key.get_ref().as_ref();
                        match entry.get_ref() {
                            DeValue::Table(inner) => {
                                let scope = Scope::from_config_name(key_text).ok_or_else(|| {
                                    let names: Vec<&str> =
                                        Scope::ALL.iter().map(|s| s.config_name()).collect();
                                    format!(
                                        "{}: keys.{}: unknown scope (scopes: {}; or bind a key here, as \"ctrl-q\" = \"quit\")",
                                        at(key.span()),
                                        quoted(key_text),
                                        names.join(", ")
                                    )
                                })?;
                                for (k, action) in inner {
                                    let path = format!("keys.{key_text}.{}", toml_str(k.get_ref()));
                                    let binding = binding(Some(scope), k, action, &path, &at)?;
                                    config.bindings.push(binding);
                                }
                            }
                            _ => {
                                let path = format!("keys.{}", toml_str(key_text));
                                let binding = binding(None, key, entry, &path, &at)?;
                                config.bindings.push(binding);
                            }
                        }
                    }
                }
                _ => {
                    return Err(fail(
                        key.span(),
                        &quoted(name),
                        format!("unknown key (keys: {})", KEYS.join(", ")),
                    ));
                }
            }
        }
        Ok(config)
    }

    /// The theme the config chooses, with its `[colors]` over it.
    pub fn theme(&self) -> Theme {
        Theme::with_overrides(self.theme, &self.colors)
    }

    /// The theme the UI draws in: the config's while colour is on (see
    /// `ColorChoice::enabled`), else `mono` whatever the config says.
    pub fn ui_theme(&self, color: bool) -> Theme {
        match color {
            true => self.theme(),
            false => Theme::named(ThemeName::Mono),
        }
    }

    /// The key map the config makes: the defaults with its `[keys]` over them.
    pub fn keymap(&self) -> Keymap {
        Keymap::with(&self.bindings)
    }

    /// The configuration in effect as a config file: every option, every
    /// colour slot of the theme and every key binding, so that it reads
    /// back as the same configuration.
    pub fn to_toml(&self, env: Env) -> String {
        let mut out = String::from("# tlx configuration in effect (tlx --print-config)\n");
        match &self.path {
            Some(path) => out.push_str(&format!("# read from {}\n", shown_path(path, env))),
            None => out.push_str("# no config file: the defaults\n"),
        }
        if let Some(extra) = env(DEFAULT_OPTS_VAR).filter(|v| !v.trim().is_empty()) {
            out.push_str(&format!(
                "# {DEFAULT_OPTS_VAR} adds, after default_opts: {}\n",
                crate::text::line(&extra)
            ));
        }
        out.push('\n');
        let file_opts = self.file_opts.clone().unwrap_or_default();
        out.push_str(&format!("default_opts = {}\n", toml_str(&file_opts)));
        out.push_str(&format!("theme = {}\n", toml_str(self.theme.name())));
        match &self.opener {
            Some(opener) => out.push_str(&format!("opener = {}\n", toml_str(opener))),
            None => out.push_str("# opener = \"…\"  (unset: the platform's opener)\n"),
        }
        out.push_str(&format!("copy = {}\n", self.copy));
        out.push_str(&format!("history = {}\n", self.history));
        out.push_str(&format!("history_size = {}\n", self.history_size));
        out.push_str(
            "\n# A style is [FG] [on BG] [bold dim italic underline reverse strikethrough];\n",
        );
        out.push_str(
            "# colours: default, black, red, …, bright-white, #rrggbb or 0-255.\n[colors]\n",
        );
        let theme = self.theme();
        for &slot in Slot::ALL {
            out.push_str(&format!(
                "{} = {}  # {}\n",
                slot.name(),
                toml_str(&style_spec(theme.get(slot))),
                slot.about()
            ));
        }
        let keymap = self.keymap();
        for scope in Scope::ALL {
            out.push_str(&format!(
                "\n# {}\n[keys.{}]\n",
                scope.title(),
                scope.config_name()
            ));
            let mut seen: Vec<Key> = Vec::new();
            for row in keymap.rows().iter().filter(|r| r.scope == scope) {
                let name = match &row.action {
                    Some(action) => action_name(action).unwrap_or_else(|| "ignore".to_owned()),
                    None => "ignore".to_owned(),
                };
                for key in &row.keys {
                    if seen.contains(key) {
                        continue;
                    }
                    seen.push(*key);
                    out.push_str(&format!(
                        "{} = {}\n",
                        toml_str(&key_name(key)),
                        toml_str(&name)
                    ));
                }
            }
        }
        out
    }
}

/// A table value, or the error naming `name`.
fn expect_table<'a, 'i>(
    value: &'a Spanned<DeValue<'i>>,
    name: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> String,
) -> Result<&'a DeTable<'i>, String> {
    match value.get_ref() {
        DeValue::Table(t) => Ok(t),
        other => Err(format!(
            "{}: {name}: expected a table, found {}",
            at(value.span()),
            other.type_str()
        )),
    }
}

/// One binding: `key = "action"` in `scope` (`None`: the `[keys]` table,
/// whose scope the key decides).
fn binding(
    scope: Option<Scope>,
    key: &Spanned<toml::de::DeString>,
    action: &Spanned<DeValue>,
    path: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> String,
) -> Result<UserBinding, String> {
    let parsed =
        parse_key(key.get_ref()).map_err(|e| format!("{}: {path}: {e}", at(key.span())))?;
    let scope = scope.unwrap_or_else(|| Scope::of_plain_binding(&parsed));
    let name = match action.get_ref() {
        DeValue::String(s) => s.to_string(),
        other => {
            return Err(format!(
                "{}: {path}: expected an action name (a string), found {}",
                at(action.span()),
                other.type_str()
            ));
        }
    };
    let action_parsed =
        parse_action(&name, scope).map_err(|e| format!("{}: {path}: {e}", at(action.span())))?;
    Ok(UserBinding {
        scope,
        key: parsed,
        action: action_parsed,
    })
}

/// Options split as a shell would split them: spaces apart, quotes kept together.
pub fn split_opts(text: &str) -> Result<Vec<String>, String> {
    shell_words::split(text).map_err(|e| format!("{e} in \"{}\"", crate::text::line(text)))
}

/// `LINE:COL` of byte `offset` in `text`, both from 1, the column in characters.
fn line_col(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[start..].chars().count() + 1;
    format!("{line}:{col}")
}

/// A TOML key as it would be written: bare when it can be, else quoted.
fn quoted(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { key.to_owned() } else { toml_str(key) }
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A message of the toml parser, which may span lines, as one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::app::Action;
    use crate::app::keymap::SCOPE_GROUPS;
    use ratatui::style::{Color, Modifier};

    /// An environment of these variables only, for tests.
    pub(crate) fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(
            text,
            Path::new("/h/u/.config/tlx/config.toml"),
            &env(&[("HOME", "/h/u")]),
        )
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("an error")
    }

    #[test]
    fn a_good_file_sets_everything() {
        let config = parse(
            r##"
default_opts = "--sort date --no-multi --format '{date} {title}'"
theme = "light"
opener = "firefox"
copy = false
history = false
history_size = 500

[colors]
match = "red bold"
cursor = "#102030 on 17"

[keys]
"ctrl-q" = "quit"
q = "ignore"
f5 = "reload"
"alt-x" = "execute:echo {id}"

[keys.events]
enter = "toggle-mark"
"##,
        )
        .unwrap();
        assert_eq!(
            config.default_opts,
            ["--sort", "date", "--no-multi", "--format", "{date} {title}"]
        );
        assert_eq!(
            config.opts_sources[0].origin,
            "default_opts (~/.config/tlx/config.toml:2:16)"
        );
        assert_eq!(config.theme, ThemeName::Light);
        assert_eq!(config.opener.as_deref(), Some("firefox"));
        assert!(!config.copy && !config.history);
        assert_eq!(config.history_size, 500);
        assert_eq!(
            config.colors,
            [
                (
                    Slot::Match,
                    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
                ),
                (
                    Slot::Cursor,
                    Style::new()
                        .fg(Color::Rgb(0x10, 0x20, 0x30))
                        .bg(Color::Indexed(17))
                ),
            ]
        );
        let scopes: Vec<(Scope, String, Option<Action>)> = config
            .bindings
            .iter()
            .map(|b| (b.scope, key_name(&b.key), b.action.clone()))
            .collect();
        assert_eq!(
            scopes,
            [
                (Scope::Everywhere, "ctrl-q".into(), Some(Action::Quit)),
                (Scope::Lists, "q".into(), None),
                (Scope::Everywhere, "f5".into(), Some(Action::Reload)),
                (
                    Scope::Everywhere,
                    "alt-x".into(),
                    Some(Action::Execute("echo {id}".into()))
                ),
                (Scope::Events, "enter".into(), Some(Action::ToggleMark)),
            ]
        );
        // An empty file is the defaults.
        let empty = parse("").unwrap();
        assert!(empty.copy && empty.history && empty.bindings.is_empty());
        assert_eq!(empty.theme, ThemeName::Default);
    }

    #[test]
    fn each_mistake_is_one_line_with_its_place_and_key() {
        let file = "~/.config/tlx/config.toml";
        let cases = [
            ("theme = \"light\n", "1:15: invalid basic string"),
            ("copy = true\ncopy = false\n", "2:1: duplicate key"),
            (
                "\nthemes = \"light\"\n",
                "2:1: themes: unknown key (keys: default_opts, theme,",
            ),
            (
                "copy = \"yes\"\n",
                "1:8: copy: expected true or false, found string",
            ),
            (
                "history_size = -1\n",
                "1:16: history_size: expected a whole number",
            ),
            (
                "theme = 3\n",
                "1:9: theme: expected a string, found integer",
            ),
            (
                "theme = \"lite\"\n",
                "1:9: theme: unknown theme \"lite\" (themes: default, light, dark, mono)",
            ),
            (
                "colors = 1\n",
                "1:10: colors: expected a table, found integer",
            ),
            (
                "[colors]\nmatch = \"bleu\"\n",
                "2:9: colors.match: unknown colour \"bleu\"",
            ),
            (
                "[colors]\nmatches = \"red\"\n",
                "2:1: colors.matches: unknown colour slot \"matches\"",
            ),
            (
                "[colors]\nmatch = 1\n",
                "2:9: colors.match: expected a string, found integer",
            ),
            (
                "[keys]\n\"ctrl-q\" = \"quitt\"\n",
                "2:12: keys.\"ctrl-q\": unknown action \"quitt\" (actions: up, down,",
            ),
            (
                "[keys]\n\"ctrl-foo\" = \"quit\"\n",
                "2:1: keys.\"ctrl-foo\": unknown key \"ctrl-foo\"",
            ),
            (
                "[keys]\nq = 1\n",
                "2:5: keys.\"q\": expected an action name (a string), found integer",
            ),
            (
                "[keys.evnts]\nq = \"quit\"\n",
                "1:7: keys.evnts: unknown scope (scopes: query,",
            ),
            (
                "[keys.events]\nq = \"quiet\"\n",
                "2:5: keys.events.\"q\": unknown action \"quiet\"",
            ),
            (
                "[keys]\nx = \"execute:\"\n",
                "2:5: keys.\"x\": execute: needs a command",
            ),
            (
                "default_opts = \"--format 'id\"\n",
                "1:16: default_opts: missing closing quote",
            ),
        ];
        for (text, want) in cases {
            let got = error(text);
            assert!(
                got.starts_with(&format!("{file}:{want}")),
                "{text:?}\n got {got}\nwant {want}"
            );
            assert!(!got.contains('\n'), "{got}");
        }
    }

    #[test]
    fn the_ui_theme_is_the_configs_with_colour_and_mono_without() {
        let config = parse("theme = \"light\"\n[colors]\nmatch = \"red\"\n").unwrap();
        let theme = config.ui_theme(true);
        assert_eq!(theme.matched(), Style::new().fg(Color::Red));
        assert_eq!(
            theme.cursor_row(true),
            Theme::named(ThemeName::Light).cursor_row(true)
        );
        assert_eq!(config.ui_theme(false), Theme::named(ThemeName::Mono));
        // NO_COLOR on a terminal: mono; with --color always: the config's.
        let no_color = |n: &str| (n == "NO_COLOR").then(|| "1".to_owned());
        let auto = crate::cli::ColorChoice::Auto.enabled_with(true, &no_color);
        assert_eq!(config.ui_theme(auto), Theme::named(ThemeName::Mono));
        let always = crate::cli::ColorChoice::Always.enabled_with(true, &no_color);
        assert_eq!(config.ui_theme(always), theme);
        assert_eq!(parse("").unwrap().ui_theme(true), Theme::default());
    }

    #[test]
    fn where_the_file_is() {
        let path = |vars: &[(&str, &str)]| {
            config_path(&env(vars)).map(|(p, named)| (p.display().to_string(), named))
        };
        let home = ("HOME", "/h/u");
        assert_eq!(
            path(&[home]),
            Some(("/h/u/.config/tlx/config.toml".into(), false))
        );
        assert_eq!(
            path(&[home, ("XDG_CONFIG_HOME", "/xdg")]),
            Some(("/xdg/tlx/config.toml".into(), false))
        );
        // A relative XDG_CONFIG_HOME is invalid: ignored, as the spec says.
        assert_eq!(
            path(&[home, ("XDG_CONFIG_HOME", "rel")]),
            Some(("/h/u/.config/tlx/config.toml".into(), false))
        );
        assert_eq!(
            path(&[home, ("XDG_CONFIG_HOME", "/xdg"), ("TLX_CONFIG", "my.toml")]),
            Some(("my.toml".into(), true))
        );
        assert_eq!(path(&[]), None);
        assert_eq!(
            shown_path(Path::new("/h/u/x.toml"), &env(&[home])),
            "~/x.toml"
        );
        assert_eq!(
            shown_path(Path::new("/h/uv/x.toml"), &env(&[home])),
            "/h/uv/x.toml"
        );
    }

    #[test]
    fn default_opts_come_from_the_file_then_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "default_opts = \"--format id --sort date\"\n").unwrap();
        let file = file.display().to_string();
        let vars = [
            ("TLX_CONFIG", file.as_str()),
            ("TLX_DEFAULT_OPTS", "--sort '-date' -q \"a b\""),
        ];
        let config = Config::load(&env(&vars)).unwrap();
        assert_eq!(
            config.default_opts,
            [
                "--format", "id", "--sort", "date", "--sort", "-date", "-q", "a b"
            ]
        );
        assert_eq!(config.opts_sources[1].origin, "TLX_DEFAULT_OPTS");
        let bad = [
            ("TLX_CONFIG", file.as_str()),
            ("TLX_DEFAULT_OPTS", "-q 'open"),
        ];
        let err = Config::load(&env(&bad)).unwrap_err();
        assert!(
            err.starts_with("in TLX_DEFAULT_OPTS: missing closing quote"),
            "{err}"
        );
        // A file TLX_CONFIG names must exist; the usual one need not.
        let gone = dir.path().join("gone.toml").display().to_string();
        let err = Config::load(&env(&[("TLX_CONFIG", gone.as_str())])).unwrap_err();
        assert!(err.contains("(TLX_CONFIG): cannot read"), "{err}");
        let xdg = dir.path().display().to_string();
        let config = Config::load(&env(&[("XDG_CONFIG_HOME", xdg.as_str())])).unwrap();
        assert!(config.path.is_none() && config.default_opts.is_empty());
    }

    #[test]
    fn print_config_reads_back_as_the_same_configuration() {
        let none = env(&[]);
        for text in [
            "",
            "theme = \"dark\"\ndefault_opts = \"--sort date\"\n[colors]\nmatch = \"red\"\n\
             [keys]\n\"ctrl-q\" = \"quit\"\nq = \"ignore\"\nj = \"page-down\"\n\"ctrl-d\" = \"down\"\n\
             [keys.events]\nenter = \"toggle-mark\"\n\"alt-e\" = \"execute:vi {id}\"\n",
        ] {
            let config = Config::parse(text, Path::new("a.toml"), &none).unwrap();
            let printed = config.to_toml(&none);
            let again = Config::parse(&printed, Path::new("a.toml"), &none)
                .unwrap_or_else(|e| panic!("{e}\n{printed}"));
            assert_eq!(again.to_toml(&none), printed);
            assert_eq!(again.theme(), config.theme());
            assert_eq!(again.default_opts, config.default_opts);
            let (a, b) = (config.keymap(), again.keymap());
            for group in SCOPE_GROUPS {
                for key in a.rows().iter().chain(b.rows()).flat_map(|r| r.keys.iter()) {
                    assert_eq!(
                        a.lookup(group, key),
                        b.lookup(group, key),
                        "{group:?} {key:?}\n{printed}"
                    );
                }
            }
        }
    }
}
