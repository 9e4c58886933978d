//! tlx: a terminal timeline explorer. The library holds the data layer, the
//! search engine, output formats and the terminal UI; `main.rs` wires them.

// Every `unsafe` block says why it is sound.
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod app;
pub mod cli;
pub mod completions;
pub mod config;
pub mod history;
pub mod json_text;
pub mod launch;
pub mod loading;
pub mod man;
pub mod osc;
pub mod output;
pub mod search;
pub mod term;
pub mod text;
pub mod timeline;
pub mod tui;
pub mod ui;
pub mod watch;
