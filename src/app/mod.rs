//! The explorer's state and behaviour, with no terminal in it.
//!
//! A [`Model`] holds the state; [`update`] is the only way it changes,
//! taking a [`Msg`] (an [`Action`] of the user's, or a search's
//! [`Results`]) and returning an [`Effect`] for someone else to carry out;
//! the [`Runtime`] is that someone, for the terminal and for tests alike.
//! The key map turns keys into actions. Geometry (pane areas, the strip's
//! buckets, the laid-out detail) lives here too, below the view, so that
//! scrolling and mouse hit-testing agree with what is drawn.

mod act;
mod action;
pub mod detail;
mod facets;
pub mod geometry;
mod history;
pub mod keymap;
mod line;
mod model;
mod mouse;
pub mod names;
pub mod overlay;
mod reload;
mod results;
mod runtime;
pub mod strip;
mod update;

#[cfg(test)]
pub(crate) mod tests;

pub use act::Choice;
pub use action::{Action, Move};
pub use detail::{DetailLine, Role};
pub use facets::FacetRow;
pub use keymap::{Keymap, UserBinding};
pub use line::{Edit, LineEdit};
pub use model::{Focus, Loading, Model, Options, Outcome, Overlay, Pane, Report, warning_lines};
pub use reload::{Carry, Matching, Resume};
pub use results::{First, RANKED_FIRST, Request, Results};
pub use runtime::{Control, DEFER_FROM, Runtime, Snapshot, Worker, with_runtime};
pub use strip::{Lanes, Selection, Strip, Unit, Zoom};
pub use update::{Effect, Msg, update};
