//! The data: events with partial dates, and the loaders that read them.

mod date;
mod error;
mod event;
mod html;
mod load;
mod media;

pub use date::{
    DateError, DayKey, LabelStyle, MAGNITUDE_FROM, PartialDate, Precision, TimeOfDay, year_label,
};
pub(crate) use date::{MONTHS, days_in_month, group_thousands};
pub use error::LoadError;
pub use event::{Event, EventFields, Facet, Names, Source, SourceFields, Sym, Timeline};
pub use html::{to_line as html_to_line, to_text as html_to_text};
pub use load::{
    ColumnMap, EMBEDDED, EMBEDDED_NAME, FileSummary, Format, Input, LoadOptions, PREFIX_FROM,
    Prefix, Progress, SHEET_COLUMNS, load_each, load_inputs, load_inputs_with, load_prefix, parse,
};
pub use media::{Media, MediaFields};
