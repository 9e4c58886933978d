//! The user's configuration: `$XDG_CONFIG_HOME/tlx/config.toml` (else
//! `~/.config/tlx/config.toml`, or `TLX_CONFIG`), read once at start.

use std::path::PathBuf;

/// What the configuration file (and the environment) set; defaults without one.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// Options read before the command line's: the file's `default_opts`, then `TLX_DEFAULT_OPTS`.
    pub default_opts: Vec<String>,
    /// The command that opens an address (`opener`; `TLX_OPENER` wins); `None`: the platform's opener.
    pub opener: Option<String>,
    /// Whether the copy key writes to the clipboard through OSC 52 (`copy = false` turns it off).
    pub copy: bool,
    /// Whether queries are remembered across runs (`history = false`, or `--no-history`, turns it off).
    pub history: bool,
    /// How many queries the history keeps.
    pub history_size: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            default_opts: Vec::new(),
            opener: None,
            copy: true,
            history: true,
            history_size: 1000,
        }
    }
}
